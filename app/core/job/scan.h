/* One image scan inside a job: inventory (through the engine, from an image
 * archive or a root folder), match, store, per-image JSON result. A scanner
 * holds one worker's connections (engine, vulnerability database, history)
 * and is used by that worker only. */
#ifndef CK_SCAN_H
#define CK_SCAN_H

#include "job/job.h"

struct ck_scan_hooks {
    void *ctx;
    void (*log)(void *ctx, enum ck_log_level level, size_t index, const char *image, const char *text);
    void (*step)(void *ctx, size_t index, const char *image, const char *step);
    void (*progress)(void *ctx, size_t index, const char *image, uint64_t current, uint64_t total);
};

struct ck_scan_outcome {
    enum ck_status status;          /* CK_OK, CK_ERR_CANCELLED, or why the image failed */
    struct ck_err error;            /* the sentence when it failed */
    int64_t scan_id;                /* the history row (failed scans are stored too) */
    struct ck_severity_counts counts;
    struct ck_severity_counts open_counts; /* of the open findings (store/decisions.h; unique left 0) */
    char *summary;                  /* the original's summary line (ok scans) */
    char *not_assessed;             /* what could not be assessed (see vuln/assessment.h); NULL: all was */
};

void ck_scan_outcome_release(struct ck_scan_outcome *o);

struct ck_scanner;

/* Opens what a job needs once, to fail early with one sentence. */
enum ck_status ck_scanner_check(const struct ck_job_options *opts, struct ck_err *err);
enum ck_status ck_scanner_new(const struct ck_job_options *opts, const struct ck_scan_hooks *hooks,
                              struct ck_scanner **out, struct ck_err *err);
void ck_scanner_free(struct ck_scanner *s);
/* From another thread: wakes the scanner's engine call that is waiting
 * (a stalled pull), which then ends as cancelled. */
void ck_scanner_interrupt(struct ck_scanner *s);
/* Scans one target; *out is always filled (release it). */
void ck_scanner_scan(struct ck_scanner *s, const struct ck_target *t, size_t index, struct ck_scan_outcome *out);

#endif
