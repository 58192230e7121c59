/* The scan history in SQLite (see history.h for the schema). */
#include "store/history.h"
#include "store/history_internal.h"
#include "util/array.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "util/buf.h"
#include "util/text.h"

#define OUR_ENGINE "containerkitty"

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE images(id INTEGER PRIMARY KEY, repository TEXT NOT NULL, tag TEXT NOT NULL,"
    " UNIQUE(repository, tag));"
    "CREATE TABLE scans(id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,"
    " digest TEXT, engine TEXT NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL,"
    " ok INTEGER NOT NULL, error TEXT, os TEXT, ecosystem TEXT, data_age INTEGER NOT NULL DEFAULT -1,"
    " package_count INTEGER NOT NULL DEFAULT 0, finding_count INTEGER NOT NULL DEFAULT 0,"
    " unique_count INTEGER NOT NULL DEFAULT 0, n_unknown INTEGER NOT NULL DEFAULT 0,"
    " n_negligible INTEGER NOT NULL DEFAULT 0, n_low INTEGER NOT NULL DEFAULT 0,"
    " n_medium INTEGER NOT NULL DEFAULT 0, n_high INTEGER NOT NULL DEFAULT 0,"
    " n_critical INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX scans_image ON scans(image_id, engine, started_at);"
    "CREATE TABLE packages(scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE, name TEXT NOT NULL,"
    " version TEXT, source_name TEXT, source_version TEXT, arch TEXT, type INTEGER NOT NULL);"
    "CREATE INDEX packages_scan ON packages(scan_id);"
    "CREATE TABLE findings(id INTEGER PRIMARY KEY, scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
    " record_id TEXT NOT NULL, cve TEXT, package TEXT NOT NULL, source_name TEXT, installed TEXT, fixed TEXT,"
    " severity INTEGER NOT NULL, cvss_score REAL, cvss_vector TEXT, title TEXT, description TEXT, refs TEXT);"
    "CREATE INDEX findings_scan ON findings(scan_id);",
    /* 1 -> 2: the whole-filesystem walk (application packages, unmanaged files) and inventories
     * kept per image ID for reuse */
    "ALTER TABLE scans ADD COLUMN image_key TEXT;"
    "ALTER TABLE scans ADD COLUMN walked INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE scans ADD COLUMN inventory_complete INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE scans ADD COLUMN inventory_from INTEGER;"
    "ALTER TABLE scans ADD COLUMN os_id TEXT;"
    "ALTER TABLE scans ADD COLUMN os_version_id TEXT;"
    "ALTER TABLE scans ADD COLUMN app_count INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE scans ADD COLUMN unmanaged_binaries INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE scans ADD COLUMN files_seen INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX scans_image_key ON scans(image_key, walked, started_at);"
    "ALTER TABLE packages ADD COLUMN ecosystem TEXT;"
    "ALTER TABLE packages ADD COLUMN locations TEXT;"
    "ALTER TABLE packages ADD COLUMN owner TEXT;"
    "ALTER TABLE packages ADD COLUMN lang_flags INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE unmanaged(scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
    " path TEXT NOT NULL, kind INTEGER NOT NULL, size INTEGER NOT NULL, sha256 TEXT, detail TEXT, product TEXT,"
    " product_version TEXT);"
    "CREATE INDEX unmanaged_scan ON unmanaged(scan_id);",
    /* 2 -> 3: findings of application packages (their ecosystem, where in the image) and of malicious
     * packages; scans that could not assess everything say what */
    "ALTER TABLE findings ADD COLUMN ecosystem TEXT;"
    "ALTER TABLE findings ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE findings ADD COLUMN locations TEXT;"
    "ALTER TABLE scans ADD COLUMN not_assessed TEXT;",
    /* 3 -> 4: triage decisions, an audit trail: rows are added, never changed (store/decisions.c) */
    "CREATE TABLE decisions(id INTEGER PRIMARY KEY, vuln_id TEXT NOT NULL COLLATE NOCASE, package TEXT,"
    " scope TEXT NOT NULL CHECK(scope IN ('image', 'repository', 'all')), repository TEXT, tag TEXT,"
    " state TEXT NOT NULL, justification TEXT, note TEXT, owner TEXT, expires TEXT, decided_by TEXT,"
    " decided_at INTEGER NOT NULL);"
    "CREATE INDEX decisions_vuln ON decisions(vuln_id);",
    /* 4 -> 5: re-matches of a stored inventory against newer data (kind), and what a scan
     * should be read with (note: a local copy scanned because the pull failed) */
    "ALTER TABLE scans ADD COLUMN kind TEXT NOT NULL DEFAULT 'scan';"
    "ALTER TABLE scans ADD COLUMN note TEXT;",
    /* 5 -> 6: the scan whose inventory a re-match matched (its packages are not stored twice) */
    "ALTER TABLE scans ADD COLUMN inventory_scan INTEGER;",
    /* 6 -> 7: a scan's findings by identity, covering what a comparison reads (store/changes.c:
     * no table look-up, no sort); it serves every look-up by scan as the old index did */
    "DROP INDEX findings_scan;"
    "CREATE INDEX findings_scan ON findings(scan_id, record_id, package, cve, severity);",
};

#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(MIGRATION_COUNT == CK_HISTORY_SCHEMA_VERSION, "one migration per schema version");

/* ---- small helpers ------------------------------------------------------ */

enum ck_status ck_hist_fail(struct ck_history *h, struct ck_err *err, const char *what)
{
    return ck_err_set(err, CK_ERR_DB, "scan history: %s: %s", what, sqlite3_errmsg(h->db));
}

char *ck_hist_column_dup(sqlite3_stmt *st, int col)
{
    return ck_text_dup((const char *)sqlite3_column_text(st, col));
}

void ck_hist_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

static enum ck_status exec(struct ck_history *h, const char *sql, struct ck_err *err)
{
    if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return ck_hist_fail(h, err, sql);
    return CK_OK;
}

enum ck_status ck_hist_prepare(struct ck_history *h, const char *sql, sqlite3_stmt **st, struct ck_err *err)
{
    if (sqlite3_prepare_v2(h->db, sql, -1, st, NULL) != SQLITE_OK)
        return ck_hist_fail(h, err, "prepare");
    return CK_OK;
}

/* ---- findings ----------------------------------------------------------- */

/* ---- scans and images ----------------------------------------------------- */

void ck_scan_info_release(struct ck_scan_info *s)
{
    free(s->repository);
    free(s->tag);
    free(s->digest);
    free(s->engine);
    free(s->error);
    free(s->os);
    free(s->ecosystem);
    free(s->image_key);
    free(s->not_assessed);
    free(s->kind);
    free(s->note);
    memset(s, 0, sizeof *s);
}

void ck_scan_infos_free(struct ck_scan_info *s, size_t count)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < count; i++)
        ck_scan_info_release(&s[i]);
    free(s);
}

void ck_image_rows_free(struct ck_image_row *rows, size_t count)
{
    size_t i;
    if (!rows)
        return;
    for (i = 0; i < count; i++) {
        free(rows[i].repository);
        free(rows[i].tag);
        ck_scan_info_release(&rows[i].latest);
    }
    free(rows);
}

/* ---- open / close / migrate ----------------------------------------------- */

char *ck_history_default_path(void)
{
    char *dir = ck_data_dir();
    char *path;
    if (!dir)
        return NULL;
    path = ck_path_join(dir, "history.db");
    free(dir);
    return path;
}

static enum ck_status migrate(struct ck_history *h, struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    int version = 0;
    enum ck_status rc;
    char sql[64];

    if (ck_hist_prepare(h, "PRAGMA user_version", &st, err) != CK_OK)
        return CK_ERR_DB;
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version > MIGRATION_COUNT)
        return ck_err_set(err, CK_ERR_UNSUPPORTED,
                          "scan history %s was written by a newer ContainerKitty (schema %d, this one knows %d)",
                          sqlite3_db_filename(h->db, "main"), version, MIGRATION_COUNT);
    for (; version < MIGRATION_COUNT; version++) {
        if ((rc = exec(h, "BEGIN IMMEDIATE", err)) != CK_OK)
            return rc;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
        if ((rc = exec(h, migrations[version], err)) != CK_OK || (rc = exec(h, sql, err)) != CK_OK) {
            sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if ((rc = exec(h, "COMMIT", err)) != CK_OK)
            return rc;
    }
    return CK_OK;
}

enum ck_status ck_history_open(const char *path, struct ck_history **out, struct ck_err *err)
{
    struct ck_history *h = calloc(1, sizeof *h);
    enum ck_status rc;

    if (!h)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL) != SQLITE_OK) {
        rc = ck_err_set(err, CK_ERR_IO, "cannot open the scan history %s: %s", path,
                        h->db ? sqlite3_errmsg(h->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(h->db, 10000);
    if ((rc = exec(h, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", err)) !=
            CK_OK ||
        (rc = migrate(h, err)) != CK_OK)
        goto fail;
    *out = h;
    return CK_OK;
fail:
    ck_history_close(h);
    return rc;
}

void ck_history_close(struct ck_history *h)
{
    if (!h)
        return;
    sqlite3_close(h->db);
    free(h);
}

/* ---- storing ---------------------------------------------------------------- */

static enum ck_status image_id_of(struct ck_history *h, const char *repository, const char *tag, int64_t *id,
                                  struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;

    if (ck_hist_prepare(h,
                "INSERT INTO images(repository, tag) VALUES(?1, ?2) ON CONFLICT(repository, tag)"
                " DO UPDATE SET tag = excluded.tag RETURNING id",
                &st, err) != CK_OK)
        return CK_ERR_DB;
    ck_hist_bind_text(st, 1, repository);
    ck_hist_bind_text(st, 2, tag ? tag : "");
    if (sqlite3_step(st) == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else
        rc = ck_hist_fail(h, err, "image");
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_history_add_image(struct ck_history *h, const char *repository, const char *tag,
                                    int64_t *image_id, struct ck_err *err)
{
    int64_t id = 0;
    enum ck_status rc = image_id_of(h, repository, tag, &id, err);
    if (rc == CK_OK && image_id)
        *image_id = id;
    return rc;
}

static enum ck_status insert_scan(struct ck_history *h, int64_t image_id, const struct ck_scan_input *in,
                                  int64_t *scan_id, struct ck_err *err)
{
    struct ck_severity_counts c;
    const struct ck_inventory *inv = in->inventory;
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    int i;

    memset(&c, 0, sizeof c);
    if (in->findings)
        ck_severity_counts_of(in->findings, &c);
    if (ck_hist_prepare(h,
                "INSERT INTO scans(image_id, digest, engine, started_at, finished_at, ok, error, os, ecosystem,"
                " data_age, package_count, finding_count, unique_count, n_unknown, n_negligible, n_low, n_medium,"
                " n_high, n_critical, image_key, walked, inventory_complete, inventory_from, os_id, os_version_id,"
                " app_count, unmanaged_binaries, files_seen, not_assessed, kind, note, inventory_scan) VALUES(?1,?2,?3,?4,"
                "?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,"
                "?31,?32)",
                &st, err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, image_id);
    ck_hist_bind_text(st, 2, in->digest);
    ck_hist_bind_text(st, 3, in->engine ? in->engine : OUR_ENGINE);
    sqlite3_bind_int64(st, 4, in->started_at);
    sqlite3_bind_int64(st, 5, in->finished_at);
    sqlite3_bind_int(st, 6, in->error == NULL);
    ck_hist_bind_text(st, 7, in->error);
    ck_hist_bind_text(st, 8, inv ? inv->os.pretty_name : NULL);
    ck_hist_bind_text(st, 9, inv ? inv->os.ecosystem : NULL);
    sqlite3_bind_int64(st, 10, in->data_age);
    sqlite3_bind_int64(st, 11, inv ? (int64_t)inv->count : 0);
    sqlite3_bind_int64(st, 12, (int64_t)c.findings);
    sqlite3_bind_int64(st, 13, (int64_t)c.unique);
    for (i = 0; i < CK_SEV_COUNT; i++)
        sqlite3_bind_int64(st, 14 + i, (int64_t)c.by_severity[i]);
    ck_hist_bind_text(st, 20, in->image_key);
    sqlite3_bind_int(st, 21, inv && inv->walked);
    sqlite3_bind_int(st, 22, inv && !inv->incomplete);
    if (in->inventory_from)
        sqlite3_bind_int64(st, 23, in->inventory_from);
    ck_hist_bind_text(st, 24, inv ? inv->os.id : NULL);
    ck_hist_bind_text(st, 25, inv ? inv->os.version_id : NULL);
    sqlite3_bind_int64(st, 26, inv ? (int64_t)ck_inventory_app_count(inv, NULL) : 0);
    sqlite3_bind_int64(st, 27, inv ? (int64_t)ck_inventory_unmanaged_binaries(inv) : 0);
    sqlite3_bind_int64(st, 28, inv ? (int64_t)inv->files_seen : 0);
    ck_hist_bind_text(st, 29, in->not_assessed && *in->not_assessed ? in->not_assessed : NULL);
    ck_hist_bind_text(st, 30, in->kind && *in->kind ? in->kind : CK_SCAN_KIND_SCAN);
    ck_hist_bind_text(st, 31, in->note && *in->note ? in->note : NULL);
    if (in->inventory_scan)
        sqlite3_bind_int64(st, 32, in->inventory_scan);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ck_hist_fail(h, err, "scan");
    else
        *scan_id = sqlite3_last_insert_rowid(h->db);
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_history_store_scan(struct ck_history *h, const struct ck_scan_input *in, int64_t *scan_id,
                                     struct ck_err *err)
{
    int64_t image_id = 0, id = 0;
    enum ck_status rc;

    if (!in->repository || !*in->repository)
        return ck_err_set(err, CK_ERR_ARG, "scan history: a scan needs an image name");
    if ((rc = exec(h, "BEGIN IMMEDIATE", err)) != CK_OK)
        return rc;
    if ((rc = image_id_of(h, in->repository, in->tag, &image_id, err)) != CK_OK ||
        (rc = insert_scan(h, image_id, in, &id, err)) != CK_OK ||
        (!in->inventory_scan && (rc = ck_hist_insert_inventory(h, id, in->inventory, err)) != CK_OK) ||
        (rc = ck_hist_insert_findings(h, id, in->findings, err)) != CK_OK || (rc = exec(h, "COMMIT", err)) != CK_OK) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (scan_id)
        *scan_id = id;
    return CK_OK;
}

/* ---- reading ------------------------------------------------------------------ */

#define SCAN_COLUMNS                                                                                       \
    "s.id, s.image_id, i.repository, i.tag, s.digest, s.engine, s.started_at, s.finished_at, s.ok, s.error," \
    " s.os, s.ecosystem, s.data_age, s.package_count, s.finding_count, s.unique_count, s.n_unknown,"        \
    " s.n_negligible, s.n_low, s.n_medium, s.n_high, s.n_critical, s.image_key, s.walked, s.inventory_from,"  \
    " s.app_count, s.unmanaged_binaries, s.not_assessed, s.kind, s.note"

static void read_counts(sqlite3_stmt *st, int col, struct ck_severity_counts *c)
{
    int i;
    c->findings = (size_t)sqlite3_column_int64(st, col);
    c->unique = (size_t)sqlite3_column_int64(st, col + 1);
    for (i = 0; i < CK_SEV_COUNT; i++)
        c->by_severity[i] = (size_t)sqlite3_column_int64(st, col + 2 + i);
}

/* Reads SCAN_COLUMNS starting at column c. */
static void read_scan(sqlite3_stmt *st, int c, struct ck_scan_info *s)
{
    s->id = sqlite3_column_int64(st, c + 0);
    s->image_id = sqlite3_column_int64(st, c + 1);
    s->repository = ck_hist_column_dup(st, c + 2);
    s->tag = ck_hist_column_dup(st, c + 3);
    s->digest = ck_hist_column_dup(st, c + 4);
    s->engine = ck_hist_column_dup(st, c + 5);
    s->started_at = sqlite3_column_int64(st, c + 6);
    s->finished_at = sqlite3_column_int64(st, c + 7);
    s->ok = sqlite3_column_int(st, c + 8);
    s->error = ck_hist_column_dup(st, c + 9);
    s->os = ck_hist_column_dup(st, c + 10);
    s->ecosystem = ck_hist_column_dup(st, c + 11);
    s->data_age = sqlite3_column_int64(st, c + 12);
    s->package_count = (size_t)sqlite3_column_int64(st, c + 13);
    read_counts(st, c + 14, &s->counts);
    s->image_key = ck_hist_column_dup(st, c + 22);
    s->walked = sqlite3_column_int(st, c + 23);
    s->inventory_from = sqlite3_column_int64(st, c + 24);
    s->app_count = (size_t)sqlite3_column_int64(st, c + 25);
    s->unmanaged_binaries = (size_t)sqlite3_column_int64(st, c + 26);
    s->not_assessed = ck_hist_column_dup(st, c + 27);
    s->kind = ck_hist_column_dup(st, c + 28);
    s->note = ck_hist_column_dup(st, c + 29);
}

#define SCAN_COLUMN_COUNT 30

/* Runs a prepared query of SCAN_COLUMNS rows into a new array. */
static enum ck_status collect_scans(struct ck_history *h, sqlite3_stmt *st, struct ck_scan_info **out,
                                    size_t *count, struct ck_err *err)
{
    struct ck_scan_info *v = NULL;
    size_t n = 0, cap = 0;
    int step;

    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (CK_ARRAY_GROW(v, n, cap) != CK_OK) {
            ck_scan_infos_free(v, n);
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        }
        memset(&v[n], 0, sizeof v[n]);
        read_scan(st, 0, &v[n++]);
    }
    if (step != SQLITE_DONE) {
        ck_scan_infos_free(v, n);
        return ck_hist_fail(h, err, "scans");
    }
    *out = v;
    *count = n;
    return CK_OK;
}

enum ck_status ck_history_list_scans(struct ck_history *h, const char *repository, const char *tag,
                                     struct ck_scan_info **scans, size_t *count, struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc;

    if (ck_hist_prepare(h,
                "SELECT " SCAN_COLUMNS " FROM scans s JOIN images i ON i.id = s.image_id"
                " WHERE (?1 IS NULL OR i.repository = ?1) AND (?2 IS NULL OR i.tag = ?2)"
                " ORDER BY s.started_at DESC, s.id DESC",
                &st, err) != CK_OK)
        return CK_ERR_DB;
    ck_hist_bind_text(st, 1, repository);
    ck_hist_bind_text(st, 2, tag);
    rc = collect_scans(h, st, scans, count, err);
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_history_get_scan(struct ck_history *h, int64_t scan_id, struct ck_scan_info *out,
                                   struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    int step;

    if (ck_hist_prepare(h, "SELECT " SCAN_COLUMNS " FROM scans s JOIN images i ON i.id = s.image_id WHERE s.id = ?1", &st,
                err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, scan_id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        read_scan(st, 0, out);
    } else if (step == SQLITE_DONE) {
        rc = ck_err_set(err, CK_ERR_NOTFOUND, "there is no scan %lld in the history", (long long)scan_id);
    } else {
        rc = ck_hist_fail(h, err, "scan");
    }
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_history_latest_scan(struct ck_history *h, const char *repository, const char *tag,
                                      const char *engine, int64_t *scan_id, struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    int step;

    if (ck_hist_prepare(h,
                "SELECT s.id FROM scans s JOIN images i ON i.id = s.image_id WHERE i.repository = ?1"
                " AND i.tag = ?2 AND s.engine = ?3 AND s.ok ORDER BY s.started_at DESC, s.id DESC LIMIT 1",
                &st, err) != CK_OK)
        return CK_ERR_DB;
    ck_hist_bind_text(st, 1, repository);
    ck_hist_bind_text(st, 2, tag ? tag : "");
    ck_hist_bind_text(st, 3, engine ? engine : OUR_ENGINE);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *scan_id = sqlite3_column_int64(st, 0);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ERR_NOTFOUND, "%s:%s has no successful scan%s%s in the history", repository,
                        tag ? tag : "", engine ? " by " : "", engine ? engine : "");
    else
        rc = ck_hist_fail(h, err, "latest scan");
    sqlite3_finalize(st);
    return rc;
}

/* Latest scan and the one before it, per image, by window functions. */
enum ck_status ck_history_list_images(struct ck_history *h, const char *engine, struct ck_image_row **rows,
                                      size_t *count, struct ck_err *err)
{
    static const char sql[] =
        "WITH ranked AS (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.image_id ORDER BY s.started_at DESC, s.id DESC)"
        " AS rn FROM scans s WHERE s.engine = ?1)"
        " SELECT i.id, i.repository, i.tag, s.id IS NOT NULL, " SCAN_COLUMNS ","
        " p.id IS NOT NULL, p.finding_count, p.unique_count, p.n_unknown, p.n_negligible, p.n_low, p.n_medium,"
        " p.n_high, p.n_critical"
        " FROM images i LEFT JOIN ranked s ON s.image_id = i.id AND s.rn = 1"
        " LEFT JOIN ranked p ON p.image_id = i.id AND p.rn = 2"
        " ORDER BY i.repository, i.tag";
    struct ck_image_row *v = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    int step;

    if (ck_hist_prepare(h, sql, &st, err) != CK_OK)
        return CK_ERR_DB;
    ck_hist_bind_text(st, 1, engine ? engine : OUR_ENGINE);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (CK_ARRAY_GROW(v, n, cap) != CK_OK)
            break;
        memset(&v[n], 0, sizeof v[n]);
        v[n].image_id = sqlite3_column_int64(st, 0);
        v[n].repository = ck_hist_column_dup(st, 1);
        v[n].tag = ck_hist_column_dup(st, 2);
        v[n].has_scan = sqlite3_column_int(st, 3);
        if (v[n].has_scan)
            read_scan(st, 4, &v[n].latest);
        v[n].has_previous = sqlite3_column_int(st, 4 + SCAN_COLUMN_COUNT);
        if (v[n].has_previous)
            read_counts(st, 5 + SCAN_COLUMN_COUNT, &v[n].previous);
        n++;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        ck_image_rows_free(v, n);
        return step == SQLITE_ROW ? ck_err_set(err, CK_ERR_NOMEM, "out of memory") : ck_hist_fail(h, err, "images");
    }
    *rows = v;
    *count = n;
    return CK_OK;
}

