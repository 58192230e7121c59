/* Imports of other scanners' reports into the scan history, each as a scan
 * by its own engine, so that their results sit beside ours in reports and
 * in the coverage view.
 *
 *   engine "trivy"         Trivy JSON (SchemaVersion 2): Results[].Vulnerabilities[]
 *   engine "grype"         Grype JSON (-o json): matches[]
 *   engine "docker-scout"  `docker scout cves --format sarif`: runs[].results[]
 *                          with the rules' properties; the package comes from
 *                          the result's message ("Package : pkg:..."), the
 *                          image (which the file does not name) from
 *                          options.image or the file name
 *   engine "snyk"          `docker scan --json` / `snyk container test --json`,
 *                          as the original ContainerKitty saved them: one
 *                          project or an array of projects, applications[]
 *                          folded into their image, error reports ("ok":
 *                          false, "error") imported as failed scans
 *
 * A file may hold one report or an array of reports; a folder is read file
 * by file (*.json, *.sarif), as the original's report folder. Real files
 * lack fields, carry empty results and words we do not know: a finding
 * without an identifier or a package is skipped with a warning, an unknown
 * severity is kept as Unknown with a warning, an invalid CVSS vector is
 * dropped with a warning, text is made valid UTF-8. Vendor status
 * "not_affected" (Trivy) drops the finding. Within one scan a finding is
 * kept once per (record id, package).
 *
 * Image names are normalised as the scan job does (ck_imageref_name:
 * "alpine:3.20" becomes docker.io/library/alpine, tag 3.20) when they parse
 * as image references, so an import lines up with our own scans of the
 * same image; other names (paths) are kept as written. */
#ifndef CK_IMPORT_H
#define CK_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/history.h"
#include "util/status.h"

enum ck_import_format {
    CK_IMPORT_AUTO = 0, /* recognised from the content */
    CK_IMPORT_TRIVY,
    CK_IMPORT_GRYPE,
    CK_IMPORT_SCOUT,
    CK_IMPORT_SNYK,
    CK_IMPORT_OWN       /* ContainerKitty's own per-image JSON results (docs/scan-json.md) */
};

/* The engine name a format's scans are stored under ("trivy", "grype",
 * "docker-scout", "snyk"; "auto" for CK_IMPORT_AUTO). */
const char *ck_import_format_str(enum ck_import_format f);
/* The engine names above (and "scout"); 0 and *out set, or -1. */
int ck_import_format_parse(const char *name, enum ck_import_format *out);

/* One image scan read from a report. */
struct ck_import_scan {
    char *repository;   /* normalised (see above) */
    char *tag;          /* "" when none */
    char *digest;       /* NULL when unknown */
    char *engine;
    char *os;           /* "alpine 3.10.2", NULL when unknown */
    char *error;        /* a failed scan's reason, else NULL */
    int64_t scanned_at; /* seconds since the epoch; 0 when the report has no time */
    char *source;       /* the file it came from */
    struct ck_history_findings findings;
    /* ContainerKitty's own results only (NULL otherwise): what a re-match needs */
    struct ck_inventory *inventory;
    char *image_key, *not_assessed;
};

struct ck_import_result {
    struct ck_import_scan *scans;
    size_t count;
    size_t cap;
    char **warnings; /* "trivy.json: CVE-1 in zlib: unknown severity 'SUPER', counted as Unknown" */
    size_t warning_count;
    size_t warning_cap;
};

void ck_import_result_init(struct ck_import_result *r);
void ck_import_result_release(struct ck_import_result *r);

struct ck_import_options {
    enum ck_import_format format; /* CK_IMPORT_AUTO: recognised */
    const char *image;            /* NULL, or the image every scan is of ("repo:tag") */
};

/* Upper bound of one report file. */
#define CK_IMPORT_MAX_BYTES (512u * 1024u * 1024u)
/* Warnings kept per file; the rest are counted in one last warning. */
#define CK_IMPORT_MAX_WARNINGS 50

/* Parses one report held in data (len bytes, need not be NUL-terminated);
 * name names it in messages (a file name). Appends its scans and warnings
 * to out. opts may be NULL. CK_ERR_PARSE when it is not JSON,
 * CK_ERR_UNSUPPORTED when it is no report we read (err says what it looks
 * like); on failure out is untouched. */
enum ck_status ck_import_parse(const char *data, size_t len, const char *name, const struct ck_import_options *opts,
                               struct ck_import_result *out, struct ck_err *err);

/* Reads a report file, or every report in a folder and its subfolders (as
 * runners' artifacts arrive: results/<job>/, four levels at most; links are
 * not followed). Files that are no report become warnings. */
enum ck_status ck_import_read(const char *path, const struct ck_import_options *opts, struct ck_import_result *out,
                              struct ck_err *err);

struct ck_import_stats {
    size_t stored;  /* scans written to the history */
    size_t skipped; /* already there: same image, engine and report time */
};

/* Stores every scan of res into the history, one transaction each. A scan
 * with a report time that the history already has for that image and
 * engine is skipped (importing a folder twice adds nothing); one without a
 * time is stored with the current time. */
enum ck_status ck_import_store(struct ck_history *h, const struct ck_import_result *res, struct ck_import_stats *stats,
                               struct ck_err *err);

#endif
