/* Session slots (R2–R5) and saved-credential matching (R4): derived from a model, never stored. */
#include "model.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* ---- ASCII case-insensitive comparison (R2: names compare ignoring case) ---- */

/* Compares a with the concatenation b1 b2 (b2 may be NULL), ignoring ASCII case. */
static int cmp_ci2(const char *a, const char *b1, const char *b2)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b1;
    for (;;) {
        int cx, cy;
        if (!*y && b2) {
            y = (const unsigned char *)b2;
            b2 = NULL;
        }
        cx = text_fold(*x);
        cy = text_fold(*y);
        if (cx != cy || !cx)
            return cx - cy;
        x++;
        y++;
    }
}

/* ---- R4: which saved credential a default connection to a server uses ---- */

/* Precedence of a credential target for one server, most specific first
 * (CredReadDomainCredentials remarks). Wildcards rank by suffix length too. */
enum cred_rank {
    RANK_EXACT,          /* exact DNS name, NetBIOS name or target name: the name as typed */
    RANK_SUFFIX,         /* *.suffix, longest suffix first */
    RANK_DNS_DOMAIN,     /* dns.domain\* */
    RANK_NETBIOS_DOMAIN, /* NETBIOSDOMAIN\* */
    RANK_SESSION,        /* *Session */
    RANK_ANY,            /* * */
    RANK_NONE,
};

/* What is known about the server a default connection goes to. */
typedef struct cred_query {
    const char *server;
    int dns;                 /* server is a DNS host name (not NetBIOS, not an address) */
    const char *dns_domain;  /* "iai.nl" when known, else NULL */
    char netbios_domain[64]; /* first label of dns_domain ("iai"), "" when unknown */
} cred_query;

/* The server's DNS domain: the part after the first dot of a DNS name, or of
 * the host-group name that is this NetBIOS name plus a domain. Medium: the
 * NetBIOS domain is inferred as the DNS domain's first label. */
typedef const model_host *(*host_lookup)(const void *ctx, const char *server);

static void query_init(const char *server, host_lookup host_of, const void *ctx, cred_query *q)
{
    const char *dot;
    unc_name_kind kind = unc_classify_server(server);
    memset(q, 0, sizeof(*q));
    q->server = server;
    q->dns = kind == UNC_NAME_FQDN;
    if (kind == UNC_NAME_FQDN) {
        dot = strchr(server, '.');
        if (dot && dot[1])
            q->dns_domain = dot + 1;
    } else if (kind == UNC_NAME_NETBIOS) {
        const model_host *h = host_of(ctx, server);
        size_t i, sl = strlen(server);
        for (i = 0; h && i < h->count && !q->dns_domain; i++) {
            const char *n = h->names[i];
            if (strlen(n) > sl + 1 && n[sl] == '.' && text_eq_ci_n(n, server, sl) &&
                unc_classify_server(n) == UNC_NAME_FQDN)
                q->dns_domain = n + sl + 1;
        }
    }
    if (q->dns_domain) {
        size_t l = strcspn(q->dns_domain, ".");
        if (l < sizeof(q->netbios_domain)) {
            memcpy(q->netbios_domain, q->dns_domain, l);
            q->netbios_domain[l] = 0;
        }
    }
}

/* Rank of one target for the query; *suffix_len is set for RANK_SUFFIX. */
static enum cred_rank rank_target(const cred_query *q, const char *t, size_t *suffix_len)
{
    size_t tl = strlen(t), sl = strlen(q->server);
    *suffix_len = 0;
    if (text_eq_ci(t, q->server))
        return RANK_EXACT;
    if (tl > 2 && t[0] == '*' && t[1] == '.' && q->dns && sl > tl - 1 &&
        cmp_ci2(q->server + sl - (tl - 1), t + 1, NULL) == 0) {
        *suffix_len = tl - 1;
        return RANK_SUFFIX;
    }
    if (tl > 2 && t[tl - 1] == '*' && t[tl - 2] == '\\') {
        size_t dl = tl - 2;
        if (q->dns_domain && strlen(q->dns_domain) == dl && text_eq_ci_n(t, q->dns_domain, dl))
            return RANK_DNS_DOMAIN;
        if (q->netbios_domain[0] && strlen(q->netbios_domain) == dl && text_eq_ci_n(t, q->netbios_domain, dl))
            return RANK_NETBIOS_DOMAIN;
        return RANK_NONE;
    }
    if (text_eq_ci(t, "*Session"))
        return RANK_SESSION;
    if (!strcmp(t, "*"))
        return RANK_ANY;
    return RANK_NONE;
}

static const model_host *linear_host_of(const void *ctx, const char *server)
{
    return model_host_of(ctx, server);
}

const model_cred *model_match_cred(const model *m, const char *server)
{
    cred_query q;
    const model_cred *best = NULL;
    enum cred_rank best_rank = RANK_NONE;
    size_t best_suffix = 0, i;
    if (!m || !server || !*server)
        return NULL;
    query_init(server, linear_host_of, m, &q);
    for (i = 0; i < m->cred_count; i++) {
        const model_cred *c = &m->creds[i];
        size_t suffix;
        enum cred_rank r;
        if (c->type != CRED_KIND_DOMAIN || !c->target)
            continue;
        r = rank_target(&q, c->target, &suffix);
        if (r < best_rank || (r == RANK_SUFFIX && r == best_rank && suffix > best_suffix)) {
            best = c;
            best_rank = r;
            best_suffix = suffix;
        }
    }
    return best;
}

/* A string key with its index in the model, sorted ignoring case, then by
 * index. `prefix` packs the first 8 folded bytes (NUL-padded, most
 * significant first), so that most comparisons never touch the string. */
typedef struct keyed {
    uint64_t prefix;
    const char *key;
    size_t index;
} keyed;

/* The folded first 8 bytes of the concatenation k1 k2 (k2 may be NULL). */
static uint64_t fold_prefix(const char *k1, const char *k2)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++) {
        if (!*k1 && k2) {
            k1 = k2;
            k2 = NULL;
        }
        v = (v << 8) | (uint64_t)text_fold((unsigned char)*k1);
        if (*k1)
            k1++;
    }
    return v;
}

static void keyed_set(keyed *k, const char *key, size_t index)
{
    k->prefix = fold_prefix(key, NULL);
    k->key = key;
    k->index = index;
}

/* Compares the keys only, ignoring case. Equal prefixes with a NUL in them
 * mean equal strings; otherwise both are at least 8 bytes long. */
static int keyed_cmp_key(const keyed *x, const keyed *y)
{
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    return (x->prefix & 0xFF) ? cmp_ci2(x->key + 8, y->key + 8, NULL) : 0;
}

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = keyed_cmp_key(x, y);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* An index of the domain credentials sorted by target, so that each slot's
 * match costs a few binary searches. */
typedef struct cred_index {
    const model *m;
    keyed *order; /* domain credentials by target */
    size_t count;
    keyed *hosts; /* every host-group name, with its group's index */
    size_t host_names;
} cred_index;

static int cred_index_init(cred_index *ix, const model *m)
{
    size_t i, k, names = 0;
    memset(ix, 0, sizeof(*ix));
    ix->m = m;
    if (m->cred_count) {
        ix->order = malloc(m->cred_count * sizeof(*ix->order));
        if (!ix->order)
            return 0;
    }
    for (i = 0; i < m->cred_count; i++) {
        if (m->creds[i].type == CRED_KIND_DOMAIN && m->creds[i].target) {
            keyed_set(&ix->order[ix->count++], m->creds[i].target, i);
        }
    }
    if (ix->count)
        qsort(ix->order, ix->count, sizeof(*ix->order), cmp_keyed);
    for (i = 0; i < m->host_count; i++)
        names += m->hosts[i].count;
    if (names) {
        ix->hosts = malloc(names * sizeof(*ix->hosts));
        if (!ix->hosts) {
            free(ix->order);
            ix->order = NULL;
            return 0;
        }
    }
    for (i = 0; i < m->host_count; i++) {
        for (k = 0; k < m->hosts[i].count; k++) {
            keyed_set(&ix->hosts[ix->host_names++], m->hosts[i].names[k], i);
        }
    }
    if (ix->host_names)
        qsort(ix->hosts, ix->host_names, sizeof(*ix->hosts), cmp_keyed);
    return 1;
}

static void cred_index_cleanup(cred_index *ix)
{
    free(ix->order);
    free(ix->hosts);
    memset(ix, 0, sizeof(*ix));
}

/* Index of the first entry of a sorted keyed array whose key equals k1 k2, or n. */
static size_t keyed_find(const keyed *a, size_t n, const char *k1, const char *k2)
{
    uint64_t prefix = fold_prefix(k1, k2);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = a[mid].prefix != prefix ? (a[mid].prefix < prefix ? -1 : 1) : cmp_ci2(a[mid].key, k1, k2);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo].prefix == prefix && cmp_ci2(a[lo].key, k1, k2) == 0 ? lo : n;
}

/* model_host_of in O(log h): the first group (in model order) naming server. */
static const model_host *indexed_host_of(const void *ctx, const char *server)
{
    const cred_index *ix = ctx;
    size_t i = keyed_find(ix->hosts, ix->host_names, server, NULL);
    return i < ix->host_names ? &ix->m->hosts[ix->hosts[i].index] : NULL;
}

/* The first credential (in model order) whose target equals k1 k2, or NULL. */
static const model_cred *cred_index_get(const cred_index *ix, const char *k1, const char *k2)
{
    size_t i = keyed_find(ix->order, ix->count, k1, k2);
    return i < ix->count ? &ix->m->creds[ix->order[i].index] : NULL;
}

/* Same answer as model_match_cred, in O(labels · log c). */
static const model_cred *cred_index_match(const cred_index *ix, const char *server)
{
    cred_query q;
    const model_cred *c;
    const char *p;
    if (!ix->count)
        return NULL;
    query_init(server, indexed_host_of, ix, &q);
    if ((c = cred_index_get(ix, server, NULL)))
        return c;
    if (q.dns) {
        /* Suffixes from the longest (after the first dot) to the shortest. */
        for (p = strchr(server, '.'); p && p[1]; p = strchr(p + 1, '.'))
            if ((c = cred_index_get(ix, "*", p)))
                return c;
    }
    if (q.dns_domain && (c = cred_index_get(ix, q.dns_domain, "\\*")))
        return c;
    if (q.netbios_domain[0] && (c = cred_index_get(ix, q.netbios_domain, "\\*")))
        return c;
    if ((c = cred_index_get(ix, "*Session", NULL)))
        return c;
    return cred_index_get(ix, "*", NULL);
}

/* ---- Slots ---- */

ca_status model_build_slots(const model *m, model_slots *out, ca_error *err)
{
    keyed *held_uses = NULL;
    size_t *storage = NULL, held = 0, i, start, nslots = 0;
    model_slot *items = NULL;
    cred_index ix;
    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no output for the slot list");
    memset(out, 0, sizeof(*out));
    if (!m)
        return ca_fail(err, CA_ERR_INVALID, "no model to build slots from");
    if (!cred_index_init(&ix, m))
        return ca_fail(err, CA_ERR_NOMEM, "out of memory building the session slots");
    if (m->use_count) {
        held_uses = malloc(m->use_count * sizeof(*held_uses));
        storage = malloc(m->use_count * sizeof(*storage));
        if (!held_uses || !storage)
            goto nomem;
    }
    /* R5: an unavailable remembered drive holds nothing now. */
    for (i = 0; i < m->use_count; i++) {
        if (m->uses[i].status != USE_STATUS_UNAVAILABLE && m->uses[i].server) {
            keyed_set(&held_uses[held++], m->uses[i].server, i);
        }
    }
    if (held)
        qsort(held_uses, held, sizeof(*held_uses), cmp_keyed);
    for (i = 0; i < held; i++) {
        storage[i] = held_uses[i].index;
        if (i == 0 || keyed_cmp_key(&held_uses[i - 1], &held_uses[i]))
            nslots++;
    }
    if (nslots) {
        items = calloc(nslots, sizeof(*items));
        if (!items)
            goto nomem;
    }
    nslots = 0;
    /* R2: one slot per server name string; R3: explicit if any use names a user. */
    for (start = 0; start < held; start = i) {
        model_slot *s = &items[nslots++];
        const char *explicit_user = NULL;
        for (i = start; i < held && !keyed_cmp_key(&held_uses[start], &held_uses[i]); i++) {
            const model_use *u = &m->uses[storage[i]];
            if (u->open_files > 0 && s->open_files <= INT_MAX - u->open_files)
                s->open_files += u->open_files;
            if (u->user && *u->user) {
                if (!explicit_user)
                    explicit_user = u->user;
                else if (!text_eq_ci(explicit_user, u->user))
                    s->users_differ = 1;
            }
        }
        s->uses = storage + start;
        s->count = i - start;
        s->server = m->uses[s->uses[0]].server;
        if (explicit_user) {
            s->user_kind = SLOT_USER_EXPLICIT;
            s->user = explicit_user;
        } else if ((s->cred = cred_index_match(&ix, s->server))) {
            s->user_kind = SLOT_USER_SAVED; /* R4 */
            s->user = s->cred->user;
        } else {
            s->user_kind = SLOT_USER_DEFAULT;
            s->user = m->logon_user;
        }
    }
    cred_index_cleanup(&ix);
    free(held_uses);
    out->items = items;
    out->count = nslots;
    out->storage = storage;
    return CA_OK;
nomem:
    cred_index_cleanup(&ix);
    free(held_uses);
    free(storage);
    free(items);
    return ca_fail(err, CA_ERR_NOMEM, "out of memory building the session slots");
}

void model_slots_cleanup(model_slots *slots)
{
    if (!slots)
        return;
    free(slots->items);
    free(slots->storage);
    memset(slots, 0, sizeof(*slots));
}

const model_slot *model_slots_find(const model_slots *slots, const char *server)
{
    size_t lo = 0, hi;
    if (!slots || !server)
        return NULL;
    hi = slots->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_ci2(slots->items[mid].server, server, NULL);
        if (c == 0)
            return &slots->items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
