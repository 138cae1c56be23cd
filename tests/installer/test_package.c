/* The Windows 11 package's registration from the portable copy and both MSIs: where Windows cannot register
 * it (Wine, Windows 10) it says so once, the classic item stays, and nothing is left behind. */
#include <windows.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli_package.h"
#include "harness.h"
#include "insttest.h"

static WCHAR folder[IT_PATH], exe[IT_PATH], user_msi[IT_PATH], machine_msi[IT_PATH];
static int have_msix;

static DWORD cli(const WCHAR *args, char **out)
{
    DWORD rc = it_run_capture(exe, args, out);
    trace("connectas %ls -> %lu\n%s", args, rc, *out ? *out : "");
    return rc;
}

static int count(const char *out, const char *text)
{
    int n = 0;
    const char *p = out;
    while (p && (p = strstr(p, text))) {
        n++;
        p += strlen(text);
    }
    return n;
}

/* Windows 11 (build 22000 or later) outside Wine: registration may really happen there. */
static BOOL windows11(void)
{
    RTL_OSVERSIONINFOW v;
    LONG(WINAPI * get)
    (RTL_OSVERSIONINFOW *) = (void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion");
    memset(&v, 0, sizeof(v));
    v.dwOSVersionInfoSize = sizeof(v);
    return !th_on_wine() && get && get(&v) == 0 && v.dwMajorVersion >= 10 && v.dwBuildNumber >= 22000;
}

static BOOL flag_exists(HKEY root)
{
    DWORD value, size = sizeof(value);
    return RegGetValueW(root, CLI_PACKAGE_FLAG_KEY, CLI_PACKAGE_FLAG_VALUE, RRF_RT_REG_DWORD, NULL, &value,
                        &size) == ERROR_SUCCESS;
}

/* One "not available" sentence and the classic item named, exactly once. */
static void check_unavailable_said_once(const char *what, const char *out)
{
    ok(count(out, "The Windows 11 menu item is not available") == 1, "%s: not said exactly once: %s\n", what,
       out);
    ok(count(out, "stays in the classic context menu") == 1, "%s: the classic item is not named once: %s\n",
       what, out);
    if (th_on_wine())
        ok(strstr(out, "Wine") != NULL, "%s: the reason (Wine) is not given: %s\n", what, out);
}

static void test_portable(BOOL machine)
{
    const WCHAR *opt = machine ? L"--machine" : L"--user";
    HKEY root = machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    test_snapshot before, after;
    WCHAR args[64];
    char *out = NULL;
    DWORD rc;

    th_push_context(machine ? "portable, per machine" : "portable, per user");
    if (windows11()) {
        skip("Windows 11: registration would really happen; tests/windows/check-win11.ps1 covers it\n");
        th_pop_context();
        return;
    }
    it_snapshot(&before);

    /* The installer's command alone. */
    _snwprintf(args, ARRAYSIZE(args), L"package register %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0, "package register: exit %lu\n", rc);
    check_unavailable_said_once("package register", out);
    free(out);
    ok(!flag_exists(root), "the classic item was told the package is there\n");
    _snwprintf(args, ARRAYSIZE(args), L"package unregister %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0 && out && strstr(out, "nothing to remove"), "package unregister: exit %lu: %s\n", rc, out);
    free(out);
    rc = cli(L"package frobnicate", &out);
    ok(rc == 2 && out && strstr(out, "usage"), "bad package command: exit %lu: %s\n", rc, out);
    free(out);
    rc = cli(L"package register --bogus", &out);
    ok(rc == 2 && out && strstr(out, "--bogus"), "bad package option: exit %lu: %s\n", rc, out);
    free(out);

    /* install: the classic item is registered, the package's absence said once; uninstall: all gone. */
    _snwprintf(args, ARRAYSIZE(args), L"install %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0, "install: exit %lu: %s\n", rc, out);
    check_unavailable_said_once("install", out);
    free(out);
    ok(it_key_exists(root, IT_CLSID_KEY), "install did not register the classic item\n");
    ok(!flag_exists(root), "install set the package flag without a package\n");
    _snwprintf(args, ARRAYSIZE(args), L"uninstall %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0, "uninstall: exit %lu: %s\n", rc, out);
    ok(out && !strstr(out, "not available"), "uninstall talks about the package: %s\n", out);
    free(out);
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "the machine differs after install + uninstall (see above)\n");
    test_snapshot_free(&after);
    test_snapshot_free(&before);
    th_pop_context();
}

static void test_msi(BOOL machine)
{
    const WCHAR *msi = machine ? machine_msi : user_msi;
    const WCHAR *log = machine ? L"package-machine" : L"package-user";
    HKEY root = machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    WCHAR args[2 * IT_PATH], dir[IT_PATH], file[IT_PATH], base[IT_PATH];
    test_snapshot before, after;
    DWORD rc;

    th_push_context(machine ? "MSI, per machine" : "MSI, per user");
    if (windows11()) {
        skip("Windows 11: registration would really happen; tests/windows/check-win11.ps1 covers it\n");
        th_pop_context();
        return;
    }
    if (machine)
        it_known_folder(&FOLDERID_ProgramFiles, base, ARRAYSIZE(base));
    else
        it_known_folder(&FOLDERID_LocalAppData, base, ARRAYSIZE(base));
    _snwprintf(dir, ARRAYSIZE(dir), machine ? L"%ls\\ConnectAs" : L"%ls\\Programs\\ConnectAs", base);
    _snwprintf(file, ARRAYSIZE(file), L"%ls\\connectas.msix", dir);
    it_snapshot(&before);
    _snwprintf(args, ARRAYSIZE(args), L"/i \"%ls\" /qn", msi);
    rc = it_msiexec(args, log);
    ok(rc == 0, "msiexec /i: %lu\n", rc);
    ok(it_file_exists(file), "%ls was not installed\n", file);
    /* The custom action ran connectas.exe package register, which ended normally (Return="ignore" would
     * hide a failure from msiexec, so the log is read). */
    ok(it_log_has(log, L"RegisterPackage"), "the RegisterPackage action did not run\n");
    ok(!flag_exists(root), "the package flag was set without a package\n");
    ok(it_key_exists(root, IT_CLSID_KEY), "the classic item is not registered\n");
    _snwprintf(args, ARRAYSIZE(args), L"/x \"%ls\" /qn", msi);
    rc = it_msiexec(args, machine ? L"package-machine-x" : L"package-user-x");
    ok(rc == 0, "msiexec /x: %lu\n", rc);
    ok(it_log_has(machine ? L"package-machine-x" : L"package-user-x", L"UnregisterPackage"),
       "the UnregisterPackage action did not run\n");
    ok(!it_file_exists(file) && !it_dir_exists(dir), "%ls is left behind\n", dir);
    if (!machine) {
        _snwprintf(args, ARRAYSIZE(args), L"%ls\\Programs", base);
        RemoveDirectoryW(args); /* may have been made by the MSI; it removes it when empty itself too */
    }
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "the machine differs after the MSI round (see above)\n");
    test_snapshot_free(&after);
    test_snapshot_free(&before);
    th_pop_context();
}

/* The external location and package file as file URIs (the part of registration that runs everywhere). */
static void test_uri_text(void)
{
    static const struct {
        const WCHAR *path, *uri;
    } cases[] = {
        {L"C:\\Program Files\\ConnectAs", L"file:///C:/Program%20Files/ConnectAs"},
        {L"C:\\Users\\ann\\AppData\\Local\\Programs\\ConnectAs\\connectas.msix",
         L"file:///C:/Users/ann/AppData/Local/Programs/ConnectAs/connectas.msix"},
        {L"\\\\srv\\tools\\ConnectAs-0.1.0", L"file://srv/tools/ConnectAs-0.1.0"},
        {L"\\\\?\\UNC\\srv\\tools", L"file://srv/tools"},
        {L"\\\\?\\D:\\x", L"file:///D:/x"},
        {L"E:\\50% #1 [test]\\a^b", L"file:///E:/50%25%20%231%20%5Btest%5D/a%5Eb"},
        {L"F:\\Daten \u00dc", L"file:///F:/Daten%20\u00dc"},
    };
    WCHAR out[256], small[16];
    size_t i;
    for (i = 0; i < ARRAYSIZE(cases); i++) {
        ok(cli_package_uri_text(cases[i].path, out, ARRAYSIZE(out)) == 0 && !wcscmp(out, cases[i].uri),
           "%ls -> %ls, expected %ls\n", cases[i].path, out, cases[i].uri);
    }
    ok(cli_package_uri_text(L"C:\\a rather long folder name", small, ARRAYSIZE(small)) == -1,
       "a URI longer than the buffer was not refused\n");
}

int main(int argc, char **argv)
{
    BOOL staged;
    th_init(argc, argv);
    if (argc < 5) {
        ok(0, "usage: test_package FOLDER USER.msi MACHINE.msi HAVE_MSIX\n");
        return th_finish();
    }
    it_path_arg(argv[1], folder, ARRAYSIZE(folder));
    it_path_arg(argv[2], user_msi, ARRAYSIZE(user_msi));
    it_path_arg(argv[3], machine_msi, ARRAYSIZE(machine_msi));
    have_msix = atoi(argv[4]);
    {
        /* install --machine accepts only a folder that standard users cannot change, nor any folder above it:
         * the unpacked zip in the build tree may lie below one anyone can change (a checkout under /tmp). */
        WCHAR unpacked[IT_PATH];
        wcsncpy(unpacked, folder, ARRAYSIZE(unpacked) - 1);
        staged = test_stage_protected(unpacked, NULL, L"package", folder, ARRAYSIZE(folder));
        ok(staged, "cannot copy %ls to %ls\n", unpacked, folder);
    }
    _snwprintf(exe, ARRAYSIZE(exe), L"%ls\\connectas.exe", folder);
    test_uri_text();
    if (!have_msix) {
        skip("the build has no connectas.msix (see the configure warning): nothing to register\n");
        if (staged)
            test_unstage_protected(folder);
        return th_finish();
    }
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    test_portable(FALSE);
    test_portable(TRUE);
    test_msi(FALSE);
    test_msi(TRUE);
    CoUninitialize();
    if (staged)
        test_unstage_protected(folder);
    return th_finish();
}
