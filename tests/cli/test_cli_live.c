/* Live-mode tests of connectas.exe: real NetUseEnum/WNet/Cred calls against the fake SMB client. */
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "proc.h"
#include "tjson.h"

static WCHAR exe[MAX_PATH];
static const char *serverfault, *technician;
static int expect_wnet; /* 1 when this run is the WNet-fallback variant (no netapi32 stand-in) */

static const char secret[] = "Zebra-Tulip-7731";

static DWORD run(const char *args, const char *input, th_proc_result *r)
{
    WCHAR cmd[4096], wargs[3500];
    MultiByteToWideChar(CP_UTF8, 0, args, -1, wargs, ARRAYSIZE(wargs));
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, wargs);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, input, 60000, r), "connectas.exe did not run or did not end: %s\n", args);
    ok(!strstr(r->out, secret) && !strstr(r->err, secret), "the secret appeared in the output of [%s]\n",
       args);
    return r->exit_code;
}

static void load(const char *scenario)
{
    char err[300] = "";
    int rc;
    fakesmb_reset();
    fakesmb_clear_failures();
    rc = fakesmb_load_scenario(scenario, err, sizeof(err));
    ok(rc == 0, "loading %s into the fake: %d %s\n", scenario, rc, err);
}

static int has_use(const char *name)
{
    return fakesmb_find_use(name, NULL) == 1;
}

static void test_source(void)
{
    th_proc_result r;
    tjson *j;
    char err[128];
    DWORD rc;
    load(serverfault);
    rc = run("report --json", NULL, &r);
    ok(rc == 0, "report: exit %lu %s\n", rc, r.err);
    j = tjson_parse(r.out, err, sizeof(err));
    ok(j != NULL, "report JSON (%s): %s\n", err, r.out);
    if (j) {
        const char *src = tjson_str(j, "source");
        ok(src && !strcmp(src, expect_wnet ? "WNet" : "NetUseEnum"), "source %s\n", src);
        ok(tjson_get(j, "elevated") != NULL, "elevation reported\n");
        tjson_free(j);
    }
    ok(strstr(r.out, "hka-fs01.iai.nl") != NULL, "the report lists the FQDN slot\n");
    th_proc_result_free(&r);
}

static void test_serverfault_connect(void)
{
    th_proc_result r;
    char input[64];
    DWORD rc;
    fakesmb_use u;

    load(serverfault);
    snprintf(input, sizeof(input), "%s\n", secret);
    rc = run("connect \\\\hka-fs01\\data --user IAI\\svc --password-stdin --json", input, &r);
    ok(rc == 3, "predicted conflict: exit %lu (%s%s)\n", rc, r.out, r.err);
    {
        char err[128];
        tjson *j = tjson_parse(r.out, err, sizeof(err));
        char locals[128];
        tjson_join(j, "conflicts", "local", locals, sizeof(locals));
        ok(!strcmp(locals, "O: W: Y:"), "conflicting drives [%s], want O:, W:, Y: and not Z: (%s)\n", locals,
           r.out);
        tjson_free(j);
    }
    ok(has_use("O:") && has_use("W:") && has_use("Y:") && has_use("Z:"), "nothing changed\n");
    th_proc_result_free(&r);

    fakesmb_reset_counters();
    rc = run("connect \\\\hka-fs01\\data --user IAI\\svc --password-stdin --fix disconnect", input, &r);
    ok(rc == 0, "--fix disconnect: exit %lu (%s%s)\n", rc, r.out, r.err);
    ok(!has_use("O:") && !has_use("W:") && !has_use("Y:"), "O:, W:, Y: are gone\n");
    ok(has_use("Z:"), "Z: (the FQDN slot) is untouched\n");
    ok(fakesmb_find_use("\\\\hka-fs01\\data", &u) == 1 && !strcmp(u.user, "IAI\\svc"),
       "\\\\hka-fs01\\data is connected as IAI\\svc (user '%s')\n", u.user);
    ok(fakesmb_counter("NPAddConnection3") + fakesmb_counter("NPAddConnection") >= 1, "went through WNet\n");
    th_proc_result_free(&r);

    rc = run("connect \\\\hka-fs01.iai.nl\\data --user IAI\\other --password-stdin", input, &r);
    ok(rc == 3 && strstr(r.out, "Z:"), "FQDN as another user names Z:: exit %lu %s\n", rc, r.out);
    th_proc_result_free(&r);

    /* The state in the fake holds no secret either. */
    {
        char *state = fakesmb_state_text();
        ok(state && !strstr(state, secret), "the fake's state holds no secret\n");
        free(state);
    }
}

static void test_open_files(void)
{
    th_proc_result r;
    DWORD rc;
    load(technician);
    ok(fakesmb_set_use("M:", 2, NULL) == 0, "set open files\n");
    rc = run("disconnect host01", NULL, &r);
    ok(rc == 4, "open files: exit %lu (%s%s)\n", rc, r.out, r.err);
    ok(strstr(r.out, "M:") != NULL, "names M:: %s\n", r.out);
    ok(has_use("M:"), "M: stays connected without --force\n");
    th_proc_result_free(&r);
    rc = run("disconnect host01 --force", NULL, &r);
    ok(rc == 0, "--force: exit %lu (%s%s)\n", rc, r.out, r.err);
    ok(!has_use("M:"), "M: is gone\n");
    todo_if(expect_wnet)
    {
        /* Drive-less uses are visible only through NetUseEnum (the WNet fallback lists drives). */
        ok(!has_use("\\\\host01\\IPC$") && !has_use("\\\\host01\\public"),
           "IPC$ and the drive-less use are gone\n");
    }
    th_proc_result_free(&r);
}

static void write_cred(const WCHAR *target, const WCHAR *user, DWORD type)
{
    CREDENTIALW c;
    WCHAR pw[] = L"not-a-real-secret";
    memset(&c, 0, sizeof(c));
    c.Type = type;
    c.TargetName = (WCHAR *)target;
    c.UserName = (WCHAR *)user;
    c.CredentialBlob = (BYTE *)pw;
    c.CredentialBlobSize = sizeof(pw) - sizeof(WCHAR);
    c.Persist = CRED_PERSIST_LOCAL_MACHINE;
    ok(CredWriteW(&c, 0), "CredWrite %ls: %lu\n", target, GetLastError());
}

static int cred_exists(const WCHAR *target, DWORD type)
{
    CREDENTIALW *c = NULL;
    if (CredReadW(target, type, 0, &c)) {
        CredFree(c);
        return 1;
    }
    return 0;
}

static void test_credentials(void)
{
    th_proc_result r;
    DWORD rc;
    load(technician);
    write_cred(L"host01", L"CUSTOMER\\operator", CRED_TYPE_DOMAIN_PASSWORD);
    write_cred(L"*.customer.local", L"CUSTOMER\\wide", CRED_TYPE_DOMAIN_PASSWORD);
    write_cred(L"other-server", L"x", CRED_TYPE_DOMAIN_PASSWORD);

    rc = run("report", NULL, &r);
    ok(rc == 0 && strstr(r.out, "host01") && strstr(r.out, "*.customer.local"), "report lists targets: %s\n",
       r.out);
    ok(!strstr(r.out, "not-a-real-secret"), "no credential secret in the report\n");
    th_proc_result_free(&r);

    rc = run("forget host01 --dry-run", NULL, &r);
    ok(rc == 0 && cred_exists(L"host01", CRED_TYPE_DOMAIN_PASSWORD), "--dry-run deletes nothing: %lu\n", rc);
    th_proc_result_free(&r);

    rc = run("forget host01 --json", NULL, &r);
    ok(rc == 0, "forget: exit %lu (%s%s)\n", rc, r.out, r.err);
    ok(!cred_exists(L"host01", CRED_TYPE_DOMAIN_PASSWORD), "host01 credential deleted\n");
    ok(cred_exists(L"*.customer.local", CRED_TYPE_DOMAIN_PASSWORD), "wildcard left alone\n");
    ok(cred_exists(L"other-server", CRED_TYPE_DOMAIN_PASSWORD), "other server's credential left alone\n");
    th_proc_result_free(&r);
    CredDeleteW(L"*.customer.local", CRED_TYPE_DOMAIN_PASSWORD, 0);
    CredDeleteW(L"other-server", CRED_TYPE_DOMAIN_PASSWORD, 0);
}

static void test_bad_input_changes_nothing(void)
{
    static const char *const cases[] = {
        "connect \\\\\\hka-fs01\\data --user IAI\\svc --password-stdin --fix disconnect",
        "connect \\\\hka-fs01\\data --user \"IAI\\a\\b\" --password-stdin --fix disconnect",
        "connect \\\\hka-fs01\\data --fix everything",
        "disconnect \\\\hka-fs01\\da|ta",
        "connect \\\\hka-fs01\\data --password Zebra-Tulip-7731",
    };
    size_t i;
    char *before, *after;
    load(serverfault);
    before = fakesmb_state_text();
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        th_proc_result r;
        DWORD rc = run(cases[i], "x\n", &r);
        ok(rc == 2, "[%s]: exit %lu, want 2 (%s)\n", cases[i], rc, r.err);
        th_proc_result_free(&r);
    }
    after = fakesmb_state_text();
    ok(before && after && !strcmp(before, after), "bad input changed the state\n");
    free(before);
    free(after);
}

static void test_scenario_mode_touches_nothing(void)
{
    th_proc_result r;
    char args[1024];
    load(serverfault);
    fakesmb_reset_counters();
    snprintf(args, sizeof(args), "check --scenario \"%s\" --user IAI\\svc \\\\hka-fs01\\data", serverfault);
    run(args, NULL, &r);
    ok(r.exit_code == 3, "scenario check: %lu\n", r.exit_code);
    ok(fakesmb_call_count() == 0, "the sandbox made %ld calls to the fake\n", fakesmb_call_count());
    th_proc_result_free(&r);
}

static void load_text(const char *text)
{
    char err[300] = "";
    int rc;
    fakesmb_reset();
    fakesmb_clear_failures();
    rc = fakesmb_load_text("inline", text, err, sizeof(err));
    ok(rc == 0, "loading inline scenario: %d %s\n", rc, err);
}

/* R5 through the product's NetDfsGetClientInfo lookup (GetProcAddress; only the stand-in exports it). */
static void test_dfs(void)
{
    th_proc_result r;
    char err[128];
    tjson *j;
    DWORD rc;
    load_text("logon IAI\\bp\nuse P: \\\\iai.nl\\dfs\\projects\n"
              "dfs \\\\iai.nl\\dfs\\projects \\\\hka-fs02\\projects\\2024\n");
    rc = run("check --json --user IAI\\svc \\\\hka-fs02\\projects", NULL, &r);
    j = tjson_parse(r.out, err, sizeof(err));
    if (expect_wnet) {
        /* Wine's builtin netapi32 has no NetDfsGetClientInfo: the DFS relation cannot be known. */
        ok(rc == 0, "without DFS data the link target's server looks free: exit %lu (%s)\n", rc, r.out);
    } else {
        ok(rc == 3, "DFS link target as another user: exit %lu (%s%s)\n", rc, r.out, r.err);
        ok(j && tjson_str(j, "conflicts[0].local") && !strcmp(tjson_str(j, "conflicts[0].local"), "P:") &&
               tjson_get(j, "conflicts[0].via_dfs") && tjson_get(j, "conflicts[0].via_dfs")->boolean,
           "P: conflicts through DFS: %s\n", r.out);
    }
    tjson_free(j);
    th_proc_result_free(&r);
}

/* Names of one machine come from name resolution (never from the hosts file we would have to edit). */
static void test_same_machine(void)
{
    th_proc_result r;
    DWORD rc;
    load_text("logon IAI\\bp\nuse L: \\\\localhost\\share\n");
    rc = run("list", NULL, &r);
    ok(rc == 0, "list: exit %lu (%s)\n", rc, r.err);
    ok(strstr(r.out, "localhost = 127.0.0.1") != NULL || broken(strstr(r.out, "localhost") != NULL),
       "localhost and 127.0.0.1 shown as one machine: %s\n", r.out);
    th_proc_result_free(&r);
    rc = run("check --json --user IAI\\svc \\\\localhost\\share", NULL, &r);
    ok(rc == 3 && strstr(r.out, "\\\\\\\\127.0.0.1\\\\share") != NULL,
       "the address is offered as the way round: %s\n", r.out);
    th_proc_result_free(&r);
}

static void test_sign_in_failures(void)
{
    th_proc_result r;
    DWORD rc;
    load_text("logon IAI\\bp\n");
    ok(fakesmb_set_password("IAI\\svc", secret) == 0, "set expected password\n");
    rc = run("connect \\\\fs9\\data --user IAI\\svc --password-stdin", "wrong-one\n", &r);
    ok(rc == 5, "wrong password: exit %lu (%s)\n", rc, r.err);
    ok(strstr(r.err, "Wrong user name or password") && strstr(r.err, "86"), "sentence and code: %s\n", r.err);
    ok(!has_use("\\\\fs9\\data"), "not connected\n");
    th_proc_result_free(&r);

    {
        DWORD drives = GetLogicalDrives();
        char want[3] = "", args[200], err[128];
        int letter;
        tjson *j;
        for (letter = 'Z'; letter >= 'D' && !want[0]; letter--)
            if (!(drives & (1u << (letter - 'A')))) {
                want[0] = (char)letter;
                want[1] = ':';
            }
        rc = run("connect \\\\fs9\\data --user IAI\\svc --password-stdin --drive auto --json", secret, &r);
        ok(rc == 0, "right password (no newline at the end of stdin): exit %lu (%s)\n", rc, r.err);
        j = tjson_parse(r.out, err, sizeof(err));
        ok(j && tjson_str(j, "local") && !strcmp(tjson_str(j, "local"), want),
           "auto picks the highest free letter %s like net use *: %s\n", want, r.out);
        ok(has_use(want), "%s connected\n", want);
        tjson_free(j);
        th_proc_result_free(&r);

        snprintf(args, sizeof(args), "connect \\\\fs9\\other --drive %s", want);
        rc = run(args, NULL, &r);
        ok(rc != 0 && strstr(r.err, "85"), "letter in use: exit %lu (%s)\n", rc, r.err);
        th_proc_result_free(&r);
    }

    /* Windows says 1219 although nothing predicted it: the state is read again and explained. */
    fakesmb_inject_failure(1219, "path", "\\\\fs9\\odd");
    rc = run("connect \\\\fs9\\odd", NULL, &r);
    ok(rc == 3 && strstr(r.err, "although no conflict was predicted"), "unpredicted 1219: exit %lu (%s)\n",
       rc, r.err);
    th_proc_result_free(&r);

    fakesmb_inject_failure(67, "path", "\\\\fs9\\missing");
    rc = run("connect \\\\fs9\\missing", NULL, &r);
    ok(rc == 6 && strstr(r.err, "67"), "share does not exist: exit %lu (%s)\n", rc, r.err);
    th_proc_result_free(&r);
    fakesmb_clear_failures();
    fakesmb_set_password("IAI\\svc", NULL);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 3) {
        ok(0, "usage: cli_live SERVERFAULT.scenario TECHNICIAN.scenario [wnet]\n");
        return th_finish();
    }
    serverfault = argv[1];
    technician = argv[2];
    expect_wnet = argc > 3 && !strcmp(argv[3], "wnet");
    th_exe_dir(exe, MAX_PATH);
    wcscat(exe, L"\\connectas.exe");
    if (!fakesmb_installed()) {
        skip("the fake SMB client is not installed here (a real Windows machine?): live tests need it\n");
        return th_finish();
    }
    test_source();
    test_serverfault_connect();
    test_open_files();
    test_credentials();
    test_bad_input_changes_nothing();
    test_scenario_mode_touches_nothing();
    test_dfs();
    test_same_machine();
    test_sign_in_failures();
    return th_finish();
}
