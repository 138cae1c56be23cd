/* connectas-tray.exe end to end: single instance, forwarding, sandbox marker, exit; sandbox vs live. */
#include <windows.h>
#include <commctrl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "proc.h"
#include "screenshot.h"
#include "resource_ids.h"
#include "tray.h"
#include "tray_connect_res.h"
#include "tray_ids.h"
#include "tray_test.h"

static WCHAR exe[MAX_PATH];
static WCHAR serverfault[MAX_PATH];

typedef struct running {
    HANDLE proc;
    DWORD pid;
    HWND msg, win;
} running;

/* Starts the tray with args (after the exe name). */
static int start(running *r, const WCHAR *args)
{
    WCHAR cmd[2048];
    memset(r, 0, sizeof(*r));
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    r->proc = tt_spawn(cmd, &r->pid);
    ok(r->proc != NULL, "cannot start %ls\n", cmd);
    return r->proc != NULL;
}

/* Runs a short-lived second instance and returns its exit code. */
static DWORD run(const WCHAR *args)
{
    WCHAR cmd[2048];
    th_proc_result res;
    DWORD code;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    if (!th_run(cmd, NULL, 30000, &res)) {
        ok(0, "did not end in time: %ls\n", cmd);
        th_proc_result_free(&res);
        return (DWORD)-1;
    }
    code = res.exit_code;
    th_proc_result_free(&res);
    return code;
}

static int window_ready(void *ctx)
{
    running *r = ctx;
    WCHAR text[256];
    r->win = tt_window_of(r->pid, TRAY_WINDOW_CLASS);
    r->msg = tt_window_of(r->pid, TRAY_MSG_CLASS);
    if (!r->win || !r->msg || !IsWindowVisible(r->win))
        return 0;
    tt_text(GetDlgItem(r->win, TRAY_IDC_STATUS), text, ARRAYSIZE(text));
    /* The status line says when the first snapshot arrived. */
    return text[0] != 0;
}

typedef struct text_wait {
    HWND hwnd;
    const WCHAR *want;
} text_wait;

static int text_has(void *ctx)
{
    text_wait *w = ctx;
    WCHAR text[4096];
    return tt_contains(tt_text(w->hwnd, text, ARRAYSIZE(text)), w->want);
}

static int wait_text(HWND hwnd, const WCHAR *want, DWORD timeout_ms)
{
    text_wait w;
    w.hwnd = hwnd;
    w.want = want;
    return th_wait_for(text_has, &w, timeout_ms);
}

static int list_filled(void *ctx)
{
    return SendMessageW(GetDlgItem((HWND)ctx, TRAY_IDC_LIST), LVM_GETITEMCOUNT, 0, 0) > 0;
}

/* A screenshot of the other process's window once it has drawn its list. */
static void photo(running *r, const char *name)
{
    WCHAR path[MAX_PATH];
    int colours;
    ok(th_wait_for(list_filled, r->win, 10000), "the list stays empty\n");
    WaitForInputIdle(r->proc, 5000);
    RedrawWindow(r->win, NULL, NULL, RDW_INVALIDATE | RDW_UPDATENOW | RDW_ALLCHILDREN);
    WaitForInputIdle(r->proc, 5000);
    colours = th_screenshot(r->win, name, path, MAX_PATH);
    ok(colours >= 4, "screenshot %ls: %d colours\n", path, colours);
}

static int visible(void *ctx)
{
    return IsWindowVisible((HWND)ctx);
}

static int hidden(void *ctx)
{
    return !IsWindowVisible((HWND)ctx);
}

static void stop(running *r)
{
    DWORD code = 99;
    if (!r->proc)
        return;
    /* Wine without a window manager waits 2 s per hidden top-level window: allow for it. */
    if (!tt_wait_process(r->proc, 30000, &code)) {
        ok(0, "the tray did not end\n");
        TerminateProcess(r->proc, 1);
    } else {
        ok(code == 0, "the tray's exit code is %lu\n", code);
    }
    CloseHandle(r->proc);
    r->proc = NULL;
}

static void test_single_instance(void)
{
    running r;
    WCHAR args[1024], text[1024];
    HWND dlg;
    DWORD code;
    th_push_context("single instance");
    _snwprintf(args, ARRAYSIZE(args), L"--scenario \"%ls\" --instance exe-test", serverfault);
    if (!start(&r, args))
        goto done;
    ok(th_wait_for(window_ready, &r, 20000), "the sessions window did not show the state\n");
    if (!r.win)
        goto done;
    tt_text(r.win, text, ARRAYSIZE(text));
    ok(tt_contains(text, L"[Sandbox]"), "title: %ls\n", text);
    tt_text(GetDlgItem(r.win, TRAY_IDC_BANNER), text, ARRAYSIZE(text));
    ok(tt_contains(text, L"serverfault-773082.scenario") && tt_contains(text, L"Nothing on this computer"),
       "banner: %ls\n", text);
    tt_text(r.msg, text, ARRAYSIZE(text));
    {
        WCHAR want[HANDOFF_NAME_CCH];
        handoff_names(L"exe-test", NULL, want);
        ok(!wcscmp(text, want), "the message window is named after the instance and user: %ls\n", text);
    }
    photo(&r, "tray_exe_sandbox");

    /* The shell extension's command: forwarded, and the second process ends at once. */
    code = run(L"--instance exe-test connect \"\\\\srv\\share\"");
    ok(code == 0, "the second instance exit code %lu\n", code);
    dlg = tt_wait_dialog(r.pid, L"Connect as", 10000);
    ok(dlg && wait_text(GetDlgItem(dlg, IDC_CF_PATH), L"\\\\srv\\share", 10000),
       "connect was not forwarded\n");
    ok(wait_text(GetDlgItem(dlg, IDC_CF_NOW), L"Nothing is connected to srv.", 10000),
       "the connect dialog for a free server: %ls\n",
       tt_text(GetDlgItem(dlg, IDC_CF_NOW), text, ARRAYSIZE(text)));
    if (dlg)
        PostMessageW(dlg, WM_COMMAND, IDCANCEL, 0);
    ok(handoff_find_tray(L"exe-test") == r.msg, "only one instance\n");

    /* Closing hides the window; a plain second start (or "show") brings it back. */
    PostMessageW(r.win, WM_CLOSE, 0, 0);
    ok(th_wait_for(hidden, r.win, 15000), "WM_CLOSE did not hide the window\n");
    code = run(L"--instance exe-test");
    ok(code == 0, "plain second start exit code %lu\n", code);
    ok(th_wait_for(visible, r.win, 15000), "a second start did not show the window\n");
    PostMessageW(r.win, WM_CLOSE, 0, 0);
    ok(th_wait_for(hidden, r.win, 15000), "WM_CLOSE did not hide the window\n");
    code = run(L"--instance exe-test show");
    ok(code == 0 && th_wait_for(visible, r.win, 15000), "show: exit code %lu, window visible %d\n", code,
       IsWindowVisible(r.win));

    /* exit ends the first instance. */
    code = run(L"--instance exe-test exit");
    ok(code == 0, "exit: exit code %lu\n", code);
    stop(&r);
    ok(handoff_find_tray(L"exe-test") == NULL, "the instance's window is gone\n");
    /* Nothing running: exit is a no-op that succeeds and starts nothing. */
    code = run(L"--instance exe-nobody exit");
    ok(code == 0 && handoff_find_tray(L"exe-nobody") == NULL, "exit with nothing running: %lu\n", code);
done:
    if (r.proc) {
        run(L"--instance exe-test exit");
        stop(&r);
    }
    th_pop_context();
}

typedef struct selected_wait {
    HWND label;
    const WCHAR *server;
} selected_wait;

/* The "Selected:" line names exactly server (not a longer name that starts with it). */
static int selected_is(void *ctx)
{
    selected_wait *w = ctx;
    WCHAR text[512];
    const WCHAR *p;
    size_t n = wcslen(w->server);
    tt_text(w->label, text, ARRAYSIZE(text));
    for (p = wcsstr(text, w->server); p; p = wcsstr(p + 1, w->server))
        if (p[n] != L'.' && !iswalnum(p[n]) && p[n] != L'-')
            return 1;
    return 0;
}

/* Selects server in the sessions window of another process with the arrow keys (list-view messages
 * with pointers do not cross processes) and presses Disconnect, as a user would. */
static void disconnect_row(running *r, const WCHAR *server)
{
    HWND list = GetDlgItem(r->win, TRAY_IDC_LIST), button = GetDlgItem(r->win, TRAY_IDC_DISCONNECT);
    selected_wait w = {GetDlgItem(r->win, TRAY_IDC_SELECTED), server};
    int i, found = 0;
    PostMessageW(list, WM_KEYDOWN, VK_HOME, 0);
    PostMessageW(list, WM_KEYUP, VK_HOME, 0);
    for (i = 0; i < 16 && !(found = th_wait_for(selected_is, &w, 1500)); i++) {
        PostMessageW(list, WM_KEYDOWN, VK_DOWN, 0);
        PostMessageW(list, WM_KEYUP, VK_DOWN, 0);
    }
    ok(found, "could not select %ls\n", server);
    if (found)
        PostMessageW(r->win, WM_COMMAND, MAKEWPARAM(TRAY_IDC_DISCONNECT, BN_CLICKED), (LPARAM)button);
}

/* The sandbox never reaches the SMB client; the live tray does, and its actions are real. */
static void test_sandbox_vs_live(void)
{
    running r;
    WCHAR args[1024], text[1024];
    char err[256];
    char scen[MAX_PATH * 3];
    HWND status;
    long calls;
    th_push_context("sandbox vs live");
    if (!fakesmb_installed()) {
        ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
        skip("needs the fake SMB client\n");
        th_pop_context();
        return;
    }
    WideCharToMultiByte(CP_UTF8, 0, serverfault, -1, scen, sizeof(scen), NULL, NULL);
    ok(fakesmb_reset() == 0 && fakesmb_load_scenario(scen, err, sizeof(err)) == 0, "fakesmb load: %s\n", err);
    fakesmb_reset_counters();

    _snwprintf(args, ARRAYSIZE(args), L"--scenario \"%ls\" --instance exe-sandbox", serverfault);
    if (start(&r, args)) {
        ok(th_wait_for(window_ready, &r, 20000), "the sandbox window did not show the state\n");
        status = GetDlgItem(r.win, TRAY_IDC_STATUS);
        /* hka-fs01 is the first group: select it and press Disconnect, as a user would. */
        disconnect_row(&r, L"hka-fs01");
        ok(wait_text(status, L"Disconnected from hka-fs01: O:, W:, Y:", 15000), "sandbox disconnect: %ls\n",
           tt_text(status, text, ARRAYSIZE(text)));
        ok(run(L"--instance exe-sandbox exit") == 0, "exit\n");
        stop(&r);
    }
    calls = fakesmb_call_count();
    ok(calls == 0, "the sandbox made %ld calls to the SMB client\n", calls);
    ok(fakesmb_find_use("O:", NULL) == 1, "the real O: is untouched\n");

    /* The live tray: the same command reaches the fake through the real win32 backend. */
    fakesmb_reset_counters();
    if (start(&r, L"--instance exe-live")) {
        ok(th_wait_for(window_ready, &r, 30000), "the live window did not show the state\n");
        ok(fakesmb_counter("NetUseEnum") > 0 || fakesmb_counter("NPOpenEnum") > 0,
           "the live tray did not enumerate (NetUseEnum %ld, NPOpenEnum %ld)\n",
           fakesmb_counter("NetUseEnum"), fakesmb_counter("NPOpenEnum"));
        photo(&r, "tray_exe_live");
        status = GetDlgItem(r.win, TRAY_IDC_STATUS);
        disconnect_row(&r, L"hka-fs01.iai.nl");
        ok(wait_text(status, L"Disconnected from hka-fs01.iai.nl: Z:", 20000), "live disconnect: %ls\n",
           tt_text(status, text, ARRAYSIZE(text)));
        ok(fakesmb_find_use("Z:", NULL) == 0 && fakesmb_find_use("O:", NULL) == 1, "Z: gone, O: kept\n");
        ok(run(L"--instance exe-live exit") == 0, "exit\n");
        stop(&r);
    }
    th_pop_context();
}

#pragma pack(push, 2)
typedef struct icon_dir_entry {
    BYTE width, height, colours, reserved;
    WORD planes, bits;
    DWORD bytes;
    WORD id;
} icon_dir_entry;
typedef struct icon_dir {
    WORD reserved, type, count;
    icon_dir_entry entries[1];
} icon_dir;
#pragma pack(pop)

static const void *resource(HMODULE m, UINT id, const WCHAR *type, DWORD *size)
{
    HRSRC r = FindResourceW(m, MAKEINTRESOURCEW(id), type);
    HGLOBAL g = r ? LoadResource(m, r) : NULL;
    *size = r ? SizeofResource(m, r) : 0;
    return g ? LockResource(g) : NULL;
}

/* Icons at the notification-area sizes, the manifest, version information, strings. */
static void test_resources(void)
{
    HMODULE m = LoadLibraryExW(exe, NULL, LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE);
    const char *manifest;
    const icon_dir *dir;
    WCHAR text[256];
    DWORD size = 0, handle = 0, len;
    UINT ids[] = {IDI_TRAY_NORMAL, IDI_TRAY_WARNING}, i, k;
    void *info, *value;
    th_push_context("resources");
    ok(m != NULL, "cannot load %ls as data: %lu\n", exe, GetLastError());
    if (!m) {
        th_pop_context();
        return;
    }
    for (i = 0; i < ARRAYSIZE(ids); i++) {
        int seen = 0;
        dir = resource(m, ids[i], (const WCHAR *)RT_GROUP_ICON, &size);
        ok(dir && dir->count >= 4, "icon %u: %u images\n", ids[i], dir ? dir->count : 0);
        for (k = 0; dir && k < dir->count; k++)
            seen |= dir->entries[k].width == 16   ? 1
                    : dir->entries[k].width == 20 ? 2
                    : dir->entries[k].width == 24 ? 4
                    : dir->entries[k].width == 32 ? 8
                                                  : 0;
        ok(seen == 15, "icon %u lacks one of 16/20/24/32 px (mask %d)\n", ids[i], seen);
    }
    dir = resource(m, IDI_CONNECTAS_APP, (const WCHAR *)RT_GROUP_ICON, &size);
    ok(dir && dir->count >= 4, "app icon\n");
    manifest = resource(m, 1, (const WCHAR *)RT_MANIFEST, &size);
    ok(manifest && size && strstr(manifest, "PerMonitorV2") &&
           strstr(manifest, "Microsoft.Windows.Common-Controls") && strstr(manifest, "6.0.0.0") &&
           strstr(manifest, "asInvoker"),
       "manifest: %.*s\n", (int)size, manifest ? manifest : "");
    ok(LoadStringW(m, IDS_APP_NAME, text, ARRAYSIZE(text)) > 0 && !wcscmp(text, L"ConnectAs"),
       "app name %ls\n", text);
    ok(LoadStringW(m, IDS_ERROR_BASE + 1219, text, ARRAYSIZE(text)) > 0, "the error table is included\n");
    FreeLibrary(m);
    len = GetFileVersionInfoSizeW(exe, &handle);
    info = len ? malloc(len) : NULL;
    ok(info && GetFileVersionInfoW(exe, 0, len, info), "no version information\n");
    if (info) {
        UINT n = 0;
        ok(VerQueryValueW(info, L"\\StringFileInfo\\040904B0\\FileDescription", &value, &n) &&
               !wcscmp(value, L"ConnectAs tray"),
           "FileDescription\n");
        ok(VerQueryValueW(info, L"\\StringFileInfo\\040904B0\\OriginalFilename", &value, &n) &&
               !wcscmp(value, L"connectas-tray.exe"),
           "OriginalFilename\n");
        free(info);
    }
    th_pop_context();
}

static int message_window_up(void *ctx)
{
    running *r = ctx;
    return (r->msg = tt_window_of(r->pid, TRAY_MSG_CLASS)) != NULL;
}

static int run_value_exists(void)
{
    return RegGetValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, RRF_RT_ANY, NULL, NULL, NULL) ==
           ERROR_SUCCESS;
}

/* Sends a WM_COPYDATA to hwnd and returns the answer (0 when refused or not answered). */
static LRESULT send_copydata(HWND hwnd, ULONG_PTR tag, const void *data, DWORD size)
{
    COPYDATASTRUCT cds;
    DWORD_PTR answer = 0;
    cds.dwData = tag;
    cds.cbData = size;
    cds.lpData = (void *)data;
    if (!SendMessageTimeoutW(hwnd, WM_COPYDATA, 0, (LPARAM)&cds, SMTO_ABORTIFHUNG, 10000, &answer))
        return 0;
    return (LRESULT)answer;
}

/*
 * Issue 12, finding 5: another process on the desktop posts bogus messages at the live tray's message
 * window: pointers it would free or read, menu and slot commands, close; WM_COPYDATA with foreign tags,
 * malformed data and verbs that are not documented. The tray stays up and nothing changes; a
 * documented verb still works afterwards (and, being handled after the posts, proves they were read).
 */
static void test_foreign_messages(void)
{
    static const WCHAR bad_args[] = L"disconnect\0hka-fs01\0";
    static const WCHAR help_args[] = L"--help\0";
    static const BYTE garbage[] = {0x41, 0x00, 0x42};
    running r;
    long calls_before, calls_after;
    int uses_before, i;
    WCHAR **fake_argv = (WCHAR **)(ULONG_PTR)0x1234560;
    char err[256], scen[MAX_PATH * 3];
    th_push_context("foreign messages");
    if (!fakesmb_installed()) {
        ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
        skip("needs the fake SMB client\n");
        th_pop_context();
        return;
    }
    WideCharToMultiByte(CP_UTF8, 0, serverfault, -1, scen, sizeof(scen), NULL, NULL);
    ok(fakesmb_reset() == 0 && fakesmb_load_scenario(scen, err, sizeof(err)) == 0, "fakesmb load: %s\n", err);
    if (!start(&r, L"--instance exe-foreign --background"))
        goto done;
    /* Forwarding waits 10 s for the first instance's window; on a loaded machine give it its time. */
    ok(th_wait_for(message_window_up, &r, 60000), "the tray's message window did not appear\n");
    ok(run(L"--instance exe-foreign show") == 0, "show\n");
    ok(th_wait_for(window_ready, &r, 30000), "the live window did not show the state\n");
    ShowWindow(r.win, SW_HIDE);
    RegDeleteKeyValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE);
    uses_before = fakesmb_use_count();
    calls_before = fakesmb_counter("NPCancelConnection") + fakesmb_counter("NetUseDel");

    /* Pointers: the old tray freed WM_APP+2's lParam as a string or a job, WM_APP+4's as an argv. */
    PostMessageW(r.msg, WM_APP + 2, 1, (LPARAM)0x1234568);
    PostMessageW(r.msg, WM_APP + 2, 0, (LPARAM)0x2345678);
    PostMessageW(r.msg, WM_APP + 4, 2, (LPARAM)fake_argv);
    /* Orders: every per-server command of the first groups, the menu's commands, close. */
    for (i = 0; i < 4; i++) {
        PostMessageW(r.msg, WM_COMMAND, TRAY_ID_SLOT_BASE + i * TRAY_SLOT_STRIDE + TRAY_SLOT_DISCONNECT, 0);
        PostMessageW(r.msg, WM_COMMAND, TRAY_ID_SLOT_BASE + i * TRAY_SLOT_STRIDE + TRAY_SLOT_FORGET, 0);
    }
    PostMessageW(r.msg, WM_COMMAND, TRAY_ID_AUTOSTART, 0);
    PostMessageW(r.msg, WM_COMMAND, TRAY_ID_EXIT, 0);
    PostMessageW(r.msg, WM_CLOSE, 0, 0);
    PostMessageW(r.msg, WM_ENDSESSION, TRUE, 0);
    /* WM_COPYDATA: only 'CAT1' with well-formed documented verbs is accepted. */
    ok(send_copydata(r.msg, 0x12345678, L"show", sizeof(L"show")) == 0, "a foreign tag was accepted\n");
    ok(send_copydata(r.msg, TRAY_COPYDATA_ARGS, bad_args, sizeof(bad_args)) == 0,
       "an undocumented verb was accepted\n");
    ok(send_copydata(r.msg, TRAY_COPYDATA_ARGS, help_args, sizeof(help_args)) == 0, "--help was accepted\n");
    ok(send_copydata(r.msg, TRAY_COPYDATA_ARGS, garbage, sizeof(garbage)) == 0,
       "odd-sized data was accepted\n");
    ok(send_copydata(r.msg, TRAY_COPYDATA_ARGS, NULL, 0) == 0, "empty data was accepted\n");

    /* A documented verb, queued behind everything above. */
    ok(run(L"--instance exe-foreign show") == 0, "show after the bogus messages\n");
    ok(th_wait_for(visible, r.win, 30000), "the tray did not show its window after the bogus messages\n");
    ok(WaitForSingleObject(r.proc, 0) == WAIT_TIMEOUT, "the tray ended\n");
    calls_after = fakesmb_counter("NPCancelConnection") + fakesmb_counter("NetUseDel");
    ok(!run_value_exists(), "the bogus messages turned on Start with Windows\n");
    ok(calls_after == calls_before, "the bogus messages disconnected (%ld calls)\n",
       calls_after - calls_before);
    ok(fakesmb_use_count() == uses_before && fakesmb_find_use("O:", NULL) == 1 &&
           fakesmb_find_use("Z:", NULL) == 1,
       "the connections changed: %d before, %d after\n", uses_before, fakesmb_use_count());
    ok(run(L"--instance exe-foreign exit") == 0, "exit\n");
    stop(&r);
done:
    th_pop_context();
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    tt_bin_path(L"connectas-tray.exe", exe, ARRAYSIZE(exe));
    MultiByteToWideChar(CP_UTF8, 0, argc > 1 ? argv[1] : "serverfault-773082.scenario", -1, serverfault,
                        ARRAYSIZE(serverfault));
    test_resources();
    test_single_instance();
    test_sandbox_vs_live();
    test_foreign_messages();
    return th_finish();
}
