/* A growable UTF-8 text buffer for rendering; allocation failure is sticky, not fatal. */
#ifndef CONNECTAS_CORE_STRBUF_H
#define CONNECTAS_CORE_STRBUF_H

#include <stddef.h>

#include "status.h"

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was added; NULL before */
    size_t len; /* bytes, without the NUL */
    size_t cap;
    int failed; /* an allocation failed: the content is incomplete */
} strbuf;

void strbuf_init(strbuf *sb);
void strbuf_cleanup(strbuf *sb);
void strbuf_add(strbuf *sb, const char *s);
void strbuf_addn(strbuf *sb, const char *s, size_t n);
void strbuf_addf(strbuf *sb, const char *fmt, ...) CA_PRINTF(2, 3);
/* Appends s as a JSON string literal with quotes; NULL appends null. Escapes
 * " \ and control characters; invalid UTF-8 bytes become U+FFFD. */
void strbuf_add_json_string(strbuf *sb, const char *s);
/* Appends member (JSON text as is, such as ", \"local\": "), then s as strbuf_add_json_string does. */
void strbuf_add_json_member(strbuf *sb, const char *member, const char *s);
/* The text, "" when empty. */
const char *strbuf_str(const strbuf *sb);

#endif
