/* ckitty db: the offline vulnerability database.
 *
 *   ckitty db import PATH [--db FILE]      an OSV all.zip, a folder of .json records, or one record;
 *                                          EPSS scores (.csv, .csv.gz) or the KEV catalogue (.json)
 *   ckitty db update [--ecosystem E]... [--all-releases] [--base-url URL] [--rematch] [--history FILE] [--db FILE]
 *                                          download from OSV (all.zip, then changed records):
 *                                          the ecosystems named, else those the history's
 *                                          images need and those downloaded before; then
 *                                          EPSS and KEV (--epss-base-url, --kev-base-url or
 *                                          CKITTY_EPSS_BASE_URL, CKITTY_KEV_BASE_URL; not with
 *                                          --ecosystem or --no-exploit-data)
 *   ckitty db status [--db FILE]           ecosystems, record counts, age of the data
 *
 * The database lives at <data folder>/vulns.db unless --db says otherwise.
 * Progress goes to stderr: redrawn in place on a terminal, plain lines when
 * redirected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "store/history.h"
#include "store/needed.h"
#include "util/log.h"
#include "vuln/dbupdate.h"
#include "vuln/exploitdb.h"
#include "vuln/exploitupdate.h"
#include "util/text.h"
#include "vuln/osvfeed.h"
#include "vuln/vulndb.h"

#define MAX_SHOWN_WARNINGS 20

struct db_args {
    const char *db;
    const char *base_url;
    const char *history;
    const char *epss_base;
    const char *kev_base;
    int no_exploit;
    int exploit_only;
    char **ecosystems;
    size_t ecosystem_count;
    int all_releases;
    int rematch;
    int verbose;
};

#define DB_OPTIONS(a)                                                          \
    {CK_OPT_DB(&(a)->db)},                                                     \
    {CK_OPT_FLAG("--verbose", "-v", &(a)->verbose, "log what is done in detail")}

/* Parses the subcommand's options; its arguments go to argv[1..*nargs]. */
static int parse_args(const struct ck_cli_command *self, const struct ck_cli_option *options, struct db_args *a,
                      int argc, char **argv, int *nargs)
{
    int rc = ck_cli_parse(self, options, argc, argv, nargs);
    if (rc == CK_EXIT_OK && a->verbose)
        ck_log_set_level(CK_LOG_DEBUG);
    return rc;
}

/* ---- progress ----------------------------------------------------------- */

struct progress {
    int tty;
    uint64_t last_ms;
    int last_step;    /* redirected: the last tenth printed */
    int phase;
    int drawn;        /* a line is on screen without its newline */
    const char *label;
};

static void human_bytes(uint64_t n, char *out, size_t size)
{
    if (n >= 10u << 20)
        snprintf(out, size, "%.1f MiB", (double)n / (1 << 20));
    else if (n >= 10u << 10)
        snprintf(out, size, "%llu KiB", (unsigned long long)(n >> 10));
    else
        snprintf(out, size, "%llu bytes", (unsigned long long)n);
}

static void progress_end(struct progress *p)
{
    if (p->drawn)
        fputc('\n', stderr);
    p->drawn = 0;
}

static void progress_show(struct progress *p, const char *label, int phase, uint64_t done, uint64_t total)
{
    static const char *const verbs[] = {"downloaded", "imported", "fetched"};
    char line[160], a[32], b[32];
    uint64_t now = ck_time_monotonic_ms();
    int finished = total && done >= total;
    int step = total ? (int)(done * 10 / total) : -1;

    if (phase != p->phase || label != p->label) {
        progress_end(p);
        p->phase = phase;
        p->label = label;
        p->last_step = -1;
        p->last_ms = 0;
    }
    if (phase == CK_DBUPDATE_DOWNLOAD) {
        human_bytes(done, a, sizeof a);
        human_bytes(total, b, sizeof b);
    } else {
        snprintf(a, sizeof a, "%llu", (unsigned long long)done);
        snprintf(b, sizeof b, "%llu records", (unsigned long long)total);
    }
    if (total)
        snprintf(line, sizeof line, "[*] %s: %s %s of %s (%d%%)", label, verbs[phase], a, b,
                 (int)(done * 100 / total));
    else
        snprintf(line, sizeof line, "[*] %s: %s %s", label, verbs[phase], a);
    if (p->tty) {
        /* In place, at most ten times a second. */
        if (!finished && now - p->last_ms < 100)
            return;
        p->last_ms = now;
        fputc('\r', stderr);
        ck_cli_print(stderr, "%-78s", line);
        p->drawn = 1;
        if (finished)
            progress_end(p);
    } else if (total && step != p->last_step && (step % 5 == 0 || finished)) {
        /* Redirected: a plain line at 0%, 50% and 100%. */
        p->last_step = step;
        ck_cli_print(stderr, "%s\n", line);
    }
    fflush(stderr);
}

static void on_update_progress(void *ctx, const char *ecosystem, enum ck_dbupdate_phase phase, uint64_t done,
                               uint64_t total)
{
    progress_show(ctx, ecosystem, (int)phase, done, total);
}

static void on_import_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct progress *p = ctx;
    progress_show(p, p->label, CK_DBUPDATE_IMPORT, done, total);
}

static void print_warnings(const struct ck_vulndb_import_stats *s)
{
    size_t i;
    for (i = 0; i < s->warning_count && i < MAX_SHOWN_WARNINGS; i++)
        ck_log(CK_LOG_WARN, "%s", s->warnings[i]);
    if (s->failed > MAX_SHOWN_WARNINGS)
        ck_log(CK_LOG_WARN, "... and %llu more records that could not be used",
               (unsigned long long)(s->failed - MAX_SHOWN_WARNINGS));
}

static void print_exploit_warnings(const struct ck_exploit_import_stats *s)
{
    size_t i;
    for (i = 0; i < s->warning_count && i < MAX_SHOWN_WARNINGS; i++)
        ck_log(CK_LOG_WARN, "%s", s->warnings[i]);
    if (s->failed > MAX_SHOWN_WARNINGS)
        ck_log(CK_LOG_WARN, "... and %llu more rows that could not be used",
               (unsigned long long)(s->failed - MAX_SHOWN_WARNINGS));
}

static void print_counts(const char *what, const struct ck_vulndb_import_stats *s)
{
    char other[80] = "";
    if (s->dropped)
        snprintf(other, sizeof other, ", %llu records of other releases left out", (unsigned long long)s->dropped);
    ck_log(CK_LOG_SUCCESS, "%s: %llu new, %llu updated, %llu unchanged, %llu removed, %llu failed%s", what,
           (unsigned long long)s->added, (unsigned long long)s->replaced,
           (unsigned long long)(s->unchanged + s->older), (unsigned long long)s->removed,
           (unsigned long long)s->failed, other);
}

/* ---- import ------------------------------------------------------------- */

/* EPSS scores or the KEV catalogue; *taken 0 when path is neither. */
static int import_exploit(struct ck_vulndb *db, const char *path, int *taken)
{
    struct ck_exploit_import_stats stats;
    struct ck_err err;
    enum ck_status st;

    memset(&stats, 0, sizeof stats);
    st = ck_exploit_import_path(db, CK_EXPLOIT_NONE, path, NULL, NULL, &stats, &err);
    *taken = st != CK_ERR_UNSUPPORTED && st != CK_ERR_IO;
    if (!*taken)
        return CK_EXIT_OK;
    if (st != CK_OK)
        return ck_cli_fail("import failed, the database is unchanged: %s", err.msg);
    print_exploit_warnings(&stats);
    ck_log(CK_LOG_SUCCESS, "imported %s into %s: %s, %llu rows, %llu failed", path, ck_vulndb_path(db),
           ck_exploit_feed_name(stats.kind), (unsigned long long)stats.rows, (unsigned long long)stats.failed);
    ck_exploit_import_stats_release(&stats);
    return CK_EXIT_OK;
}

static int db_import(const struct ck_cli_command *self, int argc, char **argv)
{
    struct db_args a = {0};
    const struct ck_cli_option options[] = {DB_OPTIONS(&a), {CK_OPT_END}};
    struct progress p = {ck_isatty(stderr), 0, -1, -1, 0, "import"};
    struct ck_vulndb_import_opts opts = {NULL, 0, on_import_progress, &p, NULL};
    struct ck_vulndb_import_stats stats;
    struct ck_vulndb *db;
    struct ck_err err;
    enum ck_status st;
    char what[600];
    const char *path;
    int nargs, rc;

    if ((rc = parse_args(self, options, &a, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (nargs == 0)
        return ck_cli_fail("db import needs a PATH (ckitty db import --help)");
    if (nargs > 1)
        return ck_cli_fail("db import: one PATH at a time ('%s' too)", argv[2]);
    path = argv[1];
    if ((rc = ck_cli_vulndb_open(self->name, a.db, CK_CLI_WRITE, &db)) != CK_EXIT_OK)
        return rc;
    if ((rc = import_exploit(db, path, &nargs)) != CK_EXIT_OK || nargs) {
        ck_vulndb_close(db);
        return rc;
    }
    memset(&stats, 0, sizeof stats);
    p.label = path;
    st = ck_vulndb_import_file(db, path, &opts, &stats, &err);
    progress_end(&p);
    if (st != CK_OK) {
        ck_vulndb_close(db);
        return ck_cli_fail("import failed, the database is unchanged: %s", err.msg);
    }
    print_warnings(&stats);
    snprintf(what, sizeof what, "imported %s into %s", path, ck_vulndb_path(db));
    print_counts(what, &stats);
    ck_vulndb_import_stats_release(&stats);
    ck_vulndb_close(db);
    return CK_EXIT_OK;
}

/* ---- update ------------------------------------------------------------- */

static int update_one(struct ck_vulndb *db, const struct ck_osvfeed_want *want, const struct ck_dbupdate_opts *opts,
                      struct progress *p)
{
    const char *feed = want->feed;
    struct ck_dbupdate_result res;
    struct ck_err err;
    enum ck_status st;
    char bytes[32], what[200];

    ck_dbupdate_result_init(&res);
    st = ck_dbupdate_feed(db, want, opts, &res, &err);
    progress_end(p);
    if (st != CK_OK) {
        ck_log(CK_LOG_ERROR, "%s: update failed, its data is unchanged: %s", feed, err.msg);
        return 0;
    }
    print_warnings(&res.stats);
    human_bytes(res.bytes, bytes, sizeof bytes);
    switch (res.outcome) {
    case CK_DBUPDATE_CURRENT:
        ck_log(CK_LOG_SUCCESS, "%s: up to date", feed);
        break;
    case CK_DBUPDATE_FULL:
        snprintf(what, sizeof what, "%s: all.zip (%s) imported", feed, bytes);
        print_counts(what, &res.stats);
        break;
    case CK_DBUPDATE_INCREMENTAL:
        snprintf(what, sizeof what, "%s: %llu changed records fetched", feed, (unsigned long long)res.fetched);
        print_counts(what, &res.stats);
        break;
    }
    ck_dbupdate_result_release(&res);
    return 1;
}

/* EPSS or KEV; 1 when it went well. */
static int update_exploit(struct ck_vulndb *db, enum ck_exploit_kind kind, const char *base,
                          const struct ck_dbupdate_opts *opts, struct progress *p)
{
    const char *name = ck_exploit_feed_name(kind);
    struct ck_exploit_update_result res;
    struct ck_err err;
    char bytes[32];

    memset(&res, 0, sizeof res);
    if (ck_exploit_update(db, kind, base, opts, &res, &err) != CK_OK) {
        progress_end(p);
        ck_log(CK_LOG_ERROR, "%s: update failed, its data is unchanged: %s", name, err.msg);
        return 0;
    }
    progress_end(p);
    if (res.current) {
        ck_log(CK_LOG_SUCCESS, "%s: up to date", name);
    } else {
        print_exploit_warnings(&res.stats);
        human_bytes(res.bytes, bytes, sizeof bytes);
        ck_log(CK_LOG_SUCCESS, "%s: %s imported: %llu rows, %llu failed%s%s", name, bytes,
               (unsigned long long)res.stats.rows, (unsigned long long)res.stats.failed,
               res.stats.meta.published[0] ? ", of " : "", res.stats.meta.published);
    }
    ck_exploit_update_result_release(&res);
    return 1;
}

/* The option, else the environment variable, else NULL (the default). */
static char *base_of(const char *option, const char *env)
{
    char *v = option ? NULL : ck_getenv(env);
    if (option)
        return ck_text_dup(option);
    if (v && !*v) {
        free(v);
        v = NULL;
    }
    return v;
}

static size_t update_exploit_all(struct ck_vulndb *db, const struct db_args *a, const struct ck_dbupdate_opts *opts,
                                 struct progress *p)
{
    char *epss = base_of(a->epss_base, "CKITTY_EPSS_BASE_URL"), *kev = base_of(a->kev_base, "CKITTY_KEV_BASE_URL");
    size_t ok = (size_t)update_exploit(db, CK_EXPLOIT_EPSS, epss, opts, p);
    ok += (size_t)update_exploit(db, CK_EXPLOIT_KEV, kev, opts, p);
    free(epss);
    free(kev);
    return ok;
}

static int on_ecosystem(void *ctx, char **v)
{
    struct db_args *a = ctx;
    a->ecosystems[a->ecosystem_count++] = v[0];
    return CK_EXIT_OK;
}

/* Adds what the history's images need, saying so. A history that does not
 * exist needs nothing. */
static int add_needed(const struct db_args *a, struct ck_osvfeed_plan *plan)
{
    struct ck_needed_ecosystem *needed = NULL;
    struct ck_history *h = NULL;
    struct ck_err err;
    char *path = NULL;
    size_t i, n = 0;
    enum ck_status st = CK_OK;

    if (ck_cli_history_path("db update", a->history, CK_CLI_READ, &path) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    if (ck_file_exists(path) && (st = ck_history_open(path, &h, &err)) == CK_OK)
        st = ck_history_needed_ecosystems(h, &needed, &n, &err);
    ck_history_close(h);
    free(path);
    if (st != CK_OK)
        return ck_cli_fail("db update: %s", err.msg);
    for (i = 0; i < n && st == CK_OK; i++) {
        ck_log(CK_LOG_INFO, "%s: needed by %llu image%s of the history", needed[i].name,
               (unsigned long long)needed[i].images, needed[i].images == 1 ? "" : "s");
        st = ck_osvfeed_plan_add(plan, needed[i].name);
    }
    ck_needed_ecosystems_free(needed, n);
    return st == CK_OK ? CK_EXIT_OK : ck_cli_fail("db update: out of memory");
}

/* Adds the feeds downloaded before (their releases stay kept): a feed row
 * of OSV's earlier layout ("Debian:12") stands for that release. */
static int add_downloaded(struct ck_vulndb *db, struct ck_osvfeed_plan *plan)
{
    struct ck_vulndb_status status;
    struct ck_err err;
    enum ck_status st;
    size_t i;

    memset(&status, 0, sizeof status);
    if ((st = ck_vulndb_status_get(db, &status, &err)) != CK_OK)
        return ck_cli_fail("db update: %s", err.msg);
    for (i = 0; i < status.feed_count && st == CK_OK; i++)
        st = ck_osvfeed_plan_add_feed(plan, status.feeds[i].name);
    ck_vulndb_status_release(&status);
    return st == CK_OK ? CK_EXIT_OK : ck_cli_fail("db update: out of memory");
}

/* What to update: the ecosystems named; else those the history's images
 * need and the feeds downloaded before; else, the first time, the current
 * releases. */
static int make_plan(struct ck_vulndb *db, const struct db_args *a, struct ck_osvfeed_plan *plan)
{
    size_t i;
    int rc = CK_EXIT_OK;

    for (i = 0; i < a->ecosystem_count && rc == CK_EXIT_OK; i++)
        if (ck_osvfeed_plan_add(plan, a->ecosystems[i]) != CK_OK)
            rc = ck_cli_fail("db update: out of memory");
    if (a->ecosystem_count)
        return rc;
    if ((rc = add_needed(a, plan)) != CK_EXIT_OK || (rc = add_downloaded(db, plan)) != CK_EXIT_OK)
        return rc;
    if (!plan->count) {
        ck_log(CK_LOG_INFO, "no image in the history and no data yet: starting with the current releases "
               "(%s); later updates follow the images scanned", CK_OSVFEED_STARTING_SET);
        if (ck_osvfeed_plan_add_list(plan, CK_OSVFEED_STARTING_SET) != CK_OK)
            return ck_cli_fail("db update: out of memory");
    }
    return CK_EXIT_OK;
}

static int update_all(struct ck_vulndb *db, const struct db_args *a)
{
    struct progress p = {ck_isatty(stderr), 0, -1, -1, 0, NULL};
    struct ck_dbupdate_opts opts;
    struct ck_osvfeed_plan plan;
    size_t i, ok = 0;
    int rc;

    memset(&opts, 0, sizeof opts);
    opts.base_url = a->base_url;
    opts.progress = on_update_progress;
    opts.progress_ctx = &p;
    opts.all_releases = a->all_releases;
    ck_osvfeed_plan_init(&plan);
    if (!a->exploit_only && (rc = make_plan(db, a, &plan)) != CK_EXIT_OK) {
        ck_osvfeed_plan_release(&plan);
        return rc;
    }
    for (i = 0; i < plan.count; i++)
        ok += (size_t)update_one(db, &plan.feeds[i], &opts, &p);
    rc = ok == plan.count ? CK_EXIT_OK : CK_EXIT_ERROR;
    /* the exploit data goes with a whole update, not with named ecosystems */
    if (a->exploit_only || (!a->ecosystem_count && !a->no_exploit))
        if (update_exploit_all(db, a, &opts, &p) != 2)
            rc = CK_EXIT_ERROR;
    ck_osvfeed_plan_release(&plan);
    return rc;
}

static int db_update(const struct ck_cli_command *self, int argc, char **argv)
{
    struct db_args a = {0};
    const struct ck_cli_option options[] = {
        {CK_OPT_CALL("--ecosystem", NULL, on_ecosystem, &a, "E", "an OSV ecosystem to download (repeatable)")},
        {CK_OPT_FLAG("--all-releases", NULL, &a.all_releases,
                     "keep every release of a distribution's data, not only those wanted")},
        {CK_OPT_STRING("--base-url", NULL, &a.base_url, "URL", "where OSV's files are (default: OSV's bucket)")},
        {CK_OPT_STRING("--epss-base-url", NULL, &a.epss_base, "URL",
                       "where " CK_EPSS_FILE " is (default: " CK_EPSS_DEFAULT_BASE ")")},
        {CK_OPT_STRING("--kev-base-url", NULL, &a.kev_base, "URL",
                       "where " CK_KEV_FILE " is (default: CISA's feeds folder)")},
        {CK_OPT_FLAG("--no-exploit-data", NULL, &a.no_exploit, "do not download EPSS scores and the KEV catalogue")},
        {CK_OPT_FLAG("--exploit-data-only", NULL, &a.exploit_only,
                     "download only EPSS scores and the KEV catalogue")},
        {CK_OPT_FLAG("--rematch", NULL, &a.rematch,
                     "then re-match every stored inventory against the new data (as ckitty rematch --all)")},
        {CK_OPT_HISTORY(&a.history)},
        DB_OPTIONS(&a),
        {CK_OPT_END},
    };
    struct ck_vulndb *db = NULL;
    int rc;

    if (!(a.ecosystems = calloc((size_t)argc, sizeof *a.ecosystems)))
        return ck_cli_fail("db update: out of memory");
    if ((rc = parse_args(self, options, &a, argc, argv, NULL)) == CK_EXIT_OK &&
        (rc = ck_cli_vulndb_open(self->name, a.db, CK_CLI_WRITE, &db)) == CK_EXIT_OK)
        rc = update_all(db, &a);
    ck_vulndb_close(db);
    free(a.ecosystems);
    /* a partly failed update still re-matches: what did update is current */
    if (db && a.rematch) {
        int rematched = ck_cli_rematch("db update", a.history, a.db, NULL, 0);
        rc = rc == CK_EXIT_OK ? rematched : rc;
    }
    return rc;
}

/* ---- status ------------------------------------------------------------- */

static void format_when(int64_t t, int64_t now, char *out, size_t size)
{
    char stamp[32];
    int64_t age = now - t;
    if (t <= 0) {
        snprintf(out, size, "never");
        return;
    }
    ck_text_format_time(t, stamp, sizeof stamp);
    if (age < 3600)
        snprintf(out, size, "%s (%lld min ago)", stamp, (long long)(age / 60));
    else if (age < 2 * 86400)
        snprintf(out, size, "%s (%lld h ago)", stamp, (long long)(age / 3600));
    else
        snprintf(out, size, "%s (%lld days ago)", stamp, (long long)(age / 86400));
}

static void print_exploit_status(struct ck_vulndb *db, int64_t now)
{
    static const enum ck_exploit_kind kinds[] = {CK_EXPLOIT_EPSS, CK_EXPLOIT_KEV};
    struct ck_exploit_feed_info f;
    struct ck_err err;
    char when[80];
    size_t i;
    int header = 0;

    memset(&f, 0, sizeof f);
    for (i = 0; i < 2; i++) {
        if (ck_exploit_feed_get(db, kinds[i], &f, &err) != CK_OK)
            continue;
        if (!header++)
            ck_cli_print(stdout, "\nExploit likelihood:\n  %-24s %9s  %-34s %s\n", "FEED", "ROWS", "UPDATED",
                         "VERSION, DATE");
        format_when(f.updated_at, now, when, sizeof when);
        ck_cli_print(stdout, "  %-24s %9lld  %-34s %s%s%s\n", ck_exploit_feed_name(kinds[i]), (long long)f.row_count,
                     when, f.version && *f.version ? f.version : "-", f.published && *f.published ? ", " : "",
                     f.published ? f.published : "");
        ck_exploit_feed_info_release(&f);
    }
}

static int db_status(const struct ck_cli_command *self, int argc, char **argv)
{
    struct db_args a = {0};
    const struct ck_cli_option options[] = {DB_OPTIONS(&a), {CK_OPT_END}};
    struct ck_vulndb_status s;
    struct ck_vulndb *db;
    struct ck_err err;
    int64_t now = ck_time_now();
    char when[80], msg[400];
    size_t i;
    int rc;

    if ((rc = parse_args(self, options, &a, argc, argv, NULL)) != CK_EXIT_OK ||
        (rc = ck_cli_vulndb_open(self->name, a.db, CK_CLI_LIST, &db)) != CK_EXIT_OK)
        return rc;
    memset(&s, 0, sizeof s);
    if (ck_vulndb_status_get(db, &s, &err) != CK_OK) {
        ck_vulndb_close(db);
        return ck_cli_fail("%s", err.msg);
    }
    ck_cli_print(stdout, "Vulnerability database: %s (schema %d)\n", ck_vulndb_path(db), s.schema_version);
    ck_cli_print(stdout, "Records: %lld (%lld withdrawn)\n", (long long)s.record_count, (long long)s.withdrawn_count);
    if (s.git_only_records || s.git_only_entries)
        ck_cli_print(stdout, "Only GIT ranges (commits, not matched against versions): %lld records, "
                     "%lld affected entries\n", (long long)s.git_only_records, (long long)s.git_only_entries);
    if (s.feed_count) {
        ck_cli_print(stdout, "\nDownloaded from OSV:\n  %-24s %9s  %-34s %s\n", "FEED", "RECORDS", "UPDATED",
                     "RELEASES KEPT");
        for (i = 0; i < s.feed_count; i++) {
            const struct ck_vulndb_feed_info *f = &s.feeds[i];
            format_when(f->updated_at, now, when, sizeof when);
            ck_cli_print(stdout, "  %-24s %9lld  %-34s %s\n", f->name, (long long)f->record_count, when,
                         f->all_releases || !f->releases ? "all" : *f->releases ? f->releases : "-");
        }
    }
    print_exploit_status(db, now);
    if (s.ecosystem_count) {
        ck_cli_print(stdout, "\nEcosystems:\n  %-24s %9s  %s\n", "ECOSYSTEM", "RECORDS", "UPDATED");
        for (i = 0; i < s.ecosystem_count; i++) {
            format_when(s.ecosystems[i].updated_at, now, when, sizeof when);
            ck_cli_print(stdout, "  %-24s %9lld  %s\n", s.ecosystems[i].name, (long long)s.ecosystems[i].record_count, when);
        }
    } else {
        ck_cli_print(stdout, "\nNo data yet: ckitty db update, or ckitty db import PATH\n");
    }
    fflush(stdout);
    for (i = 0; i < s.ecosystem_count; i++)
        if (ck_vulndb_stale_warning(db, s.ecosystems[i].name, 0, now, msg, sizeof msg))
            ck_log(CK_LOG_WARN, "%s", msg);
    ck_vulndb_status_release(&s);
    ck_vulndb_close(db);
    return CK_EXIT_OK;
}

#define DB_NOTES                                                                                 \
    "The database is vulns.db in the data folder unless --db says otherwise."

static const struct ck_cli_command subcommands[] = {
    {"db import", db_import, "db import PATH [--db FILE]", "import OSV records, EPSS scores or the KEV catalogue",
     "PATH: an OSV all.zip, a folder of OSV .json records (searched recursively), or one record;\n"
     "   or FIRST's EPSS scores (" CK_EPSS_FILE " or the csv inside) or CISA's KEV catalogue\n"
     "   (" CK_KEV_FILE "), recognised by their content.\n" DB_NOTES},
    {"db update", db_update,
     "db update [--ecosystem E]... [--all-releases] [--base-url URL] [--epss-base-url URL] [--kev-base-url URL]\n"
     "          [--no-exploit-data | --exploit-data-only] [--history FILE] [--db FILE]",
     "download from OSV: all.zip, then the records changed since",
     "E: an OSV ecosystem such as Debian:13, Alpine:v3.22, Ubuntu:24.04:LTS, npm, PyPI (repeatable).\n"
     "   A release is kept out of its distribution's download (Debian:13 out of Debian/all.zip);\n"
     "   a bare distribution (Debian) keeps all its releases, as --all-releases does for each.\n"
     "Without --ecosystem: the ecosystems the images in the history need (their releases and\n"
     "   application ecosystems) and those downloaded before; the first time, with no images,\n"
     "   the current releases (" CK_OSVFEED_STARTING_SET ").\n"
     "Releases kept before stay kept.\n"
     "Without --ecosystem, also FIRST's EPSS scores and CISA's KEV catalogue (--no-exploit-data: not;\n"
     "   --exploit-data-only: only them); CKITTY_EPSS_BASE_URL and CKITTY_KEV_BASE_URL stand for the\n"
     "   --epss-base-url and --kev-base-url options.\n" DB_NOTES},
    {"db status", db_status, "db status [--db FILE]", "ecosystems, record counts and the age of the data",
     DB_NOTES},
    {NULL, NULL, NULL, NULL, NULL},
};

int ck_cmd_db(const struct ck_cli_command *self, int argc, char **argv)
{
    return ck_cli_run_subcommand(self, subcommands, argc, argv);
}
