/* libFuzzer target: FIRST's EPSS scores as db update and db import read
 * them (plain or gzip'd CSV through the streaming parser). The first byte
 * picks the size of the pieces fed. Every row handed out has a CVE id and
 * scores from 0 to 1; the same input in other pieces gives the same rows
 * and the same outcome. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/exploit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    uint64_t rows;
    double sum;
};

static enum ck_status on_row(void *ctx, const struct ck_epss_row *r, struct ck_err *err)
{
    struct seen *s = ctx;
    (void)err;
    if (!ck_exploit_is_cve(r->cve, strlen(r->cve)) || !(r->score >= 0 && r->score <= 1) ||
        !(r->percentile >= 0 && r->percentile <= 1))
        abort();
    s->rows++;
    s->sum += r->score;
    return CK_OK;
}

static void on_warn(void *ctx, uint64_t line, const char *why)
{
    (void)ctx;
    if (!line || !why || !*why)
        abort();
}

static enum ck_status run(const uint8_t *d, size_t n, size_t step, struct seen *s)
{
    struct ck_epss_parser *p = NULL;
    struct ck_err err;
    enum ck_status st;
    size_t at;

    memset(s, 0, sizeof *s);
    if (ck_epss_parser_new(&p, on_row, on_warn, s) != CK_OK)
        return CK_ERR_NOMEM;
    for (st = CK_OK, at = 0; st == CK_OK && at < n; at += step)
        st = ck_epss_parser_feed(p, d + at, n - at < step ? n - at : step, &err);
    if (st == CK_OK)
        st = ck_epss_parser_finish(p, &err);
    if (st != CK_OK && !err.msg[0])
        abort();
    if (ck_epss_parser_rows(p) != s->rows)
        abort();
    ck_epss_parser_free(p);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct seen a, b;
    size_t step = size ? (size_t)data[0] % 64 + 1 : 1;
    enum ck_status sa, sb;

    if (size)
        data++, size--;
    sa = run(data, size, step, &a);
    sb = run(data, size, size ? size : 1, &b);
    if (sa != sb || a.rows != b.rows || a.sum != b.sum)
        abort();
    (void)ck_exploit_sniff(data, size);
    return 0;
}
