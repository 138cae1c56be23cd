/* "Connect as…": the connect dialog, the 1219 prediction, the conflict dialog, connecting and its results. */
#include "tray_connect.h"

#include "tray_internal.h"

#include <commctrl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "acct.h"
#include "predict.h"
#include "unc.h"
#include "winutil.h"

#define CF_MAX_PASSWORD 256 /* CREDUI_MAX_PASSWORD_LENGTH */
#define CF_MAX_MISSES 32
#define CF_ERROR_COLOUR RGB(0xA0, 0x10, 0x10)

/* The one place a password lives between the dialog and the backend (a locked page). */
typedef struct cf_secret {
    WCHAR wide[CF_MAX_PASSWORD + 2];
    char utf8[CF_MAX_PASSWORD * 3 + 4];
} cf_secret;

/* A 1219 that Windows gave although the prediction said the request was free. */
typedef struct cf_miss {
    SYSTEMTIME when;
    char *remote;
    char *user; /* NULL: default credentials */
    char *found;
} cf_miss;

/* One thing done before connecting: disconnect a use or delete a saved credential. */
typedef struct cf_step {
    int forget;
    char *name;   /* use: local device or remote; credential: raw target */
    char *remote; /* use: its remote path (messages) */
    char *user;   /* credential: its user (messages) */
    model_cred_type type;
    int force;
    int open_files;
    int done; /* succeeded, or the thing was gone already */
    ca_status st;
    ca_error err;
} cf_step;

/* What a TRAY_JOB_CALL job of this flow carries (tray_job.ctx). */
typedef struct cf_job {
    unsigned serial;
    int check_only; /* just the snapshot, to predict with */
    cf_step *steps;
    size_t step_count;
    char *remote; /* \\server\share (or \\server\IPC$) */
    char *user;   /* NULL: default credentials */
    char local[4];
    int save_credential;
    cf_secret *secret; /* the password, NULL with default credentials */
    /* outcome */
    int busy;          /* disconnects refused for open files: nothing was connected */
    int failed;        /* a disconnect failed otherwise: nothing was connected */
    int forget_failed; /* a credential could not be deleted (the connect went ahead) */
    int attempted;     /* backend_connect_to was called */
    ca_status st;
    ca_error err;
    char assigned[4];
} cf_job;

struct tray_connect {
    HWND dlg;
    HWND task; /* the conflict dialog while it is open */
    tray_cf_stage stage;
    unsigned serial; /* results of older submissions are ignored */
    cf_secret *secret;
    int have_password;
    int message_error;
    HICON icon;
    char *server;  /* the server the dialog shows, NULL when the location is not understood */
    int has_share; /* the location names a share (a bare \\server gets no drive letter) */
    /* the request being made */
    char *path8;
    char *user;
    char *rest;    /* below the share ("" or "\dir") */
    char local[4]; /* "", "*" or "X:" */
    int save_credential;
    /* the last prediction, on a private copy of the state (refreshes replace the app's) */
    model *m;
    prediction pred;
    int have_pred;
    int refused; /* the conflict dialog follows a 1219 from Windows */
    /* injection and observation */
    tray_open_fn opener;
    void *opener_ctx;
    WCHAR *opened;
    WCHAR *conflict_text;
    unsigned done_count;
    unsigned miss_count;
    cf_miss misses[CF_MAX_MISSES];
    size_t miss_kept;
};

/* ---- small helpers ---- */

static tray_connect *cf_get(tray_app *app)
{
    tray_connect *cf = app->connect;
    if (cf)
        return cf;
    cf = calloc(1, sizeof(*cf));
    if (!cf)
        return NULL;
    cf->secret = VirtualAlloc(NULL, sizeof(*cf->secret), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!cf->secret) {
        free(cf);
        return NULL;
    }
    /* Best effort: a locked page is never written to the page file. */
    VirtualLock(cf->secret, sizeof(*cf->secret));
    app->connect = cf;
    return cf;
}

static void cf_wipe(tray_connect *cf)
{
    SecureZeroMemory(cf->secret, sizeof(*cf->secret));
    cf->have_password = 0;
}

static void cf_clear_prediction(tray_connect *cf)
{
    if (cf->have_pred)
        prediction_cleanup(&cf->pred);
    cf->have_pred = 0;
    model_free(cf->m);
    cf->m = NULL;
}

static void cf_clear_request(tray_connect *cf)
{
    free(cf->path8);
    free(cf->user);
    free(cf->rest);
    cf->path8 = cf->user = cf->rest = NULL;
    cf->local[0] = 0;
    cf->save_credential = 0;
    cf->refused = 0;
    cf_clear_prediction(cf);
}

/* \\server\share (malloc'd). */
static char *make_remote(const char *server, const char *share)
{
    size_t n = strlen(server) + strlen(share) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "\\\\%s\\%s", server, share);
    return s;
}

/* Appends names as "a, b and c". */
static void add_joined_list(wbuf *out, WCHAR *const *names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (i)
            wbuf_add_res(out, i + 1 == n ? IDS_LIST_AND : IDS_LIST_COMMA, NULL, 0);
        wbuf_add(out, names[i] ? names[i] : L"?");
    }
}

/* The uses (indices into m) as "O:, W: and \\srv\share". */
static WCHAR *use_list(const model *m, const size_t *idx, size_t n)
{
    wbuf b = {0};
    WCHAR **names = calloc(n ? n : 1, sizeof(*names));
    size_t i;
    if (!names)
        return NULL;
    for (i = 0; i < n; i++) {
        const model_use *u = &m->uses[idx[i]];
        names[i] = win_from_utf8(u->local ? u->local : u->remote);
    }
    add_joined_list(&b, names, n);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return wbuf_take(&b);
}

static WCHAR *user_text(const char *user)
{
    return user ? win_from_utf8(user) : tray_load(IDS_CF_DEFAULT_USER);
}

/* "sentence (error N)" for code, with the backend's message when the table has none. */
static WCHAR *failure_text(unsigned long code, const char *detail)
{
    WCHAR sentence[600], num[24];
    tray_error_text(code, detail, sentence, ARRAYSIZE(sentence));
    return tray_fmt(IDS_CF_FAILED, sentence, tray_num((long long)code, num), NULL);
}

/* ---- the dialog's parts ---- */

static HWND item(tray_connect *cf, int id)
{
    return GetDlgItem(cf->dlg, id);
}

static void set_text_id(tray_connect *cf, int id, UINT string_id)
{
    WCHAR *text = tray_load(string_id);
    SetDlgItemTextW(cf->dlg, id, text ? text : L"");
    free(text);
}

static void set_message(tray_connect *cf, const WCHAR *text, int error)
{
    cf->message_error = error;
    SetDlgItemTextW(cf->dlg, IDC_CF_MESSAGE, text ? text : L"");
    InvalidateRect(item(cf, IDC_CF_MESSAGE), NULL, TRUE);
}

static void set_message_id(tray_connect *cf, UINT id, const char *arg, int error)
{
    WCHAR *w = arg ? win_from_utf8(arg) : NULL, *text = tray_fmt(id, w ? w : L"", NULL);
    set_message(cf, text, error);
    free(text);
    free(w);
}

static void focus(tray_connect *cf, int id)
{
    HWND h = item(cf, id);
    SendMessageW(cf->dlg, WM_NEXTDLGCTL, (WPARAM)h, TRUE);
    if (id == IDC_CF_PASSWORD || id == IDC_CF_PATH)
        SendMessageW(h, EM_SETSEL, 0, -1);
}

static void set_stage(tray_connect *cf, tray_cf_stage stage)
{
    static const int inputs[] = {IDC_CF_PATH, IDC_CF_USER, IDC_CF_PASSWORD, IDC_CF_REMEMBER, IDOK};
    size_t i;
    int edit = stage == TRAY_CF_EDIT;
    cf->stage = stage;
    if (!cf->dlg)
        return;
    for (i = 0; i < ARRAYSIZE(inputs); i++)
        EnableWindow(item(cf, inputs[i]), edit);
    EnableWindow(item(cf, IDC_CF_DRIVE), edit && (!cf->server || cf->has_share));
    /* A connect call cannot be taken back; a check can (and Esc reaches Cancel meanwhile). */
    EnableWindow(item(cf, IDCANCEL), stage == TRAY_CF_EDIT || stage == TRAY_CF_CHECKING);
    if (stage == TRAY_CF_CHECKING)
        SendMessageW(cf->dlg, WM_NEXTDLGCTL, (WPARAM)item(cf, IDCANCEL), TRUE);
}

/* Empties the password edit, overwriting its text first (best effort: the edit keeps its
 * buffer when the length stays the same). */
static void clear_password_edit(tray_connect *cf)
{
    HWND edit = item(cf, IDC_CF_PASSWORD);
    int n = GetWindowTextLengthW(edit);
    WCHAR *fill = n > 0 ? malloc(((size_t)n + 1) * sizeof(WCHAR)) : NULL;
    if (fill) {
        wmemset(fill, L'x', (size_t)n);
        fill[n] = 0;
        SetWindowTextW(edit, fill);
        free(fill);
    }
    SetWindowTextW(edit, L"");
}

/* Resolves the location as typed: a UNC path, or a drive path through the current state. */
static ca_status parse_target(tray_app *app, const char *path8, unc_path *out, UINT *why)
{
    ca_status st;
    memset(out, 0, sizeof(*out));
    *why = IDS_CF_BADPATH;
    if (!path8 || !*path8)
        return CA_ERR_INVALID;
    if (unc_is_drive_path(path8, NULL)) {
        *why = IDS_CF_NODRIVE;
        if (!app->have_state)
            return CA_ERR_NOT_FOUND;
        st = model_resolve_path(app->m, path8, 0, out, NULL);
    } else {
        st = unc_parse(path8, 0, out, NULL);
    }
    if (st != CA_OK)
        unc_path_cleanup(out);
    return st;
}

/* The text of a control (malloc'd UTF-8, "" when empty; NULL when out of memory). */
static char *control_utf8(tray_connect *cf, int id)
{
    HWND h = item(cf, id);
    int n = GetWindowTextLengthW(h);
    WCHAR *w = malloc(((size_t)n + 1) * sizeof(WCHAR));
    char *s;
    if (!w)
        return NULL;
    w[0] = 0;
    GetWindowTextW(h, w, n + 1);
    s = win_to_utf8(w);
    free(w);
    return s;
}

/* "hka-fs01 as IAI\bp (your sign-in), through O:, W: and Y:" or "Nothing is connected to …". */
static void show_now(tray_app *app, tray_connect *cf)
{
    WCHAR *text = NULL;
    if (!cf->server) {
        text = tray_wdup(L"");
    } else if (!app->have_state) {
        text = tray_load(IDS_CF_NOW_LOADING);
    } else {
        long gi = tray_view_find(&app->view, cf->server);
        const tray_group *g = gi >= 0 ? &app->view.groups[gi] : NULL;
        if (g && g->slot) {
            WCHAR *list = use_list(app->m, g->slot->uses, g->slot->count);
            text = tray_fmt(IDS_CF_NOW, g->wserver, g->user, list ? list : L"", NULL);
            free(list);
        } else {
            WCHAR *w = win_from_utf8(cf->server);
            text = tray_fmt(IDS_CF_NOW_NONE, w ? w : L"", NULL);
            free(w);
        }
    }
    SetDlgItemTextW(cf->dlg, IDC_CF_NOW, text ? text : L"");
    free(text);
}

/* ---- recent user names (HKCU\Software\ConnectAs\RecentUsers, value = server) ---- */

/* The list as REG_MULTI_SZ (malloc'd, NULL when none). */
static WCHAR *recent_read(const WCHAR *server, DWORD *size)
{
    WCHAR *data;
    *size = 0;
    if (RegGetValueW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, server, RRF_RT_REG_MULTI_SZ, NULL, NULL,
                     size) != ERROR_SUCCESS ||
        !*size)
        return NULL;
    data = calloc(1, *size + 2 * sizeof(WCHAR));
    if (data && RegGetValueW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, server, RRF_RT_REG_MULTI_SZ, NULL,
                             data, size) != ERROR_SUCCESS) {
        free(data);
        data = NULL;
    }
    return data;
}

static void recent_save(const char *server, const char *user)
{
    WCHAR *wserver = win_from_utf8(server), *wuser = win_from_utf8(user), *old = NULL, *p;
    wbuf b = {0};
    DWORD size = 0;
    HKEY key = NULL;
    int n = 1;
    if (!wserver || !wuser || !*wuser)
        goto cleanup;
    old = recent_read(wserver, &size);
    wbuf_addn(&b, wuser, wcslen(wuser) + 1);
    for (p = old; p && *p && n < TRAY_RECENT_USERS_MAX; p += wcslen(p) + 1) {
        if (!_wcsicmp(p, wuser))
            continue;
        wbuf_addn(&b, p, wcslen(p) + 1);
        n++;
    }
    wbuf_addn(&b, L"", 1);
    if (b.failed || RegCreateKeyExW(HKEY_CURRENT_USER, TRAY_RECENT_USERS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL,
                                    &key, NULL) != ERROR_SUCCESS)
        goto cleanup;
    RegSetValueExW(key, wserver, 0, REG_MULTI_SZ, (const BYTE *)b.data, (DWORD)(b.len * sizeof(WCHAR)));
    RegCloseKey(key);
cleanup:
    wbuf_cleanup(&b);
    free(old);
    free(wserver);
    free(wuser);
}

/* Fills the user box's list for the server; an empty box gets the most recent name. */
static void fill_users(tray_app *app, tray_connect *cf)
{
    HWND combo = item(cf, IDC_CF_USER);
    WCHAR typed[ACCT_MAX_TEXT + 2], *list = NULL, *wserver, *p;
    DWORD size = 0;
    GetWindowTextW(combo, typed, ARRAYSIZE(typed));
    SendMessageW(combo, CB_RESETCONTENT, 0, 0);
    /* The sandbox neither reads nor writes this computer's list. */
    wserver = cf->server && !app->sandbox ? win_from_utf8(cf->server) : NULL;
    if (wserver)
        list = recent_read(wserver, &size);
    for (p = list; p && *p; p += wcslen(p) + 1)
        SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)p);
    if (typed[0])
        SetWindowTextW(combo, typed);
    else if (list && list[0])
        SendMessageW(combo, CB_SETCURSEL, 0, 0);
    free(list);
    free(wserver);
}

/* ---- drive letters ---- */

static int letter_in_use(const model *m, WCHAR letter)
{
    size_t i;
    for (i = 0; m && i < m->use_count; i++) {
        const char *l = m->uses[i].local;
        if (l && l[0] == (char)letter && l[1] == ':' && !l[2])
            return 1;
    }
    return 0;
}

/* None, next free, then the letters that are free now; keeps the choice when it still is. */
static void fill_drives(tray_app *app, tray_connect *cf)
{
    HWND combo = item(cf, IDC_CF_DRIVE);
    int sel = (int)SendMessageW(combo, CB_GETCURSEL, 0, 0), i, keep = 0;
    LRESULT was = sel >= 0 ? SendMessageW(combo, CB_GETITEMDATA, (WPARAM)sel, 0) : 0;
    DWORD used = app->sandbox ? 0 : GetLogicalDrives();
    WCHAR *none = tray_load(IDS_CF_DRIVE_NONE), *next = tray_load(IDS_CF_DRIVE_NEXT), name[4] = L"D:";
    SendMessageW(combo, CB_RESETCONTENT, 0, 0);
    i = (int)SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)(none ? none : L"-"));
    SendMessageW(combo, CB_SETITEMDATA, (WPARAM)i, 0);
    i = (int)SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)(next ? next : L"*"));
    SendMessageW(combo, CB_SETITEMDATA, (WPARAM)i, '*');
    for (name[0] = L'D'; name[0] <= L'Z'; name[0]++) {
        if ((used & (1u << (name[0] - L'A'))) || letter_in_use(app->have_state ? app->m : NULL, name[0]))
            continue;
        i = (int)SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)name);
        SendMessageW(combo, CB_SETITEMDATA, (WPARAM)i, name[0]);
        if (was == name[0])
            keep = i;
    }
    if (was == '*')
        keep = 1;
    SendMessageW(combo, CB_SETCURSEL, (WPARAM)keep, 0);
    free(none);
    free(next);
}

/* "Next free letter": the highest letter the list offers (as `net use *` picks), which also
 * leaves out connections that are not drives of this machine yet; '*' when none is listed. */
static LRESULT highest_free(tray_connect *cf)
{
    HWND combo = item(cf, IDC_CF_DRIVE);
    int n = (int)SendMessageW(combo, CB_GETCOUNT, 0, 0), i;
    LRESULT best = '*';
    for (i = 0; i < n; i++) {
        LRESULT data = SendMessageW(combo, CB_GETITEMDATA, (WPARAM)i, 0);
        if (data >= 'D' && data <= 'Z' && (best == '*' || data > best))
            best = data;
    }
    return best;
}

/* The location was edited (or the state changed): what the dialog says about its server. */
static void update_target(tray_app *app, tray_connect *cf)
{
    char *path8 = control_utf8(cf, IDC_CF_PATH);
    unc_path t;
    UINT why;
    char *server = NULL;
    int has_share = 0;
    if (path8 && parse_target(app, path8, &t, &why) == CA_OK) {
        server = tray_dup8(t.server);
        has_share = t.share != NULL;
        unc_path_cleanup(&t);
    }
    free(path8);
    if (!server || !cf->server || !unc_server_equal(server, cf->server)) {
        free(cf->server);
        cf->server = server;
        fill_users(app, cf);
    } else {
        free(server);
    }
    cf->has_share = has_share;
    show_now(app, cf);
    set_text_id(cf, IDC_CF_HINT, cf->server && !has_share ? IDS_CF_HINT_SERVER : IDS_CF_HINT);
    EnableWindow(item(cf, IDC_CF_DRIVE), cf->stage == TRAY_CF_EDIT && (!cf->server || has_share));
}

/* ---- jobs ---- */

static void cf_job_free(void *ctx)
{
    cf_job *j = ctx;
    size_t i;
    if (!j)
        return;
    for (i = 0; i < j->step_count; i++) {
        free(j->steps[i].name);
        free(j->steps[i].remote);
        free(j->steps[i].user);
    }
    free(j->steps);
    free(j->remote);
    free(j->user);
    free(j);
}

static cf_step *add_step(cf_job *j, const char *name)
{
    cf_step *steps = realloc(j->steps, (j->step_count + 1) * sizeof(*steps)), *s;
    if (!steps)
        return NULL;
    j->steps = steps;
    s = &steps[j->step_count];
    memset(s, 0, sizeof(*s));
    s->open_files = -1;
    if (!(s->name = tray_dup8(name)))
        return NULL;
    j->step_count++;
    return s;
}

/* On the worker: disconnect, forget, connect; the password is wiped right after the
 * connect call (kept only across a 1219: the conflict dialog comes next). */
static void cf_call(backend *be, tray_job *tj)
{
    cf_job *j = tj->ctx;
    backend_connect req;
    size_t i;
    if (!j || j->check_only)
        return;
    for (i = 0; i < j->step_count; i++) {
        cf_step *s = &j->steps[i];
        if (s->done || (s->forget && (j->busy || j->failed)))
            continue;
        memset(&s->err, 0, sizeof(s->err));
        s->st = s->forget ? backend_forget(be, s->name, s->type, &s->err)
                          : backend_disconnect(be, s->name, s->force, 0, &s->err);
        if (s->st == CA_OK || s->st == CA_ERR_NOT_FOUND)
            s->done = 1; /* gone already counts as done */
        else if (s->forget)
            j->forget_failed++;
        else if (s->st == CA_ERR_BUSY && !s->force)
            j->busy++;
        else
            j->failed++;
    }
    if (j->busy || j->failed)
        return;
    memset(&req, 0, sizeof(req));
    req.remote = j->remote;
    req.local = j->local[0] ? j->local : NULL;
    req.user = j->user;
    req.password = j->user && j->secret ? j->secret->utf8 : NULL;
    req.save_credential = j->save_credential && j->user;
    memset(&j->err, 0, sizeof(j->err));
    j->attempted = 1;
    j->st = backend_connect_to(be, &req, j->assigned, &j->err);
    if (j->secret && !(j->st != CA_OK && j->err.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT))
        SecureZeroMemory(j->secret, sizeof(*j->secret));
}

static void cf_done(tray_app *app, tray_job *tj);

static void submit(tray_app *app, tray_connect *cf, cf_job *j)
{
    tray_job *tj = tray_job_new(TRAY_JOB_CALL, NULL);
    if (!tj) {
        cf_job_free(j);
        return;
    }
    j->serial = cf->serial;
    tj->call = cf_call;
    tj->done = cf_done;
    tj->ctx = j;
    tj->ctx_free = cf_job_free;
    app->busy++;
    tray_worker_submit(app->worker, tj);
}

/* ---- back to the dialog ---- */

/* Back to editing after a failure or a refusal: the password is gone, the user name kept. */
static void back_to_edit(tray_app *app, tray_connect *cf, const WCHAR *message, int error, int focus_id)
{
    cf_wipe(cf);
    clear_password_edit(cf);
    set_stage(cf, TRAY_CF_EDIT);
    fill_drives(app, cf);
    update_target(app, cf);
    set_message(cf, message, error);
    focus(cf, focus_id);
}

/* The next step for a failure code, and the control to go to. */
static UINT next_step(unsigned long code, int *focus_id)
{
    switch (code) {
    case CA_WIN_INVALID_PASSWORD:
    case CA_WIN_LOGON_FAILURE:
        *focus_id = IDC_CF_PASSWORD;
        return IDS_CF_NEXT_RETYPE;
    case CA_WIN_ALREADY_ASSIGNED:
    case CA_WIN_DEVICE_ALREADY_REMEMBERED:
        *focus_id = IDC_CF_DRIVE;
        return IDS_CF_NEXT_DRIVE;
    case CA_WIN_BAD_NETPATH:
    case CA_WIN_BAD_NET_NAME:
    case CA_WIN_NO_NETWORK:
    case 1311: /* no domain controller */
    case 1396: /* alias without SPN */
        *focus_id = IDC_CF_PATH;
        return IDS_CF_NEXT_PATH;
    case CA_WIN_ACCESS_DENIED:
    case 1272:
    case 1327:
    case 1330:
    case 1331:
    case 1385:
    case 1793:
    case 1907:
    case 1909:
    case 2202:
        *focus_id = IDC_CF_USER;
        return IDS_CF_NEXT_ACCOUNT;
    default:
        *focus_id = IDC_CF_PASSWORD;
        return IDS_CF_NEXT_RETRY;
    }
}

/* Back to editing with a failure and, on the next line, what to do now. */
static void back_with_step(tray_app *app, tray_connect *cf, const WCHAR *failure, const WCHAR *step,
                           int focus_id)
{
    wbuf b = {0};
    wbuf_add(&b, failure);
    wbuf_add(&b, L"\r\n");
    wbuf_add(&b, step);
    back_to_edit(app, cf, wbuf_str(&b), 1, focus_id);
    wbuf_cleanup(&b);
}

static void show_failure(tray_app *app, tray_connect *cf, unsigned long code, const char *detail)
{
    WCHAR *text = failure_text(code, detail), *next;
    int focus_id = IDC_CF_PASSWORD;
    next = tray_load(next_step(code, &focus_id));
    back_with_step(app, cf, text, next, focus_id);
    free(text);
    free(next);
}

/* ---- the conflict dialog ---- */

typedef HRESULT(WINAPI *task_dialog_fn)(const TASKDIALOGCONFIG *, int *, int *, BOOL *);

static HRESULT CALLBACK task_callback(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, LONG_PTR data)
{
    tray_connect *cf = (tray_connect *)data;
    (void)wp;
    (void)lp;
    if (msg == TDN_CREATED || msg == TDN_DIALOG_CONSTRUCTED)
        cf->task = hwnd;
    else if (msg == TDN_DESTROYED)
        cf->task = NULL;
    return S_OK;
}

/* Localised caveat for an alias fix (R7): address, the computer's other name, or a DNS alias. */
static UINT caveat_id(const predict_fix *f)
{
    if (f->alias_kind == UNC_NAME_IPV4 || f->alias_kind == UNC_NAME_IPV6)
        return IDS_CF_CAVEAT_IP;
    return f->alias_certainty <= CERTAINTY_MEDIUM ? IDS_CF_CAVEAT_NAME : IDS_CF_CAVEAT_ALIAS;
}

/* The one-sentence reason: who holds the slot, through what, and the rule. */
static WCHAR *conflict_reason(tray_app *app, tray_connect *cf)
{
    const prediction *p = &cf->pred;
    WCHAR *server = win_from_utf8(p->server), *holder, *list, *text, *req;
    size_t *idx = calloc(p->conflict_count ? p->conflict_count : 1, sizeof(*idx)), i;
    (void)app;
    for (i = 0; idx && i < p->conflict_count; i++)
        idx[i] = p->conflicts[i].use;
    list = idx ? use_list(cf->m, idx, p->conflict_count) : NULL;
    free(idx);
    if (p->slot_user_kind == SLOT_USER_SAVED && p->slot_user) {
        WCHAR *u = win_from_utf8(p->slot_user);
        holder = tray_fmt(IDS_USER_SAVED, u ? u : L"?", NULL);
        free(u);
    } else {
        holder = user_text(p->slot_user ? p->slot_user : cf->m->logon_user);
    }
    req = user_text(p->requested_user);
    if (p->reason == REASON_DFS)
        text =
            tray_fmt(IDS_CF_WHY_DFS, server ? server : L"", holder ? holder : L"", list ? list : L"", NULL);
    else if (p->reason == REASON_SPELLING)
        text = tray_fmt(IDS_CF_WHY_SPELLING, server ? server : L"", holder ? holder : L"", list ? list : L"",
                        req ? req : L"", NULL);
    else
        text = tray_fmt(IDS_CF_WHY, server ? server : L"", holder ? holder : L"", list ? list : L"", NULL);
    free(server);
    free(holder);
    free(list);
    free(req);
    return text;
}

#define CF_MAX_BUTTONS (3 + TRAY_CF_ALIAS_MAX)

/* Shows the conflict dialog for cf->pred; returns the chosen command (TRAY_CF_*) or IDCANCEL. */
static int ask_conflict(tray_app *app, tray_connect *cf)
{
    const prediction *p = &cf->pred;
    TASKDIALOGCONFIG tdc;
    TASKDIALOG_BUTTON buttons[CF_MAX_BUTTONS];
    wbuf texts[CF_MAX_BUTTONS], record = {0};
    WCHAR *title, *main_text, *reason, *footer = NULL, *path = win_from_utf8(cf->path8), *req;
    const predict_fix *disconnect = NULL;
    size_t i, nb = 0, nalias = 0;
    int choice = IDCANCEL, forgets = 0;
    HMODULE comctl;
    task_dialog_fn task_dialog;

    memset(texts, 0, sizeof(texts));
    title = tray_load(IDS_CF_CONFLICT_TITLE);
    req = user_text(p->requested_user);
    main_text = tray_fmt(cf->refused ? IDS_CF_CONFLICT_MAIN_REFUSED : IDS_CF_CONFLICT_MAIN, path ? path : L"",
                         req ? req : L"", NULL);
    reason = conflict_reason(app, cf);
    if (p->certainty != CERTAINTY_HIGH && !cf->refused)
        footer = tray_load(IDS_CF_LIKELY);
    for (i = 0; i < p->fix_count; i++) {
        if (p->fixes[i].kind == FIX_DISCONNECT && !disconnect)
            disconnect = &p->fixes[i];
        forgets += p->fixes[i].kind == FIX_FORGET_CREDENTIAL;
    }
    /* Least disruptive first: the same account as written there, then the fixes in the plan's order. */
    for (i = 0; i < p->fix_count && nb < CF_MAX_BUTTONS; i++) {
        const predict_fix *f = &p->fixes[i];
        wbuf *t = &texts[nb];
        if (f->kind == FIX_USE_SPELLING && f->user) {
            WCHAR *u = win_from_utf8(f->user);
            wbuf_add_res(t, IDS_CF_BTN_SPELLING, (const WCHAR *const *)&u, 1);
            wbuf_add(t, L"\n");
            wbuf_add_res(t, IDS_CF_NOTE_SPELLING, NULL, 0);
            buttons[nb].nButtonID = TRAY_CF_SPELLING;
            buttons[nb++].pszButtonText = wbuf_str(t);
            free(u);
        }
    }
    if (disconnect && nb < CF_MAX_BUTTONS) {
        wbuf *t = &texts[nb];
        WCHAR num[24], *list = use_list(cf->m, disconnect->uses, disconnect->use_count);
        const WCHAR *n = tray_num((long long)disconnect->use_count, num);
        wbuf_add_res(t, disconnect->use_count == 1 ? IDS_CF_BTN_DISCONNECT_1 : IDS_CF_BTN_DISCONNECT_N, &n,
                     1);
        wbuf_add(t, L"\n");
        wbuf_add_res(t, IDS_CF_NOTE_DISCONNECT, (const WCHAR *const *)&list, 1);
        if (disconnect->open_files > 0) {
            n = tray_num(disconnect->open_files, num);
            wbuf_add(t, L" ");
            wbuf_add_res(t, IDS_CF_NOTE_OPEN, &n, 1);
        }
        buttons[nb].nButtonID = TRAY_CF_DISCONNECT;
        buttons[nb++].pszButtonText = wbuf_str(t);
        free(list);
    }
    for (i = 0; i < p->fix_count && nb < CF_MAX_BUTTONS && nalias < TRAY_CF_ALIAS_MAX; i++) {
        const predict_fix *f = &p->fixes[i];
        wbuf *t = &texts[nb];
        WCHAR *alias, *apath, *caveat;
        if (f->kind != FIX_ALIAS || !f->alias || !f->alias_path)
            continue;
        alias = win_from_utf8(f->alias);
        apath = win_from_utf8(f->alias_path);
        caveat = tray_load(caveat_id(f));
        wbuf_add_res(t, IDS_CF_BTN_ALIAS, (const WCHAR *const *)&alias, 1);
        wbuf_add(t, L"\n");
        wbuf_add_res(t, IDS_CF_NOTE_ALIAS, (const WCHAR *const[]){apath, caveat}, 2);
        buttons[nb].nButtonID = TRAY_CF_ALIAS_FIRST + (int)nalias++;
        buttons[nb++].pszButtonText = wbuf_str(t);
        free(alias);
        free(apath);
        free(caveat);
    }
    if (forgets && disconnect && nb < CF_MAX_BUTTONS) {
        wbuf *t = &texts[nb], creds = {0};
        WCHAR *server = win_from_utf8(p->server), **names = calloc((size_t)forgets, sizeof(*names));
        WCHAR *uses = use_list(cf->m, disconnect->uses, disconnect->use_count);
        size_t k = 0;
        for (i = 0; names && i < p->fix_count; i++) {
            const model_cred *c;
            if (p->fixes[i].kind != FIX_FORGET_CREDENTIAL || p->fixes[i].cred < 0)
                continue;
            c = &cf->m->creds[p->fixes[i].cred];
            {
                WCHAR *target = win_from_utf8(c->raw_target), *user = win_from_utf8(c->user ? c->user : "?"),
                      *kind = tray_load(c->type == CRED_KIND_DOMAIN ? IDS_CRED_WINDOWS : IDS_CRED_GENERIC);
                wbuf one = {0};
                wbuf_add_res(&one, IDS_CONFIRM_FORGET_LINE, (const WCHAR *const[]){target, user, kind}, 3);
                names[k++] = wbuf_take(&one);
                free(target);
                free(user);
                free(kind);
            }
        }
        add_joined_list(&creds, names, k);
        wbuf_add_res(t, IDS_CF_BTN_FORGET, (const WCHAR *const *)&server, 1);
        wbuf_add(t, L"\n");
        wbuf_add_res(t, IDS_CF_NOTE_FORGET, (const WCHAR *const[]){server, wbuf_str(&creds), uses}, 3);
        buttons[nb].nButtonID = TRAY_CF_FORGET;
        buttons[nb++].pszButtonText = wbuf_str(t);
        for (i = 0; i < k; i++)
            free(names[i]);
        free(names);
        free(server);
        free(uses);
        wbuf_cleanup(&creds);
    }

    /* What the dialog says, for tests and support. */
    wbuf_add(&record, main_text);
    wbuf_add(&record, L"\n");
    wbuf_add(&record, reason);
    wbuf_add(&record, L"\n");
    for (i = 0; i < nb; i++) {
        wbuf_add(&record, buttons[i].pszButtonText);
        wbuf_add(&record, L"\n");
    }
    free(cf->conflict_text);
    cf->conflict_text = wbuf_take(&record);

    comctl = LoadLibraryW(L"comctl32.dll");
    task_dialog =
        comctl ? (task_dialog_fn)(void (*)(void))GetProcAddress(comctl, "TaskDialogIndirect") : NULL;
    if (task_dialog) {
        int button = 0;
        memset(&tdc, 0, sizeof(tdc));
        tdc.cbSize = sizeof(tdc);
        tdc.hwndParent = cf->dlg;
        tdc.hInstance = app->inst;
        tdc.dwFlags = TDF_USE_COMMAND_LINKS | TDF_ALLOW_DIALOG_CANCELLATION | TDF_POSITION_RELATIVE_TO_WINDOW;
        tdc.dwCommonButtons = TDCBF_CANCEL_BUTTON;
        tdc.pszWindowTitle = title ? title : L"ConnectAs";
        tdc.pszMainIcon = TD_WARNING_ICON;
        tdc.pszMainInstruction = main_text;
        tdc.pszContent = reason;
        tdc.cButtons = (UINT)nb;
        tdc.pButtons = buttons;
        tdc.nDefaultButton = nb && buttons[0].nButtonID == TRAY_CF_SPELLING ? TRAY_CF_SPELLING : IDCANCEL;
        tdc.pszFooter = footer;
        tdc.pszFooterIcon = footer ? TD_INFORMATION_ICON : NULL;
        tdc.pfCallback = task_callback;
        tdc.lpCallbackData = (LONG_PTR)cf;
        if (SUCCEEDED(task_dialog(&tdc, &button, NULL, NULL)) && button)
            choice = button;
        cf->task = NULL;
    } else if (disconnect) {
        /* Without comctl32 6: the one fix that always applies, as a yes/no question. */
        wbuf q = {0};
        wbuf_add(&q, reason);
        wbuf_add(&q, L"\n\n");
        for (i = 0; i < nb; i++)
            if (buttons[i].nButtonID == TRAY_CF_DISCONNECT)
                wbuf_add(&q, buttons[i].pszButtonText);
        wbuf_add(&q, L"?");
        if (MessageBoxW(cf->dlg, wbuf_str(&q), title ? title : L"ConnectAs",
                        MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2) == IDYES)
            choice = TRAY_CF_DISCONNECT;
        wbuf_cleanup(&q);
    }
    for (i = 0; i < CF_MAX_BUTTONS; i++)
        wbuf_cleanup(&texts[i]);
    free(title);
    free(main_text);
    free(reason);
    free(footer);
    free(path);
    free(req);
    return choice;
}

/* ---- connecting ---- */

/* Starts the connect job for the choice made (0 = no conflict). */
static void start_connect(tray_app *app, tray_connect *cf, int choice)
{
    cf_job *j = calloc(1, sizeof(*j));
    const prediction *p = cf->have_pred ? &cf->pred : NULL;
    unc_path parsed;
    const char *server, *share, *user = cf->user;
    WCHAR *wserver;
    size_t i;
    UINT why;
    memset(&parsed, 0, sizeof(parsed));
    if (!j)
        goto fail;
    if (p) {
        server = p->target.server;
        share = p->target.share;
    } else if (parse_target(app, cf->path8, &parsed, &why) == CA_OK) {
        server = parsed.server;
        share = parsed.share;
    } else {
        goto fail;
    }
    if (p && (choice == TRAY_CF_DISCONNECT || choice == TRAY_CF_FORGET)) {
        for (i = 0; i < p->fix_count; i++) {
            const predict_fix *f = &p->fixes[i];
            size_t k;
            if (f->kind != FIX_DISCONNECT)
                continue;
            for (k = 0; k < f->use_count; k++) {
                const model_use *u = &cf->m->uses[f->uses[k]];
                cf_step *s = add_step(j, u->local ? u->local : u->remote);
                if (!s)
                    goto fail;
                s->remote = tray_dup8(u->remote);
                s->open_files = u->open_files;
            }
            break;
        }
    }
    if (p && choice == TRAY_CF_FORGET) {
        for (i = 0; i < p->fix_count; i++) {
            const model_cred *c;
            cf_step *s;
            if (p->fixes[i].kind != FIX_FORGET_CREDENTIAL || p->fixes[i].cred < 0)
                continue;
            c = &cf->m->creds[p->fixes[i].cred];
            if (!(s = add_step(j, c->raw_target)))
                goto fail;
            s->forget = 1;
            s->type = c->type;
            s->user = tray_dup8(c->user);
        }
    }
    if (p && choice >= TRAY_CF_ALIAS_FIRST && choice < TRAY_CF_ALIAS_FIRST + TRAY_CF_ALIAS_MAX) {
        int n = choice - TRAY_CF_ALIAS_FIRST;
        for (i = 0; i < p->fix_count; i++)
            if (p->fixes[i].kind == FIX_ALIAS && n-- == 0)
                server = p->fixes[i].alias;
    }
    if (p && choice == TRAY_CF_SPELLING)
        for (i = 0; i < p->fix_count; i++)
            if (p->fixes[i].kind == FIX_USE_SPELLING && p->fixes[i].user)
                user = p->fixes[i].user;
    /* A bare \\server: sign in to it through IPC$, without a drive letter. */
    j->remote = make_remote(server, share ? share : "IPC$");
    if (user && !(j->user = tray_dup8(user)))
        goto fail;
    if (!j->remote)
        goto fail;
    if (share)
        snprintf(j->local, sizeof(j->local), "%s", cf->local);
    j->save_credential = cf->save_credential;
    j->secret = cf->have_password ? cf->secret : NULL;
    unc_path_cleanup(&parsed);
    wserver = win_from_utf8(j->remote);
    set_stage(cf, TRAY_CF_CONNECTING);
    {
        WCHAR *text = tray_fmt(IDS_CF_CONNECTING, wserver ? wserver : L"", NULL);
        set_message(cf, text, 0);
        free(text);
    }
    free(wserver);
    submit(app, cf, j);
    return;
fail:
    unc_path_cleanup(&parsed);
    cf_job_free(j);
    show_failure(app, cf, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
}

/* Shows the conflict dialog for the current prediction and acts on the answer. */
static void resolve_conflict(tray_app *app, tray_connect *cf)
{
    int choice;
    set_stage(cf, TRAY_CF_ASKING);
    choice = ask_conflict(app, cf);
    /* The tray may have been told to exit while the dialog was open. */
    if (!app->msg || app->connect != cf || !cf->dlg)
        return;
    if (choice == IDCANCEL || choice <= 0) {
        WCHAR *text = tray_load(IDS_CF_CANCELLED);
        back_to_edit(app, cf, text, 0, IDC_CF_PASSWORD);
        free(text);
        return;
    }
    start_connect(app, cf, choice);
}

/* Predicts the request (path, user) on a private copy of the app's state. Returns CA_OK, or
 * the failure (with the dialog back to editing). */
static ca_status predict(tray_app *app, tray_connect *cf, const char *path, const char *user)
{
    ca_error e;
    ca_status st;
    cf_clear_prediction(cf);
    if (!app->have_state)
        return CA_ERR_NOT_FOUND;
    memset(&e, 0, sizeof(e));
    cf->m = model_clone(app->m);
    if (!cf->m)
        return CA_ERR_NOMEM;
    st = predict_check(cf->m, path, user, &cf->pred, &e);
    cf->have_pred = st == CA_OK;
    return st;
}

static void after_check(tray_app *app, tray_connect *cf, const tray_job *tj)
{
    ca_status st = CA_ERR_IO;
    if (tj->snap_st == CA_OK)
        st = predict(app, cf, cf->path8, cf->user);
    if (st == CA_ERR_INVALID || (st == CA_ERR_NOT_FOUND && tj->snap_st == CA_OK)) {
        UINT why = IDS_CF_BADPATH;
        unc_path t;
        WCHAR *w = win_from_utf8(cf->path8), *text;
        if (parse_target(app, cf->path8, &t, &why) == CA_OK)
            unc_path_cleanup(&t);
        text = tray_fmt(why, w ? w : L"", NULL);
        back_to_edit(app, cf, text, 1, IDC_CF_PATH);
        free(text);
        free(w);
        return;
    }
    /* Without a prediction (the state could not be read) Windows decides; a 1219 is handled after. */
    if (cf->have_pred && cf->pred.verdict == VERDICT_CONFLICT)
        resolve_conflict(app, cf);
    else
        start_connect(app, cf, 0);
}

/* 1 when the state shows remote connected (status not unavailable). */
static int connected_now(const model *m, const char *remote)
{
    size_t i;
    for (i = 0; m && i < m->use_count; i++)
        if (m->uses[i].status != USE_STATUS_UNAVAILABLE && m->uses[i].remote &&
            !_stricmp(m->uses[i].remote, remote))
            return 1;
    return 0;
}

static void record_miss(tray_connect *cf, const cf_job *j, const char *found)
{
    cf_miss *miss;
    cf->miss_count++;
    if (cf->miss_kept == CF_MAX_MISSES) {
        free(cf->misses[0].remote);
        free(cf->misses[0].user);
        free(cf->misses[0].found);
        memmove(&cf->misses[0], &cf->misses[1], (CF_MAX_MISSES - 1) * sizeof(cf->misses[0]));
        cf->miss_kept--;
    }
    miss = &cf->misses[cf->miss_kept++];
    memset(miss, 0, sizeof(*miss));
    GetLocalTime(&miss->when);
    miss->remote = tray_dup8(j->remote);
    miss->user = tray_dup8(j->user);
    miss->found = tray_dup8(found);
}

/* Windows answered 1219: read what holds the slot now and offer the same choices. */
static void after_refusal(tray_app *app, tray_connect *cf, const cf_job *j)
{
    unc_path t;
    strbuf found;
    int conflict = 0;
    size_t i;
    memset(&t, 0, sizeof(t));
    if (unc_parse(j->remote, 0, &t, NULL) == CA_OK)
        tray_app_note_1219(app, t.server);
    /* The request actually made (an alias, another spelling) is the one to explain. */
    free(cf->path8);
    free(cf->user);
    cf->path8 = tray_dup8(j->remote);
    cf->user = tray_dup8(j->user);
    conflict = predict(app, cf, j->remote, j->user) == CA_OK && cf->pred.verdict == VERDICT_CONFLICT;
    strbuf_init(&found);
    if (conflict) {
        strbuf_add(&found, "held by");
        for (i = 0; i < cf->pred.conflict_count; i++) {
            const model_use *u = &cf->m->uses[cf->pred.conflicts[i].use];
            strbuf_addf(&found, "%s %s%s%s%s", i ? "," : "", u->local ? u->local : u->remote,
                        u->local ? " (" : "", u->local ? u->remote : "", u->local ? ")" : "");
        }
        strbuf_addf(&found, " as %s", cf->pred.slot_user ? cf->pred.slot_user : "the sign-in user");
    } else {
        strbuf_add(&found, "nothing that holds the session could be seen");
    }
    record_miss(cf, j, found.failed ? "?" : strbuf_str(&found));
    strbuf_cleanup(&found);
    if (conflict) {
        cf->refused = 1;
        resolve_conflict(app, cf);
    } else {
        WCHAR *text = failure_text(CA_WIN_SESSION_CREDENTIAL_CONFLICT, NULL),
              *server = win_from_utf8(t.server);
        WCHAR *next = tray_fmt(IDS_CF_NEXT_1219, server ? server : L"", NULL);
        back_with_step(app, cf, text, next, IDC_CF_PASSWORD);
        free(text);
        free(next);
        free(server);
    }
    unc_path_cleanup(&t);
}

static void open_location(tray_app *app, tray_connect *cf, const WCHAR *path)
{
    free(cf->opened);
    cf->opened = tray_wdup(path);
    if (cf->opener)
        cf->opener(cf->opener_ctx, path);
    else if (!app->sandbox)
        tray_actions_open(app, path);
}

static void succeeded(tray_app *app, tray_connect *cf, const cf_job *j)
{
    WCHAR *remote = win_from_utf8(j->remote), *user = user_text(j->user), *text, *open = NULL;
    WCHAR *drive = j->assigned[0] ? win_from_utf8(j->assigned) : NULL, *rest = win_from_utf8(cf->rest);
    wbuf b = {0};
    unc_path t;
    int warn = 0;
    memset(&t, 0, sizeof(t));
    cf->done_count++;
    if (j->user && !app->sandbox && unc_parse(j->remote, 0, &t, NULL) == CA_OK)
        recent_save(t.server, j->user);
    unc_path_cleanup(&t);
    text = drive ? tray_fmt(IDS_CF_DONE_DRIVE, remote ? remote : L"", user ? user : L"", drive, NULL)
                 : tray_fmt(IDS_CF_DONE, remote ? remote : L"", user ? user : L"", NULL);
    wbuf_add(&b, text);
    free(text);
    if (j->st != CA_OK) {
        WCHAR sentence[600], num[24];
        tray_error_text(j->err.code, j->err.msg, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_CF_NOT_SAVED, sentence, tray_num((long long)j->err.code, num), NULL);
        wbuf_add(&b, L" ");
        wbuf_add(&b, text);
        free(text);
        warn = 1;
    }
    if (j->forget_failed) {
        size_t i;
        for (i = 0; i < j->step_count; i++) {
            const cf_step *s = &j->steps[i];
            WCHAR *name, sentence[600], num[24];
            if (!s->forget || s->done)
                continue;
            name = win_from_utf8(s->name);
            tray_error_text(s->err.code, s->err.msg, sentence, ARRAYSIZE(sentence));
            wbuf_add(&b, L" ");
            wbuf_add_res(&b, IDS_RESULT_FORGET_FAILED,
                         (const WCHAR *const[]){name, sentence, tray_num((long long)s->err.code, num)}, 3);
            free(name);
            warn = 1;
        }
    }
    tray_app_report(app, wbuf_str(&b), warn ? NIIF_WARNING : NIIF_INFO);
    wbuf_cleanup(&b);
    /* Open the location: the drive when one was assigned, else the UNC path (a bare server as \\server). */
    if (drive) {
        wbuf o = {0};
        wbuf_add(&o, drive);
        wbuf_add(&o, rest && rest[0] ? rest : L"\\");
        open = wbuf_take(&o);
    } else {
        wbuf o = {0};
        size_t n = remote ? wcslen(remote) : 0;
        if (n > 5 && !_wcsicmp(remote + n - 5, L"\\IPC$"))
            wbuf_addn(&o, remote, n - 5);
        else
            wbuf_add(&o, remote);
        wbuf_add(&o, rest);
        open = wbuf_take(&o);
    }
    DestroyWindow(cf->dlg); /* ends the flow: stage closed, secrets wiped */
    if (open)
        open_location(app, cf, open);
    free(open);
    free(remote);
    free(user);
    free(drive);
    free(rest);
}

/* Disconnects were refused because files are open: ask once more before forcing them. */
static void ask_force(tray_app *app, tray_connect *cf, cf_job *j, tray_job *tj)
{
    wbuf lines = {0}, text = {0}, done = {0}, kept = {0};
    WCHAR *title = tray_load(IDS_CONFIRM_FORCE_TITLE), *server = NULL;
    unc_path t;
    size_t i;
    int ndone = 0, nkept = 0, yes;
    memset(&t, 0, sizeof(t));
    if (unc_parse(j->remote, 0, &t, NULL) == CA_OK)
        server = win_from_utf8(t.server);
    for (i = 0; i < j->step_count; i++) {
        const cf_step *s = &j->steps[i];
        WCHAR *name, *remote, num[24];
        if (s->forget)
            continue;
        name = win_from_utf8(s->name);
        if (s->done) {
            if (ndone++)
                wbuf_add_res(&done, IDS_LIST_COMMA, NULL, 0);
            wbuf_add(&done, name);
        } else if (s->st == CA_ERR_BUSY) {
            remote = win_from_utf8(s->remote ? s->remote : s->name);
            wbuf_add(&lines, L"    ");
            wbuf_add_res(&lines, s->open_files > 0 ? IDS_CONFIRM_FORCE_LINE : IDS_CONFIRM_FORCE_LINE_INUSE,
                         (const WCHAR *const[]){name, remote, tray_num(s->open_files, num)}, 3);
            wbuf_add(&lines, L"\n");
            if (nkept++)
                wbuf_add_res(&kept, IDS_LIST_COMMA, NULL, 0);
            wbuf_add(&kept, name);
            free(remote);
        }
        free(name);
    }
    wbuf_add_res(&text, IDS_CONFIRM_FORCE, (const WCHAR *const[]){server, wbuf_str(&lines)}, 2);
    set_stage(cf, TRAY_CF_ASKING);
    yes = MessageBoxW(cf->dlg, wbuf_str(&text), title ? title : L"ConnectAs",
                      MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2) == IDYES;
    if (app->msg && app->connect == cf && cf->dlg) {
        if (yes) {
            /* The same job again: the busy uses with force, then what was left to do. */
            tj->ctx = NULL;
            for (i = 0; i < j->step_count; i++)
                if (!j->steps[i].forget && !j->steps[i].done)
                    j->steps[i].force = 1;
            j->busy = j->failed = j->forget_failed = 0;
            set_stage(cf, TRAY_CF_CONNECTING);
            submit(app, cf, j);
        } else {
            wbuf msg = {0};
            if (ndone) {
                wbuf_add_res(&msg, IDS_RESULT_DISCONNECTED, (const WCHAR *const[]){server, wbuf_str(&done)},
                             2);
                wbuf_add(&msg, L"\r\n");
            }
            wbuf_add_res(&msg, IDS_RESULT_KEPT, (const WCHAR *const[]){server, wbuf_str(&kept)}, 2);
            back_to_edit(app, cf, wbuf_str(&msg), 1, IDC_CF_PASSWORD);
            wbuf_cleanup(&msg);
        }
    }
    unc_path_cleanup(&t);
    wbuf_cleanup(&lines);
    wbuf_cleanup(&text);
    wbuf_cleanup(&done);
    wbuf_cleanup(&kept);
    free(title);
    free(server);
}

static void after_connect(tray_app *app, tray_connect *cf, cf_job *j, tray_job *tj)
{
    size_t i;
    /* The worker wiped the password after the call, except across a 1219. */
    if (j->attempted && !(j->st != CA_OK && j->err.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT))
        cf->have_password = 0;
    if (j->busy) {
        ask_force(app, cf, j, tj);
        return;
    }
    if (j->failed) {
        for (i = 0; i < j->step_count; i++) {
            const cf_step *s = &j->steps[i];
            WCHAR *name, sentence[600], num[24], *text;
            if (s->forget || s->done)
                continue;
            name = win_from_utf8(s->name);
            tray_error_text(s->err.code, s->err.msg, sentence, ARRAYSIZE(sentence));
            text = tray_fmt(IDS_RESULT_FAILED, name ? name : L"", sentence,
                            tray_num((long long)s->err.code, num), NULL);
            back_to_edit(app, cf, text, 1, IDC_CF_PASSWORD);
            free(text);
            free(name);
            return;
        }
    }
    if (j->st == CA_OK || (j->save_credential && j->st == CA_ERR_IO && connected_now(app->m, j->remote))) {
        succeeded(app, cf, j);
        return;
    }
    if (j->err.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT) {
        after_refusal(app, cf, j);
        return;
    }
    show_failure(app, cf, j->err.code, j->err.msg);
}

/* A job of this flow finished (UI thread; the app has taken in its snapshot). */
static void cf_done(tray_app *app, tray_job *tj)
{
    tray_connect *cf = app->connect;
    cf_job *j = tj->ctx;
    if (!cf || !j || j->serial != cf->serial || !cf->dlg)
        return; /* cancelled meanwhile: the dialog is gone and its secrets with it */
    if (j->check_only)
        after_check(app, cf, tj);
    else
        after_connect(app, cf, j, tj);
}

/* ---- the dialog ---- */

static void on_connect(tray_app *app, tray_connect *cf)
{
    char *path8 = control_utf8(cf, IDC_CF_PATH), *user8 = control_utf8(cf, IDC_CF_USER);
    unc_path t;
    UINT why;
    acct_name name;
    cf_job *j;
    int sel;
    memset(&t, 0, sizeof(t));
    if (cf->stage != TRAY_CF_EDIT || !path8 || !user8)
        goto done;
    if (parse_target(app, path8, &t, &why) != CA_OK) {
        set_message_id(cf, why, path8, 1);
        focus(cf, IDC_CF_PATH);
        goto done;
    }
    if (user8[0] && acct_parse(user8, &name, NULL) != CA_OK) {
        set_message_id(cf, IDS_CF_BADUSER, user8, 1);
        focus(cf, IDC_CF_USER);
        goto done;
    }
    cf_clear_request(cf);
    cf->path8 = path8;
    cf->user = user8[0] ? user8 : NULL;
    cf->rest = tray_dup8(t.rest ? t.rest : "");
    path8 = NULL;
    if (cf->user)
        user8 = NULL;
    /* The password: read once, the edit cleared at once, kept as UTF-8 for the backend only. */
    cf_wipe(cf);
    GetDlgItemTextW(cf->dlg, IDC_CF_PASSWORD, cf->secret->wide, CF_MAX_PASSWORD + 1);
    clear_password_edit(cf);
    if (cf->user) {
        cf->have_password = WideCharToMultiByte(CP_UTF8, 0, cf->secret->wide, -1, cf->secret->utf8,
                                                (int)sizeof(cf->secret->utf8), NULL, NULL) > 0;
        SecureZeroMemory(cf->secret->wide, sizeof(cf->secret->wide));
    } else {
        cf_wipe(cf); /* default credentials: a typed password has no use */
    }
    cf->save_credential = cf->user && IsDlgButtonChecked(cf->dlg, IDC_CF_REMEMBER) == BST_CHECKED;
    sel = (int)SendMessageW(item(cf, IDC_CF_DRIVE), CB_GETCURSEL, 0, 0);
    if (t.share && sel >= 0) {
        LRESULT data = SendMessageW(item(cf, IDC_CF_DRIVE), CB_GETITEMDATA, (WPARAM)sel, 0);
        if (data == '*')
            data = highest_free(cf);
        if (data == '*')
            snprintf(cf->local, sizeof(cf->local), "*");
        else if (data >= 'D' && data <= 'Z')
            snprintf(cf->local, sizeof(cf->local), "%c:", (char)data);
    }
    j = calloc(1, sizeof(*j));
    if (!j) {
        show_failure(app, cf, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
        goto done;
    }
    j->check_only = 1;
    set_stage(cf, TRAY_CF_CHECKING);
    set_message_id(cf, IDS_CF_CHECKING, t.server, 0);
    /* A fresh state on the worker: never a snapshot on this thread. */
    submit(app, cf, j);
done:
    unc_path_cleanup(&t);
    free(path8);
    free(user8);
}

static void init_dialog(tray_app *app, tray_connect *cf, const WCHAR *path)
{
    static const struct {
        int id;
        UINT text;
    } texts[] = {
        {IDC_CF_PATH_LABEL, IDS_CF_LABEL_PATH},
        {IDC_CF_NOW_LABEL, IDS_CF_LABEL_NOW},
        {IDC_CF_USER_LABEL, IDS_CF_LABEL_USER},
        {IDC_CF_PASSWORD_LABEL, IDS_CF_LABEL_PASSWORD},
        {IDC_CF_REMEMBER, IDS_CF_REMEMBER},
        {IDC_CF_DRIVE_LABEL, IDS_CF_LABEL_DRIVE},
        {IDOK, IDS_CF_BTN_CONNECT},
        {IDCANCEL, IDS_CF_BTN_CANCEL},
    };
    WCHAR *title = tray_load(app->sandbox ? IDS_CF_TITLE_SANDBOX : IDS_CF_TITLE);
    size_t i;
    SetWindowTextW(cf->dlg, title ? title : L"ConnectAs");
    free(title);
    for (i = 0; i < ARRAYSIZE(texts); i++)
        set_text_id(cf, texts[i].id, texts[i].text);
    cf->icon = LoadImageW(app->inst, MAKEINTRESOURCEW(IDI_CONNECTAS_APP), IMAGE_ICON,
                          GetSystemMetrics(SM_CXSMICON), GetSystemMetrics(SM_CYSMICON), LR_DEFAULTCOLOR);
    if (cf->icon)
        SendMessageW(cf->dlg, WM_SETICON, ICON_SMALL, (LPARAM)cf->icon);
    SendMessageW(item(cf, IDC_CF_PASSWORD), EM_LIMITTEXT, CF_MAX_PASSWORD, 0);
    SendMessageW(item(cf, IDC_CF_USER), CB_LIMITTEXT, ACCT_MAX_TEXT, 0);
    SendMessageW(item(cf, IDC_CF_PATH), EM_LIMITTEXT, UNC_MAX_PATH, 0);
    fill_drives(app, cf);
    SetDlgItemTextW(cf->dlg, IDC_CF_PATH, path ? path : L"");
    update_target(app, cf);
    set_stage(cf, TRAY_CF_EDIT);
}

static void close_dialog(tray_connect *cf)
{
    if (cf->stage != TRAY_CF_EDIT && cf->stage != TRAY_CF_CHECKING)
        return;
    cf->serial++; /* a check still running is ignored when it comes back */
    DestroyWindow(cf->dlg);
}

static INT_PTR CALLBACK dialog_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    tray_app *app = (tray_app *)GetWindowLongPtrW(hwnd, DWLP_USER);
    tray_connect *cf = app ? app->connect : NULL;
    switch (msg) {
    case WM_INITDIALOG:
        app = (tray_app *)lp;
        SetWindowLongPtrW(hwnd, DWLP_USER, (LONG_PTR)app);
        cf = app->connect;
        cf->dlg = hwnd;
        return TRUE;
    case WM_COMMAND:
        if (!cf)
            break;
        switch (LOWORD(wp)) {
        case IDOK:
            on_connect(app, cf);
            return TRUE;
        case IDCANCEL:
            close_dialog(cf);
            return TRUE;
        case IDC_CF_PATH:
            if (HIWORD(wp) == EN_CHANGE && cf->stage == TRAY_CF_EDIT)
                update_target(app, cf);
            return TRUE;
        default:
            break;
        }
        break;
    case WM_CTLCOLORSTATIC:
        if (cf && (HWND)lp == GetDlgItem(hwnd, IDC_CF_MESSAGE) && cf->message_error) {
            /* Errors in a dark red; the dialog's own brush behind them. */
            SetTextColor((HDC)wp, CF_ERROR_COLOUR);
            SetBkMode((HDC)wp, TRANSPARENT);
            return (INT_PTR)GetSysColorBrush(COLOR_BTNFACE);
        }
        break;
    case WM_CLOSE:
        if (cf)
            close_dialog(cf);
        return TRUE;
    case WM_DESTROY:
        if (cf) {
            clear_password_edit(cf); /* a password typed and then cancelled */
            cf_wipe(cf);
            cf_clear_request(cf);
            free(cf->server);
            cf->server = NULL;
            cf->dlg = NULL;
            cf->stage = TRAY_CF_CLOSED;
            if (cf->icon)
                DestroyIcon(cf->icon);
            cf->icon = NULL;
        }
        return TRUE;
    default:
        break;
    }
    return FALSE;
}

void tray_begin_connect(tray_app *app, const WCHAR *path)
{
    tray_connect *cf = cf_get(app);
    if (!cf)
        return;
    if (cf->dlg) {
        /* Only a dialog that waits for the user takes a new location. */
        if (cf->stage == TRAY_CF_EDIT && path) {
            SetDlgItemTextW(cf->dlg, IDC_CF_PATH, path);
            set_message(cf, L"", 0);
        }
        ShowWindow(cf->dlg, SW_SHOW);
        SetForegroundWindow(cf->dlg);
        return;
    }
    cf->serial++;
    cf_wipe(cf);
    if (!CreateDialogParamW(app->inst, MAKEINTRESOURCEW(IDD_CONNECT), NULL, dialog_proc, (LPARAM)app)) {
        WCHAR *text = failure_text(GetLastError(), NULL);
        tray_app_report(app, text, NIIF_ERROR);
        free(text);
        return;
    }
    init_dialog(app, cf, path);
    ShowWindow(cf->dlg, SW_SHOW);
    SetForegroundWindow(cf->dlg);
    focus(cf, !path || !*path                               ? IDC_CF_PATH
              : GetWindowTextLengthW(item(cf, IDC_CF_USER)) ? IDC_CF_PASSWORD
                                                            : IDC_CF_USER);
    /* What the dialog says about the server comes from the latest state: look again. */
    tray_app_refresh(app);
}

int tray_connect_dialog_message(tray_app *app, MSG *msg)
{
    tray_connect *cf = app->connect;
    return cf && cf->dlg && IsDialogMessageW(cf->dlg, msg);
}

void tray_connect_update(tray_app *app)
{
    tray_connect *cf = app->connect;
    if (!cf || !cf->dlg || cf->stage != TRAY_CF_EDIT)
        return;
    update_target(app, cf);
    fill_drives(app, cf);
}

void tray_connect_report(tray_app *app, strbuf *sb)
{
    tray_connect *cf = app->connect;
    size_t i;
    if (!cf || !cf->miss_count)
        return;
    strbuf_addf(sb, "\nConnect as: Windows answered 1219 although none was predicted (%u time%s):\n",
                cf->miss_count, cf->miss_count == 1 ? "" : "s");
    for (i = 0; i < cf->miss_kept; i++) {
        const cf_miss *m = &cf->misses[i];
        strbuf_addf(sb, "  %04u-%02u-%02u %02u:%02u:%02u  %s as %s: %s\n", m->when.wYear, m->when.wMonth,
                    m->when.wDay, m->when.wHour, m->when.wMinute, m->when.wSecond,
                    m->remote ? m->remote : "?", m->user ? m->user : "the sign-in user",
                    m->found ? m->found : "?");
    }
}

void tray_connect_free(tray_app *app, int worker_stopped)
{
    tray_connect *cf = app->connect;
    size_t i;
    if (!cf)
        return;
    if (cf->dlg)
        DestroyWindow(cf->dlg);
    cf_wipe(cf);
    cf_clear_request(cf);
    free(cf->server);
    free(cf->opened);
    free(cf->conflict_text);
    for (i = 0; i < cf->miss_kept; i++) {
        free(cf->misses[i].remote);
        free(cf->misses[i].user);
        free(cf->misses[i].found);
    }
    if (worker_stopped) {
        VirtualUnlock(cf->secret, sizeof(*cf->secret));
        VirtualFree(cf->secret, 0, MEM_RELEASE);
    }
    free(cf);
    app->connect = NULL;
}

/* ---- injection and observation ---- */

void tray_connect_set_opener(tray_app *app, tray_open_fn fn, void *ctx)
{
    tray_connect *cf = cf_get(app);
    if (!cf)
        return;
    cf->opener = fn;
    cf->opener_ctx = ctx;
}

const WCHAR *tray_connect_opened(tray_app *app)
{
    return app->connect && app->connect->opened ? app->connect->opened : L"";
}

HWND tray_connect_dialog(tray_app *app)
{
    return app->connect ? app->connect->dlg : NULL;
}

HWND tray_connect_task_dialog(tray_app *app)
{
    return app->connect ? app->connect->task : NULL;
}

const WCHAR *tray_connect_conflict_text(tray_app *app)
{
    return app->connect && app->connect->conflict_text ? app->connect->conflict_text : L"";
}

tray_cf_stage tray_connect_stage(tray_app *app)
{
    return app->connect && app->connect->dlg ? app->connect->stage : TRAY_CF_CLOSED;
}

unsigned tray_connect_done_count(tray_app *app)
{
    return app->connect ? app->connect->done_count : 0;
}

unsigned tray_connect_miss_count(tray_app *app)
{
    return app->connect ? app->connect->miss_count : 0;
}

const void *tray_connect_secret(tray_app *app, size_t *size)
{
    *size = app->connect ? sizeof(*app->connect->secret) : 0;
    return app->connect ? app->connect->secret : NULL;
}
