/* The tray's hand-off protocol (common/win/handoff.c): hostile payloads, the grammar, per-user names, the
 * owner check. */
#include <windows.h>
#include <sddl.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "handoff.h"
#include "harness.h"

static int parses(int argc, WCHAR **argv)
{
    handoff_cmd cmd;
    return handoff_parse(argc, argv, &cmd);
}

static void test_grammar(void)
{
    WCHAR *connect[] = {L"connect", L"\\\\srv\\share\\a b"};
    WCHAR *full[] = {L"--background", L"--instance", L"t-1.x",   L"--scenario", L"x.scenario",
                     L"--refresh",    L"15",         L"connect", L"N:\\dir"};
    WCHAR *show[] = {L"show"}, *exit_[] = {L"exit"}, *help[] = {L"/?"};
    handoff_cmd cmd;
    WCHAR high[] = {L'\\', L'\\', L's', L'\\', L'd', L'\\', 0xD800, L'x', 0};
    WCHAR low[] = {L'\\', L'\\', L's', L'\\', L'd', L'\\', 0xDC00, 0};
    WCHAR end_high[] = {L'\\', L'\\', L's', L'\\', L'd', 0xD83D, 0};
    WCHAR pair[] = {L'\\', L'\\', L's', L'\\', L'd', 0xD83D, 0xDE00, 0};
    WCHAR ctrl[] = {L'\\', L'\\', L's', L'\\', L'd', L'\\', 0x1B, L'x', 0};
    WCHAR *long_arg = malloc((HANDOFF_MAX_ARG_LEN + 2) * sizeof(WCHAR));
    struct {
        const char *what;
        int argc;
        WCHAR *argv[20];
    } bad[] = {
        {"unknown verb", 1, {L"delete"}},
        {"unknown option", 1, {L"--frobnicate"}},
        {"two verbs", 2, {L"show", L"exit"}},
        {"connect without a path", 1, {L"connect"}},
        {"connect with an empty path", 2, {L"connect", L""}},
        {"a path split by an embedded NUL", 3, {L"connect", L"\\\\srv\\share", L"evil"}},
        {"connect twice", 4, {L"connect", L"\\\\a\\b", L"connect", L"\\\\c\\d"}},
        {"lone high surrogate", 2, {L"connect", high}},
        {"lone low surrogate", 2, {L"connect", low}},
        {"high surrogate at the end", 2, {L"connect", end_high}},
        {"control character", 2, {L"connect", ctrl}},
        {"instance with a slash", 2, {L"--instance", L"no/slash"}},
        {"instance too long",
         2,
         {L"--instance", L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
        {"refresh 0", 2, {L"--refresh", L"0"}},
        {"refresh too large", 2, {L"--refresh", L"86401"}},
        {"refresh with junk", 2, {L"--refresh", L"12x"}},
        {"refresh negative", 2, {L"--refresh", L"-1"}},
        {"refresh with a space", 2, {L"--refresh", L" 5"}},
        {"scenario without a file", 1, {L"--scenario"}},
        {"a NULL argument", 2, {L"connect", NULL}},
        {"too many arguments",
         17,
         {L"--background", L"--background", L"--background", L"--background", L"--background",
          L"--background", L"--background", L"--background", L"--background", L"--background",
          L"--background", L"--background", L"--background", L"--background", L"--background",
          L"--background", L"--background"}},
        {"an over-long path", 2, {L"connect", long_arg}},
    };
    size_t i;

    wmemset(long_arg, L'x', HANDOFF_MAX_ARG_LEN + 1);
    long_arg[HANDOFF_MAX_ARG_LEN + 1] = 0;
    ok(handoff_parse(0, NULL, &cmd) && cmd.verb == HANDOFF_CMD_NONE, "empty command line\n");
    ok(handoff_parse(2, connect, &cmd) && cmd.verb == HANDOFF_CMD_CONNECT && cmd.path == connect[1],
       "connect PATH\n");
    ok(handoff_parse(9, full, &cmd) && cmd.background && !wcscmp(cmd.instance, L"t-1.x") &&
           !wcscmp(cmd.scenario, L"x.scenario") && cmd.refresh_s == 15 && cmd.verb == HANDOFF_CMD_CONNECT,
       "every option\n");
    ok(handoff_parse(1, show, &cmd) && cmd.verb == HANDOFF_CMD_SHOW, "show\n");
    ok(handoff_parse(1, exit_, &cmd) && cmd.verb == HANDOFF_CMD_EXIT, "exit\n");
    ok(handoff_parse(1, help, &cmd) && cmd.help, "help\n");
    connect[1] = pair;
    ok(parses(2, connect), "a surrogate pair is fine\n");
    long_arg[HANDOFF_MAX_ARG_LEN] = 0;
    connect[1] = long_arg;
    ok(parses(2, connect), "a 32767-unit path is fine\n");
    long_arg[HANDOFF_MAX_ARG_LEN] = L'x';
    for (i = 0; i < ARRAYSIZE(bad); i++) {
        memset(&cmd, 0xCC, sizeof(cmd));
        ok(!handoff_parse(bad[i].argc, bad[i].argv, &cmd), "%s accepted\n", bad[i].what);
        ok(cmd.verb == HANDOFF_CMD_NONE && !cmd.path, "%s: cmd not cleared\n", bad[i].what);
    }
    ok(!parses(-1, NULL) && !parses(1, NULL), "bad argc/argv\n");
    free(long_arg);
}

static void test_payloads(void)
{
    WCHAR *args[] = {L"connect", L"\\\\hka-fs01\\data\\m\u00e4pp \"x\""};
    WCHAR odd[] = {L'a', 0};
    WCHAR no_nul[] = {L'a', L'b'};
    WCHAR embedded[] = L"connect\0\\\\srv\\share\0evil\0";
    WCHAR exit_only[] = L"exit";
    WCHAR *many, *big, **argv;
    DWORD size = 0;
    int argc = -1, i;
    handoff_cmd cmd;
    WCHAR *packed = handoff_pack(2, args, &size);

    argv = handoff_unpack(packed, size, &argc);
    ok(argv && argc == 2 && !wcscmp(argv[0], args[0]) && !wcscmp(argv[1], args[1]) && !argv[2],
       "round trip\n");
    free(argv);
    argv = handoff_parse_payload(HANDOFF_COPYDATA_TAG, packed, size, &argc, &cmd);
    ok(argv && cmd.verb == HANDOFF_CMD_CONNECT && !wcscmp(cmd.path, args[1]), "payload parsed\n");
    free(argv);
    ok(!handoff_parse_payload(0x32544143u, packed, size, &argc, &cmd), "another tag accepted\n");
    free(packed);

    ok(!handoff_unpack(odd, 3, &argc), "odd byte count\n");
    ok(!handoff_unpack(odd, 0, &argc) && !handoff_unpack(NULL, 4, &argc), "empty data\n");
    ok(!handoff_unpack(no_nul, sizeof(no_nul), &argc), "no final NUL\n");
    argv =
        handoff_parse_payload(HANDOFF_COPYDATA_TAG, embedded, sizeof(embedded) - sizeof(WCHAR), &argc, &cmd);
    ok(!argv, "a path with an embedded NUL accepted\n");
    argv = handoff_parse_payload(HANDOFF_COPYDATA_TAG, exit_only, sizeof(exit_only), &argc, &cmd);
    ok(argv && cmd.verb == HANDOFF_CMD_EXIT, "the CLI's exit payload\n");
    free(argv);

    /* 17 strings; one string of 32768 units; more than HANDOFF_MAX_BYTES. */
    many = malloc(34 * sizeof(WCHAR));
    for (i = 0; i < 34; i++)
        many[i] = i % 2 ? 0 : L'x';
    ok(!handoff_unpack(many, 34 * sizeof(WCHAR), &argc), "17 arguments\n");
    ok(handoff_unpack(many, 32 * sizeof(WCHAR), &argc) != NULL, "16 arguments refused\n");
    free(many);
    big = malloc((HANDOFF_MAX_BYTES / sizeof(WCHAR) + 2) * sizeof(WCHAR));
    wmemset(big, L'x', HANDOFF_MAX_ARG_LEN + 1);
    big[HANDOFF_MAX_ARG_LEN + 1] = 0;
    ok(!handoff_unpack(big, (HANDOFF_MAX_ARG_LEN + 2) * sizeof(WCHAR), &argc), "32768-unit argument\n");
    big[HANDOFF_MAX_ARG_LEN] = 0;
    ok(handoff_unpack(big, (HANDOFF_MAX_ARG_LEN + 1) * sizeof(WCHAR), &argc) != NULL, "32767 refused\n");
    wmemset(big, L'x', HANDOFF_MAX_BYTES / sizeof(WCHAR) + 1);
    big[HANDOFF_MAX_BYTES / sizeof(WCHAR) + 1] = 0;
    ok(!handoff_unpack(big, HANDOFF_MAX_BYTES + 2 * sizeof(WCHAR), &argc), "over the byte limit\n");
    free(big);
    args[0] = L"connect";
    ok(!handoff_pack(-1, args, &size) && !handoff_pack(17, args, &size), "pack bounds\n");
}

static void test_names(void)
{
    WCHAR sid[200], mutex[HANDOFF_NAME_CCH], window[HANDOFF_NAME_CCH];
    ok(handoff_user_sid(sid, ARRAYSIZE(sid)) == ERROR_SUCCESS && !wcsncmp(sid, L"S-1-", 4), "SID %ls\n", sid);
    ok(handoff_names(L"default", mutex, window) == ERROR_SUCCESS, "names\n");
    /* The old names were "Local\ConnectAs.Tray.default" and "default": shared by every user of the session.
     */
    ok(wcsstr(mutex, sid) && !wcsncmp(mutex, L"Local\\ConnectAs.Tray.default.", 29), "mutex %ls\n", mutex);
    ok(wcsstr(window, sid) && wcscmp(window, L"default"), "window %ls\n", window);
    ok(handoff_names(L"no/slash", mutex, window) == ERROR_INVALID_PARAMETER, "bad instance\n");
    ok(handoff_names(NULL, mutex, NULL) == ERROR_INVALID_PARAMETER, "NULL instance\n");
    ok(handoff_user_sid(sid, 4) == ERROR_INSUFFICIENT_BUFFER, "small buffer\n");
}

static LONG accepted, refused;

static LRESULT CALLBACK receiver(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_COPYDATA) {
        const COPYDATASTRUCT *cds = (const COPYDATASTRUCT *)lp;
        handoff_cmd cmd;
        int argc;
        WCHAR **argv = handoff_parse_payload(cds->dwData, cds->lpData, cds->cbData, &argc, &cmd);
        InterlockedIncrement(argv ? &accepted : &refused);
        free(argv);
        return argv != NULL;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static void test_find_and_send(void)
{
    WNDCLASSW wc;
    WCHAR title[HANDOFF_NAME_CCH];
    WCHAR *args[] = {L"show"};
    WCHAR lone[] = {L'c', L'o', L'n', L'n', L'e', L'c', L't', 0, L'\\', L'\\', 0xD800, 0};
    HWND old_style, mine, found;
    DWORD size;
    WCHAR *packed;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = receiver;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = HANDOFF_WINDOW_CLASS;
    ok(RegisterClassW(&wc) != 0, "RegisterClass\n");
    /* A window titled only with the instance, as every user's tray was named before: not ours. */
    old_style = CreateWindowExW(0, HANDOFF_WINDOW_CLASS, L"handoff-test", WS_POPUP, 0, 0, 0, 0, HWND_MESSAGE,
                                NULL, wc.hInstance, NULL);
    ok(old_style != NULL, "old-style window\n");
    ok(handoff_find_tray(L"handoff-test") == NULL, "a window named only by the instance is taken\n");
    handoff_names(L"handoff-test", NULL, title);
    mine = CreateWindowExW(0, HANDOFF_WINDOW_CLASS, title, WS_POPUP, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                           wc.hInstance, NULL);
    found = handoff_find_tray(L"handoff-test");
    ok(mine && found == mine, "own tray window not found (%p, %p)\n", (void *)found, (void *)mine);
    ok(handoff_window_is_mine(mine), "own window is not mine\n");
    ok(!handoff_window_is_mine(NULL), "NULL is mine\n");
    ok(handoff_find_tray(L"other-instance") == NULL, "another instance found\n");
    /* Another user's tray cannot be made under Wine (one user, one token); handoff_window_is_mine compares
     * the token users, and a process it cannot open counts as not ours. */

    packed = handoff_pack(1, args, &size);
    ok(handoff_send(found, packed, size, 5000) == ERROR_SUCCESS && accepted == 1, "show not accepted\n");
    free(packed);
    ok(handoff_send(found, lone, sizeof(lone), 5000) == ERROR_INVALID_DATA && refused == 1,
       "a lone surrogate accepted\n");
    ok(handoff_send(NULL, lone, sizeof(lone), 5000) == ERROR_INVALID_PARAMETER, "NULL window\n");
    DestroyWindow(mine);
    ok(!handoff_window_is_mine(mine), "a destroyed window is mine\n");
    DestroyWindow(old_style);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_grammar();
    test_payloads();
    test_names();
    test_find_and_send();
    return th_finish();
}
