/* Extended suite: real OSV records from osv.dev's test data (shared
 * fixtures, vulns/debian/osv.dev-testdata; see its README.txt) imported and
 * matched. The folder also holds other JSON shapes (the Debian converter's
 * intermediates, a tracker extract) that must be refused record by record.
 * Skips (77) when the shared fixtures are absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "vuln/match.h"

static char folder[1024];
static const char db_path[] = "test_osv_shared.tmp.db";

static void remove_db(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char p[256];
    size_t i;
    for (i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", db_path, suffixes[i]);
        ck_remove(p);
    }
}

static struct ck_vulndb *db;

static void test_import_real_records(void)
{
    struct ck_vulndb_import_stats st;
    struct ck_err err;
    struct ck_osv_record r;
    int64_t rid = 0;
    size_t i;
    int named = 0;

    memset(&st, 0, sizeof st);
    ck_osv_record_init(&r);
    CK_REQUIRE(ck_vulndb_import_file(db, folder, NULL, &st, &err) == CK_OK);
    CK_CHECK_INT(st.added, 2); /* DLA-3623-1, DSA-3029-1 */
    CK_CHECK_INT(st.failed, 3);
    for (i = 0; i < st.warning_count; i++)
        named += strstr(st.warnings[i], "debian_security_tracker_mock.json") != NULL ||
                 strstr(st.warnings[i], ".debian.parts.json") != NULL;
    CK_CHECK_INT(named, 3);
    ck_vulndb_import_stats_release(&st);

    /* A record with "affected": [] and 44 upstream CVEs. */
    CK_REQUIRE(ck_vulndb_find_record(db, "DLA-3623-1", &rid, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_load_record(db, rid, &r, &err) == CK_OK);
    CK_CHECK_INT(r.upstream_count, 44);
    CK_CHECK_STR(ck_osv_record_cve(&r), "CVE-2022-39189");
    CK_CHECK_STR(r.modified, "2025-10-13T15:48:05.749899Z");
    ck_osv_record_release(&r);
}

static void match_nginx(const char *version, struct ck_findings *fs)
{
    struct ck_inventory inv;
    struct ck_package pkg;
    struct ck_err err;

    memset(&inv, 0, sizeof inv);
    memset(&pkg, 0, sizeof pkg);
    inv.os.ecosystem = (char *)"Debian:7";
    pkg.type = CK_PKG_DEB;
    pkg.name = (char *)"nginx-full";
    pkg.version = (char *)version;
    pkg.source_name = (char *)"nginx";
    pkg.source_version = (char *)version;
    inv.packages = &pkg;
    inv.count = 1;
    if (ck_match_inventory(db, &inv, fs, &err) != CK_OK)
        fprintf(stderr, "match: %s\n", err.msg);
}

static void test_match_real_dsa(void)
{
    struct ck_findings fs;

    ck_findings_init(&fs);
    match_nginx("1.2.1-2.2+wheezy2", &fs);
    CK_REQUIRE(fs.count == 1);
    CK_CHECK_STR(fs.items[0].vuln_id, "DSA-3029-1");
    CK_CHECK_STR(fs.items[0].cve, "CVE-2014-3616");
    CK_CHECK_STR(fs.items[0].package, "nginx-full");
    CK_CHECK_STR(fs.items[0].fixed_version, "1.2.1-2.2+wheezy3");
    CK_CHECK_STR(fs.items[0].title, "nginx - security update");
    CK_CHECK(fs.items[0].reference_count == 1);
    ck_findings_release(&fs);

    match_nginx("1.2.1-2.2+wheezy3", &fs);
    CK_CHECK_INT(fs.count, 0);
    match_nginx("1.2.1-2.2+wheezy2+deb7u1", &fs); /* a later local rebuild is still below wheezy3 */
    CK_CHECK_INT(fs.count, 1);
    ck_findings_release(&fs);
}

int main(int argc, char **argv)
{
    struct ck_err err;

    if (argc < 3) {
        fprintf(stderr, "usage: test_osv_shared FIXTURES SHARED-FIXTURES\n");
        return 2;
    }
    snprintf(folder, sizeof folder, "%s/vulns/debian/osv.dev-testdata", argv[2]);
    if (!ck_is_dir(folder)) {
        fprintf(stderr, "skipped: %s is absent\n", folder);
        return CK_SKIP_CODE;
    }
    remove_db();
    if (ck_vulndb_open(db_path, &db, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    CK_RUN(test_import_real_records);
    CK_RUN(test_match_real_dsa);
    ck_vulndb_close(db);
    remove_db();
    return ck_test_summary();
}
