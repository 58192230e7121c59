/* ckitty triage: decisions on findings, kept in the scan history.
 *   ckitty triage set (IMAGE | --repository R | --all) VULN [--package P] --state S
 *                     [--justification J] [--owner O] [--expires YYYY-MM-DD] [--note TEXT]
 *   ckitty triage list [--expiring DAYS | --expired]
 *   ckitty triage history VULN
 *   ckitty triage import FILE... [--expires YYYY-MM-DD] [--dry-run]
 * all with [--history FILE]. Bad input is refused with a sentence naming the
 * field before the history is opened, so nothing is stored. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "docker/imageref.h"
#include "platform/file.h"
#include "platform/platform.h"
#include "report/decisionfile.h"
#include "report/reviewcsv.h"
#include "store/decisions.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/text.h"

#define STATES "under_investigation, affected, not_affected, accepted_risk, false_positive"
#define JUSTIFICATIONS                                                                                     \
    "component_not_present, vulnerable_code_not_present,\n"                                               \
    "  vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary,\n"          \
    "  inline_mitigations_already_exist"

struct set_args {
    const char *history;
    const char *repository_opt;
    int all;
    const char *package, *state, *justification, *owner, *expires, *note;
};

/* The history's repository (and tag) of an image argument, as a scan stores
 * them: an image reference by its normalised name and tag; anything else (an
 * archive or folder path) as it is, with the tag "". */
static int name_image(const char *text, char **repository, char **tag)
{
    struct ck_imageref ref;
    struct ck_err err;

    ck_imageref_init(&ref);
    if (ck_imageref_parse(&ref, text, &err) != CK_OK) {
        *repository = ck_text_dup(text);
        *tag = ck_text_dup("");
    } else {
        *repository = ck_imageref_name(&ref);
        *tag = ck_text_dup(ref.tag ? ref.tag : "");
        ck_imageref_release(&ref);
    }
    return *repository && *tag ? CK_EXIT_OK : ck_cli_fail("triage: out of memory");
}

static int32_t today(void) { return ck_date_of_time(ck_time_now()); }

/* The scope from the arguments: IMAGE VULN, or --repository R / --all and VULN. */
static int read_scope(const struct set_args *a, int nargs, char **argv, struct ck_decision *d, char **tag)
{
    int want = a->all || a->repository_opt ? 1 : 2;

    if (a->all && a->repository_opt)
        return ck_cli_fail("triage set: scope: --all or --repository, not both");
    if (nargs != want)
        return ck_cli_fail("triage set: %s", nargs < want ? "name the image (or --repository R, or --all) and the "
                                                            "vulnerability"
                                                          : "too many arguments: one image and one vulnerability");
    d->vuln_id = argv[want];
    if (a->all) {
        d->scope = CK_SCOPE_ALL;
        return CK_EXIT_OK;
    }
    if (a->repository_opt) {
        d->scope = CK_SCOPE_REPOSITORY;
        if (name_image(a->repository_opt, &d->repository, tag) != CK_EXIT_OK)
            return CK_EXIT_ERROR;
        free(*tag);
        *tag = NULL;
        return CK_EXIT_OK;
    }
    d->scope = CK_SCOPE_IMAGE;
    if (name_image(argv[1], &d->repository, tag) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    d->tag = *tag;
    return CK_EXIT_OK;
}

/* State, justification and expiry from their options. */
static int read_fields(const struct set_args *a, struct ck_decision *d)
{
    if (!a->state)
        return ck_cli_fail("triage set: --state: give one of " STATES);
    if (ck_decision_state_parse(a->state, &d->state) != 0)
        return ck_cli_fail("triage set: --state: unknown state '%s' (" STATES ")", a->state);
    if (a->justification && ck_justification_parse(a->justification, &d->justification) != 0)
        return ck_cli_fail("triage set: --justification: unknown justification '%s' (%s)", a->justification,
                           "component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_"
                           "path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_"
                           "exist");
    d->expires = CK_DATE_NONE;
    if (a->expires && ck_date_parse(a->expires, &d->expires) != 0)
        return ck_cli_fail("triage set: --expires: '%s' is not a date (YYYY-MM-DD)", a->expires);
    return CK_EXIT_OK;
}

static void print_scope(const struct ck_decision *d, char *out, size_t size)
{
    if (d->scope == CK_SCOPE_ALL)
        snprintf(out, size, "every image");
    else if (d->scope == CK_SCOPE_REPOSITORY)
        snprintf(out, size, "%s (every tag)", d->repository ? d->repository : "");
    else if (d->tag && *d->tag)
        snprintf(out, size, "%s:%s", d->repository ? d->repository : "", d->tag);
    else
        snprintf(out, size, "%s", d->repository ? d->repository : "");
}

/* One decision: a line, then its justification and note. */
static void print_decision(const struct ck_decision *d)
{
    char scope[600], expires[16] = "-", when[32];
    struct tm tm;

    print_scope(d, scope, sizeof scope);
    if (d->expires != CK_DATE_NONE)
        ck_date_format(d->expires, expires, sizeof expires);
    ck_time_local(d->decided_at, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    ck_cli_print(stdout, "%-20s %-16s %-19s %-10s %-12s %s by %s\n  scope: %s\n", d->vuln_id,
                 d->package ? d->package : "(any package)", ck_decision_state_str(d->state), expires,
                 d->owner ? d->owner : "-", when, d->decided_by ? d->decided_by : "?", scope);
    if (d->justification)
        ck_cli_print(stdout, "  justification: %s\n", ck_justification_str(d->justification));
    if (d->note && *d->note)
        ck_cli_print(stdout, "  note: %s\n", d->note);
}

static void print_heading(void)
{
    ck_cli_print(stdout, "%-20s %-16s %-19s %-10s %-12s %s\n", "VULNERABILITY", "PACKAGE", "STATE", "EXPIRES",
                 "OWNER", "DECIDED");
}

static int triage_set(const struct ck_cli_command *self, int argc, char **argv)
{
    struct set_args a;
    struct ck_decision d;
    struct ck_history *h = NULL;
    struct ck_err err;
    char *tag = NULL;
    int64_t id = 0;
    int nargs = 0, rc;

    memset(&a, 0, sizeof a);
    memset(&d, 0, sizeof d);
    {
        const struct ck_cli_option options[] = {
            {CK_OPT_STRING("--repository", NULL, &a.repository_opt, "R", "every tag of repository R")},
            {CK_OPT_FLAG("--all", NULL, &a.all, "every image")},
            {CK_OPT_STRING("--package", NULL, &a.package, "P", "only in package P (default: any package)")},
            {CK_OPT_STRING("--state", NULL, &a.state, "S", STATES)},
            {CK_OPT_STRING("--justification", NULL, &a.justification, "J", "with not_affected: VEX's justification (below)")},
            {CK_OPT_STRING("--owner", NULL, &a.owner, "O", "who owns the follow-up")},
            {CK_OPT_STRING("--expires", NULL, &a.expires, "YYYY-MM-DD",
                           "the last day it applies (required for accepted_risk)")},
            {CK_OPT_STRING("--note", NULL, &a.note, "TEXT", "why")},
            {CK_OPT_HISTORY(&a.history)},
            {CK_OPT_END},
        };
        if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
            return rc;
    }
    if ((rc = read_scope(&a, nargs, argv, &d, &tag)) != CK_EXIT_OK || (rc = read_fields(&a, &d)) != CK_EXIT_OK)
        goto cleanup;
    d.package = (char *)a.package;
    d.owner = (char *)a.owner;
    d.note = (char *)a.note;
    if (ck_decision_check(&d, today(), &err) != CK_OK) {
        rc = ck_cli_fail("triage set: %s", err.msg);
        goto cleanup;
    }
    if ((rc = ck_cli_history_open("triage set", a.history, CK_CLI_WRITE, &h)) != CK_EXIT_OK)
        goto cleanup;
    if (ck_decisions_add(h, &d, &id, &err) != CK_OK) {
        rc = ck_cli_fail("triage set: %s", err.msg);
        goto cleanup;
    }
    ck_cli_print(stdout, "Recorded decision %lld: %s is %s\n", (long long)id, d.vuln_id,
                 ck_decision_state_str(d.state));
    rc = CK_EXIT_OK;
cleanup:
    ck_history_close(h);
    free(d.repository);
    free(tag);
    return rc;
}

/* Does d pass the list's filter? */
static int listed(const struct ck_decision *d, int expired, long long expiring, int32_t day)
{
    if (expired)
        return d->expires != CK_DATE_NONE && d->expires < day;
    if (expiring >= 0)
        return d->expires != CK_DATE_NONE && d->expires >= day && d->expires <= day + expiring;
    return 1;
}

static int triage_list(const struct ck_cli_command *self, int argc, char **argv)
{
    const char *history = NULL;
    long long expiring = -1;
    int expired = 0, rc;
    const struct ck_cli_option options[] = {
        {CK_OPT_INT("--expiring", NULL, &expiring, 0, 36500, "DAYS", "only those that expire within DAYS from today")},
        {CK_OPT_FLAG("--expired", NULL, &expired, "only those that have expired")},
        {CK_OPT_HISTORY(&history)},
        {CK_OPT_END},
    };
    struct ck_history *h = NULL;
    struct ck_decisions list;
    struct ck_err err;
    int32_t day = today();
    size_t i, shown = 0;

    if ((rc = ck_cli_parse(self, options, argc, argv, NULL)) != CK_EXIT_OK)
        return rc;
    if (expired && expiring >= 0)
        return ck_cli_fail("triage list: --expiring or --expired, not both");
    if ((rc = ck_cli_history_open("triage list", history, CK_CLI_LIST, &h)) != CK_EXIT_OK)
        return rc;
    ck_decisions_init(&list);
    if (ck_decisions_effective(h, NULL, &list, &err) != CK_OK) {
        ck_history_close(h);
        return ck_cli_fail("triage list: %s", err.msg);
    }
    for (i = 0; i < list.count; i++) {
        if (!listed(&list.items[i], expired, expiring, day))
            continue;
        if (!shown++)
            print_heading();
        print_decision(&list.items[i]);
    }
    if (!shown)
        ck_cli_print(stdout, "No decisions%s.\n", expired ? " have expired" : expiring >= 0 ? " expire soon" : " yet");
    ck_decisions_release(&list);
    ck_history_close(h);
    return CK_EXIT_OK;
}

static int triage_history(const struct ck_cli_command *self, int argc, char **argv)
{
    const char *history = NULL;
    const struct ck_cli_option options[] = {{CK_OPT_HISTORY(&history)}, {CK_OPT_END}};
    struct ck_history *h = NULL;
    struct ck_decisions list;
    struct ck_err err;
    int nargs = 0, rc;
    size_t i;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (nargs != 1)
        return ck_cli_fail("triage history: name one vulnerability (CVE-2024-1234)");
    if ((rc = ck_cli_history_open("triage history", history, CK_CLI_LIST, &h)) != CK_EXIT_OK)
        return rc;
    ck_decisions_init(&list);
    if (ck_decisions_history(h, argv[1], &list, &err) != CK_OK) {
        ck_history_close(h);
        return ck_cli_fail("triage history: %s", err.msg);
    }
    if (list.count)
        print_heading();
    else
        ck_cli_print(stdout, "No decisions on %s.\n", argv[1]);
    for (i = 0; i < list.count; i++)
        print_decision(&list.items[i]);
    ck_decisions_release(&list);
    ck_history_close(h);
    return CK_EXIT_OK;
}

/* ---- import -------------------------------------------------------------------------- */

struct import_file {
    const char *path;
    const char *name;  /* its last component: the author of its VEX and ignore decisions */
    size_t not_taken;  /* statements, lines and rows reported */
};

static void import_warn(void *ctx, const char *where, const char *why)
{
    struct import_file *f = ctx;
    f->not_taken++;
    ck_cli_print(stderr, "ckitty: triage import: %s: %s: %s\n", f->path, where, why);
}

static const char *last_component(const char *path)
{
    const char *p, *name = path;
    for (p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            name = p + 1;
    return name;
}

static int same_text(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static int same_key(const struct ck_decision *a, const struct ck_decision *b)
{
    return !ck_text_casecmp(a->vuln_id, b->vuln_id) && same_text(a->package, b->package) && a->scope == b->scope &&
           same_text(a->repository, b->repository) && same_text(a->tag, b->tag);
}

static int same_decision(const struct ck_decision *a, const struct ck_decision *b)
{
    return a->state == b->state && a->justification == b->justification && a->expires == b->expires &&
           same_text(a->note, b->note) && same_text(a->owner, b->owner);
}

/* The decision in effect for d's key, counting those this import takes
 * before d (newest first), NULL when none. */
static const struct ck_decision *current_for(const struct ck_decision *d, const struct ck_decisions *taken,
                                             const struct ck_decisions *effective)
{
    size_t i;
    for (i = taken->count; i-- > 0;)
        if (same_key(&taken->items[i], d))
            return &taken->items[i];
    for (i = 0; i < effective->count; i++)
        if (same_key(&effective->items[i], d))
            return &effective->items[i];
    return NULL;
}

/* Reads one file's decisions into got; 0, or -1 when the file is not read
 * at all (said on stderr). */
static int import_read(struct import_file *f, const struct ck_decisions *effective, int32_t day,
                       int32_t default_expires, struct ck_decisions *got, size_t *unchanged)
{
    struct ck_decisionfile_options opts;
    enum ck_decisionfile_format fmt;
    struct ck_buf text;
    struct ck_err err;
    enum ck_status rc;

    ck_buf_init(&text);
    if (ck_file_read_all(f->path, CK_DECISIONFILE_MAX_BYTES, &text, &err) != CK_OK) {
        ck_cli_fail("triage import: %s", err.msg);
        return -1;
    }
    fmt = ck_decisionfile_sniff(f->name, text.data, text.len);
    if (fmt == CK_DECISIONFILE_UNKNOWN) {
        ck_buf_release(&text);
        ck_cli_fail("triage import: %s: not a file of decisions ContainerKitty reads (OpenVEX, CycloneDX VEX, "
                    ".trivyignore, .trivyignore.yaml, .grype.yaml, or a review CSV with a Triage column)",
                    f->path);
        return -1;
    }
    opts.author = f->name;
    opts.today = day;
    opts.default_expires = default_expires;
    if (fmt == CK_DECISIONFILE_CSV)
        rc = ck_reviewcsv_read(text.data, text.len, effective, day, got, import_warn, f, unchanged, &err);
    else
        rc = ck_decisionfile_read(fmt, text.data, text.len, &opts, got, import_warn, f, &err);
    ck_buf_release(&text);
    if (rc != CK_OK) {
        ck_cli_fail("triage import: %s (%s): %s", f->path, ck_decisionfile_format_name(fmt), err.msg);
        return -1;
    }
    ck_cli_print(stdout, "%s: %s\n", f->path, ck_decisionfile_format_name(fmt));
    return 0;
}

/* Moves from got into taken what is new: not what is in effect already,
 * nor what fails the checks (reported). */
static enum ck_status import_sift(struct import_file *f, struct ck_decisions *got, const struct ck_decisions *effective,
                                  int32_t day, struct ck_decisions *taken, size_t *unchanged)
{
    size_t i;
    struct ck_err err;

    for (i = 0; i < got->count; i++) {
        const struct ck_decision *d = &got->items[i], *now = current_for(d, taken, effective);
        char where[160];
        if (now && same_decision(now, d)) {
            (*unchanged)++;
            continue;
        }
        if (ck_decision_check(d, day, &err) != CK_OK) {
            snprintf(where, sizeof where, "the decision on %.100s", d->vuln_id ? d->vuln_id : "?");
            import_warn(f, where, err.msg);
            continue;
        }
        if (ck_decisions_push_copy(taken, d) != CK_OK)
            return CK_ERR_NOMEM;
    }
    return CK_OK;
}

struct import_args {
    const char *history, *expires;
    int dry_run;
};

static int import_files(const struct import_args *a, char **paths, int count, struct ck_history *h,
                        int32_t default_expires)
{
    struct ck_decisions effective, taken;
    struct ck_err err;
    int32_t day = today();
    int i, failed = 0;

    ck_decisions_init(&effective);
    ck_decisions_init(&taken);
    if (ck_decisions_effective(h, NULL, &effective, &err) != CK_OK)
        return ck_cli_fail("triage import: %s", err.msg);
    ck_triage_index(&effective);
    for (i = 0; i < count && !failed; i++) {
        struct import_file f;
        struct ck_decisions got;
        size_t unchanged = 0, before = taken.count, k;

        f.path = paths[i];
        f.name = last_component(paths[i]);
        f.not_taken = 0;
        ck_decisions_init(&got);
        if (import_read(&f, &effective, day, default_expires, &got, &unchanged) != 0)
            failed = 1;
        else if (import_sift(&f, &got, &effective, day, &taken, &unchanged) != CK_OK)
            failed = ck_cli_fail("triage import: out of memory");
        ck_decisions_release(&got);
        if (failed)
            break;
        for (k = before; a->dry_run && k < taken.count; k++)
            print_decision(&taken.items[k]);
        ck_cli_print(stdout, "  %zu decision%s %s, %zu unchanged, %zu not taken\n", taken.count - before,
                     taken.count - before == 1 ? "" : "s", a->dry_run ? "to record" : "read", unchanged,
                     f.not_taken);
    }
    if (!failed && !a->dry_run && taken.count && ck_decisions_add_all(h, &taken, &err) != CK_OK)
        failed = ck_cli_fail("triage import: %s (nothing was recorded)", err.msg);
    else if (!failed)
        ck_cli_print(stdout, "%s %zu decision%s.\n", a->dry_run ? "Would record" : "Recorded", taken.count,
                     taken.count == 1 ? "" : "s");
    else
        ck_cli_print(stderr, "ckitty: triage import: nothing was recorded\n");
    ck_decisions_release(&taken);
    ck_decisions_release(&effective);
    return failed ? CK_EXIT_ERROR : CK_EXIT_OK;
}

static int triage_import(const struct ck_cli_command *self, int argc, char **argv)
{
    struct import_args a;
    struct ck_history *h = NULL;
    int32_t default_expires = CK_DATE_NONE;
    int nargs = 0, rc;

    memset(&a, 0, sizeof a);
    {
        const struct ck_cli_option options[] = {
            {CK_OPT_STRING("--expires", NULL, &a.expires, "YYYY-MM-DD",
                           "the expiry of ignore rules that give none (they become accepted risks)")},
            {CK_OPT_FLAG("--dry-run", NULL, &a.dry_run, "show what would be recorded, record nothing")},
            {CK_OPT_HISTORY(&a.history)},
            {CK_OPT_END},
        };
        if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
            return rc;
    }
    if (nargs < 1)
        return ck_cli_fail("triage import: name one or more files");
    if (a.expires && ck_date_parse(a.expires, &default_expires) != 0)
        return ck_cli_fail("triage import: --expires: '%s' is not a date (YYYY-MM-DD)", a.expires);
    if (a.expires && default_expires < today())
        return ck_cli_fail("triage import: --expires: %s is in the past", a.expires);
    if ((rc = ck_cli_history_open("triage import", a.history, a.dry_run ? CK_CLI_LIST : CK_CLI_WRITE, &h)) !=
        CK_EXIT_OK)
        return rc;
    rc = import_files(&a, argv + 1, nargs, h, default_expires);
    ck_history_close(h);
    return rc;
}

#define TRIAGE_NOTES                                                                                       \
    "Justifications: " JUSTIFICATIONS ".\n"                                                                \
    "Open findings (they count for scan --fail-on): no decision, under_investigation, affected, or a\n"   \
    "decision that expired. not_affected, accepted_risk and false_positive are decided.\n"                \
    "A decision on a CVE also covers records whose CVE alias it is (DEBIAN-CVE-..., DSA-...). The most\n" \
    "specific one applies: an image's over a repository's over every image's, a package's over any\n"     \
    "package's. Every change adds a row: triage history shows them all."

static const struct ck_cli_command subcommands[] = {
    {"triage set", triage_set,
     "triage set (IMAGE | --repository R | --all) VULN [--package P] --state S [--justification J]\n"
     "                  [--owner O] [--expires YYYY-MM-DD] [--note TEXT] [--history FILE]",
     "record a decision", TRIAGE_NOTES},
    {"triage list", triage_list, "triage list [--expiring DAYS | --expired] [--history FILE]",
     "the decisions in effect", NULL},
    {"triage history", triage_history, "triage history VULN [--history FILE]", "every decision on a vulnerability",
     NULL},
    {"triage import", triage_import,
     "triage import FILE... [--expires YYYY-MM-DD] [--dry-run] [--history FILE]",
     "decisions from OpenVEX, CycloneDX VEX, .trivyignore(.yaml), .grype.yaml or a review CSV",
     "Each file's format is known from its name and contents. A VEX or ignore file's decisions are\n"
     "recorded as decided by the file (its name); a review CSV's changed rows by you. Decisions equal\n"
     "to those in effect are not recorded again. Ignore rules become accepted risks: they need an\n"
     "expiry, their own (exp:, expired_at) or --expires. Statements, lines and rows that cannot be\n"
     "taken are reported with where they are and why; a file that cannot be read records nothing."},
    {NULL, NULL, NULL, NULL, NULL},
};

int ck_cmd_triage(const struct ck_cli_command *self, int argc, char **argv)
{
    return ck_cli_run_subcommand(self, subcommands, argc, argv);
}
