/* What changed across the fleet since a moment: see changes.h. */
#include "store/changes.h"

#include <stdlib.h>
#include <string.h>

#include "store/history_internal.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"

void ck_changes_init(struct ck_changes *c) { memset(c, 0, sizeof *c); }

void ck_changes_release(struct ck_changes *c)
{
    size_t i;
    for (i = 0; i < c->count; i++) {
        free(c->items[i].record_id);
        free(c->items[i].cve);
        free(c->items[i].package);
    }
    for (i = 0; i < c->image_count; i++) {
        free(c->images[i].repository);
        free(c->images[i].tag);
    }
    free(c->items);
    free(c->images);
    ck_changes_init(c);
}

/* A finding's identity and rating, as a comparison needs it: offsets into
 * the set's text (one buffer a scan, not three allocations a finding). */
struct key {
    size_t record_id, package, cve; /* cve: (size_t)-1 when none */
    int severity;
};

struct keys {
    struct key *items;
    size_t count, cap;
    struct ck_buf text;
};

static const char *key_text(const struct keys *k, size_t at) { return at == (size_t)-1 ? NULL : k->text.data + at; }

/* Column col of st's row into the set's text; (size_t)-1 when NULL. */
static size_t put_text(struct keys *k, sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    size_t at = k->text.len;
    if (!s)
        return (size_t)-1;
    ck_buf_append(&k->text, s, (size_t)sqlite3_column_bytes(st, col) + 1);
    return at;
}

/* The scan's findings, ordered by (record_id, package) as the findings_scan
 * index holds them; st is prepared. */
static enum ck_status load_keys(struct ck_history *h, sqlite3_stmt *st, int64_t scan_id, struct keys *out,
                                struct ck_err *err)
{
    int step;

    out->count = 0;
    ck_buf_reset(&out->text);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, scan_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct key *k;
        if (CK_ARRAY_GROW(out->items, out->count, out->cap) != CK_OK)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        k = &out->items[out->count++];
        k->record_id = put_text(out, st, 0);
        k->package = put_text(out, st, 1);
        k->cve = put_text(out, st, 2);
        k->severity = sqlite3_column_int(st, 3);
        if (k->record_id == (size_t)-1 || k->package == (size_t)-1)
            out->count--; /* NOT NULL columns: a damaged row is not compared */
    }
    if (ck_buf_status(&out->text) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return step == SQLITE_DONE ? CK_OK : ck_hist_fail(h, err, "changes: findings");
}

static int key_cmp(const struct keys *ka, const struct key *a, const struct keys *kb, const struct key *b)
{
    int c = strcmp(key_text(ka, a->record_id), key_text(kb, b->record_id));
    return c ? c : strcmp(key_text(ka, a->package), key_text(kb, b->package));
}

static enum ck_status add_change(struct ck_changes *c, enum ck_change_kind kind, enum ck_change_cause cause,
                                 const struct keys *set, const struct key *k, int previous)
{
    const char *cve = key_text(set, k->cve);
    struct ck_change *x;
    if (CK_ARRAY_GROW(c->items, c->count, c->cap) != CK_OK)
        return CK_ERR_NOMEM;
    x = &c->items[c->count];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->cause = cause;
    x->image = c->image_count - 1;
    x->severity = (enum ck_severity)k->severity;
    x->previous = (enum ck_severity)previous;
    x->record_id = ck_text_dup(key_text(set, k->record_id));
    x->package = ck_text_dup(key_text(set, k->package));
    x->cve = cve ? ck_text_dup(cve) : NULL;
    c->count++;
    return x->record_id && x->package && (!cve || x->cve) ? CK_OK : CK_ERR_NOMEM;
}

/* A merge walk over both sorted sets. */
static enum ck_status diff(struct ck_changes *c, const struct keys *from, const struct keys *to,
                           enum ck_change_cause cause)
{
    size_t i = 0, j = 0;
    enum ck_status rc = CK_OK;

    while (rc == CK_OK && (i < from->count || j < to->count)) {
        int cmp = i == from->count ? 1 : j == to->count ? -1 : key_cmp(from, &from->items[i], to, &to->items[j]);
        if (cmp < 0) {
            rc = add_change(c, CK_CHANGE_FIXED, cause, from, &from->items[i++], 0);
        } else if (cmp > 0) {
            rc = add_change(c, CK_CHANGE_NEW, cause, to, &to->items[j++], 0);
        } else {
            if (from->items[i].severity != to->items[j].severity)
                rc = add_change(c, CK_CHANGE_SEVERITY, cause, to, &to->items[j], from->items[i].severity);
            i++;
            j++;
        }
    }
    return rc;
}

static int same_text(const unsigned char *a, const unsigned char *b) { return a && b && !strcmp((const char *)a, (const char *)b); }

/* Every image with its latest scan and the latest one before since. */
#define PAIRS_SQL                                                                                                  \
    "SELECT i.repository, i.tag, l.id, l.image_key, l.digest, b.id, b.image_key, b.digest, l.kind FROM images i"            \
    " JOIN scans l ON l.id = (SELECT MAX(id) FROM scans WHERE image_id = i.id AND ok = 1 AND engine = 'containerkitty')" \
    " LEFT JOIN scans b ON b.id = (SELECT MAX(id) FROM scans WHERE image_id = i.id AND ok = 1"                      \
    " AND engine = 'containerkitty' AND started_at < ?1) ORDER BY i.repository, i.tag"
#define KEYS_SQL "SELECT record_id, package, cve, severity FROM findings WHERE scan_id = ?1 ORDER BY record_id, package"

static enum ck_status one_image(struct ck_history *h, sqlite3_stmt *pairs, sqlite3_stmt *keys, struct keys *from,
                                struct keys *to, struct ck_changes *out, struct ck_err *err)
{
    struct ck_changed_image *img;
    int64_t to_scan = sqlite3_column_int64(pairs, 2), from_scan = sqlite3_column_int64(pairs, 5);
    enum ck_change_cause cause;
    size_t before = out->count;
    enum ck_status rc;

    if (sqlite3_column_type(pairs, 5) == SQLITE_NULL) {
        out->images_first_scanned++;
        return CK_OK;
    }
    out->images_compared++;
    if (from_scan == to_scan)
        return CK_OK;
    /* a re-match is the data's doing; so is a scan of the same image ID or digest */
    cause = same_text(sqlite3_column_text(pairs, 8), (const unsigned char *)CK_SCAN_KIND_REMATCH) ||
                    same_text(sqlite3_column_text(pairs, 3), sqlite3_column_text(pairs, 6)) ||
                    same_text(sqlite3_column_text(pairs, 4), sqlite3_column_text(pairs, 7))
                ? CK_CAUSE_DATA
                : CK_CAUSE_IMAGE;
    if (CK_ARRAY_GROW(out->images, out->image_count, out->image_cap) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    img = &out->images[out->image_count++];
    img->repository = ck_hist_column_dup(pairs, 0);
    img->tag = ck_hist_column_dup(pairs, 1);
    img->from_scan = from_scan;
    img->to_scan = to_scan;
    if (!img->repository || !img->tag)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if ((rc = load_keys(h, keys, from_scan, from, err)) != CK_OK || (rc = load_keys(h, keys, to_scan, to, err)) != CK_OK)
        return rc;
    if (diff(out, from, to, cause) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (out->count == before) { /* scanned again, nothing changed: not listed */
        free(img->repository);
        free(img->tag);
        out->image_count--;
    }
    return CK_OK;
}

enum ck_status ck_history_changes(struct ck_history *h, int64_t since, struct ck_changes *out, struct ck_err *err)
{
    sqlite3_stmt *pairs = NULL, *keys = NULL;
    struct keys from, to;
    struct ck_changes c;
    enum ck_status rc = CK_OK;
    int step;

    ck_changes_init(&c);
    memset(&from, 0, sizeof from);
    memset(&to, 0, sizeof to);
    ck_buf_init(&from.text);
    ck_buf_init(&to.text);
    c.since = since;
    if (ck_hist_prepare(h, PAIRS_SQL, &pairs, err) != CK_OK || ck_hist_prepare(h, KEYS_SQL, &keys, err) != CK_OK) {
        sqlite3_finalize(pairs);
        return CK_ERR_DB;
    }
    sqlite3_bind_int64(pairs, 1, since);
    /* One read transaction: a scan stored meanwhile does not split the picture. */
    sqlite3_exec(h->db, "BEGIN", NULL, NULL, NULL);
    while (rc == CK_OK && (step = sqlite3_step(pairs)) == SQLITE_ROW)
        rc = one_image(h, pairs, keys, &from, &to, &c, err);
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_hist_fail(h, err, "changes");
    sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(pairs);
    sqlite3_finalize(keys);
    ck_buf_release(&from.text);
    ck_buf_release(&to.text);
    free(from.items);
    free(to.items);
    if (rc != CK_OK) {
        ck_changes_release(&c);
        return rc;
    }
    *out = c;
    return CK_OK;
}
