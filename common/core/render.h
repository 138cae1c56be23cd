/* Rendering predictions and slot lists as human text and as JSON (the CLI contract). */
#ifndef CONNECTAS_CORE_RENDER_H
#define CONNECTAS_CORE_RENDER_H

#include "fixrun.h"
#include "model.h"
#include "predict.h"
#include "strbuf.h"

/* Plain-words explanation: the verdict, the slot and who holds it, every
 * conflicting use by drive letter / path, warnings and the fixes. English. */
void render_check_text(strbuf *out, const model *m, const prediction *p);

/* One JSON object per docs/cli.md: verdict, server, requested_user, slot_user,
 * certainty, conflicts[{local,remote,user}], fixes[{kind,…}], warnings[…].
 * Never contains a secret (the model holds none). Ends with a newline. */
void render_check_json(strbuf *out, const model *m, const prediction *p);

/* Slots grouped by server name with user and uses, then unavailable
 * remembered drives, saved credentials and host groups. */
void render_list_text(strbuf *out, const model *m, const model_slots *slots);
void render_list_json(strbuf *out, const model *m, const model_slots *slots);

/* The body of a support report for a ticket, after the caller's own header
 * lines (product version, system): where the data came from, whether user
 * names could be read, then the list. User names are kept; there are no
 * secrets in a model. */
void render_report_text(strbuf *out, const model *m, const model_slots *slots);

/* The English sentence(s) for p->reason from p->why (what a front end with its
 * own string tables renders from the same enum + arguments). Ends with a newline. */
void render_reason_text(strbuf *out, const model *m, const prediction *p);

/* The English sentence for one warning from its kind and args (no newline). */
void render_warning_text(strbuf *out, const model *m, const predict_warning *w);

/* The outcome of a fix run of count plans (one choice: fixrun_plan_choice):
 * per plan, one line per step ("Disconnected O: \\srv\share", "Still
 * connected: …", "Not touched: O: now names …"), then its notes. */
void render_fixrun_text(strbuf *out, const fixrun_plan *plans, size_t count);

/* The steps of count plans, in order, as a JSON array body member list: "steps":[{"kind","local","remote",
 * "target","user","outcome","skip","code","forced","open_files"}],
 * "warnings":[{"kind":"wide_credential"|"generic_credential",…}] (no braces
 * around, so callers embed them in their own object). */
void render_fixrun_json(strbuf *out, const fixrun_plan *plans, size_t count);

#endif
