/* libFuzzer target: unc_parse and model_resolve_path on arbitrary bytes, with round-trip invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "unc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a reproducer when an invariant does not hold. */
static void check(int cond)
{
    if (!cond)
        abort();
}

static void check_parsed(const char *text, unsigned flags, const unc_path *p)
{
    unc_path again;
    ca_error err;
    size_t rn = strlen(p->remote);
    check(p->server && p->rest && p->remote && p->full);
    check(!(flags & UNC_NEED_SHARE) || p->share);
    check(!strncmp(p->full, p->remote, rn) && !strcmp(p->full + rn, p->rest));
    check(!strchr(p->full, '/'));
    check(unc_server_equal(p->server, p->server));
    check(unc_classify_server(p->server) == p->kind);
    check(strcmp(unc_name_kind_name(p->kind), "unknown name kind") != 0);
    /* The normalised spelling parses to itself. */
    check(unc_parse(p->full, flags, &again, &err) == CA_OK);
    check(!strcmp(again.full, p->full) && !strcmp(again.server, p->server) && again.kind == p->kind);
    check((!again.share && !p->share) || (again.share && p->share && !strcmp(again.share, p->share)));
    unc_path_cleanup(&again);
    (void)text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned flags[] = {0, UNC_NEED_SHARE};
    char *text = malloc(size + 1);
    model *m;
    size_t i;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    for (i = 0; i < 2; i++) {
        unc_path p;
        ca_error err;
        err.msg[0] = 0;
        if (unc_parse(text, flags[i], &p, &err) == CA_OK) {
            check_parsed(text, flags[i], &p);
        } else {
            check(err.msg[0] && strlen(err.msg) < sizeof(err.msg));
            check(!p.server && !p.share && !p.rest && !p.remote && !p.full);
        }
        unc_path_cleanup(&p);
    }
    /* Drive paths go through a use. */
    m = model_create();
    if (m && model_add_use(m, "O:", "\\\\srv\\share\\dir", NULL, USE_STATUS_OK, -1, -1, NULL) == CA_OK) {
        unc_path p;
        ca_status st = model_resolve_path(m, text, 0, &p, NULL);
        if (st == CA_OK)
            check_parsed(text, 0, &p);
        else
            check(!p.full);
        unc_path_cleanup(&p);
    }
    model_free(m);
    free(text);
    return 0;
}
