/* Extended tests of the VEX readers on real documents from the shared
 * fixtures (../shared/fixtures/imports, see its SOURCES.txt): OpenVEX from
 * the specification, Trivy's tests and DefectDojo's, CycloneDX's VEX
 * examples, and Trivy's CycloneDX SBOMs (no analysis: no decisions). Each
 * is sniffed as its format and read without error, and the decisions it
 * gives are checked against what the document says. Files the shared folder
 * lacks are skipped; the suite exits 77 when the folder is absent.
 * argv[1] = tests/fixtures (unused), argv[2] = the shared fixtures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/file.h"
#include "platform/platform.h"
#include "report/decisionfile.h"
#include "util/buf.h"

static const char *shared;
static int files_read;

static void ignore(void *ctx, const char *where, const char *why)
{
    (void)where;
    (void)why;
    (*(size_t *)ctx)++;
}

/* Reads rel, which must sniff as want, into out; 0 when it is absent. */
static int read_doc(const char *rel, enum ck_decisionfile_format want, struct ck_decisions *out, size_t *warnings)
{
    char path[1024];
    struct ck_buf text;
    struct ck_err err;
    struct ck_decisionfile_options opts = {"shared", 20000, CK_DATE_NONE};
    enum ck_decisionfile_format f;
    enum ck_status st;

    snprintf(path, sizeof path, "%s/imports/%s", shared, rel);
    ck_decisions_init(out);
    *warnings = 0;
    if (!ck_file_exists(path)) {
        fprintf(stderr, "     (%s absent: skipped)\n", rel);
        return 0;
    }
    ck_buf_init(&text);
    if (ck_file_read_all(path, CK_DECISIONFILE_MAX_BYTES, &text, &err) != CK_OK) {
        CK_CHECK(!"the shared document can be read");
        return 0;
    }
    f = ck_decisionfile_sniff(rel, text.data, text.len);
    CK_CHECK_INT(f, want);
    st = ck_decisionfile_read(want, text.data, text.len, &opts, out, ignore, warnings, &err);
    CK_CHECK_INT(st, CK_OK);
    if (st != CK_OK)
        fprintf(stderr, "%s: %s\n", rel, err.msg);
    ck_buf_release(&text);
    files_read++;
    return st == CK_OK;
}

static const struct ck_decision *find(const struct ck_decisions *l, const char *vuln, const char *package)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        if (!strcmp(l->items[i].vuln_id, vuln) &&
            !strcmp(l->items[i].package ? l->items[i].package : "", package ? package : ""))
            return &l->items[i];
    return NULL;
}

static void test_defectdojo(void)
{
    struct ck_decisions l;
    const struct ck_decision *d;
    size_t warnings;

    if (!read_doc("openvex/defectdojo-openvex_many_vuln.json", CK_DECISIONFILE_OPENVEX, &l, &warnings))
        return;
    CK_CHECK_INT(l.count, 6);
    CK_CHECK_INT(warnings, 0);
    d = find(&l, "CVE-2024-10001", "apk-tools");
    CK_CHECK(d && d->state == CK_DECISION_NOT_AFFECTED &&
             d->justification == CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT && d->scope == CK_SCOPE_ALL);
    d = find(&l, "CVE-2024-10002", "busybox");
    CK_CHECK(d && d->state == CK_DECISION_AFFECTED);
    d = find(&l, "CVE-2024-10003", "alpine-baselayout"); /* fixed */
    CK_CHECK(d && d->state == CK_DECISION_NOT_AFFECTED && d->note && strstr(d->note, "fixed"));
    d = find(&l, "CVE-2024-10004", "musl");
    CK_CHECK(d && d->state == CK_DECISION_UNDER_INVESTIGATION);
    d = find(&l, "CVE-2024-10005", "zlib");
    CK_CHECK(d && d->justification == CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST);
    d = find(&l, "CVE-2024-10006", "openssl"); /* the string forms */
    CK_CHECK(d && d->justification == CK_JUSTIFICATION_COMPONENT_NOT_PRESENT);
    ck_decisions_release(&l);
}

static void test_trivy_documents(void)
{
    struct ck_decisions l;
    const struct ck_decision *d;
    size_t warnings;

    if (read_doc("openvex/openvex-spec-minimal-example.json", CK_DECISIONFILE_OPENVEX, &l, &warnings)) {
        CK_CHECK_INT(l.count, 1); /* git on two architectures: one package */
        d = find(&l, "CVE-2023-12345", "git");
        CK_CHECK(d && d->state == CK_DECISION_NOT_AFFECTED);
    }
    ck_decisions_release(&l);
    if (read_doc("openvex/trivy-integration-openvex.json", CK_DECISIONFILE_OPENVEX, &l, &warnings)) {
        d = find(&l, "CVE-2022-23628", "github.com/open-policy-agent/opa");
        CK_CHECK(d && d->justification == CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH && d->note &&
                 strstr(d->note, "isn't called"));
    }
    ck_decisions_release(&l);
    if (read_doc("openvex/trivy-openvex-multiple.json", CK_DECISIONFILE_OPENVEX, &l, &warnings)) {
        CK_CHECK_INT(l.count, 1); /* the later statement replaces the earlier one */
        d = find(&l, "CVE-2021-44228", "org.springframework.boot:spring-boot");
        CK_CHECK(d && d->state == CK_DECISION_NOT_AFFECTED);
    }
    ck_decisions_release(&l);
    if (read_doc("openvex/trivy-openvex-oci-debian-bash.json", CK_DECISIONFILE_OPENVEX, &l, &warnings)) {
        d = find(&l, "CVE-2022-3715", "bash");
        CK_CHECK(d && d->scope == CK_SCOPE_REPOSITORY && d->repository &&
                 !strcmp(d->repository, "docker.io/library/debian"));
    }
    ck_decisions_release(&l);
}

static void test_cyclonedx(void)
{
    static const char *const sboms[] = {"cyclonedx/cyclonedx-bom-examples-VEX-bom.json",
                                        "cyclonedx/trivy-centos-7-container-sbom-input.cdx.json",
                                        "cyclonedx/trivy-fluentd-container-sbom-input.cdx.json",
                                        "cyclonedx/trivy-fluentd-container-with-vulns.cdx.json"};
    struct ck_decisions l;
    const struct ck_decision *d;
    size_t warnings, i;

    if (read_doc("cyclonedx/cyclonedx-bom-examples-VEX-vex.json", CK_DECISIONFILE_CYCLONEDX, &l, &warnings)) {
        d = find(&l, "CVE-2020-25649", "com.fasterxml.jackson.core:jackson-databind");
        CK_CHECK(d && d->state == CK_DECISION_NOT_AFFECTED &&
                 d->justification == CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
        CK_CHECK(d && d->note && strstr(d->note, "response: will_not_fix; response: update"));
    }
    ck_decisions_release(&l);
    for (i = 0; i < sizeof sboms / sizeof sboms[0]; i++) {
        if (read_doc(sboms[i], CK_DECISIONFILE_CYCLONEDX, &l, &warnings))
            CK_CHECK_INT(l.count, 0);
        ck_decisions_release(&l);
    }
}

int main(int argc, char **argv)
{
    char probe[1024];
    if (argc < 3) {
        fprintf(stderr, "usage: test_decisionfile_shared FIXTURES SHARED-FIXTURES\n");
        return 2;
    }
    shared = argv[2];
    snprintf(probe, sizeof probe, "%s/imports", shared);
    if (!ck_is_dir(probe)) {
        fprintf(stderr, "%s is absent: skipped\n", probe);
        return CK_SKIP_CODE;
    }
    CK_RUN(test_defectdojo);
    CK_RUN(test_trivy_documents);
    CK_RUN(test_cyclonedx);
    if (!files_read) {
        fprintf(stderr, "no shared VEX document present: skipped\n");
        return CK_SKIP_CODE;
    }
    return ck_test_summary();
}
