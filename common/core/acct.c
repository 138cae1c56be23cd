/* Account-name parsing and the R3 comparison: names are compared as typed, spellings are detected. */
#include "acct.h"

#include <string.h>

#include "text.h"

/* Characters Windows forbids in user names (and that we refuse in domains). */
static const char forbidden[] = "\"/\\[]:;|=,+*?<>";

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Checks one part (what = "user name" or "domain") for forbidden characters. */
static ca_status check_part(const char *text, const char *s, size_t n, const char *what, ca_error *err)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return ca_fail(err, CA_ERR_INVALID,
                           "account name '%.*s': control character U+%04X is not allowed in a %s",
                           text_quote_len(text), text, (unsigned)c, what);
        if (strchr(forbidden, c))
            return ca_fail(
                err, CA_ERR_INVALID,
                "account name '%.*s': '%c' is not allowed in a %s (not allowed: \" / \\ [ ] : ; | = , + "
                "* ? < >)",
                text_quote_len(text), text, c, what);
    }
    return CA_OK;
}

ca_status acct_parse(const char *text, acct_name *out, ca_error *err)
{
    const char *slash, *at, *dom = "", *user;
    size_t n, i, dom_n = 0, user_n;
    ca_status st;

    memset(out, 0, sizeof(*out));
    if (!text || !*text)
        return ca_fail(err, CA_ERR_INVALID, "empty account name: expected user, DOMAIN\\user or user@domain");
    n = strlen(text);
    for (i = 0; i < n && is_space((unsigned char)text[i]); i++)
        ;
    if (i == n)
        return ca_fail(err, CA_ERR_INVALID, "account name is only white space");
    if (is_space((unsigned char)text[0]) || is_space((unsigned char)text[n - 1]))
        return ca_fail(err, CA_ERR_INVALID, "account name '%.*s' has white space at its start or end",
                       text_quote_len(text), text);
    if (n > ACCT_MAX_TEXT)
        return ca_fail(err, CA_ERR_INVALID, "account name '%.*s...' is longer than %d bytes",
                       text_quote_len(text), text, ACCT_MAX_TEXT);

    slash = strchr(text, '\\');
    at = strrchr(text, '@');
    if (slash && strchr(slash + 1, '\\'))
        return ca_fail(err, CA_ERR_INVALID,
                       "account name '%.*s' has more than one '\\': expected DOMAIN\\user",
                       text_quote_len(text), text);
    if (slash) {
        dom = text;
        dom_n = (size_t)(slash - text);
        user = slash + 1;
        if (!dom_n)
            return ca_fail(err, CA_ERR_INVALID, "account name '%.*s' has an empty domain before '\\'",
                           text_quote_len(text), text);
        out->form = dom_n == 1 && dom[0] == '.' ? ACCT_LOCAL : ACCT_DOMAIN;
    } else if (at) {
        user = text;
        dom = at + 1;
        dom_n = strlen(dom);
        if (at == text)
            return ca_fail(err, CA_ERR_INVALID, "account name '%.*s' has an empty user name before '@'",
                           text_quote_len(text), text);
        if (!dom_n)
            return ca_fail(err, CA_ERR_INVALID, "account name '%.*s' has an empty domain after '@'",
                           text_quote_len(text), text);
        out->form = ACCT_UPN;
    } else {
        user = text;
        out->form = ACCT_PLAIN;
    }
    user_n = out->form == ACCT_UPN ? (size_t)(at - text) : strlen(user);
    if (!user_n)
        return ca_fail(err, CA_ERR_INVALID, "account name '%.*s' has an empty user name after '\\'",
                       text_quote_len(text), text);
    st = check_part(text, user, user_n, "user name", err);
    if (st == CA_OK && dom_n)
        st = check_part(text, dom, dom_n, "domain", err);
    if (st != CA_OK) {
        memset(out, 0, sizeof(*out));
        return st;
    }
    if (user_n > ACCT_MAX_NAME || dom_n > ACCT_MAX_DOMAIN) {
        memset(out, 0, sizeof(*out));
        return ca_fail(err, CA_ERR_INVALID, "account name '%.*s...': the %s is longer than %d bytes",
                       text_quote_len(text), text, user_n > ACCT_MAX_NAME ? "user name" : "domain",
                       user_n > ACCT_MAX_NAME ? ACCT_MAX_NAME : ACCT_MAX_DOMAIN);
    }
    memcpy(out->text, text, n + 1);
    memcpy(out->domain, dom, dom_n);
    out->domain[dom_n] = 0;
    memcpy(out->name, user, user_n);
    out->name[user_n] = 0;
    return CA_OK;
}

/* Two domain spellings name the same domain: equal, or one is a NetBIOS name
 * equal to the first label of the other (CORP and corp.example). */
static int domains_match(const char *a, const char *b)
{
    size_t la = strcspn(a, "."), lb = strcspn(b, ".");
    int a_dotted = a[la] == '.', b_dotted = b[lb] == '.';
    if (text_eq_ci(a, b))
        return 1;
    if (a_dotted == b_dotted)
        return 0;
    return la == lb && text_eq_ci_n(a, b, la);
}

acct_match acct_compare(const acct_name *a, const acct_name *b)
{
    if (text_eq_ci(a->text, b->text))
        return ACCT_MATCH_SAME;
    if (!text_eq_ci(a->name, b->name))
        return ACCT_MATCH_DIFFERENT;
    /* A bare name may be any account of that name: written differently (R3). */
    if (a->form == ACCT_PLAIN || b->form == ACCT_PLAIN)
        return ACCT_MATCH_SPELLING;
    /* .\bob is the machine's own account; CORP\bob or bob@corp is a domain's. */
    if (a->form == ACCT_LOCAL || b->form == ACCT_LOCAL)
        return ACCT_MATCH_DIFFERENT;
    return domains_match(a->domain, b->domain) ? ACCT_MATCH_SPELLING : ACCT_MATCH_DIFFERENT;
}

acct_match acct_compare_text(const char *a, const char *b)
{
    acct_name x, y;
    if (acct_parse(a, &x, NULL) != CA_OK || acct_parse(b, &y, NULL) != CA_OK)
        return ACCT_MATCH_DIFFERENT;
    return acct_compare(&x, &y);
}
