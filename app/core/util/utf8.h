/* UTF-8 checks and repairs for text that came from someone else (images,
 * records, reports) on its way to an output that must stay well formed: a
 * JSON document (valid UTF-8), a report (no control characters) or a
 * terminal (nothing that the terminal would take as a command). */
#ifndef CK_UTF8_H
#define CK_UTF8_H

#include <stddef.h>

#include "util/buf.h"

/* What ck_utf8_clean replaces with U+FFFD besides invalid sequences:
 *   CK_UTF8_ENCODING  nothing else (JSON escapes control characters itself);
 *   CK_UTF8_TEXT      also C0 controls other than TAB, LF, CR, and DEL;
 *   CK_UTF8_TERMINAL  also CR, ESC and every other C0 control but TAB and LF,
 *                     DEL, the C1 controls U+0080-U+009F (CSI, OSC as one
 *                     code point) and the bidirectional overrides and
 *                     isolates (U+202A-U+202E, U+2066-U+2069), which reorder
 *                     what a reader sees. */
enum ck_utf8_mode {
    CK_UTF8_ENCODING,
    CK_UTF8_TEXT,
    CK_UTF8_TERMINAL
};

/* The length (1-4) of the valid UTF-8 sequence at p, which has avail bytes;
 * 0 when the bytes there are not one (overlong forms, surrogates, code
 * points past U+10FFFF and truncated sequences included). */
size_t ck_utf8_seq_len(const unsigned char *p, size_t avail);
/* 1 when the n bytes at s are valid UTF-8 (NUL bytes count as invalid). */
int ck_utf8_valid(const char *s, size_t n);
/* 1 when the text would be changed by ck_utf8_clean in this mode. */
int ck_utf8_needs_clean(const char *s, size_t n, enum ck_utf8_mode mode);
/* Appends the n bytes at s to out with what the mode forbids replaced by
 * U+FFFD (one per invalid byte, one per forbidden code point). */
enum ck_status ck_utf8_clean_into(struct ck_buf *out, const char *s, size_t n, enum ck_utf8_mode mode);
/* The same into dst (cap bytes, cap > 0), always NUL-terminated; what does
 * not fit is cut at a character boundary. Returns the length written. For
 * places that must not allocate (the log sink). */
size_t ck_utf8_clean_to(char *dst, size_t cap, const char *s, enum ck_utf8_mode mode);
/* A heap copy of the string s (NULL for NULL or out of memory), cleaned. */
char *ck_utf8_clean(const char *s, enum ck_utf8_mode mode);

#endif
