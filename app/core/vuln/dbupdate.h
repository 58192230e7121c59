/* Online update of the vulnerability database from OSV's bucket
 * (https://osv-vulnerabilities.storage.googleapis.com by default), one main
 * ecosystem ("feed", see vuln/osvfeed.h) at a time:
 *
 *   <base>/<feed>/all.zip          every record of the feed
 *   <base>/<feed>/modified_id.csv  "<RFC 3339 modified>,<id>" lines, newest first
 *   <base>/<feed>/<id>.json        one record
 *
 * (the feed is one URL path segment, percent-encoded: "Red Hat" ->
 * "Red%20Hat"). OSV has no release-scoped folders ("Debian:12") any more:
 * a release is kept by filtering the feed's records as they are imported,
 * keeping the affected entries of the releases wanted (a record with none
 * is not stored). The releases kept are stored with the feed; a later
 * update keeps them too, and one that keeps more reads all.zip whole again.
 *
 * The first update of a feed downloads all.zip into a temporary file beside
 * the database and imports it in one transaction, reading one record at a
 * time from the zip (its central directory and one record in memory, never
 * the whole archive).
 * Later updates ask for all.zip conditionally (If-None-Match /
 * If-Modified-Since from the stored ETag / Last-Modified): a new all.zip is
 * imported whole; 304 Not Modified is followed by the records that
 * modified_id.csv lists as newer than the newest one held, fetched one by
 * one and imported in one transaction. A transfer that fails or is cut off
 * leaves the database as it was, and so does a full download whose records
 * cannot be read (ck_vulndb_import_commit): the old data is never pruned
 * on a bad or partial read.
 *
 * Downloads: at most max_download_bytes, counted as the bytes arrive (no
 * compressed transfer encoding is asked for or inflated); a redirect from
 * https never goes to plain http. URLs are logged and stored without any
 * user:password part.
 *
 * Proxies: libcurl's environment variables (http_proxy, HTTPS_PROXY,
 * NO_PROXY); without them, on Windows, the per-user system proxy. */
#ifndef CK_DBUPDATE_H
#define CK_DBUPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"
#include "util/status.h"
#include "vuln/osvfeed.h"
#include "vuln/vulndb.h"

#define CK_DBUPDATE_DEFAULT_BASE "https://osv-vulnerabilities.storage.googleapis.com"
/* The largest all.zip taken (8 GiB; OSV's largest, Debian's, is far below):
 * a mirror that sends more is cut off, not allowed to fill the disk. */
#ifndef CK_DBUPDATE_MAX_DOWNLOAD
#define CK_DBUPDATE_MAX_DOWNLOAD ((uint64_t)8 << 30)
#endif

enum ck_dbupdate_phase {
    CK_DBUPDATE_DOWNLOAD = 0, /* all.zip: done/total bytes (total 0 when unknown) */
    CK_DBUPDATE_IMPORT,       /* records imported: done/total */
    CK_DBUPDATE_FETCH         /* changed records fetched one by one: done/total */
};

typedef void (*ck_dbupdate_progress_fn)(void *ctx, const char *ecosystem, enum ck_dbupdate_phase phase,
                                        uint64_t done, uint64_t total);

struct ck_dbupdate_opts {
    const char *base_url;            /* NULL: CK_DBUPDATE_DEFAULT_BASE */
    ck_dbupdate_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    const ck_atomic_flag *cancel;    /* may be NULL */
    long connect_timeout_ms;         /* 0: 15 s */
    long stall_timeout_s;            /* a transfer slower than 1 byte/s this long fails; 0: 60 s */
    size_t max_incremental;          /* more changed records than this: download all.zip; 0: 2000 */
    uint64_t max_download_bytes;     /* a larger all.zip fails with CK_ERR_LIMIT; 0: CK_DBUPDATE_MAX_DOWNLOAD */
    int all_releases;                /* keep every release of each feed */
};

enum ck_dbupdate_outcome {
    CK_DBUPDATE_FULL = 0,    /* all.zip downloaded and imported */
    CK_DBUPDATE_CURRENT,     /* nothing changed since the last update */
    CK_DBUPDATE_INCREMENTAL  /* changed records fetched one by one */
};

struct ck_dbupdate_result {
    enum ck_dbupdate_outcome outcome;
    uint64_t bytes;                      /* bytes downloaded */
    size_t fetched;                      /* records fetched one by one */
    struct ck_vulndb_import_stats stats; /* what the import did */
};

void ck_dbupdate_result_init(struct ck_dbupdate_result *r);
void ck_dbupdate_result_release(struct ck_dbupdate_result *r);

/* Brings one feed up to date (want->feed: "Debian", "npm"; no ':'),
 * keeping the releases of want, every release when want->all or
 * opts->all_releases, and the releases the feed kept before.
 * *res (initialised by the caller) is filled on success. Errors:
 * CK_ERR_CONNECT / CK_ERR_TIMEOUT (err naming the URL), CK_ERR_HTTP (the
 * status, e.g. 404 for an ecosystem OSV does not publish), CK_ERR_PARSE (a
 * damaged all.zip, or one whose records could not be read: err says how
 * many), CK_ERR_LIMIT (all.zip larger than the limit), CK_ERR_CANCELLED,
 * CK_ERR_DB; the data is then as before. */
enum ck_status ck_dbupdate_feed(struct ck_vulndb *db, const struct ck_osvfeed_want *want,
                                const struct ck_dbupdate_opts *opts, struct ck_dbupdate_result *res,
                                struct ck_err *err);

/* The same for one ecosystem name: "Debian:12" updates feed Debian keeping
 * release Debian:12, "Debian" keeps all of Debian's releases, "npm" the npm
 * feed. */
enum ck_status ck_dbupdate_ecosystem(struct ck_vulndb *db, const char *ecosystem, const struct ck_dbupdate_opts *opts,
                                     struct ck_dbupdate_result *res, struct ck_err *err);

/* One file of another feed (EPSS, KEV) fetched the same way: a GET of url
 * into the file at path (created or replaced; removed when the GET fails),
 * conditional on etag / last_modified (either may be NULL or ""), at most
 * max bytes (0: CK_DBUPDATE_MAX_DOWNLOAD). label names the feed in progress
 * reports (CK_DBUPDATE_DOWNLOAD). opts->base_url is not used. *out (zeroed
 * by the caller) on success: not_modified on a 304 (path then holds
 * nothing), else the answer's validators. Errors as ck_dbupdate_feed's. */
struct ck_dbupdate_download {
    int not_modified;
    uint64_t bytes;
    char *etag;          /* malloc'd, NULL when not sent */
    char *last_modified;
};
void ck_dbupdate_download_release(struct ck_dbupdate_download *d);
enum ck_status ck_dbupdate_download(const char *url, const char *label, const char *etag, const char *last_modified,
                                    const char *path, uint64_t max, const struct ck_dbupdate_opts *opts,
                                    struct ck_dbupdate_download *out, struct ck_err *err);

/* The protocols a redirect from url may go to: "https" when url is https,
 * else "http,https" (for CURLOPT_REDIR_PROTOCOLS_STR). Static. */
const char *ck_dbupdate_redirect_protocols(const char *url);

/* The URL of file ("all.zip", "modified_id.csv", "<id>.json") of a feed
 * ("Debian", taken as it is) under base (a trailing '/' on base is ignored), malloc'd. */
char *ck_dbupdate_url(const char *base, const char *ecosystem, const char *file);

#endif
