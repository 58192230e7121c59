/* One OSV vulnerability record (https://ossf.github.io/osv-schema/, 1.6+)
 * parsed into plain C data. struct ck_osv_record is caller-owned
 * (ck_osv_record_init / _release); every string in it is a heap copy owned
 * by the record. Absent optional fields are NULL (strings) or empty arrays. */
#ifndef CK_OSV_H
#define CK_OSV_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* Records larger than this are refused (no real record comes near it). */
#define CK_OSV_MAX_RECORD_BYTES (16u * 1024u * 1024u)

enum ck_osv_range_type {
    CK_OSV_RANGE_ECOSYSTEM = 0, /* versions ordered by the ecosystem's rules */
    CK_OSV_RANGE_SEMVER,        /* SemVer 2.0 */
    CK_OSV_RANGE_GIT,           /* commit hashes: not comparable with package versions */
    CK_OSV_RANGE_OTHER          /* a type this version of the schema does not define */
};

enum ck_osv_event_kind {
    CK_OSV_INTRODUCED = 0,
    CK_OSV_FIXED,
    CK_OSV_LAST_AFFECTED,
    CK_OSV_LIMIT
};

struct ck_osv_event {
    enum ck_osv_event_kind kind;
    char *version; /* "0" for introduced means "since the beginning" */
};

struct ck_osv_range {
    enum ck_osv_range_type type;
    char *type_name; /* as written: "ECOSYSTEM", "SEMVER", "GIT", ... */
    char *repo;      /* GIT ranges only, else NULL */
    struct ck_osv_event *events;
    size_t event_count;
};

/* severity[] entries: type "CVSS_V2", "CVSS_V3", "CVSS_V4" (score is the
 * vector) or "Ubuntu" (score is the Ubuntu priority word). */
struct ck_osv_severity {
    char *type;
    char *score;
};

struct ck_osv_reference {
    char *type; /* ADVISORY, WEB, REPORT, FIX, PACKAGE, ... */
    char *url;
};

struct ck_osv_affected {
    char *ecosystem; /* "Debian:12", "Alpine:v3.20", "Ubuntu:22.04:LTS" */
    char *name;      /* package name; the source package for Debian/Ubuntu/Alpine */
    char *purl;      /* may be NULL */
    struct ck_osv_range *ranges;
    size_t range_count;
    char **versions; /* explicitly affected versions */
    size_t version_count;
    struct ck_osv_severity *severities; /* affected[].severity (schema 1.4+) */
    size_t severity_count;
    /* The distribution's own rating for this package, as written: Debian's
     * ecosystem_specific.urgency, Ubuntu's ecosystem_specific.ubuntu_priority,
     * or a database_specific / ecosystem_specific "severity" word. NULL when
     * the record carries none. */
    char *distro_severity;
};

struct ck_osv_record {
    char *id;
    char *schema_version;
    char *modified;      /* as written */
    int64_t modified_us; /* modified, microseconds since the epoch (UTC) */
    char *published;
    char *withdrawn;     /* NULL unless the record was withdrawn */
    char *summary;
    char *details;
    char **aliases;      /* aliases[] */
    size_t alias_count;
    char **upstream;     /* upstream[] (schema 1.6): the CVEs a distro record derives from */
    size_t upstream_count;
    char **related;
    size_t related_count;
    struct ck_osv_severity *severities;
    size_t severity_count;
    struct ck_osv_affected *affected;
    size_t affected_count;
    struct ck_osv_reference *references;
    size_t reference_count;
    char *distro_severity; /* record-level database_specific.severity, else NULL */
};

void ck_osv_record_init(struct ck_osv_record *rec);
void ck_osv_record_release(struct ck_osv_record *rec);

/* Parses one record from json[0..len). origin names the file or zip entry
 * for messages (may be NULL). On failure returns CK_ERR_PARSE (or
 * CK_ERR_NOMEM / CK_ERR_LIMIT) with a message naming the record id (when it
 * could be read) or origin and what is wrong; *out is then untouched.
 * *out must be initialised; it is released and refilled on success. */
enum ck_status ck_osv_parse(const char *json, size_t len, const char *origin,
                            struct ck_osv_record *out, struct ck_err *err);

/* The record's CVE: the first "CVE-" entry of aliases, else of upstream,
 * else the id itself when it is a CVE id; NULL when there is none. Points
 * into rec. */
const char *ck_osv_record_cve(const struct ck_osv_record *rec);

const char *ck_osv_event_kind_name(enum ck_osv_event_kind kind);

#endif
