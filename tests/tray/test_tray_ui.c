/* The tray UI in-process on the sandbox: list, menu, keyboard, actions, prompts, refresh triggers. */
/* Longer than ~700 lines on purpose: the sessions window and its actions in-process, one scenario per case
 * sharing the app fixture. */
#include <windows.h>
#include <commctrl.h>
#include <dbt.h>
#include <oleacc.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "sandbox.h"
#include "scenario.h"
#include "screenshot.h"
#include "tray_connect_res.h"
#include "tray_internal.h"
#include "tray_test.h"

static const char *serverfault_path;

/* fs02 has a busy drive (open files) and a saved credential; fs03 lost its
 * connection; fs04 is a remembered drive that is not connected. */
static const char busy_scenario[] = "logon IAI\\bp\n"
                                    "use P: \\\\fs02\\projects open=2\n"
                                    "use - \\\\fs02\\IPC$\n"
                                    "use Q: \\\\fs03\\home status=disconnected\n"
                                    "use R: \\\\fs04\\old user=IAI\\old status=unavailable\n"
                                    "cred fs02 IAI\\admin\n"
                                    "cred IAI\\* IAI\\wide\n"
                                    "host fs02 fs02.iai.nl\n";

static backend *sandbox_from_file(const char *path)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (scenario_load_file(path, &m, &e) != CA_OK) {
        ok(0, "cannot load %s: %s\n", path, e.msg);
        return NULL;
    }
    if (sandbox_create(m, &be, &e) != CA_OK) {
        ok(0, "sandbox_create: %s\n", e.msg);
        return NULL;
    }
    return be;
}

static backend *sandbox_from_text(const char *name, const char *text)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (scenario_parse(name, text, strlen(text), &m, &e) != CA_OK) {
        ok(0, "cannot parse %s: %s\n", name, e.msg);
        return NULL;
    }
    if (sandbox_create(m, &be, &e) != CA_OK) {
        ok(0, "sandbox_create: %s\n", e.msg);
        return NULL;
    }
    return be;
}

/* ---- reading state on the UI thread ---- */

typedef struct app_facts {
    WCHAR tip[128];
    WCHAR status[512];
    int warning;
} app_facts;

static void read_facts(tray_app *app, void *ctx)
{
    app_facts *f = ctx;
    wcsncpy(f->tip, tray_app_tip(app), ARRAYSIZE(f->tip) - 1);
    f->tip[ARRAYSIZE(f->tip) - 1] = 0;
    wcsncpy(f->status, tray_app_status(app), ARRAYSIZE(f->status) - 1);
    f->status[ARRAYSIZE(f->status) - 1] = 0;
    f->warning = tray_app_warning(app);
}

static void facts(tt_app *t, app_facts *f)
{
    memset(f, 0, sizeof(*f));
    tt_on_ui(t, read_facts, f);
}

/* Waits (bounded) until the status line says text. An action's own outcome, not a count of results:
 * a flow that asks a question reports twice (the refused try, then the forced one), and counting
 * could take the previous flow's last result for this one's on a busy machine. */
typedef struct status_wait {
    tt_app *t;
    const WCHAR *text;
} status_wait;

static int status_says(void *ctx)
{
    status_wait *w = ctx;
    app_facts f;
    facts(w->t, &f);
    return tt_contains(f.status, w->text);
}

static int wait_status(tt_app *t, const WCHAR *text)
{
    status_wait w = {t, text};
    return th_wait_for(status_says, &w, 15000);
}

static void note_1219(tray_app *app, void *ctx)
{
    tray_app_note_1219(app, ctx);
}

static int use_in_sandbox(backend *be, const char *local)
{
    const model *m = sandbox_state(be);
    return model_find_local(m, local) >= 0;
}

static int cred_in_sandbox(backend *be, const char *target)
{
    const model *m = sandbox_state(be);
    size_t i;
    for (i = 0; i < m->cred_count; i++)
        if (!strcmp(m->creds[i].raw_target, target))
            return 1;
    return 0;
}

/* ---- serverfault: content, menu, keyboard ---- */

typedef struct menu_search {
    HWND found;
} menu_search;

static BOOL CALLBACK find_menu(HWND hwnd, LPARAM lp)
{
    WCHAR cls[16];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (pid == GetCurrentProcessId() && !wcscmp(cls, L"#32768") && IsWindowVisible(hwnd)) {
        ((menu_search *)lp)->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

static int menu_open(void *ctx)
{
    menu_search *s = ctx;
    s->found = NULL;
    EnumWindows(find_menu, (LPARAM)s);
    return s->found != NULL;
}

static int menu_closed(void *ctx)
{
    return !menu_open(ctx);
}

static void test_menu(tt_app *t)
{
    menu_search s;
    HMENU menu;
    WCHAR text[256], path[MAX_PATH];
    int n, i, servers = 0, colours;

    PostMessageW(t->msg, WM_TRAY_ICON, MAKEWPARAM(200, 200), MAKELPARAM(WM_CONTEXTMENU, 1));
    ok(th_wait_for(menu_open, &s, 10000), "the notification menu did not open\n");
    if (!s.found)
        return;
    menu = (HMENU)SendMessageW(s.found, MN_GETHMENU, 0, 0);
    n = menu ? GetMenuItemCount(menu) : -1;
    ok(n >= 8, "menu has %d items\n", n);
    for (i = 0; i < n; i++) {
        GetMenuStringW(menu, (UINT)i, text, ARRAYSIZE(text), MF_BYPOSITION);
        if (GetSubMenu(menu, i)) {
            servers++;
            if (servers == 1)
                ok(tt_contains(text, L"hka-fs01 — IAI\\bp") && tt_contains(text, L"(3)"),
                   "first server item: %ls\n", text);
            if (servers == 2)
                ok(tt_contains(text, L"hka-fs01.iai.nl") && tt_contains(text, L"(1)"),
                   "second server item: %ls\n", text);
            if (servers == 1) {
                HMENU sub = GetSubMenu(menu, i);
                WCHAR item[128];
                GetMenuStringW(sub, 0, item, ARRAYSIZE(item), MF_BYPOSITION);
                ok(tt_contains(item, L"Disconnect all"), "submenu item 1: %ls\n", item);
                GetMenuStringW(sub, 1, item, ARRAYSIZE(item), MF_BYPOSITION);
                ok(tt_contains(item, L"Forget saved credentials"), "submenu item 2: %ls\n", item);
                ok(GetMenuState(sub, 1, MF_BYPOSITION) & MF_GRAYED,
                   "nothing to forget: the item is grayed\n");
                GetMenuStringW(sub, 2, item, ARRAYSIZE(item), MF_BYPOSITION);
                ok(tt_contains(item, L"Open in Explorer"), "submenu item 3: %ls\n", item);
            }
        }
    }
    ok(servers == 2, "%d server submenus, want 2\n", servers);
    ok(GetMenuState(menu, TRAY_ID_AUTOSTART, MF_BYCOMMAND) & MF_GRAYED,
       "Start with Windows is grayed in the sandbox\n");
    ok(GetMenuStringW(menu, TRAY_ID_REPORT, text, ARRAYSIZE(text), MF_BYCOMMAND) > 0 &&
           tt_contains(text, L"support"),
       "Copy support report: %ls\n", text);
    ok(GetMenuStringW(menu, TRAY_ID_EXIT, text, ARRAYSIZE(text), MF_BYCOMMAND) > 0, "Exit item\n");
    colours = th_screenshot(NULL, "tray_menu", path, MAX_PATH);
    ok(colours >= 3, "menu screenshot %ls: %d colours\n", path, colours);
    /* WM_CANCELMODE ends menu mode, as when another window takes the focus. */
    PostMessageW(t->msg, WM_CANCELMODE, 0, 0);
    ok(th_wait_for(menu_closed, &s, 10000), "the menu did not close\n");
}

static void check_labels(HWND win)
{
    HWND child, prev = NULL;
    WCHAR text[256], cls[64], prev_cls[64] = L"", prev_text[256] = L"";
    for (child = GetWindow(win, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT)) {
        GetClassNameW(child, cls, ARRAYSIZE(cls));
        GetWindowTextW(child, text, ARRAYSIZE(text));
        if (!_wcsicmp(cls, WC_LISTVIEWW) ||
            (!_wcsicmp(cls, WC_EDITW) && (GetWindowLongW(child, GWL_STYLE) & ES_MULTILINE)))
            ok(prev && !_wcsicmp(prev_cls, WC_STATICW) && prev_text[0] && wcschr(prev_text, L'&'),
               "%ls has no label with a mnemonic right before it (%ls)\n", cls, prev_text);
        else if (!_wcsicmp(cls, WC_BUTTONW))
            ok(text[0] != 0, "a button without a name\n");
        else
            ok(text[0] != 0, "%ls (id %d) has no name\n", cls, GetDlgCtrlID(child));
        prev = child;
        wcscpy(prev_cls, cls);
        wcscpy(prev_text, text);
    }
}

/* Screen readers name a control by MSAA; Wine's oleacc has no list-view object. */
static void check_msaa(HWND win)
{
    int ids[] = {TRAY_IDC_LIST, TRAY_IDC_EXPLAIN, TRAY_IDC_DISCONNECT, TRAY_IDC_FORGET, TRAY_IDC_CONNECT};
    size_t i;
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    for (i = 0; i < ARRAYSIZE(ids); i++) {
        IAccessible *acc = NULL;
        VARIANT self;
        BSTR name = NULL;
        HRESULT hr = AccessibleObjectFromWindow(GetDlgItem(win, ids[i]), OBJID_CLIENT, &IID_IAccessible,
                                                (void **)&acc);
        if (FAILED(hr) && th_on_wine()) {
            skip("Wine's oleacc has no accessible object for control %d (0x%08lx)\n", ids[i], hr);
            continue;
        }
        ok(hr == S_OK, "AccessibleObjectFromWindow(%d): 0x%08lx\n", ids[i], hr);
        if (FAILED(hr))
            continue;
        self.vt = VT_I4;
        self.lVal = CHILDID_SELF;
        hr = acc->lpVtbl->get_accName(acc, self, &name);
        ok(hr == S_OK && name && name[0], "control %d has no accessible name (0x%08lx)\n", ids[i], hr);
        SysFreeString(name);
        acc->lpVtbl->Release(acc);
    }
    CoUninitialize();
}

static HWND focus_of(tt_app *t)
{
    GUITHREADINFO gti;
    memset(&gti, 0, sizeof(gti));
    gti.cbSize = sizeof(gti);
    return GetGUIThreadInfo(t->tid, &gti) ? gti.hwndFocus : NULL;
}

typedef struct focus_wait {
    tt_app *t;
    HWND want;
} focus_wait;

static int focus_is(void *ctx)
{
    focus_wait *f = ctx;
    return focus_of(f->t) == f->want;
}

static int window_hidden(void *ctx)
{
    return !IsWindowVisible((HWND)ctx);
}

static void key(HWND target, UINT vk)
{
    PostMessageW(target, WM_KEYDOWN, vk, 1);
    PostMessageW(target, WM_KEYUP, vk, 0xC0000001);
}

static int explain_contains(void *ctx)
{
    WCHAR text[4096];
    HWND win = FindWindowW(TRAY_WINDOW_CLASS, NULL);
    return tt_contains(tt_text(tt_control(win, TRAY_IDC_EXPLAIN), text, ARRAYSIZE(text)), (const WCHAR *)ctx);
}

/* The connect dialog of this process once it shows path, or NULL. */
typedef struct connect_wait {
    const WCHAR *path;
    HWND found;
} connect_wait;

static int connect_dialog_shows(void *ctx)
{
    connect_wait *w = ctx;
    WCHAR text[1024];
    w->found = tt_wait_dialog(GetCurrentProcessId(), L"Connect as", 0);
    return w->found && !wcscmp(tt_text(GetDlgItem(w->found, IDC_CF_PATH), text, ARRAYSIZE(text)), w->path);
}

static HWND connect_dialog(const WCHAR *path, DWORD timeout_ms)
{
    connect_wait w = {path, NULL};
    return th_wait_for(connect_dialog_shows, &w, timeout_ms) ? w.found : NULL;
}

static int window_gone(void *ctx)
{
    return !IsWindow((HWND)ctx);
}

static void activate_on_ui(tray_app *app, void *ctx)
{
    (void)app;
    SetForegroundWindow((HWND)ctx);
    SetActiveWindow((HWND)ctx);
}

static void test_keyboard(tt_app *t, HWND win)
{
    HWND list = tt_control(win, TRAY_IDC_LIST), edit = tt_control(win, TRAY_IDC_EXPLAIN);
    focus_wait f;
    check_labels(win);
    check_msaa(win);
    f.t = t;
    f.want = list;
    ok(th_wait_for(focus_is, &f, 5000), "the list has the focus when the window opens (focus %p)\n",
       (void *)focus_of(t));
    /* Enter on a row starts "Connect as…" for its server; Cancel closes that dialog again. */
    tt_select_row(list, 0);
    key(list, VK_RETURN);
    {
        HWND dlg = connect_dialog(L"\\\\hka-fs01", 5000);
        ok(dlg != NULL, "Enter on a row did not start Connect as…\n");
        if (dlg) {
            PostMessageW(dlg, WM_COMMAND, IDCANCEL, 0);
            ok(th_wait_for(window_gone, dlg, 5000), "Cancel did not close the connect dialog\n");
        }
        /* Back to the sessions window, as a click on it would. */
        tt_on_ui(t, activate_on_ui, win);
        ok(th_wait_for(focus_is, &f, 5000), "the list has the focus again (focus %p)\n", (void *)focus_of(t));
    }
    /* Tab goes through IsDialogMessage in the app's loop, like a real key press. */
    key(list, VK_TAB);
    f.want = edit;
    ok(th_wait_for(focus_is, &f, 5000), "Tab from the list reaches the explanation (focus %p)\n",
       (void *)focus_of(t));
    key(edit, VK_TAB);
    f.want = tt_control(win, TRAY_IDC_DISCONNECT);
    ok(th_wait_for(focus_is, &f, 5000),
       "Tab from the explanation reaches Disconnect all, the first enabled button (%p)\n",
       (void *)focus_of(t));
    /* Alt+S (the list's label "&Sessions…") brings the focus back to the list. */
    PostMessageW(f.want, WM_SYSKEYDOWN, 'S', 0x20000001);
    PostMessageW(f.want, WM_SYSCHAR, 's', 0x20000001);
    PostMessageW(f.want, WM_SYSKEYUP, 'S', 0xE0000001);
    f.want = list;
    ok(th_wait_for(focus_is, &f, 5000), "Alt+S did not move the focus to the list (%p)\n",
       (void *)focus_of(t));
    key(list, VK_ESCAPE);
    ok(th_wait_for(window_hidden, win, 10000), "Esc closes (hides) the window\n");
}

static void test_serverfault(void)
{
    tt_app t;
    HWND win, list;
    tt_rows *rows = calloc(1, sizeof(*rows));
    WCHAR text[2048], path[MAX_PATH];
    app_facts f;
    backend *be = sandbox_from_file(serverfault_path);
    int o, w, y, z, colours;
    sandbox_counters before, after;
    unsigned res;

    th_push_context("serverfault");
    if (!be || !rows || !tt_app_start(&t, be, 1, L"serverfault-773082.scenario", L"tray-ui-test", 3600000)) {
        ok(0, "the app did not start\n");
        free(rows);
        th_pop_context();
        return;
    }
    win = tt_show_window(&t, 15000);
    ok(win != NULL, "the sessions window did not show the state\n");
    if (!win)
        goto done;
    tt_text(win, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Sandbox"), "window title has the sandbox marker: %ls\n", text);
    tt_text(tt_control(win, TRAY_IDC_BANNER), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Sandbox") && tt_contains(text, L"serverfault-773082.scenario") &&
           IsWindowVisible(tt_control(win, TRAY_IDC_BANNER)),
       "banner: %ls\n", text);

    list = tt_control(win, TRAY_IDC_LIST);
    tt_read_rows(list, rows);
    ok(rows->count == 4, "%d rows, want 4\n", rows->count);
    o = tt_find_row(rows, TRAY_COL_DRIVE, L"O:");
    w = tt_find_row(rows, TRAY_COL_DRIVE, L"W:");
    y = tt_find_row(rows, TRAY_COL_DRIVE, L"Y:");
    z = tt_find_row(rows, TRAY_COL_DRIVE, L"Z:");
    ok(o >= 0 && w >= 0 && y >= 0 && z >= 0, "drives O:%d W:%d Y:%d Z:%d\n", o, w, y, z);
    if (o >= 0 && z >= 0 && w >= 0 && y >= 0) {
        ok(!wcscmp(rows->cell[o][TRAY_COL_SERVER], L"hka-fs01") &&
               !wcscmp(rows->cell[w][TRAY_COL_SERVER], L"hka-fs01") &&
               !wcscmp(rows->cell[y][TRAY_COL_SERVER], L"hka-fs01"),
           "O: W: Y: are on hka-fs01\n");
        ok(!wcscmp(rows->cell[z][TRAY_COL_SERVER], L"hka-fs01.iai.nl"), "Z: server %ls\n",
           rows->cell[z][TRAY_COL_SERVER]);
        ok(!wcscmp(rows->cell[o][TRAY_COL_USER], L"IAI\\bp (your sign-in)"), "O: user %ls\n",
           rows->cell[o][TRAY_COL_USER]);
        ok(!wcscmp(rows->cell[y][TRAY_COL_REMOTE], L"\\\\hka-fs01\\data\\machine\\300"), "Y: remote %ls\n",
           rows->cell[y][TRAY_COL_REMOTE]);
        ok(!wcscmp(rows->cell[z][TRAY_COL_STATUS], L"Connected"), "Z: status %ls\n",
           rows->cell[z][TRAY_COL_STATUS]);
        /* One session per server name, listed together: the three hka-fs01 rows, then the FQDN. */
        ok(o < z && w < z && y < z, "rows grouped by server: O:%d W:%d Y:%d Z:%d\n", o, w, y, z);
    }
    tt_text(tt_control(win, TRAY_IDC_EXPLAIN), text, ARRAYSIZE(text));
    ok(tt_contains(text,
                   L"hka-fs01 and hka-fs01.iai.nl are the same machine reached by two names, so Windows "
                   L"keeps two separate sessions"),
       "explanation: %ls\n", text);
    facts(&t, &f);
    ok(!wcscmp(f.tip, L"[Sandbox] ConnectAs — servers: 2, connections: 4"), "tooltip: %ls\n", f.tip);
    ok(f.warning == 0, "no warning for serverfault\n");
    ok(!IsWindowEnabled(tt_control(win, TRAY_IDC_DISCONNECT)),
       "Disconnect all is disabled without a selection\n");

    colours = th_screenshot(win, "tray_sessions_serverfault", path, MAX_PATH);
    ok(colours >= 4, "window screenshot %ls: %d colours\n", path, colours);

    test_menu(&t);
    /* The menu made the message window the foreground one: back to the window, as a click would. */
    ok(tt_show_window(&t, 10000) == win, "the window did not come back\n");
    test_keyboard(&t, win);
    ok(tt_show_window(&t, 10000) == win, "the window did not show again\n");

    /* Select Y: (hka-fs01) by the list: the buttons follow the selection. */
    tt_select_row(list, y >= 0 ? y : 0);
    tt_text(tt_control(win, TRAY_IDC_SELECTED), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"hka-fs01,") && tt_contains(text, L"IAI\\bp"), "selection line: %ls\n", text);
    ok(IsWindowEnabled(tt_control(win, TRAY_IDC_DISCONNECT)), "Disconnect all is enabled for hka-fs01\n");
    ok(!IsWindowEnabled(tt_control(win, TRAY_IDC_FORGET)), "Forget is disabled: no saved credential\n");

    /* Disconnect the FQDN session from the notification menu's command. */
    res = tt_actions(&t);
    before = sandbox_get_counters(be);
    tt_command(&t, tt_slot_command(&t, "hka-fs01.iai.nl", TRAY_SLOT_DISCONNECT));
    ok(tt_wait_actions(&t, res, 15000), "no result for the disconnect\n");
    after = sandbox_get_counters(be);
    ok(!use_in_sandbox(be, "Z:") && use_in_sandbox(be, "O:"), "Z: is disconnected, O: is not\n");
    ok(after.disconnects == before.disconnects + 1, "one disconnect call (%u)\n",
       after.disconnects - before.disconnects);
    tt_read_rows(list, rows);
    ok(rows->count == 3 && tt_find_row(rows, TRAY_COL_DRIVE, L"Z:") < 0, "the list has %d rows and no Z:\n",
       rows->count);
    facts(&t, &f);
    ok(tt_contains(f.status, L"Disconnected from hka-fs01.iai.nl: Z:"), "status: %ls\n", f.status);
    tt_text(tt_control(win, TRAY_IDC_STATUS), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Z:"), "status bar: %ls\n", text);

    /* Disconnect hka-fs01 from the window's button (the selection is Y:'s server). */
    res = tt_actions(&t);
    PostMessageW(win, WM_COMMAND, MAKEWPARAM(TRAY_IDC_DISCONNECT, BN_CLICKED),
                 (LPARAM)tt_control(win, TRAY_IDC_DISCONNECT));
    ok(tt_wait_actions(&t, res, 15000), "no result for Disconnect all\n");
    ok(!use_in_sandbox(be, "O:") && !use_in_sandbox(be, "W:") && !use_in_sandbox(be, "Y:"),
       "O: W: Y: are gone\n");
    facts(&t, &f);
    ok(tt_contains(f.status, L"O:, W:, Y:"), "drives first, in order: %ls\n", f.status);
    tt_read_rows(list, rows);
    ok(rows->count == 0, "%d rows left\n", rows->count);
    ok(!wcscmp(f.tip, L"[Sandbox] ConnectAs — servers: 0, connections: 0"), "tooltip: %ls\n", f.tip);

    /* Nothing here reaches anything real: no Run key in the sandbox. */
    tt_command_sync(&t, TRAY_ID_AUTOSTART);
    facts(&t, &f);
    ok(tt_contains(f.status, L"sandbox"), "autostart in the sandbox: %ls\n", f.status);
    ok(RegGetValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, RRF_RT_ANY, NULL, NULL, NULL) !=
           ERROR_SUCCESS,
       "the sandbox wrote a Run value\n");

done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    free(rows);
    th_pop_context();
}

/* ---- busy scenario: prompts, warnings, credentials ---- */

static void test_busy(void)
{
    tt_app t;
    HWND win, list;
    tt_rows *rows = calloc(1, sizeof(*rows));
    WCHAR text[4096], path[MAX_PATH];
    app_facts f;
    backend *be = sandbox_from_text("busy.scenario", busy_scenario);
    sandbox_counters c0, c1;
    unsigned res;
    int r;
    UINT cmd;

    th_push_context("busy");
    if (!be || !rows || !tt_app_start(&t, be, 1, L"busy.scenario", L"tray-ui-busy", 3600000)) {
        ok(0, "the app did not start\n");
        free(rows);
        th_pop_context();
        return;
    }
    win = tt_show_window(&t, 15000);
    ok(win != NULL, "the window did not show\n");
    if (!win)
        goto done;
    list = tt_control(win, TRAY_IDC_LIST);
    tt_read_rows(list, rows);
    r = tt_find_row(rows, TRAY_COL_DRIVE, L"P:");
    ok(r >= 0 && !wcscmp(rows->cell[r][TRAY_COL_USER], L"IAI\\admin (saved credential)"),
       "P: signs in with the saved credential: %ls\n", r >= 0 ? rows->cell[r][TRAY_COL_USER] : L"-");
    ok(r >= 0 && !wcscmp(rows->cell[r][TRAY_COL_OPEN], L"2"), "P: open files %ls\n",
       r >= 0 ? rows->cell[r][TRAY_COL_OPEN] : L"-");
    r = tt_find_row(rows, TRAY_COL_DRIVE, L"(IPC$: browsing)");
    ok(r >= 0 && !wcscmp(rows->cell[r][TRAY_COL_SERVER], L"fs02"), "IPC$ row on fs02\n");
    r = tt_find_row(rows, TRAY_COL_DRIVE, L"Q:");
    ok(r >= 0 && tt_contains(rows->cell[r][TRAY_COL_STATUS], L"Disconnected"), "Q: status\n");
    r = tt_find_row(rows, TRAY_COL_DRIVE, L"R:");
    ok(r >= 0 && tt_contains(rows->cell[r][TRAY_COL_STATUS], L"Unavailable") &&
           !wcscmp(rows->cell[r][TRAY_COL_USER], L"IAI\\old"),
       "R: is a remembered drive of IAI\\old\n");
    tt_text(tt_control(win, TRAY_IDC_EXPLAIN), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"R: (\\\\fs04\\old) is a remembered drive") && tt_contains(text, L"error 1219"),
       "explanation of R:: %ls\n", text);
    ok(tt_contains(text, L"Q: (\\\\fs03\\home) has lost its connection"), "explanation of Q:: %ls\n", text);
    ok(tt_contains(text, L"fs02 signs in as IAI\\admin because the saved credential fs02 applies"),
       "explanation of the saved credential: %ls\n", text);
    facts(&t, &f);
    ok(f.warning == 1, "a disconnected use and a remembered drive give the warning icon\n");
    ok(tt_contains(f.tip, L"needs attention"), "tooltip: %ls\n", f.tip);
    th_screenshot(win, "tray_sessions_busy", path, MAX_PATH);

    /* Open files: the first try does not force; the question names the drive and path; No keeps it. */
    cmd = tt_slot_command(&t, "fs02", TRAY_SLOT_DISCONNECT);
    c0 = sandbox_get_counters(be);
    res = tt_actions(&t);
    tt_command(&t, cmd);
    {
        const WCHAR *want[] = {L"P:", L"\\\\fs02\\projects", L"open files: 2"};
        tt_answer(L"Files are open", IDNO, want, 3, L"IPC$", text, ARRAYSIZE(text));
    }
    ok(tt_wait_actions(&t, res, 15000), "no result after No\n");
    wait_status(&t, L"Still connected to fs02 (in use): P:");
    ok(use_in_sandbox(be, "P:"), "P: was disconnected without consent\n");
    c1 = sandbox_get_counters(be);
    ok(c1.disconnects - c0.disconnects == 2, "P: (refused) and IPC$: %u disconnect calls\n",
       c1.disconnects - c0.disconnects);
    facts(&t, &f);
    ok(tt_contains(f.status, L"Still connected to fs02 (in use): P:"), "status after No: %ls\n", f.status);

    /* Again, and Yes: forced. */
    res = tt_actions(&t);
    tt_command(&t, cmd);
    {
        const WCHAR *want[] = {L"P:", L"\\\\fs02\\projects"};
        tt_answer(L"Files are open", IDYES, want, 2, NULL, text, ARRAYSIZE(text));
    }
    ok(tt_wait_actions(&t, res, 15000), "no result after Yes\n");
    wait_status(&t, L"Disconnected from fs02: P:");
    ok(!use_in_sandbox(be, "P:"), "P: is still connected after Yes\n");
    facts(&t, &f);
    ok(tt_contains(f.status, L"Disconnected from fs02: P:"), "status after Yes: %ls\n", f.status);

    /* Forget: exactly the credential naming fs02 is listed and deleted; the domain-wide one stays. */
    cmd = tt_slot_command(&t, "fs02", TRAY_SLOT_FORGET);
    ok(cmd != 0, "fs02 is still listed (its saved credential)\n");
    res = tt_actions(&t);
    tt_command(&t, cmd);
    {
        const WCHAR *want[] = {L"fs02 (user IAI\\admin, Windows credential)"};
        tt_answer(L"Forget saved credentials", IDYES, want, 1, L"IAI\\wide", text, ARRAYSIZE(text));
    }
    ok(tt_wait_actions(&t, res, 15000), "no result for forget\n");
    wait_status(&t, L"Deleted saved credentials: fs02.");
    ok(!cred_in_sandbox(be, "fs02") && cred_in_sandbox(be, "IAI\\*"), "fs02 deleted, IAI\\* kept\n");
    facts(&t, &f);
    ok(tt_contains(f.status, L"Deleted saved credentials: fs02."), "status after forget: %ls\n", f.status);

    /* A recent 1219 keeps the warning and is explained. */
    tt_on_ui(&t, note_1219, (void *)"fs05");
    facts(&t, &f);
    ok(f.warning == 1, "warning after a 1219\n");
    tt_text(tt_control(win, TRAY_IDC_EXPLAIN), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Error 1219 was reported for fs05"), "1219 explained: %ls\n", text);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    free(rows);
    th_pop_context();
}

/* ---- refresh triggers ---- */

typedef struct snap_wait {
    backend *be;
    unsigned above;
} snap_wait;

static int snapshots_above(void *ctx)
{
    snap_wait *w = ctx;
    return sandbox_get_counters(w->be).snapshots > w->above;
}

static void test_refresh(void)
{
    tt_app t;
    backend *be = sandbox_from_file(serverfault_path);
    snap_wait w;
    unsigned res;
    th_push_context("refresh");
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"tray-ui-refresh", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    w.be = be;
    ok(tt_wait_results(&t, 0, 15000), "no first refresh\n");
    res = tt_results(&t);
    w.above = sandbox_get_counters(be).snapshots;
    /* A drive arrived: refresh shortly after. */
    /* Sent, as the system does: DBT_DEVICEARRIVAL carries a pointer and cannot be posted. */
    SendMessageW(t.msg, WM_DEVICECHANGE, DBT_DEVICEARRIVAL, 0);
    ok(th_wait_for(snapshots_above, &w, 10000), "no refresh after WM_DEVICECHANGE\n");
    ok(tt_wait_results(&t, res, 10000), "no result after WM_DEVICECHANGE\n");
    /* The shell announces a new network drive. */
    res = tt_results(&t);
    w.above = sandbox_get_counters(be).snapshots;
    SHChangeNotify(SHCNE_DRIVEADD, SHCNF_PATHW | SHCNF_FLUSH, L"X:\\", NULL);
    ok(th_wait_for(snapshots_above, &w, 10000), "no refresh after SHCNE_DRIVEADD\n");
    ok(tt_wait_results(&t, res, 10000), "no result after SHCNE_DRIVEADD\n");
    /* Opening the window refreshes too. */
    res = tt_results(&t);
    w.above = sandbox_get_counters(be).snapshots;
    tt_command(&t, TRAY_ID_SESSIONS);
    ok(th_wait_for(snapshots_above, &w, 10000), "no refresh when the window opens\n");
    ok(tt_wait_results(&t, res, 10000), "no result after opening\n");
    /* Idle: nothing happens between refreshes (the timer is an hour here). */
    w.above = sandbox_get_counters(be).snapshots;
    ok(!th_wait_for(snapshots_above, &w, 1500), "a snapshot without any trigger\n");
    ok(tt_app_stop(&t), "the app did not exit\n");

    /* The slow timer: a short period refreshes by itself. */
    be = sandbox_from_file(serverfault_path);
    if (be && tt_app_start(&t, be, 1, L"serverfault", L"tray-ui-timer", 400)) {
        w.be = be;
        w.above = 3;
        ok(th_wait_for(snapshots_above, &w, 15000), "the timer did not refresh (%u snapshots)\n",
           sandbox_get_counters(be).snapshots);
        ok(tt_app_stop(&t), "the app did not exit\n");
    } else {
        ok(0, "the timer app did not start\n");
    }
    th_pop_context();
}

/* ---- the UI never waits for the network ---- */

/* A backend whose snapshot blocks until released, like NetUseEnum on a dead VPN. */
typedef struct blocking_backend {
    backend be;
    backend *inner;
    HANDLE release;
    volatile LONG waiting;
} blocking_backend;

static blocking_backend *bb_from(backend *be)
{
    return CA_CONTAINER_OF(be, blocking_backend, be);
}

static ca_status bb_snapshot(backend *be, model **out, ca_error *err)
{
    blocking_backend *b = bb_from(be);
    InterlockedIncrement(&b->waiting);
    WaitForSingleObject(b->release, 30000);
    return backend_snapshot(b->inner, out, err);
}

static ca_status bb_connect(backend *be, const backend_connect *req, char assigned[4], ca_error *err)
{
    return backend_connect_to(bb_from(be)->inner, req, assigned, err);
}

static ca_status bb_disconnect(backend *be, const char *name, int force, int forget, ca_error *err)
{
    return backend_disconnect(bb_from(be)->inner, name, force, forget, err);
}

static ca_status bb_forget(backend *be, const char *raw_target, model_cred_type type, ca_error *err)
{
    return backend_forget(bb_from(be)->inner, raw_target, type, err);
}

static void bb_destroy(backend *be)
{
    blocking_backend *b = bb_from(be);
    backend_free(b->inner);
    CloseHandle(b->release);
    free(b);
}

static const backend_vtable bb_vtable = {"blocking",    bb_snapshot, bb_connect,
                                         bb_disconnect, bb_forget,   bb_destroy};

static int bb_blocked(void *ctx)
{
    return InterlockedCompareExchange(&((blocking_backend *)ctx)->waiting, 0, 0) > 0;
}

static void test_never_blocks(void)
{
    tt_app t;
    blocking_backend *bb = calloc(1, sizeof(*bb));
    HWND win;
    WCHAR text[1024];
    DWORD_PTR answer;
    DWORD start;
    th_push_context("blocking snapshot");
    if (!bb || !(bb->inner = sandbox_from_file(serverfault_path))) {
        free(bb);
        th_pop_context();
        return;
    }
    bb->be.vt = &bb_vtable;
    bb->release = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!tt_app_start(&t, &bb->be, 1, L"serverfault", L"tray-ui-blocking", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    ok(th_wait_for(bb_blocked, bb, 10000), "the first snapshot was not started\n");
    /* The worker is stuck in the snapshot until released; the UI thread still answers. The bound only
     * ends a wait on a UI thread that is stuck too: it is no measure of speed (a busy machine is slow). */
    start = GetTickCount();
    ok(SendMessageTimeoutW(t.msg, WM_NULL, 0, 0, SMTO_ABORTIFHUNG, 30000, &answer) != 0,
       "the message window does not answer while a snapshot blocks\n");
    tt_command_sync(&t, TRAY_ID_SESSIONS);
    trace("opening the window took %lu ms\n", GetTickCount() - start);
    win = FindWindowW(TRAY_WINDOW_CLASS, NULL);
    ok(win && IsWindowVisible(win), "the window is not shown while the snapshot blocks\n");
    tt_text(tt_control(win, TRAY_IDC_EXPLAIN), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Reading the connections"), "explanation while reading: %ls\n", text);
    SetEvent(bb->release);
    ok(th_wait_for(explain_contains, (void *)L"same machine", 15000),
       "the state did not arrive after the release\n");
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- support report and forwarding ---- */

static void test_report_and_forward(void)
{
    tt_app t;
    backend *be = sandbox_from_file(serverfault_path);
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 200], text[4096];
    app_facts f;
    HANDLE proc;
    DWORD code = 99;
    HANDLE mutex;
    int existing = 0;
    th_push_context("report and forwarding");
    /* As connectas-tray.exe does: this process is the instance "tray-ui-forward". */
    mutex = tray_instance_claim(L"tray-ui-forward", &existing);
    ok(mutex != NULL && !existing, "cannot claim the instance (existing %d)\n", existing);
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"tray-ui-forward", 3600000)) {
        ok(0, "the app did not start\n");
        if (mutex)
            CloseHandle(mutex);
        th_pop_context();
        return;
    }
    ok(tt_wait_results(&t, 0, 15000), "no first refresh\n");
    tt_command_sync(&t, TRAY_ID_REPORT);
    facts(&t, &f);
    ok(tt_contains(f.status, L"clipboard"), "status: %ls\n", f.status);
    if (OpenClipboard(NULL)) {
        HANDLE h = GetClipboardData(CF_UNICODETEXT);
        const WCHAR *clip = h ? GlobalLock(h) : NULL;
        ok(clip && tt_contains(clip, L"sandbox scenario serverfault") &&
               tt_contains(clip, L"hka-fs01.iai.nl") && tt_contains(clip, L"\r\n"),
           "clipboard: %ls\n", clip ? clip : L"(none)");
        if (h)
            GlobalUnlock(h);
        CloseClipboard();
    } else {
        ok(0, "cannot open the clipboard\n");
    }

    /* A second start forwards "connect PATH" to this instance and ends. */
    tt_bin_path(L"connectas-tray.exe", exe, ARRAYSIZE(exe));
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --instance tray-ui-forward connect \"\\\\hka-fs01\\data\\x y\"",
               exe);
    proc = tt_spawn(cmd, NULL);
    ok(proc != NULL, "cannot start %ls\n", exe);
    if (proc) {
        ok(tt_wait_process(proc, 30000, &code) && code == 0, "the second instance exit code %lu\n", code);
        CloseHandle(proc);
    }
    {
        HWND dlg = connect_dialog(L"\\\\hka-fs01\\data\\x y", 15000);
        ok(dlg != NULL, "the first instance did not start Connect as… for the forwarded path\n");
        tt_text(GetDlgItem(dlg, IDC_CF_NOW), text, ARRAYSIZE(text));
        ok(tt_contains(text, L"hka-fs01 as IAI\\bp (your sign-in), through O:, W: and Y:"),
           "who holds it: %ls\n", text);
        if (dlg)
            PostMessageW(dlg, WM_COMMAND, IDCANCEL, 0);
    }
    ok(tt_app_stop(&t), "the app did not exit\n");
    if (mutex)
        CloseHandle(mutex);
    th_pop_context();
}

/* ---- string tables ---- */

static void test_strings(void)
{
    static const UINT ranges[][2] = {{IDS_TRAY_FIRST, IDS_TRAY_LAST},
                                     {IDS_TRAY_EXPLAIN_FIRST, IDS_TRAY_EXPLAIN_LAST},
                                     {IDS_SUPPORT_FIRST, IDS_SUPPORT_LAST}};
    UINT id, r;
    int english = 0, translated = 0;
    WCHAR en[1024], nl[1024], de[1024];
    for (r = 0; r < ARRAYSIZE(ranges); r++)
        for (id = ranges[r][0]; id <= ranges[r][1]; id++) {
            if (!tt_string_in(id, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), en, ARRAYSIZE(en)))
                continue;
            english++;
            ok(tt_string_in(id, MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH), nl, ARRAYSIZE(nl)) > 0,
               "string %u has no Dutch\n", id);
            ok(tt_string_in(id, MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), de, ARRAYSIZE(de)) > 0,
               "string %u has no German\n", id);
            /* The same inserts in every language. */
            for (WCHAR k = L'1'; k <= L'9'; k++) {
                WCHAR ins[3] = {L'%', k, 0};
                ok(!tt_contains(en, ins) == !tt_contains(nl, ins) &&
                       !tt_contains(en, ins) == !tt_contains(de, ins),
                   "string %u: %ls differs between languages\n", id, ins);
            }
            translated += wcscmp(en, nl) != 0 && wcscmp(en, de) != 0;
        }
    ok(english >= 100, "%d English strings\n", english);
    ok(translated * 10 >= english * 8, "only %d of %d strings differ from English in both languages\n",
       translated, english);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    serverfault_path = argc > 1 ? argv[1] : "serverfault-773082.scenario";
    test_strings();
    test_serverfault();
    test_busy();
    test_refresh();
    test_never_blocks();
    test_report_and_forward();
    return th_finish();
}
