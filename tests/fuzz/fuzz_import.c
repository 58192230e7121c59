/* libFuzzer target: the importers of other scanners' reports on arbitrary
 * input. The first byte chooses the format (recognition, or Trivy, Grype,
 * Docker Scout, snyk forced onto whatever the rest is), so every importer
 * meets every shape; the second chooses whether an image name is given.
 * Whatever is read must be valid UTF-8 text with an identifier and a
 * package per finding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/import.h"
#include "util/json.h"

static int valid_text(const char *s)
{
    char *clean;
    int same;
    if (!s)
        return 1;
    clean = ck_json_clean_text(s);
    same = clean && !strcmp(clean, s);
    free(clean);
    return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_import_options opts;
    struct ck_import_result r;
    struct ck_err err;
    size_t i, k;

    if (size < 2)
        return 0;
    memset(&opts, 0, sizeof opts);
    opts.format = (enum ck_import_format)(data[0] % 5);
    opts.image = data[1] & 1 ? "registry.example.com/dev/app:1.0" : NULL;
    ck_import_result_init(&r);
    if (ck_import_parse((const char *)data + 2, size - 2, "fuzz.json", &opts, &r, &err) == CK_OK) {
        for (i = 0; i < r.count; i++) {
            const struct ck_import_scan *s = &r.scans[i];
            if (!s->repository || !s->tag || !valid_text(s->repository) || !valid_text(s->error))
                abort();
            for (k = 0; k < s->findings.count; k++) {
                const struct ck_history_finding *f = &s->findings.items[k];
                if (!f->record_id || !*f->record_id || !f->package || !*f->package)
                    abort();
                if (!valid_text(f->title) || !valid_text(f->description) || !valid_text(f->refs))
                    abort();
                if (f->cvss_score > 10.0 || (f->cvss_score < 0 && f->cvss_score != -1))
                    abort();
            }
        }
        for (i = 0; i < r.warning_count; i++)
            if (!valid_text(r.warnings[i]))
                abort();
    } else if (r.count || r.warning_count) {
        abort(); /* a failure leaves the result untouched */
    }
    ck_import_result_release(&r);
    return 0;
}
