/* libFuzzer target: any input given to the CVSS parser. A vector that
 * parses must carry a score in range and its own text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    struct ck_cvss c;
    struct ck_err err;

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (ck_cvss_parse(s, &c, &err) == CK_OK) {
        if (c.score10 != CK_CVSS_NO_SCORE && (c.score10 < 0 || c.score10 > 100))
            abort();
        if (strlen(c.vector) >= CK_CVSS_VECTOR_MAX || !strstr(s, c.vector))
            abort();
    }
    free(s);
    return 0;
}
