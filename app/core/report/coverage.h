/* Coverage of one image by two engines (ours and an imported scanner, or
 * two imported ones): which findings only engine A reports, which only B,
 * which both, from the latest successful scan of each engine for the image.
 *
 * Two findings are the same when their identifier (the CVE, else the record
 * id) is equal and they name the same package; failing that, the same
 * identifier where one's package is the other's source package (engines
 * name Debian packages by binary or by source: libssl3 / openssl). Each
 * finding is paired at most once. */
#ifndef CK_COVERAGE_H
#define CK_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "report/csv.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/status.h"

struct ck_coverage_row {
    const struct ck_history_finding *a; /* NULL: only B has it */
    const struct ck_history_finding *b; /* NULL: only A has it */
};

struct ck_coverage {
    char *engine_a;
    char *engine_b;
    char *repository;
    char *tag;
    int64_t scan_a; /* the scans compared, 0 when the engine has none */
    int64_t scan_b;
    int64_t time_a;
    int64_t time_b;
    struct ck_history_findings a;
    struct ck_history_findings b;
    struct ck_coverage_row *rows; /* sorted by identifier and package */
    size_t count;
    size_t only_a;
    size_t only_b;
    size_t both;
};

void ck_coverage_init(struct ck_coverage *c);
void ck_coverage_release(struct ck_coverage *c);

/* Compares the two sets, taking what *a and *b hold (left empty); c's
 * engine and image fields are the caller's to set. */
enum ck_status ck_coverage_compute(struct ck_coverage *c, struct ck_history_findings *a,
                                   struct ck_history_findings *b);

/* The coverage of image (as given to scan or import: "alpine:3.20", a
 * path) by engines a and b from the history into out (initialised). At
 * least one engine must have scanned the image (CK_ERR_NOTFOUND names both
 * otherwise). */
enum ck_status ck_coverage_load(struct ck_history *h, const char *image, const char *engine_a, const char *engine_b,
                                struct ck_coverage *out, struct ck_err *err);

/* A text table (the counts, then a row per finding). */
enum ck_status ck_coverage_text(const struct ck_coverage *c, struct ck_buf *out);
/* The rows as CSV: Id, Package, Installed, Found by, then for each engine
 * its record id, severity and fixed version. */
enum ck_status ck_coverage_csv(const struct ck_coverage *c, struct ck_csv *w);

#endif
