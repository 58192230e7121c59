/* `docker scan --json` / `snyk container test --json`, the files the original
 * ContainerKitty kept per image:
 *   {ok, projectName "docker-image|<repository>", path, packageManager,
 *    uniqueCount, summary, vulnerabilities[]{id, title, severity,
 *    packageName (the source package), name ("<source>/<binary>" for OS
 *    packages), version, fixedIn[], nearestFixedInVersion, identifiers{CVE[]},
 *    cvssScore, CVSSv3, description, references[]{url}, from[] (from[0] =
 *    "docker-image|<repository>@<tag>")}, applications[] (the same shape, one
 *    per application manifest found in the image)}
 * or, when the scan failed, {ok: false, error, path}. */
#include <stdlib.h>
#include <string.h>

#include "report/importer.h"
#include "util/buf.h"
#include "util/text.h"

#define IMAGE_PREFIX "docker-image|"

static const char *strip_prefix(const char *s)
{
    if (s && !strncmp(s, IMAGE_PREFIX, strlen(IMAGE_PREFIX)))
        return s + strlen(IMAGE_PREFIX);
    return s;
}

/* The image as "repository[:tag]", malloc'd: projectName for the
 * repository; the tag from the first dependency path ("<repository>@<tag>"),
 * else from path ("<repository>:<tag>[/<project>]"). Without a projectName
 * naming an image: path. */
static char *image_of(const cJSON *root)
{
    const char *project = strip_prefix(ck_json_str(root, "projectName"));
    const cJSON *first = cJSON_GetArrayItem(ck_json_array(root, "vulnerabilities"), 0);
    const char *from = strip_prefix(ck_json_first_str(first, "from"));
    const char *path = ck_json_str(root, "path");
    size_t n = project ? strlen(project) : 0;
    struct ck_buf b;

    if (!project || project == ck_json_str(root, "projectName"))
        return ck_text_dup(path ? path : "");
    ck_buf_init(&b);
    ck_buf_puts(&b, project);
    if (from && !strncmp(from, project, n) && from[n] == '@')
        ck_buf_printf(&b, ":%s", from + n + 1);
    else if (path && !strncmp(path, project, n) && path[n] == ':')
        ck_buf_printf(&b, ":%.*s", (int)strcspn(path + n + 1, "/"), path + n + 1);
    if (ck_buf_status(&b) != CK_OK || !b.data) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}

static enum ck_status add_vuln(struct ck_importer *im, struct ck_import_scan *s, const cJSON *v)
{
    const char *name = ck_json_str(v, "name"), *slash = name ? strchr(name, '/') : NULL;
    const char *source = ck_json_str(v, "packageName");
    struct ck_import_finding f;
    struct ck_buf refs;
    enum ck_status st;

    memset(&f, 0, sizeof f);
    f.record_id = ck_json_str(v, "id");
    f.cve = ck_importer_first_with(ck_json_array(ck_json_get(v, "identifiers"), "CVE"), "CVE-");
    /* OS packages are named "<source>/<binary>"; npm scopes ("@types/node")
     * are no such pair. */
    if (slash && source && !strncmp(name, source, (size_t)(slash - name)) && source[slash - name] == '\0') {
        f.package = slash + 1;
        f.source_name = source;
    } else {
        f.package = source ? source : name;
    }
    f.installed = ck_json_str(v, "version");
    f.fixed = ck_json_str(v, "nearestFixedInVersion");
    if (!f.fixed)
        f.fixed = ck_json_first_str(v, "fixedIn");
    f.severity = ck_json_str(v, "severity");
    f.cvss_score = ck_json_num(v, "cvssScore", -1);
    f.cvss_vector = ck_json_str(v, "CVSSv3");
    f.title = ck_json_str(v, "title");
    f.description = ck_json_str(v, "description");
    ck_buf_init(&refs);
    st = ck_importer_urls(&refs, ck_json_array(v, "references"), "url");
    f.refs = refs.data;
    if (st == CK_OK)
        st = ck_importer_add(im, s, &f);
    ck_buf_release(&refs);
    return st;
}

static enum ck_status add_project(struct ck_importer *im, struct ck_import_scan *s, const cJSON *project)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, ck_json_array(project, "vulnerabilities"))
    {
        enum ck_status st = add_vuln(im, s, v);
        if (st != CK_OK)
            return st;
    }
    return CK_OK;
}

enum ck_status ck_import_snyk(struct ck_importer *im, const cJSON *root, struct ck_err *err)
{
    const cJSON *app;
    struct ck_import_scan *s;
    char *image;
    enum ck_status st;

    if (!cJSON_IsObject(root))
        return ck_err_set(err, CK_ERR_PARSE, "%s: a Snyk report must be a JSON object", im->name);
    if (!(image = image_of(root)))
        return CK_ERR_NOMEM;
    s = ck_importer_scan(im, "snyk", image);
    free(image);
    if (!s)
        return CK_ERR_NOMEM;
    if (ck_json_str(root, "error") && !ck_json_array(root, "vulnerabilities")) {
        /* The scan itself failed: kept as a failed scan with its reason. */
        return (s->error = ck_json_clean_text(ck_json_str(root, "error"))) != NULL ? CK_OK : CK_ERR_NOMEM;
    }
    s = ck_importer_same_image(im, s);
    if ((st = add_project(im, s, root)) != CK_OK)
        return st;
    cJSON_ArrayForEach(app, ck_json_array(root, "applications"))
    {
        if ((st = add_project(im, s, app)) != CK_OK)
            return st;
    }
    return CK_OK;
}
