/* What changed across the fleet since a moment: for every image, its latest
 * successful scan of ours against the latest one that started before the
 * moment. A finding is new, fixed, or re-rated (the same record and package
 * at another severity), and each says why: the data (a re-match, or a scan of
 * the same image ID or digest) or the image (another image ID or digest
 * under the same tag, or a folder or archive scanned again: it may have
 * changed). Images first scanned after the moment, and
 * those not scanned since, are only counted. */
#ifndef CK_STORE_CHANGES_H
#define CK_STORE_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "store/history.h"

enum ck_change_kind { CK_CHANGE_NEW = 0, CK_CHANGE_FIXED, CK_CHANGE_SEVERITY };
enum ck_change_cause { CK_CAUSE_DATA = 0, CK_CAUSE_IMAGE };

struct ck_change {
    enum ck_change_kind kind;
    enum ck_change_cause cause;
    size_t image;                /* index into ck_changes.images */
    char *record_id, *cve, *package;
    enum ck_severity severity;   /* now (fixed: as it was) */
    enum ck_severity previous;   /* CK_CHANGE_SEVERITY: as it was */
};

struct ck_changed_image {
    char *repository, *tag;
    int64_t from_scan, to_scan;
};

struct ck_changes {
    int64_t since;
    struct ck_change *items;
    size_t count, cap;
    struct ck_changed_image *images; /* images with a scan on both sides that differ */
    size_t image_count, image_cap;
    size_t images_compared;          /* with a scan before and after the moment */
    size_t images_first_scanned;     /* no scan before the moment */
};

void ck_changes_init(struct ck_changes *c);
void ck_changes_release(struct ck_changes *c);

enum ck_status ck_history_changes(struct ck_history *h, int64_t since, struct ck_changes *out, struct ck_err *err);

#endif
