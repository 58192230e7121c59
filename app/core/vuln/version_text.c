/* Byte-range helpers of the version orderings (version_text.h). */
#include "vuln/version_text.h"

#include <string.h>

struct ck_vspan ck_vspan_of(const char *s)
{
    struct ck_vspan r;
    r.p = s ? s : "";
    r.end = r.p + strlen(r.p);
    return r;
}

struct ck_vspan ck_vspan_make(const char *p, const char *end)
{
    struct ck_vspan r;
    r.p = p;
    r.end = end;
    return r;
}

size_t ck_vspan_len(struct ck_vspan s) { return (size_t)(s.end - s.p); }

int ck_vt_digit(int c) { return c >= '0' && c <= '9'; }
int ck_vt_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
int ck_vt_alnum(int c) { return ck_vt_digit(c) || ck_vt_alpha(c); }
int ck_vt_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
int ck_vt_lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }
int ck_vt_sign(int v) { return (v > 0) - (v < 0); }

struct ck_vspan ck_vspan_trim(struct ck_vspan s)
{
    while (s.p < s.end && ck_vt_space((unsigned char)*s.p))
        s.p++;
    while (s.end > s.p && ck_vt_space((unsigned char)s.end[-1]))
        s.end--;
    return s;
}

struct ck_vspan ck_vspan_take(struct ck_vspan *s, int (*cls)(int))
{
    struct ck_vspan r;
    r.p = s->p;
    while (s->p < s->end && cls((unsigned char)*s->p))
        s->p++;
    r.end = s->p;
    return r;
}

int ck_vspan_eat(struct ck_vspan *s, char c)
{
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

int ck_vspan_starts_ci(struct ck_vspan s, const char *word)
{
    size_t n = strlen(word), i;
    if (ck_vspan_len(s) < n)
        return 0;
    for (i = 0; i < n; i++)
        if (ck_vt_lower((unsigned char)s.p[i]) != ck_vt_lower((unsigned char)word[i]))
            return 0;
    return 1;
}

int ck_vspan_is_ci(struct ck_vspan s, const char *word)
{
    return ck_vspan_len(s) == strlen(word) && ck_vspan_starts_ci(s, word);
}

int ck_vspan_all_digits(struct ck_vspan s)
{
    const char *q;
    if (s.p == s.end)
        return 0;
    for (q = s.p; q < s.end; q++)
        if (!ck_vt_digit((unsigned char)*q))
            return 0;
    return 1;
}

static struct ck_vspan skip_zeros(struct ck_vspan s)
{
    while (s.p < s.end && *s.p == '0')
        s.p++;
    return s;
}

int ck_vspan_num_cmp(struct ck_vspan a, struct ck_vspan b)
{
    a = skip_zeros(a);
    b = skip_zeros(b);
    if (ck_vspan_len(a) != ck_vspan_len(b))
        return ck_vspan_len(a) < ck_vspan_len(b) ? -1 : 1;
    return ck_vt_sign(memcmp(a.p, b.p, ck_vspan_len(a)));
}

int ck_vspan_num_zero(struct ck_vspan s) { return skip_zeros(s).p == s.end; }

int ck_vspan_bytes_cmp(struct ck_vspan a, struct ck_vspan b)
{
    size_t la = ck_vspan_len(a), lb = ck_vspan_len(b);
    int r = memcmp(a.p, b.p, la < lb ? la : lb);
    if (r)
        return ck_vt_sign(r);
    return (la > lb) - (la < lb);
}

int ck_vspan_ci_cmp(struct ck_vspan a, struct ck_vspan b)
{
    while (a.p < a.end && b.p < b.end) {
        int ca = ck_vt_lower((unsigned char)*a.p++), cb = ck_vt_lower((unsigned char)*b.p++);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (a.p < a.end) - (b.p < b.end);
}

int ck_vt_strcmp(const char *a, const char *b) { return ck_vspan_bytes_cmp(ck_vspan_of(a), ck_vspan_of(b)); }
