/* tray_colors: the product's colours normally, only system colours in high contrast, and the icons for both.
 */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tray_colors.h"
#include "tray_icon.h"
#include "tray_ids.h"

static void test_choice(void)
{
    int i;
    for (i = 0; i < TRAY_COLOURS; i++) {
        int owned = -1, idx = tray_colors_sys_index((tray_colour)i);
        HBRUSH b;
        ok(tray_colors_get((tray_colour)i, 1) == GetSysColor(idx),
           "colour %d in high contrast: %06lx, want %06lx\n", i,
           (unsigned long)tray_colors_get((tray_colour)i, 1), (unsigned long)GetSysColor(idx));
        b = tray_colors_brush((tray_colour)i, 1, &owned);
        ok(b == GetSysColorBrush(idx) && owned == 0, "colour %d: high contrast brush %p (owned %d)\n", i,
           (void *)b, owned);
    }
    /* Without high contrast: the product's own banner and error colours. */
    ok(tray_colors_get(TRAY_COLOUR_BANNER_BACK, 0) == RGB(0xFF, 0xD8, 0x6B), "banner background %06lx\n",
       (unsigned long)tray_colors_get(TRAY_COLOUR_BANNER_BACK, 0));
    ok(tray_colors_get(TRAY_COLOUR_BANNER_TEXT, 0) == RGB(0x3A, 0x2A, 0x00), "banner text\n");
    ok(tray_colors_get(TRAY_COLOUR_ERROR_TEXT, 0) == RGB(0xA0, 0x10, 0x10), "error text\n");
    ok(tray_colors_get(TRAY_COLOUR_ERROR_BACK, 0) == GetSysColor(COLOR_BTNFACE),
       "the dialog keeps its own face\n");
    {
        int owned = 0;
        HBRUSH b = tray_colors_brush(TRAY_COLOUR_BANNER_BACK, 0, &owned);
        LOGBRUSH lb;
        ok(b && owned == 1, "banner brush %p owned %d\n", (void *)b, owned);
        ok(b && GetObjectW(b, sizeof(lb), &lb) == sizeof(lb) && lb.lbColor == RGB(0xFF, 0xD8, 0x6B),
           "banner brush colour\n");
        if (b && owned)
            DeleteObject(b);
    }
    ok(tray_colors_icon(0, 0) == IDI_TRAY_NORMAL && tray_colors_icon(1, 0) == IDI_TRAY_WARNING,
       "colour icons\n");
    ok(tray_colors_icon(0, 1) == IDI_TRAY_NORMAL_HC && tray_colors_icon(1, 1) == IDI_TRAY_WARNING_HC,
       "high-contrast icons\n");
}

/* The high-contrast icons are black and white only (grey levels at anti-aliased edges), and differ
 * from each other (the warning keeps its meaning by shape). Returns the number of drawn pixels. */
static int check_bw_icon(UINT id, DWORD *pixels, int size)
{
    HICON icon = LoadImageW(GetModuleHandleW(NULL), MAKEINTRESOURCEW(id), IMAGE_ICON, size, size, 0);
    ICONINFO ii;
    BITMAPINFO bi;
    HDC dc;
    int i, drawn = 0, coloured = 0;
    ok(icon != NULL, "icon %u (%dpx) is missing\n", id, size);
    if (!icon)
        return 0;
    memset(&ii, 0, sizeof(ii));
    GetIconInfo(icon, &ii);
    memset(&bi, 0, sizeof(bi));
    bi.bmiHeader.biSize = sizeof(bi.bmiHeader);
    bi.bmiHeader.biWidth = size;
    bi.bmiHeader.biHeight = -size;
    bi.bmiHeader.biPlanes = 1;
    bi.bmiHeader.biBitCount = 32;
    dc = GetDC(NULL);
    ok(GetDIBits(dc, ii.hbmColor, 0, (UINT)size, pixels, &bi, DIB_RGB_COLORS) == size, "icon %u pixels\n",
       id);
    ReleaseDC(NULL, dc);
    for (i = 0; i < size * size; i++) {
        BYTE b = (BYTE)pixels[i], g = (BYTE)(pixels[i] >> 8), r = (BYTE)(pixels[i] >> 16),
             a = (BYTE)(pixels[i] >> 24);
        if (!a)
            continue;
        drawn++;
        if (abs(r - g) > 2 || abs(g - b) > 2)
            coloured++;
    }
    ok(coloured == 0, "icon %u has %d coloured pixels\n", id, coloured);
    ok(drawn > size * size / 2, "icon %u draws %d pixels\n", id, drawn);
    DeleteObject(ii.hbmColor);
    DeleteObject(ii.hbmMask);
    DestroyIcon(icon);
    return drawn;
}

static void test_icons(void)
{
    static DWORD normal[32 * 32], warning[32 * 32];
    check_bw_icon(IDI_TRAY_NORMAL_HC, normal, 32);
    check_bw_icon(IDI_TRAY_WARNING_HC, warning, 32);
    ok(memcmp(normal, warning, sizeof(normal)) != 0, "the two high-contrast icons look the same\n");
}

/* The notification icon follows the setting (tray_icon_theme_changed on WM_SETTINGCHANGE). */
static void test_icon_follows(void)
{
    HWND msg = CreateWindowExW(0, L"STATIC", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    tray_icon *icon;
    tray_colors_override(0);
    icon = tray_icon_create(GetModuleHandleW(NULL), msg, WM_APP, 1);
    ok(icon && tray_icon_resource(icon) == IDI_TRAY_NORMAL, "the colour icon first\n");
    if (icon) {
        tray_colors_override(1);
        tray_icon_theme_changed(icon);
        ok(tray_icon_resource(icon) == IDI_TRAY_NORMAL_HC, "high contrast: icon %u\n",
           tray_icon_resource(icon));
        tray_colors_override(0);
        tray_icon_theme_changed(icon);
        ok(tray_icon_resource(icon) == IDI_TRAY_NORMAL, "back to colour: icon %u\n",
           tray_icon_resource(icon));
        tray_icon_free(icon);
    }
    tray_colors_override(-1);
    DestroyWindow(msg);
}

/* Switching the setting itself, where the system lets a test do that. */
static void test_switch(void)
{
    HIGHCONTRASTW hc, before;
    BOOL set;
    memset(&before, 0, sizeof(before));
    before.cbSize = sizeof(before);
    SystemParametersInfoW(SPI_GETHIGHCONTRAST, sizeof(before), &before, 0);
    ok(tray_colors_high_contrast() == ((before.dwFlags & HCF_HIGHCONTRASTON) != 0),
       "the reading follows SPI\n");
    memset(&hc, 0, sizeof(hc));
    hc.cbSize = sizeof(hc);
    hc.dwFlags = HCF_HIGHCONTRASTON;
    set = SystemParametersInfoW(SPI_SETHIGHCONTRAST, sizeof(hc), &hc, 0);
    if (!set) {
        /* Wine 8 does not implement SPI_SETHIGHCONTRAST: the choice is tested directly above. */
        todo_wine ok(set, "SPI_SETHIGHCONTRAST failed (%lu)\n", GetLastError());
        return;
    }
    ok(tray_colors_high_contrast() == 1, "high contrast on is not seen\n");
    hc.dwFlags = before.dwFlags & ~HCF_HIGHCONTRASTON;
    SystemParametersInfoW(SPI_SETHIGHCONTRAST, sizeof(hc), &hc, 0);
    ok(tray_colors_high_contrast() == ((before.dwFlags & HCF_HIGHCONTRASTON) != 0), "not switched back\n");
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_choice();
    test_icons();
    test_icon_follows();
    test_switch();
    return th_finish();
}
