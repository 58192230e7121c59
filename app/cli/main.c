/* ckitty: the headless ContainerKitty for scheduled tasks and CI. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "util/log.h"
#include "version.h"

#ifdef _WIN32
#include "platform/win32_text.h"
#endif

#define LIST_NOTES                                                                                   \
    "Forms:\n"                                                                                     \
    "  ckitty list --gitlab URL --user|--group|--project ID [--token-env VAR] [--policy P] [-o FILE]\n" \
    "  ckitty list --registry URL [--username U [--password-env VAR]] [--policy P] [-o FILE]\n"    \
    "  ckitty list --local [--host URL | --context NAME] [-o FILE]\n"                              \
    "  ckitty list --file FILE [-o FILE]\n"                                                         \
    "  ckitty list -BuildList -BuildBaseUrl URL -BuildId ID -BuildIdType User|Group|Project\n"     \
    "Policies: all (default), latest, semver, regex:RE, newest:N (GitLab only).\n"                 \
    "-o FILE: default containerkitty_container_list-yyyyMMdd-HHmm.txt; -o - prints the list.\n"   \
    "The GitLab token: --token-env VAR, else $CKITTY_GITLAB_TOKEN, else asked on the terminal."

#define SCAN_NOTES                                                                                  \
    "Invoke-ContainerKitty's switches work too (any case): ckitty -Scan -ScanInputFile F -Report\n" \
    "-ReportDirectory D -Log -LogFile F."

/* Subcommands: add a line here and a cmd_<noun>.c beside this file. */
static const struct ck_cli_command commands[] = {
    {"scan", ck_cmd_scan,
     "scan [IMAGE... | --list FILE | --input ARCHIVE.tar | --rootfs DIR] [--report-dir DIR]\n"
     "                  [--pull always|missing|never] [--remove-pulled] [--shard K/N] [--parallel N]\n"
     "                  [--fail-on SEVERITY [--include-decided]] [--log [FILE]] [--host URL]\n"
     "                  [--history FILE] [--db FILE]",
     "scan images for known vulnerabilities", SCAN_NOTES},
    {"history", ck_cmd_history, "history [IMAGE] [--history FILE]", "list the scans in the history", NULL},
    {"diff", ck_cmd_diff, "diff IMAGE [IMAGE-OF-OTHER-TAG] [--from SCAN --to SCAN] [--history FILE]",
     "compare two scans: new, fixed, unchanged findings", NULL},
    {"summary", ck_cmd_summary, "summary [--history FILE]", "the latest result of every image", NULL},
    {"report", ck_cmd_report,
     "report [--csv FILE] [--preset original|extended] [--format text|html|sarif|cyclonedx] [-o FILE]\n"
     "                  [--scan ID | --latest | --compare FROM TO] [--engine NAME] [--history FILE]",
     "reports for risk review: CSV, summary, HTML, SARIF, CycloneDX",
     "Without --csv, or with -o, a document is written (text by default); -o FILE, else the standard output."},
    {"import", ck_cmd_import,
     "import FILE|DIR... [--format trivy|grype|scout|snyk|containerkitty] [--image REF] [--history FILE]",
     "import scanners' reports, and ContainerKitty's own results, into the history",
     "ContainerKitty's own per-image JSON results (from --report-dir, for instance of CI runners scanning shares "
     "of a list with --shard) come in as scans of ContainerKitty with their inventories, so that rematch works on "
     "them; a result or report already in the history is not stored again."},
    {"coverage", ck_cmd_coverage, "coverage IMAGE --engines A,B [--csv FILE] [--history FILE]",
     "findings of two engines for one image: only A, only B, both", NULL},
    {"db", ck_cmd_db, "db import PATH | db update [--ecosystem E]... [--all-releases] | db status [--db FILE]",
     "the offline vulnerability database (OSV)", NULL},
    {"vercmp", ck_cmd_vercmp, "vercmp SCHEME A B | vercmp --batch SCHEME", "compare package versions",
     "--batch reads \"A B\" lines on the standard input and prints one answer (<, = or >) a line."},
    {"list", ck_cmd_list, "list --gitlab URL --group ID | --registry URL | --local | --file FILE [--policy P] [-o FILE]",
     "build an image list", LIST_NOTES},
    {"engine", ck_cmd_engine, "engine [--host URL | --context NAME]", "show the Docker engine in use", NULL},
    {"pull", ck_cmd_pull, "pull [--host URL | --context NAME] IMAGE...", "pull images through the Docker engine",
     NULL},
    {"sbom", ck_cmd_sbom,
     "sbom IMAGE | --input ARCHIVE.tar | --rootfs DIR [--host URL] [--os-only] [--format json|cyclonedx] "
     "[-o FILE]",
     "list an image's packages (JSON or CycloneDX)",
     "IMAGE is read through the Docker engine, which must hold it (ckitty pull or docker pull first). "
     "The whole filesystem is read (application packages too) unless --os-only."},
    {"triage", ck_cmd_triage,
     "triage set (IMAGE | --repository R | --all) VULN --state S ... | triage list [--expiring DAYS | --expired]\n"
     "                  | triage history VULN | triage import FILE... [--history FILE]",
     "triage decisions on findings: state, justification, owner, expiry", NULL},
    {"vex", ck_cmd_vex, "vex export [--image REF | --all] [-o FILE] [--history FILE]",
     "the triage decisions as an OpenVEX document", NULL},
    {"rematch", ck_cmd_rematch, "rematch (IMAGE... | --all) [--history FILE] [--db FILE]",
     "match stored inventories again against the current data (no engine, no pull)",
     "Each image's latest stored inventory is matched against the vulnerability data as it is now and "
     "stored as a new scan of kind rematch; the output says what is new and what is fixed since the scan "
     "whose inventory was matched."},
    {"changes", ck_cmd_changes,
     "changes [--since DATE | --since-update] [--format text|csv|json] [-o FILE] [--history FILE]",
     "what is new, fixed and re-rated across all images, by vulnerability",
     "Each image's latest scan is compared with its latest scan before the moment: a finding is new, fixed, "
     "or re-rated, because of the data (the same image matched again) or of the image (another image under "
     "the tag). Images first scanned since are counted, not listed."},
    {"unmanaged", ck_cmd_unmanaged,
     "unmanaged IMAGE | --input ARCHIVE.tar | --rootfs DIR [--host URL] [--format text|json] [-o FILE]",
     "list the files of an image that no package manager owns",
     "Grouped by folder; executables and libraries with their SHA-256. Configuration under /etc "
     "that nobody owns is a group of its own."},
    {NULL, NULL, NULL, NULL, NULL},
};

int ck_cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("ckitty: ", stderr);
    va_start(ap, fmt);
    ck_cli_vprint(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CK_EXIT_ERROR;
}

static const struct ck_cli_command *find_command(const char *name)
{
    const struct ck_cli_command *c;
    for (c = commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

/* PowerShell parameter names are case-insensitive. */
static int original_switch(const char *arg, const char *name)
{
    for (; *arg && *name; arg++, name++)
        if ((*arg | 0x20) != (*name | 0x20))
            return 0;
    return !*arg && !*name;
}

static void print_help(FILE *out)
{
    const struct ck_cli_command *c;
    ck_cli_print(out,
            "Usage: ckitty <command> [options]\n"
            "       ckitty --version | --help\n\n"
            "ContainerKitty %s scans container images for known vulnerabilities,\n"
            "offline, against a local vulnerability database.\n\n"
            "Commands:\n",
            CK_VERSION_STRING);
    for (c = commands; c->name; c++)
        ck_cli_print(out, "  %-10s %s\n             ckitty %s\n", c->name, c->summary, c->usage);
    ck_cli_print(out, "\nckitty <command> --help shows a command's options.\n"
                 "\nInvoke-ContainerKitty's switches work too: ckitty -Scan -ScanInputFile F -Report\n"
                 "-ReportDirectory D -Log, and ckitty -BuildList -BuildBaseUrl URL -BuildId ID\n"
                 "-BuildIdType User|Group|Project.\n");
    ck_cli_print(out, "\nExit codes: 0 success, 1 findings at or above --fail-on, 2 error (with --fail-on also an\n"
                      "image not assessed for want of vulnerability data, unless --allow-unassessed).\n");
}

static int dispatch(int argc, char **argv)
{
    const struct ck_cli_command *c;

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_help(stdout);
        return argc < 2 ? CK_EXIT_ERROR : CK_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        ck_cli_print(stdout, "ckitty %s\n", CK_VERSION_STRING);
        return CK_EXIT_OK;
    }
    if ((c = find_command(argv[1])) != NULL)
        return c->run(c, argc - 1, argv + 1);
    /* Scheduled tasks written for Invoke-ContainerKitty: its verbs are switches. */
    if (original_switch(argv[1], "-Scan"))
        return ck_cmd_scan(find_command("scan"), argc - 1, argv + 1);
    if (original_switch(argv[1], "-BuildList"))
        return ck_cmd_list(find_command("list"), argc, argv); /* -BuildList is one of list's switches */
    return ck_cli_fail("unknown command '%s' (ckitty --help lists the commands)", argv[1]);
}

static int cli_main(int argc, char **argv)
{
    int rc = dispatch(argc, argv);
    return rc == CK_CLI_DONE ? CK_EXIT_OK : rc;
}

#ifdef _WIN32
int wmain(int argc, wchar_t **wargv)
{
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    int i, rc;

    if (!argv)
        return CK_EXIT_ERROR;
    ck_console_init();
    for (i = 0; i < argc; i++) {
        argv[i] = ck_wide_to_utf8(wargv[i]);
        if (!argv[i])
            return CK_EXIT_ERROR;
    }
    rc = cli_main(argc, argv);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    ck_log_shutdown();
    return rc;
}
#else
int main(int argc, char **argv)
{
    int rc = cli_main(argc, argv);
    ck_log_shutdown();
    return rc;
}
#endif
