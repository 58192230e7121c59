/* What the importers of each format (import_<engine>.c) share, inside the
 * report module: the import being filled, the helpers that turn a finding
 * as a report writes it into a history finding, and the entry points. */
#ifndef CK_IMPORTER_H
#define CK_IMPORTER_H

#include <cjson/cJSON.h>

#include "report/import.h"
#include "util/json.h"
#include "util/buf.h"
#include "vuln/severity.h"

struct ck_importer {
    struct ck_import_result *out;
    const char *name;                    /* the source, for messages */
    const struct ck_import_options *opts;
    size_t warnings;                     /* given by this source */
};

/* Drops the scans and warnings past the given counts (a failed parse). */
void ck_import_result_truncate(struct ck_import_result *r, size_t scans, size_t warnings);
/* Appends msg (taken; NULL: out of memory) to the result's warnings. */
enum ck_status ck_import_result_warn(struct ck_import_result *r, char *msg);

/* A warning "name: message"; past CK_IMPORT_MAX_WARNINGS only counted. */
void ck_importer_warn(struct ck_importer *im, const char *fmt, ...)
    CK_PRINTF(2, 3)
    ;

/* Appends a new scan by engine of image ref (options.image wins; NULL or ""
 * ref: the source's file name); NULL when out of memory. */
struct ck_import_scan *ck_importer_scan(struct ck_importer *im, const char *engine, const char *ref);

/* When an earlier scan of im->out from the same source and engine is of
 * the same image as s (the last scan), drops s and returns that one; else
 * returns s. For formats whose reports come in parts (a project per
 * package manager). */
struct ck_import_scan *ck_importer_same_image(struct ck_importer *im, struct ck_import_scan *s);

/* A finding as a report states it; every string borrowed, any may be NULL. */
struct ck_import_finding {
    const char *record_id;
    const char *cve;
    const char *package;
    const char *source_name;
    const char *installed;
    const char *fixed;
    const char *severity;  /* the report's word; NULL or "" = unrated */
    double cvss_score;     /* < 0 when none */
    const char *cvss_vector;
    const char *title;
    const char *description;
    const char *refs;      /* one URL per line */
};

/* Checks and adds f to s (see import.h for what is skipped, kept or
 * dropped). CK_ERR_NOMEM only; a skipped finding is CK_OK. */
enum ck_status ck_importer_add(struct ck_importer *im, struct ck_import_scan *s, const struct ck_import_finding *f);

/* Appends url to the list in b (one per line) unless NULL, empty or
 * already listed. */
enum ck_status ck_importer_url(struct ck_buf *b, const char *url);
/* The same for each string of the array arr, or for member `member` of its
 * objects (member NULL: strings only). */
enum ck_status ck_importer_urls(struct ck_buf *b, const cJSON *arr, const char *member);

/* The first string of arr starting with prefix ("CVE-"), NULL when none. */
const char *ck_importer_first_with(const cJSON *arr, const char *prefix);

/* The importers: fill im->out from one report (root). CK_ERR_NOMEM, or
 * CK_ERR_PARSE with err when the report's shape is wrong at the top. */
enum ck_status ck_import_trivy(struct ck_importer *im, const cJSON *root, struct ck_err *err);
enum ck_status ck_import_grype(struct ck_importer *im, const cJSON *root, struct ck_err *err);
enum ck_status ck_import_scout(struct ck_importer *im, const cJSON *root, struct ck_err *err);
enum ck_status ck_import_snyk(struct ck_importer *im, const cJSON *root, struct ck_err *err);
enum ck_status ck_import_own(struct ck_importer *im, const cJSON *root, struct ck_err *err);

#endif
