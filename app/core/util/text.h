/* Small string helpers shared by the vulnerability modules (OSV parsing, the
 * database, matching). Every returned string is malloc'd; free() it. */
#ifndef CK_VULN_TEXT_H
#define CK_VULN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A heap copy of s, or NULL when s is NULL or memory runs out. */
char *ck_text_dup(const char *s);
/* A heap copy of the first n bytes of s, NUL-terminated. */
char *ck_text_dupn(const char *s, size_t n);
/* ASCII case-insensitive comparison (<0, 0, >0); NULL sorts first. */
int ck_text_casecmp(const char *a, const char *b);
/* Parses an RFC 3339 timestamp ("2024-05-01T10:20:30.123456Z",
 * "...+02:00") into microseconds since the Unix epoch, UTC.
 * Returns 0 on success, -1 when s is not such a timestamp. */
int ck_text_parse_time(const char *s, int64_t *out_us);
/* Whole seconds of a time in microseconds, rounded down (before 1970 too). */
int64_t ck_text_seconds_of_us(int64_t us);
/* Formats seconds since the epoch as "2024-05-01T10:20:30Z" into out
 * (at least 21 bytes). */
void ck_text_format_time(int64_t seconds, char *out, size_t size);

#endif
