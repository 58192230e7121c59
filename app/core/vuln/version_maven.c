/* Maven's version order (org.apache.maven.artifact.versioning.
 * ComparableVersion, maven-artifact 3.8 and 3.9), from its documented
 * rules and observed behaviour:
 * - the string, lower-cased, is cut into items at '.', at '-' and where
 *   digits meet letters; a number is an int item, anything else a string
 *   item (qualifier);
 * - '-' opens a sub-list for what follows, and so does every digit/letter
 *   transition; a qualifier directly after a '.' that is followed by a
 *   digit ("1.0.0.a1") also starts a sub-list ("treat .X1 as -X1");
 * - a single a, b or m before a digit is alpha, beta or milestone; ga,
 *   final and release are "", cr is rc;
 * - each list drops its trailing null items (0, "", empty lists), and the
 *   items before a trailing sub-list too;
 * - int > list > string when kinds differ; qualifiers order alpha < beta <
 *   milestone < rc < snapshot < "" < sp < unknown ones by their bytes; an
 *   item against nothing: a number is greater unless 0, a qualifier as it
 *   compares with "", a list as its first item that is not null.
 * Since every sub-list ends the list that holds it, a parsed version is a
 * chain of lists, kept here as one array of items with their list numbers. */
#include "vuln/version_lang.h"
#include "vuln/version_text.h"

#include <stdlib.h>
#include <string.h>

enum mv_kind { MV_INT, MV_STR, MV_LIST, MV_NONE };

struct mv_item {
    enum mv_kind kind;
    struct ck_vspan text; /* digits, or the (lower-case) qualifier */
    int rank;             /* qualifiers: 0..6 known, 7 unknown */
};

/* List l of the chain holds items [first[l], kept[l]) and, when child[l],
 * list l + 1 after them. */
struct mv_list {
    size_t first, kept;
    int child;
};

struct mv_version {
    struct mv_item *items;
    size_t n;
    struct mv_list *lists;
    unsigned nlists;
    char *lower; /* the lower-cased string the spans point into */
};

enum { RANK_RELEASE = 5, RANK_UNKNOWN = 7 };

static int qualifier_rank(struct ck_vspan q)
{
    static const char *const known[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
    int i;
    for (i = 0; i < 7; i++)
        if (ck_vspan_len(q) == strlen(known[i]) && !memcmp(q.p, known[i], ck_vspan_len(q)))
            return i;
    return RANK_UNKNOWN;
}

/* A string item: aliases applied, its rank set. */
static void mv_string(struct mv_item *it, struct ck_vspan s, int followed_by_digit)
{
    it->kind = MV_STR;
    if (followed_by_digit && ck_vspan_len(s) == 1) {
        if (*s.p == 'a')
            s = ck_vspan_of("alpha");
        else if (*s.p == 'b')
            s = ck_vspan_of("beta");
        else if (*s.p == 'm')
            s = ck_vspan_of("milestone");
    }
    if (ck_vspan_is_ci(s, "ga") || ck_vspan_is_ci(s, "final") || ck_vspan_is_ci(s, "release"))
        s = ck_vspan_of("");
    else if (ck_vspan_is_ci(s, "cr"))
        s = ck_vspan_of("rc");
    it->text = s;
    it->rank = qualifier_rank(s);
}

static int mv_null(const struct mv_item *it)
{
    return it->kind == MV_INT ? ck_vspan_num_zero(it->text) : it->rank == RANK_RELEASE;
}

static void add_item(struct mv_version *v, int digits, struct ck_vspan s, int followed_by_digit)
{
    struct mv_item *it = &v->items[v->n++];
    if (digits) {
        it->kind = MV_INT;
        it->text = s;
        it->rank = 0;
    } else
        mv_string(it, s, followed_by_digit);
    v->lists[v->nlists - 1].kept = v->n;
}

static void open_list(struct mv_version *v)
{
    v->lists[v->nlists - 1].child = 1;
    v->lists[v->nlists].first = v->lists[v->nlists].kept = v->n;
    v->lists[v->nlists].child = 0;
    v->nlists++;
}

static int list_empty(const struct mv_version *v) { return v->lists[v->nlists - 1].first == v->n; }

/* ComparableVersion.parseVersion's cuts over the lower-cased s. */
static void mv_split(struct mv_version *v, const char *s, size_t len)
{
    static const char zero[] = "0";
    size_t i, start = 0;
    int digit = 0;

    for (i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        if (c == '.' || c == '-') {
            if (i == start)
                add_item(v, 1, ck_vspan_make(zero, zero + 1), 0);
            else
                add_item(v, digit, ck_vspan_make(s + start, s + i), 0);
            start = i + 1;
            if (c == '-')
                open_list(v);
        } else if (ck_vt_digit(c)) {
            if (!digit && i > start) {
                if (!list_empty(v))
                    open_list(v);
                add_item(v, 0, ck_vspan_make(s + start, s + i), 1);
                start = i;
                open_list(v);
            }
            digit = 1;
        } else {
            if (digit && i > start) {
                add_item(v, 1, ck_vspan_make(s + start, s + i), 0);
                start = i;
                open_list(v);
            }
            digit = 0;
        }
    }
    if (len > start) {
        if (!digit && !list_empty(v))
            open_list(v);
        add_item(v, digit, ck_vspan_make(s + start, s + len), 0);
    }
}

/* Drops trailing nulls list by list, innermost first: an emptied list is
 * itself null in the list that holds it, and is dropped. */
static void mv_normalize(struct mv_version *v)
{
    unsigned l = v->nlists;
    int child = 0;
    while (l-- > 0) {
        struct mv_list *li = &v->lists[l];
        while (li->kept > li->first && mv_null(&v->items[li->kept - 1]))
            li->kept--;
        li->child = child;
        child = li->kept > li->first || child;
    }
}

static int mv_parse(const char *text, struct mv_version *v)
{
    size_t len = strlen(text), i;
    char *block = malloc((len + 2) * sizeof(struct mv_item) + (len + 3) * sizeof(struct mv_list) + len + 1);

    if (!block)
        return -1;
    v->items = (struct mv_item *)(void *)block;
    v->lists = (struct mv_list *)(void *)(block + (len + 2) * sizeof(struct mv_item));
    v->lower = block + (len + 2) * sizeof(struct mv_item) + (len + 3) * sizeof(struct mv_list);
    for (i = 0; i <= len; i++)
        v->lower[i] = (char)ck_vt_lower((unsigned char)text[i]);
    v->n = 0;
    v->nlists = 1;
    v->lists[0].first = v->lists[0].kept = 0;
    v->lists[0].child = 0;
    mv_split(v, v->lower, len);
    mv_normalize(v);
    return 0;
}

/* ---- comparing -------------------------------------------------------- */

struct mv_cursor {
    const struct mv_version *v;
    unsigned list;
    size_t at; /* next item; kept[list] means the child (if any) */
    int child_taken;
};

static void cursor_enter(struct mv_cursor *c, unsigned list)
{
    c->list = list;
    c->at = c->v->lists[list].first;
    c->child_taken = 0;
}

/* The next item's kind; scalars are taken (returned in *it). */
static enum mv_kind cursor_next(struct mv_cursor *c, const struct mv_item **it)
{
    const struct mv_list *l = &c->v->lists[c->list];
    if (c->at < l->kept) {
        *it = &c->v->items[c->at++];
        return (*it)->kind;
    }
    if (l->child && !c->child_taken) {
        c->child_taken = 1;
        return MV_LIST;
    }
    return MV_NONE;
}

static int item_vs_null(const struct mv_item *it)
{
    if (it->kind == MV_INT)
        return ck_vspan_num_zero(it->text) ? 0 : 1;
    return ck_vt_sign(it->rank - RANK_RELEASE);
}

/* A list against nothing: its first item that is not null decides. */
static int list_vs_null(const struct mv_version *v, unsigned list)
{
    for (;;) {
        const struct mv_list *l = &v->lists[list];
        size_t i;
        for (i = l->first; i < l->kept; i++) {
            int r = item_vs_null(&v->items[i]);
            if (r)
                return r;
        }
        if (!l->child)
            return 0;
        list++;
    }
}

static int item_cmp(const struct mv_item *a, const struct mv_item *b)
{
    int r;
    if (a->kind != b->kind)
        return a->kind == MV_INT ? 1 : -1;
    if (a->kind == MV_INT)
        return ck_vspan_num_cmp(a->text, b->text);
    if ((r = ck_vt_sign(a->rank - b->rank)) != 0 || a->rank != RANK_UNKNOWN)
        return r;
    return ck_vspan_bytes_cmp(a->text, b->text);
}

/* a's next item is its sub-list, b's next is kb: the order, or 2 when b
 * holds a sub-list too and both go on into them. */
static int list_step(const struct mv_cursor *a, enum mv_kind kb)
{
    if (kb == MV_LIST)
        return 2;
    if (kb == MV_NONE)
        return list_vs_null(a->v, a->list + 1);
    return kb == MV_INT ? -1 : 1; /* int > list > string */
}

static int mv_cmp(const struct mv_version *va, const struct mv_version *vb)
{
    struct mv_cursor a, b;
    a.v = va;
    b.v = vb;
    cursor_enter(&a, 0);
    cursor_enter(&b, 0);
    for (;;) {
        const struct mv_item *ia = NULL, *ib = NULL;
        enum mv_kind ka = cursor_next(&a, &ia), kb = cursor_next(&b, &ib);
        int r;
        if (ka == MV_NONE && kb == MV_NONE)
            return 0;
        if (ka == MV_LIST || kb == MV_LIST) {
            r = ka == MV_LIST ? list_step(&a, kb) : -list_step(&b, ka);
            if (r == 2 || r == -2) {
                cursor_enter(&a, a.list + 1);
                cursor_enter(&b, b.list + 1);
                continue;
            }
            return r;
        }
        if (ka == MV_NONE)
            r = -item_vs_null(ib);
        else if (kb == MV_NONE)
            r = item_vs_null(ia);
        else
            r = item_cmp(ia, ib);
        if (r)
            return r;
    }
}

int ck_version_compare_maven(const char *a, const char *b)
{
    struct mv_version va, vb;
    int r;

    a = a ? a : "";
    b = b ? b : "";
    if (mv_parse(a, &va))
        return ck_vt_strcmp(a, b);
    if (mv_parse(b, &vb)) {
        free(va.items);
        return ck_vt_strcmp(a, b);
    }
    r = mv_cmp(&va, &vb);
    free(va.items);
    free(vb.items);
    return r;
}
