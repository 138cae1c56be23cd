/* Tests of the sandbox backend: the redirector simulator follows the predictor and Windows' error codes. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "predict.h"
#include "render.h"
#include "sandbox.h"
#include "scenario.h"

#define SERVERFAULT                                                                                          \
    "logon IAI\\bp\n"                                                                                        \
    "use O: \\\\hka-fs01\\data\n"                                                                            \
    "use W: \\\\hka-fs01\\data\\machine\n"                                                                   \
    "use Y: \\\\hka-fs01\\data\\machine\\300\n"                                                              \
    "use Z: \\\\hka-fs01.iai.nl\\data\n"                                                                     \
    "host hka-fs01 hka-fs01.iai.nl 192.0.2.40\n"
#define TECHNICIAN                                                                                           \
    "logon CUSTOMER\\operator\n"                                                                             \
    "use - \\\\host01\\IPC$\n"                                                                               \
    "use - \\\\host01\\public\n"                                                                             \
    "use M: \\\\host01\\machines status=ok open=2\n"                                                         \
    "cred host01 CUSTOMER\\operator\n"                                                                       \
    "host host01 host01.customer.local 198.51.100.10\n"

static backend *open_sandbox(const char *text)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error err = {{0}, 0};
    if (scenario_parse("sandbox", text, strlen(text), &m, &err) != CA_OK) {
        ok(0, "scenario: %s\n", err.msg);
        return NULL;
    }
    if (!ok(sandbox_create(m, &be, &err) == CA_OK && be, "sandbox_create: %s\n", err.msg)) {
        model_free(m);
        return NULL;
    }
    return be;
}

static ca_status connect_as(backend *be, const char *remote, const char *local, const char *user,
                            char *assigned, ca_error *err)
{
    backend_connect req;
    memset(&req, 0, sizeof(req));
    req.remote = remote;
    req.local = local;
    req.user = user;
    req.password = user ? "not-inspected" : NULL;
    return backend_connect_to(be, &req, assigned, err);
}

static void test_serverfault(void)
{
    backend *be = open_sandbox(SERVERFAULT);
    const model *st;
    model *snap = NULL;
    ca_error err = {{0}, 0};
    char assigned[4] = "?";
    sandbox_counters c;
    if (!be)
        return;
    ok(!strcmp(be->vt->name, "sandbox"), "name\n");
    st = sandbox_state(be);
    ok(st && st->use_count == 4, "state holds the scenario\n");

    /* 1219 exactly where the predictor says so; nothing changes. */
    ok(connect_as(be, "\\\\hka-fs01\\data", NULL, "IAI\\svc", assigned, &err) == CA_ERR_CONFLICT &&
           err.code == 1219 && strstr(err.msg, "hka-fs01"),
       "1219: %s (%lu)\n", err.msg, err.code);
    ok(assigned[0] == 0, "nothing assigned on failure\n");
    ok(st->use_count == 4, "state unchanged\n");
    ok(connect_as(be, "\\\\hka-fs01.iai.nl\\data", "*", "IAI\\svc", assigned, &err) == CA_ERR_CONFLICT &&
           err.code == 1219,
       "1219 on the FQDN too (Z:)\n");
    /* 85 comes before 1219: the redirector checks the drive letter first. */
    ok(connect_as(be, "\\\\hka-fs01\\data", "o:", "IAI\\svc", assigned, &err) == CA_ERR_INVALID &&
           err.code == 85,
       "85 drive taken: %s (%lu)\n", err.msg, err.code);
    ok(connect_as(be, "\\\\hka-fs01\\data", "Q", NULL, assigned, &err) == CA_ERR_INVALID && err.code == 0,
       "a bad local name is invalid: %s\n", err.msg);
    ok(connect_as(be, "\\\\hka-fs01", NULL, NULL, assigned, &err) == CA_ERR_INVALID && err.code == 67,
       "a share is needed: %s (%lu)\n", err.msg, err.code);
    ok(connect_as(be, "\\\\hka-fs01\\data", NULL, "a\\b\\c", assigned, &err) == CA_ERR_INVALID &&
           err.code == 2202,
       "a bad user name is 2202: %s\n", err.msg);

    /* Default credentials share the slot; "*" takes the highest free letter. */
    ok(connect_as(be, "\\\\hka-fs01\\data\\other", "*", NULL, assigned, &err) == CA_OK &&
           !strcmp(assigned, "X:"),
       "default joins the slot on X: (Z:, Y: are taken): %s %s\n", assigned, err.msg);
    ok(connect_as(be, "\\\\hka-fs01\\data", "O:\\", "IAI\\svc", assigned, &err) == CA_ERR_INVALID &&
           err.code == 85,
       "\"O:\\\" names the drive O:\n");

    /* The alias way round works in the simulator. */
    ok(connect_as(be, "\\\\192.0.2.40\\data", "S:", "IAI\\svc", assigned, &err) == CA_OK &&
           !strcmp(assigned, "S:"),
       "the IP address gets its own slot: %s\n", err.msg);
    ok(connect_as(be, "\\\\192.0.2.40\\data\\x", NULL, "IAI\\svc", assigned, &err) == CA_OK &&
           assigned[0] == 0,
       "the same user shares it, no drive\n");
    ok(connect_as(be, "\\\\192.0.2.40\\data\\x", NULL, "IAI\\svc", assigned, &err) == CA_OK,
       "a second identical drive-less connection is counted, not added\n");
    ok(st->use_count == 7, "uses now %zu\n", st->use_count);
    ok(connect_as(be, "\\\\192.0.2.40\\data", NULL, NULL, assigned, &err) == CA_OK,
       "R3: default after explicit reuses the slot\n");

    /* The fix: disconnect every use of the name, then connect. */
    ok(backend_disconnect(be, "O:", 0, 0, &err) == CA_OK, "disconnect O:\n");
    ok(backend_disconnect(be, "O:", 0, 0, &err) == CA_ERR_NOT_FOUND && err.code == 2250, "again: 2250\n");
    ok(backend_disconnect(be, "w:", 0, 0, &err) == CA_OK && backend_disconnect(be, "Y:", 0, 0, &err) == CA_OK,
       "disconnect W: and Y:\n");
    ok(connect_as(be, "\\\\hka-fs01\\data", "O:", "IAI\\svc", assigned, &err) == CA_ERR_CONFLICT,
       "X: still holds the slot\n");
    ok(backend_disconnect(be, "X:", 0, 0, &err) == CA_OK, "disconnect X:\n");
    ok(connect_as(be, "\\\\hka-fs01\\data", "O:", "IAI\\svc", assigned, &err) == CA_OK &&
           !strcmp(assigned, "O:"),
       "after clearing the slot, IAI\\svc connects: %s\n", err.msg);

    /* Snapshots are copies. */
    ok(backend_snapshot(be, &snap, &err) == CA_OK && snap && snap != st && snap->use_count == st->use_count,
       "snapshot\n");
    if (snap) {
        model_remove_use(snap, 0);
        ok(snap->use_count + 1 == st->use_count, "a snapshot is independent of the state\n");
        model_free(snap);
    }
    c = sandbox_get_counters(be);
    ok(c.snapshots == 1 && c.connects == 14 && c.disconnects == 5 && c.forgets == 0,
       "counters: %u snapshots, %u connects, %u disconnects, %u forgets\n", c.snapshots, c.connects,
       c.disconnects, c.forgets);
    backend_free(be);
}

static void test_technician(void)
{
    backend *be = open_sandbox(TECHNICIAN);
    const model *st;
    ca_error err = {{0}, 0};
    char assigned[4];
    if (!be)
        return;
    st = sandbox_state(be);
    ok(connect_as(be, "\\\\host01\\machines", NULL, "SERVICE\\tech", assigned, &err) == CA_ERR_CONFLICT &&
           err.code == 1219,
       "1219 against the saved credential's slot\n");
    /* R6: forgetting the credential does not drop the live slot. */
    ok(backend_forget(be, "host01", CRED_KIND_GENERIC, &err) == CA_ERR_NOT_FOUND && err.code == 1168,
       "wrong type: 1168\n");
    ok(backend_forget(be, "HOST01", CRED_KIND_DOMAIN, &err) == CA_OK && st->cred_count == 0,
       "forget host01\n");
    ok(backend_forget(be, "host01", CRED_KIND_DOMAIN, &err) == CA_ERR_NOT_FOUND && err.code == 1168,
       "again: 1168: %s\n", err.msg);
    ok(connect_as(be, "\\\\host01\\machines", NULL, "SERVICE\\tech", assigned, &err) == CA_ERR_CONFLICT,
       "the slot is still there\n");
    /* Open files: 2401 without force. */
    ok(backend_disconnect(be, "M:", 0, 0, &err) == CA_ERR_BUSY && err.code == 2401 &&
           strstr(err.msg, "2 open"),
       "2401: %s\n", err.msg);
    ok(st->use_count == 3, "M: kept\n");
    ok(backend_disconnect(be, "M:", 1, 0, &err) == CA_OK, "forced\n");
    /* Drive-less uses go by remote name. */
    ok(backend_disconnect(be, "\\\\host01\\nothing", 0, 0, &err) == CA_ERR_NOT_FOUND && err.code == 2250,
       "unknown remote: 2250\n");
    ok(backend_disconnect(be, "not a path", 0, 0, &err) == CA_ERR_NOT_FOUND && err.code == 2250,
       "garbage: 2250\n");
    ok(backend_disconnect(be, "//host01/PUBLIC", 0, 0, &err) == CA_OK, "public by remote name\n");
    ok(backend_disconnect(be, "\\\\host01\\IPC$", 0, 0, &err) == CA_OK && st->use_count == 0, "IPC$ last\n");
    ok(backend_disconnect(be, "", 0, 0, &err) == CA_ERR_INVALID &&
           backend_disconnect(be, NULL, 0, 0, &err) == CA_ERR_INVALID,
       "nothing named\n");
    ok(connect_as(be, "\\\\host01\\machines", "M:", "SERVICE\\tech", assigned, &err) == CA_OK,
       "the technician connects: %s\n", err.msg);
    backend_free(be);
}

static void test_remembered_and_credentials(void)
{
    backend *be = open_sandbox("logon CORP\\me\n"
                               "use R: \\\\fs01\\data status=unavailable user=CORP\\bob\n"
                               "use - \\\\fs02\\x open=1\n"
                               "use - \\\\fs02\\x\n");
    const model *st;
    ca_error err = {{0}, 0};
    char assigned[4];
    model_slots s;
    strbuf sb;
    backend_connect req;
    if (!be)
        return;
    st = sandbox_state(be);
    ok(backend_disconnect(be, "R:", 0, 0, &err) == CA_ERR_NOT_FOUND && err.code == 2250,
       "a remembered drive is not connected: %s\n", err.msg);
    ok(connect_as(be, "\\\\fs01\\other", "R:", NULL, assigned, &err) == CA_ERR_INVALID && err.code == 1202,
       "1202: R: is remembered for another share\n");
    ok(connect_as(be, "\\\\FS01\\data", "R:", "CORP\\bob", assigned, &err) == CA_OK &&
           !strcmp(assigned, "R:") && st->use_count == 3,
       "the remembered drive reconnects: %s\n", err.msg);
    ok(model_find_local(st, "R:") >= 0 && st->uses[model_find_local(st, "R:")].status == USE_STATUS_OK,
       "R: is connected now\n");
    ok(backend_disconnect(be, "R:", 0, 1, &err) == CA_OK && st->use_count == 2, "disconnect and forget R:\n");

    ok(backend_disconnect(be, "\\\\fs02\\x", 0, 0, &err) == CA_ERR_BUSY && err.code == 2401 &&
           st->use_count == 2,
       "a remote name with open files: 2401, nothing removed\n");
    ok(backend_disconnect(be, "\\\\fs02\\x", 1, 0, &err) == CA_OK && st->use_count == 0,
       "forced: every drive-less use of the remote goes\n");

    /* Save a credential: the target and user are kept, never the password. */
    memset(&req, 0, sizeof(req));
    req.remote = "\\\\fs03\\share";
    req.user = "CORP\\svc";
    req.password = "Pa55-secret!";
    req.save_credential = 1;
    ok(backend_connect_to(be, &req, NULL, &err) == CA_OK && st->cred_count == 1 &&
           !strcmp(st->creds[0].target, "fs03") && !strcmp(st->creds[0].user, "CORP\\svc"),
       "credential saved for fs03\n");
    ok(backend_disconnect(be, "\\\\fs03\\share", 0, 0, &err) == CA_OK, "disconnected\n");
    ok(connect_as(be, "\\\\fs03\\share", NULL, NULL, assigned, &err) == CA_OK, "default connect\n");
    ok(model_build_slots(st, &s, NULL) == CA_OK && s.count == 1 && s.items[0].user_kind == SLOT_USER_SAVED &&
           !strcmp(s.items[0].user, "CORP\\svc"),
       "R4: the default connection now signs in as the saved user\n");
    strbuf_init(&sb);
    render_list_json(&sb, st, &s);
    render_list_text(&sb, st, &s);
    ok(!strstr(strbuf_str(&sb), "Pa55") && strstr(strbuf_str(&sb), "CORP\\\\svc"),
       "no password in any output\n");
    strbuf_cleanup(&sb);
    model_slots_cleanup(&s);
    ok(connect_as(be, "\\\\fs03\\share", NULL, "CORP\\svc", assigned, &err) == CA_ERR_CONFLICT,
       "explicitly naming the saved user meets the default slot (medium rule)\n");
    req.user = "CORP\\other";
    req.remote = "\\\\fs04\\share";
    ok(backend_connect_to(be, &req, NULL, &err) == CA_OK &&
           backend_connect_to(be, &req, NULL, &err) == CA_OK && st->cred_count == 2,
       "saving again for the same target replaces it\n");
    ok(backend_connect_to(be, NULL, NULL, &err) == CA_ERR_INVALID, "NULL request\n");
    ok(backend_forget(be, NULL, CRED_KIND_DOMAIN, &err) == CA_ERR_INVALID, "NULL target\n");
    backend_free(be);
}

static void test_letters_run_out(void)
{
    backend *be = open_sandbox("logon CORP\\me\n");
    ca_error err = {{0}, 0};
    char assigned[4], remote[64];
    int i, fine = 1;
    if (!be)
        return;
    for (i = 0; i < 23; i++) {
        snprintf(remote, sizeof(remote), "\\\\fs%02d\\s", i);
        fine &= connect_as(be, remote, "*", NULL, assigned, &err) == CA_OK && assigned[0] == 'Z' - i &&
                assigned[1] == ':' && !assigned[2];
    }
    ok(fine, "Z: down to D: are handed out in order\n");
    ok(connect_as(be, "\\\\last\\s", "*", NULL, assigned, &err) == CA_ERR_LIMIT && err.code == 1248,
       "then none is free: %s (%lu)\n", err.msg, err.code);
    ok(connect_as(be, "\\\\last\\s", "C:", NULL, assigned, &err) == CA_OK, "C: can still be named\n");
    backend_free(be);
}

/* The simulator agrees with the predictor on every user/name combination of the serverfault state. */
static void test_agrees_with_predictor(void)
{
    static const char *const paths[] = {"\\\\hka-fs01\\data", "\\\\HKA-FS01\\x", "\\\\hka-fs01.iai.nl\\data",
                                        "\\\\192.0.2.40\\data", "\\\\other\\s"};
    static const char *const users[] = {NULL, "IAI\\bp", "IAI\\svc", "bp", "bp@iai.nl"};
    size_t i, k;
    int agree = 1;
    for (i = 0; i < 5; i++) {
        for (k = 0; k < 5; k++) {
            backend *be = open_sandbox(SERVERFAULT);
            prediction p;
            ca_error err = {{0}, 0};
            ca_status st;
            if (!be)
                return;
            if (predict_check(sandbox_state(be), paths[i], users[k], &p, NULL) != CA_OK) {
                agree = 0;
                backend_free(be);
                continue;
            }
            st = connect_as(be, paths[i], NULL, users[k], NULL, &err);
            if ((st == CA_ERR_CONFLICT) != (p.verdict == VERDICT_CONFLICT) ||
                (st != CA_OK && st != CA_ERR_CONFLICT)) {
                agree = 0;
                trace("%s as %s: sandbox %d, predictor %d\n", paths[i], users[k] ? users[k] : "default",
                      (int)st, (int)p.verdict);
            }
            prediction_cleanup(&p);
            backend_free(be);
        }
    }
    ok(agree, "sandbox and predictor agree on 25 requests\n");
}

static ca_status fake_snapshot(backend *be, model **out, ca_error *err)
{
    (void)be;
    (void)out;
    return ca_fail(err, CA_ERR_IO, "fake");
}

static void fake_destroy(backend *be)
{
    (void)be;
}

static void test_not_a_sandbox(void)
{
    static const backend_vtable fake_vt = {"fake", fake_snapshot, NULL, NULL, NULL, fake_destroy};
    backend fake = {&fake_vt};
    sandbox_counters c = sandbox_get_counters(&fake);
    backend *be = (backend *)1;
    ca_error err = {{0}, 0};
    ok(sandbox_state(&fake) == NULL && sandbox_state(NULL) == NULL, "another backend has no sandbox state\n");
    ok(!c.snapshots && !c.connects && !c.disconnects && !c.forgets, "and no counters\n");
    ok(sandbox_create(NULL, &be, &err) == CA_ERR_INVALID && be == NULL, "no state refused\n");
    {
        model *m = model_create();
        ok(sandbox_create(m, NULL, &err) == CA_ERR_INVALID, "no output refused\n");
        model_free(m);
    }
    backend_free(NULL);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_serverfault();
    test_technician();
    test_remembered_and_credentials();
    test_letters_run_out();
    test_agrees_with_predictor();
    test_not_a_sandbox();
    return th_finish();
}
