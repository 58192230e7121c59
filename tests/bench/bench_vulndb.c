/* Benchmark of the vulnerability database: import speed of records in
 * OSV's real shape (JSON text through our parser, one transaction), then
 * matching a 1,000-package inventory against a 200,000-record database.
 * Prints figures; asserts nothing about time.
 *
 *   bench_vulndb [RECORDS_PER_BATCH] [RUNS]      defaults 100000 and 7
 *
 * Records look like Debian's DEBIAN-CVE records: upstream CVE, a paragraph of
 * details, a CVSS vector, affected entries for Debian:11, :12 and :13 with
 * ECOSYSTEM ranges, listed versions and an urgency, two references. Source
 * package names come from a pool of 5,000. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_import.h"
#include "bench_util.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "vuln/match.h"

#define POOL 5000
#define INVENTORY 1000
#define SOURCES_IN_IMAGE 600

static const char db_path[] = "bench_vulndb.tmp.db";
static const char *const urgencies[] = {"low", "medium", "high", "unimportant", "not yet assigned"};

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n) { return bench_rnd(&rng_state, n); }

static void remove_db(void) { bench_remove_db(db_path); }

/* One affected entry; fixed minor 0..19 or none (1 in 20): an image with
 * minor 18 installed is affected by about one record in ten. */
static void affected(struct ck_buf *b, const char *eco, unsigned pkg, int last)
{
    unsigned minor = rnd(20);
    int unfixed = rnd(20) == 0;
    ck_buf_printf(b,
                  "{\"package\":{\"ecosystem\":\"%s\",\"name\":\"src%04u\",\"purl\":\"pkg:deb/debian/src%04u?arch=source\"},"
                  "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}",
                  eco, pkg, pkg);
    if (!unfixed)
        ck_buf_printf(b, ",{\"fixed\":\"1.%u-1\"}", minor);
    ck_buf_printf(b, "]}],\"versions\":[\"0.9-1\",\"0.9-2\",\"1.0-1\",\"1.0-1+b1\"],"
                     "\"ecosystem_specific\":{\"urgency\":\"%s\"}}%s",
                  urgencies[rnd(5)], last ? "" : ",");
}

static void make_record(struct ck_buf *b, unsigned long n)
{
    unsigned pkg = rnd(POOL);
    ck_buf_reset(b);
    ck_buf_printf(b,
                  "{\"schema_version\":\"1.6.0\",\"id\":\"DEBIAN-CVE-%lu-%05lu\",\"modified\":\"2024-%02u-%02uT10:%02u:00Z\","
                  "\"published\":\"2023-06-01T00:00:00Z\",\"upstream\":[\"CVE-%lu-%05lu\"],"
                  "\"details\":\"A flaw in the parser of src%04u lets a remote attacker crash the service or read memory "
                  "it should not, by sending a crafted request; the issue was found by fuzzing and fixed upstream "
                  "in a later release. Record number %lu of the benchmark.\","
                  "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H\"}],"
                  "\"affected\":[",
                  2000 + n / 100000, n % 100000, 1 + rnd(12), 1 + rnd(28), rnd(60), 2000 + n / 100000,
                  n % 100000, pkg, n);
    affected(b, "Debian:11", pkg, 0);
    affected(b, "Debian:12", pkg, 0);
    affected(b, "Debian:13", pkg, 1);
    ck_buf_printf(b, "],\"references\":[{\"type\":\"ADVISORY\",\"url\":\"https://security-tracker.debian.org/tracker/"
                     "CVE-%lu-%05lu\"},{\"type\":\"WEB\",\"url\":\"https://example.org/advisories/%lu\"}]}",
                  2000 + n / 100000, n % 100000, n);
}

static double seconds(uint64_t ns) { return (double)ns / 1e9; }

/* Imports records [first, first + count) in one transaction; returns
 * seconds, and the processor seconds in *cpu_s. */
static double import_batch(struct ck_vulndb *db, unsigned long first, unsigned long count, size_t *bytes,
                           double *cpu_s)
{
    struct ck_vulndb_import_stats st;
    struct ck_buf b;
    char **texts = malloc(count * sizeof *texts);
    size_t *lens = malloc(count * sizeof *lens);
    unsigned long i;
    uint64_t t0;
    clock_t c0;

    ck_buf_init(&b);
    memset(&st, 0, sizeof st);
    *bytes = 0;
    /* Generated first, so only parsing and storing are timed. */
    for (i = 0; i < count; i++) {
        make_record(&b, first + i);
        lens[i] = b.len;
        *bytes += b.len;
        texts[i] = ck_buf_take(&b);
    }
    t0 = ck_time_monotonic_ns();
    c0 = clock();
    bench_import_json(db, texts, lens, count, &st);
    t0 = ck_time_monotonic_ns() - t0;
    *cpu_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
    if (st.added != count)
        fprintf(stderr, "warning: %lu records added of %lu (failed %lu)\n", (unsigned long)st.added, count,
                (unsigned long)st.failed);
    for (i = 0; i < count; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    ck_vulndb_import_stats_release(&st);
    ck_buf_release(&b);
    return seconds(t0);
}

static double parse_only(unsigned long count)
{
    struct ck_osv_record r;
    struct ck_err err;
    struct ck_buf b;
    uint64_t total = 0, t0;
    unsigned long i;

    ck_buf_init(&b);
    ck_osv_record_init(&r);
    for (i = 0; i < count; i++) {
        make_record(&b, 900000 + i);
        t0 = ck_time_monotonic_ns();
        ck_osv_parse(b.data, b.len, NULL, &r, &err);
        total += ck_time_monotonic_ns() - t0;
    }
    ck_osv_record_release(&r);
    ck_buf_release(&b);
    return seconds(total);
}

/* 1,000 binary packages from 600 source packages, all at version 1.18-1. */
static void make_inventory(struct ck_inventory *inv, char names[][32], char sources[][16])
{
    size_t i;
    memset(inv, 0, sizeof *inv);
    inv->os.ecosystem = (char *)"Debian:12";
    inv->packages = calloc(INVENTORY, sizeof *inv->packages);
    for (i = 0; i < SOURCES_IN_IMAGE; i++)
        snprintf(sources[i], 16, "src%04u", (unsigned)(i * (POOL / SOURCES_IN_IMAGE)));
    for (i = 0; i < INVENTORY; i++) {
        struct ck_package *p = &inv->packages[i];
        const char *src = sources[i % SOURCES_IN_IMAGE];
        snprintf(names[i], 32, "lib%s-%u", src, (unsigned)(i / SOURCES_IN_IMAGE));
        p->type = CK_PKG_DEB;
        p->name = names[i];
        p->version = (char *)"1.18-1";
        p->source_name = (char *)src;
        p->source_version = (char *)"1.18-1";
    }
    inv->count = INVENTORY;
}

static enum ck_status count_entry(void *ctx, const struct ck_vulndb_affected *a)
{
    (void)a;
    ++*(size_t *)ctx;
    return CK_OK;
}

/* The lookups alone: one index probe per source package. */
static double lookups_only(struct ck_vulndb *db, char sources[][16], size_t *entries)
{
    struct ck_err err;
    uint64_t t0 = ck_time_monotonic_ns();
    size_t i;
    *entries = 0;
    for (i = 0; i < SOURCES_IN_IMAGE; i++)
        ck_vulndb_lookup(db, "Debian:12", sources[i], "1.18-1", count_entry, entries, &err);
    return (double)(ck_time_monotonic_ns() - t0) / 1e6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    unsigned long batch = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    int runs = argc > 2 ? atoi(argv[2]) : 7, i;
    static char names[INVENTORY][32], sources[SOURCES_IN_IMAGE][16];
    struct ck_inventory inv;
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_status status;
    struct ck_err err;
    double t, cpu_s = 0, *ms, *cpu;
    size_t bytes = 0, findings = 0, evaluated = 0;

    if (runs < 1)
        runs = 1;
    remove_db();
    if (ck_vulndb_open(db_path, &db, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    t = parse_only(batch / 10);
    printf("parse only:   %lu records in %.3f s = %.0f records/s\n", batch / 10, t, (double)(batch / 10) / t);

    t = import_batch(db, 0, batch, &bytes, &cpu_s);
    printf("import:       %lu records (%.1f MiB of JSON) in %.3f s = %.0f records/s (goal >= 5,000);"
           " processor %.3f s = %.0f records/s\n",
           batch, (double)bytes / (1 << 20), t, (double)batch / t, cpu_s, (double)batch / cpu_s);
    t = import_batch(db, batch, batch, &bytes, &cpu_s);
    printf("import more:  %lu records into a database of %lu in %.3f s = %.0f records/s;"
           " processor %.3f s = %.0f records/s\n",
           batch, batch, t, (double)batch / t, cpu_s, (double)batch / cpu_s);

    memset(&status, 0, sizeof status);
    if (ck_vulndb_status_get(db, &status, &err) == CK_OK)
        printf("database:     %lld records, %lu ecosystems\n", (long long)status.record_count,
               (unsigned long)status.ecosystem_count);
    ck_vulndb_status_release(&status);

    make_inventory(&inv, names, sources);
    ms = calloc((size_t)runs, sizeof *ms);
    cpu = calloc((size_t)runs, sizeof *cpu);
    for (i = 0; i < runs; i++) {
        struct ck_findings fs;
        clock_t c0 = clock();
        uint64_t t0 = ck_time_monotonic_ns();
        ck_findings_init(&fs);
        if (ck_match_inventory(db, &inv, &fs, &err) != CK_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        ms[i] = (double)(ck_time_monotonic_ns() - t0) / 1e6;
        cpu[i] = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
        findings = fs.count;
        evaluated = fs.records_checked;
        ck_findings_release(&fs);
    }
    qsort(ms, (size_t)runs, sizeof *ms, compare_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, compare_double);
    {
        size_t entries = 0;
        double l = lookups_only(db, sources, &entries);
        printf("lookups:      %d source packages, %lu affected entries read in %.1f ms\n", SOURCES_IN_IMAGE,
               (unsigned long)entries, l);
    }
    printf("match:        %d packages (%d source packages), %lu affected entries evaluated, %lu findings\n",
           INVENTORY, SOURCES_IN_IMAGE, (unsigned long)evaluated, (unsigned long)findings);
    printf("match time:   median %.1f ms of %d runs (min %.1f, max %.1f) (goal < 50 ms)\n", ms[runs / 2], runs, ms[0],
           ms[runs - 1]);
    /* Processor time as well: on a busy machine the wall clock says more about the others. */
    printf("match CPU:    median %.1f ms (min %.1f)\n", cpu[runs / 2], cpu[0]);
    free(ms);
    free(cpu);
    free(inv.packages);
    ck_vulndb_close(db);
    remove_db();
    return 0;
}
