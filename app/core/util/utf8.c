/* UTF-8 checks and repairs (see utf8.h). */
#include "util/utf8.h"

#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"

size_t ck_utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0], cp;
    size_t n, i;

    if (c < 0x80)
        return c ? 1 : 0;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (n > avail)
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* The code point of a valid sequence of n bytes. */
static unsigned decode(const unsigned char *p, size_t n)
{
    static const unsigned lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned cp = p[0] & lead_mask[n];
    size_t i;

    for (i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    return cp;
}

static int forbidden(unsigned cp, enum ck_utf8_mode mode)
{
    switch (mode) {
    case CK_UTF8_ENCODING:
        return 0;
    case CK_UTF8_TEXT:
        return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F;
    case CK_UTF8_TERMINAL:
        return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
               (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }
    return 1;
}

/* How many bytes at p make one step, and in *ok whether they may stay: a
 * valid sequence is one step (replaced whole when the mode forbids its
 * code point), an invalid byte is a step of its own. */
static size_t step(const unsigned char *p, size_t avail, enum ck_utf8_mode mode, int *ok)
{
    size_t n = ck_utf8_seq_len(p, avail);
    if (!n) {
        *ok = 0;
        return 1;
    }
    *ok = !forbidden(decode(p, n), mode);
    return n;
}

int ck_utf8_valid(const char *s, size_t n)
{
    return !ck_utf8_needs_clean(s, n, CK_UTF8_ENCODING);
}

int ck_utf8_needs_clean(const char *s, size_t n, enum ck_utf8_mode mode)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    int ok;

    while (p < end) {
        p += step(p, (size_t)(end - p), mode, &ok);
        if (!ok)
            return 1;
    }
    return 0;
}

enum ck_status ck_utf8_clean_into(struct ck_buf *out, const char *s, size_t n, enum ck_utf8_mode mode)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    while (p < end) {
        const unsigned char *run = p;
        size_t k = 0;
        int ok = 1;
        /* copy runs of acceptable text at once */
        while (p < end && (k = step(p, (size_t)(end - p), mode, &ok), ok))
            p += k;
        if (p > run && ck_buf_append(out, run, (size_t)(p - run)) != CK_OK)
            return CK_ERR_NOMEM;
        if (p < end) {
            if (ck_buf_puts(out, REPLACEMENT) != CK_OK)
                return CK_ERR_NOMEM;
            p += k;
        }
    }
    return CK_OK;
}

size_t ck_utf8_clean_to(char *dst, size_t cap, const char *s, enum ck_utf8_mode mode)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    size_t len = 0;

    while (p < end) {
        int ok;
        size_t k = step(p, (size_t)(end - p), mode, &ok);
        const char *piece = ok ? (const char *)p : REPLACEMENT;
        size_t n = ok ? k : sizeof REPLACEMENT - 1;
        if (len + n >= cap)
            break;
        memcpy(dst + len, piece, n);
        len += n;
        p += k;
    }
    dst[len] = '\0';
    return len;
}

char *ck_utf8_clean(const char *s, enum ck_utf8_mode mode)
{
    struct ck_buf b;

    if (!s)
        return NULL;
    ck_buf_init(&b);
    if (ck_utf8_clean_into(&b, s, strlen(s), mode) != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}
