/* The "Connect as…" flow: fresh state, prediction, the user's choice, the fix's steps, the connect, the
 * result. */
/* Longer than ~700 lines on purpose: the connect flow is one state machine (fresh state, prediction, choice,
 * fix steps, consent, connect, journal, result); its dialog, conflict dialog and worker jobs live in other
 * files, and what remains shares the flow's state. */
#include "tray_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "tray_recent.h"
#include "tray_temporary.h"
#include "errtab.h"
#include "fixrun.h"
#include "tray_connect_res.h"
#include "unc.h"
#include "winutil.h"

#define CF_MAX_MISSES 32

/* A 1219 that Windows gave although the prediction said the request was free. */
typedef struct cf_miss {
    SYSTEMTIME when;
    char *remote;
    char *user; /* NULL: default credentials */
    char *found;
} cf_miss;

#define CF_MAX_PLANS FIXRUN_CHOICE_MAX

/* What a job of this flow carries (tray_job.ctx). The fix's steps are the core's plans (fixrun.h):
 * plans[0] clears the session (disconnect), the others forget exactly named credentials. */
typedef struct cf_job {
    unsigned serial;
    int check_only; /* just the snapshot, to predict with */
    fixrun_plan plans[CF_MAX_PLANS];
    size_t plan_count;
    size_t *agreed; /* the busy steps of plans[0] the user agreed to force (force round), else NULL */
    size_t agreed_count;
    char *remote; /* \\server\share (or \\server\IPC$) */
    char *user;   /* NULL: default credentials */
    char local[4];
    int save_credential;
    tray_secret *secret; /* the password, NULL with default credentials */
    tray_temp_conn temp; /* the temporary part (tray_temporary.h) */
    journal_store *journal;
    char *session;
    char *requested;
    /* outcome */
    ca_status run_st; /* CA_OK, or the snapshot fixrun_run/_force needed failed (run_err) */
    ca_error run_err;
    int attempted; /* backend_connect_to was called */
    ca_status st;
    ca_error err;
    char assigned[4];
} cf_job;

struct tray_flow {
    tray_host *host;
    tray_flow_ui *ui;
    tray_cf_stage stage;
    unsigned serial; /* results of older submissions are ignored */
    tray_secret *secret;
    int have_password;
    /* the request being made */
    char *path8;
    char *user;
    char *rest;    /* below the share ("" or "\dir") */
    char local[4]; /* "", "*" or "X:" */
    int save_credential;
    int temporary;
    long temp_minutes;
    /* the last prediction, on a private copy of the state (refreshes replace the app's) */
    model *m;
    prediction pred;
    int have_pred;
    int refused; /* the conflict question follows a 1219 from Windows */
    unsigned done_count;
    unsigned miss_count;
    cf_miss misses[CF_MAX_MISSES];
    size_t miss_kept;
};

/* ---- small helpers ---- */

static const tray_state *state(tray_flow *f)
{
    return tray_host_state(f->host);
}

static void set_stage(tray_flow *f, tray_cf_stage stage)
{
    f->stage = stage;
    f->ui->vt->stage(f->ui, stage);
}

static void wipe(tray_flow *f)
{
    tray_secret_wipe(f->secret);
    f->have_password = 0;
}

static void clear_prediction(tray_flow *f)
{
    if (f->have_pred)
        prediction_cleanup(&f->pred);
    f->have_pred = 0;
    model_free(f->m);
    f->m = NULL;
}

static void clear_request(tray_flow *f)
{
    free(f->path8);
    free(f->user);
    free(f->rest);
    f->path8 = f->user = f->rest = NULL;
    f->local[0] = 0;
    f->save_credential = 0;
    f->temporary = 0;
    f->temp_minutes = 0;
    f->refused = 0;
    clear_prediction(f);
}

/* \\server\share (malloc'd). */
static char *make_remote(const char *server, const char *share)
{
    size_t n = strlen(server) + strlen(share) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "\\\\%s\\%s", server, share);
    return s;
}

static WCHAR *user_text(const char *user)
{
    return user ? win_from_utf8(user) : tray_load(IDS_CF_DEFAULT_USER);
}

/* "sentence (error N)" for code, with the backend's message when the table has none. */
static WCHAR *failure_text(unsigned long code, const char *detail)
{
    WCHAR sentence[600], num[24];
    tray_error_text(code, detail, sentence, ARRAYSIZE(sentence));
    return tray_fmt(IDS_CF_FAILED, sentence, tray_num((long long)code, num), NULL);
}

/* Resolves the location as typed: a UNC path, or a drive path through the current state. */
static ca_status parse_target(tray_flow *f, const char *path8, unc_path *out, UINT *why)
{
    const tray_state *st = state(f);
    ca_status s;
    memset(out, 0, sizeof(*out));
    *why = IDS_CF_BADPATH;
    if (!path8 || !*path8)
        return CA_ERR_INVALID;
    if (unc_is_drive_path(path8, NULL)) {
        *why = IDS_CF_NODRIVE;
        if (!st->have_state)
            return CA_ERR_NOT_FOUND;
        s = model_resolve_path(st->m, path8, 0, out, NULL);
    } else {
        s = unc_parse(path8, 0, out, NULL);
    }
    if (s != CA_OK)
        unc_path_cleanup(out);
    return s;
}

/* Back to editing after a failure or a refusal: the password is gone, the user name kept. */
static void back(tray_flow *f, const WCHAR *message, int error, tray_cf_field focus)
{
    wipe(f);
    set_stage(f, TRAY_CF_EDIT);
    f->ui->vt->back(f->ui, message, error, focus);
}

static void back_id(tray_flow *f, UINT id, const char *arg, tray_cf_field focus)
{
    WCHAR *w = arg ? win_from_utf8(arg) : NULL, *text = tray_fmt(id, w ? w : L"", NULL);
    back(f, text, 1, focus);
    free(text);
    free(w);
}

/* The next step for a failure (the core's error table decides), and the input to go to. */
static UINT next_step(unsigned long code, tray_cf_field *focus)
{
    switch (errtab_next_of(code)) {
    case ERRNEXT_RETYPE:
        *focus = TRAY_FIELD_PASSWORD;
        return IDS_CF_NEXT_RETYPE;
    case ERRNEXT_OTHER_DRIVE:
        *focus = TRAY_FIELD_DRIVE;
        return IDS_CF_NEXT_DRIVE;
    case ERRNEXT_CHECK_PATH:
    case ERRNEXT_CHECK_NETWORK:
    case ERRNEXT_USE_SERVER_NAME:
    case ERRNEXT_NOTHING_THERE:
        *focus = TRAY_FIELD_PATH;
        return IDS_CF_NEXT_PATH;
    case ERRNEXT_CHECK_USER:
    case ERRNEXT_OTHER_ACCOUNT:
    case ERRNEXT_CHANGE_PASSWORD:
    case ERRNEXT_ASK_ACCESS:
        *focus = TRAY_FIELD_USER;
        return IDS_CF_NEXT_ACCOUNT;
    default:
        *focus = TRAY_FIELD_PASSWORD;
        return IDS_CF_NEXT_RETRY;
    }
}

/* Back to editing with a failure and, on the next line, what to do now. */
static void back_with_step(tray_flow *f, const WCHAR *failure, const WCHAR *step, tray_cf_field focus)
{
    wbuf b = {0};
    wbuf_add(&b, failure);
    wbuf_add(&b, L"\r\n");
    wbuf_add(&b, step);
    back(f, wbuf_str(&b), 1, focus);
    wbuf_cleanup(&b);
}

static void show_failure(tray_flow *f, unsigned long code, const char *detail)
{
    WCHAR *text = failure_text(code, detail), *next;
    tray_cf_field focus = TRAY_FIELD_PASSWORD;
    next = tray_load(next_step(code, &focus));
    back_with_step(f, text, next, focus);
    free(text);
    free(next);
}

WCHAR *tray_flow_recent_users(tray_flow *f, const char *server)
{
    /* The sandbox neither reads nor writes this computer's list. */
    return server && !state(f)->sandbox ? tray_recent_read(server) : NULL;
}

/* ---- jobs ---- */

static void cf_job_free(void *ctx)
{
    cf_job *j = ctx;
    size_t i;
    if (!j)
        return;
    for (i = 0; i < j->plan_count; i++)
        fixrun_plan_cleanup(&j->plans[i]);
    free(j->agreed);
    tray_temp_conn_cleanup(&j->temp);
    free(j->session);
    free(j->requested);
    free(j->remote);
    free(j->user);
    free(j);
}

/* The plan that clears the session is done (every step done or gone); an empty plan is. */
static int cleared(const cf_job *j)
{
    return !j->plan_count || fixrun_all_done(&j->plans[0]);
}

/* On the worker: the fix's steps through the core (never forcing, except exactly the steps agreed to),
 * the credentials to forget, then the connect; the password is wiped right after the connect call
 * (kept only across a 1219: the conflict dialog comes next). */
static void cf_call(backend *be, tray_job *tj)
{
    cf_job *j = tj->ctx;
    backend_connect req;
    size_t i;
    if (!j || j->check_only)
        return;
    memset(&j->run_err, 0, sizeof(j->run_err));
    j->run_st = CA_OK;
    if (j->plan_count) {
        j->run_st = j->agreed ? fixrun_force(be, &j->plans[0], j->agreed, j->agreed_count, &j->run_err)
                              : fixrun_run(be, &j->plans[0], &j->run_err);
        if (j->run_st != CA_OK || !cleared(j))
            return;
    }
    for (i = 1; i < j->plan_count; i++) {
        ca_error e;
        memset(&e, 0, sizeof(e));
        fixrun_run(be, &j->plans[i], &e); /* a credential that cannot be deleted is reported after */
    }
    memset(&req, 0, sizeof(req));
    req.remote = j->remote;
    req.local = j->local[0] ? j->local : NULL;
    req.user = j->user;
    req.password = j->user && j->secret ? tray_secret_utf8(j->secret) : NULL;
    req.save_credential = j->save_credential && j->user;
    memset(&j->err, 0, sizeof(j->err));
    j->attempted = 1;
    tray_temp_before(be, &j->temp);
    j->st = backend_connect_to(be, &req, j->assigned, &j->err);
    if (j->secret && !(j->st != CA_OK && j->err.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT))
        tray_secret_wipe(j->secret);
    if (j->st == CA_OK)
        tray_temp_after(be, &j->temp, j->journal, j->session, j->requested, j->remote, 0);
}

static void cf_done(tray_job *tj);

static void submit(tray_flow *f, cf_job *j)
{
    tray_job *tj = tray_job_new(cf_call, cf_done, f);
    if (!tj) {
        cf_job_free(j);
        return;
    }
    j->serial = f->serial;
    tj->ctx = j;
    tj->ctx_free = cf_job_free;
    tray_host_submit(f->host, tj);
}

/* ---- connecting ---- */

/* The core's plans for the button the user chose (fixrun_plan_choice: the same as the CLI's --fix). */
static int plan_choice(tray_flow *f, cf_job *j, int choice)
{
    fix_kind kind;
    size_t nth = 0;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (choice == TRAY_CF_DISCONNECT) {
        kind = FIX_DISCONNECT;
    } else if (choice == TRAY_CF_FORGET) {
        kind = FIX_FORGET_CREDENTIAL;
    } else if (choice == TRAY_CF_SPELLING) {
        kind = FIX_USE_SPELLING;
    } else if (choice >= TRAY_CF_ALIAS_FIRST && choice < TRAY_CF_ALIAS_FIRST + TRAY_CF_ALIAS_MAX) {
        kind = FIX_ALIAS;
        nth = (size_t)(choice - TRAY_CF_ALIAS_FIRST);
    } else {
        return 0;
    }
    return fixrun_plan_choice(f->m, &f->pred, kind, nth, j->plans, CF_MAX_PLANS, &j->plan_count, &e) == CA_OK;
}

/* Starts the connect job for the choice made (0 = no conflict): the plan's steps, then the connect to
 * the plan's location as the plan's user (an alias, another spelling), as the CLI does. */
static void start_connect(tray_flow *f, int choice)
{
    cf_job *j = calloc(1, sizeof(*j));
    const prediction *p = f->have_pred ? &f->pred : NULL;
    unc_path parsed, via;
    const char *remote = NULL, *user = f->user;
    WCHAR *wremote, *text;
    UINT why;
    memset(&parsed, 0, sizeof(parsed));
    memset(&via, 0, sizeof(via));
    if (!j)
        goto fail;
    if (p) {
        remote = p->target.remote;
        /* Forgetting also forgets exactly the credentials the plan names (never a wide one). */
        if (choice && !plan_choice(f, j, choice))
            goto fail;
        if (j->plan_count && j->plans[0].connect_remote)
            remote = j->plans[0].connect_remote;
        if (j->plan_count && j->plans[0].connect_user)
            user = j->plans[0].connect_user;
    } else if (parse_target(f, f->path8, &parsed, &why) == CA_OK) {
        remote = parsed.remote;
    } else {
        goto fail;
    }
    /* A bare \\server: sign in to it through IPC$, without a drive letter. */
    if (!remote || unc_parse(remote, 0, &via, NULL) != CA_OK)
        goto fail;
    j->remote = make_remote(via.server, via.share ? via.share : "IPC$");
    if (user && !(j->user = tray_dup8(user)))
        goto fail;
    if (!j->remote)
        goto fail;
    if (via.share)
        snprintf(j->local, sizeof(j->local), "%s", f->local);
    j->save_credential = f->save_credential;
    j->secret = f->have_password ? f->secret : NULL;
    if (f->temporary) {
        j->temp.on = 1;
        j->temp.minutes = f->temp_minutes;
        j->journal = state(f)->journal;
        if (!(j->session = tray_dup8(state(f)->session ? state(f)->session : "")) ||
            !(j->requested = tray_dup8(f->path8)))
            goto fail;
    }
    unc_path_cleanup(&parsed);
    unc_path_cleanup(&via);
    set_stage(f, TRAY_CF_CONNECTING);
    wremote = win_from_utf8(j->remote);
    text = tray_fmt(IDS_CF_CONNECTING, wremote ? wremote : L"", NULL);
    f->ui->vt->progress(f->ui, text);
    free(text);
    free(wremote);
    submit(f, j);
    return;
fail:
    unc_path_cleanup(&parsed);
    unc_path_cleanup(&via);
    cf_job_free(j);
    show_failure(f, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
}

/* Asks the conflict question for the current prediction and acts on the answer. */
static void resolve_conflict(tray_flow *f)
{
    tray_conflict_info info;
    unsigned serial = f->serial;
    int choice;
    info.pred = &f->pred;
    info.m = f->m;
    info.path8 = f->path8;
    info.refused = f->refused;
    set_stage(f, TRAY_CF_ASKING);
    choice = f->ui->vt->ask_conflict(f->ui, &info);
    /* The tray may have been told to exit, or the dialog closed, while the question was open. */
    if (!tray_host_alive(f->host) || f->serial != serial || f->stage != TRAY_CF_ASKING)
        return;
    if (choice == IDCANCEL || choice <= 0) {
        WCHAR *text = tray_load(IDS_CF_CANCELLED);
        back(f, text, 0, TRAY_FIELD_PASSWORD);
        free(text);
        return;
    }
    start_connect(f, choice);
}

/* Predicts the request (path, user) on a private copy of the app's state. */
static ca_status predict(tray_flow *f, const char *path, const char *user)
{
    const tray_state *st = state(f);
    ca_error e;
    ca_status s;
    clear_prediction(f);
    if (!st->have_state)
        return CA_ERR_NOT_FOUND;
    memset(&e, 0, sizeof(e));
    f->m = model_clone(st->m);
    if (!f->m)
        return CA_ERR_NOMEM;
    s = predict_check(f->m, path, user, &f->pred, &e);
    f->have_pred = s == CA_OK;
    return s;
}

static void after_check(tray_flow *f, const tray_job *tj)
{
    ca_status s = CA_ERR_IO;
    if (tj->snap_st == CA_OK)
        s = predict(f, f->path8, f->user);
    if (s == CA_ERR_INVALID || (s == CA_ERR_NOT_FOUND && tj->snap_st == CA_OK)) {
        UINT why = IDS_CF_BADPATH;
        unc_path t;
        if (parse_target(f, f->path8, &t, &why) == CA_OK)
            unc_path_cleanup(&t);
        back_id(f, why, f->path8, TRAY_FIELD_PATH);
        return;
    }
    /* Without a prediction (the state could not be read) Windows decides; a 1219 is handled after. */
    if (f->have_pred && f->pred.verdict == VERDICT_CONFLICT)
        resolve_conflict(f);
    else
        start_connect(f, 0);
}

/* 1 when the state shows remote connected (status not unavailable). */
static int connected_now(const model *m, const char *remote)
{
    size_t i;
    for (i = 0; m && i < m->use_count; i++)
        if (m->uses[i].status != USE_STATUS_UNAVAILABLE && m->uses[i].remote &&
            !_stricmp(m->uses[i].remote, remote))
            return 1;
    return 0;
}

static void record_miss(tray_flow *f, const cf_job *j, const char *found)
{
    cf_miss *miss;
    f->miss_count++;
    if (f->miss_kept == CF_MAX_MISSES) {
        free(f->misses[0].remote);
        free(f->misses[0].user);
        free(f->misses[0].found);
        memmove(&f->misses[0], &f->misses[1], (CF_MAX_MISSES - 1) * sizeof(f->misses[0]));
        f->miss_kept--;
    }
    miss = &f->misses[f->miss_kept++];
    memset(miss, 0, sizeof(*miss));
    GetLocalTime(&miss->when);
    miss->remote = tray_dup8(j->remote);
    miss->user = tray_dup8(j->user);
    miss->found = tray_dup8(found);
}

/* Windows answered 1219: read what holds the slot now and offer the same choices. */
static void after_refusal(tray_flow *f, const cf_job *j)
{
    unc_path t;
    strbuf found;
    int conflict = 0;
    size_t i;
    memset(&t, 0, sizeof(t));
    if (unc_parse(j->remote, 0, &t, NULL) == CA_OK)
        tray_host_note_1219(f->host, t.server);
    /* The request actually made (an alias, another spelling) is the one to explain. */
    free(f->path8);
    free(f->user);
    f->path8 = tray_dup8(j->remote);
    f->user = tray_dup8(j->user);
    conflict = predict(f, j->remote, j->user) == CA_OK && f->pred.verdict == VERDICT_CONFLICT;
    strbuf_init(&found);
    if (conflict) {
        strbuf_add(&found, "held by");
        for (i = 0; i < f->pred.conflict_count; i++) {
            const model_use *u = &f->m->uses[f->pred.conflicts[i].use];
            strbuf_addf(&found, "%s %s%s%s%s", i ? "," : "", u->local ? u->local : u->remote,
                        u->local ? " (" : "", u->local ? u->remote : "", u->local ? ")" : "");
        }
        strbuf_addf(&found, " as %s", f->pred.slot_user ? f->pred.slot_user : "the sign-in user");
    } else {
        strbuf_add(&found, "nothing that holds the session could be seen");
    }
    record_miss(f, j, found.failed ? "?" : strbuf_str(&found));
    strbuf_cleanup(&found);
    if (conflict) {
        f->refused = 1;
        resolve_conflict(f);
    } else {
        WCHAR *text = failure_text(CA_WIN_SESSION_CREDENTIAL_CONFLICT, NULL),
              *server = win_from_utf8(t.server);
        WCHAR *next = tray_fmt(IDS_CF_NEXT_1219, server ? server : L"", NULL);
        back_with_step(f, text, next, TRAY_FIELD_PASSWORD);
        free(text);
        free(next);
        free(server);
    }
    unc_path_cleanup(&t);
}

static void succeeded(tray_flow *f, const cf_job *j)
{
    WCHAR *remote = win_from_utf8(j->remote), *user = user_text(j->user), *text, *open = NULL;
    WCHAR *drive = j->assigned[0] ? win_from_utf8(j->assigned) : NULL, *rest = win_from_utf8(f->rest);
    wbuf b = {0}, o = {0};
    unc_path t;
    int warn = 0;
    size_t i;
    memset(&t, 0, sizeof(t));
    f->done_count++;
    if (j->user && !state(f)->sandbox && unc_parse(j->remote, 0, &t, NULL) == CA_OK)
        tray_recent_save(t.server, j->user);
    unc_path_cleanup(&t);
    text = drive ? tray_fmt(IDS_CF_DONE_DRIVE, remote ? remote : L"", user ? user : L"", drive, NULL)
                 : tray_fmt(IDS_CF_DONE, remote ? remote : L"", user ? user : L"", NULL);
    wbuf_add(&b, text);
    free(text);
    if (j->st != CA_OK) {
        WCHAR sentence[600], num[24];
        tray_error_text(j->err.code, j->err.msg, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_CF_NOT_SAVED, sentence, tray_num((long long)j->err.code, num), NULL);
        wbuf_add(&b, L" ");
        wbuf_add(&b, text);
        free(text);
        warn = 1;
    }
    for (i = 1; i < j->plan_count; i++) {
        size_t k;
        for (k = 0; k < j->plans[i].step_count; k++) {
            const fixrun_step *s = &j->plans[i].steps[k];
            WCHAR *name, sentence[600], num[24];
            if (s->outcome == FIXRUN_DONE || s->skip == FIXRUN_SKIP_GONE)
                continue;
            name = win_from_utf8(s->raw_target ? s->raw_target : "?");
            tray_error_text(s->code, s->msg, sentence, ARRAYSIZE(sentence));
            wbuf_add(&b, L" ");
            wbuf_add_res(&b, IDS_RESULT_FORGET_FAILED,
                         (const WCHAR *const[]){name, sentence, tray_num((long long)s->code, num)}, 3);
            free(name);
            warn = 1;
        }
    }
    tray_temp_describe(&b, &j->temp);
    if (j->temp.done && j->temp.st != CA_OK && j->temp.st != CA_ERR_NOT_FOUND)
        warn = 1;
    tray_host_report(f->host, wbuf_str(&b), warn ? NIIF_WARNING : NIIF_INFO);
    wbuf_cleanup(&b);
    if (j->temp.done && j->temp.st == CA_OK && f->host->vt->command)
        tray_host_command(f->host, TRAY_ID_TEMP_CHANGED); /* marks and the timer follow the journal */
    /* The location: the drive when one was assigned, else the UNC path (a bare server as \\server). */
    if (drive) {
        wbuf_add(&o, drive);
        wbuf_add(&o, rest && rest[0] ? rest : L"\\");
    } else {
        size_t n = remote ? wcslen(remote) : 0;
        if (n > 5 && !_wcsicmp(remote + n - 5, L"\\IPC$"))
            wbuf_addn(&o, remote, n - 5);
        else
            wbuf_add(&o, remote);
        wbuf_add(&o, rest);
    }
    open = wbuf_take(&o);
    f->ui->vt->finished(f->ui); /* the dialog closes: stage closed, secrets wiped */
    if (open)
        tray_host_open(f->host, open);
    free(open);
    free(remote);
    free(user);
    free(drive);
    free(rest);
}

static const char *step_name(const fixrun_step *s)
{
    return s->local ? s->local : s->remote ? s->remote : "?";
}

/* Disconnects were refused because files are open: ask once more before forcing exactly those. */
static void ask_force(tray_flow *f, cf_job *j, tray_job *tj)
{
    fixrun_plan *plan = &j->plans[0];
    tray_busy_use *busy = calloc(plan->step_count ? plan->step_count : 1, sizeof(*busy));
    size_t *agreed = calloc(plan->step_count ? plan->step_count : 1, sizeof(*agreed));
    wbuf done = {0}, msg = {0};
    unsigned serial = f->serial;
    size_t i, n = 0;
    int ndone = 0, yes;
    for (i = 0; busy && agreed && i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        if (s->outcome == FIXRUN_DONE) {
            WCHAR *name = win_from_utf8(step_name(s));
            if (ndone++)
                wbuf_add_res(&done, IDS_LIST_COMMA, NULL, 0);
            wbuf_add(&done, name);
            free(name);
        } else if (s->outcome == FIXRUN_BUSY) {
            busy[n].name = step_name(s);
            busy[n].remote = s->remote;
            busy[n].open_files = s->open_files;
            agreed[n++] = i;
        }
    }
    set_stage(f, TRAY_CF_ASKING);
    yes = n && f->ui->vt->ask_force(f->ui, plan->server, busy, n);
    if (tray_host_alive(f->host) && f->serial == serial && f->stage == TRAY_CF_ASKING) {
        if (yes) {
            /* The same job again: force exactly the busy steps shown (the core re-checks each against
             * a fresh state), then forget and connect. */
            tj->ctx = NULL;
            free(j->agreed);
            j->agreed = agreed;
            j->agreed_count = n;
            agreed = NULL;
            set_stage(f, TRAY_CF_CONNECTING);
            submit(f, j);
        } else {
            WCHAR *wserver = win_from_utf8(plan->server ? plan->server : "");
            if (ndone) {
                wbuf_add_res(&msg, IDS_RESULT_DISCONNECTED, (const WCHAR *const[]){wserver, wbuf_str(&done)},
                             2);
                wbuf_add(&msg, L"\r");
            }
            tray_consent_kept(&msg, plan->server, busy, n);
            back(f, wbuf_str(&msg), 1, TRAY_FIELD_PASSWORD);
            free(wserver);
        }
    }
    wbuf_cleanup(&done);
    wbuf_cleanup(&msg);
    free(agreed);
    free(busy);
}

static void after_connect(tray_flow *f, cf_job *j, tray_job *tj)
{
    size_t i;
    /* The worker wiped the password after the call, except across a 1219. */
    if (j->attempted && !(j->st != CA_OK && j->err.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT))
        f->have_password = 0;
    if (j->run_st != CA_OK) {
        show_failure(f, j->run_err.code, j->run_err.msg);
        return;
    }
    if (!cleared(j) && fixrun_count(&j->plans[0], FIXRUN_BUSY) && !j->agreed) {
        ask_force(f, j, tj);
        return;
    }
    for (i = 0; !cleared(j) && i < j->plans[0].step_count; i++) {
        const fixrun_step *s = &j->plans[0].steps[i];
        WCHAR *name, *remote, sentence[600], num[24], *text;
        if (s->outcome == FIXRUN_DONE || s->skip == FIXRUN_SKIP_GONE)
            continue;
        name = win_from_utf8(step_name(s));
        remote = win_from_utf8(s->remote ? s->remote : "");
        tray_error_text(s->code, s->msg, sentence, ARRAYSIZE(sentence));
        text = s->outcome == FIXRUN_SKIPPED ? tray_fmt(IDS_RESULT_CHANGED, name ? name : L"", remote, NULL)
                                            : tray_fmt(IDS_RESULT_FAILED, name ? name : L"", sentence,
                                                       tray_num((long long)s->code, num), NULL);
        back(f, text, 1, TRAY_FIELD_PASSWORD);
        free(text);
        free(name);
        free(remote);
        return;
    }
    if (j->st == CA_OK ||
        (j->save_credential && j->st == CA_ERR_IO && connected_now(state(f)->m, j->remote))) {
        succeeded(f, j);
        return;
    }
    if (j->err.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT) {
        after_refusal(f, j);
        return;
    }
    show_failure(f, j->err.code, j->err.msg);
}

/* A job of this flow finished (UI thread; the app has taken in its snapshot). */
static void cf_done(tray_job *tj)
{
    tray_flow *f = tj->owner;
    cf_job *j = tj->ctx;
    if (!j || j->serial != f->serial || f->stage == TRAY_CF_CLOSED)
        return; /* cancelled meanwhile: the dialog is gone and its secrets with it */
    if (j->check_only)
        after_check(f, tj);
    else
        after_connect(f, j, tj);
}

/* ---- the flow's entry points ---- */

tray_flow *tray_flow_create(tray_host *host, tray_flow_ui *ui)
{
    tray_flow *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->secret = tray_secret_create();
    if (!f->secret) {
        free(f);
        return NULL;
    }
    f->host = host;
    f->ui = ui;
    return f;
}

void tray_flow_free(tray_flow *f, int worker_stopped)
{
    size_t i;
    if (!f)
        return;
    wipe(f);
    clear_request(f);
    for (i = 0; i < f->miss_kept; i++) {
        free(f->misses[i].remote);
        free(f->misses[i].user);
        free(f->misses[i].found);
    }
    if (worker_stopped)
        tray_secret_free(f->secret);
    free(f);
}

void tray_flow_open(tray_flow *f)
{
    f->serial++;
    wipe(f);
    clear_request(f);
    f->stage = TRAY_CF_EDIT;
}

void tray_flow_close(tray_flow *f)
{
    f->serial++; /* a job still running is ignored when it comes back */
    wipe(f);
    clear_request(f);
    f->stage = TRAY_CF_CLOSED;
}

tray_secret *tray_flow_secret(tray_flow *f)
{
    return f->secret;
}

void tray_flow_start(tray_flow *f, const tray_flow_request *req)
{
    unc_path t;
    UINT why;
    acct_name name;
    cf_job *j;
    WCHAR *text, *wserver;
    memset(&t, 0, sizeof(t));
    if (f->stage != TRAY_CF_EDIT) {
        tray_secret_wipe(f->secret);
        return;
    }
    if (parse_target(f, req->path, &t, &why) != CA_OK) {
        back_id(f, why, req->path ? req->path : "", TRAY_FIELD_PATH);
        return;
    }
    if (req->user && req->user[0] && acct_parse(req->user, &name, NULL) != CA_OK) {
        unc_path_cleanup(&t);
        back_id(f, IDS_CF_BADUSER, req->user, TRAY_FIELD_USER);
        return;
    }
    clear_request(f);
    f->path8 = tray_dup8(req->path);
    f->user = req->user && req->user[0] ? tray_dup8(req->user) : NULL;
    f->rest = tray_dup8(t.rest ? t.rest : "");
    /* The password: kept as UTF-8 for the backend only; default credentials have no use for one. */
    if (f->user) {
        /* A lone surrogate cannot be sent as typed: refuse instead of changing the password. */
        if (!(f->have_password = tray_secret_seal(f->secret))) {
            WCHAR *refusal = tray_load(IDS_CF_BADPASSWORD);
            unc_path_cleanup(&t);
            back(f, refusal, 1, TRAY_FIELD_PASSWORD);
            free(refusal);
            return;
        }
    } else {
        wipe(f);
    }
    f->save_credential = f->user && req->save_credential;
    f->temporary = req->temporary;
    f->temp_minutes = req->temp_minutes;
    if (t.share)
        snprintf(f->local, sizeof(f->local), "%s", req->local);
    j = calloc(1, sizeof(*j));
    if (!f->path8 || !f->rest || (req->user && req->user[0] && !f->user) || !j) {
        free(j);
        unc_path_cleanup(&t);
        show_failure(f, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
        return;
    }
    j->check_only = 1;
    set_stage(f, TRAY_CF_CHECKING);
    wserver = win_from_utf8(t.server);
    text = tray_fmt(IDS_CF_CHECKING, wserver ? wserver : L"", NULL);
    f->ui->vt->progress(f->ui, text);
    free(text);
    free(wserver);
    unc_path_cleanup(&t);
    /* A fresh state on the worker: never a snapshot on the UI thread. */
    submit(f, j);
}

char *tray_flow_server_of(tray_flow *f, const char *path, int *has_share)
{
    unc_path t;
    UINT why;
    char *server = NULL;
    *has_share = 0;
    if (parse_target(f, path, &t, &why) == CA_OK) {
        server = tray_dup8(t.server);
        *has_share = t.share != NULL;
        unc_path_cleanup(&t);
    }
    return server;
}

tray_cf_stage tray_flow_stage(const tray_flow *f)
{
    return f ? f->stage : TRAY_CF_CLOSED;
}

void tray_flow_report(const tray_flow *f, strbuf *sb)
{
    size_t i;
    if (!f || !f->miss_count)
        return;
    strbuf_addf(sb, "\nConnect as: Windows answered 1219 although none was predicted (%u time%s):\n",
                f->miss_count, f->miss_count == 1 ? "" : "s");
    for (i = 0; i < f->miss_kept; i++) {
        const cf_miss *m = &f->misses[i];
        strbuf_addf(sb, "  %04u-%02u-%02u %02u:%02u:%02u  %s as %s: %s\n", m->when.wYear, m->when.wMonth,
                    m->when.wDay, m->when.wHour, m->when.wMinute, m->when.wSecond,
                    m->remote ? m->remote : "?", m->user ? m->user : "the sign-in user",
                    m->found ? m->found : "?");
    }
}

unsigned tray_flow_done_count(const tray_flow *f)
{
    return f ? f->done_count : 0;
}

unsigned tray_flow_miss_count(const tray_flow *f)
{
    return f ? f->miss_count : 0;
}
