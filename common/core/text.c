/* Small text helpers shared by the core and the CLI: ASCII case folding, quoting lengths, list joins. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

int text_fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int text_cmp_ci(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    int cx, cy;
    for (;; x++, y++) {
        cx = text_fold(*x);
        cy = text_fold(*y);
        if (cx != cy || !cx)
            return cx - cy;
    }
}

int text_eq_ci(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    return text_cmp_ci(a, b) == 0;
}

int text_eq_ci_n(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (text_fold((unsigned char)a[i]) != text_fold((unsigned char)b[i]))
            return 0;
        if (!a[i])
            return 1;
    }
    return 1;
}

int text_quote_len(const char *s)
{
    size_t n = strlen(s);
    if (n <= 60)
        return (int)n;
    n = 60;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

#ifndef UNC_VERDICT_ONLY /* the shell extension links only the comparisons (no printf in the DLL) */
void text_join(strbuf *out, const char *const *items, size_t count)
{
    size_t i, total = 0, seen = 0;
    for (i = 0; i < count; i++)
        total += items[i] != NULL;
    for (i = 0; i < count; i++) {
        if (!items[i])
            continue;
        if (seen)
            strbuf_add(out, seen + 1 == total ? " and " : ", ");
        strbuf_add(out, items[i]);
        seen++;
    }
}
#endif

void text_copy_fit(char *dst, size_t size, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--; /* text[n] is now the first byte of the character that did not fit */
    }
    if (n)
        memcpy(dst, text, n);
    dst[n] = 0;
}

char *text_dup(const char *s)
{
    size_t n;
    char *p;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}
