/* Faithful snapshots: live `check` and `check --scenario SNAPSHOT` agree for every slot (fake SMB client). */
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "cli_live_util.h"
#include "proc.h"
#include "tjson.h"
#include "winutil.h"

static const char *serverfault, *technician;
static char snap[MAX_PATH], redacted[MAX_PATH];
static int expect_wnet; /* 1 when this run is the WNet-fallback variant (no netapi32 stand-in) */

/* One check, live or on a scenario: "EXIT verdict reason drives". */
static void check_line(const char *scenario, const char *path, const char *user, char *line, size_t size)
{
    char args[2048], err[128], locals[256] = "";
    th_proc_result r;
    tjson *j;
    DWORD rc;
    snprintf(args, sizeof(args), "check --json%s%s%s %s%s%s \"%s\"", scenario ? " --scenario \"" : "",
             scenario ? scenario : "", scenario ? "\"" : "", user ? "--user \"" : "", user ? user : "",
             user ? "\"" : "", path);
    rc = clu_run(args, NULL, NULL, &r);
    j = tjson_parse(r.out, err, sizeof(err));
    if (j)
        tjson_join(j, "conflicts", "local", locals, sizeof(locals));
    snprintf(line, size, "%lu %s %s [%s]", rc, j && tjson_str(j, "verdict") ? tjson_str(j, "verdict") : "?",
             j && tjson_str(j, "reason") ? tjson_str(j, "reason") : "?", locals);
    if (!j)
        trace("no JSON from [%s]: %s %s\n", args, r.out, r.err);
    tjson_free(j);
    th_proc_result_free(&r);
}

/* Compares live and snapshot verdicts for path as default, user and another user. */
static void compare(const char *what, const char *path, const char *user)
{
    const char *users[3];
    size_t i, n = 0;
    users[n++] = NULL;
    if (user)
        users[n++] = user;
    users[n++] = "OTHERDOM\\stranger";
    for (i = 0; i < n; i++) {
        char live[600], file[600];
        check_line(NULL, path, users[i], live, sizeof(live));
        check_line(snap, path, users[i], file, sizeof(file));
        ok(!strcmp(live, file) && strstr(live, " ? ") == NULL, "%s: %s as %s: live [%s], snapshot [%s]\n",
           what, path, users[i] ? users[i] : "default", live, file);
    }
}

/* Takes the snapshot (plain and redacted), then compares every slot and remembered drive. */
static void faithful(const char *what)
{
    th_proc_result r;
    char args[1024], err[128];
    tjson *list;
    long i, n;
    DWORD rc;
    snprintf(args, sizeof(args), "snapshot --out \"%s\"", snap);
    rc = clu_run(args, NULL, NULL, &r);
    ok(rc == 0, "%s: snapshot: exit %lu (%s)\n", what, rc, r.err);
    th_proc_result_free(&r);
    snprintf(args, sizeof(args), "snapshot --redact --out \"%s\"", redacted);
    rc = clu_run(args, NULL, NULL, &r);
    ok(rc == 0, "%s: redacted snapshot: exit %lu (%s)\n", what, rc, r.err);
    th_proc_result_free(&r);

    rc = clu_run("list --json", NULL, NULL, &r);
    list = tjson_parse(r.out, err, sizeof(err));
    ok(rc == 0 && list, "%s: list: %lu %s\n", what, rc, err);
    th_proc_result_free(&r);
    if (!list)
        return;
    n = tjson_len(list, "slots");
    ok(n > 0, "%s: there are slots\n", what);
    for (i = 0; i < n; i++) {
        char p1[64], p2[64];
        const char *remote, *user;
        snprintf(p1, sizeof(p1), "slots[%ld].uses[0].remote", i);
        snprintf(p2, sizeof(p2), "slots[%ld].user", i);
        remote = tjson_str(list, p1);
        user = tjson_str(list, p2);
        if (remote)
            compare(what, remote, user);
        /* Drive letters are kept by redaction: the redacted file answers the same for them. */
        snprintf(p1, sizeof(p1), "slots[%ld].uses[0].local", i);
        if (tjson_str(list, p1)) {
            char drive[8], live[600], file[600];
            snprintf(drive, sizeof(drive), "%s\\", tjson_str(list, p1));
            check_line(NULL, drive, "OTHERDOM\\stranger", live, sizeof(live));
            check_line(redacted, drive, "OTHERDOM\\stranger", file, sizeof(file));
            ok(!strcmp(live, file), "%s: %s redacted: live [%s], redacted [%s]\n", what, drive, live, file);
        }
    }
    n = tjson_len(list, "remembered");
    for (i = 0; i < n; i++) {
        char p1[64];
        snprintf(p1, sizeof(p1), "remembered[%ld].remote", i);
        if (tjson_str(list, p1))
            compare(what, tjson_str(list, p1), NULL);
    }
    tjson_free(list);
}

/* The redacted file holds none of these names. */
static void no_names(const char *what, const char *const *names, size_t count)
{
    char *text = clu_read_file(redacted);
    size_t i;
    ok(text != NULL, "%s: the redacted file exists\n", what);
    for (i = 0; text && i < count; i++)
        ok(!strstr(text, names[i]), "%s: '%s' is in the redacted file:\n%s", what, names[i], text);
    free(text);
}

static void load_file(const char *path)
{
    char err[300] = "";
    fakesmb_reset();
    fakesmb_clear_failures();
    clu_clear_creds();
    ok(fakesmb_load_scenario(path, err, sizeof(err)) == 0, "load %s: %s\n", path, err);
}

/* A state of the matrix, without credentials left from the one before. */
static void load_state(int mine, const char *rest)
{
    clu_clear_creds();
    if (mine)
        clu_load_mine(rest);
    else
        clu_load_text(rest);
}

static void test_matrix(void)
{
    static const char *const sf_names[] = {"hka-fs01",   "IAI\\",  "iai.nl",
                                           "192.0.2.40", "\\data", "\\machine"};
    load_file(serverfault);
    faithful("serverfault");
    no_names("serverfault", sf_names, sizeof(sf_names) / sizeof(sf_names[0]));

    load_state(1, "use O: \\\\hka-fs01\\data\nuse W: \\\\hka-fs01\\data\\machine\n"
                  "use Y: \\\\hka-fs01\\data\\machine\\300\nuse Z: \\\\hka-fs01.iai.nl\\data\n");
    faithful("serverfault with default credentials");

    load_state(0, "logon IAI\\bp\nuse P: \\\\iai.nl\\dfs\\projects\nuse Q: \\\\hka-fs02\\other\n"
                  "dfs \\\\iai.nl\\dfs\\projects \\\\hka-fs02\\projects\\2024\n");
    faithful("DFS");

    load_state(1, "use O: \\\\fs9\\data\nuse - \\\\fs8\\IPC$\nuse N: \\\\fs5\\d\n");
    clu_write_cred(L"fs9", L"IAI\\saved");
    clu_write_cred(L"Domain:target=fs8", L"IAI\\svc8");
    faithful("saved credentials");

    load_state(1, "use Z: \\\\fs01.iai.nl\\data\nuse Y: \\\\fs02.iai.nl\\data user=IAI\\svc\n");
    clu_write_cred(L"*.iai.nl", L"IAI\\wide");
    faithful("wildcard credentials");
    {
        static const char *const names[] = {"fs01", "iai", "wide", "svc"};
        no_names("wildcard credentials", names, sizeof(names) / sizeof(names[0]));
    }

    load_file(technician);
    fakesmb_set_use("M:", 2, NULL);
    faithful("drive-less uses and IPC$");
    load_state(1, "use - \\\\host01\\IPC$\nuse - \\\\host01\\public\nuse M: \\\\host01\\machines\n"
                  "use - \\\\host02\\tools user=CUSTOMER\\svc\n");
    clu_write_cred(L"host01", L"CUSTOMER\\operator");
    faithful("drive-less uses and IPC$ with default credentials");

    load_state(1, "use R: \\\\fs7\\old status=unavailable\nuse S: \\\\fs7\\new\n"
                  "use T: \\\\fs6\\gone user=IAI\\svc status=unavailable\n");
    faithful("remembered drives");

    load_state(1, "use L: \\\\localhost\\share\nuse K: \\\\127.0.0.1\\other user=IAI\\svc\n");
    faithful("names of one machine");
    {
        char *text = clu_read_file(snap);
        ok(text && (strstr(text, "host localhost 127.0.0.1") || strstr(text, "host 127.0.0.1 localhost") ||
                    broken(1)),
           "the snapshot has the names of one machine from name resolution:\n%s", text);
        free(text);
    }
    clu_clear_creds();
}

/* What the snapshot says about itself, and what it never holds. */
static void test_comments(void)
{
    char *text;
    load_file(serverfault);
    faithful("comments");
    text = clu_read_file(snap);
    ok(text && strstr(text, "# ConnectAs snapshot") && strstr(text, "# taken ") && strstr(text, "# data: ") &&
           strstr(text,
                  expect_wnet ? "# connections read from: WNet" : "# connections read from: NetUseEnum") &&
           strstr(text, "# elevated: "),
       "what, when, where from, elevation:\n%s", text);
    ok(text && !strstr(text, "# not read: NetUseEnum") == !expect_wnet,
       "the WNet fallback is named when used:\n%s", text);
    ok(text && !strstr(text, "not-a-real-secret"), "no secret\n");
    free(text);
    {
        /* A path that is not ANSI (a user named José): written through the UTF-16 API. (Under Wine with a
         * UTF-8 locale the C library's fopen manages too; on Windows only the UTF-16 path does.) */
        WCHAR wpath[MAX_PATH];
        char path[MAX_PATH * 3], args[MAX_PATH * 3 + 40];
        th_proc_result r;
        DWORD rc;
        GetTempPathW(MAX_PATH - 20, wpath);
        wcsncat(wpath, L"Jos\x00e9-\x6d4b.scenario", ARRAYSIZE(wpath) - wcslen(wpath) - 1);
        WideCharToMultiByte(CP_UTF8, 0, wpath, -1, path, sizeof(path), NULL, NULL);
        snprintf(args, sizeof(args), "snapshot --out \"%s\"", path);
        rc = clu_run(args, NULL, NULL, &r);
        ok(rc == 0 && GetFileAttributesW(wpath) != INVALID_FILE_ATTRIBUTES, "non-ANSI path: exit %lu %s\n",
           rc, r.err);
        th_proc_result_free(&r);
        DeleteFileW(wpath);
    }
}

int main(int argc, char **argv)
{
    WCHAR tmp[MAX_PATH];
    char tmp8[MAX_PATH];
    th_init(argc, argv);
    if (argc < 3) {
        ok(0, "usage: cli_snapshot_live SERVERFAULT.scenario TECHNICIAN.scenario\n");
        return th_finish();
    }
    serverfault = argv[1];
    technician = argv[2];
    expect_wnet = argc > 3 && !strcmp(argv[3], "wnet");
    clu_init();
    if (!fakesmb_installed()) {
        skip("the fake SMB client is not installed here (a real Windows machine?): live tests need it\n");
        return th_finish();
    }
    GetTempPathW(MAX_PATH, tmp);
    WideCharToMultiByte(CP_UTF8, 0, tmp, -1, tmp8, sizeof(tmp8), NULL, NULL);
    snprintf(snap, sizeof(snap), "%sconnectas-snapshot.scenario", tmp8);
    snprintf(redacted, sizeof(redacted), "%sconnectas-redacted.scenario", tmp8);
    test_matrix();
    test_comments();
    DeleteFileA(snap);
    DeleteFileA(redacted);
    return th_finish();
}
