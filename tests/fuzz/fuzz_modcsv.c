/* libFuzzer target: OSV's modified_id.csv ("<RFC 3339 modified>,<id>" lines,
 * newest first), as an incremental update reads it. The ids found are newer
 * than the cut-off, unique, non-empty, without NUL or line breaks, and at
 * most max + 1 of them; reading twice gives the same list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/osvfeed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_osvfeed_ids a = {NULL, 0, 0}, b = {NULL, 0, 0};
    /* the first byte picks the cut-off and the limit */
    int64_t since = size ? (int64_t)data[0] * 86400 * 1000000LL * 30 : 0;
    size_t max = size ? (size_t)(data[0] % 17) : 5, i, j;
    const char *csv = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;

    if (ck_osvfeed_newer_ids(csv, len, since, max, &a) == CK_OK &&
        ck_osvfeed_newer_ids(csv, len, since, max, &b) == CK_OK) {
        if (a.count != b.count || a.count > max + 1)
            abort();
        for (i = 0; i < a.count; i++) {
            if (!a.ids[i][0] || strcmp(a.ids[i], b.ids[i]) || strpbrk(a.ids[i], "\n"))
                abort();
            for (j = 0; j < i; j++)
                if (!strcmp(a.ids[i], a.ids[j]))
                    abort();
        }
    }
    ck_osvfeed_ids_release(&a);
    ck_osvfeed_ids_release(&b);
    return 0;
}
