/* Tag policies (see tagpolicy.h). */
#include "sources/tagpolicy.h"

#include <stdlib.h>
#include <string.h>

#include "sources/semver.h"
#include "util/regex.h"

enum ck_status ck_tagpolicy_parse(struct ck_tagpolicy *out, const char *text, struct ck_err *err)
{
    struct ck_tagpolicy p;
    enum ck_status st;

    memset(&p, 0, sizeof p);
    if (!text)
        text = "";
    if (!strcmp(text, "all")) {
        p.kind = CK_TAGPOLICY_ALL;
    } else if (!strcmp(text, "latest")) {
        p.kind = CK_TAGPOLICY_LATEST;
    } else if (!strcmp(text, "semver")) {
        p.kind = CK_TAGPOLICY_SEMVER;
    } else if (!strncmp(text, "regex:", 6)) {
        p.kind = CK_TAGPOLICY_REGEX;
        if ((st = ck_regex_compile(&p.regex, text + 6, err)) != CK_OK)
            return st;
    } else if (!strncmp(text, "newest:", 7)) {
        const char *d = text + 7;
        unsigned long n = 0;
        p.kind = CK_TAGPOLICY_NEWEST;
        for (; *d >= '0' && *d <= '9' && n <= CK_TAGPOLICY_NEWEST_MAX; d++)
            n = n * 10 + (unsigned long)(*d - '0');
        if (d == text + 7 || *d || n < 1 || n > CK_TAGPOLICY_NEWEST_MAX)
            return ck_err_set(err, CK_ERR_ARG, "tag policy '%.100s': N must be a number from 1 to %d",
                              text, CK_TAGPOLICY_NEWEST_MAX);
        p.newest = (unsigned)n;
    } else {
        return ck_err_set(err, CK_ERR_ARG, "unknown tag policy '%.100s' (expected all, latest, semver, "
                          "regex:RE or newest:N)", text);
    }
    p.text = strdup(text);
    if (!p.text) {
        ck_regex_free(p.regex);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    *out = p;
    return CK_OK;
}

void ck_tagpolicy_release(struct ck_tagpolicy *policy)
{
    if (!policy)
        return;
    ck_regex_free(policy->regex);
    free(policy->text);
    memset(policy, 0, sizeof *policy);
}

int ck_tagpolicy_needs_dates(const struct ck_tagpolicy *policy)
{
    return policy->kind == CK_TAGPOLICY_NEWEST;
}

/* Keeps every tag whose version has the highest precedence. */
static size_t select_semver(const struct ck_tag *tags, size_t n, unsigned char *keep)
{
    struct ck_semver best, v;
    size_t i, kept = 0;
    int have = 0;

    for (i = 0; i < n; i++)
        if (ck_semver_parse_tag(tags[i].name, &v) && (!have || ck_semver_compare(&v, &best) > 0)) {
            best = v;
            have = 1;
        }
    for (i = 0; i < n; i++) {
        keep[i] = have && ck_semver_parse_tag(tags[i].name, &v) && ck_semver_compare(&v, &best) == 0;
        kept += keep[i];
    }
    return kept;
}

/* a is newer than b: later date, or the same date and a lower name (so the
 * choice does not depend on the order the server listed them in). */
static int newer(const struct ck_tag *a, const struct ck_tag *b)
{
    if (a->created != b->created)
        return a->created > b->created;
    return strcmp(a->name, b->name) < 0;
}

/* N rounds of "the newest not yet kept": no allocation, and N is small next
 * to the tag count in practice. */
static size_t select_newest(unsigned count, const struct ck_tag *tags, size_t n, unsigned char *keep)
{
    size_t kept = 0, i, best;
    for (i = 0; i < n; i++)
        keep[i] = 0;
    while (kept < count) {
        best = n;
        for (i = 0; i < n; i++)
            if (!keep[i] && tags[i].created != CK_TAG_NO_DATE && (best == n || newer(&tags[i], &tags[best])))
                best = i;
        if (best == n)
            break;
        keep[best] = 1;
        kept++;
    }
    return kept;
}

size_t ck_tagpolicy_select(const struct ck_tagpolicy *policy, const struct ck_tag *tags, size_t n,
                           unsigned char *keep)
{
    size_t i, kept = 0;

    switch (policy->kind) {
    case CK_TAGPOLICY_SEMVER:
        return select_semver(tags, n, keep);
    case CK_TAGPOLICY_NEWEST:
        return select_newest(policy->newest, tags, n, keep);
    default:
        break;
    }
    for (i = 0; i < n; i++) {
        switch (policy->kind) {
        case CK_TAGPOLICY_LATEST:
            keep[i] = !strcmp(tags[i].name, "latest");
            break;
        case CK_TAGPOLICY_REGEX:
            keep[i] = ck_regex_search(policy->regex, tags[i].name) == 1;
            break;
        default:
            keep[i] = 1;
        }
        kept += keep[i];
    }
    return kept;
}
