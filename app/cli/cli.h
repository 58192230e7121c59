/* The ckitty console front end. Each subcommand lives in cmd_<noun>.c and is
 * listed in commands[] in main.c. A command returns the process exit code:
 * 0 success (clean), 1 findings at or above --fail-on, 2 error. */
#ifndef CK_CLI_H
#define CK_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include "util/status.h"

enum { CK_EXIT_OK = 0, CK_EXIT_FINDINGS = 1, CK_EXIT_ERROR = 2 };

/* argv[0] is the subcommand's name; arguments are UTF-8. */
typedef int (*ck_cli_command_fn)(int argc, char **argv);

struct ck_cli_command {
    const char *name;
    ck_cli_command_fn run;
    const char *usage;   /* one line: "scan [IMAGE...] [--list FILE] ..." */
    const char *summary; /* what it does, a few words */
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

/* When argv (a subcommand's) asks for --help or -h, prints the command's
 * usage from the command table and returns 1. */
int ck_cli_help_asked(int argc, char **argv);

/* Subcommands (cmd_<noun>.c). */
int ck_cmd_vercmp(int argc, char **argv);
int ck_cmd_db(int argc, char **argv);
int ck_cmd_scan(int argc, char **argv);
int ck_cmd_history(int argc, char **argv);
int ck_cmd_diff(int argc, char **argv);
int ck_cmd_summary(int argc, char **argv);
int ck_cmd_report(int argc, char **argv);
int ck_cmd_import(int argc, char **argv);
int ck_cmd_coverage(int argc, char **argv);
int ck_cmd_list(int argc, char **argv);
int ck_cmd_engine(int argc, char **argv);
int ck_cmd_pull(int argc, char **argv);
int ck_cmd_sbom(int argc, char **argv);

#endif
