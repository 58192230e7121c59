/* libFuzzer target: the HTTP/1.1 response parser. The first byte chooses a
 * HEAD request and a feeding piece size; the rest is the response, fed in
 * pieces, then EOF. Besides never crashing, the parser must agree with
 * itself: the same input fed whole gives the same status, body and
 * outcome; a violation aborts (and is reported). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docker/http.h"

struct result {
    enum ck_status st;
    int done, status;
    uint64_t body_len;
    uint32_t body_hash;
};

static enum ck_status on_body(void *ctx, const char *data, size_t len)
{
    struct result *r = ctx;
    size_t i;
    for (i = 0; i < len; i++)
        r->body_hash = r->body_hash * 31u + (unsigned char)data[i];
    r->body_len += len;
    return CK_OK;
}

static void parse(const char *data, size_t size, size_t piece, int head, struct result *r)
{
    struct ck_http_response resp;
    struct ck_http_parser p;
    struct ck_err err;
    size_t pos = 0;

    memset(r, 0, sizeof *r);
    ck_http_response_init(&resp);
    ck_http_parser_init(&p, &resp, head, on_body, r);
    while (pos < size && r->st == CK_OK && !ck_http_parser_done(&p)) {
        size_t n = size - pos < piece ? size - pos : piece, used = 0;
        r->st = ck_http_parser_feed(&p, data + pos, n, &used, &err);
        if (used > n)
            abort();
        pos += used;
        if (r->st == CK_OK && used < n && !ck_http_parser_done(&p))
            abort(); /* bytes left over only once the response is complete */
        if (used < n)
            break;
    }
    if (r->st == CK_OK && !ck_http_parser_done(&p))
        r->st = ck_http_parser_eof(&p, &err);
    r->done = ck_http_parser_done(&p);
    r->status = resp.status;
    if (resp.body_bytes != r->body_len)
        abort();
    ck_http_parser_release(&p);
    ck_http_response_release(&resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct result whole, pieces;
    size_t piece;
    int head;

    if (size < 1)
        return 0;
    head = data[0] & 1;
    piece = (size_t)(data[0] >> 1) + 1;
    parse((const char *)data + 1, size - 1, size, head, &whole);
    parse((const char *)data + 1, size - 1, piece, head, &pieces);
    if (whole.st != pieces.st || whole.done != pieces.done || whole.status != pieces.status ||
        whole.body_len != pieces.body_len || whole.body_hash != pieces.body_hash)
        abort();
    return 0;
}
