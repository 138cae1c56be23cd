/* Rendering the reason of a prediction and its warnings in English from their structured arguments. */
#include "render.h"
#include "render_int.h"
#include "text.h"

static void text_who(strbuf *out, const char *user)
{
    if (!user) {
        strbuf_add(out, "with default credentials");
        return;
    }
    strbuf_addf(out, "as %s", user);
}

/* "You are connected to SRV as USER through O: and W:. Windows allows one user …" */
static void text_one_user(strbuf *out, const model *m, const predict_args *a, const char *srv)
{
    strbuf_addf(out, "You are connected to %s ", srv);
    text_who(out, a->user);
    strbuf_add(out, " through ");
    render_name_list(out, m, a->uses, a->use_count);
    strbuf_addf(out,
                ". Windows allows one user per server name in a logon session, so it refuses a "
                "second user (%s) for %s until every one of these connections is closed.\n",
                a->other_user ? a->other_user : "?", srv);
}

/* The explanation of p->reason, from p->why only (the same enum + arguments a
 * front end with its own string tables renders). */
static void text_explain(strbuf *out, const model *m, const prediction *p)
{
    const predict_args *a = &p->why;
    const char *srv = a->server ? a->server : "(unknown server)";
    switch (p->reason) {
    case REASON_NO_SLOT:
        strbuf_addf(out, "Nothing is connected to %s yet, so this connection gets a session of its own", srv);
        if (a->user)
            strbuf_addf(out, " and signs in as %s", a->user);
        strbuf_add(out, ".\n");
        return;
    case REASON_SAME_USER:
        strbuf_addf(out, "You are already connected to %s as %s through ", srv, a->user ? a->user : "?");
        render_name_list(out, m, a->uses, a->use_count);
        strbuf_add(out, "; the new connection shares that session.\n");
        return;
    case REASON_DEFAULT_REUSES:
        strbuf_addf(out, "You are connected to %s as %s through ", srv, a->user ? a->user : "?");
        render_name_list(out, m, a->uses, a->use_count);
        strbuf_addf(out,
                    ". A connection without a user name most likely reuses that session, so it signs in "
                    "as %s too.\n",
                    a->user ? a->user : "that user");
        return;
    case REASON_DEFAULT_MATCHES:
        strbuf_addf(out, "You are connected to %s ", srv);
        text_who(out, a->user);
        strbuf_add(out, " through ");
        render_name_list(out, m, a->uses, a->use_count);
        strbuf_add(out, ", made without a user name like this one: they share the session.\n");
        return;
    case REASON_DFS:
        strbuf_addf(out,
                    "This goes through DFS: the namespace path and the server holding the data (%s) each "
                    "have a session, and ",
                    srv);
        render_name_list(out, m, a->uses, a->use_count);
        strbuf_add(out, a->use_count == 1 ? " holds" : " hold");
        strbuf_addf(out, " one of them with other credentials than %s (likely; DFS adds a second server).\n",
                    a->other_user ? a->other_user : "default credentials");
        return;
    case REASON_DEFAULT_THEN_EXPLICIT:
        if (a->caveats & PREDICT_CAVEAT_SAME_ACCOUNT) {
            /* Issue 11 finding 3: the slot is the requested account itself; it is not "in the way". */
            strbuf_addf(out, "You are connected to %s through ", srv);
            render_name_list(out, m, a->uses, a->use_count);
            strbuf_addf(out, ", made without a user name, which already signs you in as %s", a->user);
            if (a->caveats & PREDICT_CAVEAT_SAVED_CRED)
                strbuf_addf(out, " (from the credential saved for %s)", a->name ? a->name : srv);
            strbuf_addf(out,
                        ". Naming a user now, even that same account %s, counts as different credentials",
                        a->other_user ? a->other_user : "");
            if (a->caveats & PREDICT_CAVEAT_UNCONFIRMED)
                strbuf_add(out, " (likely: not confirmed for a saved credential's own user)");
            strbuf_add(out, ". Connect without giving a user name and the session is shared.\n");
            break;
        }
        text_one_user(out, m, a, srv);
        strbuf_add(out, "They were made without a user name (default credentials");
        if (a->caveats & PREDICT_CAVEAT_SAVED_CRED)
            strbuf_addf(out, ", signing in through the credential saved for %s", a->name ? a->name : srv);
        strbuf_add(out, "); naming a user now counts as different credentials");
        if (a->caveats & PREDICT_CAVEAT_UNCONFIRMED)
            strbuf_add(out, " (likely)");
        strbuf_add(out, ".\n");
        break;
    case REASON_OTHER_USER:
    case REASON_SPELLING:
    case REASON_SAVED_CRED_USER:
        text_one_user(out, m, a, srv);
        if (p->reason == REASON_SPELLING)
            strbuf_addf(out,
                        "%s and %s are probably the same account written differently, but Windows compares "
                        "user names as typed, so this most likely fails too.\n",
                        a->other_user ? a->other_user : "?", a->user ? a->user : "?");
        else if (p->reason == REASON_SAVED_CRED_USER)
            strbuf_addf(
                out,
                "They were made without a user name, so Windows signed in with the credential saved "
                "in Credential Manager for %s: %s. That saved credential is what conflicts with %s.\n",
                a->name ? a->name : "this server", a->user ? a->user : "(unknown user)",
                a->other_user ? a->other_user : "the new user");
        break;
    }
    if (a->caveats & PREDICT_CAVEAT_DFS_ALSO) {
        strbuf_add(out, "Through DFS, ");
        render_name_list(out, m, a->extra, a->extra_count);
        strbuf_add(out, a->extra_count == 1 ? " also holds" : " also hold");
        strbuf_add(out, " a session to the same server.\n");
    }
}

void render_reason_text(strbuf *out, const model *m, const prediction *p)
{
    if (out && m && p)
        text_explain(out, m, p);
}

void render_warning_text(strbuf *out, const model *m, const predict_warning *w)
{
    const predict_args *a;
    const model_use *u;
    if (!out || !m || !w)
        return;
    a = &w->args;
    u = a->use_count && a->uses[0] < m->use_count ? &m->uses[a->uses[0]] : NULL;
    switch (w->kind) {
    case WARN_OPEN_FILES:
        strbuf_addf(out,
                    "%s (%s) has %d open file%s or folder%s there: close %s before disconnecting, "
                    "or Windows refuses (error 2401) unless forced, and forcing may lose unsaved work.",
                    u ? render_use_name(u) : "?", u ? u->remote : "?", a->number, a->number == 1 ? "" : "s",
                    a->number == 1 ? "" : "s", a->number == 1 ? "it" : "them");
        return;
    case WARN_UNAVAILABLE_REMEMBERED: {
        const char *who = a->user ? a->user : "default credentials";
        strbuf_addf(out,
                    "%s is remembered for %s (%s) but not connected now. When it reconnects it signs in "
                    "as %s, which will clash with the connection made now (1219 later, not now).",
                    u ? render_use_name(u) : "?", u ? u->remote : "?", who, who);
        return;
    }
    case WARN_SAME_MACHINE:
        render_name_list(out, m, a->uses, a->use_count);
        strbuf_addf(out,
                    " reach%s the same machine as %s through another name, %s: that name has a "
                    "session of its own, which this connection neither uses nor disturbs.",
                    a->use_count == 1 ? "es" : "", a->server, a->name);
        return;
    case WARN_ELEVATED:
        strbuf_add(out, "These connections belong to the elevated (administrator) session. Explorer runs in "
                        "your normal session, which has connections of its own.");
        return;
    case WARN_USERS_UNKNOWN:
        strbuf_add(out, "The user names of the connections could not be read, so connections are assumed to "
                        "use default credentials: the prediction is less certain.");
        return;
    case WARN_SAVED_CRED_USED:
        strbuf_addf(out,
                    "Without a user name Windows signs in to %s as %s, from the credential saved in "
                    "Credential Manager for %s.",
                    a->server, a->user ? a->user : "(unknown user)", a->name ? a->name : "?");
        return;
    case WARN_WIDE_CREDENTIAL:
        strbuf_addf(out, "The credential saved for %s (user %s) applies to ", a->name ? a->name : "?",
                    a->user ? a->user : "?");
        text_join(out, a->names, a->name_count);
        strbuf_add(out, a->name_count > 1 ? "" : " and possibly other servers");
        strbuf_add(out,
                   ". ConnectAs never deletes a credential that covers more than one server name; remove it "
                   "in Credential Manager if it is wrong.");
        return;
    }
}
