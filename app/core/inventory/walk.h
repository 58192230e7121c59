/* Inside the inventory module: what the whole-filesystem walk makes of an
 * image's merged view, once its OS packages are read:
 *   - ownership: every file the package managers say they installed
 *     (dpkg's info/<package>.list, apk's and rpm's file lists), resolved through
 *     the image's own symbolic links (merged /usr: /lib -> usr/lib);
 *   - application packages: what the catalogers and program readers found
 *     in the files still visible, each with its location and, when an OS
 *     package owns the file it was read from, that package as its owner;
 *     lock files only where no installed tree is beside them;
 *   - unmanaged files: regular files nobody owns and no cataloger claimed,
 *     less what is written at run time (see ck_walk_runtime_path).
 * The caller's inventory gains packages, unmanaged files and warnings. */
#ifndef CK_INVENTORY_WALK_H
#define CK_INVENTORY_WALK_H

#include "inventory/inventory.h"
#include "inventory/overlay.h"

enum ck_status ck_walk_assemble(const struct ck_overlay *view, struct ck_inventory *inv, struct ck_err *err);

/* 1 for a cleaned image path ("var/log/x") whose contents are made while
 * the container runs, or by the package managers for themselves: never
 * counted as unmanaged software. */
int ck_walk_runtime_path(const char *clean_path);

#endif
