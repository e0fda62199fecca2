"""Therapist tools built on the usage log (docs/usage-log.md, docs/therapy.md): read logs
crash-safely, measure reaction times and switch use, suggest settings, write reports."""
