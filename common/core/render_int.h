/* Helpers shared by the render_*.c files (not for front ends). */
#ifndef CONNECTAS_CORE_RENDER_INT_H
#define CONNECTAS_CORE_RENDER_INT_H

#include "model.h"
#include "strbuf.h"

/* How a use is named in sentences: its drive letter, else its remote path. */
const char *render_use_name(const model_use *u);

/* "O:", "O: and W:", "O:, W: and Y:" for uses (indices into m->uses). */
void render_name_list(strbuf *out, const model *m, const size_t *uses, size_t count);

/* A JSON array of strings; sep between items (", " or ","). */
void render_json_strings(strbuf *out, const char *const *items, size_t count, const char *sep);

/* v, or null when negative (unknown). */
void render_json_int_or_null(strbuf *out, int v);

#endif
