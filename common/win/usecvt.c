/* Conversion of NetUseEnum level-2 records into the core model. */
#include "usecvt.h"

#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "winutil.h"

model_use_status usecvt_status(DWORD status)
{
    switch (status) {
    case USE_OK:
        return USE_STATUS_OK;
    case USE_PAUSED:
        return USE_STATUS_PAUSED;
    case USE_SESSLOST:
        return USE_STATUS_DISCONNECTED;
    case USE_NETERR:
        return USE_STATUS_ERROR;
    case USE_CONN:
        return USE_STATUS_CONNECTING;
    case USE_RECONN:
        return USE_STATUS_RECONNECTING;
    default:
        return USE_STATUS_ERROR;
    }
}

/* 1 when user names the logon user (with or without the domain). */
static int is_logon_user(const model *m, const char *user)
{
    acct_name a, b;
    if (!m->logon_user || !user)
        return 0;
    if (acct_parse(user, &a, NULL) != CA_OK || acct_parse(m->logon_user, &b, NULL) != CA_OK)
        return 0;
    if (acct_compare(&a, &b) == ACCT_MATCH_SAME)
        return 1;
    /* NetUseEnum splits "user" and "domain": a bare user equal to the logon user's name is the logon user. */
    return a.form == ACCT_PLAIN && !_stricmp(a.name, b.name);
}

/* UTF-8 copy of w (NULL for NULL); sets *bad when w holds a lone surrogate. */
static char *utf8_of(const WCHAR *w, int *bad)
{
    char *s;
    if (!w)
        return NULL;
    s = win_to_utf8(w);
    if (!s && GetLastError() == ERROR_NO_UNICODE_TRANSLATION)
        *bad = 1;
    return s;
}

ca_status usecvt_add_use_info2(model *m, const USE_INFO_2 *arr, DWORD count, DWORD *skipped, ca_error *err)
{
    DWORD i, skip = 0;
    ca_status st = CA_OK;
    for (i = 0; i < count && st == CA_OK; i++) {
        const USE_INFO_2 *u = &arr[i];
        char *local = NULL, *remote = NULL, *user = NULL, *domain = NULL, *full = NULL;
        const char *who = NULL;
        int bad = 0;
        ca_error e;
        if (!u->ui2_remote || !u->ui2_remote[0]) {
            skip++;
            continue;
        }
        local = utf8_of(u->ui2_local && u->ui2_local[0] ? u->ui2_local : NULL, &bad);
        remote = utf8_of(u->ui2_remote, &bad);
        user = utf8_of(u->ui2_username && u->ui2_username[0] ? u->ui2_username : NULL, &bad);
        domain = utf8_of(u->ui2_domainname && u->ui2_domainname[0] ? u->ui2_domainname : NULL, &bad);
        if (bad) {
            skip++; /* a lone surrogate: listed nowhere rather than under a U+FFFD look-alike */
            goto next;
        }
        if (!remote || (u->ui2_local && u->ui2_local[0] && !local) ||
            (u->ui2_username && u->ui2_username[0] && !user) ||
            (u->ui2_domainname && u->ui2_domainname[0] && !domain)) {
            st = ca_fail(err, CA_ERR_NOMEM, "out of memory reading the connection list");
            goto next;
        }
        if (user && domain && !strchr(user, '\\') && !strchr(user, '@')) {
            size_t n = strlen(user) + strlen(domain) + 2;
            full = malloc(n);
            if (!full) {
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory reading the connection list");
                goto next;
            }
            snprintf(full, n, "%s\\%s", domain, user);
            who = full;
        } else {
            who = user;
        }
        if (who && is_logon_user(m, who))
            who = NULL;
        {
            DWORD refs = u->ui2_refcount, uses = u->ui2_usecount;
            ca_status s = model_add_use(m, local, remote, who, usecvt_status(u->ui2_status),
                                        refs > 0x7fffffff ? 0x7fffffff : (int)refs,
                                        uses > 0x7fffffff ? 0x7fffffff : (int)uses, &e);
            if (s == CA_ERR_NOMEM)
                st = ca_fail(err, s, "%s", e.msg);
            else if (s != CA_OK)
                skip++; /* a name the core cannot parse: listed nowhere rather than failing the snapshot */
        }
    next:
        free(local);
        free(remote);
        free(user);
        free(domain);
        free(full);
    }
    if (skipped)
        *skipped = skip;
    return st;
}
