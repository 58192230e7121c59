/* Version ordering of the distributions, exactly as their package managers
 * order versions: dpkg (Debian, Ubuntu), apk-tools (Alpine), rpm (RHEL and
 * relatives); and, through ck_version_compare, of the language ecosystems
 * (vuln/version_lang.h). Every function takes NUL-terminated strings,
 * allocates nothing and is safe on any input: a malformed version still
 * gets a place in the order (the one its package manager gives it, where it
 * gives one). */
#ifndef CK_VERSION_ORDER_H
#define CK_VERSION_ORDER_H

enum ck_version_scheme {
    CK_VERSION_DEB = 0, /* [epoch:]upstream[-revision], dpkg rules */
    CK_VERSION_APK,     /* apk-tools rules: 1.2.3_rc1-r0 */
    CK_VERSION_RPM,     /* [epoch:]version[-release], rpmvercmp */
    CK_VERSION_SEMVER,  /* SemVer 2.0: npm, crates.io */
    CK_VERSION_GO,      /* Go modules: v1.2.3, pseudo-versions */
    CK_VERSION_PEP440,  /* PyPI */
    CK_VERSION_MAVEN,   /* Maven's ComparableVersion */
    CK_VERSION_RUBYGEMS,
    CK_VERSION_NUGET,
    CK_VERSION_PACKAGIST,
    CK_VERSION_SCHEME_COUNT
};

/* <0, 0 or >0 as a sorts before, equal to, or after b. */
int ck_version_compare(enum ck_version_scheme scheme, const char *a, const char *b);

/* A scheme's name (any case) -> scheme: "deb", "apk", "rpm", "semver" (also
 * "npm" and "cargo"), "go", "pypi" (also "pep440"), "maven", "rubygems"
 * (also "gem"), "nuget", "packagist" (also "composer"). Returns 0 on success,
 * -1 for an unknown name (*out untouched). */
int ck_version_scheme_parse(const char *name, enum ck_version_scheme *out);

/* "deb", "apk", "rpm", "semver", "go", "pypi", "maven", "rubygems", "nuget",
 * "packagist"; "?" for a value out of range. */
const char *ck_version_scheme_name(enum ck_version_scheme scheme);

/* The scheme of an OSV ecosystem ("Debian:12", "Ubuntu:22.04:LTS",
 * "Alpine:v3.20", "Red Hat", "Rocky Linux", ..., "npm", "crates.io", "Go",
 * "PyPI", "Maven", "RubyGems", "NuGet", "Packagist"); -1 when none applies. */
int ck_version_scheme_for_ecosystem(const char *ecosystem, enum ck_version_scheme *out);

/* ---- one scheme at a time --------------------------------------------- */

/* dpkg: epoch (before the first ':'), upstream (up to the last '-') and
 * revision compared in turn; missing epoch = 0, missing revision = "". */
int ck_version_compare_deb(const char *a, const char *b);

/* apk-tools: digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}.
 * A letter may be followed by more digits ("5.7.3p1-r0", "1.9.5p2"), which
 * are compared as apk-tools 2 (Alpine's apk through 3.22) compares them: as
 * one more numeric component, the letter, the rest and the release all
 * counting. Another version apk-tools calls invalid compares as apk-tools
 * compares it (the valid prefixes first, then the token where it went
 * wrong). */
int ck_version_compare_apk(const char *a, const char *b);

/* apk's fuzzy match (the '~' dependency operator): 0 when every token of
 * b matches the start of a ("3.6.9" ~ "3.6"), else the order of a and b. */
int ck_version_compare_apk_fuzzy(const char *a, const char *b);

/* 1 when apk-tools accepts v as a version (`apk version -c` of apk-tools 3,
 * which rejects digits after a letter), else 0. */
int ck_version_apk_valid(const char *v);

/* rpm: [epoch:]version[-release] split as rpm splits an EVR string (epoch
 * only when all digits before ':', release after the last '-'), compared
 * as rpm's labelCompare / rpmverCmp: missing epoch = 0, then version, then
 * release, where a missing release sorts before any release. */
int ck_version_compare_rpm(const char *a, const char *b);

/* rpm, as rpm matches a dependency bound ("foo >= 1.2"): when either side
 * has no release, only epoch and version count. Not a total order: use it
 * to test a version against a bound, never to sort. */
int ck_version_compare_rpm_bound(const char *a, const char *b);

/* rpmvercmp itself: one version or release string, no epoch/release split. */
int ck_version_rpmvercmp(const char *a, const char *b);

#endif
