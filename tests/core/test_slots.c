/* Tests of session slots (R2–R5) and saved-credential matching (R4). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model.h"
#include "scenario.h"

static model *load(const char *text)
{
    model *m = NULL;
    ca_error err = {{0}, 0};
    if (scenario_parse("test", text, strlen(text), &m, &err) != CA_OK) {
        ok(0, "scenario does not parse: %s\n", err.msg);
        return NULL;
    }
    return m;
}

static const char *str(const char *s)
{
    return s ? s : "(null)";
}

/* The slot's uses as "O: W: \\srv\share" (local, else remote). */
static const char *uses_of(const model *m, const model_slot *s)
{
    static char buf[512];
    size_t i, n = 0;
    buf[0] = 0;
    for (i = 0; s && i < s->count; i++) {
        const model_use *u = &m->uses[s->uses[i]];
        n +=
            (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "", u->local ? u->local : u->remote);
        if (n >= sizeof(buf))
            break;
    }
    return buf;
}

static void test_serverfault(void)
{
    model *m = load("logon IAI\\bp\n"
                    "use O: \\\\hka-fs01\\data\n"
                    "use W: \\\\hka-fs01\\data\\machine\n"
                    "use Y: \\\\hka-fs01\\data\\machine\\300\n"
                    "use Z: \\\\hka-fs01.iai.nl\\data\n"
                    "host hka-fs01 hka-fs01.iai.nl 192.0.2.40\n");
    model_slots s;
    ca_error err = {{0}, 0};
    const model_slot *a, *b;
    if (!m)
        return;
    ok(model_build_slots(m, &s, &err) == CA_OK, "build: %s\n", err.msg);
    ok(s.count == 2, "R2: two slots (NetBIOS name and FQDN are different names), got %zu\n", s.count);
    a = model_slots_find(&s, "hka-fs01");
    b = model_slots_find(&s, "HKA-FS01.IAI.NL");
    ok(a && !strcmp(uses_of(m, a), "O: W: Y:"), "hka-fs01 holds O: W: Y:, got %s\n", uses_of(m, a));
    ok(b && !strcmp(uses_of(m, b), "Z:"), "hka-fs01.iai.nl holds Z:, got %s\n", uses_of(m, b));
    ok(a && a->user_kind == SLOT_USER_DEFAULT && !strcmp(str(a->user), "IAI\\bp") && !a->cred,
       "default slot signs in as the logon user: %s\n", a ? str(a->user) : "-");
    ok(s.count == 2 && !strcmp(s.items[0].server, "hka-fs01") &&
           !strcmp(s.items[1].server, "hka-fs01.iai.nl"),
       "items sorted: %s, %s\n", s.count ? s.items[0].server : "", s.count > 1 ? s.items[1].server : "");
    ok(!model_slots_find(&s, "192.0.2.40"), "R2: the address has no slot although it is the same machine\n");
    ok(!model_slots_find(&s, "hka-fs0"), "no prefix matches\n");
    ok(!model_slots_find(&s, NULL) && !model_slots_find(NULL, "x"), "NULL finds nothing\n");
    model_slots_cleanup(&s);
    ok(s.items == NULL && s.count == 0, "cleanup zeroes\n");
    model_slots_cleanup(&s);
    model_free(m);
}

static void test_technician(void)
{
    model *m = load("logon CUSTOMER\\operator\n"
                    "use - \\\\host01\\IPC$\n"
                    "use - \\\\host01\\public\n"
                    "use M: \\\\host01\\machines status=ok open=2\n"
                    "cred host01 CUSTOMER\\operator\n"
                    "host host01 host01.customer.local 198.51.100.10\n");
    model_slots s;
    const model_slot *a;
    if (!m)
        return;
    ok(model_build_slots(m, &s, NULL) == CA_OK, "build\n");
    a = model_slots_find(&s, "HOST01");
    ok(s.count == 1 && a, "one slot\n");
    ok(a && !strcmp(uses_of(m, a), "\\\\host01\\IPC$ \\\\host01\\public M:"),
       "R5: drive-less and IPC$ uses hold the slot too, model order: %s\n", uses_of(m, a));
    ok(a && a->user_kind == SLOT_USER_SAVED && a->cred == &m->creds[0] &&
           !strcmp(str(a->user), "CUSTOMER\\operator"),
       "R4: default made concrete by the saved credential: kind %d user %s\n", a ? (int)a->user_kind : -1,
       a ? str(a->user) : "-");
    ok(a && a->open_files == 2, "open files summed: %d\n", a ? a->open_files : -1);
    model_slots_cleanup(&s);
    model_free(m);
}

static void test_user_kinds(void)
{
    model *m = load("logon CORP\\me\n"
                    "use - \\\\fs1\\IPC$\n"
                    "use A: \\\\fs1\\a user=CORP\\bob\n"
                    "use B: \\\\FS1\\b user=corp\\BOB\n"
                    "use C: \\\\fs2\\c user=CORP\\bob\n"
                    "use D: \\\\fs2\\d user=CORP\\eve\n"
                    "use E: \\\\fs3\\e status=unavailable user=CORP\\x\n"
                    "use F: \\\\fs4\\f status=unavailable\n"
                    "use G: \\\\fs4\\g status=disconnected open=3\n"
                    "use H: \\\\fs5\\h open=1\n"
                    "use I: \\\\fs5\\i\n"
                    "cred fs5 CORP\\generic type=generic\n");
    model_slots s;
    const model_slot *x;
    if (!m)
        return;
    ok(model_build_slots(m, &s, NULL) == CA_OK, "build\n");
    x = model_slots_find(&s, "fs1");
    ok(x && x->count == 3 && x->user_kind == SLOT_USER_EXPLICIT && !strcmp(str(x->user), "CORP\\bob") &&
           !x->users_differ,
       "R2/R3: names compare ignoring case; explicit if any use names a user (same user in other case)\n");
    ok(x && !strcmp(x->server, "fs1"), "the slot keeps the first use's spelling: %s\n", x ? x->server : "-");
    x = model_slots_find(&s, "fs2");
    ok(x && x->users_differ && !strcmp(str(x->user), "CORP\\bob"), "different explicit users are flagged\n");
    ok(!model_slots_find(&s, "fs3"), "R5: an unavailable remembered drive holds no slot\n");
    x = model_slots_find(&s, "fs4");
    ok(x && x->count == 1 && !strcmp(uses_of(m, x), "G:") && x->open_files == 3,
       "a lost session (disconnected) still counts; the unavailable one does not: %s\n", uses_of(m, x));
    x = model_slots_find(&s, "fs5");
    ok(x && x->user_kind == SLOT_USER_DEFAULT && !x->cred && !strcmp(str(x->user), "CORP\\me") &&
           x->open_files == 1,
       "R4: a generic credential is never used by SMB\n");
    ok(s.count == 4, "four slots, got %zu\n", s.count);
    model_slots_cleanup(&s);
    model_free(m);
}

static void test_empty_and_errors(void)
{
    model *m = model_create();
    model_slots s;
    ca_error err = {{0}, 0};
    ok(model_build_slots(m, &s, &err) == CA_OK && s.count == 0 && !s.items, "an empty model has no slots\n");
    ok(!model_slots_find(&s, "x"), "nothing found in an empty list\n");
    model_slots_cleanup(&s);
    ok(model_build_slots(NULL, &s, &err) == CA_ERR_INVALID && err.msg[0], "NULL model refused: %s\n",
       err.msg);
    ok(model_build_slots(m, NULL, &err) == CA_ERR_INVALID, "NULL output refused\n");
    ok(!model_match_cred(NULL, "x") && !model_match_cred(m, NULL) && !model_match_cred(m, "x"),
       "no credential without a model, a server or credentials\n");
    model_free(m);
}

/* R4 precedence, most specific first. */
struct cred_case {
    const char *what;
    const char *creds; /* "target user [type=generic]" lines */
    const char *hosts; /* optional host line */
    const char *server;
    const char *want; /* target of the chosen credential, NULL for none */
};

static const struct cred_case cred_cases[] = {
    {"exact name", "cred fs01 CORP\\a\n", NULL, "fs01", "fs01"},
    {"exact name ignores case", "cred FS01 CORP\\a\n", NULL, "fs01", "FS01"},
    {"prefix stripped", "cred Domain:target=fs01 CORP\\a\n", NULL, "fs01", "fs01"},
    {"exact DNS name beats wildcard", "cred *.corp.example CORP\\w\ncred fs01.corp.example CORP\\a\n", NULL,
     "fs01.corp.example", "fs01.corp.example"},
    {"exact NetBIOS name is not the DNS name", "cred fs01.corp.example CORP\\a\n", NULL, "fs01", NULL},
    {"wildcard", "cred *.corp.example CORP\\w\n", NULL, "fs01.corp.example", "*.corp.example"},
    {"wildcard on a deeper name", "cred *.example CORP\\w\n", NULL, "a.b.corp.example", "*.example"},
    {"longest suffix wins", "cred *.example CORP\\s\ncred *.corp.example CORP\\l\n", NULL,
     "fs01.corp.example", "*.corp.example"},
    {"longest suffix wins in any order", "cred *.corp.example CORP\\l\ncred *.example CORP\\s\n", NULL,
     "fs01.corp.example", "*.corp.example"},
    {"wildcard does not match the bare suffix", "cred *.corp.example CORP\\w\n", NULL, "corp.example", NULL},
    {"wildcard needs a label boundary", "cred *.example CORP\\w\n", NULL, "fs01.myexample", NULL},
    {"wildcard does not match a NetBIOS name", "cred *.corp.example CORP\\w\n", NULL, "fs01", NULL},
    {"wildcard beats DNS domain", "cred corp.example\\* CORP\\d\ncred *.corp.example CORP\\w\n", NULL,
     "fs01.corp.example", "*.corp.example"},
    {"DNS domain", "cred corp.example\\* CORP\\d\n", NULL, "fs01.corp.example", "corp.example\\*"},
    {"NetBIOS domain (first label of the DNS domain)", "cred CORP\\* CORP\\n\n", NULL, "fs01.corp.example",
     "CORP\\*"},
    {"DNS domain beats NetBIOS domain", "cred CORP\\* CORP\\n\ncred corp.example\\* CORP\\d\n", NULL,
     "fs01.corp.example", "corp.example\\*"},
    {"domain of a NetBIOS name from its host group", "cred CORP\\* CORP\\n\n",
     "host fs01 fs01.corp.example\n", "fs01", "CORP\\*"},
    {"domain unknown for a NetBIOS name without host group", "cred CORP\\* CORP\\n\n", NULL, "fs01", NULL},
    {"host group name must be this name plus a domain", "cred CORP\\* CORP\\n\n",
     "host fs01 files.corp.example\n", "fs01", NULL},
    {"other domain", "cred OTHER\\* CORP\\n\n", NULL, "fs01.corp.example", NULL},
    {"NetBIOS domain beats *Session", "cred *Session CORP\\s\ncred CORP\\* CORP\\n\n", NULL,
     "fs01.corp.example", "CORP\\*"},
    {"*Session", "cred *Session CORP\\s\n", NULL, "fs01", "*Session"},
    {"*Session beats *", "cred * CORP\\any\ncred *session CORP\\s\n", NULL, "fs01", "*session"},
    {"* matches everything", "cred * CORP\\any\n", NULL, "192.0.2.3", "*"},
    {"exact beats everything", "cred * CORP\\any\ncred *Session CORP\\s\ncred fs01 CORP\\a\n", NULL, "fs01",
     "fs01"},
    {"generic never", "cred fs01 CORP\\a type=generic\n", NULL, "fs01", NULL},
    {"generic never, even *", "cred * CORP\\a type=generic\n", NULL, "fs01", NULL},
    {"service-class target never matches", "cred TERMSRV/fs01 CORP\\a\n", NULL, "fs01", NULL},
};

static void test_match_cred(void)
{
    size_t i;
    for (i = 0; i < sizeof(cred_cases) / sizeof(cred_cases[0]); i++) {
        const struct cred_case *c = &cred_cases[i];
        char text[1024];
        model *m;
        const model_cred *got;
        model_slots s;
        const model_slot *slot;
        th_push_context("R4 %s", c->what);
        snprintf(text, sizeof(text), "logon CORP\\me\n%s%s", c->creds, c->hosts ? c->hosts : "");
        m = load(text);
        if (!m) {
            th_pop_context();
            continue;
        }
        got = model_match_cred(m, c->server);
        ok(c->want ? got && !strcmp(got->target, c->want) : !got, "got %s, want %s\n",
           got ? got->target : "none", str(c->want));
        /* The slot list's indexed matcher gives the same answer. */
        snprintf(text, sizeof(text), "\\\\%s\\share", c->server);
        ok(model_add_use(m, NULL, text, NULL, USE_STATUS_OK, 0, 1, NULL) == CA_OK, "use added\n");
        ok(model_build_slots(m, &s, NULL) == CA_OK, "slots\n");
        slot = model_slots_find(&s, c->server);
        ok(slot && slot->cred == got && slot->user_kind == (got ? SLOT_USER_SAVED : SLOT_USER_DEFAULT),
           "slot agrees: %s\n", slot && slot->cred ? slot->cred->target : "none");
        model_slots_cleanup(&s);
        model_free(m);
        th_pop_context();
    }
}

static int ci_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a, y = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (x != y || !x)
            return x - y;
    }
}

/* A small deterministic generator, so that runs repeat. */
static unsigned long long rng_state = 12345;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((rng_state >> 33) % n);
}

/* Random models: the slot list (sorted, indexed) agrees with a plain scan. */
static void test_random_agreement(void)
{
    static const char *const servers[] = {
        "fs01",      "FS01", "fs01.corp.example", "fs02.corp.example", "a.b.corp.example",
        "192.0.2.3", "fs03", "fs03.dev.example",  "fs04.Corp.Example", "fs02"};
    static const char *const targets[] = {
        "fs01",    "*.corp.example",   "*.example",         "corp.example\\*",
        "CORP\\*", "DEV\\*",           "*Session",          "*",
        "fs03",    "*.b.corp.example", "FS02.corp.example", "dev.example\\*"};
    static const char *const users[] = {NULL, NULL, NULL, "CORP\\bob", "CORP\\eve", "bob"};
    int round, bad = 0;
    for (round = 0; round < 200 && !bad; round++) {
        model *m = model_create();
        model_slots s;
        size_t i, k, nuses = 1 + rnd(30), ncreds = rnd(6), total = 0;
        char remote[128];
        static const char *const group1[] = {"fs01", "fs01.corp.example", "192.0.2.3"};
        static const char *const group2[] = {"fs03", "fs03.dev.example"};
        static const char *const group3[] = {"FS02", "fs02.corp.example"};
        model_set_logon(m, "CORP\\me", NULL);
        if (rnd(2))
            model_add_host(m, group1, 3, NULL);
        if (rnd(2))
            model_add_host(m, group2, 2, NULL);
        if (rnd(2))
            model_add_host(m, group3, 2, NULL);
        for (i = 0; i < ncreds; i++)
            model_add_cred(m, targets[rnd(12)], "CORP\\saved", rnd(5) ? CRED_KIND_DOMAIN : CRED_KIND_GENERIC,
                           NULL);
        for (i = 0; i < nuses; i++) {
            snprintf(remote, sizeof(remote), "\\\\%s\\s%u", servers[rnd(10)], rnd(3));
            model_add_use(m, NULL, remote, users[rnd(6)], rnd(8) ? USE_STATUS_OK : USE_STATUS_UNAVAILABLE,
                          (int)rnd(3) - 1, -1, NULL);
        }
        if (model_build_slots(m, &s, NULL) != CA_OK) {
            bad = 1;
            model_free(m);
            break;
        }
        for (i = 0; i < s.count; i++) {
            const model_slot *x = &s.items[i];
            const char *explicit_user = NULL;
            int open = 0;
            total += x->count;
            if (i && ci_cmp(s.items[i - 1].server, x->server) >= 0)
                bad = 1; /* sorted by name, ignoring case, one slot per name */
            for (k = 0; k < x->count; k++) {
                const model_use *u = &m->uses[x->uses[k]];
                if (!unc_server_equal(u->server, x->server) || u->status == USE_STATUS_UNAVAILABLE)
                    bad = 1;
                if (k && x->uses[k] <= x->uses[k - 1])
                    bad = 1; /* model order within a slot */
                if (u->user && !explicit_user)
                    explicit_user = u->user;
                if (u->open_files > 0)
                    open += u->open_files;
            }
            if (explicit_user ? x->user_kind != SLOT_USER_EXPLICIT || x->user != explicit_user
                              : x->cred != model_match_cred(m, x->server))
                bad = 1;
            if (open != x->open_files || model_slots_find(&s, x->server) != x)
                bad = 1;
        }
        for (i = 0, k = 0; i < m->use_count; i++)
            k += m->uses[i].status != USE_STATUS_UNAVAILABLE;
        if (k != total)
            bad = 1;
        if (bad)
            ok(0, "round %d disagrees\n", round);
        model_slots_cleanup(&s);
        model_free(m);
    }
    ok(!bad, "200 random models: slots agree with a plain scan\n");
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_serverfault();
    test_technician();
    test_user_kinds();
    test_empty_and_errors();
    test_match_cred();
    test_random_agreement();
    return th_finish();
}
