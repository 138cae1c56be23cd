/* libFuzzer target: scenario_parse on arbitrary bytes; a loaded model must be consistent and clone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
    if (!cond)
        abort();
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model *m = (model *)1, *c;
    ca_error err;
    size_t i;
    err.msg[0] = 0;
    if (scenario_parse("fuzz", (const char *)data, size, &m, &err) != CA_OK) {
        check(m == NULL);
        check(!strncmp(err.msg, "fuzz", 4));
        return 0;
    }
    check(m && m->logon_user && !strcmp(m->source, "scenario"));
    for (i = 0; i < m->use_count; i++) {
        const model_use *u = &m->uses[i];
        check(u->remote && u->server && u->share);
        check(!u->local || model_find_local(m, u->local) == (long)i);
        check(u->kind != USE_KIND_IPC || unc_is_ipc(u->share));
    }
    for (i = 0; i < m->host_count; i++)
        check(m->hosts[i].count && model_host_of(m, m->hosts[i].names[0]) == &m->hosts[i]);
    c = model_clone(m);
    check(c != NULL);
    check(c->use_count == m->use_count && c->cred_count == m->cred_count && c->dfs_count == m->dfs_count &&
          c->host_count == m->host_count && same(c->logon_user, m->logon_user));
    for (i = 0; i < m->use_count; i++)
        check(same(c->uses[i].remote, m->uses[i].remote) && same(c->uses[i].user, m->uses[i].user));
    while (c->use_count)
        model_remove_use(c, 0);
    while (c->cred_count)
        model_remove_cred(c, c->cred_count - 1);
    model_free(c);
    model_free(m);
    return 0;
}
