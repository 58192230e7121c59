/* The vulnerability database: its schema and migrations, the connection
 * and its statements, and what it holds (status, feeds, ecosystems, the
 * age of the data). Imports are in vulndb_import.c, the reads of matching
 * in vulndb_lookup.c. */
#include "vuln/vulndb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"
#include "vuln/vulndb_internal.h"

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
    /* 1 -> 2: OSV's main-ecosystem feeds and the releases kept of them */
    "ALTER TABLE feeds ADD COLUMN releases TEXT;"
    "ALTER TABLE feeds ADD COLUMN all_releases INTEGER NOT NULL DEFAULT 0;",
    /* 2 -> 3: exploit likelihood, EPSS scores and the KEV catalogue (vuln/exploitdb.h) */
    "CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE kev(cve TEXT PRIMARY KEY, date_added TEXT NOT NULL, due_date TEXT, name TEXT,"
    " ransomware INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE TABLE exploit_feeds(name TEXT PRIMARY KEY, source TEXT, etag TEXT, last_modified TEXT,"
    " updated_at INTEGER, version TEXT, published TEXT, row_count INTEGER NOT NULL DEFAULT 0,"
    " failed INTEGER NOT NULL DEFAULT 0);",
};

enum { MIGRATION_COUNT = sizeof migrations / sizeof migrations[0] };
_Static_assert(MIGRATION_COUNT == CK_VULNDB_SCHEMA_VERSION, "one migration per schema version");

/* Statements prepared once per connection and reused (ck_vulndb_stmt). */
static const char *const stmt_sql[CK_VULNDB_STMT_COUNT] = {
    [CK_VULNDB_FIND_RECORD] = "SELECT rid, modified_us FROM records WHERE id = ?1",
    [CK_VULNDB_DELETE_RECORD] = "DELETE FROM records WHERE rid = ?1",
    [CK_VULNDB_MARK_SEEN] = "UPDATE records SET seen = ?2, feed = coalesce(?3, feed) WHERE rid = ?1",
    [CK_VULNDB_INSERT_RECORD] =
        "INSERT INTO records(id, modified, modified_us, published, withdrawn, summary, details,"
        " distro_severity, schema_version, feed, seen, cve, severity_brief, reference_brief)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
    [CK_VULNDB_INSERT_ALIAS] = "INSERT OR IGNORE INTO aliases(rid, kind, alias) VALUES(?1, ?2, ?3)",
    [CK_VULNDB_INSERT_SEVERITY] =
        "INSERT INTO severities(rid, aid, seq, type, score) VALUES(?1, ?2, ?3, ?4, ?5)",
    [CK_VULNDB_INSERT_REF] = "INSERT INTO refs(rid, seq, type, url) VALUES(?1, ?2, ?3, ?4)",
    [CK_VULNDB_INSERT_AFFECTED] =
        "INSERT INTO affected(rid, ecosystem, package, purl, distro_severity, withdrawn, spec)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7)",
    [CK_VULNDB_INSERT_RANGE] = "INSERT INTO ranges(aid, seq, type, repo) VALUES(?1, ?2, ?3, ?4)",
    [CK_VULNDB_INSERT_EVENT] = "INSERT INTO events(rgid, seq, kind, version) VALUES(?1, ?2, ?3, ?4)",
    [CK_VULNDB_INSERT_VERSION] =
        "INSERT OR IGNORE INTO versions(ecosystem, package, version, aid) VALUES(?1, ?2, ?3, ?4)",
    /* Two index ranges, no sorter and no per-row probes: first the entries
     * that list the version (the versions key), then every entry of the
     * package (the covering index affected_match). */
    [CK_VULNDB_LOOKUP_LISTED] = "SELECT aid FROM versions WHERE ecosystem = ?1 AND package = ?2 AND version = ?3",
    [CK_VULNDB_LOOKUP] = "SELECT aid, rid, distro_severity, spec FROM affected"
                         " WHERE ecosystem = ?1 AND package = ?2 AND withdrawn = 0",
    /* A record and its lists in one statement: tag 0 the row, 1 aliases,
     * 2 record-level severities, 3 references; each a primary-key range,
     * read in key order (no sorter: this runs once per finding). */
    [CK_VULNDB_LOAD_RECORD] =
        "SELECT 0, 0, id, modified, modified_us, published, withdrawn, summary, details, distro_severity,"
        " schema_version FROM records WHERE rid = ?1"
        " UNION ALL SELECT 1, kind, alias, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM aliases WHERE rid = ?1"
        " UNION ALL SELECT 2, seq, type, score, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM severities"
        " WHERE rid = ?1 AND aid = 0"
        " UNION ALL SELECT 3, seq, type, url, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM refs WHERE rid = ?1",
    [CK_VULNDB_LOAD_BRIEF] =
        "SELECT id, modified, published, withdrawn, summary, details, distro_severity, cve, severity_brief,"
        " reference_brief FROM records WHERE rid = ?1",
    /* tag 0 the EPSS row, 1 the KEV row: two primary-key probes */
    [CK_VULNDB_EXPLOIT_LOOKUP] =
        "SELECT 0, score, percentile, NULL, NULL, NULL FROM epss WHERE cve = ?1"
        " UNION ALL SELECT 1, NULL, NULL, date_added, due_date, ransomware FROM kev WHERE cve = ?1",
};

/* ---- statement helpers (vulndb_internal.h) ------------------------------ */

enum ck_status ck_vulndb_fail(struct ck_vulndb *db, struct ck_err *err, const char *what)
{
    return ck_err_set(err, CK_ERR_DB, "vulnerability database %s: %s: %s", db->path, what,
                      sqlite3_errmsg(db->sql));
}

enum ck_status ck_vulndb_exec(struct ck_vulndb *db, const char *sql, struct ck_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) == SQLITE_OK)
        return CK_OK;
    ck_err_set(err, CK_ERR_DB, "vulnerability database %s: %s", db->path, msg ? msg : "failed");
    sqlite3_free(msg);
    return CK_ERR_DB;
}

sqlite3_stmt *ck_vulndb_stmt(struct ck_vulndb *db, enum ck_vulndb_stmt id)
{
    if (!db->stmts[id] &&
        sqlite3_prepare_v3(db->sql, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &db->stmts[id], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(db->stmts[id]);
    sqlite3_clear_bindings(db->stmts[id]);
    return db->stmts[id];
}

int ck_vulndb_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

enum ck_status ck_vulndb_step_done(struct ck_vulndb *db, sqlite3_stmt *s, const char *what, struct ck_err *err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? CK_OK : ck_vulndb_fail(db, err, what);
}

enum ck_status ck_vulndb_run(struct ck_vulndb *db, enum ck_vulndb_stmt id, const char *what, struct ck_err *err,
                             const char *kinds, ...)
{
    sqlite3_stmt *s = ck_vulndb_stmt(db, id);
    va_list ap;
    int i;

    if (!s)
        return ck_vulndb_fail(db, err, "prepare");
    if (sqlite3_bind_parameter_count(s) != (int)strlen(kinds))
        return ck_err_set(err, CK_ERR_ARG, "vulnerability database %s: %s: %d values for %d parameters", db->path,
                          what, (int)strlen(kinds), sqlite3_bind_parameter_count(s));
    va_start(ap, kinds);
    for (i = 0; kinds[i]; i++) {
        if (kinds[i] == 'i')
            sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
        else
            ck_vulndb_bind_text(s, i + 1, va_arg(ap, const char *));
    }
    va_end(ap);
    return ck_vulndb_step_done(db, s, what, err);
}

char *ck_vulndb_column_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? ck_text_dup((const char *)t) : NULL;
}

void ck_vulndb_columns_dup(sqlite3_stmt *s, int first, char **const *fields, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        *fields[i] = ck_vulndb_column_dup(s, first + (int)i);
}

enum ck_status ck_vulndb_query_int(struct ck_vulndb *db, const char *sql, const char *arg, int64_t def,
                                   int64_t *out, struct ck_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return ck_vulndb_fail(db, err, "prepare");
    if (arg)
        ck_vulndb_bind_text(s, 1, arg);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_type(s, 0) == SQLITE_NULL ? def : sqlite3_column_int64(s, 0);
    else if (rc == SQLITE_DONE)
        *out = def;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CK_OK : ck_vulndb_fail(db, err, "query");
}

/* ---- open / close ------------------------------------------------------- */

static enum ck_status migrate(struct ck_vulndb *db, struct ck_err *err)
{
    int64_t version = 0;
    enum ck_status st = ck_vulndb_query_int(db, "PRAGMA user_version", NULL, 0, &version, err);
    char sql[64];

    if (st != CK_OK)
        return st;
    if (version > MIGRATION_COUNT)
        return ck_err_set(err, CK_ERR_UNSUPPORTED,
                          "vulnerability database %s has schema %d, newer than this version of "
                          "ContainerKitty understands (%d)", db->path, (int)version, MIGRATION_COUNT);
    for (; version < MIGRATION_COUNT; version++) {
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", (int)version + 1);
        if ((st = ck_vulndb_exec(db, "BEGIN IMMEDIATE", err)) != CK_OK)
            return st;
        if ((st = ck_vulndb_exec(db, migrations[version], err)) != CK_OK ||
            (st = ck_vulndb_exec(db, sql, err)) != CK_OK || (st = ck_vulndb_exec(db, "COMMIT", err)) != CK_OK) {
            ck_vulndb_exec(db, "ROLLBACK", NULL);
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
        st = ck_vulndb_fail(db, err, "cannot open");
        goto cleanup;
    }
    sqlite3_busy_timeout(db->sql, 10000);
    sqlite3_extended_result_codes(db->sql, 1);
    if ((st = ck_vulndb_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
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
    for (i = 0; i < CK_VULNDB_STMT_COUNT; i++)
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
    free(f->releases);
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
    " coalesce(full_at, 0), record_count, releases, all_releases FROM feeds";

static int read_feed_row(sqlite3_stmt *s, struct ck_vulndb_feed_info *f)
{
    char **const text[] = {&f->name, &f->source, &f->etag, &f->last_modified, &f->newest_modified};
    ck_vulndb_columns_dup(s, 0, text, sizeof text / sizeof text[0]);
    f->updated_at = sqlite3_column_int64(s, 5);
    f->full_at = sqlite3_column_int64(s, 6);
    f->record_count = sqlite3_column_int64(s, 7);
    f->releases = ck_vulndb_column_dup(s, 8);
    f->all_releases = sqlite3_column_int(s, 9) != 0;
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
        return ck_vulndb_fail(db, err, "status");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (ck_array_grow(items, &cap, *count, elem) != CK_OK)
            break;
        memset((char *)*items + *count * elem, 0, elem);
        (*count)++;
        if (fill(s, (char *)*items + (*count - 1) * elem) != 0)
            break;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return rc == SQLITE_DONE ? CK_OK : ck_vulndb_fail(db, err, "status");
}

static int fill_feed(sqlite3_stmt *s, void *item) { return read_feed_row(s, item); }

static int fill_ecosystem(sqlite3_stmt *s, void *item)
{
    struct ck_vulndb_ecosystem_info *e = item;
    e->name = ck_vulndb_column_dup(s, 0);
    e->feed = ck_vulndb_column_dup(s, 1);
    e->record_count = sqlite3_column_int64(s, 2);
    e->updated_at = sqlite3_column_int64(s, 3);
    return e->name ? 0 : -1;
}

/* An entry is GIT only when its spec has ranges, each of type G (every
 * range separator is followed by G), and no versions[] row. */
#define GIT_ONLY_ENTRY                                                                         \
    "substr(a.spec, 1, 1) = 'G' AND instr(replace(a.spec, char(30) || 'G', ''), char(30)) = 0"   \
    " AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.ecosystem = a.ecosystem AND v.package = a.package" \
    " AND v.aid = a.aid)"

static enum ck_status count_git_only(struct ck_vulndb *db, struct ck_vulndb_status *s, struct ck_err *err)
{
    enum ck_status st =
        ck_vulndb_query_int(db, "SELECT COUNT(*) FROM affected a WHERE " GIT_ONLY_ENTRY, NULL, 0,
                            &s->git_only_entries, err);
    /* records with a GIT-only entry and no other kind of entry */
    if (st == CK_OK && s->git_only_entries)
        st = ck_vulndb_query_int(db,
                                 "SELECT COUNT(*) FROM (SELECT a.rid FROM affected a GROUP BY a.rid"
                                 " HAVING COUNT(*) = SUM(CASE WHEN " GIT_ONLY_ENTRY " THEN 1 ELSE 0 END))",
                                 NULL, 0, &s->git_only_records, err);
    return st;
}

enum ck_status ck_vulndb_status_get(struct ck_vulndb *db, struct ck_vulndb_status *out, struct ck_err *err)
{
    struct ck_vulndb_status s;
    char sql[sizeof feed_columns + 32];
    int64_t v = 0;
    enum ck_status st;
    void *items = NULL;

    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_status_get: no database");
    memset(&s, 0, sizeof s);
    if ((st = ck_vulndb_query_int(db, "PRAGMA user_version", NULL, 0, &v, err)) != CK_OK)
        return st;
    s.schema_version = (int)v;
    if ((st = ck_vulndb_query_int(db, "SELECT COUNT(*) FROM records", NULL, 0, &s.record_count, err)) != CK_OK ||
        (st = ck_vulndb_query_int(db, "SELECT COUNT(*) FROM records WHERE withdrawn IS NOT NULL", NULL, 0,
                                  &s.withdrawn_count, err)) != CK_OK ||
        (st = count_git_only(db, &s, err)) != CK_OK)
        return st;
    snprintf(sql, sizeof sql, "%s ORDER BY name", feed_columns);
    st = collect(db, sql, sizeof *s.feeds, &items, &s.feed_count, fill_feed, err);
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
        return ck_vulndb_fail(db, err, "feed");
    ck_vulndb_bind_text(s, 1, name);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (read_feed_row(s, &f) != 0)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    } else if (rc == SQLITE_DONE) {
        st = ck_err_set(err, CK_ERR_NOTFOUND, "feed %s was never imported", name);
    } else {
        st = ck_vulndb_fail(db, err, "feed");
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
    if (!db || ck_vulndb_query_int(db, ecosystem ? "SELECT max(updated_at) FROM ecosystems WHERE name = ?1"
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
