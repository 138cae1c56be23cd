/* The tray app: message window, notification icon and menu, refresh triggers, actions and results. */
#include "tray_internal.h"

#include <commctrl.h>
#include <dbt.h>
#include <shlobj.h>
#include <windowsx.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tray_connect.h"
#include "unc.h"
#include "winutil.h"

#define ICON_ID 1
#define TIMER_REFRESH 1
#define TIMER_SOON 2       /* a change notification: refresh shortly, once */
#define TIMER_ICON_RETRY 3 /* the taskbar was not there yet */
#define SOON_MS 700
#define ICON_RETRY_MS 2000
#define ICON_RETRIES 15
#define RECENT_1219_MS (15u * 60u * 1000u)
#define WORKER_STOP_MS 3000

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

/* ---- notification icon ---- */

/* The small icon at the system DPI's size (the .ico holds 16, 20, 24 and 32 px). LoadImage
 * rather than comctl32's LoadIconMetric: an idle tray never loads comctl32 (see tray_window.c). */
static HICON load_small_icon(HINSTANCE inst, UINT id)
{
    return LoadImageW(inst, MAKEINTRESOURCEW(id), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                      GetSystemMetrics(SM_CYSMICON), LR_DEFAULTCOLOR);
}

static void icon_data(tray_app *app, NOTIFYICONDATAW *nid)
{
    memset(nid, 0, sizeof(*nid));
    nid->cbSize = sizeof(*nid);
    nid->hWnd = app->msg;
    nid->uID = ICON_ID;
}

static void icon_add(tray_app *app)
{
    NOTIFYICONDATAW nid;
    if (app->no_icon)
        return;
    icon_data(app, &nid);
    nid.uFlags = NIF_MESSAGE | NIF_ICON | NIF_TIP | NIF_SHOWTIP;
    nid.uCallbackMessage = WM_TRAY_ICON;
    nid.hIcon = app->warning ? app->icon_warning : app->icon_normal;
    wcsncpy(nid.szTip, app->tip, ARRAYSIZE(nid.szTip) - 1);
    app->icon_added = Shell_NotifyIconW(NIM_ADD, &nid) ? 1 : 0;
    if (app->icon_added) {
        nid.uVersion = NOTIFYICON_VERSION_4;
        app->icon_v4 = Shell_NotifyIconW(NIM_SETVERSION, &nid) ? 1 : 0;
        KillTimer(app->msg, TIMER_ICON_RETRY);
    } else if (app->icon_tries++ < ICON_RETRIES) {
        SetTimer(app->msg, TIMER_ICON_RETRY, ICON_RETRY_MS, NULL);
    }
}

static void icon_update(tray_app *app)
{
    NOTIFYICONDATAW nid;
    if (!app->icon_added)
        return;
    icon_data(app, &nid);
    nid.uFlags = NIF_ICON | NIF_TIP | NIF_SHOWTIP;
    nid.hIcon = app->warning ? app->icon_warning : app->icon_normal;
    wcsncpy(nid.szTip, app->tip, ARRAYSIZE(nid.szTip) - 1);
    Shell_NotifyIconW(NIM_MODIFY, &nid);
}

static void icon_remove(tray_app *app)
{
    NOTIFYICONDATAW nid;
    if (!app->icon_added)
        return;
    icon_data(app, &nid);
    Shell_NotifyIconW(NIM_DELETE, &nid);
    app->icon_added = 0;
}

void tray_app_report(tray_app *app, const WCHAR *text, DWORD info_flags)
{
    NOTIFYICONDATAW nid;
    WCHAR *title;
    _snwprintf(app->status, ARRAYSIZE(app->status), L"%ls", text ? text : L"");
    app->status[ARRAYSIZE(app->status) - 1] = 0;
    if (app->win)
        tray_window_set_status(app, app->status);
    if (!app->icon_added || !text || !*text)
        return;
    icon_data(app, &nid);
    nid.uFlags = NIF_INFO;
    nid.dwInfoFlags = info_flags | NIIF_RESPECT_QUIET_TIME;
    title = tray_load(IDS_APP_NAME);
    wcsncpy(nid.szInfoTitle, title ? title : L"ConnectAs", ARRAYSIZE(nid.szInfoTitle) - 1);
    free(title);
    wcsncpy(nid.szInfo, text, ARRAYSIZE(nid.szInfo) - 1);
    Shell_NotifyIconW(NIM_MODIFY, &nid);
}

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

/* Tooltip and icon state from the current view. */
static void update_state(tray_app *app)
{
    WCHAR n1[24], n2[24], *tip, *warn = NULL, *prefix = NULL;
    app->warning = (app->have_state && app->view.problems > 0) || recent_1219(app) ||
                   (app->snap_st != CA_OK && !app->have_state);
    tip = tray_fmt(IDS_TIP, tray_num(app->view.servers, n1), tray_num(app->view.connections, n2), NULL);
    if (tip && app->warning)
        warn = tray_fmt(IDS_TIP_WARN, tip, NULL);
    if (app->sandbox)
        prefix = tray_load(IDS_SANDBOX_TIP);
    _snwprintf(app->tip, ARRAYSIZE(app->tip), L"%ls%ls", prefix ? prefix : L"",
               warn  ? warn
               : tip ? tip
                     : L"");
    app->tip[ARRAYSIZE(app->tip) - 1] = 0;
    free(tip);
    free(warn);
    free(prefix);
    icon_update(app);
}

/* ---- state ---- */

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
    tray_view_cleanup(&app->view);
    if (app->have_state)
        model_slots_cleanup(&app->slots);
    model_free(app->m);
    app->m = m;
    app->slots = slots;
    app->view = view;
    app->have_state = 1;
}

void tray_app_refresh(tray_app *app)
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
    if (job->kind != TRAY_JOB_REFRESH && app->busy > 0)
        app->busy--;
    /* The state after the job first, so the list is current while a question is open. */
    app->snap_st = job->snap_st;
    app->snap_err = job->snap_err;
    if (job->m) {
        set_model(app, job->m);
        job->m = NULL;
    }
    update_state(app);
    if (app->win)
        tray_window_update(app);
    tray_connect_update(app);
    if (job->kind == TRAY_JOB_REFRESH && job->snap_st != CA_OK) {
        WCHAR sentence[600], code[24], *text;
        tray_error_text(job->snap_err.code, job->snap_err.msg, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_RESULT_SNAPSHOT_FAILED, sentence, tray_num((long long)job->snap_err.code, code),
                        NULL);
        _snwprintf(app->status, ARRAYSIZE(app->status), L"%ls", text ? text : L"");
        app->status[ARRAYSIZE(app->status) - 1] = 0;
        if (app->win)
            tray_window_set_status(app, app->status);
        free(text);
    } else if (job->kind == TRAY_JOB_REFRESH && !app->busy) {
        WCHAR when[64], *text;
        if (!GetTimeFormatEx(LOCALE_NAME_USER_DEFAULT, 0, NULL, NULL, when, ARRAYSIZE(when)))
            when[0] = 0;
        text = tray_fmt(IDS_RESULT_UPDATED, when, NULL);
        /* Only replace an earlier "updated" line, never an action's result. */
        if (text && (!app->status[0] || app->status_is_update)) {
            _snwprintf(app->status, ARRAYSIZE(app->status), L"%ls", text);
            app->status[ARRAYSIZE(app->status) - 1] = 0;
            app->status_is_update = 1;
            if (app->win)
                tray_window_set_status(app, app->status);
        }
        free(text);
    }
    if (job->kind == TRAY_JOB_CALL) {
        app->status_is_update = 0;
        if (job->done)
            job->done(app, job);
    } else if (job->kind != TRAY_JOB_REFRESH) {
        app->status_is_update = 0;
        tray_actions_result(app, job);
        InterlockedIncrement(&app->actions);
        for (size_t i = 0; i < job->count; i++)
            if (job->items[i].code == CA_WIN_SESSION_CREDENTIAL_CONFLICT)
                tray_app_note_1219(app, job->server);
    }
    InterlockedIncrement(&app->results);
}

void tray_app_note_1219(tray_app *app, const char *server)
{
    snprintf(app->recent_1219, sizeof(app->recent_1219), "%s", server && *server ? server : "?");
    app->recent_1219_tick = GetTickCount64();
    GetLocalTime(&app->recent_1219_time);
    update_state(app);
    if (app->win)
        tray_window_update_explain(app);
}

/* ---- menu ---- */

/* Menu text with '&' doubled, so server and user names show as typed. */
static WCHAR *menu_escape(const WCHAR *s)
{
    wbuf b = {0};
    for (; s && *s; s++)
        wbuf_addn(&b, *s == L'&' ? L"&&" : s, *s == L'&' ? 2 : 1);
    if (!b.data)
        wbuf_add(&b, L"");
    return wbuf_take(&b);
}

static void append_string(HMENU menu, UINT flags, UINT_PTR id, UINT string_id)
{
    WCHAR *text = tray_load(string_id);
    AppendMenuW(menu, MF_STRING | flags, id, text ? text : L"?");
    free(text);
}

static void on_command(tray_app *app, UINT id, char *const *servers, size_t server_count);

static void show_menu(tray_app *app, int x, int y)
{
    HMENU menu = CreatePopupMenu();
    size_t i, n = app->view.group_count < TRAY_MAX_MENU_GROUPS ? app->view.group_count : TRAY_MAX_MENU_GROUPS;
    char **servers = calloc(n ? n : 1, sizeof(*servers));
    UINT cmd, align;
    if (!menu || !servers) {
        if (menu)
            DestroyMenu(menu);
        free(servers);
        return;
    }
    for (i = 0; i < n; i++) {
        const tray_group *g = &app->view.groups[i];
        HMENU sub = CreatePopupMenu();
        WCHAR num[24], *label, *escaped;
        UINT base = TRAY_ID_SLOT_BASE + (UINT)i * TRAY_SLOT_STRIDE;
        if (!sub)
            continue;
        servers[i] = tray_dup8(g->server);
        append_string(sub, g->slot ? 0 : MF_GRAYED, base + TRAY_SLOT_DISCONNECT, IDS_MENU_DISCONNECT);
        append_string(sub, g->cred_count ? 0 : MF_GRAYED, base + TRAY_SLOT_FORGET, IDS_MENU_FORGET);
        append_string(sub, app->sandbox ? MF_GRAYED : 0, base + TRAY_SLOT_OPEN, IDS_MENU_OPEN);
        label = tray_fmt(IDS_MENU_SLOT, g->wserver, g->user, tray_num(g->connections, num), NULL);
        escaped = menu_escape(label ? label : g->wserver);
        AppendMenuW(menu, MF_POPUP | MF_STRING, (UINT_PTR)sub, escaped ? escaped : L"?");
        free(label);
        free(escaped);
    }
    if (!n)
        append_string(menu, MF_GRAYED, 0, IDS_MENU_NONE);
    AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
    append_string(menu, 0, TRAY_ID_SESSIONS, IDS_MENU_SESSIONS);
    append_string(menu, 0, TRAY_ID_CONNECT, IDS_MENU_CONNECT);
    append_string(menu, 0, TRAY_ID_REPORT, IDS_MENU_REPORT);
    append_string(
        menu, (app->sandbox ? MF_GRAYED : 0) | (!app->sandbox && tray_autostart_enabled() ? MF_CHECKED : 0),
        TRAY_ID_AUTOSTART, IDS_MENU_AUTOSTART);
    AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
    append_string(menu, 0, TRAY_ID_EXIT, IDS_MENU_EXIT);
    SetMenuDefaultItem(menu, TRAY_ID_SESSIONS, FALSE);

    /* Without this the menu does not close when the user clicks elsewhere. */
    SetForegroundWindow(app->msg);
    align = GetSystemMetrics(SM_MENUDROPALIGNMENT) ? TPM_RIGHTALIGN : TPM_LEFTALIGN;
    cmd = (UINT)TrackPopupMenuEx(
        menu, TPM_RETURNCMD | TPM_NONOTIFY | TPM_RIGHTBUTTON | align | TPM_BOTTOMALIGN, x, y, app->msg, NULL);
    PostMessageW(app->msg, WM_NULL, 0, 0);
    DestroyMenu(menu);
    if (cmd)
        on_command(app, cmd, servers, n);
    for (i = 0; i < n; i++)
        free(servers[i]);
    free(servers);
}

static void on_command(tray_app *app, UINT id, char *const *servers, size_t server_count)
{
    switch (id) {
    case TRAY_ID_SESSIONS:
        tray_app_show_window(app);
        return;
    case TRAY_ID_CONNECT:
        tray_begin_connect(app, NULL);
        return;
    case TRAY_ID_REPORT:
        tray_app_copy_report(app);
        return;
    case TRAY_ID_AUTOSTART:
        tray_app_toggle_autostart(app);
        return;
    case TRAY_ID_REFRESH:
        tray_app_refresh(app);
        return;
    case TRAY_ID_EXIT:
        DestroyWindow(app->msg);
        return;
    default:
        break;
    }
    if (id >= TRAY_ID_SLOT_BASE && id < TRAY_ID_SLOT_BASE + TRAY_MAX_MENU_GROUPS * TRAY_SLOT_STRIDE) {
        size_t gi = (id - TRAY_ID_SLOT_BASE) / TRAY_SLOT_STRIDE;
        int action = (int)((id - TRAY_ID_SLOT_BASE) % TRAY_SLOT_STRIDE);
        char *server = NULL;
        /* From a menu: the server it showed; otherwise the current list's group. */
        if (servers)
            server = gi < server_count ? tray_dup8(servers[gi]) : NULL;
        else if (gi < app->view.group_count)
            server = tray_dup8(app->view.groups[gi].server);
        tray_app_server_action(app, server, action);
        free(server);
    }
}

/* ---- commands from the command line or a second instance ---- */

void tray_app_command(tray_app *app, const tray_cmd *cmd)
{
    switch (cmd->verb) {
    case TRAY_VERB_CONNECT:
        tray_begin_connect(app, cmd->path);
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

void tray_app_show_window(tray_app *app)
{
    if (!app->win) {
        app->win = tray_window_create(app);
        if (!app->win)
            return;
        tray_window_update(app);
    }
    if (IsIconic(app->win))
        ShowWindow(app->win, SW_RESTORE);
    else
        ShowWindow(app->win, SW_SHOW);
    SetForegroundWindow(app->win);
    /* Opening the window is a moment to look again. */
    tray_app_refresh(app);
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
        /* Explorer restarted: the icon is gone and must be added again. */
        app->icon_added = 0;
        app->icon_tries = 0;
        icon_add(app);
        return 0;
    }
    switch (msg) {
    case WM_TRAY_ICON:
        switch (LOWORD(lp)) {
        case NIN_SELECT:
        case NIN_KEYSELECT:
            tray_app_show_window(app);
            break;
        case WM_LBUTTONUP:
            if (!app->icon_v4)
                tray_app_show_window(app);
            break;
        case WM_CONTEXTMENU:
            show_menu(app, GET_X_LPARAM(wp), GET_Y_LPARAM(wp));
            break;
        case WM_RBUTTONUP:
            if (!app->icon_v4) {
                POINT pt;
                GetCursorPos(&pt);
                show_menu(app, pt.x, pt.y);
            }
            break;
        default:
            break;
        }
        return 0;
    case WM_TRAY_RESULT:
        if (wp == 1) {
            /* A message from a helper thread (open in Explorer). */
            tray_app_report(app, (WCHAR *)lp, NIIF_ERROR);
            free((WCHAR *)lp);
        } else {
            tray_job *job = (tray_job *)lp;
            take_result(app, job);
            tray_job_free(job);
        }
        return 0;
    case WM_TRAY_SHELLCHANGE:
        on_shell_change(app, wp, lp);
        return 0;
    case WM_TRAY_COMMAND: {
        WCHAR **argv = (WCHAR **)lp;
        tray_cmd cmd;
        if (tray_cmd_parse((int)wp, argv, &cmd))
            tray_app_command(app, &cmd);
        free(argv);
        return 0;
    }
    case WM_COPYDATA: {
        const COPYDATASTRUCT *cds = (const COPYDATASTRUCT *)lp;
        WCHAR **argv;
        int argc = 0;
        tray_cmd cmd;
        if (!cds || cds->dwData != TRAY_COPYDATA_ARGS)
            return FALSE;
        argv = tray_args_unpack(cds->lpData, cds->cbData, &argc);
        if (!argv)
            return FALSE;
        if (!tray_cmd_parse(argc, argv, &cmd)) {
            free(argv);
            return FALSE;
        }
        /* Carried out after the sender has its answer: never block another process on our UI. */
        if (!PostMessageW(hwnd, WM_TRAY_COMMAND, (WPARAM)argc, (LPARAM)argv)) {
            free(argv);
            return FALSE;
        }
        return TRUE;
    }
    case WM_DEVICECHANGE:
        if (wp == DBT_DEVICEARRIVAL || wp == DBT_DEVICEREMOVECOMPLETE)
            refresh_soon(app);
        return TRUE;
    case WM_TIMER:
        if (wp == TIMER_REFRESH) {
            tray_app_refresh(app);
        } else if (wp == TIMER_SOON) {
            KillTimer(hwnd, TIMER_SOON);
            tray_app_refresh(app);
        } else if (wp == TIMER_ICON_RETRY) {
            KillTimer(hwnd, TIMER_ICON_RETRY);
            icon_add(app);
        }
        return 0;
    case WM_COMMAND:
        on_command(app, LOWORD(wp), NULL, 0);
        return 0;
    case WM_QUERYENDSESSION:
        return TRUE;
    case WM_ENDSESSION:
        if (wp)
            DestroyWindow(hwnd);
        return 0;
    case WM_DESTROY:
        KillTimer(hwnd, TIMER_REFRESH);
        KillTimer(hwnd, TIMER_SOON);
        KillTimer(hwnd, TIMER_ICON_RETRY);
        icon_remove(app);
        if (app->shell_notify) {
            SHChangeNotifyDeregister(app->shell_notify);
            app->shell_notify = 0;
        }
        if (app->win) {
            DestroyWindow(app->win);
            app->win = NULL;
        }
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
    app->inst = inst;
    app->be = opt->be;
    app->sandbox = opt->sandbox;
    app->sandbox_name = tray_wdup(opt->sandbox_name ? opt->sandbox_name : L"");
    app->instance = tray_wdup(instance);
    app->refresh_ms = opt->refresh_ms ? opt->refresh_ms : TRAY_DEFAULT_REFRESH_MS;
    app->no_icon = opt->no_icon;
    app->snap_st = CA_OK;
    if (!app->be || !app->sandbox_name || !app->instance) {
        hr = app->be ? E_OUTOFMEMORY : E_INVALIDARG;
        goto fail;
    }
    if (!register_msg_class(inst) || !tray_window_register(inst)) {
        hr = last_error_hr();
        goto fail;
    }
    app->wm_taskbar_created = RegisterWindowMessageW(L"TaskbarCreated");
    app->icon_normal = load_small_icon(inst, IDI_TRAY_NORMAL);
    app->icon_warning = load_small_icon(inst, IDI_TRAY_WARNING);
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
    app->worker = tray_worker_start(app->be, app->msg, WM_TRAY_RESULT);
    if (!app->worker) {
        hr = E_OUTOFMEMORY;
        goto fail;
    }
    update_state(app);
    icon_add(app);
    register_shell_notify(app);
    start_refresh_timer(app);
    tray_app_refresh(app);
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
        /* Tab, mnemonics, Enter and Esc in the sessions window. */
        if (app->win && IsDialogMessageW(app->win, &msg))
            continue;
        if (tray_connect_dialog_message(app, &msg))
            continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return app->exit_code;
}

void tray_app_free(tray_app *app)
{
    MSG m;
    int stopped = 1;
    if (!app)
        return;
    if (app->worker)
        stopped = tray_worker_stop(app->worker, WORKER_STOP_MS);
    app->worker = NULL;
    if (app->msg) {
        /* Results that were posted but not taken. */
        while (PeekMessageW(&m, app->msg, WM_TRAY_RESULT, WM_TRAY_RESULT, PM_REMOVE)) {
            if (m.wParam == 1)
                free((WCHAR *)m.lParam);
            else
                tray_job_free((tray_job *)m.lParam);
        }
        while (PeekMessageW(&m, app->msg, WM_TRAY_COMMAND, WM_TRAY_COMMAND, PM_REMOVE))
            free((WCHAR **)m.lParam);
        DestroyWindow(app->msg);
    }
    /* The connect flow's secrets stay allocated while the worker may still use them. */
    tray_connect_free(app, stopped);
    if (stopped)
        backend_free(app->be);
    if (app->have_state)
        model_slots_cleanup(&app->slots);
    tray_view_cleanup(&app->view);
    model_free(app->m);
    if (app->icon_normal)
        DestroyIcon(app->icon_normal);
    if (app->icon_warning)
        DestroyIcon(app->icon_warning);
    if (app->font)
        DeleteObject(app->font);
    if (app->bold_font)
        DeleteObject(app->bold_font);
    if (app->banner_brush)
        DeleteObject(app->banner_brush);
    free(app->list_signature);
    free(app->selected_server);
    free(app->sandbox_name);
    free(app->instance);
    free(app);
}

/* ---- observation ---- */

HWND tray_app_message_window(tray_app *app)
{
    return app->msg;
}

HWND tray_app_window(tray_app *app)
{
    return app->win;
}

unsigned tray_app_result_count(tray_app *app)
{
    return (unsigned)InterlockedCompareExchange(&app->results, 0, 0);
}

unsigned tray_app_action_count(tray_app *app)
{
    return (unsigned)InterlockedCompareExchange(&app->actions, 0, 0);
}

int tray_app_group_index(tray_app *app, const char *server)
{
    return (int)tray_view_find(&app->view, server);
}

const WCHAR *tray_app_tip(tray_app *app)
{
    return app->tip;
}

int tray_app_warning(tray_app *app)
{
    return app->warning;
}

const WCHAR *tray_app_status(tray_app *app)
{
    return app->status;
}
