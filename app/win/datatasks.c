/* Downloading and importing vulnerability data on a worker thread (see
 * tasks.h). Each update or import is one transaction per ecosystem or file
 * in the database: a failure leaves the data as it was. */
#include "win/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win/settings.h"
#include "vuln/dbupdate.h"
#include "util/text.h"
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

static int has_name(char **names, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!ck_text_casecmp(names[i], name))
            return 1;
    return 0;
}

static void update_run(struct ck_task *t)
{
    struct ck_gui_update_result *r = t->data;
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_status s;
    struct ck_dbupdate_opts opts;
    struct progress_ctx pc = {t, 0};
    size_t i;
    char **grown;

    memset(&s, 0, sizeof s);
    t->status = ck_vulndb_open(r->path, &db, &t->err);
    if (t->status != CK_OK)
        return;
    /* Also the feeds downloaded before, so that nothing goes stale. */
    if (ck_vulndb_status_get(db, &s, NULL) == CK_OK)
        for (i = 0; i < s.feed_count; i++)
            if (!has_name(r->ecosystems, r->count, s.feeds[i].name) &&
                (grown = realloc(r->ecosystems, (r->count + 1) * sizeof *grown))) {
                r->ecosystems = grown;
                if ((r->ecosystems[r->count] = ck_text_dup(s.feeds[i].name)))
                    r->count++;
            }
    ck_vulndb_status_release(&s);

    memset(&opts, 0, sizeof opts);
    opts.base_url = *r->base_url ? r->base_url : NULL;
    opts.progress = on_progress;
    opts.progress_ctx = &pc;
    opts.cancel = &t->cancel;
    for (i = 0; i < r->count && !ck_flag_get(&t->cancel); i++) {
        struct ck_dbupdate_result res;
        struct ck_err err;
        enum ck_status st;
        ck_dbupdate_result_init(&res);
        ck_err_clear(&err);
        st = ck_dbupdate_ecosystem(db, r->ecosystems[i], &opts, &res, &err);
        if (st == CK_OK) {
            r->ok++;
            ck_log(CK_LOG_SUCCESS, "%s: %s", r->ecosystems[i],
                   res.outcome == CK_DBUPDATE_CURRENT ? "up to date"
                   : res.outcome == CK_DBUPDATE_FULL  ? "downloaded and imported"
                                                      : "changed records fetched");
        } else if (st != CK_ERR_CANCELLED) {
            r->failed++;
            ck_log(CK_LOG_ERROR, "%s: update failed, its data is unchanged: %s", r->ecosystems[i], err.msg);
            if (t->err.msg[0] == '\0')
                t->err = err;
        }
        ck_dbupdate_result_release(&res);
    }
    ck_vulndb_close(db);
    if (ck_flag_get(&t->cancel))
        t->status = ck_err_set(&t->err, CK_ERR_CANCELLED, "the update was cancelled; data not yet imported is as before");
    else if (!r->ok && r->failed)
        t->status = t->err.status ? t->err.status : CK_ERR_CONNECT;
    snprintf(r->summary, sizeof r->summary, "%zu of %zu ecosystems updated", r->ok, r->count);
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
