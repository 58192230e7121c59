/* The findings of scans in the history: kept, loaded, counted and compared
 * (see history.h for the schema). */
#include "store/history.h"
#include "store/history_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/text.h"

void ck_history_finding_release(struct ck_history_finding *f)
{
    free(f->record_id);
    free(f->cve);
    free(f->package);
    free(f->source_name);
    free(f->installed);
    free(f->fixed);
    free(f->cvss_vector);
    free(f->title);
    free(f->description);
    free(f->refs);
    free(f->ecosystem);
    free(f->locations);
    memset(f, 0, sizeof *f);
}

void ck_history_findings_init(struct ck_history_findings *f)
{
    memset(f, 0, sizeof *f);
}

void ck_history_findings_release(struct ck_history_findings *f)
{
    size_t i;
    for (i = 0; i < f->count; i++)
        ck_history_finding_release(&f->items[i]);
    free(f->items);
    ck_history_findings_init(f);
}

/* Takes ownership of the strings in *src (src is zeroed). */
static enum ck_status findings_push(struct ck_history_findings *f, struct ck_history_finding *src)
{
    if (CK_ARRAY_GROW(f->items, f->count, f->cap) != CK_OK)
        return CK_ERR_NOMEM;
    f->items[f->count++] = *src;
    memset(src, 0, sizeof *src);
    return CK_OK;
}

enum ck_status ck_history_findings_add(struct ck_history_findings *f, const struct ck_history_finding *src)
{
    struct ck_history_finding copy = *src;
    copy.record_id = ck_text_dup(src->record_id);
    copy.cve = ck_text_dup(src->cve);
    copy.package = ck_text_dup(src->package);
    copy.source_name = ck_text_dup(src->source_name);
    copy.installed = ck_text_dup(src->installed);
    copy.fixed = ck_text_dup(src->fixed);
    copy.cvss_vector = ck_text_dup(src->cvss_vector);
    copy.title = ck_text_dup(src->title);
    copy.description = ck_text_dup(src->description);
    copy.refs = ck_text_dup(src->refs);
    copy.ecosystem = ck_text_dup(src->ecosystem);
    copy.locations = ck_text_dup(src->locations);
    if ((src->record_id && !copy.record_id) || (src->package && !copy.package) ||
        findings_push(f, &copy) != CK_OK) {
        ck_history_finding_release(&copy);
        return CK_ERR_NOMEM;
    }
    return CK_OK;
}

static int string_less(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Sorts by (record_id, package), the identity of a finding across scans. */
static int identity_cmp(const void *pa, const void *pb)
{
    const struct ck_history_finding *a = pa, *b = pb;
    int c = string_less(a->record_id, b->record_id);
    return c ? c : string_less(a->package, b->package);
}

static int record_id_cmp(const void *pa, const void *pb)
{
    const struct ck_history_finding *const *a = pa, *const *b = pb;
    return string_less((*a)->record_id, (*b)->record_id);
}

size_t ck_history_finding_paths(const struct ck_history_finding *f)
{
    size_t n = 1;
    const char *p;

    if (!f->locations || !*f->locations)
        return 1;
    for (p = f->locations; *p; p++)
        n += *p == '\n' && p[1];
    return n;
}

void ck_severity_counts_of(const struct ck_history_findings *f, struct ck_severity_counts *out)
{
    const struct ck_history_finding **sorted;
    size_t i;

    memset(out, 0, sizeof *out);
    for (i = 0; i < f->count; i++) {
        enum ck_severity s = f->items[i].severity;
        out->by_severity[(unsigned)s < CK_SEV_COUNT ? s : CK_SEV_UNKNOWN]++;
    }
    for (i = 0; i < f->count; i++)
        out->findings += ck_history_finding_paths(&f->items[i]);
    if (!f->count)
        return;
    /* Unique record ids: sort pointers by id and count the distinct ones. */
    sorted = malloc(f->count * sizeof *sorted);
    if (!sorted)
        return;
    for (i = 0; i < f->count; i++)
        sorted[i] = &f->items[i];
    qsort(sorted, f->count, sizeof *sorted, record_id_cmp);
    for (i = 0; i < f->count; i++)
        if (i == 0 || string_less(sorted[i - 1]->record_id, sorted[i]->record_id) != 0)
            out->unique++;
    free(sorted);
}

void ck_comparison_release(struct ck_comparison *c)
{
    ck_history_findings_release(&c->added);
    ck_history_findings_release(&c->fixed);
    ck_history_findings_release(&c->unchanged);
}

enum ck_status ck_hist_insert_findings(struct ck_history *h, int64_t scan_id, const struct ck_history_findings *f,
                                      struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    size_t i;

    if (!f || !f->count)
        return CK_OK;
    if (ck_hist_prepare(h,
                "INSERT INTO findings(scan_id, record_id, cve, package, source_name, installed, fixed, severity,"
                " cvss_score, cvss_vector, title, description, refs, ecosystem, kind, locations)"
                " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
                &st, err) != CK_OK)
        return CK_ERR_DB;
    for (i = 0; i < f->count && rc == CK_OK; i++) {
        const struct ck_history_finding *x = &f->items[i];
        sqlite3_bind_int64(st, 1, scan_id);
        ck_hist_bind_text(st, 2, x->record_id ? x->record_id : "");
        ck_hist_bind_text(st, 3, x->cve);
        ck_hist_bind_text(st, 4, x->package ? x->package : "");
        ck_hist_bind_text(st, 5, x->source_name);
        ck_hist_bind_text(st, 6, x->installed);
        ck_hist_bind_text(st, 7, x->fixed);
        sqlite3_bind_int(st, 8, (int)x->severity);
        if (x->cvss_score >= 0)
            sqlite3_bind_double(st, 9, x->cvss_score);
        else
            sqlite3_bind_null(st, 9);
        ck_hist_bind_text(st, 10, x->cvss_vector);
        ck_hist_bind_text(st, 11, x->title);
        ck_hist_bind_text(st, 12, x->description);
        ck_hist_bind_text(st, 13, x->refs);
        ck_hist_bind_text(st, 14, x->ecosystem);
        sqlite3_bind_int(st, 15, x->kind);
        ck_hist_bind_text(st, 16, x->locations);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = ck_hist_fail(h, err, "finding");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Findings of a scan; with first_seen = the earliest scan of the same image
 * and engine that had the same (record_id, package). */
static enum ck_status load_findings(struct ck_history *h, int64_t scan_id, struct ck_history_findings *out,
                                    struct ck_err *err)
{
    static const char sql[] =
        "SELECT f.record_id, f.cve, f.package, f.source_name, f.installed, f.fixed, f.severity, f.cvss_score,"
        " f.cvss_vector, f.title, f.description, f.refs, f.ecosystem, f.kind, f.locations,"
        " (SELECT MIN(s2.started_at) FROM findings f2 JOIN scans s2 ON s2.id = f2.scan_id"
        "   WHERE s2.image_id = s.image_id AND s2.engine = s.engine AND f2.record_id = f.record_id"
        "   AND f2.package = f.package)"
        " FROM findings f JOIN scans s ON s.id = f.scan_id WHERE f.scan_id = ?1"
        " ORDER BY f.severity DESC, f.cvss_score DESC, f.record_id, f.package";
    struct ck_history_findings v;
    sqlite3_stmt *st = NULL;
    int step;

    ck_history_findings_init(&v);
    if (ck_hist_prepare(h, sql, &st, err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, scan_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct ck_history_finding f;
        memset(&f, 0, sizeof f);
        f.record_id = ck_hist_column_dup(st, 0);
        f.cve = ck_hist_column_dup(st, 1);
        f.package = ck_hist_column_dup(st, 2);
        f.source_name = ck_hist_column_dup(st, 3);
        f.installed = ck_hist_column_dup(st, 4);
        f.fixed = ck_hist_column_dup(st, 5);
        f.severity = (enum ck_severity)sqlite3_column_int(st, 6);
        f.cvss_score = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1.0 : sqlite3_column_double(st, 7);
        f.cvss_vector = ck_hist_column_dup(st, 8);
        f.title = ck_hist_column_dup(st, 9);
        f.description = ck_hist_column_dup(st, 10);
        f.refs = ck_hist_column_dup(st, 11);
        f.ecosystem = ck_hist_column_dup(st, 12);
        f.kind = sqlite3_column_int(st, 13);
        f.locations = ck_hist_column_dup(st, 14);
        f.first_seen = sqlite3_column_int64(st, 15);
        if (findings_push(&v, &f) != CK_OK) {
            ck_history_finding_release(&f);
            step = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        ck_history_findings_release(&v);
        return step == SQLITE_NOMEM ? ck_err_set(err, CK_ERR_NOMEM, "out of memory") : ck_hist_fail(h, err, "findings");
    }
    *out = v;
    return CK_OK;
}

enum ck_status ck_history_load_findings(struct ck_history *h, int64_t scan_id, struct ck_history_findings *out,
                                        struct ck_err *err)
{
    struct ck_history_findings v;
    enum ck_status rc = load_findings(h, scan_id, &v, err);
    if (rc == CK_OK) {
        ck_history_findings_release(out);
        *out = v;
    }
    return rc;
}

enum ck_status ck_history_compare(struct ck_history *h, int64_t from_scan, int64_t to_scan,
                                  struct ck_comparison *out, struct ck_err *err)
{
    struct ck_history_findings from, to;
    struct ck_comparison c;
    enum ck_status rc = CK_OK;
    size_t i = 0, j = 0;

    ck_history_findings_init(&from);
    ck_history_findings_init(&to);
    memset(&c, 0, sizeof c);
    if ((rc = load_findings(h, from_scan, &from, err)) != CK_OK || (rc = load_findings(h, to_scan, &to, err)) != CK_OK)
        goto cleanup;
    if (from.count > 1)
        qsort(from.items, from.count, sizeof *from.items, identity_cmp);
    if (to.count > 1)
        qsort(to.items, to.count, sizeof *to.items, identity_cmp);
    /* A merge walk over both sorted sets. */
    while (rc == CK_OK && (i < from.count || j < to.count)) {
        int cmp = i == from.count ? 1 : j == to.count ? -1 : identity_cmp(&from.items[i], &to.items[j]);
        if (cmp < 0)
            rc = findings_push(&c.fixed, &from.items[i++]);
        else if (cmp > 0)
            rc = findings_push(&c.added, &to.items[j++]);
        else {
            rc = findings_push(&c.unchanged, &to.items[j++]);
            i++;
        }
    }
    if (rc != CK_OK) {
        ck_err_set(err, rc, "out of memory");
        ck_comparison_release(&c);
        goto cleanup;
    }
    *out = c;
cleanup:
    ck_history_findings_release(&from);
    ck_history_findings_release(&to);
    return rc;
}

const char *ck_finding_state_str(enum ck_finding_state s)
{
    switch (s) {
    case CK_STATE_NEW:
        return "new";
    case CK_STATE_UNCHANGED:
        return "unchanged";
    case CK_STATE_FIXED:
        return "fixed";
    default:
        return "";
    }
}

/* Rows of (record_id, package) in one scan's findings and not in the other's. */
static enum ck_status count_except(struct ck_history *h, int64_t in_scan, int64_t not_in_scan, size_t *out,
                                   struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;

    if (ck_hist_prepare(h,
                        "SELECT COUNT(*) FROM (SELECT record_id, package FROM findings WHERE scan_id = ?1"
                        " EXCEPT SELECT record_id, package FROM findings WHERE scan_id = ?2)",
                        &st, err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, in_scan);
    sqlite3_bind_int64(st, 2, not_in_scan);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = ck_hist_fail(h, err, "comparing scans");
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_history_count_changes(struct ck_history *h, int64_t from_scan, int64_t to_scan, size_t *added,
                                        size_t *fixed, struct ck_err *err)
{
    enum ck_status rc = count_except(h, to_scan, from_scan, added, err);
    return rc == CK_OK ? count_except(h, from_scan, to_scan, fixed, err) : rc;
}
