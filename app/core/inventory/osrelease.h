/* /etc/os-release (and /usr/lib/os-release): which OS an image runs, and
 * which OSV ecosystem its packages belong to.
 *
 * Syntax as os-release(5) describes it: KEY=VALUE lines, "#" comments,
 * values in double quotes (backslash escapes $ " \ and `), in single quotes
 * (no escapes) or bare (a backslash escapes the next character); quoted
 * parts may be concatenated and may span lines. Lines that do not parse are
 * ignored, as the specification asks.
 *
 * Ecosystems (OSV's spelling): debian 12 -> "Debian:12"; ubuntu 22.04 ->
 * "Ubuntu:22.04:LTS" (LTS when VERSION says so, or an even year's .04),
 * 23.10 -> "Ubuntu:23.10"; alpine 3.20.3 -> "Alpine:v3.20"; rhel 9.4 ->
 * "Red Hat:enterprise_linux:9"; rocky -> "Rocky Linux:9"; almalinux ->
 * "AlmaLinux:9"; mariner 2.0 / azurelinux 3.0 -> "Azure Linux:2" /
 * "Azure Linux:3"; photon 5.0 -> "Photon OS:5.0"; mageia 9 -> "Mageia:9";
 * wolfi -> "Wolfi"; chainguard -> "Chainguard". Anything else (Fedora,
 * Amazon Linux, derivatives, a release without VERSION_ID) has none. */
#ifndef CK_OSRELEASE_H
#define CK_OSRELEASE_H

#include <stddef.h>

#include "inventory/inventory.h"

struct ck_osrelease {
    char *id;          /* lower-cased */
    char *id_like;
    char *name;
    char *version;
    char *version_id;
    char *version_codename;
    char *pretty_name;
};

void ck_osrelease_init(struct ck_osrelease *r);
void ck_osrelease_release(struct ck_osrelease *r);
/* Parses text into r (initialised; previous values replaced). Only
 * CK_ERR_NOMEM fails. */
enum ck_status ck_osrelease_parse(struct ck_osrelease *r, const char *text, size_t len);
/* The OSV ecosystem (malloc'd), or NULL when none applies (or no memory). */
char *ck_osrelease_ecosystem(const struct ck_osrelease *r);
/* What to call the OS in messages: PRETTY_NAME, NAME, ID or "an unknown OS". */
const char *ck_osrelease_display_name(const struct ck_osrelease *r);
/* Fills os (its strings replaced by copies) and os->ecosystem. */
enum ck_status ck_osrelease_to_os(const struct ck_osrelease *r, struct ck_os *os);

#endif
