/* Which Docker engine to talk to, chosen as the docker CLI chooses:
 *   1. an explicit host (setting or --host)        [--context with it: error]
 *   2. an explicit context (--context)
 *   3. DOCKER_HOST
 *   4. DOCKER_CONTEXT
 *   5. config.json "currentContext"
 *   6. the default: npipe:////./pipe/docker_engine on Windows,
 *      unix:///var/run/docker.sock elsewhere
 * The "default" context means DOCKER_HOST or the default host. A context's
 * host is Endpoints.docker.Host of <config>/contexts/meta/<sha256>/meta.json,
 * where <config> is DOCKER_CONFIG or ~/.docker.
 * URLs: unix:///path, npipe:////./pipe/name (also npipe://./pipe/name),
 * tcp://host[:port] (port 2375 when absent; http:// is read the same).
 * ssh:// and TLS endpoints are recognised and refused as unsupported, and so
 * is a tcp:// host given by --host or DOCKER_HOST while DOCKER_TLS_VERIFY or
 * DOCKER_TLS is set (the docker CLI would speak TLS to it: plain TCP would
 * send what TLS was meant to protect in clear). */
#ifndef CK_ENDPOINT_H
#define CK_ENDPOINT_H

#include "platform/platform.h"
#include "platform/stream.h"
#include "util/status.h"

#define CK_ENDPOINT_DEFAULT_HOST \
    (CK_PLATFORM_WINDOWS ? "npipe:////./pipe/docker_engine" : "unix:///var/run/docker.sock")

/* Caller-owned: ck_endpoint_init / ck_endpoint_release. */
struct ck_endpoint {
    char *url;      /* "npipe:////./pipe/docker_engine", as selected */
    char *address;  /* for people: \\.\pipe\docker_engine, /var/run/docker.sock, 127.0.0.1:2375 */
    char *source;   /* why this one: "--host", "DOCKER_HOST", "context \"desktop-linux\"", "default" */
    struct ck_stream_target target; /* path / host owned */
};

void ck_endpoint_init(struct ck_endpoint *ep);
void ck_endpoint_release(struct ck_endpoint *ep);
/* Deep copy; *out (initialised) is replaced. */
enum ck_status ck_endpoint_copy(struct ck_endpoint *out, const struct ck_endpoint *src);

/* Parses a Docker host URL into *ep (replacing what it held); source is
 * copied as given (NULL: "--host"). *ep is untouched on failure. */
enum ck_status ck_endpoint_parse(struct ck_endpoint *ep, const char *url, const char *source,
                                 struct ck_err *err);

/* The inputs of the selection; NULL or "" means absent. */
struct ck_endpoint_env {
    const char *host;           /* setting or --host */
    const char *context;        /* --context */
    const char *docker_host;    /* DOCKER_HOST */
    const char *docker_context; /* DOCKER_CONTEXT */
    const char *config_dir;     /* the docker config folder (DOCKER_CONFIG or ~/.docker) */
    const char *docker_tls_verify; /* DOCKER_TLS_VERIFY: any value but "" asks for TLS, as in the CLI */
    const char *docker_tls;        /* DOCKER_TLS: likewise */
};

/* The selection above from explicit inputs (no environment is read). */
enum ck_status ck_endpoint_select(struct ck_endpoint *ep, const struct ck_endpoint_env *env,
                                  struct ck_err *err);

/* The selection with DOCKER_HOST, DOCKER_CONTEXT and the config folder of
 * this process; host and context are the explicit choices (may be NULL). */
enum ck_status ck_endpoint_resolve(struct ck_endpoint *ep, const char *host, const char *context,
                                   struct ck_err *err);

/* 1 when the endpoint is plain TCP to an address that is not this machine's
 * loopback (127.0.0.0/8, ::1, "localhost"): anything sent to it, such as
 * registry credentials, crosses the network unencrypted. */
int ck_endpoint_is_plain_remote(const struct ck_endpoint *ep);

/* Who serves the endpoint, for sentences: "Docker Desktop" for Docker
 * Desktop's pipes (docker_engine, dockerDesktopLinuxEngine,
 * dockerDesktopWindowsEngine) and its per-user socket, else "the Docker
 * engine". */
const char *ck_endpoint_product(const struct ck_endpoint *ep);

#endif
