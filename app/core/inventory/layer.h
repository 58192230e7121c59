/* Inside the inventory module: one layer of an image as far as the
 * inventory cares. A layer is fed a tar stream (plain, or compressed with
 * gzip or zstd: decomp.h) and keeps only the entries on the paths an
 * inventory reads: os-release, the package databases, the folders leading
 * to them (with the symbolic links and whiteouts found there). Package
 * databases are parsed while they stream by (dpkg, apk) or kept whole
 * under a cap (os-release, rpmdb.sqlite). The collector then lays the
 * layers over each other. */
#ifndef CK_INVENTORY_LAYER_H
#define CK_INVENTORY_LAYER_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/apk.h"
#include "inventory/dpkg.h"
#include "inventory/inventory.h"
#include "inventory/pathmap.h"
#include "inventory/tar.h"
#include "util/buf.h"

/* What a cleaned image path is to the inventory. */
enum ck_cand {
    CK_CAND_NONE = 0,
    CK_CAND_DIR,           /* a folder on the way to one of the files below */
    CK_CAND_OSRELEASE,
    CK_CAND_DPKG_STATUS,
    CK_CAND_DPKG_STATUS_D, /* a file directly in var/lib/dpkg/status.d (not *.md5sums) */
    CK_CAND_APK,
    CK_CAND_RPM_SQLITE,
    CK_CAND_RPM_BDB,       /* BerkeleyDB Packages */
    CK_CAND_RPM_NDB,       /* NDB Packages.db */
    CK_CAND_DPKG_LIST      /* var/lib/dpkg/info/<package>.list: the files a package installed */
};

enum ck_cand ck_layer_classify(const char *clean_path);

/* 1 for the three forms of rpm's database (kept whole, read at the end). */
int ck_cand_is_rpmdb(enum ck_cand k);

/* What the whole image may still keep, shared by all its layers: nodes
 * (lim->max_entries) and bytes of candidate files' contents, kept whole or
 * parsed (lim->max_db_bytes). A content gives its bytes back when it is
 * dropped: replaced by a later entry at the same path in its layer, or
 * found unreadable (os-release or an rpm database over a limit or cut short). */
struct ck_layer_budget {
    size_t entries;
    uint64_t bytes;
    uint64_t read_bytes; /* the walk's whole files (lim->max_read_bytes) */
};

/* A candidate file's contents. */
struct ck_content {
    enum ck_cand kind;
    char *label;                /* "/var/lib/dpkg/status" */
    const char *where;          /* the layer's name, for messages */
    struct ck_buf raw;          /* os-release, the rpm databases */
    struct ck_inventory parsed; /* dpkg, apk: what the parser found */
    struct ck_dpkg_parser *dpkg;
    struct ck_apk_parser *apk;
    uint64_t bytes;             /* bytes received */
    uint64_t cap;
    struct ck_layer_budget *budget;
    uint64_t charged;           /* bytes taken from budget and not given back */
    int over_limit;             /* larger than cap: not read past it */
    int over_budget;            /* the image's budget ran out inside it: not read past it */
    int truncated;              /* the stream ended inside it */
};

enum ck_node_kind {
    CK_NODE_DIR,
    CK_NODE_FILE,     /* content set for candidate files */
    CK_NODE_SYMLINK,  /* target as stored in the archive */
    CK_NODE_HARDLINK, /* target: cleaned image path of the linked file */
    CK_NODE_WHITEOUT, /* path: the path it hides in lower layers */
    CK_NODE_OPAQUE    /* path: the folder whose lower contents it hides */
};

/* Without CK_INVENTORY_WALK every node is on a candidate path
 * (ck_layer_classify is not CK_CAND_NONE); with it, every entry has one. */
struct ck_node {
    char *path; /* cleaned image path */
    enum ck_node_kind kind;
    char *target;
    struct ck_content *content; /* NULL once a later entry replaced it */
    uint64_t size;              /* regular files: bytes */
    unsigned mode;
    struct ck_found *found;     /* the walk: what the file is, when worth knowing */
};

struct ck_probe;

struct ck_decomp;

struct ck_layer {
    char *name;   /* for messages */
    char *prefix; /* archive-endpoint tars: where entries land ("var/lib/dpkg"); NULL for layers */
    int whiteouts;
    struct ck_node *nodes;
    size_t count, cap;
    struct ck_pathmap index; /* path -> the last node there that is not a whiteout */
    struct ck_inventory notes; /* warnings about this layer; notes.incomplete */
    const struct ck_inventory_limits *lim;
    unsigned flags;
    int walk; /* flags & CK_INVENTORY_WALK: a node for every entry */
    struct ck_layer_budget *budget; /* the whole image's */
    struct ck_probe *probe; /* the walk: the regular file streaming by, when probing */
    int probing;
    size_t last; /* the node ck_layer_add made or replaced last */
    /* streaming */
    int started;
    unsigned char magic[4];
    size_t magic_len;
    struct ck_decomp *decomp; /* gzip or zstd layers (decomp.h); NULL for a plain tar */
    struct ck_tar_reader *tar;
    struct ck_content *cur;
    int failed; /* the stream broke: the rest is ignored */
    int ended;  /* the stream is over (its machinery released) */
};

/* Paths and link targets longer than this (Linux's PATH_MAX) are ignored. */
#define CK_LAYER_MAX_PATH 4096

/* name: for messages; prefix: NULL, or the cleaned folder entries are
 * relative to; whiteouts: honour .wh. entries. lim and budget must outlive
 * the layer. */
enum ck_status ck_layer_new(struct ck_layer **out, const char *name, const char *prefix, int whiteouts,
                            const struct ck_inventory_limits *lim, unsigned flags, struct ck_layer_budget *budget);
void ck_layer_free(struct ck_layer *l);
/* Errors: out of memory only; a broken stream becomes a note. */
enum ck_status ck_layer_feed(struct ck_layer *l, const void *data, size_t len, struct ck_err *err);
enum ck_status ck_layer_end(struct ck_layer *l, struct ck_err *err);

/* Adds a node directly (root folders). For CK_NODE_FILE at a path whose
 * class has contents, *content (when content is not NULL) receives a new
 * content to fill with ck_content_feed / ck_content_end. An entry at a path
 * the layer already has (whiteouts apart) replaces it: the earlier node
 * stays in its place, for the order of the layer's entries, but its content
 * is freed at once. */
enum ck_status ck_layer_add(struct ck_layer *l, const char *clean_path, enum ck_node_kind kind, const char *target,
                            struct ck_content **content);
/* The last node at a path in this layer that is not a whiteout, or NULL. */
const struct ck_node *ck_layer_find(const struct ck_layer *l, const char *clean_path);
enum ck_status ck_content_feed(struct ck_content *c, const void *data, size_t len);
/* 1 once c takes no more bytes (a limit was reached). */
int ck_content_full(const struct ck_content *c);
/* complete = 0: the input stopped early (truncated). */
enum ck_status ck_content_end(struct ck_content *c, int complete);

/* The walk: the regular file just added (ck_layer_add) streams through the
 * layer's probe; what it learns goes to that node at ck_layer_probe_end. */
enum ck_status ck_layer_probe_begin(struct ck_layer *l, uint64_t size, unsigned mode);
enum ck_status ck_layer_probe_feed(struct ck_layer *l, const void *data, size_t len);
enum ck_status ck_layer_probe_end(struct ck_layer *l, int complete);

/* Reads the candidate paths of a root folder into l (rootfs.c); the whole
 * tree with CK_INVENTORY_WALK. */
enum ck_status ck_layer_read_rootfs(struct ck_layer *l, const char *root, struct ck_err *err);
/* The whole tree of a root folder (rootwalk.c). */
enum ck_status ck_layer_walk_rootfs(struct ck_layer *l, const char *root, struct ck_err *err);

#endif
