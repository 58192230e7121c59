/* A sorted index over a findings set, to tell which findings of one set are
 * in another. Two identities:
 *   CK_FINDKEY_RECORD  (record id, package): the history's identity of a
 *                      finding across scans of one engine;
 *   CK_FINDKEY_CVE     (CVE, else record id; package): across engines, whose
 *                      record ids differ (DSA-5678 / CVE-2024-1 / SNYK-...).
 * The index points into the set: it must outlive no change to it. */
#ifndef CK_FINDINDEX_H
#define CK_FINDINDEX_H

#include <stddef.h>

#include "store/history.h"
#include "util/status.h"

enum ck_findkey { CK_FINDKEY_RECORD = 0, CK_FINDKEY_CVE };

struct ck_find_index {
    const struct ck_history_finding **items; /* sorted by key */
    size_t count;
    enum ck_findkey key;
};

/* Builds the index of set (caller-owned; ck_find_index_release). */
enum ck_status ck_find_index_build(struct ck_find_index *idx, const struct ck_history_findings *set,
                                   enum ck_findkey key);
void ck_find_index_release(struct ck_find_index *idx);

/* The first finding of the index with f's key, NULL when none. */
const struct ck_history_finding *ck_find_index_get(const struct ck_find_index *idx,
                                                   const struct ck_history_finding *f);

/* Compares two findings' keys (strcmp order; NULL as ""). */
int ck_findkey_cmp(enum ck_findkey key, const struct ck_history_finding *a, const struct ck_history_finding *b);

#endif
