#include "vuln/osv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/text.h"

/* What the parser needs to name a problem: the record id once known, else
 * the origin (file or zip entry). */
struct parse_ctx {
    const char *id;
    const char *origin;
    struct ck_err *err;
};

static enum ck_status fail(struct parse_ctx *ctx, enum ck_status st, const char *fmt, ...)
    CK_PRINTF(3, 4)
    ;

static enum ck_status fail(struct parse_ctx *ctx, enum ck_status st, const char *fmt, ...)
{
    char what[CK_ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (ctx->id && ctx->origin)
        return ck_err_set(ctx->err, st, "OSV record %s (%s): %s", ctx->id, ctx->origin, what);
    if (ctx->id)
        return ck_err_set(ctx->err, st, "OSV record %s: %s", ctx->id, what);
    return ck_err_set(ctx->err, st, "OSV record in %s: %s", ctx->origin ? ctx->origin : "(input)",
                      what);
}

static enum ck_status nomem(struct parse_ctx *ctx) { return fail(ctx, CK_ERR_NOMEM, "out of memory"); }

/* ---- lifecycle ---------------------------------------------------------- */

void ck_osv_record_init(struct ck_osv_record *rec) { memset(rec, 0, sizeof *rec); }

static void free_strings(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_severities(struct ck_osv_severity *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(s[i].type);
        free(s[i].score);
    }
    free(s);
}

static void free_range(struct ck_osv_range *r)
{
    size_t i;
    for (i = 0; i < r->event_count; i++)
        free(r->events[i].version);
    free(r->events);
    free(r->type_name);
    free(r->repo);
}

static void free_affected(struct ck_osv_affected *a)
{
    size_t i;
    free(a->ecosystem);
    free(a->name);
    free(a->purl);
    for (i = 0; i < a->range_count; i++)
        free_range(&a->ranges[i]);
    free(a->ranges);
    free_strings(a->versions, a->version_count);
    free_severities(a->severities, a->severity_count);
    free(a->distro_severity);
}

void ck_osv_record_release(struct ck_osv_record *rec)
{
    size_t i;
    if (!rec)
        return;
    free(rec->id);
    free(rec->schema_version);
    free(rec->modified);
    free(rec->published);
    free(rec->withdrawn);
    free(rec->summary);
    free(rec->details);
    free_strings(rec->aliases, rec->alias_count);
    free_strings(rec->upstream, rec->upstream_count);
    free_strings(rec->related, rec->related_count);
    free_severities(rec->severities, rec->severity_count);
    for (i = 0; i < rec->affected_count; i++)
        free_affected(&rec->affected[i]);
    free(rec->affected);
    for (i = 0; i < rec->reference_count; i++) {
        free(rec->references[i].type);
        free(rec->references[i].url);
    }
    free(rec->references);
    free(rec->distro_severity);
    ck_osv_record_init(rec);
}

const char *ck_osv_event_kind_name(enum ck_osv_event_kind kind)
{
    switch (kind) {
    case CK_OSV_INTRODUCED: return "introduced";
    case CK_OSV_FIXED: return "fixed";
    case CK_OSV_LAST_AFFECTED: return "last_affected";
    case CK_OSV_LIMIT: return "limit";
    }
    return "?";
}

const char *ck_osv_record_cve(const struct ck_osv_record *rec)
{
    size_t i;
    for (i = 0; i < rec->alias_count; i++)
        if (!strncmp(rec->aliases[i], "CVE-", 4))
            return rec->aliases[i];
    for (i = 0; i < rec->upstream_count; i++)
        if (!strncmp(rec->upstream[i], "CVE-", 4))
            return rec->upstream[i];
    if (rec->id && !strncmp(rec->id, "CVE-", 4))
        return rec->id;
    return NULL;
}

/* ---- field readers ------------------------------------------------------ */

/* A JSON null counts as absent, as the schema's optional fields allow. */
static const cJSON *field(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return v && !cJSON_IsNull(v) ? v : NULL;
}

/* Copies obj[key] into *out (NULL when absent). where names obj in messages. */
static enum ck_status read_string(struct parse_ctx *ctx, const cJSON *obj, const char *where,
                                  const char *key, int required, char **out)
{
    const cJSON *v = field(obj, key);
    if (!v) {
        if (required)
            return fail(ctx, CK_ERR_PARSE, "%s%s\"%s\" is missing", where, *where ? ": " : "", key);
        return CK_OK;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return fail(ctx, CK_ERR_PARSE, "%s%s\"%s\" is not a string", where, *where ? ": " : "", key);
    *out = ck_text_dup(v->valuestring);
    return *out ? CK_OK : nomem(ctx);
}

static enum ck_status read_string_array(struct parse_ctx *ctx, const cJSON *obj, const char *key,
                                        char ***out, size_t *count)
{
    const cJSON *arr = field(obj, key), *it;
    size_t n = 0;

    if (!arr)
        return CK_OK;
    if (!cJSON_IsArray(arr))
        return fail(ctx, CK_ERR_PARSE, "\"%s\" is not an array", key);
    *out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out);
    if (!*out)
        return nomem(ctx);
    cJSON_ArrayForEach(it, arr) {
        if (!cJSON_IsString(it) || !it->valuestring)
            return fail(ctx, CK_ERR_PARSE, "\"%s\"[%u] is not a string", key, (unsigned)n);
        (*out)[n] = ck_text_dup(it->valuestring);
        if (!(*out)[n])
            return nomem(ctx);
        *count = ++n;
    }
    return CK_OK;
}

/* An array field: NULL when absent, an error when not an array. */
static enum ck_status read_array(struct parse_ctx *ctx, const cJSON *obj, const char *where,
                                 const char *key, const cJSON **out, size_t *count)
{
    const cJSON *arr = field(obj, key);
    *out = NULL;
    *count = 0;
    if (!arr)
        return CK_OK;
    if (!cJSON_IsArray(arr))
        return fail(ctx, CK_ERR_PARSE, "%s\"%s\" is not an array", where, key);
    *out = arr;
    *count = (size_t)cJSON_GetArraySize(arr);
    return CK_OK;
}

static enum ck_status read_severities(struct parse_ctx *ctx, const cJSON *obj, const char *where,
                                      struct ck_osv_severity **out, size_t *count)
{
    const cJSON *arr, *it;
    size_t n;
    enum ck_status st = read_array(ctx, obj, where, "severity", &arr, &n);
    char at[96];

    if (st != CK_OK || !arr)
        return st;
    *out = calloc(n + 1, sizeof **out);
    if (!*out)
        return nomem(ctx);
    n = 0;
    cJSON_ArrayForEach(it, arr) {
        snprintf(at, sizeof at, "%sseverity[%u]", where, (unsigned)n);
        if (!cJSON_IsObject(it))
            return fail(ctx, CK_ERR_PARSE, "%s is not an object", at);
        *count = n + 1;
        if ((st = read_string(ctx, it, at, "type", 1, &(*out)[n].type)) != CK_OK ||
            (st = read_string(ctx, it, at, "score", 1, &(*out)[n].score)) != CK_OK)
            return st;
        n++;
    }
    return CK_OK;
}

/* Versions are printable text; the database's compact range form relies on it. */
static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

static const char *const event_keys[] = {"introduced", "fixed", "last_affected", "limit"};

static enum ck_status read_event(struct parse_ctx *ctx, const cJSON *ev, const char *at,
                                 struct ck_osv_event *out)
{
    size_t k;
    int found = 0;

    if (!cJSON_IsObject(ev))
        return fail(ctx, CK_ERR_PARSE, "%s is not an object", at);
    for (k = 0; k < sizeof event_keys / sizeof event_keys[0]; k++) {
        const cJSON *v = field(ev, event_keys[k]);
        if (!v)
            continue;
        if (found++)
            return fail(ctx, CK_ERR_PARSE, "%s has more than one of introduced, fixed, "
                                           "last_affected, limit", at);
        if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring)
            return fail(ctx, CK_ERR_PARSE, "%s: \"%s\" is not a non-empty string", at,
                        event_keys[k]);
        if (has_control(v->valuestring))
            return fail(ctx, CK_ERR_PARSE, "%s: \"%s\" holds a control character", at, event_keys[k]);
        out->kind = (enum ck_osv_event_kind)k;
        out->version = ck_text_dup(v->valuestring);
        if (!out->version)
            return nomem(ctx);
    }
    if (!found)
        return fail(ctx, CK_ERR_PARSE, "%s has none of introduced, fixed, last_affected, limit", at);
    return CK_OK;
}

static enum ck_status read_range(struct parse_ctx *ctx, const cJSON *rg, const char *at,
                                 struct ck_osv_range *out)
{
    static const char *const types[] = {"ECOSYSTEM", "SEMVER", "GIT"};
    const cJSON *events, *ev;
    size_t n, i;
    enum ck_status st;
    char where[160];

    if (!cJSON_IsObject(rg))
        return fail(ctx, CK_ERR_PARSE, "%s is not an object", at);
    if ((st = read_string(ctx, rg, at, "type", 1, &out->type_name)) != CK_OK ||
        (st = read_string(ctx, rg, at, "repo", 0, &out->repo)) != CK_OK)
        return st;
    out->type = CK_OSV_RANGE_OTHER;
    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(out->type_name, types[i]))
            out->type = (enum ck_osv_range_type)i;
    snprintf(where, sizeof where, "%s.", at);
    if ((st = read_array(ctx, rg, where, "events", &events, &n)) != CK_OK)
        return st;
    if (!n)
        return fail(ctx, CK_ERR_PARSE, "%s has no events", at);
    out->events = calloc(n, sizeof *out->events);
    if (!out->events)
        return nomem(ctx);
    n = 0;
    cJSON_ArrayForEach(ev, events) {
        snprintf(where, sizeof where, "%s.events[%u]", at, (unsigned)n);
        out->event_count = n + 1; /* counted first, so a half-read event is freed */
        if ((st = read_event(ctx, ev, where, &out->events[n])) != CK_OK)
            return st;
        n++;
    }
    return CK_OK;
}

/* The distribution's own rating word from an ecosystem_specific or
 * database_specific object: Debian "urgency", Ubuntu "ubuntu_priority",
 * or a generic "severity". */
static enum ck_status read_distro_severity(struct parse_ctx *ctx, const cJSON *obj, char **out)
{
    static const char *const keys[] = {"urgency", "ubuntu_priority", "severity", "priority"};
    size_t k;

    if (*out || !obj || !cJSON_IsObject(obj))
        return CK_OK;
    for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *v = field(obj, keys[k]);
        /* Other shapes (GHSA's severity objects, numbers) are not a rating word. */
        if (v && cJSON_IsString(v) && v->valuestring && *v->valuestring) {
            *out = ck_text_dup(v->valuestring);
            return *out ? CK_OK : nomem(ctx);
        }
    }
    return CK_OK;
}

static enum ck_status read_affected(struct parse_ctx *ctx, const cJSON *af, size_t index,
                                    struct ck_osv_affected *out)
{
    const cJSON *pkg, *ranges, *rg;
    size_t n;
    enum ck_status st;
    char at[96];

    snprintf(at, sizeof at, "affected[%u]", (unsigned)index);
    if (!cJSON_IsObject(af))
        return fail(ctx, CK_ERR_PARSE, "%s is not an object", at);
    pkg = field(af, "package");
    if (pkg) {
        char where[128];
        snprintf(where, sizeof where, "%s.package", at);
        if (!cJSON_IsObject(pkg))
            return fail(ctx, CK_ERR_PARSE, "%s is not an object", where);
        if ((st = read_string(ctx, pkg, where, "ecosystem", 1, &out->ecosystem)) != CK_OK ||
            (st = read_string(ctx, pkg, where, "name", 1, &out->name)) != CK_OK ||
            (st = read_string(ctx, pkg, where, "purl", 0, &out->purl)) != CK_OK)
            return st;
        if (!*out->ecosystem || !*out->name)
            return fail(ctx, CK_ERR_PARSE, "%s has an empty ecosystem or name", where);
    }
    {
        char where[128];
        snprintf(where, sizeof where, "%s.", at);
        if ((st = read_array(ctx, af, where, "ranges", &ranges, &n)) != CK_OK)
            return st;
        if ((st = read_severities(ctx, af, where, &out->severities, &out->severity_count)) != CK_OK)
            return st;
    }
    if (n) {
        out->ranges = calloc(n, sizeof *out->ranges);
        if (!out->ranges)
            return nomem(ctx);
        n = 0;
        cJSON_ArrayForEach(rg, ranges) {
            char where[128];
            snprintf(where, sizeof where, "%s.ranges[%u]", at, (unsigned)n);
            out->range_count = n + 1;
            if ((st = read_range(ctx, rg, where, &out->ranges[n])) != CK_OK)
                return st;
            n++;
        }
    }
    if ((st = read_string_array(ctx, af, "versions", &out->versions, &out->version_count)) != CK_OK)
        return st;
    if ((st = read_distro_severity(ctx, field(af, "ecosystem_specific"), &out->distro_severity)) != CK_OK)
        return st;
    return read_distro_severity(ctx, field(af, "database_specific"), &out->distro_severity);
}

static enum ck_status read_references(struct parse_ctx *ctx, const cJSON *root,
                                      struct ck_osv_record *rec)
{
    const cJSON *arr, *it;
    size_t n;
    enum ck_status st = read_array(ctx, root, "", "references", &arr, &n);
    char at[64];

    if (st != CK_OK || !arr)
        return st;
    rec->references = calloc(n + 1, sizeof *rec->references);
    if (!rec->references)
        return nomem(ctx);
    n = 0;
    cJSON_ArrayForEach(it, arr) {
        snprintf(at, sizeof at, "references[%u]", (unsigned)n);
        if (!cJSON_IsObject(it))
            return fail(ctx, CK_ERR_PARSE, "%s is not an object", at);
        rec->reference_count = n + 1;
        if ((st = read_string(ctx, it, at, "type", 0, &rec->references[n].type)) != CK_OK ||
            (st = read_string(ctx, it, at, "url", 1, &rec->references[n].url)) != CK_OK)
            return st;
        n++;
    }
    return CK_OK;
}

static enum ck_status read_record(struct parse_ctx *ctx, const cJSON *root, struct ck_osv_record *rec)
{
    const cJSON *arr, *it;
    size_t n;
    enum ck_status st;

    if ((st = read_string(ctx, root, "", "id", 1, &rec->id)) != CK_OK)
        return st;
    if (!*rec->id)
        return fail(ctx, CK_ERR_PARSE, "\"id\" is empty");
    ctx->id = rec->id;
    if ((st = read_string(ctx, root, "", "modified", 1, &rec->modified)) != CK_OK)
        return st;
    if (ck_text_parse_time(rec->modified, &rec->modified_us) != 0)
        return fail(ctx, CK_ERR_PARSE, "\"modified\" (%.40s) is not an RFC 3339 time", rec->modified);
    if ((st = read_string(ctx, root, "", "schema_version", 0, &rec->schema_version)) != CK_OK ||
        (st = read_string(ctx, root, "", "published", 0, &rec->published)) != CK_OK ||
        (st = read_string(ctx, root, "", "withdrawn", 0, &rec->withdrawn)) != CK_OK ||
        (st = read_string(ctx, root, "", "summary", 0, &rec->summary)) != CK_OK ||
        (st = read_string(ctx, root, "", "details", 0, &rec->details)) != CK_OK ||
        (st = read_string_array(ctx, root, "aliases", &rec->aliases, &rec->alias_count)) != CK_OK ||
        (st = read_string_array(ctx, root, "upstream", &rec->upstream, &rec->upstream_count)) != CK_OK ||
        (st = read_string_array(ctx, root, "related", &rec->related, &rec->related_count)) != CK_OK ||
        (st = read_severities(ctx, root, "", &rec->severities, &rec->severity_count)) != CK_OK ||
        (st = read_references(ctx, root, rec)) != CK_OK ||
        (st = read_distro_severity(ctx, field(root, "database_specific"), &rec->distro_severity)) != CK_OK)
        return st;
    if ((st = read_array(ctx, root, "", "affected", &arr, &n)) != CK_OK)
        return st;
    if (n) {
        rec->affected = calloc(n, sizeof *rec->affected);
        if (!rec->affected)
            return nomem(ctx);
        n = 0;
        cJSON_ArrayForEach(it, arr) {
            rec->affected_count = n + 1;
            if ((st = read_affected(ctx, it, n, &rec->affected[n])) != CK_OK)
                return st;
            n++;
        }
    }
    return CK_OK;
}

enum ck_status ck_osv_parse(const char *json, size_t len, const char *origin,
                            struct ck_osv_record *out, struct ck_err *err)
{
    struct parse_ctx ctx = {NULL, origin, err};
    struct ck_osv_record rec;
    cJSON *root = NULL;
    const char *at = NULL;
    enum ck_status st;

    ck_osv_record_init(&rec);
    if (!json)
        return fail(&ctx, CK_ERR_ARG, "no input");
    if (len > CK_OSV_MAX_RECORD_BYTES)
        return fail(&ctx, CK_ERR_LIMIT, "%llu bytes, more than the %u-byte limit of a record", (unsigned long long)len,
                    CK_OSV_MAX_RECORD_BYTES);
    root = cJSON_ParseWithLengthOpts(json, len, &at, 0);
    if (!root) {
        size_t off = at && at >= json && at <= json + len ? (size_t)(at - json) : len;
        st = fail(&ctx, CK_ERR_PARSE, "not valid JSON (near byte %llu)", (unsigned long long)off);
        goto cleanup;
    }
    if (!cJSON_IsObject(root)) {
        st = fail(&ctx, CK_ERR_PARSE, "not a JSON object");
        goto cleanup;
    }
    st = read_record(&ctx, root, &rec);
    if (st == CK_OK) {
        ck_osv_record_release(out);
        *out = rec;
        ck_osv_record_init(&rec);
    }
cleanup:
    ck_osv_record_release(&rec);
    cJSON_Delete(root);
    return st;
}
