/* Tests of account-name parsing and the R3 comparison (common/core/acct.c). */
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "harness.h"

struct parse_case {
    const char *what;
    const char *text;
    acct_form form;
    const char *domain, *name;
};

static const struct parse_case parsed[] = {
    {"plain", "bob", ACCT_PLAIN, "", "bob"},
    {"domain", "CORP\\bob", ACCT_DOMAIN, "CORP", "bob"},
    {"DNS domain", "corp.example\\bob", ACCT_DOMAIN, "corp.example", "bob"},
    {"local machine", ".\\bob", ACCT_LOCAL, ".", "bob"},
    {"UPN", "bob@corp.example", ACCT_UPN, "corp.example", "bob"},
    {"UPN split at the last @", "bob@home@corp.example", ACCT_UPN, "corp.example", "bob@home"},
    {"@ in a domain user name", "CORP\\bob@x", ACCT_DOMAIN, "CORP", "bob@x"},
    {"space inside", "CORP\\John Smith", ACCT_DOMAIN, "CORP", "John Smith"},
    {"non-ASCII", "CORP\\J\xc3\xb6rg", ACCT_DOMAIN, "CORP", "J\xc3\xb6rg"},
    {"service account with $", "CORP\\host01$", ACCT_DOMAIN, "CORP", "host01$"},
};

struct reject_case {
    const char *what;
    const char *text;
    const char *message;
};

static const struct reject_case rejected[] = {
    {"empty", "", "empty account name"},
    {"white space only", " \t ", "only white space"},
    {"leading space", " bob", "white space at its start or end"},
    {"trailing tab", "bob\t", "white space at its start or end"},
    {"two backslashes", "A\\B\\bob", "more than one '\\'"},
    {"empty domain", "\\bob", "empty domain before '\\'"},
    {"empty user after domain", "CORP\\", "empty user name after '\\'"},
    {"empty UPN user", "@corp.example", "empty user name before '@'"},
    {"empty UPN domain", "bob@", "empty domain after '@'"},
    {"double quote", "bo\"b", "'\"' is not allowed in a user name"},
    {"slash", "CORP/bob", "'/' is not allowed in a user name"},
    {"open bracket", "b[ob", "'['"},
    {"close bracket", "b]ob", "']'"},
    {"colon", "b:ob", "':'"},
    {"semicolon", "b;ob", "';'"},
    {"pipe", "b|ob", "'|'"},
    {"equals", "b=ob", "'='"},
    {"comma", "b,ob", "','"},
    {"plus", "b+ob", "'+'"},
    {"star", "b*ob", "'*'"},
    {"question mark", "b?ob", "'?'"},
    {"less-than", "b<ob", "'<'"},
    {"greater-than", "b>ob", "'>'"},
    {"control character", "b\001ob", "control character U+0001 is not allowed in a user name"},
    {"bad character in domain", "CO*RP\\bob", "'*' is not allowed in a domain"},
    {"bad character in UPN suffix", "bob@corp:example", "':' is not allowed in a domain"},
};

struct compare_case {
    const char *what;
    const char *a, *b;
    acct_match want;
};

static const struct compare_case compared[] = {
    {"R3: identical", "CORP\\bob", "CORP\\bob", ACCT_MATCH_SAME},
    {"R3: case only", "corp\\BOB", "CORP\\bob", ACCT_MATCH_SAME},
    {"R3: plain, identical", "bob", "BOB", ACCT_MATCH_SAME},
    {"R3: bob vs CORP\\bob is spelling", "bob", "CORP\\bob", ACCT_MATCH_SPELLING},
    {"R3: CORP\\bob vs bob is spelling", "CORP\\bob", "bob", ACCT_MATCH_SPELLING},
    {"R3: bob vs bob@corp.example is spelling", "bob", "bob@corp.example", ACCT_MATCH_SPELLING},
    {"R3: CORP\\bob vs bob@corp.example is spelling", "CORP\\bob", "bob@corp.example", ACCT_MATCH_SPELLING},
    {"R3: corp.example\\bob vs bob@corp.example is spelling", "corp.example\\bob", "bob@CORP.EXAMPLE",
     ACCT_MATCH_SPELLING},
    {"R3: CORP\\bob vs corp.example\\bob is spelling", "CORP\\bob", "corp.example\\bob", ACCT_MATCH_SPELLING},
    {"R3: .\\bob vs bob is spelling", ".\\bob", "bob", ACCT_MATCH_SPELLING},
    {"R3: bob vs .\\bob is spelling", "bob", ".\\Bob", ACCT_MATCH_SPELLING},
    {"R3: CORP\\bob vs OTHER\\bob is different", "CORP\\bob", "OTHER\\bob", ACCT_MATCH_DIFFERENT},
    {"R3: .\\bob vs CORP\\bob is different", ".\\bob", "CORP\\bob", ACCT_MATCH_DIFFERENT},
    {"R3: .\\bob vs bob@corp.example is different", ".\\bob", "bob@corp.example", ACCT_MATCH_DIFFERENT},
    {"R3: UPN suffix of another domain", "CORP\\bob", "bob@other.example", ACCT_MATCH_DIFFERENT},
    {"R3: two UPN suffixes", "bob@a.example", "bob@b.example", ACCT_MATCH_DIFFERENT},
    {"R3: same first label, different DNS domains", "corp.a\\bob", "bob@corp.b", ACCT_MATCH_DIFFERENT},
    {"R3: other user", "CORP\\bob", "CORP\\alice", ACCT_MATCH_DIFFERENT},
    {"R3: other plain user", "bob", "alice", ACCT_MATCH_DIFFERENT},
    {"R3: prefix is not the name", "bob", "CORP\\bobby", ACCT_MATCH_DIFFERENT},
    {"unparseable is different", "", "", ACCT_MATCH_DIFFERENT},
    {"unparseable one side", "bob", "a\\b\\bob", ACCT_MATCH_DIFFERENT},
};

static void test_parse(void)
{
    size_t i;
    for (i = 0; i < sizeof(parsed) / sizeof(parsed[0]); i++) {
        const struct parse_case *c = &parsed[i];
        acct_name a;
        ca_error err = {{0}, 0};
        th_push_context("parse %s", c->what);
        ok(acct_parse(c->text, &a, &err) == CA_OK, "parsed: %s\n", err.msg);
        ok(a.form == c->form, "form %d\n", (int)a.form);
        ok(!strcmp(a.text, c->text), "text kept as typed: %s\n", a.text);
        ok(!strcmp(a.domain, c->domain), "domain \"%s\"\n", a.domain);
        ok(!strcmp(a.name, c->name), "name \"%s\"\n", a.name);
        th_pop_context();
    }
}

static void test_reject(void)
{
    size_t i;
    for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++) {
        const struct reject_case *c = &rejected[i];
        acct_name a;
        ca_error err = {{0}, 0};
        th_push_context("reject %s", c->what);
        ok(acct_parse(c->text, &a, &err) == CA_ERR_INVALID, "rejected\n");
        ok(strstr(err.msg, c->message) != NULL, "message \"%s\" lacks \"%s\"\n", err.msg, c->message);
        ok(!a.text[0] && !a.name[0] && !a.domain[0], "out cleared\n");
        th_pop_context();
    }
    {
        acct_name a;
        ok(acct_parse(NULL, &a, NULL) == CA_ERR_INVALID, "NULL text, NULL err\n");
    }
}

/* Length limits: exactly at the limit passes, one over fails. */
static void test_limits(void)
{
    char text[1200];
    acct_name a;
    ca_error err = {{0}, 0};

    memset(text, 'u', ACCT_MAX_NAME);
    text[ACCT_MAX_NAME] = 0;
    ok(acct_parse(text, &a, &err) == CA_OK && strlen(a.name) == ACCT_MAX_NAME, "user of %d: %s\n",
       ACCT_MAX_NAME, err.msg);
    text[ACCT_MAX_NAME] = 'u';
    text[ACCT_MAX_NAME + 1] = 0;
    ok(acct_parse(text, &a, &err) == CA_ERR_INVALID && strstr(err.msg, "user name is longer than 256"),
       "user over %d: %s\n", ACCT_MAX_NAME, err.msg);

    memset(text, 'd', ACCT_MAX_DOMAIN);
    text[ACCT_MAX_DOMAIN] = '\\';
    memset(text + ACCT_MAX_DOMAIN + 1, 'u', ACCT_MAX_NAME);
    text[ACCT_MAX_DOMAIN + 1 + ACCT_MAX_NAME] = 0;
    ok(acct_parse(text, &a, &err) == CA_OK && strlen(a.domain) == ACCT_MAX_DOMAIN &&
           strlen(a.name) == ACCT_MAX_NAME,
       "domain of %d and user of %d: %s\n", ACCT_MAX_DOMAIN, ACCT_MAX_NAME, err.msg);

    memset(text, 'w', 600);
    text[600] = 0;
    ok(acct_parse(text, &a, &err) == CA_ERR_INVALID && strstr(err.msg, "longer than 513"),
       "whole text over %d: %s\n", ACCT_MAX_TEXT, err.msg);

    memset(text, 'd', ACCT_MAX_DOMAIN + 1);
    strcpy(text + ACCT_MAX_DOMAIN + 1, "\\bob");
    ok(acct_parse(text, &a, &err) == CA_ERR_INVALID && strstr(err.msg, "domain is longer than 255"),
       "domain over %d: %s\n", ACCT_MAX_DOMAIN, err.msg);
    ok(strlen(err.msg) < 300, "message quotes a short excerpt\n");
}

static void test_compare(void)
{
    size_t i;
    for (i = 0; i < sizeof(compared) / sizeof(compared[0]); i++) {
        const struct compare_case *c = &compared[i];
        acct_match got = acct_compare_text(c->a, c->b);
        th_push_context("compare %s", c->what);
        ok(got == c->want, "'%s' vs '%s': got %d, want %d\n", c->a, c->b, (int)got, (int)c->want);
        ok(acct_compare_text(c->b, c->a) == got, "symmetric\n");
        th_pop_context();
    }
    {
        acct_name a, b;
        acct_parse("CORP\\bob", &a, NULL);
        acct_parse("bob@corp.example", &b, NULL);
        ok(acct_compare(&a, &b) == ACCT_MATCH_SPELLING, "acct_compare on parsed names\n");
    }
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_parse();
    test_reject();
    test_limits();
    test_compare();
    return th_finish();
}
