/* SemVer 2.0 (semver.org, section 11) as OSV's SEMVER ranges use it for
 * npm and crates.io, and Go's reading of it (golang.org/x/mod/semver: a
 * 'v' prefix, "v1" and "v1.2" shorthands, no leading zeros). */
#include "vuln/version_lang.h"
#include "vuln/version_text.h"

struct semver {
    struct ck_vspan major, minor, patch; /* an empty part is 0 */
    struct ck_vspan pre;                 /* without the '-'; empty: a release */
};

static int ident_char(int c) { return ck_vt_alnum(c) || c == '-'; }

/* Dot-separated non-empty identifiers of [0-9A-Za-z-] up to stop (or the
 * end); no_zero_lead: numeric identifiers may not start with 0. */
static int take_idents(struct ck_vspan *s, char stop, int no_zero_lead, struct ck_vspan *out)
{
    out->p = s->p;
    for (;;) {
        struct ck_vspan id = ck_vspan_take(s, ident_char);
        if (!ck_vspan_len(id))
            return -1;
        if (no_zero_lead && ck_vspan_all_digits(id) && ck_vspan_len(id) > 1 && *id.p == '0')
            return -1;
        if (!ck_vspan_eat(s, '.'))
            break;
    }
    out->end = s->p;
    return s->p == s->end || *s->p == stop ? 0 : -1;
}

static int take_number(struct ck_vspan *s, int go, struct ck_vspan *out)
{
    *out = ck_vspan_take(s, ck_vt_digit);
    if (!ck_vspan_len(*out))
        return -1;
    return go && ck_vspan_len(*out) > 1 && *out->p == '0' ? -1 : 0;
}

/* 0 and *v filled when s is a version of the scheme (go: Go's rules). */
static int semver_parse(const char *text, int go, struct semver *v)
{
    struct ck_vspan s = ck_vspan_trim(ck_vspan_of(text)), build;
    int shorthand = 0;

    if (!go)
        ck_vspan_eat(&s, '=');
    if (!ck_vspan_eat(&s, 'v') && !go)
        ck_vspan_eat(&s, 'V');
    v->minor = v->patch = v->pre = ck_vspan_make(s.end, s.end);
    if (take_number(&s, go, &v->major))
        return -1;
    if (ck_vspan_eat(&s, '.')) {
        if (take_number(&s, go, &v->minor))
            return -1;
        if (ck_vspan_eat(&s, '.')) {
            if (take_number(&s, go, &v->patch))
                return -1;
        } else
            shorthand = 1;
    } else
        shorthand = 1;
    if (go && shorthand)
        return s.p == s.end ? 0 : -1;
    if (ck_vspan_eat(&s, '-') && take_idents(&s, '+', go, &v->pre))
        return -1;
    if (ck_vspan_eat(&s, '+') && take_idents(&s, '\0', 0, &build))
        return -1;
    return s.p == s.end ? 0 : -1;
}

static struct ck_vspan next_ident(struct ck_vspan *s)
{
    struct ck_vspan id = ck_vspan_make(s->p, s->p);
    while (id.end < s->end && *id.end != '.')
        id.end++;
    s->p = id.end < s->end ? id.end + 1 : id.end;
    return id;
}

/* Two prerelease identifiers: numeric ones by value and before the others,
 * which compare by their bytes. */
static int ident_cmp(struct ck_vspan a, struct ck_vspan b)
{
    int na = ck_vspan_all_digits(a), nb = ck_vspan_all_digits(b);
    if (na && nb)
        return ck_vspan_num_cmp(a, b);
    if (na != nb)
        return na ? -1 : 1;
    return ck_vspan_bytes_cmp(a, b);
}

static int pre_cmp(struct ck_vspan a, struct ck_vspan b)
{
    if (!ck_vspan_len(a) || !ck_vspan_len(b))
        return (ck_vspan_len(a) == 0) - (ck_vspan_len(b) == 0); /* a release is greater */
    while (a.p < a.end && b.p < b.end) {
        int r = ident_cmp(next_ident(&a), next_ident(&b));
        if (r)
            return r;
    }
    return (a.p < a.end) - (b.p < b.end);
}

static int semver_cmp(const char *a, const char *b, int go)
{
    struct semver va, vb;
    int oka = semver_parse(a, go, &va) == 0, okb = semver_parse(b, go, &vb) == 0, r;

    if (!oka || !okb)
        return oka != okb ? (oka ? 1 : -1) : ck_vt_strcmp(a, b);
    if ((r = ck_vspan_num_cmp(va.major, vb.major)) || (r = ck_vspan_num_cmp(va.minor, vb.minor)) ||
        (r = ck_vspan_num_cmp(va.patch, vb.patch)))
        return r;
    return pre_cmp(va.pre, vb.pre);
}

int ck_version_compare_semver(const char *a, const char *b) { return semver_cmp(a, b, 0); }

int ck_version_compare_go(const char *a, const char *b) { return semver_cmp(a, b, 1); }
