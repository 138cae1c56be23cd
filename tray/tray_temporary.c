/* Temporary connections in the tray: the connect dialog's choice, journaling on the worker, cleanup. */
#include "tray_temporary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tray_connect_res.h"
#include "tray_consent.h"
#include "unc.h"
#include "winutil.h"

#define RETRY_MINUTES 10      /* a busy or failed record is tried (and asked about) again after this */
#define MAX_TIMER_S (60 * 60) /* the timer looks again at least hourly (sleep, clock changes) */

/* ---- the connect flow (worker side) ---- */

void tray_temp_before(backend *be, tray_temp_conn *tc)
{
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (!tc->on)
        return;
    model_free(tc->before);
    tc->before = NULL;
    if (backend_snapshot(be, &tc->before, &e) != CA_OK) {
        tc->before = NULL;
        tc->err = e;
    }
}

void tray_temp_after(backend *be, tray_temp_conn *tc, journal_store *journal, const char *session,
                     const char *requested, const char *remote, int remember)
{
    model *after = NULL;
    unc_path p;
    const char *names[16];
    const model_host *h;
    size_t n = 0, i;
    if (!tc->on)
        return;
    tc->done = 1;
    memset(&p, 0, sizeof(p));
    if (!journal) {
        tc->st = ca_fail(&tc->err, CA_ERR_INVALID, "no journal");
        return;
    }
    if (!tc->before) {
        tc->st = CA_ERR_IO; /* tc->err holds the snapshot's failure */
        return;
    }
    memset(&tc->err, 0, sizeof(tc->err));
    if ((tc->st = backend_snapshot(be, &after, &tc->err)) != CA_OK)
        return;
    if ((tc->st = unc_parse(remote, 0, &p, &tc->err)) != CA_OK) {
        model_free(after);
        return;
    }
    /* The names the new connection may use: its server and the other names of that machine. */
    names[n++] = p.server;
    h = model_host_of(after, p.server);
    for (i = 0; h && i < h->count && n < ARRAYSIZE(names); i++)
        if (!unc_server_equal(h->names[i], p.server))
            names[n++] = h->names[i];
    tc->st = journal_rec_from_connect(tc->before, after, names, n, requested, remote, remember, &tc->rec,
                                      &tc->err);
    if (tc->st == CA_OK)
        tc->st = journal_rec_stamp(&tc->rec, (long long)time(NULL), tc->minutes, session, &tc->err);
    if (tc->st == CA_OK)
        tc->st = journal_add(journal, &tc->rec, &tc->err);
    unc_path_cleanup(&p);
    model_free(after);
}

void tray_temp_conn_cleanup(tray_temp_conn *tc)
{
    model_free(tc->before);
    tc->before = NULL;
    journal_rec_cleanup(&tc->rec);
}

/* "14:05" today, else the short date and the time, in local time. */
static void when_text(long long t, WCHAR *buf, size_t len)
{
    ULARGE_INTEGER li;
    FILETIME ft;
    SYSTEMTIME utc, local, today;
    WCHAR date[64], tm[64];
    buf[0] = 0;
    li.QuadPart = ((ULONGLONG)t + 11644473600ull) * 10000000ull;
    ft.dwLowDateTime = li.LowPart;
    ft.dwHighDateTime = li.HighPart;
    if (t <= 0 || !FileTimeToSystemTime(&ft, &utc) || !SystemTimeToTzSpecificLocalTime(NULL, &utc, &local))
        return;
    GetLocalTime(&today);
    if (!GetTimeFormatEx(LOCALE_NAME_USER_DEFAULT, TIME_NOSECONDS, &local, NULL, tm, ARRAYSIZE(tm)))
        tm[0] = 0;
    if (local.wYear == today.wYear && local.wMonth == today.wMonth && local.wDay == today.wDay) {
        _snwprintf(buf, len, L"%ls", tm);
    } else {
        if (!GetDateFormatEx(LOCALE_NAME_USER_DEFAULT, DATE_SHORTDATE, &local, NULL, date, ARRAYSIZE(date),
                             NULL))
            date[0] = 0;
        _snwprintf(buf, len, L"%ls %ls", date, tm);
    }
    buf[len - 1] = 0;
}

void tray_temp_describe(wbuf *b, const tray_temp_conn *tc)
{
    WCHAR when[128], *text = NULL;
    if (!tc->on || !tc->done)
        return;
    if (tc->st == CA_OK && tc->rec.expires > 0) {
        when_text(tc->rec.expires, when, ARRAYSIZE(when));
        text = tray_fmt(IDS_TEMP_DONE_UNTIL, when, NULL);
    } else if (tc->st == CA_OK) {
        text = tray_load(IDS_TEMP_DONE_SIGNOUT);
    } else if (tc->st == CA_ERR_NOT_FOUND) {
        text = tray_load(IDS_TEMP_NOTHING);
    } else {
        WCHAR *why = win_from_utf8(tc->err.msg[0] ? tc->err.msg : "?");
        text = tray_fmt(IDS_TEMP_JOURNAL_FAILED, why ? why : L"?", NULL);
        free(why);
    }
    if (text) {
        wbuf_add(b, L" ");
        wbuf_add(b, text);
    }
    free(text);
}

/* ---- the connect dialog's controls ---- */

static const UINT when_ids[] = {IDS_TEMP_SIGNOUT, IDS_TEMP_1H, IDS_TEMP_4H, IDS_TEMP_AT};
#define WHEN_AT 3

void tray_temp_dialog_init(HWND dlg)
{
    HWND combo = GetDlgItem(dlg, IDC_CF_TEMP_WHEN);
    WCHAR *text = tray_load(IDS_TEMP_CHECK);
    size_t i;
    SetDlgItemTextW(dlg, IDC_CF_TEMP, text ? text : L"");
    free(text);
    text = tray_load(IDS_TEMP_WHEN_LABEL);
    SetDlgItemTextW(dlg, IDC_CF_TEMP_WHEN_LABEL, text ? text : L"");
    free(text);
    text = tray_load(IDS_TEMP_TIME_LABEL);
    SetDlgItemTextW(dlg, IDC_CF_TEMP_TIME_LABEL, text ? text : L"");
    free(text);
    SendMessageW(combo, CB_RESETCONTENT, 0, 0);
    for (i = 0; i < ARRAYSIZE(when_ids); i++) {
        text = tray_load(when_ids[i]);
        SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)(text ? text : L"?"));
        free(text);
    }
    SendMessageW(combo, CB_SETCURSEL, 0, 0);
    SendDlgItemMessageW(dlg, IDC_CF_TEMP_TIME, EM_LIMITTEXT, 5, 0);
    CheckDlgButton(dlg, IDC_CF_TEMP, BST_UNCHECKED);
    tray_temp_dialog_enable(dlg, 1);
}

void tray_temp_dialog_enable(HWND dlg, int edit)
{
    int on = IsDlgButtonChecked(dlg, IDC_CF_TEMP) == BST_CHECKED;
    int at = (int)SendDlgItemMessageW(dlg, IDC_CF_TEMP_WHEN, CB_GETCURSEL, 0, 0) == WHEN_AT;
    EnableWindow(GetDlgItem(dlg, IDC_CF_TEMP), edit);
    EnableWindow(GetDlgItem(dlg, IDC_CF_TEMP_WHEN_LABEL), edit && on);
    EnableWindow(GetDlgItem(dlg, IDC_CF_TEMP_WHEN), edit && on);
    EnableWindow(GetDlgItem(dlg, IDC_CF_TEMP_TIME_LABEL), edit && on && at);
    EnableWindow(GetDlgItem(dlg, IDC_CF_TEMP_TIME), edit && on && at);
}

int tray_temp_dialog_command(HWND dlg, int id, int code)
{
    if (id == IDC_CF_TEMP || (id == IDC_CF_TEMP_WHEN && code == CBN_SELCHANGE)) {
        tray_temp_dialog_enable(dlg, IsWindowEnabled(GetDlgItem(dlg, IDC_CF_TEMP)));
        return 1;
    }
    return id == IDC_CF_TEMP_WHEN || id == IDC_CF_TEMP_TIME;
}

long tray_temp_minutes_until(const WCHAR *text, const SYSTEMTIME *now)
{
    int h = 0, m = 0, digits = 0;
    long from, to;
    const WCHAR *p = text;
    while (*p == L' ')
        p++;
    while (*p >= L'0' && *p <= L'9' && digits < 2) {
        h = h * 10 + (*p++ - L'0');
        digits++;
    }
    if (!digits || (*p != L':' && *p != L'.'))
        return -1;
    p++;
    if (!(p[0] >= L'0' && p[0] <= L'9' && p[1] >= L'0' && p[1] <= L'9'))
        return -1;
    m = (p[0] - L'0') * 10 + (p[1] - L'0');
    p += 2;
    while (*p == L' ')
        p++;
    if (*p || h > 23 || m > 59)
        return -1;
    from = now->wHour * 60L + now->wMinute;
    to = h * 60L + m;
    if (to <= from)
        to += 24 * 60; /* it has passed today: tomorrow */
    return to - from;
}

int tray_temp_dialog_read(HWND dlg, tray_temp_conn *tc, WCHAR **message)
{
    static const long minutes[] = {0, 60, 240};
    int sel = (int)SendDlgItemMessageW(dlg, IDC_CF_TEMP_WHEN, CB_GETCURSEL, 0, 0);
    memset(tc, 0, sizeof(*tc));
    *message = NULL;
    if (IsDlgButtonChecked(dlg, IDC_CF_TEMP) != BST_CHECKED)
        return 1;
    tc->on = 1;
    if (sel == WHEN_AT) {
        WCHAR text[16];
        SYSTEMTIME now;
        GetDlgItemTextW(dlg, IDC_CF_TEMP_TIME, text, ARRAYSIZE(text));
        GetLocalTime(&now);
        tc->minutes = tray_temp_minutes_until(text, &now);
        if (tc->minutes < 0) {
            *message = tray_fmt(IDS_TEMP_BADTIME, text, NULL);
            memset(tc, 0, sizeof(*tc));
            return 0;
        }
    } else {
        tc->minutes = sel > 0 && sel < (int)ARRAYSIZE(minutes) ? minutes[sel] : 0;
    }
    return 1;
}

/* ---- the app's side ---- */

struct tray_temporary {
    tray_host *host;
    journal_rec *recs; /* the journal as last read (for marks) */
    size_t count;
    int asking; /* a question about a busy connection is open */
    unsigned runs, asked;
};

/* A job: run the cleanup (or force one record), then read the journal again. */
typedef struct temp_job {
    tray_temporary *t;
    journal_store *journal;
    char *session;
    unsigned flags;
    int run;           /* run the cleanup (else only read the journal) */
    char force_id[32]; /* force this record (the user agreed) */
    /* outcome */
    ca_status st;
    ca_error err;
    journal_report rep;
    journal_item forced;
    int have_forced;
    journal_rec *recs;
    size_t count;
    long long next_due, now;
} temp_job;

static void temp_job_free(void *ctx)
{
    temp_job *j = ctx;
    if (!j)
        return;
    journal_report_cleanup(&j->rep);
    if (j->have_forced)
        journal_rec_cleanup(&j->forced.rec);
    journal_recs_free(j->recs, j->count);
    free(j->session);
    free(j);
}

static void temp_call(backend *be, tray_job *tj)
{
    temp_job *j = tj->ctx;
    ca_error e;
    memset(&e, 0, sizeof(e));
    j->st = CA_OK;
    if (!j->journal)
        return;
    if (j->force_id[0]) {
        memset(&j->forced, 0, sizeof(j->forced));
        j->st = journal_force_one(be, j->journal, j->force_id, &j->forced, &j->err);
        j->have_forced = j->st == CA_OK;
    } else if (j->run) {
        j->st = journal_run_cleanup(be, j->journal, j->session, (long long)time(NULL), j->flags, &j->rep,
                                    &j->err);
    }
    j->now = (long long)time(NULL);
    if (journal_load(j->journal, &j->recs, &j->count, NULL, &e) != CA_OK) {
        j->recs = NULL;
        j->count = 0;
    }
    j->next_due = journal_next_due(j->recs, j->count, j->now, j->session);
}

/* "T: (\\fs9\tools)", "\\fs9\IPC$", with " and the saved credential fs9". */
static WCHAR *describe_rec(const journal_rec *r)
{
    wbuf b = {0};
    WCHAR *conn = NULL, *cred = r->cred_target ? win_from_utf8(r->cred_target) : NULL, *text;
    if (r->remote) {
        wbuf c = {0};
        wbuf_add_utf8(&c, r->local ? r->local : r->remote);
        if (r->local) {
            wbuf_add(&c, L" (");
            wbuf_add_utf8(&c, r->remote);
            wbuf_add(&c, L")");
        }
        conn = wbuf_take(&c);
    }
    if (conn && cred)
        text = tray_fmt(IDS_TEMP_DESC_CRED, conn, cred, NULL);
    else if (cred)
        text = tray_fmt(IDS_TEMP_DESC_CRED_ONLY, cred, NULL);
    else
        text = tray_wdup(conn ? conn : L"?");
    wbuf_add(&b, text);
    free(text);
    free(conn);
    free(cred);
    return wbuf_take(&b);
}

static void submit(tray_temporary *t, int run, unsigned flags, const char *force_id);

/* A busy connection at expiry: say so (balloon, status line), then ask; force only after a yes. */
static int ask_busy(tray_temporary *t, const journal_item *it)
{
    WCHAR *what = describe_rec(&it->rec), files[24], retry[24], *text, *open_text = NULL;
    int yes;
    if (it->open_files >= 0)
        tray_num(it->open_files, files);
    else
        open_text = tray_load(IDS_TEMP_OPEN_UNKNOWN);
    tray_num(RETRY_MINUTES, retry);
    text = tray_fmt(IDS_TEMP_BUSY, what ? what : L"?", open_text ? open_text : files, retry, NULL);
    tray_host_report(t->host, text ? text : L"", NIIF_WARNING);
    free(text);
    text = tray_fmt(IDS_TEMP_ASK, what ? what : L"?", open_text ? open_text : files, retry, NULL);
    t->asking = 1;
    t->asked++;
    yes = tray_consent_ask(tray_host_owner(t->host), IDS_TEMP_ASK_TITLE, text ? text : L"");
    t->asking = 0;
    free(text);
    free(what);
    free(open_text);
    if (yes && tray_host_alive(t->host)) {
        submit(t, 0, 0, it->rec.id);
        return 1;
    }
    return 0;
}

/* Reports one item's outcome; returns 1 when it stays (busy or failed). */
static int report_item(tray_temporary *t, const journal_item *it, int *forcing)
{
    WCHAR *what, *text = NULL;
    switch (it->result) {
    case JOURNAL_UNDONE:
        what = describe_rec(&it->rec);
        text = tray_fmt(IDS_TEMP_UNDONE, what ? what : L"?", NULL);
        tray_host_report(t->host, text ? text : L"", NIIF_INFO);
        free(what);
        free(text);
        return 0;
    case JOURNAL_BUSY:
        if (!*forcing && !t->asking && tray_host_alive(t->host))
            *forcing = ask_busy(t, it);
        return 1;
    case JOURNAL_FAILED: {
        WCHAR sentence[600], num[24];
        what = describe_rec(&it->rec);
        tray_error_text(it->code, NULL, sentence, ARRAYSIZE(sentence));
        text =
            tray_fmt(IDS_TEMP_FAILED, what ? what : L"?", sentence, tray_num((long long)it->code, num), NULL);
        tray_host_report(t->host, text ? text : L"", NIIF_WARNING);
        free(what);
        free(text);
        return 1;
    }
    default:
        return 0;
    }
}

static void temp_done(tray_job *tj)
{
    temp_job *j = tj->ctx;
    tray_temporary *t = tj->owner;
    size_t i, had = t->count;
    int left = 0, forcing = 0;
    long long delay;
    t->runs++;
    journal_recs_free(t->recs, t->count);
    t->recs = j->recs;
    t->count = j->count;
    j->recs = NULL;
    j->count = 0;
    if (j->have_forced)
        left |= report_item(t, &j->forced, &forcing);
    for (i = 0; j->st == CA_OK && i < j->rep.count; i++)
        left |= report_item(t, &j->rep.items[i], &forcing);
    if (!tray_host_alive(t->host))
        return;
    /* The next look: when the next record falls due; a busy or failed one again after a while. */
    delay = j->next_due > j->now ? j->next_due - j->now : 0;
    if (left || (j->next_due && j->next_due <= j->now))
        delay = delay && delay < RETRY_MINUTES * 60 ? delay : RETRY_MINUTES * 60;
    if (delay > MAX_TIMER_S || (!delay && t->count))
        delay = MAX_TIMER_S;
    if (!forcing)
        tray_host_arm_temporary(t->host, (unsigned)delay * 1000u);
    if (had || t->count)
        tray_host_refresh(t->host); /* the marks follow the journal */
}

static void submit(tray_temporary *t, int run, unsigned flags, const char *force_id)
{
    const tray_state *st = tray_host_state(t->host);
    tray_job *tj = tray_job_new(temp_call, temp_done, t);
    temp_job *j = calloc(1, sizeof(*j));
    if (!tj || !j || !(j->session = tray_dup8(st->session ? st->session : ""))) {
        free(j);
        tray_job_free(tj);
        return;
    }
    j->t = t;
    j->journal = st->journal;
    j->run = run;
    j->flags = flags;
    if (force_id)
        snprintf(j->force_id, sizeof(j->force_id), "%s", force_id);
    tj->ctx = j;
    tj->ctx_free = temp_job_free;
    tray_host_submit(t->host, tj);
}

tray_temporary *tray_temporary_create(tray_host *host)
{
    tray_temporary *t = calloc(1, sizeof(*t));
    if (t)
        t->host = host;
    return t;
}

void tray_temporary_free(tray_temporary *t)
{
    if (!t)
        return;
    journal_recs_free(t->recs, t->count);
    free(t);
}

void tray_temporary_due(tray_temporary *t)
{
    if (t && !t->asking)
        submit(t, 1, 0, NULL);
}

void tray_temporary_start(tray_temporary *t)
{
    const tray_state *st = t ? tray_host_state(t->host) : NULL;
    journal_rec *recs = NULL;
    size_t count = 0, unreadable = 0;
    ca_error e;
    memset(&e, 0, sizeof(e));
    /* A quick look on the UI thread (the registry, no network): an empty journal needs no job. */
    if (!st || !st->journal || journal_load(st->journal, &recs, &count, &unreadable, &e) != CA_OK)
        return;
    journal_recs_free(recs, count);
    if (count)
        submit(t, 1, 0, NULL);
}

void tray_temporary_changed(tray_temporary *t)
{
    if (t)
        submit(t, 0, 0, NULL);
}

void tray_temporary_mark(const tray_temporary *t, tray_view *view, const model *m)
{
    size_t i;
    if (!t || !t->count || !m)
        return;
    for (i = 0; i < view->row_count; i++) {
        tray_row *r = &view->rows[i];
        const model_use *u;
        const journal_rec *rec;
        WCHAR when[128], *text;
        if (r->use < 0 || (size_t)r->use >= m->use_count)
            continue;
        u = &m->uses[r->use];
        rec = journal_find_use(t->recs, t->count, u->local, u->remote);
        if (!rec)
            continue;
        if (rec->expires > 0) {
            when_text(rec->expires, when, ARRAYSIZE(when));
            text = tray_fmt(IDS_TEMP_MARK_UNTIL, r->col[TRAY_COL_STATUS] ? r->col[TRAY_COL_STATUS] : L"",
                            when, NULL);
        } else {
            text = tray_fmt(IDS_TEMP_MARK_SIGNOUT, r->col[TRAY_COL_STATUS] ? r->col[TRAY_COL_STATUS] : L"",
                            NULL);
        }
        if (text) {
            free(r->col[TRAY_COL_STATUS]);
            r->col[TRAY_COL_STATUS] = text;
        }
    }
}

size_t tray_temporary_finish(tray_temporary *t, backend *be)
{
    const tray_state *st;
    journal_report rep;
    ca_error e;
    size_t i, left = 0;
    if (!t || !be)
        return 0;
    st = tray_host_state(t->host);
    if (!st->journal)
        return 0;
    memset(&e, 0, sizeof(e));
    if (journal_run_cleanup(be, st->journal, st->session ? st->session : "", (long long)time(NULL),
                            JOURNAL_CLEAN_ALL, &rep, &e) != CA_OK)
        return 0;
    for (i = 0; i < rep.count; i++)
        left += rep.items[i].result == JOURNAL_BUSY || rep.items[i].result == JOURNAL_FAILED;
    journal_report_cleanup(&rep);
    return left;
}

unsigned tray_temporary_runs(const tray_temporary *t)
{
    return t ? t->runs : 0;
}

unsigned tray_temporary_asked(const tray_temporary *t)
{
    return t ? t->asked : 0;
}
