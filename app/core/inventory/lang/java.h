/* Maven artifacts (ecosystem "Maven", name "groupId:artifactId") from two
 * files found inside Java archives (the archives themselves are opened by
 * the caller).
 *
 *   META-INF/maven/<groupId>/<artifactId>/pom.properties   a Java properties
 *       file (keys end at '=', ':' or white space; '#' and '!' comments;
 *       a line ending in an odd number of backslashes continues; \uXXXX and
 *       the other escapes decoded; the last of a repeated key counts; white
 *       space at the end of a value dropped): groupId, artifactId, version.
 *       A file without all three is a warning.
 *   META-INF/MANIFEST.MF   its main section (up to the first blank line;
 *       a line starting with one space continues the one before; attribute
 *       names compared without regard to case). Which attributes win:
 *         1. Bundle-SymbolicName (its ";" directives cut), split at its last
 *            '.' into groupId and artifactId (the Maven bundle plugin's
 *            "<groupId>.<artifactId>"), with Bundle-Version, else
 *            Implementation-Version;
 *         2. else Implementation-Vendor-Id (the groupId Maven's archiver
 *            writes) with Implementation-Title and Implementation-Version.
 *       A groupId or artifactId must be letters, digits, '.', '-', '_';
 *       the version is cut at the first space ("1.4 1855 April 22 2006").
 *       A manifest naming no artifact gives nothing (no warning: most
 *       don't). pom.properties, where a jar has one, is the better source. */
#ifndef CK_JAVA_H
#define CK_JAVA_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

enum ck_java_kind { CK_JAVA_NONE = 0, CK_JAVA_POM_PROPERTIES, CK_JAVA_MANIFEST };

/* For a path inside an archive: META-INF/maven/<g>/<a>/pom.properties
 * (exactly those segments) or META-INF/MANIFEST.MF (any case). */
enum ck_java_kind ck_java_file_kind(const char *path);

/* Fail only for input past the cap or out of memory, leaving out as it was. */
enum ck_status ck_java_parse_pom_properties(const char *path, const void *data, size_t len,
                                            struct ck_lang_result *out, struct ck_err *err);
enum ck_status ck_java_parse_manifest(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                      struct ck_err *err);

#endif
