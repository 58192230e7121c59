/* The packages list's row model (see packages_table.h). */
#include "view/packages_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

static const char *const column_titles[CK_PCOL_COUNT] = {"Ecosystem", "Name", "Version", "Location", "Owner"};

const char *ck_packages_column_title(int col)
{
    return col >= 0 && col < CK_PCOL_COUNT ? column_titles[col] : "";
}

void ck_packages_table_init(struct ck_packages_table *t)
{
    memset(t, 0, sizeof *t);
    ck_inventory_init(&t->inv);
    ck_rowset_init(&t->set);
    t->sort_col = -1;
}

void ck_packages_table_release(struct ck_packages_table *t)
{
    ck_inventory_release(&t->inv);
    ck_rowset_release(&t->set);
    free(t->text);
    ck_packages_table_init(t);
}

/* What the Ecosystem column shows for p. */
static const char *ecosystem_of(const struct ck_packages_table *t, const struct ck_package *p)
{
    if (p->type == CK_PKG_LANG)
        return p->ecosystem ? p->ecosystem : ck_pkg_type_str(p->type);
    return t->inv.os.ecosystem && *t->inv.os.ecosystem ? t->inv.os.ecosystem : ck_pkg_type_str(p->type);
}

/* ---- sorting ------------------------------------------------------------ */

struct text_col {
    const struct ck_packages_table *t;
    int col;
};

static const char *text_of(const void *ctx, uint32_t r)
{
    const struct text_col *tc = ctx;
    const struct ck_package *p = &tc->t->inv.packages[r];
    switch (tc->col) {
    case CK_PCOL_ECOSYSTEM:
        return ecosystem_of(tc->t, p);
    case CK_PCOL_NAME:
        return p->name;
    case CK_PCOL_VERSION:
        return p->version;
    case CK_PCOL_LOCATION:
        return p->location_count ? p->locations[0] : NULL;
    default: /* CK_PCOL_OWNER */
        return p->owner;
    }
}

static enum ck_status sort_rows(struct ck_packages_table *t, int col, int desc)
{
    struct text_col tc;
    tc.t = t;
    tc.col = col;
    return ck_rowset_sort_text(&t->set, text_of, &tc, desc);
}

enum ck_status ck_packages_table_sort(struct ck_packages_table *t, int col, int desc)
{
    enum ck_status rc;

    if (col < 0 || col >= CK_PCOL_COUNT)
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
    const struct ck_packages_table *t = ctx;
    const struct ck_package *p = &t->inv.packages[r];
    size_t i;

    if (!t->text)
        return 1;
    if (ck_view_contains(p->name, t->text) || ck_view_contains(ecosystem_of(t, p), t->text))
        return 1;
    if (p->type != CK_PKG_LANG && ck_view_contains(ck_pkg_type_str(p->type), t->text))
        return 1;
    for (i = 0; i < p->location_count; i++)
        if (ck_view_contains(p->locations[i], t->text))
            return 1;
    return 0;
}

enum ck_status ck_packages_table_filter(struct ck_packages_table *t, const char *text)
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

enum ck_status ck_packages_table_take(struct ck_packages_table *t, struct ck_inventory *inv)
{
    struct ck_rowset set;
    char *ecosystem = NULL;
    size_t i;

    if (inv->os.ecosystem && !(ecosystem = ck_text_dup(inv->os.ecosystem)))
        return CK_ERR_NOMEM;
    ck_rowset_init(&set);
    if (ck_rowset_reset(&set, inv->count) != CK_OK) {
        free(ecosystem);
        return inv->count >= UINT32_MAX ? CK_ERR_LIMIT : CK_ERR_NOMEM;
    }
    ck_inventory_release(&t->inv);
    ck_rowset_release(&t->set);
    t->inv.packages = inv->packages;
    t->inv.count = inv->count;
    t->inv.cap = inv->cap;
    t->inv.os.ecosystem = ecosystem;
    inv->packages = NULL;
    inv->count = inv->cap = 0;
    t->set = set;
    t->apps = 0;
    for (i = 0; i < t->inv.count; i++)
        t->apps += t->inv.packages[i].type == CK_PKG_LANG;
    /* Sorting needs memory; when that fails the rows stay in load order,
     * which is still a correct (unsorted) view. */
    if (t->sort_col >= 0)
        sort_rows(t, t->sort_col, t->sort_desc);
    ck_rowset_filter(&t->set, keep_row, t);
    return CK_OK;
}

/* ---- reading ------------------------------------------------------------ */

size_t ck_packages_table_count(const struct ck_packages_table *t)
{
    return t->set.visible_count;
}

size_t ck_packages_table_total(const struct ck_packages_table *t)
{
    return t->inv.count;
}

uint32_t ck_packages_table_row_at(const struct ck_packages_table *t, size_t i)
{
    return ck_rowset_row(&t->set, i);
}

long ck_packages_table_position(const struct ck_packages_table *t, uint32_t row)
{
    return ck_rowset_position(&t->set, row);
}

const struct ck_package *ck_packages_table_at(const struct ck_packages_table *t, size_t i)
{
    return &t->inv.packages[ck_rowset_row(&t->set, i)];
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* "path (+N more)" into buf; a path too long for buf is cut (at a UTF-8
 * character's start, marked "...") so that the count still shows. */
static const char *first_and_more(const char *path, size_t more, char *buf, size_t size)
{
    char suffix[48];
    size_t n = strlen(path), s = (size_t)snprintf(suffix, sizeof suffix, " (+%zu more)", more);

    if (n + s < size) {
        memcpy(buf, path, n);
        memcpy(buf + n, suffix, s + 1);
        return buf;
    }
    if (size < s + 4) {
        snprintf(buf, size, "%s", suffix + 1);
        return buf;
    }
    n = size - 1 - s - 3;
    while (n > 0 && ((unsigned char)path[n] & 0xc0) == 0x80)
        n--;
    memcpy(buf, path, n);
    memcpy(buf + n, "...", 3);
    memcpy(buf + n + 3, suffix, s + 1);
    return buf;
}

const char *ck_packages_table_cell(const struct ck_packages_table *t, size_t i, int col, char *buf, size_t size)
{
    const struct ck_package *p = ck_packages_table_at(t, i);

    switch (col) {
    case CK_PCOL_ECOSYSTEM:
        return ecosystem_of(t, p);
    case CK_PCOL_NAME:
        return or_empty(p->name);
    case CK_PCOL_VERSION:
        return or_empty(p->version);
    case CK_PCOL_LOCATION:
        if (!p->location_count)
            return "";
        if (p->location_count == 1 || !size)
            return p->locations[0];
        return first_and_more(p->locations[0], p->location_count - 1, buf, size);
    case CK_PCOL_OWNER:
        return or_empty(p->owner);
    default:
        return "";
    }
}
