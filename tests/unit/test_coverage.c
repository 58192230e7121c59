/* Tests of the coverage of one image by two engines: matching on CVE (or
 * record id) and package, the source-package fallback, one pairing per
 * finding, the text table and CSV, and loading the latest scan of each
 * engine from a history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "csv_read.h"
#include "platform/platform.h"
#include "report/coverage.h"
#include "store/history.h"
#include "util/text.h"

static void add(struct ck_history_findings *f, const char *id, const char *cve, const char *pkg, const char *src,
                enum ck_severity sev)
{
    struct ck_history_finding x;
    memset(&x, 0, sizeof x);
    x.record_id = (char *)id;
    x.cve = (char *)cve;
    x.package = (char *)pkg;
    x.source_name = (char *)src;
    x.installed = (char *)"1.0";
    x.fixed = sev >= CK_SEV_HIGH ? (char *)"1.1" : NULL;
    x.severity = sev;
    x.cvss_score = -1;
    CK_CHECK_INT(ck_history_findings_add(f, &x), CK_OK);
}

/* Ours (OSV records keyed by source package, binary names) and a scanner
 * that names CVEs and, for some, source packages. */
static void sets(struct ck_history_findings *a, struct ck_history_findings *b)
{
    ck_history_findings_init(a);
    ck_history_findings_init(b);
    add(a, "DSA-5678-1", "CVE-2024-0001", "libssl3", "openssl", CK_SEV_HIGH);     /* B: same CVE and package */
    add(a, "DSA-5678-1", "CVE-2024-0001", "openssl", "openssl", CK_SEV_HIGH);     /* B: same */
    add(a, "CVE-2024-0002", "CVE-2024-0002", "libc6", "glibc", CK_SEV_MEDIUM);    /* B names the source: glibc */
    add(a, "CVE-2024-0003", "CVE-2024-0003", "zlib1g", "zlib", CK_SEV_LOW);       /* only A */
    add(a, "DEBIAN-X", NULL, "bash", "bash", CK_SEV_UNKNOWN);                     /* B: same record id */
    add(b, "CVE-2024-0001", NULL, "libssl3", NULL, CK_SEV_CRITICAL);
    add(b, "CVE-2024-0001", NULL, "openssl", NULL, CK_SEV_HIGH);
    add(b, "GHSA-1", "CVE-2024-0002", "glibc", NULL, CK_SEV_MEDIUM);
    add(b, "CVE-2024-0004", NULL, "curl", NULL, CK_SEV_HIGH);                      /* only B */
    add(b, "CVE-2024-0003", NULL, "zlib-other", NULL, CK_SEV_LOW);                 /* same CVE, unrelated package */
    add(b, "DEBIAN-X", NULL, "bash", NULL, CK_SEV_LOW);
}

static const struct ck_coverage_row *row(const struct ck_coverage *c, const char *pkg_a, const char *pkg_b)
{
    size_t i;
    for (i = 0; i < c->count; i++) {
        const struct ck_coverage_row *r = &c->rows[i];
        if ((pkg_a ? r->a && !strcmp(r->a->package, pkg_a) : !r->a) &&
            (pkg_b ? r->b && !strcmp(r->b->package, pkg_b) : !r->b))
            return r;
    }
    return NULL;
}

static void test_compute(void)
{
    struct ck_coverage c;
    struct ck_history_findings a, b;

    sets(&a, &b);
    ck_coverage_init(&c);
    CK_CHECK_INT(ck_coverage_compute(&c, &a, &b), CK_OK);
    CK_CHECK(a.count == 0 && b.count == 0); /* taken */
    CK_CHECK_INT(c.both, 4);
    CK_CHECK_INT(c.only_a, 1);
    CK_CHECK_INT(c.only_b, 2);
    CK_CHECK_INT(c.count, 7);
    CK_CHECK(row(&c, "libssl3", "libssl3") != NULL);
    CK_CHECK(row(&c, "openssl", "openssl") != NULL);
    CK_CHECK(row(&c, "libc6", "glibc") != NULL);
    CK_CHECK(row(&c, "bash", "bash") != NULL);
    CK_CHECK(row(&c, "zlib1g", NULL) != NULL);
    CK_CHECK(row(&c, NULL, "zlib-other") != NULL);
    CK_CHECK(row(&c, NULL, "curl") != NULL);
    /* Sorted by identifier. */
    CK_CHECK_STR(c.rows[0].a ? c.rows[0].a->cve : c.rows[0].b->record_id, "CVE-2024-0001");
    CK_CHECK_STR(c.rows[c.count - 1].a->record_id, "DEBIAN-X");
    ck_coverage_release(&c);
}

/* Each finding pairs once: two of A against one of B leaves one only-A. */
static void test_one_pairing_each(void)
{
    struct ck_coverage c;
    struct ck_history_findings a, b;
    ck_history_findings_init(&a);
    ck_history_findings_init(&b);
    add(&a, "DSA-1", "CVE-1", "openssl", "openssl", CK_SEV_HIGH);
    add(&a, "DSA-2", "CVE-1", "openssl", "openssl", CK_SEV_HIGH);
    add(&b, "CVE-1", NULL, "openssl", NULL, CK_SEV_HIGH);
    ck_coverage_init(&c);
    CK_CHECK_INT(ck_coverage_compute(&c, &a, &b), CK_OK);
    CK_CHECK_INT(c.both, 1);
    CK_CHECK_INT(c.only_a, 1);
    CK_CHECK_INT(c.only_b, 0);
    ck_coverage_release(&c);

    /* Empty sets. */
    ck_coverage_init(&c);
    CK_CHECK_INT(ck_coverage_compute(&c, &a, &b), CK_OK);
    CK_CHECK_INT(c.count, 0);
    ck_coverage_release(&c);
}

static void test_outputs(void)
{
    struct ck_coverage c;
    struct ck_history_findings a, b;
    struct ck_buf text;
    struct ck_csv w;
    struct csv_doc d;
    size_t i, only_b = 0;

    sets(&a, &b);
    ck_coverage_init(&c);
    CK_CHECK_INT(ck_coverage_compute(&c, &a, &b), CK_OK);
    c.engine_a = ck_text_dup("containerkitty");
    c.engine_b = ck_text_dup("trivy");
    c.repository = ck_text_dup("docker.io/library/debian");
    c.tag = ck_text_dup("12");
    c.scan_a = 3;
    c.time_a = 1714558830;
    ck_buf_init(&text);
    CK_CHECK_INT(ck_coverage_text(&c, &text), CK_OK);
    CK_CHECK(strstr(ck_buf_str(&text), "Coverage of docker.io/library/debian:12\n") != NULL);
    CK_CHECK(strstr(ck_buf_str(&text), "A: containerkitty (scan 3, 2024-05-01T10:20:30Z)") != NULL);
    CK_CHECK(strstr(ck_buf_str(&text), "B: trivy (no scan)") != NULL);
    CK_CHECK(strstr(ck_buf_str(&text), "both 4, only containerkitty 1, only trivy 2") != NULL);
    CK_CHECK(strstr(ck_buf_str(&text), "CVE-2024-0004") != NULL);
    ck_buf_release(&text);

    ck_csv_init(&w, NULL);
    CK_CHECK_INT(ck_coverage_csv(&c, &w), CK_OK);
    CK_REQUIRE(csv_parse(w.out.data, w.out.len, &d) == 0);
    CK_CHECK_INT(d.nrows, 8);
    CK_CHECK_STR(csv_cell(&d, 0, 5), "Found by");
    CK_CHECK_STR(csv_cell(&d, 0, 6), "containerkitty record id");
    CK_CHECK_STR(csv_cell(&d, 0, 11), "trivy fixed version");
    for (i = 1; i < d.nrows; i++) {
        CK_CHECK_INT(d.ncells[i], 12);
        if (!strcmp(csv_cell(&d, i, 5), "trivy")) {
            only_b++;
            CK_CHECK_STR(csv_cell(&d, i, 6), "");
        }
        if (!strcmp(csv_cell(&d, i, 3), "libc6")) {
            CK_CHECK_STR(csv_cell(&d, i, 5), "both");
            CK_CHECK_STR(csv_cell(&d, i, 6), "CVE-2024-0002");
            CK_CHECK_STR(csv_cell(&d, i, 9), "GHSA-1");
            CK_CHECK_STR(csv_cell(&d, i, 10), "Medium");
        }
    }
    CK_CHECK_INT(only_b, 2);
    csv_doc_free(&d);
    ck_csv_release(&w);
    ck_coverage_release(&c);
}

static void store(struct ck_history *h, const char *repo, const char *tag, const char *engine, int64_t when,
                  const struct ck_history_findings *f, const char *error)
{
    struct ck_scan_input in;
    struct ck_err err;
    memset(&in, 0, sizeof in);
    in.repository = repo;
    in.tag = tag;
    in.engine = engine;
    in.started_at = in.finished_at = when;
    in.data_age = -1;
    in.findings = f;
    in.error = error;
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_OK);
}

static void test_load(void)
{
    const char *path = "coverage_test_history.db";
    struct ck_history *h = NULL;
    struct ck_history_findings a, b, old;
    struct ck_coverage c;
    struct ck_err err;

    ck_remove(path);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    sets(&a, &b);
    ck_history_findings_init(&old);
    add(&old, "CVE-1999-0001", NULL, "old", NULL, CK_SEV_LOW);
    store(h, "docker.io/library/debian", "12", "containerkitty", 100, &old, NULL);
    store(h, "docker.io/library/debian", "12", "containerkitty", 200, &a, NULL);
    store(h, "docker.io/library/debian", "12", "containerkitty", 300, NULL, "engine gone"); /* failed: not used */
    store(h, "docker.io/library/debian", "12", "trivy", 250, &b, NULL);
    store(h, "/srv/rootfs", "", "trivy", 250, &b, NULL);

    ck_coverage_init(&c);
    /* The name as given to scan: normalised like the history's. */
    CK_CHECK_INT(ck_coverage_load(h, "debian:12", "containerkitty", "trivy", &c, &err), CK_OK);
    CK_CHECK_STR(c.repository, "docker.io/library/debian");
    CK_CHECK_INT(c.time_a, 200);
    CK_CHECK_INT(c.time_b, 250);
    CK_CHECK_INT(c.both, 4);
    CK_CHECK_INT(c.only_a, 1);
    CK_CHECK_INT(c.only_b, 2);

    /* A path: as written; one engine without a scan. */
    CK_CHECK_INT(ck_coverage_load(h, "/srv/rootfs", "containerkitty", "trivy", &c, &err), CK_OK);
    CK_CHECK_INT(c.scan_a, 0);
    CK_CHECK_INT(c.only_b, 6);
    CK_CHECK_INT(c.both, 0);

    CK_CHECK_INT(ck_coverage_load(h, "debian:11", "containerkitty", "trivy", &c, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "neither containerkitty nor trivy") != NULL);
    CK_CHECK_STR(c.repository, "/srv/rootfs"); /* untouched by the failure */
    ck_coverage_release(&c);
    ck_history_findings_release(&a);
    ck_history_findings_release(&b);
    ck_history_findings_release(&old);
    ck_history_close(h);
    ck_remove(path);
}

int main(void)
{
    CK_RUN(test_compute);
    CK_RUN(test_one_pairing_each);
    CK_RUN(test_outputs);
    CK_RUN(test_load);
    return ck_test_summary();
}
