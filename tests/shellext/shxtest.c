/* Shell-extension test helpers: a hand-built IDataObject, HDROP/CIDA builders, ID lists, drives, PE and
 * registry facts. */
/* Longer than ~700 lines on purpose: the Explorer-host test library (data objects, ID lists, shell items,
 * drives, staging) shared by every shell-extension test. */
#include "shxtest.h"

#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "proc.h"
#include "screenshot.h"

/* ---------------------------------------------------------------- data object */

struct tdo {
    IDataObject IDataObject_iface;
    LONG ref;
    enum tdo_mode mode;
    LONG get_calls;
    int count;
    struct {
        CLIPFORMAT cf;
        HGLOBAL h;
    } formats[4];
};

static inline struct tdo *impl_from_IDataObject(IDataObject *iface)
{
    return CONTAINING_RECORD(iface, struct tdo, IDataObject_iface);
}

static HRESULT WINAPI tdo_QueryInterface(IDataObject *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDataObject)) {
        *out = iface;
        IDataObject_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG WINAPI tdo_AddRef(IDataObject *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IDataObject(iface)->ref);
}

static ULONG WINAPI tdo_Release(IDataObject *iface)
{
    struct tdo *obj = impl_from_IDataObject(iface);
    LONG ref = InterlockedDecrement(&obj->ref);
    int i;
    if (!ref) {
        for (i = 0; i < obj->count; i++)
            GlobalFree(obj->formats[i].h);
        free(obj);
    }
    return (ULONG)ref;
}

static HGLOBAL copy_global(HGLOBAL h)
{
    SIZE_T size = GlobalSize(h);
    HGLOBAL copy = GlobalAlloc(GMEM_MOVEABLE, size ? size : 1);
    void *src, *dst;
    if (!copy)
        return NULL;
    src = GlobalLock(h);
    dst = GlobalLock(copy);
    if (src && dst)
        memcpy(dst, src, size);
    GlobalUnlock(copy);
    GlobalUnlock(h);
    return copy;
}

static HRESULT WINAPI tdo_GetData(IDataObject *iface, FORMATETC *fmt, STGMEDIUM *medium)
{
    struct tdo *obj = impl_from_IDataObject(iface);
    int i;
    InterlockedIncrement(&obj->get_calls);
    if (!fmt || !medium)
        return E_INVALIDARG;
    if (obj->mode == TDO_FAIL)
        return E_UNEXPECTED;
    for (i = 0; i < obj->count; i++)
        if (obj->formats[i].cf == fmt->cfFormat && (fmt->tymed & TYMED_HGLOBAL))
            break;
    if (i == obj->count)
        return DV_E_FORMATETC;
    memset(medium, 0, sizeof(*medium));
    if (obj->mode == TDO_NULL_HGLOBAL) {
        medium->tymed = TYMED_HGLOBAL;
        return S_OK;
    }
    if (obj->mode == TDO_WRONG_TYMED) {
        IStream *stream = NULL;
        HRESULT hr = CreateStreamOnHGlobal(copy_global(obj->formats[i].h), TRUE, &stream);
        if (FAILED(hr))
            return hr;
        medium->tymed = TYMED_ISTREAM;
        medium->pstm = stream;
        return S_OK;
    }
    medium->tymed = TYMED_HGLOBAL;
    medium->hGlobal = copy_global(obj->formats[i].h);
    return medium->hGlobal ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI tdo_GetDataHere(IDataObject *iface, FORMATETC *fmt, STGMEDIUM *medium)
{
    (void)iface, (void)fmt, (void)medium;
    return E_NOTIMPL;
}

static HRESULT WINAPI tdo_QueryGetData(IDataObject *iface, FORMATETC *fmt)
{
    struct tdo *obj = impl_from_IDataObject(iface);
    int i;
    if (!fmt)
        return E_INVALIDARG;
    for (i = 0; i < obj->count; i++)
        if (obj->formats[i].cf == fmt->cfFormat)
            return S_OK;
    return DV_E_FORMATETC;
}

static HRESULT WINAPI tdo_GetCanonicalFormatEtc(IDataObject *iface, FORMATETC *in, FORMATETC *out)
{
    (void)iface, (void)in;
    if (out)
        out->ptd = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI tdo_SetData(IDataObject *iface, FORMATETC *fmt, STGMEDIUM *medium, BOOL release)
{
    (void)iface, (void)fmt, (void)medium, (void)release;
    return E_NOTIMPL;
}

static HRESULT WINAPI tdo_EnumFormatEtc(IDataObject *iface, DWORD dir, IEnumFORMATETC **out)
{
    (void)iface, (void)dir;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI tdo_DAdvise(IDataObject *iface, FORMATETC *fmt, DWORD flags, IAdviseSink *sink,
                                  DWORD *conn)
{
    (void)iface, (void)fmt, (void)flags, (void)sink, (void)conn;
    return OLE_E_ADVISENOTSUPPORTED;
}

static HRESULT WINAPI tdo_DUnadvise(IDataObject *iface, DWORD conn)
{
    (void)iface, (void)conn;
    return OLE_E_ADVISENOTSUPPORTED;
}

static HRESULT WINAPI tdo_EnumDAdvise(IDataObject *iface, IEnumSTATDATA **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return OLE_E_ADVISENOTSUPPORTED;
}

static const IDataObjectVtbl tdo_vtbl = {
    tdo_QueryInterface,        tdo_AddRef,  tdo_Release,       tdo_GetData, tdo_GetDataHere, tdo_QueryGetData,
    tdo_GetCanonicalFormatEtc, tdo_SetData, tdo_EnumFormatEtc, tdo_DAdvise, tdo_DUnadvise,   tdo_EnumDAdvise,
};

IDataObject *tdo_create(void)
{
    struct tdo *obj = calloc(1, sizeof(*obj));
    if (!obj)
        return NULL;
    obj->IDataObject_iface.lpVtbl = &tdo_vtbl;
    obj->ref = 1;
    return &obj->IDataObject_iface;
}

void tdo_set(IDataObject *iface, CLIPFORMAT cf, HGLOBAL h)
{
    struct tdo *obj = impl_from_IDataObject(iface);
    if (obj->count < (int)ARRAYSIZE(obj->formats)) {
        obj->formats[obj->count].cf = cf;
        obj->formats[obj->count].h = h;
        obj->count++;
    }
}

void tdo_set_mode(IDataObject *iface, enum tdo_mode mode)
{
    impl_from_IDataObject(iface)->mode = mode;
}

LONG tdo_get_calls(IDataObject *iface)
{
    return impl_from_IDataObject(iface)->get_calls;
}

CLIPFORMAT tdo_cf_idlist(void)
{
    return (CLIPFORMAT)RegisterClipboardFormatW(CFSTR_SHELLIDLIST);
}

HGLOBAL tdo_bytes(const void *data, SIZE_T size)
{
    HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, size ? size : 1);
    void *p;
    if (h && size && (p = GlobalLock(h))) {
        memcpy(p, data, size);
        GlobalUnlock(h);
    }
    return h;
}

HGLOBAL tdo_hdrop(const WCHAR *const *paths, size_t count, BOOL wide)
{
    size_t i, chars = 1, unit = wide ? sizeof(WCHAR) : 1, pos;
    HGLOBAL h;
    BYTE *p;
    DROPFILES *df;

    for (i = 0; i < count; i++)
        chars += wide ? wcslen(paths[i]) + 1
                      : (size_t)WideCharToMultiByte(CP_ACP, 0, paths[i], -1, NULL, 0, NULL, NULL);
    h = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, sizeof(DROPFILES) + chars * unit);
    if (!h || !(p = GlobalLock(h)))
        return h;
    df = (DROPFILES *)p;
    df->pFiles = sizeof(DROPFILES);
    df->fWide = wide;
    pos = sizeof(DROPFILES);
    for (i = 0; i < count; i++) {
        if (wide) {
            size_t n = wcslen(paths[i]) + 1;
            memcpy(p + pos, paths[i], n * sizeof(WCHAR));
            pos += n * sizeof(WCHAR);
        } else {
            pos +=
                (size_t)WideCharToMultiByte(CP_ACP, 0, paths[i], -1, (char *)p + pos, (int)chars, NULL, NULL);
        }
    }
    GlobalUnlock(h);
    return h;
}

HGLOBAL tdo_cida(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items, size_t count)
{
    size_t i, size = sizeof(UINT) * (count + 2) + ILGetSize(folder), pos;
    HGLOBAL h;
    BYTE *p;
    UINT value;

    for (i = 0; i < count; i++)
        size += ILGetSize(items[i]);
    h = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, size);
    if (!h || !(p = GlobalLock(h)))
        return h;
    value = (UINT)count;
    memcpy(p, &value, sizeof(value));
    pos = sizeof(UINT) * (count + 2);
    for (i = 0; i <= count; i++) {
        const ITEMIDLIST *id = i ? (const ITEMIDLIST *)items[i - 1] : (const ITEMIDLIST *)folder;
        UINT n = ILGetSize(id);
        value = (UINT)pos;
        memcpy(p + sizeof(UINT) * (i + 1), &value, sizeof(value));
        memcpy(p + pos, id, n);
        pos += n;
    }
    GlobalUnlock(h);
    return h;
}

/* ---------------------------------------------------------------- ID lists */

static BOOL named_as(PCIDLIST_ABSOLUTE pidl, const WCHAR *want)
{
    WCHAR *name = NULL;
    BOOL same = SUCCEEDED(SHGetNameFromIDList(pidl, SIGDN_DESKTOPABSOLUTEPARSING, &name)) && name &&
                !_wcsicmp(name, want);
    CoTaskMemFree(name);
    return same;
}

PIDLIST_ABSOLUTE test_path_idlist(const WCHAR *path)
{
    PIDLIST_ABSOLUTE pidl = ILCreateFromPathW(path);
    if (pidl && !named_as(pidl, path)) {
        WCHAR *name = NULL;
        SHGetNameFromIDList(pidl, SIGDN_DESKTOPABSOLUTEPARSING, &name);
        trace("%ls names back as %ls\n", path, name ? name : L"(nothing)");
        CoTaskMemFree(name);
    }
    return pidl;
}

PIDLIST_ABSOLUTE test_computer_idlist(void)
{
    PIDLIST_ABSOLUTE pidl = NULL;
    if (FAILED(SHGetSpecialFolderLocation(NULL, CSIDL_DRIVES, &pidl)))
        return NULL;
    return pidl;
}

/* Appends the item ID of a real local folder (or, for a last component with a
 * dot, a file) named component, made under C:\shx-ids for the purpose. */
static PIDLIST_ABSOLUTE append_item(PIDLIST_ABSOLUTE base, const WCHAR *component, BOOL last)
{
    WCHAR path[MAX_PATH];
    PIDLIST_ABSOLUTE local, joined;
    CreateDirectoryW(L"C:\\shx-ids", NULL);
    _snwprintf(path, ARRAYSIZE(path), L"C:\\shx-ids\\%ls", component);
    path[ARRAYSIZE(path) - 1] = 0;
    if (last && wcschr(component, L'.')) {
        HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    } else {
        CreateDirectoryW(path, NULL);
    }
    local = ILCreateFromPathW(path);
    if (!local) {
        ILFree(base);
        return NULL;
    }
    joined = ILCombine(base, ILFindLastID(local));
    ILFree(local);
    ILFree(base);
    return joined;
}

PIDLIST_ABSOLUTE test_unc_idlist(const WCHAR *unc)
{
    PIDLIST_ABSOLUTE pidl, drive_c;
    const WCHAR *p, *rest;
    BYTE buf[128];
    USHORT first;
    int slashes = 0, n;
    char text[20];

    if (!th_on_wine()) {
        pidl = ILCreateFromPathW(unc);
        return pidl;
    }
    /* Wine stand-in: My Computer / drive item with text "\\server[\share]" / simple IDs. */
    for (p = unc + 2; *p; p++)
        if (*p == L'\\' && ++slashes == 2)
            break;
    rest = *p ? p + 1 : p;
    n = WideCharToMultiByte(CP_ACP, 0, unc, (int)(p - unc), text, (int)sizeof(text) - 1, NULL, NULL);
    if (n <= 0 || p - unc > 19)
        return NULL;
    text[n] = 0;
    drive_c = ILCreateFromPathW(L"C:\\");
    if (!drive_c)
        return NULL;
    memset(buf, 0, sizeof(buf));
    first = drive_c->mkid.cb; /* the My Computer item */
    if (first + 25 + 2 > (int)sizeof(buf)) {
        ILFree(drive_c);
        return NULL;
    }
    memcpy(buf, drive_c, first);
    ILFree(drive_c);
    buf[first] = 25; /* cb of a drive item: type byte, 20 name bytes, padding */
    buf[first + 2] = 0x23;
    memcpy(buf + first + 3, text, (size_t)n + 1);
    pidl = ILClone((PCIDLIST_ABSOLUTE)buf);
    while (pidl && *rest) {
        WCHAR component[MAX_PATH];
        size_t len = wcscspn(rest, L"\\");
        if (len == 0 || len >= MAX_PATH)
            break;
        memcpy(component, rest, len * sizeof(WCHAR));
        component[len] = 0;
        rest += len;
        if (*rest)
            rest++;
        pidl = append_item(pidl, component, *rest == 0);
    }
    if (pidl && !named_as(pidl, unc)) {
        WCHAR *name = NULL;
        SHGetNameFromIDList(pidl, SIGDN_DESKTOPABSOLUTEPARSING, &name);
        trace("stand-in for %ls names as %ls\n", unc, name ? name : L"(nothing)");
        CoTaskMemFree(name);
        ILFree(pidl);
        return NULL;
    }
    return pidl;
}

/* ---------------------------------------------------------------- drives */

/* Wine's mount-manager request to define a drive (its private ABI since Wine 6). */
struct wine_unix_drive {
    ULONG size;
    ULONG type;
    ULONG fs_type;
    DWORD serial;
    ULONGLONG unix_dev;
    WCHAR letter;
    USHORT mount_point_offset;
    USHORT device_offset;
    USHORT label_offset;
};
#define WINE_IOCTL_DEFINE_UNIX_DRIVE CTL_CODE('m', 32, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

BOOL test_define_wine_drive(WCHAR letter, UINT type, const WCHAR *dir)
{
    char *(CDECL * unix_name)(const WCHAR *);
    char *unix_path;
    BYTE buf[2048];
    struct wine_unix_drive *req = (struct wine_unix_drive *)buf;
    HANDLE mgr;
    DWORD got;
    size_t n;
    BOOL done;
    WCHAR root[4] = {letter, L':', L'\\', 0};

    if (!th_on_wine())
        return FALSE;
    unix_name = (void *)GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name");
    if (!unix_name || !(unix_path = unix_name(dir)))
        return FALSE;
    n = strlen(unix_path) + 1;
    if (sizeof(*req) + n > sizeof(buf)) {
        HeapFree(GetProcessHeap(), 0, unix_path);
        return FALSE;
    }
    memset(buf, 0, sizeof(buf));
    req->size = (ULONG)(sizeof(*req) + n);
    req->type = type;
    req->letter = (WCHAR)towlower(letter);
    req->mount_point_offset = sizeof(*req);
    memcpy(buf + sizeof(*req), unix_path, n);
    HeapFree(GetProcessHeap(), 0, unix_path);
    mgr = CreateFileW(L"\\\\.\\MountPointManager", GENERIC_READ | GENERIC_WRITE,
                      FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (mgr == INVALID_HANDLE_VALUE)
        return FALSE;
    done = DeviceIoControl(mgr, WINE_IOCTL_DEFINE_UNIX_DRIVE, req, req->size, NULL, 0, &got, NULL);
    CloseHandle(mgr);
    return done && GetDriveTypeW(root) == type;
}

/* ---------------------------------------------------------------- COM rules */

ULONG test_com_identity(IUnknown *first, const IID *first_iid, IUnknown *second, const IID *const *foreign,
                        size_t count)
{
    IUnknown *unk1 = NULL, *unk2 = NULL;
    void *p = NULL;
    size_t i;
    HRESULT hr;
    ULONG ref;

    IUnknown_QueryInterface(first, &IID_IUnknown, (void **)&unk1);
    IUnknown_QueryInterface(second, &IID_IUnknown, (void **)&unk2);
    ok(unk1 && unk1 == unk2, "two IUnknowns: %p %p\n", (void *)unk1, (void *)unk2);
    if (unk1 && SUCCEEDED(IUnknown_QueryInterface(unk1, first_iid, &p))) {
        ok(p == first, "the first interface from IUnknown is %p, not %p\n", p, (void *)first);
        IUnknown_Release((IUnknown *)p);
    } else {
        ok(0, "IUnknown does not give the first interface back\n");
    }
    for (i = 0; i < count; i++) {
        p = (void *)0xdead;
        hr = IUnknown_QueryInterface(first, foreign[i], &p);
        ok(hr == E_NOINTERFACE && p == NULL, "foreign interface %zu: %#lx %p\n", i, hr, p);
    }
    hr = IUnknown_QueryInterface(first, first_iid, NULL);
    ok(hr == E_POINTER, "NULL out: %#lx\n", hr);
    ref = unk1 ? IUnknown_Release(unk1) : 0;
    if (unk2)
        IUnknown_Release(unk2);
    return ref;
}

/* ---------------------------------------------------------------- files and processes */

BOOL test_make_dir_with_file(const WCHAR *dir)
{
    WCHAR sub[MAX_PATH], file[MAX_PATH];
    HANDLE h;
    _snwprintf(sub, ARRAYSIZE(sub), L"%ls\\sub", dir);
    _snwprintf(file, ARRAYSIZE(file), L"%ls\\sub\\file.txt", dir);
    CreateDirectoryW(dir, NULL);
    CreateDirectoryW(sub, NULL);
    h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    CloseHandle(h);
    return TRUE;
}

void test_exe_dir(WCHAR *buf, DWORD cch)
{
    DWORD n = GetModuleFileNameW(NULL, buf, cch);
    while (n > 0 && buf[n - 1] != L'\\')
        n--;
    buf[n] = 0;
}

/* Copies src into dst (made here): the files names, or everything (subfolders too) when names is NULL. */
static BOOL copy_tree(const WCHAR *src, const WCHAR *const *names, const WCHAR *dst)
{
    WIN32_FIND_DATAW fd;
    WCHAR pattern[MAX_PATH], from[MAX_PATH], to[MAX_PATH];
    HANDLE find;
    BOOL good = TRUE;
    if (!CreateDirectoryW(dst, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        trace("cannot make %ls: %lu\n", dst, GetLastError());
        return FALSE;
    }
    for (; names && *names; names++) {
        _snwprintf(from, MAX_PATH, L"%ls\\%ls", src, *names);
        from[MAX_PATH - 1] = 0;
        _snwprintf(to, MAX_PATH, L"%ls\\%ls", dst, *names);
        to[MAX_PATH - 1] = 0;
        if (!CopyFileW(from, to, FALSE)) {
            trace("cannot copy %ls to %ls: %lu\n", from, to, GetLastError());
            return FALSE;
        }
    }
    if (names)
        return TRUE;
    _snwprintf(pattern, MAX_PATH, L"%ls\\*", src);
    pattern[MAX_PATH - 1] = 0;
    find = FindFirstFileW(pattern, &fd);
    if (find == INVALID_HANDLE_VALUE)
        return FALSE;
    do {
        if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L".."))
            continue;
        _snwprintf(from, MAX_PATH, L"%ls\\%ls", src, fd.cFileName);
        from[MAX_PATH - 1] = 0;
        _snwprintf(to, MAX_PATH, L"%ls\\%ls", dst, fd.cFileName);
        to[MAX_PATH - 1] = 0;
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            good = copy_tree(from, NULL, to) && good;
        else if (!CopyFileW(from, to, FALSE)) {
            trace("cannot copy %ls to %ls: %lu\n", from, to, GetLastError());
            good = FALSE;
        }
    } while (FindNextFileW(find, &fd));
    FindClose(find);
    return good;
}

static void delete_tree(const WCHAR *dir)
{
    WIN32_FIND_DATAW fd;
    WCHAR path[MAX_PATH];
    HANDLE find;
    _snwprintf(path, MAX_PATH, L"%ls\\*", dir);
    path[MAX_PATH - 1] = 0;
    find = FindFirstFileW(path, &fd);
    if (find != INVALID_HANDLE_VALUE) {
        do {
            if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L".."))
                continue;
            _snwprintf(path, MAX_PATH, L"%ls\\%ls", dir, fd.cFileName);
            path[MAX_PATH - 1] = 0;
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                delete_tree(path);
            else
                DeleteFileW(path);
        } while (FindNextFileW(find, &fd));
        FindClose(find);
    }
    RemoveDirectoryW(dir);
}

static void staging_root(WCHAR *out, DWORD cch)
{
    WCHAR base[MAX_PATH];
    DWORD n = GetEnvironmentVariableW(L"ProgramFiles", base, MAX_PATH);
    if (!n || n >= MAX_PATH)
        wcsncpy(base, L"C:\\Program Files", ARRAYSIZE(base) - 1);
    _snwprintf(out, cch, L"%ls\\ConnectAs-tests", base);
    out[cch - 1] = 0;
}

BOOL test_stage_protected(const WCHAR *src, const WCHAR *const *names, const WCHAR *name, WCHAR *out,
                          DWORD cch)
{
    WCHAR root[MAX_PATH];
    staging_root(root, MAX_PATH);
    _snwprintf(out, cch, L"%ls\\%ls", root, name);
    out[cch - 1] = 0;
    if (!CreateDirectoryW(root, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        trace("cannot make %ls (per-machine tests need an administrator): %lu\n", root, GetLastError());
        return FALSE;
    }
    delete_tree(out);
    if (copy_tree(src, names, out))
        return TRUE;
    delete_tree(out);
    return FALSE;
}

void test_unstage_protected(const WCHAR *dir)
{
    WCHAR root[MAX_PATH];
    delete_tree(dir);
    staging_root(root, MAX_PATH);
    RemoveDirectoryW(root); /* only when empty */
}

DWORD test_run(const WCHAR *cmdline, DWORD timeout_ms)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR *cmd = _wcsdup(cmdline);
    DWORD code = (DWORD)-1;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (cmd && th_create_process(NULL, cmd, FALSE, 0, NULL, &si, &pi)) {
        if (WaitForSingleObject(pi.hProcess, timeout_ms) == WAIT_OBJECT_0) {
            GetExitCodeProcess(pi.hProcess, &code);
        } else {
            trace("[%ls] still ran after %lu ms: ended\n", cmdline, timeout_ms);
            TerminateProcess(pi.hProcess, 255);
        }
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    } else if (cmd) {
        trace("could not start [%ls]: error %lu\n", cmdline, GetLastError());
    }
    free(cmd);
    return code;
}

BOOL test_retry_wine_start(HRESULT hr, int *attempt)
{
    if (hr != HRESULT_FROM_WIN32(ERROR_INTERNAL_ERROR) || !th_on_wine() || *attempt >= 3)
        return FALSE;
    trace("Wine could not start the stand-in tray (%#lx, try %d of 3); retrying this setup step\n", hr,
          *attempt);
    ++*attempt;
    return TRUE;
}

static int file_exists(void *ctx)
{
    return GetFileAttributesW((const WCHAR *)ctx) != INVALID_FILE_ATTRIBUTES;
}

BOOL test_wait_for_file(const WCHAR *path, DWORD timeout_ms)
{
    return th_wait_for(file_exists, (void *)path, timeout_ms) != 0;
}

WCHAR *test_read_text(const WCHAR *path)
{
    HANDLE file =
        CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *bytes;
    WCHAR *text = NULL;
    int n;
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(file, NULL);
    bytes = malloc(size + 1);
    if (bytes && ReadFile(file, bytes, size, &got, NULL) && got == size) {
        n = MultiByteToWideChar(CP_UTF8, 0, bytes, (int)size, NULL, 0);
        text = HeapAlloc(GetProcessHeap(), 0, ((size_t)n + 1) * sizeof(WCHAR));
        if (text) {
            MultiByteToWideChar(CP_UTF8, 0, bytes, (int)size, text, n);
            text[n] = 0;
        }
    }
    free(bytes);
    CloseHandle(file);
    return text;
}

/* ---------------------------------------------------------------- PE facts */

LONGLONG test_file_size(const WCHAR *path)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data))
        return -1;
    return ((LONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
}

/* File offset of rva, or 0 when no section holds it. */
static DWORD rva_to_offset(const IMAGE_NT_HEADERS64 *nt, DWORD rva)
{
    const IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);
    WORD i;
    for (i = 0; i < nt->FileHeader.NumberOfSections; i++, sec++)
        if (rva >= sec->VirtualAddress &&
            rva < sec->VirtualAddress + max(sec->Misc.VirtualSize, sec->SizeOfRawData))
            return rva - sec->VirtualAddress + sec->PointerToRawData;
    return 0;
}

int test_pe_imports(const WCHAR *path, char names[][64], int count)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0, off;
    BYTE *image;
    const IMAGE_DOS_HEADER *dos;
    const IMAGE_NT_HEADERS64 *nt;
    int found = -1;

    if (file == INVALID_HANDLE_VALUE)
        return -1;
    size = GetFileSize(file, NULL);
    image = size != INVALID_FILE_SIZE && size < 64 * 1024 * 1024 ? malloc(size) : NULL;
    if (!image || !ReadFile(file, image, size, &got, NULL) || got != size)
        goto cleanup;
    dos = (const IMAGE_DOS_HEADER *)image;
    if (size < sizeof(*dos) || dos->e_magic != IMAGE_DOS_SIGNATURE ||
        (DWORD)dos->e_lfanew > size - sizeof(*nt))
        goto cleanup;
    nt = (const IMAGE_NT_HEADERS64 *)(image + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE || nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        goto cleanup;
    found = 0;
    off = rva_to_offset(nt, nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].VirtualAddress);
    while (off && off + sizeof(IMAGE_IMPORT_DESCRIPTOR) <= size) {
        const IMAGE_IMPORT_DESCRIPTOR *desc = (const IMAGE_IMPORT_DESCRIPTOR *)(image + off);
        DWORD name_off;
        if (!desc->Name)
            break;
        name_off = rva_to_offset(nt, desc->Name);
        if (name_off && name_off < size && found < count) {
            snprintf(names[found], 64, "%.*s", (int)min(63, size - name_off), (const char *)image + name_off);
            found++;
        }
        off += sizeof(*desc);
    }
cleanup:
    free(image);
    CloseHandle(file);
    return found;
}

/* ---------------------------------------------------------------- registry snapshot */

void test_snapshot_add(test_snapshot *snap, const WCHAR *line)
{
    if (snap->count == snap->cap) {
        snap->cap = snap->cap ? snap->cap * 2 : 1024;
        snap->lines = realloc(snap->lines, snap->cap * sizeof(*snap->lines));
    }
    snap->lines[snap->count++] = _wcsdup(line);
}

void test_format_value(WCHAR *out, size_t cch, const WCHAR *key, const WCHAR *name, DWORD type,
                       const BYTE *data, DWORD size)
{
    size_t len;
    DWORD i;
    len = (size_t)_snwprintf(out, cch, L"V %ls|%ls|%lu|", key, name ? name : L"", type);
    if (len >= cch)
        len = cch - 1;
    if (type == REG_SZ || type == REG_EXPAND_SZ) {
        size_t chars = size / sizeof(WCHAR);
        for (i = 0; i < chars && ((const WCHAR *)data)[i] && len + 1 < cch; i++)
            out[len++] = ((const WCHAR *)data)[i];
    } else {
        for (i = 0; i < size && len + 3 < cch; i++)
            len += (size_t)_snwprintf(out + len, cch - len, L"%02x", data[i]);
    }
    out[len] = 0;
}

static void snap_key(test_snapshot *snap, HKEY key, WCHAR *path, size_t len, size_t cap)
{
    DWORD subkeys = 0, values = 0, max_name = 0, max_data = 0, i;
    WCHAR *line, *name;
    BYTE *data;
    size_t line_cap;

    line_cap = len + 40000;
    line = malloc(line_cap * sizeof(WCHAR));
    _snwprintf(line, line_cap, L"K %ls", path);
    line[line_cap - 1] = 0;
    test_snapshot_add(snap, line);
    RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, &max_name, &max_data, NULL, NULL);
    name = malloc((max_name + 2) * sizeof(WCHAR));
    data = malloc(max_data + 2);
    for (i = 0; i < values; i++) {
        DWORD nlen = max_name + 1, dlen = max_data + 1, type;
        if (RegEnumValueW(key, i, name, &nlen, NULL, &type, data, &dlen) != ERROR_SUCCESS)
            continue;
        test_format_value(line, line_cap, path, name, type, data, dlen);
        test_snapshot_add(snap, line);
    }
    free(data);
    free(name);
    free(line);
    for (i = 0; i < subkeys; i++) {
        WCHAR sub[256];
        DWORD slen = ARRAYSIZE(sub);
        HKEY child;
        size_t n;
        if (RegEnumKeyExW(key, i, sub, &slen, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            continue;
        n = wcslen(sub);
        if (len + 1 + n + 1 > cap)
            continue;
        path[len] = L'\\';
        memcpy(path + len + 1, sub, (n + 1) * sizeof(WCHAR));
        if (RegOpenKeyExW(key, sub, 0, KEY_READ, &child) == ERROR_SUCCESS) {
            snap_key(snap, child, path, len + 1 + n, cap);
            RegCloseKey(child);
        }
        path[len] = 0;
    }
}

void test_snapshot_take(test_snapshot *snap, HKEY root, const WCHAR *root_name, const WCHAR *path)
{
    static WCHAR full[8192];
    HKEY key;
    _snwprintf(full, ARRAYSIZE(full), L"%ls\\%ls", root_name, path);
    full[ARRAYSIZE(full) - 1] = 0;
    if (RegOpenKeyExW(root, path, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return;
    snap_key(snap, key, full, wcslen(full), ARRAYSIZE(full));
    RegCloseKey(key);
}

static int compare_lines(const void *a, const void *b)
{
    return wcscmp(*(WCHAR *const *)a, *(WCHAR *const *)b);
}

void test_snapshot_sort(test_snapshot *snap)
{
    if (snap->count)
        qsort(snap->lines, snap->count, sizeof(*snap->lines), compare_lines);
}

BOOL test_snapshot_has(const test_snapshot *snap, const WCHAR *line)
{
    size_t i;
    for (i = 0; i < snap->count; i++)
        if (!wcscmp(snap->lines[i], line))
            return TRUE;
    return FALSE;
}

BOOL test_snapshot_equal(const test_snapshot *a, const test_snapshot *b)
{
    size_t i = 0, j = 0;
    int shown = 0;
    while ((i < a->count || j < b->count) && shown < 10) {
        int c = i == a->count ? 1 : j == b->count ? -1 : wcscmp(a->lines[i], b->lines[j]);
        if (c == 0) {
            i++, j++;
        } else if (c < 0) {
            trace("only before: %ls\n", a->lines[i++]);
            shown++;
        } else {
            trace("only after: %ls\n", b->lines[j++]);
            shown++;
        }
    }
    return shown == 0;
}

void test_snapshot_free(test_snapshot *snap)
{
    size_t i;
    for (i = 0; i < snap->count; i++)
        free(snap->lines[i]);
    free(snap->lines);
    memset(snap, 0, sizeof(*snap));
}

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

BOOL test_create_handler(const WCHAR *dll, IShellExtInit **init, IContextMenu **cm)
{
    HMODULE module = LoadLibraryW(dll);
    get_class_object_fn get_class_object =
        module ? (get_class_object_fn)(void *)GetProcAddress(module, "DllGetClassObject") : NULL;
    IClassFactory *factory = NULL;
    CLSID clsid;
    *init = NULL;
    *cm = NULL;
    CLSIDFromString(TEST_CLSID_STRING, &clsid);
    if (get_class_object && SUCCEEDED(get_class_object(&clsid, &IID_IClassFactory, (void **)&factory)) &&
        SUCCEEDED(IClassFactory_CreateInstance(factory, NULL, &IID_IShellExtInit, (void **)init)) &&
        SUCCEEDED(IShellExtInit_QueryInterface(*init, &IID_IContextMenu, (void **)cm))) {
        IClassFactory_Release(factory);
        return TRUE;
    }
    if (*init)
        IShellExtInit_Release(*init);
    if (factory)
        IClassFactory_Release(factory);
    *init = NULL;
    return FALSE;
}
