/* connectas.exe's support commands on Windows: the HKCU journal, this logon session and the computer name. */
#include <windows.h>

#include "cli_support.h"
#include "cli_support_win.h"
#include "journal_reg.h"
#include "winutil.h"

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
    rc = cli_support_main(argc, argv, plat, &env);
    journal_store_free(env.journal);
    free(machine);
    return rc;
}
