/* connectas.dll: the Windows 11 first-menu item, an IExplorerCommand (+ IObjectWithSite) object declared by
 * the sparse package. */
#include "shx_dll.h"
#include "shxsel.h"
#include "resource.h"

#include <stdio.h>
#include <string.h>

/* {18C89CDB-F1CB-4EF6-A13D-65452CBABD4A}: named in installer/msix.py's manifest; it must never change. */
const CLSID shx_xcmd_clsid = {0x18c89cdb, 0xf1cb, 0x4ef6, {0xa1, 0x3d, 0x65, 0x45, 0x2c, 0xba, 0xbd, 0x4a}};

struct shx_xcmd {
    IExplorerCommand IExplorerCommand_iface;
    IObjectWithSite IObjectWithSite_iface;
    LONG ref;
    IUnknown *site; /* the folder view's site (background); NULL until SetSite */
};

static inline struct shx_xcmd *impl_from_IExplorerCommand(IExplorerCommand *iface)
{
    return CONTAINING_RECORD(iface, struct shx_xcmd, IExplorerCommand_iface);
}

static inline struct shx_xcmd *impl_from_IObjectWithSite(IObjectWithSite *iface)
{
    return CONTAINING_RECORD(iface, struct shx_xcmd, IObjectWithSite_iface);
}

static HRESULT xcmd_query(struct shx_xcmd *cmd, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IExplorerCommand))
        *out = &cmd->IExplorerCommand_iface;
    else if (IsEqualIID(riid, &IID_IObjectWithSite))
        *out = &cmd->IObjectWithSite_iface;
    else
        return E_NOINTERFACE;
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG xcmd_addref(struct shx_xcmd *cmd)
{
    return (ULONG)InterlockedIncrement(&cmd->ref);
}

static ULONG xcmd_release(struct shx_xcmd *cmd)
{
    LONG ref = InterlockedDecrement(&cmd->ref);
    if (ref == 0) {
        if (cmd->site)
            IUnknown_Release(cmd->site);
        HeapFree(GetProcessHeap(), 0, cmd);
        shx_module_unlock();
    }
    return (ULONG)ref;
}

/* ---------------------------------------------------------------- the selection */

/* The open folder of the view we sit in (a right-click on the background):
 * site → IServiceProvider → IFolderView (or through the top-level browser's
 * active view) → IPersistFolder2::GetCurFolder. Local calls only. */
static HRESULT site_folder(IUnknown *site, PIDLIST_ABSOLUTE *out)
{
    IServiceProvider *provider = NULL;
    IFolderView *view = NULL;
    IPersistFolder2 *folder = NULL;
    HRESULT hr;

    *out = NULL;
    if (!site)
        return E_FAIL;
    if (SUCCEEDED(IUnknown_QueryInterface(site, &IID_IServiceProvider, (void **)&provider))) {
        if (FAILED(IServiceProvider_QueryService(provider, &SID_SFolderView, &IID_IFolderView,
                                                 (void **)&view))) {
            IShellBrowser *browser = NULL;
            IShellView *shown = NULL;
            view = NULL;
            if (SUCCEEDED(IServiceProvider_QueryService(provider, &SID_STopLevelBrowser, &IID_IShellBrowser,
                                                        (void **)&browser))) {
                if (SUCCEEDED(IShellBrowser_QueryActiveShellView(browser, &shown)) && shown) {
                    IShellView_QueryInterface(shown, &IID_IFolderView, (void **)&view);
                    IShellView_Release(shown);
                }
                IShellBrowser_Release(browser);
            }
        }
        IServiceProvider_Release(provider);
    }
    if (!view && FAILED(IUnknown_QueryInterface(site, &IID_IFolderView, (void **)&view)))
        view = NULL;
    if (!view)
        return E_FAIL;
    hr = IFolderView_GetFolder(view, &IID_IPersistFolder2, (void **)&folder);
    IFolderView_Release(view);
    if (FAILED(hr) || !folder)
        return FAILED(hr) ? hr : E_FAIL;
    hr = IPersistFolder2_GetCurFolder(folder, out);
    IPersistFolder2_Release(folder);
    if (SUCCEEDED(hr) && !*out)
        hr = E_FAIL;
    return hr;
}

/* Both questions are the shared selection decision of shxsel.h, the one the
 * classic handler's rules live in (shellext/README.md), so that this item and
 * the classic one always agree. Each gives S_OK with the path to hand to the
 * tray (HeapAlloc'd), S_FALSE (hide) or a failure (hide). */

/* Items Explorer selected. */
static HRESULT decide_items(IShellItemArray *items, WCHAR **path)
{
    return shx_decide_items(items, NULL, path);
}

/* The background of folder (no items below it). */
static HRESULT decide_folder(PCIDLIST_ABSOLUTE folder, WCHAR **path)
{
    return shx_decide_idlists(folder, NULL, 0, NULL, path);
}

/* The path "Connect as…" would open for this selection (HeapAlloc'd), or NULL
 * when the item does not belong here. items NULL: the background of the site's
 * folder. Decides from local facts only, like the classic handler. */
static WCHAR *selected_path(struct shx_xcmd *cmd, IShellItemArray *items)
{
    PIDLIST_ABSOLUTE folder = NULL;
    WCHAR *path = NULL;

    if (items)
        decide_items(items, &path);
    else if (SUCCEEDED(site_folder(cmd->site, &folder)))
        decide_folder(folder, &path);
    ILFree(folder);
    return path;
}

/* ---------------------------------------------------------------- the classic item beside it */

/* TRUE when path is \\server or \\server\share (a trailing backslash allowed): the
 * Network folder's items, which packaged verbs do not reach. */
static BOOL server_or_share_root(const WCHAR *path)
{
    const WCHAR *server, *p;
    size_t server_len, len = (size_t)lstrlenW(path);
    int parts = 0;
    if (shx_classify(path, len, NULL, &server, &server_len) != SHX_PATH_UNC)
        return FALSE;
    for (p = server + server_len; *p; p++)
        if (*p == L'\\' && p[1])
            parts++;
    return parts <= 1;
}

typedef LONG(WINAPI *packages_by_family_fn)(PCWSTR family, UINT32 *count, PWSTR *names, UINT32 *len,
                                            WCHAR *buf);

/* TRUE when a package of this family is registered for the current user
 * (GetPackagesByPackageFamily, kernel32 on Windows 8.1 and later; looked up at
 * run time so that the import table stays as it is). A local query of the
 * AppModel state, no network. */
static BOOL package_present(const WCHAR *family)
{
    static packages_by_family_fn fn;
    static LONG looked;
    UINT32 count = 0, len = 0;
    LONG rc;
    if (!InterlockedCompareExchange(&looked, 0, 0)) {
        HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
        fn = kernel32 ? (packages_by_family_fn)(void *)GetProcAddress(kernel32, "GetPackagesByPackageFamily")
                      : NULL;
        InterlockedExchange(&looked, 1);
    }
    if (!fn)
        return FALSE;
    rc = fn(family, &count, NULL, &len, NULL);
    return (rc == ERROR_SUCCESS || rc == ERROR_INSUFFICIENT_BUFFER) && count > 0;
}

/* The package family connectas.exe recorded in hive after registering it. */
static BOOL recorded_family(HKEY hive, WCHAR *family, DWORD size)
{
    return RegGetValueW(hive, L"Software\\ConnectAs", L"ExplorerCommand", RRF_RT_REG_SZ, NULL, family,
                        &size) == ERROR_SUCCESS &&
           family[0];
}

static BOOL package_item_shows(void)
{
    WCHAR family[256];
    if (recorded_family(HKEY_CURRENT_USER, family, sizeof(family)) && package_present(family))
        return TRUE;
    return recorded_family(HKEY_LOCAL_MACHINE, family, sizeof(family)) && package_present(family);
}

/* The answer of package_item_shows, kept for COVERS_CACHE_MS: two registry
 * reads cost ~45 us under Wine (60 times a classic decision on a UNC path), and
 * registration changes once in a long while. A running Explorer sees a change
 * within that time; a fresh load of the DLL at once. */
#define COVERS_CACHE_MS 5000u
static LONG covers_known;    /* 0: not asked yet; 1: no; 2: yes */
static LONG covers_asked_at; /* GetTickCount() of the last question */

BOOL shx_xcmd_covers(const WCHAR *path)
{
    DWORD now = GetTickCount();
    LONG known;
    if (!path || server_or_share_root(path))
        return FALSE;
    known = InterlockedCompareExchange(&covers_known, 0, 0);
    if (known == 0 || now - (DWORD)InterlockedCompareExchange(&covers_asked_at, 0, 0) > COVERS_CACHE_MS) {
        known = package_item_shows() ? 2 : 1;
        InterlockedExchange(&covers_asked_at, (LONG)now);
        InterlockedExchange(&covers_known, known);
    }
    return known == 2;
}

/* ---------------------------------------------------------------- IExplorerCommand */

static HRESULT WINAPI xcmd_QueryInterface(IExplorerCommand *iface, REFIID riid, void **out)
{
    return xcmd_query(impl_from_IExplorerCommand(iface), riid, out);
}

static ULONG WINAPI xcmd_AddRef(IExplorerCommand *iface)
{
    return xcmd_addref(impl_from_IExplorerCommand(iface));
}

static ULONG WINAPI xcmd_Release(IExplorerCommand *iface)
{
    return xcmd_release(impl_from_IExplorerCommand(iface));
}

static HRESULT dup_text(const WCHAR *text, WCHAR **out)
{
    SIZE_T size = ((SIZE_T)lstrlenW(text) + 1) * sizeof(WCHAR);
    *out = CoTaskMemAlloc(size);
    if (!*out)
        return E_OUTOFMEMORY;
    memcpy(*out, text, size);
    return S_OK;
}

/* String id of the string table in language lang (exact, then the language's
 * default sublanguage) into buf; FALSE when there is none. */
static BOOL load_string_lang(UINT id, LANGID lang, WCHAR *buf, int cch)
{
    LANGID tries[2] = {lang, MAKELANGID(PRIMARYLANGID(lang), SUBLANG_DEFAULT)};
    const WCHAR *p = NULL;
    HRSRC res = NULL;
    UINT i;
    for (i = 0; i < 2 && !res; i++)
        res = FindResourceExW(shx_instance, (LPCWSTR)RT_STRING, MAKEINTRESOURCEW(id / 16 + 1), tries[i]);
    if (!res || !(p = LockResource(LoadResource(shx_instance, res))))
        return FALSE;
    for (i = 0; i < id % 16; i++)
        p += *p + 1;
    if (!*p || *p >= cch)
        return FALSE;
    memcpy(buf, p + 1, *p * sizeof(WCHAR));
    buf[*p] = 0;
    return TRUE;
}

/* The menu text (the classic item's string) in the UI language of the calling
 * thread, which is Explorer's: chosen explicitly, as resource loading does not
 * follow the thread's language everywhere (Wine); else LoadStringW's choice. */
static HRESULT WINAPI xcmd_GetTitle(IExplorerCommand *iface, IShellItemArray *items, LPWSTR *name)
{
    WCHAR text[128];
    (void)iface;
    (void)items;
    if (!name)
        return E_POINTER;
    *name = NULL;
    if (!load_string_lang(IDS_SHX_MENU_TEXT, GetThreadUILanguage(), text, ARRAYSIZE(text)) &&
        !LoadStringW(shx_instance, IDS_SHX_MENU_TEXT, text, ARRAYSIZE(text)))
        return HRESULT_FROM_WIN32(ERROR_RESOURCE_NAME_NOT_FOUND);
    return dup_text(text, name);
}

/* "<this dll>,-IDI_SHX_ICON": Explorer loads the icon resource itself. */
static HRESULT WINAPI xcmd_GetIcon(IExplorerCommand *iface, IShellItemArray *items, LPWSTR *icon)
{
    WCHAR path[MAX_PATH + 16];
    DWORD n;
    (void)iface;
    (void)items;
    if (!icon)
        return E_POINTER;
    *icon = NULL;
    n = GetModuleFileNameW(shx_instance, path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return E_FAIL;
    _snwprintf(path + n, ARRAYSIZE(path) - n, L",-%u", IDI_SHX_ICON); /* bounded (issue 12, finding 7) */
    path[ARRAYSIZE(path) - 1] = 0;
    return dup_text(path, icon);
}

static HRESULT WINAPI xcmd_GetToolTip(IExplorerCommand *iface, IShellItemArray *items, LPWSTR *tip)
{
    (void)iface;
    (void)items;
    if (!tip)
        return E_POINTER;
    *tip = NULL;
    return E_NOTIMPL; /* Explorer shows no tool tip then */
}

static HRESULT WINAPI xcmd_GetCanonicalName(IExplorerCommand *iface, GUID *name)
{
    (void)iface;
    if (!name)
        return E_POINTER;
    *name = shx_xcmd_clsid;
    return S_OK;
}

/* Shown (ECS_ENABLED) exactly where the classic item would be; hidden
 * otherwise. Runs on Explorer's UI thread: local facts only, never waits, so
 * fOkToBeSlow does not matter. */
static HRESULT WINAPI xcmd_GetState(IExplorerCommand *iface, IShellItemArray *items, BOOL slow,
                                    EXPCMDSTATE *state)
{
    WCHAR *path;
    (void)slow;
    if (!state)
        return E_POINTER;
    path = selected_path(impl_from_IExplorerCommand(iface), items);
    *state = path ? ECS_ENABLED : ECS_HIDDEN;
    if (path)
        HeapFree(GetProcessHeap(), 0, path);
    return S_OK;
}

/* The classic item's hand-off: starts the tray with the first item's path and returns. */
static HRESULT WINAPI xcmd_Invoke(IExplorerCommand *iface, IShellItemArray *items, IBindCtx *ctx)
{
    WCHAR *path;
    HRESULT hr;
    (void)ctx;
    path = selected_path(impl_from_IExplorerCommand(iface), items);
    if (!path)
        return E_UNEXPECTED;
    hr = shx_launch_tray(shx_instance, path, SW_SHOWNORMAL);
    HeapFree(GetProcessHeap(), 0, path);
    return hr;
}

static HRESULT WINAPI xcmd_GetFlags(IExplorerCommand *iface, EXPCMDFLAGS *flags)
{
    (void)iface;
    if (!flags)
        return E_POINTER;
    *flags = ECF_DEFAULT;
    return S_OK;
}

static HRESULT WINAPI xcmd_EnumSubCommands(IExplorerCommand *iface, IEnumExplorerCommand **out)
{
    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    return E_NOTIMPL; /* one command, no submenu */
}

static const IExplorerCommandVtbl xcmd_vtbl = {
    xcmd_QueryInterface,   xcmd_AddRef,   xcmd_Release, xcmd_GetTitle, xcmd_GetIcon,         xcmd_GetToolTip,
    xcmd_GetCanonicalName, xcmd_GetState, xcmd_Invoke,  xcmd_GetFlags, xcmd_EnumSubCommands,
};

/* ---------------------------------------------------------------- IObjectWithSite */

static HRESULT WINAPI site_QueryInterface(IObjectWithSite *iface, REFIID riid, void **out)
{
    return xcmd_query(impl_from_IObjectWithSite(iface), riid, out);
}

static ULONG WINAPI site_AddRef(IObjectWithSite *iface)
{
    return xcmd_addref(impl_from_IObjectWithSite(iface));
}

static ULONG WINAPI site_Release(IObjectWithSite *iface)
{
    return xcmd_release(impl_from_IObjectWithSite(iface));
}

static HRESULT WINAPI site_SetSite(IObjectWithSite *iface, IUnknown *site)
{
    struct shx_xcmd *cmd = impl_from_IObjectWithSite(iface);
    if (site)
        IUnknown_AddRef(site);
    if (cmd->site)
        IUnknown_Release(cmd->site);
    cmd->site = site;
    return S_OK;
}

static HRESULT WINAPI site_GetSite(IObjectWithSite *iface, REFIID riid, void **out)
{
    struct shx_xcmd *cmd = impl_from_IObjectWithSite(iface);
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!cmd->site)
        return E_FAIL;
    return IUnknown_QueryInterface(cmd->site, riid, out);
}

static const IObjectWithSiteVtbl site_vtbl = {
    site_QueryInterface, site_AddRef, site_Release, site_SetSite, site_GetSite,
};

HRESULT shx_xcmd_create(REFIID riid, void **out)
{
    struct shx_xcmd *cmd;
    HRESULT hr;

    *out = NULL;
    cmd = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*cmd));
    if (!cmd)
        return E_OUTOFMEMORY;
    cmd->IExplorerCommand_iface.lpVtbl = (IExplorerCommandVtbl *)&xcmd_vtbl;
    cmd->IObjectWithSite_iface.lpVtbl = (IObjectWithSiteVtbl *)&site_vtbl;
    cmd->ref = 1;
    shx_module_lock();
    hr = xcmd_query(cmd, riid, out);
    xcmd_release(cmd);
    return hr;
}
