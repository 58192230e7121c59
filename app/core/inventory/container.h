/* An image's inventory read through the Docker engine: a container is created
 * from the image (never started), and the container is removed on every exit
 * path. With CK_INVENTORY_WALK its whole filesystem is streamed once
 * (GET /containers/{id}/export); without, only the package databases are
 * copied out (GET /containers/{id}/archive). */
#ifndef CK_INVENTORY_CONTAINER_H
#define CK_INVENTORY_CONTAINER_H

#include "docker/engine.h"
#include "inventory/inventory.h"

/* Fills inv (initialised, empty) from image, which the engine must have.
 * *digest (may be NULL) gets the image's repository digest, else its id
 * (malloc'd). flags: CK_INVENTORY_WALK, CK_INVENTORY_FILES. cancel (may be NULL) stops the copy with CK_ERR_CANCELLED. */
enum ck_status ck_inventory_from_engine(struct ck_engine *e, const char *image, unsigned flags,
                                        const ck_atomic_flag *cancel, struct ck_inventory *inv, char **digest,
                                        struct ck_err *err);

/* The image's ID as the engine has it ("sha256:<config digest>"), malloc'd;
 * *digest (may be NULL) gets what ck_inventory_from_engine would give. */
enum ck_status ck_inventory_image_id(struct ck_engine *e, const char *image, char **id, char **digest,
                                     struct ck_err *err);

#endif
