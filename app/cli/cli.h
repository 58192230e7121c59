/* The ckitty console front end. Each subcommand lives in cmd_<noun>.c and is
 * listed in commands[] in main.c. A command returns the process exit code:
 * 0 success (clean), 1 findings at or above --fail-on, 2 error. */
#ifndef CK_CLI_H
#define CK_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include "util/status.h"

enum { CK_EXIT_OK = 0, CK_EXIT_FINDINGS = 1, CK_EXIT_ERROR = 2 };
/* Returned by the helpers below when the command has nothing left to do
 * and succeeds: --help was answered, or there is nothing to list yet.
 * main() turns it into CK_EXIT_OK. */
#define CK_CLI_DONE (-1)

struct ck_cli_command;

/* argv[0] is the command's name (or the Invoke-ContainerKitty switch that
 * led here); arguments are UTF-8. */
typedef int (*ck_cli_command_fn)(const struct ck_cli_command *self, int argc, char **argv);

struct ck_cli_command {
    const char *name;    /* "scan", or "db update" for a subcommand */
    ck_cli_command_fn run;
    const char *usage;   /* "scan [IMAGE...] [--list FILE] ..." (lines may follow) */
    const char *summary; /* what it does, a few words */
    const char *notes;   /* printed after the options by --help, or NULL */
};

/* Prints "ckitty: <message>" on stderr and returns CK_EXIT_ERROR. */
int ck_cli_fail(const char *fmt, ...)
    CK_PRINTF(1, 2)
    ;

/* printf onto f, with whatever could steer a terminal (escape sequences,
 * other control characters, invalid UTF-8, bidirectional overrides) shown
 * as U+FFFD. Every line ckitty prints goes through here (console.c). */
void ck_cli_print(FILE *f, const char *fmt, ...)
    CK_PRINTF(2, 3)
    ;
void ck_cli_vprint(FILE *f, const char *fmt, va_list ap);
/* Writes a document (a report, an SBOM) to f: as it is into a file or a
 * pipe, cleaned as above when f is a console. 0 on success. */
int ck_cli_write_document(FILE *f, const char *data, size_t n);

/* ---- options (options.c) ------------------------------------------------
 *
 * A command describes its options in a table ending in {CK_OPT_END}:
 *
 *   const struct ck_cli_option options[] = {
 *       {CK_OPT_STRING("--history", NULL, &a.history, "FILE", "the scan history")},
 *       {CK_OPT_INT("--parallel", "-j", &parallel, 1, 16, "N", "images at a time")},
 *       {CK_OPT_FLAG("-Report", NULL, &a.report, "write JSON results"), CK_OPT_ANYCASE},
 *       {CK_OPT_END},
 *   };
 *   if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
 *       return rc;
 *
 * and ck_cli_parse answers --help / -h with the command's usage and this
 * list, reports an unknown option or a missing value in a sentence naming
 * the command and the option (exit 2), and hands over the other arguments.
 * A value is the next argument, or follows '=' (--log=FILE); it never
 * starts with '-' (except "-" itself). "--" ends the options. */

enum ck_cli_kind {
    CK_CLI_END = 0,
    CK_CLI_FLAG,     /* ++*flag (a flag given twice counts 2) */
    CK_CLI_STRING,   /* *string = the value (the last one given wins) */
    CK_CLI_INT,      /* *integer = the value, a whole number from min to max */
    CK_CLI_CALL,     /* call(ctx, values) with `values` values, at each use */
    CK_CLI_OPTIONAL, /* ++*flag, and *string = the next argument unless it
                        starts with '-' (--log [FILE]) */
    CK_CLI_ARGS,     /* not an option: call(ctx, &arg) for each other argument,
                        in order among the options; with call NULL, only
                        what --help says about the arguments */
};

/* values[0..n-1] of the option (or the one argument of CK_CLI_ARGS). Returns
 * CK_EXIT_OK, or an exit code after saying what is wrong (ck_cli_fail). */
typedef int (*ck_cli_option_fn)(void *ctx, char **values);

struct ck_cli_option {
    enum ck_cli_kind kind;
    const char *name;    /* "--history", or an original switch "-LogFile" */
    const char *alias;   /* "-o", "-ReportDirectory", or NULL */
    const char *meta;    /* the value in the help: "FILE", "FROM TO" */
    const char *help;
    int *flag;
    const char **string;
    long long *integer;
    long long min, max;
    ck_cli_option_fn call;
    void *ctx;
    int values;          /* CK_CLI_CALL: values taken (0 means 1) */
    int anycase;         /* names match in any ASCII case: Invoke-ContainerKitty's
                            switches were PowerShell parameters */
};

#define CK_OPT_FLAG(n, a, p, h) .kind = CK_CLI_FLAG, .name = (n), .alias = (a), .flag = (p), .help = (h)
#define CK_OPT_STRING(n, a, p, m, h) \
    .kind = CK_CLI_STRING, .name = (n), .alias = (a), .string = (p), .meta = (m), .help = (h)
#define CK_OPT_INT(n, a, p, lo, hi, m, h) \
    .kind = CK_CLI_INT, .name = (n), .alias = (a), .integer = (p), .min = (lo), .max = (hi), .meta = (m), .help = (h)
#define CK_OPT_CALL(n, a, fn, c, m, h) \
    .kind = CK_CLI_CALL, .name = (n), .alias = (a), .call = (fn), .ctx = (c), .meta = (m), .help = (h)
#define CK_OPT_OPTIONAL(n, a, given, p, m, h) \
    .kind = CK_CLI_OPTIONAL, .name = (n), .alias = (a), .flag = (given), .string = (p), .meta = (m), .help = (h)
#define CK_OPT_ARGS(fn, c, m, h) .kind = CK_CLI_ARGS, .call = (fn), .ctx = (c), .meta = (m), .help = (h)
#define CK_OPT_VALUES(n) .values = (n)
#define CK_OPT_ANYCASE .anycase = 1
#define CK_OPT_END .kind = CK_CLI_END

/* Options several commands share. */
#define CK_OPT_HISTORY(p) \
    CK_OPT_STRING("--history", NULL, (p), "FILE", "the scan history (default: history.db in the data folder)")
#define CK_OPT_DB(p) \
    CK_OPT_STRING("--db", NULL, (p), "FILE", "the vulnerability database (default: vulns.db in the data folder)")
#define CK_OPT_HOST(p) \
    CK_OPT_STRING("--host", "-H", (p), "URL", "the Docker engine (default: as the docker CLI chooses)")
#define CK_OPT_CONTEXT(p) CK_OPT_STRING("--context", NULL, (p), "NAME", "the docker CLI context of the engine")

/* Parses argv[1..argc-1] against options. Arguments that are not options
 * go to the table's CK_CLI_ARGS entry, else are moved to argv[1..*nargs] in
 * order; with nargs NULL and no such entry, an argument is refused.
 * Returns CK_EXIT_OK, CK_CLI_DONE after printing the help, or CK_EXIT_ERROR
 * after one sentence on stderr. */
int ck_cli_parse(const struct ck_cli_command *cmd, const struct ck_cli_option *options, int argc, char **argv,
                 int *nargs);

/* "ckitty NAME: summary", "Usage: ckitty usage", the option list (options
 * may be NULL) and the notes. */
void ck_cli_print_help(FILE *f, const struct ck_cli_command *cmd, const struct ck_cli_option *options);

/* A command made of subcommands (db import / update / status): argv[1]
 * names one of subs (ending in a NULL name), which runs with argv + 1.
 * Without one, or with --help, the command's help lists them. */
int ck_cli_run_subcommand(const struct ck_cli_command *self, const struct ck_cli_command *subs, int argc,
                          char **argv);

/* ---- the stores and the engine (common.c) -------------------------------
 *
 * Every command opens the scan history, the vulnerability database and the
 * Docker engine through these, so that a path, a missing data folder or a
 * store that does not exist yet reads the same everywhere. cmd names the
 * command in messages ("report", "db status"). */

enum ck_cli_access {
    CK_CLI_WRITE, /* created when missing, with the default data folder */
    CK_CLI_READ,  /* not created: a missing one fails ("no scans yet: ...") */
    CK_CLI_LIST,  /* not created: a missing one is said on stdout as
                     nothing to list, and CK_CLI_DONE returned */
};

struct ck_history;
struct ck_vulndb;
struct ck_engine;

/* The path to use: given, else the default in the per-user data folder
 * (created). For CK_CLI_WRITE the folder of a given path must exist. *out
 * is malloc'd. Returns CK_EXIT_OK, or CK_EXIT_ERROR after a sentence. */
int ck_cli_history_path(const char *cmd, const char *given, enum ck_cli_access access, char **out);
int ck_cli_vulndb_path(const char *cmd, const char *given, enum ck_cli_access access, char **out);

/* Opens the store at the path above. Returns CK_EXIT_OK with *out open (the
 * caller closes it), CK_CLI_DONE (CK_CLI_LIST of a store that does not exist:
 * said, *out NULL) or CK_EXIT_ERROR after a sentence. */
int ck_cli_history_open(const char *cmd, const char *given, enum ck_cli_access access, struct ck_history **out);
int ck_cli_vulndb_open(const char *cmd, const char *given, enum ck_cli_access access, struct ck_vulndb **out);

/* Splits an image argument into the history's repository and tag (malloc'd;
 * "latest" when none is written). A name that is not an image reference (an
 * archive or folder path) is taken as is, with the tag "". Returns 0. */
int ck_cli_split_image(const char *text, char **repository, char **tag);

/* The engine the docker CLI would use, or the one host or context names
 * (both may be NULL). CK_EXIT_OK with *out initialised (ck_engine_release),
 * or CK_EXIT_ERROR after a sentence. */
int ck_cli_engine_open(const char *host, const char *context, struct ck_engine *out);

/* One image to read: IMAGE (the argument) through the engine, or a file. */
struct ck_cli_image_input {
    const char *input;  /* --input ARCHIVE.tar */
    const char *rootfs; /* --rootfs DIR */
    const char *host, *context;
    int os_only;        /* --os-only: the package databases only, not the whole filesystem */
};
#define CK_OPT_IMAGE_INPUT(in)                                                                                    \
    {CK_OPT_STRING("--input", NULL, &(in)->input, "ARCHIVE.tar", "a docker save archive")},                       \
        {CK_OPT_STRING("--rootfs", NULL, &(in)->rootfs, "DIR", "a root folder")}, {CK_OPT_HOST(&(in)->host)},      \
        {CK_OPT_CONTEXT(&(in)->context)}

/* Exactly one of IMAGE, --input, --rootfs (nargs: the arguments left). */
int ck_cli_image_input_check(const char *cmd, const struct ck_cli_image_input *in, int nargs, char **argv);
struct ck_inventory;
/* Reads the image (whole filesystem unless os_only; flags added), logs its
 * warnings; a failure is printed. Returns an exit code. */
int ck_cli_read_inventory(const struct ck_cli_image_input *in, const char *image, unsigned flags,
                          struct ck_inventory *inv);


/* Writes a document (n bytes) to the file path, replacing it, or to the
 * standard output when path is NULL or "-". CK_EXIT_OK, or CK_EXIT_ERROR
 * after a sentence naming cmd. */
int ck_cli_write_output(const char *cmd, const char *path, const char *data, size_t n);

/* Subcommands (cmd_<noun>.c). */
int ck_cmd_vercmp(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_db(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_scan(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_history(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_diff(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_unmanaged(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_summary(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_report(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_import(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_coverage(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_list(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_engine(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_pull(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_sbom(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_triage(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_vex(const struct ck_cli_command *self, int argc, char **argv);
int ck_cmd_rematch(const struct ck_cli_command *self, int argc, char **argv);
/* cmd_fleet.c: re-matches the images named (n = 0: every image) against the
 * data as it is now, printing each; "what" names the command in messages. */
int ck_cli_rematch(const char *what, const char *history_opt, const char *vulndb_opt, char **images, int n);
int ck_cmd_changes(const struct ck_cli_command *self, int argc, char **argv);

#endif
