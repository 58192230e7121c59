/* Cell text of the list views (see cells.h). */
#include "view/cells.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "platform/platform.h"

static const char *put(char *buf, size_t size, const char *s)
{
    if (size) {
        size_t n = strlen(s);
        if (n >= size)
            n = size - 1;
        memcpy(buf, s, n);
        buf[n] = '\0';
    }
    return buf;
}

const char *ck_cell_time(int64_t t, char *buf, size_t size)
{
    struct tm tm;
    if (t <= 0)
        return put(buf, size, "");
    ck_time_local(t, &tm);
    if (size)
        snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min);
    return buf;
}

const char *ck_cell_count(size_t now, int has_previous, size_t previous, char *buf, size_t size)
{
    if (!size)
        return buf;
    if (!has_previous || now == previous)
        snprintf(buf, size, "%zu", now);
    else if (now > previous)
        snprintf(buf, size, "%zu (+%zu)", now, now - previous);
    else
        snprintf(buf, size, "%zu (-%zu)", now, previous - now);
    return buf;
}

const char *ck_cell_short_digest(const char *digest, char *buf, size_t size)
{
    const char *hex;
    char part[13];
    if (!digest)
        return put(buf, size, "");
    hex = strchr(digest, ':');
    hex = hex ? hex + 1 : digest;
    snprintf(part, sizeof part, "%s", hex);
    return put(buf, size, part);
}

const char *ck_cell_score(double score, char *buf, size_t size)
{
    if (score < 0)
        return put(buf, size, "");
    if (size)
        snprintf(buf, size, "%.1f", score);
    return buf;
}
