/* OpenVEX 0.2.0 out of a reviewed report: see openvex.h. */
#include "report/openvex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cyclonedx.h"
#include "report/review.h"
#include "util/json.h"
#include "util/sha256.h"
#include "util/text.h"

#define OPENVEX_CONTEXT "https://openvex.dev/ns/v0.2.0"
#define MAX_ALIASES 16

/* One finding with a decision in effect: vulnerability, decision, product
 * and package, the order statements are written in. */
struct row {
    const char *vuln;      /* the finding's CVE, else its record id */
    const char *record_id;
    const struct ck_decision *d;
    const char *product;   /* owned by the scan's entry in products */
    char *sub;             /* the package's URL */
};

struct rows {
    struct row *items;
    size_t count, cap;
    char **products; /* per scan, NULL when it has no row */
};

static void rows_release(struct rows *r, size_t scans)
{
    size_t i;
    for (i = 0; i < r->count; i++)
        free(r->items[i].sub);
    free(r->items);
    for (i = 0; r->products && i < scans; i++)
        free(r->products[i]);
    free(r->products);
}

/* Percent-encodes what a purl component may not hold as it is. */
static void put_component(struct ck_buf *b, const char *s, int keep_slash)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(".-_~", c) ||
            (keep_slash && c == '/'))
            ck_buf_putc(b, (char)c);
        else
            ck_buf_printf(b, "%%%02X", c);
    }
}

char *ck_openvex_image_purl(const struct ck_scan_info *s)
{
    const char *repo = s->repository ? s->repository : "", *name = repo, *p;
    struct ck_buf b;
    char *lower, *q;

    for (p = repo; *p; p++)
        if (*p == '/' || *p == '\\')
            name = p + 1;
    if (!(lower = ck_text_dup(name)))
        return NULL;
    for (q = lower; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    ck_buf_init(&b);
    ck_buf_printf(&b, "pkg:oci/");
    put_component(&b, lower, 0);
    free(lower);
    if (s->digest && *s->digest) {
        ck_buf_putc(&b, '@');
        put_component(&b, s->digest, 0);
    }
    ck_buf_printf(&b, "?repository_url=");
    put_component(&b, repo, 1);
    if (s->tag && *s->tag) {
        ck_buf_printf(&b, "&tag=");
        put_component(&b, s->tag, 0);
    }
    return ck_buf_take(&b);
}

static int pkg_cmp(const void *pa, const void *pb)
{
    const struct ck_package *a = *(const struct ck_package *const *)pa, *b = *(const struct ck_package *const *)pb;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    return c ? c : strcmp(a->version ? a->version : "", b->version ? b->version : "");
}

/* The URL of the package a finding is in: the scan's package of that name
 * and version, else a generic one. */
static char *finding_purl(const struct ck_report_scan *s, const struct ck_package **index,
                          const struct ck_history_finding *f)
{
    struct ck_package key, *kp = &key, *const *hit = NULL;
    struct ck_buf b;

    memset(&key, 0, sizeof key);
    key.name = f->package;
    key.version = f->installed;
    if (index)
        hit = bsearch(&kp, index, s->packages.count, sizeof *index, pkg_cmp);
    if (hit)
        return ck_cyclonedx_purl(*hit, s->info.ecosystem);
    ck_buf_init(&b);
    ck_buf_printf(&b, "pkg:generic/");
    put_component(&b, f->package ? f->package : "unknown", 0);
    if (f->installed && *f->installed) {
        ck_buf_putc(&b, '@');
        put_component(&b, f->installed, 0);
    }
    return ck_buf_take(&b);
}

static enum ck_status push_row(struct rows *r, const struct row *row)
{
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        struct row *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return CK_ERR_NOMEM;
        r->items = items;
        r->cap = cap;
    }
    r->items[r->count++] = *row;
    return CK_OK;
}

/* The rows of one scan (index: its packages sorted, or NULL). */
static enum ck_status scan_rows(const struct ck_report_scan *s, const struct ck_package **index, char **product,
                                struct rows *r)
{
    size_t k;
    for (k = 0; k < s->findings.count; k++) {
        const struct ck_review_entry *e = ck_review_of(s, k);
        const struct ck_history_finding *f = &s->findings.items[k];
        struct row row;
        if (!e || !e->decision)
            continue;
        if (!*product && !(*product = ck_openvex_image_purl(&s->info)))
            return CK_ERR_NOMEM;
        row.vuln = ck_report_finding_id(f);
        row.record_id = f->record_id;
        row.d = e->decision;
        row.product = *product;
        if (!(row.sub = finding_purl(s, index, f)) || push_row(r, &row) != CK_OK) {
            free(row.sub);
            return CK_ERR_NOMEM;
        }
    }
    return CK_OK;
}

static int wanted(const struct ck_scan_info *s, const struct ck_openvex_options *o)
{
    if (!s->ok)
        return 0;
    if (o->repository && strcmp(o->repository, s->repository ? s->repository : ""))
        return 0;
    return !o->tag || !strcmp(o->tag, s->tag ? s->tag : "");
}

static enum ck_status collect_rows(const struct ck_report *rep, const struct ck_openvex_options *o, struct rows *r)
{
    size_t i, j;
    enum ck_status rc = CK_OK;

    if (rep->count && !(r->products = calloc(rep->count, sizeof *r->products)))
        return CK_ERR_NOMEM;
    for (i = 0; i < rep->count && rc == CK_OK; i++) {
        const struct ck_report_scan *s = &rep->scans[i];
        const struct ck_package **index = NULL;
        if (!s->review || !wanted(&s->info, o))
            continue;
        if (s->packages.count) {
            if (!(index = malloc(s->packages.count * sizeof *index)))
                return CK_ERR_NOMEM;
            for (j = 0; j < s->packages.count; j++)
                index[j] = &s->packages.packages[j];
            qsort(index, s->packages.count, sizeof *index, pkg_cmp);
        }
        rc = scan_rows(s, index, &r->products[i], r);
        free(index);
    }
    return rc;
}

static int row_cmp(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;
    int c = strcmp(a->vuln, b->vuln);
    if (c)
        return c;
    if (a->d->id != b->d->id)
        return a->d->id < b->d->id ? -1 : 1;
    if ((c = strcmp(a->product, b->product)) != 0)
        return c;
    return strcmp(a->sub, b->sub);
}

static int same_statement(const struct row *a, const struct row *b)
{
    return !strcmp(a->vuln, b->vuln) && a->d == b->d;
}

/* ---- statements -------------------------------------------------------------- */

static void add_alias(cJSON *aliases, const char *vuln, const char *id, const char **seen, size_t *nseen, int *oom)
{
    size_t i;
    if (!id || !*id || !ck_text_casecmp(id, vuln) || *nseen == MAX_ALIASES)
        return;
    for (i = 0; i < *nseen; i++)
        if (!ck_text_casecmp(seen[i], id))
            return;
    seen[(*nseen)++] = id;
    ck_json_push_str(aliases, id, oom);
}

static void add_vulnerability(cJSON *st, const struct row *first, const struct row *end, int *oom)
{
    cJSON *v = ck_json_add_obj(st, "vulnerability", oom), *aliases = cJSON_CreateArray();
    const char *seen[MAX_ALIASES];
    size_t nseen = 0;
    const struct row *r;

    ck_json_add_str(v, "name", first->vuln, oom);
    add_alias(aliases, first->vuln, first->d->vuln_id, seen, &nseen, oom);
    for (r = first; r < end; r++)
        add_alias(aliases, first->vuln, r->record_id, seen, &nseen, oom);
    if (!aliases)
        *oom = 1;
    else if (cJSON_GetArraySize(aliases) && v)
        cJSON_AddItemToObject(v, "aliases", aliases);
    else
        cJSON_Delete(aliases);
}

static void add_products(cJSON *st, const struct row *first, const struct row *end, int *oom)
{
    cJSON *products = ck_json_add_arr(st, "products", oom), *subs = NULL;
    const struct row *r;

    for (r = first; r < end; r++) {
        if (r == first || strcmp(r->product, r[-1].product)) {
            cJSON *p = ck_json_add_obj(products, NULL, oom);
            ck_json_add_str(p, "@id", r->product, oom);
            subs = ck_json_add_arr(p, "subcomponents", oom);
        } else if (!strcmp(r->sub, r[-1].sub)) {
            continue;
        }
        ck_json_add_str(ck_json_add_obj(subs, NULL, oom), "@id", r->sub, oom);
    }
}

/* "text" or "prefix: text", malloc'd. */
static char *with_prefix(const char *prefix, const char *text)
{
    struct ck_buf b;
    ck_buf_init(&b);
    if (prefix && text && *text)
        ck_buf_printf(&b, "%s: %s", prefix, text);
    else
        ck_buf_printf(&b, "%s", prefix ? prefix : text ? text : "");
    return ck_buf_take(&b);
}

/* What an accepted risk's or an affected finding's action statement says. */
static char *action_text(const struct ck_decision *d)
{
    char day[16], head[160];
    if (d->state == CK_DECISION_ACCEPTED_RISK) {
        ck_date_format(d->expires, day, sizeof day);
        snprintf(head, sizeof head, "Risk accepted until %s%s%.80s%s", day, d->owner ? " (owner: " : "",
                 d->owner ? d->owner : "", d->owner ? ")" : "");
    } else {
        snprintf(head, sizeof head, "To be fixed%s%.80s", d->owner ? " by " : "", d->owner ? d->owner : "");
    }
    return with_prefix(head, d->note);
}

static void add_status(cJSON *st, const struct ck_decision *d, int *oom)
{
    char *text = NULL;
    switch (d->state) {
    case CK_DECISION_UNDER_INVESTIGATION:
        ck_json_add_str(st, "status", "under_investigation", oom);
        ck_json_add_str(st, "status_notes", d->note && *d->note ? d->note : NULL, oom);
        return;
    case CK_DECISION_AFFECTED:
    case CK_DECISION_ACCEPTED_RISK:
        ck_json_add_str(st, "status", "affected", oom);
        text = action_text(d);
        ck_json_add_str(st, "action_statement", text, oom);
        break;
    case CK_DECISION_NOT_AFFECTED:
        ck_json_add_str(st, "status", "not_affected", oom);
        if (d->justification)
            ck_json_add_str(st, "justification", ck_justification_str(d->justification), oom);
        if (!d->justification || (d->note && *d->note))
            text = with_prefix(d->note && *d->note ? NULL : "Not affected", d->note);
        ck_json_add_str(st, "impact_statement", text, oom);
        break;
    default: /* a false positive: the finding is wrong, so the product is not affected */
        ck_json_add_str(st, "status", "not_affected", oom);
        text = with_prefix("False positive", d->note);
        ck_json_add_str(st, "impact_statement", text, oom);
        break;
    }
    if (!text)
        *oom = 1;
    free(text);
}

static void add_statement(cJSON *arr, const struct row *first, const struct row *end, int *oom)
{
    cJSON *st = ck_json_add_obj(arr, NULL, oom);
    char when[32];

    add_vulnerability(st, first, end, oom);
    ck_text_format_time(first->d->decided_at, when, sizeof when);
    ck_json_add_str(st, "timestamp", when, oom);
    add_products(st, first, end, oom);
    add_status(st, first->d, oom);
}

/* "urn:uuid:..." from the hash of the statements (a name-based UUID, version 8). */
static void document_id(cJSON *statements, char *out, size_t size, int *oom)
{
    char *text = cJSON_PrintUnformatted(statements);
    char hex[CK_SHA256_HEX_SIZE];

    if (!text) {
        *oom = 1;
        snprintf(out, size, "urn:uuid:00000000-0000-8000-8000-000000000000");
        return;
    }
    ck_sha256_hex(text, strlen(text), hex);
    free(text);
    snprintf(out, size, "urn:uuid:%.8s-%.4s-8%.3s-8%.3s-%.12s", hex, hex + 8, hex + 13, hex + 17, hex + 20);
}

enum ck_status ck_openvex_write(const struct ck_report *r, const struct ck_openvex_options *o, struct ck_buf *out,
                                size_t *statements, struct ck_err *err)
{
    struct rows rows;
    cJSON *root = NULL, *arr;
    char id[64], when[32];
    size_t i, start, n = 0;
    int oom = 0;
    enum ck_status rc;

    if (!r->reviewed)
        return ck_err_set(err, CK_ERR_ARG, "the report carries no triage decisions");
    memset(&rows, 0, sizeof rows);
    if ((rc = collect_rows(r, o, &rows)) != CK_OK)
        goto done;
    if (rows.count)
        qsort(rows.items, rows.count, sizeof *rows.items, row_cmp);
    if (!(root = cJSON_CreateObject()) || !(arr = cJSON_CreateArray())) {
        cJSON_Delete(root);
        root = NULL;
        rc = CK_ERR_NOMEM;
        goto done;
    }
    for (start = 0, i = 1; i <= rows.count; i++)
        if (i == rows.count || !same_statement(&rows.items[start], &rows.items[i])) {
            add_statement(arr, &rows.items[start], &rows.items[i], &oom);
            start = i;
            n++;
        }
    document_id(arr, id, sizeof id, &oom);
    ck_text_format_time(o->now, when, sizeof when);
    ck_json_add_str(root, "@context", OPENVEX_CONTEXT, &oom);
    ck_json_add_str(root, "@id", id, &oom);
    ck_json_add_str(root, "author", o->author && *o->author ? o->author : "unknown", &oom);
    ck_json_add_str(root, "timestamp", when, &oom);
    if (!cJSON_AddNumberToObject(root, "version", 1))
        oom = 1;
    ck_json_add_str(root, "tooling", o->tooling, &oom);
    cJSON_AddItemToObject(root, "statements", arr);
    rc = oom ? CK_ERR_NOMEM : ck_json_print(root, 1, out);
    if (rc == CK_OK && statements)
        *statements = n;
done:
    cJSON_Delete(root);
    rows_release(&rows, r->count);
    return rc == CK_ERR_NOMEM ? ck_err_set(err, rc, "out of memory writing OpenVEX") : rc;
}
