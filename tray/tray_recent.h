/* Recent user names per server (tray_recent.c): what the connect dialog offers first. */
#ifndef CONNECTAS_TRAY_RECENT_H
#define CONNECTAS_TRAY_RECENT_H

#include <windows.h>

/* Per-user recent user names per server (value = server name, REG_MULTI_SZ of
 * user names, most recent first). Names only, never secrets; the sandbox never reads or writes it. */
#define TRAY_RECENT_USERS_KEY L"Software\\ConnectAs\\RecentUsers"
#define TRAY_RECENT_USERS_MAX 8

/* The list for server as REG_MULTI_SZ (malloc'd), NULL when none. */
WCHAR *tray_recent_read(const char *server);
/* Puts user first in server's list (at most TRAY_RECENT_USERS_MAX names, no duplicates). */
void tray_recent_save(const char *server, const char *user);

#endif
