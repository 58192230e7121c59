/* What changed across the fleet (store/changes.h), grouped by vulnerability
 * ("CVE-2026-1234 now affects 14 images"), as text, CSV or JSON. */
#ifndef CK_REPORT_CHANGES_H
#define CK_REPORT_CHANGES_H

#include <stdio.h>

#include "store/changes.h"

enum ck_changes_format { CK_CHANGES_TEXT = 0, CK_CHANGES_CSV, CK_CHANGES_JSON };

/* One kind of change of one vulnerability (its CVE, else its record id). */
struct ck_change_group {
    const struct ck_change *const *items; /* ordered by image */
    size_t count;
    size_t images;                        /* distinct images */
    enum ck_severity severity;            /* the highest */
};

struct ck_change_groups {
    const struct ck_change **order;       /* every change, grouped */
    struct ck_change_group *items;        /* new, then fixed, then re-rated; most images first */
    size_t count;
};

/* The groups of c (which must outlive them). CK_ERR_NOMEM only. */
enum ck_status ck_change_groups_make(const struct ck_changes *c, struct ck_change_groups *out);
void ck_change_groups_release(struct ck_change_groups *g);
/* The group's vulnerability name. */
const char *ck_change_group_name(const struct ck_change_group *g);
/* "Since 2026-12-02T08:12:00Z (the data update): 3 new findings in 2 images,
 * 1 fixed, 1 re-rated" ("no new findings" when none). when: the moment as
 * the reader wants it (the window: local time), or NULL for RFC 3339 UTC. */
void ck_changes_headline(const struct ck_changes *c, const char *when, const char *since_what, char *out, size_t size);

/* since_what: how the moment was chosen, for the heading ("the data update"),
 * or NULL. */
enum ck_status ck_changes_write(const struct ck_changes *c, enum ck_changes_format format, const char *since_what,
                                FILE *f, struct ck_err *err);

#endif
