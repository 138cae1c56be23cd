/* The win32 backend: NetUseEnum/WNet, Credential Manager, DFS and name resolution behind backend.h. */
/* Longer than ~700 lines on purpose: one backend implementation (snapshot from NetUseEnum or WNet, remembered
 * drives, credentials, DFS, name resolution, connect/disconnect/forget) behind one vtable; its parts share
 * the conversion helpers and the instance struct. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <lm.h>
#include <lmdfs.h>
#include <wincred.h>
#include <winnetwk.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "sysdll.h" /* netapi32, mpr and ws2_32 from System32 only, loaded when first called */
#include "unc.h"
#include "usecvt.h"
#include "win32_backend.h"
#include "winutil.h"

#define MAX_ADDRS 8
#define DEFAULT_RESOLVE_MS 700

/* One name lookup, shared by the worker thread and the cache (reference counted,
 * so a lookup that outlives its wait frees itself). */
typedef struct resolve_job {
    LONG refs;
    volatile LONG done;
    WCHAR name[UNC_MAX_SERVER + 1];
    int count;
    char addrs[MAX_ADDRS][64];
} resolve_job;

typedef struct win32_backend {
    backend be;
    unsigned flags;
    unsigned resolve_ms;
    int wsa_ok;
    char source[16];
    resolve_job **jobs;
    size_t job_count, job_cap;
} win32_backend;

typedef DWORD(WINAPI *dfs_get_client_info_fn)(LPWSTR, LPWSTR, LPWSTR, DWORD, LPBYTE *);

static win32_backend *impl_from_backend(backend *be)
{
    return CA_CONTAINER_OF(be, win32_backend, be);
}

static void job_release(resolve_job *job)
{
    if (InterlockedDecrement(&job->refs) == 0)
        free(job);
}

/* ---- snapshot pieces ---- */

static ca_status add_uses_netapi(win32_backend *w, model *m, int *supported, ca_error *err)
{
    BYTE *buf = NULL;
    DWORD read = 0, total = 0, resume = 0, skipped = 0;
    NET_API_STATUS rc;
    ca_status st = CA_OK;
    *supported = 1;
    do {
        rc = NetUseEnum(NULL, 2, &buf, MAX_PREFERRED_LENGTH, &read, &total, &resume);
        if (rc == ERROR_NOT_SUPPORTED || rc == ERROR_CALL_NOT_IMPLEMENTED) {
            *supported = 0;
            if (buf)
                NetApiBufferFree(buf);
            return CA_OK;
        }
        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            if (buf)
                NetApiBufferFree(buf);
            return ca_fail_code(err, CA_ERR_IO, rc, "NetUseEnum failed");
        }
        if (buf) {
            DWORD s = 0;
            st = usecvt_add_use_info2(m, (const USE_INFO_2 *)buf, read, &s, err);
            skipped += s;
            NetApiBufferFree(buf);
            buf = NULL;
        }
    } while (rc == ERROR_MORE_DATA && st == CA_OK && read > 0);
    m->skipped_uses += (int)skipped;
    (void)w;
    return st;
}

/* WNet fallback: the uses without their open-file counts; user names only where
 * WNetGetUserW names someone other than the logon user. */
static ca_status add_uses_wnet(model *m, ca_error *err)
{
    HANDLE h;
    DWORD rc, size = 16384;
    BYTE *buf;
    ca_status st = CA_OK;
    int unknown = 0;

    rc = WNetOpenEnumW(RESOURCE_CONNECTED, RESOURCETYPE_ANY, 0, NULL, &h);
    if (rc == ERROR_NO_NETWORK)
        return CA_OK; /* no provider: nothing is connected */
    if (rc != NO_ERROR)
        return ca_fail_code(err, CA_ERR_IO, rc, "WNetOpenEnum failed");
    buf = malloc(size);
    if (!buf) {
        WNetCloseEnum(h);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    }
    for (;;) {
        DWORD count = (DWORD)-1, bytes = size, i;
        NETRESOURCEW *nr = (NETRESOURCEW *)buf;
        rc = WNetEnumResourceW(h, &count, buf, &bytes);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc == ERROR_MORE_DATA) {
            BYTE *bigger = realloc(buf, bytes > size * 2 ? bytes : size * 2);
            if (!bigger) {
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
                break;
            }
            buf = bigger;
            size = bytes > size * 2 ? bytes : size * 2;
            continue;
        }
        if (rc != NO_ERROR) {
            st = ca_fail_code(err, CA_ERR_IO, rc, "WNetEnumResource failed");
            break;
        }
        for (i = 0; i < count && st == CA_OK; i++) {
            const WCHAR *local = nr[i].lpLocalName && nr[i].lpLocalName[0] ? nr[i].lpLocalName : NULL;
            WCHAR user[600];
            DWORD len = ARRAYSIZE(user);
            char *local8, *remote8, *user8 = NULL;
            ca_error e;
            ca_status s;
            if (!nr[i].lpRemoteName || !nr[i].lpRemoteName[0])
                continue;
            if (WNetGetUserW(local ? local : nr[i].lpRemoteName, user, &len) == NO_ERROR && user[0]) {
                user8 = win_to_utf8(user);
                /* WNetGetUser names the logon user for default connections: indistinguishable. */
                if (user8 && m->logon_user &&
                    acct_compare_text(user8, m->logon_user) != ACCT_MATCH_DIFFERENT) {
                    free(user8);
                    user8 = NULL;
                    unknown = 1;
                } else if (user8 && m->logon_user) {
                    acct_name a, b;
                    if (acct_parse(user8, &a, NULL) == CA_OK &&
                        acct_parse(m->logon_user, &b, NULL) == CA_OK && a.form == ACCT_PLAIN &&
                        !_stricmp(a.name, b.name)) {
                        free(user8);
                        user8 = NULL;
                        unknown = 1;
                    }
                }
            } else {
                unknown = 1;
            }
            local8 = win_to_utf8(local);
            remote8 = win_to_utf8(nr[i].lpRemoteName);
            if ((!remote8 || (local && !local8)) && GetLastError() == ERROR_NO_UNICODE_TRANSLATION) {
                m->skipped_uses++; /* a lone surrogate: never listed under a U+FFFD look-alike */
            } else if (!remote8 || (local && !local8)) {
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
            } else {
                s = model_add_use(m, local8, remote8, user8, USE_STATUS_OK, -1, -1, &e);
                if (s == CA_ERR_NOMEM)
                    st = ca_fail(err, s, "%s", e.msg);
                else if (s != CA_OK)
                    m->skipped_uses++;
            }
            free(local8);
            free(remote8);
            free(user8);
        }
        if (st != CA_OK)
            break;
    }
    free(buf);
    WNetCloseEnum(h);
    m->users_unknown = unknown;
    return st;
}

/* Remembered drive letters (HKCU\Network) that are not connected now. */
static ca_status add_remembered(model *m, ca_error *err)
{
    HKEY net;
    DWORD i;
    WCHAR letter[16];
    ca_status st = CA_OK;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, L"Network", 0, KEY_READ, &net) != ERROR_SUCCESS)
        return CA_OK;
    for (i = 0; st == CA_OK; i++) {
        DWORD len = ARRAYSIZE(letter), type, size;
        WCHAR remote[1024], user[600], local[4];
        char *remote8, *user8, local8[4];
        ca_error e;
        ca_status s;
        LONG rc = RegEnumKeyExW(net, i, letter, &len, NULL, NULL, NULL, NULL);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc != ERROR_SUCCESS || len != 1 || !iswalpha(letter[0]))
            continue;
        local[0] = towupper(letter[0]);
        local[1] = L':';
        local[2] = 0;
        local8[0] = (char)local[0];
        local8[1] = ':';
        local8[2] = 0;
        if (model_find_local(m, local8) >= 0)
            continue;
        size = sizeof(remote) - sizeof(WCHAR);
        memset(remote, 0, sizeof(remote));
        if (RegGetValueW(net, letter, L"RemotePath", RRF_RT_REG_SZ, &type, remote, &size) != ERROR_SUCCESS)
            continue;
        size = sizeof(user) - sizeof(WCHAR);
        memset(user, 0, sizeof(user));
        if (RegGetValueW(net, letter, L"UserName", RRF_RT_REG_SZ, &type, user, &size) != ERROR_SUCCESS)
            user[0] = 0;
        remote8 = win_to_utf8(remote);
        user8 = user[0] ? win_to_utf8(user) : NULL;
        if (!remote8 || (user[0] && !user8)) {
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
        } else {
            s = model_add_use(m, local8, remote8, user8, USE_STATUS_UNAVAILABLE, 0, 0, &e);
            if (s == CA_ERR_NOMEM)
                st = ca_fail(err, s, "%s", e.msg);
            else if (s != CA_OK)
                m->skipped_uses++;
        }
        free(remote8);
        free(user8);
    }
    RegCloseKey(net);
    return st;
}

static ca_status add_credentials(model *m, ca_error *err)
{
    DWORD count = 0, i;
    CREDENTIALW **creds = NULL;
    ca_status st = CA_OK;
    if (!CredEnumerateW(NULL, 0, &count, &creds)) {
        DWORD rc = GetLastError();
        if (rc == ERROR_NOT_FOUND)
            return CA_OK;
        return ca_fail_code(err, CA_ERR_IO, rc, "CredEnumerate failed");
    }
    for (i = 0; i < count && st == CA_OK; i++) {
        const CREDENTIALW *c = creds[i];
        model_cred_type type;
        char *target, *user;
        ca_error e;
        ca_status s;
        if (c->Type == CRED_TYPE_DOMAIN_PASSWORD)
            type = CRED_KIND_DOMAIN;
        else if (c->Type == CRED_TYPE_GENERIC)
            type = CRED_KIND_GENERIC;
        else
            continue; /* certificates and others never sign in to SMB by user name */
        if (!c->TargetName || !c->TargetName[0])
            continue;
        target = win_to_utf8(c->TargetName);
        if (!target && GetLastError() == ERROR_NO_UNICODE_TRANSLATION)
            continue; /* a lone surrogate: a U+FFFD look-alike would name another credential */
        user = win_to_utf8(c->UserName && c->UserName[0] ? c->UserName : NULL);
        if (!target) {
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
        } else {
            s = model_add_cred(m, target, user, type, &e);
            if (s == CA_ERR_NOMEM)
                st = ca_fail(err, s, "%s", e.msg);
            /* Other targets (web sites, apps) are not about file servers: left out. */
        }
        free(target);
        free(user);
    }
    CredFree(creds);
    return st;
}

/* Adds the active target of the DFS entry that path falls under, if the DFS
 * client's cache knows one (any failure means "not DFS"). */
static ca_status query_dfs(model *m, dfs_get_client_info_fn get_info, const char *path8, ca_error *err)
{
    WCHAR *path = win_from_utf8(path8);
    DFS_INFO_3 *info = NULL;
    DWORD rc, k;
    ca_status st = CA_OK;
    if (!path)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    rc = get_info(path, NULL, NULL, 3, (LPBYTE *)&info);
    free(path);
    if (rc != NERR_Success || !info)
        return CA_OK;
    for (k = 0; k < info->NumberOfStorages; k++) {
        const DFS_STORAGE_INFO *s = &info->Storage[k];
        if ((s->State & DFS_STORAGE_STATE_ACTIVE) && s->ServerName && s->ShareName) {
            WCHAR target[UNC_MAX_PATH + 1];
            char *target8,
                *entry8 = info->EntryPath && info->EntryPath[0] ? win_to_utf8(info->EntryPath) : NULL;
            const char *entry = entry8 ? entry8 : path8;
            size_t j;
            int seen = 0;
            ca_error e;
            _snwprintf(target, ARRAYSIZE(target), L"\\\\%ls\\%ls", s->ServerName, s->ShareName);
            target[ARRAYSIZE(target) - 1] = 0;
            target8 = win_to_utf8(target);
            for (j = 0; j < m->dfs_count && !seen; j++)
                seen = !_stricmp(m->dfs[j].path, entry);
            if (!target8)
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
            else if (!seen && model_add_dfs(m, entry, target8, &e) == CA_ERR_NOMEM)
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
            free(target8);
            free(entry8);
            break;
        }
    }
    NetApiBufferFree(info);
    return st;
}

/* DFS (R5): for each use, the active targets of its namespace root and of the
 * link it opens, from the DFS client's cache (no referral is requested). */
static ca_status add_dfs(model *m, ca_error *err)
{
    dfs_get_client_info_fn get_info;
    size_t i, uses = m->use_count;
    ca_status st = CA_OK;
    get_info = (dfs_get_client_info_fn)(void (*)(void))sysdll_proc(L"netapi32.dll", "NetDfsGetClientInfo");
    if (!get_info)
        return CA_OK; /* Wine's builtin netapi32 does not export it */
    for (i = 0; i < uses && st == CA_OK; i++) {
        const model_use *u = &m->uses[i];
        char root8[UNC_MAX_SERVER + UNC_MAX_SHARE + 8];
        if (u->kind == USE_KIND_IPC || u->status == USE_STATUS_UNAVAILABLE)
            continue;
        snprintf(root8, sizeof(root8), "\\\\%s\\%s", u->server, u->share);
        st = query_dfs(m, get_info, root8, err);
        if (st == CA_OK && _stricmp(root8, u->remote))
            st = query_dfs(m, get_info, u->remote, err);
    }
    return st;
}

/* ---- names of one machine ---- */

static DWORD WINAPI resolve_thread(void *arg)
{
    resolve_job *job = arg;
    ADDRINFOW hints, *res = NULL, *p;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (GetAddrInfoW(job->name, NULL, &hints, &res) == 0) {
        for (p = res; p && job->count < MAX_ADDRS; p = p->ai_next) {
            char host[64];
            int i, dup = 0;
            if (getnameinfo(p->ai_addr, (socklen_t)p->ai_addrlen, host, sizeof(host), NULL, 0,
                            NI_NUMERICHOST))
                continue;
            for (i = 0; i < job->count; i++)
                dup |= !strcmp(job->addrs[i], host);
            if (!dup)
                snprintf(job->addrs[job->count++], sizeof(job->addrs[0]), "%s", host);
        }
        FreeAddrInfoW(res);
    }
    InterlockedExchange(&job->done, 1);
    job_release(job);
    return 0;
}

static resolve_job *find_job(win32_backend *w, const char *name)
{
    size_t i;
    WCHAR *wname = win_from_utf8(name);
    resolve_job *found = NULL;
    if (!wname)
        return NULL;
    for (i = 0; i < w->job_count && !found; i++)
        if (!_wcsicmp(w->jobs[i]->name, wname))
            found = w->jobs[i];
    free(wname);
    return found;
}

/* Starts a lookup for name unless one is cached; returns its thread handle or NULL. */
static HANDLE start_job(win32_backend *w, const char *name)
{
    resolve_job *job;
    WCHAR *wname;
    HANDLE thread;
    if (find_job(w, name))
        return NULL;
    if (w->job_count == w->job_cap) {
        size_t cap = w->job_cap ? w->job_cap * 2 : 16;
        resolve_job **jobs = realloc(w->jobs, cap * sizeof(*jobs));
        if (!jobs)
            return NULL;
        w->jobs = jobs;
        w->job_cap = cap;
    }
    wname = win_from_utf8(name);
    job = calloc(1, sizeof(*job));
    if (!wname || !job || wcslen(wname) > UNC_MAX_SERVER) {
        free(wname);
        free(job);
        return NULL;
    }
    memcpy(job->name, wname, (wcslen(wname) + 1) * sizeof(WCHAR)); /* length checked above */
    free(wname);
    job->refs = 2; /* the cache and the thread */
    thread = CreateThread(NULL, 64 * 1024, resolve_thread, job, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    if (!thread) {
        free(job);
        return NULL;
    }
    w->jobs[w->job_count++] = job;
    return thread;
}

/* Groups the model's server names that share an address, adding the addresses
 * themselves as names (they are ways round too, R7). */
static ca_status add_hosts(win32_backend *w, model *m, ca_error *err)
{
    HANDLE threads[MAXIMUM_WAIT_OBJECTS];
    DWORD nthreads = 0, start = GetTickCount();
    size_t i, j;
    ca_status st = CA_OK;

    if (!w->wsa_ok || (w->flags & WIN32_BACKEND_NO_RESOLVE))
        return CA_OK;
    for (i = 0; i < m->use_count; i++) {
        HANDLE t = start_job(w, m->uses[i].server);
        if (t) {
            threads[nthreads++] = t;
            if (nthreads == MAXIMUM_WAIT_OBJECTS)
                break; /* more names than one wait can hold: the rest are looked up next time */
        }
    }
    if (nthreads) {
        DWORD spent = GetTickCount() - start;
        WaitForMultipleObjects(nthreads, threads, TRUE, spent < w->resolve_ms ? w->resolve_ms - spent : 0);
        for (i = 0; i < nthreads; i++)
            CloseHandle(threads[i]);
    }
    /* One group per use's server name; names sharing an address merge in model_add_host. */
    for (i = 0; i < m->use_count && st == CA_OK; i++) {
        resolve_job *job = find_job(w, m->uses[i].server);
        const char *names[MAX_ADDRS + 1];
        size_t n = 0;
        if (!job || !InterlockedCompareExchange(&job->done, 1, 1) || !job->count)
            continue;
        names[n++] = m->uses[i].server;
        for (j = 0; j < (size_t)job->count; j++) {
            /* IPv6 addresses are reachable in UNC only through the ipv6-literal.net spelling. */
            if (strchr(job->addrs[j], ':'))
                continue;
            if (!_stricmp(job->addrs[j], m->uses[i].server))
                continue;
            names[n++] = job->addrs[j];
        }
        if (n >= 2)
            st = model_add_host(m, names, n, err);
    }
    return st;
}

/* ---- vtable ---- */

static ca_status w32_snapshot(backend *be, model **out, ca_error *err)
{
    win32_backend *w = impl_from_backend(be);
    model *m = model_create();
    ca_status st = CA_OK;
    int supported = 0;
    char *user;

    *out = NULL;
    if (!m)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    user = win_logon_user();
    if (user) {
        st = model_set_logon(m, user, err);
        free(user);
    }
    m->elevated = win_is_elevated();
    if (st == CA_OK && !(w->flags & WIN32_BACKEND_NO_NETAPI))
        st = add_uses_netapi(w, m, &supported, err);
    if (st == CA_OK) {
        if (supported) {
            snprintf(m->source, sizeof(m->source), "NetUseEnum");
        } else {
            snprintf(m->source, sizeof(m->source), "WNet");
            st = add_uses_wnet(m, err);
        }
    }
    snprintf(w->source, sizeof(w->source), "%s", m->source);
    if (st == CA_OK)
        st = add_remembered(m, err);
    if (st == CA_OK)
        st = add_credentials(m, err);
    if (st == CA_OK)
        st = add_dfs(m, err);
    if (st == CA_OK)
        st = add_hosts(w, m, err);
    if (st != CA_OK) {
        model_free(m);
        return st;
    }
    *out = m;
    return CA_OK;
}

static ca_status status_for_code(DWORD rc)
{
    switch (rc) {
    case ERROR_SESSION_CREDENTIAL_CONFLICT:
        return CA_ERR_CONFLICT;
    case ERROR_OPEN_FILES:
    case ERROR_DEVICE_IN_USE:
        return CA_ERR_BUSY;
    case ERROR_NOT_CONNECTED:
    case ERROR_BAD_NET_NAME:
    case ERROR_NOT_FOUND:
        return CA_ERR_NOT_FOUND;
    case ERROR_NOT_ENOUGH_MEMORY:
        return CA_ERR_NOMEM;
    case ERROR_ALREADY_ASSIGNED:
    case ERROR_DEVICE_ALREADY_REMEMBERED:
    case ERROR_BAD_DEVICE:
        return CA_ERR_INVALID;
    default:
        return CA_ERR_IO;
    }
}

/* The highest free drive letter, as `net use *` picks: not in use and not remembered. */
static int next_free_letter(WCHAR *local)
{
    DWORD used = GetLogicalDrives();
    HKEY net = NULL;
    int letter;
    RegOpenKeyExW(HKEY_CURRENT_USER, L"Network", 0, KEY_READ, &net);
    for (letter = 'Z'; letter >= 'D'; letter--) {
        WCHAR sub[2] = {(WCHAR)letter, 0};
        HKEY k;
        if (used & (1u << (letter - 'A')))
            continue;
        if (net && RegOpenKeyExW(net, sub, 0, KEY_READ, &k) == ERROR_SUCCESS) {
            RegCloseKey(k);
            continue;
        }
        local[0] = (WCHAR)letter;
        local[1] = L':';
        local[2] = 0;
        break;
    }
    if (net)
        RegCloseKey(net);
    return letter >= 'D';
}

static DWORD save_credential(const WCHAR *server, const WCHAR *user, const WCHAR *password)
{
    CREDENTIALW cred;
    DWORD rc = NO_ERROR;
    memset(&cred, 0, sizeof(cred));
    cred.Type = CRED_TYPE_DOMAIN_PASSWORD;
    cred.TargetName = (WCHAR *)server;
    cred.UserName = (WCHAR *)user;
    cred.CredentialBlob = (BYTE *)password;
    cred.CredentialBlobSize = (DWORD)(wcslen(password) * sizeof(WCHAR));
    cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
    if (!CredWriteW(&cred, 0))
        rc = GetLastError();
    return rc;
}

static ca_status w32_connect(backend *be, const backend_connect *req, char assigned[4], ca_error *err)
{
    NETRESOURCEW nr;
    WCHAR *remote = win_from_utf8(req->remote), *user = NULL, *password = NULL, local[4] = L"";
    size_t password_size = 0;
    DWORD rc, flags = 0;
    ca_status st = CA_OK;
    unc_path target;
    (void)be;

    memset(&target, 0, sizeof(target));
    if (assigned)
        assigned[0] = 0;
    if (!remote)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (req->user) {
        user = win_from_utf8(req->user);
        password = win_from_utf8(req->password ? req->password : "");
        if (password)
            password_size = (wcslen(password) + 1) * sizeof(WCHAR);
        if (!user || !password) {
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (req->local && !strcmp(req->local, "*")) {
        if (!next_free_letter(local)) {
            st = ca_fail_code(err, CA_ERR_INVALID, ERROR_NO_MORE_DEVICES, "no drive letter is free");
            goto cleanup;
        }
    } else if (req->local) {
        local[0] = (WCHAR)towupper((WCHAR)(unsigned char)req->local[0]);
        local[1] = L':';
        local[2] = 0;
    }
    memset(&nr, 0, sizeof(nr));
    nr.dwType = RESOURCETYPE_DISK;
    nr.lpLocalName = local[0] ? local : NULL;
    nr.lpRemoteName = remote;
    if (req->remember && local[0])
        flags |= CONNECT_UPDATE_PROFILE;
    rc = WNetAddConnection2W(&nr, password, user, flags);
    if (rc != NO_ERROR) {
        st = ca_fail_code(err, status_for_code(rc), rc, "%s", req->remote);
        goto cleanup;
    }
    if (assigned && local[0]) {
        assigned[0] = (char)local[0];
        assigned[1] = ':';
        assigned[2] = 0;
    }
    if (req->save_credential && user && unc_parse(req->remote, 0, &target, NULL) == CA_OK) {
        WCHAR *server = win_from_utf8(target.server);
        rc = server ? save_credential(server, user, password) : ERROR_NOT_ENOUGH_MEMORY;
        free(server);
        if (rc != NO_ERROR)
            st = ca_fail_code(err, CA_ERR_IO, rc, "connected, but the credential could not be saved");
    }
cleanup:
    if (password) {
        SecureZeroMemory(password, password_size);
        free(password);
    }
    unc_path_cleanup(&target);
    free(user);
    free(remote);
    return st;
}

static ca_status w32_disconnect(backend *be, const char *name, int force, int forget, ca_error *err)
{
    WCHAR *wname = win_from_utf8(name);
    DWORD rc;
    (void)be;
    if (!wname)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    rc = WNetCancelConnection2W(wname, forget ? CONNECT_UPDATE_PROFILE : 0, force ? TRUE : FALSE);
    if (rc == ERROR_NOT_CONNECTED && (name[0] == '\\' || name[0] == '/')) {
        /* Connections made through NetUseAdd (IPC$ by programs) may be unknown to WNet. */
        NET_API_STATUS nrc = NetUseDel(NULL, wname, force ? USE_LOTS_OF_FORCE : USE_NOFORCE);
        if (nrc == NERR_Success)
            rc = NO_ERROR;
        else if (nrc == ERROR_OPEN_FILES || nrc == ERROR_DEVICE_IN_USE)
            rc = nrc;
    }
    free(wname);
    if (rc != NO_ERROR)
        return ca_fail_code(err, status_for_code(rc), rc, "%s", name);
    return CA_OK;
}

static ca_status w32_forget(backend *be, const char *raw_target, model_cred_type type, ca_error *err)
{
    WCHAR *target = win_from_utf8(raw_target);
    DWORD rc = NO_ERROR;
    (void)be;
    if (!target)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (!CredDeleteW(target, type == CRED_KIND_DOMAIN ? CRED_TYPE_DOMAIN_PASSWORD : CRED_TYPE_GENERIC, 0))
        rc = GetLastError();
    free(target);
    if (rc != NO_ERROR)
        return ca_fail_code(err, status_for_code(rc), rc, "%s", raw_target);
    return CA_OK;
}

static void w32_destroy(backend *be)
{
    win32_backend *w = impl_from_backend(be);
    size_t i;
    for (i = 0; i < w->job_count; i++)
        job_release(w->jobs[i]);
    free(w->jobs);
    if (w->wsa_ok)
        WSACleanup();
    free(w);
}

static const backend_vtable win32_vtable = {
    "win32", w32_snapshot, w32_connect, w32_disconnect, w32_forget, w32_destroy,
};

ca_status win32_backend_create(unsigned flags, backend **out, ca_error *err)
{
    win32_backend *w = calloc(1, sizeof(*w));
    WSADATA wsa;
    *out = NULL;
    if (!w)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    w->be.vt = &win32_vtable;
    w->flags = flags;
    w->resolve_ms = DEFAULT_RESOLVE_MS;
    w->wsa_ok = WSAStartup(MAKEWORD(2, 2), &wsa) == 0;
    *out = &w->be;
    return CA_OK;
}

void win32_backend_set_resolve_timeout(backend *be, unsigned ms)
{
    impl_from_backend(be)->resolve_ms = ms;
}

const char *win32_backend_source(backend *be)
{
    return impl_from_backend(be)->source;
}
