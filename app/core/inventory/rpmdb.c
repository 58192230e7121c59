#include "inventory/rpmdb.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* rpm's limits on a header (rpm/lib/header.c: hdrchkTags, hdrchkData). */
#define MAX_TAGS 0xffffu
#define MAX_DATA (256u << 20)

enum {
    TAG_NAME = 1000, TAG_VERSION = 1001, TAG_RELEASE = 1002, TAG_EPOCH = 1003,
    TAG_ARCH = 1022, TAG_SOURCERPM = 1044,
    TAG_DIRINDEXES = 1116, TAG_BASENAMES = 1117, TAG_DIRNAMES = 1118
};
enum { TYPE_INT32 = 4, TYPE_STRING = 6, TYPE_STRING_ARRAY = 8, TYPE_I18NSTRING = 9, TYPE_MAX = 9 };

struct header {
    const unsigned char *index; /* il entries of 16 bytes */
    uint32_t il;
    const unsigned char *data;
    uint32_t dl;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int header_open(struct header *h, const unsigned char *b, size_t len)
{
    if (len < 8)
        return -1;
    h->il = be32(b);
    h->dl = be32(b + 4);
    if (h->il == 0 || h->il > MAX_TAGS || h->dl > MAX_DATA)
        return -1;
    if ((uint64_t)8 + (uint64_t)h->il * 16 + h->dl > len)
        return -1;
    h->index = b + 8;
    h->data = b + 8 + (size_t)h->il * 16;
    return 0;
}

/* The index entry for tag; 0 when found. */
static int find_tag(const struct header *h, uint32_t tag, uint32_t *type, uint32_t *off, uint32_t *count)
{
    uint32_t i;
    for (i = 0; i < h->il; i++) {
        const unsigned char *e = h->index + (size_t)i * 16;
        if (be32(e) != tag)
            continue;
        *type = be32(e + 4);
        *off = be32(e + 8);
        *count = be32(e + 12);
        if (*type > TYPE_MAX || *off >= h->dl)
            return -1;
        return 0;
    }
    return -1;
}

/* The n-th string of a string-typed entry, checked to end inside the store. */
static const char *string_at(const struct header *h, uint32_t off, uint32_t count, uint32_t n)
{
    uint32_t i;
    if (n >= count)
        return NULL;
    for (i = 0;; i++) {
        const char *s = (const char *)h->data + off;
        const char *z = memchr(s, '\0', h->dl - off);
        if (!z)
            return NULL;
        if (i == n)
            return s;
        off += (uint32_t)(z - s) + 1;
        if (off >= h->dl)
            return NULL;
    }
}

static const char *get_string(const struct header *h, uint32_t tag)
{
    uint32_t type, off, count;
    if (find_tag(h, tag, &type, &off, &count) != 0)
        return NULL;
    if (type != TYPE_STRING && type != TYPE_STRING_ARRAY && type != TYPE_I18NSTRING)
        return NULL;
    return string_at(h, off, count ? count : 1, 0);
}

static int get_int32(const struct header *h, uint32_t tag, uint32_t n, uint32_t *out)
{
    uint32_t type, off, count;
    if (find_tag(h, tag, &type, &off, &count) != 0 || type != TYPE_INT32 || n >= count)
        return -1;
    if ((uint64_t)off + ((uint64_t)n + 1) * 4 > h->dl)
        return -1;
    *out = be32(h->data + off + (size_t)n * 4);
    return 0;
}

enum ck_status ck_rpmdb_split_srpm(const char *srpm, char **name, char **version)
{
    size_t n = strlen(srpm);
    const char *arch, *rel, *ver;
    char *nm, *vr;

    if (n < 4 || strcmp(srpm + n - 4, ".rpm") != 0)
        return CK_ERR_PARSE;
    n -= 4;
    for (arch = srpm + n; arch > srpm && arch[-1] != '.'; arch--)
        ;
    if (arch == srpm)
        return CK_ERR_PARSE;
    n = (size_t)(arch - 1 - srpm); /* name-version-release */
    for (rel = srpm + n; rel > srpm && rel[-1] != '-'; rel--)
        ;
    if (rel <= srpm + 1)
        return CK_ERR_PARSE;
    for (ver = rel - 1; ver > srpm && ver[-1] != '-'; ver--)
        ;
    if (ver <= srpm + 1)
        return CK_ERR_PARSE;
    nm = malloc((size_t)(ver - 1 - srpm) + 1);
    vr = malloc((size_t)(srpm + n - ver) + 1);
    if (!nm || !vr) {
        free(nm);
        free(vr);
        return CK_ERR_NOMEM;
    }
    memcpy(nm, srpm, (size_t)(ver - 1 - srpm));
    nm[ver - 1 - srpm] = '\0';
    memcpy(vr, ver, (size_t)(srpm + n - ver));
    vr[srpm + n - ver] = '\0';
    *name = nm;
    *version = vr;
    return CK_OK;
}

/* The count strings of an array entry, in order; NULL when they do not all
 * end inside the store. malloc'd array. */
static const char **string_array(const struct header *h, uint32_t off, uint32_t count)
{
    const char **v;
    const char *p = (const char *)h->data + off, *end = (const char *)h->data + h->dl;
    uint32_t i;

    if (count == 0 || count > h->dl - off) /* each string takes at least one byte */
        return NULL;
    v = malloc((size_t)count * sizeof *v);
    if (!v)
        return NULL;
    for (i = 0; i < count; i++) {
        const char *z = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        if (!z) {
            free(v);
            return NULL;
        }
        v[i] = p;
        p = z + 1;
    }
    return v;
}

/* DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] for every file. Each tag is looked
 * up once: the work grows with the header, not with its square. */
static enum ck_status add_files(struct ck_inventory *inv, const struct header *h)
{
    uint32_t btype, boff, bcount, dtype, doff, dcount, itype, ioff, icount, n, i;
    const char **bases = NULL, **dirs = NULL;
    struct ck_buf path;
    enum ck_status st = CK_OK;

    if (find_tag(h, TAG_BASENAMES, &btype, &boff, &bcount) != 0 ||
        find_tag(h, TAG_DIRNAMES, &dtype, &doff, &dcount) != 0 ||
        find_tag(h, TAG_DIRINDEXES, &itype, &ioff, &icount) != 0 || btype != TYPE_STRING_ARRAY ||
        dtype != TYPE_STRING_ARRAY || itype != TYPE_INT32)
        return CK_OK;
    /* the files whose directory index lies inside the store */
    n = bcount < icount ? bcount : icount;
    if (n > (h->dl - ioff) / 4)
        n = (h->dl - ioff) / 4;
    ck_buf_init(&path);
    bases = string_array(h, boff, bcount);
    dirs = string_array(h, doff, dcount);
    for (i = 0; bases && dirs && i < n && st == CK_OK; i++) {
        uint32_t di = be32(h->data + ioff + (size_t)i * 4);
        if (di >= dcount)
            break;
        ck_buf_reset(&path);
        st = ck_buf_puts(&path, dirs[di]);
        if (st == CK_OK)
            st = ck_buf_puts(&path, bases[i]);
        if (st == CK_OK)
            st = ck_inventory_add_file(inv, ck_buf_str(&path), inv->count - 1);
    }
    free(bases);
    free(dirs);
    ck_buf_release(&path);
    return st;
}

enum ck_status ck_rpmdb_parse_header(struct ck_inventory *inv, const void *blob, size_t len, struct ck_err *err)
{
    struct header h;
    const char *name, *ver, *rel, *arch, *srpm;
    uint32_t epoch = 0;
    int has_epoch;
    char *sname = NULL, *sver = NULL;
    struct ck_buf full, sfull;
    enum ck_status st;

    if (header_open(&h, blob, len) != 0)
        return ck_err_set(err, CK_ERR_PARSE, "not an rpm header (%llu bytes)", (unsigned long long)len);
    name = get_string(&h, TAG_NAME);
    ver = get_string(&h, TAG_VERSION);
    rel = get_string(&h, TAG_RELEASE);
    if (!name || !*name || !ver || !*ver)
        return ck_err_set(err, CK_ERR_PARSE, "rpm header without NAME or VERSION");
    if (!strcmp(name, "gpg-pubkey"))
        return CK_OK;
    arch = get_string(&h, TAG_ARCH);
    srpm = get_string(&h, TAG_SOURCERPM);
    has_epoch = get_int32(&h, TAG_EPOCH, 0, &epoch) == 0;

    ck_buf_init(&full);
    ck_buf_init(&sfull);
    st = has_epoch ? ck_buf_printf(&full, "%lu:", (unsigned long)epoch) : CK_OK;
    if (st == CK_OK)
        st = rel && *rel ? ck_buf_printf(&full, "%s-%s", ver, rel) : ck_buf_puts(&full, ver);
    if (st == CK_OK && srpm && ck_rpmdb_split_srpm(srpm, &sname, &sver) == CK_OK) {
        st = has_epoch ? ck_buf_printf(&sfull, "%lu:%s", (unsigned long)epoch, sver) : ck_buf_puts(&sfull, sver);
    }
    if (st == CK_OK)
        st = ck_inventory_add(inv, CK_PKG_RPM, name, ck_buf_str(&full), sname,
                              sname ? ck_buf_str(&sfull) : NULL, arch && *arch ? arch : NULL);
    if (st == CK_OK && (inv->flags & CK_INVENTORY_FILES))
        st = add_files(inv, &h);
    free(sname);
    free(sver);
    ck_buf_release(&full);
    ck_buf_release(&sfull);
    if (st != CK_OK)
        return ck_err_set(err, st, "out of memory");
    return CK_OK;
}

const char *ck_rpmdb_format(const void *head, size_t len)
{
    const unsigned char *b = head;
    if (len >= 16 && !memcmp(b, "SQLite format 3", 16))
        return "SQLite";
    if (len >= 4 && !memcmp(b, "RpmP", 4))
        return "NDB";
    if (len >= 16) {
        /* Berkeley DB hash / btree magic at offset 12, either byte order */
        uint32_t m = be32(b + 12), r = (uint32_t)b[15] << 24 | (uint32_t)b[14] << 16 | (uint32_t)b[13] << 8 | b[12];
        if (m == 0x00061561 || r == 0x00061561 || m == 0x00053162 || r == 0x00053162)
            return "BerkeleyDB";
    }
    return NULL;
}

/* ---- the SQLite database ------------------------------------------------- */

/* rpm's table of headers as SQLite keeps its CREATE statement: rpm 4.16 and
 * later run "CREATE TABLE IF NOT EXISTS '%q' (hnum INTEGER PRIMARY KEY
 * AUTOINCREMENT,blob BLOB NOT NULL)" (lib/backend/sqlite.c), and SQLite
 * stores it without "IF NOT EXISTS". Any other table is refused: its
 * definition (a generated column, say) would be the image's SQL, run for
 * every row read. */
static const char rpm_packages_sql[] =
    "CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)";

/* The largest header blob read: rpm headers of real packages are a few MiB
 * at most. Strings and blobs SQLite makes (from the schema too) stop here. */
#define MAX_SQL_VALUE (64 << 20)

/* Only our two statements' reads pass: sqlite_master's type, name and sql,
 * then Packages' hnum and blob. Nothing inside a view or trigger, no
 * function, no pragma, nothing that writes. */
static int authorize(void *ctx, int action, const char *a, const char *b, const char *dbname, const char *inner)
{
    (void)ctx;
    (void)dbname;
    if (inner)
        return SQLITE_DENY;
    if (action == SQLITE_SELECT)
        return SQLITE_OK;
    if (action != SQLITE_READ || !a || !b)
        return SQLITE_DENY;
    if (!strcmp(a, "sqlite_master") || !strcmp(a, "sqlite_schema"))
        return !strcmp(b, "type") || !strcmp(b, "name") || !strcmp(b, "sql") ? SQLITE_OK : SQLITE_DENY;
    if (!strcmp(a, "Packages"))
        return !strcmp(b, "hnum") || !strcmp(b, "blob") ? SQLITE_OK : SQLITE_DENY;
    return SQLITE_DENY;
}

/* Before the image's schema is first parsed: no triggers, views or foreign
 * keys, no function the schema would need to trust, and small limits on
 * what its statements may hold. */
static void harden(sqlite3 *db)
{
    static const int limits[][2] = {
        {SQLITE_LIMIT_LENGTH, MAX_SQL_VALUE},
        {SQLITE_LIMIT_SQL_LENGTH, 100000},
        {SQLITE_LIMIT_COLUMN, 64},
        {SQLITE_LIMIT_EXPR_DEPTH, 32},
        {SQLITE_LIMIT_COMPOUND_SELECT, 2},
        {SQLITE_LIMIT_VDBE_OP, 10000},
        {SQLITE_LIMIT_FUNCTION_ARG, 8},
        {SQLITE_LIMIT_ATTACHED, 0},
        {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 64},
        {SQLITE_LIMIT_VARIABLE_NUMBER, 1},
        {SQLITE_LIMIT_TRIGGER_DEPTH, 1},
        {SQLITE_LIMIT_WORKER_THREADS, 0},
    };
    size_t i;

    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
#endif
#ifdef SQLITE_DBCONFIG_ENABLE_VIEW
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
#endif
    for (i = 0; i < sizeof limits / sizeof limits[0]; i++)
        sqlite3_limit(db, limits[i][0], limits[i][1]);
}

/* The image's database, read-only from memory, hardened, with the
 * authorizer in place. */
static enum ck_status open_image_db(sqlite3 **out, unsigned char *b, size_t len, const char *label,
                                    struct ck_err *err)
{
    sqlite3 *db = NULL;

    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        ck_err_set(err, CK_ERR_DB, "%s: cannot open SQLite: %s", label, db ? sqlite3_errmsg(db) : "no memory");
        sqlite3_close(db);
        return CK_ERR_DB;
    }
    harden(db);
    if (sqlite3_deserialize(db, "main", b, (sqlite3_int64)len, (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY) !=
            SQLITE_OK ||
        sqlite3_set_authorizer(db, authorize, NULL) != SQLITE_OK) {
        ck_err_set(err, CK_ERR_DB, "%s: %s", label, sqlite3_errmsg(db));
        sqlite3_close(db);
        return CK_ERR_DB;
    }
    *out = db;
    return CK_OK;
}

/* Exactly one object named Packages (in any case), rpm's own table. */
static enum ck_status check_schema(sqlite3 *db, const char *label, struct ck_err *err)
{
    sqlite3_stmt *q = NULL;
    enum ck_status st = CK_OK;
    int rows = 0, rpms = 0, rc;

    rc = sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_master WHERE name = 'Packages' COLLATE NOCASE",
                            -1, &q, NULL);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(q, 0), *sql = (const char *)sqlite3_column_text(q, 2);
            rows++;
            rpms += type && sql && !strcmp(type, "table") && !strcmp(sql, rpm_packages_sql);
        }
    }
    if (rc != SQLITE_DONE)
        st = ck_err_set(err, CK_ERR_DB, "%s: %s", label, sqlite3_errmsg(db));
    else if (rows == 0)
        st = ck_err_set(err, CK_ERR_PARSE, "%s: no Packages table", label);
    else if (rows != 1 || rpms != 1)
        st = ck_err_set(err, CK_ERR_PARSE, "%s: the Packages table is not the one rpm makes; the database was not read",
                        label);
    sqlite3_finalize(q);
    return st;
}

/* Every header of Packages into tmp; one that does not parse is a warning. */
static enum ck_status read_headers(sqlite3 *db, struct ck_inventory *tmp, const char *label, struct ck_err *err)
{
    sqlite3_stmt *q = NULL;
    enum ck_status st = CK_OK;
    int rc = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages NOT INDEXED ORDER BY hnum", -1, &q, NULL);

    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        struct ck_err herr;
        const void *blob;
        enum ck_status hs;

        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        blob = sqlite3_column_blob(q, 1);
        ck_err_clear(&herr);
        hs = ck_rpmdb_parse_header(tmp, blob ? blob : "", blob ? (size_t)sqlite3_column_bytes(q, 1) : 0, &herr);
        if (hs == CK_ERR_NOMEM ||
            (hs != CK_OK && ck_inventory_warn(tmp, "%s: package header %lld: %s; skipped", label,
                                              (long long)sqlite3_column_int64(q, 0), herr.msg) != CK_OK)) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == CK_OK && rc != SQLITE_DONE)
        st = ck_err_set(err, CK_ERR_DB, "%s: %s", label, sqlite3_errmsg(db));
    sqlite3_finalize(q);
    return st;
}

enum ck_status ck_rpmdb_parse_sqlite(struct ck_inventory *inv, void *data, size_t len, const char *label,
                                     struct ck_err *err)
{
    unsigned char *b = data;
    sqlite3 *db = NULL;
    struct ck_inventory tmp; /* inv stays untouched on failure */
    enum ck_status st;

    ck_inventory_init(&tmp);
    tmp.flags = inv->flags;
    if (!label)
        label = "rpmdb.sqlite";
    if (len < 100 || memcmp(b, "SQLite format 3", 16) != 0) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s is not an SQLite database", label);
        goto cleanup;
    }
    /* File format bytes 18/19 = 2 mean write-ahead log, which an in-memory
     * image cannot use; 1 (rollback journal) reads the same pages. */
    if (b[18] == 2)
        b[18] = 1;
    if (b[19] == 2)
        b[19] = 1;
    if ((st = open_image_db(&db, b, len, label, err)) != CK_OK || (st = check_schema(db, label, err)) != CK_OK ||
        (st = read_headers(db, &tmp, label, err)) != CK_OK)
        goto cleanup;
    if (ck_inventory_append(inv, &tmp) != CK_OK)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
cleanup:
    sqlite3_close(db);
    ck_inventory_release(&tmp);
    return st;
}
