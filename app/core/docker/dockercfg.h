/* The docker CLI's configuration folder, read the way the CLI reads it:
 * DOCKER_CONFIG, else <home>/.docker; config.json (currentContext, auths,
 * credsStore, credHelpers); contexts/meta/<sha256 of the name>/meta.json. */
#ifndef CK_DOCKERCFG_H
#define CK_DOCKERCFG_H

#include <cjson/cJSON.h>

#include "util/buf.h"
#include "util/status.h"

#define CK_DOCKERCFG_FILE_MAX (4u << 20) /* config.json and meta.json */

/* DOCKER_CONFIG when set, else <home>/.docker (home: %USERPROFILE% or
 * $HOME). malloc'd; NULL when neither is known. */
char *ck_dockercfg_dir(void);

/* Reads a whole small file (at most max bytes) into out. CK_ERR_NOTFOUND
 * when it does not exist. */
enum ck_status ck_dockercfg_read_file(const char *path, size_t max, struct ck_buf *out,
                                      struct ck_err *err);

/* Parses <dir>/config.json into *out (cJSON_Delete it). A missing file gives
 * an empty object; a malformed one CK_ERR_PARSE naming the file. */
enum ck_status ck_dockercfg_load(const char *dir, cJSON **out, struct ck_err *err);

/* The Docker host of context `name` (Endpoints.docker.Host of its
 * meta.json), malloc'd into *host. *tls is set when the context keeps TLS
 * material (contexts/tls/<sha256>/docker). CK_ERR_NOTFOUND naming the
 * context when it does not exist. */
enum ck_status ck_dockercfg_context_host(const char *dir, const char *name, char **host, int *tls,
                                         struct ck_err *err);

#endif
