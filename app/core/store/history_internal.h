/* Inside the store module: what history.c, findings.c and inventories.c share. */
#ifndef CK_STORE_HISTORY_INTERNAL_H
#define CK_STORE_HISTORY_INTERNAL_H

#include <sqlite3.h>

#include "store/history.h"

struct ck_history {
    sqlite3 *db;
};

/* CK_ERR_DB with "scan history: <what>: <SQLite's message>". */
enum ck_status ck_hist_fail(struct ck_history *h, struct ck_err *err, const char *what);
enum ck_status ck_hist_prepare(struct ck_history *h, const char *sql, sqlite3_stmt **st, struct ck_err *err);
char *ck_hist_column_dup(sqlite3_stmt *st, int col);
void ck_hist_bind_text(sqlite3_stmt *st, int idx, const char *s);

/* The packages and unmanaged files of a scan, inside the caller's
 * transaction (inventories.c). inv may be NULL. */
enum ck_status ck_hist_insert_inventory(struct ck_history *h, int64_t scan_id, const struct ck_inventory *inv,
                                        struct ck_err *err);

/* The findings of a scan, inside the caller's transaction (findings.c).
 * f may be NULL. */
enum ck_status ck_hist_insert_findings(struct ck_history *h, int64_t scan_id, const struct ck_history_findings *f,
                                       struct ck_err *err);

#endif
