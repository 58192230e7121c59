/* Docker Scout's SARIF (docker scout cves --format sarif), SARIF 2.1.0:
 *   runs[]{tool{driver{name "docker scout", rules[]{id, shortDescription,
 *   help{text}, helpUri, properties{cvssV3, cvssV3_severity (CRITICAL..
 *   LOW, UNSPECIFIED), cvssV3_vector, fixed_version ("not fixed"),
 *   affected_version, purls[] (older: purl), security-severity}}}},
 *   results[]{ruleId, ruleIndex, message{text}}}.
 * A result's message holds the finding as "Key : value" lines:
 *   Vulnerability : CVE-2011-3374
 *   Severity      : LOW
 *   Package       : pkg:deb/debian/apt@2.6.1?os_distro=bookworm&...
 *   Affected range: >=2.6.1
 *   Fixed version : not fixed
 * The package is taken from there: a rule's purls may list several
 * versions of a package. The file names no image. For deb packages Scout
 * names the source package. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report/importer.h"
#include "util/buf.h"
#include "vuln/cvss.h"
#include "util/text.h"

/* A package URL split: name (with namespace where the ecosystem needs it to
 * be unique) and version, percent-decoded; type as written. */
struct purl {
    char type[16];
    char *name;
    char *version;
};

static char *pct_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    size_t i;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
            char hex[3] = {s[i + 1], s[i + 2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* 0 on success (p filled, release with purl_release), -1 when s is no purl. */
static int purl_parse(const char *s, struct purl *p)
{
    const char *type, *slash, *end, *at, *name, *ns_end;
    size_t tlen;

    memset(p, 0, sizeof *p);
    if (!s || strncmp(s, "pkg:", 4) != 0)
        return -1;
    type = s + 4;
    slash = strchr(type, '/');
    if (!slash || (tlen = (size_t)(slash - type)) == 0 || tlen >= sizeof p->type)
        return -1;
    memcpy(p->type, type, tlen);
    p->type[tlen] = '\0';
    end = slash + 1 + strcspn(slash + 1, "?#");
    at = memchr(slash + 1, '@', (size_t)(end - slash - 1));
    ns_end = at ? at : end;
    /* The name is the last segment; maven, npm, golang and composer names
     * keep their namespace ("group:artifact", "@scope/name"). */
    name = ns_end;
    while (name > slash + 1 && name[-1] != '/')
        name--;
    if (name == ns_end)
        return -1;
    if (name > slash + 1 && (!strcmp(p->type, "maven") || !strcmp(p->type, "npm") || !strcmp(p->type, "golang") ||
                             !strcmp(p->type, "composer"))) {
        char *ns = pct_decode(slash + 1, (size_t)(name - 1 - (slash + 1)));
        char *base = pct_decode(name, (size_t)(ns_end - name));
        struct ck_buf b;
        ck_buf_init(&b);
        if (ns && base)
            ck_buf_printf(&b, "%s%c%s", ns, !strcmp(p->type, "maven") ? ':' : '/', base);
        free(ns);
        free(base);
        p->name = b.data ? ck_buf_take(&b) : NULL;
    } else {
        p->name = pct_decode(name, (size_t)(ns_end - name));
    }
    p->version = at ? pct_decode(at + 1, (size_t)(end - at - 1)) : NULL;
    if (!p->name || (at && !p->version)) {
        free(p->name);
        free(p->version);
        memset(p, 0, sizeof *p);
        return -1;
    }
    return 0;
}

static void purl_release(struct purl *p)
{
    free(p->name);
    free(p->version);
    memset(p, 0, sizeof *p);
}

/* The value of "key : value" in a result message, malloc'd and trimmed;
 * NULL when absent. */
static char *message_value(const char *text, const char *key)
{
    const char *line = text;
    size_t klen = strlen(key);

    while (line && *line) {
        const char *eol = line + strcspn(line, "\n"), *p = line, *colon;
        while (p < eol && (*p == ' ' || *p == '\t'))
            p++;
        colon = memchr(p, ':', (size_t)(eol - p));
        if (colon && (size_t)(colon - p) >= klen && !strncmp(p, key, klen)) {
            const char *k_end = p + klen;
            while (k_end < colon && (*k_end == ' ' || *k_end == '\t'))
                k_end++;
            if (k_end == colon) {
                const char *v = colon + 1, *v_end = eol;
                while (v < v_end && (*v == ' ' || *v == '\t'))
                    v++;
                while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t' || v_end[-1] == '\r'))
                    v_end--;
                return ck_text_dupn(v, (size_t)(v_end - v));
            }
        }
        line = *eol ? eol + 1 : NULL;
    }
    return NULL;
}

static const cJSON *find_rule(const cJSON *rules, const cJSON *result, const char *rule_id)
{
    const cJSON *r = NULL;
    double idx = ck_json_num(result, "ruleIndex", -1);

    if (idx >= 0 && idx < cJSON_GetArraySize(rules)) {
        r = cJSON_GetArrayItem(rules, (int)idx);
        if (rule_id && ck_json_str(r, "id") && !strcmp(ck_json_str(r, "id"), rule_id))
            return r;
    }
    cJSON_ArrayForEach(r, rules)
    {
        if (rule_id && ck_json_str(r, "id") && !strcmp(ck_json_str(r, "id"), rule_id))
            return r;
    }
    return NULL;
}

static int is_unrated(const char *word)
{
    return !word || !*word || !ck_text_casecmp(word, "UNSPECIFIED");
}

static enum ck_status add_result(struct ck_importer *im, struct ck_import_scan *s, const cJSON *rules,
                                 const cJSON *res)
{
    const char *rule_id = ck_json_str(res, "ruleId");
    const cJSON *rule = find_rule(rules, res, rule_id), *props = ck_json_get(rule, "properties");
    const char *text = ck_json_str(ck_json_get(res, "message"), "text");
    char *pkg_text = message_value(text, "Package"), *sev_text = message_value(text, "Severity");
    char *fixed_text = message_value(text, "Fixed version"), *vuln_text = message_value(text, "Vulnerability");
    const char *purl_text = pkg_text ? pkg_text : ck_json_first_str(props, "purls");
    const char *fixed = fixed_text ? fixed_text : ck_json_str(props, "fixed_version");
    struct ck_import_finding f;
    struct purl purl;
    struct ck_buf refs;
    enum ck_status st = CK_OK;

    memset(&f, 0, sizeof f);
    ck_buf_init(&refs);
    if (!purl_text)
        purl_text = ck_json_str(props, "purl");
    if (purl_parse(purl_text, &purl) != 0 && purl_text)
        ck_importer_warn(im, "%s: package '%.200s' is no package URL", rule_id ? rule_id : "?", purl_text);
    f.record_id = rule_id ? rule_id : vuln_text;
    f.package = purl.name;
    f.source_name = !strcmp(purl.type, "deb") ? purl.name : NULL;
    f.installed = purl.version;
    f.fixed = fixed && ck_text_casecmp(fixed, "not fixed") ? fixed : NULL;
    f.severity = sev_text ? sev_text : ck_json_str(props, "cvssV3_severity");
    f.cvss_score = ck_json_num(props, "cvssV3", -1);
    if (f.cvss_score < 0)
        f.cvss_score = ck_json_num(props, "security-severity", -1);
    /* Unrated with a score: the score's CVSS rating (a score out of range
     * is dropped later, and rates nothing). */
    if (is_unrated(f.severity))
        f.severity = f.cvss_score >= 0 && f.cvss_score <= 10
                         ? ck_severity_str(ck_cvss_severity(CK_CVSS_V3_1, (int)(f.cvss_score * 10 + 0.5)))
                         : NULL;
    f.cvss_vector = ck_json_str(props, "cvssV3_vector");
    f.title = ck_json_str(ck_json_get(rule, "shortDescription"), "text");
    f.description = ck_json_str(ck_json_get(rule, "help"), "text");
    if (!f.description)
        f.description = ck_json_str(ck_json_get(rule, "fullDescription"), "text");
    st = ck_importer_url(&refs, ck_json_str(rule, "helpUri"));
    f.refs = refs.data;
    if (st == CK_OK)
        st = ck_importer_add(im, s, &f);
    ck_buf_release(&refs);
    purl_release(&purl);
    free(pkg_text);
    free(sev_text);
    free(fixed_text);
    free(vuln_text);
    return st;
}

enum ck_status ck_import_scout(struct ck_importer *im, const cJSON *root, struct ck_err *err)
{
    const cJSON *run;

    if (!ck_json_array(root, "runs"))
        return ck_err_set(err, CK_ERR_PARSE, "%s: SARIF without runs[]", im->name);
    cJSON_ArrayForEach(run, ck_json_array(root, "runs"))
    {
        const cJSON *rules = ck_json_array(ck_json_get(ck_json_get(run, "tool"), "driver"), "rules"), *res;
        struct ck_import_scan *s = ck_importer_scan(im, "docker-scout", NULL);
        if (!s)
            return CK_ERR_NOMEM;
        cJSON_ArrayForEach(res, ck_json_array(run, "results"))
        {
            enum ck_status st = add_result(im, s, rules, res);
            if (st != CK_OK)
                return st;
        }
    }
    return CK_OK;
}
