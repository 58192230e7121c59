/* ContainerKitty's own per-image JSON results (docs/scan-json.md), as the
 * runners of a sharded CI scan write them: gathered into the desktop's
 * history as scans of our own, with their inventory, so that a re-match
 * works on them too. Importing the same result twice stores nothing new
 * (the scan's time and engine say it is there). */
#include "report/importer.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "util/text.h"

#define OWN_ENGINE "containerkitty"

static char *clean(const cJSON *obj, const char *key)
{
    const char *s = ck_json_str(obj, key);
    return s ? ck_json_clean_text(s) : NULL;
}

/* One package item as ck_sbom_package_item writes it. */
static enum ck_status add_package(struct ck_importer *im, struct ck_inventory *inv, const cJSON *o, size_t i)
{
    static const char *const types[] = {"deb", "apk", "rpm"};
    const char *type = ck_json_str(o, "type"), *name = ck_json_str(o, "name"), *version = ck_json_str(o, "version");
    const cJSON *loc;
    size_t t;

    if (!type || !name || !version) {
        ck_importer_warn(im, "package %zu: no type, name or version: left out", i + 1);
        return CK_OK;
    }
    for (t = 0; t < 3; t++)
        if (!strcmp(type, types[t]))
            return ck_inventory_add(inv, (enum ck_pkg_type)t, name, version, ck_json_str(o, "source_name"),
                                    ck_json_str(o, "source_version"), ck_json_str(o, "arch"));
    if (!ck_inventory_known_ecosystem(ck_json_str(o, "ecosystem"))) {
        ck_importer_warn(im, "package %s: unknown type or ecosystem: left out", name);
        return CK_OK;
    }
    if (ck_inventory_add_app(inv, ck_inventory_known_ecosystem(ck_json_str(o, "ecosystem")), name, version, NULL,
                             ck_json_str(o, "owner"), 0) != CK_OK)
        return CK_ERR_NOMEM;
    cJSON_ArrayForEach(loc, ck_json_array(o, "locations"))
    {
        struct ck_package *p = &inv->packages[inv->count - 1];
        char **l;
        if (!cJSON_IsString(loc) || !(l = realloc(p->locations, (p->location_count + 1) * sizeof *l)))
            continue;
        p->locations = l;
        if ((l[p->location_count] = ck_text_dup(loc->valuestring)) != NULL)
            p->location_count++;
    }
    return CK_OK;
}

static enum ck_status read_inventory(struct ck_importer *im, const cJSON *root, struct ck_import_scan *s)
{
    const cJSON *item;
    size_t i = 0;

    if (!(s->inventory = malloc(sizeof *s->inventory)))
        return CK_ERR_NOMEM;
    ck_inventory_init(s->inventory);
    s->inventory->os.pretty_name = clean(root, "os");
    s->inventory->os.ecosystem = clean(root, "ecosystem");
    s->inventory->walked = cJSON_IsTrue(ck_json_get(root, "whole_filesystem"));
    cJSON_ArrayForEach(item, ck_json_array(root, "packages"))
    {
        if (add_package(im, s->inventory, item, i++) != CK_OK)
            return CK_ERR_NOMEM;
    }
    return CK_OK;
}

static char *lines_of(const cJSON *arr)
{
    struct ck_buf b;
    const cJSON *x;
    ck_buf_init(&b);
    cJSON_ArrayForEach(x, arr)
    {
        if (cJSON_IsString(x))
            ck_buf_printf(&b, "%s%s", b.len ? "\n" : "", x->valuestring);
    }
    return b.len ? ck_buf_take(&b) : (ck_buf_release(&b), NULL);
}

static enum ck_status add_finding(struct ck_importer *im, struct ck_import_scan *s, const cJSON *o)
{
    struct ck_history_finding f;
    const cJSON *score = ck_json_get(o, "cvss_score");
    enum ck_status rc;

    memset(&f, 0, sizeof f);
    f.record_id = (char *)ck_json_str(o, "id");
    f.package = (char *)ck_json_str(o, "package");
    if (!f.record_id || !f.package) {
        ck_importer_warn(im, "a finding without an id or a package: left out");
        return CK_OK;
    }
    if (ck_severity_parse(ck_json_str(o, "severity"), &f.severity) != 0)
        f.severity = CK_SEV_UNKNOWN;
    f.cve = (char *)ck_json_str(o, "cve");
    f.source_name = (char *)ck_json_str(o, "source_name");
    f.installed = (char *)ck_json_str(o, "installed");
    f.fixed = (char *)ck_json_str(o, "fixed");
    f.cvss_score = cJSON_IsNumber(score) ? score->valuedouble : -1;
    f.cvss_vector = (char *)ck_json_str(o, "cvss_vector");
    f.title = (char *)ck_json_str(o, "title");
    f.ecosystem = (char *)ck_json_str(o, "ecosystem");
    f.kind = ck_json_str(o, "kind") && !strcmp(ck_json_str(o, "kind"), "malicious package");
    f.locations = lines_of(ck_json_array(o, "locations"));
    rc = ck_history_findings_add(&s->findings, &f);
    free(f.locations);
    return rc;
}

enum ck_status ck_import_own(struct ck_importer *im, const cJSON *root, struct ck_err *err)
{
    struct ck_import_scan *s = ck_importer_scan(im, OWN_ENGINE, ck_json_str(root, "image"));
    const char *when = ck_json_str(root, "scanned_at");
    const cJSON *f;
    int64_t us;

    if (!s)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    /* the result names its image as the history does: no reference to normalise */
    free(s->repository);
    free(s->tag);
    s->repository = clean(root, "repository");
    s->tag = clean(root, "tag");
    if (!s->tag)
        s->tag = ck_text_dup("");
    s->digest = clean(root, "digest");
    s->os = clean(root, "os");
    s->image_key = clean(root, "image_id");
    s->not_assessed = clean(root, "not_assessed");
    if (when && ck_text_parse_time(when, &us) == 0)
        s->scanned_at = ck_text_seconds_of_us(us);
    if (!s->repository || !s->tag || read_inventory(im, root, s) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    cJSON_ArrayForEach(f, ck_json_array(root, "findings"))
    {
        if (add_finding(im, s, f) != CK_OK)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    return CK_OK;
}
