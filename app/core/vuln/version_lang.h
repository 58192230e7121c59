/* Version orderings of the language ecosystems, one module each, as OSV's
 * records of those ecosystems are ordered. Every function takes
 * NUL-terminated strings (NULL is ""), returns <0, 0 or >0 as a sorts before,
 * equal to or after b, and is a total order on any input: a string that is
 * not a version of the scheme sorts before every version that is, and such
 * strings sort among themselves by their bytes. Numbers of any length
 * compare as numbers. version_maven.c allocates (freed before it returns;
 * on failure it falls back to byte order); the others allocate nothing. */
#ifndef CK_VERSION_LANG_H
#define CK_VERSION_LANG_H

/* SemVer 2.0 as OSV's SEMVER ranges read it (npm, crates.io): an optional
 * 'v', MAJOR[.MINOR[.PATCH]] (missing parts are 0), -prerelease identifiers
 * (numeric ones by value and before alphanumeric ones, which compare by
 * bytes; a release after its prereleases), +build ignored. */
int ck_version_compare_semver(const char *a, const char *b);

/* Go modules (golang.org/x/mod/semver's rules, with or without the 'v'
 * OSV drops): vMAJOR[.MINOR[.PATCH[-pre][+build]]], no leading zeros;
 * "+incompatible" is build metadata; pseudo-versions order by their base
 * and then their timestamp through the prerelease rules. */
int ck_version_compare_go(const char *a, const char *b);

/* PyPI, PEP 440 as the packaging library reads it: [N!]N(.N)*[{a|b|rc}N]
 * [.postN][.devN][+local], with the spellings it normalises (case, a
 * leading 'v', alpha/beta/c/pre/preview, rev/r, "1.0-1", separators,
 * implicit numbers). */
int ck_version_compare_pep440(const char *a, const char *b);
/* 1 when v is a PEP 440 version (packaging.version.Version accepts it). */
int ck_version_pep440_valid(const char *v);

/* Maven's ComparableVersion (maven-artifact 3.8/3.9): items split at '.',
 * '-' and digit/letter transitions, qualifiers alpha < beta < milestone <
 * rc = cr < snapshot < "" = ga = final = release < sp < unknown ones (in
 * lexical order), a/b/m before a digit meaning alpha/beta/milestone,
 * trailing zero items dropped ("1.0.0" = "1"). Any string is a version. */
int ck_version_compare_maven(const char *a, const char *b);

/* RubyGems' Gem::Version: segments at dots and digit/letter boundaries
 * ('-' stands for ".pre."), a string segment before any number, trailing
 * zeros of the release and of the prerelease part dropped. */
int ck_version_compare_rubygems(const char *a, const char *b);
int ck_version_rubygems_valid(const char *v);

/* NuGet: MAJOR[.MINOR[.PATCH[.REVISION]]][-label(.label)*][+metadata],
 * leading zeros allowed, labels compared ignoring case (numeric ones by
 * value, before the others), metadata ignored. */
int ck_version_compare_nuget(const char *a, const char *b);

/* Packagist: Composer's VersionParser normalisation (v prefix, four
 * numeric parts, date versions, stability suffixes, "@stability" flags,
 * +build dropped, 1.x-dev branches), then Composer's comparison of the
 * normalised forms: -dev < alpha < beta < RC < stable < patch. Branches
 * ("dev-foo", "master") sort before every version; Composer leaves two
 * branches unordered, here they sort by their bytes. */
int ck_version_compare_packagist(const char *a, const char *b);
/* Composer's normal form of v into out (size n); 0 on success, -1 when
 * Composer rejects v or out is too small. */
int ck_version_packagist_normalize(const char *v, char *out, unsigned n);

#endif
