/* Shell-extension selection logic: classify paths, read CF_HDROP / CIDA blocks, quote and start the tray. */
/* Longer than ~700 lines on purpose: every way Explorer hands a selection in (CF_HDROP, CIDA/ID lists, shell
 * items, a folder background) must reach the one decision (shx_decide_*) through readers that share the
 * cheap-decline cache; split up they would need each other's private state. */
#include "shxsel.h"

#include <string.h>

#include "handoff.h" /* constants only: the DLL links none of common/win */
#include "unc.h"

static const WCHAR tray_name[] = HANDOFF_TRAY_EXE;

static BOOL is_letter(WCHAR c)
{
    return (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z');
}

static WCHAR upper_ascii(WCHAR c)
{
    return (c >= L'a' && c <= L'z') ? (WCHAR)(c - L'a' + L'A') : c;
}

UINT shx_drive_cache_get(shx_drive_cache *cache, WCHAR letter, DWORD now)
{
    WCHAR root[4] = {upper_ascii(letter), L':', L'\\', 0};
    LONG64 seen;
    UINT slot, type;
    if (root[0] < L'A' || root[0] > L'Z')
        return DRIVE_NO_ROOT_DIR;
    slot = (UINT)(root[0] - L'A');
    /* One 64-bit word per drive (type + 1 above, the tick below): read and written whole, so
     * Explorer's several UI threads never see half an entry. */
    seen = InterlockedCompareExchange64(&cache->slot[slot], 0, 0);
    if (seen && now - (DWORD)seen < cache->ttl_ms)
        return (UINT)(seen >> 32) - 1;
    type = cache->fn(root);
    InterlockedExchange64(&cache->slot[slot], ((LONG64)(type + 1) << 32) | now);
    return type;
}

/* GetDriveTypeW asks Wine's mount manager (200-600 us) and, on Windows, the
 * volume; a mapping changes rarely and never between two right-clicks a
 * second apart. */
static shx_drive_cache process_drives = {GetDriveTypeW, SHX_DRIVE_CACHE_MS, {0}};

UINT WINAPI shx_cached_drive_type(const WCHAR *root)
{
    return root ? shx_drive_cache_get(&process_drives, root[0], GetTickCount()) : DRIVE_NO_ROOT_DIR;
}

static UINT cached_drive_type(shx_selection *sel, shx_drive_type_fn fn, WCHAR letter)
{
    WCHAR root[4] = {upper_ascii(letter), L':', L'\\', 0};
    UINT slot = (UINT)(root[0] - L'A');
    UINT type;
    if (sel && sel->drive_cache[slot])
        return sel->drive_cache[slot] - 1;
    type = fn ? fn(root) : shx_cached_drive_type(root);
    if (sel)
        sel->drive_cache[slot] = type + 1;
    return type;
}

/* UTF-16 → UTF-8 for the core (the thin adapter): len units of s into out
 * (cap bytes, NUL added). Returns the byte count, or -1 for a lone surrogate,
 * an embedded NUL or no room: such a path is never ours. */
static int utf8_from_utf16(const WCHAR *s, size_t len, char *out, size_t cap)
{
    size_t i, k = 0;
    for (i = 0; i < len; i++) {
        unsigned long c = s[i];
        if (c == 0)
            return -1;
        if (c >= 0xD800 && c <= 0xDFFF) {
            if (c > 0xDBFF || i + 1 >= len || s[i + 1] < 0xDC00 || s[i + 1] > 0xDFFF)
                return -1;
            c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00u);
        }
        if (cap - k < 5)
            return -1;
        if (c < 0x80) {
            out[k++] = (char)c;
        } else if (c < 0x800) {
            out[k++] = (char)(0xC0 | (c >> 6));
            out[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[k++] = (char)(0xE0 | (c >> 12));
            out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[k++] = (char)(0xF0 | (c >> 18));
            out[k++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[k] = 0;
    return (int)k;
}

/* A judged path: its kind, its server (UTF-8; the drive letter for a drive)
 * and where the server stands in the path. */
typedef struct judged {
    shx_path_kind kind;
    char server[SHX_MAX_SERVER + 1];
    size_t server_at, server_len;
    WCHAR *handoff; /* HeapAlloc'd when asked for: what the tray is given */
} judged;

/* The shared rule (common/core unc_place_parse, docs/paths.md) on a UTF-16
 * path: the cheapest fact first (a drive that is not a network drive needs no
 * parsing), then the core's parser on the UTF-8 form. */
static shx_path_kind judge(const WCHAR *path, size_t len, shx_selection *sel, shx_drive_type_fn fn,
                           judged *out, BOOL want_handoff)
{
    char small[1024], *buf = small;
    size_t cap = sizeof(small);
    unc_place place;
    int n;

    memset(out, 0, sizeof(*out));
    if (!path || len == 0 || len > SHX_MAX_PATH)
        return SHX_PATH_NONE;
    if (len >= 2 && is_letter(path[0]) && path[1] == L':' &&
        cached_drive_type(sel, fn, path[0]) != DRIVE_REMOTE)
        return SHX_PATH_NONE;
    if (len * 3 + 1 > cap) {
        cap = len * 3 + 1;
        buf = HeapAlloc(GetProcessHeap(), 0, cap);
        if (!buf)
            return SHX_PATH_NONE;
    }
    n = utf8_from_utf16(path, len, buf, cap);
    if (n >= 0 && unc_place_parse(buf, &place, NULL) == CA_OK) {
        if (place.drive) {
            out->kind = SHX_PATH_REMOTE_DRIVE;
            out->server[0] = place.drive;
            out->server_len = 1;
        } else {
            size_t k = strlen(place.unc.server);
            out->kind = SHX_PATH_UNC;
            memcpy(out->server, place.unc.server, k + 1); /* at most 255 ASCII characters (core) */
            out->server_len = k;
            /* "\\?\UNC\server" or "\\server" (any slashes): the server is ASCII, so its offset is the same.
             */
            out->server_at = len > 4 && path[2] == L'?' ? 8 : 2;
        }
        if (want_handoff) {
            const char *text = place.drive ? buf : place.unc.full;
            int wlen = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
            out->handoff = wlen > 0 ? HeapAlloc(GetProcessHeap(), 0, (SIZE_T)wlen * sizeof(WCHAR)) : NULL;
            if (!out->handoff ||
                !MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, out->handoff, wlen)) {
                if (out->handoff)
                    HeapFree(GetProcessHeap(), 0, out->handoff);
                out->handoff = NULL;
                out->kind = SHX_PATH_NONE;
            }
        }
        unc_place_cleanup(&place);
    }
    if (buf != small)
        HeapFree(GetProcessHeap(), 0, buf);
    return out->kind;
}

static shx_path_kind classify(const WCHAR *path, size_t len, shx_selection *sel, shx_drive_type_fn fn,
                              const WCHAR **server, size_t *server_len)
{
    judged j;
    *server = NULL;
    *server_len = 0;
    if (judge(path, len, sel, fn, &j, FALSE) != SHX_PATH_NONE) {
        *server = path + j.server_at;
        *server_len = j.server_len;
    }
    return j.kind;
}

shx_path_kind shx_classify(const WCHAR *path, size_t len, shx_drive_type_fn drive_type, const WCHAR **server,
                           size_t *server_len)
{
    return classify(path, len, NULL, drive_type ? drive_type : shx_cached_drive_type, server, server_len);
}

void shx_selection_init(shx_selection *sel, shx_drive_type_fn drive_type)
{
    memset(sel, 0, sizeof(*sel));
    sel->drive_type = drive_type ? drive_type : shx_cached_drive_type;
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

/* One server: equal ignoring ASCII case (R2, unc_server_equal), and the same kind. */
static BOOL same_server(const shx_selection *sel, const judged *j)
{
    return j->kind == sel->kind && unc_server_equal(j->server, sel->server);
}

BOOL shx_selection_add(shx_selection *sel, const WCHAR *path, size_t len)
{
    judged j;

    if (sel->rejected)
        return FALSE;
    if (judge(path, len, sel, sel->drive_type, &j, sel->count == 0) == SHX_PATH_NONE) {
        sel->rejected = TRUE;
        return FALSE;
    }
    if (sel->count == 0) {
        sel->first_path = j.handoff;
        memcpy(sel->server, j.server, j.server_len + 1);
        sel->server_len = j.server_len;
        sel->kind = j.kind;
    } else if (!same_server(sel, &j)) {
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

/* This PC's class: the first item of every ID list below a drive letter. */
static const GUID computer_clsid = {
    0x20D04FE0, 0x3AEA, 0x1069, {0xA2, 0xD8, 0x08, 0x00, 0x2B, 0x30, 0x30, 0x9D}};

/* The next item of the ID list formed by *a followed by *b (either may end
 * first), or NULL at the end; moves past it. */
static const SHITEMID *next_item(const BYTE **a, const BYTE **b)
{
    const SHITEMID *id;
    USHORT cb;
    for (;;) {
        if (!*a)
            return NULL;
        memcpy(&cb, *a, sizeof(cb));
        if (cb)
            break;
        *a = *b;
        *b = NULL;
    }
    id = (const SHITEMID *)*a;
    *a += cb;
    return id;
}

/* TRUE when folder followed by child (NULL: none) is This PC\X:\… with X: a
 * drive that is not a network drive: decided from the ID list's first two
 * items and the cached drive type, without asking the shell for a name (which
 * costs hundreds of microseconds an item). The items' layout (This PC's class
 * item, then a drive item of type 0x2N holding "X:\") is the shell's; anything
 * else returns FALSE and the item is named as before. Item sizes were checked
 * by the caller (idlist_fits) or come from the shell. */
static BOOL on_local_drive(shx_selection *sel, PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE child)
{
    const BYTE *a = (const BYTE *)folder, *b = (const BYTE *)child;
    const SHITEMID *pc, *drive;
    UINT type;
    if (!folder)
        return FALSE;
    pc = next_item(&a, &b);
    drive = pc ? next_item(&a, &b) : NULL;
    if (!drive || pc->cb < 20 || pc->abID[0] != 0x1F || memcmp(pc->abID + 2, &computer_clsid, sizeof(GUID)) ||
        drive->cb < 6 || (drive->abID[0] & 0x70) != 0x20 || !is_letter(drive->abID[1]) ||
        drive->abID[2] != ':' || drive->abID[3] != '\\')
        return FALSE;
    type = cached_drive_type(sel, sel->drive_type, drive->abID[1]);
    return type == DRIVE_FIXED || type == DRIVE_REMOVABLE || type == DRIVE_CDROM || type == DRIVE_RAMDISK;
}

static HRESULT add_idlist(PCIDLIST_ABSOLUTE pidl, shx_selection *sel)
{
    WCHAR *name;
    HRESULT hr;
    if (on_local_drive(sel, pidl, NULL)) {
        sel->rejected = TRUE;
        return S_OK;
    }
    hr = shx_name_of_idlist(pidl, &name);
    if (FAILED(hr))
        return hr;
    shx_selection_add(sel, name, (size_t)lstrlenW(name));
    CoTaskMemFree(name);
    return S_OK;
}

static HRESULT add_child(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE child, shx_selection *sel)
{
    PIDLIST_ABSOLUTE full;
    HRESULT hr;
    if (on_local_drive(sel, folder, child)) {
        sel->rejected = TRUE;
        return S_OK;
    }
    full = ILCombine(folder, child);
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

/* The children of a CIDA block, checked by shx_read_cida. */
static PCUIDLIST_RELATIVE cida_child(const void *ctx, UINT i)
{
    const BYTE *base = ctx;
    UINT off;
    memcpy(&off, base + sizeof(UINT) * (i + 2), sizeof(off));
    return (PCUIDLIST_RELATIVE)(base + off);
}

/* A plain array of children (shx_decide_idlists). */
static PCUIDLIST_RELATIVE array_child(const void *ctx, UINT i)
{
    return ((PCUIDLIST_RELATIVE const *)ctx)[i];
}

/* Adds count children of folder (child(ctx, i), i < count) to sel: the
 * cheapest facts first (a folder on a local drive, then each child's drive
 * from its ID list), then names. */
static HRESULT read_children(PCIDLIST_ABSOLUTE folder, BOOL folder_empty, UINT count,
                             PCUIDLIST_RELATIVE (*child)(const void *, UINT), const void *ctx,
                             shx_selection *sel)
{
    WCHAR *folder_name = NULL;
    judged fj;
    shx_path_kind folder_kind = SHX_PATH_NONE;
    HRESULT hr;
    UINT i;

    /* The cheapest fact first: a folder on a local drive holds local items only. */
    if (on_local_drive(sel, folder, NULL)) {
        sel->rejected = TRUE;
        return S_OK;
    }

    /* One or two items are simply named. For more: the children of a UNC or
     * mapped-network folder are on its server, so naming the folder and the
     * first child is enough, and a local folder's children are local. The
     * desktop and virtual folders (Network, This PC, search results) hold items
     * from anywhere: those are named one by one. */
    if (count > 2 && !folder_empty && SUCCEEDED(shx_name_of_idlist(folder, &folder_name))) {
        folder_kind = judge(folder_name, (size_t)lstrlenW(folder_name), sel, sel->drive_type, &fj, FALSE);
        if (folder_kind == SHX_PATH_NONE && is_letter(folder_name[0]) && folder_name[1] == L':') {
            CoTaskMemFree(folder_name);
            sel->rejected = TRUE;
            return S_OK;
        }
    }

    if (folder_kind != SHX_PATH_NONE) {
        hr = add_child(folder, child(ctx, 0), sel);
        if (SUCCEEDED(hr) && !sel->rejected) {
            /* The first child must indeed be on the folder's server. */
            if (same_server(sel, &fj))
                sel->count += count - 1;
            else
                sel->rejected = TRUE;
        }
        CoTaskMemFree(folder_name);
        return SUCCEEDED(hr) ? S_OK : E_FAIL;
    }
    CoTaskMemFree(folder_name);

    for (i = 0; i < count && !sel->rejected; i++) {
        hr = add_child(folder, child(ctx, i), sel);
        if (FAILED(hr))
            return E_FAIL;
    }
    return S_OK;
}

HRESULT shx_read_cida(const void *data, SIZE_T size, shx_selection *sel)
{
    const BYTE *base = data;
    UINT count, i, off;
    SIZE_T header;
    BOOL empty, folder_empty = TRUE;
    PCIDLIST_ABSOLUTE folder;

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
    return read_children(folder, folder_empty, count, cida_child, base, sel);
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
    len = append_text(cmd, len, cap, L"\" " HANDOFF_VERB_CONNECT L" ");
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

/* ---- The selection decision ---- */

/* Ends a decision: the path when sel is eligible (moved out of sel). */
static HRESULT decided(HRESULT hr, shx_selection *sel, WCHAR **path)
{
    if (SUCCEEDED(hr) && shx_selection_eligible(sel)) {
        *path = sel->first_path;
        sel->first_path = NULL;
    }
    shx_selection_cleanup(sel);
    if (FAILED(hr))
        return hr;
    return *path ? S_OK : S_FALSE;
}

HRESULT shx_decide_dataobject(IDataObject *obj, PCIDLIST_ABSOLUTE folder, shx_drive_type_fn drive_type,
                              WCHAR **path)
{
    shx_selection sel;
    HRESULT hr;
    if (!path)
        return E_POINTER;
    *path = NULL;
    if (!obj && !folder)
        return E_INVALIDARG;
    shx_selection_init(&sel, drive_type);
    if (obj)
        hr = shx_read_dataobject(obj, &sel); /* selected items; folder is their parent */
    else
        hr = shx_read_folder(folder, &sel); /* the background of an open folder */
    return decided(FAILED(hr) ? E_FAIL : hr, &sel, path);
}

HRESULT shx_decide_idlists(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items, size_t count,
                           shx_drive_type_fn drive_type, WCHAR **path)
{
    shx_selection sel;
    HRESULT hr;
    size_t i;
    if (!path)
        return E_POINTER;
    *path = NULL;
    if (!folder || (count && !items) || count > 0xFFFFFFFFu)
        return E_INVALIDARG;
    for (i = 0; i < count; i++)
        if (!items[i] || !items[i]->mkid.cb)
            return E_INVALIDARG;
    shx_selection_init(&sel, drive_type);
    if (count)
        hr = read_children(folder, !folder->mkid.cb, (UINT)count, array_child, items, &sel);
    else
        hr = shx_read_folder(folder, &sel);
    return decided(hr, &sel, path);
}

HRESULT shx_decide_names(const WCHAR *const *names, size_t count, shx_drive_type_fn drive_type, WCHAR **path)
{
    shx_selection sel;
    size_t i;
    if (!path)
        return E_POINTER;
    *path = NULL;
    if (!names || !count)
        return E_INVALIDARG;
    shx_selection_init(&sel, drive_type);
    for (i = 0; i < count; i++)
        if (!names[i] || !shx_selection_add(&sel, names[i], (size_t)lstrlenW(names[i])))
            break;
    return decided(S_OK, &sel, path);
}

/* TRUE when child is parent (parent_size bytes, terminator included) followed by exactly one more item,
 * compared byte for byte: the items of one folder view carry their folder's bytes. Cheaper than ILIsParent,
 * which under Wine names every item it compares (hundreds of microseconds: the class names of This PC and
 * drives from the registry); a false FALSE only sends the items down the one-by-one path. */
static BOOL is_child_of(PCIDLIST_ABSOLUTE parent, UINT parent_size, PCIDLIST_ABSOLUTE child)
{
    UINT prefix = parent_size - sizeof(USHORT);
    const SHITEMID *last;
    if (ILGetSize(child) <= parent_size || memcmp(parent, child, prefix))
        return FALSE;
    last = (const SHITEMID *)((const BYTE *)child + prefix);
    return last->cb && !((const SHITEMID *)((const BYTE *)last + last->cb))->cb;
}

HRESULT shx_decide_items(IShellItemArray *items, shx_drive_type_fn drive_type, WCHAR **path)
{
    shx_selection sel;
    DWORD count = 0, got = 0, i;
    PIDLIST_ABSOLUTE *pidls = NULL, parent = NULL;
    PCUIDLIST_RELATIVE *children = NULL;
    BOOL siblings;
    HRESULT hr;
    if (!path)
        return E_POINTER;
    *path = NULL;
    if (!items)
        return E_INVALIDARG;
    hr = IShellItemArray_GetCount(items, &count);
    if (FAILED(hr) || !count || count > 0xFFFFFFu)
        return E_FAIL;
    pidls = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * (sizeof(*pidls) + sizeof(*children)));
    if (!pidls)
        return E_OUTOFMEMORY;
    children = (PCUIDLIST_RELATIVE *)(pidls + count);
    for (got = 0; got < count && SUCCEEDED(hr); got++) {
        IShellItem *item = NULL;
        hr = IShellItemArray_GetItemAt(items, got, &item);
        if (SUCCEEDED(hr))
            hr = SHGetIDListFromObject((IUnknown *)item, &pidls[got]);
        if (item)
            IShellItem_Release(item);
    }
    shx_selection_init(&sel, drive_type);
    if (SUCCEEDED(hr)) {
        /* Items of one folder (the usual selection) are read like a CIDA: the folder's facts first, and with
         * more than two items below a network folder only the folder and the first are named. */
        parent = ILClone(pidls[0]);
        siblings = parent && ILRemoveLastID(parent);
        for (i = 0; siblings && i < count; i++) {
            siblings = is_child_of(parent, ILGetSize(parent), pidls[i]);
            children[i] = ILFindLastID(pidls[i]);
        }
        if (siblings)
            hr = read_children(parent, !parent->mkid.cb, (UINT)count, array_child, children, &sel);
        else
            for (i = 0; i < count && SUCCEEDED(hr) && !sel.rejected; i++)
                hr = add_idlist(pidls[i], &sel); /* the drive from the ID list first, then the name */
    }
    ILFree(parent);
    for (i = 0; i < got; i++)
        CoTaskMemFree(pidls[i]);
    HeapFree(GetProcessHeap(), 0, pidls);
    return decided(FAILED(hr) ? E_FAIL : S_OK, &sel, path);
}
