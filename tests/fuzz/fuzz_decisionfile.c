/* libFuzzer target: the readers of triage-decision files (report/vexin,
 * report/ignorefile through report/decisionfile). The first byte picks the
 * format (OpenVEX, CycloneDX VEX, .trivyignore, .trivyignore.yaml, Grype's
 * rules; the rest of the input is the file) and whether ignore rules get a
 * default expiry. Every decision read has a vulnerability id, a state and
 * a scope the store takes, strings that are UTF-8, and every warning says
 * where it is; a read that fails says why and leaves the list as it was;
 * the sniffer and the package URL helpers take any input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/decisionfile.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TODAY 20468 /* 2026-01-15 */

static const enum ck_decisionfile_format formats[] = {
    CK_DECISIONFILE_OPENVEX, CK_DECISIONFILE_CYCLONEDX, CK_DECISIONFILE_TRIVYIGNORE,
    CK_DECISIONFILE_TRIVYIGNORE_YAML, CK_DECISIONFILE_GRYPE,
};

static void on_warn(void *ctx, const char *where, const char *why)
{
    if (!where || !*where || !why || !*why)
        abort();
    ++*(size_t *)ctx;
}

static void text_ok(const char *s)
{
    if (s && !ck_utf8_valid(s, strlen(s)))
        abort();
}

static void check(const struct ck_decision *d)
{
    if (!d->vuln_id || !*d->vuln_id || (unsigned)d->state >= CK_DECISION_STATE_COUNT ||
        (unsigned)d->justification >= CK_JUSTIFICATION_COUNT)
        abort();
    if ((d->scope != CK_SCOPE_ALL) != (d->repository != NULL) || (d->scope == CK_SCOPE_IMAGE) != (d->tag != NULL))
        abort();
    if (d->state == CK_DECISION_ACCEPTED_RISK && (d->expires == CK_DATE_NONE || d->expires < TODAY))
        abort();
    text_ok(d->vuln_id);
    text_ok(d->note);
    text_ok(d->package);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_decisionfile_options opts = {"fuzz.vex", TODAY, CK_DATE_NONE};
    struct ck_decisions out;
    struct ck_decision keep;
    struct ck_err err;
    const char *text;
    size_t warnings = 0, i;
    enum ck_status st;
    char *purl;

    if (!size)
        return 0;
    opts.default_expires = data[0] & 0x80 ? TODAY + 30 : CK_DATE_NONE;
    text = (const char *)data + 1;
    ck_decisions_init(&out);
    memset(&keep, 0, sizeof keep);
    keep.vuln_id = (char *)"CVE-0000-0000";
    keep.expires = CK_DATE_NONE;
    if (ck_decisions_push_copy(&out, &keep) != CK_OK)
        return 0;
    err.msg[0] = '\0';
    st = ck_decisionfile_read(formats[(data[0] & 0x7f) % 5], text, size - 1, &opts, &out, on_warn, &warnings, &err);
    if (st != CK_OK && (!err.msg[0] || out.count != 1))
        abort();
    if (strcmp(out.items[0].vuln_id, "CVE-0000-0000") != 0)
        abort();
    for (i = 1; i < out.count; i++)
        check(&out.items[i]);
    ck_decisions_release(&out);
    (void)ck_decisionfile_sniff(".grype.yaml", text, size - 1);
    (void)ck_decisionfile_sniff("x.json", text, size - 1);
    /* the package URL helpers over the input as one string */
    if (memchr(text, '\0', size - 1) == NULL) {
        char *s = malloc(size);
        struct ck_decision d;
        if (!s)
            return 0;
        memcpy(s, text, size - 1);
        s[size - 1] = '\0';
        free(purl = ck_decisionfile_purl_package(s));
        memset(&d, 0, sizeof d);
        if (ck_decisionfile_oci_scope(s, &d) == 0) {
            if (!d.repository || (d.scope == CK_SCOPE_IMAGE) != (d.tag != NULL))
                abort();
            free(d.repository);
            free(d.tag);
        }
        free(s);
    }
    return 0;
}
