/* Rendering predictions and slot lists as plain English text and as JSON (the CLI contract). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "render_int.h"
#include "text.h"

/* ---- Shared helpers ---- */

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

static void add_json_use(strbuf *out, const model_use *u)
{
    strbuf_add(out, "{\"local\":");
    strbuf_add_json_string(out, u->local);
    strbuf_add(out, ",\"remote\":");
    strbuf_add_json_string(out, u->remote);
}

/* A JSON array of strings; sep between items (", " or ","). */
void render_json_strings(strbuf *out, const char *const *items, size_t count, const char *sep)
{
    size_t i;
    strbuf_add(out, "[");
    for (i = 0; i < count; i++) {
        if (i)
            strbuf_add(out, sep);
        strbuf_add_json_string(out, items[i]);
    }
    strbuf_add(out, "]");
}

void render_json_int_or_null(strbuf *out, int v)
{
    if (v < 0)
        strbuf_add(out, "null");
    else
        strbuf_addf(out, "%d", v);
}

/* ---- check: text ---- */

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

/* One numbered fix; first: the first of its kind, the one `connect --fix KIND` carries out (the CLI's
 * only reader of this text). */
static void text_fix(strbuf *out, const model *m, const prediction *p, const predict_fix *f, int number,
                     int first)
{
    const model_cred *c;
    strbuf_addf(out, "  %d. ", number);
    switch (f->kind) {
    case FIX_USE_SPELLING:
        strbuf_addf(out, "Type the user name exactly as the existing connection has it: %s.\n",
                    f->user ? f->user : "(unknown)");
        break;
    case FIX_DISCONNECT:
        strbuf_add(out, "Disconnect ");
        render_name_list(out, m, f->uses, f->use_count);
        strbuf_addf(out,
                    " (every connection to %s, including those without a drive letter), then connect "
                    "again.",
                    p->server);
        if (f->open_files > 0)
            strbuf_addf(out, " Close the %d open file%s first.", f->open_files,
                        f->open_files == 1 ? "" : "s");
        strbuf_add(out, "\n");
        break;
    case FIX_ALIAS:
        strbuf_addf(out, "Connect through another name of the same computer: %s (%s). %s\n",
                    f->alias_path ? f->alias_path : "", unc_name_kind_name(f->alias_kind), f->caveat);
        break;
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
        break;
    }
    if (first)
        strbuf_addf(out, "     In connectas: --fix %s%s\n", predict_fix_kind_name(f->kind),
                    f->kind == FIX_FORGET_CREDENTIAL ? " (which also disconnects, as the disconnect fix does)"
                                                     : "");
}

void render_check_text(strbuf *out, const model *m, const prediction *p)
{
    size_t i;
    const char *path;
    if (!out || !m || !p)
        return;
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
    render_reason_text(out, m, p);

    if (p->conflict_count) {
        strbuf_add(out, "\nConnections holding that session:\n");
        for (i = 0; i < p->conflict_count; i++)
            text_use_line(out, m, p, p->conflicts[i].use, p->conflicts[i].via_dfs);
    }
    if (p->warning_count) {
        strbuf_add(out, "\nNote:\n");
        for (i = 0; i < p->warning_count; i++) {
            strbuf_add(out, "  - ");
            render_warning_text(out, m, &p->warnings[i]);
            strbuf_add(out, "\n");
        }
    }
    if (m->skipped_uses > 0)
        strbuf_addf(out, "%s  - %d connection%s could not be read and %s not included.\n",
                    p->warning_count ? "" : "\nNote:\n", m->skipped_uses, m->skipped_uses == 1 ? "" : "s",
                    m->skipped_uses == 1 ? "is" : "are");
    if (p->fix_count) {
        strbuf_add(out, "\nWhat you can do:\n");
        for (i = 0; i < p->fix_count; i++) {
            size_t k = 0;
            while (k < i && p->fixes[k].kind != p->fixes[i].kind)
                k++;
            text_fix(out, m, p, &p->fixes[i], (int)i + 1, k == i);
        }
        strbuf_add(out,
                   "If 1219 persists after disconnecting, wait: Windows drops an idle session after about "
                   "10 minutes (the server after 15), and signing out of Windows clears every session.\n");
    }
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
    const char *s, *nl;
    strbuf_init(&tmp);
    render_reason_text(&tmp, m, p);
    s = strbuf_str(&tmp);
    nl = strchr(s, '\n');
    if (nl)
        tmp.data[nl - s] = 0;
    strbuf_add_json_string(out, s);
    strbuf_cleanup(&tmp);
}

/* The structured arguments of a reason or warning, as JSON members after an opening brace. */
static void json_args(strbuf *out, const model *m, const predict_args *a)
{
    static const struct {
        unsigned bit;
        const char *name;
    } caveats[] = {
        {PREDICT_CAVEAT_SAME_ACCOUNT, "same_account"},
        {PREDICT_CAVEAT_UNCONFIRMED, "unconfirmed"},
        {PREDICT_CAVEAT_SAVED_CRED, "saved_credential"},
        {PREDICT_CAVEAT_DFS_ALSO, "dfs_also"},
    };
    size_t i, n;
    strbuf_add(out, "\"server\":");
    strbuf_add_json_string(out, a->server);
    strbuf_add(out, ",\"user\":");
    strbuf_add_json_string(out, a->user);
    strbuf_add(out, ",\"other_user\":");
    strbuf_add_json_string(out, a->other_user);
    strbuf_add(out, ",\"name\":");
    strbuf_add_json_string(out, a->name);
    strbuf_add(out, ",\"uses\":[");
    for (i = 0; i < a->use_count; i++) {
        if (i)
            strbuf_add(out, ",");
        strbuf_add_json_string(out, a->uses[i] < m->use_count ? render_use_name(&m->uses[a->uses[i]]) : NULL);
    }
    strbuf_add(out, "],\"dfs_uses\":[");
    for (i = 0; i < a->extra_count; i++) {
        if (i)
            strbuf_add(out, ",");
        strbuf_add_json_string(out,
                               a->extra[i] < m->use_count ? render_use_name(&m->uses[a->extra[i]]) : NULL);
    }
    strbuf_add(out, "],\"names\":");
    render_json_strings(out, a->names, a->name_count, ",");
    strbuf_add(out, ",\"number\":");
    render_json_int_or_null(out, a->number);
    strbuf_add(out, ",\"caveats\":[");
    for (i = n = 0; i < sizeof(caveats) / sizeof(caveats[0]); i++) {
        if (!(a->caveats & caveats[i].bit))
            continue;
        if (n++)
            strbuf_add(out, ",");
        strbuf_add_json_string(out, caveats[i].name);
    }
    strbuf_add(out, "]");
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
    strbuf_add_json_string(out, predict_reason_name(p->reason));
    strbuf_add(out, ",\"explanation\":");
    json_explanation(out, m, p);
    strbuf_add(out, ",\"why\":{");
    json_args(out, m, &p->why);
    strbuf_add(out, "}");

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
        render_json_int_or_null(out, u->open_files);
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
        strbuf_add_json_string(out, predict_warning_name(w->kind));
        strbuf_add(out, ",\"local\":");
        strbuf_add_json_string(out, u ? u->local : NULL);
        strbuf_add(out, ",\"remote\":");
        strbuf_add_json_string(out, u ? u->remote : NULL);
        strbuf_add(out, ",\"text\":");
        {
            strbuf t;
            strbuf_init(&t);
            render_warning_text(&t, m, w);
            strbuf_add_json_string(out, strbuf_str(&t));
            strbuf_cleanup(&t);
        }
        strbuf_add(out, ",\"args\":{");
        json_args(out, m, &w->args);
        strbuf_add(out, "}");
        if (w->kind == WARN_WIDE_CREDENTIAL) {
            strbuf_add(out, ",\"raw_target\":");
            strbuf_add_json_string(out, w->args.name);
            strbuf_add(out, ",\"user\":");
            strbuf_add_json_string(out, w->args.user);
            strbuf_add(out, ",\"covers\":");
            render_json_strings(out, w->args.names, w->args.name_count, ",");
        }
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
            render_json_int_or_null(out, u->open_files);
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
    strbuf_add(out, "\nTo give support this state as a file: connectas snapshot --redact --out FILE "
                    "(support opens it with connectas-tray.exe --scenario FILE; see docs/support.md).\n");
}
