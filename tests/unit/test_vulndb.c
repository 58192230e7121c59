/* Tests of the vulnerability database: imports of folders, zips and single
 * records, replacement by 'modified', failed imports that leave the data as
 * it was, feed bookkeeping, the lookup the matcher uses, and the schema. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "ck_test.h"
#include "vulndb_fixture.h"
#include "platform/platform.h"
#include "vuln/vulndb.h"
#include "zip_build.h"

static const char *fixtures;
static const char db_path[] = "test_vulndb.tmp.db";

static const char *fx(const char *rel)
{
    static char path[4][1024];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", fixtures, rel);
    return p;
}

static int64_t ecosystem_count(const struct ck_vulndb_status *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->ecosystem_count; i++)
        if (!strcmp(s->ecosystems[i].name, name))
            return s->ecosystems[i].record_count;
    return -1;
}

static int warnings_mention(const struct ck_vulndb_import_stats *st, const char *words)
{
    size_t i;
    for (i = 0; i < st->warning_count; i++)
        if (strstr(st->warnings[i], words))
            return 1;
    return 0;
}

static void test_import_folder_counts_and_names_failures(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_import_stats st;
    struct ck_vulndb_status s;
    struct ck_err err;

    CK_REQUIRE(db != NULL);
    memset(&st, 0, sizeof st);
    memset(&s, 0, sizeof s);
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv"), NULL, &st, &err) == CK_OK);
    CK_CHECK_INT(st.added, 17);
    CK_CHECK_INT(st.failed, 2);
    CK_CHECK_INT(st.skipped, 1); /* README.txt */
    CK_CHECK_INT(st.warning_count, 2);
    CK_CHECK(warnings_mention(&st, "DEBIAN-CVE-2024-0001"));
    CK_CHECK(warnings_mention(&st, "DEBIAN-CVE-2024-0002-truncated.json"));
    ck_vulndb_import_stats_release(&st);

    CK_REQUIRE(ck_vulndb_status_get(db, &s, &err) == CK_OK);
    CK_CHECK_INT(s.schema_version, CK_VULNDB_SCHEMA_VERSION);
    CK_CHECK_INT(s.record_count, 17);
    CK_CHECK_INT(s.withdrawn_count, 1);
    CK_CHECK_INT(s.feed_count, 0);
    CK_CHECK_INT(ecosystem_count(&s, "Debian:11"), 3);
    CK_CHECK_INT(ecosystem_count(&s, "Debian:12"), 7);
    CK_CHECK_INT(ecosystem_count(&s, "Debian:13"), 4);
    CK_CHECK_INT(ecosystem_count(&s, "Alpine:v3.19"), 1);
    CK_CHECK_INT(ecosystem_count(&s, "Alpine:v3.20"), 5);
    CK_CHECK_INT(ecosystem_count(&s, "Ubuntu:20.04:LTS"), 1);
    CK_CHECK_INT(ecosystem_count(&s, "Ubuntu:22.04:LTS"), 4);
    CK_CHECK_INT(s.ecosystem_count, 7);
    CK_CHECK(s.ecosystems[0].updated_at > 0);
    ck_vulndb_status_release(&s);

    /* The same data again changes nothing. */
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv"), NULL, &st, &err) == CK_OK);
    CK_CHECK_INT(st.added, 0);
    CK_CHECK_INT(st.unchanged, 17);
    CK_CHECK_INT(ck_test_vulndb_records(db), 17);
    ck_vulndb_import_stats_release(&st);
    ck_vulndb_close(db);
}

struct lookup_log {
    struct ck_vulndb *db;
    int64_t rids[16];
    int listed[16];
    char fixed[16][48];
    int count;
};

static enum ck_status log_affected(void *ctx, const struct ck_vulndb_affected *a)
{
    struct lookup_log *log = ctx;
    size_t i, j;
    if (log->count == 16)
        return CK_ERR_LIMIT;
    log->rids[log->count] = a->rid;
    log->listed[log->count] = a->version_listed;
    log->fixed[log->count][0] = '\0';
    for (i = 0; i < a->range_count; i++)
        for (j = 0; j < a->ranges[i].event_count; j++)
            if (a->ranges[i].events[j].kind == CK_OSV_FIXED)
                snprintf(log->fixed[log->count], sizeof log->fixed[0], "%s", a->ranges[i].events[j].version);
    log->count++;
    return CK_OK;
}

/* Where record id's entry is in the log, or -1. */
static int log_index(const struct lookup_log *log, const char *id)
{
    struct ck_err err;
    int64_t rid = 0;
    int i;
    if (ck_vulndb_find_record(log->db, id, &rid, &err) != CK_OK)
        return -1;
    for (i = 0; i < log->count; i++)
        if (log->rids[i] == rid)
            return i;
    return -1;
}

static void test_lookup_by_ecosystem_and_package(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct lookup_log log;
    struct ck_err err;
    int i;

    CK_REQUIRE(db != NULL);
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv"), NULL, NULL, &err) == CK_OK);
    memset(&log, 0, sizeof log);
    log.db = db;
    /* The ecosystem matches case-insensitively, the package exactly. */
    CK_REQUIRE(ck_vulndb_lookup(db, "debian:12", "glibc", "2.36-9+deb12u2", log_affected, &log, &err) == CK_OK);
    CK_CHECK_INT(log.count, 4);
    i = log_index(&log, "DEBIAN-CVE-2023-4911");
    CK_REQUIRE(i >= 0);
    CK_CHECK_INT(log.listed[i], 1);
    CK_CHECK_STR(log.fixed[i], "2.36-9+deb12u3");
    i = log_index(&log, "DSA-5673-1");
    CK_REQUIRE(i >= 0);
    CK_CHECK_INT(log.listed[i], 0);
    CK_CHECK_STR(log.fixed[i], "2.36-9+deb12u6");
    CK_CHECK(log_index(&log, "DEBIAN-CVE-2019-1010022") >= 0);
    CK_CHECK(log_index(&log, "DSA-5514-1") >= 0);

    memset(&log, 0, sizeof log);
    log.db = db;
    CK_CHECK_INT(ck_vulndb_lookup(db, "Debian:12", "GLIBC", NULL, log_affected, &log, &err), CK_OK);
    CK_CHECK_INT(log.count, 0);
    /* The withdrawn record is kept but never offered for matching. */
    CK_CHECK_INT(ck_vulndb_lookup(db, "Debian:12", "tar", NULL, log_affected, &log, &err), CK_OK);
    CK_CHECK_INT(log.count, 0);
    CK_CHECK_INT(ck_vulndb_lookup(db, "Ubuntu:22.04:LTS", "ncurses", "6.3-2", log_affected, &log, &err), CK_OK);
    CK_REQUIRE(log.count == 1);
    CK_CHECK_INT(log.listed[0], 1);
    ck_vulndb_close(db);
}

static void test_load_record(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_osv_record r;
    struct ck_err err;
    int64_t rid = 0;

    CK_REQUIRE(db != NULL);
    ck_osv_record_init(&r);
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv/ubuntu"), NULL, NULL, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_find_record(db, "UBUNTU-CVE-2023-0286", &rid, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_load_record(db, rid, &r, &err) == CK_OK);
    CK_CHECK_STR(r.id, "UBUNTU-CVE-2023-0286");
    CK_CHECK_STR(r.summary, "openssl: type confusion in X.400 address processing");
    CK_CHECK_STR(r.modified, "2024-08-23T16:30:36Z");
    CK_CHECK_INT(r.upstream_count, 1);
    CK_CHECK_INT(r.related_count, 1);
    CK_CHECK_STR(ck_osv_record_cve(&r), "CVE-2023-0286");
    CK_REQUIRE(r.severity_count == 2);
    CK_CHECK_STR(r.severities[1].type, "Ubuntu");
    CK_REQUIRE(r.reference_count == 2);
    CK_CHECK_STR(r.references[1].url, "https://ubuntu.com/security/notices/USN-5844-1");
    CK_CHECK_INT(r.affected_count, 0);
    CK_CHECK_INT(ck_vulndb_find_record(db, "NOPE-1", &rid, &err), CK_ERR_NOTFOUND);

    /* The brief form a finding reads: the same texts in one probe. */
    CK_REQUIRE(ck_vulndb_find_record(db, "UBUNTU-CVE-2023-0286", &rid, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_load_brief(db, rid, &r, &err) == CK_OK);
    CK_CHECK_STR(r.id, "UBUNTU-CVE-2023-0286");
    CK_CHECK_STR(r.summary, "openssl: type confusion in X.400 address processing");
    CK_CHECK_STR(r.published, "2023-02-07T00:00:00Z");
    CK_REQUIRE(r.alias_count == 1);
    CK_CHECK_STR(r.aliases[0], "CVE-2023-0286");
    CK_REQUIRE(r.severity_count == 2);
    CK_CHECK_STR(r.severities[0].type, "CVSS_V3");
    CK_CHECK_STR(r.severities[0].score, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H");
    CK_CHECK_STR(r.severities[1].score, "high");
    CK_REQUIRE(r.reference_count == 2);
    CK_CHECK_STR(r.references[0].url, "https://ubuntu.com/security/CVE-2023-0286");
    CK_CHECK_STR(r.references[1].url, "https://ubuntu.com/security/notices/USN-5844-1");
    CK_CHECK(r.references[0].type == NULL);
    CK_CHECK_INT(ck_vulndb_load_brief(db, 999999, &r, &err), CK_ERR_NOTFOUND);
    CK_CHECK_STR(r.id, "UBUNTU-CVE-2023-0286"); /* untouched */
    CK_REQUIRE(ck_vulndb_find_record(db, "UBUNTU-CVE-2023-99002", &rid, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_load_brief(db, rid, &r, &err) == CK_OK);
    CK_CHECK_INT(r.severity_count, 0);
    CK_CHECK_INT(r.reference_count, 0);
    ck_osv_record_release(&r);
    ck_vulndb_close(db);
}

static const char v1[] =
    "{\"id\":\"TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"summary\":\"first\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"pkg\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-1\"}]}]}]}";
static const char v2[] =
    "{\"id\":\"TEST-1\",\"modified\":\"2024-02-01T00:00:00.5Z\",\"summary\":\"second\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"pkg\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0-1\"}]}]}]}";

static const char *summary_of(struct ck_vulndb *db, const char *id, struct ck_osv_record *r)
{
    struct ck_err err;
    int64_t rid = 0;
    if (ck_vulndb_find_record(db, id, &rid, &err) != CK_OK || ck_vulndb_load_record(db, rid, r, &err) != CK_OK)
        return NULL;
    return r->summary;
}

/* Imports one JSON text in its own transaction. */
static enum ck_status import_text(struct ck_vulndb *db, const char *json, struct ck_vulndb_import_stats *st)
{
    struct ck_vulndb_import *imp = NULL;
    struct ck_err err;
    enum ck_status s = ck_vulndb_import_begin(db, NULL, &imp, &err);
    if (s != CK_OK)
        return s;
    if ((s = ck_vulndb_import_json(imp, json, strlen(json), "inline", &err)) != CK_OK) {
        ck_vulndb_import_abort(imp);
        return s;
    }
    return ck_vulndb_import_commit(imp, NULL, st, &err);
}

static void test_reimport_replaces_only_newer(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_import_stats st;
    struct ck_osv_record r;
    struct lookup_log log;
    struct ck_err err;

    CK_REQUIRE(db != NULL);
    memset(&st, 0, sizeof st);
    ck_osv_record_init(&r);
    CK_REQUIRE(import_text(db, v1, &st) == CK_OK);
    CK_CHECK_INT(st.added, 1);
    CK_REQUIRE(import_text(db, v2, &st) == CK_OK);
    CK_CHECK_INT(st.replaced, 1);
    CK_CHECK_STR(summary_of(db, "TEST-1", &r), "second");
    CK_REQUIRE(import_text(db, v1, &st) == CK_OK);
    CK_CHECK_INT(st.older, 1);
    CK_CHECK_STR(summary_of(db, "TEST-1", &r), "second");
    CK_REQUIRE(import_text(db, v2, &st) == CK_OK);
    CK_CHECK_INT(st.unchanged, 1);
    CK_CHECK_INT(ck_test_vulndb_records(db), 1);
    /* The replaced version's rows went with it. */
    memset(&log, 0, sizeof log);
    log.db = db;
    CK_REQUIRE(ck_vulndb_lookup(db, "Debian:12", "pkg", NULL, log_affected, &log, &err) == CK_OK);
    CK_REQUIRE(log.count == 1);
    CK_CHECK_STR(log.fixed[0], "2.0-1");
    ck_vulndb_import_stats_release(&st);
    ck_osv_record_release(&r);
    ck_vulndb_close(db);
}

static void test_failed_import_leaves_old_data(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_import *imp = NULL;
    struct ck_vulndb_status s;
    struct ck_osv_record r;
    struct ck_err err;
    int64_t rid;

    CK_REQUIRE(db != NULL);
    memset(&s, 0, sizeof s);
    ck_osv_record_init(&r);
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv/alpine"), NULL, NULL, &err) == CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 5);

    /* A damaged zip fails the whole import, after good records went in. */
    CK_REQUIRE(ck_vulndb_import_begin(db, NULL, &imp, &err) == CK_OK);
    CK_CHECK_INT(ck_vulndb_import_json(imp, v1, strlen(v1), "inline", &err), CK_OK);
    CK_CHECK_INT(ck_vulndb_import_path(imp, fx("zip/bad_deflate.zip"), &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "bad_deflate.zip") != NULL);
    ck_vulndb_import_abort(imp);
    CK_CHECK_INT(ck_test_vulndb_records(db), 5);
    CK_CHECK_INT(ck_vulndb_find_record(db, "TEST-1", &rid, &err), CK_ERR_NOTFOUND);

    CK_CHECK_INT(ck_vulndb_import_file(db, fx("zip/truncated.zip"), NULL, NULL, &err), CK_ERR_PARSE);
    CK_CHECK_INT(ck_vulndb_import_file(db, fx("osv/no-such-folder"), NULL, NULL, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(ck_test_vulndb_records(db), 5);
    CK_REQUIRE(ck_vulndb_status_get(db, &s, &err) == CK_OK);
    CK_CHECK_INT(s.ecosystem_count, 2);
    ck_vulndb_status_release(&s);

    /* The database is usable afterwards. */
    CK_CHECK_INT(import_text(db, v1, NULL), CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 6);
    ck_osv_record_release(&r);
    ck_vulndb_close(db);
}

static void test_zip_import(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_import_stats st;
    struct ck_err err;

    CK_REQUIRE(db != NULL);
    memset(&st, 0, sizeof st);
    CK_REQUIRE(ck_vulndb_import_file(db, fx("zip/osv-debian.zip"), NULL, &st, &err) == CK_OK);
    CK_CHECK_INT(st.added, 8);
    CK_CHECK_INT(st.failed, 2);
    CK_CHECK_INT(st.skipped, 1);
    CK_CHECK(warnings_mention(&st, "osv-debian.zip:DEBIAN-CVE-2024-0002-truncated.json"));
    CK_CHECK_INT(ck_test_vulndb_records(db), 8);
    ck_vulndb_import_stats_release(&st);
    ck_vulndb_close(db);
}

static void count_progress(void *ctx, uint64_t done, uint64_t total)
{
    uint64_t *last = ctx;
    (void)total;
    last[0] = done;
    last[1] = total;
}

static const char good_zip[] = "test_vulndb.good.zip";

/* The well-formed Debian fixtures (8 records) and a README, as a zip. */
static int write_good_zip(void)
{
    static const char *const names[] = {"DEBIAN-CVE-2019-1010022.json", "DEBIAN-CVE-2023-45853.json",
                                        "DEBIAN-CVE-2023-4911.json", "DEBIAN-CVE-2023-99001.json",
                                        "DEBIAN-CVE-2024-28085.json", "DSA-5514-1.json", "DSA-5532-1.json",
                                        "DSA-5673-1.json"};
    struct zb z;
    size_t i, len;
    int rc;
    memset(&z, 0, sizeof z);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char rel[128], *data;
        snprintf(rel, sizeof rel, "osv/debian/%s", names[i]);
        if (!(data = ck_test_read_file(fixtures, rel, &len)))
            return -1;
        zb_add(&z, names[i], data, len);
        free(data);
    }
    zb_add(&z, "README.md", "not a record\n", 13);
    zb_finish(&z);
    rc = zb_write(&z, good_zip);
    free(z.data);
    return rc;
}

static void test_feed_full_import_prunes_and_keeps_meta(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    uint64_t progress[2] = {0, 0};
    struct ck_vulndb_import_opts opts = {"Debian", 1, count_progress, progress, NULL};
    struct ck_vulndb_feed_meta meta = {"http://example.test/Debian/all.zip", "\"etag-1\"",
                                       "Tue, 01 Oct 2024 10:00:00 GMT"};
    struct ck_vulndb_import *imp = NULL;
    struct ck_vulndb_import_stats st;
    struct ck_vulndb_feed_info f;
    struct ck_err err;

    CK_REQUIRE(db != NULL);
    memset(&st, 0, sizeof st);
    memset(&f, 0, sizeof f);
    CK_REQUIRE(write_good_zip() == 0);
    CK_REQUIRE(ck_vulndb_import_begin(db, &opts, &imp, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_import_path(imp, good_zip, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_import_commit(imp, &meta, &st, &err) == CK_OK);
    CK_CHECK_INT(progress[0], 9);
    CK_REQUIRE(ck_vulndb_feed_get(db, "debian", &f, &err) == CK_OK);
    CK_CHECK_STR(f.name, "Debian");
    CK_CHECK_STR(f.etag, "\"etag-1\"");
    CK_CHECK_STR(f.last_modified, "Tue, 01 Oct 2024 10:00:00 GMT");
    CK_CHECK_STR(f.source, "http://example.test/Debian/all.zip");
    CK_CHECK_STR(f.newest_modified, "2024-09-03T07:02:11.428318Z");
    CK_CHECK_INT(f.record_count, 8);
    CK_CHECK(f.full_at > 0 && f.updated_at == f.full_at);

    /* A later full import without most records removes them; the stored
     * validators stay when none are given. */
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv/debian/DSA-5514-1.json"), &opts, &st, &err) == CK_OK);
    CK_CHECK_INT(st.unchanged, 1);
    CK_CHECK_INT(st.removed, 7);
    CK_CHECK_INT(ck_test_vulndb_records(db), 1);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian", &f, &err) == CK_OK);
    CK_CHECK_STR(f.etag, "\"etag-1\"");
    CK_CHECK_INT(f.record_count, 1);
    CK_CHECK_STR(f.newest_modified, "2023-10-03T20:11:09Z");

    /* An incremental (not full) import only moves the newest time forward. */
    opts.full = 0;
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv/debian/DSA-5532-1.json"), &opts, &st, &err) == CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 2);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian", &f, &err) == CK_OK);
    CK_CHECK_STR(f.newest_modified, "2023-10-24T21:03:45Z");
    CK_CHECK_INT(ck_vulndb_feed_get(db, "Alpine", &f, &err), CK_ERR_NOTFOUND);
    CK_CHECK_STR(f.name, "Debian"); /* untouched on failure */
    ck_vulndb_feed_info_release(&f);
    ck_vulndb_import_stats_release(&st);
    ck_vulndb_close(db);
}

/* Runs one import of opts (zip: path of a zip, else the records in json[])
 * and returns its commit's status. */
static enum ck_status import_feed(struct ck_vulndb *db, const struct ck_vulndb_import_opts *opts, const char *zip,
                                  const char *const *json, struct ck_vulndb_import_stats *st, struct ck_err *err)
{
    struct ck_vulndb_import *imp = NULL;
    enum ck_status rc = ck_vulndb_import_begin(db, opts, &imp, err);
    size_t i;
    if (rc != CK_OK)
        return rc;
    if (zip)
        rc = ck_vulndb_import_path(imp, zip, err);
    for (i = 0; rc == CK_OK && json && json[i]; i++)
        rc = ck_vulndb_import_json(imp, json[i], strlen(json[i]), "inline", err);
    if (rc != CK_OK) {
        ck_vulndb_import_abort(imp);
        return rc;
    }
    return ck_vulndb_import_commit(imp, NULL, st, err);
}

/* A zip of `good` valid records and `bad` malformed ones. */
static int write_mixed_zip(const char *path, size_t good, size_t bad)
{
    struct zb z;
    size_t i;
    int rc;
    memset(&z, 0, sizeof z);
    for (i = 0; i < good; i++) {
        char id[32], pkg[32], name[48], *rec;
        snprintf(id, sizeof id, "TEST-%03u", (unsigned)i);
        snprintf(pkg, sizeof pkg, "pkg%u", (unsigned)i);
        snprintf(name, sizeof name, "%s.json", id);
        if (!(rec = zb_osv_record(id, "2024-06-01T00:00:00Z", pkg)))
            return -1;
        zb_add(&z, name, rec, strlen(rec));
        free(rec);
    }
    for (i = 0; i < bad; i++) {
        char name[48];
        snprintf(name, sizeof name, "BROKEN-%03u.json", (unsigned)i);
        zb_add(&z, name, "{\"id\": \"BROKEN\", \"modif", 22); /* cut short */
    }
    zb_finish(&z);
    rc = zb_write(&z, path);
    free(z.data);
    return rc;
}

/* A full update whose records do not parse prunes nothing and commits
 * nothing: every good record, the feed's row, stay as they were. */
static void test_full_import_refused_on_bad_read(void)
{
    static const char mixed[] = "test_vulndb.mixed.zip";
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_import_opts opts = {"Debian:12", 1, NULL, NULL, NULL, "https://mirror.example/all.zip"};
    struct ck_vulndb_import_stats st;
    struct ck_vulndb_feed_info f;
    struct ck_err err;
    int64_t full_at;

    CK_REQUIRE(db != NULL);
    memset(&st, 0, sizeof st);
    memset(&f, 0, sizeof f);
    CK_REQUIRE(write_mixed_zip(mixed, 60, 0) == 0);
    CK_REQUIRE(import_feed(db, &opts, mixed, NULL, &st, &err) == CK_OK);
    CK_CHECK_INT(ck_test_vulndb_records(db), 60);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian:12", &f, &err) == CK_OK);
    full_at = f.full_at;

    /* every record malformed */
    CK_REQUIRE(write_mixed_zip(mixed, 0, 5) == 0);
    CK_CHECK_INT(import_feed(db, &opts, mixed, NULL, &st, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "5 of the 5 records") != NULL);
    CK_CHECK(strstr(err.msg, "https://mirror.example/all.zip:BROKEN-000.json") != NULL);
    CK_CHECK(strstr(err.msg, "nothing removed") != NULL);
    CK_CHECK_INT(ck_test_vulndb_records(db), 60);
    /* more than CK_VULNDB_MAX_FAILED_PERCENT malformed: 2 of 60 */
    CK_REQUIRE(write_mixed_zip(mixed, 58, 2) == 0);
    CK_CHECK_INT(import_feed(db, &opts, mixed, NULL, &st, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "2 of the 60 records") != NULL);
    CK_CHECK_INT(ck_test_vulndb_records(db), 60);
    /* no record at all */
    CK_CHECK_INT(import_feed(db, &opts, fx("zip/empty.zip"), NULL, &st, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "no record") != NULL);
    CK_CHECK_INT(ck_test_vulndb_records(db), 60);
    CK_REQUIRE(ck_vulndb_feed_get(db, "Debian:12", &f, &err) == CK_OK);
    CK_CHECK_INT(f.full_at, full_at);
    CK_CHECK_INT(f.record_count, 60);

    /* within the share: imported, counted, named, the missing one pruned */
    CK_REQUIRE(write_mixed_zip(mixed, 59, 1) == 0);
    CK_CHECK_INT(import_feed(db, &opts, mixed, NULL, &st, &err), CK_OK);
    CK_CHECK_INT(st.failed, 1);
    CK_CHECK_INT(st.removed, 1);
    CK_CHECK(warnings_mention(&st, "BROKEN-000.json"));
    CK_CHECK_INT(ck_test_vulndb_records(db), 59);

    /* an incremental feed import that reads nothing fails too; a manual
     * import adds what it can */
    {
        static const char *const broken[] = {"{\"id\": 1}", "not json", NULL};
        opts.full = 0;
        CK_CHECK_INT(import_feed(db, &opts, NULL, broken, &st, &err), CK_ERR_PARSE);
        CK_CHECK(strstr(err.msg, "2 of the 2 records") != NULL);
        CK_CHECK_INT(import_feed(db, NULL, NULL, broken, &st, &err), CK_OK);
        CK_CHECK_INT(st.failed, 2);
        CK_CHECK_INT(ck_test_vulndb_records(db), 59);
    }
    ck_remove(mixed);
    ck_vulndb_feed_info_release(&f);
    ck_vulndb_import_stats_release(&st);
    ck_vulndb_close(db);
}

static void test_stale_warning(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_vulndb_status s;
    struct ck_err err;
    char msg[256];
    int64_t updated;

    CK_REQUIRE(db != NULL);
    memset(&s, 0, sizeof s);
    CK_CHECK_INT(ck_vulndb_stale_warning(db, "Debian:12", 0, ck_time_now(), msg, sizeof msg), 1);
    CK_CHECK(strstr(msg, "no vulnerability data for Debian:12") != NULL);
    CK_REQUIRE(ck_vulndb_import_file(db, fx("osv/debian"), NULL, NULL, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_status_get(db, &s, &err) == CK_OK && s.ecosystem_count > 0);
    updated = s.ecosystems[0].updated_at;
    ck_vulndb_status_release(&s);
    CK_CHECK_INT(ck_vulndb_stale_warning(db, "debian:12", 0, updated + 3600, msg, sizeof msg), 0);
    CK_CHECK_INT(ck_vulndb_stale_warning(db, "Debian:12", 0, updated + 9 * 86400 + 5, msg, sizeof msg), 1);
    CK_CHECK(strstr(msg, "Debian:12 is 9 days old") != NULL);
    CK_CHECK_INT(ck_vulndb_stale_warning(db, "Debian:12", 3600, updated + 3 * 3600, msg, sizeof msg), 1);
    CK_CHECK(strstr(msg, "180 minutes") != NULL || strstr(msg, "3 hours") != NULL);
    CK_CHECK_INT(ck_vulndb_stale_warning(db, "Alpine:v3.20", 0, updated, msg, sizeof msg), 1);
    ck_vulndb_close(db);
}

static void test_schema_version_and_newer_schema_refused(void)
{
    struct ck_vulndb *db = ck_test_vulndb_fresh(db_path);
    struct ck_err err;
    sqlite3 *raw = NULL;

    CK_REQUIRE(db != NULL);
    ck_vulndb_close(db);
    db = NULL;
    CK_REQUIRE(ck_vulndb_open(db_path, &db, &err) == CK_OK); /* reopening migrates nothing */
    ck_vulndb_close(db);
    db = NULL;
    CK_REQUIRE(sqlite3_open(db_path, &raw) == SQLITE_OK);
    CK_CHECK_INT(sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    CK_CHECK_INT(ck_vulndb_open(db_path, &db, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(db == NULL);
    CK_CHECK(strstr(err.msg, "schema 99") != NULL);
    ck_test_vulndb_remove(db_path);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_vulndb FIXTURES\n");
        return 2;
    }
    fixtures = argv[1];
    CK_RUN(test_import_folder_counts_and_names_failures);
    CK_RUN(test_lookup_by_ecosystem_and_package);
    CK_RUN(test_load_record);
    CK_RUN(test_reimport_replaces_only_newer);
    CK_RUN(test_failed_import_leaves_old_data);
    CK_RUN(test_zip_import);
    CK_RUN(test_feed_full_import_prunes_and_keeps_meta);
    CK_RUN(test_full_import_refused_on_bad_read);
    CK_RUN(test_stale_warning);
    CK_RUN(test_schema_version_and_newer_schema_refused);
    ck_test_vulndb_remove(db_path);
    ck_remove(good_zip);
    return ck_test_summary();
}
