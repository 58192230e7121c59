/* CycloneDX 1.5 output (see cyclonedx.h). */
#include "report/cyclonedx.h"
#include "report/review.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "version.h"
#include "vuln/severity.h"
#include "util/text.h"

const char *ck_cyclonedx_severity(enum ck_severity sev)
{
    switch (sev) {
    case CK_SEV_CRITICAL:
        return "critical";
    case CK_SEV_HIGH:
        return "high";
    case CK_SEV_MEDIUM:
        return "medium";
    case CK_SEV_LOW:
        return "low";
    case CK_SEV_NEGLIGIBLE:
        return "info";
    default:
        return "unknown";
    }
}

/* ---- package URLs --------------------------------------------------------- */

static void put_pct(struct ck_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;
    for (p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || strchr("-._~", *p))
            ck_buf_putc(b, (char)*p);
        else
            ck_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* "Debian:12" -> namespace "debian", release "12"; "Alpine:v3.20" ->
 * "alpine", "3.20"; "Red Hat:enterprise_linux:9" -> "redhat", "9". */
static void split_ecosystem(const char *eco, char *ns, size_t ns_size, char *rel, size_t rel_size)
{
    const char *colon, *last;
    size_t n = 0;

    ns[0] = rel[0] = '\0';
    if (!eco)
        return;
    colon = strchr(eco, ':');
    for (; *eco && eco != colon && n + 1 < ns_size; eco++)
        if (isalnum((unsigned char)*eco))
            ns[n++] = (char)tolower((unsigned char)*eco);
    ns[n] = '\0';
    if (!colon)
        return;
    /* The release is the last numeric-looking part ("9", "22.04", "v3.20"). */
    last = colon + 1;
    while (last && *last) {
        const char *next = strchr(last, ':');
        const char *v = *last == 'v' ? last + 1 : last;
        if (isdigit((unsigned char)*v)) {
            size_t len = next ? (size_t)(next - v) : strlen(v);
            if (len < rel_size) {
                memcpy(rel, v, len);
                rel[len] = '\0';
            }
            break;
        }
        last = next ? next + 1 : NULL;
    }
}

char *ck_cyclonedx_purl(const struct ck_package *pkg, const char *ecosystem)
{
    char ns[32], rel[32];
    struct ck_buf b;
    char sep = '?';

    split_ecosystem(ecosystem, ns, sizeof ns, rel, sizeof rel);
    ck_buf_init(&b);
    ck_buf_printf(&b, "pkg:%s/", ck_pkg_type_str(pkg->type));
    if (ns[0])
        ck_buf_printf(&b, "%s/", ns);
    put_pct(&b, pkg->name ? pkg->name : "");
    if (pkg->version && *pkg->version) {
        ck_buf_putc(&b, '@');
        put_pct(&b, pkg->version);
    }
    if (pkg->arch && *pkg->arch) {
        ck_buf_printf(&b, "%carch=", sep);
        put_pct(&b, pkg->arch);
        sep = '&';
    }
    if (ns[0] && rel[0])
        ck_buf_printf(&b, "%cdistro=%s-%s", sep, ns, rel);
    return ck_buf_take(&b); /* NULL when an append failed */
}

/* ---- components ------------------------------------------------------------- */

struct comp {
    const char *name;
    const char *version;
    const struct ck_package *pkg; /* NULL: named by a finding only */
    size_t index;                 /* position in its scan, for the bom-ref */
};

static int comp_cmp(const void *pa, const void *pb)
{
    const struct comp *a = pa, *b = pb;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    return c ? c : strcmp(a->version ? a->version : "", b->version ? b->version : "");
}

/* The components of one scan, sorted by name and version, duplicates gone. */
static enum ck_status comps_build(const struct ck_report_scan *s, struct comp **out, size_t *count)
{
    size_t n = s->packages.count ? s->packages.count : s->findings.count, i, k = 0;
    struct comp *c;

    *out = NULL;
    *count = 0;
    if (!n)
        return CK_OK;
    if (!(c = calloc(n, sizeof *c)))
        return CK_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        if (s->packages.count) {
            c[i].pkg = &s->packages.packages[i];
            c[i].name = c[i].pkg->name;
            c[i].version = c[i].pkg->version;
        } else {
            c[i].name = s->findings.items[i].package;
            c[i].version = s->findings.items[i].installed;
        }
    }
    qsort(c, n, sizeof *c, comp_cmp);
    for (i = 0; i < n; i++)
        if (!k || comp_cmp(&c[k - 1], &c[i]) != 0) {
            c[k] = c[i];
            c[k].index = k;
            k++;
        }
    *out = c;
    *count = k;
    return CK_OK;
}

static void comp_ref(char *buf, size_t size, size_t scan, size_t index)
{
    snprintf(buf, size, "ck:%zu:pkg:%zu", scan, index);
}

static void image_ref(char *buf, size_t size, size_t scan)
{
    snprintf(buf, size, "ck:%zu:image", scan);
}

static void add_component(cJSON *arr, const struct comp *c, const struct ck_report_scan *s, size_t scan, int *oom)
{
    cJSON *o = ck_json_add_obj(arr, NULL, oom);
    char ref[64];

    comp_ref(ref, sizeof ref, scan, c->index);
    ck_json_add_str(o, "bom-ref", ref, oom);
    ck_json_add_str(o, "type", "library", oom);
    ck_json_add_str(o, "name", c->name ? c->name : "", oom);
    ck_json_add_str(o, "version", c->version, oom);
    if (c->pkg) {
        char *purl = ck_cyclonedx_purl(c->pkg, s->info.ecosystem);
        if (!purl)
            *oom = 1;
        ck_json_add_str(o, "purl", purl, oom);
        free(purl);
    }
}

static void add_image(cJSON *o, const struct ck_report_scan *s, size_t scan, int *oom)
{
    char ref[64];
    cJSON *props;

    image_ref(ref, sizeof ref, scan);
    ck_json_add_str(o, "bom-ref", ref, oom);
    ck_json_add_str(o, "type", "container", oom);
    ck_json_add_str(o, "name", s->info.repository ? s->info.repository : "", oom);
    if (s->info.tag && *s->info.tag)
        ck_json_add_str(o, "version", s->info.tag, oom);
    props = ck_json_add_arr(o, "properties", oom);
    if (s->info.digest) {
        cJSON *p = ck_json_add_obj(props, NULL, oom);
        ck_json_add_str(p, "name", "containerkitty:digest", oom);
        ck_json_add_str(p, "value", s->info.digest, oom);
    }
    if (s->info.os) {
        cJSON *p = ck_json_add_obj(props, NULL, oom);
        ck_json_add_str(p, "name", "containerkitty:os", oom);
        ck_json_add_str(p, "value", s->info.os, oom);
    }
    if (s->info.engine) {
        cJSON *p = ck_json_add_obj(props, NULL, oom);
        ck_json_add_str(p, "name", "containerkitty:engine", oom);
        ck_json_add_str(p, "value", s->info.engine, oom);
    }
}

/* ---- vulnerabilities -------------------------------------------------------- */

/* A finding of scan `scan`; decision: the triage in effect for it, NULL
 * when none (a vulnerability's findings with different decisions are
 * separate entries, each with its analysis). */
struct hit {
    size_t scan;
    const struct ck_history_finding *f;
    const struct ck_decision *decision;
};

static int decision_cmp(const struct ck_decision *a, const struct ck_decision *b)
{
    int64_t x = a ? a->id : 0, y = b ? b->id : 0;
    return (x > y) - (x < y);
}

static int same_entry(const struct hit *a, const struct hit *b)
{
    return !strcmp(ck_report_finding_id(a->f), ck_report_finding_id(b->f)) && !decision_cmp(a->decision, b->decision);
}

static int hit_cmp(const void *pa, const void *pb)
{
    const struct hit *a = pa, *b = pb;
    int c = strcmp(ck_report_finding_id(a->f), ck_report_finding_id(b->f));
    if (!c)
        c = decision_cmp(a->decision, b->decision);
    if (!c)
        c = (int)b->f->severity - (int)a->f->severity;
    if (!c)
        c = (a->scan > b->scan) - (a->scan < b->scan);
    return c;
}

static const char *cvss_method(const char *vector)
{
    if (!vector)
        return NULL;
    if (!strncmp(vector, "CVSS:3.1/", 9))
        return "CVSSv31";
    if (!strncmp(vector, "CVSS:3.0/", 9))
        return "CVSSv3";
    if (!strncmp(vector, "CVSS:4.0/", 9))
        return "CVSSv4";
    if (!strncmp(vector, "AV:", 3) || !strncmp(vector, "(AV:", 4) || !strncmp(vector, "CVSS:2.0/", 9))
        return "CVSSv2";
    return "other";
}

static void add_rating(cJSON *ratings, const struct ck_history_finding *f, const char *engine, int *oom)
{
    cJSON *r = ck_json_add_obj(ratings, NULL, oom);
    ck_json_add_str(ck_json_add_obj(r, "source", oom), "name", engine ? engine : "containerkitty", oom);
    if (f->cvss_score >= 0)
        ck_json_add_num(r, "score", f->cvss_score, oom);
    ck_json_add_str(r, "severity", ck_cyclonedx_severity(f->severity), oom);
    if (f->cvss_vector) {
        ck_json_add_str(r, "method", cvss_method(f->cvss_vector), oom);
        ck_json_add_str(r, "vector", f->cvss_vector, oom);
    }
}

/* The bom-ref of the component a finding of scan `scan` affects. */
static void affected_ref(char *buf, size_t size, const struct comp *comps, size_t ncomps, size_t scan,
                         const struct ck_history_finding *f)
{
    struct comp key, *hit;
    memset(&key, 0, sizeof key);
    key.name = f->package;
    key.version = f->installed;
    hit = bsearch(&key, comps, ncomps, sizeof *comps, comp_cmp);
    if (!hit) {
        /* Packages known but the finding's version differs: match by name. */
        size_t i;
        for (i = 0; i < ncomps && !hit; i++)
            if (!strcmp(comps[i].name ? comps[i].name : "", f->package ? f->package : ""))
                hit = (struct comp *)&comps[i];
    }
    if (hit)
        comp_ref(buf, size, scan, hit->index);
    else
        image_ref(buf, size, scan);
}

static void add_refs(cJSON *advisories, const char *refs, int *oom)
{
    const char *p = refs;
    while (p && *p) {
        size_t n = strcspn(p, "\r\n");
        if (n > 0) {
            char *url = ck_text_dupn(p, n);
            if (!url)
                *oom = 1;
            else if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))
                ck_json_add_str(ck_json_add_obj(advisories, NULL, oom), "url", url, oom);
            free(url);
        }
        p += n;
        while (*p == '\r' || *p == '\n')
            p++;
    }
}

/* CycloneDX's justification of a VEX one. */
static const char *cdx_justification(enum ck_justification j)
{
    switch (j) {
    case CK_JUSTIFICATION_COMPONENT_NOT_PRESENT:
        return "requires_dependency";
    case CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT:
        return "code_not_present";
    case CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH:
        return "code_not_reachable";
    case CK_JUSTIFICATION_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY:
        return "requires_environment";
    case CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST:
        return "protected_by_mitigating_control";
    default:
        return NULL;
    }
}

/* The analysis of a triage decision: state, justification, response and
 * detail (the note, the owner, the expiry), when it was decided. */
static void add_analysis(cJSON *v, const struct ck_decision *d, int fixable, int *oom)
{
    static const char *const states[CK_DECISION_STATE_COUNT] = {
        "in_triage", "exploitable", "not_affected", "exploitable", "false_positive",
    };
    cJSON *a;
    struct ck_buf detail;
    char day[16], iso[32];

    if (!d || (unsigned)d->state >= CK_DECISION_STATE_COUNT)
        return;
    a = ck_json_add_obj(v, "analysis", oom);
    ck_json_add_str(a, "state", states[d->state], oom);
    if (d->state == CK_DECISION_NOT_AFFECTED)
        ck_json_add_str(a, "justification", cdx_justification(d->justification), oom);
    if (d->state == CK_DECISION_ACCEPTED_RISK)
        ck_json_push_str(ck_json_add_arr(a, "response", oom), "will_not_fix", oom);
    else if (d->state == CK_DECISION_AFFECTED && fixable)
        ck_json_push_str(ck_json_add_arr(a, "response", oom), "update", oom);
    ck_buf_init(&detail);
    if (d->state == CK_DECISION_ACCEPTED_RISK)
        ck_buf_puts(&detail, "Risk accepted. ");
    if (d->note && *d->note)
        ck_buf_printf(&detail, "%s%s ", d->note, d->note[strlen(d->note) - 1] == '.' ? "" : ".");
    if (d->owner && *d->owner)
        ck_buf_printf(&detail, "Owner: %s. ", d->owner);
    if (d->expires != CK_DATE_NONE) {
        ck_date_format(d->expires, day, sizeof day);
        ck_buf_printf(&detail, "Until %s. ", day);
    }
    if (detail.len)
        detail.data[--detail.len] = '\0';
    if (detail.len)
        ck_json_add_str(a, "detail", detail.data, oom);
    if (ck_buf_status(&detail) != CK_OK)
        *oom = 1;
    ck_buf_release(&detail);
    if (d->decided_at > 0) {
        ck_text_format_time(d->decided_at, iso, sizeof iso);
        ck_json_add_str(a, "lastUpdated", iso, oom);
    }
}

static void add_vulnerability(cJSON *arr, const struct ck_report *r, const struct hit *group, size_t n,
                              size_t nth, struct comp **comps, const size_t *ncomps, int *oom)
{
    const struct ck_history_finding *f = group[0].f;
    cJSON *v = ck_json_add_obj(arr, NULL, oom), *affects;
    const char *id = ck_report_finding_id(f);
    char bom_ref[160];
    size_t i;

    /* one vulnerability's entries, one per decision, each with a bom-ref of its own */
    if (nth)
        snprintf(bom_ref, sizeof bom_ref, "%.120s#%zu", id, nth + 1);
    else
        snprintf(bom_ref, sizeof bom_ref, "%.120s", id);
    ck_json_add_str(v, "bom-ref", bom_ref, oom);
    ck_json_add_str(v, "id", id, oom);
    if (!strncmp(id, "CVE-", 4))
        ck_json_add_str(ck_json_add_obj(v, "source", oom), "name", "NVD", oom);
    if (f->cve && f->record_id && strcmp(f->cve, f->record_id)) {
        cJSON *ref = ck_json_add_obj(ck_json_add_arr(v, "references", oom), NULL, oom);
        ck_json_add_str(ref, "id", f->record_id, oom);
        ck_json_add_str(ck_json_add_obj(ref, "source", oom), "name", r->scans[group[0].scan].info.engine, oom);
    }
    add_rating(ck_json_add_arr(v, "ratings", oom), f, r->scans[group[0].scan].info.engine, oom);
    ck_json_add_str(v, "description", f->title, oom);
    ck_json_add_str(v, "detail", f->description, oom);
    if (f->fixed && *f->fixed) {
        struct ck_buf rec;
        ck_buf_init(&rec);
        ck_buf_printf(&rec, "Upgrade %s to %s", f->package ? f->package : "the package", f->fixed);
        if (ck_buf_status(&rec) != CK_OK)
            *oom = 1;
        ck_json_add_str(v, "recommendation", rec.data, oom);
        ck_buf_release(&rec);
    }
    if (f->refs)
        add_refs(ck_json_add_arr(v, "advisories", oom), f->refs, oom);
    add_analysis(v, group[0].decision, f->fixed && *f->fixed, oom);
    affects = ck_json_add_arr(v, "affects", oom);
    for (i = 0; i < n && !*oom; i++) {
        char ref[64];
        cJSON *a = ck_json_add_obj(affects, NULL, oom), *ver;
        affected_ref(ref, sizeof ref, comps[group[i].scan], ncomps[group[i].scan], group[i].scan, group[i].f);
        ck_json_add_str(a, "ref", ref, oom);
        ver = ck_json_add_obj(ck_json_add_arr(a, "versions", oom), NULL, oom);
        ck_json_add_str(ver, "version", group[i].f->installed ? group[i].f->installed : "", oom);
        ck_json_add_str(ver, "status", "affected", oom);
    }
}

static enum ck_status add_vulnerabilities(cJSON *root, const struct ck_report *r, struct comp **comps,
                                          const size_t *ncomps, int *oom)
{
    struct hit *hits;
    size_t n = 0, i, k, nth = 0;
    cJSON *arr = ck_json_add_arr(root, "vulnerabilities", oom);

    for (i = 0; i < r->count; i++)
        n += r->scans[i].findings.count;
    if (!n)
        return CK_OK;
    if (!(hits = malloc(n * sizeof *hits)))
        return CK_ERR_NOMEM;
    n = 0;
    for (i = 0; i < r->count; i++)
        for (k = 0; k < r->scans[i].findings.count; k++) {
            const struct ck_review_entry *e = ck_review_of(&r->scans[i], k);
            hits[n].scan = i;
            hits[n].decision = e ? e->decision : NULL;
            hits[n++].f = &r->scans[i].findings.items[k];
        }
    qsort(hits, n, sizeof *hits, hit_cmp);
    for (i = 0; i < n && !*oom; i = k) {
        for (k = i + 1; k < n && same_entry(&hits[k], &hits[i]); k++)
            ;
        nth = i && !strcmp(ck_report_finding_id(hits[i - 1].f), ck_report_finding_id(hits[i].f)) ? nth + 1 : 0;
        add_vulnerability(arr, r, hits + i, k - i, nth, comps, ncomps, oom);
    }
    free(hits);
    return CK_OK;
}

/* ---- the document ------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return (h ^ 0xff) * 0x100000001b3ULL;
}

/* A serial number derived from what the BOM describes, so that the same
 * report gives the same BOM (RFC 9562 version 8: a custom UUID). */
static void serial_number(const struct ck_report *r, char *out, size_t size)
{
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    char num[32];
    size_t i;

    snprintf(num, sizeof num, "%lld", (long long)r->generated_at);
    a = fnv(a, num);
    b = fnv(b, num);
    for (i = 0; i < r->count; i++) {
        snprintf(num, sizeof num, "%lld", (long long)r->scans[i].info.id);
        a = fnv(fnv(fnv(a, num), r->scans[i].info.repository), r->scans[i].info.tag);
        b = fnv(fnv(fnv(b, r->scans[i].info.digest), num), r->scans[i].info.engine);
    }
    snprintf(out, size, "urn:uuid:%08x-%04x-8%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
             (unsigned)a & 0xfff, (unsigned)((b >> 48) & 0x3fff) | 0x8000, (unsigned long long)(b & 0xffffffffffffULL));
}

enum ck_status ck_cyclonedx_report(const struct ck_report *r, struct ck_buf *out)
{
    cJSON *root = cJSON_CreateObject(), *meta, *tool, *components;
    struct comp **comps = NULL;
    size_t *ncomps = NULL, i, k;
    int oom = !root;
    char serial[64], iso[32];
    enum ck_status st = CK_OK;

    if (r->count && (!(comps = calloc(r->count, sizeof *comps)) || !(ncomps = calloc(r->count, sizeof *ncomps)))) {
        st = CK_ERR_NOMEM;
        goto cleanup;
    }
    for (i = 0; i < r->count; i++)
        if ((st = comps_build(&r->scans[i], &comps[i], &ncomps[i])) != CK_OK)
            goto cleanup;

    serial_number(r, serial, sizeof serial);
    ck_text_format_time(r->generated_at, iso, sizeof iso);
    ck_json_add_str(root, "bomFormat", "CycloneDX", &oom);
    ck_json_add_str(root, "specVersion", "1.5", &oom);
    ck_json_add_str(root, "serialNumber", serial, &oom);
    ck_json_add_num(root, "version", 1, &oom);
    meta = ck_json_add_obj(root, "metadata", &oom);
    ck_json_add_str(meta, "timestamp", iso, &oom);
    tool = ck_json_add_obj(ck_json_add_arr(ck_json_add_obj(meta, "tools", &oom), "components", &oom), NULL, &oom);
    ck_json_add_str(tool, "type", "application", &oom);
    ck_json_add_str(tool, "name", "ContainerKitty", &oom);
    ck_json_add_str(tool, "version", CK_VERSION_STRING, &oom);
    if (r->count == 1)
        add_image(ck_json_add_obj(meta, "component", &oom), &r->scans[0], 0, &oom);
    components = ck_json_add_arr(root, "components", &oom);
    for (i = 0; i < r->count && !oom; i++) {
        cJSON *into = components;
        if (r->count > 1) {
            cJSON *image = ck_json_add_obj(components, NULL, &oom);
            add_image(image, &r->scans[i], i, &oom);
            into = ck_json_add_arr(image, "components", &oom);
        }
        for (k = 0; k < ncomps[i] && !oom; k++)
            add_component(into, &comps[i][k], &r->scans[i], i, &oom);
    }
    st = add_vulnerabilities(root, r, comps, ncomps, &oom);

cleanup:
    for (i = 0; comps && i < r->count; i++)
        free(comps[i]);
    free(comps);
    free(ncomps);
    if (st != CK_OK) {
        cJSON_Delete(root);
        return st;
    }
    return ck_json_finish(root, oom, out);
}
