/* Docker endpoint URLs and the selection order of the docker CLI, with the
 * configuration folders of tests/fixtures/dockercfg standing in for
 * DOCKER_CONFIG. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "docker/endpoint.h"
#include "platform/platform.h"

static const char *fixtures;

static char *cfg(const char *name)
{
    char *base = ck_path_join(fixtures, "dockercfg");
    char *dir = base ? ck_path_join(base, name) : NULL;
    free(base);
    return dir;
}

static void test_parse_unix(void)
{
    struct ck_endpoint ep;
    struct ck_err err;

    ck_endpoint_init(&ep);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "unix:///var/run/docker.sock", NULL, &err), CK_OK);
    CK_CHECK_INT(ep.target.kind, CK_STREAM_UNIX);
    CK_CHECK_STR(ep.target.path, "/var/run/docker.sock");
    CK_CHECK_STR(ep.address, "/var/run/docker.sock");
    CK_CHECK_STR(ep.source, "--host");
    CK_CHECK_STR(ck_endpoint_product(&ep), "the Docker engine");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "/run/docker.sock", "x", &err), CK_OK);
    CK_CHECK_STR(ep.target.path, "/run/docker.sock");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "unix:///home/u/.docker/desktop/docker.sock", NULL, &err), CK_OK);
    CK_CHECK_STR(ck_endpoint_product(&ep), "Docker Desktop");
    /* a failure leaves the endpoint as it was */
    CK_CHECK_INT(ck_endpoint_parse(&ep, "unix://", NULL, &err), CK_ERR_ARG);
    CK_CHECK_STR(ep.target.path, "/home/u/.docker/desktop/docker.sock");
    ck_endpoint_release(&ep);
}

static void test_parse_npipe(void)
{
    struct ck_endpoint ep;
    struct ck_err err;

    ck_endpoint_init(&ep);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "npipe:////./pipe/docker_engine", NULL, &err), CK_OK);
    CK_CHECK_INT(ep.target.kind, CK_STREAM_NPIPE);
    CK_CHECK_STR(ep.target.path, "\\\\.\\pipe\\docker_engine");
    CK_CHECK_STR(ep.url, "npipe:////./pipe/docker_engine");
    CK_CHECK_STR(ck_endpoint_product(&ep), "Docker Desktop");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "npipe://./pipe/dockerDesktopLinuxEngine", NULL, &err), CK_OK);
    CK_CHECK_STR(ep.target.path, "\\\\.\\pipe\\dockerDesktopLinuxEngine");
    CK_CHECK_STR(ck_endpoint_product(&ep), "Docker Desktop");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "NPIPE:////./pipe/dockerDesktopWindowsEngine", NULL, &err), CK_OK);
    CK_CHECK_STR(ck_endpoint_product(&ep), "Docker Desktop");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "npipe:////buildhost/pipe/my_engine", NULL, &err), CK_OK);
    CK_CHECK_STR(ep.target.path, "\\\\buildhost\\pipe\\my_engine");
    CK_CHECK_STR(ck_endpoint_product(&ep), "the Docker engine");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "npipe:////./pipe/", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "npipe:////./docker_engine", NULL, &err), CK_ERR_ARG);
    ck_endpoint_release(&ep);
}

static void test_parse_tcp(void)
{
    struct ck_endpoint ep;
    struct ck_err err;

    ck_endpoint_init(&ep);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://127.0.0.1:23750", NULL, &err), CK_OK);
    CK_CHECK_INT(ep.target.kind, CK_STREAM_TCP);
    CK_CHECK_STR(ep.target.host, "127.0.0.1");
    CK_CHECK_INT(ep.target.port, 23750);
    CK_CHECK_STR(ep.address, "127.0.0.1:23750");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://localhost", NULL, &err), CK_OK);
    CK_CHECK_INT(ep.target.port, 2375);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://docker.example:2375/", NULL, &err), CK_OK);
    CK_CHECK_STR(ep.target.host, "docker.example");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "http://[::1]:2376", NULL, &err), CK_OK);
    CK_CHECK_STR(ep.target.host, "::1");
    CK_CHECK_INT(ep.target.port, 2376);
    CK_CHECK_STR(ep.address, "[::1]:2376");
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://[fe80::1]", NULL, &err), CK_OK);
    CK_CHECK_INT(ep.target.port, 2375);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "10.0.0.5:2375", NULL, &err), CK_OK);
    CK_CHECK_STR(ep.target.host, "10.0.0.5");

    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://host:0", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://host:65536", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://host:12ab", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://host:", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://:2375", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://[::1", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "tcp://host:2375/v1.41", NULL, &err), CK_ERR_UNSUPPORTED);
    /* the last good parse is kept */
    CK_CHECK_STR(ep.target.host, "10.0.0.5");
    ck_endpoint_release(&ep);
}

static void test_parse_refused_schemes(void)
{
    struct ck_endpoint ep;
    struct ck_err err;

    ck_endpoint_init(&ep);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "ssh://user@host", NULL, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "ssh://") != NULL);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "https://host:2376", NULL, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "fd://", NULL, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_endpoint_parse(&ep, "", NULL, &err), CK_ERR_ARG);
    CK_CHECK(ep.url == NULL);
    ck_endpoint_release(&ep);
}

/* Runs the selection; returns its status and leaves the URL and source in
 * the out-parameters (copied, "" on failure). */
static enum ck_status select_with(const char *host, const char *context, const char *docker_host,
                                  const char *docker_context, const char *config, char *url,
                                  char *source, struct ck_err *err)
{
    struct ck_endpoint ep;
    struct ck_endpoint_env env;
    char *dir = config ? cfg(config) : NULL;
    enum ck_status st;

    env.host = host;
    env.context = context;
    env.docker_host = docker_host;
    env.docker_context = docker_context;
    env.config_dir = dir;
    ck_endpoint_init(&ep);
    st = ck_endpoint_select(&ep, &env, err);
    strcpy(url, st == CK_OK ? ep.url : "");
    strcpy(source, st == CK_OK ? ep.source : "");
    ck_endpoint_release(&ep);
    free(dir);
    return st;
}

static void test_selection_order(void)
{
    char url[300], source[300];
    struct ck_err err;

    /* 1. explicit host beats everything */
    CK_CHECK_INT(select_with("tcp://10.1.1.1:2375", NULL, "unix:///env.sock", "unix-ctx", "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "tcp://10.1.1.1:2375");
    CK_CHECK_STR(source, "--host");
    /* host and context together: refused like the CLI does */
    CK_CHECK_INT(select_with("tcp://10.1.1.1:2375", "unix-ctx", NULL, NULL, "contexts", url, source, &err), CK_ERR_ARG);
    /* 2. explicit context beats DOCKER_HOST */
    CK_CHECK_INT(select_with(NULL, "unix-ctx", "unix:///env.sock", NULL, "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "unix:///run/user/1000/docker.sock");
    CK_CHECK_STR(source, "context \"unix-ctx\" (--context)");
    /* 3. DOCKER_HOST beats DOCKER_CONTEXT and currentContext */
    CK_CHECK_INT(select_with(NULL, NULL, "unix:///env.sock", "unix-ctx", "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "unix:///env.sock");
    CK_CHECK_STR(source, "DOCKER_HOST");
    /* 4. DOCKER_CONTEXT beats currentContext */
    CK_CHECK_INT(select_with(NULL, NULL, NULL, "unix-ctx", "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "unix:///run/user/1000/docker.sock");
    CK_CHECK_STR(source, "context \"unix-ctx\" (DOCKER_CONTEXT)");
    /* 5. currentContext of config.json (Docker Desktop's Linux engine) */
    CK_CHECK_INT(select_with(NULL, NULL, NULL, NULL, "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "npipe:////./pipe/dockerDesktopLinuxEngine");
    CK_CHECK_STR(source, "context \"desktop-linux\" (currentContext in config.json)");
    /* 6. the default */
    CK_CHECK_INT(select_with(NULL, NULL, NULL, NULL, NULL, url, source, &err), CK_OK);
    CK_CHECK_STR(url, CK_ENDPOINT_DEFAULT_HOST);
    CK_CHECK_STR(source, "default");
    CK_CHECK_INT(select_with(NULL, NULL, "", "", "no-such-folder", url, source, &err), CK_OK);
    CK_CHECK_STR(url, CK_ENDPOINT_DEFAULT_HOST);
}

static void test_default_context(void)
{
    char url[300], source[300];
    struct ck_err err;

    CK_CHECK_INT(select_with(NULL, "default", NULL, NULL, "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, CK_ENDPOINT_DEFAULT_HOST);
    /* DOCKER_CONTEXT=default with DOCKER_HOST: DOCKER_HOST already wins */
    CK_CHECK_INT(select_with(NULL, NULL, "tcp://h:1", "default", "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "tcp://h:1");
    CK_CHECK_INT(select_with(NULL, "default", "tcp://h:2", NULL, "contexts", url, source, &err), CK_OK);
    CK_CHECK_STR(url, "tcp://h:2");
}

static void test_context_failures(void)
{
    char url[300], source[300];
    struct ck_err err;

    CK_CHECK_INT(select_with(NULL, NULL, NULL, NULL, "missing-context", url, source, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "\"gone\"") != NULL);
    CK_CHECK_INT(select_with(NULL, "nope", NULL, NULL, "contexts", url, source, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "\"nope\"") != NULL);
    CK_CHECK_INT(select_with(NULL, "remote-tls", NULL, NULL, "contexts", url, source, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "TLS") != NULL);
    CK_CHECK_INT(select_with(NULL, "no-endpoint", NULL, NULL, "contexts", url, source, &err), CK_ERR_PARSE);
    /* a config.json that is not JSON: warned about, the default is used */
    CK_CHECK_INT(select_with(NULL, NULL, NULL, NULL, "broken", url, source, &err), CK_OK);
    CK_CHECK_STR(url, CK_ENDPOINT_DEFAULT_HOST);
}

static void test_copy(void)
{
    struct ck_endpoint a, b;
    struct ck_err err;
    ck_endpoint_init(&a);
    ck_endpoint_init(&b);
    CK_CHECK_INT(ck_endpoint_parse(&a, "tcp://127.0.0.1:1234", "DOCKER_HOST", &err), CK_OK);
    CK_CHECK_INT(ck_endpoint_copy(&b, &a), CK_OK);
    ck_endpoint_release(&a);
    CK_CHECK_STR(b.target.host, "127.0.0.1");
    CK_CHECK_STR(b.source, "DOCKER_HOST");
    CK_CHECK_INT(b.target.port, 1234);
    ck_endpoint_release(&b);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_endpoint <fixtures folder>\n");
        return 2;
    }
    fixtures = argv[1];
    CK_RUN(test_parse_unix);
    CK_RUN(test_parse_npipe);
    CK_RUN(test_parse_tcp);
    CK_RUN(test_parse_refused_schemes);
    CK_RUN(test_selection_order);
    CK_RUN(test_default_context);
    CK_RUN(test_context_failures);
    CK_RUN(test_copy);
    return ck_test_summary();
}
