/* Sorted and filtered row views (see rowset.h). */
#include "view/rowset.h"

#include <stdlib.h>
#include <string.h>

void ck_rowset_init(struct ck_rowset *s)
{
    memset(s, 0, sizeof *s);
}

void ck_rowset_release(struct ck_rowset *s)
{
    free(s->order);
    free(s->visible);
    free(s->shown);
    ck_rowset_init(s);
}

enum ck_status ck_rowset_reset(struct ck_rowset *s, size_t total)
{
    uint32_t *order = NULL, *visible = NULL;
    unsigned char *shown = NULL;
    size_t i, n = total ? total : 1;

    if (total >= UINT32_MAX)
        return CK_ERR_LIMIT;
    order = malloc(n * sizeof *order);
    visible = malloc(n * sizeof *visible);
    shown = malloc(n);
    if (!order || !visible || !shown) {
        free(order);
        free(visible);
        free(shown);
        return CK_ERR_NOMEM;
    }
    for (i = 0; i < total; i++)
        order[i] = visible[i] = (uint32_t)i;
    memset(shown, 1, n);
    ck_rowset_release(s);
    s->order = order;
    s->visible = visible;
    s->shown = shown;
    s->total = total;
    s->visible_count = total;
    return CK_OK;
}

/* ---- natural order ------------------------------------------------------ */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* The natural order is that of an encoding compared bytewise: ASCII letters
 * lower-cased, and each run of digits written as '0', the count of its
 * significant digits (one byte, at most 255), then those digits. '0' stands
 * for the run against other characters, as any digit would. Encoded text
 * holds no NUL byte. ck_view_natural_cmp compares without encoding;
 * sort_text encodes once per row. */
#define NUMBER_MAX_DIGITS 255

/* The significant digits of the run at s: *start, returns their count;
 * *end is past the run. */
static size_t digit_run(const unsigned char *s, const unsigned char **start, const unsigned char **end)
{
    while (*s == '0' && is_digit(s[1]))
        s++;
    *start = s;
    while (is_digit(*s))
        s++;
    *end = s;
    return (size_t)(s - *start);
}

int ck_view_natural_cmp(const char *sa, const char *sb)
{
    const unsigned char *a = (const unsigned char *)(sa ? sa : "");
    const unsigned char *b = (const unsigned char *)(sb ? sb : "");

    while (*a && *b) {
        if (is_digit(*a) && is_digit(*b)) {
            const unsigned char *da, *db;
            size_t la = digit_run(a, &da, &a), lb = digit_run(b, &db, &b);
            int c;
            la = la > NUMBER_MAX_DIGITS ? NUMBER_MAX_DIGITS : la;
            lb = lb > NUMBER_MAX_DIGITS ? NUMBER_MAX_DIGITS : lb;
            if (la != lb)
                return la < lb ? -1 : 1;
            c = memcmp(da, db, la);
            if (c)
                return c < 0 ? -1 : 1;
            continue;
        }
        if (lower(*a) != lower(*b))
            return lower(*a) < lower(*b) ? -1 : 1;
        a++;
        b++;
    }
    if (*a || *b)
        return *a ? 1 : -1;
    return 0;
}

/* Writes the encoding of s (NUL-terminated) to out when not NULL; returns
 * its length without the NUL. */
static size_t encode_natural(const unsigned char *s, unsigned char *out)
{
    size_t n = 0;
    while (*s) {
        if (is_digit(*s)) {
            const unsigned char *d;
            size_t len = digit_run(s, &d, &s);
            if (len > NUMBER_MAX_DIGITS)
                len = NUMBER_MAX_DIGITS;
            if (out) {
                out[n] = '0';
                out[n + 1] = (unsigned char)len;
                memcpy(out + n + 2, d, len);
            }
            n += 2 + len;
        } else {
            if (out)
                out[n] = (unsigned char)lower(*s);
            n++;
            s++;
        }
    }
    if (out)
        out[n] = 0;
    return n;
}

/* ---- comparison sort ----------------------------------------------------- */

struct sorter {
    ck_rowset_cmp_fn cmp;
    const void *ctx;
    int desc;
};

static int before(const struct sorter *st, uint32_t a, uint32_t b)
{
    int c = st->cmp(st->ctx, a, b);
    return st->desc ? c > 0 : c < 0;
}

/* Runs this short are sorted by insertion, which is stable. */
#define RUN 24

static void insertion_sort(const struct sorter *st, uint32_t *a, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        uint32_t v = a[i];
        for (j = i; j > 0 && before(st, v, a[j - 1]); j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/* Merges the sorted runs src[lo..mid) and src[mid..hi) into dst; equal keys
 * take the left run first, which keeps the sort stable. */
static void merge(const struct sorter *st, const uint32_t *src, uint32_t *dst, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        dst[k++] = before(st, src[j], src[i]) ? src[j++] : src[i++];
    while (i < mid)
        dst[k++] = src[i++];
    while (j < hi)
        dst[k++] = src[j++];
}

static enum ck_status merge_sort(const struct sorter *st, uint32_t *a, size_t n)
{
    uint32_t *tmp, *src = a, *dst;
    size_t width, lo;

    for (lo = 0; lo < n; lo += RUN)
        insertion_sort(st, a + lo, n - lo < RUN ? n - lo : RUN);
    if (n <= RUN)
        return CK_OK;
    tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return CK_ERR_NOMEM;
    dst = tmp;
    for (width = RUN; width < n; width *= 2) {
        uint32_t *swap;
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(st, src, dst, lo, mid, hi);
        }
        swap = src;
        src = dst;
        dst = swap;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    return CK_OK;
}

static void rebuild_visible(struct ck_rowset *s)
{
    size_t i, n = 0;
    for (i = 0; i < s->total; i++)
        if (s->shown[s->order[i]])
            s->visible[n++] = s->order[i];
    s->visible_count = n;
}


/* ---- key sorts ---------------------------------------------------------- */

/* A row with 8 bytes of its key (big-endian, so that integer order is byte
 * order) and where the rest of its encoded text is (text sorts). */
struct entry {
    uint64_t w;
    uint32_t row;
    uint32_t off;
};

static void insertion_by_window(struct entry *a, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        struct entry v = a[i];
        for (j = i; j > 0 && v.w < a[j - 1].w; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/* Stable LSD radix sort on w, one byte a pass; bytes that are the same in
 * every entry are skipped. */
static void radix_by_window(struct entry *a, struct entry *tmp, size_t n)
{
    size_t count[8][256];
    struct entry *src = a, *dst = tmp, *swap;
    size_t i;
    int b, skip;

    if (n < 64) {
        insertion_by_window(a, n);
        return;
    }
    memset(count, 0, sizeof count);
    for (i = 0; i < n; i++)
        for (b = 0; b < 8; b++)
            count[b][(a[i].w >> (8 * b)) & 0xff]++;
    for (b = 0; b < 8; b++) {
        size_t sum = 0, c;
        int v;
        skip = 0;
        for (v = 0; v < 256 && !skip; v++)
            skip = count[b][v] == n;
        if (skip)
            continue;
        for (v = 0; v < 256; v++) {
            c = count[b][v];
            count[b][v] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            dst[count[b][(src[i].w >> (8 * b)) & 0xff]++] = src[i];
        swap = src;
        src = dst;
        dst = swap;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* 8 bytes of NUL-terminated key from p, zero-padded past its end. */
static uint64_t window_at(const unsigned char *p)
{
    uint64_t w = 0;
    int i;
    for (i = 0; i < 8; i++) {
        w = w << 8 | *p;
        if (*p)
            p++;
    }
    return w;
}

/* Sorts entries by their encoded text from byte depth on: by one window of
 * 8 bytes, then each run sharing a window that does not end the text by the
 * next window. */
static void sort_text_from(struct entry *a, struct entry *tmp, size_t n, const unsigned char *arena, size_t depth)
{
    size_t i, j;
    for (i = 0; i < n; i++)
        a[i].w = window_at(arena + a[i].off + depth);
    radix_by_window(a, tmp, n);
    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && a[j].w == a[i].w; j++)
            ;
        if (j - i > 1 && (a[i].w & 0xff))
            sort_text_from(a + i, tmp, j - i, arena, depth + 8);
    }
}

static void reverse(uint32_t *a, size_t n)
{
    size_t i;
    for (i = 0; i < n / 2; i++) {
        uint32_t t = a[i];
        a[i] = a[n - 1 - i];
        a[n - 1 - i] = t;
    }
}

/* order = sorted present rows, then the missing ones in their order.
 * Descending sorts reverse the rows, sort ascending, reverse again: ties
 * come out in their previous order. */
struct keyed {
    struct entry *ents; /* present rows, in order */
    size_t present;
    uint32_t *missing;
    size_t missing_count;
};

static enum ck_status keyed_split(struct ck_rowset *s, struct keyed *k, int (*is_missing)(const void *, uint32_t),
                                  const void *ctx, int desc)
{
    size_t i, n = s->total ? s->total : 1;
    k->ents = malloc(n * sizeof *k->ents);
    k->missing = malloc(n * sizeof *k->missing);
    k->present = k->missing_count = 0;
    if (!k->ents || !k->missing) {
        free(k->ents);
        free(k->missing);
        return CK_ERR_NOMEM;
    }
    if (desc)
        reverse(s->order, s->total);
    for (i = 0; i < s->total; i++) {
        uint32_t r = s->order[i];
        if (is_missing(ctx, r)) {
            k->missing[k->missing_count++] = r;
        } else {
            k->ents[k->present].row = r;
            k->ents[k->present].off = 0;
            k->present++;
        }
    }
    return CK_OK;
}

static void keyed_join(struct ck_rowset *s, struct keyed *k, int desc)
{
    size_t i;
    for (i = 0; i < k->present; i++)
        s->order[i] = k->ents[i].row;
    if (desc) {
        reverse(s->order, k->present);
        reverse(k->missing, k->missing_count); /* back to their previous order */
    }
    memcpy(s->order + k->present, k->missing, k->missing_count * sizeof *k->missing);
    free(k->ents);
    free(k->missing);
    rebuild_visible(s);
}

static int key_missing(const void *ctx, uint32_t r)
{
    return ((const uint64_t *)ctx)[r] == CK_ROWSET_MISSING;
}

enum ck_status ck_rowset_sort_keys(struct ck_rowset *s, const uint64_t *keys, int desc)
{
    struct keyed k;
    struct entry *tmp;
    size_t i;

    if (!s->total)
        return CK_OK;
    tmp = malloc((s->total ? s->total : 1) * sizeof *tmp);
    if (!tmp || keyed_split(s, &k, key_missing, keys, desc) != CK_OK) {
        free(tmp);
        return CK_ERR_NOMEM;
    }
    for (i = 0; i < k.present; i++)
        k.ents[i].w = keys[k.ents[i].row];
    radix_by_window(k.ents, tmp, k.present);
    free(tmp);
    keyed_join(s, &k, desc);
    return CK_OK;
}

#define NO_TEXT UINT32_MAX

static int text_missing(const void *ctx, uint32_t r)
{
    return ((const uint32_t *)ctx)[r] == NO_TEXT;
}

/* Encodes every present row's text into one arena, walking the rows in
 * index order (the order their memory was filled in, kind to the cache);
 * offs[r] is where row r's text starts, NO_TEXT when it has none. */
static enum ck_status encode_rows(const struct ck_rowset *s, ck_rowset_text_fn text, const void *ctx,
                                  uint32_t *offs, unsigned char **arena)
{
    size_t r, size = 0;

    for (r = 0; r < s->total; r++) {
        const char *t = text(ctx, (uint32_t)r);
        if (!t || !*t) {
            offs[r] = NO_TEXT;
            continue;
        }
        if (size >= NO_TEXT)
            return CK_ERR_LIMIT;
        offs[r] = (uint32_t)size;
        size += encode_natural((const unsigned char *)t, NULL) + 1;
    }
    *arena = malloc(size ? size : 1);
    if (!*arena)
        return CK_ERR_NOMEM;
    for (r = 0; r < s->total; r++)
        if (offs[r] != NO_TEXT)
            encode_natural((const unsigned char *)text(ctx, (uint32_t)r), *arena + offs[r]);
    return CK_OK;
}

enum ck_status ck_rowset_sort_text(struct ck_rowset *s, ck_rowset_text_fn text, const void *ctx, int desc)
{
    struct keyed k;
    struct entry *tmp = NULL;
    unsigned char *arena = NULL;
    uint32_t *offs = NULL;
    size_t i;
    enum ck_status rc;

    if (!s->total)
        return CK_OK;
    offs = malloc(s->total * sizeof *offs);
    tmp = malloc(s->total * sizeof *tmp);
    if (!offs || !tmp) {
        rc = CK_ERR_NOMEM;
        goto cleanup;
    }
    rc = encode_rows(s, text, ctx, offs, &arena);
    if (rc != CK_OK)
        goto cleanup;
    rc = keyed_split(s, &k, text_missing, offs, desc);
    if (rc != CK_OK)
        goto cleanup;
    for (i = 0; i < k.present; i++)
        k.ents[i].off = offs[k.ents[i].row];
    sort_text_from(k.ents, tmp, k.present, arena, 0);
    keyed_join(s, &k, desc);
cleanup:
    free(arena);
    free(tmp);
    free(offs);
    return rc;
}

enum ck_status ck_rowset_sort(struct ck_rowset *s, ck_rowset_cmp_fn cmp, const void *ctx, int desc)
{
    struct sorter st;
    enum ck_status rc;

    st.cmp = cmp;
    st.ctx = ctx;
    st.desc = desc;
    rc = merge_sort(&st, s->order, s->total);
    if (rc == CK_OK)
        rebuild_visible(s);
    return rc;
}

void ck_rowset_filter(struct ck_rowset *s, ck_rowset_keep_fn keep, const void *ctx)
{
    size_t r;
    for (r = 0; r < s->total; r++)
        s->shown[r] = (unsigned char)(keep ? keep(ctx, (uint32_t)r) != 0 : 1);
    rebuild_visible(s);
}

long ck_rowset_position(const struct ck_rowset *s, uint32_t r)
{
    size_t i;
    if (r >= s->total || !s->shown[r])
        return -1;
    for (i = 0; i < s->visible_count; i++)
        if (s->visible[i] == r)
            return (long)i;
    return -1;
}

int ck_view_contains(const char *hay, const char *needle)
{
    const unsigned char *h;
    size_t n;

    if (!needle || !*needle)
        return 1;
    if (!hay)
        return 0;
    n = strlen(needle);
    for (h = (const unsigned char *)hay; *h; h++) {
        size_t i;
        if (lower(*h) != (unsigned char)needle[0])
            continue;
        for (i = 1; i < n && h[i] && lower(h[i]) == (unsigned char)needle[i]; i++)
            ;
        if (i == n)
            return 1;
    }
    return 0;
}

char *ck_view_lower_dup(const char *s)
{
    size_t i, n;
    char *out;

    if (!s || !*s)
        return NULL;
    n = strlen(s);
    out = malloc(n + 1);
    if (!out)
        return NULL;
    for (i = 0; i <= n; i++)
        out[i] = (char)lower((unsigned char)s[i]);
    return out;
}
