/* Benchmark of the 1219 predictor on generated sessions (10k and 100k uses and credentials); not a timed
 * test. */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "predict.h"

#ifdef _WIN32
#include <windows.h>
static double now_seconds(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
}
#else
#include <time.h>
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#endif

/* A small deterministic generator, so that runs repeat. */
static unsigned long long rng = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((rng >> 33) % n);
}

static int failures;
#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "bench_predict: functional error: " __VA_ARGS__);                                \
            failures++;                                                                                      \
        }                                                                                                    \
    } while (0)

/* One request with the verdict the generator built it to have. */
typedef struct request {
    char path[96];
    char user[48];
    int want_conflict;
} request;

/* Server i: a NetBIOS name for even i, a DNS name in one of 100 domains for odd i.
 * Every fifth server's uses name an explicit user. */
static void server_name(char *buf, size_t size, unsigned i)
{
    if (i % 2)
        snprintf(buf, size, "srv%06u.d%02u.corp.example", i, i % 100);
    else
        snprintf(buf, size, "srv%06u", i);
}

/* Builds a session with n uses and n saved credentials (plus hosts and DFS). */
static model *generate(unsigned n)
{
    model *m = model_create();
    unsigned servers = n / 4 ? n / 4 : 1, i;
    char name[64], remote[128], user[48];
    ca_error err = {{0}, 0};
    if (!m)
        return NULL;
    CHECK(model_set_logon(m, "CORP\\me", &err) == CA_OK, "logon: %s\n", err.msg);
    for (i = 0; i < n; i++) {
        unsigned s = i % servers, k = i / servers;
        char local[4] = "";
        model_use_status status = rnd(50) ? USE_STATUS_OK : USE_STATUS_UNAVAILABLE;
        server_name(name, sizeof(name), s);
        if (k == 0)
            snprintf(remote, sizeof(remote), "\\\\%s\\IPC$", name);
        else
            snprintf(remote, sizeof(remote), "\\\\%s\\share%u\\dir%u", name, k, rnd(10));
        if (i < 20) {
            local[0] = (char)('E' + i);
            local[1] = ':';
        }
        snprintf(user, sizeof(user), "CORP\\u%u", s);
        if (model_add_use(m, local[0] ? local : NULL, remote, s % 5 == 0 ? user : NULL, status,
                          (int)rnd(3) - 1, -1, &err) != CA_OK) {
            CHECK(0, "use %s: %s\n", remote, err.msg);
            break;
        }
    }
    for (i = 0; i < n; i++) {
        unsigned r = rnd(100);
        model_cred_type type = rnd(10) ? CRED_KIND_DOMAIN : CRED_KIND_GENERIC;
        if (r < 80) {
            server_name(name, sizeof(name), (unsigned)rnd(servers * 2));
        } else if (r < 95) {
            snprintf(name, sizeof(name), "*.d%02u.corp.example", rnd(100));
        } else {
            snprintf(name, sizeof(name), "d%02u.corp.example\\*", rnd(100));
        }
        snprintf(user, sizeof(user), "CORP\\saved%u", i);
        if (model_add_cred(m, name, user, type, &err) != CA_OK) {
            CHECK(0, "cred %s: %s\n", name, err.msg);
            break;
        }
    }
    for (i = 0; i < servers && i < n / 100 + 1; i += 2) {
        char fqdn[96], ip[32];
        const char *names[3];
        server_name(name, sizeof(name), i);
        snprintf(fqdn, sizeof(fqdn), "%s.hosts.example", name);
        snprintf(ip, sizeof(ip), "10.%u.%u.%u", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        names[0] = name;
        names[1] = fqdn;
        names[2] = ip;
        CHECK(model_add_host(m, names, 3, &err) == CA_OK, "host: %s\n", err.msg);
    }
    for (i = 0; i < n / 1000 + 1; i++) {
        char path[96], target[96];
        server_name(name, sizeof(name), (unsigned)rnd(servers));
        snprintf(path, sizeof(path), "\\\\corp\\ns\\link%u", i);
        snprintf(target, sizeof(target), "\\\\%s\\dfs%u", name, i);
        CHECK(model_add_dfs(m, path, target, &err) == CA_OK, "dfs: %s\n", err.msg);
    }
    return m;
}

/* Requests whose verdicts follow from how generate() built the session. */
static size_t make_requests(const model *m, unsigned n, request *out, size_t max)
{
    unsigned servers = n / 4 ? n / 4 : 1;
    size_t count = 0;
    char name[64];
    (void)m;
    while (count + 4 <= max) {
        unsigned s = rnd(servers);
        /* Explicit stranger on a held slot: always 1219 (default or another explicit user). */
        server_name(name, sizeof(name), s);
        snprintf(out[count].path, sizeof(out[count].path), "\\\\%s\\share1", name);
        snprintf(out[count].user, sizeof(out[count].user), "OTHER\\stranger");
        out[count++].want_conflict = n >= 8; /* every server has an IPC$ use unless it is unavailable */
        /* The slot's own explicit user: no conflict. */
        s = rnd(servers / 5 ? servers / 5 : 1) * 5;
        server_name(name, sizeof(name), s);
        snprintf(out[count].path, sizeof(out[count].path), "\\\\%s\\x", name);
        snprintf(out[count].user, sizeof(out[count].user), "CORP\\u%u", s);
        out[count++].want_conflict = 0;
        /* Default credentials never conflict. */
        server_name(name, sizeof(name), rnd(servers));
        snprintf(out[count].path, sizeof(out[count].path), "\\\\%s\\y", name);
        out[count].user[0] = 0;
        out[count++].want_conflict = 0;
        /* A name nothing is connected to. */
        snprintf(out[count].path, sizeof(out[count].path), "\\\\free%06u\\z", rnd(1000000));
        snprintf(out[count].user, sizeof(out[count].user), "CORP\\anyone");
        out[count++].want_conflict = 0;
    }
    return count;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct result {
    double median, p90, slots;
} result;

static result run_size(unsigned n, unsigned rounds)
{
    result r = {0, 0, 0};
    request reqs[64];
    size_t nreq, i, ns = 0;
    unsigned round;
    double *samples, t0;
    model *m;
    model_slots slots;
    double gen0 = now_seconds();

    m = generate(n);
    if (!m) {
        CHECK(0, "out of memory generating %u\n", n);
        return r;
    }
    printf("n = %u uses + %u credentials: generated in %.0f ms (%zu uses, %zu credentials, %zu hosts, %zu "
           "DFS)\n",
           n, n, (now_seconds() - gen0) * 1e3, m->use_count, m->cred_count, m->host_count, m->dfs_count);
    nreq = make_requests(m, n, reqs, sizeof(reqs) / sizeof(reqs[0]));
    samples = malloc(nreq * rounds * sizeof(*samples));
    if (!samples) {
        CHECK(0, "out of memory\n");
        model_free(m);
        return r;
    }
    for (round = 0; round < rounds; round++) {
        for (i = 0; i < nreq; i++) {
            prediction p;
            ca_error err = {{0}, 0};
            ca_status st;
            t0 = now_seconds();
            st = predict_check(m, reqs[i].path, reqs[i].user[0] ? reqs[i].user : NULL, &p, &err);
            samples[ns++] = now_seconds() - t0;
            if (st != CA_OK) {
                CHECK(0, "%s: %s\n", reqs[i].path, err.msg);
                continue;
            }
            if (round == 0) {
                /* The first request kind may meet an unavailable-only server; accept that one way. */
                int conflict = p.verdict == VERDICT_CONFLICT;
                if (reqs[i].want_conflict)
                    CHECK(conflict || p.has_slot == 0, "%s as %s: expected 1219\n", reqs[i].path,
                          reqs[i].user);
                else
                    CHECK(!conflict, "%s as %s: unexpected 1219\n", reqs[i].path, reqs[i].user);
                CHECK(!conflict || p.fix_count > 0, "%s: a conflict without fixes\n", reqs[i].path);
            }
            prediction_cleanup(&p);
        }
    }
    qsort(samples, ns, sizeof(*samples), cmp_double);
    r.median = samples[ns / 2];
    r.p90 = samples[ns * 9 / 10];
    free(samples);

    t0 = now_seconds();
    if (model_build_slots(m, &slots, NULL) == CA_OK) {
        r.slots = now_seconds() - t0;
        CHECK(slots.count > 0, "no slots\n");
        model_slots_cleanup(&slots);
    } else {
        CHECK(0, "model_build_slots failed\n");
    }
    printf("  predict_check: median %.3f ms, 90th percentile %.3f ms over %zu checks\n", r.median * 1e3,
           r.p90 * 1e3, ns);
    printf("  model_build_slots (whole list, for `connectas list`): %.3f ms\n", r.slots * 1e3);
    model_free(m);
    return r;
}

/* n * log2(n) without libm: integer part by halving, the rest by the atanh series. */
static double nlogn(double n)
{
    double x = n, lg = 0, y, y2, term, sum = 0;
    int k;
    while (x >= 2) {
        x /= 2;
        lg += 1;
    }
    y = (x - 1) / (x + 1);
    y2 = y * y;
    term = y;
    for (k = 1; k < 40; k += 2) {
        sum += term / k;
        term *= y2;
    }
    return n * (lg + 2 * sum / 0.69314718055994530942);
}

int main(int argc, char **argv)
{
    unsigned small = 10000, large = 100000, rounds = 15;
    result a, b;
    int i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--smoke")) {
            small = 200;
            large = 2000;
            rounds = 2;
        } else {
            fprintf(stderr, "usage: bench_predict [--smoke]\n");
            return 2;
        }
    }
    a = run_size(small, rounds);
    b = run_size(large, rounds);
    if (a.median > 0 && a.slots > 0) {
        printf("ratio %u/%u: predict_check %.1fx, model_build_slots %.1fx; n log n would be %.1fx, n %.1fx\n",
               large, small, b.median / a.median, b.slots / a.slots, nlogn(large) / nlogn(small),
               (double)large / small);
    }
    printf("target: under 5 ms per check at %u (timing is reported, never judged)\n", small);
    if (failures)
        fprintf(stderr, "bench_predict: %d functional error%s\n", failures, failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
