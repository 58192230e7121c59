#include "vulndb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "platform/dir.h"
#include "util/buf.h"
#include "vuln/text.h"
#include "vuln/zip.h"

/* ---- schema ------------------------------------------------------------- */

/* migrations[i] takes the schema from user_version i to i + 1. Never edit a
 * step that shipped; append a new one. */
static const char *const migrations[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE feeds("
    " name TEXT PRIMARY KEY COLLATE NOCASE, source TEXT, etag TEXT, last_modified TEXT,"
    " newest_modified TEXT, newest_us INTEGER, updated_at INTEGER, full_at INTEGER,"
    " record_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE ecosystems("
    " name TEXT PRIMARY KEY COLLATE NOCASE, feed TEXT,"
    " record_count INTEGER NOT NULL DEFAULT 0, updated_at INTEGER);"
    "CREATE TABLE records("
    " rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, modified TEXT NOT NULL,"
    " modified_us INTEGER NOT NULL, published TEXT, withdrawn TEXT, summary TEXT, details TEXT,"
    " distro_severity TEXT, schema_version TEXT, feed TEXT, seen INTEGER NOT NULL,"
    /* What a finding shows, read with the record in one probe (see brief_of). */
    " cve TEXT, severity_brief TEXT, reference_brief TEXT);"
    "CREATE INDEX records_feed ON records(feed, seen);"
    "CREATE TABLE aliases("
    " rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
    " kind INTEGER NOT NULL, alias TEXT NOT NULL, PRIMARY KEY(rid, kind, alias)) WITHOUT ROWID;"
    "CREATE INDEX aliases_alias ON aliases(alias);"
    /* spec repeats the entry's ranges in a compact form (see encode_spec) so
     * that the covering index affected_match answers a lookup by itself. */
    "CREATE TABLE affected("
    " aid INTEGER PRIMARY KEY, rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
    " ecosystem TEXT NOT NULL COLLATE NOCASE, package TEXT NOT NULL, purl TEXT,"
    " distro_severity TEXT, withdrawn INTEGER NOT NULL, spec TEXT NOT NULL);"
    "CREATE INDEX affected_match ON affected(ecosystem, package, withdrawn, rid, distro_severity, spec);"
    "CREATE INDEX affected_rid ON affected(rid);"
    /* aid 0: the record's own severity[]; else that affected entry's. */
    "CREATE TABLE severities("
    " rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE, aid INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, type TEXT NOT NULL, score TEXT NOT NULL,"
    " PRIMARY KEY(rid, aid, seq)) WITHOUT ROWID;"
    "CREATE TABLE refs("
    " rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE, seq INTEGER NOT NULL,"
    " type TEXT, url TEXT NOT NULL, PRIMARY KEY(rid, seq)) WITHOUT ROWID;"
    "CREATE TABLE ranges("
    " rgid INTEGER PRIMARY KEY, aid INTEGER NOT NULL REFERENCES affected(aid) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, type TEXT NOT NULL, repo TEXT);"
    "CREATE INDEX ranges_aid ON ranges(aid, rgid);"
    "CREATE TABLE events("
    " rgid INTEGER NOT NULL REFERENCES ranges(rgid) ON DELETE CASCADE, seq INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, version TEXT NOT NULL, PRIMARY KEY(rgid, seq)) WITHOUT ROWID;"
    /* Keyed by what a lookup knows, so the entries listing one version of
     * one package are one index range. */
    "CREATE TABLE versions("
    " ecosystem TEXT NOT NULL COLLATE NOCASE, package TEXT NOT NULL, version TEXT NOT NULL,"
    " aid INTEGER NOT NULL REFERENCES affected(aid) ON DELETE CASCADE,"
    " PRIMARY KEY(ecosystem, package, version, aid)) WITHOUT ROWID;"
    "CREATE INDEX versions_aid ON versions(aid);"
    "INSERT INTO meta(key, value) VALUES('import_seq', '0');",
};

enum { MIGRATION_COUNT = sizeof migrations / sizeof migrations[0] };
_Static_assert(MIGRATION_COUNT == CK_VULNDB_SCHEMA_VERSION, "one migration per schema version");

/* Statements prepared once per connection and reused. */
enum stmt_id {
    S_FIND_RECORD,
    S_DELETE_RECORD,
    S_MARK_SEEN,
    S_INSERT_RECORD,
    S_INSERT_ALIAS,
    S_INSERT_SEVERITY,
    S_INSERT_REF,
    S_INSERT_AFFECTED,
    S_INSERT_RANGE,
    S_INSERT_EVENT,
    S_INSERT_VERSION,
    S_LOOKUP,
    S_LOAD_RECORD,
    S_LOAD_BRIEF,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_FIND_RECORD] = "SELECT rid, modified_us FROM records WHERE id = ?1",
    [S_DELETE_RECORD] = "DELETE FROM records WHERE rid = ?1",
    [S_MARK_SEEN] = "UPDATE records SET seen = ?2, feed = coalesce(?3, feed) WHERE rid = ?1",
    [S_INSERT_RECORD] =
        "INSERT INTO records(id, modified, modified_us, published, withdrawn, summary, details,"
        " distro_severity, schema_version, feed, seen, cve, severity_brief, reference_brief)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
    [S_INSERT_ALIAS] = "INSERT OR IGNORE INTO aliases(rid, kind, alias) VALUES(?1, ?2, ?3)",
    [S_INSERT_SEVERITY] =
        "INSERT INTO severities(rid, aid, seq, type, score) VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_INSERT_REF] = "INSERT INTO refs(rid, seq, type, url) VALUES(?1, ?2, ?3, ?4)",
    [S_INSERT_AFFECTED] =
        "INSERT INTO affected(rid, ecosystem, package, purl, distro_severity, withdrawn, spec)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7)",
    [S_INSERT_RANGE] = "INSERT INTO ranges(aid, seq, type, repo) VALUES(?1, ?2, ?3, ?4)",
    [S_INSERT_EVENT] = "INSERT INTO events(rgid, seq, kind, version) VALUES(?1, ?2, ?3, ?4)",
    [S_INSERT_VERSION] =
        "INSERT OR IGNORE INTO versions(ecosystem, package, version, aid) VALUES(?1, ?2, ?3, ?4)",
    /* Two index ranges and no per-row probes: first the entries that list
     * the version (tag 0, from the versions key), then every entry of the
     * package (tag 1, from the covering index affected_match). */
    [S_LOOKUP] =
        "SELECT 0, aid, NULL, NULL, NULL FROM versions WHERE ecosystem = ?1 AND package = ?2 AND version = ?3"
        " UNION ALL"
        " SELECT 1, aid, rid, distro_severity, spec FROM affected"
        " WHERE ecosystem = ?1 AND package = ?2 AND withdrawn = 0 ORDER BY 1",
    /* A record and its lists in one statement: tag 0 the row, 1 aliases,
     * 2 record-level severities, 3 references; each a primary-key range,
     * read in key order (no sorter: this runs once per finding). */
    [S_LOAD_RECORD] =
        "SELECT 0, 0, id, modified, modified_us, published, withdrawn, summary, details, distro_severity,"
        " schema_version FROM records WHERE rid = ?1"
        " UNION ALL SELECT 1, kind, alias, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM aliases WHERE rid = ?1"
        " UNION ALL SELECT 2, seq, type, score, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM severities"
        " WHERE rid = ?1 AND aid = 0"
        " UNION ALL SELECT 3, seq, type, url, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM refs WHERE rid = ?1",
    [S_LOAD_BRIEF] =
        "SELECT id, modified, published, withdrawn, summary, details, distro_severity, cve, severity_brief,"
        " reference_brief FROM records WHERE rid = ?1",
};

struct ck_vulndb {
    sqlite3 *sql;
    char *path;
    sqlite3_stmt *stmts[S_COUNT];
    int importing;       /* one import at a time */
    int reading;         /* inside ck_vulndb_read_begin */
    struct ck_buf scratch; /* reused while importing and looking up */
};

enum alias_kind { ALIAS = 0, UPSTREAM = 1, RELATED = 2 };

/* ---- helpers ------------------------------------------------------------ */

static enum ck_status db_fail(struct ck_vulndb *db, struct ck_err *err, const char *what)
{
    return ck_err_set(err, CK_ERR_DB, "vulnerability database %s: %s: %s", db->path, what,
                      sqlite3_errmsg(db->sql));
}

static enum ck_status exec(struct ck_vulndb *db, const char *sql, struct ck_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) == SQLITE_OK)
        return CK_OK;
    ck_err_set(err, CK_ERR_DB, "vulnerability database %s: %s", db->path, msg ? msg : "failed");
    sqlite3_free(msg);
    return CK_ERR_DB;
}

/* The statement, prepared on first use and reset for this one. */
static sqlite3_stmt *stmt(struct ck_vulndb *db, enum stmt_id id)
{
    if (!db->stmts[id] &&
        sqlite3_prepare_v3(db->sql, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &db->stmts[id], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(db->stmts[id]);
    sqlite3_clear_bindings(db->stmts[id]);
    return db->stmts[id];
}

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

/* Runs a statement that returns no rows (after its bindings). */
static enum ck_status step_done(struct ck_vulndb *db, sqlite3_stmt *s, const char *what, struct ck_err *err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? CK_OK : db_fail(db, err, what);
}

static char *column_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? ck_text_dup((const char *)t) : NULL;
}

/* A one-row, one-column integer query; def when there is no row. */
static enum ck_status query_int(struct ck_vulndb *db, const char *sql, const char *arg, int64_t def,
                                int64_t *out, struct ck_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "prepare");
    if (arg)
        bind_text(s, 1, arg);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_type(s, 0) == SQLITE_NULL ? def : sqlite3_column_int64(s, 0);
    else if (rc == SQLITE_DONE)
        *out = def;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CK_OK : db_fail(db, err, "query");
}

/* ---- open / close ------------------------------------------------------- */

static enum ck_status migrate(struct ck_vulndb *db, struct ck_err *err)
{
    int64_t version = 0;
    enum ck_status st = query_int(db, "PRAGMA user_version", NULL, 0, &version, err);
    char sql[64];

    if (st != CK_OK)
        return st;
    if (version > MIGRATION_COUNT)
        return ck_err_set(err, CK_ERR_UNSUPPORTED,
                          "vulnerability database %s has schema %d, newer than this version of "
                          "ContainerKitty understands (%d)", db->path, (int)version, MIGRATION_COUNT);
    for (; version < MIGRATION_COUNT; version++) {
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", (int)version + 1);
        if ((st = exec(db, "BEGIN IMMEDIATE", err)) != CK_OK)
            return st;
        if ((st = exec(db, migrations[version], err)) != CK_OK || (st = exec(db, sql, err)) != CK_OK ||
            (st = exec(db, "COMMIT", err)) != CK_OK) {
            exec(db, "ROLLBACK", NULL);
            return st;
        }
    }
    return CK_OK;
}

enum ck_status ck_vulndb_open(const char *path, struct ck_vulndb **out, struct ck_err *err)
{
    struct ck_vulndb *db = NULL;
    enum ck_status st;

    if (!path || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_open: no path");
    db = calloc(1, sizeof *db);
    if (!db || !(db->path = ck_text_dup(path))) {
        free(db);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        st = db_fail(db, err, "cannot open");
        goto cleanup;
    }
    sqlite3_busy_timeout(db->sql, 10000);
    sqlite3_extended_result_codes(db->sql, 1);
    if ((st = exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                       " PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;"
                       /* Lookups touch pages all over the file: map it rather than copy pages in. */
                       " PRAGMA mmap_size = 1073741824;", err)) != CK_OK)
        goto cleanup;
    st = migrate(db, err);
cleanup:
    if (st == CK_OK)
        *out = db;
    else
        ck_vulndb_close(db);
    return st;
}

void ck_vulndb_close(struct ck_vulndb *db)
{
    size_t i;
    if (!db)
        return;
    for (i = 0; i < S_COUNT; i++)
        sqlite3_finalize(db->stmts[i]);
    sqlite3_close(db->sql);
    ck_buf_release(&db->scratch);
    free(db->path);
    free(db);
}

const char *ck_vulndb_path(const struct ck_vulndb *db) { return db ? db->path : NULL; }

char *ck_vulndb_default_path(void)
{
    char *dir = ck_data_dir(), *path;
    if (!dir)
        return NULL;
    path = ck_path_join(dir, "vulns.db");
    free(dir);
    return path;
}

/* ---- import ------------------------------------------------------------- */

struct ck_vulndb_import {
    struct ck_vulndb *db;
    char *feed;
    int full;
    ck_vulndb_progress_fn progress;
    void *progress_ctx;
    const ck_atomic_flag *cancel;
    int64_t seq;              /* this import's number (records.seen) */
    int64_t now;
    struct ck_vulndb_import_stats stats;
    char **ecosystems;        /* ecosystems seen in this import */
    size_t ecosystem_count, ecosystem_cap;
    int64_t newest_us;        /* newest 'modified' seen */
    char *newest;
    char *name;               /* how messages name an imported zip, or NULL */
    uint64_t done, total;     /* progress */
    struct ck_buf refs_scratch;
};

void ck_vulndb_import_stats_release(struct ck_vulndb_import_stats *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->warning_count; i++)
        free(s->warnings[i]);
    free(s->warnings);
    memset(s, 0, sizeof *s);
}

static void add_warning(struct ck_vulndb_import *imp, const char *msg)
{
    struct ck_vulndb_import_stats *s = &imp->stats;
    char *copy;
    if (s->warning_count >= CK_VULNDB_MAX_WARNINGS)
        return;
    if (!s->warnings && !(s->warnings = calloc(CK_VULNDB_MAX_WARNINGS, sizeof *s->warnings)))
        return;
    if ((copy = ck_text_dup(msg)) != NULL)
        s->warnings[s->warning_count++] = copy;
}

static enum ck_status note_ecosystem(struct ck_vulndb_import *imp, const char *name)
{
    size_t i;
    for (i = 0; i < imp->ecosystem_count; i++)
        if (!ck_text_casecmp(imp->ecosystems[i], name))
            return CK_OK;
    if (imp->ecosystem_count == imp->ecosystem_cap) {
        size_t cap = imp->ecosystem_cap ? imp->ecosystem_cap * 2 : 16;
        char **p = realloc(imp->ecosystems, cap * sizeof *p);
        if (!p)
            return CK_ERR_NOMEM;
        imp->ecosystems = p;
        imp->ecosystem_cap = cap;
    }
    if (!(imp->ecosystems[imp->ecosystem_count] = ck_text_dup(name)))
        return CK_ERR_NOMEM;
    imp->ecosystem_count++;
    return CK_OK;
}

static void import_free(struct ck_vulndb_import *imp)
{
    size_t i;
    if (!imp)
        return;
    for (i = 0; i < imp->ecosystem_count; i++)
        free(imp->ecosystems[i]);
    free(imp->ecosystems);
    free(imp->newest);
    free(imp->feed);
    free(imp->name);
    ck_buf_release(&imp->refs_scratch);
    ck_vulndb_import_stats_release(&imp->stats);
    if (imp->db) {
        imp->db->importing = 0;
        exec(imp->db, "PRAGMA cache_size = -32768", NULL);
    }
    free(imp);
}

enum ck_status ck_vulndb_import_begin(struct ck_vulndb *db, const struct ck_vulndb_import_opts *opts,
                                      struct ck_vulndb_import **out, struct ck_err *err)
{
    struct ck_vulndb_import *imp;
    enum ck_status st;

    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_import_begin: no database");
    if (db->importing || db->reading)
        return ck_err_set(err, CK_ERR_ARG, "vulnerability database %s: an import or read is already under way",
                          db->path);
    if (!(imp = calloc(1, sizeof *imp)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (opts) {
        imp->full = opts->full && opts->feed;
        imp->progress = opts->progress;
        imp->progress_ctx = opts->progress_ctx;
        imp->cancel = opts->cancel;
        if ((opts->feed && !(imp->feed = ck_text_dup(opts->feed))) ||
            (opts->name && !(imp->name = ck_text_dup(opts->name)))) {
            free(imp->feed);
            free(imp);
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        }
    }
    imp->now = ck_time_now();
    /* Index inserts land all over the file: a large cache while importing
     * saves reading pages back (given back at the end of the import). */
    exec(db, "PRAGMA cache_size = -262144", NULL);
    if ((st = exec(db, "BEGIN IMMEDIATE", err)) != CK_OK) {
        import_free(imp);
        return st;
    }
    imp->db = db;
    db->importing = 1;
    if ((st = exec(db, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'import_seq'", err)) != CK_OK ||
        (st = query_int(db, "SELECT value FROM meta WHERE key = 'import_seq'", NULL, 1, &imp->seq, err)) != CK_OK) {
        ck_vulndb_import_abort(imp);
        return st;
    }
    *out = imp;
    return CK_OK;
}

void ck_vulndb_import_abort(struct ck_vulndb_import *imp)
{
    if (!imp)
        return;
    exec(imp->db, "ROLLBACK", NULL);
    import_free(imp);
}

void ck_vulndb_import_warn(struct ck_vulndb_import *imp, const char *msg)
{
    if (!imp || !msg)
        return;
    imp->stats.failed++;
    add_warning(imp, msg);
}

const struct ck_vulndb_import_stats *ck_vulndb_import_progress(const struct ck_vulndb_import *imp)
{
    return imp ? &imp->stats : NULL;
}

static enum ck_status insert_strings(struct ck_vulndb *db, int64_t rid, enum alias_kind kind,
                                     char *const *v, size_t n, struct ck_err *err)
{
    size_t i;
    for (i = 0; i < n; i++) {
        sqlite3_stmt *s = stmt(db, S_INSERT_ALIAS);
        enum ck_status st;
        if (!s)
            return db_fail(db, err, "prepare");
        sqlite3_bind_int64(s, 1, rid);
        sqlite3_bind_int(s, 2, (int)kind);
        bind_text(s, 3, v[i]);
        if ((st = step_done(db, s, "insert alias", err)) != CK_OK)
            return st;
    }
    return CK_OK;
}

static enum ck_status insert_severities(struct ck_vulndb *db, int64_t rid, int64_t aid,
                                        const struct ck_osv_severity *v, size_t n, struct ck_err *err)
{
    size_t i;
    for (i = 0; i < n; i++) {
        sqlite3_stmt *s = stmt(db, S_INSERT_SEVERITY);
        enum ck_status st;
        if (!s)
            return db_fail(db, err, "prepare");
        sqlite3_bind_int64(s, 1, rid);
        sqlite3_bind_int64(s, 2, aid);
        sqlite3_bind_int64(s, 3, (int64_t)i);
        bind_text(s, 4, v[i].type);
        bind_text(s, 5, v[i].score);
        if ((st = step_done(db, s, "insert severity", err)) != CK_OK)
            return st;
    }
    return CK_OK;
}

static enum ck_status insert_range(struct ck_vulndb *db, int64_t aid, size_t seq,
                                   const struct ck_osv_range *r, struct ck_err *err)
{
    sqlite3_stmt *s = stmt(db, S_INSERT_RANGE);
    enum ck_status st;
    int64_t rgid;
    size_t i;

    if (!s)
        return db_fail(db, err, "prepare");
    sqlite3_bind_int64(s, 1, aid);
    sqlite3_bind_int64(s, 2, (int64_t)seq);
    bind_text(s, 3, r->type_name);
    bind_text(s, 4, r->repo);
    if ((st = step_done(db, s, "insert range", err)) != CK_OK)
        return st;
    rgid = sqlite3_last_insert_rowid(db->sql);
    for (i = 0; i < r->event_count; i++) {
        if (!(s = stmt(db, S_INSERT_EVENT)))
            return db_fail(db, err, "prepare");
        sqlite3_bind_int64(s, 1, rgid);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_int(s, 3, (int)r->events[i].kind);
        bind_text(s, 4, r->events[i].version);
        if ((st = step_done(db, s, "insert event", err)) != CK_OK)
            return st;
    }
    return CK_OK;
}

/* The compact form of an entry's ranges that lookups read: ranges apart by
 * RS (0x1e), each a type letter (E ECOSYSTEM, S SEMVER, G GIT, O other)
 * followed by its events, each US (0x1f), a kind letter (i introduced,
 * f fixed, l last_affected, m limit) and the version. The parser refuses
 * control characters in versions, so the separators are unambiguous. */
#define SPEC_RS '\x1e'
#define SPEC_US '\x1f'
static const char spec_types[] = "ESGO";
static const char spec_kinds[] = "iflm";

static enum ck_status encode_spec(const struct ck_osv_affected *a, struct ck_buf *b)
{
    size_t i, j;
    enum ck_status st = CK_OK;
    ck_buf_reset(b);
    for (i = 0; i < a->range_count && st == CK_OK; i++) {
        const struct ck_osv_range *r = &a->ranges[i];
        if (i)
            st = ck_buf_putc(b, SPEC_RS);
        if (st == CK_OK)
            st = ck_buf_putc(b, spec_types[r->type <= CK_OSV_RANGE_OTHER ? r->type : CK_OSV_RANGE_OTHER]);
        for (j = 0; j < r->event_count && st == CK_OK; j++)
            st = ck_buf_printf(b, "%c%c%s", SPEC_US, spec_kinds[r->events[j].kind & 3], r->events[j].version);
    }
    return st;
}

static enum ck_status insert_affected(struct ck_vulndb *db, int64_t rid, int withdrawn, const struct ck_osv_affected *a,
                                      struct ck_err *err)
{
    sqlite3_stmt *s = stmt(db, S_INSERT_AFFECTED);
    enum ck_status st;
    int64_t aid;
    size_t i;

    if (!s)
        return db_fail(db, err, "prepare");
    if (encode_spec(a, &db->scratch) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    sqlite3_bind_int64(s, 1, rid);
    bind_text(s, 2, a->ecosystem);
    bind_text(s, 3, a->name);
    bind_text(s, 4, a->purl);
    bind_text(s, 5, a->distro_severity);
    sqlite3_bind_int(s, 6, withdrawn);
    bind_text(s, 7, ck_buf_str(&db->scratch));
    if ((st = step_done(db, s, "insert affected", err)) != CK_OK)
        return st;
    aid = sqlite3_last_insert_rowid(db->sql);
    for (i = 0; i < a->range_count; i++)
        if ((st = insert_range(db, aid, i, &a->ranges[i], err)) != CK_OK)
            return st;
    for (i = 0; i < a->version_count; i++) {
        if (!(s = stmt(db, S_INSERT_VERSION)))
            return db_fail(db, err, "prepare");
        bind_text(s, 1, a->ecosystem);
        bind_text(s, 2, a->name);
        bind_text(s, 3, a->versions[i]);
        sqlite3_bind_int64(s, 4, aid);
        if ((st = step_done(db, s, "insert version", err)) != CK_OK)
            return st;
    }
    return insert_severities(db, rid, aid, a->severities, a->severity_count, err);
}

static int printable(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20)
            return 0;
    return s != NULL;
}

/* The record-level severities ("type US score", RS apart) and reference
 * URLs (RS apart) in the compact form a finding reads back in one probe;
 * entries holding control characters are left out (they stay in the
 * severities and refs tables). */
static enum ck_status brief_of(const struct ck_osv_record *rec, struct ck_buf *sev, struct ck_buf *refs)
{
    enum ck_status st = CK_OK;
    size_t i;
    ck_buf_reset(sev);
    ck_buf_reset(refs);
    for (i = 0; i < rec->severity_count && st == CK_OK; i++)
        if (printable(rec->severities[i].type) && printable(rec->severities[i].score))
            st = ck_buf_printf(sev, "%s%s%c%s", sev->len ? "\x1e" : "", rec->severities[i].type, SPEC_US,
                               rec->severities[i].score);
    for (i = 0; i < rec->reference_count && st == CK_OK; i++)
        if (printable(rec->references[i].url))
            st = ck_buf_printf(refs, "%s%s", refs->len ? "\x1e" : "", rec->references[i].url);
    return st;
}

static enum ck_status insert_record(struct ck_vulndb_import *imp, const struct ck_osv_record *rec,
                                    struct ck_err *err)
{
    struct ck_vulndb *db = imp->db;
    sqlite3_stmt *s = stmt(db, S_INSERT_RECORD);
    enum ck_status st;
    int64_t rid;
    size_t i;

    if (!s)
        return db_fail(db, err, "prepare");
    bind_text(s, 1, rec->id);
    bind_text(s, 2, rec->modified);
    sqlite3_bind_int64(s, 3, rec->modified_us);
    bind_text(s, 4, rec->published);
    bind_text(s, 5, rec->withdrawn);
    bind_text(s, 6, rec->summary);
    bind_text(s, 7, rec->details);
    bind_text(s, 8, rec->distro_severity);
    bind_text(s, 9, rec->schema_version);
    bind_text(s, 10, imp->feed);
    sqlite3_bind_int64(s, 11, imp->seq);
    bind_text(s, 12, ck_osv_record_cve(rec));
    if (brief_of(rec, &db->scratch, &imp->refs_scratch) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    bind_text(s, 13, ck_buf_str(&db->scratch));
    bind_text(s, 14, ck_buf_str(&imp->refs_scratch));
    if ((st = step_done(db, s, "insert record", err)) != CK_OK)
        return st;
    rid = sqlite3_last_insert_rowid(db->sql);
    if ((st = insert_strings(db, rid, ALIAS, rec->aliases, rec->alias_count, err)) != CK_OK ||
        (st = insert_strings(db, rid, UPSTREAM, rec->upstream, rec->upstream_count, err)) != CK_OK ||
        (st = insert_strings(db, rid, RELATED, rec->related, rec->related_count, err)) != CK_OK ||
        (st = insert_severities(db, rid, 0, rec->severities, rec->severity_count, err)) != CK_OK)
        return st;
    for (i = 0; i < rec->reference_count; i++) {
        if (!(s = stmt(db, S_INSERT_REF)))
            return db_fail(db, err, "prepare");
        sqlite3_bind_int64(s, 1, rid);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        bind_text(s, 3, rec->references[i].type);
        bind_text(s, 4, rec->references[i].url);
        if ((st = step_done(db, s, "insert reference", err)) != CK_OK)
            return st;
    }
    for (i = 0; i < rec->affected_count; i++) {
        /* An entry without a package (GIT-only) cannot be matched. */
        if (!rec->affected[i].ecosystem || !rec->affected[i].name)
            continue;
        if ((st = insert_affected(db, rid, rec->withdrawn != NULL, &rec->affected[i], err)) != CK_OK)
            return st;
    }
    return CK_OK;
}

/* Notes the record's ecosystems and modified time for the bookkeeping at
 * commit. */
static enum ck_status note_record(struct ck_vulndb_import *imp, const struct ck_osv_record *rec,
                                  struct ck_err *err)
{
    size_t i;
    for (i = 0; i < rec->affected_count; i++)
        if (rec->affected[i].ecosystem && note_ecosystem(imp, rec->affected[i].ecosystem) != CK_OK)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (!imp->newest || rec->modified_us > imp->newest_us) {
        char *copy = ck_text_dup(rec->modified);
        if (!copy)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        free(imp->newest);
        imp->newest = copy;
        imp->newest_us = rec->modified_us;
    }
    return CK_OK;
}

enum ck_status ck_vulndb_import_record(struct ck_vulndb_import *imp, const struct ck_osv_record *rec,
                                       struct ck_err *err)
{
    struct ck_vulndb *db;
    sqlite3_stmt *s;
    enum ck_status st;
    int rc;

    if (!imp || !rec || !rec->id || !rec->modified)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_import_record: no record");
    db = imp->db;
    if (imp->cancel && ck_flag_get(imp->cancel))
        return ck_err_set(err, CK_ERR_CANCELLED, "import cancelled");
    if ((st = note_record(imp, rec, err)) != CK_OK)
        return st;
    if (!(s = stmt(db, S_FIND_RECORD)))
        return db_fail(db, err, "prepare");
    bind_text(s, 1, rec->id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(s, 0), old_us = sqlite3_column_int64(s, 1);
        sqlite3_reset(s);
        if (old_us >= rec->modified_us) {
            if (old_us == rec->modified_us)
                imp->stats.unchanged++;
            else
                imp->stats.older++;
            if (!imp->feed)
                return CK_OK;
            if (!(s = stmt(db, S_MARK_SEEN)))
                return db_fail(db, err, "prepare");
            sqlite3_bind_int64(s, 1, rid);
            sqlite3_bind_int64(s, 2, imp->seq);
            bind_text(s, 3, imp->feed);
            return step_done(db, s, "mark record", err);
        }
        if (!(s = stmt(db, S_DELETE_RECORD)))
            return db_fail(db, err, "prepare");
        sqlite3_bind_int64(s, 1, rid);
        if ((st = step_done(db, s, "replace record", err)) != CK_OK)
            return st;
        imp->stats.replaced++;
    } else if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        imp->stats.added++;
    } else {
        sqlite3_reset(s);
        return db_fail(db, err, "find record");
    }
    return insert_record(imp, rec, err);
}

static void report_progress(struct ck_vulndb_import *imp)
{
    imp->done++;
    if (imp->progress && (imp->done % 256 == 0 || imp->done == imp->total))
        imp->progress(imp->progress_ctx, imp->done, imp->total);
}

enum ck_status ck_vulndb_import_json(struct ck_vulndb_import *imp, const char *json, size_t len,
                                     const char *origin, struct ck_err *err)
{
    struct ck_osv_record rec;
    struct ck_err perr;
    enum ck_status st;

    if (!imp)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_import_json: no import");
    ck_osv_record_init(&rec);
    ck_err_clear(&perr);
    st = ck_osv_parse(json, len, origin, &rec, &perr);
    if (st == CK_ERR_NOMEM) {
        ck_err_set(err, st, "%s", perr.msg);
    } else if (st != CK_OK) {
        /* A bad record is the data's fault: warn, skip, carry on. */
        imp->stats.failed++;
        add_warning(imp, perr.msg);
        st = CK_OK;
    } else {
        st = ck_vulndb_import_record(imp, &rec, err);
    }
    ck_osv_record_release(&rec);
    report_progress(imp);
    return st;
}

static int ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && !ck_text_casecmp(name + n - 5, ".json");
}

/* Reads a whole file (at most max bytes) into a NUL-terminated heap block. */
static enum ck_status read_file(const char *path, size_t max, char **out, size_t *len, struct ck_err *err)
{
    FILE *f = ck_fopen(path, "rb");
    struct ck_buf b;
    char chunk[16384];
    size_t n;
    enum ck_status st = CK_OK;

    if (!f)
        return ck_err_set(err, CK_ERR_IO, "cannot open %s", path);
    ck_buf_init(&b);
    while (st == CK_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max)
            st = ck_err_set(err, CK_ERR_LIMIT, "%s is larger than %llu bytes", path, (unsigned long long)max);
        else if (ck_buf_append(&b, chunk, n) != CK_OK)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory reading %s", path);
    }
    if (st == CK_OK && ferror(f))
        st = ck_err_set(err, CK_ERR_IO, "cannot read %s", path);
    fclose(f);
    if (st == CK_OK) {
        *len = b.len;
        *out = ck_buf_take(&b);
    }
    ck_buf_release(&b);
    return st;
}

static enum ck_status import_json_file(struct ck_vulndb_import *imp, const char *path, struct ck_err *err)
{
    char *data = NULL;
    size_t len = 0;
    struct ck_err ferr;
    enum ck_status st;

    ck_err_clear(&ferr);
    st = read_file(path, CK_OSV_MAX_RECORD_BYTES, &data, &len, &ferr);
    if (st == CK_ERR_LIMIT) {
        /* An oversized file is bad input like any malformed record. */
        imp->stats.failed++;
        add_warning(imp, ferr.msg);
        report_progress(imp);
        return CK_OK;
    }
    if (st != CK_OK)
        return ck_err_set(err, st, "%s", ferr.msg);
    st = ck_vulndb_import_json(imp, data, len, path, err);
    free(data);
    return st;
}

struct zip_ctx {
    struct ck_vulndb_import *imp;
    const char *path;
    struct ck_err *err;
    struct ck_buf origin;
};

static enum ck_status import_zip_entry(void *ctx, const struct ck_zip_entry *e, const char *data, size_t len)
{
    struct zip_ctx *z = ctx;
    if (!ends_with_json(e->name)) {
        z->imp->stats.skipped++;
        report_progress(z->imp);
        return CK_OK;
    }
    ck_buf_reset(&z->origin);
    if (ck_buf_printf(&z->origin, "%s:%s", z->path, e->name) != CK_OK)
        return ck_err_set(z->err, CK_ERR_NOMEM, "out of memory");
    return ck_vulndb_import_json(z->imp, data, len, ck_buf_str(&z->origin), z->err);
}

static enum ck_status import_zip(struct ck_vulndb_import *imp, const char *path, struct ck_err *err)
{
    struct ck_zip_limits limits = {CK_OSV_MAX_RECORD_BYTES, 0, 0};
    struct zip_ctx ctx = {imp, imp->name ? imp->name : path, err, {NULL, 0, 0}};
    struct ck_zip *zip = NULL;
    enum ck_status st = ck_zip_open(path, &limits, &zip, err);

    if (st != CK_OK)
        return st;
    imp->total += ck_zip_count(zip);
    st = ck_zip_foreach(zip, import_zip_entry, &ctx, err);
    ck_buf_release(&ctx.origin);
    ck_zip_close(zip);
    return st;
}

/* Collects the .json files under a folder, recursively. */
struct walk {
    char **paths;
    size_t count, cap;
    const char *folder;
    struct ck_err *err;
    enum ck_status st;
    size_t skipped;
};

static enum ck_status push_path(struct walk *w, char *full)
{
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        char **p = realloc(w->paths, cap * sizeof *p);
        if (!p) {
            free(full);
            return ck_err_set(w->err, CK_ERR_NOMEM, "out of memory");
        }
        w->paths = p;
        w->cap = cap;
    }
    w->paths[w->count++] = full;
    return CK_OK;
}

static enum ck_status walk_folder(struct walk *w, const char *folder);

/* ck_dir_list's callback: non-zero stops the listing (w->st says why). */
static int walk_entry(void *ctx, const char *name)
{
    struct walk *w = ctx;
    char *full = ck_path_join(w->folder, name);

    if (!full) {
        w->st = ck_err_set(w->err, CK_ERR_NOMEM, "out of memory");
        return 1;
    }
    if (ck_is_dir(full)) {
        const char *saved = w->folder;
        if (name[0] != '.') /* .git and the like */
            w->st = walk_folder(w, full);
        w->folder = saved;
        free(full);
    } else if (ends_with_json(name)) {
        w->st = push_path(w, full);
    } else {
        w->skipped++;
        free(full);
    }
    return w->st != CK_OK;
}

static enum ck_status walk_folder(struct walk *w, const char *folder)
{
    enum ck_status st;
    w->folder = folder;
    st = ck_dir_list(folder, walk_entry, w);
    if (w->st != CK_OK)
        return w->st;
    if (st != CK_OK)
        return ck_err_set(w->err, st, "cannot list folder %s: %s", folder, ck_status_str(st));
    return CK_OK;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum ck_status import_folder(struct ck_vulndb_import *imp, const char *path, struct ck_err *err)
{
    struct walk w = {NULL, 0, 0, path, err, CK_OK, 0};
    enum ck_status st = walk_folder(&w, path);
    size_t i;

    if (st == CK_OK) {
        /* Sorted, so a folder imports the same way on every system. */
        qsort(w.paths, w.count, sizeof *w.paths, compare_paths);
        imp->stats.skipped += w.skipped;
        imp->total += w.count;
        for (i = 0; i < w.count && st == CK_OK; i++)
            st = import_json_file(imp, w.paths[i], err);
    }
    for (i = 0; i < w.count; i++)
        free(w.paths[i]);
    free(w.paths);
    return st;
}

/* A zip is recognised by its signature, not its name (downloads land in
 * temporary files). */
static int looks_like_zip(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = ck_fopen(path, "rb");
    size_t n;
    if (!f)
        return 0;
    n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == 4 && magic[0] == 'P' && magic[1] == 'K' &&
           ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

enum ck_status ck_vulndb_import_path(struct ck_vulndb_import *imp, const char *path, struct ck_err *err)
{
    if (!imp || !path)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_import_path: no path");
    if (ck_is_dir(path))
        return import_folder(imp, path, err);
    if (!ck_file_exists(path))
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist", path);
    if (looks_like_zip(path))
        return import_zip(imp, path, err);
    imp->total++;
    return import_json_file(imp, path, err);
}

/* ---- commit: bookkeeping ------------------------------------------------ */

static enum ck_status run(struct ck_vulndb *db, const char *sql, const char *what, struct ck_err *err,
                          const char *t1, const char *t2, const char *t3, int64_t i4)
{
    sqlite3_stmt *s = NULL;
    enum ck_status st;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, what);
    bind_text(s, 1, t1);
    bind_text(s, 2, t2);
    bind_text(s, 3, t3);
    sqlite3_bind_int64(s, 4, i4);
    st = step_done(db, s, what, err);
    sqlite3_finalize(s);
    return st;
}

static enum ck_status prune_feed(struct ck_vulndb_import *imp, struct ck_err *err)
{
    struct ck_vulndb *db = imp->db;
    sqlite3_stmt *s = NULL;
    enum ck_status st;

    if (sqlite3_prepare_v2(db->sql, "DELETE FROM records WHERE feed = ?1 AND seen <> ?2", -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "prune");
    bind_text(s, 1, imp->feed);
    sqlite3_bind_int64(s, 2, imp->seq);
    st = step_done(db, s, "prune feed", err);
    if (st == CK_OK)
        imp->stats.removed = (size_t)sqlite3_changes(db->sql);
    sqlite3_finalize(s);
    return st;
}

static enum ck_status update_feed(struct ck_vulndb_import *imp, const struct ck_vulndb_feed_meta *meta,
                                  struct ck_err *err)
{
    static const char upsert[] =
        "INSERT INTO feeds(name, updated_at) VALUES(?1, ?4)"
        " ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at";
    static const char set_meta[] =
        "UPDATE feeds SET source = coalesce(?2, source), etag = coalesce(?3, etag) WHERE name = ?1";
    static const char set_lm[] = "UPDATE feeds SET last_modified = coalesce(?2, last_modified) WHERE name = ?1";
    /* A full import states the feed's newest record; otherwise only move forward. */
    static const char set_newest[] =
        "UPDATE feeds SET newest_modified = ?2, newest_us = ?4 WHERE name = ?1"
        " AND (?3 IS NOT NULL OR newest_us IS NULL OR ?4 > newest_us)";
    static const char set_full[] = "UPDATE feeds SET full_at = ?4 WHERE name = ?1";
    static const char count[] =
        "UPDATE feeds SET record_count = (SELECT COUNT(*) FROM records WHERE feed = ?1) WHERE name = ?1";
    struct ck_vulndb *db = imp->db;
    enum ck_status st;

    if ((st = run(db, upsert, "update feed", err, imp->feed, NULL, NULL, imp->now)) != CK_OK ||
        (st = run(db, set_meta, "update feed", err, imp->feed, meta ? meta->source : NULL,
                  meta ? meta->etag : NULL, 0)) != CK_OK ||
        (st = run(db, set_lm, "update feed", err, imp->feed, meta ? meta->last_modified : NULL, NULL, 0)) != CK_OK ||
        (st = run(db, count, "count feed", err, imp->feed, NULL, NULL, 0)) != CK_OK)
        return st;
    if (imp->newest &&
        (st = run(db, set_newest, "update feed", err, imp->feed, imp->newest, imp->full ? "full" : NULL,
                  imp->newest_us)) != CK_OK)
        return st;
    if (imp->full)
        st = run(db, set_full, "update feed", err, imp->feed, NULL, NULL, imp->now);
    return st;
}

static enum ck_status update_ecosystems(struct ck_vulndb_import *imp, struct ck_err *err)
{
    static const char upsert[] =
        "INSERT INTO ecosystems(name, feed, updated_at) VALUES(?1, ?2, ?4)"
        " ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at,"
        " feed = coalesce(excluded.feed, feed)";
    static const char touch_feed[] = "UPDATE ecosystems SET updated_at = ?4 WHERE feed = ?1";
    static const char counts[] =
        "UPDATE ecosystems SET record_count ="
        " (SELECT COUNT(DISTINCT rid) FROM affected WHERE affected.ecosystem = ecosystems.name)";
    struct ck_vulndb *db = imp->db;
    enum ck_status st = CK_OK;
    size_t i;

    for (i = 0; i < imp->ecosystem_count && st == CK_OK; i++)
        st = run(db, upsert, "update ecosystems", err, imp->ecosystems[i], imp->feed, NULL, imp->now);
    if (st == CK_OK && imp->feed)
        st = run(db, touch_feed, "update ecosystems", err, imp->feed, NULL, NULL, imp->now);
    if (st == CK_OK)
        st = exec(db, counts, err);
    return st;
}

/* Refuses a feed import whose records could not be read (see
 * CK_VULNDB_MAX_FAILED_PERCENT), before anything is pruned or committed. */
static enum ck_status check_read(const struct ck_vulndb_import *imp, struct ck_err *err)
{
    const struct ck_vulndb_import_stats *s = &imp->stats;
    size_t good = s->added + s->replaced + s->unchanged + s->older, total = good + s->failed;
    const char *first = s->warning_count ? s->warnings[0] : "";

    if (!imp->feed)
        return CK_OK; /* a manual import adds what it can and removes nothing */
    if (imp->full && !total)
        return ck_err_set(err, CK_ERR_PARSE, "the download of %s holds no record; nothing was imported and "
                          "nothing removed", imp->feed);
    if (!s->failed)
        return CK_OK;
    if (!good || (imp->full && (uint64_t)s->failed * 100 > (uint64_t)total * CK_VULNDB_MAX_FAILED_PERCENT))
        return ck_err_set(err, CK_ERR_PARSE, "%llu of the %llu records of %s could not be read (first: %s); "
                          "nothing was imported and nothing removed", (unsigned long long)s->failed,
                          (unsigned long long)total, imp->feed, first);
    return CK_OK;
}

enum ck_status ck_vulndb_import_commit(struct ck_vulndb_import *imp, const struct ck_vulndb_feed_meta *meta,
                                       struct ck_vulndb_import_stats *stats, struct ck_err *err)
{
    enum ck_status st;

    if (!imp)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_import_commit: no import");
    st = check_read(imp, err);
    if (st == CK_OK && imp->full)
        st = prune_feed(imp, err);
    if (st == CK_OK && imp->feed)
        st = update_feed(imp, meta, err);
    if (st == CK_OK)
        st = update_ecosystems(imp, err);
    if (st == CK_OK)
        st = exec(imp->db, "COMMIT", err);
    if (st != CK_OK) {
        ck_vulndb_import_abort(imp);
        return st;
    }
    if (imp->progress && imp->done != imp->total)
        imp->progress(imp->progress_ctx, imp->done, imp->done);
    if (stats) {
        ck_vulndb_import_stats_release(stats);
        *stats = imp->stats;
        memset(&imp->stats, 0, sizeof imp->stats);
    }
    import_free(imp);
    return CK_OK;
}

enum ck_status ck_vulndb_import_file(struct ck_vulndb *db, const char *path,
                                     const struct ck_vulndb_import_opts *opts,
                                     struct ck_vulndb_import_stats *stats, struct ck_err *err)
{
    struct ck_vulndb_import *imp = NULL;
    enum ck_status st = ck_vulndb_import_begin(db, opts, &imp, err);

    if (st != CK_OK)
        return st;
    if ((st = ck_vulndb_import_path(imp, path, err)) != CK_OK) {
        ck_vulndb_import_abort(imp);
        return st;
    }
    return ck_vulndb_import_commit(imp, NULL, stats, err);
}

enum ck_status ck_vulndb_feed_touch(struct ck_vulndb *db, const char *feed, struct ck_err *err)
{
    enum ck_status st;
    if (!db || !feed)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_feed_touch: no feed");
    if ((st = exec(db, "BEGIN IMMEDIATE", err)) != CK_OK)
        return st;
    if ((st = run(db, "UPDATE feeds SET updated_at = ?4 WHERE name = ?1", "touch feed", err, feed, NULL, NULL,
                  ck_time_now())) != CK_OK ||
        (st = run(db, "UPDATE ecosystems SET updated_at = ?4 WHERE feed = ?1", "touch feed", err, feed, NULL,
                  NULL, ck_time_now())) != CK_OK ||
        (st = exec(db, "COMMIT", err)) != CK_OK) {
        exec(db, "ROLLBACK", NULL);
        return st;
    }
    return CK_OK;
}

/* ---- status ------------------------------------------------------------- */

void ck_vulndb_feed_info_release(struct ck_vulndb_feed_info *f)
{
    if (!f)
        return;
    free(f->name);
    free(f->source);
    free(f->etag);
    free(f->last_modified);
    free(f->newest_modified);
    memset(f, 0, sizeof *f);
}

void ck_vulndb_status_release(struct ck_vulndb_status *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->feed_count; i++)
        ck_vulndb_feed_info_release(&s->feeds[i]);
    free(s->feeds);
    for (i = 0; i < s->ecosystem_count; i++) {
        free(s->ecosystems[i].name);
        free(s->ecosystems[i].feed);
    }
    free(s->ecosystems);
    memset(s, 0, sizeof *s);
}

static const char feed_columns[] =
    "SELECT name, source, etag, last_modified, newest_modified, coalesce(updated_at, 0),"
    " coalesce(full_at, 0), record_count FROM feeds";

static int read_feed_row(sqlite3_stmt *s, struct ck_vulndb_feed_info *f)
{
    f->name = column_dup(s, 0);
    f->source = column_dup(s, 1);
    f->etag = column_dup(s, 2);
    f->last_modified = column_dup(s, 3);
    f->newest_modified = column_dup(s, 4);
    f->updated_at = sqlite3_column_int64(s, 5);
    f->full_at = sqlite3_column_int64(s, 6);
    f->record_count = sqlite3_column_int64(s, 7);
    return f->name ? 0 : -1;
}

/* Runs sql and appends each row to a growing array via fill. */
static enum ck_status collect(struct ck_vulndb *db, const char *sql, size_t elem, void **items, size_t *count,
                              int (*fill)(sqlite3_stmt *, void *), struct ck_err *err)
{
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "status");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            void *p = realloc(*items, ncap * elem);
            if (!p)
                break;
            *items = p;
            cap = ncap;
        }
        memset((char *)*items + *count * elem, 0, elem);
        (*count)++;
        if (fill(s, (char *)*items + (*count - 1) * elem) != 0)
            break;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return rc == SQLITE_DONE ? CK_OK : db_fail(db, err, "status");
}

static int fill_feed(sqlite3_stmt *s, void *item) { return read_feed_row(s, item); }

static int fill_ecosystem(sqlite3_stmt *s, void *item)
{
    struct ck_vulndb_ecosystem_info *e = item;
    e->name = column_dup(s, 0);
    e->feed = column_dup(s, 1);
    e->record_count = sqlite3_column_int64(s, 2);
    e->updated_at = sqlite3_column_int64(s, 3);
    return e->name ? 0 : -1;
}

enum ck_status ck_vulndb_status_get(struct ck_vulndb *db, struct ck_vulndb_status *out, struct ck_err *err)
{
    struct ck_vulndb_status s;
    int64_t v = 0;
    enum ck_status st;
    void *items = NULL;

    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_status_get: no database");
    memset(&s, 0, sizeof s);
    if ((st = query_int(db, "PRAGMA user_version", NULL, 0, &v, err)) != CK_OK)
        return st;
    s.schema_version = (int)v;
    if ((st = query_int(db, "SELECT COUNT(*) FROM records", NULL, 0, &s.record_count, err)) != CK_OK ||
        (st = query_int(db, "SELECT COUNT(*) FROM records WHERE withdrawn IS NOT NULL", NULL, 0,
                        &s.withdrawn_count, err)) != CK_OK)
        return st;
    st = collect(db, "SELECT name, source, etag, last_modified, newest_modified, coalesce(updated_at, 0),"
                     " coalesce(full_at, 0), record_count FROM feeds ORDER BY name",
                 sizeof *s.feeds, &items, &s.feed_count, fill_feed, err);
    s.feeds = items;
    items = NULL;
    if (st == CK_OK)
        st = collect(db, "SELECT name, feed, record_count, coalesce(updated_at, 0) FROM ecosystems ORDER BY name",
                     sizeof *s.ecosystems, &items, &s.ecosystem_count, fill_ecosystem, err);
    s.ecosystems = items;
    if (st != CK_OK) {
        ck_vulndb_status_release(&s);
        return st;
    }
    ck_vulndb_status_release(out);
    *out = s;
    return CK_OK;
}

enum ck_status ck_vulndb_feed_get(struct ck_vulndb *db, const char *name, struct ck_vulndb_feed_info *out,
                                  struct ck_err *err)
{
    struct ck_vulndb_feed_info f;
    sqlite3_stmt *s = NULL;
    char sql[sizeof feed_columns + 32];
    enum ck_status st = CK_OK;
    int rc;

    if (!db || !name || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_feed_get: no feed");
    memset(&f, 0, sizeof f);
    snprintf(sql, sizeof sql, "%s WHERE name = ?1", feed_columns);
    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "feed");
    bind_text(s, 1, name);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (read_feed_row(s, &f) != 0)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    } else if (rc == SQLITE_DONE) {
        st = ck_err_set(err, CK_ERR_NOTFOUND, "feed %s was never imported", name);
    } else {
        st = db_fail(db, err, "feed");
    }
    sqlite3_finalize(s);
    if (st == CK_OK) {
        ck_vulndb_feed_info_release(out);
        *out = f;
    } else {
        ck_vulndb_feed_info_release(&f);
    }
    return st;
}

static void format_age(int64_t seconds, char *out, size_t size)
{
    if (seconds >= 2 * 86400)
        snprintf(out, size, "%lld days", (long long)(seconds / 86400));
    else if (seconds >= 2 * 3600)
        snprintf(out, size, "%lld hours", (long long)(seconds / 3600));
    else
        snprintf(out, size, "%lld minutes", (long long)(seconds / 60));
}

int64_t ck_vulndb_updated_at(struct ck_vulndb *db, const char *ecosystem)
{
    int64_t updated = 0;
    if (!db || query_int(db, ecosystem ? "SELECT max(updated_at) FROM ecosystems WHERE name = ?1"
                                       : "SELECT max(updated_at) FROM ecosystems",
                         ecosystem, 0, &updated, NULL) != CK_OK)
        updated = 0;
    return updated > 0 ? updated : 0;
}

int ck_vulndb_stale_warning(struct ck_vulndb *db, const char *ecosystem, int64_t max_age, int64_t now,
                            char *msg, size_t msg_size)
{
    int64_t updated = ck_vulndb_updated_at(db, ecosystem);
    char when[32], age[32];

    if (max_age <= 0)
        max_age = CK_VULNDB_DEFAULT_MAX_AGE;
    if (updated <= 0) {
        snprintf(msg, msg_size, "no vulnerability data for %s: run 'ckitty db update' or 'ckitty db import'",
                 ecosystem ? ecosystem : "any ecosystem");
        return 1;
    }
    if (now - updated <= max_age)
        return 0;
    ck_text_format_time(updated, when, sizeof when);
    format_age(now - updated, age, sizeof age);
    snprintf(msg, msg_size, "the vulnerability data for %s is %s old (last updated %s); "
             "run 'ckitty db update' for current results", ecosystem ? ecosystem : "every ecosystem", age, when);
    return 1;
}

/* ---- reading ------------------------------------------------------------ */

enum ck_status ck_vulndb_read_begin(struct ck_vulndb *db, struct ck_err *err)
{
    if (!db)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_read_begin: no database");
    if (db->importing || db->reading)
        return ck_err_set(err, CK_ERR_ARG, "vulnerability database %s: a transaction is already open", db->path);
    if (exec(db, "BEGIN", err) != CK_OK)
        return CK_ERR_DB;
    db->reading = 1;
    return CK_OK;
}

void ck_vulndb_read_end(struct ck_vulndb *db)
{
    if (!db || !db->reading)
        return;
    exec(db, "COMMIT", NULL);
    db->reading = 0;
}

/* Splits a spec (encode_spec) in place into ranges whose event versions
 * point into it. The arrays grow as needed and are reused across calls. */
static int decode_spec(char *spec, struct ck_osv_range **ranges, size_t *cap, size_t *count,
                       struct ck_osv_event **events, size_t *ecap)
{
    static const char seps[] = {SPEC_RS, SPEC_US, '\0'};
    size_t nr = 1, ne = 0, i;
    char *p, sep;

    *count = 0;
    if (!*spec)
        return 0;
    for (p = spec; *p; p++) { /* count first: the arrays are sized once */
        nr += *p == SPEC_RS;
        ne += *p == SPEC_US;
    }
    if (nr > *cap) {
        struct ck_osv_range *r = realloc(*ranges, nr * sizeof *r);
        if (!r)
            return -1;
        *ranges = r;
        *cap = nr;
    }
    if (ne > *ecap) {
        struct ck_osv_event *e = realloc(*events, ne * sizeof *e);
        if (!e)
            return -1;
        *events = e;
        *ecap = ne;
    }
    for (i = 0, ne = 0, p = spec; i < nr; i++) {
        struct ck_osv_range *r = &(*ranges)[i];
        const char *t = *p ? strchr(spec_types, *p) : NULL;
        memset(r, 0, sizeof *r);
        r->type = t ? (enum ck_osv_range_type)(t - spec_types) : CK_OSV_RANGE_OTHER;
        r->events = *events + ne;
        if (*p && *p != SPEC_RS && *p != SPEC_US)
            p++;
        sep = *p;
        while (sep == SPEC_US) {
            struct ck_osv_event *e = &(*events)[ne++];
            const char *k = p[1] ? strchr(spec_kinds, p[1]) : NULL;
            e->kind = k ? (enum ck_osv_event_kind)(k - spec_kinds) : CK_OSV_LIMIT;
            e->version = p[1] ? p + 2 : p + 1;
            p = e->version + strcspn(e->version, seps);
            sep = *p;
            *p = '\0';
            r->event_count++;
        }
        if (sep == SPEC_RS)
            p++;
    }
    *count = nr;
    return 0;
}

/* The aids listing the asked version (few: usually none). */
struct listed {
    int64_t *aids;
    size_t count, cap;
};

static int listed_add(struct listed *l, int64_t aid)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        int64_t *p = realloc(l->aids, cap * sizeof *p);
        if (!p)
            return -1;
        l->aids = p;
        l->cap = cap;
    }
    l->aids[l->count++] = aid;
    return 0;
}

static int listed_has(const struct listed *l, int64_t aid)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        if (l->aids[i] == aid)
            return 1;
    return 0;
}

enum ck_status ck_vulndb_lookup(struct ck_vulndb *db, const char *ecosystem, const char *package,
                                const char *version, ck_vulndb_affected_fn fn, void *ctx, struct ck_err *err)
{
    struct ck_osv_range *ranges = NULL;
    struct ck_osv_event *events = NULL;
    struct listed listed = {NULL, 0, 0};
    size_t rcap = 0, ecap = 0;
    sqlite3_stmt *s;
    enum ck_status st = CK_OK;
    int rc;

    if (!db || !ecosystem || !package || !fn)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_lookup: missing argument");
    if (!(s = stmt(db, S_LOOKUP)))
        return db_fail(db, err, "prepare lookup");
    bind_text(s, 1, ecosystem);
    bind_text(s, 2, package);
    bind_text(s, 3, version);
    while (st == CK_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct ck_vulndb_affected a;
        const unsigned char *spec;
        int n;

        if (sqlite3_column_int(s, 0) == 0) {
            if (listed_add(&listed, sqlite3_column_int64(s, 1)) != 0)
                st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            continue;
        }
        spec = sqlite3_column_text(s, 4);
        n = sqlite3_column_bytes(s, 4);
        memset(&a, 0, sizeof a);
        a.aid = sqlite3_column_int64(s, 1);
        a.rid = sqlite3_column_int64(s, 2);
        a.distro_severity = (const char *)sqlite3_column_text(s, 3);
        a.version_listed = listed_has(&listed, a.aid);
        ck_buf_reset(&db->scratch);
        if (ck_buf_append(&db->scratch, spec ? (const char *)spec : "", spec ? (size_t)n : 0) != CK_OK ||
            decode_spec(db->scratch.data ? db->scratch.data : (char *)"", &ranges, &rcap, &a.range_count, &events,
                        &ecap) != 0) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
        a.ranges = ranges;
        st = fn(ctx, &a);
    }
    if (st == CK_OK && rc != SQLITE_DONE)
        st = db_fail(db, err, "lookup");
    sqlite3_reset(s);
    free(listed.aids);
    free(ranges);
    free(events);
    return st;
}

enum ck_status ck_vulndb_find_record(struct ck_vulndb *db, const char *id, int64_t *rid, struct ck_err *err)
{
    sqlite3_stmt *s;
    int rc;

    if (!db || !id || !rid)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_find_record: no id");
    if (!(s = stmt(db, S_FIND_RECORD)))
        return db_fail(db, err, "prepare");
    bind_text(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *rid = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return CK_OK;
    if (rc == SQLITE_DONE)
        return ck_err_set(err, CK_ERR_NOTFOUND, "no record %s in the vulnerability database", id);
    return db_fail(db, err, "find record");
}

/* Appends a string to a growing (count-sized) array. */
static int push_string(char ***v, size_t *n, const char *s)
{
    char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return -1;
    *v = p;
    if (!(p[*n] = ck_text_dup(s)))
        return -1;
    (*n)++;
    return 0;
}

/* One row of S_LOAD_RECORD into r. Returns -1 when memory runs out. */
static int load_row(sqlite3_stmt *s, struct ck_osv_record *r)
{
    const char *a = (const char *)sqlite3_column_text(s, 2), *b = (const char *)sqlite3_column_text(s, 3);
    int kind = sqlite3_column_int(s, 1);

    switch (sqlite3_column_int(s, 0)) {
    case 0:
        r->id = column_dup(s, 2);
        r->modified = column_dup(s, 3);
        r->modified_us = sqlite3_column_int64(s, 4);
        r->published = column_dup(s, 5);
        r->withdrawn = column_dup(s, 6);
        r->summary = column_dup(s, 7);
        r->details = column_dup(s, 8);
        r->distro_severity = column_dup(s, 9);
        r->schema_version = column_dup(s, 10);
        return r->id && r->modified ? 0 : -1;
    case 1:
        return kind == ALIAS      ? push_string(&r->aliases, &r->alias_count, a)
               : kind == UPSTREAM ? push_string(&r->upstream, &r->upstream_count, a)
                                  : push_string(&r->related, &r->related_count, a);
    case 2: {
        struct ck_osv_severity *p = realloc(r->severities, (r->severity_count + 1) * sizeof *p);
        if (!p)
            return -1;
        r->severities = p;
        p += r->severity_count++;
        p->type = ck_text_dup(a);
        p->score = ck_text_dup(b);
        return p->type && p->score ? 0 : -1;
    }
    default: {
        struct ck_osv_reference *p = realloc(r->references, (r->reference_count + 1) * sizeof *p);
        if (!p)
            return -1;
        r->references = p;
        p += r->reference_count++;
        p->type = a ? ck_text_dup(a) : NULL;
        p->url = ck_text_dup(b);
        return p->url && (!a || p->type) ? 0 : -1;
    }
    }
}

enum ck_status ck_vulndb_load_record(struct ck_vulndb *db, int64_t rid, struct ck_osv_record *out,
                                     struct ck_err *err)
{
    struct ck_osv_record r;
    sqlite3_stmt *s;
    enum ck_status st = CK_OK;
    int rc;

    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_load_record: no record");
    if (!(s = stmt(db, S_LOAD_RECORD)))
        return db_fail(db, err, "prepare");
    ck_osv_record_init(&r);
    sqlite3_bind_int64(s, 1, rid);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (load_row(s, &r) != 0) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
    sqlite3_reset(s);
    if (st == CK_OK && rc != SQLITE_DONE)
        st = db_fail(db, err, "load record");
    else if (st == CK_OK && !r.id)
        st = ck_err_set(err, CK_ERR_NOTFOUND, "no record with row %lld", (long long)rid);
    if (st != CK_OK) {
        ck_osv_record_release(&r);
        return st;
    }
    ck_osv_record_release(out);
    *out = r;
    return CK_OK;
}

/* Splits text at RS into heap strings; with us, each piece into a severity. */
static int split_brief(const char *text, struct ck_osv_record *r, int severities)
{
    const char *p = text;
    while (p && *p) {
        size_t n = strcspn(p, "\x1e");
        if (severities) {
            const char *us = memchr(p, SPEC_US, n);
            struct ck_osv_severity *v = realloc(r->severities, (r->severity_count + 1) * sizeof *v);
            if (!v)
                return -1;
            r->severities = v;
            v += r->severity_count++;
            v->type = us ? ck_text_dupn(p, (size_t)(us - p)) : ck_text_dupn(p, n);
            v->score = us ? ck_text_dupn(us + 1, n - (size_t)(us + 1 - p)) : ck_text_dup("");
            if (!v->type || !v->score)
                return -1;
        } else {
            struct ck_osv_reference *v = realloc(r->references, (r->reference_count + 1) * sizeof *v);
            if (!v)
                return -1;
            r->references = v;
            v += r->reference_count++;
            v->type = NULL;
            if (!(v->url = ck_text_dupn(p, n)))
                return -1;
        }
        p += n + (p[n] != '\0');
    }
    return 0;
}

enum ck_status ck_vulndb_load_brief(struct ck_vulndb *db, int64_t rid, struct ck_osv_record *out, struct ck_err *err)
{
    struct ck_osv_record r;
    sqlite3_stmt *s;
    int rc, bad = 0;

    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_load_brief: no record");
    if (!(s = stmt(db, S_LOAD_BRIEF)))
        return db_fail(db, err, "prepare");
    ck_osv_record_init(&r);
    sqlite3_bind_int64(s, 1, rid);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *cve = (const char *)sqlite3_column_text(s, 7);
        r.id = column_dup(s, 0);
        r.modified = column_dup(s, 1);
        r.published = column_dup(s, 2);
        r.withdrawn = column_dup(s, 3);
        r.summary = column_dup(s, 4);
        r.details = column_dup(s, 5);
        r.distro_severity = column_dup(s, 6);
        bad = !r.id || !r.modified || (cve && push_string(&r.aliases, &r.alias_count, cve) != 0) ||
              split_brief((const char *)sqlite3_column_text(s, 8), &r, 1) != 0 ||
              split_brief((const char *)sqlite3_column_text(s, 9), &r, 0) != 0;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW || bad) {
        ck_osv_record_release(&r);
        if (bad)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        return rc == SQLITE_DONE ? ck_err_set(err, CK_ERR_NOTFOUND, "no record with row %lld", (long long)rid)
                                 : db_fail(db, err, "load record");
    }
    ck_osv_record_release(out);
    *out = r;
    return CK_OK;
}

enum ck_status ck_vulndb_ecosystem_streams(struct ck_vulndb *db, const char *ecosystem, char ***names,
                                           size_t *count, struct ck_err *err)
{
    static const char sql[] =
        "SELECT name FROM ecosystems WHERE length(name) > length(?1) + 1"
        " AND substr(name, 1, length(?1) + 1) = ?1 || ':' COLLATE NOCASE ORDER BY name";
    sqlite3_stmt *s = NULL;
    char **v = NULL;
    size_t n = 0;
    int rc, bad = 0;

    if (!db || !ecosystem || !names || !count)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_ecosystem_streams: missing argument");
    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "ecosystems");
    bind_text(s, 1, ecosystem);
    while (!bad && (rc = sqlite3_step(s)) == SQLITE_ROW)
        bad = push_string(&v, &n, (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (bad || rc != SQLITE_DONE) {
        while (n)
            free(v[--n]);
        free(v);
        return bad ? ck_err_set(err, CK_ERR_NOMEM, "out of memory") : db_fail(db, err, "ecosystems");
    }
    *names = v;
    *count = n;
    return CK_OK;
}
