/* Triage decisions read from ignore files: Trivy's .trivyignore and
 * .trivyignore.yaml, Grype's ignore rules (see decisionfile.h).
 *
 * An ignore rule says "do not report this": it becomes an accepted risk in
 * every image (or the images and packages its package URLs name), which
 * needs an expiry: the rule's own (exp:, expired_at), else the import's
 * default; a rule with neither, or one that has run out, is not taken and
 * said so. A Grype rule with a VEX status becomes that decision instead.
 * Conditions ContainerKitty's decisions cannot hold (Trivy's paths,
 * Grype's version, type, location and fix-state) are dropped with a
 * warning naming them, so the rule applies more widely than written. */
#include "report/decisionfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/yaml.h"

#define MAX_LINE ((size_t)64 << 10)
#define MAX_NOTE 4096
#define MAX_RULES 100000

struct rules {
    const struct ck_decisionfile_options *opts;
    struct ck_decisions *out;
    ck_decisionfile_warn_fn warn;
    void *ctx;
    char where[64];
};

static void say(struct rules *r, const char *fmt, ...) CK_PRINTF(2, 3);

static void say(struct rules *r, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (r->warn)
        r->warn(r->ctx, r->where, why);
}

/* The expiry of an accepted risk: the rule's (text, may be NULL), else the
 * default; 0 with *expires set, -1 (said why) when the rule is not taken. */
static int expiry(struct rules *r, const char *text, int32_t *expires)
{
    char day[16];
    if (text && ck_date_parse(text, expires) != 0) {
        say(r, "'%.40s' is not a date (YYYY-MM-DD): not taken", text);
        return -1;
    }
    if (!text)
        *expires = r->opts->default_expires;
    if (*expires == CK_DATE_NONE) {
        say(r, "no expiry: an accepted risk needs one (give the rule one, or --expires): not taken");
        return -1;
    }
    if (*expires < r->opts->today) {
        ck_date_format(*expires, day, sizeof day);
        say(r, "expired on %s: not taken", day);
        return -1;
    }
    return 0;
}

static enum ck_status push(struct rules *r, struct ck_decision *d, const char *note)
{
    char *clean = note && *note ? ck_json_clean_text(note) : NULL, *vuln = ck_json_clean_text(d->vuln_id);
    enum ck_status st = CK_ERR_NOMEM;

    if (vuln && (clean || !note || !*note)) {
        d->vuln_id = vuln;
        d->note = clean;
        d->decided_by = (char *)r->opts->author;
        st = ck_decisions_push_copy(r->out, d);
    }
    free(clean);
    free(vuln);
    return st;
}

static struct ck_decision accepted(const char *vuln, int32_t expires)
{
    struct ck_decision d;
    memset(&d, 0, sizeof d);
    d.vuln_id = (char *)vuln;
    d.scope = CK_SCOPE_ALL;
    d.state = CK_DECISION_ACCEPTED_RISK;
    d.expires = expires;
    return d;
}

/* ---- .trivyignore ------------------------------------------------------------- */

/* Cuts leading and trailing blanks off s, in place. */
static void trim(char *s)
{
    size_t start = strspn(s, " \t"), n = strlen(s);
    while (n > start && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
}

static int is_id_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("._:-", c);
}

/* One rule line: "ID [exp:YYYY-MM-DD] [# comment]"; comments the lines
 * above it held. */
static enum ck_status trivy_line(struct rules *r, char *line, const char *above)
{
    char *id = line, *p = line, *comment, *exp = NULL;
    int32_t expires = CK_DATE_NONE;
    struct ck_decision d;

    while (*p && is_id_char(*p))
        p++;
    if (p == id || (*p && *p != ' ' && *p != '\t')) {
        say(r, "'%.60s' is not a vulnerability id: not taken", line);
        return CK_OK;
    }
    if (*p)
        *p++ = '\0';
    if ((comment = strchr(p, '#')) != NULL)
        *comment++ = '\0';
    for (p = strtok(p, " \t"); p; p = strtok(NULL, " \t"))
        if (!strncmp(p, "exp:", 4))
            exp = p + 4;
        else
            say(r, "'%.60s' after the id is not read", p);
    if (expiry(r, exp, &expires) != 0)
        return CK_OK;
    d = accepted(id, expires);
    while (comment && (*comment == ' ' || *comment == '\t'))
        comment++;
    return push(r, &d, comment && *comment ? comment : above);
}

enum ck_status ck_ignorefile_trivy_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                        struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                        struct ck_err *err)
{
    struct rules r = {opts, out, warn, ctx, ""};
    struct ck_buf above;
    size_t i = 0, no = 0;
    enum ck_status st = CK_OK;

    ck_buf_init(&above);
    while (i < len && st == CK_OK) {
        const char *start = text + i, *nl = memchr(start, '\n', len - i);
        size_t n = nl ? (size_t)(nl - start) : len - i;
        char *line;
        i += n + (nl != NULL);
        snprintf(r.where, sizeof r.where, "line %zu", ++no);
        if (n && start[n - 1] == '\r')
            n--;
        if (n > MAX_LINE || !ck_utf8_valid(start, n) || memchr(start, '\0', n)) {
            say(&r, n > MAX_LINE ? "longer than 64 KiB: not read" : "not UTF-8 text: not read");
            continue;
        }
        if (!(line = ck_text_dupn(start, n))) {
            st = CK_ERR_NOMEM;
            break;
        }
        trim(line);
        if (!*line) {
            ck_buf_release(&above); /* a blank line ends the comment above a rule */
            ck_buf_init(&above);
        } else if (*line == '#') {
            const char *c = line + 1 + strspn(line + 1, " \t");
            if (*c && above.len < MAX_NOTE)
                ck_buf_printf(&above, "%s%.*s", above.len ? "; " : "", (int)(MAX_NOTE - above.len), c);
        } else {
            st = trivy_line(&r, line, above.len ? above.data : NULL);
            ck_buf_release(&above);
            ck_buf_init(&above);
        }
        free(line);
    }
    ck_buf_release(&above);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}

/* ---- the YAML files -------------------------------------------------------------- */

/* The top-level mapping of a YAML rules file, or NULL (err set). */
static cJSON *yaml_rules(const char *text, size_t len, const char *format, struct ck_err *err)
{
    cJSON *root = ck_yaml_parse(text, len, err);
    if (!root)
        return NULL;
    if (cJSON_IsNull(root)) /* an empty file: no rules */
        return root;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        ck_err_set(err, CK_ERR_PARSE, "no mapping at the top: not %s", format);
        return NULL;
    }
    return root;
}

/* A YAML scalar as text: strings as they are, numbers as written back. */
static const char *scalar(const cJSON *obj, const char *key, char *buf, size_t size)
{
    const cJSON *v = ck_json_get(obj, key);
    if (cJSON_IsString(v))
        return *v->valuestring ? v->valuestring : NULL;
    if (cJSON_IsNumber(v)) {
        snprintf(buf, size, "%g", v->valuedouble);
        return buf;
    }
    return NULL;
}

/* One decision per package URL of purls (none: any package, every image). */
static enum ck_status push_purls(struct rules *r, struct ck_decision d, const cJSON *purls, const char *note)
{
    const cJSON *p;
    enum ck_status st = CK_OK;
    size_t k = 0;

    if (!purls || !cJSON_GetArraySize(purls))
        return push(r, &d, note);
    cJSON_ArrayForEach(p, purls)
    {
        struct ck_decision one = d;
        char *pkg = NULL;
        if (st != CK_OK || k++ >= MAX_RULES)
            break;
        if (!cJSON_IsString(p)) {
            say(r, "purls[%zu] is not a package URL: not taken", k - 1);
            continue;
        }
        if (ck_decisionfile_oci_scope(p->valuestring, &one) != 0 &&
            !(pkg = ck_decisionfile_purl_package(p->valuestring))) {
            say(r, "'%.200s' is not a package URL: not taken", p->valuestring);
            continue;
        }
        one.package = pkg;
        st = push(r, &one, note);
        if (one.repository != d.repository)
            free(one.repository);
        if (one.tag != d.tag)
            free(one.tag);
        free(pkg);
    }
    return st;
}

static enum ck_status trivy_yaml_rule(struct rules *r, const cJSON *rule)
{
    char buf[64];
    const char *id = scalar(rule, "id", buf, sizeof buf), *exp;
    char day[64];
    int32_t expires = CK_DATE_NONE;

    if (!id) {
        say(r, "no id: not taken");
        return CK_OK;
    }
    if (ck_json_array(rule, "paths") && cJSON_GetArraySize(ck_json_array(rule, "paths")))
        say(r, "its paths are not kept: the rule is taken for every path");
    exp = scalar(rule, "expired_at", day, sizeof day);
    if (expiry(r, exp, &expires) != 0)
        return CK_OK;
    return push_purls(r, accepted(id, expires), ck_json_array(rule, "purls"), ck_json_str(rule, "statement"));
}

enum ck_status ck_ignorefile_trivy_yaml_read(const char *text, size_t len,
                                             const struct ck_decisionfile_options *opts, struct ck_decisions *out,
                                             ck_decisionfile_warn_fn warn, void *ctx, struct ck_err *err)
{
    static const char *const others[] = {"misconfigurations", "secrets", "licenses"};
    struct rules r = {opts, out, warn, ctx, ""};
    cJSON *root = yaml_rules(text, len, "a .trivyignore.yaml", err);
    const cJSON *rule;
    size_t i = 0, k;
    enum ck_status st = CK_OK;

    if (!root)
        return err->status;
    for (k = 0; k < sizeof others / sizeof others[0]; k++) {
        const cJSON *a = ck_json_array(root, others[k]);
        snprintf(r.where, sizeof r.where, "%s", others[k]);
        if (a && cJSON_GetArraySize(a))
            say(&r, "%d rules: not about vulnerabilities, not taken", cJSON_GetArraySize(a));
    }
    cJSON_ArrayForEach(rule, ck_json_array(root, "vulnerabilities"))
    {
        snprintf(r.where, sizeof r.where, "vulnerabilities[%zu]", i);
        if (i++ >= MAX_RULES || (st = trivy_yaml_rule(&r, rule)) != CK_OK)
            break;
    }
    cJSON_Delete(root);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}

/* ---- .grype.yaml ---------------------------------------------------------------------- */

/* The decision a Grype rule's VEX status gives; -1 when it has none. */
static int grype_vex(struct rules *r, const cJSON *rule, struct ck_decision *d)
{
    const char *status = ck_json_str(rule, "vex-status"), *just = ck_json_str(rule, "vex-justification");
    if (!status)
        return -1;
    if (strcmp(status, "not_affected") != 0 && strcmp(status, "fixed") != 0) {
        say(r, "vex-status '%.40s' is not a decision: taken as an accepted risk", status);
        return -1;
    }
    d->state = CK_DECISION_NOT_AFFECTED;
    d->expires = CK_DATE_NONE;
    d->justification = !strcmp(status, "fixed") ? CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT : CK_JUSTIFICATION_NONE;
    if (just && !strcmp(status, "not_affected") && ck_justification_parse(just, &d->justification) != 0)
        say(r, "unknown vex-justification '%.80s': taken without one", just);
    return 0;
}

/* The package condition: its name; the others are said to be dropped. */
static const char *grype_package(struct rules *r, const cJSON *rule)
{
    static const char *const dropped[] = {"version", "type", "location", "language", "upstream-name"};
    const cJSON *pkg = ck_json_get(rule, "package");
    char buf[64];
    size_t k;

    for (k = 0; k < sizeof dropped / sizeof dropped[0]; k++)
        if (scalar(pkg, dropped[k], buf, sizeof buf))
            say(r, "its package %s condition is not kept: the rule is taken for every %s", dropped[k], dropped[k]);
    if (scalar(rule, "fix-state", buf, sizeof buf))
        say(r, "its fix-state condition is not kept");
    if (scalar(rule, "namespace", buf, sizeof buf))
        say(r, "its namespace condition is not kept");
    return scalar(pkg, "name", buf, sizeof buf) ? ck_json_str(pkg, "name") : NULL;
}

static enum ck_status grype_rule(struct rules *r, const cJSON *rule)
{
    char buf[64];
    const char *vuln = scalar(rule, "vulnerability", buf, sizeof buf);
    struct ck_decision d;

    if (!vuln) {
        say(r, ck_json_get(rule, "package") ? "a rule without a vulnerability (every one of a package) is not taken: "
                                               "decisions are per vulnerability"
                                             : "no vulnerability: not taken");
        return CK_OK;
    }
    d = accepted(vuln, CK_DATE_NONE);
    d.package = (char *)grype_package(r, rule);
    if (grype_vex(r, rule, &d) != 0 && expiry(r, NULL, &d.expires) != 0)
        return CK_OK;
    return push(r, &d, ck_json_str(rule, "reason"));
}

enum ck_status ck_ignorefile_grype_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                        struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                        struct ck_err *err)
{
    struct rules r = {opts, out, warn, ctx, ""};
    cJSON *root = yaml_rules(text, len, "a Grype configuration", err);
    const cJSON *rule;
    size_t i = 0;
    enum ck_status st = CK_OK;

    if (!root)
        return err->status;
    cJSON_ArrayForEach(rule, ck_json_array(root, "ignore"))
    {
        snprintf(r.where, sizeof r.where, "ignore[%zu]", i);
        if (i++ >= MAX_RULES || (st = grype_rule(&r, rule)) != CK_OK)
            break;
    }
    cJSON_Delete(root);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}
