/* Attack: a portable copy run from a user-writable folder that also holds a planted netapi32.dll and mpr.dll.
 */
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include <winuser.h>

#include "harness.h"
#include "proc.h"

static WCHAR bin[MAX_PATH], plant_dir[MAX_PATH], work[MAX_PATH], marker[MAX_PATH];
static const char *scenario;
static BOOL tray_copied;

static BOOL copy_into(const WCHAR *from_dir, const WCHAR *name)
{
    WCHAR from[MAX_PATH], to[MAX_PATH];
    _snwprintf(from, MAX_PATH, L"%ls\\%ls", from_dir, name);
    from[MAX_PATH - 1] = 0;
    _snwprintf(to, MAX_PATH, L"%ls\\%ls", work, name);
    to[MAX_PATH - 1] = 0;
    return CopyFileW(from, to, FALSE);
}

/* What the planted DLLs wrote (loads and calls), "" when nothing. */
static void read_marker(char *buf, size_t size)
{
    HANDLE h =
        CreateFileW(marker, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0;
    buf[0] = 0;
    if (h == INVALID_HANDLE_VALUE)
        return;
    ReadFile(h, buf, (DWORD)size - 1, &got, NULL);
    buf[got] = 0;
    CloseHandle(h);
    CharLowerA(buf); /* the loader may name them MPR.dll, NETAPI32.dll */
}

/* Runs PROGRAM ARGS from the planted folder; returns what the planted DLLs recorded. */
static void run_planted(const WCHAR *program, const char *args, char *seen, size_t size, DWORD *exit_code)
{
    WCHAR cmd[2048];
    th_proc_result r;
    DeleteFileW(marker);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\\%ls\" %hs", work, program, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    ok(th_run(cmd, NULL, 30000, &r), "%ls %s did not run\n", program, args);
    *exit_code = r.exit_code;
    th_proc_result_free(&r);
    read_marker(seen, size);
}

static void test_planting(void)
{
    /* Each command: its verb, whether it reads the scenario, and the rest of its arguments. */
    static const struct {
        const char *verb;
        int sandbox;
        const char *rest;
    } commands[] = {
        {"--version", 0, ""},
        {"list", 1, ""},
        {"check", 1, "\\\\hka-fs01\\data"},
        {"list", 0, ""},                       /* live: NetUseEnum, then the WNet fallback */
        {"report", 0, ""},                     /* live, with DFS and name lookups */
        {"disconnect", 0, "\\\\nosuchserver"}, /* live: WNetCancelConnection2 and NetUseDel */
    };
    char seen[4096], args[1024];
    DWORD rc;
    size_t i;

    /* The detector works: a program with static imports loads the planted copies. */
    run_planted(L"plant_probe.exe", "", seen, sizeof(seen), &rc);
    ok(strstr(seen, "netapi32.dll loaded") && strstr(seen, "mpr.dll loaded"),
       "control: the planted DLLs were not loaded by a program that imports them statically [%s]\n", seen);

    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        snprintf(args, sizeof(args), "%s%s%s%s %s", commands[i].verb,
                 commands[i].sandbox ? " --scenario \"" : "", commands[i].sandbox ? scenario : "",
                 commands[i].sandbox ? "\"" : "", commands[i].rest);
        run_planted(L"connectas.exe", args, seen, sizeof(seen), &rc);
        ok(seen[0] == 0, "connectas.exe %s loaded a planted DLL from its own folder:\n%s", args, seen);
        ok(rc != (DWORD)-1 && rc != 0xc0000135 && rc != 0xc0000139, "connectas.exe %s did not start: 0x%lx\n",
           args, rc);
    }

    /* The tray, asked to end a tray that is not running (no window, no network). */
    if (tray_copied) {
        run_planted(L"connectas-tray.exe", "exit", seen, sizeof(seen), &rc);
        ok(seen[0] == 0, "connectas-tray.exe loaded a planted DLL from its own folder:\n%s", seen);
        ok(rc != (DWORD)-1 && rc != 0xc0000135 && rc != 0xc0000139,
           "connectas-tray.exe did not start: 0x%lx\n", rc);
    }
}

int main(int argc, char **argv)
{
    WCHAR tmp[MAX_PATH];
    th_init(argc, argv);
    if (argc < 3) {
        ok(0, "usage: win_dll_planting PLANT_DIR SCENARIO\n");
        return th_finish();
    }
    MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, plant_dir, MAX_PATH);
    scenario = argv[2];
    th_exe_dir(bin, MAX_PATH);

    /* A user's Downloads folder: the unzipped portable copy and what an attacker put beside it. */
    GetTempPathW(MAX_PATH, tmp);
    _snwprintf(work, MAX_PATH, L"%lsconnectas-planted-%lu", tmp, GetCurrentProcessId());
    work[MAX_PATH - 1] = 0;
    CreateDirectoryW(work, NULL);
    _snwprintf(marker, MAX_PATH, L"%ls\\marker.txt", work);
    marker[MAX_PATH - 1] = 0;
    SetEnvironmentVariableW(L"CONNECTAS_PLANT_MARKER", marker);
    ok(copy_into(bin, L"connectas.exe"), "cannot copy connectas.exe: %lu\n", GetLastError());
    ok(copy_into(plant_dir, L"netapi32.dll") && copy_into(plant_dir, L"mpr.dll") &&
           copy_into(plant_dir, L"plant_probe.exe"),
       "cannot plant the DLLs from %ls: %lu\n", plant_dir, GetLastError());
    tray_copied = copy_into(bin, L"connectas-tray.exe"); /* absent in builds without the tray */
    test_planting();
    return th_finish();
}
