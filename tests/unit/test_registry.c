/* Registry helpers that need no server: WWW-Authenticate challenges (the
 * example of the distribution token-authentication specification and
 * variants), and queries refused before any request; and where the
 * credentials and tokens go when the registry names a next page or a token
 * service on another server (scripted servers on 127.0.0.1, one of them the
 * proxy of every other host: loopback_server.h). The listing itself runs
 * against a real registry in the e2e tests (tests/e2e/lists.cmake). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "loopback_server.h"
#include "platform/platform.h"
#include "sources/registry.h"

static void test_challenge(void)
{
    const char *c = "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    "scope=\"repository:samalba/my-app:pull,push\"";
    char *scheme = NULL, *v;

    v = ck_registry_challenge_param(c, "realm", &scheme);
    CK_CHECK_STR(scheme, "Bearer");
    CK_CHECK_STR(v, "https://auth.docker.io/token");
    free(scheme);
    free(v);
    v = ck_registry_challenge_param(c, "service", NULL);
    CK_CHECK_STR(v, "registry.docker.io");
    free(v);
    v = ck_registry_challenge_param(c, "scope", NULL); /* the comma inside quotes stays */
    CK_CHECK_STR(v, "repository:samalba/my-app:pull,push");
    free(v);
    CK_CHECK(ck_registry_challenge_param(c, "error", NULL) == NULL);

    v = ck_registry_challenge_param("Basic realm=\"Registry Realm\"", "realm", &scheme);
    CK_CHECK_STR(scheme, "Basic");
    CK_CHECK_STR(v, "Registry Realm");
    free(scheme);
    free(v);
    /* unquoted values, spaces after commas, other case */
    v = ck_registry_challenge_param("bearer Realm=http://t/token, service=reg", "service", NULL);
    CK_CHECK_STR(v, "reg");
    free(v);
    v = ck_registry_challenge_param("bearer Realm=http://t/token, service=reg", "realm", NULL);
    CK_CHECK_STR(v, "http://t/token");
    free(v);
}

static void test_refused_queries(void)
{
    struct ck_registry_query q;
    struct ck_tagpolicy newest;
    struct ck_imagelist l;
    struct ck_err err;

    memset(&q, 0, sizeof q);
    ck_imagelist_init(&l);
    CK_REQUIRE(ck_tagpolicy_parse(&newest, "newest:3", NULL) == CK_OK);
    q.url = "http://127.0.0.1:1";
    q.policy = &newest;
    CK_CHECK(ck_registry_list(&q, &l, NULL, &err) == CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "creation dates") != NULL);
    q.policy = NULL;
    q.url = "http://127.0.0.1:1/some/path";
    CK_CHECK(ck_registry_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    q.url = "http://127.0.0.1:1";
    CK_CHECK(ck_registry_list(&q, &l, NULL, &err) == CK_ERR_CONNECT);
    CK_CHECK_INT(l.count, 0);
    ck_tagpolicy_release(&newest);
    ck_imagelist_release(&l);
}

/* A registry: Basic (realm empty) or Bearer at realm; its catalog page
 * names next (when set) as the next page. */
struct script {
    char realm[128];
    char next[128];
};

static char *registry_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    const struct script *sc = ctx;
    const char *want = sc->realm[0] ? "Authorization: Bearer tok-1" : "Authorization: Basic ";
    char extra[400];
    (void)n;
    if (!strstr(head, want)) {
        if (sc->realm[0])
            snprintf(extra, sizeof extra, "WWW-Authenticate: Bearer realm=\"%s\",service=\"reg\"\r\n", sc->realm);
        else
            snprintf(extra, sizeof extra, "WWW-Authenticate: Basic realm=\"reg\"\r\n");
        return lb_text(401, extra, "{}", len);
    }
    extra[0] = '\0';
    if (sc->next[0])
        snprintf(extra, sizeof extra, "Link: <%s>; rel=\"next\"\r\n", sc->next);
    return lb_text(200, extra, "{\"repositories\":[]}", len);
}

/* Any other server: a token service, or an empty last page. */
static char *other_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    (void)ctx, (void)n;
    if (strstr(head, "/token?"))
        return lb_text(200, NULL, "{\"token\":\"tok-1\"}", len);
    return lb_text(200, NULL, "{\"repositories\":[]}", len);
}

static enum ck_status list_registry(const struct lb_server *reg, const char *user, int docker, struct ck_err *err)
{
    struct ck_registry_query q;
    struct ck_imagelist l;
    char url[64];
    enum ck_status st;
    memset(&q, 0, sizeof q);
    q.url = lb_url(reg, "", url, sizeof url);
    q.username = user;
    q.password = user ? "reg-Passw0rd-secret" : NULL;
    q.docker_credentials = docker;
    ck_imagelist_init(&l);
    st = ck_registry_list(&q, &l, NULL, err);
    ck_imagelist_release(&l);
    return st;
}

/* DOCKER_CONFIG: a folder holding Basic credentials for host. */
static void docker_config_for(const char *host)
{
    const char *dir = "test_registry.dockercfg";
    char path[256];
    FILE *f;
    ck_mkdirs(dir);
    snprintf(path, sizeof path, "%s/config.json", dir);
    if ((f = ck_fopen(path, "wb")) != NULL) {
        /* base64("ckuser:cfg-Passw0rd-secret") */
        fprintf(f, "{\"auths\":{\"%s\":{\"auth\":\"Y2t1c2VyOmNmZy1QYXNzdzByZC1zZWNyZXQ=\"}}}", host);
        fclose(f);
    }
#ifdef _WIN32
    SetEnvironmentVariableA("DOCKER_CONFIG", dir);
#else
    setenv("DOCKER_CONFIG", dir, 1);
#endif
}

static void test_next_page_elsewhere(void)
{
    struct script sc;
    struct lb_server reg, other;
    struct ck_err err;
    char host[64];

    memset(&sc, 0, sizeof sc);
    snprintf(sc.next, sizeof sc.next, "http://other.example.test/v2/_catalog?last=a&n=100");
    CK_REQUIRE(lb_start(&other, other_respond, NULL) == 0);
    lb_proxy_others(&other);
    if (lb_start(&reg, registry_respond, &sc) != 0) {
        lb_stop(&other);
        CK_REQUIRE(0);
    }
    /* the username and password given */
    CK_CHECK_INT(list_registry(&reg, "ckuser", 0, &err), CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "another server") != NULL);
    CK_CHECK(lb_seen(&reg, "Authorization: Basic "));
    CK_CHECK_INT(lb_count(&other), 0);
    /* those of the docker configuration */
    snprintf(host, sizeof host, "127.0.0.1:%u", reg.port);
    docker_config_for(host);
    CK_CHECK_INT(list_registry(&reg, NULL, 1, &err), CK_ERR_PROTOCOL);
    CK_CHECK(lb_seen(&reg, "Authorization: Basic Y2t1c2VyOmNmZy1QYXNzdzByZC1zZWNyZXQ="));
    CK_CHECK_INT(lb_count(&other), 0);
    lb_stop(&reg);
    lb_stop(&other);
}

static void test_token_service_elsewhere(void)
{
    struct script sc;
    struct lb_server reg, other, beside;
    struct ck_err err;

    memset(&sc, 0, sizeof sc);
    snprintf(sc.realm, sizeof sc.realm, "http://auth.example.test/token");
    CK_REQUIRE(lb_start(&other, other_respond, NULL) == 0);
    lb_proxy_others(&other);
    if (lb_start(&beside, other_respond, NULL) != 0 || lb_start(&reg, registry_respond, &sc) != 0) {
        lb_stop(&other);
        CK_REQUIRE(0);
    }
    /* on another host: an anonymous token, the password stays here */
    CK_CHECK_INT(list_registry(&reg, "ckuser", 0, &err), CK_OK);
    CK_CHECK_INT(lb_count(&other), 1);
    CK_CHECK(lb_seen(&other, "GET http://auth.example.test/token?"));
    CK_CHECK(!lb_seen_header(&other, "authorization"));
    CK_CHECK(lb_seen(&reg, "Authorization: Bearer tok-1"));
    /* on another port of the registry's host: the credentials go with it */
    snprintf(sc.realm, sizeof sc.realm, "http://127.0.0.1:%u/token", beside.port);
    CK_CHECK_INT(list_registry(&reg, "ckuser", 0, &err), CK_OK);
    CK_CHECK(lb_seen(&beside, "Authorization: Basic "));
    CK_CHECK_INT(lb_count(&other), 1);
    /* one whose URL names a user (libcurl would log in with it): not used */
    snprintf(sc.realm, sizeof sc.realm, "http://auth.example:@auth.example.test/token");
    CK_CHECK_INT(list_registry(&reg, NULL, 0, &err), CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "names a user") != NULL);
    CK_CHECK_INT(lb_count(&other), 1);
    lb_stop(&reg);
    lb_stop(&beside);
    lb_stop(&other);
}

int main(void)
{
    CK_RUN(test_challenge);
    CK_RUN(test_refused_queries);
    CK_RUN(test_next_page_elsewhere);
    CK_RUN(test_token_service_elsewhere);
    return ck_test_summary();
}
