/* The tray's sentences for a prediction (tray_explain.c): its reason and its warnings, in the UI language. */
#ifndef CONNECTAS_TRAY_EXPLAIN_H
#define CONNECTAS_TRAY_EXPLAIN_H

#include "predict.h"
#include "tray_internal.h"

/* The uses (indices into m) as "O:, W: and \\\\srv\\share" (drive, else remote); malloc'd. */
WCHAR *tray_explain_uses(const model *m, const size_t *idx, size_t n);
/* Appends the sentence for p->reason, from p->why only (the arguments the CLI's render_reason_text names:
 * server, users, uses, the saved credential's target, DFS-related uses, "likely"). */
void tray_explain_reason(wbuf *out, const model *m, const prediction *p);
/* Appends the sentence for one warning, from its kind and args (as render_warning_text). */
void tray_explain_warning(wbuf *out, const model *m, const predict_warning *w);

#endif
