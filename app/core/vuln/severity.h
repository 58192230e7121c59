/* The severity scale shared by the whole product: findings, filters
 * (--fail-on), reports and the GUI. Distribution ratings (Debian urgency,
 * Ubuntu priority) and CVSS ratings all map onto it. */
#ifndef CK_SEVERITY_H
#define CK_SEVERITY_H

/* Ordered: a greater value is more severe. */
enum ck_severity {
    CK_SEV_UNKNOWN = 0, /* not rated (yet) */
    CK_SEV_NEGLIGIBLE,
    CK_SEV_LOW,
    CK_SEV_MEDIUM,
    CK_SEV_HIGH,
    CK_SEV_CRITICAL,
    CK_SEV_COUNT
};

/* "Unknown", "Negligible", "Low", "Medium", "High", "Critical". */
const char *ck_severity_str(enum ck_severity sev);

/* A rating word, case-insensitive, surrounding blanks ignored:
 *   our own names above;
 *   Debian urgencies: "unimportant" (negligible), "low", "medium", "high",
 *   "not yet assigned" and "end-of-life" (unknown), each possibly marked
 *   with trailing '*' as the security tracker writes "low**";
 *   Ubuntu priorities: "negligible", "low", "medium", "high", "critical",
 *   "untriaged" (unknown);
 *   CVSS and vendor words: "none" (negligible), "moderate" (medium),
 *   "important" (high).
 * Returns 0 and sets *out, or -1 (out untouched) for a word it does not know. */
int ck_severity_parse(const char *word, enum ck_severity *out);

#endif
