/* Cell text shared by the list views' row models: times, counts with their
 * change, short digests, scores. Each writes into buf (size bytes, always
 * NUL-terminated when size > 0) and returns buf. */
#ifndef CK_CELLS_H
#define CK_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "report/review.h"
#include "store/decisions.h"

/* Enough for any cell these functions write. */
#define CK_CELL_MAX 64

/* "2026-01-05 14:03" in local time; "" for 0 (never). */
const char *ck_cell_time(int64_t t, char *buf, size_t size);

/* "12", or with the change since the previous value "12 (+3)", "9 (-3)";
 * an unchanged count shows no change. */
const char *ck_cell_count(size_t now, int has_previous, size_t previous, char *buf, size_t size);

/* The first 12 hex digits of "sha256:<hex>" (or of a bare hex string); ""
 * for NULL. */
const char *ck_cell_short_digest(const char *digest, char *buf, size_t size);

/* "9.8"; "" when the score is unknown (< 0). */
const char *ck_cell_score(double score, char *buf, size_t size);

/* A decision's state as people read it: "Under investigation", "Not
 * affected", "Accepted risk", ... */
const char *ck_cell_state_label(enum ck_decision_state s);

/* The Triage cell: a mark and the state in effect ("\xE2\x80\xA2 Under
 * investigation", "\xE2\x88\x9A Accepted risk until 2026-12-31"), or the
 * one that ran out ("! Expired on 2026-11-30: Accepted risk");
 * "" when none or e is NULL. UTF-8. */
const char *ck_cell_triage(const struct ck_review_entry *e, char *buf, size_t size);
/* "12.3% (95th)": the EPSS probability and percentile; "" when unknown. */
const char *ck_cell_epss(const struct ck_review_entry *e, char *buf, size_t size);
/* "Yes, due 2026-12-20" (or "Yes" without a due date); "" when not known exploited. */
const char *ck_cell_kev(const struct ck_review_entry *e, char *buf, size_t size);

#endif
