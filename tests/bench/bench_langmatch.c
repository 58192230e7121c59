/* Benchmark of the application ecosystems' data: importing the real Go and
 * PyPI records (../shared, when given) and 300,000 generated npm records in
 * the shape of GitHub's advisories (one in ten a MAL- record), then matching
 * an image of 2,000 npm, 300 PyPI and 200 Go packages against them.
 * Prints figures; asserts nothing about time.
 *
 *   bench_langmatch [SHARED_FIXTURES] [NPM_RECORDS] [RUNS] [dense|osv]   defaults -, 300000, 7, dense
 *
 * dense: every record names one of NPM_RECORDS / 5 packages (five each, one
 *   in ten malicious), and the image's packages are drawn from them: every
 *   package of the image has records, the heavy case.
 * osv:   shaped like OSV's npm data: nine records in ten are malicious
 *   packages, each its own name that no image holds; the advisories name
 *   4,000 popular packages, and the image's packages are drawn from 20,000
 *   popular ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_import.h"
#include "bench_util.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "vuln/match.h"

#define IMAGE_NPM 2000
#define IMAGE_PYPI 300
#define IMAGE_GO 200

static const char db_path[] = "bench_langmatch.tmp.db";
static unsigned npm_pool = 60000; /* package names the generated records name: five records each */
static int osv_like;              /* the osv profile (see above) */
#define OSV_ADVISED 4000           /* popular packages with advisories (osv profile) */
#define OSV_POPULAR 20000          /* popular packages an image draws from (osv profile) */

static unsigned long long rng_state = 0x2545f4914f6cdd1dull;
static unsigned rnd(unsigned n) { return bench_rnd(&rng_state, n); }

static void remove_db(void) { bench_remove_db(db_path); }

static double now_s(void) { return (double)ck_time_monotonic_ns() / 1e9; }

/* A GitHub-reviewed advisory of one npm package (ECOSYSTEM range, fixed in
 * 1.<minor>.0), or a malicious-package record (every version). */
static void make_npm_record(struct ck_buf *b, unsigned long n)
{
    unsigned pkg = rnd(osv_like ? OSV_ADVISED : npm_pool);
    int malicious = osv_like ? n % 10 != 0 : n % 10 == 0;
    char mal[32];
    unsigned fix = (unsigned)(n % 20) + 1;

    ck_buf_reset(b);
    if (osv_like)
        snprintf(mal, sizeof mal, "mal%06lu", n);
    else
        snprintf(mal, sizeof mal, "pkg%05u", pkg);
    if (malicious) {
        ck_buf_printf(b,
                      "{\"schema_version\":\"1.5.0\",\"id\":\"MAL-2025-%06lu\",\"modified\":\"2025-03-01T00:00:00Z\","
                      "\"published\":\"2025-02-01T00:00:00Z\",\"summary\":\"Malicious code in %s (npm)\","
                      "\"details\":\"The package %s contains code that sends the environment to a remote host.\","
                      "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"%s\"},"
                      "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}],"
                      "\"database_specific\":{\"malicious-packages-origins\":[{\"source\":\"ghsa-malware\"}]}}",
                      n, mal, mal, mal);
        return;
    }
    ck_buf_printf(b,
                  "{\"schema_version\":\"1.4.0\",\"id\":\"GHSA-%04lx-%04lx-%04x\",\"modified\":\"2024-%02u-%02uT10:00:00Z\","
                  "\"published\":\"2023-05-01T00:00:00Z\",\"aliases\":[\"CVE-2099-%05lu\"],"
                  "\"summary\":\"Prototype pollution in pkg%05u\",\"details\":\"Versions of pkg%05u before 1.%u.0 let "
                  "an attacker add properties to Object.prototype through a crafted argument.\","
                  "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L\"}],"
                  "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"pkg%05u\"},"
                  "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.%u.0\"}]}],"
                  "\"database_specific\":{\"source\":\"advisories/github-reviewed\"}}],"
                  "\"references\":[{\"type\":\"ADVISORY\",\"url\":\"https://nvd.nist.gov/vuln/detail/CVE-2099-%05lu\"}]}",
                  n >> 16, n & 0xffff, rnd(0x10000), 1 + rnd(12), 1 + rnd(28), n % 100000, pkg, pkg, fix, pkg, fix,
                  n % 100000);
}

static void import_npm(struct ck_vulndb *db, unsigned long count)
{
    struct ck_vulndb_import_stats st;
    struct ck_buf b;
    char **texts = malloc(count * sizeof *texts);
    size_t *lens = malloc(count * sizeof *lens), bytes = 0;
    unsigned long i;
    double t;

    ck_buf_init(&b);
    memset(&st, 0, sizeof st);
    for (i = 0; i < count; i++) { /* generated first: only parsing and storing are timed */
        make_npm_record(&b, i);
        lens[i] = b.len;
        bytes += b.len;
        texts[i] = ck_buf_take(&b);
    }
    t = now_s();
    bench_import_json(db, texts, lens, count, &st);
    t = now_s() - t;
    printf("import npm:   %lu generated records (%lu MAL-, %.1f MiB of JSON) in %.2f s = %.0f records/s "
           "(goal >= 10,000)\n",
           count, osv_like ? count - count / 10 : count / 10, (double)bytes / (1 << 20), t, (double)count / t);
    for (i = 0; i < count; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    ck_vulndb_import_stats_release(&st);
    ck_buf_release(&b);
}

static void import_shared(struct ck_vulndb *db, const char *shared, const char *eco)
{
    struct ck_vulndb_import_stats st;
    struct ck_err err;
    char path[1024];
    double t;

    snprintf(path, sizeof path, "%s/vulns/osv-lang/%s/all.zip", shared, eco);
    memset(&st, 0, sizeof st);
    t = now_s();
    if (ck_vulndb_import_file(db, path, NULL, &st, &err) != CK_OK) {
        printf("import %-5s: %s (skipped)\n", eco, err.msg);
        return;
    }
    t = now_s() - t;
    printf("import %-5s: %lu real records in %.2f s = %.0f records/s\n", eco, (unsigned long)st.added, t,
           (double)st.added / t);
    ck_vulndb_import_stats_release(&st);
}

/* 2,000 npm packages (names the records use, versions below and above their
 * fixes), 300 PyPI and 200 Go modules. */
static void make_inventory(struct ck_inventory *inv)
{
    char name[64], version[32], location[256];
    unsigned i;

    ck_inventory_init(inv);
    inv->os.ecosystem = NULL;
    for (i = 0; i < IMAGE_NPM; i++) {
        snprintf(name, sizeof name, "pkg%05u", rnd(osv_like ? OSV_POPULAR : npm_pool));
        snprintf(version, sizeof version, "1.%u.%u", rnd(22), rnd(4));
        snprintf(location, sizeof location, "/app/node_modules/%s/package.json", name);
        ck_inventory_add_app(inv, "npm", name, version, location, NULL, 0);
    }
    for (i = 0; i < IMAGE_PYPI; i++) {
        static const char *const real[] = {"requests", "urllib3", "Django", "Pillow", "Jinja2", "cryptography"};
        if (i < 6)
            snprintf(name, sizeof name, "%s", real[i]);
        else
            snprintf(name, sizeof name, "py_project%03u", i);
        snprintf(version, sizeof version, "2.%u.%u", rnd(30), rnd(3));
        snprintf(location, sizeof location, "/usr/local/lib/python3.11/site-packages/%s-%s.dist-info/METADATA", name,
                 version);
        ck_inventory_add_app(inv, "PyPI", name, version, location, NULL, 0);
    }
    for (i = 0; i < IMAGE_GO; i++) {
        if (i == 0)
            snprintf(name, sizeof name, "stdlib");
        else if (i == 1)
            snprintf(name, sizeof name, "golang.org/x/net");
        else
            snprintf(name, sizeof name, "github.com/example/module%03u", i);
        snprintf(version, sizeof version, "v0.%u.0", rnd(40));
        ck_inventory_add_app(inv, "Go", name, version, "/usr/local/bin/app", NULL, 0);
    }
    ck_inventory_sort(inv);
}

static enum ck_status count_entry(void *ctx, const struct ck_vulndb_affected *a)
{
    (void)a;
    ++*(size_t *)ctx;
    return CK_OK;
}

/* The database's share of a match: one lookup per package, nothing evaluated. */
static double lookups_only(struct ck_vulndb *db, const struct ck_inventory *inv, size_t *entries)
{
    struct ck_err err;
    double t = now_s();
    size_t i;

    *entries = 0;
    ck_vulndb_read_begin(db, &err);
    for (i = 0; i < inv->count; i++)
        ck_vulndb_lookup(db, inv->packages[i].ecosystem, inv->packages[i].name, inv->packages[i].version, count_entry,
                         entries, &err);
    ck_vulndb_read_end(db);
    return (now_s() - t) * 1000.0;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *shared = argc > 1 && strcmp(argv[1], "-") ? argv[1] : NULL;
    unsigned long npm = argc > 2 ? strtoul(argv[2], NULL, 10) : 300000;
    int runs = argc > 3 ? atoi(argv[3]) : 7, i;
    struct ck_inventory inv;
    struct ck_vulndb *db = NULL;
    struct ck_err err;
    double *ms, *cpu;
    size_t findings = 0, malicious = 0, j;

    if (runs < 1)
        runs = 1;
    npm_pool = npm / 5 > 1000 ? (unsigned)(npm / 5) : 1000;
    osv_like = argc > 4 && !strcmp(argv[4], "osv");
    printf("profile:      %s\n", osv_like ? "osv (malicious packages apart, advisories on popular packages)"
                                           : "dense (every package of the image has records)");
    remove_db();
    if (ck_vulndb_open(db_path, &db, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    if (shared) {
        import_shared(db, shared, "Go");
        import_shared(db, shared, "PyPI");
    }
    import_npm(db, npm);
    make_inventory(&inv);
    ms = calloc((size_t)runs, sizeof *ms);
    cpu = calloc((size_t)runs, sizeof *cpu);
    for (i = 0; i < runs; i++) {
        struct ck_findings fs;
        clock_t c0 = clock();
        double t = now_s();
        ck_findings_init(&fs);
        if (ck_match_inventory(db, &inv, &fs, &err) != CK_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        ms[i] = (now_s() - t) * 1000.0;
        cpu[i] = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
        findings = fs.count;
        for (malicious = 0, j = 0; j < fs.count; j++)
            malicious += fs.items[j].kind == CK_FINDING_MALICIOUS;
        ck_findings_release(&fs);
    }
    qsort(ms, (size_t)runs, sizeof *ms, compare_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, compare_double);
    {
        size_t entries = 0;
        double l = lookups_only(db, &inv, &entries);
        printf("lookups:      %lu packages, %lu affected entries read in %.1f ms\n", (unsigned long)inv.count,
               (unsigned long)entries, l);
    }
    printf("match:        %d npm, %d PyPI, %d Go packages: %lu findings (%lu malicious packages)\n", IMAGE_NPM,
           IMAGE_PYPI, IMAGE_GO, (unsigned long)findings, (unsigned long)malicious);
    printf("match time:   median %.1f ms of %d runs (min %.1f, max %.1f) (goal < 50 ms)\n", ms[runs / 2], runs, ms[0],
           ms[runs - 1]);
    /* processor time too: on a busy machine the wall clock says more about the others */
    printf("match CPU:    median %.1f ms (min %.1f)\n", cpu[runs / 2], cpu[0]);
    free(ms);
    free(cpu);
    ck_inventory_release(&inv);
    ck_vulndb_close(db);
    remove_db();
    return 0;
}
