/* connectas command-line logic: parses options, runs check/list/connect/disconnect/forget/report. */
/* Longer than ~700 lines on purpose: the option parser and the six commands
 * share the parsed arguments and the output helpers; every decision is in the
 * core (predict, fixrun, errtab, render) and each command here only asks and
 * prints, so splitting would move plumbing, not logic. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errtab.h"
#include "fixrun.h"
#include "model.h"
#include "predict.h"
#include "render.h"
#include "sandbox.h"
#include "scenario.h"
#include "text.h"
#include "unc.h"

#define SECRET_MAX 512

/* Parsed command line. Strings point into argv. */
typedef struct cli_args {
    const char *command;
    const char *scenario;
    const char *user;
    const char *drive;
    const char *fix;
    const char *positional[2];
    int positional_count;
    int json, remember, password_stdin, force, forget_drives, dry_run, help, machine, user_scope,
        run_at_logon;
} cli_args;

typedef struct cli_ctx {
    const cli_platform *plat;
    cli_args a;
} cli_ctx;

void cli_wipe(void *buf, size_t size)
{
    volatile unsigned char *p = buf;
    while (size--)
        *p++ = 0;
}

static void out(const cli_ctx *c, const char *text)
{
    c->plat->write_out(c->plat->ctx, text);
}

static void errf(const cli_ctx *c, const char *fmt, ...) CA_PRINTF(2, 3);
static void errf(const cli_ctx *c, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    c->plat->write_err(c->plat->ctx, buf);
}

static void outf(const cli_ctx *c, const char *fmt, ...) CA_PRINTF(2, 3);
static void outf(const cli_ctx *c, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    c->plat->write_out(c->plat->ctx, buf);
}

static const char usage_text[] =
    "Usage: connectas COMMAND [OPTIONS]\n"
    "\n"
    "Explains and clears Windows error 1219 (\"multiple connections to a server by the same user,\n"
    "using more than one user name\").\n"
    "\n"
    "Commands:\n"
    "  check PATH [--user USER]      would connecting to PATH as USER fail with 1219? (default\n"
    "                                credentials without --user)\n"
    "  list                          sessions per server: user, drives and connections\n"
    "  connect PATH [--user USER] [--drive X:|auto] [--remember] [--force] [--password-stdin]\n"
    "          [--fix disconnect|alias|forget_credential|use_spelling]\n"
    "                                connect; on a predicted 1219 only with --fix, one of the fixes\n"
    "                                check lists; the password is read from the console without\n"
    "                                echo, or from standard input with --password-stdin, never\n"
    "                                from an argument\n"
    "  disconnect SERVER|PATH [--force] [--forget-drives]\n"
    "                                disconnect every connection to that server name (drives,\n"
    "                                drive-less connections, IPC$ last); open files stop it unless\n"
    "                                --force\n"
    "  forget SERVER [--dry-run]     delete the saved Windows credentials for exactly that server\n"
    "                                name (wildcard and generic ones are named, never deleted)\n"
    "  report                        support report for a ticket (no passwords)\n"
    "  snapshot [--out FILE] [--redact]\n"
    "                                this session's state as a scenario file for support\n"
    "  connect … --temporary[=MINUTES], cleanup [--all] [--dry-run]\n"
    "                                undo what a connection created when due (sign-out or MINUTES)\n"
    "  install [--user|--machine] [--run-at-logon] [--dry-run]\n"
    "                                register the Explorer menu for portable use\n"
    "  uninstall [--user|--machine] [--dry-run]\n"
    "                                remove what install registered\n"
    "\n"
    "Options:\n"
    "  --scenario FILE   use a scenario file instead of this machine (nothing real is touched)\n"
    "  --json            print one JSON object\n"
    "  --help, --version\n"
    "\n"
    "PATH is \\\\server\\share[\\...], \\\\?\\UNC\\server\\share, \\\\server or a drive path (O:\\sub).\n"
    "\n"
    "Exit status: 0 ok (check: no conflict), 1 other failure, 2 bad input, 3 would fail or failed\n"
    "with 1219, 4 open files or a drive in use, 5 sign-in failed, 6 nothing found, 7 cancelled.\n";

/* ---- argument parsing ---- */

static int is_password_option(const char *arg)
{
    static const char *const names[] = {"--password", "--pass", "--pwd",     "-p",
                                        "/p",         "/pass",  "/password", "-password"};
    size_t i, n = strcspn(arg, "=:");
    if (!strcmp(arg, "--password-stdin"))
        return 0;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i]) == n && !strncmp(arg, names[i], n))
            return 1;
    return 0;
}

/* Returns CLI_EXIT_OK or CLI_EXIT_USAGE after printing one line. */
static int parse_args(cli_ctx *c, int argc, char **argv)
{
    cli_args *a = &c->a;
    int i;
    memset(a, 0, sizeof(*a));
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        char name[40];
        size_t n;
        if (is_password_option(arg)) {
            errf(c, "connectas: a password is never accepted as an argument (other programs and logs can "
                    "read command lines); omit it to be asked, or pipe it with --password-stdin\n");
            return CLI_EXIT_USAGE;
        }
        if (arg[0] != '-' || arg[1] != '-' || !arg[2]) {
            if (arg[0] == '-' && arg[1] && arg[1] != '-') {
                errf(c, "connectas: unknown option '%s' (see connectas --help)\n", arg);
                return CLI_EXIT_USAGE;
            }
            if (!a->command && !(arg[0] == '-' && arg[1] == '-')) {
                a->command = arg;
            } else if (a->positional_count < 2) {
                a->positional[a->positional_count++] = arg;
            } else {
                errf(c, "connectas: unexpected argument '%s'\n", arg);
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        n = strcspn(arg, "=");
        if (n >= sizeof(name)) {
            errf(c, "connectas: unknown option '%.40s…'\n", arg);
            return CLI_EXIT_USAGE;
        }
        memcpy(name, arg, n);
        name[n] = 0;
        if (arg[n] == '=')
            value = arg + n + 1;
#define FLAG(opt, field)                                                                                     \
    if (!strcmp(name, opt)) {                                                                                \
        if (value) {                                                                                         \
            errf(c, "connectas: option %s takes no value\n", opt);                                           \
            return CLI_EXIT_USAGE;                                                                           \
        }                                                                                                    \
        a->field = 1;                                                                                        \
        continue;                                                                                            \
    }
#define VALUE(opt, field)                                                                                    \
    if (!strcmp(name, opt)) {                                                                                \
        if (!value) {                                                                                        \
            if (i + 1 >= argc) {                                                                             \
                errf(c, "connectas: option %s needs a value\n", opt);                                        \
                return CLI_EXIT_USAGE;                                                                       \
            }                                                                                                \
            value = argv[++i];                                                                               \
        }                                                                                                    \
        if (a->field) {                                                                                      \
            errf(c, "connectas: option %s given twice\n", opt);                                              \
            return CLI_EXIT_USAGE;                                                                           \
        }                                                                                                    \
        a->field = value;                                                                                    \
        continue;                                                                                            \
    }
        /* For install/uninstall, --user names the scope (per-user), not an account. */
        if (!strcmp(name, "--user") && !value && a->command &&
            (!strcmp(a->command, "install") || !strcmp(a->command, "uninstall"))) {
            a->user_scope = 1;
            continue;
        }
        FLAG("--json", json)
        FLAG("--remember", remember)
        FLAG("--password-stdin", password_stdin)
        FLAG("--force", force)
        FLAG("--forget-drives", forget_drives)
        FLAG("--dry-run", dry_run)
        FLAG("--help", help)
        FLAG("--machine", machine)
        FLAG("--run-at-logon", run_at_logon)
        VALUE("--scenario", scenario)
        VALUE("--user", user)
        VALUE("--drive", drive)
        VALUE("--fix", fix)
        if (!strcmp(name, "--version")) {
            a->command = "--version";
            continue;
        }
#undef FLAG
#undef VALUE
        errf(c, "connectas: unknown option '%s' (see connectas --help)\n", name);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Checks the options a command accepts; prints one line and returns CLI_EXIT_USAGE otherwise. */
static int allow_only(const cli_ctx *c, const char *allowed, int positional_min, int positional_max)
{
    const cli_args *a = &c->a;
    struct {
        int set;
        const char *name;
    } opts[] = {
        {a->user != NULL, "--user"},
        {a->drive != NULL, "--drive"},
        {a->fix != NULL, "--fix"},
        {a->remember, "--remember"},
        {a->password_stdin, "--password-stdin"},
        {a->force, "--force"},
        {a->forget_drives, "--forget-drives"},
        {a->dry_run, "--dry-run"},
        {a->machine, "--machine"},
        {a->run_at_logon, "--run-at-logon"},
    };
    size_t i;
    for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        char key[48];
        snprintf(key, sizeof(key), " %s ", opts[i].name);
        if (opts[i].set && !strstr(allowed, key)) {
            errf(c, "connectas: option %s does not apply to '%s'\n", opts[i].name, a->command);
            return CLI_EXIT_USAGE;
        }
    }
    if (a->positional_count < positional_min) {
        errf(c, "connectas: '%s' needs %s (see connectas --help)\n", a->command,
             !strcmp(a->command, "disconnect") || !strcmp(a->command, "forget") ? "a server name or path"
                                                                                : "a path");
        return CLI_EXIT_USAGE;
    }
    if (a->positional_count > positional_max) {
        errf(c, "connectas: unexpected argument '%s'\n", a->positional[positional_max]);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* ---- backend and state ---- */

/* The exit code of a failure, from the one error table in the core. */
static int exit_for_status(ca_status st, unsigned long code)
{
    if (!code && st == CA_ERR_INVALID)
        return CLI_EXIT_USAGE; /* bad input from the command line, not a Windows refusal */
    return errtab_exit_code(errtab_class_of_status(st, code));
}

/* Prints a failure: the message, the sentence for the Windows code, and the code. */
static void report_error(const cli_ctx *c, const char *what, const ca_error *e)
{
    char sentence[512];
    const char *text = NULL;
    if (e->code && c->plat->error_text)
        text = c->plat->error_text(c->plat->ctx, e->code, sentence, sizeof(sentence));
    if (e->code)
        errf(c, "connectas: %s: %s%s%s (error %lu)\n", what, e->msg, text && *text ? " — " : "",
             text ? text : "", e->code);
    else
        errf(c, "connectas: %s: %s\n", what, e->msg);
}

static int open_backend(const cli_ctx *c, backend **be)
{
    ca_error e = {{0}, 0};
    ca_status st;
    *be = NULL;
    if (c->a.scenario) {
        model *m = NULL;
        st = scenario_load_file(c->a.scenario, &m, &e);
        if (st != CA_OK) {
            errf(c, "connectas: %s\n", e.msg);
            return st == CA_ERR_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
        }
        st = sandbox_create(m, be, &e);
        if (st != CA_OK) {
            errf(c, "connectas: %s\n", e.msg);
            return CLI_EXIT_FAILURE;
        }
        return CLI_EXIT_OK;
    }
    if (!c->plat->open_live) {
        errf(c, "connectas: live mode is not available on this platform; use --scenario FILE\n");
        return CLI_EXIT_FAILURE;
    }
    st = c->plat->open_live(c->plat->ctx, be, &e);
    if (st != CA_OK) {
        report_error(c, "cannot read this machine's connections", &e);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

static int take_snapshot(const cli_ctx *c, backend *be, model **m)
{
    ca_error e = {{0}, 0};
    if (backend_snapshot(be, m, &e) != CA_OK) {
        report_error(c, "cannot read the connections", &e);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* Opens the backend and reads its state; on failure prints why and returns the exit code. */
static int load_state(const cli_ctx *c, backend **be, model **m)
{
    int rc;
    *m = NULL;
    if ((rc = open_backend(c, be)) != CLI_EXIT_OK)
        return rc;
    if ((rc = take_snapshot(c, *be, m)) != CLI_EXIT_OK) {
        backend_free(*be);
        *be = NULL;
    }
    return rc;
}

static int slots_of(const cli_ctx *c, const model *m, model_slots *slots)
{
    ca_error e = {{0}, 0};
    if (model_build_slots(m, slots, &e) != CA_OK) {
        errf(c, "connectas: %s\n", e.msg);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

static void print_buf(const cli_ctx *c, strbuf *sb)
{
    out(c, strbuf_str(sb));
    strbuf_cleanup(sb);
}

/* ---- check and list ---- */

static int run_predict(const cli_ctx *c, const model *m, const char *path, const char *user, prediction *p)
{
    ca_error e = {{0}, 0};
    ca_status st = predict_check(m, path, user, p, &e);
    if (st != CA_OK) {
        errf(c, "connectas: %s\n", e.msg);
        return st == CA_ERR_NOT_FOUND ? CLI_EXIT_USAGE : exit_for_status(st, 0);
    }
    return CLI_EXIT_OK;
}

static int cmd_check(cli_ctx *c)
{
    backend *be = NULL;
    model *m = NULL;
    prediction p;
    strbuf sb;
    int rc = allow_only(c, " --user ", 1, 1);
    if (rc)
        return rc;
    if ((rc = load_state(c, &be, &m)) != CLI_EXIT_OK)
        return rc;
    memset(&p, 0, sizeof(p));
    if ((rc = run_predict(c, m, c->a.positional[0], c->a.user, &p)) != CLI_EXIT_OK)
        goto cleanup;
    strbuf_init(&sb);
    if (c->a.json)
        render_check_json(&sb, m, &p);
    else
        render_check_text(&sb, m, &p);
    print_buf(c, &sb);
    rc = p.verdict == VERDICT_CONFLICT ? CLI_EXIT_CONFLICT : CLI_EXIT_OK;
    prediction_cleanup(&p);
cleanup:
    model_free(m);
    backend_free(be);
    return rc;
}

static int cmd_list(cli_ctx *c)
{
    backend *be = NULL;
    model *m = NULL;
    model_slots slots;
    strbuf sb;
    int rc = allow_only(c, " ", 0, 0);
    if (rc)
        return rc;
    if ((rc = load_state(c, &be, &m)) != CLI_EXIT_OK)
        return rc;
    if ((rc = slots_of(c, m, &slots)) != CLI_EXIT_OK)
        goto cleanup;
    strbuf_init(&sb);
    if (c->a.json)
        render_list_json(&sb, m, &slots);
    else
        render_list_text(&sb, m, &slots);
    print_buf(c, &sb);
    model_slots_cleanup(&slots);
cleanup:
    model_free(m);
    backend_free(be);
    return rc;
}

/* ---- disconnect ---- */

/* Plans the steps with the core's fix module, runs them, and forces exactly
 * the busy ones when the user agreed up front (--force). Prints why on a
 * planning or snapshot failure and returns CLI_EXIT_FAILURE then. */
static int run_plan(const cli_ctx *c, backend *be, fixrun_plan *plan, int force)
{
    ca_error e = {{0}, 0};
    size_t *busy, n;
    if (fixrun_run(be, plan, &e) != CA_OK) {
        report_error(c, "cannot read the connections", &e);
        return CLI_EXIT_FAILURE;
    }
    if (!force || !fixrun_count(plan, FIXRUN_BUSY))
        return CLI_EXIT_OK;
    busy = malloc(plan->step_count * sizeof(*busy));
    if (!busy) {
        errf(c, "connectas: out of memory\n");
        return CLI_EXIT_FAILURE;
    }
    n = fixrun_busy_steps(plan, busy);
    if (fixrun_force(be, plan, busy, n, &e) != CA_OK) {
        report_error(c, "cannot read the connections", &e);
        free(busy);
        return CLI_EXIT_FAILURE;
    }
    free(busy);
    return CLI_EXIT_OK;
}

/* Failed steps on stderr, with the Windows code's sentence. */
static void report_failed_steps(const cli_ctx *c, const fixrun_plan *plan)
{
    size_t i;
    for (i = 0; i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        ca_error e = {{0}, 0};
        if (s->outcome != FIXRUN_FAILED)
            continue;
        text_copy_fit(e.msg, sizeof(e.msg), s->msg);
        e.code = s->code;
        report_error(c, s->kind == FIXRUN_STEP_FORGET ? s->raw_target : s->local ? s->local : s->remote, &e);
    }
}

/* The legacy JSON lists of a disconnect run: "disconnected" items and "busy" items. */
static void json_use_list(strbuf *sb, const fixrun_plan *plan, fixrun_outcome outcome)
{
    size_t i, n = 0;
    for (i = 0; i < plan->step_count; i++) {
        const fixrun_step *s = &plan->steps[i];
        if (s->kind != FIXRUN_STEP_DISCONNECT || s->outcome != outcome)
            continue;
        strbuf_add(sb, n++ ? ", {\"local\": " : "{\"local\": ");
        strbuf_add_json_string(sb, s->local);
        strbuf_add(sb, ", \"remote\": ");
        strbuf_add_json_string(sb, s->remote);
        if (outcome == FIXRUN_BUSY)
            strbuf_addf(sb, ", \"open_files\": %d, \"code\": %lu", s->open_files, s->code);
        strbuf_add(sb, "}");
    }
}

static int server_of_arg(const cli_ctx *c, const model *m, const char *arg, char *server, size_t size)
{
    unc_path p;
    ca_error e = {{0}, 0};
    ca_status st;
    memset(&p, 0, sizeof(p));
    if (arg[0] != '\\' && arg[0] != '/' && !unc_is_drive_path(arg, NULL)) {
        /* A bare server name: check it by parsing \\name. */
        char buf[300];
        if (strlen(arg) > 255) {
            errf(c, "connectas: the server name is longer than 255 characters\n");
            return CLI_EXIT_USAGE;
        }
        snprintf(buf, sizeof(buf), "\\\\%s", arg);
        st = unc_parse(buf, 0, &p, &e);
    } else {
        st = model_resolve_path(m, arg, 0, &p, &e);
    }
    if (st != CA_OK) {
        errf(c, "connectas: %s\n", e.msg);
        return st == CA_ERR_NOT_FOUND ? CLI_EXIT_NOTFOUND : CLI_EXIT_USAGE;
    }
    snprintf(server, size, "%s", p.server);
    unc_path_cleanup(&p);
    return CLI_EXIT_OK;
}

static int cmd_disconnect(cli_ctx *c)
{
    backend *be = NULL;
    model *m = NULL;
    char server[300];
    fixrun_plan plan;
    ca_error e = {{0}, 0};
    size_t done, busy, failed;
    int rc = allow_only(c, " --force --forget-drives ", 1, 1);
    if (rc)
        return rc;
    memset(&plan, 0, sizeof(plan));
    if ((rc = load_state(c, &be, &m)) != CLI_EXIT_OK)
        return rc;
    if ((rc = server_of_arg(c, m, c->a.positional[0], server, sizeof(server))) != CLI_EXIT_OK)
        goto cleanup;
    if (fixrun_plan_disconnect(m, server, c->a.forget_drives, &plan, &e) != CA_OK) {
        errf(c, "connectas: %s\n", e.msg);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    if ((rc = run_plan(c, be, &plan, c->a.force)) != CLI_EXIT_OK)
        goto cleanup;
    report_failed_steps(c, &plan);
    done = fixrun_count(&plan, FIXRUN_DONE);
    busy = fixrun_count(&plan, FIXRUN_BUSY);
    failed = fixrun_count(&plan, FIXRUN_FAILED) + fixrun_count(&plan, FIXRUN_SKIPPED);
    if (c->a.json) {
        strbuf sb;
        strbuf_init(&sb);
        strbuf_add(&sb, "{\"server\": ");
        strbuf_add_json_string(&sb, server);
        strbuf_add(&sb, ", \"disconnected\": [");
        json_use_list(&sb, &plan, FIXRUN_DONE);
        strbuf_add(&sb, "], \"busy\": [");
        json_use_list(&sb, &plan, FIXRUN_BUSY);
        strbuf_addf(&sb, "], \"failed\": %zu, ", fixrun_count(&plan, FIXRUN_FAILED));
        render_fixrun_json(&sb, &plan, 1);
        strbuf_add(&sb, "}\n");
        print_buf(c, &sb);
    } else {
        strbuf sb;
        strbuf_init(&sb);
        render_fixrun_text(&sb, &plan, 1);
        if (busy)
            strbuf_add(&sb, "Use --force to disconnect them anyway.\n");
        if (!plan.step_count)
            strbuf_addf(&sb, "Nothing is connected to %s.\n", server);
        else if (!busy && !failed)
            strbuf_addf(&sb, "%s has no connections left in this logon session.\n", server);
        print_buf(c, &sb);
    }
    if (fixrun_count(&plan, FIXRUN_FAILED))
        rc = CLI_EXIT_FAILURE;
    else if (busy)
        rc = CLI_EXIT_BUSY;
    else if (!done)
        rc = CLI_EXIT_NOTFOUND;
cleanup:
    fixrun_plan_cleanup(&plan);
    model_free(m);
    backend_free(be);
    return rc;
}

/* ---- forget ---- */

static int cmd_forget(cli_ctx *c)
{
    backend *be = NULL;
    model *m = NULL;
    char server[300];
    fixrun_plan plan;
    ca_error e = {{0}, 0};
    strbuf sb;
    size_t i;
    const model_cred *wide;
    int rc = allow_only(c, " --dry-run ", 1, 1);
    if (rc)
        return rc;
    memset(&plan, 0, sizeof(plan));
    if ((rc = load_state(c, &be, &m)) != CLI_EXIT_OK)
        return rc;
    if ((rc = server_of_arg(c, m, c->a.positional[0], server, sizeof(server))) != CLI_EXIT_OK)
        goto cleanup;
    /* Issue 12: exactly this name's domain credentials; generic and wide ones are only named. */
    if (fixrun_plan_forget(m, server, &plan, &e) != CA_OK) {
        errf(c, "connectas: %s\n", e.msg);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    if (!c->a.dry_run && (rc = run_plan(c, be, &plan, 0)) != CLI_EXIT_OK)
        goto cleanup;
    report_failed_steps(c, &plan);
    strbuf_init(&sb);
    if (c->a.json) {
        strbuf_add(&sb, "{\"server\": ");
        strbuf_add_json_string(&sb, server);
        strbuf_addf(&sb, ", \"dry_run\": %s, \"credentials\": [", c->a.dry_run ? "true" : "false");
        for (i = 0; i < plan.step_count; i++) {
            const fixrun_step *s = &plan.steps[i];
            strbuf_add(&sb, i ? ", {\"target\": " : "{\"target\": ");
            strbuf_add_json_string(&sb, s->raw_target);
            strbuf_add(&sb, ", \"user\": ");
            strbuf_add_json_string(&sb, s->cred_user);
            strbuf_addf(&sb, ", \"type\": \"domain\", \"result\": \"%s\"}",
                        s->outcome == FIXRUN_PENDING   ? "would delete"
                        : s->outcome == FIXRUN_DONE    ? "deleted"
                        : s->outcome == FIXRUN_SKIPPED ? "gone"
                                                       : "failed");
        }
        wide = model_match_cred(m, server);
        strbuf_add(&sb, "], \"still_applies\": ");
        if (wide && !(wide->type == CRED_KIND_DOMAIN && text_eq_ci(wide->target, server)))
            strbuf_add_json_string(&sb, wide->raw_target);
        else
            strbuf_add(&sb, "null");
        strbuf_add(&sb, ", ");
        render_fixrun_json(&sb, &plan, 1);
        strbuf_add(&sb, "}\n");
    } else {
        render_fixrun_text(&sb, &plan, 1);
        if (!plan.step_count)
            strbuf_addf(&sb, "No saved Windows credential names exactly %s.\n", server);
        else if (!c->a.dry_run && fixrun_count(&plan, FIXRUN_DONE))
            strbuf_add(&sb,
                       "Connections that are open now keep their session until they are disconnected.\n");
    }
    print_buf(c, &sb);
    rc = fixrun_count(&plan, FIXRUN_FAILED) ? CLI_EXIT_FAILURE
         : plan.step_count                  ? CLI_EXIT_OK
                                            : CLI_EXIT_NOTFOUND;
cleanup:
    fixrun_plan_cleanup(&plan);
    model_free(m);
    backend_free(be);
    return rc;
}

/* ---- connect ---- */

static int validate_drive(const cli_ctx *c, const char *drive, const char **local)
{
    if (!drive) {
        *local = NULL;
        return CLI_EXIT_OK;
    }
    if (!strcmp(drive, "auto")) {
        *local = "*";
        return CLI_EXIT_OK;
    }
    if (((drive[0] >= 'A' && drive[0] <= 'Z') || (drive[0] >= 'a' && drive[0] <= 'z')) && drive[1] == ':' &&
        (drive[2] == 0 || (drive[2] == '\\' && drive[3] == 0))) {
        *local = drive;
        return CLI_EXIT_OK;
    }
    errf(c, "connectas: --drive takes a letter such as O: or the word auto, not '%s'\n", drive);
    return CLI_EXIT_USAGE;
}

/* --fix NAME: the fix kinds by their JSON names (predict_fix_kind_name), so a script can pass on what
 * `check --json` listed. */
static int fix_kind_of_name(const char *name, fix_kind *kind)
{
    static const fix_kind kinds[] = {FIX_DISCONNECT, FIX_ALIAS, FIX_FORGET_CREDENTIAL, FIX_USE_SPELLING};
    size_t i;
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (!strcmp(name, predict_fix_kind_name(kinds[i]))) {
            *kind = kinds[i];
            return 1;
        }
    }
    return 0;
}

/* Why the chosen fix cannot be planned for this conflict. */
static const char *fix_unavailable(fix_kind kind)
{
    switch (kind) {
    case FIX_ALIAS:
        return "no other name of this server is known that would avoid the conflict";
    case FIX_FORGET_CREDENTIAL:
        return "no saved credential for exactly this server name takes part in the conflict, so there is "
               "nothing ConnectAs would forget";
    case FIX_USE_SPELLING:
        return "the user name is not the existing connections' account written differently";
    case FIX_DISCONNECT:
        break;
    }
    return "the conflict cannot be cleared by disconnecting here";
}

static void explain_conflict(const cli_ctx *c, const model *m, const prediction *p)
{
    strbuf sb;
    strbuf_init(&sb);
    if (c->a.json)
        render_check_json(&sb, m, p);
    else
        render_check_text(&sb, m, p);
    print_buf(c, &sb);
}

static int cmd_connect(cli_ctx *c)
{
    backend *be = NULL;
    model *m = NULL, *after = NULL;
    prediction p, p2;
    backend_connect req;
    ca_error e = {{0}, 0};
    char secret[SECRET_MAX];
    char assigned[4] = "";
    const char *local = NULL;
    const char *target, *user = c->a.user;
    int rc, have_secret = 0;
    fix_kind kind = FIX_DISCONNECT;
    fixrun_plan plans[FIXRUN_CHOICE_MAX];
    size_t plan_count = 0, i;
    ca_status st;

    memset(&p, 0, sizeof(p));
    memset(&p2, 0, sizeof(p2));
    memset(plans, 0, sizeof(plans));
    if ((rc = allow_only(c, " --user --drive --fix --remember --password-stdin --force ", 1, 1)))
        goto cleanup;
    if ((rc = validate_drive(c, c->a.drive, &local)))
        goto cleanup;
    if (c->a.fix && !fix_kind_of_name(c->a.fix, &kind)) {
        errf(c, "connectas: --fix takes disconnect, alias, forget_credential or use_spelling, not '%s'\n",
             c->a.fix);
        rc = CLI_EXIT_USAGE;
        goto cleanup;
    }
    if (c->a.password_stdin && !c->a.user) {
        errf(c, "connectas: --password-stdin needs --user (default credentials take no password)\n");
        rc = CLI_EXIT_USAGE;
        goto cleanup;
    }
    if ((rc = open_backend(c, &be)) != CLI_EXIT_OK)
        goto cleanup;
    if ((rc = take_snapshot(c, be, &m)) != CLI_EXIT_OK)
        goto cleanup;
    if ((rc = run_predict(c, m, c->a.positional[0], c->a.user, &p)) != CLI_EXIT_OK)
        goto cleanup;
    if (!p.target.share) {
        errf(c, "connectas: connect needs a share: \\\\%s\\SHARE\n", p.target.server);
        rc = CLI_EXIT_USAGE;
        goto cleanup;
    }
    target = p.target.remote;

    if (p.verdict == VERDICT_CONFLICT) {
        if (!c->a.fix) {
            explain_conflict(c, m, &p);
            if (!c->a.json)
                out(c, "Nothing was changed. Run again with --fix and one of the fixes above to apply it.\n");
            rc = CLI_EXIT_CONFLICT;
            goto cleanup;
        }
        /* The plan's own steps (issue 11 finding 1: DFS-related uses included), as the tray plans them. */
        st = fixrun_plan_choice(m, &p, kind, 0, plans, FIXRUN_CHOICE_MAX, &plan_count, &e);
        if (st == CA_ERR_NOT_FOUND) {
            explain_conflict(c, m, &p);
            errf(c, "connectas: %s: %s\n", p.server, fix_unavailable(kind));
            rc = CLI_EXIT_CONFLICT;
            goto cleanup;
        }
        if (st != CA_OK) {
            errf(c, "connectas: %s\n", e.msg);
            rc = CLI_EXIT_FAILURE;
            goto cleanup;
        }
        if (plans[0].connect_remote)
            target = plans[0].connect_remote;
        if (plans[0].connect_user)
            user = plans[0].connect_user;
    }

    /* Ask for the secret before anything changes, so that cancelling leaves all as it was. */
    if (user) {
        char prompt[400];
        snprintf(prompt, sizeof(prompt), "Password for %s on %s: ", user, p.target.server);
        if (c->plat->read_secret(c->plat->ctx, prompt, c->a.password_stdin, secret, sizeof(secret)) != 0) {
            errf(c, "connectas: no password was given; nothing was changed\n");
            rc = CLI_EXIT_CANCELLED;
            goto cleanup;
        }
        have_secret = 1;
    }

    if (plan_count) {
        /* The session first; the credentials only when it is clear (a failed delete is reported). */
        if ((rc = run_plan(c, be, &plans[0], c->a.force)) != CLI_EXIT_OK)
            goto cleanup;
        for (i = 1; fixrun_all_done(&plans[0]) && i < plan_count; i++)
            if ((rc = run_plan(c, be, &plans[i], 0)) != CLI_EXIT_OK)
                goto cleanup;
        for (i = 0; i < plan_count; i++)
            report_failed_steps(c, &plans[i]);
        if (c->a.json && !fixrun_all_done(&plans[0])) {
            strbuf sb;
            strbuf_init(&sb);
            strbuf_add(&sb, "{\"result\": \"not_connected\", \"remote\": ");
            strbuf_add_json_string(&sb, target);
            strbuf_add(&sb, ", \"user\": ");
            strbuf_add_json_string(&sb, user);
            strbuf_add(&sb, ", \"disconnected\": [");
            json_use_list(&sb, &plans[0], FIXRUN_DONE);
            strbuf_add(&sb, "], \"busy\": [");
            json_use_list(&sb, &plans[0], FIXRUN_BUSY);
            strbuf_add(&sb, "], ");
            render_fixrun_json(&sb, plans, plan_count);
            strbuf_add(&sb, "}\n");
            print_buf(c, &sb);
        } else if (!c->a.json) {
            strbuf sb;
            strbuf_init(&sb);
            render_fixrun_text(&sb, plans, plan_count);
            if (fixrun_count(&plans[0], FIXRUN_BUSY))
                strbuf_add(&sb, "Use --force to disconnect them anyway.\n");
            print_buf(c, &sb);
        }
        if (!fixrun_all_done(&plans[0])) {
            errf(c,
                 "connectas: %s still has connections, so connecting as %s would fail with 1219; not "
                 "connected\n",
                 p.server, user ? user : "the default user");
            rc = fixrun_count(&plans[0], FIXRUN_BUSY) ? CLI_EXIT_BUSY : CLI_EXIT_FAILURE;
            goto cleanup;
        }
    }

    memset(&req, 0, sizeof(req));
    req.remote = target;
    req.local = local;
    req.user = user;
    req.password = have_secret ? secret : NULL;
    req.remember = c->a.remember;
    if (backend_connect_to(be, &req, assigned, &e) != CA_OK) {
        rc = exit_for_status(CA_ERR_IO, e.code);
        if (e.code == CA_WIN_SESSION_CREDENTIAL_CONFLICT) {
            /* The prediction missed: read the state again and explain what holds the slot. */
            if (take_snapshot(c, be, &after) == CLI_EXIT_OK &&
                run_predict(c, after, target, user, &p2) == CLI_EXIT_OK) {
                explain_conflict(c, after, &p2);
            }
            errf(c,
                 "connectas: Windows refused with 1219 although no conflict was predicted; the state above "
                 "was read again after the refusal\n");
        } else {
            report_error(c, "cannot connect", &e);
        }
        goto cleanup;
    }
    if (c->a.json) {
        strbuf sb;
        strbuf_init(&sb);
        strbuf_add(&sb, "{\"result\": \"connected\", \"remote\": ");
        strbuf_add_json_string(&sb, target);
        strbuf_add(&sb, ", \"local\": ");
        strbuf_add_json_string(&sb, assigned[0] ? assigned : NULL);
        strbuf_add(&sb, ", \"user\": ");
        strbuf_add_json_string(&sb, user);
        strbuf_add(&sb, ", \"disconnected\": [");
        if (plan_count)
            json_use_list(&sb, &plans[0], FIXRUN_DONE);
        strbuf_add(&sb, "], ");
        render_fixrun_json(&sb, plans, plan_count);
        if (plan_count && plans[0].alias_caveat) {
            strbuf_add(&sb, ", \"alias_caveat\": ");
            strbuf_add_json_string(&sb, plans[0].alias_caveat);
        }
        strbuf_add(&sb, "}\n");
        print_buf(c, &sb);
    } else {
        outf(c, "Connected %s as %s%s%s.\n", target, user ? user : "the default user",
             assigned[0] ? " on drive " : "", assigned);
        if (plan_count && plans[0].alias_caveat)
            outf(c, "Note: %s\n", plans[0].alias_caveat);
    }
    rc = CLI_EXIT_OK;

cleanup:
    cli_wipe(secret, sizeof(secret));
    for (i = 0; i < plan_count; i++)
        fixrun_plan_cleanup(&plans[i]);
    prediction_cleanup(&p);
    prediction_cleanup(&p2);
    model_free(after);
    model_free(m);
    backend_free(be);
    return rc;
}

/* ---- report ---- */

static int cmd_report(cli_ctx *c)
{
    backend *be = NULL;
    model *m = NULL;
    model_slots slots;
    strbuf sb;
    size_t i;
    int rc = allow_only(c, " ", 0, 0);
    if (rc)
        return rc;
    if ((rc = load_state(c, &be, &m)) != CLI_EXIT_OK)
        return rc;
    if ((rc = slots_of(c, m, &slots)) != CLI_EXIT_OK)
        goto cleanup;
    strbuf_init(&sb);
    if (c->a.json) {
        strbuf_addf(&sb, "{\"connectas_version\": \"%s\", ", c->plat->version ? c->plat->version : "");
        if (c->a.scenario)
            strbuf_add(&sb, "\"os\": \"scenario\", ");
        else if (c->plat->describe_system)
            c->plat->describe_system(c->plat->ctx, &sb, 1);
        strbuf_add(&sb, "\"source\": ");
        strbuf_add_json_string(&sb, m->source);
        strbuf_add(&sb, ", \"logon_user\": ");
        strbuf_add_json_string(&sb, m->logon_user);
        strbuf_addf(&sb, ", \"elevated\": %s, \"users_unknown\": %s, \"credential_targets\": [",
                    m->elevated < 0 ? "null"
                    : m->elevated   ? "true"
                                    : "false",
                    m->users_unknown ? "true" : "false");
        for (i = 0; i < m->cred_count; i++) {
            strbuf_add(&sb, i ? ", {\"target\": " : "{\"target\": ");
            strbuf_add_json_string(&sb, m->creds[i].raw_target);
            strbuf_add(&sb, ", \"user\": ");
            strbuf_add_json_string(&sb, m->creds[i].user);
            strbuf_addf(&sb, ", \"type\": \"%s\"}",
                        m->creds[i].type == CRED_KIND_DOMAIN ? "domain" : "generic");
        }
        strbuf_add(&sb, "], \"sessions\": ");
        render_list_json(&sb, m, &slots);
        while (sb.len && (sb.data[sb.len - 1] == '\n' || sb.data[sb.len - 1] == ' '))
            sb.data[--sb.len] = 0;
        strbuf_add(&sb, "}\n");
    } else {
        strbuf_addf(&sb, "ConnectAs support report (version %s)\n",
                    c->plat->version ? c->plat->version : "?");
        if (c->a.scenario)
            strbuf_addf(&sb, "State: scenario file %s (not this machine)\n", c->a.scenario);
        else if (c->plat->describe_system)
            c->plat->describe_system(c->plat->ctx, &sb, 0);
        render_report_text(&sb, m, &slots);
    }
    print_buf(c, &sb);
    model_slots_cleanup(&slots);
cleanup:
    model_free(m);
    backend_free(be);
    return rc;
}

/* ---- install / uninstall ---- */

static int cmd_install(cli_ctx *c, int install)
{
    int rc = allow_only(c, install ? " --machine --dry-run --run-at-logon " : " --machine --dry-run ", 0, 0);
    if (rc)
        return rc;
    if (c->a.scenario) {
        errf(c, "connectas: --scenario does not apply to '%s'\n", c->a.command);
        return CLI_EXIT_USAGE;
    }
    if (c->a.machine && c->a.user_scope) {
        errf(c, "connectas: choose --user or --machine, not both\n");
        return CLI_EXIT_USAGE;
    }
    if (install ? !c->plat->install : !c->plat->uninstall) {
        errf(c, "connectas: '%s' is only available on Windows\n", c->a.command);
        return CLI_EXIT_FAILURE;
    }
    return install ? c->plat->install(c->plat->ctx, c->a.machine, c->a.dry_run, c->a.run_at_logon)
                   : c->plat->uninstall(c->plat->ctx, c->a.machine, c->a.dry_run);
}

int cli_main(int argc, char **argv, const cli_platform *plat)
{
    cli_ctx c;
    int rc;
    memset(&c, 0, sizeof(c));
    c.plat = plat;
    rc = parse_args(&c, argc, argv);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (c.a.command && !strcmp(c.a.command, "--version")) {
        outf(&c, "connectas %s\n", plat->version ? plat->version : "");
        return CLI_EXIT_OK;
    }
    if (c.a.help || !c.a.command || !strcmp(c.a.command, "help")) {
        if (!c.a.command && !c.a.help) {
            c.plat->write_err(c.plat->ctx, usage_text);
            return CLI_EXIT_USAGE;
        }
        out(&c, usage_text);
        return CLI_EXIT_OK;
    }
    if (!strcmp(c.a.command, "check"))
        return cmd_check(&c);
    if (!strcmp(c.a.command, "list"))
        return cmd_list(&c);
    if (!strcmp(c.a.command, "connect"))
        return cmd_connect(&c);
    if (!strcmp(c.a.command, "disconnect"))
        return cmd_disconnect(&c);
    if (!strcmp(c.a.command, "forget"))
        return cmd_forget(&c);
    if (!strcmp(c.a.command, "report"))
        return cmd_report(&c);
    if (!strcmp(c.a.command, "install"))
        return cmd_install(&c, 1);
    if (!strcmp(c.a.command, "uninstall"))
        return cmd_install(&c, 0);
    errf(&c, "connectas: unknown command '%s' (see connectas --help)\n", c.a.command);
    return CLI_EXIT_USAGE;
}
