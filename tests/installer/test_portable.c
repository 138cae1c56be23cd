/* Portable mode: connectas.exe install/uninstall from the unpacked zip, --dry-run, doubles, MSI overlap,
 * running tray. */
#include <windows.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli_install.h"
#include "harness.h"
#include "insttest.h"
#include "tray.h"

static WCHAR folder[IT_PATH], exe[IT_PATH], dll[IT_PATH], tray[IT_PATH];
static WCHAR user_msi[IT_PATH], machine_msi[IT_PATH];
static int have_tray;

/* Runs the portable connectas.exe; returns the exit code, the output in *out (free() it). */
static DWORD cli(const WCHAR *args, char **out)
{
    DWORD rc = it_run_capture(exe, args, out);
    trace("connectas %ls -> %lu\n", args, rc);
    return rc;
}

static BOOL has(const char *out, const char *text)
{
    return out && strstr(out, text) != NULL;
}

/* The registry below HKCU or HKLM\Software\Classes and the Approved list, with the DLL path made
 * neutral and the bookkeeping value of "connectas.exe install" (CreatedKeys) left out, so that the
 * MSI's rows and the portable registration can be compared. */
static void class_rows(test_snapshot *s, HKEY root, const WCHAR *name, const WCHAR *dll_path)
{
    test_snapshot raw;
    size_t i;
    memset(&raw, 0, sizeof(raw));
    memset(s, 0, sizeof(*s));
    test_snapshot_take(&raw, root, name, IT_CLSID_KEY);
    for (i = 0; i < ARRAYSIZE(it_classes); i++) {
        WCHAR key[MAX_PATH];
        _snwprintf(key, ARRAYSIZE(key), IT_CLASSES L"\\%ls\\shellex\\ContextMenuHandlers\\ConnectAs",
                   it_classes[i]);
        test_snapshot_take(&raw, root, name, key);
    }
    test_snapshot_take(&raw, root, name, IT_APPROVED);
    for (i = 0; i < raw.count; i++) {
        WCHAR line[2 * IT_PATH], *at;
        if (wcsstr(raw.lines[i], L"|CreatedKeys|"))
            continue;
        _snwprintf(line, ARRAYSIZE(line), L"%ls", raw.lines[i]);
        line[ARRAYSIZE(line) - 1] = 0;
        at = wcsstr(line, dll_path);
        if (at)
            wcscpy(at, L"<connectas.dll>");
        test_snapshot_add(s, line);
    }
    test_snapshot_sort(s);
    test_snapshot_free(&raw);
}

static void test_protocol(void)
{
    /* connectas.exe speaks the tray's single-instance protocol without linking the tray. */
    ok(!wcscmp(TRAY_RUN_KEY, IT_RUN_KEY) && !wcscmp(TRAY_RUN_VALUE, IT_RUN_VALUE), "Run value differs\n");
}

static void test_scope(BOOL machine)
{
    test_snapshot before, installed, again, after, portable_rows, msi_rows;
    HKEY root = machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    const WCHAR *hive = machine ? L"HKEY_LOCAL_MACHINE" : L"HKEY_CURRENT_USER";
    const WCHAR *opt = machine ? L"--machine" : L"--user";
    const WCHAR *msi = machine ? machine_msi : user_msi;
    WCHAR args[2 * IT_PATH], value[IT_PATH], want[IT_PATH], msi_dll[IT_PATH], base[IT_PATH];
    char *out = NULL;
    DWORD rc;

    th_push_context(machine ? "portable, per machine" : "portable, per user");
    it_snapshot(&before);

    /* --dry-run lists the changes and makes none. */
    _snwprintf(args, ARRAYSIZE(args), L"install %ls --run-at-logon --dry-run", opt);
    rc = cli(args, &out);
    ok(rc == 0, "install --dry-run: exit %lu: %s\n", rc, out);
    ok(has(out, "Dry run") && has(out, "create key") && has(out, "InprocServer32") && has(out, "files"),
       "install --dry-run lists no changes: %s\n", out);
    if (have_tray)
        ok(has(out, "CurrentVersion\\Run  ConnectAs"), "the Run value is not listed: %s\n", out);
    free(out);
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "install --dry-run changed the machine\n");
    test_snapshot_free(&after);

    /* Install. */
    _snwprintf(args, ARRAYSIZE(args), have_tray ? L"install %ls --run-at-logon" : L"install %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0, "install: exit %lu: %s\n", rc, out);
    free(out);
    it_check_handler(root, machine, dll);
    it_check_no_handler(machine ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE);
    if (have_tray) {
        _snwprintf(want, ARRAYSIZE(want), L"\"%ls\" --background", tray);
        ok(it_read_sz(root, IT_RUN_KEY, IT_RUN_VALUE, value, ARRAYSIZE(value)) && !_wcsicmp(value, want),
           "Run value [%ls], want [%ls]\n", value, want);
    }
    it_snapshot(&installed);
    class_rows(&portable_rows, root, hive, dll);

    /* Twice: says so and changes nothing. */
    rc = cli(args, &out);
    ok(rc == 0 && has(out, "already registered") && has(out, "Nothing changed"),
       "second install: exit %lu: %s\n", rc, out);
    free(out);
    it_snapshot(&again);
    ok(it_compare(&installed, &again) == 0, "the second install changed the machine\n");
    test_snapshot_free(&again);

    /* The MSI refuses to install over a portable registration. */
    _snwprintf(args, ARRAYSIZE(args), L"/i \"%ls\" /qn", msi);
    rc = it_msiexec(args, machine ? L"portable-machine-msi-over" : L"portable-user-msi-over");
    ok(rc == ERROR_INSTALL_FAILURE, "MSI over the portable copy: msiexec exit %lu, want 1603\n", rc);
    it_snapshot(&again);
    ok(it_compare(&installed, &again) == 0, "the refused MSI changed the machine\n");
    test_snapshot_free(&again);

    /* Uninstall --dry-run lists and keeps everything. */
    _snwprintf(args, ARRAYSIZE(args), L"uninstall %ls --dry-run", opt);
    rc = cli(args, &out);
    ok(rc == 0 && has(out, "Dry run") && has(out, "delete key"), "uninstall --dry-run: exit %lu: %s\n", rc,
       out);
    free(out);
    it_snapshot(&again);
    ok(it_compare(&installed, &again) == 0, "uninstall --dry-run changed the machine\n");
    test_snapshot_free(&again);

    /* Uninstall: nothing left; a second one has nothing to do. */
    _snwprintf(args, ARRAYSIZE(args), L"uninstall %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0, "uninstall: exit %lu: %s\n", rc, out);
    free(out);
    it_check_no_handler(root);
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "install and uninstall left the machine changed\n");
    test_snapshot_free(&after);
    rc = cli(args, &out);
    ok(rc == 0 && has(out, "nothing to remove"), "second uninstall: exit %lu: %s\n", rc, out);
    free(out);

    /* Over an MSI installation of the same scope: says what is there, touches nothing. */
    _snwprintf(args, ARRAYSIZE(args), L"/i \"%ls\" /qn", msi);
    rc = it_msiexec(args, machine ? L"portable-machine-msi" : L"portable-user-msi");
    ok(rc == 0, "MSI install: msiexec exit %lu\n", rc);
    it_known_folder(machine ? &FOLDERID_ProgramFilesX64 : &FOLDERID_LocalAppData, base, ARRAYSIZE(base));
    _snwprintf(msi_dll, ARRAYSIZE(msi_dll),
               machine ? L"%ls\\ConnectAs\\connectas.dll" : L"%ls\\Programs\\ConnectAs\\connectas.dll", base);
    /* The MSI writes the same rows as connectas.exe install (shellext/shxreg.c), per scope. */
    class_rows(&msi_rows, root, hive, msi_dll);
    ok(msi_rows.count > 0 && test_snapshot_equal(&portable_rows, &msi_rows),
       "the MSI's registry rows differ from shxreg's (see above)\n");
    it_snapshot(&installed);
    _snwprintf(args, ARRAYSIZE(args), L"install %ls", opt);
    rc = cli(args, &out);
    ok(rc == 0 && has(out, "by its installer") && has(out, "Nothing changed"),
       "install over the MSI: exit %lu: %s\n", rc, out);
    free(out);
    _snwprintf(args, ARRAYSIZE(args), L"uninstall %ls", opt);
    rc = cli(args, &out);
    ok(rc == 1 && has(out, "by its installer"), "uninstall over the MSI: exit %lu: %s\n", rc, out);
    free(out);
    it_snapshot(&again);
    ok(it_compare(&installed, &again) == 0, "connectas.exe changed the MSI's installation\n");
    test_snapshot_free(&again);
    test_snapshot_free(&installed);
    _snwprintf(args, ARRAYSIZE(args), L"/x \"%ls\" /qn", msi);
    rc = it_msiexec(args, machine ? L"portable-machine-msi-remove" : L"portable-user-msi-remove");
    ok(rc == 0, "MSI uninstall: msiexec exit %lu\n", rc);
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "the machine differs at the end (see above)\n");
    test_snapshot_free(&after);

    test_snapshot_free(&portable_rows);
    test_snapshot_free(&msi_rows);
    test_snapshot_free(&before);
    th_pop_context();
}

static BOOL process_ended(HANDLE proc, DWORD timeout_ms)
{
    return proc && WaitForSingleObject(proc, timeout_ms) == WAIT_OBJECT_0;
}

/* Starts a tray from exe_path in the background and waits for its message window. */
static HANDLE start_tray(const WCHAR *exe_path)
{
    HANDLE proc = it_start(exe_path, L"--background");
    HWND win = proc ? it_wait_window(TRAY_MSG_CLASS, GetProcessId(proc), 30000) : NULL;
    ok(proc != NULL, "cannot start %ls: %lu\n", exe_path, GetLastError());
    ok(win != NULL, "the tray's message window did not appear\n");
    return proc;
}

/* Whether "connectas-tray.exe exit" returns only once the running tray has ended (the tray's
 * contract the MSI's StopTray custom action relies on). */
static BOOL tray_exit_waits(void)
{
    WCHAR cmd[2 * IT_PATH];
    HANDLE proc = start_tray(tray);
    BOOL ended;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" exit", tray);
    ok(test_run(cmd, 60000) == 0, "connectas-tray.exe exit failed\n");
    ended = process_ended(proc, 0);
    ok(process_ended(proc, 30000), "the tray did not exit on \"exit\"\n");
    if (proc)
        CloseHandle(proc);
    return ended;
}

static void test_tray(void)
{
    test_snapshot before, after;
    WCHAR args[2 * IT_PATH], base[IT_PATH], dir[IT_PATH], installed_tray[IT_PATH];
    char *out = NULL;
    HANDLE proc;
    DWORD rc;

    if (!have_tray) {
        skip("connectas-tray.exe is not built: no tray to stop\n");
        return;
    }
    it_snapshot(&before);

    th_push_context("portable uninstall with the tray running");
    rc = cli(L"install --user --run-at-logon", &out);
    ok(rc == 0, "install: exit %lu: %s\n", rc, out);
    free(out);
    proc = start_tray(tray);
    rc = cli(L"uninstall --user --dry-run", &out);
    ok(rc == 0 && has(out, "stop process"), "uninstall --dry-run does not mention the tray: %s\n", out);
    free(out);
    ok(!process_ended(proc, 0), "uninstall --dry-run stopped the tray\n");
    rc = cli(L"uninstall --user", &out);
    ok(rc == 0 && has(out, "stop process") && has(out, "it has ended"), "uninstall: exit %lu: %s\n", rc, out);
    free(out);
    ok(process_ended(proc, 0), "the tray still runs after uninstall returned\n");
    ok(FindWindowW(TRAY_MSG_CLASS, NULL) == NULL, "a tray window is left\n");
    if (proc)
        CloseHandle(proc);
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "the machine differs after the portable round (see above)\n");
    test_snapshot_free(&after);
    th_pop_context();

    /* The MSI asks the tray to exit with "connectas-tray.exe exit" (a custom action) and removes its
     * files right after: that only works when "exit" returns once the running tray has ended. */
    th_push_context("MSI uninstall with the tray running");
    ok(tray_exit_waits(),
       "connectas-tray.exe exit returns before the running tray has ended: the MSI cannot remove it\n");
    _snwprintf(args, ARRAYSIZE(args), L"/i \"%ls\" /qn AUTOSTART=1", user_msi);
    rc = it_msiexec(args, L"tray-msi-install");
    ok(rc == 0, "install: msiexec exit %lu\n", rc);
    it_known_folder(&FOLDERID_LocalAppData, base, ARRAYSIZE(base));
    _snwprintf(dir, ARRAYSIZE(dir), L"%ls\\Programs\\ConnectAs", base);
    _snwprintf(installed_tray, ARRAYSIZE(installed_tray), L"%ls\\connectas-tray.exe", dir);
    proc = start_tray(installed_tray);
    _snwprintf(args, ARRAYSIZE(args), L"/x \"%ls\" /qn", user_msi);
    rc = it_msiexec(args, L"tray-msi-remove");
    ok(rc == 0, "uninstall: msiexec exit %lu\n", rc);
    ok(process_ended(proc, 30000), "the tray did not exit\n");
    if (proc)
        CloseHandle(proc);
    ok(!it_file_exists(installed_tray), "%ls is left behind (it was in use)\n", installed_tray);
    ok(!it_dir_exists(dir), "%ls is left behind\n", dir);
    /* Whatever the MSI left, remove it so that the comparison below shows anything else. */
    DeleteFileW(installed_tray);
    RemoveDirectoryW(dir);
    _snwprintf(args, ARRAYSIZE(args), L"%ls\\Programs", base);
    RemoveDirectoryW(args);
    it_snapshot(&after);
    ok(it_compare(&before, &after) == 0, "the machine differs after the MSI round (see above)\n");
    test_snapshot_free(&after);
    th_pop_context();
    test_snapshot_free(&before);
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "";
    BOOL staged = FALSE;
    th_init(argc, argv);
    if (argc < 6) {
        ok(0, "usage: test_portable portable|tray FOLDER USER.msi MACHINE.msi HAVE_TRAY\n");
        return th_finish();
    }
    it_path_arg(argv[2], folder, ARRAYSIZE(folder));
    it_path_arg(argv[3], user_msi, ARRAYSIZE(user_msi));
    it_path_arg(argv[4], machine_msi, ARRAYSIZE(machine_msi));
    have_tray = atoi(argv[5]);
    if (!strcmp(which, "portable")) {
        /* install --machine accepts only a folder that standard users cannot change, nor any folder above it:
         * the unpacked zip in the build tree may lie below one anyone can change (a checkout under /tmp).
         * Both scopes use the same copy in Program Files, as an administrator would place it. */
        WCHAR unpacked[IT_PATH];
        wcsncpy(unpacked, folder, ARRAYSIZE(unpacked) - 1);
        staged = test_stage_protected(unpacked, NULL, L"portable", folder, ARRAYSIZE(folder));
        ok(staged, "cannot copy %ls to %ls\n", unpacked, folder);
    }
    _snwprintf(exe, ARRAYSIZE(exe), L"%ls\\connectas.exe", folder);
    _snwprintf(dll, ARRAYSIZE(dll), L"%ls\\connectas.dll", folder);
    _snwprintf(tray, ARRAYSIZE(tray), L"%ls\\connectas-tray.exe", folder);
    ok(it_file_exists(exe) && it_file_exists(dll), "the unpacked zip is not in %ls\n", folder);
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (!strcmp(which, "portable")) {
        test_protocol();
        test_scope(FALSE);
        test_scope(TRUE);
    } else if (!strcmp(which, "tray")) {
        test_tray();
    } else {
        ok(0, "unknown case %s\n", which);
    }
    CoUninitialize();
    if (staged)
        test_unstage_protected(folder);
    return th_finish();
}
