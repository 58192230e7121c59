/* Triage decisions read from VEX documents: OpenVEX (0.2.0 and the older
 * unversioned form) and CycloneDX's vulnerability analysis (see
 * decisionfile.h).
 *
 * OpenVEX: one decision per product and subcomponent of a statement. A
 * pkg:oci product scopes it to that image (with a tag) or repository, any
 * other package URL to every image, in that package; subcomponents name
 * the packages. Statuses: not_affected (with its justification),
 * affected, under_investigation; fixed becomes not_affected with
 * vulnerable_code_not_present, the note saying so.
 *
 * CycloneDX: a vulnerability with an analysis is a decision for each
 * component it affects (resolved through the document's bom-refs to their
 * package URLs), scoped to the image the document describes when its
 * metadata names a container, else every image. in_triage is under
 * investigation, exploitable affected, resolved (with pedigree) not
 * affected with vulnerable_code_not_present, false_positive and
 * not_affected as they say, CycloneDX's justifications mapped to VEX's. */
#include "report/decisionfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"

#define MAX_STATEMENTS 100000
#define MAX_PRODUCTS 10000 /* per statement, and subcomponents per product */
#define MAX_NOTE 4096
#define MAX_COMPONENTS 100000

struct reader {
    const struct ck_decisionfile_options *opts;
    struct ck_decisions *out;
    size_t before; /* out's count when the file began */
    ck_decisionfile_warn_fn warn;
    void *ctx;
    char where[96];
};

static void say(struct reader *r, const char *fmt, ...) CK_PRINTF(2, 3);

static void say(struct reader *r, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (r->warn)
        r->warn(r->ctx, r->where, why);
}

static cJSON *parse(const char *text, size_t len, const char *format, struct ck_err *err, cJSON **root)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    *root = cJSON_ParseWithLength(text, len);
    if (!*root)
        ck_err_set(err, CK_ERR_PARSE, "not JSON (or nested too deeply): not %s", format);
    return *root;
}

static int64_t seconds_of(const char *rfc3339)
{
    int64_t us;
    return rfc3339 && ck_text_parse_time(rfc3339, &us) == 0 ? ck_text_seconds_of_us(us) : 0;
}

/* Appends "text" to the note being built, "; " between parts, bounded. */
static void note_add(struct ck_buf *note, const char *label, const char *text)
{
    if (!text || !*text || note->len >= MAX_NOTE)
        return;
    if (note->len)
        ck_buf_printf(note, "; ");
    if (label)
        ck_buf_printf(note, "%s: ", label);
    ck_buf_printf(note, "%.*s", (int)(MAX_NOTE - (note->len < MAX_NOTE ? note->len : MAX_NOTE)), text);
}

static int same_text(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* Adds d; where this file already gave a decision of the same key, the
 * newer statement (the later one at the same time) replaces it, as a VEX
 * document's later statements supersede earlier ones. */
static enum ck_status push_unique(struct reader *r, const struct ck_decision *d)
{
    size_t i;
    for (i = r->before; i < r->out->count; i++) {
        struct ck_decision *o = &r->out->items[i];
        if (!ck_text_casecmp(o->vuln_id, d->vuln_id) && same_text(o->package, d->package) && o->scope == d->scope &&
            same_text(o->repository, d->repository) && same_text(o->tag, d->tag)) {
            if (d->decided_at < o->decided_at)
                return CK_OK;
            if (ck_decisions_push_copy(r->out, d) != CK_OK)
                return CK_ERR_NOMEM;
            ck_decision_release(&r->out->items[i]);
            r->out->items[i] = r->out->items[--r->out->count];
            return CK_OK;
        }
    }
    return ck_decisions_push_copy(r->out, d);
}

/* d for package purl (NULL: any) in the scope of product (NULL: every
 * image); the scope's and package's strings are made here and freed. */
static enum ck_status push_for(struct reader *r, struct ck_decision d, const char *product, const char *package_purl)
{
    char *pkg = NULL;
    enum ck_status st;

    d.scope = CK_SCOPE_ALL;
    d.repository = d.tag = NULL;
    if (product && ck_decisionfile_oci_scope(product, &d) != 0 && !package_purl)
        package_purl = product; /* a package as the product: that package in every image */
    if (package_purl && !(pkg = ck_decisionfile_purl_package(package_purl))) {
        say(r, "'%.200s' is not a package URL: not taken", package_purl);
        free(d.repository);
        free(d.tag);
        return CK_OK;
    }
    d.package = pkg;
    st = push_unique(r, &d);
    free(pkg);
    free(d.repository);
    free(d.tag);
    return st;
}

/* ---- OpenVEX -------------------------------------------------------------------- */

static const char *item_id(const cJSON *item)
{
    const char *id;
    if (cJSON_IsString(item))
        return item->valuestring;
    if ((id = ck_json_str(item, "@id")) != NULL)
        return id;
    return ck_json_str(ck_json_get(item, "identifiers"), "purl");
}

/* The state and justification of an OpenVEX status; -1 when unknown. */
static int openvex_state(struct reader *r, const cJSON *st, struct ck_decision *d, struct ck_buf *note)
{
    const char *status = ck_json_str(st, "status"), *just = ck_json_str(st, "justification");

    if (!status) {
        say(r, "no status: not taken");
        return -1;
    }
    d->justification = CK_JUSTIFICATION_NONE;
    if (!strcmp(status, "not_affected")) {
        d->state = CK_DECISION_NOT_AFFECTED;
        if (just && ck_justification_parse(just, &d->justification) != 0)
            say(r, "unknown justification '%.100s': taken without one", just);
    } else if (!strcmp(status, "affected")) {
        d->state = CK_DECISION_AFFECTED;
    } else if (!strcmp(status, "under_investigation")) {
        d->state = CK_DECISION_UNDER_INVESTIGATION;
    } else if (!strcmp(status, "fixed")) {
        d->state = CK_DECISION_NOT_AFFECTED;
        d->justification = CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT;
        note_add(note, NULL, "fixed (OpenVEX status)");
    } else {
        say(r, "unknown status '%.100s': not taken", status);
        return -1;
    }
    return 0;
}

static const char *openvex_vuln(const cJSON *st)
{
    const cJSON *v = ck_json_get(st, "vulnerability");
    const char *name;
    if (cJSON_IsString(v))
        return v->valuestring;
    if ((name = ck_json_str(v, "name")) != NULL)
        return name;
    return ck_json_str(v, "@id");
}

/* One decision per product and subcomponent. */
static enum ck_status openvex_products(struct reader *r, const cJSON *st, const struct ck_decision *d)
{
    const cJSON *products = ck_json_array(st, "products"), *p, *subs, *s;
    size_t np = 0, ns;
    enum ck_status rc = CK_OK;

    if (!products || !cJSON_GetArraySize(products))
        return push_for(r, *d, NULL, NULL);
    cJSON_ArrayForEach(p, products)
    {
        const char *pid = item_id(p);
        if (np++ >= MAX_PRODUCTS || rc != CK_OK)
            break;
        if (!pid) {
            say(r, "products[%zu] has no @id: not taken", np - 1);
            continue;
        }
        subs = ck_json_array(p, "subcomponents");
        if (!subs)
            subs = ck_json_array(st, "subcomponents"); /* the older documents' place */
        if (!subs || !cJSON_GetArraySize(subs)) {
            rc = push_for(r, *d, pid, NULL);
            continue;
        }
        ns = 0;
        cJSON_ArrayForEach(s, subs)
        {
            const char *sid = item_id(s);
            if (ns++ >= MAX_PRODUCTS || rc != CK_OK)
                break;
            if (sid)
                rc = push_for(r, *d, pid, sid);
            else
                say(r, "products[%zu].subcomponents[%zu] has no @id: not taken", np - 1, ns - 1);
        }
    }
    return rc;
}

static enum ck_status openvex_statement(struct reader *r, const cJSON *st, int64_t doc_time)
{
    struct ck_decision d;
    struct ck_buf note;
    const char *vuln = openvex_vuln(st), *when = ck_json_str(st, "timestamp");
    char *clean_vuln = NULL, *clean_note = NULL;
    enum ck_status rc = CK_OK;

    memset(&d, 0, sizeof d);
    ck_buf_init(&note);
    if (!vuln) {
        say(r, "no vulnerability name: not taken");
        return CK_OK;
    }
    if (openvex_state(r, st, &d, &note) != 0)
        goto done;
    note_add(&note, NULL, ck_json_str(st, "impact_statement"));
    note_add(&note, NULL, ck_json_str(st, "action_statement"));
    note_add(&note, NULL, ck_json_str(st, "status_notes"));
    if (when && !seconds_of(when))
        say(r, "timestamp '%.64s' is not an RFC 3339 time: the document's is used", when);
    d.decided_at = when && seconds_of(when) ? seconds_of(when) : doc_time;
    d.expires = CK_DATE_NONE;
    d.decided_by = (char *)r->opts->author;
    if (!(clean_vuln = ck_json_clean_text(vuln)) || (note.len && !(clean_note = ck_json_clean_text(note.data)))) {
        rc = CK_ERR_NOMEM;
        goto done;
    }
    d.vuln_id = clean_vuln;
    d.note = clean_note;
    rc = openvex_products(r, st, &d);
done:
    free(clean_vuln);
    free(clean_note);
    ck_buf_release(&note);
    return rc;
}

enum ck_status ck_vexin_openvex_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                     struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                     struct ck_err *err)
{
    struct reader r;
    cJSON *root;
    const cJSON *statements, *st;
    int64_t doc_time;
    size_t i = 0;
    enum ck_status rc = CK_OK;

    if (!parse(text, len, "OpenVEX", err, &root))
        return CK_ERR_PARSE;
    if (!(statements = ck_json_array(root, "statements"))) {
        cJSON_Delete(root);
        return ck_err_set(err, CK_ERR_PARSE, "no statements array: not an OpenVEX document");
    }
    memset(&r, 0, sizeof r);
    r.opts = opts;
    r.out = out;
    r.before = out->count;
    r.warn = warn;
    r.ctx = ctx;
    doc_time = seconds_of(ck_json_str(root, "timestamp"));
    cJSON_ArrayForEach(st, statements)
    {
        snprintf(r.where, sizeof r.where, "statements[%zu]", i);
        if (i++ >= MAX_STATEMENTS) {
            say(&r, "more than %d statements: the rest are not read", MAX_STATEMENTS);
            break;
        }
        if ((rc = openvex_statement(&r, st, doc_time)) != CK_OK)
            break;
    }
    cJSON_Delete(root);
    return rc == CK_ERR_NOMEM ? ck_err_set(err, rc, "out of memory") : rc;
}

/* ---- CycloneDX ------------------------------------------------------------------ */

/* bom-ref to package URL, of every component however deep. */
struct refs {
    const char **ref, **purl;
    size_t count, cap;
};

static int refs_add(struct refs *m, const char *ref, const char *purl)
{
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const char **a = realloc(m->ref, cap * sizeof *a), **b;
        if (!a)
            return -1;
        m->ref = a;
        if (!(b = realloc(m->purl, cap * sizeof *b)))
            return -1;
        m->purl = b;
        m->cap = cap;
    }
    m->ref[m->count] = ref;
    m->purl[m->count++] = purl;
    return 0;
}

static int refs_walk(struct refs *m, const cJSON *components, int depth)
{
    const cJSON *c;
    if (!components || depth > 16)
        return 0;
    cJSON_ArrayForEach(c, components)
    {
        const char *ref = ck_json_str(c, "bom-ref"), *purl = ck_json_str(c, "purl");
        if (m->count >= MAX_COMPONENTS)
            return 0;
        if (ref && purl && refs_add(m, ref, purl) != 0)
            return -1;
        if (refs_walk(m, ck_json_array(c, "components"), depth + 1) != 0)
            return -1;
    }
    return 0;
}

/* The document's own component and what it holds. */
static int refs_metadata(struct refs *m, const cJSON *root)
{
    const cJSON *c = ck_json_get(ck_json_get(root, "metadata"), "component");
    const char *ref = ck_json_str(c, "bom-ref"), *purl = ck_json_str(c, "purl");
    if (ref && purl && refs_add(m, ref, purl) != 0)
        return -1;
    return refs_walk(m, ck_json_array(c, "components"), 1);
}

/* The package URL an affects[].ref names: a bom-ref (also as
 * "urn:cdx:serial/version#bom-ref"), or a package URL itself. */
static const char *refs_find(const struct refs *m, const char *ref)
{
    const char *hash;
    size_t i;
    if (!strncmp(ref, "urn:cdx:", 8) && (hash = strchr(ref, '#')) != NULL)
        ref = hash + 1;
    for (i = 0; i < m->count; i++)
        if (!strcmp(m->ref[i], ref))
            return m->purl[i];
    return !strncmp(ref, "pkg:", 4) ? ref : NULL;
}

struct cdx_map {
    const char *name;
    int value;
};

static const struct cdx_map cdx_states[] = {
    {"resolved", CK_DECISION_NOT_AFFECTED},       {"resolved_with_pedigree", CK_DECISION_NOT_AFFECTED},
    {"exploitable", CK_DECISION_AFFECTED},        {"in_triage", CK_DECISION_UNDER_INVESTIGATION},
    {"false_positive", CK_DECISION_FALSE_POSITIVE}, {"not_affected", CK_DECISION_NOT_AFFECTED},
};

static const struct cdx_map cdx_justifications[] = {
    {"code_not_present", CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT},
    {"code_not_reachable", CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH},
    {"requires_configuration", CK_JUSTIFICATION_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY},
    {"requires_dependency", CK_JUSTIFICATION_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY},
    {"requires_environment", CK_JUSTIFICATION_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY},
    {"protected_by_compiler", CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST},
    {"protected_at_runtime", CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST},
    {"protected_at_perimeter", CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST},
    {"protected_by_mitigating_control", CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST},
};

static int cdx_lookup(const struct cdx_map *map, size_t n, const char *name)
{
    size_t i;
    for (i = 0; name && i < n; i++)
        if (!strcmp(map[i].name, name))
            return map[i].value;
    return -1;
}

/* The state, justification and note of an analysis; -1 when not taken. */
static int cdx_analysis(struct reader *r, const cJSON *a, struct ck_decision *d, struct ck_buf *note)
{
    const char *state = ck_json_str(a, "state"), *just = ck_json_str(a, "justification");
    const cJSON *resp = ck_json_array(a, "response"), *x;
    int s = cdx_lookup(cdx_states, sizeof cdx_states / sizeof cdx_states[0], state), j;

    if (s < 0) {
        if (state)
            say(r, "unknown analysis state '%.100s': not taken", state);
        else
            say(r, "the analysis has no state: not taken");
        return -1;
    }
    d->state = (enum ck_decision_state)s;
    d->justification = CK_JUSTIFICATION_NONE;
    if (!strncmp(state, "resolved", 8)) {
        d->justification = CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT;
        note_add(note, NULL, state);
    } else if (s == CK_DECISION_NOT_AFFECTED && just) {
        if ((j = cdx_lookup(cdx_justifications, sizeof cdx_justifications / sizeof cdx_justifications[0], just)) < 0)
            say(r, "unknown justification '%.100s': taken without one", just);
        else
            d->justification = (enum ck_justification)j;
    }
    note_add(note, NULL, ck_json_str(a, "detail"));
    cJSON_ArrayForEach(x, resp)
    {
        if (cJSON_IsString(x))
            note_add(note, "response", x->valuestring);
    }
    return 0;
}

/* s onto b with what a package URL's qualifier value may not hold as it
 * is percent-encoded (ck_decisionfile_oci_scope decodes it again). */
static void put_encoded(struct ck_buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&' || c == '%' || c == '#' || c <= ' ' || c >= 0x7f)
            ck_buf_printf(b, "%%%02X", c);
        else
            ck_buf_putc(b, (char)c);
    }
}

/* The image a document describes (metadata.component of type container),
 * as a product URL for push_for; malloc'd, NULL when none. */
static char *cdx_image(const cJSON *root)
{
    const cJSON *c = ck_json_get(ck_json_get(root, "metadata"), "component");
    const char *type = ck_json_str(c, "type"), *purl = ck_json_str(c, "purl"), *name = ck_json_str(c, "name");
    char *repo = NULL, *tag = NULL, *digest = NULL, *clean;
    enum ck_status st;
    struct ck_buf b;

    if (!type || strcmp(type, "container") != 0)
        return NULL;
    if (purl && !strncmp(purl, "pkg:oci/", 8))
        return ck_text_dup(purl);
    clean = name ? ck_json_clean_text(name) : NULL;
    st = clean ? ck_report_parse_image(clean, &repo, &tag, &digest) : CK_ERR_NOMEM;
    free(clean);
    if (st != CK_OK)
        return NULL;
    ck_buf_init(&b);
    /* the same scope as an OCI URL naming the repository and tag */
    ck_buf_printf(&b, "pkg:oci/image?repository_url=");
    put_encoded(&b, repo);
    ck_buf_printf(&b, "&tag=");
    put_encoded(&b, ck_json_str(c, "version") ? ck_json_str(c, "version") : tag);
    free(repo);
    free(tag);
    free(digest);
    return ck_buf_take(&b);
}

static enum ck_status cdx_vulnerability(struct reader *r, const cJSON *v, const struct refs *m, const char *image)
{
    const cJSON *a = ck_json_get(v, "analysis"), *affects = ck_json_array(v, "affects"), *x;
    const char *id = ck_json_str(v, "id");
    struct ck_decision d;
    struct ck_buf note;
    char *clean_id = NULL, *clean_note = NULL;
    enum ck_status rc = CK_OK;
    size_t k = 0;

    if (!cJSON_IsObject(a))
        return CK_OK; /* a finding, not a decision */
    memset(&d, 0, sizeof d);
    ck_buf_init(&note);
    if (!id) {
        say(r, "no id: not taken");
        return CK_OK;
    }
    if (cdx_analysis(r, a, &d, &note) != 0)
        goto done;
    d.expires = CK_DATE_NONE;
    d.decided_by = (char *)r->opts->author;
    d.decided_at = seconds_of(ck_json_str(a, "lastUpdated"));
    if (!d.decided_at)
        d.decided_at = seconds_of(ck_json_str(a, "firstIssued"));
    if (!(clean_id = ck_json_clean_text(id)) || (note.len && !(clean_note = ck_json_clean_text(note.data)))) {
        rc = CK_ERR_NOMEM;
        goto done;
    }
    d.vuln_id = clean_id;
    d.note = clean_note;
    if (!affects || !cJSON_GetArraySize(affects))
        rc = push_for(r, d, image, NULL);
    cJSON_ArrayForEach(x, affects)
    {
        const char *ref = ck_json_str(x, "ref"), *purl = ref ? refs_find(m, ref) : NULL;
        if (rc != CK_OK || k++ >= MAX_PRODUCTS)
            break;
        if (!purl) {
            say(r, "affects[%zu] names no component of the document: taken for any package", k - 1);
            rc = push_for(r, d, image, NULL);
        } else if (!strncmp(purl, "pkg:oci/", 8)) {
            rc = push_for(r, d, purl, NULL);
        } else {
            rc = push_for(r, d, image, purl);
        }
    }
done:
    free(clean_id);
    free(clean_note);
    ck_buf_release(&note);
    return rc;
}

enum ck_status ck_vexin_cyclonedx_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                       struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                       struct ck_err *err)
{
    struct reader r;
    struct refs m;
    cJSON *root;
    const cJSON *vulns, *v;
    char *image = NULL;
    size_t i = 0;
    enum ck_status rc = CK_OK;

    if (!parse(text, len, "CycloneDX", err, &root))
        return CK_ERR_PARSE;
    if (!ck_json_str(root, "bomFormat") || strcmp(ck_json_str(root, "bomFormat"), "CycloneDX") != 0) {
        cJSON_Delete(root);
        return ck_err_set(err, CK_ERR_PARSE, "no bomFormat CycloneDX: not a CycloneDX document");
    }
    memset(&r, 0, sizeof r);
    memset(&m, 0, sizeof m);
    r.opts = opts;
    r.out = out;
    r.before = out->count;
    r.warn = warn;
    r.ctx = ctx;
    vulns = ck_json_array(root, "vulnerabilities");
    if (refs_walk(&m, ck_json_array(root, "components"), 0) != 0 || refs_metadata(&m, root) != 0)
        rc = CK_ERR_NOMEM;
    image = cdx_image(root);
    cJSON_ArrayForEach(v, vulns)
    {
        snprintf(r.where, sizeof r.where, "vulnerabilities[%zu]", i);
        if (rc != CK_OK)
            break;
        if (i++ >= MAX_STATEMENTS) {
            say(&r, "more than %d vulnerabilities: the rest are not read", MAX_STATEMENTS);
            break;
        }
        rc = cdx_vulnerability(&r, v, &m, image);
    }
    free(image);
    free(m.ref);
    free(m.purl);
    cJSON_Delete(root);
    return rc == CK_ERR_NOMEM ? ck_err_set(err, rc, "out of memory") : rc;
}
