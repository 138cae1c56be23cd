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

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_parse();
    test_pack();
    return th_finish();
}
