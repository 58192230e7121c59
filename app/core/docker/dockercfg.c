#include "docker/dockercfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/file.h"
#include "platform/platform.h"
#include "util/sha256.h"

char *ck_dockercfg_dir(void)
{
    char *dir = ck_getenv("DOCKER_CONFIG"), *home;

    if (dir && *dir)
        return dir;
    free(dir);
    home = ck_home_dir();
    if (!home)
        return NULL;
    dir = ck_path_join(home, ".docker");
    free(home);
    return dir;
}

enum ck_status ck_dockercfg_read_file(const char *path, size_t max, struct ck_buf *out,
                                      struct ck_err *err)
{
    return ck_file_read_all(path, max, out, err);
}

static enum ck_status load_json(const char *path, cJSON **out, struct ck_err *err)
{
    struct ck_buf b;
    cJSON *json;
    enum ck_status st;

    ck_buf_init(&b);
    st = ck_dockercfg_read_file(path, CK_DOCKERCFG_FILE_MAX, &b, err);
    if (st != CK_OK)
        return st;
    json = cJSON_ParseWithLength(ck_buf_str(&b), b.len);
    ck_buf_release(&b);
    if (!json || !cJSON_IsObject(json)) {
        cJSON_Delete(json);
        return ck_err_set(err, CK_ERR_PARSE, "%s is not a JSON object", path);
    }
    *out = json;
    return CK_OK;
}

enum ck_status ck_dockercfg_load(const char *dir, cJSON **out, struct ck_err *err)
{
    char *path = ck_path_join(dir, "config.json");
    cJSON *json = NULL;
    enum ck_status st;

    if (!path)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    st = load_json(path, &json, err);
    free(path);
    if (st == CK_ERR_NOTFOUND) {
        json = cJSON_CreateObject();
        st = json ? CK_OK : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    if (st == CK_OK)
        *out = json;
    return st;
}

/* <dir>/contexts/<kind>/<sha256 of name>/<leaf>, malloc'd. */
static char *context_path(const char *dir, const char *kind, const char *name, const char *leaf)
{
    char hex[CK_SHA256_HEX_SIZE];
    const char *parts[4];
    char *path = strdup(dir);
    int i;

    ck_sha256_hex(name, strlen(name), hex);
    parts[0] = "contexts", parts[1] = kind, parts[2] = hex, parts[3] = leaf;
    for (i = 0; i < 4 && path; i++) {
        char *next = ck_path_join(path, parts[i]);
        free(path);
        path = next;
    }
    return path;
}

enum ck_status ck_dockercfg_context_host(const char *dir, const char *name, char **host, int *tls,
                                         struct ck_err *err)
{
    char *meta = context_path(dir, "meta", name, "meta.json");
    char *tlsdir = context_path(dir, "tls", name, "docker");
    cJSON *json = NULL;
    const cJSON *h;
    char *copy;
    enum ck_status st;

    if (!meta || !tlsdir) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    st = load_json(meta, &json, err);
    if (st == CK_ERR_NOTFOUND) {
        st = ck_err_set(err, CK_ERR_NOTFOUND, "Docker context \"%s\" does not exist (no %s)", name, meta);
        goto cleanup;
    }
    if (st != CK_OK)
        goto cleanup;
    h = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
                                             cJSON_GetObjectItemCaseSensitive(json, "Endpoints"), "docker"),
                                         "Host");
    if (!cJSON_IsString(h) || !*h->valuestring) {
        st = ck_err_set(err, CK_ERR_PARSE, "Docker context \"%s\" has no docker endpoint (%s)", name, meta);
        goto cleanup;
    }
    copy = strdup(h->valuestring);
    if (!copy) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    *host = copy;
    *tls = ck_is_dir(tlsdir);

cleanup:
    cJSON_Delete(json);
    free(meta);
    free(tlsdir);
    return st;
}
