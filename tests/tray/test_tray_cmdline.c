/* The tray's command line and the packing of forwarded command lines (no UI). */
#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "tray.h"

static void test_parse(void)
{
    tray_cmd c;
    WCHAR *a1[] = {L"connect", L"\\\\srv\\share\\a b"};
    WCHAR *a2[] = {L"--scenario", L"x.scenario", L"--background", L"--refresh",
                   L"15",         L"--instance", L"t-1.x"};
    WCHAR *a3[] = {L"show"};
    WCHAR *a4[] = {L"exit"};
    WCHAR *bad1[] = {L"connect"};
    WCHAR *bad2[] = {L"--scenario"};
    WCHAR *bad3[] = {L"--frobnicate"};
    WCHAR *bad4[] = {L"--instance", L"no/slash"};
    WCHAR *bad5[] = {L"--refresh", L"0"};
    WCHAR *bad6[] = {L"show", L"exit"};
    WCHAR *bad7[] = {L"--refresh", L"12x"};

    ok(tray_cmd_parse(0, NULL, &c) && c.verb == TRAY_VERB_NONE && !c.background, "empty command line\n");
    ok(tray_cmd_parse(2, a1, &c) && c.verb == TRAY_VERB_CONNECT && !wcscmp(c.path, a1[1]), "connect PATH\n");
    ok(tray_cmd_parse(7, a2, &c) && !wcscmp(c.scenario, L"x.scenario") && c.background && c.refresh_s == 15 &&
           !wcscmp(c.instance, L"t-1.x") && c.verb == TRAY_VERB_NONE,
       "options\n");
    ok(tray_cmd_parse(1, a3, &c) && c.verb == TRAY_VERB_SHOW, "show\n");
    ok(tray_cmd_parse(1, a4, &c) && c.verb == TRAY_VERB_EXIT, "exit\n");
    ok(!tray_cmd_parse(1, bad1, &c) && c.bad && !wcscmp(c.bad, L"connect"), "connect without a path\n");
    ok(!tray_cmd_parse(1, bad2, &c), "--scenario without a file\n");
    ok(!tray_cmd_parse(1, bad3, &c) && c.bad && !wcscmp(c.bad, L"--frobnicate"), "unknown option\n");
    ok(!tray_cmd_parse(2, bad4, &c), "instance name with a slash\n");
    ok(!tray_cmd_parse(2, bad5, &c), "refresh 0\n");
    ok(!tray_cmd_parse(2, bad6, &c), "two verbs\n");
    ok(!tray_cmd_parse(2, bad7, &c), "refresh with junk\n");
    ok(tray_instance_name_ok(L"default") && !tray_instance_name_ok(L"") && !tray_instance_name_ok(NULL) &&
           !tray_instance_name_ok(L"a b"),
       "instance names\n");
}

static void round_trip(int argc, WCHAR **argv)
{
    DWORD size = 0;
    WCHAR *packed = tray_args_pack(argc, argv, &size), **back;
    int n = -1, i;
    ok(packed != NULL && size > 0 && size % sizeof(WCHAR) == 0, "pack %d args: size %lu\n", argc, size);
    if (!packed)
        return;
    back = tray_args_unpack(packed, size, &n);
    ok(back != NULL && n == argc, "unpack gives %d of %d args\n", n, argc);
    for (i = 0; back && i < argc && i < n; i++)
        ok(!wcscmp(back[i], argv[i]), "arg %d: %ls, want %ls\n", i, back[i], argv[i]);
    ok(!back || back[n] == NULL, "argv is NULL-terminated\n");
    free(back);
    free(packed);
}

static void test_pack(void)
{
    WCHAR *a1[] = {L"connect", L"\\\\hka-fs01\\data\\mäpp \"x\""};
    WCHAR *a2[] = {L"--scenario", L"", L"show"};
    WCHAR *big[1] = {NULL};
    WCHAR bad_odd[] = {L'a', 0};
    WCHAR no_nul[] = {L'a', L'b'};
    int n = 0;
    DWORD size = 0;
    round_trip(0, NULL);
    round_trip(2, a1);
    round_trip(3, a2);
    ok(tray_args_unpack(bad_odd, 3, &n) == NULL, "odd byte count accepted\n");
    ok(tray_args_unpack(no_nul, sizeof(no_nul), &n) == NULL, "data without the final NUL accepted\n");
    ok(tray_args_unpack(NULL, 4, &n) == NULL && tray_args_unpack(bad_odd, 0, &n) == NULL,
       "empty data accepted\n");
    big[0] = malloc(200000 * sizeof(WCHAR));
    if (big[0]) {
        wmemset(big[0], L'x', 199999);
        big[0][199999] = 0;
        ok(tray_args_pack(1, big, &size) == NULL, "a 400 KB command line is packed\n");
        free(big[0]);
    }
}

static LONG received;

static LRESULT CALLBACK takes_all(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_COPYDATA) {
        InterlockedIncrement(&received);
        return TRUE;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* Issue 12, finding 6: single instance per logon session AND user. A mutex or window named only after the
 * instance (what another user's tray, or anyone, can hold) neither blocks this user's tray nor receives its
 * command lines. */
static void test_per_user(void)
{
    WCHAR *args[] = {L"connect", L"\\\\srv\\share"};
    HANDLE foreign, mine;
    WNDCLASSW wc;
    HWND other;
    int existing = -1;

    foreign = CreateMutexW(NULL, TRUE, L"Local\\ConnectAs.Tray.per-user-test");
    mine = tray_instance_claim(L"per-user-test", &existing);
    ok(mine != NULL && existing == 0, "a mutex named only after the instance blocks this user's tray\n");
    if (mine)
        CloseHandle(mine);
    CloseHandle(foreign);

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = takes_all;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = TRAY_MSG_CLASS;
    RegisterClassW(&wc);
    other = CreateWindowExW(0, TRAY_MSG_CLASS, L"per-user-test", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                            wc.hInstance, NULL);
    ok(other != NULL, "window\n");
    ok(tray_instance_forward(L"per-user-test", 2, args, 200) == ERROR_NOT_FOUND && received == 0,
       "a command line went to a window named only after the instance\n");
    DestroyWindow(other);
}

/* Issue 12, finding 5: forwarded command lines are parsed with bounds (common/win/handoff.c). */
static void test_hostile(void)
{
    WCHAR lone[] = {L'\\', L'\\', L's', L'\\', L'd', 0xD800, 0};
    WCHAR ctrl[] = {L'\\', L'\\', L's', L'\\', L'd', 0x07, 0};
    WCHAR *a1[] = {L"connect", lone}, *a2[] = {L"connect", ctrl};
    WCHAR payload[] = L"connect\0\\\\srv\\share\0evil\0";
    WCHAR **argv;
    int argc = 0;
    tray_cmd c;
    ok(!tray_cmd_parse(2, a1, &c), "a path with a lone surrogate\n");
    ok(!tray_cmd_parse(2, a2, &c), "a path with a control character\n");
    argv = tray_args_unpack(payload, sizeof(payload) - sizeof(WCHAR), &argc);
    ok(argv && argc == 3 && !tray_cmd_parse(argc, argv, &c), "a path split by an embedded NUL\n");
    free(argv);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_parse();
    test_pack();
    test_per_user();
    test_hostile();
    return th_finish();
}
