/* Image references as Docker reads them: parsed, validated and normalised.
 *
 *   ubuntu                          -> docker.io/library/ubuntu:latest
 *   registry.example.com:5000/dev/example-image:4.2.0   (kept as written)
 *   alpine@sha256:<64 hex>          -> docker.io/library/alpine@sha256:<64 hex>
 *
 * Grammar (Docker's reference format):
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path-component { "/" path-component }
 *   domain     := host [ ":" port ]      host: DNS name, IPv4 or [IPv6]
 *   path-component := [a-z0-9]+ { ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ }
 *   tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest     := algorithm ":" hex   (sha256: 64, sha384: 96, sha512: 128 lowercase hex)
 * The first component is the registry when it contains '.' or ':', is
 * "localhost", or has an uppercase letter; otherwise the registry is docker.io,
 * and a one-component name on docker.io gains "library/". "index.docker.io" is
 * read as "docker.io". A name without tag and digest gets the tag "latest". */
#ifndef CK_IMAGEREF_H
#define CK_IMAGEREF_H

#include "util/status.h"

#define CK_IMAGEREF_DEFAULT_REGISTRY "docker.io"
#define CK_IMAGEREF_DEFAULT_TAG "latest"
#define CK_IMAGEREF_NAME_MAX 255 /* registry + "/" + repository */
#define CK_IMAGEREF_TAG_MAX 128

/* Caller-owned; every field is heap memory released by ck_imageref_release. */
struct ck_imageref {
    char *registry;   /* "docker.io", "registry.example.com:5000" */
    char *repository; /* "library/ubuntu", "dev/example-image" */
    char *tag;        /* "latest", "4.2.0"; NULL when only a digest was given */
    char *digest;     /* "sha256:<hex>" or NULL */
};

void ck_imageref_init(struct ck_imageref *ref);
void ck_imageref_release(struct ck_imageref *ref);

/* Parses and normalises text (surrounding whitespace is not allowed: the
 * caller trims). On failure *out is untouched and err says what is wrong,
 * e.g. "invalid image reference 'Ubuntu': repository name must be lowercase". */
enum ck_status ck_imageref_parse(struct ck_imageref *out, const char *text, struct ck_err *err);

/* Deep copy into *out (initialised or released); *out untouched on failure. */
enum ck_status ck_imageref_copy(struct ck_imageref *out, const struct ck_imageref *src);

/* Canonical form, malloc'd: "docker.io/library/ubuntu:latest",
 * "host/repo:tag@sha256:<hex>". NULL when out of memory. */
char *ck_imageref_to_string(const struct ck_imageref *ref);

/* Short form for people, malloc'd: Docker's familiar name (docker.io/ and
 * library/ dropped) with the tag and at most 12 digits of the digest, e.g.
 * "ubuntu:22.04", "ghcr.io/x/y@sha256:0123456789ab". Not meant to be parsed
 * back when a digest was shortened. */
char *ck_imageref_display(const struct ck_imageref *ref);

/* "registry/repository", malloc'd: the repository an image belongs to (the
 * unit tag policies choose within). */
char *ck_imageref_name(const struct ck_imageref *ref);

/* Non-zero when text is a valid tag (the grammar above). */
int ck_imageref_valid_tag(const char *tag);

#endif
