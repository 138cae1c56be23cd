/* Rendering the steps and notes of a fix run as English text and as JSON. */
#include <string.h>

#include "render.h"
#include "render_int.h"
#include "text.h"

static const char *step_name(const fixrun_step *s)
{
    if (s->kind == FIXRUN_STEP_FORGET)
        return s->raw_target;
    return s->local ? s->local : s->remote;
}

static void fixrun_text_one(strbuf *out, const fixrun_plan *plan)
{
    size_t i;
    for (i = 0; i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        int forget = s->kind == FIXRUN_STEP_FORGET;
        const char *what = forget ? (s->cred_user ? s->cred_user : "?") : s->remote;
        switch (s->outcome) {
        case FIXRUN_PENDING:
            strbuf_addf(out, "Would %s %s (%s)\n", forget ? "delete the Windows credential" : "disconnect",
                        step_name(s), what);
            break;
        case FIXRUN_DONE:
            if (forget)
                strbuf_addf(out, "Deleted Windows credential %s (user %s)\n", s->raw_target, what);
            else
                strbuf_addf(out, "Disconnected %s%s%s%s\n", step_name(s), s->local ? " " : "",
                            s->local ? s->remote : "", s->forced ? " (forced)" : "");
            break;
        case FIXRUN_BUSY:
            if (s->open_files > 0)
                strbuf_addf(out,
                            "Still connected: %s (%s) has %d open file%s. Close them, or force it "
                            "(unsaved work in them may be lost).\n",
                            step_name(s), s->remote, s->open_files, s->open_files == 1 ? "" : "s");
            else
                strbuf_addf(
                    out, "Still connected: %s (%s) is in use (error %lu). Close what uses it, or force it.\n",
                    step_name(s), s->remote, s->code);
            break;
        case FIXRUN_FAILED:
            strbuf_addf(out, "Could not %s %s (%s): %s (error %lu)\n", forget ? "delete" : "disconnect",
                        step_name(s), what, s->msg, s->code);
            break;
        case FIXRUN_SKIPPED:
            if (s->skip == FIXRUN_SKIP_CHANGED)
                strbuf_addf(out,
                            "Not touched: %s no longer is %s (%s) as shown; it changed in the meantime.\n",
                            step_name(s), what, forget ? "another user" : "another share");
            else
                strbuf_addf(out, "Already gone: %s (%s)\n", step_name(s), what);
            break;
        }
    }
    for (i = 0; i < plan->note_count; i++) {
        const fixrun_note *n = &plan->notes[i];
        if (n->kind == FIXRUN_NOTE_GENERIC_CREDENTIAL) {
            strbuf_addf(out,
                        "Left alone: the generic credential %s (user %s); Windows never uses generic "
                        "credentials for shares.\n",
                        n->raw_target, n->user ? n->user : "?");
        } else {
            strbuf_addf(out, "Left alone: the saved credential %s (user %s) also applies to ", n->raw_target,
                        n->user ? n->user : "?");
            text_join(out, (const char *const *)n->covers, n->cover_count);
            strbuf_add(out, n->cover_count > 1 ? "" : " and possibly other servers");
            strbuf_add(out, ". ConnectAs never deletes a credential that covers more than one server name; "
                            "remove it in Credential Manager if it is wrong.\n");
        }
    }
}

void render_fixrun_text(strbuf *out, const fixrun_plan *plans, size_t count)
{
    size_t i;
    for (i = 0; out && plans && i < count; i++)
        fixrun_text_one(out, &plans[i]);
}

static void step_json(strbuf *out, const fixrun_step *s)
{
    strbuf_add_json_member(out, "{\"kind\": ", fixrun_step_kind_name(s->kind));
    if (s->kind == FIXRUN_STEP_DISCONNECT) {
        strbuf_add_json_member(out, ", \"local\": ", s->local);
        strbuf_add_json_member(out, ", \"remote\": ", s->remote);
        strbuf_add_json_member(out, ", \"user\": ", s->user);
        strbuf_add(out, ", \"open_files\": ");
        render_json_int_or_null(out, s->open_files);
        strbuf_addf(out, ", \"via_dfs\": %s", s->via_dfs ? "true" : "false");
    } else {
        strbuf_add_json_member(out, ", \"target\": ", s->raw_target);
        strbuf_add_json_member(out, ", \"user\": ", s->cred_user);
        strbuf_add(out, ", \"type\": \"domain\"");
    }
    strbuf_add_json_member(out, ", \"outcome\": ", fixrun_outcome_name(s->outcome));
    strbuf_add_json_member(out, ", \"skip\": ", fixrun_skip_name(s->skip));
    strbuf_addf(out, ", \"code\": %lu, \"forced\": %s}", s->code, s->forced ? "true" : "false");
}

static void note_json(strbuf *out, const fixrun_note *n)
{
    strbuf_add_json_member(out, "{\"kind\": ",
                           n->kind == FIXRUN_NOTE_WIDE_CREDENTIAL ? "wide_credential" : "generic_credential");
    strbuf_add_json_member(out, ", \"raw_target\": ", n->raw_target);
    strbuf_add_json_member(out, ", \"target\": ", n->target);
    strbuf_add_json_member(out, ", \"user\": ", n->user);
    strbuf_add(out, ", \"covers\": ");
    render_json_strings(out, (const char *const *)n->covers, n->cover_count, ", ");
    strbuf_add(out, "}");
}

void render_fixrun_json(strbuf *out, const fixrun_plan *plans, size_t count)
{
    size_t i, k, n = 0;
    if (!out || !plans)
        return;
    strbuf_add(out, "\"steps\": [");
    for (k = 0; k < count; k++) {
        for (i = 0; i < plans[k].step_count; i++) {
            strbuf_add(out, n++ ? ", " : "");
            step_json(out, &plans[k].steps[i]);
        }
    }
    strbuf_add(out, "], \"warnings\": [");
    n = 0;
    for (k = 0; k < count; k++) {
        for (i = 0; i < plans[k].note_count; i++) {
            strbuf_add(out, n++ ? ", " : "");
            note_json(out, &plans[k].notes[i]);
        }
    }
    strbuf_add(out, "]");
}
