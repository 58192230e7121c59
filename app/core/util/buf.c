#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ck_buf_init(struct ck_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void ck_buf_release(struct ck_buf *b)
{
    free(b->data);
    ck_buf_init(b);
}

void ck_buf_reset(struct ck_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data)
        b->data[0] = '\0';
}

static enum ck_status fail(struct ck_buf *b)
{
    b->failed = 1;
    return CK_ERR_NOMEM;
}

void ck_buf_fail(struct ck_buf *b)
{
    fail(b);
}

enum ck_status ck_buf_status(const struct ck_buf *b)
{
    return b->failed ? CK_ERR_NOMEM : CK_OK;
}

enum ck_status ck_buf_reserve(struct ck_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->failed)
        return CK_ERR_NOMEM;
    if (extra > (size_t)-1 - b->len - 1)
        return fail(b);
    need = b->len + extra + 1;
    if (need <= b->cap)
        return CK_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (!p)
        return fail(b);
    p[b->len] = '\0'; /* a first allocation reads as "" at once */
    b->data = p;
    b->cap = cap;
    return CK_OK;
}

enum ck_status ck_buf_append(struct ck_buf *b, const void *data, size_t len)
{
    if (ck_buf_reserve(b, len) != CK_OK)
        return CK_ERR_NOMEM;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return CK_OK;
}

enum ck_status ck_buf_puts(struct ck_buf *b, const char *s)
{
    return ck_buf_append(b, s, strlen(s));
}

enum ck_status ck_buf_putc(struct ck_buf *b, char c)
{
    return ck_buf_append(b, &c, 1);
}

enum ck_status ck_buf_printf(struct ck_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (b->failed)
        return CK_ERR_NOMEM;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return CK_ERR_ARG;
    }
    if (ck_buf_reserve(b, (size_t)n) != CK_OK)
        return CK_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CK_OK;
}

void ck_buf_consume(struct ck_buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0; /* not ck_buf_reset: a failure stays */
        if (b->data)
            b->data[0] = '\0';
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
    b->data[b->len] = '\0';
}

char *ck_buf_take(struct ck_buf *b)
{
    char *p = b->data;
    if (b->failed) {
        ck_buf_release(b);
        return NULL;
    }
    if (!p) {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    }
    ck_buf_init(b);
    return p;
}

const char *ck_buf_str(const struct ck_buf *b)
{
    return b->data ? b->data : "";
}
