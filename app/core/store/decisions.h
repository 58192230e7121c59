/* Triage decisions: what a person decided about a vulnerability, kept in the
 * scan history with an audit trail.
 *
 * A decision is about a vulnerability id as given (CVE-2024-1234, GHSA-...,
 * DSA-...), in one package or any package (package NULL), scoped to one
 * image (repository:tag), every tag of a repository, or every image. Every
 * change adds a row (table decisions, history schema 4); nothing is
 * overwritten. The effective decision of a key (vulnerability, package,
 * scope with its repository and tag) is the key's newest row.
 *
 * The rules (decisions_rules in triage.c, no SQLite) say which decision a
 * finding gets: see ck_triage_lookup. Dates are whole days in UTC, counted
 * from 1970-01-01 (int32_t), written YYYY-MM-DD.
 *
 * Strings in struct ck_decision are heap copies owned by the row when it
 * came from the store (ck_decision_release / ck_decisions_release); for
 * ck_decisions_add the caller's strings are only read. One thread at a time
 * per struct ck_history, as the rest of the store. */
#ifndef CK_STORE_DECISIONS_H
#define CK_STORE_DECISIONS_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct ck_history;

enum ck_decision_state {
    CK_DECISION_UNDER_INVESTIGATION = 0, /* open: being looked at */
    CK_DECISION_AFFECTED,                /* open: affected, will be fixed */
    CK_DECISION_NOT_AFFECTED,            /* decided: takes a justification */
    CK_DECISION_ACCEPTED_RISK,           /* decided: takes an expiry */
    CK_DECISION_FALSE_POSITIVE,          /* decided */
    CK_DECISION_STATE_COUNT
};

/* VEX's justifications of "not affected"; CK_JUSTIFICATION_NONE otherwise. */
enum ck_justification {
    CK_JUSTIFICATION_NONE = 0,
    CK_JUSTIFICATION_COMPONENT_NOT_PRESENT,
    CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT,
    CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
    CK_JUSTIFICATION_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
    CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST,
    CK_JUSTIFICATION_COUNT
};

enum ck_decision_scope {
    CK_SCOPE_ALL = 0,    /* every image */
    CK_SCOPE_REPOSITORY, /* every tag of repository */
    CK_SCOPE_IMAGE       /* repository:tag */
};

/* No expiry. */
#define CK_DATE_NONE INT32_MIN

struct ck_decision {
    int64_t id;               /* the row; 0 before it is stored */
    char *vuln_id;
    char *package;            /* NULL: any package */
    enum ck_decision_scope scope;
    char *repository;         /* CK_SCOPE_REPOSITORY and CK_SCOPE_IMAGE, else NULL */
    char *tag;                /* CK_SCOPE_IMAGE ("" for archives and folders), else NULL */
    enum ck_decision_state state;
    enum ck_justification justification;
    char *note;               /* may be NULL */
    char *owner;              /* may be NULL */
    int32_t expires;          /* the last day it applies, or CK_DATE_NONE */
    char *decided_by;         /* ck_decisions_add fills it from USERNAME / USER when NULL */
    int64_t decided_at;       /* seconds since the epoch; ck_decisions_add fills 0 with now */
};

struct ck_triage_hash;

struct ck_decisions {
    struct ck_decision *items;
    size_t count;
    size_t cap;
    struct ck_triage_hash *hash; /* ck_triage_index's look-up of ids; NULL until then, dropped by a change */
};

void ck_decision_release(struct ck_decision *d);
void ck_decisions_init(struct ck_decisions *list);
void ck_decisions_release(struct ck_decisions *list);
/* Appends a deep copy of d (its id and times too); d's strings stay the
 * caller's. CK_ERR_NOMEM leaves list as it was. */
enum ck_status ck_decisions_push_copy(struct ck_decisions *list, const struct ck_decision *d);

/* ---- names and dates (triage.c) -------------------------------------------- */

/* "under_investigation", ... as stored and typed; ck_decision_state_parse
 * returns 0 on success, -1 for an unknown name (outputs untouched). */
const char *ck_decision_state_str(enum ck_decision_state s);
int ck_decision_state_parse(const char *text, enum ck_decision_state *out);
/* "" for CK_JUSTIFICATION_NONE, else VEX's name. */
const char *ck_justification_str(enum ck_justification j);
int ck_justification_parse(const char *text, enum ck_justification *out);
/* "image", "repository", "all". */
const char *ck_decision_scope_str(enum ck_decision_scope s);
/* Open states count against --fail-on: under investigation and affected
 * are still to be dealt with; not affected, accepted risk and false positive
 * are decided. */
int ck_decision_state_is_open(enum ck_decision_state s);

/* "2026-11-30" (a real calendar day, exactly this form) as days since
 * 1970-01-01; 0 on success, -1 otherwise. */
int ck_date_parse(const char *text, int32_t *days);
/* days as "YYYY-MM-DD" into out (at least 11 bytes). */
void ck_date_format(int32_t days, char *out, size_t size);
/* The UTC day of a time in seconds since the epoch. */
int32_t ck_date_of_time(int64_t seconds);

/* Checks a decision before it is stored, with one sentence naming the field
 * (CK_ERR_ARG): a vulnerability id, a scope with its repository (and tag),
 * a justification only with not_affected, an expiry with accepted_risk, no
 * expiry before today. */
enum ck_status ck_decision_check(const struct ck_decision *d, int32_t today, struct ck_err *err);

/* ---- the rules (triage.c) ---------------------------------------------------- */

/* A finding as the rules see it. The history keeps a finding's record id
 * and its CVE alias only (other aliases, such as a GHSA of a CVE, are not
 * stored), so a decision covers a finding when its vulnerability id equals
 * (ASCII case aside) the record id or the CVE alias. */
struct ck_triage_finding {
    const char *record_id;
    const char *cve;        /* may be NULL */
    const char *package;
    const char *repository;
    const char *tag;
};

/* What applies to a finding. */
struct ck_triage {
    const struct ck_decision *decision; /* in effect, or NULL: none */
    const struct ck_decision *expired;  /* NULL, or the decision that would apply but expired */
    int open;                           /* no decision in effect, or one of an open state */
};

/* Sorts the effective decisions (list) for ck_triage_lookup and hashes
 * their ids, so that a look-up costs about one comparison. */
void ck_triage_index(struct ck_decisions *list);
/* The decision for a finding among the effective decisions of an indexed
 * list: of those covering it, the most specific (an image over a repository
 * over every image; at the same scope a package's over any package's; then
 * the newest). When that one expired (expires < today) none applies: the
 * finding is open again, with out->expired set, even where a less specific
 * decision exists: a decision made for this finding ran out, so it is looked
 * at again. A decision still applies on its expiry day. */
void ck_triage_lookup(const struct ck_decisions *list, const struct ck_triage_finding *f, int32_t today,
                      struct ck_triage *out);

struct ck_history_findings;
struct ck_severity_counts;
/* The triage of each finding of one image (out: f->count entries, pointing
 * into list, valid while list is) and, in open (may be NULL), the severity
 * counts and vulnerable paths of the open findings (open->unique is left 0).
 * list indexed with ck_triage_index. */
void ck_triage_findings(const struct ck_decisions *list, const struct ck_history_findings *f,
                        const char *repository, const char *tag, int32_t today, struct ck_triage *out,
                        struct ck_severity_counts *open);

/* ---- the store (decisions.c) --------------------------------------------------- */

/* Adds a decision row after ck_decision_check against today's UTC date
 * (nothing is stored when it fails); *id (may be NULL) gets the row. */
enum ck_status ck_decisions_add(struct ck_history *h, const struct ck_decision *d, int64_t *id,
                                struct ck_err *err);
/* Adds every decision of list in one transaction: all are stored, or none
 * (the first that fails ck_decision_check, or the store's error, says why). */
enum ck_status ck_decisions_add_all(struct ck_history *h, const struct ck_decisions *list, struct ck_err *err);
/* The effective decisions (the newest row of each key), appended to out,
 * ordered by vulnerability id, then package, scope, repository, tag.
 * repository not NULL: only those that can apply to its images (its own
 * and every-image decisions). */
enum ck_status ck_decisions_effective(struct ck_history *h, const char *repository, struct ck_decisions *out,
                                      struct ck_err *err);
/* Every row about vuln_id (ASCII case aside), oldest first, appended to out. */
enum ck_status ck_decisions_history(struct ck_history *h, const char *vuln_id, struct ck_decisions *out,
                                    struct ck_err *err);

struct ck_image_row;
/* For each of the n rows (ck_history_list_images), the severity counts of
 * the findings of its latest scan that a decision in effect on day today
 * decides (not affected, accepted risk, false positive): decided[i], zero
 * for rows without a successful scan. What the images list subtracts to
 * show open findings. */
enum ck_status ck_decisions_decided_counts(struct ck_history *h, const struct ck_image_row *rows, size_t n,
                                           int32_t today, struct ck_severity_counts *decided, struct ck_err *err);

#endif
