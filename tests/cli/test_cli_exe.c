/* End-to-end tests of connectas.exe on scenario files: exit codes, JSON on stdout, one-line errors. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "proc.h"
#include "tjson.h"

static WCHAR exe[MAX_PATH];
static const char *serverfault;

/* Runs connectas.exe with args (UTF-8, already quoted where needed). */
static DWORD run(const char *args, const char *input, th_proc_result *r)
{
    WCHAR cmd[4096], wargs[3500];
    MultiByteToWideChar(CP_UTF8, 0, args, -1, wargs, ARRAYSIZE(wargs));
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, wargs);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, input, 30000, r), "connectas.exe did not run or did not end: %s\n", args);
    return r->exit_code;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_check(void)
{
    th_proc_result r;
    char args[1024], err[128];
    tjson *j;
    DWORD rc;
    char locals[128];

    snprintf(args, sizeof(args), "check --scenario \"%s\" --json --user IAI\\svc \\\\hka-fs01\\data",
             serverfault);
    rc = run(args, NULL, &r);
    ok(rc == 3, "exit %lu, want 3; stderr: %s\n", rc, r.err);
    j = tjson_parse(r.out, err, sizeof(err));
    ok(j != NULL, "stdout is not one JSON object (%s): %s\n", err, r.out);
    tjson_join(j, "conflicts", "local", locals, sizeof(locals));
    ok(!strcmp(locals, "O: W: Y:"), "conflicting drives [%s], want O:, W:, Y: and not Z:\n", locals);
    ok(j && tjson_str(j, "verdict") && !strcmp(tjson_str(j, "verdict"), "conflict"), "verdict\n");
    tjson_free(j);
    th_proc_result_free(&r);

    snprintf(args, sizeof(args), "check --scenario \"%s\" \\\\hka-fs01\\data", serverfault);
    rc = run(args, NULL, &r);
    ok(rc == 0, "default credentials: exit %lu; %s%s\n", rc, r.out, r.err);
    th_proc_result_free(&r);

    snprintf(args, sizeof(args), "check --scenario \"%s\" --json --user IAI\\svc \\\\hka-fs01.iai.nl\\data",
             serverfault);
    rc = run(args, NULL, &r);
    j = tjson_parse(r.out, err, sizeof(err));
    ok(rc == 3 && j && tjson_len(j, "conflicts") == 1 && tjson_str(j, "conflicts[0].local") &&
           !strcmp(tjson_str(j, "conflicts[0].local"), "Z:"),
       "FQDN: exit %lu, conflicts Z: only: %s\n", rc, r.out);
    tjson_free(j);
    th_proc_result_free(&r);
}

static void test_bad_input(void)
{
    /* Each case is the arguments after --scenario FILE. */
    static const char *const cases[] = {
        "\\\\\\srv\\share", "\"\"", "--frob \\\\a\\b", "", "\\\\srv\\sh*re",
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]) + 1; i++) {
        th_proc_result r;
        char args[1024];
        DWORD rc;
        if (i < sizeof(cases) / sizeof(cases[0]))
            snprintf(args, sizeof(args), "check --scenario \"%s\" %s", serverfault, cases[i]);
        else
            snprintf(args, sizeof(args), "connect --scenario \"%s\" --password x \\\\a\\b", serverfault);
        rc = run(args, NULL, &r);
        ok(rc == 2, "[%s]: exit %lu, want 2\n", args, rc);
        ok(lines(r.err) == 1 && r.out[0] == 0, "[%s]: want one line on stderr only, got [%s] [%s]\n", args,
           r.err, r.out);
        th_proc_result_free(&r);
    }
}

static void test_utf8_and_version(void)
{
    th_proc_result r;
    char args[1024], err[128];
    WCHAR wpath[MAX_PATH];
    FILE *f;
    tjson *j;
    DWORD rc;

    rc = run("--version", NULL, &r);
    ok(rc == 0 && !strncmp(r.out, "connectas ", 10), "--version: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);

    /* Non-ASCII names travel as UTF-8 through a redirected stdout, whatever the code page. */
    GetTempPathW(MAX_PATH, wpath);
    wcsncat(wpath, L"cli-utf8.scenario", ARRAYSIZE(wpath) - wcslen(wpath) - 1);
    f = _wfopen(wpath, L"wb");
    ok(f != NULL, "cannot write a scenario\n");
    if (!f)
        return;
    fputs("\xef\xbb\xbflogon CORP\\J\xc3\xbcrgen\nuse \xc3\x9c: \"\\\\fs\\\xc3\x9c"
          "ber Team\" user=CORP\\bob\n",
          f);
    fclose(f);
    {
        char path8[MAX_PATH * 3];
        WideCharToMultiByte(CP_UTF8, 0, wpath, -1, path8, sizeof(path8), NULL, NULL);
        snprintf(args, sizeof(args), "list --json --scenario \"%s\"", path8);
    }
    rc = run(args, NULL, &r);
    /* Ü: is not a drive letter: the loader must refuse it with exit 2. */
    ok(rc == 2, "non-letter drive: exit %lu (%s)\n", rc, r.err);
    th_proc_result_free(&r);

    f = _wfopen(wpath, L"wb");
    if (!f)
        return;
    fputs("logon CORP\\J\xc3\xbcrgen\nuse U: \"\\\\fs\\\xc3\x9c"
          "ber Team\" user=CORP\\bob\n",
          f);
    fclose(f);
    rc = run(args, NULL, &r);
    ok(rc == 0, "list: exit %lu (%s)\n", rc, r.err);
    j = tjson_parse(r.out, err, sizeof(err));
    ok(j != NULL && strstr(r.out, "\xc3\x9c"
                                  "ber Team") != NULL,
       "UTF-8 share name in JSON (%s): %s\n", err, r.out);
    tjson_free(j);
    th_proc_result_free(&r);
    DeleteFileW(wpath);
}

/* Issue 11 finding 1, exactly as reported: the fix disconnects P: (DFS) and the connection succeeds. */
static void test_fix_dfs(void)
{
    th_proc_result r;
    char args[1024], path8[MAX_PATH * 3];
    WCHAR wpath[MAX_PATH];
    FILE *f;
    DWORD rc;

    GetTempPathW(MAX_PATH, wpath);
    wcsncat(wpath, L"cli-dfs-exe.scenario", ARRAYSIZE(wpath) - wcslen(wpath) - 1);
    f = _wfopen(wpath, L"wb");
    ok(f != NULL, "cannot write a scenario\n");
    if (!f)
        return;
    fputs("logon IAI\\bp\nuse P: \\\\iai.nl\\dfs\\proj\ndfs \\\\iai.nl\\dfs\\proj \\\\hka-fs02\\proj\n", f);
    fclose(f);
    WideCharToMultiByte(CP_UTF8, 0, wpath, -1, path8, sizeof(path8), NULL, NULL);
    snprintf(args, sizeof(args),
             "connect \\\\hka-fs02\\proj --user IAI\\svc --fix disconnect --password-stdin --scenario \"%s\"",
             path8);
    rc = run(args, "not-a-real-password\n", &r);
    ok(rc == 0, "DFS --fix disconnect: exit %lu, want 0; stderr: %s\n", rc, r.err);
    ok(strstr(r.out, "Disconnected P:") != NULL, "P: disconnected: %s\n", r.out);
    ok(!strstr(r.err, "although no conflict"), "no misprediction claim: %s\n", r.err);
    ok(!strstr(r.out, "not-a-real-password") && !strstr(r.err, "not-a-real-password"),
       "no secret in output\n");
    th_proc_result_free(&r);
    DeleteFileW(wpath);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 2) {
        ok(0, "usage: cli_exe SERVERFAULT.scenario\n");
        return th_finish();
    }
    serverfault = argv[1];
    th_exe_dir(exe, MAX_PATH);
    wcsncat(exe, L"\\connectas.exe", ARRAYSIZE(exe) - wcslen(exe) - 1);
    if (GetFileAttributesW(exe) == INVALID_FILE_ATTRIBUTES) {
        ok(0, "connectas.exe not found beside the test: %ls\n", exe);
        return th_finish();
    }
    test_check();
    test_fix_dfs();
    test_bad_input();
    test_utf8_and_version();
    return th_finish();
}
