/* A small strict JSON reader for tests: parse output, then look values up by path. */
#ifndef CONNECTAS_TJSON_H
#define CONNECTAS_TJSON_H

#include <stddef.h>

typedef enum tjson_type {
    TJSON_NULL,
    TJSON_BOOL,
    TJSON_NUMBER,
    TJSON_STRING,
    TJSON_ARRAY,
    TJSON_OBJECT
} tjson_type;

typedef struct tjson tjson;
struct tjson {
    tjson_type type;
    int boolean;
    double number;
    char *string; /* TJSON_STRING: decoded UTF-8 */
    char *key;    /* member name when inside an object */
    tjson *child; /* first element or member */
    tjson *next;  /* next sibling */
    size_t count; /* number of children */
};

/* Parses exactly one JSON value (RFC 8259, strict: no trailing commas, no
 * comments, only white space after it). Returns NULL and fills err (may be
 * NULL) with "offset N: what" on failure. */
tjson *tjson_parse(const char *text, char *err, size_t err_size);
void tjson_free(tjson *v);

/* Looks up a path such as "conflicts[1].local" or "fixes[0].kind"; NULL when absent. */
const tjson *tjson_get(const tjson *v, const char *path);
/* The string at path, or NULL when absent or not a string. */
const char *tjson_str(const tjson *v, const char *path);
/* 1 when the value at path exists and is JSON null. */
int tjson_is_null(const tjson *v, const char *path);
/* Number of elements of the array (or members of the object) at path; -1 when absent. */
long tjson_len(const tjson *v, const char *path);

/* Joins member `member` of every element of the array at path with single spaces
 * into buf ("O: W: Y:"); a missing or null member is written "-". Returns the
 * number of elements, -1 when path is not an array. */
long tjson_join(const tjson *v, const char *path, const char *member, char *buf, size_t size);

#endif
