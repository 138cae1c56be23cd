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
} predict_warning_kind;

typedef struct predict_warning {
    predict_warning_kind kind;
    long use;       /* index into model->uses, or -1 */
    char text[400]; /* English sentence */
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
    /* FIX_FORGET_CREDENTIAL: index into model->creds. */
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
} prediction;

/* Predicts whether connecting to path (UNC or drive path, see model_resolve_path)
 * as user (NULL or "" = default credentials) would fail with 1219, and plans
 * the fixes. Bad input returns CA_ERR_INVALID (or CA_ERR_NOT_FOUND for an
 * unknown drive) with a message; *out is then empty. O(n log n) in the model. */
ca_status predict_check(const model *m, const char *path, const char *user, prediction *out, ca_error *err);
void prediction_cleanup(prediction *p);

const char *predict_certainty_name(predict_certainty c); /* "high", "medium", "low" */
const char *
predict_fix_kind_name(fix_kind k); /* "disconnect", "alias", "forget_credential", "use_spelling" */

#endif
