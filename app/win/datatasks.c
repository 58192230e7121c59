/* Downloading and importing vulnerability data on a worker thread (see
 * tasks.h). Each update or import is one transaction per feed or file in
 * the database: a failure leaves the data as it was. An update downloads
 * what the images in the history need, the extra ecosystems of the
 * settings and the feeds held (whose releases stay kept). */
#include "win/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win/settings.h"
#include "store/history.h"
#include "store/needed.h"
#include "vuln/dbupdate.h"
#include "util/text.h"
#include "vuln/osvfeed.h"
#include "vuln/vulndb.h"

/* ---- update ---------------------------------------------------------------- */

static void update_free(void *p)
{
    struct ck_gui_update_result *r = p;
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->count; i++)
        free(r->ecosystems[i]);
    free(r->ecosystems);
    free(r->path);
    free(r->base_url);
    free(r);
}

struct progress_ctx {
    struct ck_task *t;
    uint64_t last_ms;
};

static void on_progress(void *ctx, const char *ecosystem, enum ck_dbupdate_phase phase, uint64_t done, uint64_t total)
{
    static const char *const what[] = {"Downloading", "Importing", "Fetching changes of"};
    struct progress_ctx *p = ctx;
    uint64_t now = ck_time_monotonic_ms();
    char text[256];

    /* A few updates a second are enough for a progress bar. */
    if (now - p->last_ms < 150 && done != total)
        return;
    p->last_ms = now;
    snprintf(text, sizeof text, "%s %s", what[phase <= CK_DBUPDATE_FETCH ? phase : 0], ecosystem);
    ck_task_post(p->t, CK_EVENT_PROGRESS, done, total, text, NULL, NULL);
}

/* What the images in the history need, logged with how many images need
 * each. A history that cannot be read adds nothing (said in the log). */
static void add_needed(struct ck_osvfeed_plan *plan)
{
    struct ck_needed_ecosystem *list = NULL;
    struct ck_history *h = NULL;
    struct ck_err err;
    char *path = ck_history_default_path();
    size_t i, n = 0;
    enum ck_status st = CK_OK;

    if (path && ck_file_exists(path) && (st = ck_history_open(path, &h, &err)) == CK_OK)
        st = ck_history_needed_ecosystems(h, &list, &n, &err);
    ck_history_close(h);
    free(path);
    if (st != CK_OK)
        ck_log(CK_LOG_WARN, "the scan history cannot be read, only the extra ecosystems are updated: %s", err.msg);
    for (i = 0; i < n; i++) {
        ck_log(CK_LOG_INFO, "%s: needed by %zu image%s", list[i].name, list[i].images, list[i].images == 1 ? "" : "s");
        ck_osvfeed_plan_add(plan, list[i].name);
    }
    ck_needed_ecosystems_free(list, n);
}

/* The plan: what the images need, the extra ecosystems, the feeds held. */
static void make_plan(struct ck_gui_update_result *r, struct ck_vulndb *db, struct ck_osvfeed_plan *plan)
{
    struct ck_vulndb_status s;
    size_t i;

    add_needed(plan);
    for (i = 0; i < r->count; i++)
        ck_osvfeed_plan_add(plan, r->ecosystems[i]);
    memset(&s, 0, sizeof s);
    if (ck_vulndb_status_get(db, &s, NULL) == CK_OK)
        for (i = 0; i < s.feed_count; i++) /* so that nothing goes stale */
            ck_osvfeed_plan_add_feed(plan, s.feeds[i].name);
    ck_vulndb_status_release(&s);
}

static void update_one(struct ck_task *t, struct ck_vulndb *db, const struct ck_osvfeed_want *want,
                       const struct ck_dbupdate_opts *opts)
{
    struct ck_gui_update_result *r = t->data;
    struct ck_dbupdate_result res;
    struct ck_err err;
    enum ck_status st;

    ck_dbupdate_result_init(&res);
    ck_err_clear(&err);
    st = ck_dbupdate_feed(db, want, opts, &res, &err);
    if (st == CK_OK) {
        r->ok++;
        ck_log(CK_LOG_SUCCESS, "%s: %s", want->feed,
               res.outcome == CK_DBUPDATE_CURRENT ? "up to date"
               : res.outcome == CK_DBUPDATE_FULL  ? "downloaded and imported"
                                                  : "changed records fetched");
    } else if (st != CK_ERR_CANCELLED) {
        r->failed++;
        ck_log(CK_LOG_ERROR, "%s: update failed, its data is unchanged: %s", want->feed, err.msg);
        if (t->err.msg[0] == '\0')
            t->err = err;
    }
    ck_dbupdate_result_release(&res);
}

static void update_run(struct ck_task *t)
{
    struct ck_gui_update_result *r = t->data;
    struct ck_vulndb *db = NULL;
    struct ck_dbupdate_opts opts;
    struct ck_osvfeed_plan plan;
    struct progress_ctx pc = {t, 0};
    size_t i;

    t->status = ck_vulndb_open(r->path, &db, &t->err);
    if (t->status != CK_OK)
        return;
    ck_osvfeed_plan_init(&plan);
    make_plan(r, db, &plan);
    memset(&opts, 0, sizeof opts);
    opts.base_url = *r->base_url ? r->base_url : NULL;
    opts.progress = on_progress;
    opts.progress_ctx = &pc;
    opts.cancel = &t->cancel;
    opts.all_releases = r->all_releases;
    for (i = 0; i < plan.count && !ck_flag_get(&t->cancel); i++)
        update_one(t, db, &plan.feeds[i], &opts);
    ck_vulndb_close(db);
    if (ck_flag_get(&t->cancel))
        t->status = ck_err_set(&t->err, CK_ERR_CANCELLED, "the update was cancelled; data not yet imported is as before");
    else if (!r->ok && r->failed)
        t->status = t->err.status ? t->err.status : CK_ERR_CONNECT;
    snprintf(r->summary, sizeof r->summary, "%zu of %zu ecosystems updated", r->ok, plan.count);
    ck_osvfeed_plan_release(&plan);
}

/* Splits "a, b ,c" at commas into trimmed names. */
static size_t split_names(const char *text, char ***out)
{
    size_t n = 0;
    const char *p = text;
    char **names = NULL;

    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len) {
            char **grown = realloc(names, (n + 1) * sizeof *grown);
            if (!grown)
                break;
            names = grown;
            if ((names[n] = ck_text_dupn(p, len)))
                n++;
        }
        p = end ? end + 1 : NULL;
    }
    *out = names;
    return n;
}

struct ck_task *ck_start_db_update(HWND hwnd)
{
    struct ck_gui_update_result *r = calloc(1, sizeof *r);
    char *dir;
    if (!r)
        return NULL;
    r->path = ck_gui_vulndb_path();
    r->base_url = ck_text_dup(g_settings.data_url ? g_settings.data_url : "");
    r->count = split_names(g_settings.ecosystems, &r->ecosystems);
    r->all_releases = g_settings.all_releases;
    if (!r->path || !r->base_url) {
        update_free(r);
        return NULL;
    }
    /* The database's folder must exist. */
    dir = ck_text_dup(r->path);
    if (dir) {
        char *sep = strrchr(dir, '\\');
        if (!sep)
            sep = strrchr(dir, '/');
        if (sep) {
            *sep = '\0';
            ck_mkdirs(dir);
        }
        free(dir);
    }
    return ck_task_start(hwnd, CK_TASK_DB_UPDATE, 0, update_run, r, update_free);
}

/* ---- import ------------------------------------------------------------------ */

static void import_free(void *p)
{
    struct ck_gui_import_result *r = p;
    if (!r)
        return;
    free(r->path);
    free(r->file);
    free(r);
}

static void on_import_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct progress_ctx *p = ctx;
    uint64_t now = ck_time_monotonic_ms();
    if (now - p->last_ms < 150)
        return;
    p->last_ms = now;
    ck_task_post(p->t, CK_EVENT_PROGRESS, done, total, "Importing vulnerability records", NULL, NULL);
}

static void import_run(struct ck_task *t)
{
    struct ck_gui_import_result *r = t->data;
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_import_opts opts;
    struct ck_vulndb_import_stats stats;
    struct progress_ctx pc = {t, 0};

    memset(&opts, 0, sizeof opts);
    memset(&stats, 0, sizeof stats);
    opts.progress = on_import_progress;
    opts.progress_ctx = &pc;
    opts.cancel = &t->cancel;
    t->status = ck_vulndb_open(r->path, &db, &t->err);
    if (t->status == CK_OK)
        t->status = ck_vulndb_import_file(db, r->file, &opts, &stats, &t->err);
    if (t->status == CK_OK) {
        r->added = stats.added;
        r->replaced = stats.replaced;
        r->unchanged = stats.unchanged;
        r->failed = stats.failed;
        ck_vulndb_import_stats_release(&stats);
    }
    ck_vulndb_close(db);
}

struct ck_task *ck_start_db_import(HWND hwnd, const char *file)
{
    struct ck_gui_import_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->path = ck_gui_vulndb_path();
    r->file = ck_text_dup(file);
    if (!r->path || !r->file) {
        import_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_DB_IMPORT, 0, import_run, r, import_free);
}
