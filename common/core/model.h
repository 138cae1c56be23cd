/* The session model: uses, saved credentials, DFS targets and host names of one logon session. */
#ifndef CONNECTAS_CORE_MODEL_H
#define CONNECTAS_CORE_MODEL_H

#include <stddef.h>

#include "status.h"
#include "unc.h"

/* Status of one use, covering NetUseEnum's values and remembered drives. */
typedef enum model_use_status {
    USE_STATUS_OK,           /* connected */
    USE_STATUS_PAUSED,       /* USE_PAUSED */
    USE_STATUS_DISCONNECTED, /* USE_SESSLOST: the session was lost, reconnects when touched */
    USE_STATUS_ERROR,        /* USE_NETERR */
    USE_STATUS_CONNECTING,   /* USE_CONN */
    USE_STATUS_RECONNECTING, /* USE_RECONN */
    USE_STATUS_UNAVAILABLE,  /* remembered but not connected: holds no slot now (R5) */
} model_use_status;

typedef enum model_use_kind {
    USE_KIND_DRIVE,     /* local is "X:" */
    USE_KIND_PRINTER,   /* local is "LPTn:" / "COMn:" / "PRN" */
    USE_KIND_DRIVELESS, /* no local device, share is not IPC$ */
    USE_KIND_IPC,       /* no local device, share is IPC$ */
} model_use_kind;

/* One use, as `net use` lists it. Strings are UTF-8 and owned by the model. */
typedef struct model_use {
    char *local;  /* "O:", "LPT1:" (upper case) or NULL for none */
    char *remote; /* "\\server\share[\path]" normalised to backslashes */
    char *server; /* server name as typed in remote */
    char *share;  /* share name */
    char *user;   /* explicit user, NULL when made with default credentials */
    model_use_status status;
    model_use_kind kind;
    int open_files; /* open files and directories on it; -1 when unknown */
    int use_count;  /* ui2_usecount; -1 when unknown */
} model_use;

typedef enum model_cred_type {
    CRED_KIND_DOMAIN,  /* CRED_TYPE_DOMAIN_PASSWORD: used by SMB (R4) */
    CRED_KIND_GENERIC, /* CRED_TYPE_GENERIC: never used by SMB */
} model_cred_type;

/* A saved credential (never its secret). */
typedef struct model_cred {
    char *target;     /* normalised: "fs01", "*.corp.example", "CORP\*", "*Session", "*"
                         ("Domain:target=" and similar prefixes stripped) */
    char *raw_target; /* as Credential Manager shows it */
    char *user;
    model_cred_type type;
} model_cred;

/* The active target of a DFS namespace path (R5). */
typedef struct model_dfs {
    char *path;   /* \\domain\namespace[\link] */
    char *target; /* \\server\share[\path] */
} model_dfs;

/* Names that reach one machine (NetBIOS, FQDN, addresses): explanations and aliases only. */
typedef struct model_host {
    char **names;
    size_t count;
} model_host;

/* The network state of one logon session. Create with model_create, free with
 * model_free. Arrays grow through the model_add_* functions only. */
typedef struct model {
    char *logon_user; /* interactive user ("IAI\bp"); NULL until set */
    model_use *uses;
    size_t use_count;
    model_cred *creds;
    size_t cred_count;
    model_dfs *dfs;
    size_t dfs_count;
    model_host *hosts;
    size_t host_count;
    int elevated;      /* 1 elevated token, 0 not, -1 unknown (R1) */
    char source[32];   /* where the data came from: "scenario", "NetUseEnum", "WNet" */
    int users_unknown; /* 1 when user names of uses could not be read */
    int skipped_uses;  /* uses the data source listed that could not be understood (names it could not parse)
                        */
    size_t use_cap, cred_cap, dfs_cap, host_cap;
} model;

model *model_create(void);
void model_free(model *m);

ca_status model_set_logon(model *m, const char *user, ca_error *err);

/* Adds a use. remote is parsed with unc_parse(UNC_NEED_SHARE); local must be
 * NULL/"" /"-" (none), a drive "X:" or a printer port; user NULL or "" means
 * default credentials. open_files/use_count may be -1 (unknown). Rejects a
 * second use of the same local device. */
ca_status model_add_use(model *m, const char *local, const char *remote, const char *user,
                        model_use_status status, int open_files, int use_count, ca_error *err);
/* Removes uses[index], keeping the order of the others. */
void model_remove_use(model *m, size_t index);

/* Adds a saved credential; target in any Credential Manager spelling. */
ca_status model_add_cred(model *m, const char *target, const char *user, model_cred_type type, ca_error *err);
void model_remove_cred(model *m, size_t index);

ca_status model_add_dfs(model *m, const char *path, const char *target, ca_error *err);
/* Adds one host group; a name already in another group merges the groups. */
ca_status model_add_host(model *m, const char *const *names, size_t count, ca_error *err);

/* Deep copy (for simulations). NULL on allocation failure. */
model *model_clone(const model *m);

/* Index of the use whose local device is `local` (case-insensitive), or -1. */
long model_find_local(const model *m, const char *local);

/* Resolves a path for prediction: a UNC path as unc_parse accepts it, or a
 * drive path ("O:\sub") through the drive's use. Returns the UNC path in *out
 * (caller cleans up). An unknown drive letter is CA_ERR_NOT_FOUND. */
ca_status model_resolve_path(const model *m, const char *path, unsigned unc_flags, struct unc_path *out,
                             ca_error *err);

/* R4: the saved domain credential Windows would use for a default connection
 * to server, most specific first; NULL when none applies. Generic credentials
 * never match. */
const model_cred *model_match_cred(const model *m, const char *server);

/* The host group containing server (case-insensitive), or NULL. */
const model_host *model_host_of(const model *m, const char *server);

/* The stable English name of a status or kind ("ok", "drive", …) as used in JSON. */
const char *model_use_status_name(model_use_status s);
const char *model_use_kind_name(model_use_kind k);

/* R6 (implemented in fixrun.c, the one place that carries out fixes): rank of a use in the safe disconnect
 * order: drive letters 0, printers 1, drive-less 2, IPC$ 3 (IPC$ last: other connections may still need it).
 */
int model_disconnect_rank(const model_use *u);

/* Reorders idx (indices into m->uses) into the safe disconnect order, keeping
 * model order within one rank. O(n); CA_ERR_NOMEM leaves idx unchanged. */
ca_status model_sort_for_disconnect(const model *m, size_t *idx, size_t count, ca_error *err);

/* ---- Session slots (derived, never stored) ---- */

typedef enum slot_user_kind {
    SLOT_USER_DEFAULT,  /* default credentials: the logon user */
    SLOT_USER_SAVED,    /* default credentials made concrete by a saved credential (R4) */
    SLOT_USER_EXPLICIT, /* a use names an explicit user */
} slot_user_kind;

/* One session slot: all uses in the model of one server name string (R2) that
 * hold it now (status not UNAVAILABLE). */
typedef struct model_slot {
    const char *server; /* spelling of the first use */
    slot_user_kind user_kind;
    const char *user;       /* explicit or saved user; logon user (may be NULL) for default */
    const model_cred *cred; /* the saved credential for SLOT_USER_SAVED */
    size_t *uses;           /* indices into model->uses, in model order */
    size_t count;
    int open_files;   /* sum of known open files */
    int users_differ; /* uses name different explicit users (should not happen live) */
} model_slot;

typedef struct model_slots {
    model_slot *items; /* sorted by server name, case-insensitive */
    size_t count;
    size_t *storage;
} model_slots;

/* Groups the uses into slots (R2, R3, R4, R5). O(n log n). */
ca_status model_build_slots(const model *m, model_slots *out, ca_error *err);
void model_slots_cleanup(model_slots *slots);
/* The slot for server (case-insensitive), or NULL. */
const model_slot *model_slots_find(const model_slots *slots, const char *server);

#endif
