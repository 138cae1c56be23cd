/* Registration of connectas.dll as Explorer context-menu handler: one table, written, removed or listed. */
#include "shxreg.h"

#include <shlobj.h>
#include <stdio.h>
#include <string.h>

const CLSID shx_clsid = {0x5bc33cb3, 0x5a78, 0x410d, {0x88, 0xbf, 0x24, 0x3c, 0x78, 0x53, 0x68, 0x6f}};

/* Where Explorer looks for context-menu handlers of the places we serve. */
const WCHAR *const shx_handler_classes[] = {
    L"*",                     /* files (filtered at run time to network paths) */
    L"Directory",             /* folders, including \\server\share seen as a folder */
    L"Directory\\Background", /* the background of an open folder */
    L"Drive",                 /* drive roots: mapped network drives */
    L"NetServer",             /* \\server items in the Network folder */
    L"NetShare",              /* \\server\share items in a server's folder */
    NULL,
};

#define CLASSES_KEY L"Software\\Classes"
#define CLSID_KEY CLASSES_KEY L"\\CLSID\\" SHX_CLSID_STRING
#define INPROC_KEY CLSID_KEY L"\\InprocServer32"
#define APPROVED_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Shell Extensions\\Approved"
#define HANDLER_SUFFIX L"\\shellex\\ContextMenuHandlers\\" SHX_HANDLER_NAME
#define RECORD_NAME L"CreatedKeys"
#define DESCRIPTION L"ConnectAs context menu"
#define KEY_CCH 512

struct strlist {
    WCHAR **items;
    size_t count, cap;
};

struct run {
    HKEY hive;
    const WCHAR *hive_name;
    BOOL dry;
    shx_reg_emit_fn emit;
    void *ctx;
    struct strlist created; /* keys this run created (dry: would create) */
    struct strlist deleted; /* keys this run deleted (dry: would delete) */
    BOOL changed;
};

static HRESULT strlist_add(struct strlist *list, const WCHAR *s)
{
    size_t n = (size_t)lstrlenW(s) + 1;
    WCHAR *copy;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        WCHAR **items = list->items ? HeapReAlloc(GetProcessHeap(), 0, list->items, cap * sizeof(*items))
                                    : HeapAlloc(GetProcessHeap(), 0, cap * sizeof(*items));
        if (!items)
            return E_OUTOFMEMORY;
        list->items = items;
        list->cap = cap;
    }
    copy = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR));
    if (!copy)
        return E_OUTOFMEMORY;
    memcpy(copy, s, n * sizeof(WCHAR));
    list->items[list->count++] = copy;
    return S_OK;
}

static BOOL equal_ci(const WCHAR *a, int alen, const WCHAR *b, int blen)
{
    return CompareStringOrdinal(a, alen, b, blen, TRUE) == CSTR_EQUAL;
}

static BOOL strlist_has(const struct strlist *list, const WCHAR *s)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        if (equal_ci(list->items[i], -1, s, -1))
            return TRUE;
    return FALSE;
}

static void strlist_free(struct strlist *list)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        HeapFree(GetProcessHeap(), 0, list->items[i]);
    if (list->items)
        HeapFree(GetProcessHeap(), 0, list->items);
    memset(list, 0, sizeof(*list));
}

static void run_init(struct run *r, BOOL machine, BOOL dry, shx_reg_emit_fn emit, void *ctx)
{
    memset(r, 0, sizeof(*r));
    r->hive = machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    r->hive_name = machine ? L"HKEY_LOCAL_MACHINE" : L"HKEY_CURRENT_USER";
    r->dry = dry;
    r->emit = emit;
    r->ctx = ctx;
}

static void run_cleanup(struct run *r)
{
    strlist_free(&r->created);
    strlist_free(&r->deleted);
}

/* New "a\\b" on the process heap (HeapFree it), NULL when out of memory. Key
 * names come from the CreatedKeys record (up to 64 KiB), so no fixed buffer. */
static WCHAR *join_key(const WCHAR *a, const WCHAR *b)
{
    size_t la = (size_t)lstrlenW(a), lb = (size_t)lstrlenW(b);
    WCHAR *out = HeapAlloc(GetProcessHeap(), 0, (la + 1 + lb + 1) * sizeof(WCHAR));
    if (!out)
        return NULL;
    memcpy(out, a, la * sizeof(WCHAR));
    out[la] = L'\\';
    memcpy(out + la + 1, b, (lb + 1) * sizeof(WCHAR));
    return out;
}

static void report(struct run *r, shx_reg_op op, const WCHAR *key, const WCHAR *name, DWORD type,
                   const WCHAR *data)
{
    shx_reg_change change;
    WCHAR *full;
    r->changed = TRUE;
    if (!r->emit)
        return;
    full = join_key(r->hive_name, key);
    if (!full)
        return;
    change.op = op;
    change.key = full;
    change.name = name;
    change.type = type;
    change.data = data;
    r->emit(r->ctx, &change);
    HeapFree(GetProcessHeap(), 0, full);
}

/* Whether key exists, counting what a dry run would already have done. */
static BOOL key_exists(struct run *r, const WCHAR *key)
{
    HKEY k;
    size_t i;
    for (i = 0; i < r->deleted.count; i++) {
        const WCHAR *d = r->deleted.items[i];
        int n = lstrlenW(d);
        if (equal_ci(key, min(lstrlenW(key), n), d, n) && (key[n] == 0 || key[n] == L'\\'))
            return FALSE;
    }
    if (strlist_has(&r->created, key))
        return TRUE;
    if (RegOpenKeyExW(r->hive, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(k);
    return TRUE;
}

/* Creates key and each missing parent, one level at a time, noting each. */
static HRESULT ensure_key(struct run *r, const WCHAR *key)
{
    WCHAR prefix[KEY_CCH];
    size_t i, n = (size_t)lstrlenW(key);
    HRESULT hr;
    if (n >= KEY_CCH)
        return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
    for (i = 0; i <= n; i++) {
        if (key[i] != L'\\' && key[i] != 0)
            continue;
        memcpy(prefix, key, i * sizeof(WCHAR));
        prefix[i] = 0;
        if (key_exists(r, prefix))
            continue;
        if (!r->dry) {
            HKEY k;
            LONG err = RegCreateKeyExW(r->hive, prefix, 0, NULL, 0, KEY_WRITE, NULL, &k, NULL);
            if (err != ERROR_SUCCESS)
                return HRESULT_FROM_WIN32(err);
            RegCloseKey(k);
        }
        hr = strlist_add(&r->created, prefix);
        if (FAILED(hr))
            return hr;
        report(r, SHX_REG_CREATE_KEY, prefix, NULL, 0, NULL);
    }
    return S_OK;
}

static DWORD multi_sz_bytes(const WCHAR *data)
{
    const WCHAR *p = data;
    while (*p)
        p += lstrlenW(p) + 1;
    return (DWORD)((p - data + 1) * sizeof(WCHAR));
}

static HRESULT set_value(struct run *r, const WCHAR *key, const WCHAR *name, DWORD type, const WCHAR *data)
{
    HRESULT hr = ensure_key(r, key);
    if (FAILED(hr))
        return hr;
    if (!r->dry) {
        DWORD bytes =
            type == REG_MULTI_SZ ? multi_sz_bytes(data) : (DWORD)(lstrlenW(data) + 1) * sizeof(WCHAR);
        LONG err = RegSetKeyValueW(r->hive, key, name, type, data, bytes);
        if (err != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(err);
    }
    report(r, SHX_REG_SET_VALUE, key, name, type, data);
    return S_OK;
}

static HRESULT delete_key(struct run *r, const WCHAR *key)
{
    HRESULT hr = strlist_add(&r->deleted, key);
    if (FAILED(hr))
        return hr;
    if (!r->dry) {
        LONG err = RegDeleteTreeW(r->hive, key);
        if (err == ERROR_SUCCESS || err == ERROR_FILE_NOT_FOUND) {
            /* RegDeleteTree leaves the key itself on some systems. */
            err = RegDeleteKeyW(r->hive, key);
            if (err == ERROR_FILE_NOT_FOUND)
                err = ERROR_SUCCESS;
        }
        if (err != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(err);
    }
    report(r, SHX_REG_DELETE_KEY, key, NULL, 0, NULL);
    return S_OK;
}

/* A key with no values and no subkeys (subkeys a dry run would delete do not count). */
static BOOL key_is_empty(struct run *r, const WCHAR *key)
{
    HKEY k;
    DWORD subkeys = 0, values = 0, i;
    BOOL empty;
    if (RegOpenKeyExW(r->hive, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return FALSE;
    empty = RegQueryInfoKeyW(k, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL) ==
                ERROR_SUCCESS &&
            values == 0;
    for (i = 0; empty && i < subkeys; i++) {
        WCHAR name[256], *child;
        DWORD len = ARRAYSIZE(name);
        if (RegEnumKeyExW(k, i, name, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS) {
            empty = FALSE;
            break;
        }
        child = join_key(key, name);
        if (!child || key_exists(r, child))
            empty = FALSE;
        if (child)
            HeapFree(GetProcessHeap(), 0, child);
    }
    RegCloseKey(k);
    return empty;
}

/* Reads the list of keys registering created (REG_MULTI_SZ) into list. */
static void read_record(struct run *r, struct strlist *list)
{
    DWORD bytes = 0;
    WCHAR *buf, *p;
    if (RegGetValueW(r->hive, CLSID_KEY, RECORD_NAME, RRF_RT_REG_MULTI_SZ, NULL, NULL, &bytes) !=
            ERROR_SUCCESS ||
        bytes == 0 || bytes > 65536)
        return;
    buf = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, bytes + 2 * sizeof(WCHAR));
    if (!buf)
        return;
    if (RegGetValueW(r->hive, CLSID_KEY, RECORD_NAME, RRF_RT_REG_MULTI_SZ, NULL, buf, &bytes) ==
        ERROR_SUCCESS)
        for (p = buf; *p; p += lstrlenW(p) + 1)
            if (FAILED(strlist_add(list, p)))
                break;
    HeapFree(GetProcessHeap(), 0, buf);
}

static HRESULT write_record(struct run *r, const struct strlist *old)
{
    struct strlist merged = {0};
    size_t i, total = 1;
    WCHAR *buf, *p;
    HRESULT hr = S_OK;

    for (i = 0; i < old->count && SUCCEEDED(hr); i++)
        hr = strlist_add(&merged, old->items[i]);
    for (i = 0; i < r->created.count && SUCCEEDED(hr); i++)
        if (!strlist_has(&merged, r->created.items[i]))
            hr = strlist_add(&merged, r->created.items[i]);
    for (i = 0; i < merged.count; i++)
        total += (size_t)lstrlenW(merged.items[i]) + 1;
    buf = SUCCEEDED(hr) ? HeapAlloc(GetProcessHeap(), 0, total * sizeof(WCHAR)) : NULL;
    if (!buf) {
        strlist_free(&merged);
        return FAILED(hr) ? hr : E_OUTOFMEMORY;
    }
    for (p = buf, i = 0; i < merged.count; i++) {
        int n = lstrlenW(merged.items[i]) + 1;
        memcpy(p, merged.items[i], (size_t)n * sizeof(WCHAR));
        p += n;
    }
    *p = 0;
    hr = set_value(r, CLSID_KEY, RECORD_NAME, REG_MULTI_SZ, buf);
    HeapFree(GetProcessHeap(), 0, buf);
    strlist_free(&merged);
    return hr;
}

/* CLASSES_KEY\\cls + HANDLER_SUFFIX into buf (KEY_CCH); the classes are our own short names. */
static void handler_key(WCHAR *buf, const WCHAR *cls)
{
    _snwprintf(buf, KEY_CCH, L"%ls\\%ls%ls", CLASSES_KEY, cls, HANDLER_SUFFIX);
    buf[KEY_CCH - 1] = 0;
}

/* Whether key is k or one of its ancestors. */
static BOOL ancestor_or_self(const WCHAR *key, const WCHAR *k)
{
    int n = lstrlenW(key);
    return n <= lstrlenW(k) && equal_ci(k, n, key, n) && (k[n] == 0 || k[n] == L'\\');
}

/* Whether key is one registration writes or an ancestor of one: only such keys
 * of the CreatedKeys record are ever pruned (the record may have been edited). */
static BOOL ours_or_parent(const WCHAR *key)
{
    WCHAR mine[KEY_CCH];
    size_t i;
    if (ancestor_or_self(key, INPROC_KEY) || ancestor_or_self(key, APPROVED_KEY))
        return TRUE;
    for (i = 0; shx_handler_classes[i]; i++) {
        handler_key(mine, shx_handler_classes[i]);
        if (ancestor_or_self(key, mine))
            return TRUE;
    }
    return FALSE;
}

typedef void(WINAPI *change_notify_fn)(LONG, UINT, LPCVOID, LPCVOID);

/* Tells Explorer that handlers changed. shell32 is looked up when needed, from
 * System32 only: connectas.exe then starts without loading it (issue 12, finding 10). */
static void notify(struct run *r)
{
    HMODULE shell32;
    change_notify_fn change_notify;
    if (r->dry || !r->changed)
        return;
    shell32 = LoadLibraryExW(L"shell32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!shell32)
        return;
    change_notify = (change_notify_fn)(void (*)(void))GetProcAddress(shell32, "SHChangeNotify");
    if (change_notify)
        change_notify(SHCNE_ASSOCCHANGED, SHCNF_IDLIST, NULL, NULL);
    FreeLibrary(shell32);
}

/* Deletes the keys in list that exist and are empty, deepest first. */
static HRESULT prune(struct run *r, struct strlist *list)
{
    size_t i, j;
    HRESULT hr = S_OK;
    for (i = 1; i < list->count; i++) /* longest first: a child sorts before its parent */
        for (j = i; j > 0 && lstrlenW(list->items[j]) > lstrlenW(list->items[j - 1]); j--) {
            WCHAR *t = list->items[j];
            list->items[j] = list->items[j - 1];
            list->items[j - 1] = t;
        }
    for (i = 0; i < list->count && SUCCEEDED(hr); i++)
        if (ours_or_parent(list->items[i]) && key_exists(r, list->items[i]) &&
            key_is_empty(r, list->items[i]))
            hr = delete_key(r, list->items[i]);
    return hr;
}

static HRESULT unregister_run(struct run *r, BOOL machine)
{
    struct strlist record = {0};
    WCHAR key[KEY_CCH], value[64];
    DWORD bytes;
    size_t i;
    HRESULT hr = S_OK;

    read_record(r, &record);
    for (i = 0; shx_handler_classes[i] && SUCCEEDED(hr); i++) {
        handler_key(key, shx_handler_classes[i]);
        bytes = sizeof(value);
        if (key_exists(r, key) &&
            RegGetValueW(r->hive, key, NULL, RRF_RT_REG_SZ, NULL, value, &bytes) == ERROR_SUCCESS &&
            equal_ci(value, -1, SHX_CLSID_STRING, -1))
            hr = delete_key(r, key);
    }
    if (SUCCEEDED(hr) && machine &&
        RegGetValueW(r->hive, APPROVED_KEY, SHX_CLSID_STRING, RRF_RT_ANY, NULL, NULL, NULL) ==
            ERROR_SUCCESS) {
        if (!r->dry) {
            LONG err = RegDeleteKeyValueW(r->hive, APPROVED_KEY, SHX_CLSID_STRING);
            if (err != ERROR_SUCCESS)
                hr = HRESULT_FROM_WIN32(err);
        }
        if (SUCCEEDED(hr))
            report(r, SHX_REG_DELETE_VALUE, APPROVED_KEY, SHX_CLSID_STRING, 0, NULL);
    }
    if (SUCCEEDED(hr) && key_exists(r, CLSID_KEY))
        hr = delete_key(r, CLSID_KEY);
    if (SUCCEEDED(hr))
        hr = prune(r, &record);
    strlist_free(&record);
    return hr;
}

HRESULT shx_register_ex(BOOL machine, const WCHAR *dll_path, BOOL dry_run, shx_reg_emit_fn emit, void *ctx)
{
    struct strlist old = {0};
    struct run r;
    WCHAR key[KEY_CCH];
    size_t i;
    HRESULT hr;

    if (!dll_path || !*dll_path || lstrlenW(dll_path) >= 32767)
        return E_INVALIDARG;
    run_init(&r, machine, dry_run, emit, ctx);
    read_record(&r, &old);
    hr = set_value(&r, CLSID_KEY, NULL, REG_SZ, DESCRIPTION);
    if (SUCCEEDED(hr))
        hr = set_value(&r, INPROC_KEY, NULL, REG_SZ, dll_path);
    if (SUCCEEDED(hr))
        hr = set_value(&r, INPROC_KEY, L"ThreadingModel", REG_SZ, L"Apartment");
    for (i = 0; shx_handler_classes[i] && SUCCEEDED(hr); i++) {
        handler_key(key, shx_handler_classes[i]);
        hr = set_value(&r, key, NULL, REG_SZ, SHX_CLSID_STRING);
    }
    if (SUCCEEDED(hr) && machine)
        hr = set_value(&r, APPROVED_KEY, SHX_CLSID_STRING, REG_SZ, DESCRIPTION);
    if (SUCCEEDED(hr) && r.created.count)
        hr = write_record(&r, &old);

    if (FAILED(hr) && !dry_run) {
        /* Leave nothing half-registered behind. */
        struct run undo;
        run_init(&undo, machine, FALSE, NULL, NULL);
        unregister_run(&undo, machine);
        prune(&undo, &r.created);
        run_cleanup(&undo);
    }
    notify(&r);
    strlist_free(&old);
    run_cleanup(&r);
    return hr;
}

HRESULT shx_unregister_ex(BOOL machine, BOOL dry_run, shx_reg_emit_fn emit, void *ctx)
{
    struct run r;
    HRESULT hr;
    run_init(&r, machine, dry_run, emit, ctx);
    hr = unregister_run(&r, machine);
    notify(&r);
    run_cleanup(&r);
    return hr;
}

HRESULT shx_register(BOOL machine, const WCHAR *dll_path)
{
    return shx_register_ex(machine, dll_path, FALSE, NULL, NULL);
}

HRESULT shx_unregister(BOOL machine)
{
    return shx_unregister_ex(machine, FALSE, NULL, NULL);
}

HRESULT shx_registered_path(BOOL machine, WCHAR *buf, DWORD cch)
{
    DWORD bytes = cch * sizeof(WCHAR);
    LONG err;
    if (!buf || !cch)
        return E_INVALIDARG;
    buf[0] = 0;
    err = RegGetValueW(machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER, INPROC_KEY, NULL, RRF_RT_REG_SZ,
                       NULL, buf, &bytes);
    if (err == ERROR_FILE_NOT_FOUND)
        return S_FALSE;
    if (err != ERROR_SUCCESS) {
        buf[0] = 0;
        return HRESULT_FROM_WIN32(err);
    }
    return S_OK;
}
