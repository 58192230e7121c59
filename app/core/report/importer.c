/* What every importer shares (see importer.h): the result being filled and
 * the helpers that turn a finding as a report writes it into a history
 * finding. */
#include "report/importer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"
#include "vuln/cvss.h"

/* ---- the result ------------------------------------------------------------------ */

void ck_import_result_init(struct ck_import_result *r)
{
    memset(r, 0, sizeof *r);
}

static void scan_release(struct ck_import_scan *s)
{
    free(s->repository);
    free(s->tag);
    free(s->digest);
    free(s->engine);
    free(s->os);
    free(s->error);
    free(s->source);
    ck_history_findings_release(&s->findings);
    if (s->inventory)
        ck_inventory_release(s->inventory);
    free(s->inventory);
    free(s->image_key);
    free(s->not_assessed);
    memset(s, 0, sizeof *s);
}

/* Drops the scans and warnings past the given counts (a failed parse). */
void ck_import_result_truncate(struct ck_import_result *r, size_t scans, size_t warnings)
{
    while (r->count > scans)
        scan_release(&r->scans[--r->count]);
    while (r->warning_count > warnings)
        free(r->warnings[--r->warning_count]);
}

void ck_import_result_release(struct ck_import_result *r)
{
    ck_import_result_truncate(r, 0, 0);
    free(r->scans);
    free(r->warnings);
    memset(r, 0, sizeof *r);
}

enum ck_status ck_import_result_warn(struct ck_import_result *r, char *msg)
{
    if (!msg)
        return CK_ERR_NOMEM;
    if (r->warning_count == r->warning_cap) {
        size_t cap = r->warning_cap ? r->warning_cap * 2 : 16;
        char **p = realloc(r->warnings, cap * sizeof *p);
        if (!p) {
            free(msg);
            return CK_ERR_NOMEM;
        }
        r->warnings = p;
        r->warning_cap = cap;
    }
    r->warnings[r->warning_count++] = msg;
    return CK_OK;
}

/* ---- helpers for the importers ---------------------------------------------------- */

void ck_importer_warn(struct ck_importer *im, const char *fmt, ...)
{
    struct ck_buf b;
    va_list ap;
    char line[1024];

    if (im->warnings++ >= CK_IMPORT_MAX_WARNINGS)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ck_buf_init(&b);
    if (ck_buf_printf(&b, "%s: %s", im->name, line) != CK_OK) {
        ck_buf_release(&b);
        return;
    }
    /* The text may quote the report: keep what we print valid UTF-8. */
    ck_import_result_warn(im->out, ck_json_clean_text(ck_buf_str(&b)));
    ck_buf_release(&b);
}

/* The file name without folders and extension ("scout-report"). */
static char *name_stem(const char *path)
{
    const char *base = path, *p, *dot;
    for (p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    dot = strchr(base, '.');
    return ck_text_dupn(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

static enum ck_status set_image(struct ck_import_scan *s, const char *ref)
{
    char *repo, *tag, *digest;
    if (ck_report_parse_image(ref, &repo, &tag, &digest) != CK_OK)
        return CK_ERR_NOMEM;
    free(s->repository);
    free(s->tag);
    s->repository = repo;
    s->tag = tag;
    if (digest) {
        free(s->digest);
        s->digest = digest;
    }
    return CK_OK;
}

struct ck_import_scan *ck_importer_scan(struct ck_importer *im, const char *engine, const char *ref)
{
    struct ck_import_result *r = im->out;
    struct ck_import_scan *s;
    char *stem = NULL, *clean = NULL;
    enum ck_status st;

    if (CK_ARRAY_GROW(r->scans, r->count, r->cap) != CK_OK)
        return NULL;
    s = &r->scans[r->count];
    memset(s, 0, sizeof *s);
    ck_history_findings_init(&s->findings);
    if (im->opts && im->opts->image && *im->opts->image)
        ref = im->opts->image;
    else if (!ref || !*ref)
        ref = stem = name_stem(im->name);
    clean = ck_json_clean_text(ref);
    s->engine = ck_text_dup(engine);
    s->source = ck_text_dup(im->name);
    if (!clean || !s->engine || !s->source) {
        st = CK_ERR_NOMEM;
    } else if (stem) { /* a file name is no image reference: kept as it is */
        s->repository = clean;
        clean = NULL;
        st = (s->tag = ck_text_dup("")) != NULL ? CK_OK : CK_ERR_NOMEM;
    } else {
        st = set_image(s, clean);
    }
    free(stem);
    free(clean);
    if (st != CK_OK) {
        scan_release(s);
        return NULL;
    }
    r->count++;
    return s;
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

struct ck_import_scan *ck_importer_same_image(struct ck_importer *im, struct ck_import_scan *s)
{
    struct ck_import_result *r = im->out;
    size_t i;

    for (i = 0; i + 1 < r->count; i++) {
        struct ck_import_scan *e = &r->scans[i];
        if (same_text(e->source, s->source) && same_text(e->engine, s->engine) &&
            same_text(e->repository, s->repository) && same_text(e->tag, s->tag) && !e->error && !s->error) {
            scan_release(&r->scans[--r->count]);
            return e;
        }
    }
    return s;
}

static char *trimmed_copy(const char *s)
{
    const char *end;
    char *raw, *out;
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    if (end == s)
        return NULL;
    raw = ck_text_dupn(s, (size_t)(end - s));
    out = ck_json_clean_text(raw);
    free(raw);
    return out;
}

/* Severity of f: the report's word, Unknown with a warning when we do not
 * know the word. */
static enum ck_severity severity_of(struct ck_importer *im, const struct ck_import_finding *f, const char *id)
{
    enum ck_severity sev = CK_SEV_UNKNOWN;
    if (f->severity && *f->severity && ck_severity_parse(f->severity, &sev) != 0) {
        char *word = ck_json_clean_text(f->severity);
        ck_importer_warn(im, "%s in %s: unknown severity '%.40s', counted as Unknown", id, f->package,
                         word ? word : "?");
        free(word);
        sev = CK_SEV_UNKNOWN;
    }
    return sev;
}

/* CVSS vector and score of f checked into out (vector dropped when invalid,
 * score computed from the vector when the report gives none). */
static void cvss_of(struct ck_importer *im, const struct ck_import_finding *f, const char *id,
                    struct ck_history_finding *out)
{
    struct ck_cvss cv;
    struct ck_err e;

    out->cvss_score = f->cvss_score;
    if (out->cvss_score > 10.0 || (out->cvss_score < 0 && out->cvss_score != -1)) {
        ck_importer_warn(im, "%s in %s: CVSS score %g out of range, dropped", id, f->package, f->cvss_score);
        out->cvss_score = -1;
    }
    if (!f->cvss_vector || !*f->cvss_vector)
        return;
    if (ck_cvss_parse(f->cvss_vector, &cv, &e) != CK_OK) {
        char *v = ck_json_clean_text(f->cvss_vector);
        ck_importer_warn(im, "%s in %s: CVSS vector '%.100s' dropped: %s", id, f->package, v ? v : "?", e.msg);
        free(v);
        return;
    }
    out->cvss_vector = ck_text_dup(cv.vector);
    if (out->cvss_score < 0 && cv.score10 != CK_CVSS_NO_SCORE)
        out->cvss_score = cv.score10 / 10.0;
}

enum ck_status ck_importer_add(struct ck_importer *im, struct ck_import_scan *s, const struct ck_import_finding *f)
{
    struct ck_history_finding h;
    enum ck_status st;

    memset(&h, 0, sizeof h);
    h.record_id = trimmed_copy(f->record_id);
    h.package = trimmed_copy(f->package);
    if (!h.record_id || !h.package) {
        ck_importer_warn(im, "a finding without %s (%s%s%s) skipped", h.record_id ? "package" : "identifier",
                         h.record_id ? h.record_id : "", h.record_id && h.package ? " " : "",
                         h.package ? h.package : "");
        ck_history_finding_release(&h);
        return CK_OK;
    }
    h.cve = trimmed_copy(f->cve);
    if (!h.cve && !strncmp(h.record_id, "CVE-", 4))
        h.cve = ck_text_dup(h.record_id);
    h.source_name = trimmed_copy(f->source_name);
    h.installed = trimmed_copy(f->installed);
    h.fixed = trimmed_copy(f->fixed);
    h.severity = severity_of(im, f, h.record_id);
    cvss_of(im, f, h.record_id, &h);
    h.title = trimmed_copy(f->title);
    h.description = trimmed_copy(f->description);
    h.refs = trimmed_copy(f->refs);
    h.first_seen = 0;
    st = ck_history_findings_add(&s->findings, &h);
    ck_history_finding_release(&h);
    return st;
}

enum ck_status ck_importer_url(struct ck_buf *b, const char *url)
{
    const char *p;
    size_t n;

    if (!url || !*url)
        return CK_OK;
    n = strlen(url);
    for (p = b->data; p && *p; p += strcspn(p, "\n"), p += *p == '\n')
        if (strncmp(p, url, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return CK_OK;
    if (b->len && ck_buf_putc(b, '\n') != CK_OK)
        return CK_ERR_NOMEM;
    return ck_buf_puts(b, url);
}

enum ck_status ck_importer_urls(struct ck_buf *b, const cJSON *arr, const char *member)
{
    const cJSON *v;
    enum ck_status st = CK_OK;

    if (!cJSON_IsArray(arr))
        return CK_OK;
    cJSON_ArrayForEach(v, arr)
    {
        const char *url = cJSON_IsString(v) ? v->valuestring : member ? ck_json_str(v, member) : NULL;
        if ((st = ck_importer_url(b, url)) != CK_OK)
            break;
    }
    return st;
}

const char *ck_importer_first_with(const cJSON *arr, const char *prefix)
{
    const cJSON *v;
    size_t n = strlen(prefix);
    if (!cJSON_IsArray(arr))
        return NULL;
    cJSON_ArrayForEach(v, arr)
    {
        if (cJSON_IsString(v) && v->valuestring && !strncmp(v->valuestring, prefix, n))
            return v->valuestring;
    }
    return NULL;
}

