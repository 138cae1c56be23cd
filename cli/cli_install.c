/* connectas.exe install/uninstall: registers a portable copy (shxreg), its Run value, and stops its tray
 * first. */
#include <windows.h>
#include <msi.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "cli_install.h"
#include "cli_package.h"
#include "shxloc.h"
#include "shxreg.h"
#include "handoff.h"
#include "sysdll.h" /* user32 only when install/uninstall needs it */
#include "winutil.h"

#define RUN_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Run"
#define RUN_VALUE L"ConnectAs"
#define DLL_NAME L"connectas.dll"
#define TRAY_NAME HANDOFF_TRAY_EXE
#define PATH_CCH 1024
#define LINE_CCH 4096
#define MAX_TRAYS 16

typedef struct inst {
    const cli_platform *plat; /* NULL: write to the standard handles */
    BOOL machine, dry;
    HKEY hive;
    const WCHAR *hive_name;
    const WCHAR *scope;       /* "for this user" / "for all users" */
    const WCHAR *option;      /* "--user" / "--machine" */
    WCHAR dir[PATH_CCH];      /* folder of this connectas.exe */
    WCHAR dll[PATH_CCH];      /* dir\connectas.dll */
    WCHAR tray[PATH_CCH];     /* dir\connectas-tray.exe */
    WCHAR reg_dll[PATH_CCH];  /* the registered DLL in this scope, "" when none */
    WCHAR reg_dir[PATH_CCH];  /* its folder */
    WCHAR run_data[PATH_CCH]; /* the Run value, "" when none */
    WCHAR run_exe[PATH_CCH];  /* the program it starts */
    BOOL failed;              /* a change failed */
} inst;

typedef struct tray_proc {
    DWORD pid;
    HWND hwnd;
    WCHAR image[PATH_CCH];
} tray_proc;

/* ---------------------------------------------------------------- output */

/* The standard handles, as main.c writes them, for a NULL ctx. */
static void write_std(int err, const WCHAR *text, const char *utf8)
{
    HANDLE h = GetStdHandle(err ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
    DWORD mode, done;
    if (!h || h == INVALID_HANDLE_VALUE)
        return;
    if (GetConsoleMode(h, &mode))
        WriteConsoleW(h, text, (DWORD)wcslen(text), &done, NULL);
    else
        WriteFile(h, utf8, (DWORD)strlen(utf8), &done, NULL);
}

static void say_v(const inst *in, int err, const WCHAR *fmt, va_list ap)
{
    WCHAR text[LINE_CCH];
    char *utf8;
    _vsnwprintf(text, LINE_CCH, fmt, ap);
    text[LINE_CCH - 1] = 0;
    utf8 = win_to_utf8(text);
    if (!utf8)
        return;
    if (in->plat && (err ? in->plat->write_err : in->plat->write_out))
        (err ? in->plat->write_err : in->plat->write_out)(in->plat->ctx, utf8);
    else
        write_std(err, text, utf8);
    free(utf8);
}

static void say(const inst *in, const WCHAR *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_v(in, 0, fmt, ap);
    va_end(ap);
}

static void complain(const inst *in, const WCHAR *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_v(in, 1, fmt, ap);
    va_end(ap);
}

/* "Access is denied. (…)" for a failed change, with the raw code for support. */
static void complain_hr(const inst *in, const WCHAR *what, HRESULT hr)
{
    WCHAR sentence[700];
    DWORD code = HRESULT_FACILITY(hr) == FACILITY_WIN32 ? HRESULT_CODE(hr) : (DWORD)hr;
    win_error_sentence(NULL, code, sentence, ARRAYSIZE(sentence));
    complain(in, L"connectas: %ls failed: %ls (0x%08lx)\n", what, sentence, (unsigned long)hr);
    if (code == ERROR_ACCESS_DENIED && in->machine)
        complain(in, L"connectas: changes for all users need administrator rights: run connectas.exe from an "
                     L"elevated prompt, or use --user.\n");
}

/* One registry change, in the same words for a dry run and a real one. */
static void on_change(void *ctx, const shx_reg_change *c)
{
    const inst *in = ctx;
    WCHAR data[LINE_CCH / 2];
    const WCHAR *name = c->name ? c->name : L"(default)";
    switch (c->op) {
    case SHX_REG_CREATE_KEY:
        say(in, L"  create key    %ls\n", c->key);
        break;
    case SHX_REG_SET_VALUE:
        if (c->type == REG_MULTI_SZ) {
            /* The list of keys registration created: shown joined by "; ". */
            const WCHAR *p;
            size_t len = 0;
            data[0] = 0;
            for (p = c->data; *p && len + 3 < ARRAYSIZE(data); p += wcslen(p) + 1) {
                len += (size_t)_snwprintf(data + len, ARRAYSIZE(data) - len, L"%ls%ls", len ? L"; " : L"", p);
                data[ARRAYSIZE(data) - 1] = 0;
                len = wcslen(data);
            }
        } else {
            _snwprintf(data, ARRAYSIZE(data), L"%ls", c->data ? c->data : L"");
            data[ARRAYSIZE(data) - 1] = 0;
        }
        say(in, L"  set value     %ls  %ls = \"%ls\"\n", c->key, name, data);
        break;
    case SHX_REG_DELETE_VALUE:
        say(in, L"  delete value  %ls  %ls\n", c->key, name);
        break;
    case SHX_REG_DELETE_KEY:
        say(in, L"  delete key    %ls\n", c->key);
        break;
    }
}

/* ---------------------------------------------------------------- paths */

static BOOL file_exists(const WCHAR *path)
{
    DWORD attr = GetFileAttributesW(path);
    return attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY);
}

static BOOL same_path(const WCHAR *a, const WCHAR *b)
{
    WCHAR fa[PATH_CCH], fb[PATH_CCH];
    if (!a[0] || !b[0])
        return FALSE;
    if (!GetFullPathNameW(a, PATH_CCH, fa, NULL) || !GetFullPathNameW(b, PATH_CCH, fb, NULL))
        return FALSE;
    return CompareStringOrdinal(fa, -1, fb, -1, TRUE) == CSTR_EQUAL;
}

/* Copies the folder part of path (without the last backslash) into dir. */
static void folder_of(const WCHAR *path, WCHAR *dir, size_t cch)
{
    const WCHAR *slash = wcsrchr(path, L'\\');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (n >= cch)
        n = cch - 1;
    memcpy(dir, path, n * sizeof(WCHAR));
    dir[n] = 0;
}

/* A program of ours: it lives in this copy's folder or in the registered copy's. */
static BOOL owned(const inst *in, const WCHAR *path)
{
    WCHAR dir[PATH_CCH];
    folder_of(path, dir, ARRAYSIZE(dir));
    return same_path(dir, in->dir) || (in->reg_dir[0] && same_path(dir, in->reg_dir));
}

/* Reads the Run value and the program it starts ("C:\…\connectas-tray.exe" --background). */
static void read_run(inst *in)
{
    DWORD size = sizeof(in->run_data) - sizeof(WCHAR);
    const WCHAR *p, *end;
    size_t n;
    in->run_data[0] = in->run_exe[0] = 0;
    if (RegGetValueW(in->hive, RUN_KEY, RUN_VALUE, RRF_RT_REG_SZ, NULL, in->run_data, &size) !=
        ERROR_SUCCESS) {
        in->run_data[0] = 0;
        return;
    }
    p = in->run_data;
    if (*p == L'"') {
        p++;
        end = wcschr(p, L'"');
    } else {
        end = wcschr(p, L' ');
    }
    n = end ? (size_t)(end - p) : wcslen(p);
    if (n >= ARRAYSIZE(in->run_exe))
        n = ARRAYSIZE(in->run_exe) - 1;
    memcpy(in->run_exe, p, n * sizeof(WCHAR));
    in->run_exe[n] = 0;
}

static BOOL inst_init(inst *in, void *ctx, int machine, int dry_run)
{
    WCHAR exe[PATH_CCH];
    DWORD n;
    memset(in, 0, sizeof(*in));
    in->plat = ctx;
    in->machine = machine ? TRUE : FALSE;
    in->dry = dry_run ? TRUE : FALSE;
    in->hive = machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    in->hive_name = machine ? L"HKEY_LOCAL_MACHINE" : L"HKEY_CURRENT_USER";
    in->scope = machine ? L"for all users" : L"for this user";
    in->option = machine ? L"--machine" : L"--user";
    n = GetModuleFileNameW(NULL, exe, PATH_CCH);
    if (!n || n >= PATH_CCH - 32) {
        complain(in, L"connectas: cannot tell which folder connectas.exe runs from\n");
        return FALSE;
    }
    folder_of(exe, in->dir, ARRAYSIZE(in->dir));
    _snwprintf(in->dll, PATH_CCH, L"%ls\\%ls", in->dir, DLL_NAME);
    _snwprintf(in->tray, PATH_CCH, L"%ls\\%ls", in->dir, TRAY_NAME);
    if (shx_registered_path(in->machine, in->reg_dll, PATH_CCH) != S_OK)
        in->reg_dll[0] = 0;
    folder_of(in->reg_dll, in->reg_dir, ARRAYSIZE(in->reg_dir));
    read_run(in);
    return TRUE;
}

/* ---------------------------------------------------------------- the MSI */

typedef UINT(WINAPI *enum_related_fn)(LPCWSTR, DWORD, DWORD, LPWSTR);
typedef UINT(WINAPI *product_info_fn)(LPCWSTR, LPCWSTR, LPWSTR, LPDWORD);

/* The MSI package of this scope, when it is installed: its ProductCode
 * (39 characters), version and folder. msi.dll is loaded from System32 only
 * (this copy may run from a stick that holds anything). */
static BOOL msi_installed(const inst *in, WCHAR *product, WCHAR *version, DWORD vcch, WCHAR *location,
                          DWORD lcch)
{
    HMODULE msi = LoadLibraryExW(L"msi.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    enum_related_fn enum_related;
    product_info_fn product_info;
    BOOL found = FALSE;

    version[0] = location[0] = product[0] = 0;
    if (!msi)
        return FALSE;
    enum_related = (enum_related_fn)(void (*)(void))GetProcAddress(msi, "MsiEnumRelatedProductsW");
    product_info = (product_info_fn)(void (*)(void))GetProcAddress(msi, "MsiGetProductInfoW");
    if (enum_related && product_info &&
        enum_related(in->machine ? CLI_MSI_UPGRADE_CODE_MACHINE : CLI_MSI_UPGRADE_CODE_USER, 0, 0, product) ==
            ERROR_SUCCESS) {
        DWORD len = vcch;
        found = TRUE;
        if (product_info(product, INSTALLPROPERTY_VERSIONSTRING, version, &len) != ERROR_SUCCESS)
            version[0] = 0;
        len = lcch;
        if (product_info(product, INSTALLPROPERTY_INSTALLLOCATION, location, &len) != ERROR_SUCCESS)
            location[0] = 0;
    }
    FreeLibrary(msi);
    return found;
}

/* ---------------------------------------------------------------- the tray */

static void add_trays_below(const inst *in, HWND parent, tray_proc *list, int *count)
{
    HWND h = NULL;
    while (*count < MAX_TRAYS && (h = sysdll_FindWindowExW(parent, h, HANDOFF_WINDOW_CLASS, NULL)) != NULL) {
        DWORD pid = 0, len = PATH_CCH;
        HANDLE proc;
        int i;
        BOOL seen = FALSE;
        sysdll_GetWindowThreadProcessId(h, &pid);
        /* Only this user's trays: another user's is not ours to stop (and would not take our command). */
        if (!pid || pid == GetCurrentProcessId() || !handoff_window_is_mine(h))
            continue;
        for (i = 0; i < *count; i++)
            seen |= list[i].pid == pid;
        if (seen)
            continue;
        proc = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        if (!proc)
            continue;
        if (QueryFullProcessImageNameW(proc, 0, list[*count].image, &len) && owned(in, list[*count].image)) {
            list[*count].pid = pid;
            list[*count].hwnd = h;
            (*count)++;
        }
        CloseHandle(proc);
    }
}

/* The running trays (any instance) started from this copy's or the registered copy's folder. */
static int find_trays(const inst *in, tray_proc *list)
{
    int count = 0;
    add_trays_below(in, NULL, list, &count);
    add_trays_below(in, HWND_MESSAGE, list, &count);
    return count;
}

/* Asks one tray to exit the way a second instance would ("exit" as WM_COPYDATA)
 * and waits, bounded, until its process has ended. Never terminates it. */
static BOOL stop_tray(const inst *in, const tray_proc *t)
{
    static const WCHAR exit_args[] = HANDOFF_VERB_EXIT; /* one argument: "exit\0" */
    HANDLE proc = OpenProcess(SYNCHRONIZE, FALSE, t->pid);
    BOOL ended;

    if (!proc) /* already gone */
        return TRUE;
    if (handoff_send(t->hwnd, exit_args, sizeof(exit_args), 5000) != ERROR_SUCCESS) {
        ended = WaitForSingleObject(proc, 0) == WAIT_OBJECT_0;
        if (!ended)
            complain(
                in,
                L"connectas: the tray (process %lu) did not accept the request to exit; close it from its "
                L"menu (Exit) and run uninstall again\n",
                (unsigned long)t->pid);
    } else {
        ended = WaitForSingleObject(proc, CLI_TRAY_EXIT_TIMEOUT_MS) == WAIT_OBJECT_0;
        if (ended)
            say(in, L"                it has ended\n");
        else
            complain(in,
                     L"connectas: the tray (process %lu) was asked to exit but is still running after %u "
                     L"seconds; close it from its menu (Exit) and run uninstall again\n",
                     (unsigned long)t->pid, CLI_TRAY_EXIT_TIMEOUT_MS / 1000);
    }
    CloseHandle(proc);
    return ended;
}

/* ---------------------------------------------------------------- the Run value */

static void set_run(inst *in)
{
    WCHAR data[PATH_CCH + 32];
    LSTATUS rc = ERROR_SUCCESS;
    _snwprintf(data, ARRAYSIZE(data), L"\"%ls\" --background", in->tray);
    data[ARRAYSIZE(data) - 1] = 0;
    if (!in->dry)
        rc = RegSetKeyValueW(in->hive, RUN_KEY, RUN_VALUE, REG_SZ, data,
                             (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
    if (rc != ERROR_SUCCESS) {
        complain_hr(in, L"writing the Run value", HRESULT_FROM_WIN32(rc));
        in->failed = TRUE;
        return;
    }
    say(in, L"  set value     %ls\\%ls  %ls = %ls\n", in->hive_name, RUN_KEY, RUN_VALUE, data);
}

static void delete_run(inst *in)
{
    LSTATUS rc = ERROR_SUCCESS;
    if (!in->dry) {
        rc = RegDeleteKeyValueW(in->hive, RUN_KEY, RUN_VALUE);
        if (rc == ERROR_FILE_NOT_FOUND)
            rc = ERROR_SUCCESS;
    }
    if (rc != ERROR_SUCCESS) {
        complain_hr(in, L"removing the Run value", HRESULT_FROM_WIN32(rc));
        in->failed = TRUE;
        return;
    }
    say(in, L"  delete value  %ls\\%ls  %ls\n", in->hive_name, RUN_KEY, RUN_VALUE);
}

/* ---------------------------------------------------------------- location (issue 12, finding 2) */

/* For all users only files no standard user can change: HKLM InprocServer32 loads connectas.dll into
 * every user's Explorer (administrators' included) and HKLM Run starts connectas-tray.exe at every
 * logon. A portable copy is never copied anywhere: one in Downloads, on a stick or on a share is
 * refused with what to do instead. */
static BOOL location_ok(const inst *in, BOOL run_at_logon)
{
    const WCHAR *names[] = {DLL_NAME, run_at_logon ? TRAY_NAME : NULL, NULL};
    WCHAR program_files[PATH_CCH];
    shx_loc_result res;
    HRESULT hr = shx_machine_location(in->dir, names, &res);
    if (hr == S_OK)
        return TRUE;
    if (FAILED(hr)) {
        complain_hr(in, L"checking the folder", hr);
        return FALSE;
    }
    switch (res.problem) {
    case SHX_LOC_NETWORK:
        complain(in,
                 L"connectas: %ls is on a network drive or share: whoever can change that share could "
                 L"replace what every user's Explorer loads.\n",
                 res.path);
        break;
    case SHX_LOC_REMOVABLE:
        complain(in,
                 L"connectas: %ls is on removable media (a USB stick, memory card or CD), which can be "
                 L"changed on another computer.\n",
                 res.path);
        break;
    case SHX_LOC_WRITABLE:
        complain(in,
                 L"connectas: %ls can be changed by %ls, which is not an administrator: registered for all "
                 L"users, a replaced file would run in every user's Explorer, administrators' included.\n",
                 res.path, res.who[0] ? res.who : L"another account");
        break;
    case SHX_LOC_NO_SECURITY:
        complain(in,
                 L"connectas: %ls is on a drive without access control (FAT or exFAT), so anyone can "
                 L"change it.\n",
                 res.path);
        break;
    default: {
        WCHAR sentence[700];
        win_error_sentence(NULL, res.error, sentence, ARRAYSIZE(sentence));
        complain(in, L"connectas: cannot tell who may change %ls: %ls\n", res.path, sentence);
        break;
    }
    }
    if (!ExpandEnvironmentStringsW(L"%ProgramFiles%", program_files, ARRAYSIZE(program_files)))
        _snwprintf(program_files, ARRAYSIZE(program_files), L"%ls", L"C:\\Program Files");
    complain(
        in,
        L"Nothing changed. For all users, ConnectAs registers only files that standard users cannot change, "
        L"on a local disk:\n"
        L"  - install it with the per-machine MSI, or\n"
        L"  - as an administrator, copy this folder to %ls\\ConnectAs and run \"connectas.exe install "
        L"--machine\" there.\n"
        L"\"connectas.exe install --user\" works from this folder (for you only).\n",
        program_files);
    if (in->reg_dll[0] && same_path(in->reg_dll, in->dll))
        complain(in, L"ConnectAs is already registered for all users from this folder (by an older version): "
                     L"remove that registration with \"connectas.exe uninstall --machine\".\n");
    return FALSE;
}

/* ---------------------------------------------------------------- install */

int cli_install(void *ctx, int machine, int dry_run, int run_at_logon)
{
    WCHAR product[40], version[64], location[PATH_CCH];
    BOOL registered_here = FALSE, run_here;
    inst in;
    HRESULT hr;

    if (!inst_init(&in, ctx, machine, dry_run))
        return CLI_EXIT_FAILURE;
    if (!file_exists(in.dll)) {
        complain(&in, L"connectas: %ls is missing: this copy of ConnectAs is incomplete. Nothing changed.\n",
                 in.dll);
        return CLI_EXIT_FAILURE;
    }
    if (run_at_logon && !file_exists(in.tray)) {
        complain(&in,
                 L"connectas: %ls is missing, so --run-at-logon has nothing to start. Nothing changed.\n",
                 in.tray);
        return CLI_EXIT_FAILURE;
    }
    if (msi_installed(&in, product, version, ARRAYSIZE(version), location, ARRAYSIZE(location))) {
        say(&in,
            L"ConnectAs %ls is already installed %ls by its installer (in %ls).\n"
            L"Nothing changed: that installation already provides the Explorer menu and the tray.\n"
            L"To use this copy instead, remove ConnectAs in Settings > Apps first.\n",
            version[0] ? version : L"", in.scope, location[0] ? location : L"its program folder");
        return CLI_EXIT_OK;
    }
    /* Also when this folder is registered already (by an older version): such a registration is unsafe. */
    if (in.machine && !location_ok(&in, run_at_logon))
        return CLI_EXIT_FAILURE;
    if (in.reg_dll[0]) {
        if (same_path(in.reg_dll, in.dll)) {
            registered_here = TRUE;
        } else if (file_exists(in.reg_dll)) {
            complain(&in,
                     L"connectas: ConnectAs is already registered %ls from another folder: %ls\n"
                     L"Nothing changed. Remove that registration first with \"connectas.exe uninstall %ls\" "
                     L"(from that "
                     L"folder or this one), then install again.\n",
                     in.scope, in.reg_dll, in.option);
            return CLI_EXIT_FAILURE;
        } else {
            say(&in,
                L"ConnectAs was registered %ls from %ls, which no longer exists; this copy replaces it.\n",
                in.scope, in.reg_dll);
        }
    }
    run_here = in.run_exe[0] && same_path(in.run_exe, in.tray);
    if (registered_here && (!run_at_logon || run_here)) {
        say(&in,
            L"ConnectAs is already registered %ls from this folder (%ls); the tray %ls at logon.\n"
            L"Nothing changed.\n",
            in.scope, in.dir, run_here ? L"starts" : L"does not start");
        return CLI_EXIT_OK;
    }

    if (in.dry)
        say(&in, L"Dry run: nothing is changed. \"connectas.exe install %ls\" would make these changes:\n",
            in.option);
    else
        say(&in, L"Registering ConnectAs %ls from %ls:\n", in.scope, in.dir);
    if (registered_here)
        say(&in, L"  (the Explorer menu is already registered from this folder)\n");
    else {
        hr = shx_register_ex(in.machine, in.dll, in.dry, on_change, &in);
        if (FAILED(hr)) {
            complain_hr(&in, L"registering the Explorer menu", hr);
            return CLI_EXIT_FAILURE;
        }
    }
    if (run_at_logon && !run_here)
        set_run(&in);
    {
        WCHAR pkg[2048]; /* the Windows 11 first-menu item (cli_package.c); its failure leaves the classic
                            item */
        cli_package_register(in.dir, in.machine, in.dry, pkg, ARRAYSIZE(pkg));
        say(&in, L"%ls", pkg);
    }
    say(&in, L"  files         none: nothing is copied; the program stays in %ls\n", in.dir);
    if (in.failed)
        return CLI_EXIT_FAILURE;
    if (!in.dry)
        say(&in,
            L"Done. Right-click a network folder in Explorer and choose \"Connect as…\"%ls.\n"
            L"To remove it again: connectas.exe uninstall %ls\n",
            run_at_logon ? L"; the tray starts at the next logon" : L"", in.option);
    return CLI_EXIT_OK;
}

/* ---------------------------------------------------------------- uninstall */

int cli_uninstall(void *ctx, int machine, int dry_run)
{
    WCHAR product[40], version[64], location[PATH_CCH];
    tray_proc trays[MAX_TRAYS];
    BOOL run_ours;
    int tray_count, i;
    inst in;
    HRESULT hr;

    if (!inst_init(&in, ctx, machine, dry_run))
        return CLI_EXIT_FAILURE;
    if (msi_installed(&in, product, version, ARRAYSIZE(version), location, ARRAYSIZE(location))) {
        complain(&in,
                 L"connectas: ConnectAs %ls was installed %ls by its installer (in %ls); what it registered "
                 L"belongs "
                 L"to that installation.\n"
                 L"Nothing changed. Remove it in Settings > Apps, or with: msiexec /x %ls\n",
                 version, in.scope, location[0] ? location : L"its program folder", product);
        return CLI_EXIT_FAILURE;
    }
    tray_count = find_trays(&in, trays);
    /* The Run value is ours when it starts a tray of this copy or of a copy that is gone. */
    run_ours = in.run_exe[0] && (owned(&in, in.run_exe) || !file_exists(in.run_exe));
    if (!in.reg_dll[0] && !run_ours && tray_count == 0) {
        say(&in, L"ConnectAs is not registered %ls; nothing to remove.\n", in.scope);
        return CLI_EXIT_OK;
    }

    if (in.dry)
        say(&in, L"Dry run: nothing is changed. \"connectas.exe uninstall %ls\" would make these changes:\n",
            in.option);
    else
        say(&in, L"Removing ConnectAs %ls:\n", in.scope);
    for (i = 0; i < tray_count; i++) {
        say(&in, L"  stop process  %lu %ls (asked to exit, never forced)\n", (unsigned long)trays[i].pid,
            trays[i].image);
        if (!in.dry && !stop_tray(&in, &trays[i]))
            in.failed = TRUE;
    }
    if (run_ours)
        delete_run(&in);
    {
        WCHAR pkg[2048]; /* the Windows 11 package first (cli_package.c), while its files still exist */
        if (cli_package_unregister(in.machine, in.dry, pkg, ARRAYSIZE(pkg)) == CLI_PKG_FAILED)
            in.failed = TRUE;
        say(&in, L"%ls", pkg);
    }
    hr = shx_unregister_ex(in.machine, in.dry, on_change, &in);
    if (FAILED(hr)) {
        complain_hr(&in, L"removing the Explorer menu", hr);
        in.failed = TRUE;
    }
    say(&in, L"  files         none: nothing is deleted; delete %ls yourself when it is no longer needed\n",
        in.reg_dir[0] ? in.reg_dir : in.dir);
    if (in.failed)
        return CLI_EXIT_FAILURE;
    if (!in.dry)
        say(&in, L"Done. Nothing of ConnectAs is registered %ls any more.\n", in.scope);
    return CLI_EXIT_OK;
}
