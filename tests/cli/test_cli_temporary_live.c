/* connect --temporary and cleanup under the fake SMB client: nothing is left behind, nothing else is touched.
 */
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakesmb_client.h"
#include "harness.h"
#include "cli_live_util.h"
#include "proc.h"
#include "tjson.h"
#include "winutil.h"

#define JOURNAL_KEY L"Software\\ConnectAs\\Temporary"

static const char secret[] = "Zebra-Tulip-7731";

static int has_use(const char *name)
{
    return fakesmb_find_use(name, NULL) == 1;
}

static void clear_journal(void)
{
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
}

/* Default credentials, a drive letter, timed: a pre-existing connection to the same server survives. */
static void test_leave_nothing_behind(void)
{
    th_proc_result r;
    char *state0, *creds0, *state1, *creds1;
    DWORD rc;
    clear_journal();
    clu_clear_creds();
    clu_load_mine("use O: \\\\fs9\\data\nuse - \\\\fs9\\IPC$\n");
    clu_write_cred(L"fs8", L"IAI\\before");
    clu_write_cred(L"*.iai.nl", L"IAI\\wide");
    state0 = fakesmb_state_text();
    creds0 = clu_creds_text();

    rc = clu_run("connect \\\\fs9\\tools --drive T: --temporary=60", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "Temporary: ConnectAs will undo T: (\\\\fs9\\tools)"), "connect: %lu %s%s\n",
       rc, r.out, r.err);
    th_proc_result_free(&r);
    ok(has_use("T:") && clu_journal(NULL) == 1, "T: connected and journaled\n");

    rc = clu_run("cleanup", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "Temporary until") && has_use("T:"), "not due yet: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
    rc = clu_run("cleanup --dry-run --all --json", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "\"would_undo\"") && has_use("T:"), "dry run: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);

    clu_edit_journal("expires", "1"); /* long past */
    rc = clu_run("cleanup --json", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "\"undone\""), "due: undone: %lu %s%s\n", rc, r.out, r.err);
    th_proc_result_free(&r);
    state1 = fakesmb_state_text();
    creds1 = clu_creds_text();
    ok(state0 && state1 && !strcmp(state0, state1), "the connections equal the ones before:\n%s---\n%s",
       state0, state1);
    ok(creds0 && creds1 && !strcmp(creds0, creds1), "the credential store equals the one before:\n%s---\n%s",
       creds0, creds1);
    ok(clu_journal(NULL) == 0, "the journal is empty\n");
    free(state0);
    free(state1);
    free(creds0);
    free(creds1);
}

/* An explicit user with a password, until sign-out: the journal never holds the password. */
static void test_explicit_user(void)
{
    th_proc_result r;
    char input[64], *state0, *state1, *text = NULL, err[128];
    tjson *j;
    DWORD rc;
    clear_journal();
    clu_load_mine("use - \\\\fs9\\IPC$ user=IAI\\svc\n");
    ok(fakesmb_set_password("IAI\\svc", secret) == 0, "expected password set\n");
    state0 = fakesmb_state_text();
    snprintf(input, sizeof(input), "%s\n", secret);
    rc = clu_run("connect \\\\fs9\\data --user IAI\\svc --password-stdin --drive auto --temporary --json",
                 input, secret, &r);
    j = tjson_parse(r.out, err, sizeof(err));
    ok(rc == 0 && j && tjson_str(j, "temporary.local") && tjson_is_null(j, "temporary.expires") &&
           !strcmp(tjson_str(j, "temporary.user"), "IAI\\svc"),
       "connected until sign-out: %lu %s%s\n", rc, r.out, r.err);
    tjson_free(j);
    th_proc_result_free(&r);
    ok(clu_journal(&text) == 1 && text && !strstr(text, secret) && !strstr(text, "Zebra"),
       "one record, without the password: %s\n", text);
    free(text);
    rc = clu_run("cleanup", NULL, secret, &r);
    ok(rc == 0 && clu_journal(NULL) == 1, "at sign-out: not due in this session: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
    /* A later logon session (after a crash or power loss) finds it due. */
    clu_edit_journal("session", "0-1@1");
    rc = clu_run("cleanup", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "Undone: "), "the next session undoes it: %lu %s%s\n", rc, r.out, r.err);
    th_proc_result_free(&r);
    state1 = fakesmb_state_text();
    ok(state0 && state1 && !strcmp(state0, state1),
       "IPC$ as IAI\\svc (there before) survives, nothing else:\n%s---\n%s", state0, state1);
    free(state0);
    free(state1);
    fakesmb_set_password("IAI\\svc", NULL);
}

/* Open files at expiry are never forced: reported, exit 4, kept for the next run. */
static void test_open_files(void)
{
    th_proc_result r;
    DWORD rc;
    clear_journal();
    clu_load_mine("");
    rc = clu_run("connect \\\\fs9\\data --drive T: --temporary=1", NULL, secret, &r);
    ok(rc == 0, "connect: %lu %s\n", rc, r.err);
    th_proc_result_free(&r);
    ok(fakesmb_set_use("T:", 2, NULL) == 0, "two open files on T:\n");
    fakesmb_reset_counters();
    rc = clu_run("cleanup --all", NULL, secret, &r);
    ok(rc == 4 && strstr(r.out, "2 open files") && strstr(r.out, "not forced"), "busy: %lu %s%s\n", rc, r.out,
       r.err);
    th_proc_result_free(&r);
    ok(has_use("T:") && clu_journal(NULL) == 1, "T: stays, and so does its record\n");
    rc = clu_run("cleanup --all --json", NULL, secret, &r);
    ok(rc == 4 && strstr(r.out, "\"result\": \"busy\"") && strstr(r.out, "\"open_files\": 2") &&
           strstr(r.out, "\"class\": \"busy\""),
       "JSON: busy, 2 open files, class busy: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
    fakesmb_set_use("T:", 0, NULL);
    rc = clu_run("cleanup --all", NULL, secret, &r);
    ok(rc == 0 && !has_use("T:") && clu_journal(NULL) == 0, "closed: undone: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
}

/* A credential ConnectAs saved is deleted; one that existed before, and one saved again for another user,
 * stay. */
static void test_credentials(void)
{
    th_proc_result r;
    HKEY key;
    DWORD rc;
    /* Records as this process's token would have made them (elevated under Wine). */
    const WCHAR *elevated = win_is_elevated() == 1 ? L"\televated=1" : L"";
    WCHAR rec1[300], rec2[300], rec3[300];
    _snwprintf(rec1, 300,
               L"v=1\tid=tcred-1\tcreated=1\texpires=1\tsession=\trequested=\\\\fs9\\data\t"
               L"server=fs9\tcred_target=fs9\tcred_user=IAI\\svc%ls",
               elevated);
    _snwprintf(rec2, 300,
               L"v=1\tid=tcred-2\tcreated=1\texpires=1\tsession=\trequested=\\\\fs7\\data\t"
               L"server=fs7\tcred_target=fs7\tcred_user=IAI\\svc%ls",
               elevated);
    /* One of the other elevation: this process cannot see its session, so it is left alone. */
    _snwprintf(rec3, 300,
               L"v=1\tid=tcred-3\tcreated=1\texpires=1\tsession=\trequested=\\\\fs8\\data\t"
               L"server=fs8\tcred_target=fs8\tcred_user=IAI\\before%ls",
               *elevated ? L"" : L"\televated=1");
    clear_journal();
    clu_clear_creds();
    clu_load_mine("");
    clu_write_cred(L"fs9", L"IAI\\svc");    /* the one "we" saved */
    clu_write_cred(L"fs8", L"IAI\\before"); /* there before */
    clu_write_cred(L"fs7", L"IAI\\other");  /* saved again since, for another user */
    ok(RegCreateKeyExW(HKEY_CURRENT_USER, JOURNAL_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) == 0,
       "key\n");
    RegSetValueExW(key, L"tcred-1", 0, REG_SZ, (const BYTE *)rec1,
                   (DWORD)((wcslen(rec1) + 1) * sizeof(WCHAR)));
    RegSetValueExW(key, L"tcred-2", 0, REG_SZ, (const BYTE *)rec2,
                   (DWORD)((wcslen(rec2) + 1) * sizeof(WCHAR)));
    RegSetValueExW(key, L"tcred-3", 0, REG_SZ, (const BYTE *)rec3,
                   (DWORD)((wcslen(rec3) + 1) * sizeof(WCHAR)));
    RegCloseKey(key);
    rc = clu_run("cleanup", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "other elevation"), "cleanup: %lu %s%s\n", rc, r.out, r.err);
    th_proc_result_free(&r);
    {
        char *now = clu_creds_text();
        ok(now && !strstr(now, " fs9 ") && strstr(now, " fs8 IAI\\before") && strstr(now, " fs7 IAI\\other"),
           "only fs9 was deleted:\n%s", now);
        free(now);
    }
    ok(clu_journal(NULL) == 1, "both records are done, the other token's stays\n");
    clear_journal();
    clu_clear_creds();
}

/* A journal entry that is not a record is never acted on, and never deleted. */
static void test_hostile_journal(void)
{
    th_proc_result r;
    HKEY key;
    DWORD rc;
    static const WCHAR bad[] = L"v=1\tid=tbad\tcreated=1\texpires=1\trequested=\\\\fs9\\data\tserver=fs9\t"
                               L"remote=\\\\fs9\\data\tlocal=O:\tpassword=x";
    clear_journal();
    clu_load_mine("use O: \\\\fs9\\data\n");
    ok(RegCreateKeyExW(HKEY_CURRENT_USER, JOURNAL_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) == 0,
       "key\n");
    RegSetValueExW(key, L"tbad", 0, REG_SZ, (const BYTE *)bad, sizeof(bad));
    RegSetValueExW(key, L"tnum", 0, REG_DWORD, (const BYTE *)&rc, sizeof(rc));
    RegCloseKey(key);
    rc = clu_run("cleanup --all", NULL, secret, &r);
    ok(rc == 1 && strstr(r.out, "2 journal entries could not be read"), "unreadable: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
    ok(has_use("O:") && clu_journal(NULL) == 2, "O: untouched, the entries left alone\n");
    clear_journal();
}

/* A remembered drive ConnectAs made goes with it; nothing is journaled when nothing new was made. */
static void test_remembered(void)
{
    th_proc_result r;
    HKEY key;
    DWORD rc;
    int remembered;
    clear_journal();
    clu_load_mine("use S: \\\\fs9\\data\nuse - \\\\fs9\\pub\n");
    rc = clu_run("connect \\\\fs9\\rem --drive R: --remember --temporary", NULL, secret, &r);
    ok(rc == 0, "connect --remember: %lu %s\n", rc, r.err);
    th_proc_result_free(&r);
    remembered = RegOpenKeyExW(HKEY_CURRENT_USER, L"Network\\R", 0, KEY_READ, &key) == ERROR_SUCCESS;
    if (remembered)
        RegCloseKey(key);
    ok(remembered, "Windows (and Wine's mpr) remembers R: in HKCU\\Network\n");
    {
        char *text = NULL;
        clu_journal(&text);
        ok(text && strstr(text, "\tremembered=1"),
           "the journal says ConnectAs made the remembered entry: %s\n", text);
        free(text);
    }
    rc = clu_run("cleanup --all", NULL, secret, &r);
    ok(rc == 0 && !has_use("R:") && has_use("S:"), "R: gone, S: stays: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, L"Network\\R", 0, KEY_READ, &key) != ERROR_SUCCESS,
       "no remembered R: is left\n");

    /* \\fs9\pub is connected without a drive already: connecting it again creates nothing. */
    rc = clu_run("connect \\\\fs9\\pub --temporary", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "nothing is temporary") && clu_journal(NULL) == 0,
       "nothing new, nothing journaled: %lu %s\n", rc, r.out);
    ok(has_use("\\\\fs9\\pub"), "and it stays\n");
    th_proc_result_free(&r);
    clear_journal();
}

/* Through another name of the machine (--fix alias): the alias connection is journaled and undone alone. */
static void test_alias(void)
{
    th_proc_result r;
    char input[64], *state0, *state1, err[128];
    tjson *j;
    DWORD rc;
    clear_journal();
    clu_load_mine("use L: \\\\localhost\\share\n");
    state0 = fakesmb_state_text();
    snprintf(input, sizeof(input), "%s\n", secret);
    rc = clu_run(
        "connect \\\\localhost\\share --user IAI\\svc --password-stdin --fix alias --temporary=5 --json",
        input, secret, &r);
    j = tjson_parse(r.out, err, sizeof(err));
    ok(rc == 0 && j && tjson_str(j, "temporary.remote") &&
           !strcmp(tjson_str(j, "temporary.remote"), "\\\\127.0.0.1\\share"),
       "connected through the address, journaled: %lu %s%s\n", rc, r.out, r.err);
    tjson_free(j);
    th_proc_result_free(&r);
    rc = clu_run("cleanup --all", NULL, secret, &r);
    ok(rc == 0 && strstr(r.out, "Undone: \\\\127.0.0.1\\share"), "undone: %lu %s\n", rc, r.out);
    th_proc_result_free(&r);
    state1 = fakesmb_state_text();
    ok(state0 && state1 && !strcmp(state0, state1), "L: survives, nothing else is left:\n%s---\n%s", state0,
       state1);
    free(state0);
    free(state1);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    clu_init();
    if (!fakesmb_installed()) {
        skip("the fake SMB client is not installed here (a real Windows machine?): live tests need it\n");
        return th_finish();
    }
    test_leave_nothing_behind();
    test_explicit_user();
    test_open_files();
    test_credentials();
    test_hostile_journal();
    test_remembered();
    test_alias();
    clear_journal();
    return th_finish();
}
