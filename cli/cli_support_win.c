/* connectas.exe's support commands on Windows: the HKCU journal, this logon session and the computer name. */
#include <windows.h>

#include "cli_support.h"
#include "cli_support_win.h"
#include "journal_reg.h"
#include "winutil.h"

/* Writes the file through a UTF-16 path (a Desktop under C:\Users\José), all or nothing. */
static int write_file_w(const char *path, const char *data, size_t len)
{
    WCHAR *wpath = win_from_utf8(path);
    HANDLE h;
    DWORD done = 0;
    BOOL ok;
    if (!wpath || len > 0x7FFFFFFF) {
        free(wpath);
        return -1;
    }
    h = CreateFileW(wpath, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        free(wpath);
        return -1;
    }
    ok = WriteFile(h, data, (DWORD)len, &done, NULL) && done == len;
    ok = CloseHandle(h) && ok;
    if (!ok)
        DeleteFileW(wpath);
    free(wpath);
    return ok ? 0 : -1;
}

int cli_support_run_win(int argc, char **argv, const cli_platform *plat)
{
    cli_support_env env;
    char session[96], *machine = NULL;
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD len = ARRAYSIZE(name);
    int rc;
    memset(&env, 0, sizeof(env));
    journal_reg_session_id(session, sizeof(session));
    if (GetComputerNameW(name, &len))
        machine = win_to_utf8(name);
    env.journal = journal_reg_store_create();
    env.logon_session = session;
    env.machine = machine;
    env.write_file = write_file_w;
    rc = cli_support_main(argc, argv, plat, &env);
    journal_store_free(env.journal);
    free(machine);
    return rc;
}
