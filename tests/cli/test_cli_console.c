/* Attacks on the password prompt of connectas.exe in a real console: echo and overlong lines left for the
 * shell. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "proc.h"

static WCHAR exe[MAX_PATH];
static const char *scenario;
static HANDLE con_in, con_out;

/* Queues text as key presses (down and up) in this process's console. */
static void type_text(const WCHAR *text)
{
    INPUT_RECORD rec[2];
    DWORD done;
    size_t i;
    for (i = 0; text[i]; i++) {
        memset(rec, 0, sizeof(rec));
        rec[0].EventType = KEY_EVENT;
        rec[0].Event.KeyEvent.bKeyDown = TRUE;
        rec[0].Event.KeyEvent.wRepeatCount = 1;
        rec[0].Event.KeyEvent.uChar.UnicodeChar = text[i];
        rec[0].Event.KeyEvent.wVirtualKeyCode = text[i] == L'\r' ? VK_RETURN : 0;
        rec[1] = rec[0];
        rec[1].Event.KeyEvent.bKeyDown = FALSE;
        WriteConsoleInputW(con_in, rec, 2, &done);
    }
}

/* Clears the screen buffer, so that what a run shows can be read back alone. */
static void clear_screen(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    COORD origin = {0, 0};
    DWORD done;
    if (GetConsoleScreenBufferInfo(con_out, &info)) {
        FillConsoleOutputCharacterW(con_out, L' ', (DWORD)info.dwSize.X * (DWORD)info.dwSize.Y, origin,
                                    &done);
        SetConsoleCursorPosition(con_out, origin);
    }
}

static void read_screen(char *buf, size_t size)
{
    static WCHAR wide[8192];
    COORD origin = {0, 0};
    DWORD got = 0;
    ReadConsoleOutputCharacterW(con_out, wide, ARRAYSIZE(wide) - 1, origin, &got);
    wide[got] = 0;
    WideCharToMultiByte(CP_UTF8, 0, wide, -1, buf, (int)size, NULL, NULL);
}

/* Runs connectas.exe in this console (its standard handles are the console) after typing typed. */
static DWORD run_in_console(const WCHAR *args, const WCHAR *typed)
{
    WCHAR cmd[2048];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = (DWORD)-1;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", exe, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    clear_screen();
    FlushConsoleInputBuffer(con_in);
    type_text(typed);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        ok(0, "cannot start connectas.exe: %lu\n", GetLastError());
        return code;
    }
    ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "connectas.exe did not end\n");
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

static void test_no_echo(void)
{
    WCHAR args[1024];
    char screen[8192];
    DWORD rc;
    _snwprintf(args, ARRAYSIZE(args),
               L"connect --scenario \"%hs\" --user IAI\\svc --password-stdin \\\\newsrv\\data", scenario);
    args[ARRAYSIZE(args) - 1] = 0;
    rc = run_in_console(args, L"s3cretPW\r");
    read_screen(screen, sizeof(screen));
    ok(rc == 0, "connect: exit %lu (%s)\n", rc, screen);
    ok(strstr(screen, "Connected") != NULL, "no result on the screen\n");
    ok(strstr(screen, "s3cretPW") == NULL, "--password-stdin on a console echoed the password\n");
}

static void test_overlong_line(void)
{
    static WCHAR typed[800];
    WCHAR args[1024], next[16];
    char screen[8192];
    DWORD rc, got = 0, mode = 0;
    size_t i;
    for (i = 0; i < 700; i++)
        typed[i] = L'q';
    typed[700] = L'\r';
    typed[701] = 0;
    _snwprintf(args, ARRAYSIZE(args),
               L"connect --scenario \"%hs\" --user IAI\\svc --password-stdin \\\\newsrv\\data", scenario);
    args[ARRAYSIZE(args) - 1] = 0;
    rc = run_in_console(args, typed);
    read_screen(screen, sizeof(screen));
    ok(rc != 0 && rc != (DWORD)-1, "overlong password accepted: exit %lu\n", rc);
    ok(strstr(screen, "longer than 511 bytes") != NULL, "no clear message: [%.300s]\n", screen);
    ok(strstr(screen, "qqqq") == NULL, "the overlong password was echoed\n");

    /* What the shell reads next must be what is typed next, not the rest of that line. */
    GetConsoleMode(con_in, &mode);
    SetConsoleMode(con_in, mode | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT);
    type_text(L"Z\r");
    memset(next, 0, sizeof(next));
    ReadConsoleW(con_in, next, ARRAYSIZE(next) - 1, &got, NULL);
    ok(got > 0 && next[0] == L'Z', "the rest of the overlong line was left for the shell: [%.10ls]\n", next);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 2) {
        ok(0, "usage: cli_console SCENARIO\n");
        return th_finish();
    }
    scenario = argv[1];
    th_exe_dir(exe, MAX_PATH);
    wcsncat(exe, L"\\connectas.exe", MAX_PATH - wcslen(exe) - 1);
    /* A console of our own (Wine needs a display for it: the test runs under Xvfb). */
    FreeConsole();
    if (!AllocConsole()) {
        ok(0, "AllocConsole failed: %lu\n", GetLastError());
        return th_finish();
    }
    con_in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                         OPEN_EXISTING, 0, NULL);
    con_out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                          OPEN_EXISTING, 0, NULL);
    test_no_echo();
    test_overlong_line();
    FreeConsole();
    return th_finish();
}
