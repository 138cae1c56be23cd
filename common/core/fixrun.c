/* Fix execution: a chosen fix or a direct request becomes ordered steps, run through the backend seam. */
#include "fixrun.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Copies s (may be NULL) into *dst; 0 when s was given and the copy failed. */
static int copy_to(char **dst, const char *s)
{
    *dst = text_dup(s);
    return !s || *dst;
}

/* ---- building plans ---- */

static ca_status nomem(ca_error *err)
{
    return ca_fail(err, CA_ERR_NOMEM, "out of memory while planning a fix");
}

static fixrun_step *new_step(fixrun_plan *plan, fixrun_step_kind kind)
{
    fixrun_step *s = realloc(plan->steps, (plan->step_count + 1) * sizeof(*s));
    if (!s)
        return NULL;
    plan->steps = s;
    s = &s[plan->step_count++];
    memset(s, 0, sizeof(*s));
    s->kind = kind;
    s->open_files = -1;
    return s;
}

/* A disconnect step for use u; a drive-less remote already planned is not
 * planned twice (cancelling a remote cancels all its drive-less uses). */
static int add_use_step(fixrun_plan *plan, const model_use *u, int via_dfs)
{
    fixrun_step *s;
    size_t i;
    if (!u->local)
        for (i = 0; i < plan->step_count; i++)
            if (plan->steps[i].kind == FIXRUN_STEP_DISCONNECT && !plan->steps[i].local &&
                text_eq_ci(plan->steps[i].remote, u->remote))
                return 1;
    if (!(s = new_step(plan, FIXRUN_STEP_DISCONNECT)))
        return 0;
    s->use_kind = u->kind;
    s->use_status = u->status;
    s->open_files = u->open_files;
    s->via_dfs = via_dfs;
    return copy_to(&s->local, u->local) && copy_to(&s->remote, u->remote) && copy_to(&s->server, u->server) &&
           copy_to(&s->user, u->user && *u->user ? u->user : NULL);
}

static int add_cred_step(fixrun_plan *plan, const model_cred *c)
{
    fixrun_step *s = new_step(plan, FIXRUN_STEP_FORGET);
    if (!s)
        return 0;
    s->cred_type = c->type;
    return copy_to(&s->raw_target, c->raw_target ? c->raw_target : c->target) &&
           copy_to(&s->target, c->target) && copy_to(&s->cred_user, c->user);
}

/* A note about credential c; for a wide one, the servers of m it applies to
 * (R4 match), server first. */
static int add_note(fixrun_plan *plan, fixrun_note_kind kind, const model *m, const model_cred *c,
                    const char *server)
{
    fixrun_note *n = realloc(plan->notes, (plan->note_count + 1) * sizeof(*n));
    size_t i, k;
    if (!n)
        return 0;
    plan->notes = n;
    n = &n[plan->note_count++];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    if (!copy_to(&n->raw_target, c->raw_target ? c->raw_target : c->target) ||
        !copy_to(&n->target, c->target) || !copy_to(&n->user, c->user))
        return 0;
    if (kind != FIXRUN_NOTE_WIDE_CREDENTIAL)
        return 1;
    n->covers = calloc(m->use_count + 1, sizeof(*n->covers));
    if (!n->covers || !copy_to(&n->covers[n->cover_count++], server))
        return 0;
    for (i = 0; i < m->use_count; i++) {
        const char *s = m->uses[i].server;
        int seen = 0;
        for (k = 0; k < n->cover_count && !seen; k++)
            seen = text_eq_ci(n->covers[k], s);
        if (!seen && model_match_cred(m, s) == c && !copy_to(&n->covers[n->cover_count++], s))
            return 0;
    }
    return 1;
}

/* 1 when credential c may be deleted for server: a domain credential whose target is exactly that name. */
static int cred_is_exact(const model_cred *c, const char *server)
{
    return c->type == CRED_KIND_DOMAIN && text_eq_ci(c->target, server);
}

ca_status fixrun_plan_fix(const model *m, const prediction *p, const predict_fix *fix, fixrun_plan *out,
                          ca_error *err)
{
    size_t i, *idx = NULL;
    ca_status st = CA_OK;
    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no place for the plan");
    memset(out, 0, sizeof(*out));
    if (!m || !p || !fix || !p->fix_count || fix < p->fixes || fix >= p->fixes + p->fix_count)
        return ca_fail(err, CA_ERR_INVALID, "the fix is not one of the prediction's fixes");
    out->request = FIXRUN_REQ_FIX;
    out->fix = fix->kind;
    if (!copy_to(&out->server, p->server) || !copy_to(&out->connect_remote, p->target.remote) ||
        !copy_to(&out->connect_user, p->requested_user))
        return nomem(err);
    switch (fix->kind) {
    case FIX_DISCONNECT:
        for (i = 0; i < fix->use_count; i++)
            if (fix->uses[i] >= m->use_count)
                return ca_fail(err, CA_ERR_INVALID, "the fix names a connection that is not in the state");
        if (fix->use_count && !(idx = malloc(fix->use_count * sizeof(*idx))))
            return nomem(err);
        if (fix->use_count)
            memcpy(idx, fix->uses, fix->use_count * sizeof(*idx));
        st = model_sort_for_disconnect(m, idx, fix->use_count, err);
        for (i = 0; st == CA_OK && i < fix->use_count; i++) {
            size_t k;
            int via_dfs = 0;
            for (k = 0; k < p->conflict_count; k++)
                if (p->conflicts[k].use == idx[i])
                    via_dfs = p->conflicts[k].via_dfs;
            if (!add_use_step(out, &m->uses[idx[i]], via_dfs))
                st = nomem(err);
        }
        free(idx);
        return st;
    case FIX_FORGET_CREDENTIAL: {
        const model_cred *c;
        int exact;
        if (fix->cred < 0 || (size_t)fix->cred >= m->cred_count)
            return ca_fail(err, CA_ERR_INVALID, "the fix names a credential that is not in the state");
        c = &m->creds[fix->cred];
        /* Exactly the name of the server, or of a server whose session conflicts (DFS). */
        exact = cred_is_exact(c, p->server);
        for (i = 0; i < p->conflict_count && !exact; i++)
            exact = cred_is_exact(c, m->uses[p->conflicts[i].use].server);
        if (exact ? !add_cred_step(out, c) : !add_note(out, FIXRUN_NOTE_WIDE_CREDENTIAL, m, c, p->server))
            return nomem(err);
        return CA_OK;
    }
    case FIX_ALIAS:
        free(out->connect_remote);
        out->connect_remote = NULL;
        if (!copy_to(&out->alias_caveat, fix->caveat))
            return nomem(err);
        if (!fix->alias_path || !copy_to(&out->connect_remote, fix->alias_path))
            return fix->alias_path ? nomem(err) : ca_fail(err, CA_ERR_INVALID, "the alias fix has no path");
        return CA_OK;
    case FIX_USE_SPELLING:
        free(out->connect_user);
        out->connect_user = NULL;
        if (!fix->user || !copy_to(&out->connect_user, fix->user))
            return fix->user ? nomem(err) : ca_fail(err, CA_ERR_INVALID, "the spelling fix has no user");
        return CA_OK;
    }
    return ca_fail(err, CA_ERR_INVALID, "unknown fix kind");
}

/* The nth fix of kind in p, or NULL. */
static const predict_fix *nth_fix(const prediction *p, fix_kind kind, size_t nth)
{
    size_t i;
    for (i = 0; i < p->fix_count; i++)
        if (p->fixes[i].kind == kind && nth-- == 0)
            return &p->fixes[i];
    return NULL;
}

ca_status fixrun_plan_choice(const model *m, const prediction *p, fix_kind kind, size_t nth,
                             fixrun_plan *plans, size_t room, size_t *count, ca_error *err)
{
    const predict_fix *fix;
    size_t i, n = 0;
    ca_status st;
    if (count)
        *count = 0;
    if (!plans || !room || !count)
        return ca_fail(err, CA_ERR_INVALID, "no place for the plans");
    memset(plans, 0, room * sizeof(*plans));
    if (!m || !p)
        return ca_fail(err, CA_ERR_INVALID, "no prediction to plan from");
    /* A deleted credential does not drop a live session (R6): forgetting is "disconnect, then forget". */
    fix = nth_fix(p, kind == FIX_FORGET_CREDENTIAL ? FIX_DISCONNECT : kind, nth);
    if (!fix || (kind == FIX_FORGET_CREDENTIAL && !nth_fix(p, FIX_FORGET_CREDENTIAL, 0)))
        return ca_fail(err, CA_ERR_NOT_FOUND, "the prediction offers no %s fix for %s",
                       predict_fix_kind_name(kind), p->server ? p->server : "this server");
    *count = 1;
    if ((st = fixrun_plan_fix(m, p, fix, &plans[0], err)) != CA_OK)
        return st;
    for (i = 0; kind == FIX_FORGET_CREDENTIAL && i < p->fix_count; i++) {
        if (p->fixes[i].kind != FIX_FORGET_CREDENTIAL)
            continue;
        if (++n >= room)
            return ca_fail(err, CA_ERR_LIMIT, "more than %zu credentials to forget", room - 1);
        *count = n + 1;
        if ((st = fixrun_plan_fix(m, p, &p->fixes[i], &plans[n], err)) != CA_OK)
            return st;
    }
    return CA_OK;
}

ca_status fixrun_plan_disconnect(const model *m, const char *server, int forget_drives, fixrun_plan *out,
                                 ca_error *err)
{
    size_t *idx = NULL, n = 0, i;
    ca_status st;
    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no place for the plan");
    memset(out, 0, sizeof(*out));
    if (!m || !server || !*server)
        return ca_fail(err, CA_ERR_INVALID, "no server name to disconnect");
    out->request = FIXRUN_REQ_DISCONNECT;
    out->forget_drives = forget_drives;
    if (!copy_to(&out->server, server))
        return nomem(err);
    if (m->use_count && !(idx = malloc(m->use_count * sizeof(*idx))))
        return nomem(err);
    for (i = 0; i < m->use_count; i++)
        if (text_eq_ci(m->uses[i].server, server) &&
            (forget_drives ? m->uses[i].local != NULL || m->uses[i].status != USE_STATUS_UNAVAILABLE
                           : m->uses[i].status != USE_STATUS_UNAVAILABLE))
            idx[n++] = i;
    st = model_sort_for_disconnect(m, idx, n, err);
    for (i = 0; st == CA_OK && i < n; i++)
        if (!add_use_step(out, &m->uses[idx[i]], 0))
            st = nomem(err);
    free(idx);
    return st;
}

ca_status fixrun_plan_forget(const model *m, const char *server, fixrun_plan *out, ca_error *err)
{
    const model_cred *wide;
    size_t i;
    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no place for the plan");
    memset(out, 0, sizeof(*out));
    if (!m || !server || !*server)
        return ca_fail(err, CA_ERR_INVALID, "no server name to forget");
    out->request = FIXRUN_REQ_FORGET;
    if (!copy_to(&out->server, server))
        return nomem(err);
    for (i = 0; i < m->cred_count; i++) {
        const model_cred *c = &m->creds[i];
        if (!text_eq_ci(c->target, server))
            continue;
        if (c->type == CRED_KIND_DOMAIN ? !add_cred_step(out, c)
                                        : !add_note(out, FIXRUN_NOTE_GENERIC_CREDENTIAL, m, c, server))
            return nomem(err);
    }
    wide = model_match_cred(m, server);
    if (wide && !cred_is_exact(wide, server) && !add_note(out, FIXRUN_NOTE_WIDE_CREDENTIAL, m, wide, server))
        return nomem(err);
    return CA_OK;
}

/* ---- running ---- */

/* Compares a step with a fresh snapshot: FIXRUN_SKIP_NONE when it still
 * names what the user saw, GONE or CHANGED otherwise. */
static fixrun_skip recheck(const model *now, const fixrun_step *s, int forget_drives)
{
    size_t i;
    if (s->kind == FIXRUN_STEP_FORGET) {
        for (i = 0; i < now->cred_count; i++) {
            const model_cred *c = &now->creds[i];
            if (c->type == s->cred_type &&
                text_eq_ci(c->raw_target ? c->raw_target : c->target, s->raw_target))
                return s->cred_user && c->user && !text_eq_ci(s->cred_user, c->user) ? FIXRUN_SKIP_CHANGED
                                                                                     : FIXRUN_SKIP_NONE;
        }
        return FIXRUN_SKIP_GONE;
    }
    if (s->local) {
        long at = model_find_local(now, s->local);
        const model_use *u;
        if (at < 0)
            return FIXRUN_SKIP_GONE;
        u = &now->uses[at];
        if (!text_eq_ci(u->remote, s->remote))
            return FIXRUN_SKIP_CHANGED;
        if (u->status == USE_STATUS_UNAVAILABLE && !forget_drives)
            return FIXRUN_SKIP_GONE;
        return FIXRUN_SKIP_NONE;
    }
    for (i = 0; i < now->use_count; i++)
        if (!now->uses[i].local && now->uses[i].status != USE_STATUS_UNAVAILABLE &&
            text_eq_ci(now->uses[i].remote, s->remote))
            return FIXRUN_SKIP_NONE;
    return FIXRUN_SKIP_GONE;
}

/* Runs one step (re-checked already) and records its outcome. */
static void run_step(backend *be, const fixrun_plan *plan, fixrun_step *s, int force)
{
    ca_error e;
    ca_status st;
    memset(&e, 0, sizeof(e));
    if (s->kind == FIXRUN_STEP_FORGET)
        st = backend_forget(be, s->raw_target, s->cred_type, &e);
    else
        st = backend_disconnect(be, s->local ? s->local : s->remote, force, plan->forget_drives, &e);
    s->code = 0;
    s->msg[0] = 0;
    if (st == CA_OK) {
        s->outcome = FIXRUN_DONE;
        s->forced = force;
        return;
    }
    text_copy_fit(s->msg, sizeof(s->msg), e.msg);
    s->code = e.code;
    if (st == CA_ERR_BUSY) {
        s->outcome = FIXRUN_BUSY;
        if (!s->code)
            s->code = CA_WIN_OPEN_FILES;
    } else if (st == CA_ERR_NOT_FOUND && (e.code == CA_WIN_NOT_CONNECTED || e.code == CA_WIN_NOT_FOUND)) {
        s->outcome = FIXRUN_SKIPPED; /* gone between the snapshot and the call: nothing to do */
        s->skip = FIXRUN_SKIP_GONE;
    } else {
        s->outcome = FIXRUN_FAILED;
    }
}

/* Updates the open-file count the user will be asked about from the fresh snapshot. */
static void refresh_open_files(const model *now, fixrun_step *s)
{
    long at;
    if (s->kind != FIXRUN_STEP_DISCONNECT || !s->local)
        return;
    at = model_find_local(now, s->local);
    if (at >= 0)
        s->open_files = now->uses[at].open_files;
}

ca_status fixrun_run(backend *be, fixrun_plan *plan, ca_error *err)
{
    model *now = NULL;
    size_t i;
    ca_status st;
    if (!be || !plan)
        return ca_fail(err, CA_ERR_INVALID, "nothing to run");
    if ((st = backend_snapshot(be, &now, err)) != CA_OK)
        return st;
    for (i = 0; i < plan->step_count; i++) {
        fixrun_step *s = &plan->steps[i];
        fixrun_skip why;
        if (s->outcome != FIXRUN_PENDING)
            continue;
        why = recheck(now, s, plan->forget_drives);
        if (why != FIXRUN_SKIP_NONE) {
            s->outcome = FIXRUN_SKIPPED;
            s->skip = why;
            continue;
        }
        refresh_open_files(now, s);
        run_step(be, plan, s, 0);
    }
    model_free(now);
    return CA_OK;
}

ca_status fixrun_force(backend *be, fixrun_plan *plan, const size_t *agreed, size_t agreed_count,
                       ca_error *err)
{
    model *now = NULL;
    size_t i;
    ca_status st;
    if (!be || !plan || (agreed_count && !agreed))
        return ca_fail(err, CA_ERR_INVALID, "nothing to force");
    if (!agreed_count)
        return CA_OK;
    if ((st = backend_snapshot(be, &now, err)) != CA_OK)
        return st;
    /* In plan order (R6), whatever order the indices came in. */
    for (i = 0; i < plan->step_count; i++) {
        fixrun_step *s = &plan->steps[i];
        fixrun_skip why;
        size_t k;
        int ok = 0;
        for (k = 0; k < agreed_count && !ok; k++)
            ok = agreed[k] == i;
        if (!ok || s->outcome != FIXRUN_BUSY || s->kind != FIXRUN_STEP_DISCONNECT)
            continue;
        why = recheck(now, s, plan->forget_drives);
        if (why != FIXRUN_SKIP_NONE) {
            s->outcome = FIXRUN_SKIPPED;
            s->skip = why;
            s->code = 0;
            continue;
        }
        run_step(be, plan, s, 1);
    }
    model_free(now);
    return CA_OK;
}

size_t fixrun_busy_steps(const fixrun_plan *plan, size_t *idx)
{
    size_t i, n = 0;
    for (i = 0; plan && i < plan->step_count; i++)
        if (plan->steps[i].outcome == FIXRUN_BUSY)
            idx[n++] = i;
    return n;
}

size_t fixrun_count(const fixrun_plan *plan, fixrun_outcome outcome)
{
    size_t i, n = 0;
    for (i = 0; plan && i < plan->step_count; i++)
        n += plan->steps[i].outcome == outcome;
    return n;
}

int fixrun_all_done(const fixrun_plan *plan)
{
    size_t i;
    for (i = 0; plan && i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        if (s->outcome != FIXRUN_DONE && !(s->outcome == FIXRUN_SKIPPED && s->skip == FIXRUN_SKIP_GONE))
            return 0;
    }
    return 1;
}

void fixrun_plan_cleanup(fixrun_plan *plan)
{
    size_t i, k;
    if (!plan)
        return;
    for (i = 0; i < plan->step_count; i++) {
        fixrun_step *s = &plan->steps[i];
        free(s->local);
        free(s->remote);
        free(s->server);
        free(s->user);
        free(s->raw_target);
        free(s->target);
        free(s->cred_user);
    }
    for (i = 0; i < plan->note_count; i++) {
        fixrun_note *n = &plan->notes[i];
        free(n->raw_target);
        free(n->target);
        free(n->user);
        for (k = 0; k < n->cover_count; k++)
            free(n->covers[k]);
        free(n->covers);
    }
    free(plan->steps);
    free(plan->notes);
    free(plan->server);
    free(plan->connect_remote);
    free(plan->connect_user);
    free(plan->alias_caveat);
    memset(plan, 0, sizeof(*plan));
}

const char *fixrun_outcome_name(fixrun_outcome o)
{
    switch (o) {
    case FIXRUN_PENDING:
        return "pending";
    case FIXRUN_DONE:
        return "done";
    case FIXRUN_BUSY:
        return "busy";
    case FIXRUN_FAILED:
        return "failed";
    case FIXRUN_SKIPPED:
        return "skipped";
    }
    return "unknown";
}

const char *fixrun_skip_name(fixrun_skip s)
{
    switch (s) {
    case FIXRUN_SKIP_NONE:
        return NULL;
    case FIXRUN_SKIP_GONE:
        return "gone";
    case FIXRUN_SKIP_CHANGED:
        return "changed";
    }
    return NULL;
}

const char *fixrun_step_kind_name(fixrun_step_kind k)
{
    return k == FIXRUN_STEP_FORGET ? "forget" : "disconnect";
}
