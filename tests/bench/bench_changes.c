/* Benchmark of what changed across the fleet (store/changes.h): a history
 * of IMAGES images with SCANS scans each (FINDINGS findings a scan, drawn
 * from 20,000 vulnerabilities in 500 packages, a few changing from one scan
 * to the next), then `ckitty changes` since the middle of the history and
 * the text report of it. Prints figures; asserts nothing about time (the
 * goal: under 200 ms for 1,000 images x 30 scans).
 *
 *   bench_changes [IMAGES] [SCANS] [FINDINGS]   defaults 1000 30 150 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "platform/platform.h"
#include "report/changes.h"
#include "store/changes.h"

static const char history_path[] = "bench_changes_history.tmp.db";
static unsigned long long rng_state = 0x2545f4914f6cdd1dull;
static unsigned rnd(unsigned n) { return bench_rnd(&rng_state, n); }
static double now_s(void) { return (double)ck_time_monotonic_ns() / 1e9; }

#ifdef _WIN32
#define BENCH_NULL_DEVICE "NUL"
#else
#define BENCH_NULL_DEVICE "/dev/null"
#endif
#define VULNS 20000u
#define PACKAGES 500u

struct pick {
    char id[32], package[32];
    enum ck_severity severity;
};

static void store_history(unsigned images, unsigned scans, unsigned findings, int64_t t0)
{
    struct ck_history *h = NULL;
    struct ck_err err;
    struct pick *picks = calloc(findings, sizeof *picks);
    unsigned i, s, k;
    char repo[64], key[80];

    if (!picks || ck_history_open(history_path, &h, &err) != CK_OK) {
        fprintf(stderr, "cannot open the history\n");
        exit(1);
    }
    for (i = 0; i < images; i++) {
        for (k = 0; k < findings; k++) {
            snprintf(picks[k].id, sizeof picks[k].id, "CVE-2025-%05u", rnd(VULNS));
            snprintf(picks[k].package, sizeof picks[k].package, "package-%03u", rnd(PACKAGES));
            picks[k].severity = (enum ck_severity)rnd(CK_SEV_COUNT);
        }
        snprintf(repo, sizeof repo, "registry.example.com/team/app-%04u", i);
        for (s = 0; s < scans; s++) {
            struct ck_history_findings f;
            struct ck_scan_input in;
            ck_history_findings_init(&f);
            /* each scan: two findings replaced, one re-rated */
            for (k = 0; k < 2; k++)
                snprintf(picks[rnd(findings)].id, sizeof picks[0].id, "CVE-2026-%05u", rnd(VULNS));
            picks[rnd(findings)].severity = (enum ck_severity)rnd(CK_SEV_COUNT);
            for (k = 0; k < findings; k++) {
                struct ck_history_finding x;
                memset(&x, 0, sizeof x);
                x.record_id = picks[k].id;
                x.package = picks[k].package;
                x.severity = picks[k].severity;
                x.cvss_score = -1;
                ck_history_findings_add(&f, &x);
            }
            memset(&in, 0, sizeof in);
            snprintf(key, sizeof key, "sha256:%04u%s", i, s % 10 == 9 ? "-rebuilt" : "");
            in.repository = repo;
            in.tag = "1.0";
            in.image_key = key;
            in.started_at = in.finished_at = t0 + (int64_t)s * 86400;
            in.data_age = -1;
            in.findings = &f;
            if (ck_history_store_scan(h, &in, NULL, &err) != CK_OK) {
                fprintf(stderr, "%s\n", err.msg);
                exit(1);
            }
            ck_history_findings_release(&f);
        }
    }
    ck_history_close(h);
    free(picks);
}

int main(int argc, char **argv)
{
    unsigned images = argc > 1 ? (unsigned)atoi(argv[1]) : 1000;
    unsigned scans = argc > 2 ? (unsigned)atoi(argv[2]) : 30;
    unsigned findings = argc > 3 ? (unsigned)atoi(argv[3]) : 150;
    int64_t t0 = 1764000000;
    struct ck_history *h = NULL;
    struct ck_changes c;
    struct ck_err err;
    double a, b, m, best = 1e9, best_read = 1e9;
    FILE *sink = fopen(BENCH_NULL_DEVICE, "wb");
    int run;

    bench_remove_db(history_path);
    a = now_s();
    store_history(images, scans, findings, t0);
    printf("history: %u images x %u scans x %u findings stored in %.1f s\n", images, scans, findings, now_s() - a);
    if (ck_history_open(history_path, &h, &err) != CK_OK)
        return 1;
    for (run = 0; run < 5; run++) {
        ck_changes_init(&c);
        a = now_s();
        if (ck_history_changes(h, t0 + (int64_t)(scans / 2) * 86400, &c, &err) != CK_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        m = now_s();
        ck_changes_write(&c, CK_CHANGES_TEXT, NULL, sink ? sink : stdout, &err);
        b = now_s();
        if (b - a < best)
            best = b - a;
        if (m - a < best_read)
            best_read = m - a;
        if (run == 4)
            printf("changes: %zu images compared, %zu changed, %zu changes; best of 5: %.0f ms (%.0f ms reading the "
                   "history, the rest grouping and writing the text)\n",
                   c.images_compared, c.image_count, c.count, best * 1000, best_read * 1000);
        ck_changes_release(&c);
    }
    if (sink)
        fclose(sink);
    ck_history_close(h);
    bench_remove_db(history_path);
    return 0;
}
