/* The row model of the packages list: every package of one scan, those of
 * the distribution (deb, apk, rpm) and the application packages the
 * whole-filesystem walk found (npm, PyPI, Go, ...), sorted by any column and
 * filtered by text. The GUI maps its virtual list view onto it: the count,
 * the row at a position, the text of a cell.
 *
 * Caller-owned: ck_packages_table_init / ck_packages_table_release. The
 * table owns the packages moved in by _take. */
#ifndef CK_PACKAGES_TABLE_H
#define CK_PACKAGES_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"
#include "util/status.h"
#include "view/rowset.h"

enum ck_pcol {
    CK_PCOL_ECOSYSTEM = 0, /* application packages: "npm", "PyPI", ...; OS packages: the OS
                              ecosystem ("Debian:12") when known, else "deb", "apk", "rpm" */
    CK_PCOL_NAME,
    CK_PCOL_VERSION,       /* natural order: "1.10" after "1.9" */
    CK_PCOL_LOCATION,      /* the first location, "... (+2 more)" when several; packages
                              without one sort last both ways */
    CK_PCOL_OWNER,         /* the OS package that installed it; "" sorts last */
    CK_PCOL_COUNT
};

struct ck_packages_table {
    struct ck_inventory inv; /* only its packages and os.ecosystem are held */
    struct ck_rowset set;
    int sort_col;            /* -1: as loaded (the inventory's order) */
    int sort_desc;
    char *text;              /* the filter, lower-case; NULL = none */
    size_t apps;             /* application packages among the rows */
};

void ck_packages_table_init(struct ck_packages_table *t);
void ck_packages_table_release(struct ck_packages_table *t);

/* Replaces the rows with the packages of *inv and keeps a copy of its OS
 * ecosystem; the packages are moved (inv->packages is left empty, the rest
 * of *inv stays the caller's). The current sort and filter apply to the new
 * rows. On failure the table and *inv are unchanged. */
enum ck_status ck_packages_table_take(struct ck_packages_table *t, struct ck_inventory *inv);

/* Sorts by column col (CK_PCOL_*) ascending or descending; stable. */
enum ck_status ck_packages_table_sort(struct ck_packages_table *t, int col, int desc);
/* Keeps the packages whose name, ecosystem (as shown, and "deb", "apk",
 * "rpm" for OS packages) or any of whose locations contains text (ASCII
 * case ignored); NULL or "" shows all. */
enum ck_status ck_packages_table_filter(struct ck_packages_table *t, const char *text);

/* Rows shown (after the filter) and rows held. */
size_t ck_packages_table_count(const struct ck_packages_table *t);
size_t ck_packages_table_total(const struct ck_packages_table *t);

/* The package shown at position i (< count). */
const struct ck_package *ck_packages_table_at(const struct ck_packages_table *t, size_t i);
/* The row index (stable across sorting and filtering) shown at i, and back:
 * the position of a row, -1 when filtered out. */
uint32_t ck_packages_table_row_at(const struct ck_packages_table *t, size_t i);
long ck_packages_table_position(const struct ck_packages_table *t, uint32_t row);

/* The text of column col at position i: a pointer into the row or into buf
 * (cut to size). Never NULL. */
const char *ck_packages_table_cell(const struct ck_packages_table *t, size_t i, int col, char *buf, size_t size);
const char *ck_packages_column_title(int col);

#endif
