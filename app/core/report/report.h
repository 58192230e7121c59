/* The data a report is written from: a set of scans, each with its findings
 * (most severe first), optionally its packages and the state of each finding
 * against an earlier scan. Every report format (CSV presets, text summary,
 * HTML, SARIF, CycloneDX) takes a struct ck_report and writes it; none of
 * them reads the history itself. scope.h fills a report from the history;
 * tests build one in memory.
 *
 * struct ck_report is caller-owned (ck_report_init / ck_report_release) and
 * owns everything in it. */
#ifndef CK_REPORT_H
#define CK_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"
#include "store/decisions.h"
#include "store/history.h"
#include "util/status.h"

struct ck_review_entry;

/* A finding's state against the scan it was compared with. */
struct ck_report_scan {
    struct ck_scan_info info;
    struct ck_history_findings findings;
    /* Per finding (enum ck_finding_state), NULL when not compared. */
    unsigned char *states;
    /* The id of the scan it was compared with, 0 when none. */
    int64_t compared_with;
    /* Findings of the earlier scan that this one no longer has. */
    struct ck_history_findings fixed;
    /* The scan's packages; count 0 when unknown (imports, failed scans). */
    struct ck_inventory packages;
    /* Per finding, the risk review's (review.h); NULL when not reviewed. */
    struct ck_review_entry *review;
};

struct ck_report {
    struct ck_report_scan *scans;
    size_t count;
    size_t cap;
    int64_t generated_at; /* seconds since the epoch, UTC; set by init to now */
    /* The decisions the review entries point into (review.h). */
    struct ck_decisions decisions;
    int reviewed;         /* ck_review_apply gave the findings entries */
    int has_exploit_data; /* the entries carry EPSS and KEV facts */
};

void ck_report_init(struct ck_report *r);
void ck_report_release(struct ck_report *r);

/* Appends a scan, taking what *info, *findings and *packages (may be NULL)
 * hold: they are left empty (initialised) on success and untouched on
 * failure. The new scan is r->scans[r->count - 1]. */
enum ck_status ck_report_take_scan(struct ck_report *r, struct ck_scan_info *info,
                                   struct ck_history_findings *findings, struct ck_inventory *packages);

/* Compares scan s with the findings of an earlier scan (id base_id) on a
 * finding's identity (record id, package): fills s->states with new /
 * unchanged and s->fixed with copies of the findings only base has. */
enum ck_status ck_report_compare(struct ck_report_scan *s, const struct ck_history_findings *base, int64_t base_id);

/* Sorts the scans by repository, tag, engine, then newest first. */
void ck_report_sort(struct ck_report *r);

/* Helpers shared by the formats. */

/* "ubuntu:xenial-20210429", "path/to/folder" (no tag), malloc'd. */
char *ck_report_image_name(const struct ck_scan_info *s);
/* Splits an image name as the history stores it: an image reference is
 * normalised as the scan job does (ck_imageref_name, so "alpine:3.20" gives
 * docker.io/library/alpine and 3.20, a name without tag gets "latest");
 * anything else (a path) is split by hand at a ':' after the last '/'
 * (tag "" when none) and an '@' (digest). *repo and *tag malloc'd, *digest
 * malloc'd or NULL; all untouched on failure (CK_ERR_NOMEM). */
enum ck_status ck_report_parse_image(const char *ref, char **repo, char **tag, char **digest);
/* The first line of a finding's refs (heap copy), NULL when none. */
char *ck_report_first_ref(const struct ck_history_finding *f);
/* The identifier people know a finding by: its CVE, else its record id. */
const char *ck_report_finding_id(const struct ck_history_finding *f);
/* Counts of the findings of all scans, into out (unique: summed per scan). */
void ck_report_totals(const struct ck_report *r, struct ck_severity_counts *out);
/* Writes text (len bytes) to a new file at path, replacing it. */
enum ck_status ck_report_save(const char *path, const char *text, size_t len, struct ck_err *err);

#endif
