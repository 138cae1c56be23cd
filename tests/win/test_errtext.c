/* Tests of the error sentences: every code of the rules' error table has English, Dutch and German text. */
#include <windows.h>

#include <string.h>

#include "harness.h"
#include "resource_ids.h"
#include "winutil.h"

/* The codes of the error table in the 1219 rules (user-facing text for each). */
static const DWORD table[] = {5,    53,   67,   85,   86,   1202, 1219, 1222, 1223, 1244, 1272, 1311, 1326,
                              1327, 1330, 1331, 1385, 1396, 1793, 1907, 1909, 2202, 2250, 2401, 2404};

/* Reads string id in one language straight from the string-table block (LoadString follows the UI language).
 */
static int load_string_lang(UINT id, WORD lang, WCHAR *buf, int len)
{
    HRSRC res = FindResourceExW(NULL, (LPCWSTR)RT_STRING, MAKEINTRESOURCEW(id / 16 + 1), lang);
    const WCHAR *p;
    int i, n;
    buf[0] = 0;
    if (!res)
        return 0;
    p = LockResource(LoadResource(NULL, res));
    if (!p)
        return 0;
    for (i = 0; i < (int)(id & 15); i++)
        p += *p + 1;
    n = *p < len - 1 ? *p : len - 1;
    memcpy(buf, p + 1, n * sizeof(WCHAR));
    buf[n] = 0;
    return n;
}

int main(int argc, char **argv)
{
    static const struct {
        WORD lang;
        const char *name;
    } langs[] = {
        {MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), "English"},
        {MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH), "Dutch"},
        {MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), "German"},
    };
    WCHAR text[1024], en[512], other[512];
    size_t i, l;
    th_init(argc, argv);

    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        for (l = 0; l < sizeof(langs) / sizeof(langs[0]); l++)
            ok(load_string_lang(IDS_ERROR_BASE + table[i], langs[l].lang, other, 512) > 5,
               "code %lu has no %s sentence\n", table[i], langs[l].name);
        load_string_lang(IDS_ERROR_BASE + table[i], langs[0].lang, en, 512);
        load_string_lang(IDS_ERROR_BASE + table[i], langs[1].lang, other, 512);
        ok(wcscmp(en, other) != 0, "code %lu: Dutch text is the English one\n", table[i]);
    }

    /* The sentence for users, then the system's own message, never empty. */
    win_error_sentence(NULL, 86, text, ARRAYSIZE(text));
    load_string_lang(IDS_ERROR_BASE + 86, langs[0].lang, en, 512);
    ok(wcsstr(text, en) != NULL || broken(text[0] != 0), "86 gives the table's sentence: %ls\n", text);
    win_error_sentence(NULL, 1219, text, ARRAYSIZE(text));
    ok(wcslen(text) > 20, "1219 sentence: %ls\n", text);
    win_error_sentence(NULL, 4242, text, ARRAYSIZE(text));
    trace("a code outside the table falls back to the system text: %ls\n", text);
    win_error_sentence(NULL, 86, text, 8);
    ok(wcslen(text) == 7, "truncated to the buffer: %zu\n", wcslen(text));
    return th_finish();
}
