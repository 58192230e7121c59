/* Inside the inventory module: the catalogers of application packages, one
 * per ecosystem and file format, behind one small interface: which files it
 * reads (by their absolute path in the image) and what it makes of their
 * bytes. The walk hands each regular file to the first cataloger that
 * wants it; programs (Go, Rust) are read by fileprobe.c from their bytes
 * instead, whatever their path. */
#ifndef CK_INVENTORY_CATALOG_H
#define CK_INVENTORY_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/lang/langtext.h"

/* How the walk treats what a cataloger finds. */
enum ck_catalog_role {
    CK_CATALOG_INSTALLED, /* metadata of installed packages: always kept */
    CK_CATALOG_LOCK       /* a lock file: kept only where no installed tree is beside it */
};

struct ck_cataloger {
    const char *name; /* "npm", "python", ... for messages */
    const char *ecosystem;
    enum ck_catalog_role role;
    uint64_t max_bytes; /* larger files are not read (a warning says so) */
    int (*wants)(const char *path);
    enum ck_status (*parse)(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                            struct ck_err *err);
};

/* The cataloger of the file at path (absolute, '/'-separated), or NULL. */
const struct ck_cataloger *ck_catalog_find(const char *path);

/* For a lock file at path: the folder beside it whose presence means the
 * packages are installed there (and read from their own metadata):
 * "<dir>/node_modules" for npm, "<dir>/vendor" for Composer, ...; written
 * to dst (cap bytes, no leading '/'); 0 when the cataloger has none. */
int ck_catalog_installed_beside(const struct ck_cataloger *c, const char *path, char *dst, size_t cap);

#endif
