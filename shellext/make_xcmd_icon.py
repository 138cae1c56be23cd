#!/usr/bin/env python3
"""Makes shellext/xcmd.ico: the Windows 11 menu item's icon, the same shapes as icon.c (a person with a network badge),
as PNG images of 16, 20, 24, 32 and 48 pixels (PNG inside ICO keeps connectas.dll small). Run it after changing the
shapes; the output is committed."""
import os
import struct
import sys
import zlib

# centre x, centre y, radius x, radius y, clipped below y, colour (r, g, b); in units of the width (as icon.c)
SHAPES = [
    (0.40, 0.29, 0.19, 0.19, 1.00, (0.12, 0.37, 0.66)),
    (0.40, 0.98, 0.35, 0.42, 0.93, (0.12, 0.37, 0.66)),
    (0.75, 0.74, 0.25, 0.25, 1.00, (1.00, 1.00, 1.00)),
    (0.75, 0.74, 0.185, 0.185, 1.00, (0.18, 0.62, 0.36)),
]
SUB = 4


def pixel(size, x, y):
    r = g = b = a = 0.0
    for cx, cy, rx, ry, max_y, col in SHAPES:
        hits = 0
        for sy in range(SUB):
            for sx in range(SUB):
                px = (x + (sx + 0.5) / SUB) / size
                py = (y + (sy + 0.5) / SUB) / size
                dx, dy = (px - cx) / rx, (py - cy) / ry
                hits += py <= max_y and dx * dx + dy * dy <= 1.0
        cover = hits / (SUB * SUB)
        r = col[0] * cover + r * (1 - cover)
        g = col[1] * cover + g * (1 - cover)
        b = col[2] * cover + b * (1 - cover)
        a = cover + a * (1 - cover)
    # PNG wants straight (not premultiplied) colour
    if a > 0:
        r, g, b = r / a, g / a, b / a
    return bytes(min(255, int(v * 255 + 0.5)) for v in (r, g, b, a))


def png(size):
    rows = b"".join(b"\0" + b"".join(pixel(size, x, y) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main():
    sizes = [16, 20, 24, 32, 48]
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for s, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", s, s, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    out += b"".join(images)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "xcmd.ico")
    with open(path, "wb") as f:
        f.write(out)
    print(f"{path}: {len(out)} bytes")


if __name__ == "__main__":
    main()
