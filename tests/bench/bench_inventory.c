/* Inventory benchmarks (figures only, nothing asserted):
 *   1. dpkg status of 1,000 generated packages parsed from memory: MB/s
 *      (median of 21 runs); the goal is >= 100 MB/s.
 *   2. a generated status of 200 MB (or argv[1] MB) streamed to the parser
 *      in 64 KiB chunks, never held whole: MB/s, the most the parser held
 *      between chunks, and the process's peak resident memory.
 *   3. the same stream inside a tar, through the inventory collector as an
 *      image layer: MB/s and peak memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/dpkg.h"
#include "inventory/inventory.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "bench_util.h"

/* One stanza shaped like a real one (fields, a multi-line description,
 * conffiles), about 1.2 KB. */
static void stanza(struct ck_buf *b, unsigned i)
{
    ck_buf_printf(b,
                  "Package: bench-package-%05u\n"
                  "Status: install ok installed\n"
                  "Priority: optional\n"
                  "Section: libs\n"
                  "Installed-Size: %u\n"
                  "Maintainer: Bench Maintainers <bench@example.invalid>\n"
                  "Architecture: amd64\n"
                  "Multi-Arch: same\n"
                  "Source: bench-source-%04u (%u.%u.%u-%u)\n"
                  "Version: %u.%u.%u-%u+deb12u%u\n"
                  "Depends: libc6 (>= 2.34), libgcc-s1 (>= 3.0), libstdc++6 (>= 12), zlib1g (>= 1:1.2.0), "
                  "libssl3 (>= 3.0.0), libzstd1 (>= 1.5.2)\n"
                  "Breaks: bench-old (<< 1.0)\n"
                  "Conffiles:\n"
                  " /etc/bench/%05u.conf 0123456789abcdef0123456789abcdef\n"
                  " /etc/bench/%05u.d/defaults 0123456789abcdef0123456789abcdef\n"
                  "Description: generated package number %u for the inventory benchmark\n"
                  " This text stands in for a package description: a few lines that\n"
                  " say what the package holds and why one would install it, wrapped\n"
                  " at about seventy columns as Debian's policy recommends.\n"
                  " .\n"
                  " A second paragraph follows the separator line above.\n"
                  "Homepage: https://example.invalid/bench/%u\n"
                  "\n",
                  i, 100 + i % 5000, i / 4, 1 + i % 7, i % 13, i % 3, 1 + i % 4, 1 + i % 7, i % 13, i % 3, 1 + i % 4,
                  i % 9, i, i, i, i);
}

static double seconds_since(uint64_t t0) { return (double)(ck_time_monotonic_ns() - t0) / 1e9; }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void bench_memory(void)
{
    enum { RUNS = 21 };
    struct ck_buf file;
    double mbs[RUNS];
    unsigned i;
    int r;

    ck_buf_init(&file);
    for (i = 0; i < 1000; i++)
        stanza(&file, i);
    for (r = 0; r < RUNS; r++) {
        struct ck_inventory inv;
        uint64_t t0;
        ck_inventory_init(&inv);
        t0 = ck_time_monotonic_ns();
        ck_dpkg_parse(&inv, file.data, file.len, "status", 0);
        mbs[r] = (double)file.len / 1e6 / seconds_since(t0);
        if (inv.count != 1000)
            printf("  unexpected count %lu\n", (unsigned long)inv.count);
        ck_inventory_release(&inv);
    }
    qsort(mbs, RUNS, sizeof mbs[0], cmp_double);
    printf("dpkg status, 1,000 packages (%.2f MB) from memory: median %.0f MB/s (min %.0f, max %.0f; goal >= 100)\n",
           (double)file.len / 1e6, mbs[RUNS / 2], mbs[0], mbs[RUNS - 1]);
    ck_buf_release(&file);
}

/* Produces the generated status chunk by chunk: stanzas are appended to a
 * small buffer that is handed out and emptied. */
struct generator {
    struct ck_buf buf;
    unsigned next;
    uint64_t produced, target;
};

static size_t generate(struct generator *g, const char **out)
{
    ck_buf_reset(&g->buf);
    while (g->buf.len < 64 * 1024 && g->produced + g->buf.len < g->target)
        stanza(&g->buf, g->next++);
    g->produced += g->buf.len;
    *out = g->buf.data;
    return g->buf.len;
}

/* Seconds the generator alone takes for target bytes (subtracted below). */
static double generation_seconds(uint64_t target)
{
    struct generator g = {{0}, 0, 0, 0};
    const char *chunk;
    uint64_t t0 = ck_time_monotonic_ns();
    double s;
    ck_buf_init(&g.buf);
    g.target = target;
    while (generate(&g, &chunk) > 0)
        ;
    s = seconds_since(t0);
    ck_buf_release(&g.buf);
    return s;
}

static void bench_stream(uint64_t target, double gen)
{
    struct generator g = {{0}, 0, 0, 0};
    struct ck_inventory inv;
    struct ck_dpkg_parser *p = NULL;
    size_t max_held = 0, total_packages = 0;
    const char *chunk;
    size_t n;
    uint64_t t0;
    double secs;

    ck_buf_init(&g.buf);
    g.target = target;
    ck_inventory_init(&inv);
    ck_dpkg_parser_new(&p, &inv, "status", 0);
    t0 = ck_time_monotonic_ns();
    while ((n = generate(&g, &chunk)) > 0) {
        ck_dpkg_parser_feed(p, chunk, n);
        if (ck_dpkg_parser_buffered(p) > max_held)
            max_held = ck_dpkg_parser_buffered(p);
        /* the packages found so far are let go, as a consumer would store
         * them: what remains is the parser's own memory */
        if (inv.count >= 10000) {
            total_packages += inv.count;
            ck_inventory_release(&inv);
            ck_inventory_init(&inv);
        }
    }
    ck_dpkg_parser_finish(p);
    secs = seconds_since(t0);
    total_packages += inv.count;
    printf("dpkg status streamed, %.0f MB in 64 KiB chunks: %.0f MB/s parsing (%.0f MB/s with generation), "
           "%lu packages, parser held at most %lu bytes, peak RSS %ld KiB\n",
           (double)g.produced / 1e6, (double)g.produced / 1e6 / (secs - gen), (double)g.produced / 1e6 / secs,
           (unsigned long)total_packages,
           (unsigned long)max_held, peak_rss_kb());
    ck_dpkg_parser_free(p);
    ck_inventory_release(&inv);
    ck_buf_release(&g.buf);
}

/* A ustar header for one regular file of size bytes. */
static void tar_header(unsigned char *h, const char *name, uint64_t size)
{
    unsigned long sum = 0;
    int i;
    memset(h, 0, 512);
    memcpy(h, name, strlen(name));
    memcpy(h + 100, "0000644", 8);
    memcpy(h + 108, "0000000", 8);
    memcpy(h + 116, "0000000", 8);
    snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
    memcpy(h + 136, "14621234567", 12);
    h[156] = '0';
    memcpy(h + 257, "ustar\0" "00", 8);
    memset(h + 148, ' ', 8);
    for (i = 0; i < 512; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06lo", sum);
}

static void bench_layer(uint64_t target, double gen)
{
    struct generator g = {{0}, 0, 0, 0}, sizing = {{0}, 0, 0, 0};
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;
    unsigned char header[512], zeros[1024];
    const char *chunk;
    size_t n;
    uint64_t size = 0, t0;
    double secs;

    /* the tar header needs the size first: generate once to count */
    ck_buf_init(&sizing.buf);
    sizing.target = target;
    while ((n = generate(&sizing, &chunk)) > 0)
        size += n;
    ck_buf_release(&sizing.buf);

    ck_buf_init(&g.buf);
    g.target = target;
    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = size + 1;
    ck_inventory_collector_new(&c, 0, &lim);
    ck_inventory_init(&inv);
    memset(zeros, 0, sizeof zeros);
    t0 = ck_time_monotonic_ns();
    ck_inventory_collector_begin_layer(c, "bench", &err);
    tar_header(header, "var/lib/dpkg/status", size);
    ck_inventory_collector_feed(c, header, sizeof header, &err);
    while ((n = generate(&g, &chunk)) > 0)
        ck_inventory_collector_feed(c, chunk, n, &err);
    ck_inventory_collector_feed(c, zeros, (512 - size % 512) % 512, &err);
    ck_inventory_collector_feed(c, zeros, sizeof zeros, &err);
    ck_inventory_collector_end(c, &err);
    ck_inventory_collector_finish(c, &inv, &err);
    secs = seconds_since(t0);
    printf("the same as a layer tar through the collector: %.0f MB/s (%.0f MB/s with generation), %lu packages, "
           "peak RSS %ld KiB (all packages kept)\n",
           (double)size / 1e6 / (secs - gen), (double)size / 1e6 / secs, (unsigned long)inv.count, peak_rss_kb());
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
    ck_buf_release(&g.buf);
}

int main(int argc, char **argv)
{
    uint64_t mb = argc > 1 ? strtoull(argv[1], NULL, 10) : 200;
    double gen;
    bench_memory();
    gen = generation_seconds(mb * 1000000);
    printf("generating %llu MB of status alone: %.2f s\n", (unsigned long long)mb, gen);
    bench_stream(mb * 1000000, gen);
    bench_layer(mb * 1000000, gen);
    return 0;
}
