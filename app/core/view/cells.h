/* Cell text shared by the list views' row models: times, counts with their
 * change, short digests, scores. Each writes into buf (size bytes, always
 * NUL-terminated when size > 0) and returns buf. */
#ifndef CK_CELLS_H
#define CK_CELLS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
