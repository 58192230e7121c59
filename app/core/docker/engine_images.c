/* Images in the engine: the list, inspection, removal, docker-save
 * streams, and pulls with their progress stream and credentials. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/engine.h"
#include "docker/engine_internal.h"
#include "docker/regauth.h"
#include "docker/imageref.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/log.h"

/* A pull's progress messages are short; a longer line is not one. */
#define PULL_LINE_MAX (1u << 20)

/* ---- images ------------------------------------------------------------- */

enum ck_status ck_engine_image_list(struct ck_engine *e, cJSON **out, struct ck_err *err)
{
    struct ck_engine_call c = {.path = "/images/json?digests=1"};
    cJSON *json = NULL;
    enum ck_status st = ck_engine_get_json(e, &c, &json, err);

    if (st == CK_OK && !cJSON_IsArray(json)) {
        cJSON_Delete(json);
        return ck_err_set(err, CK_ERR_PROTOCOL, "the image list of %s is not a JSON array", e->endpoint.url);
    }
    if (st == CK_OK)
        *out = json;
    return st;
}

static enum ck_status image_absent(const struct ck_engine *e, const char *name, struct ck_err *err)
{
    return ck_err_set(err, CK_ERR_NOTFOUND, "image %s is not in the engine at %s", name, e->endpoint.url);
}

enum ck_status ck_engine_image_inspect(struct ck_engine *e, const char *name, cJSON **out,
                                       struct ck_err *err)
{
    struct ck_engine_call c = {0};
    char *path = NULL;
    enum ck_status st = ck_engine_name_path("/images/", name, "/json", NULL, &path, err);

    if (st != CK_OK)
        return st;
    c.path = path;
    st = ck_engine_get_json(e, &c, out, err);
    if (ck_engine_failed_with(&c, st, 404))
        st = image_absent(e, name, err);
    free(path);
    return st;
}

enum ck_status ck_engine_image_remove(struct ck_engine *e, const char *name, int force,
                                      struct ck_err *err)
{
    struct ck_engine_call c = {.method = "DELETE"};
    enum ck_status st = ck_engine_request_at(e, &c, "/images/", name, force ? "?force=1" : "", NULL, NULL, err);

    if (ck_engine_failed_with(&c, st, 404))
        return image_absent(e, name, err);
    if (ck_engine_failed_with(&c, st, 409))
        return ck_err_set(err, CK_ERR_HTTP, "image %s cannot be removed: %s", name, c.message);
    return st;
}

enum ck_status ck_engine_image_save(struct ck_engine *e, const char *name, ck_http_body_fn sink,
                                    void *ctx, struct ck_err *err)
{
    struct ck_engine_call c = {.method = "GET", .sink = sink, .ctx = ctx, .timeout_ms = e->stream_timeout_ms};
    enum ck_status st = ck_engine_request_at(e, &c, "/images/", name, "/get", NULL, NULL, err);

    return ck_engine_failed_with(&c, st, 404) ? image_absent(e, name, err) : st;
}

/* ---- pull --------------------------------------------------------------- */

struct pull_state {
    struct ck_buf line;
    ck_pull_fn progress;
    void *ctx;
    char error[300];      /* the first errorDetail / error message */
};

static int64_t detail_number(const cJSON *detail, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(detail, name);
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : -1;
}

/* One JSON message of the stream. */
static enum ck_status pull_message(struct pull_state *ps, const char *text, size_t len)
{
    cJSON *json;
    const cJSON *ed, *msg, *detail;
    struct ck_pull_event ev;

    while (len > 0 && isspace((unsigned char)*text))
        text++, len--;
    if (len == 0)
        return CK_OK;
    json = cJSON_ParseWithLength(text, len);
    if (!json) {
        ck_log(CK_LOG_DEBUG, "pull: skipping a progress line that is not JSON");
        return CK_OK;
    }
    ed = cJSON_GetObjectItemCaseSensitive(json, "errorDetail");
    msg = cJSON_GetObjectItemCaseSensitive(ed, "message");
    if (!cJSON_IsString(msg))
        msg = cJSON_GetObjectItemCaseSensitive(json, "error");
    if (ed || cJSON_IsString(msg)) {
        snprintf(ps->error, sizeof ps->error, "%s", cJSON_IsString(msg) ? msg->valuestring : "unknown error");
        cJSON_Delete(json);
        return CK_ERR_HTTP; /* stops the stream */
    }
    detail = cJSON_GetObjectItemCaseSensitive(json, "progressDetail");
    ev.id = ck_json_str(json, "id");
    ev.status = ck_json_str(json, "status");
    ev.id = ev.id ? ev.id : "";
    ev.status = ev.status ? ev.status : "";
    ev.current = detail_number(detail, "current");
    ev.total = detail_number(detail, "total");
    if (ps->progress)
        ps->progress(ps->ctx, &ev);
    cJSON_Delete(json);
    return CK_OK;
}

/* Splits the stream into lines (messages are newline-delimited JSON). */
static enum ck_status pull_body(void *ctx, const char *data, size_t len)
{
    struct pull_state *ps = ctx;
    enum ck_status st = CK_OK;

    while (len > 0 && st == CK_OK) {
        const char *nl = memchr(data, '\n', len);
        size_t n = nl ? (size_t)(nl - data) : len;
        if (ps->line.len + n > PULL_LINE_MAX)
            return CK_ERR_LIMIT;
        if (ck_buf_append(&ps->line, data, n) != CK_OK)
            return CK_ERR_NOMEM;
        if (!nl)
            break;
        st = pull_message(ps, ck_buf_str(&ps->line), ps->line.len);
        ck_buf_reset(&ps->line);
        data += n + 1;
        len -= n + 1;
    }
    return st;
}

/* /images/create?fromImage=<name>&tag=<tag> or fromImage=<name>@<digest>. */
static enum ck_status pull_path(const struct ck_imageref *ref, struct ck_buf *path)
{
    char *name = ck_imageref_name(ref);
    enum ck_status st = name ? ck_buf_puts(path, "/images/create?fromImage=") : CK_ERR_NOMEM;

    if (st == CK_OK)
        st = ck_http_append_escaped(path, name);
    /* A digest pins the image; otherwise the tag ("latest" by default),
     * never an empty tag, which would pull every tag. */
    if (st == CK_OK && ref->digest) {
        st = ck_buf_puts(path, "%40");
        if (st == CK_OK)
            st = ck_http_append_escaped(path, ref->digest);
    } else if (st == CK_OK) {
        st = ck_buf_puts(path, "&tag=");
        if (st == CK_OK)
            st = ck_http_append_escaped(path, ref->tag ? ref->tag : CK_IMAGEREF_DEFAULT_TAG);
    }
    free(name);
    return st;
}

/* The X-Registry-Auth header line of a pull of image into *header, left
 * empty for an anonymous pull. registry_auth NULL: looked up as
 * `docker pull` does. Credentials never cross a plain TCP link. */
static enum ck_status pull_auth(const struct ck_engine *e, const char *image, const char *registry_auth,
                                struct ck_buf *header, struct ck_err *err)
{
    char *looked_up = NULL;
    enum ck_status st = CK_OK;

    if (!registry_auth) {
        /* As `docker pull` does: the user's credentials for that registry. */
        struct ck_err auth_err;
        if (ck_regauth_header_for_image(NULL, image, &looked_up, &auth_err) != CK_OK)
            ck_log(CK_LOG_WARN, "%s; pulling %s without credentials", auth_err.msg, image);
        registry_auth = looked_up;
    }
    if (registry_auth && *registry_auth && ck_endpoint_is_plain_remote(&e->endpoint))
        /* X-Registry-Auth is the user's password, merely encoded */
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "not pulling %s: the Docker engine at %s is reached over plain "
                        "TCP, which would carry your registry credentials (X-Registry-Auth) across the network "
                        "unencrypted; reach the engine through a local socket or named pipe or an SSH tunnel "
                        "to 127.0.0.1 (without credentials for that registry a pull goes ahead anonymously)",
                        image, e->endpoint.url);
    else if (registry_auth && *registry_auth && ck_buf_printf(header, "X-Registry-Auth: %s", registry_auth) != CK_OK)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    ck_regauth_free_secret(looked_up);
    return st;
}

/* The sentence for a pull of image that ended with st. */
static enum ck_status pull_result(const struct ck_engine_call *c, const struct pull_state *ps, enum ck_status st,
                                  const char *image, struct ck_err *err)
{
    if (st == CK_ERR_HTTP && ps->error[0])
        return ck_err_set(err, CK_ERR_HTTP, "pulling %s failed: %s", image, ps->error);
    if (st == CK_ERR_LIMIT)
        return ck_err_set(err, CK_ERR_PROTOCOL, "pulling %s: the engine sent a progress line longer than %u bytes",
                          image, PULL_LINE_MAX);
    if (ck_engine_failed_with(c, st, 404))
        return ck_err_set(err, CK_ERR_NOTFOUND, "image %s was not found: %s", image, c->message);
    if (st != CK_OK && c->status >= 400)
        return ck_err_set(err, st, "pulling %s failed (HTTP %d): %s", image, c->status, c->message);
    return st;
}

enum ck_status ck_engine_pull(struct ck_engine *e, const char *image, const char *registry_auth,
                              ck_pull_fn progress, void *ctx, struct ck_err *err)
{
    struct ck_imageref ref;
    struct pull_state ps;
    struct ck_buf path, auth_header;
    struct ck_engine_call c = {.method = "POST", .sink = pull_body, .ctx = &ps};
    const char *headers[2] = {NULL, NULL};
    enum ck_status st;

    ck_imageref_init(&ref);
    ck_buf_init(&path);
    ck_buf_init(&auth_header);
    memset(&ps, 0, sizeof ps);
    ck_buf_init(&ps.line);
    ps.progress = progress;
    ps.ctx = ctx;
    st = ck_imageref_parse(&ref, image, err);
    if (st == CK_OK && pull_path(&ref, &path) != CK_OK)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (st == CK_OK)
        st = pull_auth(e, image, registry_auth, &auth_header, err);
    if (st == CK_OK) {
        headers[0] = auth_header.len ? auth_header.data : NULL;
        c.path = path.data;
        c.headers = headers;
        c.timeout_ms = e->stream_timeout_ms;
        st = ck_engine_request(e, &c, NULL, err);
        if (st == CK_OK && ps.line.len)
            st = pull_message(&ps, ck_buf_str(&ps.line), ps.line.len);
        st = pull_result(&c, &ps, st, image, err);
    }
    if (auth_header.data)
        memset(auth_header.data, 0, auth_header.len);
    ck_buf_release(&auth_header);
    ck_buf_release(&path);
    ck_buf_release(&ps.line);
    ck_imageref_release(&ref);
    return st;
}
