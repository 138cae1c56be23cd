/* The conflict dialog: the reason for a predicted 1219 and the fixes, from the tray's string tables. */
#include "tray_conflict.h"

#include <commctrl.h>

#include <stdlib.h>
#include <string.h>

#include "tray_connect_res.h"
#include "tray_explain.h"
#include "winutil.h"

static WCHAR *user_text(const char *user)
{
    return user ? win_from_utf8(user) : tray_load(IDS_CF_DEFAULT_USER);
}

/* Localised caveat for an alias fix (R7): address, the computer's other name, or a DNS alias. */
static UINT caveat_id(const predict_fix *f)
{
    if (f->alias_kind == UNC_NAME_IPV4 || f->alias_kind == UNC_NAME_IPV6)
        return IDS_CF_CAVEAT_IP;
    return f->alias_certainty <= CERTAINTY_MEDIUM ? IDS_CF_CAVEAT_NAME : IDS_CF_CAVEAT_ALIAS;
}

/* The reason, then the warnings (a wide credential is named here, never deleted). */
static WCHAR *reason_text(const tray_conflict_info *info)
{
    wbuf b = {0};
    size_t i;
    tray_explain_reason(&b, info->m, info->pred);
    for (i = 0; i < info->pred->warning_count; i++) {
        wbuf_add(&b, L"\n\n");
        tray_explain_warning(&b, info->m, &info->pred->warnings[i]);
    }
    return wbuf_take(&b);
}

static void add_button(tray_conflict_texts *t, int id, wbuf *text)
{
    t->ids[t->count] = id;
    t->buttons[t->count++] = wbuf_take(text);
}

int tray_conflict_build(const tray_conflict_info *info, tray_conflict_texts *t)
{
    const prediction *p = info->pred;
    const predict_fix *disconnect = NULL;
    WCHAR *path = win_from_utf8(info->path8 ? info->path8 : ""), *req = user_text(p->requested_user);
    size_t i, nalias = 0;
    int forgets = 0, ok;

    memset(t, 0, sizeof(*t));
    t->main = tray_fmt(info->refused ? IDS_CF_CONFLICT_MAIN_REFUSED : IDS_CF_CONFLICT_MAIN, path ? path : L"",
                       req ? req : L"", NULL);
    t->reason = reason_text(info);
    if (p->certainty != CERTAINTY_HIGH && !info->refused)
        t->footer = tray_load(IDS_CF_LIKELY);
    for (i = 0; i < p->fix_count; i++) {
        if (p->fixes[i].kind == FIX_DISCONNECT && !disconnect)
            disconnect = &p->fixes[i];
        forgets += p->fixes[i].kind == FIX_FORGET_CREDENTIAL;
    }
    /* Least disruptive first: the same account as written there, then the fixes in the plan's order. */
    for (i = 0; i < p->fix_count && t->count < TRAY_CF_MAX_BUTTONS; i++) {
        const predict_fix *f = &p->fixes[i];
        wbuf b = {0};
        if (f->kind == FIX_USE_SPELLING && f->user) {
            WCHAR *u = win_from_utf8(f->user);
            wbuf_add_res(&b, IDS_CF_BTN_SPELLING, (const WCHAR *const *)&u, 1);
            wbuf_add(&b, L"\n");
            wbuf_add_res(&b, IDS_CF_NOTE_SPELLING, NULL, 0);
            add_button(t, TRAY_CF_SPELLING, &b);
            free(u);
        }
    }
    if (disconnect && t->count < TRAY_CF_MAX_BUTTONS) {
        wbuf b = {0};
        WCHAR num[24], *list = tray_explain_uses(info->m, disconnect->uses, disconnect->use_count);
        const WCHAR *n = tray_num((long long)disconnect->use_count, num);
        wbuf_add_res(&b, disconnect->use_count == 1 ? IDS_CF_BTN_DISCONNECT_1 : IDS_CF_BTN_DISCONNECT_N, &n,
                     1);
        wbuf_add(&b, L"\n");
        wbuf_add_res(&b, IDS_CF_NOTE_DISCONNECT, (const WCHAR *const *)&list, 1);
        if (disconnect->open_files > 0) {
            n = tray_num(disconnect->open_files, num);
            wbuf_add(&b, L" ");
            wbuf_add_res(&b, IDS_CF_NOTE_OPEN, &n, 1);
        }
        add_button(t, TRAY_CF_DISCONNECT, &b);
        free(list);
    }
    for (i = 0; i < p->fix_count && t->count < TRAY_CF_MAX_BUTTONS && nalias < TRAY_CF_ALIAS_MAX; i++) {
        const predict_fix *f = &p->fixes[i];
        wbuf b = {0};
        WCHAR *alias, *apath, *caveat;
        if (f->kind != FIX_ALIAS || !f->alias || !f->alias_path)
            continue;
        alias = win_from_utf8(f->alias);
        apath = win_from_utf8(f->alias_path);
        caveat = tray_load(caveat_id(f));
        wbuf_add_res(&b, IDS_CF_BTN_ALIAS, (const WCHAR *const *)&alias, 1);
        wbuf_add(&b, L"\n");
        wbuf_add_res(&b, IDS_CF_NOTE_ALIAS, (const WCHAR *const[]){apath, caveat}, 2);
        add_button(t, TRAY_CF_ALIAS_FIRST + (int)nalias++, &b);
        free(alias);
        free(apath);
        free(caveat);
    }
    if (forgets && disconnect && t->count < TRAY_CF_MAX_BUTTONS) {
        wbuf b = {0}, creds = {0};
        WCHAR *server = win_from_utf8(p->server), **names = calloc((size_t)forgets, sizeof(*names));
        WCHAR *uses = tray_explain_uses(info->m, disconnect->uses, disconnect->use_count);
        size_t k = 0;
        for (i = 0; names && i < p->fix_count; i++) {
            const model_cred *c;
            WCHAR *target, *user, *kind;
            wbuf one = {0};
            if (p->fixes[i].kind != FIX_FORGET_CREDENTIAL || p->fixes[i].cred < 0)
                continue;
            c = &info->m->creds[p->fixes[i].cred];
            target = win_from_utf8(c->raw_target);
            user = win_from_utf8(c->user ? c->user : "?");
            kind = tray_load(c->type == CRED_KIND_DOMAIN ? IDS_CRED_WINDOWS : IDS_CRED_GENERIC);
            wbuf_add_res(&one, IDS_CONFIRM_FORGET_LINE, (const WCHAR *const[]){target, user, kind}, 3);
            names[k++] = wbuf_take(&one);
            free(target);
            free(user);
            free(kind);
        }
        wbuf_add_list(&creds, (const WCHAR *const *)names, k);
        wbuf_add_res(&b, IDS_CF_BTN_FORGET, (const WCHAR *const *)&server, 1);
        wbuf_add(&b, L"\n");
        wbuf_add_res(&b, IDS_CF_NOTE_FORGET, (const WCHAR *const[]){server, wbuf_str(&creds), uses}, 3);
        add_button(t, TRAY_CF_FORGET, &b);
        for (i = 0; i < k; i++)
            free(names[i]);
        free(names);
        free(server);
        free(uses);
        wbuf_cleanup(&creds);
    }
    free(path);
    free(req);
    ok = t->main && t->reason;
    for (i = 0; i < t->count; i++)
        ok &= t->buttons[i] != NULL;
    if (!ok)
        tray_conflict_cleanup(t);
    return ok;
}

void tray_conflict_cleanup(tray_conflict_texts *t)
{
    size_t i;
    free(t->main);
    free(t->reason);
    free(t->footer);
    for (i = 0; i < t->count; i++)
        free(t->buttons[i]);
    memset(t, 0, sizeof(*t));
}

WCHAR *tray_conflict_join(const tray_conflict_texts *t)
{
    wbuf b = {0};
    size_t i;
    wbuf_add(&b, t->main);
    wbuf_add(&b, L"\n");
    wbuf_add(&b, t->reason);
    wbuf_add(&b, L"\n");
    for (i = 0; i < t->count; i++) {
        wbuf_add(&b, t->buttons[i]);
        wbuf_add(&b, L"\n");
    }
    return wbuf_take(&b);
}

typedef HRESULT(WINAPI *task_dialog_fn)(const TASKDIALOGCONFIG *, int *, int *, BOOL *);

static HRESULT CALLBACK task_callback(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, LONG_PTR data)
{
    HWND *task = (HWND *)data;
    (void)wp;
    (void)lp;
    if (msg == TDN_CREATED || msg == TDN_DIALOG_CONSTRUCTED)
        *task = hwnd;
    else if (msg == TDN_DESTROYED)
        *task = NULL;
    return S_OK;
}

/* The task dialog's width in dialog units: wide, so that the explanation wraps into fewer lines
 * and the dialog stays shorter than the screen with large text (150 % or 200 % on a 1280x800
 * display; the Cancel button was below the screen's edge); 0 (comctl32's own choice) on a roomy screen. */
static UINT dialog_width(HWND owner)
{
    NONCLIENTMETRICSW ncm;
    MONITORINFO mi;
    HMONITOR mon = MonitorFromWindow(owner, MONITOR_DEFAULTTOPRIMARY);
    HFONT font;
    HDC dc;
    TEXTMETRICW tm;
    int avg = 0, work_w, work_h;
    memset(&mi, 0, sizeof(mi));
    mi.cbSize = sizeof(mi);
    memset(&ncm, 0, sizeof(ncm));
    ncm.cbSize = sizeof(ncm);
    if (!mon || !GetMonitorInfoW(mon, &mi) ||
        !SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof(ncm), &ncm, 0))
        return 0;
    font = CreateFontIndirectW(&ncm.lfMessageFont);
    dc = GetDC(NULL);
    if (font && dc) {
        HGDIOBJ old = SelectObject(dc, font);
        if (GetTextMetricsW(dc, &tm))
            avg = tm.tmAveCharWidth;
        SelectObject(dc, old);
    }
    if (dc)
        ReleaseDC(NULL, dc);
    if (font)
        DeleteObject(font);
    work_w = mi.rcWork.right - mi.rcWork.left;
    work_h = mi.rcWork.bottom - mi.rcWork.top;
    /* Three quarters of the screen's width, at most about 100 characters a line (400 units);
     * comctl32's own choice where the screen is roomy (more than 60 lines of text high). */
    if (avg <= 0 || work_h / max((int)tm.tmHeight, 1) > 60)
        return 0;
    return (UINT)min(MulDiv(work_w * 3 / 4, 4, avg), 400);
}

int tray_conflict_ask(HWND owner, HINSTANCE inst, const tray_conflict_texts *t, HWND *task)
{
    TASKDIALOG_BUTTON buttons[TRAY_CF_MAX_BUTTONS];
    WCHAR *title = tray_load(IDS_CF_CONFLICT_TITLE);
    HMODULE comctl = LoadLibraryExW(L"comctl32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    task_dialog_fn task_dialog =
        comctl ? (task_dialog_fn)(void (*)(void))GetProcAddress(comctl, "TaskDialogIndirect") : NULL;
    int choice = IDCANCEL;
    size_t i;
    for (i = 0; i < t->count; i++) {
        buttons[i].nButtonID = t->ids[i];
        buttons[i].pszButtonText = t->buttons[i];
    }
    if (task_dialog) {
        TASKDIALOGCONFIG tdc;
        int button = 0;
        memset(&tdc, 0, sizeof(tdc));
        tdc.cbSize = sizeof(tdc);
        tdc.hwndParent = owner;
        tdc.hInstance = inst;
        tdc.dwFlags = TDF_USE_COMMAND_LINKS | TDF_ALLOW_DIALOG_CANCELLATION | TDF_POSITION_RELATIVE_TO_WINDOW;
        tdc.dwCommonButtons = TDCBF_CANCEL_BUTTON;
        tdc.cxWidth = dialog_width(owner);
        tdc.pszWindowTitle = title ? title : L"ConnectAs";
        tdc.pszMainIcon = TD_WARNING_ICON;
        tdc.pszMainInstruction = t->main;
        tdc.pszContent = t->reason;
        tdc.cButtons = (UINT)t->count;
        tdc.pButtons = buttons;
        tdc.nDefaultButton = t->count && t->ids[0] == TRAY_CF_SPELLING ? TRAY_CF_SPELLING : IDCANCEL;
        tdc.pszFooter = t->footer;
        tdc.pszFooterIcon = t->footer ? TD_INFORMATION_ICON : NULL;
        tdc.pfCallback = task_callback;
        tdc.lpCallbackData = (LONG_PTR)task;
        if (SUCCEEDED(task_dialog(&tdc, &button, NULL, NULL)) && button)
            choice = button;
        *task = NULL;
    } else {
        /* Without comctl32 6: the one fix that always applies, as a yes/no question. */
        for (i = 0; i < t->count; i++) {
            wbuf q = {0};
            if (t->ids[i] != TRAY_CF_DISCONNECT)
                continue;
            wbuf_add(&q, t->reason);
            wbuf_add(&q, L"\n\n");
            wbuf_add(&q, t->buttons[i]);
            wbuf_add(&q, L"?");
            if (MessageBoxW(owner, wbuf_str(&q), title ? title : L"ConnectAs",
                            MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2) == IDYES)
                choice = TRAY_CF_DISCONNECT;
            wbuf_cleanup(&q);
        }
    }
    free(title);
    return choice;
}
