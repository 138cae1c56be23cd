/* Core status codes and error messages shared by every common/core module. */
#ifndef CONNECTAS_CORE_STATUS_H
#define CONNECTAS_CORE_STATUS_H

#include <stddef.h>
#include <stdio.h>

/* printf-style checking that matches the C library in use (MinGW's C99 stdio). */
#if defined(__MINGW32__)
#define CA_PRINTF(a, b) __attribute__((format(__MINGW_PRINTF_FORMAT, a, b)))
#elif defined(__GNUC__)
#define CA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CA_PRINTF(a, b)
#endif

/* What a core function reports. Never a Windows error code: the Win32 layer
 * maps its DWORD/HRESULT results onto these where the core needs to know. */
typedef enum ca_status {
    CA_OK = 0,
    CA_ERR_INVALID,   /* bad input: the message says what and where */
    CA_ERR_NOMEM,     /* allocation failed */
    CA_ERR_IO,        /* a file could not be read or written */
    CA_ERR_NOT_FOUND, /* the thing named does not exist in the state */
    CA_ERR_CONFLICT,  /* the operation would fail with 1219 */
    CA_ERR_BUSY,      /* open files or a drive in use (2401/2404 in Windows terms) */
    CA_ERR_LIMIT,     /* a size limit was exceeded */
} ca_status;

/* A human-readable, English error message (UTF-8) filled by the failing call.
 * Callers may pass NULL when they do not want it. */
typedef struct ca_error {
    char msg[512];
    unsigned long code; /* the Windows error code this stands for (1219, 2401, …), 0 when none */
} ca_error;

/* Sets err->msg (when err is not NULL) and returns status, so a failing path
 * can `return ca_fail(err, CA_ERR_INVALID, "…", …);`. */
ca_status ca_fail(ca_error *err, ca_status status, const char *fmt, ...) CA_PRINTF(3, 4);

/* A short English name for a status ("invalid input", …). */
const char *ca_status_name(ca_status status);

/* Like ca_fail, and also records the Windows error code the failure stands for. */
ca_status ca_fail_code(ca_error *err, ca_status status, unsigned long code, const char *fmt, ...)
    CA_PRINTF(4, 5);

/* Windows error numbers the core reasons about (plain numbers: no Windows headers here). */
enum {
    CA_WIN_ACCESS_DENIED = 5,
    CA_WIN_BAD_NETPATH = 53,
    CA_WIN_INVALID_NAME = 123,
    CA_WIN_BAD_NET_NAME = 67,
    CA_WIN_ALREADY_ASSIGNED = 85,
    CA_WIN_INVALID_PASSWORD = 86,
    CA_WIN_NOT_FOUND = 1168, /* ERROR_NOT_FOUND: e.g. no such saved credential */
    CA_WIN_BAD_DEVICE = 1200,
    CA_WIN_DEVICE_ALREADY_REMEMBERED = 1202,
    CA_WIN_SESSION_CREDENTIAL_CONFLICT = 1219,
    CA_WIN_NO_NETWORK = 1222,
    CA_WIN_CANCELLED = 1223,
    CA_WIN_NOT_AUTHENTICATED = 1244,
    CA_WIN_NO_FREE_DRIVE = 1248, /* ERROR_NO_MORE_DEVICES */
    CA_WIN_GUEST_BLOCKED = 1272, /* ERROR_SMB_GUEST_LOGON_BLOCKED */
    CA_WIN_NO_LOGON_SERVERS = 1311,
    CA_WIN_LOGON_FAILURE = 1326,
    CA_WIN_ACCOUNT_RESTRICTION = 1327,
    CA_WIN_PASSWORD_EXPIRED = 1330,
    CA_WIN_ACCOUNT_DISABLED = 1331,
    CA_WIN_LOGON_TYPE_NOT_GRANTED = 1385,
    CA_WIN_WRONG_TARGET_NAME = 1396, /* alias without SPN (R7) */
    CA_WIN_ACCOUNT_EXPIRED = 1793,
    CA_WIN_PASSWORD_MUST_CHANGE = 1907,
    CA_WIN_ACCOUNT_LOCKED_OUT = 1909,
    CA_WIN_BAD_USERNAME = 2202, /* NERR_BadUsername */
    CA_WIN_NOT_CONNECTED = 2250,
    CA_WIN_OPEN_FILES = 2401,
    CA_WIN_DEVICE_IN_USE = 2404,
};

#endif
