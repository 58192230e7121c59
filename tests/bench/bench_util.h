/* What the benchmarks share. */
#ifndef CK_BENCH_UTIL_H
#define CK_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Peak resident set in KiB (Linux), or -1 where it is not known. */
static inline long peak_rss_kb(void)
{
#ifdef __linux__
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
#else
    return -1;
#endif
}

/* A fixed pseudo-random sequence (xorshift64): the same data every run. */
static inline unsigned bench_rnd(unsigned long long *state, unsigned n)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (unsigned)(*state % n);
}

/* Removes a SQLite database and its -wal and -shm files, where they exist. */
static inline void bench_remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char p[1024];
    size_t i;
    for (i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        remove(p);
    }
}

#endif
