/* ConnectAs test harness: counters, contexts, todo stack and platform detection. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#endif

#define TH_MAX_CONTEXT 8
#define TH_MAX_TODO 16

static int passes, failures, todos, skips;
static int verbose;
static char contexts[TH_MAX_CONTEXT][160];
static int context_count;
static int todo_stack[TH_MAX_TODO];
static int todo_depth;
static int wine_state = -1;

static const char *base_name(const char *path)
{
    const char *p = path, *s;
    for (s = path; *s; s++)
        if (*s == '/' || *s == '\\')
            p = s + 1;
    return p;
}

static void print_prefix(const char *file, int line, const char *what)
{
    int i;
    printf("%s:%d: %s", base_name(file), line, what);
    for (i = 0; i < context_count; i++)
        printf("%s: ", contexts[i]);
}

void th_init(int argc, char **argv)
{
    const char *v = getenv("TH_VERBOSE");
    int i;
    verbose = v && *v && strcmp(v, "0") != 0;
    for (i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-v"))
            verbose = 1;
    setvbuf(stdout, NULL, _IONBF, 0);
}

int th_on_windows(void)
{
#ifdef _WIN32
    return 1;
#else
    return 0;
#endif
}

int th_on_wine(void)
{
#ifdef _WIN32
    if (wine_state < 0) {
        HMODULE ntdll = GetModuleHandleA("ntdll.dll");
        wine_state = ntdll && GetProcAddress(ntdll, "wine_get_version") ? 1 : 0;
    }
    return wine_state;
#else
    (void)wine_state;
    return 0;
#endif
}

int th_english_ui(void)
{
#ifdef _WIN32
    return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_ENGLISH;
#else
    return 1;
#endif
}

static int todo_active(void)
{
    int i;
    for (i = 0; i < todo_depth; i++)
        if (todo_stack[i])
            return 1;
    return 0;
}

int th_ok(const char *file, int line, int cond, const char *fmt, ...)
{
    va_list ap;
    if (todo_active()) {
        if (cond) {
            failures++;
            print_prefix(file, line, "Test succeeded inside todo block: ");
        } else {
            todos++;
            if (!verbose)
                return 0;
            print_prefix(file, line, "Test marked todo: ");
        }
    } else if (!cond) {
        failures++;
        print_prefix(file, line, "Test failed: ");
    } else {
        passes++;
        if (!verbose)
            return 1;
        print_prefix(file, line, "Test succeeded: ");
    }
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
        putchar('\n');
    return cond;
}

void th_skip(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    skips++;
    print_prefix(file, line, "Tests skipped: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
        putchar('\n');
}

void th_trace(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    print_prefix(file, line, "");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
        putchar('\n');
}

void th_push_context(const char *fmt, ...)
{
    va_list ap;
    if (context_count >= TH_MAX_CONTEXT) {
        fprintf(stderr, "harness: context stack overflow\n");
        abort();
    }
    va_start(ap, fmt);
    vsnprintf(contexts[context_count], sizeof(contexts[0]), fmt, ap);
    va_end(ap);
    context_count++;
}

void th_pop_context(void)
{
    if (context_count > 0)
        context_count--;
}

int th_todo_push(int active)
{
    if (todo_depth >= TH_MAX_TODO) {
        fprintf(stderr, "harness: todo stack overflow\n");
        abort();
    }
    todo_stack[todo_depth++] = active;
    return 1;
}

int th_todo_pop(void)
{
    if (todo_depth > 0)
        todo_depth--;
    return 0;
}

int th_failures(void)
{
    return failures;
}

int th_passes(void)
{
    return passes;
}

int th_finish(void)
{
    if (todos)
        printf("%d todo\n", todos);
    printf("%d passed, %d failed, %d skipped\n", passes, failures, skips);
    fflush(stdout);
    return failures > 255 ? 255 : failures;
}
