/* Account names: user, DOMAIN\user, .\user, user@upn; compared as typed (rule R3). */
#ifndef CONNECTAS_CORE_ACCT_H
#define CONNECTAS_CORE_ACCT_H

#include "status.h"

#define ACCT_MAX_NAME 256   /* UNLEN */
#define ACCT_MAX_DOMAIN 255 /* DNS domain */
#define ACCT_MAX_TEXT 513   /* the whole spelling, UPN included */

typedef enum acct_form {
    ACCT_PLAIN,  /* bob */
    ACCT_DOMAIN, /* CORP\bob or corp.example\bob */
    ACCT_LOCAL,  /* .\bob (the local machine) */
    ACCT_UPN,    /* bob@corp.example */
} acct_form;

typedef struct acct_name {
    acct_form form;
    char text[ACCT_MAX_TEXT + 1];     /* exactly as typed */
    char domain[ACCT_MAX_DOMAIN + 1]; /* "CORP", ".", UPN suffix, or "" for ACCT_PLAIN */
    char name[ACCT_MAX_NAME + 1];     /* the user part */
} acct_name;

/* Parses an account name. Rejects (with a message naming the problem): empty,
 * white space only, leading/trailing white space, more than one '\', an empty
 * domain or user part, characters Windows forbids in user names
 * (" / \ [ ] : ; | = , + * ? < > and control characters), over-long parts. */
ca_status acct_parse(const char *text, acct_name *out, ca_error *err);

typedef enum acct_match {
    ACCT_MATCH_SAME,      /* the same text, ignoring case: the slot is shared */
    ACCT_MATCH_SPELLING,  /* the same account written differently (bob / CORP\bob /
                             bob@corp.example): still a conflict (R3, medium) */
    ACCT_MATCH_DIFFERENT, /* another account */
} acct_match;

/* Compares two parsed names as Windows' session-slot check does (R3): equal
 * text (ignoring case) is the same; equal user part with compatible domains
 * (one absent, or a UPN suffix whose first label is the NetBIOS domain) is
 * "written differently"; anything else is different. */
acct_match acct_compare(const acct_name *a, const acct_name *b);

/* Convenience: parses both and compares; ACCT_MATCH_DIFFERENT if either fails to parse. */
acct_match acct_compare_text(const char *a, const char *b);

#endif
