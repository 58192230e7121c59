/* Which vulnerability data the images in the history need: per ecosystem
 * (an OS release such as "Debian:13" or "Alpine:v3.22", a language
 * ecosystem such as "npm"), how many images need it. An image is a
 * repository:tag, read in its latest successful scan of ours; it needs its
 * OS release and the ecosystem of each application package found in it. */
#ifndef CK_STORE_NEEDED_H
#define CK_STORE_NEEDED_H

#include <stddef.h>

#include "util/status.h"

struct ck_history;

struct ck_needed_ecosystem {
    char *name;    /* OSV's spelling, as the scans stored it */
    size_t images; /* distinct repository:tag whose latest scan needs it */
};

/* Every ecosystem needed, sorted by name (*list malloc'd, free with
 * ck_needed_ecosystems_free; none gives NULL and 0). On failure the
 * outputs are untouched. */
enum ck_status ck_history_needed_ecosystems(struct ck_history *h, struct ck_needed_ecosystem **list, size_t *count,
                                            struct ck_err *err);
void ck_needed_ecosystems_free(struct ck_needed_ecosystem *list, size_t count);

#endif
