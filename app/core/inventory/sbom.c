/* Bills of materials from an inventory.
 *
 * ContainerKitty JSON ("containerkitty-sbom", version 1; docs/sbom-json.md):
 *   {"format":"containerkitty-sbom","version":1,"source":S|null,
 *    "os":{"id":S|null,"version_id":S|null,"pretty_name":S|null},
 *    "ecosystem":S|null,
 *    "packages":[{"type":"deb|apk|rpm|lang","name":S,"version":S,"source_name":S,
 *                 "source_version":S,"arch":S|null,"purl":S,
 *                 lang only: "ecosystem":S,"owner":S|null,"locations":[S]}],
 *    whole-filesystem walk only: "files_seen":N,
 *    "unmanaged":[{"path":S,"kind":S,"size":N,"sha256":S|null,"detail":S|null,
 *                  "product":S|null,"product_version":S|null}]  (software: programs,
 *                  libraries, scripts, archives; `ckitty unmanaged` lists every file),
 *    "unmanaged_other":{"files":N,"bytes":N}  (the other files nobody owns),
 *    "warnings":[S],"incomplete":B}
 * Keys are only ever added within version 1.
 *
 * CycloneDX 1.5 JSON: metadata (timestamp, tool, the subject as a container
 * component), an operating-system component, a library component per
 * package (bom-ref = purl), ContainerKitty's extra fields as properties. */
#include "inventory/sbom.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inventory/lang/langtext.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/json.h"
#include "version.h"

int ck_sbom_format_parse(const char *name, enum ck_sbom_format *out)
{
    if (!strcmp(name, "json"))
        *out = CK_SBOM_JSON;
    else if (!strcmp(name, "cyclonedx"))
        *out = CK_SBOM_CYCLONEDX;
    else
        return -1;
    return 0;
}

/* ---- package URLs ------------------------------------------------------ */

static enum ck_status put_encoded(struct ck_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
            c == '_' || c == '~' || c == ':') {
            if (ck_buf_putc(b, (char)c))
                return CK_ERR_NOMEM;
        } else if (ck_buf_putc(b, '%') || ck_buf_putc(b, hex[c >> 4]) || ck_buf_putc(b, hex[c & 15])) {
            return CK_ERR_NOMEM;
        }
    }
    return CK_OK;
}

static const char *purl_namespace(enum ck_pkg_type t, const struct ck_os *os)
{
    if (os && os->id && *os->id)
        return !strcmp(os->id, "rhel") ? "redhat" : os->id;
    return t == CK_PKG_DEB ? "debian" : t == CK_PKG_APK ? "alpine" : NULL;
}

/* Adds "key=value" with the right separator; empty values are left out. */
static enum ck_status qualifier(struct ck_buf *b, int *n, const char *key, const char *v1, const char *v2)
{
    if (!v1 || !*v1)
        return CK_OK;
    if (ck_buf_putc(b, (*n)++ ? '&' : '?') || ck_buf_puts(b, key) || ck_buf_putc(b, '='))
        return CK_ERR_NOMEM;
    if (put_encoded(b, v1))
        return CK_ERR_NOMEM;
    if (v2 && *v2 && (ck_buf_putc(b, '-') || put_encoded(b, v2)))
        return CK_ERR_NOMEM;
    return CK_OK;
}

/* The purl type and the name as purl spells it, for each ecosystem. */
static const struct {
    const char *ecosystem, *type;
} lang_purls[] = {
    {"npm", "npm"},       {"PyPI", "pypi"},         {"Go", "golang"},          {"Maven", "maven"},
    {"RubyGems", "gem"}, {"crates.io", "cargo"}, {"Packagist", "composer"}, {"NuGet", "nuget"},
};

/* Each '/'-separated segment encoded on its own (npm scopes, Go module
 * paths, Composer vendors keep their slashes). */
static enum ck_status put_segments(struct ck_buf *b, const char *s)
{
    char seg[1024];
    while (*s) {
        size_t n = strcspn(s, "/");
        if (n >= sizeof seg)
            n = sizeof seg - 1;
        memcpy(seg, s, n);
        seg[n] = '\0';
        if (put_encoded(b, seg))
            return CK_ERR_NOMEM;
        s += n;
        if (*s == '/') {
            s++;
            if (ck_buf_putc(b, '/'))
                return CK_ERR_NOMEM;
        }
    }
    return CK_OK;
}

/* pkg:npm/%40babel/core@7.0.0, pkg:pypi/typing-extensions@4.0 (PEP 503),
 * pkg:golang/github.com/pkg/errors@v0.9.1, pkg:maven/org.x/y@1.0, ... */
static char *lang_purl(const struct ck_package *p)
{
    const char *type = NULL;
    struct ck_buf b;
    char name[1024];
    size_t i;

    for (i = 0; i < sizeof lang_purls / sizeof lang_purls[0]; i++)
        if (p->ecosystem && !strcmp(p->ecosystem, lang_purls[i].ecosystem))
            type = lang_purls[i].type;
    snprintf(name, sizeof name, "%s", p->name);
    if (type && !strcmp(type, "pypi")) {
        ck_lang_pep503(p->name, name, sizeof name);
    } else if (type && !strcmp(type, "maven")) {
        char *colon = strchr(name, ':');
        if (colon)
            *colon = '/';
    }
    ck_buf_init(&b);
    ck_buf_printf(&b, "pkg:%s/", type ? type : "generic");
    put_segments(&b, name);
    ck_buf_putc(&b, '@');
    put_encoded(&b, p->version);
    return ck_buf_status(&b) == CK_OK ? ck_buf_take(&b) : (ck_buf_release(&b), NULL);
}

char *ck_sbom_purl(const struct ck_package *p, const struct ck_os *os)
{
    struct ck_buf b;
    const char *ns = purl_namespace(p->type, os), *version = p->version, *colon;
    char *epoch = NULL;
    enum ck_status st;
    int n = 0;

    if (p->type == CK_PKG_LANG)
        return lang_purl(p);
    ck_buf_init(&b);
    /* rpm's purl version has no epoch; it goes into a qualifier */
    if (p->type == CK_PKG_RPM && (colon = strchr(version, ':')) != NULL) {
        epoch = malloc((size_t)(colon - version) + 1);
        if (!epoch)
            return NULL;
        memcpy(epoch, version, (size_t)(colon - version));
        epoch[colon - version] = '\0';
        version = colon + 1;
    }
    st = ck_buf_printf(&b, "pkg:%s/", ck_pkg_type_str(p->type));
    if (st == CK_OK && ns)
        st = put_encoded(&b, ns) ? CK_ERR_NOMEM : ck_buf_putc(&b, '/');
    if (st == CK_OK)
        st = put_encoded(&b, p->name);
    if (st == CK_OK)
        st = ck_buf_putc(&b, '@');
    if (st == CK_OK)
        st = put_encoded(&b, version);
    if (st == CK_OK)
        st = qualifier(&b, &n, "arch", p->arch, NULL);
    if (st == CK_OK && os)
        st = qualifier(&b, &n, "distro", os->id, os->version_id);
    if (st == CK_OK)
        st = qualifier(&b, &n, "epoch", epoch, NULL);
    free(epoch);
    if (st != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}

/* ---- JSON -------------------------------------------------------------- */

/* cJSON's Add functions return NULL when out of memory: count those. */
struct doc {
    int bad;
};

static void add_str(struct doc *d, cJSON *obj, const char *key, const char *v)
{
    if (!(v ? cJSON_AddStringToObject(obj, key, v) : cJSON_AddNullToObject(obj, key)))
        d->bad = 1;
}

static cJSON *add_obj(struct doc *d, cJSON *parent, const char *key)
{
    cJSON *o = key ? cJSON_AddObjectToObject(parent, key) : cJSON_CreateObject();
    if (!o)
        d->bad = 1;
    else if (!key && !cJSON_AddItemToArray(parent, o)) {
        cJSON_Delete(o);
        o = NULL;
        d->bad = 1;
    }
    return o;
}

static cJSON *add_array(struct doc *d, cJSON *obj, const char *key)
{
    cJSON *a = cJSON_AddArrayToObject(obj, key);
    if (!a)
        d->bad = 1;
    return a;
}

static void push_str(struct doc *d, cJSON *array, const char *s)
{
    cJSON *v = cJSON_CreateString(s);
    if (!v || !cJSON_AddItemToArray(array, v)) {
        cJSON_Delete(v);
        d->bad = 1;
    }
}

/* The warnings, with a last line for those past the cap. */
static void add_warnings(struct doc *d, cJSON *array, const struct ck_inventory *inv,
                         void (*push)(struct doc *, cJSON *, const char *))
{
    size_t i;
    for (i = 0; i < inv->warning_count && !d->bad; i++)
        push(d, array, inv->warnings[i]);
    if (inv->warnings_dropped) {
        struct ck_buf b;
        ck_buf_init(&b);
        if (ck_buf_printf(&b, "%llu more warnings were left out", (unsigned long long)inv->warnings_dropped))
            d->bad = 1;
        else
            push(d, array, ck_buf_str(&b));
        ck_buf_release(&b);
    }
}

static void add_app_fields(struct doc *d, cJSON *o, const struct ck_package *p)
{
    cJSON *locs;
    size_t i;

    add_str(d, o, "ecosystem", p->ecosystem);
    add_str(d, o, "owner", p->owner);
    if ((locs = add_array(d, o, "locations")) != NULL)
        for (i = 0; i < p->location_count; i++)
            push_str(d, locs, p->locations[i]);
}

cJSON *ck_sbom_unmanaged_item(const struct ck_unmanaged *u)
{
    struct doc d = {0};
    cJSON *o = cJSON_CreateObject();

    if (!o)
        return NULL;
    add_str(&d, o, "path", u->path);
    add_str(&d, o, "kind", ck_file_kind_str(u->kind));
    if (!cJSON_AddNumberToObject(o, "size", (double)u->size))
        d.bad = 1;
    add_str(&d, o, "sha256", u->sha256[0] ? u->sha256 : NULL);
    add_str(&d, o, "detail", u->detail);
    add_str(&d, o, "product", u->product);
    add_str(&d, o, "product_version", u->product_version);
    if (d.bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *ck_sbom_package_item(const struct ck_package *p, const struct ck_os *os)
{
    struct doc d = {0};
    cJSON *o = cJSON_CreateObject();
    char *purl = ck_sbom_purl(p, os);

    if (!o || !purl) {
        free(purl);
        cJSON_Delete(o);
        return NULL;
    }
    add_str(&d, o, "type", ck_pkg_type_str(p->type));
    add_str(&d, o, "name", p->name);
    add_str(&d, o, "version", p->version);
    add_str(&d, o, "source_name", p->source_name);
    add_str(&d, o, "source_version", p->source_version);
    add_str(&d, o, "arch", p->arch);
    add_str(&d, o, "purl", purl);
    free(purl);
    if (p->type == CK_PKG_LANG)
        add_app_fields(&d, o, p);
    if (d.bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static void push_item(struct doc *d, cJSON *array, cJSON *item)
{
    if (!item || !cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        d->bad = 1;
    }
}

static void add_unmanaged(struct doc *d, cJSON *root, const struct ck_inventory *inv)
{
    cJSON *list = add_array(d, root, "unmanaged"), *other;
    uint64_t files = 0, bytes = 0;
    size_t i;

    if (!cJSON_AddNumberToObject(root, "files_seen", (double)inv->files_seen))
        d->bad = 1;
    for (i = 0; list && i < inv->unmanaged_count && !d->bad; i++) {
        const struct ck_unmanaged *u = &inv->unmanaged[i];
        if (ck_file_kind_is_software(u->kind)) {
            push_item(d, list, ck_sbom_unmanaged_item(u));
        } else {
            files++;
            bytes += u->size;
        }
    }
    if ((other = add_obj(d, root, "unmanaged_other")) != NULL &&
        (!cJSON_AddNumberToObject(other, "files", (double)files) ||
         !cJSON_AddNumberToObject(other, "bytes", (double)bytes)))
        d->bad = 1;
}

enum ck_status ck_sbom_add_unmanaged(struct cJSON *root, const struct ck_inventory *inv)
{
    struct doc d = {0};
    add_unmanaged(&d, root, inv);
    return d.bad ? CK_ERR_NOMEM : CK_OK;
}

static void render_json(struct doc *d, cJSON *root, const struct ck_inventory *inv, const char *subject)
{
    cJSON *os, *pkgs, *warnings;
    size_t i;

    add_str(d, root, "format", "containerkitty-sbom");
    if (!cJSON_AddNumberToObject(root, "version", 1))
        d->bad = 1;
    add_str(d, root, "source", subject);
    if ((os = add_obj(d, root, "os")) != NULL) {
        add_str(d, os, "id", inv->os.id);
        add_str(d, os, "version_id", inv->os.version_id);
        add_str(d, os, "pretty_name", inv->os.pretty_name);
    }
    add_str(d, root, "ecosystem", inv->os.ecosystem);
    pkgs = add_array(d, root, "packages");
    for (i = 0; pkgs && i < inv->count && !d->bad; i++)
        push_item(d, pkgs, ck_sbom_package_item(&inv->packages[i], &inv->os));
    if (inv->walked)
        add_unmanaged(d, root, inv);
    if ((warnings = add_array(d, root, "warnings")) != NULL)
        add_warnings(d, warnings, inv, push_str);
    if (!cJSON_AddBoolToObject(root, "incomplete", inv->incomplete))
        d->bad = 1;
}

/* ---- CycloneDX ----------------------------------------------------------- */

static void add_property(struct doc *d, cJSON *props, const char *name, const char *value)
{
    cJSON *p;
    if (!value)
        return;
    if ((p = add_obj(d, props, NULL)) != NULL) {
        add_str(d, p, "name", name);
        add_str(d, p, "value", value);
    }
}

static void push_warning_property(struct doc *d, cJSON *props, const char *text)
{
    add_property(d, props, "containerkitty:warning", text);
}

/* Where the package was found: CycloneDX 1.5 evidence occurrences. */
static void add_evidence(struct doc *d, cJSON *o, const struct ck_package *p)
{
    cJSON *ev, *occ, *one;
    size_t i;

    if (!p->location_count || !(ev = add_obj(d, o, "evidence")) || !(occ = add_array(d, ev, "occurrences")))
        return;
    for (i = 0; i < p->location_count; i++)
        if ((one = add_obj(d, occ, NULL)) != NULL)
            add_str(d, one, "location", p->locations[i]);
}

/* An unmanaged program or library as a file component with its hash. */
static void add_file_component(struct doc *d, cJSON *comps, const struct ck_unmanaged *u)
{
    cJSON *o, *hashes, *h, *props;

    if ((u->kind != CK_FILE_EXECUTABLE && u->kind != CK_FILE_LIBRARY) || !(o = add_obj(d, comps, NULL)))
        return;
    add_str(d, o, "type", "file");
    add_str(d, o, "name", u->path);
    if (u->product_version && u->product)
        add_str(d, o, "version", u->product_version);
    if (u->sha256[0] && (hashes = add_array(d, o, "hashes")) != NULL && (h = add_obj(d, hashes, NULL)) != NULL) {
        add_str(d, h, "alg", "SHA-256");
        add_str(d, h, "content", u->sha256);
    }
    if ((props = add_array(d, o, "properties")) != NULL) {
        add_property(d, props, "containerkitty:unmanaged", ck_file_kind_str(u->kind));
        add_property(d, props, "containerkitty:file:detail", u->detail);
        add_property(d, props, "containerkitty:file:product", u->product);
    }
}

static void render_cyclonedx(struct doc *d, cJSON *root, const struct ck_inventory *inv, const char *subject)
{
    cJSON *meta, *tools, *list, *tool, *comps, *props;
    char stamp[32];
    struct tm tm;
    size_t i;

    ck_time_utc(ck_time_now(), &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    add_str(d, root, "bomFormat", "CycloneDX");
    add_str(d, root, "specVersion", "1.5");
    if (!cJSON_AddNumberToObject(root, "version", 1))
        d->bad = 1;
    if ((meta = add_obj(d, root, "metadata")) != NULL) {
        add_str(d, meta, "timestamp", stamp);
        if ((tools = add_obj(d, meta, "tools")) != NULL && (list = add_array(d, tools, "components")) != NULL &&
            (tool = add_obj(d, list, NULL)) != NULL) {
            add_str(d, tool, "type", "application");
            add_str(d, tool, "name", CK_PRODUCT_NAME);
            add_str(d, tool, "version", CK_VERSION_STRING);
        }
        if (subject && (tool = add_obj(d, meta, "component")) != NULL) {
            add_str(d, tool, "type", "container");
            add_str(d, tool, "bom-ref", "subject");
            add_str(d, tool, "name", subject);
        }
        if ((props = add_array(d, meta, "properties")) != NULL) {
            add_property(d, props, "containerkitty:ecosystem", inv->os.ecosystem);
            add_property(d, props, "containerkitty:incomplete", inv->incomplete ? "true" : "false");
            add_warnings(d, props, inv, push_warning_property);
        }
    }
    comps = add_array(d, root, "components");
    if (comps && inv->os.id) {
        cJSON *o = add_obj(d, comps, NULL);
        if (o) {
            add_str(d, o, "type", "operating-system");
            add_str(d, o, "bom-ref", "os");
            add_str(d, o, "name", inv->os.id);
            if (inv->os.version_id)
                add_str(d, o, "version", inv->os.version_id);
            if (inv->os.pretty_name)
                add_str(d, o, "description", inv->os.pretty_name);
        }
    }
    for (i = 0; comps && i < inv->count && !d->bad; i++) {
        const struct ck_package *p = &inv->packages[i];
        cJSON *o = add_obj(d, comps, NULL);
        char *purl = ck_sbom_purl(p, &inv->os);
        if (!o || !purl) {
            free(purl);
            d->bad = 1;
            break;
        }
        add_str(d, o, "type", "library");
        add_str(d, o, "bom-ref", purl);
        add_str(d, o, "name", p->name);
        add_str(d, o, "version", p->version);
        add_str(d, o, "purl", purl);
        if (p->type == CK_PKG_LANG)
            add_evidence(d, o, p);
        if ((props = add_array(d, o, "properties")) != NULL) {
            add_property(d, props, "containerkitty:package:type", ck_pkg_type_str(p->type));
            add_property(d, props, "containerkitty:package:source_name", p->source_name);
            add_property(d, props, "containerkitty:package:source_version", p->source_version);
            add_property(d, props, "containerkitty:package:arch", p->arch);
            add_property(d, props, "containerkitty:ecosystem", p->ecosystem);
            add_property(d, props, "containerkitty:owner", p->owner);
        }
        free(purl);
    }
    for (i = 0; comps && i < inv->unmanaged_count && !d->bad; i++)
        add_file_component(d, comps, &inv->unmanaged[i]);
}

enum ck_status ck_sbom_render(const struct ck_inventory *inv, enum ck_sbom_format fmt, const char *subject,
                              char **out, struct ck_err *err)
{
    cJSON *root = cJSON_CreateObject();
    struct doc d = {0};
    struct ck_buf text;
    enum ck_status st = CK_ERR_NOMEM;

    if (!root)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (fmt == CK_SBOM_CYCLONEDX)
        render_cyclonedx(&d, root, inv, subject);
    else
        render_json(&d, root, inv, subject);
    ck_buf_init(&text);
    if (!d.bad)
        st = ck_json_print(root, 1, &text);
    cJSON_Delete(root);
    if (st == CK_OK)
        *out = ck_buf_take(&text);
    ck_buf_release(&text);
    if (st != CK_OK || !*out)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return CK_OK;
}
