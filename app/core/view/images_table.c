/* The images list's row model (see images_table.h). */
#include "view/images_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/cells.h"
#include "vuln/severity.h"

static const char *const column_titles[CK_ICOL_COUNT] = {
    "Repository", "Tag", "Last scanned", "Digest", "Critical", "High", "Medium", "Low", "Negligible", "Unknown", "Unmanaged",
    "State",
};

const char *ck_images_column_title(int col)
{
    return col >= 0 && col < CK_ICOL_COUNT ? column_titles[col] : "";
}

int ck_images_column_severity(int col)
{
    static const int sev[] = {CK_SEV_CRITICAL, CK_SEV_HIGH,       CK_SEV_MEDIUM,
                              CK_SEV_LOW,      CK_SEV_NEGLIGIBLE, CK_SEV_UNKNOWN};
    return col >= CK_ICOL_CRITICAL && col <= CK_ICOL_UNKNOWN ? sev[col - CK_ICOL_CRITICAL] : -1;
}

static char *dup_or_null(const char *s)
{
    char *d;
    size_t n;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void row_release(struct ck_images_row *r)
{
    free(r->repository);
    free(r->tag);
    free(r->digest);
    free(r->detail);
    memset(r, 0, sizeof *r);
}

static void rows_free(struct ck_images_row *rows, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        row_release(&rows[i]);
    free(rows);
}

void ck_images_table_init(struct ck_images_table *t)
{
    memset(t, 0, sizeof *t);
    ck_rowset_init(&t->set);
    t->sort_col = -1;
}

void ck_images_table_release(struct ck_images_table *t)
{
    rows_free(t->rows, t->count);
    ck_rowset_release(&t->set);
    free(t->text);
    ck_images_table_init(t);
}

/* ---- sorting and filtering ---------------------------------------------- */

/* The open findings of a severity: those found less those decided. */
static size_t open_count(const struct ck_images_row *r, int sev)
{
    size_t all = r->counts.by_severity[sev], decided = r->decided.by_severity[sev];
    return decided < all ? all - decided : 0;
}

/* "7", "7 (+3)": the open findings, and the change in findings found since
 * the previous scan. */
static const char *count_cell(const struct ck_images_row *r, int sev, char *buf, size_t size)
{
    long long change = (long long)r->counts.by_severity[sev] - (long long)r->previous.by_severity[sev];
    if (!r->decided.by_severity[sev])
        return ck_cell_count(r->counts.by_severity[sev], r->has_previous, r->previous.by_severity[sev], buf, size);
    if (r->has_previous && change)
        snprintf(buf, size, "%zu (%+lld)", open_count(r, sev), change);
    else
        snprintf(buf, size, "%zu", open_count(r, sev));
    return buf;
}

static int cmp_num(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

/* Never-scanned rows sort after scanned ones in both directions. */
static int cmp_scanned(const struct ck_images_table *t, const struct ck_images_row *a,
                       const struct ck_images_row *b)
{
    if (a->has_scan != b->has_scan)
        return (a->has_scan ? -1 : 1) * (t->sort_desc ? -1 : 1);
    return 0;
}

/* The latest scan succeeded and read the whole filesystem. */
static int unmanaged_known(const struct ck_images_row *r)
{
    return r->has_scan && r->walked && r->state != CK_IMAGE_FAILED;
}

static int cmp_rows(const void *ctx, uint32_t ia, uint32_t ib)
{
    const struct ck_images_table *t = ctx;
    const struct ck_images_row *a = &t->rows[ia], *b = &t->rows[ib];
    int sev = ck_images_column_severity(t->sort_col), c;

    if (sev >= 0) {
        c = cmp_scanned(t, a, b);
        return c ? c : cmp_num((int64_t)open_count(a, sev), (int64_t)open_count(b, sev));
    }
    switch (t->sort_col) {
    case CK_ICOL_REPOSITORY:
        return ck_view_natural_cmp(a->repository, b->repository);
    case CK_ICOL_TAG:
        return ck_view_natural_cmp(a->tag, b->tag);
    case CK_ICOL_SCANNED:
        c = cmp_scanned(t, a, b);
        return c ? c : cmp_num(a->scanned_at, b->scanned_at);
    case CK_ICOL_DIGEST:
        c = cmp_scanned(t, a, b);
        return c ? c : ck_view_natural_cmp(a->digest, b->digest);
    case CK_ICOL_UNMANAGED:
        /* rows whose count is not known sort last both ways */
        if (unmanaged_known(a) != unmanaged_known(b))
            return (unmanaged_known(a) ? -1 : 1) * (t->sort_desc ? -1 : 1);
        return cmp_num((int64_t)a->unmanaged, (int64_t)b->unmanaged);
    case CK_ICOL_STATE:
        c = (int)a->state - (int)b->state;
        return c ? c : ck_view_natural_cmp(a->detail, b->detail);
    default:
        return 0;
    }
}

static const char *state_text(const struct ck_images_row *r, char *buf, size_t size)
{
    static const char *const names[] = {"Never scanned", "Queued", "Scanning", "Done", "Failed", "Not assessed"};
    const char *name = names[r->state <= CK_IMAGE_NOT_ASSESSED ? r->state : CK_IMAGE_NEVER];

    if (!size)
        return buf;
    if (r->detail && *r->detail && r->state != CK_IMAGE_NEVER && r->state != CK_IMAGE_QUEUED)
        snprintf(buf, size, "%s: %s", name, r->detail);
    else
        snprintf(buf, size, "%s", name);
    return buf;
}

static int keep_row(const void *ctx, uint32_t i)
{
    const struct ck_images_table *t = ctx;
    const struct ck_images_row *r = &t->rows[i];
    char state[256];

    if (!t->text)
        return 1;
    return ck_view_contains(r->repository, t->text) || ck_view_contains(r->tag, t->text) ||
           ck_view_contains(r->digest, t->text) || ck_view_contains(state_text(r, state, sizeof state), t->text);
}

enum ck_status ck_images_table_refresh(struct ck_images_table *t)
{
    if (t->sort_col >= 0) {
        enum ck_status rc = ck_rowset_sort(&t->set, cmp_rows, t, t->sort_desc);
        if (rc != CK_OK)
            return rc;
    }
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

enum ck_status ck_images_table_sort(struct ck_images_table *t, int col, int desc)
{
    int old_col = t->sort_col, old_desc = t->sort_desc;
    enum ck_status rc;

    if (col < 0 || col >= CK_ICOL_COUNT)
        return CK_ERR_ARG;
    t->sort_col = col;
    t->sort_desc = desc != 0;
    rc = ck_rowset_sort(&t->set, cmp_rows, t, t->sort_desc);
    if (rc != CK_OK) {
        t->sort_col = old_col;
        t->sort_desc = old_desc;
    }
    return rc;
}

enum ck_status ck_images_table_filter(struct ck_images_table *t, const char *text)
{
    char *lower = NULL;
    if (text && *text) {
        lower = ck_view_lower_dup(text);
        if (!lower)
            return CK_ERR_NOMEM;
    }
    free(t->text);
    t->text = lower;
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

/* ---- loading and updating ----------------------------------------------- */

static enum ck_status copy_history_row(struct ck_images_row *out, const struct ck_image_row *in)
{
    memset(out, 0, sizeof *out);
    out->repository = dup_or_null(in->repository ? in->repository : "");
    out->tag = dup_or_null(in->tag ? in->tag : "");
    if (!out->repository || !out->tag)
        goto nomem;
    out->image_id = in->image_id;
    out->has_scan = in->has_scan;
    out->state = CK_IMAGE_NEVER;
    if (in->has_scan) {
        out->scan_id = in->latest.id;
        out->scanned_at = in->latest.finished_at ? in->latest.finished_at : in->latest.started_at;
        out->counts = in->latest.counts;
        out->has_previous = in->has_previous;
        out->previous = in->previous;
        out->state = in->latest.ok ? CK_IMAGE_DONE : CK_IMAGE_FAILED;
        out->walked = in->latest.ok && in->latest.walked;
        out->unmanaged = in->latest.unmanaged_binaries;
        if (in->latest.digest && !(out->digest = dup_or_null(in->latest.digest)))
            goto nomem;
        if (!in->latest.ok && in->latest.error && !(out->detail = dup_or_null(in->latest.error)))
            goto nomem;
        if (in->latest.ok && in->latest.not_assessed) {
            out->state = CK_IMAGE_NOT_ASSESSED;
            if (!(out->detail = dup_or_null(in->latest.not_assessed)))
                goto nomem;
        } else if (in->latest.ok && in->latest.note &&
                   !(out->detail = dup_or_null("local copy, pull failed"))) {
            goto nomem;
        } else if (in->latest.ok && in->latest.kind && !strcmp(in->latest.kind, CK_SCAN_KIND_REMATCH) &&
                   !(out->detail = dup_or_null("re-matched"))) {
            goto nomem;
        }
    }
    return CK_OK;
nomem:
    row_release(out);
    return CK_ERR_NOMEM;
}

/* Carries a queued or scanning state over from the old rows. */
static enum ck_status carry_state(struct ck_images_row *row, const struct ck_images_table *old)
{
    long i = ck_images_table_find(old, row->repository, row->tag);
    const struct ck_images_row *o;
    if (i < 0)
        return CK_OK;
    o = &old->rows[i];
    if (o->state != CK_IMAGE_QUEUED && o->state != CK_IMAGE_SCANNING)
        return CK_OK;
    row->state = o->state;
    free(row->detail);
    row->detail = NULL;
    if (o->detail && !(row->detail = dup_or_null(o->detail)))
        return CK_ERR_NOMEM;
    return CK_OK;
}

enum ck_status ck_images_table_load(struct ck_images_table *t, const struct ck_image_row *rows, size_t n)
{
    struct ck_images_row *nr;
    struct ck_rowset set;
    size_t i, done = 0;
    enum ck_status rc = CK_OK;

    nr = calloc(n ? n : 1, sizeof *nr);
    if (!nr)
        return CK_ERR_NOMEM;
    for (; done < n && rc == CK_OK; done++) {
        rc = copy_history_row(&nr[done], &rows[done]);
        if (rc == CK_OK)
            rc = carry_state(&nr[done], t);
        else
            break;
    }
    ck_rowset_init(&set);
    if (rc == CK_OK)
        rc = ck_rowset_reset(&set, n);
    if (rc != CK_OK) {
        rows_free(nr, done);
        return rc;
    }
    for (i = 0; i < t->count; i++)
        row_release(&t->rows[i]);
    free(t->rows);
    ck_rowset_release(&t->set);
    t->rows = nr;
    t->count = t->cap = n;
    t->set = set;
    /* A sort that runs out of memory leaves the load order, still correct. */
    if (ck_images_table_refresh(t) != CK_OK)
        ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

long ck_images_table_find(const struct ck_images_table *t, const char *repository, const char *tag)
{
    size_t i;
    for (i = 0; i < t->count; i++)
        if (!strcmp(t->rows[i].repository, repository ? repository : "") &&
            !strcmp(t->rows[i].tag, tag ? tag : ""))
            return (long)i;
    return -1;
}

enum ck_status ck_images_table_add(struct ck_images_table *t, const char *repository, const char *tag, long *row)
{
    struct ck_images_row r;
    struct ck_rowset set;
    long found = ck_images_table_find(t, repository, tag);
    enum ck_status rc;

    if (found >= 0) {
        if (row)
            *row = found;
        return CK_OK;
    }
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct ck_images_row *grown = realloc(t->rows, cap * sizeof *grown);
        if (!grown)
            return CK_ERR_NOMEM;
        t->rows = grown;
        t->cap = cap;
    }
    memset(&r, 0, sizeof r);
    r.repository = dup_or_null(repository ? repository : "");
    r.tag = dup_or_null(tag ? tag : "");
    ck_rowset_init(&set);
    rc = r.repository && r.tag ? ck_rowset_reset(&set, t->count + 1) : CK_ERR_NOMEM;
    if (rc != CK_OK) {
        row_release(&r);
        return rc;
    }
    t->rows[t->count++] = r;
    ck_rowset_release(&t->set);
    t->set = set;
    if (ck_images_table_refresh(t) != CK_OK)
        ck_rowset_filter(&t->set, keep_row, t);
    if (row)
        *row = (long)t->count - 1;
    return CK_OK;
}

enum ck_status ck_images_table_set_state(struct ck_images_table *t, size_t row, enum ck_image_state state,
                                         const char *detail)
{
    char *d = NULL;
    if (row >= t->count)
        return CK_ERR_ARG;
    if (detail && !(d = dup_or_null(detail)))
        return CK_ERR_NOMEM;
    free(t->rows[row].detail);
    t->rows[row].detail = d;
    t->rows[row].state = state;
    return CK_OK;
}

enum ck_status ck_images_table_scan_done(struct ck_images_table *t, size_t row, int64_t scan_id, int64_t when,
                                         const char *digest, const struct ck_severity_counts *counts,
                                         const char *not_assessed)
{
    struct ck_images_row *r;
    char *d = NULL;

    if (row >= t->count || !counts)
        return CK_ERR_ARG;
    if (digest && !(d = dup_or_null(digest)))
        return CK_ERR_NOMEM;
    r = &t->rows[row];
    r->has_previous = r->has_scan;
    if (r->has_scan)
        r->previous = r->counts;
    r->has_scan = 1;
    r->scan_id = scan_id;
    r->scanned_at = when;
    r->counts = *counts;
    memset(&r->decided, 0, sizeof r->decided); /* known again when the rows are loaded */
    r->walked = 0; /* the job does not say; the next load does */
    r->unmanaged = 0;
    if (d) {
        free(r->digest);
        r->digest = d;
    }
    r->state = not_assessed ? CK_IMAGE_NOT_ASSESSED : CK_IMAGE_DONE;
    free(r->detail);
    r->detail = not_assessed ? dup_or_null(not_assessed) : NULL;
    return not_assessed && !r->detail ? CK_ERR_NOMEM : CK_OK;
}

size_t ck_images_table_unassessed(const struct ck_images_table *t)
{
    size_t i, n = 0;
    for (i = 0; i < t->count; i++)
        n += t->rows[i].state == CK_IMAGE_NOT_ASSESSED;
    return n;
}

/* ---- reading ------------------------------------------------------------ */

size_t ck_images_table_count(const struct ck_images_table *t)
{
    return t->set.visible_count;
}

size_t ck_images_table_total(const struct ck_images_table *t)
{
    return t->count;
}

uint32_t ck_images_table_row_at(const struct ck_images_table *t, size_t i)
{
    return ck_rowset_row(&t->set, i);
}

long ck_images_table_position(const struct ck_images_table *t, uint32_t row)
{
    return ck_rowset_position(&t->set, row);
}

const struct ck_images_row *ck_images_table_at(const struct ck_images_table *t, size_t i)
{
    return &t->rows[ck_rowset_row(&t->set, i)];
}

const struct ck_images_row *ck_images_table_row(const struct ck_images_table *t, size_t row)
{
    return row < t->count ? &t->rows[row] : NULL;
}

const char *ck_images_table_cell(const struct ck_images_table *t, size_t i, int col, char *buf, size_t size)
{
    const struct ck_images_row *r = ck_images_table_at(t, i);
    int sev = ck_images_column_severity(col);

    if (sev >= 0) {
        if (!r->has_scan || r->state == CK_IMAGE_FAILED)
            return "";
        return count_cell(r, sev, buf, size);
    }
    switch (col) {
    case CK_ICOL_REPOSITORY:
        return r->repository;
    case CK_ICOL_TAG:
        return r->tag;
    case CK_ICOL_SCANNED:
        return ck_cell_time(r->has_scan ? r->scanned_at : 0, buf, size);
    case CK_ICOL_DIGEST:
        return ck_cell_short_digest(r->digest, buf, size);
    case CK_ICOL_UNMANAGED:
        if (!unmanaged_known(r))
            return "";
        snprintf(buf, size, "%zu", r->unmanaged);
        return buf;
    case CK_ICOL_STATE:
        return state_text(r, buf, size);
    default:
        return "";
    }
}

void ck_images_table_set_decided(struct ck_images_table *t, const struct ck_image_row *rows,
                                 const struct ck_severity_counts *decided, size_t n)
{
    size_t i;
    for (i = 0; i < t->count; i++)
        memset(&t->rows[i].decided, 0, sizeof t->rows[i].decided);
    for (i = 0; decided && i < n; i++) {
        long k = ck_images_table_find(t, rows[i].repository ? rows[i].repository : "", rows[i].tag ? rows[i].tag : "");
        if (k >= 0 && t->rows[k].scan_id == rows[i].latest.id)
            t->rows[k].decided = decided[i];
    }
    ck_images_table_refresh(t);
}

const char *ck_images_table_decided_text(const struct ck_images_table *t, size_t i, char *buf, size_t size)
{
    const struct ck_images_row *r = ck_images_table_at(t, i);
    size_t total = 0, used;
    int sev, first = 1;

    for (sev = 0; sev < CK_SEV_COUNT; sev++)
        total += r->decided.by_severity[sev];
    if (!size)
        return buf;
    buf[0] = '\0';
    if (!total)
        return buf;
    snprintf(buf, size, "%zu decided finding%s not counted:", total, total == 1 ? "" : "s");
    for (sev = CK_SEV_COUNT - 1; sev >= 0; sev--) {
        if (!r->decided.by_severity[sev])
            continue;
        used = strlen(buf);
        snprintf(buf + used, size - used, "%s %zu %s", first ? "" : ",", r->decided.by_severity[sev],
                 ck_severity_str((enum ck_severity)sev));
        first = 0;
    }
    return buf;
}
