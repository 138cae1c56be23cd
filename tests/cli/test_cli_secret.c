/* Attacks on connectas.exe's password and argument input: echo, overlong lines left for the shell, lone
 * surrogates. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_secret.h"
#include "harness.h"
#include "proc.h"

static WCHAR exe[MAX_PATH];
static const char *scenario;

/* ---- the console reader, fed by a stand-in for ReadConsoleW in line mode ---- */

typedef struct feed {
    const WCHAR *text; /* what was typed, line ends included */
    size_t pos;
    int calls;
} feed;

static BOOL feed_read(void *ctx, WCHAR *buf, DWORD cap, DWORD *got)
{
    feed *f = ctx;
    size_t left = wcslen(f->text) - f->pos, n = 0;
    f->calls++;
    /* Like ReadConsoleW: at most cap units, never past the end of the current line. */
    while (n < cap && n < left) {
        buf[n] = f->text[f->pos + n];
        if (buf[n++] == L'\n')
            break;
    }
    f->pos += n;
    *got = (DWORD)n;
    return TRUE;
}

static void test_console_mode(void)
{
    DWORD typical = ENABLE_ECHO_INPUT | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT | ENABLE_INSERT_MODE |
                    ENABLE_QUICK_EDIT_MODE | ENABLE_EXTENDED_FLAGS;
    DWORD m = cli_secret_console_mode(typical);
    ok(!(m & ENABLE_ECHO_INPUT), "echo stays on: mode 0x%lx\n", m);
    ok((m & ENABLE_LINE_INPUT) && (m & ENABLE_PROCESSED_INPUT), "line/processed input off: 0x%lx\n", m);
    ok((m & ENABLE_INSERT_MODE) && (m & ENABLE_QUICK_EDIT_MODE), "other flags lost: 0x%lx\n", m);
    m = cli_secret_console_mode(ENABLE_ECHO_INPUT);
    ok(m == (ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT), "from echo only: 0x%lx\n", m);
}

static void test_console_reader(void)
{
    static WCHAR long_line[3000 + 32];
    char buf[512];
    feed f;
    cli_secret_rc rc;
    size_t i;

    memset(&f, 0, sizeof(f));
    f.text = L"s3cr\x00e9t\r\ndir\r\n";
    rc = cli_secret_from_console(feed_read, &f, buf, sizeof(buf));
    ok(rc == CLI_SECRET_OK && !strcmp(buf, "s3cr\xc3\xa9t"), "plain line: rc %d [%s]\n", rc, buf);
    ok(!wcscmp(f.text + f.pos, L"dir\r\n"), "read past the line: left [%ls]\n", f.text + f.pos);

    /* 3000 characters and then a command: the whole line is read, refused, and the next line stays. */
    for (i = 0; i < 3000; i++)
        long_line[i] = L'a';
    memcpy(long_line + 3000, L"\r\ndel /q *\r\n", sizeof(L"\r\ndel /q *\r\n"));
    memset(&f, 0, sizeof(f));
    f.text = long_line;
    memset(buf, 'x', sizeof(buf));
    rc = cli_secret_from_console(feed_read, &f, buf, sizeof(buf));
    ok(rc == CLI_SECRET_TOO_LONG, "overlong console line: rc %d\n", rc);
    ok(!wcscmp(f.text + f.pos, L"del /q *\r\n"), "overlong line not drained: %zu of %zu units read\n", f.pos,
       wcslen(f.text));
    for (i = 0; i < sizeof(buf) && buf[i] == 0; i++)
        ;
    ok(i == sizeof(buf), "buffer not wiped after refusal (byte %zu)\n", i);

    /* Exactly as long as fits: accepted. */
    for (i = 0; i < 511; i++)
        long_line[i] = L'b';
    memcpy(long_line + 511, L"\r\n", sizeof(L"\r\n"));
    memset(&f, 0, sizeof(f));
    f.text = long_line;
    rc = cli_secret_from_console(feed_read, &f, buf, sizeof(buf));
    ok(rc == CLI_SECRET_OK && strlen(buf) == 511, "511 characters: rc %d len %zu\n", rc, strlen(buf));

    /* A lone surrogate must not become U+FFFD. */
    memset(&f, 0, sizeof(f));
    f.text = L"ab\xd800"
             L"cd\r\n";
    rc = cli_secret_from_console(feed_read, &f, buf, sizeof(buf));
    ok(rc == CLI_SECRET_NOT_TEXT && !buf[0], "lone surrogate: rc %d [%s]\n", rc, buf);

    memset(&f, 0, sizeof(f));
    f.text = L"";
    rc = cli_secret_from_console(feed_read, &f, buf, sizeof(buf));
    ok(rc == CLI_SECRET_NONE, "end of input: rc %d\n", rc);
}

/* ---- the pipe reader ---- */

static HANDLE pipe_with(const char *data, size_t len)
{
    HANDLE r = NULL, w = NULL;
    DWORD done;
    if (!CreatePipe(&r, &w, NULL, 65536))
        return NULL;
    WriteFile(w, data, (DWORD)len, &done, NULL);
    CloseHandle(w);
    return r;
}

static void test_pipe_reader(void)
{
    static char data[5000];
    char buf[512], rest[64];
    DWORD got = 0;
    HANDLE h;
    cli_secret_rc rc;

    memset(data, 'p', 4000);
    memcpy(data + 4000, "\r\nnext line\n", 12);
    h = pipe_with(data, 4012);
    ok(h != NULL, "CreatePipe\n");
    if (!h)
        return;
    rc = cli_secret_from_pipe(h, buf, sizeof(buf));
    ok(rc == CLI_SECRET_TOO_LONG && !buf[0], "overlong piped line: rc %d\n", rc);
    memset(rest, 0, sizeof(rest));
    ReadFile(h, rest, sizeof(rest) - 1, &got, NULL);
    ok(!strcmp(rest, "next line\n"), "the overlong line was not consumed to its end: left [%.40s]\n", rest);
    CloseHandle(h);

    h = pipe_with("pa\xffss\n", 6);
    rc = cli_secret_from_pipe(h, buf, sizeof(buf));
    ok(rc == CLI_SECRET_NOT_TEXT && !buf[0], "invalid UTF-8: rc %d\n", rc);
    CloseHandle(h);

    h = pipe_with("pa\xc3\xa9ss\r\n", 8);
    rc = cli_secret_from_pipe(h, buf, sizeof(buf));
    ok(rc == CLI_SECRET_OK && !strcmp(buf, "pa\xc3\xa9ss"), "UTF-8 line: rc %d [%s]\n", rc, buf);
    CloseHandle(h);

    h = pipe_with("", 0);
    rc = cli_secret_from_pipe(h, buf, sizeof(buf));
    ok(rc == CLI_SECRET_NONE, "empty input: rc %d\n", rc);
    CloseHandle(h);
}

/* ---- connectas.exe end to end ---- */

static void test_exe_overlong_stdin(void)
{
    WCHAR cmd[2048];
    char *input = malloc(3000);
    th_proc_result r;
    if (!input)
        return;
    memset(input, 'z', 2990);
    memcpy(input + 2990, "\nexit 7\n", 9);
    _snwprintf(cmd, ARRAYSIZE(cmd),
               L"\"%ls\" connect --scenario \"%hs\" --user IAI\\svc --password-stdin \\\\newsrv\\data", exe,
               scenario);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, input, 30000, &r), "connectas.exe did not run\n");
    ok(r.exit_code != 0 && r.exit_code != (DWORD)-1, "overlong password accepted: exit %lu\n", r.exit_code);
    ok(strstr(r.err, "longer than 511 bytes") != NULL, "no clear message for an overlong password: [%s]\n",
       r.err);
    ok(strstr(r.out, "zzzz") == NULL && strstr(r.err, "zzzz") == NULL, "the password was echoed\n");
    th_proc_result_free(&r);
    free(input);
}

static void test_exe_lone_surrogate_argument(void)
{
    WCHAR cmd[2048];
    th_proc_result r;
    /* \\srv\sh<U+D800>re would otherwise become \\srv\sh<U+FFFD>re: another share. */
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" check --scenario \"%hs\" \\\\srv\\sh\xd800re", exe, scenario);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, NULL, 30000, &r), "connectas.exe did not run\n");
    ok(r.exit_code == 2, "lone surrogate argument: exit %lu, want 2 (%s)\n", r.exit_code, r.err);
    ok(strstr(r.err, "lone UTF-16 surrogate") != NULL, "no clear message: [%s]\n", r.err);
    th_proc_result_free(&r);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_console_mode();
    test_console_reader();
    test_pipe_reader();
    if (argc < 2) {
        ok(0, "usage: cli_secret SCENARIO\n");
        return th_finish();
    }
    scenario = argv[1];
    th_exe_dir(exe, MAX_PATH);
    wcsncat(exe, L"\\connectas.exe", MAX_PATH - wcslen(exe) - 1);
    test_exe_overlong_stdin();
    test_exe_lone_surrogate_argument();
    return th_finish();
}
