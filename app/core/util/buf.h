/* A growable byte buffer, always NUL-terminated so it doubles as a string
 * builder. Caller-owned: ck_buf_init / ck_buf_release; ck_buf_take hands the
 * heap block to the caller (free() it).
 *
 * A failed append (out of memory, a size past SIZE_MAX, a format error)
 * leaves the buffer failed: every later append fails too and ck_buf_take
 * gives NULL, so an output built by many appends is checked once, where it
 * is finished (ck_buf_status), and is never silently missing a piece. */
#ifndef CK_BUF_H
#define CK_BUF_H

#include <stddef.h>

#include "util/status.h"

struct ck_buf {
    char *data;  /* NUL-terminated; NULL until the first append */
    size_t len;  /* bytes used, not counting the NUL */
    size_t cap;  /* bytes allocated */
    int failed;  /* an append failed; sticky until release or reset */
};

void ck_buf_init(struct ck_buf *b);
void ck_buf_release(struct ck_buf *b);
void ck_buf_reset(struct ck_buf *b); /* len = 0, keeps the allocation, clears failed */
enum ck_status ck_buf_reserve(struct ck_buf *b, size_t extra);
enum ck_status ck_buf_append(struct ck_buf *b, const void *data, size_t len);
enum ck_status ck_buf_puts(struct ck_buf *b, const char *s);
enum ck_status ck_buf_putc(struct ck_buf *b, char c);
enum ck_status ck_buf_printf(struct ck_buf *b, const char *fmt, ...)
    CK_PRINTF(2, 3)
    ;
/* Marks b failed, for a piece of the output that could not be made. */
void ck_buf_fail(struct ck_buf *b);
/* CK_OK, or CK_ERR_NOMEM when an append failed since init or reset. */
enum ck_status ck_buf_status(const struct ck_buf *b);
/* Removes the first n bytes. */
void ck_buf_consume(struct ck_buf *b, size_t n);
/* Returns the data (an empty buffer gives an empty string; NULL when the
 * buffer failed or that string cannot be allocated) and leaves b empty. */
char *ck_buf_take(struct ck_buf *b);
/* The contents as a string, "" when empty. Valid until the next change. */
const char *ck_buf_str(const struct ck_buf *b);

#endif
