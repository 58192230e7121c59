/* What the window checks at start and on request: can the Docker engine be
 * reached, and how much vulnerability data is there (see tasks.h). */
#include "win/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/endpoint.h"
#include "docker/engine.h"
#include "win/settings.h"
#include "util/text.h"
#include "vuln/vulndb.h"

/* ---- engine --------------------------------------------------------------- */

static void engine_free(void *p)
{
    struct ck_gui_engine_result *r = p;
    if (!r)
        return;
    free(r->host);
    free(r);
}

static void engine_run(struct ck_task *t)
{
    struct ck_gui_engine_result *r = t->data;
    struct ck_endpoint ep;
    struct ck_engine e;
    struct ck_engine_version v;
    int engine_ready = 0;

    ck_endpoint_init(&ep);
    t->status = ck_endpoint_resolve(&ep, *r->host ? r->host : NULL, NULL, &t->err);
    if (t->status == CK_OK) {
        snprintf(r->product, sizeof r->product, "%s", ck_endpoint_product(&ep));
        snprintf(r->address, sizeof r->address, "%s", ep.address ? ep.address : "");
        t->status = ck_engine_init(&e, &ep, &t->err);
        engine_ready = t->status == CK_OK;
    }
    if (t->status == CK_OK) {
        /* A short wait: this answers "is it running", it is not a scan. */
        e.timeout_ms = 10000;
        t->status = ck_engine_version(&e, &v, &t->err);
    }
    if (t->status == CK_OK) {
        snprintf(r->version, sizeof r->version, "%s", v.version);
        snprintf(r->api, sizeof r->api, "%s", e.api_version);
        snprintf(r->os, sizeof r->os, "%s", v.os);
        r->windows_containers = ck_engine_require_linux(&e, &t->err) == CK_ERR_UNSUPPORTED;
    }
    if (engine_ready)
        ck_engine_release(&e);
    ck_endpoint_release(&ep);
}

struct ck_task *ck_start_engine_check(HWND hwnd, unsigned gen, const char *host)
{
    struct ck_gui_engine_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->host = ck_text_dup(host ? host : "");
    if (!r->host) {
        engine_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_ENGINE, gen, engine_run, r, engine_free);
}

/* ---- vulnerability data -------------------------------------------------------- */

char *ck_gui_vulndb_path(void)
{
    if (g_settings.vulndb_path && *g_settings.vulndb_path)
        return ck_text_dup(g_settings.vulndb_path);
    return ck_vulndb_default_path();
}

static void data_free(void *p)
{
    struct ck_gui_data_result *r = p;
    if (!r)
        return;
    free(r->path);
    free(r);
}

static void data_run(struct ck_task *t)
{
    struct ck_gui_data_result *r = t->data;
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_status s;
    size_t i;

    memset(&s, 0, sizeof s);
    if (!ck_file_exists(r->path)) {
        /* Nothing downloaded yet: not an error, the window offers the download. */
        t->status = CK_OK;
        return;
    }
    t->status = ck_vulndb_open(r->path, &db, &t->err);
    if (t->status == CK_OK)
        t->status = ck_vulndb_status_get(db, &s, &t->err);
    if (t->status == CK_OK) {
        r->records = s.record_count;
        r->ecosystems = s.ecosystem_count;
        for (i = 0; i < s.ecosystem_count; i++) {
            int64_t u = s.ecosystems[i].updated_at;
            if (u > r->newest_update)
                r->newest_update = u;
            if (u && (!r->oldest_update || u < r->oldest_update))
                r->oldest_update = u;
        }
        for (i = 0; i < s.ecosystem_count && !r->stale[0]; i++)
            ck_vulndb_stale_warning(db, s.ecosystems[i].name, r->max_age, ck_time_now(), r->stale, sizeof r->stale);
    }
    ck_vulndb_status_release(&s);
    ck_vulndb_close(db);
}

struct ck_task *ck_start_data_check(HWND hwnd)
{
    struct ck_gui_data_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->path = ck_gui_vulndb_path();
    r->max_age = (int64_t)g_settings.max_age_days * 24 * 3600;
    if (!r->path) {
        data_free(r);
        return NULL;
    }
    return ck_task_start(hwnd, CK_TASK_DATA, 0, data_run, r, data_free);
}
