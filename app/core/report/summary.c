/* Text summaries (see summary.h). */
#include "report/summary.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "report/html.h"
#include "report/review.h"
#include "report/scope.h"
#include "vuln/severity.h"
#include "util/text.h"

char *ck_summary_line(const char *repository, const char *tag, const struct ck_severity_counts *c,
                      const char *not_assessed)
{
    struct ck_buf b;
    ck_buf_init(&b);
    ck_buf_printf(&b, "docker-image|%s (Tag: %s): %zu vulnerable dependency paths / Unique count: %zu", repository,
                  tag && *tag ? tag : "-", c->findings, c->unique);
    ck_buf_printf(&b, " (critical %zu, high %zu, medium %zu, low %zu, negligible %zu, unknown %zu)",
                  c->by_severity[CK_SEV_CRITICAL], c->by_severity[CK_SEV_HIGH], c->by_severity[CK_SEV_MEDIUM],
                  c->by_severity[CK_SEV_LOW], c->by_severity[CK_SEV_NEGLIGIBLE], c->by_severity[CK_SEV_UNKNOWN]);
    if (not_assessed && *not_assessed)
        ck_buf_printf(&b, "; Not assessed: %s", not_assessed);
    return ck_buf_take(&b);
}

enum ck_status ck_summary_counts(const struct ck_severity_counts *c, struct ck_buf *out)
{
    enum ck_status st = CK_OK;
    int sev;

    for (sev = CK_SEV_CRITICAL; sev >= CK_SEV_UNKNOWN && st == CK_OK; sev--)
        st = ck_buf_printf(out, "%s%s %zu", sev == CK_SEV_CRITICAL ? "" : ", ",
                           ck_severity_str((enum ck_severity)sev), c->by_severity[sev]);
    return st;
}

static void put_time(struct ck_buf *out, int64_t t)
{
    char iso[32];
    ck_text_format_time(t, iso, sizeof iso);
    ck_buf_puts(out, iso);
}

/* The count of findings of s in a state. */
static size_t count_state(const struct ck_report_scan *s, enum ck_finding_state state)
{
    size_t i, n = 0;
    for (i = 0; s->states && i < s->findings.count; i++)
        n += s->states[i] == state;
    return n;
}

/* "open 40 (Critical 1, ...); decided 7 (...); 1 decision expired; 2 known exploited" */
static enum ck_status review_summary(const struct ck_review_counts *c, struct ck_buf *out)
{
    ck_buf_printf(out, "open %zu (", c->open.findings);
    ck_summary_counts(&c->open, out);
    ck_buf_printf(out, "); decided %zu (", c->decided.findings);
    ck_summary_counts(&c->decided, out);
    ck_buf_puts(out, ")");
    if (c->expired)
        ck_buf_printf(out, "; %zu decision%s expired", c->expired, c->expired == 1 ? "" : "s");
    if (c->kev)
        ck_buf_printf(out, "; %zu known exploited", c->kev);
    return ck_buf_status(out);
}

static enum ck_status scan_summary(const struct ck_report *r, const struct ck_report_scan *s, struct ck_buf *out)
{
    struct ck_severity_counts c;
    char *line;

    if (!s->info.ok)
        return ck_buf_printf(out, "docker-image|%s (Tag: %s): scan failed: %s\n",
                             s->info.repository ? s->info.repository : "",
                             s->info.tag && *s->info.tag ? s->info.tag : "-",
                             s->info.error ? s->info.error : "unknown error");
    ck_severity_counts_of(&s->findings, &c);
    if (!(line = ck_summary_line(s->info.repository ? s->info.repository : "", s->info.tag, &c, s->info.not_assessed)))
        return CK_ERR_NOMEM;
    ck_buf_printf(out, "%s\n    scanned ", line);
    free(line);
    put_time(out, s->info.started_at);
    ck_buf_printf(out, " by %s", s->info.engine ? s->info.engine : "?");
    if (s->info.os && *s->info.os)
        ck_buf_printf(out, ", %s", s->info.os);
    if (s->info.digest && *s->info.digest)
        ck_buf_printf(out, ", %s", s->info.digest);
    if (s->info.walked) {
        ck_buf_printf(out, "\n    %zu packages (%zu of applications), %zu unmanaged executables and libraries",
                      s->info.package_count, s->info.app_count, s->info.unmanaged_binaries);
        if (s->info.inventory_from) {
            ck_buf_puts(out, "; inventory reused from ");
            put_time(out, s->info.inventory_from);
        }
    }
    if (s->compared_with)
        ck_buf_printf(out, "\n    since scan %lld: %zu new, %zu fixed", (long long)s->compared_with,
                      count_state(s, CK_STATE_NEW), s->fixed.count);
    if (r->reviewed) {
        struct ck_review_counts rc;
        ck_review_counts_of(s, &rc);
        ck_buf_puts(out, "\n    ");
        review_summary(&rc, out);
    }
    return ck_buf_puts(out, "\n");
}

enum ck_status ck_summary_text(const struct ck_report *r, struct ck_buf *out)
{
    struct ck_severity_counts total;
    struct ck_review_counts reviewed, one;
    size_t i, failed = 0;
    enum ck_status st = CK_OK;

    ck_buf_puts(out, "ContainerKitty summary, ");
    put_time(out, r->generated_at);
    ck_buf_printf(out, "\n%zu scan%s\n\n", r->count, r->count == 1 ? "" : "s");
    memset(&reviewed, 0, sizeof reviewed);
    for (i = 0; i < r->count && st == CK_OK; i++) {
        failed += !r->scans[i].info.ok;
        st = scan_summary(r, &r->scans[i], out);
        ck_review_counts_of(&r->scans[i], &one);
        ck_review_counts_add(&reviewed, &one);
    }
    if (st != CK_OK)
        return st;
    ck_report_totals(r, &total);
    ck_buf_printf(out, "\nTotal: %zu vulnerable dependency paths / Unique count: %zu (summed per image)", total.findings,
                  total.unique);
    if (failed)
        ck_buf_printf(out, ", %zu failed scan%s", failed, failed == 1 ? "" : "s");
    ck_buf_puts(out, "\n    ");
    ck_summary_counts(&total, out);
    if (r->reviewed) {
        ck_buf_puts(out, "\n    ");
        review_summary(&reviewed, out);
    }
    return ck_buf_puts(out, "\n");
}

/* A job's scans, each compared with the scan of its image before it. */
static enum ck_status load_job(struct ck_history *h, const int64_t *scan_ids, size_t count, struct ck_report *r,
                               struct ck_err *err)
{
    struct ck_scope opts;
    memset(&opts, 0, sizeof opts);
    opts.compare_previous = 1;
    return ck_scope_load_scans(h, scan_ids, count, &opts, r, err);
}

enum ck_status ck_summary_write_job(struct ck_history *h, const int64_t *scan_ids, size_t count, const char *path,
                                    int html, struct ck_err *err)
{
    struct ck_report r;
    struct ck_buf text;
    enum ck_status st;

    ck_report_init(&r);
    ck_buf_init(&text);
    st = load_job(h, scan_ids, count, &r, err);
    if (st == CK_OK && (st = html ? ck_html_report(&r, 0, &text) : ck_summary_text(&r, &text)) != CK_OK)
        ck_err_set(err, st, "summary %s: out of memory", path);
    if (st == CK_OK)
        st = ck_report_save(path, ck_buf_str(&text), text.len, err);
    ck_buf_release(&text);
    ck_report_release(&r);
    return st;
}
