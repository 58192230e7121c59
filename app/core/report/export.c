/* CSV presets (see export.h). */
#include "report/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "report/review.h"
#include "util/buf.h"
#include "vuln/severity.h"
#include "util/text.h"

int ck_csv_preset_parse(const char *name, enum ck_csv_preset *out)
{
    if (!name)
        return -1;
    if (!strcmp(name, "original"))
        *out = CK_CSV_ORIGINAL;
    else if (!strcmp(name, "extended"))
        *out = CK_CSV_EXTENDED;
    else if (!strcmp(name, "unmanaged"))
        *out = CK_CSV_UNMANAGED;
    else
        return -1;
    return 0;
}

static const char *const original_header[] = {
    "Id",          "IdSnyk",      "Image",          "ImageVersion", "PackageName",
    "PackageVersion", "Title",    "Severity",       "Description",  "Countermeasure",
    "Upgradable",  "Patchable",   "CVSS Score",     "CVSSv3",       "Reference",
};

static const char *const extended_header[] = {
    "Image",   "Tag",         "Digest",         "Engine",       "Scan time",
    "OS",      "Record id",   "CVE",            "Package",      "Source package",
    "Installed version", "Fixed version", "Severity", "CVSS score", "CVSS vector",
    "First seen", "State",    "Title",          "References",   "Ecosystem",
    "Kind",       "Locations", "Assessment",
};

/* The risk review's columns, after either preset's own. */
static const char *const review_header[] = {
    "Triage", "Justification", "Owner", "Expires", "Note",
    "EPSS", "EPSS percentile", "Known exploited", "KEV due date", "Priority",
};

static const char *const unmanaged_header[] = {
    "Image", "Tag", "Digest", "Scan time", "Path", "Kind", "Size", "SHA-256", "Detail", "Product", "Product version",
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static int has_fix(const struct ck_history_finding *f)
{
    return f->fixed && *f->fixed;
}

/* A header: the preset's columns, then the review's when there is one. */
static void header_row(struct ck_csv *w, const char *const *cells, size_t n, int reviewed)
{
    size_t i;
    for (i = 0; i < n; i++)
        ck_csv_cell(w, cells[i]);
    for (i = 0; reviewed && i < COUNT_OF(review_header); i++)
        ck_csv_cell(w, review_header[i]);
    ck_csv_end_row(w);
}

static void probability_cell(struct ck_csv *w, int known, double p)
{
    char text[32];
    if (!known) {
        ck_csv_cell(w, NULL);
        return;
    }
    snprintf(text, sizeof text, "%.5f", p);
    ck_csv_cell(w, text);
}

/* The review's cells of a finding (none when the report is not reviewed);
 * empty when e is NULL (a fixed finding's row, a failed scan). */
static void review_cells(struct ck_csv *w, int reviewed, const struct ck_review_entry *e)
{
    const struct ck_decision *d = ck_review_decision(e);
    char triage[64], day[16];

    if (!reviewed)
        return;
    ck_review_triage_text(e, triage, sizeof triage);
    ck_csv_cell(w, triage);
    ck_csv_cell(w, d ? ck_justification_str(d->justification) : NULL);
    ck_csv_cell(w, d ? d->owner : NULL);
    day[0] = '\0';
    if (d && d->expires != CK_DATE_NONE)
        ck_date_format(d->expires, day, sizeof day);
    ck_csv_cell(w, day);
    ck_csv_cell(w, d ? d->note : NULL);
    probability_cell(w, e && e->has_epss, e ? e->epss : 0);
    probability_cell(w, e && e->has_epss, e ? e->percentile : 0);
    ck_csv_cell(w, e && e->has_kev ? e->kev_added : NULL);
    ck_csv_cell(w, e && e->has_kev ? e->kev_due : NULL);
    if (e && e->priority)
        ck_csv_cell_int(w, e->priority);
    else
        ck_csv_cell(w, NULL);
}

static void original_row(struct ck_csv *w, const struct ck_scan_info *s, const struct ck_history_finding *f,
                         int reviewed, const struct ck_review_entry *e)
{
    struct ck_buf counter;
    char *ref = ck_report_first_ref(f);
    const char *fix = has_fix(f) ? "true" : "false";

    ck_buf_init(&counter);
    if (has_fix(f))
        ck_buf_printf(&counter, "Upgrade %s to %s", f->package ? f->package : "", f->fixed);
    else
        ck_buf_puts(&counter, "No fix available yet");

    ck_csv_cell(w, ck_report_finding_id(f));
    ck_csv_cell(w, f->record_id);
    ck_csv_cell(w, s->repository);
    ck_csv_cell(w, s->tag);
    ck_csv_cell(w, f->package);
    ck_csv_cell(w, f->installed);
    ck_csv_cell(w, f->title);
    ck_csv_cell(w, ck_severity_str(f->severity));
    ck_csv_cell(w, f->description);
    ck_csv_cell(w, ck_buf_str(&counter));
    ck_csv_cell(w, fix);
    ck_csv_cell(w, fix);
    ck_csv_cell_score(w, f->cvss_score);
    ck_csv_cell(w, f->cvss_vector);
    ck_csv_cell(w, ref);
    review_cells(w, reviewed, e);
    ck_csv_end_row(w);
    if (ck_buf_status(&counter) != CK_OK && w->status == CK_OK)
        w->status = CK_ERR_NOMEM; /* the countermeasure could not be built */
    ck_buf_release(&counter);
    free(ref);
}

static void time_cell(struct ck_csv *w, int64_t t)
{
    char iso[32];
    if (t <= 0) {
        ck_csv_cell(w, NULL);
        return;
    }
    ck_text_format_time(t, iso, sizeof iso);
    ck_csv_cell(w, iso);
}

static void extended_row(struct ck_csv *w, const struct ck_scan_info *s, const struct ck_history_finding *f,
                         enum ck_finding_state state, int reviewed, const struct ck_review_entry *e)
{
    ck_csv_cell(w, s->repository);
    ck_csv_cell(w, s->tag);
    ck_csv_cell(w, s->digest);
    ck_csv_cell(w, s->engine);
    time_cell(w, s->started_at);
    ck_csv_cell(w, s->os);
    ck_csv_cell(w, f->record_id);
    ck_csv_cell(w, f->cve);
    ck_csv_cell(w, f->package);
    ck_csv_cell(w, f->source_name);
    ck_csv_cell(w, f->installed);
    ck_csv_cell(w, f->fixed);
    ck_csv_cell(w, ck_severity_str(f->severity));
    ck_csv_cell_score(w, f->cvss_score);
    ck_csv_cell(w, f->cvss_vector);
    time_cell(w, f->first_seen);
    ck_csv_cell(w, ck_finding_state_str(state));
    ck_csv_cell(w, f->title);
    ck_csv_cell(w, f->refs);
    ck_csv_cell(w, f->ecosystem);
    ck_csv_cell(w, f->kind == 1 ? "malicious package" : "vulnerability");
    ck_csv_cell(w, f->locations);
    ck_csv_cell(w, s->not_assessed ? "not assessed" : "assessed");
    review_cells(w, reviewed, e);
    ck_csv_end_row(w);
}

/* A scan that could not assess a part of its image says so in a row of its
 * own: no finding there is not the same as clean. */
static void unassessed_row(struct ck_csv *w, const struct ck_scan_info *s, int reviewed)
{
    char title[1024];
    int i;

    snprintf(title, sizeof title, "Not assessed: %s", s->not_assessed);
    ck_csv_cell(w, s->repository);
    ck_csv_cell(w, s->tag);
    ck_csv_cell(w, s->digest);
    ck_csv_cell(w, s->engine);
    time_cell(w, s->started_at);
    ck_csv_cell(w, s->os);
    for (i = 0; i < 10; i++) /* record id ... first seen */
        ck_csv_cell(w, NULL);
    ck_csv_cell(w, "not assessed");
    ck_csv_cell(w, title);
    for (i = 0; i < 4; i++) /* references ... locations */
        ck_csv_cell(w, NULL);
    ck_csv_cell(w, "not assessed");
    review_cells(w, reviewed, NULL);
    ck_csv_end_row(w);
}

static void unmanaged_row(struct ck_csv *w, const struct ck_scan_info *s, const struct ck_unmanaged *u)
{
    char size[32];

    snprintf(size, sizeof size, "%llu", (unsigned long long)u->size);
    ck_csv_cell(w, s->repository);
    ck_csv_cell(w, s->tag);
    ck_csv_cell(w, s->digest);
    time_cell(w, s->started_at);
    ck_csv_cell(w, u->path);
    ck_csv_cell(w, ck_file_kind_str(u->kind));
    ck_csv_cell(w, size);
    ck_csv_cell(w, u->sha256);
    ck_csv_cell(w, u->detail);
    ck_csv_cell(w, u->product);
    ck_csv_cell(w, u->product_version);
    ck_csv_end_row(w);
}

/* One row per unmanaged file of each scan (the report must hold the
 * scans' packages: scope with_packages). */
static enum ck_status export_unmanaged(const struct ck_report *r, struct ck_csv *w)
{
    size_t i, k;

    ck_csv_row(w, unmanaged_header, COUNT_OF(unmanaged_header));
    for (i = 0; i < r->count && w->status == CK_OK; i++)
        for (k = 0; k < r->scans[i].packages.unmanaged_count && w->status == CK_OK; k++)
            unmanaged_row(w, &r->scans[i].info, &r->scans[i].packages.unmanaged[k]);
    return w->status;
}

enum ck_status ck_export_csv(const struct ck_report *r, enum ck_csv_preset preset, struct ck_csv *w)
{
    size_t i, k;

    if (preset == CK_CSV_UNMANAGED)
        return export_unmanaged(r, w);
    if (preset == CK_CSV_ORIGINAL)
        header_row(w, original_header, COUNT_OF(original_header), r->reviewed);
    else
        header_row(w, extended_header, COUNT_OF(extended_header), r->reviewed);
    for (i = 0; i < r->count && w->status == CK_OK; i++) {
        const struct ck_report_scan *s = &r->scans[i];
        for (k = 0; k < s->findings.count && w->status == CK_OK; k++) {
            if (preset == CK_CSV_ORIGINAL)
                original_row(w, &s->info, &s->findings.items[k], r->reviewed, ck_review_of(s, k));
            else
                extended_row(w, &s->info, &s->findings.items[k],
                             s->states ? (enum ck_finding_state)s->states[k] : CK_STATE_NONE, r->reviewed,
                             ck_review_of(s, k));
        }
        for (k = 0; preset == CK_CSV_EXTENDED && k < s->fixed.count && w->status == CK_OK; k++)
            extended_row(w, &s->info, &s->fixed.items[k], CK_STATE_FIXED, r->reviewed, NULL);
        if (preset == CK_CSV_EXTENDED && s->info.not_assessed && w->status == CK_OK)
            unassessed_row(w, &s->info, r->reviewed);
    }
    return w->status;
}

enum ck_status ck_export_csv_file(const struct ck_report *r, enum ck_csv_preset preset, const char *path,
                                  struct ck_err *err)
{
    struct ck_csv w;
    enum ck_status st;
    FILE *fp = ck_fopen(path, "wb");

    if (!fp)
        return ck_err_set(err, CK_ERR_IO, "cannot create %s", path);
    ck_csv_init(&w, fp);
    ck_export_csv(r, preset, &w);
    st = ck_csv_finish(&w, path, err);
    ck_csv_release(&w);
    if (fclose(fp) != 0 && st == CK_OK)
        st = ck_err_set(err, CK_ERR_IO, "cannot write %s", path);
    return st;
}
