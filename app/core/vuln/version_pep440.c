/* PEP 440 version ordering, as the packaging library reads versions
 * (packaging.version.Version, its regular expression and sort key):
 *   [v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
 * with the alternate spellings the PEP lists as normalisations: any case,
 * alpha/beta/c/pre/preview, post/rev/r, "-N" as a post-release, '-', '_'
 * or '.' (or nothing) around each label, a label without its number (0).
 * Strings that are not PEP 440 versions sort before every version, among
 * themselves by their bytes (packaging >= 22 rejects them). */
#include "vuln/version_lang.h"
#include "vuln/version_text.h"

#include <string.h>

enum { PRE_NONE = 0, PRE_A = 1, PRE_B = 2, PRE_RC = 3 };

struct pep440 {
    struct ck_vspan epoch;   /* digits; empty = 0 */
    struct ck_vspan release; /* N(.N)* */
    int pre;                 /* PRE_* */
    struct ck_vspan pre_n, post_n, dev_n;
    int has_post, has_dev;
    struct ck_vspan local; /* without the '+'; empty: none */
};

static int is_sep(int c) { return c == '-' || c == '_' || c == '.'; }

static void eat_sep(struct ck_vspan *s)
{
    if (s->p < s->end && is_sep((unsigned char)*s->p))
        s->p++;
}

/* The first of words (tried in order, ignoring case) at the start of s. */
static int take_word(struct ck_vspan *s, const char *const *words, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (ck_vspan_starts_ci(*s, words[i])) {
            s->p += strlen(words[i]);
            return i;
        }
    return -1;
}

/* "[-_.]? label [-_.]? N?" where label is one of words; on a match *which
 * is the word's index, *num the number (empty: 0) and *s moves past it. */
static int take_label(struct ck_vspan *s, const char *const *words, int n, int *which, struct ck_vspan *num)
{
    struct ck_vspan t = *s;
    eat_sep(&t);
    if ((*which = take_word(&t, words, n)) < 0)
        return 0;
    eat_sep(&t);
    *num = ck_vspan_take(&t, ck_vt_digit);
    *s = t;
    return 1;
}

static int take_release(struct ck_vspan *s, struct ck_vspan *out)
{
    out->p = s->p;
    if (!ck_vspan_len(ck_vspan_take(s, ck_vt_digit)))
        return -1;
    while (s->end - s->p >= 2 && s->p[0] == '.' && ck_vt_digit((unsigned char)s->p[1])) {
        s->p++;
        ck_vspan_take(s, ck_vt_digit);
    }
    out->end = s->p;
    return 0;
}

static void take_pre(struct ck_vspan *s, struct pep440 *v)
{
    /* the order of packaging's alternation: alpha before a, ... */
    static const char *const words[] = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
    static const int kinds[] = {PRE_A, PRE_A, PRE_B, PRE_B, PRE_RC, PRE_RC, PRE_RC, PRE_RC};
    int which;
    if (take_label(s, words, 8, &which, &v->pre_n))
        v->pre = kinds[which];
}

static void take_post(struct ck_vspan *s, struct pep440 *v)
{
    static const char *const words[] = {"post", "rev", "r"};
    int which;
    if (s->end - s->p >= 2 && s->p[0] == '-' && ck_vt_digit((unsigned char)s->p[1])) {
        s->p++;
        v->post_n = ck_vspan_take(s, ck_vt_digit);
        v->has_post = 1;
    } else
        v->has_post = take_label(s, words, 3, &which, &v->post_n);
}

static int local_char(int c) { return ck_vt_alnum(c); }

/* +[a-z0-9]+([-_.][a-z0-9]+)* */
static int take_local(struct ck_vspan *s, struct ck_vspan *out)
{
    out->p = s->p;
    do {
        if (!ck_vspan_len(ck_vspan_take(s, local_char)))
            return -1;
    } while (s->p < s->end && is_sep((unsigned char)*s->p) && ++s->p);
    out->end = s->p;
    return 0;
}

static int pep440_parse(const char *text, struct pep440 *v)
{
    struct ck_vspan s = ck_vspan_trim(ck_vspan_of(text)), t;
    static const char *const dev[] = {"dev"};
    int which;

    memset(v, 0, sizeof *v);
    v->epoch = v->pre_n = v->post_n = v->dev_n = v->local = ck_vspan_make(s.end, s.end);
    if (s.p < s.end && (*s.p == 'v' || *s.p == 'V'))
        s.p++;
    t = s;
    v->epoch = ck_vspan_take(&t, ck_vt_digit);
    if (ck_vspan_len(v->epoch) && ck_vspan_eat(&t, '!'))
        s = t;
    else
        v->epoch = ck_vspan_make(s.end, s.end);
    if (take_release(&s, &v->release))
        return -1;
    take_pre(&s, v);
    take_post(&s, v);
    v->has_dev = take_label(&s, dev, 1, &which, &v->dev_n);
    if (ck_vspan_eat(&s, '+') && take_local(&s, &v->local))
        return -1;
    return s.p == s.end ? 0 : -1;
}

int ck_version_pep440_valid(const char *v)
{
    struct pep440 p;
    return pep440_parse(v, &p) == 0;
}

/* Release segments compared with trailing zeros dropped: missing = 0. */
static int release_cmp(struct ck_vspan a, struct ck_vspan b)
{
    while (a.p < a.end || b.p < b.end) {
        struct ck_vspan na = ck_vspan_take(&a, ck_vt_digit), nb = ck_vspan_take(&b, ck_vt_digit);
        int r = ck_vspan_num_cmp(na, nb);
        if (r)
            return r;
        ck_vspan_eat(&a, '.');
        ck_vspan_eat(&b, '.');
    }
    return 0;
}

/* The pre-release part of packaging's key: a dev-only release (no pre, no
 * post) before every pre-release, a final release after them. */
static int pre_rank(const struct pep440 *v)
{
    if (v->pre)
        return 1;
    return !v->has_post && v->has_dev ? 0 : 2;
}

static int pre_cmp(const struct pep440 *a, const struct pep440 *b)
{
    int ra = pre_rank(a), rb = pre_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra != 1)
        return 0;
    if (a->pre != b->pre)
        return a->pre < b->pre ? -1 : 1;
    return ck_vspan_num_cmp(a->pre_n, b->pre_n);
}

static struct ck_vspan next_local(struct ck_vspan *s)
{
    struct ck_vspan seg = ck_vspan_take(s, local_char);
    if (s->p < s->end)
        s->p++;
    return seg;
}

/* Local labels: segment by segment, numbers by value and after strings,
 * strings ignoring case; fewer segments first; none before any. */
static int local_cmp(struct ck_vspan a, struct ck_vspan b)
{
    if (!ck_vspan_len(a) || !ck_vspan_len(b))
        return (ck_vspan_len(a) != 0) - (ck_vspan_len(b) != 0);
    while (a.p < a.end && b.p < b.end) {
        struct ck_vspan sa = next_local(&a), sb = next_local(&b);
        int na = ck_vspan_all_digits(sa), nb = ck_vspan_all_digits(sb), r;
        if (na != nb)
            return na ? 1 : -1;
        r = na ? ck_vspan_num_cmp(sa, sb) : ck_vspan_ci_cmp(sa, sb);
        if (r)
            return r;
    }
    return (a.p < a.end) - (b.p < b.end);
}

static int pep440_cmp(const struct pep440 *a, const struct pep440 *b)
{
    int r;
    if ((r = ck_vspan_num_cmp(a->epoch, b->epoch)) || (r = release_cmp(a->release, b->release)) ||
        (r = pre_cmp(a, b)))
        return r;
    if (a->has_post != b->has_post)
        return a->has_post ? 1 : -1;
    if (a->has_post && (r = ck_vspan_num_cmp(a->post_n, b->post_n)))
        return r;
    if (a->has_dev != b->has_dev)
        return a->has_dev ? -1 : 1;
    if (a->has_dev && (r = ck_vspan_num_cmp(a->dev_n, b->dev_n)))
        return r;
    return local_cmp(a->local, b->local);
}

int ck_version_compare_pep440(const char *a, const char *b)
{
    struct pep440 va, vb;
    int oka = pep440_parse(a, &va) == 0, okb = pep440_parse(b, &vb) == 0;
    if (!oka || !okb)
        return oka != okb ? (oka ? 1 : -1) : ck_vt_strcmp(a, b);
    return pep440_cmp(&va, &vb);
}
