/* The temporary-connection journal: what ConnectAs created for a connection, when it is due, how it is
 * undone. */
#ifndef CONNECTAS_CORE_JOURNAL_H
#define CONNECTAS_CORE_JOURNAL_H

#include <stddef.h>

#include "backend.h"
#include "fixrun.h"
#include "model.h"
#include "strbuf.h"

/* One temporary connection: exactly what ConnectAs created for it, never a
 * secret (there is no field that could hold one). Strings are owned (free with
 * journal_rec_cleanup). */
typedef struct journal_rec {
    char id[32];       /* unique key: "t" + creation time + a counter, [0-9a-z] */
    long long created; /* seconds since 1970-01-01 UTC */
    long long expires; /* when it is due; 0 = at sign-out (the end of its logon session) */
    char *session;     /* the logon session it was made in ("" unknown) */
    char *requested;   /* the path the user asked for */
    char *server;      /* the server name the connection used (the alias when one was used) */
    char *remote;      /* \\server\share it created, or NULL when no new connection was made */
    char *local;       /* its drive letter "T:", or NULL for none */
    char *user;        /* its explicit user, NULL for default credentials */
    int remembered;    /* 1 when ConnectAs created the remembered-drive (profile) entry */
    int elevated;      /* 1 when made with an elevated (administrator) token: its connections live in that
                          token's logon session (R1), so only an elevated cleanup can see them */
    char *cred_target; /* raw target of a domain credential ConnectAs saved, or NULL */
    char *cred_user;   /* its user */
} journal_rec;

void journal_rec_cleanup(journal_rec *rec);

/* Fills rec with what connecting created: compares the state before and after
 * the connection, looking only at names in names[0..count) (the request's
 * server and the alias, if one was used). A use that is connected after and
 * whose device and remote (case-insensitively) were not connected before is
 * new — the one whose remote is `remote` first; it was remembered by ConnectAs
 * only when `remember` was asked, it has a drive letter and no remembered
 * entry for that letter existed before. A domain credential whose raw target
 * was not there before and names one of names is new. Nothing new at all is
 * CA_ERR_NOT_FOUND (then nothing must be journaled: all of it existed before).
 * rec->id, created, expires and session are left to the caller
 * (journal_rec_stamp). rec->elevated is after->elevated. */
ca_status journal_rec_from_connect(const model *before, const model *after, const char *const *names,
                                   size_t count, const char *requested, const char *remote, int remember,
                                   journal_rec *rec, ca_error *err);

/* Sets id, created (now), expires (now + minutes*60, or 0 for minutes <= 0 =
 * at sign-out) and session. The id mixes the time, a per-process counter and
 * the remote; call it from one thread at a time (the tray's worker). */
ca_status journal_rec_stamp(journal_rec *rec, long long now, long minutes, const char *session,
                            ca_error *err);

/* One record as one line of text (tab-separated key=value; values never hold
 * tabs or line breaks) and back. Parsing treats the text as hostile: unknown
 * versions, bad paths, user names or numbers are CA_ERR_INVALID. */
ca_status journal_rec_format(const journal_rec *rec, strbuf *out, ca_error *err);
ca_status journal_rec_parse(const char *text, journal_rec *rec, ca_error *err);

/* 1 when rec is due now: always with all; a record of another logon session
 * (signed out, crashed or lost power before it was undone); or expires <= now
 * (a timed one). An at-sign-out record of this session is due only with all. */
int journal_rec_is_due(const journal_rec *rec, long long now, const char *session, int all);

/* When the next of recs falls due (for a timer): the earliest expires among
 * timed records of this session; now for one already due; 0 when none is
 * timed (at-sign-out records wait for the sign-out). */
long long journal_next_due(const journal_rec *recs, size_t count, long long now, const char *session);

/* ---- storage (HKCU on Windows: common/win/journal_reg.h; memory for tests) ---- */

typedef struct journal_store journal_store;
typedef struct journal_store_vtable {
    /* All record texts (caller frees each and the array with free()). */
    ca_status (*list)(journal_store *s, char ***texts, size_t *count, ca_error *err);
    /* Adds or replaces the record with this id. */
    ca_status (*put)(journal_store *s, const char *id, const char *text, ca_error *err);
    /* Removes it; a missing id is not an error. */
    ca_status (*remove)(journal_store *s, const char *id, ca_error *err);
    void (*destroy)(journal_store *s);
} journal_store_vtable;
struct journal_store {
    const journal_store_vtable *vt;
};

/* An in-memory store (tests, and the sandbox). */
journal_store *journal_mem_store_create(void);
void journal_store_free(journal_store *s);

/* Stores rec (formatted). */
ca_status journal_add(journal_store *s, const journal_rec *rec, ca_error *err);

/* Every readable record (caller frees with journal_recs_free). A record that
 * does not parse is skipped and counted in *unreadable (may be NULL): it is
 * left in the store, never acted on. */
ca_status journal_load(journal_store *s, journal_rec **recs, size_t *count, size_t *unreadable,
                       ca_error *err);
void journal_recs_free(journal_rec *recs, size_t count);

/* The record whose connection is this use (device, or remote for none), or NULL. For marks in lists. */
const journal_rec *journal_find_use(const journal_rec *recs, size_t count, const char *local,
                                    const char *remote);

/* ---- cleanup ---- */

typedef enum journal_result {
    JOURNAL_NOT_DUE,     /* left for later */
    JOURNAL_UNDONE,      /* everything it created is gone; removed from the journal */
    JOURNAL_WOULD,       /* dry run: would be undone */
    JOURNAL_BUSY,        /* the connection has open files or is in use: not forced, kept for later */
    JOURNAL_FAILED,      /* Windows refused a step (code): kept for later */
    JOURNAL_OTHER_TOKEN, /* made with an elevated token and this one is not (or the other way round): this
                            process cannot see its connection (R1); left for a cleanup run like it */
} journal_result;

typedef struct journal_item {
    journal_rec rec;
    journal_result result;
    int connection_undone; /* the connection (and remembered entry) is gone */
    int credential_undone; /* the saved credential is gone (or there was none) */
    int open_files;        /* BUSY: as last seen (-1 unknown) */
    unsigned long code;    /* BUSY/FAILED: the Windows code */
} journal_item;

typedef struct journal_report {
    journal_item *items; /* one per record in the journal */
    size_t count;
    size_t unreadable; /* records that could not be read (left alone) */
} journal_report;

#define JOURNAL_CLEAN_ALL 0x1u     /* everything temporary, due or not (sign-out, exit, cleanup --all) */
#define JOURNAL_CLEAN_DRY_RUN 0x2u /* only say what would be undone */

/* The one entry point for front ends ("run due cleanup"): undoes every due
 * record (see journal_rec_is_due) made with a token of the same elevation as
 * this process's (others: JOURNAL_OTHER_TOKEN, left alone, since this
 * process's logon session does not hold their connections) through fix
 * execution (fixrun.h), never
 * forcing: the connection is cancelled by its device (or remote), with its
 * remembered entry only when ConnectAs created that; then the credential
 * ConnectAs saved, only when its user is still the one saved. Nothing else is
 * touched — other connections to the same server and credentials that existed
 * before stay, as fix execution's fresh-snapshot checks guarantee. A record
 * fully undone is removed; one partly undone is rewritten with what is left;
 * a busy or failed one stays for the next run. CA_OK when the journal could be
 * read (look at the items), else an error and nothing was done. */
ca_status journal_run_cleanup(backend *be, journal_store *s, const char *session, long long now,
                              unsigned flags, journal_report *out, ca_error *err);
void journal_report_cleanup(journal_report *r);

/* After the user agreed to force the busy connection of record id (shown to
 * them with its open files): forces exactly that connection — re-checked
 * against a fresh snapshot, device and remote, by fixrun_force — then undoes
 * the rest of the record like journal_run_cleanup. out->result says what
 * happened; CA_ERR_NOT_FOUND when no such record is in the journal. */
ca_status journal_force_one(backend *be, journal_store *s, const char *id, journal_item *out, ca_error *err);

/* 1 when some item of the report stays (BUSY or FAILED). */
int journal_report_has_left(const journal_report *r);

/* "not_due", "undone", "would_undo", "busy", "failed", "other_token" */
const char *journal_result_name(journal_result r);

#endif
