/* tray_poke.exe: drives a running connectas-tray.exe for demos and scripts (waits, menu) without fixed
 * sleeps. */
#include <windows.h>
#include <commctrl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tray.h"
#include "tray_connect_res.h"

/*
 * Usage: tray_poke COMMAND INSTANCE [ARGS]
 *   wait-ready INSTANCE [SECONDS]   the sessions window is visible, listed and idle
 *   menu INSTANCE X Y               opens the notification menu at X,Y and waits for it
 *   close-menu INSTANCE             closes it again
 *   wait-text INSTANCE TEXT [SECONDS]    the explanation contains TEXT
 *   wait-status INSTANCE TEXT [SECONDS]  the status bar contains TEXT
 *   wait-connect INSTANCE TEXT [SECONDS] the connect dialog shows TEXT (location or who is connected)
 *   close-connect INSTANCE          cancels the connect dialog and waits until it is gone
 * Exit status 0 when done, 1 on timeout, 2 on bad usage.
 */

typedef struct found {
    DWORD pid;
    const WCHAR *cls;
    HWND hwnd;
} found;

static BOOL CALLBACK find_of(HWND hwnd, LPARAM lp)
{
    found *f = (found *)lp;
    WCHAR cls[128];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (pid == f->pid && !wcscmp(cls, f->cls) && (wcscmp(f->cls, L"#32768") || IsWindowVisible(hwnd))) {
        f->hwnd = hwnd;
        return FALSE;
    }
    return TRUE;
}

static HWND window_of(DWORD pid, const WCHAR *cls)
{
    found f;
    f.pid = pid;
    f.cls = cls;
    f.hwnd = NULL;
    EnumWindows(find_of, (LPARAM)&f);
    return f.hwnd;
}

static int ready(HWND msg, const WCHAR *want, int control)
{
    DWORD pid = 0;
    HWND win;
    WCHAR text[4096];
    GetWindowThreadProcessId(msg, &pid);
    win = window_of(pid, TRAY_WINDOW_CLASS);
    if (!win || !IsWindowVisible(win))
        return 0;
    text[0] = 0;
    if (want) {
        SendMessageTimeoutW(GetDlgItem(win, control), WM_GETTEXT, ARRAYSIZE(text), (LPARAM)text,
                            SMTO_ABORTIFHUNG, 2000, NULL);
        return wcsstr(text, want) != NULL;
    }
    SendMessageTimeoutW(GetDlgItem(win, TRAY_IDC_STATUS), WM_GETTEXT, ARRAYSIZE(text), (LPARAM)text,
                        SMTO_ABORTIFHUNG, 2000, NULL);
    return text[0] && SendMessageW(GetDlgItem(win, TRAY_IDC_LIST), LVM_GETITEMCOUNT, 0, 0) > 0;
}

/* The tray's connect dialog (a dialog of process pid with the location box), or NULL. */
typedef struct dialog_find {
    DWORD pid;
    HWND hwnd;
} dialog_find;

static BOOL CALLBACK find_connect(HWND hwnd, LPARAM lp)
{
    dialog_find *f = (dialog_find *)lp;
    WCHAR cls[16];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (pid == f->pid && !wcscmp(cls, L"#32770") && IsWindowVisible(hwnd) && GetDlgItem(hwnd, IDC_CF_PATH)) {
        f->hwnd = hwnd;
        return FALSE;
    }
    return TRUE;
}

static HWND connect_dialog(DWORD pid)
{
    dialog_find f = {pid, NULL};
    EnumWindows(find_connect, (LPARAM)&f);
    return f.hwnd;
}

static int connect_shows(DWORD pid, const WCHAR *want)
{
    static const int ids[] = {IDC_CF_PATH, IDC_CF_NOW};
    HWND dlg = connect_dialog(pid);
    WCHAR text[1024];
    size_t i;
    for (i = 0; dlg && i < ARRAYSIZE(ids); i++) {
        text[0] = 0;
        SendMessageTimeoutW(GetDlgItem(dlg, ids[i]), WM_GETTEXT, ARRAYSIZE(text), (LPARAM)text,
                            SMTO_ABORTIFHUNG, 2000, NULL);
        if (wcsstr(text, want))
            return 1;
    }
    return 0;
}

static HWND wait_msg_window(const WCHAR *instance, DWORD deadline)
{
    HWND msg;
    while (!(msg = handoff_find_tray(instance)) && GetTickCount() < deadline)
        Sleep(100);
    return msg;
}

int wmain(int argc, WCHAR **argv);

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *cmd, *instance;
    DWORD deadline, pid = 0;
    int seconds = 30;
    HWND msg;
    if (argc < 3)
        return 2;
    cmd = argv[1];
    instance = argv[2];
    if (!wcscmp(cmd, L"wait-ready") && argc > 3)
        seconds = _wtoi(argv[3]);
    else if ((!wcscmp(cmd, L"wait-text") || !wcscmp(cmd, L"wait-status") || !wcscmp(cmd, L"wait-connect")) &&
             argc > 4)
        seconds = _wtoi(argv[4]);
    deadline = GetTickCount() + 1000u * (DWORD)(seconds > 0 ? seconds : 30);
    msg = wait_msg_window(instance, deadline);
    if (!msg) {
        fwprintf(stderr, L"tray_poke: no tray instance %ls\n", instance);
        return 1;
    }
    GetWindowThreadProcessId(msg, &pid);
    if (!wcscmp(cmd, L"wait-ready") || !wcscmp(cmd, L"wait-text") || !wcscmp(cmd, L"wait-status")) {
        const WCHAR *want = wcscmp(cmd, L"wait-ready") && argc > 3 ? argv[3] : NULL;
        int control = !wcscmp(cmd, L"wait-status") ? TRAY_IDC_STATUS : TRAY_IDC_EXPLAIN;
        HANDLE proc = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        while (!ready(msg, want, control)) {
            if (GetTickCount() >= deadline) {
                fwprintf(stderr, L"tray_poke: %ls timed out\n", cmd);
                return 1;
            }
            Sleep(100);
        }
        /* Paint now, so that a screenshot taken next shows everything. */
        {
            HWND win = window_of(pid, TRAY_WINDOW_CLASS);
            if (win)
                RedrawWindow(win, NULL, NULL, RDW_INVALIDATE | RDW_UPDATENOW | RDW_ALLCHILDREN);
        }
        if (proc) {
            WaitForInputIdle(proc, 5000);
            CloseHandle(proc);
        }
        return 0;
    }
    if (!wcscmp(cmd, L"menu") && argc > 4) {
        PostMessageW(msg, WM_TRAY_ICON, MAKEWPARAM(_wtoi(argv[3]), _wtoi(argv[4])),
                     MAKELPARAM(WM_CONTEXTMENU, 1));
        while (!window_of(pid, L"#32768")) {
            if (GetTickCount() >= deadline)
                return 1;
            Sleep(100);
        }
        return 0;
    }
    if (!wcscmp(cmd, L"wait-connect") && argc > 3) {
        HANDLE proc = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        while (!connect_shows(pid, argv[3])) {
            if (GetTickCount() >= deadline) {
                fwprintf(stderr, L"tray_poke: wait-connect timed out\n");
                return 1;
            }
            Sleep(100);
        }
        RedrawWindow(connect_dialog(pid), NULL, NULL, RDW_INVALIDATE | RDW_UPDATENOW | RDW_ALLCHILDREN);
        if (proc) {
            WaitForInputIdle(proc, 5000);
            CloseHandle(proc);
        }
        return 0;
    }
    if (!wcscmp(cmd, L"close-connect")) {
        HWND dlg = connect_dialog(pid);
        if (dlg)
            PostMessageW(dlg, WM_COMMAND, IDCANCEL, 0);
        while (dlg && IsWindow(dlg)) {
            if (GetTickCount() >= deadline)
                return 1;
            Sleep(100);
        }
        return 0;
    }
    if (!wcscmp(cmd, L"close-menu")) {
        PostMessageW(msg, WM_CANCELMODE, 0, 0);
        while (window_of(pid, L"#32768")) {
            if (GetTickCount() >= deadline)
                return 1;
            Sleep(100);
        }
        return 0;
    }
    return 2;
}
