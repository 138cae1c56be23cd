/* Shell-extension selection logic: classify paths, read CF_HDROP / CIDA blocks, quote and start the tray. */
#include "shxsel.h"

#include <string.h>

static const WCHAR tray_name[] = L"connectas-tray.exe";

static BOOL is_letter(WCHAR c)
{
    return (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z');
}

static WCHAR upper_ascii(WCHAR c)
{
    return (c >= L'a' && c <= L'z') ? (WCHAR)(c - L'a' + L'A') : c;
}

/* Characters that cannot appear in a server or share name. */
static BOOL bad_name_char(WCHAR c)
{
    return c < 0x20 || c == L'/' || c == L':' || c == L'*' || c == L'?' || c == L'"' || c == L'<' ||
           c == L'>' || c == L'|';
}

static BOOL has_prefix_ci(const WCHAR *s, size_t len, const WCHAR *prefix)
{
    size_t i;
    for (i = 0; prefix[i]; i++)
        if (i >= len || upper_ascii(s[i]) != upper_ascii(prefix[i]))
            return FALSE;
    return TRUE;
}

static UINT cached_drive_type(shx_selection *sel, shx_drive_type_fn fn, WCHAR letter)
{
    WCHAR root[4] = {upper_ascii(letter), L':', L'\\', 0};
    UINT slot = (UINT)(root[0] - L'A');
    UINT type;
    if (sel && sel->drive_cache[slot])
        return sel->drive_cache[slot] - 1;
    type = fn ? fn(root) : GetDriveTypeW(root);
    if (sel)
        sel->drive_cache[slot] = type + 1;
    return type;
}

static shx_path_kind classify_drive(const WCHAR *path, size_t len, shx_selection *sel, shx_drive_type_fn fn,
                                    const WCHAR **server, size_t *server_len)
{
    /* "X:" or "X:\…"; a drive-relative "X:dir" is not a place the shell hands out. */
    if (len < 2 || !is_letter(path[0]) || path[1] != L':' || (len > 2 && path[2] != L'\\'))
        return SHX_PATH_NONE;
    if (cached_drive_type(sel, fn, path[0]) != DRIVE_REMOTE)
        return SHX_PATH_NONE;
    *server = path;
    *server_len = 1;
    return SHX_PATH_REMOTE_DRIVE;
}

static shx_path_kind classify(const WCHAR *path, size_t len, shx_selection *sel, shx_drive_type_fn fn,
                              const WCHAR **server, size_t *server_len)
{
    size_t start, i, share;
    BOOL all_dots = TRUE;

    *server = NULL;
    *server_len = 0;
    if (!path || len == 0 || len > SHX_MAX_PATH)
        return SHX_PATH_NONE;
    if (has_prefix_ci(path, len, L"\\\\?\\UNC\\") || has_prefix_ci(path, len, L"\\\\.\\UNC\\"))
        start = 8;
    else if (has_prefix_ci(path, len, L"\\\\?\\"))
        return classify_drive(path + 4, len - 4, sel, fn, server, server_len);
    else if (len >= 2 && path[0] == L'\\' && path[1] == L'\\')
        start = 2;
    else
        return classify_drive(path, len, sel, fn, server, server_len);

    for (i = start; i < len && path[i] != L'\\'; i++) {
        if (bad_name_char(path[i]))
            return SHX_PATH_NONE;
        if (path[i] != L'.')
            all_dots = FALSE;
    }
    /* "\\.\device", "\\..\x" and "\\" are not servers. */
    if (i == start || i - start > SHX_MAX_SERVER || all_dots)
        return SHX_PATH_NONE;
    if (i + 1 < len) {
        /* A share follows; "\\server\\x" (empty share) is malformed. */
        for (share = i + 1; share < len && path[share] != L'\\'; share++)
            if (bad_name_char(path[share]))
                return SHX_PATH_NONE;
        if (share == i + 1)
            return SHX_PATH_NONE;
    }
    *server = path + start;
    *server_len = i - start;
    return SHX_PATH_UNC;
}

shx_path_kind shx_classify(const WCHAR *path, size_t len, shx_drive_type_fn drive_type, const WCHAR **server,
                           size_t *server_len)
{
    return classify(path, len, NULL, drive_type ? drive_type : GetDriveTypeW, server, server_len);
}

void shx_selection_init(shx_selection *sel, shx_drive_type_fn drive_type)
{
    memset(sel, 0, sizeof(*sel));
    sel->drive_type = drive_type ? drive_type : GetDriveTypeW;
}

void shx_selection_cleanup(shx_selection *sel)
{
    if (sel->first_path)
        HeapFree(GetProcessHeap(), 0, sel->first_path);
    sel->first_path = NULL;
    sel->count = 0;
    sel->server_len = 0;
    sel->kind = SHX_PATH_NONE;
    sel->rejected = TRUE;
}

/* Resets sel to the empty state, keeping its drive-type function and cache. */
static void selection_reset(shx_selection *sel)
{
    shx_selection_cleanup(sel);
    sel->rejected = FALSE;
}

static BOOL same_server(const shx_selection *sel, shx_path_kind kind, const WCHAR *server, size_t len)
{
    return kind == sel->kind && len == sel->server_len &&
           CompareStringOrdinal(server, (int)len, sel->server, (int)sel->server_len, TRUE) == CSTR_EQUAL;
}

BOOL shx_selection_add(shx_selection *sel, const WCHAR *path, size_t len)
{
    const WCHAR *server;
    size_t server_len;
    shx_path_kind kind;

    if (sel->rejected)
        return FALSE;
    kind = classify(path, len, sel, sel->drive_type, &server, &server_len);
    if (kind == SHX_PATH_NONE) {
        sel->rejected = TRUE;
        return FALSE;
    }
    if (sel->count == 0) {
        sel->first_path = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR));
        if (!sel->first_path) {
            sel->rejected = TRUE;
            return FALSE;
        }
        memcpy(sel->first_path, path, len * sizeof(WCHAR));
        sel->first_path[len] = 0;
        memcpy(sel->server, server, server_len * sizeof(WCHAR));
        sel->server[server_len] = 0;
        sel->server_len = server_len;
        sel->kind = kind;
    } else if (!same_server(sel, kind, server, server_len)) {
        sel->rejected = TRUE;
        return FALSE;
    }
    sel->count++;
    return TRUE;
}

BOOL shx_selection_eligible(const shx_selection *sel)
{
    return !sel->rejected && sel->count > 0 && sel->first_path;
}

HRESULT shx_read_hdrop(const void *data, SIZE_T size, shx_selection *sel)
{
    const BYTE *base = data;
    DROPFILES header;
    SIZE_T pos, start;
    size_t names = 0;

    if (!data || size < sizeof(DROPFILES))
        return E_FAIL;
    memcpy(&header, base, sizeof(header));
    pos = header.pFiles;
    if (pos < sizeof(DROPFILES) || pos >= size)
        return E_FAIL;

    if (header.fWide) {
        const WCHAR *text;
        SIZE_T count, i;
        if (pos % sizeof(WCHAR))
            return E_FAIL; /* a wide list at an odd offset is not what any shell writes */
        text = (const WCHAR *)(base + pos);
        count = (size - pos) / sizeof(WCHAR);
        for (i = 0;;) {
            start = i;
            while (i < count && text[i])
                i++;
            if (i == count)
                return E_FAIL; /* no terminator inside the block */
            if (i == start)
                break; /* the empty string ends the list */
            names++;
            if (!shx_selection_add(sel, text + start, i - start))
                return S_OK; /* decided: no item; the rest need not be read */
            i++;
        }
    } else {
        const char *text = (const char *)(base + pos);
        SIZE_T count = size - pos, i;
        for (i = 0;;) {
            WCHAR *wide;
            int wlen;
            BOOL more;
            start = i;
            while (i < count && text[i])
                i++;
            if (i == count)
                return E_FAIL;
            if (i == start)
                break;
            if (i - start > SHX_MAX_PATH)
                return E_FAIL;
            wlen = MultiByteToWideChar(CP_ACP, 0, text + start, (int)(i - start), NULL, 0);
            if (wlen <= 0)
                return E_FAIL;
            wide = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)wlen * sizeof(WCHAR));
            if (!wide)
                return E_OUTOFMEMORY;
            MultiByteToWideChar(CP_ACP, 0, text + start, (int)(i - start), wide, wlen);
            names++;
            more = shx_selection_add(sel, wide, (size_t)wlen);
            HeapFree(GetProcessHeap(), 0, wide);
            if (!more)
                return S_OK;
            i++;
        }
    }
    return names ? S_OK : E_FAIL;
}

/* TRUE when an item ID list starts at off, inside size bytes, with every item
 * holding at least a type byte and a terminator that fits. */
static BOOL idlist_fits(const BYTE *base, SIZE_T size, SIZE_T off, BOOL *empty)
{
    SIZE_T pos = off;
    USHORT cb;
    *empty = TRUE;
    for (;;) {
        if (pos > size || size - pos < sizeof(USHORT))
            return FALSE;
        memcpy(&cb, base + pos, sizeof(cb));
        if (cb == 0)
            return TRUE;
        if (cb < sizeof(USHORT) + 1 || cb > size - pos)
            return FALSE;
        *empty = FALSE;
        pos += cb;
    }
}

HRESULT shx_name_of_idlist(PCIDLIST_ABSOLUTE pidl, WCHAR **out)
{
    WCHAR *path = NULL;
    HRESULT hr;
    *out = NULL;
    if (!pidl)
        return E_INVALIDARG;
    /* The parsing name is read from the ID list through its parent folder; the
     * item itself is not opened, so no server is asked. For file-system and
     * network items it is the path (\\server\share\dir, \\server, N:\). */
    hr = SHGetNameFromIDList(pidl, SIGDN_DESKTOPABSOLUTEPARSING, out);
    if (SUCCEEDED(hr) && *out && (*out)[0] != L':')
        return S_OK;
    /* A virtual name ("::{CLSID}\…") may still stand for a file-system item
     * (a library or search result): ask for its path too. */
    if (SUCCEEDED(SHGetNameFromIDList(pidl, SIGDN_FILESYSPATH, &path)) && path) {
        CoTaskMemFree(*out);
        *out = path;
        return S_OK;
    }
    if (SUCCEEDED(hr) && !*out)
        hr = E_FAIL;
    return hr;
}

static HRESULT add_idlist(PCIDLIST_ABSOLUTE pidl, shx_selection *sel)
{
    WCHAR *name;
    HRESULT hr = shx_name_of_idlist(pidl, &name);
    if (FAILED(hr))
        return hr;
    shx_selection_add(sel, name, (size_t)lstrlenW(name));
    CoTaskMemFree(name);
    return S_OK;
}

static HRESULT add_child(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE child, shx_selection *sel)
{
    PIDLIST_ABSOLUTE full = ILCombine(folder, child);
    HRESULT hr;
    if (!full)
        return E_OUTOFMEMORY;
    hr = add_idlist(full, sel);
    ILFree(full);
    return hr;
}

HRESULT shx_read_folder(PCIDLIST_ABSOLUTE folder, shx_selection *sel)
{
    return add_idlist(folder, sel);
}

HRESULT shx_read_cida(const void *data, SIZE_T size, shx_selection *sel)
{
    const BYTE *base = data;
    UINT count, i, off;
    SIZE_T header;
    BOOL empty, folder_empty = TRUE;
    PCIDLIST_ABSOLUTE folder;
    WCHAR *folder_name = NULL;
    const WCHAR *server;
    size_t server_len;
    shx_path_kind folder_kind = SHX_PATH_NONE;
    HRESULT hr;

    if (!data || size < 2 * sizeof(UINT))
        return E_FAIL;
    memcpy(&count, base, sizeof(count));
    /* cidl, then cidl + 1 offsets (the folder and each item) must fit. */
    if (count == 0 || count > size / sizeof(UINT) - 2)
        return E_FAIL;
    header = (SIZE_T)(count + 2) * sizeof(UINT);
    for (i = 0; i <= count; i++) {
        memcpy(&off, base + sizeof(UINT) * (i + 1), sizeof(off));
        if (off < header || !idlist_fits(base, size, off, &empty))
            return E_FAIL;
        if (i > 0 && empty)
            return E_FAIL; /* an item must name something below the folder */
        if (i == 0)
            folder_empty = empty;
    }
    memcpy(&off, base + sizeof(UINT), sizeof(off));
    folder = (PCIDLIST_ABSOLUTE)(base + off);

    /* One or two items are simply named. For more: the children of a UNC or
     * mapped-network folder are on its server, so naming the folder and the
     * first child is enough, and a local folder's children are local. The
     * desktop and virtual folders (Network, This PC, search results) hold items
     * from anywhere: those are named one by one. */
    if (count > 2 && !folder_empty && SUCCEEDED(shx_name_of_idlist(folder, &folder_name))) {
        folder_kind =
            classify(folder_name, (size_t)lstrlenW(folder_name), sel, sel->drive_type, &server, &server_len);
        if (folder_kind == SHX_PATH_NONE && is_letter(folder_name[0]) && folder_name[1] == L':') {
            CoTaskMemFree(folder_name);
            sel->rejected = TRUE;
            return S_OK;
        }
    }

    if (folder_kind != SHX_PATH_NONE) {
        memcpy(&off, base + 2 * sizeof(UINT), sizeof(off));
        hr = add_child(folder, (PCUIDLIST_RELATIVE)(base + off), sel);
        if (SUCCEEDED(hr) && !sel->rejected) {
            /* The first child must indeed be on the folder's server. */
            if (same_server(sel, folder_kind, server, server_len))
                sel->count += count - 1;
            else
                sel->rejected = TRUE;
        }
        CoTaskMemFree(folder_name);
        return SUCCEEDED(hr) ? S_OK : E_FAIL;
    }
    CoTaskMemFree(folder_name);

    for (i = 1; i <= count && !sel->rejected; i++) {
        memcpy(&off, base + sizeof(UINT) * (i + 1), sizeof(off));
        hr = add_child(folder, (PCUIDLIST_RELATIVE)(base + off), sel);
        if (FAILED(hr))
            return E_FAIL;
    }
    return S_OK;
}

static HRESULT read_format(IDataObject *obj, CLIPFORMAT format, shx_selection *sel,
                           HRESULT (*reader)(const void *, SIZE_T, shx_selection *))
{
    FORMATETC fmt = {format, NULL, DVASPECT_CONTENT, -1, TYMED_HGLOBAL};
    STGMEDIUM medium;
    HRESULT hr;
    void *data;

    memset(&medium, 0, sizeof(medium));
    hr = IDataObject_GetData(obj, &fmt, &medium);
    if (FAILED(hr))
        return hr;
    hr = E_FAIL;
    if (medium.tymed == TYMED_HGLOBAL && medium.hGlobal) {
        SIZE_T size = GlobalSize(medium.hGlobal);
        data = GlobalLock(medium.hGlobal);
        if (data) {
            hr = reader(data, size, sel);
            GlobalUnlock(medium.hGlobal);
        }
    }
    ReleaseStgMedium(&medium);
    return hr;
}

HRESULT shx_read_dataobject(IDataObject *obj, shx_selection *sel)
{
    static CLIPFORMAT cf_idlist;
    HRESULT hr;

    if (!obj)
        return E_INVALIDARG;
    if (!cf_idlist)
        cf_idlist = (CLIPFORMAT)RegisterClipboardFormatW(CFSTR_SHELLIDLIST);
    if (cf_idlist) {
        hr = read_format(obj, cf_idlist, sel, shx_read_cida);
        if (SUCCEEDED(hr))
            return hr;
        selection_reset(sel);
    }
    hr = read_format(obj, CF_HDROP, sel, shx_read_hdrop);
    if (FAILED(hr)) {
        shx_selection_cleanup(sel);
        return E_FAIL;
    }
    return hr;
}

size_t shx_append_quoted(WCHAR *out, size_t len, size_t cap, const WCHAR *arg)
{
    size_t start = len, slashes, k;
    const WCHAR *p;

#define PUT(c)                                                                                               \
    do {                                                                                                     \
        if (len + 1 >= cap)                                                                                  \
            goto overflow;                                                                                   \
        out[len++] = (c);                                                                                    \
    } while (0)

    PUT(L'"');
    for (p = arg;; p++) {
        for (slashes = 0; *p == L'\\'; p++)
            slashes++;
        if (!*p) {
            /* Backslashes before the closing quote are doubled. */
            for (k = 0; k < 2 * slashes; k++)
                PUT(L'\\');
            break;
        }
        if (*p == L'"') {
            for (k = 0; k < 2 * slashes + 1; k++)
                PUT(L'\\');
        } else {
            for (k = 0; k < slashes; k++)
                PUT(L'\\');
        }
        PUT(*p);
    }
    PUT(L'"');
    out[len] = 0;
    return len;
#undef PUT

overflow:
    if (cap > start)
        out[start] = 0;
    return (size_t)-1;
}

static size_t append_text(WCHAR *out, size_t len, size_t cap, const WCHAR *text)
{
    size_t n = (size_t)lstrlenW(text);
    if (len == (size_t)-1 || n >= cap - len)
        return (size_t)-1;
    memcpy(out + len, text, (n + 1) * sizeof(WCHAR));
    return len + n;
}

HRESULT shx_launch_tray(HMODULE module, const WCHAR *path, int nshow)
{
    const size_t cap = SHX_MAX_PATH + 1;
    WCHAR *exe, *dir, *cmd;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD n, dir_len;
    size_t len;
    HRESULT hr = S_OK;

    if (!path || !*path)
        return E_INVALIDARG;
    exe = HeapAlloc(GetProcessHeap(), 0, 3 * cap * sizeof(WCHAR));
    if (!exe)
        return E_OUTOFMEMORY;
    dir = exe + cap;
    cmd = dir + cap;

    n = GetModuleFileNameW(module, exe, (DWORD)cap);
    if (n == 0 || n >= cap) {
        hr = n ? HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) : HRESULT_FROM_WIN32(GetLastError());
        goto cleanup;
    }
    for (dir_len = n; dir_len > 0 && exe[dir_len - 1] != L'\\'; dir_len--)
        ;
    if (dir_len == 0) {
        hr = E_UNEXPECTED;
        goto cleanup;
    }
    exe[dir_len] = 0;
    memcpy(dir, exe, (dir_len + 1) * sizeof(WCHAR));
    /* "C:\dir\" → "C:\dir", but a root keeps its backslash ("C:\"). */
    if (dir_len > 3)
        dir[dir_len - 1] = 0;
    if (append_text(exe, dir_len, cap, tray_name) == (size_t)-1) {
        hr = HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
        goto cleanup;
    }

    /* argv[0] is quoted plainly (CommandLineToArgvW takes it up to the next
     * quote; a path holds none); the path gets the full quoting rules. */
    len = append_text(cmd, 0, cap, L"\"");
    len = append_text(cmd, len, cap, exe);
    len = append_text(cmd, len, cap, L"\" connect ");
    if (len != (size_t)-1)
        len = shx_append_quoted(cmd, len, cap, path);
    if (len == (size_t)-1) {
        hr = HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
        goto cleanup;
    }

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESHOWWINDOW;
    si.wShowWindow = (WORD)nshow;
    if (!CreateProcessW(exe, cmd, NULL, NULL, FALSE, CREATE_DEFAULT_ERROR_MODE, NULL, dir, &si, &pi)) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        if (SUCCEEDED(hr))
            hr = E_FAIL;
        goto cleanup;
    }
    /* The tray shows its window itself: let it take the foreground from us. */
    AllowSetForegroundWindow(pi.dwProcessId);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

cleanup:
    HeapFree(GetProcessHeap(), 0, exe);
    return hr;
}
