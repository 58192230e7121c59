/* The HTTP client's helpers that need no server: Link headers (GitLab's and
 * the registry's forms, from their documentation), Retry-After, URL
 * resolution and escaping, Basic credentials, URLs made safe to log. The
 * requests themselves are exercised by the e2e tests against fixture servers. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "sources/web.h"

static void set_headers(struct ck_web_response *r, const char *const *pairs, const char *url)
{
    size_t n = 0, i;
    while (pairs[2 * n])
        n++;
    ck_web_response_init(r);
    r->headers = calloc(n ? n : 1, sizeof *r->headers);
    for (i = 0; i < n; i++) {
        r->headers[i].name = strdup(pairs[2 * i]);
        r->headers[i].value = strdup(pairs[2 * i + 1]);
    }
    r->nheaders = r->cap_headers = n;
    r->url = url ? strdup(url) : NULL;
}

static void test_link_gitlab(void)
{
    /* the example response of GitLab's REST pagination documentation */
    static const char *const h[] = {
        "content-type", "application/json",
        "link", "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel=\"prev\", "
                "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel=\"next\", "
                "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel=\"first\", "
                "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel=\"last\"",
        "x-next-page", "3",
        NULL};
    struct ck_web_response r;
    char *next;
    set_headers(&r, h, "https://gitlab.example.com/api/v4/projects/9/issues/8/notes?per_page=3&page=2");
    next = ck_web_link_next(&r);
    CK_CHECK_STR(next, "https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3");
    CK_CHECK_STR(ck_web_header(&r, "X-Next-Page"), "3");
    CK_CHECK_STR(ck_web_header(&r, "LINK") ? "found" : NULL, "found");
    CK_CHECK(ck_web_header(&r, "x-total") == NULL);
    free(next);
    ck_web_response_release(&r);
}

static void test_link_registry(void)
{
    /* the registry answers with a relative target */
    static const char *const h[] = {"Link", "</v2/_catalog?last=b&n=2>; rel=\"next\"", NULL};
    static const char *const last[] = {"Link", "<https://x/a?page=1>; rel=\"prev\"", NULL};
    static const char *const odd[] = {
        "Link", "<https://x/q?a=1,2>; title=\"a, b; c\"; rel=\"prev next\"", NULL};
    static const char *const bare[] = {"link", "<https://x/2>;rel=next", NULL};
    struct ck_web_response r;
    char *next;

    set_headers(&r, h, "http://127.0.0.1:5000/v2/_catalog?n=2");
    next = ck_web_link_next(&r);
    CK_CHECK_STR(next, "http://127.0.0.1:5000/v2/_catalog?last=b&n=2");
    free(next);
    ck_web_response_release(&r);

    set_headers(&r, last, "https://x/a?page=2");
    CK_CHECK(ck_web_link_next(&r) == NULL);
    ck_web_response_release(&r);

    set_headers(&r, odd, "https://x/");
    next = ck_web_link_next(&r);
    CK_CHECK_STR(next, "https://x/q?a=1,2");
    free(next);
    ck_web_response_release(&r);

    set_headers(&r, bare, "https://x/1");
    next = ck_web_link_next(&r);
    CK_CHECK_STR(next, "https://x/2");
    free(next);
    ck_web_response_release(&r);
}

static void test_retry_after(void)
{
    static const char *const secs[] = {"Retry-After", "7", NULL};
    static const char *const bad[] = {"Retry-After", "soon", NULL};
    static const char *const past[] = {"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT", NULL};
    static const char *const none[] = {NULL};
    struct ck_web_response r;
    set_headers(&r, secs, NULL);
    CK_CHECK_INT(ck_web_retry_after(&r), 7);
    ck_web_response_release(&r);
    set_headers(&r, bad, NULL);
    CK_CHECK_INT(ck_web_retry_after(&r), -1);
    ck_web_response_release(&r);
    set_headers(&r, past, NULL);
    CK_CHECK_INT(ck_web_retry_after(&r), 0);
    ck_web_response_release(&r);
    set_headers(&r, none, NULL);
    CK_CHECK_INT(ck_web_retry_after(&r), -1);
    ck_web_response_release(&r);
}

static void test_url_helpers(void)
{
    char *s;
    s = ck_web_resolve("https://gitlab.example.com/api/v4/groups/1", "/api/v4/groups/2?page=3");
    CK_CHECK_STR(s, "https://gitlab.example.com/api/v4/groups/2?page=3");
    free(s);
    s = ck_web_resolve("http://h:5000/v2/a/tags/list?n=2", "list?n=2&last=x");
    CK_CHECK_STR(s, "http://h:5000/v2/a/tags/list?n=2&last=x");
    free(s);
    s = ck_web_escape("group/sub group");
    CK_CHECK_STR(s, "group%2Fsub%20group");
    free(s);
    s = ck_web_loggable_url("https://user:secret@gitlab.example.com/api?x=1@2");
    CK_CHECK_STR(s, "https://gitlab.example.com/api?x=1@2");
    free(s);
    s = ck_web_loggable_url("http://127.0.0.1:5000/v2/");
    CK_CHECK_STR(s, "http://127.0.0.1:5000/v2/");
    free(s);
    /* RFC 7617's example: Aladdin / open sesame */
    s = ck_web_basic_auth("Aladdin", "open sesame");
    CK_CHECK_STR(s, "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    free(s);
    s = ck_web_basic_auth("a", "bc");
    CK_CHECK_STR(s, "Authorization: Basic YTpiYw==");
    free(s);
    s = ck_web_basic_auth("ab", "c");
    CK_CHECK_STR(s, "Authorization: Basic YWI6Yw==");
    free(s);
    CK_CHECK_STR(ck_web_status_text(404), "404 Not Found");
}

/* Requests that fail before any server answers. */
static void test_failures(void)
{
    struct ck_web *web = NULL;
    struct ck_web_response r;
    struct ck_err err;
    struct ck_web_options opt = {0};
    ck_atomic_flag cancel = {0};

    opt.connect_timeout_ms = 3000;
    opt.cancel = &cancel;
    CK_REQUIRE(ck_web_new(&web, &opt, &err) == CK_OK);
    ck_web_response_init(&r);
    /* port 1 on the loopback: nothing listens */
    CK_CHECK(ck_web_get(web, "http://127.0.0.1:1/", NULL, &r, &err) == CK_ERR_CONNECT);
    CK_CHECK(strstr(err.msg, "http://127.0.0.1:1/") != NULL);
    CK_CHECK(ck_web_get(web, "ftp://127.0.0.1/x", NULL, &r, &err) == CK_ERR_ARG);
    ck_flag_set(&cancel, 1);
    CK_CHECK(ck_web_get(web, "http://127.0.0.1:1/", NULL, &r, &err) == CK_ERR_CANCELLED);
    ck_web_response_release(&r);
    ck_web_free(web);
    ck_web_free(NULL);
}

int main(void)
{
    CK_RUN(test_link_gitlab);
    CK_RUN(test_link_registry);
    CK_RUN(test_retry_after);
    CK_RUN(test_url_helpers);
    CK_RUN(test_failures);
    return ck_test_summary();
}
