/* The sessions window: list grouped by server name, explanation, per-server buttons, status bar. */
/* Longer than ~700 lines on purpose: the sessions window owns its list, explanation, buttons, status bar,
 * DPI/high-contrast layout and accessibility names; they share the window's fields and layout pass. */
#include "tray_window.h"

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

/* The sessions window's own state: its controls, fonts and selection. */
struct tray_window {
    tray_host *host;
    HWND hwnd;
    HWND banner, list_label, list, explain_label, explain, selected, btn_disconnect, btn_forget, btn_connect,
        btn_refresh, btn_close, btn_save_state, statusbar;
    HFONT font, bold_font;
    HBRUSH banner_brush;
    UINT dpi;
    WCHAR *list_signature; /* the list's content last shown, to skip redundant rebuilds */
    HWND focus;            /* the control to give the focus back to on activation */
    char *selected_server; /* the selected group's server name (kept across refreshes) */
};

static tray_window *window_from(HWND hwnd)
{
    return (tray_window *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
}

static const tray_state *state(tray_window *w)
{
    return tray_host_state(w->host);
}

static int scale(const tray_window *w, int v)
{
    return MulDiv(v, (int)w->dpi, 96);
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
static void make_fonts(tray_window *w)
{
    NONCLIENTMETRICSW ncm;
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    spi_for_dpi_fn spi =
        user32 ? (spi_for_dpi_fn)(void (*)(void))GetProcAddress(user32, "SystemParametersInfoForDpi") : NULL;
    memset(&ncm, 0, sizeof(ncm));
    ncm.cbSize = sizeof(ncm);
    if (!spi || !spi(SPI_GETNONCLIENTMETRICS, sizeof(ncm), &ncm, 0, w->dpi)) {
        SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof(ncm), &ncm, 0);
        ncm.lfMessageFont.lfHeight = MulDiv(ncm.lfMessageFont.lfHeight, (int)w->dpi, 96);
    }
    if (w->font)
        DeleteObject(w->font);
    if (w->bold_font)
        DeleteObject(w->bold_font);
    w->font = CreateFontIndirectW(&ncm.lfMessageFont);
    ncm.lfMessageFont.lfWeight = FW_BOLD;
    w->bold_font = CreateFontIndirectW(&ncm.lfMessageFont);
}

static void apply_fonts(tray_window *w)
{
    HWND child;
    for (child = GetWindow(w->hwnd, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT))
        SendMessageW(child, WM_SETFONT, (WPARAM)(child == w->banner ? w->bold_font : w->font), TRUE);
}

static HWND make_control(tray_window *w, DWORD ex, const WCHAR *cls, UINT text_id, DWORD style, int id)
{
    WCHAR *text = text_id ? tray_load(text_id) : NULL;
    HWND h = CreateWindowExW(ex, cls, text ? text : L"", WS_CHILD | WS_VISIBLE | style, 0, 0, 10, 10, w->hwnd,
                             (HMENU)(INT_PTR)id, state(w)->inst, NULL);
    free(text);
    return h;
}

/* Width a push button needs for its text. */
static int button_width(tray_window *w, HWND button)
{
    WCHAR text[128];
    HDC dc = GetDC(button);
    SIZE size = {0, 0};
    int n = GetWindowTextW(button, text, ARRAYSIZE(text)), i, j;
    for (i = j = 0; i < n; i++)
        if (text[i] != L'&')
            text[j++] = text[i];
    if (dc) {
        HGDIOBJ old = SelectObject(dc, w->font);
        GetTextExtentPoint32W(dc, text, j, &size);
        SelectObject(dc, old);
        ReleaseDC(button, dc);
    }
    return max(size.cx + scale(w, 24), scale(w, 90));
}

/* Height of text wrapped at width in the window's font. */
static int text_height(tray_window *w, HWND control, int width)
{
    int n = GetWindowTextLengthW(control), h = 0;
    WCHAR *text = malloc(((size_t)n + 1) * sizeof(WCHAR));
    HDC dc = GetDC(control);
    if (text && dc) {
        RECT r = {0, 0, width, 0};
        HGDIOBJ old = SelectObject(dc, control == w->banner ? w->bold_font : w->font);
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
 * Save for support, Refresh and Close from the right, wrapping to another row where the width runs out
 * (long translations, large text). Returns the number of rows. */
static int place_buttons(tray_window *w, int left, int right, int bottom)
{
    HWND order[6] = {w->btn_disconnect, w->btn_forget,  w->btn_connect,
                     w->btn_save_state, w->btn_refresh, w->btn_close};
    int width[6], x[6], row[6], rows = 1, i, gap = scale(w, 6), bh = scale(w, 26), cx = left, tail;
    for (i = 0; i < 6; i++)
        width[i] = min(button_width(w, order[i]), right - left);
    for (i = 0; i < 3; i++) {
        if (cx > left && cx + width[i] > right) {
            rows++;
            cx = left;
        }
        x[i] = cx;
        row[i] = rows;
        cx += width[i] + gap;
    }
    /* Save, Refresh and Close share the last row when they fit right of the others. */
    tail = width[3] + gap + width[4] + gap + width[5];
    if (cx > left && cx + tail > right)
        rows++;
    if (left + tail > right) {
        for (i = 3; i < 6; i++) {
            x[i] = right - width[i];
            row[i] = rows;
            if (i < 5)
                rows++;
        }
    } else {
        x[5] = right - width[5];
        x[4] = x[5] - gap - width[4];
        x[3] = x[4] - gap - width[3];
        row[3] = row[4] = row[5] = rows;
    }
    for (i = 0; i < 6; i++)
        MoveWindow(order[i], x[i], bottom - (rows - row[i] + 1) * bh - (rows - row[i]) * gap, width[i], bh,
                   TRUE);
    return rows;
}

static void layout(tray_window *win)
{
    RECT rc, sb;
    int cw, h, m = scale(win, 10), gap = scale(win, 6), lh = scale(win, 18), bh = scale(win, 26);
    int y, bottom, by, sy, eh = scale(win, 100), ey, ely, rows;

    GetClientRect(win->hwnd, &rc);
    cw = rc.right;
    h = rc.bottom;
    SendMessageW(win->statusbar, WM_SIZE, 0, 0);
    GetWindowRect(win->statusbar, &sb);
    y = m;
    if (win->banner) {
        /* As high as its text needs at this width (it wraps instead of being cut). */
        int bhgt =
            max(scale(win, 30), text_height(win, win->banner, cw - 2 * m - scale(win, 8)) + scale(win, 8));
        MoveWindow(win->banner, m, y, cw - 2 * m, bhgt, TRUE);
        y += bhgt + gap;
    }
    MoveWindow(win->list_label, m, y, cw - 2 * m, lh, TRUE);
    y += lh + scale(win, 2);
    bottom = h - (sb.bottom - sb.top) - m;
    rows = place_buttons(win, m, cw - m, bottom);
    by = bottom - rows * bh - (rows - 1) * gap;
    sy = by - gap - lh;
    ey = sy - gap - eh;
    ely = ey - scale(win, 2) - lh;
    MoveWindow(win->list, m, y, cw - 2 * m, max(ely - gap - y, scale(win, 40)), TRUE);
    MoveWindow(win->explain_label, m, ely, cw - 2 * m, lh, TRUE);
    MoveWindow(win->explain, m, ey, cw - 2 * m, eh, TRUE);
    MoveWindow(win->selected, m, sy, cw - 2 * m, lh, TRUE);
}

static void add_columns(tray_window *w)
{
    int i;
    for (i = 0; i < TRAY_COLUMNS; i++) {
        LVCOLUMNW col;
        WCHAR *name = tray_load(column_names[i]);
        memset(&col, 0, sizeof(col));
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM | LVCF_FMT;
        col.fmt = i == TRAY_COL_OPEN ? LVCFMT_RIGHT : LVCFMT_LEFT;
        col.cx = scale(w, column_widths[i]);
        col.pszText = name ? name : (WCHAR *)L"";
        col.iSubItem = i;
        SendMessageW(w->list, LVM_INSERTCOLUMNW, (WPARAM)i, (LPARAM)&col);
        free(name);
    }
}

/* A row as a screen reader says it: "server, user, drive, path, status". */
static WCHAR *spoken_row(void *ctx, int item)
{
    tray_window *w = ctx;
    LVITEMW it;
    WCHAR *sep, *out;
    const tray_row *r;
    memset(&it, 0, sizeof(it));
    it.mask = LVIF_PARAM;
    it.iItem = item;
    if (!w->list || !SendMessageW(w->list, LVM_GETITEMW, 0, (LPARAM)&it) ||
        (size_t)it.lParam >= state(w)->view.row_count)
        return NULL;
    r = &state(w)->view.rows[it.lParam];
    sep = tray_load(IDS_LIST_COMMA);
    out = tray_a11y_join((const WCHAR *const *)r->col, TRAY_COL_STATUS + 1, sep ? sep : L", ");
    free(sep);
    return out;
}

static void create_controls(tray_window *w)
{
    if (state(w)->sandbox) {
        WCHAR *text = tray_fmt(IDS_SANDBOX_BANNER, state(w)->sandbox_name, NULL);
        w->banner = CreateWindowExW(0, WC_STATICW, text ? text : L"Sandbox",
                                    WS_CHILD | WS_VISIBLE | SS_LEFT | SS_NOPREFIX, 0, 0, 10, 10, w->hwnd,
                                    (HMENU)(INT_PTR)TRAY_IDC_BANNER, state(w)->inst, NULL);
        free(text);
        w->banner_brush = CreateSolidBrush(tray_colors_get(TRAY_COLOUR_BANNER_BACK, 0));
    }
    /* Creation order is the tab order; each label comes right before the control it names,
     * which is also where screen readers take the control's name from. */
    w->list_label = make_control(w, 0, WC_STATICW, IDS_LABEL_LIST, SS_LEFT, TRAY_IDC_LIST_LABEL);
    w->list =
        make_control(w, WS_EX_CLIENTEDGE, WC_LISTVIEWW, IDS_LABEL_LIST,
                     WS_TABSTOP | WS_GROUP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_SINGLESEL, TRAY_IDC_LIST);
    SendMessageW(w->list, LVM_SETEXTENDEDLISTVIEWSTYLE,
                 LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP,
                 LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP);
    add_columns(w);
    tray_a11y_name_rows(w->list, spoken_row, w);
    /* Group headers on Windows; Wine does not draw them, so the Server column names the server on every row.
     */
    SendMessageW(w->list, LVM_ENABLEGROUPVIEW, TRUE, 0);
    w->explain_label = make_control(w, 0, WC_STATICW, IDS_LABEL_EXPLAIN, SS_LEFT, TRAY_IDC_EXPLAIN_LABEL);
    w->explain = make_control(
        w, WS_EX_CLIENTEDGE, WC_EDITW, 0,
        WS_TABSTOP | WS_GROUP | WS_VSCROLL | ES_MULTILINE | ES_READONLY | ES_AUTOVSCROLL, TRAY_IDC_EXPLAIN);
    w->selected = make_control(w, 0, WC_STATICW, IDS_SELECTED_NONE, SS_LEFT | SS_NOPREFIX | SS_ENDELLIPSIS,
                               TRAY_IDC_SELECTED);
    w->btn_disconnect = make_control(w, 0, WC_BUTTONW, IDS_BTN_DISCONNECT,
                                     WS_TABSTOP | WS_GROUP | BS_PUSHBUTTON, TRAY_IDC_DISCONNECT);
    w->btn_forget =
        make_control(w, 0, WC_BUTTONW, IDS_BTN_FORGET, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_FORGET);
    w->btn_connect =
        make_control(w, 0, WC_BUTTONW, IDS_BTN_CONNECT, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_CONNECT);
    w->btn_save_state =
        make_control(w, 0, WC_BUTTONW, IDS_BTN_SAVE_STATE, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_SAVE_STATE);
    w->btn_refresh =
        make_control(w, 0, WC_BUTTONW, IDS_BTN_REFRESH, WS_TABSTOP | BS_PUSHBUTTON, TRAY_IDC_REFRESH);
    w->btn_close = make_control(w, 0, WC_BUTTONW, IDS_BTN_CLOSE, WS_TABSTOP | BS_PUSHBUTTON, IDCANCEL);
    w->statusbar = make_control(w, 0, STATUSCLASSNAMEW, IDS_STATUS_BAR_NAME, SBARS_SIZEGRIP, TRAY_IDC_STATUS);
    SendMessageW(w->statusbar, SB_SETTEXTW, 0, (LPARAM)state(w)->status);
    apply_fonts(w);
    w->focus = w->list;
}

/* ---- content ---- */

static const tray_group *selected_group(tray_window *w)
{
    long gi = state(w)->have_state ? tray_view_find(&state(w)->view, w->selected_server) : -1;
    return gi >= 0 ? &state(w)->view.groups[gi] : NULL;
}

static void update_selection(tray_window *w)
{
    const tray_group *g = selected_group(w);
    WCHAR *text = g ? tray_fmt(IDS_SELECTED, g->wserver, g->user, NULL) : tray_load(IDS_SELECTED_NONE);
    SetWindowTextW(w->selected, text ? text : L"");
    free(text);
    EnableWindow(w->btn_disconnect, g && g->slot);
    EnableWindow(w->btn_forget, g && g->cred_count);
    EnableWindow(w->btn_connect, g != NULL);
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
static void size_columns(tray_window *w)
{
    RECT rc;
    int i, total = 0;
    for (i = 0; i < TRAY_COLUMNS; i++) {
        WCHAR *name = tray_load(column_names[i]);
        int header =
            name ? (int)SendMessageW(w->list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)name) + scale(w, 18) : 0;
        int width;
        free(name);
        SendMessageW(w->list, LVM_SETCOLUMNWIDTH, (WPARAM)i, LVSCW_AUTOSIZE);
        width = (int)SendMessageW(w->list, LVM_GETCOLUMNWIDTH, (WPARAM)i, 0);
        if (width < header) {
            width = header;
            SendMessageW(w->list, LVM_SETCOLUMNWIDTH, (WPARAM)i, width);
        }
        total += width;
    }
    GetClientRect(w->list, &rc);
    if (total < rc.right - scale(w, 4)) {
        int remote = (int)SendMessageW(w->list, LVM_GETCOLUMNWIDTH, TRAY_COL_REMOTE, 0);
        SendMessageW(w->list, LVM_SETCOLUMNWIDTH, TRAY_COL_REMOTE, remote + rc.right - scale(w, 4) - total);
    }
}

static void fill_list(tray_window *w)
{
    const tray_view *v = &state(w)->view;
    size_t i;
    int c, select = -1;
    SendMessageW(w->list, WM_SETREDRAW, FALSE, 0);
    SendMessageW(w->list, LVM_DELETEALLITEMS, 0, 0);
    SendMessageW(w->list, LVM_REMOVEALLGROUPS, 0, 0);
    for (i = 0; i < v->group_count; i++) {
        LVGROUP grp;
        memset(&grp, 0, sizeof(grp));
        grp.cbSize = sizeof(grp);
        grp.mask = LVGF_HEADER | LVGF_GROUPID | LVGF_STATE;
        grp.pszHeader = v->groups[i].header;
        grp.iGroupId = (int)i + 1;
        grp.stateMask = LVGS_NORMAL;
        grp.state = LVGS_NORMAL;
        SendMessageW(w->list, LVM_INSERTGROUP, (WPARAM)-1, (LPARAM)&grp);
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
        index = (int)SendMessageW(w->list, LVM_INSERTITEMW, 0, (LPARAM)&item);
        if (index < 0)
            continue;
        for (c = 1; c < TRAY_COLUMNS; c++) {
            LVITEMW sub;
            memset(&sub, 0, sizeof(sub));
            sub.iSubItem = c;
            sub.pszText = r->col[c];
            SendMessageW(w->list, LVM_SETITEMTEXTW, (WPARAM)index, (LPARAM)&sub);
        }
        if (select < 0 && w->selected_server && !strcmp(v->groups[r->group].server, w->selected_server))
            select = index;
    }
    if (select >= 0) {
        LVITEMW st;
        memset(&st, 0, sizeof(st));
        st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
        st.state = LVIS_SELECTED | LVIS_FOCUSED;
        SendMessageW(w->list, LVM_SETITEMSTATE, (WPARAM)select, (LPARAM)&st);
        SendMessageW(w->list, LVM_ENSUREVISIBLE, (WPARAM)select, FALSE);
    }
    size_columns(w);
    SendMessageW(w->list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(w->list, NULL, TRUE);
}

static void update_explain(tray_window *w)
{
    wbuf b = {0};
    WCHAR *crlf, *current;
    int len;
    if (!w->hwnd)
        return;
    if (state(w)->recent_1219[0]) {
        WCHAR when[64], *server = win_from_utf8(state(w)->recent_1219);
        const WCHAR *args[2];
        if (!GetTimeFormatEx(LOCALE_NAME_USER_DEFAULT, TIME_NOSECONDS, &state(w)->recent_1219_time, NULL,
                             when, ARRAYSIZE(when)))
            when[0] = 0;
        args[0] = server;
        args[1] = when;
        wbuf_add_res(&b, IDS_EXPLAIN_RECENT1219, args, 2);
        wbuf_add(&b, L"\n\n");
        free(server);
    }
    if (state(w)->have_state) {
        wbuf_add(&b, state(w)->view.explain);
    } else if (state(w)->snap_st != CA_OK) {
        WCHAR sentence[600];
        const WCHAR *arg = sentence;
        tray_error_text(state(w)->snap_err.code, state(w)->snap_err.msg, sentence, ARRAYSIZE(sentence));
        wbuf_add_res(&b, IDS_EXPLAIN_SNAPSHOT_FAILED, &arg, 1);
    } else {
        wbuf_add_res(&b, IDS_EXPLAIN_LOADING, NULL, 0);
    }
    crlf = tray_crlf(wbuf_str(&b));
    wbuf_cleanup(&b);
    if (!crlf)
        return;
    /* Setting the same text again would scroll the box back to the top. */
    len = GetWindowTextLengthW(w->explain);
    current = malloc(((size_t)len + 1) * sizeof(WCHAR));
    if (current)
        GetWindowTextW(w->explain, current, len + 1);
    if (!current || wcscmp(current, crlf))
        SetWindowTextW(w->explain, crlf);
    free(current);
    free(crlf);
}

void tray_window_update(tray_window *w)
{
    WCHAR *sig;
    if (!w->hwnd)
        return;
    sig = list_signature(&state(w)->view);
    if (!sig || !w->list_signature || wcscmp(sig, w->list_signature)) {
        fill_list(w);
        free(w->list_signature);
        w->list_signature = sig;
    } else {
        free(sig);
    }
    update_explain(w);
    update_selection(w);
}

void tray_window_set_status(tray_window *w, const WCHAR *text)
{
    if (w->statusbar) {
        SendMessageW(w->statusbar, SB_SETTEXTW, 0, (LPARAM)(text ? text : L""));
        /* Results and refreshes are read out where the focus stays (a live region). */
        tray_a11y_announce(w->statusbar);
    }
}

/* Remembers server as the selected group (the list's own spelling, so refreshes find it again). */
static void select_server(tray_window *w, const char *server)
{
    long gi = state(w)->have_state ? tray_view_find(&state(w)->view, server) : -1;
    char *copy = tray_dup8(gi >= 0 ? state(w)->view.groups[gi].server : server);
    if (!copy)
        return;
    free(w->selected_server);
    w->selected_server = copy;
    update_selection(w);
}

/* The list's selection changed: remember the server of the selected row. */
static void on_list_selection(tray_window *w)
{
    int index = (int)SendMessageW(w->list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED);
    LVITEMW item;
    if (index < 0 || !state(w)->have_state)
        return;
    memset(&item, 0, sizeof(item));
    item.mask = LVIF_PARAM;
    item.iItem = index;
    if (!SendMessageW(w->list, LVM_GETITEMW, 0, (LPARAM)&item) ||
        (size_t)item.lParam >= state(w)->view.row_count)
        return;
    select_server(w, state(w)->view.groups[state(w)->view.rows[item.lParam].group].server);
}

static void on_command(tray_window *w, int id)
{
    const tray_group *g = selected_group(w);
    switch (id) {
    case IDCANCEL:
        SendMessageW(w->hwnd, WM_CLOSE, 0, 0);
        break;
    case IDOK:
        /* Enter on a row: start "Connect as…" for its server. */
        if (GetFocus() == w->list && g)
            tray_host_server_action(w->host, g->server, TRAY_SLOT_CONNECT);
        break;
    case TRAY_IDC_DISCONNECT:
        if (g)
            tray_host_server_action(w->host, g->server, TRAY_SLOT_DISCONNECT);
        break;
    case TRAY_IDC_FORGET:
        if (g)
            tray_host_server_action(w->host, g->server, TRAY_SLOT_FORGET);
        break;
    case TRAY_IDC_CONNECT:
        if (g)
            tray_host_server_action(w->host, g->server, TRAY_SLOT_CONNECT);
        break;
    case TRAY_IDC_REFRESH:
        tray_host_refresh(w->host);
        break;
    case TRAY_IDC_SAVE_STATE:
        tray_host_command(w->host, TRAY_ID_SAVE_STATE);
        break;
    default:
        break;
    }
}

static LRESULT CALLBACK win_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    tray_window *w = window_from(hwnd);
    if (msg == WM_NCCREATE) {
        CREATESTRUCTW *cs = (CREATESTRUCTW *)lp;
        w = cs->lpCreateParams;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)w);
        w->hwnd = hwnd;
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
    if (!w)
        return DefWindowProcW(hwnd, msg, wp, lp);
    switch (msg) {
    case WM_CREATE:
        w->dpi = window_dpi(hwnd);
        make_fonts(w);
        create_controls(w);
        return 0;
    case WM_SIZE:
        layout(w);
        return 0;
    case WM_GETMINMAXINFO: {
        MINMAXINFO *mm = (MINMAXINFO *)lp;
        if (w->dpi) {
            mm->ptMinTrackSize.x = scale(w, MIN_WIDTH);
            mm->ptMinTrackSize.y = scale(w, MIN_HEIGHT);
        }
        return 0;
    }
    case WM_DPICHANGED: {
        const RECT *r = (const RECT *)lp;
        w->dpi = HIWORD(wp) ? HIWORD(wp) : 96;
        make_fonts(w);
        apply_fonts(w);
        SetWindowPos(hwnd, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                     SWP_NOZORDER | SWP_NOACTIVATE);
        layout(w);
        size_columns(w);
        return 0;
    }
    case WM_CTLCOLORSTATIC:
        if ((HWND)lp == w->banner && w->banner_brush) {
            /* In high contrast the theme's colours; the word "Sandbox" keeps the meaning. */
            int hc = tray_colors_high_contrast(), owned;
            SetBkColor((HDC)wp, tray_colors_get(TRAY_COLOUR_BANNER_BACK, hc));
            SetTextColor((HDC)wp, tray_colors_get(TRAY_COLOUR_BANNER_TEXT, hc));
            return (LRESULT)(hc ? tray_colors_brush(TRAY_COLOUR_BANNER_BACK, 1, &owned) : w->banner_brush);
        }
        break;
    case WM_SYSCOLORCHANGE:
    case WM_SETTINGCHANGE:
        /* High contrast switched on or off, or the theme's colours changed. */
        RedrawWindow(hwnd, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN);
        break;
    case WM_COMMAND:
        on_command(w, LOWORD(wp));
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
        if (nm->hwndFrom == w->list) {
            if (nm->code == LVN_ITEMCHANGED) {
                const NMLISTVIEW *lv = (const NMLISTVIEW *)lp;
                if ((lv->uChanged & LVIF_STATE) && (lv->uNewState & LVIS_SELECTED) &&
                    !(lv->uOldState & LVIS_SELECTED))
                    on_list_selection(w);
            } else if (nm->code == NM_DBLCLK || nm->code == NM_RETURN) {
                on_command(w, IDOK);
            }
        }
        return 0;
    }
    case WM_ACTIVATE:
        if (LOWORD(wp) == WA_INACTIVE) {
            HWND f = GetFocus();
            if (f && IsChild(hwnd, f))
                w->focus = f;
        } else if (w->focus && IsWindow(w->focus)) {
            SetFocus(w->focus);
        }
        return 0;
    case WM_CLOSE:
        /* Closing only hides: the tray keeps running. */
        ShowWindow(hwnd, SW_HIDE);
        return 0;
    case WM_DESTROY:
        tray_a11y_unname_rows(w->list);
        break;
    case WM_NCDESTROY:
        w->hwnd = NULL;
        w->banner = w->list_label = w->list = w->explain_label = w->explain = w->selected = NULL;
        w->btn_disconnect = w->btn_forget = w->btn_connect = w->btn_refresh = w->btn_close =
            w->btn_save_state = NULL;
        w->statusbar = NULL;
        free(w->list_signature);
        w->list_signature = NULL;
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
    comctl = LoadLibraryExW(L"comctl32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    init = comctl ? (init_common_controls_ex_fn)(void (*)(void))GetProcAddress(comctl, "InitCommonControlsEx")
                  : NULL;
    icc.dwSize = sizeof(icc);
    icc.dwICC = ICC_LISTVIEW_CLASSES | ICC_BAR_CLASSES | ICC_STANDARD_CLASSES;
    loaded = init && init(&icc);
    return loaded;
}

/* Creates the window (hidden). */
static HWND create_window(tray_window *w)
{
    WCHAR *title;
    HWND hwnd;
    if (!load_common_controls())
        return NULL;
    title = tray_load(state(w)->sandbox ? IDS_WINDOW_TITLE_SANDBOX : IDS_WINDOW_TITLE);
    hwnd = CreateWindowExW(WS_EX_CONTROLPARENT | WS_EX_APPWINDOW, TRAY_WINDOW_CLASS,
                           title ? title : L"ConnectAs", WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT,
                           BASE_WIDTH, BASE_HEIGHT, NULL, NULL, state(w)->inst, w);
    free(title);
    if (!hwnd)
        return NULL;
    /* The size is in 96-DPI units: scale it once the window knows its monitor's DPI, and keep
     * it inside the monitor's work area (a 150 % laptop screen is smaller than the scaled size). */
    {
        HMONITOR mon = MonitorFromWindow(hwnd, MONITOR_DEFAULTTONEAREST);
        MONITORINFO mi;
        RECT wr;
        int cx = scale(w, BASE_WIDTH), cy = scale(w, BASE_HEIGHT), x, y;
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
    layout(w);
    return hwnd;
}

tray_window *tray_window_create(tray_host *host)
{
    tray_window *w = calloc(1, sizeof(*w));
    if (w)
        w->host = host;
    return w;
}

void tray_window_free(tray_window *w)
{
    if (!w)
        return;
    if (w->hwnd)
        DestroyWindow(w->hwnd);
    if (w->font)
        DeleteObject(w->font);
    if (w->bold_font)
        DeleteObject(w->bold_font);
    if (w->banner_brush)
        DeleteObject(w->banner_brush);
    free(w->list_signature);
    free(w->selected_server);
    free(w);
}

int tray_window_show(tray_window *w)
{
    if (!w->hwnd) {
        if (!create_window(w))
            return 0;
        tray_window_update(w);
    }
    if (IsIconic(w->hwnd))
        ShowWindow(w->hwnd, SW_RESTORE);
    else
        ShowWindow(w->hwnd, SW_SHOW);
    SetForegroundWindow(w->hwnd);
    return 1;
}

void tray_window_destroy(tray_window *w)
{
    if (w->hwnd)
        DestroyWindow(w->hwnd);
}

HWND tray_window_hwnd(const tray_window *w)
{
    return w ? w->hwnd : NULL;
}

int tray_window_dialog_message(tray_window *w, MSG *msg)
{
    return w->hwnd && IsDialogMessageW(w->hwnd, msg);
}
