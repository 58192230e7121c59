/* The cells of an edited review CSV (reviewcsv.c): the forms a person and a
 * spreadsheet give states, justifications and dates, a row's triage values
 * against a decision, and the decisions of a reading. Internal to the
 * report module. */
#ifndef CK_REVIEWCSV_CELLS_H
#define CK_REVIEWCSV_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "report/decisionfile.h"
#include "store/decisions.h"

/* What a row's triage cells say. owner and note point into the row's cells
 * or into a decision; NULL or "": none. */
struct ck_reviewcsv_values {
    int has_state;
    enum ck_decision_state state;
    enum ck_justification justification;
    const char *owner;
    int32_t expires; /* CK_DATE_NONE: none */
    const char *note;
};

/* s without trailing spaces, tabs and line ends (and, leading set, without
 * leading spaces and tabs); trims in place. NULL for NULL. */
char *ck_reviewcsv_trim(char *s, int leading);
/* 1 when the header cell is name (ASCII case and surrounding spaces aside). */
int ck_reviewcsv_same_name(const char *cell, const char *name);

/* "Not affected", "accepted-risk", "not_affected (expired)" as a state;
 * "Component not present" as a justification. 0, or -1 with why filled. */
int ck_reviewcsv_parse_state(const char *text, enum ck_decision_state *out, char *why, size_t size);
int ck_reviewcsv_parse_justification(const char *text, enum ck_justification *out, char *why, size_t size);
/* An Expires cell (see reviewcsv.h) as days; "" gives CK_DATE_NONE. 0, or
 * -1 with why filled ("Expires: 03/04/2026 is ambiguous; ..."). */
int ck_reviewcsv_parse_date(const char *text, int32_t *days, char *why, size_t size);

/* v as d says (d NULL: nothing decided). */
void ck_reviewcsv_values_of(const struct ck_decision *d, struct ck_reviewcsv_values *v);
/* Overrides v with each cell given (NULL: the column is absent); 0, or -1
 * with why naming the column. */
int ck_reviewcsv_parse_values(const char *triage, const char *justification, const char *owner,
                              const char *expires, const char *note, struct ck_reviewcsv_values *v, char *why,
                              size_t size);
/* 1 when v says what d says (texts compared without trailing spaces). */
int ck_reviewcsv_values_equal(const struct ck_reviewcsv_values *v, const struct ck_decision *d);
/* 1 when v says nothing at all. */
int ck_reviewcsv_values_none(const struct ck_reviewcsv_values *v);
/* Sets d's state, justification, owner, expiry and note from v (empty
 * texts become NULL; the strings stay v's). */
void ck_reviewcsv_values_apply(const struct ck_reviewcsv_values *v, struct ck_decision *d);

/* Appends a deep copy of d to out. */
enum ck_status ck_reviewcsv_push(struct ck_decisions *out, const struct ck_decision *d);
/* Of the decisions out->items[first..] (lines[i]: the line of the i-th), one
 * per key: the last; an earlier one that differs is reported through warn
 * (may be NULL). The order is kept. CK_ERR_NOMEM leaves out as it was. */
enum ck_status ck_reviewcsv_settle(struct ck_decisions *out, size_t first, const unsigned long *lines,
                                   ck_decisionfile_warn_fn warn, void *ctx);

#endif
