/* The win32 backend: the real machine's connections, credentials and DFS targets behind backend.h. */
#ifndef CONNECTAS_WIN32_BACKEND_H
#define CONNECTAS_WIN32_BACKEND_H

#include "backend.h"

/* win32_backend_create flags */
#define WIN32_BACKEND_NO_NETAPI 0x1u  /* skip NetUseEnum: read uses through WNet only (tests) */
#define WIN32_BACKEND_NO_RESOLVE 0x2u /* do not resolve server names to group names of one machine */

/* Creates the backend. Snapshot reads, in order: the logon user and elevation;
 * uses from NetUseEnum level 2, or — when it is missing or answers
 * ERROR_NOT_SUPPORTED — from WNetOpenEnumW(RESOURCE_CONNECTED) with
 * WNetGetUserW (then model->source is "WNet" and users_unknown says whether
 * user names could be told apart); remembered drives from HKCU\Network that
 * are not connected (status unavailable); saved credentials from
 * CredEnumerateW (domain-password and generic; never the secret); DFS active
 * targets through NetDfsGetClientInfo when the DLL exports it; and groups of
 * names sharing an address (each name resolved once per backend, on a worker
 * thread, at most resolve_timeout_ms in all). May block on the network: never
 * call it on a UI thread. */
ca_status win32_backend_create(unsigned flags, backend **out, ca_error *err);

/* Sets the total time name resolution may take per snapshot (default 700 ms). */
void win32_backend_set_resolve_timeout(backend *be, unsigned ms);

/* The source the last snapshot used: "NetUseEnum" or "WNet" ("" before one). */
const char *win32_backend_source(backend *be);

#endif
