/* The sandbox backend: a redirector simulator over a model, applying the predictor's rules. */
#include "sandbox.h"

#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "predict.h"
#include "unc.h"

/* Windows error numbers used here only (no Windows headers in the core). */
enum {
    SB_ERROR_NOT_FOUND = 1168,       /* ERROR_NOT_FOUND: no such saved credential */
    SB_ERROR_NO_MORE_DEVICES = 1248, /* ERROR_NO_MORE_DEVICES: no free drive letter */
    SB_NERR_BAD_USERNAME = 2202,     /* NERR_BadUsername */
};

typedef struct sandbox {
    backend be; /* first: the backend seam */
    model *state;
    sandbox_counters counters;
} sandbox;

static const backend_vtable sandbox_vt;

static sandbox *impl_from_backend(backend *be)
{
    return CA_CONTAINER_OF(be, sandbox, be);
}

static ca_status sb_snapshot(backend *be, model **out, ca_error *err)
{
    sandbox *sb = impl_from_backend(be);
    sb->counters.snapshots++;
    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no place for the snapshot");
    *out = model_clone(sb->state);
    if (!*out)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory copying the sandbox state");
    return CA_OK;
}

/* 1 when s names a local device: "X:", "LPT1:", "COM2:", "PRN" (colon optional for ports). */
static int is_device_name(const char *s)
{
    size_t n = strlen(s), i;
    char up[4];
    if (n == 2 && s[1] == ':' && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return 1;
    if (n < 3 || n > 5)
        return 0;
    for (i = 0; i < 3; i++)
        up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - ('a' - 'A') : s[i]);
    up[3] = 0;
    if (!strcmp(up, "PRN"))
        return n == 3 || (n == 4 && s[3] == ':');
    if ((!strcmp(up, "LPT") || !strcmp(up, "COM")) && s[3] >= '1' && s[3] <= '9')
        return n == 4 || (n == 5 && s[4] == ':');
    return 0;
}

/* Highest free drive letter, as `net use *` picks it: Z: downwards to D:
 * (A: and B: are floppy letters, C: is taken to be the system drive). A
 * letter remembered for an unavailable drive is not free. 0 when none. */
static char free_letter(const model *m)
{
    char letter, dev[3] = {0, ':', 0};
    for (letter = 'Z'; letter >= 'D'; letter--) {
        dev[0] = letter;
        if (model_find_local(m, dev) < 0)
            return letter;
    }
    return 0;
}

static ca_status sb_connect(backend *be, const backend_connect *req, char assigned[4], ca_error *err)
{
    sandbox *sb = impl_from_backend(be);
    model *m = sb->state;
    unc_path p;
    prediction pr;
    ca_error inner;
    ca_status st;
    const char *user;
    char dev[8] = "";
    long reuse = -1;
    size_t i;

    sb->counters.connects++;
    if (assigned)
        assigned[0] = 0;
    if (!req || !req->remote)
        return ca_fail(err, CA_ERR_INVALID, "no share to connect to");
    st = unc_parse(req->remote, UNC_NEED_SHARE, &p, &inner);
    if (st != CA_OK)
        return ca_fail_code(err, st, CA_WIN_BAD_NET_NAME, "%s", inner.msg);
    user = req->user && *req->user ? req->user : NULL;
    if (user) {
        acct_name name;
        if (acct_parse(user, &name, &inner) != CA_OK) {
            unc_path_cleanup(&p);
            return ca_fail_code(err, CA_ERR_INVALID, SB_NERR_BAD_USERNAME, "%s", inner.msg);
        }
    }

    /* The local device first, as the redirector checks it before the server. */
    if (req->local && *req->local) {
        if (!strcmp(req->local, "*")) {
            char letter = free_letter(m);
            if (!letter) {
                unc_path_cleanup(&p);
                return ca_fail_code(err, CA_ERR_LIMIT, SB_ERROR_NO_MORE_DEVICES, "no drive letter is free");
            }
            dev[0] = letter;
            dev[1] = ':';
            dev[2] = 0;
        } else {
            size_t n = strlen(req->local);
            if (n == 3 && req->local[1] == ':' && req->local[2] == '\\')
                n = 2; /* "O:\" names the drive O: */
            if (n >= sizeof(dev) || (memcpy(dev, req->local, n), dev[n] = 0, !is_device_name(dev))) {
                unc_path_cleanup(&p);
                return ca_fail(err, CA_ERR_INVALID,
                               "'%s' is not a local device: expected a drive letter (O:) or a printer port",
                               req->local);
            }
            reuse = model_find_local(m, dev);
            if (reuse >= 0) {
                const model_use *u = &m->uses[reuse];
                if (u->status != USE_STATUS_UNAVAILABLE) {
                    unc_path_cleanup(&p);
                    return ca_fail_code(err, CA_ERR_INVALID, CA_WIN_ALREADY_ASSIGNED,
                                        "%s is already connected to %s", u->local, u->remote);
                }
                if (!unc_server_equal(u->remote, p.full)) {
                    unc_path_cleanup(&p);
                    return ca_fail_code(err, CA_ERR_INVALID, CA_WIN_DEVICE_ALREADY_REMEMBERED,
                                        "%s is remembered for %s", u->local, u->remote);
                }
            }
        }
    }

    /* 1219: the same rules as the predictor. */
    st = predict_check(m, p.full, user, &pr, &inner);
    if (st != CA_OK) {
        unc_path_cleanup(&p);
        return ca_fail(err, st, "%s", inner.msg);
    }
    if (pr.verdict == VERDICT_CONFLICT) {
        const model_use *first = pr.conflict_count ? &m->uses[pr.conflicts[0].use] : NULL;
        st = ca_fail_code(err, CA_ERR_CONFLICT, CA_WIN_SESSION_CREDENTIAL_CONFLICT,
                          "%s is already connected as %s (%s and %zu more): one user per server name",
                          pr.server, pr.slot_user ? pr.slot_user : "another user",
                          first ? (first->local ? first->local : first->remote) : "?",
                          pr.conflict_count ? pr.conflict_count - 1 : 0);
        prediction_cleanup(&pr);
        unc_path_cleanup(&p);
        return st;
    }
    prediction_cleanup(&pr);

    if (!dev[0]) {
        /* A second drive-less connection to the same path adds to its use count. */
        for (i = 0; i < m->use_count; i++) {
            model_use *u = &m->uses[i];
            if (!u->local && u->status != USE_STATUS_UNAVAILABLE && unc_server_equal(u->remote, p.full)) {
                if (u->use_count >= 0)
                    u->use_count++;
                unc_path_cleanup(&p);
                return CA_OK;
            }
        }
    }
    if (reuse >= 0)
        model_remove_use(m, (size_t)reuse); /* the remembered drive reconnects */
    st = model_add_use(m, dev[0] ? dev : NULL, p.full, user, USE_STATUS_OK, 0, 1, err);
    if (st == CA_OK && user && req->save_credential) {
        for (i = m->cred_count; i-- > 0;)
            if (m->creds[i].type == CRED_KIND_DOMAIN && unc_server_equal(m->creds[i].target, p.server))
                model_remove_cred(m, i);
        st = model_add_cred(m, p.server, user, CRED_KIND_DOMAIN, err);
    }
    if (st == CA_OK && assigned && dev[0]) {
        memcpy(assigned, dev, 2);
        assigned[2] = 0;
    }
    unc_path_cleanup(&p);
    return st;
}

static ca_status sb_disconnect(backend *be, const char *name, int force, int forget, ca_error *err)
{
    sandbox *sb = impl_from_backend(be);
    model *m = sb->state;
    unc_path p;
    ca_error inner;
    size_t i, found = 0;
    long idx;
    int open_files = 0;

    sb->counters.disconnects++;
    if (!name || !*name)
        return ca_fail(err, CA_ERR_INVALID, "nothing named to disconnect");
    if (is_device_name(name)) {
        idx = model_find_local(m, name);
        if (idx < 0)
            return ca_fail_code(err, CA_ERR_NOT_FOUND, CA_WIN_NOT_CONNECTED, "%s is not connected", name);
        if (m->uses[idx].status == USE_STATUS_UNAVAILABLE) {
            if (!forget)
                return ca_fail_code(err, CA_ERR_NOT_FOUND, CA_WIN_NOT_CONNECTED,
                                    "%s is only remembered, not connected; forget it to remove it",
                                    m->uses[idx].local);
        } else if (m->uses[idx].open_files > 0 && !force) {
            return ca_fail_code(err, CA_ERR_BUSY, CA_WIN_OPEN_FILES, "%s has %d open file%s",
                                m->uses[idx].local, m->uses[idx].open_files,
                                m->uses[idx].open_files == 1 ? "" : "s");
        }
        model_remove_use(m, (size_t)idx);
        return CA_OK;
    }

    /* A remote name cancels every connection to it without a local device. */
    if (unc_parse(name, UNC_NEED_SHARE, &p, &inner) != CA_OK)
        return ca_fail_code(err, CA_ERR_NOT_FOUND, CA_WIN_NOT_CONNECTED, "nothing is connected to %s", name);
    for (i = 0; i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        if (!u->local && u->status != USE_STATUS_UNAVAILABLE && unc_server_equal(u->remote, p.full)) {
            found++;
            if (u->open_files > 0)
                open_files += u->open_files;
        }
    }
    if (!found) {
        unc_path_cleanup(&p);
        return ca_fail_code(err, CA_ERR_NOT_FOUND, CA_WIN_NOT_CONNECTED,
                            "nothing is connected to %s without a drive letter", name);
    }
    if (open_files > 0 && !force) {
        unc_path_cleanup(&p);
        return ca_fail_code(err, CA_ERR_BUSY, CA_WIN_OPEN_FILES, "%s has %d open file%s", name, open_files,
                            open_files == 1 ? "" : "s");
    }
    for (i = m->use_count; i-- > 0;) {
        const model_use *u = &m->uses[i];
        if (!u->local && u->status != USE_STATUS_UNAVAILABLE && unc_server_equal(u->remote, p.full))
            model_remove_use(m, i);
    }
    unc_path_cleanup(&p);
    return CA_OK;
}

static ca_status sb_forget(backend *be, const char *raw_target, model_cred_type type, ca_error *err)
{
    sandbox *sb = impl_from_backend(be);
    model *m = sb->state;
    size_t i;

    sb->counters.forgets++;
    if (!raw_target || !*raw_target)
        return ca_fail(err, CA_ERR_INVALID, "no credential target named");
    for (i = 0; i < m->cred_count; i++) {
        const model_cred *c = &m->creds[i];
        if (c->type == type && (unc_server_equal(c->raw_target ? c->raw_target : c->target, raw_target) ||
                                unc_server_equal(c->target, raw_target))) {
            model_remove_cred(m, i);
            return CA_OK;
        }
    }
    return ca_fail_code(err, CA_ERR_NOT_FOUND, SB_ERROR_NOT_FOUND, "no saved %s credential for %s",
                        type == CRED_KIND_DOMAIN ? "Windows" : "generic", raw_target);
}

static void sb_destroy(backend *be)
{
    sandbox *sb = impl_from_backend(be);
    model_free(sb->state);
    free(sb);
}

static const backend_vtable sandbox_vt = {
    "sandbox", sb_snapshot, sb_connect, sb_disconnect, sb_forget, sb_destroy,
};

ca_status sandbox_create(model *state, backend **out, ca_error *err)
{
    sandbox *sb;
    if (!out)
        return ca_fail(err, CA_ERR_INVALID, "no place for the backend");
    *out = NULL;
    if (!state)
        return ca_fail(err, CA_ERR_INVALID, "no state for the sandbox");
    sb = calloc(1, sizeof(*sb));
    if (!sb)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory creating the sandbox");
    sb->be.vt = &sandbox_vt;
    sb->state = state;
    *out = &sb->be;
    return CA_OK;
}

const model *sandbox_state(backend *be)
{
    return be && be->vt == &sandbox_vt ? impl_from_backend(be)->state : NULL;
}

sandbox_counters sandbox_get_counters(backend *be)
{
    sandbox_counters none = {0, 0, 0, 0};
    return be && be->vt == &sandbox_vt ? impl_from_backend(be)->counters : none;
}
