/* CVSS vectors: parsed, checked and scored as FIRST's specifications say.
 * Base scores are computed for v2.0, v3.0 and v3.1; v4.0 vectors are checked
 * and kept, their score is not computed. Temporal, threat, environmental
 * and supplemental metrics are checked and kept in the vector, not scored. */
#ifndef CK_CVSS_H
#define CK_CVSS_H

#include "util/status.h"
#include "vuln/severity.h"

enum ck_cvss_version {
    CK_CVSS_V2_0 = 20,
    CK_CVSS_V3_0 = 30,
    CK_CVSS_V3_1 = 31,
    CK_CVSS_V4_0 = 40
};

#define CK_CVSS_VECTOR_MAX 320
#define CK_CVSS_NO_SCORE (-1)

struct ck_cvss {
    enum ck_cvss_version version;
    /* Base score in tenths (98 means 9.8), exact; CK_CVSS_NO_SCORE when not
     * computed (v4.0). */
    int score10;
    /* From the score (ck_cvss_severity); CK_SEV_UNKNOWN without a score. */
    enum ck_severity severity;
    char vector[CK_CVSS_VECTOR_MAX]; /* as given, surrounding blanks dropped */
};

/* Parses vector: "CVSS:3.1/AV:N/...", "CVSS:3.0/...", "CVSS:4.0/...", or a
 * v2 vector "AV:N/AC:L/Au:N/C:P/I:P/A:P" (also in parentheses or after
 * "CVSS:2.0/"). Every metric must be known, given once, with a value its
 * version defines, and every base metric must be present. On failure:
 * CK_ERR_PARSE with err naming the bad metric (CK_ERR_LIMIT for a vector
 * longer than CK_CVSS_VECTOR_MAX - 1, CK_ERR_ARG for NULL), out untouched. */
enum ck_status ck_cvss_parse(const char *vector, struct ck_cvss *out, struct ck_err *err);

/* The specification's qualitative rating of a base score:
 * v3.x: 0.0 None, 0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High, 9.0-10.0 Critical;
 * v2.0 (NVD): 0.0-3.9 Low, 4.0-6.9 Medium, 7.0-10.0 High.
 * "" for CK_CVSS_NO_SCORE. */
const char *ck_cvss_rating(enum ck_cvss_version version, int score10);

/* The same rating on the product's scale; v3 "None" is CK_SEV_NEGLIGIBLE,
 * CK_CVSS_NO_SCORE is CK_SEV_UNKNOWN. */
enum ck_severity ck_cvss_severity(enum ck_cvss_version version, int score10);

/* "2.0", "3.0", "3.1", "4.0". */
const char *ck_cvss_version_str(enum ck_cvss_version version);

#endif
