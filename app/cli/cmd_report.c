/* ckitty report / import / coverage: reports for risk review, imports of
 * other scanners' results, and the coverage of an image by two engines.
 *   ckitty report [--csv FILE] [--preset original|extended|unmanaged]
 *                 [--format text|html|sarif|cyclonedx] [-o FILE]
 *                 [--scan ID | --latest | --compare FROM TO] [--engine NAME]
 *                 [--no-review] [--db FILE] [--history FILE]
 *   ckitty import FILE|DIR... [--format trivy|grype|scout|snyk|containerkitty] [--image REF]
 *                 [--history FILE]
 *   ckitty coverage IMAGE --engines A,B [--csv FILE] [--history FILE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "report/coverage.h"
#include "report/cyclonedx.h"
#include "report/export.h"
#include "report/html.h"
#include "report/import.h"
#include "report/sarif.h"
#include "report/scope.h"
#include "report/summary.h"
#include "store/history.h"
#include "vuln/vulndb.h"
#include "util/log.h"

/* A scan id argument: a positive integer. */
static int scan_id(const char *cmd, const char *text, int64_t *out)
{
    char *end;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end || v <= 0)
        return ck_cli_fail("%s: '%s' is no scan id (ckitty history lists them)", cmd, text);
    *out = v;
    return CK_EXIT_OK;
}

/* The document to path (NULL: the standard output). */
static int emit(const char *cmd, const char *path, const struct ck_buf *b)
{
    int rc = ck_cli_write_output(cmd, path, b->data, b->len);
    if (rc == CK_EXIT_OK && path && strcmp(path, "-") != 0)
        ck_log(CK_LOG_SUCCESS, "wrote %s", path);
    return rc;
}

/* ---- report ---------------------------------------------------------------- */

enum format { FMT_NONE = 0, FMT_TEXT, FMT_HTML, FMT_SARIF, FMT_CYCLONEDX };

struct report_args {
    const char *history;
    const char *db;
    int no_review;
    const char *csv;
    const char *out;
    int has_preset;
    enum ck_csv_preset preset;
    enum format format;
    struct ck_scope scope;
    int latest, scan, compare;
};

static int on_preset(void *ctx, char **v)
{
    struct report_args *a = ctx;
    if (ck_csv_preset_parse(v[0], &a->preset) != 0)
        return ck_cli_fail("report: unknown preset '%s' (original, extended or unmanaged)", v[0]);
    a->has_preset = 1;
    return CK_EXIT_OK;
}

static int on_format(void *ctx, char **v)
{
    static const char *const names[] = {"", "text", "html", "sarif", "cyclonedx"};
    struct report_args *a = ctx;
    int i;
    for (i = 1; i < 5; i++)
        if (!strcmp(v[0], names[i])) {
            a->format = (enum format)i;
            return CK_EXIT_OK;
        }
    return ck_cli_fail("report: unknown format '%s' (text, html, sarif or cyclonedx)", v[0]);
}

static int on_scan(void *ctx, char **v)
{
    struct report_args *a = ctx;
    a->scan++;
    return scan_id("report", v[0], &a->scope.scan_id);
}

static int on_compare(void *ctx, char **v)
{
    struct report_args *a = ctx;
    int rc;
    a->compare++;
    if ((rc = scan_id("report", v[0], &a->scope.from_id)) != CK_EXIT_OK)
        return rc;
    return scan_id("report", v[1], &a->scope.scan_id);
}

static int report_parse(const struct ck_cli_command *self, struct report_args *a, int argc, char **argv)
{
    const struct ck_cli_option options[] = {
        {CK_OPT_STRING("--csv", NULL, &a->csv, "FILE", "write the findings as CSV")},
        {CK_OPT_CALL("--preset", NULL, on_preset, a, "P", "the CSV's columns: original (default), extended or unmanaged")},
        {CK_OPT_CALL("--format", NULL, on_format, a, "F", "the document: text, html, sarif or cyclonedx")},
        {CK_OPT_STRING("--output", "-o", &a->out, "FILE", "write the document to FILE")},
        {CK_OPT_FLAG("--latest", NULL, &a->latest, "the latest scan of every image (default)")},
        {CK_OPT_CALL("--scan", NULL, on_scan, a, "ID", "one scan (ckitty history lists them)")},
        {CK_OPT_CALL("--compare", NULL, on_compare, a, "FROM TO", "what changed from scan FROM to scan TO"),
         CK_OPT_VALUES(2)},
        {CK_OPT_STRING("--engine", NULL, &a->scope.engine, "NAME", "with --latest: the scans of one engine")},
        {CK_OPT_FLAG("--no-review", NULL, &a->no_review,
                     "leave out the triage decisions, EPSS, KEV and priority (the CSV: the preset's columns only)")},
        {CK_OPT_DB(&a->db)},
        {CK_OPT_HISTORY(&a->history)},
        {CK_OPT_END},
    };
    int rc;

    a->scope.kind = CK_SCOPE_LATEST;
    a->scope.compare_previous = 1;
    if ((rc = ck_cli_parse(self, options, argc, argv, NULL)) != CK_EXIT_OK)
        return rc;
    if (a->latest + a->scan + a->compare > 1)
        return ck_cli_fail("report: give one of --scan, --latest and --compare");
    if (a->scan)
        a->scope.kind = CK_SCOPE_SCAN;
    else if (a->compare)
        a->scope.kind = CK_SCOPE_COMPARE;
    if (a->has_preset && !a->csv)
        return ck_cli_fail("report: --preset applies to --csv FILE");
    if (a->scope.engine && a->scope.kind != CK_SCOPE_LATEST)
        return ck_cli_fail("report: --engine applies to --latest");
    /* Without --csv, or with -o, a document is written (text by default). */
    if (a->format == FMT_NONE && (!a->csv || a->out))
        a->format = FMT_TEXT;
    a->scope.with_packages = a->format == FMT_CYCLONEDX || (a->csv && a->preset == CK_CSV_UNMANAGED);
    a->scope.with_review = !a->no_review;
    return CK_EXIT_OK;
}

/* The vulnerability database for EPSS and KEV, when there is one: a report
 * without it still carries the decisions. */
static int open_exploit_data(const struct report_args *a, struct ck_vulndb **db)
{
    char *path = NULL;
    int rc;

    *db = NULL;
    if (a->no_review)
        return CK_EXIT_OK;
    if ((rc = ck_cli_vulndb_path("report", a->db, CK_CLI_READ, &path)) != CK_EXIT_OK)
        return rc;
    if (ck_file_exists(path))
        rc = ck_cli_vulndb_open("report", path, CK_CLI_READ, db);
    else if (a->db)
        rc = ck_cli_fail("report: no vulnerability database at %s", path);
    else
        ck_log(CK_LOG_INFO, "report: no vulnerability database yet: no EPSS or KEV facts (ckitty db update)");
    free(path);
    return rc;
}

static enum ck_status render(const struct ck_report *r, enum format f, struct ck_buf *out)
{
    switch (f) {
    case FMT_HTML:
        return ck_html_report(r, 0, out);
    case FMT_SARIF:
        return ck_sarif_report(r, out);
    case FMT_CYCLONEDX:
        return ck_cyclonedx_report(r, out);
    default:
        return ck_summary_text(r, out);
    }
}

int ck_cmd_report(const struct ck_cli_command *self, int argc, char **argv)
{
    struct report_args a = {0};
    struct ck_history *h = NULL;
    struct ck_vulndb *db = NULL;
    struct ck_report r;
    struct ck_buf doc;
    struct ck_err err;
    size_t rows = 0, i;
    int rc;

    ck_report_init(&r);
    ck_buf_init(&doc);
    if ((rc = report_parse(self, &a, argc, argv)) != CK_EXIT_OK ||
        (rc = ck_cli_history_open("report", a.history, CK_CLI_READ, &h)) != CK_EXIT_OK ||
        (rc = open_exploit_data(&a, &db)) != CK_EXIT_OK)
        goto cleanup;
    a.scope.exploit_db = db;
    if (ck_scope_load(h, &a.scope, &r, &err) != CK_OK) {
        rc = ck_cli_fail("report: %s", err.msg);
        goto cleanup;
    }
    if (!r.count)
        ck_log(CK_LOG_WARN, "report: the history has no scan%s%s to report", a.scope.engine ? " by " : "",
               a.scope.engine ? a.scope.engine : "");
    if (a.csv) {
        if (ck_export_csv_file(&r, a.preset, a.csv, &err) != CK_OK) {
            rc = ck_cli_fail("report: %s", err.msg);
            goto cleanup;
        }
        for (i = 0; i < r.count; i++)
            rows += a.preset == CK_CSV_UNMANAGED ? r.scans[i].packages.unmanaged_count
                    : r.scans[i].findings.count + (a.preset == CK_CSV_EXTENDED ? r.scans[i].fixed.count : 0);
        ck_log(CK_LOG_SUCCESS, "wrote %zu %s%s of %zu scan%s to %s", rows,
               a.preset == CK_CSV_UNMANAGED ? "unmanaged file" : "finding", rows == 1 ? "" : "s", r.count,
               r.count == 1 ? "" : "s", a.csv);
    }
    if (a.format != FMT_NONE) {
        if (render(&r, a.format, &doc) != CK_OK) {
            rc = ck_cli_fail("report: out of memory");
            goto cleanup;
        }
        rc = emit("report", a.out, &doc);
    }

cleanup:
    ck_buf_release(&doc);
    ck_report_release(&r);
    ck_vulndb_close(db);
    ck_history_close(h);
    return rc;
}

/* ---- import ------------------------------------------------------------------- */

static int on_import_format(void *ctx, char **v)
{
    if (ck_import_format_parse(v[0], ctx) != 0)
        return ck_cli_fail("import: unknown format '%s' (trivy, grype, scout, snyk or containerkitty)", v[0]);
    return CK_EXIT_OK;
}

int ck_cmd_import(const struct ck_cli_command *self, int argc, char **argv)
{
    struct ck_import_options opts = {0};
    struct ck_import_result res;
    struct ck_import_stats stats;
    struct ck_history *h = NULL;
    struct ck_err err;
    const char *history = NULL;
    const struct ck_cli_option options[] = {
        {CK_OPT_CALL("--format", NULL, on_import_format, &opts.format, "F",
                     "trivy, grype, scout, snyk or containerkitty (default: recognised from the file)")},
        {CK_OPT_STRING("--image", NULL, &opts.image, "REF", "the image the reports are about, when they do not say")},
        {CK_OPT_HISTORY(&history)},
        {CK_OPT_END},
    };
    char **paths = argv + 1;
    int npaths = 0, rc;
    size_t i;

    if ((rc = ck_cli_parse(self, options, argc, argv, &npaths)) != CK_EXIT_OK)
        return rc;
    if (!npaths)
        return ck_cli_fail("import: name a report file or folder");
    ck_import_result_init(&res);
    for (i = 0; i < (size_t)npaths; i++)
        if (ck_import_read(paths[i], &opts, &res, &err) != CK_OK) {
            rc = ck_cli_fail("import: %s", err.msg);
            goto cleanup;
        }
    for (i = 0; i < res.warning_count; i++)
        ck_log(CK_LOG_WARN, "%s", res.warnings[i]);
    if ((rc = ck_cli_history_open("import", history, CK_CLI_WRITE, &h)) != CK_EXIT_OK)
        goto cleanup;
    if (ck_import_store(h, &res, &stats, &err) != CK_OK) {
        rc = ck_cli_fail("import: %s", err.msg);
        goto cleanup;
    }
    for (i = 0; i < res.count; i++) {
        const struct ck_import_scan *s = &res.scans[i];
        if (s->error)
            ck_log(CK_LOG_INFO, "%s: %s%s%s (%s): failed scan: %s", s->source, s->repository, *s->tag ? ":" : "",
                   s->tag, s->engine, s->error);
        else
            ck_log(CK_LOG_INFO, "%s: %s%s%s (%s): %zu findings", s->source, s->repository, *s->tag ? ":" : "",
                   s->tag, s->engine, s->findings.count);
    }
    ck_log(CK_LOG_SUCCESS, "imported %zu scan%s (%zu already in the history)", stats.stored,
           stats.stored == 1 ? "" : "s", stats.skipped);

cleanup:
    ck_history_close(h);
    ck_import_result_release(&res);
    return rc;
}

/* ---- coverage -------------------------------------------------------------------- */

int ck_cmd_coverage(const struct ck_cli_command *self, int argc, char **argv)
{
    const char *history = NULL, *image, *engines = NULL, *csv = NULL, *comma;
    const struct ck_cli_option options[] = {
        {CK_OPT_STRING("--engines", NULL, &engines, "A,B", "the two engines, e.g. containerkitty,trivy")},
        {CK_OPT_STRING("--csv", NULL, &csv, "FILE", "also write the comparison as CSV")},
        {CK_OPT_HISTORY(&history)},
        {CK_OPT_END},
    };
    char *engine_a = NULL, *engine_b = NULL;
    struct ck_history *h = NULL;
    struct ck_coverage cov;
    struct ck_buf text;
    struct ck_err err;
    int nargs = 0, rc;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (nargs > 1)
        return ck_cli_fail("coverage: one image at a time");
    if (!nargs || !engines)
        return ck_cli_fail("coverage: usage: ckitty coverage IMAGE --engines A,B [--csv FILE]");
    image = argv[1];
    comma = strchr(engines, ',');
    if (!comma || comma == engines || !comma[1] || strchr(comma + 1, ','))
        return ck_cli_fail("coverage: --engines takes two engine names, A,B (e.g. containerkitty,trivy)");
    ck_coverage_init(&cov);
    ck_buf_init(&text);
    engine_a = malloc((size_t)(comma - engines) + 1);
    engine_b = malloc(strlen(comma + 1) + 1);
    if (!engine_a || !engine_b) {
        rc = ck_cli_fail("coverage: out of memory");
        goto cleanup;
    }
    memcpy(engine_a, engines, (size_t)(comma - engines));
    engine_a[comma - engines] = '\0';
    strcpy(engine_b, comma + 1);
    if ((rc = ck_cli_history_open("coverage", history, CK_CLI_READ, &h)) != CK_EXIT_OK)
        goto cleanup;
    if (ck_coverage_load(h, image, engine_a, engine_b, &cov, &err) != CK_OK) {
        rc = ck_cli_fail("coverage: %s", err.msg);
        goto cleanup;
    }
    if (ck_coverage_text(&cov, &text) != CK_OK) {
        rc = ck_cli_fail("coverage: out of memory");
        goto cleanup;
    }
    if ((rc = emit("coverage", NULL, &text)) != CK_EXIT_OK)
        goto cleanup;
    if (csv) {
        struct ck_csv w;
        FILE *fp = ck_fopen(csv, "wb");
        if (!fp) {
            rc = ck_cli_fail("coverage: cannot create %s", csv);
            goto cleanup;
        }
        ck_csv_init(&w, fp);
        ck_coverage_csv(&cov, &w);
        if (ck_csv_finish(&w, csv, &err) != CK_OK)
            rc = ck_cli_fail("coverage: %s", err.msg);
        ck_csv_release(&w);
        if (fclose(fp) != 0 && rc == CK_EXIT_OK)
            rc = ck_cli_fail("coverage: cannot write %s", csv);
        if (rc == CK_EXIT_OK)
            ck_log(CK_LOG_SUCCESS, "wrote %s", csv);
    }

cleanup:
    free(engine_a);
    free(engine_b);
    ck_buf_release(&text);
    ck_coverage_release(&cov);
    ck_history_close(h);
    return rc;
}
