/* The data of a report (see report.h). */
#include "report/report.h"
#include "util/array.h"

#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "report/findindex.h"
#include "docker/imageref.h"
#include "util/buf.h"
#include "util/text.h"

void ck_report_init(struct ck_report *r)
{
    memset(r, 0, sizeof *r);
    ck_decisions_init(&r->decisions);
    r->generated_at = ck_time_now();
}

static void scan_release(struct ck_report_scan *s)
{
    ck_scan_info_release(&s->info);
    ck_history_findings_release(&s->findings);
    ck_history_findings_release(&s->fixed);
    ck_inventory_release(&s->packages);
    free(s->states);
    free(s->review);
}

void ck_report_release(struct ck_report *r)
{
    size_t i;
    for (i = 0; i < r->count; i++)
        scan_release(&r->scans[i]);
    free(r->scans);
    ck_decisions_release(&r->decisions);
    memset(r, 0, sizeof *r);
}

enum ck_status ck_report_take_scan(struct ck_report *r, struct ck_scan_info *info,
                                   struct ck_history_findings *findings, struct ck_inventory *packages)
{
    struct ck_report_scan *s;

    if (CK_ARRAY_GROW(r->scans, r->count, r->cap) != CK_OK)
        return CK_ERR_NOMEM;
    s = &r->scans[r->count++];
    memset(s, 0, sizeof *s);
    s->info = *info;
    memset(info, 0, sizeof *info);
    ck_history_findings_init(&s->fixed);
    if (findings) {
        s->findings = *findings;
        ck_history_findings_init(findings);
    } else {
        ck_history_findings_init(&s->findings);
    }
    if (packages) {
        s->packages = *packages;
        ck_inventory_init(packages);
    } else {
        ck_inventory_init(&s->packages);
    }
    return CK_OK;
}

enum ck_status ck_report_compare(struct ck_report_scan *s, const struct ck_history_findings *base, int64_t base_id)
{
    struct ck_find_index in_base = {0}, in_scan = {0};
    struct ck_history_findings fixed;
    unsigned char *states = NULL;
    enum ck_status st = CK_OK;
    size_t i;

    ck_history_findings_init(&fixed);
    if (s->findings.count && !(states = malloc(s->findings.count))) {
        st = CK_ERR_NOMEM;
        goto cleanup;
    }
    if ((st = ck_find_index_build(&in_base, base, CK_FINDKEY_RECORD)) != CK_OK ||
        (st = ck_find_index_build(&in_scan, &s->findings, CK_FINDKEY_RECORD)) != CK_OK)
        goto cleanup;
    for (i = 0; i < s->findings.count; i++)
        states[i] = ck_find_index_get(&in_base, &s->findings.items[i]) ? CK_STATE_UNCHANGED : CK_STATE_NEW;
    for (i = 0; i < base->count; i++)
        if (!ck_find_index_get(&in_scan, &base->items[i]) &&
            (st = ck_history_findings_add(&fixed, &base->items[i])) != CK_OK)
            goto cleanup;

    free(s->states);
    s->states = states;
    states = NULL;
    ck_history_findings_release(&s->fixed);
    s->fixed = fixed;
    ck_history_findings_init(&fixed);
    s->compared_with = base_id;

cleanup:
    ck_find_index_release(&in_base);
    ck_find_index_release(&in_scan);
    ck_history_findings_release(&fixed);
    free(states);
    return st;
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int scan_cmp(const void *pa, const void *pb)
{
    const struct ck_scan_info *a = &((const struct ck_report_scan *)pa)->info;
    const struct ck_scan_info *b = &((const struct ck_report_scan *)pb)->info;
    int c = cmp_str(a->repository, b->repository);
    if (!c)
        c = cmp_str(a->tag, b->tag);
    if (!c)
        c = cmp_str(a->engine, b->engine);
    if (!c)
        c = (a->started_at < b->started_at) - (a->started_at > b->started_at);
    return c;
}

void ck_report_sort(struct ck_report *r)
{
    if (r->count > 1)
        qsort(r->scans, r->count, sizeof *r->scans, scan_cmp);
}

char *ck_report_image_name(const struct ck_scan_info *s)
{
    struct ck_buf b;
    ck_buf_init(&b);
    if (ck_buf_puts(&b, s->repository ? s->repository : "") != CK_OK ||
        (s->tag && *s->tag && ck_buf_printf(&b, ":%s", s->tag) != CK_OK)) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}

enum ck_status ck_report_parse_image(const char *ref, char **repo_out, char **tag_out, char **digest_out)
{
    struct ck_imageref parsed;
    char *repo = NULL, *tag = NULL, *digest = NULL;
    int has_digest;

    ck_imageref_init(&parsed);
    if (ck_imageref_parse(&parsed, ref, NULL) == CK_OK) {
        repo = ck_imageref_name(&parsed);
        tag = ck_text_dup(parsed.tag ? parsed.tag : "");
        has_digest = parsed.digest != NULL;
        digest = ck_text_dup(parsed.digest);
    } else {
        const char *at = strchr(ref, '@'), *end = at ? at : ref + strlen(ref), *colon = NULL, *p;
        for (p = ref; p < end; p++)
            if (*p == ':')
                colon = p;
            else if (*p == '/' || *p == '\\')
                colon = NULL;
        /* A drive letter (C:\reports\x.tar) is no tag. */
        if (colon == ref + 1)
            colon = NULL;
        repo = ck_text_dupn(ref, (size_t)((colon ? colon : end) - ref));
        tag = colon ? ck_text_dupn(colon + 1, (size_t)(end - colon - 1)) : ck_text_dup("");
        has_digest = at != NULL;
        digest = at ? ck_text_dup(at + 1) : NULL;
    }
    ck_imageref_release(&parsed);
    if (!repo || !tag || (has_digest && !digest)) {
        free(repo);
        free(tag);
        free(digest);
        return CK_ERR_NOMEM;
    }
    *repo_out = repo;
    *tag_out = tag;
    *digest_out = digest;
    return CK_OK;
}

char *ck_report_first_ref(const struct ck_history_finding *f)
{
    const char *p = f->refs, *end;
    char *out;

    if (!p)
        return NULL;
    while (*p == '\n' || *p == '\r' || *p == ' ')
        p++;
    if (!*p)
        return NULL;
    end = p + strcspn(p, "\r\n");
    out = malloc((size_t)(end - p) + 1);
    if (out) {
        memcpy(out, p, (size_t)(end - p));
        out[end - p] = '\0';
    }
    return out;
}

const char *ck_report_finding_id(const struct ck_history_finding *f)
{
    if (f->cve && *f->cve)
        return f->cve;
    return f->record_id ? f->record_id : "";
}

void ck_report_totals(const struct ck_report *r, struct ck_severity_counts *out)
{
    size_t i, k;
    memset(out, 0, sizeof *out);
    for (i = 0; i < r->count; i++) {
        struct ck_severity_counts c;
        ck_severity_counts_of(&r->scans[i].findings, &c);
        for (k = 0; k < CK_SEV_COUNT; k++)
            out->by_severity[k] += c.by_severity[k];
        out->findings += c.findings;
        out->unique += c.unique;
    }
}

enum ck_status ck_report_save(const char *path, const char *text, size_t len, struct ck_err *err)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 5);
    FILE *fp;
    int bad;
    enum ck_status st;

    if (!tmp)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    /* written beside it, then put in its place: an export that fails half way leaves the old one */
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp", 5);
    if (!(fp = ck_fopen(tmp, "wb"))) {
        st = ck_err_set(err, CK_ERR_IO, "cannot create %s", tmp);
        free(tmp);
        return st;
    }
    bad = fwrite(text, 1, len, fp) != len;
    if (fclose(fp) != 0)
        bad = 1;
    if (bad)
        st = ck_err_set(err, CK_ERR_IO, "cannot write %s (disk full?)", tmp);
    else
        st = ck_replace_file(tmp, path, err);
    if (st != CK_OK)
        ck_remove(tmp);
    free(tmp);
    return st;
}
