/* libFuzzer target: every model a scenario loads is written back (scenario_write) and redacted loss-free. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "scenario.h"
#include "scenario_write.h"

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

/* Writes m, loads it back, and checks that nothing was lost. */
static void round_trip(const model *m)
{
    strbuf sb;
    model *back = NULL;
    ca_error err;
    size_t i, hosts = 0;
    for (i = 0; i < m->host_count; i++)
        hosts += m->hosts[i].count >= 2; /* a group of one name is not written */
    strbuf_init(&sb);
    check(scenario_write(&sb, m, NULL, 0, 0, NULL, &err) == CA_OK);
    check(scenario_parse("again", strbuf_str(&sb), sb.len, &back, &err) == CA_OK);
    check(back->use_count == m->use_count && back->cred_count == m->cred_count &&
          back->dfs_count == m->dfs_count && back->host_count == hosts &&
          same(back->logon_user, m->logon_user));
    for (i = 0; i < m->use_count; i++)
        check(same(back->uses[i].remote, m->uses[i].remote) && same(back->uses[i].local, m->uses[i].local) &&
              same(back->uses[i].user, m->uses[i].user) && back->uses[i].status == m->uses[i].status &&
              back->uses[i].open_files == m->uses[i].open_files);
    for (i = 0; i < m->cred_count; i++)
        check(same(back->creds[i].raw_target, m->creds[i].raw_target) &&
              same(back->creds[i].user, m->creds[i].user) && back->creds[i].type == m->creds[i].type);
    model_free(back);
    strbuf_cleanup(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model *m = NULL, *red = NULL;
    redactor *r;
    ca_error err;
    size_t i;
    if (scenario_parse("fuzz", (const char *)data, size, &m, &err) != CA_OK)
        return 0;
    round_trip(m);
    r = redactor_create();
    check(r != NULL);
    if (redact_model(r, m, &red, &err) == CA_OK) {
        /* The same shape: counts, devices, statuses, kinds; and it writes and loads like any model. */
        check(red->use_count == m->use_count && red->cred_count == m->cred_count &&
              red->dfs_count == m->dfs_count);
        for (i = 0; i < m->use_count; i++)
            check(same(red->uses[i].local, m->uses[i].local) && red->uses[i].kind == m->uses[i].kind &&
                  red->uses[i].status == m->uses[i].status &&
                  unc_classify_server(red->uses[i].server) == unc_classify_server(m->uses[i].server));
        round_trip(red);
    } else {
        check(err.msg[0] != 0);
    }
    model_free(red);
    redactor_free(r);
    model_free(m);
    return 0;
}
