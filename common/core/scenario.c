/* Scenario files: a strict line parser that builds a model, all or nothing (see scenario-format.md). */
#include "scenario.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define SCENARIO_MAX_SIZE ((size_t)64 * 1024 * 1024)

/* One field of a line: positional (key == NULL) or an option key=value.
 * Strings point into the parser's NUL-terminated copy of the line. */
typedef struct field {
    char *key;
    char *value;
} field;

typedef struct parser {
    const char *name;
    unsigned long line;
    unsigned long logon_line;
    model *m;
    char *buf; /* the current line, split into NUL-terminated fields */
    size_t buf_cap;
    field *fields;
    size_t count, cap;
    size_t positional; /* how many fields are positional (they come first) */
    ca_error *err;
} parser;

/* Equal ignoring ASCII case (keywords and option names). */
static int word_is(const char *s, const char *word)
{
    for (; *s && *word; s++, word++)
        if (text_fold((unsigned char)*s) != (unsigned char)*word)
            return 0;
    return !*s && !*word;
}

/* Fails with "NAME:LINE: message". */
static ca_status fail(parser *p, const char *fmt, ...) CA_PRINTF(2, 3);
static ca_status fail(parser *p, const char *fmt, ...)
{
    char msg[sizeof(p->err->msg)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ca_fail(p->err, CA_ERR_INVALID, "%s:%lu: %s", p->name, p->line, msg);
}

/* Wraps the message of a failed model call as "NAME:LINE: message". */
static ca_status fail_inner(parser *p, ca_status st, const ca_error *inner)
{
    return ca_fail(p->err, st, "%s:%lu: %s", p->name, p->line, inner->msg);
}

/* Length of the well-formed UTF-8 sequence at s[0..n), 0 when malformed. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len, i;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* Overlong three- and four-byte forms, surrogates, and values over U+10FFFF. */
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) || (s[0] == 0xF0 && s[1] < 0x90) ||
        (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

int scenario_text_ok(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, k;
    while (i < n) {
        if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F)
            return 0;
        k = utf8_seq(u + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* Checks the raw line s[0..n) (without its LF) for NUL bytes, control
 * characters and malformed UTF-8. */
static ca_status check_line(parser *p, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;
    while (i < n) {
        if (u[i] == 0)
            return fail(p, "NUL byte at column %zu: a scenario is UTF-8 text", i + 1);
        if (u[i] == '\r')
            return fail(
                p, "carriage return at column %zu not followed by a line feed: lines end with LF or CRLF",
                i + 1);
        if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F)
            return fail(p, "control character U+%04X at column %zu: fields are separated by spaces or tabs",
                        (unsigned)u[i], i + 1);
        k = utf8_seq(u + i, n - i);
        if (!k)
            return fail(p, "invalid UTF-8 (byte 0x%02X at column %zu): a scenario is UTF-8 text",
                        (unsigned)u[i], i + 1);
        i += k;
    }
    return CA_OK;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_key_char(char c, int first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (!first && ((c >= '0' && c <= '9') || c == '_' || c == '-'));
}

static ca_status add_field(parser *p, char *key, char *value)
{
    if (p->count == p->cap) {
        size_t n = p->cap ? p->cap * 2 : 16;
        field *f = realloc(p->fields, n * sizeof(*f));
        if (!f)
            return ca_fail(p->err, CA_ERR_NOMEM, "out of memory reading %s", p->name);
        p->fields = f;
        p->cap = n;
    }
    p->fields[p->count].key = key;
    p->fields[p->count].value = value;
    p->count++;
    return CA_OK;
}

/* Reads a quoted string whose opening quote is at s[*i]; leaves *i after the
 * closing quote, which is replaced by NUL, and returns the content. */
static char *read_quoted(parser *p, char *s, size_t *i, ca_status *st)
{
    char *start = s + *i + 1, *end = strchr(start, '"');
    if (!end) {
        *st = fail(p, "unterminated quote: expected a closing '\"' before the end of the line");
        return NULL;
    }
    *end = 0;
    *i = (size_t)(end - s) + 1;
    if (s[*i] && !is_blank(s[*i])) {
        *st = fail(p, "expected white space after the closing quote, got '%c'", s[*i]);
        return NULL;
    }
    *st = CA_OK;
    return start;
}

/* Splits the line in p->buf into fields: positional ones first, then
 * key=value options; stops at a comment. */
static ca_status split(parser *p)
{
    char *s = p->buf, *value, *key;
    size_t i = 0, k;
    ca_status st;
    p->count = p->positional = 0;
    for (;;) {
        while (is_blank(s[i]))
            i++;
        /* A '#' here begins the line or follows white space: a comment. */
        if (!s[i] || s[i] == '#')
            return CA_OK;
        key = NULL;
        if (s[i] == '"') {
            value = read_quoted(p, s, &i, &st);
            if (!value)
                return st;
        } else {
            for (k = i; is_key_char(s[k], k == i); k++)
                ;
            if (k > i && s[k] == '=') {
                key = s + i;
                s[k] = 0;
                i = k + 1;
            }
            if (key && s[i] == '"') {
                value = read_quoted(p, s, &i, &st);
                if (!value)
                    return st;
            } else {
                value = s + i;
                while (s[i] && !is_blank(s[i])) {
                    if (s[i] == '"')
                        return fail(
                            p, "unexpected '\"' inside a field: a double quote may only start a field or an "
                               "option value");
                    i++;
                }
                if (s[i])
                    s[i++] = 0;
            }
        }
        if (!key && p->count > p->positional)
            return fail(p, "expected key=value options after the positional fields, got '%.*s'",
                        text_quote_len(value), value);
        st = add_field(p, key, value);
        if (st != CA_OK)
            return st;
        if (!key)
            p->positional++;
    }
}

/* Looks up the options a record allows: names[] lists them; values[] gets
 * each one's value or NULL. Rejects unknown and repeated options. */
static ca_status take_options(parser *p, const char *record, const char *const *names, const char **values,
                              size_t n, const char *expected)
{
    size_t i, j;
    for (j = 0; j < n; j++)
        values[j] = NULL;
    for (i = p->positional; i < p->count; i++) {
        const field *f = &p->fields[i];
        for (j = 0; j < n && !word_is(f->key, names[j]); j++)
            ;
        if (j == n)
            return n ? fail(p, "unknown option '%.*s=' for %s: expected %s", text_quote_len(f->key), f->key,
                            record, expected)
                     : fail(p, "unknown option '%.*s=': %s takes no options", text_quote_len(f->key), f->key,
                            record);
        if (values[j])
            return fail(p, "option '%s=' given twice", names[j]);
        values[j] = f->value;
    }
    return CA_OK;
}

static ca_status record_logon(parser *p)
{
    ca_error inner;
    ca_status st;
    if (p->positional < 2)
        return fail(p, "expected 'logon USER': the interactive user of the session");
    if (p->positional > 2)
        return fail(p, "unexpected field '%.*s' after 'logon USER'", text_quote_len(p->fields[2].value),
                    p->fields[2].value);
    st = take_options(p, "logon", NULL, NULL, 0, "");
    if (st != CA_OK)
        return st;
    if (p->logon_line)
        return fail(p, "a second logon record: the logon user was already given on line %lu", p->logon_line);
    st = model_set_logon(p->m, p->fields[1].value, &inner);
    if (st != CA_OK)
        return fail_inner(p, st, &inner);
    p->logon_line = p->line;
    return CA_OK;
}

static ca_status record_use(parser *p)
{
    static const char *const names[] = {"user", "status", "open"};
    const char *values[3];
    model_use_status status = USE_STATUS_OK;
    int open_files = -1;
    ca_error inner;
    ca_status st;
    if (p->positional < 2)
        return fail(
            p, "expected a local device (O:, LPT1: or -) and a remote path \\\\server\\share after 'use'");
    if (p->positional < 3)
        return fail(p, "expected a remote path \\\\server\\share after '%.*s'",
                    text_quote_len(p->fields[1].value), p->fields[1].value);
    if (p->positional > 3)
        return fail(p, "unexpected field '%.*s' after 'use LOCAL REMOTE': options are written key=value",
                    text_quote_len(p->fields[3].value), p->fields[3].value);
    st = take_options(p, "use", names, values, 3, "user=, status= or open=");
    if (st != CA_OK)
        return st;
    if (values[0] && !*values[0])
        return fail(p, "expected a user name after user=");
    if (values[1]) {
        if (word_is(values[1], "ok"))
            status = USE_STATUS_OK;
        else if (word_is(values[1], "disconnected"))
            status = USE_STATUS_DISCONNECTED;
        else if (word_is(values[1], "unavailable"))
            status = USE_STATUS_UNAVAILABLE;
        else
            return fail(p, "expected a status of ok, disconnected or unavailable, got '%.*s'",
                        text_quote_len(values[1]), values[1]);
    }
    if (values[2]) {
        const char *c = values[2];
        int over = 0;
        open_files = 0;
        for (; *c >= '0' && *c <= '9'; c++) {
            if (open_files > (INT_MAX - (*c - '0')) / 10)
                over = 1;
            else
                open_files = open_files * 10 + (*c - '0');
        }
        if (!*values[2] || *c || over)
            return fail(p, "expected a number of open files (0 to %d) after open=, got '%.*s'", INT_MAX,
                        text_quote_len(values[2]), values[2]);
    }
    st = model_add_use(p->m, p->fields[1].value, p->fields[2].value, values[0], status, open_files, -1,
                       &inner);
    if (st != CA_OK)
        return fail_inner(p, st, &inner);
    return CA_OK;
}

static ca_status record_cred(parser *p)
{
    static const char *const names[] = {"type"};
    const char *values[1];
    model_cred_type type = CRED_KIND_DOMAIN;
    ca_error inner;
    ca_status st;
    if (p->positional < 3)
        return fail(p, "expected 'cred TARGET USER [type=domain|generic]': %s",
                    p->positional < 2 ? "a target and a user are missing" : "the user is missing");
    if (p->positional > 3)
        return fail(p, "unexpected field '%.*s' after 'cred TARGET USER': options are written key=value",
                    text_quote_len(p->fields[3].value), p->fields[3].value);
    st = take_options(p, "cred", names, values, 1, "type=");
    if (st != CA_OK)
        return st;
    if (values[0]) {
        if (word_is(values[0], "domain"))
            type = CRED_KIND_DOMAIN;
        else if (word_is(values[0], "generic"))
            type = CRED_KIND_GENERIC;
        else
            return fail(p, "expected a type of domain or generic, got '%.*s'", text_quote_len(values[0]),
                        values[0]);
    }
    st = model_add_cred(p->m, p->fields[1].value, p->fields[2].value, type, &inner);
    if (st != CA_OK)
        return fail_inner(p, st, &inner);
    return CA_OK;
}

static ca_status record_dfs(parser *p)
{
    ca_error inner;
    ca_status st;
    if (p->positional < 3)
        return fail(
            p, "expected 'dfs PATH TARGET': a namespace path \\\\domain\\namespace and its active target "
               "\\\\server\\share");
    if (p->positional > 3)
        return fail(p, "unexpected field '%.*s' after 'dfs PATH TARGET'", text_quote_len(p->fields[3].value),
                    p->fields[3].value);
    st = take_options(p, "dfs", NULL, NULL, 0, "");
    if (st != CA_OK)
        return st;
    st = model_add_dfs(p->m, p->fields[1].value, p->fields[2].value, &inner);
    if (st != CA_OK)
        return fail_inner(p, st, &inner);
    return CA_OK;
}

static ca_status record_host(parser *p)
{
    const char **names;
    ca_error inner;
    ca_status st;
    size_t i;
    if (p->positional < 3)
        return fail(p, "expected 'host NAME NAME...': at least two names that reach the same machine");
    st = take_options(p, "host", NULL, NULL, 0, "");
    if (st != CA_OK)
        return st;
    names = malloc((p->positional - 1) * sizeof(*names));
    if (!names)
        return ca_fail(p->err, CA_ERR_NOMEM, "out of memory reading %s", p->name);
    for (i = 1; i < p->positional; i++)
        names[i - 1] = p->fields[i].value;
    st = model_add_host(p->m, names, p->positional - 1, &inner);
    free(names);
    if (st != CA_OK)
        return fail_inner(p, st, &inner);
    return CA_OK;
}

/* Parses one line s[0..n) (without LF; a final CR is dropped). */
static ca_status parse_line(parser *p, const char *s, size_t n)
{
    const char *keyword;
    ca_status st;
    if (n && s[n - 1] == '\r')
        n--;
    st = check_line(p, s, n);
    if (st != CA_OK)
        return st;
    if (n + 1 > p->buf_cap) {
        size_t cap = p->buf_cap ? p->buf_cap : 256;
        char *b;
        while (cap < n + 1)
            cap *= 2;
        b = realloc(p->buf, cap);
        if (!b)
            return ca_fail(p->err, CA_ERR_NOMEM, "out of memory reading %s", p->name);
        p->buf = b;
        p->buf_cap = cap;
    }
    memcpy(p->buf, s, n);
    p->buf[n] = 0;
    st = split(p);
    if (st != CA_OK || !p->count)
        return st;
    if (!p->positional)
        return fail(p, "expected a record keyword (logon, use, cred, dfs or host), got '%.*s='",
                    text_quote_len(p->fields[0].key), p->fields[0].key);
    keyword = p->fields[0].value;
    if (word_is(keyword, "logon"))
        return record_logon(p);
    if (word_is(keyword, "use"))
        return record_use(p);
    if (word_is(keyword, "cred"))
        return record_cred(p);
    if (word_is(keyword, "dfs"))
        return record_dfs(p);
    if (word_is(keyword, "host"))
        return record_host(p);
    return fail(p, "expected a record keyword (logon, use, cred, dfs or host), got '%.*s'",
                text_quote_len(keyword), keyword);
}

ca_status scenario_parse(const char *name, const char *text, size_t len, model **out, ca_error *err)
{
    parser p;
    const char *s = text, *end = text + len, *nl;
    ca_status st = CA_OK;

    *out = NULL;
    memset(&p, 0, sizeof(p));
    p.name = name ? name : "scenario";
    p.err = err;
    if (!text && len)
        return ca_fail(err, CA_ERR_INVALID, "%s: no text", p.name);
    p.m = model_create();
    if (!p.m)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory reading %s", p.name);
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (s < end) {
        p.line++;
        nl = memchr(s, '\n', (size_t)(end - s));
        st = parse_line(&p, s, nl ? (size_t)(nl - s) : (size_t)(end - s));
        if (st != CA_OK)
            break;
        s = nl ? nl + 1 : end;
    }
    if (st == CA_OK && !p.logon_line)
        st = ca_fail(err, CA_ERR_INVALID, "%s: expected a 'logon USER' record (required once), found none",
                     p.name);
    free(p.buf);
    free(p.fields);
    if (st != CA_OK) {
        model_free(p.m);
        return st;
    }
    snprintf(p.m->source, sizeof(p.m->source), "%s", "scenario");
    *out = p.m;
    return CA_OK;
}

ca_status scenario_load_file(const char *path, model **out, ca_error *err)
{
    FILE *f;
    char *buf = NULL, *b;
    size_t len = 0, cap = 0, got;
    ca_status st;

    *out = NULL;
    if (!path || !*path)
        return ca_fail(err, CA_ERR_IO, "no scenario file named");
    f = fopen(path, "rb");
    if (!f)
        return ca_fail(err, CA_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    for (;;) {
        if (len == cap) {
            size_t n = cap ? cap * 2 : 64 * 1024;
            if (n > SCENARIO_MAX_SIZE + 1)
                n = SCENARIO_MAX_SIZE + 1;
            if (n == cap) {
                free(buf);
                fclose(f);
                return ca_fail(err, CA_ERR_LIMIT, "%s is larger than %zu MiB: not a scenario file", path,
                               SCENARIO_MAX_SIZE / (1024 * 1024));
            }
            b = realloc(buf, n);
            if (!b) {
                free(buf);
                fclose(f);
                return ca_fail(err, CA_ERR_NOMEM, "out of memory reading %s", path);
            }
            buf = b;
            cap = n;
        }
        errno = 0;
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (ferror(f)) {
            int e = errno;
            free(buf);
            fclose(f);
            return ca_fail(err, CA_ERR_IO, "cannot read %s: %s", path, strerror(e ? e : EIO));
        }
        if (got == 0 || feof(f))
            break;
    }
    fclose(f);
    if (len > SCENARIO_MAX_SIZE) {
        free(buf);
        return ca_fail(err, CA_ERR_LIMIT, "%s is larger than %zu MiB: not a scenario file", path,
                       SCENARIO_MAX_SIZE / (1024 * 1024));
    }
    st = scenario_parse(path, buf, len, out, err);
    free(buf);
    return st;
}
