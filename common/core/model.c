/* Session model storage: uses, saved credentials, DFS targets and host groups, with validation. */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "text.h"

static int is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int to_upper(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

/* Makes room for one more element (geometric growth); returns the possibly
 * moved array, or NULL on allocation failure (the old array stays valid). */
static void *grow(void *items, size_t *cap, size_t count, size_t size)
{
    size_t n;
    void *p;
    if (count < *cap)
        return items;
    n = *cap ? *cap * 2 : 16;
    if (n > SIZE_MAX / size)
        return NULL;
    p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

model *model_create(void)
{
    model *m = calloc(1, sizeof(*m));
    if (m)
        m->elevated = -1;
    return m;
}

static void use_cleanup(model_use *u)
{
    free(u->local);
    free(u->remote);
    free(u->server);
    free(u->share);
    free(u->user);
}

static void cred_cleanup(model_cred *c)
{
    free(c->target);
    free(c->raw_target);
    free(c->user);
}

static void host_cleanup(model_host *h)
{
    size_t i;
    for (i = 0; i < h->count; i++)
        free(h->names[i]);
    free(h->names);
}

void model_free(model *m)
{
    size_t i;
    if (!m)
        return;
    for (i = 0; i < m->use_count; i++)
        use_cleanup(&m->uses[i]);
    for (i = 0; i < m->cred_count; i++)
        cred_cleanup(&m->creds[i]);
    for (i = 0; i < m->dfs_count; i++) {
        free(m->dfs[i].path);
        free(m->dfs[i].target);
    }
    for (i = 0; i < m->host_count; i++)
        host_cleanup(&m->hosts[i]);
    free(m->uses);
    free(m->creds);
    free(m->dfs);
    free(m->hosts);
    free(m->logon_user);
    free(m);
}

static ca_status nomem(ca_error *err)
{
    return ca_fail(err, CA_ERR_NOMEM, "out of memory");
}

ca_status model_set_logon(model *m, const char *user, ca_error *err)
{
    acct_name name;
    ca_error inner;
    ca_status st;
    char *copy;
    if (!user || !*user)
        return ca_fail(err, CA_ERR_INVALID, "empty logon user: expected user, DOMAIN\\user or user@domain");
    st = acct_parse(user, &name, &inner);
    if (st != CA_OK)
        return ca_fail(err, st, "logon user: %s", inner.msg);
    copy = text_dup(user);
    if (!copy)
        return nomem(err);
    free(m->logon_user);
    m->logon_user = copy;
    return CA_OK;
}

/* Normalises a local device into buf (at least 8 bytes): "" for none, "X:",
 * "LPTn:", "COMn:" or "PRN", upper case. Returns 0 when it is none of these. */
static int parse_local(const char *local, char *buf, model_use_kind *kind)
{
    size_t n = local ? strlen(local) : 0;
    buf[0] = 0;
    *kind = USE_KIND_DRIVELESS;
    if (!n || (n == 1 && local[0] == '-'))
        return 1;
    if (n == 2 && is_alpha((unsigned char)local[0]) && local[1] == ':') {
        buf[0] = (char)to_upper((unsigned char)local[0]);
        buf[1] = ':';
        buf[2] = 0;
        *kind = USE_KIND_DRIVE;
        return 1;
    }
    if ((n == 3 || (n == 4 && local[3] == ':')) && to_upper((unsigned char)local[0]) == 'P' &&
        to_upper((unsigned char)local[1]) == 'R' && to_upper((unsigned char)local[2]) == 'N') {
        memcpy(buf, "PRN", 4);
        *kind = USE_KIND_PRINTER;
        return 1;
    }
    /* LPT1..LPT9, COM1..COM9, with or without the colon. */
    if ((n == 4 || (n == 5 && local[4] == ':')) && local[3] >= '1' && local[3] <= '9') {
        char port[4] = {(char)to_upper((unsigned char)local[0]), (char)to_upper((unsigned char)local[1]),
                        (char)to_upper((unsigned char)local[2]), 0};
        if (strcmp(port, "LPT") && strcmp(port, "COM"))
            return 0;
        memcpy(buf, port, 3);
        buf[3] = local[3];
        buf[4] = ':';
        buf[5] = 0;
        *kind = USE_KIND_PRINTER;
        return 1;
    }
    return 0;
}

ca_status model_add_use(model *m, const char *local, const char *remote, const char *user,
                        model_use_status status, int open_files, int use_count, ca_error *err)
{
    char dev[8];
    model_use_kind kind;
    model_use *u, *grown;
    acct_name name;
    unc_path p;
    ca_error inner;
    ca_status st;
    size_t i;

    if (!parse_local(local, dev, &kind))
        return ca_fail(err, CA_ERR_INVALID,
                       "'%.*s' is not a local device: expected a drive letter with a colon (O:), a printer "
                       "port (LPT1:, COM1:, PRN) or - for none",
                       text_quote_len(local), local);
    if ((int)status < USE_STATUS_OK || status > USE_STATUS_UNAVAILABLE)
        return ca_fail(err, CA_ERR_INVALID, "use status %d is not a known status", (int)status);
    if (open_files < -1 || use_count < -1)
        return ca_fail(err, CA_ERR_INVALID, "open files (%d) and use count (%d) must be -1 (unknown) or more",
                       open_files, use_count);
    if (user && *user) {
        st = acct_parse(user, &name, &inner);
        if (st != CA_OK)
            return ca_fail(err, st, "user of the use: %s", inner.msg);
    }
    if (dev[0]) {
        for (i = 0; i < m->use_count; i++)
            if (m->uses[i].local && !strcmp(m->uses[i].local, dev))
                return ca_fail_code(err, CA_ERR_INVALID, CA_WIN_ALREADY_ASSIGNED,
                                    "%s is already used for %s: a local device can have one use", dev,
                                    m->uses[i].remote);
    }
    st = unc_parse(remote, UNC_NEED_SHARE, &p, err);
    if (st != CA_OK)
        return st;
    grown = grow(m->uses, &m->use_cap, m->use_count, sizeof(*m->uses));
    if (!grown) {
        unc_path_cleanup(&p);
        return nomem(err);
    }
    m->uses = grown;
    u = &m->uses[m->use_count];
    memset(u, 0, sizeof(*u));
    u->local = dev[0] ? text_dup(dev) : NULL;
    u->user = user && *user ? text_dup(user) : NULL;
    if ((dev[0] && !u->local) || (user && *user && !u->user)) {
        use_cleanup(u);
        unc_path_cleanup(&p);
        return nomem(err);
    }
    /* Take the parsed strings over instead of copying them. */
    u->remote = p.full;
    u->server = p.server;
    u->share = p.share;
    p.full = p.server = p.share = NULL;
    unc_path_cleanup(&p);
    if (kind != USE_KIND_DRIVE && kind != USE_KIND_PRINTER)
        kind = unc_is_ipc(u->share) ? USE_KIND_IPC : USE_KIND_DRIVELESS;
    u->kind = kind;
    u->status = status;
    u->open_files = open_files;
    u->use_count = use_count;
    m->use_count++;
    return CA_OK;
}

void model_remove_use(model *m, size_t index)
{
    if (!m || index >= m->use_count)
        return;
    use_cleanup(&m->uses[index]);
    memmove(&m->uses[index], &m->uses[index + 1], (m->use_count - index - 1) * sizeof(*m->uses));
    m->use_count--;
}

/* The target without a Credential Manager prefix such as "Domain:target=",
 * "LegacyGeneric:target=" or "Domain:name=" (letters, ':', letters, '='). */
static const char *strip_target_prefix(const char *t)
{
    const char *p = t, *q;
    while (is_alpha((unsigned char)*p))
        p++;
    if (p == t || *p != ':')
        return t;
    q = ++p;
    while (is_alpha((unsigned char)*p))
        p++;
    if (p == q || *p != '=')
        return t;
    return p + 1;
}

/* Checks that s[0..n) is a bare server or domain name, using the UNC rules. */
static ca_status check_name(const char *s, size_t n, ca_error *err)
{
    unc_path p;
    ca_status st;
    char *text;
    if (!n)
        return ca_fail(err, CA_ERR_INVALID, "empty name");
    if (memchr(s, '\\', n) || memchr(s, '/', n))
        return ca_fail(err, CA_ERR_INVALID, "'%.*s' is not a bare name: it contains a path separator",
                       n > 60 ? 60 : (int)n, s);
    text = malloc(n + 3);
    if (!text)
        return nomem(err);
    text[0] = text[1] = '\\';
    memcpy(text + 2, s, n);
    text[n + 2] = 0;
    st = unc_parse(text, 0, &p, err);
    unc_path_cleanup(&p);
    free(text);
    return st;
}

/* Validates a normalised domain-credential target (see model_add_cred). */
static ca_status check_domain_target(const char *t, ca_error *err)
{
    size_t n = strlen(t);
    const char *slash;
    if (!strcmp(t, "*"))
        return CA_OK;
    if (n == 8 && t[0] == '*') { /* *Session, any case */
        static const char session[] = "session";
        size_t i;
        for (i = 0; i < 7 && (t[i + 1] | 0x20) == session[i]; i++)
            ;
        if (i == 7)
            return CA_OK;
    }
    if (n > 2 && t[0] == '*' && t[1] == '.')
        return check_name(t + 2, n - 2, err);
    if (n > 2 && t[n - 1] == '*' && t[n - 2] == '\\')
        return check_name(t, n - 2, err);
    /* Service-class targets such as TERMSRV/host (remote desktop) are domain
     * credentials too; they never match an SMB server name. */
    slash = strchr(t, '/');
    if (slash && slash > t) {
        const char *c;
        for (c = t; c < slash && is_alpha((unsigned char)*c); c++)
            ;
        if (c == slash)
            return check_name(slash + 1, strlen(slash + 1), err);
    }
    return check_name(t, n, err);
}

ca_status model_add_cred(model *m, const char *target, const char *user, model_cred_type type, ca_error *err)
{
    const char *t;
    model_cred *c, *grown;
    acct_name name;
    ca_error inner;
    ca_status st;
    const char *p;

    if (!target || !*target)
        return ca_fail(err, CA_ERR_INVALID, "empty credential target");
    if (type != CRED_KIND_DOMAIN && type != CRED_KIND_GENERIC)
        return ca_fail(err, CA_ERR_INVALID, "credential type %d is not a known type", (int)type);
    t = strip_target_prefix(target);
    if (!*t)
        return ca_fail(err, CA_ERR_INVALID, "credential target '%.*s' names no target after the prefix",
                       text_quote_len(target), target);
    if (type == CRED_KIND_DOMAIN) {
        st = check_domain_target(t, &inner);
        if (st != CA_OK)
            return ca_fail(err, st,
                           "credential target '%.*s': %s (expected a server name, *.suffix, DOMAIN\\*, "
                           "*Session or *)",
                           text_quote_len(target), target, inner.msg);
        if (!user || !*user)
            return ca_fail(err, CA_ERR_INVALID, "credential for '%.*s' has no user", text_quote_len(target),
                           target);
        st = acct_parse(user, &name, &inner);
        if (st != CA_OK)
            return ca_fail(err, st, "user of the credential for '%.*s': %s", text_quote_len(target), target,
                           inner.msg);
    } else {
        for (p = target; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                return ca_fail(err, CA_ERR_INVALID, "credential target has a control character");
        for (p = user ? user : ""; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                return ca_fail(err, CA_ERR_INVALID, "credential user has a control character");
    }
    grown = grow(m->creds, &m->cred_cap, m->cred_count, sizeof(*m->creds));
    if (!grown)
        return nomem(err);
    m->creds = grown;
    c = &m->creds[m->cred_count];
    c->target = text_dup(t);
    c->raw_target = text_dup(target);
    c->user = text_dup(user ? user : "");
    c->type = type;
    if (!c->target || !c->raw_target || !c->user) {
        cred_cleanup(c);
        return nomem(err);
    }
    m->cred_count++;
    return CA_OK;
}

void model_remove_cred(model *m, size_t index)
{
    if (!m || index >= m->cred_count)
        return;
    cred_cleanup(&m->creds[index]);
    memmove(&m->creds[index], &m->creds[index + 1], (m->cred_count - index - 1) * sizeof(*m->creds));
    m->cred_count--;
}

ca_status model_add_dfs(model *m, const char *path, const char *target, ca_error *err)
{
    unc_path p, t;
    ca_error inner;
    ca_status st;
    model_dfs *grown;

    st = unc_parse(path, UNC_NEED_SHARE, &p, &inner);
    if (st != CA_OK)
        return ca_fail(err, st, "DFS path: %s", inner.msg);
    st = unc_parse(target, UNC_NEED_SHARE, &t, &inner);
    if (st != CA_OK) {
        unc_path_cleanup(&p);
        return ca_fail(err, st, "DFS target: %s", inner.msg);
    }
    grown = grow(m->dfs, &m->dfs_cap, m->dfs_count, sizeof(*m->dfs));
    if (!grown) {
        unc_path_cleanup(&p);
        unc_path_cleanup(&t);
        return nomem(err);
    }
    m->dfs = grown;
    m->dfs[m->dfs_count].path = p.full;
    m->dfs[m->dfs_count].target = t.full;
    p.full = t.full = NULL;
    unc_path_cleanup(&p);
    unc_path_cleanup(&t);
    m->dfs_count++;
    return CA_OK;
}

static int group_has(const model_host *h, const char *name)
{
    size_t i;
    for (i = 0; i < h->count; i++)
        if (unc_server_equal(h->names[i], name))
            return 1;
    return 0;
}

ca_status model_add_host(model *m, const char *const *names, size_t count, ca_error *err)
{
    size_t i, j, total = 0, first = (size_t)-1, kept = 0;
    unsigned char *merge = NULL;
    model_host merged = {NULL, 0}, *grown;
    ca_error inner;
    ca_status st;

    if (!count)
        return ca_fail(err, CA_ERR_INVALID, "a host group needs at least one name");
    for (i = 0; i < count; i++) {
        st = check_name(names[i] ? names[i] : "", names[i] ? strlen(names[i]) : 0, &inner);
        if (st != CA_OK)
            return ca_fail(err, st, "host name: %s", inner.msg);
    }
    /* Mark the groups that share a name with the new one: they merge with it. */
    if (m->host_count) {
        merge = calloc(m->host_count, 1);
        if (!merge)
            return nomem(err);
    }
    for (i = 0; i < m->host_count; i++) {
        for (j = 0; j < count && !merge[i]; j++)
            merge[i] = (unsigned char)group_has(&m->hosts[i], names[j]);
        if (merge[i]) {
            total += m->hosts[i].count;
            if (first == (size_t)-1)
                first = i;
        }
    }
    merged.names = malloc((total + count) * sizeof(*merged.names));
    if (!merged.names)
        goto oom;
    for (i = 0; i < m->host_count; i++)
        if (merge && merge[i])
            for (j = 0; j < m->hosts[i].count; j++)
                merged.names[merged.count++] = m->hosts[i].names[j];
    kept = merged.count; /* borrowed from the old groups until the commit below */
    for (j = 0; j < count; j++) {
        if (group_has(&merged, names[j]))
            continue;
        merged.names[merged.count] = text_dup(names[j]);
        if (!merged.names[merged.count])
            goto oom;
        merged.count++;
    }
    if (first == (size_t)-1) {
        grown = grow(m->hosts, &m->host_cap, m->host_count, sizeof(*m->hosts));
        if (!grown)
            goto oom;
        m->hosts = grown;
        m->hosts[m->host_count++] = merged;
    } else {
        /* The merged group takes the place of the first one; the others go. */
        size_t out = 0;
        for (i = 0; i < m->host_count; i++) {
            if (i == first) {
                free(m->hosts[i].names);
                m->hosts[out++] = merged;
            } else if (merge[i]) {
                free(m->hosts[i].names);
            } else {
                m->hosts[out++] = m->hosts[i];
            }
        }
        m->host_count = out;
    }
    free(merge);
    return CA_OK;
oom:
    for (i = kept; i < merged.count; i++)
        free(merged.names[i]);
    free(merged.names);
    free(merge);
    return nomem(err);
}

static int copy_str(char **dst, const char *src)
{
    *dst = src ? text_dup(src) : NULL;
    return !src || *dst;
}

model *model_clone(const model *m)
{
    model *c = model_create();
    size_t i, j;
    if (!c)
        return NULL;
    c->elevated = m->elevated;
    memcpy(c->source, m->source, sizeof(c->source));
    c->users_unknown = m->users_unknown;
    c->skipped_uses = m->skipped_uses;
    if (!copy_str(&c->logon_user, m->logon_user))
        goto fail;
    if (m->use_count) {
        c->uses = calloc(m->use_count, sizeof(*c->uses));
        if (!c->uses)
            goto fail;
        c->use_cap = m->use_count;
        for (i = 0; i < m->use_count; i++) {
            const model_use *s = &m->uses[i];
            model_use *d = &c->uses[i];
            *d = *s;
            d->local = d->remote = d->server = d->share = d->user = NULL;
            c->use_count++;
            if (!copy_str(&d->local, s->local) || !copy_str(&d->remote, s->remote) ||
                !copy_str(&d->server, s->server) || !copy_str(&d->share, s->share) ||
                !copy_str(&d->user, s->user))
                goto fail;
        }
    }
    if (m->cred_count) {
        c->creds = calloc(m->cred_count, sizeof(*c->creds));
        if (!c->creds)
            goto fail;
        c->cred_cap = m->cred_count;
        for (i = 0; i < m->cred_count; i++) {
            c->creds[i].type = m->creds[i].type;
            c->cred_count++;
            if (!copy_str(&c->creds[i].target, m->creds[i].target) ||
                !copy_str(&c->creds[i].raw_target, m->creds[i].raw_target) ||
                !copy_str(&c->creds[i].user, m->creds[i].user))
                goto fail;
        }
    }
    if (m->dfs_count) {
        c->dfs = calloc(m->dfs_count, sizeof(*c->dfs));
        if (!c->dfs)
            goto fail;
        c->dfs_cap = m->dfs_count;
        for (i = 0; i < m->dfs_count; i++) {
            c->dfs_count++;
            if (!copy_str(&c->dfs[i].path, m->dfs[i].path) || !copy_str(&c->dfs[i].target, m->dfs[i].target))
                goto fail;
        }
    }
    if (m->host_count) {
        c->hosts = calloc(m->host_count, sizeof(*c->hosts));
        if (!c->hosts)
            goto fail;
        c->host_cap = m->host_count;
        for (i = 0; i < m->host_count; i++) {
            model_host *d = &c->hosts[i];
            c->host_count++;
            d->names = calloc(m->hosts[i].count ? m->hosts[i].count : 1, sizeof(*d->names));
            if (!d->names)
                goto fail;
            for (j = 0; j < m->hosts[i].count; j++) {
                d->count++;
                if (!copy_str(&d->names[j], m->hosts[i].names[j]))
                    goto fail;
            }
        }
    }
    return c;
fail:
    model_free(c);
    return NULL;
}

long model_find_local(const model *m, const char *local)
{
    char dev[8];
    model_use_kind kind;
    size_t i;
    if (!local || !parse_local(local, dev, &kind) || !dev[0])
        return -1;
    for (i = 0; i < m->use_count; i++)
        if (m->uses[i].local && !strcmp(m->uses[i].local, dev))
            return (long)i;
    return -1;
}

ca_status model_resolve_path(const model *m, const char *path, unsigned unc_flags, struct unc_path *out,
                             ca_error *err)
{
    char letter, dev[3];
    const char *rest;
    const model_use *u;
    char *text;
    size_t a, b;
    long i;
    ca_status st;

    if (!unc_is_drive_path(path, &letter))
        return unc_parse(path, unc_flags, out, err);
    memset(out, 0, sizeof(*out));
    rest = path + 2;
    if (*rest && *rest != '\\' && *rest != '/')
        return ca_fail(err, CA_ERR_INVALID,
                       "'%.*s' is relative to the current directory of %c:; write %c:\\%.*s instead",
                       text_quote_len(path), path, letter, letter, text_quote_len(rest), rest);
    dev[0] = letter;
    dev[1] = ':';
    dev[2] = 0;
    i = model_find_local(m, dev);
    if (i < 0)
        return ca_fail(err, CA_ERR_NOT_FOUND, "drive %s is not connected to a network share in this session",
                       dev);
    u = &m->uses[i];
    a = strlen(u->remote);
    b = strlen(rest);
    text = malloc(a + b + 1);
    if (!text)
        return nomem(err);
    memcpy(text, u->remote, a);
    memcpy(text + a, rest, b + 1);
    st = unc_parse(text, unc_flags, out, err);
    free(text);
    return st;
}

const model_host *model_host_of(const model *m, const char *server)
{
    size_t i;
    if (!server)
        return NULL;
    for (i = 0; i < m->host_count; i++)
        if (group_has(&m->hosts[i], server))
            return &m->hosts[i];
    return NULL;
}

const char *model_use_status_name(model_use_status s)
{
    switch (s) {
    case USE_STATUS_OK:
        return "ok";
    case USE_STATUS_PAUSED:
        return "paused";
    case USE_STATUS_DISCONNECTED:
        return "disconnected";
    case USE_STATUS_ERROR:
        return "error";
    case USE_STATUS_CONNECTING:
        return "connecting";
    case USE_STATUS_RECONNECTING:
        return "reconnecting";
    case USE_STATUS_UNAVAILABLE:
        return "unavailable";
    }
    return "unknown";
}

const char *model_use_kind_name(model_use_kind k)
{
    switch (k) {
    case USE_KIND_DRIVE:
        return "drive";
    case USE_KIND_PRINTER:
        return "printer";
    case USE_KIND_DRIVELESS:
        return "driveless";
    case USE_KIND_IPC:
        return "ipc";
    }
    return "unknown";
}
