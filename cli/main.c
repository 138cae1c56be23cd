/* connectas.exe entry point: console I/O, secret input and the win32 backend for the CLI logic. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_secret.h"
#include "cli_support.h"
#include "cli_support_win.h"
#include "win32_backend.h"
#include "winutil.h"

#ifdef CONNECTAS_HAVE_SHXREG
#include "cli_install.h"
#include "cli_package.h"
#endif

#ifndef CONNECTAS_VERSION_STRING_C
#define CONNECTAS_VERSION_STRING_C "0.0.0"
#endif

static void write_handle(DWORD which, const char *text)
{
    HANDLE h = GetStdHandle(which);
    DWORD mode, done;
    if (!text || !*text || h == INVALID_HANDLE_VALUE || !h)
        return;
    if (GetConsoleMode(h, &mode)) {
        WCHAR *w = win_from_utf8(text);
        if (w) {
            WriteConsoleW(h, w, (DWORD)wcslen(w), &done, NULL);
            free(w);
        }
    } else {
        /* Redirected: UTF-8 bytes, whatever the console code page, so scripts get stable output. */
        WriteFile(h, text, (DWORD)strlen(text), &done, NULL);
    }
}

static void write_out(void *ctx, const char *text)
{
    (void)ctx;
    write_handle(STD_OUTPUT_HANDLE, text);
}

static void write_err(void *ctx, const char *text)
{
    (void)ctx;
    write_handle(STD_ERROR_HANDLE, text);
}

/* The reason a secret was refused, in one line (the CLI adds that nothing changed). */
static int secret_result(cli_secret_rc rc, size_t size)
{
    char msg[200];
    switch (rc) {
    case CLI_SECRET_OK:
        return 0;
    case CLI_SECRET_TOO_LONG:
        snprintf(msg, sizeof(msg),
                 "connectas: the password is longer than %zu bytes; it was read to the end of its line and "
                 "refused\n",
                 size - 1);
        write_err(NULL, msg);
        break;
    case CLI_SECRET_NOT_TEXT:
        write_err(NULL,
                  "connectas: the password is not valid text (invalid UTF-8 or a lone UTF-16 surrogate); it "
                  "was refused rather than changed\n");
        break;
    case CLI_SECRET_NONE:
        break;
    }
    return -1;
}

/* Reads a secret from an interactive console without echo (prompt may be NULL), restoring its mode. */
static cli_secret_rc console_secret(HANDLE in, DWORD mode, const char *prompt, char *buf, size_t size)
{
    HANDLE out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                             NULL, OPEN_EXISTING, 0, NULL);
    cli_secret_rc rc;
    DWORD done;
    if (out != INVALID_HANDLE_VALUE && prompt) {
        WCHAR *w = win_from_utf8(prompt);
        if (w) {
            WriteConsoleW(out, w, (DWORD)wcslen(w), &done, NULL);
            free(w);
        }
    }
    SetConsoleMode(in, cli_secret_console_mode(mode));
    rc = cli_secret_from_console(cli_secret_read_console, in, buf, size);
    SetConsoleMode(in, mode);
    if (out != INVALID_HANDLE_VALUE) {
        WriteConsoleW(out, L"\r\n", 2, &done, NULL); /* the Enter that was not echoed */
        CloseHandle(out);
    }
    return rc;
}

static int read_secret(void *ctx, const char *prompt, int from_stdin, char *buf, size_t size)
{
    HANDLE in;
    DWORD mode;
    cli_secret_rc rc;
    (void)ctx;
    buf[0] = 0;
    if (from_stdin) {
        in = GetStdHandle(STD_INPUT_HANDLE);
        /* --password-stdin on an interactive console: typed like a prompt, so never echoed. */
        if (GetConsoleMode(in, &mode))
            return secret_result(console_secret(in, mode, NULL, buf, size), size);
        return secret_result(cli_secret_from_pipe(in, buf, size), size);
    }
    in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                     OPEN_EXISTING, 0, NULL);
    if (in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode)) {
        if (in != INVALID_HANDLE_VALUE)
            CloseHandle(in);
        write_err(NULL,
                  "connectas: there is no console to ask for the password; pipe it with --password-stdin\n");
        return -1;
    }
    rc = console_secret(in, mode, prompt, buf, size);
    CloseHandle(in);
    return secret_result(rc, size);
}

static ca_status open_live(void *ctx, backend **out, ca_error *err)
{
    (void)ctx;
    return win32_backend_create(0, out, err);
}

static void describe_system(void *ctx, strbuf *out, int json)
{
    (void)ctx;
    win_describe_system(out, json);
}

static const char *error_text(void *ctx, unsigned long code, char *buf, size_t size)
{
    WCHAR wide[700];
    char *text;
    (void)ctx;
    win_error_sentence(NULL, (DWORD)code, wide, ARRAYSIZE(wide));
    text = win_to_utf8(wide);
    if (!text)
        return NULL;
    snprintf(buf, size, "%s", text);
    free(text);
    return buf;
}

int wmain(int argc, WCHAR **wargv);

int wmain(int argc, WCHAR **wargv)
{
    cli_platform plat;
    char **argv;
    int i, rc;

    win_harden_dll_search(); /* before anything loads a DLL by name */
    argv = calloc((size_t)argc + 1, sizeof(*argv));
    if (!argv) {
        write_err(NULL, "connectas: out of memory\n");
        return 1;
    }
    for (i = 0; i < argc; i++) {
        argv[i] = win_to_utf8(wargv[i]);
        if (!argv[i]) {
            char msg[160];
            /* A lone surrogate would otherwise become U+FFFD and name another path or user. */
            snprintf(
                msg, sizeof(msg),
                GetLastError() == ERROR_NO_UNICODE_TRANSLATION
                    ? "connectas: argument %d is not valid Unicode text (it holds a lone UTF-16 surrogate); "
                      "nothing was done\n"
                    : "connectas: out of memory reading argument %d\n",
                i);
            write_err(NULL, msg);
            return 2;
        }
    }
    memset(&plat, 0, sizeof(plat));
    plat.ctx = &plat;
    plat.write_out = write_out;
    plat.write_err = write_err;
    plat.read_secret = read_secret;
    plat.open_live = open_live;
    plat.describe_system = describe_system;
    plat.error_text = error_text;
#ifdef CONNECTAS_HAVE_SHXREG
    plat.install = cli_install;
    plat.uninstall = cli_uninstall;
#endif
    plat.version = CONNECTAS_VERSION_STRING_C;
#ifdef CONNECTAS_HAVE_SHXREG
    /* "package register|unregister": the installer's custom actions (cli_package.h). */
    if (argc >= 2 && !wcscmp(wargv[1], L"package"))
        rc = cli_package_main(argc, wargv, &plat);
    else
#endif
        rc = cli_support_handles(argc, argv) ? cli_support_run_win(argc, argv, &plat)
                                             : cli_main(argc, argv, &plat);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return rc;
}
