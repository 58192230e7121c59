/* CVSS parsing and base scores, from FIRST's specifications:
 *   v2.0: "A Complete Guide to the Common Vulnerability Scoring System
 *         Version 2.0", section 3.2.1 (base equation);
 *   v3.0 / v3.1: "CVSS v3.x Specification Document", section 7 and, for
 *         3.1, Appendix A (Roundup defined on integers, so that floating
 *         point cannot push a score up by a tenth);
 *   v4.0: metric names and values only (section 2; vector string, 7).
 * Each version is a table of metrics; parsing is the same for all. */
#include "vuln/cvss.h"

#include <string.h>

struct metric {
    const char *key;
    const char *values; /* the values it may take, '|'-separated */
};

/* The base metrics come first in each table, in this order, so the score
 * functions can find a base metric's value by position. */
enum { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A, V3_BASE };
static const struct metric v3_metrics[] = {
    {"AV", "N|A|L|P"}, {"AC", "L|H"}, {"PR", "N|L|H"}, {"UI", "N|R"}, {"S", "U|C"},
    {"C", "H|L|N"},    {"I", "H|L|N"}, {"A", "H|L|N"},
    /* temporal */
    {"E", "X|U|P|F|H"}, {"RL", "X|O|T|W|U"}, {"RC", "X|U|R|C"},
    /* environmental */
    {"CR", "X|L|M|H"}, {"IR", "X|L|M|H"}, {"AR", "X|L|M|H"}, {"MAV", "X|N|A|L|P"},
    {"MAC", "X|L|H"}, {"MPR", "X|N|L|H"}, {"MUI", "X|N|R"}, {"MS", "X|U|C"},
    {"MC", "X|N|L|H"}, {"MI", "X|N|L|H"}, {"MA", "X|N|L|H"},
};

enum { V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A, V2_BASE };
static const struct metric v2_metrics[] = {
    {"AV", "L|A|N"}, {"AC", "H|M|L"}, {"Au", "M|S|N"},
    {"C", "N|P|C"},  {"I", "N|P|C"},  {"A", "N|P|C"},
    /* temporal */
    {"E", "U|POC|F|H|ND"}, {"RL", "OF|TF|W|U|ND"}, {"RC", "UC|UR|C|ND"},
    /* environmental */
    {"CDP", "N|L|LM|MH|H|ND"}, {"TD", "N|L|M|H|ND"},
    {"CR", "L|M|H|ND"}, {"IR", "L|M|H|ND"}, {"AR", "L|M|H|ND"},
};

enum { V4_BASE = 11 };
static const struct metric v4_metrics[] = {
    {"AV", "N|A|L|P"}, {"AC", "L|H"}, {"AT", "N|P"}, {"PR", "N|L|H"}, {"UI", "N|P|A"},
    {"VC", "H|L|N"},   {"VI", "H|L|N"}, {"VA", "H|L|N"},
    {"SC", "H|L|N"},   {"SI", "H|L|N"}, {"SA", "H|L|N"},
    /* threat */
    {"E", "X|A|P|U"},
    /* environmental */
    {"CR", "X|H|M|L"}, {"IR", "X|H|M|L"}, {"AR", "X|H|M|L"},
    {"MAV", "X|N|A|L|P"}, {"MAC", "X|L|H"}, {"MAT", "X|N|P"}, {"MPR", "X|N|L|H"},
    {"MUI", "X|N|P|A"}, {"MVC", "X|H|L|N"}, {"MVI", "X|H|L|N"}, {"MVA", "X|H|L|N"},
    {"MSC", "X|H|L|N"}, {"MSI", "X|S|H|L|N"}, {"MSA", "X|S|H|L|N"},
    /* supplemental */
    {"S", "X|N|P"}, {"AU", "X|N|Y"}, {"R", "X|A|U|I"}, {"V", "X|D|C"},
    {"RE", "X|L|M|H"}, {"U", "X|Clear|Green|Amber|Red"},
};

#define MAX_METRICS (sizeof v4_metrics / sizeof v4_metrics[0])

struct cvss_def {
    enum ck_cvss_version version;
    const char *prefix; /* what the vector starts with, "" for none */
    const struct metric *metrics;
    size_t count, base;
    /* Base score in tenths from the value positions, or NULL: not computed. */
    int (*score10)(const int *v);
};

/* ---- scores ------------------------------------------------------------ */

/* The arithmetic below needs no libm: the helpers work on the positive
 * values the equations produce, as the reference calculators' Math.round
 * (floor of x + 0.5) and Math.ceil do. */
static long long round_half_up(double x) { return (long long)(x + 0.5); }

static long long ceil_positive(double x)
{
    long long i = (long long)x;
    return (double)i < x ? i + 1 : i;
}

static double min10(double x) { return x < 10.0 ? x : 10.0; }

static double pow15(double x)
{
    double x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;
    return x8 * x4 * x2 * x;
}

/* Roundup of v3.1 (Appendix A): the smallest one-decimal number >= x, on
 * integers (x * 100000 rounded) so that 4.000000001 stays 4.0. */
static int roundup_v31(double x)
{
    long long i = round_half_up(x * 100000.0);
    return (int)(i % 10000 == 0 ? i / 10000 : i / 10000 + 1);
}

/* Round up of v3.0: ceil(x * 10), as the v3.0 specification and its
 * calculator compute it. */
static int roundup_v30(double x) { return (int)ceil_positive(x * 10.0); }

/* v3 base score before rounding: < 0 means "impact is nil, score 0". */
static double v3_raw(const int *v, int *zero)
{
    static const double av[] = {0.85, 0.62, 0.55, 0.2}, ac[] = {0.77, 0.44};
    static const double pr_unchanged[] = {0.85, 0.62, 0.27}, pr_changed[] = {0.85, 0.68, 0.5};
    static const double ui[] = {0.85, 0.62}, cia[] = {0.56, 0.22, 0.0};
    int changed = v[V3_S] == 1;
    double iss, impact, exploitability;

    iss = 1.0 - ((1.0 - cia[v[V3_C]]) * (1.0 - cia[v[V3_I]]) * (1.0 - cia[v[V3_A]]));
    if (changed)
        impact = 7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02);
    else
        impact = 6.42 * iss;
    exploitability = 8.22 * av[v[V3_AV]] * ac[v[V3_AC]] *
                     (changed ? pr_changed : pr_unchanged)[v[V3_PR]] * ui[v[V3_UI]];
    *zero = impact <= 0;
    if (changed)
        return min10((impact + exploitability) * 1.08);
    return min10(impact + exploitability);
}

static int v31_score10(const int *v)
{
    int zero;
    double raw = v3_raw(v, &zero);
    return zero ? 0 : roundup_v31(raw);
}

static int v30_score10(const int *v)
{
    int zero;
    double raw = v3_raw(v, &zero);
    return zero ? 0 : roundup_v30(raw);
}

static int v2_score10(const int *v)
{
    static const double av[] = {0.395, 0.646, 1.0}, ac[] = {0.35, 0.61, 0.71};
    static const double au[] = {0.45, 0.56, 0.704}, cia[] = {0.0, 0.275, 0.660};
    double impact, exploitability, base;

    impact = 10.41 * (1 - (1 - cia[v[V2_C]]) * (1 - cia[v[V2_I]]) * (1 - cia[v[V2_A]]));
    exploitability = 20 * av[v[V2_AV]] * ac[v[V2_AC]] * au[v[V2_AU]];
    base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * (impact == 0 ? 0 : 1.176);
    /* round_to_1_decimal: half up */
    return base <= 0 ? 0 : (int)round_half_up(base * 10.0);
}

static const struct cvss_def defs[] = {
    {CK_CVSS_V3_1, "CVSS:3.1/", v3_metrics, sizeof v3_metrics / sizeof v3_metrics[0], V3_BASE, v31_score10},
    {CK_CVSS_V3_0, "CVSS:3.0/", v3_metrics, sizeof v3_metrics / sizeof v3_metrics[0], V3_BASE, v30_score10},
    {CK_CVSS_V4_0, "CVSS:4.0/", v4_metrics, sizeof v4_metrics / sizeof v4_metrics[0], V4_BASE, NULL},
    {CK_CVSS_V2_0, "CVSS:2.0/", v2_metrics, sizeof v2_metrics / sizeof v2_metrics[0], V2_BASE, v2_score10},
};

static const struct cvss_def *def_of(enum ck_cvss_version version)
{
    size_t i;
    for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (defs[i].version == version)
            return &defs[i];
    return NULL;
}

/* ---- parsing ----------------------------------------------------------- */

/* Position of [val, val + n) in the '|'-list values, or -1. */
static int value_index(const char *values, const char *val, size_t n)
{
    int i = 0;
    const char *p = values;
    for (;;) {
        size_t len = strcspn(p, "|");
        if (len == n && !memcmp(p, val, n))
            return i;
        if (!p[len])
            return -1;
        p += len + 1;
        i++;
    }
}

static int metric_index(const struct cvss_def *def, const char *key, size_t n)
{
    size_t i;
    for (i = 0; i < def->count; i++)
        if (strlen(def->metrics[i].key) == n && !memcmp(def->metrics[i].key, key, n))
            return (int)i;
    return -1;
}

/* Reads the '/'-separated METRIC:VALUE list body[0, len) into v[]. */
static enum ck_status parse_metrics(const struct cvss_def *def, const char *vector, const char *body,
                                    size_t len, int *v, struct ck_err *err)
{
    const char *p = body, *end = body + len;
    const char *ver = ck_cvss_version_str(def->version);
    size_t i;

    for (i = 0; i < def->count; i++)
        v[i] = -1;
    while (p <= end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *stop = slash ? slash : end;
        const char *colon = memchr(p, ':', (size_t)(stop - p));
        int m, val;

        if (!colon)
            return ck_err_set(err, CK_ERR_PARSE, "CVSS %s vector '%s': '%.*s' is not METRIC:VALUE", ver,
                              vector, (int)(stop - p), p);
        m = metric_index(def, p, (size_t)(colon - p));
        if (m < 0)
            return ck_err_set(err, CK_ERR_PARSE, "CVSS %s vector '%s': unknown metric '%.*s'", ver, vector,
                              (int)(colon - p), p);
        if (v[m] >= 0)
            return ck_err_set(err, CK_ERR_PARSE, "CVSS %s vector '%s': metric %s is given twice", ver,
                              vector, def->metrics[m].key);
        val = value_index(def->metrics[m].values, colon + 1, (size_t)(stop - colon - 1));
        if (val < 0)
            return ck_err_set(err, CK_ERR_PARSE,
                              "CVSS %s vector '%s': metric %s has an invalid value '%.*s' (expected %s)",
                              ver, vector, def->metrics[m].key, (int)(stop - colon - 1), colon + 1,
                              def->metrics[m].values);
        v[m] = val;
        p = stop + 1;
    }
    for (i = 0; i < def->base; i++)
        if (v[i] < 0)
            return ck_err_set(err, CK_ERR_PARSE, "CVSS %s vector '%s': base metric %s is missing", ver,
                              vector, def->metrics[i].key);
    return CK_OK;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !memcmp(s, prefix, k);
}

/* Picks the version of s[0, n) and sets *body / *body_len to its metrics. */
static const struct cvss_def *find_def(const char *s, size_t n, const char **body, size_t *body_len)
{
    size_t i;
    for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (starts_with(s, n, defs[i].prefix)) {
            *body = s + strlen(defs[i].prefix);
            *body_len = n - strlen(defs[i].prefix);
            return &defs[i];
        }
    /* v2 has no prefix of its own; NVD once wrote it in parentheses. */
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
        *body = s + 1;
        *body_len = n - 2;
        return def_of(CK_CVSS_V2_0);
    }
    if (!starts_with(s, n, "CVSS:")) {
        *body = s;
        *body_len = n;
        return def_of(CK_CVSS_V2_0);
    }
    return NULL;
}

static int blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

enum ck_status ck_cvss_parse(const char *vector, struct ck_cvss *out, struct ck_err *err)
{
    const struct cvss_def *def;
    const char *s, *body = NULL;
    size_t n, body_len = 0;
    int v[MAX_METRICS];
    enum ck_status st;

    if (!vector || !out)
        return ck_err_set(err, CK_ERR_ARG, "CVSS vector: NULL argument");
    for (s = vector; blank((unsigned char)*s); s++)
        ;
    n = strlen(s);
    while (n && blank((unsigned char)s[n - 1]))
        n--;
    if (n >= CK_CVSS_VECTOR_MAX)
        return ck_err_set(err, CK_ERR_LIMIT, "CVSS vector of %lu characters: longer than %d", (unsigned long)n,
                          CK_CVSS_VECTOR_MAX - 1);
    if (!n)
        return ck_err_set(err, CK_ERR_PARSE, "CVSS vector is empty");
    def = find_def(s, n, &body, &body_len);
    if (!def)
        return ck_err_set(err, CK_ERR_PARSE, "CVSS vector '%.*s': unknown version '%.*s'", (int)n, s,
                          (int)strcspn(s, "/"), s);
    {
        char copy[CK_CVSS_VECTOR_MAX];
        memcpy(copy, s, n);
        copy[n] = '\0';
        st = parse_metrics(def, copy, body, body_len, v, err);
        if (st != CK_OK)
            return st;
        out->version = def->version;
        out->score10 = def->score10 ? def->score10(v) : CK_CVSS_NO_SCORE;
        out->severity = ck_cvss_severity(def->version, out->score10);
        memcpy(out->vector, copy, n + 1);
    }
    return CK_OK;
}

/* ---- ratings ----------------------------------------------------------- */

enum ck_severity ck_cvss_severity(enum ck_cvss_version version, int score10)
{
    if (score10 < 0)
        return CK_SEV_UNKNOWN;
    if (version == CK_CVSS_V2_0)
        return score10 >= 70 ? CK_SEV_HIGH : score10 >= 40 ? CK_SEV_MEDIUM : CK_SEV_LOW;
    if (score10 == 0)
        return CK_SEV_NEGLIGIBLE;
    return score10 >= 90   ? CK_SEV_CRITICAL
           : score10 >= 70 ? CK_SEV_HIGH
           : score10 >= 40 ? CK_SEV_MEDIUM
                           : CK_SEV_LOW;
}

const char *ck_cvss_rating(enum ck_cvss_version version, int score10)
{
    enum ck_severity sev = ck_cvss_severity(version, score10);
    if (sev == CK_SEV_UNKNOWN)
        return "";
    return sev == CK_SEV_NEGLIGIBLE ? "None" : ck_severity_str(sev);
}

const char *ck_cvss_version_str(enum ck_cvss_version version)
{
    switch (version) {
    case CK_CVSS_V2_0:
        return "2.0";
    case CK_CVSS_V3_0:
        return "3.0";
    case CK_CVSS_V3_1:
        return "3.1";
    case CK_CVSS_V4_0:
        return "4.0";
    }
    return "?";
}
