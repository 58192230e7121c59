#include "inventory/overlay.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HARDLINK_HOPS 8

void ck_overlay_init(struct ck_overlay *o)
{
    memset(o, 0, sizeof *o);
    ck_pathmap_init(&o->index);
    ck_pathmap_init(&o->cuts);
}

void ck_overlay_release(struct ck_overlay *o)
{
    free(o->nodes);
    free(o->stamps);
    ck_pathmap_release(&o->index);
    ck_pathmap_release(&o->cuts);
    ck_overlay_init(o);
}

/* Whether a folder above path (the root included) was emptied after stamp. */
static int cut_after(const struct ck_overlay *o, const char *path, size_t stamp)
{
    char prefix[CK_LAYER_MAX_PATH + 1];
    size_t n = strlen(path), k, when;

    if (o->cuts.live == 0)
        return 0;
    if (n > CK_LAYER_MAX_PATH)
        n = CK_LAYER_MAX_PATH;
    for (k = 0; k < n; k++) { /* "" first, then each folder above path */
        if (k && path[k] != '/')
            continue;
        memcpy(prefix, path, k);
        prefix[k] = '\0';
        if (ck_pathmap_get(&o->cuts, prefix, &when) && when > stamp)
            return 1;
    }
    return 0;
}

const struct ck_node *ck_overlay_at(const struct ck_overlay *o, size_t i)
{
    if (i >= o->count || !o->nodes[i] || cut_after(o, o->nodes[i]->path, o->stamps[i]))
        return NULL;
    return o->nodes[i];
}

const struct ck_node *ck_overlay_get(const struct ck_overlay *o, const char *path)
{
    size_t i;
    return ck_pathmap_get(&o->index, path, &i) ? ck_overlay_at(o, i) : NULL;
}

/* Squeezes the holes (and the nodes a cut removed) out of the table,
 * keeping the order of the rest. The index holds no more keys than before,
 * so re-filling it needs no memory. */
static enum ck_status compact(struct ck_overlay *o)
{
    size_t i, n = 0;

    ck_pathmap_clear(&o->index);
    for (i = 0; i < o->count; i++) {
        if (!ck_overlay_at(o, i))
            continue;
        o->nodes[n] = o->nodes[i];
        o->stamps[n] = o->stamps[i];
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
        size_t *s;
        if (!p)
            return CK_ERR_NOMEM;
        o->nodes = p;
        if (!(s = realloc(o->stamps, cap * sizeof *s)))
            return CK_ERR_NOMEM;
        o->stamps = s;
        o->cap = cap;
    }
    if (ck_pathmap_put(&o->index, node->path, o->count) != CK_OK)
        return CK_ERR_NOMEM;
    o->stamps[o->count] = ++o->clock;
    o->nodes[o->count++] = node;
    return CK_OK;
}

static void remove_at(struct ck_overlay *o, size_t i)
{
    ck_pathmap_remove(&o->index, o->nodes[i]->path);
    o->nodes[i] = NULL;
    o->holes++;
}

/* Removes everything below dir ("" = the root: everything). dir is a
 * node's path, which outlives the overlay. */
static enum ck_status remove_below(struct ck_overlay *o, const char *dir)
{
    return ck_pathmap_put(&o->cuts, dir, ++o->clock);
}

/* A whiteout: the path and whatever is below it. */
static enum ck_status remove_tree(struct ck_overlay *o, const char *path)
{
    size_t i;
    if (ck_pathmap_get(&o->index, path, &i))
        remove_at(o, i);
    return remove_below(o, path);
}

/* One entry over the view: a folder over a folder keeps what is below it;
 * anything else replaces the node there (in its place in the table) and,
 * over a folder, what was below it. */
static enum ck_status set(struct ck_overlay *o, const struct ck_node *n)
{
    size_t i;
    const struct ck_node *old;

    if (!ck_pathmap_get(&o->index, n->path, &i))
        return append(o, n);
    old = ck_overlay_at(o, i);
    if (n->kind != CK_NODE_DIR && (!old || old->kind == CK_NODE_DIR) && remove_below(o, n->path) != CK_OK)
        return CK_ERR_NOMEM;
    o->nodes[i] = n;
    o->stamps[i] = ++o->clock;
    return ck_pathmap_put(&o->index, n->path, i);
}

enum ck_status ck_overlay_apply(struct ck_overlay *o, const struct ck_layer *l)
{
    size_t i;

    for (i = 0; i < l->count; i++) {
        const struct ck_node *n = &l->nodes[i];
        enum ck_status st = CK_OK;
        if (n->kind == CK_NODE_WHITEOUT)
            st = remove_tree(o, n->path);
        else if (n->kind == CK_NODE_OPAQUE)
            st = remove_below(o, n->path);
        if (st != CK_OK)
            return st;
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
