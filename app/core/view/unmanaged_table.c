/* The unmanaged files list's row model (see unmanaged_table.h). */
#include "view/unmanaged_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/cells.h"

static const char *const column_titles[CK_UCOL_COUNT] = {"Path", "Kind", "Size", "Product", "SHA-256"};

const char *ck_unmanaged_column_title(int col)
{
    return col >= 0 && col < CK_UCOL_COUNT ? column_titles[col] : "";
}

/* Labels, and the rank of each kind in their alphabetical order (what a
 * sort by the Kind column follows). */
static const struct {
    const char *label;
    unsigned rank;
} kinds[] = {
    [CK_FILE_OTHER] = {"Other", 4},        [CK_FILE_EXECUTABLE] = {"Executable", 2},
    [CK_FILE_LIBRARY] = {"Library", 3},    [CK_FILE_SCRIPT] = {"Script", 5},
    [CK_FILE_ARCHIVE] = {"Archive", 0},    [CK_FILE_CONFIG] = {"Configuration", 1},
};

#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

static size_t kind_index(enum ck_file_kind k)
{
    return (size_t)k < KIND_COUNT ? (size_t)k : (size_t)CK_FILE_OTHER;
}

const char *ck_unmanaged_kind_label(enum ck_file_kind k)
{
    return kinds[kind_index(k)].label;
}

const char *ck_unmanaged_size_text(uint64_t bytes, char *buf, size_t size)
{
    static const char *const units[] = {"KB", "MB", "GB", "TB"};
    double v = (double)bytes;
    size_t u = 0;

    if (!size)
        return buf;
    if (bytes < 1024) {
        snprintf(buf, size, "%u byte%s", (unsigned)bytes, bytes == 1 ? "" : "s");
        return buf;
    }
    v /= 1024.0;
    /* 1023.7 KB reads better as 1.0 MB than as 1024 KB */
    while (v >= 999.5 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024.0;
        u++;
    }
    if (v < 99.95)
        snprintf(buf, size, "%.1f %s", v, units[u]);
    else
        snprintf(buf, size, "%.0f %s", v, units[u]);
    return buf;
}

void ck_unmanaged_table_init(struct ck_unmanaged_table *t)
{
    memset(t, 0, sizeof *t);
    ck_inventory_init(&t->inv);
    ck_rowset_init(&t->set);
    t->sort_col = -1;
}

void ck_unmanaged_table_release(struct ck_unmanaged_table *t)
{
    ck_inventory_release(&t->inv);
    ck_rowset_release(&t->set);
    free(t->text);
    ck_unmanaged_table_init(t);
}

/* ---- sorting ------------------------------------------------------------ */

/* Which text a text sort reads. */
enum text_field { F_PATH, F_DETAIL, F_PRODUCT, F_PRODUCT_VERSION, F_SHA256 };

struct text_col {
    const struct ck_unmanaged_table *t;
    enum text_field field;
};

static const char *text_of(const void *ctx, uint32_t r)
{
    const struct text_col *tc = ctx;
    const struct ck_unmanaged *u = &tc->t->inv.unmanaged[r];
    switch (tc->field) {
    case F_PATH:
        return u->path;
    case F_DETAIL:
        return u->detail;
    case F_PRODUCT:
        return u->product;
    case F_PRODUCT_VERSION:
        return u->product ? u->product_version : NULL;
    default:
        return u->sha256;
    }
}

static enum ck_status sort_text(struct ck_unmanaged_table *t, enum text_field field, int desc)
{
    struct text_col tc;
    tc.t = t;
    tc.field = field;
    return ck_rowset_sort_text(&t->set, text_of, &tc, desc);
}

/* The Size or Kind column's keys. */
static enum ck_status sort_keys(struct ck_unmanaged_table *t, int col, int desc)
{
    uint64_t *keys = malloc((t->inv.unmanaged_count ? t->inv.unmanaged_count : 1) * sizeof *keys);
    size_t r;
    enum ck_status rc;

    if (!keys)
        return CK_ERR_NOMEM;
    for (r = 0; r < t->inv.unmanaged_count; r++) {
        const struct ck_unmanaged *u = &t->inv.unmanaged[r];
        keys[r] = col == CK_UCOL_SIZE ? u->size : kinds[kind_index(u->kind)].rank;
    }
    rc = ck_rowset_sort_keys(&t->set, keys, desc);
    free(keys);
    return rc;
}

/* Columns of two parts sort by the second, then (stably) by the first. */
static enum ck_status sort_rows(struct ck_unmanaged_table *t, int col, int desc)
{
    enum ck_status rc;

    switch (col) {
    case CK_UCOL_PATH:
        return sort_text(t, F_PATH, desc);
    case CK_UCOL_KIND:
        rc = sort_text(t, F_DETAIL, desc);
        return rc == CK_OK ? sort_keys(t, col, desc) : rc;
    case CK_UCOL_SIZE:
        return sort_keys(t, col, desc);
    case CK_UCOL_PRODUCT:
        rc = sort_text(t, F_PRODUCT_VERSION, desc);
        return rc == CK_OK ? sort_text(t, F_PRODUCT, desc) : rc;
    default:
        return sort_text(t, F_SHA256, desc);
    }
}

enum ck_status ck_unmanaged_table_sort(struct ck_unmanaged_table *t, int col, int desc)
{
    enum ck_status rc;

    if (col < 0 || col >= CK_UCOL_COUNT)
        return CK_ERR_ARG;
    rc = sort_rows(t, col, desc != 0);
    if (rc == CK_OK) {
        t->sort_col = col;
        t->sort_desc = desc != 0;
    }
    return rc;
}

/* ---- filtering ---------------------------------------------------------- */

static int keep_row(const void *ctx, uint32_t r)
{
    const struct ck_unmanaged_table *t = ctx;
    const struct ck_unmanaged *u = &t->inv.unmanaged[r];

    if (!t->text)
        return 1;
    return ck_view_contains(u->path, t->text) || ck_view_contains(ck_unmanaged_kind_label(u->kind), t->text) ||
           ck_view_contains(u->detail, t->text) || ck_view_contains(u->sha256, t->text) ||
           ck_view_contains(u->product, t->text) || ck_view_contains(u->product_version, t->text);
}

enum ck_status ck_unmanaged_table_filter(struct ck_unmanaged_table *t, const char *text)
{
    char *lower = NULL;

    if (text && *text && !(lower = ck_view_lower_dup(text)))
        return CK_ERR_NOMEM;
    free(t->text);
    t->text = lower;
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

/* ---- loading ------------------------------------------------------------ */

enum ck_status ck_unmanaged_table_take(struct ck_unmanaged_table *t, struct ck_inventory *inv)
{
    struct ck_rowset set;
    enum ck_status rc;

    ck_rowset_init(&set);
    if ((rc = ck_rowset_reset(&set, inv->unmanaged_count)) != CK_OK)
        return rc;
    ck_inventory_release(&t->inv);
    ck_rowset_release(&t->set);
    t->inv.unmanaged = inv->unmanaged;
    t->inv.unmanaged_count = inv->unmanaged_count;
    t->inv.unmanaged_cap = inv->unmanaged_cap;
    inv->unmanaged = NULL;
    inv->unmanaged_count = inv->unmanaged_cap = 0;
    t->set = set;
    t->binaries = ck_inventory_unmanaged_binaries(&t->inv);
    /* A sort that runs out of memory leaves the load order, still correct. */
    if (t->sort_col >= 0)
        sort_rows(t, t->sort_col, t->sort_desc);
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

/* ---- reading ------------------------------------------------------------ */

size_t ck_unmanaged_table_count(const struct ck_unmanaged_table *t)
{
    return t->set.visible_count;
}

size_t ck_unmanaged_table_total(const struct ck_unmanaged_table *t)
{
    return t->inv.unmanaged_count;
}

uint32_t ck_unmanaged_table_row_at(const struct ck_unmanaged_table *t, size_t i)
{
    return ck_rowset_row(&t->set, i);
}

long ck_unmanaged_table_position(const struct ck_unmanaged_table *t, uint32_t row)
{
    return ck_rowset_position(&t->set, row);
}

const struct ck_unmanaged *ck_unmanaged_table_at(const struct ck_unmanaged_table *t, size_t i)
{
    return &t->inv.unmanaged[ck_rowset_row(&t->set, i)];
}

const char *ck_unmanaged_table_cell(const struct ck_unmanaged_table *t, size_t i, int col, char *buf, size_t size)
{
    const struct ck_unmanaged *u = ck_unmanaged_table_at(t, i);
    const char *label = ck_unmanaged_kind_label(u->kind);

    if (!size)
        return "";
    switch (col) {
    case CK_UCOL_PATH:
        return u->path ? u->path : "";
    case CK_UCOL_KIND:
        if (!u->detail || !*u->detail)
            return label;
        snprintf(buf, size, "%s (%s)", label, u->detail);
        return buf;
    case CK_UCOL_SIZE:
        return ck_unmanaged_size_text(u->size, buf, size);
    case CK_UCOL_PRODUCT:
        if (!u->product)
            return "";
        if (!u->product_version || !*u->product_version)
            return u->product;
        snprintf(buf, size, "%s %s", u->product, u->product_version);
        return buf;
    case CK_UCOL_SHA256:
        return ck_cell_short_digest(u->sha256, buf, size);
    default:
        return "";
    }
}
