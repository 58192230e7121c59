/* Reading a report's scans from the history (see scope.h). */
#include "report/scope.h"
#include "report/review.h"

#include <stdlib.h>
#include <string.h>

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Loads the findings (and packages) of *info and moves it all into r. */
static enum ck_status add_scan(struct ck_history *h, struct ck_report *r, struct ck_scan_info *info,
                               int with_packages, struct ck_err *err)
{
    struct ck_history_findings findings;
    struct ck_inventory packages;
    enum ck_status st = CK_OK;

    ck_history_findings_init(&findings);
    ck_inventory_init(&packages);
    if (info->ok && (st = ck_history_load_findings(h, info->id, &findings, err)) != CK_OK)
        goto cleanup;
    if (with_packages && info->ok && (st = ck_history_load_packages(h, info->id, &packages, err)) != CK_OK)
        goto cleanup;
    st = ck_report_take_scan(r, info, &findings, &packages);
    if (st != CK_OK)
        ck_err_set(err, st, "report: out of memory");

cleanup:
    ck_history_findings_release(&findings);
    ck_inventory_release(&packages);
    return st;
}

/* Compares the report's last scan with scan base_id. */
static enum ck_status compare_last(struct ck_history *h, struct ck_report *r, int64_t base_id, struct ck_err *err)
{
    struct ck_history_findings base;
    enum ck_status st;

    ck_history_findings_init(&base);
    st = ck_history_load_findings(h, base_id, &base, err);
    if (st == CK_OK && (st = ck_report_compare(&r->scans[r->count - 1], &base, base_id)) != CK_OK)
        ck_err_set(err, st, "report: out of memory");
    ck_history_findings_release(&base);
    return st;
}

/* Newest first within one image and engine; groups in any fixed order. */
static int group_cmp(const void *pa, const void *pb)
{
    const struct ck_scan_info *a = *(const struct ck_scan_info *const *)pa;
    const struct ck_scan_info *b = *(const struct ck_scan_info *const *)pb;
    int c = (a->image_id > b->image_id) - (a->image_id < b->image_id);
    if (!c)
        c = strcmp(a->engine ? a->engine : "", b->engine ? b->engine : "");
    if (!c)
        c = (a->started_at < b->started_at) - (a->started_at > b->started_at);
    if (!c)
        c = (a->id < b->id) - (a->id > b->id);
    return c;
}

static int same_group(const struct ck_scan_info *a, const struct ck_scan_info *b)
{
    return a->image_id == b->image_id && same_str(a->engine, b->engine);
}

/* The successful scan after sorted[i] in its group (the one before it in
 * time), 0 when none. */
static int64_t previous_of(struct ck_scan_info **sorted, size_t n, size_t i)
{
    size_t j;
    for (j = i + 1; j < n && same_group(sorted[j], sorted[i]); j++)
        if (sorted[j]->ok)
            return sorted[j]->id;
    return 0;
}

static enum ck_status load_latest(struct ck_history *h, const struct ck_scope *scope, struct ck_report *r,
                                  struct ck_err *err)
{
    struct ck_scan_info *scans = NULL, **sorted = NULL;
    size_t n = 0, i;
    enum ck_status st;

    if ((st = ck_history_list_scans(h, NULL, NULL, &scans, &n, err)) != CK_OK)
        return st;
    if (n && !(sorted = malloc(n * sizeof *sorted))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "report: out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        sorted[i] = &scans[i];
    if (n)
        qsort(sorted, n, sizeof *sorted, group_cmp);
    for (i = 0; i < n;) {
        size_t end = i + 1, k, latest = n;
        int64_t prev;
        while (end < n && same_group(sorted[end], sorted[i]))
            end++;
        for (k = i; k < end && latest == n; k++)
            if (sorted[k]->ok)
                latest = k;
        i = end;
        if (latest == n || (scope->engine && !same_str(sorted[latest]->engine, scope->engine)))
            continue;
        prev = scope->compare_previous ? previous_of(sorted, n, latest) : 0;
        if ((st = add_scan(h, r, sorted[latest], scope->with_packages, err)) != CK_OK)
            goto cleanup;
        if (prev && (st = compare_last(h, r, prev, err)) != CK_OK)
            goto cleanup;
    }

cleanup:
    free(sorted);
    ck_scan_infos_free(scans, n);
    return st;
}

/* The scan before `info` of the same image and engine, 0 when none. */
static enum ck_status find_previous(struct ck_history *h, const struct ck_scan_info *info, int64_t *prev,
                                    struct ck_err *err)
{
    struct ck_scan_info *scans = NULL, **sorted = NULL;
    size_t n = 0, i;
    enum ck_status st;

    *prev = 0;
    if ((st = ck_history_list_scans(h, info->repository, info->tag, &scans, &n, err)) != CK_OK)
        return st;
    if (n && !(sorted = malloc(n * sizeof *sorted))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "report: out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        sorted[i] = &scans[i];
    if (n)
        qsort(sorted, n, sizeof *sorted, group_cmp);
    for (i = 0; i < n; i++)
        if (sorted[i]->id == info->id) {
            *prev = previous_of(sorted, n, i);
            break;
        }

cleanup:
    free(sorted);
    ck_scan_infos_free(scans, n);
    return st;
}

static enum ck_status load_one(struct ck_history *h, const struct ck_scope *scope, struct ck_report *r,
                               struct ck_err *err)
{
    struct ck_scan_info info;
    int64_t base = 0;
    enum ck_status st;

    memset(&info, 0, sizeof info);
    if ((st = ck_history_get_scan(h, scope->scan_id, &info, err)) != CK_OK)
        return st;
    if (scope->kind == CK_SCOPE_COMPARE) {
        struct ck_scan_info from;
        memset(&from, 0, sizeof from);
        if ((st = ck_history_get_scan(h, scope->from_id, &from, err)) != CK_OK)
            goto cleanup;
        ck_scan_info_release(&from);
        base = scope->from_id;
    } else if (scope->compare_previous && info.ok) {
        if ((st = find_previous(h, &info, &base, err)) != CK_OK)
            goto cleanup;
    }
    if ((st = add_scan(h, r, &info, scope->with_packages, err)) != CK_OK)
        goto cleanup;
    if (base)
        st = compare_last(h, r, base, err);

cleanup:
    ck_scan_info_release(&info);
    return st;
}

static enum ck_status review(struct ck_history *h, const struct ck_scope *scope, struct ck_report *r,
                             struct ck_err *err)
{
    if (!scope->with_review)
        return CK_OK;
    return ck_review_load(r, h, scope->exploit_db, ck_date_of_time(r->generated_at), err);
}

enum ck_status ck_scope_load(struct ck_history *h, const struct ck_scope *scope, struct ck_report *out,
                             struct ck_err *err)
{
    struct ck_report r;
    enum ck_status st;

    ck_report_init(&r);
    if (scope->kind == CK_SCOPE_LATEST)
        st = load_latest(h, scope, &r, err);
    else
        st = load_one(h, scope, &r, err);
    if (st != CK_OK) {
        ck_report_release(&r);
        return st;
    }
    ck_report_sort(&r);
    if ((st = review(h, scope, &r, err)) != CK_OK) {
        ck_report_release(&r);
        return st;
    }
    r.generated_at = out->generated_at ? out->generated_at : r.generated_at;
    ck_report_release(out);
    *out = r;
    return CK_OK;
}

enum ck_status ck_scope_load_scans(struct ck_history *h, const int64_t *scan_ids, size_t count,
                                   const struct ck_scope *opts, struct ck_report *out, struct ck_err *err)
{
    struct ck_report r;
    struct ck_scope one;
    enum ck_status st = CK_OK;
    size_t i;

    memset(&one, 0, sizeof one);
    if (opts)
        one = *opts;
    one.kind = CK_SCOPE_SCAN;
    ck_report_init(&r);
    for (i = 0; i < count && st == CK_OK; i++) {
        one.scan_id = scan_ids[i];
        st = load_one(h, &one, &r, err);
    }
    if (st == CK_OK)
        st = review(h, &one, &r, err);
    if (st != CK_OK) {
        ck_report_release(&r);
        return st;
    }
    r.generated_at = out->generated_at ? out->generated_at : r.generated_at;
    ck_report_release(out);
    *out = r;
    return CK_OK;
}
