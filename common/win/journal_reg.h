/* The temporary-connection journal in HKCU, this logon session's id, and the calls the tray and CLI make. */
#ifndef CONNECTAS_JOURNAL_REG_H
#define CONNECTAS_JOURNAL_REG_H

#include "journal.h"

/* Where the journal lives: one REG_SZ value per record, named by its id. */
#define JOURNAL_REG_KEY L"Software\\ConnectAs\\Temporary"

/* The journal store over HKCU\Software\ConnectAs\Temporary (created on the
 * first record). Values that are not REG_SZ, too long, or not records are
 * reported as unreadable by journal_load and never acted on or deleted. */
journal_store *journal_reg_store_create(void);

/* An id of this sign-in that a later one (after sign-out, a crash or a
 * restart) never has: the token's logon-session LUID (the smaller of the
 * elevated and limited tokens' under UAC, so both agree) and the boot time.
 * "" when it cannot be read. */
void journal_reg_session_id(char *buf, size_t size);

/* For the tray: undoes what is due (flags: JOURNAL_CLEAN_ALL at sign-out and
 * exit, 0 at start and on a timer; JOURNAL_CLEAN_DRY_RUN) through be (the
 * tray's backend), with the HKCU journal, this session and the current time.
 * See journal_run_cleanup for the guarantees. May block on the network: call
 * it on a worker thread (at WM_ENDSESSION the tray may call it directly). */
ca_status journal_reg_run_due_cleanup(backend *be, unsigned flags, journal_report *out, ca_error *err);

/* For the tray, after the user agreed to force a busy temporary connection
 * (journal_force_one with the HKCU journal). Clean up out with journal_rec_cleanup(&out->rec). */
ca_status journal_reg_force(backend *be, const char *id, journal_item *out, ca_error *err);

/* For the tray's connect flow: journals what connecting created, from the
 * states before and after (see journal_rec_from_connect; names are the
 * request's server and, when an alias was used, that name), due after
 * minutes (0 = at sign-out). CA_ERR_NOT_FOUND: nothing new was created, so
 * nothing is temporary. rec (may be NULL) receives the record. */
ca_status journal_reg_record(const model *before, const model *after, const char *const *names, size_t count,
                             const char *requested, const char *remote, int remember, long minutes,
                             journal_rec *rec, ca_error *err);

/* The journal's records, for marks in the sessions window (journal_find_use). */
ca_status journal_reg_load(journal_rec **recs, size_t *count, ca_error *err);

#endif
