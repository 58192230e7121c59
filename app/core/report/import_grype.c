/* Grype JSON reports (grype -o json):
 *   matches[]{vulnerability{id, severity, description, urls[], dataSource,
 *   fix{versions[], state}, cvss[]{version, vector, metrics{baseScore}}},
 *   relatedVulnerabilities[]{id, description, urls[], cvss[]},
 *   artifact{name, version, type, upstreams[]{name}}},
 *   source{type, target{userInput, tags[], manifestDigest, repoDigests[]}
 *   or target as a string}, distro{name, version}, descriptor{timestamp}. */
#include <stdlib.h>
#include <string.h>

#include "report/importer.h"
#include "util/buf.h"
#include "util/text.h"

/* The CVSS entry to use from a cvss[] list: the newest version 3 (or 4)
 * one, else the first. */
static const cJSON *pick_cvss(const cJSON *list)
{
    const cJSON *e, *best = NULL;
    double best_version = -1;
    cJSON_ArrayForEach(e, list)
    {
        double v = ck_json_num(e, "version", 0);
        if (v > best_version && ck_json_str(e, "vector")) {
            best = e;
            best_version = v;
        }
    }
    return best;
}

/* The related record that is a CVE (grype lists the NVD record of a GHSA or
 * distribution record there). */
static const cJSON *related_cve(const cJSON *match)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, ck_json_array(match, "relatedVulnerabilities"))
    {
        const char *id = ck_json_str(r, "id");
        if (id && !strncmp(id, "CVE-", 4))
            return r;
    }
    return NULL;
}

static enum ck_status add_match(struct ck_importer *im, struct ck_import_scan *s, const cJSON *m)
{
    const cJSON *vuln = ck_json_get(m, "vulnerability"), *art = ck_json_get(m, "artifact");
    const cJSON *fix = ck_json_get(vuln, "fix"), *related = related_cve(m), *cvss;
    const cJSON *upstream = cJSON_GetArrayItem(ck_json_array(art, "upstreams"), 0);
    const char *state = ck_json_str(fix, "state");
    struct ck_import_finding f;
    struct ck_buf refs;
    enum ck_status st;

    memset(&f, 0, sizeof f);
    f.record_id = ck_json_str(vuln, "id");
    f.cve = f.record_id && !strncmp(f.record_id, "CVE-", 4) ? f.record_id : ck_json_str(related, "id");
    f.package = ck_json_str(art, "name");
    f.source_name = ck_json_str(upstream, "name");
    f.installed = ck_json_str(art, "version");
    /* fix.state "fixed" with versions; "not-fixed", "wont-fix", "unknown" without. */
    if (!state || !strcmp(state, "fixed"))
        f.fixed = ck_json_first_str(fix, "versions");
    f.severity = ck_json_str(vuln, "severity");
    f.description = ck_json_str(vuln, "description");
    if (!f.description)
        f.description = ck_json_str(related, "description");
    cvss = pick_cvss(ck_json_array(vuln, "cvss"));
    if (!cvss)
        cvss = pick_cvss(ck_json_array(related, "cvss"));
    f.cvss_score = ck_json_num(ck_json_get(cvss, "metrics"), "baseScore", -1);
    f.cvss_vector = ck_json_str(cvss, "vector");

    /* The record's own page first, then its URLs, then the related record's. */
    ck_buf_init(&refs);
    st = ck_importer_url(&refs, ck_json_str(vuln, "dataSource"));
    if (st == CK_OK)
        st = ck_importer_urls(&refs, ck_json_array(vuln, "urls"), NULL);
    if (st == CK_OK)
        st = ck_importer_urls(&refs, ck_json_array(related, "urls"), NULL);
    f.refs = refs.data;
    if (st == CK_OK)
        st = ck_importer_add(im, s, &f);
    ck_buf_release(&refs);
    return st;
}

/* The image: what the user asked grype to scan, else its first tag. */
static const char *image_of(const cJSON *source)
{
    const cJSON *target = ck_json_get(source, "target");
    const char *input = ck_json_str(target, "userInput");

    if (cJSON_IsString(target) && target->valuestring && strcmp(target->valuestring, "unknown") != 0)
        return target->valuestring;
    return input ? input : ck_json_first_str(target, "tags");
}

enum ck_status ck_import_grype(struct ck_importer *im, const cJSON *root, struct ck_err *err)
{
    const cJSON *source = ck_json_get(root, "source"), *target = ck_json_get(source, "target");
    const cJSON *distro = ck_json_get(root, "distro"), *m;
    const char *stamp = ck_json_str(ck_json_get(root, "descriptor"), "timestamp");
    const char *digest = ck_json_str(target, "manifestDigest");
    struct ck_import_scan *s;
    int64_t us;

    if (!cJSON_IsObject(root))
        return ck_err_set(err, CK_ERR_PARSE, "%s: a Grype report must be a JSON object", im->name);
    if (!(s = ck_importer_scan(im, "grype", image_of(source))))
        return CK_ERR_NOMEM;
    if (!digest) {
        const char *repo_digest = ck_json_first_str(target, "repoDigests");
        digest = repo_digest && strchr(repo_digest, '@') ? strchr(repo_digest, '@') + 1 : NULL;
    }
    if (digest && !s->digest && !(s->digest = ck_json_clean_text(digest)))
        return CK_ERR_NOMEM;
    if (ck_json_str(distro, "name")) {
        struct ck_buf b;
        ck_buf_init(&b);
        ck_buf_printf(&b, "%s%s%s", ck_json_str(distro, "name"), ck_json_str(distro, "version") ? " " : "",
                      ck_json_str(distro, "version") ? ck_json_str(distro, "version") : "");
        s->os = ck_buf_status(&b) == CK_OK && b.data ? ck_json_clean_text(b.data) : NULL;
        ck_buf_release(&b);
        if (!s->os)
            return CK_ERR_NOMEM;
    }
    if (stamp && ck_text_parse_time(stamp, &us) == 0)
        s->scanned_at = us / 1000000;
    if (!ck_json_array(root, "matches"))
        ck_importer_warn(im, "no matches[]: an empty scan");
    cJSON_ArrayForEach(m, ck_json_array(root, "matches"))
    {
        enum ck_status st = add_match(im, s, m);
        if (st != CK_OK)
            return st;
    }
    return CK_OK;
}
