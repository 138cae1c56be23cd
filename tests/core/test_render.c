/* Tests of rendering: the check and list outputs as text and as JSON (parsed back and compared). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "predict.h"
#include "render.h"
#include "scenario.h"
#include "tjson.h"

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

static model *load(const char *text)
{
    model *m = NULL;
    ca_error err = {{0}, 0};
    if (scenario_parse("render", text, strlen(text), &m, &err) != CA_OK)
        ok(0, "scenario does not parse: %s\n", err.msg);
    return m;
}

static int is(const tjson *j, const char *path, const char *want)
{
    const char *got = tjson_str(j, path);
    if (got && want && !strcmp(got, want))
        return 1;
    trace("%s is %s, want %s\n", path, got ? got : "(absent)", want ? want : "(null)");
    return 0;
}

/* Renders a check; returns the parsed JSON (or NULL) and leaves the text in *text. */
static tjson *check(model *m, const char *path, const char *user, strbuf *text, strbuf *json)
{
    prediction p;
    ca_error err = {{0}, 0};
    char perr[128];
    tjson *j;
    strbuf_init(text);
    strbuf_init(json);
    if (!ok(predict_check(m, path, user, &p, &err) == CA_OK, "predict %s: %s\n", path, err.msg))
        return NULL;
    render_check_text(text, m, &p);
    render_check_json(json, m, &p);
    prediction_cleanup(&p);
    ok(json->len && strchr(strbuf_str(json), '\n') == strbuf_str(json) + json->len - 1,
       "JSON is one line ending with a newline\n");
    j = tjson_parse(strbuf_str(json), perr, sizeof(perr));
    ok(j != NULL, "JSON parses: %s\n%s", perr, strbuf_str(json));
    return j;
}

static void test_serverfault_conflict(void)
{
    model *m = load(SERVERFAULT);
    strbuf text, json;
    tjson *j;
    const char *t;
    if (!m)
        return;
    j = check(m, "\\\\hka-fs01\\data", "IAI\\svc", &text, &json);
    if (j) {
        ok(is(j, "verdict", "conflict"), "verdict\n");
        ok(is(j, "server", "hka-fs01"), "server\n");
        ok(is(j, "requested_user", "IAI\\svc"), "requested_user\n");
        ok(is(j, "slot_user", "IAI\\bp"), "slot_user\n");
        ok(is(j, "slot_user_kind", "default"), "slot_user_kind\n");
        ok(is(j, "certainty", "high"), "certainty\n");
        ok(is(j, "reason", "default_then_explicit"), "reason\n");
        ok(is(j, "path", "\\\\hka-fs01\\data"), "path\n");
        ok(tjson_len(j, "conflicts") == 3, "three conflicts\n");
        ok(is(j, "conflicts[0].local", "O:") && is(j, "conflicts[1].local", "W:") &&
               is(j, "conflicts[2].local", "Y:"),
           "O:, W:, Y:\n");
        ok(is(j, "conflicts[0].remote", "\\\\hka-fs01\\data") &&
               is(j, "conflicts[2].remote", "\\\\hka-fs01\\data\\machine\\300"),
           "remote paths decode to single backslashes\n");
        ok(tjson_is_null(j, "conflicts[0].user") && is(j, "conflicts[0].signs_in_as", "IAI\\bp"),
           "a default use has user null and signs in as the logon user\n");
        ok(tjson_get(j, "conflicts[0].via_dfs") && tjson_get(j, "conflicts[0].via_dfs")->type == TJSON_BOOL &&
               !tjson_get(j, "conflicts[0].via_dfs")->boolean,
           "via_dfs false\n");
        ok(tjson_len(j, "fixes") == 2 && is(j, "fixes[0].kind", "disconnect") &&
               is(j, "fixes[1].kind", "alias"),
           "fixes: disconnect, alias\n");
        ok(tjson_len(j, "fixes[0].uses") == 3 && is(j, "fixes[0].uses[0].local", "O:"),
           "disconnect lists O:, W:, Y:\n");
        ok(is(j, "fixes[1].alias", "192.0.2.40") && is(j, "fixes[1].path", "\\\\192.0.2.40\\data") &&
               is(j, "fixes[1].alias_kind", "ipv4") && is(j, "fixes[1].certainty", "low") &&
               tjson_str(j, "fixes[1].caveat") && strstr(tjson_str(j, "fixes[1].caveat"), "NTLM"),
           "alias fix with caveat\n");
        ok(tjson_len(j, "warnings") == 1 && is(j, "warnings[0].kind", "same_machine") &&
               is(j, "warnings[0].local", "Z:"),
           "Z: is named as the same machine\n");
        ok(tjson_str(j, "explanation") && strstr(tjson_str(j, "explanation"), "through O:, W: and Y:"),
           "explanation sentence\n");
        ok(is(j, "source", "scenario") && tjson_is_null(j, "elevated"), "source and elevation\n");
    }
    t = strbuf_str(&text);
    ok(strstr(t, "Connecting to \\\\hka-fs01\\data as IAI\\svc would fail with error 1219.\n") == t,
       "text starts with the verdict:\n%s", t);
    ok(strstr(t,
              "You are connected to hka-fs01 as IAI\\bp through O:, W: and Y:. Windows allows one user per "
              "server name in a logon session") != NULL,
       "plain-words explanation\n");
    ok(strstr(t, "  O:     \\\\hka-fs01\\data  as IAI\\bp") &&
           strstr(t, "  Y:     \\\\hka-fs01\\data\\machine\\300"),
       "uses listed\n");
    ok(!strstr(t, "Z:     "), "Z: is not listed as holding the session\n");
    ok(strstr(t, "1. Disconnect O:, W: and Y:") && strstr(t, "2. Connect through another name of the same "
                                                             "computer: \\\\192.0.2.40\\data"),
       "numbered fixes\n");
    tjson_free(j);
    strbuf_cleanup(&text);
    strbuf_cleanup(&json);

    j = check(m, "\\\\hka-fs01\\data", NULL, &text, &json);
    if (j) {
        ok(is(j, "verdict", "ok") && tjson_is_null(j, "requested_user") && tjson_len(j, "conflicts") == 0 &&
               tjson_len(j, "fixes") == 0 && is(j, "reason", "default_matches"),
           "default request: ok, requested_user null\n");
    }
    ok(strstr(strbuf_str(&text), "does not run into error 1219.") != NULL, "ok text: %s", strbuf_str(&text));
    tjson_free(j);
    strbuf_cleanup(&text);
    strbuf_cleanup(&json);

    j = check(m, "\\\\HKA-FS01\\data", "IAI\\svc", &text, &json);
    ok(j && is(j, "certainty", "medium") && is(j, "server", "hka-fs01"),
       "medium certainty, slot's spelling\n");
    ok(strstr(strbuf_str(&text), "would most likely fail with error 1219") != NULL, "medium says likely\n");
    tjson_free(j);
    strbuf_cleanup(&text);
    strbuf_cleanup(&json);
    model_free(m);
}

static void test_technician(void)
{
    model *m = load(TECHNICIAN);
    strbuf text, json;
    tjson *j;
    const char *t;
    if (!m)
        return;
    j = check(m, "\\\\host01\\machines", "SERVICE\\tech", &text, &json);
    if (j) {
        ok(is(j, "slot_user_kind", "saved") && is(j, "reason", "saved_cred_user"), "saved credential slot\n");
        ok(tjson_is_null(j, "conflicts[0].local") && is(j, "conflicts[0].remote", "\\\\host01\\IPC$") &&
               is(j, "conflicts[0].kind", "ipc") && is(j, "conflicts[2].local", "M:"),
           "IPC$ with local null\n");
        ok(tjson_get(j, "conflicts[2].open_files") && tjson_get(j, "conflicts[2].open_files")->number == 2 &&
               tjson_is_null(j, "conflicts[0].open_files"),
           "open files 2 on M:, unknown elsewhere\n");
        ok(tjson_len(j, "fixes") == 4 && is(j, "fixes[0].kind", "disconnect") &&
               is(j, "fixes[1].kind", "alias") && is(j, "fixes[2].kind", "alias") &&
               is(j, "fixes[3].kind", "forget_credential"),
           "fix kinds\n");
        ok(is(j, "fixes[0].uses[0].local", "M:") && is(j, "fixes[0].uses[2].remote", "\\\\host01\\IPC$") &&
               tjson_get(j, "fixes[0].open_files")->number == 2,
           "IPC$ last, open files total\n");
        ok(is(j, "fixes[1].alias", "host01.customer.local") && is(j, "fixes[1].certainty", "medium") &&
               is(j, "fixes[2].alias", "198.51.100.10"),
           "aliases safest first\n");
        ok(is(j, "fixes[3].target", "host01") && is(j, "fixes[3].user", "CUSTOMER\\operator") &&
               is(j, "fixes[3].type", "domain"),
           "forget fix\n");
        ok(is(j, "warnings[0].kind", "open_files") && is(j, "warnings[0].local", "M:"),
           "open files warning\n");
    }
    t = strbuf_str(&text);
    ok(strstr(t, "through \\\\host01\\IPC$, \\\\host01\\public and M:") && strstr(t, "Credential Manager") &&
           strstr(t, "2 open files"),
       "technician text:\n%s", t);
    tjson_free(j);
    strbuf_cleanup(&text);
    strbuf_cleanup(&json);
    model_free(m);
}

static void test_exact_small(void)
{
    model *m = load("logon CORP\\me\n");
    strbuf text, json;
    tjson *j;
    if (!m)
        return;
    j = check(m, "\\\\fs01\\d", NULL, &text, &json);
    ok(!strcmp(
           strbuf_str(&json),
           "{\"verdict\":\"ok\",\"path\":\"\\\\\\\\fs01\\\\d\",\"server\":\"fs01\",\"requested_user\":null,"
           "\"effective_user\":\"CORP\\\\me\",\"slot_user\":null,\"slot_user_kind\":null,"
           "\"certainty\":\"high\",\"reason\":\"no_slot\",\"explanation\":\"Nothing is connected to fs01 "
           "yet, so this connection gets a session of its own and signs in as CORP\\\\me.\","
           "\"why\":{\"server\":\"fs01\",\"user\":\"CORP\\\\me\",\"other_user\":null,\"name\":null,"
           "\"uses\":[],\"dfs_uses\":[],\"names\":[],\"number\":null,\"caveats\":[]},"
           "\"conflicts\":[],\"fixes\":[],\"warnings\":[],\"skipped_uses\":0,\"source\":\"scenario\","
           "\"elevated\":null}\n"),
       "exact JSON:\n%s", strbuf_str(&json));
    tjson_free(j);
    strbuf_cleanup(&text);
    strbuf_cleanup(&json);
    model_free(m);
}

static void test_unicode_and_dfs(void)
{
    model *m = load("logon CORP\\J\xc3\xbcrgen\n"
                    "use P: \\\\corp\\ns\\Pr\xc3\xbc"
                    "fung\n"
                    "dfs \\\\corp\\ns\\Pr\xc3\xbc"
                    "fung \\\\fs01\\pruefung\n"
                    "use R: \\\\fs01\\old status=unavailable user=CORP\\bob\n");
    strbuf text, json;
    tjson *j;
    if (!m)
        return;
    m->elevated = 1;
    j = check(m, "\\\\fs01\\pruefung", "CORP\\svc", &text, &json);
    if (j) {
        ok(is(j, "conflicts[0].remote",
              "\\\\corp\\ns\\Pr\xc3\xbc"
              "fung") &&
               is(j, "conflicts[0].signs_in_as", "CORP\\J\xc3\xbcrgen"),
           "UTF-8 passes through JSON\n");
        ok(tjson_get(j, "conflicts[0].via_dfs") && tjson_get(j, "conflicts[0].via_dfs")->boolean,
           "via_dfs true\n");
        ok(is(j, "reason", "dfs") && is(j, "certainty", "medium"), "DFS reason, medium\n");
        ok(tjson_get(j, "elevated") && tjson_get(j, "elevated")->boolean, "elevated true\n");
        ok(is(j, "warnings[0].kind", "elevated") && is(j, "warnings[1].kind", "unavailable_remembered") &&
               is(j, "warnings[1].local", "R:"),
           "warnings: elevated, remembered R:\n");
    }
    ok(strstr(strbuf_str(&text), "DFS") && strstr(strbuf_str(&text), "P:"), "DFS text: %s",
       strbuf_str(&text));
    tjson_free(j);
    strbuf_cleanup(&text);
    strbuf_cleanup(&json);
    model_free(m);
}

static void test_list(void)
{
    model *m = load(TECHNICIAN "use R: \\\\old\\gone status=unavailable user=CUSTOMER\\x\n"
                               "use Q: \\\\fs9\\q user=CUSTOMER\\bob\n"
                               "cred *.customer.local CUSTOMER\\w\n"
                               "cred web01 someone type=generic\n"
                               "dfs \\\\customer\\ns\\a \\\\fs9\\a\n");
    model_slots s;
    strbuf sb;
    tjson *j;
    char perr[128];
    const char *t;
    if (!m)
        return;
    ok(model_build_slots(m, &s, NULL) == CA_OK, "slots\n");
    strbuf_init(&sb);
    render_list_json(&sb, m, &s);
    j = tjson_parse(strbuf_str(&sb), perr, sizeof(perr));
    ok(j != NULL, "list JSON parses: %s\n%s", perr, strbuf_str(&sb));
    if (j) {
        ok(is(j, "logon_user", "CUSTOMER\\operator") && tjson_len(j, "slots") == 2, "two slots\n");
        ok(is(j, "slots[0].server", "fs9") && is(j, "slots[0].user_kind", "explicit") &&
               is(j, "slots[0].user", "CUSTOMER\\bob"),
           "fs9 explicit\n");
        ok(is(j, "slots[1].server", "host01") && is(j, "slots[1].user_kind", "saved") &&
               is(j, "slots[1].credential_target", "host01") && tjson_len(j, "slots[1].uses") == 3 &&
               tjson_get(j, "slots[1].open_files")->number == 2,
           "host01 saved with 3 uses\n");
        ok(tjson_is_null(j, "slots[1].uses[0].local") && is(j, "slots[1].uses[0].kind", "ipc"), "IPC$ use\n");
        ok(tjson_len(j, "remembered") == 1 && is(j, "remembered[0].local", "R:") &&
               is(j, "remembered[0].user", "CUSTOMER\\x"),
           "remembered drive\n");
        ok(tjson_len(j, "credentials") == 3 && is(j, "credentials[2].type", "generic") &&
               is(j, "credentials[1].target", "*.customer.local"),
           "credentials\n");
        ok(tjson_len(j, "dfs") == 1 && is(j, "dfs[0].target", "\\\\fs9\\a"), "dfs\n");
        ok(tjson_len(j, "hosts") == 1 && tjson_len(j, "hosts[0]") == 3 &&
               is(j, "hosts[0][1]", "host01.customer.local"),
           "hosts\n");
    }
    tjson_free(j);
    strbuf_cleanup(&sb);
    strbuf_init(&sb);
    render_list_text(&sb, m, &s);
    t = strbuf_str(&sb);
    ok(strstr(t, "Signed in to Windows as CUSTOMER\\operator.") &&
           strstr(t, "  host01: as CUSTOMER\\operator (credential saved for host01), 3 connections, 2 open "
                     "files") &&
           strstr(t, "    -      \\\\host01\\IPC$") && strstr(t, "    M:     \\\\host01\\machines") &&
           strstr(t, "  fs9: as CUSTOMER\\bob, 1 connection") &&
           strstr(t, "R:     \\\\old\\gone  as CUSTOMER\\x") &&
           strstr(t, "web01  someone  (generic, not used for shares)") &&
           strstr(t, "host01 = host01.customer.local = 198.51.100.10"),
       "list text:\n%s", t);
    ok(strstr(t, "fs9") < strstr(t, "host01:"), "sorted by server name\n");
    strbuf_cleanup(&sb);
    model_slots_cleanup(&s);
    model_free(m);

    m = model_create();
    ok(model_build_slots(m, &s, NULL) == CA_OK, "empty slots\n");
    strbuf_init(&sb);
    render_list_text(&sb, m, &s);
    ok(strstr(strbuf_str(&sb), "No network connections.") && strstr(strbuf_str(&sb), "(unknown user)"),
       "empty list: %s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
    strbuf_init(&sb);
    render_list_json(&sb, m, &s);
    j = tjson_parse(strbuf_str(&sb), perr, sizeof(perr));
    ok(j && tjson_is_null(j, "logon_user") && tjson_len(j, "slots") == 0 && tjson_is_null(j, "source"),
       "empty list JSON: %s", strbuf_str(&sb));
    tjson_free(j);
    strbuf_cleanup(&sb);
    model_slots_cleanup(&s);
    model_free(m);
}

static void test_null_safety(void)
{
    strbuf sb;
    prediction p;
    model_slots s;
    model *m = model_create();
    memset(&p, 0, sizeof(p));
    memset(&s, 0, sizeof(s));
    strbuf_init(&sb);
    render_check_text(NULL, m, &p);
    render_check_text(&sb, NULL, &p);
    render_check_json(&sb, m, NULL);
    render_list_text(&sb, NULL, &s);
    render_list_json(&sb, m, NULL);
    ok(sb.len == 0, "NULL arguments render nothing\n");
    strbuf_cleanup(&sb);
    model_free(m);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_serverfault_conflict();
    test_technician();
    test_exact_small();
    test_unicode_and_dfs();
    test_list();
    test_null_safety();
    return th_finish();
}
