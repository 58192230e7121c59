/* ckitty report / import / coverage: reports for risk review, imports of
 * other scanners' results, and the coverage of an image by two engines.
 *   ckitty report [--csv FILE] [--preset original|extended]
 *                 [--format text|html|sarif|cyclonedx] [-o FILE]
 *                 [--scan ID | --latest | --compare FROM TO] [--engine NAME]
 *                 [--history FILE]
 *   ckitty import FILE|DIR... [--format trivy|grype|scout|snyk] [--image REF]
 *                 [--history FILE]
 *   ckitty coverage IMAGE --engines A,B [--csv FILE] [--history FILE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
#include "util/log.h"

static int open_history(const char *given, struct ck_history **h)
{
    char *path = given ? NULL : ck_history_default_path();
    struct ck_err err;
    enum ck_status rc;

    if (!given && !path)
        return ck_cli_fail("no data folder for the scan history: give --history FILE");
    rc = ck_history_open(given ? given : path, h, &err);
    free(path);
    return rc == CK_OK ? CK_EXIT_OK : ck_cli_fail("%s", err.msg);
}

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

/* Writes text to path, or to stdout when path is NULL. */
static int emit(const char *path, const struct ck_buf *b)
{
    struct ck_err err;
    if (!path) {
        if (b->len && ck_cli_write_document(stdout, b->data, b->len) != 0)
            return ck_cli_fail("cannot write to the standard output");
        return fflush(stdout) == 0 ? CK_EXIT_OK : ck_cli_fail("cannot write to the standard output");
    }
    if (ck_report_save(path, b->data ? b->data : "", b->len, &err) != CK_OK)
        return ck_cli_fail("%s", err.msg);
    ck_log(CK_LOG_SUCCESS, "wrote %s", path);
    return CK_EXIT_OK;
}

/* ---- report ---------------------------------------------------------------- */

enum format { FMT_NONE = 0, FMT_TEXT, FMT_HTML, FMT_SARIF, FMT_CYCLONEDX };

struct report_args {
    const char *history;
    const char *csv;
    const char *out;
    int has_preset;
    enum ck_csv_preset preset;
    enum format format;
    struct ck_scope scope;
    int scope_given;
};

static int parse_format(const char *s, enum format *out)
{
    static const char *const names[] = {"", "text", "html", "sarif", "cyclonedx"};
    int i;
    for (i = 1; i < 5; i++)
        if (!strcmp(s, names[i])) {
            *out = (enum format)i;
            return 0;
        }
    return -1;
}

static int report_parse(struct report_args *a, int argc, char **argv)
{
    int i, rc;

    memset(a, 0, sizeof *a);
    a->scope.kind = CK_SCOPE_LATEST;
    a->scope.compare_previous = 1;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "--history") && next) {
            a->history = argv[++i];
        } else if (!strcmp(arg, "--csv") && next) {
            a->csv = argv[++i];
        } else if (!strcmp(arg, "-o") && next) {
            a->out = argv[++i];
        } else if (!strcmp(arg, "--preset") && next) {
            if (ck_csv_preset_parse(argv[++i], &a->preset) != 0)
                return ck_cli_fail("report: unknown preset '%s' (original or extended)", argv[i]);
            a->has_preset = 1;
        } else if (!strcmp(arg, "--format") && next) {
            if (parse_format(argv[++i], &a->format) != 0)
                return ck_cli_fail("report: unknown format '%s' (text, html, sarif or cyclonedx)", argv[i]);
        } else if (!strcmp(arg, "--engine") && next) {
            a->scope.engine = argv[++i];
        } else if (!strcmp(arg, "--latest")) {
            a->scope.kind = CK_SCOPE_LATEST;
            a->scope_given++;
        } else if (!strcmp(arg, "--scan") && next) {
            a->scope.kind = CK_SCOPE_SCAN;
            a->scope_given++;
            if ((rc = scan_id("report", argv[++i], &a->scope.scan_id)) != CK_EXIT_OK)
                return rc;
        } else if (!strcmp(arg, "--compare") && next && i + 2 < argc) {
            a->scope.kind = CK_SCOPE_COMPARE;
            a->scope_given++;
            if ((rc = scan_id("report", argv[++i], &a->scope.from_id)) != CK_EXIT_OK ||
                (rc = scan_id("report", argv[++i], &a->scope.scan_id)) != CK_EXIT_OK)
                return rc;
        } else {
            return ck_cli_fail("report: unknown option '%s' (or it needs a value)", arg);
        }
    }
    if (a->scope_given > 1)
        return ck_cli_fail("report: give one of --scan, --latest and --compare");
    if (a->has_preset && !a->csv)
        return ck_cli_fail("report: --preset applies to --csv FILE");
    if (a->scope.engine && a->scope.kind != CK_SCOPE_LATEST)
        return ck_cli_fail("report: --engine applies to --latest");
    /* Without --csv, or with -o, a document is written (text by default). */
    if (a->format == FMT_NONE && (!a->csv || a->out))
        a->format = FMT_TEXT;
    a->scope.with_packages = a->format == FMT_CYCLONEDX;
    return CK_EXIT_OK;
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

int ck_cmd_report(int argc, char **argv)
{
    struct report_args a;
    struct ck_history *h = NULL;
    struct ck_report r;
    struct ck_buf doc;
    struct ck_err err;
    size_t rows = 0, i;
    int rc;

    if (ck_cli_help_asked(argc, argv))
        return CK_EXIT_OK;
    ck_report_init(&r);
    ck_buf_init(&doc);
    if ((rc = report_parse(&a, argc, argv)) != CK_EXIT_OK || (rc = open_history(a.history, &h)) != CK_EXIT_OK)
        goto cleanup;
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
            rows += r.scans[i].findings.count + (a.preset == CK_CSV_EXTENDED ? r.scans[i].fixed.count : 0);
        ck_log(CK_LOG_SUCCESS, "wrote %zu finding%s of %zu scan%s to %s", rows, rows == 1 ? "" : "s", r.count,
               r.count == 1 ? "" : "s", a.csv);
    }
    if (a.format != FMT_NONE) {
        if (render(&r, a.format, &doc) != CK_OK) {
            rc = ck_cli_fail("report: out of memory");
            goto cleanup;
        }
        rc = emit(a.out, &doc);
    }

cleanup:
    ck_buf_release(&doc);
    ck_report_release(&r);
    ck_history_close(h);
    return rc;
}

/* ---- import ------------------------------------------------------------------- */

int ck_cmd_import(int argc, char **argv)
{
    struct ck_import_options opts;
    struct ck_import_result res;
    struct ck_import_stats stats;
    struct ck_history *h = NULL;
    struct ck_err err;
    const char *history = NULL;
    const char **paths = NULL;
    size_t npaths = 0, i;
    int rc = CK_EXIT_OK;

    if (ck_cli_help_asked(argc, argv))
        return CK_EXIT_OK;
    memset(&opts, 0, sizeof opts);
    ck_import_result_init(&res);
    if (!(paths = calloc((size_t)argc, sizeof *paths)))
        return ck_cli_fail("import: out of memory");
    for (i = 1; i < (size_t)argc; i++) {
        const char *arg = argv[i], *next = i + 1 < (size_t)argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "--history") && next) {
            history = argv[++i];
        } else if (!strcmp(arg, "--image") && next) {
            opts.image = argv[++i];
        } else if (!strcmp(arg, "--format") && next) {
            if (ck_import_format_parse(argv[++i], &opts.format) != 0) {
                rc = ck_cli_fail("import: unknown format '%s' (trivy, grype, scout or snyk)", argv[i]);
                goto cleanup;
            }
        } else if (arg[0] == '-' && arg[1]) {
            rc = ck_cli_fail("import: unknown option '%s' (or it needs a value)", arg);
            goto cleanup;
        } else {
            paths[npaths++] = arg;
        }
    }
    if (!npaths) {
        rc = ck_cli_fail("import: name a report file or folder");
        goto cleanup;
    }
    for (i = 0; i < npaths; i++)
        if (ck_import_read(paths[i], &opts, &res, &err) != CK_OK) {
            rc = ck_cli_fail("import: %s", err.msg);
            goto cleanup;
        }
    for (i = 0; i < res.warning_count; i++)
        ck_log(CK_LOG_WARN, "%s", res.warnings[i]);
    if ((rc = open_history(history, &h)) != CK_EXIT_OK)
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
    free(paths);
    return rc;
}

/* ---- coverage -------------------------------------------------------------------- */

int ck_cmd_coverage(int argc, char **argv)
{
    const char *history = NULL, *image = NULL, *engines = NULL, *csv = NULL, *comma;
    char *engine_a = NULL, *engine_b = NULL;
    struct ck_history *h = NULL;
    struct ck_coverage cov;
    struct ck_buf text;
    struct ck_err err;
    int i, rc = CK_EXIT_OK;

    if (ck_cli_help_asked(argc, argv))
        return CK_EXIT_OK;
    ck_coverage_init(&cov);
    ck_buf_init(&text);
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "--history") && next)
            history = argv[++i];
        else if (!strcmp(arg, "--engines") && next)
            engines = argv[++i];
        else if (!strcmp(arg, "--csv") && next)
            csv = argv[++i];
        else if (arg[0] == '-')
            return ck_cli_fail("coverage: unknown option '%s' (or it needs a value)", arg);
        else if (!image)
            image = arg;
        else
            return ck_cli_fail("coverage: one image at a time");
    }
    if (!image || !engines)
        return ck_cli_fail("coverage: usage: ckitty coverage IMAGE --engines A,B [--csv FILE]");
    comma = strchr(engines, ',');
    if (!comma || comma == engines || !comma[1] || strchr(comma + 1, ','))
        return ck_cli_fail("coverage: --engines takes two engine names, A,B (e.g. containerkitty,trivy)");
    engine_a = malloc((size_t)(comma - engines) + 1);
    engine_b = malloc(strlen(comma + 1) + 1);
    if (!engine_a || !engine_b) {
        rc = ck_cli_fail("coverage: out of memory");
        goto cleanup;
    }
    memcpy(engine_a, engines, (size_t)(comma - engines));
    engine_a[comma - engines] = '\0';
    strcpy(engine_b, comma + 1);
    if ((rc = open_history(history, &h)) != CK_EXIT_OK)
        goto cleanup;
    if (ck_coverage_load(h, image, engine_a, engine_b, &cov, &err) != CK_OK) {
        rc = ck_cli_fail("coverage: %s", err.msg);
        goto cleanup;
    }
    if (ck_coverage_text(&cov, &text) != CK_OK) {
        rc = ck_cli_fail("coverage: out of memory");
        goto cleanup;
    }
    if ((rc = emit(NULL, &text)) != CK_EXIT_OK)
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
