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

#endif
