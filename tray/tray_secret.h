/* The locked buffer a typed password passes through on its way to the backend (tray_secret.c). */
#ifndef CONNECTAS_TRAY_SECRET_H
#define CONNECTAS_TRAY_SECRET_H

#include <windows.h>

/*
 * The one place a password lives in the tray: a page of its own, locked
 * (never written to the page file, best effort), holding the text as typed
 * (UTF-16, only between reading the edit and tray_secret_seal) and as UTF-8
 * (what backend_connect takes). Every byte is zero whenever no connect is
 * pending: callers wipe it right after the connect call or when the flow
 * ends. Nothing here logs, copies or formats the password.
 */
#define TRAY_SECRET_MAX 256 /* characters (CREDUI_MAX_PASSWORD_LENGTH) */

typedef struct tray_secret tray_secret;

/* A wiped buffer, or NULL when out of memory. */
tray_secret *tray_secret_create(void);
/* Wipes and releases it (NULL is fine). */
void tray_secret_free(tray_secret *s);
/* Zeroes every byte. */
void tray_secret_wipe(tray_secret *s);
/* The UTF-16 area to read an edit into (TRAY_SECRET_MAX + 1 characters). */
WCHAR *tray_secret_wide(tray_secret *s);
/* Converts the UTF-16 text to UTF-8 and zeroes the UTF-16 area. Returns 1 when
 * a password is now held (it may be empty), 0 when the text could not be converted (then wiped). */
int tray_secret_seal(tray_secret *s);
/* The UTF-8 password (NUL-terminated; "" when wiped). */
const char *tray_secret_utf8(const tray_secret *s);
/* The raw bytes, for tests that check they are zero. */
const void *tray_secret_bytes(const tray_secret *s, size_t *size);

#endif
