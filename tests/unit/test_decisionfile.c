/* Tests of the readers of triage-decision files over the project's own
 * fixtures (tests/fixtures/decisions): which format a file is, package
 * URLs, OpenVEX (every status, the older string forms, OCI scopes,
 * subcomponents, a later statement replacing an earlier one), CycloneDX
 * VEX (states, justifications, bom-refs nested and as URNs, the document's
 * container), .trivyignore, .trivyignore.yaml and Grype's rules (expiries,
 * default expiry, widened conditions), every refusal with where it is, and
 * a failed read leaving the list as it was.
 * argv[1] = tests/fixtures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/file.h"
#include "report/decisionfile.h"
#include "util/buf.h"

static const char *fixtures;

struct warnings {
    char text[64][200];
    size_t count;
};

static void collect(void *ctx, const char *where, const char *why)
{
    struct warnings *w = ctx;
    if (w->count < 64)
        snprintf(w->text[w->count], sizeof w->text[0], "%s: %s", where, why);
    w->count++;
}

static int warned(const struct warnings *w, const char *where, const char *part)
{
    size_t i;
    for (i = 0; i < w->count && i < 64; i++)
        if (!strncmp(w->text[i], where, strlen(where)) && strstr(w->text[i], part))
            return 1;
    return 0;
}

static int32_t day(const char *text)
{
    int32_t d = CK_DATE_NONE;
    ck_date_parse(text, &d);
    return d;
}

/* Reads fixture name as format f (sniffed when UNKNOWN) into out. */
static enum ck_status read_fixture(const char *name, enum ck_decisionfile_format f, int32_t default_expires,
                                   struct ck_decisions *out, struct warnings *w)
{
    char path[1024];
    struct ck_buf text;
    struct ck_err err;
    struct ck_decisionfile_options opts;
    enum ck_status st;

    snprintf(path, sizeof path, "%s/decisions/%s", fixtures, name);
    ck_buf_init(&text);
    memset(w, 0, sizeof *w);
    if (ck_file_read_all(path, CK_DECISIONFILE_MAX_BYTES, &text, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return CK_ERR_IO;
    }
    if (f == CK_DECISIONFILE_UNKNOWN)
        f = ck_decisionfile_sniff(name, text.data, text.len);
    opts.author = name;
    opts.today = day("2026-12-01");
    opts.default_expires = default_expires;
    st = ck_decisionfile_read(f, text.data ? text.data : "", text.len, &opts, out, collect, w, &err);
    if (st != CK_OK)
        fprintf(stderr, "%s: %s\n", name, err.msg);
    ck_buf_release(&text);
    return st;
}

/* The decision about vuln in package (NULL: any), or NULL. */
static const struct ck_decision *find(const struct ck_decisions *l, const char *vuln, const char *package)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        if (!strcmp(l->items[i].vuln_id, vuln) &&
            !strcmp(l->items[i].package ? l->items[i].package : "", package ? package : ""))
            return &l->items[i];
    return NULL;
}

static void test_sniff(void)
{
    static const char vex[] = "\xEF\xBB\xBF  {\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": []}";
    static const char cdx[] = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"}";
    static const char csv[] = "Image,Tag,Record id,CVE,Package,Triage\r\n";
    CK_CHECK_INT(ck_decisionfile_sniff("x/.trivyignore", "", 0), CK_DECISIONFILE_TRIVYIGNORE);
    CK_CHECK_INT(ck_decisionfile_sniff("C:\\x\\.trivyignore.yaml", "", 0), CK_DECISIONFILE_TRIVYIGNORE_YAML);
    CK_CHECK_INT(ck_decisionfile_sniff(".grype.yaml", "", 0), CK_DECISIONFILE_GRYPE);
    CK_CHECK_INT(ck_decisionfile_sniff("any.json", vex, sizeof vex - 1), CK_DECISIONFILE_OPENVEX);
    CK_CHECK_INT(ck_decisionfile_sniff("any.json", cdx, sizeof cdx - 1), CK_DECISIONFILE_CYCLONEDX);
    CK_CHECK_INT(ck_decisionfile_sniff("review.csv", csv, sizeof csv - 1), CK_DECISIONFILE_CSV);
    CK_CHECK_INT(ck_decisionfile_sniff("rules.yaml", "# x\nignore:\n  - vulnerability: a\n", 34),
                 CK_DECISIONFILE_GRYPE);
    CK_CHECK_INT(ck_decisionfile_sniff("rules.yml", "vulnerabilities:\n", 17), CK_DECISIONFILE_TRIVYIGNORE_YAML);
    CK_CHECK_INT(ck_decisionfile_sniff("other.json", "{\"a\": 1}", 8), CK_DECISIONFILE_UNKNOWN);
    CK_CHECK_INT(ck_decisionfile_sniff("notes.csv", "a,b\n", 4), CK_DECISIONFILE_UNKNOWN);
    CK_CHECK_INT(ck_decisionfile_sniff(NULL, NULL, 0), CK_DECISIONFILE_UNKNOWN);
    CK_CHECK_STR(ck_decisionfile_format_name(CK_DECISIONFILE_CYCLONEDX), "CycloneDX VEX");
}

static void check_purl(const char *purl, const char *want)
{
    char *got = ck_decisionfile_purl_package(purl);
    if (want)
        CK_CHECK_STR(got, want);
    else
        CK_CHECK(got == NULL);
    free(got);
}

static void test_purls(void)
{
    struct ck_decision d;
    check_purl("pkg:deb/debian/bash@5.2?arch=amd64", "bash");
    check_purl("pkg:npm/%40babel/core@7", "@babel/core");
    check_purl("pkg:npm/lodash@4.17.21#sub/path", "lodash");
    check_purl("pkg:golang/github.com/a/b@v1.0.0", "github.com/a/b");
    check_purl("pkg:maven/org.x/y@1?type=jar", "org.x:y");
    check_purl("pkg:composer/laravel/framework@10.0", "laravel/framework");
    check_purl("pkg:pypi/Requests@2.0", "Requests");
    check_purl("PKG:gem/rails@7.1", "rails");
    check_purl("pkg:rpm/redhat/openssl-libs@3.0.7?arch=x86_64", "openssl-libs");
    check_purl("pkg:nuget/Newtonsoft.Json@13.0.1", "Newtonsoft.Json");
    check_purl("docker.io/library/debian:12", NULL);
    check_purl("pkg:", NULL);
    check_purl("pkg:deb/", NULL);

    memset(&d, 0, sizeof d);
    CK_REQUIRE(ck_decisionfile_oci_scope("pkg:oci/debian@sha256%3Aab?repository_url=docker.io/library/debian&tag=12",
                                         &d) == 0);
    CK_CHECK_INT(d.scope, CK_SCOPE_IMAGE);
    CK_CHECK_STR(d.repository, "docker.io/library/debian");
    CK_CHECK_STR(d.tag, "12");
    free(d.repository);
    free(d.tag);
    memset(&d, 0, sizeof d);
    CK_REQUIRE(ck_decisionfile_oci_scope("pkg:oci/nginx", &d) == 0);
    CK_CHECK_INT(d.scope, CK_SCOPE_REPOSITORY);
    CK_CHECK_STR(d.repository, "docker.io/library/nginx");
    CK_CHECK(d.tag == NULL);
    free(d.repository);
    CK_CHECK_INT(ck_decisionfile_oci_scope("pkg:deb/debian/bash", &d), -1);
}

static void test_openvex(void)
{
    struct ck_decisions l;
    struct warnings w;
    const struct ck_decision *d;

    ck_decisions_init(&l);
    CK_REQUIRE(read_fixture("images.openvex.json", CK_DECISIONFILE_UNKNOWN, CK_DATE_NONE, &l, &w) == CK_OK);
    CK_CHECK_INT(l.count, 6);
    /* the later statement replaced the earlier one for openssl; libssl3 keeps it */
    d = find(&l, "CVE-2024-0001", "openssl");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_AFFECTED);
    CK_CHECK_STR(d->note, "The openssl command line is used by the entry point after all");
    CK_CHECK_INT(d->scope, CK_SCOPE_IMAGE);
    CK_CHECK_STR(d->repository, "docker.io/library/debian");
    CK_CHECK_STR(d->tag, "12");
    d = find(&l, "CVE-2024-0001", "libssl3");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_COMPONENT_NOT_PRESENT);
    CK_CHECK_STR(d->note, "The TLS stack of the image is never loaded");
    CK_CHECK_STR(d->decided_by, "images.openvex.json");
    CK_CHECK_INT(d->decided_at, 1793527200); /* 2026-11-01T10:00:00Z */
    CK_CHECK_INT(d->expires, CK_DATE_NONE);
    d = find(&l, "CVE-2024-0002", "@babel/core"); /* string forms, a package as the product */
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_AFFECTED);
    CK_CHECK_INT(d->scope, CK_SCOPE_ALL);
    CK_CHECK_INT(d->decided_at, 1795165200); /* the document's time */
    d = find(&l, "CVE-2024-0003", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_UNDER_INVESTIGATION);
    CK_CHECK_INT(d->scope, CK_SCOPE_REPOSITORY);
    CK_CHECK_STR(d->repository, "docker.io/library/nginx");
    CK_CHECK_STR(d->note, "asked the vendor");
    d = find(&l, "CVE-2024-0004", "github.com/acme/widget");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT);
    CK_CHECK_STR(d->note, "fixed (OpenVEX status)");
    d = find(&l, "CVE-2024-0006", "org.example:parser");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_NONE);
    CK_CHECK(warned(&w, "statements[4]", "no vulnerability"));
    CK_CHECK(warned(&w, "statements[5]", "unknown status 'exploited'"));
    CK_CHECK(warned(&w, "statements[6]", "unknown justification 'not_my_problem'"));
    CK_CHECK(warned(&w, "statements[7]", "not a package URL"));
    CK_CHECK(find(&l, "CVE-2024-0007", NULL) == NULL);
    CK_CHECK_INT(w.count, 4);
    ck_decisions_release(&l);
}

static void test_cyclonedx(void)
{
    struct ck_decisions l;
    struct warnings w;
    const struct ck_decision *d;

    ck_decisions_init(&l);
    CK_REQUIRE(read_fixture("app.cdx.json", CK_DECISIONFILE_UNKNOWN, CK_DATE_NONE, &l, &w) == CK_OK);
    CK_CHECK_INT(l.count, 5);
    d = find(&l, "GHSA-35jh-r3h4-6jhm", "lodash");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_UNDER_INVESTIGATION);
    CK_CHECK_INT(d->scope, CK_SCOPE_IMAGE);
    CK_CHECK_STR(d->repository, "registry.example.com/team/app");
    CK_CHECK_STR(d->tag, "2.1");
    CK_CHECK_INT(d->decided_at, 1794988800); /* lastUpdated 2026-11-18T08:00:00Z */
    d = find(&l, "CVE-2025-0001", "requests"); /* a nested component, by its URN */
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY);
    CK_CHECK_STR(d->note, "Only on Windows hosts; response: will_not_fix");
    CK_CHECK(find(&l, "CVE-2025-0001", NULL) != NULL); /* the reference that names nothing */
    CK_CHECK(warned(&w, "vulnerabilities[1]", "affects[1] names no component"));
    d = find(&l, "CVE-2025-0002", "lodash");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT);
    CK_CHECK(find(&l, "CVE-2025-0003", "lodash") == NULL); /* no analysis: a finding */
    CK_CHECK(warned(&w, "vulnerabilities[4]", "unknown analysis state 'weird'"));
    d = find(&l, "CVE-2025-0005", "requests");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_FALSE_POSITIVE);
    CK_CHECK_INT(w.count, 2);
    ck_decisions_release(&l);
}

static void test_trivyignore(void)
{
    struct ck_decisions l;
    struct warnings w;
    const struct ck_decision *d;

    ck_decisions_init(&l);
    CK_REQUIRE(read_fixture(".trivyignore", CK_DECISIONFILE_UNKNOWN, CK_DATE_NONE, &l, &w) == CK_OK);
    CK_CHECK_INT(l.count, 1); /* only the rule with its own expiry */
    d = find(&l, "CVE-2024-1001", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK_INT(d->scope, CK_SCOPE_ALL);
    CK_CHECK_INT(d->expires, day("2099-12-31"));
    CK_CHECK(warned(&w, "line 2", "no expiry"));
    CK_CHECK(warned(&w, "line 4", "expired on 2020-01-01"));
    CK_CHECK(warned(&w, "line 7", "no expiry"));
    CK_CHECK(warned(&w, "line 8", "not a vulnerability id"));
    CK_CHECK(warned(&w, "line 9", "not a date"));
    CK_CHECK_INT(w.count, 5);
    ck_decisions_release(&l);

    CK_REQUIRE(read_fixture(".trivyignore", CK_DECISIONFILE_UNKNOWN, day("2099-01-01"), &l, &w) == CK_OK);
    CK_CHECK_INT(l.count, 3);
    d = find(&l, "CVE-2024-1000", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->expires, day("2099-01-01"));
    CK_CHECK_STR(d->note, "Accepted until the base image moves to Debian 13");
    CK_CHECK(find(&l, "CVE-2024-1001", NULL)->note == NULL);
    d = find(&l, "AVD-DS-0002", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_STR(d->note, "not a finding here");
    CK_CHECK_INT(w.count, 3);
    ck_decisions_release(&l);
}

static void test_trivyignore_yaml(void)
{
    struct ck_decisions l;
    struct warnings w;
    const struct ck_decision *d;
    size_t i, images = 0;

    ck_decisions_init(&l);
    CK_REQUIRE(read_fixture(".trivyignore.yaml", CK_DECISIONFILE_UNKNOWN, day("2099-01-01"), &l, &w) == CK_OK);
    CK_CHECK_INT(l.count, 4);
    d = find(&l, "CVE-2024-2000", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->expires, day("2099-06-30"));
    CK_CHECK_STR(d->note, "Accepted until the next release");
    d = find(&l, "CVE-2024-2001", "lodash");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->scope, CK_SCOPE_ALL);
    for (i = 0; i < l.count; i++)
        if (!strcmp(l.items[i].vuln_id, "CVE-2024-2001") && l.items[i].scope == CK_SCOPE_IMAGE) {
            images++;
            CK_CHECK_STR(l.items[i].repository, "registry.example.com/team/app");
            CK_CHECK_STR(l.items[i].tag, "2.1");
            CK_CHECK(l.items[i].package == NULL);
        }
    CK_CHECK_INT(images, 1);
    CK_CHECK(find(&l, "CVE-2024-2002", NULL) != NULL);
    CK_CHECK(warned(&w, "vulnerabilities[2]", "paths are not kept"));
    CK_CHECK(warned(&w, "vulnerabilities[3]", "no id"));
    CK_CHECK(warned(&w, "misconfigurations", "1 rules"));
    ck_decisions_release(&l);
}

static void test_grype(void)
{
    struct ck_decisions l;
    struct warnings w;
    const struct ck_decision *d;

    ck_decisions_init(&l);
    CK_REQUIRE(read_fixture(".grype.yaml", CK_DECISIONFILE_UNKNOWN, CK_DATE_NONE, &l, &w) == CK_OK);
    CK_CHECK_INT(l.count, 2);
    d = find(&l, "CVE-2024-3001", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
    CK_CHECK_STR(d->note, "not reachable from the service");
    d = find(&l, "GHSA-aaaa-bbbb-cccc", NULL);
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT);
    CK_CHECK(warned(&w, "ignore[0]", "version condition is not kept"));
    CK_CHECK(warned(&w, "ignore[0]", "location condition is not kept"));
    CK_CHECK(warned(&w, "ignore[0]", "fix-state"));
    CK_CHECK(warned(&w, "ignore[0]", "no expiry"));
    CK_CHECK(warned(&w, "ignore[2]", "without a vulnerability"));
    ck_decisions_release(&l);

    CK_REQUIRE(read_fixture(".grype.yaml", CK_DECISIONFILE_UNKNOWN, day("2099-01-01"), &l, &w) == CK_OK);
    d = find(&l, "CVE-2024-3000", "libcurl");
    CK_REQUIRE(d != NULL);
    CK_CHECK_INT(d->state, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK_INT(d->expires, day("2099-01-01"));
    ck_decisions_release(&l);
}

/* A file that is not of its format fails, and what the list held stays. */
static void test_refused(void)
{
    struct ck_decisions l;
    struct ck_decision keep;
    struct ck_decisionfile_options opts = {"x", 20000, CK_DATE_NONE};
    struct ck_err err;
    struct warnings w;

    ck_decisions_init(&l);
    memset(&w, 0, sizeof w);
    memset(&keep, 0, sizeof keep);
    keep.vuln_id = (char *)"CVE-1";
    keep.expires = CK_DATE_NONE;
    CK_REQUIRE(ck_decisions_push_copy(&l, &keep) == CK_OK);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_OPENVEX, "{\"a\":1}", 7, &opts, &l, collect, &w, &err),
                 CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "statements") != NULL);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_CYCLONEDX, "not json", 8, &opts, &l, collect, &w, &err),
                 CK_ERR_PARSE);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_GRYPE, "ignore:\n\t- x\n", 12, &opts, &l, collect, &w, &err),
                 CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "line 2") != NULL);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_GRYPE, "- a\n- b\n", 8, &opts, &l, collect, &w, &err),
                 CK_ERR_PARSE);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_CSV, "", 0, &opts, &l, collect, &w, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_TRIVYIGNORE, "", CK_DECISIONFILE_MAX_BYTES + 1, &opts, &l,
                                      collect, &w, &err),
                 CK_ERR_LIMIT);
    CK_CHECK_INT(ck_decisionfile_read(CK_DECISIONFILE_TRIVYIGNORE, "\xff\xfe\n", 3, &opts, &l, collect, &w, &err),
                 CK_OK);
    CK_CHECK(warned(&w, "line 1", "not UTF-8"));
    CK_CHECK_INT(l.count, 1);
    CK_CHECK_STR(l.items[0].vuln_id, "CVE-1");
    ck_decisions_release(&l);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_decisionfile FIXTURES\n");
        return 2;
    }
    fixtures = argv[1];
    CK_RUN(test_sniff);
    CK_RUN(test_purls);
    CK_RUN(test_openvex);
    CK_RUN(test_cyclonedx);
    CK_RUN(test_trivyignore);
    CK_RUN(test_trivyignore_yaml);
    CK_RUN(test_grype);
    CK_RUN(test_refused);
    return ck_test_summary();
}
