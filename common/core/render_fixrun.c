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

void render_fixrun_text(strbuf *out, const fixrun_plan *plan)
{
    size_t i;
    if (!out || !plan)
        return;
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

void render_fixrun_json(strbuf *out, const fixrun_plan *plan)
{
    size_t i;
    if (!out || !plan)
        return;
    strbuf_add(out, "\"steps\": [");
    for (i = 0; i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        if (i)
            strbuf_add(out, ", ");
        strbuf_add(out, "{\"kind\": ");
        strbuf_add_json_string(out, fixrun_step_kind_name(s->kind));
        if (s->kind == FIXRUN_STEP_DISCONNECT) {
            strbuf_add(out, ", \"local\": ");
            strbuf_add_json_string(out, s->local);
            strbuf_add(out, ", \"remote\": ");
            strbuf_add_json_string(out, s->remote);
            strbuf_add(out, ", \"user\": ");
            strbuf_add_json_string(out, s->user);
            strbuf_add(out, ", \"open_files\": ");
            render_json_int_or_null(out, s->open_files);
            strbuf_addf(out, ", \"via_dfs\": %s", s->via_dfs ? "true" : "false");
        } else {
            strbuf_add(out, ", \"target\": ");
            strbuf_add_json_string(out, s->raw_target);
            strbuf_add(out, ", \"user\": ");
            strbuf_add_json_string(out, s->cred_user);
            strbuf_add(out, ", \"type\": \"domain\"");
        }
        strbuf_add(out, ", \"outcome\": ");
        strbuf_add_json_string(out, fixrun_outcome_name(s->outcome));
        strbuf_add(out, ", \"skip\": ");
        strbuf_add_json_string(out, fixrun_skip_name(s->skip));
        strbuf_addf(out, ", \"code\": %lu, \"forced\": %s}", s->code, s->forced ? "true" : "false");
    }
    strbuf_add(out, "], \"warnings\": [");
    for (i = 0; i < plan->note_count; i++) {
        const fixrun_note *n = &plan->notes[i];
        if (i)
            strbuf_add(out, ", ");
        strbuf_add(out, "{\"kind\": ");
        strbuf_add_json_string(out, n->kind == FIXRUN_NOTE_WIDE_CREDENTIAL ? "wide_credential"
                                                                           : "generic_credential");
        strbuf_add(out, ", \"raw_target\": ");
        strbuf_add_json_string(out, n->raw_target);
        strbuf_add(out, ", \"target\": ");
        strbuf_add_json_string(out, n->target);
        strbuf_add(out, ", \"user\": ");
        strbuf_add_json_string(out, n->user);
        strbuf_add(out, ", \"covers\": ");
        render_json_strings(out, (const char *const *)n->covers, n->cover_count, ", ");
        strbuf_add(out, "}");
    }
    strbuf_add(out, "]");
}
