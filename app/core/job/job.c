/* Scan jobs: N workers take targets from a shared cursor and scan each one
 * (scan.c); this file owns the job's bookkeeping, event serialisation and
 * the original's naming of results and summaries. */
#include "job/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job/scan.h"
#include "util/buf.h"

#define DEFAULT_PARALLEL 2
#define MAX_PARALLEL 16

void ck_job_options_init(struct ck_job_options *o)
{
    memset(o, 0, sizeof *o);
    o->pull = 1;
    o->parallel = DEFAULT_PARALLEL;
}

char *ck_job_result_file_name(const char *repository, const char *tag, int64_t t)
{
    struct ck_buf b;
    struct tm tm;
    char stamp[32];
    const char *p;

    ck_buf_init(&b);
    for (p = repository; *p; p++) {
        char c = *p;
        /* '/' becomes '_' as the original did; ':' and '\\' cannot appear in a Windows file name. */
        ck_buf_putc(&b, c == '/' || c == '\\' || c == ':' ? '_' : c);
    }
    ck_time_local(t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
    ck_buf_printf(&b, "_%s_%s.json", tag && *tag ? tag : "untagged", stamp);
    return ck_buf_take(&b);
}

char *ck_job_summary_line(const char *repository, const char *tag, const struct ck_severity_counts *c)
{
    struct ck_buf b;
    ck_buf_init(&b);
    ck_buf_printf(&b, "docker-image|%s (Tag: %s): %zu vulnerable dependency paths / Unique count: %zu", repository,
                  tag && *tag ? tag : "-", c->findings, c->unique);
    ck_buf_printf(&b, " (critical %zu, high %zu, medium %zu, low %zu, negligible %zu, unknown %zu)",
                  c->by_severity[CK_SEV_CRITICAL], c->by_severity[CK_SEV_HIGH], c->by_severity[CK_SEV_MEDIUM],
                  c->by_severity[CK_SEV_LOW], c->by_severity[CK_SEV_NEGLIGIBLE], c->by_severity[CK_SEV_UNKNOWN]);
    return ck_buf_take(&b);
}

/* ---- the running job ------------------------------------------------------ */

struct job {
    const struct ck_job_options *opts;
    const struct ck_target *targets;
    size_t count;
    size_t next;            /* next target to take, under lock */
    ck_job_event_fn on_event;
    void *ctx;
    ck_mutex *lock;         /* guards next, result and event delivery */
    struct ck_job_result result;
};

static int cancelled(const struct job *j)
{
    return j->opts->cancel && ck_flag_get(j->opts->cancel);
}

/* Delivers one event; events are serialised so receivers need no lock. */
static void emit(struct job *j, struct ck_job_event *ev)
{
    ev->image_count = j->count;
    ck_mutex_lock(j->lock);
    if (j->on_event)
        j->on_event(j->ctx, ev);
    ck_mutex_unlock(j->lock);
}

/* An event about one image, the rest zeroed. */
static struct ck_job_event image_event(enum ck_job_event_type type, size_t index, const char *image)
{
    struct ck_job_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.image_index = index;
    ev.image = image;
    return ev;
}

static void job_log(void *p, enum ck_log_level level, size_t index, const char *image, const char *text)
{
    struct ck_job_event ev = image_event(CK_JOB_LOG, index, image);
    ev.level = level;
    ev.text = text;
    ck_log(level, "%s", text);
    emit(p, &ev);
}

static void job_step(void *p, size_t index, const char *image, const char *step)
{
    struct ck_job_event ev = image_event(CK_JOB_IMAGE_STEP, index, image);
    ev.text = step;
    emit(p, &ev);
}

static void job_progress(void *p, size_t index, const char *image, uint64_t current, uint64_t total)
{
    struct ck_job_event ev = image_event(CK_JOB_PULL_PROGRESS, index, image);
    ev.current = current;
    ev.total = total;
    emit(p, &ev);
}

static void record_outcome(struct job *j, size_t index, const char *image, const struct ck_scan_outcome *o)
{
    struct ck_job_event ev;
    int s;

    ck_mutex_lock(j->lock);
    if (o->status == CK_OK) {
        j->result.images_ok++;
        j->result.findings += o->counts.findings;
        for (s = CK_SEV_CRITICAL; s > CK_SEV_UNKNOWN; s--)
            if (o->counts.by_severity[s] && (enum ck_severity)s > j->result.worst)
                j->result.worst = (enum ck_severity)s;
    } else if (o->status == CK_ERR_CANCELLED) {
        j->result.cancelled = 1;
    } else {
        j->result.images_failed++;
    }
    ck_mutex_unlock(j->lock);

    ev = image_event(CK_JOB_IMAGE_DONE, index, image);
    ev.ok = o->status == CK_OK;
    ev.cancelled = o->status == CK_ERR_CANCELLED;
    ev.text = o->status == CK_OK ? o->summary : o->error.msg;
    ev.scan_id = o->scan_id;
    ev.counts = &o->counts;
    emit(j, &ev);
}

static int take_next(struct job *j, size_t *index)
{
    int got = 0;
    ck_mutex_lock(j->lock);
    if (j->next < j->count && !cancelled(j)) {
        *index = j->next++;
        got = 1;
    }
    ck_mutex_unlock(j->lock);
    return got;
}

static void worker(void *p)
{
    struct job *j = p;
    struct ck_scanner *scanner = NULL;
    struct ck_scan_hooks hooks = {j, job_log, job_step, job_progress};
    struct ck_err err;
    size_t index;

    ck_err_clear(&err);
    if (ck_scanner_new(j->opts, &hooks, &scanner, &err) != CK_OK) {
        /* Without history or database no image can be scanned: fail the rest. */
        while (take_next(j, &index)) {
            struct ck_scan_outcome o;
            memset(&o, 0, sizeof o);
            o.status = err.status;
            o.error = err;
            record_outcome(j, index, j->targets[index].ref, &o);
        }
        return;
    }
    while (take_next(j, &index)) {
        struct ck_scan_outcome o;
        struct ck_job_event ev = image_event(CK_JOB_IMAGE_STARTED, index, j->targets[index].ref);

        emit(j, &ev);
        ck_scanner_scan(scanner, &j->targets[index], index, &o);
        record_outcome(j, index, j->targets[index].ref, &o);
        ck_scan_outcome_release(&o);
    }
    ck_scanner_free(scanner);
}

enum ck_status ck_job_run(const struct ck_job_options *opts, const struct ck_target *targets, size_t count,
                          ck_job_event_fn on_event, void *ctx, struct ck_job_result *result,
                          struct ck_err *err)
{
    struct job j;
    ck_thread *threads[MAX_PARALLEL];
    struct ck_job_event ev;
    size_t started = 0, i, want;
    enum ck_status rc;

    memset(&j, 0, sizeof j);
    j.opts = opts;
    j.targets = targets;
    j.count = count;
    j.on_event = on_event;
    j.ctx = ctx;
    j.lock = ck_mutex_new();
    if (!j.lock)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    /* Open history and database once up front, so that "nothing can start"
     * is an error of the job, not N failed images. */
    if ((rc = ck_scanner_check(opts, err)) != CK_OK) {
        ck_mutex_free(j.lock);
        return rc;
    }

    memset(&ev, 0, sizeof ev);
    ev.type = CK_JOB_STARTED;
    emit(&j, &ev);

    want = opts->parallel < 1 ? 1 : opts->parallel > MAX_PARALLEL ? MAX_PARALLEL : (size_t)opts->parallel;
    if (want > count)
        want = count ? count : 1;
    for (i = 0; i < want; i++)
        if (ck_thread_start(&threads[started], worker, &j) == CK_OK)
            started++;
    if (started == 0)
        worker(&j); /* no thread could start: scan on this one */
    for (i = 0; i < started; i++)
        ck_thread_join(threads[i]);

    j.result.cancelled = j.result.cancelled || cancelled(&j);
    memset(&ev, 0, sizeof ev);
    ev.type = CK_JOB_FINISHED;
    ev.images_ok = j.result.images_ok;
    ev.images_failed = j.result.images_failed;
    ev.cancelled = j.result.cancelled;
    emit(&j, &ev);
    ck_mutex_free(j.lock);
    if (result)
        *result = j.result;
    return CK_OK;
}
