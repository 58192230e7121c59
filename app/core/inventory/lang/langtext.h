/* What the application-package metadata parsers (inventory/lang/) share:
 * the caller-owned list they append packages and warnings to, the limits
 * every one of them applies to the bytes of an image (hostile input), and
 * small text helpers (lines, trimming, JSON with a line number on error).
 *
 * A parser takes (path, bytes, length) and appends to a struct
 * ck_lang_result. A name or version that is empty, longer than
 * CK_LANG_MAX_FIELD bytes, not valid UTF-8 or holding a control character is
 * not taken: the entry is skipped and a warning naming the file and line (or
 * entry) is counted; the rest of the file goes on. A parser fails only when
 * the whole file cannot be used (too large, not JSON where JSON is needed)
 * or on out of memory, and then leaves the result as it was. */
#ifndef CK_LANGTEXT_H
#define CK_LANGTEXT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util/status.h"

#define CK_LANG_MAX_INPUT (16u * 1024u * 1024u) /* bytes of one metadata file */
#define CK_LANG_MAX_PACKAGES 100000             /* packages taken from one file */
#define CK_LANG_MAX_FIELD 512                   /* bytes of a name, version or detail */
#define CK_LANG_MAX_WARNINGS 100                /* warning texts kept per result (all are counted) */

/* Ecosystem strings, spelt as OSV spells them. */
#define CK_LANG_NPM "npm"
#define CK_LANG_PYPI "PyPI"
#define CK_LANG_RUBYGEMS "RubyGems"
#define CK_LANG_PACKAGIST "Packagist"
#define CK_LANG_NUGET "NuGet"
#define CK_LANG_CRATES "crates.io"
#define CK_LANG_MAVEN "Maven"
#define CK_LANG_GO "Go"

/* What a file says about a package besides its name and version. */
enum {
    CK_LANG_DEV = 1u << 0,         /* a development dependency (lock files, composer packages-dev) */
    CK_LANG_OPTIONAL = 1u << 1,    /* npm optional / devOptional */
    CK_LANG_PEER = 1u << 2,        /* npm peer dependency */
    CK_LANG_LINK = 1u << 3,        /* a local folder, workspace or path package, not from a registry */
    CK_LANG_BUILD = 1u << 4,       /* cargo-auditable "kind": "build" (not in the binary's code) */
    CK_LANG_PROJECT = 1u << 5,     /* .NET library of type "project" */
    CK_LANG_RUNTIMEPACK = 1u << 6, /* .NET library of type "runtimepack" */
    CK_LANG_OS_PATH = 1u << 7      /* under a folder where the distribution's own packages install
                                      (Debian's /usr/share/nodejs): usually owned by a dpkg package */
};

struct ck_lang_package {
    const char *ecosystem; /* one of the CK_LANG_* strings (static) */
    char *name;            /* as written in the file */
    char *version;
    char *detail;          /* NULL, or: npm lock install path, Cargo source, gem platform */
    unsigned flags;        /* CK_LANG_DEV ... */
    uint64_t line;         /* line of the file the entry starts on; 0 for JSON files */
};

/* Caller-owned: ck_lang_result_init / ck_lang_result_release; every string
 * in it belongs to it. One result may gather many files. */
struct ck_lang_result {
    struct ck_lang_package *packages;
    size_t count, cap;
    char **warnings;      /* the first CK_LANG_MAX_WARNINGS messages */
    size_t warnings_kept, warnings_cap;
    size_t warning_count; /* every malformed entry, kept or not */
    int truncated;        /* a file had more than CK_LANG_MAX_PACKAGES packages; the rest was not read */
};

void ck_lang_result_init(struct ck_lang_result *r);
void ck_lang_result_release(struct ck_lang_result *r);

/* ---- for the parsers ------------------------------------------------------ */

/* One file being parsed: where its packages go and how it is named in
 * warnings. ck_lang_file_begin records the result's size, so that a parser
 * failing half-way can put it back (ck_lang_file_rollback). */
struct ck_lang_file {
    struct ck_lang_result *out;
    const char *path;      /* named in warnings */
    const char *ecosystem;
    size_t mark_count, mark_kept, mark_warnings;
    int mark_truncated;
    size_t added;          /* packages taken from this file */
    int full;              /* CK_LANG_MAX_PACKAGES reached */
};

/* Checks the arguments every parser takes and the input cap; CK_ERR_ARG or
 * CK_ERR_LIMIT (err filled) when the file cannot be parsed at all. */
enum ck_status ck_lang_file_begin(struct ck_lang_file *f, struct ck_lang_result *out, const char *path,
                                  const char *ecosystem, const void *data, size_t len, struct ck_err *err);
/* Puts the result back as it was at begin (for a parser that fails). */
void ck_lang_file_rollback(struct ck_lang_file *f);

/* Adds a package (name/version: nlen/vlen bytes, NUL not needed; detail a
 * string or NULL). An invalid name or version becomes a warning
 * "<path> line <line>: <what> ...; entry skipped" (the entry is named by
 * `entry` when line is 0). Past CK_LANG_MAX_PACKAGES nothing more is added
 * (one warning, out->truncated set). CK_ERR_NOMEM is the only failure. */
enum ck_status ck_lang_add(struct ck_lang_file *f, uint64_t line, const char *entry, const char *name,
                           size_t nlen, const char *version, size_t vlen, const char *detail, unsigned flags);
/* Counts a warning; the text is "<path> line <line>: <message>" (line 0:
 * "<path>: <message>"). */
enum ck_status ck_lang_warn(struct ck_lang_file *f, uint64_t line, const char *fmt, ...) CK_PRINTF(3, 4);

/* NULL when the n bytes at s are a usable name, version or detail;
 * otherwise why not ("is empty", "has a control character", ...). */
const char *ck_lang_field_problem(const char *s, size_t n);

/* ---- text ----------------------------------------------------------------- */

/* A reader of the lines of a whole buffer: "\n", "\r\n" or a lone "\r" end
 * a line; the line is given without them. A UTF-8 byte order mark at the
 * start is skipped. */
struct ck_lang_lines {
    const char *p, *end;
    uint64_t line_no; /* of the line last returned, from 1 */
};

void ck_lang_lines_init(struct ck_lang_lines *l, const void *data, size_t len);
/* 1 and the next line in *line / *len; 0 at the end. */
int ck_lang_lines_next(struct ck_lang_lines *l, const char **line, size_t *len);

/* Leading spaces / tabs of a line. */
size_t ck_lang_indent(const char *s, size_t n);
/* Moves *s / *n past leading and trailing spaces and tabs. */
void ck_lang_trim(const char **s, size_t *n);
/* 1 when the n bytes at s begin with the string prefix. */
int ck_lang_starts(const char *s, size_t n, const char *prefix);
/* 1 when the n bytes at s are exactly the string word. */
int ck_lang_is(const char *s, size_t n, const char *word);
/* The text after the last '/' (or '\\') of path, path itself when none. */
const char *ck_lang_basename(const char *path);
/* A Python project name in PEP 503's normal form (lower case, every run of
 * '-', '_' and '.' one '-'), into buf (cap bytes; cut to fit). */
void ck_lang_pep503(const char *name, char *buf, size_t cap);
/* 1 when the string s ends with suffix (ASCII case-insensitive when nocase). */
int ck_lang_ends(const char *s, const char *suffix, int nocase);

/* Parses a whole JSON document (a byte order mark skipped). On a syntax
 * error: CK_ERR_PARSE and err = "<path> line N: not valid JSON". *root is
 * the caller's (cJSON_Delete). */
enum ck_status ck_lang_json_parse(const char *path, const void *data, size_t len, cJSON **root,
                                  struct ck_err *err);

#endif
