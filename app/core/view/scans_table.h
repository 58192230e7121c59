/* The row model of an image's scans list (history view): newest first as the
 * history lists them, one row per scan with its counts, and the scale of the
 * trend chart drawn over the same scans.
 * Caller-owned: ck_scans_table_init / ck_scans_table_release; the table owns
 * the scans moved in by _take. */
#ifndef CK_SCANS_TABLE_H
#define CK_SCANS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "store/history.h"

enum ck_scol {
    CK_SCOL_SCANNED = 0, /* finish time */
    CK_SCOL_RESULT,      /* "Done" / "Failed: reason" */
    CK_SCOL_CRITICAL,
    CK_SCOL_HIGH,
    CK_SCOL_MEDIUM,
    CK_SCOL_LOW,
    CK_SCOL_NEGLIGIBLE,
    CK_SCOL_UNKNOWN,
    CK_SCOL_TOTAL,       /* vulnerable dependency paths */
    CK_SCOL_PACKAGES,
    CK_SCOL_DIGEST,
    CK_SCOL_COUNT
};

struct ck_scans_table {
    struct ck_scan_info *scans; /* newest first */
    size_t count;
};

void ck_scans_table_init(struct ck_scans_table *t);
void ck_scans_table_release(struct ck_scans_table *t);
/* Takes the array from ck_history_list_scans (freed with the table). */
void ck_scans_table_take(struct ck_scans_table *t, struct ck_scan_info *scans, size_t count);

const struct ck_scan_info *ck_scans_table_at(const struct ck_scans_table *t, size_t i);
const char *ck_scans_table_cell(const struct ck_scans_table *t, size_t i, int col, char *buf, size_t size);
const char *ck_scans_column_title(int col);
/* Severity of a count column, or -1. */
int ck_scans_column_severity(int col);

/* The trend chart's vertical scale for values up to max: *step is 1, 2 or
 * 5 times a power of ten, the smallest with at most 5 steps covering max;
 * *axis_max the multiple of *step at or above max (5 steps of 1 when max
 * is 0). */
void ck_trend_axis(size_t max, size_t *axis_max, size_t *step);

#endif
