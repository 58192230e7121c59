/* The inventories scans stored: their packages (application packages with
 * their locations, one per line, and owners) and unmanaged software
 * (programs, libraries, scripts, archives: a fleet's data files would
 * outgrow the history), and the lookup that lets a scan of an image ID read
 * before reuse them. */
#include <stdlib.h>
#include <string.h>

#include "store/history_internal.h"
#include "util/buf.h"
#include "util/text.h"

static enum ck_status insert_packages(struct ck_history *h, int64_t scan_id, const struct ck_inventory *inv,
                                      struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    struct ck_buf locs;
    size_t i, j;

    if (ck_hist_prepare(h,
                        "INSERT INTO packages(scan_id, name, version, source_name, source_version, arch, type,"
                        " ecosystem, locations, owner, lang_flags) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                        &st, err) != CK_OK)
        return CK_ERR_DB;
    ck_buf_init(&locs);
    for (i = 0; i < inv->count && rc == CK_OK; i++) {
        const struct ck_package *p = &inv->packages[i];
        ck_buf_reset(&locs);
        for (j = 0; j < p->location_count; j++)
            ck_buf_printf(&locs, "%s%s", j ? "\n" : "", p->locations[j]);
        if (ck_buf_status(&locs) != CK_OK) {
            rc = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
        sqlite3_bind_int64(st, 1, scan_id);
        ck_hist_bind_text(st, 2, p->name);
        ck_hist_bind_text(st, 3, p->version);
        ck_hist_bind_text(st, 4, p->source_name);
        ck_hist_bind_text(st, 5, p->source_version);
        ck_hist_bind_text(st, 6, p->arch);
        sqlite3_bind_int(st, 7, (int)p->type);
        ck_hist_bind_text(st, 8, p->ecosystem);
        ck_hist_bind_text(st, 9, p->location_count ? ck_buf_str(&locs) : NULL);
        ck_hist_bind_text(st, 10, p->owner);
        sqlite3_bind_int(st, 11, (int)p->lang_flags);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = ck_hist_fail(h, err, "package");
        sqlite3_reset(st);
    }
    ck_buf_release(&locs);
    sqlite3_finalize(st);
    return rc;
}

static enum ck_status insert_unmanaged(struct ck_history *h, int64_t scan_id, const struct ck_inventory *inv,
                                       struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    size_t i;

    if (!inv->unmanaged_count)
        return CK_OK;
    if (ck_hist_prepare(h,
                        "INSERT INTO unmanaged(scan_id, path, kind, size, sha256, detail, product, product_version)"
                        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                        &st, err) != CK_OK)
        return CK_ERR_DB;
    for (i = 0; i < inv->unmanaged_count && rc == CK_OK; i++) {
        const struct ck_unmanaged *u = &inv->unmanaged[i];
        if (!ck_file_kind_is_software(u->kind))
            continue; /* data and configuration files are counted, not kept per scan */
        sqlite3_bind_int64(st, 1, scan_id);
        ck_hist_bind_text(st, 2, u->path);
        sqlite3_bind_int(st, 3, (int)u->kind);
        sqlite3_bind_int64(st, 4, (int64_t)u->size);
        ck_hist_bind_text(st, 5, u->sha256[0] ? u->sha256 : NULL);
        ck_hist_bind_text(st, 6, u->detail);
        ck_hist_bind_text(st, 7, u->product);
        ck_hist_bind_text(st, 8, u->product_version);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = ck_hist_fail(h, err, "unmanaged file");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_hist_insert_inventory(struct ck_history *h, int64_t scan_id, const struct ck_inventory *inv,
                                        struct ck_err *err)
{
    enum ck_status rc;

    if (!inv)
        return CK_OK;
    if (inv->count && (rc = insert_packages(h, scan_id, inv, err)) != CK_OK)
        return rc;
    return insert_unmanaged(h, scan_id, inv, err);
}

/* ---- reading -------------------------------------------------------------- */

static const char *text(sqlite3_stmt *st, int col) { return (const char *)sqlite3_column_text(st, col); }

static enum ck_status add_app_row(struct ck_inventory *inv, sqlite3_stmt *st)
{
    const char *eco = ck_inventory_known_ecosystem(text(st, 6)), *locs = text(st, 7);
    struct ck_package *p;
    enum ck_status rc;
    char *line;

    if (!eco)
        return CK_OK;
    if ((rc = ck_inventory_add_app(inv, eco, text(st, 0), text(st, 1), NULL, text(st, 8),
                                   (unsigned)sqlite3_column_int(st, 9))) != CK_OK)
        return rc;
    p = &inv->packages[inv->count - 1];
    while (locs && *locs) {
        size_t n = strcspn(locs, "\n");
        char **l = realloc(p->locations, (p->location_count + 1) * sizeof *l);
        if (!l)
            return CK_ERR_NOMEM;
        p->locations = l;
        if (!(line = ck_text_dupn(locs, n)))
            return CK_ERR_NOMEM;
        l[p->location_count++] = line;
        locs += n + (locs[n] == '\n');
    }
    return CK_OK;
}

static enum ck_status load_package_rows(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv,
                                        struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    int step = SQLITE_DONE;

    if (ck_hist_prepare(h,
                        "SELECT name, version, source_name, source_version, arch, type, ecosystem, locations, owner,"
                        " lang_flags FROM packages WHERE scan_id = ?1 ORDER BY rowid",
                        &st, err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, scan_id);
    while (rc == CK_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int type = sqlite3_column_int(st, 5);
        if (type == CK_PKG_LANG)
            rc = add_app_row(inv, st);
        else if (type >= CK_PKG_DEB && type <= CK_PKG_RPM)
            rc = ck_inventory_add(inv, (enum ck_pkg_type)type, text(st, 0), text(st, 1), text(st, 2), text(st, 3),
                                  text(st, 4));
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_hist_fail(h, err, "packages");
    sqlite3_finalize(st);
    return rc == CK_ERR_NOMEM ? ck_err_set(err, rc, "out of memory") : rc;
}

static enum ck_status load_unmanaged_rows(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv,
                                          struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;
    int step = SQLITE_DONE;

    if (ck_hist_prepare(h,
                        "SELECT path, kind, size, sha256, detail, product, product_version FROM unmanaged"
                        " WHERE scan_id = ?1 ORDER BY rowid",
                        &st, err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, scan_id);
    while (rc == CK_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct ck_unmanaged u;
        int kind = sqlite3_column_int(st, 1);
        memset(&u, 0, sizeof u);
        u.path = (char *)text(st, 0);
        u.kind = kind >= CK_FILE_OTHER && kind <= CK_FILE_CONFIG ? (enum ck_file_kind)kind : CK_FILE_OTHER;
        u.size = (uint64_t)sqlite3_column_int64(st, 2);
        if (text(st, 3) && strlen(text(st, 3)) == 64)
            memcpy(u.sha256, text(st, 3), 65);
        u.detail = (char *)text(st, 4);
        u.product = (char *)text(st, 5);
        u.product_version = (char *)text(st, 6);
        if (u.path)
            rc = ck_inventory_add_unmanaged(inv, &u);
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_hist_fail(h, err, "unmanaged files");
    sqlite3_finalize(st);
    return rc == CK_ERR_NOMEM ? ck_err_set(err, rc, "out of memory") : rc;
}

int64_t ck_history_inventory_scan(struct ck_history *h, int64_t scan_id)
{
    sqlite3_stmt *st = NULL;
    struct ck_err ignored;
    int64_t owner = scan_id;

    if (ck_hist_prepare(h, "SELECT inventory_scan FROM scans WHERE id = ?1 AND inventory_scan IS NOT NULL", &st,
                        &ignored) != CK_OK)
        return scan_id;
    sqlite3_bind_int64(st, 1, scan_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        owner = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return owner;
}

enum ck_status ck_history_load_packages(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv,
                                        struct ck_err *err)
{
    enum ck_status rc;

    scan_id = ck_history_inventory_scan(h, scan_id);
    rc = load_package_rows(h, scan_id, inv, err);
    return rc == CK_OK ? load_unmanaged_rows(h, scan_id, inv, err) : rc;
}

enum ck_status ck_history_find_inventory(struct ck_history *h, const char *image_key, int64_t *scan_id,
                                         int64_t *read_at, struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_ERR_NOTFOUND;
    int step;

    if (!image_key || !*image_key)
        return CK_ERR_NOTFOUND;
    if (ck_hist_prepare(h,
                        "SELECT id, COALESCE(inventory_from, started_at) FROM scans WHERE image_key = ?1"
                        " AND walked = 1 AND inventory_complete = 1 AND ok = 1 AND ecosystem IS NOT NULL"
                        " ORDER BY started_at DESC, id DESC LIMIT 1",
                        &st, err) != CK_OK)
        return CK_ERR_DB;
    ck_hist_bind_text(st, 1, image_key);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *scan_id = sqlite3_column_int64(st, 0);
        *read_at = sqlite3_column_int64(st, 1);
        rc = CK_OK;
    } else if (step != SQLITE_DONE) {
        rc = ck_hist_fail(h, err, "inventory lookup");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The OS of the scan, as the inventory had it. */
static enum ck_status load_os(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv, struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc = CK_OK;

    if (ck_hist_prepare(h, "SELECT os_id, os_version_id, os, ecosystem, files_seen FROM scans WHERE id = ?1", &st,
                        err) != CK_OK)
        return CK_ERR_DB;
    sqlite3_bind_int64(st, 1, scan_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = ck_err_set(err, CK_ERR_NOTFOUND, "scan history: no scan %lld", (long long)scan_id);
    } else {
        inv->os.id = ck_hist_column_dup(st, 0);
        inv->os.version_id = ck_hist_column_dup(st, 1);
        inv->os.pretty_name = ck_hist_column_dup(st, 2);
        inv->os.ecosystem = ck_hist_column_dup(st, 3);
        inv->files_seen = (uint64_t)sqlite3_column_int64(st, 4);
        inv->walked = 1;
    }
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_history_load_inventory(struct ck_history *h, int64_t scan_id, struct ck_inventory *inv,
                                         struct ck_err *err)
{
    struct ck_inventory tmp;
    enum ck_status rc;

    ck_inventory_init(&tmp);
    if ((rc = load_os(h, scan_id, &tmp, err)) == CK_OK && (rc = ck_history_load_packages(h, scan_id, &tmp, err)) == CK_OK) {
        ck_inventory_release(inv);
        *inv = tmp;
        return CK_OK;
    }
    ck_inventory_release(&tmp);
    return rc;
}
