/* connectas-tray.exe: parses the command line, forwards it to a running instance or starts the tray app. */
#include <windows.h>
#include <shellapi.h>

#include <stdlib.h>
#include <string.h>

#include "sandbox.h"
#include "scenario.h"
#include "tray_internal.h"
#include "win32_backend.h"
#include "winutil.h"

/* How long a second instance waits for the first one's window and answer. */
#define FORWARD_TIMEOUT_MS 10000
/* How long "exit" waits for the running instance to end (the MSI removes the exe right after). */
#define EXIT_WAIT_MS 10000

static void message(UINT id, const WCHAR *arg, UINT icon)
{
    WCHAR *title = tray_load(IDS_APP_NAME), *text = arg ? tray_fmt(id, arg, NULL) : tray_load(id);
    MessageBoxW(NULL, text ? text : L"", title ? title : L"ConnectAs", MB_OK | icon);
    free(title);
    free(text);
}

/* The file name part of a path, for the sandbox banner. */
static const WCHAR *file_part(const WCHAR *path)
{
    const WCHAR *p, *name = path;
    for (p = path; *p; p++)
        if (*p == L'\\' || *p == L'/')
            name = p + 1;
    return name;
}

/* The process of the running instance's message window (to wait for), or NULL. */
static HANDLE open_instance_process(const WCHAR *instance)
{
    HWND target = handoff_find_tray(instance);
    DWORD pid = 0;
    if (target)
        GetWindowThreadProcessId(target, &pid);
    return pid ? OpenProcess(SYNCHRONIZE, FALSE, pid) : NULL;
}

/* Forwards the command line to the running instance; "exit" returns only once that
 * instance has ended (bounded: ERROR_TIMEOUT when it is still running). */
static DWORD forward(const tray_cmd *cmd, const WCHAR *instance, int argc, WCHAR **argv)
{
    HANDLE running = cmd->verb == TRAY_VERB_EXIT ? open_instance_process(instance) : NULL;
    DWORD err = tray_instance_forward(instance, argc, argv, FORWARD_TIMEOUT_MS);
    if (err == ERROR_SUCCESS && cmd->verb == TRAY_VERB_EXIT) {
        /* The window may have appeared only while forwarding waited for it. */
        if (!running)
            running = open_instance_process(instance);
        if (running && WaitForSingleObject(running, EXIT_WAIT_MS) != WAIT_OBJECT_0)
            err = ERROR_TIMEOUT;
    }
    if (running)
        CloseHandle(running);
    return err;
}

static int open_backend(const tray_cmd *cmd, backend **be)
{
    ca_error e;
    ca_status st;
    memset(&e, 0, sizeof(e));
    if (cmd->scenario) {
        model *m = NULL;
        char *path = win_to_utf8(cmd->scenario);
        WCHAR *msg;
        st = path ? scenario_load_file(path, &m, &e) : CA_ERR_NOMEM;
        free(path);
        if (st == CA_OK)
            st = sandbox_create(m, be, &e); /* the sandbox owns m now, also on failure */
        if (st == CA_OK)
            return 1;
        msg = win_from_utf8(e.msg);
        message(IDS_SCENARIO_FAILED, msg ? msg : L"", MB_ICONERROR);
        free(msg);
        return 0;
    }
    st = win32_backend_create(0, be, &e);
    if (st != CA_OK) {
        WCHAR *msg = win_from_utf8(e.msg);
        message(IDS_START_FAILED, msg ? msg : L"", MB_ICONERROR);
        free(msg);
        return 0;
    }
    return 1;
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    tray_options opt;
    tray_cmd cmd;
    tray_app *app = NULL;
    backend *be = NULL;
    HANDLE mutex;
    WCHAR **argv;
    const WCHAR *instance;
    int argc = 0, existing = 0, rc;
    HRESULT hr;
    (void)prev;
    (void)cmdline;
    (void)show;

    win_harden_dll_search(); /* issue 12, finding 10: later DLL loads come from System32 only */
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv)
        return 1;
    if (!tray_cmd_parse(argc - 1, argv + 1, &cmd)) {
        WCHAR *usage = tray_load(IDS_USAGE), *bad = tray_fmt(IDS_BAD_OPTION, cmd.bad ? cmd.bad : L"?", NULL);
        WCHAR *title = tray_load(IDS_APP_NAME), text[2048];
        _snwprintf(text, ARRAYSIZE(text), L"%ls\n\n%ls", bad ? bad : L"", usage ? usage : L"");
        text[ARRAYSIZE(text) - 1] = 0;
        MessageBoxW(NULL, text, title ? title : L"ConnectAs", MB_OK | MB_ICONERROR);
        free(usage);
        free(bad);
        free(title);
        LocalFree(argv);
        return 2;
    }
    if (cmd.help) {
        message(IDS_USAGE, NULL, MB_ICONINFORMATION);
        LocalFree(argv);
        return 0;
    }
    /* A sandbox runs beside the real tray, never instead of it. */
    instance = cmd.instance ? cmd.instance : cmd.scenario ? L"sandbox" : L"default";
    mutex = tray_instance_claim(instance, &existing);
    if (!mutex) {
        DWORD err = existing ? forward(&cmd, instance, argc - 1, argv + 1) : GetLastError();
        if (err != ERROR_SUCCESS && cmd.verb != TRAY_VERB_EXIT)
            message(IDS_FORWARD_FAILED, NULL, MB_ICONERROR);
        LocalFree(argv);
        return err == ERROR_SUCCESS ? 0 : 1;
    }
    if (cmd.verb == TRAY_VERB_EXIT) {
        /* Nothing to end. */
        CloseHandle(mutex);
        LocalFree(argv);
        return 0;
    }
    if (!open_backend(&cmd, &be)) {
        CloseHandle(mutex);
        LocalFree(argv);
        return 2;
    }
    memset(&opt, 0, sizeof(opt));
    opt.be = be;
    opt.sandbox = cmd.scenario != NULL;
    opt.sandbox_name = cmd.scenario ? file_part(cmd.scenario) : NULL;
    opt.instance = instance;
    opt.refresh_ms = cmd.refresh_s ? cmd.refresh_s * 1000u : TRAY_DEFAULT_REFRESH_MS;
    if (opt.refresh_ms < TRAY_MIN_REFRESH_MS)
        opt.refresh_ms = TRAY_MIN_REFRESH_MS;
    hr = tray_app_create(inst, &opt, &app);
    if (FAILED(hr)) {
        WCHAR code[32];
        _snwprintf(code, ARRAYSIZE(code), L"0x%08lx", (unsigned long)hr);
        code[ARRAYSIZE(code) - 1] = 0;
        message(IDS_START_FAILED, code, MB_ICONERROR);
        CloseHandle(mutex);
        LocalFree(argv);
        return 1;
    }
    tray_app_command(app, &cmd);
    rc = tray_app_run(app);
    tray_app_free(app);
    CloseHandle(mutex);
    LocalFree(argv);
    return rc;
}
