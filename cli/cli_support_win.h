/* connectas.exe's support commands with the Windows journal store (cli_support_win.c). */
#ifndef CONNECTAS_CLI_SUPPORT_WIN_H
#define CONNECTAS_CLI_SUPPORT_WIN_H

#include "cli.h"

/* Runs a command cli_support_handles accepted, with the HKCU journal. Returns the exit code. */
int cli_support_run_win(int argc, char **argv, const cli_platform *plat);

#endif
