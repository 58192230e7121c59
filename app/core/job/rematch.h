/* A re-match: each image's latest stored inventory matched again against the
 * vulnerability data as it is now, stored as a new scan of kind "rematch"
 * (store/history.h) that points at the inventory it matched: no engine, no
 * pull, no registry. It answers "what is new since the data changed" for a
 * fleet in seconds; `ckitty changes` then groups what changed. */
#ifndef CK_JOB_REMATCH_H
#define CK_JOB_REMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"
#include "store/history.h"
#include "util/status.h"

struct ck_rematch_options {
    const char *history_path;
    const char *vulndb_path;
    const ck_atomic_flag *cancel; /* may be NULL: stops between images */
};

/* One image done (or skipped). Strings live during the callback. */
struct ck_rematch_event {
    const char *repository, *tag;
    int ok;                         /* 0: error says why (nothing stored) */
    const char *error;
    int64_t scan_id;                /* the re-match stored */
    int64_t from_scan;              /* the scan whose inventory was matched */
    struct ck_severity_counts counts;
    size_t added, fixed;            /* findings new and gone against from_scan */
    const char *not_assessed;       /* what the data could not assess, or NULL */
};
typedef void (*ck_rematch_fn)(void *ctx, const struct ck_rematch_event *ev);

struct ck_rematch_result {
    size_t images_ok, images_failed;
    size_t added, fixed;            /* over every image */
    int cancelled;
};

/* Re-matches repositories[i]:tags[i] for i < n, or, when n is 0, every image
 * of the history with a successful scan of ours. An image without one fails
 * with a sentence and the others go on. An error only when the history or
 * the data cannot be opened. */
enum ck_status ck_rematch_run(const struct ck_rematch_options *o, const char *const *repositories,
                              const char *const *tags, size_t n, ck_rematch_fn fn, void *ctx,
                              struct ck_rematch_result *result, struct ck_err *err);

#endif
