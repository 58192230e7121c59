/* The Engine client against a real dockerd and real registries (started by
 * tests/tools/e2e-env.sh, whose variables this program reads). It uses the
 * default endpoint selection: DOCKER_HOST natively, and under Wine the
 * default named pipe \\.\pipe\docker_engine served by tests/tools/pipe_relay.
 *   argv[1]: tests/fixtures   argv[2]: /var/lib/dpkg/status as `docker cp`
 *   copied it out of CK_E2E_IMAGE_LOCAL.
 * Exit 77 (skipped) when the environment's variables are absent. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ck_test.h"
#include "docker/dockercfg.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "docker/regauth.h"
#include "platform/platform.h"
#include "util/buf.h"

static char *env_image_local, *env_pull_image, *env_auth_image, *env_auth_user, *env_auth_password,
    *env_auth_registry, *env_registry, *env_tcp, *env_api, *env_sock;
static const char *expected_path;

static int open_default(struct ck_engine *e)
{
    struct ck_endpoint ep;
    struct ck_err err;
    enum ck_status st;

    ck_endpoint_init(&ep);
    st = ck_endpoint_resolve(&ep, NULL, NULL, &err);
    if (st == CK_OK)
        st = ck_engine_init(e, &ep, &err);
    if (st != CK_OK)
        fprintf(stderr, "  %s\n", err.msg);
    else
        fprintf(stderr, "  endpoint %s (%s)\n", ep.url, ep.source);
    ck_endpoint_release(&ep);
    return st == CK_OK;
}

static int open_url(struct ck_engine *e, const char *url, struct ck_err *err)
{
    struct ck_endpoint ep;
    enum ck_status st;

    ck_endpoint_init(&ep);
    st = ck_endpoint_parse(&ep, url, NULL, err);
    if (st == CK_OK)
        st = ck_engine_init(e, &ep, err);
    ck_endpoint_release(&ep);
    return st == CK_OK;
}

static void test_ping_version_info(void)
{
    struct ck_engine e;
    struct ck_engine_version v;
    struct ck_err err;
    cJSON *info = NULL;

    CK_REQUIRE(open_default(&e));
    CK_CHECK_INT(ck_engine_ping(&e, &err), CK_OK);
    CK_CHECK_STR(e.server_api_version, env_api);
    /* min(our maximum, the engine's) */
    CK_CHECK_STR(e.api_version, ck_engine_api_compare(env_api, CK_ENGINE_API_MAX) < 0 ? env_api : CK_ENGINE_API_MAX);
    CK_CHECK_STR(e.os_type, "linux");
    CK_CHECK_INT(ck_engine_version(&e, &v, &err), CK_OK);
    CK_CHECK(v.version[0] != '\0');
    CK_CHECK_STR(v.api_version, env_api);
    CK_CHECK_STR(v.os, "linux");
    CK_CHECK_INT(ck_engine_info(&e, &info, &err), CK_OK);
    CK_CHECK(cJSON_IsString(cJSON_GetObjectItem(info, "ID")));
    CK_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(info, "Images")));
    cJSON_Delete(info);
    /* one kept-alive connection served all of it */
    CK_CHECK_INT(e.http.connections, 1);
    ck_engine_release(&e);
}

static int list_has_tag(const cJSON *list, const char *tag)
{
    const cJSON *img, *t;
    cJSON_ArrayForEach(img, list)
    {
        cJSON_ArrayForEach(t, cJSON_GetObjectItem(img, "RepoTags"))
        {
            if (cJSON_IsString(t) && !strcmp(t->valuestring, tag))
                return 1;
        }
    }
    return 0;
}

static void test_images(void)
{
    struct ck_engine e;
    struct ck_err err;
    cJSON *list = NULL, *img = NULL;
    const char *id;

    CK_REQUIRE(open_default(&e));
    CK_CHECK_INT(ck_engine_image_list(&e, &list, &err), CK_OK);
    CK_CHECK(list_has_tag(list, env_image_local));
    cJSON_Delete(list);
    CK_CHECK_INT(ck_engine_image_inspect(&e, env_image_local, &img, &err), CK_OK);
    id = cJSON_GetStringValue(cJSON_GetObjectItem(img, "Id"));
    CK_CHECK(id && !strncmp(id, "sha256:", 7));
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(img, "Os")), "linux");
    cJSON_Delete(img);
    img = NULL;
    CK_CHECK_INT(ck_engine_image_inspect(&e, "ck/no-such-image:0", &img, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "ck/no-such-image:0") != NULL);
    CK_CHECK(img == NULL);
    fprintf(stderr, "  %s\n", err.msg);
    CK_CHECK_INT(ck_engine_image_remove(&e, "ck/no-such-image:0", 0, &err), CK_ERR_NOTFOUND);
    ck_engine_release(&e);
}

struct pull_count {
    unsigned long events, with_total, layers_done;
    int64_t largest_total;
};

static void count_event(void *ctx, const struct ck_pull_event *ev)
{
    struct pull_count *c = ctx;
    c->events++;
    if (ev->total > 0) {
        c->with_total++;
        if (ev->total > c->largest_total)
            c->largest_total = ev->total;
    }
    if (!strcmp(ev->status, "Pull complete"))
        c->layers_done++;
}

static void test_pull(void)
{
    struct ck_engine e;
    struct ck_err err;
    struct pull_count count = {0};
    cJSON *img = NULL;
    enum ck_status st;

    CK_REQUIRE(open_default(&e));
    /* Absent first, so the pull downloads (tolerate "not there"). By id:
     * the same image may carry the tags of an earlier registry port too. */
    if (ck_engine_image_inspect(&e, env_pull_image, &img, &err) == CK_OK) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(img, "Id");
        if (cJSON_IsString(id))
            CK_CHECK_INT(ck_engine_image_remove(&e, id->valuestring, 1, &err), CK_OK);
        cJSON_Delete(img);
        img = NULL;
    }
    st = ck_engine_image_remove(&e, env_pull_image, 1, &err);
    CK_CHECK(st == CK_OK || st == CK_ERR_NOTFOUND);
    CK_CHECK_INT(ck_engine_pull(&e, env_pull_image, NULL, count_event, &count, &err), CK_OK);
    fprintf(stderr, "  pull: %lu progress events, %lu with a total, %lu layers complete\n", count.events,
            count.with_total, count.layers_done);
    CK_CHECK(count.events >= 3);
    if (count.with_total == 0 && count.layers_done == 0) {
        /* The engine already held the layer (a test run sharing this engine
         * pulled it under another registry port): nothing was downloaded. */
        fprintf(stderr, "  note: the layer was already in the engine; download figures not checked\n");
    } else {
        CK_CHECK(count.with_total >= 1);
        CK_CHECK_INT(count.layers_done, 1);
        CK_CHECK(count.largest_total > 1000000); /* the 8 MiB layer, compressed */
    }
    CK_CHECK_INT(ck_engine_image_inspect(&e, env_pull_image, &img, &err), CK_OK);
    cJSON_Delete(img);
    /* Pulled again: already there, still a success with a few events. */
    memset(&count, 0, sizeof count);
    CK_CHECK_INT(ck_engine_pull(&e, env_pull_image, NULL, count_event, &count, &err), CK_OK);
    CK_CHECK(count.events >= 1);
    CK_CHECK_INT(count.layers_done, 0);
    ck_engine_release(&e);
}

static void test_pull_not_found(void)
{
    struct ck_engine e;
    struct ck_err err;
    struct ck_buf image;
    enum ck_status st;

    CK_REQUIRE(open_default(&e));
    ck_buf_init(&image);
    ck_buf_printf(&image, "%s/ck/does-not-exist:1", env_registry);
    st = ck_engine_pull(&e, image.data, NULL, NULL, NULL, &err);
    CK_CHECK(st == CK_ERR_NOTFOUND || st == CK_ERR_HTTP);
    CK_CHECK(strstr(err.msg, image.data) != NULL);
    fprintf(stderr, "  %s\n", err.msg);
    /* The connection is still good afterwards. */
    CK_CHECK_INT(ck_engine_ping(&e, &err), CK_OK);
    CK_CHECK_INT(ck_engine_pull(&e, "Not A Reference", NULL, NULL, NULL, &err), CK_ERR_PARSE);
    ck_buf_release(&image);
    ck_engine_release(&e);
}

static void test_pull_with_credentials(void)
{
    struct ck_engine e;
    struct ck_err err;
    struct ck_regauth a;
    char *header = NULL;
    enum ck_status st;

    CK_REQUIRE(open_default(&e));
    st = ck_engine_image_remove(&e, env_auth_image, 1, &err);
    CK_CHECK(st == CK_OK || st == CK_ERR_NOTFOUND);
    st = ck_engine_pull(&e, env_auth_image, "", NULL, NULL, &err);
    CK_CHECK(st != CK_OK);
    fprintf(stderr, "  without credentials: %s\n", err.msg);
    ck_regauth_init(&a);
    a.username = strdup(env_auth_user);
    a.password = strdup("wrong-password");
    a.serveraddress = strdup(env_auth_registry);
    CK_REQUIRE(ck_regauth_header(&a, &header, &err) == CK_OK);
    st = ck_engine_pull(&e, env_auth_image, header, NULL, NULL, &err);
    CK_CHECK(st != CK_OK);
    CK_CHECK(strstr(err.msg, "wrong-password") == NULL);
    ck_regauth_free_secret(header);
    ck_regauth_free_secret(a.password);
    a.password = strdup(env_auth_password);
    CK_REQUIRE(ck_regauth_header(&a, &header, &err) == CK_OK);
    CK_CHECK_INT(ck_engine_pull(&e, env_auth_image, header, NULL, NULL, &err), CK_OK);
    ck_regauth_free_secret(header);
    ck_regauth_release(&a);
    CK_CHECK_INT(ck_engine_image_remove(&e, env_auth_image, 1, &err), CK_OK);
    ck_engine_release(&e);
}

/* The contents of the first regular file in a tar archive. */
static int tar_first_file(const struct ck_buf *tar, struct ck_buf *out, char *name, size_t name_size)
{
    size_t pos = 0;
    while (pos + 512 <= tar->len) {
        const char *h = tar->data + pos;
        unsigned long long size = strtoull(h + 124, NULL, 8);
        char type = h[156];
        if (!h[0])
            return 0;
        pos += 512;
        if (type == '0' || type == '\0') {
            if (pos + size > tar->len)
                return 0;
            snprintf(name, name_size, "%.100s", h);
            ck_buf_append(out, tar->data + pos, (size_t)size);
            return 1;
        }
        pos += (size_t)((size + 511) / 512 * 512);
    }
    return 0;
}

static void test_create_archive_remove(void)
{
    struct ck_engine e;
    struct ck_err err;
    struct ck_buf tar, file, expected;
    struct ck_http_collect col;
    char *id = NULL, name[128] = "";
    cJSON *stat = NULL;
    enum ck_status st;

    CK_REQUIRE(open_default(&e));
    ck_buf_init(&tar);
    ck_buf_init(&file);
    ck_buf_init(&expected);
    /* The image has neither Entrypoint nor Cmd (docker import). */
    CK_CHECK_INT(ck_engine_container_create(&e, env_image_local, &id, &err), CK_OK);
    CK_REQUIRE(id != NULL);
    col.buf = &tar;
    col.max = 64u << 20;
    CK_CHECK_INT(ck_engine_container_archive(&e, id, "/var/lib/dpkg/status", ck_http_collect_fn, &col, &err), CK_OK);
    CK_CHECK(tar_first_file(&tar, &file, name, sizeof name));
    CK_CHECK_STR(name, "status");
    st = ck_dockercfg_read_file(expected_path, 16u << 20, &expected, &err);
    CK_CHECK_INT(st, CK_OK);
    CK_CHECK(file.len > 10000);
    CK_CHECK_INT(file.len, expected.len);
    CK_CHECK(file.len == expected.len && memcmp(file.data, expected.data, file.len) == 0);
    CK_CHECK_INT(ck_engine_container_stat(&e, id, "/var/lib/dpkg/status", &stat, &err), CK_OK);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(stat, "name")), "status");
    CK_CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(stat, "size")), (long long)expected.len);
    cJSON_Delete(stat);
    ck_buf_reset(&tar);
    CK_CHECK_INT(ck_engine_container_archive(&e, id, "/no/such/file", ck_http_collect_fn, &col, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "/no/such/file") != NULL);
    fprintf(stderr, "  %s\n", err.msg);
    CK_CHECK_INT(ck_engine_container_remove(&e, id, &err), CK_OK);
    CK_CHECK_INT(ck_engine_container_remove(&e, id, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(ck_engine_container_create(&e, "ck/no-such-image:0", &id, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "ck/no-such-image:0") != NULL);
    fprintf(stderr, "  %s\n", err.msg);
    CK_CHECK(e.http.connections <= 2);
    free(id);
    ck_buf_release(&tar);
    ck_buf_release(&file);
    ck_buf_release(&expected);
    ck_engine_release(&e);
}

struct export_count {
    unsigned long long bytes;
    unsigned long chunks;
    struct ck_engine *cancel_engine; /* cancel from inside after this many chunks */
    unsigned long cancel_after;
    unsigned slow_ms;                /* sleep per chunk */
};

static enum ck_status count_export(void *ctx, const char *data, size_t len)
{
    struct export_count *c = ctx;
    (void)data;
    c->bytes += len;
    c->chunks++;
    if (c->cancel_engine && c->chunks == c->cancel_after)
        ck_engine_cancel(c->cancel_engine);
    if (c->slow_ms)
        ck_sleep_ms(c->slow_ms);
    return CK_OK;
}

static void cancel_later(void *arg)
{
    ck_sleep_ms(300);
    ck_engine_cancel(arg);
}

static void test_export_and_cancel(void)
{
    struct ck_engine e;
    struct ck_err err;
    struct export_count c;
    char *id = NULL;
    ck_thread *t = NULL;
    uint64_t start;

    CK_REQUIRE(open_default(&e));
    CK_REQUIRE(ck_engine_container_create(&e, env_image_local, &id, &err) == CK_OK);
    memset(&c, 0, sizeof c);
    CK_CHECK_INT(ck_engine_container_export(&e, id, count_export, &c, &err), CK_OK);
    fprintf(stderr, "  export: %llu bytes in %lu chunks\n", c.bytes, c.chunks);
    CK_CHECK(c.bytes > 50ull * 1000 * 1000);

    /* cancelled by the flag, from inside the stream */
    memset(&c, 0, sizeof c);
    c.cancel_engine = &e;
    c.cancel_after = 3;
    CK_CHECK_INT(ck_engine_container_export(&e, id, count_export, &c, &err), CK_ERR_CANCELLED);
    CK_CHECK(c.chunks <= 4);
    /* later calls fail until the flag is cleared */
    CK_CHECK_INT(ck_engine_ping(&e, &err), CK_ERR_CANCELLED);
    ck_engine_cancel_clear(&e);

    /* cancelled from another thread while the stream is read slowly */
    memset(&c, 0, sizeof c);
    c.slow_ms = 20;
    start = ck_time_monotonic_ms();
    CK_REQUIRE(ck_thread_start(&t, cancel_later, &e) == CK_OK);
    CK_CHECK_INT(ck_engine_container_export(&e, id, count_export, &c, &err), CK_ERR_CANCELLED);
    ck_thread_join(t);
    fprintf(stderr, "  cancelled after %llu ms, %llu bytes\n",
            (unsigned long long)(ck_time_monotonic_ms() - start), c.bytes);
    CK_CHECK(c.bytes < 50ull * 1000 * 1000);
    ck_engine_cancel_clear(&e);
    /* a cancel while no call runs, then cleared: the next call works */
    CK_CHECK_INT(ck_engine_ping(&e, &err), CK_OK);
    ck_engine_cancel(&e);
    ck_engine_cancel_clear(&e);
    CK_CHECK_INT(ck_engine_ping(&e, &err), CK_OK);
    /* clean-up works after a cancel */
    CK_CHECK_INT(ck_engine_container_remove(&e, id, &err), CK_OK);
    free(id);
    ck_engine_release(&e);
}

static void test_tcp_endpoint(void)
{
    struct ck_engine e;
    struct ck_engine_version v;
    struct ck_err err;
    struct ck_buf url;

    ck_buf_init(&url);
    ck_buf_printf(&url, "tcp://%s", env_tcp);
    CK_REQUIRE(open_url(&e, url.data, &err));
    CK_CHECK_INT(ck_engine_version(&e, &v, &err), CK_OK);
    CK_CHECK_STR(v.api_version, env_api);
    ck_engine_release(&e);
    ck_buf_release(&url);
}

/* AF_UNIX: natively the usual transport; on Windows only where the OS (or
 * Wine) offers it. */
static void test_unix_endpoint(void)
{
    struct ck_engine e;
    struct ck_err err;
    struct ck_buf url;
    enum ck_status st;

    ck_buf_init(&url);
    ck_buf_printf(&url, "unix://%s", env_sock);
    CK_REQUIRE(open_url(&e, url.data, &err));
    st = ck_engine_ping(&e, &err);
#ifdef _WIN32
    if (st != CK_OK)
        fprintf(stderr, "  AF_UNIX not usable here: %s\n", err.msg);
#else
    CK_CHECK_INT(st, CK_OK);
#endif
    ck_engine_release(&e);
    ck_buf_release(&url);
}

static void expect_absent(const char *url, enum ck_status want, const char *sentence)
{
    struct ck_engine e;
    struct ck_err err;
    enum ck_status st;

    CK_REQUIRE(open_url(&e, url, &err));
    st = ck_engine_ping(&e, &err);
    CK_CHECK_INT(st, want);
    CK_CHECK(strstr(err.msg, sentence) != NULL);
    fprintf(stderr, "  %s -> %s\n", url, err.msg);
    ck_engine_release(&e);
}

static void test_engine_absent(void)
{
#ifdef _WIN32
    expect_absent("npipe:////./pipe/dockerDesktopWindowsEngine", CK_ERR_NOTFOUND,
                  "Docker Desktop is not running: \\\\.\\pipe\\dockerDesktopWindowsEngine does not exist");
    expect_absent("npipe:////./pipe/ck_no_engine", CK_ERR_NOTFOUND,
                  "The Docker engine is not running: \\\\.\\pipe\\ck_no_engine does not exist");
#else
    expect_absent("unix:///nonexistent/ck/docker.sock", CK_ERR_NOTFOUND,
                  "The Docker engine is not running: /nonexistent/ck/docker.sock does not exist");
#endif
    expect_absent("tcp://127.0.0.1:1", CK_ERR_CONNECT, "cannot connect to the Docker engine at tcp://127.0.0.1:1");
}

static char *need(const char *name, int *missing)
{
    char *v = ck_getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "skipped: %s is not set (run under tests/tools/e2e-env.sh exec)\n", name);
        *missing = 1;
    }
    return v;
}

int main(int argc, char **argv)
{
    int missing = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: test_engine_e2e <fixtures folder> <expected dpkg status file>\n");
        return 2;
    }
    expected_path = argv[2];
    env_image_local = need("CK_E2E_IMAGE_LOCAL", &missing);
    env_pull_image = need("CK_E2E_PULL_IMAGE", &missing);
    env_auth_image = need("CK_E2E_AUTH_IMAGE", &missing);
    env_auth_user = need("CK_E2E_AUTH_USER", &missing);
    env_auth_password = need("CK_E2E_AUTH_PASSWORD", &missing);
    env_auth_registry = need("CK_E2E_AUTH_REGISTRY", &missing);
    env_registry = need("CK_E2E_REGISTRY", &missing);
    env_tcp = need("CK_E2E_TCP", &missing);
    env_api = need("CK_E2E_API_VERSION", &missing);
    env_sock = need("CK_E2E_SOCK", &missing);
    if (missing)
        return CK_SKIP_CODE;
    CK_RUN(test_ping_version_info);
    CK_RUN(test_images);
    CK_RUN(test_pull);
    CK_RUN(test_pull_not_found);
    CK_RUN(test_pull_with_credentials);
    CK_RUN(test_create_archive_remove);
    CK_RUN(test_export_and_cancel);
    CK_RUN(test_tcp_endpoint);
    CK_RUN(test_unix_endpoint);
    CK_RUN(test_engine_absent);
    free(env_image_local);
    free(env_pull_image);
    free(env_auth_image);
    free(env_auth_user);
    free(env_auth_password);
    free(env_auth_registry);
    free(env_registry);
    free(env_tcp);
    free(env_api);
    free(env_sock);
    return ck_test_summary();
}
