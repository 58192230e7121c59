/* Tests of re-matching (job/rematch.h): a root folder scanned against part
 * of the data, the rest of the data imported, the stored inventory matched
 * again without the folder: the new findings appear, the scan is stored as a
 * re-match that points at the inventory it matched (no packages stored
 * twice), a second re-match finds nothing new, and an image never scanned
 * fails with a sentence while the others go on. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "job/job.h"
#include "job/rematch.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "report/import.h"
#include "vuln/vulndb.h"

static const char *fixtures;
static const char history_path[] = "rematch_test_history.db";
static const char vulndb_path[] = "rematch_test_vulns.db";

static void write_file(const char *path, const char *text)
{
    FILE *f = ck_fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_rootfs(void)
{
    ck_mkdirs("rematch_rootfs/etc");
    ck_mkdirs("rematch_rootfs/var/lib/dpkg");
    write_file("rematch_rootfs/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"
                                                 "VERSION_ID=\"12\"\n");
    write_file("rematch_rootfs/var/lib/dpkg/status",
               "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\n"
               "Version: 2.36-9+deb12u1\n\n"
               "Package: util-linux\nStatus: install ok installed\nArchitecture: amd64\n"
               "Version: 2.38.1-5+b1\nSource: util-linux (2.38.1-5)\n\n");
}

static void import(const char *rel)
{
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_import_stats stats;
    struct ck_err err;
    char *path = ck_path_join(fixtures, rel);

    memset(&stats, 0, sizeof stats);
    CK_REQUIRE(ck_vulndb_open(vulndb_path, &db, &err) == CK_OK);
    if (ck_vulndb_import_file(db, path, NULL, &stats, &err) != CK_OK)
        fprintf(stderr, "import %s: %s\n", path, err.msg);
    ck_vulndb_import_stats_release(&stats);
    ck_vulndb_close(db);
    free(path);
}

static void on_job(void *ctx, const struct ck_job_event *ev)
{
    if (ev->type == CK_JOB_IMAGE_DONE)
        *(int64_t *)ctx = ev->ok ? ev->scan_id : -1;
}

struct seen {
    int ok, failed;
    size_t added, fixed, findings;
    int64_t scan_id, from_scan;
    char error[CK_ERR_MSG_MAX];
};

static void on_rematch(void *ctx, const struct ck_rematch_event *ev)
{
    struct seen *s = ctx;
    if (!ev->ok) {
        s->failed++;
        snprintf(s->error, sizeof s->error, "%s", ev->error);
        return;
    }
    s->ok++;
    s->added += ev->added;
    s->fixed += ev->fixed;
    s->findings = ev->counts.findings;
    s->scan_id = ev->scan_id;
    s->from_scan = ev->from_scan;
}

static long long sql_int(const char *query)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open(history_path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, query, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void test_rematch_finds_what_the_data_added(void)
{
    struct ck_job_options jo;
    struct ck_job_result jr;
    struct ck_target t = {CK_TARGET_ROOTFS, "rematch_rootfs", 0};
    struct ck_rematch_options o = {history_path, vulndb_path, NULL};
    struct ck_rematch_result r;
    struct ck_history *h = NULL;
    struct ck_inventory inv;
    struct seen s;
    struct ck_err err;
    int64_t scanned = 0, first;
    char query[256];
    const char *repos[] = {"rematch_rootfs", "never/scanned"}, *tags[] = {"", "1"};

    ck_remove(history_path);
    ck_remove(vulndb_path);
    make_rootfs();
    import("osv/debian/DSA-5673-1.json");
    ck_job_options_init(&jo);
    jo.history_path = history_path;
    jo.vulndb_path = vulndb_path;
    CK_REQUIRE(ck_job_run(&jo, &t, 1, on_job, &scanned, &jr, &err) == CK_OK);
    CK_REQUIRE(scanned > 0);
    CK_CHECK_INT(jr.findings, 1); /* DSA-5673-1 only */

    import("osv/debian"); /* the rest of the data: the folder itself is not read again */
    ck_remove("rematch_rootfs/var/lib/dpkg/status");
    memset(&s, 0, sizeof s);
    CK_REQUIRE(ck_rematch_run(&o, repos, tags, 2, on_rematch, &s, &r, &err) == CK_OK);
    CK_CHECK_INT(s.ok, 1);
    CK_CHECK_INT(s.failed, 1);
    CK_CHECK(strstr(s.error, "never/scanned:1: no successful scan to re-match") != NULL);
    CK_CHECK_INT(s.from_scan, scanned);
    CK_CHECK_INT(s.findings, 5); /* + DSA-5514-1, CVE-2023-4911, CVE-2019-1010022, CVE-2024-28085 */
    CK_CHECK_INT(s.added, 4);
    CK_CHECK_INT(s.fixed, 0);
    CK_CHECK_INT(r.images_ok, 1);
    CK_CHECK_INT(r.images_failed, 1);
    CK_CHECK_INT(r.added, 4);
    first = s.scan_id;

    snprintf(query, sizeof query, "SELECT kind = 'rematch' AND inventory_scan = %lld FROM scans WHERE id = %lld",
             (long long)scanned, (long long)first);
    CK_CHECK_INT(sql_int(query), 1);
    snprintf(query, sizeof query, "SELECT COUNT(*) FROM packages WHERE scan_id = %lld", (long long)first);
    CK_CHECK_INT(sql_int(query), 0);
    CK_REQUIRE(ck_history_open(history_path, &h, &err) == CK_OK);
    ck_inventory_init(&inv);
    CK_CHECK(ck_history_load_packages(h, first, &inv, &err) == CK_OK);
    CK_CHECK_INT(inv.count, 2);
    ck_inventory_release(&inv);
    ck_history_close(h);

    /* again: matched against the first scan's inventory, nothing new */
    memset(&s, 0, sizeof s);
    CK_REQUIRE(ck_rematch_run(&o, NULL, NULL, 0, on_rematch, &s, &r, &err) == CK_OK);
    CK_CHECK_INT(s.ok, 1);
    CK_CHECK_INT(s.from_scan, first);
    CK_CHECK_INT(s.added, 0);
    CK_CHECK_INT(s.findings, 5);
    snprintf(query, sizeof query, "SELECT inventory_scan FROM scans WHERE id = %lld", (long long)s.scan_id);
    CK_CHECK_INT(sql_int(query), scanned);
}

static int remove_in_reports(void *ctx, const char *name)
{
    char *path = ck_path_join("rematch_reports", name);
    (void)ctx;
    if (path)
        ck_remove(path);
    free(path);
    return 0;
}

/* A runner's JSON result imported into another history (the desktop's): a
 * scan of our own with its inventory, stored once however often it is
 * imported, and re-matched there like one scanned here. */
static void test_imported_results_rematch(void)
{
    static const char desk[] = "rematch_test_desk.db";
    struct ck_job_options jo;
    struct ck_job_result jr;
    struct ck_target t = {CK_TARGET_ROOTFS, "rematch_rootfs", 0};
    struct ck_rematch_options o = {desk, vulndb_path, NULL};
    struct ck_rematch_result r;
    struct ck_import_result res;
    struct ck_import_stats stats;
    struct ck_history *h = NULL;
    struct ck_inventory inv;
    struct seen s;
    struct ck_err err;
    int64_t scanned = 0, id = 0;
    int round;

    ck_remove(history_path);
    ck_remove(vulndb_path);
    ck_remove(desk);
    ck_dir_list("rematch_reports", remove_in_reports, NULL); /* results of earlier runs */
    make_rootfs();
    import("osv/debian/DSA-5673-1.json");
    ck_job_options_init(&jo);
    jo.history_path = history_path;
    jo.vulndb_path = vulndb_path;
    jo.report_dir = "rematch_reports";
    CK_REQUIRE(ck_job_run(&jo, &t, 1, on_job, &scanned, &jr, &err) == CK_OK);
    CK_REQUIRE(ck_history_open(desk, &h, &err) == CK_OK);
    for (round = 0; round < 2; round++) {
        ck_import_result_init(&res);
        CK_REQUIRE(ck_import_read("rematch_reports", NULL, &res, &err) == CK_OK);
        CK_CHECK_INT(res.count, 1);
        CK_CHECK(ck_import_store(h, &res, &stats, &err) == CK_OK);
        CK_CHECK_INT(stats.stored, round == 0 ? 1 : 0);
        CK_CHECK_INT(stats.skipped, round == 0 ? 0 : 1);
        ck_import_result_release(&res);
    }
    CK_CHECK(ck_history_latest_scan(h, "rematch_rootfs", "", NULL, &id, &err) == CK_OK);
    ck_inventory_init(&inv);
    CK_CHECK(ck_history_load_inventory(h, id, &inv, &err) == CK_OK);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    ck_inventory_release(&inv);
    ck_history_close(h);

    import("osv/debian");
    memset(&s, 0, sizeof s);
    CK_REQUIRE(ck_rematch_run(&o, NULL, NULL, 0, on_rematch, &s, &r, &err) == CK_OK);
    CK_CHECK_INT(s.ok, 1);
    CK_CHECK_INT(s.added, 4);
    CK_CHECK_INT(s.findings, 5);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_rematch_finds_what_the_data_added);
    CK_RUN(test_imported_results_rematch);
    return ck_test_summary();
}
