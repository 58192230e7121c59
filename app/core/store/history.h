/* The scan history: every scan of every image, in SQLite.
 *
 * %LOCALAPPDATA%\ContainerKitty\history.db on Windows,
 * $XDG_DATA_HOME/containerkitty/history.db elsewhere. WAL journal; one
 * transaction per image scan, so a failed or cancelled scan leaves nothing
 * half written. struct ck_history is heap-owned (ck_history_open / _close)
 * and used from one thread at a time (open one per thread).
 *
 * Schema (PRAGMA user_version = CK_HISTORY_SCHEMA_VERSION, migrations in
 * history.c):
 *   images(id PK, repository, tag, UNIQUE(repository, tag))
 *   scans(id PK, image_id, digest, engine, started_at, finished_at, ok, error,
 *         os, ecosystem, data_age, package_count, finding_count, unique_count,
 *         n_unknown, n_negligible, n_low, n_medium, n_high, n_critical, ...,
 *         kind ("scan" or "rematch"), note)
 *   packages(scan_id, name, version, source_name, source_version, arch, type)
 *   findings(id PK, scan_id, record_id, cve, package, source_name, installed,
 *            fixed, severity, cvss_score, cvss_vector, title, description,
 *            refs, ecosystem, kind, locations)   index findings_scan(scan_id)
 *   decisions(id PK, vuln_id, package, scope, repository, tag, state, justification,
 *             note, owner, expires, decided_by, decided_at)   (store/decisions.h)
 *   (and the walk's columns and tables: see the migrations)
 * A finding's identity across scans is (record_id, package). */
#ifndef CK_HISTORY_H
#define CK_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"
#include "util/status.h"
#include "vuln/severity.h"

#define CK_HISTORY_SCHEMA_VERSION 7

/* What a scan row is: an image read and matched, or a stored inventory
 * matched again against newer data (ckitty rematch). */
#define CK_SCAN_KIND_SCAN "scan"
#define CK_SCAN_KIND_REMATCH "rematch"

struct ck_history;

/* One finding as stored. All strings heap copies owned by the row (may be
 * NULL where unknown: cve, fixed, cvss_vector, description, refs). */
struct ck_history_finding {
    char *record_id;      /* OSV id (DSA-..., CVE-..., ALPINE-...) or the importing engine's id */
    char *cve;            /* CVE alias */
    char *package;        /* binary package name */
    char *source_name;    /* source package the record is keyed by */
    char *installed;      /* installed version */
    char *fixed;          /* fixed version, NULL = no fix yet */
    enum ck_severity severity;
    double cvss_score;    /* < 0 when unknown */
    char *cvss_vector;
    char *title;
    char *description;
    char *refs;           /* reference URLs, one per line */
    char *ecosystem;      /* the ecosystem whose record it is ("Debian:12", "npm"), or NULL (older scans) */
    int kind;             /* enum ck_finding_kind: 0 a vulnerability, 1 a malicious package */
    char *locations;      /* application packages: where in the image, one path per line; NULL for OS packages */
    int64_t first_seen;   /* filled by ck_history_load_findings: the first scan time of this image with it */
};

struct ck_history_findings {
    struct ck_history_finding *items;
    size_t count;
    size_t cap;
};

void ck_history_findings_init(struct ck_history_findings *f);
void ck_history_findings_release(struct ck_history_findings *f);
/* Vulnerable dependency paths of a finding: its locations, at least one. */
size_t ck_history_finding_paths(const struct ck_history_finding *f);
/* Appends a deep copy of src. */
enum ck_status ck_history_findings_add(struct ck_history_findings *f, const struct ck_history_finding *src);
void ck_history_finding_release(struct ck_history_finding *f);

/* Counts by severity, as a summary and per scan. */
struct ck_severity_counts {
    size_t by_severity[CK_SEV_COUNT]; /* indexed by enum ck_severity */
    size_t findings;                  /* vulnerable dependency paths: (record, package, location) */
    size_t unique;                    /* distinct record ids */
};

/* What a finished image scan hands to the store. */
struct ck_scan_input {
    const char *repository;  /* "registry.example.com/dev/example-image", or the archive/folder path */
    const char *tag;         /* "4.2.0"; "" for archives and folders without one */
    const char *digest;      /* may be NULL */
    const char *engine;      /* "containerkitty" for our own scans, else the importing engine's name */
    int64_t started_at;
    int64_t finished_at;
    const char *error;       /* NULL for a successful scan, else why it failed */
    int64_t data_age;        /* age of the vulnerability data in seconds, -1 unknown */
    const struct ck_inventory *inventory;         /* may be NULL (failed scans, imports) */
    const struct ck_history_findings *findings;   /* may be NULL (failed scans) */
    const char *image_key;   /* the image ID (config digest) the inventory belongs to; may be NULL */
    int64_t inventory_from;  /* when the inventory was reused: when it was read; 0 = read by this scan */
    const char *not_assessed; /* what could not be assessed ("npm: no vulnerability data"), NULL: all was */
    const char *kind;        /* CK_SCAN_KIND_*; NULL: a scan */
    const char *note;        /* what the scan should be read with (the local copy scanned: the pull failed), or NULL */
    int64_t inventory_scan;  /* re-matches: the scan whose stored inventory was matched; its packages are
                                not stored again (the loads below follow it); 0 = the inventory is stored */
};

/* One scan as listed. */
struct ck_scan_info {
    int64_t id;
    int64_t image_id;
    char *repository;
    char *tag;
    char *digest;
    char *engine;
    int64_t started_at;
    int64_t finished_at;
    int ok;
    char *error;
    char *os;
    char *ecosystem;
    int64_t data_age;
    size_t package_count;
    struct ck_severity_counts counts;
    char *image_key;           /* the image ID, or NULL */
    int walked;                /* the whole filesystem was read */
    int64_t inventory_from;    /* the inventory was reused, read at this time; 0 = read by this scan */
    size_t app_count;          /* application packages */
    size_t unmanaged_binaries; /* unmanaged executables and libraries */
    char *not_assessed;        /* NULL when everything was assessed, else what was not (see ck_scan_input) */
    char *kind;                /* CK_SCAN_KIND_* */
    char *note;                /* see ck_scan_input, or NULL */
};

void ck_scan_info_release(struct ck_scan_info *s);
void ck_scan_infos_free(struct ck_scan_info *s, size_t count);

/* One image with its latest scan (of engine "containerkitty" unless asked) and
 * the counts of the scan before it, for the "change since" columns. */
struct ck_image_row {
    int64_t image_id;
    char *repository;
    char *tag;
    int has_scan;               /* 0: never scanned */
    struct ck_scan_info latest; /* valid when has_scan */
    int has_previous;
    struct ck_severity_counts previous;
};

void ck_image_rows_free(struct ck_image_row *rows, size_t count);

/* Where a finding stands when two scans of an image are compared; the one
 * vocabulary of reports, exports and the findings list. */
enum ck_finding_state {
    CK_STATE_NONE = 0,  /* not compared (no earlier scan) */
    CK_STATE_NEW,       /* not in the earlier scan */
    CK_STATE_FIXED,     /* in the earlier scan only */
    CK_STATE_UNCHANGED  /* in both */
};

/* "", "new", "fixed", "unchanged" (as exports write it). */
const char *ck_finding_state_str(enum ck_finding_state s);

/* A comparison of two scans: findings only in "to" (new), only in "from"
 * (fixed), in both (unchanged, as in "to"). */
struct ck_comparison {
    struct ck_history_findings added;
    struct ck_history_findings fixed;
    struct ck_history_findings unchanged;
};

void ck_comparison_release(struct ck_comparison *c);

/* The default path (see above), malloc'd; NULL when no data folder. */
char *ck_history_default_path(void);

enum ck_status ck_history_open(const char *path, struct ck_history **out, struct ck_err *err);
void ck_history_close(struct ck_history *h);

/* Stores one image scan in one transaction; *scan_id (may be NULL) gets its id. */
enum ck_status ck_history_store_scan(struct ck_history *h, const struct ck_scan_input *in, int64_t *scan_id,
                                     struct ck_err *err);

/* Makes sure an image row exists (a list loaded but not yet scanned). */
enum ck_status ck_history_add_image(struct ck_history *h, const char *repository, const char *tag,
                                    int64_t *image_id, struct ck_err *err);

/* Every image, sorted by repository then tag. engine NULL = "containerkitty". */
enum ck_status ck_history_list_images(struct ck_history *h, const char *engine, struct ck_image_row **rows,
                                      size_t *count, struct ck_err *err);

/* Scans, newest first. repository NULL = every image; tag NULL = every tag of
 * the repository. */
enum ck_status ck_history_list_scans(struct ck_history *h, const char *repository, const char *tag,
                                     struct ck_scan_info **scans, size_t *count, struct ck_err *err);

enum ck_status ck_history_get_scan(struct ck_history *h, int64_t scan_id, struct ck_scan_info *out,
                                   struct ck_err *err);

/* The latest successful scan of repository:tag by engine (NULL = ours);
 * CK_ERR_NOTFOUND when there is none. */
enum ck_status ck_history_latest_scan(struct ck_history *h, const char *repository, const char *tag,
                                      const char *engine, int64_t *scan_id, struct ck_err *err);

/* The scan's findings, most severe first, each with first_seen. */
enum ck_status ck_history_load_findings(struct ck_history *h, int64_t scan_id, struct ck_history_findings *out,
                                        struct ck_err *err);

/* The scan's packages appended to inv (inv initialised by the caller), with
 * application packages and unmanaged software when the scan had them. */
enum ck_status ck_history_load_packages(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv,
                                        struct ck_err *err);

/* The latest successful scan whose whole-filesystem inventory of image_key
 * (an image ID) was read completely: *scan_id and *read_at (when that
 * inventory was read, which a reuse keeps). CK_ERR_NOTFOUND when none. */
enum ck_status ck_history_find_inventory(struct ck_history *h, const char *image_key, int64_t *scan_id,
                                         int64_t *read_at, struct ck_err *err);
/* The inventory a scan stored, for reuse: its OS, packages (application
 * packages with locations and owners) and unmanaged software. inv must be
 * initialised and empty. */
enum ck_status ck_history_load_inventory(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv,
                                         struct ck_err *err);

/* The scan whose rows hold scan_id's inventory: scan_id itself, or the scan
 * a re-match matched. */
int64_t ck_history_inventory_scan(struct ck_history *h, int64_t scan_id);

/* Compares scan "from" with scan "to", on (record_id, package). */
enum ck_status ck_history_compare(struct ck_history *h, int64_t from_scan, int64_t to_scan,
                                  struct ck_comparison *out, struct ck_err *err);

/* How many findings of to_scan are not in from_scan (added) and the other
 * way round (fixed), on (record_id, package), as ck_history_compare counts
 * them but without loading the findings. */
enum ck_status ck_history_count_changes(struct ck_history *h, int64_t from_scan, int64_t to_scan, size_t *added,
                                        size_t *fixed, struct ck_err *err);

/* Severity counts of a findings set. */
void ck_severity_counts_of(const struct ck_history_findings *f, struct ck_severity_counts *out);

#endif
