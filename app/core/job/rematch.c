/* Re-matching stored inventories: see rematch.h. */
#include "job/rematch.h"

#include <stdlib.h>
#include <string.h>

#include "job/imagematch.h"
#include "vuln/vulndb.h"

struct rematcher {
    const struct ck_rematch_options *o;
    struct ck_history *history;
    struct ck_vulndb *db;
    ck_rematch_fn fn;
    void *ctx;
    struct ck_rematch_result *result;
};

static enum ck_status store(struct rematcher *r, const struct ck_scan_info *from, const struct ck_inventory *inv,
                            const struct ck_image_match *m, int64_t started, int64_t *scan_id, struct ck_err *err)
{
    struct ck_scan_input in;

    memset(&in, 0, sizeof in);
    in.repository = from->repository;
    in.tag = from->tag;
    in.digest = from->digest;
    in.started_at = started;
    in.finished_at = ck_time_now();
    in.data_age = m->data_age;
    in.inventory = inv;
    in.findings = &m->findings;
    in.image_key = from->image_key;
    in.inventory_from = from->inventory_from ? from->inventory_from : from->started_at;
    in.not_assessed = m->not_assessed;
    in.kind = CK_SCAN_KIND_REMATCH;
    in.inventory_scan = ck_history_inventory_scan(r->history, from->id);
    return ck_history_store_scan(r->history, &in, scan_id, err);
}

/* One image: its latest scan's inventory, matched, stored, compared. */
static enum ck_status rematch_one(struct rematcher *r, const char *repository, const char *tag,
                                  struct ck_rematch_event *ev, struct ck_err *err)
{
    struct ck_scan_info from;
    struct ck_inventory inv;
    struct ck_image_match m;
    int64_t started = ck_time_now(), from_id = 0;
    enum ck_status rc;

    memset(&from, 0, sizeof from);
    ck_inventory_init(&inv);
    ck_image_match_init(&m);
    rc = ck_history_latest_scan(r->history, repository, tag, NULL, &from_id, err);
    if (rc == CK_ERR_NOTFOUND)
        rc = ck_err_set(err, CK_ERR_NOTFOUND, "%s%s%s: no successful scan to re-match (scan it first)", repository,
                        *tag ? ":" : "", tag);
    if (rc == CK_OK && (rc = ck_history_get_scan(r->history, from_id, &from, err)) == CK_OK &&
        (rc = ck_history_load_inventory(r->history, from_id, &inv, err)) == CK_OK &&
        (rc = ck_image_match_run(r->db, &inv, &m, err)) == CK_OK &&
        (rc = store(r, &from, &inv, &m, started, &ev->scan_id, err)) == CK_OK &&
        (rc = ck_history_count_changes(r->history, from_id, ev->scan_id, &ev->added, &ev->fixed, err)) == CK_OK) {
        ev->from_scan = from_id;
        ck_severity_counts_of(&m.findings, &ev->counts);
        ev->not_assessed = m.not_assessed;
        ev->ok = 1;
        r->fn(r->ctx, ev);
    }
    ck_image_match_release(&m);
    ck_inventory_release(&inv);
    ck_scan_info_release(&from);
    return rc;
}

static void one(struct rematcher *r, const char *repository, const char *tag)
{
    struct ck_rematch_event ev;
    struct ck_err err;

    memset(&ev, 0, sizeof ev);
    ev.repository = repository;
    ev.tag = tag;
    if (rematch_one(r, repository, tag, &ev, &err) == CK_OK) {
        r->result->images_ok++;
        r->result->added += ev.added;
        r->result->fixed += ev.fixed;
        return;
    }
    memset(&ev, 0, sizeof ev);
    ev.repository = repository;
    ev.tag = tag;
    ev.error = err.msg;
    r->result->images_failed++;
    r->fn(r->ctx, &ev);
}

static int cancelled(const struct rematcher *r) { return r->o->cancel && ck_flag_get(r->o->cancel); }

static enum ck_status every_image(struct rematcher *r, struct ck_err *err)
{
    struct ck_image_row *rows = NULL;
    size_t count = 0, i;
    enum ck_status rc = ck_history_list_images(r->history, NULL, &rows, &count, err);

    for (i = 0; rc == CK_OK && i < count && !cancelled(r); i++)
        if (rows[i].has_scan && rows[i].latest.ok)
            one(r, rows[i].repository, rows[i].tag);
    ck_image_rows_free(rows, count);
    return rc;
}

enum ck_status ck_rematch_run(const struct ck_rematch_options *o, const char *const *repositories,
                              const char *const *tags, size_t n, ck_rematch_fn fn, void *ctx,
                              struct ck_rematch_result *result, struct ck_err *err)
{
    struct rematcher r = {o, NULL, NULL, fn, ctx, result};
    enum ck_status rc;
    size_t i;

    memset(result, 0, sizeof *result);
    rc = ck_history_open(o->history_path, &r.history, err);
    if (rc == CK_OK)
        rc = ck_vulndb_open(o->vulndb_path, &r.db, err);
    if (rc == CK_OK && n == 0)
        rc = every_image(&r, err);
    for (i = 0; rc == CK_OK && i < n && !cancelled(&r); i++)
        one(&r, repositories[i], tags[i]);
    result->cancelled = cancelled(&r);
    ck_vulndb_close(r.db);
    ck_history_close(r.history);
    return rc;
}
