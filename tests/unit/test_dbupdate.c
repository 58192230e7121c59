/* Tests of the update: OSV bucket URLs, the choice of a proxy from Windows'
 * proxy and bypass lists, the redirect protocols; and downloads from a
 * scripted bucket on 127.0.0.1 (loopback_server.h): the size cap, no
 * compressed transfer asked for, credentials of the base URL kept out of
 * logs, messages and the feed table, and a full download whose records do
 * not parse leaving the data as it was; the main-ecosystem layout: a release
 * asked for ("Debian:12") downloads its feed (Debian/all.zip) keeping only
 * the releases wanted, a release added later reads the feed whole again,
 * the feeds of the earlier release-scoped layout are retired, and db status
 * counts the records with only GIT ranges. The whole command runs end to
 * end in tests/tools/dbupdate_e2e.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "vulndb_fixture.h"
#include "loopback_server.h"
#include "util/buf.h"
#include "util/log.h"
#include "vuln/dbupdate.h"
#include "zip_build.h"

static void check_url(const char *base, const char *eco, const char *file, const char *want)
{
    char *url = ck_dbupdate_url(base, eco, file);
    CK_CHECK_STR(url, want);
    free(url);
}

static void test_bucket_urls(void)
{
    check_url(CK_DBUPDATE_DEFAULT_BASE, "Debian", "all.zip",
              "https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip");
    check_url("http://127.0.0.1:8080/", "crates.io", "modified_id.csv",
              "http://127.0.0.1:8080/crates.io/modified_id.csv");
    check_url("http://mirror.example/osv//", "Alpine", "ALPINE-CVE-2024-5535.json",
              "http://mirror.example/osv/Alpine/ALPINE-CVE-2024-5535.json");
    check_url("http://m", "Red Hat", "RHSA-2024:0001.json", "http://m/Red%20Hat/RHSA-2024%3A0001.json");
}

static void test_redirect_protocols(void)
{
    CK_CHECK_STR(ck_dbupdate_redirect_protocols(CK_DBUPDATE_DEFAULT_BASE "/Debian/all.zip"), "https");
    CK_CHECK_STR(ck_dbupdate_redirect_protocols("HTTPS://mirror.example/x"), "https");
    CK_CHECK_STR(ck_dbupdate_redirect_protocols("http://127.0.0.1:8080/x"), "http,https");
}

/* ---- against a scripted bucket ------------------------------------------ */

static const char db_path[] = "test_dbupdate.tmp.db";

enum body_form { LENGTH, CLOSE_DELIMITED };

struct bucket {
    struct zb zip;       /* what all.zip holds */
    enum body_form form; /* how it is sent */
    size_t pad;          /* bytes of padding sent after the zip */
};

static char *bucket_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    struct bucket *b = ctx;
    size_t body = b->zip.len + b->pad;
    char top[160], *out;
    int h;
    (void)n;
    if (strncmp(head, "GET /Debian/all.zip ", 20) != 0)
        return lb_text(404, NULL, "no such file", len);
    if (b->form == LENGTH)
        h = snprintf(top, sizeof top, "HTTP/1.1 200 OK\r\nContent-Length: %lu\r\nConnection: close\r\n\r\n",
                     (unsigned long)body);
    else /* the body ends where the connection does */
        h = snprintf(top, sizeof top, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
    if (h < 0 || !(out = malloc((size_t)h + body)))
        return NULL;
    memcpy(out, top, (size_t)h);
    memcpy(out + h, b->zip.data, b->zip.len);
    memset(out + h + b->zip.len, 'x', b->pad);
    *len = (size_t)h + body;
    return out;
}

/* all.zip of count records (malformed ones when bad). */
static void bucket_fill(struct bucket *b, size_t count, int bad)
{
    size_t i;
    free(b->zip.data);
    memset(&b->zip, 0, sizeof b->zip);
    for (i = 0; i < count; i++) {
        char id[32], pkg[32], name[48], *rec;
        snprintf(id, sizeof id, "DEBIAN-CVE-2024-%04u", (unsigned)i);
        snprintf(pkg, sizeof pkg, "pkg%u", (unsigned)i);
        snprintf(name, sizeof name, "%s.json", id);
        rec = bad ? NULL : zb_osv_record(id, "2024-06-01T00:00:00Z", pkg);
        zb_add(&b->zip, name, rec ? rec : "{\"id\":", rec ? strlen(rec) : 6);
        free(rec);
    }
    zb_finish(&b->zip);
}

static enum ck_status update(struct ck_vulndb *db, const char *base, uint64_t cap, struct ck_err *err)
{
    struct ck_dbupdate_opts o;
    struct ck_dbupdate_result r;
    enum ck_status st;
    memset(&o, 0, sizeof o);
    o.base_url = base;
    o.max_download_bytes = cap;
    o.connect_timeout_ms = 5000;
    ck_dbupdate_result_init(&r);
    st = ck_dbupdate_ecosystem(db, "Debian:12", &o, &r, err);
    ck_dbupdate_result_release(&r);
    return st;
}

static void test_download_cap(void)
{
    struct bucket b;
    struct lb_server s;
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_err err;
    char base[64], part[256];

    CK_REQUIRE(db != NULL);
    memset(&b, 0, sizeof b);
    bucket_fill(&b, 3, 0);
    CK_REQUIRE(lb_start(&s, bucket_respond, &b) == 0);
    lb_url(&s, "", base, sizeof base);
    CK_CHECK_INT(update(db, base, 0, &err), CK_OK); /* the default cap */
    CK_CHECK_INT(ck_test_vulndb_records(db), 3);
    /* no compressed transfer: it would be inflated past the count */
    CK_CHECK(!lb_seen_header(&s, "accept-encoding"));

    bucket_fill(&b, 4, 0);
    b.pad = 60000;
    /* announced by Content-Length: refused before the body */
    CK_CHECK_INT(update(db, base, 20000, &err), CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "20000 bytes") != NULL);
    /* no length: stopped as the bytes come */
    b.form = CLOSE_DELIMITED;
    CK_CHECK_INT(update(db, base, 20000, &err), CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "larger than the limit") != NULL);
    CK_CHECK_INT(ck_test_vulndb_records(db), 3);
    snprintf(part, sizeof part, "%s.all.zip.part", db_path);
    CK_CHECK(!ck_file_exists(part));
    /* within the cap (even to the byte), the same answer is taken: the zip
     * reader looks for its end record past trailing bytes */
    CK_CHECK_INT(update(db, base, (uint64_t)(b.zip.len + b.pad), &err), CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 4);
    lb_stop(&s);
    free(b.zip.data);
    ck_vulndb_close(db);
}

static int secret_logged;

static void watch_log(void *ctx, enum ck_log_level level, const char *line)
{
    (void)ctx, (void)level;
    if (strstr(line, "mirror-Secret"))
        secret_logged++;
}

/* A base URL with user:password: used for the transfer, never shown. */
static void test_base_url_credentials(void)
{
    struct bucket b;
    struct lb_server s;
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_feed_info f;
    struct ck_err err;
    char base[96];
    enum ck_log_level level = ck_log_get_level();

    CK_REQUIRE(db != NULL);
    memset(&b, 0, sizeof b);
    memset(&f, 0, sizeof f);
    bucket_fill(&b, 2, 0);
    CK_REQUIRE(lb_start(&s, bucket_respond, &b) == 0);
    snprintf(base, sizeof base, "http://mirror-user:mirror-Secret@127.0.0.1:%u/", s.port);
    secret_logged = 0;
    ck_log_set_level(CK_LOG_DEBUG);
    ck_log_set_sink(watch_log, NULL);
    CK_CHECK_INT(update(db, base, 0, &err), CK_OK);
    CK_CHECK(lb_seen(&s, "Authorization: Basic ")); /* the mirror gets them */
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian", &f, &err) == CK_OK);
    CK_CHECK(f.source && !strstr(f.source, "mirror-Secret") && !strstr(f.source, "mirror-user"));
    CK_CHECK(f.source && strstr(f.source, "/Debian/all.zip") != NULL);
    /* nor in a failure's message */
    snprintf(base, sizeof base, "http://mirror-user:mirror-Secret@127.0.0.1:%u/nothing-here", s.port);
    CK_CHECK_INT(update(db, base, 0, &err), CK_ERR_HTTP);
    CK_CHECK(strstr(err.msg, "404") && !strstr(err.msg, "mirror-Secret"));
    CK_CHECK_INT(secret_logged, 0);
    ck_log_set_sink(NULL, NULL);
    ck_log_set_level(level);
    lb_stop(&s);
    free(b.zip.data);
    ck_vulndb_feed_info_release(&f);
    ck_vulndb_close(db);
}

/* A full download whose records do not parse: refused, nothing pruned. */
static void test_bad_records_keep_data(void)
{
    struct bucket b;
    struct lb_server s;
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_err err;
    char base[64];

    CK_REQUIRE(db != NULL);
    memset(&b, 0, sizeof b);
    bucket_fill(&b, 5, 0);
    CK_REQUIRE(lb_start(&s, bucket_respond, &b) == 0);
    lb_url(&s, "", base, sizeof base);
    CK_CHECK_INT(update(db, base, 0, &err), CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 5);
    bucket_fill(&b, 5, 1);
    CK_CHECK_INT(update(db, base, 0, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "5 of the 5 records") != NULL);
    CK_CHECK(strstr(err.msg, "all.zip:DEBIAN-CVE-2024-0000.json") != NULL);
    CK_CHECK_INT(ck_test_vulndb_records(db), 5);
    lb_stop(&s);
    free(b.zip.data);
    ck_vulndb_close(db);
}

/* ---- releases kept out of a main feed ------------------------------------- */

/* A record affecting the releases named (comma-separated), or with one
 * GIT range only when git. */
static char *release_record(const char *id, const char *modified, const char *releases, int git)
{
    struct ck_buf b;
    const char *r = releases;
    ck_buf_init(&b);
    ck_buf_printf(&b, "{\"schema_version\":\"1.6.0\",\"id\":\"%s\",\"modified\":\"%s\",\"affected\":[", id,
                  modified);
    while (*r) {
        size_t n = strcspn(r, ",");
        ck_buf_printf(&b, "%s{\"package\":{\"ecosystem\":\"%.*s\",\"name\":\"pkg\"},\"ranges\":[", r == releases ? "" : ",",
                      (int)n, r);
        if (git)
            ck_buf_puts(&b, "{\"type\":\"GIT\",\"repo\":\"https://git.example/x\",\"events\":"
                            "[{\"introduced\":\"0\"},{\"fixed\":\"abc123\"}]}]}");
        else
            ck_buf_puts(&b, "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-1\"}]}]}");
        r += n + (r[n] == ',');
    }
    ck_buf_puts(&b, "]}");
    return ck_buf_take(&b);
}

static void bucket_add(struct bucket *b, const char *id, const char *releases, int git)
{
    char name[64], *rec = release_record(id, "2024-06-01T00:00:00Z", releases, git);
    snprintf(name, sizeof name, "%s.json", id);
    zb_add(&b->zip, name, rec ? rec : "", rec ? strlen(rec) : 0);
    free(rec);
}

static enum ck_status update_eco(struct ck_vulndb *db, const char *base, const char *eco,
                                 struct ck_dbupdate_result *r, struct ck_err *err)
{
    struct ck_dbupdate_opts o;
    memset(&o, 0, sizeof o);
    o.base_url = base;
    o.connect_timeout_ms = 5000;
    ck_dbupdate_result_release(r);
    return ck_dbupdate_ecosystem(db, eco, &o, r, err);
}

/* The ecosystem's row: its record count, -1 when it is not listed. */
static int64_t eco_records(struct ck_vulndb *db, const char *name)
{
    struct ck_vulndb_status s;
    struct ck_err err;
    int64_t n = -1;
    size_t i;
    memset(&s, 0, sizeof s);
    if (ck_vulndb_status_get(db, &s, &err) == CK_OK)
        for (i = 0; i < s.ecosystem_count; i++)
            if (!strcmp(s.ecosystems[i].name, name))
                n = s.ecosystems[i].record_count;
    ck_vulndb_status_release(&s);
    return n;
}

static void test_releases_kept(void)
{
    struct bucket b;
    struct lb_server s;
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_dbupdate_result r;
    struct ck_vulndb_feed_info f;
    struct ck_err err;
    char base[64];

    CK_REQUIRE(db != NULL);
    memset(&b, 0, sizeof b);
    memset(&f, 0, sizeof f);
    ck_dbupdate_result_init(&r);
    bucket_add(&b, "DEBIAN-CVE-2024-0001", "Debian:10", 0);
    bucket_add(&b, "DEBIAN-CVE-2024-0002", "Debian:10,Debian:12", 0);
    bucket_add(&b, "DEBIAN-CVE-2024-0003", "Debian:12,Debian:13", 0);
    bucket_add(&b, "DEBIAN-CVE-2024-0004", "Debian:13", 0);
    zb_finish(&b.zip);
    CK_REQUIRE(lb_start(&s, bucket_respond, &b) == 0);
    lb_url(&s, "", base, sizeof base);

    /* Debian:12 out of Debian/all.zip: two records, only their Debian:12 entries */
    CK_CHECK_INT(update_eco(db, base, "Debian:12", &r, &err), CK_OK);
    CK_CHECK_INT(r.outcome, CK_DBUPDATE_FULL);
    CK_CHECK_INT(r.stats.added, 2);
    CK_CHECK_INT(r.stats.dropped, 2);
    CK_CHECK_INT(ck_test_vulndb_records(db), 2);
    CK_CHECK_INT(eco_records(db, "Debian:12"), 2);
    CK_CHECK_INT(eco_records(db, "Debian:10"), -1);
    CK_CHECK_INT(eco_records(db, "Debian:13"), -1);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian", &f, &err) == CK_OK);
    CK_CHECK_STR(f.releases, "Debian:12");
    CK_CHECK_INT(f.all_releases, 0);
    CK_CHECK_INT(ck_vulndb_feed_get(db, "Debian:12", &f, &err), CK_ERR_NOTFOUND);

    /* Debian:13 as well: the same all.zip read whole again, Debian:12 kept */
    CK_CHECK_INT(update_eco(db, base, "Debian:13", &r, &err), CK_OK);
    CK_CHECK_INT(r.stats.added, 1);     /* DEBIAN-CVE-2024-0004 */
    CK_CHECK_INT(r.stats.unchanged, 2); /* stored again with their Debian:13 entries */
    CK_CHECK_INT(ck_test_vulndb_records(db), 3);
    CK_CHECK_INT(eco_records(db, "Debian:12"), 2);
    CK_CHECK_INT(eco_records(db, "Debian:13"), 2);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian", &f, &err) == CK_OK);
    CK_CHECK_STR(f.releases, "Debian:13,Debian:12");

    /* a release no record affects is listed as current, with none */
    CK_CHECK_INT(update_eco(db, base, "Debian:14", &r, &err), CK_OK);
    CK_CHECK_INT(eco_records(db, "Debian:14"), 0);
    CK_CHECK(ck_vulndb_updated_at(db, "Debian:14") > 0);

    /* every release */
    CK_CHECK_INT(update_eco(db, base, "Debian", &r, &err), CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 4);
    CK_CHECK_INT(eco_records(db, "Debian:10"), 2);
    ck_dbupdate_result_release(&r);
    ck_vulndb_feed_info_release(&f);
    lb_stop(&s);
    free(b.zip.data);
    ck_vulndb_close(db);
}

/* A database filled from the earlier release-scoped layout: its feed
 * "Debian:12" is retired by the first update of feed Debian, the records
 * delivered again move to it, the others go. */
static void test_scoped_feed_retired(void)
{
    static const char old_zip[] = "test_dbupdate.tmp.old.zip";
    struct ck_vulndb_import_opts io;
    struct bucket b, old;
    struct lb_server s;
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_dbupdate_result r;
    struct ck_vulndb_feed_info f;
    struct ck_err err;
    char base[64];
    FILE *fp;

    CK_REQUIRE(db != NULL);
    memset(&b, 0, sizeof b);
    memset(&old, 0, sizeof old);
    memset(&f, 0, sizeof f);
    memset(&io, 0, sizeof io);
    ck_dbupdate_result_init(&r);
    bucket_add(&old, "DEBIAN-CVE-2024-0002", "Debian:12", 0);
    bucket_add(&old, "DEBIAN-CVE-2023-0009", "Debian:12", 0); /* gone from OSV since */
    zb_finish(&old.zip);
    CK_REQUIRE((fp = fopen(old_zip, "wb")) != NULL);
    fwrite(old.zip.data, 1, old.zip.len, fp);
    fclose(fp);
    io.feed = "Debian:12";
    io.full = 1;
    CK_REQUIRE(ck_vulndb_import_file(db, old_zip, &io, NULL, &err) == CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 2);

    bucket_add(&b, "DEBIAN-CVE-2024-0002", "Debian:12", 0);
    bucket_add(&b, "DEBIAN-CVE-2024-0003", "Debian:12", 0);
    zb_finish(&b.zip);
    CK_REQUIRE(lb_start(&s, bucket_respond, &b) == 0);
    lb_url(&s, "", base, sizeof base);
    CK_CHECK_INT(update_eco(db, base, "Debian:12", &r, &err), CK_OK);
    CK_CHECK_INT(r.stats.added, 1);
    CK_CHECK_INT(r.stats.unchanged, 1);
    CK_CHECK_INT(r.stats.removed, 1);
    CK_CHECK_INT(ck_test_vulndb_records(db), 2);
    CK_CHECK_INT(ck_vulndb_feed_get(db, "Debian:12", &f, &err), CK_ERR_NOTFOUND);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian", &f, &err) == CK_OK);
    CK_CHECK_INT(f.record_count, 2);
    CK_CHECK_INT(eco_records(db, "Debian:12"), 2);
    ck_dbupdate_result_release(&r);
    ck_vulndb_feed_info_release(&f);
    lb_stop(&s);
    free(b.zip.data);
    free(old.zip.data);
    remove(old_zip);
    ck_vulndb_close(db);
}

/* db status counts the entries and records whose ranges are all GIT. */
static void test_git_only_counts(void)
{
    struct bucket b;
    struct lb_server s;
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_dbupdate_result r;
    struct ck_vulndb_status st;
    struct ck_err err;
    char base[64];

    CK_REQUIRE(db != NULL);
    memset(&b, 0, sizeof b);
    memset(&st, 0, sizeof st);
    ck_dbupdate_result_init(&r);
    bucket_add(&b, "DEBIAN-CVE-2024-0001", "Debian:12", 0);
    bucket_add(&b, "DEBIAN-CVE-2024-0002", "Debian:12,Debian:13", 1);
    bucket_add(&b, "DEBIAN-CVE-2024-0003", "Debian:13", 1);
    zb_finish(&b.zip);
    CK_REQUIRE(lb_start(&s, bucket_respond, &b) == 0);
    lb_url(&s, "", base, sizeof base);
    CK_CHECK_INT(update_eco(db, base, "Debian", &r, &err), CK_OK);
    CK_REQUIRE(ck_vulndb_status_get(db, &st, &err) == CK_OK);
    CK_CHECK_INT(st.git_only_entries, 3);
    CK_CHECK_INT(st.git_only_records, 2);
    ck_vulndb_status_release(&st);
    ck_dbupdate_result_release(&r);
    lb_stop(&s);
    free(b.zip.data);
    ck_vulndb_close(db);
}

int main(void)
{
    CK_RUN(test_bucket_urls);
    CK_RUN(test_redirect_protocols);
    CK_RUN(test_download_cap);
    CK_RUN(test_base_url_credentials);
    CK_RUN(test_bad_records_keep_data);
    CK_RUN(test_releases_kept);
    CK_RUN(test_scoped_feed_retired);
    CK_RUN(test_git_only_counts);
    ck_test_vulndb_remove(db_path);
    return ck_test_summary();
}
