/* Containers for inventory: created from an image and never started, read
 * through their archives (one path, its stat, or the whole filesystem),
 * then removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/engine.h"
#include "docker/engine_internal.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/json.h"

/* The command given to containers that are never started: images made by
 * `docker import` (or FROM scratch) have neither Entrypoint nor Cmd, and the
 * engine refuses to create a container without a command. */
#define PLACEHOLDER_CMD "/containerkitty-never-started"

/* {"Image":..., "Cmd":[placeholder], "NetworkDisabled":true,
 *  "HostConfig":{"NetworkMode":"none"}, "Labels":{...}} */
static char *create_body(const char *image)
{
    cJSON *body = cJSON_CreateObject(), *cmd, *host, *labels;
    char *json = NULL;

    cmd = cJSON_AddArrayToObject(body, "Cmd");
    host = cJSON_AddObjectToObject(body, "HostConfig");
    labels = cJSON_AddObjectToObject(body, "Labels");
    if (body && cJSON_AddStringToObject(body, "Image", image) && cmd &&
        cJSON_AddItemToArray(cmd, cJSON_CreateString(PLACEHOLDER_CMD)) &&
        cJSON_AddTrueToObject(body, "NetworkDisabled") && host &&
        cJSON_AddStringToObject(host, "NetworkMode", "none") && labels &&
        cJSON_AddStringToObject(labels, "org.containerkitty.purpose", "inventory"))
        json = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    return json;
}

/* The Id of the engine's answer to a create, malloc'd into *id. */
static enum ck_status created_id(const struct ck_buf *answer, const char *image, char **id, struct ck_err *err)
{
    cJSON *reply = cJSON_ParseWithLength(ck_buf_str(answer), answer->len);
    const char *new_id = ck_json_str(reply, "Id");
    char *copy = new_id ? strdup(new_id) : NULL;
    enum ck_status st = CK_OK;

    if (!new_id)
        st = ck_err_set(err, CK_ERR_PROTOCOL, "the engine created a container of %s but sent no Id", image);
    else if (!copy)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    else
        *id = copy;
    cJSON_Delete(reply);
    return st;
}

enum ck_status ck_engine_container_create(struct ck_engine *e, const char *image, char **id,
                                          struct ck_err *err)
{
    struct ck_buf out;
    struct ck_http_collect col = {&out, CK_ENGINE_ERROR_MAX};
    struct ck_engine_call c = {.method = "POST", .path = "/containers/create", .sink = ck_http_collect_fn,
                               .ctx = &col};
    char *json = create_body(image);
    enum ck_status st;

    if (!json)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    ck_buf_init(&out);
    c.body = json;
    st = ck_engine_request(e, &c, NULL, err);
    if (ck_engine_failed_with(&c, st, 404))
        st = ck_err_set(err, CK_ERR_NOTFOUND, "image %s is not in the engine at %s (pull it first)", image,
                        e->endpoint.url);
    else if (st != CK_OK && c.status >= 400)
        st = ck_err_set(err, st, "creating a container of %s failed (HTTP %d): %s", image, c.status, c.message);
    else if (st == CK_OK)
        st = created_id(&out, image, id, err);
    cJSON_free(json);
    ck_buf_release(&out);
    return st;
}

/* The 12-digit short form of a container id, for messages. */
static void short_id(const char *id, char out[13])
{
    snprintf(out, 13, "%s", id);
}

/* CK_ERR_NOTFOUND for container id, or for path in it (path not NULL). */
static enum ck_status container_missing(const char *id, const char *path, struct ck_err *err)
{
    char sid[13];
    short_id(id, sid);
    if (path)
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist in container %s", path, sid);
    return ck_err_set(err, CK_ERR_NOTFOUND, "container %s does not exist", sid);
}

enum ck_status ck_engine_container_archive(struct ck_engine *e, const char *id, const char *path,
                                           ck_http_body_fn sink, void *ctx, struct ck_err *err)
{
    struct ck_engine_call c = {.method = "GET", .sink = sink, .ctx = ctx, .timeout_ms = e->stream_timeout_ms};
    enum ck_status st = ck_engine_request_at(e, &c, "/containers/", id, "/archive?path=", path, NULL, err);

    return ck_engine_failed_with(&c, st, 404) ? container_missing(id, path, err) : st;
}

enum ck_status ck_engine_container_stat(struct ck_engine *e, const char *id, const char *path,
                                        cJSON **out, struct ck_err *err)
{
    struct ck_engine_call c = {.method = "HEAD"};
    struct ck_http_response resp;
    struct ck_buf decoded;
    char sid[13];
    const char *hdr;
    cJSON *json = NULL;
    enum ck_status st;

    ck_http_response_init(&resp);
    ck_buf_init(&decoded);
    st = ck_engine_request_at(e, &c, "/containers/", id, "/archive?path=", path, &resp, err);
    if (ck_engine_failed_with(&c, st, 404))
        st = container_missing(id, path, err);
    if (st == CK_OK) {
        hdr = ck_http_response_header(&resp, "X-Docker-Container-Path-Stat");
        if (hdr && ck_base64_decode(&decoded, hdr, strlen(hdr)) == CK_OK)
            json = cJSON_ParseWithLength(ck_buf_str(&decoded), decoded.len);
        short_id(id, sid);
        if (!json)
            st = ck_err_set(err, CK_ERR_PROTOCOL, "the engine sent no readable stat of %s in container %s", path, sid);
        else
            *out = json;
    }
    ck_buf_release(&decoded);
    ck_http_response_release(&resp);
    return st;
}

enum ck_status ck_engine_container_export(struct ck_engine *e, const char *id,
                                          ck_http_body_fn sink, void *ctx, struct ck_err *err)
{
    struct ck_engine_call c = {.method = "GET", .sink = sink, .ctx = ctx, .timeout_ms = e->stream_timeout_ms};
    enum ck_status st = ck_engine_request_at(e, &c, "/containers/", id, "/export", NULL, NULL, err);

    return ck_engine_failed_with(&c, st, 404) ? container_missing(id, NULL, err) : st;
}

enum ck_status ck_engine_container_remove(struct ck_engine *e, const char *id, struct ck_err *err)
{
    struct ck_engine_call c = {.method = "DELETE"};
    enum ck_status st = ck_engine_request_at(e, &c, "/containers/", id, "?force=1&v=1", NULL, NULL, err);

    return ck_engine_failed_with(&c, st, 404) ? container_missing(id, NULL, err) : st;
}
