/* Tasks on worker threads (see worker.h). */
#include "win/worker.h"

#include <stdlib.h>
#include <string.h>

/* Only the UI thread touches this list. */
static struct ck_task *running;

/* Frees what a task or an event would have owned. */
static void drop(void *data, ck_free_fn free_fn)
{
    if (free_fn)
        free_fn(data);
}

BOOL ck_post_payload(HWND hwnd, UINT msg, WPARAM wp, void *payload, ck_free_fn free_fn)
{
    if (PostMessageW(hwnd, msg, wp, (LPARAM)payload))
        return TRUE;
    drop(payload, free_fn);
    return FALSE;
}

static void thread_main(void *arg)
{
    struct ck_task *t = arg;
    t->run(t);
    /* The one "done" of this task. When even it cannot be posted the window
     * is gone and the process is ending: the task is left to the exit. */
    PostMessageW(t->notify, WM_CK_TASK_DONE, 0, (LPARAM)t);
}

struct ck_task *ck_task_start(HWND notify, enum ck_task_kind kind, unsigned generation, ck_task_run_fn run,
                              void *data, ck_free_fn free_data)
{
    struct ck_task *t = calloc(1, sizeof *t);
    if (!t) {
        drop(data, free_data);
        return NULL;
    }
    t->kind = kind;
    t->generation = generation;
    t->notify = notify;
    t->run = run;
    t->data = data;
    t->free_data = free_data;
    ck_err_clear(&t->err);
    t->next = running;
    running = t;
    if (ck_thread_start(&t->thread, thread_main, t) != CK_OK) {
        running = t->next;
        drop(data, free_data);
        free(t);
        return NULL;
    }
    return t;
}

void ck_task_event_free(struct ck_task_event *ev)
{
    if (!ev)
        return;
    if (ev->free_data)
        ev->free_data(ev->data);
    free(ev);
}

static void event_free(void *p)
{
    ck_task_event_free(p);
}

BOOL ck_task_post(struct ck_task *t, int type, uint64_t current, uint64_t total, const char *text, void *data,
                  ck_free_fn free_data)
{
    size_t n = text ? strlen(text) : 0;
    struct ck_task_event *ev = malloc(sizeof *ev + n);
    if (!ev) {
        drop(data, free_data);
        return FALSE;
    }
    ev->type = type;
    ev->current = current;
    ev->total = total;
    ev->data = data;
    ev->free_data = free_data;
    memcpy(ev->text, text ? text : "", n + 1);
    return ck_post_payload(t->notify, WM_CK_TASK_EVENT, (WPARAM)t, ev, event_free);
}

void ck_task_free(struct ck_task *t)
{
    struct ck_task **p;
    if (!t)
        return;
    for (p = &running; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            break;
        }
    ck_thread_join(t->thread); /* it has posted its done: only returning is left */
    if (t->free_data)
        t->free_data(t->data);
    free(t);
}

size_t ck_task_running(void)
{
    size_t n = 0;
    struct ck_task *t;
    for (t = running; t; t = t->next)
        n++;
    return n;
}

size_t ck_task_running_kind(enum ck_task_kind kind)
{
    size_t n = 0;
    struct ck_task *t;
    for (t = running; t; t = t->next)
        n += t->kind == kind;
    return n;
}

void ck_task_cancel_all(enum ck_task_kind kind)
{
    struct ck_task *t;
    for (t = running; t; t = t->next)
        if (!kind || t->kind == kind)
            ck_flag_set(&t->cancel, 1);
}
