/* The offline vulnerability database: OSV records in SQLite.
 *
 * struct ck_vulndb is heap-owned (ck_vulndb_open / ck_vulndb_close) and used
 * from one thread at a time. Imports run in ONE transaction each
 * (ck_vulndb_import_begin ... _commit); a failed or abandoned import leaves
 * the previous data exactly as it was.
 *
 * Schema (PRAGMA user_version = 3; WAL journal; foreign keys cascade):
 *   meta(key PRIMARY KEY, value)                       'import_seq', 'created_at'
 *   feeds(name PK NOCASE, source, etag, last_modified, newest_modified, newest_us,
 *         updated_at, full_at, record_count, releases, all_releases)
 *                                                      one row per OSV feed ("Debian",
 *                                                      "npm"; before the main-ecosystem
 *                                                      layout also "Debian:12"); releases:
 *                                                      the releases kept, joined by ','
 *   ecosystems(name PK NOCASE, feed, record_count, updated_at)
 *                                                      per affected[].package.ecosystem,
 *                                                      and per release a feed was asked
 *                                                      for (0 records: none affects it)
 *   records(rid PK, id UNIQUE, modified, modified_us, published, withdrawn,
 *           summary, details, distro_severity, schema_version, feed, seen,
 *           cve, severity_brief, reference_brief)   the last three repeat what a
 *           finding shows, so ck_vulndb_load_brief reads one row
 *   aliases(rid, kind 0 alias | 1 upstream | 2 related, alias)   index on alias
 *   severities(rid, aid 0 = record level, seq, type, score)
 *   refs(rid, seq, type, url)
 *   affected(aid PK, rid, ecosystem NOCASE, package, purl, distro_severity,
 *            withdrawn, spec = the ranges in compact form)
 *            covering index affected_match(ecosystem, package, withdrawn, rid,
 *            distro_severity, spec): a lookup by (ecosystem, package) reads
 *            one index range and nothing else
 *   ranges(rgid PK, aid, seq, type, repo)
 *   events(rgid, seq, kind 0 introduced | 1 fixed | 2 last_affected | 3 limit, version)
 *   versions(ecosystem, package, version, aid)   keyed in that order
 *   epss, kev, exploit_feeds                     exploit likelihood (vuln/exploitdb.h)
 * Times in updated_at / full_at are seconds since the epoch (UTC). */
#ifndef CK_VULNDB_H
#define CK_VULNDB_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"
#include "util/status.h"
#include "vuln/osv.h"

#define CK_VULNDB_SCHEMA_VERSION 3
/* Data older than this draws a warning from a scan (7 days). */
#define CK_VULNDB_DEFAULT_MAX_AGE (7 * 24 * 3600)

struct ck_vulndb;
struct ck_vulndb_import;

/* Opens (creating and migrating when needed) the database at path. The
 * folder must exist. A database written by a newer schema is refused. */
enum ck_status ck_vulndb_open(const char *path, struct ck_vulndb **out, struct ck_err *err);
void ck_vulndb_close(struct ck_vulndb *db);
const char *ck_vulndb_path(const struct ck_vulndb *db);

/* The default location: <ck_data_dir()>/vulns.db, malloc'd (NULL on failure). */
char *ck_vulndb_default_path(void);

/* ---- import ------------------------------------------------------------- */

/* done of total (0 when unknown) records handled so far. */
typedef void (*ck_vulndb_progress_fn)(void *ctx, uint64_t done, uint64_t total);

struct ck_vulndb_import_opts {
    /* The OSV feed this import comes from ("Debian:12"), or NULL for a
     * manual import. Records remember their feed. */
    const char *feed;
    /* The import holds the feed's complete record set (an all.zip): records
     * of this feed that it did not contain are removed at commit, provided
     * its records could be read (see ck_vulndb_import_commit). */
    int full;
    ck_vulndb_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    const ck_atomic_flag *cancel;   /* may be NULL; set -> CK_ERR_CANCELLED */
    /* How messages name a zip given to ck_vulndb_import_path (the URL of a
     * download kept in a temporary file); NULL: its path. */
    const char *name;
    /* Which affected entries to keep (NULL: all): called with an entry's
     * ecosystem, non-zero keeps it. A record with no entry kept is not
     * stored (counted as dropped; a held copy of it is removed, by the
     * pruning of a full import or at once by a newer version). */
    int (*keep)(void *ctx, const char *ecosystem);
    void *keep_ctx;
    /* Store records again even when the database holds the same version
     * (the entries kept have changed). */
    int restore;
};

/* A feed import (full or not) is refused at commit when none of its records
 * could be read while some failed; a full import also when it read no
 * record at all, or when more than this share (percent) of its records
 * failed: the old data is kept rather than pruned on a bad read. */
#define CK_VULNDB_MAX_FAILED_PERCENT 2

/* What an import did. warnings name records that could not be used
 * (file or zip entry, record id, what is wrong); at most
 * CK_VULNDB_MAX_WARNINGS are kept, failed counts them all. */
#define CK_VULNDB_MAX_WARNINGS 200
struct ck_vulndb_import_stats {
    size_t added;     /* new ids */
    size_t replaced;  /* ids already present with an older 'modified' */
    size_t unchanged; /* same id and 'modified' */
    size_t older;     /* the database already held a newer version */
    size_t failed;    /* records that did not parse */
    size_t removed;   /* records of the feed absent from a full import */
    size_t skipped;   /* files that are not .json (zip and folder imports) */
    size_t dropped;   /* records with no affected entry kept (opts.keep) */
    char **warnings;
    size_t warning_count;
};
void ck_vulndb_import_stats_release(struct ck_vulndb_import_stats *s);

/* HTTP validators and the like stored with a feed at commit. */
struct ck_vulndb_feed_meta {
    const char *source;        /* URL or file; NULL keeps the stored one */
    const char *etag;          /* NULL keeps the stored one */
    const char *last_modified; /* NULL keeps the stored one */
    /* The releases kept, joined by ',': stored with the feed, and each one
     * listed among the ecosystems as updated (with the records that affect
     * it, maybe none). NULL keeps the stored ones. */
    const char *releases;
    int all_releases;          /* with releases: every release was kept */
};

/* Starts a transaction. opts may be NULL (a manual import). */
enum ck_status ck_vulndb_import_begin(struct ck_vulndb *db, const struct ck_vulndb_import_opts *opts,
                                      struct ck_vulndb_import **out, struct ck_err *err);
/* Parses and stores one record. A record that does not parse is counted and
 * named in the warnings and CK_OK is returned: only database failures and
 * cancellation return an error (then abort the import). A record whose id is
 * present replaces it only when its 'modified' is newer. */
enum ck_status ck_vulndb_import_json(struct ck_vulndb_import *imp, const char *json, size_t len,
                                     const char *origin, struct ck_err *err);
enum ck_status ck_vulndb_import_record(struct ck_vulndb_import *imp, const struct ck_osv_record *rec,
                                       struct ck_err *err);
/* A zip of records (an OSV all.zip), a folder (searched recursively for
 * *.json), or one .json file. A damaged zip fails the whole import. */
enum ck_status ck_vulndb_import_path(struct ck_vulndb_import *imp, const char *path, struct ck_err *err);
/* Counts a record that could not be had (a fetch that failed, say) as
 * failed and keeps msg among the warnings. */
void ck_vulndb_import_warn(struct ck_vulndb_import *imp, const char *msg);
/* The counts so far (owned by imp). */
const struct ck_vulndb_import_stats *ck_vulndb_import_progress(const struct ck_vulndb_import *imp);
/* Finishes: prunes (full imports), updates feed and ecosystem bookkeeping,
 * commits. A full import of a main feed ("Debian") also retires the
 * release-scoped feeds of OSV's earlier layout ("Debian:12"): their rows,
 * their ecosystems' rows and the records still attributed to them (those
 * delivered again moved to the main feed). meta may be NULL. The stats move to *stats (when not NULL).
 * imp is freed in every case; on failure nothing was changed. A feed import
 * whose records could not be read (CK_VULNDB_MAX_FAILED_PERCENT) fails with
 * CK_ERR_PARSE, err saying how many failed and naming the first. */
enum ck_status ck_vulndb_import_commit(struct ck_vulndb_import *imp, const struct ck_vulndb_feed_meta *meta,
                                       struct ck_vulndb_import_stats *stats, struct ck_err *err);
/* Rolls back and frees imp (NULL is a no-op). */
void ck_vulndb_import_abort(struct ck_vulndb_import *imp);

/* One path (zip, folder, .json) in one transaction: begin, import, commit. */
enum ck_status ck_vulndb_import_file(struct ck_vulndb *db, const char *path,
                                     const struct ck_vulndb_import_opts *opts,
                                     struct ck_vulndb_import_stats *stats, struct ck_err *err);

/* Records that a feed was checked and found current (an HTTP 304): its
 * updated_at and that of its ecosystems become now. */
enum ck_status ck_vulndb_feed_touch(struct ck_vulndb *db, const char *feed, struct ck_err *err);

/* ---- status ------------------------------------------------------------- */

struct ck_vulndb_feed_info {
    char *name;
    char *source;
    char *etag;
    char *last_modified;
    char *newest_modified; /* newest record 'modified' delivered by the feed */
    int64_t updated_at;    /* 0 = never */
    int64_t full_at;       /* last full import, 0 = never */
    int64_t record_count;
    char *releases;        /* the releases kept, joined by ','; NULL: not recorded */
    int all_releases;      /* every release was kept */
};

struct ck_vulndb_ecosystem_info {
    char *name;
    char *feed;            /* feed that last delivered it, NULL for manual imports */
    int64_t record_count;  /* records with an affected entry in it */
    int64_t updated_at;
};

struct ck_vulndb_status {
    int schema_version;
    int64_t record_count;
    int64_t withdrawn_count;
    struct ck_vulndb_feed_info *feeds;
    size_t feed_count;
    struct ck_vulndb_ecosystem_info *ecosystems;
    size_t ecosystem_count;
    /* Affected entries whose ranges are all GIT (commit ranges, which are not
     * matched against package versions) and that list no versions[], and the
     * records whose every entry is such. */
    int64_t git_only_entries;
    int64_t git_only_records;
};

void ck_vulndb_feed_info_release(struct ck_vulndb_feed_info *f);
void ck_vulndb_status_release(struct ck_vulndb_status *s);
enum ck_status ck_vulndb_status_get(struct ck_vulndb *db, struct ck_vulndb_status *out, struct ck_err *err);
/* One feed's row; CK_ERR_NOTFOUND when it was never imported. */
enum ck_status ck_vulndb_feed_get(struct ck_vulndb *db, const char *name, struct ck_vulndb_feed_info *out,
                                  struct ck_err *err);

/* When the data for ecosystem (case-insensitive; NULL = any) was last
 * updated, seconds since the epoch; 0 when never. */
int64_t ck_vulndb_updated_at(struct ck_vulndb *db, const char *ecosystem);

/* When the data for ecosystem (case-insensitive) is missing or older than
 * max_age seconds (<= 0: CK_VULNDB_DEFAULT_MAX_AGE) at time now, writes a
 * sentence saying how old into msg and returns 1; else returns 0. */
int ck_vulndb_stale_warning(struct ck_vulndb *db, const char *ecosystem, int64_t max_age, int64_t now,
                            char *msg, size_t msg_size);

/* ---- reading, for matching ---------------------------------------------- */

/* Groups the reads that follow into one read transaction until
 * ck_vulndb_read_end: one consistent snapshot, and far fewer file locks
 * than a transaction per statement. Not while an import is open. */
enum ck_status ck_vulndb_read_begin(struct ck_vulndb *db, struct ck_err *err);
void ck_vulndb_read_end(struct ck_vulndb *db);

/* One affected entry found by ck_vulndb_lookup; valid during the callback. */
struct ck_vulndb_affected {
    int64_t rid;                      /* record row (ck_vulndb_load_record) */
    int64_t aid;                      /* affected row */
    const char *distro_severity;      /* NULL when none */
    const struct ck_osv_range *ranges; /* in record order, events in record order;
                                        * type_name and repo are not filled in */
    size_t range_count;
    int version_listed;               /* the asked version is in versions[] */
};

typedef enum ck_status (*ck_vulndb_affected_fn)(void *ctx, const struct ck_vulndb_affected *a);

/* Calls fn for each affected entry of (ecosystem, package) in records that
 * are not withdrawn: one prepared statement reading one range of a covering
 * index. version (may be NULL) is checked against each entry's versions[]. */
enum ck_status ck_vulndb_lookup(struct ck_vulndb *db, const char *ecosystem, const char *package,
                                const char *version, ck_vulndb_affected_fn fn, void *ctx,
                                struct ck_err *err);

/* The ecosystems in the database that extend ecosystem with ":<stream>"
 * ("Red Hat:enterprise_linux:9::baseos" for "Red Hat:enterprise_linux:9"),
 * compared case-insensitively. *names is a malloc'd array of malloc'd
 * strings (free each, then the array); none gives NULL and 0. */
enum ck_status ck_vulndb_ecosystem_streams(struct ck_vulndb *db, const char *ecosystem, char ***names,
                                           size_t *count, struct ck_err *err);

/* Loads record rid's fields into *out (released first): everything but
 * affected[] (affected_count = 0). */
enum ck_status ck_vulndb_load_record(struct ck_vulndb *db, int64_t rid, struct ck_osv_record *out,
                                     struct ck_err *err);
/* What a finding needs of record rid, in one probe: id, modified,
 * published, withdrawn, summary, details, distro_severity, the record-level
 * severities, the reference URLs (type NULL), and aliases holding only the
 * record's CVE (when it has one). */
enum ck_status ck_vulndb_load_brief(struct ck_vulndb *db, int64_t rid, struct ck_osv_record *out,
                                    struct ck_err *err);
/* The rid of record id; CK_ERR_NOTFOUND when absent. */
enum ck_status ck_vulndb_find_record(struct ck_vulndb *db, const char *id, int64_t *rid, struct ck_err *err);

#endif
