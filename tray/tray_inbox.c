/* The tray's inbox: items other threads hand to the UI thread, announced by a pointer-free token message. */
#include "tray_internal.h"

#include <stdlib.h>

typedef struct inbox_item {
    tray_in_kind kind;
    void *item;
    size_t extra;
    struct inbox_item *next;
} inbox_item;

struct tray_inbox {
    CRITICAL_SECTION lock;
    volatile LONG refs;
    HWND hwnd;
    UINT msg;
    tray_inbox_free_fn free_item;
    inbox_item *head, *tail; /* guarded by lock */
    int closed;              /* guarded by lock */
};

tray_inbox *tray_inbox_create(HWND hwnd, UINT msg, tray_inbox_free_fn free_item)
{
    tray_inbox *in = calloc(1, sizeof(*in));
    if (!in)
        return NULL;
    InitializeCriticalSection(&in->lock);
    in->refs = 1;
    in->hwnd = hwnd;
    in->msg = msg;
    in->free_item = free_item;
    return in;
}

tray_inbox *tray_inbox_ref(tray_inbox *in)
{
    if (in)
        InterlockedIncrement(&in->refs);
    return in;
}

static void free_list(tray_inbox *in, inbox_item *it)
{
    while (it) {
        inbox_item *next = it->next;
        if (in->free_item)
            in->free_item(it->kind, it->item);
        free(it);
        it = next;
    }
}

void tray_inbox_release(tray_inbox *in)
{
    if (!in || InterlockedDecrement(&in->refs) > 0)
        return;
    free_list(in, in->head);
    DeleteCriticalSection(&in->lock);
    free(in);
}

int tray_inbox_put(tray_inbox *in, tray_in_kind kind, void *item, size_t extra)
{
    inbox_item *it = calloc(1, sizeof(*it));
    int ok = 0;
    if (!it)
        return 0;
    it->kind = kind;
    it->item = item;
    it->extra = extra;
    EnterCriticalSection(&in->lock);
    if (!in->closed) {
        if (in->tail)
            in->tail->next = it;
        else
            in->head = it;
        in->tail = it;
        ok = 1;
    }
    LeaveCriticalSection(&in->lock);
    if (!ok) {
        free(it);
        return 0;
    }
    /* The token only says "look into the inbox"; a lost post is caught by the next one. */
    PostMessageW(in->hwnd, in->msg, 0, 0);
    return 1;
}

int tray_inbox_take(tray_inbox *in, tray_in_kind *kind, void **item, size_t *extra)
{
    inbox_item *it;
    EnterCriticalSection(&in->lock);
    it = in->head;
    if (it) {
        in->head = it->next;
        if (!in->head)
            in->tail = NULL;
    }
    LeaveCriticalSection(&in->lock);
    if (!it)
        return 0;
    *kind = it->kind;
    *item = it->item;
    if (extra)
        *extra = it->extra;
    free(it);
    return 1;
}

void tray_inbox_close(tray_inbox *in)
{
    inbox_item *list;
    EnterCriticalSection(&in->lock);
    in->closed = 1;
    list = in->head;
    in->head = in->tail = NULL;
    LeaveCriticalSection(&in->lock);
    free_list(in, list);
}
