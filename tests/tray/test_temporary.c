/* Tray support features under Wine with the fake SMB client: Save state for support…, temporary connections.
 */
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli_live_util.h"
#include "fakesmb_client.h"
#include "harness.h"
#include "scenario.h"
#include "screenshot.h"
#include "strbuf.h"
#include "tray_connect_res.h"
#include "tray_dialog.h"
#include "tray_flow.h"
#include "tray_internal.h"
#include "tray_temporary.h"
#include "tray_test.h"
#include "win32_backend.h"
#include "winutil.h"

#define WAIT_MS 20000
#define JOURNAL_KEY L"Software\\ConnectAs\\Temporary"

static const WCHAR secret_w[] = L"Zebra-Tulip-7731";
static const char secret_a[] = "Zebra-Tulip-7731";

/* ---- the fake, the credential store, the journal ---- */

static int have_fake(void)
{
    if (fakesmb_installed())
        return 1;
    ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
    skip("needs the fake SMB client (not on a real machine)\n");
    return 0;
}

/* Loads "logon <me>" plus rest into the fake, with IAI\svc's password. */
static void load_mine(const char *rest)
{
    clu_load_mine(rest);
    ok(fakesmb_set_password("IAI\\svc", secret_a) == 0, "password set\n");
}

/* 1 when haystack contains needle, ignoring ASCII case. */
static int has_text_ci(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; haystack && *haystack; haystack++)
        if (!_strnicmp(haystack, needle, n))
            return 1;
    return 0;
}

static int has_use(const char *name)
{
    return fakesmb_find_use(name, NULL) == 1;
}

static int use_gone(void *ctx)
{
    return !has_use(ctx);
}

static int use_there(void *ctx)
{
    return has_use(ctx);
}

static int journal_one(void *ctx)
{
    (void)ctx;
    return clu_journal(NULL) == 1;
}

static int journal_empty(void *ctx)
{
    (void)ctx;
    return clu_journal(NULL) == 0;
}

/* ---- the app ---- */

static int start_live(tt_app *t, const WCHAR *instance)
{
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
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

static WCHAR opened[512];
static volatile LONG open_calls;

static void record_open(void *ctx, const WCHAR *path)
{
    (void)ctx;
    _snwprintf(opened, ARRAYSIZE(opened), L"%ls", path);
    opened[ARRAYSIZE(opened) - 1] = 0;
    InterlockedIncrement(&open_calls);
}

static void set_opener_on_ui(tray_app *app, void *ctx)
{
    (void)ctx;
    tray_app_set_opener(app, record_open, NULL);
}

typedef struct stage_probe {
    tt_app *t;
    tray_cf_stage stage;
    unsigned done;
    HWND dlg;
} stage_probe;

static void probe_on_ui(tray_app *app, void *ctx)
{
    stage_probe *p = ctx;
    tray_flow *f = tray_dialog_flow(tray_app_dialog(app));
    p->stage = tray_flow_stage(f);
    p->done = tray_flow_done_count(f);
    p->dlg = tray_dialog_hwnd(tray_app_dialog(app));
}

typedef struct stage_wait {
    tt_app *t;
    tray_cf_stage stage;
    unsigned done;
} stage_wait;

static int stage_reached(void *ctx)
{
    stage_wait *w = ctx;
    stage_probe p;
    memset(&p, 0, sizeof(p));
    tt_on_ui(w->t, probe_on_ui, &p);
    return p.stage == w->stage && p.done >= w->done;
}

typedef struct connect_args {
    const WCHAR *path;
} connect_args;

static void connect_on_ui(tray_app *app, void *ctx)
{
    tray_app_connect(app, ((connect_args *)ctx)->path);
}

/* Selects the item of combo id whose data is data; 1 when found. */
static int choose_data(HWND dlg, int id, LPARAM data)
{
    HWND combo = GetDlgItem(dlg, id);
    int n = (int)SendMessageW(combo, CB_GETCOUNT, 0, 0), i;
    for (i = 0; i < n; i++)
        if (SendMessageW(combo, CB_GETITEMDATA, (WPARAM)i, 0) == data) {
            SendMessageW(combo, CB_SETCURSEL, (WPARAM)i, 0);
            return 1;
        }
    return 0;
}

/* Fills the connect dialog (also another process's): user, password, remember, drive T:, temporary. */
static void fill_temporary(HWND dlg, const WCHAR *user, int remember, int when, const WCHAR *at)
{
    SendMessageW(GetDlgItem(dlg, IDC_CF_USER), WM_SETTEXT, 0, (LPARAM)user);
    SendMessageW(GetDlgItem(dlg, IDC_CF_PASSWORD), WM_SETTEXT, 0, (LPARAM)secret_w);
    SendMessageW(GetDlgItem(dlg, IDC_CF_REMEMBER), BM_SETCHECK, remember ? BST_CHECKED : BST_UNCHECKED, 0);
    ok(choose_data(dlg, IDC_CF_DRIVE, 'T'), "T: is offered\n");
    SendMessageW(GetDlgItem(dlg, IDC_CF_TEMP), BM_SETCHECK, BST_CHECKED, 0);
    SendMessageW(GetDlgItem(dlg, IDC_CF_TEMP_WHEN), CB_SETCURSEL, (WPARAM)when, 0);
    if (at)
        SendMessageW(GetDlgItem(dlg, IDC_CF_TEMP_TIME), WM_SETTEXT, 0, (LPARAM)at);
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)GetDlgItem(dlg, IDOK));
}

/* Connect as… \\fs9\tools as IAI\svc on T:, temporary (when: 0 sign-out, 1 one hour, 2 four hours). */
static int connect_temporary(tt_app *t, int remember, int when)
{
    connect_args a = {L"\\\\fs9\\tools"};
    stage_wait w = {t, TRAY_CF_EDIT, 0};
    stage_probe p;
    unsigned done;
    memset(&p, 0, sizeof(p));
    tt_on_ui(t, probe_on_ui, &p);
    done = p.done;
    tt_on_ui(t, set_opener_on_ui, NULL);
    tt_on_ui(t, connect_on_ui, &a);
    if (!th_wait_for(stage_reached, &w, WAIT_MS))
        return 0;
    tt_on_ui(t, probe_on_ui, &p);
    fill_temporary(p.dlg, L"IAI\\svc", remember, when, NULL);
    w.stage = TRAY_CF_CLOSED;
    w.done = done + 1;
    return th_wait_for(stage_reached, &w, WAIT_MS);
}

static void due_on_ui(tray_app *app, void *ctx)
{
    (void)ctx;
    tray_temporary_due(tray_app_temporary(app));
}

typedef struct temp_counts {
    unsigned runs, asked;
} temp_counts;

static void counts_on_ui(tray_app *app, void *ctx)
{
    temp_counts *c = ctx;
    c->runs = tray_temporary_runs(tray_app_temporary(app));
    c->asked = tray_temporary_asked(tray_app_temporary(app));
}

typedef struct runs_wait {
    tt_app *t;
    unsigned runs;
} runs_wait;

static int runs_reached(void *ctx)
{
    runs_wait *w = ctx;
    temp_counts c;
    tt_on_ui(w->t, counts_on_ui, &c);
    return c.runs >= w->runs && !tray_app_pending(w->t->app);
}

/* Runs the cleanup as the timer does and waits for it to finish. */
static int run_due(tt_app *t)
{
    temp_counts c;
    runs_wait w;
    tt_on_ui(t, counts_on_ui, &c);
    w.t = t;
    w.runs = c.runs + 1;
    tt_on_ui(t, due_on_ui, NULL);
    return th_wait_for(runs_reached, &w, WAIT_MS);
}

/* ---- Save state for support… ---- */

typedef struct pick {
    WCHAR path[MAX_PATH];
    int keep;
} pick;

static int pick_path(void *ctx, HWND owner, WCHAR *path, size_t len, int *keep_names)
{
    pick *p = ctx;
    (void)owner;
    _snwprintf(path, len, L"%ls", p->path);
    path[len - 1] = 0;
    *keep_names = p->keep;
    return 1;
}

static void set_picker_on_ui(tray_app *app, void *ctx)
{
    tray_app_set_save_picker(app, pick_path, ctx);
}

static char *read_file(const WCHAR *path)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(h, NULL);
    buf = malloc(size + 1);
    if (buf && ReadFile(h, buf, size, &got, NULL))
        buf[got] = 0;
    else if (buf)
        buf[0] = 0;
    CloseHandle(h);
    return buf;
}

static int opened_is(void *ctx)
{
    return open_calls > 0 && !_wcsicmp(opened, ctx);
}

static void test_save_state(void)
{
    static const char *const names[] = {"quokkasrv", "wombatshare", "platypususer", "numbatdom", "echidnafs"};
    tt_app t;
    pick p;
    WCHAR dir[MAX_PATH];
    char *text;
    model *m = NULL;
    ca_error e;
    size_t i;
    memset(&e, 0, sizeof(e));
    load_mine("use Q: \\\\quokkasrv\\wombatshare user=NUMBATDOM\\platypususer open=2\n"
              "use - \\\\echidnafs.numbatdom.example\\IPC$ user=NUMBATDOM\\platypususer\n");
    if (!start_live(&t, L"temp-save"))
        return;
    GetTempPathW(ARRAYSIZE(dir), dir);
    _snwprintf(p.path, ARRAYSIZE(p.path), L"%lsconnectas-support-%lu.scenario", dir, GetCurrentProcessId());
    DeleteFileW(p.path);
    p.keep = 0;
    open_calls = 0;
    tt_on_ui(&t, set_opener_on_ui, NULL);
    tt_on_ui(&t, set_picker_on_ui, &p);
    tt_command(&t, TRAY_ID_SAVE_STATE);
    ok(th_wait_for(opened_is, p.path, WAIT_MS), "the saved file is selected in Explorer: %ls\n", opened);
    text = read_file(p.path);
    ok(text != NULL, "the file was written\n");
    for (i = 0; text && i < ARRAYSIZE(names); i++)
        ok(!has_text_ci(text, names[i]), "the redacted file names %s:\n%s\n", names[i], text);
    ok(text && scenario_parse("saved", text, strlen(text), &m, &e) == CA_OK,
       "the redacted file loads back: %s\n", e.msg);
    ok(m && m->use_count == 2, "it holds both connections (%d)\n", m ? (int)m->use_count : -1);
    ok(m && m->use_count && m->uses[0].open_files == 2, "with the open files\n");
    model_free(m);
    m = NULL;
    free(text);
    ok(tt_contains(tray_app_status(t.app), p.path), "the status names the file: %ls\n",
       tray_app_status(t.app));

    /* Keep the real names: ticked. */
    p.keep = 1;
    open_calls = 0;
    tt_command(&t, TRAY_ID_SAVE_STATE);
    ok(th_wait_for(opened_is, p.path, WAIT_MS), "selected again\n");
    text = read_file(p.path);
    ok(text && has_text_ci(text, "quokkasrv") && has_text_ci(text, "platypususer"),
       "with real names the file names them:\n%s\n", text ? text : "");
    ok(text && scenario_parse("saved", text, strlen(text), &m, &e) == CA_OK, "loads back: %s\n", e.msg);
    model_free(m);
    free(text);
    DeleteFileW(p.path);
    ok(tt_app_stop(&t), "the app ended\n");
}

/* ---- temporary connections ---- */

/* At expiry and at exit, exactly what the connect made is undone; the state before survives. */
static void test_expiry_and_exit(void)
{
    tt_app t;
    char *state0, *creds0, *state1, *creds1, *jtext = NULL;
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
    clu_clear_creds();
    load_mine("use O: \\\\fs9\\data user=IAI\\svc\nuse - \\\\fs9\\IPC$ user=IAI\\svc\n");
    clu_write_cred(L"fs8", L"IAI\\before");
    state0 = fakesmb_state_text();
    creds0 = clu_creds_text();
    if (!start_live(&t, L"temp-expiry"))
        return;
    ok(connect_temporary(&t, 1, 1), "the temporary connect finished\n");
    ok(has_use("T:") && clu_journal(&jtext) == 1, "T: connected and journaled\n");
    ok(jtext && !strstr(jtext, secret_a), "the journal holds no password: %s\n", jtext ? jtext : "");
    ok(jtext && strstr(jtext, "cred_target="), "the credential it saved is journaled: %s\n",
       jtext ? jtext : "");
    free(jtext);
    ok(tt_contains(tray_app_status(t.app), L"temporary"), "the report says it is temporary: %ls\n",
       tray_app_status(t.app));

    /* Not due yet: the timer's run leaves it. */
    ok(run_due(&t), "a cleanup run finished\n");
    ok(has_use("T:") && clu_journal(NULL) == 1, "not due: T: stays\n");
    {
        HWND win = tt_show_window(&t, WAIT_MS);
        tt_rows rows;
        int r;
        ok(win && tt_read_rows(tt_control(win, TRAY_IDC_LIST), &rows), "the list is read\n");
        r = tt_find_row(&rows, TRAY_COL_DRIVE, L"T:");
        ok(r >= 0 && tt_contains(rows.cell[r][TRAY_COL_STATUS], L"temporary, ends"),
           "the sessions window marks T: as temporary with its end: %ls\n",
           r >= 0 ? rows.cell[r][TRAY_COL_STATUS] : L"(no row)");
        r = tt_find_row(&rows, TRAY_COL_DRIVE, L"O:");
        ok(r >= 0 && !tt_contains(rows.cell[r][TRAY_COL_STATUS], L"temporary"), "O: is not marked\n");
    }

    /* The clock moves on: due. */
    clu_edit_journal("expires", "1");
    ok(run_due(&t), "a cleanup run finished\n");
    ok(!has_use("T:") && clu_journal(NULL) == 0, "at expiry T: and its record are gone\n");
    state1 = fakesmb_state_text();
    creds1 = clu_creds_text();
    ok(state0 && state1 && !strcmp(state0, state1), "the connections equal the ones before:\n%s---\n%s",
       state0, state1);
    ok(creds0 && creds1 && !strcmp(creds0, creds1), "the credentials equal the ones before:\n%s---\n%s",
       creds0, creds1);
    free(state1);
    free(creds1);

    /* Until sign-out, then the tray exits: undone at exit. */
    ok(connect_temporary(&t, 1, 0), "the second temporary connect finished\n");
    ok(has_use("T:") && clu_journal(NULL) == 1, "T: connected again and journaled\n");
    ok(run_due(&t) && has_use("T:"), "an at-sign-out connection is not due while signed in\n");
    ok(tt_app_stop(&t), "the app ended\n");
    ok(!has_use("T:") && clu_journal(NULL) == 0, "at exit T: and its record are gone\n");
    state1 = fakesmb_state_text();
    creds1 = clu_creds_text();
    ok(state0 && state1 && !strcmp(state0, state1),
       "after exit the connections equal the ones before:\n%s---\n%s", state0, state1);
    ok(creds0 && creds1 && !strcmp(creds0, creds1),
       "after exit the credentials equal the ones before:\n%s---\n%s", creds0, creds1);
    free(state0);
    free(creds0);
    free(state1);
    free(creds1);
    clu_clear_creds();
}

/* Signing out: WM_QUERYENDSESSION is answered yes, WM_ENDSESSION undoes the temporary connection. */
static void test_sign_out(void)
{
    tt_app t;
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
    clu_clear_creds();
    load_mine("use O: \\\\fs9\\data user=IAI\\svc\n");
    if (!start_live(&t, L"temp-signout"))
        return;
    ok(connect_temporary(&t, 1, 0), "the temporary connect finished\n");
    ok(has_use("T:") && clu_journal(NULL) == 1, "T: connected and journaled\n");
    ok(SendMessageW(t.msg, WM_QUERYENDSESSION, 0, ENDSESSION_LOGOFF) == TRUE, "sign-out is not held up\n");
    ok(has_use("T:"), "asking changes nothing\n");
    SendMessageW(t.msg, WM_ENDSESSION, TRUE, ENDSESSION_LOGOFF);
    ok(!has_use("T:") && clu_journal(NULL) == 0, "at sign-out T: and its record are gone\n");
    ok(has_use("O:"), "O: (there before) stays\n");
    ok(tt_app_stop(&t), "the app ended\n");
    clu_clear_creds();
}

/* Open files at expiry: the tray asks; No forces nothing and keeps the record; Yes forces exactly it. */
static void test_open_files(void)
{
    tt_app t;
    WCHAR seen[2048];
    static const WCHAR *const want[] = {L"T:", L"2"};
    temp_counts c;
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
    clu_clear_creds();
    load_mine("");
    if (!start_live(&t, L"temp-busy"))
        return;
    ok(connect_temporary(&t, 0, 1), "the temporary connect finished\n");
    ok(fakesmb_set_use("T:", 2, NULL) == 0, "two open files on T:\n");
    clu_edit_journal("expires", "1");
    tt_on_ui(&t, due_on_ui, NULL);
    tt_answer(L"ConnectAs — Temporary connection in use", IDNO, want, 2, NULL, seen, ARRAYSIZE(seen));
    ok(th_wait_for(runs_reached, &(runs_wait){&t, 1}, WAIT_MS), "the run finished\n");
    tt_on_ui(&t, counts_on_ui, &c);
    ok(c.asked == 1, "asked once (%u)\n", c.asked);
    ok(has_use("T:") && clu_journal(NULL) == 1, "No: T: is not forced and stays journaled\n");
    ok(tt_contains(tray_app_status(t.app), L"open files: 2"), "the status line says why: %ls\n",
       tray_app_status(t.app));

    /* Asked again later; Yes forces exactly that connection. */
    tt_on_ui(&t, due_on_ui, NULL);
    tt_answer(L"ConnectAs — Temporary connection in use", IDYES, want, 2, NULL, seen, ARRAYSIZE(seen));
    ok(th_wait_for(use_gone, "T:", WAIT_MS), "Yes: T: is forced\n");
    ok(th_wait_for(journal_empty, NULL, WAIT_MS), "and its record is gone\n");
    ok(tt_app_stop(&t), "the app ended\n");
}

static int msg_window_of(void *ctx)
{
    return tt_window_of(*(DWORD *)ctx, TRAY_MSG_CLASS) != NULL;
}

/* connectas-tray.exe killed with a temporary connection open: the next start cleans up what is due. */
static void test_kill_and_restart(void)
{
    WCHAR exe[MAX_PATH], cmd[MAX_PATH * 2];
    HANDLE tray, fwd;
    DWORD pid = 0, fpid = 0, code = 0;
    HWND dlg;
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
    clu_clear_creds();
    load_mine("use O: \\\\fs9\\data user=IAI\\svc\n");
    tt_bin_path(L"connectas-tray.exe", exe, ARRAYSIZE(exe));
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --instance temp-kill --background", exe);
    tray = tt_spawn(cmd, &pid);
    ok(tray != NULL, "the tray started\n");
    if (!tray)
        return;
    ok(th_wait_for(msg_window_of, &pid, WAIT_MS), "the tray's message window is there\n");
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --instance temp-kill connect \\\\fs9\\tools", exe);
    fwd = tt_spawn(cmd, &fpid);
    ok(fwd && tt_wait_process(fwd, WAIT_MS, &code) && code == 0, "connect forwarded (%lu)\n", code);
    if (fwd)
        CloseHandle(fwd);
    dlg = tt_wait_dialog(pid, L"Connect as", WAIT_MS);
    ok(dlg != NULL, "the connect dialog of the tray process opened\n");
    if (dlg) {
        fill_temporary(dlg, L"IAI\\svc", 0, 1, NULL);
        ok(th_wait_for(use_there, "T:", WAIT_MS), "T: connected by the tray process\n");
        ok(th_wait_for(journal_one, NULL, WAIT_MS), "journaled by the tray process\n");
    }
    TerminateProcess(tray, 9);
    tt_wait_process(tray, WAIT_MS, &code);
    CloseHandle(tray);
    ok(has_use("T:") && clu_journal(NULL) == 1, "killed: T: and its record are left\n");

    /* Meanwhile the hour passed. */
    clu_edit_journal("expires", "1");
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --instance temp-kill --background", exe);
    tray = tt_spawn(cmd, &pid);
    ok(tray != NULL, "the tray started again\n");
    ok(th_wait_for(use_gone, "T:", WAIT_MS), "the restarted tray undid T:\n");
    ok(th_wait_for(journal_empty, NULL, WAIT_MS), "and its record\n");
    ok(has_use("O:"), "O: (there before) stays\n");
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --instance temp-kill exit", exe);
    fwd = tt_spawn(cmd, &fpid);
    if (fwd) {
        tt_wait_process(fwd, WAIT_MS, &code);
        CloseHandle(fwd);
    }
    if (tray) {
        ok(tt_wait_process(tray, WAIT_MS, &code), "the tray ended\n");
        CloseHandle(tray);
    }
}

/* The time a user picks: hh:mm later today, or tomorrow once it has passed; anything else is refused. */
static void test_minutes_until(void)
{
    SYSTEMTIME now;
    memset(&now, 0, sizeof(now));
    now.wHour = 16;
    now.wMinute = 10;
    ok(tray_temp_minutes_until(L"17:30", &now) == 80, "17:30\n");
    ok(tray_temp_minutes_until(L" 9.05 ", &now) == 24 * 60 - 7 * 60 - 5, "9.05 tomorrow\n");
    ok(tray_temp_minutes_until(L"16:10", &now) == 24 * 60, "now means tomorrow\n");
    ok(tray_temp_minutes_until(L"24:00", &now) == -1 && tray_temp_minutes_until(L"7", &now) == -1 &&
           tray_temp_minutes_until(L"12:5", &now) == -1 && tray_temp_minutes_until(L"", &now) == -1 &&
           tray_temp_minutes_until(L"12:60", &now) == -1 && tray_temp_minutes_until(L"1:00x", &now) == -1,
       "bad times are refused\n");
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    tray_text_set_language(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    test_minutes_until();
    if (have_fake()) {
        test_save_state();
        test_expiry_and_exit();
        test_sign_out();
        test_open_files();
        test_kill_and_restart();
    }
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
    return th_finish();
}
