/* Shell-extension selection logic: path classes, one-server rule, HDROP/CIDA parsing and defences, quoting.
 */
/* Longer than ~700 lines on purpose: one table-driven test of the selection logic's every reader and
 * decision. */
#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "shxsel.h"
#include "shxtest.h"

static LONG fake_calls;

/* N: and O: are mapped network drives, C: fixed, E: removable, R: CD, V: RAM disk. */
static UINT WINAPI fake_drive_type(const WCHAR *root)
{
    InterlockedIncrement(&fake_calls);
    switch (root[0]) {
    case L'N':
    case L'O':
        return DRIVE_REMOTE;
    case L'C':
        return DRIVE_FIXED;
    case L'E':
        return DRIVE_REMOVABLE;
    case L'R':
        return DRIVE_CDROM;
    case L'V':
        return DRIVE_RAMDISK;
    default:
        return DRIVE_NO_ROOT_DIR;
    }
}

/* C: counts as a network drive: lets real local ID lists stand for mapped-drive ones. */
static UINT WINAPI c_is_remote(const WCHAR *root)
{
    InterlockedIncrement(&fake_calls);
    return root[0] == L'C' ? DRIVE_REMOTE : DRIVE_FIXED;
}

static void test_classify(void)
{
    static const struct {
        const WCHAR *path;
        shx_path_kind kind;
        const WCHAR *server;
    } cases[] = {
        {L"\\\\srv\\share\\dir\\file.txt", SHX_PATH_UNC, L"srv"},
        {L"\\\\srv\\share", SHX_PATH_UNC, L"srv"},
        {L"\\\\srv\\share\\", SHX_PATH_UNC, L"srv"},
        {L"\\\\srv", SHX_PATH_UNC, L"srv"},
        {L"\\\\srv\\", SHX_PATH_UNC, L"srv"},
        {L"\\\\?\\UNC\\srv\\share\\x", SHX_PATH_UNC, L"srv"},
        {L"\\\\?\\unc\\srv\\share", SHX_PATH_UNC, L"srv"},
        {L"\\\\.\\UNC\\srv\\share", SHX_PATH_NONE, NULL}, /* a device path: the tray refuses it */
        {L"\\\\fs01.corp.example\\data", SHX_PATH_UNC, L"fs01.corp.example"},
        {L"\\\\192.0.2.40\\data", SHX_PATH_UNC, L"192.0.2.40"},
        {L"\\\\fe80--1.ipv6-literal.net\\d", SHX_PATH_UNC, L"fe80--1.ipv6-literal.net"},
        {L"\\\\srv@SSL@443\\DavWWWRoot\\x", SHX_PATH_NONE, NULL}, /* WebDAV */
        {L"\\\\s\u00e9rv\\d", SHX_PATH_NONE, NULL},               /* non-ASCII server */
        {L"\\\\srv\\d\\file.", SHX_PATH_NONE, NULL},              /* trailing dot */
        {L"\\\\srv\\d\\\xd800x", SHX_PATH_NONE, NULL},            /* lone surrogate */
        {L"//srv/share", SHX_PATH_UNC, L"srv"},
        {L"\\\\?\\UNC\\fs01.corp\\d", SHX_PATH_UNC, L"fs01.corp"},
        {L"\\\\srv\\Daten-\u00dc\\\u00df", SHX_PATH_UNC, L"srv"},
        {L"N:\\", SHX_PATH_REMOTE_DRIVE, L"N"},
        {L"N:", SHX_PATH_REMOTE_DRIVE, L"N"},
        {L"n:\\dir\\file", SHX_PATH_REMOTE_DRIVE, L"n"},
        {L"\\\\?\\N:\\dir", SHX_PATH_NONE, NULL},
        {L"\\\\", SHX_PATH_NONE, NULL},
        {L"\\\\\\x", SHX_PATH_NONE, NULL},
        {L"\\\\.\\C:", SHX_PATH_NONE, NULL},
        {L"\\\\.\\pipe\\x", SHX_PATH_NONE, NULL},
        {L"\\\\..\\x", SHX_PATH_NONE, NULL},
        {L"\\\\?\\C:\\x", SHX_PATH_NONE, NULL},
        {L"\\\\?\\Volume{01234567-89ab-cdef-0123-456789abcdef}\\", SHX_PATH_NONE, NULL},
        {L"\\\\?\\GLOBALROOT\\Device\\x", SHX_PATH_NONE, NULL},
        {L"\\\\srv\\\\x", SHX_PATH_NONE, NULL},
        {L"\\\\sr*v\\s", SHX_PATH_NONE, NULL},
        {L"\\\\srv\\sh:x", SHX_PATH_NONE, NULL},
        {L"\\\\srv\\sh\"x", SHX_PATH_NONE, NULL},
        {L"C:\\windows", SHX_PATH_NONE, NULL},
        {L"C:", SHX_PATH_NONE, NULL},
        {L"E:\\", SHX_PATH_NONE, NULL},
        {L"R:\\", SHX_PATH_NONE, NULL},
        {L"V:\\", SHX_PATH_NONE, NULL},
        {L"Q:\\", SHX_PATH_NONE, NULL},
        {L"N:dir", SHX_PATH_NONE, NULL},
        {L"::{20D04FE0-3AEA-1069-A2D8-08002B30309D}", SHX_PATH_NONE, NULL},
        {L"", SHX_PATH_NONE, NULL},
        {L"relative\\x", SHX_PATH_NONE, NULL},
        {L"\\rooted", SHX_PATH_NONE, NULL},
        {L"1:\\", SHX_PATH_NONE, NULL},
    };
    size_t i;
    WCHAR *big;

    for (i = 0; i < ARRAYSIZE(cases); i++) {
        const WCHAR *server = (const WCHAR *)1;
        size_t server_len = 99;
        shx_path_kind kind =
            shx_classify(cases[i].path, wcslen(cases[i].path), fake_drive_type, &server, &server_len);
        ok(kind == cases[i].kind, "%ls: kind %d, expected %d\n", cases[i].path, kind, cases[i].kind);
        if (kind == cases[i].kind && cases[i].server)
            ok(server && server_len == wcslen(cases[i].server) &&
                   !wcsncmp(server, cases[i].server, server_len),
               "%ls: server %.*ls\n", cases[i].path, (int)server_len, server ? server : L"");
        if (kind == SHX_PATH_NONE)
            ok(server == NULL && server_len == 0, "%ls: server not cleared\n", cases[i].path);
    }

    /* Drive types are asked for drive paths only. */
    fake_calls = 0;
    shx_classify(L"\\\\srv\\share", 11, fake_drive_type, &(const WCHAR *){NULL}, &(size_t){0});
    ok(fake_calls == 0, "drive type asked for a UNC path\n");

    /* Length limits (the core's): 255-character server names of 63-character labels pass, 256 do not;
     * paths up to 32767 characters pass, longer ones do not. */
    big = malloc((SHX_MAX_PATH + 8) * sizeof(WCHAR));
    big[0] = big[1] = L'\\';
    for (i = 0; i < 255; i++)
        big[2 + i] = i % 64 == 63 ? L'.' : L'a';
    wcscpy(big + 257, L"\\s");
    ok(shx_classify(big, wcslen(big), fake_drive_type, &(const WCHAR *){NULL}, &(size_t){0}) == SHX_PATH_UNC,
       "255-character server rejected\n");
    big[257] = L'a';
    wcscpy(big + 258, L"\\s");
    ok(shx_classify(big, wcslen(big), fake_drive_type, &(const WCHAR *){NULL}, &(size_t){0}) == SHX_PATH_NONE,
       "256-character server accepted\n");
    wcsncpy(big, L"\\\\srv\\s", SHX_MAX_PATH + 7);
    for (i = 7; i < SHX_MAX_PATH + 1; i++)
        big[i] = i % 200 == 7 ? L'\\' : L'x';
    big[SHX_MAX_PATH + 1] = 0;
    ok(shx_classify(big, SHX_MAX_PATH, fake_drive_type, &(const WCHAR *){NULL}, &(size_t){0}) == SHX_PATH_UNC,
       "32767-character path rejected\n");
    ok(shx_classify(big, SHX_MAX_PATH + 1, fake_drive_type, &(const WCHAR *){NULL}, &(size_t){0}) ==
           SHX_PATH_NONE,
       "32768-character path accepted\n");
    free(big);
    ok(shx_classify(NULL, 3, fake_drive_type, &(const WCHAR *){NULL}, &(size_t){0}) == SHX_PATH_NONE,
       "NULL path accepted\n");
}

/* Adds each path; returns whether the selection is eligible afterwards. */
static BOOL judge(const WCHAR *const *paths, size_t count, WCHAR *first, size_t first_cch)
{
    shx_selection sel;
    size_t i;
    BOOL eligible;
    shx_selection_init(&sel, fake_drive_type);
    for (i = 0; i < count; i++)
        shx_selection_add(&sel, paths[i], wcslen(paths[i]));
    eligible = shx_selection_eligible(&sel);
    if (first && first_cch)
        wcsncpy(first, sel.first_path ? sel.first_path : L"", first_cch);
    shx_selection_cleanup(&sel);
    shx_selection_cleanup(&sel); /* twice is safe */
    return eligible;
}

static void test_one_server_rule(void)
{
    static const WCHAR *const same[] = {L"\\\\srv\\a\\x", L"\\\\SRV\\b", L"\\\\?\\UNC\\Srv\\c\\y",
                                        L"\\\\srv"};
    static const WCHAR *const two[] = {L"\\\\srv\\a", L"\\\\srv2\\a"};
    static const WCHAR *const name_kinds[] = {L"\\\\srv\\a", L"\\\\srv.corp.example\\a"};
    static const WCHAR *const drive[] = {L"N:\\a", L"n:\\b\\c", L"N:\\"};
    static const WCHAR *const drives[] = {L"N:\\a", L"O:\\b"};
    static const WCHAR *const drive_unc[] = {L"N:\\a", L"\\\\srv\\a"};
    static const WCHAR *const unc_local[] = {L"\\\\srv\\a", L"C:\\x"};
    static const WCHAR *const local[] = {L"C:\\x"};
    static const WCHAR *const removable[] = {L"E:\\x"};
    WCHAR first[64];
    shx_selection sel;
    int i;

    ok(judge(same, ARRAYSIZE(same), first, ARRAYSIZE(first)), "one server in several spellings of case\n");
    ok(!wcscmp(first, same[0]), "first path %ls\n", first);
    ok(!judge(two, ARRAYSIZE(two), NULL, 0), "two servers accepted\n");
    ok(!judge(name_kinds, ARRAYSIZE(name_kinds), NULL, 0),
       "NetBIOS and DNS names of a host are two slots (R2)\n");
    ok(judge(drive, ARRAYSIZE(drive), first, ARRAYSIZE(first)), "items on one mapped drive rejected\n");
    ok(!wcscmp(first, L"N:\\a"), "first path %ls\n", first);
    ok(!judge(drives, ARRAYSIZE(drives), NULL, 0),
       "two mapped drives accepted (their servers are unknown)\n");
    ok(!judge(drive_unc, ARRAYSIZE(drive_unc), NULL, 0), "mapped drive and UNC path accepted\n");
    ok(!judge(unc_local, ARRAYSIZE(unc_local), NULL, 0), "UNC and local accepted\n");
    ok(!judge(local, 1, NULL, 0), "local path accepted\n");
    ok(!judge(removable, 1, NULL, 0), "removable drive accepted\n");
    ok(!judge(NULL, 0, NULL, 0), "empty selection accepted\n");

    /* One GetDriveTypeW per drive letter, however many items. */
    fake_calls = 0;
    shx_selection_init(&sel, fake_drive_type);
    for (i = 0; i < 10000; i++)
        shx_selection_add(&sel, L"N:\\dir\\file", 11);
    ok(shx_selection_eligible(&sel) && sel.count == 10000, "10,000 items on N: not eligible\n");
    ok(fake_calls == 1, "drive type asked %ld times\n", fake_calls);
    ok(!shx_selection_add(&sel, L"C:\\x", 4), "local item after network items accepted\n");
    ok(!shx_selection_add(&sel, L"N:\\y", 4), "item accepted after a rejection\n");
    ok(!shx_selection_eligible(&sel), "eligible after a rejection\n");
    shx_selection_cleanup(&sel);
}

/* A DROPFILES block in a plain buffer (no HGLOBAL), for exact sizes. */
static BYTE *hdrop_buf(const WCHAR *const *paths, size_t count, SIZE_T *size)
{
    size_t i, chars = 1;
    BYTE *p;
    DROPFILES *df;
    SIZE_T pos;
    for (i = 0; i < count; i++)
        chars += wcslen(paths[i]) + 1;
    *size = sizeof(DROPFILES) + chars * sizeof(WCHAR);
    p = calloc(1, *size);
    df = (DROPFILES *)p;
    df->pFiles = sizeof(DROPFILES);
    df->fWide = TRUE;
    pos = sizeof(DROPFILES);
    for (i = 0; i < count; i++) {
        memcpy(p + pos, paths[i], (wcslen(paths[i]) + 1) * sizeof(WCHAR));
        pos += (wcslen(paths[i]) + 1) * sizeof(WCHAR);
    }
    return p;
}

static HRESULT read_hdrop(const BYTE *data, SIZE_T size, BOOL *eligible, size_t *count)
{
    shx_selection sel;
    HRESULT hr;
    shx_selection_init(&sel, fake_drive_type);
    hr = shx_read_hdrop(data, size, &sel);
    *eligible = shx_selection_eligible(&sel);
    *count = sel.count;
    shx_selection_cleanup(&sel);
    return hr;
}

static void test_hdrop(void)
{
    static const WCHAR *const two[] = {L"\\\\srv\\share\\a", L"\\\\srv\\share\\b"};
    static const WCHAR *const mixed[] = {L"\\\\srv\\share\\a", L"C:\\b", L"\\\\srv\\share\\c"};
    BYTE *buf, *copy;
    SIZE_T size;
    BOOL eligible;
    size_t count, i;
    HRESULT hr;
    DROPFILES *df;
    const WCHAR **many;

    buf = hdrop_buf(two, 2, &size);
    hr = read_hdrop(buf, size, &eligible, &count);
    ok(hr == S_OK && eligible && count == 2, "wide list: hr %#lx eligible %d count %zu\n", hr, eligible,
       count);

    /* Malformed blocks: E_FAIL, never a read outside the block. */
    hr = read_hdrop(buf, sizeof(DROPFILES) - 1, &eligible, &count);
    ok(hr == E_FAIL && !eligible, "short header: %#lx\n", hr);
    hr = read_hdrop(NULL, size, &eligible, &count);
    ok(hr == E_FAIL, "NULL block: %#lx\n", hr);
    for (i = 0; i < 8; i++) {
        static const DWORD offsets[] = {0, 4, 19, 21};
        copy = malloc(size);
        memcpy(copy, buf, size);
        df = (DROPFILES *)copy;
        df->pFiles = i < 4 ? offsets[i] : (DWORD)(size + i - 4);
        hr = read_hdrop(copy, size, &eligible, &count);
        ok(hr == E_FAIL && !eligible, "pFiles %lu: %#lx\n", df->pFiles, hr);
        free(copy);
    }
    /* The list's terminators cut off: by one character, by two, everything but the first letter. */
    hr = read_hdrop(buf, size - sizeof(WCHAR), &eligible, &count);
    ok(hr == E_FAIL, "no final empty string: %#lx\n", hr);
    hr = read_hdrop(buf, size - 2 * sizeof(WCHAR), &eligible, &count);
    ok(hr == E_FAIL, "no terminator: %#lx\n", hr);
    hr = read_hdrop(buf, sizeof(DROPFILES) + sizeof(WCHAR), &eligible, &count);
    ok(hr == E_FAIL, "one character: %#lx\n", hr);
    /* A list holding nothing. */
    copy = calloc(1, sizeof(DROPFILES) + 4);
    ((DROPFILES *)copy)->pFiles = sizeof(DROPFILES);
    ((DROPFILES *)copy)->fWide = TRUE;
    hr = read_hdrop(copy, sizeof(DROPFILES) + 4, &eligible, &count);
    ok(hr == E_FAIL, "empty list: %#lx\n", hr);
    free(copy);
    free(buf);

    /* ANSI list. */
    {
        static const char ansi[] = "\\\\srv\\share\\a\0\\\\srv\\share\\b\0";
        size = sizeof(DROPFILES) + sizeof(ansi);
        copy = calloc(1, size);
        ((DROPFILES *)copy)->pFiles = sizeof(DROPFILES);
        memcpy(copy + sizeof(DROPFILES), ansi, sizeof(ansi));
        hr = read_hdrop(copy, size, &eligible, &count);
        ok(hr == S_OK && eligible && count == 2, "ANSI list: hr %#lx eligible %d count %zu\n", hr, eligible,
           count);
        hr = read_hdrop(copy, size - 2, &eligible, &count);
        ok(hr == E_FAIL, "ANSI list without terminators: %#lx\n", hr);
        free(copy);
    }

    /* A local item in the middle decides at once. */
    buf = hdrop_buf(mixed, 3, &size);
    hr = read_hdrop(buf, size, &eligible, &count);
    ok(hr == S_OK && !eligible, "mixed list: hr %#lx eligible %d\n", hr, eligible);
    free(buf);

    /* 10,000 items. */
    many = malloc(10000 * sizeof(*many));
    for (i = 0; i < 10000; i++)
        many[i] = L"\\\\srv\\share\\dir\\file-with-a-longer-name.txt";
    buf = hdrop_buf(many, 10000, &size);
    hr = read_hdrop(buf, size, &eligible, &count);
    ok(hr == S_OK && eligible && count == 10000, "10,000 items: hr %#lx eligible %d count %zu\n", hr,
       eligible, count);
    free(buf);
    many[9999] = L"\\\\other\\share\\x";
    buf = hdrop_buf(many, 10000, &size);
    hr = read_hdrop(buf, size, &eligible, &count);
    ok(hr == S_OK && !eligible, "10,000 items, last on another server: hr %#lx eligible %d\n", hr, eligible);
    free(buf);
    free(many);

    /* Random blocks: no crash, and only the three documented answers. */
    srand(1219);
    for (i = 0; i < 3000; i++) {
        SIZE_T n = (SIZE_T)(rand() % 96), k;
        buf = malloc(n ? n : 1);
        for (k = 0; k < n; k++)
            buf[k] = (BYTE)(rand() % 4 == 0 ? 0 : rand());
        if (n >= sizeof(DROPFILES) && rand() % 2)
            ((DROPFILES *)buf)->pFiles = (DWORD)(rand() % (n + 4));
        hr = read_hdrop(buf, n, &eligible, &count);
        ok(hr == S_OK || hr == E_FAIL || hr == E_OUTOFMEMORY, "random block %zu: %#lx\n", i, hr);
        free(buf);
    }
}

/* Copies a CIDA HGLOBAL into a plain buffer of its exact size. */
static BYTE *cida_buf(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items, size_t count, SIZE_T *size)
{
    HGLOBAL h = tdo_cida(folder, items, count);
    BYTE *p = GlobalLock(h), *copy;
    *size = GlobalSize(h);
    copy = malloc(*size);
    memcpy(copy, p, *size);
    GlobalUnlock(h);
    GlobalFree(h);
    return copy;
}

static HRESULT read_cida(const BYTE *data, SIZE_T size, shx_drive_type_fn fn, BOOL *eligible, size_t *count,
                         WCHAR *first, size_t first_cch)
{
    shx_selection sel;
    HRESULT hr;
    shx_selection_init(&sel, fn);
    hr = shx_read_cida(data, size, &sel);
    *eligible = shx_selection_eligible(&sel);
    *count = sel.count;
    if (first)
        wcsncpy(first, sel.first_path ? sel.first_path : L"", first_cch);
    shx_selection_cleanup(&sel);
    return hr;
}

static void set_uint(BYTE *p, size_t at, UINT value)
{
    memcpy(p + at, &value, sizeof(value));
}

static void test_cida(void)
{
    PIDLIST_ABSOLUTE windows = test_path_idlist(L"C:\\windows");
    PIDLIST_ABSOLUTE system = test_path_idlist(L"C:\\windows\\system32");
    PIDLIST_ABSOLUTE computer = test_computer_idlist();
    PIDLIST_ABSOLUTE unc = test_unc_idlist(L"\\\\srv\\sh");
    ITEMIDLIST empty = {{0, {0}}};
    PCUIDLIST_RELATIVE items[3];
    PCUIDLIST_RELATIVE *many;
    BYTE *buf, *copy;
    SIZE_T size;
    BOOL eligible;
    size_t count, i;
    WCHAR first[MAX_PATH];
    HRESULT hr;
    UINT header;

    if (!windows || !system || !computer) {
        skip("no ID lists for C:\\windows here\n");
        return;
    }
    /* A folder on a "network" drive (C: made remote by the fake): only the first child is named. */
    items[0] = ILFindLastID(system);
    items[1] = ILFindLastID(system);
    buf = cida_buf(windows, items, 2, &size);
    fake_calls = 0;
    hr = read_cida(buf, size, c_is_remote, &eligible, &count, first, ARRAYSIZE(first));
    ok(hr == S_OK && eligible && count == 2, "remote folder: hr %#lx eligible %d count %zu\n", hr, eligible,
       count);
    ok(!_wcsicmp(first, L"C:\\windows\\system32"), "first item %ls\n", first);
    ok(fake_calls == 1, "drive type asked %ld times\n", fake_calls);
    /* The same selection with C: local: rejected from the folder alone. */
    hr = read_cida(buf, size, fake_drive_type, &eligible, &count, first, ARRAYSIZE(first));
    ok(hr == S_OK && !eligible, "local folder: hr %#lx eligible %d\n", hr, eligible);

    /* Malformed: each must give E_FAIL. */
    header = 4 * sizeof(UINT);
    {
        struct {
            const char *what;
            size_t at;
            UINT value;
            SIZE_T size;
        } bad[] = {
            {"zero items", 0, 0, size},
            {"huge count", 0, 0xffffffffu, size},
            {"count past the block", 0, (UINT)(size / sizeof(UINT)), size},
            {"folder offset past the end", 4, (UINT)size, size},
            {"item offset past the end", 8, (UINT)size + 100, size},
            {"item offset in the header", 8, 4, size},
            {"item offset at the last byte", 12, (UINT)size - 1, size},
            {"folder offset 0", 4, 0, size},
            {"block cut before the last terminator", 0, 2, size - 1},
            {"block cut to the header", 0, 2, header},
            {"block of 7 bytes", 0, 2, 7},
        };
        for (i = 0; i < ARRAYSIZE(bad); i++) {
            copy = malloc(size);
            memcpy(copy, buf, size);
            set_uint(copy, bad[i].at, bad[i].value);
            hr = read_cida(copy, bad[i].size, c_is_remote, &eligible, &count, NULL, 0);
            ok(hr == E_FAIL && !eligible, "%s: hr %#lx eligible %d\n", bad[i].what, hr, eligible);
            free(copy);
        }
        /* An item whose cb runs past the block, or is 1, or an item list that is empty. */
        for (i = 0; i < 3; i++) {
            UINT off;
            USHORT cb = i == 0 ? 0x7fff : i == 1 ? 1 : 0;
            copy = malloc(size);
            memcpy(copy, buf, size);
            memcpy(&off, copy + 12, sizeof(off));
            memcpy(copy + off, &cb, sizeof(cb));
            hr = read_cida(copy, size, c_is_remote, &eligible, &count, NULL, 0);
            ok(hr == E_FAIL && !eligible, "item cb %u: hr %#lx\n", cb, hr);
            free(copy);
        }
    }
    hr = read_cida(NULL, size, c_is_remote, &eligible, &count, NULL, 0);
    ok(hr == E_FAIL, "NULL block: %#lx\n", hr);
    free(buf);

    /* The desktop as folder: each item is named (here one local, one "remote"). */
    items[0] = (PCUIDLIST_RELATIVE)windows;
    items[1] = (PCUIDLIST_RELATIVE)system;
    buf = cida_buf(&empty, items, 2, &size);
    hr = read_cida(buf, size, c_is_remote, &eligible, &count, first, ARRAYSIZE(first));
    ok(hr == S_OK && eligible && count == 2, "desktop folder: hr %#lx eligible %d count %zu\n", hr, eligible,
       count);
    ok(!_wcsicmp(first, L"C:\\windows"), "first item %ls\n", first);
    hr = read_cida(buf, size, fake_drive_type, &eligible, &count, NULL, 0);
    ok(hr == S_OK && !eligible, "desktop folder, local items: hr %#lx eligible %d\n", hr, eligible);
    free(buf);

    /* A virtual item (This PC itself) is never eligible. */
    items[0] = (PCUIDLIST_RELATIVE)computer;
    buf = cida_buf(&empty, items, 1, &size);
    hr = read_cida(buf, size, c_is_remote, &eligible, &count, first, ARRAYSIZE(first));
    ok(hr == S_OK && !eligible, "virtual folder item: hr %#lx eligible %d\n", hr, eligible);
    free(buf);

    /* Items the shell cannot name (unknown IDs below the Network folder): E_FAIL,
     * so that the data-object reader tries CF_HDROP next. */
    {
        static const BYTE junk[] = {5, 0, 0x99, 0x42, 0x17, 0, 0};
        PIDLIST_ABSOLUTE network = NULL;
        if (SUCCEEDED(SHGetSpecialFolderLocation(NULL, CSIDL_NETWORK, &network)) && network) {
            items[0] = (PCUIDLIST_RELATIVE)junk;
            buf = cida_buf(network, items, 1, &size);
            hr = read_cida(buf, size, c_is_remote, &eligible, &count, NULL, 0);
            ok(hr == E_FAIL && !eligible, "unnameable IDs: hr %#lx eligible %d\n", hr, eligible);
            free(buf);
            ILFree(network);
        } else {
            skip("no Network folder ID list\n");
        }
    }

    if (unc) {
        /* UNC stand-in mixed with a "remote" drive: two servers. */
        items[0] = (PCUIDLIST_RELATIVE)unc;
        items[1] = (PCUIDLIST_RELATIVE)windows;
        buf = cida_buf(&empty, items, 2, &size);
        hr = read_cida(buf, size, c_is_remote, &eligible, &count, NULL, 0);
        ok(hr == S_OK && !eligible, "UNC and drive items: hr %#lx eligible %d\n", hr, eligible);
        free(buf);
    } else {
        skip("no UNC ID list here\n");
    }

    /* 10,000 items below one remote folder. */
    many = malloc(10000 * sizeof(*many));
    for (i = 0; i < 10000; i++)
        many[i] = ILFindLastID(system);
    buf = cida_buf(windows, many, 10000, &size);
    hr = read_cida(buf, size, c_is_remote, &eligible, &count, NULL, 0);
    ok(hr == S_OK && eligible && count == 10000, "10,000 items: hr %#lx eligible %d count %zu\n", hr,
       eligible, count);
    free(buf);
    free(many);

    ILFree(unc);
    ILFree(computer);
    ILFree(system);
    ILFree(windows);
}

static void test_names(void)
{
    PIDLIST_ABSOLUTE windows = test_path_idlist(L"C:\\windows"), computer = test_computer_idlist();
    WCHAR *name = NULL;
    HRESULT hr;

    hr = shx_name_of_idlist(windows, &name);
    ok(hr == S_OK && name && !_wcsicmp(name, L"C:\\windows"), "C:\\windows named %#lx %ls\n", hr,
       name ? name : L"-");
    CoTaskMemFree(name);
    hr = shx_name_of_idlist(computer, &name);
    ok(hr == S_OK && name && !_wcsnicmp(name, L"::{", 3), "This PC named %#lx %ls\n", hr, name ? name : L"-");
    CoTaskMemFree(name);
    hr = shx_name_of_idlist(NULL, &name);
    ok(hr == E_INVALIDARG && !name, "NULL named: %#lx\n", hr);
    ILFree(computer);
    ILFree(windows);
}

static void test_quoting(void)
{
    static const WCHAR *const args[] = {
        L"\\\\srv\\share\\",
        L"\\\\srv\\share",
        L"\\\\srv\\share\\dir with spaces\\",
        L"\\\\srv",
        L"",
        L"a b",
        L"a\"b",
        L"a\\\"b",
        L"a\\\\",
        L"ends with three \\\\\\",
        L"\"",
        L"\\",
        L"tab\there",
        L"\\\\srv\\Daten-\u00dc\\\u00df",
        L"N:\\",
    };
    WCHAR line[512];
    size_t i, len;
    int argc;
    WCHAR **argv;

    for (i = 0; i < ARRAYSIZE(args); i++) {
        wcsncpy(line, L"\"C:\\prog\\connectas-tray.exe\" connect ", ARRAYSIZE(line) - 1);
        len = shx_append_quoted(line, wcslen(line), ARRAYSIZE(line), args[i]);
        ok(len == wcslen(line), "length %zu for %ls\n", len, args[i]);
        argv = CommandLineToArgvW(line, &argc);
        ok(argv && argc == 3 && !wcscmp(argv[2], args[i]) && !wcscmp(argv[1], L"connect"),
           "[%ls] came back as %d args, [%ls]\n", args[i], argv ? argc : -1,
           argv && argc > 2 ? argv[2] : L"");
        LocalFree(argv);
    }
    wcsncpy(line, L"abc", ARRAYSIZE(line) - 1);
    len = shx_append_quoted(line, 3, 8, L"\\\\srv\\share");
    ok(len == (size_t)-1 && !wcscmp(line, L"abc"), "overflow: %zu [%ls]\n", len, line);
    len = shx_append_quoted(line, 3, 6, L"x");
    ok(len == (size_t)-1 && !wcscmp(line, L"abc"), "one short: %zu [%ls]\n", len, line);
    len = shx_append_quoted(line, 3, 7, L"x");
    ok(len == 6 && !wcscmp(line, L"abc\"x\""), "exact fit: %zu [%ls]\n", len, line);
}

static UINT WINAPI c_is_fixed(const WCHAR *root)
{
    InterlockedIncrement(&fake_calls);
    return root[0] == L'C' ? DRIVE_FIXED : DRIVE_NO_ROOT_DIR;
}

/* The process-wide drive-type cache: one question per letter within the lifetime, again after it. */
static void test_drive_cache(void)
{
    shx_drive_cache cache = {fake_drive_type, 2000, {0}};
    fake_calls = 0;
    ok(shx_drive_cache_get(&cache, L'n', 1000) == DRIVE_REMOTE, "N: not remote\n");
    ok(shx_drive_cache_get(&cache, L'N', 2999) == DRIVE_REMOTE, "N: not remote (cached)\n");
    ok(fake_calls == 1, "asked %ld times within the lifetime\n", fake_calls);
    ok(shx_drive_cache_get(&cache, L'N', 3000) == DRIVE_REMOTE && fake_calls == 2,
       "not asked again after it\n");
    ok(shx_drive_cache_get(&cache, L'C', 3000) == DRIVE_FIXED && fake_calls == 3, "C: shares N:'s entry\n");
    /* GetTickCount wraps after 49.7 days. */
    ok(shx_drive_cache_get(&cache, L'E', 0xFFFFFF00u) == DRIVE_REMOVABLE && fake_calls == 4, "E:\n");
    ok(shx_drive_cache_get(&cache, L'E', 0x100u) == DRIVE_REMOVABLE && fake_calls == 4, "wrapped tick\n");
    ok(shx_drive_cache_get(&cache, L'E', 0x800u) == DRIVE_REMOVABLE && fake_calls == 5,
       "wrapped tick, old\n");
    ok(shx_drive_cache_get(&cache, L'1', 0) == DRIVE_NO_ROOT_DIR && fake_calls == 5, "not a letter\n");
    ok(shx_cached_drive_type(L"C:\\") == GetDriveTypeW(L"C:\\"),
       "process cache disagrees with GetDriveTypeW\n");
}

/* The decision API on ID lists and shell items (the Windows 11 command's entry) agrees with the data-object
 * path, and declines items on a local drive from the ID list alone. */
static void test_decide(void)
{
    PIDLIST_ABSOLUTE local = ILCreateFromPathW(L"C:\\windows\\system32"), up, computer, drive;
    PCUIDLIST_RELATIVE child;
    IShellItemArray *array = NULL;
    IDataObject *obj;
    WCHAR *path = (WCHAR *)1;
    HRESULT hr;

    if (!local) {
        skip("no ID list for C:\\windows\\system32\n");
        return;
    }
    up = ILClone(local);
    ILRemoveLastID(up);
    child = ILFindLastID(local);

    /* C: fixed: hidden, with one drive-type question and no name asked (a child the shell could not
     * name would fail the naming path). */
    fake_calls = 0;
    hr = shx_decide_idlists(up, &child, 1, c_is_fixed, &path);
    ok(hr == S_FALSE && !path, "local child: 0x%08lx\n", (unsigned long)hr);
    ok(fake_calls == 1, "drive type asked %ld times\n", fake_calls);
    hr = shx_decide_idlists(local, NULL, 0, c_is_fixed, &path);
    ok(hr == S_FALSE && !path, "local background: 0x%08lx\n", (unsigned long)hr);
    /* C: as a network drive: shown with the name the shell gives. */
    hr = shx_decide_idlists(up, &child, 1, c_is_remote, &path);
    ok(hr == S_OK && path && !lstrcmpiW(path, L"C:\\windows\\system32"), "remote child: 0x%08lx %ls\n",
       (unsigned long)hr, path ? path : L"(none)");
    if (path)
        HeapFree(GetProcessHeap(), 0, path);
    obj = tdo_create();
    tdo_set(obj, tdo_cf_idlist(), tdo_cida(up, &child, 1));
    hr = shx_decide_dataobject(obj, NULL, c_is_remote, &path);
    ok(hr == S_OK && path && !lstrcmpiW(path, L"C:\\windows\\system32"), "data object: 0x%08lx\n",
       (unsigned long)hr);
    if (path)
        HeapFree(GetProcessHeap(), 0, path);
    hr = shx_decide_dataobject(obj, NULL, c_is_fixed, &path);
    ok(hr == S_FALSE && !path, "data object, local: 0x%08lx\n", (unsigned long)hr);
    IDataObject_Release(obj);

    /* This PC with the drive C: selected. */
    computer = test_computer_idlist();
    drive = ILCreateFromPathW(L"C:\\");
    if (computer && drive) {
        child = ILFindLastID(drive);
        fake_calls = 0;
        hr = shx_decide_idlists(computer, &child, 1, c_is_fixed, &path);
        ok(hr == S_FALSE && !path && fake_calls == 1, "local drive in This PC: 0x%08lx, %ld\n",
           (unsigned long)hr, fake_calls);
    }
    ILFree(computer);
    ILFree(drive);

    /* Shell items. */
    if (SUCCEEDED(SHCreateShellItemArrayFromIDLists(1, (PCIDLIST_ABSOLUTE_ARRAY)&local, &array))) {
        hr = shx_decide_items(array, c_is_fixed, &path);
        ok(hr == S_FALSE && !path, "items, local: 0x%08lx\n", (unsigned long)hr);
        hr = shx_decide_items(array, c_is_remote, &path);
        ok(hr == S_OK && path && !lstrcmpiW(path, L"C:\\windows\\system32"), "items, remote: 0x%08lx\n",
           (unsigned long)hr);
        if (path)
            HeapFree(GetProcessHeap(), 0, path);
        IShellItemArray_Release(array);
    } else {
        skip("SHCreateShellItemArrayFromIDLists is not available\n");
    }

    /* Three items of one folder (read like a CIDA), and items of two folders (one by one). */
    {
        PIDLIST_ABSOLUTE three[3] = {ILCreateFromPathW(L"C:\\windows\\system32"),
                                     ILCreateFromPathW(L"C:\\windows\\temp"),
                                     ILCreateFromPathW(L"C:\\windows\\fonts")};
        PIDLIST_ABSOLUTE apart[2] = {ILCreateFromPathW(L"C:\\windows\\system32"),
                                     ILCreateFromPathW(L"C:\\users")};
        int k;
        if (three[0] && three[1] && three[2] && apart[1] &&
            SUCCEEDED(SHCreateShellItemArrayFromIDLists(3, (PCIDLIST_ABSOLUTE_ARRAY)three, &array))) {
            hr = shx_decide_items(array, c_is_remote, &path);
            ok(hr == S_OK && path && !lstrcmpiW(path, L"C:\\windows\\system32"), "three items: 0x%08lx %ls\n",
               (unsigned long)hr, path ? path : L"(none)");
            if (path)
                HeapFree(GetProcessHeap(), 0, path);
            fake_calls = 0;
            hr = shx_decide_items(array, c_is_fixed, &path);
            ok(hr == S_FALSE && !path && fake_calls == 1, "three local items: 0x%08lx, %ld\n",
               (unsigned long)hr, fake_calls);
            IShellItemArray_Release(array);
            if (SUCCEEDED(SHCreateShellItemArrayFromIDLists(2, (PCIDLIST_ABSOLUTE_ARRAY)apart, &array))) {
                hr = shx_decide_items(array, c_is_remote, &path);
                ok(hr == S_OK && path && !lstrcmpiW(path, L"C:\\windows\\system32"), "two folders: 0x%08lx\n",
                   (unsigned long)hr);
                if (path)
                    HeapFree(GetProcessHeap(), 0, path);
                IShellItemArray_Release(array);
            } else {
                skip("no shell item array of two folders' items\n");
            }
        } else {
            skip("no shell item array of three folders\n");
        }
        for (k = 0; k < 3; k++)
            ILFree(three[k]);
        ILFree(apart[0]);
        ILFree(apart[1]);
    }

    /* Bad input hides. */
    ok(shx_decide_items(NULL, NULL, &path) == E_INVALIDARG && !path, "NULL array\n");
    ok(shx_decide_idlists(NULL, NULL, 0, NULL, &path) == E_INVALIDARG && !path, "NULL folder\n");
    ok(shx_decide_names(NULL, 0, NULL, &path) == E_INVALIDARG && !path, "no names\n");
    ok(shx_decide_dataobject(NULL, NULL, NULL, &path) == E_INVALIDARG && !path, "nothing\n");
    ok(shx_decide_names(NULL, 1, NULL, NULL) == E_POINTER, "NULL out\n");
    ILFree(up);
    ILFree(local);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    CoInitialize(NULL);
    test_classify();
    test_one_server_rule();
    test_hdrop();
    test_cida();
    test_names();
    test_quoting();
    test_drive_cache();
    test_decide();
    CoUninitialize();
    return th_finish();
}
