/* Benchmark of connectas.dll: Initialize + QueryContextMenu time against an empty COM call; DLL size and
 * imports. */
#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "shxtest.h"

/* Usage: shellext_bench [--items N] [--rounds R]
 * Prints the median time of Initialize + QueryContextMenu for one item and for
 * N items (CF_HDROP and ID lists), next to an AddRef/Release pair, and the
 * shipped DLL's size and imports. Timings are printed, never judged; size
 * (<= 64 KiB) and imports (Windows system DLLs, none of mpr, netapi32, credui)
 * are checked. */

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

static LARGE_INTEGER freq;
static int rounds = 200;

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double now_us(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e6 / (double)freq.QuadPart;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), compare_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median of `rounds` AddRef+Release pairs, in microseconds (each sample times 100 pairs). */
static double time_baseline(IShellExtInit *init)
{
    double *v = malloc(sizeof(double) * (size_t)rounds), t;
    int r, k;
    for (r = 0; r < rounds; r++) {
        t = now_us();
        for (k = 0; k < 100; k++) {
            IShellExtInit_AddRef(init);
            IShellExtInit_Release(init);
        }
        v[r] = (now_us() - t) / 100;
    }
    t = median(v, rounds);
    free(v);
    return t;
}

/* Median of Initialize + QueryContextMenu in microseconds; *added = items added the last time. */
static double time_menu(IShellExtInit *init, IContextMenu *cm, PCIDLIST_ABSOLUTE folder, IDataObject *obj,
                        int *added)
{
    double *v = malloc(sizeof(double) * (size_t)rounds), t;
    HMENU menu = CreatePopupMenu();
    HRESULT hr = E_FAIL;
    int r;
    for (r = 0; r < rounds; r++) {
        t = now_us();
        IShellExtInit_Initialize(init, folder, obj, NULL);
        hr = IContextMenu_QueryContextMenu(cm, menu, 0, 1, 10, CMF_NORMAL);
        v[r] = now_us() - t;
        while (GetMenuItemCount(menu) > 0)
            DeleteMenu(menu, 0, MF_BYPOSITION);
    }
    *added = (int)HRESULT_CODE(hr);
    DestroyMenu(menu);
    t = median(v, rounds);
    free(v);
    return t;
}

/* Median of IExplorerCommand::GetState (the Windows 11 item) on the item array Explorer would pass for
 * pidl (built once, outside the timing, as Explorer owns it); *shown = the last state was ECS_ENABLED. */
static double time_state(IExplorerCommand *cmd, PCIDLIST_ABSOLUTE pidl, int *shown)
{
    double *v = malloc(sizeof(double) * (size_t)rounds), t;
    IShellItemArray *array = NULL;
    EXPCMDSTATE state = ECS_HIDDEN;
    int r;
    *shown = 0;
    if (FAILED(SHCreateShellItemArrayFromIDLists(1, &pidl, &array)) || !array) {
        free(v);
        return 0;
    }
    for (r = 0; r < rounds; r++) {
        t = now_us();
        IExplorerCommand_GetState(cmd, array, FALSE, &state);
        v[r] = now_us() - t;
    }
    *shown = state == ECS_ENABLED;
    IShellItemArray_Release(array);
    t = median(v, rounds);
    free(v);
    return t;
}

/* Median of one SHGetNameFromIDList call on pidl: the shell's share of the ID-list cases. */
static double time_naming(PCIDLIST_ABSOLUTE pidl)
{
    double *v = malloc(sizeof(double) * (size_t)rounds), t;
    WCHAR *name;
    int r;
    for (r = 0; r < rounds; r++) {
        t = now_us();
        if (SUCCEEDED(SHGetNameFromIDList(pidl, SIGDN_DESKTOPABSOLUTEPARSING, &name)))
            CoTaskMemFree(name);
        v[r] = now_us() - t;
    }
    t = median(v, rounds);
    free(v);
    return t;
}

static IDataObject *object_with(CLIPFORMAT cf, HGLOBAL h)
{
    IDataObject *obj = tdo_create();
    tdo_set(obj, cf, h);
    return obj;
}

static void report(const char *what, double us, double base, int added, int expect)
{
    printf("  %-46s %9.2f us  %8.0fx baseline  item %s\n", what, us, base > 0 ? us / base : 0.0,
           added ? "shown" : "not shown");
    ok(added == expect, "%s: item %s\n", what, added ? "shown" : "not shown");
}

int main(int argc, char **argv)
{
    static const char *const allowed[] = {"kernel32.dll", "user32.dll", "gdi32.dll", "advapi32.dll",
                                          "shell32.dll",  "ole32.dll",  "msvcrt.dll"};
    static const char *const forbidden[] = {"mpr.dll", "netapi32.dll", "credui.dll"};
    WCHAR dir[MAX_PATH], dll[MAX_PATH];
    char imports[32][64];
    HMODULE module;
    get_class_object_fn get_class_object;
    IClassFactory *factory = NULL;
    IShellExtInit *init = NULL;
    IContextMenu *cm = NULL;
    CLSID clsid;
    const WCHAR **paths;
    PCUIDLIST_RELATIVE *items;
    PIDLIST_ABSOLUTE folder, child, share, parent, local;
    IDataObject *obj;
    LONGLONG size;
    double base, us;
    int i, n, items_count = 1000, added;
    size_t j;

    th_init(argc, argv);
    for (i = 1; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--items"))
            items_count = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[++i]);
    }
    if (items_count < 1)
        items_count = 1;
    if (rounds < 3)
        rounds = 3;
    QueryPerformanceFrequency(&freq);
    CoInitialize(NULL);
    test_exe_dir(dir, MAX_PATH);
    _snwprintf(dll, MAX_PATH, L"%lsconnectas.dll", dir);

    /* The shipped file: size and imports. */
    size = test_file_size(dll);
    printf("connectas.dll: %lld bytes (%.1f KiB), target <= 64 KiB\n", size, (double)size / 1024);
    ok(size > 0 && size <= 64 * 1024, "connectas.dll is %lld bytes\n", size);
    n = test_pe_imports(dll, imports, 32);
    printf("imports:");
    for (i = 0; i < n; i++)
        printf(" %s", imports[i]);
    printf("\n");
    ok(n > 0, "no import table read\n");
    for (i = 0; i < n; i++) {
        BOOL known = FALSE;
        for (j = 0; j < ARRAYSIZE(forbidden); j++)
            ok(_stricmp(imports[i], forbidden[j]) != 0, "imports %s\n", imports[i]);
        for (j = 0; j < ARRAYSIZE(allowed); j++)
            known |= !_stricmp(imports[i], allowed[j]);
        ok(known, "imports %s, not one of the expected system DLLs\n", imports[i]);
    }

    module = LoadLibraryW(dll);
    get_class_object =
        module ? (get_class_object_fn)(void *)GetProcAddress(module, "DllGetClassObject") : NULL;
    CLSIDFromString(TEST_CLSID_STRING, &clsid);
    if (!get_class_object || FAILED(get_class_object(&clsid, &IID_IClassFactory, (void **)&factory)) ||
        FAILED(IClassFactory_CreateInstance(factory, NULL, &IID_IShellExtInit, (void **)&init)) ||
        FAILED(IShellExtInit_QueryInterface(init, &IID_IContextMenu, (void **)&cm))) {
        ok(0, "cannot create the handler from %ls\n", dll);
        return th_finish();
    }
    IClassFactory_Release(factory);

    printf("median of %d rounds, %d items for the multi-item cases%s\n", rounds, items_count,
           th_on_wine() ? " (under Wine)" : "");
    base = time_baseline(init);
    printf("  %-46s %9.3f us\n", "baseline: AddRef + Release", base);

    paths = malloc(sizeof(*paths) * (size_t)items_count);
    items = malloc(sizeof(*items) * (size_t)items_count);
    for (i = 0; i < items_count; i++)
        paths[i] = L"\\\\srv\\share\\dir\\file.txt";

    obj = object_with(CF_HDROP, tdo_hdrop(paths, 1, TRUE));
    us = time_menu(init, cm, NULL, obj, &added);
    report("1 UNC item, CF_HDROP", us, base, added, 1);
    printf("    target < 50 us: %s\n", us < 50 ? "met" : "NOT met");
    IDataObject_Release(obj);

    folder = test_unc_idlist(L"\\\\srv\\share\\dir");
    child = test_unc_idlist(L"\\\\srv\\share\\dir\\f");
    share = test_unc_idlist(L"\\\\srv\\share");
    local = ILCreateFromPathW(L"C:\\windows\\system32");
    if (folder && child && share) {
        items[0] = ILFindLastID(child);
        obj = object_with(tdo_cf_idlist(), tdo_cida(folder, items, 1));
        us = time_menu(init, cm, NULL, obj, &added);
        report("1 UNC item, ID list", us, base, added, 1);
        IDataObject_Release(obj);
        us = time_naming(child);
        printf("  %-46s %9.2f us  (shell32 alone, for comparison)\n", "SHGetNameFromIDList on that item", us);
        us = time_menu(init, cm, folder, NULL, &added);
        report("UNC folder background", us, base, added, 1);
    } else {
        skip("no UNC ID lists here\n");
    }
    if (local) {
        PIDLIST_ABSOLUTE up = ILClone(local);
        ILRemoveLastID(up);
        items[0] = ILFindLastID(local);
        obj = object_with(tdo_cf_idlist(), tdo_cida(up, items, 1));
        /* The first time pays GetDriveTypeW (the DLL keeps drive types SHX_DRIVE_CACHE_MS); the median is
         * what every later right-click costs. */
        {
            int saved = rounds;
            rounds = 1;
            us = time_menu(init, cm, NULL, obj, &added);
            rounds = saved;
            printf("  %-46s %9.2f us  (one call, drive type not cached yet)\n",
                   "1 local item, ID list, first", us);
        }
        us = time_menu(init, cm, NULL, obj, &added);
        report("1 local item, ID list (no item)", us, base, added, 0);
        printf("    target < 50 us: %s\n", us < 50 ? "met" : "NOT met");
        IDataObject_Release(obj);
        ILFree(up);
    }

    obj = object_with(CF_HDROP, tdo_hdrop(paths, (size_t)items_count, TRUE));
    us = time_menu(init, cm, NULL, obj, &added);
    report("N UNC items, CF_HDROP", us, base, added, 1);
    printf("    per item: %.3f us\n", us / items_count);
    IDataObject_Release(obj);
    if (folder && child && share) {
        for (i = 0; i < items_count; i++)
            items[i] = ILFindLastID(child);
        obj = object_with(tdo_cf_idlist(), tdo_cida(folder, items, (size_t)items_count));
        us = time_menu(init, cm, NULL, obj, &added);
        report("N items in a UNC folder, ID lists", us, base, added, 1);
        IDataObject_Release(obj);
        parent = ILClone(share);
        ILRemoveLastID(parent);
        for (i = 0; i < items_count; i++)
            items[i] = ILFindLastID(share);
        obj = object_with(tdo_cf_idlist(), tdo_cida(parent, items, (size_t)items_count));
        us = time_menu(init, cm, NULL, obj, &added);
        report("N shares below a virtual folder (each named)", us, base, added, 1);
        printf("    per item: %.3f us\n", us / items_count);
        IDataObject_Release(obj);
        ILFree(parent);
    }

    /* The Windows 11 item (xcmd.c) on the same single items: GetState next to the classic cost, both asked on
     * every right-click. */
    {
        static const CLSID xcmd = {
            0x18c89cdb, 0xf1cb, 0x4ef6, {0xa1, 0x3d, 0x65, 0x45, 0x2c, 0xba, 0xbd, 0x4a}};
        IExplorerCommand *cmd = NULL;
        if (SUCCEEDED(get_class_object(&xcmd, &IID_IClassFactory, (void **)&factory))) {
            IClassFactory_CreateInstance(factory, NULL, &IID_IExplorerCommand, (void **)&cmd);
            IClassFactory_Release(factory);
        }
        ok(cmd != NULL, "cannot create the Windows 11 command\n");
        printf("Windows 11 item: IExplorerCommand::GetState on a one-item array (classic above: Initialize + "
               "QueryContextMenu)\n");
        if (cmd && child) {
            us = time_state(cmd, child, &added);
            report("GetState, 1 UNC item", us, base, added, 1);
        }
        if (cmd && local) {
            us = time_state(cmd, local, &added);
            report("GetState, 1 local item (hidden)", us, base, added, 0);
            printf("    target < 50 us: %s\n", us < 50 ? "met" : "NOT met");
        }
        if (cmd)
            IExplorerCommand_Release(cmd);
    }

    IContextMenu_Release(cm);
    IShellExtInit_Release(init);
    ILFree(folder);
    ILFree(child);
    ILFree(share);
    ILFree(local);
    free(items);
    free(paths);
    CoUninitialize();
    return th_finish();
}
