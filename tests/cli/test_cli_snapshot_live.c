/* Faithful snapshots: live `check` and `check --scenario SNAPSHOT` agree for every slot (fake SMB client). */
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "proc.h"
#include "tjson.h"
#include "winutil.h"

static WCHAR exe[MAX_PATH];
static const char *serverfault, *technician;
static char snap[MAX_PATH], redacted[MAX_PATH];

static DWORD run(const char *args, th_proc_result *r)
{
    WCHAR cmd[4096], wargs[3500];
    MultiByteToWideChar(CP_UTF8, 0, args, -1, wargs, ARRAYSIZE(wargs));
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, wargs);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, NULL, 60000, r), "connectas.exe did not run or did not end: %s\n", args);
    return r->exit_code;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf) {
        n = (long)fread(buf, 1, (size_t)n, f);
        buf[n] = 0;
    }
    fclose(f);
    return buf;
}

static void write_cred(const WCHAR *target, const WCHAR *user)
{
    CREDENTIALW c;
    WCHAR pw[] = L"not-a-real-secret";
    memset(&c, 0, sizeof(c));
    c.Type = CRED_TYPE_DOMAIN_PASSWORD;
    c.TargetName = (WCHAR *)target;
    c.UserName = (WCHAR *)user;
    c.CredentialBlob = (BYTE *)pw;
    c.CredentialBlobSize = sizeof(pw) - sizeof(WCHAR);
    c.Persist = CRED_PERSIST_LOCAL_MACHINE;
    ok(CredWriteW(&c, 0), "CredWrite %ls: %lu\n", target, GetLastError());
}

static void clear_creds(void)
{
    DWORD n = 0, i;
    CREDENTIALW **all = NULL;
    if (!CredEnumerateW(NULL, 0, &n, &all))
        return;
    for (i = 0; i < n; i++)
        CredDeleteW(all[i]->TargetName, all[i]->Type, 0);
    CredFree(all);
}

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
    rc = run(args, &r);
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
    rc = run(args, &r);
    ok(rc == 0, "%s: snapshot: exit %lu (%s)\n", what, rc, r.err);
    th_proc_result_free(&r);
    snprintf(args, sizeof(args), "snapshot --redact --out \"%s\"", redacted);
    rc = run(args, &r);
    ok(rc == 0, "%s: redacted snapshot: exit %lu (%s)\n", what, rc, r.err);
    th_proc_result_free(&r);

    rc = run("list --json", &r);
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
    char *text = read_text(redacted);
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
    clear_creds();
    ok(fakesmb_load_scenario(path, err, sizeof(err)) == 0, "load %s: %s\n", path, err);
}

static void load_text(const char *text)
{
    char err[300] = "";
    fakesmb_reset();
    fakesmb_clear_failures();
    clear_creds();
    ok(fakesmb_load_text("inline", text, err, sizeof(err)) == 0, "load: %s\n", err);
}

/* Loads a state whose logon user is this process's, so default uses stay default in NetUseEnum's answer
 * (otherwise they show the scenario's logon user, which the product reads as an explicit user). */
static void load_mine(const char *rest)
{
    char *me = win_logon_user(), *text;
    size_t n = strlen(rest) + (me ? strlen(me) : 0) + 16;
    text = malloc(n);
    ok(me && text, "the logon user is known\n");
    if (me && text) {
        snprintf(text, n, "logon %s\n%s", me, rest);
        load_text(text);
    }
    free(text);
    free(me);
}

static void test_matrix(void)
{
    static const char *const sf_names[] = {"hka-fs01",   "IAI\\",  "iai.nl",
                                           "192.0.2.40", "\\data", "\\machine"};
    load_file(serverfault);
    faithful("serverfault");
    no_names("serverfault", sf_names, sizeof(sf_names) / sizeof(sf_names[0]));

    load_mine("use O: \\\\hka-fs01\\data\nuse W: \\\\hka-fs01\\data\\machine\n"
              "use Y: \\\\hka-fs01\\data\\machine\\300\nuse Z: \\\\hka-fs01.iai.nl\\data\n");
    faithful("serverfault with default credentials");

    load_text("logon IAI\\bp\nuse P: \\\\iai.nl\\dfs\\projects\nuse Q: \\\\hka-fs02\\other\n"
              "dfs \\\\iai.nl\\dfs\\projects \\\\hka-fs02\\projects\\2024\n");
    faithful("DFS");

    load_mine("use O: \\\\fs9\\data\nuse - \\\\fs8\\IPC$\nuse N: \\\\fs5\\d\n");
    write_cred(L"fs9", L"IAI\\saved");
    write_cred(L"Domain:target=fs8", L"IAI\\svc8");
    faithful("saved credentials");

    load_mine("use Z: \\\\fs01.iai.nl\\data\nuse Y: \\\\fs02.iai.nl\\data user=IAI\\svc\n");
    write_cred(L"*.iai.nl", L"IAI\\wide");
    faithful("wildcard credentials");
    {
        static const char *const names[] = {"fs01", "iai", "wide", "svc"};
        no_names("wildcard credentials", names, sizeof(names) / sizeof(names[0]));
    }

    load_file(technician);
    fakesmb_set_use("M:", 2, NULL);
    faithful("drive-less uses and IPC$");
    load_mine("use - \\\\host01\\IPC$\nuse - \\\\host01\\public\nuse M: \\\\host01\\machines\n"
              "use - \\\\host02\\tools user=CUSTOMER\\svc\n");
    write_cred(L"host01", L"CUSTOMER\\operator");
    faithful("drive-less uses and IPC$ with default credentials");

    load_mine("use R: \\\\fs7\\old status=unavailable\nuse S: \\\\fs7\\new\n"
              "use T: \\\\fs6\\gone user=IAI\\svc status=unavailable\n");
    faithful("remembered drives");

    load_mine("use L: \\\\localhost\\share\nuse K: \\\\127.0.0.1\\other user=IAI\\svc\n");
    faithful("names of one machine");
    {
        char *text = read_text(snap);
        ok(text && (strstr(text, "host localhost 127.0.0.1") || strstr(text, "host 127.0.0.1 localhost") ||
                    broken(1)),
           "the snapshot has the names of one machine from name resolution:\n%s", text);
        free(text);
    }
    clear_creds();
}

/* What the snapshot says about itself, and what it never holds. */
static void test_comments(void)
{
    char *text;
    load_file(serverfault);
    faithful("comments");
    text = read_text(snap);
    ok(text && strstr(text, "# ConnectAs snapshot") && strstr(text, "# taken ") && strstr(text, "# data: ") &&
           strstr(text, "# connections read from: NetUseEnum") && strstr(text, "# elevated: "),
       "what, when, where from, elevation:\n%s", text);
    ok(text && !strstr(text, "not-a-real-secret"), "no secret\n");
    free(text);
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
    th_exe_dir(exe, MAX_PATH);
    wcscat(exe, L"\\connectas.exe");
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
