/* The tray UI in-process on the win32 backend with the fake SMB client: disconnect, consent, creds. */
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "screenshot.h"
#include "tray_internal.h"
#include "tray_test.h"
#include "win32_backend.h"

/* serverfault plus a busy drive on fs02 (the fake's scenario format). */
static const char live_scenario[] = "logon IAI\\bp\n"
                                    "use O: \\\\hka-fs01\\data\n"
                                    "use W: \\\\hka-fs01\\data\\machine\n"
                                    "use Y: \\\\hka-fs01\\data\\machine\\300\n"
                                    "use Z: \\\\hka-fs01.iai.nl\\data\n"
                                    "use P: \\\\fs02\\projects open=2\n";

static int write_cred(const WCHAR *target, DWORD type, const WCHAR *user)
{
    CREDENTIALW c;
    static const WCHAR secret[] = L"not-a-real-password";
    memset(&c, 0, sizeof(c));
    c.Type = type;
    c.TargetName = (WCHAR *)target;
    c.UserName = (WCHAR *)user;
    c.CredentialBlob = (BYTE *)secret;
    c.CredentialBlobSize = sizeof(secret) - sizeof(WCHAR);
    c.Persist = CRED_PERSIST_LOCAL_MACHINE;
    return CredWriteW(&c, 0);
}

/* How many saved credentials have exactly this target (any type). */
static int creds_named(const WCHAR *target)
{
    DWORD count = 0, i;
    CREDENTIALW **creds = NULL;
    int n = 0;
    if (!CredEnumerateW(NULL, 0, &count, &creds))
        return 0;
    for (i = 0; i < count; i++)
        n += !_wcsicmp(creds[i]->TargetName, target);
    CredFree(creds);
    return n;
}

typedef struct status_read {
    WCHAR text[512];
} status_read;

static void read_status(tray_app *app, void *ctx)
{
    status_read *s = ctx;
    wcsncpy(s->text, tray_app_status(app), ARRAYSIZE(s->text) - 1);
    s->text[ARRAYSIZE(s->text) - 1] = 0;
}

static void test_live(void)
{
    tt_app t;
    backend *be = NULL;
    ca_error e;
    HWND win, list;
    tt_rows *rows;
    WCHAR text[4096], path[MAX_PATH];
    status_read st;
    char err[256];
    unsigned res;
    int r;

    if (!fakesmb_installed()) {
        ok(!th_on_wine(), "the fake SMB client is not registered in this Wine prefix\n");
        skip("needs the fake SMB client (not on a real machine)\n");
        return;
    }
    ok(fakesmb_reset() == 0 && fakesmb_load_text("live.scenario", live_scenario, err, sizeof(err)) == 0,
       "fakesmb: %s\n", err);
    ok(write_cred(L"fs02", CRED_TYPE_DOMAIN_PASSWORD, L"IAI\\admin"), "CredWrite fs02: %lu\n",
       GetLastError());
    ok(write_cred(L"fs02", CRED_TYPE_GENERIC, L"IAI\\admin"), "CredWrite generic fs02: %lu\n",
       GetLastError());
    ok(write_cred(L"hka-fs02", CRED_TYPE_DOMAIN_PASSWORD, L"IAI\\svc"), "CredWrite hka-fs02: %lu\n",
       GetLastError());

    memset(&e, 0, sizeof(e));
    /* No name resolution: the fake's servers are not in any DNS. */
    ok(win32_backend_create(WIN32_BACKEND_NO_RESOLVE, &be, &e) == CA_OK, "win32 backend: %s\n", e.msg);
    rows = calloc(1, sizeof(*rows));
    if (!be || !rows || !tt_app_start(&t, be, 0, NULL, L"tray-live", 3600000)) {
        ok(0, "the app did not start\n");
        free(rows);
        return;
    }
    win = tt_show_window(&t, 20000);
    ok(win != NULL, "the window did not show the state\n");
    if (!win)
        goto done;
    tt_text(win, text, ARRAYSIZE(text));
    ok(!tt_contains(text, L"Sandbox"), "no sandbox marker on the real backend: %ls\n", text);
    ok(tt_control(win, TRAY_IDC_BANNER) == NULL, "no banner on the real backend\n");
    list = tt_control(win, TRAY_IDC_LIST);
    tt_read_rows(list, rows);
    ok(tt_find_row(rows, TRAY_COL_DRIVE, L"O:") >= 0 && tt_find_row(rows, TRAY_COL_DRIVE, L"Z:") >= 0 &&
           tt_find_row(rows, TRAY_COL_DRIVE, L"P:") >= 0,
       "the live list has O:, Z: and P: (%d rows)\n", rows->count);
    r = tt_find_row(rows, TRAY_COL_DRIVE, L"P:");
    ok(r >= 0 && !wcscmp(rows->cell[r][TRAY_COL_OPEN], L"2"), "P: open files from NetUseEnum: %ls\n",
       r >= 0 ? rows->cell[r][TRAY_COL_OPEN] : L"-");
    r = tt_find_row(rows, TRAY_COL_SERVER, L"hka-fs02");
    ok(r >= 0 && tt_contains(rows->cell[r][TRAY_COL_DRIVE], L"saved credential only") &&
           !wcscmp(rows->cell[r][TRAY_COL_USER], L"IAI\\svc (saved credential)"),
       "a saved credential without a connection is listed: %ls\n",
       r >= 0 ? rows->cell[r][TRAY_COL_USER] : L"-");
    th_screenshot(win, "tray_sessions_live", path, MAX_PATH);

    /* Disconnect the FQDN session for real. */
    res = tt_actions(&t);
    tt_command(&t, tt_slot_command(&t, "hka-fs01.iai.nl", TRAY_SLOT_DISCONNECT));
    ok(tt_wait_actions(&t, res, 20000), "no result\n");
    ok(fakesmb_find_use("Z:", NULL) == 0 && fakesmb_find_use("O:", NULL) == 1, "Z: gone, O: kept\n");

    /* Open files on P:: asked, and No keeps it connected. */
    res = tt_actions(&t);
    tt_command(&t, tt_slot_command(&t, "fs02", TRAY_SLOT_DISCONNECT));
    {
        const WCHAR *want[] = {L"P:", L"\\\\fs02\\projects", L"open files: 2"};
        tt_answer(L"Files are open", IDNO, want, 3, NULL, text, ARRAYSIZE(text));
    }
    ok(tt_wait_actions(&t, res, 20000), "no result after No\n");
    ok(fakesmb_find_use("P:", NULL) == 1, "P: was disconnected without consent\n");
    tt_on_ui(&t, read_status, &st);
    ok(tt_contains(st.text, L"Still connected to fs02 (in use): P:"), "status: %ls\n", st.text);
    /* Yes forces it. */
    res = tt_actions(&t);
    tt_command(&t, tt_slot_command(&t, "fs02", TRAY_SLOT_DISCONNECT));
    {
        const WCHAR *want[] = {L"P:"};
        tt_answer(L"Files are open", IDYES, want, 1, NULL, text, ARRAYSIZE(text));
    }
    ok(tt_wait_actions(&t, res, 20000), "no result after Yes\n");
    ok(fakesmb_find_use("P:", NULL) == 0, "P: still connected after Yes\n");

    /* Forget: the Windows credential named fs02 is deleted; the generic one (SMB never uses it) is only
     * named (issue 12 finding 8); hka-fs02 stays. */
    ok(creds_named(L"fs02") == 2, "two credentials named fs02 before\n");
    res = tt_actions(&t);
    tt_command(&t, tt_slot_command(&t, "fs02", TRAY_SLOT_FORGET));
    {
        const WCHAR *want[] = {L"fs02 (user IAI\\admin, Windows credential)",
                               L"fs02 (user IAI\\admin, generic credential)"};
        tt_answer(L"Forget saved credentials", IDYES, want, 2, NULL, text, ARRAYSIZE(text));
        ok(!tt_contains(text, L"hka-fs02"), "the question names hka-fs02: %ls\n", text);
    }
    ok(tt_wait_actions(&t, res, 20000), "no result for forget\n");
    ok(creds_named(L"fs02") == 1, "CredEnumerate lists fs02 %d times, not once (the generic one)\n",
       creds_named(L"fs02"));
    ok(creds_named(L"hka-fs02") == 1, "hka-fs02 was deleted too\n");

    /* Start with Windows: the per-user Run value names this program, and goes again. */
    tt_command_sync(&t, TRAY_ID_AUTOSTART);
    {
        WCHAR value[MAX_PATH * 2], self[MAX_PATH];
        DWORD size = sizeof(value);
        GetModuleFileNameW(NULL, self, ARRAYSIZE(self));
        ok(RegGetValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, RRF_RT_REG_SZ, NULL, value, &size) ==
                   ERROR_SUCCESS &&
               tt_contains(value, self) && tt_contains(value, L"--background") && value[0] == L'"',
           "Run value: %ls\n", value);
        ok(tray_autostart_enabled(), "tray_autostart_enabled\n");
    }
    tt_command_sync(&t, TRAY_ID_AUTOSTART);
    ok(RegGetValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, RRF_RT_ANY, NULL, NULL, NULL) !=
           ERROR_SUCCESS,
       "the Run value is still there\n");
    tt_on_ui(&t, read_status, &st);
    ok(tt_contains(st.text, L"no longer start"), "status: %ls\n", st.text);

    /* The credential went away behind the tray's back: the core's fresh look finds nothing to delete,
     * and the tray says so instead of failing. */
    ok(write_cred(L"fs09", CRED_TYPE_DOMAIN_PASSWORD, L"IAI\\gone"), "CredWrite fs09: %lu\n", GetLastError());
    res = tt_results(&t);
    tt_command_sync(&t, TRAY_ID_REFRESH);
    ok(tt_wait_results(&t, res, 20000), "no refresh\n");
    ok(CredDeleteW(L"fs09", CRED_TYPE_DOMAIN_PASSWORD, 0), "CredDelete: %lu\n", GetLastError());
    res = tt_actions(&t);
    tt_command(&t, tt_slot_command(&t, "fs09", TRAY_SLOT_FORGET));
    {
        const WCHAR *want[] = {L"fs09 (user IAI\\gone, Windows credential)"};
        tt_answer(L"Forget saved credentials", IDYES, want, 1, NULL, text, ARRAYSIZE(text));
    }
    ok(tt_wait_actions(&t, res, 20000), "no result for the failing forget\n");
    tt_on_ui(&t, read_status, &st);
    ok(tt_contains(st.text, L"No saved credential names fs09"), "message: %ls\n", st.text);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    free(rows);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_live();
    return th_finish();
}
