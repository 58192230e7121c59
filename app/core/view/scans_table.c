/* The scans list's row model and the trend chart's scale (see scans_table.h). */
#include "view/scans_table.h"

#include <stdio.h>
#include <string.h>

#include "view/cells.h"

static const char *const column_titles[CK_SCOL_COUNT] = {
    "Scanned", "Result", "Critical", "High", "Medium", "Low", "Negligible", "Unknown", "Total", "Packages", "Digest",
};

const char *ck_scans_column_title(int col)
{
    return col >= 0 && col < CK_SCOL_COUNT ? column_titles[col] : "";
}

int ck_scans_column_severity(int col)
{
    static const int sev[] = {CK_SEV_CRITICAL, CK_SEV_HIGH,       CK_SEV_MEDIUM,
                              CK_SEV_LOW,      CK_SEV_NEGLIGIBLE, CK_SEV_UNKNOWN};
    return col >= CK_SCOL_CRITICAL && col <= CK_SCOL_UNKNOWN ? sev[col - CK_SCOL_CRITICAL] : -1;
}

void ck_scans_table_init(struct ck_scans_table *t)
{
    memset(t, 0, sizeof *t);
}

void ck_scans_table_release(struct ck_scans_table *t)
{
    ck_scan_infos_free(t->scans, t->count);
    ck_scans_table_init(t);
}

void ck_scans_table_take(struct ck_scans_table *t, struct ck_scan_info *scans, size_t count)
{
    ck_scans_table_release(t);
    t->scans = scans;
    t->count = scans ? count : 0;
}

const struct ck_scan_info *ck_scans_table_at(const struct ck_scans_table *t, size_t i)
{
    return i < t->count ? &t->scans[i] : NULL;
}

const char *ck_scans_table_cell(const struct ck_scans_table *t, size_t i, int col, char *buf, size_t size)
{
    const struct ck_scan_info *s = ck_scans_table_at(t, i);
    int sev = ck_scans_column_severity(col);

    if (!s || !size)
        return "";
    if (sev >= 0 || col == CK_SCOL_TOTAL || col == CK_SCOL_PACKAGES) {
        size_t v = sev >= 0 ? s->counts.by_severity[sev] : col == CK_SCOL_TOTAL ? s->counts.findings : s->package_count;
        if (!s->ok)
            return "";
        snprintf(buf, size, "%zu", v);
        return buf;
    }
    switch (col) {
    case CK_SCOL_SCANNED:
        return ck_cell_time(s->finished_at ? s->finished_at : s->started_at, buf, size);
    case CK_SCOL_RESULT:
        if (s->ok && s->kind && !strcmp(s->kind, CK_SCAN_KIND_REMATCH)) {
            char when[CK_CELL_MAX];
            if (s->data_age < 0)
                return "Done: re-match of the stored inventory";
            ck_cell_time(s->started_at - s->data_age, when, sizeof when);
            snprintf(buf, size, "Done: re-match, data of %s", when);
            return buf;
        }
        if (s->ok && s->note)
            return "Done: Docker's local copy (the pull failed)";
        if (s->ok)
            return "Done";
        snprintf(buf, size, "Failed: %s", s->error ? s->error : "unknown reason");
        return buf;
    case CK_SCOL_DIGEST:
        return ck_cell_short_digest(s->digest, buf, size);
    default:
        return "";
    }
}

void ck_trend_axis(size_t max, size_t *axis_max, size_t *step)
{
    static const size_t mult[] = {1, 2, 5};
    size_t pow10 = 1, s = 1;
    int i;

    /* The smallest round step with at most 5 steps covering max. */
    for (;;) {
        for (i = 0; i < 3; i++) {
            s = mult[i] * pow10;
            if (s * 5 >= max)
                goto found;
        }
        if (pow10 > (size_t)-1 / 100)
            break;
        pow10 *= 10;
    }
found:
    *step = s;
    *axis_max = max == 0 ? s * 5 : ((max + s - 1) / s) * s;
}
