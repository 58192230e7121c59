/* What changed across the fleet (store/changes.h), grouped by vulnerability
 * ("CVE-2026-1234 now affects 14 images"), as text, CSV or JSON. */
#ifndef CK_REPORT_CHANGES_H
#define CK_REPORT_CHANGES_H

#include <stdio.h>

#include "store/changes.h"

enum ck_changes_format { CK_CHANGES_TEXT = 0, CK_CHANGES_CSV, CK_CHANGES_JSON };

/* since_what: how the moment was chosen, for the heading ("the data update"),
 * or NULL. */
enum ck_status ck_changes_write(const struct ck_changes *c, enum ck_changes_format format, const char *since_what,
                                FILE *f, struct ck_err *err);

#endif
