/* A scan job on a worker thread (see tasks.h): the job's events become
 * WM_CK_TASK_EVENT messages with a copy of what the window needs. Pull
 * progress is thinned to a few events a second per image. */
#include "win/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win/settings.h"
#include "util/text.h"

#define MAX_TRACKED 64

struct job_ctx {
    struct ck_task *t;
    uint64_t last_progress_ms[MAX_TRACKED];
};

static void scan_free(void *p)
{
    struct ck_gui_scan_result *r = p;
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->count; i++)
        free((char *)r->targets[i].ref);
    free(r->targets);
    ck_gui_image_names_free(r->names, r->count);
    free(r->host);
    free(r->vulndb);
    free(r->report_dir);
    free(r);
}

/* Called on the job's threads, one event at a time. */
static void on_event(void *ctx, const struct ck_job_event *ev)
{
    struct job_ctx *c = ctx;
    struct ck_gui_job_note *note;

    if (ev->type == CK_JOB_LOG)
        return; /* the log sink already has the line */
    if (ev->type == CK_JOB_PULL_PROGRESS) {
        uint64_t now = ck_time_monotonic_ms();
        size_t slot = ev->image_index % MAX_TRACKED;
        if (now - c->last_progress_ms[slot] < 200 && ev->current != ev->total)
            return;
        c->last_progress_ms[slot] = now;
    }
    note = calloc(1, sizeof *note);
    if (!note)
        return;
    note->type = ev->type;
    note->index = ev->image_index;
    note->count = ev->image_count;
    note->ok = ev->ok;
    note->cancelled = ev->cancelled;
    note->scan_id = ev->scan_id;
    if (ev->counts)
        note->counts = *ev->counts;
    note->current = ev->current;
    note->total = ev->total;
    note->images_ok = ev->images_ok;
    note->images_failed = ev->images_failed;
    note->level = ev->level;
    if (ev->not_assessed) {
        note->not_assessed = 1;
        snprintf(note->not_assessed_text, sizeof note->not_assessed_text, "%s", ev->not_assessed);
    }
    ck_task_post(c->t, CK_EVENT_JOB, ev->current, ev->total, ev->text, note, free);
}

static void scan_run(struct ck_task *t)
{
    struct ck_gui_scan_result *r = t->data;
    struct ck_job_options opts;
    struct job_ctx ctx;

    memset(&ctx, 0, sizeof ctx);
    ctx.t = t;
    ck_job_options_init(&opts);
    opts.engine_host = *r->host ? r->host : NULL;
    opts.vulndb_path = r->vulndb;
    opts.report_dir = *r->report_dir ? r->report_dir : NULL;
    opts.parallel = r->parallel;
    opts.max_data_age = r->max_age;
    opts.os_only = r->os_only;
    opts.pull = (enum ck_pull_policy)r->pull_policy;
    opts.remove_pulled = r->remove_pulled;
    opts.refresh = r->read_again;
    opts.cancel = &t->cancel;
    t->status = ck_job_run(&opts, r->targets, r->count, on_event, &ctx, &r->result, &t->err);
}

struct ck_task *ck_start_scan(HWND hwnd, struct ck_gui_image_name *names, size_t n, int read_again)
{
    struct ck_gui_scan_result *r = calloc(1, sizeof *r);
    size_t i;
    if (!r) {
        ck_gui_image_names_free(names, n);
        return NULL;
    }
    r->names = names;
    r->count = n;
    /* Copies of the settings: the window may change them while this runs. */
    r->host = ck_text_dup(g_settings.docker_host ? g_settings.docker_host : "");
    r->vulndb = ck_gui_vulndb_path();
    r->report_dir = ck_text_dup(g_settings.report_dir ? g_settings.report_dir : "");
    r->parallel = g_settings.parallel;
    r->max_age = (int64_t)g_settings.max_age_days * 24 * 3600;
    r->os_only = g_settings.os_only;
    r->pull_policy = g_settings.pull_policy;
    r->remove_pulled = g_settings.remove_pulled;
    r->read_again = read_again;
    r->targets = calloc(n ? n : 1, sizeof *r->targets);
    if (!r->targets || !r->host || !r->vulndb || !r->report_dir) {
        scan_free(r);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        char *ref;
        ck_gui_target_of(names[i].repository, names[i].tag, &r->targets[i], &ref);
        r->targets[i].local = names[i].local;
        if (!ref) {
            scan_free(r);
            return NULL;
        }
    }
    return ck_task_start(hwnd, CK_TASK_SCAN, 0, scan_run, r, scan_free);
}
