/* Registration of connectas.dll: per-user and per-machine keys via regsvr32 and connectas_shxreg, removed
 * exactly. */
#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "shxreg.h"
#include "shxtest.h"

#define CLASSES L"Software\\Classes"
#define CLSID_KEY CLASSES L"\\CLSID\\" TEST_CLSID_STRING
#define APPROVED L"Software\\Microsoft\\Windows\\CurrentVersion\\Shell Extensions\\Approved"

static const WCHAR *const classes[] = {L"*",     L"Directory", L"Directory\\Background",
                                       L"Drive", L"NetServer", L"NetShare"};
static WCHAR dll_path[MAX_PATH];

/* Everything registration could touch, in both hives. */
static void snapshot(test_snapshot *snap)
{
    memset(snap, 0, sizeof(*snap));
    test_snapshot_take(snap, HKEY_LOCAL_MACHINE, L"HKEY_LOCAL_MACHINE", CLASSES);
    test_snapshot_take(snap, HKEY_CURRENT_USER, L"HKEY_CURRENT_USER", CLASSES);
    test_snapshot_take(snap, HKEY_LOCAL_MACHINE, L"HKEY_LOCAL_MACHINE",
                       L"Software\\Microsoft\\Windows\\CurrentVersion\\Shell Extensions");
    test_snapshot_take(snap, HKEY_CURRENT_USER, L"HKEY_CURRENT_USER",
                       L"Software\\Microsoft\\Windows\\CurrentVersion\\Shell Extensions");
    test_snapshot_sort(snap);
}

static DWORD regsvr(const WCHAR *options)
{
    WCHAR cmd[3 * MAX_PATH], sys[MAX_PATH];
    GetSystemDirectoryW(sys, MAX_PATH);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\\regsvr32.exe\" /s %ls \"%ls\"", sys, options, dll_path);
    return test_run(cmd, 60000);
}

static BOOL read_sz(HKEY root, const WCHAR *key, const WCHAR *name, WCHAR *buf, DWORD cch)
{
    DWORD size = cch * sizeof(WCHAR);
    buf[0] = 0;
    return RegGetValueW(root, key, name, RRF_RT_REG_SZ, NULL, buf, &size) == ERROR_SUCCESS;
}

static BOOL key_exists(HKEY root, const WCHAR *key)
{
    HKEY k;
    if (RegOpenKeyExW(root, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(k);
    return TRUE;
}

/* Reads back what registration must have written in one hive. */
static void check_registered(HKEY root, BOOL machine, const WCHAR *expect_dll)
{
    WCHAR value[MAX_PATH], key[MAX_PATH];
    size_t i;

    ok(read_sz(root, CLSID_KEY L"\\InprocServer32", NULL, value, MAX_PATH) && !_wcsicmp(value, expect_dll),
       "InprocServer32 = [%ls]\n", value);
    ok(read_sz(root, CLSID_KEY L"\\InprocServer32", L"ThreadingModel", value, MAX_PATH) &&
           !wcscmp(value, L"Apartment"),
       "ThreadingModel = [%ls]\n", value);
    ok(read_sz(root, CLSID_KEY, NULL, value, MAX_PATH) && value[0], "CLSID key without a description\n");
    for (i = 0; i < ARRAYSIZE(classes); i++) {
        _snwprintf(key, MAX_PATH, CLASSES L"\\%ls\\shellex\\ContextMenuHandlers\\ConnectAs", classes[i]);
        ok(read_sz(root, key, NULL, value, MAX_PATH) && !wcscmp(value, TEST_CLSID_STRING), "%ls = [%ls]\n",
           key, value);
    }
    if (machine)
        ok(read_sz(root, APPROVED, TEST_CLSID_STRING, value, MAX_PATH) && value[0], "not approved\n");
    else
        ok(!read_sz(HKEY_LOCAL_MACHINE, APPROVED, TEST_CLSID_STRING, value, MAX_PATH),
           "per-user registration wrote the machine-wide Approved list\n");
}

/* regsvr32 with options registers in one scope; /u with the same options leaves no trace. */
static void test_regsvr(const char *what, const WCHAR *options, const WCHAR *undo, BOOL machine)
{
    test_snapshot before, during, after;
    WCHAR other[MAX_PATH];
    DWORD code;

    th_push_context("regsvr32 %s", what);
    snapshot(&before);
    code = regsvr(options);
    ok(code == 0, "exit code %lu\n", code);
    check_registered(machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER, machine, dll_path);
    ok(!read_sz(machine ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE, CLSID_KEY L"\\InprocServer32", NULL, other,
                MAX_PATH),
       "the other scope was written too\n");
    snapshot(&during);
    ok(during.count > before.count, "nothing was added\n");
    code = regsvr(undo);
    ok(code == 0, "unregistering: exit code %lu\n", code);
    snapshot(&after);
    ok(test_snapshot_equal(&before, &after), "the registry differs after unregistering (see above)\n");
    test_snapshot_free(&before);
    test_snapshot_free(&during);
    test_snapshot_free(&after);
    th_pop_context();
}

/* --- the library: dry run == what a real run changes --- */

static void collect(void *ctx, const shx_reg_change *c)
{
    test_snapshot *lines = ctx;
    static WCHAR line[65536];
    DWORD size;
    switch (c->op) {
    case SHX_REG_CREATE_KEY:
        _snwprintf(line, ARRAYSIZE(line), L"K %ls", c->key);
        break;
    case SHX_REG_SET_VALUE:
        if (c->type == REG_MULTI_SZ) {
            const WCHAR *p = c->data;
            while (*p)
                p += wcslen(p) + 1;
            size = (DWORD)((p - c->data + 1) * sizeof(WCHAR));
        } else {
            size = (DWORD)((wcslen(c->data) + 1) * sizeof(WCHAR));
        }
        test_format_value(line, ARRAYSIZE(line), c->key, c->name, c->type, (const BYTE *)c->data, size);
        break;
    case SHX_REG_DELETE_KEY:
        _snwprintf(line, ARRAYSIZE(line), L"-K %ls", c->key);
        break;
    case SHX_REG_DELETE_VALUE:
        _snwprintf(line, ARRAYSIZE(line), L"-V %ls|%ls", c->key, c->name ? c->name : L"");
        break;
    default:
        _snwprintf(line, ARRAYSIZE(line), L"? %d", (int)c->op);
    }
    line[ARRAYSIZE(line) - 1] = 0;
    test_snapshot_add(lines, line);
}

/* Lines of b that a does not have (both sorted). */
static void difference(const test_snapshot *a, const test_snapshot *b, test_snapshot *out)
{
    size_t i = 0, j = 0;
    memset(out, 0, sizeof(*out));
    while (j < b->count) {
        int c = i == a->count ? 1 : wcscmp(a->lines[i], b->lines[j]);
        if (c == 0)
            i++, j++;
        else if (c < 0)
            i++;
        else
            test_snapshot_add(out, b->lines[j++]);
    }
}

/* TRUE when line (a snapshot line) lies in a key the plan deletes or is a value it deletes. */
static BOOL planned_removal(const test_snapshot *plan, const WCHAR *line)
{
    size_t i;
    for (i = 0; i < plan->count; i++) {
        const WCHAR *p = plan->lines[i];
        if (!wcsncmp(p, L"-K ", 3)) {
            size_t n = wcslen(p + 3);
            const WCHAR *key = line + 2;
            if (!wcsncmp(key, p + 3, n) && (key[n] == 0 || key[n] == L'\\' || key[n] == L'|'))
                return TRUE;
        } else if (!wcsncmp(p, L"-V ", 3)) {
            size_t n = wcslen(p + 3);
            if (line[0] == L'V' && !wcsncmp(line + 2, p + 3, n) && line[2 + n] == L'|')
                return TRUE;
        }
    }
    return FALSE;
}

static void test_plan_matches(BOOL machine)
{
    test_snapshot before, after, final, plan, done, added, removed, uplan;
    WCHAR path[MAX_PATH];
    HRESULT hr;
    size_t i;

    th_push_context("library, %s", machine ? "per machine" : "per user");
    snapshot(&before);
    memset(&plan, 0, sizeof(plan));
    hr = shx_register_ex(machine, dll_path, TRUE, collect, &plan);
    ok(hr == S_OK && plan.count > 0, "dry run %#lx, %zu changes\n", hr, plan.count);
    snapshot(&after);
    ok(test_snapshot_equal(&before, &after), "the dry run changed the registry\n");
    test_snapshot_free(&after);
    ok(shx_registered_path(machine, path, MAX_PATH) == S_FALSE && !path[0],
       "registered before registering\n");

    memset(&done, 0, sizeof(done));
    hr = shx_register_ex(machine, dll_path, FALSE, collect, &done);
    ok(hr == S_OK, "register %#lx\n", hr);
    test_snapshot_sort(&plan);
    test_snapshot_sort(&done);
    ok(test_snapshot_equal(&plan, &done), "a real run reported other changes than the dry run\n");
    snapshot(&after);
    difference(&before, &after, &added);
    ok(test_snapshot_equal(&plan, &added), "the dry run did not list exactly what registering added\n");
    for (i = 0; i < plan.count; i++)
        ok(plan.lines[i][0] == L'K' || plan.lines[i][0] == L'V', "register plans a removal: %ls\n",
           plan.lines[i]);
    check_registered(machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER, machine, dll_path);
    ok(shx_registered_path(machine, path, MAX_PATH) == S_OK && !wcscmp(path, dll_path),
       "registered path %ls\n", path);

    memset(&uplan, 0, sizeof(uplan));
    hr = shx_unregister_ex(machine, TRUE, collect, &uplan);
    ok(hr == S_OK && uplan.count > 0, "dry unregister %#lx, %zu changes\n", hr, uplan.count);
    snapshot(&final);
    ok(test_snapshot_equal(&after, &final), "the dry unregister changed the registry\n");
    test_snapshot_free(&final);
    hr = shx_unregister(machine);
    ok(hr == S_OK, "unregister %#lx\n", hr);
    snapshot(&final);
    ok(test_snapshot_equal(&before, &final), "the registry differs after unregistering (see above)\n");
    /* Every line that went away was announced by the dry run, and only those. */
    difference(&final, &after, &removed);
    for (i = 0; i < removed.count; i++)
        ok(planned_removal(&uplan, removed.lines[i]), "removed without notice: %ls\n", removed.lines[i]);
    for (i = 0; i < uplan.count; i++)
        ok(uplan.lines[i][0] == L'-', "unregister plans a write: %ls\n", uplan.lines[i]);
    ok(removed.count == added.count, "%zu lines added, %zu removed\n", added.count, removed.count);

    /* Nothing registered: nothing to do, no error. */
    test_snapshot_free(&uplan);
    memset(&uplan, 0, sizeof(uplan));
    hr = shx_unregister_ex(machine, TRUE, collect, &uplan);
    ok(hr == S_OK && uplan.count == 0, "unregister with nothing registered: %#lx, %zu changes\n", hr,
       uplan.count);
    hr = shx_unregister(machine);
    ok(hr == S_OK, "unregister with nothing registered: %#lx\n", hr);

    test_snapshot_free(&before);
    test_snapshot_free(&after);
    test_snapshot_free(&final);
    test_snapshot_free(&plan);
    test_snapshot_free(&done);
    test_snapshot_free(&added);
    test_snapshot_free(&removed);
    test_snapshot_free(&uplan);
    th_pop_context();
}

/* Keys that existed before, even empty ones, and other handlers stay. */
static void test_neighbours_kept(void)
{
    static const WCHAR other_key[] = CLASSES L"\\Directory\\shellex\\ContextMenuHandlers\\Other";
    static const WCHAR other_clsid[] = L"{11111111-2222-3333-4444-555555555555}";
    test_snapshot before, after;
    HKEY k;
    HRESULT hr;

    th_push_context("neighbours");
    RegCreateKeyExW(HKEY_CURRENT_USER, other_key, 0, NULL, 0, KEY_WRITE, NULL, &k, NULL);
    RegSetValueExW(k, NULL, 0, REG_SZ, (const BYTE *)other_clsid, sizeof(other_clsid));
    RegCloseKey(k);
    RegCreateKeyExW(HKEY_CURRENT_USER, CLASSES L"\\NetServer", 0, NULL, 0, KEY_WRITE, NULL, &k, NULL);
    RegCloseKey(k);
    snapshot(&before);
    hr = shx_register(FALSE, dll_path);
    ok(hr == S_OK, "register %#lx\n", hr);
    /* Registering twice and unregistering once leaves nothing either. */
    hr = shx_register(FALSE, dll_path);
    ok(hr == S_OK, "register again %#lx\n", hr);
    hr = shx_unregister(FALSE);
    ok(hr == S_OK, "unregister %#lx\n", hr);
    snapshot(&after);
    ok(test_snapshot_equal(&before, &after), "neighbouring keys changed (see above)\n");
    ok(key_exists(HKEY_CURRENT_USER, other_key), "another handler was removed\n");
    ok(key_exists(HKEY_CURRENT_USER, CLASSES L"\\NetServer"),
       "an empty key that existed before was removed\n");
    RegDeleteTreeW(HKEY_CURRENT_USER, CLASSES L"\\Directory");
    RegDeleteKeyW(HKEY_CURRENT_USER, CLASSES L"\\Directory");
    RegDeleteKeyW(HKEY_CURRENT_USER, CLASSES L"\\NetServer");
    test_snapshot_free(&before);
    test_snapshot_free(&after);
    th_pop_context();
}

/* Both scopes at once are independent. */
static void test_both_scopes(void)
{
    test_snapshot before, after;
    WCHAR path[MAX_PATH];

    snapshot(&before);
    ok(shx_register(TRUE, dll_path) == S_OK && shx_register(FALSE, L"C:\\elsewhere\\connectas.dll") == S_OK,
       "registering in both scopes\n");
    ok(shx_unregister(FALSE) == S_OK, "unregister per user\n");
    ok(shx_registered_path(TRUE, path, MAX_PATH) == S_OK && !wcscmp(path, dll_path),
       "per-machine registration lost with the per-user one: [%ls]\n", path);
    ok(shx_registered_path(FALSE, path, MAX_PATH) == S_FALSE, "per-user registration left\n");
    ok(shx_unregister(TRUE) == S_OK, "unregister per machine\n");
    snapshot(&after);
    ok(test_snapshot_equal(&before, &after), "the registry differs (see above)\n");
    test_snapshot_free(&before);
    test_snapshot_free(&after);
}

static void test_bad_arguments(void)
{
    typedef HRESULT(WINAPI * install_fn)(BOOL, const WCHAR *);
    HMODULE module = LoadLibraryW(dll_path);
    install_fn install = module ? (install_fn)(void *)GetProcAddress(module, "DllInstall") : NULL;
    test_snapshot before, after;
    WCHAR path[4];

    snapshot(&before);
    ok(shx_register(FALSE, NULL) == E_INVALIDARG, "NULL path accepted\n");
    ok(shx_register(FALSE, L"") == E_INVALIDARG, "empty path accepted\n");
    ok(shx_registered_path(FALSE, NULL, 10) == E_INVALIDARG, "NULL buffer accepted\n");
    ok(shx_registered_path(FALSE, path, 0) == E_INVALIDARG, "empty buffer accepted\n");
    ok(install && install(TRUE, L"everyone") == E_INVALIDARG, "DllInstall with an unknown scope\n");
    ok(install && install(FALSE, L"machine ") == E_INVALIDARG, "DllInstall with a trailing space\n");
    ok(regsvr(L"/n /i:nobody") != 0, "regsvr32 with an unknown scope succeeded\n");
    snapshot(&after);
    ok(test_snapshot_equal(&before, &after), "a refused call changed the registry\n");
    test_snapshot_free(&before);
    test_snapshot_free(&after);
    if (module)
        FreeLibrary(module);
}

int main(int argc, char **argv)
{
    WCHAR dir[MAX_PATH], build_copy[MAX_PATH], staged_dir[MAX_PATH];
    BOOL staged;

    th_init(argc, argv);
    test_exe_dir(dir, MAX_PATH);
    /* Registered for all users too: a copy in a folder only administrators can change, as the product
     * requires (the build folder may lie below /tmp). */
    _snwprintf(build_copy, MAX_PATH, L"%lsshellext-test", dir);
    staged = test_stage_protected(build_copy, NULL, L"shellext-registry", staged_dir, MAX_PATH);
    ok(staged, "cannot copy %ls to %ls\n", build_copy, staged_dir);
    _snwprintf(dll_path, MAX_PATH, L"%ls\\connectas.dll", staged_dir);
    if (GetFileAttributesW(dll_path) == INVALID_FILE_ATTRIBUTES) {
        ok(0, "%ls is missing\n", dll_path);
        return th_finish();
    }
    test_regsvr("(DllRegisterServer: per user)", L"", L"/u", FALSE);
    test_regsvr("/n /i:user", L"/n /i:user", L"/u /n /i:user", FALSE);
    test_regsvr("/n /i: (no scope: per user)", L"/n /i:", L"/u /n /i:", FALSE);
    test_regsvr("/n /i:machine", L"/n /i:machine", L"/u /n /i:machine", TRUE);
    test_plan_matches(FALSE);
    test_plan_matches(TRUE);
    test_neighbours_kept();
    test_both_scopes();
    test_bad_arguments();
    if (staged)
        test_unstage_protected(staged_dir);
    return th_finish();
}
