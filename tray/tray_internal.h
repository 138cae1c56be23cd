/* The tray's leaf modules: text, view model, inbox, worker (they call no other tray file). */
#ifndef CONNECTAS_TRAY_INTERNAL_H
#define CONNECTAS_TRAY_INTERNAL_H

#include <windows.h>
#include <shellapi.h>

#include "model.h"
#include "backend.h"
#include "tray.h"
#include "resource_ids.h"
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
/* Appends items as "a, b and c" (the tray's one list-join). */
void wbuf_add_list(wbuf *b, const WCHAR *const *items, size_t count);
/* The text, L"" when empty; the buffer keeps owning it. */
const WCHAR *wbuf_str(const wbuf *b);
/* Hands the text over (malloc'd, never NULL unless out of memory) and resets b. */
WCHAR *wbuf_take(wbuf *b);
void wbuf_cleanup(wbuf *b);

/* Pins the language strings are loaded in (0: the thread's UI language, the default). Tests that compare
 * English text pin English; a language a string is missing in falls back to the default. */
void tray_text_set_language(LANGID lang);
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

/* ---- Inbox (tray_inbox.c): what other threads hand to the UI thread ---- */

/*
 * The message window is reachable by every process on the desktop, so a window
 * message never carries a pointer: helper threads put their item into the
 * app-owned inbox and post WM_TRAY_INBOX as a bare token; the UI thread takes
 * items out of the inbox only. A forged token finds the inbox empty.
 */
typedef enum tray_in_kind {
    TRAY_IN_JOB,    /* a finished tray_job (the worker) */
    TRAY_IN_NOTICE, /* a malloc'd WCHAR* to report (opening a location failed) */
    TRAY_IN_ARGS,   /* a malloc'd argv block from tray_args_unpack (a second instance); extra = argc */
} tray_in_kind;

typedef struct tray_inbox tray_inbox;
/* Frees an item that was never taken (kind as put). */
typedef void (*tray_inbox_free_fn)(tray_in_kind kind, void *item);

/* Creates an inbox that posts msg (wParam = lParam = 0) to hwnd for each item. One reference. */
tray_inbox *tray_inbox_create(HWND hwnd, UINT msg, tray_inbox_free_fn free_item);
tray_inbox *tray_inbox_ref(tray_inbox *in);
/* Drops a reference; the last one frees the items left. */
void tray_inbox_release(tray_inbox *in);
/* Takes item over and posts the token. Returns 0 (item not taken) once closed or out of memory. */
int tray_inbox_put(tray_inbox *in, tray_in_kind kind, void *item, size_t extra);
/* The oldest item (UI thread). Returns 0 when empty. */
int tray_inbox_take(tray_inbox *in, tray_in_kind *kind, void **item, size_t *extra);
/* No more items are taken in (the window is going away); queued ones are freed. */
void tray_inbox_close(tray_inbox *in);

/* ---- Worker (tray_worker.c): every backend call happens on its thread ---- */

typedef struct tray_job tray_job;
/* Runs on the worker thread, before the job's closing snapshot. */
typedef void (*tray_job_call_fn)(backend *be, tray_job *job);
/* Runs on the UI thread once the app has taken in the job's snapshot. */
typedef void (*tray_job_done_fn)(tray_job *job);

/* A plain job: an optional call, a fresh snapshot, then done on the UI thread. */
struct tray_job {
    tray_job_call_fn call; /* NULL: a refresh (merged with a queued refresh) */
    tray_job_done_fn done;
    void *owner; /* the feature that submitted it (done's context) */
    void *ctx;   /* the job's data, freed with ctx_free when the job is */
    void (*ctx_free)(void *ctx);
    int action; /* counted as a finished user action once done returned */
    /* the snapshot taken after the call */
    model *m;
    ca_status snap_st;
    ca_error snap_err;
    tray_job *next;
};

typedef struct tray_worker tray_worker;

/* Creates the worker. Its thread runs only while jobs are queued (an idle
 * tray has none); each finished job goes into inbox as TRAY_IN_JOB. */
tray_worker *tray_worker_start(backend *be, tray_inbox *inbox);
/* Queues a job (taken over). Refresh jobs are merged with a queued refresh. */
void tray_worker_submit(tray_worker *w, tray_job *job);
/* Queues a refresh unless one is already waiting. */
void tray_worker_refresh(tray_worker *w);
/* Stops the thread, waiting up to timeout_ms. Returns 1 when it ended (the
 * backend may then be freed), 0 when it is still inside a backend call (the
 * worker and the backend are then left to the process exit). */
int tray_worker_stop(tray_worker *w, DWORD timeout_ms);
/* A job running call (NULL: refresh) with done on the UI thread; NULL when out of memory. */
tray_job *tray_job_new(tray_job_call_fn call, tray_job_done_fn done, void *owner);
void tray_job_free(tray_job *job);

#endif
