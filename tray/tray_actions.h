/* Sessions actions (tray_actions.c): disconnect, force with consent, forget exactly named credentials, open.
 */
#ifndef CONNECTAS_TRAY_ACTIONS_H
#define CONNECTAS_TRAY_ACTIONS_H

#include "tray_host.h"

typedef struct tray_actions tray_actions;

tray_actions *tray_actions_create(tray_host *host);
void tray_actions_free(tray_actions *a);
/* Runs a per-server action (TRAY_SLOT_DISCONNECT, _FORGET or _OPEN) for server: disconnect without
 * force first, then a question naming the busy uses before forcing; forget asks once, listing exactly
 * the credentials it deletes; results go to the status bar and a balloon (tray_host_report). */
void tray_actions_run(tray_actions *a, const char *server, int action);

#endif
