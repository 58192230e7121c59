/* Tests of the report formats on a report built in memory: both CSV
 * presets read back cell by cell (hostile titles with quotes, newlines and
 * formulas included), the text summary, HTML escaping, SARIF and CycloneDX
 * read back with cJSON, comparisons, package URLs and image names. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "csv_read.h"
#include "report/cyclonedx.h"
#include "report/export.h"
#include "report/html.h"
#include "report/report.h"
#include "report/sarif.h"
#include "report/summary.h"
#include "util/text.h"

#define HOSTILE_TITLE "=cmd|' /C calc'!A0"
#define HOSTILE_DESC "He said \"run\", then\r\nleft; <script>alert('x')</script> & co"

static void add(struct ck_history_findings *f, const char *id, const char *cve, const char *pkg, const char *installed,
                const char *fixed, enum ck_severity sev, double score, const char *vector, const char *title,
                const char *desc, const char *refs)
{
    struct ck_history_finding x;
    memset(&x, 0, sizeof x);
    x.record_id = (char *)id;
    x.cve = (char *)cve;
    x.package = (char *)pkg;
    x.source_name = (char *)"openssl";
    x.installed = (char *)installed;
    x.fixed = (char *)fixed;
    x.severity = sev;
    x.cvss_score = score;
    x.cvss_vector = (char *)vector;
    x.title = (char *)title;
    x.description = (char *)desc;
    x.refs = (char *)refs;
    x.first_seen = 1622540000;
    CK_CHECK_INT(ck_history_findings_add(f, &x), CK_OK);
}

static void info_of(struct ck_scan_info *s, int64_t id, const char *repo, const char *tag, const char *error)
{
    memset(s, 0, sizeof *s);
    s->id = id;
    s->image_id = id;
    s->repository = ck_text_dup(repo);
    s->tag = ck_text_dup(tag);
    s->digest = error ? NULL : ck_text_dup("sha256:abc");
    s->engine = ck_text_dup("containerkitty");
    s->started_at = 1622540000 + id;
    s->finished_at = s->started_at + 10;
    s->ok = !error;
    s->error = ck_text_dup(error);
    s->os = error ? NULL : ck_text_dup("Ubuntu 16.04.7 LTS");
    s->ecosystem = error ? NULL : ck_text_dup("Ubuntu:16.04:LTS");
    s->data_age = 60;
}

/* Scan 8 of ubuntu:xenial-20210429 (three findings, compared with scan 7,
 * packages known) and a failed scan 9. */
static void build(struct ck_report *r)
{
    struct ck_scan_info info;
    struct ck_history_findings f, base;
    struct ck_inventory inv;

    ck_report_init(r);
    r->generated_at = 1622600000;
    ck_history_findings_init(&f);
    add(&f, "USN-4891-1", "CVE-2021-3449", "libssl1.0.0", "1.0.2g-1ubuntu4.19", "1.0.2g-1ubuntu4.20", CK_SEV_CRITICAL,
        9.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", HOSTILE_TITLE, HOSTILE_DESC,
        "https://ubuntu.com/security/notices/USN-4891-1\nhttps://example.com/second");
    add(&f, "CVE-2016-2105", "CVE-2016-2105", "openssl", "1.0.2g-1ubuntu4.19", NULL, CK_SEV_MEDIUM, -1, NULL,
        "+SUM(1,2), \"quoted\"", "desc", "javascript:alert(1)");
    add(&f, "UBUNTU-X", NULL, "libc6", "2.23-0ubuntu11.3", NULL, CK_SEV_UNKNOWN, -1, NULL, NULL, NULL, NULL);
    ck_inventory_init(&inv);
    ck_inventory_add(&inv, CK_PKG_DEB, "libssl1.0.0", "1.0.2g-1ubuntu4.19", "openssl", NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "openssl", "1.0.2g-1ubuntu4.19", NULL, NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "libc6", "2.23-0ubuntu11.3", "glibc", NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "bash", "1:4.3-14ubuntu1.4+x", NULL, NULL, "amd64");
    info_of(&info, 8, "docker.io/library/ubuntu", "xenial-20210429", NULL);
    CK_CHECK_INT(ck_report_take_scan(r, &info, &f, &inv), CK_OK);
    CK_CHECK(info.repository == NULL && f.count == 0 && inv.count == 0);

    ck_history_findings_init(&base);
    add(&base, "CVE-2016-2105", "CVE-2016-2105", "openssl", "1.0.2g-1ubuntu4.18", NULL, CK_SEV_MEDIUM, -1, NULL, "old",
        NULL, NULL);
    add(&base, "CVE-2015-0001", NULL, "zlib1g", "1.2.8", "1.2.9", CK_SEV_LOW, 3.1, NULL, "fixed since", NULL, NULL);
    CK_CHECK_INT(ck_report_compare(&r->scans[0], &base, 7), CK_OK);
    ck_history_findings_release(&base);

    info_of(&info, 9, "registry.example.com/dev/broken", "2.0", "unauthorized <b>bold</b>");
    CK_CHECK_INT(ck_report_take_scan(r, &info, NULL, NULL), CK_OK);
}

static void test_compare(void)
{
    struct ck_report r;
    build(&r);
    CK_REQUIRE(r.count == 2 && r.scans[0].states);
    CK_CHECK_INT(r.scans[0].states[0], CK_STATE_NEW);
    CK_CHECK_INT(r.scans[0].states[1], CK_STATE_UNCHANGED);
    CK_CHECK_INT(r.scans[0].states[2], CK_STATE_NEW);
    CK_CHECK_INT(r.scans[0].fixed.count, 1);
    CK_CHECK_STR(r.scans[0].fixed.items[0].record_id, "CVE-2015-0001");
    CK_CHECK_INT(r.scans[0].compared_with, 7);
    CK_CHECK(r.scans[1].states == NULL);
    CK_CHECK_STR(ck_finding_state_str(CK_STATE_FIXED), "fixed");
    CK_CHECK_STR(ck_finding_state_str(CK_STATE_NONE), "");
    ck_report_release(&r);
}

static int read_csv(const struct ck_report *r, enum ck_csv_preset preset, struct csv_doc *doc)
{
    struct ck_csv w;
    int rc;
    ck_csv_init(&w, NULL);
    CK_CHECK_INT(ck_export_csv(r, preset, &w), CK_OK);
    CK_CHECK_INT(ck_csv_finish(&w, NULL, NULL), CK_OK);
    rc = csv_parse(w.out.data, w.out.len, doc);
    ck_csv_release(&w);
    return rc;
}

static void test_csv_original(void)
{
    static const char *const header[] = {"Id", "IdSnyk", "Image", "ImageVersion", "PackageName",
                                         "PackageVersion", "Title", "Severity", "Description", "Countermeasure",
                                         "Upgradable", "Patchable", "CVSS Score", "CVSSv3", "Reference"};
    struct ck_report r;
    struct csv_doc d;
    size_t i;

    build(&r);
    CK_REQUIRE(read_csv(&r, CK_CSV_ORIGINAL, &d) == 0);
    CK_CHECK(d.had_bom);
    CK_CHECK_INT(d.nrows, 4); /* header + 3 findings; no rows for fixed ones or the failed scan */
    for (i = 0; i < 15; i++)
        CK_CHECK_STR(csv_cell(&d, 0, i), header[i]);
    for (i = 0; i < d.nrows; i++)
        CK_CHECK_INT(d.ncells[i], 15);
    CK_CHECK_STR(csv_cell(&d, 1, 0), "CVE-2021-3449");
    CK_CHECK_STR(csv_cell(&d, 1, 1), "USN-4891-1");
    CK_CHECK_STR(csv_cell(&d, 1, 2), "docker.io/library/ubuntu");
    CK_CHECK_STR(csv_cell(&d, 1, 3), "xenial-20210429");
    CK_CHECK_STR(csv_cell(&d, 1, 4), "libssl1.0.0");
    CK_CHECK_STR(csv_cell(&d, 1, 5), "1.0.2g-1ubuntu4.19");
    CK_CHECK_STR(csv_cell(&d, 1, 6), "'" HOSTILE_TITLE);
    CK_CHECK_STR(csv_cell(&d, 1, 7), "Critical");
    CK_CHECK_STR(csv_cell(&d, 1, 8), HOSTILE_DESC);
    CK_CHECK_STR(csv_cell(&d, 1, 9), "Upgrade libssl1.0.0 to 1.0.2g-1ubuntu4.20");
    CK_CHECK_STR(csv_cell(&d, 1, 10), "true");
    CK_CHECK_STR(csv_cell(&d, 1, 11), "true");
    CK_CHECK_STR(csv_cell(&d, 1, 12), "9.8");
    CK_CHECK_STR(csv_cell(&d, 1, 13), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    CK_CHECK_STR(csv_cell(&d, 1, 14), "https://ubuntu.com/security/notices/USN-4891-1");
    CK_CHECK_STR(csv_cell(&d, 2, 6), "'+SUM(1,2), \"quoted\"");
    CK_CHECK_STR(csv_cell(&d, 2, 9), "No fix available yet");
    CK_CHECK_STR(csv_cell(&d, 2, 10), "false");
    CK_CHECK_STR(csv_cell(&d, 2, 12), "");
    CK_CHECK_STR(csv_cell(&d, 3, 0), "UBUNTU-X"); /* no CVE: the record id */
    CK_CHECK_STR(csv_cell(&d, 3, 7), "Unknown");
    csv_doc_free(&d);
    ck_report_release(&r);
}

static void test_csv_extended(void)
{
    struct ck_report r;
    struct csv_doc d;

    build(&r);
    CK_REQUIRE(read_csv(&r, CK_CSV_EXTENDED, &d) == 0);
    CK_CHECK_INT(d.nrows, 5); /* header + 3 findings + 1 fixed */
    CK_CHECK_INT(d.ncells[0], 23);
    CK_CHECK_STR(csv_cell(&d, 0, 4), "Scan time");
    CK_CHECK_STR(csv_cell(&d, 0, 16), "State");
    CK_CHECK_STR(csv_cell(&d, 1, 0), "docker.io/library/ubuntu");
    CK_CHECK_STR(csv_cell(&d, 1, 2), "sha256:abc");
    CK_CHECK_STR(csv_cell(&d, 1, 3), "containerkitty");
    CK_CHECK_STR(csv_cell(&d, 1, 4), "2021-06-01T09:33:28Z"); /* 1622540008 */
    CK_CHECK_STR(csv_cell(&d, 1, 5), "Ubuntu 16.04.7 LTS");
    CK_CHECK_STR(csv_cell(&d, 1, 6), "USN-4891-1");
    CK_CHECK_STR(csv_cell(&d, 1, 7), "CVE-2021-3449");
    CK_CHECK_STR(csv_cell(&d, 1, 9), "openssl");
    CK_CHECK_STR(csv_cell(&d, 1, 11), "1.0.2g-1ubuntu4.20");
    CK_CHECK_STR(csv_cell(&d, 1, 13), "9.8");
    CK_CHECK_STR(csv_cell(&d, 1, 15), "2021-06-01T09:33:20Z");
    CK_CHECK_STR(csv_cell(&d, 1, 16), "new");
    CK_CHECK_STR(csv_cell(&d, 1, 17), "'" HOSTILE_TITLE);
    CK_CHECK_STR(csv_cell(&d, 1, 18), "https://ubuntu.com/security/notices/USN-4891-1\nhttps://example.com/second");
    CK_CHECK_STR(csv_cell(&d, 2, 16), "unchanged");
    CK_CHECK_STR(csv_cell(&d, 4, 6), "CVE-2015-0001");
    CK_CHECK_STR(csv_cell(&d, 4, 16), "fixed");
    CK_CHECK_STR(csv_cell(&d, 0, 19), "Ecosystem");
    CK_CHECK_STR(csv_cell(&d, 0, 22), "Assessment");
    CK_CHECK_STR(csv_cell(&d, 1, 20), "vulnerability");
    CK_CHECK_STR(csv_cell(&d, 1, 22), "assessed");
    csv_doc_free(&d);

    /* a scan that could not assess its npm packages ends with a row saying so */
    r.scans[0].info.not_assessed = ck_text_dup("no vulnerability data for npm");
    CK_REQUIRE(read_csv(&r, CK_CSV_EXTENDED, &d) == 0);
    CK_CHECK_INT(d.nrows, 6);
    CK_CHECK_STR(csv_cell(&d, 1, 22), "not assessed");
    CK_CHECK_STR(csv_cell(&d, 5, 0), "docker.io/library/ubuntu");
    CK_CHECK_STR(csv_cell(&d, 5, 16), "not assessed");
    CK_CHECK_STR(csv_cell(&d, 5, 17), "Not assessed: no vulnerability data for npm");
    CK_CHECK_INT(d.ncells[5], 23);
    csv_doc_free(&d);
    ck_report_release(&r);
}

static void test_csv_unmanaged(void)
{
    struct ck_report r;
    struct csv_doc d;
    struct ck_unmanaged u;
    enum ck_csv_preset p;

    build(&r);
    memset(&u, 0, sizeof u);
    u.path = "/opt/=cmd|' /C calc'!A0"; /* a hostile file name stays text in a spreadsheet */
    u.kind = CK_FILE_EXECUTABLE;
    u.size = 4096;
    memset(u.sha256, 'b', 64);
    u.detail = "ELF x86-64";
    CK_REQUIRE(ck_inventory_add_unmanaged(&r.scans[0].packages, &u) == CK_OK);
    CK_REQUIRE(read_csv(&r, CK_CSV_UNMANAGED, &d) == 0);
    CK_CHECK_INT(d.nrows, 2);
    CK_CHECK_STR(csv_cell(&d, 0, 7), "SHA-256");
    CK_CHECK_STR(csv_cell(&d, 1, 0), "docker.io/library/ubuntu");
    CK_CHECK_STR(csv_cell(&d, 1, 4), "/opt/=cmd|' /C calc'!A0");
    CK_CHECK_STR(csv_cell(&d, 1, 5), "executable");
    CK_CHECK_STR(csv_cell(&d, 1, 6), "4096");
    CK_CHECK(strlen(csv_cell(&d, 1, 7)) == 64);
    CK_CHECK(ck_csv_preset_parse("unmanaged", &p) == 0 && p == CK_CSV_UNMANAGED);
    csv_doc_free(&d);
    ck_report_release(&r);
}

static void test_summary(void)
{
    struct ck_report r;
    struct ck_buf b;
    build(&r);
    r.scans[0].info.walked = 1; /* an image whose whole filesystem was read, reusing an inventory */
    r.scans[0].info.package_count = 200;
    r.scans[0].info.app_count = 52;
    r.scans[0].info.unmanaged_binaries = 3;
    r.scans[0].info.inventory_from = 1622540008;
    ck_buf_init(&b);
    CK_CHECK_INT(ck_summary_text(&r, &b), CK_OK);
    CK_CHECK(strstr(ck_buf_str(&b), "200 packages (52 of applications), 3 unmanaged executables and libraries; "
                                    "inventory reused from 2021-06-01T09:33:28Z") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "docker-image|docker.io/library/ubuntu (Tag: xenial-20210429): 3 vulnerable "
                                    "dependency paths / Unique count: 3") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "since scan 7: 2 new, 1 fixed") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "docker-image|registry.example.com/dev/broken (Tag: 2.0): scan failed: "
                                    "unauthorized <b>bold</b>") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "Total: 3 vulnerable dependency paths / Unique count: 3 (summed per image), "
                                    "1 failed scan") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "Critical 1, High 0, Medium 1, Low 0, Negligible 0, Unknown 1") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "2021-06-02T02:13:20Z") != NULL); /* generated_at */
    ck_buf_release(&b);
    ck_report_release(&r);
}

static void test_html(void)
{
    struct ck_report r;
    struct ck_buf b;
    const char *html;
    build(&r);
    ck_buf_init(&b);
    CK_CHECK_INT(ck_html_report(&r, 0, &b), CK_OK);
    html = ck_buf_str(&b);
    CK_CHECK(!strncmp(html, "<!DOCTYPE html>", 15));
    CK_CHECK(strstr(html, "<script") == NULL);
    CK_CHECK(strstr(html, "<b>bold") == NULL);
    CK_CHECK(strstr(html, "unauthorized &lt;b&gt;bold&lt;/b&gt;") != NULL);
    CK_CHECK(strstr(html, "=cmd|&#39; /C calc&#39;!A0") != NULL);
    CK_CHECK(strstr(html, "+SUM(1,2), &quot;quoted&quot;") != NULL);
    /* Links only to web addresses; nothing loaded from outside. */
    CK_CHECK(strstr(html, "<a href=\"https://ubuntu.com/security/notices/USN-4891-1\">CVE-2021-3449</a>") != NULL);
    CK_CHECK(strstr(html, "javascript:") == NULL);
    CK_CHECK(strstr(html, " src=") == NULL && strstr(html, "<link") == NULL && strstr(html, "@import") == NULL);
    CK_CHECK(strstr(html, "default-src 'none'") != NULL);
    CK_CHECK(strstr(html, "<td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">1</td>") != NULL);
    CK_CHECK(strstr(html, "2 new, 1 fixed") != NULL);
    CK_CHECK(strstr(html, "not assessed") == NULL);
    /* Most severe first. */
    CK_CHECK(strstr(html, "CVE-2021-3449") < strstr(html, "CVE-2016-2105"));
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_html_report(&r, 1, &b), CK_OK);
    CK_CHECK(strstr(ck_buf_str(&b), "The 1 most severe of 3 findings.") != NULL);
    CK_CHECK(strstr(ck_buf_str(&b), "CVE-2016-2105") == NULL);
    /* a scan that could not judge a part says so (escaped) */
    r.scans[0].info.not_assessed = ck_text_dup("no vulnerability data for <npm>");
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_html_report(&r, 0, &b), CK_OK);
    CK_CHECK(strstr(ck_buf_str(&b), "; <span class=\"failed\">not assessed: no vulnerability data for &lt;npm&gt;</span>") !=
             NULL);
    ck_buf_release(&b);
    ck_report_release(&r);
}

static void test_html_escape(void)
{
    struct ck_buf b;
    ck_buf_init(&b);
    ck_html_escape(&b, "<a href='x'>\"&amp;\"</a>");
    CK_CHECK_STR(ck_buf_str(&b), "&lt;a href=&#39;x&#39;&gt;&quot;&amp;amp;&quot;&lt;/a&gt;");
    ck_buf_release(&b);
}

static cJSON *parse_buf(struct ck_buf *b)
{
    cJSON *root = cJSON_ParseWithLength(b->data, b->len);
    CK_CHECK(root != NULL);
    return root;
}

static void test_sarif(void)
{
    struct ck_report r;
    struct ck_buf b;
    cJSON *root, *run, *rules, *results, *res;
    int n = 0;

    build(&r);
    ck_buf_init(&b);
    CK_CHECK_INT(ck_sarif_report(&r, &b), CK_OK);
    root = parse_buf(&b);
    CK_REQUIRE(root != NULL);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "version")), "2.1.0");
    run = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runs"), 0);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "name")),
                 "ContainerKitty");
    rules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
    results = cJSON_GetObjectItem(run, "results");
    CK_CHECK_INT(cJSON_GetArraySize(rules), 3);
    CK_CHECK_INT(cJSON_GetArraySize(results), 3);
    cJSON_ArrayForEach(res, results)
    {
        const char *rule_id = cJSON_GetStringValue(cJSON_GetObjectItem(res, "ruleId"));
        int idx = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(res, "ruleIndex"));
        cJSON *rule = cJSON_GetArrayItem(rules, idx);
        const char *uri = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
            cJSON_GetArrayItem(cJSON_GetObjectItem(res, "locations"), 0), "physicalLocation"), "artifactLocation"), "uri"));
        CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(rule, "id")), rule_id);
        CK_CHECK_STR(uri, "docker.io/library/ubuntu%3Axenial-20210429");
        n++;
    }
    CK_CHECK_INT(n, 3);
    /* USN-4891-1 is critical: error, and its CVSS score as security-severity. */
    res = cJSON_GetArrayItem(results, 0);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(res, "ruleId")), "USN-4891-1");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(res, "level")), "error");
    CK_CHECK(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "message"), "text")), HOSTILE_TITLE) != NULL);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "properties"), "state")), "new");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, 2), "properties"),
                                                          "security-severity")),
                 "9.8");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, 2), "helpUri")),
                 "https://ubuntu.com/security/notices/USN-4891-1");
    /* Medium without a score: the middle of its band; warning. */
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, 0), "properties"),
                                                          "security-severity")),
                 "5.5");
    CK_CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, 0), "helpUri") == NULL); /* javascript: is no help */
    CK_CHECK_STR(ck_sarif_level(CK_SEV_MEDIUM), "warning");
    CK_CHECK_STR(ck_sarif_level(CK_SEV_LOW), "note");
    CK_CHECK_STR(ck_sarif_level(CK_SEV_UNKNOWN), "note");
    CK_CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "properties"), "locationsInImage") == NULL);
    cJSON_Delete(root);

    /* an application package's finding: its ecosystem, kind and places in the image */
    free(r.scans[0].findings.items[0].locations);
    r.scans[0].findings.items[0].locations = ck_text_dup("/app/node_modules/a/package.json\n/srv/node_modules/a/package.json");
    r.scans[0].findings.items[0].ecosystem = ck_text_dup("npm");
    r.scans[0].findings.items[0].kind = 1;
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_sarif_report(&r, &b), CK_OK);
    root = parse_buf(&b);
    CK_REQUIRE(root != NULL);
    res = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runs"), 0), "results"), 0);
    {
        cJSON *props = cJSON_GetObjectItem(res, "properties");
        cJSON *where = cJSON_GetObjectItem(props, "locationsInImage");
        CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(props, "ecosystem")), "npm");
        CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(props, "kind")), "malicious package");
        CK_CHECK_INT(cJSON_GetArraySize(where), 2);
        CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(where, 1)), "/srv/node_modules/a/package.json");
    }
    cJSON_Delete(root);
    ck_buf_release(&b);
    ck_report_release(&r);
}

/* Every affects[].ref of the BOM names a component's bom-ref. */
static int refs_resolve(cJSON *root)
{
    char refs[64][64];
    int n = 0, ok = 1;
    cJSON *c, *v, *a, *inner;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "components"))
    {
        snprintf(refs[n++ % 64], 64, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(c, "bom-ref")));
        cJSON_ArrayForEach(inner, cJSON_GetObjectItem(c, "components"))
        snprintf(refs[n++ % 64], 64, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(inner, "bom-ref")));
    }
    c = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "metadata"), "component");
    if (c)
        snprintf(refs[n++ % 64], 64, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(c, "bom-ref")));
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "vulnerabilities"))
    {
        cJSON_ArrayForEach(a, cJSON_GetObjectItem(v, "affects"))
        {
            const char *ref = cJSON_GetStringValue(cJSON_GetObjectItem(a, "ref"));
            int i, found = 0;
            for (i = 0; i < n && i < 64; i++)
                found |= ref && !strcmp(refs[i], ref);
            ok &= found;
        }
    }
    return ok && n > 0;
}

static void test_cyclonedx(void)
{
    struct ck_report r;
    struct ck_buf b;
    cJSON *root, *comps, *vulns, *v, *c;
    int purls = 0;

    build(&r);
    ck_buf_init(&b);
    /* One scan: the image is the BOM's subject. */
    r.count = 1;
    CK_CHECK_INT(ck_cyclonedx_report(&r, &b), CK_OK);
    r.count = 2;
    root = parse_buf(&b);
    CK_REQUIRE(root != NULL);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "bomFormat")), "CycloneDX");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "specVersion")), "1.5");
    CK_CHECK(!strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(root, "serialNumber")), "urn:uuid:", 9));
    c = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "metadata"), "component");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(c, "type")), "container");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")), "docker.io/library/ubuntu");
    comps = cJSON_GetObjectItem(root, "components");
    CK_CHECK_INT(cJSON_GetArraySize(comps), 4);
    cJSON_ArrayForEach(c, comps)
    {
        const char *purl = cJSON_GetStringValue(cJSON_GetObjectItem(c, "purl"));
        purls += purl && !strncmp(purl, "pkg:deb/ubuntu/", 15) && strstr(purl, "distro=ubuntu-16.04");
    }
    CK_CHECK_INT(purls, 4);
    vulns = cJSON_GetObjectItem(root, "vulnerabilities");
    CK_CHECK_INT(cJSON_GetArraySize(vulns), 3);
    v = cJSON_GetArrayItem(vulns, 1); /* sorted by id: CVE-2016-2105, CVE-2021-3449, UBUNTU-X */
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(v, "id")), "CVE-2021-3449");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "ratings"), 0), "severity")),
                 "critical");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "ratings"), 0), "method")),
                 "CVSSv31");
    CK_CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "ratings"), 0), "score")) == 9.8);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(v, "recommendation")), "Upgrade libssl1.0.0 to 1.0.2g-1ubuntu4.20");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(v, "description")), HOSTILE_TITLE);
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(v, "advisories")), 2);
    CK_CHECK(refs_resolve(root));
    cJSON_Delete(root);

    /* Several scans: one container component per image, packages inside. */
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_cyclonedx_report(&r, &b), CK_OK);
    root = parse_buf(&b);
    CK_REQUIRE(root != NULL);
    comps = cJSON_GetObjectItem(root, "components");
    CK_CHECK_INT(cJSON_GetArraySize(comps), 2);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(comps, 1), "name")),
                 "registry.example.com/dev/broken");
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(comps, 0), "components")), 4);
    CK_CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "metadata"), "component") == NULL);
    CK_CHECK(refs_resolve(root));
    cJSON_Delete(root);
    ck_buf_release(&b);
    ck_report_release(&r);
}

/* Without packages, the components are what the findings name. */
static void test_cyclonedx_without_packages(void)
{
    struct ck_report r;
    struct ck_buf b;
    cJSON *root, *c;

    build(&r);
    ck_inventory_release(&r.scans[0].packages);
    ck_inventory_init(&r.scans[0].packages);
    ck_buf_init(&b);
    CK_CHECK_INT(ck_cyclonedx_report(&r, &b), CK_OK);
    root = parse_buf(&b);
    CK_REQUIRE(root != NULL);
    c = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "components"), 0), "components");
    CK_CHECK_INT(cJSON_GetArraySize(c), 3);
    CK_CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(c, 0), "purl") == NULL);
    CK_CHECK(refs_resolve(root));
    cJSON_Delete(root);
    ck_buf_release(&b);
    ck_report_release(&r);
}

/* Bytes that are not UTF-8 in a record's text and a package name (what a
 * hostile mirror or image can carry) give valid documents in every JSON
 * format. */
static void test_json_reports_valid_utf8(void)
{
    struct ck_report r;
    struct ck_scan_info info;
    struct ck_history_findings f;
    struct ck_inventory inv;
    struct ck_buf b;

    ck_report_init(&r);
    r.generated_at = 1622600000;
    ck_history_findings_init(&f);
    add(&f, "CVE-2024-0001\xFF", "CVE-2024-0001", "pkg\xC0\xAF", "1.0\xED\xA0\x80", "1.1", CK_SEV_HIGH, 7.5, NULL,
        "title \xE2\x82", "desc \xF8\x88\x80\x80\x80", NULL);
    ck_inventory_init(&inv);
    ck_inventory_add(&inv, CK_PKG_DEB, "pkg\xC0\xAF", "1.0\xED\xA0\x80", NULL, NULL, "amd64");
    info_of(&info, 3, "registry.example.com/bad\xFF", "1", NULL);
    CK_CHECK_INT(ck_report_take_scan(&r, &info, &f, &inv), CK_OK);
    ck_buf_init(&b);
    CK_CHECK_INT(ck_cyclonedx_report(&r, &b), CK_OK);
    CK_CHECK(ck_test_utf8_strict(ck_buf_str(&b)));
    CK_CHECK(strstr(ck_buf_str(&b), "pkg\xEF\xBF\xBD\xEF\xBF\xBD") != NULL);
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_sarif_report(&r, &b), CK_OK);
    CK_CHECK(ck_test_utf8_strict(ck_buf_str(&b)));
    ck_buf_release(&b);
    ck_report_release(&r);
}

/* ---- every renderer under allocation failure ------------------------------ */

#ifdef CK_TEST_WRAP_REALLOC
/* The test is linked with --wrap=realloc: every realloc of the core's
 * buffers comes here, and the one numbered fail_at fails. */
static long realloc_calls, realloc_fail_at = -1;
void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
    if (++realloc_calls == realloc_fail_at)
        return NULL;
    return __real_realloc(p, n);
}

typedef enum ck_status (*render_fn)(const struct ck_report *r, struct ck_buf *out);

static enum ck_status render_html(const struct ck_report *r, struct ck_buf *out) { return ck_html_report(r, 0, out); }

static enum ck_status render_csv(const struct ck_report *r, struct ck_buf *out, enum ck_csv_preset preset)
{
    struct ck_csv w;
    enum ck_status st;
    ck_csv_init(&w, NULL);
    st = ck_export_csv(r, preset, &w);
    if (st == CK_OK)
        st = ck_csv_finish(&w, NULL, NULL);
    if (st == CK_OK)
        st = ck_buf_append(out, w.out.data, w.out.len);
    ck_csv_release(&w);
    return st;
}
static enum ck_status render_csv_original(const struct ck_report *r, struct ck_buf *out)
{
    return render_csv(r, out, CK_CSV_ORIGINAL);
}
static enum ck_status render_csv_extended(const struct ck_report *r, struct ck_buf *out)
{
    return render_csv(r, out, CK_CSV_EXTENDED);
}

/* Fails each realloc of a rendering in turn: the renderer either reports
 * the failure or gives the whole output, never a piece of it. */
static void check_never_truncated(const char *name, render_fn fn, const struct ck_report *r)
{
    struct ck_buf want, got;
    long calls, k, failures = 0;

    ck_buf_init(&want);
    realloc_calls = 0;
    realloc_fail_at = -1;
    CK_REQUIRE(fn(r, &want) == CK_OK);
    calls = realloc_calls;
    for (k = 1; k <= calls; k++) {
        enum ck_status st;
        ck_buf_init(&got);
        realloc_calls = 0;
        realloc_fail_at = k;
        st = fn(r, &got);
        realloc_fail_at = -1;
        if (st != CK_OK)
            failures++;
        else if (got.len != want.len || memcmp(got.data, want.data, want.len) != 0) {
            fprintf(stderr, "%s: realloc %ld of %ld failed, and the output was cut short\n", name, k, calls);
            CK_CHECK(!"output truncated after an allocation failure");
        }
        ck_buf_release(&got);
    }
    CK_CHECK(calls > 0 && failures > 0);
    ck_buf_release(&want);
}

static void test_renderers_under_allocation_failure(void)
{
    struct ck_report r;
    build(&r);
    check_never_truncated("html", render_html, &r);
    check_never_truncated("summary", ck_summary_text, &r);
    check_never_truncated("sarif", ck_sarif_report, &r);
    check_never_truncated("cyclonedx", ck_cyclonedx_report, &r);
    check_never_truncated("csv original", render_csv_original, &r);
    check_never_truncated("csv extended", render_csv_extended, &r);
    ck_report_release(&r);
}
#else
static void test_renderers_under_allocation_failure(void)
{
    fprintf(stderr, "note: allocation failures are injected in the native build only\n");
}
#endif

static void test_purl(void)
{
    struct ck_package p;
    char *s;
    memset(&p, 0, sizeof p);
    p.type = CK_PKG_DEB;
    p.name = (char *)"bash";
    p.version = (char *)"1:4.3-14ubuntu1.4+x";
    p.arch = (char *)"amd64";
    s = ck_cyclonedx_purl(&p, "Debian:12");
    CK_CHECK_STR(s, "pkg:deb/debian/bash@1%3A4.3-14ubuntu1.4%2Bx?arch=amd64&distro=debian-12");
    free(s);
    p.type = CK_PKG_APK;
    p.name = (char *)"musl";
    p.version = (char *)"1.2.5-r0";
    p.arch = NULL;
    s = ck_cyclonedx_purl(&p, "Alpine:v3.20");
    CK_CHECK_STR(s, "pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20");
    free(s);
    p.type = CK_PKG_RPM;
    s = ck_cyclonedx_purl(&p, "Red Hat:enterprise_linux:9");
    CK_CHECK_STR(s, "pkg:rpm/redhat/musl@1.2.5-r0?distro=redhat-9");
    free(s);
    s = ck_cyclonedx_purl(&p, NULL);
    CK_CHECK_STR(s, "pkg:rpm/musl@1.2.5-r0");
    free(s);
    CK_CHECK_STR(ck_cyclonedx_severity(CK_SEV_NEGLIGIBLE), "info");
}

static void test_parse_image(void)
{
    static const char *const cases[][4] = {
        {"alpine:3.20", "docker.io/library/alpine", "3.20", ""},
        {"ubuntu", "docker.io/library/ubuntu", "latest", ""},
        {"registry.example.com:5000/dev/app:4.2.0", "registry.example.com:5000/dev/app", "4.2.0", ""},
        {"/srv/images/app.tar", "/srv/images/app.tar", "", ""},
        {"C:\\images\\app.tar", "C:\\images\\app.tar", "", ""},
        {"Weird Name:tag", "Weird Name", "tag", ""},
        {"app@sha256:0123456789012345678901234567890123456789012345678901234567890123", "docker.io/library/app", "",
         "sha256:0123456789012345678901234567890123456789012345678901234567890123"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *repo = NULL, *tag = NULL, *digest = NULL;
        CK_CHECK_INT(ck_report_parse_image(cases[i][0], &repo, &tag, &digest), CK_OK);
        CK_CHECK_STR(repo, cases[i][1]);
        CK_CHECK_STR(tag, cases[i][2]);
        CK_CHECK_STR(digest ? digest : "", cases[i][3]);
        free(repo);
        free(tag);
        free(digest);
    }
}

static void test_helpers(void)
{
    struct ck_history_finding f;
    struct ck_scan_info s;
    char *t;
    memset(&f, 0, sizeof f);
    f.refs = (char *)"\n\nhttps://a.example/x\r\nhttps://b.example/";
    t = ck_report_first_ref(&f);
    CK_CHECK_STR(t, "https://a.example/x");
    free(t);
    f.refs = (char *)"  \n";
    CK_CHECK(ck_report_first_ref(&f) == NULL);
    f.record_id = (char *)"DSA-1";
    CK_CHECK_STR(ck_report_finding_id(&f), "DSA-1");
    f.cve = (char *)"CVE-1";
    CK_CHECK_STR(ck_report_finding_id(&f), "CVE-1");
    memset(&s, 0, sizeof s);
    s.repository = (char *)"/srv/root";
    s.tag = (char *)"";
    t = ck_report_image_name(&s);
    CK_CHECK_STR(t, "/srv/root");
    free(t);
}

int main(void)
{
    CK_RUN(test_compare);
    CK_RUN(test_csv_original);
    CK_RUN(test_csv_extended);
    CK_RUN(test_csv_unmanaged);
    CK_RUN(test_summary);
    CK_RUN(test_html);
    CK_RUN(test_html_escape);
    CK_RUN(test_sarif);
    CK_RUN(test_cyclonedx);
    CK_RUN(test_cyclonedx_without_packages);
    CK_RUN(test_json_reports_valid_utf8);
    CK_RUN(test_renderers_under_allocation_failure);
    CK_RUN(test_purl);
    CK_RUN(test_parse_image);
    CK_RUN(test_helpers);
    return ck_test_summary();
}
