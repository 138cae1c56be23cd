/* The hand-off: connectas.dll's InvokeCommand starts the real connectas-tray.exe, which shows the connect
 * dialog. */
#include <windows.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "screenshot.h"
#include "shx_invoke.h"
#include "tray.h"
#include "tray_connect_res.h"
#include "tray_test.h"

#define WAIT_MS 30000

typedef struct text_wait {
    HWND hwnd;
    const WCHAR *want;
    int exact;
} text_wait;

static int text_is(void *ctx)
{
    text_wait *w = ctx;
    WCHAR text[1024];
    tt_text(w->hwnd, text, ARRAYSIZE(text));
    return w->exact ? !wcscmp(text, w->want) : tt_contains(text, w->want);
}

static int wait_text(HWND hwnd, const WCHAR *want, int exact)
{
    text_wait w = {hwnd, want, exact};
    return th_wait_for(text_is, &w, WAIT_MS);
}

static int gone(void *ctx)
{
    return !IsWindow((HWND)ctx);
}

static void test_handoff(void)
{
    WCHAR dll_path[MAX_PATH], exe[MAX_PATH], cmd[MAX_PATH + 32], text[1024], shot[MAX_PATH];
    char err[300] = "", *before = NULL, *after = NULL;
    shx_dialog_search s;
    HMODULE dll;
    HANDLE tray = NULL, proc;
    DWORD pid = 0, code = 99;
    HWND dlg;
    int colours;

    if (!fakesmb_installed()) {
        ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
        skip("needs the fake SMB client (not on a real machine)\n");
        return;
    }
    fakesmb_reset();
    ok(fakesmb_load_text("handoff.scenario",
                         "logon IAI\\bp\nuse O: \\\\hka-fs01\\data\nuse W: \\\\hka-fs01\\data\\machine\n"
                         "use Y: \\\\hka-fs01\\data\\machine\\300\nuse Z: \\\\hka-fs01.iai.nl\\data\n",
                         err, sizeof(err)) == 0,
       "fake: %s\n", err);
    before = fakesmb_state_text();
    tt_bin_path(L"connectas.dll", dll_path, ARRAYSIZE(dll_path));
    tt_bin_path(L"connectas-tray.exe", exe, ARRAYSIZE(exe));
    dll = LoadLibraryW(dll_path);
    ok(dll != NULL, "cannot load %ls: %lu\n", dll_path, GetLastError());
    if (!dll)
        goto done;

    shx_invoke(dll, L"\\\\hka-fs01\\data");
    ok(th_wait_for(shx_other_dialog, &s, WAIT_MS), "the tray showed no connect dialog\n");
    dlg = s.found;
    if (!dlg)
        goto done;
    GetWindowThreadProcessId(dlg, &pid);
    tray = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    ok(tray != NULL, "cannot open the tray process %lu\n", pid);
    ok(tt_window_of(pid, TRAY_MSG_CLASS) != NULL, "the dialog's process is not a tray\n");
    {
        /* The real tray from bin\, started by the extension: its image is beside the DLL. */
        WCHAR image[MAX_PATH];
        DWORD len = ARRAYSIZE(image);
        ok(tray && QueryFullProcessImageNameW(tray, 0, image, &len) && !_wcsicmp(image, exe),
           "the dialog belongs to %ls, expected %ls\n", tray ? image : L"?", exe);
    }
    ok(wait_text(GetDlgItem(dlg, IDC_CF_PATH), L"\\\\hka-fs01\\data", 1), "the dialog is not for the path\n");
    ok(wait_text(GetDlgItem(dlg, IDC_CF_NOW), L"hka-fs01 as IAI\\bp", 0) &&
           wait_text(GetDlgItem(dlg, IDC_CF_NOW), L"O:, W: and Y:", 0),
       "the dialog does not show who holds hka-fs01: %ls\n",
       tt_text(GetDlgItem(dlg, IDC_CF_NOW), text, ARRAYSIZE(text)));
    WaitForInputIdle(tray, 5000);
    RedrawWindow(dlg, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_UPDATENOW | RDW_ALLCHILDREN);
    WaitForInputIdle(tray, 5000);
    colours = th_screenshot(dlg, "connect_dialog_handoff", shot, MAX_PATH);
    ok(colours >= 4, "screenshot %ls: %d colours\n", shot, colours);

    /* A second right-click while the dialog waits: a short-lived second tray forwards it, and the
     * same dialog takes the new location. */
    shx_invoke(dll, L"\\\\fs05\\files");
    ok(wait_text(GetDlgItem(dlg, IDC_CF_PATH), L"\\\\fs05\\files", 1),
       "the running dialog did not take the new path\n");
    ok(wait_text(GetDlgItem(dlg, IDC_CF_NOW), L"Nothing is connected to fs05.", 0),
       "the new server's state: %ls\n", tt_text(GetDlgItem(dlg, IDC_CF_NOW), text, ARRAYSIZE(text)));
    ok(th_wait_for(shx_other_dialog, &s, WAIT_MS) && s.found == dlg, "a second dialog or tray appeared\n");

    PostMessageW(dlg, WM_COMMAND, IDCANCEL, 0);
    ok(th_wait_for(gone, dlg, WAIT_MS), "Cancel did not close the dialog\n");

    /* "exit" returns only once the tray has ended (the MSI removes the exe right after). */
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" exit", exe);
    proc = tt_spawn(cmd, NULL);
    ok(proc && tt_wait_process(proc, WAIT_MS, &code) && code == 0, "exit: exit code %lu\n", code);
    if (proc)
        CloseHandle(proc);
    ok(tray && WaitForSingleObject(tray, 0) == WAIT_OBJECT_0,
       "the tray was still running when exit returned\n");
    after = fakesmb_state_text();
    ok(before && after && !strcmp(before, after), "the state changed:\n%s\n---\n%s\n", before ? before : "",
       after ? after : "");
done:
    if (tray) {
        if (WaitForSingleObject(tray, 0) != WAIT_OBJECT_0) {
            _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" exit", exe);
            proc = tt_spawn(cmd, NULL);
            if (proc) {
                tt_wait_process(proc, WAIT_MS, &code);
                CloseHandle(proc);
            }
        }
        CloseHandle(tray);
    }
    free(before);
    free(after);
}

int main(int argc, char **argv)
{
    HRESULT hr;
    th_init(argc, argv);
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    test_handoff();
    if (SUCCEEDED(hr))
        CoUninitialize();
    return th_finish();
}
