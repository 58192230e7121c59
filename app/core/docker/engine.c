/* The Engine API client: the connection, the version negotiation, the
 * requests every call makes, and the engine's own description (version,
 * info). Images and pulls are in engine_images.c, containers in
 * engine_containers.c. */
#include "docker/engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/engine_internal.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/log.h"
#include "util/text.h"

/* The Docker CLI's Host header over sockets and pipes. */
#define DUMMY_HOST "api.moby.localhost"

enum ck_status ck_engine_init(struct ck_engine *e, const struct ck_endpoint *ep, struct ck_err *err)
{
    memset(e, 0, sizeof *e);
    ck_endpoint_init(&e->endpoint);
    if (ck_endpoint_copy(&e->endpoint, ep) != CK_OK ||
        ck_http_client_init(&e->http, &e->endpoint.target,
                            ep->target.kind == CK_STREAM_TCP ? ep->address : DUMMY_HOST,
                            &e->cancel) != CK_OK) {
        ck_endpoint_release(&e->endpoint);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    e->timeout_ms = 60000;
    e->stream_timeout_ms = 600000;
    return CK_OK;
}

void ck_engine_release(struct ck_engine *e)
{
    ck_http_client_release(&e->http);
    ck_endpoint_release(&e->endpoint);
    memset(e, 0, sizeof *e);
}

void ck_engine_cancel(struct ck_engine *e)
{
    ck_flag_set(&e->cancel, 1);
    ck_http_client_cancel(&e->http);
}

void ck_engine_cancel_clear(struct ck_engine *e)
{
    ck_flag_set(&e->cancel, 0);
    /* A cancel that came while no call ran left the kept connection
     * cancelled; the next call starts on a fresh one. */
    ck_http_client_disconnect(&e->http);
}

int ck_engine_api_compare(const char *a, const char *b)
{
    long amaj = strtol(a, (char **)&a, 10), bmaj = strtol(b, (char **)&b, 10);
    long amin = *a == '.' ? strtol(a + 1, NULL, 10) : 0;
    long bmin = *b == '.' ? strtol(b + 1, NULL, 10) : 0;
    if (amaj != bmaj)
        return amaj < bmaj ? -1 : 1;
    return amin < bmin ? -1 : amin > bmin;
}

/* ---- errors -------------------------------------------------------------- */

/* "Docker Desktop" or "The Docker engine", to start a sentence. */
static void product_cap(const struct ck_engine *e, char *out, size_t size)
{
    snprintf(out, size, "%s", ck_endpoint_product(&e->endpoint));
    out[0] = (char)toupper((unsigned char)out[0]);
}

/* Rewrites a transport failure as a sentence that names the endpoint. */
static enum ck_status transport_error(const struct ck_engine *e, enum ck_status st, struct ck_err *err)
{
    char who[64], detail[CK_ERR_MSG_MAX];
    const struct ck_endpoint *ep = &e->endpoint;

    if (!err)
        return st;
    product_cap(e, who, sizeof who);
    snprintf(detail, sizeof detail, "%s", err->msg);
    switch (st) {
    case CK_ERR_NOTFOUND:
        return ck_err_set(err, st, "%s is not running: %s does not exist", who, ep->address);
    case CK_ERR_PERMISSION:
        if (ep->target.kind == CK_STREAM_UNIX)
            return ck_err_set(err, st, "permission denied on %s (is this user in the docker group?)", ep->address);
        return ck_err_set(err, st, "access denied to %s (is this user in the docker-users group?)", ep->address);
    case CK_ERR_CONNECT:
        if (ep->target.kind != CK_STREAM_TCP)
            return ck_err_set(err, st, "%s is not running: %s", who, detail);
        return ck_err_set(err, st, "cannot connect to %s at %s: %s", ck_endpoint_product(ep), ep->url, detail);
    case CK_ERR_TIMEOUT:
        return ck_err_set(err, st, "%s at %s did not answer in time (%s)", who, ep->url, detail);
    case CK_ERR_CANCELLED:
        return ck_err_set(err, st, "cancelled");
    case CK_ERR_IO:
    case CK_ERR_PROTOCOL:
        return ck_err_set(err, st, "the connection to %s at %s failed: %s", ck_endpoint_product(ep), ep->url, detail);
    default:
        return st;
    }
}

/* The "message" of an ErrorResponse body, else the body itself, trimmed. */
static void error_message(const struct ck_buf *body, char *out, size_t size)
{
    cJSON *json = body->len ? cJSON_ParseWithLength(ck_buf_str(body), body->len) : NULL;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(json, "message");
    size_t n;

    if (cJSON_IsString(m))
        snprintf(out, size, "%s", m->valuestring);
    else
        snprintf(out, size, "%.*s", (int)(body->len < 300 ? body->len : 300), ck_buf_str(body));
    cJSON_Delete(json);
    n = strlen(out);
    while (n > 0 && isspace((unsigned char)out[n - 1]))
        out[--n] = '\0';
}

/* ---- requests ------------------------------------------------------------ */

/* Routes the body: success bodies to the caller's sink, error bodies to a
 * small buffer for the message. */
struct route {
    const struct ck_http_response *resp;
    ck_http_body_fn sink;
    void *ctx;
    struct ck_buf *errbody;
    enum ck_status sink_status; /* what the sink returned, when it failed */
    const ck_atomic_flag *cancel;
};

static enum ck_status route_body(void *ctx, const char *data, size_t len)
{
    struct route *r = ctx;
    /* One read can hold many pieces of body: stop between them too. */
    if (ck_flag_get(r->cancel))
        return CK_ERR_CANCELLED;
    if (r->resp->status >= 200 && r->resp->status < 300) {
        enum ck_status st = r->sink ? r->sink(r->ctx, data, len) : CK_OK;
        r->sink_status = st;
        return st;
    }
    if (r->errbody->len + len > CK_ENGINE_ERROR_MAX)
        return CK_OK; /* the start of an error body says enough */
    return ck_buf_append(r->errbody, data, len);
}

/* Performs the call; on CK_OK *status holds the HTTP status and errbody the
 * body of a non-2xx answer. Transport failures become sentences. A sink
 * failure is returned as is. */
static enum ck_status perform(struct ck_engine *e, const struct ck_engine_call *c, struct ck_http_response *resp,
                              struct ck_buf *errbody, struct ck_err *err)
{
    struct ck_buf target;
    struct ck_http_request req;
    struct route r = {resp, c->sink, c->ctx, errbody, CK_OK, &e->cancel};
    enum ck_status st;

    ck_buf_init(&target);
    if ((c->versioned ? ck_buf_printf(&target, "/v%s%s", e->api_version, c->path)
                      : ck_buf_puts(&target, c->path)) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    memset(&req, 0, sizeof req);
    req.method = c->method;
    req.target = target.data;
    req.headers = c->headers;
    req.body = c->body;
    req.body_len = c->body ? strlen(c->body) : 0;
    req.timeout_ms = c->timeout_ms ? c->timeout_ms : e->timeout_ms;
    st = ck_http_client_request(&e->http, &req, resp, route_body, &r, err);
    ck_buf_release(&target);
    if (st == CK_ERR_CANCELLED || ck_flag_get(&e->cancel))
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    if (st != CK_OK && r.sink_status == st)
        /* The sink's own failure; callers with a better sentence replace it. */
        return ck_err_set(err, st, "reading the answer to %s %s stopped: %s", c->method, c->path,
                          ck_status_str(st));
    /* Before the head is complete, a failure is the transport's. */
    if (st != CK_OK && (resp->status == 0 || st == CK_ERR_TIMEOUT || st == CK_ERR_IO ||
                        st == CK_ERR_PROTOCOL))
        return transport_error(e, st, err);
    return st;
}

/* "the Docker engine at unix:///var/run/docker.sock answered HTTP 500 to
 * GET /info: <message>" */
static enum ck_status http_error(const struct ck_engine *e, const struct ck_engine_call *c, struct ck_err *err)
{
    return ck_err_set(err, c->status == 404 ? CK_ERR_NOTFOUND : CK_ERR_HTTP,
                      "%s at %s answered HTTP %d to %s %s%s%s", ck_endpoint_product(&e->endpoint),
                      e->endpoint.url, c->status, c->method, c->path, c->message[0] ? ": " : "",
                      c->message);
}

static void set_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static enum ck_status ping_once(struct ck_engine *e, const char *method, int *status,
                                struct ck_http_response *resp, struct ck_err *err)
{
    struct ck_engine_call c = {.method = method, .path = "/_ping"};
    struct ck_buf errbody;
    enum ck_status st;

    ck_buf_init(&errbody);
    ck_http_response_release(resp);
    st = perform(e, &c, resp, &errbody, err);
    ck_buf_release(&errbody);
    *status = resp->status;
    return st;
}

enum ck_status ck_engine_ping(struct ck_engine *e, struct ck_err *err)
{
    struct ck_http_response resp;
    const char *api, *os;
    char server[16];
    int status = 0;
    enum ck_status st;

    ck_http_response_init(&resp);
    st = ping_once(e, "HEAD", &status, &resp, err);
    /* Like the docker CLI: fall back to GET when HEAD is not answered 200. */
    if (st != CK_ERR_CANCELLED && (st != CK_OK || status != 200) &&
        !(st == CK_ERR_NOTFOUND || st == CK_ERR_PERMISSION || st == CK_ERR_CONNECT))
        st = ping_once(e, "GET", &status, &resp, err);
    if (st != CK_OK)
        goto cleanup;
    if (status != 200) {
        st = ck_err_set(err, CK_ERR_PROTOCOL, "%s at %s answered HTTP %d to /_ping: is it a Docker engine?",
                        ck_endpoint_product(&e->endpoint), e->endpoint.url, status);
        goto cleanup;
    }
    api = ck_http_response_header(&resp, "Api-Version");
    os = ck_http_response_header(&resp, "OSType");
    /* An engine that does not say is older than the header (API < 1.25). */
    set_str(server, sizeof server, api && isdigit((unsigned char)*api) ? api : CK_ENGINE_API_MIN);
    if (ck_engine_api_compare(server, CK_ENGINE_API_MIN) < 0) {
        st = ck_err_set(err, CK_ERR_UNSUPPORTED,
                        "%s at %s is too old: it speaks Engine API %s, and ContainerKitty needs %s or newer",
                        ck_endpoint_product(&e->endpoint), e->endpoint.url, server, CK_ENGINE_API_MIN);
        goto cleanup;
    }
    set_str(e->server_api_version, sizeof e->server_api_version, server);
    set_str(e->os_type, sizeof e->os_type, os);
    set_str(e->api_version, sizeof e->api_version,
            ck_engine_api_compare(server, CK_ENGINE_API_MAX) < 0 ? server : CK_ENGINE_API_MAX);
    ck_log(CK_LOG_DEBUG, "engine %s: API %s (engine %s), OS %s", e->endpoint.url, e->api_version,
           server, *e->os_type ? e->os_type : "?");

cleanup:
    ck_http_response_release(&resp);
    return st;
}

static enum ck_status negotiate(struct ck_engine *e, struct ck_err *err)
{
    return e->api_version[0] ? CK_OK : ck_engine_ping(e, err);
}

enum ck_status ck_engine_require_linux(struct ck_engine *e, struct ck_err *err)
{
    enum ck_status st = negotiate(e, err);

    if (st != CK_OK || ck_text_casecmp(e->os_type, "windows") != 0)
        return st;
    return ck_err_set(err, CK_ERR_UNSUPPORTED,
                      "%s at %s runs Windows containers, and ContainerKitty reads Linux images: " CK_ENGINE_SWITCH_ADVICE,
                      ck_endpoint_product(&e->endpoint), e->endpoint.url);
}

enum ck_status ck_engine_request(struct ck_engine *e, struct ck_engine_call *c, struct ck_http_response *resp_out,
                                 struct ck_err *err)
{
    struct ck_http_response resp;
    struct ck_buf errbody;
    enum ck_status st;

    c->status = 0;
    c->message[0] = '\0';
    st = negotiate(e, err);
    if (st != CK_OK)
        return st;
    c->versioned = 1;
    ck_http_response_init(&resp);
    ck_buf_init(&errbody);
    st = perform(e, c, &resp, &errbody, err);
    c->status = resp.status;
    if (st == CK_OK && (resp.status < 200 || resp.status >= 300)) {
        error_message(&errbody, c->message, sizeof c->message);
        st = http_error(e, c, err);
    }
    if (resp_out) {
        ck_http_response_release(resp_out);
        *resp_out = resp;
    } else {
        ck_http_response_release(&resp);
    }
    ck_buf_release(&errbody);
    return st;
}

int ck_engine_failed_with(const struct ck_engine_call *c, enum ck_status st, int status)
{
    return st != CK_OK && c->status == status;
}

enum ck_status ck_engine_get_json(struct ck_engine *e, struct ck_engine_call *c, cJSON **out, struct ck_err *err)
{
    struct ck_buf body;
    struct ck_http_collect col;
    cJSON *json;
    enum ck_status st;

    ck_buf_init(&body);
    col.buf = &body;
    col.max = CK_ENGINE_JSON_MAX;
    c->method = "GET";
    c->sink = ck_http_collect_fn;
    c->ctx = &col;
    st = ck_engine_request(e, c, NULL, err);
    if (st == CK_ERR_LIMIT)
        st = ck_err_set(err, st, "the answer to GET %s is larger than %u MiB", c->path, CK_ENGINE_JSON_MAX >> 20);
    if (st == CK_OK) {
        json = cJSON_ParseWithLength(ck_buf_str(&body), body.len);
        if (!json)
            st = ck_err_set(err, CK_ERR_PROTOCOL, "the answer to GET %s is not JSON", c->path);
        else
            *out = json;
    }
    ck_buf_release(&body);
    return st;
}

/* Appends a name to a path: references and ids pass as they are (the
 * engine's router takes them raw, slashes included); anything else is
 * escaped. */
static enum ck_status append_name(struct ck_buf *b, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    enum ck_status st = CK_OK;

    for (; *name && st == CK_OK; name++) {
        unsigned char ch = (unsigned char)*name;
        if (isalnum(ch) || strchr("-._~:/@+", ch)) {
            st = ck_buf_putc(b, (char)ch);
        } else {
            char esc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            st = ck_buf_append(b, esc, 3);
        }
    }
    return st;
}

enum ck_status ck_engine_name_path(const char *prefix, const char *name, const char *suffix,
                                   const char *query_value, char **out, struct ck_err *err)
{
    struct ck_buf b;

    if (!name || !*name)
        return ck_err_set(err, CK_ERR_ARG, "empty image or container name");
    ck_buf_init(&b);
    if (ck_buf_puts(&b, prefix) != CK_OK || append_name(&b, name) != CK_OK ||
        ck_buf_puts(&b, suffix) != CK_OK ||
        (query_value && ck_http_append_escaped(&b, query_value) != CK_OK)) {
        ck_buf_release(&b);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    *out = ck_buf_take(&b);
    return CK_OK;
}

enum ck_status ck_engine_request_at(struct ck_engine *e, struct ck_engine_call *c, const char *prefix,
                                    const char *name, const char *suffix, const char *query_value,
                                    struct ck_http_response *resp_out, struct ck_err *err)
{
    char *path = NULL;
    enum ck_status st = ck_engine_name_path(prefix, name, suffix, query_value, &path, err);

    if (st != CK_OK)
        return st;
    c->path = path;
    st = ck_engine_request(e, c, resp_out, err);
    c->path = NULL;
    free(path);
    return st;
}

/* ---- system ----------------------------------------------------------- */

enum ck_status ck_engine_version(struct ck_engine *e, struct ck_engine_version *out,
                                 struct ck_err *err)
{
    struct ck_engine_call c = {.path = "/version"};
    cJSON *json = NULL;
    struct ck_engine_version v;
    enum ck_status st = ck_engine_get_json(e, &c, &json, err);

    if (st != CK_OK)
        return st;
    memset(&v, 0, sizeof v);
    set_str(v.version, sizeof v.version, ck_json_str(json, "Version"));
    set_str(v.api_version, sizeof v.api_version, ck_json_str(json, "ApiVersion"));
    set_str(v.min_api_version, sizeof v.min_api_version, ck_json_str(json, "MinAPIVersion"));
    set_str(v.os, sizeof v.os, ck_json_str(json, "Os"));
    set_str(v.arch, sizeof v.arch, ck_json_str(json, "Arch"));
    set_str(v.kernel, sizeof v.kernel, ck_json_str(json, "KernelVersion"));
    cJSON_Delete(json);
    if (!v.version[0])
        return ck_err_set(err, CK_ERR_PROTOCOL, "%s at %s sent no version",
                          ck_endpoint_product(&e->endpoint), e->endpoint.url);
    *out = v;
    return CK_OK;
}

enum ck_status ck_engine_info(struct ck_engine *e, cJSON **out, struct ck_err *err)
{
    struct ck_engine_call c = {.path = "/info"};
    return ck_engine_get_json(e, &c, out, err);
}

