/* SemVer 2.0.0 parsing and precedence (see semver.h). */
#include "sources/semver.h"

#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_ident_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* A numeric identifier: "0" or digits without a leading zero. Returns its
 * length, 0 when there is none at s. */
static size_t numeric_len(const char *s)
{
    size_t n = 0;
    while (is_digit(s[n]))
        n++;
    if (n > 1 && s[0] == '0')
        return 0;
    return n;
}

static int all_digits(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

/* Dot-separated non-empty identifiers up to a character outside the set;
 * numeric ones must not have leading zeros when strict_numbers. Returns the
 * length consumed, 0 when malformed. */
static size_t identifiers_len(const char *s, int strict_numbers)
{
    size_t i = 0, start;
    for (;;) {
        start = i;
        while (is_ident_char(s[i]))
            i++;
        if (i == start)
            return 0;
        if (strict_numbers && i - start > 1 && s[start] == '0' && all_digits(s + start, i - start))
            return 0;
        if (s[i] != '.')
            return i;
        i++;
    }
}

static int parse(const char *text, struct ck_semver *out, int underscore_build)
{
    struct ck_semver v;
    const char *p = text;
    size_t n;

    if (!p)
        return 0;
    memset(&v, 0, sizeof v);
    if (*p == 'v' || *p == 'V')
        p++;
    v.major = p;
    if (!(v.major_len = numeric_len(p)) || p[v.major_len] != '.')
        return 0;
    p += v.major_len + 1;
    v.minor = p;
    if (!(v.minor_len = numeric_len(p)) || p[v.minor_len] != '.')
        return 0;
    p += v.minor_len + 1;
    v.patch = p;
    if (!(v.patch_len = numeric_len(p)))
        return 0;
    p += v.patch_len;
    if (*p == '-') {
        if (!(n = identifiers_len(p + 1, 1)))
            return 0;
        v.pre = p + 1;
        v.pre_len = n;
        p += n + 1;
    }
    if (*p == '+' || (underscore_build && *p == '_')) {
        if (!(n = identifiers_len(p + 1, 0)))
            return 0;
        v.build = p + 1;
        v.build_len = n;
        p += n + 1;
    }
    if (*p)
        return 0;
    *out = v;
    return 1;
}

int ck_semver_parse(const char *text, struct ck_semver *out)
{
    return parse(text, out, 0);
}

int ck_semver_parse_tag(const char *text, struct ck_semver *out)
{
    return parse(text, out, 1);
}

/* Digit strings without leading zeros: the longer is larger, else memcmp. */
static int compare_numbers(const char *a, size_t an, const char *b, size_t bn)
{
    int c;
    if (an != bn)
        return an < bn ? -1 : 1;
    c = memcmp(a, b, an);
    return (c > 0) - (c < 0);
}

static int compare_identifier(const char *a, size_t an, const char *b, size_t bn)
{
    int anum = all_digits(a, an), bnum = all_digits(b, bn), c;
    size_t n = an < bn ? an : bn;

    if (anum && bnum)
        return compare_numbers(a, an, b, bn);
    if (anum != bnum)
        return anum ? -1 : 1; /* numeric identifiers are lower */
    c = memcmp(a, b, n);
    if (c)
        return (c > 0) - (c < 0);
    return (an > bn) - (an < bn);
}

static int compare_prerelease(const char *a, size_t an, const char *b, size_t bn)
{
    size_t ai = 0, bi = 0;
    while (ai < an && bi < bn) {
        const char *ae = memchr(a + ai, '.', an - ai), *be = memchr(b + bi, '.', bn - bi);
        size_t al = ae ? (size_t)(ae - (a + ai)) : an - ai;
        size_t bl = be ? (size_t)(be - (b + bi)) : bn - bi;
        int c = compare_identifier(a + ai, al, b + bi, bl);
        if (c)
            return c;
        ai += al + 1;
        bi += bl + 1;
    }
    /* the one with identifiers left over is higher */
    return (ai < an) - (bi < bn);
}

int ck_semver_compare(const struct ck_semver *a, const struct ck_semver *b)
{
    int c = compare_numbers(a->major, a->major_len, b->major, b->major_len);
    if (!c)
        c = compare_numbers(a->minor, a->minor_len, b->minor, b->minor_len);
    if (!c)
        c = compare_numbers(a->patch, a->patch_len, b->patch, b->patch_len);
    if (c)
        return c;
    if (!a->pre || !b->pre)
        return (a->pre == NULL) - (b->pre == NULL); /* release above pre-release */
    return compare_prerelease(a->pre, a->pre_len, b->pre, b->pre_len);
}
