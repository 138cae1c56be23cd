/* Screen-reader support for the tray's windows: live-region announcements and spoken list rows. */
#ifndef CONNECTAS_TRAY_A11Y_H
#define CONNECTAS_TRAY_A11Y_H

#include <windows.h>

/*
 * Call only on the thread that owns the windows. Where MSAA annotation is
 * available (oleacc's AccPropServices, created through ole32 only when a
 * window first needs it) the tray uses it; where it is not (Wine 8), the
 * events are still raised and the names still come from the windows' text.
 */

/* Says that control's text changed and should be read out without moving the focus:
 * marks it once as a polite live region and raises EVENT_OBJECT_LIVEREGIONCHANGED and
 * EVENT_OBJECT_NAMECHANGE for it. */
void tray_a11y_announce(HWND control);

/* The spoken text of one list row: the non-empty cols[0…n-1] joined by sep
 * ("server, user, drive, path, status"). malloc'd; NULL when out of memory. */
WCHAR *tray_a11y_join(const WCHAR *const *cols, int n, const WCHAR *sep);

/* Gives the rows of list (a report list view) the accessible name fn(ctx, item)
 * (a malloc'd string, freed here) through an MSAA annotation server, so a
 * screen reader reads a row as a whole. Returns 1 when the annotation is in
 * place, 0 when the system has none (the rows then read as their first
 * column). tray_a11y_unname_rows removes it (before list is destroyed). */
typedef WCHAR *(*tray_a11y_row_fn)(void *ctx, int item);
int tray_a11y_name_rows(HWND list, tray_a11y_row_fn fn, void *ctx);
void tray_a11y_unname_rows(HWND list);

#endif
