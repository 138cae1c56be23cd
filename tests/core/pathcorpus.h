/* Reader of tests/data/paths.corpus, shared by the core's and the shell extension's corpus tests. */
#ifndef CONNECTAS_TESTS_PATHCORPUS_H
#define CONNECTAS_TESTS_PATHCORPUS_H

#include <stddef.h>
#include <stdint.h>

/* One line of the corpus: the path as UTF-16 code units (as Explorer hands it
 * over) and as UTF-8 (as the core reads it; a lone surrogate becomes its
 * three-byte encoding, which is not UTF-8 and must be refused). */
typedef struct pc_case {
    int line;            /* line number in the file, for messages */
    int expect;          /* 1: yes (accepted), 0: no */
    uint16_t *path16;    /* NUL-terminated */
    size_t len16;        /* code units, without the NUL */
    char *path8;         /* NUL-terminated */
    uint16_t *handoff16; /* NULL when the line names none */
    char *handoff8;      /* NULL when the line names none */
} pc_case;

/* Reads file into a malloc'd array; returns the number of cases, or -1 when
 * the file cannot be read or a line is malformed (a message on stderr). */
long pc_load(const char *file, pc_case **cases);
/* Frees what pc_load returned. */
void pc_free(pc_case *cases, long count);

/* 1 when drive letter c is one of the corpus's mapped network drives (N:, O:). */
int pc_drive_is_remote(int c);
/* The share a corpus network drive is mapped to (N: \\fs01\data, O: \\fs02\team), or NULL. */
const char *pc_drive_remote(int c);

#endif
