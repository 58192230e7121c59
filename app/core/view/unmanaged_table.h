/* The row model of the unmanaged files list: the regular files of one scan
 * that no package manager owns (programs, libraries, scripts, archives,
 * configuration), as the whole-filesystem walk classified them, sorted by
 * any column and filtered by text. The GUI maps its virtual list view onto
 * it.
 *
 * Caller-owned: ck_unmanaged_table_init / ck_unmanaged_table_release. The
 * table owns the files moved in by _take. */
#ifndef CK_UNMANAGED_TABLE_H
#define CK_UNMANAGED_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"
#include "util/status.h"
#include "view/rowset.h"

enum ck_ucol {
    CK_UCOL_PATH = 0,
    CK_UCOL_KIND,    /* "Executable (ELF x86-64)"; sorts by kind, then by the detail */
    CK_UCOL_SIZE,    /* "12.3 KB"; sorts by the number of bytes */
    CK_UCOL_PRODUCT, /* "github.com/acme/tool v1.4.2" (Go build information, Rust audit data) */
    CK_UCOL_SHA256,  /* executables and libraries only: the first 12 hex digits, as the images
                        list shows digests; sorts and filters by all 64 */
    CK_UCOL_COUNT
};

struct ck_unmanaged_table {
    struct ck_inventory inv; /* only its unmanaged files are held */
    struct ck_rowset set;
    int sort_col;            /* -1: as loaded (by path) */
    int sort_desc;
    char *text;              /* the filter, lower-case; NULL = none */
    size_t binaries;         /* executables and libraries among the rows */
};

void ck_unmanaged_table_init(struct ck_unmanaged_table *t);
void ck_unmanaged_table_release(struct ck_unmanaged_table *t);

/* Replaces the rows with the unmanaged files of *inv (moved: inv->unmanaged
 * is left empty, the rest of *inv stays the caller's). The current sort and
 * filter apply to the new rows. On failure the table and *inv are
 * unchanged. */
enum ck_status ck_unmanaged_table_take(struct ck_unmanaged_table *t, struct ck_inventory *inv);

/* Sorts by column col (CK_UCOL_*) ascending or descending; stable. */
enum ck_status ck_unmanaged_table_sort(struct ck_unmanaged_table *t, int col, int desc);
/* Keeps the files whose path, kind (as shown), SHA-256 or product contains
 * text (ASCII case ignored); NULL or "" shows all. */
enum ck_status ck_unmanaged_table_filter(struct ck_unmanaged_table *t, const char *text);

size_t ck_unmanaged_table_count(const struct ck_unmanaged_table *t);
size_t ck_unmanaged_table_total(const struct ck_unmanaged_table *t);
const struct ck_unmanaged *ck_unmanaged_table_at(const struct ck_unmanaged_table *t, size_t i);
uint32_t ck_unmanaged_table_row_at(const struct ck_unmanaged_table *t, size_t i);
long ck_unmanaged_table_position(const struct ck_unmanaged_table *t, uint32_t row);

/* The text of column col at position i: a pointer into the row or into buf
 * (cut to size; 128 bytes suffice but for long details and products).
 * Never NULL. */
const char *ck_unmanaged_table_cell(const struct ck_unmanaged_table *t, size_t i, int col, char *buf, size_t size);
const char *ck_unmanaged_column_title(int col);

/* "Executable", "Library", "Script", "Archive", "Configuration", "Other". */
const char *ck_unmanaged_kind_label(enum ck_file_kind k);
/* A size for people: "512 bytes", "1 byte", "12.3 KB", "4.0 MB", "120 MB",
 * "1.5 GB" (units of 1024, as Windows shows them). Returns buf. */
const char *ck_unmanaged_size_text(uint64_t bytes, char *buf, size_t size);

#endif
