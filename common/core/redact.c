/* Redaction: consistent, shape-keeping pseudonyms for the names in a model (see redact.h). */
#include "redact.h"

#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "strbuf.h"
#include "text.h"
#include "unc.h"

#define REDACT_MAX_NAMES 9999u
#define REDACT_MAX_IPV4 762u /* 3 documentation /24 ranges of 254 addresses */

typedef struct redact_entry {
    char *key; /* the original, ASCII lower case */
    char *value;
} redact_entry;

/* One table of pseudonyms: linear search (a snapshot holds tens of names). */
typedef struct redact_map {
    redact_entry *items;
    size_t count, cap;
} redact_map;

enum { MAP_WORD, MAP_USER, MAP_SHARE, MAP_DIR, MAP_IPV4, MAP_IPV6, MAP_GENERIC, MAP_COUNT };

struct redactor {
    redact_map maps[MAP_COUNT];
};

redactor *redactor_create(void)
{
    return calloc(1, sizeof(redactor));
}

void redactor_free(redactor *r)
{
    size_t i, k;
    if (!r)
        return;
    for (i = 0; i < MAP_COUNT; i++) {
        for (k = 0; k < r->maps[i].count; k++) {
            free(r->maps[i].items[k].key);
            free(r->maps[i].items[k].value);
        }
        free(r->maps[i].items);
    }
    free(r);
}

/* 1 when a[0..n) folds to key (which is folded already). */
static int equal_ci(const char *a, size_t n, const char *key)
{
    return text_eq_ci_n(a, key, n) && key[n] == 0;
}

/* Makes the n-th (1-based) pseudonym of a map. */
static void make_value(int map, unsigned n, const char *prefix, char *buf, size_t size, int hidden)
{
    switch (map) {
    case MAP_IPV4:
        snprintf(buf, size, "%s.%u",
                 n <= 254   ? "192.0.2"
                 : n <= 508 ? "198.51.100"
                            : "203.0.113",
                 (n - 1) % 254 + 1);
        break;
    case MAP_IPV6:
        snprintf(buf, size, "2001-db8--%x.ipv6-literal.net", n);
        break;
    default:
        snprintf(buf, size, "%s%u%s", prefix, n, hidden ? "$" : "");
        break;
    }
}

/* Appends the pseudonym of s[0..n) in map to out, creating it when new. */
static ca_status pseudonym(redactor *r, int map, const char *s, size_t n, const char *prefix, strbuf *out,
                           ca_error *err)
{
    redact_map *mp = &r->maps[map];
    redact_entry *e;
    char value[64];
    size_t i;
    for (i = 0; i < mp->count; i++)
        if (equal_ci(s, n, mp->items[i].key)) {
            strbuf_add(out, mp->items[i].value);
            return CA_OK;
        }
    if (mp->count >= (map == MAP_IPV4 ? REDACT_MAX_IPV4 : REDACT_MAX_NAMES))
        return ca_fail(err, CA_ERR_LIMIT, "too many different %s to give each a pseudonym (at most %u)",
                       map == MAP_IPV4 ? "IPv4 addresses" : "names",
                       map == MAP_IPV4 ? REDACT_MAX_IPV4 : REDACT_MAX_NAMES);
    if (mp->count == mp->cap) {
        size_t cap = mp->cap ? mp->cap * 2 : 16;
        redact_entry *grown = realloc(mp->items, cap * sizeof(*grown));
        if (!grown)
            return ca_fail(err, CA_ERR_NOMEM, "out of memory");
        mp->items = grown;
        mp->cap = cap;
    }
    make_value(map, (unsigned)mp->count + 1, prefix, value, sizeof(value),
               map == MAP_SHARE && n && s[n - 1] == '$');
    e = &mp->items[mp->count];
    e->key = malloc(n + 1);
    e->value = malloc(strlen(value) + 1);
    if (!e->key || !e->value) {
        free(e->key);
        free(e->value);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < n; i++)
        e->key[i] = (char)text_fold((unsigned char)s[i]);
    e->key[n] = 0;
    memcpy(e->value, value, strlen(value) + 1);
    mp->count++;
    strbuf_add(out, value);
    return CA_OK;
}

/* A dotted DNS name, label by label (first_prefix for the first label). */
static ca_status dns_name(redactor *r, const char *s, const char *first_prefix, strbuf *out, ca_error *err)
{
    const char *prefix = first_prefix;
    ca_status st = CA_OK;
    for (;;) {
        size_t n = strcspn(s, ".");
        if (n)
            st = pseudonym(r, MAP_WORD, s, n, prefix, out, err);
        if (st != CA_OK || !s[n])
            return st;
        strbuf_add(out, ".");
        s += n + 1;
        prefix = "dom";
    }
}

static ca_status server_name(redactor *r, const char *s, strbuf *out, ca_error *err)
{
    switch (unc_classify_server(s)) {
    case UNC_NAME_IPV4:
        return pseudonym(r, MAP_IPV4, s, strlen(s), "", out, err);
    case UNC_NAME_IPV6:
        return pseudonym(r, MAP_IPV6, s, strlen(s), "", out, err);
    case UNC_NAME_FQDN:
        return dns_name(r, s, "srv", out, err);
    case UNC_NAME_NETBIOS:
    default:
        return pseudonym(r, MAP_WORD, s, strlen(s), "srv", out, err);
    }
}

/* IPC$, ADMIN$, PRINT$ and drive shares (C$) say nothing about the customer. */
static int share_kept(const char *share)
{
    size_t n = strlen(share);
    if (unc_is_ipc(share))
        return 1;
    if (n == 2 && share[1] == '$' &&
        ((share[0] >= 'A' && share[0] <= 'Z') || (share[0] >= 'a' && share[0] <= 'z')))
        return 1;
    return equal_ci(share, n, "admin$") || equal_ci(share, n, "print$");
}

/* Path components below a share or drive: "\\dir\\file" (or "/"). */
static ca_status components_into(redactor *r, const char *s, strbuf *out, ca_error *err)
{
    ca_status st = CA_OK;
    while (st == CA_OK && s && (*s == '\\' || *s == '/')) {
        size_t n = strcspn(s + 1, "\\/");
        strbuf_add(out, "\\");
        if (n)
            st = pseudonym(r, MAP_DIR, s + 1, n, "dir", out, err);
        s += n + 1;
    }
    return st;
}

static ca_status unc_into(redactor *r, const char *text, strbuf *out, ca_error *err)
{
    unc_path p;
    ca_status st;
    memset(&p, 0, sizeof(p));
    if (unc_is_drive_path(text, NULL)) {
        strbuf_addn(out, text, 2);
        return components_into(r, text + 2, out, err);
    }
    if ((st = unc_parse(text, 0, &p, err)) != CA_OK)
        return st;
    strbuf_add(out, "\\\\");
    st = server_name(r, p.server, out, err);
    if (st == CA_OK && p.share) {
        strbuf_add(out, "\\");
        if (share_kept(p.share))
            strbuf_add(out, p.share);
        else
            st = pseudonym(r, MAP_SHARE, p.share, strlen(p.share), "share", out, err);
    }
    if (st == CA_OK)
        st = components_into(r, p.rest, out, err);
    unc_path_cleanup(&p);
    return st;
}

static ca_status user_into(redactor *r, const char *text, strbuf *out, ca_error *err)
{
    acct_name a;
    ca_status st;
    if (acct_parse(text, &a, NULL) != CA_OK)
        return pseudonym(r, MAP_USER, text, strlen(text), "user", out, err);
    switch (a.form) {
    case ACCT_DOMAIN:
        st = dns_name(r, a.domain, "dom", out, err);
        strbuf_add(out, "\\");
        break;
    case ACCT_LOCAL:
        strbuf_add(out, ".\\");
        st = CA_OK;
        break;
    default:
        st = CA_OK;
        break;
    }
    if (st == CA_OK)
        st = pseudonym(r, MAP_USER, a.name, strlen(a.name), "user", out, err);
    if (st == CA_OK && a.form == ACCT_UPN) {
        strbuf_add(out, "@");
        st = dns_name(r, a.domain, "dom", out, err);
    }
    return st;
}

/* A credential target: the prefix, "*" and "*Session" and service classes stay. */
static ca_status target_into(redactor *r, const model_cred *c, strbuf *out, ca_error *err)
{
    const char *raw = c->raw_target ? c->raw_target : c->target, *t = c->target, *slash;
    size_t rn = strlen(raw), tn = strlen(t);
    if (rn >= tn && !strcmp(raw + rn - tn, t))
        strbuf_addn(out, raw, rn - tn);
    if (c->type == CRED_KIND_GENERIC)
        return pseudonym(r, MAP_GENERIC, t, tn, "generic", out, err);
    if (!strcmp(t, "*") || (tn == 8 && equal_ci(t, tn, "*session"))) {
        strbuf_add(out, t);
        return CA_OK;
    }
    if (tn > 2 && t[0] == '*' && t[1] == '.') {
        strbuf_add(out, "*.");
        return dns_name(r, t + 2, "dom", out, err);
    }
    if (tn > 2 && t[tn - 1] == '*' && t[tn - 2] == '\\') {
        ca_status st;
        char *domain = malloc(tn - 1);
        if (!domain)
            return ca_fail(err, CA_ERR_NOMEM, "out of memory");
        memcpy(domain, t, tn - 2);
        domain[tn - 2] = 0;
        st = dns_name(r, domain, "dom", out, err);
        free(domain);
        strbuf_add(out, "\\*");
        return st;
    }
    slash = strchr(t, '/');
    if (slash) {
        strbuf_addn(out, t, (size_t)(slash - t) + 1);
        return server_name(r, slash + 1, out, err);
    }
    return server_name(r, t, out, err);
}

/* Runs fn on text into a fresh buffer; *res is its string (owned by sb). */
#define INTO(fn, text, sb, st)                                                                               \
    do {                                                                                                     \
        strbuf_init(&(sb));                                                                                  \
        (st) = (text) ? fn(r, (text), &(sb), err) : CA_OK;                                                   \
        if ((st) == CA_OK && (sb).failed)                                                                    \
            (st) = ca_fail(err, CA_ERR_NOMEM, "out of memory");                                              \
    } while (0)

static ca_status copy_uses(redactor *r, const model *in, model *m, ca_error *err)
{
    size_t i;
    ca_status st = CA_OK;
    for (i = 0; i < in->use_count && st == CA_OK; i++) {
        const model_use *u = &in->uses[i];
        strbuf remote, user;
        INTO(unc_into, u->remote, remote, st);
        if (st == CA_OK)
            INTO(user_into, u->user, user, st);
        else
            strbuf_init(&user);
        if (st == CA_OK)
            st = model_add_use(m, u->local, strbuf_str(&remote), u->user ? strbuf_str(&user) : NULL,
                               u->status, u->open_files, u->use_count, err);
        strbuf_cleanup(&remote);
        strbuf_cleanup(&user);
    }
    return st;
}

static ca_status copy_creds(redactor *r, const model *in, model *m, ca_error *err)
{
    size_t i;
    ca_status st = CA_OK;
    for (i = 0; i < in->cred_count && st == CA_OK; i++) {
        const model_cred *c = &in->creds[i];
        strbuf target, user;
        strbuf_init(&target);
        strbuf_init(&user);
        st = target_into(r, c, &target, err);
        if (st == CA_OK && c->user && *c->user)
            st = user_into(r, c->user, &user, err);
        if (st == CA_OK && (target.failed || user.failed))
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
        if (st == CA_OK)
            st = model_add_cred(m, strbuf_str(&target), strbuf_str(&user), c->type, err);
        strbuf_cleanup(&target);
        strbuf_cleanup(&user);
    }
    return st;
}

static ca_status copy_dfs_hosts(redactor *r, const model *in, model *m, ca_error *err)
{
    size_t i, k;
    ca_status st = CA_OK;
    for (i = 0; i < in->dfs_count && st == CA_OK; i++) {
        strbuf path, target;
        INTO(unc_into, in->dfs[i].path, path, st);
        if (st == CA_OK)
            INTO(unc_into, in->dfs[i].target, target, st);
        else
            strbuf_init(&target);
        if (st == CA_OK)
            st = model_add_dfs(m, strbuf_str(&path), strbuf_str(&target), err);
        strbuf_cleanup(&path);
        strbuf_cleanup(&target);
    }
    for (i = 0; i < in->host_count && st == CA_OK; i++) {
        const model_host *h = &in->hosts[i];
        strbuf *names = calloc(h->count ? h->count : 1, sizeof(*names));
        const char **ptrs = calloc(h->count ? h->count : 1, sizeof(*ptrs));
        if (!names || !ptrs)
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
        for (k = 0; names && ptrs && k < h->count; k++) {
            strbuf_init(&names[k]);
            if (st == CA_OK)
                st = server_name(r, h->names[k], &names[k], err);
            if (st == CA_OK && names[k].failed)
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
            ptrs[k] = strbuf_str(&names[k]);
        }
        if (st == CA_OK)
            st = model_add_host(m, ptrs, h->count, err);
        for (k = 0; names && k < h->count; k++)
            strbuf_cleanup(&names[k]);
        free(names);
        free(ptrs);
    }
    return st;
}

ca_status redact_model(redactor *r, const model *in, model **out, ca_error *err)
{
    model *m;
    ca_status st = CA_OK;
    *out = NULL;
    if (!r || !in)
        return ca_fail(err, CA_ERR_INVALID, "nothing to redact");
    m = model_create();
    if (!m)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (in->logon_user) {
        strbuf user;
        INTO(user_into, in->logon_user, user, st);
        if (st == CA_OK)
            st = model_set_logon(m, strbuf_str(&user), err);
        strbuf_cleanup(&user);
    }
    if (st == CA_OK)
        st = copy_uses(r, in, m, err);
    if (st == CA_OK)
        st = copy_creds(r, in, m, err);
    if (st == CA_OK)
        st = copy_dfs_hosts(r, in, m, err);
    if (st != CA_OK) {
        model_free(m);
        return st;
    }
    m->elevated = in->elevated;
    m->users_unknown = in->users_unknown;
    m->skipped_uses = in->skipped_uses;
    memcpy(m->source, in->source, sizeof(m->source));
    *out = m;
    return CA_OK;
}

static ca_status to_string(ca_status st, strbuf *sb, char **out, ca_error *err)
{
    if (st == CA_OK && sb->failed)
        st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (st == CA_OK) {
        *out = malloc(sb->len + 1);
        if (!*out)
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
        else
            memcpy(*out, strbuf_str(sb), sb->len + 1);
    }
    strbuf_cleanup(sb);
    return st;
}

ca_status redact_path(redactor *r, const char *unc, char **out, ca_error *err)
{
    strbuf sb;
    ca_status st;
    *out = NULL;
    strbuf_init(&sb);
    if (unc && (unc[0] == '\\' || unc[0] == '/' || unc_is_drive_path(unc, NULL)))
        st = unc_into(r, unc, &sb, err);
    else
        st = unc ? server_name(r, unc, &sb, err) : ca_fail(err, CA_ERR_INVALID, "no path");
    return to_string(st, &sb, out, err);
}

ca_status redact_user(redactor *r, const char *user, char **out, ca_error *err)
{
    strbuf sb;
    ca_status st;
    *out = NULL;
    strbuf_init(&sb);
    st = user ? user_into(r, user, &sb, err) : ca_fail(err, CA_ERR_INVALID, "no user");
    return to_string(st, &sb, out, err);
}
