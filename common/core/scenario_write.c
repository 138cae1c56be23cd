/* Scenario writer: a model as scenario text that scenario_parse loads back, quoting per the format. */
#include "scenario_write.h"

#include <string.h>

#include "scenario.h"

const char *scenario_status_word(model_use_status s)
{
    switch (s) {
    case USE_STATUS_UNAVAILABLE:
        return "unavailable";
    case USE_STATUS_DISCONNECTED:
    case USE_STATUS_ERROR:
    case USE_STATUS_RECONNECTING:
        return "disconnected";
    case USE_STATUS_OK:
    case USE_STATUS_PAUSED:
    case USE_STATUS_CONNECTING:
    default:
        return "ok";
    }
}

/* Why a field cannot be written, or NULL when it can. */
static const char *unwritable(const char *s, int may_be_empty)
{
    if (!s)
        return may_be_empty ? NULL : "is missing";
    if (!*s && !may_be_empty)
        return "is empty";
    if (strchr(s, '"'))
        return "contains a double quote, which a scenario cannot hold";
    if (!scenario_text_ok(s))
        return "contains a control character or invalid UTF-8";
    return NULL;
}

static int needs_quotes(const char *s, int positional)
{
    return !*s || s[0] == '#' || strpbrk(s, " \t") || (positional && strchr(s, '='));
}

static void add_field(strbuf *out, const char *s)
{
    strbuf_add(out, " ");
    if (needs_quotes(s, 1)) {
        strbuf_add(out, "\"");
        strbuf_add(out, s);
        strbuf_add(out, "\"");
    } else {
        strbuf_add(out, s);
    }
}

static void add_option(strbuf *out, const char *key, const char *value)
{
    strbuf_addf(out, " %s=", key);
    if (needs_quotes(value, 0))
        strbuf_addf(out, "\"%s\"", value);
    else
        strbuf_add(out, value);
}

/* A record that cannot be written: fails, or (lenient) notes it in a comment. */
static ca_status refuse(strbuf *out, unsigned flags, size_t *left_out, ca_error *err, const char *record,
                        size_t number, const char *field, const char *why)
{
    if (!(flags & SCENARIO_WRITE_LENIENT))
        return ca_fail(err, CA_ERR_INVALID, "cannot write %s record %zu as a scenario: its %s %s", record,
                       number, field, why);
    strbuf_addf(out, "# left out: %s record %zu, because its %s %s\n", record, number, field, why);
    (*left_out)++;
    return CA_OK;
}

static ca_status write_uses(strbuf *out, const model *m, unsigned flags, size_t *left_out, ca_error *err)
{
    size_t i;
    for (i = 0; i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        const char *field = "remote path", *why = unwritable(u->remote, 0);
        if (!why && u->local && (why = unwritable(u->local, 0)) != NULL)
            field = "local device";
        if (!why && u->user && (why = unwritable(u->user, 0)) != NULL)
            field = "user";
        if (why) {
            ca_status st = refuse(out, flags, left_out, err, "use", i + 1, field, why);
            if (st != CA_OK)
                return st;
            continue;
        }
        strbuf_add(out, "use");
        add_field(out, u->local ? u->local : "-");
        add_field(out, u->remote);
        if (u->user)
            add_option(out, "user", u->user);
        add_option(out, "status", scenario_status_word(u->status));
        if (u->open_files >= 0)
            strbuf_addf(out, " open=%d", u->open_files);
        strbuf_add(out, "\n");
    }
    return CA_OK;
}

static ca_status write_creds(strbuf *out, const model *m, unsigned flags, size_t *left_out, ca_error *err)
{
    size_t i;
    for (i = 0; i < m->cred_count; i++) {
        const model_cred *c = &m->creds[i];
        const char *target = c->raw_target ? c->raw_target : c->target;
        const char *why = unwritable(target, 0), *field = "target";
        if (!why && (why = unwritable(c->user, c->type == CRED_KIND_GENERIC)))
            field = "user";
        if (why) {
            ca_status st = refuse(out, flags, left_out, err, "cred", i + 1, field, why);
            if (st != CA_OK)
                return st;
            continue;
        }
        strbuf_add(out, "cred");
        add_field(out, target);
        add_field(out, c->user ? c->user : "");
        if (c->type == CRED_KIND_GENERIC)
            strbuf_add(out, " type=generic");
        strbuf_add(out, "\n");
    }
    return CA_OK;
}

static ca_status write_dfs_hosts(strbuf *out, const model *m, unsigned flags, size_t *left_out, ca_error *err)
{
    size_t i, k;
    ca_status st;
    for (i = 0; i < m->dfs_count; i++) {
        const char *why = unwritable(m->dfs[i].path, 0), *field = "path";
        if (!why && (why = unwritable(m->dfs[i].target, 0)))
            field = "target";
        if (why) {
            if ((st = refuse(out, flags, left_out, err, "dfs", i + 1, field, why)) != CA_OK)
                return st;
            continue;
        }
        strbuf_add(out, "dfs");
        add_field(out, m->dfs[i].path);
        add_field(out, m->dfs[i].target);
        strbuf_add(out, "\n");
    }
    for (i = 0; i < m->host_count; i++) {
        const model_host *h = &m->hosts[i];
        const char *why = NULL;
        if (h->count < 2)
            continue; /* one name alone says nothing about other names (host srv srv loads so) */
        for (k = 0; k < h->count && !why; k++)
            if (unwritable(h->names[k], 0))
                why = "include one a scenario cannot hold";
        if (why) {
            if ((st = refuse(out, flags, left_out, err, "host", i + 1, "names", why)) != CA_OK)
                return st;
            continue;
        }
        strbuf_add(out, "host");
        for (k = 0; k < h->count; k++)
            add_field(out, h->names[k]);
        strbuf_add(out, "\n");
    }
    return CA_OK;
}

/* Comment lines for what the model says about its own data. */
static void write_notes(strbuf *out, const model *m)
{
    size_t i, mapped = 0;
    if (m->source[0])
        strbuf_addf(out, "# connections read from: %s\n", m->source);
    if (m->elevated == 1)
        strbuf_add(out, "# elevated: yes - this is the administrator token's logon session; Explorer's "
                        "(non-elevated) session may have other connections\n");
    else if (m->elevated == 0)
        strbuf_add(out, "# elevated: no\n");
    else
        strbuf_add(out, "# elevated: unknown\n");
    if (m->users_unknown)
        strbuf_add(out,
                   "# not read: the user names of some connections (the data source names only the logon "
                   "user); they are written as default credentials\n");
    if (m->skipped_uses > 0)
        strbuf_addf(out,
                    "# not read: %d connection%s the data source listed but ConnectAs could not "
                    "understand\n",
                    m->skipped_uses, m->skipped_uses == 1 ? "" : "s");
    for (i = 0; i < m->use_count; i++)
        mapped += m->uses[i].status != USE_STATUS_OK && m->uses[i].status != USE_STATUS_DISCONNECTED &&
                  m->uses[i].status != USE_STATUS_UNAVAILABLE;
    if (mapped)
        strbuf_addf(out,
                    "# %zu connection%s had a status the format has no word for (paused, connecting, "
                    "reconnecting or error): written as ok or disconnected, which hold the session "
                    "the same way\n",
                    mapped, mapped == 1 ? "" : "s");
}

ca_status scenario_write(strbuf *out, const model *m, const char *const *comments, size_t count,
                         unsigned flags, size_t *left_out, ca_error *err)
{
    size_t dummy = 0, i;
    const char *why;
    ca_status st;
    if (!left_out)
        left_out = &dummy;
    *left_out = 0;
    if (!out || !m)
        return ca_fail(err, CA_ERR_INVALID, "no model to write");
    for (i = 0; i < count; i++) {
        if (!comments[i] || strpbrk(comments[i], "\r\n") || !scenario_text_ok(comments[i]))
            return ca_fail(err, CA_ERR_INVALID, "comment %zu is not one line of text", i + 1);
        strbuf_addf(out, "# %s\n", comments[i]);
    }
    write_notes(out, m);
    if ((why = unwritable(m->logon_user, 0)) != NULL)
        return ca_fail(err, CA_ERR_INVALID, "cannot write the logon record as a scenario: the logon user %s",
                       why);
    strbuf_add(out, "logon");
    add_field(out, m->logon_user);
    strbuf_add(out, "\n");
    if ((st = write_uses(out, m, flags, left_out, err)) != CA_OK ||
        (st = write_creds(out, m, flags, left_out, err)) != CA_OK ||
        (st = write_dfs_hosts(out, m, flags, left_out, err)) != CA_OK)
        return st;
    if (out->failed)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory writing the scenario");
    return CA_OK;
}
