/* An edited review CSV read back as triage decisions (see reviewcsv.h):
 * the header's columns, each row's finding and values, the comparison with
 * the decision in effect. The cells' forms (states, dates) are in
 * reviewcsv_cells.c. */
#include "report/reviewcsv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/reviewcsv_cells.h"
#include "util/array.h"
#include "util/csvread.h"
#include "util/text.h"

/* The columns read; the rest of a row is left alone. */
enum column {
    COL_TRIAGE,
    COL_JUSTIFICATION,
    COL_OWNER,
    COL_EXPIRES,
    COL_NOTE,
    COL_STATE,   /* extended: fixed / not assessed rows are skipped */
    COL_IMAGE,   /* the repository */
    COL_TAG,
    COL_RECORD,  /* the record id */
    COL_CVE,     /* extended: the CVE alias */
    COL_ID,      /* original: the CVE, else the record id */
    COL_PACKAGE,
    COL_COUNT
};

struct layout {
    int at[COL_COUNT];               /* the cell of each column, -1 when absent */
    const char *name[COL_COUNT];     /* the header's name of each, for messages */
};

/* A column's header name in each preset (NULL: the preset has none). */
struct column_name {
    enum column col;
    const char *original;
    const char *extended;
};

static const struct column_name column_names[] = {
    {COL_TRIAGE, "Triage", "Triage"},
    {COL_JUSTIFICATION, "Justification", "Justification"},
    {COL_OWNER, "Owner", "Owner"},
    {COL_EXPIRES, "Expires", "Expires"},
    {COL_NOTE, "Note", "Note"},
    {COL_STATE, NULL, "State"},
    {COL_IMAGE, "Image", "Image"},
    {COL_TAG, "ImageVersion", "Tag"},
    {COL_RECORD, "IdSnyk", "Record id"},
    {COL_CVE, NULL, "CVE"},
    {COL_ID, "Id", NULL},
    {COL_PACKAGE, "PackageName", "Package"},
};

/* The columns a preset names its findings by. */
static const enum column original_key[] = {COL_ID, COL_RECORD, COL_IMAGE, COL_TAG, COL_PACKAGE};
static const enum column extended_key[] = {COL_IMAGE, COL_TAG, COL_RECORD, COL_CVE, COL_PACKAGE};

/* One reading: where the decisions go and what is reported. */
struct reading {
    const struct ck_decisions *effective;
    int32_t today;
    struct ck_decisions *out;
    size_t first;           /* out's count before the reading */
    unsigned long *lines;   /* the line of each decision added (out->items[first + i]) */
    size_t lines_cap;
    ck_decisionfile_warn_fn warn;
    void *ctx;
    size_t unchanged;
    struct layout layout;
};

static void warn_line(struct reading *rd, unsigned long line, const char *fmt, ...) CK_PRINTF(3, 4);

static void warn_line(struct reading *rd, unsigned long line, const char *fmt, ...)
{
    char where[32], why[CK_ERR_MSG_MAX];
    va_list ap;

    if (!rd->warn)
        return;
    snprintf(where, sizeof where, "line %lu", line);
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    rd->warn(rd->ctx, where, why);
}

/* ---- the header --------------------------------------------------------------- */

/* The cell of the header named name (ASCII case and spaces aside), or -1. */
static int find_column(const struct ck_csvread *r, const char *name)
{
    size_t i;
    for (i = 0; name && i < r->count; i++)
        if (ck_reviewcsv_same_name(r->cells[i], name))
            return (int)i;
    return -1;
}

/* Finds the columns of the header r holds for one preset (extended 0 / 1);
 * the number of its key columns missing. */
static size_t map_columns(const struct ck_csvread *r, int extended, struct layout *lay)
{
    const enum column *key = extended ? extended_key : original_key;
    size_t i, missing = 0;

    for (i = 0; i < sizeof column_names / sizeof column_names[0]; i++) {
        const char *name = extended ? column_names[i].extended : column_names[i].original;
        lay->name[column_names[i].col] = name;
        lay->at[column_names[i].col] = find_column(r, name);
    }
    for (i = 0; i < 5; i++)
        missing += lay->at[key[i]] < 0;
    return missing;
}

/* Lists the key columns lay lacks into out. */
static void missing_names(const struct layout *lay, int extended, char *out, size_t size)
{
    const enum column *key = extended ? extended_key : original_key;
    size_t i, n = 0;
    out[0] = '\0';
    for (i = 0; i < 5; i++)
        if (lay->at[key[i]] < 0 && n < size)
            n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", lay->name[key[i]]);
}

static enum ck_status read_header(struct ck_csvread *r, struct layout *lay, struct ck_err *err)
{
    struct layout ext;
    char missing[160];
    size_t miss_orig, miss_ext;
    int extended, rc = ck_csvread_next(r, err);

    if (rc == 0)
        return ck_err_set(err, CK_ERR_PARSE, "the CSV is empty: it has no header line");
    if (rc < 0)
        return err && err->status == CK_ERR_NOMEM ? CK_ERR_NOMEM : CK_ERR_PARSE;
    if (find_column(r, "Triage") < 0)
        return ck_err_set(err, CK_ERR_PARSE,
                          "this CSV has no Triage column: export it with ckitty report --csv original or "
                          "--csv extended (both presets carry it)");
    miss_orig = map_columns(r, 0, lay);
    miss_ext = map_columns(r, 1, &ext);
    extended = miss_ext < miss_orig || (miss_ext == miss_orig && find_column(r, "Record id") >= 0);
    if (extended)
        *lay = ext;
    if (miss_orig && miss_ext) {
        missing_names(lay, extended, missing, sizeof missing);
        return ck_err_set(err, CK_ERR_PARSE,
                          "this CSV does not name its findings: its header has no %s column%s (export it "
                          "with ckitty report --csv original or --csv extended)",
                          missing, (extended ? miss_ext : miss_orig) > 1 ? "s" : "");
    }
    return CK_OK;
}

/* ---- one row ------------------------------------------------------------------- */

/* The row's cell of column c, trimmed: NULL when the header has no such
 * column, "" when the row ends before it. */
static char *cell(const struct ck_csvread *r, const struct layout *lay, enum column c)
{
    int at = lay->at[c];
    if (at < 0)
        return NULL;
    if ((size_t)at >= r->count)
        return (char *)""; /* never written: trimming it changes nothing */
    return ck_reviewcsv_trim(r->cells[at], c != COL_NOTE);
}

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

/* The finding a row names; 0, or -1 (reported) when it names none. */
static int row_finding(struct reading *rd, const struct ck_csvread *r, int quiet, struct ck_triage_finding *f)
{
    const struct layout *lay = &rd->layout;
    const char *id = text_or_empty(cell(r, lay, COL_ID));
    const char *cve = text_or_empty(cell(r, lay, COL_CVE));
    enum column empty = COL_COUNT;

    f->repository = text_or_empty(cell(r, lay, COL_IMAGE));
    f->tag = text_or_empty(cell(r, lay, COL_TAG)); /* "" for archives and folders */
    f->record_id = text_or_empty(cell(r, lay, COL_RECORD));
    f->package = text_or_empty(cell(r, lay, COL_PACKAGE));
    if (!*f->record_id)
        f->record_id = id;
    f->cve = *cve ? cve : NULL;
    if (lay->at[COL_ID] >= 0 && *id && ck_text_casecmp(id, f->record_id) != 0)
        f->cve = id;
    if (!*f->repository)
        empty = COL_IMAGE;
    else if (!*f->record_id)
        empty = COL_RECORD;
    else if (!*f->package)
        empty = COL_PACKAGE;
    if (empty == COL_COUNT)
        return 0;
    if (!quiet)
        warn_line(rd, r->line, "%s is empty: the row names no finding", lay->name[empty]);
    return -1;
}

/* 1 when the row is no finding of its scan (State fixed / not assessed). */
static int not_a_finding(const struct ck_csvread *r, const struct layout *lay)
{
    const char *state = cell(r, lay, COL_STATE);
    return state && (ck_text_casecmp(state, "fixed") == 0 || ck_text_casecmp(state, "not assessed") == 0);
}

/* 1 when every triage cell of the row is empty (or absent). */
static int triage_empty(const struct ck_csvread *r, const struct layout *lay)
{
    enum column c;
    for (c = COL_TRIAGE; c <= COL_NOTE; c++) {
        const char *s = cell(r, lay, c);
        if (s && *s)
            return 0;
    }
    return 1;
}

/* The row's triage values over those of d (may be NULL) where a column is
 * absent; 0, or -1 (reported). */
static int row_values(struct reading *rd, const struct ck_csvread *r, const struct ck_decision *d,
                      struct ck_reviewcsv_values *v)
{
    const struct layout *lay = &rd->layout;
    char why[CK_ERR_MSG_MAX];
    int rc;

    ck_reviewcsv_values_of(d, v);
    rc = ck_reviewcsv_parse_values(cell(r, lay, COL_TRIAGE), cell(r, lay, COL_JUSTIFICATION),
                                   cell(r, lay, COL_OWNER), cell(r, lay, COL_EXPIRES), cell(r, lay, COL_NOTE), v,
                                   why, sizeof why);
    if (rc != 0)
        warn_line(rd, r->line, "%s", why);
    return rc;
}

static enum ck_status note_line(struct reading *rd, unsigned long line)
{
    size_t n = rd->out->count - 1 - rd->first;
    if (n == rd->lines_cap && CK_ARRAY_GROW(rd->lines, n, rd->lines_cap) != CK_OK)
        return CK_ERR_NOMEM;
    rd->lines[n] = line;
    return CK_OK;
}

/* Adds the decision a changed row makes: d's key (or the image's when d is
 * NULL) with the values v. */
static enum ck_status add_decision(struct reading *rd, unsigned long line, const struct ck_triage_finding *f,
                                   const struct ck_decision *d, const struct ck_reviewcsv_values *v)
{
    struct ck_decision n;
    struct ck_err why;
    enum ck_status st;

    memset(&n, 0, sizeof n);
    if (d) {
        n.vuln_id = d->vuln_id;
        n.package = d->package;
        n.scope = d->scope;
        n.repository = d->repository;
        n.tag = d->tag;
    } else {
        n.vuln_id = (char *)(f->cve ? f->cve : f->record_id);
        n.package = (char *)f->package;
        n.scope = CK_SCOPE_IMAGE;
        n.repository = (char *)f->repository;
        n.tag = (char *)f->tag;
    }
    ck_reviewcsv_values_apply(v, &n);
    if (ck_decision_check(&n, rd->today, &why) != CK_OK) {
        warn_line(rd, line, "%s", why.msg);
        return CK_OK;
    }
    if ((st = ck_reviewcsv_push(rd->out, &n)) != CK_OK)
        return st;
    return note_line(rd, line);
}

static enum ck_status read_row(struct reading *rd, const struct ck_csvread *r)
{
    struct ck_triage_finding f;
    struct ck_triage t;
    struct ck_reviewcsv_values v;
    const struct ck_decision *d;

    if (not_a_finding(r, &rd->layout))
        return CK_OK;
    /* a row naming no finding says nothing when it decides nothing either
     * (the empty rows a spreadsheet may leave at the end) */
    if (row_finding(rd, r, triage_empty(r, &rd->layout), &f) != 0)
        return CK_OK;
    ck_triage_lookup(rd->effective, &f, rd->today, &t);
    d = t.decision ? t.decision : t.expired;
    if (row_values(rd, r, d, &v) != 0)
        return CK_OK;
    if (d && ck_reviewcsv_values_equal(&v, d)) {
        rd->unchanged++;
        return CK_OK;
    }
    if (!v.has_state) {
        if (t.decision)
            warn_line(rd, r->line,
                      "Triage is empty, but %s has a decision in effect (%s): decisions are not removed; "
                      "write under_investigation to look at it again",
                      t.decision->vuln_id, ck_decision_state_str(t.decision->state));
        else if (!t.expired && !ck_reviewcsv_values_none(&v))
            warn_line(rd, r->line, "Triage is empty: write the state the other triage cells go with");
        return CK_OK; /* not reviewed, or open again after an expiry */
    }
    return add_decision(rd, r->line, &f, d, &v);
}

/* ---- the whole file ------------------------------------------------------------ */

static void undo(struct reading *rd)
{
    while (rd->out->count > rd->first)
        ck_decision_release(&rd->out->items[--rd->out->count]);
}

/* Reports the read error of a record (its message begins "line N: "). */
static void warn_record(struct reading *rd, const struct ck_csvread *r, const struct ck_err *e)
{
    char prefix[32];
    const char *why = e->msg;
    size_t n = (size_t)snprintf(prefix, sizeof prefix, "line %lu: ", r->line);
    if (!strncmp(why, prefix, n))
        why += n;
    warn_line(rd, r->line, "%s", why);
}

static enum ck_status read_rows(struct reading *rd, struct ck_csvread *r, struct ck_err *err)
{
    struct ck_err e;
    enum ck_status st;
    int rc;

    while ((rc = ck_csvread_next(r, &e)) != 0) {
        if (rc < 0 && e.status == CK_ERR_NOMEM)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory reading the CSV");
        if (rc < 0) {
            warn_record(rd, r, &e);
            continue;
        }
        if ((st = read_row(rd, r)) != CK_OK)
            return ck_err_set(err, st, "out of memory reading the CSV");
    }
    return CK_OK;
}

enum ck_status ck_reviewcsv_read(const char *text, size_t len, const struct ck_decisions *effective, int32_t today,
                                 struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                 size_t *unchanged, struct ck_err *err)
{
    struct ck_csvread r;
    struct reading rd;
    enum ck_status st;

    if (len > CK_DECISIONFILE_MAX_BYTES)
        return ck_err_set(err, CK_ERR_LIMIT, "the CSV is over %zu MiB: no review export is that large",
                          CK_DECISIONFILE_MAX_BYTES >> 20);
    memset(&rd, 0, sizeof rd);
    rd.effective = effective;
    rd.today = today;
    rd.out = out;
    rd.first = out->count;
    rd.warn = warn;
    rd.ctx = ctx;
    ck_csvread_init(&r, text, len);
    st = read_header(&r, &rd.layout, err);
    if (st == CK_OK)
        st = read_rows(&rd, &r, err);
    if (st == CK_OK && (st = ck_reviewcsv_settle(out, rd.first, rd.lines, rd.warn, rd.ctx)) != CK_OK)
        ck_err_set(err, st, "out of memory reading the CSV");
    if (st != CK_OK)
        undo(&rd);
    else if (unchanged)
        *unchanged = rd.unchanged;
    free(rd.lines);
    ck_csvread_release(&r);
    return st;
}

int ck_reviewcsv_sniff(const char *head, size_t len)
{
    struct ck_csvread r;
    int found = 0;

    ck_csvread_init(&r, head, len);
    if (ck_csvread_next(&r, NULL) == 1 && r.count > 1)
        found = find_column(&r, "Triage") >= 0;
    ck_csvread_release(&r);
    return found;
}
