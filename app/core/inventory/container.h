/* An image's inventory read through the Docker engine: a container is created
 * from the image (never started), only the package databases are copied out
 * with GET /containers/{id}/archive, and the container is removed on every
 * exit path. */
#ifndef CK_INVENTORY_CONTAINER_H
#define CK_INVENTORY_CONTAINER_H

#include "docker/engine.h"
#include "inventory/inventory.h"

/* Fills inv (initialised, empty) from image, which the engine must have.
 * *digest (may be NULL) gets the image's repository digest, else its id
 * (malloc'd). cancel (may be NULL) stops the copy with CK_ERR_CANCELLED. */
enum ck_status ck_inventory_from_engine(struct ck_engine *e, const char *image, const ck_atomic_flag *cancel,
                                        struct ck_inventory *inv, char **digest, struct ck_err *err);

#endif
