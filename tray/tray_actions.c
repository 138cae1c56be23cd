/* Sessions actions: disconnect (force only after consent), forget exactly named credentials, open a server.
 */
#include "tray_actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tray_consent.h"
#include "unc.h"
#include "winutil.h"

struct tray_actions {
    tray_host *host;
};

typedef enum action_kind {
    ACTION_DISCONNECT, /* every use of server, without force, safe order */
    ACTION_FORCE,      /* the named uses, with force */
    ACTION_FORGET,     /* the named saved credentials */
} action_kind;

/* One thing an action works on: a use (name = local device or remote) or a credential (name = raw target). */
typedef struct action_item {
    char *name;
    char *remote;         /* uses: the remote path */
    int open_files;       /* uses: known open files, -1 unknown */
    model_cred_type type; /* credentials */
    ca_status st;         /* outcome */
    unsigned long code;   /* outcome: Windows error code, 0 when none */
    char msg[256];        /* outcome: the backend's message */
} action_item;

typedef struct action_job {
    action_kind kind;
    char *server;
    action_item *items;
    size_t count;
    ca_status snap_st; /* DISCONNECT: the snapshot it chose the uses from */
    ca_error snap_err;
} action_job;

static void action_job_free(void *ctx)
{
    action_job *j = ctx;
    size_t i;
    if (!j)
        return;
    for (i = 0; i < j->count; i++) {
        free(j->items[i].name);
        free(j->items[i].remote);
    }
    free(j->items);
    free(j->server);
    free(j);
}

static action_item *add_item(action_job *j, const char *name)
{
    action_item *items = realloc(j->items, (j->count + 1) * sizeof(*items)), *it;
    if (!items)
        return NULL;
    j->items = items;
    it = &items[j->count];
    memset(it, 0, sizeof(*it));
    it->open_files = -1;
    if (!(it->name = tray_dup8(name)))
        return NULL;
    j->count++;
    return it;
}

static void record(action_item *it, ca_status st, const ca_error *e)
{
    it->st = st;
    it->code = st == CA_OK ? 0 : e->code;
    snprintf(it->msg, sizeof(it->msg), "%s", st == CA_OK ? "" : e->msg);
}

/* On the worker. DISCONNECT: every use of the server that holds its session now, without force. */
static void action_call(backend *be, tray_job *job)
{
    action_job *j = job->ctx;
    ca_error e;
    size_t i;
    if (j->kind == ACTION_DISCONNECT) {
        model *m = NULL;
        int rank;
        memset(&j->snap_err, 0, sizeof(j->snap_err));
        j->snap_st = backend_snapshot(be, &m, &j->snap_err);
        if (j->snap_st != CA_OK)
            return;
        for (rank = 0; rank < 4; rank++)
            for (i = 0; i < m->use_count; i++) {
                const model_use *u = &m->uses[i];
                action_item *it;
                if (model_disconnect_rank(u) != rank || u->status == USE_STATUS_UNAVAILABLE ||
                    !unc_server_equal(u->server, j->server))
                    continue;
                it = add_item(j, u->local ? u->local : u->remote);
                if (!it)
                    continue;
                it->remote = tray_dup8(u->remote);
                it->open_files = u->open_files;
                memset(&e, 0, sizeof(e));
                record(it, backend_disconnect(be, it->name, 0, 0, &e), &e);
            }
        model_free(m);
        return;
    }
    for (i = 0; i < j->count; i++) {
        action_item *it = &j->items[i];
        memset(&e, 0, sizeof(e));
        record(it,
               j->kind == ACTION_FORCE ? backend_disconnect(be, it->name, 1, 0, &e)
                                       : backend_forget(be, it->name, it->type, &e),
               &e);
    }
}

static void action_done(tray_job *job);

static action_job *action_new(action_kind kind, const char *server)
{
    action_job *j = calloc(1, sizeof(*j));
    if (j && !(j->server = tray_dup8(server))) {
        free(j);
        j = NULL;
    }
    if (j)
        j->kind = kind;
    return j;
}

/* Queues j (taken over) on the worker. */
static void submit(tray_actions *a, action_job *j)
{
    tray_job *job = j ? tray_job_new(action_call, action_done, a) : NULL;
    WCHAR *working;
    if (!job) {
        action_job_free(j);
        return;
    }
    job->ctx = j;
    job->ctx_free = action_job_free;
    job->action = 1;
    working = tray_load(IDS_RESULT_WORKING);
    if (working)
        tray_host_status(a->host, working);
    free(working);
    tray_host_submit(a->host, job);
}

static int cred_names(const model_cred *c, const char *server)
{
    return c->target && unc_server_equal(c->target, server);
}

static void forget_credentials(tray_actions *a, const char *server)
{
    const tray_state *st = tray_host_state(a->host);
    wbuf lines = {0}, text = {0};
    action_job *j;
    const model_cred *wide;
    WCHAR *wserver = win_from_utf8(server);
    size_t i;
    if (!st->have_state || !wserver) {
        free(wserver);
        return;
    }
    j = action_new(ACTION_FORGET, server);
    for (i = 0; j && i < st->m->cred_count; i++) {
        const model_cred *c = &st->m->creds[i];
        WCHAR *target, *user, *kind;
        action_item *it;
        if (!cred_names(c, server))
            continue;
        it = add_item(j, c->raw_target);
        if (!it)
            continue;
        it->type = c->type;
        target = win_from_utf8(c->raw_target);
        user = win_from_utf8(c->user ? c->user : "?");
        kind = tray_load(c->type == CRED_KIND_DOMAIN ? IDS_CRED_WINDOWS : IDS_CRED_GENERIC);
        wbuf_add(&lines, L"    ");
        wbuf_add_res(&lines, IDS_CONFIRM_FORGET_LINE, (const WCHAR *const[]){target, user, kind}, 3);
        wbuf_add(&lines, L"\n");
        free(target);
        free(user);
        free(kind);
    }
    wide = model_match_cred(st->m, server);
    if (j && j->count) {
        const WCHAR *arg = wbuf_str(&lines);
        wbuf_add_res(&text, IDS_CONFIRM_FORGET, &arg, 1);
    } else {
        wbuf_add_res(&text, IDS_FORGET_NONE, (const WCHAR *const *)&wserver, 1);
    }
    if (wide && !cred_names(wide, server)) {
        WCHAR *target = win_from_utf8(wide->raw_target), *user = win_from_utf8(wide->user ? wide->user : "?");
        wbuf_add(&text, L"\n\n");
        wbuf_add_res(&text, IDS_FORGET_WIDE, (const WCHAR *const[]){target, user, wserver}, 3);
        free(target);
        free(user);
    }
    if (j && j->count) {
        if (tray_consent_ask(tray_host_owner(a->host), IDS_CONFIRM_FORGET_TITLE, wbuf_str(&text))) {
            submit(a, j);
            j = NULL;
        }
    } else {
        tray_host_report(a->host, wbuf_str(&text), NIIF_INFO);
    }
    action_job_free(j);
    wbuf_cleanup(&lines);
    wbuf_cleanup(&text);
    free(wserver);
}

static void open_server(tray_actions *a, const char *server)
{
    const tray_state *st = tray_host_state(a->host);
    long gi = tray_view_find(&st->view, server);
    const tray_group *g;
    WCHAR path[UNC_MAX_SERVER + 8], *remote = NULL;
    if (st->sandbox) {
        WCHAR *text = tray_load(IDS_RESULT_SANDBOX_ONLY);
        tray_host_report(a->host, text, NIIF_INFO);
        free(text);
        return;
    }
    if (gi < 0)
        return;
    g = &st->view.groups[gi];
    _snwprintf(path, ARRAYSIZE(path), L"\\\\%ls", g->wserver);
    path[ARRAYSIZE(path) - 1] = 0;
    if (g->row_count && st->view.rows[g->first_row].use >= 0) {
        const model_use *u = &st->m->uses[st->view.rows[g->first_row].use];
        if (u->local && u->kind == USE_KIND_DRIVE) {
            _snwprintf(path, ARRAYSIZE(path), L"%hs\\", u->local);
            path[ARRAYSIZE(path) - 1] = 0;
        } else if (u->kind != USE_KIND_IPC) {
            remote = win_from_utf8(u->remote);
        }
    }
    tray_host_open(a->host, remote ? remote : path);
    free(remote);
}

void tray_actions_run(tray_actions *a, const char *server, int action)
{
    if (!server)
        return;
    switch (action) {
    case TRAY_SLOT_DISCONNECT:
        submit(a, action_new(ACTION_DISCONNECT, server));
        break;
    case TRAY_SLOT_FORGET:
        forget_credentials(a, server);
        break;
    case TRAY_SLOT_OPEN:
        open_server(a, server);
        break;
    default:
        break;
    }
}

/* ---- results ---- */

static void add_failure(wbuf *msg, UINT id, const action_item *it)
{
    WCHAR sentence[600], code[24], *name = win_from_utf8(it->name);
    tray_error_text(it->code, it->msg, sentence, ARRAYSIZE(sentence));
    if (msg->len)
        wbuf_add(msg, L"\n");
    wbuf_add_res(msg, id, (const WCHAR *const[]){name, sentence, tray_num((long long)it->code, code)}, 3);
    free(name);
}

/* Asks before forcing the uses that were busy; queues the forced disconnect on consent. */
static void ask_force(tray_actions *a, const action_job *j, wbuf *msg)
{
    tray_busy_use *busy = calloc(j->count ? j->count : 1, sizeof(*busy));
    action_job *force = action_new(ACTION_FORCE, j->server);
    size_t i, n = 0;
    for (i = 0; busy && i < j->count; i++) {
        const action_item *it = &j->items[i];
        action_item *f;
        if (it->st != CA_ERR_BUSY)
            continue;
        busy[n].name = it->name;
        busy[n].remote = it->remote;
        busy[n++].open_files = it->open_files;
        if (force && (f = add_item(force, it->name)) != NULL) {
            f->remote = tray_dup8(it->remote);
            f->open_files = it->open_files;
        }
    }
    if (force && force->count && tray_consent_force(tray_host_owner(a->host), j->server, busy, n)) {
        submit(a, force);
        force = NULL;
    } else {
        tray_consent_kept(msg, j->server, busy, n);
    }
    action_job_free(force);
    free(busy);
}

static void action_done(tray_job *job)
{
    tray_actions *a = job->owner;
    const action_job *j = job->ctx;
    wbuf msg = {0}, done = {0};
    WCHAR *wserver = win_from_utf8(j->server ? j->server : "");
    size_t i;
    int ndone = 0, busy = 0, failed = 0;
    for (i = 0; i < j->count; i++) {
        const action_item *it = &j->items[i];
        if (it->st == CA_OK) {
            WCHAR *name = win_from_utf8(it->name);
            if (ndone++)
                wbuf_add_res(&done, IDS_LIST_COMMA, NULL, 0);
            wbuf_add(&done, name);
            free(name);
        } else if (it->st == CA_ERR_BUSY && j->kind == ACTION_DISCONNECT) {
            busy++;
        } else {
            failed++;
        }
        if (it->code == CA_WIN_SESSION_CREDENTIAL_CONFLICT)
            tray_host_note_1219(a->host, j->server);
    }
    if (j->kind == ACTION_FORGET) {
        if (ndone) {
            const WCHAR *arg = wbuf_str(&done);
            wbuf_add_res(&msg, IDS_RESULT_FORGOT, &arg, 1);
        }
    } else if (ndone) {
        wbuf_add_res(&msg, IDS_RESULT_DISCONNECTED, (const WCHAR *const[]){wserver, wbuf_str(&done)}, 2);
    }
    for (i = 0; i < j->count; i++) {
        const action_item *it = &j->items[i];
        if (it->st == CA_OK || (it->st == CA_ERR_BUSY && j->kind == ACTION_DISCONNECT))
            continue;
        add_failure(&msg, j->kind == ACTION_FORGET ? IDS_RESULT_FORGET_FAILED : IDS_RESULT_FAILED, it);
    }
    if (j->kind == ACTION_DISCONNECT && !j->count) {
        if (j->snap_st != CA_OK) {
            WCHAR sentence[600], code[24];
            tray_error_text(j->snap_err.code, j->snap_err.msg, sentence, ARRAYSIZE(sentence));
            wbuf_add_res(&msg, IDS_RESULT_SNAPSHOT_FAILED,
                         (const WCHAR *const[]){sentence, tray_num((long long)j->snap_err.code, code)}, 2);
            failed++;
        } else {
            wbuf_add_res(&msg, IDS_RESULT_NOTHING, (const WCHAR *const *)&wserver, 1);
        }
    }
    if (busy)
        ask_force(a, j, &msg);
    tray_host_report(a->host, wbuf_str(&msg), failed ? NIIF_ERROR : busy ? NIIF_WARNING : NIIF_INFO);
    wbuf_cleanup(&msg);
    wbuf_cleanup(&done);
    free(wserver);
}

tray_actions *tray_actions_create(tray_host *host)
{
    tray_actions *a = calloc(1, sizeof(*a));
    if (a)
        a->host = host;
    return a;
}

void tray_actions_free(tray_actions *a)
{
    free(a);
}
