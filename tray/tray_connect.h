/* "Connect as…" in the tray: the connect dialog, the 1219 prediction and conflict dialog, results. */
#ifndef CONNECTAS_TRAY_CONNECT_H
#define CONNECTAS_TRAY_CONNECT_H

#include <windows.h>

#include "strbuf.h"
#include "tray.h"
#include "tray_connect_res.h"

/*
 * The flow (tray_begin_connect in tray.h starts it), all on the app's UI thread
 * except the backend calls, which run as TRAY_JOB_CALL jobs on the worker:
 *
 *   dialog ──Connect──▶ fresh snapshot ──predict_check──▶ no conflict ──▶ connect
 *                                                    └──▶ conflict dialog ──▶ disconnect / alias /
 *                                                         forget + disconnect / other spelling ──▶ connect
 *   connect ──ok──▶ open in Explorer (injectable), refresh, recent user saved, dialog closed
 *           ├─86/1326──▶ dialog again: user kept, password empty and focused
 *           ├─85/1202──▶ dialog again: another drive letter
 *           ├─2401/2404 while disconnecting──▶ asked once more before forcing
 *           └─1219 (not predicted)──▶ state read again: the conflict dialog with what was found,
 *                                      or the reason it cannot be seen; the miss is recorded
 *
 * The password is read from the ES_PASSWORD edit into one locked buffer (the
 * edit is cleared at once), handed to the backend by pointer, and wiped with
 * SecureZeroMemory right after the connect call (kept only across a 1219, whose
 * next step is the conflict dialog) or when the flow goes back or ends.
 */

/* The flow's state, one per app (app->connect). */
typedef struct tray_connect tray_connect;

/* Per-user recent user names per server (value = server name, REG_MULTI_SZ of
 * user names, most recent first). Names only, never secrets; never written in the sandbox. */
#define TRAY_RECENT_USERS_KEY L"Software\\ConnectAs\\RecentUsers"
#define TRAY_RECENT_USERS_MAX 8

/* Command IDs of the conflict dialog's command links (TDM_CLICK_BUTTON). */
#define TRAY_CF_DISCONNECT 100
#define TRAY_CF_FORGET 101
#define TRAY_CF_SPELLING 102
#define TRAY_CF_ALIAS_FIRST 110 /* one per alias fix, in the prediction's order */
#define TRAY_CF_ALIAS_MAX 16

/* Where the flow is (tray_connect_stage). */
typedef enum tray_cf_stage {
    TRAY_CF_CLOSED,     /* no connect dialog */
    TRAY_CF_EDIT,       /* the dialog waits for the user */
    TRAY_CF_CHECKING,   /* reading the state to predict */
    TRAY_CF_ASKING,     /* the conflict dialog or a question is open */
    TRAY_CF_CONNECTING, /* disconnecting / forgetting / connecting on the worker */
} tray_cf_stage;

/* Passes the running app's messages for the connect dialog to IsDialogMessage. */
int tray_connect_dialog_message(tray_app *app, MSG *msg);
/* The app took in a new state: refresh what the dialog shows about the server. */
void tray_connect_update(tray_app *app);
/* Appends the recorded 1219 misses to the support report (English, no secrets). */
void tray_connect_report(tray_app *app, strbuf *sb);
/* Ends the flow and frees it; the secret buffer is released only when the worker
 * has stopped (it may still be inside a connect call otherwise). */
void tray_connect_free(tray_app *app, int worker_stopped);

/* ---- Injection and observation (UI thread; tests use them through tt_on_ui) ---- */

/* Opens a location after a successful connect. The default opens Explorer
 * (ShellExecuteEx "open" on a thread of its own), and nothing in the sandbox. */
typedef void (*tray_open_fn)(void *ctx, const WCHAR *path);
void tray_connect_set_opener(tray_app *app, tray_open_fn fn, void *ctx);
/* What the last successful connect opened (or would have opened), L"" when none. */
const WCHAR *tray_connect_opened(tray_app *app);
HWND tray_connect_dialog(tray_app *app);
/* The conflict dialog while it is open, else NULL. */
HWND tray_connect_task_dialog(tray_app *app);
/* The last conflict dialog's texts: main instruction, content, then each command link, one per line. */
const WCHAR *tray_connect_conflict_text(tray_app *app);
tray_cf_stage tray_connect_stage(tray_app *app);
/* Connects that succeeded, and 1219 answers Windows gave although none was predicted. */
unsigned tray_connect_done_count(tray_app *app);
unsigned tray_connect_miss_count(tray_app *app);
/* The buffer the password passes through (its bytes must be zero whenever no connect is pending). */
const void *tray_connect_secret(tray_app *app, size_t *size);

#endif
