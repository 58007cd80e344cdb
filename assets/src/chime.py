#!/usr/bin/env python3
"""The "Call a staff member" chime: a soft two-note bell (ding-dong, E5 then
C5), about 1.2 s, made from decaying sine partials with the standard wave
module, then encoded to Ogg Vorbis with oggenc (vorbis-tools) into the
pack's audio/ folder. Deterministic: the same bytes of WAV every run.

Usage: python3 assets/src/chime.py [OUT.ogg]
       (default assets/pack/audio/chime-staff.ogg)
"""
import math
import os
import struct
import subprocess
import sys
import tempfile
import wave

RATE = 22050
NOTES = [(659.25, 0.0), (523.25, 0.42)]  # frequency (Hz), start (s)
LENGTH = 1.25                            # seconds
PARTIALS = [(1.0, 1.0, 3.2), (2.0, 0.35, 5.0), (3.0, 0.12, 7.0)]
# (multiple of the note, amplitude, decay per second)


def sample(t):
    v = 0.0
    for f, start in NOTES:
        dt = t - start
        if dt < 0:
            continue
        attack = min(1.0, dt / 0.008)  # 8 ms: no click at the onset
        for mul, amp, decay in PARTIALS:
            v += attack * amp * math.exp(-decay * dt) * \
                math.sin(2 * math.pi * f * mul * dt)
    fade = min(1.0, (LENGTH - t) / 0.05)  # the last 50 ms fade out
    return v * fade


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "pack", "audio", "chime-staff.ogg")
    n = int(RATE * LENGTH)
    raw = [sample(i / RATE) for i in range(n)]
    peak = max(abs(x) for x in raw)
    frames = b"".join(struct.pack("<h", int(x / peak * 0.7 * 32767))
                      for x in raw)
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "chime.wav")
        with wave.open(wav, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(frames)
        subprocess.run(["oggenc", "-Q", "-q", "2", "-o", out, wav], check=True)
    print(out)


if __name__ == "__main__":
    main()
