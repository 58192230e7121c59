/* Inventory through the engine (see container.h). */
#include "inventory/container.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "vuln/text.h"

struct archive_sink {
    struct ck_inventory_collector *collector;
    const ck_atomic_flag *cancel;
    const char *path;
    int begun;
    struct ck_err err;
};

static int cancelled(const ck_atomic_flag *cancel)
{
    return cancel && ck_flag_get(cancel);
}

static enum ck_status on_archive_bytes(void *ctx, const char *data, size_t len)
{
    struct archive_sink *a = ctx;
    if (cancelled(a->cancel))
        return CK_ERR_CANCELLED;
    /* A path the image lacks answers 404 with no body: begin on the first byte. */
    if (!a->begun) {
        enum ck_status rc = ck_inventory_collector_begin_path(a->collector, a->path, &a->err);
        if (rc != CK_OK)
            return rc;
        a->begun = 1;
    }
    return ck_inventory_collector_feed(a->collector, data, len, &a->err);
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

static enum ck_status copy_package_databases(struct ck_engine *e, const char *container, const ck_atomic_flag *cancel,
                                             struct ck_inventory_collector *collector, struct ck_err *err)
{
    const char *const *path;
    for (path = ck_inventory_paths(); *path; path++) {
        struct archive_sink a;
        enum ck_status rc;

        if (links_to_usr_lib_os_release(e, container, *path))
            continue;
        memset(&a, 0, sizeof a);
        a.collector = collector;
        a.cancel = cancel;
        a.path = *path;
        rc = ck_engine_container_archive(e, container, *path, on_archive_bytes, &a, err);
        if (rc == CK_ERR_NOTFOUND && !a.begun)
            continue; /* the image has no such database */
        if (a.err.status != CK_OK) {
            *err = a.err;
            return a.err.status;
        }
        if (rc != CK_OK)
            return cancelled(cancel) ? ck_err_set(err, CK_ERR_CANCELLED, "cancelled") : rc;
        if (a.begun && (rc = ck_inventory_collector_end(collector, err)) != CK_OK)
            return rc;
        ck_log(CK_LOG_DEBUG, "%s: read %s", container, *path);
    }
    return CK_OK;
}

enum ck_status ck_inventory_from_engine(struct ck_engine *e, const char *image, const ck_atomic_flag *cancel,
                                        struct ck_inventory *inv, char **digest, struct ck_err *err)
{
    struct ck_inventory_collector *collector = NULL;
    cJSON *inspect = NULL;
    char *container = NULL, *found_digest = NULL;
    enum ck_status rc;

    if ((rc = ck_engine_image_inspect(e, image, &inspect, err)) != CK_OK)
        return rc;
    found_digest = json_digest(inspect);
    cJSON_Delete(inspect);
    if ((rc = ck_inventory_collector_new(&collector, 0, NULL)) != CK_OK) {
        rc = ck_err_set(err, rc, "out of memory");
        goto cleanup;
    }
    if ((rc = ck_engine_container_create(e, image, &container, err)) != CK_OK)
        goto cleanup;
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
