/* ckitty history / diff / summary: reading the scan history.
 *   ckitty history [IMAGE] [--history FILE]
 *   ckitty diff IMAGE [OTHER-TAG-IMAGE] [--from SCAN --to SCAN] [--history FILE]
 *   ckitty summary [--history FILE] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "job/job.h"
#include "docker/imageref.h"
#include "store/history.h"
#include "util/text.h"
#include "report/summary.h"

struct history_args {
    const char *history_path;
    char **images;
    int image_count;
    long long from, to;
};

/* Parses the options and opens the history; at most max_images images. */
static int open_history(const struct ck_cli_command *self, const struct ck_cli_option *options,
                        struct history_args *a, int argc, char **argv, int max_images, enum ck_cli_access access,
                        struct ck_history **h)
{
    int rc = ck_cli_parse(self, options, argc, argv, max_images ? &a->image_count : NULL);

    if (rc != CK_EXIT_OK)
        return rc;
    if (a->image_count > max_images)
        return ck_cli_fail("%s: too many images ('%s'): %s", self->name, argv[max_images + 1],
                           max_images == 1 ? "one at a time" : "two tags of one repository at most");
    a->images = argv + 1;
    return ck_cli_history_open(self->name, a->history_path, access, h);
}

static void print_time(int64_t t)
{
    char s[32];
    struct tm tm;
    ck_time_local(t, &tm);
    strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm);
    ck_cli_print(stdout, "%s", s);
}

static void print_counts(const struct ck_severity_counts *c)
{
    ck_cli_print(stdout, "C %zu  H %zu  M %zu  L %zu  N %zu  U %zu", c->by_severity[CK_SEV_CRITICAL], c->by_severity[CK_SEV_HIGH],
           c->by_severity[CK_SEV_MEDIUM], c->by_severity[CK_SEV_LOW], c->by_severity[CK_SEV_NEGLIGIBLE],
           c->by_severity[CK_SEV_UNKNOWN]);
}

int ck_cmd_history(const struct ck_cli_command *self, int argc, char **argv)
{
    struct history_args a = {0};
    const struct ck_cli_option options[] = {{CK_OPT_HISTORY(&a.history_path)}, {CK_OPT_END}};
    struct ck_history *h = NULL;
    struct ck_scan_info *scans = NULL;
    char *repo = NULL, *tag = NULL;
    struct ck_err err;
    size_t n = 0, i;
    int rc;

    if ((rc = open_history(self, options, &a, argc, argv, 1, CK_CLI_LIST, &h)) != CK_EXIT_OK)
        return rc;
    if (a.image_count)
        ck_cli_split_image(a.images[0], &repo, &tag);
    if (ck_history_list_scans(h, repo, tag, &scans, &n, &err) != CK_OK) {
        rc = ck_cli_fail("%s", err.msg);
        goto cleanup;
    }
    if (n == 0)
        ck_cli_print(stdout, "No scans%s%s in the history yet.\n", repo ? " of " : "", repo ? a.images[0] : "");
    for (i = 0; i < n; i++) {
        const struct ck_scan_info *s = &scans[i];
        ck_cli_print(stdout, "%6lld  ", (long long)s->id);
        print_time(s->started_at);
        ck_cli_print(stdout, "  %s:%s  %s  ", s->repository, s->tag, s->engine);
        if (s->ok) {
            print_counts(&s->counts);
            ck_cli_print(stdout, "  (%zu packages)", s->package_count);
            if (s->kind && !strcmp(s->kind, CK_SCAN_KIND_REMATCH) && s->data_age >= 0) {
                ck_cli_print(stdout, "  re-match, data of ");
                print_time(s->started_at - s->data_age);
            } else if (s->kind && !strcmp(s->kind, CK_SCAN_KIND_REMATCH)) {
                ck_cli_print(stdout, "  re-match");
            }
            if (s->note)
                ck_cli_print(stdout, "  (%s)", s->note);
            ck_cli_print(stdout, "\n");
        } else {
            ck_cli_print(stdout, "FAILED: %s\n", s->error ? s->error : "unknown error");
        }
    }
cleanup:
    ck_scan_infos_free(scans, n);
    ck_history_close(h);
    free(repo);
    free(tag);
    return rc;
}

static void print_findings(const char *title, const struct ck_history_findings *f)
{
    size_t i;
    ck_cli_print(stdout, "%s: %zu\n", title, f->count);
    for (i = 0; i < f->count; i++) {
        const struct ck_history_finding *x = &f->items[i];
        ck_cli_print(stdout, "  %-20s %-9s %-24s %s%s%s\n", x->record_id, ck_severity_str(x->severity), x->package,
               x->installed ? x->installed : "", x->fixed ? " -> " : "", x->fixed ? x->fixed : "");
    }
}

/* The two scans to compare: --from/--to, the latest of two tags, or the two
 * latest successful scans of one image. */
static int choose_scans(struct ck_history *h, const struct history_args *a, int64_t *from, int64_t *to)
{
    char *repo = NULL, *tag = NULL, *repo2 = NULL, *tag2 = NULL;
    struct ck_scan_info *scans = NULL;
    struct ck_err err;
    size_t n = 0, i, found = 0;
    int rc = CK_EXIT_OK;

    if (a->from && a->to) {
        *from = a->from;
        *to = a->to;
        return CK_EXIT_OK;
    }
    if (!a->image_count)
        return ck_cli_fail("diff: name an image, two tags of one repository, or --from SCAN --to SCAN");
    ck_cli_split_image(a->images[0], &repo, &tag);
    if (a->image_count == 2) {
        ck_cli_split_image(a->images[1], &repo2, &tag2);
        if (ck_history_latest_scan(h, repo, tag, NULL, from, &err) != CK_OK ||
            ck_history_latest_scan(h, repo2, tag2, NULL, to, &err) != CK_OK)
            rc = ck_cli_fail("%s", err.msg);
        goto cleanup;
    }
    if (ck_history_list_scans(h, repo, tag, &scans, &n, &err) != CK_OK) {
        rc = ck_cli_fail("%s", err.msg);
        goto cleanup;
    }
    for (i = 0; i < n && found < 2; i++) {
        if (!scans[i].ok || strcmp(scans[i].engine, "containerkitty") != 0)
            continue;
        if (found++ == 0)
            *to = scans[i].id;
        else
            *from = scans[i].id;
    }
    if (found < 2)
        rc = ck_cli_fail("diff: %s has %zu successful scan%s in the history; a comparison needs two", a->images[0],
                         found, found == 1 ? "" : "s");
cleanup:
    ck_scan_infos_free(scans, n);
    free(repo);
    free(tag);
    free(repo2);
    free(tag2);
    return rc;
}

int ck_cmd_diff(const struct ck_cli_command *self, int argc, char **argv)
{
    struct history_args a = {0};
    const struct ck_cli_option options[] = {
        {CK_OPT_INT("--from", NULL, &a.from, 1, INT64_MAX, "SCAN", "the older scan (ckitty history lists them)")},
        {CK_OPT_INT("--to", NULL, &a.to, 1, INT64_MAX, "SCAN", "the newer scan")},
        {CK_OPT_HISTORY(&a.history_path)},
        {CK_OPT_END},
    };
    struct ck_history *h = NULL;
    struct ck_comparison cmp;
    struct ck_err err;
    int64_t from = 0, to = 0;
    int rc;

    if ((rc = open_history(self, options, &a, argc, argv, 2, CK_CLI_READ, &h)) != CK_EXIT_OK)
        return rc;
    if ((rc = choose_scans(h, &a, &from, &to)) != CK_EXIT_OK)
        goto cleanup;
    if (ck_history_compare(h, from, to, &cmp, &err) != CK_OK) {
        rc = ck_cli_fail("%s", err.msg);
        goto cleanup;
    }
    ck_cli_print(stdout, "Comparing scan %lld with scan %lld\n", (long long)from, (long long)to);
    print_findings("New", &cmp.added);
    print_findings("Fixed", &cmp.fixed);
    ck_cli_print(stdout, "Unchanged: %zu\n", cmp.unchanged.count);
    ck_comparison_release(&cmp);
cleanup:
    ck_history_close(h);
    return rc;
}

int ck_cmd_summary(const struct ck_cli_command *self, int argc, char **argv)
{
    struct history_args a = {0};
    const struct ck_cli_option options[] = {{CK_OPT_HISTORY(&a.history_path)}, {CK_OPT_END}};
    struct ck_history *h = NULL;
    struct ck_image_row *rows = NULL;
    struct ck_err err;
    size_t n = 0, i;
    int rc;

    if ((rc = open_history(self, options, &a, argc, argv, 0, CK_CLI_LIST, &h)) != CK_EXIT_OK)
        return rc;
    if (ck_history_list_images(h, NULL, &rows, &n, &err) != CK_OK) {
        rc = ck_cli_fail("%s", err.msg);
        goto cleanup;
    }
    if (n == 0)
        ck_cli_print(stdout, "No images in the history yet.\n");
    for (i = 0; i < n; i++) {
        char *line;
        if (!rows[i].has_scan) {
            ck_cli_print(stdout, "docker-image|%s (Tag: %s): never scanned\n", rows[i].repository, rows[i].tag);
            continue;
        }
        if (!rows[i].latest.ok) {
            ck_cli_print(stdout, "docker-image|%s (Tag: %s): scan failed: %s\n", rows[i].repository, rows[i].tag,
                   rows[i].latest.error ? rows[i].latest.error : "unknown error");
            continue;
        }
        line = ck_summary_line(rows[i].repository, rows[i].tag, &rows[i].latest.counts, rows[i].latest.not_assessed);
        ck_cli_print(stdout, "%s\n", line ? line : "");
        free(line);
    }
cleanup:
    ck_image_rows_free(rows, n);
    ck_history_close(h);
    return rc;
}
