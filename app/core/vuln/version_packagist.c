/* Packagist: Composer's reading of versions (composer/semver's
 * VersionParser::normalize, from its documented behaviour) and its order
 * of normal forms (Comparator: PHP's version_compare on them, branches
 * apart).
 * Normal forms: "1.2" -> 1.2.0.0, "v1.0RC1" -> 1.0.0.0-RC1, "1.0pl2" ->
 * 1.0.0.0-patch2, "1.0-beta.2-dev" -> 1.0.0.0-beta2-dev, "2010-01-02" ->
 * 2010.01.02, "1.x-dev" -> 1.9999999.9999999.9999999-dev, "dev-foo" and
 * "master" -> branches. "+build" and a trailing "@stability" are dropped.
 * Aliases ("1.0 as 2.0") are not read. Inputs longer than
 * PACKAGIST_MAX_INPUT bytes are not read as versions. */
#include "vuln/version_lang.h"
#include "vuln/version_text.h"

#include <string.h>

/* Longer strings are no version here: real ones are a few dozen bytes. */
enum { PACKAGIST_MAX_INPUT = 256, PACKAGIST_MAX_NORMAL = 2 * PACKAGIST_MAX_INPUT + 64 };

/* ---- the normal form -------------------------------------------------- */

struct out {
    char *p;
    size_t n, len;
    int overflow;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->n) {
        o->overflow = 1;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }
static void put_span(struct out *o, struct ck_vspan s) { put(o, s.p, ck_vspan_len(s)); }

/* What the stability modifier of a version matched. */
struct modifier {
    struct ck_vspan word; /* empty: none */
    struct ck_vspan nums; /* "(?:[.-]?\d+)*" after the word */
    int dev;
};

static int is_mod_sep(int c) { return c == '.' || c == '_' || c == '-'; }

/* "[.-]?dev" and the end. */
static int match_dev_end(struct ck_vspan s, int *dev)
{
    struct ck_vspan t = s;
    if (t.p < t.end && (*t.p == '.' || *t.p == '-'))
        t.p++;
    if (ck_vspan_is_ci(t, "dev")) {
        *dev = 1;
        return 0;
    }
    *dev = 0;
    return s.p == s.end ? 0 : -1;
}

static struct ck_vspan take_nums(struct ck_vspan *s)
{
    struct ck_vspan r = ck_vspan_make(s->p, s->p);
    for (;;) {
        struct ck_vspan t = *s;
        if (t.p < t.end && (*t.p == '.' || *t.p == '-'))
            t.p++;
        if (!ck_vspan_len(ck_vspan_take(&t, ck_vt_digit)))
            break;
        *s = t;
    }
    r.end = s->p;
    return r;
}

/* The modifier "[._-]?(?:(word)((?:[.-]?\d+)*+))?([.-]?dev)?" covering all
 * of s, the alternatives tried in the order of Composer's pattern. */
static int match_modifier(struct ck_vspan s, struct modifier *m)
{
    static const char *const words[] = {"stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p"};
    int skip, i;
    for (skip = 1; skip >= 0; skip--) {
        struct ck_vspan t = s;
        if (skip && !(t.p < t.end && is_mod_sep((unsigned char)*t.p)))
            continue;
        t.p += skip;
        for (i = 0; i < 9; i++) {
            struct ck_vspan u = t;
            if (!ck_vspan_starts_ci(u, words[i]))
                continue;
            m->word = ck_vspan_make(u.p, u.p + strlen(words[i]));
            u.p = m->word.end;
            m->nums = take_nums(&u);
            if (match_dev_end(u, &m->dev) == 0)
                return 0;
        }
        m->word = m->nums = ck_vspan_make(t.p, t.p);
        if (match_dev_end(t, &m->dev) == 0)
            return 0;
    }
    return -1;
}

static void put_modifier(struct out *o, const struct modifier *m, int *done)
{
    static const struct {
        const char *in, *out;
    } expand[] = {{"a", "alpha"}, {"b", "beta"}, {"p", "patch"}, {"pl", "patch"}, {"rc", "RC"},
                  {"alpha", "alpha"}, {"beta", "beta"}, {"patch", "patch"}, {"stable", "stable"}};
    size_t i;
    *done = 0;
    if (ck_vspan_len(m->word)) {
        struct ck_vspan nums = m->nums;
        if (ck_vspan_len(m->word) == 6 && !memcmp(m->word.p, "stable", 6)) {
            *done = 1; /* exactly "stable": the bare version, even before -dev */
            return;
        }
        puts_(o, "-");
        for (i = 0; i < sizeof expand / sizeof expand[0]; i++)
            if (ck_vspan_is_ci(m->word, expand[i].in)) {
                puts_(o, expand[i].out);
                break;
            }
        while (nums.p < nums.end && (*nums.p == '.' || *nums.p == '-'))
            nums.p++;
        put_span(o, nums);
    }
    if (m->dev)
        puts_(o, "-dev");
}

static void skip_v(struct ck_vspan *s)
{
    if (s->p < s->end && (*s->p == 'v' || *s->p == 'V'))
        s->p++;
}

/* ^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)? then the modifier. */
static int classical(struct ck_vspan s, struct out *o)
{
    struct ck_vspan first, part[3];
    struct modifier m;
    int i, done;

    skip_v(&s);
    first = ck_vspan_take(&s, ck_vt_digit);
    if (!ck_vspan_len(first) || ck_vspan_len(first) > 5)
        return -1;
    for (i = 0; i < 3; i++) {
        part[i] = ck_vspan_make(s.p, s.p);
        if (s.end - s.p >= 2 && s.p[0] == '.' && ck_vt_digit((unsigned char)s.p[1])) {
            s.p++;
            ck_vspan_take(&s, ck_vt_digit);
            part[i].end = s.p;
        }
    }
    if (match_modifier(s, &m))
        return -1;
    put_span(o, first);
    for (i = 0; i < 3; i++)
        ck_vspan_len(part[i]) ? put_span(o, part[i]) : puts_(o, ".0");
    put_modifier(o, &m, &done);
    return 0;
}

static int is_date_sep(int c) { return c == '.' || c == ':' || c == '-'; }

/* Can digit runs of these lengths be cut into 1 to 6 two-digit groups and
 * an optional last group of 1 to 3 digits? */
static int date_groups_fit(const size_t *len, size_t n)
{
    size_t i, pairs = 0, last, r;
    if (!n)
        return 0;
    for (i = 0; i + 1 < n; i++) {
        if (len[i] % 2)
            return 0;
        pairs += len[i] / 2;
    }
    last = len[n - 1];
    for (r = 0; r <= 3 && r <= last; r++) {
        size_t total = pairs + (last - r) / 2;
        if ((last - r) % 2 == 0 && total >= 1 && total <= 6)
            return 1;
    }
    return 0;
}

/* ^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?) then the modifier. */
static int date(struct ck_vspan s, struct out *o)
{
    size_t len[PACKAGIST_MAX_INPUT], n = 0;
    struct ck_vspan core, run;
    struct modifier m;
    const char *q;
    int done;

    skip_v(&s);
    core.p = s.p;
    run = ck_vspan_take(&s, ck_vt_digit);
    if (ck_vspan_len(run) < 4)
        return -1;
    if (ck_vspan_len(run) > 4)
        len[n++] = ck_vspan_len(run) - 4;
    while (s.end - s.p >= 2 && is_date_sep((unsigned char)s.p[0]) && ck_vt_digit((unsigned char)s.p[1])) {
        s.p++;
        len[n++] = ck_vspan_len(ck_vspan_take(&s, ck_vt_digit));
    }
    core.end = s.p;
    if (!date_groups_fit(len, n) || match_modifier(s, &m))
        return -1;
    for (q = core.p; q < core.end; q++)
        put(o, ck_vt_digit((unsigned char)*q) ? q : ".", 1);
    put_modifier(o, &m, &done);
    return 0;
}

/* normalizeBranch: ^v?(\d++)(\.(?:\d++|[xX*])){0,3}$, each x, X or * and
 * each missing part written as 9999999, then "-dev". */
static int numeric_branch(struct ck_vspan s, struct out *o)
{
    struct ck_vspan part[4];
    int i, n = 0;

    s = ck_vspan_trim(s);
    skip_v(&s);
    part[n++] = ck_vspan_take(&s, ck_vt_digit);
    if (!ck_vspan_len(part[0]))
        return -1;
    while (n < 4 && ck_vspan_eat(&s, '.')) {
        part[n] = ck_vspan_take(&s, ck_vt_digit);
        if (!ck_vspan_len(part[n]) && s.p < s.end && (*s.p == 'x' || *s.p == 'X' || *s.p == '*'))
            part[n] = ck_vspan_make(s.p, s.p), s.p++;
        else if (!ck_vspan_len(part[n]))
            return -1;
        n++;
    }
    if (s.p != s.end)
        return -1;
    put_span(o, part[0]);
    for (i = 1; i < 4; i++) {
        puts_(o, ".");
        i < n && ck_vspan_len(part[i]) ? put_span(o, part[i]) : puts_(o, "9999999");
    }
    puts_(o, "-dev");
    return 0;
}

/* "@stable", "@RC", "@beta", "@alpha", "@dev" at the end, dropped. */
static struct ck_vspan drop_stability_flag(struct ck_vspan s)
{
    static const char *const flags[] = {"stable", "RC", "beta", "alpha", "dev"};
    const char *at = s.end;
    size_t i;
    while (at > s.p && at[-1] != '@')
        at--;
    if (at == s.p)
        return s;
    for (i = 0; i < 5; i++)
        if (ck_vspan_is_ci(ck_vspan_make(at, s.end), flags[i]))
            return ck_vspan_make(s.p, at - 1);
    return s;
}

/* "x+build" -> "x" when x has no ',' and the build part is not empty. */
static struct ck_vspan drop_build(struct ck_vspan s)
{
    const char *plus = memchr(s.p, '+', ck_vspan_len(s)), *q;
    if (!plus || plus == s.p || plus + 1 == s.end)
        return s;
    for (q = s.p; q < plus; q++)
        if (*q == ',' || ck_vt_space((unsigned char)*q))
            return s;
    for (q = plus + 1; q < s.end; q++)
        if (ck_vt_space((unsigned char)*q))
            return s;
    return ck_vspan_make(s.p, plus);
}

/* "(.*?)[.-]?dev" (any case) read as a numeric branch: "1.x-dev". */
static int dev_suffix(struct ck_vspan s, struct out *o)
{
    struct ck_vspan head;
    if (ck_vspan_len(s) < 3 || !ck_vspan_is_ci(ck_vspan_make(s.end - 3, s.end), "dev"))
        return -1;
    head = ck_vspan_make(s.p, s.end - 3);
    if (head.end > head.p && (head.end[-1] == '.' || head.end[-1] == '-'))
        head.end--;
    return numeric_branch(head, o);
}

static int is_word(struct ck_vspan s, const char *w)
{
    return ck_vspan_len(s) == strlen(w) && !memcmp(s.p, w, ck_vspan_len(s));
}

static int normalize(struct ck_vspan s, struct out *o)
{
    s = drop_stability_flag(ck_vspan_trim(s));
    if (is_word(s, "master") || is_word(s, "trunk") || is_word(s, "default")) {
        puts_(o, "dev-");
        put_span(o, s);
        return 0;
    }
    if (ck_vspan_starts_ci(s, "dev-")) {
        puts_(o, "dev-");
        put_span(o, ck_vspan_make(s.p + 4, s.end));
        return 0;
    }
    s = drop_build(s);
    if (classical(s, o) == 0)
        return 0;
    o->len = 0;
    if (date(s, o) == 0)
        return 0;
    o->len = 0;
    return dev_suffix(s, o);
}

int ck_version_packagist_normalize(const char *v, char *out, unsigned n)
{
    struct out o;
    struct ck_vspan s = ck_vspan_of(v);
    char buf[PACKAGIST_MAX_NORMAL];

    if (ck_vspan_len(s) > PACKAGIST_MAX_INPUT || !out || !n)
        return -1;
    o.p = buf;
    o.n = sizeof buf;
    o.len = 0;
    o.overflow = 0;
    buf[0] = '\0';
    if (normalize(s, &o) || o.overflow || o.len + 1 > n)
        return -1;
    memcpy(out, buf, o.len + 1);
    return 0;
}

/* ---- PHP's version_compare over normal forms --------------------------- */

/* PHP's special forms, matched by prefix: anything else ranks -1, a
 * number 4 (as "#"). */
static int form_rank(struct ck_vspan w)
{
    static const struct {
        const char *name;
        int rank;
    } forms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2}, {"RC", 3},
                 {"rc", 3},  {"#", 4},     {"pl", 5}, {"p", 5}};
    size_t i, n;
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        n = strlen(forms[i].name);
        if (ck_vspan_len(w) >= n && !memcmp(w.p, forms[i].name, n))
            return forms[i].rank;
    }
    return -1;
}

enum { NUMBER_RANK = 4 };

/* The next part: a digit run or a run of other alphanumerics, separators
 * skipped; an empty span at the end. */
static struct ck_vspan next_part(struct ck_vspan *s)
{
    while (s->p < s->end && !ck_vt_alnum((unsigned char)*s->p))
        s->p++;
    if (s->p < s->end && ck_vt_digit((unsigned char)*s->p))
        return ck_vspan_take(s, ck_vt_digit);
    return ck_vspan_take(s, ck_vt_alpha);
}

static int part_rank(struct ck_vspan p)
{
    return ck_vt_digit((unsigned char)*p.p) ? NUMBER_RANK : form_rank(p);
}

static int php_compare(struct ck_vspan a, struct ck_vspan b)
{
    for (;;) {
        struct ck_vspan pa = next_part(&a), pb = next_part(&b);
        int ea = !ck_vspan_len(pa), eb = !ck_vspan_len(pb), r;
        if (ea && eb)
            return 0;
        if (ea || eb) {
            /* the longer one: a number more is greater, a form ranks
             * against "#" */
            struct ck_vspan p = ea ? pb : pa;
            r = ck_vt_digit((unsigned char)*p.p) ? 1 : ck_vt_sign(form_rank(p) - NUMBER_RANK);
            return ea ? -r : r;
        }
        if (ck_vt_digit((unsigned char)*pa.p) && ck_vt_digit((unsigned char)*pb.p))
            r = ck_vspan_num_cmp(pa, pb);
        else
            r = ck_vt_sign(part_rank(pa) - part_rank(pb));
        if (r)
            return r;
    }
}

/* Classes: not a version < a branch < a version. */
static int classify(const char *v, char *buf, unsigned n)
{
    if (ck_version_packagist_normalize(v, buf, n))
        return 0;
    return strncmp(buf, "dev-", 4) ? 2 : 1;
}

int ck_version_compare_packagist(const char *a, const char *b)
{
    char na[PACKAGIST_MAX_NORMAL], nb[PACKAGIST_MAX_NORMAL];
    int ca = classify(a, na, sizeof na), cb = classify(b, nb, sizeof nb);

    if (ca != cb)
        return ca < cb ? -1 : 1;
    if (ca == 0)
        return ck_vt_strcmp(a, b);
    if (ca == 1)
        return ck_vt_strcmp(na, nb);
    return php_compare(ck_vspan_of(na), ck_vspan_of(nb));
}
