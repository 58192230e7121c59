/* Inventory through the engine (see container.h). */
#include "inventory/container.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/log.h"
#include "util/text.h"

/* The package databases are fetched by two connections at once: each
 * archive request costs the engine a mount and a helper process, so two
 * running side by side halve the wait. Bodies are kept in memory (each
 * within the collector's own limit) and fed to the collector in path order. */
#define FETCHERS 2

struct fetched {
    struct ck_buf body;
    enum ck_status rc;   /* CK_ERR_NOTFOUND: the image has no such path */
    struct ck_err err;
    int truncated;       /* longer than the limit: the collector warns */
    int done;            /* fetched (a cancel leaves the rest undone) */
};

struct fetch_plan {
    const struct ck_endpoint *endpoint;
    const char *container;
    const ck_atomic_flag *cancel;
    const char *const *paths;
    size_t count;
    struct fetched *out;
    uint64_t cap;
    ck_mutex *lock;
    size_t next;         /* next path to fetch, under lock */
};

struct fetch_sink {
    struct fetched *f;
    const struct fetch_plan *plan;
};

static int cancelled(const ck_atomic_flag *cancel)
{
    return cancel && ck_flag_get(cancel);
}

static enum ck_status on_archive_bytes(void *ctx, const char *data, size_t len)
{
    struct fetch_sink *sink = ctx;
    struct fetched *f = sink->f;

    if (cancelled(sink->plan->cancel))
        return CK_ERR_CANCELLED;
    if (f->body.len + len > sink->plan->cap) {
        len = f->body.len < sink->plan->cap ? (size_t)(sink->plan->cap - f->body.len) : 0;
        f->truncated = 1;
    }
    return ck_buf_append(&f->body, data, len);
}

static char *json_digest(const cJSON *inspect)
{
    const cJSON *digests = cJSON_GetObjectItemCaseSensitive(inspect, "RepoDigests");
    const cJSON *first = cJSON_IsArray(digests) ? cJSON_GetArrayItem(digests, 0) : NULL;
    const char *d = cJSON_IsString(first) ? first->valuestring : NULL;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(inspect, "Id");
    const char *at;

    if (d && (at = strchr(d, '@')) != NULL)
        d = at + 1;
    else if (cJSON_IsString(id))
        d = id->valuestring;
    return ck_text_dup(d);
}

/* Each archive request costs the engine a mount and a helper process, a
 * stat almost nothing: /etc/os-release is nearly always a link to
 * /usr/lib/os-release, which is fetched anyway. */
static int links_to_usr_lib_os_release(struct ck_engine *e, const char *container, const char *path)
{
    const cJSON *target;
    cJSON *stat = NULL;
    struct ck_err err;
    int yes = 0;

    if (strcmp(path, "/etc/os-release") != 0 || ck_engine_container_stat(e, container, path, &stat, &err) != CK_OK)
        return 0;
    target = cJSON_GetObjectItemCaseSensitive(stat, "linkTarget");
    if (cJSON_IsString(target))
        yes = !strcmp(target->valuestring, "/usr/lib/os-release") ||
              !strcmp(target->valuestring, "../usr/lib/os-release");
    cJSON_Delete(stat);
    return yes;
}

static int take_path(struct fetch_plan *plan, size_t *i)
{
    int got = 0;
    ck_mutex_lock(plan->lock);
    if (plan->next < plan->count && !cancelled(plan->cancel)) {
        *i = plan->next++;
        got = 1;
    }
    ck_mutex_unlock(plan->lock);
    return got;
}

static void fetch_with(struct fetch_plan *plan, struct ck_engine *e)
{
    size_t i;
    while (take_path(plan, &i)) {
        struct fetch_sink sink = {&plan->out[i], plan};
        plan->out[i].done = 1;
        if (links_to_usr_lib_os_release(e, plan->container, plan->paths[i]))
            plan->out[i].rc = CK_ERR_NOTFOUND;
        else
            plan->out[i].rc =
                ck_engine_container_archive(e, plan->container, plan->paths[i], on_archive_bytes, &sink, &plan->out[i].err);
    }
}

/* The second fetcher: a connection of its own to the same engine. */
static void fetch_thread(void *p)
{
    struct fetch_plan *plan = p;
    struct ck_engine e;
    struct ck_err err;

    if (ck_engine_init(&e, plan->endpoint, &err) != CK_OK)
        return; /* the first fetcher takes every path */
    fetch_with(plan, &e);
    ck_engine_release(&e);
}

static enum ck_status feed_collector(const struct fetch_plan *plan, struct ck_inventory_collector *collector,
                                     struct ck_err *err)
{
    enum ck_status rc;
    size_t i;

    if (cancelled(plan->cancel))
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    for (i = 0; i < plan->count; i++) {
        const struct fetched *f = &plan->out[i];
        if (!f->done || (f->rc == CK_ERR_NOTFOUND && f->body.len == 0))
            continue;
        if (f->rc != CK_OK) {
            *err = f->err;
            return cancelled(plan->cancel) ? ck_err_set(err, CK_ERR_CANCELLED, "cancelled") : f->rc;
        }
        if (f->truncated)
            ck_log(CK_LOG_WARN, "%s: %s is larger than %llu bytes; only its beginning is read", plan->container,
                   plan->paths[i], (unsigned long long)plan->cap);
        if ((rc = ck_inventory_collector_begin_path(collector, plan->paths[i], err)) != CK_OK ||
            (f->body.len && (rc = ck_inventory_collector_feed(collector, f->body.data, f->body.len, err)) != CK_OK) ||
            (rc = ck_inventory_collector_end(collector, err)) != CK_OK)
            return rc;
    }
    return CK_OK;
}

static enum ck_status copy_package_databases(struct ck_engine *e, const char *container, const ck_atomic_flag *cancel,
                                             struct ck_inventory_collector *collector, struct ck_err *err)
{
    struct ck_inventory_limits lim;
    struct fetch_plan plan;
    ck_thread *helper = NULL;
    enum ck_status rc;
    size_t i;

    ck_inventory_limits_default(&lim);
    memset(&plan, 0, sizeof plan);
    plan.endpoint = &e->endpoint;
    plan.container = container;
    plan.cancel = cancel;
    plan.paths = ck_inventory_paths();
    while (plan.paths[plan.count])
        plan.count++;
    plan.cap = lim.max_db_bytes + (1u << 20); /* the tar framing around the largest database */
    plan.out = calloc(plan.count, sizeof *plan.out);
    plan.lock = ck_mutex_new();
    if (!plan.out || !plan.lock) {
        rc = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (FETCHERS > 1 && ck_thread_start(&helper, fetch_thread, &plan) != CK_OK)
        helper = NULL; /* one connection does it all */
    fetch_with(&plan, e);
    ck_thread_join(helper);
    rc = feed_collector(&plan, collector, err);
cleanup:
    for (i = 0; plan.out && i < plan.count; i++)
        ck_buf_release(&plan.out[i].body);
    free(plan.out);
    ck_mutex_free(plan.lock);
    return rc;
}

enum ck_status ck_inventory_image_id(struct ck_engine *e, const char *image, char **id, char **digest,
                                     struct ck_err *err)
{
    cJSON *inspect = NULL;
    const cJSON *v;
    enum ck_status rc = ck_engine_image_inspect(e, image, &inspect, err);

    if (rc != CK_OK)
        return rc;
    v = cJSON_GetObjectItemCaseSensitive(inspect, "Id");
    *id = cJSON_IsString(v) && !strncmp(v->valuestring, "sha256:", 7) ? ck_text_dup(v->valuestring) : NULL;
    if (digest)
        *digest = *id ? json_digest(inspect) : NULL;
    cJSON_Delete(inspect);
    return *id ? CK_OK : ck_err_set(err, CK_ERR_PARSE, "%s: the engine gave no image ID", image);
}

/* ---- the whole filesystem ------------------------------------------------- */

struct export_sink {
    struct ck_inventory_collector *collector;
    const ck_atomic_flag *cancel;
    struct ck_err *err;
};

static enum ck_status on_export_bytes(void *ctx, const char *data, size_t len)
{
    struct export_sink *sink = ctx;

    if (cancelled(sink->cancel))
        return CK_ERR_CANCELLED;
    return ck_inventory_collector_feed(sink->collector, data, len, sink->err);
}

/* The never-started container's filesystem, streamed once into the
 * collector as one layer (the engine has merged the image's layers). */
static enum ck_status export_filesystem(struct ck_engine *e, const char *container, const ck_atomic_flag *cancel,
                                        struct ck_inventory_collector *collector, struct ck_err *err)
{
    struct ck_err feed_err;
    struct export_sink sink = {collector, cancel, &feed_err};
    enum ck_status rc;

    ck_err_clear(&feed_err);
    if ((rc = ck_inventory_collector_begin_layer(collector, "the container's filesystem", err)) != CK_OK)
        return rc;
    rc = ck_engine_container_export(e, container, on_export_bytes, &sink, err);
    if (feed_err.status != CK_OK && rc != CK_ERR_CANCELLED)
        *err = feed_err; /* the collector's own failure (out of memory, a limit) says more */
    if (cancelled(cancel))
        rc = ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    if (rc != CK_OK) {
        struct ck_err ignored;
        ck_inventory_collector_end(collector, &ignored);
        return rc;
    }
    return ck_inventory_collector_end(collector, err);
}

/* A Windows image (a Linux engine holds one only when pulled for another
 * platform) has no Linux package databases: said before a container of
 * several gigabytes is created. */
static enum ck_status require_linux_image(const cJSON *inspect, const char *image, struct ck_err *err)
{
    const char *os = ck_json_str(inspect, "Os");

    if (!os || !*os || ck_text_casecmp(os, "linux") == 0)
        return CK_OK;
    return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s is an image for %.32s, and ContainerKitty reads Linux images only",
                      image, os);
}

enum ck_status ck_inventory_from_engine(struct ck_engine *e, const char *image, unsigned flags,
                                        const ck_atomic_flag *cancel, struct ck_inventory *inv, char **digest,
                                        struct ck_err *err)
{
    struct ck_inventory_collector *collector = NULL;
    cJSON *inspect = NULL;
    char *container = NULL, *found_digest = NULL;
    enum ck_status rc;

    if ((rc = ck_engine_require_linux(e, err)) != CK_OK ||
        (rc = ck_engine_image_inspect(e, image, &inspect, err)) != CK_OK)
        return rc;
    rc = require_linux_image(inspect, image, err);
    found_digest = rc == CK_OK ? json_digest(inspect) : NULL;
    cJSON_Delete(inspect);
    if (rc != CK_OK)
        return rc;
    if ((rc = ck_inventory_collector_new(&collector, flags, NULL)) != CK_OK) {
        rc = ck_err_set(err, rc, "out of memory");
        goto cleanup;
    }
    if ((rc = ck_engine_container_create(e, image, &container, err)) != CK_OK)
        goto cleanup;
    if (flags & CK_INVENTORY_WALK)
        rc = export_filesystem(e, container, cancel, collector, err);
    else
        rc = copy_package_databases(e, container, cancel, collector, err);
    if (rc == CK_OK)
        rc = ck_inventory_collector_finish(collector, inv, err);
cleanup:
    if (container) {
        struct ck_err rm_err;
        /* Removal must run even after a cancel or a failed copy. */
        ck_engine_cancel_clear(e);
        if (ck_engine_container_remove(e, container, &rm_err) != CK_OK)
            ck_log(CK_LOG_WARN, "%s", rm_err.msg);
        free(container);
    }
    ck_inventory_collector_free(collector);
    if (rc == CK_OK && digest)
        *digest = found_digest;
    else
        free(found_digest);
    return rc;
}
