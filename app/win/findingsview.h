/* The findings panel: the findings of one scan, or the comparison of two,
 * in a virtual list over view/findings_table.h, with a text filter, a
 * severity choice, "fixable only", a change choice for comparisons, and a
 * detail pane with the selected finding's description and clickable
 * references. */
#ifndef CK_FINDINGSVIEW_H
#define CK_FINDINGSVIEW_H

#include "win/gui.h"
#include "report/review.h"
#include "store/decisions.h"
#include "store/history.h"

HWND ck_findingsview_create(HWND parent, int id, const int *widths96, int detail96);
/* Shows rows (moved in; *rows is left empty) under a heading. unassessed:
 * the scan could not judge everything, and an empty list must not read as
 * clean. */
void ck_findingsview_show(const char *heading, struct ck_history_findings *rows, int unassessed);
/* The same with the rows' risk review (review and decisions moved in, as
 * ck_review_findings gives them): the Triage, EPSS, Known exploited and
 * Priority columns, the triage and exploit filters, decided rows dimmed. */
void ck_findingsview_show_reviewed(const char *heading, struct ck_history_findings *rows,
                                   struct ck_review_entry **review, struct ck_decisions *decisions, int unassessed);
/* The selected findings to triage: for each, the decision to edit (a deep
 * copy: the one in effect or that ran out, with its key; else a new one for
 * the image and the finding's package) and the finding's package. */
struct ck_triage_picks {
    struct ck_decisions decisions;
    char **packages; /* decisions.count of them; an entry may be NULL */
};
void ck_triage_picks_release(struct ck_triage_picks *p);
/* Fills out (zeroed by the caller) for the image (repository, tag) shown;
 * the number of picks: 0 when nothing is selected, the list is not
 * reviewed (a comparison) or memory ran out. */
size_t ck_findingsview_picks(const char *repository, const char *tag, struct ck_triage_picks *out);
HWND ck_findingsview_list(void);
/* Shows a comparison (moved in) under a heading. */
void ck_findingsview_show_comparison(const char *heading, struct ck_comparison *c);
/* Empties the list; it shows `why` in its place. */
void ck_findingsview_clear(const char *heading, const wchar_t *why);
void ck_findingsview_focus_list(void);
void ck_findingsview_focus_filter(void);
void ck_findingsview_widths(int *widths96, int *detail96);
void ck_findingsview_dump(FILE *f);
/* After a DPI change: column widths scaled from old_dpi to new_dpi. */
void ck_findingsview_rescale(int old_dpi, int new_dpi);

#endif
