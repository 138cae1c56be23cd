/* Conversion of NetUseEnum's USE_INFO_2 arrays into model uses (kept apart to test it with crafted arrays).
 */
#ifndef CONNECTAS_USECVT_H
#define CONNECTAS_USECVT_H

#include <windows.h>
#include <lm.h>

#include "model.h"

/* Adds count entries of arr to m. A user equal to the logon user (m->logon_user,
 * compared ignoring case, with or without its domain) is recorded as default
 * credentials, since NetUseEnum names the logon user for default connections.
 * NULL or empty strings are accepted anywhere. Entries without a usable remote
 * name are skipped and counted in *skipped (may be NULL). Fails only on
 * allocation failure. */
ca_status usecvt_add_use_info2(model *m, const USE_INFO_2 *arr, DWORD count, DWORD *skipped, ca_error *err);

/* Maps a USE_INFO_2 ui2_status value to the model's status. */
model_use_status usecvt_status(DWORD status);

#endif
