/* The seam through which the tray's features reach the app (PuTTY's Seat, for the tray). */
#ifndef CONNECTAS_TRAY_HOST_H
#define CONNECTAS_TRAY_HOST_H

#include <windows.h>

#include "journal.h"
#include "tray_internal.h"

/*
 * Calls go one way: the app (tray_app.c: message window, timers, the latest
 * state, the worker) calls its features (icon and menu, sessions window,
 * sessions actions, consent questions, report, autostart, the connect flow),
 * and they call leaf modules (text, view, inbox, worker, secret). A feature
 * that needs the app goes through this small vtable, which the app implements
 * and a test can fake (tests/tray/test_flow.c runs the connect flow on a fake
 * app and the sandbox backend, without a window).
 *
 * Everything here runs on the app's UI thread.
 */

/* The latest state the app took in (owned by the app; valid until the next job result). */
typedef struct tray_state {
    model *m; /* NULL until the first snapshot */
    model_slots slots;
    tray_view view;
    int have_state;
    ca_status snap_st; /* the last snapshot's outcome */
    ca_error snap_err;
    int sandbox;               /* a sandbox backend: never touch anything real */
    const WCHAR *sandbox_name; /* the scenario's file name (sandbox only) */
    HINSTANCE inst;            /* the module with the dialogs and icons */
    const WCHAR *status;       /* the status line (the last action's result) */
    const char *recent_1219;   /* a server Windows recently answered 1219 for, "" when none */
    SYSTEMTIME recent_1219_time;
    /* Temporary connections (tray_temporary.h): the journal (HKCU; in memory in the sandbox), used on the
     * worker only, and this sign-in's id. */
    journal_store *journal;
    const char *session;
} tray_state;

typedef struct tray_host tray_host;

typedef struct tray_host_vt {
    /* The latest state. */
    const tray_state *(*state)(tray_host *h);
    /* Queues job on the worker (taken over); job->done runs once its snapshot is taken in. */
    void (*submit)(tray_host *h, tray_job *job);
    /* Reads the state again soon. */
    void (*refresh)(tray_host *h);
    /* Shows an action's result: the status bar and a balloon (NIIF_* flags). */
    void (*report)(tray_host *h, const WCHAR *text, DWORD info_flags);
    /* Shows text in the status bar only ("Working…"). */
    void (*status)(tray_host *h, const WCHAR *text);
    /* The window questions belong to. */
    HWND (*owner)(tray_host *h);
    /* Windows answered 1219 for server: warning icon and explanation for a while. */
    void (*note_1219)(tray_host *h, const char *server);
    /* Opens a location for the user after a connect or from the list (folders only, never runs a file). */
    void (*open)(tray_host *h, const WCHAR *path);
    /* A per-server command (TRAY_SLOT_*) chosen in a window. */
    void (*server_action)(tray_host *h, const char *server, int action);
    /* 0 once the app is ending (checked after a modal question returns). */
    int (*alive)(tray_host *h);
    /* An app command (TRAY_ID_*) chosen in a window (Save state for support…). */
    void (*command)(tray_host *h, UINT id);
    /* Calls tray_temporary_due after ms (0: never); replaces the previous request. */
    void (*arm_temporary)(tray_host *h, unsigned ms);
} tray_host_vt;

struct tray_host {
    const tray_host_vt *vt;
};

static inline const tray_state *tray_host_state(tray_host *h)
{
    return h->vt->state(h);
}
static inline void tray_host_submit(tray_host *h, tray_job *job)
{
    h->vt->submit(h, job);
}
static inline void tray_host_refresh(tray_host *h)
{
    h->vt->refresh(h);
}
static inline void tray_host_report(tray_host *h, const WCHAR *text, DWORD info_flags)
{
    h->vt->report(h, text, info_flags);
}
static inline void tray_host_status(tray_host *h, const WCHAR *text)
{
    h->vt->status(h, text);
}
static inline HWND tray_host_owner(tray_host *h)
{
    return h->vt->owner(h);
}
static inline void tray_host_note_1219(tray_host *h, const char *server)
{
    h->vt->note_1219(h, server);
}
static inline void tray_host_open(tray_host *h, const WCHAR *path)
{
    h->vt->open(h, path);
}
static inline void tray_host_server_action(tray_host *h, const char *server, int action)
{
    h->vt->server_action(h, server, action);
}
static inline int tray_host_alive(tray_host *h)
{
    return h->vt->alive(h);
}

static inline void tray_host_command(tray_host *h, UINT id)
{
    h->vt->command(h, id);
}
static inline void tray_host_arm_temporary(tray_host *h, unsigned ms)
{
    h->vt->arm_temporary(h, ms);
}

#endif
