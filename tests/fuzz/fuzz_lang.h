/* What the fuzz targets of the language metadata parsers share: the
 * promises every parser keeps whatever the input, checked after each run. */
#ifndef CK_FUZZ_LANG_H
#define CK_FUZZ_LANG_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/lang/langtext.h"

typedef enum ck_status (*fuzz_lang_parse_fn)(const char *path, const void *data, size_t len,
                                             struct ck_lang_result *out, struct ck_err *err);

/* Names and versions that are valid text, no more packages than the cap,
 * warnings counted. */
static inline void fuzz_lang_check(const struct ck_lang_result *r, size_t before)
{
    size_t i;
    if (r->count - before > CK_LANG_MAX_PACKAGES || r->warnings_kept > CK_LANG_MAX_WARNINGS ||
        r->warnings_kept > r->warning_count)
        abort();
    for (i = 0; i < r->count; i++) {
        const struct ck_lang_package *p = &r->packages[i];
        if (ck_lang_field_problem(p->name, strlen(p->name)) || ck_lang_field_problem(p->version, strlen(p->version)) ||
            (p->detail && ck_lang_field_problem(p->detail, strlen(p->detail))) || !p->ecosystem)
            abort();
    }
}

/* One parse; a failed one leaves the result as it was. */
static inline void fuzz_lang_run(fuzz_lang_parse_fn fn, const char *path, const uint8_t *data, size_t size,
                                 struct ck_lang_result *r)
{
    struct ck_err err;
    size_t before = r->count, warned = r->warning_count;
    if (fn(path, data, size, r, &err) != CK_OK && (r->count != before || r->warning_count != warned))
        abort();
    fuzz_lang_check(r, before);
}

/* The input taken as a path (up to its first NUL), for the path rules. */
static inline const char *fuzz_lang_path(const uint8_t *data, size_t size, char *path, size_t cap)
{
    size_t i;
    for (i = 0; i < size && i + 1 < cap && data[i]; i++)
        path[i] = (char)data[i];
    path[i] = '\0';
    return path;
}

#endif
