/* The Docker Engine API client: an endpoint (endpoint.h), one kept-alive
 * HTTP connection (http.h) and the negotiated API version.
 *
 *   struct ck_engine e;
 *   ck_engine_init(&e, &endpoint, &err);
 *   ck_engine_pull(&e, "debian:12", NULL, on_progress, ctx, &err);
 *   ck_engine_container_create(&e, "debian:12", &id, &err);
 *   ck_engine_container_archive(&e, id, "/var/lib/dpkg/status", tar_sink, ctx, &err);
 *   ck_engine_container_remove(&e, id, &err);
 *   ck_engine_release(&e);
 *
 * The API version is negotiated on the first call (HEAD /_ping, then GET):
 * min(CK_ENGINE_API_MAX, the engine's Api-Version); an engine below
 * CK_ENGINE_API_MIN is refused with a sentence saying so. Every failure
 * fills err with one sentence naming the endpoint, image or container; a
 * transport failure reads like "Docker Desktop is not running:
 * \\.\pipe\docker_engine does not exist".
 *
 * One engine serves one thread at a time; ck_engine_cancel may be called
 * from any thread. */
#ifndef CK_ENGINE_H
#define CK_ENGINE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "docker/endpoint.h"
#include "docker/http.h"
#include "platform/platform.h"
#include "util/status.h"

#define CK_ENGINE_API_MAX "1.45"
#define CK_ENGINE_API_MIN "1.24"

#define CK_ENGINE_JSON_MAX (16u << 20)   /* largest JSON reply read (image lists) */
#define CK_ENGINE_ERROR_MAX (64u << 10)  /* largest error body read */

struct ck_engine {
    struct ck_endpoint endpoint;
    struct ck_http_client http;
    ck_atomic_flag cancel;         /* set by ck_engine_cancel */
    char api_version[16];          /* negotiated, "" before the first call */
    char server_api_version[16];   /* the engine's Api-Version */
    char os_type[16];              /* OSType of /_ping: "linux", "windows" (may be "") */
    unsigned timeout_ms;           /* idle timeout of short calls (default 60 s) */
    unsigned stream_timeout_ms;    /* idle timeout of pulls, archives, exports (default 10 min) */
};

/* Copies the endpoint; connects lazily. */
enum ck_status ck_engine_init(struct ck_engine *e, const struct ck_endpoint *ep, struct ck_err *err);
void ck_engine_release(struct ck_engine *e);

/* From any thread: the running call (and every later one) stops with
 * CK_ERR_CANCELLED. Clear it to run clean-up calls (container remove). */
void ck_engine_cancel(struct ck_engine *e);
void ck_engine_cancel_clear(struct ck_engine *e);

/* Pings and negotiates the API version (done by the first call anyway). */
enum ck_status ck_engine_ping(struct ck_engine *e, struct ck_err *err);

/* CK_ERR_UNSUPPORTED when the engine runs Windows containers (OSType
 * "windows", as Docker Desktop does in Windows-containers mode): it can
 * neither pull nor run the Linux images ContainerKitty reads, so nothing is
 * pulled or created. The sentence says how to switch. Pings when needed. */
enum ck_status ck_engine_require_linux(struct ck_engine *e, struct ck_err *err);
/* The advice of that sentence, for windows that show it elsewhere. */
#define CK_ENGINE_SWITCH_ADVICE \
    "switch Docker Desktop to Linux containers (its tray icon's menu: Switch to Linux containers...), " \
    "or choose the engine of the desktop-linux context (docker context use desktop-linux)"

struct ck_engine_version {
    char version[64];         /* "20.10.24+dfsg1" */
    char api_version[16];     /* the engine's newest API, "1.41" */
    char min_api_version[16]; /* its oldest, "1.12" */
    char os[32];              /* "linux" */
    char arch[32];            /* "amd64" */
    char kernel[128];         /* "6.1.0-18-amd64" */
};
/* GET /version. */
enum ck_status ck_engine_version(struct ck_engine *e, struct ck_engine_version *out,
                                 struct ck_err *err);

/* GET /info, the whole object (cJSON_Delete it). */
enum ck_status ck_engine_info(struct ck_engine *e, cJSON **out, struct ck_err *err);
/* GET /images/json?digests=1: an array of ImageSummary (cJSON_Delete it). */
enum ck_status ck_engine_image_list(struct ck_engine *e, cJSON **out, struct ck_err *err);
/* GET /images/{name}/json. CK_ERR_NOTFOUND: "image X is not in the engine". */
enum ck_status ck_engine_image_inspect(struct ck_engine *e, const char *name, cJSON **out,
                                       struct ck_err *err);
/* DELETE /images/{name}?force=. CK_ERR_NOTFOUND when absent. */
enum ck_status ck_engine_image_remove(struct ck_engine *e, const char *name, int force,
                                      struct ck_err *err);

/* One message of a pull's progress stream. Strings live until the callback
 * returns. */
struct ck_pull_event {
    const char *id;      /* layer id (12 hex), the tag, or "" */
    const char *status;  /* "Pulling fs layer", "Downloading", "Pull complete", "Digest: ..." */
    int64_t current;     /* progressDetail.current, or -1 */
    int64_t total;       /* progressDetail.total, or -1 */
};
typedef void (*ck_pull_fn)(void *ctx, const struct ck_pull_event *ev);

/* POST /images/create?fromImage=&tag=. image is a reference ("debian",
 * "host:5000/a/b:tag", "x@sha256:..."); without a tag, "latest" (never every
 * tag). registry_auth: the X-Registry-Auth value (regauth.h); NULL looks up
 * the user's credentials for the image's registry as `docker pull` does
 * (ck_regauth_header_for_image); "" pulls anonymously. Credentials are
 * never sent to an engine reached over plain TCP on another machine
 * (ck_endpoint_is_plain_remote): such a pull fails with CK_ERR_UNSUPPORTED
 * before anything is sent. An
 * error inside the 200 stream (errorDetail) fails the pull with its message.
 * CK_ERR_NOTFOUND when the registry has no such image. */
enum ck_status ck_engine_pull(struct ck_engine *e, const char *image, const char *registry_auth,
                              ck_pull_fn progress, void *ctx, struct ck_err *err);

/* POST /containers/create: a container of image that is never started
 * (a placeholder command, no network). *id is malloc'd. */
enum ck_status ck_engine_container_create(struct ck_engine *e, const char *image, char **id,
                                          struct ck_err *err);
/* GET /containers/{id}/archive?path=: the tar stream of path, handed to sink
 * as it arrives. CK_ERR_NOTFOUND when path does not exist. */
enum ck_status ck_engine_container_archive(struct ck_engine *e, const char *id, const char *path,
                                           ck_http_body_fn sink, void *ctx, struct ck_err *err);
/* HEAD /containers/{id}/archive?path=: the path's stat (name, size, mode,
 * mtime, linkTarget) as an object (cJSON_Delete it). CK_ERR_NOTFOUND. */
enum ck_status ck_engine_container_stat(struct ck_engine *e, const char *id, const char *path,
                                        cJSON **out, struct ck_err *err);
/* GET /containers/{id}/export: the whole filesystem as a tar stream. */
enum ck_status ck_engine_container_export(struct ck_engine *e, const char *id,
                                          ck_http_body_fn sink, void *ctx, struct ck_err *err);
/* DELETE /containers/{id}?force=1&v=1. CK_ERR_NOTFOUND when already gone. */
enum ck_status ck_engine_container_remove(struct ck_engine *e, const char *id, struct ck_err *err);

/* GET /images/{name}/get: the image as a docker-save tar stream. */
enum ck_status ck_engine_image_save(struct ck_engine *e, const char *name, ck_http_body_fn sink,
                                    void *ctx, struct ck_err *err);

/* Compares "1.41" and "1.45" numerically: <0, 0, >0. */
int ck_engine_api_compare(const char *a, const char *b);

#endif
