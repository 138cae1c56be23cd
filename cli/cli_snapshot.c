/* connectas snapshot: the logon session's state as a scenario file, optionally redacted (docs/support.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_support.h"
#include "sandbox.h"
#include "scenario.h"
#include "snapshot.h"

void cli_support_out(const cli_platform *plat, const char *text)
{
    plat->write_out(plat->ctx, text);
}

void cli_support_err(const cli_platform *plat, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    plat->write_err(plat->ctx, buf);
}

int cli_support_open(const cli_platform *plat, const char *scenario, backend **be)
{
    ca_error e = {{0}, 0};
    ca_status st;
    *be = NULL;
    if (scenario) {
        model *m = NULL;
        st = scenario_load_file(scenario, &m, &e);
        if (st != CA_OK) {
            cli_support_err(plat, "connectas: %s\n", e.msg);
            return st == CA_ERR_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
        }
        if (sandbox_create(m, be, &e) != CA_OK) {
            model_free(m);
            cli_support_err(plat, "connectas: %s\n", e.msg);
            return CLI_EXIT_FAILURE;
        }
        return CLI_EXIT_OK;
    }
    if (!plat->open_live) {
        cli_support_err(plat,
                        "connectas: live mode is not available on this platform; use --scenario FILE\n");
        return CLI_EXIT_FAILURE;
    }
    if (plat->open_live(plat->ctx, be, &e) != CA_OK) {
        cli_support_err(plat, "connectas: cannot read this machine's connections: %s\n", e.msg);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

typedef struct snapshot_args {
    const char *out, *scenario;
    int redact, help;
} snapshot_args;

static const char snapshot_usage[] =
    "Usage: connectas snapshot [--out FILE] [--redact] [--scenario FILE]\n"
    "\n"
    "Writes this logon session's connections, saved credential targets and users (never a\n"
    "secret), DFS targets and names of one machine as a scenario file for support. Without\n"
    "--out it prints to standard output. --redact replaces every user, domain, server, share\n"
    "and folder name with a stable pseudonym; the file still gives the same verdicts.\n"
    "Open it with: connectas-tray.exe --scenario FILE, or connectas check --scenario FILE PATH.\n";

/* Options: --out FILE, --redact, --scenario FILE (for redacting a file someone sent). */
static int parse_snapshot(const cli_platform *plat, int argc, char **argv, snapshot_args *a)
{
    int i, seen_command = 0;
    memset(a, 0, sizeof(*a));
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], **slot = NULL, *value;
        size_t n = strcspn(arg, "=");
        if (!seen_command && !strcmp(arg, "snapshot")) {
            seen_command = 1;
            continue;
        }
        if (!strcmp(arg, "--redact")) {
            a->redact = 1;
            continue;
        }
        if (!strcmp(arg, "--help")) {
            a->help = 1;
            continue;
        }
        if (!strncmp(arg, "--out", n) && n == 5)
            slot = &a->out;
        else if (!strncmp(arg, "--scenario", n) && n == 10)
            slot = &a->scenario;
        if (!slot) {
            cli_support_err(
                plat, "connectas: %s '%s' does not apply to 'snapshot' (see connectas snapshot --help)\n",
                arg[0] == '-' ? "option" : "argument", arg);
            return CLI_EXIT_USAGE;
        }
        value = arg[n] == '=' ? arg + n + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!value || !*value) {
            cli_support_err(plat, "connectas: option %.*s needs a file name\n", (int)n, arg);
            return CLI_EXIT_USAGE;
        }
        if (*slot) {
            cli_support_err(plat, "connectas: option %.*s given twice\n", (int)n, arg);
            return CLI_EXIT_USAGE;
        }
        *slot = value;
    }
    return CLI_EXIT_OK;
}

/* Writes the whole file, or nothing (a failed write removes what was begun). */
static int write_file(const cli_platform *plat, const cli_support_env *env, const char *path,
                      const char *text, size_t len)
{
    FILE *f;
    int ok;
    if (env && env->write_file) {
        if (env->write_file(path, text, len) != 0) {
            cli_support_err(plat, "connectas: cannot write %s\n", path);
            return CLI_EXIT_FAILURE;
        }
        return CLI_EXIT_OK;
    }
    f = fopen(path, "wb");
    if (!f) {
        cli_support_err(plat, "connectas: cannot create %s\n", path);
        return CLI_EXIT_FAILURE;
    }
    ok = fwrite(text, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        remove(path);
        cli_support_err(plat, "connectas: cannot write %s\n", path);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int cli_snapshot_main(int argc, char **argv, const cli_platform *plat, const cli_support_env *env)
{
    snapshot_args a;
    snapshot_info info;
    backend *be = NULL;
    model *m = NULL;
    strbuf sys, text;
    size_t left = 0;
    ca_error e = {{0}, 0};
    int rc = parse_snapshot(plat, argc, argv, &a);
    if (rc)
        return rc;
    if (a.help) {
        cli_support_out(plat, snapshot_usage);
        return CLI_EXIT_OK;
    }
    if ((rc = cli_support_open(plat, a.scenario, &be)) != CLI_EXIT_OK)
        return rc;
    if (backend_snapshot(be, &m, &e) != CA_OK) {
        cli_support_err(plat, "connectas: cannot read the connections: %s\n", e.msg);
        backend_free(be);
        return CLI_EXIT_FAILURE;
    }
    strbuf_init(&sys);
    strbuf_init(&text);
    if (!a.scenario && plat->describe_system)
        plat->describe_system(plat->ctx, &sys, 0);
    memset(&info, 0, sizeof(info));
    info.version = plat->version;
    info.taken = (long long)time(NULL);
    info.machine = env ? env->machine : NULL;
    info.system = sys.len ? strbuf_str(&sys) : NULL;
    info.from_scenario = a.scenario;
    if (snapshot_write(m, &info, a.redact ? SNAPSHOT_REDACT : 0, &text, &left, &e) != CA_OK) {
        cli_support_err(plat, "connectas: cannot write the snapshot: %s\n", e.msg);
        rc = CLI_EXIT_FAILURE;
    } else if (a.out) {
        rc = write_file(plat, env, a.out, strbuf_str(&text), text.len);
        if (rc == CLI_EXIT_OK)
            cli_support_err(plat, "connectas: wrote %s%s; open it with connectas-tray.exe --scenario FILE\n",
                            a.out, a.redact ? " (redacted)" : "");
    } else {
        cli_support_out(plat, strbuf_str(&text));
    }
    if (rc == CLI_EXIT_OK && left)
        cli_support_err(plat,
                        "connectas: %zu record%s could not be written in the scenario format and %s left out "
                        "(see the '# left out' lines)\n",
                        left, left == 1 ? "" : "s", left == 1 ? "was" : "were");
    strbuf_cleanup(&sys);
    strbuf_cleanup(&text);
    model_free(m);
    backend_free(be);
    return rc;
}
