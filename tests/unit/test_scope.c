/* Tests of a report's scope read from a history: one scan, the latest scan
 * of every image and engine (failed scans passed over), a comparison of two
 * scans, the comparison with the previous scan, packages, and the job
 * summary file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "report/scope.h"
#include "report/summary.h"
#include "store/history.h"

static void add(struct ck_history_findings *f, const char *id, const char *pkg, enum ck_severity sev)
{
    struct ck_history_finding x;
    memset(&x, 0, sizeof x);
    x.record_id = (char *)id;
    x.package = (char *)pkg;
    x.installed = (char *)"1";
    x.severity = sev;
    x.cvss_score = -1;
    CK_CHECK_INT(ck_history_findings_add(f, &x), CK_OK);
}

static int64_t store(struct ck_history *h, const char *repo, const char *tag, const char *engine, int64_t when,
                     const struct ck_history_findings *f, const char *error, const struct ck_inventory *inv)
{
    struct ck_scan_input in;
    struct ck_err err;
    int64_t id = 0;
    memset(&in, 0, sizeof in);
    in.repository = repo;
    in.tag = tag;
    in.engine = engine;
    in.started_at = in.finished_at = when;
    in.data_age = -1;
    in.findings = f;
    in.error = error;
    in.inventory = inv;
    CK_CHECK_INT(ck_history_store_scan(h, &in, &id, &err), CK_OK);
    return id;
}

static const char *path = "scope_test_history.db";
static int64_t first, second, failed, trivy, other;

/* debian:12 by us at 100 (a, b), 200 (b, c) and a failed scan at 300; by
 * trivy at 150; alpine:3.20 by us at 120. */
static struct ck_history *fill(void)
{
    struct ck_history *h = NULL;
    struct ck_history_findings f1, f2, f3;
    struct ck_inventory inv;
    struct ck_err err;

    ck_remove(path);
    if (ck_history_open(path, &h, &err) != CK_OK)
        return NULL;
    ck_history_findings_init(&f1);
    ck_history_findings_init(&f2);
    ck_history_findings_init(&f3);
    add(&f1, "CVE-1", "a", CK_SEV_HIGH);
    add(&f1, "CVE-2", "b", CK_SEV_LOW);
    add(&f2, "CVE-2", "b", CK_SEV_LOW);
    add(&f2, "CVE-3", "c", CK_SEV_CRITICAL);
    add(&f3, "CVE-9", "z", CK_SEV_MEDIUM);
    ck_inventory_init(&inv);
    ck_inventory_add(&inv, CK_PKG_DEB, "b", "1", NULL, NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "c", "1", NULL, NULL, "amd64");
    first = store(h, "docker.io/library/debian", "12", "containerkitty", 100, &f1, NULL, NULL);
    second = store(h, "docker.io/library/debian", "12", "containerkitty", 200, &f2, NULL, &inv);
    failed = store(h, "docker.io/library/debian", "12", "containerkitty", 300, NULL, "pull failed", NULL);
    trivy = store(h, "docker.io/library/debian", "12", "trivy", 150, &f3, NULL, NULL);
    other = store(h, "docker.io/library/alpine", "3.20", "containerkitty", 120, &f3, NULL, NULL);
    ck_history_findings_release(&f1);
    ck_history_findings_release(&f2);
    ck_history_findings_release(&f3);
    ck_inventory_release(&inv);
    return h;
}

static void test_latest(void)
{
    struct ck_history *h = fill();
    struct ck_report r;
    struct ck_scope s;
    struct ck_err err;

    CK_REQUIRE(h != NULL);
    memset(&s, 0, sizeof s);
    s.kind = CK_SCOPE_LATEST;
    s.compare_previous = 1;
    ck_report_init(&r);
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_OK);
    CK_REQUIRE(r.count == 3);
    /* Sorted by repository, tag, engine. */
    CK_CHECK_INT(r.scans[0].info.id, other);
    CK_CHECK_INT(r.scans[1].info.id, second); /* the failed scan at 300 is passed over */
    CK_CHECK_INT(r.scans[2].info.id, trivy);
    CK_CHECK_INT(r.scans[1].compared_with, first);
    CK_CHECK_INT(r.scans[1].findings.count, 2);
    CK_REQUIRE(r.scans[1].states != NULL);
    CK_CHECK_INT(r.scans[1].fixed.count, 1);
    CK_CHECK_STR(r.scans[1].fixed.items[0].record_id, "CVE-1");
    CK_CHECK_INT(r.scans[0].compared_with, 0);
    CK_CHECK(r.scans[0].states == NULL);
    CK_CHECK_INT(r.scans[1].packages.count, 0); /* not asked for */
    ck_report_release(&r);

    /* One engine only, with packages. */
    s.engine = "containerkitty";
    s.with_packages = 1;
    ck_report_init(&r);
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_OK);
    CK_CHECK_INT(r.count, 2);
    CK_CHECK_INT(r.scans[1].packages.count, 2);
    ck_report_release(&r);
    ck_history_close(h);
}

static void test_scan_and_compare(void)
{
    struct ck_history *h = fill();
    struct ck_report r;
    struct ck_scope s;
    struct ck_err err;
    size_t i, news = 0;

    CK_REQUIRE(h != NULL);
    memset(&s, 0, sizeof s);
    s.kind = CK_SCOPE_SCAN;
    s.scan_id = second;
    s.compare_previous = 1;
    ck_report_init(&r);
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_OK);
    CK_REQUIRE(r.count == 1);
    CK_CHECK_INT(r.scans[0].compared_with, first); /* not trivy's scan at 150 */
    for (i = 0; i < r.scans[0].findings.count; i++)
        news += r.scans[0].states[i] == CK_STATE_NEW;
    CK_CHECK_INT(news, 1);

    /* The first scan has nothing before it. */
    s.scan_id = first;
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_OK);
    CK_CHECK_INT(r.scans[0].compared_with, 0);

    /* Compare trivy's scan with our first: across engines, as asked. */
    s.kind = CK_SCOPE_COMPARE;
    s.from_id = first;
    s.scan_id = trivy;
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_OK);
    CK_CHECK_INT(r.scans[0].compared_with, first);
    CK_CHECK_INT(r.scans[0].fixed.count, 2);
    CK_CHECK_INT(r.scans[0].states[0], CK_STATE_NEW);

    /* A missing scan: an error naming it, the report untouched. */
    s.scan_id = 999;
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "999") != NULL);
    CK_CHECK_INT(r.count, 1);
    s.kind = CK_SCOPE_SCAN;
    s.scan_id = failed;
    CK_CHECK_INT(ck_scope_load(h, &s, &r, &err), CK_OK);
    CK_CHECK(!r.scans[0].info.ok);
    CK_CHECK_INT(r.scans[0].findings.count, 0);
    ck_report_release(&r);
    ck_history_close(h);
}

static void test_job_summary(void)
{
    struct ck_history *h = fill();
    const char *out = "scope_test_summary.txt";
    int64_t ids[3];
    char text[4096];
    size_t n;
    FILE *fp;
    struct ck_err err;

    CK_REQUIRE(h != NULL);
    ids[0] = second;
    ids[1] = failed;
    ids[2] = other;
    CK_CHECK_INT(ck_summary_write_job(h, ids, 3, out, 0, &err), CK_OK);
    fp = ck_fopen(out, "rb");
    CK_REQUIRE(fp != NULL);
    n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    CK_CHECK(strstr(text, "3 scans\n") != NULL);
    CK_CHECK(strstr(text, "docker-image|docker.io/library/debian (Tag: 12): 2 vulnerable dependency paths / Unique "
                          "count: 2") != NULL);
    CK_CHECK(strstr(text, "since scan 1: 1 new, 1 fixed") != NULL);
    CK_CHECK(strstr(text, "docker-image|docker.io/library/debian (Tag: 12): scan failed: pull failed") != NULL);
    CK_CHECK(strstr(text, "docker-image|docker.io/library/alpine (Tag: 3.20): 1 vulnerable") != NULL);
    CK_CHECK(strstr(text, "1 failed scan") != NULL);
    /* Order as given: the failed scan between the two others. */
    CK_CHECK(strstr(text, "scan failed") < strstr(text, "alpine"));
    ck_remove(out);
    CK_CHECK_INT(ck_summary_write_job(h, ids, 3, "no-such-folder/x/summary.txt", 0, &err), CK_ERR_IO);
    ck_history_close(h);
    ck_remove(path);
}

int main(void)
{
    CK_RUN(test_latest);
    CK_RUN(test_scan_and_compare);
    CK_RUN(test_job_summary);
    return ck_test_summary();
}
