/* Fix execution: a chosen fix or a direct request becomes ordered steps, run through the backend seam. */
#ifndef CONNECTAS_CORE_FIXRUN_H
#define CONNECTAS_CORE_FIXRUN_H

#include <stddef.h>

#include "backend.h"
#include "model.h"
#include "predict.h"

/* The one place where the safe order of rule R6 (drive letters, printers,
 * drive-less, IPC$ last) and "never force or delete more than the user was
 * shown" (issue 12) are carried out. Front ends plan, show the plan, run it,
 * show the outcomes, and ask before forcing; they never call
 * backend_disconnect / backend_forget themselves.
 *
 * Usage:
 *   fixrun_plan plan;
 *   fixrun_plan_fix(m, &p, &p.fixes[i], &plan, &err);   or fixrun_plan_disconnect / _forget
 *   fixrun_run(be, &plan, &err);          every step: done / busy / failed / skipped
 *   …ask the user about the busy steps…
 *   fixrun_force(be, &plan, agreed, n, &err);  forces exactly those, re-checked
 *   fixrun_plan_cleanup(&plan);
 */

typedef enum fixrun_step_kind {
    FIXRUN_STEP_DISCONNECT, /* cancel one use: by device when it has one, else by remote */
    FIXRUN_STEP_FORGET,     /* delete one saved domain credential */
} fixrun_step_kind;

typedef enum fixrun_outcome {
    FIXRUN_PENDING, /* not run yet */
    FIXRUN_DONE,    /* done (forced when step.forced) */
    FIXRUN_BUSY,    /* open files / drive in use (code 2401/2404): needs the user's consent to force */
    FIXRUN_FAILED,  /* Windows refused: step.code */
    FIXRUN_SKIPPED, /* not attempted: step.skip says why */
} fixrun_outcome;

typedef enum fixrun_skip {
    FIXRUN_SKIP_NONE,
    FIXRUN_SKIP_GONE,    /* no longer in a fresh snapshot (someone else removed it): nothing to do */
    FIXRUN_SKIP_CHANGED, /* the device now names another remote (or the credential another user):
                            never touched, reported */
} fixrun_skip;

/* One step, with copies of what the user was shown (the plan owns the strings). */
typedef struct fixrun_step {
    fixrun_step_kind kind;
    /* FIXRUN_STEP_DISCONNECT */
    char *local;  /* "O:", "LPT1:" or NULL */
    char *remote; /* \\server\share */
    char *server;
    char *user; /* the use's explicit user, NULL for default */
    model_use_kind use_kind;
    model_use_status use_status;
    int open_files; /* as last seen; -1 unknown */
    int via_dfs;    /* held through DFS (R5), not the same name */
    /* FIXRUN_STEP_FORGET */
    char *raw_target; /* as Credential Manager spells it */
    char *target;     /* normalised */
    char *cred_user;
    model_cred_type cred_type; /* always CRED_KIND_DOMAIN (SMB never uses generic ones) */
    /* outcome */
    fixrun_outcome outcome;
    fixrun_skip skip;
    unsigned long code; /* Windows code of BUSY/FAILED (2401, 2404, 5, …), else 0 */
    int forced;         /* 1 when DONE by fixrun_force */
    char msg[160];      /* the backend's English message for BUSY/FAILED (logs only) */
} fixrun_step;

/* What a plan is for. */
typedef enum fixrun_request {
    FIXRUN_REQ_FIX,        /* a fix from predict_check */
    FIXRUN_REQ_DISCONNECT, /* "disconnect this server's session" */
    FIXRUN_REQ_FORGET,     /* "forget this server's credentials" */
} fixrun_request;

/* Information that comes with a plan and is never acted on. */
typedef enum fixrun_note_kind {
    FIXRUN_NOTE_WIDE_CREDENTIAL,    /* a wildcard/domain/other-name credential applies to the server:
                                       never deleted (JSON warning kind "wide_credential") */
    FIXRUN_NOTE_GENERIC_CREDENTIAL, /* a generic credential for that name: SMB never uses it, left alone */
} fixrun_note_kind;

typedef struct fixrun_note {
    fixrun_note_kind kind;
    char *raw_target;
    char *target;
    char *user;
    char **covers; /* WIDE: the servers of this state it applies to (the plan's server first) */
    size_t cover_count;
} fixrun_note;

typedef struct fixrun_plan {
    fixrun_request request;
    fix_kind fix; /* for FIXRUN_REQ_FIX */
    char *server; /* the server name acted on */
    fixrun_step *steps;
    size_t step_count;
    fixrun_note *notes;
    size_t note_count;
    /* What to connect afterwards, for FIXRUN_REQ_FIX (NULL otherwise): the
     * request's path, or the alias path (FIX_ALIAS); the requested user, or
     * the slot's spelling (FIX_USE_SPELLING). */
    char *connect_remote;
    char *connect_user;
    char *alias_caveat; /* FIX_ALIAS: English caveat (a copy, owned by the plan) */
    int forget_drives;  /* disconnect: remembered drives too (forget=1) */
} fixrun_plan;

/* Plans fix (one of p->fixes) of prediction p made from m. FIX_DISCONNECT:
 * one step per use of fix->uses in the order of rule R6 (the predictor's
 * order, re-sorted here), including DFS-related uses; FIX_FORGET_CREDENTIAL:
 * one step for the credential when its target is exactly the server's name
 * and it is a domain credential, otherwise no step and a
 * FIXRUN_NOTE_WIDE_CREDENTIAL; FIX_ALIAS / FIX_USE_SPELLING: no steps,
 * connect_remote / connect_user set. CA_ERR_INVALID when fix is not one of
 * p's fixes. *out is always initialised (clean up even on failure). */
ca_status fixrun_plan_fix(const model *m, const prediction *p, const predict_fix *fix, fixrun_plan *out,
                          ca_error *err);

/* The most plans one choice makes: the session's disconnect and the credentials to forget. */
#define FIXRUN_CHOICE_MAX 8

/* The plans for the fix the user chose, the same in every front end: the
 * nth fix of kind in p (nth counts fixes of that kind, for FIX_ALIAS).
 * FIX_FORGET_CREDENTIAL means "disconnect, then forget", because deleting a
 * credential does not drop a live session (R6): plans[0] is p's disconnect
 * fix and one plan follows per forget fix of p. Run plans[0] first (forcing
 * only agreed steps), the others only when plans[0] is all done, then
 * connect to plans[0].connect_remote as plans[0].connect_user. *count is the
 * number of plans initialised (clean each up, even on failure).
 * CA_ERR_NOT_FOUND when p offers no such fix (or, for forgetting, no
 * disconnect fix or no credential to forget). */
ca_status fixrun_plan_choice(const model *m, const prediction *p, fix_kind kind, size_t nth,
                             fixrun_plan *plans, size_t room, size_t *count, ca_error *err);

/* Plans clearing server's session (R6): every connected use whose server is
 * exactly that name (ASCII case-insensitive), and with forget_drives also
 * remembered (unavailable) drives of it, in R6 order. No step at all is fine
 * (nothing connected). */
ca_status fixrun_plan_disconnect(const model *m, const char *server, int forget_drives, fixrun_plan *out,
                                 ca_error *err);

/* Plans forgetting server's credentials: one step per DOMAIN credential
 * whose target is exactly server. Generic credentials of that name become
 * FIXRUN_NOTE_GENERIC_CREDENTIAL, a wider credential that applies (R4 match
 * that is not exactly the name) a FIXRUN_NOTE_WIDE_CREDENTIAL. */
ca_status fixrun_plan_forget(const model *m, const char *server, fixrun_plan *out, ca_error *err);

/* Runs every PENDING step in order, never forcing. Takes one fresh snapshot
 * first: a disconnect step whose device (or, drive-less, remote) is gone is
 * SKIPPED/GONE, one whose device now names another remote SKIPPED/CHANGED; a
 * forget step whose credential is gone or has another user likewise. A
 * failing step does not stop later ones. Returns CA_OK when the steps could
 * be tried (look at the outcomes), an error only when the snapshot failed
 * (then no step ran). */
ca_status fixrun_run(backend *be, fixrun_plan *plan, ca_error *err);

/* Forces exactly the steps whose indices are in agreed (steps the user saw
 * as BUSY and agreed to): each is re-checked against a fresh snapshot (device
 * AND remote still match, issue 12 finding 4) and forced only then; a
 * mismatch becomes SKIPPED/CHANGED, a vanished use SKIPPED/GONE. Indices of
 * steps that are not BUSY are ignored; no other step is touched. */
ca_status fixrun_force(backend *be, fixrun_plan *plan, const size_t *agreed, size_t agreed_count,
                       ca_error *err);

/* Convenience for "agree to every busy step the user saw": fills idx (room
 * for plan->step_count) with the BUSY steps' indices, returns how many. */
size_t fixrun_busy_steps(const fixrun_plan *plan, size_t *idx);

/* How many steps have this outcome. */
size_t fixrun_count(const fixrun_plan *plan, fixrun_outcome outcome);

/* 1 when every step is DONE or SKIPPED/GONE (the server's session is clear as planned). */
int fixrun_all_done(const fixrun_plan *plan);

void fixrun_plan_cleanup(fixrun_plan *plan);

/* Stable ids for JSON: "pending", "done", "busy", "failed", "skipped";
 * "gone", "changed" (NULL for FIXRUN_SKIP_NONE); "disconnect", "forget". */
const char *fixrun_outcome_name(fixrun_outcome o);
const char *fixrun_skip_name(fixrun_skip s);
const char *fixrun_step_kind_name(fixrun_step_kind k);

#endif
