/* Triage decisions in the scan history (decisions.h): rows are added, never
 * changed; the newest row of a key is in effect. */
#include "store/decisions.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "platform/platform.h"
#include "store/history_internal.h"
#include "util/array.h"
#include "util/text.h"

#define COLUMNS                                                                                             \
    "id, vuln_id, package, scope, repository, tag, state, justification, note, owner, expires, decided_by," \
    " decided_at"

void ck_decision_release(struct ck_decision *d)
{
    free(d->vuln_id);
    free(d->package);
    free(d->repository);
    free(d->tag);
    free(d->note);
    free(d->owner);
    free(d->decided_by);
    memset(d, 0, sizeof *d);
}

void ck_decisions_init(struct ck_decisions *list)
{
    memset(list, 0, sizeof *list);
}

void ck_decisions_release(struct ck_decisions *list)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        ck_decision_release(&list->items[i]);
    free(list->items);
    free(list->hash);
    ck_decisions_init(list);
}

/* A heap copy of s (NULL stays NULL); *oom set when one fails. */
static char *copy_text(const char *s, int *oom)
{
    char *c;
    if (!s)
        return NULL;
    if (!(c = ck_text_dup(s)))
        *oom = 1;
    return c;
}

enum ck_status ck_decisions_push_copy(struct ck_decisions *list, const struct ck_decision *d)
{
    struct ck_decision *c;
    int oom = 0;

    if (CK_ARRAY_GROW(list->items, list->count, list->cap) != CK_OK)
        return CK_ERR_NOMEM;
    free(list->hash); /* the index no longer matches */
    list->hash = NULL;
    c = &list->items[list->count];
    *c = *d;
    c->vuln_id = copy_text(d->vuln_id, &oom);
    c->package = copy_text(d->package, &oom);
    c->repository = copy_text(d->repository, &oom);
    c->tag = copy_text(d->tag, &oom);
    c->note = copy_text(d->note, &oom);
    c->owner = copy_text(d->owner, &oom);
    c->decided_by = copy_text(d->decided_by, &oom);
    if (oom) {
        ck_decision_release(c);
        return CK_ERR_NOMEM;
    }
    list->count++;
    return CK_OK;
}

/* ---- adding ----------------------------------------------------------------------- */

/* The user's name from the environment, malloc'd, or "unknown". */
static char *user_name(void)
{
    char *name = ck_getenv("USERNAME");
    if (!name || !*name) {
        free(name);
        name = ck_getenv("USER");
    }
    if (!name || !*name) {
        free(name);
        name = ck_text_dup("unknown");
    }
    return name;
}

static void bind_row(sqlite3_stmt *st, const struct ck_decision *d, const char *decided_by)
{
    char day[16];
    ck_hist_bind_text(st, 1, d->vuln_id);
    ck_hist_bind_text(st, 2, d->package);
    ck_hist_bind_text(st, 3, ck_decision_scope_str(d->scope));
    ck_hist_bind_text(st, 4, d->scope == CK_SCOPE_ALL ? NULL : d->repository);
    ck_hist_bind_text(st, 5, d->scope == CK_SCOPE_IMAGE ? d->tag : NULL);
    ck_hist_bind_text(st, 6, ck_decision_state_str(d->state));
    ck_hist_bind_text(st, 7, d->justification ? ck_justification_str(d->justification) : NULL);
    ck_hist_bind_text(st, 8, d->note);
    ck_hist_bind_text(st, 9, d->owner);
    if (d->expires != CK_DATE_NONE) {
        ck_date_format(d->expires, day, sizeof day);
        ck_hist_bind_text(st, 10, day);
    } else {
        sqlite3_bind_null(st, 10);
    }
    ck_hist_bind_text(st, 11, decided_by);
    sqlite3_bind_int64(st, 12, d->decided_at ? d->decided_at : ck_time_now());
}

enum ck_status ck_decisions_add(struct ck_history *h, const struct ck_decision *d, int64_t *id, struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    char *by = NULL;
    enum ck_status rc;

    if (!h || !d)
        return ck_err_set(err, CK_ERR_ARG, "ck_decisions_add: no history or decision");
    if ((rc = ck_decision_check(d, ck_date_of_time(ck_time_now()), err)) != CK_OK)
        return rc;
    if (!d->decided_by && !(by = user_name()))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    rc = ck_hist_prepare(h,
                         "INSERT INTO decisions(vuln_id, package, scope, repository, tag, state, justification,"
                         " note, owner, expires, decided_by, decided_at)"
                         " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                         &st, err);
    if (rc == CK_OK) {
        bind_row(st, d, d->decided_by ? d->decided_by : by);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = ck_hist_fail(h, err, "storing a decision");
        else if (id)
            *id = sqlite3_last_insert_rowid(h->db);
    }
    sqlite3_finalize(st);
    free(by);
    return rc;
}

enum ck_status ck_decisions_add_all(struct ck_history *h, const struct ck_decisions *list, struct ck_err *err)
{
    size_t i;
    enum ck_status rc = CK_OK;

    if (!h || !list)
        return ck_err_set(err, CK_ERR_ARG, "ck_decisions_add_all: no history or decisions");
    for (i = 0; i < list->count; i++)
        if ((rc = ck_decision_check(&list->items[i], ck_date_of_time(ck_time_now()), err)) != CK_OK)
            return rc;
    if (sqlite3_exec(h->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return ck_hist_fail(h, err, "starting to store decisions");
    for (i = 0; i < list->count && rc == CK_OK; i++)
        rc = ck_decisions_add(h, &list->items[i], NULL, err);
    if (rc == CK_OK && sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = ck_hist_fail(h, err, "storing decisions");
    if (rc != CK_OK)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------ */

static enum ck_decision_scope scope_of(const char *text)
{
    if (text && !strcmp(text, "image"))
        return CK_SCOPE_IMAGE;
    if (text && !strcmp(text, "repository"))
        return CK_SCOPE_REPOSITORY;
    return CK_SCOPE_ALL;
}

/* One row into d. A state this version does not know reads as under
 * investigation (open: nothing is hidden by a name it cannot read). */
static enum ck_status read_row(sqlite3_stmt *st, struct ck_decision *d)
{
    const char *state = (const char *)sqlite3_column_text(st, 6);
    const char *just = (const char *)sqlite3_column_text(st, 7);
    const char *expires = (const char *)sqlite3_column_text(st, 10);

    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    d->vuln_id = ck_hist_column_dup(st, 1);
    d->package = ck_hist_column_dup(st, 2);
    d->scope = scope_of((const char *)sqlite3_column_text(st, 3));
    d->repository = ck_hist_column_dup(st, 4);
    d->tag = ck_hist_column_dup(st, 5);
    if (ck_decision_state_parse(state, &d->state) != 0)
        d->state = CK_DECISION_UNDER_INVESTIGATION;
    if (!just || ck_justification_parse(just, &d->justification) != 0)
        d->justification = CK_JUSTIFICATION_NONE;
    d->note = ck_hist_column_dup(st, 8);
    d->owner = ck_hist_column_dup(st, 9);
    if (!expires || ck_date_parse(expires, &d->expires) != 0)
        d->expires = CK_DATE_NONE;
    d->decided_by = ck_hist_column_dup(st, 11);
    d->decided_at = sqlite3_column_int64(st, 12);
    if (!d->vuln_id || (sqlite3_column_type(st, 2) != SQLITE_NULL && !d->package) ||
        (sqlite3_column_type(st, 4) != SQLITE_NULL && !d->repository) ||
        (sqlite3_column_type(st, 5) != SQLITE_NULL && !d->tag)) {
        ck_decision_release(d);
        return CK_ERR_NOMEM;
    }
    return CK_OK;
}

/* Runs a prepared statement and appends its rows to out; on failure out is
 * as it was. */
static enum ck_status read_rows(struct ck_history *h, sqlite3_stmt *st, struct ck_decisions *out,
                                struct ck_err *err)
{
    size_t before = out->count;
    enum ck_status rc = CK_OK;
    int step;

    free(out->hash); /* the index no longer matches */
    out->hash = NULL;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (CK_ARRAY_GROW(out->items, out->count, out->cap) != CK_OK ||
            read_row(st, &out->items[out->count]) != CK_OK) {
            rc = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
        out->count++;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_hist_fail(h, err, "reading decisions");
    while (rc != CK_OK && out->count > before)
        ck_decision_release(&out->items[--out->count]);
    return rc;
}

enum ck_status ck_decisions_effective(struct ck_history *h, const char *repository, struct ck_decisions *out,
                                      struct ck_err *err)
{
    /* SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum. */
    static const char sql[] =
        "SELECT MAX(id), vuln_id, package, scope, repository, tag, state, justification, note, owner, expires,"
        " decided_by, decided_at FROM decisions WHERE ?1 IS NULL OR scope = 'all' OR repository = ?1"
        " GROUP BY vuln_id, package, scope, repository, tag"
        " ORDER BY vuln_id, package, scope, repository, tag";
    sqlite3_stmt *st = NULL;
    enum ck_status rc;

    if ((rc = ck_hist_prepare(h, sql, &st, err)) != CK_OK)
        return rc;
    ck_hist_bind_text(st, 1, repository);
    rc = read_rows(h, st, out, err);
    sqlite3_finalize(st);
    return rc;
}

enum ck_status ck_decisions_history(struct ck_history *h, const char *vuln_id, struct ck_decisions *out,
                                    struct ck_err *err)
{
    sqlite3_stmt *st = NULL;
    enum ck_status rc;

    if ((rc = ck_hist_prepare(h, "SELECT " COLUMNS " FROM decisions WHERE vuln_id = ?1 ORDER BY id", &st, err)) !=
        CK_OK)
        return rc;
    ck_hist_bind_text(st, 1, vuln_id);
    rc = read_rows(h, st, out, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- what the images list counts ------------------------------------------------------ */

/* The decided findings of one scan, counted into *decided. */
static enum ck_status decided_in_scan(struct ck_history *h, sqlite3_stmt *st, const struct ck_decisions *list,
                                      const struct ck_image_row *row, int32_t today,
                                      struct ck_severity_counts *decided, struct ck_err *err)
{
    int rc;

    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, row->latest.id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ck_history_finding f;
        struct ck_triage_finding key;
        struct ck_triage t;
        int sev = sqlite3_column_int(st, 3);

        memset(&f, 0, sizeof f);
        f.locations = (char *)sqlite3_column_text(st, 4);
        key.record_id = (const char *)sqlite3_column_text(st, 0);
        key.cve = (const char *)sqlite3_column_text(st, 1);
        key.package = (const char *)sqlite3_column_text(st, 2);
        key.repository = row->repository;
        key.tag = row->tag;
        ck_triage_lookup(list, &key, today, &t);
        if (t.open)
            continue;
        if (sev >= 0 && sev < CK_SEV_COUNT)
            decided->by_severity[sev]++;
        decided->findings += ck_history_finding_paths(&f);
    }
    return rc == SQLITE_DONE ? CK_OK : ck_hist_fail(h, err, "reading findings");
}

enum ck_status ck_decisions_decided_counts(struct ck_history *h, const struct ck_image_row *rows, size_t n,
                                           int32_t today, struct ck_severity_counts *decided, struct ck_err *err)
{
    struct ck_decisions list;
    sqlite3_stmt *st = NULL;
    enum ck_status rc;
    size_t i;

    memset(decided, 0, n * sizeof *decided);
    ck_decisions_init(&list);
    if ((rc = ck_decisions_effective(h, NULL, &list, err)) != CK_OK || !list.count) {
        ck_decisions_release(&list);
        return rc;
    }
    ck_triage_index(&list);
    rc = ck_hist_prepare(h, "SELECT record_id, cve, package, severity, locations FROM findings WHERE scan_id = ?1",
                         &st, err);
    for (i = 0; rc == CK_OK && i < n; i++)
        if (rows[i].has_scan && rows[i].latest.ok)
            rc = decided_in_scan(h, st, &list, &rows[i], today, &decided[i], err);
    sqlite3_finalize(st);
    ck_decisions_release(&list);
    return rc;
}
