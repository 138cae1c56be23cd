/* connectas.dll: the menu item's small bitmap, drawn in code (a person with a network badge). */
#include "shx_dll.h"

#include <string.h>

static HBITMAP icon;

/* One flat disc or ellipse layer, in units of the icon's width. */
struct shape {
    float cx, cy, rx, ry; /* centre and radii */
    float max_y;          /* clipped below this (1 = no clip) */
    float r, g, b;        /* colour, 0..1 */
};

static const struct shape shapes[] = {
    {0.40f, 0.29f, 0.19f, 0.19f, 1.00f, 0.12f, 0.37f, 0.66f},   /* head, blue */
    {0.40f, 0.98f, 0.35f, 0.42f, 0.93f, 0.12f, 0.37f, 0.66f},   /* shoulders, blue */
    {0.75f, 0.74f, 0.25f, 0.25f, 1.00f, 1.00f, 1.00f, 1.00f},   /* badge ring, white */
    {0.75f, 0.74f, 0.185f, 0.185f, 1.00f, 0.18f, 0.62f, 0.36f}, /* badge, green */
};

static BOOL inside(const struct shape *s, float x, float y)
{
    float dx = (x - s->cx) / s->rx, dy = (y - s->cy) / s->ry;
    return y <= s->max_y && dx * dx + dy * dy <= 1.0f;
}

static HBITMAP draw_icon(int size)
{
    enum { SUB = 4 }; /* 4 x 4 samples per pixel for smooth edges */
    BITMAPINFO info;
    DWORD *bits = NULL;
    HBITMAP bitmap;
    int x, y, i, sx, sy;

    memset(&info, 0, sizeof(info));
    info.bmiHeader.biSize = sizeof(info.bmiHeader);
    info.bmiHeader.biWidth = size;
    info.bmiHeader.biHeight = -size; /* top-down rows */
    info.bmiHeader.biPlanes = 1;
    info.bmiHeader.biBitCount = 32;
    info.bmiHeader.biCompression = BI_RGB;
    bitmap = CreateDIBSection(NULL, &info, DIB_RGB_COLORS, (void **)&bits, NULL, 0);
    if (!bitmap || !bits) {
        if (bitmap)
            DeleteObject(bitmap);
        return NULL;
    }
    for (y = 0; y < size; y++) {
        for (x = 0; x < size; x++) {
            float r = 0, g = 0, b = 0, a = 0;
            for (i = 0; i < (int)ARRAYSIZE(shapes); i++) {
                int hits = 0;
                float cover;
                for (sy = 0; sy < SUB; sy++)
                    for (sx = 0; sx < SUB; sx++)
                        hits += inside(&shapes[i], (x + (sx + 0.5f) / SUB) / size,
                                       (y + (sy + 0.5f) / SUB) / size);
                cover = (float)hits / (SUB * SUB);
                /* "over" in premultiplied colour */
                r = shapes[i].r * cover + r * (1 - cover);
                g = shapes[i].g * cover + g * (1 - cover);
                b = shapes[i].b * cover + b * (1 - cover);
                a = cover + a * (1 - cover);
            }
            bits[y * size + x] = ((DWORD)(a * 255 + 0.5f) << 24) | ((DWORD)(r * 255 + 0.5f) << 16) |
                                 ((DWORD)(g * 255 + 0.5f) << 8) | (DWORD)(b * 255 + 0.5f);
        }
    }
    return bitmap;
}

HBITMAP shx_icon_get(void)
{
    HBITMAP made, old;
    if (icon)
        return icon;
    made = draw_icon(max(8, min(256, GetSystemMetrics(SM_CXSMICON))));
    if (!made)
        return NULL;
    old = InterlockedCompareExchangePointer((void **)&icon, made, NULL);
    if (old) {
        /* another thread was first */
        DeleteObject(made);
        return old;
    }
    return made;
}

void shx_icon_free(void)
{
    HBITMAP old = InterlockedExchangePointer((void **)&icon, NULL);
    if (old)
        DeleteObject(old);
}
