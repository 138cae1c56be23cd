/* Tests of fix execution on the sandbox backend: every fix kind, DFS, names of one machine, forcing
 * re-checks. */
#include <stdlib.h>
#include <string.h>

#include "fixrun.h"
#include "harness.h"
#include "predict.h"
#include "render.h"
#include "sandbox.h"
#include "scenario.h"
#include "text.h"

/* A sandbox over a scenario text. */
static backend *sandbox_of(const char *text)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error err;
    if (!ok(scenario_parse("t.scenario", text, strlen(text), &m, &err) == CA_OK, "scenario: %s\n", err.msg))
        return NULL;
    if (!ok(sandbox_create(m, &be, &err) == CA_OK, "sandbox: %s\n", err.msg)) {
        model_free(m);
        return NULL;
    }
    return be;
}

static model *snap(backend *be)
{
    model *m = NULL;
    ok(backend_snapshot(be, &m, NULL) == CA_OK, "snapshot\n");
    return m;
}

/* "O:done W:busy …": the plan's steps with outcomes, for compact checks. */
static const char *sig(const fixrun_plan *plan)
{
    static char buf[512];
    strbuf sb;
    size_t i;
    strbuf_init(&sb);
    for (i = 0; i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        if (i)
            strbuf_add(&sb, " ");
        strbuf_addf(&sb, "%s:%s",
                    s->kind == FIXRUN_STEP_FORGET ? s->raw_target
                    : s->local                    ? s->local
                                                  : s->remote,
                    fixrun_outcome_name(s->outcome));
        if (s->skip)
            strbuf_addf(&sb, "/%s", fixrun_skip_name(s->skip));
        if (s->forced)
            strbuf_add(&sb, "/forced");
    }
    snprintf(buf, sizeof(buf), "%s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
    return buf;
}

static const predict_fix *fix_of(const prediction *p, fix_kind k)
{
    size_t i;
    for (i = 0; i < p->fix_count; i++)
        if (p->fixes[i].kind == k)
            return &p->fixes[i];
    return NULL;
}

static int connect_as(backend *be, const char *remote, const char *local, const char *user)
{
    backend_connect req;
    memset(&req, 0, sizeof(req));
    req.remote = remote;
    req.local = local;
    req.user = user;
    req.password = user ? "x" : NULL;
    return backend_connect_to(be, &req, NULL, NULL) == CA_OK;
}

/* Predicts, plans the fix of kind k, runs it; returns the plan (caller cleans up). */
static int plan_and_run(backend *be, const char *path, const char *user, fix_kind k, fixrun_plan *plan)
{
    model *m = snap(be);
    prediction p;
    const predict_fix *f;
    ca_error err;
    int done = 0;
    memset(plan, 0, sizeof(*plan));
    if (m && ok(predict_check(m, path, user, &p, &err) == CA_OK, "predict: %s\n", err.msg)) {
        f = fix_of(&p, k);
        if (ok(f != NULL, "fix %s offered for %s as %s\n", predict_fix_kind_name(k), path, user) &&
            ok(fixrun_plan_fix(m, &p, f, plan, &err) == CA_OK, "plan: %s\n", err.msg))
            done = ok(fixrun_run(be, plan, &err) == CA_OK, "run: %s\n", err.msg);
        prediction_cleanup(&p);
    }
    model_free(m);
    return done;
}

static void test_disconnect_same_name(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n"
                             "use - \\\\fs01\\IPC$\n"
                             "use - \\\\fs01\\pub\n"
                             "use LPT1: \\\\fs01\\printer\n"
                             "use W: \\\\fs01\\w\n"
                             "use O: \\\\fs01\\o\n"
                             "use Z: \\\\fs02\\z\n");
    fixrun_plan plan;
    if (!be)
        return;
    if (plan_and_run(be, "\\\\fs01\\o", "IAI\\svc", FIX_DISCONNECT, &plan)) {
        ok(!strcmp(sig(&plan), "W::done O::done LPT1::done \\\\fs01\\pub:done \\\\fs01\\IPC$:done"),
           "R6 order, all done: %s\n", sig(&plan));
        ok(fixrun_all_done(&plan) && fixrun_count(&plan, FIXRUN_DONE) == 5, "all done\n");
        ok(sandbox_state(be)->use_count == 1 && !strcmp(sandbox_state(be)->uses[0].local, "Z:"),
           "only fs02's Z: is left\n");
        ok(connect_as(be, "\\\\fs01\\o", NULL, "IAI\\svc"), "the connection now succeeds\n");
    }
    fixrun_plan_cleanup(&plan);
    ok(plan.steps == NULL && plan.step_count == 0, "cleanup zeroes\n");
    backend_free(be);
}

/* Issue 11 finding 1: a drive on the DFS namespace holds the target server's session. */
static void test_dfs(void)
{
    static const char dfs[] = "logon IAI\\bp\n"
                              "use P: \\\\iai.nl\\dfs\\proj\n"
                              "dfs \\\\iai.nl\\dfs\\proj \\\\hka-fs02\\proj\n";
    backend *be = sandbox_of(dfs);
    fixrun_plan plan;
    if (!be)
        return;
    ok(!connect_as(be, "\\\\hka-fs02\\proj", NULL, "IAI\\svc"), "the target server conflicts first\n");
    if (plan_and_run(be, "\\\\hka-fs02\\proj", "IAI\\svc", FIX_DISCONNECT, &plan)) {
        ok(!strcmp(sig(&plan), "P::done"), "target server: P: disconnected: %s\n", sig(&plan));
        ok(plan.step_count == 1 && plan.steps[0].via_dfs == 1, "P: is held through DFS\n");
        ok(connect_as(be, "\\\\hka-fs02\\proj", NULL, "IAI\\svc"), "then the target server connects\n");
    }
    fixrun_plan_cleanup(&plan);
    backend_free(be);

    /* The namespace server side: a default drive on the target server, the request through the namespace. */
    be = sandbox_of("logon IAI\\bp\n"
                    "use Q: \\\\hka-fs02\\proj\n"
                    "use - \\\\hka-fs02\\IPC$\n"
                    "dfs \\\\iai.nl\\dfs\\proj \\\\hka-fs02\\proj\n");
    if (!be)
        return;
    if (plan_and_run(be, "\\\\iai.nl\\dfs\\proj", "IAI\\svc", FIX_DISCONNECT, &plan)) {
        ok(!strcmp(sig(&plan), "Q::done \\\\hka-fs02\\IPC$:done"),
           "namespace: the target's uses, IPC$ last: %s\n", sig(&plan));
        ok(connect_as(be, "\\\\iai.nl\\dfs\\proj", NULL, "IAI\\svc"), "then the namespace connects\n");
    }
    fixrun_plan_cleanup(&plan);
    backend_free(be);
}

/* Names of one machine are separate slots (R2): only the name asked for is cleared. */
static void test_names_of_one_machine(void)
{
    backend *be = sandbox_of("logon CORP\\me\n"
                             "use X: \\\\fs01\\d\n"
                             "use Y: \\\\fs01.corp.example\\d\n"
                             "host fs01 fs01.corp.example 192.0.2.7\n");
    fixrun_plan plan;
    model *m;
    ca_error err;
    if (!be)
        return;
    m = snap(be);
    if (m && ok(fixrun_plan_disconnect(m, "FS01", 0, &plan, &err) == CA_OK, "plan: %s\n", err.msg)) {
        ok(!strcmp(sig(&plan), "X::pending"), "only X: (case-insensitive name), not Y:: %s\n", sig(&plan));
        fixrun_plan_cleanup(&plan);
    }
    model_free(m);
    if (plan_and_run(be, "\\\\fs01\\d", "CORP\\svc", FIX_ALIAS, &plan)) {
        ok(plan.step_count == 0 && plan.connect_remote && !strcmp(plan.connect_remote, "\\\\192.0.2.7\\d"),
           "alias: no steps, connect through %s\n", plan.connect_remote ? plan.connect_remote : "-");
        ok(plan.alias_caveat && strstr(plan.alias_caveat, "NTLM"), "alias caveat kept\n");
        ok(plan.connect_user && !strcmp(plan.connect_user, "CORP\\svc"), "the requested user\n");
        ok(sandbox_state(be)->use_count == 2, "nothing disconnected\n");
        ok(connect_as(be, plan.connect_remote, NULL, plan.connect_user), "the alias connects\n");
    }
    fixrun_plan_cleanup(&plan);
    backend_free(be);
}

static void test_spelling(void)
{
    backend *be = sandbox_of("logon CORP\\me\nuse X: \\\\fs01\\d user=CORP\\bob\n");
    fixrun_plan plan;
    if (!be)
        return;
    if (plan_and_run(be, "\\\\fs01\\d", "bob@corp", FIX_USE_SPELLING, &plan)) {
        ok(plan.step_count == 0 && plan.connect_user && !strcmp(plan.connect_user, "CORP\\bob"),
           "spelling: connect as the slot's spelling: %s\n", plan.connect_user ? plan.connect_user : "-");
        ok(plan.connect_remote && !strcmp(plan.connect_remote, "\\\\fs01\\d"), "same path\n");
        ok(connect_as(be, plan.connect_remote, NULL, plan.connect_user), "connects sharing the slot\n");
    }
    fixrun_plan_cleanup(&plan);
    backend_free(be);
}

/* Issue 12 finding 3: a forget fix deletes the exact name's domain credential, never a wide one. */
static void test_forget_fix(void)
{
    backend *be = sandbox_of("logon CORP\\me\nuse X: \\\\fs01\\d\ncred fs01 CORP\\w\n"
                             "cred *.corp.example CORP\\wide\n");
    fixrun_plan plan;
    model *m;
    prediction p;
    ca_error err;
    if (!be)
        return;
    if (plan_and_run(be, "\\\\fs01\\d", "CORP\\other", FIX_FORGET_CREDENTIAL, &plan)) {
        ok(!strcmp(sig(&plan), "fs01:done"), "the exact credential is deleted: %s\n", sig(&plan));
        ok(sandbox_state(be)->cred_count == 1 &&
               !strcmp(sandbox_state(be)->creds[0].target, "*.corp.example"),
           "the wildcard stays\n");
    }
    fixrun_plan_cleanup(&plan);
    backend_free(be);

    be = sandbox_of("logon CORP\\me\nuse X: \\\\fs01.corp.example\\d\nuse Y: \\\\fs02.corp.example\\d\n"
                    "cred *.corp.example CORP\\wide\n");
    if (!be)
        return;
    m = snap(be);
    if (m && predict_check(m, "\\\\fs01.corp.example\\d", "CORP\\other", &p, &err) == CA_OK) {
        size_t i;
        const predict_warning *w = NULL;
        predict_fix forged;
        ok(!fix_of(&p, FIX_FORGET_CREDENTIAL), "no forget fix for a wildcard\n");
        for (i = 0; i < p.warning_count; i++)
            if (p.warnings[i].kind == WARN_WIDE_CREDENTIAL)
                w = &p.warnings[i];
        ok(w && w->args.name && !strcmp(w->args.name, "*.corp.example") && w->args.name_count == 2 &&
               !strcmp(w->args.names[0], "fs01.corp.example") &&
               !strcmp(w->args.names[1], "fs02.corp.example"),
           "wide_credential names the wildcard and the servers it covers\n");
        /* Even a forged forget fix naming the wildcard is not carried out. */
        if (p.fix_count) {
            forged = p.fixes[0];
            memset(&p.fixes[0], 0, sizeof(p.fixes[0]));
            p.fixes[0].kind = FIX_FORGET_CREDENTIAL;
            p.fixes[0].cred = 0;
            ok(fixrun_plan_fix(m, &p, &p.fixes[0], &plan, &err) == CA_OK, "plan: %s\n", err.msg);
            ok(plan.step_count == 0 && plan.note_count == 1 &&
                   plan.notes[0].kind == FIXRUN_NOTE_WIDE_CREDENTIAL && plan.notes[0].cover_count == 2,
               "a wide credential becomes a note, never a step\n");
            fixrun_plan_cleanup(&plan);
            p.fixes[0] = forged;
            ok(fixrun_plan_fix(m, &p, &forged, &plan, &err) == CA_ERR_INVALID, "a fix not in p is refused\n");
            fixrun_plan_cleanup(&plan);
        }
        prediction_cleanup(&p);
    }
    model_free(m);
    backend_free(be);
}

/* The user's choice as plans, the same for the CLI and the tray: forgetting is "disconnect, then forget";
 * the nth alias; a choice the prediction does not offer is refused with nothing planned. */
static void test_choice(void)
{
    static const char state[] =
        "logon CUSTOMER\\operator\nuse - \\\\host01\\IPC$\nuse - \\\\host01\\public\n"
        "use M: \\\\host01\\machines status=ok open=2\ncred host01 CUSTOMER\\operator\n"
        "cred host02 CUSTOMER\\x\n"
        "host host01 host01.customer.local 198.51.100.10\n";
    static const char plain[] = "logon CORP\\me\nuse X: \\\\fs01\\d\n";
    fixrun_plan plans[FIXRUN_CHOICE_MAX];
    model *m = NULL;
    prediction p;
    ca_error err;
    size_t n = 99, i;
    if (!ok(scenario_parse("t", state, strlen(state), &m, NULL) == CA_OK, "scenario\n") ||
        !ok(predict_check(m, "\\\\host01\\data", "CUSTOMER\\svc", &p, NULL) == CA_OK, "predict\n")) {
        model_free(m);
        return;
    }
    ok(fixrun_plan_choice(m, &p, FIX_FORGET_CREDENTIAL, 0, plans, FIXRUN_CHOICE_MAX, &n, &err) == CA_OK,
       "forget: %s\n", err.msg);
    ok(n == 2, "forget makes two plans: %zu\n", n);
    if (n == 2) {
        ok(plans[0].fix == FIX_DISCONNECT && !strcmp(sig(&plans[0]), "M::pending \\\\host01\\public:pending "
                                                                     "\\\\host01\\IPC$:pending"),
           "plans[0] disconnects in R6 order: %s\n", sig(&plans[0]));
        ok(plans[0].connect_remote && !strcmp(plans[0].connect_remote, "\\\\host01\\data") &&
               plans[0].connect_user && !strcmp(plans[0].connect_user, "CUSTOMER\\svc"),
           "then connects as asked\n");
        ok(plans[1].fix == FIX_FORGET_CREDENTIAL && !strcmp(sig(&plans[1]), "host01:pending"),
           "plans[1] forgets host01 only (never host02): %s\n", sig(&plans[1]));
    }
    for (i = 0; i < n; i++)
        fixrun_plan_cleanup(&plans[i]);

    ok(fixrun_plan_choice(m, &p, FIX_ALIAS, 1, plans, FIXRUN_CHOICE_MAX, &n, &err) == CA_OK && n == 1 &&
           plans[0].connect_remote && !strcmp(plans[0].connect_remote, "\\\\198.51.100.10\\data"),
       "the second alias: %s\n", n ? plans[0].connect_remote : "-");
    fixrun_plan_cleanup(&plans[0]);
    ok(fixrun_plan_choice(m, &p, FIX_ALIAS, 2, plans, FIXRUN_CHOICE_MAX, &n, &err) == CA_ERR_NOT_FOUND &&
           n == 0,
       "no third alias\n");
    ok(fixrun_plan_choice(m, &p, FIX_USE_SPELLING, 0, plans, FIXRUN_CHOICE_MAX, &n, &err) ==
               CA_ERR_NOT_FOUND &&
           n == 0 && strstr(err.msg, "use_spelling"),
       "no spelling fix here: %s\n", err.msg);
    ok(fixrun_plan_choice(m, &p, FIX_FORGET_CREDENTIAL, 0, plans, 1, &n, &err) == CA_ERR_LIMIT && n == 1,
       "no room for the credential plan\n");
    fixrun_plan_cleanup(&plans[0]);
    ok(fixrun_plan_choice(m, &p, FIX_DISCONNECT, 0, NULL, 0, &n, &err) == CA_ERR_INVALID && n == 0,
       "no room\n");
    ok(fixrun_plan_choice(NULL, &p, FIX_DISCONNECT, 0, plans, 1, &n, &err) == CA_ERR_INVALID && n == 0,
       "no model\n");
    prediction_cleanup(&p);

    model_free(m);
    m = NULL;

    /* A conflict with no saved credential: disconnecting is offered, forgetting is not. */
    if (ok(scenario_parse("t", plain, strlen(plain), &m, NULL) == CA_OK, "scenario\n") &&
        ok(predict_check(m, "\\\\fs01\\d", "CORP\\other", &p, NULL) == CA_OK, "predict\n")) {
        ok(p.verdict == VERDICT_CONFLICT && fix_of(&p, FIX_DISCONNECT), "a disconnect fix\n");
        ok(fixrun_plan_choice(m, &p, FIX_FORGET_CREDENTIAL, 0, plans, FIXRUN_CHOICE_MAX, &n, &err) ==
                   CA_ERR_NOT_FOUND &&
               n == 0,
           "nothing to forget: %s\n", err.msg);
        prediction_cleanup(&p);
    }
    model_free(m);
}

/* Domain-wide and catch-all credentials are never a forget fix either. */
static void test_forget_never_wide(void)
{
    static const char *const targets[] = {"CORP\\*", "corp.example\\*", "*Session", "*", "*.example"};
    size_t i;
    for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        char text[256];
        model *m = NULL;
        prediction p;
        fixrun_plan plan;
        snprintf(text, sizeof(text), "logon CORP\\me\nuse X: \\\\fs01.corp.example\\d\ncred %s CORP\\w\n",
                 targets[i]);
        th_push_context("%s", targets[i]);
        if (ok(scenario_parse("t", text, strlen(text), &m, NULL) == CA_OK, "scenario\n") &&
            ok(predict_check(m, "\\\\fs01.corp.example\\d", "CORP\\other", &p, NULL) == CA_OK, "predict\n")) {
            ok(p.reason == REASON_SAVED_CRED_USER, "the credential makes the slot: %s\n",
               predict_reason_name(p.reason));
            ok(!fix_of(&p, FIX_FORGET_CREDENTIAL), "no forget fix\n");
            ok(p.warning_count && p.warnings[p.warning_count - 1].kind == WARN_WIDE_CREDENTIAL,
               "wide_credential warning\n");
            if (ok(fixrun_plan_forget(m, "fs01.corp.example", &plan, NULL) == CA_OK, "plan\n"))
                ok(plan.step_count == 0 && plan.note_count == 1, "forget request: no step, one note\n");
            fixrun_plan_cleanup(&plan);
            prediction_cleanup(&p);
        }
        model_free(m);
        th_pop_context();
    }
}

/* Issue 12 finding 8: generic credentials are never deleted; wide ones are named. */
static void test_forget_request(void)
{
    backend *be = sandbox_of("logon CORP\\me\nuse X: \\\\fs01.corp.example\\d\n"
                             "cred fs01.corp.example CORP\\g type=generic\n"
                             "cred Domain:target=fs01.corp.example CORP\\d\n"
                             "cred *.corp.example CORP\\wide\n");
    fixrun_plan plan;
    model *m;
    ca_error err;
    strbuf sb;
    if (!be)
        return;
    m = snap(be);
    if (m && ok(fixrun_plan_forget(m, "fs01.corp.example", &plan, &err) == CA_OK, "plan: %s\n", err.msg)) {
        ok(!strcmp(sig(&plan), "Domain:target=fs01.corp.example:pending"), "only the domain credential: %s\n",
           sig(&plan));
        ok(plan.note_count == 1 && plan.notes[0].kind == FIXRUN_NOTE_GENERIC_CREDENTIAL,
           "generic one noted (the exact domain credential wins R4, so no wide note)\n");
        ok(fixrun_run(be, &plan, &err) == CA_OK &&
               !strcmp(sig(&plan), "Domain:target=fs01.corp.example:done"),
           "run: %s\n", sig(&plan));
        ok(sandbox_state(be)->cred_count == 2, "generic and wildcard stay\n");
        strbuf_init(&sb);
        render_fixrun_json(&sb, &plan, 1);
        ok(strstr(strbuf_str(&sb), "\"generic_credential\"") != NULL, "JSON: %s\n", strbuf_str(&sb));
        strbuf_cleanup(&sb);
        fixrun_plan_cleanup(&plan);
    }
    model_free(m);
    m = snap(be);
    if (m && ok(fixrun_plan_forget(m, "fs01.corp.example", &plan, &err) == CA_OK, "plan: %s\n", err.msg)) {
        ok(plan.step_count == 0 && plan.note_count == 2 &&
               plan.notes[1].kind == FIXRUN_NOTE_WIDE_CREDENTIAL &&
               !strcmp(plan.notes[1].raw_target, "*.corp.example"),
           "now the wildcard applies: named, not deleted\n");
        fixrun_plan_cleanup(&plan);
    }
    model_free(m);
    backend_free(be);
}

/* Busy steps wait for consent; forcing names exactly the agreed steps. */
static void test_busy_and_force(void)
{
    backend *be = sandbox_of("logon CUSTOMER\\op\n"
                             "use - \\\\host01\\IPC$\n"
                             "use M: \\\\host01\\machines open=2\n"
                             "use N: \\\\host01\\n open=1\n"
                             "use O: \\\\host01\\o\n");
    fixrun_plan plan;
    model *m;
    ca_error err;
    size_t agreed[1], busy[4], n;
    if (!be)
        return;
    m = snap(be);
    if (m && ok(fixrun_plan_disconnect(m, "host01", 0, &plan, &err) == CA_OK, "plan\n")) {
        ok(fixrun_run(be, &plan, &err) == CA_OK, "run\n");
        ok(!strcmp(sig(&plan), "M::busy N::busy O::done \\\\host01\\IPC$:done"), "never forced: %s\n",
           sig(&plan));
        ok(plan.steps[0].code == CA_WIN_OPEN_FILES && plan.steps[0].open_files == 2,
           "busy with 2401, 2 files\n");
        n = fixrun_busy_steps(&plan, busy);
        ok(n == 2 && busy[0] == 0 && busy[1] == 1, "two busy steps\n");
        agreed[0] = 1;
        ok(fixrun_force(be, &plan, agreed, 1, &err) == CA_OK, "force\n");
        ok(!strcmp(sig(&plan), "M::busy N::done/forced O::done \\\\host01\\IPC$:done"),
           "only N: forced: %s\n", sig(&plan));
        ok(model_find_local(sandbox_state(be), "M:") >= 0, "M: still connected\n");
        agreed[0] = 2; /* a done step: ignored */
        ok(fixrun_force(be, &plan, agreed, 1, &err) == CA_OK &&
               !strcmp(sig(&plan), "M::busy N::done/forced O::done \\\\host01\\IPC$:done"),
           "agreeing to a step that is not busy changes nothing\n");
        ok(!fixrun_all_done(&plan), "not all done\n");
        fixrun_plan_cleanup(&plan);
    }
    model_free(m);
    backend_free(be);
}

/* Issue 12 finding 4: O: remapped between the question and the force is not forced, and reported. */
static void test_force_rechecks(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n"
                             "use O: \\\\fs01\\data open=3\n"
                             "use W: \\\\fs01\\w open=1\n"
                             "use - \\\\fs01\\tmp\n");
    fixrun_plan plan;
    model *m;
    ca_error err;
    size_t busy[3], n;
    strbuf sb;
    if (!be)
        return;
    if (plan_and_run(be, "\\\\fs01\\data", "IAI\\svc", FIX_DISCONNECT, &plan)) {
        ok(!strcmp(sig(&plan), "O::busy W::busy \\\\fs01\\tmp:done"), "asked about O: and W:: %s\n",
           sig(&plan));
        /* While the question is open a logon script remaps O: to another server, and W: goes away. */
        ok(backend_disconnect(be, "O:", 1, 0, NULL) == CA_OK && connect_as(be, "\\\\fs09\\other", "O:", NULL),
           "O: remapped\n");
        ok(backend_disconnect(be, "W:", 1, 0, NULL) == CA_OK, "W: closed\n");
        n = fixrun_busy_steps(&plan, busy);
        ok(fixrun_force(be, &plan, busy, n, &err) == CA_OK, "force: %s\n", err.msg);
        ok(!strcmp(sig(&plan), "O::skipped/changed W::skipped/gone \\\\fs01\\tmp:done"), "not forced: %s\n",
           sig(&plan));
        m = snap(be);
        ok(m && model_find_local(m, "O:") >= 0 &&
               !strcmp(m->uses[model_find_local(m, "O:")].remote, "\\\\fs09\\other"),
           "the new O: is untouched\n");
        model_free(m);
        strbuf_init(&sb);
        render_fixrun_text(&sb, &plan, 1);
        ok(strstr(strbuf_str(&sb), "Not touched: O:") != NULL, "reported: %s\n", strbuf_str(&sb));
        strbuf_cleanup(&sb);
    }
    fixrun_plan_cleanup(&plan);

    /* The same re-check guards the first, unforced run. */
    m = snap(be);
    if (m && ok(fixrun_plan_disconnect(m, "fs09", 0, &plan, &err) == CA_OK, "plan\n")) {
        ok(backend_disconnect(be, "O:", 0, 0, NULL) == CA_OK && connect_as(be, "\\\\fs10\\x", "O:", NULL),
           "O: remapped before the run\n");
        ok(fixrun_run(be, &plan, &err) == CA_OK && !strcmp(sig(&plan), "O::skipped/changed"), "run: %s\n",
           sig(&plan));
        ok(model_find_local(sandbox_state(be), "O:") >= 0, "O: kept\n");
        fixrun_plan_cleanup(&plan);
    }
    model_free(m);
    backend_free(be);
}

static void test_remembered_drives(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n"
                             "use O: \\\\fs01\\data status=unavailable\n"
                             "use P: \\\\fs01\\p\n");
    fixrun_plan plan;
    model *m;
    ca_error err;
    if (!be)
        return;
    m = snap(be);
    if (m && fixrun_plan_disconnect(m, "fs01", 0, &plan, &err) == CA_OK) {
        ok(!strcmp(sig(&plan), "P::pending"), "remembered drive left without forget_drives: %s\n",
           sig(&plan));
        fixrun_plan_cleanup(&plan);
    }
    if (m && fixrun_plan_disconnect(m, "fs01", 1, &plan, &err) == CA_OK) {
        ok(fixrun_run(be, &plan, &err) == CA_OK && !strcmp(sig(&plan), "O::done P::done"),
           "with forget_drives it goes too: %s\n", sig(&plan));
        ok(sandbox_state(be)->use_count == 0, "nothing left\n");
        fixrun_plan_cleanup(&plan);
    }
    model_free(m);
    backend_free(be);
}

static void test_names_and_bad_input(void)
{
    fixrun_plan plan;
    ok(fixrun_plan_disconnect(NULL, "x", 0, &plan, NULL) == CA_ERR_INVALID && plan.step_count == 0,
       "no model\n");
    ok(fixrun_plan_forget(NULL, "x", &plan, NULL) == CA_ERR_INVALID, "no model\n");
    ok(fixrun_run(NULL, &plan, NULL) == CA_ERR_INVALID, "no backend\n");
    fixrun_plan_cleanup(&plan);
    fixrun_plan_cleanup(NULL);
    ok(!strcmp(fixrun_outcome_name(FIXRUN_BUSY), "busy") &&
           !strcmp(fixrun_skip_name(FIXRUN_SKIP_CHANGED), "changed") &&
           fixrun_skip_name(FIXRUN_SKIP_NONE) == NULL &&
           !strcmp(fixrun_step_kind_name(FIXRUN_STEP_FORGET), "forget"),
       "stable names\n");
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_disconnect_same_name();
    test_dfs();
    test_names_of_one_machine();
    test_spelling();
    test_forget_fix();
    test_choice();
    test_forget_never_wide();
    test_forget_request();
    test_busy_and_force();
    test_force_rechecks();
    test_remembered_drives();
    test_names_and_bad_input();
    return th_finish();
}
