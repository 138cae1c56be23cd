/* connectas connect --temporary and connectas cleanup: journal what a connection creates, undo it when due.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_support.h"
#include "errtab.h"
#include "unc.h"

#define TEMPORARY_MAX_MINUTES 525600L /* a year */

/* Options of connect that take a value (cli.c): their values are not the path. */
static int takes_value(const char *arg)
{
    static const char *const names[] = {"--scenario", "--user", "--drive", "--fix", "--out"};
    size_t i;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(arg, names[i]))
            return 1;
    return 0;
}

/* The command word (first non-option argument), or NULL. */
static const char *command_of(int argc, char **argv, int *at)
{
    int i;
    for (i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]) {
            if (takes_value(argv[i]))
                i++;
            continue;
        }
        if (at)
            *at = i;
        return argv[i];
    }
    return NULL;
}

static int is_temporary_option(const char *arg)
{
    return !strncmp(arg, "--temporary", 11) && (arg[11] == 0 || arg[11] == '=');
}

int cli_support_handles(int argc, char **argv)
{
    const char *cmd = command_of(argc, argv, NULL);
    int i;
    if (!cmd)
        return 0;
    if (!strcmp(cmd, "snapshot") || !strcmp(cmd, "cleanup"))
        return 1;
    if (strcmp(cmd, "connect"))
        return 0;
    for (i = 1; i < argc; i++)
        if (is_temporary_option(argv[i]))
            return 1;
    return 0;
}

int cli_support_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env)
{
    const char *cmd = command_of(argc, argv, NULL);
    if (cmd && !strcmp(cmd, "snapshot"))
        return cli_snapshot_main(argc, argv, plat, env);
    if (cmd && !strcmp(cmd, "cleanup"))
        return cli_cleanup_main(argc, argv, plat, env);
    return cli_temporary_connect_main(argc, argv, plat, env);
}

/* "2026-12-02 05:40" in local time, or "when you sign out". */
static void format_when(long long t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm *lt = t > 0 ? localtime(&tt) : NULL;
    if (!lt || !strftime(buf, size, "%Y-%m-%d %H:%M", lt))
        snprintf(buf, size, "when you sign out");
}

static void json_when(strbuf *sb, long long t)
{
    char buf[40];
    time_t tt = (time_t)t;
    struct tm *utc = t > 0 ? gmtime(&tt) : NULL;
    if (utc && strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", utc))
        strbuf_add_json_string(sb, buf);
    else
        strbuf_add(sb, "null");
}

static void json_rec(strbuf *sb, const journal_rec *r)
{
    strbuf_add(sb, "{\"id\": ");
    strbuf_add_json_string(sb, r->id);
    strbuf_add(sb, ", \"requested\": ");
    strbuf_add_json_string(sb, r->requested);
    strbuf_add(sb, ", \"remote\": ");
    strbuf_add_json_string(sb, r->remote);
    strbuf_add(sb, ", \"local\": ");
    strbuf_add_json_string(sb, r->local);
    strbuf_add(sb, ", \"user\": ");
    strbuf_add_json_string(sb, r->user);
    strbuf_addf(sb,
                ", \"remembered\": %s, \"elevated\": %s, \"credential\": ", r->remembered ? "true" : "false",
                r->elevated ? "true" : "false");
    strbuf_add_json_string(sb, r->cred_target);
    strbuf_add(sb, ", \"expires\": ");
    json_when(sb, r->expires);
    strbuf_add(sb, "}");
}

/* What the record stands for, in words: "T: (\\fs9\data)" plus "and the saved credential fs9". */
static void describe(strbuf *sb, const journal_rec *r)
{
    if (r->remote)
        strbuf_addf(sb, "%s%s%s%s", r->local ? r->local : r->remote, r->local ? " (" : "",
                    r->local ? r->remote : "", r->local ? ")" : "");
    if (r->remote && r->cred_target)
        strbuf_add(sb, " and ");
    if (r->cred_target)
        strbuf_addf(sb, "the saved credential %s", r->cred_target);
}

/* ---- cleanup ---- */

typedef struct cleanup_args {
    int all, dry_run, json, help;
} cleanup_args;

static int parse_cleanup(const cli_platform *plat, int argc, char **argv, cleanup_args *a)
{
    int i, seen = 0;
    memset(a, 0, sizeof(*a));
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!seen && !strcmp(arg, "cleanup"))
            seen = 1;
        else if (!strcmp(arg, "--all"))
            a->all = 1;
        else if (!strcmp(arg, "--dry-run"))
            a->dry_run = 1;
        else if (!strcmp(arg, "--json"))
            a->json = 1;
        else if (!strcmp(arg, "--help"))
            a->help = 1;
        else {
            cli_support_err(plat, "connectas: %s '%s' does not apply to 'cleanup' (see connectas --help)\n",
                            arg[0] == '-' ? "option" : "argument", arg);
            return CLI_EXIT_USAGE;
        }
    }
    return CLI_EXIT_OK;
}

static void cleanup_text(const cli_platform *plat, strbuf *sb, const journal_report *rep)
{
    size_t i;
    for (i = 0; i < rep->count; i++) {
        const journal_item *it = &rep->items[i];
        char when[40];
        format_when(it->rec.expires, when, sizeof(when));
        switch (it->result) {
        case JOURNAL_UNDONE:
            strbuf_add(sb, "Undone: ");
            describe(sb, &it->rec);
            strbuf_add(sb, "\n");
            break;
        case JOURNAL_WOULD:
            strbuf_add(sb, "Would undo: ");
            describe(sb, &it->rec);
            strbuf_add(sb, "\n");
            break;
        case JOURNAL_NOT_DUE:
            strbuf_add(sb, "Temporary until ");
            strbuf_addf(sb, "%s: ", when);
            describe(sb, &it->rec);
            strbuf_add(sb, "\n");
            break;
        case JOURNAL_OTHER_TOKEN:
            strbuf_add(sb,
                       "Made in a prompt of the other elevation (administrator or not), whose connections "
                       "this one cannot see; run connectas cleanup there: ");
            describe(sb, &it->rec);
            strbuf_add(sb, "\n");
            break;
        case JOURNAL_BUSY:
            strbuf_add(sb, "Still connected: ");
            describe(sb, &it->rec);
            if (it->open_files > 0)
                strbuf_addf(sb, " has %d open file%s", it->open_files, it->open_files == 1 ? "" : "s");
            else
                strbuf_addf(sb, " is in use (error %lu)", it->code);
            strbuf_add(sb, "; it was not forced. Close what uses it and run connectas cleanup again.\n");
            break;
        case JOURNAL_FAILED:
        default: {
            char sentence[512];
            const char *why = it->code && plat->error_text
                                  ? plat->error_text(plat->ctx, it->code, sentence, sizeof(sentence))
                                  : NULL;
            strbuf_add(sb, "Could not undo: ");
            describe(sb, &it->rec);
            strbuf_addf(sb, ": %s (error %lu); it stays in the journal for the next cleanup.\n",
                        why && *why ? why : "Windows refused", it->code);
        } break;
        }
    }
    if (!rep->count)
        strbuf_add(sb, "No temporary connections.\n");
    if (rep->unreadable)
        strbuf_addf(sb,
                    "%zu journal entr%s could not be read and %s left alone "
                    "(HKCU\\Software\\ConnectAs\\Temporary).\n",
                    rep->unreadable, rep->unreadable == 1 ? "y" : "ies",
                    rep->unreadable == 1 ? "was" : "were");
}

static void cleanup_json(strbuf *sb, const journal_report *rep, const cleanup_args *a)
{
    size_t i;
    strbuf_addf(sb, "{\"all\": %s, \"dry_run\": %s, \"items\": [", a->all ? "true" : "false",
                a->dry_run ? "true" : "false");
    for (i = 0; i < rep->count; i++) {
        const journal_item *it = &rep->items[i];
        strbuf_add(sb, i ? ", {\"result\": " : "{\"result\": ");
        strbuf_add_json_string(sb, journal_result_name(it->result));
        strbuf_add(sb, ", \"temporary\": ");
        json_rec(sb, &it->rec);
        strbuf_add(sb, ", \"open_files\": ");
        if (it->result == JOURNAL_BUSY && it->open_files >= 0)
            strbuf_addf(sb, "%d", it->open_files);
        else
            strbuf_add(sb, "null");
        strbuf_addf(sb, ", \"code\": %lu, \"class\": ", it->code);
        strbuf_add_json_string(sb, it->code ? errtab_class_name(errtab_class_of(it->code)) : NULL);
        strbuf_add(sb, "}");
    }
    strbuf_addf(sb, "], \"unreadable\": %zu}\n", rep->unreadable);
}

int cli_cleanup_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env)
{
    cleanup_args a;
    backend *be = NULL;
    journal_report rep;
    strbuf sb;
    ca_error e = {{0}, 0};
    size_t i;
    int rc = parse_cleanup(plat, argc, argv, &a);
    if (rc)
        return rc;
    if (a.help) {
        cli_support_out(plat,
                        "Usage: connectas cleanup [--all] [--dry-run] [--json]\n\n"
                        "Undoes what ConnectAs created for temporary connections (connect --temporary)\n"
                        "that are due: their connection and drive letter, a remembered drive, a saved\n"
                        "credential. --all: every temporary connection, due or not. Open files are never\n"
                        "forced. Exit status as for disconnect: 4 when something stays in use.\n");
        return CLI_EXIT_OK;
    }
    if (!env || !env->journal) {
        cli_support_err(plat, "connectas: temporary connections are not available on this platform\n");
        return CLI_EXIT_FAILURE;
    }
    if ((rc = cli_support_open(plat, NULL, &be)) != CLI_EXIT_OK)
        return rc;
    if (journal_run_cleanup(be, env->journal, env->logon_session, (long long)time(NULL),
                            (a.all ? JOURNAL_CLEAN_ALL : 0) | (a.dry_run ? JOURNAL_CLEAN_DRY_RUN : 0), &rep,
                            &e) != CA_OK) {
        cli_support_err(plat, "connectas: cannot read the journal of temporary connections: %s\n", e.msg);
        backend_free(be);
        return CLI_EXIT_FAILURE;
    }
    strbuf_init(&sb);
    if (a.json)
        cleanup_json(&sb, &rep, &a);
    else
        cleanup_text(plat, &sb, &rep);
    cli_support_out(plat, strbuf_str(&sb));
    strbuf_cleanup(&sb);
    /* As disconnect: a refusal is 1, something still in use 4. */
    rc = CLI_EXIT_OK;
    for (i = 0; i < rep.count; i++)
        if (rep.items[i].result == JOURNAL_FAILED)
            rc = CLI_EXIT_FAILURE;
        else if (rep.items[i].result == JOURNAL_BUSY && rc == CLI_EXIT_OK)
            rc = CLI_EXIT_BUSY;
    if (rep.unreadable && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_FAILURE;
    journal_report_cleanup(&rep);
    backend_free(be);
    return rc;
}

/* ---- connect --temporary ---- */

/* The platform with standard output captured (so the result can be extended), everything else passed on. */
typedef struct capture_plat {
    cli_platform plat;
    const cli_platform *inner;
    strbuf out;
} capture_plat;

static void cap_out(void *ctx, const char *text)
{
    strbuf_add(&((capture_plat *)ctx)->out, text);
}

static void cap_err(void *ctx, const char *text)
{
    const cli_platform *p = ((capture_plat *)ctx)->inner;
    p->write_err(p->ctx, text);
}

static int cap_secret(void *ctx, const char *prompt, int from_stdin, char *buf, size_t size)
{
    const cli_platform *p = ((capture_plat *)ctx)->inner;
    return p->read_secret(p->ctx, prompt, from_stdin, buf, size);
}

static ca_status cap_live(void *ctx, backend **out, ca_error *err)
{
    const cli_platform *p = ((capture_plat *)ctx)->inner;
    return p->open_live(p->ctx, out, err);
}

static const char *cap_error_text(void *ctx, unsigned long code, char *buf, size_t size)
{
    const cli_platform *p = ((capture_plat *)ctx)->inner;
    return p->error_text ? p->error_text(p->ctx, code, buf, size) : NULL;
}

static void capture_init(capture_plat *c, const cli_platform *inner)
{
    memset(c, 0, sizeof(*c));
    c->inner = inner;
    strbuf_init(&c->out);
    c->plat.ctx = c;
    c->plat.write_out = cap_out;
    c->plat.write_err = cap_err;
    c->plat.read_secret = cap_secret;
    c->plat.open_live = inner->open_live ? cap_live : NULL;
    c->plat.error_text = cap_error_text;
    c->plat.version = inner->version;
}

typedef struct temp_args {
    long minutes; /* 0: at sign-out */
    const char *path;
    int remember, json;
    char **argv; /* argv without --temporary */
    int argc;
} temp_args;

static int parse_temporary(const cli_platform *plat, int argc, char **argv, temp_args *t)
{
    int i, at = 0, seen = 0;
    memset(t, 0, sizeof(*t));
    t->argv = calloc((size_t)argc + 1, sizeof(*t->argv));
    if (!t->argv) {
        cli_support_err(plat, "connectas: out of memory\n");
        return CLI_EXIT_FAILURE;
    }
    command_of(argc, argv, &at);
    for (i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (i && is_temporary_option(arg)) {
            const char *v = arg[11] == '=' ? arg + 12 : NULL;
            char *end = NULL;
            if (seen++) {
                cli_support_err(plat, "connectas: option --temporary given twice\n");
                return CLI_EXIT_USAGE;
            }
            if (v) {
                t->minutes = *v >= '0' && *v <= '9' ? strtol(v, &end, 10) : -1;
                if (!end || *end || t->minutes < 1 || t->minutes > TEMPORARY_MAX_MINUTES) {
                    cli_support_err(
                        plat,
                        "connectas: --temporary takes a number of minutes from 1 to %ld, or no value "
                        "(until you sign out), not '%s'\n",
                        TEMPORARY_MAX_MINUTES, v);
                    return CLI_EXIT_USAGE;
                }
            }
            continue;
        }
        if (!strcmp(arg, "--scenario") || !strncmp(arg, "--scenario=", 11)) {
            cli_support_err(plat, "connectas: --temporary does not apply with --scenario (nothing real is "
                                  "connected, so nothing is left behind)\n");
            return CLI_EXIT_USAGE;
        }
        t->remember |= !strcmp(arg, "--remember");
        t->json |= !strcmp(arg, "--json");
        if (i > at && !t->path && arg[0] != '-' && !(i > 0 && takes_value(argv[i - 1])))
            t->path = arg;
        t->argv[t->argc++] = argv[i];
    }
    return CLI_EXIT_OK;
}

/* The names the new connection may use: the request's server and the other names of its machine (alias). */
static size_t names_of(const model *m, const char *server, const char **names, size_t max)
{
    const model_host *h = model_host_of(m, server);
    size_t n = 0, i;
    names[n++] = server;
    for (i = 0; h && i < h->count && n < max; i++)
        if (!unc_server_equal(h->names[i], server))
            names[n++] = h->names[i];
    return n;
}

/* Appends the temporary part to the connect command's output. */
static void print_result(const cli_platform *plat, capture_plat *cap, const temp_args *t,
                         const journal_rec *rec)
{
    strbuf sb;
    strbuf_init(&sb);
    if (t->json) {
        const char *text = strbuf_str(&cap->out);
        const char *end = strrchr(text, '}');
        if (end) {
            strbuf_addn(&sb, text, (size_t)(end - text));
            strbuf_add(&sb, ", \"temporary\": ");
            if (rec)
                json_rec(&sb, rec);
            else
                strbuf_add(&sb, "null");
            strbuf_add(&sb, end);
        } else {
            strbuf_add(&sb, text);
        }
    } else {
        strbuf_add(&sb, strbuf_str(&cap->out));
        if (rec) {
            char when[40];
            format_when(rec->expires, when, sizeof(when));
            strbuf_add(&sb, "Temporary: ConnectAs will undo ");
            describe(&sb, rec);
            strbuf_addf(&sb, " %s%s (connectas cleanup --all does it now).\n", rec->expires ? "at " : "",
                        when);
        } else {
            strbuf_add(&sb,
                       "Nothing new was created (the connection existed before), so nothing is temporary.\n");
        }
    }
    cli_support_out(plat, strbuf_str(&sb));
    strbuf_cleanup(&sb);
}

int cli_temporary_connect_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env)
{
    temp_args t;
    capture_plat cap;
    backend *be = NULL;
    model *before = NULL, *after = NULL;
    journal_rec rec;
    unc_path p;
    const char *names[16];
    size_t n;
    ca_error e = {{0}, 0};
    ca_status st;
    int rc;

    memset(&rec, 0, sizeof(rec));
    memset(&p, 0, sizeof(p));
    capture_init(&cap, plat);
    if ((rc = parse_temporary(plat, argc, argv, &t)) != CLI_EXIT_OK)
        goto cleanup;
    if (!env || !env->journal) {
        cli_support_err(plat, "connectas: temporary connections are not available on this platform\n");
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    if (!t.path) {
        /* Let connect itself explain what is missing. */
        rc = cli_main(t.argc, t.argv, plat);
        goto cleanup;
    }
    if ((rc = cli_support_open(plat, NULL, &be)) != CLI_EXIT_OK)
        goto cleanup;
    if (backend_snapshot(be, &before, &e) != CA_OK) {
        cli_support_err(plat, "connectas: cannot read the connections: %s\n", e.msg);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    rc = cli_main(t.argc, t.argv, &cap.plat);
    if (rc != CLI_EXIT_OK) {
        cli_support_out(plat, strbuf_str(&cap.out));
        goto cleanup;
    }
    if (backend_snapshot(be, &after, &e) != CA_OK || model_resolve_path(before, t.path, 0, &p, &e) != CA_OK) {
        cli_support_out(plat, strbuf_str(&cap.out));
        cli_support_err(plat,
                        "connectas: connected, but what it created could not be read (%s); it is not "
                        "temporary: disconnect it with connectas disconnect\n",
                        e.msg);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    n = names_of(after, p.server, names, sizeof(names) / sizeof(names[0]));
    st = journal_rec_from_connect(before, after, names, n, t.path, p.remote, t.remember, &rec, &e);
    if (st == CA_ERR_NOT_FOUND) {
        print_result(plat, &cap, &t, NULL);
        goto cleanup;
    }
    if (st == CA_OK)
        st = journal_rec_stamp(&rec, (long long)time(NULL), t.minutes, env->logon_session, &e);
    if (st == CA_OK)
        st = journal_add(env->journal, &rec, &e);
    if (st != CA_OK) {
        cli_support_out(plat, strbuf_str(&cap.out));
        cli_support_err(plat,
                        "connectas: connected, but the journal of temporary connections could not be written "
                        "(%s); it is not temporary: disconnect it with connectas disconnect\n",
                        e.msg);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    print_result(plat, &cap, &t, &rec);
cleanup:
    journal_rec_cleanup(&rec);
    unc_path_cleanup(&p);
    model_free(before);
    model_free(after);
    backend_free(be);
    strbuf_cleanup(&cap.out);
    free(t.argv);
    return rc;
}
