/* Tests of the temporary-connection journal (common/core/journal*.c) on the sandbox backend. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "journal.h"
#include "sandbox.h"
#include "scenario.h"
#include "scenario_write.h"

static const char secret[] = "Zebra-Tulip-7731";

static backend *sandbox_of(const char *text)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error e = {{0}, 0};
    ok(scenario_parse("t", text, strlen(text), &m, &e) == CA_OK, "parse: %s\n", e.msg);
    ok(m && sandbox_create(m, &be, &e) == CA_OK, "sandbox: %s\n", e.msg);
    return be;
}

/* The state as scenario text, for comparing states. */
static char *state_text(backend *be)
{
    strbuf sb;
    ca_error e = {{0}, 0};
    char *t;
    strbuf_init(&sb);
    scenario_write(&sb, sandbox_state(be), NULL, 0, 0, NULL, &e);
    t = malloc(sb.len + 1);
    if (t)
        memcpy(t, strbuf_str(&sb), sb.len + 1);
    strbuf_cleanup(&sb);
    return t;
}

static model *snap(backend *be)
{
    model *m = NULL;
    ca_error e = {{0}, 0};
    ok(backend_snapshot(be, &m, &e) == CA_OK, "snapshot: %s\n", e.msg);
    return m;
}

/* Connects like connect --temporary and journals what was created; returns the record's result. */
static ca_status temp_connect(backend *be, journal_store *js, const char *remote, const char *local,
                              const char *user, int save_cred, int remember, long minutes,
                              const char *session, long long now, journal_rec *rec)
{
    model *before = snap(be), *after;
    backend_connect req;
    char assigned[4], password[64];
    const char *names[1];
    ca_error e = {{0}, 0};
    unc_path p;
    ca_status st;
    memset(&req, 0, sizeof(req));
    snprintf(password, sizeof(password), "%s", secret);
    req.remote = remote;
    req.local = local;
    req.user = user;
    req.password = user ? password : NULL;
    req.save_credential = save_cred;
    req.remember = remember;
    st = backend_connect_to(be, &req, assigned, &e);
    ok(st == CA_OK, "connect %s: %s\n", remote, e.msg);
    after = snap(be);
    memset(&p, 0, sizeof(p));
    unc_parse(remote, 0, &p, &e);
    names[0] = p.server;
    st = journal_rec_from_connect(before, after, names, 1, remote, remote, remember, rec, &e);
    if (st == CA_OK) {
        ok(journal_rec_stamp(rec, now, minutes, session, &e) == CA_OK, "stamp\n");
        ok(journal_add(js, rec, &e) == CA_OK, "add: %s\n", e.msg);
    }
    unc_path_cleanup(&p);
    model_free(before);
    model_free(after);
    return st;
}

static void test_format_parse(void)
{
    journal_rec r, back;
    strbuf sb;
    ca_error e = {{0}, 0};
    static const char *const bad[] = {
        "",
        "id=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b",
        "v=2\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=zz\tremote=\\\\a\\b",
        "v=1\tid=t1\tcreated=x\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b",
        "v=1\tid=T/1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b\tpassword=x",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b\tlocal=TT",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b\tuser=a\\b\\c",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b\tcred_target=a",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b\tremote=\\\\a\\c",
        "v=1\tid=t1\tcreated=1\texpires=0\trequested=\\\\a\\b\tserver=a",
        "v=1\tid=t1\tcreated=99999999999999999999\texpires=0\trequested=\\\\a\\b\tserver=a\tremote=\\\\a\\b",
    };
    size_t i;
    memset(&r, 0, sizeof(r));
    snprintf(r.id, sizeof(r.id), "%s", "tabc-12");
    r.created = 1764650000;
    r.expires = 1764653600;
    r.session = "0-3e7@133";
    r.requested = "\\\\fs9.iai.nl\\Team Share";
    r.server = "192.0.2.9";
    r.remote = "\\\\192.0.2.9\\Team Share";
    r.local = "T:";
    r.user = "IAI\\John Smith";
    r.remembered = 1;
    r.cred_target = "192.0.2.9";
    r.cred_user = "IAI\\John Smith";
    strbuf_init(&sb);
    ok(journal_rec_format(&r, &sb, &e) == CA_OK, "format: %s\n", e.msg);
    ok(journal_rec_parse(strbuf_str(&sb), &back, &e) == CA_OK, "parse back: %s (%s)\n", e.msg,
       strbuf_str(&sb));
    ok(!strcmp(back.id, r.id) && back.created == r.created && back.expires == r.expires &&
           !strcmp(back.session, r.session) && !strcmp(back.requested, r.requested) &&
           !strcmp(back.remote, r.remote) && !strcmp(back.local, r.local) && !strcmp(back.user, r.user) &&
           back.remembered && !strcmp(back.cred_target, r.cred_target) &&
           !strcmp(back.cred_user, r.cred_user),
       "round trip\n");
    journal_rec_cleanup(&back);
    strbuf_cleanup(&sb);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ok(journal_rec_parse(bad[i], &back, &e) == CA_ERR_INVALID, "hostile record %zu refused\n", i);
        ok(!back.remote && !back.server, "nothing kept from record %zu\n", i);
    }
    r.user = "IAI\\a\tb";
    strbuf_init(&sb);
    ok(journal_rec_format(&r, &sb, &e) == CA_ERR_INVALID, "a tab in a value is refused\n");
    strbuf_cleanup(&sb);
}

static void test_due(void)
{
    journal_rec r;
    memset(&r, 0, sizeof(r));
    r.session = "s1";
    r.expires = 0;
    ok(!journal_rec_is_due(&r, 1000, "s1", 0), "at sign-out: not due in its own session\n");
    ok(journal_rec_is_due(&r, 1000, "s1", 1), "due with all\n");
    ok(journal_rec_is_due(&r, 1000, "s2", 0), "due in a later session (crash, power loss)\n");
    r.expires = 2000;
    ok(!journal_rec_is_due(&r, 1999, "s1", 0) && journal_rec_is_due(&r, 2000, "s1", 0),
       "timed: due at expiry\n");
    {
        journal_rec two[2];
        memset(two, 0, sizeof(two));
        two[0].session = two[1].session = "s1";
        two[0].expires = 0;
        two[1].expires = 3000;
        ok(journal_next_due(two, 1, 1000, "s1") == 0, "at sign-out only: no timer\n");
        ok(journal_next_due(two, 2, 1000, "s1") == 3000, "the timed one: %lld\n",
           journal_next_due(two, 2, 1000, "s1"));
        ok(journal_next_due(two, 2, 1000, "s0") == 1000, "another session's: due now\n");
        ok(journal_next_due(two, 2, 3001, "s1") == 3001, "past its time: now\n");
    }
}

/* Leave nothing behind: a pre-existing connection to the same server and pre-existing credentials survive. */
static void test_leave_nothing(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n"
                             "use O: \\\\fs9\\data\n"
                             "use - \\\\fs9\\IPC$\n"
                             "cred other-server IAI\\x\n"
                             "cred *.iai.nl IAI\\wide\n");
    journal_store *js = journal_mem_store_create();
    journal_rec rec;
    journal_report rep;
    ca_error e = {{0}, 0};
    char *before = state_text(be), *after, **texts = NULL;
    size_t n = 0, i;
    memset(&rec, 0, sizeof(rec));
    ok(temp_connect(be, js, "\\\\fs9\\tools", "T:", NULL, 0, 0, 60, "s1", 1000, &rec) == CA_OK,
       "journaled\n");
    ok(rec.local && !strcmp(rec.local, "T:") && !rec.cred_target && !rec.remembered, "T: only\n");
    journal_rec_cleanup(&rec);

    ok(journal_run_cleanup(be, js, "s1", 1000 + 59 * 60, 0, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_NOT_DUE,
       "not due before its time\n");
    journal_report_cleanup(&rep);
    ok(journal_run_cleanup(be, js, "s1", 1000 + 60 * 60, JOURNAL_CLEAN_DRY_RUN, &rep, &e) == CA_OK &&
           rep.count == 1 && rep.items[0].result == JOURNAL_WOULD &&
           model_find_local(sandbox_state(be), "T:") >= 0,
       "dry run changes nothing\n");
    journal_report_cleanup(&rep);
    ok(journal_run_cleanup(be, js, "s1", 1000 + 60 * 60, 0, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_UNDONE && !journal_report_has_left(&rep),
       "undone at expiry: %s\n", e.msg);
    journal_report_cleanup(&rep);
    after = state_text(be);
    ok(before && after && !strcmp(before, after), "the state equals the one before:\n%s---\n%s", before,
       after);
    js->vt->list(js, &texts, &n, &e);
    ok(n == 0, "the journal is empty (%zu)\n", n);
    for (i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(before);
    free(after);
    journal_store_free(js);
    backend_free(be);
}

/* An explicit user with a saved credential: both are undone; the journal never holds the password. */
static void test_credential(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n"
                             "use - \\\\fs9\\IPC$ user=IAI\\svc\n"
                             "cred fs8 IAI\\svc\n");
    journal_store *js = journal_mem_store_create();
    journal_rec rec;
    journal_report rep;
    ca_error e = {{0}, 0};
    char *before = state_text(be), *after, **texts = NULL;
    size_t n = 0, i;
    ok(temp_connect(be, js, "\\\\fs9\\data", NULL, "IAI\\svc", 1, 0, 0, "s1", 1000, &rec) == CA_OK,
       "journaled\n");
    ok(rec.remote && !rec.local && rec.cred_target && !strcmp(rec.cred_target, "fs9") &&
           !strcmp(rec.cred_user, "IAI\\svc"),
       "drive-less use and the saved credential\n");
    journal_rec_cleanup(&rec);
    js->vt->list(js, &texts, &n, &e);
    for (i = 0; i < n; i++) {
        ok(!strstr(texts[i], secret), "no password in the journal: %s\n", texts[i]);
        free(texts[i]);
    }
    free(texts);
    ok(journal_run_cleanup(be, js, "s1", 1001, 0, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_NOT_DUE,
       "at sign-out: not due in the same session\n");
    journal_report_cleanup(&rep);
    ok(journal_run_cleanup(be, js, "s2", 1001, 0, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_UNDONE && rep.items[0].credential_undone,
       "undone in the next session\n");
    journal_report_cleanup(&rep);
    after = state_text(be);
    ok(before && after && !strcmp(before, after), "the state equals the one before:\n%s---\n%s", before,
       after);
    free(before);
    free(after);
    journal_store_free(js);
    backend_free(be);
}

/* Open files are never forced; the record stays until they are closed. */
static void test_busy(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n");
    journal_store *js = journal_mem_store_create();
    journal_rec rec;
    journal_report rep;
    ca_error e = {{0}, 0};
    model *live;
    long at;
    ok(temp_connect(be, js, "\\\\fs9\\data", "T:", NULL, 0, 0, 1, "s1", 1000, &rec) == CA_OK, "journaled\n");
    journal_rec_cleanup(&rec);
    live = (model *)sandbox_state(be); /* test only: open a file on T: */
    at = model_find_local(live, "T:");
    ok(at >= 0, "T: connected\n");
    if (at < 0)
        goto done;
    live->uses[at].open_files = 2;
    ok(journal_run_cleanup(be, js, "s1", 5000, 0, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_BUSY && rep.items[0].open_files == 2 &&
           journal_report_has_left(&rep),
       "busy, not forced (result %d)\n", rep.count ? (int)rep.items[0].result : -1);
    journal_report_cleanup(&rep);
    ok(model_find_local(sandbox_state(be), "T:") >= 0, "T: still connected\n");
    live->uses[model_find_local(live, "T:")].open_files = 0;
    ok(journal_run_cleanup(be, js, "s1", 5001, 0, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_UNDONE,
       "undone once the files are closed\n");
    journal_report_cleanup(&rep);
    ok(model_find_local(sandbox_state(be), "T:") < 0, "T: gone\n");
done:
    journal_store_free(js);
    backend_free(be);
}

/* The user agreed to force a busy temporary connection: exactly that one, after a re-check. */
static void test_force(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n");
    journal_store *js = journal_mem_store_create();
    journal_rec rec, *recs = NULL;
    journal_item item;
    backend_connect req;
    ca_error e = {{0}, 0};
    model *live;
    size_t n = 0;
    ok(temp_connect(be, js, "\\\\fs9\\data", "T:", NULL, 0, 0, 1, "s1", 1000, &rec) == CA_OK, "journaled\n");
    journal_rec_cleanup(&rec);
    memset(&req, 0, sizeof(req));
    req.remote = "\\\\fs9\\other";
    ok(backend_connect_to(be, &req, NULL, &e) == CA_OK, "another connection to fs9\n");
    live = (model *)sandbox_state(be); /* test only: open files on both */
    live->uses[0].open_files = 3;
    live->uses[1].open_files = 1;
    ok(journal_load(js, &recs, &n, NULL, &e) == CA_OK && n == 1, "one record\n");
    if (n == 1) {
        ok(journal_force_one(be, js, recs[0].id, &item, &e) == CA_OK && item.result == JOURNAL_UNDONE,
           "forced: %s\n", e.msg);
        journal_rec_cleanup(&item.rec);
        live = (model *)sandbox_state(be);
        ok(model_find_local(live, "T:") < 0, "T: gone\n");
        ok(live->use_count == 1 && !strcmp(live->uses[0].remote, "\\\\fs9\\other"),
           "the other connection (with an open file) is untouched\n");
        ok(journal_force_one(be, js, recs[0].id, &item, &e) == CA_ERR_NOT_FOUND,
           "no longer in the journal\n");
    }
    journal_recs_free(recs, n);
    journal_store_free(js);
    backend_free(be);
}

/* A record made with an elevated token is left to an elevated cleanup: this session cannot see it (R1). */
static void test_other_token(void)
{
    backend *be = sandbox_of("logon IAI\\bp\n");
    journal_store *js = journal_mem_store_create();
    journal_rec rec, *recs = NULL;
    journal_report rep;
    journal_item item;
    ca_error e = {{0}, 0};
    model *live = (model *)sandbox_state(be); /* test only: the token's elevation */
    size_t n = 0;
    live->elevated = 1;
    ok(temp_connect(be, js, "\\\\fs9\\data", "T:", NULL, 0, 0, 1, "s1", 1000, &rec) == CA_OK && rec.elevated,
       "journaled as elevated\n");
    journal_rec_cleanup(&rec);
    live->elevated = 0;
    ok(journal_run_cleanup(be, js, "s1", 9000, JOURNAL_CLEAN_ALL, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_OTHER_TOKEN,
       "not elevated: left alone (%d)\n", rep.count ? (int)rep.items[0].result : -1);
    journal_report_cleanup(&rep);
    ok(journal_load(js, &recs, &n, NULL, &e) == CA_OK && n == 1, "the record stays\n");
    if (n == 1) {
        ok(journal_force_one(be, js, recs[0].id, &item, &e) == CA_OK && item.result == JOURNAL_OTHER_TOKEN,
           "nor forced from here\n");
        journal_rec_cleanup(&item.rec);
    }
    journal_recs_free(recs, n);
    live->elevated = 1;
    ok(journal_run_cleanup(be, js, "s1", 9000, JOURNAL_CLEAN_ALL, &rep, &e) == CA_OK && rep.count == 1 &&
           rep.items[0].result == JOURNAL_UNDONE && model_find_local(sandbox_state(be), "T:") < 0,
       "elevated again: undone\n");
    journal_report_cleanup(&rep);
    journal_store_free(js);
    backend_free(be);
}

/* A device reused for another share is left alone; a connection there before is never journaled. */
static void test_not_ours(void)
{
    backend *be = sandbox_of("logon IAI\\bp\nuse O: \\\\fs9\\data\nuse - \\\\fs9\\pub\n");
    journal_store *js = journal_mem_store_create();
    journal_rec rec;
    journal_report rep;
    backend_connect req;
    ca_error e = {{0}, 0};
    /* A drive-less use of a share O: has is a new use: journaled, and only it. */
    ok(temp_connect(be, js, "\\\\fs9\\data", NULL, NULL, 0, 0, 1, "s1", 1000, &rec) == CA_OK && !rec.local &&
           rec.remote && !strcmp(rec.remote, "\\\\fs9\\data"),
       "the drive-less use is journaled\n");
    journal_rec_cleanup(&rec);
    ok(temp_connect(be, js, "\\\\fs9\\x", "T:", NULL, 0, 0, 1, "s1", 1000, &rec) == CA_OK, "journaled\n");
    journal_rec_cleanup(&rec);
    ok(backend_disconnect(be, "T:", 0, 0, &e) == CA_OK, "the user disconnects T:\n");
    memset(&req, 0, sizeof(req));
    req.remote = "\\\\fs9\\other";
    req.local = "T:";
    ok(backend_connect_to(be, &req, NULL, &e) == CA_OK, "and maps T: elsewhere\n");
    ok(journal_run_cleanup(be, js, "s1", 9000, JOURNAL_CLEAN_ALL, &rep, &e) == CA_OK && rep.count == 2 &&
           !journal_report_has_left(&rep),
       "cleanup: %s\n", e.msg);
    journal_report_cleanup(&rep);
    ok(model_find_local(sandbox_state(be), "T:") >= 0 && model_find_local(sandbox_state(be), "O:") >= 0,
       "T: (now another share) and O: (there before) stay\n");
    /* Connecting what exists already creates nothing: nothing to journal. */
    ok(temp_connect(be, js, "\\\\fs9\\pub", NULL, NULL, 0, 0, 1, "s1", 1000, &rec) == CA_ERR_NOT_FOUND,
       "nothing new, nothing journaled\n");
    journal_store_free(js);
    backend_free(be);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_format_parse();
    test_due();
    test_leave_nothing();
    test_credential();
    test_busy();
    test_force();
    test_other_token();
    test_not_ours();
    return th_finish();
}
