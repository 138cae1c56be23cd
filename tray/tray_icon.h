/* The notification icon and its menu (tray_icon.c). */
#ifndef CONNECTAS_TRAY_ICON_H
#define CONNECTAS_TRAY_ICON_H

#include "tray_host.h"

#define TRAY_TIMER_ICON_RETRY 3 /* the message window's timer for re-adding the icon */

typedef struct tray_icon tray_icon;

/* What a click on the icon asks for (tray_icon_event). */
typedef enum tray_icon_ask {
    TRAY_ICON_NOTHING,
    TRAY_ICON_SHOW_WINDOW,
    TRAY_ICON_MENU, /* the menu at *x, *y */
} tray_icon_ask;

/* The icon of message window msg (its callback message is callback_msg); no_icon: never shown. */
tray_icon *tray_icon_create(HINSTANCE inst, HWND msg, UINT callback_msg, int no_icon);
/* Removes the icon and frees it. */
void tray_icon_free(tray_icon *icon);
/* Adds the icon (again, after TaskbarCreated); retries on TRAY_TIMER_ICON_RETRY while the taskbar is not
 * there. */
void tray_icon_add(tray_icon *icon, int taskbar_restarted);
void tray_icon_remove(tray_icon *icon);
/* Tooltip and icon from the state: counts, a warning for problems, a recent 1219 or a failed read. */
void tray_icon_update(tray_icon *icon, const tray_state *st, int recent_1219);
/* A balloon with text (NIIF_* flags). */
void tray_icon_balloon(tray_icon *icon, const WCHAR *text, DWORD info_flags);
/* Decodes the icon's callback message. */
tray_icon_ask tray_icon_event(tray_icon *icon, WPARAM wp, LPARAM lp, int *x, int *y);
const WCHAR *tray_icon_tip(const tray_icon *icon);
/* High contrast was switched on or off (WM_SETTINGCHANGE, WM_SYSCOLORCHANGE): the icon follows
 * (tray_colors_icon). */
void tray_icon_theme_changed(tray_icon *icon);
/* The resource of the icon shown now (IDI_TRAY_*). */
UINT tray_icon_resource(const tray_icon *icon);
int tray_icon_warning(const tray_icon *icon);

/* Shows the notification menu for st at x, y (owned by the message window) and returns the command
 * chosen (TRAY_ID_*), 0 for none. For a per-server command *server is the server it showed (malloc'd). */
UINT tray_menu_track(HWND owner, const tray_state *st, int x, int y, char **server);

#endif
