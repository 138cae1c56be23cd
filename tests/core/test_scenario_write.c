/* Tests of the scenario writer (common/core/scenario_write.c): round trips, quoting, refusals. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "scenario.h"
#include "scenario_write.h"
#include "text.h"

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

/* 1 when b (loaded back) holds what a held, statuses mapped as the writer documents. */
static int models_equal(const model *a, const model *b)
{
    size_t i, k, hosts = 0;
    for (i = 0; i < a->host_count; i++)
        hosts += a->hosts[i].count >= 2; /* a group of one name says nothing and is not written */
    if (!same(a->logon_user, b->logon_user) || a->use_count != b->use_count ||
        a->cred_count != b->cred_count || a->dfs_count != b->dfs_count || hosts != b->host_count)
        return 0;
    for (i = 0; i < a->use_count; i++) {
        const model_use *u = &a->uses[i], *v = &b->uses[i];
        if (!same(u->local, v->local) || !same(u->remote, v->remote) || !same(u->user, v->user) ||
            strcmp(scenario_status_word(u->status), scenario_status_word(v->status)) ||
            u->open_files != v->open_files || u->kind != v->kind)
            return 0;
    }
    for (i = 0; i < a->cred_count; i++)
        if (!same(a->creds[i].raw_target, b->creds[i].raw_target) ||
            !same(a->creds[i].target, b->creds[i].target) || !same(a->creds[i].user, b->creds[i].user) ||
            a->creds[i].type != b->creds[i].type)
            return 0;
    for (i = 0; i < a->dfs_count; i++)
        if (!same(a->dfs[i].path, b->dfs[i].path) || !same(a->dfs[i].target, b->dfs[i].target))
            return 0;
    for (i = 0, hosts = 0; i < a->host_count; i++) {
        const model_host *h = &a->hosts[i], *g = &b->hosts[hosts];
        if (h->count < 2)
            continue;
        hosts++;
        if (h->count != g->count)
            return 0;
        for (k = 0; k < h->count; k++)
            if (!same(h->names[k], g->names[k]))
                return 0;
    }
    return 1;
}

/* Writes m (strictly), parses the text back and compares. */
static void round_trip(const char *what, const model *m)
{
    strbuf sb;
    model *back = NULL;
    ca_error e = {{0}, 0};
    ca_status st;
    strbuf_init(&sb);
    st = scenario_write(&sb, m, NULL, 0, 0, NULL, &e);
    ok(st == CA_OK, "%s: write: %s\n", what, e.msg);
    st = scenario_parse(what, strbuf_str(&sb), sb.len, &back, &e);
    ok(st == CA_OK, "%s: the written text loads back: %s\n%s", what, e.msg, strbuf_str(&sb));
    if (back)
        ok(models_equal(m, back), "%s: the same model after a round trip:\n%s", what, strbuf_str(&sb));
    model_free(back);
    strbuf_cleanup(&sb);
}

static void test_shared_files(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        model *m = NULL;
        ca_error e = {{0}, 0};
        ok(scenario_load_file(argv[i], &m, &e) == CA_OK, "load %s: %s\n", argv[i], e.msg);
        if (m)
            round_trip(argv[i], m);
        model_free(m);
    }
}

static model *parse(const char *text)
{
    model *m = NULL;
    ca_error e = {{0}, 0};
    ok(scenario_parse("t", text, strlen(text), &m, &e) == CA_OK, "parse: %s\n", e.msg);
    return m;
}

static void test_quoting(void)
{
    ca_error e = {{0}, 0};
    model *m = parse("logon \"IAI\\John Smith\"\n"
                     "use S: \"\\\\fs9\\Team Share\\Q1 plans\" user=\"IAI\\John Smith\" open=3\n"
                     "use - \\\\fs9\\C#\\#notes status=disconnected\n"
                     "use R: \\\\fs9\\old status=unavailable user=IAI\\bp\n"
                     "use LPT1: \\\\fs9\\printer\n"
                     "cred Domain:target=fs9 IAI\\bp\n"
                     "cred *.iai.nl IAI\\wide\n"
                     "cred IAI\\* IAI\\dom\n"
                     "cred \"LegacyGeneric:target=git:https://x.example/?a=b c\" \"\" type=generic\n"
                     "cred TERMSRV/fs9 IAI\\rdp\n"
                     "dfs \\\\iai.nl\\dfs\\proj \\\\hka-fs02\\proj\\2024\n"
                     "host fs9 fs9.iai.nl 192.0.2.9\n"
                     "host lonely LONELY\n");
    if (!m)
        return;
    ok(m->host_count == 2 && m->hosts[1].count == 1, "a host group of one name (the same name twice)\n");
    m->host_count = 1; /* it is not written: compare without it */
    round_trip("quoting", m);
    m->host_count = 2;
    {
        strbuf sb;
        strbuf_init(&sb);
        ok(scenario_write(&sb, m, NULL, 0, 0, NULL, &e) == CA_OK && !strstr(strbuf_str(&sb), "lonely"),
           "a one-name host group is not written and is no error: %s\n", e.msg);
        strbuf_cleanup(&sb);
    }
    /* Statuses the format has no word for are written as the nearest one, with a note. */
    ok(model_add_use(m, "P:", "\\\\fs9\\paused", NULL, USE_STATUS_PAUSED, -1, -1, &e) == CA_OK &&
           model_add_use(m, "Q:", "\\\\fs9\\err", NULL, USE_STATUS_ERROR, 0, -1, &e) == CA_OK,
       "add: %s\n", e.msg);
    round_trip("statuses", m);
    {
        strbuf sb;
        strbuf_init(&sb);
        scenario_write(&sb, m, NULL, 0, 0, NULL, &e);
        ok(strstr(strbuf_str(&sb), "use P: \\\\fs9\\paused status=ok\n") &&
               strstr(strbuf_str(&sb), "use Q: \\\\fs9\\err status=disconnected open=0\n") &&
               strstr(strbuf_str(&sb), "# 2 connections had a status the format has no word for"),
           "paused as ok, error as disconnected, with a note:\n%s", strbuf_str(&sb));
        ok(strstr(strbuf_str(&sb),
                  "\"LegacyGeneric:target=git:https://x.example/?a=b c\" \"\" type=generic\n") != NULL,
           "a positional field with '=' or spaces, and an empty user, are quoted:\n%s", strbuf_str(&sb));
        strbuf_cleanup(&sb);
    }
    model_free(m);
}

static void test_comments_and_notes(void)
{
    static const char *const header[] = {"ConnectAs snapshot", "taken 2026-12-02T04:00:00Z"};
    static const char *const bad[] = {"two\nlines"};
    model *m = parse("logon IAI\\bp\nuse O: \\\\fs1\\d\n");
    strbuf sb;
    ca_error e = {{0}, 0};
    if (!m)
        return;
    m->elevated = 1;
    m->users_unknown = 1;
    m->skipped_uses = 2;
    snprintf(m->source, sizeof(m->source), "WNet");
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, header, 2, 0, NULL, &e) == CA_OK, "write: %s\n", e.msg);
    ok(!strncmp(strbuf_str(&sb), "# ConnectAs snapshot\n# taken 2026-12-02T04:00:00Z\n", 49),
       "the caller's comments come first:\n%s", strbuf_str(&sb));
    ok(strstr(strbuf_str(&sb), "# connections read from: WNet\n") &&
           strstr(strbuf_str(&sb), "# elevated: yes") &&
           strstr(strbuf_str(&sb), "# not read: the user names") &&
           strstr(strbuf_str(&sb), "# not read: 2 connections"),
       "source, elevation and what could not be read:\n%s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, bad, 1, 0, NULL, &e) == CA_ERR_INVALID && strstr(e.msg, "comment 1"),
       "a comment with a line break is refused: %s\n", e.msg);
    strbuf_cleanup(&sb);
    model_free(m);
}

static void test_refusals(void)
{
    model *m = parse("logon IAI\\bp\nuse O: \\\\fs1\\d\ncred \"web\" someone type=generic\n");
    strbuf sb;
    ca_error e = {{0}, 0};
    model *back = NULL;
    size_t left = 0;
    if (!m)
        return;
    /* A generic credential's target may hold a double quote: the format cannot. */
    free(m->creds[0].raw_target);
    m->creds[0].raw_target = text_dup("web\"site");
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, NULL, 0, 0, NULL, &e) == CA_ERR_INVALID && strstr(e.msg, "cred record 1") &&
           strstr(e.msg, "double quote"),
       "strict: refused with a message naming the record: %s\n", e.msg);
    strbuf_cleanup(&sb);
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, NULL, 0, SCENARIO_WRITE_LENIENT, &left, &e) == CA_OK && left == 1,
       "lenient: written, one record left out (%zu): %s\n", left, e.msg);
    ok(strstr(strbuf_str(&sb), "# left out: cred record 1, because its target contains a double quote") &&
           !strstr(strbuf_str(&sb), "web"),
       "the note names the record, not its content:\n%s", strbuf_str(&sb));
    ok(scenario_parse("lenient", strbuf_str(&sb), sb.len, &back, &e) == CA_OK && back &&
           back->cred_count == 0 && back->use_count == 1,
       "the lenient text loads: %s\n", e.msg);
    model_free(back);
    strbuf_cleanup(&sb);
    /* Control characters and invalid UTF-8. */
    free(m->creds[0].raw_target);
    m->creds[0].raw_target = text_dup("web\x01");
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, NULL, 0, 0, NULL, &e) == CA_ERR_INVALID && strstr(e.msg, "control character"),
       "control character refused: %s\n", e.msg);
    strbuf_cleanup(&sb);
    free(m->creds[0].raw_target);
    m->creds[0].raw_target = text_dup("web\xC3");
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, NULL, 0, 0, NULL, &e) == CA_ERR_INVALID && strstr(e.msg, "UTF-8"),
       "invalid UTF-8 refused: %s\n", e.msg);
    strbuf_cleanup(&sb);
    /* No logon user: the format requires one. */
    free(m->logon_user);
    m->logon_user = NULL;
    strbuf_init(&sb);
    ok(scenario_write(&sb, m, NULL, 0, SCENARIO_WRITE_LENIENT, NULL, &e) == CA_ERR_INVALID &&
           strstr(e.msg, "logon user"),
       "no logon user is refused even when lenient: %s\n", e.msg);
    strbuf_cleanup(&sb);
    model_free(m);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_shared_files(argc, argv);
    test_quoting();
    test_comments_and_notes();
    test_refusals();
    return th_finish();
}
