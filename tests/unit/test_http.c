/* The HTTP/1.1 response parser: framing (Content-Length, chunked with
 * extensions and trailers, read-until-close), interim responses, keep-alive
 * rules, limits, malformed input, and every split of the input into two
 * feeds (and byte-at-a-time feeding) giving the same result. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "docker/http.h"
#include "util/buf.h"

/* The outcome of parsing one response. */
struct outcome {
    enum ck_status st;      /* first failure of feed or eof */
    int done;
    size_t used;            /* bytes consumed in total */
    struct ck_buf body;
    struct ck_http_response resp;
    int callbacks;
    int fail_after;         /* body callback fails on this call (0 = never) */
};

static enum ck_status on_body(void *ctx, const char *data, size_t len)
{
    struct outcome *o = ctx;
    o->callbacks++;
    if (o->fail_after && o->callbacks >= o->fail_after)
        return CK_ERR_CANCELLED;
    return ck_buf_append(&o->body, data, len);
}

static void outcome_init(struct outcome *o)
{
    memset(o, 0, sizeof *o);
    ck_buf_init(&o->body);
    ck_http_response_init(&o->resp);
}

static void outcome_release(struct outcome *o)
{
    ck_buf_release(&o->body);
    ck_http_response_release(&o->resp);
}

/* Feeds text in pieces of at most `piece` bytes after an initial cut at
 * `cut` (0 = none); then signals EOF when `eof` and not done. */
static void run(struct outcome *o, const char *text, size_t len, size_t cut, size_t piece, int head,
                int eof)
{
    struct ck_http_parser p;
    struct ck_err err;
    size_t pos = 0;

    ck_http_parser_init(&p, &o->resp, head, on_body, o);
    o->st = CK_OK;
    while (pos < len && o->st == CK_OK && !ck_http_parser_done(&p)) {
        size_t n = len - pos, used = 0;
        if (cut && pos < cut && n > cut - pos)
            n = cut - pos;
        if (piece && n > piece)
            n = piece;
        o->st = ck_http_parser_feed(&p, text + pos, n, &used, &err);
        pos += used;
        if (o->st == CK_OK && used < n)
            break; /* response complete, the rest is not ours */
    }
    if (o->st == CK_OK && eof && !ck_http_parser_done(&p))
        o->st = ck_http_parser_eof(&p, &err);
    o->done = ck_http_parser_done(&p);
    o->used = pos;
    ck_http_parser_release(&p);
}

static enum ck_status parse_all(struct outcome *o, const char *text, int head, int eof)
{
    outcome_init(o);
    run(o, text, strlen(text), 0, 0, head, eof);
    return o->st;
}

static void test_content_length(void)
{
    struct outcome o;
    const char *r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n"
                    "Api-Version: 1.41\r\n\r\n{\"ok\": true}\n";
    CK_CHECK_INT(parse_all(&o, r, 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.resp.status, 200);
    CK_CHECK_STR(o.resp.reason, "OK");
    CK_CHECK_INT(o.resp.minor_version, 1);
    CK_CHECK_INT(o.resp.content_length, 13);
    CK_CHECK(o.resp.keep_alive);
    CK_CHECK_STR(ck_http_response_header(&o.resp, "api-version"), "1.41");
    CK_CHECK_STR(ck_http_response_header(&o.resp, "CONTENT-TYPE"), "application/json");
    CK_CHECK(ck_http_response_header(&o.resp, "X-Missing") == NULL);
    CK_CHECK_STR(ck_buf_str(&o.body), "{\"ok\": true}\n");
    CK_CHECK_INT(o.used, strlen(r));
    outcome_release(&o);
}

static void test_content_length_zero(void)
{
    struct outcome o;
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.resp.status, 201);
    CK_CHECK_INT(o.callbacks, 0);
    CK_CHECK_INT(o.resp.body_bytes, 0);
    outcome_release(&o);
}

static void test_chunked_extensions_trailers(void)
{
    struct outcome o;
    const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5;name=value\r\nhello\r\n"
                    "7 ; quoted=\"a;b\"\r\n, world\r\n"
                    "A\r\n0123456789\r\n"
                    "0;last\r\nX-Checksum: abc\r\nX-Other:  two words \r\n\r\n";
    CK_CHECK_INT(parse_all(&o, r, 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK(o.resp.chunked);
    CK_CHECK_STR(ck_buf_str(&o.body), "hello, world0123456789");
    CK_CHECK_STR(ck_http_response_header(&o.resp, "x-checksum"), "abc");
    CK_CHECK_STR(ck_http_response_header(&o.resp, "X-Other"), "two words");
    CK_CHECK_INT(o.resp.trailer_start, 1);
    CK_CHECK_INT(o.resp.field_count, 3);
    CK_CHECK_INT(o.used, strlen(r));
    outcome_release(&o);
}

static void test_chunked_uppercase_hex_and_bare_lf(void)
{
    struct outcome o;
    const char *r = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n1F\n0123456789abcdef0123456789abcde\n0\n\n";
    CK_CHECK_INT(parse_all(&o, r, 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.body.len, 31);
    outcome_release(&o);
}

static void test_read_until_close(void)
{
    struct outcome o;
    const char *r = "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\n\r\nsome bytes";
    CK_CHECK_INT(parse_all(&o, r, 0, 0), CK_OK);
    CK_CHECK(!o.done); /* only the end of the connection ends it */
    outcome_release(&o);
    CK_CHECK_INT(parse_all(&o, r, 0, 1), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK(!o.resp.keep_alive);
    CK_CHECK_STR(ck_buf_str(&o.body), "some bytes");
    outcome_release(&o);
    /* A transfer coding other than chunked last: delimited by close too. */
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nzz", 0, 1), CK_OK);
    CK_CHECK(!o.resp.chunked);
    CK_CHECK_STR(ck_buf_str(&o.body), "zz");
    outcome_release(&o);
    /* chunked last wins, and Transfer-Encoding beats Content-Length */
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                               "2\r\nok\r\n0\r\n\r\n", 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_STR(ck_buf_str(&o.body), "ok");
    outcome_release(&o);
}

static void test_connection_rules(void)
{
    struct outcome o;
    parse_all(&o, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 0, 0);
    CK_CHECK(o.done);
    CK_CHECK(!o.resp.keep_alive);
    outcome_release(&o);
    parse_all(&o, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 0);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.resp.minor_version, 0);
    CK_CHECK(!o.resp.keep_alive);
    outcome_release(&o);
    parse_all(&o, "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", 0, 0);
    CK_CHECK(o.resp.keep_alive);
    outcome_release(&o);
    parse_all(&o, "HTTP/1.1 200 OK\r\nConnection: upgrade, close\r\nContent-Length: 0\r\n\r\n", 0, 0);
    CK_CHECK(!o.resp.keep_alive);
    outcome_release(&o);
}

static void test_no_body_statuses(void)
{
    struct outcome o;
    /* HEAD: Content-Length describes the GET body that is not sent */
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 200 OK\r\nApi-Version: 1.45\r\nContent-Length: 2\r\n\r\n", 1, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.callbacks, 0);
    outcome_release(&o);
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 204 No Content\r\n\r\n", 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK(o.resp.keep_alive);
    outcome_release(&o);
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n", 0, 0), CK_OK);
    CK_CHECK(o.done);
    outcome_release(&o);
}

static void test_interim_response(void)
{
    struct outcome o;
    const char *r = "HTTP/1.1 100 Continue\r\nX-Early: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
    CK_CHECK_INT(parse_all(&o, r, 0, 0), CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.resp.status, 200);
    CK_CHECK(ck_http_response_header(&o.resp, "X-Early") == NULL);
    CK_CHECK_STR(ck_buf_str(&o.body), "hi");
    outcome_release(&o);
}

static void test_leftover_bytes(void)
{
    struct outcome o;
    const char *first = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
    struct ck_buf two;
    ck_buf_init(&two);
    ck_buf_printf(&two, "%sHTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n", first);
    outcome_init(&o);
    run(&o, two.data, two.len, 0, 0, 0, 0);
    CK_CHECK(o.done);
    CK_CHECK_INT(o.used, strlen(first));
    CK_CHECK_INT(o.resp.status, 200);
    outcome_release(&o);
    ck_buf_release(&two);
}

static void test_status_without_reason(void)
{
    struct outcome o;
    CK_CHECK_INT(parse_all(&o, "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", 0, 0), CK_OK);
    CK_CHECK_INT(o.resp.status, 404);
    CK_CHECK_STR(o.resp.reason, "");
    outcome_release(&o);
}

static void expect_error(const char *text, enum ck_status want, int eof)
{
    struct outcome o;
    enum ck_status st = parse_all(&o, text, 0, eof);
    if (st != want)
        fprintf(stderr, "  input: %.60s\n", text);
    CK_CHECK_INT(st, want);
    outcome_release(&o);
}

static void test_malformed_lengths(void)
{
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", CK_ERR_PROTOCOL, 0);
    /* the same length twice is allowed */
    {
        struct outcome o;
        CK_CHECK_INT(parse_all(&o, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", 0, 0), CK_OK);
        CK_CHECK(o.done);
        outcome_release(&o);
    }
    /* chunk sizes */
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", CK_ERR_PROTOCOL, 0);
    /* chunk data longer than announced */
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", CK_ERR_PROTOCOL, 0);
}

static void test_malformed_heads(void)
{
    expect_error("HTTP/2 200 OK\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 20 OK\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 2000 OK\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 099 Low\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("SSH-2.0-OpenSSH\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", CK_ERR_PROTOCOL, 0);
    expect_error("HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", CK_ERR_PROTOCOL, 0);
}

static void test_truncation(void)
{
    expect_error("", CK_ERR_IO, 1);
    expect_error("HTTP/1.1 200 OK\r\nContent-Le", CK_ERR_PROTOCOL, 1);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345", CK_ERR_PROTOCOL, 1);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", CK_ERR_PROTOCOL, 1);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n", CK_ERR_PROTOCOL, 1);
}

static void test_limits(void)
{
    struct ck_buf b;
    int i;

    ck_buf_init(&b);
    ck_buf_puts(&b, "HTTP/1.1 200 OK\r\nX-Long: ");
    for (i = 0; i < CK_HTTP_LINE_MAX; i++)
        ck_buf_putc(&b, 'a');
    ck_buf_puts(&b, "\r\n\r\n");
    expect_error(b.data, CK_ERR_LIMIT, 0);
    ck_buf_reset(&b);
    ck_buf_puts(&b, "HTTP/1.1 200 OK\r\n");
    for (i = 0; i <= CK_HTTP_HEADERS_MAX; i++)
        ck_buf_printf(&b, "X-H%d: v\r\n", i);
    ck_buf_puts(&b, "\r\n");
    expect_error(b.data, CK_ERR_LIMIT, 0);
    ck_buf_reset(&b);
    ck_buf_puts(&b, "HTTP/1.1 200 OK\r\n");
    for (i = 0; i < 20; i++) {
        int j;
        ck_buf_printf(&b, "X-Big%d: ", i);
        for (j = 0; j < 4000; j++)
            ck_buf_putc(&b, 'b');
        ck_buf_puts(&b, "\r\n");
    }
    ck_buf_puts(&b, "\r\n");
    expect_error(b.data, CK_ERR_LIMIT, 0);
    ck_buf_release(&b);
}

static void test_body_callback_failure_stops(void)
{
    struct outcome o;
    outcome_init(&o);
    o.fail_after = 2;
    run(&o, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n",
        strlen("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n"),
        0, 0, 0, 0);
    CK_CHECK_INT(o.st, CK_ERR_CANCELLED);
    CK_CHECK_INT(o.callbacks, 2);
    CK_CHECK(!o.done);
    outcome_release(&o);
}

/* The reference result of a response fed in one piece, compared with every
 * two-piece split and with byte-at-a-time feeding. */
static void check_all_splits(const char *text, int head, int eof)
{
    struct outcome ref, o;
    size_t len = strlen(text), cut;

    outcome_init(&ref);
    run(&ref, text, len, 0, 0, head, eof);
    CK_REQUIRE(ref.st == CK_OK && ref.done);
    for (cut = 1; cut < len; cut++) {
        outcome_init(&o);
        run(&o, text, len, cut, 0, head, eof);
        if (o.st != CK_OK || !o.done || o.body.len != ref.body.len ||
            memcmp(ck_buf_str(&o.body), ck_buf_str(&ref.body), ref.body.len) != 0 ||
            o.resp.status != ref.resp.status || o.used != ref.used ||
            o.resp.field_count != ref.resp.field_count) {
            fprintf(stderr, "  split at %lu of \"%.40s...\" differs\n", (unsigned long)cut, text);
            CK_CHECK(0);
        }
        outcome_release(&o);
    }
    outcome_init(&o);
    run(&o, text, len, 0, 1, head, eof);
    CK_CHECK_INT(o.st, CK_OK);
    CK_CHECK(o.done);
    CK_CHECK_STR(ck_buf_str(&o.body), ck_buf_str(&ref.body));
    CK_CHECK_INT(o.used, ref.used);
    outcome_release(&o);
    outcome_release(&ref);
}

static void test_every_split(void)
{
    check_all_splits("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nApi-Version: 1.41\r\n\r\nhello world!", 0, 0);
    check_all_splits("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5;ext=1\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\nT: v\r\n\r\n", 0, 0);
    check_all_splits("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 0);
    check_all_splits("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", 0, 1);
    check_all_splits("HTTP/1.1 200 OK\r\nOSType: linux\r\nContent-Length: 2\r\n\r\n", 1, 0);
    check_all_splits("HTTP/1.1 204 No Content\r\n\r\n", 0, 0);
    /* a Docker pull stream, as dockerd sends it */
    check_all_splits("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "30\r\n{\"status\":\"Pulling from ck/pulltest\",\"id\":\"1\"}\r\n\r\n"
                     "28\r\n{\"status\":\"Pulling fs layer\",\"id\":\"a\"}\r\n\r\n0\r\n\r\n", 0, 0);
}

static void test_escape(void)
{
    struct ck_buf b;
    ck_buf_init(&b);
    CK_CHECK_INT(ck_http_append_escaped(&b, "/var/lib/dpkg/status a+b&c=d~_.-"), CK_OK);
    CK_CHECK_STR(ck_buf_str(&b), "%2Fvar%2Flib%2Fdpkg%2Fstatus%20a%2Bb%26c%3Dd~_.-");
    ck_buf_release(&b);
}

static void test_collect(void)
{
    struct ck_buf b;
    struct ck_http_collect col;
    ck_buf_init(&b);
    col.buf = &b;
    col.max = 5;
    CK_CHECK_INT(ck_http_collect_fn(&col, "abc", 3), CK_OK);
    CK_CHECK_INT(ck_http_collect_fn(&col, "de", 2), CK_OK);
    CK_CHECK_INT(ck_http_collect_fn(&col, "f", 1), CK_ERR_LIMIT);
    CK_CHECK_STR(ck_buf_str(&b), "abcde");
    ck_buf_release(&b);
}

int main(void)
{
    CK_RUN(test_content_length);
    CK_RUN(test_content_length_zero);
    CK_RUN(test_chunked_extensions_trailers);
    CK_RUN(test_chunked_uppercase_hex_and_bare_lf);
    CK_RUN(test_read_until_close);
    CK_RUN(test_connection_rules);
    CK_RUN(test_no_body_statuses);
    CK_RUN(test_interim_response);
    CK_RUN(test_leftover_bytes);
    CK_RUN(test_status_without_reason);
    CK_RUN(test_malformed_lengths);
    CK_RUN(test_malformed_heads);
    CK_RUN(test_truncation);
    CK_RUN(test_limits);
    CK_RUN(test_body_callback_failure_stops);
    CK_RUN(test_every_split);
    CK_RUN(test_escape);
    CK_RUN(test_collect);
    return ck_test_summary();
}
