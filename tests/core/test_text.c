/* Tests of the shared text helpers: ASCII case folding, quoting lengths, list joins, fitting copies. */
#include <string.h>

#include "harness.h"
#include "text.h"

static const char *joined(const char *const *items, size_t n)
{
    static char buf[128];
    strbuf sb;
    strbuf_init(&sb);
    text_join(&sb, items, n);
    snprintf(buf, sizeof(buf), "%s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
    return buf;
}

int main(int argc, char **argv)
{
    static const char *const drives[] = {"O:", "W:", "Y:"};
    static const char *const gaps[] = {NULL, "O:", NULL, "W:"};
    char buf[8];
    char long_text[100];
    th_init(argc, argv);
    ok(text_fold('A') == 'a' && text_fold('z') == 'z' && text_fold(0xC3) == 0xC3 && text_fold('[') == '[',
       "ASCII only\n");
    ok(text_eq_ci("FS01.Corp", "fs01.corp") && !text_eq_ci("fs01", "fs01.") && !text_eq_ci(NULL, "a") &&
           !text_eq_ci("\xC3\x89", "\xC3\xA9"),
       "equal ignoring ASCII case only\n");
    ok(text_cmp_ci("abc", "ABD") < 0 && text_cmp_ci("b", "A") > 0 && text_cmp_ci("", "") == 0, "ordering\n");
    ok(text_eq_ci_n("HOST01x", "host01y", 6) && !text_eq_ci_n("HOST01", "hosT02", 6) &&
           text_eq_ci_n("ab", "AB", 5),
       "prefix comparison\n");
    ok(!strcmp(joined(drives, 1), "O:") && !strcmp(joined(drives, 2), "O: and W:") &&
           !strcmp(joined(drives, 3), "O:, W: and Y:") && !strcmp(joined(drives, 0), ""),
       "English lists: %s\n", joined(drives, 3));
    ok(!strcmp(joined(gaps, 4), "O: and W:"), "NULL items skipped: %s\n", joined(gaps, 4));
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = 0;
    ok(text_quote_len("short") == 5 && text_quote_len(long_text) == 60, "quote length capped at 60\n");
    memcpy(long_text + 58, "\xC3\xA9", 2); /* é across the cut at 60: bytes 58, 59 — fits */
    long_text[59] = (char)0xE2;            /* a 3-byte sequence starting at 59 does not fit */
    long_text[60] = (char)0x82;
    long_text[61] = (char)0xAC;
    ok(text_quote_len(long_text) == 59, "cut before a split character: %d\n", text_quote_len(long_text));
    text_copy_fit(buf, sizeof(buf),
                  "abc\xE2\x82\xAC"
                  "def"); /* 'abc€' is 6 bytes, then 'd' at 7 */
    ok(!strcmp(buf, "abc\xE2\x82\xAC"
                    "d"),
       "fits 7 bytes: %s\n", buf);
    text_copy_fit(buf, 6, "abcd\xE2\x82\xAC");
    ok(!strcmp(buf, "abcd"), "no half character: %s\n", buf);
    text_copy_fit(buf, sizeof(buf), NULL);
    ok(buf[0] == 0, "NULL copies as empty\n");
    return th_finish();
}
