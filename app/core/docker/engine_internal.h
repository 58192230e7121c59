/* What the parts of the Engine API client share inside the docker module:
 * one call and how it is made. engine.c holds the connection, the version
 * negotiation and the requests; engine_images.c the images and pulls;
 * engine_containers.c the containers and their archives. */
#ifndef CK_ENGINE_INTERNAL_H
#define CK_ENGINE_INTERNAL_H

#include <cjson/cJSON.h>

#include "docker/engine.h"
#include "docker/http.h"
#include "util/status.h"

struct ck_engine_call {
    const char *method;
    const char *path;            /* without the version prefix, query included */
    const char *const *headers;
    const char *body;            /* JSON, or NULL */
    ck_http_body_fn sink;        /* 2xx body */
    void *ctx;
    unsigned timeout_ms;         /* 0: e->timeout_ms */
    int versioned;               /* prefix /v<api> */
    /* results */
    int status;                  /* HTTP status, 0 when none arrived */
    char message[300];           /* the engine's error message of a non-2xx answer */
};

/* A versioned call (negotiating first) whose 2xx body goes to c->sink.
 * Non-2xx statuses become errors (404 as CK_ERR_NOTFOUND) with c->status
 * and c->message set for callers that say it better. resp_out (may be
 * NULL) receives the head. */
enum ck_status ck_engine_request(struct ck_engine *e, struct ck_engine_call *c, struct ck_http_response *resp_out,
                                 struct ck_err *err);

/* Non-zero when the call failed with this HTTP status. */
int ck_engine_failed_with(const struct ck_engine_call *c, enum ck_status st, int status);

/* A versioned GET of c->path, a JSON document (at most CK_ENGINE_JSON_MAX
 * bytes); *out is cJSON_Delete'd by the caller. */
enum ck_status ck_engine_get_json(struct ck_engine *e, struct ck_engine_call *c, cJSON **out, struct ck_err *err);

/* "<prefix><name><suffix>[<escaped query value>]", malloc'd into *out:
 * references and ids pass as they are (the engine's router takes them raw,
 * slashes included), anything else in name is escaped. */
enum ck_status ck_engine_name_path(const char *prefix, const char *name, const char *suffix,
                                   const char *query_value, char **out, struct ck_err *err);

/* ck_engine_request on the path ck_engine_name_path makes of prefix, name,
 * suffix and query_value (c->path is NULL again afterwards). */
enum ck_status ck_engine_request_at(struct ck_engine *e, struct ck_engine_call *c, const char *prefix,
                                    const char *name, const char *suffix, const char *query_value,
                                    struct ck_http_response *resp_out, struct ck_err *err);

#endif
