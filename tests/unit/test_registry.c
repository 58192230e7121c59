/* Registry helpers that need no server: WWW-Authenticate challenges (the
 * example of the distribution token-authentication specification and
 * variants), and queries refused before any request. The listing itself runs
 * against a real registry in the e2e tests (tests/e2e/lists.cmake). */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
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

int main(void)
{
    CK_RUN(test_challenge);
    CK_RUN(test_refused_queries);
    return ck_test_summary();
}
