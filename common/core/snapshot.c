/* A support snapshot: comment lines on the state's origin, redaction, and the scenario records. */
#include "snapshot.h"

#include <string.h>
#include <time.h>

#include "redact.h"
#include "scenario_write.h"

#define SNAPSHOT_MAX_COMMENTS 32

/* The comment lines, LF-separated, into lines. */
static void header(const model *m, const snapshot_info *info, int redact, strbuf *lines)
{
    char when[40] = "at an unknown time";
    time_t t = (time_t)info->taken;
    struct tm *utc = info->taken > 0 ? gmtime(&t) : NULL;
    if (utc)
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", utc);
    strbuf_add(lines,
               "ConnectAs snapshot of one logon session (scenario-format.md); never holds a password\n");
    strbuf_addf(lines, "taken %s by connectas %s\n", when, info->version ? info->version : "?");
    if (info->from_scenario)
        strbuf_addf(lines, "from: the scenario file %s, not a live machine\n",
                    redact ? "(name redacted)" : info->from_scenario);
    else if (info->machine && *info->machine && !redact)
        strbuf_addf(lines, "from: the computer %s\n", info->machine);
    if (info->system && !info->from_scenario)
        strbuf_add(lines, info->system);
    if (lines->len && lines->data[lines->len - 1] != '\n')
        strbuf_add(lines, "\n");
    if (!info->from_scenario) {
        strbuf_add(lines,
                   "data: connections from NetUseEnum (or WNet), remembered drives from HKCU\\Network, "
                   "credential targets and users from Credential Manager, DFS targets from the DFS "
                   "client's cache, names of one machine from name resolution\n");
        if (!strcmp(m->source, "WNet"))
            strbuf_add(lines, "not read: NetUseEnum was not available, so open-file counts and connections "
                              "without a drive letter are missing\n");
    }
    if (redact)
        strbuf_add(lines,
                   "redacted: users, domains, servers, shares and folders are pseudonyms; drive letters, "
                   "IPC$ and C$-style shares are real\n");
    strbuf_add(lines, "open with: connectas-tray.exe --scenario FILE\n");
}

ca_status snapshot_write(const model *m, const snapshot_info *info, unsigned flags, strbuf *out,
                         size_t *left_out, ca_error *err)
{
    static const snapshot_info none;
    const char *comments[SNAPSHOT_MAX_COMMENTS];
    size_t count = 0;
    redactor *r = NULL;
    model *red = NULL;
    strbuf lines;
    char *s;
    ca_status st = CA_OK;
    if (!m || !out)
        return ca_fail(err, CA_ERR_INVALID, "no state to write");
    if (flags & SNAPSHOT_REDACT) {
        r = redactor_create();
        st = r ? redact_model(r, m, &red, err) : ca_fail(err, CA_ERR_NOMEM, "out of memory");
        redactor_free(r);
        if (st != CA_OK)
            return st;
    }
    strbuf_init(&lines);
    header(m, info ? info : &none, (flags & SNAPSHOT_REDACT) != 0, &lines);
    /* Split into lines (in place); control characters in system facts are refused by scenario_write. */
    for (s = lines.data; s && *s && count < SNAPSHOT_MAX_COMMENTS;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = 0;
        if (*s)
            comments[count++] = s;
        if (!nl)
            break;
        s = nl + 1;
    }
    if (lines.failed)
        st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (st == CA_OK)
        st = scenario_write(out, red ? red : m, comments, count, SCENARIO_WRITE_LENIENT, left_out, err);
    strbuf_cleanup(&lines);
    model_free(red);
    return st;
}
