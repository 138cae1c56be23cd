/* Tests of the support commands' logic (cli_snapshot.c, cli_temporary.c) on scenario files: snapshot,
 * redaction, usage. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_support.h"
#include "harness.h"
#include "scenario.h"

static const char *serverfault, *technician;

typedef struct capture {
    strbuf out, err;
} capture;

static void cap_out(void *ctx, const char *text)
{
    strbuf_add(&((capture *)ctx)->out, text);
}

static void cap_err(void *ctx, const char *text)
{
    strbuf_add(&((capture *)ctx)->err, text);
}

/* Runs "connectas ARGS…" (NULL-terminated) through the support entry point. */
static int run(capture *c, const cli_support_env *env, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    cli_platform plat;
    memset(&plat, 0, sizeof(plat));
    plat.ctx = c;
    plat.write_out = cap_out;
    plat.write_err = cap_err;
    plat.version = "9.8.7";
    strbuf_cleanup(&c->out);
    strbuf_cleanup(&c->err);
    strbuf_init(&c->out);
    strbuf_init(&c->err);
    argv[argc++] = (char *)"connectas";
    va_start(ap, env);
    for (;;) {
        char *a = va_arg(ap, char *);
        if (!a || argc == 31)
            break;
        argv[argc++] = a;
    }
    va_end(ap);
    argv[argc] = NULL;
    ok(cli_support_handles(argc, argv), "a support command: %s\n", argv[1]);
    return cli_support_main(argc, argv, &plat, env);
}

static int loads(const char *text, model **out)
{
    ca_error e = {{0}, 0};
    *out = NULL;
    return scenario_parse("snapshot", text, strlen(text), out, &e) == CA_OK;
}

static void test_snapshot_of_scenario(void)
{
    capture c;
    model *m = NULL, *orig = NULL;
    ca_error e = {{0}, 0};
    int rc;
    memset(&c, 0, sizeof(c));
    rc = run(&c, NULL, "snapshot", "--scenario", serverfault, NULL);
    ok(rc == 0, "snapshot: exit %d (%s)\n", rc, strbuf_str(&c.err));
    ok(loads(strbuf_str(&c.out), &m), "the snapshot loads:\n%s", strbuf_str(&c.out));
    ok(strstr(strbuf_str(&c.out), "# ConnectAs snapshot") && strstr(strbuf_str(&c.out), "# taken ") &&
           strstr(strbuf_str(&c.out), "by connectas 9.8.7") && strstr(strbuf_str(&c.out), serverfault),
       "comment lines say what, when and where from:\n%s", strbuf_str(&c.out));
    scenario_load_file(serverfault, &orig, &e);
    ok(m && orig && m->use_count == orig->use_count && m->host_count == orig->host_count &&
           !strcmp(m->logon_user, orig->logon_user),
       "the same state\n");
    model_free(m);
    model_free(orig);

    rc = run(&c, NULL, "snapshot", "--scenario", serverfault, "--redact", NULL);
    ok(rc == 0 && loads(strbuf_str(&c.out), &m), "redacted snapshot loads: %d\n%s", rc, strbuf_str(&c.out));
    ok(!strstr(strbuf_str(&c.out), "hka-fs01") && !strstr(strbuf_str(&c.out), "iai") &&
           !strstr(strbuf_str(&c.out), "IAI") && !strstr(strbuf_str(&c.out), "serverfault") &&
           !strstr(strbuf_str(&c.out), "192.0.2.40") && strstr(strbuf_str(&c.out), "# redacted:"),
       "no real name, not even the file's:\n%s", strbuf_str(&c.out));
    model_free(m);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

static void test_snapshot_out_file(void)
{
    capture c;
    char path[] = "cli_support_snapshot.tmp";
    model *m = NULL;
    ca_error e = {{0}, 0};
    int rc;
    memset(&c, 0, sizeof(c));
    rc = run(&c, NULL, "snapshot", "--out", path, "--scenario", technician, NULL);
    ok(rc == 0 && !c.out.len, "--out: exit %d, nothing on stdout (%s)\n", rc, strbuf_str(&c.err));
    ok(strstr(strbuf_str(&c.err), "wrote cli_support_snapshot.tmp") != NULL, "says where: %s\n",
       strbuf_str(&c.err));
    ok(scenario_load_file(path, &m, &e) == CA_OK && m && m->use_count == 3 && m->cred_count == 1,
       "the file loads with the existing parser: %s\n", e.msg);
    model_free(m);
    remove(path);
    rc = run(&c, NULL, "snapshot", "--out", "no-such-dir/x/y.scenario", "--scenario", technician, NULL);
    ok(rc == 1 && strstr(strbuf_str(&c.err), "cannot create"), "unwritable: exit %d %s\n", rc,
       strbuf_str(&c.err));
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

static void test_usage(void)
{
    capture c;
    journal_store *js = journal_mem_store_create();
    cli_support_env env;
    int rc;
    memset(&c, 0, sizeof(c));
    memset(&env, 0, sizeof(env));
    env.journal = js;
    env.logon_session = "s1";
    rc = run(&c, NULL, "snapshot", "--bogus", NULL);
    ok(rc == 2 && strstr(strbuf_str(&c.err), "--bogus"), "unknown option: %d %s\n", rc, strbuf_str(&c.err));
    rc = run(&c, NULL, "snapshot", "--out", NULL);
    ok(rc == 2 && strstr(strbuf_str(&c.err), "needs a file name"), "--out without a value: %d %s\n", rc,
       strbuf_str(&c.err));
    rc = run(&c, NULL, "snapshot", "--scenario", "no-such.scenario", NULL);
    ok(rc == 1 && strstr(strbuf_str(&c.err), "no-such.scenario"), "missing file: %d %s\n", rc,
       strbuf_str(&c.err));
    rc = run(&c, NULL, "snapshot", NULL);
    ok(rc == 1 && strstr(strbuf_str(&c.err), "live mode is not available"), "no live mode here: %d %s\n", rc,
       strbuf_str(&c.err));
    rc = run(&c, &env, "connect", "\\\\fs9\\data", "--temporary=0", NULL);
    ok(rc == 2 && strstr(strbuf_str(&c.err), "minutes"), "--temporary=0: %d %s\n", rc, strbuf_str(&c.err));
    rc = run(&c, &env, "connect", "\\\\fs9\\data", "--temporary=abc", NULL);
    ok(rc == 2, "--temporary=abc: %d %s\n", rc, strbuf_str(&c.err));
    rc = run(&c, &env, "connect", "\\\\fs9\\data", "--temporary", "--scenario", serverfault, NULL);
    ok(rc == 2 && strstr(strbuf_str(&c.err), "--scenario"), "--temporary with --scenario: %d %s\n", rc,
       strbuf_str(&c.err));
    rc = run(&c, NULL, "cleanup", NULL);
    ok(rc == 1 && strstr(strbuf_str(&c.err), "not available"), "cleanup without a journal: %d %s\n", rc,
       strbuf_str(&c.err));
    rc = run(&c, &env, "cleanup", "--forever", NULL);
    ok(rc == 2, "cleanup --forever: %d\n", rc);
    {
        char *argv[] = {(char *)"connectas", (char *)"connect", (char *)"\\\\fs9\\d", NULL};
        char *argv2[] = {(char *)"connectas", (char *)"--user", (char *)"snapshot", (char *)"check", NULL};
        ok(!cli_support_handles(3, argv), "a plain connect is cli.c's\n");
        ok(!cli_support_handles(4, argv2), "an option's value is not the command\n");
    }
    journal_store_free(js);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

/* The support report tells how to hand the state over as a file. */
static void test_report_names_snapshot(void)
{
    capture c;
    cli_platform plat;
    char *argv[] = {(char *)"connectas", (char *)"report", (char *)"--scenario", (char *)serverfault, NULL};
    int rc;
    memset(&c, 0, sizeof(c));
    memset(&plat, 0, sizeof(plat));
    plat.ctx = &c;
    plat.write_out = cap_out;
    plat.write_err = cap_err;
    strbuf_init(&c.out);
    strbuf_init(&c.err);
    ok(!cli_support_handles(4, argv), "report is cli.c's\n");
    rc = cli_main(4, argv, &plat);
    ok(rc == 0 && strstr(strbuf_str(&c.out), "connectas snapshot --redact --out FILE"),
       "the report names the snapshot command: %d\n%s", rc, strbuf_str(&c.out));
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 3) {
        ok(0, "usage: cli_support SERVERFAULT.scenario TECHNICIAN.scenario\n");
        return th_finish();
    }
    serverfault = argv[1];
    technician = argv[2];
    test_snapshot_of_scenario();
    test_snapshot_out_file();
    test_usage();
    test_report_names_snapshot();
    return th_finish();
}
