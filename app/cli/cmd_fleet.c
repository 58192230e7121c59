/* The fleet over time.
 *   ckitty rematch (IMAGE... | --all) [--history FILE] [--db FILE]
 *       each image's latest stored inventory matched again against the data
 *       as it is now, stored as a scan of kind "rematch" (job/rematch.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "job/rematch.h"
#include "util/log.h"

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

int ck_cmd_rematch(const struct ck_cli_command *self, int argc, char **argv)
{
    struct rematch_args a = {0};
    const struct ck_cli_option options[] = {
        {CK_OPT_FLAG("--all", NULL, &a.all, "every image of the history that has a successful scan")},
        {CK_OPT_HISTORY(&a.history)},
        {CK_OPT_DB(&a.vulndb)},
        {CK_OPT_END},
    };
    struct ck_rematch_options o;
    struct ck_rematch_result result;
    struct ck_err err;
    char **repos = NULL, **tags = NULL, *history = NULL, *vulndb = NULL;
    ck_atomic_flag interrupted = {0};
    int nargs = 0, rc, i;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (!nargs == !a.all)
        return ck_cli_fail("rematch: name images, or --all (not both)");
    if ((rc = ck_cli_history_path("rematch", a.history, CK_CLI_READ, &history)) != CK_EXIT_OK ||
        (rc = ck_cli_vulndb_path("rematch", a.vulndb, CK_CLI_READ, &vulndb)) != CK_EXIT_OK)
        goto cleanup;
    repos = calloc((size_t)nargs + 1, sizeof *repos);
    tags = calloc((size_t)nargs + 1, sizeof *tags);
    if (!repos || !tags) {
        rc = ck_cli_fail("rematch: out of memory");
        goto cleanup;
    }
    for (i = 0; i < nargs; i++)
        ck_cli_split_image(argv[i + 1], &repos[i], &tags[i]);
    memset(&o, 0, sizeof o);
    o.history_path = history;
    o.vulndb_path = vulndb;
    o.cancel = &interrupted;
    ck_console_on_interrupt(&interrupted);
    if (ck_rematch_run(&o, (const char *const *)repos, (const char *const *)tags, (size_t)nargs, on_rematched, NULL,
                       &result, &err) != CK_OK) {
        rc = ck_cli_fail("rematch: %s", err.msg);
    } else {
        ck_cli_print(stderr, "%s %zu re-matched, %zu failed: %zu new findings, %zu fixed%s\n",
                     ck_log_prefix(result.images_failed ? CK_LOG_WARN : CK_LOG_SUCCESS), result.images_ok,
                     result.images_failed, result.added, result.fixed, result.cancelled ? ", cancelled" : "");
        rc = result.images_failed || result.cancelled ? CK_EXIT_ERROR : CK_EXIT_OK;
    }
    ck_console_on_interrupt(NULL);
cleanup:
    for (i = 0; repos && tags && i < nargs; i++) {
        free(repos[i]);
        free(tags[i]);
    }
    free(repos);
    free(tags);
    free(history);
    free(vulndb);
    return rc;
}
