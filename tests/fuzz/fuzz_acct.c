/* libFuzzer target: acct_parse and the R3 comparison on two names split at the first newline. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
    if (!cond)
        abort();
}

/* Equal ignoring ASCII case, written independently of acct.c. */
static int same_text(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return 0;
    }
    return !*a && !*b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *second;
    acct_name a, b;
    ca_error err;
    int ok_a, ok_b;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    second = strchr(text, '\n');
    if (second)
        *second++ = 0;
    else
        second = text;
    ok_a = acct_parse(text, &a, &err) == CA_OK;
    if (!ok_a)
        check(err.msg[0] != 0);
    ok_b = acct_parse(second, &b, &err) == CA_OK;
    if (ok_a) {
        check(!strcmp(a.text, text));
        check(a.name[0] && strlen(a.name) <= ACCT_MAX_NAME && strlen(a.domain) <= ACCT_MAX_DOMAIN);
        check((a.form == ACCT_PLAIN) == !a.domain[0]);
        check(a.form != ACCT_LOCAL || !strcmp(a.domain, "."));
        check(acct_compare(&a, &a) == ACCT_MATCH_SAME);
    }
    if (ok_a && ok_b) {
        acct_match ab = acct_compare(&a, &b), ba = acct_compare(&b, &a);
        check(ab == ba);
        check((ab == ACCT_MATCH_SAME) == same_text(text, second));
        check(ab != ACCT_MATCH_SPELLING || same_text(a.name, b.name));
        check(acct_compare_text(text, second) == ab);
    } else {
        check(acct_compare_text(text, second) == ACCT_MATCH_DIFFERENT);
    }
    free(text);
    return 0;
}
