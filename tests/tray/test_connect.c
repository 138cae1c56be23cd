/* "Connect as…" in-process: the connect and conflict dialogs on the live backend (fake SMB client) and the
 * sandbox. */
/* Longer than ~700 lines on purpose: the connect flow end to end on the live fake SMB client and the sandbox,
 * one scenario per case. */
#define COBJMACROS
#include <windows.h>
#include <commctrl.h>
#include <wincred.h>
#include <objbase.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "sandbox.h"
#include "scenario.h"
#include "screenshot.h"
#include "tray_connect_res.h"
#include "tray_dialog.h"
#include "tray_open.h"
#include "tray_internal.h"
#include "tray_test.h"
#include "win32_backend.h"

#define WAIT_MS 30000

static const char *serverfault_path;
/* The password typed in every flow: it must never show up anywhere but the fake's hash. */
static const WCHAR secret_w[] = L"Zebra-Tulip-7731";
static const char secret_a[] = "Zebra-Tulip-7731";

/* ---- what the app shows, read on its UI thread ---- */

typedef struct cf_view {
    tray_cf_stage stage;
    HWND dlg, task, focus;
    WCHAR opened[512];
    WCHAR conflict[8192];
    WCHAR status[512];
    unsigned done, misses;
    int secret_zero;
    int warning;
} cf_view;

static tray_flow *flow_of(tray_app *app)
{
    return tray_dialog_flow(tray_app_dialog(app));
}

static void read_view(tray_app *app, void *ctx)
{
    cf_view *v = ctx;
    size_t size = 0, i;
    const unsigned char *secret = tray_secret_bytes(tray_flow_secret(flow_of(app)), &size);
    v->stage = tray_flow_stage(flow_of(app));
    v->dlg = tray_dialog_hwnd(tray_app_dialog(app));
    v->task = tray_dialog_task(tray_app_dialog(app));
    v->focus = GetFocus();
    _snwprintf(v->opened, ARRAYSIZE(v->opened), L"%ls", tray_app_opened(app));
    _snwprintf(v->conflict, ARRAYSIZE(v->conflict), L"%ls", tray_dialog_conflict_text(tray_app_dialog(app)));
    _snwprintf(v->status, ARRAYSIZE(v->status), L"%ls", tray_app_status(app));
    v->opened[ARRAYSIZE(v->opened) - 1] = v->conflict[ARRAYSIZE(v->conflict) - 1] = 0;
    v->status[ARRAYSIZE(v->status) - 1] = 0;
    v->done = tray_flow_done_count(flow_of(app));
    v->misses = tray_flow_miss_count(flow_of(app));
    v->warning = tray_app_warning(app);
    v->secret_zero = 1;
    for (i = 0; secret && i < size; i++)
        v->secret_zero &= secret[i] == 0;
}

static void view(tt_app *t, cf_view *v)
{
    memset(v, 0, sizeof(*v));
    tt_on_ui(t, read_view, v);
}

typedef struct stage_wait {
    tt_app *t;
    tray_cf_stage stage;
    int need_task;
    unsigned done; /* with TRAY_CF_CLOSED: the number of finished connects to wait for (0: any) */
} stage_wait;

static int stage_reached(void *ctx)
{
    stage_wait *w = ctx;
    cf_view v;
    view(w->t, &v);
    if (v.stage != w->stage)
        return 0;
    if (w->need_task && !v.task)
        return 0;
    return !w->done || v.done >= w->done;
}

static int wait_stage(tt_app *t, tray_cf_stage stage)
{
    stage_wait w = {t, stage, 0, 0};
    return th_wait_for(stage_reached, &w, WAIT_MS);
}

/* Waits for the conflict dialog and returns it. */
static HWND wait_task(tt_app *t)
{
    stage_wait w = {t, TRAY_CF_ASKING, 1, 0};
    cf_view v;
    if (!th_wait_for(stage_reached, &w, WAIT_MS))
        return NULL;
    view(t, &v);
    return v.task;
}

static int wait_done(tt_app *t, unsigned done)
{
    stage_wait w = {t, TRAY_CF_CLOSED, 0, done};
    return th_wait_for(stage_reached, &w, WAIT_MS);
}

/* ---- driving the dialogs ---- */

typedef struct begin_args {
    const WCHAR *path;
} begin_args;

static void begin_on_ui(tray_app *app, void *ctx)
{
    tray_app_connect(app, ((begin_args *)ctx)->path);
}

static WCHAR opened_paths[8][512];
static volatile LONG open_calls;

static void record_open(void *ctx, const WCHAR *path)
{
    LONG n = InterlockedIncrement(&open_calls) - 1;
    (void)ctx;
    if (n < 8) {
        _snwprintf(opened_paths[n], 512, L"%ls", path);
        opened_paths[n][511] = 0;
    }
}

static void set_opener_on_ui(tray_app *app, void *ctx)
{
    (void)ctx;
    tray_app_set_opener(app, record_open, NULL);
}

typedef struct now_wait {
    HWND dlg;
    const WCHAR *want;
} now_wait;

static int now_shows(void *ctx)
{
    now_wait *w = ctx;
    WCHAR text[1024];
    return tt_contains(tt_text(GetDlgItem(w->dlg, IDC_CF_NOW), text, ARRAYSIZE(text)), w->want);
}

/* Opens the connect dialog for path and waits until it shows the state (want in "Connected now"). */
static HWND open_dialog(tt_app *t, const WCHAR *path, const WCHAR *want_now)
{
    begin_args a = {path};
    cf_view v;
    now_wait w;
    unsigned results = tt_results(t);
    tt_on_ui(t, set_opener_on_ui, NULL);
    tt_on_ui(t, begin_on_ui, &a);
    ok(wait_stage(t, TRAY_CF_EDIT), "the connect dialog did not open for %ls\n", path);
    /* Opening the dialog reads the state again: wait for it, so that it does not change under the test. */
    ok(tt_wait_results(t, results, WAIT_MS), "no refresh after opening the dialog\n");
    view(t, &v);
    w.dlg = v.dlg;
    w.want = want_now;
    ok(v.dlg && (!want_now || th_wait_for(now_shows, &w, WAIT_MS)),
       "the dialog for %ls does not show \"%ls\"\n", path, want_now ? want_now : L"");
    return v.dlg;
}

static void set_field(HWND dlg, int id, const WCHAR *text)
{
    SendMessageW(GetDlgItem(dlg, id), WM_SETTEXT, 0, (LPARAM)text);
}

static void click(HWND dlg, int id)
{
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(id, BN_CLICKED), (LPARAM)GetDlgItem(dlg, id));
}

/* Selects the drive choice whose item data is data (0 none, '*' next free, 'X' a letter). */
static int choose_drive(HWND dlg, LPARAM data)
{
    HWND combo = GetDlgItem(dlg, IDC_CF_DRIVE);
    int n = (int)SendMessageW(combo, CB_GETCOUNT, 0, 0), i;
    for (i = 0; i < n; i++)
        if (SendMessageW(combo, CB_GETITEMDATA, (WPARAM)i, 0) == data) {
            SendMessageW(combo, CB_SETCURSEL, (WPARAM)i, 0);
            return 1;
        }
    return 0;
}

/* Types user and password and presses Connect. */
static void connect_as(HWND dlg, const WCHAR *user, const WCHAR *password)
{
    set_field(dlg, IDC_CF_USER, user);
    set_field(dlg, IDC_CF_PASSWORD, password);
    click(dlg, IDOK);
}

typedef struct message_wait {
    HWND dlg;
    const WCHAR *want;
} message_wait;

static int message_has(void *ctx)
{
    message_wait *w = ctx;
    WCHAR text[2048];
    return tt_contains(tt_text(GetDlgItem(w->dlg, IDC_CF_MESSAGE), text, ARRAYSIZE(text)), w->want);
}

/* Waits until the dialog's message line says want and the dialog waits for the user again. */
static int wait_message(tt_app *t, HWND dlg, const WCHAR *want)
{
    message_wait w = {dlg, want};
    return th_wait_for(message_has, &w, WAIT_MS) && wait_stage(t, TRAY_CF_EDIT);
}

static int password_cleared(void *ctx)
{
    return GetWindowTextLengthW(GetDlgItem((HWND)ctx, IDC_CF_PASSWORD)) == 0;
}

static void click_task(HWND task, int id)
{
    PostMessageW(task, TDM_CLICK_BUTTON, (WPARAM)id, 0);
}

typedef struct texts {
    WCHAR buf[16384];
} texts;

static BOOL CALLBACK collect_text(HWND hwnd, LPARAM lp)
{
    texts *t = (texts *)lp;
    WCHAR one[2048];
    size_t used = wcslen(t->buf);
    tt_text(hwnd, one, ARRAYSIZE(one));
    if (one[0] && used + wcslen(one) + 2 < ARRAYSIZE(t->buf)) {
        wcscat(t->buf, one);
        wcscat(t->buf, L"\n");
    }
    return TRUE;
}

/* Every text the window and its controls show. */
static const WCHAR *window_texts(HWND hwnd, texts *t)
{
    t->buf[0] = 0;
    collect_text(hwnd, (LPARAM)t);
    EnumChildWindows(hwnd, collect_text, (LPARAM)t);
    return t->buf;
}

static void paint_on_ui(tray_app *app, void *ctx)
{
    (void)app;
    RedrawWindow((HWND)ctx, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_UPDATENOW | RDW_ALLCHILDREN);
}

static void photo(tt_app *t, HWND hwnd, const char *name)
{
    WCHAR path[MAX_PATH];
    int colours;
    tt_on_ui(t, paint_on_ui, hwnd);
    colours = th_screenshot(hwnd, name, path, MAX_PATH);
    ok(colours >= 4, "screenshot %s: %d colours\n", name, colours);
}

static const WCHAR *message_of(HWND dlg, WCHAR *buf, int len)
{
    return tt_text(GetDlgItem(dlg, IDC_CF_MESSAGE), buf, len);
}

/* ---- checks shared by the flows ---- */

static int recent_users(const WCHAR *server, WCHAR *out, DWORD size)
{
    memset(out, 0, size);
    return RegGetValueW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, server, RRF_RT_REG_MULTI_SZ, NULL, out,
                        &size) == ERROR_SUCCESS;
}

static int cred_user(const WCHAR *target, DWORD type, WCHAR *user, size_t len)
{
    CREDENTIALW *c = NULL;
    if (!CredReadW(target, type, 0, &c))
        return 0;
    _snwprintf(user, len, L"%ls", c->UserName ? c->UserName : L"");
    user[len - 1] = 0;
    CredFree(c);
    return 1;
}

/* The password is in none of the places a user or support could see; its buffer is zero
 * unless a connect is still to come (held) or not. */
static void check_secret(tt_app *t, const char *when, int held)
{
    cf_view v;
    char *state = fakesmb_installed() ? fakesmb_state_text() : NULL;
    view(t, &v);
    ok(v.secret_zero == !held, "%s: the password buffer is %s\n", when, v.secret_zero ? "zero" : "not zero");
    ok(!tt_contains(v.status, secret_w) && !tt_contains(v.conflict, secret_w) &&
           !tt_contains(v.opened, secret_w),
       "%s: the password shows in the status, conflict dialog or opened path\n", when);
    ok(!state || !strstr(state, secret_a), "%s: the fake's state holds the password\n", when);
    free(state);
    if (v.dlg) {
        WCHAR text[512];
        ok(!tt_contains(tt_text(GetDlgItem(v.dlg, IDC_CF_PASSWORD), text, ARRAYSIZE(text)), secret_w),
           "%s: the password is still in the edit\n", when);
    }
}

/* The support report the tray copies: misses included, never the password. */
static void read_report(tt_app *t, WCHAR *out, size_t len)
{
    out[0] = 0;
    tt_command_sync(t, TRAY_ID_REPORT);
    if (OpenClipboard(NULL)) {
        HANDLE h = GetClipboardData(CF_UNICODETEXT);
        const WCHAR *clip = h ? GlobalLock(h) : NULL;
        if (clip)
            _snwprintf(out, len, L"%ls", clip);
        out[len - 1] = 0;
        if (h)
            GlobalUnlock(h);
        CloseClipboard();
    }
}

static int have_fake(void)
{
    if (fakesmb_installed())
        return 1;
    ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
    skip("needs the fake SMB client (not on a real machine)\n");
    return 0;
}

static int load_fake(const char *scenario_path)
{
    char err[300] = "";
    fakesmb_reset();
    fakesmb_clear_failures();
    ok(fakesmb_load_scenario(scenario_path, err, sizeof(err)) == 0, "loading %s: %s\n", scenario_path, err);
    return fakesmb_set_password("IAI\\svc", secret_a) == 0;
}

static int start_live(tt_app *t, const WCHAR *instance)
{
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
    /* No name resolution: the fake's servers are in no DNS. */
    if (win32_backend_create(WIN32_BACKEND_NO_RESOLVE, &be, &e) != CA_OK) {
        ok(0, "win32 backend: %s\n", e.msg);
        return 0;
    }
    if (!tt_app_start(t, be, 0, NULL, instance, 3600000)) {
        ok(0, "the app did not start\n");
        return 0;
    }
    return tt_wait_results(t, 0, WAIT_MS);
}

static backend *sandbox_from(const char *path, const char *text)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if ((path ? scenario_load_file(path, &m, &e) : scenario_parse("test", text, strlen(text), &m, &e)) !=
            CA_OK ||
        sandbox_create(m, &be, &e) != CA_OK) {
        ok(0, "sandbox: %s\n", e.msg);
        return NULL;
    }
    return be;
}

/* ---- the string table ---- */

static void test_strings(void)
{
    UINT id;
    int english = 0;
    WCHAR en[1024], nl[1024], de[1024];
    for (id = IDS_CF_FIRST; id <= IDS_CF_LAST; id++) {
        if (!tt_string_in(id, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), en, ARRAYSIZE(en)))
            continue;
        english++;
        ok(tt_string_in(id, MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH), nl, ARRAYSIZE(nl)) > 0,
           "string %u has no Dutch\n", id);
        ok(tt_string_in(id, MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), de, ARRAYSIZE(de)) > 0,
           "string %u has no German\n", id);
        for (WCHAR k = L'1'; k <= L'9'; k++) {
            WCHAR ins[3] = {L'%', k, 0};
            ok(!tt_contains(en, ins) == !tt_contains(nl, ins) &&
                   !tt_contains(en, ins) == !tt_contains(de, ins),
               "string %u: %ls differs between languages\n", id, ins);
        }
        ok(wcscmp(en, nl) && wcscmp(en, de), "string %u is not translated: %ls\n", id, en);
    }
    ok(english == IDS_CF_LAST - IDS_CF_FIRST - 3,
       /* 1230 and 1238-1240 are not used */ "%d English strings in the connect range\n", english);
    ok(FindResourceW(NULL, MAKEINTRESOURCEW(IDD_CONNECT), (LPCWSTR)RT_DIALOG) != NULL, "no connect dialog\n");
}

/* ---- live: serverfault, the conflict, disconnect and continue ---- */

static void test_live_disconnect(void)
{
    tt_app t;
    HWND dlg, task;
    cf_view v;
    texts tx;
    WCHAR text[4096], user[256];
    fakesmb_use u;
    unsigned done;
    th_push_context("live: disconnect and continue");
    if (!have_fake() || !load_fake(serverfault_path) || !start_live(&t, L"connect-live")) {
        th_pop_context();
        return;
    }
    dlg = open_dialog(&t, L"\\\\hka-fs01\\data", L"O:, W: and Y:");
    if (!dlg)
        goto done;
    tt_text(GetDlgItem(dlg, IDC_CF_NOW), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"hka-fs01 as IAI\\bp") && !tt_contains(text, L"Z:"),
       "the slot's current user and its connections: %ls\n", text);
    tt_text(GetDlgItem(dlg, IDC_CF_PATH), text, ARRAYSIZE(text));
    ok(!wcscmp(text, L"\\\\hka-fs01\\data"), "path: %ls\n", text);
    ok(GetWindowLongW(GetDlgItem(dlg, IDC_CF_PASSWORD), GWL_STYLE) & ES_PASSWORD,
       "the password edit hides it\n");
    set_field(dlg, IDC_CF_USER, L"IAI\\svc");
    set_field(dlg, IDC_CF_PASSWORD, secret_w);
    photo(&t, dlg, "connect_dialog");
    window_texts(dlg, &tx);
    ok(tt_contains(tx.buf, L"Remember my credentials") && tt_contains(tx.buf, L"No drive letter") &&
           tt_contains(tx.buf, L"&User name:"),
       "the dialog's texts: %ls\n", tx.buf);

    done = 0;
    view(&t, &v);
    done = v.done;
    click(dlg, IDOK);
    ok(th_wait_for(password_cleared, dlg, WAIT_MS), "the password edit was not cleared\n");
    task = wait_task(&t);
    ok(task != NULL, "no conflict dialog\n");
    if (!task)
        goto done;
    view(&t, &v);
    ok(tt_contains(
           v.conflict,
           L"You are already connected to hka-fs01 as IAI\\bp through O:, W: and Y:. Windows allows one "
           L"user per server name, so it refuses IAI\\svc until these connections are closed."),
       "the reason: %ls\n", v.conflict);
    ok(tt_contains(v.conflict, L"Disconnect those 3 connections and continue") &&
           !tt_contains(v.conflict, L"Z:"),
       "the disconnect choice names 3 connections, not Z:: %ls\n", v.conflict);
    ok(tt_contains(v.conflict, L"ConnectAs asks again before forcing"), "the open-files warning: %ls\n",
       v.conflict);
    window_texts(task, &tx);
    ok(tt_contains(tx.buf, L"O:, W: and Y:") && tt_contains(tx.buf, L"Another user is connected"),
       "the conflict dialog on screen: %ls\n", tx.buf);
    photo(&t, task, "connect_conflict");
    /* The password waits for the choice, in its buffer only. */
    check_secret(&t, "conflict dialog", 1);
    ok(fakesmb_find_use("O:", NULL) == 1, "nothing is disconnected before the choice\n");

    click_task(task, TRAY_CF_DISCONNECT);
    ok(wait_done(&t, done + 1), "the connect did not finish\n");
    ok(fakesmb_find_use("O:", NULL) == 0 && fakesmb_find_use("W:", NULL) == 0 &&
           fakesmb_find_use("Y:", NULL) == 0,
       "O:, W:, Y: are gone\n");
    ok(fakesmb_find_use("Z:", &u) == 1 && !strcmp(u.remote, "\\\\hka-fs01.iai.nl\\data"), "Z: is kept\n");
    ok(fakesmb_find_use("\\\\hka-fs01\\data", &u) == 1 && !strcmp(u.user, "IAI\\svc") && !u.local[0],
       "\\\\hka-fs01\\data is connected as IAI\\svc without a drive (user '%s', local '%s')\n", u.user,
       u.local);
    view(&t, &v);
    ok(!wcscmp(v.opened, L"\\\\hka-fs01\\data") && open_calls >= 1 &&
           !wcscmp(opened_paths[open_calls - 1], v.opened),
       "Explorer would open %ls (opener saw %ls)\n", v.opened,
       open_calls ? opened_paths[open_calls - 1] : L"-");
    ok(tt_contains(v.status, L"Connected to \\\\hka-fs01\\data as IAI\\svc."), "status: %ls\n", v.status);
    ok(recent_users(L"hka-fs01", text, sizeof(text)) && !wcscmp(text, L"IAI\\svc"),
       "recent users of hka-fs01: %ls\n", text);
    ok(!cred_user(L"hka-fs01", CRED_TYPE_DOMAIN_PASSWORD, user, ARRAYSIZE(user)),
       "a credential was saved without Remember my credentials: %ls\n", user);
    check_secret(&t, "after connecting", 0);
    /* The sessions list shows the new session (the job's last snapshot). */
    ok(tt_slot_command(&t, "hka-fs01", TRAY_SLOT_DISCONNECT) != 0, "the tray lists hka-fs01\n");

    /* A second flow for the same server offers the recent user. */
    dlg = open_dialog(&t, L"\\\\hka-fs01\\data", L"IAI\\svc");
    if (dlg) {
        tt_text(GetDlgItem(dlg, IDC_CF_USER), text, ARRAYSIZE(text));
        ok(!wcscmp(text, L"IAI\\svc"), "the user box starts with the recent user: %ls\n", text);
        ok(SendMessageW(GetDlgItem(dlg, IDC_CF_USER), CB_GETCOUNT, 0, 0) == 1, "one recent user listed\n");
        click(dlg, IDCANCEL);
        ok(wait_stage(&t, TRAY_CF_CLOSED), "Cancel did not close the dialog\n");
    }
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- live: open files are never closed without a second yes ---- */

static void test_live_busy(void)
{
    static const char state[] = "logon IAI\\bp\nuse P: \\\\fs02\\projects open=2\nuse Q: \\\\fs02\\home\n";
    tt_app t;
    HWND dlg, task, box;
    cf_view v;
    WCHAR text[4096];
    fakesmb_use u;
    char err[256];
    th_push_context("live: open files");
    if (!have_fake()) {
        th_pop_context();
        return;
    }
    fakesmb_reset();
    ok(fakesmb_load_text("busy.scenario", state, err, sizeof(err)) == 0, "fake: %s\n", err);
    fakesmb_set_password("IAI\\svc", secret_a);
    if (!start_live(&t, L"connect-busy")) {
        th_pop_context();
        return;
    }
    dlg = open_dialog(&t, L"\\\\fs02\\projects", L"P: and Q:");
    if (!dlg)
        goto done;
    connect_as(dlg, L"IAI\\svc", secret_w);
    task = wait_task(&t);
    view(&t, &v);
    ok(tt_contains(v.conflict, L"Open files now: 2."), "the open files are named: %ls\n", v.conflict);
    if (!task)
        goto done;
    click_task(task, TRAY_CF_DISCONNECT);
    /* The second confirmation: No forces nothing. */
    box = tt_wait_dialog(GetCurrentProcessId(), L"Files are open", WAIT_MS);
    ok(box != NULL, "no question before forcing\n");
    if (!box)
        goto done;
    tt_dialog_text(box, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"P: (\\\\fs02\\projects): open files: 2") && !tt_contains(text, L"Q:"),
       "the question names P: only: %ls\n", text);
    tt_press(box, IDNO);
    ok(wait_message(&t, dlg, L"Still connected to fs02"), "No did not go back to the dialog\n");
    ok(fakesmb_find_use("P:", &u) == 1 && u.open_files == 2, "P: was forced without consent\n");
    ok(fakesmb_find_use("Q:", NULL) == 0, "Q: (no open files) was disconnected\n");
    message_of(dlg, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Disconnected from fs02: Q:") &&
           tt_contains(text, L"Still connected to fs02 (in use): P:"),
       "message after No: %ls\n", text);
    ok(fakesmb_find_use("\\\\fs02\\projects", &u) == 1 && !u.user[0], "nothing was connected as IAI\\svc\n");
    check_secret(&t, "after No", 0);

    /* Again, and Yes forces P: and connects. */
    view(&t, &v);
    connect_as(dlg, L"IAI\\svc", secret_w);
    task = wait_task(&t);
    if (!task)
        goto done;
    click_task(task, TRAY_CF_DISCONNECT);
    box = tt_wait_dialog(GetCurrentProcessId(), L"Files are open", WAIT_MS);
    ok(box != NULL, "no question before forcing (2)\n");
    if (box)
        tt_press(box, IDYES);
    ok(wait_done(&t, v.done + 1), "Yes did not connect\n");
    ok(fakesmb_find_use("P:", NULL) == 0, "P: is still there\n");
    ok(fakesmb_find_use("\\\\fs02\\projects", &u) == 1 && !strcmp(u.user, "IAI\\svc"),
       "\\\\fs02\\projects as IAI\\svc (user '%s')\n", u.user);
    check_secret(&t, "after forcing", 0);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- live: Cancel changes nothing ---- */

static void test_live_cancel(void)
{
    tt_app t;
    HWND dlg, task;
    cf_view v;
    WCHAR text[1024];
    char *before, *after;
    th_push_context("live: cancel");
    if (!have_fake() || !load_fake(serverfault_path) || !start_live(&t, L"connect-cancel")) {
        th_pop_context();
        return;
    }
    RegDeleteKeyW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY);
    before = fakesmb_state_text();
    dlg = open_dialog(&t, L"\\\\hka-fs01\\data\\machine", L"O:, W: and Y:");
    if (!dlg)
        goto done;
    connect_as(dlg, L"IAI\\svc", secret_w);
    task = wait_task(&t);
    if (!task)
        goto done;
    click_task(task, IDCANCEL);
    ok(wait_message(&t, dlg, L"Nothing was changed."),
       "Cancel in the conflict dialog did not go back to the dialog\n");
    message_of(dlg, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Nothing was changed."), "message: %ls\n", text);
    tt_text(GetDlgItem(dlg, IDC_CF_USER), text, ARRAYSIZE(text));
    ok(!wcscmp(text, L"IAI\\svc"), "the user name is kept: %ls\n", text);
    check_secret(&t, "after cancelling the conflict dialog", 0);
    click(dlg, IDCANCEL);
    ok(wait_stage(&t, TRAY_CF_CLOSED), "Cancel did not close the dialog\n");
    after = fakesmb_state_text();
    ok(before && after && !strcmp(before, after), "the state changed:\n%s\n---\n%s\n", before ? before : "",
       after ? after : "");
    free(after);
    ok(!recent_users(L"hka-fs01", text, sizeof(text)), "a recent user was saved: %ls\n", text);
    view(&t, &v);
    ok(v.done == 0 && !v.opened[0], "something was connected or opened (%u, %ls)\n", v.done, v.opened);
    check_secret(&t, "after Cancel", 0);

    /* Told to exit while the conflict dialog is open: the tray ends and changes nothing. */
    dlg = open_dialog(&t, L"\\\\hka-fs01\\data", L"O:, W: and Y:");
    if (!dlg)
        goto done;
    connect_as(dlg, L"IAI\\svc", secret_w);
    ok(wait_task(&t) != NULL, "no conflict dialog before exiting\n");
    ok(tt_app_stop(&t), "the app did not exit with the conflict dialog open\n");
    after = fakesmb_state_text();
    ok(before && after && !strcmp(before, after), "exiting changed the state:\n%s\n---\n%s\n",
       before ? before : "", after ? after : "");
    free(after);
    free(before);
    th_pop_context();
    return;
done:
    free(before);
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- live: a wrong password, then the right one; a drive letter; Remember my credentials ---- */

static void test_live_wrong_password(void)
{
    tt_app t;
    HWND dlg;
    cf_view v;
    WCHAR text[1024], user[256], letter[4] = L"";
    fakesmb_use u;
    th_push_context("live: wrong password");
    if (!have_fake() || !load_fake(serverfault_path) || !start_live(&t, L"connect-password")) {
        th_pop_context();
        return;
    }
    dlg = open_dialog(&t, L"\\\\fs05\\files", L"Nothing is connected to fs05.");
    if (!dlg)
        goto done;
    ok(choose_drive(dlg, '*'), "no \"next free letter\" choice\n");
    SendMessageW(GetDlgItem(dlg, IDC_CF_REMEMBER), BM_SETCHECK, BST_CHECKED, 0);
    connect_as(dlg, L"IAI\\svc", L"Not-The-Password");
    ok(wait_message(&t, dlg, L"(error 86)"), "the dialog did not come back after the wrong password\n");
    message_of(dlg, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Wrong user name or password.") && tt_contains(text, L"(error 86)") &&
           tt_contains(text, L"Type the password again."),
       "the sentence, the code and the next step: %ls\n", text);
    tt_text(GetDlgItem(dlg, IDC_CF_USER), text, ARRAYSIZE(text));
    ok(!wcscmp(text, L"IAI\\svc"), "the user name is kept: %ls\n", text);
    ok(GetWindowTextLengthW(GetDlgItem(dlg, IDC_CF_PASSWORD)) == 0, "the password field is not empty\n");
    view(&t, &v);
    ok(v.focus == GetDlgItem(dlg, IDC_CF_PASSWORD), "the password field has no focus (%p)\n",
       (void *)v.focus);
    ok(IsDlgButtonChecked(dlg, IDC_CF_REMEMBER) == BST_CHECKED, "Remember my credentials was reset\n");
    ok(!cred_user(L"fs05", CRED_TYPE_DOMAIN_PASSWORD, user, ARRAYSIZE(user)), "a failed sign-in saved %ls\n",
       user);
    ok(fakesmb_find_use("\\\\fs05\\files", NULL) == 0, "connected with a wrong password\n");
    photo(&t, dlg, "connect_wrong_password");
    check_secret(&t, "after the wrong password", 0);

    /* Only the password is typed again. */
    set_field(dlg, IDC_CF_PASSWORD, secret_w);
    click(dlg, IDOK);
    ok(wait_done(&t, v.done + 1), "the second try did not connect\n");
    ok(fakesmb_find_use("\\\\fs05\\files", &u) == 1 && !strcmp(u.user, "IAI\\svc") && u.local[0],
       "\\\\fs05\\files as IAI\\svc on a drive (user '%s', local '%s')\n", u.user, u.local);
    MultiByteToWideChar(CP_UTF8, 0, u.local, -1, letter, ARRAYSIZE(letter));
    view(&t, &v);
    _snwprintf(text, ARRAYSIZE(text), L"%ls\\", letter);
    ok(letter[0] && !wcscmp(v.opened, text), "opened %ls, expected %ls\n", v.opened, text);
    _snwprintf(text, ARRAYSIZE(text), L"Connected %ls to \\\\fs05\\files as IAI\\svc.", letter);
    ok(tt_contains(v.status, text), "status: %ls\n", v.status);
    ok(cred_user(L"fs05", CRED_TYPE_DOMAIN_PASSWORD, user, ARRAYSIZE(user)) && !wcscmp(user, L"IAI\\svc"),
       "Remember my credentials saved a domain credential for fs05 (user %ls)\n", user);
    check_secret(&t, "after connecting", 0);

    /* That letter is taken now: asking for it again names the cause and the next step. */
    dlg = open_dialog(&t, L"\\\\fs06\\other", L"Nothing is connected to fs06.");
    if (dlg) {
        HWND combo = GetDlgItem(dlg, IDC_CF_DRIVE);
        int i = (int)SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)letter);
        /* Offered by mistake (as a stale list would): the list itself leaves taken letters out. */
        ok(!choose_drive(dlg, letter[0]), "the list offers the taken letter %ls\n", letter);
        SendMessageW(combo, CB_SETITEMDATA, (WPARAM)i, letter[0]);
        SendMessageW(combo, CB_SETCURSEL, (WPARAM)i, 0);
        connect_as(dlg, L"", L"");
        ok(wait_message(&t, dlg, L"(error 85)"), "no answer for the taken letter\n");
        message_of(dlg, text, ARRAYSIZE(text));
        ok(tt_contains(text, L"(error 85)") && tt_contains(text, L"Choose another drive letter"),
           "taken letter: %ls\n", text);
        view(&t, &v);
        ok(v.focus == combo, "the drive list has no focus\n");
        ok(!choose_drive(dlg, letter[0]), "the refreshed list still offers %ls\n", letter);
        click(dlg, IDCANCEL);
        ok(wait_stage(&t, TRAY_CF_CLOSED), "Cancel did not close the dialog\n");
    }
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- live: Windows says 1219 although nothing was predicted ---- */

/* A backend that hides one server's connections from the next snapshot(s), as a state that
 * changed between the check and the connect would. */
typedef struct hiding_backend {
    backend be;
    backend *inner;
    volatile LONG hide;
} hiding_backend;

static hiding_backend *hb_from(backend *be)
{
    return CA_CONTAINER_OF(be, hiding_backend, be);
}

static ca_status hb_snapshot(backend *be, model **out, ca_error *err)
{
    hiding_backend *h = hb_from(be);
    ca_status st = backend_snapshot(h->inner, out, err);
    if (st == CA_OK && InterlockedCompareExchange(&h->hide, 0, 0) > 0) {
        size_t i = (*out)->use_count;
        InterlockedDecrement(&h->hide);
        while (i-- > 0)
            if (!_stricmp((*out)->uses[i].server, "hka-fs01"))
                model_remove_use(*out, i);
    }
    return st;
}

static ca_status hb_connect(backend *be, const backend_connect *req, char assigned[4], ca_error *err)
{
    return backend_connect_to(hb_from(be)->inner, req, assigned, err);
}

static ca_status hb_disconnect(backend *be, const char *name, int force, int forget, ca_error *err)
{
    return backend_disconnect(hb_from(be)->inner, name, force, forget, err);
}

static ca_status hb_forget(backend *be, const char *raw_target, model_cred_type type, ca_error *err)
{
    return backend_forget(hb_from(be)->inner, raw_target, type, err);
}

static void hb_destroy(backend *be)
{
    hiding_backend *h = hb_from(be);
    backend_free(h->inner);
    free(h);
}

static const backend_vtable hb_vtable = {"hiding",      hb_snapshot, hb_connect,
                                         hb_disconnect, hb_forget,   hb_destroy};

static void test_live_unpredicted(void)
{
    tt_app t;
    hiding_backend *hb = calloc(1, sizeof(*hb));
    HWND dlg, task;
    cf_view v;
    ca_error e;
    WCHAR text[8192];
    fakesmb_use u;
    th_push_context("live: unpredicted 1219");
    memset(&e, 0, sizeof(e));
    if (!hb || !have_fake() || !load_fake(serverfault_path) ||
        win32_backend_create(WIN32_BACKEND_NO_RESOLVE, &hb->inner, &e) != CA_OK) {
        free(hb);
        th_pop_context();
        return;
    }
    hb->be.vt = &hb_vtable;
    if (!tt_app_start(&t, &hb->be, 0, NULL, L"connect-miss", 3600000) || !tt_wait_results(&t, 0, WAIT_MS)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }

    /* Nothing anyone can see holds \\fs07: Windows' 1219 is explained as far as it can be. */
    fakesmb_inject_failure(CA_WIN_SESSION_CREDENTIAL_CONFLICT, "path", "\\\\fs07");
    dlg = open_dialog(&t, L"\\\\fs07\\data", L"Nothing is connected to fs07.");
    if (!dlg)
        goto done;
    connect_as(dlg, L"IAI\\svc", secret_w);
    ok(wait_message(&t, dlg, L"(error 1219)"), "no answer after the refusal\n");
    message_of(dlg, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Windows allows one user per server name") && tt_contains(text, L"(error 1219)") &&
           tt_contains(text, L"cannot see what holds the session for fs07"),
       "the unexplained 1219: %ls\n", text);
    view(&t, &v);
    ok(v.misses == 1 && v.warning == 1, "the miss is recorded (%u) and the icon warns (%d)\n", v.misses,
       v.warning);
    check_secret(&t, "after the unexplained 1219", 0);
    click(dlg, IDCANCEL);
    ok(wait_stage(&t, TRAY_CF_CLOSED), "Cancel did not close the dialog\n");
    fakesmb_clear_failures();

    /* The check saw no connection to hka-fs01 (hidden), Windows refuses: read again, explain, fix. */
    dlg = open_dialog(&t, L"\\\\hka-fs01\\data", L"O:, W: and Y:");
    if (!dlg)
        goto done;
    InterlockedExchange(&hb->hide, 1);
    connect_as(dlg, L"IAI\\svc", secret_w);
    task = wait_task(&t);
    ok(task != NULL, "no conflict dialog after the refusal\n");
    view(&t, &v);
    ok(tt_contains(v.conflict, L"Windows refused to connect to \\\\hka-fs01\\data as IAI\\svc") &&
           tt_contains(v.conflict, L"through O:, W: and Y:"),
       "the conflict found afterwards: %ls\n", v.conflict);
    ok(v.misses == 2, "second miss recorded: %u\n", v.misses);
    if (!task)
        goto done;
    photo(&t, task, "connect_conflict_refused");
    check_secret(&t, "conflict dialog after the refusal", 1);
    /* The password was kept across the 1219 for this choice only. */
    click_task(task, TRAY_CF_DISCONNECT);
    ok(wait_done(&t, v.done + 1), "the connect after the refusal did not finish\n");
    ok(fakesmb_find_use("\\\\hka-fs01\\data", &u) == 1 && !strcmp(u.user, "IAI\\svc") &&
           fakesmb_find_use("O:", NULL) == 0,
       "connected as IAI\\svc after disconnecting (user '%s')\n", u.user);
    check_secret(&t, "after the refusal", 0);

    read_report(&t, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"Windows answered 1219 although none was predicted (2 times)") &&
           tt_contains(text, L"\\\\fs07\\data as IAI\\svc: nothing that holds the session could be seen") &&
           tt_contains(text, L"\\\\hka-fs01\\data as IAI\\svc: held by O: (\\\\hka-fs01\\data)"),
       "the misses in the support report: %ls\n", text);
    ok(!tt_contains(text, secret_w), "the password is in the support report\n");
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- sandbox: another name of the machine, another spelling, a saved credential ---- */

static void test_sandbox_alias(void)
{
    tt_app t;
    backend *be = sandbox_from(serverfault_path, NULL);
    HWND dlg, task;
    cf_view v;
    texts tx;
    const model *m;
    long i;
    th_push_context("sandbox: alias");
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"connect-alias", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    dlg = open_dialog(&t, L"\\\\hka-fs01\\data", L"O:, W: and Y:");
    if (!dlg)
        goto done;
    tt_text(dlg, tx.buf, ARRAYSIZE(tx.buf));
    ok(tt_contains(tx.buf, L"[Sandbox]"), "the sandbox is marked: %ls\n", tx.buf);
    connect_as(dlg, L"IAI\\svc", secret_w);
    task = wait_task(&t);
    view(&t, &v);
    ok(tt_contains(v.conflict, L"Connect through 192.0.2.40 instead") && tt_contains(v.conflict, L"NTLM") &&
           tt_contains(v.conflict, L"\\\\192.0.2.40\\data"),
       "the address is offered with its caveat: %ls\n", v.conflict);
    ok(!tt_contains(v.conflict, L"Connect through hka-fs01.iai.nl"),
       "the FQDN (held by Z: as IAI\\bp) is offered: %ls\n", v.conflict);
    if (!task)
        goto done;
    window_texts(task, &tx);
    ok(tt_contains(tx.buf, L"192.0.2.40"), "the alias on screen: %ls\n", tx.buf);
    photo(&t, task, "connect_conflict_alias");
    click_task(task, TRAY_CF_ALIAS_FIRST);
    ok(wait_done(&t, v.done + 1), "the alias connect did not finish\n");
    m = sandbox_state(be);
    for (i = 0; m && i < (long)m->use_count; i++)
        if (!strcmp(m->uses[i].remote, "\\\\192.0.2.40\\data"))
            break;
    ok(m && i < (long)m->use_count && m->uses[i].user && !strcmp(m->uses[i].user, "IAI\\svc"),
       "\\\\192.0.2.40\\data is connected as IAI\\svc\n");
    ok(m && model_find_local(m, "O:") >= 0 && model_find_local(m, "Z:") >= 0, "the other drives stay\n");
    view(&t, &v);
    ok(!wcscmp(v.opened, L"\\\\192.0.2.40\\data"), "opened %ls\n", v.opened);
    ok(!recent_users(L"192.0.2.40", tx.buf, sizeof(tx.buf)), "the sandbox wrote a recent user\n");
    check_secret(&t, "sandbox alias", 0);

    /* A bare \\server: signed in through IPC$, no drive letter, Explorer shows the server. */
    dlg = open_dialog(&t, L"\\\\fs10", L"Nothing is connected to fs10.");
    if (!dlg)
        goto done;
    ok(!IsWindowEnabled(GetDlgItem(dlg, IDC_CF_DRIVE)), "a drive letter is offered for a bare server\n");
    tt_text(GetDlgItem(dlg, IDC_CF_HINT), tx.buf, ARRAYSIZE(tx.buf));
    ok(tt_contains(tx.buf, L"This is a server, not a share"), "hint: %ls\n", tx.buf);
    view(&t, &v);
    connect_as(dlg, L"IAI\\svc", secret_w);
    ok(wait_done(&t, v.done + 1), "the server connect did not finish\n");
    m = sandbox_state(be);
    for (i = 0; m && i < (long)m->use_count; i++)
        if (!strcmp(m->uses[i].remote, "\\\\fs10\\IPC$"))
            break;
    ok(m && i < (long)m->use_count && !m->uses[i].local && m->uses[i].user &&
           !strcmp(m->uses[i].user, "IAI\\svc"),
       "\\\\fs10\\IPC$ is connected as IAI\\svc without a drive\n");
    view(&t, &v);
    ok(!wcscmp(v.opened, L"\\\\fs10"), "opened %ls\n", v.opened);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

static void test_sandbox_spelling_and_forget(void)
{
    static const char state[] = "logon IAI\\bp\n"
                                "use B: \\\\fs08\\data user=IAI\\bob\n"
                                "use S: \\\\fs09\\data\n"
                                "cred fs09 IAI\\old\n";
    tt_app t;
    backend *be = sandbox_from(NULL, state);
    HWND dlg, task;
    cf_view v;
    const model *m;
    size_t i;
    int cred = 0;
    th_push_context("sandbox: spelling and forget");
    if (!be || !tt_app_start(&t, be, 1, L"spelling", L"connect-spelling", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    /* "bob" is IAI\bob written differently: offer the spelling of the existing session. */
    dlg = open_dialog(&t, L"\\\\fs08\\data\\x", L"B:");
    if (!dlg)
        goto done;
    connect_as(dlg, L"bob", secret_w);
    task = wait_task(&t);
    view(&t, &v);
    ok(tt_contains(v.conflict, L"bob and IAI\\bob are probably the same account written differently") &&
           tt_contains(v.conflict, L"Connect as IAI\\bob, written as the existing connections write it"),
       "spelling: %ls\n", v.conflict);
    if (!task)
        goto done;
    click_task(task, TRAY_CF_SPELLING);
    ok(wait_done(&t, v.done + 1), "the spelling connect did not finish\n");
    m = sandbox_state(be);
    ok(m && model_find_local(m, "B:") >= 0, "B: was disconnected\n");
    view(&t, &v);
    ok(!wcscmp(v.opened, L"\\\\fs08\\data\\x") && tt_contains(v.status, L"as IAI\\bob."),
       "opened %ls, status %ls\n", v.opened, v.status);

    /* A default session made concrete by a saved credential: forget it too. */
    dlg = open_dialog(&t, L"\\\\fs09\\data", L"IAI\\old (saved credential)");
    if (!dlg)
        goto done;
    ok(choose_drive(dlg, 'T'), "T: is not offered\n");
    connect_as(dlg, L"IAI\\svc", secret_w);
    task = wait_task(&t);
    view(&t, &v);
    ok(tt_contains(
           v.conflict,
           L"You are connected to fs09 through S:, made without a user name, so Windows signed in with the "
           L"credential saved for fs09: IAI\\old") &&
           tt_contains(v.conflict, L"Also forget the saved credentials for fs09") &&
           tt_contains(v.conflict, L"fs09 (user IAI\\old, Windows credential)"),
       "forget: %ls\n", v.conflict);
    if (!task)
        goto done;
    click_task(task, TRAY_CF_FORGET);
    ok(wait_done(&t, v.done + 1), "the forget connect did not finish\n");
    m = sandbox_state(be);
    for (i = 0; m && i < m->cred_count; i++)
        cred |= !strcmp(m->creds[i].raw_target, "fs09") && m->creds[i].user &&
                !strcmp(m->creds[i].user, "IAI\\old");
    ok(m && !cred && model_find_local(m, "S:") < 0 && model_find_local(m, "T:") >= 0,
       "the credential and S: are gone, T: is connected\n");
    view(&t, &v);
    ok(!wcscmp(v.opened, L"T:\\"), "opened %ls\n", v.opened);
    check_secret(&t, "sandbox spelling and forget", 0);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* A location that is not a network path is refused in the dialog, before anything runs. */
static void test_bad_input(void)
{
    tt_app t;
    backend *be = sandbox_from(serverfault_path, NULL);
    HWND dlg;
    cf_view v;
    WCHAR text[1024];
    sandbox_counters before, after;
    th_push_context("bad input");
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"connect-bad", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    /* From the notification menu: no location yet, the location box has the focus. */
    tt_command(&t, TRAY_ID_CONNECT);
    ok(wait_stage(&t, TRAY_CF_EDIT), "the menu's Connect as… opened no dialog\n");
    view(&t, &v);
    dlg = v.dlg;
    if (!dlg)
        goto done;
    ok(GetWindowTextLengthW(GetDlgItem(dlg, IDC_CF_PATH)) == 0 && v.focus == GetDlgItem(dlg, IDC_CF_PATH),
       "the location is empty and focused (focus %p)\n", (void *)v.focus);
    set_field(dlg, IDC_CF_PATH, L"C:\\Windows");
    before = sandbox_get_counters(be);
    connect_as(dlg, L"IAI\\svc", secret_w);
    ok(wait_message(&t, dlg, L"is not a network drive"), "no answer for a local path\n");
    message_of(dlg, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"C:\\Windows is not a network drive of this session"), "message: %ls\n", text);
    set_field(dlg, IDC_CF_PATH, L"\\\\hka-fs01\\data");
    set_field(dlg, IDC_CF_USER, L"IAI\\a\\b");
    click(dlg, IDOK);
    ok(wait_message(&t, dlg, L"is not a valid user name"), "no answer for a bad user name\n");
    message_of(dlg, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"IAI\\a\\b is not a valid user name"), "message: %ls\n", text);
    after = sandbox_get_counters(be);
    ok(after.connects == before.connects, "a connect was tried\n");
    click(dlg, IDCANCEL);
    ok(wait_stage(&t, TRAY_CF_CLOSED), "Cancel did not close the dialog\n");
    check_secret(&t, "bad input", 0);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- Connect as… on a file never runs the file (issue 12, finding 1) ---- */

static WCHAR share_dir[MAX_PATH * 2], marker_dir[MAX_PATH];

static void clear_opener_on_ui(tray_app *app, void *ctx)
{
    (void)ctx;
    tray_app_set_opener(app, NULL, NULL); /* the real opener, as the shipped tray has it */
}

static int write_text(const WCHAR *path, const char *text)
{
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD n = 0;
    BOOL okw;
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    okw = WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
    return okw && n == strlen(text);
}

/* A shortcut to target, saved as path. */
static int write_lnk(const WCHAR *path, const WCHAR *target)
{
    IShellLinkW *link = NULL;
    IPersistFile *file = NULL;
    HRESULT hr =
        CoCreateInstance(&CLSID_ShellLink, NULL, CLSCTX_INPROC_SERVER, &IID_IShellLinkW, (void **)&link);
    if (FAILED(hr))
        return 0;
    IShellLinkW_SetPath(link, target);
    hr = IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void **)&file);
    if (SUCCEEDED(hr)) {
        hr = IPersistFile_Save(file, path, TRUE);
        IPersistFile_Release(file);
    }
    IShellLinkW_Release(link);
    return SUCCEEDED(hr);
}

/* The unix folder $WINEPREFIX/dosdevices/unc/casec/tools, which makes \\casec\tools exist for file APIs
 * under Wine (through Z:). Returns 0 when there is no Wine prefix (a real machine has no such share). */
static int stage_share(void)
{
    WCHAR prefix[MAX_PATH], *p;
    const WCHAR *parts[] = {L"\\dosdevices\\unc", L"\\casec", L"\\tools"};
    size_t i;
    if (!GetEnvironmentVariableW(L"WINEPREFIX", prefix, ARRAYSIZE(prefix)))
        return 0;
    for (p = prefix; *p; p++)
        if (*p == L'/')
            *p = L'\\';
    _snwprintf(share_dir, ARRAYSIZE(share_dir), L"Z:%ls", prefix);
    for (i = 0; i < ARRAYSIZE(parts); i++) {
        wcsncat(share_dir, parts[i], ARRAYSIZE(share_dir) - wcslen(share_dir) - 1);
        CreateDirectoryW(share_dir, NULL);
    }
    GetTempPathW(ARRAYSIZE(marker_dir), marker_dir);
    wcsncat(marker_dir, L"ca_ran", ARRAYSIZE(marker_dir) - wcslen(marker_dir) - 1);
    CreateDirectoryW(marker_dir, NULL);
    return GetFileAttributesW(L"\\\\casec\\tools") != INVALID_FILE_ATTRIBUTES;
}

typedef struct bait {
    const WCHAR *file; /* laid in the share: "exe" (tray_bait.exe), "lnk" (to a local bait), "text" */
    const WCHAR *kind;
    const WCHAR *click; /* the path "Connect as…" is chosen on */
    const WCHAR *marker;
} bait;

/* Wine's cmd and wscript cannot run a script from a UNC path (exit 9009), so under Wine only the .exe
 * and the .lnk can show a run; the scripts are laid too, for a real machine. */
static const bait baits[] = {
    {L"setup.exe", L"exe", L"\\\\casec\\tools\\setup.exe", L"setup"},
    {L"setup.exe", L"exe", L"\\\\casec\\tools\\setup.exe.", L"setup"}, /* trailing dot: the same file */
    {L"tool.lnk", L"lnk", L"\\\\casec\\tools\\tool.lnk", L"lnkbait"},
    {L"setup.bat", L"bat", L"\\\\casec\\tools\\setup.bat", L"bat"},
    {L"script.js", L"js", L"\\\\casec\\tools\\script.js", L"js"},
    {L"page.hta", L"hta", L"\\\\casec\\tools\\page.hta", L"hta"},
};

static void marker_path(const WCHAR *name, WCHAR *out, size_t len)
{
    _snwprintf(out, len, L"%ls\\%ls.txt", marker_dir, name);
    out[len - 1] = 0;
}

/* text with every backslash doubled (JScript string literals). */
static void double_backslashes(const char *text, char *out, size_t size)
{
    size_t o = 0;
    for (; *text && o + 2 < size; text++) {
        out[o++] = *text;
        if (*text == '\\')
            out[o++] = '\\';
    }
    out[o] = 0;
}

static void lay_baits(void)
{
    WCHAR exe[MAX_PATH], local_bait[MAX_PATH];
    size_t i;
    tt_bin_path(L"tray_bait.exe", exe, ARRAYSIZE(exe));
    _snwprintf(local_bait, ARRAYSIZE(local_bait), L"%ls\\lnkbait.exe", marker_dir);
    local_bait[ARRAYSIZE(local_bait) - 1] = 0;
    ok(CopyFileW(exe, local_bait, FALSE), "copying the bait: %lu\n", GetLastError());
    for (i = 0; i < ARRAYSIZE(baits); i++) {
        WCHAR file[MAX_PATH * 2], marker[MAX_PATH];
        char text[MAX_PATH * 3 + 200], m8[MAX_PATH * 3], m8js[MAX_PATH * 6];
        marker_path(baits[i].marker, marker, ARRAYSIZE(marker));
        DeleteFileW(marker);
        WideCharToMultiByte(CP_ACP, 0, marker, -1, m8, sizeof(m8), NULL, NULL);
        double_backslashes(m8, m8js, sizeof(m8js));
        _snwprintf(file, ARRAYSIZE(file), L"%ls\\%ls", share_dir, baits[i].file);
        file[ARRAYSIZE(file) - 1] = 0;
        if (!wcscmp(baits[i].kind, L"exe")) {
            ok(CopyFileW(exe, file, FALSE), "copying the bait to %ls: %lu\n", file, GetLastError());
            continue;
        }
        if (!wcscmp(baits[i].kind, L"lnk")) {
            ok(write_lnk(file, local_bait), "could not write %ls\n", file);
            continue;
        }
        if (!wcscmp(baits[i].kind, L"js"))
            snprintf(text, sizeof(text),
                     "new ActiveXObject(\"Scripting.FileSystemObject\").CreateTextFile(\"%s\").Close();\r\n",
                     m8js);
        else if (!wcscmp(baits[i].kind, L"hta"))
            snprintf(text, sizeof(text),
                     "<script language=\"JScript\">new ActiveXObject(\"Scripting.FileSystemObject\")"
                     ".CreateTextFile(\"%s\").Close();window.close();</script>\r\n",
                     m8js);
        else
            snprintf(text, sizeof(text), "@echo ran> \"%s\"\r\n", m8);
        ok(write_text(file, text), "could not write %ls\n", file);
    }
}

typedef struct ran_wait {
    WCHAR which[64];
} ran_wait;

/* Any bait has run (its marker exists); which names the first one found. */
static int some_bait_ran(void *ctx)
{
    ran_wait *w = ctx;
    size_t i;
    for (i = 0; i < ARRAYSIZE(baits); i++) {
        WCHAR marker[MAX_PATH];
        marker_path(baits[i].marker, marker, ARRAYSIZE(marker));
        if (GetFileAttributesW(marker) != INVALID_FILE_ATTRIBUTES) {
            _snwprintf(w->which, ARRAYSIZE(w->which), L"%ls", baits[i].click);
            w->which[ARRAYSIZE(w->which) - 1] = 0;
            return 1;
        }
    }
    return 0;
}

static int marker_exists(void *ctx)
{
    return GetFileAttributesW((const WCHAR *)ctx) != INVALID_FILE_ATTRIBUTES;
}

/*
 * "Connect as…" chosen on a file of a share (the shell extension is registered for `*`): after the
 * connect, ConnectAs opens folders only. Baits that write a marker when they run lie on a fake share
 * (Wine's dosdevices/unc); none may run, neither through the connect flow nor through the opener
 * itself. A bait run directly at the end proves that a run would have left its marker.
 */
static void test_live_files_never_run(void)
{
    tt_app t;
    HWND dlg;
    cf_view v;
    ran_wait ran;
    size_t i;
    HRESULT init;
    th_push_context("live: files are never run");
    if (!stage_share()) {
        ok(!th_on_wine(), "could not stage the fake share under Wine\n");
        skip("needs a share with files that must not run (Wine's dosdevices/unc)\n");
        th_pop_context();
        return;
    }
    init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    lay_baits();
    if (!have_fake() || !load_fake(serverfault_path) || !start_live(&t, L"connect-files")) {
        th_pop_context();
        return;
    }
    /* Through the connect flow, with the real opener: Connect as… on \\casec\tools\setup.bat. */
    dlg = open_dialog(&t, baits[0].click, NULL);
    tt_on_ui(&t, clear_opener_on_ui, NULL);
    if (dlg) {
        view(&t, &v);
        connect_as(dlg, L"", L"");
        ok(wait_done(&t, v.done + 1), "the connect to %ls did not finish\n", baits[0].click);
        view(&t, &v);
        ok(!wcscmp(v.opened, baits[0].click), "opened %ls\n", v.opened);
    }
    ok(tt_app_stop(&t), "the app did not exit\n");
    /* The opener itself, on every bait (it returns once the shell has been asked). */
    for (i = 0; i < ARRAYSIZE(baits); i++) {
        HRESULT hr = tray_open_location(baits[i].click);
        trace("tray_open_location(%ls): 0x%08lx\n", baits[i].click, hr);
    }
    /* The same on a local folder, which the shell can parse under Wine too (it cannot parse UNC paths):
     * a program and a shortcut there are shown in their folder, never run. */
    {
        WCHAR dir[MAX_PATH], local[MAX_PATH + 16], exe[MAX_PATH], lnk[MAX_PATH + 16], target[MAX_PATH];
        HRESULT hr;
        _snwprintf(dir, ARRAYSIZE(dir), L"%ls\\local", marker_dir);
        dir[ARRAYSIZE(dir) - 1] = 0;
        CreateDirectoryW(dir, NULL);
        tt_bin_path(L"tray_bait.exe", exe, ARRAYSIZE(exe));
        _snwprintf(local, ARRAYSIZE(local), L"%ls\\setup.exe", dir);
        _snwprintf(lnk, ARRAYSIZE(lnk), L"%ls\\tool.lnk", dir);
        _snwprintf(target, ARRAYSIZE(target), L"%ls\\lnkbait.exe", marker_dir);
        ok(CopyFileW(exe, local, FALSE) && write_lnk(lnk, target), "could not lay the local baits\n");
        hr = tray_open_location(local);
        trace("tray_open_location(%ls): 0x%08lx\n", local, hr);
        hr = tray_open_location(lnk);
        trace("tray_open_location(%ls): 0x%08lx\n", lnk, hr);
    }
    /* A run would leave its marker within moments; none may appear. */
    ok(!th_wait_for(some_bait_ran, &ran, 5000), "%ls was run\n", ran.which);
    /* Control: the bait on the share does leave its marker when it is run. */
    {
        WCHAR marker[MAX_PATH];
        DWORD code = 1;
        HANDLE proc;
        marker_path(baits[0].marker, marker, ARRAYSIZE(marker));
        proc = tt_spawn(baits[0].click, NULL);
        ok(proc && tt_wait_process(proc, 20000, &code), "the control run did not end\n");
        if (proc)
            CloseHandle(proc);
        ok(th_wait_for(marker_exists, marker, 10000),
           "the control run left no marker: the test could not see a run\n");
        DeleteFileW(marker);
    }
    if (SUCCEEDED(init))
        CoUninitialize();
    th_pop_context();
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    serverfault_path = argc > 1 ? argv[1] : "serverfault-773082.scenario";
    test_strings();
    test_live_disconnect();
    test_live_busy();
    test_live_cancel();
    test_live_wrong_password();
    test_live_unpredicted();
    test_sandbox_alias();
    test_sandbox_spelling_and_forget();
    test_bad_input();
    test_live_files_never_run();
    return th_finish();
}
