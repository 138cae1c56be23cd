/* Test helper (Windows): run a program with given standard input, capture its output and exit code. */
#ifndef CONNECTAS_PROC_H
#define CONNECTAS_PROC_H

#include <windows.h>

typedef struct th_proc_result {
    DWORD exit_code; /* the program's exit code; (DWORD)-1 when it could not run or timed out */
    char *out;       /* everything it wrote to stdout (NUL-terminated), never NULL after th_run */
    char *err;       /* likewise for stderr */
} th_proc_result;

/* Runs cmdline (the first token is the program), feeding input (may be NULL)
 * on stdin, and waits up to timeout_ms. Output goes through temporary files so
 * no pipe can fill up. Returns 1 when the program ran and ended in time. */
int th_run(const WCHAR *cmdline, const char *input, DWORD timeout_ms, th_proc_result *r);
void th_proc_result_free(th_proc_result *r);

/* The folder holding this test executable (no trailing backslash). */
void th_exe_dir(WCHAR *dir, DWORD len);

#endif
