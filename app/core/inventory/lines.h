/* Splits a byte stream pushed in arbitrary chunks into lines for the
 * line-oriented package databases (dpkg status, apk installed). A line that
 * lies whole inside a chunk is passed without copying; only a line split
 * across chunks is carried, and at most max_line bytes of any line are kept
 * (the rest is dropped and the line reported as cut), so memory stays
 * bounded whatever the input. Lines are passed without "\n" or a final "\r". */
#ifndef CK_LINES_H
#define CK_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* line_no counts from 1. cut: the line was longer than max_line and only its
 * first max_line bytes are given. A non-CK_OK return stops the feed. */
typedef enum ck_status (*ck_line_fn)(void *ctx, const char *line, size_t len, int cut, uint64_t line_no);

struct ck_lines {
    struct ck_buf carry; /* the start of a line split across chunks */
    size_t max_line;
    int cut;             /* the carried line already lost bytes */
    int pending;         /* a line is being carried (maybe empty so far) */
    uint64_t line_no;    /* lines passed so far */
};

void ck_lines_init(struct ck_lines *l, size_t max_line);
void ck_lines_release(struct ck_lines *l);
enum ck_status ck_lines_feed(struct ck_lines *l, const char *data, size_t len, ck_line_fn fn, void *ctx);
/* Passes a last line that had no "\n". */
enum ck_status ck_lines_finish(struct ck_lines *l, ck_line_fn fn, void *ctx);
/* Bytes held between chunks. */
size_t ck_lines_buffered(const struct ck_lines *l);

#endif
