#include "engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/regauth.h"
#include "sources/imageref.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/log.h"

/* The Docker CLI's Host header over sockets and pipes. */
#define DUMMY_HOST "api.moby.localhost"
/* A pull's progress messages are short; a longer line is not one. */
#define PULL_LINE_MAX (1u << 20)
/* The command given to containers that are never started: images made by
 * `docker import` (or FROM scratch) have neither Entrypoint nor Cmd, and the
 * engine refuses to create a container without a command. */
#define PLACEHOLDER_CMD "/containerkitty-never-started"

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

struct call {
    const char *method;
    const char *path;            /* without the version prefix, query included */
    const char *const *headers;
    const char *body;            /* JSON, or NULL */
    ck_http_body_fn sink;        /* 2xx body */
    void *ctx;
    unsigned timeout_ms;
    int versioned;               /* prefix /v<api> */
    /* results */
    int status;                  /* HTTP status, 0 when none arrived */
    char message[300];           /* the engine's error message of a non-2xx answer */
};

/* Performs the call; on CK_OK *status holds the HTTP status and errbody the
 * body of a non-2xx answer. Transport failures become sentences. A sink
 * failure is returned as is. */
static enum ck_status perform(struct ck_engine *e, const struct call *c, struct ck_http_response *resp,
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
static enum ck_status http_error(const struct ck_engine *e, const struct call *c, struct ck_err *err)
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
    struct call c = {.method = method, .path = "/_ping"};
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

/* A versioned call whose 2xx body goes to c->sink. Non-2xx statuses become
 * errors (404 as CK_ERR_NOTFOUND) with c->status and c->message set for
 * callers that say it better. resp_out (may be NULL) receives the head. */
static enum ck_status call(struct ck_engine *e, struct call *c, struct ck_http_response *resp_out,
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

/* Non-zero when the call failed with this HTTP status. */
static int failed_with(const struct call *c, enum ck_status st, int status)
{
    return st != CK_OK && c->status == status;
}

/* A versioned GET of a JSON document (at most CK_ENGINE_JSON_MAX bytes). */
static enum ck_status get_json(struct ck_engine *e, struct call *c, cJSON **out, struct ck_err *err)
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
    st = call(e, c, NULL, err);
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

/* "<prefix><name><suffix>[<escaped query value>]", malloc'd into *out. */
static enum ck_status name_path(const char *prefix, const char *name, const char *suffix,
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

static const char *json_str(const cJSON *obj, const char *name)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* ---- system ----------------------------------------------------------- */

enum ck_status ck_engine_version(struct ck_engine *e, struct ck_engine_version *out,
                                 struct ck_err *err)
{
    struct call c = {.path = "/version"};
    cJSON *json = NULL;
    struct ck_engine_version v;
    enum ck_status st = get_json(e, &c, &json, err);

    if (st != CK_OK)
        return st;
    memset(&v, 0, sizeof v);
    set_str(v.version, sizeof v.version, json_str(json, "Version"));
    set_str(v.api_version, sizeof v.api_version, json_str(json, "ApiVersion"));
    set_str(v.min_api_version, sizeof v.min_api_version, json_str(json, "MinAPIVersion"));
    set_str(v.os, sizeof v.os, json_str(json, "Os"));
    set_str(v.arch, sizeof v.arch, json_str(json, "Arch"));
    set_str(v.kernel, sizeof v.kernel, json_str(json, "KernelVersion"));
    cJSON_Delete(json);
    if (!v.version[0])
        return ck_err_set(err, CK_ERR_PROTOCOL, "%s at %s sent no version",
                          ck_endpoint_product(&e->endpoint), e->endpoint.url);
    *out = v;
    return CK_OK;
}

enum ck_status ck_engine_info(struct ck_engine *e, cJSON **out, struct ck_err *err)
{
    struct call c = {.path = "/info"};
    return get_json(e, &c, out, err);
}

/* ---- images ------------------------------------------------------------- */

enum ck_status ck_engine_image_list(struct ck_engine *e, cJSON **out, struct ck_err *err)
{
    struct call c = {.path = "/images/json?digests=1"};
    cJSON *json = NULL;
    enum ck_status st = get_json(e, &c, &json, err);

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
    struct call c = {0};
    char *path = NULL;
    enum ck_status st = name_path("/images/", name, "/json", NULL, &path, err);

    if (st != CK_OK)
        return st;
    c.path = path;
    st = get_json(e, &c, out, err);
    if (failed_with(&c, st, 404))
        st = image_absent(e, name, err);
    free(path);
    return st;
}

enum ck_status ck_engine_image_remove(struct ck_engine *e, const char *name, int force,
                                      struct ck_err *err)
{
    struct call c = {.method = "DELETE"};
    char *path = NULL;
    enum ck_status st = name_path("/images/", name, force ? "?force=1" : "", NULL, &path, err);

    if (st != CK_OK)
        return st;
    c.path = path;
    st = call(e, &c, NULL, err);
    if (failed_with(&c, st, 404))
        st = image_absent(e, name, err);
    else if (failed_with(&c, st, 409))
        st = ck_err_set(err, CK_ERR_HTTP, "image %s cannot be removed: %s", name, c.message);
    free(path);
    return st;
}

enum ck_status ck_engine_image_save(struct ck_engine *e, const char *name, ck_http_body_fn sink,
                                    void *ctx, struct ck_err *err)
{
    struct call c = {.method = "GET", .sink = sink, .ctx = ctx};
    char *path = NULL;
    enum ck_status st = name_path("/images/", name, "/get", NULL, &path, err);

    if (st != CK_OK)
        return st;
    c.path = path;
    c.timeout_ms = e->stream_timeout_ms;
    st = call(e, &c, NULL, err);
    if (failed_with(&c, st, 404))
        st = image_absent(e, name, err);
    free(path);
    return st;
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
        set_str(ps->error, sizeof ps->error, cJSON_IsString(msg) ? msg->valuestring : "unknown error");
        cJSON_Delete(json);
        return CK_ERR_HTTP; /* stops the stream */
    }
    detail = cJSON_GetObjectItemCaseSensitive(json, "progressDetail");
    ev.id = json_str(json, "id");
    ev.status = json_str(json, "status");
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

enum ck_status ck_engine_pull(struct ck_engine *e, const char *image, const char *registry_auth,
                              ck_pull_fn progress, void *ctx, struct ck_err *err)
{
    struct ck_imageref ref;
    struct pull_state ps;
    struct ck_buf path, auth_header;
    struct call c = {.method = "POST", .sink = pull_body};
    const char *headers[2] = {NULL, NULL};
    char *looked_up = NULL;
    enum ck_status st;

    ck_imageref_init(&ref);
    ck_buf_init(&path);
    ck_buf_init(&auth_header);
    memset(&ps, 0, sizeof ps);
    ck_buf_init(&ps.line);
    ps.progress = progress;
    ps.ctx = ctx;
    st = ck_imageref_parse(&ref, image, err);
    if (st != CK_OK)
        goto cleanup;
    st = pull_path(&ref, &path);
    if (st == CK_OK && !registry_auth) {
        /* As `docker pull` does: the user's credentials for that registry. */
        struct ck_err auth_err;
        if (ck_regauth_header_for_image(NULL, image, &looked_up, &auth_err) != CK_OK)
            ck_log(CK_LOG_WARN, "%s; pulling %s without credentials", auth_err.msg, image);
        registry_auth = looked_up;
    }
    if (st == CK_OK && registry_auth && *registry_auth && ck_endpoint_is_plain_remote(&e->endpoint)) {
        /* X-Registry-Auth is the user's password, merely encoded */
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "not pulling %s: the Docker engine at %s is reached over plain "
                        "TCP, which would carry your registry credentials (X-Registry-Auth) across the network "
                        "unencrypted; reach the engine through a local socket or named pipe or an SSH tunnel "
                        "to 127.0.0.1 (without credentials for that registry a pull goes ahead anonymously)",
                        image, e->endpoint.url);
        goto cleanup;
    }
    if (st == CK_OK && registry_auth && *registry_auth) {
        st = ck_buf_printf(&auth_header, "X-Registry-Auth: %s", registry_auth);
        headers[0] = auth_header.data;
    }
    if (st != CK_OK) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    c.path = path.data;
    c.headers = headers;
    c.ctx = &ps;
    c.timeout_ms = e->stream_timeout_ms;
    st = call(e, &c, NULL, err);
    if (st == CK_OK && ps.line.len)
        st = pull_message(&ps, ck_buf_str(&ps.line), ps.line.len);
    if (st == CK_ERR_HTTP && ps.error[0])
        st = ck_err_set(err, CK_ERR_HTTP, "pulling %s failed: %s", image, ps.error);
    else if (st == CK_ERR_LIMIT)
        st = ck_err_set(err, CK_ERR_PROTOCOL, "pulling %s: the engine sent a progress line longer than %u bytes",
                        image, PULL_LINE_MAX);
    else if (failed_with(&c, st, 404))
        st = ck_err_set(err, CK_ERR_NOTFOUND, "image %s was not found: %s", image, c.message);
    else if (st != CK_OK && c.status >= 400)
        st = ck_err_set(err, st, "pulling %s failed (HTTP %d): %s", image, c.status, c.message);

cleanup:
    ck_regauth_free_secret(looked_up);
    if (auth_header.data)
        memset(auth_header.data, 0, auth_header.len);
    ck_buf_release(&auth_header);
    ck_buf_release(&path);
    ck_buf_release(&ps.line);
    ck_imageref_release(&ref);
    return st;
}

/* ---- containers ----------------------------------------------------------- */

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

enum ck_status ck_engine_container_create(struct ck_engine *e, const char *image, char **id,
                                          struct ck_err *err)
{
    struct ck_buf out;
    struct ck_http_collect col = {&out, CK_ENGINE_ERROR_MAX};
    struct call c = {.method = "POST", .path = "/containers/create", .sink = ck_http_collect_fn, .ctx = &col};
    cJSON *reply = NULL;
    const char *new_id;
    char *json = create_body(image), *copy;
    enum ck_status st;

    ck_buf_init(&out);
    if (!json) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    c.body = json;
    st = call(e, &c, NULL, err);
    if (failed_with(&c, st, 404)) {
        st = ck_err_set(err, CK_ERR_NOTFOUND, "image %s is not in the engine at %s (pull it first)", image,
                        e->endpoint.url);
        goto cleanup;
    }
    if (st != CK_OK) {
        if (c.status >= 400)
            st = ck_err_set(err, st, "creating a container of %s failed (HTTP %d): %s", image, c.status, c.message);
        goto cleanup;
    }
    reply = cJSON_ParseWithLength(ck_buf_str(&out), out.len);
    new_id = json_str(reply, "Id");
    if (!new_id || !*new_id) {
        st = ck_err_set(err, CK_ERR_PROTOCOL, "the engine created a container of %s but sent no Id", image);
        goto cleanup;
    }
    copy = strdup(new_id);
    if (!copy) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    *id = copy;

cleanup:
    cJSON_Delete(reply);
    cJSON_free(json);
    ck_buf_release(&out);
    return st;
}

/* The 12-digit short form of a container id, for messages. */
static void short_id(const char *id, char out[13])
{
    snprintf(out, 13, "%s", id);
}

enum ck_status ck_engine_container_archive(struct ck_engine *e, const char *id, const char *path,
                                           ck_http_body_fn sink, void *ctx, struct ck_err *err)
{
    struct call c = {.method = "GET", .sink = sink, .ctx = ctx};
    char *target = NULL, sid[13];
    enum ck_status st = name_path("/containers/", id, "/archive?path=", path, &target, err);

    if (st != CK_OK)
        return st;
    c.path = target;
    c.timeout_ms = e->stream_timeout_ms;
    st = call(e, &c, NULL, err);
    short_id(id, sid);
    if (failed_with(&c, st, 404))
        st = ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist in container %s", path, sid);
    free(target);
    return st;
}

enum ck_status ck_engine_container_stat(struct ck_engine *e, const char *id, const char *path,
                                        cJSON **out, struct ck_err *err)
{
    struct call c = {.method = "HEAD"};
    struct ck_http_response resp;
    struct ck_buf decoded;
    char *target = NULL, sid[13];
    const char *hdr;
    cJSON *json = NULL;
    enum ck_status st = name_path("/containers/", id, "/archive?path=", path, &target, err);

    if (st != CK_OK)
        return st;
    ck_http_response_init(&resp);
    ck_buf_init(&decoded);
    c.path = target;
    st = call(e, &c, &resp, err);
    short_id(id, sid);
    if (failed_with(&c, st, 404))
        st = ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist in container %s", path, sid);
    if (st == CK_OK) {
        hdr = ck_http_response_header(&resp, "X-Docker-Container-Path-Stat");
        if (hdr && ck_base64_decode(&decoded, hdr, strlen(hdr)) == CK_OK)
            json = cJSON_ParseWithLength(ck_buf_str(&decoded), decoded.len);
        if (!json)
            st = ck_err_set(err, CK_ERR_PROTOCOL, "the engine sent no readable stat of %s in container %s", path, sid);
        else
            *out = json;
    }
    ck_buf_release(&decoded);
    ck_http_response_release(&resp);
    free(target);
    return st;
}

enum ck_status ck_engine_container_export(struct ck_engine *e, const char *id,
                                          ck_http_body_fn sink, void *ctx, struct ck_err *err)
{
    struct call c = {.method = "GET", .sink = sink, .ctx = ctx};
    char *target = NULL, sid[13];
    enum ck_status st = name_path("/containers/", id, "/export", NULL, &target, err);

    if (st != CK_OK)
        return st;
    c.path = target;
    c.timeout_ms = e->stream_timeout_ms;
    st = call(e, &c, NULL, err);
    short_id(id, sid);
    if (failed_with(&c, st, 404))
        st = ck_err_set(err, CK_ERR_NOTFOUND, "container %s does not exist", sid);
    free(target);
    return st;
}

enum ck_status ck_engine_container_remove(struct ck_engine *e, const char *id, struct ck_err *err)
{
    struct call c = {.method = "DELETE"};
    char *target = NULL, sid[13];
    enum ck_status st = name_path("/containers/", id, "?force=1&v=1", NULL, &target, err);

    if (st != CK_OK)
        return st;
    c.path = target;
    st = call(e, &c, NULL, err);
    short_id(id, sid);
    if (failed_with(&c, st, 404))
        st = ck_err_set(err, CK_ERR_NOTFOUND, "container %s does not exist", sid);
    free(target);
    return st;
}
