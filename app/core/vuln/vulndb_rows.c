/* The rows of one record as an import writes them: the record, its
 * aliases, severities and references, and each affected entry with its
 * ranges, events, listed versions and the compact spec that lookups read. */
#include <stdint.h>

#include "util/buf.h"
#include "vuln/vulndb_internal.h"
#include "vuln/pkgkey.h"

static enum ck_status insert_strings(struct ck_vulndb *db, int64_t rid, enum ck_vulndb_alias_kind kind,
                                     char *const *v, size_t n, struct ck_err *err)
{
    enum ck_status st = CK_OK;
    size_t i;
    for (i = 0; i < n && st == CK_OK; i++)
        st = ck_vulndb_run(db, CK_VULNDB_INSERT_ALIAS, "insert alias", err, "iit", rid, (int64_t)kind, v[i]);
    return st;
}

static enum ck_status insert_severities(struct ck_vulndb *db, int64_t rid, int64_t aid,
                                        const struct ck_osv_severity *v, size_t n, struct ck_err *err)
{
    enum ck_status st = CK_OK;
    size_t i;
    for (i = 0; i < n && st == CK_OK; i++)
        st = ck_vulndb_run(db, CK_VULNDB_INSERT_SEVERITY, "insert severity", err, "iiitt", rid, aid, (int64_t)i,
                           v[i].type, v[i].score);
    return st;
}

static enum ck_status insert_range(struct ck_vulndb *db, int64_t aid, size_t seq,
                                   const struct ck_osv_range *r, struct ck_err *err)
{
    enum ck_status st = ck_vulndb_run(db, CK_VULNDB_INSERT_RANGE, "insert range", err, "iitt", aid, (int64_t)seq,
                                      r->type_name, r->repo);
    int64_t rgid = sqlite3_last_insert_rowid(db->sql);
    size_t i;

    for (i = 0; i < r->event_count && st == CK_OK; i++)
        st = ck_vulndb_run(db, CK_VULNDB_INSERT_EVENT, "insert event", err, "iiit", rgid, (int64_t)i,
                           (int64_t)r->events[i].kind, r->events[i].version);
    return st;
}

/* The entry's ranges in the compact form (CK_VULNDB_SPEC_RS in
 * vulndb_internal.h). */
static enum ck_status encode_spec(const struct ck_osv_affected *a, struct ck_buf *b)
{
    static const char types[] = CK_VULNDB_SPEC_TYPES, kinds[] = CK_VULNDB_SPEC_KINDS;
    size_t i, j;
    enum ck_status st = CK_OK;
    ck_buf_reset(b);
    for (i = 0; i < a->range_count && st == CK_OK; i++) {
        const struct ck_osv_range *r = &a->ranges[i];
        if (i)
            st = ck_buf_putc(b, CK_VULNDB_SPEC_RS);
        if (st == CK_OK)
            st = ck_buf_putc(b, types[r->type <= CK_OSV_RANGE_OTHER ? r->type : CK_OSV_RANGE_OTHER]);
        for (j = 0; j < r->event_count && st == CK_OK; j++)
            st = ck_buf_printf(b, "%c%c%s", CK_VULNDB_SPEC_US, kinds[r->events[j].kind & 3], r->events[j].version);
    }
    return st;
}

static enum ck_status insert_affected(struct ck_vulndb *db, int64_t rid, int withdrawn, const struct ck_osv_affected *a,
                                      struct ck_err *err)
{
    enum ck_status st;
    int64_t aid;
    size_t i;

    char keybuf[CK_PKGKEY_MAX];
    const char *key = ck_package_key(a->ecosystem, a->name, keybuf, sizeof keybuf);

    if (encode_spec(a, &db->scratch) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if ((st = ck_vulndb_run(db, CK_VULNDB_INSERT_AFFECTED, "insert affected", err, "ittttit", rid, a->ecosystem,
                            key, a->purl, a->distro_severity, (int64_t)withdrawn,
                            ck_buf_str(&db->scratch))) != CK_OK)
        return st;
    aid = sqlite3_last_insert_rowid(db->sql);
    for (i = 0; i < a->range_count && st == CK_OK; i++)
        st = insert_range(db, aid, i, &a->ranges[i], err);
    for (i = 0; i < a->version_count && st == CK_OK; i++)
        st = ck_vulndb_run(db, CK_VULNDB_INSERT_VERSION, "insert version", err, "ttti", a->ecosystem, key,
                           a->versions[i], aid);
    if (st != CK_OK)
        return st;
    return insert_severities(db, rid, aid, a->severities, a->severity_count, err);
}

static int printable(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20)
            return 0;
    return s != NULL;
}

/* The record-level severities ("type US score", RS apart) and reference
 * URLs (RS apart) in the compact form a finding reads back in one probe;
 * entries holding control characters are left out (they stay in the
 * severities and refs tables). */
static enum ck_status brief_of(const struct ck_osv_record *rec, struct ck_buf *sev, struct ck_buf *refs)
{
    enum ck_status st = CK_OK;
    size_t i;
    ck_buf_reset(sev);
    ck_buf_reset(refs);
    for (i = 0; i < rec->severity_count && st == CK_OK; i++)
        if (printable(rec->severities[i].type) && printable(rec->severities[i].score))
            st = ck_buf_printf(sev, "%s%s%c%s", sev->len ? "\x1e" : "", rec->severities[i].type, CK_VULNDB_SPEC_US,
                               rec->severities[i].score);
    for (i = 0; i < rec->reference_count && st == CK_OK; i++)
        if (printable(rec->references[i].url))
            st = ck_buf_printf(refs, "%s%s", refs->len ? "\x1e" : "", rec->references[i].url);
    return st;
}

/* The record's own row; its rid is then sqlite3_last_insert_rowid. */
static enum ck_status insert_row(struct ck_vulndb *db, const struct ck_osv_record *rec, const char *feed, int64_t seq,
                                 struct ck_buf *refs, struct ck_err *err)
{
    if (brief_of(rec, &db->scratch, refs) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return ck_vulndb_run(db, CK_VULNDB_INSERT_RECORD, "insert record", err, "ttitttttttittt", rec->id,
                         rec->modified, rec->modified_us, rec->published, rec->withdrawn, rec->summary,
                         rec->details, rec->distro_severity, rec->schema_version, feed, seq,
                         ck_osv_record_cve(rec), ck_buf_str(&db->scratch), ck_buf_str(refs));
}

enum ck_status ck_vulndb_insert_record(struct ck_vulndb *db, const struct ck_osv_record *rec, const char *feed,
                                       int64_t seq, struct ck_buf *refs, struct ck_err *err)
{
    enum ck_status st = insert_row(db, rec, feed, seq, refs, err);
    int64_t rid = sqlite3_last_insert_rowid(db->sql);
    size_t i;

    if (st != CK_OK ||
        (st = insert_strings(db, rid, CK_VULNDB_ALIAS, rec->aliases, rec->alias_count, err)) != CK_OK ||
        (st = insert_strings(db, rid, CK_VULNDB_UPSTREAM, rec->upstream, rec->upstream_count, err)) != CK_OK ||
        (st = insert_strings(db, rid, CK_VULNDB_RELATED, rec->related, rec->related_count, err)) != CK_OK ||
        (st = insert_severities(db, rid, 0, rec->severities, rec->severity_count, err)) != CK_OK)
        return st;
    for (i = 0; i < rec->reference_count && st == CK_OK; i++)
        st = ck_vulndb_run(db, CK_VULNDB_INSERT_REF, "insert reference", err, "iitt", rid, (int64_t)i,
                           rec->references[i].type, rec->references[i].url);
    for (i = 0; i < rec->affected_count && st == CK_OK; i++)
        /* An entry without a package (GIT-only) cannot be matched. */
        if (rec->affected[i].ecosystem && rec->affected[i].name)
            st = insert_affected(db, rid, rec->withdrawn != NULL, &rec->affected[i], err);
    return st;
}
