/* Explorer-host harness for connectas.dll: registry lookup, Initialize, QueryContextMenu, GetCommandString,
 * InvokeCommand. */
/* Longer than ~700 lines on purpose: one Explorer-host test walking the classic handler through every way
 * Explorer calls it. */
#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "shxtest.h"
#ifdef HAVE_FAKESMB
#include <winnetwk.h>

#include "fakesmb_client.h"
#endif

#define FIRST_ID 100
#define LAST_ID 199
#define MENU_TEXT_EN L"Connect as\u2026"

static WCHAR dll_path[MAX_PATH];    /* bin\shellext-test\connectas.dll (beside the stand-in tray) */
static WCHAR dll_dir[MAX_PATH];     /* its folder, no trailing backslash */
static WCHAR notray_path[MAX_PATH]; /* bin\shellext-notray\connectas.dll (no tray beside it) */
static WCHAR log_path[MAX_PATH];    /* what the stand-in writes */
static HANDLE hold_event;           /* the stand-in waits for it before it ends */
static BOOL have_mapped, have_second_mapped, have_removable;
static WCHAR mapped = L'M', second_mapped = L'O', removable = L'R';

/* ---------------------------------------------------------------- Explorer's steps */

/* Looks the handler up under HKCR\<cls>\shellex\ContextMenuHandlers as Explorer
 * does (key name or default value holding the CLSID) and creates it. */
static HRESULT create_handler(const WCHAR *cls, IShellExtInit **out)
{
    WCHAR key[MAX_PATH], name[128], value[128];
    HKEY handlers;
    DWORD i, len, size;
    CLSID clsid;
    HRESULT hr = REGDB_E_CLASSNOTREG;

    *out = NULL;
    _snwprintf(key, ARRAYSIZE(key), L"%ls\\shellex\\ContextMenuHandlers", cls);
    if (RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_READ, &handlers) != ERROR_SUCCESS)
        return hr;
    for (i = 0;; i++) {
        len = ARRAYSIZE(name);
        if (RegEnumKeyExW(handlers, i, name, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        size = sizeof(value);
        if (RegGetValueW(handlers, name, NULL, RRF_RT_REG_SZ, NULL, value, &size) != ERROR_SUCCESS)
            wcscpy(value, name);
        if (_wcsicmp(value, TEST_CLSID_STRING))
            continue;
        hr = CLSIDFromString(value, &clsid);
        if (SUCCEEDED(hr))
            hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IShellExtInit, (void **)out);
        break;
    }
    RegCloseKey(handlers);
    return hr;
}

struct shown {
    HRESULT init_hr, qcm_hr;
    int added;
    WCHAR text[128];
    HBITMAP bitmap;
    UINT id;
};

/* Initialize + QueryContextMenu on a real menu that already has one item. */
static IContextMenu *show(IShellExtInit *init, PCIDLIST_ABSOLUTE folder, IDataObject *obj, UINT flags,
                          struct shown *s)
{
    IContextMenu *cm = NULL;
    HMENU menu = CreatePopupMenu();
    MENUITEMINFOW item;

    memset(s, 0, sizeof(*s));
    AppendMenuW(menu, MF_STRING, 1, L"Open");
    s->init_hr = IShellExtInit_Initialize(init, folder, obj, NULL);
    IShellExtInit_QueryInterface(init, &IID_IContextMenu, (void **)&cm);
    if (cm) {
        s->qcm_hr = IContextMenu_QueryContextMenu(cm, menu, 1, FIRST_ID, LAST_ID, flags);
        s->added = GetMenuItemCount(menu) - 1;
        memset(&item, 0, sizeof(item));
        item.cbSize = sizeof(item);
        item.fMask = MIIM_ID | MIIM_STRING | MIIM_BITMAP;
        item.dwTypeData = s->text;
        item.cch = ARRAYSIZE(s->text);
        if (s->added == 1 && GetMenuItemInfoW(menu, 1, TRUE, &item)) {
            s->id = item.wID;
            s->bitmap = item.hbmpItem;
        }
    }
    DestroyMenu(menu);
    return cm;
}

/* A 32-bit top-down DIB section whose colours never exceed alpha, with solid and clear pixels. */
static void check_bitmap(HBITMAP bitmap)
{
    DIBSECTION ds;
    int x, y, opaque = 0, clear = 0, bad = 0;
    if (!bitmap) {
        ok(0, "no bitmap on the item\n");
        return;
    }
    memset(&ds, 0, sizeof(ds));
    ok(GetObjectW(bitmap, sizeof(ds), &ds) == sizeof(ds), "bitmap is not a DIB section\n");
    ok(ds.dsBm.bmBitsPixel == 32 && ds.dsBm.bmBits, "bitmap has %d bits per pixel\n", ds.dsBm.bmBitsPixel);
    ok(ds.dsBm.bmWidth == GetSystemMetrics(SM_CXSMICON) && ds.dsBm.bmHeight == ds.dsBm.bmWidth,
       "bitmap %ldx%ld, small icons are %d\n", ds.dsBm.bmWidth, ds.dsBm.bmHeight,
       GetSystemMetrics(SM_CXSMICON));
    if (ds.dsBm.bmBitsPixel != 32 || !ds.dsBm.bmBits)
        return;
    for (y = 0; y < ds.dsBm.bmHeight; y++)
        for (x = 0; x < ds.dsBm.bmWidth; x++) {
            DWORD px = ((const DWORD *)ds.dsBm.bmBits)[y * ds.dsBm.bmWidth + x];
            BYTE a = (BYTE)(px >> 24), r = (BYTE)(px >> 16), g = (BYTE)(px >> 8), b = (BYTE)px;
            if (r > a || g > a || b > a)
                bad++;
            opaque += a == 255;
            clear += a == 0;
        }
    ok(bad == 0, "%d pixels are not premultiplied\n", bad);
    ok(opaque > 0 && clear > 0, "bitmap has %d opaque and %d clear pixels\n", opaque, clear);
}

static void check_strings(IContextMenu *cm, BOOL valid)
{
    char a[256]; /* the Dutch and German help texts are longer than 64 bytes */
    WCHAR w[256];
    HRESULT hr;

    hr = IContextMenu_GetCommandString(cm, 0, GCS_VERBW, NULL, (LPSTR)w, ARRAYSIZE(w));
    ok(hr == S_OK && !wcscmp(w, L"connectas"), "GCS_VERBW %#lx %ls\n", hr, w);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VERBA, NULL, a, sizeof(a));
    ok(hr == S_OK && !strcmp(a, "connectas"), "GCS_VERBA %#lx %s\n", hr, a);
    w[0] = 0;
    hr = IContextMenu_GetCommandString(cm, 0, GCS_HELPTEXTW, NULL, (LPSTR)w, ARRAYSIZE(w));
    ok(hr == S_OK && wcslen(w) > 10, "GCS_HELPTEXTW %#lx %ls\n", hr, w);
    a[0] = 0;
    hr = IContextMenu_GetCommandString(cm, 0, GCS_HELPTEXTA, NULL, a, sizeof(a));
    ok(hr == S_OK && strlen(a) > 10, "GCS_HELPTEXTA %#lx %s\n", hr, a);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VALIDATEW, NULL, NULL, 0);
    ok(hr == (valid ? S_OK : S_FALSE), "GCS_VALIDATEW %#lx\n", hr);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VALIDATEA, NULL, NULL, 0);
    ok(hr == (valid ? S_OK : S_FALSE), "GCS_VALIDATEA %#lx\n", hr);
    hr = IContextMenu_GetCommandString(cm, 1, GCS_VERBW, NULL, (LPSTR)w, ARRAYSIZE(w));
    ok(hr == E_INVALIDARG, "offset 1: %#lx\n", hr);
    hr = IContextMenu_GetCommandString(cm, 0, 0x77, NULL, (LPSTR)w, ARRAYSIZE(w));
    ok(hr == E_INVALIDARG, "unknown type: %#lx\n", hr);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VERBW, NULL, (LPSTR)w, 0);
    ok(hr == E_INVALIDARG, "no room: %#lx\n", hr);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VERBW, NULL, NULL, 16);
    ok(hr == E_INVALIDARG, "NULL buffer: %#lx\n", hr);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VERBW, NULL, (LPSTR)w, 4);
    ok(FAILED(hr) && !wcscmp(w, L"con"), "short buffer: %#lx %ls\n", hr, w);
    hr = IContextMenu_GetCommandString(cm, 0, GCS_VERBA, NULL, a, 4);
    ok(FAILED(hr) && strlen(a) < 4, "short ANSI buffer: %#lx\n", hr);
}

/* --- InvokeCommand and the stand-in's record --- */

enum invoke_how { BY_OFFSET_A, BY_VERB_A, BY_VERB_W, BY_OFFSET_W, BY_VERB_W_CASE, HOW_COUNT };
static const char *const how_names[] = {"offset (ANSI struct)", "verb (ANSI)", "verb (Unicode)",
                                        "offset (Unicode struct)", "verb in other case (Unicode)"};

static HRESULT invoke(IContextMenu *cm, enum invoke_how how, const char *verb_a, const WCHAR *verb_w,
                      UINT offset)
{
    CMINVOKECOMMANDINFOEX ici;
    memset(&ici, 0, sizeof(ici));
    ici.cbSize = sizeof(CMINVOKECOMMANDINFO);
    ici.nShow = SW_SHOWNORMAL;
    switch (how) {
    case BY_OFFSET_A:
        ici.lpVerb = MAKEINTRESOURCEA(offset);
        break;
    case BY_VERB_A:
        ici.lpVerb = verb_a;
        break;
    case BY_VERB_W:
    case BY_VERB_W_CASE:
        ici.cbSize = sizeof(ici);
        ici.fMask = CMIC_MASK_UNICODE;
        ici.lpVerb = verb_a;
        ici.lpVerbW = verb_w;
        break;
    case BY_OFFSET_W:
        ici.cbSize = sizeof(ici);
        ici.fMask = CMIC_MASK_UNICODE;
        ici.lpVerb = MAKEINTRESOURCEA(offset);
        ici.lpVerbW = MAKEINTRESOURCEW(offset);
        break;
    default:
        break;
    }
    return IContextMenu_InvokeCommand(cm, (CMINVOKECOMMANDINFO *)&ici);
}

/* Invokes the command and checks what the stand-in tray received. The stand-in
 * holds until hold_event is set: if InvokeCommand waited for the tray to end, the
 * stand-in would have ended by the time it returned (no clock is read). */
static void invoke_and_check(IContextMenu *cm, enum invoke_how how, const WCHAR *expect_path)
{
    WCHAR *text, *cmd, *cwd, *pid_line, *end, exe[MAX_PATH];
    WCHAR **argv;
    int argc;
    HRESULT hr;
    HANDLE standin = NULL;
    DWORD start;
    int attempt;

    th_push_context("invoke by %s", how_names[how]);
    DeleteFileW(log_path);
    ResetEvent(hold_event);
    start = GetTickCount();
    hr = invoke(cm, how, "connectas", how == BY_VERB_W_CASE ? L"ConnectAs" : L"connectas", 0);
    /* Wine's transient failure to start the stand-in (setup), never a product answer: see shxtest.h. */
    attempt = 1;
    while (test_retry_wine_start(hr, &attempt))
        hr = invoke(cm, how, "connectas", how == BY_VERB_W_CASE ? L"ConnectAs" : L"connectas", 0);
    ok(hr == S_OK, "InvokeCommand %#lx\n", hr);
    trace("InvokeCommand returned after %lu ms\n", GetTickCount() - start);
    if (hr != S_OK || !test_wait_for_file(log_path, 60000)) {
        ok(0, "the stand-in tray left no record\n");
        SetEvent(hold_event);
        th_pop_context();
        return;
    }
    text = test_read_text(log_path);
    cmd = text ? wcsstr(text, L"cmd=") : NULL;
    cwd = text ? wcsstr(text, L"\ncwd=") : NULL;
    pid_line = text ? wcsstr(text, L"\npid=") : NULL;
    ok(cmd && cwd && pid_line, "record: %ls\n", text ? text : L"(unreadable)");
    if (pid_line) {
        standin = OpenProcess(SYNCHRONIZE, FALSE, wcstoul(pid_line + 5, NULL, 10));
        ok(standin != NULL, "cannot open the stand-in's process: %lu\n", GetLastError());
        ok(!standin || WaitForSingleObject(standin, 0) == WAIT_TIMEOUT,
           "the stand-in tray had ended when InvokeCommand returned: it waited for the tray\n");
    }
    if (cmd && cwd && pid_line) {
        *cwd = 0;
        cwd += 5;
        if ((end = wcschr(cwd, L'\n')))
            *end = 0;
        argv = CommandLineToArgvW(cmd + 4, &argc);
        _snwprintf(exe, ARRAYSIZE(exe), L"%ls\\connectas-tray.exe", dll_dir);
        ok(argv && argc == 3, "%d arguments in [%ls]\n", argv ? argc : -1, cmd + 4);
        if (argv && argc == 3) {
            ok(!_wcsicmp(argv[0], exe), "program %ls, expected %ls\n", argv[0], exe);
            ok(!wcscmp(argv[1], L"connect"), "verb %ls\n", argv[1]);
            ok(!wcscmp(argv[2], expect_path), "path [%ls], expected [%ls]\n", argv[2], expect_path);
        }
        ok(!_wcsicmp(cwd, dll_dir), "started in %ls, expected %ls\n", cwd, dll_dir);
        LocalFree(argv);
    }
    SetEvent(hold_event);
    if (standin) {
        ok(WaitForSingleObject(standin, 60000) == WAIT_OBJECT_0, "the stand-in did not end when released\n");
        CloseHandle(standin);
    }
    HeapFree(GetProcessHeap(), 0, text);
    th_pop_context();
}

/* Verbs and offsets that are not ours fail without starting anything. */
static void check_foreign_verbs(IContextMenu *cm)
{
    HRESULT hr;
    hr = invoke(cm, BY_OFFSET_A, NULL, NULL, 1);
    ok(hr == E_FAIL, "offset 1: %#lx\n", hr);
    hr = invoke(cm, BY_OFFSET_W, NULL, NULL, 7);
    ok(hr == E_FAIL, "Unicode offset 7: %#lx\n", hr);
    hr = invoke(cm, BY_VERB_A, "open", NULL, 0);
    ok(hr == E_FAIL, "verb open: %#lx\n", hr);
    hr = invoke(cm, BY_VERB_A, "connectas2", NULL, 0);
    ok(hr == E_FAIL, "verb connectas2: %#lx\n", hr);
    hr = invoke(cm, BY_VERB_W, "connectas", L"connect", 0);
    ok(hr == E_FAIL, "Unicode verb connect: %#lx\n", hr);
    hr = IContextMenu_InvokeCommand(cm, NULL);
    ok(hr == E_INVALIDARG, "NULL info: %#lx\n", hr);
    {
        CMINVOKECOMMANDINFO small;
        memset(&small, 0, sizeof(small));
        small.cbSize = sizeof(small) - 8;
        hr = IContextMenu_InvokeCommand(cm, &small);
        ok(hr == E_INVALIDARG, "short cbSize: %#lx\n", hr);
    }
}

#ifdef HAVE_FAKESMB
static BOOL fake_network;

/* The fake's counter sees a network call when there is one: connections to the
 * servers used below exist, and enumerating them is counted. */
static void check_fake_counts(void)
{
    char err[256] = "";
    HANDLE enumeration = NULL;
    BYTE buf[16384];
    DWORD count = (DWORD)-1, size = sizeof(buf);

    ok(fakesmb_load_text("shellext", "logon CORP\\user\nuse X: \\\\srv\\share\nuse - \\\\other\\share\n", err,
                         sizeof(err)) == 0,
       "loading the fake's state: %s\n", err);
    fakesmb_reset_counters();
    if (WNetOpenEnumW(RESOURCE_CONNECTED, RESOURCETYPE_ANY, 0, NULL, &enumeration) == NO_ERROR) {
        WNetEnumResourceW(enumeration, &count, buf, &size);
        WNetCloseEnum(enumeration);
    }
    ok(fakesmb_call_count() > 0, "the fake counted no call for a WNet enumeration\n");
    fakesmb_reset_counters();
}
#endif

/* One case as Explorer runs it. expect_path NULL: no item (init_hr S_FALSE or E_FAIL). */
static void check_case(const char *name, const WCHAR *cls, PCIDLIST_ABSOLUTE folder, IDataObject *obj,
                       HRESULT expect_init, const WCHAR *expect_path, BOOL invoke_all)
{
    IShellExtInit *init = NULL;
    IContextMenu *cm;
    struct shown s;
    HRESULT hr;
    ULONG ref;

    th_push_context("%s", name);
    hr = create_handler(cls, &init);
    ok(hr == S_OK && init, "no handler for %ls: %#lx\n", cls, hr);
    if (!init) {
        th_pop_context();
        return;
    }
#ifdef HAVE_FAKESMB
    if (fake_network)
        fakesmb_reset_counters();
#endif
    cm = show(init, folder, obj, CMF_NORMAL, &s);
#ifdef HAVE_FAKESMB
    if (fake_network)
        ok(fakesmb_call_count() == 0, "%ld network calls during Initialize + QueryContextMenu\n",
           fakesmb_call_count());
#endif
    ok(s.init_hr == expect_init, "Initialize %#lx, expected %#lx\n", s.init_hr, expect_init);
    ok(cm != NULL, "no IContextMenu\n");
    if (!cm) {
        IShellExtInit_Release(init);
        th_pop_context();
        return;
    }
    if (expect_path) {
        ok(s.qcm_hr == MAKE_HRESULT(SEVERITY_SUCCESS, 0, 1) && s.added == 1,
           "QueryContextMenu %#lx, %d items added\n", s.qcm_hr, s.added);
        ok(s.id == FIRST_ID, "item id %u\n", s.id);
        if (PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_ENGLISH)
            ok(!wcscmp(s.text, MENU_TEXT_EN), "item text [%ls]\n", s.text);
        else
            ok(s.text[0] != 0, "item without text\n");
        check_bitmap(s.bitmap);
        check_strings(cm, TRUE);
        if (invoke_all) {
            enum invoke_how how;
            for (how = 0; how < HOW_COUNT; how++)
                invoke_and_check(cm, how, expect_path);
            check_foreign_verbs(cm);
        } else {
            invoke_and_check(cm, BY_OFFSET_A, expect_path);
        }
    } else {
        ok(s.qcm_hr == S_OK && s.added == 0, "QueryContextMenu %#lx, %d items added\n", s.qcm_hr, s.added);
        hr = IContextMenu_GetCommandString(cm, 0, GCS_VALIDATEW, NULL, NULL, 0);
        ok(hr == S_FALSE, "GCS_VALIDATEW %#lx\n", hr);
        hr = invoke(cm, BY_OFFSET_A, NULL, NULL, 0);
        ok(FAILED(hr), "InvokeCommand without an item: %#lx\n", hr);
    }
    IContextMenu_Release(cm);

    /* CMF_DEFAULTONLY (a double click) adds nothing, even where the item belongs. */
    cm = show(init, folder, obj, CMF_DEFAULTONLY, &s);
    ok(s.init_hr == expect_init && s.qcm_hr == S_OK && s.added == 0, "CMF_DEFAULTONLY: %#lx, %d items\n",
       s.qcm_hr, s.added);
    if (cm)
        IContextMenu_Release(cm);
    ref = IShellExtInit_Release(init);
    ok(ref == 0, "reference count %lu after the last release\n", ref);
    th_pop_context();
}

/* A data object holding one format. */
static IDataObject *object_with(CLIPFORMAT cf, HGLOBAL h)
{
    IDataObject *obj = tdo_create();
    tdo_set(obj, cf, h);
    return obj;
}

static IDataObject *hdrop_object(const WCHAR *const *paths, size_t count)
{
    return object_with(CF_HDROP, tdo_hdrop(paths, count, TRUE));
}

/* A CIDA for the items of full, an absolute ID list, below its parent. */
static IDataObject *cida_object_for(PCIDLIST_ABSOLUTE full)
{
    PIDLIST_ABSOLUTE parent = ILClone(full);
    PCUIDLIST_RELATIVE child = ILFindLastID(full);
    IDataObject *obj;
    ILRemoveLastID(parent);
    obj = object_with(tdo_cf_idlist(), tdo_cida(parent, &child, 1));
    ILFree(parent);
    return obj;
}

static void release_object(IDataObject *obj)
{
    ULONG ref = IDataObject_Release(obj);
    ok(ref == 0, "the handler kept %lu references to the data object\n", ref);
}

/* ---------------------------------------------------------------- cases */

static void test_unc_cases(void)
{
    static const WCHAR *const folder[] = {L"\\\\srv\\share\\dir"};
    static const WCHAR *const file[] = {L"\\\\srv\\share\\dir\\file.txt"};
    static const WCHAR *const spaces[] = {L"\\\\srv\\Team Share\\dir\\"};
    static const WCHAR *const server[] = {L"\\\\srv"};
    static const WCHAR *const share[] = {L"\\\\srv\\share"};
    static const WCHAR *const mixed[] = {L"\\\\srv\\share\\a", L"\\\\other\\share\\b"};
    static const WCHAR *const unicode[] = {L"\\\\srv\\Daten-\u00dc\\\u00df"};
    PIDLIST_ABSOLUTE pidl;
    IDataObject *obj;

    /* CF_HDROP, as a file dialog or an older shell hands it. */
    obj = hdrop_object(folder, 1);
    check_case("UNC folder, CF_HDROP", L"Directory", NULL, obj, S_OK, folder[0], TRUE);
    release_object(obj);
    obj = hdrop_object(file, 1);
    check_case("UNC file, CF_HDROP", L"*", NULL, obj, S_OK, file[0], FALSE);
    release_object(obj);
    obj = hdrop_object(spaces, 1);
    /* The tray is given the normalised path (docs/paths.md): no trailing backslash. */
    check_case("UNC folder with spaces and trailing backslash", L"Directory", NULL, obj, S_OK,
               L"\\\\srv\\Team Share\\dir", FALSE);
    release_object(obj);
    obj = hdrop_object(unicode, 1);
    check_case("UNC folder with non-ASCII names", L"Directory", NULL, obj, S_OK, unicode[0], FALSE);
    release_object(obj);
    obj = object_with(CF_HDROP, tdo_hdrop(share, 1, FALSE));
    check_case("\\\\server\\share, ANSI CF_HDROP", L"NetShare", NULL, obj, S_OK, share[0], FALSE);
    release_object(obj);
    obj = hdrop_object(mixed, 2);
    check_case("two servers, CF_HDROP", L"Directory", NULL, obj, S_FALSE, NULL, FALSE);
    release_object(obj);

    /* CFSTR_SHELLIDLIST, as Explorer hands it. */
    pidl = test_unc_idlist(folder[0]);
    if (!pidl) {
        skip("no UNC ID lists here (Windows: the server must answer; Wine: see test_unc_idlist)\n");
        return;
    }
    obj = cida_object_for(pidl);
    check_case("UNC folder, ID list", L"Directory", NULL, obj, S_OK, folder[0], TRUE);
    release_object(obj);
    check_case("UNC folder background", L"Directory\\Background", pidl, NULL, S_OK, folder[0], FALSE);
    ILFree(pidl);
    if ((pidl = test_unc_idlist(file[0]))) {
        obj = cida_object_for(pidl);
        check_case("UNC file, ID list", L"*", NULL, obj, S_OK, file[0], FALSE);
        release_object(obj);
        ILFree(pidl);
    }
    if ((pidl = test_unc_idlist(server[0]))) {
        obj = cida_object_for(pidl);
        check_case("\\\\server item", L"NetServer", NULL, obj, S_OK, server[0], TRUE);
        release_object(obj);
        ILFree(pidl);
    } else {
        ok(0, "no ID list for %ls\n", server[0]);
    }
    if ((pidl = test_unc_idlist(share[0]))) {
        obj = cida_object_for(pidl);
        check_case("\\\\server\\share item", L"NetShare", NULL, obj, S_OK, share[0], FALSE);
        release_object(obj);
        check_case("\\\\server\\share background", L"Directory\\Background", pidl, NULL, S_OK, share[0],
                   FALSE);
        ILFree(pidl);
    } else {
        ok(0, "no ID list for %ls\n", share[0]);
    }
    {
        /* Two shares on two servers, both below one virtual parent. */
        PIDLIST_ABSOLUTE a = test_unc_idlist(L"\\\\srv\\share"), b = test_unc_idlist(L"\\\\other\\share");
        if (a && b) {
            PIDLIST_ABSOLUTE parent = ILClone(a);
            PCUIDLIST_RELATIVE items[2];
            ILRemoveLastID(parent);
            items[0] = ILFindLastID(a);
            items[1] = ILFindLastID(b);
            obj = object_with(tdo_cf_idlist(), tdo_cida(parent, items, 2));
            check_case("two servers, ID lists", L"NetShare", NULL, obj, S_FALSE, NULL, FALSE);
            release_object(obj);
            ILFree(parent);
        }
        ILFree(a);
        ILFree(b);
    }
}

static void test_local_and_virtual_cases(void)
{
    static const WCHAR *const local[] = {L"C:\\windows"};
    PIDLIST_ABSOLUTE windows = test_path_idlist(L"C:\\windows"), computer = test_computer_idlist();
    IDataObject *obj;
    ITEMIDLIST desktop = {{0, {0}}};
    PCUIDLIST_RELATIVE item;

    obj = hdrop_object(local, 1);
    check_case("local folder, CF_HDROP", L"Directory", NULL, obj, S_FALSE, NULL, FALSE);
    release_object(obj);
    if (!windows || !computer) {
        ok(0, "no ID lists for local places\n");
        ILFree(windows);
        ILFree(computer);
        return;
    }
    obj = cida_object_for(windows);
    check_case("local folder, ID list", L"Directory", NULL, obj, S_FALSE, NULL, FALSE);
    release_object(obj);
    check_case("local folder background", L"Directory\\Background", windows, NULL, S_FALSE, NULL, FALSE);
    item = (PCUIDLIST_RELATIVE)computer;
    obj = object_with(tdo_cf_idlist(), tdo_cida(&desktop, &item, 1));
    check_case("virtual folder (This PC)", L"Directory", NULL, obj, S_FALSE, NULL, FALSE);
    release_object(obj);
    check_case("virtual folder background", L"Directory\\Background", computer, NULL, S_FALSE, NULL, FALSE);
    ILFree(windows);
    ILFree(computer);
}

static void setup_drives(void)
{
    WCHAR root[4] = L"A:\\";
    test_make_dir_with_file(L"C:\\shx-net");
    test_make_dir_with_file(L"C:\\shx-net2");
    test_make_dir_with_file(L"C:\\shx-usb");
    /* Wine reports DRIVE_REMOTE for a drive defined as "network" through its mount manager. */
    have_mapped = test_define_wine_drive(mapped, DRIVE_REMOTE, L"C:\\shx-net");
    have_second_mapped = test_define_wine_drive(second_mapped, DRIVE_REMOTE, L"C:\\shx-net2");
    have_removable = test_define_wine_drive(removable, DRIVE_REMOVABLE, L"C:\\shx-usb");
    if (th_on_wine())
        ok(have_mapped && have_second_mapped && have_removable, "could not define Wine drives %d %d %d\n",
           have_mapped, have_second_mapped, have_removable);
    if (!have_mapped) {
        /* Real Windows: use a mapped drive that happens to exist. */
        for (root[0] = L'D'; root[0] <= L'Z' && !have_mapped; root[0]++)
            if (GetDriveTypeW(root) == DRIVE_REMOTE) {
                mapped = root[0];
                have_mapped = TRUE;
            }
    }
    trace("GetDriveTypeW: %lc: %u, %lc: %u, %lc: %u\n", mapped,
          GetDriveTypeW((WCHAR[]){mapped, L':', L'\\', 0}), second_mapped,
          GetDriveTypeW((WCHAR[]){second_mapped, L':', L'\\', 0}), removable,
          GetDriveTypeW((WCHAR[]){removable, L':', L'\\', 0}));
}

static void test_drive_cases(void)
{
    WCHAR root[4] = {mapped, L':', L'\\', 0}, sub[MAX_PATH], file[MAX_PATH], other[MAX_PATH], usb[MAX_PATH];
    const WCHAR *paths[2];
    PIDLIST_ABSOLUTE pidl, computer;
    IDataObject *obj;

    if (!have_mapped) {
        skip("no mapped network drive here\n");
        return;
    }
    _snwprintf(sub, ARRAYSIZE(sub), L"%lc:\\sub", mapped);
    _snwprintf(file, ARRAYSIZE(file), L"%lc:\\sub\\file.txt", mapped);
    _snwprintf(other, ARRAYSIZE(other), L"%lc:\\sub", second_mapped);
    _snwprintf(usb, ARRAYSIZE(usb), L"%lc:\\sub", removable);

    /* The drive root in This PC. */
    pidl = test_path_idlist(root);
    computer = test_computer_idlist();
    if (pidl && computer) {
        PCUIDLIST_RELATIVE item = ILFindLastID(pidl);
        obj = object_with(tdo_cf_idlist(), tdo_cida(computer, &item, 1));
        check_case("mapped drive root", L"Drive", NULL, obj, S_OK, root, TRUE);
        release_object(obj);
    } else {
        ok(0, "no ID list for %ls\n", root);
    }
    ILFree(pidl);
    ILFree(computer);

    if ((pidl = test_path_idlist(sub))) {
        obj = cida_object_for(pidl);
        check_case("folder on a mapped drive", L"Directory", NULL, obj, S_OK, sub, FALSE);
        release_object(obj);
        check_case("background on a mapped drive", L"Directory\\Background", pidl, NULL, S_OK, sub, FALSE);
        ILFree(pidl);
    } else {
        ok(0, "no ID list for %ls\n", sub);
    }
    if ((pidl = test_path_idlist(file))) {
        obj = cida_object_for(pidl);
        check_case("file on a mapped drive", L"*", NULL, obj, S_OK, file, FALSE);
        release_object(obj);
        ILFree(pidl);
    }
    paths[0] = file;
    paths[1] = sub;
    obj = hdrop_object(paths, 2);
    check_case("two items on one mapped drive, CF_HDROP", L"*", NULL, obj, S_OK, file, FALSE);
    release_object(obj);
    if (have_second_mapped) {
        paths[1] = other;
        obj = hdrop_object(paths, 2);
        check_case("items on two mapped drives", L"*", NULL, obj, S_FALSE, NULL, FALSE);
        release_object(obj);
    }
    paths[1] = L"\\\\srv\\share\\x";
    obj = hdrop_object(paths, 2);
    check_case("mapped drive and UNC path", L"*", NULL, obj, S_FALSE, NULL, FALSE);
    release_object(obj);
    if (have_removable) {
        obj = hdrop_object((const WCHAR *const[]){usb}, 1);
        check_case("removable drive", L"Directory", NULL, obj, S_FALSE, NULL, FALSE);
        release_object(obj);
        if ((pidl = test_path_idlist(usb))) {
            check_case("removable drive background", L"Directory\\Background", pidl, NULL, S_FALSE, NULL,
                       FALSE);
            ILFree(pidl);
        }
    }
}

static void test_bad_data_objects(void)
{
    static const WCHAR *const unc[] = {L"\\\\srv\\share\\dir"};
    static const WCHAR *const local[] = {L"C:\\windows"};
    static const BYTE garbage[] = {0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8};
    PIDLIST_ABSOLUTE network = NULL, windows = test_path_idlist(L"C:\\windows");
    IDataObject *obj;
    enum tdo_mode mode;
    int i;

    obj = tdo_create();
    check_case("data object without formats", L"Directory", NULL, obj, E_FAIL, NULL, FALSE);
    release_object(obj);
    obj = object_with(CF_HDROP, tdo_hdrop(NULL, 0, TRUE));
    check_case("CF_HDROP without names", L"Directory", NULL, obj, E_FAIL, NULL, FALSE);
    release_object(obj);
    obj = object_with(tdo_cf_idlist(), tdo_bytes(garbage, sizeof(garbage)));
    check_case("garbage CIDA", L"Directory", NULL, obj, E_FAIL, NULL, FALSE);
    release_object(obj);
    obj = object_with(CF_HDROP, tdo_bytes(garbage, sizeof(garbage)));
    check_case("garbage CF_HDROP", L"Directory", NULL, obj, E_FAIL, NULL, FALSE);
    release_object(obj);
    for (mode = TDO_FAIL; mode <= TDO_NULL_HGLOBAL; mode++) {
        obj = hdrop_object(unc, 1);
        tdo_set(obj, tdo_cf_idlist(), tdo_bytes(garbage, sizeof(garbage)));
        tdo_set_mode(obj, mode);
        check_case(mode == TDO_FAIL          ? "GetData fails"
                   : mode == TDO_WRONG_TYMED ? "stream instead of HGLOBAL"
                                             : "NULL HGLOBAL",
                   L"Directory", NULL, obj, E_FAIL, NULL, FALSE);
        ok(tdo_get_calls(obj) > 0, "GetData never called\n");
        release_object(obj);
    }
    check_case("no folder and no data object", L"Directory", NULL, NULL, E_FAIL, NULL, FALSE);

    /* A malformed ID list falls back to CF_HDROP. */
    obj = hdrop_object(unc, 1);
    tdo_set(obj, tdo_cf_idlist(), tdo_bytes(garbage, sizeof(garbage)));
    check_case("malformed CIDA, good CF_HDROP", L"Directory", NULL, obj, S_OK, unc[0], FALSE);
    release_object(obj);
    /* So do ID lists the shell cannot name. */
    if (SUCCEEDED(SHGetSpecialFolderLocation(NULL, CSIDL_NETWORK, &network)) && network) {
        static const BYTE junk[] = {5, 0, 0x99, 0x42, 0x17, 0, 0};
        PCUIDLIST_RELATIVE item = (PCUIDLIST_RELATIVE)junk;
        obj = hdrop_object(unc, 1);
        tdo_set(obj, tdo_cf_idlist(), tdo_cida(network, &item, 1));
        check_case("unnameable CIDA, good CF_HDROP", L"Directory", NULL, obj, S_OK, unc[0], FALSE);
        release_object(obj);
        ILFree(network);
    }
    /* A good CIDA decides; CF_HDROP is not consulted. */
    if (windows) {
        obj = cida_object_for(windows);
        tdo_set(obj, CF_HDROP, tdo_hdrop(unc, 1, TRUE));
        check_case("local CIDA, UNC CF_HDROP", L"Directory", NULL, obj, S_FALSE, NULL, FALSE);
        release_object(obj);
    }
    (void)local;

    /* Random CIDA structures around real IDs: never a crash. */
    srand(5);
    for (i = 0; i < 300 && windows; i++) {
        HGLOBAL h = tdo_cida(windows, (PCUIDLIST_RELATIVE[]){ILFindLastID(windows)}, 1);
        BYTE *p = GlobalLock(h);
        SIZE_T size = GlobalSize(h), k = (SIZE_T)rand() % size;
        IShellExtInit *init;
        p[k] = (BYTE)rand();
        if (rand() % 3 == 0)
            p[(SIZE_T)rand() % size] = (BYTE)rand();
        GlobalUnlock(h);
        obj = object_with(tdo_cf_idlist(), h);
        if (SUCCEEDED(create_handler(L"Directory", &init))) {
            HRESULT hr = IShellExtInit_Initialize(init, NULL, obj, NULL);
            ok(hr == S_OK || hr == S_FALSE || hr == E_FAIL, "random CIDA %d: %#lx\n", i, hr);
            IShellExtInit_Release(init);
        }
        IDataObject_Release(obj);
    }
    ILFree(windows);
}

static void test_many_items(void)
{
    const WCHAR **paths = malloc(10000 * sizeof(*paths));
    PIDLIST_ABSOLUTE folder = test_unc_idlist(L"\\\\srv\\share\\dir"),
                     share = test_unc_idlist(L"\\\\srv\\share");
    PIDLIST_ABSOLUTE child = test_unc_idlist(L"\\\\srv\\share\\dir\\f");
    PCUIDLIST_RELATIVE *items = malloc(10000 * sizeof(*items));
    IDataObject *obj;
    DWORD start;
    int i;

    for (i = 0; i < 10000; i++)
        paths[i] = L"\\\\srv\\share\\dir\\a file with a long enough name.txt";
    obj = hdrop_object(paths, 10000);
    start = GetTickCount();
    check_case("10,000 items, CF_HDROP", L"*", NULL, obj, S_OK, paths[0], FALSE);
    trace("10,000 items, CF_HDROP: %lu ms (with one start of the stand-in)\n", GetTickCount() - start);
    release_object(obj);
    paths[9999] = L"\\\\other\\share\\x";
    obj = hdrop_object(paths, 10000);
    check_case("10,000 items, the last on another server", L"*", NULL, obj, S_FALSE, NULL, FALSE);
    release_object(obj);

    if (folder && child && share) {
        PIDLIST_ABSOLUTE parent = ILClone(share);
        for (i = 0; i < 10000; i++)
            items[i] = ILFindLastID(child);
        obj = object_with(tdo_cf_idlist(), tdo_cida(folder, items, 10000));
        start = GetTickCount();
        check_case("10,000 items in a UNC folder, ID lists", L"*", NULL, obj, S_OK, L"\\\\srv\\share\\dir\\f",
                   FALSE);
        trace("10,000 items in a UNC folder: %lu ms\n", GetTickCount() - start);
        release_object(obj);
        /* Below a virtual parent each item is named. */
        ILRemoveLastID(parent);
        for (i = 0; i < 10000; i++)
            items[i] = ILFindLastID(share);
        obj = object_with(tdo_cf_idlist(), tdo_cida(parent, items, 10000));
        start = GetTickCount();
        check_case("10,000 shares below a virtual folder", L"NetShare", NULL, obj, S_OK, L"\\\\srv\\share",
                   FALSE);
        trace("10,000 items named one by one: %lu ms\n", GetTickCount() - start);
        release_object(obj);
        ILFree(parent);
    } else {
        skip("no UNC ID lists here (%p %p %p)\n", (void *)folder, (void *)share, (void *)child);
    }
    ILFree(folder);
    ILFree(share);
    ILFree(child);
    free(items);
    free(paths);
}

/* ---------------------------------------------------------------- COM rules */

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);
typedef HRESULT(WINAPI *can_unload_fn)(void);

static void test_com_rules(void)
{
    static const IID *const foreign[] = {&IID_IContextMenu2, &IID_IContextMenu3, &IID_IShellFolder,
                                         &IID_IClassFactory, &IID_IPersist,      &IID_IDataObject};
    HMODULE module;
    get_class_object_fn get_class_object;
    can_unload_fn can_unload;
    IClassFactory *factory = NULL;
    IShellExtInit *init = NULL;
    IContextMenu *cm = NULL;
    IUnknown *outer = (IUnknown *)0x1234;
    CLSID clsid, other = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    void *p;
    HRESULT hr;
    ULONG ref;

    hr = create_handler(L"Directory", &init);
    ok(hr == S_OK, "CoCreateInstance through the registry: %#lx\n", hr);
    if (!init)
        return;
    module = GetModuleHandleW(dll_path);
    ok(module != NULL, "the registry did not load %ls\n", dll_path);
    get_class_object = (get_class_object_fn)(void *)GetProcAddress(module, "DllGetClassObject");
    can_unload = (can_unload_fn)(void *)GetProcAddress(module, "DllCanUnloadNow");
    ok(get_class_object && can_unload, "exports missing\n");
    if (!get_class_object || !can_unload) {
        IShellExtInit_Release(init);
        return;
    }

    /* Identity: both interfaces give the same IUnknown; foreign interfaces are refused. */
    hr = IShellExtInit_QueryInterface(init, &IID_IContextMenu, (void **)&cm);
    ok(hr == S_OK && cm, "IContextMenu: %#lx\n", hr);
    ok(can_unload() == S_FALSE, "DllCanUnloadNow with a live object\n");
    ref =
        test_com_identity((IUnknown *)init, &IID_IShellExtInit, (IUnknown *)cm, foreign, ARRAYSIZE(foreign));
    ok(ref == 3, "reference count %lu, expected 3\n", ref);
    ref = IContextMenu_Release(cm);
    ok(ref == 1, "reference count %lu, expected 1\n", ref);
    ref = IShellExtInit_Release(init);
    ok(ref == 0, "reference count %lu, expected 0\n", ref);

    /* The class factory: aggregation refused, wrong class refused, LockServer holds the module. */
    CLSIDFromString(TEST_CLSID_STRING, &clsid);
    p = (void *)0xdead;
    hr = get_class_object(&other, &IID_IClassFactory, &p);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE && p == NULL, "other class: %#lx %p\n", hr, p);
    hr = get_class_object(&clsid, &IID_IShellExtInit, &p);
    ok(hr == E_NOINTERFACE && p == NULL, "factory for IShellExtInit: %#lx\n", hr);
    hr = get_class_object(&clsid, &IID_IClassFactory, (void **)&factory);
    ok(hr == S_OK && factory, "class factory: %#lx\n", hr);
    if (factory) {
        p = (void *)0xdead;
        hr = IClassFactory_CreateInstance(factory, outer, &IID_IUnknown, &p);
        ok(hr == CLASS_E_NOAGGREGATION && p == NULL, "aggregation: %#lx %p\n", hr, p);
        p = (void *)0xdead;
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_IPersist, &p);
        ok(hr == E_NOINTERFACE && p == NULL, "IPersist instance: %#lx %p\n", hr, p);
        ok(can_unload() == S_FALSE, "DllCanUnloadNow with a factory held\n");
        IClassFactory_LockServer(factory, TRUE);
        IClassFactory_Release(factory);
        ok(can_unload() == S_FALSE, "DllCanUnloadNow with LockServer(TRUE)\n");
        hr = get_class_object(&clsid, &IID_IClassFactory, (void **)&factory);
        IClassFactory_LockServer(factory, FALSE);
        IClassFactory_Release(factory);
    }
    ok(can_unload() == S_OK, "DllCanUnloadNow after everything was released\n");
}

static void test_cycles(void)
{
    static const WCHAR *const unc[] = {L"\\\\srv\\share\\dir"};
    IDataObject *obj = hdrop_object(unc, 1);
    can_unload_fn can_unload =
        (can_unload_fn)(void *)GetProcAddress(GetModuleHandleW(dll_path), "DllCanUnloadNow");
    DWORD gdi_before = GetGuiResources(GetCurrentProcess(), GR_GDIOBJECTS);
    DWORD user_before = GetGuiResources(GetCurrentProcess(), GR_USEROBJECTS);
    CLSID clsid;
    int i, failures = 0;

    CLSIDFromString(TEST_CLSID_STRING, &clsid);
    for (i = 0; i < 10000; i++) {
        IShellExtInit *init = NULL;
        IContextMenu *cm = NULL;
        HMENU menu = CreatePopupMenu();
        WCHAR verb[16];
        ULONG r1, r2;
        if (FAILED(
                CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IShellExtInit, (void **)&init))) {
            failures++;
            DestroyMenu(menu);
            continue;
        }
        IShellExtInit_QueryInterface(init, &IID_IContextMenu, (void **)&cm);
        if (IShellExtInit_Initialize(init, NULL, obj, NULL) != S_OK ||
            IContextMenu_QueryContextMenu(cm, menu, 0, 1, 10, CMF_NORMAL) != 1 ||
            IContextMenu_GetCommandString(cm, 0, GCS_VERBW, NULL, (LPSTR)verb, ARRAYSIZE(verb)) != S_OK)
            failures++;
        DestroyMenu(menu);
        r1 = IContextMenu_Release(cm);
        r2 = IShellExtInit_Release(init);
        if (r1 != 1 || r2 != 0)
            failures++;
    }
    ok(failures == 0, "%d of 10,000 create/use/release cycles went wrong\n", failures);
    ok(can_unload && can_unload() == S_OK, "DllCanUnloadNow after 10,000 cycles\n");
    /* The item's bitmap is made once per process: no GDI or USER objects pile up. */
    ok(GetGuiResources(GetCurrentProcess(), GR_GDIOBJECTS) <= gdi_before + 1, "GDI objects %lu -> %lu\n",
       gdi_before, GetGuiResources(GetCurrentProcess(), GR_GDIOBJECTS));
    ok(GetGuiResources(GetCurrentProcess(), GR_USEROBJECTS) <= user_before + 1, "USER objects %lu -> %lu\n",
       user_before, GetGuiResources(GetCurrentProcess(), GR_USEROBJECTS));
    release_object(obj);
}

/* A copy of the DLL with no connectas-tray.exe beside it: the command fails quietly. */
static void test_missing_tray(void)
{
    static const WCHAR *const unc[] = {L"\\\\srv\\share\\dir"};
    HMODULE module = LoadLibraryW(notray_path);
    get_class_object_fn get_class_object;
    can_unload_fn can_unload;
    IClassFactory *factory = NULL;
    IShellExtInit *init = NULL;
    IContextMenu *cm = NULL;
    IDataObject *obj;
    CLSID clsid;
    HRESULT hr;
    DWORD start;

    ok(module != NULL, "cannot load %ls: %lu\n", notray_path, GetLastError());
    if (!module)
        return;
    get_class_object = (get_class_object_fn)(void *)GetProcAddress(module, "DllGetClassObject");
    can_unload = (can_unload_fn)(void *)GetProcAddress(module, "DllCanUnloadNow");
    CLSIDFromString(TEST_CLSID_STRING, &clsid);
    hr = get_class_object(&clsid, &IID_IClassFactory, (void **)&factory);
    ok(hr == S_OK, "class factory %#lx\n", hr);
    if (factory) {
        IClassFactory_CreateInstance(factory, NULL, &IID_IShellExtInit, (void **)&init);
        IClassFactory_Release(factory);
    }
    if (init) {
        struct shown s;
        obj = hdrop_object(unc, 1);
        cm = show(init, NULL, obj, CMF_NORMAL, &s);
        ok(s.init_hr == S_OK && s.added == 1, "no item: %#lx %d\n", s.init_hr, s.added);
        DeleteFileW(log_path);
        start = GetTickCount();
        hr = invoke(cm, BY_OFFSET_A, NULL, NULL, 0);
        ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) || hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND),
           "missing tray: %#lx\n", hr);
        trace("failing took %lu ms\n", GetTickCount() - start);
        ok(GetFileAttributesW(log_path) == INVALID_FILE_ATTRIBUTES, "something was started\n");
        IContextMenu_Release(cm);
        IShellExtInit_Release(init);
        release_object(obj);
    }
    ok(can_unload() == S_OK, "DllCanUnloadNow %#lx\n", can_unload());
    /* Unloading frees the bitmap made for the menu (DLL_PROCESS_DETACH). */
    ok(FreeLibrary(module), "FreeLibrary\n");
}

/* ---------------------------------------------------------------- the DLL file itself */

/* Reads string id of language lang from the DLL's string table. */
static BOOL load_string_lang(HMODULE module, UINT id, LANGID lang, WCHAR *buf, int cch)
{
    HRSRC res = FindResourceExW(module, (LPCWSTR)RT_STRING, MAKEINTRESOURCEW(id / 16 + 1), lang);
    const WCHAR *p;
    UINT i;
    if (!res || !(p = LockResource(LoadResource(module, res))))
        return FALSE;
    for (i = 0; i < id % 16; i++)
        p += *p + 1;
    if (!*p || *p >= cch)
        return FALSE;
    memcpy(buf, p + 1, *p * sizeof(WCHAR));
    buf[*p] = 0;
    return TRUE;
}

static void test_dll_file(void)
{
    static const struct {
        LANGID lang;
        const WCHAR *text;
    } langs[] = {
        {MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), MENU_TEXT_EN},
        {MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH), L"Verbinden als\u2026"},
        {MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), L"Verbinden als\u2026"},
    };
    static const char *const allowed[] = {"kernel32.dll", "user32.dll", "gdi32.dll", "advapi32.dll",
                                          "shell32.dll",  "ole32.dll",  "msvcrt.dll"};
    char imports[32][64];
    HMODULE module = LoadLibraryExW(dll_path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    WCHAR text[256];
    int n, i;
    size_t j;

    ok(module != NULL, "cannot read resources of %ls\n", dll_path);
    for (j = 0; module && j < ARRAYSIZE(langs); j++) {
        ok(load_string_lang(module, 100, langs[j].lang, text, ARRAYSIZE(text)) &&
               !wcscmp(text, langs[j].text),
           "menu text for language %04x: [%ls]\n", langs[j].lang, text);
        ok(load_string_lang(module, 101, langs[j].lang, text, ARRAYSIZE(text)) && wcslen(text) > 10,
           "help text for language %04x\n", langs[j].lang);
    }
    if (module)
        FreeLibrary(module);

    n = test_pe_imports(dll_path, imports, 32);
    ok(n > 0, "cannot read the import table of %ls\n", dll_path);
    for (i = 0; i < n; i++) {
        BOOL known = FALSE;
        for (j = 0; j < ARRAYSIZE(allowed); j++)
            known |= !_stricmp(imports[i], allowed[j]);
        ok(known, "connectas.dll imports %s (allowed: system DLLs without network or credential APIs)\n",
           imports[i]);
    }
}

/* ---------------------------------------------------------------- setup */

static DWORD regsvr(const WCHAR *options)
{
    WCHAR cmd[3 * MAX_PATH], sys[MAX_PATH];
    GetSystemDirectoryW(sys, MAX_PATH);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\\regsvr32.exe\" /s %ls \"%ls\"", sys, options, dll_path);
    return test_run(cmd, 60000);
}

int main(int argc, char **argv)
{
    WCHAR dir[MAX_PATH], tmp[MAX_PATH], build_copy[MAX_PATH];
    DWORD code;
    BOOL staged;

    th_init(argc, argv);
    test_exe_dir(dir, MAX_PATH);
    /* Registered for all users below: a copy (with the stand-in tray) in a folder only administrators can
     * change, as the product requires (the build folder may lie below /tmp). */
    _snwprintf(build_copy, MAX_PATH, L"%lsshellext-test", dir);
    staged = test_stage_protected(build_copy, NULL, L"shellext-test", dll_dir, MAX_PATH);
    ok(staged, "cannot copy %ls to %ls\n", build_copy, dll_dir);
    _snwprintf(dll_path, MAX_PATH, L"%ls\\connectas.dll", dll_dir);
    _snwprintf(notray_path, MAX_PATH, L"%lsshellext-notray\\connectas.dll", dir);
    GetTempPathW(MAX_PATH, tmp);
    _snwprintf(log_path, MAX_PATH, L"%lsconnectas-standin-%lu.log", tmp, GetCurrentProcessId());
    SetEnvironmentVariableW(L"CONNECTAS_STANDIN_LOG", log_path);
    {
        WCHAR hold_name[64];
        _snwprintf(hold_name, ARRAYSIZE(hold_name), L"ConnectAsStandinHold-%lu", GetCurrentProcessId());
        hold_event = CreateEventW(NULL, TRUE, FALSE, hold_name);
        ok(hold_event != NULL, "cannot create the stand-in's hold event: %lu\n", GetLastError());
        SetEnvironmentVariableW(L"CONNECTAS_STANDIN_HOLD", hold_name);
    }
    if (GetFileAttributesW(dll_path) == INVALID_FILE_ATTRIBUTES) {
        ok(0, "%ls is missing (build the shellext_test_copies target)\n", dll_path);
        return th_finish();
    }

    /* Per machine, so that Wine's COM (which does not read HKCU\Software\Classes) finds it. */
    code = regsvr(L"/n /i:machine");
    ok(code == 0, "regsvr32 /n /i:machine: exit code %lu\n", code);
    CoInitialize(NULL);
#ifdef HAVE_FAKESMB
    fake_network = fakesmb_installed();
    if (fake_network)
        check_fake_counts();
    else
        skip("fake SMB client not installed: network calls are not counted\n");
#else
    skip("built without the fake SMB client: network calls are not counted\n");
#endif
    setup_drives();
    test_dll_file();
    test_unc_cases();
    test_local_and_virtual_cases();
    test_drive_cases();
    test_bad_data_objects();
    test_many_items();
    test_com_rules();
    test_cycles();
    test_missing_tray();
    CoUninitialize();
    code = regsvr(L"/u /n /i:machine");
    ok(code == 0, "regsvr32 /u /n /i:machine: exit code %lu\n", code);
    DeleteFileW(log_path);
    if (staged)
        test_unstage_protected(dll_dir);
    return th_finish();
}
