/* A growable byte buffer, always NUL-terminated so it doubles as a string
 * builder. Caller-owned: ck_buf_init / ck_buf_release; ck_buf_take hands the
 * heap block to the caller (free() it). */
#ifndef CK_BUF_H
#define CK_BUF_H

#include <stddef.h>

#include "status.h"

struct ck_buf {
    char *data;  /* NUL-terminated; NULL until the first append */
    size_t len;  /* bytes used, not counting the NUL */
    size_t cap;  /* bytes allocated */
};

void ck_buf_init(struct ck_buf *b);
void ck_buf_release(struct ck_buf *b);
void ck_buf_reset(struct ck_buf *b); /* len = 0, keeps the allocation */
enum ck_status ck_buf_reserve(struct ck_buf *b, size_t extra);
enum ck_status ck_buf_append(struct ck_buf *b, const void *data, size_t len);
enum ck_status ck_buf_puts(struct ck_buf *b, const char *s);
enum ck_status ck_buf_putc(struct ck_buf *b, char c);
enum ck_status ck_buf_printf(struct ck_buf *b, const char *fmt, ...)
    CK_PRINTF(2, 3)
    ;
/* Removes the first n bytes. */
void ck_buf_consume(struct ck_buf *b, size_t n);
/* Returns the data (never NULL: an empty buffer gives an empty string) and
 * leaves b empty. */
char *ck_buf_take(struct ck_buf *b);
/* The contents as a string, "" when empty. Valid until the next change. */
const char *ck_buf_str(const struct ck_buf *b);

#endif
