/* An image's package inventory: its OS and every installed package.
 * struct ck_inventory is caller-owned (ck_inventory_init / _release); all
 * strings in it are heap copies owned by the inventory. */
#ifndef CK_INVENTORY_H
#define CK_INVENTORY_H

#include <stddef.h>

#include "util/status.h"

enum ck_pkg_type { CK_PKG_DEB = 0, CK_PKG_APK, CK_PKG_RPM };

struct ck_package {
    enum ck_pkg_type type;
    char *name;           /* binary package name */
    char *version;        /* full version: deb [epoch:]up-rev, apk 1.2-r0, rpm [epoch:]ver-rel */
    char *source_name;    /* source package (deb Source:, apk origin, rpm source rpm name); = name when absent */
    char *source_version; /* source version; = version when absent */
    char *arch;           /* may be NULL */
};

struct ck_os {
    char *id;          /* os-release ID: debian, ubuntu, alpine, rhel, ... (NULL if unknown) */
    char *version_id;  /* VERSION_ID */
    char *pretty_name; /* PRETTY_NAME */
    char *ecosystem;   /* OSV ecosystem: "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.20"; NULL when none applies */
};

struct ck_inventory {
    struct ck_os os;
    struct ck_package *packages;
    size_t count;
    size_t cap;
    char **warnings; /* messages for the person: "status line 412: ..." */
    size_t warning_count;
};

void ck_inventory_init(struct ck_inventory *inv);
void ck_inventory_release(struct ck_inventory *inv);

#endif
