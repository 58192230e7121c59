/* A finding: one OSV record that affects one installed package, with its
 * rating (the distribution's own, else the record's CVSS base score), its
 * text and references, and for application packages every place in the
 * image where the package was found. Plain data: every string is a heap
 * copy owned by the finding. */
#ifndef CK_FINDING_H
#define CK_FINDING_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "util/status.h"
#include "vuln/osv.h"
#include "vuln/severity.h"

/* Where a finding's severity came from. */
enum ck_severity_source {
    CK_SEVSRC_NONE = 0, /* no rating at all: CK_SEV_UNKNOWN */
    CK_SEVSRC_DISTRO,   /* the distribution's own rating (Debian urgency, Ubuntu priority, ...) */
    CK_SEVSRC_CVSS      /* the qualitative rating of the record's CVSS base score */
};

/* What a finding is. */
enum ck_finding_kind {
    CK_FINDING_VULNERABILITY = 0,
    CK_FINDING_MALICIOUS /* a MAL- record: the package itself is malware; always Critical */
};

/* One vulnerability in one installed package (a binary package of the OS,
 * or an application package with the places it was found). */
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
    enum ck_finding_kind kind;
    char **locations;        /* application packages: where the package is in the image (each one a
                                vulnerable dependency path); none for OS packages */
    size_t location_count;
};

/* Findings sorted by package, then vuln_id. Caller-owned:
 * ck_findings_init / ck_findings_release. */
struct ck_findings {
    struct ck_finding *items;
    size_t count;
    size_t cap;
    size_t packages_checked; /* packages of the inventory looked up */
    size_t records_checked;  /* affected entries evaluated */
    size_t packages_unassessed; /* OS packages of an image whose OS has no ecosystem: not looked up */
};

void ck_findings_init(struct ck_findings *f);
void ck_findings_release(struct ck_findings *f);
void ck_finding_release(struct ck_finding *f);
/* Moves *f (whose strings become the list's) to the end of the list. */
enum ck_status ck_findings_push(struct ck_findings *list, struct ck_finding *f);

/* What a lookup of one package found in one record: where (the ecosystem
 * searched), the fixing version (NULL: no fix) and the distribution's
 * rating of the affected entry (may be NULL). */
struct ck_finding_hit {
    const char *ecosystem;
    const char *fixed;
    const char *distro_severity;
};

/* The parts of a finding that every package matched by one lookup shares:
 * record r as it affects (source, source_version). MAL- records become
 * CK_FINDING_MALICIOUS: Critical, titled "Malicious package", no CVE. */
enum ck_status ck_finding_from_record(const struct ck_osv_record *r, const struct ck_finding_hit *h,
                                      const char *source, const char *source_version, struct ck_finding *f);

/* A copy of template t for package p (its name, version and locations). */
enum ck_status ck_finding_for_package(const struct ck_finding *t, const struct ck_package *p, struct ck_finding *f);
/* The same, moving t's strings into *f (t is left empty): for the last
 * package a template serves. */
enum ck_status ck_finding_take_for_package(struct ck_finding *t, const struct ck_package *p, struct ck_finding *f);

/* Vulnerable dependency paths of a finding: its locations, at least one. */
size_t ck_finding_paths(const struct ck_finding *f);

#endif
