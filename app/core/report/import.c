/* Imports of other scanners' reports: recognising the format, the helpers
 * every importer uses, reading files and folders, storing into the history
 * (see import.h). The formats themselves are in import_<engine>.c. */
#include "report/import.h"
#include "util/array.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform/dir.h"
#include "platform/file.h"
#include "platform/platform.h"
#include "report/findindex.h"
#include "report/importer.h"
#include "report/report.h"
#include "util/buf.h"
#include "vuln/cvss.h"
#include "vuln/text.h"

/* ---- formats ---------------------------------------------------------------- */

static const char *const format_names[] = {"auto", "trivy", "grype", "docker-scout", "snyk"};

const char *ck_import_format_str(enum ck_import_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "?";
}

int ck_import_format_parse(const char *name, enum ck_import_format *out)
{
    size_t i;
    if (!name)
        return -1;
    if (!strcmp(name, "scout")) {
        *out = CK_IMPORT_SCOUT;
        return 0;
    }
    for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (!strcmp(name, format_names[i])) {
            *out = (enum ck_import_format)i;
            return 0;
        }
    return -1;
}

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
    memset(s, 0, sizeof *s);
}

/* Drops the scans and warnings past the given counts (a failed parse). */
static void result_truncate(struct ck_import_result *r, size_t scans, size_t warnings)
{
    while (r->count > scans)
        scan_release(&r->scans[--r->count]);
    while (r->warning_count > warnings)
        free(r->warnings[--r->warning_count]);
}

void ck_import_result_release(struct ck_import_result *r)
{
    result_truncate(r, 0, 0);
    free(r->scans);
    free(r->warnings);
    memset(r, 0, sizeof *r);
}

static enum ck_status push_warning(struct ck_import_result *r, char *msg)
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
    push_warning(im->out, ck_json_clean_text(ck_buf_str(&b)));
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

/* ---- after an importer: one finding per identity, a time from the name ------- */

static int dedupe_cmp(const void *pa, const void *pb)
{
    const struct ck_history_finding *a = *(const struct ck_history_finding *const *)pa;
    const struct ck_history_finding *b = *(const struct ck_history_finding *const *)pb;
    int c = ck_findkey_cmp(CK_FINDKEY_RECORD, a, b);
    return c ? c : (a > b) - (a < b); /* same key: in the report's order */
}

/* Keeps the first finding of each (record id, package). */
static enum ck_status dedupe(struct ck_history_findings *f)
{
    struct ck_history_finding **order;
    size_t i, out = 0;

    if (f->count < 2)
        return CK_OK;
    if (!(order = malloc(f->count * sizeof *order)))
        return CK_ERR_NOMEM;
    for (i = 0; i < f->count; i++)
        order[i] = &f->items[i];
    qsort(order, f->count, sizeof *order, dedupe_cmp);
    /* A duplicate loses its record id: the mark for the compaction below. */
    for (i = f->count - 1; i > 0; i--)
        if (ck_findkey_cmp(CK_FINDKEY_RECORD, order[i - 1], order[i]) == 0)
            ck_history_finding_release(order[i]);
    free(order);
    for (i = 0; i < f->count; i++)
        if (f->items[i].record_id)
            f->items[out++] = f->items[i];
    f->count = out;
    return CK_OK;
}

/* The original ContainerKitty named its files <repo>_<tag>_<yyyyMMdd-HHmm>.json
 * (local time): the scan time of a report that has none inside. */
static int digits(const char *p, int n)
{
    int v = 0;
    while (n--)
        v = v * 10 + (*p++ - '0');
    return v;
}

static int64_t time_from_name(const char *name)
{
    const char *p = name ? strrchr(name, '_') : NULL;
    struct tm tm;
    int i;
    time_t t;

    if (!p || strlen(p) < 14 || p[9] != '-')
        return 0;
    for (i = 1; i <= 13; i++)
        if (i != 9 && !isdigit((unsigned char)p[i]))
            return 0;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = digits(p + 1, 4) - 1900;
    tm.tm_mon = digits(p + 5, 2) - 1;
    tm.tm_mday = digits(p + 7, 2);
    tm.tm_hour = digits(p + 10, 2);
    tm.tm_min = digits(p + 12, 2);
    tm.tm_isdst = -1;
    if (tm.tm_year < 70 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59)
        return 0;
    t = mktime(&tm);
    return t == (time_t)-1 ? 0 : (int64_t)t;
}

/* ---- parsing ------------------------------------------------------------------ */

static int has(const cJSON *obj, const char *key)
{
    return ck_json_get(obj, key) != NULL;
}

/* What a JSON document is, for the message when we do not read it. */
static const char *describe(const cJSON *root)
{
    if (has(root, "bomFormat"))
        return "a CycloneDX document";
    if (has(root, "@context") && has(root, "statements"))
        return "an OpenVEX document";
    if (has(root, "spdxVersion"))
        return "an SPDX document";
    if (has(root, "runs"))
        return "SARIF from a tool other than Docker Scout";
    return "no scanner report we know";
}

static int is_scout(const cJSON *root)
{
    const cJSON *run;
    cJSON_ArrayForEach(run, ck_json_array(root, "runs"))
    {
        const char *name = ck_json_str(ck_json_get(ck_json_get(run, "tool"), "driver"), "name");
        const char *full = ck_json_str(ck_json_get(ck_json_get(run, "tool"), "driver"), "fullName");
        if ((name && strstr(name, "scout")) || (full && strstr(full, "Scout")))
            return 1;
    }
    return 0;
}

static enum ck_import_format detect(const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return CK_IMPORT_AUTO;
    if (has(root, "SchemaVersion") || (has(root, "ArtifactName") && has(root, "Results")))
        return CK_IMPORT_TRIVY;
    if (ck_json_array(root, "matches") && (has(root, "descriptor") || has(root, "source")))
        return CK_IMPORT_GRYPE;
    if (ck_json_array(root, "runs") && is_scout(root))
        return CK_IMPORT_SCOUT;
    if ((ck_json_array(root, "vulnerabilities") &&
         (has(root, "packageManager") || has(root, "projectName") || has(root, "uniqueCount") ||
          has(root, "dependencyCount"))) ||
        (cJSON_IsBool(ck_json_get(root, "ok")) && ck_json_str(root, "error")))
        return CK_IMPORT_SNYK;
    return CK_IMPORT_AUTO;
}

static enum ck_status import_one(struct ck_importer *im, const cJSON *root, enum ck_import_format fmt,
                                 struct ck_err *err)
{
    enum ck_import_format found = fmt != CK_IMPORT_AUTO ? fmt : detect(root);

    switch (found) {
    case CK_IMPORT_TRIVY:
        return ck_import_trivy(im, root, err);
    case CK_IMPORT_GRYPE:
        return ck_import_grype(im, root, err);
    case CK_IMPORT_SCOUT:
        return ck_import_scout(im, root, err);
    case CK_IMPORT_SNYK:
        return ck_import_snyk(im, root, err);
    default:
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: %s", im->name,
                          cJSON_IsObject(root) ? describe(root) : "not a JSON object");
    }
}

enum ck_status ck_import_parse(const char *data, size_t len, const char *name, const struct ck_import_options *opts,
                               struct ck_import_result *out, struct ck_err *err)
{
    struct ck_importer im;
    size_t scans = out->count, warnings = out->warning_count, i;
    enum ck_import_format fmt = opts ? opts->format : CK_IMPORT_AUTO;
    cJSON *root;
    enum ck_status st = CK_OK;

    memset(&im, 0, sizeof im);
    im.out = out;
    im.name = name ? name : "report";
    im.opts = opts;
    /* A UTF-8 byte order mark is allowed before JSON text by some writers. */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        data += 3, len -= 3;
    root = cJSON_ParseWithLength(data, len);
    if (!root)
        return ck_err_set(err, CK_ERR_PARSE, "%s: not JSON (or nested too deeply)", im.name);
    if (cJSON_IsArray(root)) {
        const cJSON *item;
        if (cJSON_GetArraySize(root) == 0)
            ck_importer_warn(&im, "an empty array: no reports");
        cJSON_ArrayForEach(item, root)
        {
            if ((st = import_one(&im, item, fmt, err)) != CK_OK)
                break;
        }
    } else {
        st = import_one(&im, root, fmt, err);
    }
    cJSON_Delete(root);
    for (i = scans; st == CK_OK && i < out->count; i++) {
        st = dedupe(&out->scans[i].findings);
        if (!out->scans[i].scanned_at)
            out->scans[i].scanned_at = time_from_name(im.name);
    }
    if (st == CK_OK && im.warnings > CK_IMPORT_MAX_WARNINGS) {
        struct ck_buf b;
        ck_buf_init(&b);
        ck_buf_printf(&b, "%s: %zu more warnings not shown", im.name, im.warnings - CK_IMPORT_MAX_WARNINGS);
        st = ck_buf_status(&b) != CK_OK ? CK_ERR_NOMEM : push_warning(out, ck_json_clean_text(ck_buf_str(&b)));
        ck_buf_release(&b);
    }
    if (st != CK_OK) {
        result_truncate(out, scans, warnings);
        if (st == CK_ERR_NOMEM)
            ck_err_set(err, st, "%s: out of memory", im.name);
    }
    return st;
}

/* ---- files and folders --------------------------------------------------------------- */

static enum ck_status read_file(const char *path, char **data, size_t *len, struct ck_err *err)
{
    struct ck_buf b;
    enum ck_status st;

    ck_buf_init(&b);
    if ((st = ck_file_read_all(path, CK_IMPORT_MAX_BYTES, &b, err)) != CK_OK)
        return st;
    *len = b.len;
    *data = ck_buf_take(&b);
    return CK_OK;
}

static enum ck_status import_file(const char *path, const struct ck_import_options *opts,
                                  struct ck_import_result *out, struct ck_err *err)
{
    char *data = NULL;
    size_t len = 0;
    enum ck_status st = read_file(path, &data, &len, err);
    if (st == CK_OK)
        st = ck_import_parse(data, len, path, opts, out, err);
    free(data);
    return st;
}

struct names {
    char **items;
    size_t count, cap;
    int oom;
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && ck_text_casecmp(s + n - m, suffix) == 0;
}

/* Collects the names that look like reports; non-zero stops the listing. */
static int collect_name(void *ctx, const char *name)
{
    struct names *n = ctx;
    if (!(ends_with(name, ".json") || ends_with(name, ".sarif")))
        return 0;
    if (n->count == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 32;
        char **p = realloc(n->items, cap * sizeof *p);
        if (!p)
            return n->oom = 1;
        n->items = p;
        n->cap = cap;
    }
    if (!(n->items[n->count] = ck_text_dup(name)))
        return n->oom = 1;
    n->count++;
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum ck_status import_folder(const char *path, const struct ck_import_options *opts,
                                    struct ck_import_result *out, struct ck_err *err)
{
    struct names names = {0};
    size_t i, scans = out->count, warnings = out->warning_count;
    enum ck_status st = ck_dir_list(path, collect_name, &names);

    if (st != CK_OK)
        ck_err_set(err, st, "cannot list the folder %s", path);
    else if (names.oom)
        st = ck_err_set(err, CK_ERR_NOMEM, "%s: out of memory", path);
    if (st == CK_OK && names.count)
        qsort(names.items, names.count, sizeof *names.items, name_cmp);
    for (i = 0; st == CK_OK && i < names.count; i++) {
        struct ck_err e;
        char *file = ck_path_join(path, names.items[i]);
        enum ck_status fst;
        if (!file) {
            st = ck_err_set(err, CK_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        ck_err_clear(&e);
        if (ck_fs_kind_of(file) != CK_FS_FILE) { /* a folder or link named *.json */
            free(file);
            continue;
        }
        fst = import_file(file, opts, out, &e);
        free(file);
        if (fst == CK_ERR_NOMEM)
            st = ck_err_set(err, fst, "%s", e.msg);
        else if (fst != CK_OK && push_warning(out, ck_json_clean_text(e.msg)) != CK_OK)
            st = ck_err_set(err, CK_ERR_NOMEM, "%s: out of memory", path);
    }
    for (i = 0; i < names.count; i++)
        free(names.items[i]);
    free(names.items);
    if (st != CK_OK)
        result_truncate(out, scans, warnings);
    return st;
}

enum ck_status ck_import_read(const char *path, const struct ck_import_options *opts, struct ck_import_result *out,
                              struct ck_err *err)
{
    if (ck_is_dir(path))
        return import_folder(path, opts, out, err);
    return import_file(path, opts, out, err);
}

/* ---- into the history ---------------------------------------------------------------- */

static enum ck_status already_stored(struct ck_history *h, const struct ck_import_scan *s, int *found,
                                     struct ck_err *err)
{
    struct ck_scan_info *scans = NULL;
    size_t n = 0, i;
    enum ck_status st;

    *found = 0;
    if (!s->scanned_at)
        return CK_OK;
    st = ck_history_list_scans(h, s->repository, s->tag, &scans, &n, err);
    if (st == CK_ERR_NOTFOUND)
        return CK_OK;
    if (st != CK_OK)
        return st;
    for (i = 0; i < n && !*found; i++)
        *found = scans[i].started_at == s->scanned_at && scans[i].engine && !strcmp(scans[i].engine, s->engine);
    ck_scan_infos_free(scans, n);
    return CK_OK;
}

static enum ck_status store_one(struct ck_history *h, const struct ck_import_scan *s, int64_t now,
                                struct ck_err *err)
{
    struct ck_scan_input in;
    struct ck_inventory inv;
    enum ck_status st;

    ck_inventory_init(&inv);
    if (s->os && !(inv.os.pretty_name = ck_text_dup(s->os)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    memset(&in, 0, sizeof in);
    in.repository = s->repository;
    in.tag = s->tag ? s->tag : "";
    in.digest = s->digest;
    in.engine = s->engine;
    in.started_at = in.finished_at = s->scanned_at ? s->scanned_at : now;
    in.error = s->error;
    in.data_age = -1;
    in.inventory = s->os ? &inv : NULL;
    in.findings = s->error ? NULL : &s->findings;
    st = ck_history_store_scan(h, &in, NULL, err);
    ck_inventory_release(&inv);
    return st;
}

enum ck_status ck_import_store(struct ck_history *h, const struct ck_import_result *res, struct ck_import_stats *stats,
                               struct ck_err *err)
{
    struct ck_import_stats counts = {0, 0};
    int64_t now = ck_time_now();
    enum ck_status st = CK_OK;
    size_t i;

    for (i = 0; i < res->count && st == CK_OK; i++) {
        int found = 0;
        st = already_stored(h, &res->scans[i], &found, err);
        if (st == CK_OK && found)
            counts.skipped++;
        else if (st == CK_OK && (st = store_one(h, &res->scans[i], now, err)) == CK_OK)
            counts.stored++;
    }
    if (stats)
        *stats = counts;
    return st;
}
