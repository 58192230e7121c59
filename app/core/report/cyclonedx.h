/* A report as a CycloneDX 1.5 JSON BOM with vulnerabilities.
 *
 * Components: the scan's packages (type library, with a package URL such as
 * pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12) when
 * the scan's packages are known; otherwise the packages the findings name
 * (name and version, no purl: their ecosystem is not known for certain).
 * One scan: metadata.component is the image (type container) and the
 * packages are the top-level components. Several scans: each image is a
 * top-level component holding its packages.
 * Vulnerabilities: one per identifier (CVE, else record id) with its rating
 * (CVSS score, vector and method, or the severity alone), description,
 * recommendation, advisories and every affected component and version. */
#ifndef CK_CYCLONEDX_H
#define CK_CYCLONEDX_H

#include "inventory/inventory.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/status.h"

/* Appends the document to out. */
enum ck_status ck_cyclonedx_report(const struct ck_report *r, struct ck_buf *out);

/* A package URL for pkg, malloc'd: type from the package type, namespace
 * and distro from the OSV ecosystem ("Debian:12" -> debian, distro=debian-12;
 * "Alpine:v3.20" -> alpine, distro=alpine-3.20). ecosystem may be NULL (no
 * namespace, no distro). Name and version are percent-encoded. */
char *ck_cyclonedx_purl(const struct ck_package *pkg, const char *ecosystem);

/* CycloneDX's severity word: critical, high, medium, low, info (negligible),
 * unknown. */
const char *ck_cyclonedx_severity(enum ck_severity sev);

#endif
