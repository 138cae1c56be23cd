/* Tray command line and single instance: the hand-off protocol (common/win/handoff.h) on the tray's types. */
#include "tray_internal.h"

#include "handoff.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Every rule of the hand-off (names, grammar, bounds, owner check) lives in common/win/handoff.c; this file
 * maps it onto the tray's types. */

int tray_cmd_parse(int argc, WCHAR **argv, tray_cmd *cmd)
{
    handoff_cmd h;
    int ok = handoff_parse(argc, argv, &h);
    memset(cmd, 0, sizeof(*cmd));
    cmd->bad = h.bad;
    if (!ok)
        return 0;
    switch (h.verb) {
    case HANDOFF_CMD_CONNECT:
        cmd->verb = TRAY_VERB_CONNECT;
        break;
    case HANDOFF_CMD_SHOW:
        cmd->verb = TRAY_VERB_SHOW;
        break;
    case HANDOFF_CMD_EXIT:
        cmd->verb = TRAY_VERB_EXIT;
        break;
    case HANDOFF_CMD_NONE:
    default:
        cmd->verb = TRAY_VERB_NONE;
        break;
    }
    cmd->path = h.path;
    cmd->scenario = h.scenario;
    cmd->instance = h.instance;
    cmd->background = h.background;
    cmd->refresh_s = h.refresh_s;
    cmd->help = h.help;
    return 1;
}

int tray_instance_name_ok(const WCHAR *name)
{
    return handoff_instance_name_ok(name);
}

HANDLE tray_instance_claim(const WCHAR *instance, int *existing)
{
    WCHAR name[HANDOFF_NAME_CCH];
    HANDLE mutex;
    *existing = 0;
    /* One tray per logon session and user: the user's SID is in the name (runas users get their own). */
    if (handoff_names(instance, name, NULL) != ERROR_SUCCESS)
        return NULL;
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
    return handoff_pack(argc, argv, size);
}

WCHAR **tray_args_unpack(const void *data, DWORD size, int *argc)
{
    return handoff_unpack(data, size, argc);
}

DWORD tray_instance_forward(const WCHAR *instance, int argc, WCHAR **argv, DWORD timeout_ms)
{
    DWORD start = GetTickCount(), size = 0, pid = 0, rc;
    HWND target = NULL;
    WCHAR *packed;

    if (!tray_instance_name_ok(instance))
        return ERROR_INVALID_PARAMETER;
    packed = tray_args_pack(argc, argv, &size);
    if (!packed)
        return ERROR_NOT_ENOUGH_MEMORY;
    /* The first instance may still be creating its window: look again for a bounded time. Only a
     * window of this user's tray counts (handoff_find_tray checks the owner). */
    for (;;) {
        target = handoff_find_tray(instance);
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
    rc = handoff_send(target, packed, size, timeout_ms);
    free(packed);
    return rc;
}
