/* ckitty scan: scans images, image archives or root folders.
 *   ckitty scan [IMAGE... | --list FILE | --input ARCHIVE.tar | --rootfs DIR]
 *               [--report-dir DIR] [--no-pull] [--parallel N] [--fail-on SEVERITY]
 *               [--log [FILE]] [--host URL] [--history FILE] [--db FILE] [--max-age DAYS]
 * The original Invoke-ContainerKitty switches are accepted too:
 *   -Scan -ScanInputFile F -Report -ReportDirectory D -Log -LogFile F */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "job/job.h"
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
    const char *log_file;
    int log;
    int report;                 /* -Report: write JSON results (default folder: the current one) */
    int fail_on;                /* enum ck_severity + 1; 0 = never */
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
            return -1;
        a->targets = p;
        a->cap = cap;
    }
    a->targets[a->count].kind = kind;
    a->targets[a->count].ref = ref;
    a->count++;
    return 0;
}

static int read_list(struct scan_args *a, const char *path)
{
    struct ck_imagelist_stats stats;
    struct ck_err err;
    size_t first = a->list.count, i;

    if (ck_imagelist_read_file(&a->list, path, &stats, &err) != CK_OK)
        return ck_cli_fail("%s", err.msg);
    ck_log(CK_LOG_INFO, "%s: %zu images (%zu duplicates, %zu invalid lines skipped)", path, stats.added,
           stats.duplicates, stats.invalid);
    for (i = first; i < a->list.count; i++)
        if (add_target(a, CK_TARGET_IMAGE, ck_imagelist_string(&a->list, i)) != 0)
            return ck_cli_fail("out of memory");
    return CK_EXIT_OK;
}

static int is(const char *arg, const char *a, const char *b)
{
    return strcmp(arg, a) == 0 || (b && strcmp(arg, b) == 0);
}

/* The original's switches are PowerShell parameters: case-insensitive. */
static int is_switch(const char *arg, const char *name)
{
    const char *p = arg, *q = name;
    if (*p != '-')
        return 0;
    for (p++; *p && *q; p++, q++)
        if ((*p | 0x20) != (*q | 0x20))
            return 0;
    return !*p && !*q;
}

static int parse_args(struct scan_args *a, int argc, char **argv)
{
    int i, rc;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;

        if (is(arg, "--list", NULL) || is_switch(arg, "ScanInputFile")) {
            if (!next)
                return ck_cli_fail("%s needs a file", arg);
            if ((rc = read_list(a, next)) != CK_EXIT_OK)
                return rc;
        } else if (is(arg, "--input", NULL) && next) {
            add_target(a, CK_TARGET_ARCHIVE, next);
        } else if (is(arg, "--rootfs", NULL) && next) {
            add_target(a, CK_TARGET_ROOTFS, next);
        } else if ((is(arg, "--report-dir", NULL) || is_switch(arg, "ReportDirectory")) && next) {
            a->opts.report_dir = next;
        } else if ((is(arg, "--parallel", "-j")) && next) {
            a->opts.parallel = atoi(next);
            if (a->opts.parallel < 1 || a->opts.parallel > 16)
                return ck_cli_fail("--parallel takes a number from 1 to 16, not '%s'", next);
        } else if (is(arg, "--fail-on", NULL) && next) {
            enum ck_severity sev;
            if (ck_severity_parse(next, &sev) != 0)
                return ck_cli_fail("--fail-on: unknown severity '%s' (critical, high, medium, low)", next);
            a->fail_on = (int)sev + 1;
        } else if (is(arg, "--host", "-H") && next) {
            a->opts.engine_host = next;
        } else if (is(arg, "--history", NULL) && next) {
            a->opts.history_path = next;
        } else if (is(arg, "--db", NULL) && next) {
            a->opts.vulndb_path = next;
        } else if (is(arg, "--max-age", NULL) && next) {
            a->opts.max_data_age = (int64_t)atoi(next) * 24 * 3600;
        } else if (is_switch(arg, "LogFile") && next) {
            a->log = 1;
            a->log_file = next;
        } else if (is(arg, "--log", NULL)) {
            a->log = 1;
            takes = 0;
            if (next && next[0] != '-') {
                a->log_file = next;
                takes = 1;
            }
        } else {
            takes = 0;
            if (is(arg, "--no-pull", NULL))
                a->opts.pull = 0;
            else if (is_switch(arg, "Log"))
                a->log = 1;
            else if (is_switch(arg, "Report"))
                a->report = 1;
            else if (is_switch(arg, "Scan"))
                ; /* the verb itself, as the original spelled it */
            else if (arg[0] == '-')
                return ck_cli_fail("scan: unknown option '%s' (or it needs a value)", arg);
            else
                add_target(a, CK_TARGET_IMAGE, arg);
        }
        i += takes;
    }
    if (a->report && !a->opts.report_dir)
        a->opts.report_dir = ".";
    if (a->count == 0)
        return ck_cli_fail("scan: nothing to scan: name images, or --list FILE, --input ARCHIVE.tar, --rootfs DIR");
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

int ck_cmd_scan(int argc, char **argv)
{
    struct scan_args a;
    struct console con = {0, 0, 0};
    struct ck_job_result result;
    ck_atomic_flag interrupted = {0};
    struct ck_err err;
    int rc;

    if (ck_cli_help_asked(argc, argv))
        return CK_EXIT_OK;
    memset(&a, 0, sizeof a);
    ck_job_options_init(&a.opts);
    ck_imagelist_init(&a.list);
    if ((rc = parse_args(&a, argc, argv)) != CK_EXIT_OK)
        goto cleanup;
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
    else if (a.fail_on && result.findings && (int)result.worst + 1 >= a.fail_on)
        rc = CK_EXIT_FINDINGS;
    else
        rc = CK_EXIT_OK;
cleanup:
    ck_log_open_file(NULL);
    ck_imagelist_release(&a.list);
    free(a.targets);
    return rc;
}
