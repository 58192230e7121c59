/* Image-list figures: references parsed per second, a list file of N lines
 * read (parse, normalise, dedupe), tags chosen per second by each policy,
 * and regular-expression searches per second, including a pattern that
 * makes backtracking matchers explode. Prints medians of 5 rounds; asserts
 * nothing.
 *   bench_lists [lines] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "sources/imagelist.h"
#include "docker/imageref.h"
#include "sources/tagpolicy.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/regex.h"

#define ROUNDS 5

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static double median_ms(uint64_t *ns)
{
    qsort(ns, ROUNDS, sizeof *ns, cmp_u64);
    return (double)ns[ROUNDS / 2] / 1e6;
}

/* n lines in the shapes of real lists: Hub names, registries with ports,
 * tags and digests, comments, blanks, about 5% duplicates. */
static void make_list(struct ck_buf *b, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        switch (i % 8) {
        case 0: ck_buf_printf(b, "ubuntu:%u.04\r\n", 10 + i % 200); break;
        case 1: ck_buf_printf(b, "registry.example.com:5000/team%u/app-%u:1.%u.%u\n", i % 50, i, i % 9, i % 31); break;
        case 2: ck_buf_printf(b, "  ghcr.io/org/tool%u   # comment\n", i); break;
        case 3: ck_buf_printf(b, "# a comment line %u\n", i); break;
        case 4: ck_buf_printf(b, "quay.io/ns/img%u@sha256:%064x\n", i, i); break;
        case 5: ck_buf_printf(b, "localhost:5000/a/b/c%u:v%u\n", i, i); break;
        case 6: ck_buf_printf(b, "docker.io/library/ubuntu:%u.04\n", 10 + (i * 7) % 200); break;
        default: ck_buf_puts(b, "\n");
        }
    }
}

static void bench_parse(void)
{
    static const char *const refs[] = {
        "ubuntu", "registry.example.com:5000/dev/example-image:4.2.0", "bitnami/redis:7.2",
        "ghcr.io/owner/image_name__x---y.z:TAG_1.0-rc",
        "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"};
    uint64_t ns[ROUNDS];
    int r, i, n = 200000;
    for (r = 0; r < ROUNDS; r++) {
        uint64_t t0 = ck_time_monotonic_ns();
        for (i = 0; i < n; i++) {
            struct ck_imageref ref;
            if (ck_imageref_parse(&ref, refs[i % 5], NULL) == CK_OK) {
                char *s = ck_imageref_to_string(&ref);
                free(s);
                ck_imageref_release(&ref);
            }
        }
        ns[r] = ck_time_monotonic_ns() - t0;
    }
    printf("imageref parse + canonical form: %.0f per second\n", n / (median_ms(ns) / 1000));
}

static void bench_read(unsigned lines)
{
    struct ck_buf text;
    uint64_t ns[ROUNDS];
    size_t count = 0;
    int r;

    ck_buf_init(&text);
    make_list(&text, lines);
    for (r = 0; r < ROUNDS; r++) {
        struct ck_imagelist l;
        uint64_t t0;
        ck_imagelist_init(&l);
        t0 = ck_time_monotonic_ns();
        ck_imagelist_read_text(&l, ck_buf_str(&text), text.len, "bench", NULL, NULL);
        ns[r] = ck_time_monotonic_ns() - t0;
        count = l.count;
        ck_imagelist_release(&l);
    }
    printf("list file of %u lines (%.1f MB) -> %lu images: %.1f ms (%.0f lines per second)\n", lines,
           text.len / 1e6, (unsigned long)count, median_ms(ns), lines / (median_ms(ns) / 1000));
    ck_buf_release(&text);
}

static void bench_policies(void)
{
    static const char *const policies[] = {"all", "latest", "semver", "regex:^v?\\d+\\.\\d+\\.\\d+$", "newest:10"};
    enum { N = 5000 };
    struct ck_tag *tags = calloc(N, sizeof *tags);
    char (*names)[32] = calloc(N, sizeof *names);
    unsigned char *keep = calloc(N, 1);
    size_t p;
    int i;

    if (!tags || !names || !keep)
        return;
    for (i = 0; i < N; i++) {
        if (i % 10 == 0)
            snprintf(names[i], sizeof names[i], "build-%d", i);
        else
            snprintf(names[i], sizeof names[i], "%s%d.%d.%d%s", i % 3 ? "" : "v", i % 7, i % 50, i % 113,
                     i % 4 ? "" : "-rc.1");
        tags[i].name = names[i];
        tags[i].created = 1700000000 + (int64_t)((i * 7919) % N);
    }
    for (p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        struct ck_tagpolicy pol;
        uint64_t ns[ROUNDS];
        size_t kept = 0;
        int r;
        if (ck_tagpolicy_parse(&pol, policies[p], NULL) != CK_OK)
            continue;
        for (r = 0; r < ROUNDS; r++) {
            uint64_t t0 = ck_time_monotonic_ns();
            kept = ck_tagpolicy_select(&pol, tags, N, keep);
            ns[r] = ck_time_monotonic_ns() - t0;
        }
        printf("policy %-28s %d tags -> %4lu kept: %.2f ms\n", policies[p], N, (unsigned long)kept, median_ms(ns));
        ck_tagpolicy_release(&pol);
    }
    free(tags);
    free(names);
    free(keep);
}

static void bench_regex(void)
{
    static const char *const pats[] = {"^v?\\d+\\.\\d+\\.\\d+$", "-rc\\d*$", "^(a|aa)+$", "^(a*)*b$"};
    char text[1025];
    size_t p;
    memset(text, 'a', 1024);
    text[1024] = '\0';
    for (p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        struct ck_regex *re;
        uint64_t ns[ROUNDS];
        const char *subject = p < 2 ? "v12.34.567-rc1" : text;
        int r, i, n = p < 2 ? 200000 : 200;
        if (ck_regex_compile(&re, pats[p], NULL) != CK_OK)
            continue;
        for (r = 0; r < ROUNDS; r++) {
            uint64_t t0 = ck_time_monotonic_ns();
            for (i = 0; i < n; i++)
                ck_regex_search(re, subject);
            ns[r] = ck_time_monotonic_ns() - t0;
        }
        printf("regex %-24s on %4lu bytes: %.2f us per search\n", pats[p], (unsigned long)strlen(subject),
               median_ms(ns) * 1000 / n);
        ck_regex_free(re);
    }
}

int main(int argc, char **argv)
{
    unsigned lines = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 200000;
    ck_log_set_level(CK_LOG_ERROR);
    bench_parse();
    bench_read(lines ? lines : 200000);
    bench_policies();
    bench_regex();
    return 0;
}
