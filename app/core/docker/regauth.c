#include "docker/regauth.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docker/dockercfg.h"
#include "platform/credstore.h"
#include "platform/platform.h"
#include "platform/process.h"
#include "docker/imageref.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/log.h"

#define HELPER_TIMEOUT_MS 30000
#define HELPER_OUTPUT_MAX (64u << 10)

void ck_regauth_init(struct ck_regauth *a) { memset(a, 0, sizeof *a); }

void ck_regauth_free_secret(char *s)
{
    if (!s)
        return;
    /* volatile: the wipe must not be optimised away before free */
    {
        volatile char *p = s;
        while (*p)
            *p++ = 0;
    }
    free(s);
}

void ck_regauth_release(struct ck_regauth *a)
{
    free(a->serveraddress);
    ck_regauth_free_secret(a->username);
    ck_regauth_free_secret(a->password);
    ck_regauth_free_secret(a->identitytoken);
    free(a->origin);
    ck_regauth_init(a);
}

static void wipe_buf(struct ck_buf *b)
{
    if (b->data)
        memset(b->data, 0, b->cap);
    ck_buf_release(b);
}

enum ck_status ck_regauth_server_for_image(const char *image, char **server, struct ck_err *err)
{
    struct ck_imageref ref;
    char *s;
    enum ck_status st;

    ck_imageref_init(&ref);
    st = ck_imageref_parse(&ref, image, err);
    if (st != CK_OK)
        return st;
    s = strdup(strcmp(ref.registry, CK_IMAGEREF_DEFAULT_REGISTRY) == 0 ? CK_REGAUTH_DOCKER_HUB : ref.registry);
    ck_imageref_release(&ref);
    if (!s)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    *server = s;
    return CK_OK;
}

/* The host[:port] of a registry key: the scheme and any path removed. */
static size_t host_part(const char *key, const char **start)
{
    const char *s = key;
    if (!strncmp(s, "https://", 8))
        s += 8;
    else if (!strncmp(s, "http://", 7))
        s += 7;
    *start = s;
    return strcspn(s, "/");
}

static int same_registry(const char *a, const char *b)
{
    const char *ha, *hb;
    size_t na = host_part(a, &ha), nb = host_part(b, &hb);
    return na == nb && strncmp(ha, hb, na) == 0;
}

/* Fills out from a helper's {"ServerURL","Username","Secret"}. */
static enum ck_status from_helper_json(const char *json, size_t len, const char *server,
                                       const char *origin, struct ck_regauth *out, struct ck_err *err)
{
    cJSON *doc = cJSON_ParseWithLength(json, len);
    const char *user = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "Username"));
    const char *secret = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "Secret"));
    struct ck_regauth a;
    enum ck_status st = CK_OK;

    ck_regauth_init(&a);
    if (!user || !secret) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s answered something other than credentials for %s", origin, server);
    } else {
        a.serveraddress = strdup(server);
        a.origin = strdup(origin);
        /* "<token>" as the user name: the secret is an identity token */
        if (!strcmp(user, "<token>")) {
            a.identitytoken = strdup(secret);
            if (!a.identitytoken)
                st = CK_ERR_NOMEM;
        } else {
            a.username = strdup(user);
            a.password = strdup(secret);
            if (!a.username || !a.password)
                st = CK_ERR_NOMEM;
        }
        if (st != CK_OK || !a.serveraddress || !a.origin)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    if (doc) {
        cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "Secret");
        if (cJSON_IsString(s))
            memset(s->valuestring, 0, strlen(s->valuestring));
    }
    cJSON_Delete(doc);
    if (st != CK_OK) {
        ck_regauth_release(&a);
        return st;
    }
    ck_regauth_release(out);
    *out = a;
    return CK_OK;
}

/* Runs docker-credential-<name> get. */
static enum ck_status ask_helper(const struct ck_regauth_source *src, const char *name, const char *server,
                                 struct ck_regauth *out, struct ck_err *err)
{
    struct ck_buf prog, output, origin;
    const char *argv[3];
    int code = 0;
    enum ck_status st;

    ck_buf_init(&prog);
    ck_buf_init(&output);
    ck_buf_init(&origin);
    if (ck_buf_printf(&prog, "docker-credential-%s", name) != CK_OK ||
        ck_buf_printf(&origin, "credential helper %s", prog.data) != CK_OK) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (src && src->helper_dir) {
        char *full = ck_path_join(src->helper_dir, prog.data);
        ck_buf_reset(&prog);
        if (!full || ck_buf_puts(&prog, full) != CK_OK) {
            free(full);
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        free(full);
    }
    argv[0] = prog.data;
    argv[1] = "get";
    argv[2] = NULL;
    st = ck_process_run(argv, server, strlen(server), &output, HELPER_OUTPUT_MAX, HELPER_TIMEOUT_MS, &code, err);
    if (st == CK_ERR_NOTFOUND)
        st = ck_err_set(err, CK_ERR_IO, "%s is configured for %s but was not found", origin.data, server);
    if (st != CK_OK)
        goto cleanup;
    if (code != 0) {
        /* The helper's "credentials not found" (its output is a message,
         * never a secret, when it fails). */
        st = ck_err_set(err, CK_ERR_NOTFOUND, "%s has no credentials for %s", origin.data, server);
        goto cleanup;
    }
    st = from_helper_json(ck_buf_str(&output), output.len, server, origin.data, out, err);

cleanup:
    wipe_buf(&output);
    ck_buf_release(&prog);
    ck_buf_release(&origin);
    return st;
}

/* The Windows Credential Manager, as Docker's wincred helper fills it. */
static enum ck_status ask_credstore(const char *server, struct ck_regauth *out, struct ck_err *err)
{
    char *user = NULL, *secret = NULL;
    struct ck_buf json;
    cJSON *doc = cJSON_CreateObject();
    char *text = NULL;
    enum ck_status st = ck_credstore_read(server, &user, &secret, err);

    ck_buf_init(&json);
    if (st == CK_OK) {
        /* Reuse the helper answer's path: same fields, same token rule. */
        if (!doc || !cJSON_AddStringToObject(doc, "Username", user) ||
            !cJSON_AddStringToObject(doc, "Secret", secret) || !(text = cJSON_PrintUnformatted(doc)))
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        else
            st = from_helper_json(text, strlen(text), server, "Windows Credential Manager", out, err);
    }
    if (doc) {
        cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "Secret");
        if (cJSON_IsString(s))
            memset(s->valuestring, 0, strlen(s->valuestring));
    }
    cJSON_Delete(doc);
    ck_regauth_free_secret(text);
    ck_regauth_free_secret(user);
    ck_regauth_free_secret(secret);
    ck_buf_release(&json);
    return st;
}

/* auths[<key matching server>]: "auth" or "identitytoken". */
static enum ck_status from_auths(const cJSON *config, const char *server, struct ck_regauth *out,
                                 struct ck_err *err)
{
    const cJSON *auths = cJSON_GetObjectItemCaseSensitive(config, "auths"), *entry = NULL, *e;
    const char *auth, *token;
    struct ck_regauth a;
    struct ck_buf decoded;
    char *colon;
    enum ck_status st = CK_OK;

    entry = cJSON_GetObjectItemCaseSensitive(auths, server);
    cJSON_ArrayForEach(e, auths)
    {
        if (entry)
            break;
        if (e->string && same_registry(e->string, server))
            entry = e;
    }
    auth = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "auth"));
    token = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "identitytoken"));
    if ((!auth || !*auth) && (!token || !*token))
        return ck_err_set(err, CK_ERR_NOTFOUND, "no credentials for %s", server);
    ck_regauth_init(&a);
    ck_buf_init(&decoded);
    a.serveraddress = strdup(server);
    a.origin = strdup("config.json auths");
    if (token && *token) {
        a.identitytoken = strdup(token);
        if (!a.identitytoken)
            st = CK_ERR_NOMEM;
    } else if (ck_base64_decode(&decoded, auth, strlen(auth)) != CK_OK || !decoded.data ||
               !(colon = memchr(decoded.data, ':', decoded.len))) {
        st = ck_err_set(err, CK_ERR_PARSE, "the \"auth\" of %s in config.json is not base64 of user:password", server);
    } else {
        *colon = '\0';
        a.username = strdup(decoded.data);
        a.password = strdup(colon + 1);
        if (!a.username || !a.password)
            st = CK_ERR_NOMEM;
    }
    if (st == CK_OK && (!a.serveraddress || !a.origin))
        st = CK_ERR_NOMEM;
    if (st == CK_ERR_NOMEM)
        ck_err_set(err, st, "out of memory");
    wipe_buf(&decoded);
    if (st != CK_OK) {
        ck_regauth_release(&a);
        return st;
    }
    ck_regauth_release(out);
    *out = a;
    return CK_OK;
}

/* The helper configured for server: credHelpers by the exact key, then by
 * host; else credsStore. NULL when none. */
static const char *helper_for(const cJSON *config, const char *server, int *is_store)
{
    const cJSON *helpers = cJSON_GetObjectItemCaseSensitive(config, "credHelpers"), *h;
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(helpers, server));

    *is_store = 0;
    cJSON_ArrayForEach(h, helpers)
    {
        if (name)
            break;
        if (h->string && same_registry(h->string, server))
            name = cJSON_GetStringValue(h);
    }
    if (name && *name)
        return name;
    name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(config, "credsStore"));
    *is_store = 1;
    return name && *name ? name : NULL;
}

enum ck_status ck_regauth_lookup(const struct ck_regauth_source *src, const char *server,
                                 struct ck_regauth *out, struct ck_err *err)
{
    char *dir = src && src->config_dir ? strdup(src->config_dir) : ck_dockercfg_dir();
    cJSON *config = NULL;
    const char *helper;
    int is_store = 0;
    struct ck_err step;
    enum ck_status st;

    if (!dir)
        return ck_err_set(err, CK_ERR_NOTFOUND, "no docker config folder: no credentials for %s", server);
    st = ck_dockercfg_load(dir, &config, err);
    free(dir);
    if (st != CK_OK)
        return st;
    helper = helper_for(config, server, &is_store);
    st = CK_ERR_NOTFOUND;
    if (helper) {
        int direct = is_store && !strcmp(helper, "wincred");
        st = direct ? ask_credstore(server, out, &step) : ask_helper(src, helper, server, out, &step);
        /* Docker Desktop's helper writes to the same store as wincred. */
        if (st != CK_OK && st != CK_ERR_NOTFOUND && !direct && is_store && !strcmp(helper, "desktop"))
            st = ask_credstore(server, out, &step);
        if (st != CK_OK && st != CK_ERR_NOTFOUND && st != CK_ERR_UNSUPPORTED)
            ck_log(CK_LOG_WARN, "%s", step.msg);
    }
    if (st != CK_OK)
        st = from_auths(config, server, out, err);
    cJSON_Delete(config);
    return st;
}

enum ck_status ck_regauth_header(const struct ck_regauth *a, char **out, struct ck_err *err)
{
    cJSON *doc = cJSON_CreateObject();
    char *json = NULL;
    struct ck_buf b;
    int ok;

    ck_buf_init(&b);
    if (a->identitytoken)
        ok = doc && cJSON_AddStringToObject(doc, "identitytoken", a->identitytoken);
    else
        ok = doc && cJSON_AddStringToObject(doc, "username", a->username ? a->username : "") &&
             cJSON_AddStringToObject(doc, "password", a->password ? a->password : "");
    ok = ok && cJSON_AddStringToObject(doc, "serveraddress", a->serveraddress ? a->serveraddress : "");
    json = ok ? cJSON_PrintUnformatted(doc) : NULL;
    ok = json && ck_base64_encode(&b, json, strlen(json), CK_BASE64_URL) == CK_OK;
    ck_regauth_free_secret(json);
    if (doc) {
        /* wipe the copies cJSON made */
        cJSON *f;
        cJSON_ArrayForEach(f, doc)
        {
            if (cJSON_IsString(f))
                memset(f->valuestring, 0, strlen(f->valuestring));
        }
    }
    cJSON_Delete(doc);
    if (!ok) {
        wipe_buf(&b);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    *out = ck_buf_take(&b);
    return CK_OK;
}

enum ck_status ck_regauth_header_for_image(const struct ck_regauth_source *src, const char *image,
                                           char **out, struct ck_err *err)
{
    struct ck_regauth a;
    char *server = NULL, *header = NULL;
    enum ck_status st = ck_regauth_server_for_image(image, &server, err);

    if (st != CK_OK)
        return st;
    ck_regauth_init(&a);
    st = ck_regauth_lookup(src, server, &a, err);
    if (st == CK_OK) {
        st = ck_regauth_header(&a, &header, err);
        if (st == CK_OK)
            ck_log(CK_LOG_DEBUG, "credentials for %s from %s", server, a.origin);
    } else if (st == CK_ERR_NOTFOUND) {
        st = CK_OK; /* anonymous */
    }
    if (st == CK_OK)
        *out = header;
    ck_regauth_release(&a);
    free(server);
    return st;
}
