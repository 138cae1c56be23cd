/* Consent questions (tray_consent.c): the yes/no the tray asks before deleting or forcing anything. */
#ifndef CONNECTAS_TRAY_CONSENT_H
#define CONNECTAS_TRAY_CONSENT_H

#include "tray_internal.h"

/* A use that Windows kept because files are open or it is in use. */
typedef struct tray_busy_use {
    const char *name;   /* local device or remote */
    const char *remote; /* its remote path, NULL: name */
    int open_files;     /* known open files, -1 unknown */
} tray_busy_use;

/* Asks a yes/no question owned by owner; the default answer is No. Returns 1 for Yes. */
int tray_consent_ask(HWND owner, UINT title_id, const WCHAR *text);
/* Asks before forcing the busy uses of server, naming each with its open files. Returns 1 for Yes. */
int tray_consent_force(HWND owner, const char *server, const tray_busy_use *uses, size_t count);
/* Appends "server: kept a, b" (the busy uses the user chose not to force) to msg, on a new line. */
void tray_consent_kept(wbuf *msg, const char *server, const tray_busy_use *uses, size_t count);

#endif
