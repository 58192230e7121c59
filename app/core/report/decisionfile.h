/* Triage decisions read from files other tools and people write:
 *   OpenVEX documents (0.2.0, and the unversioned context some tools write),
 *   CycloneDX VEX (vulnerabilities[].analysis),
 *   Trivy's .trivyignore and .trivyignore.yaml,
 *   Grype's ignore rules (the "ignore" list of .grype.yaml),
 *   a CSV exported by ContainerKitty and edited by a reviewer (reviewcsv.c).
 *
 * A reader turns a file held in memory into decisions (struct ck_decision,
 * not yet stored; the caller adds them with ck_decisions_add). Everything in
 * a file is hostile input: a statement or line that cannot be taken is
 * reported through warn with where it is ("line 12", "statements[3]") and
 * why, and the rest is read. Only a file that is not of its format at all
 * (not JSON, no statements array, ...) fails the read, with err naming it.
 *
 * The decisions' strings are heap copies owned by out (ck_decisions_release;
 * readers append with ck_decisions_push_copy).
 * decided_by is opts->author for every decision of a VEX or ignore file (the
 * file named as their author); the CSV leaves it NULL (the person running
 * the import). */
#ifndef CK_DECISIONFILE_H
#define CK_DECISIONFILE_H

#include <stddef.h>
#include <stdint.h>

#include "store/decisions.h"
#include "util/status.h"

/* The largest decision file read (a real one is kilobytes). */
#define CK_DECISIONFILE_MAX_BYTES ((size_t)32 << 20)

enum ck_decisionfile_format {
    CK_DECISIONFILE_UNKNOWN = 0,
    CK_DECISIONFILE_OPENVEX,
    CK_DECISIONFILE_CYCLONEDX,
    CK_DECISIONFILE_TRIVYIGNORE,
    CK_DECISIONFILE_TRIVYIGNORE_YAML,
    CK_DECISIONFILE_GRYPE,
    CK_DECISIONFILE_CSV
};

struct ck_decisionfile_options {
    const char *author;      /* decided_by of VEX and ignore files' decisions */
    int32_t today;           /* days since 1970-01-01 (UTC) */
    /* The expiry given to ignore rules that state none (they become
     * accepted risks, which need one); CK_DATE_NONE: such rules are refused
     * with a warning that says so. */
    int32_t default_expires;
};

/* A statement or line that was not taken: where in the file and why. */
typedef void (*ck_decisionfile_warn_fn)(void *ctx, const char *where, const char *why);

/* "OpenVEX", "CycloneDX VEX", ".trivyignore", ... for messages. */
const char *ck_decisionfile_format_name(enum ck_decisionfile_format f);

/* Which format a file is, from its name (its last component: .trivyignore,
 * .trivyignore.yaml, .grype.yaml, *.csv) and its first bytes (JSON with an
 * OpenVEX @context, or with bomFormat CycloneDX; YAML with a top-level
 * "ignore:" or "vulnerabilities:"; a CSV header with the Triage column).
 * CK_DECISIONFILE_UNKNOWN when neither says. */
enum ck_decisionfile_format ck_decisionfile_sniff(const char *name, const char *head, size_t len);

/* Reads text (len bytes) of format f into out (appended). Errors:
 * CK_ERR_PARSE (not of the format, err says why), CK_ERR_LIMIT (over
 * CK_DECISIONFILE_MAX_BYTES), CK_ERR_NOMEM, CK_ERR_UNSUPPORTED (f is
 * UNKNOWN or CSV: the CSV is read by ck_reviewcsv_read, which needs the
 * history). On failure out holds what it held before. */
enum ck_status ck_decisionfile_read(enum ck_decisionfile_format f, const char *text, size_t len,
                                    const struct ck_decisionfile_options *opts, struct ck_decisions *out,
                                    ck_decisionfile_warn_fn warn, void *ctx, struct ck_err *err);

/* ---- shared by the readers (decisionfile.c) --------------------------------- */

/* The package name a package URL names, as ContainerKitty's inventory names
 * the package: "pkg:deb/debian/bash@5.2?arch=amd64" gives "bash",
 * "pkg:npm/%40babel/core@7" "@babel/core", "pkg:golang/github.com/a/b"
 * "github.com/a/b", "pkg:maven/org.x/y@1" "org.x:y" (percent-decoding,
 * version, qualifiers and subpath dropped). malloc'd, NULL when purl is not
 * a package URL (or out of memory). */
char *ck_decisionfile_purl_package(const char *purl);

/* The scope an OCI package URL names ("pkg:oci/debian@sha256%3A..?
 * repository_url=docker.io/library/debian&tag=12"): with a tag, that image
 * (repository:tag); without, the repository. The repository is the
 * repository_url qualifier, else the name as an image reference normalises
 * it (docker.io/library/debian). 0 with d->scope, d->repository and d->tag
 * (malloc'd) set; -1 when purl is not pkg:oci or out of memory. */
int ck_decisionfile_oci_scope(const char *purl, struct ck_decision *d);


/* ---- the formats' readers (vexin.c, ignorefile.c), called by
 * ck_decisionfile_read with the same contract ---------------------------------- */

enum ck_status ck_vexin_openvex_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                     struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                     struct ck_err *err);
enum ck_status ck_vexin_cyclonedx_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                       struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                       struct ck_err *err);
/* .trivyignore: one vulnerability id per line, "# comment", "exp:YYYY-MM-DD". */
enum ck_status ck_ignorefile_trivy_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                        struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                        struct ck_err *err);
/* .trivyignore.yaml: vulnerabilities: [{id, paths, purls, statement, expired_at}]. */
enum ck_status ck_ignorefile_trivy_yaml_read(const char *text, size_t len,
                                             const struct ck_decisionfile_options *opts, struct ck_decisions *out,
                                             ck_decisionfile_warn_fn warn, void *ctx, struct ck_err *err);
/* .grype.yaml: ignore: [{vulnerability, reason, package: {name, version, type, location}, fix-state,
 * vex-status, vex-justification}]. */
enum ck_status ck_ignorefile_grype_read(const char *text, size_t len, const struct ck_decisionfile_options *opts,
                                        struct ck_decisions *out, ck_decisionfile_warn_fn warn, void *ctx,
                                        struct ck_err *err);

#endif
