/* Tests of the update: OSV bucket URLs, the choice of a proxy from Windows'
 * proxy and bypass lists, the redirect protocols; and downloads from a
 * scripted bucket on 127.0.0.1 (loopback_server.h): the size cap, no
 * compressed transfer asked for, credentials of the base URL kept out of
 * logs, messages and the feed table, and a full download whose records do
 * not parse leaving the data as it was. The whole command runs end to end in
 * tests/tools/dbupdate_e2e.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "vulndb_fixture.h"
#include "loopback_server.h"
#include "platform/proxy.h"
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
    check_url(CK_DBUPDATE_DEFAULT_BASE, "Debian:12", "all.zip",
              "https://osv-vulnerabilities.storage.googleapis.com/Debian%3A12/all.zip");
    check_url("http://127.0.0.1:8080/", "Ubuntu:22.04:LTS", "modified_id.csv",
              "http://127.0.0.1:8080/Ubuntu%3A22.04%3ALTS/modified_id.csv");
    check_url("http://mirror.example/osv//", "Alpine:v3.20", "ALPINE-CVE-2024-5535.json",
              "http://mirror.example/osv/Alpine%3Av3.20/ALPINE-CVE-2024-5535.json");
    check_url("http://m", "Red Hat", "RHSA-2024:0001.json", "http://m/Red%20Hat/RHSA-2024%3A0001.json");
}

static void check_pick(const char *list, const char *bypass, const char *scheme, const char *host,
                       const char *want)
{
    char *got = ck_proxy_pick(list, bypass, scheme, host);
    if (want)
        CK_CHECK_STR(got, want);
    else
        CK_CHECK(got == NULL);
    free(got);
}

static void test_proxy_lists(void)
{
    check_pick(NULL, NULL, "https", "example.org", NULL);
    check_pick("", NULL, "https", "example.org", NULL);
    check_pick("proxy.corp:8080", NULL, "https", "example.org", "http://proxy.corp:8080");
    check_pick("http=p1:80;https=p2:443", NULL, "https", "example.org", "http://p2:443");
    check_pick("http=p1:80;https=p2:443", NULL, "http", "example.org", "http://p1:80");
    check_pick("ftp=p3:21", NULL, "https", "example.org", NULL);
    check_pick("http://p4:3128", NULL, "https", "example.org", "http://p4:3128");
    check_pick("p:1", "*.corp;<local>", "https", "db.corp", NULL);
    check_pick("p:1", "*.corp;<local>", "https", "DB.CORP", NULL);
    check_pick("p:1", "*.corp;<local>", "https", "intranet", NULL);
    check_pick("p:1", "*.corp;<local>", "https", "example.org", "http://p:1");
    check_pick("p:1", "10.*", "http", "10.1.2.3", NULL);
    check_pick("p:1", "10.*", "http", "110.1.2.3", "http://p:1");
}

/* The system's setting (Windows: Internet Options; elsewhere none): either
 * nothing or a proxy URL, never a crash. */
static void test_system_proxy_answers(void)
{
    char *p = ck_system_proxy_for_url("https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip");
    CK_CHECK(p == NULL || !strncmp(p, "http", 4));
    free(p);
    CK_CHECK(ck_system_proxy_for_url(NULL) == NULL);
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
    if (strncmp(head, "GET /Debian%3A12/all.zip ", 25) != 0)
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
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian:12", &f, &err) == CK_OK);
    CK_CHECK(f.source && !strstr(f.source, "mirror-Secret") && !strstr(f.source, "mirror-user"));
    CK_CHECK(f.source && strstr(f.source, "/Debian%3A12/all.zip") != NULL);
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

int main(void)
{
    CK_RUN(test_bucket_urls);
    CK_RUN(test_proxy_lists);
    CK_RUN(test_system_proxy_answers);
    CK_RUN(test_redirect_protocols);
    CK_RUN(test_download_cap);
    CK_RUN(test_base_url_credentials);
    CK_RUN(test_bad_records_keep_data);
    ck_test_vulndb_remove(db_path);
    return ck_test_summary();
}
