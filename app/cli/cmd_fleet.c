/* The fleet over time.
 *   ckitty rematch (IMAGE... | --all) [--history FILE] [--db FILE]
 *       each image's latest stored inventory matched again against the data
 *       as it is now, stored as a scan of kind "rematch" (job/rematch.h)
 *   ckitty changes [--since DATE | --since-update] [--format text|csv|json] [-o FILE]
 *       what is new, fixed and re-rated across every image since then,
 *       grouped by vulnerability (store/changes.h, report/changes.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "job/rematch.h"
#include "platform/platform.h"
#include "report/changes.h"
#include "store/changes.h"
#include "util/log.h"
#include "util/text.h"
#include "vuln/vulndb.h"

struct rematch_args {
    const char *history, *vulndb;
    int all;
};

static void on_rematched(void *ctx, const struct ck_rematch_event *ev)
{
    (void)ctx;
    if (!ev->ok) {
        ck_cli_print(stderr, "%s %s\n", ck_log_prefix(CK_LOG_ERROR), ev->error);
        return;
    }
    ck_cli_print(stdout, "%s%s%s: %zu findings, %zu new, %zu fixed since scan %lld", ev->repository,
                 *ev->tag ? ":" : "", ev->tag, ev->counts.findings, ev->added, ev->fixed, (long long)ev->from_scan);
    if (ev->not_assessed)
        ck_cli_print(stdout, "; not assessed: %s", ev->not_assessed);
    ck_cli_print(stdout, "\n");
}

/* Re-matches the images named (or every image, n = 0) against the data as it
 * is now; "what" names the command in messages. */
int ck_cli_rematch(const char *what, const char *history_opt, const char *vulndb_opt, char **images, int n)
{
    struct ck_rematch_options o;
    struct ck_rematch_result result;
    struct ck_err err;
    char **repos = NULL, **tags = NULL, *history = NULL, *vulndb = NULL;
    ck_atomic_flag interrupted = {0};
    int rc, i;

    if ((rc = ck_cli_history_path(what, history_opt, CK_CLI_READ, &history)) != CK_EXIT_OK ||
        (rc = ck_cli_vulndb_path(what, vulndb_opt, CK_CLI_READ, &vulndb)) != CK_EXIT_OK)
        goto cleanup;
    if (!n && !ck_file_exists(history)) { /* a new machine: nothing scanned yet */
        ck_cli_print(stderr, "%s no scans in %s yet: nothing to re-match\n", ck_log_prefix(CK_LOG_INFO), history);
        goto cleanup;
    }
    repos = calloc((size_t)n + 1, sizeof *repos);
    tags = calloc((size_t)n + 1, sizeof *tags);
    if (!repos || !tags) {
        rc = ck_cli_fail("%s: out of memory", what);
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        ck_cli_split_image(images[i], &repos[i], &tags[i]);
    memset(&o, 0, sizeof o);
    o.history_path = history;
    o.vulndb_path = vulndb;
    o.cancel = &interrupted;
    ck_console_on_interrupt(&interrupted);
    if (ck_rematch_run(&o, (const char *const *)repos, (const char *const *)tags, (size_t)n, on_rematched, NULL,
                       &result, &err) != CK_OK) {
        rc = ck_cli_fail("%s: %s", what, err.msg);
    } else {
        ck_cli_print(stderr, "%s %zu re-matched, %zu failed: %zu new findings, %zu fixed%s\n",
                     ck_log_prefix(result.images_failed ? CK_LOG_WARN : CK_LOG_SUCCESS), result.images_ok,
                     result.images_failed, result.added, result.fixed, result.cancelled ? ", cancelled" : "");
        rc = result.images_failed || result.cancelled ? CK_EXIT_ERROR : CK_EXIT_OK;
    }
    ck_console_on_interrupt(NULL);
cleanup:
    for (i = 0; repos && tags && i < n; i++) {
        free(repos[i]);
        free(tags[i]);
    }
    free(repos);
    free(tags);
    free(history);
    free(vulndb);
    return rc;
}

int ck_cmd_rematch(const struct ck_cli_command *self, int argc, char **argv)
{
    struct rematch_args a = {0};
    const struct ck_cli_option options[] = {
        {CK_OPT_FLAG("--all", NULL, &a.all, "every image of the history that has a successful scan")},
        {CK_OPT_HISTORY(&a.history)},
        {CK_OPT_DB(&a.vulndb)},
        {CK_OPT_END},
    };
    int nargs = 0, rc;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (!nargs == !a.all)
        return ck_cli_fail("rematch: name images, or --all (not both)");
    return ck_cli_rematch("rematch", a.history, a.vulndb, argv + 1, nargs);
}

/* ---- changes ------------------------------------------------------------------ */

struct changes_args {
    const char *history, *vulndb, *since, *format, *output;
    int since_update;
};

/* "YYYY-MM-DD" (local midnight) or an RFC 3339 time; 0 when neither. */
static int parse_since(const char *text, int64_t *out)
{
    struct tm tm;
    int64_t us;
    char end;

    memset(&tm, 0, sizeof tm);
    if (sscanf(text, "%4d-%2d-%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &end) == 3 && tm.tm_mon >= 1 &&
        tm.tm_mon <= 12 && tm.tm_mday >= 1 && tm.tm_mday <= 31) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        tm.tm_isdst = -1;
        *out = (int64_t)mktime(&tm);
        return *out != -1;
    }
    if (ck_text_parse_time(text, &us) == 0) {
        *out = ck_text_seconds_of_us(us);
        return 1;
    }
    return 0;
}

/* The moment to compare with, and how it was chosen (NULL: given). */
static int choose_since(const struct changes_args *a, int64_t *since, const char **what)
{
    struct ck_vulndb *db = NULL;
    int rc;

    *what = NULL;
    if (a->since) {
        if (!parse_since(a->since, since))
            return ck_cli_fail("changes: --since: '%s' is not a date (YYYY-MM-DD) or a time (2026-12-02T08:00:00Z)",
                               a->since);
        return CK_EXIT_OK;
    }
    if (!a->since_update) {
        *since = ck_time_now() - 24 * 3600;
        *what = "the last 24 hours";
        return CK_EXIT_OK;
    }
    if ((rc = ck_cli_vulndb_open("changes", a->vulndb, CK_CLI_READ, &db)) != CK_EXIT_OK)
        return rc;
    *since = ck_vulndb_updated_at(db, NULL);
    ck_vulndb_close(db);
    if (*since <= 0)
        return ck_cli_fail("changes: --since-update: the vulnerability data was never updated");
    *what = "the data update";
    return CK_EXIT_OK;
}

static int parse_format(const char *text, enum ck_changes_format *out)
{
    static const char *const names[] = {"text", "csv", "json"};
    int i;
    for (i = 0; i < 3; i++)
        if (!strcmp(text, names[i])) {
            *out = (enum ck_changes_format)i;
            return CK_EXIT_OK;
        }
    return ck_cli_fail("changes: --format: '%s' is not text, csv or json", text);
}

int ck_cmd_changes(const struct ck_cli_command *self, int argc, char **argv)
{
    struct changes_args a = {0};
    const struct ck_cli_option options[] = {
        {CK_OPT_STRING("--since", NULL, &a.since, "DATE", "compare with the scans before DATE (YYYY-MM-DD or an "
                                                           "RFC 3339 time; default: 24 hours ago)")},
        {CK_OPT_FLAG("--since-update", NULL, &a.since_update,
                     "compare with the scans before the vulnerability data was last updated")},
        {CK_OPT_STRING("--format", NULL, &a.format, "FORMAT", "text (default), csv or json")},
        {CK_OPT_STRING("--output", "-o", &a.output, "FILE", "write to FILE (default: standard output)")},
        {CK_OPT_HISTORY(&a.history)},
        {CK_OPT_DB(&a.vulndb)},
        {CK_OPT_END},
    };
    enum ck_changes_format format = CK_CHANGES_TEXT;
    struct ck_history *h = NULL;
    struct ck_changes c;
    struct ck_err err;
    const char *what;
    int64_t since;
    FILE *f = stdout;
    int rc;

    ck_changes_init(&c);
    if ((rc = ck_cli_parse(self, options, argc, argv, NULL)) != CK_EXIT_OK)
        return rc;
    if (a.since && a.since_update)
        return ck_cli_fail("changes: --since or --since-update, not both");
    if ((a.format && (rc = parse_format(a.format, &format)) != CK_EXIT_OK) ||
        (rc = choose_since(&a, &since, &what)) != CK_EXIT_OK ||
        (rc = ck_cli_history_open("changes", a.history, CK_CLI_LIST, &h)) != CK_EXIT_OK)
        return rc;
    if (ck_history_changes(h, since, &c, &err) != CK_OK) {
        rc = ck_cli_fail("changes: %s", err.msg);
        goto cleanup;
    }
    if (a.output && strcmp(a.output, "-") && !(f = ck_fopen(a.output, "wb"))) {
        rc = ck_cli_fail("changes: cannot write %s", a.output);
        goto cleanup;
    }
    if (ck_changes_write(&c, format, what, f, &err) != CK_OK)
        rc = ck_cli_fail("changes: %s", err.msg);
    if (f != stdout && fclose(f) != 0 && rc == CK_EXIT_OK)
        rc = ck_cli_fail("changes: cannot write %s", a.output);
cleanup:
    ck_changes_release(&c);
    ck_history_close(h);
    return rc;
}
