/* libFuzzer target: the .NET deps.json parser, and the path rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/lang/dotnet.h"

typedef enum ck_status (*parse_fn)(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                   struct ck_err *err);

/* What every parser promises whatever the input: names and versions that
 * are valid text, no more packages than the cap, warnings counted. */
static void check(const struct ck_lang_result *r, size_t before)
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

/* A failed parse leaves the result as it was. */
static void run(parse_fn fn, const char *path, const uint8_t *data, size_t size, struct ck_lang_result *r)
{
    struct ck_err err;
    size_t before = r->count, warned = r->warning_count;
    if (fn(path, data, size, r, &err) != CK_OK && (r->count != before || r->warning_count != warned))
        abort();
    check(r, before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];
    size_t i;

    ck_lang_result_init(&r);
    run(ck_dotnet_parse, "/app/App.deps.json", data, size, &r);
    /* the input as a path */
    for (i = 0; i < size && i + 1 < sizeof path && data[i]; i++)
        path[i] = (char)data[i];
    path[i] = '\0';
    (void)ck_dotnet_wants(path);
    ck_lang_result_release(&r);
    return 0;
}
