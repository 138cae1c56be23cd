/* The sessions window: list grouped by server name, explanation, per-server buttons, status bar. */
#include "tray_internal.h"

#include <commctrl.h>

#include <stdlib.h>
#include <string.h>

#include "tray_a11y.h"
#include "tray_colors.h"
#include "winutil.h"

#define BASE_WIDTH 860
#define BASE_HEIGHT 580
#define MIN_WIDTH 560
#define MIN_HEIGHT 420

static const int column_widths[TRAY_COLUMNS] = {150, 190, 120, 210, 130, 70};
static const UINT column_names[TRAY_COLUMNS] = {IDS_COL_SERVER, IDS_COL_USER,   IDS_COL_DRIVE,
                                                IDS_COL_REMOTE, IDS_COL_STATUS, IDS_COL_OPEN};

static tray_app *app_from(HWND hwnd)
{
    return (tray_app *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
}

static int scale(const tray_app *app, int v)
{
    return MulDiv(v, (int)app->dpi, 96);
}

typedef UINT(WINAPI *get_dpi_for_window_fn)(HWND);
typedef BOOL(WINAPI *spi_for_dpi_fn)(UINT, UINT, PVOID, UINT, UINT);

static UINT window_dpi(HWND hwnd)
{
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    get_dpi_for_window_fn fn =
        user32 ? (get_dpi_for_window_fn)(void (*)(void))GetProcAddress(user32, "GetDpiForWindow") : NULL;
    UINT dpi = fn ? fn(hwnd) : 0;
    if (!dpi) {
        HDC dc = GetDC(hwnd);
        dpi = dc ? (UINT)GetDeviceCaps(dc, LOGPIXELSY) : 96;
        if (dc)
            ReleaseDC(hwnd, dc);
    }
    return dpi ? dpi : 96;
}

/* The message font at the window's DPI (and a bold one for the sandbox banner). */
static void make_fonts(tray_app *app)
{
    NONCLIENTMETRICSW ncm;
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    spi_for_dpi_fn spi =
        user32 ? (spi_for_dpi_fn)(void (*)(void))GetProcAddress(user32, "SystemParametersInfoForDpi") : NULL;
    memset(&ncm, 0, sizeof(ncm));
    ncm.cbSize = sizeof(ncm);
    if (!spi || !spi(SPI_GETNONCLIENTMETRICS, sizeof(ncm), &ncm, 0, app->dpi)) {
        SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof(ncm), &ncm, 0);
        ncm.lfMessageFont.lfHeight = MulDiv(ncm.lfMessageFont.lfHeight, (int)app->dpi, 96);
    }
    if (app->font)
        DeleteObject(app->font);
    if (app->bold_font)
        DeleteObject(app->bold_font);
    app->font = CreateFontIndirectW(&ncm.lfMessageFont);
    ncm.lfMessageFont.lfWeight = FW_BOLD;
    app->bold_font = CreateFontIndirectW(&ncm.lfMessageFont);
}

static void apply_fonts(tray_app *app)
{
    HWND child;
    for (child = GetWindow(app->win, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT))
        SendMessageW(child, WM_SETFONT, (WPARAM)(child == app->banner ? app->bold_font : app->font), TRUE);
}

static HWND make_control(tray_app *app, DWORD ex, const WCHAR *cls, UINT text_id, DWORD style, int id)
{
    WCHAR *text = text_id ? tray_load(text_id) : NULL;
    HWND h = CreateWindowExW(ex, cls, text ? text : L"", WS_CHILD | WS_VISIBLE | style, 0, 0, 10, 10,
                             app->win, (HMENU)(INT_PTR)id, app->inst, NULL);
    free(text);
    return h;
}

/* Width a push button needs for its text. */
static int button_width(tray_app *app, HWND button)
{
    WCHAR text[128];
    HDC dc = GetDC(button);
    SIZE size = {0, 0};
    int n = GetWindowTextW(button, text, ARRAYSIZE(text)), i, j;
    for (i = j = 0; i < n; i++)
        if (text[i] != L'&')
            text[j++] = text[i];
    if (dc) {
        HGDIOBJ old = SelectObject(dc, app->font);
        GetTextExtentPoint32W(dc, text, j, &size);
        SelectObject(dc, old);
        ReleaseDC(button, dc);
    }
    return max(size.cx + scale(app, 24), scale(app, 90));
}

/* Height of text wrapped at width in the window's font. */
static int text_height(tray_app *app, HWND control, int width)
{
    int n = GetWindowTextLengthW(control), h = 0;
    WCHAR *text = malloc(((size_t)n + 1) * sizeof(WCHAR));
    HDC dc = GetDC(control);
    if (text && dc) {
        RECT r = {0, 0, width, 0};
        HGDIOBJ old = SelectObject(dc, control == app->banner ? app->bold_font : app->font);
        GetWindowTextW(control, text, n + 1);
        DrawTextW(dc, text, -1, &r, DT_CALCRECT | DT_WORDBREAK | DT_NOPREFIX | DT_EXPANDTABS);
        SelectObject(dc, old);
        h = r.bottom;
    }
    if (dc)
        ReleaseDC(control, dc);
    free(text);
    return h;
}

/* Places the buttons in rows from the bottom up: Disconnect, Forget and Connect as from the left,
 * Refresh and Close from the right, wrapping to another row where the width runs out (long
 * translations, large text). With place = 0 only counts the rows. */
static int place_buttons(tray_app *app, int left, int right, int bottom, int place)
{
    HWND order[5] = {app->btn_disconnect, app->btn_forget, app->btn_connect, app->btn_refresh,
                     app->btn_close};
    int width[5], x[5], row[5], rows = 1, i, gap = scale(app, 6), bh = scale(app, 26), cx = left, tail;
    for (i = 0; i < 5; i++)
        width[i] = min(button_width(app, order[i]), right - left);
    for (i = 0; i < 3; i++) {
        if (cx > left && cx + width[i] > right) {
            rows++;
            cx = left;
        }
        x[i] = cx;
        row[i] = rows;
        cx += width[i] + gap;
    }
    /* Refresh and Close share the last row when they fit right of the others. */
    tail = width[3] + gap + width[4];
    if (cx > left && cx + tail > right) {
        rows++;
        cx = left;
    }
    if (left + tail > right) {
        x[3] = left;
        row[3] = rows;
        rows++;
        x[4] = right - width[4];
        row[4] = rows;
    } else {
        x[4] = right - width[4];
        x[3] = x[4] - gap - width[3];
        row[3] = row[4] = rows;
    }
    if (place)
        for (i = 0; i < 5; i++)
            MoveWindow(order[i], x[i], bottom - (rows - row[i] + 1) * bh - (rows - row[i]) * gap, width[i],
                       bh, TRUE);
    return rows;
}

static void layout(tray_app *app)
{
    RECT rc, sb;
    int w, h, m = scale(app, 10), gap = scale(app, 6), lh = scale(app, 18), bh = scale(app, 26);
    int y, bottom, by, sy, eh = scale(app, 100), ey, ely, rows;

    GetClientRect(app->win, &rc);
    w = rc.right;
    h = rc.bottom;
    SendMessageW(app->statusbar, WM_SIZE, 0, 0);
    GetWindowRect(app->statusbar, &sb);
    y = m;
    if (app->banner) {
        /* As high as its text needs at this width (it wraps instead of being cut). */
        int bhgt =
            max(scale(app, 30), text_height(app, app->banner, w - 2 * m - scale(app, 8)) + scale(app, 8));
        MoveWindow(app->banner, m, y, w - 2 * m, bhgt, TRUE);
        y += bhgt + gap;
    }
    MoveWindow(app->list_label, m, y, w - 2 * m, lh, TRUE);
    y += lh + scale(app, 2);
    bottom = h - (sb.bottom - sb.top) - m;
    rows = place_buttons(app, m, w - m, bottom, 1);
    by = bottom - rows * bh - (rows - 1) * gap;
    sy = by - gap - lh;
    ey = sy - gap - eh;
    ely = ey - scale(app, 2) - lh;
    MoveWindow(app->list, m, y, w - 2 * m, max(ely - gap - y, scale(app, 40)), TRUE);
    MoveWindow(app->explain_label, m, ely, w - 2 * m, lh, TRUE);
    MoveWindow(app->explain, m, ey, w - 2 * m, eh, TRUE);
    MoveWindow(app->selected, m, sy, w - 2 * m, lh, TRUE);
}

static void add_columns(tray_app *app)
{
    int i;
    for (i = 0; i < TRAY_COLUMNS; i++) {
        LVCOLUMNW col;
        WCHAR *name = tray_load(column_names[i]);
        memset(&col, 0, sizeof(col));
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM | LVCF_FMT;
        col.fmt = i == TRAY_COL_OPEN ? LVCFMT_RIGHT : LVCFMT_LEFT;
        col.cx = scale(app, column_widths[i]);
        col.pszText = name ? name : (WCHAR *)L"";
        col.iSubItem = i;
        SendMessageW(app->list, LVM_INSERTCOLUMNW, (WPARAM)i, (LPARAM)&col);
        free(name);
    }
}

/* A row as a screen reader says it: "server, user, drive, path, status". */
static WCHAR *spoken_row(void *ctx, int item)
{
    tray_app *app = ctx;
    LVITEMW it;
    WCHAR *sep, *out;
    const tray_row *r;
    memset(&it, 0, sizeof(it));
    it.mask = LVIF_PARAM;
    it.iItem = item;
    if (!app->list || !SendMessageW(app->list, LVM_GETITEMW, 0, (LPARAM)&it) ||
        (size_t)it.lParam >= app->view.row_count)
        return NULL;
    r = &app->view.rows[it.lParam];
    sep = tray_load(IDS_LIST_COMMA);
    out = tray_a11y_join((const WCHAR *const *)r->col, TRAY_COL_STATUS + 1, sep ? sep : L", ");
    free(sep);
    return out;
}

static void create_controls(tray_app *app)
{
    if (app->sandbox) {
        WCHAR *text = tray_fmt(IDS_SANDBOX_BANNER, app->sandbox_name, NULL);
        app->banner = CreateWindowExW(0, WC_STATICW, text ? text : L"Sandbox",
                                      WS_CHILD | WS_VISIBLE | SS_LEFT | SS_NOPREFIX, 0, 0, 10, 10, app->win,
                                      (HMENU)(INT_PTR)TRAY_IDC_BANNER, app->inst, NULL);
        free(text);
        app->banner_brush = CreateSolidBrush(tray_colors_get(TRAY_COLOUR_BANNER_BACK, 0));
    }
    /* Creation order is the tab order; each label comes right before the control it names,
     * which is also where screen readers take the control's name from. */
    app->list_label = make_control(app, 0, WC_STATICW, IDS_LABEL_LIST, SS_LEFT, TRAY_IDC_LIST_LABEL);
    app->list =
        make_control(app, WS_EX_CLIENTEDGE, WC_LISTVIEWW, IDS_LABEL_LIST,
                     WS_TABSTOP | WS_GROUP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_SINGLESEL, TRAY_IDC_LIST);
    SendMessageW(app->list, LVM_SETEXTENDEDLISTVIEWSTYLE,
                 LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP,
                 LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP);
    add_columns(app);
    tray_a11y_name_rows(app->list, spoken_row, app);
    /* Group headers on Windows; Wine does not draw them, so the Server column names the server on every row.
     */
    SendMessageW(app->list, LVM_ENABLEGROUPVIEW, TRUE, 0);
    app->explain_label = make_control(app, 0, WC_STATICW, IDS_LABEL_EXPLAIN, SS_LEFT, TRAY_IDC_EXPLAIN_LABEL);
    app->explain = make_control(
        app, WS_EX_CLIENTEDGE, WC_EDITW, 0,
        WS_TABSTOP | WS_GROUP | WS_VSCROLL | ES_MULTILINE | ES_READONLY | ES_AUTOVSCROLL, TRAY_IDC_EXPLAIN);
    app->selected = make_control(app, 0, WC_STATICW, IDS_SELECTED_NONE,
                                 SS_LEFT | SS_NOPREFIX | SS_ENDELLIPSIS, TRAY_IDC_SELECTED);
    app->btn_disconnect = make_control(app, 0, WC_BUTTONW, IDS_BTN_DISCONNECT,
                                       WS_TABSTOP | WS_GROUP | BS_PUSHBUTTON, TRAY_IDC_DISCONNECT);
    app->btn_forget =
        make_control(app, 0, WC_BUTTONW, IDS_BTN_FORGET, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_FORGET);
    app->btn_connect =
        make_control(app, 0, WC_BUTTONW, IDS_BTN_CONNECT, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_CONNECT);
    app->btn_refresh =
        make_control(app, 0, WC_BUTTONW, IDS_BTN_REFRESH, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_REFRESH);
    app->btn_close = make_control(app, 0, WC_BUTTONW, IDS_BTN_CLOSE, WS_TABSTOP | BS_PUSHBUTTON, IDCANCEL);
    app->statusbar =
        make_control(app, 0, STATUSCLASSNAMEW, IDS_STATUS_BAR_NAME, SBARS_SIZEGRIP, TRAY_IDC_STATUS);
    SendMessageW(app->statusbar, SB_SETTEXTW, 0, (LPARAM)app->status);
    apply_fonts(app);
    app->focus = app->list;
}

/* ---- content ---- */

static const tray_group *selected_group(tray_app *app)
{
    long gi = app->have_state ? tray_view_find(&app->view, app->selected_server) : -1;
    return gi >= 0 ? &app->view.groups[gi] : NULL;
}

static void update_selection(tray_app *app)
{
    const tray_group *g = selected_group(app);
    WCHAR *text = g ? tray_fmt(IDS_SELECTED, g->wserver, g->user, NULL) : tray_load(IDS_SELECTED_NONE);
    SetWindowTextW(app->selected, text ? text : L"");
    free(text);
    EnableWindow(app->btn_disconnect, g && g->slot);
    EnableWindow(app->btn_forget, g && g->cred_count);
    EnableWindow(app->btn_connect, g != NULL);
}

/* Everything the list shows, to rebuild it only when something changed. */
static WCHAR *list_signature(const tray_view *v)
{
    wbuf b = {0};
    size_t i;
    int c;
    for (i = 0; i < v->group_count; i++) {
        wbuf_add(&b, v->groups[i].header);
        wbuf_add(&b, L"\x1");
    }
    for (i = 0; i < v->row_count; i++)
        for (c = 0; c < TRAY_COLUMNS; c++) {
            wbuf_add(&b, v->rows[i].col[c]);
            wbuf_add(&b, L"\x2");
        }
    if (!b.data)
        wbuf_add(&b, L"");
    return wbuf_take(&b);
}

/* Columns as wide as their content and header; the remote path takes the room left over. */
static void size_columns(tray_app *app)
{
    RECT rc;
    int i, total = 0;
    for (i = 0; i < TRAY_COLUMNS; i++) {
        WCHAR *name = tray_load(column_names[i]);
        int header =
            name ? (int)SendMessageW(app->list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)name) + scale(app, 18) : 0;
        int width;
        free(name);
        SendMessageW(app->list, LVM_SETCOLUMNWIDTH, (WPARAM)i, LVSCW_AUTOSIZE);
        width = (int)SendMessageW(app->list, LVM_GETCOLUMNWIDTH, (WPARAM)i, 0);
        if (width < header) {
            width = header;
            SendMessageW(app->list, LVM_SETCOLUMNWIDTH, (WPARAM)i, width);
        }
        total += width;
    }
    GetClientRect(app->list, &rc);
    if (total < rc.right - scale(app, 4)) {
        int remote = (int)SendMessageW(app->list, LVM_GETCOLUMNWIDTH, TRAY_COL_REMOTE, 0);
        SendMessageW(app->list, LVM_SETCOLUMNWIDTH, TRAY_COL_REMOTE,
                     remote + rc.right - scale(app, 4) - total);
    }
}

static void fill_list(tray_app *app)
{
    const tray_view *v = &app->view;
    size_t i;
    int c, select = -1;
    SendMessageW(app->list, WM_SETREDRAW, FALSE, 0);
    SendMessageW(app->list, LVM_DELETEALLITEMS, 0, 0);
    SendMessageW(app->list, LVM_REMOVEALLGROUPS, 0, 0);
    for (i = 0; i < v->group_count; i++) {
        LVGROUP grp;
        memset(&grp, 0, sizeof(grp));
        grp.cbSize = sizeof(grp);
        grp.mask = LVGF_HEADER | LVGF_GROUPID | LVGF_STATE;
        grp.pszHeader = v->groups[i].header;
        grp.iGroupId = (int)i + 1;
        grp.stateMask = LVGS_NORMAL;
        grp.state = LVGS_NORMAL;
        SendMessageW(app->list, LVM_INSERTGROUP, (WPARAM)-1, (LPARAM)&grp);
    }
    for (i = 0; i < v->row_count; i++) {
        const tray_row *r = &v->rows[i];
        LVITEMW item;
        int index;
        memset(&item, 0, sizeof(item));
        item.mask = LVIF_TEXT | LVIF_PARAM | LVIF_GROUPID;
        item.iItem = (int)i;
        item.pszText = r->col[0];
        item.lParam = (LPARAM)i;
        item.iGroupId = (int)r->group + 1;
        index = (int)SendMessageW(app->list, LVM_INSERTITEMW, 0, (LPARAM)&item);
        if (index < 0)
            continue;
        for (c = 1; c < TRAY_COLUMNS; c++) {
            LVITEMW sub;
            memset(&sub, 0, sizeof(sub));
            sub.iSubItem = c;
            sub.pszText = r->col[c];
            SendMessageW(app->list, LVM_SETITEMTEXTW, (WPARAM)index, (LPARAM)&sub);
        }
        if (select < 0 && app->selected_server && !strcmp(v->groups[r->group].server, app->selected_server))
            select = index;
    }
    if (select >= 0) {
        LVITEMW st;
        memset(&st, 0, sizeof(st));
        st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
        st.state = LVIS_SELECTED | LVIS_FOCUSED;
        SendMessageW(app->list, LVM_SETITEMSTATE, (WPARAM)select, (LPARAM)&st);
        SendMessageW(app->list, LVM_ENSUREVISIBLE, (WPARAM)select, FALSE);
    }
    size_columns(app);
    SendMessageW(app->list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(app->list, NULL, TRUE);
}

void tray_window_update_explain(tray_app *app)
{
    wbuf b = {0};
    WCHAR *crlf, *current;
    int len;
    if (!app->win)
        return;
    if (app->recent_1219[0]) {
        WCHAR when[64], *server = win_from_utf8(app->recent_1219);
        const WCHAR *args[2];
        if (!GetTimeFormatEx(LOCALE_NAME_USER_DEFAULT, TIME_NOSECONDS, &app->recent_1219_time, NULL, when,
                             ARRAYSIZE(when)))
            when[0] = 0;
        args[0] = server;
        args[1] = when;
        wbuf_add_res(&b, IDS_EXPLAIN_RECENT1219, args, 2);
        wbuf_add(&b, L"\n\n");
        free(server);
    }
    if (app->have_state) {
        wbuf_add(&b, app->view.explain);
    } else if (app->snap_st != CA_OK) {
        WCHAR sentence[600];
        const WCHAR *arg = sentence;
        tray_error_text(app->snap_err.code, app->snap_err.msg, sentence, ARRAYSIZE(sentence));
        wbuf_add_res(&b, IDS_EXPLAIN_SNAPSHOT_FAILED, &arg, 1);
    } else {
        wbuf_add_res(&b, IDS_EXPLAIN_LOADING, NULL, 0);
    }
    crlf = tray_crlf(wbuf_str(&b));
    wbuf_cleanup(&b);
    if (!crlf)
        return;
    /* Setting the same text again would scroll the box back to the top. */
    len = GetWindowTextLengthW(app->explain);
    current = malloc(((size_t)len + 1) * sizeof(WCHAR));
    if (current)
        GetWindowTextW(app->explain, current, len + 1);
    if (!current || wcscmp(current, crlf))
        SetWindowTextW(app->explain, crlf);
    free(current);
    free(crlf);
}

void tray_window_update(tray_app *app)
{
    WCHAR *sig;
    if (!app->win)
        return;
    sig = list_signature(&app->view);
    if (!sig || !app->list_signature || wcscmp(sig, app->list_signature)) {
        fill_list(app);
        free(app->list_signature);
        app->list_signature = sig;
    } else {
        free(sig);
    }
    tray_window_update_explain(app);
    update_selection(app);
}

void tray_window_set_status(tray_app *app, const WCHAR *text)
{
    if (app->statusbar) {
        SendMessageW(app->statusbar, SB_SETTEXTW, 0, (LPARAM)(text ? text : L""));
        /* Results and refreshes are read out where the focus stays (a live region). */
        tray_a11y_announce(app->statusbar);
    }
}

void tray_window_select_server(tray_app *app, const char *server)
{
    size_t n = strlen(server) + 1;
    long gi;
    char *copy = malloc(n);
    if (!copy)
        return;
    memcpy(copy, server, n);
    gi = app->have_state ? tray_view_find(&app->view, server) : -1;
    if (gi >= 0) {
        /* Keep the list's own spelling so refreshes find it again. */
        free(copy);
        n = strlen(app->view.groups[gi].server) + 1;
        copy = malloc(n);
        if (!copy)
            return;
        memcpy(copy, app->view.groups[gi].server, n);
    }
    free(app->selected_server);
    app->selected_server = copy;
    if (app->win && gi >= 0) {
        LVITEMW st;
        int index = (int)app->view.groups[gi].first_row;
        memset(&st, 0, sizeof(st));
        st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
        st.state = LVIS_SELECTED | LVIS_FOCUSED;
        SendMessageW(app->list, LVM_SETITEMSTATE, (WPARAM)index, (LPARAM)&st);
        SendMessageW(app->list, LVM_ENSUREVISIBLE, (WPARAM)index, FALSE);
    }
    update_selection(app);
}

/* The list's selection changed: remember the server of the selected row. */
static void on_list_selection(tray_app *app)
{
    int index = (int)SendMessageW(app->list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED);
    LVITEMW item;
    if (index < 0 || !app->have_state)
        return;
    memset(&item, 0, sizeof(item));
    item.mask = LVIF_PARAM;
    item.iItem = index;
    if (!SendMessageW(app->list, LVM_GETITEMW, 0, (LPARAM)&item) ||
        (size_t)item.lParam >= app->view.row_count)
        return;
    tray_window_select_server(app, app->view.groups[app->view.rows[item.lParam].group].server);
}

static void on_command(tray_app *app, int id)
{
    const tray_group *g = selected_group(app);
    switch (id) {
    case IDCANCEL:
        SendMessageW(app->win, WM_CLOSE, 0, 0);
        break;
    case IDOK:
        /* Enter on a row: start "Connect as…" for its server. */
        if (GetFocus() == app->list && g)
            tray_app_server_action(app, g->server, TRAY_SLOT_CONNECT);
        break;
    case TRAY_IDC_DISCONNECT:
        if (g)
            tray_app_server_action(app, g->server, TRAY_SLOT_DISCONNECT);
        break;
    case TRAY_IDC_FORGET:
        if (g)
            tray_app_server_action(app, g->server, TRAY_SLOT_FORGET);
        break;
    case TRAY_IDC_CONNECT:
        if (g)
            tray_app_server_action(app, g->server, TRAY_SLOT_CONNECT);
        break;
    case TRAY_IDC_REFRESH:
        tray_app_refresh(app);
        break;
    default:
        break;
    }
}

static LRESULT CALLBACK win_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    tray_app *app = app_from(hwnd);
    if (msg == WM_NCCREATE) {
        CREATESTRUCTW *cs = (CREATESTRUCTW *)lp;
        app = cs->lpCreateParams;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)app);
        app->win = hwnd;
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
    if (!app)
        return DefWindowProcW(hwnd, msg, wp, lp);
    switch (msg) {
    case WM_CREATE:
        app->dpi = window_dpi(hwnd);
        make_fonts(app);
        create_controls(app);
        return 0;
    case WM_SIZE:
        layout(app);
        return 0;
    case WM_GETMINMAXINFO: {
        MINMAXINFO *mm = (MINMAXINFO *)lp;
        if (app->dpi) {
            mm->ptMinTrackSize.x = scale(app, MIN_WIDTH);
            mm->ptMinTrackSize.y = scale(app, MIN_HEIGHT);
        }
        return 0;
    }
    case WM_DPICHANGED: {
        const RECT *r = (const RECT *)lp;
        app->dpi = HIWORD(wp) ? HIWORD(wp) : 96;
        make_fonts(app);
        apply_fonts(app);
        SetWindowPos(hwnd, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                     SWP_NOZORDER | SWP_NOACTIVATE);
        layout(app);
        size_columns(app);
        return 0;
    }
    case WM_CTLCOLORSTATIC:
        if ((HWND)lp == app->banner && app->banner_brush) {
            /* In high contrast the theme's colours; the word "Sandbox" keeps the meaning. */
            int hc = tray_colors_high_contrast(), owned;
            SetBkColor((HDC)wp, tray_colors_get(TRAY_COLOUR_BANNER_BACK, hc));
            SetTextColor((HDC)wp, tray_colors_get(TRAY_COLOUR_BANNER_TEXT, hc));
            return (LRESULT)(hc ? tray_colors_brush(TRAY_COLOUR_BANNER_BACK, 1, &owned) : app->banner_brush);
        }
        break;
    case WM_SYSCOLORCHANGE:
    case WM_SETTINGCHANGE:
        /* High contrast switched on or off, or the theme's colours changed. */
        RedrawWindow(hwnd, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN);
        break;
    case WM_COMMAND:
        on_command(app, LOWORD(wp));
        return 0;
    case WM_NEXTDLGCTL: {
        /* Sent by the multi-line edit for Tab; IsDialogMessage does the rest. */
        HWND next = LOWORD(lp) ? (HWND)wp : GetNextDlgTabItem(hwnd, GetFocus(), wp != 0);
        if (next)
            SetFocus(next);
        return 0;
    }
    case WM_NOTIFY: {
        const NMHDR *nm = (const NMHDR *)lp;
        if (nm->hwndFrom == app->list) {
            if (nm->code == LVN_ITEMCHANGED) {
                const NMLISTVIEW *lv = (const NMLISTVIEW *)lp;
                if ((lv->uChanged & LVIF_STATE) && (lv->uNewState & LVIS_SELECTED) &&
                    !(lv->uOldState & LVIS_SELECTED))
                    on_list_selection(app);
            } else if (nm->code == NM_DBLCLK || nm->code == NM_RETURN) {
                on_command(app, IDOK);
            }
        }
        return 0;
    }
    case WM_ACTIVATE:
        if (LOWORD(wp) == WA_INACTIVE) {
            HWND f = GetFocus();
            if (f && IsChild(hwnd, f))
                app->focus = f;
        } else if (app->focus && IsWindow(app->focus)) {
            SetFocus(app->focus);
        }
        return 0;
    case WM_CLOSE:
        /* Closing only hides: the tray keeps running. */
        ShowWindow(hwnd, SW_HIDE);
        return 0;
    case WM_DESTROY:
        tray_a11y_unname_rows(app->list);
        break;
    case WM_NCDESTROY:
        app->win = NULL;
        app->banner = app->list_label = app->list = app->explain_label = app->explain = app->selected = NULL;
        app->btn_disconnect = app->btn_forget = app->btn_connect = app->btn_refresh = app->btn_close = NULL;
        app->statusbar = NULL;
        free(app->list_signature);
        app->list_signature = NULL;
        break;
    default:
        break;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

ATOM tray_window_register(HINSTANCE inst)
{
    WNDCLASSEXW wc;
    ATOM atom;
    memset(&wc, 0, sizeof(wc));
    wc.cbSize = sizeof(wc);
    wc.lpfnWndProc = win_proc;
    wc.hInstance = inst;
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszClassName = TRAY_WINDOW_CLASS;
    wc.hIcon = LoadImageW(inst, MAKEINTRESOURCEW(IDI_CONNECTAS_APP), IMAGE_ICON, GetSystemMetrics(SM_CXICON),
                          GetSystemMetrics(SM_CYICON), LR_DEFAULTCOLOR | LR_SHARED);
    wc.hIconSm =
        LoadImageW(inst, MAKEINTRESOURCEW(IDI_CONNECTAS_APP), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                   GetSystemMetrics(SM_CYSMICON), LR_DEFAULTCOLOR | LR_SHARED);
    atom = RegisterClassExW(&wc);
    if (!atom && GetLastError() == ERROR_CLASS_ALREADY_EXISTS)
        atom = 1;
    return atom;
}

typedef BOOL(WINAPI *init_common_controls_ex_fn)(const INITCOMMONCONTROLSEX *);

/* Common controls 6 (the manifest selects it) are loaded only when the window is first
 * opened: in Wine they cost an idle tray about 1.7 MiB, and the icon alone needs none. */
static int load_common_controls(void)
{
    static int loaded;
    HMODULE comctl;
    init_common_controls_ex_fn init;
    INITCOMMONCONTROLSEX icc;
    if (loaded)
        return 1;
    comctl = LoadLibraryW(L"comctl32.dll");
    init = comctl ? (init_common_controls_ex_fn)(void (*)(void))GetProcAddress(comctl, "InitCommonControlsEx")
                  : NULL;
    icc.dwSize = sizeof(icc);
    icc.dwICC = ICC_LISTVIEW_CLASSES | ICC_BAR_CLASSES | ICC_STANDARD_CLASSES;
    loaded = init && init(&icc);
    return loaded;
}

HWND tray_window_create(tray_app *app)
{
    WCHAR *title;
    HWND hwnd;
    if (!load_common_controls())
        return NULL;
    title = tray_load(app->sandbox ? IDS_WINDOW_TITLE_SANDBOX : IDS_WINDOW_TITLE);
    hwnd = CreateWindowExW(WS_EX_CONTROLPARENT | WS_EX_APPWINDOW, TRAY_WINDOW_CLASS,
                           title ? title : L"ConnectAs", WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT,
                           BASE_WIDTH, BASE_HEIGHT, NULL, NULL, app->inst, app);
    free(title);
    if (!hwnd)
        return NULL;
    /* The size is in 96-DPI units: scale it once the window knows its monitor's DPI, and keep
     * it inside the monitor's work area (a 150 % laptop screen is smaller than the scaled size). */
    {
        HMONITOR mon = MonitorFromWindow(hwnd, MONITOR_DEFAULTTONEAREST);
        MONITORINFO mi;
        RECT wr;
        int cx = scale(app, BASE_WIDTH), cy = scale(app, BASE_HEIGHT), x, y;
        memset(&mi, 0, sizeof(mi));
        mi.cbSize = sizeof(mi);
        GetWindowRect(hwnd, &wr);
        x = wr.left;
        y = wr.top;
        if (mon && GetMonitorInfoW(mon, &mi)) {
            cx = min(cx, mi.rcWork.right - mi.rcWork.left);
            cy = min(cy, mi.rcWork.bottom - mi.rcWork.top);
            x = max((LONG)mi.rcWork.left, min(x, mi.rcWork.right - cx));
            y = max((LONG)mi.rcWork.top, min(y, mi.rcWork.bottom - cy));
        }
        SetWindowPos(hwnd, NULL, x, y, cx, cy, SWP_NOZORDER | SWP_NOACTIVATE);
    }
    layout(app);
    return hwnd;
}
