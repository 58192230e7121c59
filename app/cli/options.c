/* Command-line options from a table (cli.h): one parser and one help
 * layout for every command and subcommand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define HELP_COLUMN 28

static int same_ascii_caseless(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
    return 1;
}

/* Does text[0..n) spell name? */
static int name_is(const struct ck_cli_option *o, const char *name, const char *text, size_t n)
{
    if (!name || strlen(name) != n)
        return 0;
    return o->anycase ? same_ascii_caseless(name, text, n) : !memcmp(name, text, n);
}

static int looks_like_option(const char *arg) { return arg[0] == '-' && arg[1] != '\0'; }

static int is_help(const char *arg) { return !strcmp(arg, "--help") || !strcmp(arg, "-h"); }

/* The option arg names; *inline_value gets what follows '=' in --name=VALUE. */
static const struct ck_cli_option *find_option(const struct ck_cli_option *options, const char *arg,
                                               const char **inline_value)
{
    const struct ck_cli_option *o;
    const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);

    *inline_value = eq ? eq + 1 : NULL;
    for (o = options; o->kind != CK_CLI_END; o++)
        if (o->kind != CK_CLI_ARGS && (name_is(o, o->name, arg, n) || name_is(o, o->alias, arg, n)))
            return o;
    return NULL;
}

static const struct ck_cli_option *args_entry(const struct ck_cli_option *options)
{
    for (; options->kind != CK_CLI_END; options++)
        if (options->kind == CK_CLI_ARGS && options->call)
            return options;
    return NULL;
}

/* What the user typed as the option's name (without "=VALUE"), for messages. */
static void typed_name(const char *arg, char *out, size_t size)
{
    const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
    int n = eq ? (int)(eq - arg) : (int)strlen(arg);
    snprintf(out, size, "%.*s", n, arg);
}

static int parse_integer(const struct ck_cli_command *cmd, const char *name, const struct ck_cli_option *o,
                         const char *text)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(text, &end, 10);
    if (end == text || *end || errno == ERANGE || v < o->min || v > o->max)
        return ck_cli_fail("%s: %s takes a number from %lld to %lld, not '%s'", cmd->name, name, o->min, o->max,
                           text);
    *o->integer = v;
    return CK_EXIT_OK;
}

/* Gives o its value(s) from argv after *i (or the inline one); moves *i on. */
static int take_values(const struct ck_cli_command *cmd, const struct ck_cli_option *o, const char *name,
                       int argc, char **argv, int *i, const char *inline_value)
{
    char *one[1];
    char **values = argv + *i + 1;
    int n = o->kind == CK_CLI_CALL && o->values > 1 ? o->values : 1, k;

    if (inline_value) {
        if (n != 1)
            return ck_cli_fail("%s: %s takes %d values (%s), not one after '='", cmd->name, name, n,
                               o->meta ? o->meta : "");
        one[0] = (char *)inline_value;
        values = one;
    } else {
        for (k = 1; k <= n; k++)
            if (*i + k >= argc || looks_like_option(argv[*i + k])) {
                if (n == 1)
                    return ck_cli_fail("%s: %s needs a value (%s)", cmd->name, name, o->meta ? o->meta : "VALUE");
                return ck_cli_fail("%s: %s needs %d values (%s)", cmd->name, name, n, o->meta ? o->meta : "");
            }
        *i += n;
    }
    switch (o->kind) {
    case CK_CLI_STRING:
        *o->string = values[0];
        return CK_EXIT_OK;
    case CK_CLI_INT:
        return parse_integer(cmd, name, o, values[0]);
    default:
        return o->call(o->ctx, values);
    }
}

static int apply_option(const struct ck_cli_command *cmd, const struct ck_cli_option *o, const char *arg,
                        int argc, char **argv, int *i, const char *inline_value)
{
    char name[64];

    typed_name(arg, name, sizeof name);
    switch (o->kind) {
    case CK_CLI_FLAG:
        if (inline_value)
            return ck_cli_fail("%s: %s takes no value", cmd->name, name);
        ++*o->flag;
        return CK_EXIT_OK;
    case CK_CLI_OPTIONAL:
        ++*o->flag;
        if (inline_value)
            *o->string = inline_value;
        else if (*i + 1 < argc && !looks_like_option(argv[*i + 1]))
            *o->string = argv[++*i];
        return CK_EXIT_OK;
    default:
        return take_values(cmd, o, name, argc, argv, i, inline_value);
    }
}

static int take_argument(const struct ck_cli_command *cmd, const struct ck_cli_option *args, char **argv, int i,
                         int *nargs)
{
    if (args)
        return args->call(args->ctx, argv + i);
    if (!nargs)
        return ck_cli_fail("%s: unexpected argument '%s' (ckitty %s --help shows the usage)", cmd->name, argv[i],
                           cmd->name);
    argv[++*nargs] = argv[i]; /* never ahead of i: nothing unread is overwritten */
    return CK_EXIT_OK;
}

int ck_cli_parse(const struct ck_cli_command *cmd, const struct ck_cli_option *options, int argc, char **argv,
                 int *nargs)
{
    const struct ck_cli_option *args = args_entry(options), *o;
    const char *inline_value;
    int i, rc, only_args = 0;

    if (nargs)
        *nargs = 0;
    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (is_help(argv[i])) {
            ck_cli_print_help(stdout, cmd, options);
            return CK_CLI_DONE;
        }
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_args && !strcmp(arg, "--")) {
            only_args = 1;
            continue;
        }
        if (only_args || !looks_like_option(arg)) {
            rc = take_argument(cmd, args, argv, i, nargs);
        } else if ((o = find_option(options, arg, &inline_value)) != NULL) {
            rc = apply_option(cmd, o, arg, argc, argv, &i, inline_value);
        } else {
            char name[64];
            typed_name(arg, name, sizeof name);
            rc = ck_cli_fail("%s: unknown option '%s' (ckitty %s --help lists the options)", cmd->name, name,
                             cmd->name);
        }
        if (rc != CK_EXIT_OK)
            return rc;
    }
    return CK_EXIT_OK;
}

/* ---- help --------------------------------------------------------------- */

static int is_short(const char *name) { return name && strlen(name) == 2; }

static void print_option(FILE *f, const struct ck_cli_option *o)
{
    char left[96];
    const char *first = o->name, *second = o->alias;

    if (o->kind == CK_CLI_ARGS) {
        snprintf(left, sizeof left, "%s", o->meta ? o->meta : "ARG");
    } else {
        if (is_short(second) && !is_short(first)) {
            first = o->alias;
            second = o->name;
        }
        snprintf(left, sizeof left, "%s%s%s%s%s%s", first ? first : "", second ? ", " : "", second ? second : "",
                 o->meta ? (o->kind == CK_CLI_OPTIONAL ? " [" : " ") : "", o->meta ? o->meta : "",
                 o->meta && o->kind == CK_CLI_OPTIONAL ? "]" : "");
    }
    if (strlen(left) + 2 < HELP_COLUMN)
        ck_cli_print(f, "  %-*s%s\n", HELP_COLUMN - 2, left, o->help ? o->help : "");
    else
        ck_cli_print(f, "  %s\n  %-*s%s\n", left, HELP_COLUMN - 2, "", o->help ? o->help : "");
}

void ck_cli_print_help(FILE *f, const struct ck_cli_command *cmd, const struct ck_cli_option *options)
{
    ck_cli_print(f, "ckitty %s: %s\nUsage: ckitty %s\n", cmd->name, cmd->summary, cmd->usage);
    if (options) {
        ck_cli_print(f, "\nOptions:\n");
        for (; options->kind != CK_CLI_END; options++)
            if (options->help)
                print_option(f, options);
        ck_cli_print(f, "  %-*s%s\n", HELP_COLUMN - 2, "-h, --help", "show this help");
    }
    if (cmd->notes)
        ck_cli_print(f, "\n%s\n", cmd->notes);
}

/* ---- subcommands ---------------------------------------------------------- */

/* "import" of "db import". */
static const char *last_word(const char *name)
{
    const char *space = strrchr(name, ' ');
    return space ? space + 1 : name;
}

static void print_subcommands(FILE *f, const struct ck_cli_command *self, const struct ck_cli_command *subs)
{
    ck_cli_print_help(f, self, NULL);
    ck_cli_print(f, "\nCommands:\n");
    for (; subs->name; subs++)
        ck_cli_print(f, "  %-8s %s\n           ckitty %s\n", last_word(subs->name), subs->summary, subs->usage);
    ck_cli_print(f, "\nckitty %s COMMAND --help shows a command's options.\n", self->name);
}

int ck_cli_run_subcommand(const struct ck_cli_command *self, const struct ck_cli_command *subs, int argc,
                          char **argv)
{
    const struct ck_cli_command *s;

    if (argc < 2) {
        print_subcommands(stderr, self, subs);
        return CK_EXIT_ERROR;
    }
    if (is_help(argv[1])) {
        print_subcommands(stdout, self, subs);
        return CK_CLI_DONE;
    }
    for (s = subs; s->name; s++)
        if (!strcmp(argv[1], last_word(s->name)))
            return s->run(s, argc - 1, argv + 1);
    return ck_cli_fail("%s: unknown command '%s' (ckitty %s --help lists them)", self->name, argv[1], self->name);
}
