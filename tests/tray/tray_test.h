/* Helpers for tray tests: the app on its own UI thread, list reading, message boxes, processes. */
#ifndef CONNECTAS_TRAY_TEST_H
#define CONNECTAS_TRAY_TEST_H

#include <windows.h>

#include "tray.h"

/*
 * The app under test runs on a UI thread of its own (its message loop is
 * tray_app_run), so modal loops in it (menus, message boxes) never block the
 * test, which drives it through window messages like a user would.
 */
typedef struct tt_app {
    tray_app *app;
    backend *be; /* the backend the app owns (borrowed: for sandbox_state after the app is idle) */
    HANDLE thread;
    DWORD tid;
    HWND runner; /* a window on the UI thread that runs tt_on_ui callbacks */
    HWND msg;    /* the app's message window */
    HANDLE ready;
    tray_options opt;
    HRESULT hr;
    int exit_code;
} tt_app;

/* Starts the app on its UI thread with be (taken over). Returns 1 when it runs. */
int tt_app_start(tt_app *t, backend *be, int sandbox, const WCHAR *sandbox_name, const WCHAR *instance,
                 unsigned refresh_ms);
/* Sends Exit and waits (bounded) for the UI thread to end. Returns 1 when it ended. */
int tt_app_stop(tt_app *t);

typedef void (*tt_fn)(tray_app *app, void *ctx);
/* Runs fn(app, ctx) on the UI thread and waits for it. */
void tt_on_ui(tt_app *t, tt_fn fn, void *ctx);

/* Carries out menu command id on the UI thread without waiting (tray_app_do, as the notification menu does).
 */
void tt_command(tt_app *t, UINT id);
/* Sends it and waits until it is handled (only for commands that ask nothing). */
void tt_command_sync(tt_app *t, UINT id);
/* The per-server command id for server (TRAY_SLOT_* action), or 0 when it is not listed. */
UINT tt_slot_command(tt_app *t, const char *server, int action);
/* Waits until the app has taken in more than `since` results and has no action pending. */
int tt_wait_results(tt_app *t, unsigned since, DWORD timeout_ms);
unsigned tt_results(tt_app *t);
/* Waits until more than `since` actions have finished and none is pending. */
int tt_wait_actions(tt_app *t, unsigned since, DWORD timeout_ms);
unsigned tt_actions(tt_app *t);

/* Opens the sessions window and waits until it shows a filled-in state. */
HWND tt_show_window(tt_app *t, DWORD timeout_ms);

/* ---- list and window contents ---- */

#define TT_MAX_ROWS 64
#define TT_CELL 260
typedef struct tt_rows {
    int count;
    WCHAR cell[TT_MAX_ROWS][TRAY_COLUMNS][TT_CELL];
} tt_rows;

/* Reads every row of the list view (same process). */
int tt_read_rows(HWND list, tt_rows *rows);
/* Index of the first row whose column col equals text (case-insensitive), or -1. */
int tt_find_row(const tt_rows *rows, int col, const WCHAR *text);
/* Selects row index of the list as a click would. */
void tt_select_row(HWND list, int index);
/* Window text of hwnd (also across processes) into buf. */
const WCHAR *tt_text(HWND hwnd, WCHAR *buf, int len);
/* A control of the sessions window. */
HWND tt_control(HWND win, int id);

/* ---- message boxes ---- */

/* Waits for a visible dialog (#32770) of process pid whose title contains
 * title_part; returns it or NULL. */
HWND tt_wait_dialog(DWORD pid, const WCHAR *title_part, DWORD timeout_ms);
/* The texts of a message box's static controls, joined by newlines. */
const WCHAR *tt_dialog_text(HWND dlg, WCHAR *buf, int len);
/* Presses button id (IDYES, IDNO, IDOK) of a dialog. */
void tt_press(HWND dlg, int id);
/* Waits for this process's message box titled `title`, checks that its text
 * names every want[] and not `unwanted` (may be NULL), copies the text to
 * seen and presses button. */
void tt_answer(const WCHAR *title, int button, const WCHAR *const *want, int nwant, const WCHAR *unwanted,
               WCHAR *seen, int seen_len);

/* ---- processes ---- */

/* Starts cmdline without waiting; returns the process handle (and its id) or NULL. */
HANDLE tt_spawn(const WCHAR *cmdline, DWORD *pid);
/* Waits (bounded, pumping messages) for a process to end; returns 1 when it did and sets *code. */
int tt_wait_process(HANDLE proc, DWORD timeout_ms, DWORD *code);
/* The first top-level window of process pid with class cls (visible or not), or NULL. */
HWND tt_window_of(DWORD pid, const WCHAR *cls);
/* Full path of a file next to this test executable (bin/). */
void tt_bin_path(const WCHAR *name, WCHAR *out, DWORD len);

/* String id of this executable's table in language lang (not the thread's) into out;
 * returns its length, 0 when missing or longer than len - 1. */
int tt_string_in(UINT id, LANGID lang, WCHAR *out, int len);

/* 1 when haystack contains needle (case-sensitive). */
int tt_contains(const WCHAR *haystack, const WCHAR *needle);

#endif
