/* The 1219 predictor and fix plans (rules R1–R7 of docs/1219-rules, see shared design). */
#ifndef CONNECTAS_CORE_PREDICT_H
#define CONNECTAS_CORE_PREDICT_H

#include "model.h"
#include "unc.h"

typedef enum predict_certainty {
    CERTAINTY_HIGH,
    CERTAINTY_MEDIUM,
    CERTAINTY_LOW,
} predict_certainty;

typedef enum predict_verdict {
    VERDICT_OK,       /* the connection would not fail with 1219 */
    VERDICT_CONFLICT, /* it would fail with 1219 */
} predict_verdict;

/* Why there is (or is not) a conflict: drives the one-sentence explanation. */
typedef enum predict_reason {
    REASON_NO_SLOT,               /* no slot for that server name: free */
    REASON_SAME_USER,             /* the slot already has exactly this user: shared */
    REASON_DEFAULT_REUSES,        /* default request on an explicit slot: reused (R3, medium) */
    REASON_DEFAULT_MATCHES,       /* default request on a default slot */
    REASON_DEFAULT_THEN_EXPLICIT, /* default slot, explicit request (R3, high) */
    REASON_OTHER_USER,            /* another user holds the slot (R3, high) */
    REASON_SPELLING,              /* same account written differently (R3, medium) */
    REASON_SAVED_CRED_USER,       /* default slot made concrete by a saved credential (R4) for another user */
    REASON_DFS,                   /* conflict through a DFS namespace/target relation (R5, medium) */
} predict_reason;

typedef enum predict_warning_kind {
    WARN_UNAVAILABLE_REMEMBERED, /* a remembered drive to this server will conflict on reconnect */
    WARN_SAME_MACHINE,           /* other names of this machine hold slots (explanation only) */
    WARN_OPEN_FILES,             /* uses that would be disconnected have open files */
    WARN_ELEVATED,               /* the state is the elevated session's (R1) */
    WARN_USERS_UNKNOWN,          /* the data source could not read user names */
    WARN_SAVED_CRED_USED,        /* a default request will sign in as a saved credential's user (R4) */
    WARN_WIDE_CREDENTIAL, /* a wildcard/domain-wide credential applies: named, never deleted (issue 12) */
} predict_warning_kind;

#define PREDICT_WARNING_COUNT                                                                                \
    (WARN_WIDE_CREDENTIAL + 1) /* number of warning kinds (tests, string tables)                             \
                                */

#define PREDICT_REASON_COUNT (REASON_DFS + 1) /* number of reasons (tests, string tables) */

/* Caveats of a reason (bits of predict_args.caveats). */
enum {
    PREDICT_CAVEAT_SAME_ACCOUNT = 1, /* DEFAULT_THEN_EXPLICIT: the requested user is the slot's own user
                                        (possibly written differently): connecting without a user name
                                        shares the session. Never say that user is "in the way". */
    PREDICT_CAVEAT_UNCONFIRMED = 2,  /* the rule is medium/low: say "likely" */
    PREDICT_CAVEAT_SAVED_CRED = 4,   /* the slot signs in through a saved credential (name = its target) */
    PREDICT_CAVEAT_DFS_ALSO = 8,     /* DFS-related uses hold the session too (extra/extra_count) */
};

/* The arguments a sentence for a reason or a warning names. Which fields a
 * kind fills is listed below; the others are NULL / 0 / -1. Strings point
 * into the prediction or the model and live as long as both; `uses`,
 * `extra` and `names` arrays are owned by the prediction.
 *
 * Reasons (prediction.why):
 *   NO_SLOT:               server; user = who a default request signs in as (NULL for an explicit request)
 *   SAME_USER, DEFAULT_REUSES, DEFAULT_MATCHES:
 *                          server; user = slot user (NULL: default, unknown); uses = the slot's uses
 *   DEFAULT_THEN_EXPLICIT: server; user = slot user (may be NULL); other_user = requested user;
 *                          uses = same-name conflicting uses; caveats SAME_ACCOUNT, UNCONFIRMED,
 *                          SAVED_CRED (name = credential target as shown), DFS_ALSO (extra)
 *   OTHER_USER, SPELLING:  server; user = slot user; other_user = requested user; uses; DFS_ALSO (extra)
 *   SAVED_CRED_USER:       server; user = the saved credential's user; other_user = requested user;
 *                          name = credential target as shown; uses; DFS_ALSO (extra)
 *   DFS:                   server; other_user = requested user (NULL: default); uses = the DFS-related
 *                          conflicting uses
 * Warnings (predict_warning.args):
 *   UNAVAILABLE_REMEMBERED: server = its server; user = its remembered user (NULL: default);
 *                           uses = {the remembered use}
 *   SAME_MACHINE:          server = the request's server; name = the other name; uses = its uses
 *   OPEN_FILES:            server; uses = {the use}; number = its open files
 *   ELEVATED, USERS_UNKNOWN: nothing
 *   SAVED_CRED_USED:       server; user = saved user; name = credential target as shown
 *   WIDE_CREDENTIAL:       server; user = the credential's user; name = its target as shown;
 *                          names = the servers in this state it applies to (the request's first) */
typedef struct predict_args {
    const char *server;
    const char *user;
    const char *other_user;
    const char *name;
    size_t *uses; /* indices into model->uses */
    size_t use_count;
    size_t *extra; /* DFS_ALSO: the DFS-related uses */
    size_t extra_count;
    const char **names;
    size_t name_count;
    int number;       /* -1 when none */
    unsigned caveats; /* PREDICT_CAVEAT_* */
} predict_args;

typedef struct predict_warning {
    predict_warning_kind kind;
    long use;       /* index into model->uses, or -1 */
    char text[400]; /* legacy, left empty: render_warning_text renders the sentence from kind + args */
    predict_args args;
} predict_warning;

typedef enum fix_kind {
    FIX_DISCONNECT,        /* disconnect every use of the slot, in `uses` order */
    FIX_ALIAS,             /* connect through another name of the machine */
    FIX_FORGET_CREDENTIAL, /* delete a saved credential that makes default concrete */
    FIX_USE_SPELLING,      /* type the account exactly as the slot has it */
} fix_kind;

typedef struct predict_fix {
    fix_kind kind;
    /* FIX_DISCONNECT: indices into model->uses in safe order: drive letters,
     * printers, drive-less, IPC$ last; open_files = sum of known open files. */
    size_t *uses;
    size_t use_count;
    int open_files;
    /* FIX_ALIAS: the other name, its kind, the alternative path, a caveat (R7). */
    char *alias;
    unc_name_kind alias_kind;
    char *alias_path;
    predict_certainty alias_certainty;
    char caveat[300];
    /* FIX_FORGET_CREDENTIAL: index into model->creds; only ever a domain
     * credential whose target is exactly the server's name (issue 12: a
     * wider one is a WARN_WIDE_CREDENTIAL instead). */
    long cred;
    /* FIX_USE_SPELLING: the slot's spelling of the account. */
    char *user;
} predict_fix;

/* One use that holds the conflicting slot. */
typedef struct predict_conflict {
    size_t use;  /* index into model->uses */
    int via_dfs; /* 1 when related through DFS (R5) rather than the same name */
} predict_conflict;

typedef struct prediction {
    predict_verdict verdict;
    predict_certainty certainty;
    predict_reason reason;
    unc_path target;      /* the resolved request path */
    char *server;         /* the server name as the slot knows it (request's spelling when no slot) */
    char *requested_user; /* NULL for default */
    char *effective_user; /* for default: the saved-credential or logon user that would be used */
    char *slot_user;      /* NULL when no slot or the slot is default with unknown logon user */
    slot_user_kind slot_user_kind;
    int has_slot;
    predict_conflict *conflicts;
    size_t conflict_count;
    predict_warning *warnings;
    size_t warning_count;
    predict_fix *fixes;
    size_t fix_count;
    predict_args why; /* the arguments of `reason` (see predict_args) */
} prediction;

/* Predicts whether connecting to path (UNC or drive path, see model_resolve_path)
 * as user (NULL or "" = default credentials) would fail with 1219, and plans
 * the fixes. Bad input returns CA_ERR_INVALID (or CA_ERR_NOT_FOUND for an
 * unknown drive) with a message; *out is then empty. O(n log n) in the model. */
ca_status predict_check(const model *m, const char *path, const char *user, prediction *out, ca_error *err);
void prediction_cleanup(prediction *p);

const char *predict_certainty_name(predict_certainty c); /* "high", "medium", "low" */
/* Stable JSON ids: "no_slot", "same_user", … and "unavailable_remembered", …, "wide_credential". */
const char *predict_reason_name(predict_reason r);
const char *predict_warning_name(predict_warning_kind k);
const char *
predict_fix_kind_name(fix_kind k); /* "disconnect", "alias", "forget_credential", "use_spelling" */

#endif
