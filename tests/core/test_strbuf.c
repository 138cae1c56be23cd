/* Tests of the text buffer: growth, NULL safety, JSON escaping and invalid UTF-8 handling. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "strbuf.h"
#include "tjson.h"

/* Renders s as a JSON string literal into a static buffer for comparisons. */
static const char *json_of(const char *s)
{
    static char buf[512];
    strbuf sb;
    strbuf_init(&sb);
    strbuf_add_json_string(&sb, s);
    snprintf(buf, sizeof(buf), "%s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
    return buf;
}

static void test_basics(void)
{
    strbuf sb;
    size_t i;
    strbuf_init(&sb);
    ok(!strcmp(strbuf_str(&sb), "") && sb.len == 0 && sb.data == NULL, "empty buffer reads as \"\"\n");
    strbuf_add(&sb, "abc");
    strbuf_addn(&sb, "defgh", 2);
    strbuf_addf(&sb, "-%d-%s", 42, "x");
    ok(!strcmp(strbuf_str(&sb), "abcde-42-x") && sb.len == 10, "appended: %s\n", strbuf_str(&sb));
    for (i = 0; i < 1000; i++)
        strbuf_addf(&sb, "%04zu", i);
    ok(sb.len == 10 + 4000 && !sb.failed, "grows to %zu bytes\n", sb.len);
    ok(!strncmp(strbuf_str(&sb) + 10, "00000001", 8) && !strcmp(strbuf_str(&sb) + sb.len - 4, "0999"),
       "content kept while growing\n");
    ok(strlen(strbuf_str(&sb)) == sb.len, "NUL-terminated\n");
    strbuf_cleanup(&sb);
    ok(sb.data == NULL && sb.len == 0 && sb.cap == 0, "cleanup zeroes\n");
    strbuf_cleanup(&sb); /* twice is fine */

    /* NULL never crashes. */
    strbuf_init(NULL);
    strbuf_add(NULL, "x");
    strbuf_addn(NULL, "x", 1);
    strbuf_addf(NULL, "%d", 1);
    strbuf_add_json_string(NULL, "x");
    strbuf_add_json_member(NULL, "{\"a\": ", "x");
    strbuf_cleanup(NULL);
    ok(!strcmp(strbuf_str(NULL), ""), "strbuf_str(NULL) is \"\"\n");
    strbuf_init(&sb);
    strbuf_add_json_member(&sb, "{\"a\": ", "q\"");
    strbuf_add_json_member(&sb, ", \"b\": ", NULL);
    ok(!strcmp(strbuf_str(&sb), "{\"a\": \"q\\\"\", \"b\": null"), "members: %s\n", strbuf_str(&sb));
    strbuf_cleanup(&sb);
    strbuf_init(&sb);
    strbuf_add(&sb, NULL);
    strbuf_addn(&sb, NULL, 3);
    ok(sb.len == 0, "adding NULL adds nothing\n");
    strbuf_add(&sb, "");
    ok(!strcmp(strbuf_str(&sb), ""), "adding \"\" keeps it empty\n");
    strbuf_cleanup(&sb);
}

struct esc_case {
    const char *in, *want;
};

static const struct esc_case escapes[] = {
    {"plain", "\"plain\""},
    {"", "\"\""},
    {"say \"hi\"", "\"say \\\"hi\\\"\""},
    {"\\\\hka-fs01\\data", "\"\\\\\\\\hka-fs01\\\\data\""},
    {"a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\""},
    {"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\""},
    {"/slash stays", "\"/slash stays\""},
    {"J\xc3\xbcrgen \xe2\x82\xac \xf0\x9f\x98\x80", "\"J\xc3\xbcrgen \xe2\x82\xac \xf0\x9f\x98\x80\""},
    /* Invalid UTF-8 becomes U+FFFD (EF BF BD), one per maximal ill-formed part. */
    {"a\x80z", "\"a\xef\xbf\xbdz\""},
    {"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},                 /* overlong '/' */
    {"\xe2\x82", "\"\xef\xbf\xbd\""},                             /* truncated at the end */
    {"\xe2\x82x", "\"\xef\xbf\xbdx\""},                           /* truncated in the middle */
    {"\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""}, /* surrogate D800 */
    {"\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""}, /* above U+10FFFF */
    {"\xf5z", "\"\xef\xbf\xbdz\""},
    {"\xff", "\"\xef\xbf\xbd\""},
};

static void test_json_escaping(void)
{
    size_t i;
    for (i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
        const char *got = json_of(escapes[i].in);
        char err[128];
        tjson *j;
        th_push_context("escape case %zu", i);
        ok(!strcmp(got, escapes[i].want), "got %s, want %s\n", got, escapes[i].want);
        j = tjson_parse(got, err, sizeof(err));
        ok(j && j->type == TJSON_STRING, "parses back as a JSON string: %s\n", j ? "" : err);
        tjson_free(j);
        th_pop_context();
    }
    ok(!strcmp(json_of(NULL), "null"), "NULL is null\n");
}

/* Every valid string comes back unchanged through a JSON parser. */
static void test_json_round_trip(void)
{
    static const char *const texts[] = {
        "\\\\hka-fs01\\data\\machine\\300",
        "IAI\\bp",
        "tab\there",
        "quote\"and\\backslash",
        "ctl\x01\x02\x03\x1e",
        "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x93\x81",
        "line\nbreaks\r\n",
    };
    size_t i;
    char err[128];
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        tjson *j = tjson_parse(json_of(texts[i]), err, sizeof(err));
        ok(j && j->type == TJSON_STRING && !strcmp(j->string, texts[i]), "round trip %zu: %s\n", i,
           j ? "" : err);
        tjson_free(j);
    }
    /* Every single byte value, in a string of its own, yields valid JSON. */
    for (i = 1; i < 256; i++) {
        char s[2] = {(char)i, 0};
        tjson *j = tjson_parse(json_of(s), err, sizeof(err));
        if (!ok(j != NULL, "byte 0x%02zx gives valid JSON: %s\n", i, j ? "" : err)) {
            tjson_free(j);
            break;
        }
        tjson_free(j);
    }
}

static void test_long_json(void)
{
    strbuf sb;
    char *big = malloc(100001);
    size_t i;
    if (!big) {
        skip("no memory for the long string\n");
        return;
    }
    for (i = 0; i < 100000; i++)
        big[i] = i % 7 == 0 ? '"' : 'a';
    big[100000] = 0;
    strbuf_init(&sb);
    strbuf_add_json_string(&sb, big);
    ok(!sb.failed && sb.len == 100000 + 14286 + 2, "long string escaped to %zu bytes\n", sb.len);
    strbuf_cleanup(&sb);
    free(big);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_basics();
    test_json_escaping();
    test_json_round_trip();
    test_long_json();
    return th_finish();
}
