/* Self-contained HTML report (see html.h). */
#include "report/html.h"
#include "report/review.h"

#include <stdlib.h>
#include <string.h>

#include "version.h"
#include "vuln/severity.h"
#include "util/text.h"

enum ck_status ck_html_escape(struct ck_buf *out, const char *text)
{
    enum ck_status st = CK_OK;
    const char *p, *run;

    if (!text)
        return CK_OK;
    for (p = run = text; *p && st == CK_OK; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        st = ck_buf_append(out, run, (size_t)(p - run));
        if (st == CK_OK)
            st = ck_buf_puts(out, rep);
        run = p + 1;
    }
    if (st == CK_OK)
        st = ck_buf_puts(out, run);
    return st;
}

static const char style[] =
    "body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1b1b1b}"
    "h1{font-size:22px}h2{font-size:18px;margin-top:28px}"
    "table{border-collapse:collapse;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}td.n{text-align:right}"
    ".Critical{background:#7a0010;color:#fff}.High{background:#d6334a;color:#fff}"
    ".Medium{background:#f0a030}.Low{background:#f6e27a}.Negligible,.Unknown{background:#e4e4e4}"
    ".failed{color:#a00}.meta{color:#555}";

static void put_time(struct ck_buf *out, int64_t t)
{
    char iso[32];
    ck_text_format_time(t, iso, sizeof iso);
    ck_buf_puts(out, iso);
}

static size_t count_new(const struct ck_report_scan *s)
{
    size_t i, n = 0;
    for (i = 0; s->states && i < s->findings.count; i++)
        n += s->states[i] == CK_STATE_NEW;
    return n;
}

static void image_row(struct ck_buf *out, const struct ck_report *r, const struct ck_report_scan *s)
{
    struct ck_severity_counts c;
    struct ck_review_counts rc;
    int sev;

    ck_buf_puts(out, "<tr><td>");
    ck_html_escape(out, s->info.repository);
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, s->info.tag);
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, s->info.engine);
    ck_buf_puts(out, "</td><td>");
    put_time(out, s->info.started_at);
    ck_buf_puts(out, "</td>");
    if (!s->info.ok) {
        ck_buf_printf(out, "<td colspan=\"%d\" class=\"failed\">scan failed: ", r->reviewed ? 10 : 9);
        ck_html_escape(out, s->info.error ? s->info.error : "unknown error");
        ck_buf_puts(out, "</td></tr>\n");
        return;
    }
    ck_severity_counts_of(&s->findings, &c);
    ck_review_counts_of(s, &rc);
    /* reviewed: the severities count the open findings; the decided have a column */
    for (sev = CK_SEV_CRITICAL; sev >= CK_SEV_UNKNOWN; sev--)
        ck_buf_printf(out, "<td class=\"n\">%zu</td>", r->reviewed ? rc.open.by_severity[sev] : c.by_severity[sev]);
    if (r->reviewed)
        ck_buf_printf(out, "<td class=\"n\">%zu</td>", rc.decided.findings);
    ck_buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>", c.findings, c.unique);
    if (s->compared_with)
        ck_buf_printf(out, "%zu new, %zu fixed", count_new(s), s->fixed.count);
    if (s->info.not_assessed) { /* no finding there is not the same as clean */
        ck_buf_printf(out, "%s<span class=\"failed\">not assessed: ", s->compared_with ? "; " : "");
        ck_html_escape(out, s->info.not_assessed);
        ck_buf_puts(out, "</span>");
    }
    if (rc.expired)
        ck_buf_printf(out, "%s<span class=\"failed\">%zu decision%s expired</span>",
                      s->compared_with || s->info.not_assessed ? "; " : "", rc.expired, rc.expired == 1 ? "" : "s");
    if (rc.kev)
        ck_buf_printf(out, "%s%zu known exploited", s->compared_with || s->info.not_assessed || rc.expired ? "; " : "",
                      rc.kev);
    ck_buf_puts(out, "</td></tr>\n");
}

struct ranked {
    const struct ck_report_scan *scan;
    const struct ck_history_finding *f;
    const struct ck_review_entry *review;
};

static int rank_cmp(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    int c;

    if (a->review && b->review) /* a reviewed report: its priority order */
        return (a->review->priority > b->review->priority) - (a->review->priority < b->review->priority);
    c = (int)b->f->severity - (int)a->f->severity;
    if (!c)
        c = (a->f->cvss_score < b->f->cvss_score) - (a->f->cvss_score > b->f->cvss_score);
    if (!c)
        c = strcmp(ck_report_finding_id(a->f), ck_report_finding_id(b->f));
    return c;
}

static int is_web_url(const char *s)
{
    return s && (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7));
}

/* Triage, EPSS and KEV of a reviewed report's finding. */
static void review_cells(struct ck_buf *out, const struct ck_review_entry *e)
{
    char triage[64];

    ck_review_triage_text(e, triage, sizeof triage);
    ck_buf_printf(out, "</td><td%s>", e->expired ? " class=\"failed\"" : "");
    ck_html_escape(out, triage);
    ck_buf_puts(out, "</td><td class=\"n\">");
    if (e->has_epss)
        ck_buf_printf(out, "%.3f", e->epss);
    ck_buf_puts(out, "</td><td>");
    if (e->has_kev)
        ck_buf_printf(out, "added %s", e->kev_added);
}

static void finding_row(struct ck_buf *out, const struct ranked *r)
{
    const char *sev = ck_severity_str(r->f->severity);
    char *ref = ck_report_first_ref(r->f);
    char *image = ck_report_image_name(&r->scan->info);

    if (!image)
        ck_buf_fail(out); /* out of memory: no row without its image */
    ck_buf_printf(out, "<tr><td class=\"%s\">%s</td><td class=\"n\">", sev, sev);
    if (r->f->cvss_score >= 0)
        ck_buf_printf(out, "%.1f", r->f->cvss_score);
    ck_buf_puts(out, "</td><td>");
    if (is_web_url(ref)) {
        ck_buf_puts(out, "<a href=\"");
        ck_html_escape(out, ref);
        ck_buf_puts(out, "\">");
        ck_html_escape(out, ck_report_finding_id(r->f));
        ck_buf_puts(out, "</a>");
    } else {
        ck_html_escape(out, ck_report_finding_id(r->f));
    }
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, r->f->package);
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, r->f->installed);
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, r->f->fixed ? r->f->fixed : "no fix yet");
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, image);
    ck_buf_puts(out, "</td><td>");
    ck_html_escape(out, r->f->title);
    if (r->review)
        review_cells(out, r->review);
    ck_buf_puts(out, "</td></tr>\n");
    free(ref);
    free(image);
}

static enum ck_status findings_table(const struct ck_report *r, size_t max, struct ck_buf *out)
{
    struct ranked *all = NULL;
    size_t n = 0, i, k;

    for (i = 0; i < r->count; i++)
        n += r->scans[i].findings.count;
    ck_buf_printf(out, "<h2>%s</h2>\n", r->reviewed ? "Findings to look at first" : "Most severe findings");
    if (!n)
        return ck_buf_puts(out, "<p>No findings.</p>\n");
    if (!(all = malloc(n * sizeof *all)))
        return CK_ERR_NOMEM;
    n = 0;
    for (i = 0; i < r->count; i++)
        for (k = 0; k < r->scans[i].findings.count; k++) {
            all[n].scan = &r->scans[i];
            all[n].review = ck_review_of(&r->scans[i], k);
            all[n++].f = &r->scans[i].findings.items[k];
        }
    qsort(all, n, sizeof *all, rank_cmp);
    if (n > max)
        ck_buf_printf(out, r->reviewed ? "<p class=\"meta\">The first %zu of %zu findings.</p>\n"
                                        : "<p class=\"meta\">The %zu most severe of %zu findings.</p>\n",
                      max, n);
    if (r->reviewed)
        ck_buf_puts(out, "<p class=\"meta\">In the order of review: known exploited first, then the EPSS score, "
                         "the severity and whether a fix exists.</p>\n");
    ck_buf_puts(out, "<table><thead><tr><th>Severity</th><th>CVSS</th><th>Id</th><th>Package</th>"
                     "<th>Installed</th><th>Fixed</th><th>Image</th><th>Title</th>");
    if (r->reviewed)
        ck_buf_puts(out, "<th>Triage</th><th>EPSS</th><th>Known exploited</th>");
    ck_buf_puts(out, "</tr></thead><tbody>\n");
    for (i = 0; i < n && i < max; i++)
        finding_row(out, &all[i]);
    free(all);
    return ck_buf_puts(out, "</tbody></table>\n");
}

enum ck_status ck_html_report(const struct ck_report *r, size_t max_findings, struct ck_buf *out)
{
    size_t i;
    int sev;
    enum ck_status st;

    if (!max_findings)
        max_findings = CK_HTML_DEFAULT_FINDINGS;
    ck_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'\">\n<title>ContainerKitty report</title>\n<style>");
    ck_buf_puts(out, style);
    ck_buf_puts(out, "</style></head><body>\n<h1>ContainerKitty report</h1>\n<p class=\"meta\">Generated ");
    put_time(out, r->generated_at);
    ck_buf_printf(out, " by ContainerKitty %s; %zu scan%s.</p>\n", CK_VERSION_STRING, r->count,
                  r->count == 1 ? "" : "s");
    ck_buf_puts(out, "<h2>Images</h2>\n<table><thead><tr><th>Image</th><th>Tag</th><th>Engine</th><th>Scanned</th>");
    for (sev = CK_SEV_CRITICAL; sev >= CK_SEV_UNKNOWN; sev--)
        ck_buf_printf(out, "<th>%s%s</th>", r->reviewed ? "Open " : "", ck_severity_str((enum ck_severity)sev));
    if (r->reviewed)
        ck_buf_puts(out, "<th>Decided</th>");
    ck_buf_puts(out, "<th>Paths</th><th>Unique</th><th>Since last scan</th></tr></thead><tbody>\n");
    for (i = 0; i < r->count; i++)
        image_row(out, r, &r->scans[i]);
    ck_buf_puts(out, "</tbody></table>\n");
    if ((st = findings_table(r, max_findings, out)) != CK_OK)
        return st;
    return ck_buf_puts(out, "</body></html>\n");
}
