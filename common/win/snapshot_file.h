/* Saving a support snapshot to a file on Windows (the tray's "Save state for support…", connectas snapshot
 * --out). */
#ifndef CONNECTAS_SNAPSHOT_FILE_H
#define CONNECTAS_SNAPSHOT_FILE_H

#include <windows.h>

#include "snapshot.h"

/* Writes data to path (created or replaced) completely, or removes what was
 * begun. 0 on success, else the Windows error code. */
DWORD win_write_whole_file(const WCHAR *path, const char *data, size_t len);

/* Writes the snapshot of m (snapshot_write: comments with this computer's
 * name — left out with SNAPSHOT_REDACT —, the Windows version and elevation,
 * the time; then the records) to path. version is ConnectAs's version.
 * *left_out (may be NULL) counts records the format could not hold. On a
 * Windows failure err->code holds the code. Nothing is written on failure. */
ca_status win_save_snapshot(const model *m, const WCHAR *path, unsigned flags, const char *version,
                            size_t *left_out, ca_error *err);

#endif
