/* A report as SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab).
 *
 * One run whose tool.driver is "ContainerKitty" with one rule per record id
 * (short description = title, help URI = first reference, property
 * security-severity = the CVSS score, or a score standing for the severity
 * when there is none). One result per finding: level error (critical, high),
 * warning (medium) or note (low, negligible, unknown); its location is the
 * image (artifactLocation.uri = "repository:tag", percent-encoded as a
 * relative URI reference) and the package (a logical location); a partial
 * fingerprint keeps a finding's identity across uploads. */
#ifndef CK_SARIF_H
#define CK_SARIF_H

#include "report/report.h"
#include "util/buf.h"
#include "util/status.h"

/* Appends the document to out. */
enum ck_status ck_sarif_report(const struct ck_report *r, struct ck_buf *out);

/* "error", "warning" or "note". */
const char *ck_sarif_level(enum ck_severity sev);

#endif
