/* Tray actions: disconnect and forget with consent, results, opening Explorer, support report, autostart. */
#include "tray_internal.h"

#include <objbase.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "strbuf.h"
#include "tray_connect.h"
#include "unc.h"
#include "winutil.h"

#ifndef CONNECTAS_VERSION_STRING_C
#define CONNECTAS_VERSION_STRING_C "0.0.0"
#endif

/* ---- actions ---- */

static HWND dialog_owner(tray_app *app)
{
    return app->win && IsWindowVisible(app->win) ? app->win : app->msg;
}

/* Asks a yes/no question; the default answer is No. */
static int confirm(tray_app *app, UINT title_id, const WCHAR *text)
{
    WCHAR *title = tray_load(title_id);
    int answer = MessageBoxW(dialog_owner(app), text, title ? title : L"ConnectAs",
                             MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2 | MB_SETFOREGROUND);
    free(title);
    return answer == IDYES;
}

static void submit(tray_app *app, tray_job *job)
{
    WCHAR *working;
    if (!job)
        return;
    app->busy++;
    working = tray_load(IDS_RESULT_WORKING);
    if (app->win && working)
        tray_window_set_status(app, working);
    free(working);
    tray_worker_submit(app->worker, job);
}

static int cred_names(const model_cred *c, const char *server)
{
    return c->target && unc_server_equal(c->target, server);
}

static void forget_credentials(tray_app *app, const char *server)
{
    wbuf lines = {0}, text = {0};
    tray_job *job;
    const model_cred *wide;
    WCHAR *wserver = win_from_utf8(server);
    size_t i;
    if (!app->have_state || !wserver) {
        free(wserver);
        return;
    }
    job = tray_job_new(TRAY_JOB_FORGET, server);
    for (i = 0; job && i < app->m->cred_count; i++) {
        const model_cred *c = &app->m->creds[i];
        WCHAR *target, *user, *kind;
        tray_item *it;
        if (!cred_names(c, server))
            continue;
        it = tray_job_add(job, c->raw_target);
        if (!it)
            continue;
        it->type = c->type;
        it->user = tray_dup8(c->user);
        target = win_from_utf8(c->raw_target);
        user = win_from_utf8(c->user ? c->user : "?");
        kind = tray_load(c->type == CRED_KIND_DOMAIN ? IDS_CRED_WINDOWS : IDS_CRED_GENERIC);
        {
            const WCHAR *args[3] = {target, user, kind};
            wbuf_add(&lines, L"    ");
            wbuf_add_res(&lines, IDS_CONFIRM_FORGET_LINE, args, 3);
            wbuf_add(&lines, L"\n");
        }
        free(target);
        free(user);
        free(kind);
    }
    wide = model_match_cred(app->m, server);
    if (job && job->count) {
        const WCHAR *arg = wbuf_str(&lines);
        wbuf_add_res(&text, IDS_CONFIRM_FORGET, &arg, 1);
    } else {
        wbuf_add_res(&text, IDS_FORGET_NONE, (const WCHAR *const *)&wserver, 1);
    }
    if (wide && !cred_names(wide, server)) {
        WCHAR *target = win_from_utf8(wide->raw_target), *user = win_from_utf8(wide->user ? wide->user : "?");
        const WCHAR *args[3] = {target, user, wserver};
        wbuf_add(&text, L"\n\n");
        wbuf_add_res(&text, IDS_FORGET_WIDE, args, 3);
        free(target);
        free(user);
    }
    if (job && job->count) {
        if (confirm(app, IDS_CONFIRM_FORGET_TITLE, wbuf_str(&text))) {
            submit(app, job);
            job = NULL;
        }
    } else {
        tray_app_report(app, wbuf_str(&text), NIIF_INFO);
    }
    tray_job_free(job);
    wbuf_cleanup(&lines);
    wbuf_cleanup(&text);
    free(wserver);
}

typedef struct open_request {
    WCHAR *path;
    HWND notify;
} open_request;

/* Opening a network folder may wait on the network: done on a thread of its own. */
static DWORD WINAPI open_thread(void *arg)
{
    open_request *req = arg;
    SHELLEXECUTEINFOW sei;
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    memset(&sei, 0, sizeof(sei));
    sei.cbSize = sizeof(sei);
    sei.fMask = SEE_MASK_FLAG_NO_UI | SEE_MASK_NOASYNC;
    sei.lpVerb = L"open";
    sei.lpFile = req->path;
    sei.nShow = SW_SHOWNORMAL;
    if (!ShellExecuteExW(&sei)) {
        DWORD rc = GetLastError();
        WCHAR sentence[600], code[24], *text;
        tray_error_text(rc, NULL, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_RESULT_OPEN_FAILED, req->path, sentence, tray_num(rc, code), NULL);
        /* The UI thread shows it; it frees the text. */
        if (!text || !PostMessageW(req->notify, WM_TRAY_RESULT, 1, (LPARAM)text))
            free(text);
    }
    if (SUCCEEDED(hr))
        CoUninitialize();
    free(req->path);
    free(req);
    return 0;
}

void tray_actions_open(tray_app *app, const WCHAR *path)
{
    open_request *req = calloc(1, sizeof(*req));
    HANDLE thread;
    if (!req)
        return;
    req->path = tray_wdup(path);
    req->notify = app->msg;
    thread = req->path ? CreateThread(NULL, 0, open_thread, req, 0, NULL) : NULL;
    if (thread) {
        CloseHandle(thread);
    } else {
        free(req->path);
        free(req);
    }
}

static void open_server(tray_app *app, const char *server)
{
    long gi = tray_view_find(&app->view, server);
    const tray_group *g;
    WCHAR path[UNC_MAX_SERVER + 8], *remote = NULL;
    if (app->sandbox) {
        WCHAR *text = tray_load(IDS_RESULT_SANDBOX_ONLY);
        tray_app_report(app, text, NIIF_INFO);
        free(text);
        return;
    }
    if (gi < 0)
        return;
    g = &app->view.groups[gi];
    _snwprintf(path, ARRAYSIZE(path), L"\\\\%ls", g->wserver);
    path[ARRAYSIZE(path) - 1] = 0;
    if (g->row_count && app->view.rows[g->first_row].use >= 0) {
        const model_use *u = &app->m->uses[app->view.rows[g->first_row].use];
        if (u->local && u->kind == USE_KIND_DRIVE) {
            _snwprintf(path, ARRAYSIZE(path), L"%hs\\", u->local);
            path[ARRAYSIZE(path) - 1] = 0;
        } else if (u->kind != USE_KIND_IPC) {
            remote = win_from_utf8(u->remote);
        }
    }
    tray_actions_open(app, remote ? remote : path);
    free(remote);
}

void tray_app_server_action(tray_app *app, const char *server, int action)
{
    WCHAR path[UNC_MAX_SERVER + 4], *w;
    if (!server)
        return;
    switch (action) {
    case TRAY_SLOT_DISCONNECT:
        submit(app, tray_job_new(TRAY_JOB_DISCONNECT, server));
        break;
    case TRAY_SLOT_FORGET:
        forget_credentials(app, server);
        break;
    case TRAY_SLOT_OPEN:
        open_server(app, server);
        break;
    case TRAY_SLOT_CONNECT:
        w = win_from_utf8(server);
        if (w) {
            _snwprintf(path, ARRAYSIZE(path), L"\\\\%ls", w);
            path[ARRAYSIZE(path) - 1] = 0;
            tray_begin_connect(app, path);
        }
        free(w);
        break;
    default:
        break;
    }
}

/* ---- results ---- */

static void add_joined(wbuf *b, const WCHAR *item, int *n)
{
    if ((*n)++)
        wbuf_add_res(b, IDS_LIST_COMMA, NULL, 0);
    wbuf_add(b, item);
}

static void add_failure(wbuf *msg, UINT id, const tray_item *it)
{
    WCHAR sentence[600], code[24], *name = win_from_utf8(it->name);
    const WCHAR *args[3];
    tray_error_text(it->code, it->msg, sentence, ARRAYSIZE(sentence));
    args[0] = name;
    args[1] = sentence;
    args[2] = tray_num((long long)it->code, code);
    if (msg->len)
        wbuf_add(msg, L"\n");
    wbuf_add_res(msg, id, args, 3);
    free(name);
}

/* Asks before forcing the uses that were busy; queues the forced disconnect on consent. */
static void ask_force(tray_app *app, const tray_job *job, wbuf *msg)
{
    wbuf lines = {0}, text = {0}, kept = {0};
    tray_job *force = tray_job_new(TRAY_JOB_FORCE, job->server);
    WCHAR *wserver = win_from_utf8(job->server);
    size_t i;
    int n = 0;
    for (i = 0; i < job->count; i++) {
        const tray_item *it = &job->items[i];
        WCHAR *name, *remote, num[24];
        tray_item *f;
        if (it->st != CA_ERR_BUSY)
            continue;
        name = win_from_utf8(it->name);
        remote = win_from_utf8(it->remote ? it->remote : it->name);
        {
            const WCHAR *args[3] = {name, remote, tray_num(it->open_files, num)};
            wbuf_add(&lines, L"    ");
            wbuf_add_res(&lines, it->open_files > 0 ? IDS_CONFIRM_FORCE_LINE : IDS_CONFIRM_FORCE_LINE_INUSE,
                         args, 3);
            wbuf_add(&lines, L"\n");
        }
        add_joined(&kept, name, &n);
        free(name);
        free(remote);
        if (force && (f = tray_job_add(force, it->name)) != NULL) {
            f->remote = tray_dup8(it->remote);
            f->open_files = it->open_files;
        }
    }
    {
        const WCHAR *args[2] = {wserver, wbuf_str(&lines)};
        wbuf_add_res(&text, IDS_CONFIRM_FORCE, args, 2);
    }
    if (force && force->count && confirm(app, IDS_CONFIRM_FORCE_TITLE, wbuf_str(&text))) {
        submit(app, force);
        force = NULL;
    } else {
        const WCHAR *args[2] = {wserver, wbuf_str(&kept)};
        if (msg->len)
            wbuf_add(msg, L"\n");
        wbuf_add_res(msg, IDS_RESULT_KEPT, args, 2);
    }
    tray_job_free(force);
    wbuf_cleanup(&lines);
    wbuf_cleanup(&text);
    wbuf_cleanup(&kept);
    free(wserver);
}

void tray_actions_result(tray_app *app, const tray_job *job)
{
    wbuf msg = {0}, done = {0};
    WCHAR *wserver = win_from_utf8(job->server ? job->server : "");
    size_t i;
    int ndone = 0, busy = 0, failed = 0;
    for (i = 0; i < job->count; i++) {
        const tray_item *it = &job->items[i];
        if (it->st == CA_OK) {
            WCHAR *name = win_from_utf8(it->name);
            add_joined(&done, name, &ndone);
            free(name);
        } else if (it->st == CA_ERR_BUSY && job->kind == TRAY_JOB_DISCONNECT) {
            busy++;
        } else {
            failed++;
        }
    }
    if (job->kind == TRAY_JOB_FORGET) {
        if (ndone) {
            const WCHAR *arg = wbuf_str(&done);
            wbuf_add_res(&msg, IDS_RESULT_FORGOT, &arg, 1);
        }
    } else if (ndone) {
        const WCHAR *args[2] = {wserver, wbuf_str(&done)};
        wbuf_add_res(&msg, IDS_RESULT_DISCONNECTED, args, 2);
    }
    for (i = 0; i < job->count; i++) {
        const tray_item *it = &job->items[i];
        if (it->st == CA_OK || (it->st == CA_ERR_BUSY && job->kind == TRAY_JOB_DISCONNECT))
            continue;
        add_failure(&msg, job->kind == TRAY_JOB_FORGET ? IDS_RESULT_FORGET_FAILED : IDS_RESULT_FAILED, it);
    }
    if (job->kind == TRAY_JOB_DISCONNECT && !job->count) {
        if (job->snap_st != CA_OK) {
            WCHAR sentence[600], code[24];
            tray_error_text(job->snap_err.code, job->snap_err.msg, sentence, ARRAYSIZE(sentence));
            wbuf_add_res(&msg, IDS_RESULT_SNAPSHOT_FAILED,
                         (const WCHAR *const[]){sentence, tray_num((long long)job->snap_err.code, code)}, 2);
            failed++;
        } else {
            wbuf_add_res(&msg, IDS_RESULT_NOTHING, (const WCHAR *const *)&wserver, 1);
        }
    }
    if (busy)
        ask_force(app, job, &msg);
    tray_app_report(app, wbuf_str(&msg), failed ? NIIF_ERROR : busy ? NIIF_WARNING : NIIF_INFO);
    wbuf_cleanup(&msg);
    wbuf_cleanup(&done);
    free(wserver);
}

/* ---- support report ---- */

void tray_app_copy_report(tray_app *app)
{
    strbuf sb;
    WCHAR *text = NULL, *crlf = NULL, *msg;
    HGLOBAL mem = NULL;
    DWORD rc = ERROR_SUCCESS;

    strbuf_init(&sb);
    /* For support staff: English like `connectas report`, and never a password. */
    strbuf_addf(&sb, "ConnectAs support report (tray, version %s)\n", CONNECTAS_VERSION_STRING_C);
    if (app->sandbox) {
        char *name = win_to_utf8(app->sandbox_name ? app->sandbox_name : L"");
        strbuf_addf(&sb, "State: sandbox scenario %s (not this machine)\n", name ? name : "");
        free(name);
    } else {
        win_describe_system(&sb, 0);
    }
    if (app->have_state) {
        const model *m = app->m;
        render_report_text(&sb, m, &app->slots);
    } else {
        strbuf_addf(&sb, "The connections could not be read: %s (error %lu)\n", app->snap_err.msg,
                    app->snap_err.code);
    }
    tray_connect_report(app, &sb);
    if (sb.failed) {
        rc = ERROR_NOT_ENOUGH_MEMORY;
        goto cleanup;
    }
    text = win_from_utf8(strbuf_str(&sb));
    crlf = text ? tray_crlf(text) : NULL;
    if (!crlf) {
        rc = ERROR_NOT_ENOUGH_MEMORY;
        goto cleanup;
    }
    mem = GlobalAlloc(GMEM_MOVEABLE, (wcslen(crlf) + 1) * sizeof(WCHAR));
    if (!mem) {
        rc = GetLastError();
        goto cleanup;
    }
    memcpy(GlobalLock(mem), crlf, (wcslen(crlf) + 1) * sizeof(WCHAR));
    GlobalUnlock(mem);
    if (!OpenClipboard(app->msg)) {
        rc = GetLastError();
        goto cleanup;
    }
    EmptyClipboard();
    if (SetClipboardData(CF_UNICODETEXT, mem))
        mem = NULL; /* the clipboard owns it now */
    else
        rc = GetLastError();
    CloseClipboard();
cleanup:
    if (mem)
        GlobalFree(mem);
    if (rc == ERROR_SUCCESS) {
        msg = tray_load(IDS_RESULT_REPORT);
    } else {
        WCHAR code[24];
        msg = tray_fmt(IDS_RESULT_REPORT_FAILED, tray_num(rc, code), NULL);
    }
    tray_app_report(app, msg, rc == ERROR_SUCCESS ? NIIF_INFO : NIIF_ERROR);
    free(msg);
    free(text);
    free(crlf);
    strbuf_cleanup(&sb);
}

/* ---- Start with Windows ---- */

static int exe_path(WCHAR *buf, DWORD len)
{
    DWORD n = GetModuleFileNameW(NULL, buf, len);
    return n > 0 && n < len;
}

int tray_autostart_enabled(void)
{
    WCHAR value[MAX_PATH * 2 + 32], exe[MAX_PATH * 2];
    DWORD size = sizeof(value) - sizeof(WCHAR);
    size_t n;
    memset(value, 0, sizeof(value));
    if (RegGetValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, RRF_RT_REG_SZ, NULL, value, &size) !=
        ERROR_SUCCESS)
        return 0;
    if (!exe_path(exe, ARRAYSIZE(exe)))
        return 0;
    n = wcslen(exe);
    /* "C:\…\connectas-tray.exe" --background, as tray_autostart_set writes it. */
    return value[0] == L'"' && !_wcsnicmp(value + 1, exe, n) && value[n + 1] == L'"';
}

DWORD tray_autostart_set(int enable)
{
    WCHAR exe[MAX_PATH * 2], value[MAX_PATH * 2 + 32];
    LSTATUS rc;
    if (!enable) {
        rc = RegDeleteKeyValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE);
        return rc == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : (DWORD)rc;
    }
    if (!exe_path(exe, ARRAYSIZE(exe)))
        return ERROR_FILENAME_EXCED_RANGE;
    _snwprintf(value, ARRAYSIZE(value), L"\"%ls\" --background", exe);
    value[ARRAYSIZE(value) - 1] = 0;
    return (DWORD)RegSetKeyValueW(HKEY_CURRENT_USER, TRAY_RUN_KEY, TRAY_RUN_VALUE, REG_SZ, value,
                                  (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
}

void tray_app_toggle_autostart(tray_app *app)
{
    int enable;
    DWORD rc;
    WCHAR *text;
    if (app->sandbox) {
        text = tray_load(IDS_RESULT_SANDBOX_ONLY);
        tray_app_report(app, text, NIIF_INFO);
        free(text);
        return;
    }
    enable = !tray_autostart_enabled();
    rc = tray_autostart_set(enable);
    if (rc == ERROR_SUCCESS) {
        text = tray_load(enable ? IDS_RESULT_AUTOSTART_ON : IDS_RESULT_AUTOSTART_OFF);
    } else {
        WCHAR sentence[600], code[24];
        tray_error_text(rc, NULL, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_RESULT_AUTOSTART_FAILED, sentence, tray_num(rc, code), NULL);
    }
    tray_app_report(app, text, rc == ERROR_SUCCESS ? NIIF_INFO : NIIF_ERROR);
    free(text);
}
