/* Rendering predictions and slot lists as plain English text and as JSON (the CLI contract). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "acct.h"

/* ---- Shared helpers ---- */

static const char *use_name(const model_use *u)
{
    return u->local ? u->local : u->remote;
}

static const char *reason_name(predict_reason r)
{
    switch (r) {
    case REASON_NO_SLOT:
        return "no_slot";
    case REASON_SAME_USER:
        return "same_user";
    case REASON_DEFAULT_REUSES:
        return "default_reuses";
    case REASON_DEFAULT_MATCHES:
        return "default_matches";
    case REASON_DEFAULT_THEN_EXPLICIT:
        return "default_then_explicit";
    case REASON_OTHER_USER:
        return "other_user";
    case REASON_SPELLING:
        return "spelling";
    case REASON_SAVED_CRED_USER:
        return "saved_cred_user";
    case REASON_DFS:
        return "dfs";
    }
    return "unknown";
}

static const char *warning_name(predict_warning_kind k)
{
    switch (k) {
    case WARN_UNAVAILABLE_REMEMBERED:
        return "unavailable_remembered";
    case WARN_SAME_MACHINE:
        return "same_machine";
    case WARN_OPEN_FILES:
        return "open_files";
    case WARN_ELEVATED:
        return "elevated";
    case WARN_USERS_UNKNOWN:
        return "users_unknown";
    case WARN_SAVED_CRED_USED:
        return "saved_credential_used";
    }
    return "unknown";
}

static const char *slot_kind_name(slot_user_kind k)
{
    switch (k) {
    case SLOT_USER_DEFAULT:
        return "default";
    case SLOT_USER_SAVED:
        return "saved";
    case SLOT_USER_EXPLICIT:
        return "explicit";
    }
    return "unknown";
}

static const char *name_kind_id(unc_name_kind k)
{
    switch (k) {
    case UNC_NAME_NETBIOS:
        return "netbios";
    case UNC_NAME_FQDN:
        return "fqdn";
    case UNC_NAME_IPV4:
        return "ipv4";
    case UNC_NAME_IPV6:
        return "ipv6";
    }
    return "unknown";
}

/* Who a use signs in as: its own user, else its slot's (the prediction's slot
 * for same-name uses, otherwise a saved credential or the logon user). */
static const char *use_user(const model *m, const prediction *p, const model_use *u)
{
    const model_cred *c;
    if (u->user && *u->user)
        return u->user;
    if (p && p->has_slot && unc_server_equal(u->server, p->server))
        return p->slot_user;
    c = model_match_cred(m, u->server);
    return c ? c->user : m->logon_user;
}

/* "O:", "O: and W:", "O:, W: and Y:" */
static void add_name_list(strbuf *out, const model *m, const size_t *uses, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        if (i)
            strbuf_add(out, i + 1 == count ? " and " : ", ");
        strbuf_add(out, use_name(&m->uses[uses[i]]));
    }
}

static void add_json_use(strbuf *out, const model_use *u)
{
    strbuf_add(out, "{\"local\":");
    strbuf_add_json_string(out, u->local);
    strbuf_add(out, ",\"remote\":");
    strbuf_add_json_string(out, u->remote);
}

static void add_json_int_or_null(strbuf *out, int v)
{
    if (v < 0)
        strbuf_add(out, "null");
    else
        strbuf_addf(out, "%d", v);
}

/* ---- check: text ---- */

static void text_who(strbuf *out, const prediction *p)
{
    if (!p->slot_user) {
        strbuf_add(out, "with default credentials");
        return;
    }
    strbuf_addf(out, "as %s", p->slot_user);
}

/* The conflicting uses of the same name (DFS-related ones are named apart). */
static size_t same_name_conflicts(const prediction *p, size_t *buf)
{
    size_t i, n = 0;
    for (i = 0; i < p->conflict_count; i++)
        if (!p->conflicts[i].via_dfs)
            buf[n++] = p->conflicts[i].use;
    return n;
}

static size_t dfs_conflicts(const prediction *p, size_t *buf)
{
    size_t i, n = 0;
    for (i = 0; i < p->conflict_count; i++)
        if (p->conflicts[i].via_dfs)
            buf[n++] = p->conflicts[i].use;
    return n;
}

/* The uses of the slot now (for the "ok" explanations), model order. */
static size_t slot_uses(const model *m, const prediction *p, size_t *buf)
{
    size_t i, n = 0;
    for (i = 0; i < m->use_count; i++)
        if (m->uses[i].status != USE_STATUS_UNAVAILABLE && unc_server_equal(m->uses[i].server, p->server))
            buf[n++] = i;
    return n;
}

static void text_explain(strbuf *out, const model *m, const prediction *p, size_t *buf)
{
    const char *srv = p->server;
    size_t n;
    switch (p->reason) {
    case REASON_NO_SLOT:
        strbuf_addf(out, "Nothing is connected to %s yet, so this connection gets a session of its own", srv);
        if (!p->requested_user && p->effective_user)
            strbuf_addf(out, " and signs in as %s", p->effective_user);
        strbuf_add(out, ".\n");
        return;
    case REASON_SAME_USER:
        n = slot_uses(m, p, buf);
        strbuf_addf(out, "You are already connected to %s as %s through ", srv, p->slot_user);
        add_name_list(out, m, buf, n);
        strbuf_add(out, "; the new connection shares that session.\n");
        return;
    case REASON_DEFAULT_REUSES:
        n = slot_uses(m, p, buf);
        strbuf_addf(out, "You are connected to %s as %s through ", srv, p->slot_user);
        add_name_list(out, m, buf, n);
        strbuf_addf(out,
                    ". A connection without a user name most likely reuses that session, so it signs in "
                    "as %s too.\n",
                    p->slot_user);
        return;
    case REASON_DEFAULT_MATCHES:
        n = slot_uses(m, p, buf);
        strbuf_addf(out, "You are connected to %s ", srv);
        text_who(out, p);
        strbuf_add(out, " through ");
        add_name_list(out, m, buf, n);
        strbuf_add(out, ", made without a user name like this one: they share the session.\n");
        return;
    default:
        break;
    }

    /* A conflict. */
    n = same_name_conflicts(p, buf);
    if (n) {
        strbuf_addf(out, "You are connected to %s ", srv);
        text_who(out, p);
        strbuf_add(out, " through ");
        add_name_list(out, m, buf, n);
        strbuf_addf(out,
                    ". Windows allows one user per server name in a logon session, so it refuses a "
                    "second user for %s until every one of these connections is closed.\n",
                    srv);
    }
    switch (p->reason) {
    case REASON_DEFAULT_THEN_EXPLICIT:
        strbuf_add(out, "They were made without a user name (default credentials); naming a user now, even "
                        "the same one, counts as different credentials");
        if (p->certainty != CERTAINTY_HIGH)
            strbuf_add(out, " (likely: not confirmed for a saved credential's own user)");
        strbuf_add(out, ".\n");
        if (p->slot_user && p->requested_user &&
            acct_compare_text(p->slot_user, p->requested_user) != ACCT_MATCH_DIFFERENT)
            strbuf_addf(out,
                        "They already sign you in as %s: connect without giving a user name and the "
                        "session is shared.\n",
                        p->slot_user);
        break;
    case REASON_SAVED_CRED_USER:
        strbuf_addf(out,
                    "They were made without a user name, so Windows signed in with the credential saved "
                    "in Credential Manager for this server: %s.\n",
                    p->slot_user ? p->slot_user : "(unknown user)");
        break;
    case REASON_SPELLING:
        strbuf_addf(out,
                    "%s and %s are probably the same account written differently, but Windows compares "
                    "user names as typed, so this most likely fails too.\n",
                    p->requested_user, p->slot_user);
        break;
    case REASON_DFS:
        n = dfs_conflicts(p, buf);
        strbuf_add(out, "This goes through DFS: the namespace path and the server holding the data each "
                        "have a session, and ");
        add_name_list(out, m, buf, n);
        strbuf_add(out, n == 1 ? " holds" : " hold");
        strbuf_add(out, " one of them with other credentials (likely; DFS adds a second server).\n");
        return;
    default:
        break;
    }
    n = dfs_conflicts(p, buf);
    if (n) {
        strbuf_add(out, "Through DFS, ");
        add_name_list(out, m, buf, n);
        strbuf_add(out, n == 1 ? " also holds" : " also hold");
        strbuf_add(out, " a session to the same server.\n");
    }
}

static void text_use_line(strbuf *out, const model *m, const prediction *p, size_t use, int via_dfs)
{
    const model_use *u = &m->uses[use];
    const char *who = use_user(m, p, u);
    strbuf_addf(out, "  %-6s %s  as %s", u->local ? u->local : "-", u->remote, who ? who : "(unknown user)");
    strbuf_add(out, u->user && *u->user ? " (user named)" : " (made without a user name)");
    if (u->open_files > 0)
        strbuf_addf(out, ", %d open file%s", u->open_files, u->open_files == 1 ? "" : "s");
    if (u->kind == USE_KIND_IPC)
        strbuf_add(out, ", no drive letter (IPC$: made by browsing or programs)");
    else if (u->kind == USE_KIND_DRIVELESS)
        strbuf_add(out, ", no drive letter");
    if (via_dfs)
        strbuf_add(out, ", through DFS");
    strbuf_add(out, "\n");
}

static void text_fix(strbuf *out, const model *m, const prediction *p, const predict_fix *f, int number)
{
    const model_cred *c;
    strbuf_addf(out, "  %d. ", number);
    switch (f->kind) {
    case FIX_USE_SPELLING:
        strbuf_addf(out, "Type the user name exactly as the existing connection has it: %s.\n",
                    f->user ? f->user : "(unknown)");
        return;
    case FIX_DISCONNECT:
        strbuf_add(out, "Disconnect ");
        add_name_list(out, m, f->uses, f->use_count);
        strbuf_addf(out,
                    " (every connection to %s, including those without a drive letter), then connect "
                    "again.",
                    p->server);
        if (f->open_files > 0)
            strbuf_addf(out, " Close the %d open file%s first.", f->open_files,
                        f->open_files == 1 ? "" : "s");
        strbuf_add(out, "\n");
        return;
    case FIX_ALIAS:
        strbuf_addf(out, "Connect through another name of the same computer: %s (%s). %s\n",
                    f->alias_path ? f->alias_path : "", unc_name_kind_name(f->alias_kind), f->caveat);
        return;
    case FIX_FORGET_CREDENTIAL:
        c = f->cred >= 0 && (size_t)f->cred < m->cred_count ? &m->creds[f->cred] : NULL;
        if (!c) {
            strbuf_add(out, "Remove the saved credential in Credential Manager.\n");
            return;
        }
        strbuf_addf(out,
                    "Remove the credential saved for %s (%s) in Credential Manager, so that "
                    "connections made without a user name stop signing in as %s. This alone does not "
                    "close the connections above.\n",
                    c->raw_target ? c->raw_target : c->target, c->user ? c->user : "(unknown user)",
                    c->user ? c->user : "that user");
        return;
    }
}

void render_check_text(strbuf *out, const model *m, const prediction *p)
{
    size_t i, *buf;
    const char *path;
    if (!out || !m || !p)
        return;
    buf = m->use_count ? calloc(m->use_count, sizeof(*buf)) : NULL;
    if (m->use_count && !buf) {
        out->failed = 1;
        return;
    }
    path = p->target.full ? p->target.full : p->server;
    strbuf_addf(out, "Connecting to %s ", path ? path : "(unknown path)");
    if (p->requested_user)
        strbuf_addf(out, "as %s", p->requested_user);
    else
        strbuf_add(out, "without a user name");
    if (p->verdict == VERDICT_CONFLICT)
        strbuf_addf(out, " would %sfail with error 1219.\n",
                    p->certainty == CERTAINTY_HIGH ? "" : "most likely ");
    else
        strbuf_addf(out, " does not run into error 1219%s.\n",
                    p->certainty == CERTAINTY_HIGH ? "" : " (most likely)");
    text_explain(out, m, p, buf);

    if (p->conflict_count) {
        strbuf_add(out, "\nConnections holding that session:\n");
        for (i = 0; i < p->conflict_count; i++)
            text_use_line(out, m, p, p->conflicts[i].use, p->conflicts[i].via_dfs);
    }
    if (p->warning_count) {
        strbuf_add(out, "\nNote:\n");
        for (i = 0; i < p->warning_count; i++)
            strbuf_addf(out, "  - %s\n", p->warnings[i].text);
    }
    if (m->skipped_uses > 0)
        strbuf_addf(out, "%s  - %d connection%s could not be read and %s not included.\n",
                    p->warning_count ? "" : "\nNote:\n", m->skipped_uses, m->skipped_uses == 1 ? "" : "s",
                    m->skipped_uses == 1 ? "is" : "are");
    if (p->fix_count) {
        strbuf_add(out, "\nWhat you can do:\n");
        for (i = 0; i < p->fix_count; i++)
            text_fix(out, m, p, &p->fixes[i], (int)i + 1);
        strbuf_add(out,
                   "If 1219 persists after disconnecting, wait: Windows drops an idle session after about "
                   "10 minutes (the server after 15), and signing out of Windows clears every session.\n");
    }
    free(buf);
}

/* ---- check: JSON ---- */

static void json_fix(strbuf *out, const model *m, const predict_fix *f)
{
    size_t i;
    const model_cred *c;
    strbuf_add(out, "{\"kind\":");
    strbuf_add_json_string(out, predict_fix_kind_name(f->kind));
    switch (f->kind) {
    case FIX_DISCONNECT:
        strbuf_add(out, ",\"uses\":[");
        for (i = 0; i < f->use_count; i++) {
            if (i)
                strbuf_add(out, ",");
            add_json_use(out, &m->uses[f->uses[i]]);
            strbuf_add(out, "}");
        }
        strbuf_addf(out, "],\"open_files\":%d", f->open_files);
        break;
    case FIX_ALIAS:
        strbuf_add(out, ",\"alias\":");
        strbuf_add_json_string(out, f->alias);
        strbuf_add(out, ",\"alias_kind\":");
        strbuf_add_json_string(out, name_kind_id(f->alias_kind));
        strbuf_add(out, ",\"path\":");
        strbuf_add_json_string(out, f->alias_path);
        strbuf_add(out, ",\"certainty\":");
        strbuf_add_json_string(out, predict_certainty_name(f->alias_certainty));
        strbuf_add(out, ",\"caveat\":");
        strbuf_add_json_string(out, f->caveat);
        break;
    case FIX_FORGET_CREDENTIAL:
        c = f->cred >= 0 && (size_t)f->cred < m->cred_count ? &m->creds[f->cred] : NULL;
        strbuf_add(out, ",\"target\":");
        strbuf_add_json_string(out, c ? c->target : NULL);
        strbuf_add(out, ",\"raw_target\":");
        strbuf_add_json_string(out, c ? (c->raw_target ? c->raw_target : c->target) : NULL);
        strbuf_add(out, ",\"user\":");
        strbuf_add_json_string(out, c ? c->user : NULL);
        strbuf_add(out, ",\"type\":\"domain\"");
        break;
    case FIX_USE_SPELLING:
        strbuf_add(out, ",\"user\":");
        strbuf_add_json_string(out, f->user);
        break;
    }
    strbuf_add(out, "}");
}

/* The first explanation sentence, for scripts that show one line. */
static void json_explanation(strbuf *out, const model *m, const prediction *p)
{
    strbuf tmp;
    size_t *buf = m->use_count ? calloc(m->use_count, sizeof(*buf)) : NULL;
    const char *s, *nl;
    strbuf_init(&tmp);
    if (!m->use_count || buf)
        text_explain(&tmp, m, p, buf);
    free(buf);
    s = strbuf_str(&tmp);
    nl = strchr(s, '\n');
    if (nl)
        tmp.data[nl - s] = 0;
    strbuf_add_json_string(out, s);
    strbuf_cleanup(&tmp);
}

void render_check_json(strbuf *out, const model *m, const prediction *p)
{
    size_t i;
    if (!out || !m || !p)
        return;
    strbuf_add(out, "{\"verdict\":");
    strbuf_add_json_string(out, p->verdict == VERDICT_CONFLICT ? "conflict" : "ok");
    strbuf_add(out, ",\"path\":");
    strbuf_add_json_string(out, p->target.full);
    strbuf_add(out, ",\"server\":");
    strbuf_add_json_string(out, p->server);
    strbuf_add(out, ",\"requested_user\":");
    strbuf_add_json_string(out, p->requested_user);
    strbuf_add(out, ",\"effective_user\":");
    strbuf_add_json_string(out, p->effective_user);
    strbuf_add(out, ",\"slot_user\":");
    strbuf_add_json_string(out, p->slot_user);
    strbuf_add(out, ",\"slot_user_kind\":");
    strbuf_add_json_string(out, p->has_slot ? slot_kind_name(p->slot_user_kind) : NULL);
    strbuf_add(out, ",\"certainty\":");
    strbuf_add_json_string(out, predict_certainty_name(p->certainty));
    strbuf_add(out, ",\"reason\":");
    strbuf_add_json_string(out, reason_name(p->reason));
    strbuf_add(out, ",\"explanation\":");
    json_explanation(out, m, p);

    strbuf_add(out, ",\"conflicts\":[");
    for (i = 0; i < p->conflict_count; i++) {
        const model_use *u = &m->uses[p->conflicts[i].use];
        if (i)
            strbuf_add(out, ",");
        add_json_use(out, u);
        strbuf_add(out, ",\"user\":");
        strbuf_add_json_string(out, u->user && *u->user ? u->user : NULL);
        strbuf_add(out, ",\"signs_in_as\":");
        strbuf_add_json_string(out, use_user(m, p, u));
        strbuf_add(out, ",\"kind\":");
        strbuf_add_json_string(out, model_use_kind_name(u->kind));
        strbuf_add(out, ",\"status\":");
        strbuf_add_json_string(out, model_use_status_name(u->status));
        strbuf_add(out, ",\"open_files\":");
        add_json_int_or_null(out, u->open_files);
        strbuf_addf(out, ",\"via_dfs\":%s}", p->conflicts[i].via_dfs ? "true" : "false");
    }
    strbuf_add(out, "],\"fixes\":[");
    for (i = 0; i < p->fix_count; i++) {
        if (i)
            strbuf_add(out, ",");
        json_fix(out, m, &p->fixes[i]);
    }
    strbuf_add(out, "],\"warnings\":[");
    for (i = 0; i < p->warning_count; i++) {
        const predict_warning *w = &p->warnings[i];
        const model_use *u = w->use >= 0 && (size_t)w->use < m->use_count ? &m->uses[w->use] : NULL;
        if (i)
            strbuf_add(out, ",");
        strbuf_add(out, "{\"kind\":");
        strbuf_add_json_string(out, warning_name(w->kind));
        strbuf_add(out, ",\"local\":");
        strbuf_add_json_string(out, u ? u->local : NULL);
        strbuf_add(out, ",\"remote\":");
        strbuf_add_json_string(out, u ? u->remote : NULL);
        strbuf_add(out, ",\"text\":");
        strbuf_add_json_string(out, w->text);
        strbuf_add(out, "}");
    }
    strbuf_addf(out, "],\"skipped_uses\":%d,\"source\":", m->skipped_uses > 0 ? m->skipped_uses : 0);
    strbuf_add_json_string(out, m->source[0] ? m->source : NULL);
    strbuf_addf(out, ",\"elevated\":%s}\n", m->elevated == 1 ? "true" : m->elevated == 0 ? "false" : "null");
}

/* ---- list ---- */

void render_list_text(strbuf *out, const model *m, const model_slots *slots)
{
    size_t i, k, n;
    if (!out || !m || !slots)
        return;
    strbuf_addf(out, "Signed in to Windows as %s.\n", m->logon_user ? m->logon_user : "(unknown user)");
    if (m->elevated == 1)
        strbuf_add(out, "These are the elevated (administrator) session's connections; Explorer's normal "
                        "session has its own.\n");
    if (!slots->count)
        strbuf_add(out, "\nNo network connections.\n");
    else
        strbuf_add(out, "\nConnections by server name (one session, one user each):\n");
    for (i = 0; i < slots->count; i++) {
        const model_slot *s = &slots->items[i];
        strbuf_addf(out, "  %s: as %s", s->server, s->user ? s->user : "(unknown user)");
        if (s->user_kind == SLOT_USER_DEFAULT)
            strbuf_add(out, " (default credentials)");
        else if (s->user_kind == SLOT_USER_SAVED)
            strbuf_addf(out, " (credential saved for %s)",
                        s->cred && s->cred->raw_target ? s->cred->raw_target : "this server");
        if (s->users_differ)
            strbuf_add(out, " [uses name different users]");
        strbuf_addf(out, ", %zu connection%s", s->count, s->count == 1 ? "" : "s");
        if (s->open_files > 0)
            strbuf_addf(out, ", %d open file%s", s->open_files, s->open_files == 1 ? "" : "s");
        strbuf_add(out, "\n");
        for (k = 0; k < s->count; k++) {
            const model_use *u = &m->uses[s->uses[k]];
            strbuf_addf(out, "    %-6s %s", u->local ? u->local : "-", u->remote);
            if (u->user && *u->user)
                strbuf_addf(out, "  (user %s)", u->user);
            if (u->status != USE_STATUS_OK)
                strbuf_addf(out, "  [%s]", model_use_status_name(u->status));
            if (u->open_files > 0)
                strbuf_addf(out, "  %d open", u->open_files);
            strbuf_add(out, "\n");
        }
    }
    for (i = n = 0; i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        if (u->status != USE_STATUS_UNAVAILABLE)
            continue;
        if (!n++)
            strbuf_add(out, "\nRemembered but not connected (hold no session now):\n");
        strbuf_addf(out, "  %-6s %s  as %s\n", u->local ? u->local : "-", u->remote,
                    u->user && *u->user ? u->user : "default credentials");
    }
    if (m->cred_count) {
        strbuf_add(out, "\nSaved credentials (Credential Manager):\n");
        for (i = 0; i < m->cred_count; i++) {
            const model_cred *c = &m->creds[i];
            strbuf_addf(out, "  %s  %s  (%s)\n", c->raw_target ? c->raw_target : c->target,
                        c->user ? c->user : "(unknown user)",
                        c->type == CRED_KIND_DOMAIN ? "Windows credential" : "generic, not used for shares");
        }
    }
    if (m->dfs_count) {
        strbuf_add(out, "\nDFS paths and where their data is now:\n");
        for (i = 0; i < m->dfs_count; i++)
            strbuf_addf(out, "  %s -> %s\n", m->dfs[i].path, m->dfs[i].target);
    }
    if (m->host_count) {
        strbuf_add(out, "\nNames of one machine (each name is a separate session):\n");
        for (i = 0; i < m->host_count; i++) {
            strbuf_add(out, " ");
            for (k = 0; k < m->hosts[i].count; k++)
                strbuf_addf(out, "%s %s", k ? " =" : "", m->hosts[i].names[k]);
            strbuf_add(out, "\n");
        }
    }
    if (m->skipped_uses > 0)
        strbuf_addf(out, "\n%d connection%s could not be read and %s not listed.\n", m->skipped_uses,
                    m->skipped_uses == 1 ? "" : "s", m->skipped_uses == 1 ? "is" : "are");
}

void render_list_json(strbuf *out, const model *m, const model_slots *slots)
{
    size_t i, k, n;
    if (!out || !m || !slots)
        return;
    strbuf_add(out, "{\"logon_user\":");
    strbuf_add_json_string(out, m->logon_user);
    strbuf_add(out, ",\"source\":");
    strbuf_add_json_string(out, m->source[0] ? m->source : NULL);
    strbuf_addf(out, ",\"elevated\":%s", m->elevated == 1 ? "true" : m->elevated == 0 ? "false" : "null");
    strbuf_addf(out, ",\"users_unknown\":%s", m->users_unknown ? "true" : "false");
    strbuf_addf(out, ",\"skipped_uses\":%d", m->skipped_uses > 0 ? m->skipped_uses : 0);
    strbuf_add(out, ",\"slots\":[");
    for (i = 0; i < slots->count; i++) {
        const model_slot *s = &slots->items[i];
        if (i)
            strbuf_add(out, ",");
        strbuf_add(out, "{\"server\":");
        strbuf_add_json_string(out, s->server);
        strbuf_add(out, ",\"user\":");
        strbuf_add_json_string(out, s->user);
        strbuf_add(out, ",\"user_kind\":");
        strbuf_add_json_string(out, slot_kind_name(s->user_kind));
        strbuf_add(out, ",\"credential_target\":");
        strbuf_add_json_string(out, s->cred ? (s->cred->raw_target ? s->cred->raw_target : s->cred->target)
                                            : NULL);
        strbuf_addf(out, ",\"open_files\":%d,\"users_differ\":%s,\"uses\":[", s->open_files,
                    s->users_differ ? "true" : "false");
        for (k = 0; k < s->count; k++) {
            const model_use *u = &m->uses[s->uses[k]];
            if (k)
                strbuf_add(out, ",");
            add_json_use(out, u);
            strbuf_add(out, ",\"user\":");
            strbuf_add_json_string(out, u->user && *u->user ? u->user : NULL);
            strbuf_add(out, ",\"kind\":");
            strbuf_add_json_string(out, model_use_kind_name(u->kind));
            strbuf_add(out, ",\"status\":");
            strbuf_add_json_string(out, model_use_status_name(u->status));
            strbuf_add(out, ",\"open_files\":");
            add_json_int_or_null(out, u->open_files);
            strbuf_add(out, "}");
        }
        strbuf_add(out, "]}");
    }
    strbuf_add(out, "],\"remembered\":[");
    for (i = n = 0; i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        if (u->status != USE_STATUS_UNAVAILABLE)
            continue;
        if (n++)
            strbuf_add(out, ",");
        add_json_use(out, u);
        strbuf_add(out, ",\"user\":");
        strbuf_add_json_string(out, u->user && *u->user ? u->user : NULL);
        strbuf_add(out, "}");
    }
    strbuf_add(out, "],\"credentials\":[");
    for (i = 0; i < m->cred_count; i++) {
        const model_cred *c = &m->creds[i];
        if (i)
            strbuf_add(out, ",");
        strbuf_add(out, "{\"target\":");
        strbuf_add_json_string(out, c->target);
        strbuf_add(out, ",\"raw_target\":");
        strbuf_add_json_string(out, c->raw_target ? c->raw_target : c->target);
        strbuf_add(out, ",\"user\":");
        strbuf_add_json_string(out, c->user);
        strbuf_add(out, ",\"type\":");
        strbuf_add_json_string(out, c->type == CRED_KIND_DOMAIN ? "domain" : "generic");
        strbuf_add(out, "}");
    }
    strbuf_add(out, "],\"dfs\":[");
    for (i = 0; i < m->dfs_count; i++) {
        if (i)
            strbuf_add(out, ",");
        strbuf_add(out, "{\"path\":");
        strbuf_add_json_string(out, m->dfs[i].path);
        strbuf_add(out, ",\"target\":");
        strbuf_add_json_string(out, m->dfs[i].target);
        strbuf_add(out, "}");
    }
    strbuf_add(out, "],\"hosts\":[");
    for (i = 0; i < m->host_count; i++) {
        if (i)
            strbuf_add(out, ",");
        strbuf_add(out, "[");
        for (k = 0; k < m->hosts[i].count; k++) {
            if (k)
                strbuf_add(out, ",");
            strbuf_add_json_string(out, m->hosts[i].names[k]);
        }
        strbuf_add(out, "]");
    }
    strbuf_add(out, "]}\n");
}

/* ---- support report ---- */

void render_report_text(strbuf *out, const model *m, const model_slots *slots)
{
    if (!out || !m || !slots)
        return;
    strbuf_addf(out, "Data source: %s\n", m->source[0] ? m->source : "(unknown)");
    if (m->users_unknown)
        strbuf_add(out, "User names of connections could not be read from this source: connections made with "
                        "default credentials and with the signed-in user look alike.\n");
    strbuf_add(out, "\n");
    render_list_text(out, m, slots);
    if (!m->cred_count)
        strbuf_add(out, "\nSaved credentials (Credential Manager): none.\n");
}
