/* The findings list's row model (see findings_table.h). */
#include "view/findings_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/cells.h"
#include "vuln/severity.h"

static const char *const column_titles[CK_FCOL_COUNT] = {
    "ID",      "CVE",       "Severity", "CVSS",  "Triage",     "Known exploited", "EPSS",
    "Package", "Installed", "Fixed in", "Title", "First seen", "Priority",        "Change",
};

const char *ck_findings_column_title(int col)
{
    return col >= 0 && col < CK_FCOL_COUNT ? column_titles[col] : "";
}

const char *ck_findings_table_state_label(enum ck_finding_state c)
{
    switch (c) {
    case CK_STATE_NEW:
        return "New";
    case CK_STATE_FIXED:
        return "Fixed";
    case CK_STATE_UNCHANGED:
        return "Unchanged";
    default:
        return "";
    }
}

void ck_findings_table_init(struct ck_findings_table *t)
{
    memset(t, 0, sizeof *t);
    ck_history_findings_init(&t->rows);
    ck_rowset_init(&t->set);
    t->sort_col = -1;
}

void ck_findings_table_release(struct ck_findings_table *t)
{
    ck_history_findings_release(&t->rows);
    free(t->change);
    free(t->review);
    ck_decisions_release(&t->decisions);
    ck_rowset_release(&t->set);
    free(t->text);
    ck_findings_table_init(t);
}

/* ---- sorting ------------------------------------------------------------ */

static int is_empty(const char *s)
{
    return !s || !*s;
}

struct text_col {
    const struct ck_findings_table *t;
    int col;
};

static const char *text_of(const void *ctx, uint32_t r)
{
    const struct text_col *tc = ctx;
    const struct ck_history_finding *f = &tc->t->rows.items[r];
    switch (tc->col) {
    case CK_FCOL_ID:
        return f->record_id;
    case CK_FCOL_CVE:
        return f->cve;
    case CK_FCOL_PACKAGE:
        return f->package;
    case CK_FCOL_INSTALLED:
        return f->installed;
    case CK_FCOL_FIXED:
        return f->fixed;
    default:
        return f->title;
    }
}

static const struct ck_review_entry *review_of(const struct ck_findings_table *t, uint32_t r)
{
    return t->review ? &t->review[r] : NULL;
}

/* Open findings first: those whose decision ran out, those with none, then
 * by state. */
static uint64_t triage_key(const struct ck_review_entry *e)
{
    if (!e)
        return CK_ROWSET_MISSING;
    if (!e->decision)
        return e->expired ? 0 : 1;
    return 2 + (uint64_t)e->decision->state;
}

static uint64_t double_key(double v)
{
    uint64_t bits;
    /* A non-negative double's bits order as the number does. */
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

static uint64_t review_key(const struct ck_review_entry *e, int col)
{
    switch (col) {
    case CK_FCOL_TRIAGE:
        return triage_key(e);
    case CK_FCOL_EPSS:
        return e && e->has_epss ? double_key(e->epss) : CK_ROWSET_MISSING;
    case CK_FCOL_KEV:
        return e && e->has_kev ? 1 : CK_ROWSET_MISSING;
    default: /* CK_FCOL_PRIORITY */
        return e && e->priority ? e->priority : CK_ROWSET_MISSING;
    }
}

/* The numeric columns' keys, CK_ROWSET_MISSING where unknown. */
static uint64_t key_of(const struct ck_findings_table *t, uint32_t r, int col)
{
    const struct ck_history_finding *f = &t->rows.items[r];

    switch (col) {
    case CK_FCOL_TRIAGE:
    case CK_FCOL_EPSS:
    case CK_FCOL_KEV:
    case CK_FCOL_PRIORITY:
        return review_key(review_of(t, r), col);
    case CK_FCOL_SEVERITY:
        return (uint64_t)f->severity;
    case CK_FCOL_CVSS:
        return f->cvss_score < 0 ? CK_ROWSET_MISSING : double_key(f->cvss_score);
    case CK_FCOL_FIRST_SEEN:
        return f->first_seen > 0 ? (uint64_t)f->first_seen : CK_ROWSET_MISSING;
    default: /* CK_FCOL_CHANGE */
        return t->change ? t->change[r] : 0;
    }
}

static int is_text_column(int col)
{
    return col == CK_FCOL_ID || col == CK_FCOL_CVE || col == CK_FCOL_PACKAGE || col == CK_FCOL_INSTALLED ||
           col == CK_FCOL_FIXED || col == CK_FCOL_TITLE;
}

static enum ck_status sort_rows(struct ck_findings_table *t, int col, int desc)
{
    struct text_col tc;
    uint64_t *keys;
    size_t r;
    enum ck_status rc;

    if (is_text_column(col)) {
        tc.t = t;
        tc.col = col;
        return ck_rowset_sort_text(&t->set, text_of, &tc, desc);
    }
    keys = malloc((t->rows.count ? t->rows.count : 1) * sizeof *keys);
    if (!keys)
        return CK_ERR_NOMEM;
    for (r = 0; r < t->rows.count; r++)
        keys[r] = key_of(t, (uint32_t)r, col);
    rc = ck_rowset_sort_keys(&t->set, keys, desc);
    free(keys);
    return rc;
}

enum ck_status ck_findings_table_sort(struct ck_findings_table *t, int col, int desc)
{
    enum ck_status rc;

    if (col < 0 || col >= CK_FCOL_COUNT)
        return CK_ERR_ARG;
    rc = sort_rows(t, col, desc != 0);
    if (rc == CK_OK) {
        t->sort_col = col;
        t->sort_desc = desc != 0;
    }
    return rc;
}

/* ---- filtering ---------------------------------------------------------- */

static int triage_shown(enum ck_ftriage want, const struct ck_review_entry *e)
{
    switch (want) {
    case CK_FTRIAGE_OPEN:
        return !e || e->open;
    case CK_FTRIAGE_DECIDED:
        return e && !e->open;
    case CK_FTRIAGE_EXPIRED:
        return e && e->expired;
    default:
        return 1;
    }
}

static int exploit_shown(const struct ck_findings_table *t, const struct ck_review_entry *e)
{
    if (t->kev_only && !(e && e->has_kev))
        return 0;
    return t->epss_min <= 0 || (e && e->has_epss && e->epss >= t->epss_min);
}

static int keep_row(const void *ctx, uint32_t r)
{
    const struct ck_findings_table *t = ctx;
    const struct ck_history_finding *f = &t->rows.items[r];
    const struct ck_review_entry *e = review_of(t, r);

    if (!triage_shown(t->triage, e) || !exploit_shown(t, e))
        return 0;

    if (t->severities && !(t->severities & CK_SEV_BIT(f->severity)))
        return 0;
    if (t->fixable_only && is_empty(f->fixed))
        return 0;
    if (t->changes && t->change && !(t->changes & CK_STATE_BIT(t->change[r])))
        return 0;
    if (!t->text)
        return 1;
    return ck_view_contains(f->record_id, t->text) || ck_view_contains(f->cve, t->text) ||
           ck_view_contains(f->package, t->text) || ck_view_contains(f->source_name, t->text) ||
           ck_view_contains(f->installed, t->text) || ck_view_contains(f->fixed, t->text) ||
           ck_view_contains(f->title, t->text);
}

enum ck_status ck_findings_table_filter(struct ck_findings_table *t, const struct ck_findings_filter *f)
{
    char *text = NULL;

    if (f && f->text && *f->text) {
        text = ck_view_lower_dup(f->text);
        if (!text)
            return CK_ERR_NOMEM;
    }
    free(t->text);
    t->text = text;
    t->severities = f ? f->severities : 0;
    t->fixable_only = f ? f->fixable_only : 0;
    t->changes = f ? f->changes : 0;
    t->triage = f ? f->triage : CK_FTRIAGE_ALL;
    t->kev_only = f ? f->kev_only : 0;
    t->epss_min = f ? f->epss_min : 0;
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

/* ---- loading ------------------------------------------------------------ */

/* Makes the rowset match the rows just loaded, with the current sort and
 * filter applied. */
static enum ck_status refresh(struct ck_findings_table *t)
{
    enum ck_status rc = ck_rowset_reset(&t->set, t->rows.count);
    if (rc != CK_OK)
        return rc;
    if (t->sort_col >= 0) {
        rc = sort_rows(t, t->sort_col, t->sort_desc);
        if (rc != CK_OK)
            return rc;
    }
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

static enum ck_status install(struct ck_findings_table *t, struct ck_history_findings *rows, unsigned char *change,
                              struct ck_review_entry *review, struct ck_decisions *decisions)
{
    struct ck_rowset set;
    enum ck_status rc;

    ck_rowset_init(&set);
    rc = ck_rowset_reset(&set, rows->count);
    if (rc != CK_OK) {
        free(change);
        return rc;
    }
    ck_history_findings_release(&t->rows);
    free(t->change);
    free(t->review);
    ck_decisions_release(&t->decisions);
    ck_rowset_release(&t->set);
    t->rows = *rows;
    t->change = change;
    t->review = review;
    if (decisions) {
        t->decisions = *decisions;
        ck_decisions_init(decisions);
    }
    t->set = set;
    ck_history_findings_init(rows);
    /* Sorting needs memory for its merge buffer; when that fails the rows
     * stay in load order, which is still a correct (unsorted) view. */
    if (refresh(t) != CK_OK)
        ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

enum ck_status ck_findings_table_take(struct ck_findings_table *t, struct ck_history_findings *rows)
{
    return install(t, rows, NULL, NULL, NULL);
}

enum ck_status ck_findings_table_take_reviewed(struct ck_findings_table *t, struct ck_history_findings *rows,
                                               struct ck_review_entry **review, struct ck_decisions *decisions)
{
    enum ck_status rc = install(t, rows, NULL, rows->count ? *review : NULL, decisions);
    if (rc == CK_OK)
        *review = NULL;
    return rc;
}

static void move_all(struct ck_history_findings *dst, struct ck_history_findings *src, unsigned char *change,
                     enum ck_finding_state mark)
{
    size_t i;
    for (i = 0; i < src->count; i++) {
        change[dst->count] = (unsigned char)mark;
        dst->items[dst->count++] = src->items[i];
    }
    /* The strings now belong to dst. */
    free(src->items);
    ck_history_findings_init(src);
}

enum ck_status ck_findings_table_take_comparison(struct ck_findings_table *t, struct ck_comparison *c)
{
    struct ck_history_findings all;
    unsigned char *change = NULL;
    size_t n = c->added.count + c->fixed.count + c->unchanged.count;

    ck_history_findings_init(&all);
    all.items = malloc((n ? n : 1) * sizeof *all.items);
    change = malloc(n ? n : 1);
    if (!all.items || !change) {
        free(all.items);
        free(change);
        return CK_ERR_NOMEM;
    }
    all.cap = n ? n : 1;
    move_all(&all, &c->added, change, CK_STATE_NEW);
    move_all(&all, &c->fixed, change, CK_STATE_FIXED);
    move_all(&all, &c->unchanged, change, CK_STATE_UNCHANGED);
    return install(t, &all, change, NULL, NULL);
}

/* ---- reading ------------------------------------------------------------ */

size_t ck_findings_table_count(const struct ck_findings_table *t)
{
    return t->set.visible_count;
}

size_t ck_findings_table_total(const struct ck_findings_table *t)
{
    return t->rows.count;
}

int ck_findings_table_is_comparison(const struct ck_findings_table *t)
{
    return t->change != NULL;
}

uint32_t ck_findings_table_row_at(const struct ck_findings_table *t, size_t i)
{
    return ck_rowset_row(&t->set, i);
}

long ck_findings_table_position(const struct ck_findings_table *t, uint32_t row)
{
    return ck_rowset_position(&t->set, row);
}

const struct ck_history_finding *ck_findings_table_at(const struct ck_findings_table *t, size_t i)
{
    return &t->rows.items[ck_rowset_row(&t->set, i)];
}

enum ck_finding_state ck_findings_table_change_at(const struct ck_findings_table *t, size_t i)
{
    return t->change ? (enum ck_finding_state)t->change[ck_rowset_row(&t->set, i)] : CK_STATE_NONE;
}

const struct ck_review_entry *ck_findings_table_review_at(const struct ck_findings_table *t, size_t i)
{
    return t->review ? &t->review[ck_rowset_row(&t->set, i)] : NULL;
}

int ck_findings_table_is_reviewed(const struct ck_findings_table *t)
{
    return t->review != NULL;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

const char *ck_findings_table_cell(const struct ck_findings_table *t, size_t i, int col, char *buf, size_t size)
{
    const struct ck_history_finding *f = ck_findings_table_at(t, i);

    switch (col) {
    case CK_FCOL_ID:
        return or_empty(f->record_id);
    case CK_FCOL_CVE:
        return or_empty(f->cve);
    case CK_FCOL_SEVERITY:
        return ck_severity_str(f->severity);
    case CK_FCOL_CVSS:
        return ck_cell_score(f->cvss_score, buf, size);
    case CK_FCOL_PACKAGE:
        return or_empty(f->package);
    case CK_FCOL_INSTALLED:
        return or_empty(f->installed);
    case CK_FCOL_FIXED:
        return or_empty(f->fixed);
    case CK_FCOL_TITLE:
        return or_empty(f->title);
    case CK_FCOL_FIRST_SEEN:
        return ck_cell_time(f->first_seen, buf, size);
    case CK_FCOL_TRIAGE:
        return ck_cell_triage(ck_findings_table_review_at(t, i), buf, size);
    case CK_FCOL_EPSS:
        return ck_cell_epss(ck_findings_table_review_at(t, i), buf, size);
    case CK_FCOL_KEV:
        return ck_cell_kev(ck_findings_table_review_at(t, i), buf, size);
    case CK_FCOL_PRIORITY: {
        const struct ck_review_entry *e = ck_findings_table_review_at(t, i);
        if (!e || !e->priority)
            return "";
        snprintf(buf, size, "%u", (unsigned)e->priority);
        return buf;
    }
    case CK_FCOL_CHANGE:
        return ck_findings_table_state_label(ck_findings_table_change_at(t, i));
    default:
        return "";
    }
}
