/* A small strict JSON reader for tests (recursive descent, UTF-8 output). */
#include "tjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t pos;
    char *err;
    size_t err_size;
    int failed;
    int depth;
} parser;

static void fail(parser *p, const char *what)
{
    if (!p->failed && p->err && p->err_size)
        snprintf(p->err, p->err_size, "offset %zu: %s", p->pos, what);
    p->failed = 1;
}

static void skip_ws(parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r')
        p->pos++;
}

static tjson *new_value(tjson_type type)
{
    tjson *v = calloc(1, sizeof(*v));
    if (v)
        v->type = type;
    return v;
}

static int hex4(parser *p, unsigned *out)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = p->s[p->pos + i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    p->pos += 4;
    *out = v;
    return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static char *parse_string_raw(parser *p)
{
    size_t start, cap, n = 0;
    char *out;
    if (p->s[p->pos] != '"') {
        fail(p, "expected a string");
        return NULL;
    }
    start = ++p->pos;
    while (p->s[p->pos] && p->s[p->pos] != '"')
        p->pos += p->s[p->pos] == '\\' && p->s[p->pos + 1] ? 2 : 1;
    cap = p->pos - start + 1;
    p->pos = start;
    out = malloc(cap + 4);
    if (!out) {
        fail(p, "out of memory");
        return NULL;
    }
    for (;;) {
        unsigned char c = (unsigned char)p->s[p->pos];
        if (!c) {
            fail(p, "unterminated string");
            break;
        }
        if (c == '"') {
            p->pos++;
            out[n] = 0;
            return out;
        }
        if (c < 0x20) {
            fail(p, "control character in string");
            break;
        }
        if (c != '\\') {
            out[n++] = (char)c;
            p->pos++;
            continue;
        }
        p->pos++;
        c = (unsigned char)p->s[p->pos++];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out[n++] = (char)c;
            break;
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'n':
            out[n++] = '\n';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(p, &cp)) {
                fail(p, "bad \\u escape");
                goto error;
            }
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
                    fail(p, "lone high surrogate");
                    goto error;
                }
                p->pos += 2;
                if (!hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    fail(p, "bad low surrogate");
                    goto error;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                fail(p, "lone low surrogate");
                goto error;
            }
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            fail(p, "bad escape");
            goto error;
        }
    }
error:
    free(out);
    return NULL;
}

static tjson *parse_value(parser *p);

static tjson *parse_container(parser *p, int object)
{
    tjson *v = new_value(object ? TJSON_OBJECT : TJSON_ARRAY), **tail;
    char close = object ? '}' : ']';
    if (!v) {
        fail(p, "out of memory");
        return NULL;
    }
    tail = &v->child;
    p->pos++;
    skip_ws(p);
    if (p->s[p->pos] == close) {
        p->pos++;
        return v;
    }
    for (;;) {
        char *key = NULL;
        tjson *item;
        skip_ws(p);
        if (object) {
            key = parse_string_raw(p);
            if (!key)
                break;
            skip_ws(p);
            if (p->s[p->pos] != ':') {
                free(key);
                fail(p, "expected ':'");
                break;
            }
            p->pos++;
        }
        item = parse_value(p);
        if (!item) {
            free(key);
            break;
        }
        item->key = key;
        *tail = item;
        tail = &item->next;
        v->count++;
        skip_ws(p);
        if (p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->s[p->pos] == close) {
            p->pos++;
            return v;
        }
        fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
        break;
    }
    tjson_free(v);
    return NULL;
}

static tjson *parse_value(parser *p)
{
    tjson *v = NULL;
    const char *s;
    skip_ws(p);
    s = p->s + p->pos;
    if (++p->depth > 200) {
        fail(p, "nested too deeply");
        return NULL;
    }
    if (*s == '{' || *s == '[') {
        v = parse_container(p, *s == '{');
    } else if (*s == '"') {
        char *str = parse_string_raw(p);
        if (str) {
            v = new_value(TJSON_STRING);
            if (v)
                v->string = str;
            else
                free(str);
        }
    } else if (!strncmp(s, "null", 4)) {
        v = new_value(TJSON_NULL);
        p->pos += 4;
    } else if (!strncmp(s, "true", 4) || !strncmp(s, "false", 5)) {
        v = new_value(TJSON_BOOL);
        if (v)
            v->boolean = *s == 't';
        p->pos += *s == 't' ? 4 : 5;
    } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
        char *end;
        double d = strtod(s, &end);
        if (end == s || (s[0] == '0' && s[1] >= '0' && s[1] <= '9') ||
            (s[0] == '-' && s[1] == '0' && s[2] >= '0' && s[2] <= '9')) {
            fail(p, "bad number");
        } else {
            v = new_value(TJSON_NUMBER);
            if (v)
                v->number = d;
            p->pos += (size_t)(end - s);
        }
    } else {
        fail(p, "expected a value");
    }
    p->depth--;
    return v;
}

tjson *tjson_parse(const char *text, char *err, size_t err_size)
{
    parser p = {text, 0, err, err_size, 0, 0};
    tjson *v;
    if (!text) {
        fail(&p, "no text");
        return NULL;
    }
    v = parse_value(&p);
    if (!v)
        return NULL;
    skip_ws(&p);
    if (p.s[p.pos]) {
        fail(&p, "trailing characters after the value");
        tjson_free(v);
        return NULL;
    }
    return v;
}

void tjson_free(tjson *v)
{
    while (v) {
        tjson *next = v->next;
        tjson_free(v->child);
        free(v->string);
        free(v->key);
        free(v);
        v = next;
    }
}

const tjson *tjson_get(const tjson *v, const char *path)
{
    const char *s = path;
    while (v && *s) {
        if (*s == '.') {
            s++;
        } else if (*s == '[') {
            char *end;
            long idx = strtol(s + 1, &end, 10);
            const tjson *c;
            if (*end != ']' || v->type != TJSON_ARRAY || idx < 0)
                return NULL;
            for (c = v->child; c && idx > 0; c = c->next)
                idx--;
            v = c;
            s = end + 1;
        } else {
            size_t n = strcspn(s, ".[");
            const tjson *c;
            if (v->type != TJSON_OBJECT)
                return NULL;
            for (c = v->child; c; c = c->next)
                if (strlen(c->key) == n && !strncmp(c->key, s, n))
                    break;
            v = c;
            s += n;
        }
    }
    return v;
}

const char *tjson_str(const tjson *v, const char *path)
{
    const tjson *r = tjson_get(v, path);
    return r && r->type == TJSON_STRING ? r->string : NULL;
}

int tjson_is_null(const tjson *v, const char *path)
{
    const tjson *r = tjson_get(v, path);
    return r && r->type == TJSON_NULL;
}

long tjson_len(const tjson *v, const char *path)
{
    const tjson *r = tjson_get(v, path);
    return r && (r->type == TJSON_ARRAY || r->type == TJSON_OBJECT) ? (long)r->count : -1;
}

long tjson_join(const tjson *v, const char *path, const char *member, char *buf, size_t size)
{
    const tjson *arr = tjson_get(v, path), *e;
    size_t used = 0;
    long n = 0;
    if (size)
        buf[0] = 0;
    if (!arr || arr->type != TJSON_ARRAY)
        return -1;
    for (e = arr->child; e; e = e->next, n++) {
        const char *s = tjson_str(e, member);
        int w = snprintf(buf + used, size > used ? size - used : 0, "%s%s", n ? " " : "", s ? s : "-");
        if (w > 0)
            used += (size_t)w;
    }
    return n;
}
