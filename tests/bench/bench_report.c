/* Report and import throughput: a report of N findings (over N/500 images)
 * written as CSV (both presets, to a file), text summary, HTML, SARIF and
 * CycloneDX; a Trivy report of N vulnerabilities imported. Prints the
 * median of 3 rounds per step, in milliseconds and findings per second;
 * asserts nothing.
 *   bench_report [findings]   (default 200000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "report/cyclonedx.h"
#include "report/export.h"
#include "report/html.h"
#include "report/import.h"
#include "report/sarif.h"
#include "report/summary.h"
#include "util/text.h"

#define ROUNDS 3
#define PER_IMAGE 500

static void build(struct ck_report *r, size_t n)
{
    size_t i = 0, img = 0;
    ck_report_init(r);
    while (i < n) {
        struct ck_scan_info info;
        struct ck_history_findings f;
        char name[64];
        size_t k;
        memset(&info, 0, sizeof info);
        snprintf(name, sizeof name, "registry.example.com/team/app-%zu", img);
        info.id = (int64_t)++img;
        info.repository = ck_text_dup(name);
        info.tag = ck_text_dup("1.0.0");
        info.engine = ck_text_dup("containerkitty");
        info.ok = 1;
        info.started_at = 1700000000;
        info.ecosystem = ck_text_dup("Debian:12");
        ck_history_findings_init(&f);
        for (k = 0; k < PER_IMAGE && i < n; k++, i++) {
            struct ck_history_finding x;
            char id[32], pkg[32], title[160];
            memset(&x, 0, sizeof x);
            snprintf(id, sizeof id, "CVE-2024-%05zu", i % 20000);
            snprintf(pkg, sizeof pkg, "lib%zu", k % 150);
            snprintf(title, sizeof title, "%s: a flaw in %s, \"quoted\", =formula-looking", id, pkg);
            x.record_id = id;
            x.cve = id;
            x.package = pkg;
            x.source_name = pkg;
            x.installed = (char *)"1.2.3-1";
            x.fixed = k % 3 ? (char *)"1.2.3-2" : NULL;
            x.severity = (enum ck_severity)(k % CK_SEV_COUNT);
            x.cvss_score = (double)(k % 100) / 10.0;
            x.cvss_vector = (char *)"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
            x.title = title;
            x.description = (char *)"A description of some length, with a comma, and\nsecond line.";
            x.refs = (char *)"https://security-tracker.debian.org/tracker/CVE\nhttps://nvd.nist.gov/";
            x.first_seen = 1690000000;
            ck_history_findings_add(&f, &x);
        }
        ck_report_take_scan(r, &info, &f, NULL);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return (x > y) - (x < y);
}

static void report_time(const char *what, unsigned long long *ms, size_t n)
{
    qsort(ms, ROUNDS, sizeof *ms, cmp_u64);
    printf("%-28s %8llu ms  %10.0f findings/s\n", what, ms[ROUNDS / 2],
           ms[ROUNDS / 2] ? (double)n * 1000.0 / (double)ms[ROUNDS / 2] : 0.0);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 200000, i;
    struct ck_report r;
    unsigned long long ms[ROUNDS];
    const char *names[] = {"CSV original (file)", "CSV extended (file)", "text summary", "HTML (200 findings)",
                           "SARIF", "CycloneDX"};
    int step;
    struct ck_buf trivy;
    size_t bytes = 0;

    build(&r, n);
    printf("report of %zu findings over %zu images\n", n, r.count);
    for (step = 0; step < 6; step++) {
        for (i = 0; i < ROUNDS; i++) {
            struct ck_buf b;
            struct ck_err err;
            uint64_t t0 = ck_time_monotonic_ms();
            ck_buf_init(&b);
            if (step < 2)
                ck_export_csv_file(&r, step ? CK_CSV_EXTENDED : CK_CSV_ORIGINAL, "bench_report.csv", &err);
            else if (step == 2)
                ck_summary_text(&r, &b);
            else if (step == 3)
                ck_html_report(&r, 0, &b);
            else if (step == 4)
                ck_sarif_report(&r, &b);
            else
                ck_cyclonedx_report(&r, &b);
            ms[i] = ck_time_monotonic_ms() - t0;
            if (b.len)
                bytes = b.len;
            ck_buf_release(&b);
        }
        report_time(names[step], ms, n);
    }
    ck_remove("bench_report.csv");
    printf("(last document %zu bytes)\n", bytes);
    ck_report_release(&r);

    /* A Trivy report of n vulnerabilities in one result. */
    ck_buf_init(&trivy);
    ck_buf_puts(&trivy, "{\"SchemaVersion\":2,\"ArtifactName\":\"alpine:3.20\",\"CreatedAt\":\"2024-05-01T10:20:30Z\","
                        "\"Results\":[{\"Target\":\"alpine\",\"Vulnerabilities\":[");
    for (i = 0; i < n; i++)
        ck_buf_printf(&trivy,
                      "%s{\"VulnerabilityID\":\"CVE-2024-%06zu\",\"PkgName\":\"pkg%zu\",\"InstalledVersion\":\"1.0-r0\","
                      "\"FixedVersion\":\"1.1-r0\",\"Severity\":\"HIGH\",\"Title\":\"a title\",\"Description\":\"d\","
                      "\"CVSS\":{\"nvd\":{\"V3Vector\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\",\"V3Score\":9.8}},"
                      "\"References\":[\"https://example.com/%zu\"]}",
                      i ? "," : "", i, i % 300, i);
    ck_buf_puts(&trivy, "]}]}");
    for (i = 0; i < ROUNDS; i++) {
        struct ck_import_result res;
        struct ck_err err;
        uint64_t t0 = ck_time_monotonic_ms();
        ck_import_result_init(&res);
        ck_import_parse(trivy.data, trivy.len, "bench.json", NULL, &res, &err);
        ms[i] = ck_time_monotonic_ms() - t0;
        ck_import_result_release(&res);
    }
    printf("Trivy report: %zu bytes\n", trivy.len);
    report_time("import Trivy JSON", ms, n);
    ck_buf_release(&trivy);
    return 0;
}
