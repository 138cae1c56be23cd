/* The one error table: Windows error code -> class -> CLI exit code and the front ends' next step. */
#ifndef CONNECTAS_CORE_ERRTAB_H
#define CONNECTAS_CORE_ERRTAB_H

#include "status.h"

/* What kind of failure a Windows code is. Front ends pick their sentence and
 * their next step from the class (and errtab_next_step), never from numbers. */
typedef enum errtab_class {
    ERRCLASS_NONE,      /* 0: not a failure */
    ERRCLASS_SIGN_IN,   /* wrong user name or password (86, 1326, 2202) */
    ERRCLASS_ACCOUNT,   /* the account may not sign in: restricted, expired, disabled, locked, guest (1272) */
    ERRCLASS_BUSY,      /* open files or a drive in use (2401, 2404) */
    ERRCLASS_NOT_FOUND, /* share, path, credential or connection does not exist (67, 2250, 1168) */
    ERRCLASS_BAD_NAME,  /* a name the redirector rejects: drive letter taken, remembered, bad path (85, 1202,
                           123) */
    ERRCLASS_NETWORK,   /* server or domain controller not reachable, no network (53, 1222, 1311, 1396) */
    ERRCLASS_ACCESS,    /* signed in, but no permission there (5) */
    ERRCLASS_CANCELLED, /* the user cancelled (1223): not an error to report */
    ERRCLASS_CONFLICT,  /* 1219: another user holds the session (rules R1-R7) */
    ERRCLASS_OTHER,     /* anything else: show the code */
} errtab_class;

#define ERRCLASS_COUNT (ERRCLASS_OTHER + 1) /* number of classes (tests, string tables) */

/* What the user can do next; the tray maps each to a string (and a control to focus). */
typedef enum errtab_next {
    ERRNEXT_NONE,             /* nothing to do (success, cancelled) */
    ERRNEXT_RETYPE,           /* retype user name and password (86, 1326) */
    ERRNEXT_CHECK_USER,       /* the user name is not valid: check its spelling (2202) */
    ERRNEXT_OTHER_ACCOUNT,    /* use another (real, enabled, unlocked) account (1272, 1327, 1331, 1385, 1793,
                                 1909) */
    ERRNEXT_CHANGE_PASSWORD,  /* the password expired or must change: change it first (1330, 1907) */
    ERRNEXT_ASK_ACCESS,       /* ask the share's owner for permission, or use an account that has it (5) */
    ERRNEXT_CLOSE_FILES,      /* close what is open there, or agree to force (2401, 2404) */
    ERRNEXT_CHECK_PATH,       /* check the server, share or DFS path (67) */
    ERRNEXT_CHECK_NETWORK,    /* check network, VPN, port 445 (53, 1222, 1311) */
    ERRNEXT_USE_SERVER_NAME,  /* an alias without SPN: use the server's own name (1396) */
    ERRNEXT_OTHER_DRIVE,      /* choose another drive letter (85, 1202) */
    ERRNEXT_RESOLVE_CONFLICT, /* clear the conflicting session (1219): see the explanation */
    ERRNEXT_NOTHING_THERE,    /* nothing to act on (2250, 1168) */
    ERRNEXT_RETRY,            /* try again, report the code if it persists */
} errtab_next;

#define ERRNEXT_COUNT (ERRNEXT_RETRY + 1) /* number of next steps (tests, string tables) */

/* One row of the table. */
typedef struct errtab_row {
    unsigned long code;
    errtab_class cls;
    errtab_next next;
    const char *name; /* "ERROR_ACCESS_DENIED" (stable, for JSON and logs) */
} errtab_row;

/* The class and next step of a Windows code: the row's, ERRCLASS_NONE /
 * ERRNEXT_NONE for 0, ERRCLASS_OTHER / ERRNEXT_RETRY for codes not in the table. */
errtab_class errtab_class_of(unsigned long code);
errtab_next errtab_next_of(unsigned long code);
/* The symbolic name ("ERROR_SESSION_CREDENTIAL_CONFLICT"), NULL for codes not in the table. */
const char *errtab_code_name(unsigned long code);

/* The class of a core failure: the Windows code when one is set, else the
 * ca_status (CA_ERR_CONFLICT -> conflict, CA_ERR_BUSY -> busy, CA_ERR_NOT_FOUND
 * -> not found, CA_ERR_INVALID -> bad name, CA_OK -> none, else other). */
errtab_class errtab_class_of_status(ca_status st, unsigned long code);

/* CLI exit codes (docs/cli.md): a contract, never dependent on the display language. */
enum {
    CA_EXIT_OK = 0,        /* success; for check: no conflict */
    CA_EXIT_FAILURE = 1,   /* any other failure */
    CA_EXIT_USAGE = 2,     /* bad input: path, user, option, scenario file */
    CA_EXIT_CONFLICT = 3,  /* would fail (or failed) with 1219 */
    CA_EXIT_BUSY = 4,      /* open files or a drive in use kept something connected */
    CA_EXIT_SIGNIN = 5,    /* sign-in failed: wrong user name or password, account problem */
    CA_EXIT_NOTFOUND = 6,  /* nothing to disconnect or forget, unknown drive, share not found */
    CA_EXIT_CANCELLED = 7, /* the user cancelled (no password given) */
};

/* The CLI exit code of a class: sign-in and account 5, busy 4, not found 6,
 * conflict 3, cancelled 7, bad name 2 (bad input), none 0, everything else
 * (access, network, other) 1. */
int errtab_exit_code(errtab_class cls);

/* Stable English ids for JSON and logs: "sign_in", "account", "busy",
 * "not_found", "bad_name", "network", "access", "cancelled", "conflict",
 * "other", "none"; and "retype", "check_user", … for next steps. */
const char *errtab_class_name(errtab_class cls);
const char *errtab_next_name(errtab_next next);

/* The whole table, for tests and for front ends that build their own string
 * maps (each code once, ascending). */
const errtab_row *errtab_rows(size_t *count);

#endif
