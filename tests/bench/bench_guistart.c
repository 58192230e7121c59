/* What the window reads when it starts, at the size of a long-used history:
 * writes a history of IMAGES images x SCANS scans with FINDINGS findings per
 * scan (default 50 x 20 x 300: 1,000 scans, 300,000 findings), then times
 * the reads the window makes before its first paint with data (the images
 * with their latest counts; the scans and findings of the first image) and
 * loading those findings into the findings table. The history file stays,
 * for tests/gui/bench_gui_start.sh (the same start timed in the real window
 * under Wine). Prints milliseconds; nothing is asserted.
 *   bench_guistart HISTORY.db [IMAGES SCANS FINDINGS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "store/history.h"
#include "view/findings_table.h"
#include "view/images_table.h"

static double ms_since(uint64_t t0)
{
    return (double)(ck_time_monotonic_ns() - t0) / 1e6;
}

static enum ck_status fill(struct ck_history *h, int images, int scans, int per_scan, struct ck_err *err)
{
    static const char *const pkgs[] = {"openssl", "libssl3", "zlib1g", "bash", "libxml2", "curl", "libc6", "tar"};
    char repo[96], tag[16], id[32], cve[32], title[96], installed[32], fixed[32];
    struct ck_history_findings f;
    int i, s, k;
    enum ck_status rc = CK_OK;

    ck_history_findings_init(&f);
    for (i = 0; i < images && rc == CK_OK; i++) {
        snprintf(repo, sizeof repo, "registry.example.com/team%d/service-%d", i % 7, i);
        snprintf(tag, sizeof tag, "1.%d", i % 10);
        for (s = 0; s < scans && rc == CK_OK; s++) {
            struct ck_scan_input in;
            /* Each scan fixes a few findings and finds a few new ones. */
            for (k = 0; k < per_scan && rc == CK_OK; k++) {
                struct ck_history_finding x;
                int n = k + s * 3;
                memset(&x, 0, sizeof x);
                snprintf(id, sizeof id, "DSA-%d-1", 4000 + n);
                snprintf(cve, sizeof cve, "CVE-2026-%d", 10000 + n);
                snprintf(title, sizeof title, "%s: issue %d in a parser", pkgs[n % 8], n);
                snprintf(installed, sizeof installed, "1.%d-1", n % 13);
                snprintf(fixed, sizeof fixed, "1.%d-2", n % 13);
                x.record_id = id;
                x.cve = cve;
                x.package = (char *)pkgs[n % 8];
                x.source_name = (char *)pkgs[n % 8];
                x.installed = installed;
                x.fixed = n % 3 ? fixed : NULL;
                x.severity = (enum ck_severity)(1 + n % 5);
                x.cvss_score = n % 4 ? (double)(n % 100) / 10.0 : -1.0;
                x.title = title;
                x.description = "A vulnerability made for the start-up benchmark.";
                x.refs = "https://security-tracker.debian.org/tracker/";
                rc = ck_history_findings_add(&f, &x);
            }
            memset(&in, 0, sizeof in);
            in.repository = repo;
            in.tag = tag;
            in.digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
            in.engine = "containerkitty";
            in.started_at = 1780000000 + (int64_t)s * 86400;
            in.finished_at = in.started_at + 30;
            in.data_age = 3600;
            in.findings = &f;
            if (rc == CK_OK)
                rc = ck_history_store_scan(h, &in, NULL, err);
            ck_history_findings_release(&f);
            ck_history_findings_init(&f);
        }
    }
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bench_guistart.db";
    int images = argc > 4 ? atoi(argv[2]) : 50, scans = argc > 4 ? atoi(argv[3]) : 20;
    int per_scan = argc > 4 ? atoi(argv[4]) : 300;
    struct ck_history *h = NULL;
    struct ck_image_row *rows = NULL;
    struct ck_scan_info *list = NULL;
    struct ck_history_findings f;
    struct ck_images_table it;
    struct ck_findings_table ft;
    size_t count = 0, nscans = 0;
    struct ck_err err;
    uint64_t t0;

    ck_err_clear(&err);
    ck_remove(path);
    if (ck_history_open(path, &h, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    t0 = ck_time_monotonic_ns();
    if (fill(h, images, scans, per_scan, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    printf("history: %d images x %d scans x %d findings = %d scans, %lld findings, written in %.0f ms\n", images,
           scans, per_scan, images * scans, (long long)images * scans * per_scan, ms_since(t0));
    ck_history_close(h);

    /* What the window does before its first paint with data, cold handle. */
    t0 = ck_time_monotonic_ns();
    if (ck_history_open(path, &h, &err) != CK_OK || ck_history_list_images(h, NULL, &rows, &count, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    printf("open + images with latest and previous counts: %.1f ms (%zu images)\n", ms_since(t0), count);
    ck_images_table_init(&it);
    t0 = ck_time_monotonic_ns();
    ck_images_table_load(&it, rows, count);
    ck_images_table_sort(&it, CK_ICOL_CRITICAL, 1);
    printf("images table load + sort: %.2f ms\n", ms_since(t0));
    t0 = ck_time_monotonic_ns();
    ck_history_findings_init(&f);
    if (ck_history_list_scans(h, rows[0].repository, rows[0].tag, &list, &nscans, &err) != CK_OK ||
        ck_history_load_findings(h, list[0].id, &f, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    printf("first image's scans and latest findings: %.1f ms (%zu scans, %zu findings)\n", ms_since(t0), nscans,
           f.count);
    ck_findings_table_init(&ft);
    t0 = ck_time_monotonic_ns();
    ck_findings_table_take(&ft, &f);
    ck_findings_table_sort(&ft, CK_FCOL_SEVERITY, 1);
    printf("findings table load + sort: %.2f ms\n", ms_since(t0));
    ck_findings_table_release(&ft);
    ck_images_table_release(&it);
    ck_scan_infos_free(list, nscans);
    ck_image_rows_free(rows, count);
    ck_history_close(h);
    return 0;
}
