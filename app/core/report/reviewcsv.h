/* A risk review exported as CSV (export.h, either preset) and edited by a
 * reviewer in a spreadsheet, read back as triage decisions.
 *
 * Every column is found by its header name (ASCII case and surrounding
 * spaces aside), never by its position; columns not named here are left
 * alone. A row names its finding by
 *   original  Id (the CVE, else the record id), IdSnyk (the record id),
 *             Image (the repository), ImageVersion (the tag), PackageName;
 *   extended  Image, Tag, Record id, CVE, Package; rows whose State is
 *             "fixed" or "not assessed" are no findings of the scan and are
 *             skipped;
 * and carries the triage columns Triage, Justification, Owner, Expires and
 * Note (Triage required; a missing other column keeps what is decided).
 *
 * What the cells may hold:
 *   Triage         a state as stored (not_affected) or written by a person
 *                  ("Not affected", "accepted-risk": case, spaces, hyphens
 *                  and underscores alike), with or without the " (expired)"
 *                  the export adds to a decision that ran out;
 *   Justification  a VEX justification, in the same forms;
 *   Expires        YYYY-MM-DD, or what a spreadsheet saves of a date cell
 *                  where it is unambiguous: YYYY/MM/DD, DD.MM.YYYY, and
 *                  D/M/YYYY or M/D/YYYY (also with '-') when the day is over
 *                  12 or equals the month; "03/04/2026" is refused;
 *   Owner, Note    text (trailing spaces and line ends dropped).
 * The file is read with util/csvread.h: comma or semicolon separated, a
 * "sep=" line, a byte order mark, cells the export neutralised restored. */
#ifndef CK_REVIEWCSV_H
#define CK_REVIEWCSV_H

#include <stddef.h>
#include <stdint.h>

#include "report/decisionfile.h"
#include "store/decisions.h"
#include "util/status.h"

/* Reads the len bytes at text. For each finding row, the decision in
 * effect for it (or the one that expired) is looked up in effective
 * (indexed with ck_triage_index) with ck_triage_lookup on day today:
 *   - a row whose triage cells say what that decision says (empty cells:
 *     nothing) is unchanged: counted in *unchanged (may be NULL), nothing
 *     added;
 *   - a row that differs from its decision gives a decision of the same key
 *     (vulnerability, package, scope, repository, tag) with the row's
 *     values;
 *   - a row with a state and no decision gives a decision for its image
 *     (CK_SCOPE_IMAGE): the CVE, else the record id, in the row's package;
 *   - a row with an empty Triage and no decision in effect is not reviewed:
 *     skipped. Decisions are never removed: an emptied Triage where a
 *     decision is in effect is reported.
 * decided_by stays NULL (the person running the import). Each new decision
 * passes ck_decision_check; a row that cannot be taken (a cell that does
 * not parse, a check that fails, a row naming no finding, a row the reader
 * cannot read) is reported through warn (may be NULL) with "line N" and
 * why, and the rest is read. A finding decided on several rows gives one
 * decision, the last row's (the others reported when they differ).
 * Decisions are appended to out (strings owned by out).
 *
 * Errors: CK_ERR_PARSE when the header lacks the Triage column or the
 * columns naming a finding (err says which), CK_ERR_LIMIT over
 * CK_DECISIONFILE_MAX_BYTES, CK_ERR_NOMEM. On failure out holds what it
 * held before and *unchanged is untouched. */
enum ck_status ck_reviewcsv_read(const char *text, size_t len, const struct ck_decisions *effective, int32_t today,
                                 struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                 size_t *unchanged, struct ck_err *err);

/* 1 when the first line of head (after a byte order mark and a "sep="
 * line) is a CSV header with a Triage column, else 0. head may be the
 * first bytes of a file only. */
int ck_reviewcsv_sniff(const char *head, size_t len);

#endif
