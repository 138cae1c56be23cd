/* The tray worker thread: the only caller of the backend; runs queued jobs, posts results to the UI. */
#include "tray_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unc.h"

struct tray_worker {
    backend *be;
    HWND hwnd;
    UINT msg;
    CRITICAL_SECTION lock;
    tray_job *head, *tail; /* guarded by lock */
    int running;           /* a thread is working through the queue (guarded) */
    int stop;              /* guarded */
    HANDLE thread;         /* the latest thread, waited for by tray_worker_stop (guarded) */
};

tray_job *tray_job_new(tray_job_kind kind, const char *server)
{
    tray_job *job = calloc(1, sizeof(*job));
    if (!job)
        return NULL;
    job->kind = kind;
    if (server && !(job->server = tray_dup8(server))) {
        free(job);
        return NULL;
    }
    return job;
}

tray_item *tray_job_add(tray_job *job, const char *name)
{
    tray_item *items = realloc(job->items, (job->count + 1) * sizeof(*items)), *it;
    if (!items)
        return NULL;
    job->items = items;
    it = &items[job->count];
    memset(it, 0, sizeof(*it));
    it->open_files = -1;
    if (!(it->name = tray_dup8(name)))
        return NULL;
    job->count++;
    return it;
}

void tray_job_free(tray_job *job)
{
    size_t i;
    if (!job)
        return;
    for (i = 0; i < job->count; i++) {
        free(job->items[i].name);
        free(job->items[i].remote);
        free(job->items[i].user);
    }
    free(job->items);
    free(job->server);
    model_free(job->m);
    if (job->ctx_free)
        job->ctx_free(job->ctx);
    free(job);
}

static void record(tray_item *it, ca_status st, const ca_error *e)
{
    it->st = st;
    it->code = st == CA_OK ? 0 : e->code;
    snprintf(it->msg, sizeof(it->msg), "%s", st == CA_OK ? "" : e->msg);
}

/* Disconnects every use of job->server that holds its session now, without force. */
static void run_disconnect(tray_worker *w, tray_job *job)
{
    model *m = NULL;
    ca_error e;
    int rank;
    size_t i;
    memset(&e, 0, sizeof(e));
    job->snap_st = backend_snapshot(w->be, &m, &job->snap_err);
    if (job->snap_st != CA_OK)
        return;
    for (rank = 0; rank < 4; rank++)
        for (i = 0; i < m->use_count; i++) {
            const model_use *u = &m->uses[i];
            tray_item *it;
            if (model_disconnect_rank(u) != rank || u->status == USE_STATUS_UNAVAILABLE ||
                !unc_server_equal(u->server, job->server))
                continue;
            it = tray_job_add(job, u->local ? u->local : u->remote);
            if (!it)
                continue;
            it->remote = tray_dup8(u->remote);
            it->open_files = u->open_files;
            memset(&e, 0, sizeof(e));
            record(it, backend_disconnect(w->be, it->name, 0, 0, &e), &e);
        }
    model_free(m);
}

static void run_job(tray_worker *w, tray_job *job)
{
    size_t i;
    ca_error e;
    switch (job->kind) {
    case TRAY_JOB_DISCONNECT:
        run_disconnect(w, job);
        break;
    case TRAY_JOB_FORCE:
        for (i = 0; i < job->count; i++) {
            memset(&e, 0, sizeof(e));
            record(&job->items[i], backend_disconnect(w->be, job->items[i].name, 1, 0, &e), &e);
        }
        break;
    case TRAY_JOB_FORGET:
        for (i = 0; i < job->count; i++) {
            memset(&e, 0, sizeof(e));
            record(&job->items[i], backend_forget(w->be, job->items[i].name, job->items[i].type, &e), &e);
        }
        break;
    case TRAY_JOB_CALL:
        if (job->call)
            job->call(w->be, job);
        break;
    case TRAY_JOB_REFRESH:
    default:
        break;
    }
    /* Every job ends with a fresh snapshot: the list always shows the state after the action. */
    memset(&job->snap_err, 0, sizeof(job->snap_err));
    job->snap_st = backend_snapshot(w->be, &job->m, &job->snap_err);
}

/* Runs queued jobs until the queue is empty, then ends: an idle tray has no worker thread. */
static DWORD WINAPI worker_main(void *arg)
{
    tray_worker *w = arg;
    for (;;) {
        tray_job *job;
        EnterCriticalSection(&w->lock);
        job = w->stop ? NULL : w->head;
        if (job) {
            w->head = job->next;
            if (!w->head)
                w->tail = NULL;
            job->next = NULL;
        } else {
            w->running = 0;
        }
        LeaveCriticalSection(&w->lock);
        if (!job)
            return 0; /* w is not touched after this point */
        run_job(w, job);
        if (!PostMessageW(w->hwnd, w->msg, 0, (LPARAM)job))
            tray_job_free(job);
    }
}

tray_worker *tray_worker_start(backend *be, HWND hwnd, UINT msg)
{
    tray_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->be = be;
    w->hwnd = hwnd;
    w->msg = msg;
    InitializeCriticalSection(&w->lock);
    return w;
}

void tray_worker_submit(tray_worker *w, tray_job *job)
{
    tray_job *q;
    int merged = 0;
    EnterCriticalSection(&w->lock);
    if (job->kind == TRAY_JOB_REFRESH)
        for (q = w->head; q && !merged; q = q->next)
            merged = q->kind == TRAY_JOB_REFRESH;
    if (!merged) {
        if (w->tail)
            w->tail->next = job;
        else
            w->head = job;
        w->tail = job;
        if (!w->running && !w->stop) {
            HANDLE t = CreateThread(NULL, 0, worker_main, w, 0, NULL);
            /* Without a thread the job waits in the queue for the next submit. */
            if (t) {
                if (w->thread)
                    CloseHandle(w->thread);
                w->thread = t;
                w->running = 1;
            }
        }
    }
    LeaveCriticalSection(&w->lock);
    if (merged)
        tray_job_free(job);
}

void tray_worker_refresh(tray_worker *w)
{
    tray_job *job = tray_job_new(TRAY_JOB_REFRESH, NULL);
    if (job)
        tray_worker_submit(w, job);
}

int tray_worker_stop(tray_worker *w, DWORD timeout_ms)
{
    tray_job *job, *next;
    HANDLE thread;
    if (!w)
        return 1;
    EnterCriticalSection(&w->lock);
    w->stop = 1;
    job = w->head;
    w->head = w->tail = NULL;
    thread = w->thread;
    LeaveCriticalSection(&w->lock);
    for (; job; job = next) {
        next = job->next;
        tray_job_free(job);
    }
    if (thread && WaitForSingleObject(thread, timeout_ms) != WAIT_OBJECT_0)
        return 0; /* still inside a backend call: left to the process exit */
    if (thread)
        CloseHandle(thread);
    DeleteCriticalSection(&w->lock);
    free(w);
    return 1;
}
