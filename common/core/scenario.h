/* Scenario files: the plain-text description of one logon session (see docs/scenario-format.md). */
#ifndef CONNECTAS_CORE_SCENARIO_H
#define CONNECTAS_CORE_SCENARIO_H

#include <stddef.h>

#include "model.h"

/* Parses a scenario held in memory (UTF-8, optional BOM, LF or CRLF). name is
 * used in messages ("name:LINE: expected …"). All or nothing: on any error
 * *out is NULL and err->msg names the file, line and what was expected. */
ca_status scenario_parse(const char *name, const char *text, size_t len, model **out, ca_error *err);

/* 1 when s is well-formed UTF-8 without control characters other than tab,
 * i.e. text a scenario line may hold (scenario_write checks fields with it). */
int scenario_text_ok(const char *s);

/* Reads and parses a file (at most 64 MiB). */
ca_status scenario_load_file(const char *path, model **out, ca_error *err);

#endif
