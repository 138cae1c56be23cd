/* Sentences for a prediction's reason and warnings, from the tray's string tables and the core's arguments.
 */
#include "tray_explain.h"

#include <stdlib.h>

#include "resource_ids.h"
#include "tray_connect_res.h"
#include "winutil.h"

/* The uses (indices into m) as "O:, W: and \\srv\share". */
WCHAR *tray_explain_uses(const model *m, const size_t *idx, size_t n)
{
    wbuf b = {0};
    WCHAR **names = calloc(n ? n : 1, sizeof(*names));
    size_t i;
    if (!names)
        return NULL;
    for (i = 0; i < n; i++)
        if (idx[i] < m->use_count)
            names[i] = win_from_utf8(m->uses[idx[i]].local ? m->uses[idx[i]].local : m->uses[idx[i]].remote);
    wbuf_add_list(&b, (const WCHAR *const *)names, n);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return wbuf_take(&b);
}

static WCHAR *name_list(const char *const *names8, size_t n)
{
    wbuf b = {0};
    WCHAR **names = calloc(n ? n : 1, sizeof(*names));
    size_t i;
    if (!names)
        return NULL;
    for (i = 0; i < n; i++)
        names[i] = win_from_utf8(names8[i] ? names8[i] : "?");
    wbuf_add_list(&b, (const WCHAR *const *)names, n);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return wbuf_take(&b);
}

/* A user name, or the words for default credentials. */
static WCHAR *who(const char *user)
{
    return user ? win_from_utf8(user) : tray_load(IDS_CF_DEFAULT_USER);
}

static WCHAR *w8(const char *s)
{
    return win_from_utf8(s ? s : "?");
}

void tray_explain_reason(wbuf *out, const model *m, const prediction *p)
{
    const predict_args *a = &p->why;
    WCHAR *server = w8(a->server), *user = who(a->user), *other = who(a->other_user), *name = NULL;
    WCHAR *uses = tray_explain_uses(m, a->uses, a->use_count);
    const WCHAR *args[5];
    UINT id;
    args[0] = server;
    args[1] = user;
    args[2] = uses;
    args[3] = other;
    args[4] = NULL;
    switch (p->reason) {
    case REASON_NO_SLOT:
        id = a->user ? IDS_WHY_NO_SLOT_USER : IDS_WHY_NO_SLOT;
        break;
    case REASON_SAME_USER:
        id = IDS_WHY_SAME_USER;
        break;
    case REASON_DEFAULT_REUSES:
        id = IDS_WHY_DEFAULT_REUSES;
        break;
    case REASON_DEFAULT_MATCHES:
        id = IDS_WHY_DEFAULT_MATCHES;
        break;
    case REASON_DEFAULT_THEN_EXPLICIT:
        /* Issue 11 finding 3: when the slot is the requested account itself, it is not "in the way". */
        id =
            (a->caveats & PREDICT_CAVEAT_SAME_ACCOUNT) ? IDS_WHY_SAME_ACCOUNT : IDS_WHY_DEFAULT_THEN_EXPLICIT;
        break;
    case REASON_OTHER_USER:
        id = IDS_WHY_OTHER_USER;
        break;
    case REASON_SPELLING:
        id = IDS_WHY_SPELLING;
        break;
    case REASON_SAVED_CRED_USER:
        name = w8(a->name);
        args[4] = name;
        id = IDS_WHY_SAVED_CRED_USER;
        break;
    case REASON_DFS:
    default:
        id = IDS_WHY_DFS;
        break;
    }
    wbuf_add_res(out, id, args, 5);
    if (p->reason == REASON_DEFAULT_THEN_EXPLICIT && (a->caveats & PREDICT_CAVEAT_SAVED_CRED)) {
        const WCHAR *target;
        free(name);
        name = w8(a->name ? a->name : a->server);
        target = name;
        wbuf_add_res(out, IDS_WHY_VIA_SAVED_CRED, &target, 1);
    }
    if (p->reason == REASON_DEFAULT_THEN_EXPLICIT && (a->caveats & PREDICT_CAVEAT_UNCONFIRMED))
        wbuf_add_res(out, IDS_WHY_LIKELY, NULL, 0);
    if (a->caveats & PREDICT_CAVEAT_DFS_ALSO) {
        WCHAR *extra = tray_explain_uses(m, a->extra, a->extra_count);
        const WCHAR *arg = extra;
        wbuf_add_res(out, IDS_WHY_DFS_ALSO, &arg, 1);
        free(extra);
    }
    free(server);
    free(user);
    free(other);
    free(name);
    free(uses);
}

void tray_explain_warning(wbuf *out, const model *m, const predict_warning *w)
{
    const predict_args *a = &w->args;
    const model_use *u = a->use_count && a->uses[0] < m->use_count ? &m->uses[a->uses[0]] : NULL;
    WCHAR *use = w8(u ? (u->local ? u->local : u->remote) : NULL), *remote = w8(u ? u->remote : NULL);
    WCHAR *server = w8(a->server), *user = who(a->user), *name = w8(a->name), num[24];
    WCHAR *uses = tray_explain_uses(m, a->uses, a->use_count), *names = name_list(a->names, a->name_count);
    switch (w->kind) {
    case WARN_UNAVAILABLE_REMEMBERED:
        wbuf_add_res(out, IDS_WARN_UNAVAILABLE_REMEMBERED, (const WCHAR *const[]){use, remote, user}, 3);
        break;
    case WARN_SAME_MACHINE:
        wbuf_add_res(out, IDS_WARN_SAME_MACHINE, (const WCHAR *const[]){uses, server, name}, 3);
        break;
    case WARN_OPEN_FILES:
        wbuf_add_res(out, IDS_WARN_OPEN_FILES, (const WCHAR *const[]){use, remote, tray_num(a->number, num)},
                     3);
        break;
    case WARN_ELEVATED:
        wbuf_add_res(out, IDS_WARN_ELEVATED, NULL, 0);
        break;
    case WARN_USERS_UNKNOWN:
        wbuf_add_res(out, IDS_WARN_USERS_UNKNOWN, NULL, 0);
        break;
    case WARN_SAVED_CRED_USED:
        wbuf_add_res(out, IDS_WARN_SAVED_CRED_USED, (const WCHAR *const[]){server, user, name}, 3);
        break;
    case WARN_WIDE_CREDENTIAL:
    default:
        wbuf_add_res(out, IDS_WARN_WIDE_CREDENTIAL, (const WCHAR *const[]){name, user, names}, 3);
        break;
    }
    free(use);
    free(remote);
    free(server);
    free(user);
    free(name);
    free(uses);
    free(names);
}
