/* Tests of the Wine rig (tests/wine/wine-run): a pinned UI language and profile folders of its own. */
#include <windows.h>
#include <shlobj.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"

/* The UI language is the one the rig pins (WINE_RIG_LANG), whatever the
 * caller's LANG/LC_ALL: ctest sets Dutch ones for this test. */
static void test_language(LANGID want)
{
    LANGID ui = GetUserDefaultUILanguage(), thread = GetThreadUILanguage();
    if (!th_on_wine()) {
        skip("on Windows the UI language is the user's (%04x); th_english_ui() says %d\n", ui,
             th_english_ui());
        return;
    }
    ok(ui == want, "UI language %04x, want %04x\n", ui, want);
    ok(thread == want, "thread UI language %04x, want %04x\n", thread, want);
    ok(th_english_ui() == (PRIMARYLANGID(want) == LANG_ENGLISH), "th_english_ui() says %d for %04x\n",
       th_english_ui(), ui);
}

/* A file made in a profile folder stays in the private prefix: wineboot links
 * Desktop, Documents… to the Unix home directory, which every run would share. */
static void test_profile_folder(REFKNOWNFOLDERID id, const char *name)
{
    WCHAR *dir = NULL, home[MAX_PATH], file[MAX_PATH], outside[2 * MAX_PATH];
    HANDLE h;
    DWORD n;

    th_push_context("%s", name);
    if (!th_on_wine()) {
        skip("only the Wine rig's prefix is checked\n");
        th_pop_context();
        return;
    }
    /* Wine names the Unix home directory as an NT path, "\\??\\Z:\\home\\user". */
    n = GetEnvironmentVariableW(L"WINEHOMEDIR", home, MAX_PATH);
    ok(n > 4 && n < MAX_PATH && !wcsncmp(home, L"\\??\\", 4), "WINEHOMEDIR is [%ls]\n", n ? home : L"");
    ok(SUCCEEDED(SHGetKnownFolderPath(id, 0, NULL, &dir)) && dir, "no %s folder\n", name);
    if (!dir || n <= 4 || n >= MAX_PATH) {
        CoTaskMemFree(dir);
        th_pop_context();
        return;
    }
    _snwprintf(file, MAX_PATH, L"%ls\\connectas-rig-%lu.txt", dir, GetCurrentProcessId());
    file[MAX_PATH - 1] = 0;
    h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "cannot create %ls: %lu\n", file, GetLastError());
    if (h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        _snwprintf(outside, ARRAYSIZE(outside), L"%ls\\connectas-rig-%lu.txt", home + 4,
                   GetCurrentProcessId());
        outside[ARRAYSIZE(outside) - 1] = 0;
        ok(GetFileAttributesW(outside) == INVALID_FILE_ATTRIBUTES,
           "%ls appeared in the home directory (%ls)\n", file, outside);
        DeleteFileW(file);
    }
    CoTaskMemFree(dir);
    th_pop_context();
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_language(argc > 1 && !strcmp(argv[1], "nl") ? MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH)
                                                     : MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    CoInitialize(NULL);
    test_profile_folder(&FOLDERID_Desktop, "Desktop");
    test_profile_folder(&FOLDERID_Documents, "Documents");
    CoUninitialize();
    return th_finish();
}
