/* A support snapshot: a model (optionally redacted) as a scenario file with comments on its origin. */
#ifndef CONNECTAS_CORE_SNAPSHOT_H
#define CONNECTAS_CORE_SNAPSHOT_H

#include <stddef.h>

#include "model.h"
#include "strbuf.h"

/* Where the state came from, for the comment lines. Every field may be NULL/0. */
typedef struct snapshot_info {
    const char *version;       /* ConnectAs version */
    long long taken;           /* seconds since 1970 UTC; 0 = unknown */
    const char *machine;       /* computer name (left out when redacting) */
    const char *system;        /* system facts, one per line ("System: Windows 10.0 build …\n…") */
    const char *from_scenario; /* the scenario file it was read from instead of a machine (named only
                                  when not redacting) */
} snapshot_info;

#define SNAPSHOT_REDACT 0x1u /* replace every name with its pseudonym (redact.h) */

/* Appends the snapshot of m to out: comment lines (what it is, when, by which
 * version, on which machine and system, where each part of a live state comes
 * from, what could not be read, that it is redacted, how to open it), then the
 * records (scenario_write, lenient: a record the format cannot hold is left
 * out with a comment, counted in *left_out, which may be NULL). Used by
 * `connectas snapshot` and the tray's "Save state for support…". */
ca_status snapshot_write(const model *m, const snapshot_info *info, unsigned flags, strbuf *out,
                         size_t *left_out, ca_error *err);

#endif
