/* The path corpus (tests/data/paths.corpus) through the core: unc_place_parse and the tray's and CLI's
 * model_resolve_path give the corpus's verdicts. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model.h"
#include "pathcorpus.h"
#include "text.h"
#include "unc.h"

/* The core's verdict: accepted by the shared rule, and for a drive path the drive is a network drive. */
static int core_accepts(const pc_case *c, char **handoff)
{
    unc_place place;
    int yes;
    *handoff = NULL;
    if (unc_place_parse(c->path8, &place, NULL) != CA_OK)
        return 0;
    yes = !place.drive || pc_drive_is_remote(place.drive);
    if (yes)
        *handoff = text_dup(place.drive ? c->path8 : place.unc.full);
    unc_place_cleanup(&place);
    return yes;
}

static void test_corpus(const char *file)
{
    pc_case *cases;
    long count = pc_load(file, &cases), i, yes = 0;
    model *m = model_create();
    ok(count > 100, "%s: %ld cases\n", file, count);
    ok(m && model_add_use(m, "N:", pc_drive_remote('N'), NULL, USE_STATUS_OK, 0, 1, NULL) == CA_OK &&
           model_add_use(m, "O:", pc_drive_remote('O'), NULL, USE_STATUS_OK, 0, 1, NULL) == CA_OK,
       "model with N: and O:\n");
    for (i = 0; i < count; i++) {
        const pc_case *c = &cases[i];
        char *handoff;
        unc_path resolved;
        int core = core_accepts(c, &handoff), tray;
        th_push_context("line %d '%s'", c->line, c->path8);
        ok(core == c->expect, "core %s, corpus %s\n", core ? "accepts" : "refuses", c->expect ? "yes" : "no");
        if (core && c->expect)
            ok(handoff && !strcmp(handoff, c->handoff8), "hand-off '%s', corpus '%s'\n", handoff,
               c->handoff8);
        /* The tray (parse_target) and the CLI resolve what they are given through model_resolve_path. */
        tray = model_resolve_path(m, c->path8, 0, &resolved, NULL) == CA_OK;
        ok(tray == c->expect, "model_resolve_path %s\n", tray ? "accepts" : "refuses");
        unc_path_cleanup(&resolved);
        /* And what the shell extension hands over resolves too. */
        if (c->expect && c->handoff8) {
            ok(model_resolve_path(m, c->handoff8, 0, &resolved, NULL) == CA_OK, "hand-off resolves\n");
            unc_path_cleanup(&resolved);
        }
        yes += c->expect;
        free(handoff);
        th_pop_context();
    }
    ok(yes > 20 && yes < count - 20, "%ld accepted, %ld refused\n", yes, count - yes);
    model_free(m);
    pc_free(cases, count);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 2)
        ok(0, "usage: core_paths tests/data/paths.corpus\n");
    else
        test_corpus(argv[1]);
    return th_finish();
}
