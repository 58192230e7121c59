/* Benchmark of re-matching (job/rematch.h): a history of IMAGES stored
 * inventories of PACKAGES Debian packages each (drawn from 3,000 source
 * packages), matched again against RECORDS records in Debian's shape (ten
 * per source package of a pool of RECORDS / 10, one Debian:12 range each),
 * as `ckitty rematch --all` does: each inventory loaded, matched, the
 * re-match stored and compared with the scan before. Prints figures;
 * asserts nothing about time (the goal: under 5 s for 1,000 x 300 against
 * 300,000).
 *
 *   bench_rematch [IMAGES] [PACKAGES] [RECORDS]   defaults 1000 300 300000 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_import.h"
#include "bench_util.h"
#include "job/rematch.h"
#include "platform/platform.h"
#include "util/buf.h"

#define IMAGE_POOL 3000u

static const char db_path[] = "bench_rematch.tmp.db";
static const char history_path[] = "bench_rematch_history.tmp.db";
static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n) { return bench_rnd(&rng_state, n); }

static double now_s(void) { return (double)ck_time_monotonic_ns() / 1e9; }

static void make_record(struct ck_buf *b, unsigned long n, unsigned pool)
{
    unsigned pkg = (unsigned)(n % pool);
    ck_buf_reset(b);
    ck_buf_printf(b,
                  "{\"schema_version\":\"1.6.0\",\"id\":\"DEBIAN-CVE-%lu-%05lu\",\"modified\":\"2026-11-0%luT10:00:00Z\","
                  "\"upstream\":[\"CVE-%lu-%05lu\"],\"details\":\"A flaw in src%05u.\","
                  "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H\"}],"
                  "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"src%05u\"},"
                  "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.%u-1\"}]}]}]}",
                  2000 + n / 100000, n % 100000, 1 + n % 9, 2000 + n / 100000, n % 100000, pkg, pkg, rnd(20));
}

static void make_vulndb(unsigned long records)
{
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_import_stats st;
    struct ck_err err;
    struct ck_buf b;
    char **texts = malloc(records * sizeof *texts);
    size_t *lens = malloc(records * sizeof *lens);
    unsigned pool = (unsigned)(records / 10 > IMAGE_POOL ? records / 10 : IMAGE_POOL);
    unsigned long i;

    ck_buf_init(&b);
    for (i = 0; i < records; i++) {
        make_record(&b, i, pool);
        lens[i] = b.len;
        texts[i] = ck_buf_take(&b);
    }
    if (ck_vulndb_open(db_path, &db, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    bench_import_json(db, texts, lens, records, &st);
    ck_vulndb_import_stats_release(&st);
    ck_vulndb_close(db);
    for (i = 0; i < records; i++)
        free(texts[i]);
    free(texts);
    free(lens);
}

/* IMAGES scans with an inventory of packages from the pool, version 1.18-1. */
static void make_history(unsigned images, unsigned packages)
{
    struct ck_history *h = NULL;
    struct ck_err err;
    unsigned i, k;
    char repo[64], names[512][32], sources[512][16];

    if (packages > 512)
        packages = 512;
    if (ck_history_open(history_path, &h, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    for (i = 0; i < images; i++) {
        struct ck_inventory inv;
        struct ck_scan_input in;
        ck_inventory_init(&inv);
        inv.os.id = (char *)"debian";
        inv.os.version_id = (char *)"12";
        inv.os.pretty_name = (char *)"Debian GNU/Linux 12 (bookworm)";
        inv.os.ecosystem = (char *)"Debian:12";
        inv.packages = calloc(packages, sizeof *inv.packages);
        for (k = 0; k < packages; k++) {
            unsigned src = rnd(IMAGE_POOL);
            snprintf(names[k], sizeof names[k], "bin%05u-%u", src, k % 3);
            snprintf(sources[k], sizeof sources[k], "src%05u", src);
            inv.packages[k].name = names[k];
            inv.packages[k].version = (char *)"1.18-1";
            inv.packages[k].source_name = sources[k];
            inv.packages[k].source_version = (char *)"1.18-1";
            inv.packages[k].type = CK_PKG_DEB;
        }
        inv.count = packages;
        memset(&in, 0, sizeof in);
        snprintf(repo, sizeof repo, "registry.example.com/team/app-%04u", i);
        in.repository = repo;
        in.tag = "1.0";
        in.started_at = in.finished_at = ck_time_now() - 86400;
        in.data_age = -1;
        in.inventory = &inv;
        if (ck_history_store_scan(h, &in, NULL, &err) != CK_OK) {
            fprintf(stderr, "%s\n", err.msg);
            exit(1);
        }
        free(inv.packages);
    }
    ck_history_close(h);
}

static void count(void *ctx, const struct ck_rematch_event *ev)
{
    size_t *findings = ctx;
    if (ev->ok)
        *findings += ev->counts.findings;
}

int main(int argc, char **argv)
{
    unsigned images = argc > 1 ? (unsigned)atoi(argv[1]) : 1000;
    unsigned packages = argc > 2 ? (unsigned)atoi(argv[2]) : 300;
    unsigned long records = argc > 3 ? strtoul(argv[3], NULL, 10) : 300000;
    struct ck_rematch_options o = {history_path, db_path, NULL};
    struct ck_rematch_result r;
    struct ck_err err;
    size_t findings = 0;
    double t0, t1;

    bench_remove_db(db_path);
    bench_remove_db(history_path);
    t0 = now_s();
    make_vulndb(records);
    t1 = now_s();
    printf("data: %lu records imported in %.2f s\n", records, t1 - t0);
    make_history(images, packages);
    printf("history: %u inventories of %u packages stored in %.2f s\n", images, packages, now_s() - t1);
    t0 = now_s();
    if (ck_rematch_run(&o, NULL, NULL, 0, count, &findings, &r, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    t1 = now_s();
    printf("rematch: %zu images (%zu failed) in %.2f s (%.2f ms an image), %zu findings, %zu new; peak RSS %ld KiB\n",
           r.images_ok, r.images_failed, t1 - t0, (t1 - t0) * 1000 / (images ? images : 1), findings, r.added,
           peak_rss_kb());
    bench_remove_db(db_path);
    bench_remove_db(history_path);
    return 0;
}
