/* Scan jobs: N workers take targets from a shared cursor and scan each one
 * (scan.c); this file owns the job's bookkeeping, event serialisation and
 * the original's naming of results and summaries. */
#include "job/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job/scan.h"
#include "report/summary.h"
#include "vuln/vulndb.h"
#include "util/buf.h"
#include "util/sha256.h"

#define DEFAULT_PARALLEL 2
#define MAX_PARALLEL 16

void ck_job_options_init(struct ck_job_options *o)
{
    memset(o, 0, sizeof *o);
    o->pull = CK_PULL_ALWAYS;
    o->parallel = DEFAULT_PARALLEL;
}

unsigned ck_job_shard_of(const char *ref, unsigned n)
{
    unsigned char digest[CK_SHA256_SIZE];
    struct ck_sha256 h;
    uint32_t v;

    if (n <= 1)
        return 1;
    ck_sha256_init(&h);
    ck_sha256_update(&h, ref, strlen(ref));
    ck_sha256_final(&h, digest);
    v = (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 | digest[3];
    return 1 + v % n;
}

/* A character no Windows file name may hold, or one that would make a folder. */
static int unsafe_in_name(unsigned char c)
{
    return c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c) != NULL;
}

/* The longest stem kept whole: with the stamp, a name of about 100
 * characters, so a report folder can be deep before MAX_PATH matters. */
#define RESULT_STEM_MAX 80
#define RESULT_HASH_HEX 8

char *ck_job_result_file_name(const char *repository, const char *tag, int64_t t)
{
    struct ck_buf b;
    struct tm tm;
    char stamp[32], hash[CK_SHA256_HEX_SIZE];
    const char *p;
    size_t cut;

    ck_buf_init(&b);
    /* '/' becomes '_' as the original did; so does what Windows refuses. */
    for (p = repository; *p; p++)
        ck_buf_putc(&b, unsafe_in_name((unsigned char)*p) ? '_' : *p);
    ck_buf_putc(&b, '_');
    for (p = tag && *tag ? tag : "untagged"; *p; p++)
        ck_buf_putc(&b, unsafe_in_name((unsigned char)*p) ? '_' : *p);
    if (ck_buf_status(&b) == CK_OK && b.len > RESULT_STEM_MAX) {
        /* cut on a character boundary; the hash keeps two long names apart */
        struct ck_buf whole;
        ck_buf_init(&whole);
        ck_buf_printf(&whole, "%s:%s", repository, tag ? tag : "");
        ck_sha256_hex(whole.data ? whole.data : "", whole.len, hash);
        ck_buf_release(&whole);
        cut = RESULT_STEM_MAX - 1 - RESULT_HASH_HEX;
        while (cut > 0 && ((unsigned char)b.data[cut] & 0xc0) == 0x80)
            cut--;
        b.len = cut;
        b.data[cut] = '\0';
        ck_buf_printf(&b, "-%.*s", RESULT_HASH_HEX, hash);
    }
    ck_time_local(t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
    ck_buf_printf(&b, "_%s.json", stamp);
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
    int64_t *scan_ids;      /* per target: its history row, 0 = none (cancelled) */
    struct ck_scanner *active[MAX_PARALLEL]; /* the workers' scanners, under lock */
    size_t workers_done;    /* under lock */
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
    j->scan_ids[index] = o->scan_id;
    if (o->status == CK_OK) {
        j->result.images_ok++;
        j->result.findings += o->counts.findings;
        j->result.findings_open += o->open_counts.findings;
        j->result.images_unassessed += o->not_assessed != NULL;
        for (s = CK_SEV_CRITICAL; s > CK_SEV_UNKNOWN; s--)
            if (o->counts.by_severity[s] && (enum ck_severity)s > j->result.worst)
                j->result.worst = (enum ck_severity)s;
        for (s = CK_SEV_CRITICAL; s > CK_SEV_UNKNOWN; s--)
            if (o->open_counts.by_severity[s] && (enum ck_severity)s > j->result.worst_open)
                j->result.worst_open = (enum ck_severity)s;
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
    ev.not_assessed = o->status == CK_OK ? o->not_assessed : NULL;
    ev.scan_id = o->scan_id;
    ev.counts = &o->counts;
    emit(j, &ev);
}

/* The job's summary beside its per-image results, as text and as HTML:
 * containerkitty_summary-yyyyMMdd-HHmm.txt / .html. */
static void write_summaries(struct job *j, int64_t started)
{
    static const char *const ext[] = {"txt", "html"};
    struct ck_history *h = NULL;
    int64_t *ids = malloc(j->count * sizeof *ids);
    char name[64], stamp[32], *path;
    size_t n = 0, i;
    struct ck_err err;
    struct tm tm;

    for (i = 0; ids && i < j->count; i++)
        if (j->scan_ids[i])
            ids[n++] = j->scan_ids[i];
    if (!n || ck_history_open(j->opts->history_path, &h, &err) != CK_OK) {
        free(ids);
        return;
    }
    ck_time_local(started, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
    for (i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "containerkitty_summary-%s.%s", stamp, ext[i]);
        path = ck_path_join(j->opts->report_dir, name);
        if (path && ck_summary_write_job(h, ids, n, path, i == 1, &err) == CK_OK)
            job_log(j, CK_LOG_SUCCESS, 0, NULL, path);
        else if (path)
            job_log(j, CK_LOG_ERROR, 0, NULL, err.msg);
        free(path);
    }
    ck_history_close(h);
    free(ids);
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

/* Puts scanner in a free slot of the active list (or takes old out). */
static void set_active(struct job *j, struct ck_scanner *scanner, struct ck_scanner *old)
{
    size_t i;
    ck_mutex_lock(j->lock);
    for (i = 0; i < MAX_PARALLEL; i++)
        if (j->active[i] == old) {
            j->active[i] = scanner;
            break;
        }
    ck_mutex_unlock(j->lock);
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
    set_active(j, scanner, NULL);
    while (take_next(j, &index)) {
        struct ck_scan_outcome o;
        struct ck_job_event ev = image_event(CK_JOB_IMAGE_STARTED, index, j->targets[index].ref);

        emit(j, &ev);
        ck_scanner_scan(scanner, &j->targets[index], index, &o);
        record_outcome(j, index, j->targets[index].ref, &o);
        ck_scan_outcome_release(&o);
    }
    set_active(j, NULL, scanner);
    ck_scanner_free(scanner);
}

/* The worker's body, and the count of workers that are through. */
static void worker_thread(void *p)
{
    struct job *j = p;
    worker(j);
    ck_mutex_lock(j->lock);
    j->workers_done++;
    ck_mutex_unlock(j->lock);
}

/* Waits for the workers; a cancel wakes their engine calls once, so that
 * a pull that stalls (no progress to notice the flag on) ends at once. */
static void wait_for_workers(struct job *j, size_t workers)
{
    int interrupted = 0;
    size_t i, done;

    for (;;) {
        ck_mutex_lock(j->lock);
        done = j->workers_done;
        if (done < workers && !interrupted && cancelled(j)) {
            for (i = 0; i < MAX_PARALLEL; i++)
                if (j->active[i])
                    ck_scanner_interrupt(j->active[i]);
            interrupted = 1;
        }
        ck_mutex_unlock(j->lock);
        if (done >= workers)
            return;
        ck_sleep_ms(50);
    }
}

/* The options with the default paths filled in; *owned holds what to free. */
static enum ck_status resolve_paths(const struct ck_job_options *in, struct ck_job_options *out, char *owned[2],
                                    struct ck_err *err)
{
    *out = *in;
    owned[0] = owned[1] = NULL;
    if (!out->history_path)
        out->history_path = owned[0] = ck_history_default_path();
    if (!out->vulndb_path)
        out->vulndb_path = owned[1] = ck_vulndb_default_path();
    if (!out->history_path || !out->vulndb_path) {
        free(owned[0]);
        free(owned[1]);
        return ck_err_set(err, CK_ERR_IO, "cannot find the per-user data folder for the history and database");
    }
    return CK_OK;
}

enum ck_status ck_job_run(const struct ck_job_options *opts, const struct ck_target *targets, size_t count,
                          ck_job_event_fn on_event, void *ctx, struct ck_job_result *result,
                          struct ck_err *err)
{
    struct ck_job_options resolved;
    struct job j;
    ck_thread *threads[MAX_PARALLEL];
    struct ck_job_event ev;
    size_t started = 0, i, want;
    int64_t started_at = ck_time_now();
    char *owned[2];
    enum ck_status rc;

    if ((rc = resolve_paths(opts, &resolved, owned, err)) != CK_OK)
        return rc;
    ck_log_prepare(); /* the workers log */
    memset(&j, 0, sizeof j);
    j.opts = &resolved;
    j.targets = targets;
    j.count = count;
    j.on_event = on_event;
    j.ctx = ctx;
    j.lock = ck_mutex_new();
    j.scan_ids = calloc(count ? count : 1, sizeof *j.scan_ids);
    if (!j.lock || !j.scan_ids) {
        rc = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    /* Open history and database once up front, so that "nothing can start"
     * is an error of the job, not N failed images. */
    if ((rc = ck_scanner_check(&resolved, err)) != CK_OK)
        goto cleanup;

    memset(&ev, 0, sizeof ev);
    ev.type = CK_JOB_STARTED;
    emit(&j, &ev);

    want = opts->parallel < 1 ? 1 : opts->parallel > MAX_PARALLEL ? MAX_PARALLEL : (size_t)opts->parallel;
    if (want > count)
        want = count ? count : 1;
    for (i = 0; i < want; i++)
        if (ck_thread_start(&threads[started], worker_thread, &j) == CK_OK)
            started++;
    if (started == 0)
        worker(&j); /* no thread could start: scan on this one */
    wait_for_workers(&j, started);
    for (i = 0; i < started; i++)
        ck_thread_join(threads[i]);
    if (resolved.report_dir)
        write_summaries(&j, started_at);

    j.result.cancelled = j.result.cancelled || cancelled(&j);
    memset(&ev, 0, sizeof ev);
    ev.type = CK_JOB_FINISHED;
    ev.images_ok = j.result.images_ok;
    ev.images_failed = j.result.images_failed;
    ev.cancelled = j.result.cancelled;
    emit(&j, &ev);
    if (result)
        *result = j.result;
cleanup:
    ck_mutex_free(j.lock);
    free(j.scan_ids);
    free(owned[0]);
    free(owned[1]);
    return rc;
}
