/* Temporary connections in the tray (tray_temporary.c): the connect dialog's choice, the journal, cleanup. */
#ifndef CONNECTAS_TRAY_TEMPORARY_H
#define CONNECTAS_TRAY_TEMPORARY_H

#include "journal.h"
#include "strbuf.h"
#include "tray_host.h"

/*
 * "Disconnect and forget when I'm done" (issue 14). The connect flow journals
 * what a temporary connection created through the core (journal.h, the same
 * calls as `connectas connect --temporary`), on the worker: a snapshot right
 * before the connect call and one after it. The app runs the core's cleanup
 * (journal_run_cleanup, which carries out every step through fixrun) at start
 * (what a crash, power loss or an earlier sign-in left behind), when the next
 * record falls due (journal_next_due), and, with JOURNAL_CLEAN_ALL, at
 * sign-out and when the tray exits. Open files are never forced: the tray
 * reports it (balloon and the sessions window's status line), asks, and
 * forces only the connection the user agreed to (journal_force_one); No
 * leaves it for the next try.
 */

/* ---- the connect flow (worker side) ---- */

/* A request's temporary part; all zero = an ordinary connection. */
typedef struct tray_temp_conn {
    int on;       /* the user chose "Disconnect and forget when I'm done" */
    long minutes; /* 0 = at sign-out */
    /* set by tray_temp_before / tray_temp_after on the worker */
    model *before;
    ca_status st; /* CA_OK: journaled (rec); CA_ERR_NOT_FOUND: nothing new; else err */
    ca_error err;
    journal_rec rec;
    int done; /* tray_temp_after ran */
} tray_temp_conn;

/* On the worker, right before the connect call: the state before (a failure leaves before NULL, and
 * tray_temp_after then says the connection is not temporary). */
void tray_temp_before(backend *be, tray_temp_conn *tc);
/* On the worker, after a successful connect to remote for requested: journals what it created in
 * journal (session: this sign-in) with the core (journal_rec_from_connect, journal_rec_stamp,
 * journal_add). remember: the remembered-drive entry was asked for. */
void tray_temp_after(backend *be, tray_temp_conn *tc, journal_store *journal, const char *session,
                     const char *requested, const char *remote, int remember);
/* Appends the sentence about the temporary part (ends when, nothing new, not written down) to b. */
void tray_temp_describe(wbuf *b, const tray_temp_conn *tc);
void tray_temp_conn_cleanup(tray_temp_conn *tc);

/* ---- the connect dialog's controls ---- */

/* Fills the choice (IDC_CF_TEMP, IDC_CF_TEMP_WHEN, IDC_CF_TEMP_TIME) in dlg. */
void tray_temp_dialog_init(HWND dlg);
/* Enables the controls for the dialog's stage (edit = the dialog waits for the user). */
void tray_temp_dialog_enable(HWND dlg, int edit);
/* A WM_COMMAND for one of the controls: 1 when it was one of them. */
int tray_temp_dialog_command(HWND dlg, int id, int code);
/* Reads the choice into tc. 0 when the time typed is not understood: *message (malloc'd) says why. */
int tray_temp_dialog_read(HWND dlg, tray_temp_conn *tc, WCHAR **message);
/* Minutes from now until hh:mm (today, or tomorrow when it has passed), 1 at least; -1 when text is not
 * a time of day. now is the local time. */
long tray_temp_minutes_until(const WCHAR *text, const SYSTEMTIME *now);

/* ---- the app's side: cleanup, timer, marks ---- */

typedef struct tray_temporary tray_temporary;

tray_temporary *tray_temporary_create(tray_host *host);
/* Frees it (the worker has stopped or its jobs are abandoned). */
void tray_temporary_free(tray_temporary *t);
/* At start: when the journal holds records, runs the cleanup of what is due (tray_temporary_due). */
void tray_temporary_start(tray_temporary *t);
/* When the app's timer fires: undoes what is due, on the worker. */
void tray_temporary_due(tray_temporary *t);
/* A temporary connection was journaled: read the journal again (marks, timer). */
void tray_temporary_changed(tray_temporary *t);
/* Marks the rows of view whose use is a temporary connection (status column: when it ends). */
void tray_temporary_mark(const tray_temporary *t, tray_view *view, const model *m);
/* At sign-out and exit, on the calling thread with the worker stopped: undoes every temporary
 * connection of this process's elevation (JOURNAL_CLEAN_ALL), never forcing. Returns how many stay. */
size_t tray_temporary_finish(tray_temporary *t, backend *be);
/* Observation (tests): cleanup runs finished, busy questions asked. */
unsigned tray_temporary_runs(const tray_temporary *t);
unsigned tray_temporary_asked(const tray_temporary *t);

#endif
