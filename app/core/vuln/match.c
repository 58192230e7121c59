#include "vuln/match.h"

#include <stdlib.h>
#include <string.h>

#include "sources/semver.h"
#include "util/text.h"
#include "vuln/pkgkey.h"

/* ---- evaluating one affected entry -------------------------------------- */

/* How a range's versions are ordered. */
struct order {
    enum ck_osv_range_type type;
    enum ck_version_scheme scheme;
};

/* <0, 0, >0; for SEMVER an unparseable side sorts as a plain string would. */
static int order_compare(const struct order *o, const char *a, const char *b)
{
    if (o->type == CK_OSV_RANGE_SEMVER) {
        struct ck_semver sa, sb;
        if (ck_semver_parse(a, &sa) && ck_semver_parse(b, &sb))
            return ck_semver_compare(&sa, &sb);
        return strcmp(a, b);
    }
    return ck_version_compare(o->scheme, a, b);
}

static int is_zero_introduced(const struct ck_osv_event *e)
{
    return e->kind == CK_OSV_INTRODUCED && !strcmp(e->version, "0");
}

/* OSV's sort of a range's events: by version, introduced "0" first, and an
 * introduced event before any other event of the same version. */
static int event_before(const struct order *o, const struct ck_osv_event *a, const struct ck_osv_event *b)
{
    int c;
    if (is_zero_introduced(a) || is_zero_introduced(b))
        return is_zero_introduced(a) && !is_zero_introduced(b);
    c = order_compare(o, a->version, b->version);
    if (c)
        return c < 0;
    return a->kind == CK_OSV_INTRODUCED && b->kind != CK_OSV_INTRODUCED;
}

/* The range's verdict for version v: 1 affected, 0 not; *fix is the first
 * fixed event above v while affected (NULL when none). */
static int range_affects(const struct order *o, const struct ck_osv_range *r, const char *v, const char **fix)
{
    const struct ck_osv_event *stack[16], **ev = stack;
    size_t i, j, n = r->event_count;
    int vulnerable = 0;

    *fix = NULL;
    if (n > sizeof stack / sizeof stack[0] && !(ev = malloc(n * sizeof *ev)))
        return 0;
    for (i = 0; i < n; i++) { /* insertion sort: ranges hold a handful of events */
        const struct ck_osv_event *e = &r->events[i];
        for (j = i; j > 0 && event_before(o, e, ev[j - 1]); j--)
            ev[j] = ev[j - 1];
        ev[j] = e;
    }
    for (i = 0; i < n; i++) {
        const struct ck_osv_event *e = ev[i];
        int c = is_zero_introduced(e) ? 1 : order_compare(o, v, e->version);
        switch (e->kind) {
        case CK_OSV_INTRODUCED:
            if (c >= 0) {
                vulnerable = 1;
                *fix = NULL;
            }
            break;
        case CK_OSV_FIXED:
            if (c >= 0)
                vulnerable = 0;
            else if (vulnerable && !*fix)
                *fix = e->version;
            break;
        case CK_OSV_LAST_AFFECTED:
            if (c > 0)
                vulnerable = 0;
            break;
        case CK_OSV_LIMIT:
            if (c >= 0)
                vulnerable = 0;
            break;
        }
    }
    if (ev != stack)
        free((void *)ev);
    if (!vulnerable)
        *fix = NULL;
    return vulnerable;
}

int ck_match_affected(enum ck_version_scheme scheme, const struct ck_vulndb_affected *a, const char *version,
                      const char **fixed)
{
    const char *best = NULL;
    int affected = 0, unfixed = 0;
    size_t i;

    for (i = 0; i < a->range_count; i++) {
        const struct ck_osv_range *r = &a->ranges[i];
        struct order o = {r->type, scheme};
        const char *fix = NULL;
        /* Commit hashes and unknown types say nothing about package versions; an
         * ecosystem whose order is not known here cannot place a version in its ranges. */
        if (r->type != CK_OSV_RANGE_SEMVER &&
            (r->type != CK_OSV_RANGE_ECOSYSTEM || (unsigned)scheme >= CK_VERSION_SCHEME_COUNT))
            continue;
        if (!range_affects(&o, r, version, &fix))
            continue;
        affected = 1;
        if (!fix)
            unfixed = 1;
        else if (!best || order_compare(&o, fix, best) > 0)
            best = fix; /* every matching range must be left behind */
    }
    if (!affected && a->version_listed) {
        affected = 1;
        unfixed = 1;
    }
    if (fixed)
        *fixed = affected && !unfixed ? best : NULL;
    return affected;
}

/* ---- matching an inventory ---------------------------------------------- */

/* A record that affects the package group being matched. */
struct hit {
    int64_t rid;
    char *ecosystem;
    char *fixed;      /* NULL: no fix (or a range without one) */
    int unfixed;
    char *distro_severity;
};

/* State while looking up one source package. */
struct group {
    enum ck_version_scheme scheme;
    const char *version;
    const char *ecosystem;
    struct hit *hits;
    size_t count, cap;
    size_t evaluated;
};

static void group_clear(struct group *g)
{
    size_t i;
    for (i = 0; i < g->count; i++) {
        free(g->hits[i].ecosystem);
        free(g->hits[i].fixed);
        free(g->hits[i].distro_severity);
    }
    g->count = 0;
}

/* Two entries of one record for one package merge: affected when either
 * is, fixed only when both name a fix (the later one). */
static enum ck_status merge_hit(struct group *g, struct hit *h, const char *fix)
{
    if (h->unfixed || !fix) {
        free(h->fixed);
        h->fixed = NULL;
        h->unfixed = 1;
        return CK_OK;
    }
    if (h->fixed && (unsigned)g->scheme < CK_VERSION_SCHEME_COUNT && ck_version_compare(g->scheme, fix, h->fixed) <= 0)
        return CK_OK;
    free(h->fixed);
    h->fixed = ck_text_dup(fix);
    return h->fixed ? CK_OK : CK_ERR_NOMEM;
}

static enum ck_status on_affected(void *ctx, const struct ck_vulndb_affected *a)
{
    struct group *g = ctx;
    const char *fix = NULL;
    struct hit *h;
    size_t i;

    g->evaluated++;
    if (!ck_match_affected(g->scheme, a, g->version, &fix))
        return CK_OK;
    for (i = 0; i < g->count; i++)
        if (g->hits[i].rid == a->rid)
            return merge_hit(g, &g->hits[i], fix);
    if (g->count == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        struct hit *p = realloc(g->hits, cap * sizeof *p);
        if (!p)
            return CK_ERR_NOMEM;
        g->hits = p;
        g->cap = cap;
    }
    h = &g->hits[g->count];
    memset(h, 0, sizeof *h);
    h->rid = a->rid;
    h->unfixed = !fix;
    h->ecosystem = ck_text_dup(g->ecosystem);
    h->fixed = fix ? ck_text_dup(fix) : NULL;
    h->distro_severity = a->distro_severity ? ck_text_dup(a->distro_severity) : NULL;
    g->count++;
    if (!h->ecosystem || (fix && !h->fixed) || (a->distro_severity && !h->distro_severity))
        return CK_ERR_NOMEM;
    return CK_OK;
}

/* A package's place in the matching order: by ecosystem (the OS's, then
 * each application ecosystem), (source name, source version), so one lookup
 * serves all the binary packages built from one source, then by binary name
 * and version, so duplicates sit together. */
struct member {
    const struct ck_package *pkg;
    const char *ecosystem; /* an application package's; NULL: the OS's */
    const char *source;    /* the name looked up */
    const char *version;   /* the version compared */
    char *key;             /* source, when the ecosystem's key differs from the name */
};

static int same_source(const struct member *a, const struct member *b)
{
    return !ck_text_casecmp(a->ecosystem, b->ecosystem) && !strcmp(a->source, b->source) &&
           !strcmp(a->version, b->version);
}

static int by_source(const void *a, const void *b)
{
    const struct member *ma = a, *mb = b;
    int c = ck_text_casecmp(ma->ecosystem, mb->ecosystem);
    if (!c)
        c = strcmp(ma->source, mb->source);
    if (!c)
        c = strcmp(ma->version, mb->version);
    if (!c)
        c = strcmp(ma->pkg->name, mb->pkg->name);
    return c ? c : strcmp(ma->pkg->version, mb->pkg->version);
}

static int by_package_then_id(const void *a, const void *b)
{
    const struct ck_finding *fa = a, *fb = b;
    int c = strcmp(fa->package, fb->package);
    if (!c)
        c = strcmp(fa->vuln_id, fb->vuln_id);
    return c ? c : strcmp(fa->installed_version, fb->installed_version);
}

struct matcher {
    struct ck_vulndb *db;
    const struct ck_inventory *inv;
    char **ecosystems; /* the inventory's, then its streams */
    size_t ecosystem_count;
    enum ck_version_scheme os_scheme;
    struct group g;
    struct ck_osv_record rec;
    struct ck_findings out;
    struct ck_err *err;
};

/* Turns the group's hits into findings, one per binary package. */
static enum ck_status emit_group(struct matcher *m, const struct member *members, size_t n)
{
    size_t i, k;
    enum ck_status st = CK_OK;

    for (i = 0; i < m->g.count && st == CK_OK; i++) {
        const struct hit *h = &m->g.hits[i];
        struct ck_finding_hit fh = {h->ecosystem, h->fixed, h->distro_severity};
        struct ck_finding t;
        if ((st = ck_vulndb_load_brief(m->db, h->rid, &m->rec, m->err)) != CK_OK)
            return st;
        st = ck_finding_from_record(&m->rec, &fh, members[0].source, members[0].version, &t);
        for (k = 0; k < n && st == CK_OK; k++) {
            const struct ck_package *p = members[k].pkg;
            struct ck_finding f;
            /* The same binary package listed twice yields one finding. */
            if (k > 0 && !strcmp(p->name, members[k - 1].pkg->name) &&
                !strcmp(p->version, members[k - 1].pkg->version))
                continue;
            memset(&f, 0, sizeof f);
            /* the template itself goes to the last package it serves */
            st = k + 1 == n ? ck_finding_take_for_package(&t, p, &f) : ck_finding_for_package(&t, p, &f);
            if (st == CK_OK)
                st = ck_findings_push(&m->out, &f);
            ck_finding_release(&f);
        }
        ck_finding_release(&t);
    }
    if (st == CK_ERR_NOMEM)
        ck_err_set(m->err, st, "out of memory");
    return st;
}

/* An application ecosystem's order; CK_VERSION_SCHEME_COUNT when none is
 * known here (then only SEMVER ranges and versions[] can match). */
static enum ck_version_scheme lang_scheme(const char *ecosystem)
{
    enum ck_version_scheme scheme;
    return ck_version_scheme_for_ecosystem(ecosystem, &scheme) == 0 ? scheme : CK_VERSION_SCHEME_COUNT;
}

static enum ck_status match_group(struct matcher *m, const struct member *members, size_t n)
{
    const char *eco = members[0].ecosystem;
    char *const *ecosystems = eco ? (char *const *)&eco : m->ecosystems;
    size_t count = eco ? 1 : m->ecosystem_count, e;
    enum ck_status st = CK_OK;

    group_clear(&m->g);
    m->g.version = members[0].version;
    m->g.scheme = eco ? lang_scheme(eco) : m->os_scheme;
    for (e = 0; e < count && st == CK_OK; e++) {
        m->g.ecosystem = ecosystems[e];
        st = ck_vulndb_lookup(m->db, ecosystems[e], members[0].source, m->g.version, on_affected, &m->g, m->err);
    }
    if (st == CK_ERR_NOMEM)
        ck_err_set(m->err, st, "out of memory");
    m->out.packages_checked += n;
    if (st == CK_OK)
        st = emit_group(m, members, n);
    return st;
}

/* Who is matched how: an OS package by its source package in the OS's
 * ecosystem; an application package by its ecosystem's key, unless an OS
 * package installed it (the distribution's version carries its backports:
 * it is matched as that OS package). 0 for a package not matched. */
static int add_member(const struct ck_package *p, struct member *o, enum ck_status *st)
{
    char key[CK_PKGKEY_MAX];
    const char *k;

    memset(o, 0, sizeof *o);
    if (!p->name || !p->version || (p->type == CK_PKG_LANG && (p->owner || !p->ecosystem)))
        return 0;
    o->pkg = p;
    if (p->type != CK_PKG_LANG) {
        o->source = p->source_name ? p->source_name : p->name;
        o->version = p->source_version ? p->source_version : p->version;
        return 1;
    }
    o->ecosystem = p->ecosystem;
    o->version = ck_package_match_version(p->ecosystem, p->version);
    k = ck_package_key(p->ecosystem, p->name, key, sizeof key);
    o->source = k == key ? (o->key = ck_text_dup(key)) : k;
    if (!o->source)
        *st = CK_ERR_NOMEM;
    return o->source != NULL;
}

static enum ck_status pick_scheme(const struct ck_inventory *inv, enum ck_version_scheme *out, struct ck_err *err)
{
    if (ck_version_scheme_for_ecosystem(inv->os.ecosystem, out) == 0)
        return CK_OK;
    if (inv->count) {
        static const enum ck_version_scheme by_type[] = {CK_VERSION_DEB, CK_VERSION_APK, CK_VERSION_RPM};
        if ((unsigned)inv->packages[0].type < 3) {
            *out = by_type[inv->packages[0].type];
            return CK_OK;
        }
    }
    return ck_err_set(err, CK_ERR_UNSUPPORTED, "no version ordering is known for ecosystem %s", inv->os.ecosystem);
}

static enum ck_status list_ecosystems(struct matcher *m)
{
    char **streams = NULL;
    size_t n = 0, i;
    enum ck_status st = ck_vulndb_ecosystem_streams(m->db, m->inv->os.ecosystem, &streams, &n, m->err);

    if (st != CK_OK)
        return st;
    m->ecosystems = calloc(n + 1, sizeof *m->ecosystems);
    if (m->ecosystems && (m->ecosystems[0] = ck_text_dup(m->inv->os.ecosystem)) != NULL) {
        m->ecosystem_count = 1;
        for (i = 0; i < n; i++)
            m->ecosystems[m->ecosystem_count++] = streams[i];
        free(streams);
        return CK_OK;
    }
    for (i = 0; i < n; i++)
        free(streams[i]);
    free(streams);
    return ck_err_set(m->err, CK_ERR_NOMEM, "out of memory");
}

enum ck_status ck_match_inventory(struct ck_vulndb *db, const struct ck_inventory *inv, struct ck_findings *out,
                                  struct ck_err *err)
{
    struct matcher m;
    struct member *order = NULL;
    size_t n = 0, i, start;
    int reading = 0;
    enum ck_status st;

    if (!db || !inv || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_match_inventory: missing argument");
    memset(&m, 0, sizeof m);
    m.db = db;
    m.inv = inv;
    m.err = err;
    ck_osv_record_init(&m.rec);
    ck_findings_init(&m.out);
    if (inv->os.ecosystem && (st = pick_scheme(inv, &m.os_scheme, err)) != CK_OK)
        goto cleanup;
    if ((st = ck_vulndb_read_begin(db, err)) != CK_OK)
        goto cleanup;
    reading = 1;
    if (inv->os.ecosystem && (st = list_ecosystems(&m)) != CK_OK)
        goto cleanup;
    if (inv->count && !(order = malloc(inv->count * sizeof *order))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < inv->count && st == CK_OK; i++) {
        const struct ck_package *p = &inv->packages[i];
        if (p->type != CK_PKG_LANG && !inv->os.ecosystem)
            m.out.packages_unassessed++; /* no ecosystem, no data: not looked up */
        else if (add_member(p, &order[n], &st))
            n++;
    }
    if (st != CK_OK) {
        ck_err_set(err, st, "out of memory");
        goto cleanup;
    }
    if (n)
        qsort(order, n, sizeof *order, by_source);
    for (start = 0; start < n && st == CK_OK; start = i) {
        for (i = start + 1; i < n && same_source(&order[start], &order[i]); i++) {
        }
        st = match_group(&m, order + start, i - start);
    }
    if (st != CK_OK)
        goto cleanup;
    m.out.records_checked = m.g.evaluated;
    if (m.out.count)
        qsort(m.out.items, m.out.count, sizeof *m.out.items, by_package_then_id);
    ck_findings_release(out);
    *out = m.out;
    ck_findings_init(&m.out);
cleanup:
    if (reading)
        ck_vulndb_read_end(db);
    for (i = 0; i < m.ecosystem_count; i++)
        free(m.ecosystems[i]);
    free(m.ecosystems);
    group_clear(&m.g);
    free(m.g.hits);
    ck_osv_record_release(&m.rec);
    ck_findings_release(&m.out);
    for (i = 0; i < n; i++)
        free(order[i].key);
    free(order);
    return st;
}
