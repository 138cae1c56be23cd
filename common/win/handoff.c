/* The tray's hand-off protocol: per-user names, the owner check, 'CAT1' payloads and their grammar. */
#include "handoff.h"

#include <sddl.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* user32 through sysdll: connectas.exe links this file and starts without user32 (startup cost). */
#include "sysdll.h"

int handoff_instance_name_ok(const WCHAR *name)
{
    size_t n;
    if (!name)
        return 0;
    for (n = 0; name[n]; n++) {
        WCHAR c = name[n];
        if (n >= HANDOFF_MAX_INSTANCE || !((c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z') ||
                                           (c >= L'0' && c <= L'9') || c == L'.' || c == L'_' || c == L'-'))
            return 0;
    }
    return n > 0;
}

/* 1 when arg is within the bounds every argument must keep: length, no
 * control characters, no lone surrogates. */
static int arg_ok(const WCHAR *arg)
{
    size_t i;
    for (i = 0; arg[i]; i++) {
        WCHAR c = arg[i];
        if (i >= HANDOFF_MAX_ARG_LEN || c < 0x20 || c == 0x7F)
            return 0;
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (arg[i + 1] < 0xDC00 || arg[i + 1] > 0xDFFF)
                return 0;
            i++;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return 0;
        }
    }
    return 1;
}

/* Fails: clears cmd but for cmd->bad = what; returns 0. */
static int refuse(handoff_cmd *cmd, const WCHAR *what)
{
    memset(cmd, 0, sizeof(*cmd));
    cmd->bad = what;
    return 0;
}

int handoff_parse(int argc, WCHAR **argv, handoff_cmd *cmd)
{
    int i;
    memset(cmd, 0, sizeof(*cmd));
    if (argc < 0 || argc > HANDOFF_MAX_ARGS || (argc && !argv))
        return refuse(cmd, NULL);
    for (i = 0; i < argc; i++) {
        const WCHAR *a = argv[i];
        if (!a || !arg_ok(a))
            return refuse(cmd, a);
        if (!wcscmp(a, L"--scenario") || !wcscmp(a, L"--instance") || !wcscmp(a, L"--refresh")) {
            const WCHAR *v;
            if (i + 1 >= argc)
                return refuse(cmd, a);
            v = argv[++i];
            if (!v || !arg_ok(v))
                return refuse(cmd, v);
            if (!wcscmp(a, L"--scenario")) {
                cmd->scenario = v;
            } else if (!wcscmp(a, L"--instance")) {
                if (!handoff_instance_name_ok(v))
                    return refuse(cmd, v);
                cmd->instance = v;
            } else {
                WCHAR *end = NULL;
                unsigned long s = wcstoul(v, &end, 10);
                if (!end || *end || v[0] < L'0' || v[0] > L'9' || s == 0 || s > HANDOFF_MAX_REFRESH_S)
                    return refuse(cmd, v);
                cmd->refresh_s = (unsigned)s;
            }
        } else if (!wcscmp(a, L"--background")) {
            cmd->background = 1;
        } else if (!wcscmp(a, L"--help") || !wcscmp(a, L"-h") || !wcscmp(a, L"/?")) {
            cmd->help = 1;
        } else if (cmd->verb == HANDOFF_CMD_NONE && !wcscmp(a, HANDOFF_VERB_CONNECT)) {
            if (i + 1 >= argc || !argv[i + 1] || !argv[i + 1][0] || !arg_ok(argv[i + 1]))
                return refuse(cmd, a);
            cmd->verb = HANDOFF_CMD_CONNECT;
            cmd->path = argv[++i];
        } else if (cmd->verb == HANDOFF_CMD_NONE && !wcscmp(a, HANDOFF_VERB_SHOW)) {
            cmd->verb = HANDOFF_CMD_SHOW;
        } else if (cmd->verb == HANDOFF_CMD_NONE && !wcscmp(a, HANDOFF_VERB_EXIT)) {
            cmd->verb = HANDOFF_CMD_EXIT;
        } else {
            return refuse(cmd, a);
        }
    }
    return 1;
}

WCHAR *handoff_pack(int argc, WCHAR **argv, DWORD *size)
{
    size_t total = 0, pos = 0, n;
    int i;
    WCHAR *out;
    if (argc < 0 || argc > HANDOFF_MAX_ARGS || (argc && !argv))
        return NULL;
    for (i = 0; i < argc; i++) {
        n = wcslen(argv[i]);
        if (n > HANDOFF_MAX_ARG_LEN)
            return NULL;
        total += n + 1;
    }
    if (total == 0)
        total = 1; /* an empty command line is one empty string */
    if (total * sizeof(WCHAR) > HANDOFF_MAX_BYTES)
        return NULL;
    out = malloc(total * sizeof(WCHAR));
    if (!out)
        return NULL;
    out[0] = 0;
    for (i = 0; i < argc; i++) {
        n = wcslen(argv[i]) + 1;
        memcpy(out + pos, argv[i], n * sizeof(WCHAR));
        pos += n;
    }
    *size = (DWORD)(total * sizeof(WCHAR));
    return out;
}

WCHAR **handoff_unpack(const void *data, DWORD size, int *argc)
{
    const WCHAR *w = data;
    size_t count = 0, n, i, start, k;
    WCHAR **argv, *text;
    if (argc)
        *argc = 0;
    if (!data || !argc || size < sizeof(WCHAR) || size % sizeof(WCHAR) || size > HANDOFF_MAX_BYTES)
        return NULL;
    n = size / sizeof(WCHAR);
    if (w[n - 1] != 0)
        return NULL;
    /* Each argument ends with a NUL; one lone NUL is the empty command line. */
    if (!(n == 1 && w[0] == 0)) {
        for (i = 0, start = 0; i < n; i++) {
            if (w[i])
                continue;
            if (i - start > HANDOFF_MAX_ARG_LEN || ++count > HANDOFF_MAX_ARGS)
                return NULL;
            start = i + 1;
        }
    }
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

WCHAR **handoff_parse_payload(ULONG_PTR tag, const void *data, DWORD size, int *argc, handoff_cmd *cmd)
{
    WCHAR **argv;
    memset(cmd, 0, sizeof(*cmd));
    *argc = 0;
    if (tag != HANDOFF_COPYDATA_TAG)
        return NULL;
    argv = handoff_unpack(data, size, argc);
    if (argv && !handoff_parse(*argc, argv, cmd)) {
        free(argv);
        *argc = 0;
        return NULL;
    }
    return argv;
}

/* The TOKEN_USER of process (the current one when NULL), malloc'd, or NULL. */
static TOKEN_USER *token_user(HANDLE process)
{
    HANDLE token = NULL;
    DWORD size = 0;
    TOKEN_USER *user = NULL;
    if (!OpenProcessToken(process ? process : GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    GetTokenInformation(token, TokenUser, NULL, 0, &size);
    if (size)
        user = malloc(size);
    if (user && !GetTokenInformation(token, TokenUser, user, size, &size)) {
        free(user);
        user = NULL;
    }
    CloseHandle(token);
    return user;
}

DWORD handoff_user_sid(WCHAR *out, size_t cch)
{
    TOKEN_USER *user = token_user(NULL);
    WCHAR *text = NULL;
    DWORD err = ERROR_SUCCESS;
    if (!out || !cch)
        return ERROR_INVALID_PARAMETER;
    out[0] = 0;
    if (!user)
        return GetLastError() ? GetLastError() : ERROR_ACCESS_DENIED;
    if (!ConvertSidToStringSidW(user->User.Sid, &text))
        err = GetLastError();
    else if (wcslen(text) >= cch)
        err = ERROR_INSUFFICIENT_BUFFER;
    else
        memcpy(out, text, (wcslen(text) + 1) * sizeof(WCHAR)); /* length checked above */
    if (text)
        LocalFree(text);
    free(user);
    return err;
}

DWORD handoff_names(const WCHAR *instance, WCHAR *mutex, WCHAR *window)
{
    WCHAR sid[192];
    DWORD err;
    if (!handoff_instance_name_ok(instance))
        return ERROR_INVALID_PARAMETER;
    err = handoff_user_sid(sid, ARRAYSIZE(sid));
    if (err != ERROR_SUCCESS)
        return err;
    /* Local\: one tray per logon session (the scope of SMB sessions, R1) and user. */
    if (mutex && _snwprintf(mutex, HANDOFF_NAME_CCH, L"Local\\ConnectAs.Tray.%ls.%ls", instance, sid) < 0)
        return ERROR_INSUFFICIENT_BUFFER;
    if (window && _snwprintf(window, HANDOFF_NAME_CCH, L"%ls.%ls", instance, sid) < 0)
        return ERROR_INSUFFICIENT_BUFFER;
    if (mutex)
        mutex[HANDOFF_NAME_CCH - 1] = 0;
    if (window)
        window[HANDOFF_NAME_CCH - 1] = 0;
    return ERROR_SUCCESS;
}

BOOL handoff_window_is_mine(HWND hwnd)
{
    DWORD pid = 0;
    HANDLE process;
    TOKEN_USER *mine, *theirs = NULL;
    BOOL same = FALSE;
    if (!hwnd || !sysdll_GetWindowThreadProcessId(hwnd, &pid) || !pid)
        return FALSE;
    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!process)
        return FALSE; /* another user's process is not even readable: not ours */
    mine = token_user(NULL);
    theirs = token_user(process);
    same = mine && theirs && EqualSid(mine->User.Sid, theirs->User.Sid);
    free(mine);
    free(theirs);
    CloseHandle(process);
    return same;
}

/* The first window of the class with this title below parent whose owner is this user. */
static HWND find_below(HWND parent, const WCHAR *title)
{
    HWND h = NULL;
    int guard = 0;
    while ((h = sysdll_FindWindowExW(parent, h, HANDOFF_WINDOW_CLASS, title)) != NULL && guard++ < 256)
        if (handoff_window_is_mine(h))
            return h;
    return NULL;
}

HWND handoff_find_tray(const WCHAR *instance)
{
    WCHAR title[HANDOFF_NAME_CCH];
    HWND h;
    if (handoff_names(instance, NULL, title) != ERROR_SUCCESS)
        return NULL;
    h = find_below(NULL, title);
    return h ? h : find_below(HWND_MESSAGE, title);
}

DWORD handoff_send(HWND hwnd, const WCHAR *packed, DWORD size, DWORD timeout_ms)
{
    COPYDATASTRUCT cds;
    DWORD_PTR answer = 0;
    if (!hwnd || !packed)
        return ERROR_INVALID_PARAMETER;
    cds.dwData = HANDOFF_COPYDATA_TAG;
    cds.cbData = size;
    cds.lpData = (void *)packed;
    if (!sysdll_SendMessageTimeoutW(hwnd, WM_COPYDATA, 0, (LPARAM)&cds, SMTO_ABORTIFHUNG | SMTO_BLOCK,
                                    timeout_ms ? timeout_ms : 1, &answer))
        return GetLastError() ? GetLastError() : ERROR_TIMEOUT;
    return answer == TRUE ? ERROR_SUCCESS : ERROR_INVALID_DATA;
}
