/* Tests of the scenario parser (common/core/scenario.c): the shared files, the syntax, every error. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "scenario.h"

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

static const char *str(const char *s)
{
    return s ? s : "(null)";
}

static model *parse(const char *text, ca_error *err)
{
    model *m = (model *)1;
    ca_status st = scenario_parse("scen.txt", text, strlen(text), &m, err);
    ok((st == CA_OK) == (m != NULL), "status %d agrees with the model %p\n", st, (void *)m);
    return m;
}

static int has_use(const model *m, size_t i, const char *local, const char *remote, const char *user,
                   model_use_status status, int open_files)
{
    const model_use *u;
    if (i >= m->use_count)
        return 0;
    u = &m->uses[i];
    return same(u->local, local) && same(u->remote, remote) && same(u->user, user) && u->status == status &&
           u->open_files == open_files;
}

static const char *base_name(const char *path)
{
    const char *p = path, *s;
    for (s = path; *s; s++)
        if (*s == '/' || *s == '\\')
            p = s + 1;
    return p;
}

/* The shared scenarios, passed on the command line. */
static void test_shared_files(int argc, char **argv)
{
    int i, seen = 0;
    for (i = 1; i < argc; i++) {
        model *m = NULL;
        ca_error err = {{0}, 0};
        const char *name = base_name(argv[i]);
        if (argv[i][0] == '-')
            continue;
        th_push_context("%s", name);
        ok(scenario_load_file(argv[i], &m, &err) == CA_OK && m, "loaded: %s\n", err.msg);
        if (m && !strcmp(name, "serverfault-773082.scenario")) {
            seen++;
            ok(same(m->logon_user, "IAI\\bp"), "logon %s\n", str(m->logon_user));
            ok(m->use_count == 4, "%zu uses\n", m->use_count);
            ok(has_use(m, 0, "O:", "\\\\hka-fs01\\data", NULL, USE_STATUS_OK, -1), "O:\n");
            ok(has_use(m, 1, "W:", "\\\\hka-fs01\\data\\machine", NULL, USE_STATUS_OK, -1), "W:\n");
            ok(has_use(m, 2, "Y:", "\\\\hka-fs01\\data\\machine\\300", NULL, USE_STATUS_OK, -1), "Y:\n");
            ok(has_use(m, 3, "Z:", "\\\\hka-fs01.iai.nl\\data", NULL, USE_STATUS_OK, -1), "Z:\n");
            ok(m->use_count == 4 && same(m->uses[3].server, "hka-fs01.iai.nl"), "R2: Z: keeps the FQDN\n");
            ok(m->host_count == 1 && m->hosts[0].count == 3 && model_host_of(m, "192.0.2.40") == &m->hosts[0],
               "one host group of three names\n");
            ok(!m->cred_count && !m->dfs_count, "no creds, no DFS\n");
            ok(!strcmp(m->source, "scenario"), "source %s\n", m->source);
        } else if (m && !strcmp(name, "technician-customer-site.scenario")) {
            seen++;
            ok(same(m->logon_user, "CUSTOMER\\operator"), "logon %s\n", str(m->logon_user));
            ok(m->use_count == 3, "%zu uses\n", m->use_count);
            ok(has_use(m, 0, NULL, "\\\\host01\\IPC$", NULL, USE_STATUS_OK, -1) &&
                   m->uses[0].kind == USE_KIND_IPC,
               "IPC$\n");
            ok(has_use(m, 1, NULL, "\\\\host01\\public", NULL, USE_STATUS_OK, -1) &&
                   m->uses[1].kind == USE_KIND_DRIVELESS,
               "drive-less\n");
            ok(has_use(m, 2, "M:", "\\\\host01\\machines", NULL, USE_STATUS_OK, 2), "M: with open=2\n");
            ok(m->cred_count == 1 && same(m->creds[0].target, "host01") &&
                   same(m->creds[0].user, "CUSTOMER\\operator") && m->creds[0].type == CRED_KIND_DOMAIN,
               "saved domain credential\n");
            ok(m->host_count == 1 && m->hosts[0].count == 3, "host group\n");
        }
        model_free(m);
        th_pop_context();
    }
    ok(seen == 2, "both shared scenarios were given and checked (%d)\n", seen);
}

static void test_syntax(void)
{
    ca_error err = {{0}, 0};
    model *m;

    m = parse("\xEF\xBB\xBFlogon bob\r\nuse O: \\\\srv\\s\r\n", &err);
    ok(m && same(m->logon_user, "bob") && has_use(m, 0, "O:", "\\\\srv\\s", NULL, USE_STATUS_OK, -1),
       "BOM and CRLF: %s\n", err.msg);
    model_free(m);

    m = parse("# leading comment\n\n   \n\t\nlogon bob   # trailing comment\n"
              "use O: \\\\srv\\C#  # a path with a hash, then a comment\n"
              "use P: \\\\srv\\share#x\n"
              "   # indented comment\n",
              &err);
    ok(m && m->use_count == 2, "comments and blank lines: %s\n", err.msg);
    ok(m && has_use(m, 0, "O:", "\\\\srv\\C#", NULL, USE_STATUS_OK, -1), "'#' inside a field is literal\n");
    ok(m && has_use(m, 1, "P:", "\\\\srv\\share#x", NULL, USE_STATUS_OK, -1), "'#' not after white space\n");
    model_free(m);

    m = parse("logon\t\"CORP\\John Smith\"\nuse\t-\t\"\\\\fs9\\Team Share\\a b\"\tuser=\"CORP\\Jane Doe\"\n"
              "cred \"fs9\" \"CORP\\Jane Doe\"\n",
              &err);
    ok(m && same(m->logon_user, "CORP\\John Smith"), "quoted logon user: %s\n", err.msg);
    ok(m && has_use(m, 0, NULL, "\\\\fs9\\Team Share\\a b", "CORP\\Jane Doe", USE_STATUS_OK, -1),
       "quoted remote and quoted option value\n");
    ok(m && m->cred_count == 1 && same(m->creds[0].user, "CORP\\Jane Doe"), "quoted cred fields\n");
    model_free(m);

    m = parse("logon bob\nuse - \"\\\\fs9\\Team #1\" # a comment\nuse P: \"\\\\fs9\\x\"#\n", &err);
    ok(m == NULL && !strcmp(err.msg, "scen.txt:3: expected white space after the closing quote, got '#'"),
       "'#' right after a closing quote: %s\n", err.msg);
    m = parse("logon bob\nuse - \"\\\\fs9\\Team #1\" # a comment\n", &err);
    ok(m && has_use(m, 0, NULL, "\\\\fs9\\Team #1", NULL, USE_STATUS_OK, -1),
       "'#' inside quotes is literal: %s\n", err.msg);
    model_free(m);

    m = parse("LOGON bob\nUse o: \\\\srv\\a STATUS=Unavailable Open=3 User=CORP\\bob\n"
              "use p: \\\\srv\\b status=disconnected open=0\nuse q: \\\\srv\\c status=ok open=2147483647\n"
              "CRED Domain:target=srv CORP\\bob TYPE=Generic\nDfs \\\\corp\\dfs \\\\srv\\dfsroot\n"
              "HOST srv srv.corp.example\nhost srv 192.0.2.1",
              &err);
    ok(m != NULL, "keywords and options in any case, no final newline: %s\n", err.msg);
    if (m) {
        ok(has_use(m, 0, "O:", "\\\\srv\\a", "CORP\\bob", USE_STATUS_UNAVAILABLE, 3), "status=Unavailable\n");
        ok(has_use(m, 1, "P:", "\\\\srv\\b", NULL, USE_STATUS_DISCONNECTED, 0),
           "status=disconnected open=0\n");
        ok(has_use(m, 2, "Q:", "\\\\srv\\c", NULL, USE_STATUS_OK, 2147483647), "status=ok, open=INT_MAX\n");
        ok(m->cred_count == 1 && m->creds[0].type == CRED_KIND_GENERIC && same(m->creds[0].target, "srv") &&
               same(m->creds[0].raw_target, "Domain:target=srv"),
           "cred type=Generic, target normalised\n");
        ok(m->dfs_count == 1 && same(m->dfs[0].path, "\\\\corp\\dfs") &&
               same(m->dfs[0].target, "\\\\srv\\dfsroot"),
           "dfs\n");
        ok(m->host_count == 1 && m->hosts[0].count == 3, "host lines sharing a name merge\n");
    }
    model_free(m);

    m = parse("cred *.corp.example CORP\\bob\nuse - \\\\srv\\IPC$\nlogon bob\n", &err);
    ok(m && m->cred_count == 1 && m->use_count == 1 && same(m->logon_user, "bob"),
       "logon need not come first: %s\n", err.msg);
    ok(m && m->creds[0].type == CRED_KIND_DOMAIN, "default cred type is domain\n");
    model_free(m);
}

struct bad_case {
    const char *what;
    const char *text;
    const char *message; /* the whole message when it starts with "scen.txt", else a substring */
};

static const struct bad_case bad[] = {
    {"bad status", "logon bob\nuse O: \\\\s\\x\n\nuse P: \\\\s\\y status=broken\n",
     "scen.txt:4: expected a status of ok, disconnected or unavailable, got 'broken'"},
    {"unknown record", "logon bob\nmount O: \\\\s\\x\n",
     "scen.txt:2: expected a record keyword (logon, use, cred, dfs or host), got 'mount'"},
    {"option instead of a record", "logon bob\nuser=bob\n",
     "scen.txt:2: expected a record keyword (logon, use, cred, dfs or host), got 'user='"},
    {"unknown option", "logon bob\nuse O: \\\\s\\x colour=red\n",
     "scen.txt:2: unknown option 'colour=' for use: expected user=, status= or open="},
    {"unknown cred option", "logon bob\ncred fs01 bob kind=domain\n",
     "scen.txt:2: unknown option 'kind=' for cred: expected type="},
    {"option on logon", "logon bob x=1\n", "scen.txt:1: unknown option 'x=': logon takes no options"},
    {"option on dfs", "logon bob\ndfs \\\\a\\b \\\\c\\d x=1\n",
     "scen.txt:2: unknown option 'x=': dfs takes no"},
    {"option on host", "logon bob\nhost a b x=1\n", "scen.txt:2: unknown option 'x=': host takes no options"},
    {"duplicate option", "logon bob\nuse O: \\\\s\\x open=1 OPEN=2\n",
     "scen.txt:2: option 'open=' given twice"},
    {"bad open number", "logon bob\nuse O: \\\\s\\x open=many\n",
     "scen.txt:2: expected a number of open files (0 to 2147483647) after open=, got 'many'"},
    {"negative open number", "logon bob\nuse O: \\\\s\\x open=-1\n", "after open=, got '-1'"},
    {"empty open number", "logon bob\nuse O: \\\\s\\x open=\n", "after open=, got ''"},
    {"huge open number", "logon bob\nuse O: \\\\s\\x open=99999999999999999999\n",
     "got '99999999999999999999'"},
    {"open number just over INT_MAX", "logon bob\nuse O: \\\\s\\x open=2147483648\n", "got '2147483648'"},
    {"open number with a hash", "logon bob\nuse O: \\\\s\\x open=2#x\n", "got '2#x'"},
    {"empty user option", "logon bob\nuse O: \\\\s\\x user=\n",
     "scen.txt:2: expected a user name after user="},
    {"empty quoted user option", "logon bob\nuse O: \\\\s\\x user=\"\"\n",
     "expected a user name after user="},
    {"bad cred type", "logon bob\ncred fs01 bob type=web\n",
     "scen.txt:2: expected a type of domain or generic, got 'web'"},
    {"unterminated quote", "logon bob\nuse - \"\\\\fs9\\Team Share\n",
     "scen.txt:2: unterminated quote: expected a closing '\"' before the end of the line"},
    {"unterminated option quote", "logon bob\nuse - \\\\a\\b user=\"x\n", "scen.txt:2: unterminated quote"},
    {"text after closing quote", "logon bob\nuse - \"\\\\a\\b\"c\n",
     "scen.txt:2: expected white space after the closing quote, got 'c'"},
    {"quote inside a field", "logon bob\nuse - \\\\a\\b\"c\"\n",
     "scen.txt:2: unexpected '\"' inside a field"},
    {"positional after option", "logon bob\nuse O: \\\\s\\x open=1 extra\n",
     "scen.txt:2: expected key=value options after the positional fields, got 'extra'"},
    {"logon without user", "logon\n", "scen.txt:1: expected 'logon USER'"},
    {"logon with two fields", "logon bob alice\n", "scen.txt:1: unexpected field 'alice' after 'logon USER'"},
    {"use without fields", "logon bob\nuse\n", "scen.txt:2: expected a local device (O:, LPT1: or -)"},
    {"use without remote", "logon bob\nuse O:\n",
     "scen.txt:2: expected a remote path \\\\server\\share after 'O:'"},
    {"use with an extra field", "logon bob\nuse O: \\\\s\\x bob\n",
     "scen.txt:2: unexpected field 'bob' after"},
    {"cred without fields", "logon bob\ncred\n", "a target and a user are missing"},
    {"cred without user", "logon bob\ncred fs01\n",
     "scen.txt:2: expected 'cred TARGET USER [type=domain|generic]': the user is missing"},
    {"cred with an extra field", "logon bob\ncred fs01 bob x\n", "scen.txt:2: unexpected field 'x' after"},
    {"dfs without target", "logon bob\ndfs \\\\corp\\dfs\n", "scen.txt:2: expected 'dfs PATH TARGET'"},
    {"dfs with an extra field", "logon bob\ndfs \\\\a\\b \\\\c\\d \\\\e\\f\n",
     "scen.txt:2: unexpected field"},
    {"host with one name", "logon bob\nhost fs01\n", "scen.txt:2: expected 'host NAME NAME...'"},
    {"second logon", "logon bob\n\nlogon alice\n",
     "scen.txt:3: a second logon record: the logon user was already given on line 1"},
    {"missing logon", "use O: \\\\s\\x\n",
     "scen.txt: expected a 'logon USER' record (required once), found none"},
    {"empty file", "", "scen.txt: expected a 'logon USER' record"},
    {"only comments", "# nothing\n\n", "scen.txt: expected a 'logon USER' record"},
    {"invalid UTF-8", "logon bob\nuse O: \\\\s\\\xc3(\n",
     "scen.txt:2: invalid UTF-8 (byte 0xC3 at column 12): a scenario is UTF-8 text"},
    {"overlong UTF-8", "logon bob\nhost a \xe0\x80\x80\n", "scen.txt:2: invalid UTF-8 (byte 0xE0"},
    {"UTF-8 surrogate", "logon \xed\xa0\x80\n", "scen.txt:1: invalid UTF-8"},
    {"beyond U+10FFFF", "logon \xf4\x90\x80\x80\n", "scen.txt:1: invalid UTF-8"},
    {"truncated UTF-8 at the end", "logon bob\xe6\x96", "scen.txt:1: invalid UTF-8"},
    {"control character", "logon bob\nuse O: \\\\s\\x\x01\n",
     "scen.txt:2: control character U+0001 at column 13: fields are separated by spaces or tabs"},
    {"lone carriage return", "logon bob\ruse O: \\\\s\\x\n",
     "scen.txt:1: carriage return at column 10 not followed by a line feed"},
    {"bad UNC in use", "logon bob\nuse O: \\\\srv\n",
     "scen.txt:2: missing share name: expected \\\\srv\\share"},
    {"raw IPv6 in use", "logon bob\nuse O: \\\\fe80::1\\s\n", "scen.txt:2: 'fe80::1' looks like a raw IPv6"},
    {"bad local", "logon bob\nuse OO: \\\\srv\\s\n", "scen.txt:2: 'OO:' is not a local device"},
    {"duplicate drive", "logon bob\nuse O: \\\\a\\b\nuse o: \\\\c\\d\n",
     "scen.txt:3: O: is already used for \\\\a\\b"},
    {"bad logon user", "logon CORP\\a\\b\n", "scen.txt:1: logon user: account name"},
    {"bad use user", "logon bob\nuse O: \\\\a\\b user=x*y\n", "scen.txt:2: user of the use: "},
    {"bad cred target", "logon bob\ncred \"fs 01\" bob\n", "scen.txt:2: credential target 'fs 01'"},
    {"bad dfs path", "logon bob\ndfs O:\\x \\\\a\\b\n", "scen.txt:2: DFS path: "},
    {"bad host name", "logon bob\nhost fs01 \"fs 01\"\n", "scen.txt:2: host name: "},
};

static void test_bad(void)
{
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const struct bad_case *c = &bad[i];
        ca_error err = {{0}, 0};
        model *m = (model *)1;
        ca_status st;
        th_push_context("bad %s", c->what);
        st = scenario_parse("scen.txt", c->text, strlen(c->text), &m, &err);
        ok(st == CA_ERR_INVALID, "status %d\n", st);
        ok(m == NULL, "nothing half-loaded\n");
        if (!strncmp(c->message, "scen.txt", 8) && !strstr(c->message + 8, "..."))
            ok(!strncmp(err.msg, c->message, strlen(c->message)), "message \"%s\" does not start \"%s\"\n",
               err.msg, c->message);
        else
            ok(strstr(err.msg, c->message) != NULL, "message \"%s\" lacks \"%s\"\n", err.msg, c->message);
        th_pop_context();
    }
}

static void test_nul(void)
{
    static const char text[] = "logon bob\nuse O: \\\\s\\x\nuse P: \\\\s\0y\n";
    ca_error err = {{0}, 0};
    model *m = (model *)1;
    ok(scenario_parse("scen.txt", text, sizeof(text) - 1, &m, &err) == CA_ERR_INVALID && !m,
       "NUL byte rejected\n");
    ok(!strcmp(err.msg, "scen.txt:3: NUL byte at column 11: a scenario is UTF-8 text"), "message \"%s\"\n",
       err.msg);
    ok(scenario_parse(NULL, "logon bob", 9, &m, &err) == CA_OK && m, "NULL name allowed\n");
    model_free(m);
    ok(scenario_parse(NULL, "logon", 5, &m, &err) == CA_ERR_INVALID && !strncmp(err.msg, "scenario:1:", 11),
       "NULL name shows as 'scenario': %s\n", err.msg);
    ok(scenario_parse("x", NULL, 3, &m, &err) == CA_ERR_INVALID && !m, "NULL text with a length\n");
    ok(scenario_parse("x", "logon bob\nlogon", 9, &m, &err) == CA_OK && m, "only len bytes are read\n");
    model_free(m);
}

static void test_files(void)
{
    const char *path = "test_scenario.tmp";
    ca_error err = {{0}, 0};
    model *m = (model *)1;
    FILE *f;
    char expect[200];

    ok(scenario_load_file("no-such-dir/none.scenario", &m, &err) == CA_ERR_IO && !m, "missing file\n");
    snprintf(expect, sizeof(expect), "cannot open no-such-dir/none.scenario: %s", strerror(ENOENT));
    ok(!strcmp(err.msg, expect), "message \"%s\"\n", err.msg);
    ok(scenario_load_file(".", &m, &err) == CA_ERR_IO && !m && strstr(err.msg, "cannot "),
       "a directory is an I/O error: %s\n", err.msg);
    ok(scenario_load_file("", &m, &err) == CA_ERR_IO, "empty path\n");

    f = fopen(path, "wb");
    ok(f != NULL, "temporary file\n");
    if (!f)
        return;
    fputs("logon bob\nuse O: \\\\s\\x status=broken\n", f);
    fclose(f);
    ok(scenario_load_file(path, &m, &err) == CA_ERR_INVALID && !m, "bad file\n");
    ok(!strcmp(err.msg,
               "test_scenario.tmp:2: expected a status of ok, disconnected or unavailable, got 'broken'"),
       "messages name the file: %s\n", err.msg);

    /* Exactly 64 MiB is read (and fails on its content); one byte more is too large. */
    f = fopen(path, "wb");
    ok(f && fseek(f, 64L * 1024 * 1024 - 1, SEEK_SET) == 0 && fputc('\n', f) == '\n', "64 MiB file\n");
    if (f)
        fclose(f);
    ok(scenario_load_file(path, &m, &err) == CA_ERR_INVALID &&
           !strcmp(err.msg, "test_scenario.tmp:1: NUL byte at column 1: a scenario is UTF-8 text"),
       "64 MiB is read whole: %s\n", err.msg);
    f = fopen(path, "ab");
    ok(f && fputc('\n', f) == '\n', "64 MiB + 1\n");
    if (f)
        fclose(f);
    ok(scenario_load_file(path, &m, &err) == CA_ERR_LIMIT && !m && strstr(err.msg, "larger than 64 MiB"),
       "over 64 MiB: %s\n", err.msg);
    remove(path);
}

/* 100,000 uses load in well under a second natively (sanitizers make it slower; the bound is generous). */
static void test_many(void)
{
    size_t n = 100000, i, size = n * 64 + 64, len;
    char *text = malloc(size), *p = text;
    ca_error err = {{0}, 0};
    model *m = NULL;
    clock_t start;
    double secs;
    p += sprintf(p, "logon CORP\\bob\n");
    for (i = 0; i < n; i++) {
        char local[3] = {(char)('A' + i), ':', 0};
        p += sprintf(p, "use %s \\\\srv%zu.corp.example\\share%zu\\dir user=CORP\\u%zu\n",
                     i < 26 ? local : "-", i % 1000, i, i % 7);
    }
    len = (size_t)(p - text);
    start = clock();
    ok(scenario_parse("big", text, len, &m, &err) == CA_OK && m, "parsed: %s\n", err.msg);
    secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    ok(m && m->use_count == n, "%zu uses\n", m ? m->use_count : 0);
    ok(m && same(m->uses[n - 1].remote, "\\\\srv999.corp.example\\share99999\\dir") &&
           model_find_local(m, "Z:") == 25,
       "last use and Z:\n");
    ok(secs < 10.0, "%zu uses (%zu bytes) parsed in %.3f s\n", n, len, secs);
    trace("%zu uses (%zu bytes) parsed in %.3f s\n", n, len, secs);
    printf("scenario with %zu uses parsed in %.3f s\n", n, secs);
    model_free(m);
    free(text);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_shared_files(argc, argv);
    test_syntax();
    test_bad();
    test_nul();
    test_files();
    test_many();
    return th_finish();
}
