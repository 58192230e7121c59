/* libFuzzer target: any input read as a Java archive (ck_jar_parse), nested
 * archives included, with smaller caps than the defaults so that one input
 * stays quick. Besides the promises of every language parser (fuzz_lang.h):
 * each package's detail is the archive's path or a place inside it, and one
 * name and version is reported once per archive. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/jar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PATH "/usr/share/java/fuzz.jar"

static void check_details(const struct ck_lang_result *r, size_t from)
{
    size_t i, j, n = strlen(PATH);
    for (i = from; i < r->count; i++) {
        const struct ck_lang_package *p = &r->packages[i];
        if (!p->detail || strcmp(p->ecosystem, CK_LANG_MAVEN) || !(p->flags & CK_LANG_OS_PATH))
            abort();
        if (strncmp(p->detail, "...", 3) &&
            (strncmp(p->detail, PATH, n) || (p->detail[n] && strncmp(p->detail + n, "!/", 2))))
            abort();
        for (j = from; j < i; j++)
            if (!strcmp(r->packages[j].name, p->name) && !strcmp(r->packages[j].version, p->version))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_jar_limits lim = {0};
    struct ck_lang_result r;
    struct ck_err err;
    size_t before, warned;
    int k;

    lim.max_entry = 4u << 20;
    lim.max_total = 16u << 20;
    lim.max_archives = 256;
    ck_lang_result_init(&r);
    for (k = 0; k < 2; k++) { /* twice into one result: the second is compared only with itself */
        before = r.count;
        warned = r.warning_count;
        if (ck_jar_parse_limited(&r, PATH, data, size, &lim, &err) != CK_OK) {
            if (r.count != before || r.warning_count != warned || !err.msg[0])
                abort();
        } else if (k == 1 && r.count - before != before) {
            abort(); /* the same input gives the same packages */
        }
        fuzz_lang_check(&r, before);
        check_details(&r, before);
    }
    ck_lang_result_release(&r);
    return 0;
}
