/* Maven artifacts (ecosystem "Maven", name "groupId:artifactId") in a Java
 * archive: a .jar, .war, .ear or .par file held whole in memory, read with
 * the zip reader (util/zip.h) and the two metadata parsers of java.h.
 *
 * What an archive gives, for the archive itself and for every archive
 * inside it:
 *   1. each META-INF/maven/<groupId>/<artifactId>/pom.properties: one
 *      package (its groupId, artifactId and version);
 *   2. when none of those gave a package: the main section of
 *      META-INF/MANIFEST.MF, by the rule in java.h (Bundle-SymbolicName /
 *      -Version, else Implementation-Vendor-Id as the group with
 *      Implementation-Title / -Version);
 *   3. then every entry whose name ends in .jar, .war, .ear or .par (ASCII
 *      case-insensitive; BOOT-INF/lib/, WEB-INF/lib/, META-INF/jars/ and
 *      any other folder alike), opened from memory and read the same way,
 *      in central-directory order, down to CK_JAR_MAX_DEPTH archives below
 *      the top-level one.
 *
 * Each package's detail is where it was found: the path given for the
 * top-level archive, "<path>!/BOOT-INF/lib/x.jar" for a nested one,
 * "<path>!/lib/a.war!/WEB-INF/lib/b.jar" deeper down (bytes that are not
 * printable UTF-8 shown as '?'; longer than CK_LANG_MAX_FIELD: "..." and
 * the end of it). Archives under /usr/share/java/ or /usr/share/maven-repo/
 * (where Debian's lib*-java packages install) give packages flagged
 * CK_LANG_OS_PATH, usually owned by a dpkg package.
 *
 * The same name and version found twice in one top-level archive (a shaded
 * copy of a library's pom.properties, one library in two lib folders) is
 * one package, reported at the first place found in the order above; the
 * same name with another version is another package. Packages that were in
 * out before the call are not compared with.
 *
 * Limits (hostile input), each a warning naming the archive when hit, the
 * rest going on where it can:
 *   the top-level archive up to CK_JAR_MAX_INPUT bytes (else CK_ERR_LIMIT);
 *   CK_JAR_MAX_ENTRIES entries in one archive (a nested one over it is
 *   skipped; the top-level one fails with CK_ERR_LIMIT);
 *   a pom.properties or MANIFEST.MF up to CK_LANG_MAX_INPUT bytes, a nested
 *   archive up to CK_JAR_MAX_ENTRY bytes, both decompressed (larger ones
 *   are not decompressed at all);
 *   CK_JAR_MAX_TOTAL bytes decompressed for one top-level archive, nested
 *   ones included (then nothing more is read from it); as the whole of a
 *   nested archive is held while it is read, this also bounds the memory;
 *   CK_JAR_MAX_ARCHIVES nested archives opened;
 *   CK_LANG_MAX_PACKAGES packages (then out->truncated is set).
 * An entry that cannot be read (damaged, CRC mismatch, encrypted, another
 * compression method) or a nested archive that is not a usable zip is a
 * warning; its siblings are still read. Warnings name the entry as
 * "<path>!/<entry>" (langtext.h's "<file>: <message>" form).
 *
 * No global state; any thread may call it on its own result. */
#ifndef CK_JAR_H
#define CK_JAR_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/lang/langtext.h"

#define CK_JAR_MAX_INPUT (64u * 1024u * 1024u)    /* bytes of a top-level archive */
#define CK_JAR_MAX_DEPTH 8                        /* archive levels read below the top-level one */
#define CK_JAR_MAX_ENTRY (64u * 1024u * 1024u)    /* bytes of one nested archive, decompressed */
#define CK_JAR_MAX_TOTAL (256ull * 1024u * 1024u) /* bytes decompressed per top-level archive */
#define CK_JAR_MAX_ENTRIES 500000u                /* entries of one archive */
#define CK_JAR_MAX_ARCHIVES 10000u                /* nested archives opened per top-level archive */

/* 1 when path names a Java archive by its extension: .jar, .war, .ear or
 * .par, ASCII case-insensitive. */
int ck_jar_wants(const char *path);

/* Reads the archive data[0..len) found at path (absolute in the image,
 * '/'-separated; named in details and warnings) and appends its packages
 * and warnings to out. Fails, leaving out as it was and err set, when:
 *   CK_ERR_ARG        out is NULL, or data is NULL with len > 0;
 *   CK_ERR_LIMIT      len > CK_JAR_MAX_INPUT, or too many entries;
 *   CK_ERR_PARSE      the data is not a zip archive, or its central
 *                     directory is damaged ("<path> is not a usable Java
 *                     archive (zip): <why>");
 *   CK_ERR_UNSUPPORTED a multi-disk archive;
 *   CK_ERR_NOMEM.
 * Everything else is a warning and the rest of the archive is read. */
enum ck_status ck_jar_parse(struct ck_lang_result *out, const char *path, const void *data, size_t len,
                            struct ck_err *err);

/* The caps of ck_jar_parse, smaller for tests; a zero field takes the
 * CK_JAR_* default. */
struct ck_jar_limits {
    uint64_t max_input;   /* CK_JAR_MAX_INPUT */
    uint64_t max_entry;   /* CK_JAR_MAX_ENTRY */
    uint64_t max_total;   /* CK_JAR_MAX_TOTAL */
    size_t max_entries;   /* CK_JAR_MAX_ENTRIES */
    size_t max_archives;  /* CK_JAR_MAX_ARCHIVES */
    int max_depth;        /* CK_JAR_MAX_DEPTH; -1 reads no nested archive */
};

/* ck_jar_parse with other caps (limits NULL: the defaults). */
enum ck_status ck_jar_parse_limited(struct ck_lang_result *out, const char *path, const void *data, size_t len,
                                    const struct ck_jar_limits *limits, struct ck_err *err);

#endif
