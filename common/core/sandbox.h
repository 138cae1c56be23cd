/* The sandbox backend: a redirector simulator over a model (training, --scenario, tests). */
#ifndef CONNECTAS_CORE_SANDBOX_H
#define CONNECTAS_CORE_SANDBOX_H

#include "backend.h"

/* Creates a sandbox backend that owns `state` from then on (freed with the
 * backend; on failure it stays the caller's). The sandbox never reads,
 * compares or keeps passwords: sign-in always succeeds.
 *
 * connect: the local device is checked first: a connected one fails with 85,
 *   one remembered for another share with 1202 (both CA_ERR_INVALID); "*"
 *   takes the highest free letter from Z: down to D: (1248, CA_ERR_LIMIT, when
 *   none is free); "X:\" means "X:". Then the predictor's rules: a conflict
 *   fails with CA_ERR_CONFLICT and code 1219. A malformed remote is 67, a
 *   malformed user name 2202. On success the use is added with status ok and
 *   no open files; a remembered drive for the same share reconnects; a second
 *   drive-less connection to the same path only raises its use count;
 *   save_credential stores a domain credential (target = server name, user)
 *   in place of an existing one; `remember` is accepted and not modelled.
 * disconnect: a local device cancels that use; a remote name cancels every
 *   connected use of it without a local device (as WNetCancelConnection2).
 *   Open files fail with CA_ERR_BUSY and 2401 unless force; nothing matching
 *   is CA_ERR_NOT_FOUND with 2250. A remembered (unavailable) drive is removed
 *   only with forget=1, otherwise 2250.
 * forget: removes the credential of that type whose raw or normalised target
 *   matches (ignoring case); CA_ERR_NOT_FOUND with 1168 otherwise.
 * snapshot: a deep copy of the state. */
ca_status sandbox_create(model *state, backend **out, ca_error *err);

/* The sandbox's live state (for tests and the tray's sandbox marker). */
const model *sandbox_state(backend *be);

/* Counts of calls made to the sandbox, for tests. */
typedef struct sandbox_counters {
    unsigned snapshots, connects, disconnects, forgets;
} sandbox_counters;
sandbox_counters sandbox_get_counters(backend *be);

#endif
