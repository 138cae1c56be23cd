/* Reading a password for connectas.exe: console without echo, or one line of a pipe; overlong input refused.
 */
#include "cli_secret.h"

#include <string.h>

#define WIDE_CCH 512 /* UTF-16 units of one console line kept; at least the CLI's secret buffer */
#define CHUNK_CCH 128

DWORD cli_secret_console_mode(DWORD mode)
{
    return (mode | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT) & ~(DWORD)ENABLE_ECHO_INPUT;
}

BOOL cli_secret_read_console(void *ctx, WCHAR *buf, DWORD cap, DWORD *got)
{
    return ReadConsoleW((HANDLE)ctx, buf, cap, got, NULL);
}

/* UTF-16 → UTF-8 into buf, refusing lone surrogates (never U+FFFD: a changed password is another one). */
static cli_secret_rc to_utf8(const WCHAR *wide, char *buf, size_t size)
{
    int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wide, -1, buf, (int)size, NULL, NULL);
    if (n > 0)
        return CLI_SECRET_OK;
    SecureZeroMemory(buf, size);
    return GetLastError() == ERROR_INSUFFICIENT_BUFFER ? CLI_SECRET_TOO_LONG : CLI_SECRET_NOT_TEXT;
}

cli_secret_rc cli_secret_from_console(cli_secret_read_fn read, void *ctx, char *buf, size_t size)
{
    WCHAR wide[WIDE_CCH], chunk[CHUNK_CCH];
    DWORD n = 0, got, i;
    BOOL ended = FALSE, too_long = FALSE, any = FALSE;
    cli_secret_rc rc;

    if (!size)
        return CLI_SECRET_NONE;
    buf[0] = 0;
    while (!ended) {
        got = 0;
        if (!read(ctx, chunk, CHUNK_CCH, &got) || got == 0)
            break;
        any = TRUE;
        for (i = 0; i < got && i < CHUNK_CCH; i++) {
            if (chunk[i] == L'\n') {
                ended = TRUE;
                break;
            }
            if (chunk[i] == L'\r')
                continue;
            if (n + 1 < WIDE_CCH && n + 1 < size)
                wide[n++] = chunk[i];
            else
                too_long = TRUE; /* keep reading: the rest of the line must not reach the shell */
        }
    }
    wide[n] = 0;
    if (!any)
        rc = CLI_SECRET_NONE;
    else if (too_long)
        rc = CLI_SECRET_TOO_LONG;
    else
        rc = to_utf8(wide, buf, size);
    SecureZeroMemory(wide, sizeof(wide));
    SecureZeroMemory(chunk, sizeof(chunk));
    if (rc != CLI_SECRET_OK)
        SecureZeroMemory(buf, size);
    return rc;
}

cli_secret_rc cli_secret_from_pipe(HANDLE h, char *buf, size_t size)
{
    size_t n = 0;
    BOOL too_long = FALSE, any = FALSE;
    if (!size)
        return CLI_SECRET_NONE;
    for (;;) {
        char c;
        DWORD got = 0;
        if (!ReadFile(h, &c, 1, &got, NULL) || got == 0)
            break;
        any = TRUE;
        if (c == '\n')
            break;
        if (n + 1 < size)
            buf[n++] = c;
        else
            too_long = TRUE;
        c = 0;
    }
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    if (!any) {
        SecureZeroMemory(buf, size);
        return CLI_SECRET_NONE;
    }
    if (too_long) {
        SecureZeroMemory(buf, size);
        return CLI_SECRET_TOO_LONG;
    }
    if (n && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, buf, (int)n, NULL, 0) <= 0) {
        SecureZeroMemory(buf, size);
        return CLI_SECRET_NOT_TEXT;
    }
    return CLI_SECRET_OK;
}
