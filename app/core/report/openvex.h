/* The triage decisions of a reviewed report (review.h) as an OpenVEX 0.2.0
 * document, the form Trivy's and Grype's --vex options read.
 *
 * Each decision in effect for a finding becomes a statement about the
 * finding's vulnerability (its CVE, else its record id; the other ids as
 * aliases). Its products are the images it applies to, as OCI package URLs
 * with the image's digest (pkg:oci/debian@sha256%3A...?repository_url=
 * docker.io/library/debian&tag=12), each with the affected packages' URLs
 * as subcomponents. A decision applying to several images or packages is
 * one statement. States map to OpenVEX's statuses:
 *   under_investigation  under_investigation
 *   affected             affected, with an action statement (the note)
 *   not_affected         not_affected, with its justification (or, when it
 *                        has none, an impact statement)
 *   false_positive       not_affected, impact statement "false positive: ..."
 *   accepted_risk        affected, action statement "risk accepted until ..."
 * Decisions that expired, and decisions no finding of the report has, are
 * not written. Images without a digest (archives, folders) are named by a
 * package URL without version. */
#ifndef CK_OPENVEX_H
#define CK_OPENVEX_H

#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "util/buf.h"
#include "util/status.h"

struct ck_openvex_options {
    const char *author;  /* the document's author (the user's name) */
    const char *tooling; /* "ContainerKitty 1.2.3" */
    int64_t now;         /* the document's timestamp, seconds since the epoch */
    const char *repository; /* only this image's scans (with tag), or NULL: every scan */
    const char *tag;
};

/* Writes the document to out (appended); *statements (may be NULL) gets the
 * number of statements. The document's @id is derived from its statements,
 * so the same decisions give the same id. CK_ERR_ARG when r is not
 * reviewed, CK_ERR_NOMEM. */
enum ck_status ck_openvex_write(const struct ck_report *r, const struct ck_openvex_options *o, struct ck_buf *out,
                                size_t *statements, struct ck_err *err);

/* The OCI package URL of a scanned image (malloc'd, NULL out of memory). */
char *ck_openvex_image_purl(const struct ck_scan_info *s);

#endif
