/* Small text helpers shared by the core and the CLI: ASCII case folding, quoting lengths, list joins. */
#ifndef CONNECTAS_CORE_TEXT_H
#define CONNECTAS_CORE_TEXT_H

#include <stddef.h>

#include "strbuf.h"

/* The one ASCII case fold of ConnectAs: 'A'..'Z' become 'a'..'z', every other
 * byte (including UTF-8 bytes above 0x7F) stays as it is. Server names, user
 * names and credential targets are compared this way (rules R2/R3). */
int text_fold(unsigned char c);

/* 1 when a and b are equal under text_fold; 0 when not or either is NULL. */
int text_eq_ci(const char *a, const char *b);

/* 1 when the first n bytes of a and b are equal under text_fold (neither may
 * end before n unless both do at the same place). */
int text_eq_ci_n(const char *a, const char *b, size_t n);

/* <0, 0, >0 like strcmp, under text_fold. */
int text_cmp_ci(const char *a, const char *b);

/* How many bytes of s to quote in a message ("'%.*s'"): at most 60, cut on a
 * UTF-8 character boundary. s must not be NULL. */
int text_quote_len(const char *s);

/* A malloc'ed copy of s; NULL when s is NULL or memory runs out. */
char *text_dup(const char *s);

/* Copies text (may be NULL: "") into dst of size bytes, cutting at a UTF-8
 * character boundary when it does not fit. size must be at least 1. */
void text_copy_fit(char *dst, size_t size, const char *text);

/* Appends items joined as an English list: "O:", "O: and W:", "O:, W: and Y:".
 * NULL items are skipped. Nothing is appended for count 0. */
void text_join(strbuf *out, const char *const *items, size_t count);

#endif
