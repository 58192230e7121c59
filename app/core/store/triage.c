/* The rules of triage decisions (decisions.h): names, dates, checks, and
 * which decision a finding gets. No SQLite here. */
#include "store/decisions.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/history.h"
#include "util/text.h"

static const char *const state_names[CK_DECISION_STATE_COUNT] = {
    "under_investigation", "affected", "not_affected", "accepted_risk", "false_positive",
};

static const char *const justification_names[CK_JUSTIFICATION_COUNT] = {
    "",
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
};

const char *ck_decision_state_str(enum ck_decision_state s)
{
    return (unsigned)s < CK_DECISION_STATE_COUNT ? state_names[s] : "";
}

int ck_decision_state_parse(const char *text, enum ck_decision_state *out)
{
    int i;
    for (i = 0; text && i < CK_DECISION_STATE_COUNT; i++)
        if (!strcmp(text, state_names[i])) {
            *out = (enum ck_decision_state)i;
            return 0;
        }
    return -1;
}

const char *ck_justification_str(enum ck_justification j)
{
    return (unsigned)j < CK_JUSTIFICATION_COUNT ? justification_names[j] : "";
}

int ck_justification_parse(const char *text, enum ck_justification *out)
{
    int i;
    for (i = 1; text && i < CK_JUSTIFICATION_COUNT; i++)
        if (!strcmp(text, justification_names[i])) {
            *out = (enum ck_justification)i;
            return 0;
        }
    return -1;
}

const char *ck_decision_scope_str(enum ck_decision_scope s)
{
    return s == CK_SCOPE_IMAGE ? "image" : s == CK_SCOPE_REPOSITORY ? "repository" : "all";
}

int ck_decision_state_is_open(enum ck_decision_state s)
{
    return s == CK_DECISION_UNDER_INVESTIGATION || s == CK_DECISION_AFFECTED;
}

/* ---- dates ---------------------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int32_t days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int read_digits(const char *p, int n, int *out)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 0;
}

int ck_date_parse(const char *text, int32_t *days)
{
    int y, m, d;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' || read_digits(text, 4, &y) != 0 ||
        read_digits(text + 5, 2, &m) != 0 || read_digits(text + 8, 2, &d) != 0)
        return -1;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

void ck_date_format(int32_t days, char *out, size_t size)
{
    /* H. Hinnant's civil_from_days */
    long z = (long)days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    snprintf(out, size, "%04ld-%02ld-%02ld", y, m, d);
}

int32_t ck_date_of_time(int64_t seconds)
{
    int64_t d = seconds / 86400;
    if (seconds % 86400 < 0)
        d--;
    return (int32_t)d;
}

/* ---- checks ----------------------------------------------------------------------- */

static enum ck_status check_scope(const struct ck_decision *d, struct ck_err *err)
{
    int has_repo = d->repository && *d->repository;
    switch (d->scope) {
    case CK_SCOPE_ALL:
        if (d->repository || d->tag)
            return ck_err_set(err, CK_ERR_ARG, "scope: a decision for every image names no repository or tag");
        return CK_OK;
    case CK_SCOPE_REPOSITORY:
        if (!has_repo || d->tag)
            return ck_err_set(err, CK_ERR_ARG, "scope: a repository's decision names the repository and no tag");
        return CK_OK;
    case CK_SCOPE_IMAGE:
        if (!has_repo || !d->tag)
            return ck_err_set(err, CK_ERR_ARG, "scope: an image's decision names its repository and tag");
        return CK_OK;
    }
    return ck_err_set(err, CK_ERR_ARG, "scope: unknown scope %d", (int)d->scope);
}

enum ck_status ck_decision_check(const struct ck_decision *d, int32_t today, struct ck_err *err)
{
    char day[16];
    enum ck_status rc;

    if (!d->vuln_id || !*d->vuln_id)
        return ck_err_set(err, CK_ERR_ARG, "vulnerability: a decision names the vulnerability it is about");
    if (d->package && !*d->package)
        return ck_err_set(err, CK_ERR_ARG, "package: an empty package name (leave it out for any package)");
    if ((rc = check_scope(d, err)) != CK_OK)
        return rc;
    if ((unsigned)d->state >= CK_DECISION_STATE_COUNT)
        return ck_err_set(err, CK_ERR_ARG, "state: unknown state %d", (int)d->state);
    if ((unsigned)d->justification >= CK_JUSTIFICATION_COUNT)
        return ck_err_set(err, CK_ERR_ARG, "justification: unknown justification %d", (int)d->justification);
    if (d->justification != CK_JUSTIFICATION_NONE && d->state != CK_DECISION_NOT_AFFECTED)
        return ck_err_set(err, CK_ERR_ARG, "justification: a justification goes with the state not_affected only, "
                          "not with %s", ck_decision_state_str(d->state));
    if (d->state == CK_DECISION_ACCEPTED_RISK && d->expires == CK_DATE_NONE)
        return ck_err_set(err, CK_ERR_ARG, "expires: an accepted risk needs an expiry date (YYYY-MM-DD)");
    if (d->expires != CK_DATE_NONE && d->expires < today) {
        ck_date_format(d->expires, day, sizeof day);
        return ck_err_set(err, CK_ERR_ARG, "expires: %s is in the past", day);
    }
    return CK_OK;
}

/* ---- the rules -------------------------------------------------------------------- */

static int by_vuln(const void *a, const void *b)
{
    const struct ck_decision *x = a, *y = b;
    int c = ck_text_casecmp(x->vuln_id, y->vuln_id);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The index of ck_triage_index: each distinct id (ASCII case aside) at
 * its hash, with where its decisions start in the sorted list and how many
 * there are. Open addressing, at most half full. */
struct ck_triage_slot {
    uint32_t hash;
    uint32_t first;
    uint32_t n; /* 0: an empty slot */
};

struct ck_triage_hash {
    size_t mask;
    struct ck_triage_slot slots[];
};

static unsigned char lower_ascii(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* FNV-1a of the id, ASCII case aside. */
static uint32_t id_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ lower_ascii((unsigned char)*s)) * 16777619u;
    return h;
}

static struct ck_triage_hash *hash_build(const struct ck_decisions *list)
{
    struct ck_triage_hash *t;
    size_t size = 16, i, start;

    if (list->count > UINT32_MAX / 4)
        return NULL;
    while (size < list->count * 2)
        size *= 2;
    if (!(t = calloc(1, sizeof *t + size * sizeof t->slots[0])))
        return NULL; /* look-ups search the sorted list instead */
    t->mask = size - 1;
    for (start = 0; start < list->count; start = i) {
        uint32_t h = id_hash(list->items[start].vuln_id ? list->items[start].vuln_id : "");
        size_t k = h & t->mask;
        for (i = start + 1; i < list->count && !ck_text_casecmp(list->items[i].vuln_id, list->items[start].vuln_id);
             i++)
            ;
        while (t->slots[k].n)
            k = (k + 1) & t->mask;
        t->slots[k].hash = h;
        t->slots[k].first = (uint32_t)start;
        t->slots[k].n = (uint32_t)(i - start);
    }
    return t;
}

void ck_triage_index(struct ck_decisions *list)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof list->items[0], by_vuln);
    free(list->hash);
    list->hash = hash_build(list);
}

/* Where the decisions about id are in the sorted list: the first one's
 * index, and how many (0: none). */
static size_t range_of(const struct ck_decisions *list, const char *id, size_t *n)
{
    size_t lo = 0, hi = list->count, end;

    *n = 0;
    if (list->hash) {
        uint32_t h = id_hash(id);
        size_t k = h & list->hash->mask;
        for (; list->hash->slots[k].n; k = (k + 1) & list->hash->mask) {
            const struct ck_triage_slot *s = &list->hash->slots[k];
            if (s->hash == h && !ck_text_casecmp(list->items[s->first].vuln_id, id)) {
                *n = s->n;
                return s->first;
            }
        }
        return list->count;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ck_text_casecmp(list->items[mid].vuln_id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (end = lo; end < list->count && !ck_text_casecmp(list->items[end].vuln_id, id); end++)
        ;
    *n = end - lo;
    return lo;
}

/* How specific d is for f: 0 when it does not cover f, else higher wins. */
static int rank(const struct ck_decision *d, const struct ck_triage_finding *f)
{
    int scope;
    if (d->package && (!f->package || strcmp(d->package, f->package) != 0))
        return 0;
    switch (d->scope) {
    case CK_SCOPE_IMAGE:
        if (!f->repository || !f->tag || !d->repository || !d->tag || strcmp(d->repository, f->repository) != 0 ||
            strcmp(d->tag, f->tag) != 0)
            return 0;
        scope = 3;
        break;
    case CK_SCOPE_REPOSITORY:
        if (!f->repository || !d->repository || strcmp(d->repository, f->repository) != 0)
            return 0;
        scope = 2;
        break;
    default:
        scope = 1;
        break;
    }
    return scope * 2 + (d->package != NULL);
}

/* The best of the decisions about id, given the best so far. */
static void best_of(const struct ck_decisions *list, const char *id, const struct ck_triage_finding *f,
                    const struct ck_decision **best, int *best_rank)
{
    size_t i, n, first;
    if (!id || !*id)
        return;
    first = range_of(list, id, &n);
    for (i = first; i < first + n; i++) {
        const struct ck_decision *d = &list->items[i];
        int r = rank(d, f);
        if (r > *best_rank || (r && r == *best_rank && d->id > (*best)->id)) {
            *best = d;
            *best_rank = r;
        }
    }
}

void ck_triage_lookup(const struct ck_decisions *list, const struct ck_triage_finding *f, int32_t today,
                      struct ck_triage *out)
{
    const struct ck_decision *best = NULL;
    int best_rank = 0;

    memset(out, 0, sizeof *out);
    out->open = 1;
    best_of(list, f->record_id, f, &best, &best_rank);
    if (f->cve && (!f->record_id || ck_text_casecmp(f->cve, f->record_id) != 0))
        best_of(list, f->cve, f, &best, &best_rank);
    if (!best)
        return;
    if (best->expires != CK_DATE_NONE && best->expires < today) {
        out->expired = best;
        return;
    }
    out->decision = best;
    out->open = ck_decision_state_is_open(best->state);
}

void ck_triage_findings(const struct ck_decisions *list, const struct ck_history_findings *f,
                        const char *repository, const char *tag, int32_t today, struct ck_triage *out,
                        struct ck_severity_counts *open)
{
    size_t i;

    if (open)
        memset(open, 0, sizeof *open);
    for (i = 0; i < f->count; i++) {
        const struct ck_history_finding *x = &f->items[i];
        struct ck_triage_finding key;
        key.record_id = x->record_id;
        key.cve = x->cve;
        key.package = x->package;
        key.repository = repository;
        key.tag = tag;
        ck_triage_lookup(list, &key, today, &out[i]);
        if (open && out[i].open) {
            if ((unsigned)x->severity < CK_SEV_COUNT)
                open->by_severity[x->severity]++;
            open->findings += ck_history_finding_paths(x);
        }
    }
}
