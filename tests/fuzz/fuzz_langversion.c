/* libFuzzer target for the language ecosystems' version orderings: the
 * first byte picks the scheme (SemVer, Go, PEP 440, Maven, RubyGems,
 * NuGet, Packagist), the rest is two versions separated by the first NUL
 * (or cut in half when there is none). Besides never crashing, each order
 * must be reflexive and antisymmetric, and Packagist's normal form must be
 * deterministic; a violation aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/vercmp.h"
#include "vuln/version_lang.h"

static int sgn(int v) { return (v > 0) - (v < 0); }

static const enum ck_version_scheme schemes[] = {
    CK_VERSION_SEMVER, CK_VERSION_GO,    CK_VERSION_PEP440,    CK_VERSION_MAVEN,
    CK_VERSION_RUBYGEMS, CK_VERSION_NUGET, CK_VERSION_PACKAGIST,
};

static void check_order(enum ck_version_scheme s, const char *a, const char *b)
{
    if (sgn(ck_version_compare(s, a, b)) != -sgn(ck_version_compare(s, b, a)))
        abort();
    if (ck_version_compare(s, a, a) != 0 || ck_version_compare(s, b, b) != 0)
        abort();
}

/* Packagist's normal form: the same every time, and a branch's keeps its
 * "dev-" prefix. (Composer's normalisation is not idempotent: the date
 * 9911-9999 becomes 9911.9999, which reads again as 9911.9999.0.0.) */
static void check_normal_form(const char *v)
{
    char n1[1024], n2[1024];
    int r1 = ck_version_packagist_normalize(v, n1, sizeof n1);
    int r2 = ck_version_packagist_normalize(v, n2, sizeof n2);
    if (r1 != r2 || (r1 == 0 && strcmp(n1, n2)))
        abort();
    if (r1 == 0 && !strncmp(v, "dev-", 4) && strncmp(n1, "dev-", 4))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum ck_version_scheme s;
    const uint8_t *nul;
    size_t la;
    char *a, *b;

    if (size < 1)
        return 0;
    s = schemes[data[0] % (sizeof schemes / sizeof schemes[0])];
    data++;
    size--;
    nul = memchr(data, 0, size);
    la = nul ? (size_t)(nul - data) : size / 2;
    a = malloc(la + 1);
    b = malloc(size - la + 1);
    if (!a || !b) {
        free(a);
        free(b);
        return 0;
    }
    memcpy(a, data, la);
    a[la] = '\0';
    la += nul ? 1 : 0;
    memcpy(b, data + la, size - la);
    b[size - la] = '\0'; /* a NUL inside b ends it early: fine */
    check_order(s, a, b);
    if (s == CK_VERSION_PACKAGIST) {
        check_normal_form(a);
        check_normal_form(b);
    }
    (void)ck_version_pep440_valid(a);
    (void)ck_version_rubygems_valid(b);
    free(a);
    free(b);
    return 0;
}
