/* A scan's pull, as the pull policy says (job.h: always, missing, never),
 * the way Docker's own --pull does:
 *   never    the engine's copy is scanned; none is an error
 *   missing  pulled only when the engine has no copy
 *   always   pulled; when the pull fails and the engine has a copy (an image
 *            built locally and never pushed, a registry out of reach), that
 *            copy is scanned and a note says so: the digest scanned may not
 *            be the registry's newest.
 * It also tells whether the image came with this pull (the engine had no
 * copy before), for --remove-pulled. */
#ifndef CK_JOB_PULL_H
#define CK_JOB_PULL_H

#include "docker/engine.h"
#include "job/job.h"

struct ck_pull_outcome {
    int pulled;          /* a pull succeeded */
    int new_image;       /* the engine had no copy before it */
    char *note;          /* malloc'd: why the local copy was scanned, or NULL */
};

void ck_pull_outcome_release(struct ck_pull_outcome *o);

/* ref: the image reference. cancel may be NULL. CK_ERR_CANCELLED when cancelled. */
enum ck_status ck_pull_for_scan(struct ck_engine *e, const char *ref, enum ck_pull_policy policy,
                                ck_pull_fn progress, void *ctx, const ck_atomic_flag *cancel,
                                struct ck_pull_outcome *out, struct ck_err *err);

/* With --remove-pulled: removes the image when this scan's pull brought it
 * (the engine had no copy before): CK_OK removed, CK_ERR_NOTFOUND nothing to
 * remove, else why it could not be. */
enum ck_status ck_pull_remove_new(struct ck_engine *e, const char *ref, const struct ck_pull_outcome *o,
                                  struct ck_err *err);

const char *ck_pull_policy_name(enum ck_pull_policy p);
/* "always", "missing", "never": 0, else -1. */
int ck_pull_policy_parse(const char *s, enum ck_pull_policy *out);

#endif
