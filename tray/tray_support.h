/* "Save state for support…" (tray_support.c): the support snapshot, saved where the user chooses. */
#ifndef CONNECTAS_TRAY_SUPPORT_H
#define CONNECTAS_TRAY_SUPPORT_H

#include "tray_host.h"

typedef struct tray_support tray_support;

tray_support *tray_support_create(tray_host *host);
void tray_support_free(tray_support *s);
/* Tests answer the save dialog (tray.h); NULL: the standard save dialog. */
void tray_support_set_picker(tray_support *s, tray_save_pick_fn fn, void *ctx);
/* Asks where to save (redacted unless "Keep the real names" is ticked), then takes a fresh snapshot
 * and writes it on the worker with the core's writer (win_save_snapshot → snapshot_write, as
 * `connectas snapshot` does), reports the result and selects the file in Explorer (folders only:
 * tray_host_open, never a file's own handler). */
void tray_support_save(tray_support *s);

#endif
