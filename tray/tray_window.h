/* The sessions window (tray_window.c): list grouped by server name, explanation, buttons, status bar. */
#ifndef CONNECTAS_TRAY_WINDOW_H
#define CONNECTAS_TRAY_WINDOW_H

#include "tray_host.h"

/* The window's own state; it reads the app's latest state through host and
 * hands per-server buttons to tray_host_server_action. */
typedef struct tray_window tray_window;

/* Registers the window class (once per process). */
ATOM tray_window_register(HINSTANCE inst);
/* The object only: the window itself is created when first shown. NULL when out of memory. */
tray_window *tray_window_create(tray_host *host);
/* Destroys the window (when any) and frees w. */
void tray_window_free(tray_window *w);
/* Creates (first time), fills and shows the window, in front. Returns 0 when it could not be created. */
int tray_window_show(tray_window *w);
/* Destroys the window (the object stays; a later show creates it again). */
void tray_window_destroy(tray_window *w);
/* The window, NULL while it does not exist. */
HWND tray_window_hwnd(const tray_window *w);
/* The state changed: list, explanation and buttons again (nothing when the window does not exist). */
void tray_window_update(tray_window *w);
/* Sets the status bar text. */
void tray_window_set_status(tray_window *w, const WCHAR *text);
/* Tab, mnemonics, Enter and Esc: IsDialogMessage for the window. */
int tray_window_dialog_message(tray_window *w, MSG *msg);

#endif
