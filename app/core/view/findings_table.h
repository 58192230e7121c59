/* The row model of the findings list: the findings of one scan, or the
 * comparison of two scans (each row then marked new, fixed or unchanged),
 * sorted by any column and filtered by text, severity, fixability and
 * change. The GUI maps its virtual list view onto it: the count, the row at
 * a position, the text of a cell.
 *
 * Caller-owned: ck_findings_table_init / ck_findings_table_release. The
 * table owns its findings (moved in by _take / _take_comparison). */
#ifndef CK_FINDINGS_TABLE_H
#define CK_FINDINGS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "report/review.h"
#include "store/decisions.h"
#include "store/history.h"
#include "util/status.h"
#include "view/rowset.h"

enum ck_fcol {
    CK_FCOL_ID = 0,    /* record id */
    CK_FCOL_CVE,
    CK_FCOL_SEVERITY,  /* sorts by severity order */
    CK_FCOL_CVSS,      /* numeric; unknown scores sort last */
    CK_FCOL_TRIAGE,    /* the decision in effect, or the one that expired; sorts open first */
    CK_FCOL_KEV,       /* "Yes, due 2026-12-20" for a known exploited vulnerability */
    CK_FCOL_EPSS,      /* "12.3% (95th)"; sorts by score */
    CK_FCOL_PACKAGE,
    CK_FCOL_INSTALLED,
    CK_FCOL_FIXED,     /* "" when no fix; those sort last */
    CK_FCOL_TITLE,
    CK_FCOL_FIRST_SEEN,
    CK_FCOL_PRIORITY,  /* 1 is the finding to look at first */
    CK_FCOL_CHANGE,    /* "New", "Fixed", "Unchanged"; "" outside a comparison */
    CK_FCOL_COUNT
};

/* Bits of ck_findings_filter.severities and .changes. */
#define CK_SEV_BIT(sev) (1u << (unsigned)(sev))
#define CK_STATE_BIT(ch) (1u << (unsigned)(ch))

/* Which findings the triage choice shows. */
enum ck_ftriage {
    CK_FTRIAGE_ALL = 0,
    CK_FTRIAGE_OPEN,    /* no decision in effect, or an open one (expired ones too) */
    CK_FTRIAGE_DECIDED, /* not affected, accepted risk, false positive */
    CK_FTRIAGE_EXPIRED  /* a decision for it ran out */
};

struct ck_findings_filter {
    const char *text;    /* substring of id, CVE, package, source, versions or title; ASCII case ignored */
    unsigned severities; /* CK_SEV_BIT set of the severities to show; 0 = all */
    int fixable_only;    /* only findings with a fixed version */
    unsigned changes;    /* CK_STATE_BIT set (comparisons); 0 = all */
    enum ck_ftriage triage; /* reviewed tables */
    int kev_only;        /* only known exploited vulnerabilities */
    double epss_min;     /* only EPSS scores at least this (0..1); 0 = all */
};

struct ck_findings_table {
    struct ck_history_findings rows;
    unsigned char *change; /* per row; NULL when not a comparison */
    struct ck_rowset set;
    int sort_col;          /* -1: as loaded */
    int sort_desc;
    char *text;            /* the filter's text, lower-case; NULL = none */
    unsigned severities;
    int fixable_only;
    unsigned changes;
    enum ck_ftriage triage;
    int kev_only;
    double epss_min;
    /* Per row, the risk review's (NULL: not reviewed), pointing into decisions. */
    struct ck_review_entry *review;
    struct ck_decisions decisions;
};

void ck_findings_table_init(struct ck_findings_table *t);
void ck_findings_table_release(struct ck_findings_table *t);

/* Replaces the rows with those of *rows (moved: *rows is left empty). The
 * current sort and filter apply to the new rows. On failure the table and
 * *rows are unchanged. */
enum ck_status ck_findings_table_take(struct ck_findings_table *t, struct ck_history_findings *rows);
/* Likewise with the rows' review: entries (one per row, moved) pointing
 * into decisions (moved), as ck_review_findings gives them. */
enum ck_status ck_findings_table_take_reviewed(struct ck_findings_table *t, struct ck_history_findings *rows,
                                               struct ck_review_entry **review, struct ck_decisions *decisions);
/* Likewise with a comparison: added, fixed and unchanged findings in one
 * list (*c is left empty). */
enum ck_status ck_findings_table_take_comparison(struct ck_findings_table *t, struct ck_comparison *c);

/* Sorts by column col (CK_FCOL_*) ascending or descending; stable. */
enum ck_status ck_findings_table_sort(struct ck_findings_table *t, int col, int desc);
/* Applies a filter (NULL: none). */
enum ck_status ck_findings_table_filter(struct ck_findings_table *t, const struct ck_findings_filter *f);

/* Rows shown (after the filter) and rows held. */
size_t ck_findings_table_count(const struct ck_findings_table *t);
size_t ck_findings_table_total(const struct ck_findings_table *t);
int ck_findings_table_is_comparison(const struct ck_findings_table *t);

/* The finding shown at position i (< count). */
const struct ck_history_finding *ck_findings_table_at(const struct ck_findings_table *t, size_t i);
enum ck_finding_state ck_findings_table_change_at(const struct ck_findings_table *t, size_t i);
/* The review of the finding at i, NULL when the table is not reviewed. */
const struct ck_review_entry *ck_findings_table_review_at(const struct ck_findings_table *t, size_t i);
int ck_findings_table_is_reviewed(const struct ck_findings_table *t);
/* The row index (stable across sorting and filtering) shown at i, and back:
 * the position of a row, -1 when filtered out. */
uint32_t ck_findings_table_row_at(const struct ck_findings_table *t, size_t i);
long ck_findings_table_position(const struct ck_findings_table *t, uint32_t row);

/* The text of column col at position i: a pointer into the row or into buf
 * (CK_CELL_MAX bytes suffice). Never NULL. */
const char *ck_findings_table_cell(const struct ck_findings_table *t, size_t i, int col, char *buf, size_t size);

/* Column titles ("ID", "CVE", "Severity", ...). */
const char *ck_findings_column_title(int col);
/* "New", "Fixed", "Unchanged", "": the list's words for a state (store/history.h) */
const char *ck_findings_table_state_label(enum ck_finding_state s);

#endif
