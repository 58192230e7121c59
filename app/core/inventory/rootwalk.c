/* The whole-filesystem walk of a root folder (CK_INVENTORY_WALK): every
 * entry below the root becomes a node, and every regular file streams once
 * through the layer's probe, or into its content when it is a package
 * database. Symbolic links are never followed on this machine: each becomes
 * a node that the collector resolves inside the image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/layer.h"
#include "platform/dir.h"
#include "platform/file.h"
#include "platform/platform.h"

#define READ_CHUNK (256 * 1024)
#define MAX_DEPTH 256 /* folders inside folders; deeper ones are not read */

struct walk {
    struct ck_layer *l;
    const char *root;
    unsigned char *buf;
    int too_deep; /* warned once */
};

struct names {
    char **v;
    size_t count, cap;
    int nomem;
};

static int add_name(void *ctx, const char *name)
{
    struct names *ns = ctx;
    char *c;

    if (ns->count == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 32;
        char **p = realloc(ns->v, cap * sizeof *p);
        if (!p) {
            ns->nomem = 1;
            return 1;
        }
        ns->v = p;
        ns->cap = cap;
    }
    if (!(c = malloc(strlen(name) + 1))) {
        ns->nomem = 1;
        return 1;
    }
    strcpy(c, name);
    ns->v[ns->count++] = c;
    return 0;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *join(const char *a, const char *b)
{
    size_t an = strlen(a), bn = strlen(b);
    char *s = malloc(an + 1 + bn + 1);

    if (!s)
        return NULL;
    memcpy(s, a, an);
    if (an && a[an - 1] != '/' && a[an - 1] != '\\')
        s[an++] = '/';
    memcpy(s + an, b, bn + 1);
    return s;
}

/* One regular file's bytes into its content (a package database) or the
 * probe. A file that cannot be read is a note; the walk goes on. */
static enum ck_status read_file(struct walk *w, const char *full, const char *rel, struct ck_content *c)
{
    FILE *f = ck_fopen(full, "rb");
    enum ck_status st = CK_OK;
    int64_t size = 0;
    int complete = 1;

    if (f && ck_fseek64(f, 0, SEEK_END) == 0)
        size = ck_ftell64(f);
    if (f && (size < 0 || ck_fseek64(f, 0, SEEK_SET) != 0)) {
        fclose(f);
        f = NULL;
    }
    if (!c && (st = ck_layer_probe_begin(w->l, (uint64_t)size, 0)) != CK_OK)
        goto cleanup;
    if (!f) {
        complete = 0;
        w->l->notes.incomplete = 1;
        st = ck_inventory_warn(&w->l->notes, "cannot read /%s", rel);
        goto cleanup;
    }
    for (;;) {
        size_t n = fread(w->buf, 1, READ_CHUNK, f);
        if (n)
            st = c ? ck_content_feed(c, w->buf, n) : ck_layer_probe_feed(w->l, w->buf, n);
        if (st != CK_OK || n < READ_CHUNK || (c && ck_content_full(c)))
            break;
    }
    if (st == CK_OK && ferror(f)) {
        complete = 0;
        w->l->notes.incomplete = 1;
        st = ck_inventory_warn(&w->l->notes, "error reading /%s", rel);
    }
cleanup:
    if (f)
        fclose(f);
    if (c) {
        enum ck_status e = ck_content_end(c, complete && st == CK_OK);
        return st != CK_OK ? st : e;
    }
    if (st != CK_OK) {
        ck_layer_probe_end(w->l, 0);
        return st;
    }
    return ck_layer_probe_end(w->l, complete);
}

static enum ck_status walk_dir(struct walk *w, const char *rel, int depth);

/* The kernel's own filesystems at the top of a root folder (a running
 * system's /, or a chroot with them mounted): never an image's contents,
 * and reading some of their files blocks or never ends. */
static int kernel_mount(const char *rel)
{
    return !strcmp(rel, "proc") || !strcmp(rel, "sys") || !strcmp(rel, "dev");
}

static enum ck_status visit_entry(struct walk *w, const char *rel, int depth)
{
    char *full = join(w->root, rel);
    enum ck_status st = CK_OK;
    struct ck_content *c = NULL;

    if (!full)
        return CK_ERR_NOMEM;
    switch (ck_fs_kind_of(full)) {
    case CK_FS_DIR:
        st = ck_layer_add(w->l, rel, CK_NODE_DIR, NULL, NULL);
        if (st == CK_OK && !(depth == 0 && kernel_mount(rel)))
            st = walk_dir(w, rel, depth + 1);
        break;
    case CK_FS_SYMLINK: {
        char *target = ck_fs_readlink(full);
        st = ck_layer_add(w->l, rel, target ? CK_NODE_SYMLINK : CK_NODE_FILE, target, NULL);
        free(target);
        break;
    }
    case CK_FS_FILE:
        st = ck_layer_add(w->l, rel, CK_NODE_FILE, NULL, &c);
        if (st == CK_OK && (c || !strcmp(w->l->nodes[w->l->last].path, rel)))
            st = read_file(w, full, rel, c);
        break;
    case CK_FS_NONE:
        break;
    default:
        st = ck_layer_add(w->l, rel, CK_NODE_FILE, NULL, NULL); /* devices, fifos, sockets */
        break;
    }
    free(full);
    return st;
}

static enum ck_status walk_dir(struct walk *w, const char *rel, int depth)
{
    struct names ns = {NULL, 0, 0, 0};
    char *full = *rel ? join(w->root, rel) : NULL;
    enum ck_status st = CK_OK;
    size_t i;

    if (*rel && !full)
        return CK_ERR_NOMEM;
    if (depth > MAX_DEPTH) {
        if (!w->too_deep++)
            st = ck_inventory_warn(&w->l->notes, "/%s: folders nested deeper than %d levels were not read", rel,
                                   MAX_DEPTH);
        w->l->notes.incomplete = 1;
        free(full);
        return st;
    }
    if (ck_dir_list(full ? full : w->root, add_name, &ns) != CK_OK && !ns.nomem) {
        w->l->notes.incomplete = 1;
        st = ck_inventory_warn(&w->l->notes, "cannot list /%s", rel);
    }
    if (ns.nomem)
        st = CK_ERR_NOMEM;
    if (ns.count > 1)
        qsort(ns.v, ns.count, sizeof *ns.v, cmp_name);
    for (i = 0; i < ns.count; i++) {
        char *child = *rel ? join(rel, ns.v[i]) : NULL;
        if (st == CK_OK && strcmp(ns.v[i], ".") && strcmp(ns.v[i], "..")) {
            if (*rel && !child)
                st = CK_ERR_NOMEM;
            else if (strlen(child ? child : ns.v[i]) <= CK_LAYER_MAX_PATH)
                st = visit_entry(w, child ? child : ns.v[i], depth);
        }
        free(child);
        free(ns.v[i]);
    }
    free(ns.v);
    free(full);
    return st;
}

enum ck_status ck_layer_walk_rootfs(struct ck_layer *l, const char *root, struct ck_err *err)
{
    struct walk w;
    enum ck_status st;

    memset(&w, 0, sizeof w);
    w.l = l;
    w.root = root;
    if (!(w.buf = malloc(READ_CHUNK)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    st = walk_dir(&w, "", 0);
    free(w.buf);
    if (st != CK_OK)
        return ck_err_set(err, st, "reading %s: %s", root, ck_status_str(st));
    return CK_OK;
}
