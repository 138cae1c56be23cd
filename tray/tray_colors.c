/* Colours and icons of the tray's windows: the product's, or the system's when high contrast is on. */
#include "tray_colors.h"

#include "tray_ids.h"

typedef struct colour_pair {
    COLORREF product;
    int sys_index; /* high contrast */
} colour_pair;

/* The banner is a tooltip-like note in the theme's info colours; errors use the dialog's own text
 * colour in high contrast (the words "(error N)" carry the meaning there). */
static const colour_pair colours[TRAY_COLOURS] = {
    {RGB(0xFF, 0xD8, 0x6B), COLOR_INFOBK},
    {RGB(0x3A, 0x2A, 0x00), COLOR_INFOTEXT},
    {RGB(0xA0, 0x10, 0x10), COLOR_BTNTEXT},
    {RGB(0xF0, 0xF0, 0xF0), COLOR_BTNFACE},
};

static volatile LONG override = -1;

void tray_colors_override(int high_contrast)
{
    InterlockedExchange(&override, high_contrast < 0 ? -1 : high_contrast != 0);
}

int tray_colors_high_contrast(void)
{
    HIGHCONTRASTW hc;
    LONG forced = override;
    if (forced >= 0)
        return (int)forced;
    hc.cbSize = sizeof(hc);
    hc.dwFlags = 0;
    hc.lpszDefaultScheme = NULL;
    if (!SystemParametersInfoW(SPI_GETHIGHCONTRAST, sizeof(hc), &hc, 0))
        return 0;
    return (hc.dwFlags & HCF_HIGHCONTRASTON) != 0;
}

int tray_colors_sys_index(tray_colour which)
{
    return which < TRAY_COLOURS ? colours[which].sys_index : COLOR_WINDOWTEXT;
}

COLORREF tray_colors_get(tray_colour which, int high_contrast)
{
    if (which >= TRAY_COLOURS)
        return GetSysColor(COLOR_WINDOWTEXT);
    if (high_contrast)
        return GetSysColor(colours[which].sys_index);
    /* The dialog background is the system's in every mode. */
    if (which == TRAY_COLOUR_ERROR_BACK)
        return GetSysColor(COLOR_BTNFACE);
    return colours[which].product;
}

HBRUSH tray_colors_brush(tray_colour which, int high_contrast, int *owned)
{
    *owned = 0;
    if (high_contrast || which == TRAY_COLOUR_ERROR_BACK || which >= TRAY_COLOURS)
        return GetSysColorBrush(tray_colors_sys_index(which));
    *owned = 1;
    return CreateSolidBrush(tray_colors_get(which, 0));
}

UINT tray_colors_icon(int warning, int high_contrast)
{
    if (high_contrast)
        return warning ? IDI_TRAY_WARNING_HC : IDI_TRAY_NORMAL_HC;
    return warning ? IDI_TRAY_WARNING : IDI_TRAY_NORMAL;
}
