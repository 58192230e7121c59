/* Trivy JSON reports (trivy image --format json, SchemaVersion 2):
 *   ArtifactName, ArtifactType, CreatedAt, Metadata{OS{Family,Name},
 *   RepoTags[], RepoDigests[]}, Results[]{Target, Vulnerabilities[]{
 *   VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Status,
 *   Severity, SeveritySource, Title, Description, References[],
 *   CVSS{<source>{V3Score,V3Vector,V2Score,V2Vector}}}}. */
#include <stdlib.h>
#include <string.h>

#include "report/importer.h"
#include "util/buf.h"
#include "util/text.h"

/* An archive or folder path rather than an image name. */
static int looks_like_path(const char *s)
{
    return s[0] == '/' || s[0] == '.' || strstr(s, ".tar") || strstr(s, ".tgz") || strchr(s, '\\');
}

/* The image: ArtifactName, unless it is a file (then the image's first tag);
 * else the first target without its " (os version)" suffix. */
static char *image_of(const cJSON *root)
{
    const char *name = ck_json_str(root, "ArtifactName");
    const char *tag = ck_json_first_str(ck_json_get(root, "Metadata"), "RepoTags");
    const cJSON *first = cJSON_GetArrayItem(ck_json_array(root, "Results"), 0);
    const char *target = ck_json_str(first, "Target");

    if (name && !(looks_like_path(name) && tag))
        return ck_text_dup(name);
    if (tag)
        return ck_text_dup(tag);
    if (target) {
        const char *paren = strstr(target, " (");
        return ck_text_dupn(target, paren ? (size_t)(paren - target) : strlen(target));
    }
    return ck_text_dup("");
}

/* The CVSS entry to use: NVD's, else the severity source's, else the first. */
static const cJSON *pick_cvss(const cJSON *vuln)
{
    const cJSON *cvss = ck_json_get(vuln, "CVSS"), *e;
    const char *source = ck_json_str(vuln, "SeveritySource");

    if (!cJSON_IsObject(cvss))
        return NULL;
    if ((e = ck_json_get(cvss, "nvd")) != NULL)
        return e;
    if (source && (e = ck_json_get(cvss, source)) != NULL)
        return e;
    return cvss->child;
}

static enum ck_status add_vuln(struct ck_importer *im, struct ck_import_scan *s, const cJSON *v)
{
    struct ck_import_finding f;
    const cJSON *cvss = pick_cvss(v);
    const char *status = ck_json_str(v, "Status");
    struct ck_buf refs;
    enum ck_status st;

    /* The vendor says the package is not affected: not a finding. */
    if (status && !strcmp(status, "not_affected"))
        return CK_OK;
    memset(&f, 0, sizeof f);
    f.record_id = ck_json_str(v, "VulnerabilityID");
    f.package = ck_json_str(v, "PkgName");
    f.source_name = ck_json_str(v, "SrcName");
    f.installed = ck_json_str(v, "InstalledVersion");
    f.fixed = ck_json_str(v, "FixedVersion");
    f.severity = ck_json_str(v, "Severity");
    f.title = ck_json_str(v, "Title");
    f.description = ck_json_str(v, "Description");
    f.cvss_score = ck_json_num(cvss, "V3Score", -1);
    f.cvss_vector = ck_json_str(cvss, "V3Vector");
    if (f.cvss_score < 0 && !f.cvss_vector) {
        f.cvss_score = ck_json_num(cvss, "V2Score", -1);
        f.cvss_vector = ck_json_str(cvss, "V2Vector");
    }
    ck_buf_init(&refs);
    st = ck_importer_url(&refs, ck_json_str(v, "PrimaryURL"));
    if (st == CK_OK)
        st = ck_importer_urls(&refs, ck_json_array(v, "References"), NULL);
    f.refs = refs.data;
    if (st == CK_OK)
        st = ck_importer_add(im, s, &f);
    ck_buf_release(&refs);
    return st;
}

enum ck_status ck_import_trivy(struct ck_importer *im, const cJSON *root, struct ck_err *err)
{
    const cJSON *meta = ck_json_get(root, "Metadata"), *os = ck_json_get(meta, "OS"), *result;
    const cJSON *results = ck_json_array(root, "Results");
    const char *created = ck_json_str(root, "CreatedAt"), *digest = ck_json_first_str(meta, "RepoDigests");
    double version = ck_json_num(root, "SchemaVersion", 2);
    struct ck_import_scan *s;
    char *image;
    int64_t us;

    if (!cJSON_IsObject(root))
        return ck_err_set(err, CK_ERR_PARSE, "%s: a Trivy report must be a JSON object", im->name);
    if (version != 2)
        ck_importer_warn(im, "Trivy SchemaVersion %g (2 expected), read as 2", version);
    if (!(image = image_of(root)))
        return CK_ERR_NOMEM;
    s = ck_importer_scan(im, "trivy", image);
    free(image);
    if (!s)
        return CK_ERR_NOMEM;
    if (digest && strchr(digest, '@') && !s->digest && !(s->digest = ck_text_dup(strchr(digest, '@') + 1)))
        return CK_ERR_NOMEM;
    if (ck_json_str(os, "Family")) {
        struct ck_buf b;
        ck_buf_init(&b);
        ck_buf_printf(&b, "%s%s%s", ck_json_str(os, "Family"), ck_json_str(os, "Name") ? " " : "",
                      ck_json_str(os, "Name") ? ck_json_str(os, "Name") : "");
        if (ck_buf_status(&b) != CK_OK || !(s->os = ck_json_clean_text(b.data))) {
            ck_buf_release(&b);
            return CK_ERR_NOMEM;
        }
        ck_buf_release(&b);
    }
    if (created && ck_text_parse_time(created, &us) == 0)
        s->scanned_at = us / 1000000;
    if (!results)
        ck_importer_warn(im, "no Results: an empty scan");
    cJSON_ArrayForEach(result, results)
    {
        const cJSON *v;
        cJSON_ArrayForEach(v, ck_json_array(result, "Vulnerabilities"))
        {
            enum ck_status st = add_vuln(im, s, v);
            if (st != CK_OK)
                return st;
        }
    }
    return CK_OK;
}
