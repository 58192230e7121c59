/* Matching an image's package inventory against the vulnerability database.
 *
 * Each package is looked up by (the inventory's OSV ecosystem, its SOURCE
 * package name) — Debian, Ubuntu and Alpine records name source packages —
 * and its source version is tested against every affected entry with OSV's
 * evaluation rules: inside a range [introduced, fixed) or [introduced,
 * last_affected], events sorted by the ecosystem's own version order (dpkg,
 * apk, rpm; SemVer for SEMVER ranges; GIT ranges are not comparable and are
 * skipped), or listed in versions[]. Introduced "0" means every version.
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
#include "vuln/severity.h"
#include "vuln/vercmp.h"
#include "vuln/vulndb.h"

/* Where a finding's severity came from. */
enum ck_severity_source {
    CK_SEVSRC_NONE = 0, /* no rating at all: CK_SEV_UNKNOWN */
    CK_SEVSRC_DISTRO,   /* the distribution's own rating (Debian urgency, Ubuntu priority, ...) */
    CK_SEVSRC_CVSS      /* the qualitative rating of the record's CVSS base score */
};

/* One vulnerability in one installed (binary) package. */
struct ck_finding {
    char *vuln_id;           /* OSV record id: "DEBIAN-CVE-2023-4911", "DSA-5514-1", "ALPINE-CVE-..." */
    char *cve;               /* "CVE-2023-4911" (from aliases / upstream / the id), or NULL */
    char *package;           /* binary package name as installed: "libc6" */
    char *source_package;    /* the name the record names: "glibc" */
    char *installed_version; /* the binary package's version */
    char *source_version;    /* the version that was compared (the source version) */
    char *fixed_version;     /* the first version that fixes it; NULL = no fix yet */
    char *ecosystem;         /* the ecosystem searched: the inventory's, or a stream of it */
    enum ck_severity severity;
    enum ck_severity_source severity_source;
    char *severity_text;     /* the rating as written ("unimportant", "high", "7.8"), or NULL */
    double cvss_score;       /* base score 0.0-10.0; -1 when none was computed */
    char *cvss_vector;       /* "CVSS:3.1/AV:N/...", or NULL */
    char *title;             /* summary, else the first line of details; never NULL */
    char *description;       /* details, else summary; may be NULL */
    char **references;       /* URLs, in the record's order */
    size_t reference_count;
    char *published;         /* RFC 3339 as written, or NULL */
    char *modified;          /* RFC 3339 as written */
};

/* Findings sorted by package, then vuln_id. Caller-owned:
 * ck_findings_init / ck_findings_release. */
struct ck_findings {
    struct ck_finding *items;
    size_t count;
    size_t cap;
    size_t packages_checked; /* packages of the inventory looked up */
    size_t records_checked;  /* affected entries evaluated */
};

void ck_findings_init(struct ck_findings *f);
void ck_findings_release(struct ck_findings *f);
void ck_finding_release(struct ck_finding *f);
/* Moves *f (whose strings become the list's) to the end of the list. */
enum ck_status ck_findings_push(struct ck_findings *list, struct ck_finding *f);

/* Matches every package of inv against db. inv->os.ecosystem must be set
 * (CK_ERR_UNSUPPORTED names the OS otherwise). On success *out (initialised
 * by the caller) is replaced by the findings; on failure it is untouched. */
enum ck_status ck_match_inventory(struct ck_vulndb *db, const struct ck_inventory *inv,
                                  struct ck_findings *out, struct ck_err *err);

/* The evaluation of one version against one affected entry, exposed for
 * tests and tools: 1 affected, 0 not. *fixed (when not NULL) points into
 * a's events at the fixing version, or is NULL. */
int ck_match_affected(enum ck_version_scheme scheme, const struct ck_vulndb_affected *a,
                      const char *version, const char **fixed);

#endif
