/* Tray text helpers: a UTF-16 buffer, string-table loading with %1…%9 inserts, error sentences. */
#include "tray_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "winutil.h"

static int wbuf_reserve(wbuf *b, size_t extra)
{
    size_t need, cap;
    WCHAR *data;
    if (b->failed)
        return 0;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    data = realloc(b->data, cap * sizeof(WCHAR));
    if (!data) {
        b->failed = 1;
        return 0;
    }
    b->data = data;
    b->cap = cap;
    return 1;
}

void wbuf_addn(wbuf *b, const WCHAR *s, size_t n)
{
    if (!s || !wbuf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n * sizeof(WCHAR));
    b->len += n;
    b->data[b->len] = 0;
}

void wbuf_add(wbuf *b, const WCHAR *s)
{
    if (s)
        wbuf_addn(b, s, wcslen(s));
}

void wbuf_add_utf8(wbuf *b, const char *s)
{
    WCHAR *w;
    if (!s)
        return;
    w = win_from_utf8(s);
    if (!w) {
        b->failed = 1;
        return;
    }
    wbuf_add(b, w);
    free(w);
}

HINSTANCE tray_text_module(void)
{
    return GetModuleHandleW(NULL);
}

static LANGID pinned_language; /* 0: the thread's UI language */

void tray_text_set_language(LANGID lang)
{
    pinned_language = lang;
}

/* The string table entry in the pinned language (not NUL-terminated), NULL when missing. */
static const WCHAR *pinned_string(UINT id, size_t *len)
{
    HRSRC res = FindResourceExW(tray_text_module(), (LPCWSTR)RT_STRING, MAKEINTRESOURCEW(id / 16 + 1),
                                pinned_language);
    HGLOBAL mem = res ? LoadResource(tray_text_module(), res) : NULL;
    const WCHAR *p = mem ? LockResource(mem) : NULL;
    UINT i;
    if (!p)
        return NULL;
    for (i = 0; i < (id & 15); i++)
        p += 1 + *p;
    *len = *p;
    return *len ? p + 1 : NULL;
}

/* The string table entry as a pointer into the resource (not NUL-terminated). */
static const WCHAR *res_string(UINT id, size_t *len)
{
    const WCHAR *p = NULL;
    int n;
    if (pinned_language && (p = pinned_string(id, len)) != NULL)
        return p;
    n = LoadStringW(tray_text_module(), id, (LPWSTR)&p, 0);
    *len = n > 0 && p ? (size_t)n : 0;
    return *len ? p : L"";
}

void wbuf_add_res(wbuf *b, UINT id, const WCHAR *const *args, int nargs)
{
    size_t len, i, start = 0;
    const WCHAR *s = res_string(id, &len);
    for (i = 0; i + 1 < len; i++) {
        if (s[i] != L'%')
            continue;
        if (s[i + 1] == L'%') {
            wbuf_addn(b, s + start, i + 1 - start);
            start = i + 2;
            i++;
        } else if (s[i + 1] >= L'1' && s[i + 1] <= L'9') {
            int k = s[i + 1] - L'1';
            wbuf_addn(b, s + start, i - start);
            if (k < nargs && args[k])
                wbuf_add(b, args[k]);
            start = i + 2;
            i++;
        }
    }
    wbuf_addn(b, s + start, len - start);
    if (!b->data)
        wbuf_reserve(b, 0);
    if (b->data)
        b->data[b->len] = 0;
}

const WCHAR *wbuf_str(const wbuf *b)
{
    return b->data && !b->failed ? b->data : L"";
}

WCHAR *wbuf_take(wbuf *b)
{
    WCHAR *out;
    if (b->failed) {
        wbuf_cleanup(b);
        return NULL;
    }
    if (!b->data)
        wbuf_reserve(b, 0);
    if (b->data)
        b->data[b->len] = 0;
    out = b->data;
    memset(b, 0, sizeof(*b));
    return out;
}

void wbuf_cleanup(wbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

WCHAR *tray_load(UINT id)
{
    wbuf b = {0};
    wbuf_add_res(&b, id, NULL, 0);
    return wbuf_take(&b);
}

WCHAR *tray_fmt(UINT id, ...)
{
    const WCHAR *args[9];
    int n = 0;
    va_list ap;
    wbuf b = {0};
    va_start(ap, id);
    while (n < 9) {
        const WCHAR *a = va_arg(ap, const WCHAR *);
        if (!a)
            break;
        args[n++] = a;
    }
    va_end(ap);
    wbuf_add_res(&b, id, args, n);
    return wbuf_take(&b);
}

void wbuf_add_list(wbuf *b, const WCHAR *const *items, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        if (i)
            wbuf_add_res(b, i + 1 == count ? IDS_LIST_AND : IDS_LIST_COMMA, NULL, 0);
        wbuf_add(b, items[i] ? items[i] : L"?");
    }
}

const WCHAR *tray_num(long long n, WCHAR *buf)
{
    _snwprintf(buf, 24, L"%lld", n);
    buf[23] = 0;
    return buf;
}

void tray_error_text(DWORD code, const char *detail, WCHAR *buf, size_t len)
{
    WCHAR sentence[600];
    if (!len)
        return;
    if (code) {
        win_error_sentence(NULL, code, sentence, ARRAYSIZE(sentence));
        if (!sentence[0] && detail && *detail) {
            WCHAR *w = win_from_utf8(detail);
            _snwprintf(sentence, ARRAYSIZE(sentence), L"%ls", w ? w : L"");
            sentence[ARRAYSIZE(sentence) - 1] = 0;
            free(w);
        }
    } else {
        WCHAR *w = win_from_utf8(detail ? detail : "");
        _snwprintf(sentence, ARRAYSIZE(sentence), L"%ls", w ? w : L"");
        sentence[ARRAYSIZE(sentence) - 1] = 0;
        free(w);
    }
    _snwprintf(buf, len, L"%ls", sentence);
    buf[len - 1] = 0;
}

WCHAR *tray_wdup(const WCHAR *s)
{
    return s ? _wcsdup(s) : NULL;
}

char *tray_dup8(const char *s)
{
    return text_dup(s);
}

WCHAR *tray_crlf(const WCHAR *s)
{
    wbuf b = {0};
    const WCHAR *p;
    if (!s)
        s = L"";
    for (p = s; *p; p++) {
        if (*p == L'\n' && (p == s || p[-1] != L'\r'))
            wbuf_addn(&b, L"\r\n", 2);
        else
            wbuf_addn(&b, p, 1);
    }
    return wbuf_take(&b);
}
