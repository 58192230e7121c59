/* Imports into the vulnerability database: one transaction per import,
 * records replaced only by newer ones, zips, folders and single files read
 * into it, and at commit the rules that refuse a bad read, the pruning of a
 * full feed and the feed and ecosystem bookkeeping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/dir.h"
#include "platform/file.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"
#include "vuln/vulndb.h"
#include "vuln/vulndb_internal.h"
#include "util/zip.h"

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
    int (*keep)(void *ctx, const char *ecosystem);
    void *keep_ctx;
    int restore;
    struct ck_osv_affected *kept; /* the entries kept of the record at hand */
    size_t kept_cap;
};

/* Frees n heap strings and their array. */
static void free_strings(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void ck_vulndb_import_stats_release(struct ck_vulndb_import_stats *s)
{
    if (!s)
        return;
    free_strings(s->warnings, s->warning_count);
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
    if (CK_ARRAY_GROW(imp->ecosystems, imp->ecosystem_count, imp->ecosystem_cap) != CK_OK ||
        !(imp->ecosystems[imp->ecosystem_count] = ck_text_dup(name)))
        return CK_ERR_NOMEM;
    imp->ecosystem_count++;
    return CK_OK;
}

static void import_free(struct ck_vulndb_import *imp)
{
    if (!imp)
        return;
    free_strings(imp->ecosystems, imp->ecosystem_count);
    free(imp->newest);
    free(imp->feed);
    free(imp->name);
    free(imp->kept);
    ck_buf_release(&imp->refs_scratch);
    ck_vulndb_import_stats_release(&imp->stats);
    if (imp->db) {
        imp->db->importing = 0;
        ck_vulndb_exec(imp->db, "PRAGMA cache_size = -32768", NULL);
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
        imp->keep = opts->keep;
        imp->keep_ctx = opts->keep_ctx;
        imp->restore = opts->restore;
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
    ck_vulndb_exec(db, "PRAGMA cache_size = -262144", NULL);
    if ((st = ck_vulndb_exec(db, "BEGIN IMMEDIATE", err)) != CK_OK) {
        import_free(imp);
        return st;
    }
    imp->db = db;
    db->importing = 1;
    if ((st = ck_vulndb_exec(db, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'import_seq'",
                             err)) != CK_OK ||
        (st = ck_vulndb_query_int(db, "SELECT value FROM meta WHERE key = 'import_seq'", NULL, 1, &imp->seq,
                                  err)) != CK_OK) {
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
    ck_vulndb_exec(imp->db, "ROLLBACK", NULL);
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

/* ---- records ------------------------------------------------------------ */

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

/* The database holds record rid at least as new as the one imported
 * (same: as new): counted, and a feed import marks it seen so that pruning
 * keeps it. */
static enum ck_status keep_record(struct ck_vulndb_import *imp, int64_t rid, int same, struct ck_err *err)
{
    if (same)
        imp->stats.unchanged++;
    else
        imp->stats.older++;
    if (!imp->feed)
        return CK_OK;
    return ck_vulndb_run(imp->db, CK_VULNDB_MARK_SEEN, "mark record", err, "iit", rid, imp->seq, imp->feed);
}

/* The record as stored: *view is rec with only the affected entries that
 * opts.keep keeps (shallow: the entries stay rec's). *kept is how many. */
static enum ck_status keep_entries(struct ck_vulndb_import *imp, const struct ck_osv_record *rec,
                                   struct ck_osv_record *view, size_t *kept, struct ck_err *err)
{
    size_t i, n = 0;
    *view = *rec;
    *kept = rec->affected_count;
    if (!imp->keep)
        return CK_OK;
    if (rec->affected_count > imp->kept_cap) {
        struct ck_osv_affected *grown = realloc(imp->kept, rec->affected_count * sizeof *grown);
        if (!grown)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        imp->kept = grown;
        imp->kept_cap = rec->affected_count;
    }
    for (i = 0; i < rec->affected_count; i++)
        if (rec->affected[i].ecosystem && imp->keep(imp->keep_ctx, rec->affected[i].ecosystem))
            imp->kept[n++] = rec->affected[i];
    view->affected = n ? imp->kept : NULL;
    view->affected_count = n;
    *kept = n;
    return CK_OK;
}

/* A record none of whose entries is kept: not stored; a held older version
 * goes (a held one as new stays unmarked, so a full import prunes it). */
static enum ck_status drop_record(struct ck_vulndb_import *imp, int found, int64_t rid, int newer,
                                  struct ck_err *err)
{
    imp->stats.dropped++;
    if (!found || !newer)
        return CK_OK;
    imp->stats.removed++;
    return ck_vulndb_run(imp->db, CK_VULNDB_DELETE_RECORD, "remove record", err, "i", rid);
}

enum ck_status ck_vulndb_import_record(struct ck_vulndb_import *imp, const struct ck_osv_record *rec,
                                       struct ck_err *err)
{
    struct ck_osv_record view;
    int64_t rid = 0, old_us = 0;
    size_t kept = 0;
    int found;
    enum ck_status st;

    if (!imp || !rec || !rec->id || !rec->modified)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_import_record: no record");
    if (imp->cancel && ck_flag_get(imp->cancel))
        return ck_err_set(err, CK_ERR_CANCELLED, "import cancelled");
    if ((st = keep_entries(imp, rec, &view, &kept, err)) != CK_OK)
        return st;
    st = ck_vulndb_find(imp->db, rec->id, &rid, &old_us, err);
    if (st != CK_OK && st != CK_ERR_NOTFOUND)
        return st;
    found = st == CK_OK;
    /* the kept entries' ecosystems; the newest 'modified' of every record
     * read, kept or not, so that the next incremental update starts after it */
    if ((st = note_record(imp, &view, err)) != CK_OK)
        return st;
    if (!kept && imp->keep)
        return drop_record(imp, found, rid, found && old_us < rec->modified_us, err);
    if (!found) {
        imp->stats.added++;
    } else if (old_us > rec->modified_us || (old_us == rec->modified_us && !imp->restore)) {
        return keep_record(imp, rid, old_us == rec->modified_us, err);
    } else {
        if ((st = ck_vulndb_run(imp->db, CK_VULNDB_DELETE_RECORD, "replace record", err, "i", rid)) != CK_OK)
            return st;
        if (old_us == rec->modified_us)
            imp->stats.unchanged++; /* stored again with the entries now kept */
        else
            imp->stats.replaced++;
    }
    return ck_vulndb_insert_record(imp->db, &view, imp->feed, imp->seq, &imp->refs_scratch, err);
}

/* One more record or file handled: counted, and every 256th and the last
 * reported. */
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
        ck_vulndb_import_warn(imp, perr.msg);
        st = CK_OK;
    } else {
        st = ck_vulndb_import_record(imp, &rec, err);
    }
    ck_osv_record_release(&rec);
    report_progress(imp);
    return st;
}

/* ---- zips, folders, files ----------------------------------------------- */

static int ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && !ck_text_casecmp(name + n - 5, ".json");
}

static enum ck_status import_json_file(struct ck_vulndb_import *imp, const char *path, struct ck_err *err)
{
    struct ck_buf data;
    struct ck_err ferr;
    enum ck_status st;

    ck_buf_init(&data);
    ck_err_clear(&ferr);
    st = ck_file_read_all(path, CK_OSV_MAX_RECORD_BYTES, &data, &ferr);
    if (st == CK_ERR_LIMIT) {
        /* An oversized file is bad input like any malformed record. */
        ck_vulndb_import_warn(imp, ferr.msg);
        report_progress(imp);
        return CK_OK;
    }
    if (st != CK_OK)
        return ck_err_set(err, st, "%s", ferr.msg);
    st = ck_vulndb_import_json(imp, ck_buf_str(&data), data.len, path, err);
    ck_buf_release(&data);
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
    if (CK_ARRAY_GROW(w->paths, w->count, w->cap) != CK_OK) {
        free(full);
        return ck_err_set(w->err, CK_ERR_NOMEM, "out of memory");
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

/* A feed checked or imported: its ecosystems' data is current. */
static const char touch_ecosystems[] = "UPDATE ecosystems SET updated_at = ?4 WHERE feed = ?1";

/* Runs SQL once with texts ?1 to ?3 and the integer ?4 bound. */
static enum ck_status run_sql(struct ck_vulndb *db, const char *sql, const char *what, struct ck_err *err,
                              const char *t1, const char *t2, const char *t3, int64_t i4)
{
    sqlite3_stmt *s = NULL;
    enum ck_status st;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return ck_vulndb_fail(db, err, what);
    ck_vulndb_bind_text(s, 1, t1);
    ck_vulndb_bind_text(s, 2, t2);
    ck_vulndb_bind_text(s, 3, t3);
    sqlite3_bind_int64(s, 4, i4);
    st = ck_vulndb_step_done(db, s, what, err);
    sqlite3_finalize(s);
    return st;
}

/* Removes the feed's records that this full import did not deliver. */
static enum ck_status prune_feed(struct ck_vulndb_import *imp, struct ck_err *err)
{
    enum ck_status st = run_sql(imp->db, "DELETE FROM records WHERE feed = ?1 AND seen <> ?4", "prune feed", err,
                                imp->feed, NULL, NULL, imp->seq);
    if (st == CK_OK)
        imp->stats.removed += (size_t)sqlite3_changes(imp->db->sql);
    return st;
}

/* A full import of a main feed ("Debian") retires the release-scoped feeds
 * of OSV's earlier layout ("Debian:12"): the records it did not deliver
 * again, and their feed and ecosystem rows. */
static enum ck_status retire_scoped_feeds(struct ck_vulndb_import *imp, struct ck_err *err)
{
    static const char *const steps[] = {
        "DELETE FROM records WHERE lower(substr(feed, 1, length(?1) + 1)) = lower(?1 || ':')",
        "DELETE FROM ecosystems WHERE lower(substr(feed, 1, length(?1) + 1)) = lower(?1 || ':')",
        "DELETE FROM feeds WHERE lower(substr(name, 1, length(?1) + 1)) = lower(?1 || ':')",
    };
    enum ck_status st = CK_OK;
    size_t i;
    if (strchr(imp->feed, ':'))
        return CK_OK;
    for (i = 0; i < sizeof steps / sizeof steps[0] && st == CK_OK; i++) {
        st = run_sql(imp->db, steps[i], "retire release-scoped feeds", err, imp->feed, NULL, NULL, 0);
        if (st == CK_OK && i == 0)
            imp->stats.removed += (size_t)sqlite3_changes(imp->db->sql);
    }
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
    static const char set_releases[] = "UPDATE feeds SET releases = ?2, all_releases = ?4 WHERE name = ?1";
    static const char count[] =
        "UPDATE feeds SET record_count = (SELECT COUNT(*) FROM records WHERE feed = ?1) WHERE name = ?1";
    struct ck_vulndb *db = imp->db;
    enum ck_status st;

    if ((st = run_sql(db, upsert, "update feed", err, imp->feed, NULL, NULL, imp->now)) != CK_OK ||
        (st = run_sql(db, set_meta, "update feed", err, imp->feed, meta ? meta->source : NULL,
                      meta ? meta->etag : NULL, 0)) != CK_OK ||
        (st = run_sql(db, set_lm, "update feed", err, imp->feed, meta ? meta->last_modified : NULL, NULL,
                      0)) != CK_OK ||
        (st = run_sql(db, count, "count feed", err, imp->feed, NULL, NULL, 0)) != CK_OK)
        return st;
    if (imp->newest &&
        (st = run_sql(db, set_newest, "update feed", err, imp->feed, imp->newest, imp->full ? "full" : NULL,
                      imp->newest_us)) != CK_OK)
        return st;
    if (st == CK_OK && meta && meta->releases)
        st = run_sql(db, set_releases, "update feed", err, imp->feed, meta->releases, NULL,
                     meta->all_releases ? 1 : 0);
    if (st == CK_OK && imp->full)
        st = run_sql(db, set_full, "update feed", err, imp->feed, NULL, NULL, imp->now);
    return st;
}

/* Notes each release of a list joined by ',' as an ecosystem of the import. */
static enum ck_status note_releases(struct ck_vulndb_import *imp, const char *list, struct ck_err *err)
{
    while (list && *list) {
        size_t n = strcspn(list, ",");
        char *one = ck_text_dupn(list, n);
        enum ck_status st = one && *one ? note_ecosystem(imp, one) : one ? CK_OK : CK_ERR_NOMEM;
        free(one);
        if (st != CK_OK)
            return ck_err_set(err, st, "out of memory");
        list += n;
        if (*list)
            list++;
    }
    return CK_OK;
}

static enum ck_status update_ecosystems(struct ck_vulndb_import *imp, struct ck_err *err)
{
    static const char upsert[] =
        "INSERT INTO ecosystems(name, feed, updated_at) VALUES(?1, ?2, ?4)"
        " ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at,"
        " feed = coalesce(excluded.feed, feed)";
    static const char counts[] =
        "UPDATE ecosystems SET record_count ="
        " (SELECT COUNT(DISTINCT rid) FROM affected WHERE affected.ecosystem = ecosystems.name)";
    struct ck_vulndb *db = imp->db;
    enum ck_status st = CK_OK;
    size_t i;

    /* A full import lists its feed's ecosystems anew: a release no longer
     * kept is not left looking current. */
    if (imp->full)
        st = run_sql(db, "DELETE FROM ecosystems WHERE feed = ?1", "update ecosystems", err, imp->feed, NULL,
                     NULL, 0);
    for (i = 0; i < imp->ecosystem_count && st == CK_OK; i++)
        st = run_sql(db, upsert, "update ecosystems", err, imp->ecosystems[i], imp->feed, NULL, imp->now);
    if (st == CK_OK && imp->feed)
        st = run_sql(db, touch_ecosystems, "update ecosystems", err, imp->feed, NULL, NULL, imp->now);
    if (st == CK_OK)
        st = ck_vulndb_exec(db, counts, err);
    return st;
}

/* Refuses a feed import whose records could not be read (see
 * CK_VULNDB_MAX_FAILED_PERCENT), before anything is pruned or committed. */
static enum ck_status check_read(const struct ck_vulndb_import *imp, struct ck_err *err)
{
    const struct ck_vulndb_import_stats *s = &imp->stats;
    size_t good = s->added + s->replaced + s->unchanged + s->older + s->dropped, total = good + s->failed;
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
    if (st == CK_OK && meta && meta->releases)
        st = note_releases(imp, meta->releases, err);
    if (st == CK_OK && imp->full)
        st = prune_feed(imp, err);
    if (st == CK_OK && imp->full)
        st = retire_scoped_feeds(imp, err);
    if (st == CK_OK && imp->feed)
        st = update_feed(imp, meta, err);
    if (st == CK_OK)
        st = update_ecosystems(imp, err);
    if (st == CK_OK)
        st = ck_vulndb_exec(imp->db, "COMMIT", err);
    if (st != CK_OK) {
        ck_vulndb_import_abort(imp);
        return st;
    }
    /* An import writes most of the database into the write-ahead log: moving
     * it into the database file now keeps the log small on disk and lets
     * the lookups of scans read the file through its memory map. A reader
     * elsewhere may keep the log from being emptied: that is only later. */
    sqlite3_exec(imp->db->sql, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
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
    if ((st = ck_vulndb_exec(db, "BEGIN IMMEDIATE", err)) != CK_OK)
        return st;
    if ((st = run_sql(db, "UPDATE feeds SET updated_at = ?4 WHERE name = ?1", "touch feed", err, feed, NULL, NULL,
                      ck_time_now())) != CK_OK ||
        (st = run_sql(db, touch_ecosystems, "touch feed", err, feed, NULL, NULL, ck_time_now())) != CK_OK ||
        (st = ck_vulndb_exec(db, "COMMIT", err)) != CK_OK) {
        ck_vulndb_exec(db, "ROLLBACK", NULL);
        return st;
    }
    return CK_OK;
}
