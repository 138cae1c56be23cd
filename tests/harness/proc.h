/* Test helper (Windows): run a program with given standard input, capture its output and exit code. */
#ifndef CONNECTAS_PROC_H
#define CONNECTAS_PROC_H

#include <windows.h>

typedef struct th_proc_result {
    DWORD exit_code;   /* the program's exit code; (DWORD)-1 when it could not run or timed out */
    DWORD start_error; /* GetLastError() of a failed start, 0 when it started */
    int timed_out;     /* 1 when it was still running after the timeout (and was ended) */
    char *out;         /* everything it wrote to stdout (NUL-terminated), never NULL after th_run */
    char *err;         /* likewise for stderr */
} th_proc_result;

/* CreateProcessW with the same arguments, for tests that start programs as a
 * setup step. Under Wine only, a start that fails with ERROR_INTERNAL_ERROR (the
 * new process ended before it ran its first instruction: a transient failure
 * of Wine's, see docs/develop.md) is retried up to twice, each time with a
 * trace() note; GetLastError() is kept for the caller. Product code is never
 * retried this way: use it only where the test, not the product, starts the
 * program. */
BOOL th_create_process(const WCHAR *app, WCHAR *cmdline, BOOL inherit, DWORD flags, const WCHAR *dir,
                       STARTUPINFOW *si, PROCESS_INFORMATION *pi);

/* Runs cmdline (the first token is the program), feeding input (may be NULL)
 * on stdin, and waits up to timeout_ms. Output goes through temporary files so
 * no pipe can fill up. Returns 1 when the program ran and ended in time;
 * otherwise r says why (start_error or timed_out), and a trace() line too. */
int th_run(const WCHAR *cmdline, const char *input, DWORD timeout_ms, th_proc_result *r);
void th_proc_result_free(th_proc_result *r);

/* The folder holding this test executable (no trailing backslash). */
void th_exe_dir(WCHAR *dir, DWORD len);

#endif
