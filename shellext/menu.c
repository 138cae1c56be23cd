/* connectas.dll: the context-menu object (IShellExtInit + IContextMenu) that adds "Connect as…". */
#include "shx_dll.h"
#include "shxsel.h"
#include "resource.h"

#include <string.h>

#define VERB_W L"connectas"
#define VERB_A "connectas"
#define CMD_CONNECT 0 /* our only command offset */

struct shx_menu {
    IShellExtInit IShellExtInit_iface;
    IContextMenu IContextMenu_iface;
    LONG ref;
    WCHAR *path; /* what to connect to (first selected item); NULL: no item */
};

static inline struct shx_menu *impl_from_IShellExtInit(IShellExtInit *iface)
{
    return CONTAINING_RECORD(iface, struct shx_menu, IShellExtInit_iface);
}

static inline struct shx_menu *impl_from_IContextMenu(IContextMenu *iface)
{
    return CONTAINING_RECORD(iface, struct shx_menu, IContextMenu_iface);
}

static HRESULT menu_query(struct shx_menu *menu, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IShellExtInit))
        *out = &menu->IShellExtInit_iface;
    else if (IsEqualIID(riid, &IID_IContextMenu))
        *out = &menu->IContextMenu_iface;
    else
        return E_NOINTERFACE;
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG menu_addref(struct shx_menu *menu)
{
    return (ULONG)InterlockedIncrement(&menu->ref);
}

static void forget_path(struct shx_menu *menu)
{
    if (menu->path)
        HeapFree(GetProcessHeap(), 0, menu->path);
    menu->path = NULL;
}

static ULONG menu_release(struct shx_menu *menu)
{
    LONG ref = InterlockedDecrement(&menu->ref);
    if (ref == 0) {
        forget_path(menu);
        HeapFree(GetProcessHeap(), 0, menu);
        shx_module_unlock();
    }
    return (ULONG)ref;
}

/* IShellExtInit */

static HRESULT WINAPI init_QueryInterface(IShellExtInit *iface, REFIID riid, void **out)
{
    return menu_query(impl_from_IShellExtInit(iface), riid, out);
}

static ULONG WINAPI init_AddRef(IShellExtInit *iface)
{
    return menu_addref(impl_from_IShellExtInit(iface));
}

static ULONG WINAPI init_Release(IShellExtInit *iface)
{
    return menu_release(impl_from_IShellExtInit(iface));
}

/* Decides from local facts only: S_OK when the item will be shown, S_FALSE when
 * the selection is well formed but not for us (local, mixed servers…), E_FAIL
 * for an empty or malformed selection. */
static HRESULT WINAPI init_Initialize(IShellExtInit *iface, PCIDLIST_ABSOLUTE folder, IDataObject *obj,
                                      HKEY progid)
{
    struct shx_menu *menu = impl_from_IShellExtInit(iface);
    WCHAR *path = NULL;
    HRESULT hr;

    (void)progid;
    forget_path(menu);
    /* The shared decision (the Windows 11 command makes the same one); obj NULL: the background of folder. */
    hr = shx_decide_dataobject(obj, folder, NULL, &path);
    if (FAILED(hr))
        return E_FAIL;
    if (hr == S_OK && !shx_xcmd_covers(path))
        menu->path = path;
    else if (path)
        HeapFree(GetProcessHeap(), 0, path);
    return menu->path ? S_OK : S_FALSE;
}

static const IShellExtInitVtbl init_vtbl = {
    init_QueryInterface,
    init_AddRef,
    init_Release,
    init_Initialize,
};

/* IContextMenu */

static HRESULT WINAPI menu_QueryInterface(IContextMenu *iface, REFIID riid, void **out)
{
    return menu_query(impl_from_IContextMenu(iface), riid, out);
}

static ULONG WINAPI menu_AddRef(IContextMenu *iface)
{
    return menu_addref(impl_from_IContextMenu(iface));
}

static ULONG WINAPI menu_Release(IContextMenu *iface)
{
    return menu_release(impl_from_IContextMenu(iface));
}

static HRESULT WINAPI menu_QueryContextMenu(IContextMenu *iface, HMENU hmenu, UINT index, UINT first,
                                            UINT last, UINT flags)
{
    struct shx_menu *menu = impl_from_IContextMenu(iface);
    WCHAR text[128];
    MENUITEMINFOW item;
    HBITMAP bitmap;

    if ((flags & CMF_DEFAULTONLY) || !menu->path || !hmenu || first > last)
        return MAKE_HRESULT(SEVERITY_SUCCESS, FACILITY_NULL, 0);
    if (!LoadStringW(shx_instance, IDS_SHX_MENU_TEXT, text, ARRAYSIZE(text)))
        return MAKE_HRESULT(SEVERITY_SUCCESS, FACILITY_NULL, 0);

    memset(&item, 0, sizeof(item));
    item.cbSize = sizeof(item);
    item.fMask = MIIM_ID | MIIM_STRING;
    item.wID = first + CMD_CONNECT;
    item.dwTypeData = text;
    bitmap = shx_icon_get();
    if (bitmap) {
        item.fMask |= MIIM_BITMAP;
        item.hbmpItem = bitmap;
    }
    if (!InsertMenuItemW(hmenu, index, TRUE, &item))
        return MAKE_HRESULT(SEVERITY_SUCCESS, FACILITY_NULL, 0);
    return MAKE_HRESULT(SEVERITY_SUCCESS, FACILITY_NULL, CMD_CONNECT + 1);
}

static BOOL verb_is_ours_a(const char *verb)
{
    const char *ours = VERB_A;
    for (; *verb && *ours; verb++, ours++) {
        char c = *verb;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *ours)
            return FALSE;
    }
    return *verb == 0 && *ours == 0;
}

static HRESULT WINAPI menu_InvokeCommand(IContextMenu *iface, CMINVOKECOMMANDINFO *info)
{
    struct shx_menu *menu = impl_from_IContextMenu(iface);
    const CMINVOKECOMMANDINFOEX *ex = (const CMINVOKECOMMANDINFOEX *)info;
    BOOL ours;

    if (!info || info->cbSize < sizeof(CMINVOKECOMMANDINFO))
        return E_INVALIDARG;
    if ((info->fMask & CMIC_MASK_UNICODE) && info->cbSize >= sizeof(CMINVOKECOMMANDINFOEX) && ex->lpVerbW) {
        if (IS_INTRESOURCE(ex->lpVerbW))
            ours = LOWORD((ULONG_PTR)ex->lpVerbW) == CMD_CONNECT;
        else
            ours = CompareStringOrdinal(ex->lpVerbW, -1, VERB_W, -1, TRUE) == CSTR_EQUAL;
    } else if (IS_INTRESOURCE(info->lpVerb)) {
        ours = LOWORD((ULONG_PTR)info->lpVerb) == CMD_CONNECT;
    } else {
        ours = verb_is_ours_a(info->lpVerb);
    }
    if (!ours)
        return E_FAIL; /* not our verb: let the next handler have it */
    if (!menu->path)
        return E_UNEXPECTED;
    return shx_launch_tray(shx_instance, menu->path, info->nShow);
}

static HRESULT copy_text_w(WCHAR *out, UINT cch, const WCHAR *text)
{
    UINT n = (UINT)lstrlenW(text);
    if (!out || cch == 0)
        return E_INVALIDARG;
    if (n >= cch) {
        memcpy(out, text, (cch - 1) * sizeof(WCHAR));
        out[cch - 1] = 0;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    memcpy(out, text, (n + 1) * sizeof(WCHAR));
    return S_OK;
}

static HRESULT copy_text_a(char *out, UINT cch, const WCHAR *text)
{
    int n;
    if (!out || cch == 0)
        return E_INVALIDARG;
    n = WideCharToMultiByte(CP_ACP, 0, text, -1, out, (int)cch, NULL, NULL);
    if (n == 0) {
        out[cch - 1] = 0;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    return S_OK;
}

static HRESULT WINAPI menu_GetCommandString(IContextMenu *iface, UINT_PTR cmd, UINT type, UINT *reserved,
                                            LPSTR name, UINT cch)
{
    struct shx_menu *menu = impl_from_IContextMenu(iface);
    WCHAR help[256];

    (void)reserved;
    if (cmd != CMD_CONNECT)
        return E_INVALIDARG;
    switch (type) {
    case GCS_VALIDATEA:
    case GCS_VALIDATEW:
        return menu->path ? S_OK : S_FALSE;
    case GCS_VERBA:
        return copy_text_a(name, cch, VERB_W);
    case GCS_VERBW:
        return copy_text_w((WCHAR *)name, cch, VERB_W);
    case GCS_HELPTEXTA:
    case GCS_HELPTEXTW:
        if (!LoadStringW(shx_instance, IDS_SHX_HELP_TEXT, help, ARRAYSIZE(help)))
            return E_FAIL;
        return type == GCS_HELPTEXTW ? copy_text_w((WCHAR *)name, cch, help) : copy_text_a(name, cch, help);
    default:
        return E_INVALIDARG;
    }
}

static const IContextMenuVtbl menu_vtbl = {
    menu_QueryInterface,   menu_AddRef,        menu_Release,
    menu_QueryContextMenu, menu_InvokeCommand, menu_GetCommandString,
};

HRESULT shx_menu_create(REFIID riid, void **out)
{
    struct shx_menu *menu;
    HRESULT hr;

    *out = NULL;
    menu = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*menu));
    if (!menu)
        return E_OUTOFMEMORY;
    menu->IShellExtInit_iface.lpVtbl = (IShellExtInitVtbl *)&init_vtbl;
    menu->IContextMenu_iface.lpVtbl = (IContextMenuVtbl *)&menu_vtbl;
    menu->ref = 1;
    shx_module_lock();
    hr = menu_query(menu, riid, out);
    menu_release(menu);
    return hr;
}
