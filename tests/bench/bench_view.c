/* The findings list's row model at 1,000,000 rows: load, sort by each
 * column (both directions), filter by text, severity and fixability. Prints
 * milliseconds (median of a few runs); nothing is asserted.
 *   bench_view [rows] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "view/findings_table.h"

#define RUNS 3

static const char *const packages[] = {"openssl", "libssl3", "zlib1g", "bash", "libxml2", "curl", "libc6",
                                       "systemd", "perl-base", "tar", "gzip", "coreutils", "sqlite3", "expat"};

static char *fmt(const char *f, unsigned long a, unsigned long b)
{
    char buf[96];
    snprintf(buf, sizeof buf, f, a, b);
    return strdup(buf);
}

/* Deterministic, varied rows: ids of several forms, repeated packages,
 * versions, a third without a fix, scores with unknowns. */
static void make_rows(struct ck_history_findings *f, size_t n)
{
    size_t i;
    unsigned long x = 2463534242UL;
    f->items = calloc(n, sizeof *f->items);
    f->count = f->cap = n;
    if (!f->items)
        exit(2);
    for (i = 0; i < n; i++) {
        struct ck_history_finding *r = &f->items[i];
        char title[96];
        unsigned long p;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x &= 0xffffffffUL;
        p = x % (sizeof packages / sizeof packages[0]);
        r->record_id = i % 3 ? fmt("CVE-20%02lu-%lu", 10 + x % 15, x % 60000) : fmt("DSA-%lu-%lu", x % 6000, 1 + x % 3);
        r->cve = fmt("CVE-20%02lu-%lu", 10 + x % 15, x % 60000);
        r->package = strdup(packages[p]);
        r->source_name = strdup(packages[p]);
        r->installed = fmt("%lu.%lu-1", x % 9, x % 31);
        r->fixed = x % 3 ? fmt("%lu.%lu-2", x % 9, x % 31 + 1) : NULL;
        r->severity = (enum ck_severity)(x % CK_SEV_COUNT);
        r->cvss_score = x % 7 ? (double)(x % 100) / 10.0 : -1.0;
        snprintf(title, sizeof title, "%s: issue number %lu in parsing", packages[p], x % 100000);
        r->title = strdup(title);
        r->first_seen = 1700000000 + (int64_t)(x % 10000000);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double median_ms(uint64_t *ns)
{
    qsort(ns, RUNS, sizeof *ns, cmp_u64);
    return (double)ns[RUNS / 2] / 1e6;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
    struct ck_findings_table t;
    struct ck_history_findings rows;
    struct ck_findings_filter f;
    uint64_t ns[RUNS], t0;
    int col, run;

    ck_findings_table_init(&t);
    ck_history_findings_init(&rows);
    make_rows(&rows, n);
    t0 = ck_time_monotonic_ns();
    if (ck_findings_table_take(&t, &rows) != CK_OK)
        return 2;
    printf("rows: %zu\nload: %.1f ms\n", n, (double)(ck_time_monotonic_ns() - t0) / 1e6);

    for (col = 0; col < CK_FCOL_CHANGE; col++) {
        int desc;
        for (desc = 0; desc <= 1; desc++) {
            for (run = 0; run < RUNS; run++) {
                /* The same starting order for each run. */
                ck_findings_table_sort(&t, CK_FCOL_INSTALLED, 0);
                t0 = ck_time_monotonic_ns();
                if (ck_findings_table_sort(&t, col, desc) != CK_OK)
                    return 2;
                ns[run] = ck_time_monotonic_ns() - t0;
            }
            printf("sort %-10s %-4s: %8.1f ms\n", ck_findings_column_title(col), desc ? "desc" : "asc",
                   median_ms(ns));
        }
    }

    memset(&f, 0, sizeof f);
    {
        static const struct {
            const char *name, *text;
            unsigned sev;
            int fixable;
        } filters[] = {
            {"text \"openssl\"", "openssl", 0, 0},
            {"text \"CVE-2023-4\"", "CVE-2023-4", 0, 0},
            {"text, no match", "no such text anywhere", 0, 0},
            {"high+critical", NULL, CK_SEV_BIT(CK_SEV_HIGH) | CK_SEV_BIT(CK_SEV_CRITICAL), 0},
            {"fixable only", NULL, 0, 1},
            {"all three", "lib", CK_SEV_BIT(CK_SEV_HIGH) | CK_SEV_BIT(CK_SEV_CRITICAL), 1},
            {"none (clear)", NULL, 0, 0},
        };
        size_t i;
        for (i = 0; i < sizeof filters / sizeof filters[0]; i++) {
            f.text = filters[i].text;
            f.severities = filters[i].sev;
            f.fixable_only = filters[i].fixable;
            for (run = 0; run < RUNS; run++) {
                t0 = ck_time_monotonic_ns();
                ck_findings_table_filter(&t, &f);
                ns[run] = ck_time_monotonic_ns() - t0;
            }
            printf("filter %-20s: %8.1f ms (%zu rows shown)\n", filters[i].name, median_ms(ns),
                   ck_findings_table_count(&t));
        }
    }
    t0 = ck_time_monotonic_ns();
    ck_findings_table_release(&t);
    printf("release: %.1f ms\n", (double)(ck_time_monotonic_ns() - t0) / 1e6);
    return 0;
}
