/* The Windows 11 first-menu command of connectas.dll (IExplorerCommand + IObjectWithSite) through an
 * Explorer-like host: item arrays, a folder-view site, the hand-off, agreement with the classic handler, COM
 * rules.
 * Over 700 lines: one Explorer-like host (item arrays, a fake folder-view site, the stand-in's record, an
 * import counter) serves every case, and splitting it would spread that host over files. */
#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "shxtest.h"

#define XCMD_CLSID_STRING L"{18C89CDB-F1CB-4EF6-A13D-65452CBABD4A}"
#define MENU_TEXT_EN L"Connect as\u2026"
#define ICON_ID 200

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);
typedef HRESULT(WINAPI *can_unload_fn)(void);

static WCHAR dll_path[MAX_PATH], dll_dir[MAX_PATH], log_path[MAX_PATH];
static HMODULE module;
static get_class_object_fn get_class_object;
static can_unload_fn can_unload;
static CLSID xcmd_clsid, menu_clsid;
static BOOL have_mapped, have_second, have_removable;
static const WCHAR mapped = L'M', second = L'O', removable = L'R';

/* ---------------------------------------------------------------- creating objects */

static IExplorerCommand *create_command(void)
{
    IClassFactory *factory = NULL;
    IExplorerCommand *cmd = NULL;
    HRESULT hr = get_class_object(&xcmd_clsid, &IID_IClassFactory, (void **)&factory);
    ok(hr == S_OK && factory, "class factory for the command: %#lx\n", hr);
    if (!factory)
        return NULL;
    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IExplorerCommand, (void **)&cmd);
    ok(hr == S_OK && cmd, "CreateInstance(IExplorerCommand): %#lx\n", hr);
    IClassFactory_Release(factory);
    return cmd;
}

/* The classic handler's verdict on the same items, given as Explorer gives it a CIDA. */
static BOOL classic_shows(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items, size_t count)
{
    IClassFactory *factory = NULL;
    IShellExtInit *init = NULL;
    IDataObject *obj;
    HRESULT hr = E_FAIL;

    if (FAILED(get_class_object(&menu_clsid, &IID_IClassFactory, (void **)&factory)))
        return FALSE;
    IClassFactory_CreateInstance(factory, NULL, &IID_IShellExtInit, (void **)&init);
    IClassFactory_Release(factory);
    if (!init)
        return FALSE;
    obj = tdo_create();
    if (items)
        tdo_set(obj, tdo_cf_idlist(), tdo_cida(folder, items, count));
    hr = IShellExtInit_Initialize(init, items ? NULL : folder, items ? obj : NULL, NULL);
    IShellExtInit_Release(init);
    IDataObject_Release(obj);
    return hr == S_OK;
}

/* An array built as Explorer does: from absolute ID lists. */
static IShellItemArray *array_of(PCIDLIST_ABSOLUTE const *pidls, UINT count)
{
    IShellItemArray *array = NULL;
    HRESULT hr = SHCreateShellItemArrayFromIDLists(count, (PCIDLIST_ABSOLUTE_ARRAY)pidls, &array);
    ok(hr == S_OK && array, "SHCreateShellItemArrayFromIDLists: %#lx\n", hr);
    return array;
}

static BOOL classic_shows_paths(const WCHAR *path);

/* ---------------------------------------------------------------- the stand-in tray's record */

/* Waits for the stand-in's record and checks it names expect_path. */
static void check_handoff(const WCHAR *expect_path)
{
    WCHAR *text, *cmd, *end, exe[MAX_PATH];
    WCHAR **argv = NULL;
    int argc = 0;

    if (!test_wait_for_file(log_path, 15000)) {
        ok(0, "the stand-in tray left no record\n");
        return;
    }
    text = test_read_text(log_path);
    cmd = text ? wcsstr(text, L"cmd=") : NULL;
    ok(cmd != NULL, "record: %ls\n", text ? text : L"(unreadable)");
    if (cmd) {
        if ((end = wcschr(cmd, L'\n')))
            *end = 0;
        argv = CommandLineToArgvW(cmd + 4, &argc);
        _snwprintf(exe, ARRAYSIZE(exe), L"%ls\\connectas-tray.exe", dll_dir);
        ok(argv && argc == 3, "%d arguments in [%ls]\n", argv ? argc : -1, cmd + 4);
        if (argv && argc == 3) {
            ok(!_wcsicmp(argv[0], exe), "program %ls, expected %ls\n", argv[0], exe);
            ok(!wcscmp(argv[1], L"connect"), "verb %ls\n", argv[1]);
            ok(!wcscmp(argv[2], expect_path), "path [%ls], expected [%ls]\n", argv[2], expect_path);
        }
        LocalFree(argv);
    }
    HeapFree(GetProcessHeap(), 0, text);
    DeleteFileW(log_path);
}

/* ---------------------------------------------------------------- one selection */

/* Asks the command about items below folder (relative IDs) the way Explorer
 * does, compares with the classic handler, and invokes when shown. */
static void check_items(const char *name, PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items,
                        UINT count, const WCHAR *expect_path)
{
    PIDLIST_ABSOLUTE *full = calloc(count, sizeof(*full));
    IExplorerCommand *cmd = create_command();
    IShellItemArray *array;
    EXPCMDSTATE state = 0xdead;
    HRESULT hr;
    UINT i;
    ULONG ref;
    int attempt = 1;

    th_push_context("%s", name);
    for (i = 0; i < count; i++)
        full[i] = ILCombine(folder, items[i]);
    array = array_of((PCIDLIST_ABSOLUTE *)full, count);
    if (!cmd || !array)
        goto cleanup;
    hr = IExplorerCommand_GetState(cmd, array, FALSE, &state);
    ok(hr == S_OK, "GetState %#lx\n", hr);
    ok(state == (expect_path ? ECS_ENABLED : ECS_HIDDEN), "state %#lx, expected %s\n", state,
       expect_path ? "shown" : "hidden");
    ok(classic_shows(folder, items, count) == (expect_path != NULL),
       "the classic handler disagrees (it %s the item)\n", expect_path ? "hides" : "shows");
    DeleteFileW(log_path);
    hr = IExplorerCommand_Invoke(cmd, array, NULL);
    /* Wine's transient failure to start the stand-in (setup), never a product answer: see shxtest.h. */
    while (expect_path && test_retry_wine_start(hr, &attempt))
        hr = IExplorerCommand_Invoke(cmd, array, NULL);
    if (expect_path) {
        ok(hr == S_OK, "Invoke %#lx\n", hr);
        if (hr == S_OK)
            check_handoff(expect_path);
    } else {
        ok(hr == E_UNEXPECTED, "Invoke without an item: %#lx\n", hr);
        ok(GetFileAttributesW(log_path) == INVALID_FILE_ATTRIBUTES, "something was started\n");
    }
    ref = IShellItemArray_Release(array);
    ok(ref == 0, "the command kept %lu references to the item array\n", ref);
    array = NULL;
cleanup:
    if (array)
        IShellItemArray_Release(array);
    if (cmd) {
        ref = IExplorerCommand_Release(cmd);
        ok(ref == 0, "reference count %lu after the last release\n", ref);
    }
    for (i = 0; i < count; i++)
        ILFree(full[i]);
    free(full);
    th_pop_context();
}

/* One absolute ID list as a selection of one below its parent. */
static void check_one(const char *name, PCIDLIST_ABSOLUTE pidl, const WCHAR *expect_path)
{
    PIDLIST_ABSOLUTE parent;
    PCUIDLIST_RELATIVE item;
    if (!pidl) {
        ok(0, "%s: no ID list\n", name);
        return;
    }
    parent = ILClone(pidl);
    ILRemoveLastID(parent);
    item = ILFindLastID(pidl);
    check_items(name, parent, &item, 1, expect_path);
    ILFree(parent);
}

/* ---------------------------------------------------------------- a folder view as the site */

/* A site such as Explorer's folder view gives an IExplorerCommand for a background
 * click: IServiceProvider answers SID_SFolderView with an IFolderView whose
 * folder (IPersistFolder2) is the open folder. One object, three interfaces. */
struct fake_site {
    IServiceProvider IServiceProvider_iface;
    IFolderView IFolderView_iface;
    IPersistFolder2 IPersistFolder2_iface;
    LONG ref;
    PIDLIST_ABSOLUTE folder;
    BOOL direct_only; /* no IServiceProvider: the view is the site itself */
};

static struct fake_site *site_from_sp(IServiceProvider *iface)
{
    return CONTAINING_RECORD(iface, struct fake_site, IServiceProvider_iface);
}
static struct fake_site *site_from_fv(IFolderView *iface)
{
    return CONTAINING_RECORD(iface, struct fake_site, IFolderView_iface);
}
static struct fake_site *site_from_pf(IPersistFolder2 *iface)
{
    return CONTAINING_RECORD(iface, struct fake_site, IPersistFolder2_iface);
}

static HRESULT site_query(struct fake_site *site, REFIID riid, void **out)
{
    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IFolderView))
        *out = &site->IFolderView_iface;
    else if (IsEqualIID(riid, &IID_IServiceProvider) && !site->direct_only)
        *out = &site->IServiceProvider_iface;
    else if (IsEqualIID(riid, &IID_IPersistFolder2) || IsEqualIID(riid, &IID_IPersistFolder) ||
             IsEqualIID(riid, &IID_IPersist))
        *out = &site->IPersistFolder2_iface;
    else
        return E_NOINTERFACE;
    InterlockedIncrement(&site->ref);
    return S_OK;
}

static ULONG site_release(struct fake_site *site)
{
    return (ULONG)InterlockedDecrement(&site->ref);
}

static HRESULT WINAPI sp_QueryInterface(IServiceProvider *iface, REFIID riid, void **out)
{
    return site_query(site_from_sp(iface), riid, out);
}
static ULONG WINAPI sp_AddRef(IServiceProvider *iface)
{
    return (ULONG)InterlockedIncrement(&site_from_sp(iface)->ref);
}
static ULONG WINAPI sp_Release(IServiceProvider *iface)
{
    return site_release(site_from_sp(iface));
}
static HRESULT WINAPI sp_QueryService(IServiceProvider *iface, REFGUID service, REFIID riid, void **out)
{
    *out = NULL;
    if (!IsEqualGUID(service, &SID_SFolderView))
        return E_NOINTERFACE;
    return site_query(site_from_sp(iface), riid, out);
}
static const IServiceProviderVtbl sp_vtbl = {sp_QueryInterface, sp_AddRef, sp_Release, sp_QueryService};

static HRESULT WINAPI fv_QueryInterface(IFolderView *iface, REFIID riid, void **out)
{
    return site_query(site_from_fv(iface), riid, out);
}
static ULONG WINAPI fv_AddRef(IFolderView *iface)
{
    return (ULONG)InterlockedIncrement(&site_from_fv(iface)->ref);
}
static ULONG WINAPI fv_Release(IFolderView *iface)
{
    return site_release(site_from_fv(iface));
}
static HRESULT WINAPI fv_GetFolder(IFolderView *iface, REFIID riid, void **out)
{
    return site_query(site_from_fv(iface), riid, out);
}
/* The command needs only GetFolder; Explorer's view has the rest. */
static const IFolderViewVtbl fv_vtbl = {.QueryInterface = fv_QueryInterface,
                                        .AddRef = fv_AddRef,
                                        .Release = fv_Release,
                                        .GetFolder = fv_GetFolder};

static HRESULT WINAPI pf_QueryInterface(IPersistFolder2 *iface, REFIID riid, void **out)
{
    return site_query(site_from_pf(iface), riid, out);
}
static ULONG WINAPI pf_AddRef(IPersistFolder2 *iface)
{
    return (ULONG)InterlockedIncrement(&site_from_pf(iface)->ref);
}
static ULONG WINAPI pf_Release(IPersistFolder2 *iface)
{
    return site_release(site_from_pf(iface));
}
static HRESULT WINAPI pf_GetClassID(IPersistFolder2 *iface, CLSID *clsid)
{
    (void)iface;
    *clsid = CLSID_ShellFSFolder;
    return S_OK;
}
static HRESULT WINAPI pf_Initialize(IPersistFolder2 *iface, PCIDLIST_ABSOLUTE pidl)
{
    (void)iface;
    (void)pidl;
    return E_NOTIMPL;
}
static HRESULT WINAPI pf_GetCurFolder(IPersistFolder2 *iface, PIDLIST_ABSOLUTE *pidl)
{
    *pidl = ILClone(site_from_pf(iface)->folder);
    return *pidl ? S_OK : E_OUTOFMEMORY;
}
static const IPersistFolder2Vtbl pf_vtbl = {pf_QueryInterface, pf_AddRef,     pf_Release,
                                            pf_GetClassID,     pf_Initialize, pf_GetCurFolder};

static void site_init(struct fake_site *site, PCIDLIST_ABSOLUTE folder, BOOL direct_only)
{
    memset(site, 0, sizeof(*site));
    site->IServiceProvider_iface.lpVtbl = (IServiceProviderVtbl *)&sp_vtbl;
    site->IFolderView_iface.lpVtbl = (IFolderViewVtbl *)&fv_vtbl;
    site->IPersistFolder2_iface.lpVtbl = (IPersistFolder2Vtbl *)&pf_vtbl;
    site->ref = 1;
    site->folder = ILClone(folder);
    site->direct_only = direct_only;
}

/* A right-click on the background of folder: no items, the folder from the site. */
static void check_background(const char *name, PCIDLIST_ABSOLUTE folder, BOOL direct_only,
                             const WCHAR *expect_path)
{
    struct fake_site site;
    IExplorerCommand *cmd = create_command();
    IObjectWithSite *ows = NULL;
    IUnknown *got = NULL;
    EXPCMDSTATE state = 0xdead;
    HRESULT hr;

    th_push_context("%s", name);
    if (!cmd || !folder) {
        ok(folder != NULL, "no ID list\n");
        if (cmd)
            IExplorerCommand_Release(cmd);
        th_pop_context();
        return;
    }
    site_init(&site, folder, direct_only);
    hr = IExplorerCommand_QueryInterface(cmd, &IID_IObjectWithSite, (void **)&ows);
    ok(hr == S_OK && ows, "IObjectWithSite %#lx\n", hr);
    if (ows) {
        hr = IObjectWithSite_GetSite(ows, &IID_IUnknown, (void **)&got);
        ok(hr == E_FAIL && !got, "GetSite before SetSite: %#lx\n", hr);
        hr = IExplorerCommand_GetState(cmd, NULL, FALSE, &state);
        ok(hr == S_OK && state == ECS_HIDDEN, "no items and no site: %#lx state %#lx\n", hr, state);
        hr = IObjectWithSite_SetSite(ows, (IUnknown *)&site.IFolderView_iface);
        ok(hr == S_OK, "SetSite %#lx\n", hr);
        ok(site.ref == 2, "the command holds %ld references to the site, expected 1\n", site.ref - 1);
        hr = IObjectWithSite_GetSite(ows, &IID_IFolderView, (void **)&got);
        ok(hr == S_OK && got == (IUnknown *)&site.IFolderView_iface, "GetSite %#lx %p\n", hr, (void *)got);
        if (got)
            IUnknown_Release(got);
        hr = IExplorerCommand_GetState(cmd, NULL, TRUE, &state);
        ok(hr == S_OK && state == (expect_path ? ECS_ENABLED : ECS_HIDDEN), "GetState %#lx state %#lx\n", hr,
           state);
        ok(classic_shows(folder, NULL, 0) == (expect_path != NULL), "the classic handler disagrees\n");
        DeleteFileW(log_path);
        hr = IExplorerCommand_Invoke(cmd, NULL, NULL);
        if (expect_path) {
            ok(hr == S_OK, "Invoke %#lx\n", hr);
            if (hr == S_OK)
                check_handoff(expect_path);
        } else {
            ok(hr == E_UNEXPECTED, "Invoke without an item: %#lx\n", hr);
        }
        ok(site.ref == 2, "%ld references to the site after use, expected 2\n", site.ref);
        IObjectWithSite_Release(ows);
    }
    ok(IExplorerCommand_Release(cmd) == 0, "the command is still alive\n");
    ok(site.ref == 1, "%ld references to the site after the last release, expected 1\n", site.ref);
    ILFree(site.folder);
    th_pop_context();
}

/* ---------------------------------------------------------------- cases */

static void setup_drives(void)
{
    test_make_dir_with_file(L"C:\\shx-xnet");
    test_make_dir_with_file(L"C:\\shx-xnet2");
    test_make_dir_with_file(L"C:\\shx-xusb");
    /* Wine: a drive defined as a network drive gives DRIVE_REMOTE and parses like any drive. */
    have_mapped = test_define_wine_drive(mapped, DRIVE_REMOTE, L"C:\\shx-xnet");
    have_second = test_define_wine_drive(second, DRIVE_REMOTE, L"C:\\shx-xnet2");
    have_removable = test_define_wine_drive(removable, DRIVE_REMOVABLE, L"C:\\shx-xusb");
    if (th_on_wine())
        ok(have_mapped && have_second && have_removable, "could not define Wine drives %d %d %d\n",
           have_mapped, have_second, have_removable);
}

static void test_network_local_mixed(void)
{
    WCHAR sub[MAX_PATH], file[MAX_PATH], root[4] = {mapped, L':', L'\\', 0}, other[MAX_PATH], usb[MAX_PATH];
    PIDLIST_ABSOLUTE windows = test_path_idlist(L"C:\\windows"),
                     system = test_path_idlist(L"C:\\windows\\system32");
    PIDLIST_ABSOLUTE msub = NULL, mfile = NULL, mroot = NULL, osub = NULL, rsub = NULL, unc = NULL,
                     unc2 = NULL;
    PIDLIST_ABSOLUTE computer = test_computer_idlist();

    check_one("local folder", windows, NULL);
    check_one("local folder in a folder", system, NULL);
    if ((unc = test_unc_idlist(L"\\\\srv\\share\\dir"))) {
        check_one("UNC folder", unc, L"\\\\srv\\share\\dir");
        check_background("UNC folder background", unc, FALSE, L"\\\\srv\\share\\dir");
    } else {
        skip("no UNC ID lists here (Windows: the server must answer; Wine: see test_unc_idlist)\n");
    }
    if ((unc2 = test_unc_idlist(L"\\\\srv\\share")))
        check_one("\\\\server\\share item", unc2, L"\\\\srv\\share");
    check_background("local folder background", windows, FALSE, NULL);
    check_background("local folder background, view as the site", windows, TRUE, NULL);

    if (!have_mapped) {
        skip("no mapped network drive here\n");
        goto cleanup;
    }
    _snwprintf(sub, ARRAYSIZE(sub), L"%lc:\\sub", mapped);
    _snwprintf(file, ARRAYSIZE(file), L"%lc:\\sub\\file.txt", mapped);
    _snwprintf(other, ARRAYSIZE(other), L"%lc:\\sub", second);
    _snwprintf(usb, ARRAYSIZE(usb), L"%lc:\\sub", removable);
    msub = test_path_idlist(sub);
    mfile = test_path_idlist(file);
    mroot = test_path_idlist(root);
    osub = have_second ? test_path_idlist(other) : NULL;
    rsub = have_removable ? test_path_idlist(usb) : NULL;

    check_one("folder on a mapped drive", msub, sub);
    check_one("file on a mapped drive", mfile, file);
    if (mroot && computer) {
        PCUIDLIST_RELATIVE item = ILFindLastID(mroot);
        check_items("mapped drive root in This PC", computer, &item, 1, root);
    }
    check_background("background on a mapped drive", msub, FALSE, sub);
    check_background("background on a mapped drive, view as the site", msub, TRUE, sub);
    if (rsub) {
        check_one("removable drive", rsub, NULL);
        check_background("removable drive background", rsub, FALSE, NULL);
    }
    if (msub && mfile) {
        /* Two items in one folder of the mapped drive: shown, with the first. */
        PIDLIST_ABSOLUTE two[2] = {mfile, NULL};
        PCUIDLIST_RELATIVE items[3];
        PIDLIST_ABSOLUTE parent = ILClone(mfile);
        ILRemoveLastID(parent);
        items[0] = ILFindLastID(mfile);
        items[1] = ILFindLastID(mfile);
        items[2] = ILFindLastID(mfile);
        check_items("three items in a mapped folder", parent, items, 3, file);
        ILFree(parent);
        (void)two;
    }
    if (msub && windows) {
        /* Mixed: a network item and a local item, below the desktop (absolute items). */
        ITEMIDLIST desktop = {{0, {0}}};
        PCUIDLIST_RELATIVE items[2] = {(PCUIDLIST_RELATIVE)msub, (PCUIDLIST_RELATIVE)windows};
        check_items("mixed: mapped and local", &desktop, items, 2, NULL);
        items[0] = (PCUIDLIST_RELATIVE)windows;
        items[1] = (PCUIDLIST_RELATIVE)msub;
        check_items("mixed: local and mapped", &desktop, items, 2, NULL);
        if (osub) {
            items[0] = (PCUIDLIST_RELATIVE)msub;
            items[1] = (PCUIDLIST_RELATIVE)osub;
            check_items("two mapped drives", &desktop, items, 2, NULL);
        }
        items[1] = (PCUIDLIST_RELATIVE)msub;
        check_items("the same mapped folder twice, absolute", &desktop, items, 2, sub);
    }
cleanup:
    ILFree(windows);
    ILFree(system);
    ILFree(msub);
    ILFree(mfile);
    ILFree(mroot);
    ILFree(osub);
    ILFree(rsub);
    ILFree(unc);
    ILFree(unc2);
    ILFree(computer);
}

/* ---------------------------------------------------------------- what a decision asks the shell */

/* The DLL's calls of SHGetNameFromIDList and ILIsParent (their import slots are pointed at counters while a
 * test runs): how often a decision asked the shell for a name or to compare ID lists, each of which costs
 * hundreds of microseconds under Wine (ILIsParent names the items it compares there). */
static LONG names_asked, parents_asked;
static HRESULT(WINAPI *real_get_name)(PCIDLIST_ABSOLUTE, SIGDN, PWSTR *);
static BOOL(WINAPI *real_is_parent)(PCIDLIST_ABSOLUTE, PCIDLIST_RELATIVE, BOOL);

static HRESULT WINAPI counting_get_name(PCIDLIST_ABSOLUTE pidl, SIGDN how, PWSTR *out)
{
    InterlockedIncrement(&names_asked);
    return real_get_name(pidl, how, out);
}

static BOOL WINAPI counting_is_parent(PCIDLIST_ABSOLUTE parent, PCIDLIST_RELATIVE child, BOOL immediate)
{
    InterlockedIncrement(&parents_asked);
    return real_is_parent(parent, child, immediate);
}

/* Points mod's import of the function name (imported by name) at fn; returns the slot's old target, or
 * NULL when mod has no such import. */
static void *patch_import(HMODULE mod, const char *name, void *fn)
{
    BYTE *base = (BYTE *)mod;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    IMAGE_IMPORT_DESCRIPTOR *desc;

    if (!dir->VirtualAddress || !dir->Size)
        return NULL;
    for (desc = (IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress); desc->Name; desc++) {
        IMAGE_THUNK_DATA *names, *slots = (IMAGE_THUNK_DATA *)(base + desc->FirstThunk);
        if (!desc->OriginalFirstThunk)
            continue; /* no name table: cannot tell the slots apart */
        for (names = (IMAGE_THUNK_DATA *)(base + desc->OriginalFirstThunk); names->u1.AddressOfData;
             names++, slots++) {
            IMAGE_IMPORT_BY_NAME *by;
            DWORD old;
            void *prev;
            if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal))
                continue;
            by = (IMAGE_IMPORT_BY_NAME *)(base + names->u1.AddressOfData);
            if (strcmp((const char *)by->Name, name))
                continue;
            if (!VirtualProtect(&slots->u1.Function, sizeof(slots->u1.Function), PAGE_READWRITE, &old))
                return NULL;
            prev = (void *)slots->u1.Function;
            slots->u1.Function = (ULONG_PTR)fn;
            VirtualProtect(&slots->u1.Function, sizeof(slots->u1.Function), old, &old);
            return prev;
        }
    }
    return NULL;
}

/* A local selection is declined from its ID lists alone (This PC, a drive item, the drive type): neither
 * item asks the shell for a name or an ID-list comparison, for items, several items or a background. Forms
 * the path rules refuse (tests/data/paths.corpus: \\.\UNC\…, WebDAV) are named and hidden by both items, from
 * ID lists and from CF_HDROP. */
static void test_decline_paths(void)
{
    static const WCHAR *const refused[] = {
        L"\\\\.\\UNC\\fs01\\data",
        L"\\\\fs01\\DavWWWRoot\\x",
        L"\\\\fs01@SSL\\dir",
    };
    PIDLIST_ABSOLUTE windows = test_path_idlist(L"C:\\windows"),
                     system = test_path_idlist(L"C:\\windows\\system32"),
                     fonts = test_path_idlist(L"C:\\windows\\fonts"), pidl;
    WCHAR sub[MAX_PATH];
    size_t i;

    real_get_name = patch_import(module, "SHGetNameFromIDList", (void *)counting_get_name);
    ok(real_get_name != NULL, "connectas.dll does not import SHGetNameFromIDList by name\n");
    /* No import (the DLL no longer calls it) is as good as no call. */
    real_is_parent = patch_import(module, "ILIsParent", (void *)counting_is_parent);
    if (!real_get_name || !windows || !system || !fonts)
        goto cleanup;

    names_asked = parents_asked = 0;
    check_one("local folder, counted", windows, NULL);
    check_one("local folder in a folder, counted", system, NULL);
    {
        PIDLIST_ABSOLUTE parent = ILClone(system);
        PCUIDLIST_RELATIVE items[3] = {ILFindLastID(system), ILFindLastID(fonts), ILFindLastID(system)};
        ILRemoveLastID(parent);
        check_items("three local items, counted", parent, items, 3, NULL);
        ILFree(parent);
    }
    check_background("local background, counted", windows, FALSE, NULL);
    ok(names_asked == 0, "declining local items asked the shell for %ld names\n", names_asked);
    ok(parents_asked == 0, "declining local items asked the shell to compare ID lists %ld times\n",
       parents_asked);

    /* The counter does see the naming path. */
    if (have_mapped) {
        _snwprintf(sub, ARRAYSIZE(sub), L"%lc:\\sub", mapped);
        if ((pidl = test_path_idlist(sub))) {
            names_asked = 0;
            check_one("mapped folder, counted", pidl, sub);
            ok(names_asked > 0, "a mapped folder was shown without its name\n");
            ILFree(pidl);
        }
    }

    for (i = 0; i < ARRAYSIZE(refused); i++) {
        char name[64];
        ok(!classic_shows_paths(refused[i]), "classic item for CF_HDROP %ls\n", refused[i]);
        if (!(pidl = test_unc_idlist(refused[i]))) {
            skip("no ID list for %ls here\n", refused[i]);
            continue;
        }
        _snprintf(name, sizeof(name), "refused %ls", refused[i]);
        name[sizeof(name) - 1] = 0;
        names_asked = 0;
        check_one(name, pidl, NULL); /* the command hides, the classic handler hides (CIDA), no hand-off */
        ok(names_asked > 0, "%ls: hidden without being named\n", refused[i]);
        ILFree(pidl);
    }
cleanup:
    if (real_get_name)
        patch_import(module, "SHGetNameFromIDList", (void *)real_get_name);
    if (real_is_parent)
        patch_import(module, "ILIsParent", (void *)real_is_parent);
    real_get_name = NULL;
    real_is_parent = NULL;
    ILFree(windows);
    ILFree(system);
    ILFree(fonts);
}

/* ---------------------------------------------------------------- title, icon, flags */

static void test_strings(void)
{
    IExplorerCommand *cmd = create_command();
    WCHAR *text = (WCHAR *)0xdead, expect_icon[MAX_PATH + 16], file[MAX_PATH];
    EXPCMDFLAGS flags = 0xdead;
    IEnumExplorerCommand *sub = (IEnumExplorerCommand *)0xdead;
    GUID name;
    HRESULT hr;
    HMODULE data;
    HICON icon;
    int i;

    if (!cmd)
        return;
    hr = IExplorerCommand_GetTitle(cmd, NULL, &text);
    ok(hr == S_OK && text, "GetTitle %#lx\n", hr);
    if (hr == S_OK && text) {
        if (PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_ENGLISH)
            ok(!wcscmp(text, MENU_TEXT_EN), "title [%ls]\n", text);
        else
            ok(text[0] != 0, "empty title\n");
        CoTaskMemFree(text);
    }
    /* Localized: the title follows the thread's UI language. */
    {
        static const struct {
            LANGID lang;
            const WCHAR *text;
        } langs[] = {{MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH), L"Verbinden als\u2026"},
                     {MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), L"Verbinden als\u2026"},
                     {MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), MENU_TEXT_EN}};
        LANGID before = GetThreadUILanguage();
        for (i = 0; i < (int)ARRAYSIZE(langs); i++) {
            text = NULL;
            SetThreadUILanguage(langs[i].lang);
            if (GetThreadUILanguage() != langs[i].lang) {
                /* Wine 8's SetThreadUILanguage is a stub; the strings themselves are checked by
                 * shellext_host. */
                skip("cannot set the thread's UI language to %04x here\n", langs[i].lang);
                continue;
            }
            hr = IExplorerCommand_GetTitle(cmd, NULL, &text);
            ok(hr == S_OK && text && !wcscmp(text, langs[i].text), "title for %04x: [%ls]\n", langs[i].lang,
               text ? text : L"(none)");
            CoTaskMemFree(text);
        }
        SetThreadUILanguage(before);
    }
    hr = IExplorerCommand_GetTitle(cmd, NULL, NULL);
    ok(hr == E_POINTER, "GetTitle(NULL) %#lx\n", hr);

    text = NULL;
    hr = IExplorerCommand_GetIcon(cmd, NULL, &text);
    GetModuleFileNameW(module, file, MAX_PATH);
    _snwprintf(expect_icon, ARRAYSIZE(expect_icon), L"%ls,-%d", file, ICON_ID);
    ok(hr == S_OK && text && !_wcsicmp(text, expect_icon), "GetIcon %#lx [%ls], expected [%ls]\n", hr,
       text ? text : L"(none)", expect_icon);
    CoTaskMemFree(text);
    /* The resource it names is an icon Windows can load at menu size. */
    data = LoadLibraryExW(dll_path, NULL, LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE);
    ok(data != NULL, "cannot open %ls for resources\n", dll_path);
    if (data) {
        ok(FindResourceW(data, MAKEINTRESOURCEW(ICON_ID), (LPCWSTR)RT_GROUP_ICON) != NULL, "no icon %d\n",
           ICON_ID);
        icon = LoadImageW(data, MAKEINTRESOURCEW(ICON_ID), IMAGE_ICON, 16, 16, 0);
        ok(icon != NULL, "LoadImageW(icon %d, 16x16): %lu\n", ICON_ID, GetLastError());
        if (icon)
            DestroyIcon(icon);
        FreeLibrary(data);
    }

    text = (WCHAR *)0xdead;
    hr = IExplorerCommand_GetToolTip(cmd, NULL, &text);
    ok(hr == E_NOTIMPL && !text, "GetToolTip %#lx %p\n", hr, (void *)text);
    hr = IExplorerCommand_GetFlags(cmd, &flags);
    ok(hr == S_OK && flags == ECF_DEFAULT, "GetFlags %#lx %#lx\n", hr, flags);
    hr = IExplorerCommand_EnumSubCommands(cmd, &sub);
    ok(hr == E_NOTIMPL && !sub, "EnumSubCommands %#lx %p\n", hr, (void *)sub);
    hr = IExplorerCommand_GetCanonicalName(cmd, &name);
    ok(hr == S_OK && IsEqualGUID(&name, &xcmd_clsid), "GetCanonicalName %#lx\n", hr);
    hr = IExplorerCommand_GetState(cmd, NULL, FALSE, NULL);
    ok(hr == E_POINTER, "GetState(NULL) %#lx\n", hr);
    ok(IExplorerCommand_Release(cmd) == 0, "still alive\n");
}

/* ---------------------------------------------------------------- COM rules */

static void test_com_rules(void)
{
    static const IID *const foreign[] = {&IID_IContextMenu, &IID_IShellExtInit, &IID_IClassFactory,
                                         &IID_IPersist, &IID_IExplorerCommandState};
    IClassFactory *factory = NULL;
    IExplorerCommand *cmd;
    IObjectWithSite *ows = NULL;
    void *p;
    HRESULT hr;
    ULONG ref;

    ok(can_unload() == S_OK, "DllCanUnloadNow before any object: %#lx\n", can_unload());
    cmd = create_command();
    if (!cmd)
        return;
    ok(can_unload() == S_FALSE, "DllCanUnloadNow with a live command\n");
    hr = IExplorerCommand_QueryInterface(cmd, &IID_IObjectWithSite, (void **)&ows);
    ok(hr == S_OK && ows, "IObjectWithSite %#lx\n", hr);
    ref = test_com_identity((IUnknown *)cmd, &IID_IExplorerCommand, (IUnknown *)ows, foreign,
                            ARRAYSIZE(foreign));
    ok(ref == 3, "reference count %lu, expected 3\n", ref);
    ref = IObjectWithSite_Release(ows);
    ok(ref == 1, "reference count %lu, expected 1\n", ref);
    ref = IExplorerCommand_Release(cmd);
    ok(ref == 0, "reference count %lu, expected 0\n", ref);
    ok(can_unload() == S_OK, "DllCanUnloadNow after the release\n");

    hr = get_class_object(&xcmd_clsid, &IID_IClassFactory, (void **)&factory);
    ok(hr == S_OK && factory, "factory %#lx\n", hr);
    if (factory) {
        p = (void *)0xdead;
        hr = IClassFactory_CreateInstance(factory, (IUnknown *)0x1234, &IID_IUnknown, &p);
        ok(hr == CLASS_E_NOAGGREGATION && !p, "aggregation %#lx\n", hr);
        p = (void *)0xdead;
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_IContextMenu, &p);
        ok(hr == E_NOINTERFACE && !p, "IContextMenu from the command's factory: %#lx\n", hr);
        ok(can_unload() == S_FALSE, "DllCanUnloadNow with the factory held\n");
        IClassFactory_Release(factory);
    }
    ok(can_unload() == S_OK, "DllCanUnloadNow at the end\n");
}

/* Many create/ask/release cycles: nothing is left behind. */
static void test_cycles(void)
{
    PIDLIST_ABSOLUTE windows = test_path_idlist(L"C:\\windows");
    IShellItemArray *array = windows ? array_of((PCIDLIST_ABSOLUTE *)&windows, 1) : NULL;
    int i, failures = 0;

    for (i = 0; i < 2000 && array; i++) {
        IExplorerCommand *cmd = NULL;
        IClassFactory *factory = NULL;
        EXPCMDSTATE state = 0;
        WCHAR *title = NULL;
        get_class_object(&xcmd_clsid, &IID_IClassFactory, (void **)&factory);
        if (factory) {
            IClassFactory_CreateInstance(factory, NULL, &IID_IExplorerCommand, (void **)&cmd);
            IClassFactory_Release(factory);
        }
        if (!cmd) {
            failures++;
            continue;
        }
        if (IExplorerCommand_GetState(cmd, array, FALSE, &state) != S_OK || state != ECS_HIDDEN ||
            IExplorerCommand_GetTitle(cmd, array, &title) != S_OK)
            failures++;
        CoTaskMemFree(title);
        if (IExplorerCommand_Release(cmd) != 0)
            failures++;
    }
    ok(failures == 0, "%d of 2,000 cycles went wrong\n", failures);
    if (array)
        ok(IShellItemArray_Release(array) == 0, "the item array is still referenced\n");
    ok(can_unload() == S_OK, "DllCanUnloadNow after the cycles\n");
    ILFree(windows);
}

/* Loads the DLL afresh, as the package's surrogate or a new Explorer would: the classic item remembers for a
 * few seconds whether the package's item shows. */
static BOOL load_dll(void)
{
    if (module) {
        ok(can_unload() == S_OK, "DllCanUnloadNow before reloading\n");
        FreeLibrary(module);
    }
    module = LoadLibraryW(dll_path);
    ok(module != NULL, "cannot load %ls: %lu\n", dll_path, GetLastError());
    if (!module)
        return FALSE;
    get_class_object = (get_class_object_fn)(void *)GetProcAddress(module, "DllGetClassObject");
    can_unload = (can_unload_fn)(void *)GetProcAddress(module, "DllCanUnloadNow");
    ok(get_class_object && can_unload, "exports missing\n");
    return get_class_object && can_unload;
}

/* The classic handler's verdict on CF_HDROP paths (what a file dialog hands it). */
static BOOL classic_shows_paths(const WCHAR *path)
{
    IClassFactory *factory = NULL;
    IShellExtInit *init = NULL;
    IDataObject *obj;
    HRESULT hr;

    if (FAILED(get_class_object(&menu_clsid, &IID_IClassFactory, (void **)&factory)))
        return FALSE;
    IClassFactory_CreateInstance(factory, NULL, &IID_IShellExtInit, (void **)&init);
    IClassFactory_Release(factory);
    if (!init)
        return FALSE;
    obj = tdo_create();
    tdo_set(obj, CF_HDROP, tdo_hdrop(&path, 1, TRUE));
    hr = IShellExtInit_Initialize(init, NULL, obj, NULL);
    IShellExtInit_Release(init);
    IDataObject_Release(obj);
    return hr == S_OK;
}

/* Once connectas.exe registered the package (HKCU\Software\ConnectAs ExplorerCommand = its family name), the
 * classic item steps aside where the package's item shows, while that family is registered for the user, and
 * stays for \\server and \\server\share. */
static void test_classic_steps_aside(void)
{
    static const struct {
        const WCHAR *path;
        BOOL classic_with_package;
    } cases[] = {
        {L"\\\\srv\\share\\dir", FALSE},
        {L"\\\\srv\\share\\dir\\f.txt", FALSE},
        {L"\\\\srv\\share", TRUE},
        {L"\\\\srv\\share\\", TRUE},
        {L"\\\\srv", TRUE},
        {L"\\\\?\\UNC\\srv\\share", TRUE},
        {L"\\\\?\\UNC\\srv\\share\\d", FALSE},
    };
    /* A family every Windows 10/11 user has registered (a system app), standing in for ours; and one no one
     * has (a package provisioned but not yet registered at sign-in, or removed in Settings). */
    static const WCHAR present[] = L"Microsoft.Windows.ShellExperienceHost_cw5n1h2txyewy";
    static const WCHAR absent[] = L"ConnectAs.ExplorerCommand_0000000000000";
    HKEY key;
    DWORD existed;
    size_t i;

    for (i = 0; i < ARRAYSIZE(cases); i++)
        ok(classic_shows_paths(cases[i].path), "without the package: no classic item for %ls\n",
           cases[i].path);
    existed = RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\ConnectAs", 0, KEY_READ, &key) == ERROR_SUCCESS;
    if (existed)
        RegCloseKey(key);

    ok(RegSetKeyValueW(HKEY_CURRENT_USER, L"Software\\ConnectAs", L"ExplorerCommand", REG_SZ, absent,
                       sizeof(absent)) == ERROR_SUCCESS,
       "cannot write the flag\n");
    if (!load_dll())
        return;
    for (i = 0; i < ARRAYSIZE(cases); i++)
        ok(classic_shows_paths(cases[i].path),
           "recorded but not registered for this user: %ls lost its item\n", cases[i].path);

    RegSetKeyValueW(HKEY_CURRENT_USER, L"Software\\ConnectAs", L"ExplorerCommand", REG_SZ, present,
                    sizeof(present));
    if (!load_dll())
        return;
    for (i = 0; i < ARRAYSIZE(cases); i++) {
        /* Wine has no packages at all: the family is never registered there. */
        todo_if(th_on_wine() && !cases[i].classic_with_package) ok(
            classic_shows_paths(cases[i].path) == cases[i].classic_with_package, "with the package: %ls %s\n",
            cases[i].path, cases[i].classic_with_package ? "lost its classic item" : "shows twice");
    }
    RegDeleteKeyValueW(HKEY_CURRENT_USER, L"Software\\ConnectAs", L"ExplorerCommand");
    if (!existed)
        RegDeleteKeyW(HKEY_CURRENT_USER, L"Software\\ConnectAs");
    /* A running Explorer keeps the DLL: the answer it remembered expires within seconds (bounded poll). */
    {
        DWORD start = GetTickCount();
        BOOL back;
        while (!(back = classic_shows_paths(cases[0].path)) && GetTickCount() - start < 15000)
            Sleep(100);
        ok(back, "the classic item did not come back within 15 s after the value was removed\n");
    }
    load_dll();
    ok(classic_shows_paths(cases[0].path), "the classic item did not come back after the flag was removed\n");
}

int main(int argc, char **argv)
{
    WCHAR dir[MAX_PATH], tmp[MAX_PATH];

    th_init(argc, argv);
    test_exe_dir(dir, MAX_PATH);
    _snwprintf(dll_dir, MAX_PATH, L"%lsshellext-test", dir);
    _snwprintf(dll_path, MAX_PATH, L"%ls\\connectas.dll", dll_dir);
    GetTempPathW(MAX_PATH, tmp);
    _snwprintf(log_path, MAX_PATH, L"%lsconnectas-xcmd-%lu.log", tmp, GetCurrentProcessId());
    SetEnvironmentVariableW(L"CONNECTAS_STANDIN_LOG", log_path);
    CLSIDFromString(XCMD_CLSID_STRING, &xcmd_clsid);
    CLSIDFromString(TEST_CLSID_STRING, &menu_clsid);
    CoInitialize(NULL);

    /* Loaded as the package's COM surrogate loads it: by path, then DllGetClassObject. */
    if (!load_dll())
        return th_finish();

    setup_drives();
    test_com_rules();
    test_strings();
    test_network_local_mixed();
    test_decline_paths();
    test_classic_steps_aside();
    test_cycles();
    ok(can_unload() == S_OK, "DllCanUnloadNow at exit\n");
    FreeLibrary(module);
    CoUninitialize();
    DeleteFileW(log_path);
    return th_finish();
}
