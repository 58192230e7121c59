/* Imports of other scanners' reports: recognising the format, reading files
 * and folders, storing into the history (see import.h). The formats are in
 * import_<engine>.c, what they share in importer.c. */
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
#include "util/text.h"

/* ---- formats ---------------------------------------------------------------- */

static const char *const format_names[] = {"auto", "trivy", "grype", "docker-scout", "snyk", "containerkitty"};

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
    if (ck_json_str(root, "repository") && ck_json_str(root, "scanned_at") && ck_json_array(root, "packages") &&
        ck_json_array(root, "findings") && has(root, "vulnerable_paths"))
        return CK_IMPORT_OWN;
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
    case CK_IMPORT_OWN:
        return ck_import_own(im, root, err);
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
        st = ck_buf_status(&b) != CK_OK ? CK_ERR_NOMEM : ck_import_result_warn(out, ck_json_clean_text(ck_buf_str(&b)));
        ck_buf_release(&b);
    }
    if (st != CK_OK) {
        ck_import_result_truncate(out, scans, warnings);
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

/* Collects every entry's name; non-zero stops the listing. */
static int collect_name(void *ctx, const char *name)
{
    struct names *n = ctx;
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

/* Runners' artifacts arrive as results/<job>/<file>; deeper than this is no
 * report folder, and a bound keeps a hostile tree from recursing forever. */
#define IMPORT_FOLDER_DEPTH 4

static enum ck_status import_folder(const char *path, int depth, const struct ck_import_options *opts,
                                    struct ck_import_result *out, struct ck_err *err);

/* One entry of a folder: a report file is read (a failure becomes a
 * warning), a subfolder descended into; links and anything else are passed
 * over, so that nothing outside the folder is read. */
static enum ck_status import_entry(const char *file, int depth, const struct ck_import_options *opts,
                                   struct ck_import_result *out, struct ck_err *err)
{
    struct ck_err e;
    enum ck_status st;
    enum ck_fs_kind kind = ck_fs_kind_of(file);

    ck_err_clear(&e);
    if (kind == CK_FS_DIR && depth < IMPORT_FOLDER_DEPTH)
        st = import_folder(file, depth + 1, opts, out, &e);
    else if (kind == CK_FS_FILE && (ends_with(file, ".json") || ends_with(file, ".sarif")))
        st = import_file(file, opts, out, &e);
    else
        return CK_OK;
    if (st == CK_ERR_NOMEM)
        return ck_err_set(err, st, "%s", e.msg);
    if (st != CK_OK && ck_import_result_warn(out, ck_json_clean_text(e.msg)) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "%s: out of memory", file);
    return CK_OK;
}

static enum ck_status import_folder(const char *path, int depth, const struct ck_import_options *opts,
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
        char *file = ck_path_join(path, names.items[i]);
        st = file ? import_entry(file, depth, opts, out, err) : ck_err_set(err, CK_ERR_NOMEM, "%s: out of memory", path);
        free(file);
    }
    for (i = 0; i < names.count; i++)
        free(names.items[i]);
    free(names.items);
    if (st != CK_OK)
        ck_import_result_truncate(out, scans, warnings);
    return st;
}

enum ck_status ck_import_read(const char *path, const struct ck_import_options *opts, struct ck_import_result *out,
                              struct ck_err *err)
{
    if (ck_is_dir(path))
        return import_folder(path, 0, opts, out, err);
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
    if (!s->inventory && s->os && !(inv.os.pretty_name = ck_text_dup(s->os)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    memset(&in, 0, sizeof in);
    in.repository = s->repository;
    in.tag = s->tag ? s->tag : "";
    in.digest = s->digest;
    in.engine = s->engine;
    in.started_at = in.finished_at = s->scanned_at ? s->scanned_at : now;
    in.error = s->error;
    in.data_age = -1;
    in.inventory = s->inventory ? s->inventory : s->os ? &inv : NULL;
    in.findings = s->error ? NULL : &s->findings;
    in.image_key = s->image_key;
    in.not_assessed = s->not_assessed;
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
