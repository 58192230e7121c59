/* An inventory written out as a software bill of materials: ContainerKitty's
 * own JSON (its stable shape is described in docs/sbom-json.md and at the
 * top of sbom.c) or CycloneDX 1.5 JSON, both with package URLs. */
#ifndef CK_SBOM_H
#define CK_SBOM_H

#include "inventory/inventory.h"

enum ck_sbom_format { CK_SBOM_JSON = 0, CK_SBOM_CYCLONEDX };

/* "json" or "cyclonedx"; 0 on success, -1 for anything else. */
int ck_sbom_format_parse(const char *name, enum ck_sbom_format *out);

/* The package URL (purl) of p in an image whose OS is os, malloc'd:
 *   pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12
 *   pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3
 *   pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1
 * The namespace is the OS ID (rhel -> redhat), or debian / alpine when the OS
 * is unknown (none for rpm); components are percent-encoded as the purl
 * specification says (all but A-Z a-z 0-9 . - _ ~ and ':'); qualifiers are
 * sorted. NULL when out of memory. */
char *ck_sbom_purl(const struct ck_package *p, const struct ck_os *os);

/* One package / unmanaged file as the JSON document writes it (for other
 * documents that list them too); NULL when out of memory. */
struct cJSON;
struct cJSON *ck_sbom_package_item(const struct ck_package *p, const struct ck_os *os);
struct cJSON *ck_sbom_unmanaged_item(const struct ck_unmanaged *u);
/* Adds "files_seen", "unmanaged" (the software nobody installed, one item
 * each) and "unmanaged_other" (how many other files, how many bytes) to an
 * object. CK_ERR_NOMEM on failure. */
enum ck_status ck_sbom_add_unmanaged(struct cJSON *root, const struct ck_inventory *inv);

/* The document for inv (malloc'd, ends with a newline). subject names what
 * was read (an image, an archive, a folder) and may be NULL. */
enum ck_status ck_sbom_render(const struct ck_inventory *inv, enum ck_sbom_format fmt, const char *subject,
                              char **out, struct ck_err *err);

#endif
