/* Attacks on per-machine registration from a folder others can change: writable, network, removable. */
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "proc.h"
#include "shxloc.h"
#include "shxreg.h"
#include "shxtest.h"

#define CLSID_KEY L"Software\\Classes\\CLSID\\" SHX_CLSID_STRING
#define TI L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
#define BOB L"S-1-5-21-1-2-3-1001"

static WCHAR bin[MAX_PATH], writable_dir[MAX_PATH];

/* ---- the security-descriptor rule, on descriptors as Windows has them (same on Wine and Windows) ---- */

static void check_sd(const char *what, const WCHAR *sddl, DWORD rights, const WCHAR *self_text,
                     BOOL want_writer, const WCHAR *want_who)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID self = NULL, who = NULL, want = NULL;
    BOOL writer;
    th_push_context("%s", what);
    ok(ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL),
       "bad SDDL %ls\n", sddl);
    if (self_text)
        ConvertStringSidToSidW(self_text, &self);
    writer = shx_loc_sd_writer(sd, rights, self, &who);
    ok(writer == want_writer, "writer %d, want %d\n", writer, want_writer);
    if (want_who && ConvertStringSidToSidW(want_who, &want)) {
        WCHAR *got = NULL;
        if (who)
            ConvertSidToStringSidW(who, &got);
        ok(who && EqualSid(who, want), "who %ls, want %ls\n", got ? got : L"(none)", want_who);
        LocalFree(got);
        LocalFree(want);
    }
    LocalFree(self);
    LocalFree(sd);
    th_pop_context();
}

static void test_rule(void)
{
    /* %ProgramFiles% on Windows 10/11. */
    check_sd("Program Files",
             L"O:" TI L"D:P(A;;FA;;;" TI L")(A;CIIO;GA;;;" TI L")(A;;0x1301bf;;;SY)(A;OICIIO;GA;;;SY)"
             L"(A;;0x1301bf;;;BA)(A;OICIIO;GA;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)(A;OICIIO;GA;;;CO)"
             L"(A;;0x1200a9;;;AC)",
             SHX_LOC_FOLDER_RIGHTS, NULL, FALSE, NULL);
    /* A standard user's Downloads, checked by an administrator (the user is neither "self" nor a group). */
    check_sd("another user's Downloads",
             L"O:" BOB L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;" BOB L")", SHX_LOC_FOLDER_RIGHTS,
             L"S-1-5-21-1-2-3-500", TRUE, BOB);
    check_sd("Users may write", L"O:BAD:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1301bf;;;BU)", SHX_LOC_FOLDER_RIGHTS,
             NULL, TRUE, L"S-1-5-32-545");
    check_sd("Authenticated Users may add folders", L"O:BAD:P(A;;FA;;;BA)(A;;0x100004;;;AU)",
             SHX_LOC_FOLDER_RIGHTS, NULL, TRUE, L"S-1-5-11");
    check_sd("Everyone may delete", L"O:BAD:P(A;;FA;;;BA)(A;;0x110000;;;WD)", SHX_LOC_FILE_RIGHTS, NULL, TRUE,
             L"S-1-1-0");
    check_sd("INTERACTIVE may modify", L"O:BAD:P(A;;FA;;;BA)(A;;0x1301bf;;;IU)", SHX_LOC_FILE_RIGHTS, NULL,
             TRUE, L"S-1-5-4");
    check_sd("Guests may rewrite the DACL", L"O:BAD:P(A;;FA;;;BA)(A;;WD;;;BG)", SHX_LOC_FILE_RIGHTS, NULL,
             TRUE, L"S-1-5-32-546");
    check_sd("a deny does not excuse an allow", L"O:BAD:P(D;;FA;;;BU)(A;;FA;;;BA)(A;;FA;;;BU)",
             SHX_LOC_FILE_RIGHTS, NULL, TRUE, L"S-1-5-32-545");
    check_sd("owned by Users", L"O:BUD:P(A;;FA;;;BA)", SHX_LOC_FILE_RIGHTS, NULL, TRUE, L"S-1-5-32-545");
    check_sd("inherit-only and CREATOR OWNER do not apply to the folder",
             L"O:SYD:P(A;;FA;;;SY)(A;OICIIO;GA;;;BU)(A;;FA;;;CO)", SHX_LOC_FOLDER_RIGHTS, NULL, FALSE, NULL);
    check_sd("domain administrators",
             L"O:S-1-5-21-1-2-3-512D:P(A;;FA;;;S-1-5-21-1-2-3-512)(A;;FA;;;S-1-5-21-1-2-3-519)",
             SHX_LOC_FOLDER_RIGHTS, NULL, FALSE, NULL);
    /* The caller's own account counts only when the caller is an administrator. */
    check_sd("own folder, administrator", L"O:" BOB L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;" BOB L")",
             SHX_LOC_FOLDER_RIGHTS, BOB, FALSE, NULL);
    check_sd("own folder, not an administrator", L"O:" BOB L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;" BOB L")",
             SHX_LOC_FOLDER_RIGHTS, NULL, TRUE, BOB);
    /* C:\ lets users add folders (this folder only): fine above ConnectAs, not for its own folder. */
    check_sd("C:\\ as an ancestor",
             L"O:SYD:(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICIIO;SDGXGWGR;;;AU)(A;;0x4;;;AU)"
             L"(A;OICI;0x1200a9;;;BU)",
             SHX_LOC_ANCESTOR_RIGHTS, NULL, FALSE, NULL);
    check_sd("C:\\ as the folder itself",
             L"O:SYD:(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICIIO;SDGXGWGR;;;AU)(A;;0x4;;;AU)"
             L"(A;OICI;0x1200a9;;;BU)",
             SHX_LOC_FOLDER_RIGHTS, NULL, TRUE, L"S-1-5-11");
}

/* A NULL DACL (FAT, exFAT, or set on purpose): everyone may do everything. */
static void test_null_dacl(void)
{
    SECURITY_DESCRIPTOR sd;
    PSID who = (PSID)1;
    ok(InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION) &&
           SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE),
       "cannot make a NULL DACL\n");
    ok(shx_loc_sd_writer(&sd, SHX_LOC_FILE_RIGHTS, NULL, &who) && who == NULL, "a NULL DACL was accepted\n");
}

/* ---- connectas.exe install --machine and regsvr32 /n /i:machine end to end ---- */

static BOOL hklm_registered(void)
{
    HKEY k;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLSID_KEY, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(k);
    return TRUE;
}

static BOOL stage(const WCHAR *dir)
{
    static const WCHAR *const files[] = {L"connectas.exe", L"connectas.dll", L"connectas-tray.exe"};
    WCHAR from[MAX_PATH], to[MAX_PATH];
    size_t i;
    CreateDirectoryW(dir, NULL);
    for (i = 0; i < ARRAYSIZE(files); i++) {
        _snwprintf(from, MAX_PATH, L"%ls\\%ls", bin, files[i]);
        from[MAX_PATH - 1] = 0;
        _snwprintf(to, MAX_PATH, L"%ls\\%ls", dir, files[i]);
        to[MAX_PATH - 1] = 0;
        if (!CopyFileW(from, to, FALSE))
            return FALSE;
    }
    return TRUE;
}

static DWORD run_cli(const WCHAR *dir, const WCHAR *args, th_proc_result *r)
{
    WCHAR cmd[MAX_PATH * 2];
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\\connectas.exe\" %ls", dir, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, NULL, 60000, r), "connectas.exe %ls did not run\n", args);
    return r->exit_code;
}

/* Refused for all users (dry run or not), with the reason and nothing written; still fine for this user. */
static void expect_refused(const char *what, const WCHAR *dir, const char *reason)
{
    static const WCHAR *const runs[] = {L"install --machine --dry-run", L"install --machine",
                                        L"install --machine --run-at-logon"};
    typedef HRESULT(WINAPI * install_fn)(BOOL, const WCHAR *);
    WCHAR dll[MAX_PATH];
    th_proc_result r;
    HMODULE module;
    size_t i;
    DWORD rc;

    th_push_context("%s", what);
    for (i = 0; i < ARRAYSIZE(runs); i++) {
        rc = run_cli(dir, runs[i], &r);
        ok(rc == 1, "%ls: exit %lu, want 1 (refused); out [%s]\n", runs[i], rc, r.out);
        ok(strstr(r.err, reason) && strstr(r.err, "Nothing changed") && strstr(r.err, "install --user"),
           "%ls: unclear refusal [%s]\n", runs[i], r.err);
        ok(!hklm_registered(), "%ls registered for all users\n", runs[i]);
        th_proc_result_free(&r);
    }
    rc = run_cli(dir, L"install --user --dry-run", &r);
    ok(rc == 0, "install --user --dry-run refused there: %lu [%s]\n", rc, r.err);
    th_proc_result_free(&r);

    /* regsvr32 /n /i:machine calls DllInstall(TRUE, L"machine") in the copy itself. */
    _snwprintf(dll, MAX_PATH, L"%ls\\connectas.dll", dir);
    dll[MAX_PATH - 1] = 0;
    module = LoadLibraryExW(dll, NULL, 0);
    ok(module != NULL, "cannot load %ls: %lu\n", dll, GetLastError());
    if (module) {
        install_fn install = (install_fn)(void (*)(void))GetProcAddress(module, "DllInstall");
        HRESULT hr = install ? install(TRUE, L"machine") : E_FAIL;
        ok(hr == E_ACCESSDENIED, "DllInstall(machine) from there: 0x%08lx, want E_ACCESSDENIED\n",
           (unsigned long)hr);
        ok(!hklm_registered(), "DllInstall registered it for all users\n");
        if (hklm_registered())
            shx_unregister(TRUE);
        FreeLibrary(module);
    }
    th_pop_context();
}

/* Gives Everyone full control of dir (effective on Windows; Wine derives the DACL from Unix modes, and
 * the rig made this folder world-writable, mode 0777, for that). */
static void open_to_everyone(const WCHAR *dir)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PACL dacl = NULL;
    BOOL present, def;
    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:(A;OICI;FA;;;WD)(A;OICI;FA;;;BA)",
                                                             SDDL_REVISION_1, &sd, NULL) &&
        GetSecurityDescriptorDacl(sd, &present, &dacl, &def))
        SetNamedSecurityInfoW((WCHAR *)dir, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, dacl,
                              NULL);
    LocalFree(sd);
}

static void test_writable_folder(void)
{
    WCHAR dir[MAX_PATH];
    _snwprintf(dir, MAX_PATH, L"%ls\\portable", writable_dir);
    dir[MAX_PATH - 1] = 0;
    ok(stage(dir), "cannot stage a portable copy in %ls: %lu\n", dir, GetLastError());
    open_to_everyone(dir);
    expect_refused("a folder everyone may change", dir, "can be changed by");

    /* Registered from there by an older version: still refused, the way out named, and it works. */
    {
        WCHAR dll[MAX_PATH];
        th_proc_result r;
        DWORD rc;
        _snwprintf(dll, MAX_PATH, L"%ls\\connectas.dll", dir);
        dll[MAX_PATH - 1] = 0;
        ok(shx_register(TRUE, dll) == S_OK, "cannot register the old way\n");
        rc = run_cli(dir, L"install --machine", &r);
        ok(rc == 1 && strstr(r.err, "uninstall --machine"), "old registration: exit %lu [%s]\n", rc, r.err);
        th_proc_result_free(&r);
        rc = run_cli(dir, L"uninstall --machine", &r);
        ok(rc == 0 && !hklm_registered(), "uninstall --machine from there: exit %lu [%s]\n", rc, r.err);
        th_proc_result_free(&r);
    }
}

static void test_drive(WCHAR letter, UINT type, const char *reason)
{
    WCHAR backing[MAX_PATH], dir[8];
    _snwprintf(backing, MAX_PATH, L"C:\\sec-drive-%lc", letter);
    backing[MAX_PATH - 1] = 0;
    CreateDirectoryW(backing, NULL);
    if (!test_define_wine_drive(letter, type, backing)) {
        /* Real Windows: a drive of that kind cannot be made by a test. */
        if (th_on_wine())
            ok(0, "could not define Wine drive %lc: of type %u\n", letter, type);
        else
            skip("no drive of type %u can be made here\n", type);
        return;
    }
    _snwprintf(dir, ARRAYSIZE(dir), L"%lc:", letter);
    ok(stage(dir), "cannot stage a portable copy on %ls: %lu\n", dir, GetLastError());
    expect_refused(type == DRIVE_REMOTE ? "a network drive" : "a removable drive", dir, reason);
}

/* A copy in %ProgramFiles%\ConnectAs-tests, as an administrator would put it there: accepted. Never the build
 * folder itself: whether that one is safe depends on where the checkout lives (under /tmp, mode 1777, Wine
 * shows a folder above it as writable by everyone). Under Wine the copy is inside this run's own prefix,
 * whose C:\Program Files and C:\ do not depend on the Unix folders above the prefix. */
static void test_safe_folder(void)
{
    static const WCHAR *const files[] = {L"connectas.exe", L"connectas.dll", L"connectas-tray.exe", NULL};
    static const WCHAR *const runs[] = {L"install --machine --dry-run",
                                        L"install --machine --run-at-logon --dry-run"};
    WCHAR dir[MAX_PATH];
    th_proc_result r;
    size_t i;
    DWORD rc;

    if (!test_stage_protected(bin, files, L"machine-location", dir, MAX_PATH)) {
        /* Windows without elevation: Program Files cannot be written, nor can anything be registered. */
        if (th_on_wine())
            ok(0, "cannot copy the build into %ls\n", dir);
        else
            skip("not an administrator: no copy in %ls\n", dir);
        return;
    }
    for (i = 0; i < ARRAYSIZE(runs); i++) {
        rc = run_cli(dir, runs[i], &r);
        ok(rc == 0 && strstr(r.out, "InprocServer32"),
           "%ls: a folder only administrators can change was refused: %lu [%s]\n", runs[i], rc, r.err);
        th_proc_result_free(&r);
    }
    ok(!hklm_registered(), "a dry run registered for all users\n");
    test_unstage_protected(dir);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 2) {
        ok(0, "usage: installer_machine_location WORLD_WRITABLE_DIR\n");
        return th_finish();
    }
    MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, writable_dir, MAX_PATH);
    th_exe_dir(bin, MAX_PATH);
    test_rule();
    test_null_dacl();
    test_safe_folder();
    test_writable_folder();
    test_drive(L'n', DRIVE_REMOTE, "network drive or share");
    test_drive(L'u', DRIVE_REMOVABLE, "removable media");
    return th_finish();
}
