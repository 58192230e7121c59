/* Matching an image's package inventory against the vulnerability database.
 *
 * Each OS package is looked up by (the inventory's OSV ecosystem, its SOURCE
 * package name) — Debian, Ubuntu and Alpine records name source packages —
 * and each application package by (its ecosystem, its name's key, see
 * vuln/pkgkey.h);
 * and its source version is tested against every affected entry with OSV's
 * evaluation rules: inside a range [introduced, fixed) or [introduced,
 * last_affected], events sorted by the ecosystem's own version order (dpkg,
 * apk, rpm, the language ecosystems' orders; SemVer for SEMVER ranges; GIT
 * ranges are not comparable and are skipped), or listed in versions[]. Introduced "0" means every version.
 * Withdrawn records never match.
 *
 * The ecosystem matches exactly, case-insensitively. Ecosystems that extend
 * the inventory's with ":<stream>" (Red Hat's "Red Hat:enterprise_linux:9"
 * -> "...:9::baseos") are searched too.
 *
 * The results are plain data: every string is a heap copy owned by the
 * finding, so the findings outlive the database and the inventory. */
#ifndef CK_MATCH_H
#define CK_MATCH_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "util/status.h"
#include "vuln/finding.h"
#include "vuln/vercmp.h"
#include "vuln/vulndb.h"

/* Matches every package of inv against db: the OS packages in
 * inv->os.ecosystem (when it is NULL they are only counted in
 * out->packages_unassessed), the application packages in their own
 * ecosystems (PyPI names by PEP 503, Go versions without their "v"; those
 * an OS package installed are left to it). Whether the database holds data
 * for an ecosystem at all is not judged here (see vuln/assessment.h). On
 * success *out (initialised by the caller) is replaced by the findings; on
 * failure it is untouched. */
enum ck_status ck_match_inventory(struct ck_vulndb *db, const struct ck_inventory *inv,
                                  struct ck_findings *out, struct ck_err *err);

/* The evaluation of one version against one affected entry, exposed for
 * tests and tools: 1 affected, 0 not. *fixed (when not NULL) points into
 * a's events at the fixing version, or is NULL. */
int ck_match_affected(enum ck_version_scheme scheme, const struct ck_vulndb_affected *a,
                      const char *version, const char **fixed);

#endif
