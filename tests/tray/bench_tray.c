/* Benchmark: memory and idle CPU of connectas-tray.exe next to a minimal Win32 window program. */
#include <windows.h>
#include <psapi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "proc.h"
#include "screenshot.h"
#include "tray.h"
#include "tray_test.h"

/*
 * Usage: tray_bench [SCENARIO] [--seconds N]   (or TRAY_BENCH_SECONDS=N)
 * The real benchmark idles 60 s per variant; the ctest entry runs a few
 * seconds so that it cannot rot. Not a timed test: the checks only catch a
 * broken measurement or a busy loop; the numbers are for reading.
 */

typedef struct sample {
    SIZE_T working_set, private_bytes;
    SIZE_T commit;       /* PagefileUsage */
    ULONGLONG cpu_100ns; /* user + kernel */
} sample;

typedef struct proc_run {
    HANDLE proc;
    DWORD pid;
    const WCHAR *tag; /* a unique part of its command line (to find it in /proc under Wine) */
    char unix_pid[16];
    sample before, after;
} proc_run;

static WCHAR tray_exe[MAX_PATH], minimal_exe[MAX_PATH], scenario[MAX_PATH];

/* Reads a small file whole (also /proc files, whose size is 0). */
static DWORD read_small(const WCHAR *path, char *buf, DWORD size)
{
    HANDLE h =
        CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0, n;
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    while (got + 1 < size && ReadFile(h, buf + got, size - 1 - got, &n, NULL) && n)
        got += n;
    CloseHandle(h);
    buf[got] = 0;
    return got;
}

/*
 * Under Wine, GetProcessTimes and PrivateUsage report nothing for other
 * processes, but every Windows process is a Linux process: find it by its
 * command line in /proc and read its CPU ticks and resident anonymous memory.
 * Only processes of this run's own Wine prefix count: parallel runs on one
 * machine (two checkouts, CI) start programs with the same names, and taking
 * another run's process made this test fail ("cannot sample") when it ended.
 */
static int same_prefix(const WCHAR *pid)
{
    static char env[65536];
    char want[MAX_PATH + 16];
    WCHAR path[MAX_PATH];
    DWORD n, i, len;
    memcpy(want, "WINEPREFIX=", 11);
    len = GetEnvironmentVariableA("WINEPREFIX", want + 11, MAX_PATH);
    if (!len || len >= MAX_PATH)
        return 1; /* no prefix named (the default one): the command line alone decides */
    len += 11;
    _snwprintf(path, ARRAYSIZE(path), L"Z:\\proc\\%ls\\environ", pid);
    path[ARRAYSIZE(path) - 1] = 0;
    n = read_small(path, env, sizeof(env));
    for (i = 0; i < n; i += (DWORD)strlen(env + i) + 1)
        if (n - i >= len && !memcmp(env + i, want, len) && (env[i + len] == 0 || env[i + len] == '/'))
            return 1;
    return 0;
}

static int find_unix_pid(proc_run *r)
{
    WIN32_FIND_DATAW fd;
    HANDLE find = FindFirstFileW(L"Z:\\proc\\*", &fd);
    char tag[256], cmdline[8192];
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    WideCharToMultiByte(CP_UTF8, 0, r->tag, -1, tag, sizeof(tag), NULL, NULL);
    do {
        WCHAR path[MAX_PATH];
        DWORD n, i;
        if (fd.cFileName[0] < L'0' || fd.cFileName[0] > L'9')
            continue;
        _snwprintf(path, ARRAYSIZE(path), L"Z:\\proc\\%ls\\cmdline", fd.cFileName);
        n = read_small(path, cmdline, sizeof(cmdline));
        for (i = 0; i + 1 < n; i++)
            if (!cmdline[i])
                cmdline[i] = ' ';
        if (n && strstr(cmdline, tag) && same_prefix(fd.cFileName)) {
            WideCharToMultiByte(CP_UTF8, 0, fd.cFileName, -1, r->unix_pid, sizeof(r->unix_pid), NULL, NULL);
            break;
        }
    } while (FindNextFileW(find, &fd));
    FindClose(find);
    return r->unix_pid[0] != 0;
}

static int take_unix(const proc_run *r, sample *s)
{
    WCHAR path[MAX_PATH];
    char buf[8192], *p;
    unsigned long long utime = 0, stime = 0;
    unsigned long kb;
    int field;
    _snwprintf(path, ARRAYSIZE(path), L"Z:\\proc\\%hs\\stat", r->unix_pid);
    if (!read_small(path, buf, sizeof(buf)) || !(p = strrchr(buf, ')')))
        return 0;
    /* Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15, in 1/100 s. */
    for (field = 3, p += 2; *p && field < 14; p++)
        if (*p == ' ')
            field++;
    if (sscanf(p, "%llu %llu", &utime, &stime) != 2)
        return 0;
    s->cpu_100ns = (utime + stime) * 100000ull;
    _snwprintf(path, ARRAYSIZE(path), L"Z:\\proc\\%hs\\status", r->unix_pid);
    if (!read_small(path, buf, sizeof(buf)))
        return 0;
    if ((p = strstr(buf, "VmRSS:")) && sscanf(p + 6, "%lu", &kb) == 1)
        s->working_set = (SIZE_T)kb * 1024;
    if ((p = strstr(buf, "RssAnon:")) && sscanf(p + 8, "%lu", &kb) == 1)
        s->private_bytes = (SIZE_T)kb * 1024;
    return 1;
}

static int take(proc_run *r, sample *s)
{
    HANDLE proc = r->proc;
    PROCESS_MEMORY_COUNTERS_EX mem;
    FILETIME created, exited, kernel, user;
    memset(&mem, 0, sizeof(mem));
    memset(s, 0, sizeof(*s));
    if (!GetProcessMemoryInfo(proc, (PROCESS_MEMORY_COUNTERS *)&mem, sizeof(mem)))
        return 0;
    if (!GetProcessTimes(proc, &created, &exited, &kernel, &user))
        return 0;
    s->working_set = mem.WorkingSetSize;
    s->private_bytes = mem.PrivateUsage;
    s->commit = mem.PagefileUsage;
    s->cpu_100ns = (((ULONGLONG)kernel.dwHighDateTime << 32) | kernel.dwLowDateTime) +
                   (((ULONGLONG)user.dwHighDateTime << 32) | user.dwLowDateTime);
    if (th_on_wine() && (r->unix_pid[0] || find_unix_pid(r)))
        return take_unix(r, s);
    return 1;
}

static double mib(SIZE_T bytes)
{
    return (double)bytes / (1024.0 * 1024.0);
}

static double cpu_ms(const proc_run *r)
{
    return (double)(r->after.cpu_100ns - r->before.cpu_100ns) / 10000.0;
}

static int msg_window_there(void *ctx)
{
    return handoff_find_tray((const WCHAR *)ctx) != NULL;
}

static int minimal_there(void *ctx)
{
    (void)ctx;
    return FindWindowW(L"ConnectAs.BenchMinimal", NULL) != NULL;
}

static void finish(proc_run *r)
{
    DWORD code = 99;
    if (!r->proc)
        return;
    ok(tt_wait_process(r->proc, 30000, &code) && code == 0, "pid %lu did not end cleanly (%lu)\n", r->pid,
       code);
    CloseHandle(r->proc);
    r->proc = NULL;
}

static void variant(const char *title, const WCHAR *tray_args, const WCHAR *instance, unsigned seconds)
{
    proc_run tray, minimal;
    WCHAR cmd[2048];
    th_proc_result res;
    double ratio_ws, ratio_priv, period_ms = seconds * 1000.0;

    th_push_context("%s", title);
    memset(&tray, 0, sizeof(tray));
    memset(&minimal, 0, sizeof(minimal));
    tray.tag = instance;
    minimal.tag = L"tray_bench_minimal.exe";
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls --background --instance %ls", tray_exe, tray_args,
               instance);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    tray.proc = tt_spawn(cmd, &tray.pid);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\"", minimal_exe);
    minimal.proc = tt_spawn(cmd, &minimal.pid);
    ok(tray.proc && minimal.proc, "cannot start the programs\n");
    if (!tray.proc || !minimal.proc)
        goto cleanup;
    ok(th_wait_for(msg_window_there, (void *)instance, 20000), "the tray did not start\n");
    ok(th_wait_for(minimal_there, NULL, 20000), "the minimal program did not start\n");
    /* Both idle: started, first refresh taken, waiting for input. */
    WaitForInputIdle(tray.proc, 20000);
    WaitForInputIdle(minimal.proc, 20000);
    Sleep(1000);
    ok(take(&tray, &tray.before) && take(&minimal, &minimal.before), "cannot sample: %lu\n", GetLastError());
    /* The measured idle period (a duration by design, not a wait for a condition). */
    Sleep(seconds * 1000);
    ok(take(&tray, &tray.after) && take(&minimal, &minimal.after), "cannot sample: %lu\n", GetLastError());
    ok(tray.after.working_set > 0 && minimal.after.working_set > 0, "no working set reported\n");

    ratio_ws =
        minimal.after.working_set ? (double)tray.after.working_set / (double)minimal.after.working_set : 0;
    ratio_priv = minimal.after.private_bytes
                     ? (double)tray.after.private_bytes / (double)minimal.after.private_bytes
                     : 0;
    printf("\n%s: idle for %u s (the tray refreshes every %u s)\n", title, seconds,
           TRAY_DEFAULT_REFRESH_MS / 1000);
    printf("  %-22s %14s %16s %14s %16s\n", "", "working set",
           th_on_wine() ? "private (anon)" : "private bytes", "commit", "CPU in period");
    printf("  %-22s %10.1f MiB %12.1f MiB %10.1f MiB %13.1f ms\n", "connectas-tray.exe",
           mib(tray.after.working_set), mib(tray.after.private_bytes), mib(tray.after.commit), cpu_ms(&tray));
    printf("  %-22s %10.1f MiB %12.1f MiB %10.1f MiB %13.1f ms\n", "minimal window program",
           mib(minimal.after.working_set), mib(minimal.after.private_bytes), mib(minimal.after.commit),
           cpu_ms(&minimal));
    printf("  %-22s %14.2f %16.2f %14.2f   (target <= 1.5)\n", "ratio tray/minimal", ratio_ws, ratio_priv,
           minimal.after.commit ? (double)tray.after.commit / (double)minimal.after.commit : 0.0);
    printf("  working set growth during the period: tray %+.1f KiB, minimal %+.1f KiB\n",
           ((double)tray.after.working_set - (double)tray.before.working_set) / 1024.0,
           ((double)minimal.after.working_set - (double)minimal.before.working_set) / 1024.0);
    printf("  CPU while idle: %.2f%% of the period\n",
           period_ms > 0 ? 100.0 * cpu_ms(&tray) / period_ms : 0.0);
    fflush(stdout);
    /* A busy loop would use the whole period; the refreshes use a few milliseconds. */
    ok(cpu_ms(&tray) < period_ms / 4, "the idle tray used %.0f ms of CPU in %.0f ms\n", cpu_ms(&tray),
       period_ms);

cleanup:
    if (tray.proc) {
        _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --instance %ls exit", tray_exe, instance);
        if (th_run(cmd, NULL, 30000, &res))
            th_proc_result_free(&res);
        finish(&tray);
    }
    if (minimal.proc) {
        HWND w = FindWindowW(L"ConnectAs.BenchMinimal", NULL);
        if (w)
            PostMessageW(w, WM_CLOSE, 0, 0);
        finish(&minimal);
    }
    th_pop_context();
}

int main(int argc, char **argv)
{
    const char *env = getenv("TRAY_BENCH_SECONDS");
    unsigned seconds = env && atoi(env) > 0 ? (unsigned)atoi(env) : 60;
    const char *scen = "serverfault-773082.scenario";
    WCHAR args[1024];
    int i;
    th_init(argc, argv);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = (unsigned)atoi(argv[++i]);
        else if (argv[i][0] != '-')
            scen = argv[i];
    }
    tt_bin_path(L"connectas-tray.exe", tray_exe, ARRAYSIZE(tray_exe));
    tt_bin_path(L"tray_bench_minimal.exe", minimal_exe, ARRAYSIZE(minimal_exe));
    MultiByteToWideChar(CP_UTF8, 0, scen, -1, scenario, ARRAYSIZE(scenario));

    _snwprintf(args, ARRAYSIZE(args), L"--scenario \"%ls\"", scenario);
    variant("sandbox, serverfault state", args, L"bench-sandbox", seconds);
    if (fakesmb_installed()) {
        char err[256];
        ok(fakesmb_reset() == 0 && fakesmb_load_scenario(scen, err, sizeof(err)) == 0, "fakesmb: %s\n", err);
        variant("live win32 backend, serverfault state in the fake SMB client", L"", L"bench-live", seconds);
    } else {
        skip("no fake SMB client: live variant not measured\n");
    }
    return th_finish();
}
