/* What the parts of the vulnerability database share inside the vuln
 * module: the connection with its prepared statements, the statement
 * helpers, and the compact form of an affected entry's ranges.
 * vulndb.c opens the database and reports its status; vulndb_import.c runs
 * imports, vulndb_rows.c writes a record's rows for them; vulndb_lookup.c
 * answers the reads of matching. */
#ifndef CK_VULNDB_INTERNAL_H
#define CK_VULNDB_INTERNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "vuln/vulndb.h"

/* Statements prepared once per connection and reused (SQL in vulndb.c). */
enum ck_vulndb_stmt {
    CK_VULNDB_FIND_RECORD,
    CK_VULNDB_DELETE_RECORD,
    CK_VULNDB_MARK_SEEN,
    CK_VULNDB_INSERT_RECORD,
    CK_VULNDB_INSERT_ALIAS,
    CK_VULNDB_INSERT_SEVERITY,
    CK_VULNDB_INSERT_REF,
    CK_VULNDB_INSERT_AFFECTED,
    CK_VULNDB_INSERT_RANGE,
    CK_VULNDB_INSERT_EVENT,
    CK_VULNDB_INSERT_VERSION,
    CK_VULNDB_LOOKUP_LISTED,
    CK_VULNDB_LOOKUP,
    CK_VULNDB_LOAD_RECORD,
    CK_VULNDB_LOAD_BRIEF,
    CK_VULNDB_EXPLOIT_LOOKUP,
    CK_VULNDB_STMT_COUNT
};

struct ck_vulndb {
    sqlite3 *sql;
    char *path;
    sqlite3_stmt *stmts[CK_VULNDB_STMT_COUNT];
    int importing;         /* one import at a time */
    int reading;           /* inside ck_vulndb_read_begin */
    struct ck_buf scratch; /* reused while importing and looking up */
};

/* aliases.kind */
enum ck_vulndb_alias_kind { CK_VULNDB_ALIAS = 0, CK_VULNDB_UPSTREAM = 1, CK_VULNDB_RELATED = 2 };

/* The compact form of an entry's ranges that lookups read (affected.spec):
 * ranges apart by RS (0x1e), each a type letter (E ECOSYSTEM, S SEMVER,
 * G GIT, O other; CK_VULNDB_SPEC_TYPES in range type order) followed by its
 * events, each US (0x1f), a kind letter (i introduced, f fixed,
 * l last_affected, m limit; CK_VULNDB_SPEC_KINDS) and the version. The
 * parser refuses control characters in versions, so the separators are
 * unambiguous. The briefs of records.severity_brief and reference_brief use
 * the same separators. */
#define CK_VULNDB_SPEC_RS '\x1e'
#define CK_VULNDB_SPEC_US '\x1f'
#define CK_VULNDB_SPEC_TYPES "ESGO"
#define CK_VULNDB_SPEC_KINDS "iflm"

/* ---- statement helpers (vulndb.c) ----------------------------------------- */

/* CK_ERR_DB: "vulnerability database <path>: <what>: <sqlite's message>". */
enum ck_status ck_vulndb_fail(struct ck_vulndb *db, struct ck_err *err, const char *what);
/* Runs SQL without results; err may be NULL. */
enum ck_status ck_vulndb_exec(struct ck_vulndb *db, const char *sql, struct ck_err *err);
/* The prepared statement id, reset and unbound; NULL when it cannot be
 * prepared. */
sqlite3_stmt *ck_vulndb_stmt(struct ck_vulndb *db, enum ck_vulndb_stmt id);
/* Binds text (NULL binds NULL), not copied: it must outlive the step. */
int ck_vulndb_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Steps a statement that returns no rows (after its bindings), resets it. */
enum ck_status ck_vulndb_step_done(struct ck_vulndb *db, sqlite3_stmt *s, const char *what, struct ck_err *err);
/* Runs prepared statement id, which returns no rows, with ?1, ?2, ...
 * bound from the arguments as kinds says, one letter each: 'i' an int64_t
 * (cast every argument to it), 't' a const char * (NULL binds NULL). what
 * names the step in a failure. */
enum ck_status ck_vulndb_run(struct ck_vulndb *db, enum ck_vulndb_stmt id, const char *what, struct ck_err *err,
                             const char *kinds, ...);
/* Column i as a heap string; NULL for SQL NULL (or no memory). */
char *ck_vulndb_column_dup(sqlite3_stmt *s, int i);
/* Columns first, first + 1, ... as heap strings into *fields[0],
 * *fields[1], ... (n of them), as ck_vulndb_column_dup does. */
void ck_vulndb_columns_dup(sqlite3_stmt *s, int first, char **const *fields, size_t n);
/* A one-row, one-column integer query with an optional text ?1; def when
 * there is no row or the value is NULL. */
enum ck_status ck_vulndb_query_int(struct ck_vulndb *db, const char *sql, const char *arg, int64_t def,
                                   int64_t *out, struct ck_err *err);

/* ---- records (vulndb_lookup.c) -------------------------------------------- */

/* The rid and modified_us of record id; CK_ERR_NOTFOUND (err untouched)
 * when absent. */
enum ck_status ck_vulndb_find(struct ck_vulndb *db, const char *id, int64_t *rid, int64_t *modified_us,
                              struct ck_err *err);

/* ---- rows (vulndb_rows.c) ------------------------------------------------- */

/* Inserts record rec with its aliases, severities, references and affected
 * entries (ranges, events, versions): feed and seq go to records.feed and
 * records.seen; refs is scratch space (as is db->scratch). */
enum ck_status ck_vulndb_insert_record(struct ck_vulndb *db, const struct ck_osv_record *rec, const char *feed,
                                       int64_t seq, struct ck_buf *refs, struct ck_err *err);

#endif
