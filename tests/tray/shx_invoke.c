/* Explorer's side of the hand-off for tray tests and benchmarks: connectas.dll's handler, initialised and
 * invoked as Explorer does, and the connect dialog another process shows. */
#include "shx_invoke.h"

#include <shlobj.h>

#include "harness.h"
#include "shxtest.h"
#include "tray_test.h"

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
void shx_invoke(HMODULE dll, const WCHAR *path)
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

static BOOL CALLBACK find_other(HWND hwnd, LPARAM lp)
{
    shx_dialog_search *s = (shx_dialog_search *)lp;
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

int shx_other_dialog(void *ctx)
{
    shx_dialog_search *s = ctx;
    s->found = NULL;
    EnumWindows(find_other, (LPARAM)s);
    return s->found != NULL;
}
