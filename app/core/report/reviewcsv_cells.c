/* The cells of an edited review CSV (see reviewcsv_cells.h). */
#include "report/reviewcsv_cells.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/text.h"

/* The longest state or justification name, with room to spare. */
#define NAME_MAX_BYTES 96

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char *ck_reviewcsv_trim(char *s, int leading)
{
    size_t n;
    if (!s)
        return NULL;
    while (leading && (*s == ' ' || *s == '\t'))
        s++;
    n = strlen(s);
    while (n && is_space(s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* The length of s without its trailing spaces and line ends. */
static size_t trimmed_len(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    while (n && is_space(s[n - 1]))
        n--;
    return n;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int ck_reviewcsv_same_name(const char *cell, const char *name)
{
    size_t n, i;
    while (*cell == ' ' || *cell == '\t')
        cell++;
    n = trimmed_len(cell);
    if (strlen(name) != n)
        return 0;
    for (i = 0; i < n && lower(cell[i]) == lower(name[i]); i++)
        ;
    return i == n;
}

/* ---- names ----------------------------------------------------------------------- */

/* text in the form names are stored in: ASCII lower case, each run of
 * spaces, hyphens and underscores one '_', none at either end, without a
 * trailing "(expired)" (expired set then). -1 when it is too long. */
static int normal_name(const char *text, char *out, size_t size, int *expired)
{
    size_t n = 0;
    int gap = 0;

    *expired = 0;
    for (; *text; text++) {
        char c = *text;
        if (c == ' ' || c == '-' || c == '_' || c == '\t') {
            gap = n > 0;
            continue;
        }
        if (n + 2 >= size)
            return -1;
        if (gap)
            out[n++] = '_';
        gap = 0;
        out[n++] = lower(c);
    }
    out[n] = '\0';
    if (n >= 9 && !strcmp(out + n - 9, "(expired)")) {
        *expired = 1;
        n -= 9;
        while (n && out[n - 1] == '_')
            n--;
        out[n] = '\0';
    }
    return 0;
}

int ck_reviewcsv_parse_state(const char *text, enum ck_decision_state *out, char *why, size_t size)
{
    char name[NAME_MAX_BYTES];
    int expired;

    if (normal_name(text, name, sizeof name, &expired) == 0 && ck_decision_state_parse(name, out) == 0)
        return 0;
    snprintf(why, size,
             "Triage: \"%.80s\" is not a state (under_investigation, affected, not_affected, accepted_risk, "
             "false_positive)",
             text);
    return -1;
}

int ck_reviewcsv_parse_justification(const char *text, enum ck_justification *out, char *why, size_t size)
{
    char name[NAME_MAX_BYTES];
    int expired;

    if (normal_name(text, name, sizeof name, &expired) == 0 && !expired &&
        ck_justification_parse(name, out) == 0)
        return 0;
    snprintf(why, size,
             "Justification: \"%.80s\" is not a justification (component_not_present, "
             "vulnerable_code_not_present, vulnerable_code_not_in_execute_path, "
             "vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist)",
             text);
    return -1;
}

/* ---- dates ------------------------------------------------------------------------ */

/* Reads 1 to 4 digits at *p; their count, 0 when there are none (or more). */
static int read_number(const char **p, int *value)
{
    int n = 0;
    *value = 0;
    while (**p >= '0' && **p <= '9') {
        if (++n > 4)
            return 0;
        *value = *value * 10 + (**p - '0');
        (*p)++;
    }
    return n;
}

/* "a<sep>b<sep>c" with numbers of 1-4 digits and one separator of -/.;
 * 0, or -1. */
static int split_date(const char *s, int v[3], int digits[3], char *sep)
{
    int i;
    for (i = 0; i < 3; i++) {
        if ((digits[i] = read_number(&s, &v[i])) == 0)
            return -1;
        if (i == 0) {
            if (*s != '-' && *s != '/' && *s != '.')
                return -1;
            *sep = *s++;
        } else if (i == 1 && *s++ != *sep) {
            return -1;
        }
    }
    return *s ? -1 : 0;
}

/* y-m-d as days, when it is a real day (from 1970 on). */
static int civil_days(int y, int m, int d, int32_t *days)
{
    char iso[16];
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return ck_date_parse(iso, days);
}

int ck_reviewcsv_parse_date(const char *text, int32_t *days, char *why, size_t size)
{
    int v[3], digits[3], day_first;
    char sep;

    if (!*text) {
        *days = CK_DATE_NONE;
        return 0;
    }
    if (split_date(text, v, digits, &sep) == 0) {
        if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2 && civil_days(v[0], v[1], v[2], days) == 0)
            return 0; /* 2026-12-31, 2026/12/31, 2026.12.31 */
        if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2) {
            if (sep == '.')
                day_first = 1; /* 31.12.2026: a day first, always */
            else if (v[0] > 12 || v[0] == v[1])
                day_first = 1;
            else if (v[1] > 12)
                day_first = 0;
            else {
                snprintf(why, size, "Expires: %.40s is ambiguous; write YYYY-MM-DD", text);
                return -1;
            }
            if (civil_days(v[2], day_first ? v[1] : v[0], day_first ? v[0] : v[1], days) == 0)
                return 0;
        }
    }
    snprintf(why, size, "Expires: \"%.40s\" is not a date; write YYYY-MM-DD", text);
    return -1;
}

/* ---- values ----------------------------------------------------------------------- */

void ck_reviewcsv_values_of(const struct ck_decision *d, struct ck_reviewcsv_values *v)
{
    memset(v, 0, sizeof *v);
    v->expires = CK_DATE_NONE;
    if (!d)
        return;
    v->has_state = 1;
    v->state = d->state;
    v->justification = d->justification;
    v->owner = d->owner;
    v->expires = d->expires;
    v->note = d->note;
}

int ck_reviewcsv_parse_values(const char *triage, const char *justification, const char *owner,
                              const char *expires, const char *note, struct ck_reviewcsv_values *v, char *why,
                              size_t size)
{
    if (triage) {
        v->has_state = *triage != '\0';
        if (v->has_state && ck_reviewcsv_parse_state(triage, &v->state, why, size) != 0)
            return -1;
    }
    if (justification) {
        v->justification = CK_JUSTIFICATION_NONE;
        if (*justification && ck_reviewcsv_parse_justification(justification, &v->justification, why, size) != 0)
            return -1;
    }
    if (expires && ck_reviewcsv_parse_date(expires, &v->expires, why, size) != 0)
        return -1;
    if (owner)
        v->owner = owner;
    if (note)
        v->note = note;
    return 0;
}

/* a and b alike but for trailing spaces; NULL is "". */
static int same_text(const char *a, const char *b)
{
    size_t n = trimmed_len(a);
    return n == trimmed_len(b) && (n == 0 || !memcmp(a, b, n));
}

int ck_reviewcsv_values_equal(const struct ck_reviewcsv_values *v, const struct ck_decision *d)
{
    return v->has_state && v->state == d->state && v->justification == d->justification &&
           v->expires == d->expires && same_text(v->owner, d->owner) && same_text(v->note, d->note);
}

int ck_reviewcsv_values_none(const struct ck_reviewcsv_values *v)
{
    return !v->has_state && v->justification == CK_JUSTIFICATION_NONE && v->expires == CK_DATE_NONE &&
           !trimmed_len(v->owner) && !trimmed_len(v->note);
}

void ck_reviewcsv_values_apply(const struct ck_reviewcsv_values *v, struct ck_decision *d)
{
    d->state = v->state;
    d->justification = v->justification;
    d->expires = v->expires;
    d->owner = trimmed_len(v->owner) ? (char *)v->owner : NULL;
    d->note = trimmed_len(v->note) ? (char *)v->note : NULL;
}

/* ---- the decisions of a reading ----------------------------------------------------- */

/* A heap copy of s (NULL stays NULL); -1 when memory runs out. */
static int dup_into(char **dst, const char *s)
{
    *dst = NULL;
    if (!s)
        return 0;
    *dst = ck_text_dup(s);
    return *dst ? 0 : -1;
}

enum ck_status ck_reviewcsv_push(struct ck_decisions *out, const struct ck_decision *d)
{
    struct ck_decision c = *d;
    int bad = 0;

    if (CK_ARRAY_GROW(out->items, out->count, out->cap) != CK_OK)
        return CK_ERR_NOMEM;
    bad |= dup_into(&c.vuln_id, d->vuln_id);
    bad |= dup_into(&c.package, d->package);
    bad |= dup_into(&c.repository, d->repository);
    bad |= dup_into(&c.tag, d->tag);
    bad |= dup_into(&c.note, d->note);
    bad |= dup_into(&c.owner, d->owner);
    bad |= dup_into(&c.decided_by, d->decided_by);
    if (bad) {
        ck_decision_release(&c);
        return CK_ERR_NOMEM;
    }
    out->items[out->count++] = c;
    return CK_OK;
}

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_key(const struct ck_decision *a, const struct ck_decision *b)
{
    int c = ck_text_casecmp(a->vuln_id, b->vuln_id);
    if (!c)
        c = cmp_opt(a->package, b->package);
    if (!c)
        c = (int)a->scope - (int)b->scope;
    if (!c)
        c = cmp_opt(a->repository, b->repository);
    if (!c)
        c = cmp_opt(a->tag, b->tag);
    return c;
}

struct entry {
    const struct ck_decision *d;
    size_t i;
};

static int by_key_then_row(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    int c = cmp_key(a->d, b->d);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int same_values(const struct ck_decision *a, const struct ck_decision *b)
{
    return a->state == b->state && a->justification == b->justification && a->expires == b->expires &&
           !cmp_opt(a->owner, b->owner) && !cmp_opt(a->note, b->note);
}

static void warn_again(const struct ck_decision *d, unsigned long line, unsigned long kept,
                       ck_decisionfile_warn_fn warn, void *ctx)
{
    char where[32], why[CK_ERR_MSG_MAX];
    if (!warn)
        return;
    snprintf(where, sizeof where, "line %lu", line);
    snprintf(why, sizeof why, "%.100s in %.100s is decided again on line %lu, which is kept", d->vuln_id,
             d->package ? d->package : "any package", kept);
    warn(ctx, where, why);
}

enum ck_status ck_reviewcsv_settle(struct ck_decisions *out, size_t first, const unsigned long *lines,
                                   ck_decisionfile_warn_fn warn, void *ctx)
{
    size_t n = out->count - first, i, j;
    struct entry *e;
    unsigned char *drop;

    if (n < 2)
        return CK_OK;
    e = malloc(n * sizeof *e);
    drop = calloc(n, 1);
    if (!e || !drop) {
        free(e);
        free(drop);
        return CK_ERR_NOMEM;
    }
    for (i = 0; i < n; i++) {
        e[i].d = &out->items[first + i];
        e[i].i = i;
    }
    qsort(e, n, sizeof *e, by_key_then_row);
    for (i = 0; i < n; i = j) {
        size_t m, last;
        for (j = i + 1; j < n && !cmp_key(e[i].d, e[j].d); j++)
            ;
        last = j - 1; /* the run [i, j) of one key: its last row is kept */
        for (m = i; m < last; m++) {
            drop[e[m].i] = 1;
            if (!same_values(e[m].d, e[last].d))
                warn_again(e[m].d, lines[e[m].i], lines[e[last].i], warn, ctx);
        }
    }
    for (i = j = 0; i < n; i++) {
        if (drop[i])
            ck_decision_release(&out->items[first + i]);
        else
            out->items[first + j++] = out->items[first + i];
    }
    out->count = first + j;
    free(e);
    free(drop);
    return CK_OK;
}
