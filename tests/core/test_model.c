/* Tests of the session model's storage: uses, credentials, DFS, hosts, clone and path resolution. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model.h"

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

static void test_create(void)
{
    model *m = model_create();
    ca_error err = {{0}, 0};
    ok(m != NULL, "model_create\n");
    ok(!m->use_count && !m->cred_count && !m->dfs_count && !m->host_count, "empty\n");
    ok(m->elevated == -1 && !m->logon_user && !m->source[0], "elevated unknown, no logon user, no source\n");
    ok(model_set_logon(m, "IAI\\bp", &err) == CA_OK && same(m->logon_user, "IAI\\bp"), "logon user set\n");
    ok(model_set_logon(m, "bob@corp.example", &err) == CA_OK && same(m->logon_user, "bob@corp.example"),
       "logon user replaced\n");
    ok(model_set_logon(m, "", &err) == CA_ERR_INVALID && strstr(err.msg, "empty logon user"),
       "empty logon user: %s\n", err.msg);
    ok(model_set_logon(m, "a\\b\\c", &err) == CA_ERR_INVALID && strstr(err.msg, "logon user: ") &&
           strstr(err.msg, "more than one '\\'"),
       "invalid logon user: %s\n", err.msg);
    ok(same(m->logon_user, "bob@corp.example"), "a rejected logon user leaves the old one\n");
    model_free(m);
    model_free(NULL);
}

struct use_case {
    const char *what;
    const char *local, *remote, *user;
    const char *want_local, *want_server, *want_share, *want_remote;
    model_use_kind kind;
};

static const struct use_case uses_ok[] = {
    {"drive", "O:", "\\\\hka-fs01\\data", NULL, "O:", "hka-fs01", "data", "\\\\hka-fs01\\data",
     USE_KIND_DRIVE},
    {"lower-case drive upper-cased", "w:", "\\\\hka-fs01\\data\\machine", "", "W:", "hka-fs01", "data",
     "\\\\hka-fs01\\data\\machine", USE_KIND_DRIVE},
    {"forward slashes", "Y:", "//hka-fs01/data/machine/300", NULL, "Y:", "hka-fs01", "data",
     "\\\\hka-fs01\\data\\machine\\300", USE_KIND_DRIVE},
    {"explicit user", "Z:", "\\\\hka-fs01.iai.nl\\data", "IAI\\svc", "Z:", "hka-fs01.iai.nl", "data",
     "\\\\hka-fs01.iai.nl\\data", USE_KIND_DRIVE},
    {"printer port", "lpt1:", "\\\\prn01\\laser", NULL, "LPT1:", "prn01", "laser", "\\\\prn01\\laser",
     USE_KIND_PRINTER},
    {"printer port without colon", "com2", "\\\\prn01\\plotter", NULL, "COM2:", "prn01", "plotter",
     "\\\\prn01\\plotter", USE_KIND_PRINTER},
    {"PRN", "prn", "\\\\prn01\\default", NULL, "PRN", "prn01", "default", "\\\\prn01\\default",
     USE_KIND_PRINTER},
    {"driveless with -", "-", "\\\\host01\\public", NULL, NULL, "host01", "public", "\\\\host01\\public",
     USE_KIND_DRIVELESS},
    {"driveless with NULL", NULL, "\\\\host01\\public2", NULL, NULL, "host01", "public2",
     "\\\\host01\\public2", USE_KIND_DRIVELESS},
    {"IPC$ with empty local", "", "\\\\host01\\ipc$", NULL, NULL, "host01", "ipc$", "\\\\host01\\ipc$",
     USE_KIND_IPC},
    {"long-path spelling", "-", "\\\\?\\UNC\\host02\\IPC$", NULL, NULL, "host02", "IPC$", "\\\\host02\\IPC$",
     USE_KIND_IPC},
};

struct use_reject {
    const char *what;
    const char *local, *remote, *user;
    model_use_status status;
    int open_files;
    const char *message;
};

static const struct use_reject uses_bad[] = {
    {"letter without colon", "O", "\\\\srv\\s", NULL, USE_STATUS_OK, -1, "'O' is not a local device"},
    {"drive with a path", "O:\\", "\\\\srv\\s", NULL, USE_STATUS_OK, -1, "'O:\\' is not a local device"},
    {"digit drive", "1:", "\\\\srv\\s", NULL, USE_STATUS_OK, -1, "is not a local device"},
    {"port zero", "LPT0:", "\\\\srv\\s", NULL, USE_STATUS_OK, -1, "'LPT0:' is not a local device"},
    {"unknown port", "AUX1:", "\\\\srv\\s", NULL, USE_STATUS_OK, -1, "is not a local device"},
    {"two-letter device", "AB:", "\\\\srv\\s", NULL, USE_STATUS_OK, -1, "is not a local device"},
    {"duplicate drive", "O:", "\\\\other\\s", NULL, USE_STATUS_OK, -1,
     "O: is already used for \\\\hka-fs01\\data"},
    {"duplicate drive, other case", "o:", "\\\\other\\s", NULL, USE_STATUS_OK, -1, "O: is already used"},
    {"duplicate printer", "LPT1", "\\\\other\\s", NULL, USE_STATUS_OK, -1, "LPT1: is already used"},
    {"missing share", "Q:", "\\\\srv", NULL, USE_STATUS_OK, -1, "missing share name"},
    {"drive path as remote", "Q:", "O:\\x", NULL, USE_STATUS_OK, -1, "drive paths are resolved"},
    {"NULL remote", "Q:", NULL, NULL, USE_STATUS_OK, -1, "empty path"},
    {"invalid user", "Q:", "\\\\srv\\s", "a\\b\\c", USE_STATUS_OK, -1, "user of the use: "},
    {"status out of range", "Q:", "\\\\srv\\s", NULL, (model_use_status)99, -1, "status 99"},
    {"negative open files", "Q:", "\\\\srv\\s", NULL, USE_STATUS_OK, -2, "must be -1 (unknown) or more"},
};

static void test_uses(void)
{
    model *m = model_create();
    ca_error err = {{0}, 0};
    size_t i, n = sizeof(uses_ok) / sizeof(uses_ok[0]);
    for (i = 0; i < n; i++) {
        const struct use_case *c = &uses_ok[i];
        th_push_context("use %s", c->what);
        ok(model_add_use(m, c->local, c->remote, c->user, USE_STATUS_OK, (int)i, -1, &err) == CA_OK,
           "added: %s\n", err.msg);
        if (m->use_count == i + 1) {
            const model_use *u = &m->uses[i];
            ok(same(u->local, c->want_local), "local %s\n", str(u->local));
            ok(same(u->server, c->want_server), "server %s\n", str(u->server));
            ok(same(u->share, c->want_share), "share %s\n", str(u->share));
            ok(same(u->remote, c->want_remote), "remote %s\n", str(u->remote));
            ok(same(u->user, c->user && *c->user ? c->user : NULL), "user %s\n", str(u->user));
            ok(u->kind == c->kind, "kind %s\n", model_use_kind_name(u->kind));
            ok(u->open_files == (int)i && u->use_count == -1 && u->status == USE_STATUS_OK, "numbers kept\n");
        }
        th_pop_context();
    }
    for (i = 0; i < sizeof(uses_bad) / sizeof(uses_bad[0]); i++) {
        const struct use_reject *c = &uses_bad[i];
        ca_status st;
        th_push_context("reject use %s", c->what);
        err.code = 7;
        st = model_add_use(m, c->local, c->remote, c->user, c->status, c->open_files, -1, &err);
        ok(st == CA_ERR_INVALID, "status %d\n", st);
        ok(strstr(err.msg, c->message) != NULL, "message \"%s\" lacks \"%s\"\n", err.msg, c->message);
        if (strstr(c->what, "duplicate"))
            ok(err.code == CA_WIN_ALREADY_ASSIGNED, "code %lu stands for 85 (already assigned)\n", err.code);
        ok(m->use_count == n, "nothing added (%zu uses)\n", m->use_count);
        th_pop_context();
    }

    /* Removing keeps the order of the others. */
    model_remove_use(m, 1);
    ok(m->use_count == n - 1 && same(m->uses[0].local, "O:") && same(m->uses[1].local, "Y:"),
       "remove_use keeps order\n");
    model_remove_use(m, m->use_count - 1);
    ok(m->use_count == n - 2 && same(m->uses[m->use_count - 1].remote, "\\\\host01\\ipc$"), "remove last\n");
    model_remove_use(m, 1000);
    ok(m->use_count == n - 2, "out-of-range index ignored\n");
    ok(model_add_use(m, "W:", "\\\\srv\\x", NULL, USE_STATUS_UNAVAILABLE, -1, -1, &err) == CA_OK,
       "a removed drive letter can be used again: %s\n", err.msg);
    model_free(m);
}

struct cred_case {
    const char *what;
    const char *target, *user;
    model_cred_type type;
    const char *want; /* normalised target, NULL when rejected */
    const char *message;
};

static const struct cred_case creds[] = {
    {"server name", "fs01", "CORP\\bob", CRED_KIND_DOMAIN, "fs01", NULL},
    {"FQDN", "fs01.corp.example", "bob@corp.example", CRED_KIND_DOMAIN, "fs01.corp.example", NULL},
    {"Domain:target= prefix", "Domain:target=fs01", "CORP\\bob", CRED_KIND_DOMAIN, "fs01", NULL},
    {"Domain:name= prefix", "Domain:name=*.corp.example", "CORP\\bob", CRED_KIND_DOMAIN, "*.corp.example",
     NULL},
    {"wildcard suffix", "*.corp.example", "CORP\\bob", CRED_KIND_DOMAIN, "*.corp.example", NULL},
    {"domain wildcard", "CORP\\*", "CORP\\bob", CRED_KIND_DOMAIN, "CORP\\*", NULL},
    {"session wildcard", "*Session", "CORP\\bob", CRED_KIND_DOMAIN, "*Session", NULL},
    {"session wildcard, lower case", "Domain:target=*session", "bob", CRED_KIND_DOMAIN, "*session", NULL},
    {"star", "*", "CORP\\bob", CRED_KIND_DOMAIN, "*", NULL},
    {"IPv4 target", "192.0.2.40", ".\\admin", CRED_KIND_DOMAIN, "192.0.2.40", NULL},
    {"remote desktop target", "Domain:target=TERMSRV/rds01.corp.example", "CORP\\bob", CRED_KIND_DOMAIN,
     "TERMSRV/rds01.corp.example", NULL},
    {"generic with URL", "LegacyGeneric:target=git:https://example.org", "bob", CRED_KIND_GENERIC,
     "git:https://example.org", NULL},
    {"generic without user", "LegacyGeneric:target=MicrosoftOffice16_Data:x", NULL, CRED_KIND_GENERIC,
     "MicrosoftOffice16_Data:x", NULL},
    {"empty target", "", "bob", CRED_KIND_DOMAIN, NULL, "empty credential target"},
    {"prefix only", "Domain:target=", "bob", CRED_KIND_DOMAIN, NULL, "names no target"},
    {"space in server", "fs 01", "bob", CRED_KIND_DOMAIN, NULL, "' ' is not allowed in a server name"},
    {"empty suffix", "*.", "bob", CRED_KIND_DOMAIN, NULL, "credential target '*.'"},
    {"bad suffix", "*.a..b", "bob", CRED_KIND_DOMAIN, NULL, "empty label"},
    {"domain wildcard without domain", "\\*", "bob", CRED_KIND_DOMAIN, NULL, "credential target '\\*'"},
    {"UNC target", "\\\\fs01\\share", "bob", CRED_KIND_DOMAIN, NULL, "path separator"},
    {"domain credential without user", "fs01", "", CRED_KIND_DOMAIN, NULL, "has no user"},
    {"domain credential with bad user", "fs01", "a\\b\\c", CRED_KIND_DOMAIN, NULL, "user of the credential"},
    {"generic with control character", "x\001", "bob", CRED_KIND_GENERIC, NULL, "control character"},
    {"unknown type", "fs01", "bob", (model_cred_type)5, NULL, "type 5"},
};

static void test_creds(void)
{
    model *m = model_create();
    ca_error err = {{0}, 0};
    size_t i, added = 0;
    for (i = 0; i < sizeof(creds) / sizeof(creds[0]); i++) {
        const struct cred_case *c = &creds[i];
        ca_status st;
        th_push_context("cred %s", c->what);
        st = model_add_cred(m, c->target, c->user, c->type, &err);
        if (c->want) {
            ok(st == CA_OK, "status %d: %s\n", st, err.msg);
            if (st == CA_OK) {
                const model_cred *k = &m->creds[added++];
                ok(same(k->target, c->want), "target %s\n", k->target);
                ok(same(k->raw_target, c->target), "raw target %s\n", k->raw_target);
                ok(same(k->user, c->user ? c->user : ""), "user %s\n", k->user);
                ok(k->type == c->type, "type\n");
            }
        } else {
            ok(st == CA_ERR_INVALID, "status %d\n", st);
            ok(strstr(err.msg, c->message) != NULL, "message \"%s\" lacks \"%s\"\n", err.msg, c->message);
        }
        ok(m->cred_count == added, "count %zu\n", m->cred_count);
        th_pop_context();
    }
    model_remove_cred(m, 0);
    ok(m->cred_count == added - 1 && same(m->creds[0].target, "fs01.corp.example"),
       "remove_cred keeps order\n");
    model_remove_cred(m, 999);
    ok(m->cred_count == added - 1, "out-of-range index ignored\n");
    model_free(m);
}

static void test_dfs(void)
{
    model *m = model_create();
    ca_error err = {{0}, 0};
    ok(model_add_dfs(m, "\\\\corp.example\\dfs\\team", "\\\\fs02\\team$\\data", &err) == CA_OK, "dfs: %s\n",
       err.msg);
    ok(m->dfs_count == 1 && same(m->dfs[0].path, "\\\\corp.example\\dfs\\team") &&
           same(m->dfs[0].target, "\\\\fs02\\team$\\data"),
       "stored normalised\n");
    ok(model_add_dfs(m, "//corp.example/dfs", "//fs02/x", &err) == CA_OK &&
           same(m->dfs[1].path, "\\\\corp.example\\dfs"),
       "slashes normalised\n");
    ok(model_add_dfs(m, "O:\\x", "\\\\fs02\\x", &err) == CA_ERR_INVALID && strstr(err.msg, "DFS path: "),
       "drive path rejected: %s\n", err.msg);
    ok(model_add_dfs(m, "\\\\corp\\dfs", "\\\\fs02", &err) == CA_ERR_INVALID &&
           strstr(err.msg, "DFS target: missing share"),
       "target without share rejected: %s\n", err.msg);
    ok(m->dfs_count == 2, "only the good ones stored\n");
    model_free(m);
}

static int group_is(const model_host *h, const char *const *names, size_t count)
{
    size_t i;
    if (!h || h->count != count)
        return 0;
    for (i = 0; i < count; i++)
        if (!same(h->names[i], names[i]))
            return 0;
    return 1;
}

static void test_hosts(void)
{
    static const char *const g1[] = {"hka-fs01", "hka-fs01.iai.nl", "192.0.2.40"};
    static const char *const g2[] = {"fs02", "FS02", "fs02.corp.example"};
    static const char *const g3[] = {"fs03", "fs03.corp.example"};
    static const char *const bridge[] = {"FS02.corp.example", "fs03", "new"};
    static const char *const want23[] = {"fs02", "fs02.corp.example", "fs03", "fs03.corp.example", "new"};
    static const char *const bad[] = {"ok", "bad name"};
    static const char *const want2[] = {"fs02", "fs02.corp.example"};
    model *m = model_create(), *c;
    ca_error err = {{0}, 0};
    ok(model_add_host(m, g1, 3, &err) == CA_OK && m->host_count == 1 && group_is(&m->hosts[0], g1, 3),
       "first group: %s\n", err.msg);
    ok(model_add_host(m, g2, 3, &err) == CA_OK && m->host_count == 2 && group_is(&m->hosts[1], want2, 2),
       "second group, duplicate spelling dropped\n");
    ok(model_add_host(m, g3, 2, &err) == CA_OK && m->host_count == 3, "third group\n");
    ok(model_add_host(m, bridge, 3, &err) == CA_OK, "bridging group: %s\n", err.msg);
    ok(m->host_count == 2, "groups sharing a name merged (%zu groups)\n", m->host_count);
    ok(group_is(&m->hosts[0], g1, 3), "unrelated group untouched\n");
    ok(group_is(&m->hosts[1], want23, 5),
       "merged group in place of the first, first spellings kept (%zu names)\n", m->hosts[1].count);
    ok(model_host_of(m, "HKA-FS01.IAI.NL") == &m->hosts[0], "host_of is case-insensitive\n");
    ok(model_host_of(m, "new") == &m->hosts[1], "host_of finds merged names\n");
    ok(model_host_of(m, "elsewhere") == NULL && model_host_of(m, NULL) == NULL, "host_of unknown\n");
    ok(model_add_host(m, bad, 2, &err) == CA_ERR_INVALID && strstr(err.msg, "host name: ") &&
           strstr(err.msg, "not allowed in a server name"),
       "invalid name: %s\n", err.msg);
    ok(model_add_host(m, g1, 0, &err) == CA_ERR_INVALID && strstr(err.msg, "at least one name"),
       "no names\n");
    ok(m->host_count == 2 && !model_host_of(m, "ok"), "rejected groups leave nothing behind\n");

    c = model_clone(m);
    ok(c && c->host_count == 2 && group_is(&c->hosts[1], want23, 5) &&
           c->hosts[1].names[0] != m->hosts[1].names[0],
       "clone copies hosts deeply\n");
    model_free(c);
    model_free(m);
}

static void test_clone(void)
{
    model *m = model_create(), *c;
    ca_error err = {{0}, 0};
    size_t i;
    model_set_logon(m, "IAI\\bp", &err);
    model_add_use(m, "O:", "\\\\hka-fs01\\data", NULL, USE_STATUS_OK, 3, 2, &err);
    model_add_use(m, "-", "\\\\hka-fs01\\IPC$", "IAI\\svc", USE_STATUS_DISCONNECTED, -1, -1, &err);
    model_add_cred(m, "Domain:target=hka-fs01", "IAI\\svc", CRED_KIND_DOMAIN, &err);
    model_add_dfs(m, "\\\\iai.nl\\dfs", "\\\\hka-fs01\\dfsroot", &err);
    m->elevated = 1;
    m->users_unknown = 1;
    m->skipped_uses = 4;
    strcpy(m->source, "scenario");
    c = model_clone(m);
    ok(c != NULL, "clone\n");
    if (!c)
        return;
    ok(same(c->logon_user, "IAI\\bp") && c->logon_user != m->logon_user, "logon user copied\n");
    ok(c->use_count == 2 && c->cred_count == 1 && c->dfs_count == 1, "counts\n");
    for (i = 0; i < c->use_count; i++) {
        ok(same(c->uses[i].remote, m->uses[i].remote) && c->uses[i].remote != m->uses[i].remote,
           "remote %zu\n", i);
        ok(same(c->uses[i].local, m->uses[i].local) && same(c->uses[i].user, m->uses[i].user),
           "local/user %zu\n", i);
        ok(c->uses[i].kind == m->uses[i].kind && c->uses[i].status == m->uses[i].status &&
               c->uses[i].open_files == m->uses[i].open_files && c->uses[i].use_count == m->uses[i].use_count,
           "fields %zu\n", i);
    }
    ok(same(c->creds[0].target, "hka-fs01") && same(c->creds[0].raw_target, "Domain:target=hka-fs01") &&
           c->creds[0].target != m->creds[0].target,
       "cred copied\n");
    ok(same(c->dfs[0].target, "\\\\hka-fs01\\dfsroot"), "dfs copied\n");
    ok(c->elevated == 1 && c->users_unknown == 1 && c->skipped_uses == 4 && !strcmp(c->source, "scenario"),
       "flags copied\n");
    /* The clone is independent and can grow. */
    model_remove_use(c, 0);
    ok(model_add_use(c, "P:", "\\\\x\\y", NULL, USE_STATUS_OK, -1, -1, &err) == CA_OK, "clone grows\n");
    ok(m->use_count == 2 && same(m->uses[0].local, "O:"), "original untouched\n");
    model_free(c);
    model_free(m);
    c = model_create();
    m = model_clone(c);
    ok(m && !m->use_count && !m->uses && m->elevated == -1, "an empty model clones\n");
    model_free(m);
    model_free(c);
}

static void test_find_and_resolve(void)
{
    model *m = model_create();
    ca_error err = {{0}, 0};
    unc_path p;
    model_add_use(m, "O:", "\\\\hka-fs01\\data", NULL, USE_STATUS_OK, -1, -1, &err);
    model_add_use(m, "W:", "\\\\hka-fs01\\data\\machine", NULL, USE_STATUS_OK, -1, -1, &err);
    model_add_use(m, "LPT2:", "\\\\prn\\q", NULL, USE_STATUS_OK, -1, -1, &err);
    ok(model_find_local(m, "o:") == 0 && model_find_local(m, "W:") == 1, "find drives\n");
    ok(model_find_local(m, "lpt2") == 2, "find printer in another spelling\n");
    ok(model_find_local(m, "Q:") == -1 && model_find_local(m, "-") == -1 && model_find_local(m, NULL) == -1 &&
           model_find_local(m, "junk") == -1,
       "not found\n");

    ok(model_resolve_path(m, "O:", UNC_NEED_SHARE, &p, &err) == CA_OK && same(p.full, "\\\\hka-fs01\\data"),
       "O: alone: %s\n", err.msg);
    unc_path_cleanup(&p);
    ok(model_resolve_path(m, "o:\\sub\\dir", 0, &p, &err) == CA_OK &&
           same(p.full, "\\\\hka-fs01\\data\\sub\\dir") && same(p.server, "hka-fs01") &&
           same(p.rest, "\\sub\\dir"),
       "o:\\sub\\dir\n");
    unc_path_cleanup(&p);
    ok(model_resolve_path(m, "O:\\", 0, &p, &err) == CA_OK && same(p.full, "\\\\hka-fs01\\data"), "O:\\\n");
    unc_path_cleanup(&p);
    ok(model_resolve_path(m, "W:/x/y", 0, &p, &err) == CA_OK &&
           same(p.full, "\\\\hka-fs01\\data\\machine\\x\\y"),
       "a drive mapped below a share keeps its path\n");
    unc_path_cleanup(&p);
    ok(model_resolve_path(m, "Q:\\x", 0, &p, &err) == CA_ERR_NOT_FOUND &&
           strstr(err.msg, "drive Q: is not connected"),
       "unknown letter: %s\n", err.msg);
    ok(!p.full, "out zeroed on failure\n");
    ok(model_resolve_path(m, "O:sub", 0, &p, &err) == CA_ERR_INVALID && strstr(err.msg, "write O:\\sub"),
       "drive-relative path: %s\n", err.msg);
    ok(model_resolve_path(m, "O:\\a*b", 0, &p, &err) == CA_ERR_INVALID &&
           strstr(err.msg, "'*' is not allowed"),
       "rest validated: %s\n", err.msg);
    ok(model_resolve_path(m, "\\\\fs9\\x", UNC_NEED_SHARE, &p, &err) == CA_OK && same(p.full, "\\\\fs9\\x"),
       "UNC passes through\n");
    unc_path_cleanup(&p);
    ok(model_resolve_path(m, "\\\\fs9", UNC_NEED_SHARE, &p, &err) == CA_ERR_INVALID &&
           strstr(err.msg, "missing share"),
       "flags pass through\n");
    ok(model_resolve_path(m, "\\\\fs9", 0, &p, &err) == CA_OK && !p.share, "bare server without the flag\n");
    unc_path_cleanup(&p);
    model_free(m);
}

static void test_names(void)
{
    static const char *const statuses[] = {"ok",         "paused",       "disconnected", "error",
                                           "connecting", "reconnecting", "unavailable"};
    static const char *const kinds[] = {"drive", "printer", "driveless", "ipc"};
    int i;
    for (i = 0; i <= USE_STATUS_UNAVAILABLE; i++)
        ok(!strcmp(model_use_status_name((model_use_status)i), statuses[i]), "status %d is %s\n", i,
           model_use_status_name((model_use_status)i));
    for (i = 0; i <= USE_KIND_IPC; i++)
        ok(!strcmp(model_use_kind_name((model_use_kind)i), kinds[i]), "kind %d is %s\n", i,
           model_use_kind_name((model_use_kind)i));
    ok(!strcmp(model_use_status_name((model_use_status)42), "unknown"), "unknown status\n");
    ok(!strcmp(model_use_kind_name((model_use_kind)42), "unknown"), "unknown kind\n");
}

/* Many uses: the arrays grow geometrically (this would crawl if they grew by one). */
static void test_many(void)
{
    model *m = model_create();
    ca_error err = {{0}, 0};
    char remote[64];
    size_t i, n = 100000, bad = 0;
    for (i = 0; i < n; i++) {
        snprintf(remote, sizeof(remote), "\\\\srv%zu\\share%zu", i % 977, i);
        if (model_add_use(m, i < 26 ? (char[]){(char)('A' + i), ':', 0} : NULL, remote, NULL, USE_STATUS_OK,
                          -1, -1, &err) != CA_OK)
            bad++;
    }
    ok(!bad && m->use_count == n, "%zu uses added, %zu failed: %s\n", m->use_count, bad, err.msg);
    ok(m->use_cap >= n && m->use_cap < 4 * n, "capacity %zu\n", m->use_cap);
    ok(!strcmp(m->uses[n - 1].share, "share99999") && model_find_local(m, "Z:") == 25, "last use and Z:\n");
    model_free(m);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_create();
    test_uses();
    test_creds();
    test_dfs();
    test_hosts();
    test_clone();
    test_find_and_resolve();
    test_names();
    test_many();
    return th_finish();
}
