/* Internal interfaces between the tray's modules: text, view model, worker, app state, window. */
#ifndef CONNECTAS_TRAY_INTERNAL_H
#define CONNECTAS_TRAY_INTERNAL_H

#include <windows.h>
#include <shellapi.h>

#include "model.h"
#include "tray.h"
#include "tray_ids.h"

/* ---- Text (tray_text.c) ---- */

/* A growable UTF-16 buffer; allocation failure is sticky (failed = 1). */
typedef struct wbuf {
    WCHAR *data; /* NUL-terminated once anything was added */
    size_t len;  /* characters, without the NUL */
    size_t cap;
    int failed;
} wbuf;

void wbuf_add(wbuf *b, const WCHAR *s);
void wbuf_addn(wbuf *b, const WCHAR *s, size_t n);
/* Appends UTF-8 text converted to UTF-16. */
void wbuf_add_utf8(wbuf *b, const char *s);
/* Appends string table entry id with %1…%9 replaced by args[0…8] (NULL args
 * count as ""). "%%" gives "%". */
void wbuf_add_res(wbuf *b, UINT id, const WCHAR *const *args, int nargs);
/* The text, L"" when empty; the buffer keeps owning it. */
const WCHAR *wbuf_str(const wbuf *b);
/* Hands the text over (malloc'd, never NULL unless out of memory) and resets b. */
WCHAR *wbuf_take(wbuf *b);
void wbuf_cleanup(wbuf *b);

/* The module whose string tables are used (the executable). */
HINSTANCE tray_text_module(void);
/* A malloc'd copy of string id ("" when missing); NULL only when out of memory. */
WCHAR *tray_load(UINT id);
/* A malloc'd formatted string: tray_fmt(id, arg1, arg2, …, NULL). */
WCHAR *tray_fmt(UINT id, ...);
/* Decimal text of n in a caller buffer of at least 24 characters. */
const WCHAR *tray_num(long long n, WCHAR *buf);
/* "sentence (error N)": the error table's sentence for code, in buf. */
void tray_error_text(DWORD code, const char *detail, WCHAR *buf, size_t len);
/* Replaces "\n" by "\r\n" (for edit controls) into a new malloc'd string. */
WCHAR *tray_crlf(const WCHAR *s);
/* malloc'd copies; NULL in, NULL out. */
WCHAR *tray_wdup(const WCHAR *s);
char *tray_dup8(const char *s);

/* ---- View model (tray_view.c): what the list, menu and tooltip show ---- */

typedef struct tray_row {
    size_t group; /* index into view->groups */
    long use;     /* index into model->uses, or -1 */
    long cred;    /* index into model->creds (a saved credential with no connection), or -1 */
    WCHAR *col[TRAY_COLUMNS];
} tray_row;

typedef struct tray_group {
    const char *server;     /* points into the model */
    const model_slot *slot; /* NULL when nothing holds a session to this name now */
    WCHAR *wserver;
    WCHAR *user;   /* display user of the session ("IAI\bp (your sign-in)") */
    WCHAR *header; /* "hka-fs01 — IAI\bp (your sign-in) — connections: 3" */
    size_t first_row, row_count;
    int connections;   /* uses holding the session */
    int problems;      /* disconnected uses and unavailable remembered drives */
    size_t cred_count; /* saved credentials whose target is exactly this name */
} tray_group;

typedef struct tray_view {
    tray_group *groups; /* names of one machine next to each other, else by name */
    size_t group_count;
    tray_row *rows;
    size_t row_count;
    WCHAR *explain; /* explanations for the text area ("\n" line breaks) */
    int servers;    /* sessions (slots) */
    int connections;
    int problems;
} tray_view;

/* Builds the view of m with its slots. Returns 0 or ERROR_NOT_ENOUGH_MEMORY. */
DWORD tray_view_build(const model *m, const model_slots *slots, tray_view *out);
void tray_view_cleanup(tray_view *v);
/* Group of server (case-insensitive) or -1. */
long tray_view_find(const tray_view *v, const char *server);
/* The display user for a use (explicit, saved credential or sign-in); malloc'd. */
WCHAR *tray_view_use_user(const model *m, const model_use *u);
/* "O:", "(no drive letter)", … for a use; malloc'd. */
WCHAR *tray_view_use_name(const model_use *u);

/* ---- Worker (tray_worker.c): every backend call happens on its thread ---- */

typedef enum tray_job_kind {
    TRAY_JOB_REFRESH,    /* snapshot only */
    TRAY_JOB_DISCONNECT, /* every use of server, without force, safe order */
    TRAY_JOB_FORCE,      /* the named uses, with force */
    TRAY_JOB_FORGET,     /* the named saved credentials */
    TRAY_JOB_CALL,       /* job->call on the worker, then job->done on the UI thread ("Connect as…") */
} tray_job_kind;

/* One thing an action works on: a use (name = local device or remote) or a
 * credential (name = raw target). */
typedef struct tray_item {
    char *name;
    char *remote;         /* uses: the remote path */
    int open_files;       /* uses: known open files, -1 unknown */
    model_cred_type type; /* credentials */
    char *user;           /* credentials: the user (for messages) */
    ca_status st;         /* outcome */
    unsigned long code;   /* outcome: Windows error code, 0 when none */
    char msg[256];        /* outcome: the backend's message */
} tray_item;

typedef struct tray_job {
    tray_job_kind kind;
    char *server;
    tray_item *items; /* FORCE and FORGET: what to act on; filled with outcomes */
    size_t count;
    model *m; /* the snapshot taken after the job */
    ca_status snap_st;
    ca_error snap_err;
    /* TRAY_JOB_CALL: call runs before the snapshot, done once the app has taken the
     * snapshot in; ctx is freed with ctx_free when the job is. */
    void (*call)(backend *be, struct tray_job *job);
    void (*done)(tray_app *app, struct tray_job *job);
    void *ctx;
    void (*ctx_free)(void *ctx);
    struct tray_job *next;
} tray_job;

typedef struct tray_worker tray_worker;

/* Creates the worker. Its thread runs only while jobs are queued (an idle
 * tray has none); each finished job is posted to hwnd as msg with the
 * tray_job* in lParam (the receiver frees it with tray_job_free). */
tray_worker *tray_worker_start(backend *be, HWND hwnd, UINT msg);
/* Queues a job (taken over). Refresh jobs are merged with a queued refresh. */
void tray_worker_submit(tray_worker *w, tray_job *job);
/* Queues a refresh unless one is already waiting. */
void tray_worker_refresh(tray_worker *w);
/* Stops the thread, waiting up to timeout_ms. Returns 1 when it ended (the
 * backend may then be freed), 0 when it is still inside a backend call (the
 * worker and the backend are then left to the process exit). */
int tray_worker_stop(tray_worker *w, DWORD timeout_ms);
tray_job *tray_job_new(tray_job_kind kind, const char *server);
/* Adds an item to a job; returns it (NULL when out of memory). */
tray_item *tray_job_add(tray_job *job, const char *name);
void tray_job_free(tray_job *job);

/* ---- The app (tray_app.c) ---- */

#define WM_TRAY_ICON (WM_APP + 1)
#define WM_TRAY_RESULT (WM_APP + 2)
#define WM_TRAY_SHELLCHANGE (WM_APP + 3)
#define WM_TRAY_COMMAND (WM_APP + 4) /* lParam: WCHAR** from tray_args_unpack, freed by the receiver */

struct tray_app {
    HINSTANCE inst;
    backend *be;
    int sandbox;
    WCHAR *sandbox_name;
    WCHAR *instance;
    unsigned refresh_ms;
    int no_icon;

    HWND msg;                /* hidden top-level window: icon, WM_COPYDATA, broadcasts */
    UINT wm_taskbar_created; /* "TaskbarCreated" */
    tray_worker *worker;
    ULONG shell_notify; /* SHChangeNotifyRegister id, 0 when none */

    /* The latest state (UI thread only). */
    model *m;
    model_slots slots;
    tray_view view;
    int have_state;
    ca_status snap_st;
    ca_error snap_err;
    volatile LONG results;
    volatile LONG actions; /* finished actions (disconnect, forget), counted after their questions */
    int busy;              /* actions queued and not yet answered */

    /* Notification icon */
    int icon_added, icon_v4, icon_tries;
    int warning;
    HICON icon_normal, icon_warning;
    WCHAR tip[128];

    /* Recent 1219 */
    char recent_1219[256];
    ULONGLONG recent_1219_tick;
    SYSTEMTIME recent_1219_time;

    /* Servers the last menu was built for (TRAY_ID_SLOT_BASE + index). */
    char **menu_servers;
    size_t menu_server_count;
    int menu_valid;

    /* "Connect as…" (tray_connect.c), NULL until first used. */
    struct tray_connect *connect;

    WCHAR status[512];
    int status_is_update; /* the status line only says when the list was last updated */

    /* The sessions window (tray_window.c) */
    HWND win;
    HWND banner, list_label, list, explain_label, explain, selected, btn_disconnect, btn_forget, btn_connect,
        btn_refresh, btn_close, statusbar;
    HFONT font, bold_font;
    HBRUSH banner_brush;
    UINT dpi;
    WCHAR *list_signature; /* the list's content last shown, to skip redundant rebuilds */
    HWND focus;            /* the control to give the focus back to on activation */
    char *selected_server; /* the selected group's server name (kept across refreshes) */
    int exit_code;
};

/* Refresh now (queued on the worker). */
void tray_app_refresh(tray_app *app);
/* Runs a per-server action (TRAY_SLOT_*) for server. */
void tray_app_server_action(tray_app *app, const char *server, int action);
/* Shows the result of an action: status bar (when the window exists) and balloon. */
void tray_app_report(tray_app *app, const WCHAR *text, DWORD info_flags);
/* Copies the support report to the clipboard. */
void tray_app_copy_report(tray_app *app);
/* Turns "Start with Windows" on or off (never in the sandbox) and reports it. */
void tray_app_toggle_autostart(tray_app *app);
/* Shows what an action did (tray_actions.c); asks before forcing busy uses. */
void tray_actions_result(tray_app *app, const tray_job *job);
/* Opens path (a folder, UNC path or drive) in Explorer on a thread of its own; a failure is
 * reported through the message window. */
void tray_actions_open(tray_app *app, const WCHAR *path);

/* ---- The sessions window (tray_window.c) ---- */

/* Registers the window class (once per process). */
ATOM tray_window_register(HINSTANCE inst);
/* Creates the window (hidden). */
HWND tray_window_create(tray_app *app);
/* Fills list, explanation and buttons from app->view. */
void tray_window_update(tray_app *app);
/* Sets the status bar text. */
void tray_window_set_status(tray_app *app, const WCHAR *text);
/* Selects the group of server (when present) and scrolls to it. */
void tray_window_select_server(tray_app *app, const char *server);
/* The explanation text: a recent 1219, then the view's text. */
void tray_window_update_explain(tray_app *app);

#endif
