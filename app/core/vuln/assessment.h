/* Whether the vulnerability data can judge an image, part by part: its OS
 * packages in the OS's ecosystem, and its application packages in each of
 * their ecosystems. A part whose ecosystem the database holds no data for
 * (never downloaded or imported), or an OS with no known ecosystem, is
 * "not assessed": a scan of it is never reported as clean. Application
 * packages an OS package installed belong to the OS's part. */
#ifndef CK_ASSESSMENT_H
#define CK_ASSESSMENT_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "util/status.h"
#include "vuln/vulndb.h"

struct ck_assessed {
    char *ecosystem; /* "Debian:12", "npm"; NULL: OS packages of an OS with no ecosystem */
    size_t packages; /* packages of this part */
    int has_data;    /* the database holds records of this ecosystem */
};

/* Caller-owned: ck_assessment_init / ck_assessment_release. The OS's part
 * first, then the application ecosystems by name. */
struct ck_assessment {
    struct ck_assessed *parts;
    size_t count, cap;
    char *os_name; /* the OS's pretty name or id, for the text of an unknown OS */
};

void ck_assessment_init(struct ck_assessment *a);
void ck_assessment_release(struct ck_assessment *a);

/* Fills *out (initialised, empty) for inv against db. Errors: out of memory. */
enum ck_status ck_assess(struct ck_vulndb *db, const struct ck_inventory *inv, struct ck_assessment *out,
                         struct ck_err *err);

/* 1 when part i could be judged: it has data, or it is an OS part without
 * packages (an image of one static program needs no OS data). */
int ck_assessment_part_assessed(const struct ck_assessment *a, size_t i);
/* 1 when every part could be judged. */
int ck_assessment_complete(const struct ck_assessment *a);

/* The parts not assessed, for people and the history:
 * "no vulnerability data for npm, Debian:13" or
 * "no vulnerability data for the OS (Plan 9), npm"; malloc'd; NULL when
 * everything was assessed (or out of memory: check complete first). */
char *ck_assessment_text(const struct ck_assessment *a);

#endif
