/* The "Connect as…" flow without a window: a fake app (tray_host) and a fake dialog (tray_flow_ui) on the
 * sandbox backend; the DFS example of issue 11 and every reason and warning rendered by the tray. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fixrun.h"
#include "harness.h"
#include "predict.h"
#include "render.h"
#include "sandbox.h"
#include "scenario.h"
#include "tray_explain.h"
#include "tray_flow.h"

/* ---- a fake app: jobs run at once on the calling thread ---- */

typedef struct fake_app {
    tray_host host;
    backend *be;
    tray_state st;
    WCHAR opened[512];
    WCHAR report[2048];
    char noted[256];
    unsigned jobs;
} fake_app;

static fake_app *fake_from(tray_host *h)
{
    return CONTAINING_RECORD(h, fake_app, host);
}

static void fake_set_model(fake_app *a, model *m)
{
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (a->st.have_state) {
        model_slots_cleanup(&a->st.slots);
        tray_view_cleanup(&a->st.view);
        model_free(a->st.m);
    }
    a->st.m = m;
    a->st.have_state = model_build_slots(m, &a->st.slots, &e) == CA_OK &&
                       tray_view_build(m, &a->st.slots, &a->st.view) == ERROR_SUCCESS;
}

static const tray_state *fake_state(tray_host *h)
{
    return &fake_from(h)->st;
}

static void fake_submit(tray_host *h, tray_job *job)
{
    fake_app *a = fake_from(h);
    a->jobs++;
    if (job->call)
        job->call(a->be, job);
    memset(&job->snap_err, 0, sizeof(job->snap_err));
    job->snap_st = backend_snapshot(a->be, &job->m, &job->snap_err);
    a->st.snap_st = job->snap_st;
    if (job->m) {
        fake_set_model(a, job->m);
        job->m = NULL;
    }
    if (job->done)
        job->done(job);
    tray_job_free(job);
}

static void fake_refresh(tray_host *h)
{
    (void)h;
}

static void fake_report(tray_host *h, const WCHAR *text, DWORD flags)
{
    (void)flags;
    _snwprintf(fake_from(h)->report, 2048, L"%ls", text ? text : L"");
    fake_from(h)->report[2047] = 0;
}

static void fake_status(tray_host *h, const WCHAR *text)
{
    (void)h;
    (void)text;
}

static HWND fake_owner(tray_host *h)
{
    (void)h;
    return NULL;
}

static void fake_note_1219(tray_host *h, const char *server)
{
    snprintf(fake_from(h)->noted, sizeof(fake_from(h)->noted), "%s", server);
}

static void fake_open(tray_host *h, const WCHAR *path)
{
    _snwprintf(fake_from(h)->opened, 512, L"%ls", path);
    fake_from(h)->opened[511] = 0;
}

static void fake_server_action(tray_host *h, const char *server, int action)
{
    (void)h;
    (void)server;
    (void)action;
}

static int fake_alive(tray_host *h)
{
    (void)h;
    return 1;
}

static const tray_host_vt fake_host_vt = {
    fake_state,     fake_submit, fake_refresh,       fake_report, fake_status, fake_owner,
    fake_note_1219, fake_open,   fake_server_action, fake_alive,  NULL,        NULL,
};

/* ---- a fake dialog: answers the questions as scripted, remembers what it was shown ---- */

typedef struct fake_dialog {
    tray_flow_ui ui;
    tray_flow *flow;
    tray_cf_stage stage;
    int conflict_choice; /* TRAY_CF_* to answer the conflict question with */
    int force_answer;
    unsigned conflicts, backs, finished;
    predict_reason reason;
    WCHAR conflict[8192];
    WCHAR back_message[1024];
} fake_dialog;

static fake_dialog *dialog_from(tray_flow_ui *ui)
{
    return CONTAINING_RECORD(ui, fake_dialog, ui);
}

static void ui_stage(tray_flow_ui *ui, tray_cf_stage stage)
{
    dialog_from(ui)->stage = stage;
}

static void ui_progress(tray_flow_ui *ui, const WCHAR *text)
{
    (void)ui;
    (void)text;
}

static void ui_back(tray_flow_ui *ui, const WCHAR *message, int error, tray_cf_field focus)
{
    fake_dialog *d = dialog_from(ui);
    (void)error;
    (void)focus;
    d->backs++;
    _snwprintf(d->back_message, 1024, L"%ls", message ? message : L"");
    d->back_message[1023] = 0;
}

static int ui_ask_conflict(tray_flow_ui *ui, const tray_conflict_info *info)
{
    fake_dialog *d = dialog_from(ui);
    tray_conflict_texts t;
    d->conflicts++;
    d->reason = info->pred->reason;
    if (tray_conflict_build(info, &t)) {
        WCHAR *joined = tray_conflict_join(&t);
        _snwprintf(d->conflict, 8192, L"%ls", joined ? joined : L"");
        d->conflict[8191] = 0;
        free(joined);
        tray_conflict_cleanup(&t);
    }
    return d->conflict_choice;
}

static int ui_ask_force(tray_flow_ui *ui, const char *server, const tray_busy_use *uses, size_t count)
{
    (void)server;
    (void)uses;
    (void)count;
    return dialog_from(ui)->force_answer;
}

static void ui_finished(tray_flow_ui *ui)
{
    fake_dialog *d = dialog_from(ui);
    d->finished++;
    tray_flow_close(d->flow);
}

static const tray_flow_ui_vt fake_ui_vt = {ui_stage,        ui_progress,  ui_back,
                                           ui_ask_conflict, ui_ask_force, ui_finished};

static backend *sandbox_of(const char *text)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (scenario_parse("test", text, strlen(text), &m, &e) != CA_OK || sandbox_create(m, &be, &e) != CA_OK) {
        ok(0, "sandbox: %s\n", e.msg);
        return NULL;
    }
    return be;
}

static void fake_cleanup(fake_app *a)
{
    if (a->st.have_state) {
        model_slots_cleanup(&a->st.slots);
        tray_view_cleanup(&a->st.view);
    }
    model_free(a->st.m);
    backend_free(a->be);
}

/* Starts the flow for path as user with password and the dialog's scripted answers. */
static void run_request(tray_flow *flow, const char *path, const char *user, const WCHAR *password)
{
    tray_flow_request req;
    memset(&req, 0, sizeof(req));
    req.path = path;
    req.user = user;
    wcsncpy(tray_secret_wide(tray_flow_secret(flow)), password ? password : L"", TRAY_SECRET_MAX);
    tray_secret_wide(tray_flow_secret(flow))[TRAY_SECRET_MAX] = 0;
    tray_flow_start(flow, &req);
}

static int secret_zero(tray_flow *flow)
{
    size_t size = 0, i;
    const unsigned char *b = tray_secret_bytes(tray_flow_secret(flow), &size);
    for (i = 0; i < size; i++)
        if (b[i])
            return 0;
    return size > 0;
}

/*
 * Issue 11 finding 1 in the tray: logon IAI\bp; P: on the DFS path \\iai.nl\dfs\proj, whose target is
 * \\hka-fs02\proj; Connect as IAI\svc to \\hka-fs02\proj with the disconnect fix. The flow must carry out
 * the core's plan (P:, held through DFS), not "uses whose server is hka-fs02", and then connect — the
 * same steps the CLI runs (fixrun_plan_fix of the same prediction).
 */
static void test_dfs_disconnect(void)
{
    static const char scenario[] = "logon IAI\\bp\n"
                                   "use P: \\\\iai.nl\\dfs\\proj\n"
                                   "dfs \\\\iai.nl\\dfs\\proj \\\\hka-fs02\\proj\n";
    fake_app app;
    fake_dialog dlg;
    sandbox_counters before, after;
    const model *now;
    prediction p;
    fixrun_plan plan;
    ca_error e;
    size_t i;
    int found = 0;
    th_push_context("flow: DFS with the disconnect fix");
    memset(&app, 0, sizeof(app));
    memset(&dlg, 0, sizeof(dlg));
    app.host.vt = &fake_host_vt;
    app.be = sandbox_of(scenario);
    app.st.sandbox = 1;
    app.st.snap_st = CA_OK;
    dlg.ui.vt = &fake_ui_vt;
    if (!app.be)
        goto done;
    dlg.flow = tray_flow_create(&app.host, &dlg.ui);
    if (!dlg.flow)
        goto done;

    /* What the CLI runs: the core's plan for the disconnect fix of the same prediction. */
    memset(&e, 0, sizeof(e));
    memset(&plan, 0, sizeof(plan));
    ok(predict_check(sandbox_state(app.be), "\\\\hka-fs02\\proj", "IAI\\svc", &p, &e) == CA_OK,
       "predict: %s\n", e.msg);
    ok(p.verdict == VERDICT_CONFLICT && p.reason == REASON_DFS, "the core predicts the DFS conflict\n");
    for (i = 0; i < p.fix_count; i++)
        if (p.fixes[i].kind == FIX_DISCONNECT) {
            ok(fixrun_plan_fix(sandbox_state(app.be), &p, &p.fixes[i], &plan, &e) == CA_OK, "plan: %s\n",
               e.msg);
            break;
        }
    ok(plan.step_count == 1 && plan.steps[0].local && !strcmp(plan.steps[0].local, "P:"),
       "the CLI's plan disconnects P: (%zu steps)\n", plan.step_count);
    prediction_cleanup(&p);

    tray_flow_open(dlg.flow);
    dlg.conflict_choice = TRAY_CF_DISCONNECT;
    before = sandbox_get_counters(app.be);
    run_request(dlg.flow, "\\\\hka-fs02\\proj", "IAI\\svc", L"Zebra-Tulip-7731");
    after = sandbox_get_counters(app.be);
    ok(dlg.conflicts == 1 && dlg.reason == REASON_DFS, "conflict questions %u, reason %d\n", dlg.conflicts,
       dlg.reason);
    ok(wcsstr(dlg.conflict, L"DFS") && wcsstr(dlg.conflict, L"P:") && wcsstr(dlg.conflict, L"hka-fs02") &&
           wcsstr(dlg.conflict, L"IAI\\svc"),
       "the conflict dialog explains the DFS reason with its arguments: %ls\n", dlg.conflict);
    ok(wcsstr(dlg.conflict, L"Disconnect") != NULL, "the dialog offers the disconnect fix: %ls\n",
       dlg.conflict);
    ok(dlg.finished == 1 && dlg.backs == 0, "the connect did not succeed (back: %ls)\n", dlg.back_message);
    ok(after.disconnects - before.disconnects == plan.step_count, "%u disconnects, the plan has %zu steps\n",
       after.disconnects - before.disconnects, plan.step_count);
    ok(after.connects - before.connects == 1, "%u connects\n", after.connects - before.connects);
    now = sandbox_state(app.be);
    for (i = 0; i < plan.step_count; i++)
        ok(model_find_local(now, plan.steps[i].local) < 0, "%s is still connected\n", plan.steps[i].local);
    for (i = 0; i < now->use_count; i++)
        if (now->uses[i].remote && !_stricmp(now->uses[i].remote, "\\\\hka-fs02\\proj"))
            found = now->uses[i].user && !strcmp(now->uses[i].user, "IAI\\svc");
    ok(found, "\\\\hka-fs02\\proj is not connected as IAI\\svc\n");
    ok(!wcscmp(app.opened, L"\\\\hka-fs02\\proj"), "opened %ls\n", app.opened);
    ok(app.noted[0] == 0, "a 1219 was noted for %s\n", app.noted);
    ok(tray_flow_done_count(dlg.flow) == 1 && tray_flow_miss_count(dlg.flow) == 0, "done/miss counts\n");
    ok(secret_zero(dlg.flow), "the password buffer is not wiped\n");
    ok(tray_flow_stage(dlg.flow) == TRAY_CF_CLOSED, "the flow did not end\n");
    fixrun_plan_cleanup(&plan);
done:
    tray_flow_free(dlg.flow, 1);
    fake_cleanup(&app);
    th_pop_context();
}

/* Cancel at the conflict question changes nothing; a bad path goes back without any backend call. */
static void test_cancel_and_bad_input(void)
{
    static const char scenario[] = "logon IAI\\bp\nuse O: \\\\fs01\\data\n";
    fake_app app;
    fake_dialog dlg;
    sandbox_counters before, after;
    th_push_context("flow: cancel and bad input");
    memset(&app, 0, sizeof(app));
    memset(&dlg, 0, sizeof(dlg));
    app.host.vt = &fake_host_vt;
    app.be = sandbox_of(scenario);
    app.st.sandbox = 1;
    dlg.ui.vt = &fake_ui_vt;
    if (!app.be || !(dlg.flow = tray_flow_create(&app.host, &dlg.ui)))
        goto done;
    tray_flow_open(dlg.flow);
    dlg.conflict_choice = IDCANCEL;
    before = sandbox_get_counters(app.be);
    run_request(dlg.flow, "\\\\fs01\\data", "IAI\\svc", L"pw");
    after = sandbox_get_counters(app.be);
    ok(dlg.conflicts == 1 && dlg.reason == REASON_DEFAULT_THEN_EXPLICIT, "reason %d\n", dlg.reason);
    ok(after.disconnects == before.disconnects && after.connects == before.connects, "something ran\n");
    ok(dlg.backs == 1 && tray_flow_stage(dlg.flow) == TRAY_CF_EDIT, "not back to editing\n");
    ok(secret_zero(dlg.flow), "the password survived a cancel\n");
    run_request(dlg.flow, "C:\\Windows", "IAI\\svc", L"pw");
    ok(dlg.backs == 2 && wcsstr(dlg.back_message, L"C:\\Windows"), "bad path: %ls\n", dlg.back_message);
    ok(sandbox_get_counters(app.be).connects == after.connects, "a bad path was connected\n");
    ok(secret_zero(dlg.flow), "the password survived a bad path\n");
    /* Issue 12 finding 11: a lone surrogate in the password is refused, never changed and sent. */
    run_request(dlg.flow, "\\\\fs02\\data", "IAI\\svc",
                L"ab\xD800"
                L"cd");
    ok(dlg.backs == 3 && wcsstr(dlg.back_message, L"surrogate"), "lone surrogate: %ls\n", dlg.back_message);
    ok(sandbox_get_counters(app.be).connects == after.connects,
       "a password with a lone surrogate was sent\n");
    ok(secret_zero(dlg.flow), "the password survived a refusal\n");
done:
    tray_flow_free(dlg.flow, 1);
    fake_cleanup(&app);
    th_pop_context();
}

/* Runs scenario's conflict for \\fs01.corp.example\d as A\other with "also forget" chosen; returns how
 * many of the wildcard and the exact credential are left. */
static void forget_case(const char *scenario, int *wide, int *exact, fake_dialog *dlg)
{
    fake_app app;
    const model *now;
    size_t i;
    memset(&app, 0, sizeof(app));
    memset(dlg, 0, sizeof(*dlg));
    *wide = *exact = -1;
    app.host.vt = &fake_host_vt;
    app.be = sandbox_of(scenario);
    app.st.sandbox = 1;
    dlg->ui.vt = &fake_ui_vt;
    if (!app.be || !(dlg->flow = tray_flow_create(&app.host, &dlg->ui)))
        goto done;
    tray_flow_open(dlg->flow);
    dlg->conflict_choice = TRAY_CF_FORGET;
    run_request(dlg->flow, "\\\\fs01.corp.example\\d", "A\\other", L"pw");
    now = sandbox_state(app.be);
    *wide = *exact = 0;
    for (i = 0; i < now->cred_count; i++) {
        *wide += !strcmp(now->creds[i].raw_target, "*.corp.example");
        *exact += !strcmp(now->creds[i].raw_target, "fs01.corp.example");
    }
done:
    tray_flow_free(dlg->flow, 1);
    fake_cleanup(&app);
}

/* Issue 12 finding 3, tray side: a wildcard credential that applies is named in the conflict dialog and
 * never deleted, even when "also forget" is chosen; the exact name's credential is what goes. */
static void test_forget_exact_only(void)
{
    fake_dialog dlg;
    int wide, exact;
    th_push_context("flow: forget exactly the server's credential");
    forget_case("logon A\\me\nuse X: \\\\fs01.corp.example\\d\ncred *.corp.example A\\w\n", &wide, &exact,
                &dlg);
    ok(dlg.conflicts == 1 && wcsstr(dlg.conflict, L"*.corp.example") != NULL,
       "the wide credential is not named: %ls\n", dlg.conflict);
    ok(!wcsstr(dlg.conflict, L"Also forget"), "a forget fix is offered for a wildcard: %ls\n", dlg.conflict);
    ok(wide == 1, "the wildcard credential was deleted\n");
    forget_case("logon A\\me\nuse X: \\\\fs01.corp.example\\d\ncred *.corp.example A\\w\n"
                "cred fs01.corp.example A\\w\n",
                &wide, &exact, &dlg);
    ok(wcsstr(dlg.conflict, L"Also forget") != NULL, "no forget fix for the exact name: %ls\n", dlg.conflict);
    ok(wide == 1 && exact == 0, "left: wildcard %d, exact %d\n", wide, exact);
    ok(dlg.finished == 1, "the connect did not succeed: %ls\n", dlg.back_message);
    th_pop_context();
}

/* ---- every reason and warning kind: the tray has a sentence naming the CLI's arguments ---- */

typedef struct explain_case {
    const char *what;
    const char *scenario;
    const char *path, *user;
    int is_warning;
    int kind;
} explain_case;

/* The cases of tests/core/test_explain.c that need no special data source flags. */
static const explain_case cases[] = {
    {"no slot", "logon A\\me\n", "\\\\fs01\\d", NULL, 0, REASON_NO_SLOT},
    {"same user", "logon A\\me\nuse X: \\\\fs01\\d user=A\\x\n", "\\\\fs01\\d", "A\\x", 0, REASON_SAME_USER},
    {"default reuses", "logon A\\me\nuse X: \\\\fs01\\d user=A\\x\n", "\\\\fs01\\d", NULL, 0,
     REASON_DEFAULT_REUSES},
    {"default matches", "logon A\\me\nuse X: \\\\fs01\\d\n", "\\\\fs01\\d", NULL, 0, REASON_DEFAULT_MATCHES},
    {"default then explicit", "logon A\\me\nuse X: \\\\fs01\\d\n", "\\\\fs01\\d", "A\\other", 0,
     REASON_DEFAULT_THEN_EXPLICIT},
    {"default then the same account", "logon A\\me\nuse X: \\\\fs01\\d\n", "\\\\fs01\\d", "A\\me", 0,
     REASON_DEFAULT_THEN_EXPLICIT},
    {"other user", "logon A\\me\nuse X: \\\\fs01\\d user=A\\x\n", "\\\\fs01\\d", "A\\y", 0,
     REASON_OTHER_USER},
    {"spelling", "logon A\\me\nuse X: \\\\fs01\\d user=CORP\\bob\n", "\\\\fs01\\d", "bob@corp", 0,
     REASON_SPELLING},
    {"saved credential", "logon A\\me\nuse X: \\\\fs01\\d\ncred fs01 A\\w\n", "\\\\fs01\\d", "A\\other", 0,
     REASON_SAVED_CRED_USER},
    {"dfs", "logon A\\me\nuse P: \\\\dom\\ns\\p\ndfs \\\\dom\\ns\\p \\\\fs02\\p\n", "\\\\fs02\\p", "A\\svc",
     0, REASON_DFS},
    {"remembered", "logon A\\me\nuse O: \\\\fs01\\d status=unavailable user=A\\x\n", "\\\\fs01\\d", NULL, 1,
     WARN_UNAVAILABLE_REMEMBERED},
    {"same machine", "logon A\\me\nuse Y: \\\\fs01.corp.example\\d\nhost fs01 fs01.corp.example\n",
     "\\\\fs01\\d", NULL, 1, WARN_SAME_MACHINE},
    {"open files", "logon A\\me\nuse X: \\\\fs01\\d open=2\n", "\\\\fs01\\d", "A\\other", 1, WARN_OPEN_FILES},
    {"saved credential used", "logon A\\me\ncred fs01 A\\w\n", "\\\\fs01\\d", NULL, 1, WARN_SAVED_CRED_USED},
    {"wide credential", "logon A\\me\nuse X: \\\\fs01.corp.example\\d\ncred *.corp.example A\\w\n",
     "\\\\fs01.corp.example\\d", "A\\other", 1, WARN_WIDE_CREDENTIAL},
};

/* 1 when text (UTF-16 or UTF-8) names every argument the kind fills. */
static int names_all(const model *m, const predict_args *a, const WCHAR *wtext, const char *text,
                     const char *who)
{
    const char *want[16];
    char num[24];
    size_t n = 0, i;
    int all = 1;
    if (a->server)
        want[n++] = a->server;
    if (a->user)
        want[n++] = a->user;
    if (a->other_user)
        want[n++] = a->other_user;
    if (a->name)
        want[n++] = a->name;
    for (i = 0; i < a->use_count && n < 14; i++)
        want[n++] = m->uses[a->uses[i]].local ? m->uses[a->uses[i]].local : m->uses[a->uses[i]].remote;
    for (i = 0; i < a->extra_count && n < 14; i++)
        want[n++] = m->uses[a->extra[i]].local ? m->uses[a->extra[i]].local : m->uses[a->extra[i]].remote;
    for (i = 0; i < a->name_count && n < 15; i++)
        want[n++] = a->names[i];
    if (a->number >= 0 && n < 16) {
        snprintf(num, sizeof(num), "%d", a->number);
        want[n++] = num;
    }
    for (i = 0; i < n; i++) {
        WCHAR w[512];
        MultiByteToWideChar(CP_UTF8, 0, want[i], -1, w, 512);
        if (wtext ? !wcsstr(wtext, w) : !strstr(text, want[i]))
            all = ok(0, "%s: %s is not named\n", who, want[i]);
    }
    return all;
}

static void test_every_reason_and_warning(void)
{
    static const LANGID langs[] = {MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US),
                                   MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH),
                                   MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN)};
    int seen_reason[PREDICT_REASON_COUNT] = {0}, seen_warning[PREDICT_WARNING_COUNT] = {0};
    size_t c, i, l;
    th_push_context("every reason and warning");
    for (c = 0; c < ARRAYSIZE(cases); c++) {
        model *m = NULL;
        prediction p;
        ca_error e;
        memset(&e, 0, sizeof(e));
        if (scenario_parse("case", cases[c].scenario, strlen(cases[c].scenario), &m, &e) != CA_OK ||
            predict_check(m, cases[c].path, cases[c].user, &p, &e) != CA_OK) {
            ok(0, "%s: %s\n", cases[c].what, e.msg);
            model_free(m);
            continue;
        }
        for (l = 0; l < ARRAYSIZE(langs); l++) {
            strbuf cli;
            tray_text_set_language(langs[l]);
            strbuf_init(&cli);
            if (!cases[c].is_warning) {
                wbuf w = {0};
                ok(p.reason == (predict_reason)cases[c].kind, "%s: reason %d\n", cases[c].what, p.reason);
                tray_explain_reason(&w, m, &p);
                render_reason_text(&cli, m, &p);
                ok(w.len > 20, "%s: the tray has no sentence\n", cases[c].what);
                names_all(m, &p.why, wbuf_str(&w), NULL, cases[c].what);
                names_all(m, &p.why, NULL, strbuf_str(&cli), "the CLI");
                if (p.reason < PREDICT_REASON_COUNT)
                    seen_reason[p.reason] = 1;
                wbuf_cleanup(&w);
            } else {
                int found = 0;
                for (i = 0; i < p.warning_count; i++) {
                    wbuf w = {0};
                    if (p.warnings[i].kind != (predict_warning_kind)cases[c].kind)
                        continue;
                    found = 1;
                    tray_explain_warning(&w, m, &p.warnings[i]);
                    render_warning_text(&cli, m, &p.warnings[i]);
                    ok(w.len > 20, "%s: the tray has no sentence\n", cases[c].what);
                    names_all(m, &p.warnings[i].args, wbuf_str(&w), NULL, cases[c].what);
                    names_all(m, &p.warnings[i].args, NULL, strbuf_str(&cli), "the CLI");
                    wbuf_cleanup(&w);
                }
                ok(found, "%s: no warning of kind %d\n", cases[c].what, cases[c].kind);
                if (found)
                    seen_warning[cases[c].kind] = 1;
            }
            strbuf_cleanup(&cli);
        }
        prediction_cleanup(&p);
        model_free(m);
    }
    tray_text_set_language(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    for (i = 0; i < PREDICT_REASON_COUNT; i++)
        ok(seen_reason[i], "reason %s was not walked\n", predict_reason_name((predict_reason)i));
    /* Elevated and users-unknown take no arguments: their sentences exist in every language. */
    for (l = 0; l < ARRAYSIZE(langs); l++) {
        wbuf w = {0};
        predict_warning pw;
        memset(&pw, 0, sizeof(pw));
        tray_text_set_language(langs[l]);
        pw.kind = WARN_ELEVATED;
        tray_explain_warning(&w, NULL, &pw);
        pw.kind = WARN_USERS_UNKNOWN;
        tray_explain_warning(&w, NULL, &pw);
        ok(w.len > 40, "language %x: no sentence for elevated / users unknown\n", langs[l]);
        wbuf_cleanup(&w);
    }
    seen_warning[WARN_ELEVATED] = seen_warning[WARN_USERS_UNKNOWN] = 1;
    tray_text_set_language(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    for (i = 0; i < PREDICT_WARNING_COUNT; i++)
        ok(seen_warning[i], "warning %s was not walked\n", predict_warning_name((predict_warning_kind)i));
    th_pop_context();
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    /* The checks compare English text: pin the UI language. */
    tray_text_set_language(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    test_dfs_disconnect();
    test_cancel_and_bad_input();
    test_forget_exact_only();
    test_every_reason_and_warning();
    return th_finish();
}
