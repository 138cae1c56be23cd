/* UNC path and server-name parsing: \\server\share\…, \\?\UNC\…, //server/share, \\server. */
#ifndef CONNECTAS_CORE_UNC_H
#define CONNECTAS_CORE_UNC_H

#include "status.h"

/* Limits (characters) enforced by unc_parse. */
#define UNC_MAX_PATH 32767    /* whole path, as Windows' long-path limit */
#define UNC_MAX_SERVER 255    /* DNS name */
#define UNC_MAX_LABEL 63      /* one DNS label */
#define UNC_MAX_NETBIOS 15    /* a dot-less name longer than this is still accepted as a DNS host name */
#define UNC_MAX_SHARE 80      /* NNLEN */
#define UNC_MAX_COMPONENT 255 /* one path component below the share */

/* What kind of name a server string is (R2: every kind is its own session slot). */
typedef enum unc_name_kind {
    UNC_NAME_NETBIOS, /* no dots: hka-fs01 */
    UNC_NAME_FQDN,    /* dotted DNS name: hka-fs01.iai.nl */
    UNC_NAME_IPV4,    /* 192.0.2.40 */
    UNC_NAME_IPV6,    /* fe80--1.ipv6-literal.net (with optional sNN scope) */
} unc_name_kind;

/* A parsed UNC path. All strings are UTF-8, owned by the struct, freed by
 * unc_path_cleanup. Case is kept as typed. */
typedef struct unc_path {
    char *server; /* server name as typed, no backslashes */
    char *share;  /* share name; NULL for a bare \\server */
    char *rest;   /* below the share: "" or "\dir\file" (backslashes, no trailing one) */
    char *remote; /* "\\server\share" or "\\server", normalised to backslashes */
    char *full;   /* remote followed by rest */
    unc_name_kind kind;
} unc_path;

/* unc_parse flags */
#define UNC_NEED_SHARE 0x1u /* reject a bare \\server */

/* Parses text as a UNC path. Accepts \\server[\share[\…]], \\?\UNC\server\share[\…]
 * and forward-slash spellings (normalised to backslashes); a trailing separator
 * is dropped. Rejects, with a specific message in err: empty input, "\\",
 * "\\\server", a missing share when UNC_NEED_SHARE is given, characters invalid
 * in server or share names (non-ASCII server names included: IDN names are
 * written in their xn-- form), WebDAV addresses (srv@SSL, srv@port,
 * DavWWWRoot), components ending in '.' or ' ', "." and "..", empty
 * components, components or the total over the limits above, \\.\ device
 * paths and drive paths (use model_resolve_path for those). On failure *out
 * is left zeroed. */
ca_status unc_parse(const char *text, unsigned flags, unc_path *out, ca_error *err);

/* Frees what unc_parse allocated and zeroes the struct; safe on a zeroed struct. */
void unc_path_cleanup(unc_path *path);

/* A place ConnectAs can act on (docs/paths.md): a UNC path, or a drive path
 * whose drive may be a mapped network drive. */
typedef struct unc_place {
    char drive;   /* 'A'-'Z' for a drive path ("X:", "X:\dir"), 0 for a UNC path */
    unc_path unc; /* the parsed UNC path (unc_parse, no flags); zeroed for a drive path */
} unc_place;

/* The one rule for "a place ConnectAs can act on", shared by the shell
 * extension, the tray and the CLI. A UNC path is checked exactly as unc_parse
 * (flags 0) checks it. A drive path is "X:" or "X:\…" ('/' allowed) whose
 * components pass the same checks as those below a share; whether X: is a
 * network drive is a fact of the machine that the caller establishes
 * (GetDriveTypeW, or model_resolve_path through the session's uses). Refuses,
 * with a message in err, everything unc_parse refuses and drive-relative
 * paths ("X:dir"). On failure *out is zeroed. */
ca_status unc_place_parse(const char *text, unc_place *out, ca_error *err);

/* Frees what unc_place_parse allocated and zeroes it; safe on a zeroed struct. */
void unc_place_cleanup(unc_place *place);

/* Classifies a server name already known to be valid. */
unc_name_kind unc_classify_server(const char *server);

/* "NetBIOS name", "DNS name", "IPv4 address", "IPv6 address". */
const char *unc_name_kind_name(unc_name_kind kind);

/* R2: two server name strings name the same slot when equal ignoring ASCII case. */
int unc_server_equal(const char *a, const char *b);

/* 1 when share is IPC$ (any case). */
int unc_is_ipc(const char *share);

/* 1 when text starts with a drive letter and colon ("O:", "o:\sub", "O:/x");
 * stores the upper-case letter in *letter. */
int unc_is_drive_path(const char *text, char *letter);

#endif
