/* The connect dialog (tray_dialog.c): location, user, password, drive letter; it runs a tray_flow. */
#ifndef CONNECTAS_TRAY_DIALOG_H
#define CONNECTAS_TRAY_DIALOG_H

#include "tray_flow.h"

typedef struct tray_dialog tray_dialog;

/* The dialog object (no window yet). NULL when out of memory. */
tray_dialog *tray_dialog_create(tray_host *host);
/* Closes the window and frees everything (see tray_flow_free for worker_stopped). */
void tray_dialog_free(tray_dialog *d, int worker_stopped);
/* "Connect as…" for path (NULL: none chosen yet): opens the dialog, or brings the open one to the
 * front (it takes the new path while it waits for the user). */
void tray_dialog_open(tray_dialog *d, const WCHAR *path);
/* Passes the app's messages for the dialog to IsDialogMessage. */
int tray_dialog_message(tray_dialog *d, MSG *msg);
/* The app took in a new state: refresh what the dialog shows about the server. */
void tray_dialog_update(tray_dialog *d);
/* The flow (support report, counts). */
tray_flow *tray_dialog_flow(tray_dialog *d);

/* ---- observation (tests) ---- */

HWND tray_dialog_hwnd(const tray_dialog *d);
/* The conflict dialog while it is open, else NULL. */
HWND tray_dialog_task(const tray_dialog *d);
/* The last conflict dialog's texts (tray_conflict_join), L"" when none. */
const WCHAR *tray_dialog_conflict_text(const tray_dialog *d);

#endif
