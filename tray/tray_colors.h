/* Colours and icons of the tray's windows: the product's, or the system's when high contrast is on. */
#ifndef CONNECTAS_TRAY_COLORS_H
#define CONNECTAS_TRAY_COLORS_H

#include <windows.h>

/*
 * A leaf module (it calls nothing else of the tray). Every colour the tray
 * sets itself goes through it: with high contrast on (SPI_GETHIGHCONTRAST,
 * HCF_HIGHCONTRASTON) each one is a system colour (GetSysColor) of the
 * user's theme, so nothing keeps a fixed colour; the meaning of the banner
 * and of error messages stays in their words ("Sandbox:", "(error N)").
 */
typedef enum tray_colour {
    TRAY_COLOUR_BANNER_BACK, /* the sandbox banner's background */
    TRAY_COLOUR_BANNER_TEXT, /* its text */
    TRAY_COLOUR_ERROR_TEXT,  /* an error in the connect dialog (on the dialog's background) */
    TRAY_COLOUR_ERROR_BACK,  /* the dialog's background behind it */
    TRAY_COLOURS
} tray_colour;

/* 1 when the user has high contrast on (or the override says so). */
int tray_colors_high_contrast(void);
/* Tests on systems that cannot switch the setting (Wine 8 answers SPI_GETHIGHCONTRAST with 0 and
 * fails SPI_SETHIGHCONTRAST): 1 or 0 forces the answer of tray_colors_high_contrast, -1 (the
 * default) follows the system again. */
void tray_colors_override(int high_contrast);
/* The colour for which: the product's, or with high_contrast the system colour
 * tray_colors_sys_index names. which must be < TRAY_COLOURS. */
COLORREF tray_colors_get(tray_colour which, int high_contrast);
/* The GetSysColor index used for which in high contrast. */
int tray_colors_sys_index(tray_colour which);
/* A brush of tray_colors_get(which, high_contrast). In high contrast it is the
 * system's brush (never delete it) and *owned is 0; otherwise a new brush the
 * caller deletes, *owned = 1. NULL when out of GDI objects. */
HBRUSH tray_colors_brush(tray_colour which, int high_contrast, int *owned);
/* The notification icon's resource: normal or warning, in colour or its
 * black-and-white high-contrast variant. */
UINT tray_colors_icon(int warning, int high_contrast);

#endif
