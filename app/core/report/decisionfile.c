/* Triage decisions read from other tools' files: which format a file is,
 * the dispatch to its reader, and what the readers share (see
 * decisionfile.h). */
#include "report/decisionfile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report/reviewcsv.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/utf8.h"

const char *ck_decisionfile_format_name(enum ck_decisionfile_format f)
{
    switch (f) {
    case CK_DECISIONFILE_OPENVEX:
        return "OpenVEX";
    case CK_DECISIONFILE_CYCLONEDX:
        return "CycloneDX VEX";
    case CK_DECISIONFILE_TRIVYIGNORE:
        return ".trivyignore";
    case CK_DECISIONFILE_TRIVYIGNORE_YAML:
        return ".trivyignore.yaml";
    case CK_DECISIONFILE_GRYPE:
        return "Grype ignore rules";
    case CK_DECISIONFILE_CSV:
        return "review CSV";
    default:
        return "unknown";
    }
}

/* ---- which format ------------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *p, *name = path;
    for (p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            name = p + 1;
    return name;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !ck_text_casecmp(s + n - m, suffix);
}

/* Does the head hold needle (a bounded search: head is not NUL-terminated)? */
static int head_has(const char *head, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = 0; n && i + n <= len; i++)
        if (!memcmp(head + i, needle, n))
            return 1;
    return 0;
}

/* A line of the head that starts (no indentation) with key. */
static int head_has_top_key(const char *head, size_t len, const char *key)
{
    size_t n = strlen(key), i;
    for (i = 0; i + n <= len; i++)
        if ((i == 0 || head[i - 1] == '\n') && !memcmp(head + i, key, n))
            return 1;
    return 0;
}

static enum ck_decisionfile_format sniff_json(const char *head, size_t len)
{
    if (head_has(head, len, "openvex.dev/ns"))
        return CK_DECISIONFILE_OPENVEX;
    if (head_has(head, len, "\"bomFormat\"") && head_has(head, len, "CycloneDX"))
        return CK_DECISIONFILE_CYCLONEDX;
    return CK_DECISIONFILE_UNKNOWN;
}

enum ck_decisionfile_format ck_decisionfile_sniff(const char *name, const char *head, size_t len)
{
    const char *base = name ? base_name(name) : "";
    size_t skip = 0;

    if (!ck_text_casecmp(base, ".trivyignore"))
        return CK_DECISIONFILE_TRIVYIGNORE;
    if (!ck_text_casecmp(base, ".trivyignore.yaml") || !ck_text_casecmp(base, ".trivyignore.yml"))
        return CK_DECISIONFILE_TRIVYIGNORE_YAML;
    if (!ck_text_casecmp(base, ".grype.yaml") || !ck_text_casecmp(base, ".grype.yml") ||
        !ck_text_casecmp(base, "grype.yaml"))
        return CK_DECISIONFILE_GRYPE;
    if (!head)
        len = 0;
    if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
        skip = 3;
    while (skip < len && isspace((unsigned char)head[skip]))
        skip++;
    if (skip < len && head[skip] == '{')
        return sniff_json(head + skip, len - skip);
    if (ends_with(base, ".csv") || ck_reviewcsv_sniff(head, len))
        return ck_reviewcsv_sniff(head, len) ? CK_DECISIONFILE_CSV : CK_DECISIONFILE_UNKNOWN;
    if (head_has_top_key(head, len, "ignore:"))
        return CK_DECISIONFILE_GRYPE;
    if (head_has_top_key(head, len, "vulnerabilities:"))
        return CK_DECISIONFILE_TRIVYIGNORE_YAML;
    return CK_DECISIONFILE_UNKNOWN;
}

/* ---- reading -------------------------------------------------------------------- */

enum ck_status ck_decisionfile_read(enum ck_decisionfile_format f, const char *text, size_t len,
                                    const struct ck_decisionfile_options *opts, struct ck_decisions *out,
                                    ck_decisionfile_warn_fn warn, void *ctx, struct ck_err *err)
{
    size_t before = out->count;
    enum ck_status st;

    if (len > CK_DECISIONFILE_MAX_BYTES)
        return ck_err_set(err, CK_ERR_LIMIT, "the file is larger than %zu MiB", CK_DECISIONFILE_MAX_BYTES >> 20);
    switch (f) {
    case CK_DECISIONFILE_OPENVEX:
        st = ck_vexin_openvex_read(text, len, opts, out, warn, ctx, err);
        break;
    case CK_DECISIONFILE_CYCLONEDX:
        st = ck_vexin_cyclonedx_read(text, len, opts, out, warn, ctx, err);
        break;
    case CK_DECISIONFILE_TRIVYIGNORE:
        st = ck_ignorefile_trivy_read(text, len, opts, out, warn, ctx, err);
        break;
    case CK_DECISIONFILE_TRIVYIGNORE_YAML:
        st = ck_ignorefile_trivy_yaml_read(text, len, opts, out, warn, ctx, err);
        break;
    case CK_DECISIONFILE_GRYPE:
        st = ck_ignorefile_grype_read(text, len, opts, out, warn, ctx, err);
        break;
    default:
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s files are not read here", ck_decisionfile_format_name(f));
    }
    if (st != CK_OK)
        while (out->count > before)
            ck_decision_release(&out->items[--out->count]);
    return st;
}

/* ---- package URLs ------------------------------------------------------------------ */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The n bytes at s percent-decoded onto b. */
static void put_decoded(struct ck_buf *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0 && (lo = hex_value(s[i + 2])) >= 0 &&
            (hi || lo)) { /* %00 stays as written */
            ck_buf_putc(b, (char)(hi * 16 + lo));
            i += 2;
        } else {
            ck_buf_putc(b, s[i]);
        }
    }
}

/* What b holds as a string whose text is UTF-8 without control
 * characters (others' files may encode anything); NULL out of memory. */
static char *take_text(struct ck_buf *b)
{
    char *s = ck_buf_take(b), *clean;
    if (!s || !ck_utf8_needs_clean(s, strlen(s), CK_UTF8_TEXT))
        return s;
    clean = ck_utf8_clean(s, CK_UTF8_TEXT);
    free(s);
    return clean;
}

/* The parts of "pkg:type/namespace/name@version?qualifiers#subpath". */
struct purl {
    const char *type, *path, *qualifiers;
    size_t type_len, path_len, qualifiers_len;
};

static int purl_split(const char *purl, struct purl *p)
{
    const char *s, *end;

    if (!purl || tolower((unsigned char)purl[0]) != 'p' || tolower((unsigned char)purl[1]) != 'k' ||
        tolower((unsigned char)purl[2]) != 'g' || purl[3] != ':')
        return -1;
    s = purl + 4;
    while (*s == '/')
        s++;
    end = s + strcspn(s, "#");
    p->type = s;
    p->type_len = strcspn(s, "/");
    if (p->type + p->type_len >= end || !p->type_len)
        return -1;
    p->path = p->type + p->type_len + 1;
    p->path_len = strcspn(p->path, "@?#");
    p->qualifiers = NULL;
    p->qualifiers_len = 0;
    if ((s = strchr(p->path, '?')) != NULL && s < end) {
        p->qualifiers = s + 1;
        p->qualifiers_len = (size_t)(end - p->qualifiers);
    }
    return p->path_len ? 0 : -1;
}

static int type_is(const struct purl *p, const char *type)
{
    return strlen(type) == p->type_len && !strncmp(p->type, type, p->type_len);
}

char *ck_decisionfile_purl_package(const char *purl)
{
    struct purl p;
    struct ck_buf b;
    const char *name, *slash;
    size_t ns_len;

    if (purl_split(purl, &p) != 0)
        return NULL;
    /* The name is the last segment; the namespace what comes before it. */
    for (slash = NULL, name = p.path; name < p.path + p.path_len; name++)
        if (*name == '/')
            slash = name;
    name = slash ? slash + 1 : p.path;
    ns_len = slash ? (size_t)(slash - p.path) : 0;
    ck_buf_init(&b);
    if (ns_len && (type_is(&p, "golang") || type_is(&p, "npm") || type_is(&p, "composer"))) {
        /* Go modules, scoped npm packages and Composer's vendor/name are named whole */
        put_decoded(&b, p.path, p.path_len);
    } else if (ns_len && type_is(&p, "maven")) {
        put_decoded(&b, p.path, ns_len);
        ck_buf_putc(&b, ':');
        put_decoded(&b, name, (size_t)(p.path + p.path_len - name));
    } else {
        put_decoded(&b, name, (size_t)(p.path + p.path_len - name));
    }
    return take_text(&b);
}

/* The decoded value of qualifier key, malloc'd, or NULL. */
static char *qualifier(const struct purl *p, const char *key)
{
    const char *q = p->qualifiers, *end;
    size_t klen = strlen(key);
    struct ck_buf b;

    if (!q)
        return NULL;
    end = q + p->qualifiers_len;
    while (q && q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q)), *stop = amp ? amp : end;
        if ((size_t)(stop - q) > klen && !strncmp(q, key, klen) && q[klen] == '=') {
            ck_buf_init(&b);
            put_decoded(&b, q + klen + 1, (size_t)(stop - q - (ptrdiff_t)klen - 1));
            return take_text(&b);
        }
        q = amp ? amp + 1 : NULL;
    }
    return NULL;
}

int ck_decisionfile_oci_scope(const char *purl, struct ck_decision *d)
{
    struct purl p;
    struct ck_buf b;
    char *repo, *tag;

    if (purl_split(purl, &p) != 0 || !type_is(&p, "oci"))
        return -1;
    repo = qualifier(&p, "repository_url");
    if (!repo) { /* the name alone, as an image reference of Docker Hub's library names it */
        ck_buf_init(&b);
        ck_buf_printf(&b, "docker.io/library/");
        put_decoded(&b, p.path, p.path_len);
        repo = take_text(&b);
    }
    tag = qualifier(&p, "tag");
    if (!repo) {
        free(tag);
        return -1;
    }
    d->scope = tag ? CK_SCOPE_IMAGE : CK_SCOPE_REPOSITORY;
    d->repository = repo;
    d->tag = tag;
    return 0;
}
