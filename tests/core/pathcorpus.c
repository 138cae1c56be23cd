/* Reader of tests/data/paths.corpus: verdict, path and hand-off per line, {U+XXXX} escapes decoded. */
#include "pathcorpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes s[0..n) (UTF-8 with {U+XXXX} escapes) into UTF-16 units; returns the count or -1. */
static long decode(const char *s, size_t n, uint16_t *out)
{
    size_t i = 0;
    long k = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        unsigned long cp;
        size_t len, j;
        if (c == '{' && n - i >= 8 && !strncmp(s + i, "{U+", 3) && s[i + 7] == '}') {
            char hex[5];
            memcpy(hex, s + i + 3, 4);
            hex[4] = 0;
            out[k++] = (uint16_t)strtoul(hex, NULL, 16);
            i += 8;
            continue;
        }
        if (c < 0x80) {
            cp = c;
            len = 1;
        } else if ((c & 0xE0) == 0xC0) {
            cp = c & 0x1F;
            len = 2;
        } else if ((c & 0xF0) == 0xE0) {
            cp = c & 0x0F;
            len = 3;
        } else if ((c & 0xF8) == 0xF0) {
            cp = c & 0x07;
            len = 4;
        } else {
            return -1;
        }
        if (n - i < len)
            return -1;
        for (j = 1; j < len; j++)
            cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[k++] = (uint16_t)(0xD800 + (cp >> 10));
            out[k++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
        } else {
            out[k++] = (uint16_t)cp;
        }
    }
    out[k] = 0;
    return k;
}

/* UTF-16 units to UTF-8; a lone surrogate is written as its own three bytes. */
static char *to_utf8(const uint16_t *w, size_t n)
{
    char *out = malloc(n * 3 + 1), *p = out;
    size_t i;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        unsigned long cp = w[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (w[i + 1] - 0xDC00);
            i++;
        }
        if (cp < 0x80) {
            *p++ = (char)cp;
        } else if (cp < 0x800) {
            *p++ = (char)(0xC0 | (cp >> 6));
            *p++ = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *p++ = (char)(0xE0 | (cp >> 12));
            *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *p++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *p++ = (char)(0xF0 | (cp >> 18));
            *p++ = (char)(0x80 | ((cp >> 12) & 0x3F));
            *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *p++ = (char)(0x80 | (cp & 0x3F));
        }
    }
    *p = 0;
    return out;
}

/* Decodes field s[0..n) into *w16 and *w8; 0 on a malformed field. */
static int field(const char *s, size_t n, uint16_t **w16, size_t *len16, char **w8)
{
    long k;
    *w16 = malloc((n + 1) * sizeof(uint16_t));
    if (!*w16)
        return 0;
    k = decode(s, n, *w16);
    if (k < 0)
        return 0;
    if (len16)
        *len16 = (size_t)k;
    *w8 = to_utf8(*w16, (size_t)k);
    return *w8 != NULL;
}

long pc_load(const char *file, pc_case **cases)
{
    FILE *f = fopen(file, "rb");
    static char line[8192];
    long count = 0, cap = 0;
    int number = 0, bad = 0;
    pc_case *list = NULL;
    *cases = NULL;
    if (!f) {
        fprintf(stderr, "cannot open %s\n", file);
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        size_t n = strlen(line);
        char *tab, *tab2;
        pc_case *c;
        number++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (!n || line[0] == '#')
            continue;
        if (count == cap) {
            pc_case *grown = realloc(list, (size_t)(cap = cap ? cap * 2 : 64) * sizeof(*list));
            if (!grown) {
                bad = 1;
                break;
            }
            list = grown;
        }
        c = &list[count];
        memset(c, 0, sizeof(*c));
        c->line = number;
        tab = strchr(line, '\t');
        if (!strncmp(line, "yes", 3) && (line[3] == '\t' || !line[3]))
            c->expect = 1;
        else if (!(!strncmp(line, "no", 2) && (line[2] == '\t' || !line[2]))) {
            fprintf(stderr, "%s:%d: expected yes or no\n", file, number);
            bad = 1;
            break;
        }
        count++;
        if (!tab)
            tab = line + n;
        else
            tab++;
        tab2 = strchr(tab, '\t');
        if (!field(tab, tab2 ? (size_t)(tab2 - tab) : strlen(tab), &c->path16, &c->len16, &c->path8) ||
            (tab2 && !field(tab2 + 1, strlen(tab2 + 1), &c->handoff16, NULL, &c->handoff8))) {
            fprintf(stderr, "%s:%d: malformed line\n", file, number);
            bad = 1;
            break;
        }
        if (c->expect != (tab2 != NULL)) {
            fprintf(stderr, "%s:%d: a yes line names its hand-off, a no line none\n", file, number);
            bad = 1;
            break;
        }
    }
    fclose(f);
    if (bad) {
        pc_free(list, count);
        return -1;
    }
    *cases = list;
    return count;
}

void pc_free(pc_case *cases, long count)
{
    long i;
    for (i = 0; cases && i < count; i++) {
        free(cases[i].path16);
        free(cases[i].path8);
        free(cases[i].handoff16);
        free(cases[i].handoff8);
    }
    free(cases);
}

int pc_drive_is_remote(int c)
{
    return pc_drive_remote(c) != NULL;
}

const char *pc_drive_remote(int c)
{
    if (c == 'N' || c == 'n')
        return "\\\\fs01\\data";
    if (c == 'O' || c == 'o')
        return "\\\\fs02\\team";
    return NULL;
}
