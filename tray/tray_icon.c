/* The notification icon (NOTIFYICON_VERSION_4, tooltip, warning state, balloons) and its menu. */
#include "tray_icon.h"

#include <windowsx.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tray_colors.h"

#define ICON_ID 1
#define ICON_RETRY_MS 2000
#define ICON_RETRIES 15

struct tray_icon {
    HWND msg;
    UINT callback_msg;
    int no_icon;
    int added, v4, tries;
    int warning;
    HINSTANCE inst;
    int high_contrast; /* the icons are the black-and-white variants */
    HICON normal, warn;
    WCHAR tip[128];
};

/* The small icon at the system DPI's size (the .ico holds 16, 20, 24 and 32 px). LoadImage
 * rather than comctl32's LoadIconMetric: an idle tray never loads comctl32 (see tray_window.c). */
static HICON load_small_icon(HINSTANCE inst, UINT id)
{
    return LoadImageW(inst, MAKEINTRESOURCEW(id), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                      GetSystemMetrics(SM_CYSMICON), LR_DEFAULTCOLOR);
}

static void icon_data(tray_icon *icon, NOTIFYICONDATAW *nid);

tray_icon *tray_icon_create(HINSTANCE inst, HWND msg, UINT callback_msg, int no_icon)
{
    tray_icon *icon = calloc(1, sizeof(*icon));
    if (!icon)
        return NULL;
    icon->msg = msg;
    icon->callback_msg = callback_msg;
    icon->no_icon = no_icon;
    icon->inst = inst;
    icon->high_contrast = tray_colors_high_contrast();
    icon->normal = load_small_icon(inst, tray_colors_icon(0, icon->high_contrast));
    icon->warn = load_small_icon(inst, tray_colors_icon(1, icon->high_contrast));
    return icon;
}

void tray_icon_theme_changed(tray_icon *icon)
{
    int hc = tray_colors_high_contrast();
    HICON normal, warn;
    if (hc == icon->high_contrast)
        return;
    normal = load_small_icon(icon->inst, tray_colors_icon(0, hc));
    warn = load_small_icon(icon->inst, tray_colors_icon(1, hc));
    if (!normal || !warn) {
        if (normal)
            DestroyIcon(normal);
        if (warn)
            DestroyIcon(warn);
        return;
    }
    if (icon->normal)
        DestroyIcon(icon->normal);
    if (icon->warn)
        DestroyIcon(icon->warn);
    icon->normal = normal;
    icon->warn = warn;
    icon->high_contrast = hc;
    if (icon->added) {
        NOTIFYICONDATAW nid;
        icon_data(icon, &nid);
        nid.uFlags = NIF_ICON;
        nid.hIcon = icon->warning ? icon->warn : icon->normal;
        Shell_NotifyIconW(NIM_MODIFY, &nid);
    }
}

UINT tray_icon_resource(const tray_icon *icon)
{
    return tray_colors_icon(icon->warning, icon->high_contrast);
}

static void icon_data(tray_icon *icon, NOTIFYICONDATAW *nid)
{
    memset(nid, 0, sizeof(*nid));
    nid->cbSize = sizeof(*nid);
    nid->hWnd = icon->msg;
    nid->uID = ICON_ID;
}

void tray_icon_add(tray_icon *icon, int taskbar_restarted)
{
    NOTIFYICONDATAW nid;
    if (icon->no_icon)
        return;
    if (taskbar_restarted) {
        /* Explorer restarted: the icon is gone and must be added again. */
        icon->added = 0;
        icon->tries = 0;
    }
    icon_data(icon, &nid);
    nid.uFlags = NIF_MESSAGE | NIF_ICON | NIF_TIP | NIF_SHOWTIP;
    nid.uCallbackMessage = icon->callback_msg;
    nid.hIcon = icon->warning ? icon->warn : icon->normal;
    wcsncpy(nid.szTip, icon->tip, ARRAYSIZE(nid.szTip) - 1);
    icon->added = Shell_NotifyIconW(NIM_ADD, &nid) ? 1 : 0;
    if (icon->added) {
        nid.uVersion = NOTIFYICON_VERSION_4;
        icon->v4 = Shell_NotifyIconW(NIM_SETVERSION, &nid) ? 1 : 0;
        KillTimer(icon->msg, TRAY_TIMER_ICON_RETRY);
    } else if (icon->tries++ < ICON_RETRIES) {
        SetTimer(icon->msg, TRAY_TIMER_ICON_RETRY, ICON_RETRY_MS, NULL);
    }
}

void tray_icon_remove(tray_icon *icon)
{
    NOTIFYICONDATAW nid;
    KillTimer(icon->msg, TRAY_TIMER_ICON_RETRY);
    if (!icon->added)
        return;
    icon_data(icon, &nid);
    Shell_NotifyIconW(NIM_DELETE, &nid);
    icon->added = 0;
}

void tray_icon_free(tray_icon *icon)
{
    if (!icon)
        return;
    if (icon->msg && IsWindow(icon->msg))
        tray_icon_remove(icon);
    if (icon->normal)
        DestroyIcon(icon->normal);
    if (icon->warn)
        DestroyIcon(icon->warn);
    free(icon);
}

void tray_icon_update(tray_icon *icon, const tray_state *st, int recent_1219)
{
    WCHAR n1[24], n2[24], *tip, *warn = NULL, *prefix = NULL;
    NOTIFYICONDATAW nid;
    icon->warning =
        (st->have_state && st->view.problems > 0) || recent_1219 || (st->snap_st != CA_OK && !st->have_state);
    tip = tray_fmt(IDS_TIP, tray_num(st->view.servers, n1), tray_num(st->view.connections, n2), NULL);
    if (tip && icon->warning)
        warn = tray_fmt(IDS_TIP_WARN, tip, NULL);
    if (st->sandbox)
        prefix = tray_load(IDS_SANDBOX_TIP);
    _snwprintf(icon->tip, ARRAYSIZE(icon->tip), L"%ls%ls", prefix ? prefix : L"",
               warn  ? warn
               : tip ? tip
                     : L"");
    icon->tip[ARRAYSIZE(icon->tip) - 1] = 0;
    free(tip);
    free(warn);
    free(prefix);
    if (!icon->added)
        return;
    icon_data(icon, &nid);
    nid.uFlags = NIF_ICON | NIF_TIP | NIF_SHOWTIP;
    nid.hIcon = icon->warning ? icon->warn : icon->normal;
    wcsncpy(nid.szTip, icon->tip, ARRAYSIZE(nid.szTip) - 1);
    Shell_NotifyIconW(NIM_MODIFY, &nid);
}

void tray_icon_balloon(tray_icon *icon, const WCHAR *text, DWORD info_flags)
{
    NOTIFYICONDATAW nid;
    WCHAR *title;
    if (!icon->added || !text || !*text)
        return;
    icon_data(icon, &nid);
    nid.uFlags = NIF_INFO;
    nid.dwInfoFlags = info_flags | NIIF_RESPECT_QUIET_TIME;
    title = tray_load(IDS_APP_NAME);
    wcsncpy(nid.szInfoTitle, title ? title : L"ConnectAs", ARRAYSIZE(nid.szInfoTitle) - 1);
    free(title);
    wcsncpy(nid.szInfo, text, ARRAYSIZE(nid.szInfo) - 1);
    Shell_NotifyIconW(NIM_MODIFY, &nid);
}

tray_icon_ask tray_icon_event(tray_icon *icon, WPARAM wp, LPARAM lp, int *x, int *y)
{
    POINT pt;
    switch (LOWORD(lp)) {
    case NIN_SELECT:
    case NIN_KEYSELECT:
        return TRAY_ICON_SHOW_WINDOW;
    case WM_LBUTTONUP:
        return icon->v4 ? TRAY_ICON_NOTHING : TRAY_ICON_SHOW_WINDOW;
    case WM_CONTEXTMENU:
        *x = GET_X_LPARAM(wp);
        *y = GET_Y_LPARAM(wp);
        return TRAY_ICON_MENU;
    case WM_RBUTTONUP:
        if (icon->v4)
            return TRAY_ICON_NOTHING;
        GetCursorPos(&pt);
        *x = pt.x;
        *y = pt.y;
        return TRAY_ICON_MENU;
    default:
        return TRAY_ICON_NOTHING;
    }
}

const WCHAR *tray_icon_tip(const tray_icon *icon)
{
    return icon->tip;
}

int tray_icon_warning(const tray_icon *icon)
{
    return icon->warning;
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

UINT tray_menu_track(HWND owner, const tray_state *st, int x, int y, char **server)
{
    HMENU menu = CreatePopupMenu();
    size_t i, n = st->view.group_count < TRAY_MAX_MENU_GROUPS ? st->view.group_count : TRAY_MAX_MENU_GROUPS;
    char **servers = calloc(n ? n : 1, sizeof(*servers));
    UINT cmd, align;
    *server = NULL;
    if (!menu || !servers) {
        if (menu)
            DestroyMenu(menu);
        free(servers);
        return 0;
    }
    for (i = 0; i < n; i++) {
        const tray_group *g = &st->view.groups[i];
        HMENU sub = CreatePopupMenu();
        WCHAR num[24], *label, *escaped;
        UINT base = TRAY_ID_SLOT_BASE + (UINT)i * TRAY_SLOT_STRIDE;
        if (!sub)
            continue;
        servers[i] = tray_dup8(g->server);
        append_string(sub, g->slot ? 0 : MF_GRAYED, base + TRAY_SLOT_DISCONNECT, IDS_MENU_DISCONNECT);
        append_string(sub, g->cred_count ? 0 : MF_GRAYED, base + TRAY_SLOT_FORGET, IDS_MENU_FORGET);
        append_string(sub, st->sandbox ? MF_GRAYED : 0, base + TRAY_SLOT_OPEN, IDS_MENU_OPEN);
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
    append_string(menu, 0, TRAY_ID_SAVE_STATE, IDS_MENU_SAVE_STATE);
    append_string(menu,
                  (st->sandbox ? MF_GRAYED : 0) | (!st->sandbox && tray_autostart_enabled() ? MF_CHECKED : 0),
                  TRAY_ID_AUTOSTART, IDS_MENU_AUTOSTART);
    AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
    append_string(menu, 0, TRAY_ID_EXIT, IDS_MENU_EXIT);
    SetMenuDefaultItem(menu, TRAY_ID_SESSIONS, FALSE);

    /* Without this the menu does not close when the user clicks elsewhere. */
    SetForegroundWindow(owner);
    align = GetSystemMetrics(SM_MENUDROPALIGNMENT) ? TPM_RIGHTALIGN : TPM_LEFTALIGN;
    cmd = (UINT)TrackPopupMenuEx(
        menu, TPM_RETURNCMD | TPM_NONOTIFY | TPM_RIGHTBUTTON | align | TPM_BOTTOMALIGN, x, y, owner, NULL);
    PostMessageW(owner, WM_NULL, 0, 0);
    DestroyMenu(menu);
    if (cmd >= TRAY_ID_SLOT_BASE && cmd < TRAY_ID_SLOT_BASE + n * TRAY_SLOT_STRIDE)
        *server = tray_dup8(servers[(cmd - TRAY_ID_SLOT_BASE) / TRAY_SLOT_STRIDE]);
    for (i = 0; i < n; i++)
        free(servers[i]);
    free(servers);
    return cmd;
}
