/* Tests of the 1219 predictor: one table case per rule bullet (R1–R7), the shared scenarios, bad input. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "predict.h"
#include "render.h"
#include "scenario.h"

/* Scenario texts use forward slashes (unc_parse accepts them); signatures
 * below print backslashes as '/' too, so the table stays readable. */
#define SERVERFAULT                                                                                          \
    "logon IAI\\bp\n"                                                                                        \
    "use O: //hka-fs01/data\n"                                                                               \
    "use W: //hka-fs01/data/machine\n"                                                                       \
    "use Y: //hka-fs01/data/machine/300\n"                                                                   \
    "use Z: //hka-fs01.iai.nl/data\n"                                                                        \
    "host hka-fs01 hka-fs01.iai.nl 192.0.2.40\n"
#define TECHNICIAN                                                                                           \
    "logon CUSTOMER\\operator\n"                                                                             \
    "use - //host01/IPC$\n"                                                                                  \
    "use - //host01/public\n"                                                                                \
    "use M: //host01/machines status=ok open=2\n"                                                            \
    "cred host01 CUSTOMER\\operator\n"                                                                       \
    "host host01 host01.customer.local 198.51.100.10\n"
#define EXPLICIT_BOB "logon CORP\\me\nuse X: //fs01/data user=CORP\\bob\n"

enum { F_ELEVATED = 1, F_USERS_UNKNOWN = 2 };
enum { OK_ = 0, CONFLICT = 1 };

struct rule_case {
    const char *rule; /* the rule of docs/1219-rules this case stands for */
    const char *what;
    const char *scenario;
    unsigned flags;
    const char *path, *user;
    int conflict;
    predict_reason reason;
    predict_certainty certainty;
    const char *slot_user; /* NULL: no slot user */
    const char *conflicts; /* local or remote per use, '~' marks via DFS */
    const char *fixes;     /* see fix_sig() */
    const char *warnings;  /* warning kinds in order */
    const char *effective; /* effective user, NULL: not checked */
};

static const struct rule_case cases[] = {
    /* R1: one logon session; say so when the data is the elevated session's. */
    {"R1", "elevated session is named", SERVERFAULT, F_ELEVATED, "//hka-fs01/data", NULL, OK_,
     REASON_DEFAULT_MATCHES, CERTAINTY_HIGH, "IAI/bp", "", "", "elevated same_machine", "IAI/bp"},
    {"R1", "user names unknown lowers certainty", SERVERFAULT, F_USERS_UNKNOWN, "//hka-fs01/data", "IAI\\svc",
     CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_MEDIUM, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "users_unknown same_machine", NULL},

    /* R2: the server name as typed is the slot. */
    {"R2", "NetBIOS name: O:, W:, Y: share one slot", SERVERFAULT, 0, "//hka-fs01/data", "IAI\\svc", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "same_machine", "IAI/svc"},
    {"R2", "FQDN is a slot of its own", SERVERFAULT, 0, "//hka-fs01.iai.nl/data", "IAI\\svc", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "IAI/bp", "Z:", "disconnect(Z:), alias(192.0.2.40 low)",
     "same_machine", NULL},
    {"R2", "IP address is a slot of its own", SERVERFAULT, 0, "//192.0.2.40/data", "IAI\\svc", OK_,
     REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "same_machine same_machine", "IAI/svc"},
    {"R2", "IPv6 literal is a slot of its own", SERVERFAULT, 0, "//fe80--1.ipv6-literal.net/data", "IAI\\svc",
     OK_, REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "", NULL},
    {"R2", "trailing dot is its own name (low)", SERVERFAULT, 0, "//hka-fs01./data", "IAI\\svc", OK_,
     REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "", NULL},
    {"R2", "names compare ignoring case (medium)", SERVERFAULT, 0, "//HKA-FS01/data", "IAI\\svc", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_MEDIUM, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "same_machine", NULL},
    {"R2", "a bare \\\\server is the same slot", SERVERFAULT, 0, "//hka-fs01", "IAI\\svc", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "same_machine", NULL},
    {"R2", "a drive path resolves through its use", SERVERFAULT, 0, "Y:\\sub\\dir", "IAI\\svc", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "same_machine", NULL},

    /* R3: what different credentials mean. */
    {"R3", "default slot, then an explicit user", SERVERFAULT, 0, "//hka-fs01/data/x", "IAI\\svc", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "same_machine", NULL},
    {"R3", "default slot, then the logon user named explicitly", SERVERFAULT, 0, "//hka-fs01/data", "IAI\\bp",
     CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "IAI/bp",
     "O: W: Y:", "disconnect(O: W: Y:), alias(192.0.2.40 low)", "same_machine", NULL},
    {"R3", "another user", EXPLICIT_BOB, 0, "//fs01/other", "CORP\\eve", CONFLICT, REASON_OTHER_USER,
     CERTAINTY_HIGH, "CORP/bob", "X:", "disconnect(X:)", "", NULL},
    {"R3", "same account without domain (medium)", EXPLICIT_BOB, 0, "//fs01/data", "bob", CONFLICT,
     REASON_SPELLING, CERTAINTY_MEDIUM, "CORP/bob", "X:", "spelling(CORP/bob), disconnect(X:)", "", NULL},
    {"R3", "same account as UPN (medium)", EXPLICIT_BOB, 0, "//fs01/data", "bob@corp.example", CONFLICT,
     REASON_SPELLING, CERTAINTY_MEDIUM, "CORP/bob", "X:", "spelling(CORP/bob), disconnect(X:)", "", NULL},
    {"R3", "exactly the same user shares the slot", EXPLICIT_BOB, 0, "//fs01/data", "CORP\\bob", OK_,
     REASON_SAME_USER, CERTAINTY_HIGH, "CORP/bob", "", "", "", "CORP/bob"},
    {"R3", "the same user in other case shares the slot", EXPLICIT_BOB, 0, "//fs01/data", "corp\\BOB", OK_,
     REASON_SAME_USER, CERTAINTY_HIGH, "CORP/bob", "", "", "", NULL},
    {"R3", "explicit slot, then default: reused (medium)", EXPLICIT_BOB, 0, "//fs01/data", NULL, OK_,
     REASON_DEFAULT_REUSES, CERTAINTY_MEDIUM, "CORP/bob", "", "", "", "CORP/bob"},
    {"R3", "default slot, then default", SERVERFAULT, 0, "//hka-fs01/data", "", OK_, REASON_DEFAULT_MATCHES,
     CERTAINTY_HIGH, "IAI/bp", "", "", "same_machine", "IAI/bp"},
    /* "Same user, different password" cannot be expressed: the model holds no passwords. */

    /* R4: saved credentials make default concrete. */
    {"R4", "saved credential's user holds the slot", TECHNICIAN, 0, "//host01/machines", "CUSTOMER\\svc",
     CONFLICT, REASON_SAVED_CRED_USER, CERTAINTY_HIGH, "CUSTOMER/operator",
     "//host01/IPC$ //host01/public M:",
     "disconnect(M: //host01/public //host01/IPC$ open=2), alias(host01.customer.local medium), "
     "alias(198.51.100.10 low), forget(host01)",
     "open_files", NULL},
    {"R4", "naming the saved credential's own user (open question, medium)", TECHNICIAN, 0,
     "//host01/machines", "CUSTOMER\\operator", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_MEDIUM,
     "CUSTOMER/operator", "//host01/IPC$ //host01/public M:",
     "disconnect(M: //host01/public //host01/IPC$ open=2), alias(host01.customer.local medium), "
     "alias(198.51.100.10 low), forget(host01)",
     "open_files", NULL},
    {"R4", "a default request signs in as the saved user", "logon CORP\\me\ncred fs01 CORP\\saved\n", 0,
     "//fs01/x", NULL, OK_, REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "saved_credential_used",
     "CORP/saved"},
    {"R4", "generic credentials are never used",
     "logon CORP\\me\nuse X: //fs01/d\ncred fs01 CORP\\g type=generic\n", 0, "//fs01/d", "CORP\\g", CONFLICT,
     REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me", "X:", "disconnect(X:)", "", NULL},
    {"R4", "a wildcard applies to the DNS name",
     "logon CORP\\me\nuse X: //fs01.corp.example/d\nuse Y: //fs01/d\ncred *.corp.example CORP\\w\n", 0,
     "//fs01.corp.example/d", "CORP\\other", CONFLICT, REASON_SAVED_CRED_USER, CERTAINTY_HIGH, "CORP/w",
     "X:", "disconnect(X:)", "wide_credential", NULL}, /* issue 12 finding 3: never a forget fix */
    {"R4", "the wildcard does not apply to the NetBIOS name",
     "logon CORP\\me\nuse X: //fs01.corp.example/d\nuse Y: //fs01/d\ncred *.corp.example CORP\\w\n", 0,
     "//fs01/d", "CORP\\other", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "Y:", "disconnect(Y:)", "", NULL},
    {"R4", "an explicit slot is not affected by a saved credential",
     "logon CORP\\me\nuse X: //fs01/d user=CORP\\bob\ncred fs01 CORP\\saved\n", 0, "//fs01/d", NULL, OK_,
     REASON_DEFAULT_REUSES, CERTAINTY_MEDIUM, "CORP/bob", "", "", "", "CORP/bob"},

    /* R5: what holds a slot. */
    {"R5", "a printer redirection holds the slot", "logon CORP\\me\nuse LPT1: //prn01/laser\n", 0,
     "//prn01/laser", "CORP\\x", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "LPT1:", "disconnect(LPT1:)", "", NULL},
    {"R5", "every kind of use, disconnected in safe order",
     "logon CORP\\me\nuse - //s/IPC$\nuse LPT1: //s/p\nuse - //s/d\nuse K: //s/k\n", 0, "//s/k", "CORP\\x",
     CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "//s/IPC$ LPT1: //s/d K:", "disconnect(K: LPT1: //s/d //s/IPC$)", "", NULL},
    {"R5", "a leftover IPC$ alone holds the slot", "logon CORP\\me\nuse - //fs01/IPC$\n", 0, "//fs01/new",
     "CORP\\x", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me", "//fs01/IPC$",
     "disconnect(//fs01/IPC$)", "", NULL},
    {"R5", "a lost session still holds the slot", "logon CORP\\me\nuse G: //fs01/g status=disconnected\n", 0,
     "//fs01/g", "CORP\\x", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "G:", "disconnect(G:)", "", NULL},
    {"R5", "DFS: a namespace use holds the target server's slot",
     "logon CORP\\me\nuse P: //corp/ns/proj\ndfs //corp/ns/proj //fs01/proj\n", 0, "//fs01/proj", "CORP\\svc",
     CONFLICT, REASON_DFS, CERTAINTY_MEDIUM, "CORP/me", "~P:", "disconnect(P:)", "", NULL},
    {"R5", "DFS: a namespace request meets the target server's slot",
     "logon CORP\\me\nuse X: //fs01/proj\ndfs //corp/ns/proj //fs01/proj\n", 0, "//corp/ns/proj/sub",
     "CORP\\svc", CONFLICT, REASON_DFS, CERTAINTY_MEDIUM, NULL, "~X:", "disconnect(X:)", "", NULL},
    {"R5", "DFS: both the namespace and the target conflict",
     "logon CORP\\me\nuse N: //corp/ns\nuse X: //fs01/proj\ndfs //corp/ns/proj //fs01/proj\n", 0,
     "//corp/ns/proj", "CORP\\svc", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "N: ~X:", "disconnect(N: X:)", "", NULL},
    {"R5", "DFS: the same user on the target is fine (medium)",
     "logon CORP\\me\nuse X: //fs01/proj user=CORP\\svc\ndfs //corp/ns/proj //fs01/proj\n", 0,
     "//corp/ns/proj", "CORP\\svc", OK_, REASON_NO_SLOT, CERTAINTY_MEDIUM, NULL, "", "", "", NULL},
    {"R5", "DFS: another namespace path is unrelated",
     "logon CORP\\me\nuse X: //fs01/proj\ndfs //corp/ns/proj //fs01/proj\n", 0, "//corp/ns/projects",
     "CORP\\svc", OK_, REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "", NULL},
    {"R5", "an unavailable remembered drive is a future conflict",
     "logon CORP\\me\nuse R: //fs01/data user=CORP\\bob status=unavailable\n", 0, "//fs01/data", NULL, OK_,
     REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "unavailable_remembered", "CORP/me"},
    {"R5", "an unavailable remembered drive with the same user is fine",
     "logon CORP\\me\nuse R: //fs01/data user=CORP\\bob status=unavailable\n", 0, "//fs01/data", "CORP\\bob",
     OK_, REASON_NO_SLOT, CERTAINTY_HIGH, NULL, "", "", "", NULL},
    {"R5", "a remembered drive is warned, not listed as a conflict",
     "logon CORP\\me\nuse R: //fs01/data status=unavailable\nuse - //fs01/IPC$\n", 0, "//fs01/x", "CORP\\bob",
     CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me", "//fs01/IPC$",
     "disconnect(//fs01/IPC$)", "unavailable_remembered", NULL},

    /* R6: clearing a slot means every use, IPC$ last, open files named. */
    {"R6", "disconnect plan covers drive-less uses and IPC$", TECHNICIAN, 0, "//host01/public",
     "CUSTOMER\\svc", CONFLICT, REASON_SAVED_CRED_USER, CERTAINTY_HIGH, "CUSTOMER/operator",
     "//host01/IPC$ //host01/public M:",
     "disconnect(M: //host01/public //host01/IPC$ open=2), alias(host01.customer.local medium), "
     "alias(198.51.100.10 low), forget(host01)",
     "open_files", NULL},

    /* R7: another name of the machine; only names whose own slot would not fail. */
    {"R7", "aliases safest first; one held by the requested user is offered",
     "logon CORP\\me\nuse X: //fs01/d\nuse - //192.0.2.9/d user=CORP\\svc\n"
     "host fs01 fs01.corp.example 192.0.2.9 files.corp.example\n",
     0, "//fs01/d", "CORP\\svc", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me", "X:",
     "disconnect(X:), alias(fs01.corp.example medium), alias(192.0.2.9 low), alias(files.corp.example low)",
     "same_machine", NULL},
    {"R7", "an alias held by someone else is not offered",
     "logon CORP\\me\nuse X: //fs01/d\nuse Y: //fs01.corp.example/d user=CORP\\eve\n"
     "host fs01 fs01.corp.example\n",
     0, "//fs01/d", "CORP\\svc", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "X:", "disconnect(X:)", "same_machine", NULL},
    {"R7", "from an address, the machine's names are the safe way round",
     "logon CORP\\me\nuse X: //10.0.0.5/d\nhost 10.0.0.5 fs01 fs01.corp.example\n", 0, "//10.0.0.5/d/sub",
     "CORP\\svc", CONFLICT, REASON_DEFAULT_THEN_EXPLICIT, CERTAINTY_HIGH, "CORP/me",
     "X:", "disconnect(X:), alias(fs01 medium), alias(fs01.corp.example medium)", "", NULL},
};

/* Appends s to buf with backslashes shown as '/'. */
static void sig_add(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    for (; s && *s && n + 1 < size; s++)
        buf[n++] = *s == '\\' ? '/' : *s;
    buf[n] = 0;
}

static const char *slashed(const char *s)
{
    static char buf[256];
    buf[0] = 0;
    if (!s)
        return NULL;
    sig_add(buf, sizeof(buf), s);
    return buf;
}

static const char *use_label(const model *m, size_t i)
{
    return m->uses[i].local ? m->uses[i].local : m->uses[i].remote;
}

static const char *conflict_sig(const model *m, const prediction *p)
{
    static char buf[1024];
    size_t i;
    buf[0] = 0;
    for (i = 0; i < p->conflict_count; i++) {
        if (i)
            sig_add(buf, sizeof(buf), " ");
        if (p->conflicts[i].via_dfs)
            sig_add(buf, sizeof(buf), "~");
        sig_add(buf, sizeof(buf), use_label(m, p->conflicts[i].use));
    }
    return buf;
}

static const char *fix_sig(const model *m, const prediction *p)
{
    static char buf[1024];
    char tmp[64];
    size_t i, k;
    buf[0] = 0;
    for (i = 0; i < p->fix_count; i++) {
        const predict_fix *f = &p->fixes[i];
        if (i)
            sig_add(buf, sizeof(buf), ", ");
        switch (f->kind) {
        case FIX_DISCONNECT:
            sig_add(buf, sizeof(buf), "disconnect(");
            for (k = 0; k < f->use_count; k++) {
                if (k)
                    sig_add(buf, sizeof(buf), " ");
                sig_add(buf, sizeof(buf), use_label(m, f->uses[k]));
            }
            if (f->open_files) {
                snprintf(tmp, sizeof(tmp), " open=%d", f->open_files);
                sig_add(buf, sizeof(buf), tmp);
            }
            break;
        case FIX_ALIAS:
            sig_add(buf, sizeof(buf), "alias(");
            sig_add(buf, sizeof(buf), f->alias);
            sig_add(buf, sizeof(buf), " ");
            sig_add(buf, sizeof(buf), predict_certainty_name(f->alias_certainty));
            break;
        case FIX_FORGET_CREDENTIAL:
            sig_add(buf, sizeof(buf), "forget(");
            sig_add(buf, sizeof(buf), f->cred >= 0 ? m->creds[f->cred].target : "?");
            break;
        case FIX_USE_SPELLING:
            sig_add(buf, sizeof(buf), "spelling(");
            sig_add(buf, sizeof(buf), f->user);
            break;
        }
        sig_add(buf, sizeof(buf), ")");
    }
    return buf;
}

static const char *warning_sig(const prediction *p)
{
    static char buf[512];
    size_t i;
    buf[0] = 0;
    for (i = 0; i < p->warning_count; i++) {
        if (i)
            sig_add(buf, sizeof(buf), " ");
        sig_add(buf, sizeof(buf), predict_warning_name(p->warnings[i].kind));
    }
    return buf;
}

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

static const char *str(const char *s)
{
    return s ? s : "(null)";
}

static model *load(const char *text)
{
    model *m = NULL;
    ca_error err = {{0}, 0};
    if (scenario_parse("case", text, strlen(text), &m, &err) != CA_OK)
        ok(0, "scenario does not parse: %s\n", err.msg);
    return m;
}

static void check_invariants(const model *m, const prediction *p)
{
    size_t i;
    int text_ok = 1;
    ok((p->verdict == VERDICT_CONFLICT) == (p->conflict_count > 0), "a conflict names its uses\n");
    ok(p->verdict == VERDICT_CONFLICT || p->fix_count == 0, "no fixes without a conflict\n");
    ok(p->certainty != CERTAINTY_LOW, "the verdict is high or medium\n");
    for (i = 0; i < p->warning_count; i++) {
        strbuf t;
        strbuf_init(&t);
        render_warning_text(&t, m, &p->warnings[i]);
        text_ok &= t.len > 0 && (p->warnings[i].use < (long)m->use_count);
        strbuf_cleanup(&t);
    }
    ok(text_ok, "every warning has a sentence and a valid use\n");
    for (i = 0; i < p->fix_count; i++)
        if (p->fixes[i].kind == FIX_ALIAS)
            ok(p->fixes[i].caveat[0] && p->fixes[i].alias_path &&
                   strstr(p->fixes[i].alias_path, p->fixes[i].alias),
               "alias %s has a path and a caveat\n", p->fixes[i].alias);
}

static void test_rule_table(void)
{
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct rule_case *c = &cases[i];
        model *m;
        prediction p;
        ca_error err = {{0}, 0};
        char want_slot[128];
        th_push_context("%s %s", c->rule, c->what);
        m = load(c->scenario);
        if (!m) {
            th_pop_context();
            continue;
        }
        if (c->flags & F_ELEVATED)
            m->elevated = 1;
        if (c->flags & F_USERS_UNKNOWN)
            m->users_unknown = 1;
        if (!ok(predict_check(m, c->path, c->user, &p, &err) == CA_OK, "predict_check: %s\n", err.msg)) {
            model_free(m);
            th_pop_context();
            continue;
        }
        ok((p.verdict == VERDICT_CONFLICT) == c->conflict, "verdict %d\n", (int)p.verdict);
        ok(p.reason == c->reason, "reason %d, want %d\n", (int)p.reason, (int)c->reason);
        ok(p.certainty == c->certainty, "certainty %s, want %s\n", predict_certainty_name(p.certainty),
           predict_certainty_name(c->certainty));
        snprintf(want_slot, sizeof(want_slot), "%s", str(c->slot_user));
        ok(same_str(slashed(p.slot_user), c->slot_user), "slot user %s, want %s\n", str(slashed(p.slot_user)),
           want_slot);
        ok(!strcmp(conflict_sig(m, &p), c->conflicts), "conflicts [%s], want [%s]\n", conflict_sig(m, &p),
           c->conflicts);
        ok(!strcmp(fix_sig(m, &p), c->fixes), "fixes [%s]\n     want [%s]\n", fix_sig(m, &p), c->fixes);
        ok(!strcmp(warning_sig(&p), c->warnings), "warnings [%s], want [%s]\n", warning_sig(&p), c->warnings);
        if (c->effective)
            ok(same_str(slashed(p.effective_user), c->effective), "effective user %s, want %s\n",
               str(p.effective_user), c->effective);
        ok(same_str(p.requested_user, c->user && *c->user ? c->user : NULL), "requested user %s\n",
           str(p.requested_user));
        check_invariants(m, &p);
        prediction_cleanup(&p);
        model_free(m);
        th_pop_context();
    }
}

/* Details the table does not show: sentences, caveats, fields. */
static void test_details(void)
{
    model *m = load(SERVERFAULT);
    prediction p;
    const predict_fix *alias = NULL;
    size_t i;
    if (!m)
        return;
    ok(predict_check(m, "\\\\hka-fs01\\data\\machine", "IAI\\svc", &p, NULL) == CA_OK, "check\n");
    ok(!strcmp(str(p.server), "hka-fs01") && p.has_slot && p.slot_user_kind == SLOT_USER_DEFAULT,
       "server as the slot knows it: %s\n", str(p.server));
    ok(!strcmp(str(p.target.full), "\\\\hka-fs01\\data\\machine"), "target kept: %s\n", str(p.target.full));
    for (i = 0; i < p.fix_count; i++)
        if (p.fixes[i].kind == FIX_ALIAS)
            alias = &p.fixes[i];
    ok(alias && !strcmp(alias->alias_path, "\\\\192.0.2.40\\data\\machine") &&
           alias->alias_kind == UNC_NAME_IPV4,
       "alias path keeps share and rest: %s\n", alias ? alias->alias_path : "-");
    ok(alias && strstr(alias->caveat, "NTLM") && strstr(alias->caveat, "Usually works"),
       "R7: IP caveat names NTLM: %s\n", alias ? alias->caveat : "-");
    {
        strbuf t;
        strbuf_init(&t);
        if (p.warning_count)
            render_warning_text(&t, m, &p.warnings[0]);
        ok(p.warning_count == 1 && strstr(strbuf_str(&t), "Z:") &&
               strstr(strbuf_str(&t), "hka-fs01.iai.nl") && p.warnings[0].use == 3,
           "same machine warning names Z:: %s\n", strbuf_str(&t));
        strbuf_cleanup(&t);
    }
    prediction_cleanup(&p);
    ok(p.fixes == NULL && p.server == NULL, "cleanup zeroes\n");
    prediction_cleanup(&p);
    model_free(m);

    m = load("logon CORP\\me\nuse X: //fs01/d\nhost fs01 files.corp.example\n");
    if (m && predict_check(m, "//fs01/d", "CORP\\svc", &p, NULL) == CA_OK) {
        ok(p.fix_count == 2 && p.fixes[1].kind == FIX_ALIAS && strstr(p.fixes[1].caveat, "1396") &&
               p.fixes[1].alias_certainty == CERTAINTY_LOW,
           "R7: a CNAME caveat names 1396: %s\n", p.fix_count > 1 ? p.fixes[1].caveat : "-");
        prediction_cleanup(&p);
    }
    model_free(m);

    m = load(TECHNICIAN);
    if (m && predict_check(m, "//host01/machines", "CUSTOMER\\svc", &p, NULL) == CA_OK) {
        ok(p.fix_count == 4 && p.fixes[3].cred == 0, "forget fix names credential 0\n");
        ok(p.fix_count && p.fixes[0].open_files == 2, "open files total 2\n");
        strbuf t;
        strbuf_init(&t);
        if (p.warning_count)
            render_warning_text(&t, m, &p.warnings[0]);
        ok(p.warning_count == 1 && p.warnings[0].use == 2 && strstr(strbuf_str(&t), "M:") &&
               strstr(strbuf_str(&t), "2 open files") && p.warnings[0].args.number == 2,
           "open files warned on M:: %s\n", strbuf_str(&t));
        strbuf_cleanup(&t);
        ok(!strcmp(str(p.effective_user), "CUSTOMER\\svc"), "effective user is the requested one\n");
        prediction_cleanup(&p);
    }
    /* R6: deleting the saved credential does not drop the live slot. */
    if (m) {
        model_remove_cred(m, 0);
        if (predict_check(m, "//host01/machines", "CUSTOMER\\svc", &p, NULL) == CA_OK) {
            ok(p.verdict == VERDICT_CONFLICT && p.reason == REASON_DEFAULT_THEN_EXPLICIT &&
                   p.conflict_count == 3,
               "R6: without the credential the slot still conflicts (reason %d)\n", (int)p.reason);
            prediction_cleanup(&p);
        }
    }
    model_free(m);
}

static void test_bad_input(void)
{
    model *m = load(SERVERFAULT);
    prediction p;
    ca_error err = {{0}, 0};
    if (!m)
        return;
    memset(&p, 0x5a, sizeof(p));
    ok(predict_check(m, "Q:\\x", NULL, &p, &err) == CA_ERR_NOT_FOUND && err.msg[0] && !p.server && !p.fixes,
       "unknown drive: %s\n", err.msg);
    ok(predict_check(m, "\\\\", NULL, &p, &err) == CA_ERR_INVALID && err.msg[0], "bad path: %s\n", err.msg);
    ok(predict_check(m, "", NULL, &p, &err) == CA_ERR_INVALID, "empty path\n");
    ok(predict_check(m, NULL, NULL, &p, &err) == CA_ERR_INVALID, "NULL path\n");
    ok(predict_check(m, "//fs/x", "a\\b\\c", &p, &err) == CA_ERR_INVALID && strstr(err.msg, "user"),
       "bad user: %s\n", err.msg);
    ok(predict_check(NULL, "//fs/x", NULL, &p, &err) == CA_ERR_INVALID, "NULL model\n");
    ok(predict_check(m, "//fs/x", NULL, NULL, &err) == CA_ERR_INVALID, "NULL output\n");
    ok(predict_check(m, "//fs/x", NULL, &p, NULL) == CA_OK, "NULL error is allowed\n");
    prediction_cleanup(&p);
    ok(!strcmp(predict_certainty_name(CERTAINTY_MEDIUM), "medium") &&
           !strcmp(predict_fix_kind_name(FIX_FORGET_CREDENTIAL), "forget_credential") &&
           !strcmp(predict_fix_kind_name(FIX_USE_SPELLING), "use_spelling"),
       "names\n");
    model_free(m);
}

/* The shared example scenarios, loaded from files. */
static void test_scenario_files(const char *dir)
{
    char path[1024];
    model *m = NULL;
    prediction p;
    ca_error err = {{0}, 0};

    snprintf(path, sizeof(path), "%s/serverfault-773082.scenario", dir);
    if (!ok(scenario_load_file(path, &m, &err) == CA_OK, "load %s: %s\n", path, err.msg))
        return;
    th_push_context("serverfault");
    if (predict_check(m, "\\\\hka-fs01\\data", "IAI\\svc", &p, &err) == CA_OK) {
        ok(p.verdict == VERDICT_CONFLICT && !strcmp(conflict_sig(m, &p), "O: W: Y:"),
           "as IAI\\svc: conflict with O:, W:, Y: (not Z:): %s\n", conflict_sig(m, &p));
        prediction_cleanup(&p);
    }
    if (predict_check(m, "\\\\hka-fs01.iai.nl\\data", "IAI\\other", &p, &err) == CA_OK) {
        ok(p.verdict == VERDICT_CONFLICT && !strcmp(conflict_sig(m, &p), "Z:"), "FQDN: Z: only: %s\n",
           conflict_sig(m, &p));
        prediction_cleanup(&p);
    }
    if (predict_check(m, "\\\\hka-fs01\\data", NULL, &p, &err) == CA_OK) {
        ok(p.verdict == VERDICT_OK && p.conflict_count == 0, "default request is fine\n");
        prediction_cleanup(&p);
    }
    th_pop_context();
    model_free(m);

    snprintf(path, sizeof(path), "%s/technician-customer-site.scenario", dir);
    m = NULL;
    if (!ok(scenario_load_file(path, &m, &err) == CA_OK, "load %s: %s\n", path, err.msg))
        return;
    th_push_context("technician");
    if (predict_check(m, "\\\\host01\\machines", "SERVICE\\tech", &p, &err) == CA_OK) {
        ok(p.verdict == VERDICT_CONFLICT && !strcmp(conflict_sig(m, &p), "//host01/IPC$ //host01/public M:"),
           "conflict with IPC$, public, M:: %s\n", conflict_sig(m, &p));
        ok(!strcmp(warning_sig(&p), "open_files"), "open files warned: %s\n", warning_sig(&p));
        ok(!strcmp(fix_sig(m, &p),
                   "disconnect(M: //host01/public //host01/IPC$ open=2), "
                   "alias(host01.customer.local medium), alias(198.51.100.10 low), forget(host01)"),
           "fixes: %s\n", fix_sig(m, &p));
        prediction_cleanup(&p);
    }
    th_pop_context();
    model_free(m);
}

/* Big models stay correct (speed is measured by tests/bench, not here). */
static void test_large(void)
{
    model *m = model_create();
    prediction p;
    char remote[64], target[64];
    int i;
    model_set_logon(m, "CORP\\me", NULL);
    for (i = 0; i < 5000; i++) {
        snprintf(remote, sizeof(remote), "\\\\srv%04d\\share%d", i % 1000, i % 3);
        model_add_use(m, NULL, remote, i % 1000 == 7 ? "CORP\\bob" : NULL, USE_STATUS_OK, 0, -1, NULL);
        snprintf(target, sizeof(target), "srv%04d", i);
        model_add_cred(m, target, "CORP\\saved", CRED_KIND_DOMAIN, NULL);
    }
    if (predict_check(m, "\\\\srv0007\\share0", "CORP\\eve", &p, NULL) == CA_OK) {
        ok(p.verdict == VERDICT_CONFLICT && p.reason == REASON_OTHER_USER && p.conflict_count == 5,
           "large: other user on srv0007, %zu uses\n", p.conflict_count);
        prediction_cleanup(&p);
    }
    if (predict_check(m, "\\\\srv0008\\share0", "CORP\\saved", &p, NULL) == CA_OK) {
        ok(p.verdict == VERDICT_CONFLICT && p.slot_user_kind == SLOT_USER_SAVED &&
               p.certainty == CERTAINTY_MEDIUM,
           "large: saved credential on srv0008\n");
        prediction_cleanup(&p);
    }
    if (predict_check(m, "\\\\srv4999\\x", NULL, &p, NULL) == CA_OK) {
        ok(p.verdict == VERDICT_OK && !strcmp(str(p.effective_user), "CORP\\saved"), "large: free server\n");
        prediction_cleanup(&p);
    }
    model_free(m);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    int i;
    th_init(argc, argv);
    for (i = 1; i < argc; i++)
        if (argv[i][0] != '-')
            dir = argv[i];
    test_rule_table();
    test_details();
    test_bad_input();
    if (dir)
        test_scenario_files(dir);
    else
        skip("no scenario directory given\n");
    test_large();
    return th_finish();
}
