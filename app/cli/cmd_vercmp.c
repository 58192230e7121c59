/* ckitty vercmp: compares versions as a distribution's package manager
 * (dpkg, apk-tools, rpm) or a language ecosystem orders them.
 *   ckitty vercmp SCHEME A B           prints <, = or >
 *   ckitty vercmp --batch SCHEME       reads "A B" lines on stdin, prints one
 *   ckitty vercmp SCHEME --batch       answer a line, in one process
 * SCHEME: deb, apk, rpm, npm, cargo, semver, go, pypi, maven, rubygems,
 * nuget, packagist. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "vuln/vercmp.h"

static char answer(int r) { return r < 0 ? '<' : r > 0 ? '>' : '='; }

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Splits line (NUL-terminated, no newline) into at most max blank-separated
 * fields in place; returns how many there were (possibly more than max). */
static int split_fields(char *line, char **field, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (!*p)
            return n;
        if (n < max)
            field[n] = p;
        n++;
        while (*p && !is_blank(*p))
            p++;
        if (*p)
            *p++ = '\0';
    }
}

struct batch {
    enum ck_version_scheme scheme;
    struct ck_buf out;
    unsigned long line_no;
    unsigned long bad;
};

/* One input line: its answer, "?" when it is not two versions, or nothing
 * but the newline for an empty line, so output line N answers input line N. */
static enum ck_status batch_line(struct batch *b, char *line)
{
    char *field[2];
    int n = split_fields(line, field, 2);

    b->line_no++;
    if (n == 2)
        return ck_buf_putc(&b->out, answer(ck_version_compare(b->scheme, field[0], field[1])));
    if (n == 0)
        return CK_OK;
    b->bad++;
    ck_cli_print(stderr, "ckitty: stdin line %lu: expected two versions, found %d field%s\n", b->line_no, n,
            n == 1 ? "" : "s");
    return ck_buf_putc(&b->out, '?');
}

static int flush_out(struct batch *b)
{
    if (b->out.len && fwrite(b->out.data, 1, b->out.len, stdout) != b->out.len)
        return -1;
    ck_buf_reset(&b->out);
    return 0;
}

/* Handles every complete line in pending, keeping a partial last line. */
static enum ck_status batch_lines(struct batch *b, struct ck_buf *pending, int at_eof)
{
    size_t start = 0;
    enum ck_status st = CK_OK;

    while (st == CK_OK && start < pending->len) {
        char *nl = memchr(pending->data + start, '\n', pending->len - start);
        size_t end = nl ? (size_t)(nl - pending->data) : pending->len;
        if (!nl && !at_eof)
            break;
        pending->data[end] = '\0';
        st = batch_line(b, pending->data + start);
        if (st == CK_OK)
            st = ck_buf_putc(&b->out, '\n');
        start = end + 1 < pending->len ? end + 1 : pending->len;
        if (st == CK_OK && b->out.len >= 1 << 16 && flush_out(b))
            st = CK_ERR_IO;
    }
    ck_buf_consume(pending, start);
    return st;
}

static int run_batch(enum ck_version_scheme scheme)
{
    struct batch b;
    struct ck_buf pending;
    static char chunk[1 << 16];
    enum ck_status st = CK_OK;
    size_t n;
    int rc = CK_EXIT_OK;

    memset(&b, 0, sizeof b);
    b.scheme = scheme;
    ck_buf_init(&b.out);
    ck_buf_init(&pending);
    while (st == CK_OK && (n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        st = ck_buf_append(&pending, chunk, n);
        if (st == CK_OK)
            st = batch_lines(&b, &pending, 0);
    }
    if (st == CK_OK && ferror(stdin))
        st = CK_ERR_IO;
    if (st == CK_OK)
        st = batch_lines(&b, &pending, 1);
    if (st == CK_OK && (flush_out(&b) || fflush(stdout)))
        st = CK_ERR_IO;
    if (st != CK_OK)
        rc = ck_cli_fail("vercmp --batch: %s after line %lu", ck_status_str(st), b.line_no);
    else if (b.bad)
        rc = ck_cli_fail("vercmp --batch: %lu of %lu lines were not 'A B' pairs", b.bad, b.line_no);
    ck_buf_release(&pending);
    ck_buf_release(&b.out);
    return rc;
}

#define CK_VERCMP_SCHEMES "deb, apk, rpm, npm, cargo, go, pypi, maven, rubygems, nuget or packagist"

static int parse_scheme(const char *name, enum ck_version_scheme *out)
{
    if (ck_version_scheme_parse(name, out) == 0)
        return CK_EXIT_OK;
    return ck_cli_fail("vercmp: unknown version scheme '%s' (" CK_VERCMP_SCHEMES ")", name);
}

int ck_cmd_vercmp(const struct ck_cli_command *self, int argc, char **argv)
{
    int batch = 0;
    const struct ck_cli_option options[] = {
        {CK_OPT_FLAG("--batch", NULL, &batch,
                     "compare the \"A B\" pairs of the standard input's lines (the scheme before or after it)")},
        {CK_OPT_ARGS(NULL, NULL, "SCHEME", CK_VERCMP_SCHEMES ": whose ordering")},
        {CK_OPT_END},
    };
    enum ck_version_scheme scheme;
    int nargs = 0, rc;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (batch) {
        if (nargs == 0)
            return ck_cli_fail("vercmp: --batch needs a value: the scheme (" CK_VERCMP_SCHEMES ")");
        if (nargs > 1)
            return ck_cli_fail("vercmp --batch takes one scheme, not '%s' too", argv[2]);
        return (rc = parse_scheme(argv[1], &scheme)) != CK_EXIT_OK ? rc : run_batch(scheme);
    }
    if (nargs != 3)
        return ck_cli_fail("vercmp takes a scheme and two versions (ckitty vercmp --help)");
    if ((rc = parse_scheme(argv[1], &scheme)) != CK_EXIT_OK)
        return rc;
    ck_cli_print(stdout, "%c\n", answer(ck_version_compare(scheme, argv[2], argv[3])));
    return fflush(stdout) ? CK_EXIT_ERROR : CK_EXIT_OK;
}
