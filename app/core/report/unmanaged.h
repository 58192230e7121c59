/* The unmanaged files of an inventory (regular files no package manager
 * owns and no cataloger claimed), grouped by folder for a reviewer: text
 * for the console or JSON. Configuration under /etc is one group of its
 * own, after the software. */
#ifndef CK_REPORT_UNMANAGED_H
#define CK_REPORT_UNMANAGED_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"

struct ck_unmanaged_group {
    char *folder;   /* "/usr/local/bin", or "/etc (configuration)" */
    size_t first;   /* index of its first file in inv->unmanaged order of the group list */
    size_t count;
    uint64_t bytes;
    size_t binaries; /* executables and libraries */
};

/* Groups inv->unmanaged (sorted by path) by folder; *files gets the indexes
 * of the files in group order (configuration last). Caller frees both
 * (ck_unmanaged_groups_free). */
enum ck_status ck_unmanaged_group(const struct ck_inventory *inv, struct ck_unmanaged_group **groups,
                                  size_t *count, size_t **files);
void ck_unmanaged_groups_free(struct ck_unmanaged_group *groups, size_t count, size_t *files);

/* subject: what was read. *out malloc'd, ends with a newline. */
enum ck_status ck_unmanaged_render_text(const struct ck_inventory *inv, const char *subject, char **out);
enum ck_status ck_unmanaged_render_json(const struct ck_inventory *inv, const char *subject, char **out);

#endif
