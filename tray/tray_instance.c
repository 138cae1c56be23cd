/* Tray command line and single instance: argument parsing, the named mutex, forwarding via WM_COPYDATA. */
#include "tray_internal.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Largest forwarded command line accepted, in bytes (a long path plus options). */
#define MAX_FORWARD_BYTES (256u * 1024u)
#define MAX_FORWARD_ARGS 64

int tray_cmd_parse(int argc, WCHAR **argv, tray_cmd *cmd)
{
    int i;
    memset(cmd, 0, sizeof(*cmd));
    for (i = 0; i < argc; i++) {
        const WCHAR *a = argv[i];
        if (!wcscmp(a, L"--scenario") || !wcscmp(a, L"--instance") || !wcscmp(a, L"--refresh")) {
            if (i + 1 >= argc) {
                cmd->bad = a;
                return 0;
            }
            if (!wcscmp(a, L"--scenario")) {
                cmd->scenario = argv[++i];
            } else if (!wcscmp(a, L"--instance")) {
                cmd->instance = argv[++i];
                if (!tray_instance_name_ok(cmd->instance)) {
                    cmd->bad = cmd->instance;
                    return 0;
                }
            } else {
                WCHAR *end = NULL;
                unsigned long s = wcstoul(argv[++i], &end, 10);
                if (!end || *end || s == 0 || s > 86400) {
                    cmd->bad = argv[i];
                    return 0;
                }
                cmd->refresh_s = (unsigned)s;
            }
        } else if (!wcscmp(a, L"--background")) {
            cmd->background = 1;
        } else if (!wcscmp(a, L"--help") || !wcscmp(a, L"-h") || !wcscmp(a, L"/?")) {
            cmd->help = 1;
        } else if (cmd->verb == TRAY_VERB_NONE && !wcscmp(a, L"connect")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                cmd->bad = a;
                return 0;
            }
            cmd->verb = TRAY_VERB_CONNECT;
            cmd->path = argv[++i];
        } else if (cmd->verb == TRAY_VERB_NONE && !wcscmp(a, L"show")) {
            cmd->verb = TRAY_VERB_SHOW;
        } else if (cmd->verb == TRAY_VERB_NONE && !wcscmp(a, L"exit")) {
            cmd->verb = TRAY_VERB_EXIT;
        } else {
            cmd->bad = a;
            return 0;
        }
    }
    return 1;
}

int tray_instance_name_ok(const WCHAR *name)
{
    size_t n;
    if (!name)
        return 0;
    for (n = 0; name[n]; n++) {
        WCHAR c = name[n];
        if (n >= 64 || !((c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z') || (c >= L'0' && c <= L'9') ||
                         c == L'.' || c == L'_' || c == L'-'))
            return 0;
    }
    return n > 0;
}

HANDLE tray_instance_claim(const WCHAR *instance, int *existing)
{
    WCHAR name[128];
    HANDLE mutex;
    *existing = 0;
    if (!tray_instance_name_ok(instance))
        return NULL;
    /* Local\: one tray per logon session, which is also the scope of SMB sessions (R1). */
    _snwprintf(name, ARRAYSIZE(name), L"Local\\ConnectAs.Tray.%ls", instance);
    name[ARRAYSIZE(name) - 1] = 0;
    mutex = CreateMutexW(NULL, TRUE, name);
    if (!mutex)
        return NULL;
    if (GetLastError() == ERROR_ALREADY_EXISTS) {
        CloseHandle(mutex);
        *existing = 1;
        return NULL;
    }
    return mutex;
}

WCHAR *tray_args_pack(int argc, WCHAR **argv, DWORD *size)
{
    size_t total = 0, pos = 0;
    int i;
    WCHAR *out;
    for (i = 0; i < argc; i++)
        total += wcslen(argv[i]) + 1;
    if (total == 0)
        total = 1; /* an empty command line is one empty block */
    if (total * sizeof(WCHAR) > MAX_FORWARD_BYTES || argc > MAX_FORWARD_ARGS)
        return NULL;
    out = malloc(total * sizeof(WCHAR));
    if (!out)
        return NULL;
    out[0] = 0;
    for (i = 0; i < argc; i++) {
        size_t n = wcslen(argv[i]) + 1;
        memcpy(out + pos, argv[i], n * sizeof(WCHAR));
        pos += n;
    }
    *size = (DWORD)(total * sizeof(WCHAR));
    return out;
}

WCHAR **tray_args_unpack(const void *data, DWORD size, int *argc)
{
    const WCHAR *w = data;
    size_t count, n, i, k;
    WCHAR **argv;
    WCHAR *text;
    *argc = 0;
    if (!data || size < sizeof(WCHAR) || size % sizeof(WCHAR) || size > MAX_FORWARD_BYTES)
        return NULL;
    n = size / sizeof(WCHAR);
    if (w[n - 1] != 0)
        return NULL;
    /* n characters, each argument ends with a NUL; a lone NUL is the empty command line. */
    count = 0;
    if (!(n == 1 && w[0] == 0))
        for (i = 0; i < n; i++)
            count += w[i] == 0;
    if (count > MAX_FORWARD_ARGS)
        return NULL;
    argv = malloc((count + 1) * sizeof(WCHAR *) + n * sizeof(WCHAR));
    if (!argv)
        return NULL;
    text = (WCHAR *)(argv + count + 1);
    memcpy(text, w, n * sizeof(WCHAR));
    for (i = 0, k = 0; k < count; k++) {
        argv[k] = text + i;
        i += wcslen(text + i) + 1;
    }
    argv[count] = NULL;
    *argc = (int)count;
    return argv;
}

DWORD tray_instance_forward(const WCHAR *instance, int argc, WCHAR **argv, DWORD timeout_ms)
{
    DWORD start = GetTickCount(), size = 0, pid = 0, rc;
    HWND target = NULL;
    COPYDATASTRUCT cds;
    DWORD_PTR answer = 0;
    WCHAR *packed;

    if (!tray_instance_name_ok(instance))
        return ERROR_INVALID_PARAMETER;
    packed = tray_args_pack(argc, argv, &size);
    if (!packed)
        return ERROR_NOT_ENOUGH_MEMORY;
    /* The first instance may still be creating its window: look again for a bounded time. */
    for (;;) {
        target = FindWindowW(TRAY_MSG_CLASS, instance);
        if (target || GetTickCount() - start >= timeout_ms)
            break;
        MsgWaitForMultipleObjects(0, NULL, FALSE, 50, QS_ALLINPUT);
    }
    if (!target) {
        free(packed);
        return ERROR_NOT_FOUND;
    }
    /* Let the first instance bring its window to the front. */
    GetWindowThreadProcessId(target, &pid);
    if (pid)
        AllowSetForegroundWindow(pid);
    cds.dwData = TRAY_COPYDATA_ARGS;
    cds.cbData = size;
    cds.lpData = packed;
    if (!SendMessageTimeoutW(target, WM_COPYDATA, 0, (LPARAM)&cds, SMTO_ABORTIFHUNG | SMTO_BLOCK,
                             timeout_ms ? timeout_ms : 1, &answer))
        rc = GetLastError() ? GetLastError() : ERROR_TIMEOUT;
    else
        rc = answer == TRUE ? ERROR_SUCCESS : ERROR_INVALID_DATA;
    free(packed);
    return rc;
}
