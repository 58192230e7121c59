/* A sorted and filtered view over rows held elsewhere: the shared part of the
 * list views' row models (findings_table, images_table, scans_table).
 *
 * Rows are known by their index 0..total-1. `order` holds every row in the
 * current sort order; `visible` the rows of `order` that pass the filter, in
 * that order. Sorting is a stable merge sort of `order`, so sorting by one
 * column and then by another keeps the first order among equal keys. Row
 * indices are 32-bit: a view holds fewer than 4,294,967,295 rows.
 * Caller-owned: ck_rowset_init / ck_rowset_release. */
#ifndef CK_ROWSET_H
#define CK_ROWSET_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* < 0, 0, > 0 as row a sorts before, with, after row b. */
typedef int (*ck_rowset_cmp_fn)(const void *ctx, uint32_t a, uint32_t b);
/* Non-zero when row r passes the filter. */
typedef int (*ck_rowset_keep_fn)(const void *ctx, uint32_t r);

struct ck_rowset {
    uint32_t *order;   /* total entries */
    uint32_t *visible; /* visible_count entries */
    unsigned char *shown; /* per row: passes the filter */
    size_t total;
    size_t visible_count;
};

void ck_rowset_init(struct ck_rowset *s);
void ck_rowset_release(struct ck_rowset *s);

/* Resets to rows 0..total-1 in index order, all visible. On failure *s is
 * unchanged. */
enum ck_status ck_rowset_reset(struct ck_rowset *s, size_t total);

/* Sorts `order` stably by cmp (reversed when desc, ties still in their
 * previous order), then rebuilds `visible` keeping the filtered set. */
enum ck_status ck_rowset_sort(struct ck_rowset *s, ck_rowset_cmp_fn cmp, const void *ctx, int desc);

/* Key sorts: faster than a comparison callback at a million rows (the keys
 * are laid out for radix sorting). Stable as above; rows whose key is
 * missing sort after all others in both directions. */
#define CK_ROWSET_MISSING UINT64_MAX
/* keys[r] is row r's key, CK_ROWSET_MISSING when it has none. */
enum ck_status ck_rowset_sort_keys(struct ck_rowset *s, const uint64_t *keys, int desc);
/* Row r's text, in the order of ck_view_natural_cmp; NULL or "" is missing. */
typedef const char *(*ck_rowset_text_fn)(const void *ctx, uint32_t r);
enum ck_status ck_rowset_sort_text(struct ck_rowset *s, ck_rowset_text_fn text, const void *ctx, int desc);

/* Rebuilds `visible` from `order` with keep (NULL keeps every row). */
void ck_rowset_filter(struct ck_rowset *s, ck_rowset_keep_fn keep, const void *ctx);

/* The row index shown at position i (i < visible_count). */
static inline uint32_t ck_rowset_row(const struct ck_rowset *s, size_t i)
{
    return s->visible[i];
}

/* The visible position of row r, or -1 when it is filtered out. Linear. */
long ck_rowset_position(const struct ck_rowset *s, uint32_t r);

/* Case-insensitive (ASCII) comparison where runs of digits compare as
 * numbers: "CVE-2023-999" < "CVE-2023-1000", "img10" > "img9". NULL sorts
 * as "". Strings differing only in ASCII case or leading zeros compare
 * equal (sorts being stable, they keep their previous order). */
int ck_view_natural_cmp(const char *a, const char *b);

/* Non-zero when needle (already lower-case ASCII) occurs in hay, ignoring
 * ASCII case. An empty needle matches; a NULL hay does not. */
int ck_view_contains(const char *hay, const char *needle);

/* A lower-case copy of s (ASCII letters), malloc'd; NULL for NULL or "". */
char *ck_view_lower_dup(const char *s);

#endif
