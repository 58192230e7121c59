/* GitLab helpers that need no server: RFC 3339 times as GitLab writes them
 * (created_at of tag details) and scope names; and where the token goes when
 * a Link header names a next page on another server (a scripted server on
 * 127.0.0.1, another as the proxy of every other host: loopback_server.h).
 * The listing itself runs against tests/tools/gitlab_server.py in the e2e
 * tests (tests/e2e/lists.cmake). */
#include <stdio.h>
#include <string.h>

#include "ck_test.h"
#include "loopback_server.h"
#include "sources/gitlab.h"
#include "util/text.h"

/* Seconds of an RFC 3339 time, as the listing reads GitLab's creation dates. */
static int parse_time(const char *text, int64_t *out)
{
    int64_t us;
    if (ck_text_parse_time(text, &us) != 0)
        return 0;
    *out = ck_text_seconds_of_us(us);
    return 1;
}

static void test_times(void)
{
    int64_t t = 0;
    /* the tag-detail example of GitLab's container registry documentation */
    CK_CHECK(parse_time("2019-01-06T16:49:51.272+00:00", &t));
    CK_CHECK_INT(t, 1546793391);
    CK_CHECK(parse_time("2019-01-10T13:38:57.391Z", &t));
    CK_CHECK_INT(t, 1547127537);
    CK_CHECK(parse_time("1970-01-01T00:00:00Z", &t));
    CK_CHECK_INT(t, 0);
    CK_CHECK(parse_time("2024-02-29T23:59:59+02:00", &t));
    CK_CHECK_INT(t, 1709243999); /* values checked with Python's datetime.fromisoformat */
    CK_CHECK(parse_time("2023-12-31T21:00:00.000-01:00", &t));
    CK_CHECK_INT(t, 1704060000);
    CK_CHECK(parse_time("1969-12-31T23:59:59Z", &t));
    CK_CHECK_INT(t, -1);
    t = 42;
    CK_CHECK(!parse_time("2019-01-06 16:49", &t));
    CK_CHECK(!parse_time("2019-13-06T16:49:51Z", &t));
    CK_CHECK(!parse_time("2019-01-06T16:49:51", &t));
    CK_CHECK(!parse_time("2019-01-06T16:49:51+0000", &t));
    CK_CHECK(!parse_time("2019-01-06T16:49:51Zjunk", &t));
    CK_CHECK(!parse_time(NULL, &t));
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
    /* hosts that libcurl would read otherwise than a person does, where the token would go */
    q.base_url = "https://gitlab.example.com#@evil.example";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "without a user") != NULL);
    q.base_url = "https://user:s3cret@gitlab.example.com";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "s3cret") == NULL);
    q.base_url = "https://gitlab.example%2ecom";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    q.base_url = "https://gitlab.example.com/gitlab?x=1";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    /* a path is fine: the next refusal is the missing id */
    q.base_url = "https://gitlab.example.com/gitlab";
    q.id = "";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "id") != NULL && strstr(err.msg, "without a user") == NULL);
    q.base_url = "https://gitlab.example.com";
    CK_CHECK(ck_gitlab_list(&q, &l, NULL, &err) == CK_ERR_ARG);
    CK_CHECK_INT(l.count, 0);
    ck_imagelist_release(&l);
}

/* The instance: the first page of the group's projects is empty and names
 * its next page on `next_url` (Link only, no x-next-page). */
static char *instance_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    const char *next_url = ctx;
    char extra[300];
    (void)n;
    if (strncmp(head, "GET /api/v4/groups/7/projects?", 30) != 0)
        return lb_text(404, NULL, "{\"message\":\"404 Not Found\"}", len);
    snprintf(extra, sizeof extra, "Content-Type: application/json\r\nLink: <%s>; rel=\"next\"\r\n", next_url);
    return lb_text(200, extra, "[]", len);
}

/* Any other server: an empty last page. */
static char *other_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    (void)ctx, (void)n, (void)head;
    return lb_text(200, "Content-Type: application/json\r\n", "[]", len);
}

static enum ck_status list_group(const char *base, const char *token, struct ck_err *err)
{
    struct ck_gitlab_query q;
    struct ck_imagelist l;
    enum ck_status st;
    memset(&q, 0, sizeof q);
    q.base_url = base;
    q.scope = CK_GITLAB_GROUP;
    q.id = "7";
    q.token = token;
    ck_imagelist_init(&l);
    st = ck_gitlab_list(&q, &l, NULL, err);
    ck_imagelist_release(&l);
    return st;
}

static void test_next_page_elsewhere(void)
{
    static const char *const targets[] = {"http://other.example.test/api/v4/groups/7/projects?page=2",
                                          NULL /* another port of 127.0.0.1 */};
    struct lb_server inst, other;
    char base[64], next[128];
    struct ck_err err;
    size_t i;

    CK_REQUIRE(lb_start(&other, other_respond, NULL) == 0);
    lb_proxy_others(&other);
    for (i = 0; i < 2; i++) {
        if (targets[i])
            snprintf(next, sizeof next, "%s", targets[i]);
        else
            snprintf(next, sizeof next, "http://127.0.0.1:%u/api/v4/groups/7/projects?page=2", other.port);
        if (lb_start(&inst, instance_respond, next) != 0)
            break;
        lb_url(&inst, "", base, sizeof base);
        /* with a token: not followed, the other server sees nothing */
        CK_CHECK_INT(list_group(base, "glpat-pagination-secret", &err), CK_ERR_PROTOCOL);
        CK_CHECK(strstr(err.msg, "another server") != NULL);
        CK_CHECK(strstr(err.msg, "glpat-pagination-secret") == NULL);
        CK_CHECK_INT(lb_count(&inst), 1);
        CK_CHECK(lb_seen(&inst, "PRIVATE-TOKEN: glpat-pagination-secret"));
        CK_CHECK_INT(lb_count(&other), 0);
        /* without one there is nothing to give away: followed */
        CK_CHECK_INT(list_group(base, NULL, &err), CK_OK);
        CK_CHECK_INT(lb_count(&other), 1);
        CK_CHECK(lb_seen(&other, "/api/v4/groups/7/projects?page=2"));
        CK_CHECK(!lb_seen_header(&other, "private-token"));
        lb_stop(&inst);
        lb_stop(&other);
        if (i == 0)
            CK_REQUIRE(lb_start(&other, other_respond, NULL) == 0);
    }
    CK_CHECK_INT(i, 2);
}

int main(void)
{
    CK_RUN(test_times);
    CK_RUN(test_scopes);
    CK_RUN(test_bad_queries);
    CK_RUN(test_next_page_elsewhere);
    return ck_test_summary();
}
