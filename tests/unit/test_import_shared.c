/* Extended tests of the imports on real scanners' reports from the shared
 * fixtures (../shared/fixtures/imports, see its SOURCES.txt): Trivy goldens
 * and DefectDojo samples, Grype presenter snapshots and real outputs, a
 * snyk container test report; documents that are no scanner report
 * (CycloneDX, OpenVEX) refused with their name. Files the shared folder
 * lacks are skipped; the whole suite exits 77 when the folder is absent.
 * argv[1] = tests/fixtures (unused), argv[2] = the shared fixtures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "report/import.h"

static const char *shared;
static int files_read;

static char *path_of(const char *rel)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/imports/%s", shared, rel);
    return p;
}

/* Reads rel into r; 0 (and no checks) when the file is not there. */
static int read_report(const char *rel, struct ck_import_result *r)
{
    struct ck_err err;
    enum ck_status st;
    ck_import_result_init(r);
    if (!ck_file_exists(path_of(rel))) {
        fprintf(stderr, "     (%s absent: skipped)\n", rel);
        return 0;
    }
    st = ck_import_read(path_of(rel), NULL, r, &err);
    CK_CHECK_INT(st, CK_OK);
    if (st != CK_OK) {
        fprintf(stderr, "%s: %s\n", rel, err.msg);
        return 0;
    }
    files_read++;
    return 1;
}

static const struct ck_history_finding *find(const struct ck_import_scan *s, const char *id, const char *pkg)
{
    size_t i;
    for (i = 0; i < s->findings.count; i++)
        if (!strcmp(s->findings.items[i].record_id, id) && !strcmp(s->findings.items[i].package, pkg))
            return &s->findings.items[i];
    return NULL;
}

static void test_trivy_golden(void)
{
    struct ck_import_result r;
    const struct ck_history_finding *f;
    if (!read_report("trivy/trivy-golden-alpine-310.json", &r))
        return;
    CK_REQUIRE(r.count == 1);
    /* ArtifactName is the archive scanned: the image's tag names it. */
    CK_CHECK_STR(r.scans[0].repository, "ghcr.io/aquasecurity/trivy-test-images");
    CK_CHECK_STR(r.scans[0].tag, "alpine-310");
    CK_CHECK_STR(r.scans[0].os, "alpine 3.10.2");
    CK_CHECK_INT(r.scans[0].findings.count, 4);
    f = find(&r.scans[0], "CVE-2019-1549", "libcrypto1.1");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->fixed, "1.1.1d-r0");
    CK_CHECK_INT(f->severity, CK_SEV_MEDIUM);
    CK_CHECK(f->cvss_score == 5.3);
    CK_CHECK_STR(f->title, "openssl: information disclosure in fork()");
    CK_CHECK(f->refs && !strncmp(f->refs, "https://avd.aquasec.com/nvd/cve-2019-1549\n", 42));
    CK_CHECK_INT(r.warning_count, 0);
    ck_import_result_release(&r);
}

static void test_trivy_statuses(void)
{
    struct ck_import_result r;
    if (!read_report("trivy/defectdojo-trivy-all_statuses.json", &r))
        return;
    CK_REQUIRE(r.count == 1);
    /* ArtifactName "": the image from the target. */
    CK_CHECK_STR(r.scans[0].repository, "docker.io/noppaknopsta/example-app");
    CK_CHECK_STR(r.scans[0].tag, "main-159");
    /* Eight statuses, not_affected dropped. */
    CK_CHECK_INT(r.scans[0].findings.count, 7);
    CK_CHECK(find(&r.scans[0], "CVE-2019-18276", "bash") == NULL);
    CK_CHECK(find(&r.scans[0], "TEMP-0841856-B18BAF", "bash") != NULL);
    ck_import_result_release(&r);
}

static void test_grype(void)
{
    struct ck_import_result r;
    const struct ck_history_finding *f;

    if (read_report("grype/grype-presenter-TestJsonImgsPresenter.golden.json", &r)) {
        CK_REQUIRE(r.count == 1);
        CK_CHECK_STR(r.scans[0].repository, "docker.io/library/user-input");
        CK_CHECK_STR(r.scans[0].os, "centos 8.0");
        CK_CHECK_INT(r.scans[0].findings.count, 2);
        f = find(&r.scans[0], "CVE-1999-0001", "package-1");
        CK_REQUIRE(f != NULL);
        CK_CHECK_STR(f->fixed, "1.2.1");
        CK_CHECK_INT(f->severity, CK_SEV_LOW);
        CK_CHECK(f->cvss_score == 8.2);
        f = find(&r.scans[0], "CVE-1999-0002", "package-2");
        CK_REQUIRE(f != NULL);
        CK_CHECK(f->fixed == NULL);
        CK_CHECK_INT(f->severity, CK_SEV_CRITICAL);
        ck_import_result_release(&r);
    }
    if (read_report("grype/grype-presenter-TestEmptyJsonPresenter.golden.json", &r)) {
        CK_CHECK_INT(r.count, 1);
        CK_CHECK_INT(r.scans[0].findings.count, 0);
        ck_import_result_release(&r);
    }
    if (read_report("grype/defectdojo-grype-check_all_fields-debian10.json", &r)) {
        CK_REQUIRE(r.count == 1);
        CK_CHECK_STR(r.scans[0].repository, "docker.io/library/vulnerable-image");
        CK_CHECK_STR(r.scans[0].tag, "latest");
        CK_CHECK_STR(r.scans[0].os, "debian 10");
        CK_CHECK_INT(r.scans[0].findings.count, 5); /* six matches, Django listed twice */
        f = find(&r.scans[0], "GHSA-v6rh-hp5x-86rv", "Django");
        CK_REQUIRE(f != NULL);
        CK_CHECK_STR(f->cve, "CVE-2021-44420");
        CK_CHECK_STR(f->fixed, "3.2.10");
        f = find(&r.scans[0], "CVE-2021-32626", "redis");
        CK_REQUIRE(f != NULL);
        CK_CHECK(f->fixed == NULL); /* wont-fix */
        f = find(&r.scans[0], "CVE-2004-0971", "libgssapi-krb5-2");
        CK_REQUIRE(f != NULL);
        CK_CHECK_INT(f->severity, CK_SEV_NEGLIGIBLE);
        CK_CHECK(f->cvss_score == 2.1); /* the related NVD record's v2 score */
        ck_import_result_release(&r);
    }
}

static void test_snyk(void)
{
    struct ck_import_result r;
    const struct ck_history_finding *f;
    if (!read_report("snyk-docker-scan/snyk-container-test-juiceshop-epss.json", &r))
        return;
    CK_REQUIRE(r.count == 1);
    CK_CHECK_STR(r.scans[0].engine, "snyk");
    CK_CHECK_STR(r.scans[0].repository, "docker.io/sarim04/juiceshop");
    CK_CHECK_STR(r.scans[0].tag, "latest");
    CK_CHECK_INT(r.scans[0].findings.count, 13); /* 1 OS vulnerability + 12 of the npm application */
    f = find(&r.scans[0], "SNYK-DEBIAN11-GCC10-5901313", "libgcc-s1");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->source_name, "gcc-10");
    CK_CHECK_STR(f->cve, "CVE-2023-4039");
    CK_CHECK_INT(f->severity, CK_SEV_LOW);
    CK_CHECK(f->cvss_score == 4.8);
    f = find(&r.scans[0], "SNYK-JS-EXPRESSJWT-575022", "express-jwt");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->fixed, "6.0.0");
    CK_CHECK_INT(f->severity, CK_SEV_HIGH);
    ck_import_result_release(&r);
}

/* Whole folders: every scanner report reads; other documents are refused
 * with a warning naming what they are. */
static void test_folders(void)
{
    static const char *const folders[] = {"trivy", "grype", "snyk-docker-scan"};
    struct ck_import_result r;
    size_t i, k;

    for (i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        if (!read_report(folders[i], &r))
            continue;
        for (k = 0; k < r.warning_count; k++) {
            CK_CHECK(strstr(r.warnings[k], "no scanner report") == NULL);
            CK_CHECK(strstr(r.warnings[k], "not JSON") == NULL);
        }
        CK_CHECK(r.count > 0);
        ck_import_result_release(&r);
    }
    if (read_report("cyclonedx", &r)) {
        CK_CHECK_INT(r.count, 0);
        CK_CHECK(r.warning_count > 0);
        for (k = 0; k < r.warning_count; k++)
            CK_CHECK(strstr(r.warnings[k], "CycloneDX") != NULL);
        ck_import_result_release(&r);
    }
    if (read_report("openvex", &r)) {
        CK_CHECK_INT(r.count, 0);
        for (k = 0; k < r.warning_count; k++)
            CK_CHECK(strstr(r.warnings[k], "OpenVEX") != NULL || strstr(r.warnings[k], "no scanner report"));
        ck_import_result_release(&r);
    }
}

int main(int argc, char **argv)
{
    char probe[1024];
    if (argc < 3) {
        fprintf(stderr, "usage: test_import_shared FIXTURES SHARED-FIXTURES\n");
        return 2;
    }
    shared = argv[2];
    snprintf(probe, sizeof probe, "%s/imports", shared);
    if (!ck_is_dir(probe)) {
        fprintf(stderr, "%s is absent: skipped\n", probe);
        return CK_SKIP_CODE;
    }
    CK_RUN(test_trivy_golden);
    CK_RUN(test_trivy_statuses);
    CK_RUN(test_grype);
    CK_RUN(test_snyk);
    CK_RUN(test_folders);
    if (!files_read) {
        fprintf(stderr, "no shared import fixture present: skipped\n");
        return CK_SKIP_CODE;
    }
    return ck_test_summary();
}
