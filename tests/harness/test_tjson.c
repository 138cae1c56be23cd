/* Tests of the tests' JSON reader: it must accept valid output and reject malformed text. */
#include <string.h>

#include "harness.h"
#include "tjson.h"

int main(int argc, char **argv)
{
    static const char *const bad[] = {"",        "{",        "[1,]",  "{\"a\":1,}", "{'a':1}",     "01",
                                      "\"\\x\"", "\"a\nb\"", "[1] 2", "{\"a\" 1}",  "\"\\ud800\"", "nul",
                                      "-"};
    char err[128];
    tjson *v;
    size_t i;
    th_init(argc, argv);

    v = tjson_parse(" {\"verdict\":\"conflict\",\"requested_user\":null,\"n\":-1.5e2,"
                    "\"conflicts\":[{\"local\":\"O:\",\"remote\":\"\\\\\\\\hka-fs01\\\\data\"},"
                    "{\"local\":null}],\"u\":\"\\u00e9\\ud83d\\ude00\",\"t\":true} ",
                    err, sizeof(err));
    ok(v != NULL, "valid JSON rejected: %s\n", err);
    if (v) {
        ok(!strcmp(tjson_str(v, "verdict"), "conflict"), "verdict\n");
        ok(tjson_is_null(v, "requested_user"), "null member\n");
        ok(tjson_len(v, "conflicts") == 2, "array length %ld\n", tjson_len(v, "conflicts"));
        ok(!strcmp(tjson_str(v, "conflicts[0].local"), "O:"), "nested member\n");
        ok(!strcmp(tjson_str(v, "conflicts[0].remote"), "\\\\hka-fs01\\data"),
           "escaped backslashes decoded\n");
        ok(tjson_is_null(v, "conflicts[1].local"), "null in array element\n");
        ok(tjson_get(v, "conflicts[2]") == NULL, "out of range index\n");
        ok(tjson_get(v, "n")->number == -150.0, "number\n");
        ok(!strcmp(tjson_str(v, "u"), "\xc3\xa9\xf0\x9f\x98\x80"), "unicode escapes and surrogates\n");
        ok(tjson_get(v, "t")->boolean == 1, "true\n");
        ok(tjson_str(v, "missing") == NULL, "absent member\n");
        {
            char buf[32];
            ok(tjson_join(v, "conflicts", "local", buf, sizeof(buf)) == 2 && !strcmp(buf, "O: -"),
               "join of members: [%s]\n", buf);
            ok(tjson_join(v, "verdict", "local", buf, sizeof(buf)) == -1, "join of a non-array\n");
        }
        tjson_free(v);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        v = tjson_parse(bad[i], err, sizeof(err));
        ok(v == NULL, "malformed JSON accepted: [%s]\n", bad[i]);
        tjson_free(v);
    }
    return th_finish();
}
