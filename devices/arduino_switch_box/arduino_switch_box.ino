// DIY switch box for aac: up to 8 switches on an Arduino, "line" protocol over USB serial.
//
// Sends one line per edge: "D1" when switch 1 goes down, "U1" when it comes up (D1..D8).
// Raw edges, deliberately NOT debounced here: aac filters bounce, acceptance and hold time
// per user in software (and `aac switch-test` shows how much the switch bounces).
//
// Wiring: each switch (3.5 mm jack) between its input pin and GND; internal pull-ups on,
// so a pressed switch reads LOW. Pins below are for an Uno/Nano; change PINS to taste.

const uint8_t PINS[] = {2, 3, 4, 5, 6, 7, 8, 9};   // switch 1 = pin 2, switch 2 = pin 3, ...
const uint8_t COUNT = sizeof(PINS) / sizeof(PINS[0]);
bool down[COUNT];

void setup() {
  Serial.begin(9600);
  for (uint8_t i = 0; i < COUNT; i++) {
    pinMode(PINS[i], INPUT_PULLUP);
    down[i] = digitalRead(PINS[i]) == LOW;
  }
}

void loop() {
  for (uint8_t i = 0; i < COUNT; i++) {
    bool now = digitalRead(PINS[i]) == LOW;
    if (now != down[i]) {
      down[i] = now;
      Serial.print(now ? 'D' : 'U');
      Serial.print(i + 1);
      Serial.print('\n');
    }
  }
}
