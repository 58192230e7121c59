#include "inventory/lines.h"

#include <string.h>

void ck_lines_init(struct ck_lines *l, size_t max_line)
{
    ck_buf_init(&l->carry);
    l->max_line = max_line ? max_line : 65536;
    l->cut = 0;
    l->pending = 0;
    l->line_no = 0;
}

void ck_lines_release(struct ck_lines *l) { ck_buf_release(&l->carry); }

size_t ck_lines_buffered(const struct ck_lines *l) { return l->carry.cap; }

static enum ck_status emit(struct ck_lines *l, const char *s, size_t n, int cut, ck_line_fn fn, void *ctx)
{
    if (!cut && n > 0 && s[n - 1] == '\r')
        n--;
    return fn(ctx, s, n, cut, ++l->line_no);
}

/* Adds what fits of s to the carried line. */
static enum ck_status carry(struct ck_lines *l, const char *s, size_t n)
{
    size_t room = l->max_line - l->carry.len;
    l->pending = 1;
    if (n > room) {
        n = room;
        l->cut = 1;
    }
    return n ? ck_buf_append(&l->carry, s, n) : CK_OK;
}

enum ck_status ck_lines_feed(struct ck_lines *l, const char *data, size_t len, ck_line_fn fn, void *ctx)
{
    enum ck_status st;

    while (len > 0) {
        const char *nl = memchr(data, '\n', len);
        size_t seg;

        if (!nl)
            return carry(l, data, len);
        seg = (size_t)(nl - data);
        if (l->pending) {
            if ((st = carry(l, data, seg)) != CK_OK)
                return st;
            st = emit(l, ck_buf_str(&l->carry), l->carry.len, l->cut, fn, ctx);
            ck_buf_reset(&l->carry);
            l->cut = 0;
            l->pending = 0;
        } else if (seg > l->max_line) {
            st = emit(l, data, l->max_line, 1, fn, ctx);
        } else {
            st = emit(l, data, seg, 0, fn, ctx);
        }
        if (st != CK_OK)
            return st;
        data = nl + 1;
        len -= seg + 1;
    }
    return CK_OK;
}

enum ck_status ck_lines_finish(struct ck_lines *l, ck_line_fn fn, void *ctx)
{
    enum ck_status st = CK_OK;
    if (l->pending && (l->carry.len > 0 || l->cut))
        st = emit(l, ck_buf_str(&l->carry), l->carry.len, l->cut, fn, ctx);
    ck_buf_reset(&l->carry);
    l->cut = 0;
    l->pending = 0;
    return st;
}
