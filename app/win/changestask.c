/* What changed across the fleet, after a data update (re-matching first), a
 * scan job or for the view, on a worker thread (see tasks.h). */
#include "win/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void changes_free(void *p)
{
    struct ck_gui_changes_result *r = p;
    if (!r)
        return;
    free(r->history);
    free(r->vulndb);
    ck_changes_release(&r->changes);
    free(r);
}

static void on_rematched(void *ctx, const struct ck_rematch_event *ev)
{
    (void)ctx;
    if (!ev->ok)
        ck_log(CK_LOG_WARN, "re-match: %s", ev->error);
    else if (ev->added || ev->fixed)
        ck_log(CK_LOG_INFO, "re-match: %s%s%s: %zu new, %zu fixed", ev->repository, *ev->tag ? ":" : "", ev->tag,
               ev->added, ev->fixed);
}

static void changes_run(struct ck_task *t)
{
    struct ck_gui_changes_result *r = t->data;
    struct ck_rematch_options o = {r->history, r->vulndb, &t->cancel};
    struct ck_history *h = NULL;

    switch (r->moment) {
    case CK_CHANGES_AFTER_UPDATE:
        /* every scan stored before this moment is "before the update" */
        r->since = ck_time_now();
        snprintf(r->since_what, sizeof r->since_what, "the data update");
        t->status = ck_rematch_run(&o, NULL, NULL, 0, on_rematched, NULL, &r->rematched, &t->err);
        if (t->status != CK_OK)
            return;
        ck_log(CK_LOG_SUCCESS, "Re-matched %zu images against the new data: %zu new findings, %zu fixed",
               r->rematched.images_ok, r->rematched.added, r->rematched.fixed);
        break;
    case CK_CHANGES_AFTER_SCAN:
        snprintf(r->since_what, sizeof r->since_what, "the scan job");
        break;
    case CK_CHANGES_LAST_DAY:
        r->since = ck_time_now() - 24 * 3600;
        snprintf(r->since_what, sizeof r->since_what, "the last 24 hours");
        break;
    }
    t->status = ck_history_open(r->history, &h, &t->err);
    if (t->status == CK_OK)
        t->status = ck_history_changes(h, r->since, &r->changes, &t->err);
    ck_history_close(h);
}

struct ck_task *ck_start_changes(HWND hwnd, enum ck_changes_moment moment, int64_t since)
{
    struct ck_gui_changes_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    ck_changes_init(&r->changes);
    r->history = ck_history_default_path();
    r->vulndb = ck_gui_vulndb_path();
    r->moment = moment;
    r->since = since;
    if (!r->history || !r->vulndb) {
        changes_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_CHANGES, 0, changes_run, r, changes_free);
}
