/* GitLab helpers that need no server: RFC 3339 times as GitLab writes them
 * (created_at of tag details) and scope names. The listing itself runs
 * against tests/tools/gitlab_server.py in the e2e tests (tests/e2e/lists.cmake). */
#include <string.h>

#include "ck_test.h"
#include "sources/gitlab.h"

static void test_times(void)
{
    int64_t t = 0;
    /* the tag-detail example of GitLab's container registry documentation */
    CK_CHECK(ck_gitlab_parse_time("2019-01-06T16:49:51.272+00:00", &t));
    CK_CHECK_INT(t, 1546793391);
    CK_CHECK(ck_gitlab_parse_time("2019-01-10T13:38:57.391Z", &t));
    CK_CHECK_INT(t, 1547127537);
    CK_CHECK(ck_gitlab_parse_time("1970-01-01T00:00:00Z", &t));
    CK_CHECK_INT(t, 0);
    CK_CHECK(ck_gitlab_parse_time("2024-02-29T23:59:59+02:00", &t));
    CK_CHECK_INT(t, 1709243999); /* values checked with Python's datetime.fromisoformat */
    CK_CHECK(ck_gitlab_parse_time("2023-12-31T21:00:00.000-01:00", &t));
    CK_CHECK_INT(t, 1704060000);
    CK_CHECK(ck_gitlab_parse_time("1969-12-31T23:59:59Z", &t));
    CK_CHECK_INT(t, -1);
    t = 42;
    CK_CHECK(!ck_gitlab_parse_time("2019-01-06 16:49", &t));
    CK_CHECK(!ck_gitlab_parse_time("2019-13-06T16:49:51Z", &t));
    CK_CHECK(!ck_gitlab_parse_time("2019-01-06T16:49:51", &t));
    CK_CHECK(!ck_gitlab_parse_time("2019-01-06T16:49:51+0000", &t));
    CK_CHECK(!ck_gitlab_parse_time("2019-01-06T16:49:51Zjunk", &t));
    CK_CHECK(!ck_gitlab_parse_time(NULL, &t));
    CK_CHECK_INT(t, 42); /* untouched on failure */
}

static void test_scopes(void)
{
    enum ck_gitlab_scope s = CK_GITLAB_USER;
    CK_CHECK(ck_gitlab_scope_parse("Group", &s));
    CK_CHECK_INT(s, CK_GITLAB_GROUP);
    CK_CHECK(ck_gitlab_scope_parse("PROJECT", &s));
    CK_CHECK_INT(s, CK_GITLAB_PROJECT);
    CK_CHECK(ck_gitlab_scope_parse("user", &s));
    CK_CHECK_INT(s, CK_GITLAB_USER);
    CK_CHECK(!ck_gitlab_scope_parse("namespace", &s));
    CK_CHECK(!ck_gitlab_scope_parse(NULL, &s));
    CK_CHECK_STR(ck_gitlab_scope_name(CK_GITLAB_GROUP), "group");
}

static void test_bad_queries(void)
{
    struct ck_gitlab_query q;
    struct ck_imagelist l;
    struct ck_err err;
    memset(&q, 0, sizeof q);
    ck_imagelist_init(&l);
    q.base_url = "gitlab.example.com";
    q.id = "1";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "https://") != NULL);
    q.base_url = "https://gitlab.example.com";
    q.id = "";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    CK_CHECK_INT(l.count, 0);
    ck_imagelist_release(&l);
}

int main(void)
{
    CK_RUN(test_times);
    CK_RUN(test_scopes);
    CK_RUN(test_bad_queries);
    return ck_test_summary();
}
