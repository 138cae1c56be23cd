/* connectas-tray: the tray application as a library (used by connectas-tray.exe and by in-process tests). */
#ifndef CONNECTAS_TRAY_H
#define CONNECTAS_TRAY_H

#include <windows.h>

#include "backend.h"
#include "handoff.h"

/*
 * One tray_app per process. Everything runs on the thread that created it,
 * except the backend, which only its worker thread calls (a snapshot may
 * block on the network). The app's windows must be pumped by tray_app_run or,
 * in tests, by any message loop on the creating thread.
 */
typedef struct tray_app tray_app;

#define TRAY_DEFAULT_REFRESH_MS 30000u /* the slow refresh timer */
#define TRAY_MIN_REFRESH_MS 10000u     /* the executable never refreshes faster */

typedef struct tray_options {
    backend *be;               /* taken over by tray_app_create (freed by the app, also on failure) */
    int sandbox;               /* be is a sandbox: show the marker, never touch anything real */
    const WCHAR *sandbox_name; /* the scenario's file name, shown in the banner (sandbox only) */
    const WCHAR *instance;     /* single-instance name; NULL: "default", or "sandbox" when sandbox */
    unsigned refresh_ms;       /* slow refresh period; 0 = TRAY_DEFAULT_REFRESH_MS (not clamped here) */
    int no_icon;               /* do not add a notification icon */
} tray_options;

/* Creates the hidden message window (named after the instance, see
 * tray_instance_forward), the notification icon and the worker, and starts
 * the first refresh. Returns S_OK or an HRESULT; on failure *out is NULL. */
HRESULT tray_app_create(HINSTANCE inst, const tray_options *opt, tray_app **out);
/* Runs the message loop until Exit; returns the exit code. */
int tray_app_run(tray_app *app);
/* Ends the worker (waiting a bounded time), removes the icon, frees everything. */
void tray_app_free(tray_app *app);

/* ---- Commands (from the command line or a second instance) ---- */

typedef enum tray_verb {
    TRAY_VERB_NONE,    /* no verb: open the sessions window unless --background */
    TRAY_VERB_SHOW,    /* show: open the sessions window */
    TRAY_VERB_CONNECT, /* connect PATH: start "Connect as…" for PATH */
    TRAY_VERB_EXIT,    /* exit: end the running instance */
} tray_verb;

typedef struct tray_cmd {
    tray_verb verb;
    const WCHAR *path;     /* connect: the path (points into argv) */
    const WCHAR *scenario; /* --scenario FILE (points into argv) */
    const WCHAR *instance; /* --instance NAME (points into argv) */
    int background;        /* --background: no window at start */
    unsigned refresh_s;    /* --refresh SECONDS, 0 when not given */
    int help;              /* --help, -h, /? */
    const WCHAR *bad;      /* the argument that was not understood (on failure) */
} tray_cmd;

/* Parses arguments (without the program name). Returns 1 when understood,
 * else 0 with cmd->bad naming the offending argument (or NULL when a value is
 * missing). */
int tray_cmd_parse(int argc, WCHAR **argv, tray_cmd *cmd);
/* Carries out a parsed command in the running app (show, connect, exit). */
void tray_app_command(tray_app *app, const tray_cmd *cmd);

/* Opens (or brings to front) the sessions window and refreshes it. */
void tray_app_show_window(tray_app *app);
/* The entry point for "Connect as…" (path may be NULL: no path chosen yet).
 * Opens the connect dialog for path, or brings the open one to the front (it
 * takes the new path while it waits for the user). The flow is described in
 * tray_flow.h. */
void tray_app_connect(tray_app *app, const WCHAR *path);
/* Carries out a notification-menu command (TRAY_ID_*, or a per-server command
 * for a group of the current list) as if the user chose it. The message window
 * itself obeys no WM_COMMAND: only the menu and this call. */
void tray_app_do(tray_app *app, UINT id);
/* Records that Windows reported 1219 for server now: the icon shows a warning
 * for a while and the window explains it. */
void tray_app_note_1219(tray_app *app, const char *server);

/* ---- Single instance ---- */

/* The private class of the hidden message window; its title is handoff_names' window name
 * ("<instance>.<SID>"). The protocol is defined once, in common/win/handoff.h. */
#define TRAY_MSG_CLASS HANDOFF_WINDOW_CLASS
/* COPYDATASTRUCT.dwData of a forwarded command line: 'CAT1'. */
#define TRAY_COPYDATA_ARGS HANDOFF_COPYDATA_TAG

/* 1 when name is a valid instance name: 1–64 of A–Z a–z 0–9 . _ - */
int tray_instance_name_ok(const WCHAR *name);
/* Claims the instance through a named mutex. Returns the mutex (keep it open
 * while running) when this process is the first; NULL when another process
 * holds it (*existing = 1) or on failure (*existing = 0). */
HANDLE tray_instance_claim(const WCHAR *instance, int *existing);
/* Sends argv to the first instance's message window (waiting up to
 * timeout_ms for it to appear). Returns ERROR_SUCCESS when it accepted the
 * command, else a Win32 error (ERROR_TIMEOUT, ERROR_NOT_FOUND, …). */
DWORD tray_instance_forward(const WCHAR *instance, int argc, WCHAR **argv, DWORD timeout_ms);
/* Packs argv as consecutive NUL-terminated strings (malloc'd; *size in bytes). */
WCHAR *tray_args_pack(int argc, WCHAR **argv, DWORD *size);
/* Unpacks what tray_args_pack made, checking every bound. Returns a malloc'd
 * argv (one block; free() it) and *argc, or NULL when data is malformed. */
WCHAR **tray_args_unpack(const void *data, DWORD size, int *argc);

/* The notification icon's callback message to the message window (the shell posts it; tests and
 * tests/tray/tray_poke.c post it to open the menu). */
#define WM_TRAY_ICON (WM_APP + 1)

/* ---- Command IDs (menu and window) ---- */

/* Notification-menu commands, sent to the message window. */
#define TRAY_ID_CONNECT 0x0100
#define TRAY_ID_REPORT 0x0101
#define TRAY_ID_AUTOSTART 0x0102
#define TRAY_ID_SESSIONS 0x0103
#define TRAY_ID_EXIT 0x0104
#define TRAY_ID_REFRESH 0x0105
#define TRAY_ID_SAVE_STATE 0x0106   /* Save state for support… (tray_support.c) */
#define TRAY_ID_TEMP_CHANGED 0x0107 /* a temporary connection was journaled (from the connect flow) */
/* Per-server commands: TRAY_ID_SLOT_BASE + group * TRAY_SLOT_STRIDE + action,
 * group as tray_app_group_index returns it (the menu, tray_app_do). */
#define TRAY_ID_SLOT_BASE 0x1000
#define TRAY_SLOT_STRIDE 4
#define TRAY_SLOT_DISCONNECT 0
#define TRAY_SLOT_FORGET 1
#define TRAY_SLOT_OPEN 2
#define TRAY_SLOT_CONNECT 3
#define TRAY_MAX_MENU_GROUPS 512

/* Controls of the sessions window (its class is TRAY_WINDOW_CLASS). */
#define TRAY_WINDOW_CLASS L"ConnectAs.Sessions"
#define TRAY_IDC_BANNER 200
#define TRAY_IDC_LIST_LABEL 201
#define TRAY_IDC_LIST 202
#define TRAY_IDC_EXPLAIN_LABEL 203
#define TRAY_IDC_EXPLAIN 204
#define TRAY_IDC_SELECTED 205
#define TRAY_IDC_DISCONNECT 206
#define TRAY_IDC_FORGET 207
#define TRAY_IDC_CONNECT 208
#define TRAY_IDC_REFRESH 209
#define TRAY_IDC_STATUS 210
#define TRAY_IDC_SAVE_STATE 211
/* The Close button is IDCANCEL (Esc). */

/* List columns */
enum {
    TRAY_COL_SERVER,
    TRAY_COL_USER,
    TRAY_COL_DRIVE,
    TRAY_COL_REMOTE,
    TRAY_COL_STATUS,
    TRAY_COL_OPEN,
    TRAY_COLUMNS
};

/* ---- Injection and observation (tests, support; UI thread) ---- */

/* Opens a location after a successful connect or from the list. The default opens folders
 * only (tray_open.h) on a thread of its own, and nothing in the sandbox. */
typedef void (*tray_open_fn)(void *ctx, const WCHAR *path);
void tray_app_set_opener(tray_app *app, tray_open_fn fn, void *ctx);
/* Tests answer the save dialog of "Save state for support…": fn fills path (len characters) and
 * *keep_names and returns 1, or 0 for Cancel. NULL: the standard save dialog. */
typedef int (*tray_save_pick_fn)(void *ctx, HWND owner, WCHAR *path, size_t len, int *keep_names);
void tray_app_set_save_picker(tray_app *app, tray_save_pick_fn fn, void *ctx);
/* What the app last opened (or would have opened), L"" when none. */
const WCHAR *tray_app_opened(tray_app *app);
/* The connect dialog ("Connect as…", tray_dialog.h); never NULL once created. */
struct tray_dialog *tray_app_dialog(tray_app *app);
/* Temporary connections (tray_temporary.h: runs, questions asked, tray_temporary_due). */
struct tray_temporary *tray_app_temporary(tray_app *app);
/* Jobs queued on the worker and not yet taken back. */
int tray_app_pending(tray_app *app);

HWND tray_app_message_window(tray_app *app);
/* The sessions window, NULL until first shown. */
HWND tray_app_window(tray_app *app);
/* How many worker results (refreshes and actions) the UI has taken in. */
unsigned tray_app_result_count(tray_app *app);
/* How many actions (disconnect, forced disconnect, forget) have finished,
 * counted once their result was shown and any question about it answered. */
unsigned tray_app_action_count(tray_app *app);
/* The index of the group (server name, case-insensitive) in the current list
 * and menu, or -1. */
int tray_app_group_index(tray_app *app, const char *server);
/* The notification icon's tooltip and state (1 = warning icon). */
const WCHAR *tray_app_tip(tray_app *app);
int tray_app_warning(tray_app *app);
/* The status bar text (the last action's result). */
const WCHAR *tray_app_status(tray_app *app);

/* The per-user Run value this app writes for "Start with Windows". */
#define TRAY_RUN_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Run"
#define TRAY_RUN_VALUE L"ConnectAs"
/* 1 when the Run value starts this executable. */
int tray_autostart_enabled(void);
/* Writes ("path" --background) or deletes the Run value. ERROR_SUCCESS or a Win32 error. */
DWORD tray_autostart_set(int enable);

#endif
