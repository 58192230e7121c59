/* Reading the history for the views, and CSV exports, on worker threads
 * (see tasks.h). Each task opens its own connection: a history handle
 * serves one thread. */
#include "win/tasks.h"

#include <stdlib.h>
#include <string.h>

#include "platform/file.h"
#include "platform/platform.h"
#include "report/export.h"
#include "report/review.h"
#include "report/scope.h"
#include "util/text.h"
#include "vuln/vulndb.h"

void ck_gui_image_names_free(struct ck_gui_image_name *names, size_t n)
{
    size_t i;
    if (!names)
        return;
    for (i = 0; i < n; i++) {
        free(names[i].repository);
        free(names[i].tag);
    }
    free(names);
}

static enum ck_status open_history(struct ck_history **h, struct ck_err *err)
{
    char *path = ck_history_default_path();
    enum ck_status st;
    if (!path)
        return ck_err_set(err, CK_ERR_NOTFOUND, "no folder for the scan history (Windows names no local application data folder for this user)");
    st = ck_history_open(path, h, err);
    free(path);
    return st;
}

/* The database of the EPSS and KEV facts, when there is one: the findings
 * are reviewed without them otherwise. */
static char *exploit_db_path(void)
{
    char *path = ck_gui_vulndb_path();
    if (path && !ck_file_exists(path)) {
        free(path);
        path = NULL;
    }
    return path;
}

/* The findings' risk review: the decisions in effect today and, from
 * vulndb, what is known of their exploitation. */
static enum ck_status review(struct ck_history *h, const char *vulndb, const char *repository, const char *tag,
                             struct ck_history_findings *f, struct ck_review_entry **entries,
                             struct ck_decisions *decisions, struct ck_err *err)
{
    struct ck_vulndb *db = NULL;
    enum ck_status st;

    if (vulndb && ck_vulndb_open(vulndb, &db, err) != CK_OK) {
        ck_log(CK_LOG_WARN, "no EPSS or KEV facts: %s", err->msg);
        db = NULL;
    }
    st = ck_review_findings(h, db, repository, tag, ck_date_of_time(ck_time_now()), f, entries, decisions, err);
    ck_vulndb_close(db);
    return st;
}

/* ---- images ------------------------------------------------------------------ */

static void images_free(void *p)
{
    struct ck_gui_images_result *r = p;
    if (!r)
        return;
    ck_gui_image_names_free(r->add, r->add_count);
    ck_image_rows_free(r->rows, r->count);
    free(r->decided);
    free(r);
}

static void images_run(struct ck_task *t)
{
    struct ck_gui_images_result *r = t->data;
    struct ck_history *h = NULL;
    size_t i;

    t->status = open_history(&h, &t->err);
    for (i = 0; t->status == CK_OK && i < r->add_count; i++)
        t->status = ck_history_add_image(h, r->add[i].repository, r->add[i].tag, NULL, &t->err);
    if (t->status == CK_OK)
        t->status = ck_history_list_images(h, NULL, &r->rows, &r->count, &t->err);
    /* The list counts open findings; without the decided counts it counts all. */
    if (t->status == CK_OK && r->count && (r->decided = calloc(r->count, sizeof *r->decided)) != NULL) {
        struct ck_err err;
        if (ck_decisions_decided_counts(h, r->rows, r->count, ck_date_of_time(ck_time_now()), r->decided, &err) !=
            CK_OK) {
            ck_log(CK_LOG_WARN, "the images list counts decided findings too: %s", err.msg);
            free(r->decided);
            r->decided = NULL;
        }
    }
    ck_history_close(h);
}

struct ck_task *ck_start_images(HWND hwnd, unsigned gen, struct ck_gui_image_name *add, size_t add_count)
{
    struct ck_gui_images_result *r = calloc(1, sizeof *r);
    if (!r) {
        ck_gui_image_names_free(add, add_count);
        return NULL;
    }
    r->add = add;
    r->add_count = add_count;
    return ck_task_start(hwnd, CK_TASK_IMAGES, gen, images_run, r, images_free);
}

/* ---- one image: scans and latest findings ------------------------------------ */

static void detail_free(void *p)
{
    struct ck_gui_detail_result *r = p;
    if (!r)
        return;
    free(r->repository);
    free(r->tag);
    free(r->vulndb);
    ck_scan_infos_free(r->scans, r->count);
    ck_history_findings_release(&r->findings);
    free(r->review);
    ck_decisions_release(&r->decisions);
    free(r);
}

static void detail_run(struct ck_task *t)
{
    struct ck_gui_detail_result *r = t->data;
    struct ck_history *h = NULL;
    size_t i;

    t->status = open_history(&h, &t->err);
    if (t->status == CK_OK)
        t->status = ck_history_list_scans(h, r->repository, r->tag, &r->scans, &r->count, &t->err);
    for (i = 0; t->status == CK_OK && i < r->count && !r->scan_id; i++)
        if (r->scans[i].ok)
            r->scan_id = r->scans[i].id;
    if (t->status == CK_OK && r->scan_id)
        t->status = ck_history_load_findings(h, r->scan_id, &r->findings, &t->err);
    if (t->status == CK_OK && r->scan_id)
        t->status = review(h, r->vulndb, r->repository, r->tag, &r->findings, &r->review, &r->decisions, &t->err);
    ck_history_close(h);
}

struct ck_task *ck_start_detail(HWND hwnd, unsigned gen, const char *repository, const char *tag)
{
    struct ck_gui_detail_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    ck_history_findings_init(&r->findings);
    ck_decisions_init(&r->decisions);
    r->repository = ck_text_dup(repository);
    r->tag = ck_text_dup(tag);
    r->vulndb = exploit_db_path();
    if (!r->repository || !r->tag) {
        detail_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_DETAIL, gen, detail_run, r, detail_free);
}

/* ---- findings of one scan ---------------------------------------------------- */

static void findings_free(void *p)
{
    struct ck_gui_findings_result *r = p;
    if (!r)
        return;
    ck_history_findings_release(&r->findings);
    free(r->review);
    ck_decisions_release(&r->decisions);
    free(r->repository);
    free(r->tag);
    free(r->vulndb);
    free(r);
}

static void findings_run(struct ck_task *t)
{
    struct ck_gui_findings_result *r = t->data;
    struct ck_history *h = NULL;
    t->status = open_history(&h, &t->err);
    if (t->status == CK_OK)
        t->status = ck_history_load_findings(h, r->scan_id, &r->findings, &t->err);
    if (t->status == CK_OK)
        t->status = review(h, r->vulndb, r->repository, r->tag, &r->findings, &r->review, &r->decisions, &t->err);
    ck_history_close(h);
}

struct ck_task *ck_start_findings(HWND hwnd, unsigned gen, int64_t scan_id, const char *repository,
                                  const char *tag)
{
    struct ck_gui_findings_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    ck_history_findings_init(&r->findings);
    ck_decisions_init(&r->decisions);
    r->scan_id = scan_id;
    r->repository = ck_text_dup(repository ? repository : "");
    r->tag = ck_text_dup(tag ? tag : "");
    r->vulndb = exploit_db_path();
    if (!r->repository || !r->tag) {
        findings_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_FINDINGS, gen, findings_run, r, findings_free);
}

/* ---- packages and unmanaged files of one scan ---------------------------------- */

static void inventory_free(void *p)
{
    struct ck_gui_inventory_result *r = p;
    if (!r)
        return;
    ck_inventory_release(&r->inv);
    free(r);
}

static void inventory_run(struct ck_task *t)
{
    struct ck_gui_inventory_result *r = t->data;
    struct ck_history *h = NULL;
    t->status = open_history(&h, &t->err);
    if (t->status == CK_OK)
        t->status = ck_history_load_inventory(h, r->scan_id, &r->inv, &t->err);
    ck_history_close(h);
}

struct ck_task *ck_start_inventory(HWND hwnd, unsigned gen, int64_t scan_id)
{
    struct ck_gui_inventory_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    ck_inventory_init(&r->inv);
    r->scan_id = scan_id;
    return ck_task_start(hwnd, CK_TASK_INVENTORY, gen, inventory_run, r, inventory_free);
}

/* ---- comparison -------------------------------------------------------------- */

static void compare_free(void *p)
{
    struct ck_gui_compare_result *r = p;
    if (!r)
        return;
    ck_comparison_release(&r->cmp);
    free(r);
}

static void compare_run(struct ck_task *t)
{
    struct ck_gui_compare_result *r = t->data;
    struct ck_history *h = NULL;
    t->status = open_history(&h, &t->err);
    if (t->status == CK_OK)
        t->status = ck_history_compare(h, r->from, r->to, &r->cmp, &t->err);
    ck_history_close(h);
}

struct ck_task *ck_start_compare(HWND hwnd, unsigned gen, int64_t from, int64_t to)
{
    struct ck_gui_compare_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    ck_history_findings_init(&r->cmp.added);
    ck_history_findings_init(&r->cmp.fixed);
    ck_history_findings_init(&r->cmp.unchanged);
    r->from = from;
    r->to = to;
    return ck_task_start(hwnd, CK_TASK_COMPARE, gen, compare_run, r, compare_free);
}

/* ---- CSV export -------------------------------------------------------------- */

static void export_free(void *p)
{
    struct ck_gui_export_result *r = p;
    if (!r)
        return;
    free(r->path);
    free(r->vulndb);
    free(r->scan_ids);
    free(r);
}

static void export_run(struct ck_task *t)
{
    struct ck_gui_export_result *r = t->data;
    struct ck_history *h = NULL;
    struct ck_report report;
    struct ck_scope scope;
    struct ck_vulndb *db = NULL;
    size_t i;

    ck_report_init(&report);
    memset(&scope, 0, sizeof scope);
    scope.kind = CK_SCOPE_LATEST;
    scope.engine = "containerkitty";
    scope.compare_previous = 1;
    scope.with_review = r->reviewed;
    if (r->reviewed && r->vulndb && ck_vulndb_open(r->vulndb, &db, &t->err) != CK_OK) {
        ck_log(CK_LOG_WARN, "the export has no EPSS or KEV facts: %s", t->err.msg);
        db = NULL;
    }
    scope.exploit_db = db;
    t->status = open_history(&h, &t->err);
    if (t->status == CK_OK)
        t->status = r->scan_count ? ck_scope_load_scans(h, r->scan_ids, r->scan_count, &scope, &report, &t->err)
                                  : ck_scope_load(h, &scope, &report, &t->err);
    if (t->status == CK_OK)
        t->status = ck_export_csv_file(&report, r->extended ? CK_CSV_EXTENDED : CK_CSV_ORIGINAL, r->path, &t->err);
    if (t->status == CK_OK) {
        r->scans = report.count;
        for (i = 0; i < report.count; i++)
            r->findings += report.scans[i].findings.count;
    }
    ck_report_release(&report);
    ck_history_close(h);
    ck_vulndb_close(db);
}

struct ck_task *ck_start_export(HWND hwnd, const char *path, int extended, int reviewed, const int64_t *scan_ids,
                                size_t n)
{
    struct ck_gui_export_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->path = ck_text_dup(path);
    r->extended = extended;
    r->reviewed = reviewed;
    r->vulndb = reviewed ? exploit_db_path() : NULL;
    if (n) {
        r->scan_ids = malloc(n * sizeof *r->scan_ids);
        if (r->scan_ids)
            memcpy(r->scan_ids, scan_ids, n * sizeof *scan_ids);
        r->scan_count = n;
    }
    if (!r->path || (n && !r->scan_ids)) {
        export_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_EXPORT, 0, export_run, r, export_free);
}
