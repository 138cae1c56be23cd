/* Recent user names per server in HKCU\Software\ConnectAs\RecentUsers (names only, never secrets). */
#include "tray_recent.h"

#include <stdlib.h>

#include "tray_internal.h"
#include "winutil.h"

static WCHAR *read_value(const WCHAR *server)
{
    WCHAR *data;
    DWORD size = 0;
    if (RegGetValueW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, server, RRF_RT_REG_MULTI_SZ, NULL, NULL,
                     &size) != ERROR_SUCCESS ||
        !size)
        return NULL;
    data = calloc(1, size + 2 * sizeof(WCHAR));
    if (data && RegGetValueW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, server, RRF_RT_REG_MULTI_SZ, NULL,
                             data, &size) != ERROR_SUCCESS) {
        free(data);
        data = NULL;
    }
    return data;
}

WCHAR *tray_recent_read(const char *server)
{
    WCHAR *wserver = win_from_utf8(server), *list = wserver ? read_value(wserver) : NULL;
    free(wserver);
    return list;
}

void tray_recent_save(const char *server, const char *user)
{
    WCHAR *wserver = win_from_utf8(server), *wuser = win_from_utf8(user), *old = NULL, *p;
    wbuf b = {0};
    HKEY key = NULL;
    int n = 1;
    if (!wserver || !wuser || !*wuser)
        goto cleanup;
    old = read_value(wserver);
    wbuf_addn(&b, wuser, wcslen(wuser) + 1);
    for (p = old; p && *p && n < TRAY_RECENT_USERS_MAX; p += wcslen(p) + 1) {
        if (!_wcsicmp(p, wuser))
            continue;
        wbuf_addn(&b, p, wcslen(p) + 1);
        n++;
    }
    wbuf_addn(&b, L"", 1);
    if (b.failed || RegCreateKeyExW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL,
                                    &key, NULL) != ERROR_SUCCESS)
        goto cleanup;
    RegSetValueExW(key, wserver, 0, REG_MULTI_SZ, (const BYTE *)b.data, (DWORD)(b.len * sizeof(WCHAR)));
    RegCloseKey(key);
cleanup:
    wbuf_cleanup(&b);
    free(old);
    free(wserver);
    free(wuser);
}
