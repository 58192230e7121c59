/* Tests of the OpenVEX output: decisions in a history, applied to the latest
 * scans, written as a document that keeps the OpenVEX specification's rules
 * (a context, an id, an author, a timestamp, a version; each statement a
 * vulnerability name, products, a known status; not_affected with a
 * justification or an impact statement, affected with an action statement),
 * with the values each decision gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "report/openvex.h"
#include "report/scope.h"
#include "store/decisions.h"
#include "store/history.h"
#include "util/text.h"

#define DEBIAN "docker.io/library/debian"
#define DIGEST "sha256:0d8498a0e9e6a60011df39aab78534cfe940785e7c59d19dfae1eb53ea59babe"

static const char *path = "openvex_test_history.db";

static void add_finding(struct ck_history_findings *f, const char *id, const char *cve, const char *pkg)
{
    struct ck_history_finding x;
    memset(&x, 0, sizeof x);
    x.record_id = (char *)id;
    x.cve = (char *)cve;
    x.package = (char *)pkg;
    x.installed = (char *)"1.0-1";
    x.severity = CK_SEV_HIGH;
    x.cvss_score = -1;
    CK_CHECK_INT(ck_history_findings_add(f, &x), CK_OK);
}

static void store(struct ck_history *h, const char *repo, const char *tag, const char *digest)
{
    struct ck_history_findings f;
    struct ck_inventory inv;
    struct ck_scan_input in;
    struct ck_err err;

    ck_history_findings_init(&f);
    ck_inventory_init(&inv);
    add_finding(&f, "DEBIAN-CVE-2024-0001", "CVE-2024-0001", "openssl");
    add_finding(&f, "DSA-5000-1", "CVE-2024-0001", "libssl3");
    add_finding(&f, "CVE-2024-0002", NULL, "zlib1g");
    add_finding(&f, "CVE-2024-0003", NULL, "bash");
    add_finding(&f, "CVE-2024-0004", NULL, "tar");
    add_finding(&f, "CVE-2024-0005", NULL, "curl");
    add_finding(&f, "CVE-2024-0006", NULL, "gzip");
    ck_inventory_add(&inv, CK_PKG_DEB, "openssl", "1.0-1", NULL, NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "libssl3", "1.0-1", "openssl", NULL, "amd64");
    memset(&in, 0, sizeof in);
    in.repository = repo;
    in.tag = tag;
    in.digest = digest;
    in.engine = "containerkitty";
    in.started_at = in.finished_at = 1000;
    in.data_age = -1;
    in.findings = &f;
    in.inventory = &inv;
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_OK);
    ck_history_findings_release(&f);
    ck_inventory_release(&inv);
}

static void decide(struct ck_history *h, const char *vuln, const char *pkg, enum ck_decision_scope scope,
                   enum ck_decision_state state, enum ck_justification j, const char *note, int32_t expires)
{
    struct ck_decision d;
    struct ck_err err;
    memset(&d, 0, sizeof d);
    d.vuln_id = (char *)vuln;
    d.package = (char *)pkg;
    d.scope = scope;
    d.repository = scope == CK_SCOPE_ALL ? NULL : (char *)DEBIAN;
    d.tag = scope == CK_SCOPE_IMAGE ? (char *)"12" : NULL;
    d.state = state;
    d.justification = j;
    d.note = (char *)note;
    d.owner = (char *)"platform-team";
    d.expires = expires;
    d.decided_by = (char *)"reviewer";
    d.decided_at = 1764547200; /* 2025-12-01 */
    CK_CHECK_INT(ck_decisions_add(h, &d, NULL, &err), CK_OK);
}

/* The document for the decisions of fill(), parsed. */
static cJSON *export_json(struct ck_history *h, const char *repo, const char *tag, size_t *n)
{
    struct ck_scope scope;
    struct ck_openvex_options o;
    struct ck_report r;
    struct ck_buf doc;
    struct ck_err err;
    cJSON *json = NULL;

    memset(&scope, 0, sizeof scope);
    scope.kind = CK_SCOPE_LATEST;
    scope.engine = "containerkitty";
    scope.with_packages = 1;
    scope.with_review = 1;
    memset(&o, 0, sizeof o);
    o.author = "Jane Reviewer";
    o.tooling = "ContainerKitty test";
    o.now = 1764633600;
    o.repository = repo;
    o.tag = tag;
    ck_report_init(&r);
    ck_buf_init(&doc);
    CK_CHECK_INT(ck_scope_load(h, &scope, &r, &err), CK_OK);
    CK_CHECK_INT(ck_openvex_write(&r, &o, &doc, n, &err), CK_OK);
    if (doc.data)
        json = cJSON_Parse(doc.data);
    ck_buf_release(&doc);
    ck_report_release(&r);
    return json;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The rules of the OpenVEX specification a consumer relies on. */
static void check_rules(const cJSON *doc)
{
    const cJSON *st, *statements = cJSON_GetObjectItemCaseSensitive(doc, "statements");
    int64_t us;

    CK_CHECK_STR(str(doc, "@context"), "https://openvex.dev/ns/v0.2.0");
    CK_CHECK(str(doc, "@id") && !strncmp(str(doc, "@id"), "urn:uuid:", 9) && strlen(str(doc, "@id")) == 45);
    CK_CHECK_STR(str(doc, "author"), "Jane Reviewer");
    CK_CHECK(str(doc, "timestamp") && ck_text_parse_time(str(doc, "timestamp"), &us) == 0);
    CK_CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "version")));
    CK_REQUIRE(cJSON_IsArray(statements));
    cJSON_ArrayForEach(st, statements) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(st, "vulnerability");
        const cJSON *products = cJSON_GetObjectItemCaseSensitive(st, "products"), *p;
        const char *status = str(st, "status");
        CK_CHECK(str(v, "name") && *str(v, "name"));
        CK_CHECK(cJSON_GetArraySize(products) > 0);
        cJSON_ArrayForEach(p, products) CK_CHECK(str(p, "@id") && !strncmp(str(p, "@id"), "pkg:oci/", 8));
        CK_REQUIRE(status != NULL);
        CK_CHECK(!strcmp(status, "not_affected") || !strcmp(status, "affected") || !strcmp(status, "fixed") ||
                 !strcmp(status, "under_investigation"));
        if (!strcmp(status, "not_affected"))
            CK_CHECK(str(st, "justification") || str(st, "impact_statement"));
        if (!strcmp(status, "affected"))
            CK_CHECK(str(st, "action_statement") != NULL);
        if (str(st, "justification"))
            CK_CHECK_STR(status, "not_affected");
        CK_CHECK(str(st, "timestamp") && ck_text_parse_time(str(st, "timestamp"), &us) == 0);
    }
}

static const cJSON *statement_of(const cJSON *doc, const char *vuln)
{
    const cJSON *st;
    cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(doc, "statements"))
    {
        if (!strcmp(str(cJSON_GetObjectItemCaseSensitive(st, "vulnerability"), "name"), vuln))
            return st;
    }
    return NULL;
}

static int has_string(const cJSON *arr, const char *key, const char *want)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) {
        const char *s = key ? str(x, key) : (cJSON_IsString(x) ? x->valuestring : NULL);
        if (s && !strcmp(s, want))
            return 1;
    }
    return 0;
}

static void test_statements(void)
{
    struct ck_history *h = NULL;
    struct ck_err err;
    const cJSON *st, *products, *subs;
    cJSON *doc;
    size_t n = 0;
    int32_t future = ck_date_of_time(ck_time_now()) + 30;

    ck_remove(path);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    store(h, DEBIAN, "12", DIGEST);
    store(h, "docker.io/library/nginx", "1.27", "sha256:1111111111111111111111111111111111111111111111111111111111111111");
    decide(h, "CVE-2024-0001", NULL, CK_SCOPE_ALL, CK_DECISION_NOT_AFFECTED,
           CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH, "TLS is terminated by the proxy", CK_DATE_NONE);
    decide(h, "CVE-2024-0002", "zlib1g", CK_SCOPE_IMAGE, CK_DECISION_ACCEPTED_RISK, CK_JUSTIFICATION_NONE,
           "no untrusted archives", future);
    decide(h, "CVE-2024-0003", NULL, CK_SCOPE_REPOSITORY, CK_DECISION_FALSE_POSITIVE, CK_JUSTIFICATION_NONE,
           "bash is not this bash", CK_DATE_NONE);
    decide(h, "CVE-2024-0004", NULL, CK_SCOPE_ALL, CK_DECISION_AFFECTED, CK_JUSTIFICATION_NONE, NULL, CK_DATE_NONE);
    decide(h, "CVE-2024-0005", NULL, CK_SCOPE_ALL, CK_DECISION_UNDER_INVESTIGATION, CK_JUSTIFICATION_NONE,
           "asked upstream", CK_DATE_NONE);
    decide(h, "CVE-2099-9999", NULL, CK_SCOPE_ALL, CK_DECISION_FALSE_POSITIVE, CK_JUSTIFICATION_NONE, NULL,
           CK_DATE_NONE); /* no finding: not written */

    doc = export_json(h, NULL, NULL, &n);
    CK_REQUIRE(doc != NULL);
    check_rules(doc);
    CK_CHECK_INT(n, 5);
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "statements")), 5);
    CK_CHECK(statement_of(doc, "CVE-2099-9999") == NULL);
    CK_CHECK(statement_of(doc, "CVE-2024-0006") == NULL); /* no decision */

    /* one statement for both images and both packages, the record ids as aliases */
    st = statement_of(doc, "CVE-2024-0001");
    CK_REQUIRE(st != NULL);
    CK_CHECK_STR(str(st, "status"), "not_affected");
    CK_CHECK_STR(str(st, "justification"), "vulnerable_code_not_in_execute_path");
    CK_CHECK_STR(str(st, "impact_statement"), "TLS is terminated by the proxy");
    CK_CHECK_STR(str(st, "timestamp"), "2025-12-01T00:00:00Z");
    CK_CHECK(has_string(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "vulnerability"),
                                                         "aliases"), NULL, "DSA-5000-1"));
    products = cJSON_GetObjectItemCaseSensitive(st, "products");
    CK_CHECK_INT(cJSON_GetArraySize(products), 2);
    CK_CHECK(has_string(products, "@id",
                        "pkg:oci/debian@sha256%3A0d8498a0e9e6a60011df39aab78534cfe940785e7c59d19dfae1eb53ea59babe"
                        "?repository_url=docker.io/library/debian&tag=12"));
    subs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(products, 0), "subcomponents");
    CK_CHECK_INT(cJSON_GetArraySize(subs), 2);
    CK_CHECK(has_string(subs, "@id", "pkg:deb/libssl3@1.0-1?arch=amd64"));
    CK_CHECK(has_string(subs, "@id", "pkg:deb/openssl@1.0-1?arch=amd64"));

    /* an accepted risk: affected, with the expiry in the action statement, one image only */
    st = statement_of(doc, "CVE-2024-0002");
    CK_REQUIRE(st != NULL);
    CK_CHECK_STR(str(st, "status"), "affected");
    CK_CHECK(str(st, "action_statement") && strstr(str(st, "action_statement"), "Risk accepted until ") &&
             strstr(str(st, "action_statement"), "no untrusted archives"));
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(st, "products")), 1);
    subs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(st, "products"), 0),
                                            "subcomponents");
    CK_CHECK(has_string(subs, "@id", "pkg:generic/zlib1g@1.0-1"));

    st = statement_of(doc, "CVE-2024-0003"); /* a repository's decision: debian only */
    CK_REQUIRE(st != NULL);
    CK_CHECK_STR(str(st, "status"), "not_affected");
    CK_CHECK_STR(str(st, "impact_statement"), "False positive: bash is not this bash");
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(st, "products")), 1);
    CK_CHECK_STR(str(statement_of(doc, "CVE-2024-0004"), "status"), "affected");
    CK_CHECK_STR(str(statement_of(doc, "CVE-2024-0004"), "action_statement"), "To be fixed by platform-team");
    CK_CHECK_STR(str(statement_of(doc, "CVE-2024-0005"), "status"), "under_investigation");
    CK_CHECK_STR(str(statement_of(doc, "CVE-2024-0005"), "status_notes"), "asked upstream");
    cJSON_Delete(doc);

    /* one image: the other's products are gone; the same decisions give the same id */
    doc = export_json(h, "docker.io/library/nginx", "1.27", &n);
    CK_REQUIRE(doc != NULL);
    check_rules(doc);
    CK_CHECK_INT(n, 3); /* 0001, 0004, 0005 apply to every image */
    CK_CHECK(statement_of(doc, "CVE-2024-0002") == NULL);
    {
        cJSON *again = export_json(h, "docker.io/library/nginx", "1.27", &n);
        CK_CHECK_STR(str(doc, "@id"), str(again, "@id"));
        cJSON_Delete(again);
    }
    cJSON_Delete(doc);
    ck_history_close(h);
    ck_remove(path);
}

static void test_image_purl(void)
{
    struct ck_scan_info s;
    char *p;
    memset(&s, 0, sizeof s);
    s.repository = (char *)"registry.example.com:5000/Team/App";
    s.tag = (char *)"v1+build";
    s.digest = (char *)"sha256:ab";
    p = ck_openvex_image_purl(&s);
    CK_CHECK_STR(p, "pkg:oci/app@sha256%3Aab?repository_url=registry.example.com%3A5000/Team/App&tag=v1%2Bbuild");
    free(p);
    s.digest = NULL;
    s.tag = (char *)"";
    s.repository = (char *)"C:\\images\\app.tar";
    p = ck_openvex_image_purl(&s);
    CK_CHECK_STR(p, "pkg:oci/app.tar?repository_url=C%3A%5Cimages%5Capp.tar");
    free(p);
}

int main(void)
{
    CK_RUN(test_image_purl);
    CK_RUN(test_statements);
    return ck_test_summary();
}
