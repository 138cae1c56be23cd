/* The support commands of connectas: snapshot, cleanup and connect --temporary (portable logic). */
#ifndef CONNECTAS_CLI_SUPPORT_H
#define CONNECTAS_CLI_SUPPORT_H

#include "cli.h"
#include "journal.h"

/* What the support commands need beyond cli_platform. */
typedef struct cli_support_env {
    journal_store *journal;    /* the temporary-connection journal; NULL: not available here */
    const char *logon_session; /* an id of this logon session (never reused while it lives); "" unknown */
    const char *machine;       /* this computer's name for the snapshot's comment, or NULL */
    /* Writes a whole file (UTF-8 path), 0 on success; NULL: the C library's fopen (ANSI paths on Windows). */
    int (*write_file)(const char *path, const char *data, size_t len);
} cli_support_env;

/* 1 when argv is a support command: snapshot, cleanup, or connect with --temporary. */
int cli_support_handles(int argc, char **argv);

/* Runs a command cli_support_handles accepted. Returns the exit code (cli.h). */
int cli_support_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env);

/* connectas snapshot [--out FILE] [--redact] [--scenario FILE] (cli_snapshot.c). */
int cli_snapshot_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env);

/* connectas cleanup / connect --temporary (cli_temporary.c). */
int cli_cleanup_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env);
int cli_temporary_connect_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env);

/* Shared by the support commands: prints to the platform's streams. */
void cli_support_out(const cli_platform *plat, const char *text);
void cli_support_err(const cli_platform *plat, const char *fmt, ...) CA_PRINTF(2, 3);
/* Opens the backend: a scenario file's sandbox, or the live one. Prints why not and returns the exit code. */
int cli_support_open(const cli_platform *plat, const char *scenario, backend **be);

#endif
