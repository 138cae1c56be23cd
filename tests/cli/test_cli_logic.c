/* Tests of the CLI logic (cli.c) on scenario files: exit codes, JSON contract, text, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "harness.h"
#include "tjson.h"

static const char *serverfault, *technician;

typedef struct capture {
    strbuf out, err;
    const char *secret; /* what read_secret answers; NULL: no secret available */
    int secret_reads;
} capture;

static void cap_out(void *ctx, const char *text)
{
    strbuf_add(&((capture *)ctx)->out, text);
}

static void cap_err(void *ctx, const char *text)
{
    strbuf_add(&((capture *)ctx)->err, text);
}

static int cap_secret(void *ctx, const char *prompt, int from_stdin, char *buf, size_t size)
{
    capture *c = ctx;
    (void)prompt;
    (void)from_stdin;
    c->secret_reads++;
    if (!c->secret)
        return -1;
    snprintf(buf, size, "%s", c->secret);
    return 0;
}

/* Runs "connectas ARGS…" (NULL-terminated) and returns the exit code. */
static int run(capture *c, ...)
{
    char *argv[32];
    int argc = 0, rc;
    va_list ap;
    cli_platform plat;
    memset(&plat, 0, sizeof(plat));
    plat.ctx = c;
    plat.write_out = cap_out;
    plat.write_err = cap_err;
    plat.read_secret = cap_secret;
    plat.version = "9.8.7";
    strbuf_cleanup(&c->out);
    strbuf_cleanup(&c->err);
    strbuf_init(&c->out);
    strbuf_init(&c->err);
    argv[argc++] = (char *)"connectas";
    va_start(ap, c);
    for (;;) {
        char *a = va_arg(ap, char *);
        if (!a || argc == 31)
            break;
        argv[argc++] = a;
    }
    va_end(ap);
    argv[argc] = NULL;
    rc = cli_main(argc, argv, &plat);
    return rc;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_check_serverfault(void)
{
    capture c = {0};
    tjson *j;
    char err[128];
    char locals[128];
    int rc;

    rc = run(&c, "check", "--scenario", serverfault, "--json", "--user", "IAI\\svc", "\\\\hka-fs01\\data",
             NULL);
    ok(rc == CLI_EXIT_CONFLICT, "check as another user: exit %d, want 3; stderr %s\n", rc,
       strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "JSON does not parse (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        ok(tjson_str(j, "verdict") && !strcmp(tjson_str(j, "verdict"), "conflict"), "verdict\n");
        ok(tjson_str(j, "server") && !strcmp(tjson_str(j, "server"), "hka-fs01"), "server %s\n",
           tjson_str(j, "server"));
        ok(tjson_str(j, "requested_user") && !strcmp(tjson_str(j, "requested_user"), "IAI\\svc"),
           "requested_user\n");
        ok(tjson_str(j, "certainty") != NULL, "certainty present\n");
        tjson_join(j, "conflicts", "local", locals, sizeof(locals));
        ok(!strcmp(locals, "O: W: Y:"), "conflicting drives [%s], want O:, W:, Y: and not Z:\n", locals);
        ok(tjson_str(j, "conflicts[0].remote") &&
               !strncmp(tjson_str(j, "conflicts[0].remote"), "\\\\hka-fs01\\", 11),
           "remote spelled as UNC\n");
        ok(tjson_len(j, "fixes") >= 1, "fixes offered\n");
        ok(tjson_str(j, "fixes[0].kind") != NULL, "fix has a kind\n");
        tjson_free(j);
    }

    rc = run(&c, "check", "--scenario", serverfault, "\\\\hka-fs01\\data\\machine", NULL);
    ok(rc == CLI_EXIT_OK, "default credentials ride on the default slot: exit %d\n", rc);

    rc = run(&c, "check", "--scenario", serverfault, "--json", "--user", "IAI\\svc",
             "\\\\hka-fs01.iai.nl\\data", NULL);
    ok(rc == CLI_EXIT_CONFLICT, "FQDN slot as another user: exit %d\n", rc);
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j && tjson_len(j, "conflicts") == 1 && tjson_str(j, "conflicts[0].local") &&
           !strcmp(tjson_str(j, "conflicts[0].local"), "Z:"),
       "the FQDN slot is held by Z: alone: %s\n", strbuf_str(&c.out));
    tjson_free(j);
    rc = run(&c, "check", "--scenario", serverfault, "--user", "IAI\\svc", "\\\\hka-fs01.iai.nl\\data", NULL);
    ok(rc == CLI_EXIT_CONFLICT && strstr(strbuf_str(&c.out), "Z:") != NULL, "text names Z:: %s\n",
       strbuf_str(&c.out));

    rc = run(&c, "check", "--scenario", serverfault, "--user", "IAI\\svc", "\\\\hka-fs01\\data", NULL);
    ok(rc == CLI_EXIT_CONFLICT, "text mode exit %d\n", rc);
    ok(strstr(strbuf_str(&c.out), "O:") && strstr(strbuf_str(&c.out), "W:") &&
           strstr(strbuf_str(&c.out), "Y:"),
       "text names O:, W:, Y:: %s\n", strbuf_str(&c.out));

    rc = run(&c, "check", "--scenario", serverfault, "--user", "IAI\\svc", "Y:\\sub", "--json", NULL);
    ok(rc == CLI_EXIT_CONFLICT, "a drive path resolves through Y:: exit %d (%s)\n", rc, strbuf_str(&c.err));

    rc = run(&c, "check", "--scenario", serverfault, "--user", "IAI\\svc", "\\\\192.0.2.40\\data", NULL);
    ok(rc == CLI_EXIT_OK, "the address is its own slot (R2): exit %d\n", rc);

    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

static void test_list(void)
{
    capture c = {0};
    tjson *j;
    char err[128];
    int rc = run(&c, "list", "--scenario", serverfault, "--json", NULL);
    ok(rc == CLI_EXIT_OK, "list exit %d: %s\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "list JSON does not parse (%s): %s\n", err, strbuf_str(&c.out));
    tjson_free(j);
    rc = run(&c, "list", "--scenario", serverfault, NULL);
    ok(rc == CLI_EXIT_OK, "list text exit %d\n", rc);
    ok(strstr(strbuf_str(&c.out), "hka-fs01.iai.nl") && strstr(strbuf_str(&c.out), "O:"), "list text: %s\n",
       strbuf_str(&c.out));
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

static void test_bad_input(void)
{
    static const char *const bad_paths[] = {"",           "\\\\",        "\\\\\\server",
                                            "C:relative", "fs01\\share", "\\\\srv\\a|b"};
    capture c = {0};
    size_t i;
    int rc;
    FILE *f;

    for (i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++) {
        rc = run(&c, "check", "--scenario", serverfault, bad_paths[i], NULL);
        ok(rc == CLI_EXIT_USAGE, "path [%s]: exit %d, want 2\n", bad_paths[i], rc);
        ok(count_lines(strbuf_str(&c.err)) == 1, "path [%s]: one line on stderr, got [%s]\n", bad_paths[i],
           strbuf_str(&c.err));
        ok(strbuf_str(&c.out)[0] == 0, "nothing on stdout for bad input\n");
    }
    rc = run(&c, "check", "--scenario", serverfault, "Q:\\x", NULL);
    ok(rc == CLI_EXIT_USAGE, "unknown drive letter: exit %d\n", rc);
    rc = run(&c, "check", "--scenario", serverfault, "--bogus", "\\\\a\\b", NULL);
    ok(rc == CLI_EXIT_USAGE && count_lines(strbuf_str(&c.err)) == 1, "unknown option: exit %d [%s]\n", rc,
       strbuf_str(&c.err));
    rc = run(&c, "frobnicate", NULL);
    ok(rc == CLI_EXIT_USAGE, "unknown command: exit %d\n", rc);
    rc = run(&c, "check", "--scenario", serverfault, NULL);
    ok(rc == CLI_EXIT_USAGE, "missing path: exit %d\n", rc);
    rc = run(&c, "check", "--scenario", "does-not-exist.scenario", "\\\\a\\b", NULL);
    ok(rc == CLI_EXIT_FAILURE, "missing scenario file: exit %d (an I/O failure, not bad input)\n", rc);
    ok(strstr(strbuf_str(&c.err), "does-not-exist.scenario") != NULL, "message names the file: %s\n",
       strbuf_str(&c.err));

    f = fopen("cli-malformed.scenario", "wb");
    ok(f != NULL, "cannot write a temporary scenario\n");
    if (f) {
        fputs("logon IAI\\bp\nuse O: \\\\srv\\share status=broken\n", f);
        fclose(f);
        rc = run(&c, "check", "--scenario", "cli-malformed.scenario", "\\\\srv\\share", NULL);
        ok(rc == CLI_EXIT_USAGE, "malformed scenario: exit %d\n", rc);
        ok(strstr(strbuf_str(&c.err), "cli-malformed.scenario:2") != NULL, "message names file:line: %s\n",
           strbuf_str(&c.err));
        remove("cli-malformed.scenario");
    }
    rc = run(&c, "check", "--scenario", serverfault, "--user", "a\\b\\c", "\\\\srv\\share", NULL);
    ok(rc == CLI_EXIT_USAGE, "malformed user: exit %d [%s]\n", rc, strbuf_str(&c.err));

    /* Passwords are never accepted as arguments, in any spelling. */
    rc = run(&c, "connect", "--scenario", serverfault, "--password", "hunter2", "\\\\srv\\share", NULL);
    ok(rc == CLI_EXIT_USAGE, "--password refused: exit %d\n", rc);
    ok(strstr(strbuf_str(&c.err), "hunter2") == NULL, "the refused secret is not echoed\n");
    rc = run(&c, "connect", "--scenario", serverfault, "--password=hunter2", "\\\\srv\\share", NULL);
    ok(rc == CLI_EXIT_USAGE && !strstr(strbuf_str(&c.err), "hunter2"), "--password= refused: exit %d\n", rc);
    rc = run(&c, "connect", "--scenario", serverfault, "/p:hunter2", "\\\\srv\\share", NULL);
    ok(rc == CLI_EXIT_USAGE && !strstr(strbuf_str(&c.err), "hunter2"), "/p: refused: exit %d\n", rc);
    rc = run(&c, "list", "--scenario", serverfault, "--user", "x", NULL);
    ok(rc == CLI_EXIT_USAGE, "option that does not apply: exit %d\n", rc);
    rc = run(&c, "connect", "--scenario", serverfault, "--drive", "OO", "\\\\srv\\share", NULL);
    ok(rc == CLI_EXIT_USAGE, "bad drive: exit %d\n", rc);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

static void test_connect_sandbox(void)
{
    capture c = {0};
    tjson *j;
    char err[128];
    int rc;

    c.secret = "s3cret-Pa55";
    rc = run(&c, "connect", "--scenario", serverfault, "--user", "IAI\\svc", "\\\\hka-fs01\\data", NULL);
    ok(rc == CLI_EXIT_CONFLICT, "connect without --fix stops at the conflict: exit %d\n", rc);
    ok(c.secret_reads == 0, "no password asked when nothing will be done\n");
    ok(strstr(strbuf_str(&c.out), "O:") != NULL, "names O:: %s\n", strbuf_str(&c.out));

    rc = run(&c, "connect", "--scenario", serverfault, "--user", "IAI\\svc", "--fix", "disconnect", "--json",
             "\\\\hka-fs01\\data", NULL);
    ok(rc == CLI_EXIT_OK, "connect --fix disconnect: exit %d: %s\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "connect JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        ok(tjson_len(j, "disconnected") == 3, "three uses disconnected: %ld\n", tjson_len(j, "disconnected"));
        ok(tjson_str(j, "result") && !strcmp(tjson_str(j, "result"), "connected"), "connected\n");
        tjson_free(j);
    }
    ok(!strstr(strbuf_str(&c.out), c.secret) && !strstr(strbuf_str(&c.err), c.secret),
       "the secret never appears in output\n");

    c.secret = NULL;
    rc = run(&c, "connect", "--scenario", serverfault, "--user", "IAI\\svc", "--fix", "disconnect",
             "\\\\hka-fs01\\data", NULL);
    ok(rc == CLI_EXIT_CANCELLED, "no password given: exit %d\n", rc);

    rc = run(&c, "disconnect", "--scenario", technician, "host01", NULL);
    ok(rc == CLI_EXIT_BUSY, "open files keep M: without --force: exit %d (%s)\n", rc, strbuf_str(&c.out));
    ok(strstr(strbuf_str(&c.out), "M:") != NULL, "names the busy drive: %s\n", strbuf_str(&c.out));
    rc = run(&c, "disconnect", "--scenario", technician, "--force", "host01", NULL);
    ok(rc == CLI_EXIT_OK, "--force clears the slot: exit %d (%s%s)\n", rc, strbuf_str(&c.out),
       strbuf_str(&c.err));
    rc = run(&c, "disconnect", "--scenario", technician, "nothere", NULL);
    ok(rc == CLI_EXIT_NOTFOUND, "nothing to disconnect: exit %d\n", rc);

    rc = run(&c, "forget", "--scenario", technician, "--dry-run", "--json", "host01", NULL);
    ok(rc == CLI_EXIT_OK, "forget --dry-run: exit %d: %s\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j && tjson_len(j, "credentials") == 1, "one credential would be deleted: %s\n", strbuf_str(&c.out));
    tjson_free(j);
    rc = run(&c, "forget", "--scenario", technician, "other", NULL);
    ok(rc == CLI_EXIT_NOTFOUND, "no credential: exit %d\n", rc);

    rc = run(&c, "report", "--scenario", technician, "--json", NULL);
    ok(rc == CLI_EXIT_OK, "report: exit %d\n", rc);
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "report JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        ok(tjson_str(j, "logon_user") && !strcmp(tjson_str(j, "logon_user"), "CUSTOMER\\operator"),
           "logon user\n");
        ok(tjson_len(j, "credential_targets") == 1, "credential targets listed\n");
        tjson_free(j);
    }
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

/* Writes a temporary scenario file; returns its name or NULL. */
static const char *write_scenario(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    ok(f != NULL, "cannot write %s\n", name);
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return name;
}

/* Issue 11 finding 1: --fix disconnect follows the plan's uses, including a
 * drive that holds the session through a DFS namespace. */
static void test_fix_dfs(void)
{
    capture c = {0};
    tjson *j;
    char err[128], locals[64];
    const char *f = write_scenario("cli-dfs.scenario", "logon IAI\\bp\n"
                                                       "use P: \\\\iai.nl\\dfs\\proj\n"
                                                       "dfs \\\\iai.nl\\dfs\\proj \\\\hka-fs02\\proj\n");
    int rc;
    if (!f)
        return;
    c.secret = "pw";
    rc = run(&c, "connect", "\\\\hka-fs02\\proj", "--user", "IAI\\svc", "--fix", "disconnect",
             "--password-stdin", "--scenario", f, "--json", NULL);
    ok(rc == CLI_EXIT_OK, "DFS target server: --fix disconnect connects: exit %d [%s]\n", rc,
       strbuf_str(&c.err));
    ok(!strstr(strbuf_str(&c.err), "although no conflict"), "no 'although no conflict' claim: %s\n",
       strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "connect JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        tjson_join(j, "disconnected", "local", locals, sizeof(locals));
        ok(!strcmp(locals, "P:"), "P: disconnected, got [%s]\n", locals);
        tjson_free(j);
    }
    /* The namespace server side: P: holds iai.nl by name. */
    rc = run(&c, "connect", "\\\\iai.nl\\dfs\\proj", "--user", "IAI\\svc", "--fix", "disconnect",
             "--password-stdin", "--scenario", f, NULL);
    ok(rc == CLI_EXIT_OK, "DFS namespace: --fix disconnect connects: exit %d [%s]\n", rc, strbuf_str(&c.err));
    ok(strstr(strbuf_str(&c.out), "P:") != NULL, "names P:: %s\n", strbuf_str(&c.out));
    remove(f);

    /* Busy: nothing forced without --force, and the JSON says what stayed. */
    rc = run(&c, "connect", "\\\\host01\\machines", "--user", "CUSTOMER\\svc", "--fix", "disconnect",
             "--password-stdin", "--scenario", technician, "--json", NULL);
    ok(rc == CLI_EXIT_BUSY, "open files on M:: exit %d [%s]\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "JSON when not connected (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        ok(tjson_str(j, "result") && !strcmp(tjson_str(j, "result"), "not_connected"), "not connected\n");
        tjson_join(j, "busy", "local", locals, sizeof(locals));
        ok(!strcmp(locals, "M:"), "M: busy: [%s]\n", locals);
        tjson_join(j, "steps", "outcome", locals, sizeof(locals));
        ok(!strcmp(locals, "busy done done"), "steps: [%s]\n", locals);
        tjson_free(j);
    }
    rc = run(&c, "connect", "\\\\host01\\machines", "--user", "CUSTOMER\\svc", "--fix", "disconnect",
             "--password-stdin", "--force", "--scenario", technician, "--json", NULL);
    ok(rc == CLI_EXIT_OK, "with --force: exit %d [%s]\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j && tjson_get(j, "steps[0].forced") && tjson_get(j, "steps[0].forced")->boolean, "M: forced: %s\n",
       strbuf_str(&c.out));
    tjson_free(j);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

/* Issue 12 findings 3 and 8: forget deletes exactly the server's domain
 * credential; generic ones and wide ones are reported, never deleted. */
static void test_forget_scope(void)
{
    capture c = {0};
    tjson *j;
    char err[128], buf[256];
    const char *f = write_scenario("cli-forget.scenario", "logon CORP\\bp\n"
                                                          "use O: \\\\fs01.corp.example\\data\n"
                                                          "use Q: \\\\fs02.corp.example\\data\n"
                                                          "cred fs01 CORP\\bp type=generic\n"
                                                          "cred *.corp.example CORP\\wide\n"
                                                          "cred fs03.corp.example CORP\\x\n");
    int rc;
    if (!f)
        return;
    rc = run(&c, "forget", "--scenario", f, "--json", "fs01", NULL);
    ok(rc == CLI_EXIT_NOTFOUND, "only a generic credential for fs01: nothing deleted, exit %d [%s]\n", rc,
       strbuf_str(&c.out));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "forget JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        ok(tjson_len(j, "credentials") == 0, "the generic credential is not deleted: %s\n",
           strbuf_str(&c.out));
        tjson_join(j, "warnings", "kind", buf, sizeof(buf));
        ok(strstr(buf, "generic_credential") != NULL, "generic credential reported as information: [%s]\n",
           buf);
        tjson_free(j);
    }
    rc = run(&c, "forget", "--scenario", f, "--json", "fs01.corp.example", NULL);
    ok(rc == CLI_EXIT_NOTFOUND, "only a wildcard applies to fs01.corp.example: exit %d\n", rc);
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "forget JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        ok(tjson_len(j, "credentials") == 0, "the wildcard is not deleted\n");
        ok(tjson_str(j, "warnings[0].kind") && !strcmp(tjson_str(j, "warnings[0].kind"), "wide_credential"),
           "wide_credential warning: %s\n", strbuf_str(&c.out));
        ok(tjson_str(j, "warnings[0].raw_target") &&
               !strcmp(tjson_str(j, "warnings[0].raw_target"), "*.corp.example"),
           "names the wildcard\n");
        snprintf(buf, sizeof(buf), "%s %s", tjson_str(j, "warnings[0].covers[0]"),
                 tjson_str(j, "warnings[0].covers[1]"));
        ok(!strcmp(buf, "fs01.corp.example fs02.corp.example"), "covers both servers: [%s]\n", buf);
        tjson_free(j);
    }
    rc = run(&c, "forget", "--scenario", f, "fs01.corp.example", NULL);
    ok(rc == CLI_EXIT_NOTFOUND && strstr(strbuf_str(&c.out), "*.corp.example"),
       "text names the wildcard and deletes nothing: %d %s\n", rc, strbuf_str(&c.out));
    remove(f);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

/* Every fix the predictor offers can be chosen by its JSON name, with the same plans as the tray
 * (fixrun_plan_choice): forget_credential disconnects, then forgets; use_spelling connects as the
 * existing connections write the account. */
static void test_fix_choices(void)
{
    capture c = {0};
    tjson *j;
    char err[128], buf[128];
    const char *f = write_scenario("cli-spelling.scenario", "logon CORP\\me\n"
                                                            "use X: \\\\fs01\\d user=CORP\\bob\n");
    int rc;
    if (!f)
        return;
    c.secret = "pw";
    rc = run(&c, "connect", "\\\\host01\\machines", "--user", "CUSTOMER\\svc", "--fix", "forget_credential",
             "--password-stdin", "--scenario", technician, "--json", NULL);
    ok(rc == CLI_EXIT_BUSY, "forget: open files on M: stop it first: exit %d [%s]\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        tjson_join(j, "steps", "kind", buf, sizeof(buf));
        ok(!strcmp(buf, "disconnect disconnect disconnect forget"), "step kinds: [%s]\n", buf);
        tjson_join(j, "steps", "outcome", buf, sizeof(buf));
        ok(!strcmp(buf, "busy done done pending"), "the credential is kept while M: stays: [%s]\n", buf);
        tjson_free(j);
    }
    rc = run(&c, "connect", "\\\\host01\\machines", "--user", "CUSTOMER\\svc", "--fix", "forget_credential",
             "--password-stdin", "--force", "--scenario", technician, "--json", NULL);
    ok(rc == CLI_EXIT_OK, "forget with --force: exit %d [%s]\n", rc, strbuf_str(&c.err));
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j != NULL, "JSON (%s): %s\n", err, strbuf_str(&c.out));
    if (j) {
        tjson_join(j, "steps", "outcome", buf, sizeof(buf));
        ok(!strcmp(buf, "done done done done"), "all done: [%s]\n", buf);
        ok(tjson_str(j, "steps[3].target") && !strcmp(tjson_str(j, "steps[3].target"), "host01"),
           "host01's credential deleted\n");
        ok(tjson_str(j, "result") && !strcmp(tjson_str(j, "result"), "connected"), "connected\n");
        tjson_free(j);
    }
    rc = run(&c, "connect", "\\\\host01\\machines", "--user", "CUSTOMER\\svc", "--fix", "forget_credential",
             "--password-stdin", "--force", "--scenario", technician, NULL);
    ok(rc == CLI_EXIT_OK &&
           strstr(strbuf_str(&c.out), "Deleted Windows credential host01 (user CUSTOMER\\operator)"),
       "text names the deleted credential: %d %s\n", rc, strbuf_str(&c.out));

    /* Not offered: nothing changes, the conflict is explained, exit 3. */
    rc = run(&c, "connect", "\\\\hka-fs01\\data", "--user", "IAI\\svc", "--fix", "forget_credential",
             "--password-stdin", "--scenario", serverfault, NULL);
    ok(rc == CLI_EXIT_CONFLICT && strstr(strbuf_str(&c.err), "nothing ConnectAs would forget"),
       "no credential to forget: %d %s\n", rc, strbuf_str(&c.err));
    rc = run(&c, "connect", "\\\\host01\\machines", "--user", "CUSTOMER\\svc", "--fix", "use_spelling",
             "--password-stdin", "--scenario", technician, NULL);
    ok(rc == CLI_EXIT_CONFLICT && strstr(strbuf_str(&c.err), "written differently"),
       "spelling not offered: %d %s\n", rc, strbuf_str(&c.err));

    rc = run(&c, "connect", "\\\\fs01\\d", "--user", "bob", "--password-stdin", "--scenario", f, NULL);
    ok(rc == CLI_EXIT_CONFLICT && strstr(strbuf_str(&c.out), "use_spelling"),
       "bob vs CORP\\bob: the spelling fix is listed: %d %s\n", rc, strbuf_str(&c.out));
    c.secret_reads = 0;
    rc = run(&c, "connect", "\\\\fs01\\d", "--user", "bob", "--fix", "use_spelling", "--password-stdin",
             "--scenario", f, "--json", NULL);
    ok(rc == CLI_EXIT_OK, "use_spelling: exit %d [%s]\n", rc, strbuf_str(&c.err));
    ok(c.secret_reads == 1, "one password asked: %d\n", c.secret_reads);
    j = tjson_parse(strbuf_str(&c.out), err, sizeof(err));
    ok(j && tjson_str(j, "user") && !strcmp(tjson_str(j, "user"), "CORP\\bob") && tjson_len(j, "steps") == 0,
       "connected as CORP\\bob, nothing disconnected: %s\n", strbuf_str(&c.out));
    tjson_free(j);

    rc = run(&c, "connect", "\\\\fs01\\d", "--user", "bob", "--fix", "everything", "--scenario", f, NULL);
    ok(rc == CLI_EXIT_USAGE && strstr(strbuf_str(&c.err), "forget_credential or use_spelling"),
       "unknown fix names the four: %d %s\n", rc, strbuf_str(&c.err));
    remove(f);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

static void test_help_version(void)
{
    capture c = {0};
    int rc = run(&c, "--version", NULL);
    ok(rc == 0 && !strcmp(strbuf_str(&c.out), "connectas 9.8.7\n"), "--version: %d [%s]\n", rc,
       strbuf_str(&c.out));
    rc = run(&c, "--help", NULL);
    ok(rc == 0 && strstr(strbuf_str(&c.out), "Exit status"), "--help documents exit codes\n");
    rc = run(&c, NULL);
    ok(rc == CLI_EXIT_USAGE && strstr(strbuf_str(&c.err), "Usage"), "no command: usage on stderr, exit %d\n",
       rc);
    rc = run(&c, "check", "\\\\srv\\share", NULL);
    ok(rc == CLI_EXIT_FAILURE, "live mode without a platform backend: exit %d\n", rc);
    ok(strstr(strbuf_str(&c.err), "live mode") != NULL, "says live mode is unavailable: %s\n",
       strbuf_str(&c.err));
    rc = run(&c, "install", NULL);
    ok(rc == CLI_EXIT_FAILURE, "install without platform support: exit %d\n", rc);
    strbuf_cleanup(&c.out);
    strbuf_cleanup(&c.err);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 3) {
        ok(0, "usage: test_cli_logic SERVERFAULT.scenario TECHNICIAN.scenario\n");
        return th_finish();
    }
    serverfault = argv[1];
    technician = argv[2];
    test_check_serverfault();
    test_list();
    test_bad_input();
    test_connect_sandbox();
    test_fix_dfs();
    test_forget_scope();
    test_fix_choices();
    test_help_version();
    return th_finish();
}
