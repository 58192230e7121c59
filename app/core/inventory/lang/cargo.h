/* Rust crates (ecosystem "crates.io").
 *
 *   Cargo.lock   the [[package]] tables' name, version and source (the
 *       detail) — a line-oriented reader of this subset of TOML: basic
 *       "..." and literal '...' strings, other keys and multi-line arrays
 *       skipped, any other [table] ending the package. A package with no
 *       source (a path crate of the workspace) or a non-registry source
 *       (git+...) is CK_LANG_LINK.
 *   .dep-v0      the dependency list cargo-auditable embeds in a binary
 *       (a section of that name, zlib-compressed JSON):
 *       {"packages": [{"name", "version", "source", "kind", ...}]};
 *       "kind": "build" is CK_LANG_BUILD, "source": "local" CK_LANG_LINK,
 *       the source is the detail. */
#ifndef CK_CARGO_H
#define CK_CARGO_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

#define CK_CARGO_AUDIT_MAX (8u * 1024u * 1024u) /* bytes of .dep-v0 JSON once inflated */

/* A file named Cargo.lock. */
int ck_cargo_wants(const char *path);

/* Cargo.lock. Fails only for input past the cap or out of memory. */
enum ck_status ck_cargo_parse_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                   struct ck_err *err);

/* The .dep-v0 JSON, already inflated. path names the binary in warnings.
 * Fails for input that is not JSON, too large, or out of memory. */
enum ck_status ck_cargo_parse_audit_json(const char *path, const void *json, size_t len,
                                         struct ck_lang_result *out, struct ck_err *err);

/* The .dep-v0 section's bytes as stored (zlib): inflated (at most
 * CK_CARGO_AUDIT_MAX bytes, else CK_ERR_LIMIT; a corrupt stream is
 * CK_ERR_PARSE), then read as above. out is untouched on failure. */
enum ck_status ck_cargo_parse_audit(const char *path, const void *zdata, size_t len, struct ck_lang_result *out,
                                    struct ck_err *err);

#endif
