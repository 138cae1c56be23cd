/* The backend seam: one small vtable that every front end talks to (win32 or sandbox). */
#ifndef CONNECTAS_CORE_BACKEND_H
#define CONNECTAS_CORE_BACKEND_H

#include "model.h"
#include "status.h"

typedef struct backend backend;

/* A connection request. The password belongs to the caller, who wipes it after
 * the call; a backend never copies it anywhere that outlives the call. */
typedef struct backend_connect {
    const char *remote;   /* \\server\share */
    const char *local;    /* NULL: no drive; "*": next free letter; "X:": that letter */
    const char *user;     /* NULL: default credentials */
    const char *password; /* NULL unless user is given; may be "" */
    int remember;         /* make the drive persistent (CONNECT_UPDATE_PROFILE) */
    int save_credential;  /* save a domain credential for the server (Remember my credentials) */
} backend_connect;

typedef struct backend_vtable {
    const char *name; /* "win32", "sandbox" */
    /* Reads the current state into a new model (caller frees with model_free). */
    ca_status (*snapshot)(backend *be, model **out, ca_error *err);
    /* Connects. On success fills assigned (may be NULL) with the drive letter used,
     * "" when none. A Windows failure is reported with err->code set (1219, 86, …). */
    ca_status (*connect)(backend *be, const backend_connect *req, char assigned[4], ca_error *err);
    /* Cancels one use, named by local device ("O:") or remote ("\\srv\share").
     * force=0 fails with CA_ERR_BUSY and code 2401/2404 when files are open.
     * forget=1 also removes a remembered drive letter from the profile. */
    ca_status (*disconnect)(backend *be, const char *name, int force, int forget, ca_error *err);
    /* Deletes one saved credential by target as Credential Manager spells it. */
    ca_status (*forget)(backend *be, const char *raw_target, model_cred_type type, ca_error *err);
    void (*destroy)(backend *be);
} backend_vtable;

/* Every implementation's struct starts with this member (container_of style). */
struct backend {
    const backend_vtable *vt;
};

static inline ca_status backend_snapshot(backend *be, model **out, ca_error *err)
{
    return be->vt->snapshot(be, out, err);
}
static inline ca_status backend_connect_to(backend *be, const backend_connect *req, char assigned[4],
                                           ca_error *err)
{
    return be->vt->connect(be, req, assigned, err);
}
static inline ca_status backend_disconnect(backend *be, const char *name, int force, int forget,
                                           ca_error *err)
{
    return be->vt->disconnect(be, name, force, forget, err);
}
static inline ca_status backend_forget(backend *be, const char *raw_target, model_cred_type type,
                                       ca_error *err)
{
    return be->vt->forget(be, raw_target, type, err);
}
static inline void backend_free(backend *be)
{
    if (be)
        be->vt->destroy(be);
}

#define CA_CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#endif
