/* Opening a location in Explorer (tray_open.c): folders only, never running what the path names. */
#ifndef CONNECTAS_TRAY_OPEN_H
#define CONNECTAS_TRAY_OPEN_H

#include "tray_internal.h"

/*
 * "Connect as…" can be chosen on a file (the shell extension is registered
 * for `*`), and the path a second instance forwards is anyone's text, so
 * opening never hands the path to a file's own handler: a folder (a share,
 * a drive root, a directory, a bare \\server) opens as a folder; anything
 * else opens its parent folder with the item selected
 * (SHOpenFolderAndSelectItems). A .exe, .bat, .lnk, .js, .hta or a name
 * with trailing dots is shown, never run.
 */

/* Opens path as described, on the calling thread (it may wait on the network).
 * Returns S_OK or the failure; nothing is run either way. */
HRESULT tray_open_location(const WCHAR *path);
/* The same on a thread of its own; a failure is put into inbox as a
 * TRAY_IN_NOTICE text (IDS_RESULT_OPEN_FAILED). */
void tray_open_start(tray_inbox *inbox, const WCHAR *path);

#endif
