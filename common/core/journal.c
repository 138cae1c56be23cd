/* Temporary-connection journal records: what a connection created (a before/after diff), due times, text
 * form. */
#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "text.h"
#include "unc.h"

#define JOURNAL_VERSION "1"
#define JOURNAL_MAX_LINE 8192

/* Sets *dst to a copy of s (NULL stays NULL); 0 on allocation failure. */
static int set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = text_dup(s);
    return !s || *dst;
}

void journal_rec_cleanup(journal_rec *rec)
{
    if (!rec)
        return;
    free(rec->session);
    free(rec->requested);
    free(rec->server);
    free(rec->remote);
    free(rec->local);
    free(rec->user);
    free(rec->cred_target);
    free(rec->cred_user);
    memset(rec, 0, sizeof(*rec));
}

static int name_listed(const char *server, const char *const *names, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (unc_server_equal(server, names[i]))
            return 1;
    return 0;
}

static int same_device(const char *a, const char *b)
{
    return (!a && !b) || (a && b && text_eq_ci(a, b));
}

/* The use of `before` with this device and remote, or NULL. */
static const model_use *find_before(const model *before, const model_use *u)
{
    size_t i;
    for (i = 0; i < before->use_count; i++) {
        const model_use *b = &before->uses[i];
        if (same_device(b->local, u->local) && text_eq_ci(b->remote, u->remote))
            return b;
    }
    return NULL;
}

/* 1 when `before` had letter remembered (connected or not, HKCU\Network). */
static int letter_remembered(const model *before, const char *local)
{
    long i = local ? model_find_local(before, local) : -1;
    return i >= 0 && before->uses[i].status == USE_STATUS_UNAVAILABLE;
}

static const model_use *new_use(const model *before, const model *after, const char *const *names,
                                size_t count, const char *remote)
{
    const model_use *first = NULL;
    size_t i;
    for (i = 0; i < after->use_count; i++) {
        const model_use *u = &after->uses[i], *b;
        if (u->status == USE_STATUS_UNAVAILABLE || !name_listed(u->server, names, count))
            continue;
        b = find_before(before, u);
        if (b && b->status != USE_STATUS_UNAVAILABLE)
            continue; /* it was connected before: not ours */
        if (remote && text_eq_ci(u->remote, remote))
            return u;
        if (!first)
            first = u;
    }
    return first;
}

static const model_cred *new_cred(const model *before, const model *after, const char *const *names,
                                  size_t count)
{
    size_t i, k;
    for (i = 0; i < after->cred_count; i++) {
        const model_cred *c = &after->creds[i];
        int seen = 0;
        if (c->type != CRED_KIND_DOMAIN || !name_listed(c->target, names, count))
            continue;
        for (k = 0; k < before->cred_count && !seen; k++)
            seen = before->creds[k].type == c->type && text_eq_ci(before->creds[k].raw_target, c->raw_target);
        if (!seen)
            return c;
    }
    return NULL;
}

ca_status journal_rec_from_connect(const model *before, const model *after, const char *const *names,
                                   size_t count, const char *requested, const char *remote, int remember,
                                   journal_rec *rec, ca_error *err)
{
    const model_use *u;
    const model_cred *c;
    memset(rec, 0, sizeof(*rec));
    if (!before || !after || !names || !count || !requested)
        return ca_fail(err, CA_ERR_INVALID, "journal: no states or names to compare");
    u = new_use(before, after, names, count, remote);
    c = new_cred(before, after, names, count);
    if (!u && !c)
        return ca_fail(err, CA_ERR_NOT_FOUND,
                       "the connection and its credential existed before: nothing of it is temporary");
    if (!set_str(&rec->requested, requested) || !set_str(&rec->server, u ? u->server : c->target) ||
        !set_str(&rec->session, ""))
        goto oom;
    if (u) {
        if (!set_str(&rec->remote, u->remote) || !set_str(&rec->local, u->local) ||
            !set_str(&rec->user, u->user))
            goto oom;
        rec->remembered =
            remember && u->local && u->kind == USE_KIND_DRIVE && !letter_remembered(before, u->local);
    }
    if (c && (!set_str(&rec->cred_target, c->raw_target) || !set_str(&rec->cred_user, c->user)))
        goto oom;
    rec->elevated = after->elevated == 1;
    return CA_OK;
oom:
    journal_rec_cleanup(rec);
    return ca_fail(err, CA_ERR_NOMEM, "out of memory");
}

ca_status journal_rec_stamp(journal_rec *rec, long long now, long minutes, const char *session, ca_error *err)
{
    static unsigned counter;
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char tmp[32];
    unsigned long long v = (unsigned long long)(now < 0 ? 0 : now);
    size_t n = 0, i;
    rec->created = now;
    rec->expires = minutes > 0 ? now + (long long)minutes * 60 : 0;
    if (!set_str(&rec->session, session ? session : ""))
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    /* "t" + the time and a per-process counter in base 36, plus the drive or a hash of the remote. */
    do {
        tmp[n++] = digits[v % 36];
        v /= 36;
    } while (v && n < 14);
    rec->id[0] = 't';
    for (i = 0; i < n; i++)
        rec->id[1 + i] = tmp[n - 1 - i];
    v = ++counter;
    {
        const char *s = rec->remote ? rec->remote : rec->cred_target ? rec->cred_target : "";
        for (; *s; s++)
            v = v * 31 + (unsigned char)text_fold((unsigned char)*s);
    }
    rec->id[1 + n] = '-';
    for (i = 0; i < 8; i++) {
        rec->id[2 + n + i] = digits[v % 36];
        v /= 36;
    }
    rec->id[2 + n + 8] = 0;
    return CA_OK;
}

/* ---- text form ---- */

static int value_ok(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return 0;
    return 1;
}

static void add_kv(strbuf *out, const char *key, const char *value)
{
    if (value)
        strbuf_addf(out, "\t%s=%s", key, value);
}

ca_status journal_rec_format(const journal_rec *rec, strbuf *out, ca_error *err)
{
    const char *const values[] = {rec->id,    rec->session, rec->requested,   rec->server,   rec->remote,
                                  rec->local, rec->user,    rec->cred_target, rec->cred_user};
    size_t i;
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        if (values[i] && !value_ok(values[i]))
            return ca_fail(err, CA_ERR_INVALID, "journal: a value holds a control character");
    if (!rec->id[0] || !rec->requested || !rec->server)
        return ca_fail(err, CA_ERR_INVALID, "journal: the record has no id, request or server");
    strbuf_addf(out, "v=%s\tid=%s\tcreated=%lld\texpires=%lld", JOURNAL_VERSION, rec->id, rec->created,
                rec->expires);
    add_kv(out, "session", rec->session ? rec->session : "");
    add_kv(out, "requested", rec->requested);
    add_kv(out, "server", rec->server);
    add_kv(out, "remote", rec->remote);
    add_kv(out, "local", rec->local);
    add_kv(out, "user", rec->user);
    if (rec->remembered)
        strbuf_add(out, "\tremembered=1");
    if (rec->elevated)
        strbuf_add(out, "\televated=1");
    add_kv(out, "cred_target", rec->cred_target);
    add_kv(out, "cred_user", rec->cred_user);
    if (out->failed)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    return CA_OK;
}

static int parse_number(const char *s, long long *out)
{
    long long v = 0;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (0x7FFFFFFFFFFFFFFFLL - 9) / 10)
            return 0;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 1;
}

/* Checks the parsed record's values the way the model would accept them. */
static ca_status check_rec(const journal_rec *rec, ca_error *err)
{
    unc_path p;
    acct_name a;
    ca_error inner;
    size_t i;
    if (!rec->id[0] || !rec->requested || !rec->server || (!rec->remote && !rec->cred_target))
        return ca_fail(err, CA_ERR_INVALID,
                       "journal record: id, requested, server and remote or cred_target "
                       "are required");
    for (i = 0; rec->id[i]; i++)
        if (!((rec->id[i] >= '0' && rec->id[i] <= '9') || (rec->id[i] >= 'a' && rec->id[i] <= 'z') ||
              rec->id[i] == '-'))
            return ca_fail(err, CA_ERR_INVALID, "journal record: a malformed id");
    memset(&p, 0, sizeof(p));
    if (rec->remote) {
        if (unc_parse(rec->remote, UNC_NEED_SHARE, &p, &inner) != CA_OK)
            return ca_fail(err, CA_ERR_INVALID, "journal record: remote: %s", inner.msg);
        if (!unc_server_equal(p.server, rec->server)) {
            unc_path_cleanup(&p);
            return ca_fail(err, CA_ERR_INVALID, "journal record: the remote is not on the server");
        }
        unc_path_cleanup(&p);
    }
    if (rec->local &&
        !(strlen(rec->local) == 2 && rec->local[1] == ':' &&
          ((rec->local[0] >= 'A' && rec->local[0] <= 'Z') || (rec->local[0] >= 'a' && rec->local[0] <= 'z'))))
        return ca_fail(err, CA_ERR_INVALID, "journal record: local is not a drive letter");
    if (rec->local && !rec->remote)
        return ca_fail(err, CA_ERR_INVALID, "journal record: a drive letter without a remote");
    if ((rec->user && acct_parse(rec->user, &a, &inner) != CA_OK) ||
        (rec->cred_user && acct_parse(rec->cred_user, &a, &inner) != CA_OK))
        return ca_fail(err, CA_ERR_INVALID, "journal record: user: %s", inner.msg);
    if (!rec->cred_target != !rec->cred_user)
        return ca_fail(err, CA_ERR_INVALID, "journal record: a credential needs its target and user");
    return CA_OK;
}

ca_status journal_rec_parse(const char *text, journal_rec *rec, ca_error *err)
{
    char *copy, *field, *next;
    int have_version = 0;
    ca_status st = CA_OK;
    memset(rec, 0, sizeof(*rec));
    if (!text || strlen(text) > JOURNAL_MAX_LINE)
        return ca_fail(err, CA_ERR_INVALID, "journal record: empty or longer than %d bytes",
                       JOURNAL_MAX_LINE);
    copy = text_dup(text);
    if (!copy)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    for (field = copy; field && st == CA_OK; field = next) {
        char *eq, **slot = NULL;
        const char *key, *value;
        next = strchr(field, '\t');
        if (next)
            *next++ = 0;
        eq = strchr(field, '=');
        if (!eq) {
            st = ca_fail(err, CA_ERR_INVALID, "journal record: a field without '='");
            break;
        }
        *eq = 0;
        key = field;
        value = eq + 1;
        if (!value_ok(value)) {
            st = ca_fail(err, CA_ERR_INVALID, "journal record: a control character");
        } else if (!strcmp(key, "v")) {
            have_version = !strcmp(value, JOURNAL_VERSION);
            if (!have_version)
                st = ca_fail(err, CA_ERR_INVALID, "journal record: version %.8s is not known", value);
        } else if (!strcmp(key, "id")) {
            size_t n = strlen(value);
            if (n >= sizeof(rec->id))
                st = ca_fail(err, CA_ERR_INVALID, "journal record: id too long");
            else
                memcpy(rec->id, value, n + 1);
        } else if (!strcmp(key, "created") || !strcmp(key, "expires")) {
            if (!parse_number(value, key[0] == 'c' ? &rec->created : &rec->expires))
                st = ca_fail(err, CA_ERR_INVALID, "journal record: %s is not a number", key);
        } else if (!strcmp(key, "remembered")) {
            rec->remembered = !strcmp(value, "1");
        } else if (!strcmp(key, "elevated")) {
            rec->elevated = !strcmp(value, "1");
        } else {
            slot = !strcmp(key, "session")       ? &rec->session
                   : !strcmp(key, "requested")   ? &rec->requested
                   : !strcmp(key, "server")      ? &rec->server
                   : !strcmp(key, "remote")      ? &rec->remote
                   : !strcmp(key, "local")       ? &rec->local
                   : !strcmp(key, "user")        ? &rec->user
                   : !strcmp(key, "cred_target") ? &rec->cred_target
                   : !strcmp(key, "cred_user")   ? &rec->cred_user
                                                 : NULL;
            /* Unknown keys of this version are refused: a record is only acted on when fully understood. */
            if (!slot)
                st = ca_fail(err, CA_ERR_INVALID, "journal record: unknown field '%.20s'", key);
            else if (*slot)
                st = ca_fail(err, CA_ERR_INVALID, "journal record: field '%s' given twice", key);
            else if (!set_str(slot, value))
                st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
        }
    }
    free(copy);
    if (st == CA_OK && !have_version)
        st = ca_fail(err, CA_ERR_INVALID, "journal record: no version");
    if (st == CA_OK && !rec->session && !set_str(&rec->session, ""))
        st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (st == CA_OK)
        st = check_rec(rec, err);
    if (st != CA_OK)
        journal_rec_cleanup(rec);
    return st;
}

int journal_rec_is_due(const journal_rec *rec, long long now, const char *session, int all)
{
    if (all)
        return 1;
    if (session && *session && rec->session && *rec->session && strcmp(session, rec->session))
        return 1;
    return rec->expires > 0 && rec->expires <= now;
}

long long journal_next_due(const journal_rec *recs, size_t count, long long now, const char *session)
{
    long long next = 0;
    size_t i;
    for (i = 0; i < count; i++) {
        long long when;
        if (journal_rec_is_due(&recs[i], now, session, 0))
            return now;
        when = recs[i].expires;
        if (when > 0 && (!next || when < next))
            next = when;
    }
    return next;
}
