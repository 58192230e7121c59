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

const char *ck_cell_state_label(enum ck_decision_state s)
{
    switch (s) {
    case CK_DECISION_UNDER_INVESTIGATION:
        return "Under investigation";
    case CK_DECISION_AFFECTED:
        return "Affected";
    case CK_DECISION_NOT_AFFECTED:
        return "Not affected";
    case CK_DECISION_ACCEPTED_RISK:
        return "Accepted risk";
    case CK_DECISION_FALSE_POSITIVE:
        return "False positive";
    default:
        return "";
    }
}

/* Marks every Windows UI font has (those of code page 1252 and WGL4):
 * open, decided, expired. */
#define MARK_OPEN "\xE2\x80\xA2 "    /* U+2022 BULLET */
#define MARK_DECIDED "\xE2\x88\x9A " /* U+221A SQUARE ROOT, the check mark of WGL4 */
#define MARK_EXPIRED "! "

const char *ck_cell_triage(const struct ck_review_entry *e, char *buf, size_t size)
{
    char day[16] = "";
    const struct ck_decision *d = e ? (e->decision ? e->decision : e->expired) : NULL;

    if (!d)
        return put(buf, size, "");
    if (d->expires != CK_DATE_NONE)
        ck_date_format(d->expires, day, sizeof day);
    if (!e->decision)
        snprintf(buf, size, MARK_EXPIRED "Expired on %s: %s", day, ck_cell_state_label(d->state));
    else if (d->state == CK_DECISION_ACCEPTED_RISK && day[0])
        snprintf(buf, size, MARK_DECIDED "%s until %s", ck_cell_state_label(d->state), day);
    else
        snprintf(buf, size, "%s%s", ck_decision_state_is_open(d->state) ? MARK_OPEN : MARK_DECIDED,
                 ck_cell_state_label(d->state));
    return buf;
}

/* "1st", "2nd", "3rd", "4th", ..., "11th", "12th", "13th", "21st". */
static const char *ordinal(unsigned n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1:
        return "st";
    case 2:
        return "nd";
    case 3:
        return "rd";
    default:
        return "th";
    }
}

const char *ck_cell_epss(const struct ck_review_entry *e, char *buf, size_t size)
{
    unsigned pct;
    if (!e || !e->has_epss)
        return put(buf, size, "");
    pct = (unsigned)(e->percentile * 100.0 + 0.5);
    snprintf(buf, size, "%.1f%% (%u%s)", e->epss * 100.0, pct, ordinal(pct));
    return buf;
}

const char *ck_cell_kev(const struct ck_review_entry *e, char *buf, size_t size)
{
    if (!e || !e->has_kev)
        return put(buf, size, "");
    if (e->kev_due[0])
        snprintf(buf, size, "Yes, due %s", e->kev_due);
    else
        put(buf, size, "Yes");
    return buf;
}
