/* What the risk review adds to a report's findings: the triage decision in
 * effect (or the one that expired), what is known of the vulnerability's
 * exploitation (EPSS, CISA's KEV catalogue) and the finding's priority, the
 * order a reviewer looks at findings in (known exploited first, then the
 * EPSS score, then the severity, then whether a fix exists).
 *
 * A report is reviewed once its findings have entries (scope.h's
 * with_review does it while loading); every format then carries them. An
 * unreviewed report (review NULL) writes the review's columns and fields
 * empty, never as if nothing were decided. */
#ifndef CK_REVIEW_H
#define CK_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "store/decisions.h"
#include "store/history.h"
#include "util/status.h"

struct ck_vulndb;

struct ck_review_entry {
    const struct ck_decision *decision; /* in effect, or NULL (points into the report's decisions) */
    const struct ck_decision *expired;  /* a decision for it that ran out, or NULL */
    int open;                           /* counts against the image: no decision, or an open state */
    int has_epss;
    double epss;       /* 0..1 */
    double percentile; /* 0..1 */
    int has_kev;
    char kev_added[11]; /* YYYY-MM-DD */
    char kev_due[11];   /* "" when none */
    uint32_t priority;  /* 1: the first finding of the report to look at */
};

/* The counts a summary gives of a set of findings. */
struct ck_review_counts {
    struct ck_severity_counts open;    /* no decision in effect, or one still open */
    struct ck_severity_counts decided; /* not affected, accepted risk, false positive */
    size_t expired;                    /* open again because a decision ran out */
    size_t kev;                        /* findings of known exploited vulnerabilities */
};

/* Gives every finding of r an entry: the decisions of effective (taken:
 * left empty; the report owns them from now on) as the rules of
 * ck_triage_lookup decide on day today, and, when db is not NULL, the EPSS
 * and KEV facts of each finding's CVE; then ranks the findings. Findings
 * of failed scans have none. CK_ERR_NOMEM, or the database's error. */
enum ck_status ck_review_apply(struct ck_report *r, struct ck_decisions *effective, struct ck_vulndb *db,
                               int32_t today, struct ck_err *err);

/* The same, reading the effective decisions from the history h. */
enum ck_status ck_review_load(struct ck_report *r, struct ck_history *h, struct ck_vulndb *db, int32_t today,
                              struct ck_err *err);

/* The review of one image's findings, for a view: entries (*entries,
 * malloc'd, findings->count of them; NULL when there are no findings)
 * pointing into *decisions (initialised by the caller; filled with the
 * effective decisions for repository and today, which the caller then
 * owns). db as for ck_review_apply; priorities rank these findings only.
 * On failure nothing is left to free. */
enum ck_status ck_review_findings(struct ck_history *h, struct ck_vulndb *db, const char *repository, const char *tag,
                                  int32_t today, struct ck_history_findings *findings,
                                  struct ck_review_entry **entries, struct ck_decisions *decisions,
                                  struct ck_err *err);

/* The entry of finding k of scan s, NULL when the report is not reviewed. */
const struct ck_review_entry *ck_review_of(const struct ck_report_scan *s, size_t k);

/* What a Triage cell shows: the state in effect ("not_affected"), the
 * state of the one that ran out with " (expired)", or "" when none. */
void ck_review_triage_text(const struct ck_review_entry *e, char *out, size_t size);
/* The decision the entry's cells describe: in effect, else the expired one. */
const struct ck_decision *ck_review_decision(const struct ck_review_entry *e);

/* Counts of the findings of scan s (every finding open when unreviewed). */
void ck_review_counts_of(const struct ck_report_scan *s, struct ck_review_counts *out);
/* Sums b into a. */
void ck_review_counts_add(struct ck_review_counts *a, const struct ck_review_counts *b);

#endif
