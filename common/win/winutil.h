/* Win32 helpers shared by the Windows binaries: UTF-8/UTF-16 conversion, error sentences, system facts. */
#ifndef CONNECTAS_WINUTIL_H
#define CONNECTAS_WINUTIL_H

#include <windows.h>

#include "strbuf.h"

/* New UTF-8 copy of a UTF-16 string (NULL in, NULL out); free() it. NULL on
 * failure, with GetLastError() ERROR_NO_UNICODE_TRANSLATION when text holds a
 * lone surrogate (never replaced by U+FFFD) or ERROR_NOT_ENOUGH_MEMORY. */
char *win_to_utf8(const WCHAR *text);
/* New UTF-16 copy of a UTF-8 string (NULL in, NULL out); free() it. NULL on
 * failure, with GetLastError() ERROR_NO_UNICODE_TRANSLATION for invalid UTF-8
 * or ERROR_NOT_ENOUGH_MEMORY. */
WCHAR *win_from_utf8(const char *text);

/* The user-facing sentence for a Windows error code, from the string tables of
 * module (NULL = the executable) in the user's UI language, then the system's
 * own message; e.g. "Wrong user name or password. (The specified network
 * password is not correct.)". Always NUL-terminates buf. Returns buf. */
WCHAR *win_error_sentence(HMODULE module, DWORD code, WCHAR *buf, DWORD len);

/* Restricts this process's later LoadLibrary calls (ours and those system DLLs
 * make) to System32 and folders added with AddDllDirectory, never the
 * program's or the current folder. Call first thing in every ConnectAs
 * executable; never in the shell extension (Explorer's process is not ours to
 * change). Static imports are resolved before it runs, so the executables
 * import only KnownDLLs (tests/win/pe_check) and load the rest through
 * sysdll.h. */
void win_harden_dll_search(void);

/* 1 when this process runs with an elevated token, 0 when not, -1 unknown. */
int win_is_elevated(void);

/* The logon user as DOMAIN\user (UTF-8, free() it), or NULL. */
char *win_logon_user(void);

/* Appends OS version and elevation for a support report (JSON members with a
 * trailing ", " when json, else text lines). */
void win_describe_system(strbuf *out, int json);

#endif
