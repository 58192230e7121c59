/* Tag policies: which tags of a repository go into an image list.
 *
 *   all         every tag
 *   latest      the tag "latest" only (what Invoke-ContainerKitty scanned)
 *   semver      the newest semantic version (semver.h): tags that are not
 *               versions are ignored; several tags of the same precedence
 *               ("1.2.3", "v1.2.3", "1.2.3_b7") are all kept
 *   regex:RE    tags in which RE matches (util/regex.h; anchor with ^ $)
 *   newest:N    the N most recently created tags; needs creation dates, and
 *               tags without one are not chosen
 * A policy applies to the tags of one repository at a time. */
#ifndef CK_TAGPOLICY_H
#define CK_TAGPOLICY_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct ck_regex;

enum ck_tagpolicy_kind {
    CK_TAGPOLICY_ALL,
    CK_TAGPOLICY_LATEST,
    CK_TAGPOLICY_SEMVER,
    CK_TAGPOLICY_REGEX,
    CK_TAGPOLICY_NEWEST
};

#define CK_TAGPOLICY_NEWEST_MAX 100000

/* Caller-owned: ck_tagpolicy_parse fills it, ck_tagpolicy_release frees it. */
struct ck_tagpolicy {
    enum ck_tagpolicy_kind kind;
    struct ck_regex *regex; /* CK_TAGPOLICY_REGEX */
    unsigned newest;        /* CK_TAGPOLICY_NEWEST: N */
    char *text;             /* the policy as written, for messages */
};

#define CK_TAG_NO_DATE INT64_MIN

/* One tag of a repository. */
struct ck_tag {
    const char *name;
    int64_t created; /* seconds since the epoch (UTC), or CK_TAG_NO_DATE */
};

/* Reads "all", "latest", "semver", "regex:RE" or "newest:N" (N from 1 to
 * CK_TAGPOLICY_NEWEST_MAX). On failure *out is untouched and err says why. */
enum ck_status ck_tagpolicy_parse(struct ck_tagpolicy *out, const char *text, struct ck_err *err);
void ck_tagpolicy_release(struct ck_tagpolicy *policy);

/* Non-zero when the policy needs each tag's creation date. */
int ck_tagpolicy_needs_dates(const struct ck_tagpolicy *policy);

/* Sets keep[i] to 1 for each of the n tags of one repository the policy
 * chooses, 0 for the others; returns how many were chosen. */
size_t ck_tagpolicy_select(const struct ck_tagpolicy *policy, const struct ck_tag *tags, size_t n,
                           unsigned char *keep);

#endif
