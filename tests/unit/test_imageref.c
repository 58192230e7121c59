/* Image reference parsing: normalisation as Docker does it, rejections with
 * a reason, canonical and display forms. The cases follow the reference
 * grammar of Docker's distribution/reference package (its documented rules). */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "docker/imageref.h"

#define D64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct good_case {
    const char *text;
    const char *canonical;
    const char *display;
};

static const struct good_case good[] = {
    {"ubuntu", "docker.io/library/ubuntu:latest", "ubuntu:latest"},
    {"ubuntu:22.04", "docker.io/library/ubuntu:22.04", "ubuntu:22.04"},
    {"library/ubuntu", "docker.io/library/ubuntu:latest", "ubuntu:latest"},
    {"docker.io/ubuntu", "docker.io/library/ubuntu:latest", "ubuntu:latest"},
    {"index.docker.io/ubuntu", "docker.io/library/ubuntu:latest", "ubuntu:latest"},
    {"docker.io/library/ubuntu:latest", "docker.io/library/ubuntu:latest", "ubuntu:latest"},
    {"bitnami/redis:7.2", "docker.io/bitnami/redis:7.2", "bitnami/redis:7.2"},
    {"docker.io/library/foo/bar", "docker.io/library/foo/bar:latest", "library/foo/bar:latest"},
    {"registry.example.com:5000/dev/example-image:4.2.0",
     "registry.example.com:5000/dev/example-image:4.2.0",
     "registry.example.com:5000/dev/example-image:4.2.0"},
    {"localhost/app", "localhost/app:latest", "localhost/app:latest"},
    {"localhost:5000/app:v1", "localhost:5000/app:v1", "localhost:5000/app:v1"},
    {"127.0.0.1:5000/a/b/c:1", "127.0.0.1:5000/a/b/c:1", "127.0.0.1:5000/a/b/c:1"},
    {"[::1]:5000/app", "[::1]:5000/app:latest", "[::1]:5000/app:latest"},
    {"Example.COM/app", "Example.COM/app:latest", "Example.COM/app:latest"},
    {"Registry/app", "Registry/app:latest", "Registry/app:latest"}, /* uppercase: a host */
    {"ghcr.io/owner/image_name__x---y.z:TAG_1.0-rc", "ghcr.io/owner/image_name__x---y.z:TAG_1.0-rc",
     "ghcr.io/owner/image_name__x---y.z:TAG_1.0-rc"},
    {"alpine@sha256:" D64, "docker.io/library/alpine@sha256:" D64, "alpine@sha256:0123456789ab"},
    {"alpine:3.20@sha256:" D64, "docker.io/library/alpine:3.20@sha256:" D64,
     "alpine:3.20@sha256:0123456789ab"},
};

static void test_normalises(void)
{
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct ck_imageref r;
        struct ck_err err;
        char *canon, *disp;
        ck_imageref_init(&r);
        if (ck_imageref_parse(&r, good[i].text, &err) != CK_OK) {
            fprintf(stderr, "  %s: %s\n", good[i].text, err.msg);
            CK_CHECK(!"parse failed");
            continue;
        }
        canon = ck_imageref_to_string(&r);
        disp = ck_imageref_display(&r);
        CK_CHECK_STR(canon, good[i].canonical);
        CK_CHECK_STR(disp, good[i].display);
        free(canon);
        free(disp);
        ck_imageref_release(&r);
    }
}

static void test_fields(void)
{
    struct ck_imageref r;
    char *name;
    CK_REQUIRE(ck_imageref_parse(&r, "registry.example.com:5000/dev/example-image:4.2.0", NULL) == CK_OK);
    CK_CHECK_STR(r.registry, "registry.example.com:5000");
    CK_CHECK_STR(r.repository, "dev/example-image");
    CK_CHECK_STR(r.tag, "4.2.0");
    CK_CHECK(r.digest == NULL);
    name = ck_imageref_name(&r);
    CK_CHECK_STR(name, "registry.example.com:5000/dev/example-image");
    free(name);
    ck_imageref_release(&r);

    CK_REQUIRE(ck_imageref_parse(&r, "busybox@sha256:" D64, NULL) == CK_OK);
    CK_CHECK(r.tag == NULL); /* a digest alone gets no "latest" */
    CK_CHECK_STR(r.digest, "sha256:" D64);
    ck_imageref_release(&r);
}

struct bad_case {
    const char *text;
    const char *reason; /* a piece of the message */
};

static const struct bad_case bad[] = {
    {"", "empty"},
    {"Ubuntu", "lowercase"},
    {"docker.io/Library/ubuntu", "lowercase"},
    {"ubuntu:", "tag"},
    {"ubuntu:-x", "tag"},
    {"ubuntu:.x", "tag"},
    {"ubuntu:a/b", "registry"}, /* "ubuntu:a" has a colon, so it names a host */
    {"ubuntu:a+b", "tag"},
    {"ubuntu with space", "space"},
    {"ubuntu\t", "space"},
    {"caf\xc3\xa9", "non-ASCII"},
    {"a..b", "repository name may hold"},
    {"a/-b", "repository name may hold"},
    {"a_-b", "repository name may hold"},
    {"a___b", "repository name may hold"},
    {"a//b", "repository name may hold"},
    {"a/", "repository name may hold"},
    {"example.com/", "empty"},
    {"example.com/:tag", "empty"},
    {"-host.com/x", "registry"},
    {"host-.com/x", "registry"},
    {"my_registry:5000/x", "registry"},
    {"host:port/x", "registry"},
    {"host:0/x", "registry"},
    {"host:70000/x", "registry"},
    {"[zz]:5000/x", "registry"},
    {"x@sha256:abc", "length"},
    {"x@sha256:" D64 "00", "length"},
    {"x@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase"},
    {"x@sha256:g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "hexadecimal"},
    {"x@md5:0123456789abcdef0123456789abcdef", "algorithm"},
    {"x@" D64, "':'"},
    {"x@sha256:" D64 "@sha256:" D64, "more than one"},
    {D64, "image ID"},
    {"_tag/x:_", "repository name may hold"},
};

static void test_rejects(void)
{
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct ck_imageref r;
        struct ck_err err;
        ck_imageref_init(&r);
        err.msg[0] = '\0';
        if (ck_imageref_parse(&r, bad[i].text, &err) == CK_OK) {
            fprintf(stderr, "  accepted: '%s'\n", bad[i].text);
            CK_CHECK(!"invalid reference accepted");
            ck_imageref_release(&r);
            continue;
        }
        CK_CHECK(r.registry == NULL); /* output untouched */
        if (!strstr(err.msg, bad[i].reason)) {
            fprintf(stderr, "  '%s': message '%s' lacks '%s'\n", bad[i].text, err.msg, bad[i].reason);
            CK_CHECK(!"message names the problem");
        }
        CK_CHECK(err.status == CK_ERR_PARSE);
    }
}

static void test_limits(void)
{
    char name[400], tag[200];
    struct ck_imageref r;
    struct ck_err err;

    /* 128-character tag is the longest allowed */
    memset(tag, 'a', 128);
    tag[128] = '\0';
    snprintf(name, sizeof name, "x:%s", tag);
    CK_CHECK(ck_imageref_parse(&r, name, NULL) == CK_OK);
    ck_imageref_release(&r);
    snprintf(name, sizeof name, "x:%sa", tag);
    CK_CHECK(ck_imageref_parse(&r, name, &err) == CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "128") != NULL);

    /* name limit counts the normalised "docker.io/library/" prefix */
    memset(name, 'a', sizeof name);
    name[255 - 18] = '\0';
    CK_CHECK(ck_imageref_parse(&r, name, NULL) == CK_OK);
    ck_imageref_release(&r);
    name[255 - 18] = 'a';
    name[256 - 18] = '\0';
    CK_CHECK(ck_imageref_parse(&r, name, &err) == CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "255") != NULL);

    CK_CHECK(ck_imageref_valid_tag("v1.2.3-rc.1_x"));
    CK_CHECK(!ck_imageref_valid_tag(""));
    CK_CHECK(!ck_imageref_valid_tag(NULL));
    CK_CHECK(!ck_imageref_valid_tag("1.0+build"));
}

static void test_copy_roundtrip(void)
{
    struct ck_imageref a, b, c;
    char *s1, *s2;
    CK_REQUIRE(ck_imageref_parse(&a, "quay.io/org/app:1.0@sha256:" D64, NULL) == CK_OK);
    CK_REQUIRE(ck_imageref_copy(&b, &a) == CK_OK);
    s1 = ck_imageref_to_string(&b);
    CK_REQUIRE(s1 != NULL);
    /* the canonical form parses back to itself */
    CK_REQUIRE(ck_imageref_parse(&c, s1, NULL) == CK_OK);
    s2 = ck_imageref_to_string(&c);
    CK_CHECK_STR(s1, s2);
    CK_CHECK_STR(s1, "quay.io/org/app:1.0@sha256:" D64);
    free(s1);
    free(s2);
    ck_imageref_release(&a);
    ck_imageref_release(&b);
    ck_imageref_release(&c);
    ck_imageref_release(NULL);
}

int main(void)
{
    CK_RUN(test_normalises);
    CK_RUN(test_fields);
    CK_RUN(test_rejects);
    CK_RUN(test_limits);
    CK_RUN(test_copy_roundtrip);
    return ck_test_summary();
}
