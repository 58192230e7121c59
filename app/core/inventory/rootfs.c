/* Reading the candidate paths of an image's root folder (a plain folder on
 * this machine) into a layer. Every folder on the way is looked at without
 * following symbolic links: a link becomes a node that the collector
 * resolves inside the image, so an absolute link never reaches this
 * machine's own files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/layer.h"
#include "platform/dir.h"
#include "platform/platform.h"

#define READ_CHUNK (256 * 1024)

static char *join(const char *root, const char *path)
{
    size_t rn = strlen(root), pn = strlen(path);
    char *s = malloc(rn + 1 + pn + 1);
    if (!s)
        return NULL;
    memcpy(s, root, rn);
    if (rn && root[rn - 1] != '/' && root[rn - 1] != '\\')
        s[rn++] = '/';
    memcpy(s + rn, path, pn + 1);
    return s;
}

static enum ck_status stream_file(struct ck_layer *l, const char *full, struct ck_content *c)
{
    FILE *f = ck_fopen(full, "rb");
    unsigned char *buf = NULL;
    enum ck_status st = CK_OK;
    int complete = 1;

    if (!f) {
        complete = 0;
        st = ck_inventory_warn(&l->notes, "cannot open %s: %s", c->label, strerror(errno));
        l->notes.incomplete = 1;
        goto cleanup;
    }
    buf = malloc(READ_CHUNK);
    if (!buf) {
        st = CK_ERR_NOMEM;
        goto cleanup;
    }
    while (!ck_content_full(c)) {
        size_t n = fread(buf, 1, READ_CHUNK, f);
        if (n && (st = ck_content_feed(c, buf, n)) != CK_OK)
            goto cleanup;
        if (n < READ_CHUNK) {
            if (ferror(f)) {
                complete = 0;
                st = ck_inventory_warn(&l->notes, "error reading %s", c->label);
                l->notes.incomplete = 1;
            }
            break;
        }
    }
cleanup:
    if (st == CK_OK)
        st = ck_content_end(c, complete);
    else
        ck_content_end(c, 0);
    if (f)
        fclose(f);
    free(buf);
    return st;
}

/* Walks clean's folders from the root, adding a node for each; stops at a
 * link, a missing path or a file. */
static enum ck_status visit(struct ck_layer *l, const char *root, const char *clean)
{
    size_t len = strlen(clean), end = 0;
    enum ck_status st = CK_OK;
    char *prefix = malloc(len + 1);

    if (!prefix)
        return CK_ERR_NOMEM;
    while (st == CK_OK && end < len) {
        const struct ck_node *seen;
        enum ck_fs_kind kind;
        char *full;

        size_t start = end ? end + 1 : 0; /* the next component */

        end = start + strcspn(clean + start, "/");
        memcpy(prefix, clean, end);
        prefix[end] = '\0';
        seen = ck_layer_find(l, prefix);
        if (seen) {
            if (seen->kind != CK_NODE_DIR)
                break;
            continue;
        }
        full = join(root, prefix);
        if (!full) {
            st = CK_ERR_NOMEM;
            break;
        }
        kind = ck_fs_kind_of(full);
        if (kind == CK_FS_DIR) {
            st = ck_layer_add(l, prefix, CK_NODE_DIR, NULL, NULL);
        } else if (kind == CK_FS_SYMLINK) {
            char *target = ck_fs_readlink(full);
            /* an unreadable link stays a dead end */
            st = ck_layer_add(l, prefix, target ? CK_NODE_SYMLINK : CK_NODE_FILE, target, NULL);
            free(target);
            kind = CK_FS_NONE;
        } else if (kind == CK_FS_FILE && end == len) {
            struct ck_content *c = NULL;
            st = ck_layer_add(l, prefix, CK_NODE_FILE, NULL, &c);
            if (st == CK_OK && c)
                st = stream_file(l, full, c);
        } else if (kind != CK_FS_NONE) {
            st = ck_layer_add(l, prefix, CK_NODE_FILE, NULL, NULL);
        }
        free(full);
        if (kind != CK_FS_DIR)
            break;
    }
    free(prefix);
    return st;
}

struct listing {
    char **names;
    size_t count, cap;
    int nomem;
};

static int collect_name(void *ctx, const char *name)
{
    struct listing *ls = ctx;
    char *c;
    if (ls->count == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 32;
        char **p = realloc(ls->names, cap * sizeof *p);
        if (!p) {
            ls->nomem = 1;
            return 1;
        }
        ls->names = p;
        ls->cap = cap;
    }
    c = malloc(strlen(name) + 1);
    if (!c) {
        ls->nomem = 1;
        return 1;
    }
    strcpy(c, name);
    ls->names[ls->count++] = c;
    return 0;
}

/* The per-package files of distroless images. */
static enum ck_status visit_status_d(struct ck_layer *l, const char *root)
{
    static const char dir[] = "var/lib/dpkg/status.d";
    const struct ck_node *n = ck_layer_find(l, dir);
    struct listing ls = {NULL, 0, 0, 0};
    enum ck_status st = CK_OK;
    char *full;
    size_t i;

    if (!n || n->kind != CK_NODE_DIR)
        return CK_OK;
    full = join(root, dir);
    if (!full)
        return CK_ERR_NOMEM;
    if (ck_dir_list(full, collect_name, &ls) != CK_OK) {
        st = ck_inventory_warn(&l->notes, "cannot list /%s", dir);
        l->notes.incomplete = 1;
    }
    if (ls.nomem)
        st = CK_ERR_NOMEM;
    for (i = 0; i < ls.count; i++) {
        char *p = join(dir, ls.names[i]);
        if (!p)
            st = CK_ERR_NOMEM;
        else if (st == CK_OK && ck_layer_classify(p) == CK_CAND_DPKG_STATUS_D)
            st = visit(l, root, p);
        free(p);
        free(ls.names[i]);
    }
    free(ls.names);
    free(full);
    return st;
}

enum ck_status ck_layer_read_rootfs(struct ck_layer *l, const char *root, struct ck_err *err)
{
    const char *const *p;
    enum ck_status st = CK_OK;

    if (!ck_is_dir(root))
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s is not a folder", root);
    if (l->walk)
        return ck_layer_walk_rootfs(l, root, err);
    for (p = ck_inventory_paths(); *p && st == CK_OK; p++)
        st = visit(l, root, *p + 1);
    if (st == CK_OK)
        st = visit_status_d(l, root);
    if (st != CK_OK)
        return ck_err_set(err, st, "reading %s: %s", root, ck_status_str(st));
    return CK_OK;
}
