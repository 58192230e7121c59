#include "docker/endpoint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docker/dockercfg.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/log.h"

#define DEFAULT_TCP_PORT 2375

void ck_endpoint_init(struct ck_endpoint *ep) { memset(ep, 0, sizeof *ep); }

void ck_endpoint_release(struct ck_endpoint *ep)
{
    free(ep->url);
    free(ep->address);
    free(ep->source);
    free((char *)ep->target.path);
    free((char *)ep->target.host);
    ck_endpoint_init(ep);
}

static char *dup_or_null(const char *s, int *failed)
{
    char *d;
    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        *failed = 1;
    return d;
}

enum ck_status ck_endpoint_copy(struct ck_endpoint *out, const struct ck_endpoint *src)
{
    struct ck_endpoint e;
    int failed = 0;

    ck_endpoint_init(&e);
    e.url = dup_or_null(src->url, &failed);
    e.address = dup_or_null(src->address, &failed);
    e.source = dup_or_null(src->source, &failed);
    e.target = src->target;
    e.target.path = dup_or_null(src->target.path, &failed);
    e.target.host = dup_or_null(src->target.host, &failed);
    if (failed) {
        ck_endpoint_release(&e);
        return CK_ERR_NOMEM;
    }
    ck_endpoint_release(out);
    *out = e;
    return CK_OK;
}

static int starts_with(const char *s, const char *prefix)
{
    size_t n = strlen(prefix), i;
    for (i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != prefix[i])
            return 0;
    return 1;
}

/* npipe:////./pipe/docker_engine -> \\.\pipe\docker_engine */
static enum ck_status parse_npipe(struct ck_endpoint *e, const char *rest, const char *url,
                                  struct ck_err *err)
{
    struct ck_buf b;
    const char *p;

    ck_buf_init(&b);
    if (!(rest[0] == '/' && rest[1] == '/') && !(rest[0] == '\\' && rest[1] == '\\'))
        ck_buf_puts(&b, "\\\\");
    for (p = rest; *p; p++)
        ck_buf_putc(&b, *p == '/' ? '\\' : *p);
    /* \\<server>\pipe\<name>: the name must not be empty */
    if (ck_buf_status(&b) != CK_OK || !b.data || !strstr(b.data, "\\pipe\\") || ck_buf_str(&b)[b.len - 1] == '\\') {
        ck_buf_release(&b);
        return ck_err_set(err, CK_ERR_ARG, "invalid named pipe in Docker host \"%s\" (expected npipe:////./pipe/<name>)", url);
    }
    e->target.kind = CK_STREAM_NPIPE;
    e->target.path = ck_buf_take(&b);
    e->address = e->target.path ? strdup(e->target.path) : NULL;
    return CK_OK;
}

static enum ck_status parse_tcp(struct ck_endpoint *e, const char *rest, const char *url,
                                struct ck_err *err)
{
    const char *host = rest, *host_end, *port_s = NULL, *end;
    unsigned long port = DEFAULT_TCP_PORT;
    char *h;

    end = rest + strcspn(rest, "/?#");
    if (*end && !(end[0] == '/' && end[1] == '\0'))
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "Docker host \"%s\": a path after the address is not supported", url);
    if (*host == '[') {
        host_end = memchr(host, ']', (size_t)(end - host));
        if (!host_end)
            return ck_err_set(err, CK_ERR_ARG, "invalid IPv6 address in Docker host \"%s\"", url);
        host++;
        if (host_end + 1 < end) {
            if (host_end[1] != ':')
                return ck_err_set(err, CK_ERR_ARG, "invalid Docker host \"%s\"", url);
            port_s = host_end + 2;
        }
    } else {
        const char *colon = memchr(host, ':', (size_t)(end - host));
        host_end = colon ? colon : end;
        if (colon)
            port_s = colon + 1;
    }
    if (port_s) {
        char *stop;
        if (port_s == end || !isdigit((unsigned char)*port_s))
            return ck_err_set(err, CK_ERR_ARG, "invalid port in Docker host \"%s\"", url);
        port = strtoul(port_s, &stop, 10);
        if (stop != end || port == 0 || port > 65535)
            return ck_err_set(err, CK_ERR_ARG, "invalid port in Docker host \"%s\"", url);
    }
    if (host_end == host)
        return ck_err_set(err, CK_ERR_ARG, "no host name in Docker host \"%s\"", url);
    h = malloc((size_t)(host_end - host) + 1);
    if (!h)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    memcpy(h, host, (size_t)(host_end - host));
    h[host_end - host] = '\0';
    e->target.kind = CK_STREAM_TCP;
    e->target.host = h;
    e->target.port = (unsigned)port;
    {
        struct ck_buf b;
        ck_buf_init(&b);
        ck_buf_printf(&b, strchr(h, ':') ? "[%s]:%lu" : "%s:%lu", h, port);
        e->address = b.data ? ck_buf_take(&b) : NULL;
    }
    return CK_OK;
}

enum ck_status ck_endpoint_parse(struct ck_endpoint *ep, const char *url, const char *source,
                                 struct ck_err *err)
{
    struct ck_endpoint e;
    enum ck_status st;

    if (!url || !*url)
        return ck_err_set(err, CK_ERR_ARG, "empty Docker host");
    ck_endpoint_init(&e);
    if (starts_with(url, "unix://")) {
        if (!url[7]) {
            st = ck_err_set(err, CK_ERR_ARG, "no socket path in Docker host \"%s\"", url);
        } else {
            e.target.kind = CK_STREAM_UNIX;
            e.target.path = strdup(url + 7);
            e.address = strdup(url + 7);
            st = CK_OK;
        }
    } else if (starts_with(url, "npipe://")) {
        st = parse_npipe(&e, url + 8, url, err);
    } else if (starts_with(url, "tcp://")) {
        st = parse_tcp(&e, url + 6, url, err);
    } else if (starts_with(url, "http://")) {
        st = parse_tcp(&e, url + 7, url, err);
    } else if (starts_with(url, "ssh://")) {
        st = ck_err_set(err, CK_ERR_UNSUPPORTED,
                        "Docker host \"%s\": ssh:// endpoints are not supported; use a local engine or tcp://", url);
    } else if (starts_with(url, "https://")) {
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "Docker host \"%s\": TLS endpoints are not supported", url);
    } else if (strstr(url, "://")) {
        st = ck_err_set(err, CK_ERR_ARG, "Docker host \"%s\": unknown scheme (expected unix://, npipe:// or tcp://)", url);
    } else if (url[0] == '/') {
        e.target.kind = CK_STREAM_UNIX;
        e.target.path = strdup(url);
        e.address = strdup(url);
        st = CK_OK;
    } else {
        st = parse_tcp(&e, url, url, err);
    }
    if (st == CK_OK) {
        e.url = strdup(url);
        e.source = strdup(source ? source : "--host");
        if (!e.url || !e.source || !e.address ||
            (e.target.kind != CK_STREAM_TCP && !e.target.path))
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    if (st != CK_OK) {
        ck_endpoint_release(&e);
        return st;
    }
    ck_endpoint_release(ep);
    *ep = e;
    return CK_OK;
}

static int given(const char *s) { return s && *s; }

/* The TLS variable of env that is set, or NULL. */
static const char *tls_variable(const struct ck_endpoint_env *env)
{
    if (given(env->docker_tls_verify))
        return "DOCKER_TLS_VERIFY";
    if (given(env->docker_tls))
        return "DOCKER_TLS";
    return NULL;
}

/* A host from --host or DOCKER_HOST, which the TLS variables apply to. */
static enum ck_status parse_host(struct ck_endpoint *ep, const char *url, const char *source,
                                 const struct ck_endpoint_env *env, struct ck_err *err)
{
    struct ck_endpoint e;
    const char *tls = tls_variable(env);
    enum ck_status st;

    ck_endpoint_init(&e);
    if ((st = ck_endpoint_parse(&e, url, source, err)) != CK_OK)
        return st;
    if (tls && e.target.kind == CK_STREAM_TCP) {
        ck_endpoint_release(&e);
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s is set, so the Docker engine at %s (%s) expects TLS, which "
                          "ContainerKitty does not speak to the engine; it will not use plain TCP instead. Reach "
                          "the engine through a local socket or named pipe, or an SSH tunnel to 127.0.0.1",
                          tls, url, source);
    }
    ck_endpoint_release(ep);
    *ep = e;
    return CK_OK;
}

/* The endpoint of a named context. */
static enum ck_status from_context(struct ck_endpoint *ep, const struct ck_endpoint_env *env,
                                   const char *name, const char *why, struct ck_err *err)
{
    char *host = NULL, source[300];
    int tls = 0;
    enum ck_status st;

    if (!strcmp(name, "default")) {
        if (given(env->docker_host))
            return parse_host(ep, env->docker_host, "DOCKER_HOST", env, err);
        return ck_endpoint_parse(ep, CK_ENDPOINT_DEFAULT_HOST, "default", err);
    }
    if (!given(env->config_dir))
        return ck_err_set(err, CK_ERR_NOTFOUND, "Docker context \"%s\" (%s) cannot be looked up: no docker config folder",
                          name, why);
    st = ck_dockercfg_context_host(env->config_dir, name, &host, &tls, err);
    if (st != CK_OK)
        return st;
    snprintf(source, sizeof source, "context \"%s\" (%s)", name, why);
    if (tls && (starts_with(host, "tcp://") || starts_with(host, "http")))
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "Docker context \"%s\" (%s) uses TLS, which is not supported",
                        name, host);
    else
        st = ck_endpoint_parse(ep, host, source, err);
    free(host);
    return st;
}

enum ck_status ck_endpoint_select(struct ck_endpoint *ep, const struct ck_endpoint_env *env,
                                  struct ck_err *err)
{
    cJSON *config = NULL;
    const cJSON *current;
    enum ck_status st;

    if (given(env->host) && given(env->context))
        return ck_err_set(err, CK_ERR_ARG, "conflicting options: give either a host or a context, not both");
    if (given(env->host))
        return parse_host(ep, env->host, "--host", env, err);
    if (given(env->context))
        return from_context(ep, env, env->context, "--context", err);
    if (given(env->docker_host))
        return parse_host(ep, env->docker_host, "DOCKER_HOST", env, err);
    if (given(env->docker_context))
        return from_context(ep, env, env->docker_context, "DOCKER_CONTEXT", err);
    if (given(env->config_dir)) {
        struct ck_err cfg_err;
        if (ck_dockercfg_load(env->config_dir, &config, &cfg_err) != CK_OK)
            /* The CLI refuses a broken config.json; we name it and carry on. */
            ck_log(CK_LOG_WARN, "%s; using the default Docker host", cfg_err.msg);
    }
    current = cJSON_GetObjectItemCaseSensitive(config, "currentContext");
    if (cJSON_IsString(current) && *current->valuestring)
        st = from_context(ep, env, current->valuestring, "currentContext in config.json", err);
    else
        st = ck_endpoint_parse(ep, CK_ENDPOINT_DEFAULT_HOST, "default", err);
    cJSON_Delete(config);
    return st;
}

enum ck_status ck_endpoint_resolve(struct ck_endpoint *ep, const char *host, const char *context,
                                   struct ck_err *err)
{
    struct ck_endpoint_env env;
    char *docker_host = ck_getenv("DOCKER_HOST");
    char *docker_context = ck_getenv("DOCKER_CONTEXT");
    char *tls_verify = ck_getenv("DOCKER_TLS_VERIFY");
    char *tls = ck_getenv("DOCKER_TLS");
    char *config_dir = ck_dockercfg_dir();
    enum ck_status st;

    env.host = host;
    env.context = context;
    env.docker_host = docker_host;
    env.docker_context = docker_context;
    env.config_dir = config_dir;
    env.docker_tls_verify = tls_verify;
    env.docker_tls = tls;
    st = ck_endpoint_select(ep, &env, err);
    free(docker_host);
    free(docker_context);
    free(tls_verify);
    free(tls);
    free(config_dir);
    return st;
}

/* 127.0.0.0/8 written as a dotted quad of decimals. */
static int is_ipv4_loopback(const char *h)
{
    unsigned parts[4];
    int i;
    for (i = 0; i < 4; i++) {
        unsigned v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*h) && digits < 4) {
            v = v * 10 + (unsigned)(*h++ - '0');
            digits++;
        }
        if (!digits || v > 255 || (i < 3 && *h++ != '.'))
            return 0;
        parts[i] = v;
    }
    return !*h && parts[0] == 127;
}

/* ::1 in its spellings (0:0:0:0:0:0:0:1, ::0001, ...), and ::ffff:127.x.y.z. */
static int is_ipv6_loopback(const char *h)
{
    size_t n = strlen(h), colons = 0, i;
    const char *last = strrchr(h, ':');
    if (!last)
        return 0;
    if (n > 7 && !strncasecmp(h, "::ffff:", 7))
        return is_ipv4_loopback(h + 7);
    for (i = 0; h + i < last; i++) {
        if (h[i] == ':')
            colons++;
        else if (h[i] != '0')
            return 0;
    }
    colons++;
    /* the last group: 1 with leading zeros */
    for (i = 1; last[i] == '0'; i++)
        ;
    if (strcmp(last + i, "1") != 0)
        return 0;
    return strstr(h, "::") != NULL || colons == 7;
}

int ck_endpoint_is_plain_remote(const struct ck_endpoint *ep)
{
    const char *h = ep->target.host;
    if (ep->target.kind != CK_STREAM_TCP)
        return 0;
    if (!h)
        return 1;
    return !(!strcasecmp(h, "localhost") || is_ipv4_loopback(h) || is_ipv6_loopback(h));
}

const char *ck_endpoint_product(const struct ck_endpoint *ep)
{
    static const char *const desktop_pipes[] = {"docker_engine", "dockerDesktopLinuxEngine",
                                                "dockerDesktopWindowsEngine", "docker_engine_linux",
                                                "docker_engine_windows"};
    const char *path = ep->target.path;
    size_t i;

    if (ep->target.kind == CK_STREAM_NPIPE && path) {
        const char *name = strrchr(path, '\\');
        name = name ? name + 1 : path;
        for (i = 0; i < sizeof desktop_pipes / sizeof desktop_pipes[0]; i++)
            if (!strcmp(name, desktop_pipes[i]))
                return "Docker Desktop";
    }
    /* Docker Desktop for Linux and Mac: ~/.docker/desktop/docker.sock */
    if (ep->target.kind == CK_STREAM_UNIX && path && strstr(path, "/.docker/desktop/docker.sock"))
        return "Docker Desktop";
    return "the Docker engine";
}
