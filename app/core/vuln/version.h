/* Version ordering of the distributions, exactly as their package managers
 * order versions: dpkg (Debian, Ubuntu), apk-tools (Alpine), rpm (RHEL and
 * relatives). */
#ifndef CK_VERSION_ORDER_H
#define CK_VERSION_ORDER_H

enum ck_version_scheme {
    CK_VERSION_DEB = 0, /* [epoch:]upstream[-revision], dpkg rules */
    CK_VERSION_APK,     /* apk-tools rules: 1.2.3_rc1-r0 */
    CK_VERSION_RPM,     /* [epoch:]version[-release], rpmvercmp */
    CK_VERSION_SCHEME_COUNT
};

/* <0, 0 or >0 as a sorts before, equal to, or after b. */
int ck_version_compare(enum ck_version_scheme scheme, const char *a, const char *b);

/* "deb", "apk", "rpm" -> scheme; returns 0 on success, -1 for an unknown name. */
int ck_version_scheme_parse(const char *name, enum ck_version_scheme *out);

/* The scheme of an OSV ecosystem ("Debian:12", "Ubuntu:22.04:LTS",
 * "Alpine:v3.20", "Red Hat", "Rocky Linux", ...); -1 when none applies. */
int ck_version_scheme_for_ecosystem(const char *ecosystem, enum ck_version_scheme *out);

#endif
