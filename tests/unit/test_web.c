/* The HTTP client: its helpers that need no server (Link headers in
 * GitLab's and the registry's forms, from their documentation, Retry-After,
 * URL resolution and escaping, Basic credentials, URLs made safe to log, the
 * rule of where credentials may go), and requests to scripted servers on
 * 127.0.0.1 (loopback_server.h): 429 answers asked again a bounded number of
 * times within a bounded time, headers dropped on a redirect to another
 * origin. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ck_test.h"
#include "loopback_server.h"
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

/* The HTTP-date form of Retry-After (RFC 9110 10.2.3), a little ahead. */
static void test_retry_after_date(void)
{
    static const char *const asctime_form[] = {"Retry-After", "Sun Nov  6 08:49:37 1994", NULL};
    const char *pairs[] = {"Retry-After", NULL, NULL};
    struct ck_web_response r;
    char date[64];
    time_t later = time(NULL) + 30;
    long got;

    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime(&later));
    pairs[1] = date;
    set_headers(&r, pairs, NULL);
    got = ck_web_retry_after(&r);
    CK_CHECK(got >= 27 && got <= 30);
    ck_web_response_release(&r);
    set_headers(&r, asctime_form, NULL);
    CK_CHECK_INT(ck_web_retry_after(&r), 0); /* past */
    ck_web_response_release(&r);
}

/* One rule for where credentials go: the origin they were given for. */
static void test_credentials_rule(void)
{
    struct ck_err err;
    const char *gl = "https://gitlab.example.com/api/v4/groups/1/projects?per_page=100";

    CK_CHECK(ck_web_credentials_allowed(gl, "https://gitlab.example.com/api/v4/x?page=2", CK_WEB_SAME_ORIGIN));
    CK_CHECK(ck_web_credentials_allowed(gl, "HTTPS://GitLab.Example.COM:443/y", CK_WEB_SAME_ORIGIN));
    CK_CHECK(!ck_web_credentials_allowed(gl, "https://other.example.com/api/v4/x", CK_WEB_SAME_ORIGIN));
    CK_CHECK(!ck_web_credentials_allowed(gl, "https://gitlab.example.com:8443/x", CK_WEB_SAME_ORIGIN));
    CK_CHECK(!ck_web_credentials_allowed(gl, "http://gitlab.example.com/x", CK_WEB_SAME_ORIGIN));
    CK_CHECK(!ck_web_credentials_allowed(gl, "https://gitlab.example.com@evil.example/x", CK_WEB_SAME_ORIGIN));
    CK_CHECK(!ck_web_credentials_allowed(gl, "/relative", CK_WEB_SAME_ORIGIN));
    CK_CHECK(!ck_web_credentials_allowed(NULL, gl, CK_WEB_SAME_ORIGIN));
    /* a token service: the registry's host on any port; never https -> http */
    CK_CHECK(ck_web_credentials_allowed("http://127.0.0.1:5000", "http://127.0.0.1:5001/token", CK_WEB_SAME_HOST));
    CK_CHECK(ck_web_credentials_allowed("http://reg.example", "https://reg.example/token", CK_WEB_SAME_HOST));
    CK_CHECK(!ck_web_credentials_allowed("https://reg.example", "http://reg.example/token", CK_WEB_SAME_HOST));
    CK_CHECK(!ck_web_credentials_allowed("https://reg.example", "https://auth.example/token", CK_WEB_SAME_HOST));
    CK_CHECK(!ck_web_credentials_allowed("http://127.0.0.1:5000", "http://127.0.0.1:5001/token", CK_WEB_SAME_ORIGIN));
    /* the token services people run: another host of the registry's site, over https only */
    CK_CHECK(ck_web_credentials_allowed("https://registry-1.docker.io", "https://auth.docker.io/token", CK_WEB_SAME_SITE));
    CK_CHECK(ck_web_credentials_allowed("https://registry.gitlab.com", "https://gitlab.com/jwt/auth", CK_WEB_SAME_SITE));
    CK_CHECK(ck_web_credentials_allowed("https://registry.example.co.uk", "https://auth.example.co.uk/t", CK_WEB_SAME_SITE));
    CK_CHECK(ck_web_credentials_allowed("http://127.0.0.1:5000", "http://127.0.0.1:5001/token", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://registry.gitlab.com", "http://gitlab.com/jwt/auth", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("http://reg.example.com", "http://auth.example.com/t", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://reg.example.com", "https://auth.example.net/t", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://registry.example.co.uk", "https://evil.co.uk/t", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://example.co.uk", "https://evil.co.uk/t", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://10.0.0.1", "https://10.0.0.2/t", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://localhost:5000", "https://otherhost/t", CK_WEB_SAME_SITE));
    CK_CHECK(!ck_web_credentials_allowed("https://reg.example.com", "https://reg.example.com.evil.net/t", CK_WEB_SAME_SITE));

    /* base URLs given by people: the host a person reads is the host curl dials */
    CK_CHECK(ck_web_url_plain("https://gitlab.example.com"));
    CK_CHECK(ck_web_url_plain("https://gitlab.example.com:8443/gitlab/"));
    CK_CHECK(ck_web_url_plain("http://[::1]:5000"));
    CK_CHECK(!ck_web_url_plain("https://gitlab.example.com#@evil.example"));
    CK_CHECK(!ck_web_url_plain("https://u:p@gitlab.example.com"));
    CK_CHECK(!ck_web_url_plain("https://gitlab.example%2ecom"));
    CK_CHECK(!ck_web_url_plain("https://gitlab.example.com/x?y=1"));
    CK_CHECK(!ck_web_url_plain("https:///path"));
    CK_CHECK(!ck_web_url_plain("gitlab.example.com"));
    CK_CHECK(!ck_web_url_plain(NULL));

    /* next pages: another origin only without credentials, never https -> http */
    CK_CHECK_INT(ck_web_check_next(gl, "https://gitlab.example.com/api/v4/p?page=2", 1, "the list", &err), CK_OK);
    CK_CHECK_INT(ck_web_check_next(gl, "https://other.example.com/p?page=2", 0, "the list", &err), CK_OK);
    CK_CHECK_INT(ck_web_check_next(gl, "https://other.example.com/p?page=2", 1, "the list", &err), CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "another server") && strstr(err.msg, "https://other.example.com/p?page=2"));
    CK_CHECK_INT(ck_web_check_next(gl, "http://gitlab.example.com/api/v4/p?page=2", 0, "the list", &err),
                 CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "insecure") != NULL);
    CK_CHECK_INT(ck_web_check_next("https://u:secret@h.example/a", "http://u:secret@h.example/b", 1, "x", &err),
                 CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "secret") == NULL);
    /* nor to a URL naming a user: libcurl would log in with it */
    CK_CHECK_INT(ck_web_check_next(gl, "https://x:@gitlab.example.com/api/v4/p?page=2", 0, "the list", &err),
                 CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "names a user") != NULL);
    CK_CHECK(ck_web_url_has_user("http://auth.exampl:@.com/token"));
    CK_CHECK(ck_web_url_has_user("https://u@h.example"));
    CK_CHECK(!ck_web_url_has_user("https://h.example/a@b?c=@"));
    CK_CHECK(!ck_web_url_has_user("h.example"));
}

/* Answers 429 with a Retry-After to the first `limit` requests, then 200. */
struct busy {
    size_t limit;
    const char *retry_after;
};

static char *busy_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    const struct busy *b = ctx;
    char extra[128];
    (void)head;
    if (n >= b->limit)
        return lb_text(200, NULL, "finally", len);
    snprintf(extra, sizeof extra, "Retry-After: %s\r\n", b->retry_after);
    return lb_text(429, extra, "slow down", len);
}

/* Runs one GET against a busy server; returns the status, *requests the
 * requests the server read, *ms the time taken. */
static long get_busy(struct busy *b, unsigned max_wait_s, size_t *requests, uint64_t *ms)
{
    struct lb_server s;
    struct ck_web *web = NULL;
    struct ck_web_options opt = {0};
    struct ck_web_response r;
    struct ck_err err;
    char url[64];
    uint64_t t0;
    long status = -1;

    *requests = 0;
    *ms = 0;
    if (lb_start(&s, busy_respond, b) != 0)
        return -1;
    opt.max_retry_wait_s = max_wait_s;
    ck_web_response_init(&r);
    t0 = ck_time_monotonic_ms();
    if (ck_web_new(&web, &opt, &err) == CK_OK && ck_web_get(web, lb_url(&s, "/x", url, sizeof url), NULL, &r, &err) == CK_OK)
        status = r.status;
    *ms = ck_time_monotonic_ms() - t0;
    ck_web_response_release(&r);
    ck_web_free(web);
    *requests = lb_count(&s);
    lb_stop(&s);
    return status;
}

/* A server that answers "429, ask again now" forever is asked a bounded
 * number of times, in a bounded time; past dates likewise. */
static void test_429_bounded(void)
{
    struct busy zero = {40, "0"}, past = {40, "Wed, 21 Oct 2015 07:28:00 GMT"}, once = {1, "1"};
    size_t requests;
    uint64_t ms;

    /* the count bound: 5 asks after the first, each a second apart at least */
    CK_CHECK_INT(get_busy(&zero, 60, &requests, &ms), 429);
    CK_CHECK_INT(requests, 6);
    CK_CHECK(ms >= 4500 && ms < 30000);
    /* the time bound: within 2 s, waits included */
    CK_CHECK_INT(get_busy(&past, 2, &requests, &ms), 429);
    CK_CHECK(requests >= 1 && requests <= 3);
    CK_CHECK(ms < 10000);
    /* a server that is busy once is asked again */
    CK_CHECK_INT(get_busy(&once, 10, &requests, &ms), 200);
    CK_CHECK_INT(requests, 2);
}

/* A redirect keeps the caller's headers on its origin and drops them
 * elsewhere (another port is another origin). */
struct hop {
    unsigned to_port;
    const char *user; /* named in the Location when set */
};

static char *hop_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    const struct hop *h = ctx;
    char extra[128];
    (void)n;
    if (!h->to_port || !strncmp(head, "GET /there", 10))
        return lb_text(200, NULL, "here", len);
    snprintf(extra, sizeof extra, "Location: http://%s%s127.0.0.1:%u/there\r\n", h->user ? h->user : "",
             h->user ? "@" : "", h->to_port);
    return lb_text(302, extra, "", len);
}

static void test_redirect_drops_headers(void)
{
    struct lb_server a, b;
    struct hop ha = {0, NULL}, hb = {0, NULL};
    struct ck_web *web = NULL;
    struct ck_web_response r;
    struct ck_err err;
    const char *headers[] = {"PRIVATE-TOKEN: glpat-redirect-secret", NULL};
    char url[64];

    CK_REQUIRE(lb_start(&b, hop_respond, &hb) == 0);
    if (lb_start(&a, hop_respond, &ha) != 0) {
        lb_stop(&b);
        CK_REQUIRE(0);
    }
    ck_web_response_init(&r);
    CK_REQUIRE(ck_web_new(&web, NULL, &err) == CK_OK);
    ha.to_port = a.port; /* first on its own origin */
    CK_CHECK_INT(ck_web_get(web, lb_url(&a, "/start", url, sizeof url), headers, &r, &err), CK_OK);
    CK_CHECK_INT(r.status, 200);
    CK_CHECK_INT(lb_count(&a), 2);
    CK_CHECK(lb_seen(&a, "GET /there") && lb_seen(&a, "PRIVATE-TOKEN: glpat-redirect-secret"));
    ha.to_port = b.port; /* then to another */
    CK_CHECK_INT(ck_web_get(web, lb_url(&a, "/start", url, sizeof url), headers, &r, &err), CK_OK);
    CK_CHECK_INT(r.status, 200);
    CK_CHECK_INT(lb_count(&b), 1);
    CK_CHECK(!lb_seen_header(&b, "private-token"));
    ha.user = "intruder:pw"; /* a Location naming a user is not followed */
    CK_CHECK_INT(ck_web_get(web, lb_url(&a, "/start", url, sizeof url), headers, &r, &err), CK_ERR_PROTOCOL);
    CK_CHECK(strstr(err.msg, "names a user") && !strstr(err.msg, "intruder"));
    CK_CHECK_INT(lb_count(&b), 1);
    ck_web_response_release(&r);
    ck_web_free(web);
    lb_stop(&a);
    lb_stop(&b);
}

/* A response whose first header line is folded (starts with a space), after
 * an answer on the same client: refused with a message naming the URL, and
 * the client goes on. libcurl 7.88 appended such a line to the previous
 * transfer's freed last header when one handle served both. */
static char *folded_respond(void *ctx, size_t n, const char *head, size_t *len)
{
    static const char folded[] = "HTTP/1.1 200 OK\r\n d:g\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    char *out;
    (void)ctx;
    if (n != 1 || strncmp(head, "GET /folded", 11) != 0)
        return lb_text(200, "X-Last-Header: a value long enough to be worth reading\r\n", "fine", len);
    if ((out = malloc(sizeof folded)) != NULL) {
        memcpy(out, folded, sizeof folded);
        *len = sizeof folded - 1;
    }
    return out;
}

static void test_folded_first_header(void)
{
    struct lb_server s;
    struct ck_web *web = NULL;
    struct ck_web_response r;
    struct ck_err err;
    char url[64];

    CK_REQUIRE(lb_start(&s, folded_respond, NULL) == 0);
    ck_web_response_init(&r);
    CK_REQUIRE(ck_web_new(&web, NULL, &err) == CK_OK);
    CK_CHECK_INT(ck_web_get(web, lb_url(&s, "/first", url, sizeof url), NULL, &r, &err), CK_OK);
    CK_CHECK_INT(r.status, 200);
    CK_CHECK(ck_web_get(web, lb_url(&s, "/folded", url, sizeof url), NULL, &r, &err) != CK_OK);
    CK_CHECK(strstr(err.msg, "/folded") != NULL);
    CK_CHECK_INT(ck_web_get(web, lb_url(&s, "/after", url, sizeof url), NULL, &r, &err), CK_OK);
    CK_CHECK(r.body.len == 4 && !memcmp(r.body.data, "fine", 4));
    CK_CHECK_INT(lb_count(&s), 3);
    ck_web_response_release(&r);
    ck_web_free(web);
    lb_stop(&s);
}

int main(void)
{
    CK_RUN(test_link_gitlab);
    CK_RUN(test_link_registry);
    CK_RUN(test_retry_after);
    CK_RUN(test_retry_after_date);
    CK_RUN(test_url_helpers);
    CK_RUN(test_failures);
    CK_RUN(test_credentials_rule);
    CK_RUN(test_429_bounded);
    CK_RUN(test_redirect_drops_headers);
    CK_RUN(test_folded_first_header);
    return ck_test_summary();
}
