/* Docker endpoint URLs and the selection order of the docker CLI, with the
 * configuration folders of tests/fixtures/dockercfg standing in for
 * DOCKER_CONFIG; TLS asked for by the environment and refused; registry
 * credentials never sent over plain TCP to another machine (a pull to such
 * an engine fails before connecting; one to an engine on 127.0.0.1, a
 * scripted server, carries them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "loopback_server.h"
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

/* DOCKER_TLS_VERIFY and DOCKER_TLS as select_with passes them. */
static const char *tls_verify, *tls;

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

    memset(&env, 0, sizeof env);
    env.host = host;
    env.context = context;
    env.docker_host = docker_host;
    env.docker_context = docker_context;
    env.config_dir = dir;
    env.docker_tls_verify = tls_verify;
    env.docker_tls = tls;
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

static void set_env(const char *name, const char *value)
{
#ifdef _WIN32
    SetEnvironmentVariableA(name, value);
#else
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
#endif
}

/* DOCKER_TLS_VERIFY / DOCKER_TLS with a tcp:// host: the CLI would speak
 * TLS; plain TCP is refused, naming the variable. */
static void test_tls_environment_refused(void)
{
    char url[300], source[300];
    struct ck_endpoint ep;
    struct ck_err err;

    tls_verify = "1";
    CK_CHECK_INT(select_with(NULL, NULL, "tcp://docker.example:2376", NULL, NULL, url, source, &err),
                 CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "DOCKER_TLS_VERIFY") && strstr(err.msg, "tcp://docker.example:2376"));
    CK_CHECK_INT(select_with("tcp://127.0.0.1:2376", NULL, NULL, NULL, NULL, url, source, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "--host") != NULL);
    /* the default context with DOCKER_HOST is the same host */
    CK_CHECK_INT(select_with(NULL, "default", "tcp://docker.example:2376", NULL, NULL, url, source, &err),
                 CK_ERR_UNSUPPORTED);
    /* no TCP, no TLS to speak: as the CLI */
    CK_CHECK_INT(select_with(NULL, NULL, "unix:///env.sock", NULL, NULL, url, source, &err), CK_OK);
    CK_CHECK_INT(select_with(NULL, "unix-ctx", NULL, NULL, "contexts", url, source, &err), CK_OK);
    tls_verify = "";
    tls = "1";
    CK_CHECK_INT(select_with(NULL, NULL, "tcp://docker.example:2376", NULL, NULL, url, source, &err),
                 CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "DOCKER_TLS ") != NULL);
    tls = NULL;
    CK_CHECK_INT(select_with(NULL, NULL, "tcp://docker.example:2376", NULL, NULL, url, source, &err), CK_OK);
    tls_verify = NULL;

    /* read from the environment, as the CLI does */
    set_env("DOCKER_HOST", "tcp://docker.example:2376");
    set_env("DOCKER_TLS_VERIFY", "1");
    ck_endpoint_init(&ep);
    CK_CHECK_INT(ck_endpoint_resolve(&ep, NULL, NULL, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "DOCKER_TLS_VERIFY") != NULL);
    CK_CHECK(ep.url == NULL);
    set_env("DOCKER_TLS_VERIFY", NULL);
    set_env("DOCKER_HOST", NULL);
    ck_endpoint_release(&ep);
}

static int plain_remote(const char *url)
{
    struct ck_endpoint ep;
    struct ck_err err;
    int r = -1;
    ck_endpoint_init(&ep);
    if (ck_endpoint_parse(&ep, url, NULL, &err) == CK_OK)
        r = ck_endpoint_is_plain_remote(&ep);
    ck_endpoint_release(&ep);
    return r;
}

static void test_plain_remote(void)
{
    CK_CHECK_INT(plain_remote("tcp://docker.example:2375"), 1);
    CK_CHECK_INT(plain_remote("tcp://10.0.0.5:2375"), 1);
    CK_CHECK_INT(plain_remote("tcp://127.0.0.1.example:2375"), 1);
    CK_CHECK_INT(plain_remote("tcp://128.0.0.1:2375"), 1);
    CK_CHECK_INT(plain_remote("tcp://[fe80::1]:2375"), 1);
    CK_CHECK_INT(plain_remote("tcp://[::2]:2375"), 1);
    CK_CHECK_INT(plain_remote("tcp://127.0.0.1:2375"), 0);
    CK_CHECK_INT(plain_remote("tcp://127.1.2.3:2375"), 0);
    CK_CHECK_INT(plain_remote("tcp://LocalHost:2375"), 0);
    CK_CHECK_INT(plain_remote("tcp://[::1]:2375"), 0);
    CK_CHECK_INT(plain_remote("tcp://[0:0:0:0:0:0:0:1]:2375"), 0);
    CK_CHECK_INT(plain_remote("tcp://[::ffff:127.0.0.1]:2375"), 0);
    CK_CHECK_INT(plain_remote("unix:///var/run/docker.sock"), 0);
    CK_CHECK_INT(plain_remote("npipe:////./pipe/docker_engine"), 0);
}

#define AUTH_VALUE "eyJ1c2VybmFtZSI6ImNrIiwicGFzc3dvcmQiOiJzZWNyZXQifQ=="

/* A pull with credentials to an engine on another machine over plain TCP
 * fails before anything is sent (the name below is never looked up). */
static void test_pull_refuses_plain_remote(void)
{
    struct ck_endpoint ep;
    struct ck_engine e;
    struct ck_err err;

    ck_endpoint_init(&ep);
    CK_REQUIRE(ck_endpoint_parse(&ep, "tcp://engine.invalid:2375", "DOCKER_HOST", &err) == CK_OK);
    CK_REQUIRE(ck_engine_init(&e, &ep, &err) == CK_OK);
    CK_CHECK_INT(ck_engine_pull(&e, "registry.example:5000/team/app:1", AUTH_VALUE, NULL, NULL, &err),
                 CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "plain TCP") && strstr(err.msg, "X-Registry-Auth") &&
             strstr(err.msg, "tcp://engine.invalid:2375"));
    CK_CHECK(strstr(err.msg, AUTH_VALUE) == NULL);
    /* the user's own credentials, looked up, likewise */
    {
        const char *dir = "test_endpoint.dockercfg";
        char path[256];
        FILE *f;
        ck_mkdirs(dir);
        snprintf(path, sizeof path, "%s/config.json", dir);
        f = ck_fopen(path, "wb");
        CK_REQUIRE(f != NULL);
        fputs("{\"auths\":{\"registry.example:5000\":{\"auth\":\"Y2s6c2VjcmV0\"}}}", f);
        fclose(f);
        set_env("DOCKER_CONFIG", dir);
        CK_CHECK_INT(ck_engine_pull(&e, "registry.example:5000/team/app:1", NULL, NULL, NULL, &err),
                     CK_ERR_UNSUPPORTED);
        set_env("DOCKER_CONFIG", NULL);
    }
    ck_engine_release(&e);
    ck_endpoint_release(&ep);
}

/* An engine on 127.0.0.1: pings answered, a pull's headers kept. */
static char *engine_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    static const char progress[] = "{\"status\":\"Pulling from team/app\"}\r\n{\"status\":\"Done\"}\r\n";
    (void)ctx, (void)n;
    if (!strncmp(head, "HEAD /_ping", 11))
        return lb_response(200, "Api-Version: 1.45\r\nOSType: linux\r\n", NULL, 0, len);
    if (!strncmp(head, "GET /_ping", 10))
        return lb_text(200, "Api-Version: 1.45\r\nOSType: linux\r\n", "OK", len);
    if (!strncmp(head, "POST /v1.45/images/create?", 26))
        return lb_text(200, "Content-Type: application/json\r\n", progress, len);
    return lb_text(404, NULL, "{\"message\":\"no such thing\"}", len);
}

static void test_pull_loopback_carries_credentials(void)
{
    struct lb_server s;
    struct ck_endpoint ep;
    struct ck_engine e;
    struct ck_err err;
    char url[64];

    CK_REQUIRE(lb_start(&s, engine_respond, NULL) == 0);
    snprintf(url, sizeof url, "tcp://127.0.0.1:%u", s.port);
    ck_endpoint_init(&ep);
    CK_REQUIRE(ck_endpoint_parse(&ep, url, NULL, &err) == CK_OK);
    CK_REQUIRE(ck_engine_init(&e, &ep, &err) == CK_OK);
    CK_CHECK_INT(ck_engine_pull(&e, "registry.example:5000/team/app:1", AUTH_VALUE, NULL, NULL, &err), CK_OK);
    CK_CHECK(lb_seen(&s, "X-Registry-Auth: " AUTH_VALUE));
    ck_engine_release(&e);
    ck_endpoint_release(&ep);
    lb_stop(&s);
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
    CK_RUN(test_tls_environment_refused);
    CK_RUN(test_plain_remote);
    CK_RUN(test_pull_refuses_plain_remote);
    CK_RUN(test_pull_loopback_carries_credentials);
    return ck_test_summary();
}
