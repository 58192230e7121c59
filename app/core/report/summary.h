/* The text summary of a report or of a scan job: one line per image as the
 * original ContainerKitty printed it (ck_summary_line),
 *
 *   docker-image|ubuntu (Tag: xenial-20210429): 368 vulnerable dependency paths / Unique count: 47 (critical ...)
 *
 * then when and by what it was scanned, and what changed since the scan it
 * was compared with; failed scans say why. Totals close the summary. Plain
 * UTF-8 text, LF line ends. */
#ifndef CK_SUMMARY_H
#define CK_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/status.h"

/* "docker-image|ubuntu (Tag: xenial-20210429): 368 vulnerable dependency paths / Unique count: 47" */
char *ck_summary_line(const char *repository, const char *tag, const struct ck_severity_counts *c,
                      const char *not_assessed);

/* "Critical 1, High 5, Medium 20, Low 15, Negligible 0, Unknown 6" appended to out. */
enum ck_status ck_summary_counts(const struct ck_severity_counts *c, struct ck_buf *out);

/* The summary of every scan of r, appended to out. */
enum ck_status ck_summary_text(const struct ck_report *r, struct ck_buf *out);

/* What a scan job calls when it ends: the summary of its scans (failed
 * ones included), each compared with the scan of its image before it,
 * written to path (replaced) as text, or as the HTML page of html.h when
 * html is set. */
enum ck_status ck_summary_write_job(struct ck_history *h, const int64_t *scan_ids, size_t count, const char *path,
                                    int html, struct ck_err *err);

#endif
