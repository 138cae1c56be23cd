/* connectas.exe entry point: console I/O, secret input and the win32 backend for the CLI logic. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

/* Reads one line of UTF-8 from a pipe or file, without reading past the newline. */
static int read_line_bytes(HANDLE h, char *buf, size_t size)
{
    size_t n = 0;
    for (;;) {
        char c;
        DWORD got = 0;
        if (!ReadFile(h, &c, 1, &got, NULL) || got == 0)
            break;
        if (c == '\n')
            break;
        if (n + 1 >= size) {
            cli_wipe(buf, size);
            return -1;
        }
        buf[n++] = c;
    }
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    return 0;
}

/* Reads a line from a console as UTF-16 and converts it into buf. */
static int read_console_line(HANDLE in, char *buf, size_t size)
{
    WCHAR wide[512];
    DWORD got = 0;
    int n, rc = -1;
    if (ReadConsoleW(in, wide, ARRAYSIZE(wide) - 1, &got, NULL)) {
        while (got && (wide[got - 1] == L'\n' || wide[got - 1] == L'\r'))
            got--;
        wide[got] = 0;
        n = WideCharToMultiByte(CP_UTF8, 0, wide, -1, buf, (int)size, NULL, NULL);
        rc = n > 0 ? 0 : -1;
    }
    SecureZeroMemory(wide, sizeof(wide));
    return rc;
}

static int read_secret(void *ctx, const char *prompt, int from_stdin, char *buf, size_t size)
{
    HANDLE in, out;
    DWORD mode;
    int rc;
    (void)ctx;
    buf[0] = 0;
    if (from_stdin) {
        in = GetStdHandle(STD_INPUT_HANDLE);
        if (GetConsoleMode(in, &mode))
            return read_console_line(in, buf, size);
        return read_line_bytes(in, buf, size);
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
    out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                      OPEN_EXISTING, 0, NULL);
    if (out != INVALID_HANDLE_VALUE) {
        WCHAR *w = win_from_utf8(prompt);
        DWORD done;
        if (w) {
            WriteConsoleW(out, w, (DWORD)wcslen(w), &done, NULL);
            free(w);
        }
    }
    SetConsoleMode(in, (mode | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT) & ~ENABLE_ECHO_INPUT);
    rc = read_console_line(in, buf, size);
    SetConsoleMode(in, mode);
    if (out != INVALID_HANDLE_VALUE) {
        DWORD done;
        WriteConsoleW(out, L"\r\n", 2, &done, NULL);
        CloseHandle(out);
    }
    CloseHandle(in);
    return rc;
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

    argv = calloc((size_t)argc + 1, sizeof(*argv));
    if (!argv) {
        write_err(NULL, "connectas: out of memory\n");
        return 1;
    }
    for (i = 0; i < argc; i++) {
        argv[i] = win_to_utf8(wargv[i]);
        if (!argv[i]) {
            write_err(NULL, "connectas: an argument is not valid text\n");
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
        rc = cli_main(argc, argv, &plat);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return rc;
}
