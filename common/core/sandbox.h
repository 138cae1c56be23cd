/* The sandbox backend: a redirector simulator over a model (training, --scenario, tests). */
#ifndef CONNECTAS_CORE_SANDBOX_H
#define CONNECTAS_CORE_SANDBOX_H

#include "backend.h"

/* Creates a sandbox backend that owns `state` (freed with the backend). Its
 * connect applies the same rules as the predictor and fails with code 1219 on
 * a conflict, 85 when the drive letter is taken, 67 for a share named in
 * sandbox_fail_share, 86 for a password equal to "wrong" is NOT simulated
 * (passwords are not inspected). Disconnect honours open files (2401 without
 * force), 2250 when nothing matches. Forget removes the credential, 1168
 * (not found) otherwise. snapshot returns a clone of the state. */
ca_status sandbox_create(model *state, backend **out, ca_error *err);

/* The sandbox's live state (for tests and the tray's sandbox marker). */
const model *sandbox_state(backend *be);

/* Counts of calls made to the sandbox, for tests. */
typedef struct sandbox_counters {
    unsigned snapshots, connects, disconnects, forgets;
} sandbox_counters;
sandbox_counters sandbox_get_counters(backend *be);

#endif
