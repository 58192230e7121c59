/* Inside the inventory module: a `docker save` archive read as one stream.
 * Every layer-like entry (legacy "<id>/layer.tar", OCI "blobs/<alg>/<hex>"
 * holding a tar, plain or compressed with gzip or zstd: the media types
 * ...layer.v1.tar, +gzip, +zstd and Docker's rootfs.diff.tar.gzip) becomes
 * a layer as it streams by, recognised by its first bytes, not by the
 * media type the manifest gives it;
 * manifest.json, index.json and JSON blobs are kept (capped). When the
 * stream is over, the manifest gives the layers' order, whatever order they
 * came in: legacy manifest.json first, else the OCI index (nested indexes
 * followed; linux/amd64 preferred, attestations skipped). */
#ifndef CK_INVENTORY_IMAGE_H
#define CK_INVENTORY_IMAGE_H

#include "inventory/layer.h"

struct ck_image_archive;

enum ck_status ck_image_archive_new(struct ck_image_archive **out, const char *name,
                                    const struct ck_inventory_limits *lim, unsigned flags,
                                    struct ck_layer_budget *budget);
void ck_image_archive_free(struct ck_image_archive *a);
/* Errors: out of memory only; a damaged archive is reported by _layers. */
enum ck_status ck_image_archive_feed(struct ck_image_archive *a, const void *data, size_t len, struct ck_err *err);
enum ck_status ck_image_archive_end(struct ck_image_archive *a, struct ck_err *err);
/* The image's layers bottom to top (*layers malloc'd; the layers stay owned
 * by a). Notes (an archive of several images, missing layers, damage after
 * the manifest, a manifest naming more than 256 layers: the lowest 256 are
 * used) go to notes. Fails when the order cannot be known.
 *
 * A layer the manifest names more than once (by the same name or through a
 * link to the same blob) is applied once, at its last place. Its last
 * application sets again every path the layer touches (its entries,
 * whiteouts and opaque folders), and an earlier one left every other path
 * as it was, so the earlier ones change nothing in the result. Its first
 * place would not do: a layer in between may remove or replace its files,
 * and the later application puts them back. */
enum ck_status ck_image_archive_layers(struct ck_image_archive *a, struct ck_layer ***layers, size_t *count,
                                       struct ck_inventory *notes, struct ck_err *err);

#endif
