/* Tests of the test harness: counters, todo semantics, broken() and the exit status. */
#include "harness.h"

#include <string.h>

int main(int argc, char **argv)
{
    int before;
    th_init(argc, argv);

    if (argc > 1 && !strcmp(argv[1], "todo-pass")) {
        /* A todo block whose check passes must count as a failure. */
        todo_if(1) ok(1, "this passes inside a todo block\n");
        return th_finish();
    }
    if (argc > 1 && !strcmp(argv[1], "fail")) {
        ok(0, "deliberate failure\n");
        return th_finish();
    }

    before = th_failures();
    todo_if(1) ok(0, "expected failure inside a todo block\n");
    ok(th_failures() == before, "a failing todo is not a failure (%d -> %d)\n", before, th_failures());

    before = th_passes();
    todo_if(0) ok(1, "inactive todo\n");
    ok(th_passes() == before + 1, "an inactive todo counts passes normally\n");

    ok(!broken(1) || (th_on_windows() && !th_on_wine()), "broken() only holds on real Windows\n");
    ok(!broken(0), "broken(0) is never true\n");

    th_push_context("outer %d", 1);
    th_push_context("inner");
    ok(1, "nested context\n");
    th_pop_context();
    th_pop_context();

    if (!th_on_windows())
        ok(!th_on_wine(), "a native build is never Wine\n");
    else
        trace("running on %s\n", th_on_wine() ? "Wine" : "Windows");
    return th_finish();
}
