/* Small tray features reached from the app: support report (tray_report.c), Start with Windows
 * (tray_autostart.c). */
#ifndef CONNECTAS_TRAY_FEATURES_H
#define CONNECTAS_TRAY_FEATURES_H

#include "strbuf.h"
#include "tray_host.h"

/* The support report for state (English like `connectas report`, never a password) into sb. */
void tray_report_build(strbuf *sb, const tray_state *st);
/* Copies sb to the clipboard (owned by clip_owner) and reports the outcome through host. */
void tray_report_copy(tray_host *host, HWND clip_owner, const strbuf *sb);

/* Turns "Start with Windows" on or off (never in the sandbox) and reports it through host.
 * tray_autostart_enabled and tray_autostart_set are in tray.h. */
void tray_autostart_toggle(tray_host *host);

#endif
