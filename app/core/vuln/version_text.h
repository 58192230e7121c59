/* Byte-range helpers the version orderings share (vercmp.c has its own
 * for dpkg, apk and rpm). ASCII classes only: no ordering here follows the
 * locale. Internal to vuln/. */
#ifndef CK_VERSION_TEXT_H
#define CK_VERSION_TEXT_H

#include <stddef.h>

/* A byte string [p, end). */
struct ck_vspan {
    const char *p;
    const char *end;
};

struct ck_vspan ck_vspan_of(const char *s); /* NULL is the empty string */
struct ck_vspan ck_vspan_make(const char *p, const char *end);
size_t ck_vspan_len(struct ck_vspan s);

int ck_vt_digit(int c);
int ck_vt_alpha(int c);
int ck_vt_alnum(int c);
int ck_vt_space(int c);
int ck_vt_lower(int c); /* ASCII lower-casing of one byte */
int ck_vt_sign(int v);

/* Drops blanks at both ends. */
struct ck_vspan ck_vspan_trim(struct ck_vspan s);

/* The run of bytes of class cls at the start of *s, taken off *s. */
struct ck_vspan ck_vspan_take(struct ck_vspan *s, int (*cls)(int));

/* 1 when *s starts with c (then taken off), else 0. */
int ck_vspan_eat(struct ck_vspan *s, char c);

/* 1 when s starts with word, ignoring ASCII case. */
int ck_vspan_starts_ci(struct ck_vspan s, const char *word);

/* 1 when s is word, ignoring ASCII case. */
int ck_vspan_is_ci(struct ck_vspan s, const char *word);

/* 1 when every byte of s (at least one) is a digit. */
int ck_vspan_all_digits(struct ck_vspan s);

/* Numeric order of two digit strings of any length (an empty one is 0). */
int ck_vspan_num_cmp(struct ck_vspan a, struct ck_vspan b);

/* 1 when a digit string is zero (or empty). */
int ck_vspan_num_zero(struct ck_vspan s);

/* Byte order, a proper prefix first. */
int ck_vspan_bytes_cmp(struct ck_vspan a, struct ck_vspan b);

/* Byte order after ASCII lower-casing, a proper prefix first. */
int ck_vspan_ci_cmp(struct ck_vspan a, struct ck_vspan b);

/* Byte order of two NUL-terminated strings (NULL as ""): the order every
 * scheme falls back to for strings it cannot read. */
int ck_vt_strcmp(const char *a, const char *b);

#endif
