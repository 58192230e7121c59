/* Inside the inventory module: the image's layers laid over each other, as
 * a map from each cleaned image path to the topmost node there. The nodes
 * stay owned by their layers, which must outlive the overlay.
 * struct ck_overlay is caller-owned (ck_overlay_init / _release).
 *
 * A node that replaces another at the same path takes its place in the
 * table: applying layers that rewrite the same paths again and again does
 * not grow it. Removed nodes leave holes that are squeezed out when the
 * table would otherwise grow. Any path may have nodes below it (the whole
 * filesystem walk keeps every entry). */
#ifndef CK_INVENTORY_OVERLAY_H
#define CK_INVENTORY_OVERLAY_H

#include <stddef.h>

#include "inventory/layer.h"
#include "inventory/pathmap.h"

struct ck_overlay {
    const struct ck_node **nodes; /* NULL where a node was removed */
    size_t *stamps;               /* when each node was set: later than the cuts it survives */
    size_t count, cap;
    size_t holes; /* NULLs among nodes[0..count) */
    struct ck_pathmap index; /* path -> position in nodes */
    /* Removing a folder's contents is lazy: the folder's path -> the stamp of
     * its last removal; a node below it set before then is gone. One entry
     * per removal instead of a pass over the table keeps a layer full of
     * whiteouts over a large image linear. */
    struct ck_pathmap cuts;
    size_t clock;
};

void ck_overlay_init(struct ck_overlay *o);
void ck_overlay_release(struct ck_overlay *o);
/* Lays l over what is there: its whiteouts hide the lower layers only, so
 * they go first; then its entries in archive order. Errors: out of memory. */
enum ck_status ck_overlay_apply(struct ck_overlay *o, const struct ck_layer *l);
/* The node at position i of the table when it is still there, else NULL
 * (for walking every node: i from 0 to o->count). */
const struct ck_node *ck_overlay_at(const struct ck_overlay *o, size_t i);
/* The topmost node at a cleaned path, or NULL. */
const struct ck_node *ck_overlay_get(const struct ck_overlay *o, const char *path);
/* A ck_tar_path_resolve link callback over an overlay (ctx). */
const char *ck_overlay_link(void *ctx, const char *path);
/* The regular file at an image path after symbolic and hard links, or NULL
 * (a link loop finds nothing). *st is CK_OK unless out of memory (err
 * filled). When resolved is not NULL and a file is found, *resolved gets
 * its cleaned path (malloc'd; the caller frees it). */
const struct ck_node *ck_overlay_file(const struct ck_overlay *o, const char *path, char **resolved,
                                      struct ck_err *err, enum ck_status *st);

#endif
