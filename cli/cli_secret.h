/* Reading a password for connectas.exe: console without echo, or one line of a pipe; overlong input refused.
 */
#ifndef CONNECTAS_CLI_SECRET_H
#define CONNECTAS_CLI_SECRET_H

#include <windows.h>

#include <stddef.h>

typedef enum cli_secret_rc {
    CLI_SECRET_OK = 0,
    CLI_SECRET_NONE = -1,     /* nothing could be read (end of input, read error) */
    CLI_SECRET_TOO_LONG = -2, /* longer than the buffer: read to the end of its line and refused */
    CLI_SECRET_NOT_TEXT = -3, /* invalid UTF-8 (pipe) or a lone UTF-16 surrogate (console): refused */
} cli_secret_rc;

/* The console input mode to read a secret with, given the current mode: line
 * input and processed input on, echo off. Used for the prompt and for
 * --password-stdin on an interactive console alike. */
DWORD cli_secret_console_mode(DWORD mode);

/* Reads up to cap UTF-16 units of console input into buf (like ReadConsoleW in
 * line mode, which returns a long line in pieces); *got 0 at the end of input.
 * Returns FALSE on a read error. */
typedef BOOL (*cli_secret_read_fn)(void *ctx, WCHAR *buf, DWORD cap, DWORD *got);

/* Reads one line through read and converts it to UTF-8 into buf (size bytes,
 * NUL-terminated; the line end is dropped). A line that does not fit is read to
 * its end (so nothing of it is left for the shell to run) and refused. Every
 * intermediate copy is wiped; buf is wiped unless CLI_SECRET_OK. */
cli_secret_rc cli_secret_from_console(cli_secret_read_fn read, void *ctx, char *buf, size_t size);

/* Reads one line of UTF-8 bytes from a pipe or file h into buf (size bytes,
 * NUL-terminated, "\r\n" or "\n" dropped), never reading past its newline. An
 * overlong line is consumed through its newline (or to the end of input) and
 * refused; bytes that are not UTF-8 are refused. buf is wiped unless CLI_SECRET_OK. */
cli_secret_rc cli_secret_from_pipe(HANDLE h, char *buf, size_t size);

/* ReadConsoleW on the console input handle passed as ctx (a cli_secret_read_fn). */
BOOL cli_secret_read_console(void *ctx, WCHAR *buf, DWORD cap, DWORD *got);

#endif
