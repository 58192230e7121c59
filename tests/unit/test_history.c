/* Tests of the scan history: storing scans, listing images with the change
 * since the previous scan, comparing scans, first-seen dates, failures that
 * leave nothing half written, and schema versions. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "inventory/inventory.h"
#include "store/history.h"

static char db_path[512];

static void fresh_db(const char *name)
{
    char wal[600];
    snprintf(db_path, sizeof db_path, "history_test_%s.db", name);
    ck_remove(db_path);
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    ck_remove(wal);
    snprintf(wal, sizeof wal, "%s-shm", db_path);
    ck_remove(wal);
}

static void add_finding(struct ck_history_findings *f, const char *id, const char *pkg, enum ck_severity sev,
                        const char *fixed)
{
    struct ck_history_finding x;
    memset(&x, 0, sizeof x);
    x.record_id = (char *)id;
    x.cve = (char *)"CVE-2024-0001";
    x.package = (char *)pkg;
    x.source_name = (char *)pkg;
    x.installed = (char *)"1.0-1";
    x.fixed = (char *)fixed;
    x.severity = sev;
    x.cvss_score = sev == CK_SEV_CRITICAL ? 9.8 : -1;
    x.title = (char *)"a title, with \"quotes\"";
    ck_history_findings_add(f, &x);
}

static enum ck_status store(struct ck_history *h, const char *tag, int64_t when,
                            const struct ck_history_findings *f, const char *error, int64_t *id)
{
    struct ck_scan_input in;
    struct ck_err err;
    memset(&in, 0, sizeof in);
    in.repository = "registry.example.com/dev/example-image";
    in.tag = tag;
    in.digest = "sha256:0123";
    in.started_at = when;
    in.finished_at = when + 5;
    in.findings = f;
    in.error = error;
    in.data_age = 3600;
    return ck_history_store_scan(h, &in, id, &err);
}

static void test_counts_of_findings(void)
{
    struct ck_history_findings f;
    struct ck_severity_counts c;
    ck_history_findings_init(&f);
    add_finding(&f, "DSA-1", "openssl", CK_SEV_CRITICAL, "3.0.1");
    add_finding(&f, "DSA-1", "libssl3", CK_SEV_CRITICAL, "3.0.1");
    add_finding(&f, "CVE-2", "zlib", CK_SEV_LOW, NULL);
    ck_severity_counts_of(&f, &c);
    CK_CHECK_INT(c.findings, 3);
    CK_CHECK_INT(c.unique, 2);
    CK_CHECK_INT(c.by_severity[CK_SEV_CRITICAL], 2);
    CK_CHECK_INT(c.by_severity[CK_SEV_LOW], 1);
    ck_history_findings_release(&f);
}

static void test_store_list_compare(void)
{
    struct ck_history *h = NULL;
    struct ck_history_findings a, b, loaded;
    struct ck_image_row *rows = NULL;
    struct ck_comparison cmp;
    struct ck_err err;
    size_t n = 0;
    int64_t s1 = 0, s2 = 0, latest = 0;

    fresh_db("store");
    CK_REQUIRE(ck_history_open(db_path, &h, &err) == CK_OK);
    ck_history_findings_init(&a);
    ck_history_findings_init(&b);
    ck_history_findings_init(&loaded);
    add_finding(&a, "DSA-1", "openssl", CK_SEV_CRITICAL, "3.0.1");
    add_finding(&a, "CVE-2", "zlib", CK_SEV_LOW, NULL);
    add_finding(&b, "CVE-2", "zlib", CK_SEV_LOW, NULL);
    add_finding(&b, "CVE-3", "curl", CK_SEV_HIGH, "7.88.1-10+deb12u5");
    CK_CHECK_INT(store(h, "4.2.0", 1000, &a, NULL, &s1), CK_OK);
    CK_CHECK_INT(store(h, "4.2.0", 2000, &b, NULL, &s2), CK_OK);
    CK_CHECK(s2 > s1);

    CK_REQUIRE(ck_history_list_images(h, NULL, &rows, &n, &err) == CK_OK);
    CK_REQUIRE(n == 1);
    CK_CHECK_STR(rows[0].tag, "4.2.0");
    CK_CHECK(rows[0].has_scan && rows[0].latest.id == s2);
    CK_CHECK_INT(rows[0].latest.counts.by_severity[CK_SEV_HIGH], 1);
    CK_CHECK(rows[0].has_previous);
    CK_CHECK_INT(rows[0].previous.by_severity[CK_SEV_CRITICAL], 1);
    ck_image_rows_free(rows, n);

    CK_CHECK_INT(ck_history_latest_scan(h, "registry.example.com/dev/example-image", "4.2.0", NULL, &latest, &err),
                 CK_OK);
    CK_CHECK(latest == s2);

    CK_REQUIRE(ck_history_load_findings(h, s2, &loaded, &err) == CK_OK);
    CK_REQUIRE(loaded.count == 2);
    CK_CHECK_STR(loaded.items[0].record_id, "CVE-3"); /* most severe first */
    CK_CHECK_INT(loaded.items[0].first_seen, 2000);
    CK_CHECK_STR(loaded.items[1].record_id, "CVE-2");
    CK_CHECK_INT(loaded.items[1].first_seen, 1000); /* seen since the first scan */
    CK_CHECK(loaded.items[1].fixed == NULL);
    CK_CHECK(loaded.items[1].cvss_score < 0);
    CK_CHECK_STR(loaded.items[1].title, "a title, with \"quotes\"");

    CK_REQUIRE(ck_history_compare(h, s1, s2, &cmp, &err) == CK_OK);
    CK_CHECK_INT(cmp.added.count, 1);
    CK_CHECK_INT(cmp.fixed.count, 1);
    CK_CHECK_INT(cmp.unchanged.count, 1);
    if (cmp.added.count && cmp.fixed.count) {
        CK_CHECK_STR(cmp.added.items[0].record_id, "CVE-3");
        CK_CHECK_STR(cmp.fixed.items[0].package, "openssl");
    }
    ck_comparison_release(&cmp);

    ck_history_findings_release(&a);
    ck_history_findings_release(&b);
    ck_history_findings_release(&loaded);
    ck_history_close(h);
}

static void test_failed_scan_is_recorded_and_bad_input_writes_nothing(void)
{
    struct ck_history *h = NULL;
    struct ck_scan_info *scans = NULL;
    struct ck_scan_input in;
    struct ck_err err;
    size_t n = 0;
    int64_t id = 0, latest = 0;

    fresh_db("failed");
    CK_REQUIRE(ck_history_open(db_path, &h, &err) == CK_OK);
    CK_CHECK_INT(store(h, "1.0", 500, NULL, "pull refused: unauthorized", &id), CK_OK);
    memset(&in, 0, sizeof in); /* no repository: refused, nothing stored */
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_ERR_ARG);
    CK_REQUIRE(ck_history_list_scans(h, NULL, NULL, &scans, &n, &err) == CK_OK);
    CK_CHECK_INT(n, 1);
    if (n == 1) {
        CK_CHECK(!scans[0].ok);
        CK_CHECK_STR(scans[0].error, "pull refused: unauthorized");
    }
    ck_scan_infos_free(scans, n);
    /* A failed scan is never "the latest successful" one. */
    CK_CHECK_INT(ck_history_latest_scan(h, "registry.example.com/dev/example-image", "1.0", NULL, &latest, &err),
                 CK_ERR_NOTFOUND);
    ck_history_close(h);
}

/* A whole-filesystem inventory goes in with its scan and comes back for
 * reuse; an incomplete one, or one of another image ID, is never reused. */
static struct ck_inventory walked_inventory(int incomplete)
{
    struct ck_inventory inv;
    struct ck_unmanaged u;

    ck_inventory_init(&inv);
    inv.os.id = strdup("debian");
    inv.os.version_id = strdup("12");
    inv.os.pretty_name = strdup("Debian GNU/Linux 12 (bookworm)");
    inv.os.ecosystem = strdup("Debian:12");
    CK_CHECK(ck_inventory_add(&inv, CK_PKG_DEB, "python3-requests", "2.28.1+dfsg-1", NULL, NULL, "all") == CK_OK);
    CK_CHECK(ck_inventory_add_app(&inv, "npm", "lodash", "4.17.15", "/app/node_modules/lodash/package.json", NULL,
                                  0) == CK_OK);
    CK_CHECK(ck_inventory_add_app(&inv, "npm", "lodash", "4.17.15", "/srv/node_modules/lodash/package.json", NULL,
                                  0) == CK_OK);
    CK_CHECK(ck_inventory_add_app(&inv, "PyPI", "requests", "2.28.1", "/usr/lib/python3/dist-packages/x/PKG-INFO",
                                  "python3-requests", 0) == CK_OK);
    ck_inventory_sort(&inv);
    memset(&u, 0, sizeof u);
    u.path = "/usr/local/bin/tool";
    u.kind = CK_FILE_EXECUTABLE;
    u.size = 1234;
    memset(u.sha256, 'a', 64);
    u.detail = "ELF x86-64";
    u.product = "example.com/tool";
    u.product_version = "v1.0.0";
    CK_CHECK(ck_inventory_add_unmanaged(&inv, &u) == CK_OK);
    inv.walked = 1;
    inv.files_seen = 99;
    inv.incomplete = incomplete;
    return inv;
}

static void test_inventory_kept_per_image_id(void)
{
    struct ck_history *h = NULL;
    struct ck_inventory inv = walked_inventory(0), bad = walked_inventory(1), back;
    struct ck_scan_input in;
    struct ck_scan_info info;
    struct ck_err err;
    int64_t id = 0, found = 0, read_at = 0;
    size_t i;

    fresh_db("inventory");
    CK_REQUIRE(ck_history_open(db_path, &h, &err) == CK_OK);
    memset(&in, 0, sizeof in);
    in.repository = "example/app";
    in.tag = "1";
    in.started_at = 1000;
    in.finished_at = 1001;
    in.inventory = &inv;
    in.image_key = "sha256:1111";
    CK_CHECK_INT(ck_history_store_scan(h, &in, &id, &err), CK_OK);
    in.started_at = 2000; /* a later scan of another ID with an incomplete inventory */
    in.inventory = &bad;
    in.image_key = "sha256:2222";
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_OK);
    CK_CHECK_INT(ck_history_find_inventory(h, "sha256:2222", &found, &read_at, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(ck_history_find_inventory(h, "sha256:3333", &found, &read_at, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(ck_history_find_inventory(h, "sha256:1111", &found, &read_at, &err), CK_OK);
    CK_CHECK(found == id && read_at == 1000);
    /* a reuse keeps when the inventory was read */
    in.started_at = 3000;
    in.inventory = &inv;
    in.image_key = "sha256:1111";
    in.inventory_from = 1000;
    CK_CHECK_INT(ck_history_store_scan(h, &in, &id, &err), CK_OK);
    CK_CHECK_INT(ck_history_find_inventory(h, "sha256:1111", &found, &read_at, &err), CK_OK);
    CK_CHECK(found == id && read_at == 1000);
    CK_CHECK_INT(ck_history_get_scan(h, id, &info, &err), CK_OK);
    CK_CHECK(info.walked && info.inventory_from == 1000 && info.app_count == 2 && info.unmanaged_binaries == 1);
    CK_CHECK_STR(info.image_key, "sha256:1111");
    ck_scan_info_release(&info);

    ck_inventory_init(&back);
    CK_CHECK_INT(ck_history_load_inventory(h, id, &back, &err), CK_OK);
    CK_CHECK_STR(back.os.ecosystem, "Debian:12");
    CK_CHECK_STR(back.os.id, "debian");
    CK_CHECK_INT(back.count, inv.count);
    for (i = 0; i < back.count && i < inv.count; i++) {
        const struct ck_package *a = &back.packages[i], *b = &inv.packages[i];
        CK_CHECK(a->type == b->type && !strcmp(a->name, b->name) && !strcmp(a->version, b->version));
        CK_CHECK(a->location_count == b->location_count);
        CK_CHECK((a->owner == NULL) == (b->owner == NULL));
        if (a->type == CK_PKG_LANG)
            CK_CHECK_STR(a->ecosystem, b->ecosystem);
        if (a->location_count == 2)
            CK_CHECK_STR(a->locations[1], "/srv/node_modules/lodash/package.json");
    }
    CK_CHECK_INT(back.unmanaged_count, 1);
    if (back.unmanaged_count == 1) {
        CK_CHECK_STR(back.unmanaged[0].product_version, "v1.0.0");
        CK_CHECK(back.unmanaged[0].kind == CK_FILE_EXECUTABLE && back.unmanaged[0].size == 1234);
        CK_CHECK(strlen(back.unmanaged[0].sha256) == 64);
    }
    CK_CHECK(back.walked && back.files_seen == 99);
    ck_inventory_release(&back);
    ck_inventory_release(&inv);
    ck_inventory_release(&bad);
    ck_history_close(h);
}

static void test_reopen_keeps_data_and_newer_schema_is_refused(void)
{
    struct ck_history *h = NULL;
    struct ck_scan_info *scans = NULL;
    struct ck_err err;
    sqlite3 *raw = NULL;
    size_t n = 0;

    fresh_db("reopen");
    CK_REQUIRE(ck_history_open(db_path, &h, &err) == CK_OK);
    CK_CHECK_INT(store(h, "2.0", 700, NULL, NULL, NULL), CK_OK);
    ck_history_close(h);
    h = NULL;
    CK_REQUIRE(ck_history_open(db_path, &h, &err) == CK_OK);
    CK_CHECK_INT(ck_history_list_scans(h, "registry.example.com/dev/example-image", "2.0", &scans, &n, &err), CK_OK);
    CK_CHECK_INT(n, 1);
    ck_scan_infos_free(scans, n);
    ck_history_close(h);
    h = NULL;

    CK_REQUIRE(sqlite3_open(db_path, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(raw);
    CK_CHECK_INT(ck_history_open(db_path, &h, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "newer") != NULL);
    CK_CHECK(h == NULL);
}

int main(void)
{
    CK_RUN(test_counts_of_findings);
    CK_RUN(test_store_list_compare);
    CK_RUN(test_failed_scan_is_recorded_and_bad_input_writes_nothing);
    CK_RUN(test_reopen_keeps_data_and_newer_schema_is_refused);
    CK_RUN(test_inventory_kept_per_image_id);
    return ck_test_summary();
}
