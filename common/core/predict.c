/* The 1219 predictor: rules R1–R7 applied to one request, with warnings and fix plans. */
/* Longer than ~700 lines on purpose: one algorithm (views of the names a
 * request touches, R3 judgement, conflicts, warnings, fix plans and the
 * reason's arguments) whose parts share the builder and the view set; split
 * up, each piece would need the others' private types. */
#include "predict.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "strbuf.h"
#include "text.h"

/* 1 when path is prefix or lies below it, component-wise, ignoring case. */
static int path_under(const char *path, const char *prefix)
{
    size_t i;
    for (i = 0; prefix[i]; i++)
        if (!path[i] || text_fold((unsigned char)path[i]) != text_fold((unsigned char)prefix[i]))
            return 0;
    return path[i] == 0 || path[i] == '\\';
}

/* The server part of "\\server\…" into buf; 0 when path has no such form. */
static int server_of(const char *path, char *buf, size_t size)
{
    size_t n;
    if (!path || path[0] != '\\' || path[1] != '\\')
        return 0;
    path += 2;
    n = strcspn(path, "\\");
    if (!n || n >= size)
        return 0;
    memcpy(buf, path, n);
    buf[n] = 0;
    return 1;
}

/* ---- The slot one server name has, as a request sees it ---- */

typedef struct holder {
    size_t use;
    int via_dfs;
} holder;

typedef struct view {
    const char *name;     /* the server name looked at */
    const char *spelling; /* the first same-name use's server, NULL when none */
    holder *holders;      /* uses holding it now: same name, then through DFS (R5) */
    size_t count, cap;
    size_t direct_count;
    size_t *remembered; /* unavailable remembered uses of the same name */
    size_t remembered_count, remembered_cap;
    const model_cred *cred; /* R4 match for the name, once looked up */
    int cred_known;
} view;

/* The views one prediction needs (the request's name, its aliases, DFS
 * targets), filled by one pass over the uses. */
typedef struct view_set {
    view *items;
    size_t count, cap;
    int failed; /* allocation failed */
} view_set;

typedef struct slot_creds {
    int has_slot;
    slot_user_kind kind;
    const char *user;
    const model_cred *cred;
} slot_creds;

/* Index of the view for name (ignoring case), added empty when new. */
static size_t views_add(view_set *set, const char *name)
{
    size_t i;
    for (i = 0; i < set->count; i++)
        if (text_eq_ci(set->items[i].name, name))
            return i;
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        view *v = realloc(set->items, cap * sizeof(*v));
        if (!v) {
            set->failed = 1;
            return 0; /* the request's own view: harmless, and the caller fails */
        }
        set->items = v;
        set->cap = cap;
    }
    memset(&set->items[set->count], 0, sizeof(view));
    set->items[set->count].name = name;
    return set->count++;
}

static int push_index(size_t **items, size_t *count, size_t *cap, size_t value)
{
    if (*count == *cap) {
        size_t n = *cap ? *cap * 2 : 4;
        size_t *p = realloc(*items, n * sizeof(*p));
        if (!p)
            return 0;
        *items = p;
        *cap = n;
    }
    (*items)[(*count)++] = value;
    return 1;
}

static void view_push(view_set *set, view *v, size_t use, int via_dfs)
{
    if (v->count == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        holder *h = realloc(v->holders, cap * sizeof(*h));
        if (!h) {
            set->failed = 1;
            return;
        }
        v->holders = h;
        v->cap = cap;
    }
    v->holders[v->count].use = use;
    v->holders[v->count++].via_dfs = via_dfs;
}

/* Fills every view: one pass over the uses for the same names (R2), then
 * the uses below a DFS path whose active target is on a view's name (R5). */
static void views_fill(const model *m, view_set *set)
{
    size_t i, j, d;
    for (i = 0; i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        for (j = 0; j < set->count; j++) {
            view *v = &set->items[j];
            if (!text_eq_ci(u->server, v->name))
                continue;
            if (u->status == USE_STATUS_UNAVAILABLE) {
                if (!push_index(&v->remembered, &v->remembered_count, &v->remembered_cap, i))
                    set->failed = 1;
            } else {
                if (!v->spelling)
                    v->spelling = u->server;
                view_push(set, v, i, 0);
            }
            break;
        }
    }
    for (j = 0; j < set->count; j++)
        set->items[j].direct_count = set->items[j].count;
    for (d = 0; d < m->dfs_count; d++) {
        char target_server[UNC_MAX_SERVER + 1];
        const model_dfs *e = &m->dfs[d];
        if (!e->path || !server_of(e->target, target_server, sizeof(target_server)))
            continue;
        for (j = 0; j < set->count; j++) {
            view *v = &set->items[j];
            if (!text_eq_ci(target_server, v->name))
                continue;
            for (i = 0; i < m->use_count; i++) {
                const model_use *u = &m->uses[i];
                size_t k;
                int seen = 0;
                if (u->status == USE_STATUS_UNAVAILABLE || text_eq_ci(u->server, v->name) ||
                    !path_under(u->remote, e->path))
                    continue;
                for (k = v->direct_count; k < v->count && !seen; k++)
                    seen = v->holders[k].use == i;
                if (!seen)
                    view_push(set, v, i, 1);
            }
        }
    }
}

static void views_free(view_set *set)
{
    size_t i;
    for (i = 0; i < set->count; i++) {
        free(set->items[i].holders);
        free(set->items[i].remembered);
    }
    free(set->items);
    memset(set, 0, sizeof(*set));
}

/* R4: the saved credential a default connection to the view's name uses. */
static const model_cred *view_saved(const model *m, view *v)
{
    if (!v->cred_known) {
        v->cred = model_match_cred(m, v->name);
        v->cred_known = 1;
    }
    return v->cred;
}

/* R3/R4: who the slot signs in as. Explicit when any holder names a user (the
 * first one, in model order), else the saved credential for the name, else
 * the logon user. direct_only looks at same-name holders only. */
static slot_creds view_creds(const model *m, view *v, int direct_only)
{
    slot_creds c;
    size_t n = direct_only ? v->direct_count : v->count, i;
    memset(&c, 0, sizeof(c));
    c.has_slot = n > 0;
    if (!c.has_slot)
        return c;
    for (i = 0; i < n; i++) {
        const model_use *u = &m->uses[v->holders[i].use];
        if (u->user && *u->user) {
            c.kind = SLOT_USER_EXPLICIT;
            c.user = u->user;
            return c;
        }
    }
    c.cred = view_saved(m, v);
    c.kind = c.cred ? SLOT_USER_SAVED : SLOT_USER_DEFAULT;
    c.user = c.cred ? c.cred->user : m->logon_user;
    return c;
}

/* ---- R3: judging a request against one slot ---- */

typedef struct judgement {
    int conflict;
    predict_reason reason;
    predict_certainty certainty;
} judgement;

static acct_match compare_users(const char *slot_user, const char *req_user)
{
    if (!slot_user || !req_user)
        return ACCT_MATCH_DIFFERENT;
    if (text_eq_ci(slot_user, req_user))
        return ACCT_MATCH_SAME;
    return acct_compare_text(slot_user, req_user);
}

static judgement judge(const slot_creds *s, const char *req_user)
{
    judgement j = {0, REASON_NO_SLOT, CERTAINTY_HIGH};
    acct_match match;
    if (!s->has_slot)
        return j;
    if (!req_user) {
        /* Default after explicit reuses the slot (medium); default after default matches. */
        j.reason = s->kind == SLOT_USER_EXPLICIT ? REASON_DEFAULT_REUSES : REASON_DEFAULT_MATCHES;
        j.certainty = s->kind == SLOT_USER_EXPLICIT ? CERTAINTY_MEDIUM : CERTAINTY_HIGH;
        return j;
    }
    j.conflict = 1;
    match = compare_users(s->user, req_user);
    if (s->kind == SLOT_USER_EXPLICIT) {
        if (match == ACCT_MATCH_SAME) {
            j.conflict = 0;
            j.reason = REASON_SAME_USER;
        } else if (match == ACCT_MATCH_SPELLING) {
            j.reason = REASON_SPELLING;
            j.certainty = CERTAINTY_MEDIUM;
        } else {
            j.reason = REASON_OTHER_USER;
        }
    } else if (s->kind == SLOT_USER_SAVED) {
        /* Explicitly naming the saved credential's own user is an open
         * question (rules, question 3): predicted a conflict, medium. */
        if (match == ACCT_MATCH_SAME) {
            j.reason = REASON_DEFAULT_THEN_EXPLICIT;
            j.certainty = CERTAINTY_MEDIUM;
        } else {
            j.reason = REASON_SAVED_CRED_USER;
        }
    } else {
        j.reason = REASON_DEFAULT_THEN_EXPLICIT; /* KB183366, also for the logon user's own name */
    }
    return j;
}

/* ---- Building the prediction ---- */

typedef struct builder {
    const model *m;
    prediction *p;
    size_t conflict_cap, warning_cap, fix_cap;
    unsigned char *in_conflicts; /* per use: already listed */
    int failed;
} builder;

static void add_conflict(builder *b, size_t use, int via_dfs)
{
    prediction *p = b->p;
    if (b->in_conflicts[use])
        return;
    if (p->conflict_count == b->conflict_cap) {
        size_t cap = b->conflict_cap ? b->conflict_cap * 2 : 8;
        predict_conflict *c = realloc(p->conflicts, cap * sizeof(*c));
        if (!c) {
            b->failed = 1;
            return;
        }
        p->conflicts = c;
        b->conflict_cap = cap;
    }
    b->in_conflicts[use] = 1;
    p->conflicts[p->conflict_count].use = use;
    p->conflicts[p->conflict_count++].via_dfs = via_dfs;
}

/* A copy of n indices (NULL for none); sets b->failed on allocation failure. */
static size_t *copy_indices(builder *b, const size_t *idx, size_t n)
{
    size_t *c;
    if (!n)
        return NULL;
    c = malloc(n * sizeof(*c));
    if (!c) {
        b->failed = 1;
        return NULL;
    }
    memcpy(c, idx, n * sizeof(*c));
    return c;
}

static predict_args no_args(void)
{
    predict_args a;
    memset(&a, 0, sizeof(a));
    a.number = -1;
    return a;
}

/* Adds a warning of kind about use (or -1) with args; args->uses (and names)
 * become the prediction's. */
static void add_warning(builder *b, predict_warning_kind kind, long use, const predict_args *args)
{
    prediction *p = b->p;
    predict_warning *w;
    if (p->warning_count == b->warning_cap) {
        size_t cap = b->warning_cap ? b->warning_cap * 2 : 4;
        w = realloc(p->warnings, cap * sizeof(*w));
        if (!w) {
            b->failed = 1;
            free(args->uses);
            free((void *)args->names);
            return;
        }
        p->warnings = w;
        b->warning_cap = cap;
    }
    w = &p->warnings[p->warning_count++];
    memset(w, 0, sizeof(*w));
    w->kind = kind;
    w->use = use;
    w->args = *args;
}

/* A warning about one use: args.uses = {use}. */
static void add_use_warning(builder *b, predict_warning_kind kind, size_t use, predict_args args)
{
    args.uses = copy_indices(b, &use, 1);
    args.use_count = args.uses ? 1 : 0;
    add_warning(b, kind, (long)use, &args);
}

static predict_fix *add_fix(builder *b, fix_kind kind)
{
    prediction *p = b->p;
    predict_fix *f;
    if (p->fix_count == b->fix_cap) {
        size_t cap = b->fix_cap ? b->fix_cap * 2 : 4;
        f = realloc(p->fixes, cap * sizeof(*f));
        if (!f) {
            b->failed = 1;
            return NULL;
        }
        p->fixes = f;
        b->fix_cap = cap;
    }
    f = &p->fixes[p->fix_count++];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->cred = -1;
    return f;
}

static void add_disconnect_fix(builder *b)
{
    const model *m = b->m;
    prediction *p = b->p;
    predict_fix *f;
    size_t i, n = 0;
    if (!p->conflict_count)
        return;
    if (!(f = add_fix(b, FIX_DISCONNECT)))
        return;
    f->uses = malloc(p->conflict_count * sizeof(*f->uses));
    if (!f->uses) {
        b->failed = 1;
        return;
    }
    for (i = 0; i < p->conflict_count; i++)
        f->uses[n++] = p->conflicts[i].use;
    f->use_count = n;
    /* R6: drive letters first, IPC$ last, model order within each kind. */
    if (model_sort_for_disconnect(m, f->uses, n, NULL) != CA_OK) {
        b->failed = 1;
        return;
    }
    for (i = 0; i < n; i++) {
        const model_use *u = &m->uses[f->uses[i]];
        if (u->open_files > 0 && f->open_files <= INT_MAX - u->open_files)
            f->open_files += u->open_files;
    }
    for (i = 0; i < n; i++) {
        const model_use *u = &m->uses[f->uses[i]];
        if (u->open_files > 0) {
            predict_args a = no_args();
            a.server = u->server;
            a.number = u->open_files;
            add_use_warning(b, WARN_OPEN_FILES, f->uses[i], a);
        }
    }
}

/* 1 when one of a and b is a NetBIOS name and the other that name plus a DNS domain. */
static int netbios_fqdn_pair(const char *a, const char *b)
{
    size_t al = strlen(a), bl = strlen(b), i;
    if (al > bl) {
        const char *t = a;
        a = b;
        b = t;
        al = bl;
    }
    if (unc_classify_server(a) != UNC_NAME_NETBIOS || unc_classify_server(b) != UNC_NAME_FQDN || b[al] != '.')
        return 0;
    for (i = 0; i < al; i++)
        if (text_fold((unsigned char)a[i]) != text_fold((unsigned char)b[i]))
            return 0;
    return 1;
}

/* R7: how likely another name of the machine is to work, and why. A name
 * that forms a NetBIOS/DNS pair with another name of the group is taken as
 * the computer's own name; any other name as a DNS alias (CNAME, hosts). */
static predict_certainty alias_caveat(const model_host *h, const char *alias, char *caveat, size_t size)
{
    unc_name_kind kind = unc_classify_server(alias);
    size_t i;
    if (kind == UNC_NAME_IPV4 || kind == UNC_NAME_IPV6) {
        text_copy_fit(
            caveat, size,
            "Usually works, with a catch: through an IP address Windows normally cannot use Kerberos, "
            "so it signs in with NTLM, which fails where NTLM is blocked (policy, Protected Users). "
            "One report says the address did not avoid 1219 either.");
        return CERTAINTY_LOW;
    }
    for (i = 0; i < h->count; i++) {
        if (netbios_fqdn_pair(alias, h->names[i])) {
            text_copy_fit(caveat, size,
                          "Usually works: the computer's NetBIOS and DNS names are the safest way round, "
                          "and Kerberos normally works with both.");
            return CERTAINTY_MEDIUM;
        }
    }
    text_copy_fit(caveat, size,
                  "Usually works, with a catch: a DNS alias (CNAME or hosts entry) fails with error 1396 "
                  "(\"target account name is incorrect\") when no SPN is registered for it.");
    return CERTAINTY_LOW;
}

/* R7: one fix per other name of the machine whose own slot would take the request. */
static void add_alias_fixes(builder *b, view_set *set, const model_host *h, const size_t *aliases,
                            size_t count)
{
    const model *m = b->m;
    prediction *p = b->p;
    size_t i, first = p->fix_count;
    predict_certainty pass;
    for (i = 0; i < count; i++) {
        view *v = &set->items[aliases[i]];
        slot_creds c = view_creds(m, v, 0);
        judgement j = judge(&c, p->requested_user);
        predict_fix *f;
        strbuf path;
        if (j.conflict)
            continue; /* an alias held by someone else would fail the same way */
        if (!(f = add_fix(b, FIX_ALIAS)))
            return;
        f->alias = text_dup(v->name);
        f->alias_kind = unc_classify_server(v->name);
        f->alias_certainty = alias_caveat(h, v->name, f->caveat, sizeof(f->caveat));
        strbuf_init(&path);
        strbuf_addf(&path, "\\\\%s", v->name);
        if (p->target.share)
            strbuf_addf(&path, "\\%s%s", p->target.share, p->target.rest ? p->target.rest : "");
        f->alias_path = path.failed ? NULL : text_dup(strbuf_str(&path));
        strbuf_cleanup(&path);
        if (!f->alias || !f->alias_path)
            b->failed = 1;
    }
    /* Safest first (medium before low), keeping the host line's order otherwise. */
    for (pass = CERTAINTY_HIGH; pass <= CERTAINTY_LOW; pass++) {
        size_t k;
        for (k = first; k < p->fix_count; k++) {
            if (p->fixes[k].alias_certainty == pass) {
                size_t at = first++;
                predict_fix tmp = p->fixes[k];
                memmove(&p->fixes[at + 1], &p->fixes[at], (k - at) * sizeof(tmp));
                p->fixes[at] = tmp;
            }
        }
    }
}

/* Issue 12: a forget fix names only a domain credential whose target is
 * exactly the slot's server name; a wider one that applies (wildcard,
 * domain, another name's) is a WARN_WIDE_CREDENTIAL with the servers of
 * this state it covers, and never a fix. */
static void add_forget_fix(builder *b, const slot_creds *c, const char *server)
{
    const model *m = b->m;
    prediction *p = b->p;
    predict_fix *f;
    long idx;
    size_t i, k, n;
    predict_args a;
    const char **names;
    if (!c->has_slot || c->kind != SLOT_USER_SAVED || !c->cred)
        return;
    idx = (long)(c->cred - m->creds);
    if (c->cred->type == CRED_KIND_DOMAIN && text_eq_ci(c->cred->target, server)) {
        for (i = 0; i < p->fix_count; i++)
            if (p->fixes[i].kind == FIX_FORGET_CREDENTIAL && p->fixes[i].cred == idx)
                return;
        if ((f = add_fix(b, FIX_FORGET_CREDENTIAL)))
            f->cred = idx;
        return;
    }
    for (i = 0; i < p->warning_count; i++)
        if (p->warnings[i].kind == WARN_WIDE_CREDENTIAL && p->warnings[i].args.name &&
            !strcmp(p->warnings[i].args.name, c->cred->raw_target ? c->cred->raw_target : c->cred->target))
            return;
    a = no_args();
    a.server = server;
    a.user = c->cred->user;
    a.name = c->cred->raw_target ? c->cred->raw_target : c->cred->target;
    names = malloc((m->use_count + 1) * sizeof(*names));
    if (!names) {
        b->failed = 1;
        return;
    }
    n = 0;
    names[n++] = server;
    for (i = 0; i < m->use_count; i++) {
        int seen = 0;
        for (k = 0; k < n && !seen; k++)
            seen = text_eq_ci(names[k], m->uses[i].server);
        if (!seen && model_match_cred(m, m->uses[i].server) == c->cred)
            names[n++] = m->uses[i].server;
    }
    a.names = names;
    a.name_count = n;
    add_warning(b, WARN_WIDE_CREDENTIAL, -1, &a);
}

/* R5: a remembered drive reconnects with its remembered user when touched. */
static void warn_remembered(builder *b, const view *vs, const slot_creds *after)
{
    const model *m = b->m;
    size_t i;
    for (i = 0; i < vs->remembered_count; i++) {
        const model_use *u = &m->uses[vs->remembered[i]];
        slot_creds as_slot;
        judgement later, earlier;
        predict_args a;
        memset(&as_slot, 0, sizeof(as_slot));
        as_slot.has_slot = 1;
        if (u->user && *u->user) {
            as_slot.kind = SLOT_USER_EXPLICIT;
            as_slot.user = u->user;
        } else {
            as_slot.cred = model_match_cred(m, u->server);
            as_slot.kind = as_slot.cred ? SLOT_USER_SAVED : SLOT_USER_DEFAULT;
            as_slot.user = as_slot.cred ? as_slot.cred->user : m->logon_user;
        }
        later = judge(after, u->user && *u->user ? u->user : NULL);
        earlier = judge(&as_slot, after->kind == SLOT_USER_EXPLICIT ? after->user : NULL);
        if (!later.conflict && !earlier.conflict)
            continue;
        a = no_args();
        a.server = u->server;
        a.user = u->user && *u->user ? u->user : NULL;
        add_use_warning(b, WARN_UNAVAILABLE_REMEMBERED, vs->remembered[i], a);
    }
}

/* Explanation only (R2): other names of this machine with slots of their own. */
static void warn_same_machine(builder *b, const view_set *set, const size_t *aliases, size_t count,
                              const char *server)
{
    size_t i, k;
    for (i = 0; i < count; i++) {
        const view *v = &set->items[aliases[i]];
        predict_args a;
        size_t *uses;
        if (!v->direct_count)
            continue;
        if (!(uses = malloc(v->direct_count * sizeof(*uses)))) {
            b->failed = 1;
            return;
        }
        for (k = 0; k < v->direct_count; k++)
            uses[k] = v->holders[k].use;
        a = no_args();
        a.server = server;
        a.name = v->name;
        a.uses = uses;
        a.use_count = v->direct_count;
        add_warning(b, WARN_SAME_MACHINE, (long)v->holders[0].use, &a);
    }
}

/* The arguments of the reason (see predict_args in predict.h). */
static void fill_why(builder *b, const view *vs, const model_cred *slot_cred)
{
    const model *m = b->m;
    prediction *p = b->p;
    predict_args *a = &p->why;
    size_t i, n = 0, x = 0, *same, *dfs;
    *a = no_args();
    a->server = p->server;
    if (p->reason == REASON_NO_SLOT) {
        a->user = p->requested_user ? NULL : p->effective_user;
        return;
    }
    if (p->verdict == VERDICT_OK) {
        a->user = p->slot_user;
        /* Every use holding the slot: same name first, then through DFS (R5). */
        a->uses = malloc((vs->count ? vs->count : 1) * sizeof(*a->uses));
        if (!a->uses) {
            b->failed = 1;
            return;
        }
        for (i = 0; i < vs->count; i++)
            a->uses[i] = vs->holders[i].use;
        a->use_count = vs->count;
        return;
    }
    same = malloc((p->conflict_count ? p->conflict_count : 1) * sizeof(*same));
    dfs = malloc((p->conflict_count ? p->conflict_count : 1) * sizeof(*dfs));
    if (!same || !dfs) {
        free(same);
        free(dfs);
        b->failed = 1;
        return;
    }
    for (i = 0; i < p->conflict_count; i++) {
        if (p->conflicts[i].via_dfs)
            dfs[x++] = p->conflicts[i].use;
        else
            same[n++] = p->conflicts[i].use;
    }
    a->other_user = p->requested_user;
    if (p->reason == REASON_DFS) {
        a->uses = dfs;
        a->use_count = x;
        free(same);
        return;
    }
    a->user = p->slot_user;
    a->uses = same;
    a->use_count = n;
    a->extra = dfs;
    a->extra_count = x;
    if (x)
        a->caveats |= PREDICT_CAVEAT_DFS_ALSO;
    if (p->certainty != CERTAINTY_HIGH)
        a->caveats |= PREDICT_CAVEAT_UNCONFIRMED;
    if (p->slot_user_kind == SLOT_USER_SAVED && slot_cred) {
        a->caveats |= PREDICT_CAVEAT_SAVED_CRED;
        a->name = slot_cred->raw_target ? slot_cred->raw_target : slot_cred->target;
    }
    if (p->reason == REASON_DEFAULT_THEN_EXPLICIT && p->slot_user && p->requested_user &&
        acct_compare_text(p->slot_user, p->requested_user) != ACCT_MATCH_DIFFERENT)
        a->caveats |= PREDICT_CAVEAT_SAME_ACCOUNT;
    (void)m;
}

#define MAX_RELATED 16

ca_status predict_check(const model *m, const char *path, const char *user, prediction *out, ca_error *err)
{
    builder b;
    view_set set;
    view *vs;
    slot_creds cs, cs_direct, after;
    judgement js, js_direct;
    size_t *aliases = NULL, alias_count = 0, alias_cap = 0;
    char related_names[MAX_RELATED][UNC_MAX_SERVER + 1]; /* DFS target servers below the path */
    size_t related[MAX_RELATED], related_count = 0;
    const model_host *host;
    size_t i, k;
    int related_conflict = 0, dfs_involved = 0;
    const model_cred *saved;
    predict_args none;
    ca_status st;

    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no place for the prediction");
    memset(out, 0, sizeof(*out));
    if (!m)
        return ca_fail(err, CA_ERR_INVALID, "no session state to predict from");
    if (!path || !*path)
        return ca_fail(err, CA_ERR_INVALID, "no path given");
    if (user && !*user)
        user = NULL;
    if (user) {
        acct_name parsed;
        ca_error aerr;
        if (acct_parse(user, &parsed, &aerr) != CA_OK)
            return ca_fail(err, CA_ERR_INVALID, "invalid user name: %s", aerr.msg);
    }
    st = model_resolve_path(m, path, 0, &out->target, err);
    if (st != CA_OK) {
        unc_path_cleanup(&out->target);
        memset(out, 0, sizeof(*out));
        return st;
    }

    memset(&b, 0, sizeof(b));
    memset(&set, 0, sizeof(set));
    b.m = m;
    b.p = out;
    if (m->use_count && !(b.in_conflicts = calloc(m->use_count, 1)))
        b.failed = 1;
    if (user && !(out->requested_user = text_dup(user)))
        b.failed = 1;

    /* The names this request touches: as typed (R2), the machine's other
     * names (R7, explanations), DFS target servers below the path (R5). */
    views_add(&set, out->target.server);
    host = model_host_of(m, out->target.server);
    for (i = 0; host && i < host->count; i++)
        if (!text_eq_ci(host->names[i], out->target.server) &&
            !push_index(&aliases, &alias_count, &alias_cap, views_add(&set, host->names[i])))
            b.failed = 1;
    for (i = 0; i < m->dfs_count && related_count < MAX_RELATED; i++) {
        char *name = related_names[related_count];
        size_t idx;
        int dup = 0;
        if (!m->dfs[i].path || !path_under(out->target.full, m->dfs[i].path) ||
            !server_of(m->dfs[i].target, name, sizeof(related_names[0])) ||
            text_eq_ci(name, out->target.server))
            continue;
        for (k = 0; k < related_count && !dup; k++)
            dup = text_eq_ci(set.items[related[k]].name, name);
        if (dup)
            continue;
        idx = views_add(&set, name);
        related[related_count++] = idx;
    }
    if (set.failed || b.failed)
        goto done;
    views_fill(m, &set);
    vs = &set.items[0];

    cs = view_creds(m, vs, 0);
    cs_direct = view_creds(m, vs, 1);
    js = judge(&cs, user);
    js_direct = judge(&cs_direct, user);
    dfs_involved = vs->count > vs->direct_count;
    for (i = 0; i < related_count; i++) {
        slot_creds c = view_creds(m, &set.items[related[i]], 0);
        related_conflict |= judge(&c, user).conflict;
        dfs_involved |= c.has_slot;
    }

    out->verdict = js.conflict || related_conflict ? VERDICT_CONFLICT : VERDICT_OK;
    if (js_direct.conflict) {
        out->reason = js_direct.reason;
        out->certainty = js_direct.certainty;
    } else if (out->verdict == VERDICT_CONFLICT) {
        out->reason = REASON_DFS; /* R5 is medium */
        out->certainty = CERTAINTY_MEDIUM;
    } else {
        out->reason = js.reason;
        out->certainty = dfs_involved && js.certainty == CERTAINTY_HIGH ? CERTAINTY_MEDIUM : js.certainty;
    }
    if (m->users_unknown && out->certainty == CERTAINTY_HIGH)
        out->certainty = CERTAINTY_MEDIUM;
    /* R2: that names differing only in case share a slot is medium. */
    for (k = 0; k < vs->direct_count && out->certainty == CERTAINTY_HIGH; k++)
        if (strcmp(m->uses[vs->holders[k].use].server, out->target.server) != 0)
            out->certainty = CERTAINTY_MEDIUM;

    out->has_slot = cs.has_slot;
    out->slot_user_kind = cs.kind;
    out->server = text_dup(vs->spelling ? vs->spelling : out->target.server);
    if (!out->server || (cs.has_slot && cs.user && !(out->slot_user = text_dup(cs.user))))
        b.failed = 1;
    saved = view_saved(m, vs);
    if (user)
        out->effective_user = text_dup(user);
    else if (cs.has_slot)
        out->effective_user = text_dup(cs.user);
    else
        out->effective_user = text_dup(saved ? saved->user : m->logon_user);
    if (!out->effective_user && (user || cs.user || saved || m->logon_user))
        b.failed = 1;

    /* Every use holding a conflicting slot. */
    if (js.conflict)
        for (k = 0; k < vs->count; k++)
            add_conflict(&b, vs->holders[k].use, vs->holders[k].via_dfs);
    for (i = 0; i < related_count; i++) {
        view *v = &set.items[related[i]];
        slot_creds c = view_creds(m, v, 0);
        if (judge(&c, user).conflict)
            for (k = 0; k < v->count; k++)
                add_conflict(&b, v->holders[k].use, 1);
    }

    /* Warnings. */
    none = no_args();
    if (m->elevated == 1)
        add_warning(&b, WARN_ELEVATED, -1, &none);
    if (m->users_unknown)
        add_warning(&b, WARN_USERS_UNKNOWN, -1, &none);
    if (!user && cs.kind != SLOT_USER_EXPLICIT && saved) {
        predict_args a = no_args();
        a.server = out->target.server;
        a.user = saved->user;
        a.name = saved->raw_target ? saved->raw_target : saved->target;
        add_warning(&b, WARN_SAVED_CRED_USED, -1, &a);
    }
    memset(&after, 0, sizeof(after));
    if (out->verdict == VERDICT_OK && cs.has_slot) {
        after = cs;
    } else {
        after.has_slot = 1;
        after.kind = user ? SLOT_USER_EXPLICIT : saved ? SLOT_USER_SAVED : SLOT_USER_DEFAULT;
        after.user = user ? user : saved ? saved->user : m->logon_user;
        after.cred = user ? NULL : saved;
    }
    warn_remembered(&b, vs, &after);
    warn_same_machine(&b, &set, aliases, alias_count, out->target.server);

    /* Fix plans, least disruptive first. */
    if (out->verdict == VERDICT_CONFLICT) {
        if (out->reason == REASON_SPELLING) {
            predict_fix *f = add_fix(&b, FIX_USE_SPELLING);
            if (f && !(f->user = text_dup(cs_direct.user)))
                b.failed = 1;
        }
        add_disconnect_fix(&b);
        if (js.conflict && !related_conflict)
            add_alias_fixes(&b, &set, host, aliases, alias_count);
        if (js.conflict)
            add_forget_fix(&b, &cs, vs->name);
        for (i = 0; i < related_count; i++) {
            slot_creds c = view_creds(m, &set.items[related[i]], 0);
            if (judge(&c, user).conflict)
                add_forget_fix(&b, &c, set.items[related[i]].name);
        }
    }
    fill_why(&b, vs, cs.cred);

done:
    b.failed |= set.failed;
    views_free(&set);
    free(aliases);
    free(b.in_conflicts);
    if (b.failed) {
        prediction_cleanup(out);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory while predicting");
    }
    return CA_OK;
}

void prediction_cleanup(prediction *p)
{
    size_t i;
    if (!p)
        return;
    unc_path_cleanup(&p->target);
    free(p->server);
    free(p->requested_user);
    free(p->effective_user);
    free(p->slot_user);
    free(p->conflicts);
    for (i = 0; i < p->warning_count; i++) {
        free(p->warnings[i].args.uses);
        free(p->warnings[i].args.extra);
        free((void *)p->warnings[i].args.names);
    }
    free(p->warnings);
    free(p->why.uses);
    free(p->why.extra);
    free((void *)p->why.names);
    for (i = 0; i < p->fix_count; i++) {
        free(p->fixes[i].uses);
        free(p->fixes[i].alias);
        free(p->fixes[i].alias_path);
        free(p->fixes[i].user);
    }
    free(p->fixes);
    memset(p, 0, sizeof(*p));
}

const char *predict_certainty_name(predict_certainty c)
{
    switch (c) {
    case CERTAINTY_HIGH:
        return "high";
    case CERTAINTY_MEDIUM:
        return "medium";
    case CERTAINTY_LOW:
        return "low";
    }
    return "unknown";
}

const char *predict_fix_kind_name(fix_kind k)
{
    switch (k) {
    case FIX_DISCONNECT:
        return "disconnect";
    case FIX_ALIAS:
        return "alias";
    case FIX_FORGET_CREDENTIAL:
        return "forget_credential";
    case FIX_USE_SPELLING:
        return "use_spelling";
    }
    return "unknown";
}

const char *predict_reason_name(predict_reason r)
{
    switch (r) {
    case REASON_NO_SLOT:
        return "no_slot";
    case REASON_SAME_USER:
        return "same_user";
    case REASON_DEFAULT_REUSES:
        return "default_reuses";
    case REASON_DEFAULT_MATCHES:
        return "default_matches";
    case REASON_DEFAULT_THEN_EXPLICIT:
        return "default_then_explicit";
    case REASON_OTHER_USER:
        return "other_user";
    case REASON_SPELLING:
        return "spelling";
    case REASON_SAVED_CRED_USER:
        return "saved_cred_user";
    case REASON_DFS:
        return "dfs";
    }
    return "unknown";
}

const char *predict_warning_name(predict_warning_kind k)
{
    switch (k) {
    case WARN_UNAVAILABLE_REMEMBERED:
        return "unavailable_remembered";
    case WARN_SAME_MACHINE:
        return "same_machine";
    case WARN_OPEN_FILES:
        return "open_files";
    case WARN_ELEVATED:
        return "elevated";
    case WARN_USERS_UNKNOWN:
        return "users_unknown";
    case WARN_SAVED_CRED_USED:
        return "saved_credential_used";
    case WARN_WIDE_CREDENTIAL:
        return "wide_credential";
    }
    return "unknown";
}
