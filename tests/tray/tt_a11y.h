/* Accessibility checks for tray tests: UI languages, clipped text, mnemonics, MSAA names and roles. */
#ifndef CONNECTAS_TT_A11Y_H
#define CONNECTAS_TT_A11Y_H

#include <windows.h>
#include <oleacc.h>

/* The languages the tray ships: English, Dutch, German and the pseudo-locale the build makes
 * (qps-ploc, LCID 0x0501: every English string ~40 % longer, accented, in brackets). */
#define TT_LANG_PSEUDO MAKELANGID(0x101, 1)
typedef struct tt_lang {
    LANGID id;
    const char *tag; /* "en", "nl", "de", "pseudo" (screenshot names) */
} tt_lang;
#define TT_LANG_COUNT 4
extern const tt_lang tt_langs[TT_LANG_COUNT];

/* Makes string tables and dialogs loaded on the calling thread come in lang
 * (SetThreadUILanguage for Windows, the thread locale for Wine's resource
 * loader). Returns 1 when LoadStringW now gives lang's text for probe_id,
 * 0 when the system ignores the choice. */
int tt_lang_use(LANGID lang, UINT probe_id);

/* ---- clipped text ---- */

/*
 * Measures the text of every visible child of win (and of the list view's
 * header and cells, the status bar's first part, a combo box's items) with
 * the control's own font (WM_GETFONT) and its drawing rules (DrawTextW with
 * DT_CALCRECT: word wrap, prefix, single line, ellipsis), against the room the
 * control gives it. Also reports controls that stick out of win's client area
 * or overlap a sibling. Every problem is an ok() failure naming where, the
 * control and both sizes; returns the number of problems.
 */
int tt_check_clipping(HWND win, const char *where);

/* The room (in pixels) text of control needs and has; used by tt_check_clipping,
 * exposed for tests of the measurement itself. Returns 0 when the control has
 * no text to measure, else 1 with *need and *have filled (cx, cy). */
int tt_text_fit(HWND control, SIZE *need, SIZE *have);

/* ---- mnemonics ---- */

/* The mnemonic of text (the letter after a single &, lower-cased), 0 when none. */
WCHAR tt_mnemonic(const WCHAR *text);
/* Checks that texts[0…n-1] have no mnemonic twice (ok() failures naming both
 * texts); returns the number of duplicates. */
int tt_check_mnemonics(const WCHAR *const *texts, int n, const char *where);
/* The same for the visible, enabled children of win that take a mnemonic
 * (labels, buttons, check boxes). */
int tt_check_window_mnemonics(HWND win, const char *where);
/* The same for the items of menu (not its submenus). */
int tt_check_menu_mnemonics(HMENU menu, const char *where);

/* ---- reading order ---- */

/* Checks that Tab visits win's controls in reading order (rows top to bottom,
 * left to right within a row) and comes back to the first; returns the number
 * of problems (ok() failures). */
int tt_check_tab_order(HWND win, const char *where);
/* Checks that every visible edit, combo box and list view of win has a label
 * (a static with text) right before it in z-order, which is where Windows
 * takes its accessible name from; returns the number of problems. */
int tt_check_labels(HWND win, const char *where);

/* ---- MSAA (oleacc) ---- */

/* The accessible object of hwnd's client area (OBJID_CLIENT), or NULL. The IID is spelled out:
 * MinGW's import library's IID_IAccessible does not match under Wine. */
IAccessible *tt_acc_of(HWND hwnd);
/* Name and role of child (CHILDID_SELF for the object itself). Returns 1 when
 * both were read; name is "" when there is none. */
int tt_acc_name_role(IAccessible *acc, LONG child, WCHAR *name, int len, LONG *role);

#endif
