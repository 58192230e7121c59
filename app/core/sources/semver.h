/* Semantic versions (SemVer 2.0.0) as image tags carry them.
 *
 * Accepted: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], numbers without leading
 * zeros, pre-release and build identifiers of [0-9A-Za-z-], numeric
 * pre-release identifiers without leading zeros. A leading 'v' or 'V' is
 * allowed ("v1.2.3"). Because a Docker tag cannot hold '+', tags commonly
 * write build metadata after '_' ("1.2.3_build.7"); ck_semver_parse_tag reads
 * '_' that way too.
 *
 * Precedence (SemVer 2.0.0 section 11): major, minor, patch numerically; a
 * pre-release is below its release; pre-release identifiers compare left to
 * right, numeric ones numerically and below alphanumeric ones, which compare
 * in ASCII order; a shorter list is below a longer one it begins. Build
 * metadata is ignored. */
#ifndef CK_SEMVER_H
#define CK_SEMVER_H

#include <stddef.h>

/* Views into the parsed text (which must outlive it). Numbers are kept as
 * digit strings, so any size compares correctly. */
struct ck_semver {
    const char *major, *minor, *patch;
    size_t major_len, minor_len, patch_len;
    const char *pre;   /* NULL when none */
    size_t pre_len;
    const char *build; /* NULL when none */
    size_t build_len;
};

/* Returns 1 and fills *out when text is a semantic version, else 0. */
int ck_semver_parse(const char *text, struct ck_semver *out);
/* The same, also reading '_' as the build-metadata separator. */
int ck_semver_parse_tag(const char *text, struct ck_semver *out);

/* <0, 0, >0 as a has lower, equal or higher precedence than b. */
int ck_semver_compare(const struct ck_semver *a, const struct ck_semver *b);

#endif
