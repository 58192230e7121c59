/* Tasks: work the window hands to a worker thread.
 *
 *   t = ck_task_start(hwnd, CK_TASK_..., run, data, free_data);
 *   ... the worker runs run(t), which may post events with ck_task_post ...
 *   the window gets WM_CK_TASK_DONE (lParam t) exactly once, reads t->data,
 *   t->status and t->err, then calls ck_task_free(t).
 *
 * The window keeps no other pointer to a task than what the running list
 * holds (ck_task_running / ck_task_cancel_all), so closing the window can
 * cancel every task and wait for their "done". */
#ifndef CK_WORKER_H
#define CK_WORKER_H

#include "win/gui.h"

enum ck_task_kind {
    CK_TASK_IMAGES = 1,  /* read the images of the history */
    CK_TASK_DETAIL,      /* scans and latest findings of one image */
    CK_TASK_FINDINGS,    /* findings of one scan */
    CK_TASK_COMPARE,     /* comparison of two scans */
    CK_TASK_SCAN,        /* a scan job */
    CK_TASK_ENGINE,      /* engine check */
    CK_TASK_DATA,        /* vulnerability data status */
    CK_TASK_DB_UPDATE,   /* download of vulnerability data */
    CK_TASK_DB_IMPORT,   /* import of vulnerability data from a file */
    CK_TASK_LIST,        /* an image list built from a file, GitLab, a registry or the engine */
    CK_TASK_EXPORT,      /* CSV export */
    CK_TASK_INVENTORY,   /* packages and unmanaged files of one scan */
    CK_TASK_CHANGES      /* re-match after a data update, and what changed */
};

struct ck_task;
typedef void (*ck_task_run_fn)(struct ck_task *t);
typedef void (*ck_free_fn)(void *p);

struct ck_task {
    enum ck_task_kind kind;
    unsigned generation;   /* what the window asked for, to drop stale answers */
    HWND notify;
    ck_atomic_flag cancel;
    ck_thread *thread;
    ck_task_run_fn run;
    void *data;            /* inputs and results, owned by the task */
    ck_free_fn free_data;
    enum ck_status status; /* set by run */
    struct ck_err err;
    struct ck_task *next;  /* the running list */
};

/* An event a running task reports (progress, a job's events). */
struct ck_task_event {
    int type;               /* task-specific */
    uint64_t current, total;
    void *data;             /* task-specific payload */
    ck_free_fn free_data;
    char text[1];           /* NUL-terminated, allocated to its length */
};

/* Starts run on a new thread. On failure data is freed with free_data and
 * NULL returned. */
struct ck_task *ck_task_start(HWND notify, enum ck_task_kind kind, unsigned generation, ck_task_run_fn run,
                              void *data, ck_free_fn free_data);
/* From the worker: posts an event (text copied; data owned by the event).
 * When the post fails the event is freed here. Returns TRUE when posted. */
BOOL ck_task_post(struct ck_task *t, int type, uint64_t current, uint64_t total, const char *text, void *data,
                  ck_free_fn free_data);
void ck_task_event_free(struct ck_task_event *ev);
/* On WM_CK_TASK_DONE: joins the thread, unlinks and frees the task. */
void ck_task_free(struct ck_task *t);

/* Tasks started and not yet freed. */
size_t ck_task_running(void);
/* Running tasks of one kind. */
size_t ck_task_running_kind(enum ck_task_kind kind);
/* Sets the cancel flag of every running task (of kind; 0 = all). */
void ck_task_cancel_all(enum ck_task_kind kind);

/* From any thread: posts msg with a heap payload to hwnd, freeing it with
 * free_fn when the post fails. */
BOOL ck_post_payload(HWND hwnd, UINT msg, WPARAM wp, void *payload, ck_free_fn free_fn);

#endif
