/* Tests of redaction (common/core/redact.c): same verdicts up to renaming, no original name left, shapes
 * kept. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "predict.h"
#include "redact.h"
#include "scenario.h"
#include "scenario_write.h"
#include "text.h"

/* A state whose every name is distinctive, covering each kind of name the rules look at. */
static const char distinctive[] =
    "logon QUOKKADOM\\wombatuser\n"
    "use O: \\\\quokkafs\\marsupials\n"
    "use W: \\\\quokkafs\\marsupials\\joeys\n"
    "use Y: \\\\quokkafs\\marsupials\\joeys\\pouchfolder\n"
    "use Z: \\\\quokkafs.numbatcorp.example\\marsupials\n"
    "use - \\\\quokkafs\\IPC$\n"
    "use - \\\\quokkafs\\C$\n"
    "use - \\\\bilbyserver\\platypus$ user=QUOKKADOM\\echidnaadmin\n"
    "use P: \\\\numbatcorp.example\\dingonamespace\\koalalink\n"
    "use L: \\\\10.77.31.5\\wallabyshare user=.\\localgecko\n"
    "use K: \\\\fe80--9.ipv6-literal.net\\possumshare\n"
    "use R: \\\\cassowaryfs\\emushare status=unavailable user=kiwiuser@numbatcorp.example\n"
    "use S: \\\\tasmanfs.numbatcorp.example\\devilshare status=disconnected open=2\n"
    "cred *.numbatcorp.example QUOKKADOM\\wildcardwallaroo\n"
    "cred Domain:target=bilbyserver QUOKKADOM\\echidnaadmin\n"
    "cred QUOKKADOM\\* QUOKKADOM\\domainbandicoot\n"
    "cred TERMSRV/quokkafs QUOKKADOM\\rdpdugong\n"
    "cred LegacyGeneric:target=https://secret-lyrebird.example/ lyrebirduser type=generic\n"
    "dfs \\\\numbatcorp.example\\dingonamespace\\koalalink \\\\thylacinefs\\koalatarget\\archive2024\n"
    "host quokkafs quokkafs.numbatcorp.example 10.77.31.40\n";

static const char *const original_names[] = {
    "quokkadom",       "wombatuser", "quokkafs",     "marsupials",  "joeys",        "pouchfolder",
    "numbatcorp",      "example",    "bilbyserver",  "platypus",    "echidnaadmin", "dingonamespace",
    "koalalink",       "10.77.31",   "wallabyshare", "localgecko",  "fe80",         "possumshare",
    "cassowaryfs",     "emushare",   "kiwiuser",     "tasmanfs",    "devilshare",   "wildcardwallaroo",
    "domainbandicoot", "rdpdugong",  "lyrebird",     "thylacinefs", "koalatarget",  "archive2024",
};

static model *parse(const char *name, const char *text)
{
    model *m = NULL;
    ca_error e = {{0}, 0};
    ok(scenario_parse(name, text, strlen(text), &m, &e) == CA_OK, "parse %s: %s\n", name, e.msg);
    return m;
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle), i, k;
    for (i = 0; hay[i]; i++) {
        for (k = 0;
             k < n && hay[i + k] && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]);
             k++)
            ;
        if (k == n)
            return 1;
    }
    return 0;
}

/* The redacted model, written and loaded back (so the file is what is tested). */
static model *redact_through_file(redactor *r, const model *m, char **text)
{
    model *red = NULL, *back = NULL;
    strbuf sb;
    ca_error e = {{0}, 0};
    ok(redact_model(r, m, &red, &e) == CA_OK, "redact: %s\n", e.msg);
    if (!red)
        return NULL;
    strbuf_init(&sb);
    ok(scenario_write(&sb, red, NULL, 0, 0, NULL, &e) == CA_OK, "write: %s\n", e.msg);
    ok(scenario_parse("redacted", strbuf_str(&sb), sb.len, &back, &e) == CA_OK,
       "the redacted file loads: %s\n%s", e.msg, strbuf_str(&sb));
    *text = text_dup(strbuf_str(&sb));
    strbuf_cleanup(&sb);
    model_free(red);
    return back;
}

/* For one request: the same verdict, reason, conflicting drives and fix kinds, up to renaming. */
static void same_verdict(redactor *r, const model *m, const model *red, const char *path, const char *user)
{
    prediction p, q;
    char *rpath = NULL, *ruser = NULL;
    ca_error e = {{0}, 0};
    size_t i;
    memset(&p, 0, sizeof(p));
    memset(&q, 0, sizeof(q));
    ok(redact_path(r, path, &rpath, &e) == CA_OK, "redact path %s: %s\n", path, e.msg);
    if (user)
        ok(redact_user(r, user, &ruser, &e) == CA_OK, "redact user %s: %s\n", user, e.msg);
    if (predict_check(m, path, user, &p, &e) != CA_OK || !rpath ||
        predict_check(red, rpath, ruser, &q, &e) != CA_OK) {
        ok(0, "predict %s as %s: %s\n", path, user ? user : "default", e.msg);
        goto done;
    }
    ok(p.verdict == q.verdict && p.reason == q.reason && p.conflict_count == q.conflict_count &&
           p.fix_count == q.fix_count && p.warning_count == q.warning_count && p.certainty == q.certainty,
       "%s as %s: verdict %d/%d reason %d/%d conflicts %zu/%zu fixes %zu/%zu warnings %zu/%zu\n", path,
       user ? user : "default", p.verdict, q.verdict, p.reason, q.reason, p.conflict_count, q.conflict_count,
       p.fix_count, q.fix_count, p.warning_count, q.warning_count);
    for (i = 0; i < p.conflict_count && i < q.conflict_count; i++) {
        const model_use *a = &m->uses[p.conflicts[i].use], *b = &red->uses[q.conflicts[i].use];
        ok((!a->local && !b->local) || (a->local && b->local && !strcmp(a->local, b->local)),
           "%s as %s: conflict %zu is the same use\n", path, user ? user : "default", i);
    }
    for (i = 0; i < p.fix_count && i < q.fix_count; i++)
        ok(p.fixes[i].kind == q.fixes[i].kind, "%s: fix %zu kind\n", path, i);
done:
    prediction_cleanup(&p);
    prediction_cleanup(&q);
    free(rpath);
    free(ruser);
}

/* Every slot (and every remembered drive) with default credentials, the slot's user and another user. */
static void same_verdicts(const char *what, const model *m)
{
    redactor *r = redactor_create();
    char *text = NULL;
    model *red;
    size_t i;
    th_push_context("%s", what);
    red = redact_through_file(r, m, &text);
    for (i = 0; red && i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        same_verdict(r, m, red, u->remote, NULL);
        same_verdict(r, m, red, u->remote, u->user ? u->user : m->logon_user);
        same_verdict(r, m, red, u->remote, "QUOKKADOM\\someoneelse");
        same_verdict(r, m, red, u->remote, "someoneelse");
        if (u->local) {
            char drive[8];
            snprintf(drive, sizeof(drive), "%s\\", u->local);
            same_verdict(r, m, red, drive, "QUOKKADOM\\someoneelse");
        }
    }
    th_pop_context();
    free(text);
    model_free(red);
    redactor_free(r);
}

static void test_no_original_names(void)
{
    model *m = parse("distinctive", distinctive), *red;
    redactor *r = redactor_create();
    char *text = NULL;
    size_t i;
    if (!m)
        return;
    red = redact_through_file(r, m, &text);
    for (i = 0; text && i < sizeof(original_names) / sizeof(original_names[0]); i++)
        ok(!contains_ci(text, original_names[i]), "'%s' is still in the redacted file:\n%s",
           original_names[i], text);
    if (text) {
        /* What the rules depend on stays. */
        ok(strstr(text, "\\IPC$") && strstr(text, "\\C$"), "IPC$ and C$ kept:\n%s", text);
        ok(strstr(text, "use L: \\\\192.0.2.") != NULL, "IPv4 became a documentation address:\n%s", text);
        ok(strstr(text, ".ipv6-literal.net\\") && strstr(text, "2001-db8--"), "IPv6 literal kept its form\n");
        ok(strstr(text, "$ user=") != NULL, "a hidden share keeps its $:\n%s", text);
        ok(strstr(text, "cred \"Domain:target=srv") && strstr(text, "cred TERMSRV/srv") &&
               strstr(text, "cred *.dom") && strstr(text, "\\* "),
           "credential prefixes, service classes and wildcards kept:\n%s", text);
    }
    if (red) {
        /* The wildcard still covers the FQDN slots; the NetBIOS domain and the UPN suffix still relate. */
        const model_cred *c = model_match_cred(red, red->uses[3].server);
        ok(c && c->target[0] == '*', "*.suffix matches the redacted FQDN %s\n", red->uses[3].server);
        ok(!strchr(red->uses[0].server, '.') && strlen(red->uses[0].server) <= 15,
           "short name stays short: %s\n", red->uses[0].server);
        ok(strchr(red->uses[3].server, '.') != NULL, "FQDN stays an FQDN: %s\n", red->uses[3].server);
        ok(red->dfs_count == 1 && red->host_count == 1, "DFS and host records kept\n");
    }
    same_verdicts("distinctive", m);
    free(text);
    model_free(red);
    model_free(m);
    redactor_free(r);
}

static void test_stable_case_insensitive(void)
{
    redactor *r = redactor_create();
    char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    ca_error e = {{0}, 0};
    redact_path(r, "\\\\HKA-FS01\\Data\\Sub", &a, &e);
    redact_path(r, "\\\\hka-fs01\\DATA\\sub", &b, &e);
    redact_user(r, "IAI\\BP", &c, &e);
    redact_user(r, "iai\\bp", &d, &e);
    ok(a && b && !strcmp(a, b), "the same path in another case, the same pseudonym: %s %s\n", a, b);
    ok(c && d && !strcmp(c, d), "the same user in another case, the same pseudonym: %s %s\n", c, d);
    free(a);
    free(b);
    free(c);
    free(d);
    redact_path(r, "\\\\hka-fs01.iai.nl\\data", &a, &e);
    redact_user(r, "bp@iai.nl", &b, &e);
    ok(a && b && strstr(a, strchr(b, '@') + 1), "the DNS domain is pseudonymised the same way: %s %s\n", a,
       b);
    ok(a && !strncmp(a, "\\\\srv1.", 7), "the first label of the FQDN is the host's: %s\n", a);
    free(a);
    free(b);
    redactor_free(r);
}

int main(int argc, char **argv)
{
    int i;
    th_init(argc, argv);
    test_no_original_names();
    test_stable_case_insensitive();
    for (i = 1; i < argc; i++) {
        model *m = NULL;
        ca_error e = {{0}, 0};
        ok(scenario_load_file(argv[i], &m, &e) == CA_OK, "load %s: %s\n", argv[i], e.msg);
        if (m)
            same_verdicts(argv[i], m);
        model_free(m);
    }
    return th_finish();
}
