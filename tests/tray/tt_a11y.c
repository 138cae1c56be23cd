/* Accessibility checks for tray tests: UI languages, clipped text, mnemonics, MSAA names and roles. */
#include "tt_a11y.h"

#include <commctrl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "harness.h"
#include "tray_test.h"

const tt_lang tt_langs[TT_LANG_COUNT] = {
    {MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), "en"},
    {MAKELANGID(LANG_DUTCH, SUBLANG_DUTCH), "nl"},
    {MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), "de"},
    {TT_LANG_PSEUDO, "pseudo"},
};

typedef LANGID(WINAPI *set_thread_ui_language_fn)(LANGID);

int tt_lang_use(LANGID lang, UINT probe_id)
{
    WCHAR want[512], got[512];
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    set_thread_ui_language_fn set_ui =
        k32 ? (set_thread_ui_language_fn)(void (*)(void))GetProcAddress(k32, "SetThreadUILanguage") : NULL;
    if (set_ui)
        set_ui(lang);
    /* Wine's resource loader tries the thread locale before the user's. */
    SetThreadLocale(MAKELCID(lang, SORT_DEFAULT));
    if (!tt_string_in(probe_id, lang, want, ARRAYSIZE(want)))
        return 0;
    if (LoadStringW(GetModuleHandleW(NULL), probe_id, got, ARRAYSIZE(got)) > 0 && !wcscmp(want, got))
        return 1;
#if defined(_WIN64) && defined(__GNUC__)
    if (th_on_wine()) {
        /* Wine 8 refuses SetThreadLocale for the pseudo-locale (it has no locale data for
         * qps-ploc) but its resource loader reads the TEB's CurrentLocale (x64 offset 0x108)
         * as is; Windows takes the pseudo-locale through SetThreadUILanguage above. */
        BYTE *teb;
        LCID *current;
        __asm__("movq %%gs:0x30, %0" : "=r"(teb)); /* the TEB's self pointer */
        current = (LCID *)(teb + 0x108);
        if (*current == GetThreadLocale())
            *current = MAKELCID(lang, SORT_DEFAULT);
    }
#endif
    return LoadStringW(GetModuleHandleW(NULL), probe_id, got, ARRAYSIZE(got)) > 0 && !wcscmp(want, got);
}

/* ---- clipped text ---- */

static int dpi_of(HWND hwnd)
{
    typedef UINT(WINAPI * dpi_fn)(HWND);
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    dpi_fn fn = user32 ? (dpi_fn)(void (*)(void))GetProcAddress(user32, "GetDpiForWindow") : NULL;
    UINT dpi = fn ? fn(hwnd) : 0;
    if (!dpi) {
        HDC dc = GetDC(NULL);
        dpi = dc ? (UINT)GetDeviceCaps(dc, LOGPIXELSY) : 96;
        if (dc)
            ReleaseDC(NULL, dc);
    }
    return dpi ? (int)dpi : 96;
}

/* Size of text drawn with font and DrawTextW flags, wrapped at width (when DT_WORDBREAK). */
static SIZE measure(HFONT font, const WCHAR *text, UINT flags, int width)
{
    SIZE s = {0, 0};
    HDC dc = GetDC(NULL);
    RECT r = {0, 0, width, 0};
    HGDIOBJ old;
    if (!dc)
        return s;
    old = SelectObject(dc, font ? (HGDIOBJ)font : GetStockObject(SYSTEM_FONT));
    DrawTextW(dc, text, -1, &r, flags | DT_CALCRECT);
    SelectObject(dc, old);
    ReleaseDC(NULL, dc);
    s.cx = r.right - r.left;
    s.cy = r.bottom - r.top;
    return s;
}

static WCHAR *text_of(HWND hwnd)
{
    int n = GetWindowTextLengthW(hwnd);
    WCHAR *t = calloc((size_t)n + 2, sizeof(WCHAR));
    if (t)
        GetWindowTextW(hwnd, t, n + 1);
    return t;
}

static int class_is(HWND hwnd, const WCHAR *cls)
{
    WCHAR name[64];
    GetClassNameW(hwnd, name, ARRAYSIZE(name));
    return !_wcsicmp(name, cls);
}

/* Static controls: the same DrawTextW flags as the control uses (Windows and Wine alike). */
static int static_fit(HWND hwnd, LONG style, HFONT font, const WCHAR *text, SIZE *need, SIZE *have)
{
    RECT rc;
    UINT flags = DT_EXPANDTABS, type = style & SS_TYPEMASK;
    if (type != SS_LEFT && type != SS_CENTER && type != SS_RIGHT && type != SS_LEFTNOWORDWRAP &&
        type != SS_SIMPLE)
        return 0; /* icons, bitmaps, frames */
    GetClientRect(hwnd, &rc);
    if (style & SS_NOPREFIX)
        flags |= DT_NOPREFIX;
    if (type == SS_SIMPLE)
        flags |= DT_SINGLELINE;
    else if (style & (SS_CENTERIMAGE | SS_ELLIPSISMASK))
        flags |= DT_SINGLELINE;
    else if (type != SS_LEFTNOWORDWRAP)
        flags |= DT_WORDBREAK;
    *need = measure(font, text, flags, rc.right);
    have->cx = rc.right;
    have->cy = rc.bottom;
    return 1;
}

/* Buttons: push buttons draw inside their edge and focus rectangle; check boxes and radio
 * buttons after their box. */
static int button_fit(HWND hwnd, LONG style, HFONT font, const WCHAR *text, SIZE *need, SIZE *have)
{
    RECT rc;
    int dpi = dpi_of(hwnd), inset, box = 0;
    UINT flags = DT_EXPANDTABS, type = style & BS_TYPEMASK;
    GetClientRect(hwnd, &rc);
    switch (type) {
    case BS_PUSHBUTTON:
    case BS_DEFPUSHBUTTON:
        inset = MulDiv(3, dpi, 96);
        break;
    case BS_CHECKBOX:
    case BS_AUTOCHECKBOX:
    case BS_3STATE:
    case BS_AUTO3STATE:
    case BS_RADIOBUTTON:
    case BS_AUTORADIOBUTTON:
        inset = 0;
        box = MulDiv(12, dpi, 96) + 1 + MulDiv(4, dpi, 96);
        break;
    case BS_GROUPBOX:
        inset = MulDiv(8, dpi, 96);
        flags |= DT_SINGLELINE;
        break;
    default:
        return 0; /* owner-drawn, command links (measured by their own rules), split buttons */
    }
    if (!(style & BS_MULTILINE))
        flags |= DT_SINGLELINE;
    else
        flags |= DT_WORDBREAK;
    have->cx = rc.right - 2 * inset - box;
    /* Only push buttons draw their text inside an edge; the others centre it in the whole height. */
    have->cy = inset && type != BS_GROUPBOX ? rc.bottom - 2 * MulDiv(2, dpi, 96) : rc.bottom;
    *need = measure(font, text, flags, have->cx);
    return 1;
}

/* A drop-down list box: every item against the closed box (minus its button) and the list. */
static int combo_fit(HWND hwnd, HFONT font, SIZE *need, SIZE *have)
{
    COMBOBOXINFO cbi;
    int i, n = (int)SendMessageW(hwnd, CB_GETCOUNT, 0, 0), dropped;
    int dpi = dpi_of(hwnd);
    memset(&cbi, 0, sizeof(cbi));
    cbi.cbSize = sizeof(cbi);
    if (n <= 0 || !GetComboBoxInfo(hwnd, &cbi))
        return 0;
    have->cx = cbi.rcItem.right - cbi.rcItem.left - MulDiv(2, dpi, 96);
    have->cy = cbi.rcItem.bottom - cbi.rcItem.top;
    dropped = (int)SendMessageW(hwnd, CB_GETDROPPEDWIDTH, 0, 0) - GetSystemMetrics(SM_CXVSCROLL) -
              MulDiv(4, dpi, 96);
    need->cx = need->cy = 0;
    for (i = 0; i < n; i++) {
        int len = (int)SendMessageW(hwnd, CB_GETLBTEXTLEN, (WPARAM)i, 0);
        WCHAR *item;
        SIZE s;
        if (len <= 0)
            continue;
        item = calloc((size_t)len + 1, sizeof(WCHAR));
        if (!item)
            continue;
        SendMessageW(hwnd, CB_GETLBTEXT, (WPARAM)i, (LPARAM)item);
        s = measure(font, item, DT_SINGLELINE | DT_NOPREFIX, 0);
        free(item);
        if (s.cx > need->cx)
            need->cx = s.cx;
        if (s.cy > need->cy)
            need->cy = s.cy;
    }
    /* The open list may be wider than the box; the closed box shows the selection only. */
    if (dropped > have->cx) {
        int sel = (int)SendMessageW(hwnd, CB_GETCURSEL, 0, 0);
        int len = sel >= 0 ? (int)SendMessageW(hwnd, CB_GETLBTEXTLEN, (WPARAM)sel, 0) : 0;
        WCHAR *item = len > 0 ? calloc((size_t)len + 1, sizeof(WCHAR)) : NULL;
        SIZE s = {0, 0};
        if (item) {
            SendMessageW(hwnd, CB_GETLBTEXT, (WPARAM)sel, (LPARAM)item);
            s = measure(font, item, DT_SINGLELINE | DT_NOPREFIX, 0);
            free(item);
        }
        if (need->cx <= dropped)
            need->cx = s.cx;
    }
    return 1;
}

int tt_text_fit(HWND control, SIZE *need, SIZE *have)
{
    LONG style = GetWindowLongW(control, GWL_STYLE);
    HFONT font = (HFONT)SendMessageW(control, WM_GETFONT, 0, 0);
    WCHAR *text;
    int r = 0;
    need->cx = need->cy = have->cx = have->cy = 0;
    if (class_is(control, WC_COMBOBOXW))
        return (style & 3) == CBS_DROPDOWNLIST ? combo_fit(control, font, need, have) : 0;
    text = text_of(control);
    if (!text || !text[0]) {
        free(text);
        return 0;
    }
    if (class_is(control, WC_STATICW))
        r = static_fit(control, style, font, text, need, have);
    else if (class_is(control, WC_BUTTONW))
        r = button_fit(control, style, font, text, need, have);
    free(text);
    return r;
}

static int report(const char *where, HWND hwnd, const WCHAR *what, SIZE need, SIZE have)
{
    WCHAR cls[64];
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    ok(0, "%s: %ls %d \"%.60ls\" is clipped: needs %ldx%ld px, has %ldx%ld\n", where, cls, GetDlgCtrlID(hwnd),
       what, need.cx, need.cy, have.cx, have.cy);
    return 1;
}

/* Column headers and cells of a report list view against their column widths. */
static int check_list(HWND list, const char *where)
{
    HWND header = (HWND)SendMessageW(list, LVM_GETHEADER, 0, 0);
    HFONT hfont = header ? (HFONT)SendMessageW(header, WM_GETFONT, 0, 0) : NULL;
    int cols = header ? (int)SendMessageW(header, HDM_GETITEMCOUNT, 0, 0) : 0;
    int rows = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0), c, r, bad = 0;
    /* The list view pads a column's text by a fixed 12 pixels (its own LVSCW_AUTOSIZE rule). */
    int pad = 12;
    for (c = 0; c < cols; c++) {
        WCHAR text[260];
        HDITEMW hi;
        int width = (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
        SIZE need, have;
        memset(&hi, 0, sizeof(hi));
        hi.mask = HDI_TEXT;
        hi.pszText = text;
        hi.cchTextMax = ARRAYSIZE(text);
        text[0] = 0;
        SendMessageW(header, HDM_GETITEMW, (WPARAM)c, (LPARAM)&hi);
        need = measure(hfont, text, DT_SINGLELINE | DT_NOPREFIX, 0);
        need.cx += pad;
        have.cx = width;
        have.cy = need.cy;
        if (text[0] && need.cx > have.cx)
            bad += report(where, header, text, need, have);
        for (r = 0; r < rows; r++) {
            WCHAR cell[520];
            LVITEMW it;
            int w;
            memset(&it, 0, sizeof(it));
            it.iSubItem = c;
            it.pszText = cell;
            it.cchTextMax = ARRAYSIZE(cell);
            cell[0] = 0;
            SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)r, (LPARAM)&it);
            if (!cell[0])
                continue;
            w = (int)SendMessageW(list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)cell);
            if (w + pad > width) {
                need.cx = w + pad;
                have.cx = width;
                bad += report(where, list, cell, need, have);
            }
        }
    }
    return bad;
}

/* The status bar's first part against its text. */
static int check_status(HWND sb, const char *where)
{
    RECT part;
    WCHAR text[1024];
    SIZE need, have;
    HFONT font = (HFONT)SendMessageW(sb, WM_GETFONT, 0, 0);
    LRESULT len = SendMessageW(sb, SB_GETTEXTLENGTHW, 0, 0);
    if (LOWORD(len) == 0 || LOWORD(len) >= ARRAYSIZE(text) || !SendMessageW(sb, SB_GETRECT, 0, (LPARAM)&part))
        return 0;
    SendMessageW(sb, SB_GETTEXTW, 0, (LPARAM)text);
    need = measure(font, text, DT_SINGLELINE | DT_NOPREFIX, 0);
    have.cx = part.right - part.left - 2 * MulDiv(3, dpi_of(sb), 96);
    have.cy = part.bottom - part.top;
    return need.cx > have.cx || need.cy > have.cy + 1 ? report(where, sb, text, need, have) : 0;
}

int tt_check_clipping(HWND win, const char *where)
{
    HWND child, other;
    RECT client, rc, ro, both;
    int bad = 0;
    GetClientRect(win, &client);
    for (child = GetWindow(win, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT)) {
        SIZE need, have;
        if (!IsWindowVisible(child))
            continue;
        GetWindowRect(child, &rc);
        MapWindowPoints(NULL, win, (POINT *)&rc, 2);
        if (rc.left < client.left || rc.top < client.top || rc.right > client.right ||
            rc.bottom > client.bottom) {
            WCHAR cls[64];
            GetClassNameW(child, cls, ARRAYSIZE(cls));
            ok(0, "%s: %ls %d sticks out of the window: (%ld,%ld)-(%ld,%ld) in (%ld,%ld)\n", where, cls,
               GetDlgCtrlID(child), rc.left, rc.top, rc.right, rc.bottom, client.right, client.bottom);
            bad++;
        }
        for (other = GetWindow(child, GW_HWNDNEXT); other; other = GetWindow(other, GW_HWNDNEXT)) {
            if (!IsWindowVisible(other) || class_is(other, STATUSCLASSNAMEW) ||
                class_is(child, STATUSCLASSNAMEW))
                continue;
            GetWindowRect(other, &ro);
            MapWindowPoints(NULL, win, (POINT *)&ro, 2);
            if (IntersectRect(&both, &rc, &ro)) {
                ok(0, "%s: controls %d and %d overlap\n", where, GetDlgCtrlID(child), GetDlgCtrlID(other));
                bad++;
            }
        }
        if (class_is(child, WC_LISTVIEWW)) {
            bad += check_list(child, where);
            continue;
        }
        if (class_is(child, STATUSCLASSNAMEW)) {
            bad += check_status(child, where);
            continue;
        }
        if (tt_text_fit(child, &need, &have) && (need.cx > have.cx || need.cy > have.cy)) {
            WCHAR *t = text_of(child);
            bad += report(where, child, t ? t : L"", need, have);
            free(t);
        }
    }
    return bad;
}

/* ---- mnemonics ---- */

WCHAR tt_mnemonic(const WCHAR *text)
{
    const WCHAR *p;
    for (p = text; p && *p; p++) {
        if (*p != L'&')
            continue;
        if (p[1] == L'&') {
            p++;
            continue;
        }
        return p[1] ? (WCHAR)towlower(p[1]) : 0;
    }
    return 0;
}

int tt_check_mnemonics(const WCHAR *const *texts, int n, const char *where)
{
    int i, j, dup = 0;
    for (i = 0; i < n; i++) {
        WCHAR a = tt_mnemonic(texts[i]);
        if (!a)
            continue;
        for (j = i + 1; j < n; j++)
            if (tt_mnemonic(texts[j]) == a) {
                ok(0, "%s: \"%ls\" and \"%ls\" share the mnemonic %lc\n", where, texts[i], texts[j], a);
                dup++;
            }
    }
    return dup;
}

#define TT_MAX_TEXTS 64

int tt_check_window_mnemonics(HWND win, const char *where)
{
    WCHAR *texts[TT_MAX_TEXTS] = {0};
    int n = 0, i, dup;
    HWND child;
    for (child = GetWindow(win, GW_CHILD); child && n < TT_MAX_TEXTS; child = GetWindow(child, GW_HWNDNEXT)) {
        LONG style = GetWindowLongW(child, GWL_STYLE);
        if (!IsWindowVisible(child))
            continue;
        if (class_is(child, WC_STATICW) && (style & SS_NOPREFIX))
            continue;
        if (!class_is(child, WC_STATICW) && !class_is(child, WC_BUTTONW))
            continue;
        texts[n] = text_of(child);
        if (texts[n])
            n++;
    }
    dup = tt_check_mnemonics((const WCHAR *const *)texts, n, where);
    for (i = 0; i < n; i++)
        free(texts[i]);
    return dup;
}

int tt_check_menu_mnemonics(HMENU menu, const char *where)
{
    WCHAR buf[TT_MAX_TEXTS][256];
    const WCHAR *texts[TT_MAX_TEXTS] = {0};
    int n = 0, i, count = GetMenuItemCount(menu);
    for (i = 0; i < count && n < TT_MAX_TEXTS; i++) {
        if (GetMenuStringW(menu, (UINT)i, buf[n], ARRAYSIZE(buf[n]), MF_BYPOSITION) > 0) {
            texts[n] = buf[n];
            n++;
        }
    }
    return tt_check_mnemonics(texts, n, where);
}

/* ---- reading order ---- */

static RECT rect_in(HWND win, HWND child)
{
    RECT r;
    GetWindowRect(child, &r);
    MapWindowPoints(NULL, win, (POINT *)&r, 2);
    return r;
}

/* 1 when b comes after a when reading: a lower row, or the same row (overlapping heights) further right. */
static int reads_after(RECT a, RECT b)
{
    int same_row = b.top < a.bottom && a.top < b.bottom;
    return same_row ? b.left >= a.right - 1 : b.top >= a.top;
}

int tt_check_tab_order(HWND win, const char *where)
{
    HWND first = GetNextDlgTabItem(win, NULL, FALSE), cur, next;
    int bad = 0, steps = 0;
    if (!first) {
        ok(0, "%s: nothing takes the focus\n", where);
        return 1;
    }
    for (cur = first; steps < 64; cur = next, steps++) {
        next = GetNextDlgTabItem(win, cur, FALSE);
        if (!next || next == first)
            break;
        if (!reads_after(rect_in(win, cur), rect_in(win, next))) {
            ok(0, "%s: Tab goes from control %d back to control %d (not the reading order)\n", where,
               GetDlgCtrlID(cur), GetDlgCtrlID(next));
            bad++;
        }
    }
    if (steps >= 64) {
        ok(0, "%s: Tab never comes back to the first control\n", where);
        bad++;
    }
    return bad;
}

int tt_check_labels(HWND win, const char *where)
{
    HWND child;
    int bad = 0;
    for (child = GetWindow(win, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT)) {
        HWND prev;
        WCHAR *label;
        if (!IsWindowVisible(child) ||
            !(class_is(child, WC_EDITW) || class_is(child, WC_COMBOBOXW) || class_is(child, WC_LISTVIEWW)))
            continue;
        prev = GetWindow(child, GW_HWNDPREV);
        label = prev && class_is(prev, WC_STATICW) ? text_of(prev) : NULL;
        if (!label || !label[0]) {
            ok(0, "%s: control %d has no label right before it\n", where, GetDlgCtrlID(child));
            bad++;
        }
        free(label);
    }
    return bad;
}

/* ---- MSAA ---- */

/* {618736E0-3C3D-11CF-810C-00AA00389B71}, written out (see the header). */
static const GUID tt_iid_iaccessible = {
    0x618736e0, 0x3c3d, 0x11cf, {0x81, 0x0c, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};

IAccessible *tt_acc_of(HWND hwnd)
{
    IAccessible *acc = NULL;
    if (FAILED(AccessibleObjectFromWindow(hwnd, (DWORD)OBJID_CLIENT, &tt_iid_iaccessible, (void **)&acc)))
        return NULL;
    return acc;
}

int tt_acc_name_role(IAccessible *acc, LONG child, WCHAR *name, int len, LONG *role)
{
    VARIANT v, r;
    BSTR b = NULL;
    HRESULT hr;
    name[0] = 0;
    *role = 0;
    v.vt = VT_I4;
    v.lVal = child;
    hr = acc->lpVtbl->get_accName(acc, v, &b);
    if (FAILED(hr))
        return 0;
    if (b) {
        _snwprintf(name, (size_t)len, L"%ls", b);
        name[len - 1] = 0;
        SysFreeString(b);
    }
    VariantInit(&r);
    hr = acc->lpVtbl->get_accRole(acc, v, &r);
    if (FAILED(hr))
        return 0;
    if (r.vt == VT_I4)
        *role = r.lVal;
    VariantClear(&r);
    return 1;
}
