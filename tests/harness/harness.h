/* ConnectAs test harness: ok()/skip()/todo/broken() for native and Windows tests. */
#ifndef CONNECTAS_HARNESS_H
#define CONNECTAS_HARNESS_H

/*
 * Contract, in the spirit of Wine's conformance tests (our own code):
 *  - ok(cond, fmt, ...) records one check with file:line; a failing check prints
 *    "file:line: Test failed: <context>: <message>".
 *  - todo_if(c) { ... } marks the checks inside as known failures while c holds:
 *    a failing check there counts as "todo", a passing one as a failure
 *    (so a fixed bug is noticed). todo_wine is todo_if(th_on_wine()).
 *  - broken(c) is true only on real Windows: it accepts a documented Windows
 *    quirk there and never under Wine or natively.
 *  - skip(fmt, ...) records a skipped part with its reason.
 *  - th_push_context()/th_pop_context() prefix messages (nested, e.g. a case name).
 *  - th_finish() prints "N passed, N failed, N skipped" and returns the number of
 *    failures capped at 255: use it as main()'s return value.
 */

#include <stdarg.h>
#include <stdio.h>

#if defined(__MINGW32__)
#define TH_PRINTF(a, b) __attribute__((format(__MINGW_PRINTF_FORMAT, a, b)))
#elif defined(__GNUC__)
#define TH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TH_PRINTF(a, b)
#endif

void th_init(int argc, char **argv);
int th_finish(void);

int th_ok(const char *file, int line, int cond, const char *fmt, ...) TH_PRINTF(4, 5);
void th_skip(const char *file, int line, const char *fmt, ...) TH_PRINTF(3, 4);
void th_trace(const char *file, int line, const char *fmt, ...) TH_PRINTF(3, 4);

void th_push_context(const char *fmt, ...) TH_PRINTF(1, 2);
void th_pop_context(void);

int th_todo_push(int active);
int th_todo_pop(void);

/* 1 when the process runs under Wine, 0 on real Windows and natively. */
int th_on_wine(void);
/* 1 on Windows or Wine (a PE build), 0 for native builds. */
int th_on_windows(void);

/* 1 when text the product shows can be compared with English: natively, and
 * on Windows or Wine when the user's UI language is English. Under Wine the rig
 * pins English (tests/wine/wine-run, WINE_RIG_LANG); on a Windows machine in
 * another language a test that compares English text skips instead. */
int th_english_ui(void);

/* Counters, for tests of the harness itself. */
int th_failures(void);
int th_passes(void);

#define ok(cond, ...) th_ok(__FILE__, __LINE__, (cond) ? 1 : 0, __VA_ARGS__)
#define skip(...) th_skip(__FILE__, __LINE__, __VA_ARGS__)
#define trace(...) th_trace(__FILE__, __LINE__, __VA_ARGS__)
#define todo_if(c)                                                                                           \
    for (int th_todo_once_ = th_todo_push((c) ? 1 : 0); th_todo_once_; th_todo_once_ = th_todo_pop())
#define todo_wine todo_if(th_on_wine())
#define broken(c) (!th_on_wine() && th_on_windows() && (c))

#endif
