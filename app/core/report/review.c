/* The risk review of a report's findings (see review.h). */
#include "report/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/exploit.h"
#include "vuln/exploitdb.h"
#include "vuln/severity.h"

const struct ck_review_entry *ck_review_of(const struct ck_report_scan *s, size_t k)
{
    return s->review && k < s->findings.count ? &s->review[k] : NULL;
}

const struct ck_decision *ck_review_decision(const struct ck_review_entry *e)
{
    if (!e)
        return NULL;
    return e->decision ? e->decision : e->expired;
}

void ck_review_triage_text(const struct ck_review_entry *e, char *out, size_t size)
{
    if (!size)
        return;
    *out = '\0';
    if (e && e->decision)
        snprintf(out, size, "%s", ck_decision_state_str(e->decision->state));
    else if (e && e->expired)
        snprintf(out, size, "%s (expired)", ck_decision_state_str(e->expired->state));
}

static void triage_scan(const struct ck_decisions *list, struct ck_report_scan *s, int32_t today)
{
    size_t k;

    for (k = 0; k < s->findings.count; k++) {
        const struct ck_history_finding *x = &s->findings.items[k];
        struct ck_triage_finding key;
        struct ck_triage t;

        key.record_id = x->record_id;
        key.cve = x->cve;
        key.package = x->package;
        key.repository = s->info.repository;
        key.tag = s->info.tag;
        ck_triage_lookup(list, &key, today, &t);
        s->review[k].decision = t.decision;
        s->review[k].expired = t.expired;
        s->review[k].open = t.open;
    }
}

static enum ck_status exploit_scan(struct ck_vulndb *db, struct ck_report_scan *s, struct ck_err *err)
{
    size_t k;

    for (k = 0; k < s->findings.count; k++) {
        const struct ck_history_finding *x = &s->findings.items[k];
        struct ck_review_entry *e = &s->review[k];
        struct ck_exploit_info info;
        enum ck_status st = ck_exploit_lookup(db, x->cve ? x->cve : x->record_id, &info, err);

        if (st != CK_OK)
            return st;
        e->has_epss = info.has_epss;
        e->epss = info.score;
        e->percentile = info.percentile;
        e->has_kev = info.has_kev;
        memcpy(e->kev_added, info.date_added, sizeof e->kev_added);
        memcpy(e->kev_due, info.due_date, sizeof e->kev_due);
    }
    return CK_OK;
}

/* A finding as the priority order sees it: its key, then its place in the
 * report (the same rank keeps the report's order). */
struct ranked {
    uint64_t key;
    size_t place;
    struct ck_review_entry *entry;
};

static int ranked_cmp(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->place < b->place ? -1 : a->place > b->place;
}

static enum ck_status rank_findings(struct ck_report *r)
{
    struct ranked *all;
    size_t i, k, n = 0;

    for (i = 0; i < r->count; i++)
        n += r->scans[i].review ? r->scans[i].findings.count : 0;
    if (!n)
        return CK_OK;
    if (!(all = malloc(n * sizeof *all)))
        return CK_ERR_NOMEM;
    n = 0;
    for (i = 0; i < r->count; i++)
        for (k = 0; r->scans[i].review && k < r->scans[i].findings.count; k++) {
            const struct ck_history_finding *x = &r->scans[i].findings.items[k];
            struct ck_exploit_rank rank;
            struct ranked *e = &all[n];
            e->entry = &r->scans[i].review[k];
            rank.kev = e->entry->has_kev;
            rank.epss = e->entry->has_epss ? e->entry->epss : -1.0;
            rank.severity = (int)x->severity;
            rank.fixable = x->fixed && *x->fixed;
            e->key = ck_exploit_priority_key(&rank);
            e->place = n++;
        }
    qsort(all, n, sizeof *all, ranked_cmp);
    for (i = 0; i < n; i++)
        all[i].entry->priority = (uint32_t)(i + 1);
    free(all);
    return CK_OK;
}

static enum ck_status allocate_entries(struct ck_report *r)
{
    size_t i;

    for (i = 0; i < r->count; i++) {
        struct ck_report_scan *s = &r->scans[i];
        free(s->review);
        s->review = NULL;
        if (s->findings.count && !(s->review = calloc(s->findings.count, sizeof *s->review)))
            return CK_ERR_NOMEM;
    }
    return CK_OK;
}

enum ck_status ck_review_apply(struct ck_report *r, struct ck_decisions *effective, struct ck_vulndb *db,
                               int32_t today, struct ck_err *err)
{
    enum ck_status st;
    size_t i;

    if ((st = allocate_entries(r)) != CK_OK)
        return ck_err_set(err, st, "review: out of memory");
    ck_decisions_release(&r->decisions);
    r->decisions = *effective;
    ck_decisions_init(effective);
    ck_triage_index(&r->decisions);
    for (i = 0; i < r->count; i++)
        if (r->scans[i].review)
            triage_scan(&r->decisions, &r->scans[i], today);
    r->reviewed = 1;
    for (i = 0; db && i < r->count; i++)
        if (r->scans[i].review && (st = exploit_scan(db, &r->scans[i], err)) != CK_OK)
            return st;
    r->has_exploit_data = db != NULL;
    if ((st = rank_findings(r)) != CK_OK)
        return ck_err_set(err, st, "review: out of memory");
    return CK_OK;
}

enum ck_status ck_review_load(struct ck_report *r, struct ck_history *h, struct ck_vulndb *db, int32_t today,
                              struct ck_err *err)
{
    struct ck_decisions effective;
    enum ck_status st;

    ck_decisions_init(&effective);
    if ((st = ck_decisions_effective(h, NULL, &effective, err)) == CK_OK)
        st = ck_review_apply(r, &effective, db, today, err);
    ck_decisions_release(&effective);
    return st;
}

enum ck_status ck_review_findings(struct ck_history *h, struct ck_vulndb *db, const char *repository, const char *tag,
                                  int32_t today, struct ck_history_findings *findings,
                                  struct ck_review_entry **entries, struct ck_decisions *decisions,
                                  struct ck_err *err)
{
    struct ck_report r;
    struct ck_scan_info info;
    struct ck_decisions effective;
    enum ck_status st;

    *entries = NULL;
    ck_report_init(&r);
    ck_decisions_init(&effective);
    memset(&info, 0, sizeof info);
    info.ok = 1;
    info.repository = (char *)repository; /* borrowed: taken back before the report is released */
    info.tag = (char *)tag;
    if ((st = ck_report_take_scan(&r, &info, findings, NULL)) != CK_OK) {
        ck_report_release(&r);
        return ck_err_set(err, st, "review: out of memory");
    }
    st = ck_decisions_effective(h, repository, &effective, err);
    if (st == CK_OK)
        st = ck_review_apply(&r, &effective, db, today, err);
    /* The findings go back to the caller, reviewed or not. */
    *findings = r.scans[0].findings;
    ck_history_findings_init(&r.scans[0].findings);
    r.scans[0].info.repository = r.scans[0].info.tag = NULL;
    if (st == CK_OK) {
        *entries = r.scans[0].review;
        r.scans[0].review = NULL;
        *decisions = r.decisions;
        ck_decisions_init(&r.decisions);
    }
    ck_decisions_release(&effective);
    ck_report_release(&r);
    return st;
}

static void count_into(struct ck_severity_counts *c, const struct ck_history_finding *x)
{
    if ((unsigned)x->severity < CK_SEV_COUNT)
        c->by_severity[x->severity]++;
    c->findings += ck_history_finding_paths(x);
}

void ck_review_counts_of(const struct ck_report_scan *s, struct ck_review_counts *out)
{
    size_t k;

    memset(out, 0, sizeof *out);
    for (k = 0; k < s->findings.count; k++) {
        const struct ck_review_entry *e = ck_review_of(s, k);
        const struct ck_history_finding *x = &s->findings.items[k];
        count_into(!e || e->open ? &out->open : &out->decided, x);
        out->expired += e && e->expired;
        out->kev += e && e->has_kev;
    }
}

void ck_review_counts_add(struct ck_review_counts *a, const struct ck_review_counts *b)
{
    int sev;

    for (sev = 0; sev < CK_SEV_COUNT; sev++) {
        a->open.by_severity[sev] += b->open.by_severity[sev];
        a->decided.by_severity[sev] += b->decided.by_severity[sev];
    }
    a->open.findings += b->open.findings;
    a->decided.findings += b->decided.findings;
    a->expired += b->expired;
    a->kev += b->kev;
}
