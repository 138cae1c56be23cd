/* Walks every reason and every warning kind: structured arguments filled, and the English rendering names
 * them. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "predict.h"
#include "render.h"
#include "scenario.h"

typedef struct explain_case {
    const char *what;
    const char *scenario;
    const char *path, *user;
    int flags; /* 1: elevated, 2: users unknown */
    int is_warning;
    int kind; /* predict_reason or predict_warning_kind */
} explain_case;

static const explain_case cases[] = {
    {"no slot", "logon A\\me\n", "\\\\fs01\\d", NULL, 0, 0, REASON_NO_SLOT},
    {"same user", "logon A\\me\nuse X: \\\\fs01\\d user=A\\x\n", "\\\\fs01\\d", "A\\x", 0, 0,
     REASON_SAME_USER},
    {"default reuses", "logon A\\me\nuse X: \\\\fs01\\d user=A\\x\n", "\\\\fs01\\d", NULL, 0, 0,
     REASON_DEFAULT_REUSES},
    {"default matches", "logon A\\me\nuse X: \\\\fs01\\d\n", "\\\\fs01\\d", NULL, 0, 0,
     REASON_DEFAULT_MATCHES},
    {"default then explicit", "logon A\\me\nuse X: \\\\fs01\\d\n", "\\\\fs01\\d", "A\\other", 0, 0,
     REASON_DEFAULT_THEN_EXPLICIT},
    {"other user", "logon A\\me\nuse X: \\\\fs01\\d user=A\\x\n", "\\\\fs01\\d", "A\\y", 0, 0,
     REASON_OTHER_USER},
    {"spelling", "logon A\\me\nuse X: \\\\fs01\\d user=CORP\\bob\n", "\\\\fs01\\d", "bob@corp", 0, 0,
     REASON_SPELLING},
    {"saved credential", "logon A\\me\nuse X: \\\\fs01\\d\ncred fs01 A\\w\n", "\\\\fs01\\d", "A\\other", 0, 0,
     REASON_SAVED_CRED_USER},
    {"dfs", "logon A\\me\nuse P: \\\\dom\\ns\\p\ndfs \\\\dom\\ns\\p \\\\fs02\\p\n", "\\\\fs02\\p", "A\\svc",
     0, 0, REASON_DFS},
    {"remembered", "logon A\\me\nuse O: \\\\fs01\\d status=unavailable user=A\\x\n", "\\\\fs01\\d", NULL, 0,
     1, WARN_UNAVAILABLE_REMEMBERED},
    {"same machine", "logon A\\me\nuse Y: \\\\fs01.corp.example\\d\nhost fs01 fs01.corp.example\n",
     "\\\\fs01\\d", NULL, 0, 1, WARN_SAME_MACHINE},
    {"open files", "logon A\\me\nuse X: \\\\fs01\\d open=2\n", "\\\\fs01\\d", "A\\other", 0, 1,
     WARN_OPEN_FILES},
    {"elevated", "logon A\\me\n", "\\\\fs01\\d", NULL, 1, 1, WARN_ELEVATED},
    {"users unknown", "logon A\\me\n", "\\\\fs01\\d", NULL, 2, 1, WARN_USERS_UNKNOWN},
    {"saved credential used", "logon A\\me\ncred fs01 A\\w\n", "\\\\fs01\\d", NULL, 0, 1,
     WARN_SAVED_CRED_USED},
    {"wide credential", "logon A\\me\nuse X: \\\\fs01.corp.example\\d\ncred *.corp.example A\\w\n",
     "\\\\fs01.corp.example\\d", "A\\other", 0, 1, WARN_WIDE_CREDENTIAL},
};

/* 1 when every argument the kind fills appears in text (use names by drive or path). */
static int names_args(const model *m, const predict_args *a, const char *text)
{
    size_t i;
    int all = 1;
    if (a->server && !strstr(text, a->server))
        all = ok(0, "server %s missing\n", a->server);
    if (a->user && !strstr(text, a->user))
        all = ok(0, "user %s missing\n", a->user);
    if (a->other_user && !strstr(text, a->other_user))
        all = ok(0, "other user %s missing\n", a->other_user);
    if (a->name && !strstr(text, a->name))
        all = ok(0, "name %s missing\n", a->name);
    for (i = 0; i < a->use_count; i++) {
        const model_use *u = &m->uses[a->uses[i]];
        if (!strstr(text, u->local ? u->local : u->remote))
            all = ok(0, "use %s missing\n", u->local ? u->local : u->remote);
    }
    for (i = 0; i < a->extra_count; i++)
        if (!strstr(text,
                    m->uses[a->extra[i]].local ? m->uses[a->extra[i]].local : m->uses[a->extra[i]].remote))
            all = ok(0, "DFS use missing\n");
    for (i = 0; i < a->name_count; i++)
        if (!strstr(text, a->names[i]))
            all = ok(0, "covered server %s missing\n", a->names[i]);
    if (a->number >= 0) {
        char num[16];
        snprintf(num, sizeof(num), "%d", a->number);
        if (!strstr(text, num))
            all = ok(0, "number %d missing\n", a->number);
    }
    return all;
}

static void test_walk(void)
{
    int seen_reason[PREDICT_REASON_COUNT] = {0}, seen_warning[PREDICT_WARNING_COUNT] = {0};
    size_t i, k;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const explain_case *c = &cases[i];
        model *m = NULL;
        prediction p;
        ca_error err;
        strbuf sb;
        th_push_context("%s", c->what);
        if (!ok(scenario_parse("t", c->scenario, strlen(c->scenario), &m, &err) == CA_OK, "%s\n", err.msg)) {
            th_pop_context();
            continue;
        }
        m->elevated = c->flags & 1 ? 1 : 0;
        m->users_unknown = c->flags & 2 ? 1 : 0;
        if (ok(predict_check(m, c->path, c->user, &p, &err) == CA_OK, "%s\n", err.msg)) {
            if (!c->is_warning) {
                ok(p.reason == (predict_reason)c->kind, "reason %s\n", predict_reason_name(p.reason));
                seen_reason[p.reason] = 1;
                ok(p.why.server != NULL, "the reason names its server\n");
                ok(p.verdict == VERDICT_OK || p.why.use_count > 0, "a conflict names its uses\n");
                strbuf_init(&sb);
                render_reason_text(&sb, m, &p);
                ok(sb.len > 0 && names_args(m, &p.why, strbuf_str(&sb)), "sentence with the arguments: %s\n",
                   strbuf_str(&sb));
                strbuf_cleanup(&sb);
            }
            strbuf_init(&sb);
            render_check_json(&sb, m, &p);
            ok(strstr(strbuf_str(&sb), "\"why\":{\"server\":") != NULL,
               "JSON carries the reason's arguments\n");
            ok(!c->is_warning || strstr(strbuf_str(&sb), "\"args\":{") != NULL,
               "JSON carries warning arguments\n");
            strbuf_cleanup(&sb);
            for (k = 0; k < p.warning_count; k++) {
                const predict_warning *w = &p.warnings[k];
                if (c->is_warning && w->kind == (predict_warning_kind)c->kind)
                    seen_warning[w->kind] = 1;
                ok(strcmp(predict_warning_name(w->kind), "unknown") != 0, "warning has a JSON id\n");
                strbuf_init(&sb);
                render_warning_text(&sb, m, w);
                ok(sb.len > 0 && names_args(m, &w->args, strbuf_str(&sb)),
                   "%s: sentence with the arguments: %s\n", predict_warning_name(w->kind), strbuf_str(&sb));
                strbuf_cleanup(&sb);
            }
            prediction_cleanup(&p);
        }
        model_free(m);
        th_pop_context();
    }
    for (i = 0; i < PREDICT_REASON_COUNT; i++)
        ok(seen_reason[i] && strcmp(predict_reason_name((predict_reason)i), "unknown") != 0,
           "reason %zu walked and named\n", i);
    for (i = 0; i < PREDICT_WARNING_COUNT; i++)
        ok(seen_warning[i], "warning %s walked\n", predict_warning_name((predict_warning_kind)i));
}

/* Issue 11 finding 3: asking for IAI\bp on a default slot that is IAI\bp is not "IAI\bp in the way";
 * a conflict caused by a saved credential names that credential. */
static void test_finding3(void)
{
    static const char same[] = "logon IAI\\bp\nuse P: \\\\fs01\\d\n";
    static const char saved[] = "logon IAI\\bp\nuse P: \\\\fs01\\d\ncred Domain:target=fs01 IAI\\w\n";
    model *m = NULL;
    prediction p;
    strbuf sb;
    if (scenario_parse("t", same, strlen(same), &m, NULL) == CA_OK &&
        predict_check(m, "\\\\fs01\\d", "IAI\\bp", &p, NULL) == CA_OK) {
        ok(p.reason == REASON_DEFAULT_THEN_EXPLICIT && (p.why.caveats & PREDICT_CAVEAT_SAME_ACCOUNT),
           "same account caveat\n");
        strbuf_init(&sb);
        render_reason_text(&sb, m, &p);
        ok(!strstr(strbuf_str(&sb), "second user") && !strstr(strbuf_str(&sb), "as IAI\\bp through"),
           "IAI\\bp is not presented as in the way: %s\n", strbuf_str(&sb));
        ok(strstr(strbuf_str(&sb), "without giving a user name") != NULL,
           "says to connect without a user name\n");
        strbuf_cleanup(&sb);
        prediction_cleanup(&p);
    }
    model_free(m);
    m = NULL;
    if (scenario_parse("t", saved, strlen(saved), &m, NULL) == CA_OK &&
        predict_check(m, "\\\\fs01\\d", "IAI\\svc", &p, NULL) == CA_OK) {
        ok(p.reason == REASON_SAVED_CRED_USER && p.why.name && !strcmp(p.why.name, "Domain:target=fs01") &&
               p.why.user && !strcmp(p.why.user, "IAI\\w"),
           "saved credential reason names the credential and its user\n");
        ok(p.why.caveats & PREDICT_CAVEAT_SAVED_CRED, "saved-credential caveat\n");
        strbuf_init(&sb);
        render_reason_text(&sb, m, &p);
        ok(strstr(strbuf_str(&sb), "Domain:target=fs01") && strstr(strbuf_str(&sb), "IAI\\w"),
           "the sentence names the credential: %s\n", strbuf_str(&sb));
        strbuf_cleanup(&sb);
        prediction_cleanup(&p);
    }
    model_free(m);
}

/* A slot held only through DFS still names the drive that holds it. */
static void test_ok_through_dfs(void)
{
    static const char text[] = "logon A\\me\nuse P: \\\\dom\\ns\\p\ndfs \\\\dom\\ns\\p \\\\fs02\\p\n";
    model *m = NULL;
    prediction p;
    strbuf sb;
    if (scenario_parse("t", text, strlen(text), &m, NULL) == CA_OK &&
        predict_check(m, "\\\\fs02\\p", NULL, &p, NULL) == CA_OK) {
        ok(p.verdict == VERDICT_OK && p.why.use_count == 1 && p.why.uses[0] == 0, "P: holds it: %zu uses\n",
           p.why.use_count);
        strbuf_init(&sb);
        render_reason_text(&sb, m, &p);
        ok(strstr(strbuf_str(&sb), "through P:") != NULL, "names P:: %s\n", strbuf_str(&sb));
        strbuf_cleanup(&sb);
        prediction_cleanup(&p);
    }
    model_free(m);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_walk();
    test_finding3();
    test_ok_through_dfs();
    return th_finish();
}
