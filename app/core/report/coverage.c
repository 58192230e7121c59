/* Coverage of one image by two engines (see coverage.h). */
#include "report/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "report/findindex.h"
#include "report/report.h"
#include "vuln/severity.h"
#include "util/text.h"

void ck_coverage_init(struct ck_coverage *c)
{
    memset(c, 0, sizeof *c);
    ck_history_findings_init(&c->a);
    ck_history_findings_init(&c->b);
}

void ck_coverage_release(struct ck_coverage *c)
{
    free(c->engine_a);
    free(c->engine_b);
    free(c->repository);
    free(c->tag);
    ck_history_findings_release(&c->a);
    ck_history_findings_release(&c->b);
    free(c->rows);
    ck_coverage_init(c);
}

static int cmp_key(const void *pa, const void *pb)
{
    return ck_findkey_cmp(CK_FINDKEY_CVE, *(const struct ck_history_finding *const *)pa,
                          *(const struct ck_history_finding *const *)pb);
}

static int row_cmp(const void *pa, const void *pb)
{
    const struct ck_coverage_row *a = pa, *b = pb;
    int c = ck_findkey_cmp(CK_FINDKEY_CVE, a->a ? a->a : a->b, b->a ? b->a : b->b);
    /* Same key: the pair first, then A's, then B's. */
    return c ? c : (!a->a - !b->a) * 2 + (!a->b - !b->b);
}

static const struct ck_history_finding **sorted_ptrs(const struct ck_history_findings *f)
{
    const struct ck_history_finding **p = malloc((f->count ? f->count : 1) * sizeof *p);
    size_t i;
    if (!p)
        return NULL;
    for (i = 0; i < f->count; i++)
        p[i] = &f->items[i];
    qsort(p, f->count, sizeof *p, cmp_key);
    return p;
}

static int same(const char *x, const char *y)
{
    return x && y && *x && !strcmp(x, y);
}

/* One names the other's source package (or both the same source). */
static int related_package(const struct ck_history_finding *a, const struct ck_history_finding *b)
{
    return same(a->package, b->source_name) || same(a->source_name, b->package) || same(a->source_name, b->source_name);
}

/* The first index of p (sorted) whose identifier is id. */
static size_t id_lower_bound(const struct ck_history_finding **p, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ck_report_finding_id(p[mid]), id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

enum ck_status ck_coverage_compute(struct ck_coverage *c, struct ck_history_findings *a,
                                   struct ck_history_findings *b)
{
    const struct ck_history_finding **pa = sorted_ptrs(a), **pb = sorted_ptrs(b);
    unsigned char *used_a = calloc(a->count + 1, 1), *used_b = calloc(b->count + 1, 1);
    struct ck_coverage_row *rows = calloc(a->count + b->count + 1, sizeof *rows);
    size_t i = 0, j = 0, n = 0, both = 0;

    if (!pa || !pb || !used_a || !used_b || !rows) {
        free(pa);
        free(pb);
        free(used_a);
        free(used_b);
        free(rows);
        return CK_ERR_NOMEM;
    }
    /* Same identifier and package. */
    while (i < a->count && j < b->count) {
        int k = ck_findkey_cmp(CK_FINDKEY_CVE, pa[i], pb[j]);
        if (k < 0) {
            i++;
        } else if (k > 0) {
            j++;
        } else {
            used_a[i] = used_b[j] = 1;
            rows[n].a = pa[i++];
            rows[n++].b = pb[j++];
        }
    }
    /* Same identifier, one naming the other's source package. */
    for (i = 0; i < a->count; i++) {
        const char *id = ck_report_finding_id(pa[i]);
        if (used_a[i])
            continue;
        for (j = id_lower_bound(pb, b->count, id); j < b->count && !strcmp(ck_report_finding_id(pb[j]), id); j++)
            if (!used_b[j] && related_package(pa[i], pb[j])) {
                used_a[i] = used_b[j] = 1;
                rows[n].a = pa[i];
                rows[n++].b = pb[j];
                break;
            }
    }
    both = n;
    for (i = 0; i < a->count; i++)
        if (!used_a[i])
            rows[n++].a = pa[i];
    for (j = 0; j < b->count; j++)
        if (!used_b[j])
            rows[n++].b = pb[j];
    qsort(rows, n, sizeof *rows, row_cmp);
    free(pa);
    free(pb);
    free(used_a);
    free(used_b);

    /* The rows point into the findings: move the sets in (the items arrays
     * themselves do not move). */
    ck_history_findings_release(&c->a);
    ck_history_findings_release(&c->b);
    c->a = *a;
    c->b = *b;
    ck_history_findings_init(a);
    ck_history_findings_init(b);
    free(c->rows);
    c->rows = rows;
    c->count = n;
    c->both = both;
    c->only_a = c->a.count - both;
    c->only_b = c->b.count - both;
    return CK_OK;
}

/* The latest scan of engine for repo:tag (0 when none) and its findings. */
static enum ck_status latest(struct ck_history *h, const char *repo, const char *tag, const char *engine,
                             int64_t *scan, int64_t *when, struct ck_history_findings *f, struct ck_err *err)
{
    struct ck_scan_info info;
    enum ck_status st = ck_history_latest_scan(h, repo, tag, engine, scan, err);

    if (st == CK_ERR_NOTFOUND) {
        *scan = 0;
        ck_err_clear(err);
        return CK_OK;
    }
    if (st != CK_OK)
        return st;
    memset(&info, 0, sizeof info);
    if ((st = ck_history_get_scan(h, *scan, &info, err)) != CK_OK)
        return st;
    *when = info.started_at;
    ck_scan_info_release(&info);
    return ck_history_load_findings(h, *scan, f, err);
}

enum ck_status ck_coverage_load(struct ck_history *h, const char *image, const char *engine_a, const char *engine_b,
                                struct ck_coverage *out, struct ck_err *err)
{
    struct ck_coverage c;
    struct ck_history_findings fa, fb;
    char *repo = NULL, *tag = NULL, *digest = NULL;
    enum ck_status st;
    int attempt;

    ck_coverage_init(&c);
    ck_history_findings_init(&fa);
    ck_history_findings_init(&fb);
    /* The name as the history stores it (normalised), then as written. */
    for (attempt = 0; attempt < 2; attempt++) {
        free(repo);
        free(tag);
        free(digest);
        digest = NULL;
        if (attempt == 0)
            st = ck_report_parse_image(image, &repo, &tag, &digest);
        else
            st = (repo = ck_text_dup(image)) && (tag = ck_text_dup("")) ? CK_OK : CK_ERR_NOMEM;
        if (st != CK_OK) {
            ck_err_set(err, st, "out of memory");
            goto cleanup;
        }
        if ((st = latest(h, repo, tag, engine_a, &c.scan_a, &c.time_a, &fa, err)) != CK_OK ||
            (st = latest(h, repo, tag, engine_b, &c.scan_b, &c.time_b, &fb, err)) != CK_OK)
            goto cleanup;
        if (c.scan_a || c.scan_b)
            break;
    }
    if (!c.scan_a && !c.scan_b) {
        st = ck_err_set(err, CK_ERR_NOTFOUND, "neither %s nor %s has a successful scan of %s in the history", engine_a,
                        engine_b, image);
        goto cleanup;
    }
    c.engine_a = ck_text_dup(engine_a);
    c.engine_b = ck_text_dup(engine_b);
    c.repository = repo;
    c.tag = tag;
    repo = tag = NULL;
    if (!c.engine_a || !c.engine_b || (st = ck_coverage_compute(&c, &fa, &fb)) != CK_OK) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    ck_coverage_release(out);
    *out = c;
    ck_coverage_init(&c);

cleanup:
    free(repo);
    free(tag);
    free(digest);
    ck_history_findings_release(&fa);
    ck_history_findings_release(&fb);
    ck_coverage_release(&c);
    return st;
}

/* ---- output ---------------------------------------------------------------------- */

static void put_scan(struct ck_buf *out, const char *engine, int64_t scan, int64_t when)
{
    char iso[32];
    if (!scan) {
        ck_buf_printf(out, "%s (no scan)", engine);
        return;
    }
    ck_text_format_time(when, iso, sizeof iso);
    ck_buf_printf(out, "%s (scan %lld, %s)", engine, (long long)scan, iso);
}

/* Pads s to width (by bytes; wider text is cut with "~"). */
static void put_col(struct ck_buf *out, const char *s, int width)
{
    int n = (int)strlen(s ? s : "");
    if (n > width) {
        ck_buf_append(out, s, (size_t)(width - 1));
        ck_buf_putc(out, '~');
    } else {
        ck_buf_printf(out, "%s%*s", s ? s : "", width - n, "");
    }
    ck_buf_puts(out, "  ");
}

static int col_width(const struct ck_coverage *c, int which, int cap)
{
    size_t i;
    int w = which == 0 ? 2 : which == 1 ? 7 : 9;
    for (i = 0; i < c->count; i++) {
        const struct ck_history_finding *f = c->rows[i].a ? c->rows[i].a : c->rows[i].b;
        const char *s = which == 0 ? ck_report_finding_id(f) : which == 1 ? f->package : f->installed;
        int n = (int)strlen(s ? s : "");
        if (n > w)
            w = n;
    }
    return w > cap ? cap : w;
}

enum ck_status ck_coverage_text(const struct ck_coverage *c, struct ck_buf *out)
{
    int wid = col_width(c, 0, 28), wpkg = col_width(c, 1, 32), wver = col_width(c, 2, 28);
    int wa = (int)strlen(c->engine_a ? c->engine_a : ""), wb = (int)strlen(c->engine_b ? c->engine_b : "");
    size_t i;

    if (wa < 10)
        wa = 10;
    if (wb < 10)
        wb = 10;
    ck_buf_printf(out, "Coverage of %s%s%s\n  A: ", c->repository ? c->repository : "",
                  c->tag && *c->tag ? ":" : "", c->tag ? c->tag : "");
    put_scan(out, c->engine_a, c->scan_a, c->time_a);
    ck_buf_puts(out, "\n  B: ");
    put_scan(out, c->engine_b, c->scan_b, c->time_b);
    ck_buf_printf(out, "\n  both %zu, only %s %zu, only %s %zu\n\n", c->both, c->engine_a, c->only_a, c->engine_b,
                  c->only_b);
    put_col(out, "ID", wid);
    put_col(out, "PACKAGE", wpkg);
    put_col(out, "INSTALLED", wver);
    put_col(out, c->engine_a, wa);
    put_col(out, c->engine_b, wb);
    ck_buf_puts(out, "FOUND BY\n");
    for (i = 0; i < c->count; i++) {
        const struct ck_coverage_row *r = &c->rows[i];
        const struct ck_history_finding *f = r->a ? r->a : r->b;
        put_col(out, ck_report_finding_id(f), wid);
        put_col(out, f->package, wpkg);
        put_col(out, f->installed, wver);
        put_col(out, r->a ? ck_severity_str(r->a->severity) : "-", wa);
        put_col(out, r->b ? ck_severity_str(r->b->severity) : "-", wb);
        ck_buf_printf(out, "%s\n", r->a && r->b ? "both" : r->a ? c->engine_a : c->engine_b);
    }
    return ck_buf_status(out);
}

enum ck_status ck_coverage_csv(const struct ck_coverage *c, struct ck_csv *w)
{
    const char *engines[2] = {c->engine_a ? c->engine_a : "A", c->engine_b ? c->engine_b : "B"};
    size_t i;
    int e;

    ck_csv_cell(w, "Image");
    ck_csv_cell(w, "Tag");
    ck_csv_cell(w, "Id");
    ck_csv_cell(w, "Package");
    ck_csv_cell(w, "Installed");
    ck_csv_cell(w, "Found by");
    for (e = 0; e < 2; e++) {
        struct ck_buf h;
        static const char *const what[] = {"record id", "severity", "fixed version"};
        int k;
        ck_buf_init(&h);
        for (k = 0; k < 3; k++) {
            ck_buf_reset(&h);
            ck_buf_printf(&h, "%s %s", engines[e], what[k]);
            ck_csv_cell(w, h.data ? h.data : engines[e]);
        }
        ck_buf_release(&h);
    }
    ck_csv_end_row(w);
    for (i = 0; i < c->count && w->status == CK_OK; i++) {
        const struct ck_coverage_row *r = &c->rows[i];
        const struct ck_history_finding *f = r->a ? r->a : r->b, *side[2];
        ck_csv_cell(w, c->repository);
        ck_csv_cell(w, c->tag);
        ck_csv_cell(w, ck_report_finding_id(f));
        ck_csv_cell(w, f->package);
        ck_csv_cell(w, f->installed);
        ck_csv_cell(w, r->a && r->b ? "both" : r->a ? engines[0] : engines[1]);
        side[0] = r->a;
        side[1] = r->b;
        for (e = 0; e < 2; e++) {
            ck_csv_cell(w, side[e] ? side[e]->record_id : NULL);
            ck_csv_cell(w, side[e] ? ck_severity_str(side[e]->severity) : NULL);
            ck_csv_cell(w, side[e] ? side[e]->fixed : NULL);
        }
        ck_csv_end_row(w);
    }
    return w->status;
}
