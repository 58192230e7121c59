/* An image's package inventory: its OS and every installed package.
 * struct ck_inventory is caller-owned (ck_inventory_init / _release); all
 * strings in it are heap copies owned by the inventory.
 *
 * Three ways in, all ending in the same assembly (layers applied in order
 * with their whiteouts, symbolic links resolved inside the image root,
 * package databases parsed, packages sorted and de-duplicated):
 *   - a plain root folder:         ck_inventory_from_rootfs()
 *   - a `docker save` archive:     ck_inventory_from_image_archive() (file), or
 *                                  a collector fed with ck_inventory_collector_begin_image()
 *   - the Engine's archive endpoint (GET /containers/{id}/archive?path=P,
 *     one tar per path of ck_inventory_paths()): a collector, see below.
 * Only os-release and the package databases are ever kept; image content is
 * never written to disk. */
#ifndef CK_INVENTORY_H
#define CK_INVENTORY_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* CK_PKG_LANG: an application package (npm, PyPI, Go, Maven, ...), found by
 * the whole-filesystem walk; its ecosystem names which. */
enum ck_pkg_type { CK_PKG_DEB = 0, CK_PKG_APK, CK_PKG_RPM, CK_PKG_LANG };

struct ck_package {
    enum ck_pkg_type type;
    char *name;           /* binary package name */
    char *version;        /* full version: deb [epoch:]up-rev, apk 1.2-r0, rpm [epoch:]ver-rel */
    char *source_name;    /* source package (deb Source:, apk origin, rpm source rpm name); = name when absent */
    char *source_version; /* source version; = version when absent */
    char *arch;           /* may be NULL */
    /* application packages (CK_PKG_LANG) only; NULL / 0 for OS packages: */
    const char *ecosystem; /* OSV's spelling, static: "npm", "PyPI", "Go", "Maven", ... */
    char **locations;      /* absolute paths in the image where it was found, sorted */
    size_t location_count;
    char *owner;           /* the OS package that installed its metadata, or NULL: then the
                              distribution's version (with its backports) is the one to match */
    unsigned lang_flags;   /* CK_LANG_DEV ... of inventory/lang/langtext.h */
};

/* What a regular file that no package manager owns is (the walk's
 * classification; see ck_unmanaged_kind_str). */
enum ck_file_kind {
    CK_FILE_OTHER = 0,
    CK_FILE_EXECUTABLE, /* ELF or PE program */
    CK_FILE_LIBRARY,    /* ELF shared object, PE DLL */
    CK_FILE_SCRIPT,     /* starts with #! */
    CK_FILE_ARCHIVE,    /* zip (jar, whl), tar, gzip, xz, bzip2, zstd */
    CK_FILE_CONFIG      /* under /etc */
};

struct ck_unmanaged {
    char *path;            /* absolute in the image */
    enum ck_file_kind kind;
    uint64_t size;
    char sha256[65];       /* hex, executables and libraries only ("" otherwise) */
    char *detail;          /* "ELF x86-64", "#!/bin/sh", NULL */
    char *product;         /* from Go build information or a Rust audit section, or NULL */
    char *product_version;
};

struct ck_os {
    char *id;          /* os-release ID: debian, ubuntu, alpine, rhel, ... (NULL if unknown) */
    char *version_id;  /* VERSION_ID */
    char *pretty_name; /* PRETTY_NAME */
    /* OSV ecosystem: "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.20", "Rocky Linux:9",
     * "AlmaLinux:9", "Azure Linux:3"; NULL when none applies. Red Hat Enterprise
     * Linux gives "Red Hat:enterprise_linux:9": OSV's Red Hat ecosystems add a
     * product stream to it ("...:9::baseos", "...:9::appstream"), so a matcher
     * compares that one as a prefix. */
    char *ecosystem;
};

/* A file a package manager says it installed (apk F:/R:, rpm file lists),
 * kept only when CK_INVENTORY_FILES is set. */
struct ck_owned_file {
    char *path;     /* absolute in the image: "/usr/bin/iconv" */
    size_t package; /* index into packages[] */
};

enum {
    CK_INVENTORY_FILES = 1, /* keep the files packages own (files[]) */
    CK_INVENTORY_WALK = 2   /* the whole filesystem: application packages and unmanaged files too */
};

struct ck_inventory {
    struct ck_os os;
    struct ck_package *packages;
    size_t count;
    size_t cap;
    char **warnings; /* messages for the person: "/var/lib/dpkg/status line 412: ..." */
    size_t warning_count;
    size_t warning_cap;
    size_t warnings_dropped; /* beyond CK_INVENTORY_MAX_WARNINGS; the last warning says how many */
    int incomplete; /* a package database was present but not (fully) read; the warnings say why */
    unsigned flags; /* CK_INVENTORY_FILES */
    struct ck_owned_file *files;
    size_t file_count;
    size_t file_cap;
    /* CK_INVENTORY_WALK only: */
    int walked;                     /* the whole filesystem was read */
    struct ck_unmanaged *unmanaged; /* sorted by path */
    size_t unmanaged_count, unmanaged_cap;
    uint64_t files_seen;            /* regular files in the merged image */
};

#define CK_INVENTORY_MAX_WARNINGS 500

void ck_inventory_init(struct ck_inventory *inv);
void ck_inventory_release(struct ck_inventory *inv);

/* Appends a package; every string is copied. source_name / source_version
 * NULL or "" mean "same as the binary". */
enum ck_status ck_inventory_add(struct ck_inventory *inv, enum ck_pkg_type type, const char *name,
                                const char *version, const char *source_name, const char *source_version,
                                const char *arch);
/* Appends a warning (formatted); past CK_INVENTORY_MAX_WARNINGS only counts it. */
enum ck_status ck_inventory_warn(struct ck_inventory *inv, const char *fmt, ...)
    CK_PRINTF(2, 3)
    ;
/* Appends an application package found at location (copied); the
 * ecosystem string must be static. ck_inventory_sort merges the locations
 * of equal packages. */
enum ck_status ck_inventory_add_app(struct ck_inventory *inv, const char *ecosystem, const char *name,
                                    const char *version, const char *location, const char *owner, unsigned flags);
/* Appends an unmanaged file; strings copied, sha256 hex or NULL. */
enum ck_status ck_inventory_add_unmanaged(struct ck_inventory *inv, const struct ck_unmanaged *u);
/* Programs, libraries, scripts and archives: what a reviewer looks up one
 * by one (the rest are counted). */
int ck_file_kind_is_software(enum ck_file_kind k);
/* "executable", "library", "script", "archive", "config", "other" */
const char *ck_file_kind_str(enum ck_file_kind k);
/* Application packages and, of them, those no OS package owns. */
size_t ck_inventory_app_count(const struct ck_inventory *inv, size_t *unowned);
/* Unmanaged executables and libraries. */
size_t ck_inventory_unmanaged_binaries(const struct ck_inventory *inv);
/* Records that packages[package] owns path. */
enum ck_status ck_inventory_add_file(struct ck_inventory *inv, const char *path, size_t package);
/* Copies src's packages, files and warnings onto the end of dst. */
enum ck_status ck_inventory_append(struct ck_inventory *dst, const struct ck_inventory *src);
/* Sorts packages by name, arch, version, type (application packages by
 * ecosystem too) and drops exact duplicates, merging their locations. */
void ck_inventory_sort(struct ck_inventory *inv);
const char *ck_pkg_type_str(enum ck_pkg_type t); /* "deb", "apk", "rpm" */
/* The static spelling of an application ecosystem an inventory holds
 * ("npm", "PyPI", ...), for a name read back from a store or a result; NULL
 * for any other. */
const char *ck_inventory_known_ecosystem(const char *name);

/* ---- limits -------------------------------------------------------------- */

struct ck_inventory_limits {
    uint64_t max_db_bytes;    /* each package database file (dpkg status, apk installed,
                                 rpmdb.sqlite), and all the files an inventory reads
                                 (os-release too) together, over every layer of the
                                 image (a copy replaced in its own layer, or unreadable,
                                 no longer counts); default 256 MiB */
    uint64_t max_small_bytes; /* os-release; default 1 MiB */
    uint64_t max_json_bytes;  /* each manifest / index / config JSON of an image archive; 16 MiB */
    size_t max_entries;       /* relevant archive entries kept (status.d files, links, whiteouts); 20,000 */
    size_t max_packages;      /* packages per image; 1,000,000 */
    /* the whole-filesystem walk (CK_INVENTORY_WALK): */
    size_t max_walk_entries;  /* entries of every layer together; 500,000 */
    uint64_t max_file_bytes;  /* bytes read of one file a cataloger or the executable
                                 readers want whole; 64 MiB */
    uint64_t max_read_bytes;  /* bytes of such files of the whole image together; 4 GiB */
};

void ck_inventory_limits_default(struct ck_inventory_limits *lim);

/* ---- the paths an inventory reads ------------------------------------------ */

/* The absolute image paths whose contents an inventory needs, for the Engine
 * path: fetch each with GET /containers/{id}/archive?path=<path> (a 404 only
 * means the image lacks it) and feed the body to a collector. Directories
 * among them (/var/lib/dpkg/status.d) come as a whole. NULL-terminated. */
const char *const *ck_inventory_paths(void);

/* ---- the three ways in --------------------------------------------------- */

/* lim may be NULL (defaults); flags: CK_INVENTORY_FILES. On success inv
 * (initialised by the caller, empty) is filled; on failure it is untouched
 * and err says what went wrong. Problems that leave part of the image
 * readable (a broken stanza, a corrupt layer, an unsupported rpm database)
 * are warnings, with inv->incomplete set when a database was not read. */
enum ck_status ck_inventory_from_rootfs(struct ck_inventory *inv, const char *root, unsigned flags,
                                        const struct ck_inventory_limits *lim, struct ck_err *err);
enum ck_status ck_inventory_from_image_archive(struct ck_inventory *inv, const char *path, unsigned flags,
                                               const struct ck_inventory_limits *lim, struct ck_err *err);

/* The push interface under all of them. One collector gathers one image:
 *
 *   ck_inventory_collector_new(&c, flags, lim);
 *   for each path P of ck_inventory_paths():        (Engine archive endpoint)
 *       ck_inventory_collector_begin_path(c, P, err);
 *       while (body bytes) ck_inventory_collector_feed(c, bytes, n, err);
 *       ck_inventory_collector_end(c, err);
 *   ck_inventory_collector_finish(c, &inv, err);
 *   ck_inventory_collector_free(c);
 *
 * begin_path: a tar whose entries are relative to P's parent, as the archive
 *   endpoint sends them ("status" for P = /var/lib/dpkg/status,
 *   "status.d/..." for P = /var/lib/dpkg/status.d). Each such tar is applied
 *   as one layer, in the order given.
 * begin_layer: one image layer (a tar, plain or compressed with gzip or
 *   zstd), whiteouts applied; layers in the order given.
 * begin_image: a whole `docker save` archive (legacy manifest.json +
 *   layer.tar, or OCI index.json + blobs, gzip and zstd layers included);
 *   its layers are ordered by its manifest whatever the order they arrive in.
 * A stream that is corrupt or truncated inside a layer or path tar becomes a
 * warning (what was read stays, inv->incomplete is set); feed then ignores
 * the rest of that stream and returns CK_OK. For begin_image, an archive
 * whose layer order cannot be known makes finish fail. feed and end return
 * an error only for a misuse, out of memory or a limit of the whole image. */
struct ck_inventory_collector;

enum ck_status ck_inventory_collector_new(struct ck_inventory_collector **out, unsigned flags,
                                          const struct ck_inventory_limits *lim);
void ck_inventory_collector_free(struct ck_inventory_collector *c);
enum ck_status ck_inventory_collector_begin_path(struct ck_inventory_collector *c, const char *path,
                                                 struct ck_err *err);
enum ck_status ck_inventory_collector_begin_layer(struct ck_inventory_collector *c, const char *name,
                                                  struct ck_err *err);
enum ck_status ck_inventory_collector_begin_image(struct ck_inventory_collector *c, const char *name,
                                                  struct ck_err *err);
enum ck_status ck_inventory_collector_feed(struct ck_inventory_collector *c, const void *data, size_t len,
                                           struct ck_err *err);
enum ck_status ck_inventory_collector_end(struct ck_inventory_collector *c, struct ck_err *err);
/* Assembles the inventory into inv (initialised, empty). */
enum ck_status ck_inventory_collector_finish(struct ck_inventory_collector *c, struct ck_inventory *inv,
                                             struct ck_err *err);

/* A pull source for the helper below: reads up to cap bytes; returns the
 * count, 0 at the end, -1 on error (err filled). */
typedef long long (*ck_inventory_read_fn)(void *ctx, void *buf, size_t cap, struct ck_err *err);

/* One whole archive-endpoint response body for path, read from fn:
 * begin_path + feed ... + end. */
enum ck_status ck_inventory_collector_read_path(struct ck_inventory_collector *c, const char *path,
                                                ck_inventory_read_fn fn, void *ctx, struct ck_err *err);

#endif
