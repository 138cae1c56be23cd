/* The tray worker thread: the only caller of the backend; runs queued plain jobs, hands results to the inbox.
 */
#include "tray_internal.h"

#include <stdlib.h>
#include <string.h>

struct tray_worker {
    backend *be;
    tray_inbox *inbox;
    CRITICAL_SECTION lock;
    tray_job *head, *tail; /* guarded by lock */
    int running;           /* a thread is working through the queue (guarded) */
    int stop;              /* guarded */
    HANDLE thread;         /* the latest thread, waited for by tray_worker_stop (guarded) */
};

tray_job *tray_job_new(tray_job_call_fn call, tray_job_done_fn done, void *owner)
{
    tray_job *job = calloc(1, sizeof(*job));
    if (!job)
        return NULL;
    job->call = call;
    job->done = done;
    job->owner = owner;
    return job;
}

void tray_job_free(tray_job *job)
{
    if (!job)
        return;
    model_free(job->m);
    if (job->ctx_free)
        job->ctx_free(job->ctx);
    free(job);
}

static void run_job(tray_worker *w, tray_job *job)
{
    if (job->call)
        job->call(w->be, job);
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
        if (!tray_inbox_put(w->inbox, TRAY_IN_JOB, job, 0))
            tray_job_free(job);
    }
}

tray_worker *tray_worker_start(backend *be, tray_inbox *inbox)
{
    tray_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->be = be;
    w->inbox = tray_inbox_ref(inbox);
    InitializeCriticalSection(&w->lock);
    return w;
}

void tray_worker_submit(tray_worker *w, tray_job *job)
{
    tray_job *q;
    int merged = 0;
    EnterCriticalSection(&w->lock);
    if (!job->call)
        for (q = w->head; q && !merged; q = q->next)
            merged = !q->call;
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
    tray_job *job = tray_job_new(NULL, NULL, NULL);
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
        return 0; /* still inside a backend call: left to the process exit (the inbox stays referenced) */
    if (thread)
        CloseHandle(thread);
    tray_inbox_release(w->inbox);
    DeleteCriticalSection(&w->lock);
    free(w);
    return 1;
}
