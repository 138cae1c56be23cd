/* connectas.exe's support commands on Windows: the HKCU journal, this logon session and the computer name. */
#include <windows.h>

#include "cli_support.h"
#include "cli_support_win.h"
#include "journal_reg.h"
#include "snapshot_file.h"
#include "winutil.h"

/* Writes the file through a UTF-16 path (a Desktop under C:\Users\José), all or nothing. */
static int write_file_w(const char *path, const char *data, size_t len)
{
    WCHAR *wpath = win_from_utf8(path);
    DWORD rc = wpath ? win_write_whole_file(wpath, data, len) : ERROR_NOT_ENOUGH_MEMORY;
    free(wpath);
    return rc == NO_ERROR ? 0 : -1;
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
