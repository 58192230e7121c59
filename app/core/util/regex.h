/* A small regular-expression matcher, the same on every platform (POSIX
 * <regex.h> is missing on Windows). Patterns are compiled to a program that
 * runs as a Thompson NFA simulation: time is linear in the text for any
 * pattern (no catastrophic backtracking), because nothing here needs
 * backreferences.
 *
 * Syntax (bytes; ASCII classes):
 *   c        a literal character       \c   c literally (for punctuation)
 *   .        any character             \d \D  digit / not a digit
 *   [abc]    one of a, b, c            \w \W  [A-Za-z0-9_] / not
 *   [^a-z]   none of a..z              \s \S  space, \t \n \r \f \v / not
 *   ^  $     start / end of the text   \t \n \r  tab, newline, return
 *   x*  x+  x?   0+, 1+, 0-1 times     x{n} x{n,} x{n,m}  counted (m <= 1000)
 *   a|b      a or b                    ( )  grouping
 * In a class, ']' first is literal, '-' first or last is literal, and \d \w \s
 * and escapes work. A '{' that does not start a valid count is literal.
 * Searching finds a match anywhere in the text; anchor with ^ and $ to match
 * the whole text. */
#ifndef CK_REGEX_H
#define CK_REGEX_H

#include "util/status.h"

struct ck_regex;

/* Compiles pattern; on failure err names the position and the problem, e.g.
 * "invalid regular expression 'a(b' at position 4: missing ')'". */
enum ck_status ck_regex_compile(struct ck_regex **out, const char *pattern, struct ck_err *err);
void ck_regex_free(struct ck_regex *re);

/* 1 when the pattern matches somewhere in text, 0 when not, -1 when out of
 * memory. Safe to call from several threads at once. */
int ck_regex_search(const struct ck_regex *re, const char *text);

/* The pattern as given. */
const char *ck_regex_pattern(const struct ck_regex *re);

#endif
