/* The reads of matching: read transactions, the look-up of an ecosystem's
 * package through one covering index, the streams of an ecosystem, and
 * the loading of a record (whole, or the brief a finding shows). */
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"
#include "vuln/vulndb.h"
#include "vuln/vulndb_internal.h"

/* ---- reading ------------------------------------------------------------ */

enum ck_status ck_vulndb_read_begin(struct ck_vulndb *db, struct ck_err *err)
{
    if (!db)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_read_begin: no database");
    if (db->importing || db->reading)
        return ck_err_set(err, CK_ERR_ARG, "vulnerability database %s: a transaction is already open", db->path);
    if (ck_vulndb_exec(db, "BEGIN", err) != CK_OK)
        return CK_ERR_DB;
    db->reading = 1;
    return CK_OK;
}

void ck_vulndb_read_end(struct ck_vulndb *db)
{
    if (!db || !db->reading)
        return;
    ck_vulndb_exec(db, "COMMIT", NULL);
    db->reading = 0;
}

/* ---- lookup ------------------------------------------------------------- */

/* The ranges and events of decoded specs: grown as needed and reused
 * across the rows of a lookup. */
struct decoded {
    struct ck_osv_range *ranges;
    size_t range_cap;
    struct ck_osv_event *events;
    size_t event_cap;
};

/* Makes *items (of elem bytes each) hold at least n. */
static int reserve(void *items_ptr, size_t *cap, size_t n, size_t elem)
{
    void *items, *grown;
    if (n <= *cap)
        return 0;
    memcpy(&items, items_ptr, sizeof items);
    if (!(grown = realloc(items, n * elem)))
        return -1;
    memcpy(items_ptr, &grown, sizeof grown);
    *cap = n;
    return 0;
}

/* Splits a spec (CK_VULNDB_SPEC_RS) in place into ranges whose event
 * versions point into it; *count of them. */
static int decode_spec(char *spec, struct decoded *d, size_t *count)
{
    static const char seps[] = {CK_VULNDB_SPEC_RS, CK_VULNDB_SPEC_US, '\0'};
    static const char types[] = CK_VULNDB_SPEC_TYPES, kinds[] = CK_VULNDB_SPEC_KINDS;
    size_t nr = 1, ne = 0, i;
    char *p, sep;

    *count = 0;
    if (!*spec)
        return 0;
    for (p = spec; *p; p++) { /* count first: the arrays are sized once */
        nr += *p == CK_VULNDB_SPEC_RS;
        ne += *p == CK_VULNDB_SPEC_US;
    }
    if (reserve(&d->ranges, &d->range_cap, nr, sizeof *d->ranges) != 0 ||
        reserve(&d->events, &d->event_cap, ne, sizeof *d->events) != 0)
        return -1;
    for (i = 0, ne = 0, p = spec; i < nr; i++) {
        struct ck_osv_range *r = &d->ranges[i];
        const char *t = *p ? strchr(types, *p) : NULL;
        memset(r, 0, sizeof *r);
        r->type = t ? (enum ck_osv_range_type)(t - types) : CK_OSV_RANGE_OTHER;
        r->events = d->events + ne;
        if (*p && *p != CK_VULNDB_SPEC_RS && *p != CK_VULNDB_SPEC_US)
            p++;
        sep = *p;
        while (sep == CK_VULNDB_SPEC_US) {
            struct ck_osv_event *e = &d->events[ne++];
            const char *k = p[1] ? strchr(kinds, p[1]) : NULL;
            e->kind = k ? (enum ck_osv_event_kind)(k - kinds) : CK_OSV_LIMIT;
            e->version = p[1] ? p + 2 : p + 1;
            p = e->version + strcspn(e->version, seps);
            sep = *p;
            *p = '\0';
            r->event_count++;
        }
        if (sep == CK_VULNDB_SPEC_RS)
            p++;
    }
    *count = nr;
    return 0;
}

/* The aids listing the asked version (few: usually none). */
struct listed {
    int64_t *aids;
    size_t count, cap;
};

static int listed_add(struct listed *l, int64_t aid)
{
    if (CK_ARRAY_GROW(l->aids, l->count, l->cap) != CK_OK)
        return -1;
    l->aids[l->count++] = aid;
    return 0;
}

static int listed_has(const struct listed *l, int64_t aid)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        if (l->aids[i] == aid)
            return 1;
    return 0;
}

/* An affected row of CK_VULNDB_LOOKUP into *a, its spec decoded
 * from a copy in db->scratch. -1 when memory runs out. */
static int affected_row(struct ck_vulndb *db, sqlite3_stmt *s, const struct listed *listed, struct decoded *d,
                        struct ck_vulndb_affected *a)
{
    const unsigned char *spec = sqlite3_column_text(s, 3);
    int n = sqlite3_column_bytes(s, 3);

    memset(a, 0, sizeof *a);
    a->aid = sqlite3_column_int64(s, 0);
    a->rid = sqlite3_column_int64(s, 1);
    a->distro_severity = (const char *)sqlite3_column_text(s, 2);
    a->version_listed = listed_has(listed, a->aid);
    ck_buf_reset(&db->scratch);
    if (ck_buf_append(&db->scratch, spec ? (const char *)spec : "", spec ? (size_t)n : 0) != CK_OK ||
        decode_spec(db->scratch.data ? db->scratch.data : (char *)"", d, &a->range_count) != 0)
        return -1;
    a->ranges = d->ranges;
    return 0;
}

enum ck_status ck_vulndb_lookup(struct ck_vulndb *db, const char *ecosystem, const char *package,
                                const char *version, ck_vulndb_affected_fn fn, void *ctx, struct ck_err *err)
{
    struct decoded d = {NULL, 0, NULL, 0};
    struct listed listed = {NULL, 0, 0};
    struct ck_vulndb_affected a;
    sqlite3_stmt *s;
    enum ck_status st = CK_OK;
    int rc;

    if (!db || !ecosystem || !package || !fn)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_lookup: missing argument");
    if (!(s = ck_vulndb_stmt(db, CK_VULNDB_LOOKUP_LISTED)))
        return ck_vulndb_fail(db, err, "prepare lookup");
    ck_vulndb_bind_text(s, 1, ecosystem);
    ck_vulndb_bind_text(s, 2, package);
    ck_vulndb_bind_text(s, 3, version);
    while (st == CK_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        if (listed_add(&listed, sqlite3_column_int64(s, 0)) != 0)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (st == CK_OK && rc != SQLITE_DONE)
        st = ck_vulndb_fail(db, err, "lookup");
    sqlite3_reset(s);
    if (st != CK_OK || !(s = ck_vulndb_stmt(db, CK_VULNDB_LOOKUP))) {
        free(listed.aids);
        return st != CK_OK ? st : ck_vulndb_fail(db, err, "prepare lookup");
    }
    ck_vulndb_bind_text(s, 1, ecosystem);
    ck_vulndb_bind_text(s, 2, package);
    while (st == CK_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (affected_row(db, s, &listed, &d, &a) != 0) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
        st = fn(ctx, &a);
    }
    if (st == CK_OK && rc != SQLITE_DONE)
        st = ck_vulndb_fail(db, err, "lookup");
    sqlite3_reset(s);
    free(listed.aids);
    free(d.ranges);
    free(d.events);
    return st;
}

/* ---- records ------------------------------------------------------------ */

enum ck_status ck_vulndb_find(struct ck_vulndb *db, const char *id, int64_t *rid, int64_t *modified_us,
                              struct ck_err *err)
{
    sqlite3_stmt *s = ck_vulndb_stmt(db, CK_VULNDB_FIND_RECORD);
    int rc;

    if (!s)
        return ck_vulndb_fail(db, err, "prepare");
    ck_vulndb_bind_text(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *rid = sqlite3_column_int64(s, 0);
        *modified_us = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return CK_OK;
    return rc == SQLITE_DONE ? CK_ERR_NOTFOUND : ck_vulndb_fail(db, err, "find record");
}

enum ck_status ck_vulndb_find_record(struct ck_vulndb *db, const char *id, int64_t *rid, struct ck_err *err)
{
    int64_t found = 0, modified_us;
    enum ck_status st;

    if (!db || !id || !rid)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_find_record: no id");
    st = ck_vulndb_find(db, id, &found, &modified_us, err);
    if (st == CK_ERR_NOTFOUND)
        return ck_err_set(err, CK_ERR_NOTFOUND, "no record %s in the vulnerability database", id);
    if (st == CK_OK)
        *rid = found;
    return st;
}

/* Appends a copy of s to a growing (count-sized) array. */
static int push_string(char ***v, size_t *n, const char *s)
{
    char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return -1;
    *v = p;
    if (!(p[*n] = ck_text_dup(s)))
        return -1;
    (*n)++;
    return 0;
}

/* Appends a severity (a type, b score) or, with !severity, a reference
 * (a type or NULL, b url): heap strings, taken; a NULL b, or a severity's
 * NULL a, is a copy that failed. */
static int push_pair(struct ck_osv_record *r, int severity, char *a, char *b)
{
    size_t n = severity ? r->severity_count : r->reference_count, cap = n;
    int ok = b && (a || !severity) &&
             (severity ? reserve(&r->severities, &cap, n + 1, sizeof *r->severities)
                       : reserve(&r->references, &cap, n + 1, sizeof *r->references)) == 0;

    if (!ok) {
        free(a);
        free(b);
        return -1;
    }
    if (severity) {
        r->severities[n].type = a;
        r->severities[n].score = b;
        r->severity_count++;
    } else {
        r->references[n].type = a;
        r->references[n].url = b;
        r->reference_count++;
    }
    return 0;
}

/* One row of CK_VULNDB_LOAD_RECORD into r. Returns -1 when memory runs
 * out. */
static int load_row(sqlite3_stmt *s, struct ck_osv_record *r)
{
    const char *a = (const char *)sqlite3_column_text(s, 2);
    int kind = sqlite3_column_int(s, 1);

    switch (sqlite3_column_int(s, 0)) {
    case 0: {
        char **const head[] = {&r->id, &r->modified};
        char **const rest[] = {&r->published, &r->withdrawn, &r->summary, &r->details, &r->distro_severity,
                               &r->schema_version};
        ck_vulndb_columns_dup(s, 2, head, 2);
        r->modified_us = sqlite3_column_int64(s, 4);
        ck_vulndb_columns_dup(s, 5, rest, sizeof rest / sizeof rest[0]);
        return r->id && r->modified ? 0 : -1;
    }
    case 1:
        return kind == CK_VULNDB_ALIAS      ? push_string(&r->aliases, &r->alias_count, a)
               : kind == CK_VULNDB_UPSTREAM ? push_string(&r->upstream, &r->upstream_count, a)
                                            : push_string(&r->related, &r->related_count, a);
    case 2:
        return push_pair(r, 1, ck_text_dup(a), ck_vulndb_column_dup(s, 3));
    default: {
        char *type = a ? ck_text_dup(a) : NULL;
        if (a && !type)
            return -1;
        return push_pair(r, 0, type, ck_vulndb_column_dup(s, 3));
    }
    }
}

/* Runs statement id for record rid, fill taking each row into a record
 * that replaces *out when it is complete. fill returns -1 when memory runs
 * out. */
static enum ck_status load(struct ck_vulndb *db, enum ck_vulndb_stmt id, int64_t rid,
                           int (*fill)(sqlite3_stmt *, struct ck_osv_record *), struct ck_osv_record *out,
                           struct ck_err *err)
{
    struct ck_osv_record r;
    sqlite3_stmt *s = ck_vulndb_stmt(db, id);
    enum ck_status st = CK_OK;
    int rc;

    if (!s)
        return ck_vulndb_fail(db, err, "prepare");
    ck_osv_record_init(&r);
    sqlite3_bind_int64(s, 1, rid);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (fill(s, &r) != 0) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
    sqlite3_reset(s);
    if (st == CK_OK && rc != SQLITE_DONE)
        st = ck_vulndb_fail(db, err, "load record");
    else if (st == CK_OK && !r.id)
        st = ck_err_set(err, CK_ERR_NOTFOUND, "no record with row %lld", (long long)rid);
    if (st != CK_OK) {
        ck_osv_record_release(&r);
        return st;
    }
    ck_osv_record_release(out);
    *out = r;
    return CK_OK;
}

enum ck_status ck_vulndb_load_record(struct ck_vulndb *db, int64_t rid, struct ck_osv_record *out,
                                     struct ck_err *err)
{
    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_load_record: no record");
    return load(db, CK_VULNDB_LOAD_RECORD, rid, load_row, out, err);
}

/* Splits text at RS into heap strings: with severities, each piece
 * ("type US score") into a severity, else into a reference URL. */
static int split_brief(const char *text, struct ck_osv_record *r, int severities)
{
    const char *p = text;
    while (p && *p) {
        size_t n = strcspn(p, "\x1e");
        const char *us = severities ? memchr(p, CK_VULNDB_SPEC_US, n) : NULL;
        int bad;
        if (!severities)
            bad = push_pair(r, 0, NULL, ck_text_dupn(p, n));
        else if (us)
            bad = push_pair(r, 1, ck_text_dupn(p, (size_t)(us - p)), ck_text_dupn(us + 1, n - (size_t)(us + 1 - p)));
        else
            bad = push_pair(r, 1, ck_text_dupn(p, n), ck_text_dup(""));
        if (bad)
            return -1;
        p += n + (p[n] != '\0');
    }
    return 0;
}

/* The one row of CK_VULNDB_LOAD_BRIEF into r. */
static int brief_row(sqlite3_stmt *s, struct ck_osv_record *r)
{
    const char *cve = (const char *)sqlite3_column_text(s, 7);
    char **const text[] = {&r->id, &r->modified, &r->published, &r->withdrawn, &r->summary, &r->details,
                           &r->distro_severity};

    ck_vulndb_columns_dup(s, 0, text, sizeof text / sizeof text[0]);
    if (!r->id || !r->modified || (cve && push_string(&r->aliases, &r->alias_count, cve) != 0) ||
        split_brief((const char *)sqlite3_column_text(s, 8), r, 1) != 0 ||
        split_brief((const char *)sqlite3_column_text(s, 9), r, 0) != 0)
        return -1;
    return 0;
}

enum ck_status ck_vulndb_load_brief(struct ck_vulndb *db, int64_t rid, struct ck_osv_record *out, struct ck_err *err)
{
    if (!db || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_load_brief: no record");
    return load(db, CK_VULNDB_LOAD_BRIEF, rid, brief_row, out, err);
}

/* ---- ecosystems --------------------------------------------------------- */

enum ck_status ck_vulndb_ecosystem_streams(struct ck_vulndb *db, const char *ecosystem, char ***names,
                                           size_t *count, struct ck_err *err)
{
    static const char sql[] =
        "SELECT name FROM ecosystems WHERE length(name) > length(?1) + 1"
        " AND substr(name, 1, length(?1) + 1) = ?1 || ':' COLLATE NOCASE ORDER BY name";
    sqlite3_stmt *s = NULL;
    char **v = NULL;
    size_t n = 0;
    int rc, bad = 0;

    if (!db || !ecosystem || !names || !count)
        return ck_err_set(err, CK_ERR_ARG, "ck_vulndb_ecosystem_streams: missing argument");
    if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) != SQLITE_OK)
        return ck_vulndb_fail(db, err, "ecosystems");
    ck_vulndb_bind_text(s, 1, ecosystem);
    while (!bad && (rc = sqlite3_step(s)) == SQLITE_ROW)
        bad = push_string(&v, &n, (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (bad || rc != SQLITE_DONE) {
        while (n)
            free(v[--n]);
        free(v);
        return bad ? ck_err_set(err, CK_ERR_NOMEM, "out of memory") : ck_vulndb_fail(db, err, "ecosystems");
    }
    *names = v;
    *count = n;
    return CK_OK;
}
