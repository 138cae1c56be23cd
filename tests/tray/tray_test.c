/* Helpers for the tray tests: the app on its own UI thread, list reading, message boxes, child processes. */
#include "tray_test.h"

#include <commctrl.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "proc.h"
#include "screenshot.h"
#include "tray_internal.h"

#define WM_TT_RUN (WM_APP + 40)
#define WM_TT_COMMAND (WM_APP + 41)
#define RUNNER_CLASS L"ConnectAs.TrayTestRunner"

typedef struct run_request {
    tt_fn fn;
    void *ctx;
} run_request;

static LRESULT CALLBACK runner_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_TT_RUN) {
        tt_app *t = (tt_app *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
        const run_request *r = (const run_request *)lp;
        r->fn(t->app, r->ctx);
        return 0;
    }
    if (msg == WM_TT_COMMAND) {
        tt_app *t = (tt_app *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
        /* As if chosen from the notification menu (the message window obeys no WM_COMMAND). */
        tray_app_do(t->app, (UINT)wp);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static DWORD WINAPI ui_thread(void *arg)
{
    tt_app *t = arg;
    INITCOMMONCONTROLSEX icc;
    WNDCLASSW wc;
    icc.dwSize = sizeof(icc);
    icc.dwICC = ICC_LISTVIEW_CLASSES | ICC_BAR_CLASSES | ICC_STANDARD_CLASSES;
    InitCommonControlsEx(&icc);
    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = runner_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = RUNNER_CLASS;
    RegisterClassW(&wc);
    t->runner = CreateWindowExW(0, RUNNER_CLASS, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, wc.hInstance, NULL);
    SetWindowLongPtrW(t->runner, GWLP_USERDATA, (LONG_PTR)t);
    t->hr = tray_app_create(GetModuleHandleW(NULL), &t->opt, &t->app);
    if (SUCCEEDED(t->hr))
        t->msg = tray_app_message_window(t->app);
    SetEvent(t->ready);
    if (FAILED(t->hr))
        return 1;
    t->exit_code = tray_app_run(t->app);
    tray_app_free(t->app);
    t->app = NULL;
    DestroyWindow(t->runner);
    return 0;
}

int tt_app_start(tt_app *t, backend *be, int sandbox, const WCHAR *sandbox_name, const WCHAR *instance,
                 unsigned refresh_ms)
{
    memset(t, 0, sizeof(*t));
    /* The tests compare English text: pin the UI language (the machine's may be another). */
    tray_text_set_language(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    t->be = be;
    t->opt.be = be;
    t->opt.sandbox = sandbox;
    t->opt.sandbox_name = sandbox_name;
    t->opt.instance = instance;
    t->opt.refresh_ms = refresh_ms;
    t->ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    t->thread = CreateThread(NULL, 0, ui_thread, t, 0, &t->tid);
    if (!t->thread)
        return 0;
    WaitForSingleObject(t->ready, 20000);
    return SUCCEEDED(t->hr) && t->msg;
}

int tt_app_stop(tt_app *t)
{
    DWORD code = 0;
    int ended;
    if (!t->thread)
        return 1;
    if (t->msg && IsWindow(t->msg))
        tt_command(t, TRAY_ID_EXIT);
    /* Wine without a window manager waits 2 s per hidden top-level window. */
    ended = tt_wait_process(t->thread, 30000, &code);
    CloseHandle(t->thread);
    CloseHandle(t->ready);
    t->thread = NULL;
    return ended;
}

void tt_on_ui(tt_app *t, tt_fn fn, void *ctx)
{
    run_request r;
    r.fn = fn;
    r.ctx = ctx;
    SendMessageW(t->runner, WM_TT_RUN, 0, (LPARAM)&r);
}

void tt_command(tt_app *t, UINT id)
{
    PostMessageW(t->runner, WM_TT_COMMAND, id, 0);
}

void tt_command_sync(tt_app *t, UINT id)
{
    SendMessageW(t->runner, WM_TT_COMMAND, id, 0);
}

typedef struct slot_query {
    const char *server;
    int index;
} slot_query;

static void query_slot(tray_app *app, void *ctx)
{
    slot_query *q = ctx;
    q->index = tray_app_group_index(app, q->server);
}

UINT tt_slot_command(tt_app *t, const char *server, int action)
{
    slot_query q;
    q.server = server;
    q.index = -1;
    tt_on_ui(t, query_slot, &q);
    return q.index < 0 ? 0 : (UINT)(TRAY_ID_SLOT_BASE + q.index * TRAY_SLOT_STRIDE + action);
}

typedef struct results_query {
    unsigned count, actions;
    int busy;
} results_query;

static void query_results(tray_app *app, void *ctx)
{
    results_query *q = ctx;
    q->count = tray_app_result_count(app);
    q->actions = tray_app_action_count(app);
    q->busy = tray_app_pending(app);
}

unsigned tt_results(tt_app *t)
{
    results_query q;
    tt_on_ui(t, query_results, &q);
    return q.count;
}

typedef struct results_wait {
    tt_app *t;
    unsigned since;
    int actions;
} results_wait;

static int results_done(void *ctx)
{
    results_wait *w = ctx;
    results_query q;
    tt_on_ui(w->t, query_results, &q);
    return (w->actions ? q.actions : q.count) > w->since && !q.busy;
}

int tt_wait_results(tt_app *t, unsigned since, DWORD timeout_ms)
{
    results_wait w;
    w.t = t;
    w.since = since;
    w.actions = 0;
    return th_wait_for(results_done, &w, timeout_ms);
}

unsigned tt_actions(tt_app *t)
{
    results_query q;
    tt_on_ui(t, query_results, &q);
    return q.actions;
}

int tt_wait_actions(tt_app *t, unsigned since, DWORD timeout_ms)
{
    results_wait w;
    w.t = t;
    w.since = since;
    w.actions = 1;
    return th_wait_for(results_done, &w, timeout_ms);
}

static int window_ready(void *ctx)
{
    tt_app *t = ctx;
    HWND win = FindWindowW(TRAY_WINDOW_CLASS, NULL);
    WCHAR text[64];
    if (!win || !IsWindowVisible(win))
        return 0;
    /* The explanation says "Reading the connections…" until the first snapshot arrived. */
    (void)t;
    return GetWindowTextW(tt_control(win, TRAY_IDC_EXPLAIN), text, ARRAYSIZE(text)) > 0 &&
           !tt_contains(text, L"Reading");
}

HWND tt_show_window(tt_app *t, DWORD timeout_ms)
{
    tt_command(t, TRAY_ID_SESSIONS);
    if (!th_wait_for(window_ready, t, timeout_ms))
        return NULL;
    return FindWindowW(TRAY_WINDOW_CLASS, NULL);
}

int tt_read_rows(HWND list, tt_rows *rows)
{
    int n = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0), i, c;
    memset(rows, 0, sizeof(*rows));
    if (n > TT_MAX_ROWS)
        n = TT_MAX_ROWS;
    for (i = 0; i < n; i++)
        for (c = 0; c < TRAY_COLUMNS; c++) {
            LVITEMW item;
            memset(&item, 0, sizeof(item));
            item.iSubItem = c;
            item.pszText = rows->cell[i][c];
            item.cchTextMax = TT_CELL;
            SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)i, (LPARAM)&item);
        }
    rows->count = n;
    return n;
}

int tt_find_row(const tt_rows *rows, int col, const WCHAR *text)
{
    int i;
    for (i = 0; i < rows->count; i++)
        if (!_wcsicmp(rows->cell[i][col], text))
            return i;
    return -1;
}

void tt_select_row(HWND list, int index)
{
    LVITEMW st;
    memset(&st, 0, sizeof(st));
    st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
    st.state = LVIS_SELECTED | LVIS_FOCUSED;
    SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)index, (LPARAM)&st);
}

const WCHAR *tt_text(HWND hwnd, WCHAR *buf, int len)
{
    buf[0] = 0;
    if (hwnd)
        SendMessageTimeoutW(hwnd, WM_GETTEXT, (WPARAM)len, (LPARAM)buf, SMTO_ABORTIFHUNG, 5000, NULL);
    buf[len - 1] = 0;
    return buf;
}

HWND tt_control(HWND win, int id)
{
    return win ? GetDlgItem(win, id) : NULL;
}

typedef struct dialog_search {
    DWORD pid;
    const WCHAR *title;
    HWND found;
} dialog_search;

static BOOL CALLBACK find_dialog(HWND hwnd, LPARAM lp)
{
    dialog_search *s = (dialog_search *)lp;
    WCHAR cls[32], title[256];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    if (pid != s->pid || !IsWindowVisible(hwnd))
        return TRUE;
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (wcscmp(cls, L"#32770"))
        return TRUE;
    GetWindowTextW(hwnd, title, ARRAYSIZE(title));
    if (s->title && !tt_contains(title, s->title))
        return TRUE;
    s->found = hwnd;
    return FALSE;
}

static int dialog_there(void *ctx)
{
    dialog_search *s = ctx;
    s->found = NULL;
    EnumWindows(find_dialog, (LPARAM)s);
    return s->found != NULL;
}

HWND tt_wait_dialog(DWORD pid, const WCHAR *title_part, DWORD timeout_ms)
{
    dialog_search s;
    s.pid = pid;
    s.title = title_part;
    s.found = NULL;
    th_wait_for(dialog_there, &s, timeout_ms);
    return s.found;
}

typedef struct text_collect {
    WCHAR *buf;
    int len;
} text_collect;

static BOOL CALLBACK collect_static(HWND hwnd, LPARAM lp)
{
    text_collect *c = (text_collect *)lp;
    WCHAR cls[32], text[2048];
    size_t used = wcslen(c->buf);
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (_wcsicmp(cls, L"Static"))
        return TRUE;
    tt_text(hwnd, text, ARRAYSIZE(text));
    if (text[0] && used + wcslen(text) + 2 < (size_t)c->len) {
        wcscat(c->buf, text);
        wcscat(c->buf, L"\n");
    }
    return TRUE;
}

const WCHAR *tt_dialog_text(HWND dlg, WCHAR *buf, int len)
{
    text_collect c;
    buf[0] = 0;
    c.buf = buf;
    c.len = len;
    /* Windows names the message box's text control 0xFFFF, Wine 100: read every static. */
    EnumChildWindows(dlg, collect_static, (LPARAM)&c);
    return buf;
}

void tt_press(HWND dlg, int id)
{
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(id, BN_CLICKED), (LPARAM)GetDlgItem(dlg, id));
}

void tt_answer(const WCHAR *title, int button, const WCHAR *const *want, int nwant, const WCHAR *unwanted,
               WCHAR *seen, int seen_len)
{
    HWND dlg = tt_wait_dialog(GetCurrentProcessId(), title, 20000);
    int i;
    seen[0] = 0;
    ok(dlg != NULL, "no \"%ls\" question\n", title);
    if (!dlg)
        return;
    tt_dialog_text(dlg, seen, seen_len);
    for (i = 0; i < nwant; i++)
        ok(tt_contains(seen, want[i]), "the question does not name %ls: %ls\n", want[i], seen);
    if (unwanted)
        ok(!tt_contains(seen, unwanted), "the question names %ls: %ls\n", unwanted, seen);
    tt_press(dlg, button);
}

HANDLE tt_spawn(const WCHAR *cmdline, DWORD *pid)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR *copy = _wcsdup(cmdline);
    BOOL okay;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    okay = copy && th_create_process(NULL, copy, FALSE, 0, NULL, &si, &pi);
    free(copy);
    if (!okay)
        return NULL;
    CloseHandle(pi.hThread);
    if (pid)
        *pid = pi.dwProcessId;
    return pi.hProcess;
}

static int handle_signalled(void *ctx)
{
    return WaitForSingleObject((HANDLE)ctx, 0) == WAIT_OBJECT_0;
}

int tt_wait_process(HANDLE proc, DWORD timeout_ms, DWORD *code)
{
    if (!th_wait_for(handle_signalled, proc, timeout_ms))
        return 0;
    if (code && !GetExitCodeProcess(proc, code) && !GetExitCodeThread(proc, code))
        *code = (DWORD)-1;
    return 1;
}

typedef struct window_search {
    DWORD pid;
    const WCHAR *cls;
    HWND found;
} window_search;

static BOOL CALLBACK find_window_of(HWND hwnd, LPARAM lp)
{
    window_search *s = (window_search *)lp;
    WCHAR cls[128];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (pid == s->pid && !wcscmp(cls, s->cls)) {
        s->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

HWND tt_window_of(DWORD pid, const WCHAR *cls)
{
    window_search s;
    s.pid = pid;
    s.cls = cls;
    s.found = NULL;
    EnumWindows(find_window_of, (LPARAM)&s);
    return s.found;
}

void tt_bin_path(const WCHAR *name, WCHAR *out, DWORD len)
{
    WCHAR dir[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, dir, ARRAYSIZE(dir));
    while (n > 0 && dir[n - 1] != L'\\')
        n--;
    dir[n] = 0;
    _snwprintf(out, len, L"%ls%ls", dir, name);
    out[len - 1] = 0;
}

int tt_contains(const WCHAR *haystack, const WCHAR *needle)
{
    return haystack && needle && wcsstr(haystack, needle) != NULL;
}

int tt_string_in(UINT id, LANGID lang, WCHAR *out, int len)
{
    HRSRC res = FindResourceExW(NULL, (LPCWSTR)RT_STRING, MAKEINTRESOURCEW(id / 16 + 1), lang);
    const WCHAR *p;
    UINT i;
    out[0] = 0;
    if (!res || !(p = LockResource(LoadResource(NULL, res))))
        return 0;
    for (i = 0; i < id % 16; i++)
        p += 1 + *p;
    if (*p >= len)
        return 0;
    memcpy(out, p + 1, *p * sizeof(WCHAR));
    out[*p] = 0;
    return *p;
}
