/* Go module build information embedded in executables (ecosystem "Go").
 *
 * The Go linker leaves a 32-byte header in the data of every executable it
 * makes: the 14-byte magic "\xff Go buildinf:" at a 16-byte-aligned address,
 * the pointer size (4 or 8) and a flags byte (bit 0 big-endian, bit 1 the
 * strings follow inline). Since Go 1.18 (flags & 2) the header is followed
 * by two uvarint-prefixed strings, the Go version and the module
 * information; before, bytes 16.. hold two pointers to Go string headers
 * {data, len} (runtime.buildVersion, runtime.modinfo), which are virtual
 * addresses translated to file offsets through the ELF program headers
 * (section headers as a fallback) or the PE section table.
 *
 * Where the header is looked for:
 *   ELF  the section ".go.buildinfo"; without one, the writable PT_LOAD
 *        segments (PF_W without PF_X);
 *   PE   the data sections (initialised data, writable, not code);
 *   else, and when the file has no such part, the whole file;
 * at every file offset that is a multiple of 16. The first aligned magic
 * followed by a pointer size of 4 or 8 and flags 0-3 is the header; what
 * follows it decides the outcome (no second candidate is tried).
 *
 * The module information (after its 16-byte sentinels are removed, as Go
 * does: text without them counts as empty) is tab-separated lines, read as
 * Go's runtime/debug.ParseBuildInfo reads them: "path" (main package),
 * "mod" (main module), "dep" (2 or 3 columns: path, version[, sum]), "=>"
 * (3 columns: the replacement of the module on the line before), "build"
 * (key=value, either side possibly a Go quoted string); other lines are
 * ignored, as is a last line without '\n'. A malformed line fails the whole
 * reading (CK_ERR_PARSE naming the line), as it fails Go's.
 *
 * Hostile input: every offset and length is checked against the buffer (a
 * truncated or lying header is CK_ERR_PARSE with a sentence), the version
 * string and the module information must be valid UTF-8 without NUL
 * (else CK_ERR_PARSE), and the sizes below are caps (CK_ERR_LIMIT).
 * Nothing in the executable is ever run. */
#ifndef CK_GOBUILDINFO_H
#define CK_GOBUILDINFO_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define CK_GOBI_MAX_VERSION 1024u             /* bytes of the Go version string */
#define CK_GOBI_MAX_MODINFO (1024u * 1024u)   /* bytes of the module information, sentinels included */
#define CK_GOBI_MAX_DEPS 10000u               /* dep lines */
#define CK_GOBI_MAX_SETTINGS 10000u           /* build lines */
#define CK_GOBI_SCAN_HEAD 4096u               /* bytes of file headers the streaming scanner keeps */

/* The outcomes besides success and failure, under names that say what they
 * mean here. Neither is an error of the input. */
#define CK_GOBI_NOT_GO CK_ERR_NOTFOUND        /* no build information: not a Go program */
#define CK_GOBI_NEEDS_FILE CK_ERR_UNSUPPORTED /* the pointer form: needs random access (the whole file) */

enum {
    CK_GOMOD_REPLACED = 1u << 0, /* a "=>" line replaced the module */
    CK_GOMOD_LOCAL = 1u << 1     /* ... by a directory ("./x", "../x", "/x", "C:\x"), not a module */
};

/* A module as the executable was built with it: when replaced, path,
 * version and sum are the replacement's (a directory replacement has the
 * directory as path and usually "(devel)" as version) and orig_* name the
 * module as required. */
struct ck_gomodule {
    char *path;         /* never NULL; "" when the line had none */
    char *version;      /* never NULL; "v1.2.3", "(devel)", ... as written */
    char *sum;          /* never NULL; "h1:..." or "" */
    char *orig_path;    /* NULL unless replaced */
    char *orig_version; /* NULL unless replaced */
    unsigned flags;     /* CK_GOMOD_* */
};

struct ck_gosetting {
    char *key;   /* unquoted: "-ldflags", "GOOS", "vcs.revision", ... */
    char *value; /* unquoted: "-s -w", "linux", ... */
};

enum ck_gobi_where {
    CK_GOBI_IN_SECTION = 1, /* the ELF section .go.buildinfo */
    CK_GOBI_IN_DATA,        /* an ELF writable segment or a PE data section */
    CK_GOBI_IN_FILE         /* found by scanning the whole file */
};

/* Caller-owned: ck_gobuildinfo_init / ck_gobuildinfo_release; every string
 * belongs to it. */
struct ck_gobuildinfo {
    char *go_version;     /* as embedded: "go1.22.1", "go1.22.1 X:loopvar", "devel go1.23-..." */
    char *stdlib_version; /* for OSV's "stdlib": "1.22.1", "1.21.0-rc.2"; NULL when go_version is no release tag */
    char *path;           /* main package path; "" when there is no path line */
    int has_main;         /* a mod line was there (GOPATH builds have none) */
    struct ck_gomodule main; /* strings "" when !has_main */
    struct ck_gomodule *deps;
    size_t dep_count;
    struct ck_gosetting *settings;
    size_t setting_count;
    int inline_form;      /* 1: the Go >= 1.18 layout; 0: the pointer layout */
    int big_endian;       /* flags bit 0 */
    unsigned ptr_size;    /* 4 or 8 */
    uint64_t offset;      /* file offset of the 32-byte header */
    enum ck_gobi_where where;
};

void ck_gobuildinfo_init(struct ck_gobuildinfo *bi);
void ck_gobuildinfo_release(struct ck_gobuildinfo *bi);

/* 1 when the first len bytes of a file start an ELF file (magic, class and
 * byte order valid) or a PE file ("MZ", and "PE\0\0" at e_lfanew when that
 * lies within the bytes given; pass at least 64, better 4096). Cheap. */
int ck_gobuildinfo_is_executable(const void *head, size_t len);

/* The build information of the executable in data[0..len). out is filled
 * on CK_OK and untouched otherwise. Returns
 *   CK_OK
 *   CK_GOBI_NOT_GO      no build information (count the file as an
 *                       unmanaged executable; err says so)
 *   CK_ERR_PARSE        the header is there but something after it is
 *                       malformed, truncated or points outside the file
 *   CK_ERR_LIMIT        a string or list past the caps above
 *   CK_ERR_UNSUPPORTED  the pointer form in a file that is neither ELF nor
 *                       PE (no address translation)
 *   CK_ERR_NOMEM, CK_ERR_ARG */
enum ck_status ck_gobuildinfo_read(const void *data, size_t len, struct ck_gobuildinfo *out, struct ck_err *err);

/* The module information text alone (sentinels already removed), parsed
 * into out's path, main, deps and settings (out's other fields untouched).
 * Fails as ck_gobuildinfo_read does for the text, leaving out untouched. */
enum ck_status ck_gobuildinfo_parse_modinfo(const char *text, size_t len, struct ck_gobuildinfo *out,
                                            struct ck_err *err);

/* The SemVer that OSV uses for the standard library of a Go version, as
 * golang/vulndb maps toolchain tags: a suffix after a space (" X:loopvar",
 * " (Red Hat 1.26.5-1.el10_2.alma.1)") or from "-X:" is dropped, then
 * "go1.22.1" -> "1.22.1", "go1.21" -> "1.21.0", "go1" -> "1.0.0",
 * "go1.21rc2" -> "1.21.0-rc.2", "go1.19beta1" -> "1.19.0-beta.1".
 * Writes it to dst (cap bytes) and returns 1; returns 0 (dst "" when
 * cap > 0) for anything else ("devel go1.23-abc", "") or when it does not
 * fit. */
int ck_gobuildinfo_stdlib_version(const char *go_version, char *dst, size_t cap);

/* ---- streaming ------------------------------------------------------------ */

/* A scanner over the bytes of one file pushed in order (as a tar stream
 * delivers a member), in bounded memory: the first CK_GOBI_SCAN_HEAD bytes
 * (whose ELF program headers or PE section table narrow the search to the
 * data parts, as above; the ELF section headers, at the end of a file, are
 * not used), a 4 KiB window, and, once the header is found, the inline
 * strings (at most their caps). The inline form is decoded completely; for
 * the pointer form the answer is CK_GOBI_NEEDS_FILE.
 * Heap-allocated: ck_gobuildinfo_scan_new / ck_gobuildinfo_scan_free
 * (NULL does nothing). */
struct ck_gobuildinfo_scan;

enum ck_status ck_gobuildinfo_scan_new(struct ck_gobuildinfo_scan **out);
void ck_gobuildinfo_scan_free(struct ck_gobuildinfo_scan *s);

/* The next len bytes of the file. Returns 1 when the scanner has its answer
 * and wants no more bytes (the caller may stop pushing; later pushes are
 * ignored), 0 while it wants more. An allocation failure also ends it (the
 * answer is then CK_ERR_NOMEM). */
int ck_gobuildinfo_scan_push(struct ck_gobuildinfo_scan *s, const void *data, size_t len);

/* The answer, after the last push (the end of the file, or a push that
 * returned 1): the statuses of ck_gobuildinfo_read, and CK_GOBI_NEEDS_FILE
 * for the pointer form (retry with the whole file through
 * ck_gobuildinfo_read when it is small enough). It finds the header
 * ck_gobuildinfo_read finds and decodes it the same way, except where that
 * one uses what the scanner does not see: a .go.buildinfo section elsewhere
 * than the first header in the data parts, or program headers / a section
 * table past the first CK_GOBI_SCAN_HEAD bytes (the scanner then searches
 * the whole file). out (offset and where included) is filled on CK_OK only.
 * May be called once. */
enum ck_status ck_gobuildinfo_scan_finish(struct ck_gobuildinfo_scan *s, struct ck_gobuildinfo *out,
                                          struct ck_err *err);

#endif
