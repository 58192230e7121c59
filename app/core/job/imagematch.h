/* An image's inventory matched against the vulnerability data, as a scan and
 * a re-match both do it: the findings in the history's shape, what the data
 * could not assess, and how old the data of the image's OS is. */
#ifndef CK_JOB_IMAGEMATCH_H
#define CK_JOB_IMAGEMATCH_H

#include "inventory/inventory.h"
#include "store/history.h"
#include "vuln/assessment.h"
#include "vuln/vulndb.h"

struct ck_image_match {
    struct ck_history_findings findings;
    struct ck_assessment assessment;
    char *not_assessed; /* ck_assessment_text, or NULL when everything was assessed */
    int64_t data_age;   /* seconds since the OS ecosystem's data was updated; -1 unknown */
};

void ck_image_match_init(struct ck_image_match *m);
void ck_image_match_release(struct ck_image_match *m);

/* Fills m (initialised, empty) for inv. */
enum ck_status ck_image_match_run(struct ck_vulndb *db, const struct ck_inventory *inv, struct ck_image_match *m,
                                  struct ck_err *err);

#endif
