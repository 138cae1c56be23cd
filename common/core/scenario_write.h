/* Writing a model as a scenario file (the inverse of scenario_parse; see scenario-format.md). */
#ifndef CONNECTAS_CORE_SCENARIO_WRITE_H
#define CONNECTAS_CORE_SCENARIO_WRITE_H

#include <stddef.h>

#include "model.h"
#include "strbuf.h"

/* scenario_write flags */
#define SCENARIO_WRITE_LENIENT                                                                               \
    0x1u /* leave out a record the format cannot express, with a comment line                                \
            saying which kind of record and why (never its names), instead of                                \
            failing; the count is in *left_out */

/* Appends m to out as scenario text that scenario_parse loads back into an
 * equivalent model: `logon`, then `use` lines in model order (remembered
 * drives with status=unavailable; open= only when known), `cred` lines (raw
 * target as Credential Manager shows it, user, type=generic when generic; never
 * a secret: the model holds none), `dfs` and `host` lines. comments[0..count)
 * are written first, each as one "# " line (they must not contain line breaks).
 * Then come comment lines for what the model says about its own data: source,
 * elevation, user names that could not be read, uses that could not be read,
 * and statuses the format has no word for (paused or connecting is written as
 * ok, a network error or reconnecting as disconnected: all of them hold the
 * session slot, which is all the rules look at).
 *
 * Fields are quoted when they contain a space or tab, start with '#', contain
 * '=' (a positional field would read as an option) or are empty. A value the
 * format cannot express — a double quote, a control character, invalid UTF-8,
 * an empty required field — fails with CA_ERR_INVALID and a message naming the
 * record (or, with SCENARIO_WRITE_LENIENT, leaves that record out); a model
 * without a logon user always fails. On failure out may hold a partial text.
 * left_out may be NULL. */
ca_status scenario_write(strbuf *out, const model *m, const char *const *comments, size_t count,
                         unsigned flags, size_t *left_out, ca_error *err);

/* The status word scenario_write uses for s ("ok", "disconnected", "unavailable"). */
const char *scenario_status_word(model_use_status s);

#endif
