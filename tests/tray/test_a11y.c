/* The tray for everyone: pseudo-locale, mnemonics, clipped text, MSAA names in en/nl/de/pseudo at the rig's
 * DPI. */
/* Longer than ~700 lines on purpose: one accessibility walk over every window, language and DPI (clipping,
 * mnemonics, tab order, names, high contrast, keyboard only). */
#include <windows.h>
#include <commctrl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "harness.h"
#include "sandbox.h"
#include "scenario.h"
#include "screenshot.h"
#include "tray_connect_res.h"
#include "tray_a11y.h"
#include "tray_colors.h"
#include "tray_internal.h"
#include "tray_test.h"
#include "tt_a11y.h"

#define WAIT_MS 20000

static const char *serverfault_path;
static int screen_dpi;

/* ---- the pseudo-locale table (made by the build from the English one) ---- */

/* Letters, digits and the like of s (what a reader sees), without inserts, escapes and brackets. */
static int visible_length(const WCHAR *s)
{
    int n = 0;
    for (; *s; s++) {
        if (*s == L'%' && s[1] >= L'1' && s[1] <= L'9') {
            s++;
            continue;
        }
        if (*s != L'&')
            n++;
    }
    return n;
}

static int inserts_of(const WCHAR *s)
{
    int mask = 0;
    for (; *s; s++)
        if (*s == L'%' && s[1] >= L'1' && s[1] <= L'9')
            mask |= 1 << (s[1] - L'1');
    return mask;
}

static void check_pseudo_range(UINT first, UINT last)
{
    UINT id;
    int checked = 0, accented = 0;
    for (id = first; id <= last; id++) {
        WCHAR en[2048], ps[4096];
        int n_en = tt_string_in(id, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), en, ARRAYSIZE(en));
        int n_ps = tt_string_in(id, TT_LANG_PSEUDO, ps, ARRAYSIZE(ps));
        const WCHAR *p;
        if (n_en <= 0)
            continue;
        checked++;
        ok(n_ps > 0, "string %u has no pseudo-locale entry\n", id);
        if (n_ps <= 0)
            continue;
        ok(ps[0] == L'[' && ps[n_ps - 1] == L']', "string %u: not bracketed: %ls\n", id, ps);
        ok(visible_length(ps) * 10 >= visible_length(en) * 14, "string %u: %d → %d characters (%ls)\n", id,
           visible_length(en), visible_length(ps), ps);
        ok(inserts_of(ps) == inserts_of(en), "string %u: the inserts differ: %ls / %ls\n", id, en, ps);
        ok(tt_mnemonic(ps) == tt_mnemonic(en), "string %u: the mnemonic differs: %ls / %ls\n", id, en, ps);
        for (p = ps; *p; p++)
            if (*p >= 0xC0 && *p < 0x180) {
                accented++;
                break;
            }
    }
    ok(checked > 10, "only %d English strings in %u…%u\n", checked, first, last);
    ok(accented * 10 >= checked * 9, "only %d of %d pseudo strings have accented letters\n", accented,
       checked);
}

static void test_pseudo_table(void)
{
    th_push_context("pseudo-locale table");
    check_pseudo_range(IDS_TRAY_FIRST, IDS_TRAY_LAST);
    check_pseudo_range(IDS_CF_FIRST, IDS_CF_LAST);
    th_pop_context();
}

/* ---- the checking library itself finds what it should ---- */

/* Pixels at the screen's DPI. */
#define S(v) MulDiv((v), screen_dpi, 96)

static void test_library(void)
{
    HWND w = CreateWindowExW(WS_EX_CONTROLPARENT, WC_STATICW, L"selftest", WS_POPUP | WS_VISIBLE, 0, 0,
                             S(400), S(300), NULL, NULL, NULL, NULL);
    HWND edit, lower, upper, label;
    HFONT font = (HFONT)GetStockObject(DEFAULT_GUI_FONT);
    int clipped = 0, order = 0, labels = 0, dups = 0;
    ok(w != NULL, "no window\n");
    if (!w)
        return;
    /* An edit with no label, a cut label, two buttons whose tab order goes upwards, one mnemonic twice. */
    edit = CreateWindowExW(0, WC_EDITW, L"", WS_CHILD | WS_VISIBLE | WS_TABSTOP, S(10), S(10), S(100), S(20),
                           w, (HMENU)1, NULL, NULL);
    label = CreateWindowExW(0, WC_STATICW, L"This label is far too long for its place", WS_CHILD | WS_VISIBLE,
                            S(10), S(50), S(60), S(14), w, (HMENU)2, NULL, NULL);
    lower = CreateWindowExW(0, WC_BUTTONW, L"&Open", WS_CHILD | WS_VISIBLE | WS_TABSTOP, S(10), S(200),
                            S(120), S(30), w, (HMENU)3, NULL, NULL);
    upper = CreateWindowExW(0, WC_BUTTONW, L"&Other", WS_CHILD | WS_VISIBLE | WS_TABSTOP, S(10), S(100),
                            S(120), S(30), w, (HMENU)4, NULL, NULL);
    SendMessageW(edit, WM_SETFONT, (WPARAM)font, 0);
    SendMessageW(label, WM_SETFONT, (WPARAM)font, 0);
    SendMessageW(lower, WM_SETFONT, (WPARAM)font, 0);
    SendMessageW(upper, WM_SETFONT, (WPARAM)font, 0);
    todo_if(1)
    {
        clipped = tt_check_clipping(w, "selftest");
        order = tt_check_tab_order(w, "selftest");
        labels = tt_check_labels(w, "selftest");
        dups = tt_check_window_mnemonics(w, "selftest");
    }
    ok(clipped == 1, "the cut label: %d problems found\n", clipped);
    ok(order == 1, "the upward Tab: %d problems found\n", order);
    ok(labels == 1, "the unlabelled edit: %d problems found\n", labels);
    ok(dups == 1, "the doubled mnemonic: %d problems found\n", dups);
    /* And nothing once the label has room. */
    MoveWindow(label, S(10), S(50), S(380), S(40), TRUE);
    ok(tt_check_clipping(w, "selftest, label with room") == 0, "a label with room is reported\n");
    DestroyWindow(w);
}

#undef S

/* ---- mnemonics, from the string tables ---- */

typedef struct mnemonic_group {
    const char *name;
    UINT ids[12];
} mnemonic_group;

/* The texts each window and menu shows together (tray_window.c, tray_connect.c, tray_app.c). */
static const mnemonic_group groups[] = {
    {"sessions window",
     {IDS_LABEL_LIST, IDS_LABEL_EXPLAIN, IDS_BTN_DISCONNECT, IDS_BTN_FORGET, IDS_BTN_CONNECT, IDS_BTN_REFRESH,
      IDS_BTN_CLOSE}},
    {"connect dialog",
     {IDS_CF_LABEL_PATH, IDS_CF_LABEL_NOW, IDS_CF_LABEL_USER, IDS_CF_LABEL_PASSWORD, IDS_CF_REMEMBER,
      IDS_CF_LABEL_DRIVE, IDS_CF_BTN_CONNECT, IDS_CF_BTN_CANCEL}},
    {"notification menu",
     {IDS_MENU_SESSIONS, IDS_MENU_CONNECT, IDS_MENU_REPORT, IDS_MENU_AUTOSTART, IDS_MENU_EXIT,
      IDS_MENU_NONE}},
    {"server submenu", {IDS_MENU_DISCONNECT, IDS_MENU_FORGET, IDS_MENU_OPEN}},
};

static void test_mnemonics_in_tables(void)
{
    size_t g, l, i;
    for (l = 0; l < TT_LANG_COUNT; l++)
        for (g = 0; g < ARRAYSIZE(groups); g++) {
            WCHAR buf[12][512];
            const WCHAR *texts[12];
            char where[96];
            int n = 0, with = 0;
            for (i = 0; i < ARRAYSIZE(groups[g].ids) && groups[g].ids[i]; i++) {
                ok(tt_string_in(groups[g].ids[i], tt_langs[l].id, buf[n], ARRAYSIZE(buf[n])) > 0,
                   "%s: string %u missing\n", tt_langs[l].tag, groups[g].ids[i]);
                with += tt_mnemonic(buf[n]) != 0;
                texts[n] = buf[n];
                n++;
            }
            snprintf(where, sizeof(where), "%s (%s)", groups[g].name, tt_langs[l].tag);
            ok(with >= 2, "%s: only %d texts with a mnemonic\n", where, with);
            tt_check_mnemonics(texts, n, where);
        }
}

/* ---- the windows in each language ---- */

static backend *sandbox_from_file(const char *path)
{
    model *m = NULL;
    backend *be = NULL;
    ca_error e;
    memset(&e, 0, sizeof(e));
    if (scenario_load_file(path, &m, &e) != CA_OK || sandbox_create(m, &be, &e) != CA_OK) {
        ok(0, "cannot load %s: %s\n", path, e.msg);
        return NULL;
    }
    return be;
}

typedef struct lang_args {
    LANGID lang;
    int used;
} lang_args;

static void use_lang_on_ui(tray_app *app, void *ctx)
{
    lang_args *a = ctx;
    WCHAR want[256], *got;
    (void)app;
    /* The tray's own strings (tray_text pins a language, as tt_app_start does with English) and
     * everything else the thread loads (the error table, dialog templates). */
    tray_text_set_language(a->lang);
    a->used = tt_lang_use(a->lang, IDS_WINDOW_TITLE);
    got = tray_load(IDS_WINDOW_TITLE);
    tt_string_in(IDS_WINDOW_TITLE, a->lang, want, ARRAYSIZE(want));
    a->used = a->used && got && !wcscmp(got, want);
    free(got);
}

static void paint_on_ui(tray_app *app, void *ctx)
{
    (void)app;
    RedrawWindow((HWND)ctx, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_UPDATENOW | RDW_ALLCHILDREN);
}

/* Screenshots of each window per language at 144 DPI (the evidence). */
static void photo(tt_app *t, HWND hwnd, const char *window, const char *lang)
{
    char name[96];
    WCHAR path[MAX_PATH];
    int colours;
    if (screen_dpi != 144)
        return;
    snprintf(name, sizeof(name), "a11y_%s_%s_144", window, lang);
    tt_on_ui(t, paint_on_ui, hwnd);
    colours = th_screenshot(hwnd, name, path, MAX_PATH);
    ok(colours >= 4, "screenshot %s: %d colours\n", name, colours);
}

typedef struct begin_args {
    const WCHAR *path;
} begin_args;

static void begin_on_ui(tray_app *app, void *ctx)
{
    tray_app_connect(app, ((begin_args *)ctx)->path);
}

/* A visible top-level window of this process of class cls for which match(hwnd, ctx) holds (match may be
 * NULL). */
typedef struct own_search {
    const WCHAR *cls;
    int (*match)(HWND hwnd, void *ctx);
    void *ctx;
    HWND found;
} own_search;

static BOOL CALLBACK find_own(HWND hwnd, LPARAM lp)
{
    own_search *s = (own_search *)lp;
    WCHAR cls[16];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    GetClassNameW(hwnd, cls, ARRAYSIZE(cls));
    if (pid == GetCurrentProcessId() && !wcscmp(cls, s->cls) && IsWindowVisible(hwnd) &&
        (!s->match || s->match(hwnd, s->ctx))) {
        s->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

static HWND own_window(const WCHAR *cls, int (*match)(HWND, void *), void *ctx)
{
    own_search s = {cls, match, ctx, NULL};
    EnumWindows(find_own, (LPARAM)&s);
    return s.found;
}

typedef struct dialog_find {
    int want_connect; /* 1: the connect dialog, 0: another dialog (the conflict task dialog) */
    HWND found;
} dialog_find;

static int is_wanted_dialog(HWND hwnd, void *ctx)
{
    return (GetDlgItem(hwnd, IDC_CF_PATH) != NULL) == ((dialog_find *)ctx)->want_connect;
}

static int dialog_shows(void *ctx)
{
    dialog_find *f = ctx;
    f->found = own_window(L"#32770", is_wanted_dialog, f);
    if (f->found && f->want_connect) {
        /* Shown with the state read: "Connected now" names something. */
        WCHAR text[512];
        return tt_text(GetDlgItem(f->found, IDC_CF_NOW), text, ARRAYSIZE(text))[0] != 0;
    }
    return f->found != NULL;
}

static HWND wait_dialog(int want_connect)
{
    dialog_find f = {want_connect, NULL};
    return th_wait_for(dialog_shows, &f, WAIT_MS) ? f.found : NULL;
}

static int message_shown(void *ctx)
{
    return GetWindowTextLengthW(GetDlgItem((HWND)ctx, IDC_CF_MESSAGE)) > 0;
}

static int window_gone(void *ctx)
{
    return !IsWindow((HWND)ctx) || !IsWindowVisible((HWND)ctx);
}

/* Every labelled control has a name and the role of its kind (oleacc, as a screen reader reads it). */
static void check_names(HWND win, const int *ids, const LONG *roles, int n, const char *where)
{
    int i;
    for (i = 0; i < n; i++) {
        HWND c = GetDlgItem(win, ids[i]);
        IAccessible *acc = c ? tt_acc_of(c) : NULL;
        WCHAR name[512];
        LONG role = 0;
        ok(acc != NULL, "%s: control %d has no accessible object\n", where, ids[i]);
        if (!acc)
            continue;
        ok(tt_acc_name_role(acc, CHILDID_SELF, name, ARRAYSIZE(name), &role),
           "%s: control %d: no name/role\n", where, ids[i]);
        if (roles[i] != ROLE_SYSTEM_COMBOBOX) {
            ok(name[0] != 0, "%s: control %d has no accessible name\n", where, ids[i]);
        } else {
            /* Windows names a combo box by the label before it; Wine by its own text. */
            WCHAR label[256], *p, *q;
            tt_text(GetWindow(c, GW_HWNDPREV), label, ARRAYSIZE(label));
            for (p = q = label; *p; p++)
                if (*p != L'&')
                    *q++ = *p;
            *q = 0;
            todo_wine ok(!wcscmp(name, label), "%s: combo box %d is named %ls, not by its label %ls\n", where,
                         ids[i], name, label);
        }
        /* Wine's oleacc gives only edits a role of their own; everything else is a "client". */
        todo_if(th_on_wine() && roles[i] != ROLE_SYSTEM_TEXT)
            ok(role == roles[i], "%s: control %d has role %ld, want %ld\n", where, ids[i], role, roles[i]);
        acc->lpVtbl->Release(acc);
    }
}

/* ---- screen readers: announcements and rows ---- */

static volatile LONG events_seen;
static HWND event_target;

static void CALLBACK on_event(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object, LONG child,
                              DWORD thread, DWORD time)
{
    (void)hook;
    (void)child;
    (void)thread;
    (void)time;
    if (hwnd == event_target && object == OBJID_CLIENT &&
        (event == EVENT_OBJECT_LIVEREGIONCHANGED || event == EVENT_OBJECT_NAMECHANGE))
        InterlockedOr(&events_seen, event == EVENT_OBJECT_LIVEREGIONCHANGED ? 1 : 2);
}

static int both_events(void *ctx)
{
    (void)ctx;
    return events_seen == 3;
}

static void test_join(void)
{
    const WCHAR *cols[5] = {L"hka-fs01", L"IAI\\bp", L"", L"\\\\hka-fs01\\data", L"Connected"};
    WCHAR *j = tray_a11y_join(cols, 5, L", ");
    ok(j && !wcscmp(j, L"hka-fs01, IAI\\bp, \\\\hka-fs01\\data, Connected"), "joined: %ls\n",
       j ? j : L"(null)");
    free(j);
}

/* A refresh's result is announced from the status bar (a live region), whose name says it. */
static void check_announce(tt_app *t, HWND win, const char *where)
{
    HWND sb = tt_control(win, TRAY_IDC_STATUS);
    HWINEVENTHOOK hook;
    IAccessible *acc;
    WCHAR name[512], want[512];
    LONG role = 0;
    unsigned results = tt_results(t);
    events_seen = 0;
    event_target = sb;
    hook = SetWinEventHook(EVENT_OBJECT_NAMECHANGE, EVENT_OBJECT_LIVEREGIONCHANGED, NULL, on_event, 0, 0,
                           WINEVENT_OUTOFCONTEXT);
    ok(hook != NULL, "%s: SetWinEventHook failed\n", where);
    tt_command(t, TRAY_ID_REFRESH);
    ok(tt_wait_results(t, results, WAIT_MS), "%s: no refresh\n", where);
    ok(th_wait_for(both_events, NULL, WAIT_MS),
       "%s: the status bar did not announce the refresh (events %ld)\n", where, events_seen);
    if (hook)
        UnhookWinEvent(hook);
    acc = tt_acc_of(sb);
    ok(acc != NULL, "%s: the status bar has no accessible object\n", where);
    if (acc) {
        SendMessageW(sb, SB_GETTEXTW, 0, (LPARAM)want);
        tt_acc_name_role(acc, CHILDID_SELF, name, ARRAYSIZE(name), &role);
        ok(want[0] && tt_contains(name, want), "%s: the status bar reads \"%ls\", not \"%ls\"\n", where, name,
           want);
        acc->lpVtbl->Release(acc);
    }
}

/* Each row reads as "server, user, drive, path, status" (Windows: MSAA annotation). */
static void check_rows(HWND list, LANGID lang, const char *where)
{
    static tt_rows rows;
    IAccessible *acc = tt_acc_of(list);
    WCHAR name[1024], sep[16];
    LONG role = 0;
    int i;
    ok(acc != NULL, "%s: the list has no accessible object\n", where);
    if (!acc)
        return;
    tt_read_rows(list, &rows);
    tt_string_in(IDS_LIST_COMMA, lang, sep, ARRAYSIZE(sep));
    for (i = 0; i < rows.count && i < 4; i++) {
        const WCHAR *cols[5] = {rows.cell[i][0], rows.cell[i][1], rows.cell[i][2], rows.cell[i][3],
                                rows.cell[i][4]};
        WCHAR *want = tray_a11y_join(cols, 5, sep[0] ? sep : L", ");
        tt_acc_name_role(acc, i + 1, name, ARRAYSIZE(name), &role);
        /* Wine 8's oleacc knows no list-view rows and applies no annotations. */
        todo_wine ok(want && !wcscmp(name, want), "%s: row %d reads \"%ls\", want \"%ls\"\n", where, i, name,
                     want);
        todo_wine ok(role == ROLE_SYSTEM_LISTITEM, "%s: row %d has role %ld\n", where, i, role);
        free(want);
    }
    acc->lpVtbl->Release(acc);
}

static void check_sessions(tt_app *t, const tt_lang *l, char *where)
{
    static const int ids[] = {TRAY_IDC_LIST,   TRAY_IDC_EXPLAIN, TRAY_IDC_DISCONNECT,
                              TRAY_IDC_FORGET, TRAY_IDC_CONNECT, TRAY_IDC_REFRESH,
                              IDCANCEL};
    static const LONG roles[] = {ROLE_SYSTEM_LIST,       ROLE_SYSTEM_TEXT,       ROLE_SYSTEM_PUSHBUTTON,
                                 ROLE_SYSTEM_PUSHBUTTON, ROLE_SYSTEM_PUSHBUTTON, ROLE_SYSTEM_PUSHBUTTON,
                                 ROLE_SYSTEM_PUSHBUTTON};
    HWND win = tt_show_window(t, WAIT_MS), list;
    WCHAR title[256], want[256];
    ok(win != NULL, "%s: the window did not open\n", where);
    if (!win)
        return;
    tt_string_in(IDS_WINDOW_TITLE_SANDBOX, l->id, want, ARRAYSIZE(want));
    ok(!wcscmp(tt_text(win, title, ARRAYSIZE(title)), want), "%s: title %ls, want %ls\n", where, title, want);
    list = tt_control(win, TRAY_IDC_LIST);
    tt_select_row(list, 0);
    tt_on_ui(t, paint_on_ui, win);
    tt_check_clipping(win, where);
    tt_check_window_mnemonics(win, where);
    tt_check_tab_order(win, where);
    tt_check_labels(win, where);
    check_names(win, ids, roles, ARRAYSIZE(ids), where);
    check_rows(list, l->id, where);
    check_announce(t, win, where);
    photo(t, win, "sessions", l->tag);
    PostMessageW(win, WM_CLOSE, 0, 0);
    ok(th_wait_for(window_gone, win, WAIT_MS), "%s: the window did not close\n", where);
}

static void check_connect(tt_app *t, const tt_lang *l, char *where)
{
    static const int ids[] = {IDC_CF_PATH,  IDC_CF_USER, IDC_CF_PASSWORD, IDC_CF_REMEMBER,
                              IDC_CF_DRIVE, IDOK,        IDCANCEL};
    static const LONG roles[] = {ROLE_SYSTEM_TEXT,        ROLE_SYSTEM_COMBOBOX, ROLE_SYSTEM_TEXT,
                                 ROLE_SYSTEM_CHECKBUTTON, ROLE_SYSTEM_COMBOBOX, ROLE_SYSTEM_PUSHBUTTON,
                                 ROLE_SYSTEM_PUSHBUTTON};
    begin_args a = {L"\\\\hka-fs01\\data"};
    HWND dlg, task;
    tt_on_ui(t, begin_on_ui, &a);
    dlg = wait_dialog(1);
    ok(dlg != NULL, "%s: the connect dialog did not open\n", where);
    if (!dlg)
        return;
    tt_check_clipping(dlg, where);
    tt_check_window_mnemonics(dlg, where);
    tt_check_tab_order(dlg, where);
    tt_check_labels(dlg, where);
    check_names(dlg, ids, roles, ARRAYSIZE(ids), where);
    photo(t, dlg, "connect", l->tag);

    /* An error in the message area fits too (a location that is none). */
    {
        char ewhere[128];
        snprintf(ewhere, sizeof(ewhere), "%s, error", where);
        SendMessageW(GetDlgItem(dlg, IDC_CF_PATH), WM_SETTEXT, 0, (LPARAM)L"\\\\hka-fs01\\data\\..\\..");
        PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)GetDlgItem(dlg, IDOK));
        ok(th_wait_for(message_shown, dlg, WAIT_MS), "%s: no error for a bad location\n", ewhere);
        tt_check_clipping(dlg, ewhere);
        photo(t, dlg, "connect_error", l->tag);
        SendMessageW(GetDlgItem(dlg, IDC_CF_PATH), WM_SETTEXT, 0, (LPARAM)L"\\\\hka-fs01\\data");
    }

    /* Someone else for a server held by IAI\bp: the conflict task dialog. */
    SendMessageW(GetDlgItem(dlg, IDC_CF_USER), WM_SETTEXT, 0, (LPARAM)L"IAI\\svc");
    SendMessageW(GetDlgItem(dlg, IDC_CF_PASSWORD), WM_SETTEXT, 0, (LPARAM)L"pw");
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)GetDlgItem(dlg, IDOK));
    task = wait_dialog(0);
    ok(task != NULL, "%s: the conflict dialog did not open\n", where);
    if (task) {
        char twhere[128];
        snprintf(twhere, sizeof(twhere), "%s, conflict", where);
        /* The task dialog lays out its own controls; what it shows are our strings. */
        tt_check_clipping(task, twhere);
        tt_check_window_mnemonics(task, twhere);
        photo(t, task, "conflict", l->tag);
        PostMessageW(task, WM_COMMAND, IDCANCEL, 0);
        ok(th_wait_for(window_gone, task, WAIT_MS), "%s: the conflict dialog did not close\n", where);
    }
    if (IsWindow(dlg)) {
        PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), (LPARAM)GetDlgItem(dlg, IDCANCEL));
        ok(th_wait_for(window_gone, dlg, WAIT_MS), "%s: the connect dialog did not close\n", where);
    }
}

typedef struct menu_search {
    HWND found;
} menu_search;

static int menu_open(void *ctx)
{
    menu_search *s = ctx;
    s->found = own_window(L"#32768", NULL, NULL);
    return s->found != NULL;
}

static int menu_closed(void *ctx)
{
    return !menu_open(ctx);
}

static void check_menu(tt_app *t, const tt_lang *l, char *where)
{
    menu_search s;
    HMENU menu;
    int i, n;
    PostMessageW(t->msg, WM_TRAY_ICON, MAKEWPARAM(200, 200), MAKELPARAM(WM_CONTEXTMENU, 1));
    ok(th_wait_for(menu_open, &s, WAIT_MS), "%s: the notification menu did not open\n", where);
    if (!s.found)
        return;
    menu = (HMENU)SendMessageW(s.found, MN_GETHMENU, 0, 0);
    tt_check_menu_mnemonics(menu, where);
    n = menu ? GetMenuItemCount(menu) : 0;
    for (i = 0; i < n; i++)
        if (GetSubMenu(menu, i))
            tt_check_menu_mnemonics(GetSubMenu(menu, i), where);
    if (screen_dpi == 144) {
        char name[64];
        WCHAR path[MAX_PATH];
        snprintf(name, sizeof(name), "a11y_menu_%s_144", l->tag);
        ok(th_screenshot(NULL, name, path, MAX_PATH) >= 3, "screenshot %s\n", name);
    }
    PostMessageW(t->msg, WM_CANCELMODE, 0, 0);
    ok(th_wait_for(menu_closed, &s, WAIT_MS), "%s: the menu did not close\n", where);
}

static void test_language(const tt_lang *l)
{
    tt_app t;
    backend *be = sandbox_from_file(serverfault_path);
    lang_args a = {l->id, 0};
    char where[64];
    snprintf(where, sizeof(where), "%s at %d DPI", l->tag, screen_dpi);
    th_push_context("%s", where);
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"a11y", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    tt_on_ui(&t, use_lang_on_ui, &a);
    ok(a.used, "the UI thread does not load %s strings\n", l->tag);
    if (a.used) {
        check_sessions(&t, l, where);
        check_connect(&t, l, where);
        check_menu(&t, l, where);
    }
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- keyboard only: one whole "connect as someone else" ---- */

static HWND ui_focus(tt_app *t)
{
    GUITHREADINFO gti;
    memset(&gti, 0, sizeof(gti));
    gti.cbSize = sizeof(gti);
    return GetGUIThreadInfo(t->tid, &gti) ? gti.hwndFocus : NULL;
}

/* A key press at the UI thread's focus, as the keyboard delivers it. */
static void press(tt_app *t, UINT vk)
{
    HWND f = ui_focus(t);
    PostMessageW(f ? f : t->msg, WM_KEYDOWN, vk, 1);
    PostMessageW(f ? f : t->msg, WM_KEYUP, vk, 0xC0000001);
}

static void type(tt_app *t, const WCHAR *text)
{
    HWND f = ui_focus(t);
    for (; *text; text++)
        PostMessageW(f, WM_CHAR, *text, 1);
}

/* Alt+key (a mnemonic). */
static void alt(tt_app *t, WCHAR key)
{
    HWND f = ui_focus(t);
    UINT vk = (UINT)towupper(key);
    PostMessageW(f, WM_SYSKEYDOWN, vk, 0x20000001);
    PostMessageW(f, WM_SYSCHAR, key, 0x20000001);
    PostMessageW(f, WM_SYSKEYUP, vk, 0xE0000001);
}

typedef struct focus_in {
    tt_app *t;
    HWND parent; /* the focus is parent or inside it */
    int id;      /* and, when not 0, the control id (or its parent's, for a combo box's edit) */
} focus_in;

static int focus_reached(void *ctx)
{
    focus_in *f = ctx;
    HWND h = ui_focus(f->t);
    if (!h || (h != f->parent && !IsChild(f->parent, h)))
        return 0;
    return !f->id || GetDlgCtrlID(h) == f->id || GetDlgCtrlID(GetParent(h)) == f->id;
}

static int wait_focus(tt_app *t, HWND parent, int id)
{
    focus_in f = {t, parent, id};
    return th_wait_for(focus_reached, &f, WAIT_MS);
}

typedef struct focus_change {
    tt_app *t;
    HWND from;
} focus_change;

static int focus_moved(void *ctx)
{
    focus_change *f = ctx;
    return ui_focus(f->t) != f->from;
}

static int sessions_visible(void *ctx)
{
    HWND *win = ctx;
    *win = FindWindowW(TRAY_WINDOW_CLASS, NULL);
    return *win && IsWindowVisible(*win);
}

static int enabled(void *ctx)
{
    return IsWindowEnabled((HWND)ctx);
}

static int connected_as(backend *be, const char *remote, const char *user)
{
    const model *m = sandbox_state(be);
    size_t i;
    for (i = 0; m && i < m->use_count; i++)
        if (!_stricmp(m->uses[i].remote, remote) && m->uses[i].user && !_stricmp(m->uses[i].user, user))
            return 1;
    return 0;
}

typedef struct state_wait {
    backend *be;
} state_wait;

static int svc_connected(void *ctx)
{
    return connected_as(((state_wait *)ctx)->be, "\\\\hka-fs01\\data", "IAI\\svc");
}

static void test_keyboard_walk(const tt_lang *l)
{
    tt_app t;
    backend *be = sandbox_from_file(serverfault_path);
    lang_args a = {l->id, 0};
    menu_search ms;
    HWND win = NULL, list, dlg, task;
    WCHAR text[512];
    state_wait sw;
    char where[64];
    snprintf(where, sizeof(where), "keyboard walk, %s", l->tag);
    th_push_context("%s", where);
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"a11y-keys", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    sw.be = be;
    tt_on_ui(&t, use_lang_on_ui, &a);
    /* 1. The notification menu from the keyboard (Shift+F10 on the icon sends WM_CONTEXTMENU). */
    PostMessageW(t.msg, WM_TRAY_ICON, MAKEWPARAM(200, 200), MAKELPARAM(WM_CONTEXTMENU, 1));
    ok(th_wait_for(menu_open, &ms, WAIT_MS), "the menu did not open\n");
    /* 2. Its "Sessions…" item by its mnemonic. */
    tt_string_in(IDS_MENU_SESSIONS, l->id, text, ARRAYSIZE(text));
    PostMessageW(ui_focus(&t) ? ui_focus(&t) : t.msg, WM_CHAR, tt_mnemonic(text), 1);
    ok(th_wait_for(menu_closed, &ms, WAIT_MS), "the menu did not close on its mnemonic\n");
    ok(th_wait_for(sessions_visible, &win, WAIT_MS), "the sessions window did not open\n");
    ok(win && wait_focus(&t, win, TRAY_IDC_LIST), "the sessions window has no focus in its list\n");
    if (!win)
        goto done;
    list = tt_control(win, TRAY_IDC_LIST);
    /* 3. The first server with Home, then "Connect as someone else…" by its mnemonic. */
    press(&t, VK_HOME);
    press(&t, VK_SPACE);
    ok(th_wait_for(enabled, tt_control(win, TRAY_IDC_CONNECT), WAIT_MS), "Home did not select a server\n");
    tt_string_in(IDS_BTN_CONNECT, l->id, text, ARRAYSIZE(text));
    alt(&t, tt_mnemonic(text));
    dlg = wait_dialog(1);
    ok(dlg != NULL, "Alt+%lc did not open the connect dialog\n", tt_mnemonic(text));
    if (!dlg)
        goto done;
    ok(!wcscmp(tt_text(GetDlgItem(dlg, IDC_CF_PATH), text, ARRAYSIZE(text)), L"\\\\hka-fs01"),
       "the dialog is for %ls\n", text);
    /* 4. The user name has the focus; Tab to the password; Enter connects. */
    ok(wait_focus(&t, dlg, IDC_CF_USER), "the user name does not have the focus\n");
    type(&t, L"IAI\\svc");
    press(&t, VK_TAB);
    ok(wait_focus(&t, dlg, IDC_CF_PASSWORD), "Tab did not reach the password\n");
    type(&t, L"pw");
    /* The path of a bare server signs in through IPC$; the share is what the walk wants. */
    tt_string_in(IDS_CF_LABEL_PATH, l->id, text, ARRAYSIZE(text));
    alt(&t, tt_mnemonic(text));
    ok(wait_focus(&t, dlg, IDC_CF_PATH), "Alt+%lc did not reach the location\n", tt_mnemonic(text));
    press(&t, VK_END);
    type(&t, L"\\data");
    press(&t, VK_RETURN);
    /* 5. The conflict task dialog: its first choice (disconnect and continue) with the keyboard. */
    task = wait_dialog(0);
    ok(task != NULL, "Enter did not lead to the conflict dialog\n");
    if (!task)
        goto done;
    ok(wait_focus(&t, task, 0), "the conflict dialog has no focus\n");
    {
        /* Its default is the harmless Cancel; Tab leads to "Disconnect those 3 connections…". */
        WCHAR want[256], *cut;
        int tabs;
        tt_string_in(IDS_CF_BTN_DISCONNECT_N, l->id, want, ARRAYSIZE(want));
        cut = wcschr(want, L'%');
        if (cut)
            *cut = 0;
        for (tabs = 0; tabs < 12; tabs++) {
            HWND before = ui_focus(&t);
            if (tt_contains(tt_text(before, text, ARRAYSIZE(text)), want))
                break;
            press(&t, VK_TAB);
            th_wait_for(focus_moved, &(focus_change){&t, before}, WAIT_MS);
        }
        ok(tt_contains(text, want), "Tab never reached \"%ls\" (focus on \"%ls\")\n", want, text);
    }
    press(&t, VK_SPACE);
    ok(th_wait_for(svc_connected, &sw, WAIT_MS),
       "the keyboard walk did not connect \\\\hka-fs01\\data as IAI\\svc "
       "(focus was on \"%ls\")\n",
       text);
    /* 6. Back in the sessions window, where the focus was; Esc closes it. */
    ok(th_wait_for(window_gone, dlg, WAIT_MS), "the connect dialog stays open\n");
    ok(wait_focus(&t, win, 0), "the focus did not return to the sessions window\n");
    press(&t, VK_ESCAPE);
    ok(th_wait_for(window_gone, win, WAIT_MS), "Esc did not close the sessions window\n");
    (void)list;
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

/* ---- high contrast ---- */

typedef struct ctl_colours {
    COLORREF text, back;
    int answered;
} ctl_colours;

/* The colours the window's WM_CTLCOLORSTATIC gives control (as when it paints). */
static ctl_colours colours_of(HWND parent, HWND control)
{
    ctl_colours c;
    HDC dc = CreateCompatibleDC(NULL);
    SetTextColor(dc, RGB(1, 2, 3));
    SetBkColor(dc, RGB(4, 5, 6));
    c.answered = SendMessageW(parent, WM_CTLCOLORSTATIC, (WPARAM)dc, (LPARAM)control) != 0;
    c.text = GetTextColor(dc);
    c.back = GetBkColor(dc);
    DeleteDC(dc);
    return c;
}

static int set_high_contrast(int on)
{
    HIGHCONTRASTW hc;
    BOOL done;
    memset(&hc, 0, sizeof(hc));
    hc.cbSize = sizeof(hc);
    hc.dwFlags = on ? HCF_HIGHCONTRASTON : 0;
    done = SystemParametersInfoW(SPI_SETHIGHCONTRAST, sizeof(hc), &hc, SPIF_SENDCHANGE);
    if (!done && th_on_wine()) {
        /* Wine 8 sets it without SPIF_SENDCHANGE (error 1439 with it); tell the windows ourselves. */
        todo_wine ok(done, "SPI_SETHIGHCONTRAST with SPIF_SENDCHANGE: %lu\n", GetLastError());
        done = SystemParametersInfoW(SPI_SETHIGHCONTRAST, sizeof(hc), &hc, 0);
        if (done)
            SendMessageTimeoutW(HWND_BROADCAST, WM_SETTINGCHANGE, SPI_SETHIGHCONTRAST, 0, SMTO_ABORTIFHUNG,
                                5000, NULL);
    }
    return done;
}

/* The connect dialog's error: dark red, or the theme's text colour in high contrast; announced. */
static void check_dialog_colours(tt_app *t, int high_contrast)
{
    begin_args a = {L"\\\\hka-fs01\\data"};
    HWND dlg, message;
    HWINEVENTHOOK hook;
    ctl_colours c;
    tt_on_ui(t, begin_on_ui, &a);
    dlg = wait_dialog(1);
    ok(dlg != NULL, "the connect dialog did not open\n");
    if (!dlg)
        return;
    message = GetDlgItem(dlg, IDC_CF_MESSAGE);
    events_seen = 0;
    event_target = message;
    hook = SetWinEventHook(EVENT_OBJECT_NAMECHANGE, EVENT_OBJECT_LIVEREGIONCHANGED, NULL, on_event, 0, 0,
                           WINEVENT_OUTOFCONTEXT);
    SendMessageW(GetDlgItem(dlg, IDC_CF_PATH), WM_SETTEXT, 0, (LPARAM)L"not a location");
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)GetDlgItem(dlg, IDOK));
    ok(th_wait_for(message_shown, dlg, WAIT_MS), "no error for a bad location\n");
    ok(th_wait_for(both_events, NULL, WAIT_MS), "the error was not announced (events %ld)\n", events_seen);
    if (hook)
        UnhookWinEvent(hook);
    c = colours_of(dlg, message);
    if (high_contrast)
        ok(c.answered && c.text == GetSysColor(COLOR_BTNTEXT),
           "the error in high contrast: %06lx, want the system's %06lx\n", (unsigned long)c.text,
           (unsigned long)GetSysColor(COLOR_BTNTEXT));
    else
        ok(c.answered && c.text == RGB(0xA0, 0x10, 0x10), "the error's colour: %06lx\n",
           (unsigned long)c.text);
    if (high_contrast && screen_dpi == 144) {
        WCHAR path[MAX_PATH];
        tt_on_ui(t, paint_on_ui, dlg);
        ok(th_screenshot(dlg, "a11y_connect_highcontrast_144", path, MAX_PATH) >= 4, "screenshot\n");
    }
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), (LPARAM)GetDlgItem(dlg, IDCANCEL));
    ok(th_wait_for(window_gone, dlg, WAIT_MS), "the connect dialog did not close\n");
}

static void test_high_contrast(void)
{
    tt_app t;
    backend *be = sandbox_from_file(serverfault_path);
    HWND win, banner;
    ctl_colours c;
    int forced = 0;
    th_push_context("high contrast at %d DPI", screen_dpi);
    if (!be || !tt_app_start(&t, be, 1, L"serverfault", L"a11y-hc", 3600000)) {
        ok(0, "the app did not start\n");
        th_pop_context();
        return;
    }
    win = tt_show_window(&t, WAIT_MS);
    banner = win ? tt_control(win, TRAY_IDC_BANNER) : NULL;
    ok(banner != NULL, "no sandbox banner\n");
    if (!banner)
        goto done;
    c = colours_of(win, banner);
    ok(c.answered && c.back == RGB(0xFF, 0xD8, 0x6B) && c.text == RGB(0x3A, 0x2A, 0x00),
       "banner colours without high contrast: %06lx on %06lx\n", (unsigned long)c.text,
       (unsigned long)c.back);
    if (!set_high_contrast(1)) {
        if (!th_on_wine()) {
            skip("SPI_SETHIGHCONTRAST is not available (%lu)\n", GetLastError());
            goto done;
        }
        /* Wine 8 cannot switch it (SET fails, GET always answers off): force the tray's reading and
         * send the notification Windows would. */
        forced = 1;
        tray_colors_override(1);
        SendMessageW(win, WM_SETTINGCHANGE, SPI_SETHIGHCONTRAST, 0);
    }
    c = colours_of(win, banner);
    ok(c.answered && c.back == GetSysColor(COLOR_INFOBK) && c.text == GetSysColor(COLOR_INFOTEXT),
       "banner colours in high contrast: %06lx on %06lx, want the system's %06lx on %06lx\n",
       (unsigned long)c.text, (unsigned long)c.back, (unsigned long)GetSysColor(COLOR_INFOTEXT),
       (unsigned long)GetSysColor(COLOR_INFOBK));
    if (screen_dpi == 144) {
        WCHAR path[MAX_PATH];
        tt_on_ui(&t, paint_on_ui, win);
        ok(th_screenshot(win, "a11y_sessions_highcontrast_144", path, MAX_PATH) >= 4, "screenshot\n");
    }
    check_dialog_colours(&t, 1);
    if (forced) {
        tray_colors_override(-1);
        SendMessageW(win, WM_SETTINGCHANGE, SPI_SETHIGHCONTRAST, 0);
    } else {
        set_high_contrast(0);
    }
    c = colours_of(win, banner);
    ok(c.back == RGB(0xFF, 0xD8, 0x6B), "the banner's colour after high contrast is off: %06lx\n",
       (unsigned long)c.back);
    check_dialog_colours(&t, 0);
done:
    ok(tt_app_stop(&t), "the app did not exit\n");
    th_pop_context();
}

int main(int argc, char **argv)
{
    HDC dc;
    int i;
    th_init(argc, argv);
    serverfault_path = argc > 1 ? argv[1] : "serverfault-773082.scenario";
    dc = GetDC(NULL);
    screen_dpi = dc ? GetDeviceCaps(dc, LOGPIXELSY) : 96;
    if (dc)
        ReleaseDC(NULL, dc);
    printf("screen: %d DPI\n", screen_dpi);
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    test_pseudo_table();
    test_join();
    test_library();
    test_mnemonics_in_tables();
    for (i = 0; i < TT_LANG_COUNT; i++)
        test_language(&tt_langs[i]);
    test_high_contrast();
    for (i = 0; i < TT_LANG_COUNT; i++)
        test_keyboard_walk(&tt_langs[i]);
    CoUninitialize();
    return th_finish();
}
