#include "inventory/overlay.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HARDLINK_HOPS 8

void ck_overlay_init(struct ck_overlay *o)
{
    memset(o, 0, sizeof *o);
    ck_pathmap_init(&o->index);
}

void ck_overlay_release(struct ck_overlay *o)
{
    free(o->nodes);
    ck_pathmap_release(&o->index);
    ck_overlay_init(o);
}

const struct ck_node *ck_overlay_get(const struct ck_overlay *o, const char *path)
{
    size_t i;
    return ck_pathmap_get(&o->index, path, &i) ? o->nodes[i] : NULL;
}

/* Squeezes the holes out of the table, keeping the order of the rest. The
 * index holds no more keys than before, so re-filling it needs no memory. */
static enum ck_status compact(struct ck_overlay *o)
{
    size_t i, n = 0;

    ck_pathmap_clear(&o->index);
    for (i = 0; i < o->count; i++) {
        if (!o->nodes[i])
            continue;
        o->nodes[n] = o->nodes[i];
        if (ck_pathmap_put(&o->index, o->nodes[n]->path, n) != CK_OK)
            return CK_ERR_NOMEM;
        n++;
    }
    o->count = n;
    o->holes = 0;
    return CK_OK;
}

static enum ck_status append(struct ck_overlay *o, const struct ck_node *node)
{
    if (o->count == o->cap && o->holes * 2 >= o->count && o->count && compact(o) != CK_OK)
        return CK_ERR_NOMEM;
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        const struct ck_node **p = realloc(o->nodes, cap * sizeof *p);
        if (!p)
            return CK_ERR_NOMEM;
        o->nodes = p;
        o->cap = cap;
    }
    if (ck_pathmap_put(&o->index, node->path, o->count) != CK_OK)
        return CK_ERR_NOMEM;
    o->nodes[o->count++] = node;
    return CK_OK;
}

static void remove_at(struct ck_overlay *o, size_t i)
{
    ck_pathmap_remove(&o->index, o->nodes[i]->path);
    o->nodes[i] = NULL;
    o->holes++;
}

/* Removes everything below dir ("" = the root: everything). Only a folder
 * on the way to a candidate path can have nodes below it (see ck_node). */
static void remove_below(struct ck_overlay *o, const char *dir)
{
    size_t n = strlen(dir), i;

    if (n && ck_layer_classify(dir) != CK_CAND_DIR)
        return;
    for (i = 0; i < o->count; i++) {
        const struct ck_node *x = o->nodes[i];
        if (x && (n == 0 || (!strncmp(x->path, dir, n) && x->path[n] == '/')))
            remove_at(o, i);
    }
}

/* A whiteout: the path and whatever is below it. */
static void remove_tree(struct ck_overlay *o, const char *path)
{
    size_t i;
    if (ck_pathmap_get(&o->index, path, &i)) {
        int dir = o->nodes[i]->kind == CK_NODE_DIR;
        remove_at(o, i);
        if (!dir)
            return;
    }
    remove_below(o, path);
}

/* One entry over the view: a folder over a folder keeps what is below it;
 * anything else replaces the node there (in its place in the table) and,
 * over a folder, what was below it. */
static enum ck_status set(struct ck_overlay *o, const struct ck_node *n)
{
    size_t i;

    if (!ck_pathmap_get(&o->index, n->path, &i))
        return append(o, n);
    if (o->nodes[i]->kind == CK_NODE_DIR && n->kind != CK_NODE_DIR)
        remove_below(o, n->path);
    o->nodes[i] = n;
    return ck_pathmap_put(&o->index, n->path, i);
}

enum ck_status ck_overlay_apply(struct ck_overlay *o, const struct ck_layer *l)
{
    size_t i;

    for (i = 0; i < l->count; i++) {
        const struct ck_node *n = &l->nodes[i];
        if (n->kind == CK_NODE_WHITEOUT)
            remove_tree(o, n->path);
        else if (n->kind == CK_NODE_OPAQUE)
            remove_below(o, n->path);
    }
    for (i = 0; i < l->count; i++) {
        const struct ck_node *n = &l->nodes[i];
        if (n->kind != CK_NODE_WHITEOUT && n->kind != CK_NODE_OPAQUE && set(o, n) != CK_OK)
            return CK_ERR_NOMEM;
    }
    return CK_OK;
}

const char *ck_overlay_link(void *ctx, const char *path)
{
    const struct ck_node *n = ck_overlay_get(ctx, path);
    return n && n->kind == CK_NODE_SYMLINK ? n->target : NULL;
}

const struct ck_node *ck_overlay_file(const struct ck_overlay *o, const char *path, char **resolved,
                                      struct ck_err *err, enum ck_status *st)
{
    const struct ck_node *n = NULL;
    char *r = NULL;
    int hops;

    *st = CK_OK;
    for (hops = 0; hops <= MAX_HARDLINK_HOPS; hops++) {
        char *next = NULL;
        *st = ck_tar_path_resolve(path, 1, ck_overlay_link, (void *)o, &next, err);
        if (*st != CK_OK) {
            if (*st != CK_ERR_NOMEM)
                *st = CK_OK; /* a link loop: no such file */
            n = NULL;
            break;
        }
        free(r);
        r = next;
        n = ck_overlay_get(o, r);
        if (!n || n->kind != CK_NODE_HARDLINK)
            break;
        path = n->target;
    }
    if (n && n->kind != CK_NODE_FILE)
        n = NULL;
    if (n && resolved) {
        *resolved = r;
        r = NULL;
    }
    free(r);
    return n;
}
