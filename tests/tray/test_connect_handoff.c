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
#include "shxtest.h"
#include "tray.h"
#include "tray_connect_res.h"
#include "tray_test.h"

#define WAIT_MS 30000

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

/* Loads bin\connectas.dll (beside the real tray) and returns its context menu handler
 * initialised, as Explorer does, with a selection of one UNC folder. */
static IContextMenu *handler_for(HMODULE dll, const WCHAR *path)
{
    get_class_object_fn get = (get_class_object_fn)(void (*)(void))GetProcAddress(dll, "DllGetClassObject");
    IClassFactory *factory = NULL;
    IShellExtInit *init = NULL;
    IContextMenu *menu = NULL;
    IDataObject *data;
    const WCHAR *paths[1] = {path};
    CLSID clsid;
    HRESULT hr;
    HMENU hmenu;
    if (!get || FAILED(CLSIDFromString(TEST_CLSID_STRING, &clsid))) {
        ok(0, "connectas.dll has no DllGetClassObject\n");
        return NULL;
    }
    hr = get(&clsid, &IID_IClassFactory, (void **)&factory);
    ok(hr == S_OK, "DllGetClassObject: 0x%08lx\n", hr);
    if (FAILED(hr))
        return NULL;
    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IShellExtInit, (void **)&init);
    IClassFactory_Release(factory);
    ok(hr == S_OK, "CreateInstance: 0x%08lx\n", hr);
    if (FAILED(hr))
        return NULL;
    /* Wine cannot name UNC ID lists: the selection comes as CF_HDROP (see tests/shellext). */
    data = tdo_create();
    tdo_set(data, CF_HDROP, tdo_hdrop(paths, 1, TRUE));
    hr = IShellExtInit_Initialize(init, NULL, data, NULL);
    IDataObject_Release(data);
    ok(hr == S_OK, "Initialize(%ls): 0x%08lx\n", path, hr);
    if (hr == S_OK)
        hr = IShellExtInit_QueryInterface(init, &IID_IContextMenu, (void **)&menu);
    IShellExtInit_Release(init);
    if (!menu)
        return NULL;
    hmenu = CreatePopupMenu();
    hr = IContextMenu_QueryContextMenu(menu, hmenu, 0, 100, 199, CMF_NORMAL);
    ok(hr == MAKE_HRESULT(SEVERITY_SUCCESS, 0, 1), "QueryContextMenu: 0x%08lx\n", hr);
    DestroyMenu(hmenu);
    return menu;
}

/* Explorer's click on "Connect as…". */
static void invoke(HMODULE dll, const WCHAR *path)
{
    IContextMenu *menu = handler_for(dll, path);
    CMINVOKECOMMANDINFO ici;
    HRESULT hr;
    if (!menu)
        return;
    memset(&ici, 0, sizeof(ici));
    ici.cbSize = sizeof(ici);
    ici.lpVerb = MAKEINTRESOURCEA(0);
    ici.nShow = SW_SHOWNORMAL;
    hr = IContextMenu_InvokeCommand(menu, &ici);
    ok(hr == S_OK, "InvokeCommand for %ls: 0x%08lx\n", path, hr);
    IContextMenu_Release(menu);
}

typedef struct dialog_search {
    HWND found;
} dialog_search;

static BOOL CALLBACK find_other(HWND hwnd, LPARAM lp)
{
    dialog_search *s = (dialog_search *)lp;
    WCHAR cls[32], title[256];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == GetCurrentProcessId() || !IsWindowVisible(hwnd))
        return TRUE;
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    GetWindowTextW(hwnd, title, ARRAYSIZE(title));
    if (wcscmp(cls, L"#32770") || !tt_contains(title, L"Connect as"))
        return TRUE;
    s->found = hwnd;
    return FALSE;
}

static int other_dialog(void *ctx)
{
    dialog_search *s = ctx;
    s->found = NULL;
    EnumWindows(find_other, (LPARAM)s);
    return s->found != NULL;
}

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
    dialog_search s;
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

    invoke(dll, L"\\\\hka-fs01\\data");
    ok(th_wait_for(other_dialog, &s, WAIT_MS), "the tray showed no connect dialog\n");
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
    invoke(dll, L"\\\\fs05\\files");
    ok(wait_text(GetDlgItem(dlg, IDC_CF_PATH), L"\\\\fs05\\files", 1),
       "the running dialog did not take the new path\n");
    ok(wait_text(GetDlgItem(dlg, IDC_CF_NOW), L"Nothing is connected to fs05.", 0),
       "the new server's state: %ls\n", tt_text(GetDlgItem(dlg, IDC_CF_NOW), text, ARRAYSIZE(text)));
    ok(th_wait_for(other_dialog, &s, WAIT_MS) && s.found == dlg, "a second dialog or tray appeared\n");

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
