/* The row model of the images list: every image the history knows, with its
 * latest scan, the change since the scan before, and what the running job is
 * doing with it. Sorted by any column, filtered by text. The GUI maps its
 * virtual list view onto it.
 *
 * Caller-owned: ck_images_table_init / ck_images_table_release. Rows are
 * addressed by a row index (stable until the next _load / _add) or by a
 * position in the sorted, filtered view. */
#ifndef CK_IMAGES_TABLE_H
#define CK_IMAGES_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "store/history.h"
#include "util/status.h"
#include "view/rowset.h"

enum ck_icol {
    CK_ICOL_REPOSITORY = 0,
    CK_ICOL_TAG,
    CK_ICOL_SCANNED,    /* time of the latest scan */
    CK_ICOL_DIGEST,     /* 12 hex digits */
    CK_ICOL_CRITICAL,   /* count with the change since the previous scan: "12 (+3)" */
    CK_ICOL_HIGH,
    CK_ICOL_MEDIUM,
    CK_ICOL_LOW,
    CK_ICOL_NEGLIGIBLE,
    CK_ICOL_UNKNOWN,
    CK_ICOL_UNMANAGED,  /* unmanaged executables and libraries of the latest scan; "" when
                           it did not read the whole filesystem */
    CK_ICOL_STATE,      /* "Never scanned", "Queued", "Scanning: pulling", "Done", "Failed: <reason>",
                           "Not assessed: no vulnerability data for npm" */
    CK_ICOL_COUNT
};

enum ck_image_state {
    CK_IMAGE_NEVER = 0,
    CK_IMAGE_QUEUED,
    CK_IMAGE_SCANNING,
    CK_IMAGE_DONE,
    CK_IMAGE_FAILED,
    CK_IMAGE_NOT_ASSESSED /* scanned, but a part had no vulnerability data: never shown as clean */
};

struct ck_images_row {
    char *repository;
    char *tag;
    int64_t image_id;
    int has_scan;
    int64_t scan_id;     /* latest scan */
    int64_t scanned_at;  /* its finish time */
    char *digest;
    struct ck_severity_counts counts;
    int has_previous;
    struct ck_severity_counts previous;
    /* Of counts, the findings a triage decision decides: the count columns
     * show the open ones (counts less these); the change since the
     * previous scan stays that of every finding found. */
    struct ck_severity_counts decided;
    int walked;          /* the latest scan read the whole filesystem: unmanaged is known */
    size_t unmanaged;    /* its unmanaged executables and libraries */
    enum ck_image_state state;
    char *detail;        /* the step while scanning, the reason when failed, what was not
                            assessed; may be NULL */
};

struct ck_images_table {
    struct ck_images_row *rows;
    size_t count, cap;
    struct ck_rowset set;
    int sort_col; /* -1: as loaded (repository, tag) */
    int sort_desc;
    char *text;   /* filter, lower-case; NULL = none */
};

void ck_images_table_init(struct ck_images_table *t);
void ck_images_table_release(struct ck_images_table *t);

/* Replaces the rows with copies of the history's rows. Rows that were queued
 * or scanning and are still present keep that state (a job runs while the
 * list is reloaded). Sort and filter stay. */
enum ck_status ck_images_table_load(struct ck_images_table *t, const struct ck_image_row *rows, size_t n);

/* The row index of repository:tag, or -1. */
long ck_images_table_find(const struct ck_images_table *t, const char *repository, const char *tag);
/* Adds a never-scanned row unless present; *row (may be NULL) gets its index. */
enum ck_status ck_images_table_add(struct ck_images_table *t, const char *repository, const char *tag, long *row);

/* The job's view of a row: state and detail (copied; NULL clears). */
enum ck_status ck_images_table_set_state(struct ck_images_table *t, size_t row, enum ck_image_state state,
                                         const char *detail);
/* A scan finished well: its counts become the latest, the former latest the
 * previous. digest may be NULL (kept); not_assessed (may be NULL) says
 * what it could not assess. Its unmanaged count is not known until the
 * rows are loaded again (the cell is empty meanwhile). */
enum ck_status ck_images_table_scan_done(struct ck_images_table *t, size_t row, int64_t scan_id, int64_t when,
                                         const char *digest, const struct ck_severity_counts *counts,
                                         const char *not_assessed);
/* The decided findings of the rows' latest scans (ck_decisions_decided_counts
 * over the same n history rows): each row of the table that is one of them
 * gets its decided counts, the others none. Sort and filter are applied again. */
void ck_images_table_set_decided(struct ck_images_table *t, const struct ck_image_row *rows,
                                 const struct ck_severity_counts *decided, size_t n);
/* What a count cell's tip says of row position i: "2 decided findings not
 * counted: 1 High, 1 Low", or "" when none is decided. */
const char *ck_images_table_decided_text(const struct ck_images_table *t, size_t i, char *buf, size_t size);

/* Rows whose latest scan could not assess everything. */
size_t ck_images_table_unassessed(const struct ck_images_table *t);

enum ck_status ck_images_table_sort(struct ck_images_table *t, int col, int desc);
/* Keeps rows whose repository, tag, digest or state text contains text
 * (ASCII case ignored); NULL or "" shows all. */
enum ck_status ck_images_table_filter(struct ck_images_table *t, const char *text);
/* Re-applies sort and filter after rows changed (state, counts). */
enum ck_status ck_images_table_refresh(struct ck_images_table *t);

size_t ck_images_table_count(const struct ck_images_table *t);
size_t ck_images_table_total(const struct ck_images_table *t);
const struct ck_images_row *ck_images_table_at(const struct ck_images_table *t, size_t i);
const struct ck_images_row *ck_images_table_row(const struct ck_images_table *t, size_t row);
uint32_t ck_images_table_row_at(const struct ck_images_table *t, size_t i);
long ck_images_table_position(const struct ck_images_table *t, uint32_t row);

/* The text of column col at position i, into buf or pointing into the row;
 * buf of CK_CELL_MAX bytes suffices except for the state, which may be
 * longer and is cut to size. Never NULL. */
const char *ck_images_table_cell(const struct ck_images_table *t, size_t i, int col, char *buf, size_t size);
const char *ck_images_column_title(int col);
/* Severity shown by a count column (CK_ICOL_CRITICAL .. CK_ICOL_UNKNOWN), or -1. */
int ck_images_column_severity(int col);

#endif
