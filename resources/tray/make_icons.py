#!/usr/bin/env python3
"""Draws the tray app's icons (normal, warning, app, and high-contrast variants) as .ico files.

Pure Python (no imaging library): shapes are rasterised with 4x4 supersampling
into 32-bit BGRA images and packed as BMP-style ICO entries, which windres and
every Windows version (and Wine) read. Run it from anywhere:

    python3 resources/tray/make_icons.py [OUTDIR]

The output is committed next to this script; rerun it after changing a shape.
"""
import math
import os
import struct
import sys

SS = 4  # samples per pixel along each axis

BLUE = (0x1F, 0x6F, 0xB2)
BLUE_DARK = (0x15, 0x4C, 0x7D)
WHITE = (0xFF, 0xFF, 0xFF)
AMBER = (0xF2, 0xA9, 0x00)
AMBER_EDGE = (0x8A, 0x5A, 0x00)
BLACK = (0x20, 0x20, 0x20)
INK = (0x00, 0x00, 0x00)  # high contrast: black and white only


def rounded_rect(x0, y0, x1, y1, r):
    """Inside test for a rounded rectangle in unit coordinates."""
    def inside(x, y):
        if x < x0 or x > x1 or y < y0 or y > y1:
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def ellipse_top(cx, cy, rx, ry, ybottom):
    """Upper half of an ellipse cut at ybottom: a person's shoulders."""
    return lambda x, y: y <= ybottom and ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


def triangle(ax, ay, bx, by, cx, cy):
    def side(px, py, x0, y0, x1, y1):
        return (px - x1) * (y0 - y1) - (x0 - x1) * (py - y1)

    def inside(x, y):
        d1 = side(x, y, ax, ay, bx, by)
        d2 = side(x, y, bx, by, cx, cy)
        d3 = side(x, y, cx, cy, ax, ay)
        neg = d1 < 0 or d2 < 0 or d3 < 0
        pos = d1 > 0 or d2 > 0 or d3 > 0
        return not (neg and pos)
    return inside


def rect(x0, y0, x1, y1):
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def layers_for_hc(kind):
    """High contrast: the same shapes in black and white only, with a white rim, so the icon
    reads on a black and on a white taskbar; the warning keeps its meaning by its shape."""
    out = [
        (rounded_rect(0.03, 0.03, 0.97, 0.97, 0.18), WHITE),
        (rounded_rect(0.11, 0.11, 0.89, 0.89, 0.12), INK),
        (circle(0.36, 0.33, 0.15), WHITE),
        (ellipse_top(0.36, 0.80, 0.25, 0.26, 0.80), WHITE),
        (rect(0.67, 0.52, 0.89, 0.80), WHITE),
        (rect(0.71, 0.70, 0.79, 0.75), INK),
    ]
    if kind == "warning_hc":
        out += [
            (triangle(0.70, 0.34, 0.36, 1.00, 1.00, 1.00), INK),
            (triangle(0.70, 0.43, 0.44, 0.95, 0.96, 0.95), WHITE),
            (rect(0.665, 0.58, 0.735, 0.80), INK),
            (rect(0.665, 0.84, 0.735, 0.90), INK),
        ]
    return out


def layers_for(kind):
    """The drawing, back to front: (shape, colour) in a unit square."""
    if kind.endswith("_hc"):
        return layers_for_hc(kind)
    out = [
        (rounded_rect(0.03, 0.03, 0.97, 0.97, 0.18), BLUE_DARK),
        (rounded_rect(0.08, 0.08, 0.92, 0.92, 0.14), BLUE),
        # A person (the "as whom") ...
        (circle(0.36, 0.33, 0.15), WHITE),
        (ellipse_top(0.36, 0.80, 0.25, 0.26, 0.80), WHITE),
        # ... connected to a share (the network drive bar on the right).
        (rect(0.67, 0.52, 0.89, 0.80), WHITE),
        (rect(0.71, 0.70, 0.79, 0.75), BLUE),
    ]
    if kind == "warning":
        out += [
            (triangle(0.70, 0.38, 0.40, 0.98, 1.00, 0.98), AMBER_EDGE),
            (triangle(0.70, 0.45, 0.46, 0.94, 0.94, 0.94), AMBER),
            (rect(0.665, 0.58, 0.735, 0.80), BLACK),
            (rect(0.665, 0.84, 0.735, 0.90), BLACK),
        ]
    return out


def render(kind, size):
    """Returns rows (top first) of (b, g, r, a) tuples."""
    layers = layers_for(kind)
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]  # premultiplied r, g, b, a
            for sy in range(SS):
                for sx in range(SS):
                    x = (px + (sx + 0.5) / SS) / size
                    y = (py + (sy + 0.5) / SS) / size
                    colour = None
                    for shape, c in layers:
                        if shape(x, y):
                            colour = c
                    if colour is not None:
                        acc[0] += colour[0]
                        acc[1] += colour[1]
                        acc[2] += colour[2]
                        acc[3] += 1.0
            n = SS * SS
            a = acc[3] / n
            if a > 0:
                r, g, b = (acc[i] / acc[3] for i in range(3))
            else:
                r = g = b = 0
            row.append((int(round(b)), int(round(g)), int(round(r)), int(round(a * 255))))
        rows.append(row)
    return rows


def bmp_entry(rows):
    size = len(rows)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = bytearray()
    for row in reversed(rows):
        for b, g, r, a in row:
            pixels += bytes((b, g, r, a))
    stride = ((size + 31) // 32) * 4
    mask = bytearray()
    for row in reversed(rows):
        bits = bytearray(stride)
        for x, (_, _, _, a) in enumerate(row):
            if a == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask += bits
    return header + bytes(pixels) + bytes(mask)


def write_ico(path, kind, sizes):
    images = [bmp_entry(render(kind, s)) for s in sizes]
    out = bytearray(struct.pack("<HHH", 0, 1, len(images)))
    offset = 6 + 16 * len(images)
    for s, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    for data in images:
        out += data
    with open(path, "wb") as f:
        f.write(out)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    tray_sizes = [16, 20, 24, 32]
    write_ico(os.path.join(outdir, "tray_normal.ico"), "normal", tray_sizes)
    write_ico(os.path.join(outdir, "tray_warning.ico"), "warning", tray_sizes)
    write_ico(os.path.join(outdir, "tray_normal_hc.ico"), "normal_hc", tray_sizes)
    write_ico(os.path.join(outdir, "tray_warning_hc.ico"), "warning_hc", tray_sizes)
    write_ico(os.path.join(outdir, "app.ico"), "normal", [16, 20, 24, 32, 40, 48, 64])


if __name__ == "__main__":
    main()
