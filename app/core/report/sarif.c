/* SARIF 2.1.0 output (see sarif.h). */
#include "report/sarif.h"
#include "report/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "version.h"
#include "vuln/severity.h"

const char *ck_sarif_level(enum ck_severity sev)
{
    if (sev >= CK_SEV_HIGH)
        return "error";
    if (sev == CK_SEV_MEDIUM)
        return "warning";
    return "note";
}

/* GitHub reads security-severity as a CVSS-like score: 9.0+ critical,
 * 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. Without a CVSS score we give
 * the middle of the severity's band; NULL for an unknown severity. */
static const char *security_severity(const struct ck_history_finding *f, char *buf, size_t size)
{
    static const double band[CK_SEV_COUNT] = {-1, 0.0, 2.0, 5.5, 8.0, 9.5};
    double score = f->cvss_score >= 0 ? f->cvss_score : band[(unsigned)f->severity < CK_SEV_COUNT ? f->severity : 0];
    if (score < 0)
        return NULL;
    snprintf(buf, size, "%.1f", score);
    return buf;
}

/* A relative URI reference for the image: unreserved characters and '/'
 * kept, everything else percent-encoded (':' included, which code-scanning
 * services would read as a scheme). */
static void put_uri(struct ck_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;
    for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            ck_buf_putc(out, (char)*p);
        else
            ck_buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

static int id_cmp(const void *pa, const void *pb)
{
    const struct ck_history_finding *a = *(const struct ck_history_finding *const *)pa;
    const struct ck_history_finding *b = *(const struct ck_history_finding *const *)pb;
    return strcmp(a->record_id ? a->record_id : "", b->record_id ? b->record_id : "");
}

/* One finding per distinct record id, sorted: the rules, in rule order. */
struct rules {
    const struct ck_history_finding **items;
    size_t count;
};

static enum ck_status rules_build(const struct ck_report *r, struct rules *rules)
{
    size_t n = 0, i, k, out = 0;

    for (i = 0; i < r->count; i++)
        n += r->scans[i].findings.count;
    rules->items = NULL;
    rules->count = 0;
    if (!n)
        return CK_OK;
    if (!(rules->items = malloc(n * sizeof *rules->items)))
        return CK_ERR_NOMEM;
    for (i = 0; i < r->count; i++)
        for (k = 0; k < r->scans[i].findings.count; k++)
            rules->items[out++] = &r->scans[i].findings.items[k];
    qsort(rules->items, n, sizeof *rules->items, id_cmp);
    for (i = 0, out = 0; i < n; i++)
        if (!out || id_cmp(&rules->items[out - 1], &rules->items[i]) != 0)
            rules->items[out++] = rules->items[i];
    rules->count = out;
    return CK_OK;
}

static size_t rule_index(const struct rules *rules, const struct ck_history_finding *f)
{
    const struct ck_history_finding **hit = bsearch(&f, rules->items, rules->count, sizeof *rules->items, id_cmp);
    return hit ? (size_t)(hit - rules->items) : 0;
}

static void add_rule(cJSON *arr, const struct ck_history_finding *f, int *oom)
{
    cJSON *rule = ck_json_add_obj(arr, NULL, oom), *props, *tags;
    char *ref = ck_report_first_ref(f);
    char score[16];
    const char *id = f->record_id ? f->record_id : "";

    ck_json_add_str(rule, "id", id, oom);
    ck_json_add_str(ck_json_add_obj(rule, "shortDescription", oom), "text", f->title ? f->title : id, oom);
    ck_json_add_str(ck_json_add_obj(rule, "fullDescription", oom), "text",
                    f->description ? f->description : (f->title ? f->title : id), oom);
    if (ref && (!strncmp(ref, "https://", 8) || !strncmp(ref, "http://", 7)))
        ck_json_add_str(rule, "helpUri", ref, oom);
    ck_json_add_str(ck_json_add_obj(rule, "defaultConfiguration", oom), "level", ck_sarif_level(f->severity), oom);
    props = ck_json_add_obj(rule, "properties", oom);
    ck_json_add_str(props, "security-severity", security_severity(f, score, sizeof score), oom);
    ck_json_add_str(props, "cve", f->cve, oom);
    ck_json_add_str(props, "cvssVector", f->cvss_vector, oom);
    tags = ck_json_add_arr(props, "tags", oom);
    ck_json_push_str(tags, "security", oom);
    ck_json_push_str(tags, "vulnerability", oom);
    ck_json_push_str(tags, ck_severity_str(f->severity), oom);
    free(ref);
}

/* "not_affected (vulnerable_code_not_present): note. Owner: x. Until 2027-01-31." */
static void decision_text(struct ck_buf *b, const struct ck_decision *d)
{
    ck_buf_puts(b, ck_decision_state_str(d->state));
    if (d->justification != CK_JUSTIFICATION_NONE)
        ck_buf_printf(b, " (%s)", ck_justification_str(d->justification));
    if (d->note && *d->note)
        ck_buf_printf(b, ": %s", d->note);
    if (d->owner && *d->owner)
        ck_buf_printf(b, ". Owner: %s", d->owner);
    if (d->expires != CK_DATE_NONE) {
        char day[16];
        ck_date_format(d->expires, day, sizeof day);
        ck_buf_printf(b, ". Until %s", day);
    }
}

/* A decision in effect is a suppression: accepted when decided, under
 * review while under investigation; "affected" is no suppression. */
static void add_suppression(cJSON *res, const struct ck_decision *d, int *oom)
{
    cJSON *sup;
    struct ck_buf why;

    if (!d || d->state == CK_DECISION_AFFECTED)
        return;
    ck_buf_init(&why);
    decision_text(&why, d);
    sup = ck_json_add_obj(ck_json_add_arr(res, "suppressions", oom), NULL, oom);
    ck_json_add_str(sup, "kind", "external", oom);
    ck_json_add_str(sup, "status", d->state == CK_DECISION_UNDER_INVESTIGATION ? "underReview" : "accepted", oom);
    ck_json_add_str(sup, "justification", ck_buf_str(&why), oom);
    if (ck_buf_status(&why) != CK_OK)
        *oom = 1;
    ck_buf_release(&why);
}

/* The review's facts among a result's properties. */
static void review_properties(cJSON *props, const struct ck_review_entry *e, int *oom)
{
    char triage[64];

    if (!e)
        return;
    ck_review_triage_text(e, triage, sizeof triage);
    if (*triage)
        ck_json_add_str(props, "triage", triage, oom);
    if (e->has_epss) {
        ck_json_add_num(props, "epss", e->epss, oom);
        ck_json_add_num(props, "epssPercentile", e->percentile, oom);
    }
    if (e->has_kev) {
        ck_json_add_str(props, "knownExploitedSince", e->kev_added, oom);
        if (*e->kev_due)
            ck_json_add_str(props, "knownExploitedDueDate", e->kev_due, oom);
    }
    if (e->priority)
        ck_json_add_num(props, "priority", (double)e->priority, oom);
}

static void add_result(cJSON *arr, const struct ck_report_scan *s, const struct ck_history_finding *f,
                       enum ck_finding_state state, const struct ck_review_entry *e, size_t rule, int *oom)
{
    cJSON *res = ck_json_add_obj(arr, NULL, oom), *loc, *logical, *props;
    char *image = ck_report_image_name(&s->info);
    struct ck_buf text, uri, print, fqn;

    ck_buf_init(&text);
    ck_buf_init(&uri);
    ck_buf_init(&print);
    ck_buf_init(&fqn);
    if (!image) {
        *oom = 1;
        return;
    }
    ck_buf_printf(&text, "%s", ck_report_finding_id(f));
    if (f->cve && f->record_id && strcmp(f->cve, f->record_id))
        ck_buf_printf(&text, " (%s)", f->record_id);
    ck_buf_printf(&text, " in %s %s of %s: ", f->package ? f->package : "?", f->installed ? f->installed : "",
                  image);
    if (f->fixed && *f->fixed)
        ck_buf_printf(&text, "fixed in %s", f->fixed);
    else
        ck_buf_puts(&text, "no fix available yet");
    if (f->title)
        ck_buf_printf(&text, ". %s", f->title);
    put_uri(&uri, image);
    ck_buf_printf(&print, "%s|%s|%s", image, f->record_id ? f->record_id : "", f->package ? f->package : "");
    ck_buf_printf(&fqn, "%s/%s", image, f->package ? f->package : "");

    ck_json_add_str(res, "ruleId", f->record_id ? f->record_id : "", oom);
    ck_json_add_num(res, "ruleIndex", (double)rule, oom);
    ck_json_add_str(res, "level", ck_sarif_level(f->severity), oom);
    ck_json_add_str(ck_json_add_obj(res, "message", oom), "text", ck_buf_str(&text), oom);
    loc = ck_json_add_obj(ck_json_add_arr(res, "locations", oom), NULL, oom);
    ck_json_add_str(ck_json_add_obj(ck_json_add_obj(loc, "physicalLocation", oom), "artifactLocation", oom), "uri",
                    ck_buf_str(&uri), oom);
    logical = ck_json_add_obj(ck_json_add_arr(loc, "logicalLocations", oom), NULL, oom);
    ck_json_add_str(logical, "name", f->package ? f->package : "", oom);
    ck_json_add_str(logical, "fullyQualifiedName", ck_buf_str(&fqn), oom);
    ck_json_add_str(logical, "kind", "package", oom);
    ck_json_add_str(ck_json_add_obj(res, "partialFingerprints", oom), "containerKittyFinding/v1", ck_buf_str(&print),
                    oom);
    props = ck_json_add_obj(res, "properties", oom);
    ck_json_add_str(props, "image", image, oom);
    ck_json_add_str(props, "digest", s->info.digest, oom);
    ck_json_add_str(props, "engine", s->info.engine, oom);
    ck_json_add_str(props, "package", f->package, oom);
    ck_json_add_str(props, "sourcePackage", f->source_name, oom);
    ck_json_add_str(props, "installedVersion", f->installed, oom);
    ck_json_add_str(props, "fixedVersion", f->fixed, oom);
    ck_json_add_str(props, "severity", ck_severity_str(f->severity), oom);
    ck_json_add_str(props, "ecosystem", f->ecosystem, oom);
    if (f->kind == 1)
        ck_json_add_str(props, "kind", "malicious package", oom);
    if (f->locations && *f->locations)
        ck_json_push_lines(ck_json_add_arr(props, "locationsInImage", oom), f->locations, oom);
    if (f->cvss_score >= 0)
        ck_json_add_num(props, "cvssScore", f->cvss_score, oom);
    if (state != CK_STATE_NONE)
        ck_json_add_str(props, "state", ck_finding_state_str(state), oom);
    review_properties(props, e, oom);
    add_suppression(res, e ? e->decision : NULL, oom);
    if (ck_buf_status(&text) != CK_OK || ck_buf_status(&uri) != CK_OK || ck_buf_status(&print) != CK_OK ||
        ck_buf_status(&fqn) != CK_OK)
        *oom = 1;
    ck_buf_release(&fqn);
    ck_buf_release(&text);
    ck_buf_release(&uri);
    ck_buf_release(&print);
    free(image);
}

enum ck_status ck_sarif_report(const struct ck_report *r, struct ck_buf *out)
{
    struct rules rules;
    cJSON *root = cJSON_CreateObject(), *run, *driver, *arr;
    int oom = !root;
    size_t i, k;
    enum ck_status st;

    if ((st = rules_build(r, &rules)) != CK_OK) {
        cJSON_Delete(root);
        return st;
    }
    ck_json_add_str(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json", &oom);
    ck_json_add_str(root, "version", "2.1.0", &oom);
    run = ck_json_add_obj(ck_json_add_arr(root, "runs", &oom), NULL, &oom);
    driver = ck_json_add_obj(ck_json_add_obj(run, "tool", &oom), "driver", &oom);
    ck_json_add_str(driver, "name", "ContainerKitty", &oom);
    ck_json_add_str(driver, "version", CK_VERSION_STRING, &oom);
    ck_json_add_str(driver, "semanticVersion", CK_VERSION_STRING, &oom);
    arr = ck_json_add_arr(driver, "rules", &oom);
    for (i = 0; i < rules.count && !oom; i++)
        add_rule(arr, rules.items[i], &oom);
    arr = ck_json_add_arr(run, "results", &oom);
    for (i = 0; i < r->count && !oom; i++) {
        const struct ck_report_scan *s = &r->scans[i];
        for (k = 0; k < s->findings.count && !oom; k++)
            add_result(arr, s, &s->findings.items[k], s->states ? (enum ck_finding_state)s->states[k] : CK_STATE_NONE,
                       ck_review_of(s, k), rule_index(&rules, &s->findings.items[k]), &oom);
    }
    free(rules.items);
    return ck_json_finish(root, oom, out);
}
