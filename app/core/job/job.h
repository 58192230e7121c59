/* A scan job: a list of targets (image references, image archives, root
 * folders), scanned N at a time: pull, inventory, match, store, per-image JSON
 * result. Events go to a callback, so that the CLI and the GUI present the
 * same job. ck_job_run blocks; run it on a worker thread in the GUI. Events
 * arrive on the job's worker threads, one at a time (the job serialises them).
 * An image that fails is recorded as failed with its reason and the job goes
 * on. Cancellation (the flag) stops between steps and inside pulls; a
 * cancelled image stores nothing. */
#ifndef CK_JOB_H
#define CK_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"
#include "store/history.h"
#include "util/log.h"
#include "util/status.h"

enum ck_target_kind {
    CK_TARGET_IMAGE = 0, /* an image reference, through the engine */
    CK_TARGET_ARCHIVE,   /* a `docker save` tar (legacy or OCI layout) */
    CK_TARGET_ROOTFS     /* a root folder */
};

struct ck_target {
    enum ck_target_kind kind;
    const char *ref; /* image reference or path */
    int local;       /* listed from the engine itself: never pulled, whatever the policy */
};

/* When an image is pulled before its scan (job/pull.h). */
enum ck_pull_policy {
    CK_PULL_ALWAYS = 0, /* pull; a copy in the engine is scanned, with a note, when the pull fails */
    CK_PULL_MISSING,    /* pull only what the engine does not have */
    CK_PULL_NEVER       /* scan what the engine has */
};

enum ck_job_event_type {
    CK_JOB_STARTED = 0,   /* image_count set */
    CK_JOB_IMAGE_STARTED, /* image, image_index */
    CK_JOB_IMAGE_STEP,    /* text: "pulling", "reading packages", "matching", "storing" */
    CK_JOB_PULL_PROGRESS, /* current / total bytes of the image's layers (total 0 = unknown) */
    CK_JOB_IMAGE_DONE,    /* ok, text = error when failed, counts, scan_id */
    CK_JOB_LOG,           /* level, text: a log line of the job */
    CK_JOB_FINISHED       /* done counts: images_ok, images_failed; cancelled */
};

struct ck_job_event {
    enum ck_job_event_type type;
    size_t image_index;  /* 0-based, for image events */
    size_t image_count;
    const char *image;   /* the target's display name */
    const char *text;
    enum ck_log_level level;
    uint64_t current;
    uint64_t total;
    int ok;
    int64_t scan_id;
    const struct ck_severity_counts *counts; /* IMAGE_DONE when ok */
    const char *not_assessed;                /* IMAGE_DONE when ok: what could not be assessed, or NULL */
    size_t images_ok;
    size_t images_failed;
    int cancelled;
};

typedef void (*ck_job_event_fn)(void *ctx, const struct ck_job_event *ev);

struct ck_job_options {
    const char *engine_host;   /* NULL = endpoint selection as the docker CLI does it */
    const char *history_path;  /* NULL = ck_history_default_path() */
    const char *vulndb_path;   /* NULL = the vulnerability database's default path */
    const char *report_dir;    /* per-image JSON results; NULL = none written */
    enum ck_pull_policy pull;  /* default CK_PULL_ALWAYS */
    int remove_pulled;         /* remove the images this job pulled that the engine did not have */
    int os_only;               /* read only the OS package databases, not the whole filesystem (default 0) */
    int refresh;               /* read every image again even when its ID was inventoried before */
    int parallel;              /* images at a time (default 2) */
    int64_t max_data_age;      /* seconds; older data draws a warning (<= 0: 7 days) */
    ck_atomic_flag *cancel;    /* may be NULL */
};

void ck_job_options_init(struct ck_job_options *o);

struct ck_job_result {
    size_t images_ok;
    size_t images_failed;
    int cancelled;
    enum ck_severity worst; /* most severe finding over the job (CK_SEV_UNKNOWN when none) */
    size_t findings;        /* over the job */
    enum ck_severity worst_open; /* most severe open finding: no triage decision in effect, or one still open */
    size_t findings_open;   /* open findings over the job (see ck_decision_state_is_open) */
    size_t images_unassessed; /* scanned, but a part had no vulnerability data (never "clean") */
};

/* Runs the job to the end (or until cancelled). Returns CK_OK when the job
 * ran, even if images failed (see *result); an error only when nothing could
 * start (history or database cannot be opened). */
enum ck_status ck_job_run(const struct ck_job_options *opts, const struct ck_target *targets, size_t count,
                          ck_job_event_fn on_event, void *ctx, struct ck_job_result *result,
                          struct ck_err *err);

/* Which of n shards (1..n) a target belongs to: a hash of its reference as
 * written (SHA-256), so every runner of a CI job with n parallel parts takes
 * the same share of a list, whatever the list's order. */
unsigned ck_job_shard_of(const char *ref, unsigned n);

/* The per-image result file name as the original wrote it:
 * <repository with / as _>_<tag>_<yyyyMMdd-HHmm>.json (local time of t);
 * characters Windows refuses in a name become '_' too. A repository and tag
 * longer than 80 bytes together (a folder's path scanned as a root, a deep
 * GitLab group) are cut and end in 8 hex digits of their hash, so names stay
 * near 100 characters and different images keep different names. */
char *ck_job_result_file_name(const char *repository, const char *tag, int64_t t);


#endif
