/* The "Connect as…" flow (tray_flow.c): predict on a fresh state, ask, carry out the fix, connect, report. */
#ifndef CONNECTAS_TRAY_FLOW_H
#define CONNECTAS_TRAY_FLOW_H

#include "strbuf.h"
#include "tray_conflict.h"
#include "tray_consent.h"
#include "tray_host.h"
#include "tray_recent.h"
#include "tray_secret.h"

/*
 * The flow, on the app's UI thread except the backend calls, which run as jobs on the worker:
 *
 *   start ──▶ fresh snapshot ──predict_check──▶ no conflict ──▶ connect
 *                                         └──▶ ask_conflict ──▶ disconnect / alias /
 *                                              forget + disconnect / other spelling ──▶ connect
 *   connect ──ok──▶ finished, open the location (folders only), recent user saved
 *           ├─86/1326──▶ back: user kept, password empty and focused
 *           ├─85/1202──▶ back: another drive letter
 *           ├─2401/2404 while disconnecting──▶ ask_force once more before forcing
 *           └─1219 (not predicted)──▶ state read again: ask_conflict with what was found,
 *                                      or the reason it cannot be seen; the miss is recorded
 *
 * It reaches the app through tray_host and its dialog through tray_flow_ui, so a
 * test runs it with a fake of each and the sandbox backend, without a window.
 * The password lives only in the flow's tray_secret: wiped right after the
 * connect call (kept only across a 1219, whose next step is the conflict
 * dialog) and whenever the flow goes back or ends.
 */

/* Where the flow is. */
typedef enum tray_cf_stage {
    TRAY_CF_CLOSED,     /* no connect dialog */
    TRAY_CF_EDIT,       /* the dialog waits for the user */
    TRAY_CF_CHECKING,   /* reading the state to predict */
    TRAY_CF_ASKING,     /* the conflict dialog or a question is open */
    TRAY_CF_CONNECTING, /* disconnecting / forgetting / connecting on the worker */
} tray_cf_stage;

/* The input a message is about (the dialog focuses it). */
typedef enum tray_cf_field {
    TRAY_FIELD_PATH,
    TRAY_FIELD_USER,
    TRAY_FIELD_PASSWORD,
    TRAY_FIELD_DRIVE,
} tray_cf_field;

typedef struct tray_flow tray_flow;
typedef struct tray_flow_ui tray_flow_ui;

/* What the flow needs from its dialog. */
typedef struct tray_flow_ui_vt {
    /* The flow moved to stage (enable or disable the inputs). */
    void (*stage)(tray_flow_ui *ui, tray_cf_stage stage);
    /* A progress line ("Checking…", "Connecting…"). */
    void (*progress)(tray_flow_ui *ui, const WCHAR *text);
    /* Back to editing (the stage is TRAY_CF_EDIT, the password gone): show message, focus field. */
    void (*back)(tray_flow_ui *ui, const WCHAR *message, int error, tray_cf_field focus);
    /* The conflict question: TRAY_CF_* or IDCANCEL. */
    int (*ask_conflict)(tray_flow_ui *ui, const tray_conflict_info *info);
    /* Force the busy uses of server? 1 = yes. */
    int (*ask_force)(tray_flow_ui *ui, const char *server, const tray_busy_use *uses, size_t count);
    /* Connected: the dialog closes (it calls tray_flow_close). */
    void (*finished)(tray_flow_ui *ui);
} tray_flow_ui_vt;

struct tray_flow_ui {
    const tray_flow_ui_vt *vt;
};

/* A request as the user entered it. */
typedef struct tray_flow_request {
    const char *path; /* UNC path or a drive path of a current connection */
    const char *user; /* NULL or "": default credentials */
    char local[4];    /* "", "*" or "X:" (ignored for a bare \\server) */
    int save_credential;
    int temporary;     /* Disconnect and forget when I'm done (tray_temporary.h) */
    long temp_minutes; /* then: after this many minutes, 0 = at sign-out */
} tray_flow_request;

/* NULL when out of memory. */
tray_flow *tray_flow_create(tray_host *host, tray_flow_ui *ui);
/* Frees the flow; the secret is released only when the worker has stopped (it may still be inside a
 * connect call otherwise: then it is wiped and left to the process exit). */
void tray_flow_free(tray_flow *f, int worker_stopped);
/* The dialog opened: stage TRAY_CF_EDIT, nothing held. */
void tray_flow_open(tray_flow *f);
/* The dialog closes: results still on the way are ignored, the password wiped, stage TRAY_CF_CLOSED. */
void tray_flow_close(tray_flow *f);
/* The buffer to read the typed password into (tray_secret_wide) before tray_flow_start. */
tray_secret *tray_flow_secret(tray_flow *f);
/* Starts checking req (stage must be TRAY_CF_EDIT). The password, when req->user is given, is in the
 * secret's UTF-16 area; it is sealed (UTF-8) or wiped here. Bad input goes back with a message. */
void tray_flow_start(tray_flow *f, const tray_flow_request *req);
/* The server a typed location names (malloc'd; NULL when not understood) and whether it names a share. */
char *tray_flow_server_of(tray_flow *f, const char *path, int *has_share);
tray_cf_stage tray_flow_stage(const tray_flow *f);
/* Appends the recorded 1219 misses to the support report (English, no secrets). */
void tray_flow_report(const tray_flow *f, strbuf *sb);
/* Connects that succeeded, and 1219 answers Windows gave although none was predicted. */
unsigned tray_flow_done_count(const tray_flow *f);
unsigned tray_flow_miss_count(const tray_flow *f);
/* Reads the recent user names for server (REG_MULTI_SZ, malloc'd; NULL when none or in the sandbox). */
WCHAR *tray_flow_recent_users(tray_flow *f, const char *server);

#endif
