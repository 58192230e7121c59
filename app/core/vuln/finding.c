#include "vuln/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"
#include "vuln/cvss.h"

/* ---- findings ----------------------------------------------------------- */

void ck_findings_init(struct ck_findings *f) { memset(f, 0, sizeof *f); }

void ck_finding_release(struct ck_finding *f)
{
    size_t i;
    if (!f)
        return;
    free(f->vuln_id);
    free(f->cve);
    free(f->package);
    free(f->source_package);
    free(f->installed_version);
    free(f->source_version);
    free(f->fixed_version);
    free(f->ecosystem);
    free(f->severity_text);
    free(f->cvss_vector);
    free(f->title);
    free(f->description);
    for (i = 0; i < f->reference_count; i++)
        free(f->references[i]);
    free(f->references);
    for (i = 0; i < f->location_count; i++)
        free(f->locations[i]);
    free(f->locations);
    free(f->published);
    free(f->modified);
    memset(f, 0, sizeof *f);
}

void ck_findings_release(struct ck_findings *f)
{
    size_t i;
    if (!f)
        return;
    for (i = 0; i < f->count; i++)
        ck_finding_release(&f->items[i]);
    free(f->items);
    ck_findings_init(f);
}

enum ck_status ck_findings_push(struct ck_findings *list, struct ck_finding *f)
{
    if (CK_ARRAY_GROW(list->items, list->count, list->cap) != CK_OK)
        return CK_ERR_NOMEM;
    list->items[list->count++] = *f;
    memset(f, 0, sizeof *f);
    return CK_OK;
}

/* ---- what a record makes of a package ------------------------------------ */

/* A distribution's rating word: accepted when it names a level. */
static int distro_rating(const char *word, struct ck_finding *f)
{
    enum ck_severity sev = CK_SEV_UNKNOWN;
    if (!word || ck_severity_parse(word, &sev) != 0)
        return 0;
    if (!f->severity_text)
        f->severity_text = ck_text_dup(word);
    if (sev == CK_SEV_UNKNOWN)
        return 0; /* "not yet assigned": the CVSS rating may say more */
    f->severity = sev;
    f->severity_source = CK_SEVSRC_DISTRO;
    return 1;
}

/* The record's CVSS vector: one with a computed score first, newest version
 * first among those. */
static void pick_cvss(const struct ck_osv_record *r, struct ck_cvss *best, int *found)
{
    size_t i;
    *found = 0;
    for (i = 0; i < r->severity_count; i++) {
        struct ck_cvss c;
        if (strncmp(r->severities[i].type, "CVSS_", 5) != 0 || ck_cvss_parse(r->severities[i].score, &c, NULL) != CK_OK)
            continue;
        if (!*found || (c.score10 >= 0 && best->score10 < 0) ||
            ((c.score10 >= 0) == (best->score10 >= 0) && c.version > best->version)) {
            *best = c;
            *found = 1;
        }
    }
}

static enum ck_status rate(const struct ck_osv_record *r, const struct ck_finding_hit *h, struct ck_finding *f)
{
    struct ck_cvss c;
    int have_cvss = 0, rated;
    size_t i;

    f->cvss_score = -1;
    pick_cvss(r, &c, &have_cvss);
    if (have_cvss) {
        if (!(f->cvss_vector = ck_text_dup(c.vector)))
            return CK_ERR_NOMEM;
        if (c.score10 >= 0)
            f->cvss_score = c.score10 / 10.0;
    }
    /* The distribution's own rating first: the package's, then the record's. */
    rated = distro_rating(h->distro_severity, f);
    for (i = 0; !rated && i < r->severity_count; i++)
        if (!ck_text_casecmp(r->severities[i].type, "Ubuntu"))
            rated = distro_rating(r->severities[i].score, f);
    if (!rated)
        rated = distro_rating(r->distro_severity, f);
    if (!rated && have_cvss && c.severity != CK_SEV_UNKNOWN) {
        char score[16];
        f->severity = c.severity;
        f->severity_source = CK_SEVSRC_CVSS;
        free(f->severity_text);
        snprintf(score, sizeof score, "%d.%d", c.score10 / 10, c.score10 % 10);
        f->severity_text = ck_text_dup(score);
    }
    return CK_OK;
}

/* summary, else the first non-blank line of details, else the id. */
static char *make_title(const struct ck_osv_record *r)
{
    const char *p = r->details, *end;
    if (r->summary && *r->summary)
        return ck_text_dup(r->summary);
    if (p) {
        while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
            p++;
        end = p;
        while (*end && *end != '\n' && *end != '\r')
            end++;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end > p)
            return ck_text_dupn(p, (size_t)(end - p));
    }
    return ck_text_dup(r->id);
}

static int is_malicious(const struct ck_osv_record *r) { return !strncmp(r->id, "MAL-", 4); }

static enum ck_status copy_references(char **from, size_t n, struct ck_finding *f)
{
    size_t i;

    if (!n)
        return CK_OK;
    if (!(f->references = calloc(n, sizeof *f->references)))
        return CK_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        if (!(f->references[i] = ck_text_dup(from[i])))
            return CK_ERR_NOMEM;
        f->reference_count++;
    }
    return CK_OK;
}

/* "Malicious package: <summary>"; the severity is Critical whatever the record says. */
static enum ck_status mark_malicious(const struct ck_osv_record *r, struct ck_finding *f)
{
    struct ck_buf b;
    char *title;

    ck_buf_init(&b);
    ck_buf_printf(&b, "Malicious package%s%s", r->summary && *r->summary ? ": " : "", r->summary ? r->summary : "");
    if (ck_buf_status(&b) != CK_OK || !(title = ck_buf_take(&b))) {
        ck_buf_release(&b);
        return CK_ERR_NOMEM;
    }
    free(f->title);
    f->title = title;
    free(f->cve);
    f->cve = NULL;
    f->kind = CK_FINDING_MALICIOUS;
    f->severity = CK_SEV_CRITICAL;
    f->severity_source = CK_SEVSRC_NONE;
    return CK_OK;
}

enum ck_status ck_finding_from_record(const struct ck_osv_record *r, const struct ck_finding_hit *h,
                                      const char *source, const char *source_version, struct ck_finding *f)
{
    char **urls = NULL;
    size_t i;
    enum ck_status st;

    memset(f, 0, sizeof *f);
    f->vuln_id = ck_text_dup(r->id);
    f->cve = ck_text_dup(ck_osv_record_cve(r));
    f->source_package = ck_text_dup(source);
    f->source_version = ck_text_dup(source_version);
    f->fixed_version = ck_text_dup(h->fixed);
    f->ecosystem = ck_text_dup(h->ecosystem);
    f->title = make_title(r);
    f->description = ck_text_dup(r->details ? r->details : r->summary);
    f->published = ck_text_dup(r->published);
    f->modified = ck_text_dup(r->modified);
    if (!f->vuln_id || !f->source_package || !f->source_version || !f->ecosystem || !f->title || !f->modified ||
        (h->fixed && !f->fixed_version) || (r->details && !f->description))
        return CK_ERR_NOMEM;
    if (r->reference_count && !(urls = calloc(r->reference_count, sizeof *urls)))
        return CK_ERR_NOMEM;
    for (i = 0; i < r->reference_count; i++)
        urls[i] = r->references[i].url;
    st = copy_references(urls, r->reference_count, f);
    free(urls);
    if (st == CK_OK)
        st = rate(r, h, f);
    return st == CK_OK && is_malicious(r) ? mark_malicious(r, f) : st;
}

static enum ck_status set_package(const struct ck_package *p, struct ck_finding *f)
{
    size_t i;

    f->package = ck_text_dup(p->name);
    f->installed_version = ck_text_dup(p->version);
    if (!f->package || !f->installed_version)
        return CK_ERR_NOMEM;
    if (p->location_count && !(f->locations = calloc(p->location_count, sizeof *f->locations)))
        return CK_ERR_NOMEM;
    for (i = 0; i < p->location_count; i++) {
        if (!(f->locations[i] = ck_text_dup(p->locations[i])))
            return CK_ERR_NOMEM;
        f->location_count++;
    }
    return CK_OK;
}

enum ck_status ck_finding_for_package(const struct ck_finding *t, const struct ck_package *p, struct ck_finding *f)
{
    *f = *t;
    f->references = NULL;
    f->reference_count = 0;
    f->locations = NULL;
    f->location_count = 0;
#define DUP(field) f->field = ck_text_dup(t->field)
    DUP(vuln_id); DUP(cve); DUP(source_package); DUP(source_version); DUP(fixed_version);
    DUP(ecosystem); DUP(severity_text); DUP(cvss_vector); DUP(title); DUP(description);
    DUP(published); DUP(modified);
#undef DUP
    if (!f->vuln_id || !f->title || copy_references(t->references, t->reference_count, f) != CK_OK)
        return CK_ERR_NOMEM;
    return set_package(p, f);
}

enum ck_status ck_finding_take_for_package(struct ck_finding *t, const struct ck_package *p, struct ck_finding *f)
{
    *f = *t;
    memset(t, 0, sizeof *t);
    free(f->package);
    free(f->installed_version);
    f->package = f->installed_version = NULL;
    f->locations = NULL;
    f->location_count = 0;
    return set_package(p, f);
}

size_t ck_finding_paths(const struct ck_finding *f) { return f->location_count ? f->location_count : 1; }
