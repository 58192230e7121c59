/* The name a package is looked up by in the vulnerability database, as
 * each ecosystem compares names: PyPI by its PEP 503 normal form
 * ("Typing_Extensions" and "typing-extensions" are one project), NuGet and
 * Packagist case-insensitively (lower case), every other ecosystem
 * (OS packages, npm, Go module paths, Maven group:artifact, RubyGems,
 * crates.io) exactly as written. Records are stored under this key and
 * inventories looked up by it. */
#ifndef CK_PKGKEY_H
#define CK_PKGKEY_H

#include <stddef.h>

#define CK_PKGKEY_MAX 512

/* The key of name in ecosystem (case-insensitive ecosystem name), written
 * to buf (cap bytes) when it differs from name; returns buf or name. A name
 * too long for buf is returned as it is. */
const char *ck_package_key(const char *ecosystem, const char *name, char *buf, size_t cap);

/* The version as the ecosystem's records write it: Go's records give
 * module versions without the "v" of the module system ("v1.2.3" is
 * looked up as "1.2.3"); other versions are returned as they are. */
const char *ck_package_match_version(const char *ecosystem, const char *version);

#endif
