/* The connect dialog: its controls, recent user names and drive letters; the flow's questions as windows. */
#include "tray_dialog.h"

#include <commctrl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "acct.h"
#include "tray_a11y.h"
#include "tray_colors.h"
#include "tray_connect_res.h"
#include "tray_explain.h"
#include "tray_temporary.h"
#include "unc.h"
#include "winutil.h"

struct tray_dialog {
    tray_flow_ui ui; /* the flow's view of the dialog */
    tray_host *host;
    tray_flow *flow;
    HWND dlg;
    HWND task; /* the conflict dialog while it is open */
    int message_error;
    HICON icon;
    char *server;  /* the server the dialog shows, NULL when the location is not understood */
    int has_share; /* the location names a share (a bare \\server gets no drive letter) */
    WCHAR *conflict_text;
};

static const int field_ids[] = {IDC_CF_PATH, IDC_CF_USER, IDC_CF_PASSWORD, IDC_CF_DRIVE};

static tray_dialog *from_ui(tray_flow_ui *ui)
{
    return CONTAINING_RECORD(ui, tray_dialog, ui);
}

static const tray_state *state(tray_dialog *d)
{
    return tray_host_state(d->host);
}

static HWND item(tray_dialog *d, int id)
{
    return GetDlgItem(d->dlg, id);
}

static void set_text_id(tray_dialog *d, int id, UINT string_id)
{
    WCHAR *text = tray_load(string_id);
    SetDlgItemTextW(d->dlg, id, text ? text : L"");
    free(text);
}

static void set_message(tray_dialog *d, const WCHAR *text, int error)
{
    d->message_error = error;
    SetDlgItemTextW(d->dlg, IDC_CF_MESSAGE, text ? text : L"");
    InvalidateRect(item(d, IDC_CF_MESSAGE), NULL, TRUE);
    /* "Checking…", results and errors are read out without moving the focus. */
    if (text && *text)
        tray_a11y_announce(item(d, IDC_CF_MESSAGE));
}

static void focus(tray_dialog *d, int id)
{
    HWND h = item(d, id);
    SendMessageW(d->dlg, WM_NEXTDLGCTL, (WPARAM)h, TRUE);
    if (id == IDC_CF_PASSWORD || id == IDC_CF_PATH)
        SendMessageW(h, EM_SETSEL, 0, -1);
}

/* Empties the password edit, overwriting its text first (best effort: the edit keeps its
 * buffer when the length stays the same). */
static void clear_password_edit(tray_dialog *d)
{
    HWND edit = item(d, IDC_CF_PASSWORD);
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

/* The text of a control (malloc'd UTF-8, "" when empty; NULL when out of memory). */
static char *control_utf8(tray_dialog *d, int id)
{
    HWND h = item(d, id);
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
static void show_now(tray_dialog *d)
{
    const tray_state *st = state(d);
    WCHAR *text = NULL;
    if (!d->server) {
        text = tray_wdup(L"");
    } else if (!st->have_state) {
        text = tray_load(IDS_CF_NOW_LOADING);
    } else {
        long gi = tray_view_find(&st->view, d->server);
        const tray_group *g = gi >= 0 ? &st->view.groups[gi] : NULL;
        if (g && g->slot) {
            WCHAR *list = tray_explain_uses(st->m, g->slot->uses, g->slot->count);
            text = tray_fmt(IDS_CF_NOW, g->wserver, g->user, list ? list : L"", NULL);
            free(list);
        } else {
            WCHAR *w = win_from_utf8(d->server);
            text = tray_fmt(IDS_CF_NOW_NONE, w ? w : L"", NULL);
            free(w);
        }
    }
    SetDlgItemTextW(d->dlg, IDC_CF_NOW, text ? text : L"");
    free(text);
}

/* Fills the user box's list for the server; an empty box gets the most recent name. */
static void fill_users(tray_dialog *d)
{
    HWND combo = item(d, IDC_CF_USER);
    WCHAR typed[ACCT_MAX_TEXT + 2], *list, *p;
    GetWindowTextW(combo, typed, ARRAYSIZE(typed));
    SendMessageW(combo, CB_RESETCONTENT, 0, 0);
    list = tray_flow_recent_users(d->flow, d->server);
    for (p = list; p && *p; p += wcslen(p) + 1)
        SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)p);
    if (typed[0])
        SetWindowTextW(combo, typed);
    else if (list && list[0])
        SendMessageW(combo, CB_SETCURSEL, 0, 0);
    free(list);
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
static void fill_drives(tray_dialog *d)
{
    const tray_state *st = state(d);
    HWND combo = item(d, IDC_CF_DRIVE);
    int sel = (int)SendMessageW(combo, CB_GETCURSEL, 0, 0), i, keep = 0;
    LRESULT was = sel >= 0 ? SendMessageW(combo, CB_GETITEMDATA, (WPARAM)sel, 0) : 0;
    DWORD used = st->sandbox ? 0 : GetLogicalDrives();
    WCHAR *none = tray_load(IDS_CF_DRIVE_NONE), *next = tray_load(IDS_CF_DRIVE_NEXT), name[4] = L"D:";
    SendMessageW(combo, CB_RESETCONTENT, 0, 0);
    i = (int)SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)(none ? none : L"-"));
    SendMessageW(combo, CB_SETITEMDATA, (WPARAM)i, 0);
    i = (int)SendMessageW(combo, CB_ADDSTRING, 0, (LPARAM)(next ? next : L"*"));
    SendMessageW(combo, CB_SETITEMDATA, (WPARAM)i, '*');
    for (name[0] = L'D'; name[0] <= L'Z'; name[0]++) {
        if ((used & (1u << (name[0] - L'A'))) || letter_in_use(st->have_state ? st->m : NULL, name[0]))
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
static LRESULT highest_free(tray_dialog *d)
{
    HWND combo = item(d, IDC_CF_DRIVE);
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
static void update_target(tray_dialog *d)
{
    char *path8 = control_utf8(d, IDC_CF_PATH), *server = NULL;
    int has_share = 0;
    if (path8)
        server = tray_flow_server_of(d->flow, path8, &has_share);
    free(path8);
    if (!server || !d->server || !unc_server_equal(server, d->server)) {
        free(d->server);
        d->server = server;
        fill_users(d);
    } else {
        free(server);
    }
    d->has_share = has_share;
    show_now(d);
    set_text_id(d, IDC_CF_HINT, d->server && !has_share ? IDS_CF_HINT_SERVER : IDS_CF_HINT);
    EnableWindow(item(d, IDC_CF_DRIVE),
                 tray_flow_stage(d->flow) == TRAY_CF_EDIT && (!d->server || has_share));
}

/* ---- what the flow asks of the dialog (tray_flow_ui) ---- */

static void ui_stage(tray_flow_ui *ui, tray_cf_stage stage)
{
    static const int inputs[] = {IDC_CF_PATH, IDC_CF_USER, IDC_CF_PASSWORD, IDC_CF_REMEMBER, IDOK};
    tray_dialog *d = from_ui(ui);
    size_t i;
    int edit = stage == TRAY_CF_EDIT;
    if (!d->dlg)
        return;
    for (i = 0; i < ARRAYSIZE(inputs); i++)
        EnableWindow(item(d, inputs[i]), edit);
    EnableWindow(item(d, IDC_CF_DRIVE), edit && (!d->server || d->has_share));
    tray_temp_dialog_enable(d->dlg, edit);
    /* A connect call cannot be taken back; a check can (and Esc reaches Cancel meanwhile). */
    EnableWindow(item(d, IDCANCEL), stage == TRAY_CF_EDIT || stage == TRAY_CF_CHECKING);
    if (stage == TRAY_CF_CHECKING)
        SendMessageW(d->dlg, WM_NEXTDLGCTL, (WPARAM)item(d, IDCANCEL), TRUE);
}

static void ui_progress(tray_flow_ui *ui, const WCHAR *text)
{
    tray_dialog *d = from_ui(ui);
    if (d->dlg)
        set_message(d, text, 0);
}

static void ui_back(tray_flow_ui *ui, const WCHAR *message, int error, tray_cf_field field)
{
    tray_dialog *d = from_ui(ui);
    if (!d->dlg)
        return;
    clear_password_edit(d);
    fill_drives(d);
    update_target(d);
    set_message(d, message, error);
    focus(d, field_ids[field]);
}

static int ui_ask_conflict(tray_flow_ui *ui, const tray_conflict_info *info)
{
    tray_dialog *d = from_ui(ui);
    tray_conflict_texts t;
    int choice;
    if (!tray_conflict_build(info, &t))
        return IDCANCEL;
    free(d->conflict_text);
    d->conflict_text = tray_conflict_join(&t);
    choice = tray_conflict_ask(d->dlg, state(d)->inst, &t, &d->task);
    tray_conflict_cleanup(&t);
    return choice;
}

static int ui_ask_force(tray_flow_ui *ui, const char *server, const tray_busy_use *uses, size_t count)
{
    tray_dialog *d = from_ui(ui);
    return tray_consent_force(d->dlg, server, uses, count);
}

static void ui_finished(tray_flow_ui *ui)
{
    tray_dialog *d = from_ui(ui);
    if (d->dlg)
        DestroyWindow(d->dlg); /* WM_DESTROY closes the flow */
    else
        tray_flow_close(d->flow);
}

static const tray_flow_ui_vt dialog_ui_vt = {
    ui_stage, ui_progress, ui_back, ui_ask_conflict, ui_ask_force, ui_finished,
};

/* ---- the dialog ---- */

static void on_connect(tray_dialog *d)
{
    tray_flow_request req;
    tray_temp_conn temp;
    WCHAR *why = NULL;
    char *path8, *user8;
    int sel;
    if (tray_flow_stage(d->flow) != TRAY_CF_EDIT)
        return;
    if (!tray_temp_dialog_read(d->dlg, &temp, &why)) {
        set_message(d, why ? why : L"", 1);
        free(why);
        SetFocus(item(d, IDC_CF_TEMP_TIME));
        return;
    }
    path8 = control_utf8(d, IDC_CF_PATH);
    user8 = control_utf8(d, IDC_CF_USER);
    memset(&req, 0, sizeof(req));
    req.path = path8;
    req.user = user8;
    /* The password: read once into the flow's locked buffer, the edit cleared at once. */
    GetDlgItemTextW(d->dlg, IDC_CF_PASSWORD, tray_secret_wide(tray_flow_secret(d->flow)),
                    TRAY_SECRET_MAX + 1);
    clear_password_edit(d);
    req.save_credential = IsDlgButtonChecked(d->dlg, IDC_CF_REMEMBER) == BST_CHECKED;
    req.temporary = temp.on;
    req.temp_minutes = temp.minutes;
    sel = (int)SendMessageW(item(d, IDC_CF_DRIVE), CB_GETCURSEL, 0, 0);
    if (sel >= 0) {
        LRESULT data = SendMessageW(item(d, IDC_CF_DRIVE), CB_GETITEMDATA, (WPARAM)sel, 0);
        if (data == '*')
            data = highest_free(d);
        if (data == '*')
            snprintf(req.local, sizeof(req.local), "*");
        else if (data >= 'D' && data <= 'Z')
            snprintf(req.local, sizeof(req.local), "%c:", (char)data);
    }
    if (!path8 || !user8)
        tray_secret_wipe(tray_flow_secret(d->flow));
    else
        tray_flow_start(d->flow, &req);
    free(path8);
    free(user8);
}

static void init_dialog(tray_dialog *d, const WCHAR *path)
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
    const tray_state *st = state(d);
    WCHAR *title = tray_load(st->sandbox ? IDS_CF_TITLE_SANDBOX : IDS_CF_TITLE);
    size_t i;
    SetWindowTextW(d->dlg, title ? title : L"ConnectAs");
    free(title);
    for (i = 0; i < ARRAYSIZE(texts); i++)
        set_text_id(d, texts[i].id, texts[i].text);
    d->icon = LoadImageW(st->inst, MAKEINTRESOURCEW(IDI_CONNECTAS_APP), IMAGE_ICON,
                         GetSystemMetrics(SM_CXSMICON), GetSystemMetrics(SM_CYSMICON), LR_DEFAULTCOLOR);
    if (d->icon)
        SendMessageW(d->dlg, WM_SETICON, ICON_SMALL, (LPARAM)d->icon);
    SendMessageW(item(d, IDC_CF_PASSWORD), EM_LIMITTEXT, TRAY_SECRET_MAX, 0);
    SendMessageW(item(d, IDC_CF_USER), CB_LIMITTEXT, ACCT_MAX_TEXT, 0);
    SendMessageW(item(d, IDC_CF_PATH), EM_LIMITTEXT, UNC_MAX_PATH, 0);
    fill_drives(d);
    tray_temp_dialog_init(d->dlg);
    SetDlgItemTextW(d->dlg, IDC_CF_PATH, path ? path : L"");
    update_target(d);
    ui_stage(&d->ui, TRAY_CF_EDIT);
}

static void close_dialog(tray_dialog *d)
{
    tray_cf_stage stage = tray_flow_stage(d->flow);
    if (stage != TRAY_CF_EDIT && stage != TRAY_CF_CHECKING)
        return;
    DestroyWindow(d->dlg); /* WM_DESTROY closes the flow: a check still running is ignored */
}

static INT_PTR CALLBACK dialog_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    tray_dialog *d = (tray_dialog *)GetWindowLongPtrW(hwnd, DWLP_USER);
    switch (msg) {
    case WM_INITDIALOG:
        d = (tray_dialog *)lp;
        SetWindowLongPtrW(hwnd, DWLP_USER, (LONG_PTR)d);
        d->dlg = hwnd;
        return TRUE;
    case WM_COMMAND:
        if (!d)
            break;
        switch (LOWORD(wp)) {
        case IDOK:
            on_connect(d);
            return TRUE;
        case IDCANCEL:
            close_dialog(d);
            return TRUE;
        case IDC_CF_PATH:
            if (HIWORD(wp) == EN_CHANGE && tray_flow_stage(d->flow) == TRAY_CF_EDIT)
                update_target(d);
            return TRUE;
        default:
            if (tray_temp_dialog_command(hwnd, LOWORD(wp), HIWORD(wp)))
                return TRUE;
            break;
        }
        break;
    case WM_CTLCOLORSTATIC:
        if (d && (HWND)lp == GetDlgItem(hwnd, IDC_CF_MESSAGE) && d->message_error) {
            /* Errors in a dark red, or in high contrast the theme's text colour (the words
             * "(error N)" keep the meaning); the dialog's own brush behind them. */
            int hc = tray_colors_high_contrast(), owned;
            SetTextColor((HDC)wp, tray_colors_get(TRAY_COLOUR_ERROR_TEXT, hc));
            SetBkMode((HDC)wp, TRANSPARENT);
            return (INT_PTR)tray_colors_brush(TRAY_COLOUR_ERROR_BACK, hc, &owned);
        }
        break;
    case WM_CLOSE:
        if (d)
            close_dialog(d);
        return TRUE;
    case WM_DESTROY:
        if (d) {
            clear_password_edit(d); /* a password typed and then cancelled */
            tray_flow_close(d->flow);
            free(d->server);
            d->server = NULL;
            d->dlg = NULL;
            if (d->icon)
                DestroyIcon(d->icon);
            d->icon = NULL;
        }
        return TRUE;
    default:
        break;
    }
    return FALSE;
}

tray_dialog *tray_dialog_create(tray_host *host)
{
    tray_dialog *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->ui.vt = &dialog_ui_vt;
    d->host = host;
    d->flow = tray_flow_create(host, &d->ui);
    if (!d->flow) {
        free(d);
        return NULL;
    }
    return d;
}

void tray_dialog_free(tray_dialog *d, int worker_stopped)
{
    if (!d)
        return;
    if (d->dlg)
        DestroyWindow(d->dlg);
    tray_flow_free(d->flow, worker_stopped);
    free(d->server);
    free(d->conflict_text);
    free(d);
}

void tray_dialog_open(tray_dialog *d, const WCHAR *path)
{
    if (d->dlg) {
        /* Only a dialog that waits for the user takes a new location. */
        if (tray_flow_stage(d->flow) == TRAY_CF_EDIT && path) {
            SetDlgItemTextW(d->dlg, IDC_CF_PATH, path);
            set_message(d, L"", 0);
        }
        ShowWindow(d->dlg, SW_SHOW);
        SetForegroundWindow(d->dlg);
        return;
    }
    tray_flow_open(d->flow);
    if (!CreateDialogParamW(state(d)->inst, MAKEINTRESOURCEW(IDD_CONNECT), NULL, dialog_proc, (LPARAM)d)) {
        DWORD rc = GetLastError();
        WCHAR sentence[600], num[24], *text;
        tray_flow_close(d->flow);
        tray_error_text(rc, NULL, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_CF_FAILED, sentence, tray_num(rc, num), NULL);
        tray_host_report(d->host, text, NIIF_ERROR);
        free(text);
        return;
    }
    init_dialog(d, path);
    ShowWindow(d->dlg, SW_SHOW);
    SetForegroundWindow(d->dlg);
    focus(d, !path || !*path                              ? IDC_CF_PATH
             : GetWindowTextLengthW(item(d, IDC_CF_USER)) ? IDC_CF_PASSWORD
                                                          : IDC_CF_USER);
    /* What the dialog says about the server comes from the latest state: look again. */
    tray_host_refresh(d->host);
}

int tray_dialog_message(tray_dialog *d, MSG *msg)
{
    return d && d->dlg && IsDialogMessageW(d->dlg, msg);
}

void tray_dialog_update(tray_dialog *d)
{
    if (!d || !d->dlg || tray_flow_stage(d->flow) != TRAY_CF_EDIT)
        return;
    update_target(d);
    fill_drives(d);
}

tray_flow *tray_dialog_flow(tray_dialog *d)
{
    return d ? d->flow : NULL;
}

HWND tray_dialog_hwnd(const tray_dialog *d)
{
    return d ? d->dlg : NULL;
}

HWND tray_dialog_task(const tray_dialog *d)
{
    return d ? d->task : NULL;
}

const WCHAR *tray_dialog_conflict_text(const tray_dialog *d)
{
    return d && d->conflict_text ? d->conflict_text : L"";
}
