#include "vuln/dbupdate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "sources/web.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/text.h"
/* The product's version.h (resources/), not vuln/vercmp.h beside this file. */
#include "version.h"

#define DEFAULT_CONNECT_MS 15000L
#define DEFAULT_STALL_S 60L
#define DEFAULT_MAX_INCREMENTAL 2000u
#define SMALL_TIMEOUT_MS 120000L
#define MAX_CSV_BYTES (256u << 20)

void ck_dbupdate_result_init(struct ck_dbupdate_result *r) { memset(r, 0, sizeof *r); }

void ck_dbupdate_result_release(struct ck_dbupdate_result *r)
{
    if (!r)
        return;
    ck_vulndb_import_stats_release(&r->stats);
    ck_dbupdate_result_init(r);
}

char *ck_dbupdate_url(const char *base, const char *ecosystem, const char *file)
{
    char *eco = curl_easy_escape(NULL, ecosystem, 0), *name = curl_easy_escape(NULL, file, 0), *url = NULL;
    size_t blen = strlen(base);
    struct ck_buf b;

    while (blen && base[blen - 1] == '/')
        blen--;
    ck_buf_init(&b);
    if (eco && name && ck_buf_append(&b, base, blen) == CK_OK && ck_buf_printf(&b, "/%s/%s", eco, name) == CK_OK)
        url = ck_buf_take(&b);
    ck_buf_release(&b);
    curl_free(eco);
    curl_free(name);
    return url;
}

/* ---- one HTTP GET ------------------------------------------------------- */

struct updater {
    CURL *curl;
    struct ck_vulndb *db;
    const char *feed;                  /* "Debian", "npm" */
    const struct ck_osvfeed_want *want; /* the releases kept */
    int restore;                       /* store unchanged records again: more releases are kept */
    const char *base;
    char *shown_base; /* base without any user:password, for logs, messages and the feed table */
    const struct ck_dbupdate_opts *opts;
    struct ck_dbupdate_result *res;
    char errbuf[CURL_ERROR_SIZE];
};

/* Where a response body goes, and what came with it. */
struct sink {
    struct updater *u;
    FILE *file;            /* the body to a file, or */
    struct ck_buf *buf;    /* to memory; either way at most max bytes */
    uint64_t max;
    enum ck_status failed; /* why the body was refused */
    uint64_t received;
    int report;            /* report download progress */
    char *etag;            /* of the final response */
    char *last_modified;
};

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    size_t len = size * n;
    /* counted as the bytes arrive: no Content-Length (or a false one) gets past it */
    if (s->received + len > s->max) {
        s->failed = CK_ERR_LIMIT;
        return 0;
    }
    if (s->file) {
        if (fwrite(p, 1, len, s->file) != len) {
            s->failed = CK_ERR_IO;
            return 0;
        }
    } else if (ck_buf_append(s->buf, p, len) != CK_OK) {
        s->failed = CK_ERR_NOMEM;
        return 0;
    }
    s->received += len;
    return len;
}

/* Copies the value of a "Name: value" line when Name is name (any case). */
static void take_header(const char *line, size_t len, const char *name, char **out)
{
    size_t n = strlen(name), i, end;
    if (len <= n || line[n] != ':')
        return;
    for (i = 0; i < n; i++)
        if ((line[i] | 0x20) != name[i])
            return;
    line += n + 1;
    len -= n + 1;
    while (len && (*line == ' ' || *line == '\t')) {
        line++;
        len--;
    }
    end = len;
    while (end && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' '))
        end--;
    free(*out);
    *out = ck_text_dupn(line, end);
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    size_t len = size * n;
    if (len >= 5 && !strncmp(p, "HTTP/", 5)) { /* a new response (after a redirect): forget the last */
        free(s->etag);
        free(s->last_modified);
        s->etag = s->last_modified = NULL;
    }
    take_header(p, len, "etag", &s->etag);
    take_header(p, len, "last-modified", &s->last_modified);
    return len;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    struct sink *s = ctx;
    const struct ck_dbupdate_opts *o = s->u->opts;
    (void)ultotal;
    (void)ulnow;
    if (o->cancel && ck_flag_get(o->cancel))
        return 1;
    if (s->report && o->progress && dlnow > 0)
        o->progress(o->progress_ctx, s->u->feed, CK_DBUPDATE_DOWNLOAD, (uint64_t)dlnow,
                    dltotal > 0 ? (uint64_t)dltotal : 0);
    return 0;
}

const char *ck_dbupdate_redirect_protocols(const char *url)
{
    /* a download begun over https never continues over plain http */
    return url && !strncasecmp(url, "https:", 6) ? "https" : "http,https";
}

/* url is the loggable form (no credentials). */
static enum ck_status transfer_error(struct updater *u, struct sink *s, CURLcode rc, const char *url,
                                     struct ck_err *err)
{
    const char *detail = u->errbuf[0] ? u->errbuf : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_ABORTED_BY_CALLBACK:
        return ck_err_set(err, CK_ERR_CANCELLED, "update of %s cancelled", u->feed);
    case CURLE_FILESIZE_EXCEEDED: /* the Content-Length said so before the body */
        return ck_err_set(err, CK_ERR_LIMIT, "GET %s: the answer is larger than the limit of %llu bytes; "
                          "not downloaded", url, (unsigned long long)s->max);
    case CURLE_WRITE_ERROR:
        if (s->failed == CK_ERR_LIMIT)
            return ck_err_set(err, CK_ERR_LIMIT, "GET %s: the answer is larger than the limit of %llu bytes; "
                              "the download was stopped", url, (unsigned long long)s->max);
        return ck_err_set(err, s->failed ? s->failed : CK_ERR_IO, "GET %s: cannot store the answer", url);
    case CURLE_OPERATION_TIMEDOUT:
        return ck_err_set(err, CK_ERR_TIMEOUT, "GET %s: %s", url, detail);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        return ck_err_set(err, CK_ERR_CONNECT, "GET %s: %s (after %llu bytes)", url, detail,
                          (unsigned long long)s->received);
    default:
        return ck_err_set(err, CK_ERR_PROTOCOL, "GET %s: %s", url, detail);
    }
}

/* GETs url into s; *status is the final HTTP status. headers may be NULL. */
static enum ck_status http_get(struct updater *u, const char *url, struct curl_slist *headers, long timeout_ms,
                               struct sink *s, long *status, struct ck_err *err)
{
    CURL *c = u->curl = ck_web_fresh_handle(u->curl, NULL);
    char *shown = ck_web_loggable_url(url), *shown_proxy = NULL;
    enum ck_status st = CK_OK;
    CURLcode rc;

    if (!shown || !c) {
        free(shown);
        return ck_err_set(err, CK_ERR_NOMEM, c ? "out of memory" : "cannot initialise libcurl");
    }
    s->u = u;
    u->errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, u->errbuf);
    curl_easy_setopt(c, CURLOPT_USERAGENT, CK_PRODUCT_NAME "/" CK_VERSION_STRING);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    /* libcurl 7.85 and later (Debian 12 and the mingw build: 7.88.1) */
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, ck_dbupdate_redirect_protocols(url));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    /* Schannel (Windows): a revocation server out of reach behind a proxy
     * does not fail the download; a certificate found revoked still does.
     * Other TLS back ends ignore the option. */
    curl_easy_setopt(c, CURLOPT_SSL_OPTIONS, (long)CURLSSLOPT_REVOKE_BEST_EFFORT);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, u->opts->connect_timeout_ms ? u->opts->connect_timeout_ms
                                                                               : DEFAULT_CONNECT_MS);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, u->opts->stall_timeout_s ? u->opts->stall_timeout_s : DEFAULT_STALL_S);
    if (timeout_ms)
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    /* No CURLOPT_ACCEPT_ENCODING: a compressed answer would be inflated past
     * the cap, which counts the bytes as they come. */
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
    shown_proxy = ck_web_use_proxy(c, url);
    ck_log(CK_LOG_DEBUG, "GET %s%s%s", shown, shown_proxy ? " via " : "", shown_proxy ? shown_proxy : "");
    rc = curl_easy_perform(c);
    free(shown_proxy);
    u->res->bytes += s->received;
    if (rc != CURLE_OK)
        st = transfer_error(u, s, rc, shown, err);
    else
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    free(shown);
    return st;
}

static enum ck_status http_status_error(long status, const char *url, struct ck_err *err)
{
    char *shown = ck_web_loggable_url(url);
    enum ck_status st = ck_err_set(err, CK_ERR_HTTP, "GET %s: the server answered HTTP %ld%s", shown ? shown : "",
                                   status, status == 404 ? " (not found: is the ecosystem's name right?)" : "");
    free(shown);
    return st;
}

static void sink_release(struct sink *s)
{
    free(s->etag);
    free(s->last_modified);
    s->etag = s->last_modified = NULL;
}

/* ---- the full download -------------------------------------------------- */

static void on_import_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct updater *u = ctx;
    if (u->opts->progress)
        u->opts->progress(u->opts->progress_ctx, u->feed, CK_DBUPDATE_IMPORT, done, total);
}

static int keep_entry(void *ctx, const char *ecosystem) { return ck_osvfeed_keeps(ctx, ecosystem); }

/* Imports the downloaded all.zip as the feed's complete record set; url is
 * the loggable form, stored as the feed's source and naming the records in
 * messages. A zip whose records cannot be read is refused by the commit. */
static enum ck_status import_zip(struct updater *u, const char *path, const char *url, const struct sink *s,
                                 struct ck_err *err)
{
    struct ck_vulndb_import_opts io = {u->feed, 1, on_import_progress, u, u->opts->cancel, url,
                                       u->want->all ? NULL : keep_entry, (void *)u->want, u->restore};
    /* "" clears a validator the server no longer sends. */
    struct ck_vulndb_feed_meta meta = {url, s->etag ? s->etag : "", s->last_modified ? s->last_modified : "",
                                       NULL, u->want->all};
    struct ck_vulndb_import *imp = NULL;
    char *releases = ck_osvfeed_releases_text(u->want);
    enum ck_status st = releases ? ck_vulndb_import_begin(u->db, &io, &imp, err)
                                 : ck_err_set(err, CK_ERR_NOMEM, "out of memory");

    meta.releases = releases;
    if (st != CK_OK) {
        free(releases);
        return st;
    }
    if ((st = ck_vulndb_import_path(imp, path, err)) != CK_OK)
        ck_vulndb_import_abort(imp);
    else
        st = ck_vulndb_import_commit(imp, &meta, &u->res->stats, err);
    if (st == CK_OK)
        u->res->outcome = CK_DBUPDATE_FULL;
    free(releases);
    return st;
}

static struct curl_slist *conditional_headers(const struct ck_vulndb_feed_info *feed)
{
    struct curl_slist *h = NULL, *next;
    struct ck_buf b;
    ck_buf_init(&b);
    if (feed && feed->etag && *feed->etag && ck_buf_printf(&b, "If-None-Match: %s", feed->etag) == CK_OK) {
        if ((next = curl_slist_append(h, ck_buf_str(&b))) != NULL)
            h = next;
    }
    ck_buf_reset(&b);
    if (feed && feed->last_modified && *feed->last_modified &&
        ck_buf_printf(&b, "If-Modified-Since: %s", feed->last_modified) == CK_OK) {
        if ((next = curl_slist_append(h, ck_buf_str(&b))) != NULL)
            h = next;
    }
    ck_buf_release(&b);
    return h;
}

/* GETs all.zip (conditionally when feed is given) into a file beside the
 * database and imports it. *not_modified is set on a 304. */
static enum ck_status full_update(struct updater *u, const struct ck_vulndb_feed_info *feed, int *not_modified,
                                  struct ck_err *err)
{
    char *url = ck_dbupdate_url(u->base, u->feed, "all.zip"), *tmp = NULL;
    char *shown = ck_dbupdate_url(u->shown_base, u->feed, "all.zip");
    struct curl_slist *headers = conditional_headers(feed);
    struct sink s;
    long status = 0;
    enum ck_status st;

    memset(&s, 0, sizeof s);
    s.max = u->opts->max_download_bytes ? u->opts->max_download_bytes : CK_DBUPDATE_MAX_DOWNLOAD;
    *not_modified = 0;
    if (!url || !shown || !(tmp = malloc(strlen(ck_vulndb_path(u->db)) + 16))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    sprintf(tmp, "%s.all.zip.part", ck_vulndb_path(u->db));
    if (!(s.file = ck_fopen(tmp, "wb"))) {
        st = ck_err_set(err, CK_ERR_IO, "cannot create %s", tmp);
        goto cleanup;
    }
    s.report = 1;
    ck_log(CK_LOG_INFO, "%s: downloading %s", u->feed, shown);
    st = http_get(u, url, headers, 0, &s, &status, err);
    if (fclose(s.file) != 0 && st == CK_OK)
        st = ck_err_set(err, CK_ERR_IO, "cannot write %s", tmp);
    s.file = NULL;
    if (st != CK_OK)
        goto cleanup;
    if (status == 304) {
        *not_modified = 1;
    } else if (status != 200) {
        st = http_status_error(status, url, err);
    } else {
        ck_log(CK_LOG_INFO, "%s: importing %llu bytes", u->feed, (unsigned long long)s.received);
        st = import_zip(u, tmp, shown, &s, err);
    }
cleanup:
    if (s.file)
        fclose(s.file);
    if (tmp)
        ck_remove(tmp); /* a partial download never stays behind */
    sink_release(&s);
    curl_slist_free_all(headers);
    free(tmp);
    free(url);
    free(shown);
    return st;
}

/* ---- one file, for other feeds ----------------------------------------- */

void ck_dbupdate_download_release(struct ck_dbupdate_download *d)
{
    if (!d)
        return;
    free(d->etag);
    free(d->last_modified);
    memset(d, 0, sizeof *d);
}

/* The GET of ck_dbupdate_download, once libcurl is set up. */
static enum ck_status download_to(struct updater *u, const char *url, const struct ck_vulndb_feed_info *cond,
                                  const char *path, uint64_t max, struct ck_dbupdate_download *out,
                                  struct ck_err *err)
{
    struct curl_slist *headers = conditional_headers(cond);
    struct sink s;
    long status = 0;
    enum ck_status st;

    memset(&s, 0, sizeof s);
    s.max = max ? max : CK_DBUPDATE_MAX_DOWNLOAD;
    s.report = 1;
    if (!(s.file = ck_fopen(path, "wb"))) {
        curl_slist_free_all(headers);
        return ck_err_set(err, CK_ERR_IO, "cannot create %s", path);
    }
    st = http_get(u, url, headers, 0, &s, &status, err);
    if (fclose(s.file) != 0 && st == CK_OK)
        st = ck_err_set(err, CK_ERR_IO, "cannot write %s", path);
    if (st == CK_OK && status != 200 && status != 304)
        st = http_status_error(status, url, err);
    if (st == CK_OK) {
        out->not_modified = status == 304;
        out->bytes = s.received;
        out->etag = s.etag;
        out->last_modified = s.last_modified;
        s.etag = s.last_modified = NULL;
    }
    sink_release(&s);
    curl_slist_free_all(headers);
    return st;
}

enum ck_status ck_dbupdate_download(const char *url, const char *label, const char *etag, const char *last_modified,
                                    const char *path, uint64_t max, const struct ck_dbupdate_opts *opts,
                                    struct ck_dbupdate_download *out, struct ck_err *err)
{
    static const struct ck_dbupdate_opts no_opts;
    struct ck_vulndb_feed_info cond;
    struct ck_dbupdate_download d;
    struct ck_dbupdate_result r;
    struct updater u;
    enum ck_status st;

    if (!url || !label || !path || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_dbupdate_download: no URL");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "cannot initialise libcurl");
    memset(&u, 0, sizeof u);
    memset(&cond, 0, sizeof cond);
    memset(&d, 0, sizeof d);
    ck_dbupdate_result_init(&r);
    u.feed = label;
    u.opts = opts ? opts : &no_opts;
    u.res = &r;
    /* the validators only: conditional_headers reads nothing else */
    cond.etag = (char *)etag;
    cond.last_modified = (char *)last_modified;
    st = download_to(&u, url, &cond, path, max, &d, err);
    if (st == CK_OK) {
        ck_dbupdate_download_release(out);
        *out = d;
    } else {
        ck_remove(path); /* a partial download never stays behind */
    }
    if (u.curl)
        curl_easy_cleanup(u.curl);
    curl_global_cleanup();
    return st;
}

/* ---- the incremental update --------------------------------------------- */

/* Fetches each record and imports them all in one transaction. */
static enum ck_status fetch_records(struct updater *u, const struct ck_osvfeed_ids *ids, struct ck_err *err)
{
    struct ck_vulndb_import_opts io = {u->feed, 0, NULL, NULL, u->opts->cancel, NULL,
                                       u->want->all ? NULL : keep_entry, (void *)u->want, 0};
    struct ck_vulndb_import *imp = NULL;
    struct ck_buf body;
    enum ck_status st = ck_vulndb_import_begin(u->db, &io, &imp, err);
    size_t i;

    if (st != CK_OK)
        return st;
    ck_buf_init(&body);
    for (i = 0; i < ids->count && st == CK_OK; i++) {
        char *file = malloc(strlen(ids->ids[i]) + 6), *url = NULL, *shown = NULL;
        struct sink s;
        long status = 0;
        memset(&s, 0, sizeof s);
        if (file) {
            sprintf(file, "%s.json", ids->ids[i]);
            url = ck_dbupdate_url(u->base, u->feed, file);
            shown = ck_dbupdate_url(u->shown_base, u->feed, file);
        }
        free(file);
        if (!url || !shown) {
            free(url);
            free(shown);
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
        ck_buf_reset(&body);
        s.buf = &body;
        s.max = CK_OSV_MAX_RECORD_BYTES;
        st = http_get(u, url, NULL, SMALL_TIMEOUT_MS, &s, &status, err);
        if (st == CK_OK && status == 200) {
            st = ck_vulndb_import_json(imp, ck_buf_str(&body), body.len, shown, err);
        } else if (st == CK_OK || st == CK_ERR_LIMIT) {
            /* A record listed but not served (or absurdly large) is skipped
             * like a malformed one. */
            char msg[CK_ERR_MSG_MAX];
            if (st == CK_OK)
                snprintf(msg, sizeof msg, "GET %s: the server answered HTTP %ld", shown, status);
            else
                snprintf(msg, sizeof msg, "%s", err->msg);
            ck_vulndb_import_warn(imp, msg);
            st = CK_OK;
        }
        sink_release(&s);
        free(url);
        free(shown);
        u->res->fetched++;
        if (u->opts->progress)
            u->opts->progress(u->opts->progress_ctx, u->feed, CK_DBUPDATE_FETCH, i + 1, ids->count);
    }
    ck_buf_release(&body);
    if (st != CK_OK) {
        ck_vulndb_import_abort(imp);
        return st;
    }
    st = ck_vulndb_import_commit(imp, NULL, &u->res->stats, err);
    if (st == CK_OK)
        u->res->outcome = CK_DBUPDATE_INCREMENTAL;
    return st;
}

/* After a 304: the records modified_id.csv lists as newer than ours.
 * *too_many is set when a full download is the better way. */
static enum ck_status incremental_update(struct updater *u, const struct ck_vulndb_feed_info *feed, int *too_many,
                                         struct ck_err *err)
{
    size_t max = u->opts->max_incremental ? u->opts->max_incremental : DEFAULT_MAX_INCREMENTAL;
    char *url = ck_dbupdate_url(u->base, u->feed, "modified_id.csv");
    struct ck_osvfeed_ids ids = {NULL, 0, 0};
    struct ck_buf csv;
    struct sink s;
    int64_t newest_us = 0;
    long status = 0;
    enum ck_status st;

    *too_many = 0;
    ck_buf_init(&csv);
    memset(&s, 0, sizeof s);
    if (!url) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    s.buf = &csv;
    s.max = MAX_CSV_BYTES;
    if ((st = http_get(u, url, NULL, SMALL_TIMEOUT_MS, &s, &status, err)) != CK_OK)
        goto cleanup;
    if (status == 404) { /* no change list: all.zip was current, that is all we know */
        u->res->outcome = CK_DBUPDATE_CURRENT;
        st = ck_vulndb_feed_touch(u->db, u->feed, err);
        goto cleanup;
    }
    if (status != 200) {
        st = http_status_error(status, url, err);
        goto cleanup;
    }
    if (feed->newest_modified && ck_text_parse_time(feed->newest_modified, &newest_us) != 0)
        newest_us = 0;
    if ((st = ck_osvfeed_newer_ids(ck_buf_str(&csv), csv.len, newest_us, max, &ids)) != CK_OK) {
        ck_err_set(err, st, "out of memory");
        goto cleanup;
    }
    if (ids.count > max) {
        *too_many = 1;
    } else if (!ids.count) {
        u->res->outcome = CK_DBUPDATE_CURRENT;
        st = ck_vulndb_feed_touch(u->db, u->feed, err);
    } else {
        ck_log(CK_LOG_INFO, "%s: %llu records changed since %s", u->feed, (unsigned long long)ids.count,
               feed->newest_modified ? feed->newest_modified : "the last update");
        st = fetch_records(u, &ids, err);
    }
cleanup:
    ck_osvfeed_ids_release(&ids);
    sink_release(&s);
    ck_buf_release(&csv);
    free(url);
    return st;
}

/* ---- one feed ---------------------------------------------------------------- */

/* Adds each release of a list joined by ','. */
static enum ck_status add_releases(struct ck_osvfeed_want *w, const char *list)
{
    enum ck_status st = CK_OK;
    while (list && *list && st == CK_OK) {
        size_t n = strcspn(list, ",");
        char *one = ck_text_dupn(list, n);
        st = !one ? CK_ERR_NOMEM : *one ? ck_osvfeed_add_release(w, one) : CK_OK;
        free(one);
        list += n + (list[n] == ',');
    }
    return st;
}

/* What this update keeps: want, every release when all, and what the feed
 * kept before (an update never drops a release kept earlier). *grew: the feed was imported keeping less, so all.zip must be
 * read whole again even when unchanged. */
static enum ck_status effective_want(const struct ck_osvfeed_want *want, int all,
                                     const struct ck_vulndb_feed_info *feed, struct ck_osvfeed_want *eff,
                                     int *grew)
{
    struct ck_osvfeed_want before;
    enum ck_status st = CK_OK;
    size_t i;

    memset(eff, 0, sizeof *eff);
    memset(&before, 0, sizeof before);
    *grew = 0;
    if (!(eff->feed = ck_text_dup(want->feed)))
        return CK_ERR_NOMEM;
    /* every release, as asked or as kept before (a feed row of the earlier
     * layout, with no releases recorded, kept everything) */
    eff->all = want->all || all || (feed && feed->full_at > 0 && (feed->all_releases || !feed->releases));
    for (i = 0; i < want->release_count && st == CK_OK; i++)
        st = ck_osvfeed_add_release(eff, want->releases[i]);
    if (st == CK_OK && feed)
        st = add_releases(eff, feed->releases);
    if (st == CK_OK && feed && feed->full_at > 0 && feed->releases && !feed->all_releases) {
        st = add_releases(&before, feed->releases);
        *grew = eff->all;
        for (i = 0; i < eff->release_count && !*grew; i++)
            *grew = !ck_osvfeed_has_release(&before, eff->releases[i]);
    }
    ck_osvfeed_want_release(&before);
    if (st != CK_OK)
        ck_osvfeed_want_release(eff);
    return st;
}

static void log_kept(const struct ck_osvfeed_want *w)
{
    char *list = ck_osvfeed_releases_text(w);
    if (w->all)
        ck_log(CK_LOG_INFO, "%s: keeping every release", w->feed);
    else
        ck_log(CK_LOG_INFO, "%s: keeping %s", w->feed, list && *list ? list : "no release");
    free(list);
}

/* The update proper, once the feed's row and the releases are known. */
static enum ck_status update_feed(struct updater *u, const struct ck_vulndb_feed_info *feed, int have_feed,
                                  struct ck_err *err)
{
    int not_modified = 0, too_many = 0;
    enum ck_status st;

    if (u->restore)
        ck_log(CK_LOG_INFO, "%s: more releases are kept than before: reading all.zip whole", u->feed);
    st = full_update(u, have_feed && !u->restore ? feed : NULL, &not_modified, err);
    if (st == CK_OK && not_modified) {
        ck_log(CK_LOG_INFO, "%s: all.zip unchanged (HTTP 304)", u->feed);
        st = incremental_update(u, feed, &too_many, err);
        if (st == CK_OK && too_many) {
            ck_log(CK_LOG_INFO, "%s: many records changed: downloading all.zip again", u->feed);
            st = full_update(u, NULL, &not_modified, err);
        }
    }
    return st;
}

enum ck_status ck_dbupdate_feed(struct ck_vulndb *db, const struct ck_osvfeed_want *want,
                                const struct ck_dbupdate_opts *opts, struct ck_dbupdate_result *res,
                                struct ck_err *err)
{
    static const struct ck_dbupdate_opts no_opts;
    struct ck_dbupdate_result r;
    struct ck_vulndb_feed_info feed;
    struct ck_osvfeed_want eff;
    struct updater u;
    int have_row;
    enum ck_status st;

    if (!db || !want || !want->feed || !*want->feed || strchr(want->feed, ':') || !res)
        return ck_err_set(err, CK_ERR_ARG, "ck_dbupdate_feed: no feed");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "cannot initialise libcurl");
    memset(&u, 0, sizeof u);
    memset(&feed, 0, sizeof feed);
    memset(&eff, 0, sizeof eff);
    ck_dbupdate_result_init(&r);
    u.db = db;
    u.feed = want->feed;
    u.opts = opts ? opts : &no_opts;
    u.base = u.opts->base_url ? u.opts->base_url : CK_DBUPDATE_DEFAULT_BASE;
    u.shown_base = ck_web_loggable_url(u.base);
    u.res = &r;
    if (!u.shown_base) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    st = ck_vulndb_feed_get(db, want->feed, &feed, err);
    if (st != CK_OK && st != CK_ERR_NOTFOUND)
        goto cleanup;
    have_row = st == CK_OK;
    if ((st = effective_want(want, u.opts->all_releases, have_row ? &feed : NULL, &eff, &u.restore)) != CK_OK) {
        ck_err_set(err, st, "out of memory");
        goto cleanup;
    }
    u.want = &eff;
    log_kept(&eff);
    st = update_feed(&u, &feed, have_row && feed.full_at > 0, err);
cleanup:
    if (st == CK_OK) {
        ck_dbupdate_result_release(res);
        *res = r;
    } else {
        ck_dbupdate_result_release(&r);
    }
    ck_osvfeed_want_release(&eff);
    ck_vulndb_feed_info_release(&feed);
    free(u.shown_base);
    if (u.curl)
        curl_easy_cleanup(u.curl);
    curl_global_cleanup();
    return st;
}

enum ck_status ck_dbupdate_ecosystem(struct ck_vulndb *db, const char *ecosystem, const struct ck_dbupdate_opts *opts,
                                     struct ck_dbupdate_result *res, struct ck_err *err)
{
    struct ck_osvfeed_plan plan;
    enum ck_status st;

    if (!db || !ecosystem || !*ecosystem || !res)
        return ck_err_set(err, CK_ERR_ARG, "ck_dbupdate_ecosystem: no ecosystem");
    ck_osvfeed_plan_init(&plan);
    st = ck_osvfeed_plan_add(&plan, ecosystem);
    if (st == CK_OK && plan.count != 1)
        st = ck_err_set(err, CK_ERR_ARG, "'%s' names no OSV ecosystem", ecosystem);
    else if (st != CK_OK)
        ck_err_set(err, st, "out of memory");
    else
        st = ck_dbupdate_feed(db, &plan.feeds[0], opts, res, err);
    ck_osvfeed_plan_release(&plan);
    return st;
}
