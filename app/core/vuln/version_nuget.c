/* NuGet's version ordering (NuGet.Versioning's NuGetVersion and its
 * VersionComparer, as documented): MAJOR[.MINOR[.PATCH[.REVISION]]]
 * (missing parts 0, leading zeros allowed), then "-label(.label)*" and
 * "+metadata". Numbers first, then a release after its prereleases, then
 * the labels one by one: numeric ones by value and before the others, the
 * others ignoring case; fewer labels first. Metadata does not count. */
#include "vuln/version_lang.h"
#include "vuln/version_text.h"

struct nuget {
    struct ck_vspan part[4];
    struct ck_vspan labels; /* without the '-'; empty: a release */
};

static int label_char(int c) { return ck_vt_alnum(c) || c == '-'; }

/* Non-empty dot-separated [0-9A-Za-z-] runs, up to stop or the end. */
static int take_labels(struct ck_vspan *s, char stop, struct ck_vspan *out)
{
    out->p = s->p;
    do {
        if (!ck_vspan_len(ck_vspan_take(s, label_char)))
            return -1;
    } while (ck_vspan_eat(s, '.'));
    out->end = s->p;
    return s->p == s->end || *s->p == stop ? 0 : -1;
}

static int nuget_parse(const char *text, struct nuget *v)
{
    struct ck_vspan s = ck_vspan_trim(ck_vspan_of(text)), meta;
    int i;

    for (i = 0; i < 4; i++)
        v->part[i] = ck_vspan_make(s.end, s.end);
    v->labels = ck_vspan_make(s.end, s.end);
    for (i = 0; i < 4; i++) {
        if (i > 0 && !ck_vspan_eat(&s, '.'))
            break;
        v->part[i] = ck_vspan_take(&s, ck_vt_digit);
        if (!ck_vspan_len(v->part[i]))
            return -1;
    }
    if (ck_vspan_eat(&s, '-') && take_labels(&s, '+', &v->labels))
        return -1;
    if (ck_vspan_eat(&s, '+') && take_labels(&s, '\0', &meta))
        return -1;
    return s.p == s.end ? 0 : -1;
}

static struct ck_vspan next_label(struct ck_vspan *s)
{
    struct ck_vspan l = ck_vspan_make(s->p, s->p);
    while (l.end < s->end && *l.end != '.')
        l.end++;
    s->p = l.end < s->end ? l.end + 1 : l.end;
    return l;
}

static int labels_cmp(struct ck_vspan a, struct ck_vspan b)
{
    if (!ck_vspan_len(a) || !ck_vspan_len(b))
        return (ck_vspan_len(a) == 0) - (ck_vspan_len(b) == 0);
    while (a.p < a.end && b.p < b.end) {
        struct ck_vspan la = next_label(&a), lb = next_label(&b);
        int na = ck_vspan_all_digits(la), nb = ck_vspan_all_digits(lb), r;
        if (na != nb)
            return na ? -1 : 1;
        r = na ? ck_vspan_num_cmp(la, lb) : ck_vspan_ci_cmp(la, lb);
        if (r)
            return r;
    }
    return (a.p < a.end) - (b.p < b.end);
}

int ck_version_compare_nuget(const char *a, const char *b)
{
    struct nuget va, vb;
    int oka = nuget_parse(a, &va) == 0, okb = nuget_parse(b, &vb) == 0, i, r;

    if (!oka || !okb)
        return oka != okb ? (oka ? 1 : -1) : ck_vt_strcmp(a, b);
    for (i = 0; i < 4; i++)
        if ((r = ck_vspan_num_cmp(va.part[i], vb.part[i])) != 0)
            return r;
    return labels_cmp(va.labels, vb.labels);
}
