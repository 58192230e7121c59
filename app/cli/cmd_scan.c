/* ckitty scan: scans images, image archives or root folders.
 *   ckitty scan [IMAGE... | --list FILE | --input ARCHIVE.tar | --rootfs DIR]
 *               [--report-dir DIR] [--pull always|missing|never] [--remove-pulled] [--parallel N] [--fail-on SEVERITY]
 *               [--log [FILE]] [--host URL] [--history FILE] [--db FILE] [--max-age DAYS]
 * The original Invoke-ContainerKitty switches are accepted too:
 *   -Scan -ScanInputFile F -Report -ReportDirectory D -Log -LogFile F */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "job/job.h"
#include "job/pull.h"
#include "platform/platform.h"
#include "sources/imagelist.h"
#include "util/buf.h"
#include "util/log.h"

struct scan_args {
    struct ck_job_options opts;
    struct ck_target *targets;
    size_t count;
    size_t cap;
    struct ck_imagelist list;   /* owns the strings of image targets read from --list */
    const char *history, *vulndb;
    const char *log_file;
    int log;
    int report;                 /* -Report: write JSON results (default folder: the current one) */
    int fail_on;                /* enum ck_severity + 1; 0 = never */
    int allow_unassessed;       /* with --fail-on: an image not assessed does not fail the job */
    int include_decided;        /* with --fail-on: findings with a triage decision count too */
    int scan_switch, no_pull;
    unsigned shard, shards;     /* --shard K/N: 1 <= K <= N; 0 = all */
    long long parallel, max_age_days;
};

/* What the console shows while a job runs. */
struct console {
    int tty;
    int progress_shown;
    size_t done;
};

static int add_target(struct scan_args *a, enum ck_target_kind kind, const char *ref)
{
    if (a->count == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        struct ck_target *p = realloc(a->targets, cap * sizeof *p);
        if (!p)
            return ck_cli_fail("scan: out of memory");
        a->targets = p;
        a->cap = cap;
    }
    a->targets[a->count].kind = kind;
    a->targets[a->count].ref = ref;
    a->targets[a->count].local = 0;
    a->count++;
    return CK_EXIT_OK;
}

static int on_image(void *ctx, char **v) { return add_target(ctx, CK_TARGET_IMAGE, v[0]); }
static int on_archive(void *ctx, char **v) { return add_target(ctx, CK_TARGET_ARCHIVE, v[0]); }
static int on_rootfs(void *ctx, char **v) { return add_target(ctx, CK_TARGET_ROOTFS, v[0]); }

static int on_list(void *ctx, char **v)
{
    struct scan_args *a = ctx;
    struct ck_imagelist_stats stats;
    struct ck_err err;
    size_t first = a->list.count, i;
    int rc;

    if (ck_imagelist_read_file(&a->list, v[0], &stats, &err) != CK_OK)
        return ck_cli_fail("%s", err.msg);
    ck_log(CK_LOG_INFO, "%s: %zu images (%zu duplicates, %zu invalid lines skipped)", v[0], stats.added,
           stats.duplicates, stats.invalid);
    for (i = first; i < a->list.count; i++)
        if ((rc = add_target(a, CK_TARGET_IMAGE, ck_imagelist_string(&a->list, i))) != CK_EXIT_OK)
            return rc;
    return CK_EXIT_OK;
}

static int on_fail_on(void *ctx, char **v)
{
    struct scan_args *a = ctx;
    enum ck_severity sev;
    if (ck_severity_parse(v[0], &sev) != 0)
        return ck_cli_fail("scan: --fail-on: unknown severity '%s' (critical, high, medium, low)", v[0]);
    a->fail_on = (int)sev + 1;
    return CK_EXIT_OK;
}

static int on_pull_policy(void *ctx, char **v)
{
    struct scan_args *a = ctx;
    if (ck_pull_policy_parse(v[0], &a->opts.pull) != 0)
        return ck_cli_fail("scan: --pull: '%s' is not a pull policy (always, missing, never)", v[0]);
    return CK_EXIT_OK;
}

static int on_shard(void *ctx, char **v)
{
    struct scan_args *a = ctx;
    unsigned k, n;
    char end;

    if (sscanf(v[0], "%u/%u%c", &k, &n, &end) != 2 || n < 1 || n > 10000 || k < 1 || k > n)
        return ck_cli_fail("scan: --shard: '%s' is not K/N with 1 <= K <= N <= 10000 (as CI_NODE_INDEX/CI_NODE_TOTAL)",
                           v[0]);
    a->shard = k;
    a->shards = n;
    return CK_EXIT_OK;
}

/* --shard K/N: only the targets of share K are kept, in their order. */
static void keep_shard(struct scan_args *a)
{
    size_t i, kept = 0, all = a->count;

    for (i = 0; i < a->count; i++)
        if (ck_job_shard_of(a->targets[i].ref, a->shards) == a->shard)
            a->targets[kept++] = a->targets[i];
    a->count = kept;
    ck_log(CK_LOG_INFO, "shard %u of %u: %zu of %zu images", a->shard, a->shards, kept, all);
}

static int parse_args(const struct ck_cli_command *self, struct scan_args *a, int argc, char **argv)
{
    const struct ck_cli_option options[] = {
        {CK_OPT_ARGS(on_image, a, "IMAGE", "an image to pull and scan")},
        {CK_OPT_CALL("--list", "-ScanInputFile", on_list, a, "FILE", "scan the images FILE lists, one a line"),
         CK_OPT_ANYCASE},
        {CK_OPT_CALL("--input", NULL, on_archive, a, "ARCHIVE.tar", "scan a docker save archive")},
        {CK_OPT_CALL("--rootfs", NULL, on_rootfs, a, "DIR", "scan a root folder")},
        {CK_OPT_STRING("--report-dir", "-ReportDirectory", &a->opts.report_dir, "DIR",
                       "write each image's JSON result and the job's summary into DIR"), CK_OPT_ANYCASE},
        {CK_OPT_CALL("--pull", NULL, on_pull_policy, a, "POLICY",
                     "always (default): pull first, and scan the engine's copy with a warning when the pull fails; "
                     "missing: pull only images the engine does not have; never: scan what the engine has")},
        {CK_OPT_FLAG("--no-pull", NULL, &a->no_pull, "as --pull never")},
        {CK_OPT_FLAG("--remove-pulled", NULL, &a->opts.remove_pulled,
                     "remove the images this scan pulled that the engine did not have before")},
        {CK_OPT_CALL("--shard", NULL, on_shard, a, "K/N",
                     "scan only share K of N of the images (by a hash of each reference, whatever the order): "
                     "for N parallel CI jobs, --shard $CI_NODE_INDEX/$CI_NODE_TOTAL")},
        {CK_OPT_INT("--parallel", "-j", &a->parallel, 1, 16, "N", "images at a time (default 2)")},
        {CK_OPT_CALL("--fail-on", NULL, on_fail_on, a, "SEVERITY",
                     "exit 1 when a finding is this severe or more (critical, high, medium, low); exit 2 when an "
                     "image could not be assessed")},
        {CK_OPT_FLAG("--include-decided", NULL, &a->include_decided,
                     "with --fail-on: count every finding, also those triaged as not affected, accepted risk or "
                     "false positive (by default only open findings count: no decision, under investigation, "
                     "affected, or an expired decision)")},
        {CK_OPT_FLAG("--allow-unassessed", NULL, &a->allow_unassessed,
                     "with --fail-on: images without vulnerability data for a part of them do not fail the job")},
        {CK_OPT_OPTIONAL("--log", NULL, &a->log, &a->log_file, "FILE",
                         "also log to FILE (default: containerkitty_log-yyyyMMdd-HHmm.log in the report folder)")},
        {CK_OPT_FLAG("--os-only", NULL, &a->opts.os_only,
                     "read only the OS package databases (faster; no application packages or unmanaged files)")},
        {CK_OPT_FLAG("--refresh", NULL, &a->opts.refresh,
                     "read images again even when their image ID was inventoried before")},
        {CK_OPT_HOST(&a->opts.engine_host)},
        {CK_OPT_HISTORY(&a->history)},
        {CK_OPT_DB(&a->vulndb)},
        {CK_OPT_INT("--max-age", NULL, &a->max_age_days, 1, 36500, "DAYS",
                    "warn about vulnerability data older than this (default 7)")},
        {CK_OPT_FLAG("-Scan", NULL, &a->scan_switch, "Invoke-ContainerKitty's verb (nothing more to do)"),
         CK_OPT_ANYCASE},
        {CK_OPT_FLAG("-Report", NULL, &a->report, "write JSON results (into -ReportDirectory, else here)"),
         CK_OPT_ANYCASE},
        {CK_OPT_FLAG("-Log", NULL, &a->log, "log as --log does"), CK_OPT_ANYCASE},
        {CK_OPT_STRING("-LogFile", NULL, &a->log_file, "FILE", "log to FILE"), CK_OPT_ANYCASE},
        {CK_OPT_END},
    };
    int rc;

    if ((rc = ck_cli_parse(self, options, argc, argv, NULL)) != CK_EXIT_OK)
        return rc;
    if (a->count == 0)
        return ck_cli_fail("scan: nothing to scan: name images, or --list FILE, --input ARCHIVE.tar, --rootfs DIR");
    if (a->shards)
        keep_shard(a);
    if (a->log_file)
        a->log = 1;
    if (a->report && !a->opts.report_dir)
        a->opts.report_dir = ".";
    if (a->no_pull)
        a->opts.pull = CK_PULL_NEVER;
    if (a->parallel)
        a->opts.parallel = (int)a->parallel;
    if (a->max_age_days)
        a->opts.max_data_age = (int64_t)a->max_age_days * 24 * 3600;
    return CK_EXIT_OK;
}

/* ---- console output ----------------------------------------------------------- */

static void clear_progress(struct console *c)
{
    if (c->progress_shown) {
        fputs("\r\033[K", stderr);
        c->progress_shown = 0;
    }
}

static void show_progress(struct console *c, const struct ck_job_event *ev, const char *what)
{
    if (!c->tty)
        return;
    clear_progress(c);
    ck_cli_print(stderr, "[%zu/%zu] %s: %s", c->done, ev->image_count, ev->image, what);
    c->progress_shown = 1;
}

static void on_event(void *ctx, const struct ck_job_event *ev)
{
    struct console *c = ctx;
    char what[64];

    switch (ev->type) {
    case CK_JOB_LOG:
        clear_progress(c);
        ck_cli_print(stderr, "%s %s\n", ck_log_prefix(ev->level), ev->text);
        break;
    case CK_JOB_IMAGE_STEP:
        if (c->tty)
            show_progress(c, ev, ev->text);
        break;
    case CK_JOB_PULL_PROGRESS:
        if (ev->total > 0) {
            snprintf(what, sizeof what, "pulling %3.0f%% of %.1f MB", 100.0 * (double)ev->current / (double)ev->total,
                     (double)ev->total / 1e6);
            show_progress(c, ev, what);
        }
        break;
    case CK_JOB_IMAGE_DONE:
        c->done++;
        clear_progress(c);
        if (ev->ok)
            ck_cli_print(stdout, "%s\n", ev->text);
        fflush(stdout);
        break;
    case CK_JOB_FINISHED:
        clear_progress(c);
        ck_cli_print(stderr, "%s %zu scanned, %zu failed%s\n", ck_log_prefix(ev->images_failed ? CK_LOG_WARN : CK_LOG_SUCCESS),
                ev->images_ok, ev->images_failed, ev->cancelled ? ", cancelled" : "");
        break;
    default:
        break;
    }
}

static int open_log(struct scan_args *a)
{
    char name[64], *path;
    struct tm tm;
    int rc;

    if (!a->log)
        return 0;
    if (a->log_file)
        return ck_log_open_file(a->log_file);
    ck_time_local(ck_time_now(), &tm);
    strftime(name, sizeof name, "containerkitty_log-%Y%m%d-%H%M.log", &tm);
    if (a->opts.report_dir)
        ck_mkdirs(a->opts.report_dir);
    path = ck_path_join(a->opts.report_dir ? a->opts.report_dir : ".", name);
    rc = path ? ck_log_open_file(path) : -1;
    free(path);
    return rc;
}

/* --fail-on: a finding this severe or more; by default only open findings
 * count (ck_decision_state_is_open), with --include-decided all. */
static int fails(const struct scan_args *a, const struct ck_job_result *r)
{
    if (a->include_decided)
        return r->findings && (int)r->worst + 1 >= a->fail_on;
    return r->findings_open && (int)r->worst_open + 1 >= a->fail_on;
}

int ck_cmd_scan(const struct ck_cli_command *self, int argc, char **argv)
{
    struct scan_args a;
    struct console con = {0, 0, 0};
    struct ck_job_result result;
    ck_atomic_flag interrupted = {0};
    struct ck_err err;
    char *history = NULL, *vulndb = NULL;
    int rc;

    memset(&a, 0, sizeof a);
    ck_job_options_init(&a.opts);
    ck_imagelist_init(&a.list);
    if ((rc = parse_args(self, &a, argc, argv)) != CK_EXIT_OK ||
        (rc = ck_cli_history_path("scan", a.history, CK_CLI_WRITE, &history)) != CK_EXIT_OK ||
        (rc = ck_cli_vulndb_path("scan", a.vulndb, CK_CLI_WRITE, &vulndb)) != CK_EXIT_OK)
        goto cleanup;
    a.opts.history_path = history;
    a.opts.vulndb_path = vulndb;
    if (open_log(&a) != 0) {
        rc = ck_cli_fail("cannot open the log file %s", a.log_file ? a.log_file : "in the report folder");
        goto cleanup;
    }
    con.tty = ck_isatty(stderr);
    a.opts.cancel = &interrupted; /* Ctrl+C stops the job between steps and inside pulls */
    ck_console_on_interrupt(&interrupted);
    ck_log_set_console(0);        /* the job's lines come through on_event */
    rc = ck_job_run(&a.opts, a.targets, a.count, on_event, &con, &result, &err) == CK_OK;
    ck_log_set_console(1);
    ck_console_on_interrupt(NULL);
    if (!rc) {
        rc = ck_cli_fail("%s", err.msg);
        goto cleanup;
    }
    if (result.images_failed || result.cancelled)
        rc = CK_EXIT_ERROR;
    else if (a.fail_on && result.images_unassessed && !a.allow_unassessed)
        rc = ck_cli_fail("scan: %zu image%s could not be assessed (no vulnerability data): not clean; "
                         "--allow-unassessed lets --fail-on pass them", result.images_unassessed,
                         result.images_unassessed == 1 ? "" : "s");
    else if (a.fail_on && fails(&a, &result))
        rc = CK_EXIT_FINDINGS;
    else
        rc = CK_EXIT_OK;
cleanup:
    ck_log_open_file(NULL);
    ck_imagelist_release(&a.list);
    free(a.targets);
    free(history);
    free(vulndb);
    return rc;
}
