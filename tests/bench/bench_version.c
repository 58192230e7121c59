/* Version comparisons per second, per scheme, on versions shaped like the
 * distributions' (epochs, revisions, suffixes, tildes, long numbers).
 * Prints the median of 5 rounds; asserts nothing.
 *   bench_version [pairs-per-round] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "vuln/vercmp.h"

#define POOL 4096
#define VMAX 64
#define ROUNDS 5

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
    /* xorshift64*: reproducible on every platform */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 2685821657736338717ull) >> 33) % n;
}

static void make_deb(char *out)
{
    static const char *const extra[] = {"", "~rc1", "+dfsg", "+really1.0", "~bpo11+1", "a", ".git20240101"};
    static const char *const rev[] = {"", "-1", "-2ubuntu0.3", "-1+deb12u1", "-10+b2", "-0.1~exp1"};
    char epoch[8] = "";
    if (rnd(8) == 0)
        snprintf(epoch, sizeof epoch, "%u:", rnd(3) + 1);
    snprintf(out, VMAX, "%s%u.%u.%u%s%s", epoch, rnd(4), rnd(30), rnd(200), extra[rnd(7)], rev[rnd(6)]);
}

static void make_apk(char *out)
{
    static const char *const suffix[] = {"", "_alpha1", "_beta2", "_pre3", "_rc1", "_p1", "_git20240101", "a"};
    snprintf(out, VMAX, "%u.%u.%u%s-r%u", rnd(4), rnd(30), rnd(200), suffix[rnd(8)], rnd(12));
}

static void make_rpm(char *out)
{
    static const char *const rel[] = {"el9", "el9_3", "fc40", "el8_10.1", "1.module+el8.9.0+1234+abcd"};
    char epoch[8] = "";
    if (rnd(6) == 0)
        snprintf(epoch, sizeof epoch, "%u:", rnd(3) + 1);
    snprintf(out, VMAX, "%s%u.%u.%u%s-%u.%s", epoch, rnd(4), rnd(30), rnd(200), rnd(5) ? "" : "~rc1",
             rnd(40), rel[rnd(5)]);
}

static int cmp_u64(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static char pool[POOL][VMAX];
    static void (*const make[CK_VERSION_SCHEME_COUNT])(char *) = {make_deb, make_apk, make_rpm};
    long pairs = argc > 1 ? atol(argv[1]) : 2000000;
    int s, r;

    if (pairs <= 0)
        pairs = 2000000;
    printf("version comparisons, median of %d rounds of %ld pairs\n", ROUNDS, pairs);
    for (s = 0; s < CK_VERSION_SCHEME_COUNT; s++) {
        unsigned long long ns[ROUNDS];
        long sink = 0, i;

        for (i = 0; i < POOL; i++)
            make[s](pool[i]);
        for (r = 0; r < ROUNDS; r++) {
            uint64_t t0 = ck_time_monotonic_ns();
            for (i = 0; i < pairs; i++)
                sink += ck_version_compare((enum ck_version_scheme)s, pool[i % POOL],
                                           pool[(i * 7 + 13) % POOL]);
            ns[r] = ck_time_monotonic_ns() - t0;
        }
        qsort(ns, ROUNDS, sizeof ns[0], cmp_u64);
        printf("  %s: %.2f million comparisons/s (%.0f ns each; checksum %ld)\n",
               ck_version_scheme_name((enum ck_version_scheme)s),
               (double)pairs * 1e3 / (double)(ns[ROUNDS / 2] ? ns[ROUNDS / 2] : 1),
               (double)ns[ROUNDS / 2] / (double)pairs, sink);
    }
    return 0;
}
