/* The tray app: message window, timers, the latest state and the worker; it drives the tray's features. */
/* About 850 lines: the app's own state is touched only here — the message window's dispatch, the
 * inbox, the tray_host entries the features call (with the hooks for support and temporary connections), and
 * the observation functions tests read. */
#include "tray.h"
#include "tray_host.h"

#include <dbt.h>
#include <shlobj.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tray_actions.h"
#include "tray_dialog.h"
#include "tray_features.h"
#include "tray_icon.h"
#include "tray_open.h"
#include "tray_support.h"
#include "tray_temporary.h"
#include "tray_window.h"
#include "journal_reg.h"
#include "winutil.h"

#define TIMER_REFRESH 1
#define TIMER_SOON 2      /* a change notification: refresh shortly, once */
#define TIMER_TEMPORARY 3 /* the next temporary connection falls due (tray_temporary.c) */
#define SOON_MS 700
#define RECENT_1219_MS (15u * 60u * 1000u)
#define WORKER_STOP_MS 3000

/*
 * The message window's messages. It is a top-level window any process on the
 * desktop can post to, so none of them carries a pointer or an order: results
 * and forwarded command lines wait in the app's inbox, and WM_TRAY_INBOX only
 * says "look there". Other processes give orders through WM_COPYDATA alone
 * (the documented verbs), menu commands come back from TrackPopupMenu, and
 * WM_COMMAND and WM_CLOSE are not obeyed at all.
 */
/* WM_TRAY_ICON (WM_APP + 1, tray.h): the notification icon's callback */
#define WM_TRAY_INBOX (WM_APP + 2)       /* a token: take what waits in the inbox */
#define WM_TRAY_SHELLCHANGE (WM_APP + 3) /* SHChangeNotifyRegister */

struct tray_app {
    tray_host host; /* the features' view of the app */
    HINSTANCE inst;
    backend *be;
    int sandbox;
    WCHAR *sandbox_name;
    WCHAR *instance;
    unsigned refresh_ms;

    HWND msg;                /* hidden top-level window: icon, WM_COPYDATA, broadcasts */
    UINT wm_taskbar_created; /* "TaskbarCreated" */
    tray_inbox *inbox;
    tray_worker *worker;
    ULONG shell_notify; /* SHChangeNotifyRegister id, 0 when none */

    /* The latest state (UI thread only). */
    tray_state st;
    volatile LONG results;
    volatile LONG actions; /* finished actions (disconnect, forget), counted after their questions */
    int busy;              /* jobs queued and not yet taken back */
    char recent_1219[256];
    ULONGLONG recent_1219_tick;
    WCHAR status[512];
    int status_is_update; /* the status line only says when the list was last updated */

    /* Features */
    tray_icon *icon;
    tray_window *window;
    tray_actions *actions_feature;
    tray_dialog *dialog;
    tray_support *support;
    tray_temporary *temporary;

    /* Temporary connections: the journal (HKCU; in memory in the sandbox) and this sign-in's id */
    journal_store *journal;
    char session[96];
    int temp_finished;  /* the final cleanup ran (sign-out or exit) */
    int worker_stopped; /* the worker ended (else it is left to the process exit) */

    /* Opening locations (tests inject an opener) */
    tray_open_fn opener;
    void *opener_ctx;
    WCHAR *opened;

    int exit_code;
};

static tray_app *impl_from_host(tray_host *h)
{
    return CONTAINING_RECORD(h, tray_app, host);
}

/* The last Win32 error as an HRESULT, never S_OK (some failures leave no error code). */
static HRESULT last_error_hr(void)
{
    DWORD rc = GetLastError();
    return rc ? HRESULT_FROM_WIN32(rc) : E_FAIL;
}

static tray_app *app_from(HWND hwnd)
{
    return (tray_app *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
}

/* ---- state ---- */

static int recent_1219(tray_app *app)
{
    if (!app->recent_1219[0])
        return 0;
    if (GetTickCount64() - app->recent_1219_tick > RECENT_1219_MS) {
        app->recent_1219[0] = 0;
        return 0;
    }
    return 1;
}

static void set_status(tray_app *app, const WCHAR *text)
{
    _snwprintf(app->status, ARRAYSIZE(app->status), L"%ls", text ? text : L"");
    app->status[ARRAYSIZE(app->status) - 1] = 0;
    tray_window_set_status(app->window, app->status);
}

static void set_model(tray_app *app, model *m)
{
    model_slots slots;
    tray_view view;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (model_build_slots(m, &slots, &e) != CA_OK) {
        model_free(m);
        return;
    }
    if (tray_view_build(m, &slots, &view) != ERROR_SUCCESS) {
        model_slots_cleanup(&slots);
        model_free(m);
        return;
    }
    tray_temporary_mark(app->temporary, &view, m);
    tray_view_cleanup(&app->st.view);
    if (app->st.have_state)
        model_slots_cleanup(&app->st.slots);
    model_free(app->st.m);
    app->st.m = m;
    app->st.slots = slots;
    app->st.view = view;
    app->st.have_state = 1;
}

static void refresh(tray_app *app)
{
    if (app->worker)
        tray_worker_refresh(app->worker);
}

static void refresh_soon(tray_app *app)
{
    SetTimer(app->msg, TIMER_SOON, SOON_MS, NULL);
}

static void take_result(tray_app *app, tray_job *job)
{
    /* The state after the job first, so the list is current while a question is open. */
    app->st.snap_st = job->snap_st;
    app->st.snap_err = job->snap_err;
    if (job->m) {
        set_model(app, job->m);
        job->m = NULL;
    }
    tray_icon_update(app->icon, &app->st, recent_1219(app));
    tray_window_update(app->window);
    tray_dialog_update(app->dialog);
    if (!job->call && job->snap_st != CA_OK) {
        WCHAR sentence[600], code[24], *text;
        tray_error_text(job->snap_err.code, job->snap_err.msg, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_RESULT_SNAPSHOT_FAILED, sentence, tray_num((long long)job->snap_err.code, code),
                        NULL);
        set_status(app, text);
        free(text);
    } else if (!job->call && !app->busy) {
        WCHAR when[64], *text;
        if (!GetTimeFormatEx(LOCALE_NAME_USER_DEFAULT, 0, NULL, NULL, when, ARRAYSIZE(when)))
            when[0] = 0;
        text = tray_fmt(IDS_RESULT_UPDATED, when, NULL);
        /* Only replace an earlier "updated" line, never an action's result. */
        if (text && (!app->status[0] || app->status_is_update)) {
            set_status(app, text);
            app->status_is_update = 1;
        }
        free(text);
    }
    if (job->call) {
        app->status_is_update = 0;
        if (job->done)
            job->done(job);
        if (job->action)
            InterlockedIncrement(&app->actions);
        /* Pending until everything it led to is done: a call into another process above (the
         * icon, a question) lets an observer in, and it must not see the job as finished early. */
        if (app->busy > 0)
            app->busy--;
    }
    InterlockedIncrement(&app->results);
}

void tray_app_note_1219(tray_app *app, const char *server)
{
    snprintf(app->recent_1219, sizeof(app->recent_1219), "%s", server && *server ? server : "?");
    app->recent_1219_tick = GetTickCount64();
    GetLocalTime(&app->st.recent_1219_time);
    tray_icon_update(app->icon, &app->st, 1);
    tray_window_update(app->window);
}

/* ---- the host seam (what the features call) ---- */

static const tray_state *host_state(tray_host *h)
{
    tray_app *app = impl_from_host(h);
    recent_1219(app);
    return &app->st;
}

static void host_submit(tray_host *h, tray_job *job)
{
    tray_app *app = impl_from_host(h);
    if (!app->worker) {
        tray_job_free(job);
        return;
    }
    if (job->call)
        app->busy++;
    tray_worker_submit(app->worker, job);
}

static void host_refresh(tray_host *h)
{
    refresh(impl_from_host(h));
}

static void host_report(tray_host *h, const WCHAR *text, DWORD info_flags)
{
    tray_app *app = impl_from_host(h);
    set_status(app, text);
    tray_icon_balloon(app->icon, text, info_flags);
}

static void host_status(tray_host *h, const WCHAR *text)
{
    tray_window_set_status(impl_from_host(h)->window, text);
}

static HWND host_owner(tray_host *h)
{
    tray_app *app = impl_from_host(h);
    HWND win = tray_window_hwnd(app->window);
    return win && IsWindowVisible(win) ? win : app->msg;
}

static void host_note_1219(tray_host *h, const char *server)
{
    tray_app_note_1219(impl_from_host(h), server);
}

static void host_open(tray_host *h, const WCHAR *path)
{
    tray_app *app = impl_from_host(h);
    free(app->opened);
    app->opened = tray_wdup(path);
    if (app->opener)
        app->opener(app->opener_ctx, path);
    else if (!app->sandbox)
        tray_open_start(app->inbox, path);
}

static void open_connect(tray_app *app, const WCHAR *path)
{
    tray_dialog_open(app->dialog, path);
}

static void host_server_action(tray_host *h, const char *server, int action)
{
    tray_app *app = impl_from_host(h);
    WCHAR path[UNC_MAX_SERVER + 4], *w;
    if (!server)
        return;
    if (action != TRAY_SLOT_CONNECT) {
        tray_actions_run(app->actions_feature, server, action);
        return;
    }
    w = win_from_utf8(server);
    if (w) {
        _snwprintf(path, ARRAYSIZE(path), L"\\\\%ls", w);
        path[ARRAYSIZE(path) - 1] = 0;
        open_connect(app, path);
    }
    free(w);
}

static int host_alive(tray_host *h)
{
    return impl_from_host(h)->msg != NULL;
}

static void run_command(tray_app *app, UINT id, const char *server);

static void host_command(tray_host *h, UINT id)
{
    run_command(impl_from_host(h), id, NULL);
}

static void host_arm_temporary(tray_host *h, unsigned ms)
{
    tray_app *app = impl_from_host(h);
    if (!app->msg)
        return;
    if (ms)
        SetTimer(app->msg, TIMER_TEMPORARY, ms, NULL);
    else
        KillTimer(app->msg, TIMER_TEMPORARY);
}

static const tray_host_vt app_host_vt = {
    host_state,     host_submit, host_refresh,       host_report, host_status,  host_owner,
    host_note_1219, host_open,   host_server_action, host_alive,  host_command, host_arm_temporary,
};

/* At sign-out and exit: every temporary connection is undone (never forcing), with the worker stopped. */
static void finish_temporary(tray_app *app)
{
    if (app->temp_finished)
        return;
    app->temp_finished = 1;
    if (app->worker) {
        app->worker_stopped = tray_worker_stop(app->worker, WORKER_STOP_MS);
        app->worker = NULL;
    }
    if (app->worker_stopped)
        tray_temporary_finish(app->temporary, app->be);
}

/* ---- commands ---- */

static void copy_report(tray_app *app)
{
    strbuf sb;
    strbuf_init(&sb);
    tray_report_build(&sb, &app->st);
    tray_flow_report(tray_dialog_flow(app->dialog), &sb);
    tray_report_copy(&app->host, app->msg, &sb);
    strbuf_cleanup(&sb);
}

void tray_app_show_window(tray_app *app)
{
    if (!tray_window_show(app->window))
        return;
    /* Opening the window is a moment to look again. */
    refresh(app);
}

void tray_app_connect(tray_app *app, const WCHAR *path)
{
    open_connect(app, path);
}

/* A notification-menu command; server is the server a per-server command was shown for. */
static void run_command(tray_app *app, UINT id, const char *server)
{
    switch (id) {
    case TRAY_ID_SESSIONS:
        tray_app_show_window(app);
        return;
    case TRAY_ID_CONNECT:
        open_connect(app, NULL);
        return;
    case TRAY_ID_REPORT:
        copy_report(app);
        return;
    case TRAY_ID_AUTOSTART:
        tray_autostart_toggle(&app->host);
        return;
    case TRAY_ID_REFRESH:
        refresh(app);
        return;
    case TRAY_ID_SAVE_STATE:
        tray_support_save(app->support);
        return;
    case TRAY_ID_TEMP_CHANGED:
        tray_temporary_changed(app->temporary);
        return;
    case TRAY_ID_EXIT:
        DestroyWindow(app->msg);
        return;
    default:
        break;
    }
    if (id >= TRAY_ID_SLOT_BASE && id < TRAY_ID_SLOT_BASE + TRAY_MAX_MENU_GROUPS * TRAY_SLOT_STRIDE)
        host_server_action(&app->host, server, (int)((id - TRAY_ID_SLOT_BASE) % TRAY_SLOT_STRIDE));
}

void tray_app_do(tray_app *app, UINT id)
{
    char *server = NULL;
    /* A per-server command names a group of the current list. */
    if (id >= TRAY_ID_SLOT_BASE && id < TRAY_ID_SLOT_BASE + TRAY_MAX_MENU_GROUPS * TRAY_SLOT_STRIDE) {
        size_t gi = (id - TRAY_ID_SLOT_BASE) / TRAY_SLOT_STRIDE;
        if (gi >= app->st.view.group_count)
            return;
        server = tray_dup8(app->st.view.groups[gi].server);
    }
    run_command(app, id, server);
    free(server);
}

void tray_app_command(tray_app *app, const tray_cmd *cmd)
{
    switch (cmd->verb) {
    case TRAY_VERB_CONNECT:
        open_connect(app, cmd->path);
        break;
    case TRAY_VERB_EXIT:
        DestroyWindow(app->msg);
        break;
    case TRAY_VERB_SHOW:
        tray_app_show_window(app);
        break;
    case TRAY_VERB_NONE:
    default:
        if (!cmd->background)
            tray_app_show_window(app);
        break;
    }
}

static void show_menu(tray_app *app, int x, int y)
{
    char *server = NULL;
    UINT cmd = tray_menu_track(app->msg, &app->st, x, y, &server);
    if (cmd)
        run_command(app, cmd, server);
    free(server);
}

/* ---- the inbox ---- */

static void free_inbox_item(tray_in_kind kind, void *item)
{
    if (kind == TRAY_IN_JOB)
        tray_job_free(item);
    else
        free(item);
}

/* Takes everything that waits (a token may stand for several items, or none). */
static void drain_inbox(tray_app *app)
{
    tray_in_kind kind;
    void *item;
    size_t extra;
    while (app->msg && tray_inbox_take(app->inbox, &kind, &item, &extra)) {
        if (kind == TRAY_IN_JOB) {
            take_result(app, item);
            tray_job_free(item);
        } else if (kind == TRAY_IN_NOTICE) {
            host_report(&app->host, item, NIIF_ERROR);
            free(item);
        } else {
            WCHAR **argv = item;
            tray_cmd cmd;
            if (tray_cmd_parse((int)extra, argv, &cmd))
                tray_app_command(app, &cmd);
            free(argv);
        }
    }
}

/* A forwarded command line: only the documented verbs, checked before it is queued. */
static BOOL on_copydata(tray_app *app, const COPYDATASTRUCT *cds)
{
    WCHAR **argv;
    int argc = 0;
    tray_cmd cmd;
    if (!cds || cds->dwData != TRAY_COPYDATA_ARGS)
        return FALSE;
    argv = tray_args_unpack(cds->lpData, cds->cbData, &argc);
    if (!argv)
        return FALSE;
    if (!tray_cmd_parse(argc, argv, &cmd) || cmd.help) {
        free(argv);
        return FALSE;
    }
    /* Carried out after the sender has its answer: never block another process on our UI. */
    if (!tray_inbox_put(app->inbox, TRAY_IN_ARGS, argv, (size_t)argc)) {
        free(argv);
        return FALSE;
    }
    return TRUE;
}

/* ---- the message window ---- */

static void on_shell_change(tray_app *app, WPARAM wp, LPARAM lp)
{
    PIDLIST_ABSOLUTE *pidls = NULL;
    LONG event = 0;
    HANDLE lock = SHChangeNotification_Lock((HANDLE)wp, (DWORD)lp, &pidls, &event);
    if (lock)
        SHChangeNotification_Unlock(lock);
    refresh_soon(app);
}

static void register_shell_notify(tray_app *app)
{
    PIDLIST_ABSOLUTE desktop = NULL;
    SHChangeNotifyEntry entry;
    if (FAILED(SHGetSpecialFolderLocation(NULL, CSIDL_DESKTOP, &desktop)))
        return;
    entry.pidl = desktop;
    entry.fRecursive = TRUE;
    app->shell_notify = SHChangeNotifyRegister(
        app->msg, SHCNRF_ShellLevel | SHCNRF_InterruptLevel | SHCNRF_NewDelivery,
        SHCNE_DRIVEADD | SHCNE_DRIVEREMOVED | SHCNE_NETSHARE | SHCNE_NETUNSHARE | SHCNE_SERVERDISCONNECT,
        WM_TRAY_SHELLCHANGE, 1, &entry);
    CoTaskMemFree(desktop);
}

typedef UINT_PTR(WINAPI *set_coalescable_timer_fn)(HWND, UINT_PTR, UINT, TIMERPROC, ULONG);

static void start_refresh_timer(tray_app *app)
{
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    set_coalescable_timer_fn sct =
        user32 ? (set_coalescable_timer_fn)(void (*)(void))GetProcAddress(user32, "SetCoalescableTimer")
               : NULL;
    /* A tolerance lets Windows batch the wake-up with others (less power while idle). */
    if (!sct || !sct(app->msg, TIMER_REFRESH, app->refresh_ms, NULL, app->refresh_ms / 10))
        SetTimer(app->msg, TIMER_REFRESH, app->refresh_ms, NULL);
}

static LRESULT CALLBACK msg_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    tray_app *app = app_from(hwnd);
    if (msg == WM_NCCREATE) {
        CREATESTRUCTW *cs = (CREATESTRUCTW *)lp;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)cs->lpCreateParams);
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
    if (!app)
        return DefWindowProcW(hwnd, msg, wp, lp);
    if (msg == app->wm_taskbar_created && msg) {
        tray_icon_add(app->icon, 1);
        return 0;
    }
    switch (msg) {
    case WM_TRAY_ICON: {
        int x = 0, y = 0;
        tray_icon_ask ask = tray_icon_event(app->icon, wp, lp, &x, &y);
        if (ask == TRAY_ICON_SHOW_WINDOW)
            tray_app_show_window(app);
        else if (ask == TRAY_ICON_MENU)
            show_menu(app, x, y);
        return 0;
    }
    case WM_TRAY_INBOX:
        drain_inbox(app);
        return 0;
    case WM_SETTINGCHANGE:
    case WM_SYSCOLORCHANGE:
        /* High contrast on or off: the icon's black-and-white variant or the colour one. */
        tray_icon_theme_changed(app->icon);
        break;
    case WM_TRAY_SHELLCHANGE:
        on_shell_change(app, wp, lp);
        return 0;
    case WM_COPYDATA:
        return on_copydata(app, (const COPYDATASTRUCT *)lp);
    case WM_DEVICECHANGE:
        if (wp == DBT_DEVICEARRIVAL || wp == DBT_DEVICEREMOVECOMPLETE)
            refresh_soon(app);
        return TRUE;
    case WM_TIMER:
        if (wp == TIMER_REFRESH) {
            refresh(app);
        } else if (wp == TIMER_SOON) {
            KillTimer(hwnd, TIMER_SOON);
            refresh(app);
        } else if (wp == TIMER_TEMPORARY) {
            KillTimer(hwnd, TIMER_TEMPORARY);
            tray_temporary_due(app->temporary);
        } else if (wp == TRAY_TIMER_ICON_RETRY) {
            KillTimer(hwnd, TRAY_TIMER_ICON_RETRY);
            tray_icon_add(app->icon, 0);
        }
        return 0;
    case WM_COMMAND:
    case WM_CLOSE:
        /* Not from the menu (TrackPopupMenu returns its command): someone else's order. */
        return 0;
    case WM_QUERYENDSESSION:
        return TRUE;
    case WM_ENDSESSION:
        /* Windows sends it; a posted one is someone else's order. */
        if (wp && InSendMessage()) {
            /* Signing out: what was temporary goes now, before Windows ends the process. */
            finish_temporary(app);
            DestroyWindow(hwnd);
        }
        return 0;
    case WM_DESTROY:
        KillTimer(hwnd, TIMER_REFRESH);
        KillTimer(hwnd, TIMER_SOON);
        KillTimer(hwnd, TIMER_TEMPORARY);
        tray_icon_remove(app->icon);
        if (app->shell_notify) {
            SHChangeNotifyDeregister(app->shell_notify);
            app->shell_notify = 0;
        }
        tray_window_destroy(app->window);
        PostQuitMessage(app->exit_code);
        return 0;
    case WM_NCDESTROY:
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        app->msg = NULL;
        break;
    default:
        break;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static ATOM register_msg_class(HINSTANCE inst)
{
    WNDCLASSEXW wc;
    ATOM atom;
    memset(&wc, 0, sizeof(wc));
    wc.cbSize = sizeof(wc);
    wc.lpfnWndProc = msg_proc;
    wc.hInstance = inst;
    wc.lpszClassName = TRAY_MSG_CLASS;
    atom = RegisterClassExW(&wc);
    if (!atom && GetLastError() == ERROR_CLASS_ALREADY_EXISTS)
        atom = 1;
    return atom;
}

HRESULT tray_app_create(HINSTANCE inst, const tray_options *opt, tray_app **out)
{
    tray_app *app;
    HRESULT hr = S_OK;
    const WCHAR *instance = opt->instance ? opt->instance : opt->sandbox ? L"sandbox" : L"default";
    WCHAR title[HANDOFF_NAME_CCH];

    *out = NULL;
    app = calloc(1, sizeof(*app));
    if (!app) {
        backend_free(opt->be);
        return E_OUTOFMEMORY;
    }
    app->host.vt = &app_host_vt;
    app->inst = inst;
    app->be = opt->be;
    app->sandbox = opt->sandbox;
    app->sandbox_name = tray_wdup(opt->sandbox_name ? opt->sandbox_name : L"");
    app->instance = tray_wdup(instance);
    app->refresh_ms = opt->refresh_ms ? opt->refresh_ms : TRAY_DEFAULT_REFRESH_MS;
    app->st.snap_st = CA_OK;
    app->st.sandbox = app->sandbox;
    app->st.sandbox_name = app->sandbox_name;
    app->st.inst = inst;
    app->st.status = app->status;
    app->st.recent_1219 = app->recent_1219;
    app->worker_stopped = 1;
    /* The sandbox journals in memory: nothing real is written. */
    app->journal = app->sandbox ? journal_mem_store_create() : journal_reg_store_create();
    if (app->sandbox)
        snprintf(app->session, sizeof(app->session), "sandbox");
    else
        journal_reg_session_id(app->session, sizeof(app->session));
    app->st.journal = app->journal;
    app->st.session = app->session;
    if (!app->be || !app->sandbox_name || !app->instance) {
        hr = app->be ? E_OUTOFMEMORY : E_INVALIDARG;
        goto fail;
    }
    if (!register_msg_class(inst) || !tray_window_register(inst)) {
        hr = last_error_hr();
        goto fail;
    }
    app->wm_taskbar_created = RegisterWindowMessageW(L"TaskbarCreated");
    /* A top-level (not message-only) window: TaskbarCreated and WM_DEVICECHANGE are broadcasts. */
    if (handoff_names(app->instance, NULL, title) != ERROR_SUCCESS) {
        hr = E_INVALIDARG;
        goto fail;
    }
    app->msg =
        CreateWindowExW(WS_EX_TOOLWINDOW, TRAY_MSG_CLASS, title, WS_POPUP, 0, 0, 0, 0, NULL, NULL, inst, app);
    if (!app->msg) {
        hr = last_error_hr();
        goto fail;
    }
    if (app->wm_taskbar_created)
        ChangeWindowMessageFilterEx(app->msg, app->wm_taskbar_created, MSGFLT_ALLOW, NULL);
    app->inbox = tray_inbox_create(app->msg, WM_TRAY_INBOX, free_inbox_item);
    app->worker = app->inbox ? tray_worker_start(app->be, app->inbox) : NULL;
    app->icon = tray_icon_create(inst, app->msg, WM_TRAY_ICON, opt->no_icon);
    app->window = tray_window_create(&app->host);
    app->actions_feature = tray_actions_create(&app->host);
    app->dialog = tray_dialog_create(&app->host);
    app->support = tray_support_create(&app->host);
    app->temporary = tray_temporary_create(&app->host);
    if (!app->worker || !app->icon || !app->window || !app->actions_feature || !app->dialog ||
        !app->support || !app->temporary || !app->journal) {
        hr = E_OUTOFMEMORY;
        goto fail;
    }
    tray_icon_update(app->icon, &app->st, 0);
    tray_icon_add(app->icon, 0);
    register_shell_notify(app);
    start_refresh_timer(app);
    refresh(app);
    /* What a crash, a power loss or an earlier sign-in left behind, and what fell due meanwhile. */
    tray_temporary_start(app->temporary);
    *out = app;
    return S_OK;
fail:
    tray_app_free(app);
    return hr;
}

int tray_app_run(tray_app *app)
{
    MSG msg;
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        /* Tab, mnemonics, Enter and Esc in the sessions window and the connect dialog. */
        if (app->window && tray_window_dialog_message(app->window, &msg))
            continue;
        if (tray_dialog_message(app->dialog, &msg))
            continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return app->exit_code;
}

void tray_app_free(tray_app *app)
{
    int stopped;
    if (!app)
        return;
    /* Told to exit (or failed to start): the temporary connections end with the tray. */
    finish_temporary(app);
    stopped = app->worker_stopped;
    /* Results that were put in but not taken are freed with the inbox. */
    if (app->inbox)
        tray_inbox_close(app->inbox);
    if (app->msg)
        DestroyWindow(app->msg);
    /* The connect flow's secret stays allocated while the worker may still use it. */
    tray_dialog_free(app->dialog, stopped);
    tray_actions_free(app->actions_feature);
    tray_support_free(app->support);
    tray_temporary_free(app->temporary);
    if (stopped)
        journal_store_free(app->journal);
    tray_window_free(app->window);
    tray_icon_free(app->icon);
    tray_inbox_release(app->inbox);
    if (stopped)
        backend_free(app->be);
    if (app->st.have_state)
        model_slots_cleanup(&app->st.slots);
    tray_view_cleanup(&app->st.view);
    model_free(app->st.m);
    free(app->opened);
    free(app->sandbox_name);
    free(app->instance);
    free(app);
}

/* ---- injection and observation ---- */

void tray_app_set_opener(tray_app *app, tray_open_fn fn, void *ctx)
{
    app->opener = fn;
    app->opener_ctx = ctx;
}

void tray_app_set_save_picker(tray_app *app, tray_save_pick_fn fn, void *ctx)
{
    tray_support_set_picker(app->support, fn, ctx);
}

const WCHAR *tray_app_opened(tray_app *app)
{
    return app->opened ? app->opened : L"";
}

tray_dialog *tray_app_dialog(tray_app *app)
{
    return app->dialog;
}

tray_temporary *tray_app_temporary(tray_app *app)
{
    return app->temporary;
}

HWND tray_app_message_window(tray_app *app)
{
    return app->msg;
}

HWND tray_app_window(tray_app *app)
{
    return tray_window_hwnd(app->window);
}

unsigned tray_app_result_count(tray_app *app)
{
    return (unsigned)InterlockedCompareExchange(&app->results, 0, 0);
}

unsigned tray_app_action_count(tray_app *app)
{
    return (unsigned)InterlockedCompareExchange(&app->actions, 0, 0);
}

int tray_app_pending(tray_app *app)
{
    return app->busy;
}

int tray_app_group_index(tray_app *app, const char *server)
{
    return (int)tray_view_find(&app->st.view, server);
}

const WCHAR *tray_app_tip(tray_app *app)
{
    return tray_icon_tip(app->icon);
}

int tray_app_warning(tray_app *app)
{
    return tray_icon_warning(app->icon);
}

const WCHAR *tray_app_status(tray_app *app)
{
    return app->status;
}
