/* RubyGems' Gem::Version ordering, from its documentation and rules:
 * a version is digits, then any ".alnum+" parts, then optionally
 * "-alnum(-alnum)*(.alnum...)*" (blanks around it and "" = "0" allowed);
 * '-' reads as ".pre."; segments are the digit runs and letter runs; a
 * version with letters is a prerelease. Comparison uses the canonical
 * segments: the numeric ones before the first string with their trailing
 * zeros dropped, then the rest; segment by segment, a missing one is 0, a
 * string sorts before a number, numbers by value, strings by bytes. */
#include "vuln/version_lang.h"
#include "vuln/version_text.h"

enum seg_kind { SEG_END, SEG_NUM, SEG_STR };

struct seg {
    enum seg_kind kind;
    struct ck_vspan text;
};

static int pre_char(int c) { return ck_vt_alnum(c) || c == '-'; }

static int rg_parse_check(struct ck_vspan s)
{
    if (s.p == s.end)
        return 0;
    if (!ck_vspan_len(ck_vspan_take(&s, ck_vt_digit)))
        return -1;
    while (s.end - s.p >= 2 && s.p[0] == '.' && ck_vt_alnum((unsigned char)s.p[1])) {
        s.p++;
        ck_vspan_take(&s, ck_vt_alnum);
    }
    if (ck_vspan_eat(&s, '-')) {
        do {
            if (!ck_vspan_len(ck_vspan_take(&s, pre_char)))
                return -1;
        } while (ck_vspan_eat(&s, '.'));
    }
    return s.p == s.end ? 0 : -1;
}

int ck_version_rubygems_valid(const char *v)
{
    return rg_parse_check(ck_vspan_trim(ck_vspan_of(v))) == 0;
}

/* The next segment of *s: a digit run, a letter run, or "pre" for '-'. */
static struct seg next_seg(struct ck_vspan *s)
{
    static const char pre[] = "pre";
    struct seg g;
    while (s->p < s->end && !ck_vt_alnum((unsigned char)*s->p) && *s->p != '-')
        s->p++;
    g.kind = SEG_END;
    g.text = ck_vspan_make(s->p, s->p);
    if (s->p == s->end)
        return g;
    if (*s->p == '-') {
        s->p++;
        g.kind = SEG_STR;
        g.text = ck_vspan_make(pre, pre + 3);
    } else if (ck_vt_digit((unsigned char)*s->p)) {
        g.kind = SEG_NUM;
        g.text = ck_vspan_take(s, ck_vt_digit);
    } else {
        g.kind = SEG_STR;
        g.text = ck_vspan_take(s, ck_vt_alpha);
    }
    return g;
}

/* Walks the canonical segments of one version. */
struct rg_cursor {
    struct ck_vspan rest;
    const char *numeric_end; /* after the last non-zero leading number */
    const char *string_at;   /* the first string segment (or the end) */
};

static void rg_start(struct rg_cursor *c, struct ck_vspan s)
{
    struct ck_vspan t = s;
    struct seg g;
    c->rest = s;
    c->numeric_end = s.p;
    c->string_at = s.end;
    for (;;) {
        const char *before = t.p;
        g = next_seg(&t);
        if (g.kind == SEG_END)
            break;
        if (g.kind == SEG_STR) {
            c->string_at = before;
            break;
        }
        if (!ck_vspan_num_zero(g.text))
            c->numeric_end = t.p;
    }
}

static struct seg rg_next(struct rg_cursor *c)
{
    if (c->rest.p < c->string_at && c->rest.p >= c->numeric_end)
        c->rest.p = c->string_at; /* the leading numbers' trailing zeros */
    return next_seg(&c->rest);
}

static int seg_cmp(struct seg a, struct seg b)
{
    static const char zero[] = "0";
    if (a.kind == SEG_END)
        a.kind = SEG_NUM, a.text = ck_vspan_make(zero, zero + 1);
    if (b.kind == SEG_END)
        b.kind = SEG_NUM, b.text = ck_vspan_make(zero, zero + 1);
    if (a.kind != b.kind)
        return a.kind == SEG_STR ? -1 : 1;
    return a.kind == SEG_NUM ? ck_vspan_num_cmp(a.text, b.text) : ck_vspan_bytes_cmp(a.text, b.text);
}

int ck_version_compare_rubygems(const char *a, const char *b)
{
    struct ck_vspan sa = ck_vspan_trim(ck_vspan_of(a)), sb = ck_vspan_trim(ck_vspan_of(b));
    int oka = rg_parse_check(sa) == 0, okb = rg_parse_check(sb) == 0;
    struct rg_cursor ca, cb;

    if (!oka || !okb)
        return oka != okb ? (oka ? 1 : -1) : ck_vt_strcmp(a, b);
    rg_start(&ca, sa);
    rg_start(&cb, sb);
    for (;;) {
        struct seg ga = rg_next(&ca), gb = rg_next(&cb);
        int r;
        if (ga.kind == SEG_END && gb.kind == SEG_END)
            return 0;
        if ((r = seg_cmp(ga, gb)) != 0)
            return r;
    }
}
