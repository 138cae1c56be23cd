/* Benchmark: from the shell extension's InvokeCommand to a visible connect dialog, warm and cold, next to
 * the start of a minimal window program measured in the same run. */
#include <windows.h>
#include <objbase.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "proc.h"
#include "screenshot.h"
#include "shx_invoke.h"
#include "tray.h"
#include "tray_test.h"

/*
 * Usage: tray_handoff_bench [--rounds N]   (or TRAY_HANDOFF_ROUNDS=N; default 7)
 * Prints medians in milliseconds and ratios to the minimal program; never
 * passes or fails on a time (the checks only catch a broken measurement).
 *   minimal  tray_bench_minimal.exe started until its window exists
 *   warm     InvokeCommand until the dialog is visible, connectas-tray.exe already running
 *   cold     the same with no tray running (the extension starts it)
 */

#define WAIT_MS 30000

static WCHAR tray_exe[MAX_PATH], minimal_exe[MAX_PATH];
static LARGE_INTEGER freq;

static double now_ms(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1000.0 / (double)freq.QuadPart;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

/* Runs "connectas-tray.exe ARGS" and waits for it. */
static void run_tray(const WCHAR *args)
{
    WCHAR cmd[MAX_PATH + 64];
    HANDLE p;
    DWORD code;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", tray_exe, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    p = tt_spawn(cmd, NULL);
    if (p) {
        tt_wait_process(p, WAIT_MS, &code);
        CloseHandle(p);
    }
}

/* Starts the minimal program; the time until its window exists, or -1. */
static double minimal_once(void)
{
    HANDLE p;
    DWORD pid = 0, code;
    double t0 = now_ms(), t = -1;
    HWND w = NULL;
    WCHAR cmd[MAX_PATH + 4];
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\"", minimal_exe);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    p = tt_spawn(cmd, &pid);
    if (!p)
        return -1;
    while (now_ms() - t0 < WAIT_MS && !(w = tt_window_of(pid, L"ConnectAs.BenchMinimal")))
        Sleep(1);
    if (w) {
        t = now_ms() - t0;
        PostMessageW(w, WM_CLOSE, 0, 0);
    }
    if (!tt_wait_process(p, WAIT_MS, &code))
        TerminateProcess(p, 1);
    CloseHandle(p);
    return t;
}

/* "Connect as…" through the extension until the dialog is visible; the time, or -1. Closes it again. */
static double handoff_once(HMODULE dll)
{
    shx_dialog_search s;
    double t0 = now_ms(), t = -1;
    memset(&s, 0, sizeof(s));
    shx_invoke(dll, L"\\\\hka-fs01\\data");
    while (now_ms() - t0 < WAIT_MS && !shx_other_dialog(&s))
        Sleep(1);
    if (s.found) {
        t = now_ms() - t0;
        PostMessageW(s.found, WM_COMMAND, IDCANCEL, 0);
        while (IsWindow(s.found) && now_ms() - t0 < 2 * WAIT_MS)
            Sleep(5);
    }
    return t;
}

static int tray_running(void *ctx)
{
    return tt_window_of(*(const DWORD *)ctx, TRAY_MSG_CLASS) != NULL;
}

int main(int argc, char **argv)
{
    double minimal[64], warm[64], cold[64], mm, mw, mc;
    int rounds = 7, i, nm = 0, nw = 0, nc = 0;
    const char *env = getenv("TRAY_HANDOFF_ROUNDS");
    WCHAR dll_path[MAX_PATH], cmd[MAX_PATH + 32];
    char err[300] = "";
    HMODULE dll;
    HANDLE warm_tray;
    DWORD warm_pid = 0;
    HRESULT hr;
    th_init(argc, argv);
    for (i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
    if (env && *env)
        rounds = atoi(env);
    if (rounds < 1 || rounds > 64)
        rounds = 7;
    QueryPerformanceFrequency(&freq);
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (!fakesmb_installed()) {
        ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
        skip("needs the fake SMB client\n");
        return th_finish();
    }
    fakesmb_reset();
    ok(fakesmb_load_text("bench.scenario", "logon IAI\\bp\nuse O: \\\\hka-fs01\\data\n", err, sizeof(err)) ==
           0,
       "fake: %s\n", err);
    tt_bin_path(L"connectas.dll", dll_path, ARRAYSIZE(dll_path));
    tt_bin_path(L"connectas-tray.exe", tray_exe, ARRAYSIZE(tray_exe));
    tt_bin_path(L"tray_bench_minimal.exe", minimal_exe, ARRAYSIZE(minimal_exe));
    dll = LoadLibraryW(dll_path);
    ok(dll != NULL, "cannot load %ls\n", dll_path);
    if (!dll)
        return th_finish();
    run_tray(L"exit");

    /* Interleaved rounds, so that a slow moment of the machine hits every variant alike. */
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --background", tray_exe);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    for (i = 0; i < rounds; i++) {
        double t = minimal_once();
        if (t >= 0)
            minimal[nm++] = t;
        /* cold: nothing running */
        t = handoff_once(dll);
        if (t >= 0)
            cold[nc++] = t;
        run_tray(L"exit");
        /* warm: the tray idles in the background first */
        warm_tray = tt_spawn(cmd, &warm_pid);
        ok(warm_tray && th_wait_for(tray_running, &warm_pid, WAIT_MS), "the background tray did not start\n");
        WaitForInputIdle(warm_tray, 5000);
        t = handoff_once(dll);
        if (t >= 0)
            warm[nw++] = t;
        run_tray(L"exit");
        if (warm_tray)
            CloseHandle(warm_tray);
    }
    ok(nm == rounds && nw == rounds && nc == rounds, "measurements: minimal %d, warm %d, cold %d of %d\n", nm,
       nw, nc, rounds);
    mm = median(minimal, nm);
    mw = median(warm, nw);
    mc = median(cold, nc);
    printf("tray hand-off (%d rounds, medians):\n", rounds);
    printf("  minimal window program start   %8.1f ms\n", mm);
    printf("  Connect as..., tray running     %8.1f ms  (%.2fx minimal)\n", mw, mm > 0 ? mw / mm : 0);
    printf("  Connect as..., cold start       %8.1f ms  (%.2fx minimal)\n", mc, mm > 0 ? mc / mm : 0);
    FreeLibrary(dll);
    if (SUCCEEDED(hr))
        CoUninitialize();
    return th_finish();
}
