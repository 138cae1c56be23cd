/* Installer test helpers: build paths, msiexec and connectas.exe runs, whole-machine snapshots and their
 * comparison. */
#include "insttest.h"

#include <shlobj.h>
#include <shobjidl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "proc.h"
#include "screenshot.h"

const WCHAR *const it_classes[6] = {L"*",     L"Directory", L"Directory\\Background",
                                    L"Drive", L"NetServer", L"NetShare"};

void it_path_arg(const char *arg, WCHAR *out, size_t cch)
{
    size_t n = 0;
    if (arg[0] == '/') {
        wcscpy(out, L"Z:");
        n = 2;
    }
    n += (size_t)MultiByteToWideChar(CP_UTF8, 0, arg, -1, out + n, (int)(cch - n)) - 1;
    for (size_t i = 0; i < n; i++)
        if (out[i] == L'/')
            out[i] = L'\\';
}

static void artifacts_dir(WCHAR *out, size_t cch)
{
    if (!GetEnvironmentVariableW(L"CONNECTAS_ARTIFACTS", out, (DWORD)cch) || !out[0])
        GetTempPathW((DWORD)cch, out);
    if (out[wcslen(out) - 1] == L'\\')
        out[wcslen(out) - 1] = 0;
}

static void log_path(const WCHAR *log, WCHAR *out, size_t cch)
{
    WCHAR dir[IT_PATH];
    artifacts_dir(dir, ARRAYSIZE(dir));
    _snwprintf(out, cch, L"%ls\\installer-%ls.log", dir, log);
    out[cch - 1] = 0;
}

DWORD it_msiexec(const WCHAR *args, const WCHAR *log)
{
    WCHAR cmd[4 * IT_PATH], sys[MAX_PATH], path[IT_PATH];
    GetSystemDirectoryW(sys, MAX_PATH);
    log_path(log, path, ARRAYSIZE(path));
    DeleteFileW(path);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\\msiexec.exe\" %ls /l*v \"%ls\"", sys, args, path);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    return test_run(cmd, 300000);
}

int it_log_has(const WCHAR *log, const WCHAR *text)
{
    WCHAR path[IT_PATH];
    HANDLE file;
    DWORD size, got = 0;
    BYTE *bytes;
    WCHAR *wide = NULL;
    int found = 0;

    log_path(log, path, ARRAYSIZE(path));
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return 0;
    size = GetFileSize(file, NULL);
    bytes = malloc((size_t)size + 4);
    if (bytes && ReadFile(file, bytes, size, &got, NULL) && got == size) {
        memset(bytes + size, 0, 4);
        if (size >= 2 && bytes[0] == 0xff && bytes[1] == 0xfe) {
            found = wcsstr((WCHAR *)(bytes + 2), text) != NULL;
        } else {
            int n = MultiByteToWideChar(CP_ACP, 0, (char *)bytes, (int)size, NULL, 0);
            wide = calloc((size_t)n + 1, sizeof(WCHAR));
            if (wide) {
                MultiByteToWideChar(CP_ACP, 0, (char *)bytes, (int)size, wide, n);
                found = wcsstr(wide, text) != NULL;
            }
        }
    }
    free(wide);
    free(bytes);
    CloseHandle(file);
    return found;
}

DWORD it_run_capture(const WCHAR *exe, const WCHAR *args, char **out)
{
    WCHAR cmd[4 * IT_PATH];
    th_proc_result r;
    size_t n;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    DWORD code;
    memset(&r, 0, sizeof(r));
    if (!th_run(cmd, NULL, 120000, &r)) {
        *out = _strdup("");
        th_proc_result_free(&r);
        return (DWORD)-1;
    }
    /* stdout, then stderr: the tests look for sentences in either. */
    n = strlen(r.out) + strlen(r.err) + 2;
    *out = malloc(n);
    if (*out)
        snprintf(*out, n, "%s%s", r.out, r.err);
    code = r.exit_code;
    th_proc_result_free(&r);
    return code;
}

/* ---------------------------------------------------------------- snapshots */

static void snap_hive(test_snapshot *s, HKEY root, const WCHAR *name)
{
    DWORD i;
    for (i = 0;; i++) {
        WCHAR sub[256];
        DWORD len = ARRAYSIZE(sub);
        if (RegEnumKeyExW(root, i, sub, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        test_snapshot_take(s, root, name, sub);
    }
}

static void snap_files(test_snapshot *s, WCHAR *path, size_t len, size_t cap)
{
    WIN32_FIND_DATAW fd;
    HANDLE h;
    WCHAR line[2 * IT_PATH];
    if (len + 3 >= cap)
        return;
    wcscpy(path + len, L"\\*");
    h = FindFirstFileExW(path, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    path[len] = 0;
    if (h == INVALID_HANDLE_VALUE)
        return;
    do {
        size_t n = wcslen(fd.cFileName);
        if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L"..") || len + 1 + n + 1 >= cap)
            continue;
        path[len] = L'\\';
        memcpy(path + len + 1, fd.cFileName, (n + 1) * sizeof(WCHAR));
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
            _snwprintf(line, ARRAYSIZE(line), L"D %ls", path);
            line[ARRAYSIZE(line) - 1] = 0;
            test_snapshot_add(s, line);
            if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT))
                snap_files(s, path, len + 1 + n, cap);
        } else {
            _snwprintf(line, ARRAYSIZE(line), L"F %ls|%llu", path,
                       ((unsigned long long)fd.nFileSizeHigh << 32) | fd.nFileSizeLow);
            line[ARRAYSIZE(line) - 1] = 0;
            test_snapshot_add(s, line);
        }
        path[len] = 0;
    } while (FindNextFileW(h, &fd));
    FindClose(h);
}

void it_snapshot(test_snapshot *s)
{
    static WCHAR path[4 * IT_PATH];
    DWORD start = GetTickCount();
    memset(s, 0, sizeof(*s));
    snap_hive(s, HKEY_CURRENT_USER, L"HKEY_CURRENT_USER");
    snap_hive(s, HKEY_LOCAL_MACHINE, L"HKEY_LOCAL_MACHINE");
    wcsncpy(path, L"C:", ARRAYSIZE(path) - 1);
    snap_files(s, path, 2, ARRAYSIZE(path));
    test_snapshot_sort(s);
    trace("snapshot: %zu lines in %lu ms\n", s->count, GetTickCount() - start);
}

/* The path of a "K path" or "D path" line, its length in *len; NULL for other lines. */
static const WCHAR *container(const WCHAR *line, size_t *len)
{
    if ((line[0] != L'K' && line[0] != L'D') || line[1] != L' ')
        return NULL;
    *len = wcslen(line + 2);
    return line + 2;
}

static BOOL below(const WCHAR *path, const WCHAR *root)
{
    size_t n = wcslen(root);
    return !_wcsnicmp(path, root, n) && (path[n] == 0 || path[n] == L'\\' || path[n] == L'|');
}

/* Whether line ("K path", "V path|…", "D path", "F path|…") lies in or below one of roots, each
 * given as a line of the container kind ("K …" covers keys and their values, "D …" folders and
 * their files). */
static BOOL below_any(const WCHAR *line, const WCHAR *const *roots, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        WCHAR kind = roots[i][0], other = kind == L'K' ? L'V' : L'F';
        if ((line[0] == kind || line[0] == other) && below(line + 2, roots[i] + 2))
            return TRUE;
    }
    return FALSE;
}

/* Whether any line of the sorted snapshot starts with prefix. */
static BOOL has_prefix(const test_snapshot *s, const WCHAR *prefix)
{
    size_t lo = 0, hi = s->count, n = wcslen(prefix);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (wcscmp(s->lines[mid], prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->count && !wcsncmp(s->lines[lo], prefix, n);
}

/* A key (or folder) line at i holding nothing: no value (file) in it or anywhere below it; empty
 * subkeys (subfolders) may be there. */
static BOOL empty_at(const test_snapshot *s, size_t i)
{
    WCHAR prefix[IT_PATH * 2];
    size_t len;
    const WCHAR *path = container(s->lines[i], &len);
    if (!path)
        return FALSE;
    if (s->lines[i][0] == L'D') {
        _snwprintf(prefix, ARRAYSIZE(prefix), L"F %ls\\", path);
        prefix[ARRAYSIZE(prefix) - 1] = 0;
        return !has_prefix(s, prefix);
    }
    _snwprintf(prefix, ARRAYSIZE(prefix), L"V %ls|", path);
    prefix[ARRAYSIZE(prefix) - 1] = 0;
    if (has_prefix(s, prefix))
        return FALSE;
    _snwprintf(prefix, ARRAYSIZE(prefix), L"V %ls\\", path);
    prefix[ARRAYSIZE(prefix) - 1] = 0;
    return !has_prefix(s, prefix);
}

/* Wine's own per-user state below HKCU\Software\Wine that programs change by running (Windows has
 * no such keys; no code of ConnectAs writes there): the code pages of its font cache, rewritten when
 * a process with another ANSI code page starts (connectas.exe and the tray declare UTF-8), with
 * their machine-wide twin; the store of "temporary" system parameters a GUI program sets; and the
 * key store its Credential Manager creates on the first credential call (the tray reads the saved
 * credentials; Windows keeps its vault always). */
static BOOL wine_state(const WCHAR *line)
{
    static const WCHAR *const roots[] = {
        L"K HKEY_CURRENT_USER\\Software\\Wine\\Fonts",
        L"K HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Hardware Profiles\\Current\\Software\\Fonts",
        L"K HKEY_CURRENT_USER\\Software\\Wine\\Temporary System Parameters",
        L"K HKEY_CURRENT_USER\\Software\\Wine\\Credential Manager",
    };
    return th_on_wine() && below_any(line, roots, ARRAYSIZE(roots));
}

/* An empty key or folder that the Windows Installer keeps for itself. */
static BOOL installer_bookkeeping(const WCHAR *line)
{
    static const WCHAR *const roots[] = {
        L"K HKEY_CURRENT_USER\\Software\\Microsoft\\Installer",
        L"K HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Installer",
        L"K HKEY_LOCAL_MACHINE\\Software\\Classes\\Installer",
        L"D C:\\windows\\Installer",
    };
    WCHAR appdata[IT_PATH], folder[IT_PATH + 4];
    const WCHAR *roaming[1] = {folder};
    if (below_any(line, roots, ARRAYSIZE(roots)))
        return TRUE;
    it_known_folder(&FOLDERID_RoamingAppData, appdata, ARRAYSIZE(appdata));
    _snwprintf(folder, ARRAYSIZE(folder), L"D %ls\\Microsoft\\Installer", appdata);
    folder[ARRAYSIZE(folder) - 1] = 0;
    return below_any(line, roaming, 1);
}

int it_compare(const test_snapshot *a, const test_snapshot *b)
{
    size_t i = 0, j = 0;
    int unexplained = 0, filtered = 0;
    while (i < a->count || j < b->count) {
        int c = i == a->count ? 1 : j == b->count ? -1 : wcscmp(a->lines[i], b->lines[j]);
        if (c == 0) {
            i++, j++;
        } else if (c < 0) {
            if (empty_at(a, i) || wine_state(a->lines[i])) {
                if (filtered++ < 40)
                    trace("explained: only before: %ls\n", a->lines[i]);
            } else {
                if (unexplained++ < 20)
                    trace("only before: %ls\n", a->lines[i]);
            }
            i++;
        } else {
            if ((empty_at(b, j) && installer_bookkeeping(b->lines[j])) || wine_state(b->lines[j])) {
                if (filtered++ < 40)
                    trace("explained: only after: %ls\n", b->lines[j]);
            } else {
                if (unexplained++ < 20)
                    trace("only after: %ls\n", b->lines[j]);
            }
            j++;
        }
    }
    if (filtered)
        trace("%d empty keys or folders differ as explained in insttest.h\n", filtered);
    return unexplained;
}

/* ---------------------------------------------------------------- small facts */

BOOL it_file_exists(const WCHAR *path)
{
    DWORD attr = GetFileAttributesW(path);
    return attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY);
}

BOOL it_dir_exists(const WCHAR *path)
{
    DWORD attr = GetFileAttributesW(path);
    return attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY);
}

BOOL it_key_exists(HKEY root, const WCHAR *key)
{
    HKEY k;
    if (RegOpenKeyExW(root, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(k);
    return TRUE;
}

BOOL it_read_sz(HKEY root, const WCHAR *key, const WCHAR *name, WCHAR *buf, DWORD cch)
{
    DWORD size = cch * sizeof(WCHAR);
    buf[0] = 0;
    if (RegGetValueW(root, key, name, RRF_RT_REG_SZ, NULL, buf, &size) == ERROR_SUCCESS)
        return TRUE;
    buf[0] = 0;
    return FALSE;
}

void it_known_folder(REFKNOWNFOLDERID id, WCHAR *out, size_t cch)
{
    WCHAR *path = NULL;
    out[0] = 0;
    if (SUCCEEDED(SHGetKnownFolderPath(id, 0, NULL, &path)) && path) {
        _snwprintf(out, cch, L"%ls", path);
        out[cch - 1] = 0;
    }
    CoTaskMemFree(path);
}

/* ---------------------------------------------------------------- the handler */

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

/* The handler's class found under <cls>\shellex\ContextMenuHandlers in root\Software\Classes, as
 * Explorer looks it up: a subkey whose default value (or name) is the CLSID. */
static BOOL handler_listed(HKEY root, const WCHAR *cls)
{
    WCHAR key[MAX_PATH], name[128], value[128];
    HKEY handlers;
    DWORD i, len;
    BOOL found = FALSE;
    _snwprintf(key, ARRAYSIZE(key), IT_CLASSES L"\\%ls\\shellex\\ContextMenuHandlers", cls);
    if (RegOpenKeyExW(root, key, 0, KEY_READ, &handlers) != ERROR_SUCCESS)
        return FALSE;
    for (i = 0; !found; i++) {
        len = ARRAYSIZE(name);
        if (RegEnumKeyExW(handlers, i, name, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        if (!it_read_sz(handlers, name, NULL, value, ARRAYSIZE(value)))
            wcsncpy(value, name, ARRAYSIZE(value) - 1);
        found = !_wcsicmp(value, IT_CLSID);
    }
    RegCloseKey(handlers);
    return found;
}

static void check_context_menu(IUnknown *unk, const char *how)
{
    IShellExtInit *init = NULL;
    IContextMenu *cm = NULL;
    HRESULT hr = IUnknown_QueryInterface(unk, &IID_IShellExtInit, (void **)&init);
    ok(hr == S_OK, "%s: no IShellExtInit: 0x%08lx\n", how, hr);
    hr = IUnknown_QueryInterface(unk, &IID_IContextMenu, (void **)&cm);
    ok(hr == S_OK, "%s: no IContextMenu: 0x%08lx\n", how, hr);
    if (init)
        IShellExtInit_Release(init);
    if (cm)
        IContextMenu_Release(cm);
}

void it_check_handler(HKEY root, BOOL machine, const WCHAR *dll)
{
    WCHAR value[IT_PATH];
    CLSID clsid;
    size_t i;

    ok(it_read_sz(root, IT_CLSID_KEY L"\\InprocServer32", NULL, value, IT_PATH) && !_wcsicmp(value, dll),
       "InprocServer32 is [%ls], want [%ls]\n", value, dll);
    ok(it_read_sz(root, IT_CLSID_KEY L"\\InprocServer32", L"ThreadingModel", value, IT_PATH) &&
           !wcscmp(value, L"Apartment"),
       "ThreadingModel is [%ls]\n", value);
    ok(it_read_sz(root, IT_CLSID_KEY, NULL, value, IT_PATH) && value[0],
       "the CLSID key has no description\n");
    for (i = 0; i < ARRAYSIZE(it_classes); i++)
        ok(handler_listed(root, it_classes[i]), "no handler under %ls\n", it_classes[i]);
    if (machine)
        ok(it_read_sz(HKEY_LOCAL_MACHINE, IT_APPROVED, IT_CLSID, value, IT_PATH) && value[0],
           "not in the Approved list\n");
    else
        ok(!it_read_sz(HKEY_LOCAL_MACHINE, IT_APPROVED, IT_CLSID, value, IT_PATH),
           "a per-user installation wrote the machine-wide Approved list\n");

    CLSIDFromString(IT_CLSID, &clsid);
    if (machine) {
        IUnknown *unk = NULL;
        HRESULT hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
        ok(hr == S_OK, "CoCreateInstance from the machine-wide rows: 0x%08lx\n", hr);
        if (unk) {
            check_context_menu(unk, "COM");
            IUnknown_Release(unk);
        }
        /* Unloaded again (DllCanUnloadNow), as Explorer would after a while: the uninstall that
         * follows must be able to delete the file. */
        CoFreeUnusedLibrariesEx(0, 0);
    } else {
        /* COM on Windows reads these rows; Wine's does not: load what they name, the way COM would. */
        HMODULE module = LoadLibraryExW(dll, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
        get_class_object_fn get =
            module ? (get_class_object_fn)(void (*)(void))GetProcAddress(module, "DllGetClassObject") : NULL;
        IClassFactory *factory = NULL;
        IUnknown *unk = NULL;
        HRESULT hr = get ? get(&clsid, &IID_IClassFactory, (void **)&factory) : E_FAIL;
        ok(module != NULL, "cannot load %ls: %lu\n", dll, GetLastError());
        ok(hr == S_OK, "DllGetClassObject: 0x%08lx\n", hr);
        if (factory) {
            hr = IClassFactory_CreateInstance(factory, NULL, &IID_IUnknown, (void **)&unk);
            ok(hr == S_OK, "CreateInstance: 0x%08lx\n", hr);
            if (unk) {
                check_context_menu(unk, "class factory");
                IUnknown_Release(unk);
            }
            IClassFactory_Release(factory);
        }
        /* Unloaded again: the uninstall that follows must be able to delete it. */
        if (module)
            FreeLibrary(module);
    }
}

void it_check_no_handler(HKEY root)
{
    size_t i;
    ok(!it_key_exists(root, IT_CLSID_KEY), "the CLSID key is left\n");
    for (i = 0; i < ARRAYSIZE(it_classes); i++)
        ok(!handler_listed(root, it_classes[i]), "a handler is left under %ls\n", it_classes[i]);
}

void it_link_target(const WCHAR *lnk, WCHAR *target, DWORD cch)
{
    IShellLinkW *link = NULL;
    IPersistFile *file = NULL;
    target[0] = 0;
    if (FAILED(
            CoCreateInstance(&CLSID_ShellLink, NULL, CLSCTX_INPROC_SERVER, &IID_IShellLinkW, (void **)&link)))
        return;
    if (SUCCEEDED(IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void **)&file)) &&
        SUCCEEDED(IPersistFile_Load(file, lnk, STGM_READ)))
        IShellLinkW_GetPath(link, target, (int)cch, NULL, SLGP_RAWPATH);
    if (file)
        IPersistFile_Release(file);
    IShellLinkW_Release(link);
}

/* ---------------------------------------------------------------- processes and windows */

HANDLE it_start(const WCHAR *exe, const WCHAR *args)
{
    WCHAR cmd[4 * IT_PATH];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!th_create_process(NULL, cmd, FALSE, 0, NULL, &si, &pi))
        return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

struct window_wait {
    const WCHAR *cls;
    DWORD pid;
    HWND found;
};

static int window_there(void *ctx)
{
    struct window_wait *w = ctx;
    HWND h = NULL;
    while ((h = FindWindowExW(NULL, h, w->cls, NULL)) != NULL) {
        DWORD pid = 0;
        GetWindowThreadProcessId(h, &pid);
        if (!w->pid || pid == w->pid) {
            w->found = h;
            return 1;
        }
    }
    return 0;
}

HWND it_wait_window(const WCHAR *cls, DWORD pid, DWORD timeout_ms)
{
    struct window_wait w = {cls, pid, NULL};
    th_wait_for(window_there, &w, timeout_ms);
    return w.found;
}
