/* libFuzzer target: the input's two halves are two versions, compared under
 * every scheme. Besides never crashing, each total order must be
 * antisymmetric and reflexive; a violation aborts (and is reported). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/vercmp.h"

static int sgn(int v) { return (v > 0) - (v < 0); }

static void check_order(int (*cmp)(const char *, const char *), const char *a, const char *b)
{
    if (sgn(cmp(a, b)) != -sgn(cmp(b, a)) || cmp(a, a) != 0 || cmp(b, b) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t half = size / 2;
    char *a = malloc(half + 1), *b = malloc(size - half + 1);
    int s;

    if (!a || !b) {
        free(a);
        free(b);
        return 0;
    }
    memcpy(a, data, half);
    a[half] = '\0';
    memcpy(b, data + half, size - half);
    b[size - half] = '\0';

    for (s = 0; s < CK_VERSION_SCHEME_COUNT; s++)
        (void)ck_version_compare((enum ck_version_scheme)s, a, b);
    check_order(ck_version_compare_deb, a, b);
    check_order(ck_version_compare_apk, a, b);
    check_order(ck_version_compare_rpm, a, b);
    check_order(ck_version_rpmvercmp, a, b);
    (void)ck_version_compare_rpm_bound(a, b);
    /* fuzzy: a version always matches itself */
    if (ck_version_compare_apk_fuzzy(a, a) != 0)
        abort();
    (void)ck_version_compare_apk_fuzzy(a, b);
    (void)ck_version_apk_valid(a);

    free(a);
    free(b);
    return 0;
}
