/* "Start with Windows": the per-user Run value that starts the tray in the background. */
#include "tray_features.h"

#include <stdio.h>
#include <stdlib.h>

static int exe_path(WCHAR *buf, DWORD len)
{
    DWORD n = GetModuleFileNameW(NULL, buf, len);
    return n > 0 && n < len;
}

int tray_autostart_enabled(void)
{
    WCHAR value[MAX_PATH * 2 + 32], exe[MAX_PATH * 2];
    DWORD size = sizeof(value) - sizeof(WCHAR);
    size_t n;
    memset(value, 0, sizeof(value));
    if (RegGetValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, RRF_RT_REG_SZ, NULL, value, &size) !=
        ERROR_SUCCESS)
        return 0;
    if (!exe_path(exe, ARRAYSIZE(exe)))
        return 0;
    n = wcslen(exe);
    /* "C:\…\connectas-tray.exe" --background, as tray_autostart_set writes it. */
    return value[0] == L'"' && !_wcsnicmp(value + 1, exe, n) && value[n + 1] == L'"';
}

DWORD tray_autostart_set(int enable)
{
    WCHAR exe[MAX_PATH * 2], value[MAX_PATH * 2 + 32];
    LSTATUS rc;
    if (!enable) {
        rc = RegDeleteKeyValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE);
        return rc == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : (DWORD)rc;
    }
    if (!exe_path(exe, ARRAYSIZE(exe)))
        return ERROR_FILENAME_EXCED_RANGE;
    _snwprintf(value, ARRAYSIZE(value), L"\"%ls\" --background", exe);
    value[ARRAYSIZE(value) - 1] = 0;
    return (DWORD)RegSetKeyValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, REG_SZ, value,
                                  (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
}

void tray_autostart_toggle(tray_host *host)
{
    int enable;
    DWORD rc;
    WCHAR *text;
    if (tray_host_state(host)->sandbox) {
        text = tray_load(IDS_RESULT_SANDBOX_ONLY);
        tray_host_report(host, text, NIIF_INFO);
        free(text);
        return;
    }
    enable = !tray_autostart_enabled();
    rc = tray_autostart_set(enable);
    if (rc == ERROR_SUCCESS) {
        text = tray_load(enable ? IDS_RESULT_AUTOSTART_ON : IDS_RESULT_AUTOSTART_OFF);
    } else {
        WCHAR sentence[600], code[24];
        tray_error_text(rc, NULL, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_RESULT_AUTOSTART_FAILED, sentence, tray_num(rc, code), NULL);
    }
    tray_host_report(host, text, rc == ERROR_SUCCESS ? NIIF_INFO : NIIF_ERROR);
    free(text);
}
