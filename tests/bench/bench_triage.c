/* Benchmark of the effective decisions: a report of 1,000 image scans with
 * 300 findings each (300,000 findings of 20,000 vulnerabilities in 500
 * packages) and 10,000 decisions (every image's, a repository's, an
 * image's; any package or one), reviewed as a report is (ck_review_apply:
 * index, a lookup per finding, the priority order). Prints figures and how
 * many findings were decided; asserts nothing about time (the goal: under
 * 100 ms).
 *
 *   bench_triage [SCANS] [FINDINGS] [DECISIONS] [RUNS]   defaults 1000 300 10000 5 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "platform/platform.h"
#include "report/report.h"
#include "report/review.h"
#include "store/decisions.h"

#define VULNS 20000u
#define PACKAGES 500u
#define REPOSITORIES 100u

static unsigned long long rng_state = 0x2545f4914f6cdd1dull;

static void name_vuln(char *out, size_t size, unsigned v) { snprintf(out, size, "CVE-2025-%05u", v); }
static void name_package(char *out, size_t size, unsigned p) { snprintf(out, size, "package-%03u", p); }
static void name_repo(char *out, size_t size, unsigned r) { snprintf(out, size, "registry.example.com/team/app-%03u", r); }

static int fill_report(struct ck_report *r, unsigned scans, unsigned per_scan)
{
    unsigned s, k;
    for (s = 0; s < scans; s++) {
        struct ck_scan_info info;
        struct ck_history_findings f;
        char repo[96], tag[16];

        memset(&info, 0, sizeof info);
        name_repo(repo, sizeof repo, s % REPOSITORIES);
        snprintf(tag, sizeof tag, "%u.0", s / REPOSITORIES);
        info.ok = 1;
        info.repository = strdup(repo);
        info.tag = strdup(tag);
        ck_history_findings_init(&f);
        for (k = 0; k < per_scan; k++) {
            struct ck_history_finding x;
            char id[32], pkg[32];
            memset(&x, 0, sizeof x);
            name_vuln(id, sizeof id, bench_rnd(&rng_state, VULNS));
            name_package(pkg, sizeof pkg, bench_rnd(&rng_state, PACKAGES));
            x.record_id = id;
            x.cve = id;
            x.package = pkg;
            x.installed = (char *)"1.0";
            x.severity = (enum ck_severity)(1 + bench_rnd(&rng_state, 5));
            x.cvss_score = -1;
            if (ck_history_findings_add(&f, &x) != CK_OK)
                return -1;
        }
        if (!info.repository || !info.tag || ck_report_take_scan(r, &info, &f, NULL) != CK_OK)
            return -1;
    }
    return 0;
}

static int fill_decisions(struct ck_decisions *list, unsigned n, int32_t today)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        struct ck_decision d;
        char id[32], pkg[32], repo[96], tag[16];
        unsigned kind = bench_rnd(&rng_state, 10);

        memset(&d, 0, sizeof d);
        name_vuln(id, sizeof id, bench_rnd(&rng_state, VULNS));
        d.vuln_id = id;
        if (bench_rnd(&rng_state, 2)) {
            name_package(pkg, sizeof pkg, bench_rnd(&rng_state, PACKAGES));
            d.package = pkg;
        }
        d.scope = kind < 6 ? CK_SCOPE_ALL : kind < 8 ? CK_SCOPE_REPOSITORY : CK_SCOPE_IMAGE;
        name_repo(repo, sizeof repo, bench_rnd(&rng_state, REPOSITORIES));
        snprintf(tag, sizeof tag, "%u.0", bench_rnd(&rng_state, 10));
        d.repository = d.scope == CK_SCOPE_ALL ? NULL : repo;
        d.tag = d.scope == CK_SCOPE_IMAGE ? tag : NULL;
        d.state = (enum ck_decision_state)bench_rnd(&rng_state, CK_DECISION_STATE_COUNT);
        d.expires = d.state == CK_DECISION_ACCEPTED_RISK ? today + (int32_t)bench_rnd(&rng_state, 60) - 20 : CK_DATE_NONE;
        d.id = (int64_t)i + 1;
        if (ck_decisions_push_copy(list, &d) != CK_OK)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned scans = argc > 1 ? (unsigned)atoi(argv[1]) : 1000, per = argc > 2 ? (unsigned)atoi(argv[2]) : 300;
    unsigned ndec = argc > 3 ? (unsigned)atoi(argv[3]) : 10000, runs = argc > 4 ? (unsigned)atoi(argv[4]) : 5, run;
    int32_t today = ck_date_of_time(ck_time_now());
    double best = 1e30, total = 0;
    size_t decided = 0, expired = 0;

    for (run = 0; run < runs; run++) {
        struct ck_report r;
        struct ck_decisions list;
        struct ck_review_counts c, sum;
        struct ck_err err;
        uint64_t t0;
        double ms;
        size_t i;

        ck_report_init(&r);
        ck_decisions_init(&list);
        rng_state = 0x2545f4914f6cdd1dull;
        if (fill_report(&r, scans, per) != 0 || fill_decisions(&list, ndec, today) != 0) {
            fprintf(stderr, "bench_triage: out of memory\n");
            return 2;
        }
        t0 = ck_time_monotonic_ns();
        if (ck_review_apply(&r, &list, NULL, today, &err) != CK_OK) {
            fprintf(stderr, "bench_triage: %s\n", err.msg);
            return 2;
        }
        ms = (double)(ck_time_monotonic_ns() - t0) / 1e6;
        memset(&sum, 0, sizeof sum);
        for (i = 0; i < r.count; i++) {
            ck_review_counts_of(&r.scans[i], &c);
            ck_review_counts_add(&sum, &c);
        }
        decided = 0;
        for (i = 0; i < CK_SEV_COUNT; i++)
            decided += sum.decided.by_severity[i];
        expired = sum.expired;
        best = ms < best ? ms : best;
        total += ms;
        ck_decisions_release(&list);
        ck_report_release(&r);
    }
    printf("effective decisions: %u findings in %u scans, %u decisions: best %.1f ms, mean %.1f ms over %u runs "
           "(%zu decided, %zu expired); peak RSS %ld KiB\n",
           scans * per, scans, ndec, best, total / runs, runs, decided, expired, peak_rss_kb());
    return 0;
}
