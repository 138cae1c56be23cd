/* connectas command-line logic, portable: commands, options, exit codes (docs/cli.md). */
#ifndef CONNECTAS_CLI_H
#define CONNECTAS_CLI_H

#include <stddef.h>

#include "backend.h"
#include "errtab.h"
#include "strbuf.h"

/* Exit codes: part of the public contract, never dependent on the display
 * language. The values are the core error table's (errtab.h). */
enum {
    CLI_EXIT_OK = CA_EXIT_OK,             /* success; for check: no conflict */
    CLI_EXIT_FAILURE = CA_EXIT_FAILURE,   /* any other failure */
    CLI_EXIT_USAGE = CA_EXIT_USAGE,       /* bad input: path, user, option, scenario file */
    CLI_EXIT_CONFLICT = CA_EXIT_CONFLICT, /* would fail (or failed) with 1219 */
    CLI_EXIT_BUSY = CA_EXIT_BUSY,         /* open files or a drive in use kept something connected */
    CLI_EXIT_SIGNIN = CA_EXIT_SIGNIN,     /* sign-in failed: wrong user name or password, account problem */
    CLI_EXIT_NOTFOUND =
        CA_EXIT_NOTFOUND, /* nothing to disconnect or forget, unknown drive, share not found */
    CLI_EXIT_CANCELLED = CA_EXIT_CANCELLED, /* the user cancelled (no password given) */
};

/* What the command logic needs from the platform. Text is UTF-8. */
typedef struct cli_platform {
    void *ctx;
    void (*write_out)(void *ctx, const char *text);
    void (*write_err)(void *ctx, const char *text);
    /* Reads a secret into buf (NUL-terminated, at most size-1 bytes): one line of
     * standard input when from_stdin, else from the console without echo after
     * showing prompt. Returns 0 on success, -1 when no secret could be read. */
    int (*read_secret)(void *ctx, const char *prompt, int from_stdin, char *buf, size_t size);
    /* Opens the live backend; NULL when this platform has none. */
    ca_status (*open_live)(void *ctx, backend **out, ca_error *err);
    /* Adds system facts to a support report (OS version, elevation); may be NULL.
     * json: append members `"os": …, …,` (each followed by a comma); else text lines. */
    void (*describe_system)(void *ctx, strbuf *out, int json);
    /* Registration for portable use (install/uninstall); may be NULL. Returns an
     * exit code and writes its own messages. */
    int (*install)(void *ctx, int machine, int dry_run, int run_at_logon);
    int (*uninstall)(void *ctx, int machine, int dry_run);
    /* Maps a Windows error code to a sentence for users (error table); may be NULL. */
    const char *(*error_text)(void *ctx, unsigned long code, char *buf, size_t size);
    const char *version;
} cli_platform;

/* Runs one command line (argv[0] is the program name). Returns the exit code. */
int cli_main(int argc, char **argv, const cli_platform *plat);

/* Wipes a buffer in a way the compiler may not remove. */
void cli_wipe(void *buf, size_t size);

#endif
