/* Image lists from the engine's /images/json answer: tags, digest-only
 * images, dangling images, <none> placeholders. The summaries follow the
 * ImageSummary shape of the Engine API (RepoTags, RepoDigests). */
#include <string.h>

#include "ck_test.h"
#include "sources/local.h"

#define D64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char summaries[] =
    "[{\"Id\":\"sha256:" D64 "\",\"RepoTags\":[\"ubuntu:22.04\",\"ubuntu:latest\"],"
    "  \"RepoDigests\":[\"ubuntu@sha256:" D64 "\"],\"Size\":77800000,\"Containers\":-1},"
    " {\"Id\":\"sha256:1\",\"RepoTags\":[\"<none>:<none>\"],\"RepoDigests\":[\"alpine@sha256:" D64 "\"]},"
    " {\"Id\":\"sha256:2\",\"RepoTags\":null,\"RepoDigests\":[\"<none>@<none>\"]},"
    " {\"Id\":\"sha256:3\",\"RepoTags\":[\"127.0.0.1:5000/ck/debian:bookworm\",\"ck/debian:12\"]},"
    " {\"Id\":\"sha256:4\",\"RepoTags\":[\"docker.io/library/ubuntu:22.04\"]},"
    " {\"Id\":\"sha256:5\"}]";

static void test_summaries(void)
{
    struct ck_imagelist l;
    struct ck_local_stats s;
    struct ck_err err;
    cJSON *j = cJSON_Parse(summaries);

    CK_REQUIRE(j != NULL);
    ck_imagelist_init(&l);
    CK_REQUIRE(ck_imagelist_from_image_summaries(j, &l, &s, &err) == CK_OK);
    CK_CHECK_INT(s.images, 6);
    CK_CHECK_INT(s.dangling, 2);
    CK_REQUIRE(l.count == 5);
    CK_CHECK_STR(ck_imagelist_string(&l, 0), "docker.io/library/ubuntu:22.04");
    CK_CHECK_STR(ck_imagelist_string(&l, 1), "docker.io/library/ubuntu:latest");
    CK_CHECK_STR(ck_imagelist_string(&l, 2), "docker.io/library/alpine@sha256:" D64);
    CK_CHECK_STR(ck_imagelist_string(&l, 3), "127.0.0.1:5000/ck/debian:bookworm");
    CK_CHECK_STR(ck_imagelist_string(&l, 4), "docker.io/ck/debian:12");
    ck_imagelist_release(&l);
    cJSON_Delete(j);
}

static void test_not_a_list(void)
{
    struct ck_imagelist l;
    struct ck_err err;
    cJSON *j = cJSON_Parse("{\"message\":\"page not found\"}");
    ck_imagelist_init(&l);
    CK_CHECK(ck_imagelist_from_image_summaries(j, &l, NULL, &err) == CK_ERR_PROTOCOL);
    CK_CHECK(l.count == 0);
    ck_imagelist_release(&l);
    cJSON_Delete(j);
}

int main(void)
{
    CK_RUN(test_summaries);
    CK_RUN(test_not_a_list);
    return ck_test_summary();
}
