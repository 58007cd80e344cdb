#!/usr/bin/env python3
"""Writes the frequency pictograms the forms' answer scales show beside
their words (media::image of the choices), for visitors who read little:

    freq-0.png  never                 four empty rings
    freq-1.png  once or twice / less  one ring filled
    freq-2.png  monthly               two
    freq-3.png  weekly                three
    freq-4.png  daily                 all four filled

A row of four rings on a white plate with a dark edge, so the picture reads
the same on the normal and the high-contrast theme. Dark ink on white is
over 12:1; the rings are 40 % of the picture's height, so at 48 px high
(the smallest the kiosk draws them) each is 19 px across. Anti-aliased by
4 x 4 supersampling. Pure Python (zlib), no imaging library needed:

    python3 assets/src/forms/pictograms.py     # writes assets/pack/images/freq-*.png
"""
import math
import os
import struct
import zlib

W, H = 192, 96          # 2:1, drawn 80 x 40 design px beside a label
SS = 4                  # supersampling per axis
INK = (18, 52, 74)      # dark blue-teal
PLATE = (255, 255, 255)
EDGE = (70, 84, 96)
RINGS = 4
R_OUT = 19.0            # ring radius (pixels of the 96 px high image)
STROKE = 4.5
PLATE_R = 16.0          # corner radius of the plate
EDGE_W = 3.0

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "..", "pack", "images")


def rounded_rect_sd(x, y, x0, y0, x1, y1, r):
    """Signed distance to a rounded rectangle (negative inside)."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    dx, dy = abs(x - cx) - hx, abs(y - cy) - hy
    outside = math.hypot(max(dx, 0.0), max(dy, 0.0))
    inside = min(max(dx, dy), 0.0)
    return outside + inside - r


def ring_centres():
    gap = (W - 2 * 10) / RINGS
    return [(10 + gap * (i + 0.5), H / 2) for i in range(RINGS)]


def sample(x, y, filled):
    """Colour and alpha of one subsample."""
    if rounded_rect_sd(x, y, 0, 0, W, H, PLATE_R) > 0:
        return None
    colour = PLATE
    if rounded_rect_sd(x, y, 0, 0, W, H, PLATE_R) > -EDGE_W:
        colour = EDGE
    for i, (cx, cy) in enumerate(ring_centres()):
        d = math.hypot(x - cx, y - cy)
        if i < filled and d <= R_OUT:
            colour = INK
        elif d <= R_OUT and d >= R_OUT - STROKE:
            colour = INK
    return colour


def render(filled):
    rows = []
    for py in range(H):
        row = bytearray([0])  # filter: none
        for px in range(W):
            acc = [0, 0, 0]
            n = 0
            for sy in range(SS):
                for sx in range(SS):
                    c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS,
                               filled)
                    if c is not None:
                        n += 1
                        for k in range(3):
                            acc[k] += c[k]
            if n:
                row += bytes([round(acc[0] / n), round(acc[1] / n),
                              round(acc[2] / n), round(255 * n / SS / SS)])
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return b"".join(rows)


def png(pixels):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


def main():
    for level in range(RINGS + 1):
        path = os.path.join(OUT, "freq-%d.png" % level)
        with open(path, "wb") as f:
            f.write(png(render(level)))
        print(os.path.normpath(path))


if __name__ == "__main__":
    main()
