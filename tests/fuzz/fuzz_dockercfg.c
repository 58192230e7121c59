/* libFuzzer target: the docker CLI's configuration folder and Docker host
 * URLs. The input is cut at "\n--next--\n" into config.json, the meta.json of
 * the context config.json names as currentContext, and a Docker host URL;
 * a fourth part, when present, makes the context keep TLS material. The
 * files are written to a scratch folder, then the engine is chosen from it
 * as the docker CLI chooses (ck_endpoint_select), the context is read
 * directly (ck_dockercfg_context_host), and the URL is parsed
 * (ck_endpoint_parse).
 *
 * Checks: a success gives a complete endpoint (URL, address, source,
 * target) that copies to an equal one; a failure says why and leaves the
 * endpoint untouched. */
#define _GNU_SOURCE /* nftw, memmem */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "docker/dockercfg.h"
#include "docker/endpoint.h"
#include "platform/platform.h"
#include "util/log.h"
#include "util/sha256.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "\n--next--\n"

static char dir[256];

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_dir(void)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "%s/ck-fuzz-dockercfg-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        abort();
    atexit(remove_dir);
    ck_log_set_console(0);
    return 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (len && fwrite(data, 1, len, f) != len)
        abort();
    fclose(f);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void check_endpoint(enum ck_status st, const struct ck_endpoint *ep, const struct ck_err *err)
{
    struct ck_endpoint copy;
    if (st != CK_OK) {
        if (!err->msg[0] || ep->url || ep->address || ep->source || ep->target.path || ep->target.host)
            abort(); /* says why, leaves *ep alone */
        return;
    }
    if (!ep->url || !ep->address || !ep->source || !ck_endpoint_product(ep))
        abort();
    if (ep->target.kind == CK_STREAM_TCP ? !ep->target.host || !ep->target.port : !ep->target.path)
        abort();
    ck_endpoint_init(&copy);
    if (ck_endpoint_copy(&copy, ep) != CK_OK)
        abort();
    if (strcmp(copy.url, ep->url) || strcmp(copy.address, ep->address) || strcmp(copy.source, ep->source) ||
        copy.target.kind != ep->target.kind || copy.target.port != ep->target.port)
        abort();
    ck_endpoint_release(&copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *part[4] = {"", "", "", NULL};
    size_t len[4] = {0, 0, 0, 0}, nparts = 0;
    const char *p = (const char *)data, *end = p + size;
    char path[1024], hex[CK_SHA256_HEX_SIZE];
    cJSON *config;
    const cJSON *current;
    char *name = NULL, *url;
    struct ck_endpoint_env env;
    struct ck_endpoint ep;
    struct ck_err err;
    enum ck_status st;

    while (nparts < 4) {
        const char *sep = nparts < 3 ? memmem(p, (size_t)(end - p), SEP, sizeof SEP - 1) : NULL;
        part[nparts] = p;
        len[nparts] = sep ? (size_t)(sep - p) : (size_t)(end - p);
        nparts++;
        if (!sep)
            break;
        p = sep + sizeof SEP - 1;
    }

    remove_dir();
    if (mkdir(dir, 0700) != 0)
        abort();
    snprintf(path, sizeof path, "%s/config.json", dir);
    write_file(path, part[0], len[0]);
    config = cJSON_ParseWithLength(part[0], len[0]);
    current = cJSON_GetObjectItemCaseSensitive(config, "currentContext");
    if (cJSON_IsString(current) && *current->valuestring)
        name = strdup(current->valuestring);
    cJSON_Delete(config);
    if (name && nparts > 1) {
        ck_sha256_hex(name, strlen(name), hex);
        snprintf(path, sizeof path, "%s/contexts/meta/%s", dir, hex);
        if (ck_mkdirs(path) != 0)
            abort();
        snprintf(path, sizeof path, "%s/contexts/meta/%s/meta.json", dir, hex);
        write_file(path, part[1], len[1]);
        if (nparts > 3) {
            snprintf(path, sizeof path, "%s/contexts/tls/%s/docker", dir, hex);
            if (ck_mkdirs(path) != 0)
                abort();
        }
    }

    /* the CLI's choice: currentContext of config.json, or the default */
    memset(&env, 0, sizeof env);
    env.config_dir = dir;
    ck_endpoint_init(&ep);
    ck_err_clear(&err);
    st = ck_endpoint_select(&ep, &env, &err);
    check_endpoint(st, &ep, &err);
    ck_endpoint_release(&ep);

    if (name) {
        char *host = NULL;
        int tls = -1;
        /* the same context named explicitly (--context) */
        env.context = name;
        ck_endpoint_init(&ep);
        ck_err_clear(&err);
        st = ck_endpoint_select(&ep, &env, &err);
        check_endpoint(st, &ep, &err);
        ck_endpoint_release(&ep);
        st = ck_dockercfg_context_host(dir, name, &host, &tls, &err);
        if (st == CK_OK && (!host || !*host || tls != (nparts > 3)))
            abort();
        if (st != CK_OK && (host || tls != -1))
            abort();
        free(host);
    }

    /* a host URL as --host or DOCKER_HOST gives it */
    url = nparts > 2 ? dup_n(part[2], len[2]) : NULL;
    if (url) {
        ck_endpoint_init(&ep);
        ck_err_clear(&err);
        st = ck_endpoint_parse(&ep, url, NULL, &err);
        check_endpoint(st, &ep, &err);
        if (st == CK_OK && strcmp(ep.url, url) != 0)
            abort();
        ck_endpoint_release(&ep);
        memset(&env, 0, sizeof env);
        env.docker_host = url;
        env.context = "default";
        ck_endpoint_init(&ep);
        st = ck_endpoint_select(&ep, &env, &err);
        check_endpoint(st, &ep, &err);
        ck_endpoint_release(&ep);
        free(url);
    }
    free(name);
    return 0;
}
