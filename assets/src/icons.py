#!/usr/bin/env python3
"""Writes the home screen's tile icons (icons.csv names them for each tile's
string key), for visitors who read little:

    icon-screening.png    a clipboard with a tick       Self-check
    icon-info.png         an "i"                        Information
    icon-services.png     a map pin                     Where to get help
    icon-appointment.png  a calendar                    Book an appointment
    icon-talk.png         two speech bubbles            Talk now
    icon-quiz.png         a question mark               Quiz

Each is dark ink on a white disc with a dark ring, so it reads the same on
a white tile, on the teal first tile and in the high-contrast theme (ink on
white is over 12:1, the ring over 7:1 on white and on black). Shapes are
signed-distance functions, anti-aliased by 4 x 4 supersampling; strokes
are at least 1/12 of the icon, 4 px at 48 px (the smallest the kiosk draws
a tile's picture). Pure Python (zlib), no imaging library:

    python3 assets/src/icons.py        # writes assets/pack/images/icon-*.png
"""
import math
import os
import struct
import zlib

S = 128                 # pixels per side
SS = 4                  # supersampling per axis
INK = (18, 52, 74)      # dark blue-teal, as the frequency pictograms
PLATE = (255, 255, 255)
EDGE = (70, 84, 96)
EDGE_W = 4.0
STROKE = 9.0            # line width of the pictograms

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pack",
                   "images")


# ---- signed distances (negative inside) -----------------------------------

def circle(x, y, cx, cy, r):
    return math.hypot(x - cx, y - cy) - r


def box(x, y, x0, y0, x1, y1, r=0.0):
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    dx, dy = abs(x - cx) - hx, abs(y - cy) - hy
    return (math.hypot(max(dx, 0.0), max(dy, 0.0)) + min(max(dx, dy), 0.0)
            - r)


def segment(x, y, ax, ay, bx, by, w):
    """A stroke from a to b, w wide, with round ends."""
    px, py, vx, vy = x - ax, y - ay, bx - ax, by - ay
    h = max(0.0, min(1.0, (px * vx + py * vy) / (vx * vx + vy * vy)))
    return math.hypot(px - vx * h, py - vy * h) - w / 2


def outline(d, w=STROKE):
    """The edge of a shape as a stroke w wide (inside the shape)."""
    return abs(d + w / 2) - w / 2


def arc(x, y, cx, cy, r, a0, a1, w):
    """A circular arc from angle a0 to a1 (degrees, clockwise from east,
    y down), w wide, with round ends."""
    a = math.degrees(math.atan2(y - cy, x - cx)) % 360
    lo, hi = a0 % 360, a1 % 360
    inside = lo <= a <= hi if lo <= hi else (a >= lo or a <= hi)
    if inside:
        return abs(math.hypot(x - cx, y - cy) - r) - w / 2
    ends = [(cx + r * math.cos(math.radians(t)),
             cy + r * math.sin(math.radians(t))) for t in (a0, a1)]
    return min(math.hypot(x - ex, y - ey) for ex, ey in ends) - w / 2


def union(*ds):
    return min(ds)


def cut(d, hole):
    return max(d, -hole)


# ---- the pictograms, on a 128 x 128 canvas --------------------------------

def screening(x, y):
    board = outline(box(x, y, 30, 30, 98, 104, 8))
    clip = cut(box(x, y, 46, 20, 82, 40, 6), box(x, y, 56, 25, 72, 31, 3))
    tick = union(segment(x, y, 48, 68, 60, 80, STROKE),
                 segment(x, y, 60, 80, 81, 55, STROKE))
    return union(board, clip, tick)


def info(x, y):
    return union(circle(x, y, 64, 36, 8),
                 box(x, y, 57, 52, 71, 98, 4),
                 box(x, y, 50, 90, 78, 100, 3),
                 box(x, y, 50, 52, 64, 61, 3))


def services(x, y):
    # a pin: a disc and a point below it, with a hole
    head = circle(x, y, 64, 52, 26)
    point = max(segment(x, y, 64, 60, 64, 104, 0.0) - 22 * (1 - (y - 60) / 44)
                if 60 <= y <= 104 else 1e9, -1e9)
    pin = union(head, point)
    return cut(pin, circle(x, y, 64, 52, 10))


def appointment(x, y):
    frame = outline(box(x, y, 28, 34, 100, 102, 8))
    top = box(x, y, 28, 34, 100, 52, 6)
    rings = union(box(x, y, 44, 24, 52, 42, 4), box(x, y, 76, 24, 84, 42, 4))
    days = union(*[box(x, y, 40 + 18 * i, 62 + 16 * j, 50 + 18 * i,
                       72 + 16 * j, 2) for i in range(3) for j in range(2)])
    return union(frame, top, rings, days)


def talk(x, y):
    back = box(x, y, 22, 26, 82, 66, 12)
    back_tail = segment(x, y, 36, 62, 30, 80, 10)
    front = box(x, y, 48, 54, 108, 94, 12)
    front_tail = segment(x, y, 94, 90, 100, 106, 10)
    # the back bubble is an outline, the front one solid with a gap
    # around it so the two read as two
    gap = union(front, front_tail) - 6
    back_shape = cut(union(outline(back), back_tail), gap)
    return union(back_shape, front, front_tail)


def quiz(x, y):
    hook = arc(x, y, 64, 46, 20, 180, 45, 12)
    stem = segment(x, y, 78, 60, 64, 74, 12)
    stem2 = segment(x, y, 64, 74, 64, 82, 12)
    dot = circle(x, y, 64, 100, 8)
    return union(hook, stem, stem2, dot)


ICONS = {
    "icon-screening.png": screening,
    "icon-info.png": info,
    "icon-services.png": services,
    "icon-appointment.png": appointment,
    "icon-talk.png": talk,
    "icon-quiz.png": quiz,
}


def sample(shape, x, y):
    plate = circle(x, y, S / 2, S / 2, S / 2 - 1)
    if plate > 0:
        return None
    if plate > -EDGE_W:
        return EDGE
    # the pictogram is drawn at 80 % inside the disc
    k = 0.8
    sx, sy = (x - S / 2) / k + 64, (y - S / 2) / k + 64
    return INK if shape(sx, sy) <= 0 else PLATE


def render(shape):
    rows = []
    for py in range(S):
        row = bytearray([0])  # filter: none
        for px in range(S):
            acc, n = [0, 0, 0], 0
            for sy in range(SS):
                for sx in range(SS):
                    c = sample(shape, px + (sx + 0.5) / SS,
                               py + (sy + 0.5) / SS)
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


def png(w, h, pixels):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


def main(out=OUT):
    for name, shape in ICONS.items():
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(png(S, S, render(shape)))
        print(os.path.normpath(path))


if __name__ == "__main__":
    import sys
    main(sys.argv[1] if len(sys.argv) > 1 else OUT)
