/* The tray's view model: groups per server name, list rows and the plain-words explanation of a model. */
#include "tray_internal.h"

#include <stdlib.h>
#include <string.h>

#include "unc.h"
#include "winutil.h"

static int fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int cmp_ci(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = fold((unsigned char)*a), y = fold((unsigned char)*b);
        if (x != y || !x)
            return x - y;
    }
}

WCHAR *tray_view_use_name(const model_use *u)
{
    if (u->local && u->local[0])
        return win_from_utf8(u->local);
    return tray_load(u->kind == USE_KIND_IPC ? IDS_DRIVE_IPC : IDS_DRIVE_NONE);
}

static WCHAR *default_user(const model *m)
{
    WCHAR *logon, *out;
    if (!m->logon_user)
        return tray_load(IDS_USER_DEFAULT_UNKNOWN);
    logon = win_from_utf8(m->logon_user);
    out = logon ? tray_fmt(IDS_USER_DEFAULT, logon, NULL) : NULL;
    free(logon);
    return out;
}

static WCHAR *saved_user(const char *user)
{
    WCHAR *w = win_from_utf8(user ? user : "?"), *out;
    out = w ? tray_fmt(IDS_USER_SAVED, w, NULL) : NULL;
    free(w);
    return out;
}

WCHAR *tray_view_use_user(const model *m, const model_use *u)
{
    const model_cred *c;
    if (u->user)
        return win_from_utf8(u->user);
    c = model_match_cred(m, u->server);
    if (c)
        return saved_user(c->user);
    return default_user(m);
}

static WCHAR *slot_user(const model *m, const model_slot *s)
{
    switch (s->user_kind) {
    case SLOT_USER_EXPLICIT:
        return win_from_utf8(s->user ? s->user : "?");
    case SLOT_USER_SAVED:
        return saved_user(s->user);
    case SLOT_USER_DEFAULT:
    default:
        return default_user(m);
    }
}

static UINT status_id(model_use_status s)
{
    switch (s) {
    case USE_STATUS_OK:
        return IDS_STATUS_OK;
    case USE_STATUS_PAUSED:
        return IDS_STATUS_PAUSED;
    case USE_STATUS_DISCONNECTED:
        return IDS_STATUS_DISCONNECTED;
    case USE_STATUS_ERROR:
        return IDS_STATUS_ERROR;
    case USE_STATUS_CONNECTING:
        return IDS_STATUS_CONNECTING;
    case USE_STATUS_RECONNECTING:
        return IDS_STATUS_RECONNECTING;
    case USE_STATUS_UNAVAILABLE:
    default:
        return IDS_STATUS_UNAVAILABLE;
    }
}

static int is_problem(const model_use *u)
{
    return u->status == USE_STATUS_DISCONNECTED || u->status == USE_STATUS_ERROR ||
           u->status == USE_STATUS_UNAVAILABLE;
}

/* A credential target that names one server (not a wildcard or a domain). */
static int cred_names_a_server(const model_cred *c)
{
    return c->type == CRED_KIND_DOMAIN && c->target && c->target[0] && !strpbrk(c->target, "*\\/@");
}

/* ---- building ---- */

typedef struct builder {
    const model *m;
    tray_view *v;
    size_t group_cap, row_cap;
    const model_host **hosts; /* per group: its host group or NULL */
    int failed;
} builder;

static long find_group(const tray_view *v, const char *server)
{
    size_t i;
    for (i = 0; i < v->group_count; i++)
        if (unc_server_equal(v->groups[i].server, server))
            return (long)i;
    return -1;
}

long tray_view_find(const tray_view *v, const char *server)
{
    return server ? find_group(v, server) : -1;
}

static tray_group *add_group(builder *b, const char *server, const model_slot *slot)
{
    tray_group *g;
    if (b->v->group_count == b->group_cap) {
        size_t cap = b->group_cap ? b->group_cap * 2 : 8;
        tray_group *groups = realloc(b->v->groups, cap * sizeof(*groups));
        if (!groups) {
            b->failed = 1;
            return NULL;
        }
        b->v->groups = groups;
        b->group_cap = cap;
    }
    g = &b->v->groups[b->v->group_count++];
    memset(g, 0, sizeof(*g));
    g->server = server;
    g->slot = slot;
    return g;
}

static tray_row *add_row(builder *b, size_t group, long use, long cred)
{
    tray_row *r;
    if (b->v->row_count == b->row_cap) {
        size_t cap = b->row_cap ? b->row_cap * 2 : 16;
        tray_row *rows = realloc(b->v->rows, cap * sizeof(*rows));
        if (!rows) {
            b->failed = 1;
            return NULL;
        }
        b->v->rows = rows;
        b->row_cap = cap;
    }
    r = &b->v->rows[b->v->row_count++];
    memset(r, 0, sizeof(*r));
    r->group = group;
    r->use = use;
    r->cred = cred;
    return r;
}

/* Sort key of a group: names of one machine sit together, under the first of them. */
static const char *group_leader(const builder *b, size_t gi)
{
    const model_host *h = b->hosts[gi];
    const char *leader = b->v->groups[gi].server;
    size_t i;
    if (!h)
        return leader;
    for (i = 0; i < b->v->group_count; i++)
        if (b->hosts[i] == h && cmp_ci(b->v->groups[i].server, leader) < 0)
            leader = b->v->groups[i].server;
    return leader;
}

typedef struct order_item {
    const char *leader;
    const char *server;
    size_t index;
} order_item;

static int order_cmp(const void *pa, const void *pb)
{
    const order_item *a = pa, *b = pb;
    int c = cmp_ci(a->leader, b->leader);
    if (c)
        return c;
    c = cmp_ci(a->server, b->server);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void sort_groups(builder *b)
{
    size_t n = b->v->group_count, i;
    order_item *items;
    tray_group *sorted;
    if (n < 2)
        return;
    b->hosts = calloc(n, sizeof(*b->hosts));
    items = calloc(n, sizeof(*items));
    sorted = malloc(n * sizeof(*sorted));
    if (!b->hosts || !items || !sorted) {
        b->failed = 1;
        free(items);
        free(sorted);
        return;
    }
    for (i = 0; i < n; i++)
        b->hosts[i] = model_host_of(b->m, b->v->groups[i].server);
    for (i = 0; i < n; i++) {
        items[i].leader = group_leader(b, i);
        items[i].server = b->v->groups[i].server;
        items[i].index = i;
    }
    qsort(items, n, sizeof(*items), order_cmp);
    for (i = 0; i < n; i++)
        sorted[i] = b->v->groups[items[i].index];
    memcpy(b->v->groups, sorted, n * sizeof(*sorted));
    free(items);
    free(sorted);
}

static void fill_use_row(builder *b, tray_row *r, const tray_group *g, const model_use *u)
{
    WCHAR num[24];
    r->col[TRAY_COL_SERVER] = win_from_utf8(u->server);
    if (u->status != USE_STATUS_UNAVAILABLE && !u->user && g->user)
        r->col[TRAY_COL_USER] = _wcsdup(g->user);
    else
        r->col[TRAY_COL_USER] = tray_view_use_user(b->m, u);
    r->col[TRAY_COL_DRIVE] = tray_view_use_name(u);
    r->col[TRAY_COL_REMOTE] = win_from_utf8(u->remote);
    r->col[TRAY_COL_STATUS] = tray_load(status_id(u->status));
    r->col[TRAY_COL_OPEN] =
        u->open_files >= 0 ? _wcsdup(tray_num(u->open_files, num)) : tray_load(IDS_OPEN_UNKNOWN);
}

static void fill_cred_row(tray_row *r, const model_cred *c)
{
    r->col[TRAY_COL_SERVER] = win_from_utf8(c->target);
    r->col[TRAY_COL_USER] = saved_user(c->user);
    r->col[TRAY_COL_DRIVE] = tray_load(IDS_DRIVE_CRED);
    r->col[TRAY_COL_REMOTE] = win_from_utf8(c->raw_target);
    r->col[TRAY_COL_STATUS] = tray_load(IDS_STATUS_CRED_ONLY);
    r->col[TRAY_COL_OPEN] = _wcsdup(L"");
}

static int row_complete(const tray_row *r)
{
    int i;
    for (i = 0; i < TRAY_COLUMNS; i++)
        if (!r->col[i])
            return 0;
    return 1;
}

static void build_rows(builder *b)
{
    const model *m = b->m;
    size_t gi, i, k;
    for (gi = 0; gi < b->v->group_count && !b->failed; gi++) {
        tray_group *g = &b->v->groups[gi];
        WCHAR num[24];
        g->first_row = b->v->row_count;
        g->wserver = win_from_utf8(g->server);
        if (g->slot) {
            g->user = slot_user(m, g->slot);
            g->connections = (int)g->slot->count;
            for (k = 0; k < g->slot->count && !b->failed; k++) {
                const model_use *u = &m->uses[g->slot->uses[k]];
                tray_row *r = add_row(b, gi, (long)g->slot->uses[k], -1);
                if (r)
                    fill_use_row(b, r, g, u);
                if (is_problem(u))
                    g->problems++;
            }
        }
        for (i = 0; i < m->use_count && !b->failed; i++) {
            const model_use *u = &m->uses[i];
            tray_row *r;
            if (u->status != USE_STATUS_UNAVAILABLE || !unc_server_equal(u->server, g->server))
                continue;
            if (!g->user)
                g->user = tray_view_use_user(m, u);
            r = add_row(b, gi, (long)i, -1);
            if (r)
                fill_use_row(b, r, g, u);
            g->problems++;
        }
        for (i = 0; i < m->cred_count; i++)
            if (m->creds[i].target && unc_server_equal(m->creds[i].target, g->server))
                g->cred_count++;
        if (b->v->row_count == g->first_row) {
            /* Nothing connected or remembered: the saved credentials that name this server. */
            for (i = 0; i < m->cred_count && !b->failed; i++) {
                const model_cred *c = &m->creds[i];
                tray_row *r;
                if (!cred_names_a_server(c) || !unc_server_equal(c->target, g->server))
                    continue;
                if (!g->user)
                    g->user = saved_user(c->user);
                r = add_row(b, gi, -1, (long)i);
                if (r)
                    fill_cred_row(r, c);
            }
        }
        g->row_count = b->v->row_count - g->first_row;
        if (!g->user)
            g->user = default_user(m);
        if (g->slot)
            g->header = tray_fmt(IDS_GROUP_HEADER, g->wserver ? g->wserver : L"", g->user ? g->user : L"",
                                 tray_num(g->connections, num), NULL);
        else
            g->header = tray_fmt(IDS_GROUP_NOSLOT, g->wserver ? g->wserver : L"", NULL);
        if (!g->wserver || !g->user || !g->header)
            b->failed = 1;
        b->v->problems += g->problems;
        if (g->slot) {
            b->v->servers++;
            b->v->connections += g->connections;
        }
    }
    for (i = 0; i < b->v->row_count; i++)
        if (!row_complete(&b->v->rows[i]))
            b->failed = 1;
}

static void paragraph(wbuf *out)
{
    if (out->len)
        wbuf_add(out, L"\n\n");
}

static void explain_same_machine(builder *b, wbuf *out)
{
    const tray_view *v = b->v;
    size_t h, gi;
    const WCHAR **names = calloc(v->group_count ? v->group_count : 1, sizeof(*names));
    if (!names) {
        b->failed = 1;
        return;
    }
    for (h = 0; h < b->m->host_count; h++) {
        const model_host *host = &b->m->hosts[h];
        size_t n = 0;
        for (gi = 0; gi < v->group_count; gi++)
            if (v->groups[gi].slot && model_host_of(b->m, v->groups[gi].server) == host)
                names[n++] = v->groups[gi].wserver;
        if (n < 2)
            continue;
        paragraph(out);
        if (n == 2) {
            wbuf_add_res(out, IDS_EXPLAIN_SAME2, names, 2);
        } else {
            wbuf list = {0};
            WCHAR num[24];
            const WCHAR *args[2];
            wbuf_add_list(&list, names, n);
            args[0] = wbuf_str(&list);
            args[1] = tray_num((long long)n, num);
            wbuf_add_res(out, IDS_EXPLAIN_SAMEN, args, 2);
            wbuf_cleanup(&list);
        }
    }
    free(names);
}

static void explain_uses(builder *b, wbuf *out)
{
    const model *m = b->m;
    size_t gi, k;
    for (gi = 0; gi < b->v->group_count; gi++) {
        const tray_group *g = &b->v->groups[gi];
        if (g->slot && g->slot->user_kind == SLOT_USER_SAVED && g->slot->cred) {
            WCHAR *user = win_from_utf8(g->slot->user ? g->slot->user : "?");
            WCHAR *target = win_from_utf8(g->slot->cred->raw_target);
            const WCHAR *args[3] = {g->wserver, user, target};
            paragraph(out);
            wbuf_add_res(out, IDS_EXPLAIN_SAVED, args, 3);
            free(user);
            free(target);
        }
        for (k = g->first_row; k < g->first_row + g->row_count; k++) {
            const tray_row *r = &b->v->rows[k];
            const WCHAR *args[4];
            if (r->cred >= 0) {
                const model_cred *c = &m->creds[r->cred];
                WCHAR *user = win_from_utf8(c->user ? c->user : "?");
                args[0] = g->wserver;
                args[1] = user;
                paragraph(out);
                wbuf_add_res(out, IDS_EXPLAIN_CRED_ONLY, args, 2);
                free(user);
                continue;
            }
            if (r->use < 0)
                continue;
            args[0] = r->col[TRAY_COL_DRIVE];
            args[1] = r->col[TRAY_COL_REMOTE];
            if (m->uses[r->use].status == USE_STATUS_UNAVAILABLE) {
                args[2] = r->col[TRAY_COL_USER];
                args[3] = g->wserver;
                paragraph(out);
                wbuf_add_res(out, IDS_EXPLAIN_UNAVAILABLE, args, 4);
            } else if (m->uses[r->use].status == USE_STATUS_DISCONNECTED ||
                       m->uses[r->use].status == USE_STATUS_ERROR) {
                args[2] = g->wserver;
                paragraph(out);
                wbuf_add_res(out, IDS_EXPLAIN_DISCONNECTED, args, 3);
            }
        }
    }
}

DWORD tray_view_build(const model *m, const model_slots *slots, tray_view *out)
{
    builder b;
    wbuf text = {0};
    size_t i;

    memset(out, 0, sizeof(*out));
    memset(&b, 0, sizeof(b));
    b.m = m;
    b.v = out;
    for (i = 0; i < slots->count && !b.failed; i++)
        add_group(&b, slots->items[i].server, &slots->items[i]);
    for (i = 0; i < m->use_count && !b.failed; i++)
        if (m->uses[i].status == USE_STATUS_UNAVAILABLE && find_group(out, m->uses[i].server) < 0)
            add_group(&b, m->uses[i].server, NULL);
    for (i = 0; i < m->cred_count && !b.failed; i++)
        if (cred_names_a_server(&m->creds[i]) && find_group(out, m->creds[i].target) < 0)
            add_group(&b, m->creds[i].target, NULL);
    if (!b.failed)
        sort_groups(&b);
    if (!b.failed)
        build_rows(&b);
    if (!b.failed) {
        explain_same_machine(&b, &text);
        explain_uses(&b, &text);
        if (m->users_unknown) {
            paragraph(&text);
            wbuf_add_res(&text, IDS_EXPLAIN_USERS_UNKNOWN, NULL, 0);
        }
        if (m->elevated == 1) {
            paragraph(&text);
            wbuf_add_res(&text, IDS_EXPLAIN_ELEVATED, NULL, 0);
        }
        if (!out->group_count) {
            paragraph(&text);
            wbuf_add_res(&text, IDS_EXPLAIN_NOTHING, NULL, 0);
        }
        out->explain = wbuf_take(&text);
        if (!out->explain)
            b.failed = 1;
    }
    wbuf_cleanup(&text);
    free(b.hosts);
    if (b.failed) {
        tray_view_cleanup(out);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_SUCCESS;
}

void tray_view_cleanup(tray_view *v)
{
    size_t i;
    int c;
    for (i = 0; i < v->row_count; i++)
        for (c = 0; c < TRAY_COLUMNS; c++)
            free(v->rows[i].col[c]);
    for (i = 0; i < v->group_count; i++) {
        free(v->groups[i].wserver);
        free(v->groups[i].user);
        free(v->groups[i].header);
    }
    free(v->rows);
    free(v->groups);
    free(v->explain);
    memset(v, 0, sizeof(*v));
}
