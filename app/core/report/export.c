/* CSV presets (see export.h). */
#include "report/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
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

static const char *const unmanaged_header[] = {
    "Image", "Tag", "Digest", "Scan time", "Path", "Kind", "Size", "SHA-256", "Detail", "Product", "Product version",
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static int has_fix(const struct ck_history_finding *f)
{
    return f->fixed && *f->fixed;
}

static void original_row(struct ck_csv *w, const struct ck_scan_info *s, const struct ck_history_finding *f)
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
                         enum ck_finding_state state)
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
    ck_csv_end_row(w);
}

/* A scan that could not assess a part of its image says so in a row of its
 * own: no finding there is not the same as clean. */
static void unassessed_row(struct ck_csv *w, const struct ck_scan_info *s)
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
        ck_csv_row(w, original_header, COUNT_OF(original_header));
    else
        ck_csv_row(w, extended_header, COUNT_OF(extended_header));
    for (i = 0; i < r->count && w->status == CK_OK; i++) {
        const struct ck_report_scan *s = &r->scans[i];
        for (k = 0; k < s->findings.count && w->status == CK_OK; k++) {
            if (preset == CK_CSV_ORIGINAL)
                original_row(w, &s->info, &s->findings.items[k]);
            else
                extended_row(w, &s->info, &s->findings.items[k],
                             s->states ? (enum ck_finding_state)s->states[k] : CK_STATE_NONE);
        }
        for (k = 0; preset == CK_CSV_EXTENDED && k < s->fixed.count && w->status == CK_OK; k++)
            extended_row(w, &s->info, &s->fixed.items[k], CK_STATE_FIXED);
        if (preset == CK_CSV_EXTENDED && s->info.not_assessed && w->status == CK_OK)
            unassessed_row(w, &s->info);
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
