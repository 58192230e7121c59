/* cJSON helpers shared by every JSON writer (the reports, the SBOM, the
 * per-image results, Engine API requests) and the importers of other
 * scanners' JSON.
 *
 * Reading: getters that return NULL / a default for a missing key or a
 * value of another type, so that parsers written against real-world files
 * (fields missing, null, or of an unexpected type) need no checks of their
 * own beyond "is it there".
 *
 * Writing: adders that record an allocation failure in *oom instead of
 * returning it, and accept a NULL parent (whose creation already failed),
 * so a document is built straight through and checked once by
 * ck_json_finish. */
#ifndef CK_UTIL_JSON_H
#define CK_UTIL_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

/* ---- reading ------------------------------------------------------------ */

/* obj[key] when obj is an object (case-sensitive), else NULL. */
const cJSON *ck_json_get(const cJSON *obj, const char *key);
/* obj[key] as a string; NULL when missing, not a string, or "". */
const char *ck_json_str(const cJSON *obj, const char *key);
/* obj[key] as a number; a numeric string ("9.8") also counts; dflt otherwise. */
double ck_json_num(const cJSON *obj, const char *key, double dflt);
/* obj[key] when it is an array, else NULL. */
const cJSON *ck_json_array(const cJSON *obj, const char *key);
/* The first string element of array obj[key], NULL when none. */
const char *ck_json_first_str(const cJSON *obj, const char *key);

/* A heap copy of s (NULL for NULL) with invalid UTF-8 sequences and NUL-free
 * control characters other than TAB, CR, LF replaced by U+FFFD, so that what
 * an import stores is valid text for every report format. */
char *ck_json_clean_text(const char *s);

/* ---- writing ------------------------------------------------------------ */

/* obj[key] = value when value is not NULL (a NULL value adds nothing). */
void ck_json_add_str(cJSON *obj, const char *key, const char *value, int *oom);
void ck_json_add_num(cJSON *obj, const char *key, double value, int *oom);
/* obj[key] = {} / [] (key NULL: appended to the array obj); the new item. */
cJSON *ck_json_add_obj(cJSON *obj, const char *key, int *oom);
cJSON *ck_json_add_arr(cJSON *obj, const char *key, int *oom);
/* Appends a string to the array arr (NULL value: nothing). */
void ck_json_push_str(cJSON *arr, const char *value, int *oom);
/* Appends each line of text ("a\nb": "a", "b"; NULL or "": nothing) to arr. */
void ck_json_push_lines(cJSON *arr, const char *text, int *oom);

/* Appends root as text (pretty: indented, with a final newline) to out.
 * Every string value and key that is not valid UTF-8 is repaired first
 * (invalid bytes become U+FFFD), so the output is always valid JSON whatever
 * the image or record held. Every JSON document written goes through here. */
enum ck_status ck_json_print(cJSON *root, int pretty, struct ck_buf *out);

/* Prints root (indented) onto out and deletes it. CK_ERR_NOMEM when oom is
 * set or printing fails. */
enum ck_status ck_json_finish(cJSON *root, int oom, struct ck_buf *out);

#endif
