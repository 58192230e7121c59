#include "inventory/layer.h"
#include "inventory/decomp.h"
#include "inventory/fileprobe.h"
#include "util/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- which paths matter ------------------------------------------------ */

static const struct {
    const char *path;
    enum ck_cand kind;
} candidates[] = {
    {"etc/os-release", CK_CAND_OSRELEASE},
    {"usr/lib/os-release", CK_CAND_OSRELEASE},
    {"var/lib/dpkg/status", CK_CAND_DPKG_STATUS},
    {"lib/apk/db/installed", CK_CAND_APK},
    {"usr/lib/apk/db/installed", CK_CAND_APK},
    {"var/lib/rpm/rpmdb.sqlite", CK_CAND_RPM_SQLITE},
    {"usr/lib/sysimage/rpm/rpmdb.sqlite", CK_CAND_RPM_SQLITE},
    {"var/lib/rpm/Packages", CK_CAND_RPM_BDB},
    {"usr/lib/sysimage/rpm/Packages", CK_CAND_RPM_BDB},
    {"var/lib/rpm/Packages.db", CK_CAND_RPM_NDB},
    {"usr/lib/sysimage/rpm/Packages.db", CK_CAND_RPM_NDB},
};

#define STATUS_D "var/lib/dpkg/status.d"
#define DPKG_INFO "var/lib/dpkg/info"

enum ck_cand ck_layer_classify(const char *p)
{
    size_t n = strlen(p), i;

    if (n == 0)
        return CK_CAND_DIR;
    for (i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        const char *c = candidates[i].path;
        size_t cn = strlen(c);
        if (n == cn && !memcmp(p, c, n))
            return candidates[i].kind;
        if (n < cn && !memcmp(p, c, n) && c[n] == '/')
            return CK_CAND_DIR;
    }
    if (!strcmp(p, STATUS_D) || !strcmp(p, DPKG_INFO))
        return CK_CAND_DIR;
    if (n > sizeof DPKG_INFO + 5 && !memcmp(p, DPKG_INFO "/", sizeof DPKG_INFO) &&
        !strchr(p + sizeof DPKG_INFO, '/') && !strcmp(p + n - 5, ".list"))
        return CK_CAND_DPKG_LIST;
    if (n > sizeof STATUS_D && !memcmp(p, STATUS_D "/", sizeof STATUS_D) && !strchr(p + sizeof STATUS_D, '/')) {
        static const char md5[] = ".md5sums";
        if (n >= sizeof md5 - 1 && !strcmp(p + n - (sizeof md5 - 1), md5))
            return CK_CAND_NONE;
        return CK_CAND_DPKG_STATUS_D;
    }
    return CK_CAND_NONE;
}

int ck_cand_is_rpmdb(enum ck_cand k) { return k == CK_CAND_RPM_SQLITE || k == CK_CAND_RPM_BDB || k == CK_CAND_RPM_NDB; }

/* The file lists of dpkg matter to the walk only. */
static int has_content(enum ck_cand k, int walk)
{
    return k == CK_CAND_OSRELEASE || k == CK_CAND_DPKG_STATUS || k == CK_CAND_DPKG_STATUS_D || k == CK_CAND_APK ||
           ck_cand_is_rpmdb(k) || (walk && k == CK_CAND_DPKG_LIST);
}

/* ---- contents ---------------------------------------------------------- */

static void content_free(struct ck_content *c)
{
    if (!c)
        return;
    ck_dpkg_parser_free(c->dpkg);
    ck_apk_parser_free(c->apk);
    ck_buf_release(&c->raw);
    ck_inventory_release(&c->parsed);
    free(c->label);
    free(c);
}

static struct ck_content *content_new(enum ck_cand kind, const char *path, const struct ck_layer *l)
{
    struct ck_content *c = calloc(1, sizeof *c);
    enum ck_status st = CK_OK;

    if (!c)
        return NULL;
    c->kind = kind;
    c->where = l->name;
    c->budget = l->budget;
    ck_buf_init(&c->raw);
    ck_inventory_init(&c->parsed);
    c->parsed.flags = l->flags;
    c->label = malloc(strlen(path) + 2);
    if (!c->label) {
        free(c);
        return NULL;
    }
    c->label[0] = '/';
    strcpy(c->label + 1, path);
    c->cap = kind == CK_CAND_OSRELEASE ? l->lim->max_small_bytes : l->lim->max_db_bytes;
    if (kind == CK_CAND_DPKG_STATUS || kind == CK_CAND_DPKG_STATUS_D)
        st = ck_dpkg_parser_new(&c->dpkg, &c->parsed, c->label, kind == CK_CAND_DPKG_STATUS_D ? CK_DPKG_STATUS_D : 0);
    else if (kind == CK_CAND_APK)
        st = ck_apk_parser_new(&c->apk, &c->parsed, c->label);
    if (st != CK_OK) {
        content_free(c);
        return NULL;
    }
    return c;
}

/* Kept whole (not parsed while it streams by). */
static int is_whole(const struct ck_content *c)
{
    return c->kind == CK_CAND_OSRELEASE || ck_cand_is_rpmdb(c->kind) || c->kind == CK_CAND_DPKG_LIST;
}

/* An os-release or rpm database over a limit or cut short is never read:
 * its bytes go back to the image at once. */
static void release_whole(struct ck_content *c)
{
    if (!is_whole(c))
        return;
    ck_buf_release(&c->raw);
    c->budget->bytes += c->charged;
    c->charged = 0;
}

/* A content nothing will read any more: its bytes go back to the image. */
static void content_drop(struct ck_content *c)
{
    if (!c)
        return;
    c->budget->bytes += c->charged;
    content_free(c);
}

int ck_content_full(const struct ck_content *c) { return c->over_limit || c->over_budget || c->truncated; }

enum ck_status ck_content_feed(struct ck_content *c, const void *data, size_t len)
{
    uint64_t room;

    if (ck_content_full(c))
        return CK_OK;
    room = c->cap - c->bytes;
    if (len > room) {
        len = (size_t)room;
        c->over_limit = 1;
    }
    if (len > c->budget->bytes) {
        len = (size_t)c->budget->bytes;
        c->over_limit = 0;
        c->over_budget = 1;
    }
    c->bytes += len;
    if (ck_content_full(c) && is_whole(c)) {
        release_whole(c);
        return CK_OK;
    }
    c->charged += len;
    c->budget->bytes -= len;
    if (len == 0)
        return CK_OK;
    if (c->dpkg)
        return ck_dpkg_parser_feed(c->dpkg, data, len);
    if (c->apk)
        return ck_apk_parser_feed(c->apk, data, len);
    return ck_buf_append(&c->raw, data, len);
}

enum ck_status ck_content_end(struct ck_content *c, int complete)
{
    enum ck_status st = CK_OK;

    if (!complete) {
        c->truncated = 1;
        release_whole(c);
    }
    /* A file cut short ends inside a stanza that must not count. */
    if (complete && !c->over_limit && !c->over_budget) {
        if (c->dpkg)
            st = ck_dpkg_parser_finish(c->dpkg);
        else if (c->apk)
            st = ck_apk_parser_finish(c->apk);
    }
    ck_dpkg_parser_free(c->dpkg);
    ck_apk_parser_free(c->apk);
    c->dpkg = NULL;
    c->apk = NULL;
    return st;
}

/* ---- nodes ------------------------------------------------------------- */

static char *str_dup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    if (c)
        strcpy(c, s);
    return c;
}

/* Whether a later entry at the path of node i may take its place instead of
 * coming after everything: the path can have nothing below it (it is not a
 * folder on the way), and no folder above it has an entry after node i (a
 * folder replaced in between hides what came before it). Either way the
 * layer reads the same; in place, rewriting one file again and again does
 * not grow the node table. */
static int reusable(const struct ck_layer *l, const char *path, size_t i, enum ck_node_kind kind)
{
    char prefix[CK_LAYER_MAX_PATH + 1];
    size_t n = strlen(path), k, j;

    if (n > CK_LAYER_MAX_PATH || ck_layer_classify(path) == CK_CAND_DIR)
        return 0;
    if (l->walk && (kind == CK_NODE_DIR || l->nodes[i].kind == CK_NODE_DIR))
        return 0; /* in the walk any folder may have entries below it */
    for (k = 0; k < n; k++) { /* the root (""), then each folder above path */
        if (k && path[k] != '/')
            continue;
        memcpy(prefix, path, k);
        prefix[k] = '\0';
        if (ck_pathmap_get(&l->index, prefix, &j) && j > i)
            return 0;
    }
    return 1;
}

static enum ck_status over_entries(struct ck_layer *l)
{
    if (l->notes.incomplete)
        return CK_OK;
    l->notes.incomplete = 1;
    if (l->walk)
        return ck_inventory_warn(&l->notes, "%s: the image has more than %llu entries; the rest was not read",
                                 l->name, (unsigned long long)l->lim->max_walk_entries);
    return ck_inventory_warn(&l->notes, "%s: more than %llu entries on package database paths; the rest was ignored",
                             l->name, (unsigned long long)l->lim->max_entries);
}

static enum ck_status make_node(struct ck_layer *l, struct ck_node *n, const char *clean_path, enum ck_node_kind kind,
                                const char *target, int with_content)
{
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->path = str_dup(clean_path);
    n->target = target ? str_dup(target) : NULL;
    if (with_content)
        n->content = content_new(ck_layer_classify(clean_path), clean_path, l);
    if (!n->path || (target && !n->target) || (with_content && !n->content)) {
        free(n->path);
        free(n->target);
        content_free(n->content);
        return CK_ERR_NOMEM;
    }
    return CK_OK;
}

static void node_release(struct ck_node *n)
{
    free(n->path);
    free(n->target);
    content_drop(n->content);
    ck_found_free(n->found);
}

/* An entry at a path the layer already has (whiteouts apart) replaces the
 * earlier one, whose content is freed now. It takes the earlier one's place
 * when that reads the same (reusable); else it comes after everything and
 * the earlier node stays, without its content, for the order of the
 * layer's entries. */
enum ck_status ck_layer_add(struct ck_layer *l, const char *clean_path, enum ck_node_kind kind, const char *target,
                            struct ck_content **content)
{
    struct ck_node n;
    int indexed = kind != CK_NODE_WHITEOUT && kind != CK_NODE_OPAQUE;
    int with_content = kind == CK_NODE_FILE && has_content(ck_layer_classify(clean_path), l->walk) && content;
    int earlier;
    size_t i = 0;

    if (content)
        *content = NULL;
    earlier = indexed && ck_pathmap_get(&l->index, clean_path, &i);
    if (earlier && reusable(l, clean_path, i, kind)) {
        if (make_node(l, &n, clean_path, kind, target, with_content) != CK_OK)
            return CK_ERR_NOMEM;
        ck_pathmap_put(&l->index, n.path, i); /* a held key: nothing to allocate */
        node_release(&l->nodes[i]);
        l->nodes[i] = n;
        l->last = i;
    } else {
        if (l->budget->entries == 0)
            return over_entries(l);
        if (CK_ARRAY_GROW(l->nodes, l->count, l->cap) != CK_OK ||
            make_node(l, &n, clean_path, kind, target, with_content) != CK_OK)
            return CK_ERR_NOMEM;
        if (indexed && ck_pathmap_put(&l->index, n.path, l->count) != CK_OK) {
            node_release(&n);
            return CK_ERR_NOMEM;
        }
        if (earlier) {
            content_drop(l->nodes[i].content);
            l->nodes[i].content = NULL;
            ck_found_free(l->nodes[i].found);
            l->nodes[i].found = NULL;
        }
        l->budget->entries--;
        l->last = l->count;
        l->nodes[l->count++] = n;
    }
    if (content)
        *content = n.content;
    return CK_OK;
}

const struct ck_node *ck_layer_find(const struct ck_layer *l, const char *clean_path)
{
    size_t i;
    return ck_pathmap_get(&l->index, clean_path, &i) ? &l->nodes[i] : NULL;
}

/* ---- tar entries --------------------------------------------------------- */

/* The cleaned image path of an archive path: under prefix for archive-endpoint
 * tars (cleaned on its own first, so nothing climbs out of the prefix). */
static char *image_path(const struct ck_layer *l, const char *archive_path)
{
    char *c = ck_tar_path_clean(archive_path), *j;
    size_t pn, cn;

    if (!c || !l->prefix || !*l->prefix)
        return c;
    pn = strlen(l->prefix);
    cn = strlen(c);
    j = malloc(pn + 1 + cn + 1);
    if (j) {
        memcpy(j, l->prefix, pn);
        j[pn] = cn ? '/' : '\0';
        memcpy(j + pn + 1, c, cn + 1);
    }
    free(c);
    return j;
}

/* ".wh.NAME" hides NAME from lower layers; ".wh..wh..opq" hides the folder's
 * lower contents. Returns 1 when the entry was a whiteout (handled). */
static int whiteout(struct ck_layer *l, const char *path, enum ck_status *st)
{
    const char *base = strrchr(path, '/');
    size_t dir_len = base ? (size_t)(base - path) : 0;
    char *hidden;

    base = base ? base + 1 : path;
    if (strncmp(base, ".wh.", 4) != 0)
        return 0;
    if (!strcmp(base, ".wh..wh..opq")) {
        hidden = malloc(dir_len + 1);
        if (hidden) {
            memcpy(hidden, path, dir_len);
            hidden[dir_len] = '\0';
        }
    } else if (!strncmp(base, ".wh..wh.", 8)) {
        return 1; /* aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs) */
    } else {
        size_t bn = strlen(base + 4);
        hidden = malloc(dir_len + 1 + bn + 1);
        if (hidden) {
            memcpy(hidden, path, dir_len);
            hidden[dir_len] = '/';
            memcpy(hidden + dir_len + (dir_len ? 1 : 0), base + 4, bn + 1);
        }
    }
    if (!hidden) {
        *st = CK_ERR_NOMEM;
        return 1;
    }
    if (l->walk || ck_layer_classify(hidden) != CK_CAND_NONE)
        *st = ck_layer_add(l, hidden, !strcmp(base, ".wh..wh..opq") ? CK_NODE_OPAQUE : CK_NODE_WHITEOUT, NULL, NULL);
    free(hidden);
    return 1;
}

static enum ck_status on_entry(void *ctx, const struct ck_tar_entry *e, int *want, struct ck_err *err)
{
    struct ck_layer *l = ctx;
    char *path = image_path(l, e->path), *target = NULL;
    enum ck_status st = CK_OK;
    enum ck_cand cand;

    l->cur = NULL;
    if (!path)
        goto nomem;
    if (strlen(path) > CK_LAYER_MAX_PATH)
        goto cleanup; /* longer than any path an OS accepts: not one the inventory reads */
    if (l->whiteouts && whiteout(l, path, &st))
        goto cleanup;
    cand = ck_layer_classify(path);
    if (cand == CK_CAND_NONE && !l->walk)
        goto cleanup;
    switch (e->kind) {
    case CK_TAR_DIR:
        st = ck_layer_add(l, path, CK_NODE_DIR, NULL, NULL);
        break;
    case CK_TAR_SYMLINK:
        /* an over-long target cannot resolve: the link is a dead end */
        if (strlen(e->linkpath) > CK_LAYER_MAX_PATH)
            st = ck_layer_add(l, path, CK_NODE_FILE, NULL, NULL);
        else
            st = ck_layer_add(l, path, CK_NODE_SYMLINK, e->linkpath, NULL);
        break;
    case CK_TAR_HARDLINK:
        /* hard link names are archive paths, like the entries' own */
        target = image_path(l, e->linkpath);
        if (!target)
            goto nomem;
        if (strlen(target) > CK_LAYER_MAX_PATH)
            st = ck_layer_add(l, path, CK_NODE_FILE, NULL, NULL);
        else
            st = ck_layer_add(l, path, CK_NODE_HARDLINK, target, NULL);
        break;
    case CK_TAR_FILE:
        st = ck_layer_add(l, path, CK_NODE_FILE, NULL, &l->cur);
        if (st == CK_OK && !l->cur && l->walk && l->count && !strcmp(l->nodes[l->last].path, path))
            st = ck_layer_probe_begin(l, e->size, e->mode);
        *want = l->cur != NULL || l->probing;
        break;
    case CK_TAR_OTHER:
        st = ck_layer_add(l, path, CK_NODE_FILE, NULL, NULL);
        break;
    }
cleanup:
    free(path);
    free(target);
    if (st != CK_OK)
        return ck_err_set(err, st, "%s: %s", l->name, ck_status_str(st));
    return CK_OK;
nomem:
    st = CK_ERR_NOMEM;
    goto cleanup;
}

static enum ck_status on_data(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    struct ck_layer *l = ctx;
    enum ck_status st = l->cur ? ck_content_feed(l->cur, data, len) : ck_layer_probe_feed(l, data, len);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "%s: %s", l->name, ck_status_str(st));
}

static enum ck_status on_end(void *ctx, struct ck_err *err)
{
    struct ck_layer *l = ctx;
    enum ck_status st = l->cur ? ck_content_end(l->cur, 1) : ck_layer_probe_end(l, 1);
    l->cur = NULL;
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "%s: %s", l->name, ck_status_str(st));
}

/* ---- the walk's probe ------------------------------------------------------- */

enum ck_status ck_layer_probe_begin(struct ck_layer *l, uint64_t size, unsigned mode)
{
    struct ck_node *n = &l->nodes[l->last];
    char abs[CK_LAYER_MAX_PATH + 2];
    enum ck_status st;

    n->size = size;
    n->mode = mode;
    if (!l->probe && (st = ck_probe_new(&l->probe, l->lim, &l->budget->read_bytes)) != CK_OK)
        return st;
    snprintf(abs, sizeof abs, "/%s", n->path);
    if ((st = ck_probe_begin(l->probe, abs, size, mode)) != CK_OK)
        return st;
    l->probing = 1;
    return CK_OK;
}

enum ck_status ck_layer_probe_feed(struct ck_layer *l, const void *data, size_t len)
{
    return l->probing ? ck_probe_feed(l->probe, data, len) : CK_OK;
}

enum ck_status ck_layer_probe_end(struct ck_layer *l, int complete)
{
    struct ck_found *f = NULL;
    enum ck_status st;

    if (!l->probing)
        return CK_OK;
    l->probing = 0;
    st = ck_probe_end(l->probe, complete, &f);
    ck_found_free(l->nodes[l->last].found);
    l->nodes[l->last].found = f;
    return st;
}

/* ---- the layer stream -------------------------------------------------- */

static void release_stream(struct ck_layer *l);

enum ck_status ck_layer_new(struct ck_layer **out, const char *name, const char *prefix, int whiteouts,
                            const struct ck_inventory_limits *lim, unsigned flags, struct ck_layer_budget *budget)
{
    struct ck_layer *l = calloc(1, sizeof *l);
    struct ck_tar_handler h = {on_entry, on_data, on_end, NULL};

    if (!l)
        return CK_ERR_NOMEM;
    ck_inventory_init(&l->notes);
    ck_pathmap_init(&l->index);
    l->name = str_dup(name ? name : "layer");
    l->prefix = prefix ? str_dup(prefix) : NULL;
    l->whiteouts = whiteouts;
    l->lim = lim;
    l->flags = flags;
    l->walk = (flags & CK_INVENTORY_WALK) != 0;
    l->budget = budget;
    h.ctx = l;
    if (!l->name || (prefix && !l->prefix) || ck_tar_reader_new(&l->tar, &h, NULL) != CK_OK) {
        ck_layer_free(l);
        return CK_ERR_NOMEM;
    }
    *out = l;
    return CK_OK;
}

void ck_layer_free(struct ck_layer *l)
{
    size_t i;
    if (!l)
        return;
    for (i = 0; i < l->count; i++) {
        free(l->nodes[i].path);
        free(l->nodes[i].target);
        content_free(l->nodes[i].content);
        ck_found_free(l->nodes[i].found);
    }
    free(l->nodes);
    ck_probe_free(l->probe);
    ck_pathmap_release(&l->index);
    release_stream(l);
    ck_inventory_release(&l->notes);
    free(l->name);
    free(l->prefix);
    free(l);
}

/* The stream broke: note it, keep what was read, ignore the rest. */
static enum ck_status layer_fail(struct ck_layer *l, const char *msg)
{
    l->failed = 1;
    l->notes.incomplete = 1;
    if (l->cur) {
        ck_content_end(l->cur, 0);
        l->cur = NULL;
    }
    if (ck_layer_probe_end(l, 0) != CK_OK)
        return CK_ERR_NOMEM;
    return ck_inventory_warn(&l->notes, "%s: %s; what was read before it is kept", l->name, msg);
}

/* Passes a tar reader error on: out of memory stops everything, the rest
 * only this layer. */
static enum ck_status tar_result(struct ck_layer *l, enum ck_status st, const struct ck_err *terr, struct ck_err *err)
{
    if (st == CK_OK)
        return CK_OK;
    if (st == CK_ERR_NOMEM)
        return ck_err_set(err, st, "out of memory reading %s", l->name);
    st = layer_fail(l, terr->msg);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}

static enum ck_status fail_msg(struct ck_layer *l, const char *msg, struct ck_err *err)
{
    enum ck_status st = layer_fail(l, msg);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}

/* ---- the decompressor's sink: the tar reader ----------------------------- */

static enum ck_status sink_write(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    struct ck_layer *l = ctx;
    struct ck_err terr;

    ck_err_clear(&terr);
    return tar_result(l, ck_tar_reader_feed(l->tar, data, len, &terr), &terr, err);
}

static int sink_gave_up(void *ctx) { return ((struct ck_layer *)ctx)->failed; }

static int sink_complete(void *ctx) { return ck_tar_reader_at_end(((struct ck_layer *)ctx)->tar); }

/* A decompressor's error: out of memory stops everything; damaged data
 * (its message says how) only this layer. */
static enum ck_status decomp_result(struct ck_layer *l, enum ck_status st, const struct ck_err *derr,
                                    struct ck_err *err)
{
    if (st == CK_OK)
        return CK_OK;
    if (st == CK_ERR_NOMEM)
        return ck_err_set(err, st, "out of memory reading %s", l->name);
    return fail_msg(l, derr->msg, err);
}

/* Sends bytes down the layer's pipe: through the decompressor when there
 * is one, then tar. */
static enum ck_status pipe_feed(struct ck_layer *l, const unsigned char *data, size_t len, struct ck_err *err)
{
    struct ck_err terr;

    ck_err_clear(&terr);
    if (l->decomp)
        return decomp_result(l, ck_decomp_feed(l->decomp, data, len, &terr), &terr, err);
    return tar_result(l, ck_tar_reader_feed(l->tar, data, len, &terr), &terr, err);
}

/* Picks the format from the first bytes: gzip, zstd or tar. */
static enum ck_status start_stream(struct ck_layer *l, struct ck_err *err)
{
    struct ck_decomp_sink sink = {sink_write, sink_gave_up, sink_complete, NULL};
    enum ck_decomp_kind kind = ck_decomp_sniff(l->magic, l->magic_len);

    l->started = 1;
    sink.ctx = l;
    if (kind != CK_DECOMP_NONE && ck_decomp_new(&l->decomp, kind, &sink) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory reading %s", l->name);
    return pipe_feed(l, l->magic, l->magic_len, err);
}

enum ck_status ck_layer_feed(struct ck_layer *l, const void *data, size_t len, struct ck_err *err)
{
    const unsigned char *p = data;
    enum ck_status st;

    if (l->failed || l->ended)
        return CK_OK;
    if (!l->started) {
        size_t n = sizeof l->magic - l->magic_len;
        if (n > len)
            n = len;
        memcpy(l->magic + l->magic_len, p, n);
        l->magic_len += n;
        p += n;
        len -= n;
        if (l->magic_len < sizeof l->magic)
            return CK_OK;
        if ((st = start_stream(l, err)) != CK_OK)
            return st;
    }
    return len && !l->failed ? pipe_feed(l, p, len, err) : CK_OK;
}

static enum ck_status finish_stream(struct ck_layer *l, struct ck_err *err)
{
    struct ck_err terr;
    enum ck_status st;

    if (!l->started && !l->failed && (st = start_stream(l, err)) != CK_OK)
        return st;
    if (l->failed)
        return CK_OK;
    ck_err_clear(&terr);
    if (l->decomp && (st = ck_decomp_finish(l->decomp, &terr)) != CK_OK)
        return decomp_result(l, st, &terr, err);
    st = tar_result(l, ck_tar_reader_finish(l->tar, &terr), &terr, err);
    if (st == CK_OK && l->cur) {
        ck_content_end(l->cur, 0);
        l->cur = NULL;
    }
    if (st == CK_OK)
        st = ck_layer_probe_end(l, 0); /* a file the stream stopped inside */
    return st;
}

/* The stream's machinery (decompressor, tar reader) goes as soon as the
 * stream is over: an image may have many layers. */
static void release_stream(struct ck_layer *l)
{
    ck_decomp_free(l->decomp);
    l->decomp = NULL;
    ck_tar_reader_free(l->tar);
    l->tar = NULL;
    l->ended = 1;
}

enum ck_status ck_layer_end(struct ck_layer *l, struct ck_err *err)
{
    enum ck_status st = l->ended ? CK_OK : finish_stream(l, err);
    release_stream(l);
    return st;
}
