/* A growable UTF-8 text buffer with JSON string escaping, for rendering. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(strbuf *sb)
{
    if (sb)
        memset(sb, 0, sizeof(*sb));
}

void strbuf_cleanup(strbuf *sb)
{
    if (!sb)
        return;
    free(sb->data);
    memset(sb, 0, sizeof(*sb));
}

/* Makes room for `more` bytes plus the NUL. 0 when the buffer failed (sticky). */
static int reserve(strbuf *sb, size_t more)
{
    size_t need, cap;
    char *p;
    if (sb->failed)
        return 0;
    if (more > SIZE_MAX - sb->len - 1) {
        sb->failed = 1;
        return 0;
    }
    need = sb->len + more + 1;
    if (need <= sb->cap)
        return 1;
    cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(sb->data, cap);
    if (!p) {
        sb->failed = 1;
        return 0;
    }
    sb->data = p;
    sb->cap = cap;
    return 1;
}

void strbuf_addn(strbuf *sb, const char *s, size_t n)
{
    if (!sb || !s || !reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = 0;
}

void strbuf_add(strbuf *sb, const char *s)
{
    if (s)
        strbuf_addn(sb, s, strlen(s));
}

void strbuf_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    if (!sb || !fmt || sb->failed)
        return;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = 1;
    } else if (reserve(sb, (size_t)n)) {
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap2);
        sb->len += (size_t)n;
    }
    va_end(ap2);
}

/* Length of the valid UTF-8 sequence at s (1–4), or 0 when the bytes there are
 * not valid UTF-8; *bad_len is then the number of bytes to replace by one
 * U+FFFD (the maximal ill-formed prefix, at least 1). Rejects overlong forms,
 * surrogates and code points above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t avail, size_t *bad_len)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n, i;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else {
        *bad_len = 1;
        return 0;
    }
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    for (i = 1; i < n; i++) {
        unsigned char lo_i = i == 1 ? lo : 0x80, hi_i = i == 1 ? hi : 0xBF;
        if (i >= avail || s[i] < lo_i || s[i] > hi_i) {
            *bad_len = i;
            return 0;
        }
    }
    return n;
}

void strbuf_add_json_member(strbuf *sb, const char *member, const char *s)
{
    strbuf_add(sb, member);
    strbuf_add_json_string(sb, s);
}

void strbuf_add_json_string(strbuf *sb, const char *s)
{
    const unsigned char *p;
    size_t len, i, run;
    if (!sb)
        return;
    if (!s) {
        strbuf_add(sb, "null");
        return;
    }
    p = (const unsigned char *)s;
    len = strlen(s);
    strbuf_add(sb, "\"");
    i = 0;
    while (i < len) {
        size_t bad = 0, n;
        /* Copy the longest run that needs no escaping in one go. */
        run = i;
        while (run < len && p[run] >= 0x20 && p[run] < 0x7F && p[run] != '"' && p[run] != '\\')
            run++;
        if (run > i) {
            strbuf_addn(sb, s + i, run - i);
            i = run;
            continue;
        }
        switch (p[i]) {
        case '"':
            strbuf_add(sb, "\\\"");
            i++;
            continue;
        case '\\':
            strbuf_add(sb, "\\\\");
            i++;
            continue;
        case '\b':
            strbuf_add(sb, "\\b");
            i++;
            continue;
        case '\f':
            strbuf_add(sb, "\\f");
            i++;
            continue;
        case '\n':
            strbuf_add(sb, "\\n");
            i++;
            continue;
        case '\r':
            strbuf_add(sb, "\\r");
            i++;
            continue;
        case '\t':
            strbuf_add(sb, "\\t");
            i++;
            continue;
        default:
            break;
        }
        if (p[i] < 0x20 || p[i] == 0x7F) {
            strbuf_addf(sb, "\\u%04x", (unsigned)p[i]);
            i++;
            continue;
        }
        n = utf8_seq(p + i, len - i, &bad);
        if (n) {
            strbuf_addn(sb, s + i, n);
            i += n;
        } else {
            strbuf_add(sb, "\xEF\xBF\xBD"); /* U+FFFD REPLACEMENT CHARACTER */
            i += bad;
        }
    }
    strbuf_add(sb, "\"");
}

const char *strbuf_str(const strbuf *sb)
{
    return sb && sb->data ? sb->data : "";
}
