/* A report as one self-contained HTML page: inline CSS, no script, no
 * external resource (a Content-Security-Policy meta tag forbids loading
 * any), so it can be mailed or attached to a ticket as it is.
 *
 * It holds a table of the images with their counts by severity (and what
 * changed since the scan compared with), then the most severe findings of
 * the whole report (severity, then CVSS score). Every piece of scanned data
 * is HTML-escaped; links are made only of http(s) URLs. */
#ifndef CK_HTML_H
#define CK_HTML_H

#include <stddef.h>

#include "report/report.h"
#include "util/buf.h"
#include "util/status.h"

#define CK_HTML_DEFAULT_FINDINGS 200

/* Appends the page to out; max_findings 0 = CK_HTML_DEFAULT_FINDINGS. */
enum ck_status ck_html_report(const struct ck_report *r, size_t max_findings, struct ck_buf *out);

/* Appends text with & < > " ' escaped (NULL appends nothing). */
enum ck_status ck_html_escape(struct ck_buf *out, const char *text);

#endif
