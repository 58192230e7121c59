/* Which scans a report covers, read from the scan history into a struct
 * ck_report:
 *   CK_SCOPE_SCAN     one scan (by id);
 *   CK_SCOPE_LATEST   the latest successful scan of every image, per engine
 *                     (or of one engine);
 *   CK_SCOPE_COMPARE  scan "to" compared with scan "from": every finding of
 *                     "to" marked new or unchanged, and the findings "from"
 *                     had that "to" no longer has listed as fixed.
 * With compare_previous, SCAN and LATEST compare each scan with the scan of
 * the same image by the same engine before it (when there is one), so that
 * a report says what is new since last time. With with_review, the findings
 * carry the triage decisions in effect today and, from exploit_db, what is
 * known of their exploitation (review.h). */
#ifndef CK_SCOPE_H
#define CK_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "store/history.h"
#include "util/status.h"

struct ck_vulndb;

enum ck_scope_kind { CK_SCOPE_LATEST = 0, CK_SCOPE_SCAN, CK_SCOPE_COMPARE };

struct ck_scope {
    enum ck_scope_kind kind;
    int64_t scan_id;      /* SCAN: the scan; COMPARE: "to" */
    int64_t from_id;      /* COMPARE: "from" */
    const char *engine;   /* LATEST: NULL = every engine */
    int with_packages;    /* also load each scan's packages */
    int compare_previous; /* see above */
    int with_review;      /* give the findings their review entries (review.h): decisions in effect today */
    struct ck_vulndb *exploit_db; /* with_review: EPSS and KEV from this database (NULL: none) */
};

/* Fills out (initialised, empty) with the scope's scans, sorted by image.
 * On failure out is untouched; CK_ERR_NOTFOUND names a missing scan. */
enum ck_status ck_scope_load(struct ck_history *h, const struct ck_scope *scope, struct ck_report *out,
                             struct ck_err *err);

/* Fills out with the given scans (failed ones included, without findings),
 * in the order given: what a job's summary lists. Of opts only
 * with_packages and compare_previous count (opts NULL: neither). */
enum ck_status ck_scope_load_scans(struct ck_history *h, const int64_t *scan_ids, size_t count,
                                   const struct ck_scope *opts, struct ck_report *out, struct ck_err *err);

#endif
