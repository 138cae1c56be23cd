/* Helpers shared by the live CLI tests: run connectas.exe, credentials, fake states with this logon user. */
#ifndef CONNECTAS_CLI_LIVE_UTIL_H
#define CONNECTAS_CLI_LIVE_UTIL_H

#include <windows.h>

#include "proc.h"

/* Sets the path of connectas.exe (next to the test) once. */
void clu_init(void);
/* Runs connectas.exe with args (UTF-8) and input on stdin (may be NULL); asserts that it ran and that
 * secret (may be NULL) is not in its output. Returns the exit code. */
DWORD clu_run(const char *args, const char *input, const char *secret, th_proc_result *r);
/* Writes a domain credential (with a fixed, fake secret) / deletes every credential of this prefix. */
void clu_write_cred(const WCHAR *target, const WCHAR *user);
void clu_clear_creds(void);
/* Loads a state into the fake: text as given, or rest after a logon record with this process's user
 * (so default uses stay default in NetUseEnum's answer, which names the scenario's logon user). */
void clu_load_text(const char *text);
void clu_load_mine(const char *rest);
/* The credential store as "TYPE TARGET USER" lines (malloc'ed). */
char *clu_creds_text(void);
/* The number of temporary-connection journal records (HKCU); their texts joined into *all when not NULL. */
int clu_journal(char **all);
/* Sets field key of every journal record to value (to make one due without waiting, or another sign-in's). */
void clu_edit_journal(const char *key, const char *value);
/* A file's content (malloc'ed), or NULL. */
char *clu_read_file(const char *path);

#endif
