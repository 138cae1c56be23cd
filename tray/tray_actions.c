/* Sessions actions: disconnect (force only after consent), forget exactly named credentials, open a server.
 */
#include "tray_actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixrun.h"
#include "tray_consent.h"
#include "unc.h"
#include "winutil.h"

struct tray_actions {
    tray_host *host;
};

typedef enum action_kind {
    ACTION_DISCONNECT, /* every use of server, without force, in the core's safe order */
    ACTION_FORCE,      /* exactly the busy steps the user agreed to */
    ACTION_FORGET,     /* the credentials the plan names (exactly that server's name) */
} action_kind;

/* A sessions action: the core's plan (fixrun.h) and what to do with it on the worker. */
typedef struct action_job {
    action_kind kind;
    char *server;
    fixrun_plan plan;
    size_t *agreed; /* FORCE: the step indices the user agreed to */
    size_t agreed_count;
    ca_status run_st; /* the snapshot planning or running needed */
    ca_error run_err;
} action_job;

static void action_job_free(void *ctx)
{
    action_job *j = ctx;
    if (!j)
        return;
    fixrun_plan_cleanup(&j->plan);
    free(j->agreed);
    free(j->server);
    free(j);
}

/* On the worker: plan (disconnect: on a fresh snapshot) and run through the core, never forcing
 * except exactly the agreed steps. */
static void action_call(backend *be, tray_job *job)
{
    action_job *j = job->ctx;
    memset(&j->run_err, 0, sizeof(j->run_err));
    if (j->kind == ACTION_DISCONNECT) {
        model *m = NULL;
        j->run_st = backend_snapshot(be, &m, &j->run_err);
        if (j->run_st == CA_OK)
            j->run_st = fixrun_plan_disconnect(m, j->server, 0, &j->plan, &j->run_err);
        model_free(m);
        if (j->run_st != CA_OK)
            return;
    }
    j->run_st = j->kind == ACTION_FORCE ? fixrun_force(be, &j->plan, j->agreed, j->agreed_count, &j->run_err)
                                        : fixrun_run(be, &j->plan, &j->run_err);
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

/* Forget: exactly the credentials the core's plan names, listed in the question; a wider credential
 * that applies is named as information and never deleted. */
static void forget_credentials(tray_actions *a, const char *server)
{
    const tray_state *st = tray_host_state(a->host);
    wbuf lines = {0}, text = {0};
    action_job *j;
    WCHAR *wserver = win_from_utf8(server);
    ca_error e;
    size_t i;
    if (!st->have_state || !wserver) {
        free(wserver);
        return;
    }
    memset(&e, 0, sizeof(e));
    j = action_new(ACTION_FORGET, server);
    if (j && fixrun_plan_forget(st->m, server, &j->plan, &e) != CA_OK) {
        action_job_free(j);
        j = NULL;
    }
    for (i = 0; j && i < j->plan.step_count; i++) {
        const fixrun_step *s = &j->plan.steps[i];
        WCHAR *target = win_from_utf8(s->raw_target),
              *user = win_from_utf8(s->cred_user ? s->cred_user : "?");
        WCHAR *kind = tray_load(IDS_CRED_WINDOWS);
        wbuf_add(&lines, L"    ");
        wbuf_add_res(&lines, IDS_CONFIRM_FORGET_LINE, (const WCHAR *const[]){target, user, kind}, 3);
        wbuf_add(&lines, L"\n");
        free(target);
        free(user);
        free(kind);
    }
    if (j && j->plan.step_count) {
        const WCHAR *arg = wbuf_str(&lines);
        wbuf_add_res(&text, IDS_CONFIRM_FORGET, &arg, 1);
    } else {
        wbuf_add_res(&text, IDS_FORGET_NONE, (const WCHAR *const *)&wserver, 1);
    }
    for (i = 0; j && i < j->plan.note_count; i++) {
        const fixrun_note *n = &j->plan.notes[i];
        WCHAR *target = win_from_utf8(n->raw_target), *user = win_from_utf8(n->user ? n->user : "?");
        wbuf_add(&text, L"\n\n");
        if (n->kind == FIXRUN_NOTE_WIDE_CREDENTIAL) {
            wbuf_add_res(&text, IDS_FORGET_WIDE, (const WCHAR *const[]){target, user, wserver}, 3);
        } else {
            WCHAR *kind = tray_load(IDS_CRED_GENERIC);
            wbuf_add_res(&text, IDS_CONFIRM_FORGET_LINE, (const WCHAR *const[]){target, user, kind}, 3);
            free(kind);
        }
        free(target);
        free(user);
    }
    if (j && j->plan.step_count) {
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

static const char *step_name(const fixrun_step *s)
{
    return s->kind == FIXRUN_STEP_FORGET ? (s->raw_target ? s->raw_target : "?")
           : s->local                    ? s->local
           : s->remote                   ? s->remote
                                         : "?";
}

static void add_failure(wbuf *msg, UINT id, const fixrun_step *s)
{
    WCHAR sentence[600], code[24], *name = win_from_utf8(step_name(s)),
                                   *remote = win_from_utf8(s->remote ? s->remote : "");
    tray_error_text(s->code, s->msg, sentence, ARRAYSIZE(sentence));
    if (msg->len)
        wbuf_add(msg, L"\n");
    if (s->outcome == FIXRUN_SKIPPED)
        wbuf_add_res(msg, IDS_RESULT_CHANGED, (const WCHAR *const[]){name, remote}, 2);
    else
        wbuf_add_res(msg, id, (const WCHAR *const[]){name, sentence, tray_num((long long)s->code, code)}, 3);
    free(name);
    free(remote);
}

/* Asks before forcing the steps that were busy; queues exactly those, with the same plan, on consent. */
static void ask_force(tray_actions *a, action_job *j, wbuf *msg)
{
    tray_busy_use *busy = calloc(j->plan.step_count ? j->plan.step_count : 1, sizeof(*busy));
    size_t *agreed = calloc(j->plan.step_count ? j->plan.step_count : 1, sizeof(*agreed));
    action_job *force = action_new(ACTION_FORCE, j->server);
    size_t i, n = 0;
    for (i = 0; busy && agreed && i < j->plan.step_count; i++) {
        const fixrun_step *s = &j->plan.steps[i];
        if (s->outcome != FIXRUN_BUSY)
            continue;
        busy[n].name = step_name(s);
        busy[n].remote = s->remote;
        busy[n].open_files = s->open_files;
        agreed[n++] = i;
    }
    if (force && n && tray_consent_force(tray_host_owner(a->host), j->server, busy, n)) {
        /* The plan moves to the forcing job (the core re-checks every agreed step first). */
        force->plan = j->plan;
        memset(&j->plan, 0, sizeof(j->plan));
        force->agreed = agreed;
        force->agreed_count = n;
        agreed = NULL;
        submit(a, force);
        force = NULL;
    } else {
        tray_consent_kept(msg, j->server, busy, n);
    }
    action_job_free(force);
    free(agreed);
    free(busy);
}

/* A forcing job reports only the steps it was asked to force. */
static int reported(const action_job *j, size_t i)
{
    size_t k;
    if (j->kind != ACTION_FORCE)
        return 1;
    for (k = 0; k < j->agreed_count; k++)
        if (j->agreed[k] == i)
            return 1;
    return 0;
}

static void action_done(tray_job *job)
{
    tray_actions *a = job->owner;
    action_job *j = job->ctx;
    wbuf msg = {0}, done = {0};
    WCHAR *wserver = win_from_utf8(j->server ? j->server : "");
    size_t i, total = j->plan.step_count;
    int ndone = 0, busy = 0, failed = 0, gone = 0;
    for (i = 0; i < j->plan.step_count; i++) {
        const fixrun_step *s = &j->plan.steps[i];
        if (!reported(j, i))
            continue;
        if (s->skip == FIXRUN_SKIP_GONE) {
            gone++; /* someone else removed it meanwhile: nothing was done, nothing failed */
        } else if (s->outcome == FIXRUN_DONE) {
            WCHAR *name = win_from_utf8(step_name(s));
            if (ndone++)
                wbuf_add_res(&done, IDS_LIST_COMMA, NULL, 0);
            wbuf_add(&done, name);
            free(name);
        } else if (s->outcome == FIXRUN_BUSY && j->kind == ACTION_DISCONNECT) {
            busy++;
        } else if (s->outcome != FIXRUN_PENDING) {
            failed++;
        }
        if (s->code == CA_WIN_SESSION_CREDENTIAL_CONFLICT)
            tray_host_note_1219(a->host, j->server);
    }
    if (j->kind == ACTION_FORGET) {
        if (ndone) {
            const WCHAR *arg = wbuf_str(&done);
            wbuf_add_res(&msg, IDS_RESULT_FORGOT, &arg, 1);
        } else if (gone && !failed) {
            wbuf_add_res(&msg, IDS_FORGET_NONE, (const WCHAR *const *)&wserver, 1);
        }
    } else if (ndone) {
        wbuf_add_res(&msg, IDS_RESULT_DISCONNECTED, (const WCHAR *const[]){wserver, wbuf_str(&done)}, 2);
    }
    for (i = 0; i < j->plan.step_count; i++) {
        const fixrun_step *s = &j->plan.steps[i];
        if (!reported(j, i) || s->outcome == FIXRUN_DONE || s->outcome == FIXRUN_PENDING ||
            s->skip == FIXRUN_SKIP_GONE || (s->outcome == FIXRUN_BUSY && j->kind == ACTION_DISCONNECT))
            continue;
        add_failure(&msg, j->kind == ACTION_FORGET ? IDS_RESULT_FORGET_FAILED : IDS_RESULT_FAILED, s);
    }
    if (j->run_st != CA_OK || (j->kind == ACTION_DISCONNECT && total == (size_t)gone)) {
        if (j->run_st != CA_OK) {
            WCHAR sentence[600], code[24];
            tray_error_text(j->run_err.code, j->run_err.msg, sentence, ARRAYSIZE(sentence));
            if (msg.len)
                wbuf_add(&msg, L"\n");
            wbuf_add_res(&msg, IDS_RESULT_SNAPSHOT_FAILED,
                         (const WCHAR *const[]){sentence, tray_num((long long)j->run_err.code, code)}, 2);
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
