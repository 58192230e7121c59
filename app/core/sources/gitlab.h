/* Image lists from a GitLab instance's container registries (REST API v4),
 * for the projects of a user, of a group and its subgroups, or one project:
 *
 *   /users/:id/projects | /groups/:id/projects?include_subgroups=true | /projects/:id
 *   -> /projects/:id/registry/repositories
 *   -> /projects/:id/registry/repositories/:repository_id/tags
 *   -> /projects/:id/registry/repositories/:repository_id/tags/:tag  (when the
 *      tag policy needs creation dates)
 *
 * Every list is read to its end: per_page=100, next page from the
 * x-next-page header, or from Link rel="next" when that header is absent
 * (keyset pagination, or instances that leave it out past 10,000 records).
 * The token goes in the PRIVATE-TOKEN header and is never logged. Each chosen
 * tag becomes "<repository location>:<tag>". A project whose registry cannot
 * be read (403, 404) is reported and skipped; an unknown user, group or
 * project, or a refused token, fails the whole query. */
#ifndef CK_GITLAB_H
#define CK_GITLAB_H

#include <stddef.h>

#include "platform/platform.h"
#include "sources/imagelist.h"
#include "sources/tagpolicy.h"
#include "util/status.h"

enum ck_gitlab_scope { CK_GITLAB_USER, CK_GITLAB_GROUP, CK_GITLAB_PROJECT };

struct ck_gitlab_query {
    const char *base_url;              /* "https://gitlab.example.com" (an /api/v4 suffix is fine) */
    enum ck_gitlab_scope scope;
    const char *id;                    /* numeric id, or path ("group/subgroup", a username) */
    const char *token;                 /* personal/group/project access token; NULL: public data only */
    const struct ck_tagpolicy *policy; /* NULL: all tags */
    unsigned per_page;                 /* 0: 100 (GitLab's maximum) */
    const ck_atomic_flag *cancel;      /* may be NULL */
};

/* What a query went through. */
struct ck_gitlab_stats {
    size_t projects;     /* projects listed */
    size_t repositories; /* registry repositories read */
    size_t tags;         /* tags seen */
    size_t chosen;       /* tags the policy chose */
    size_t requests;     /* HTTP requests made (pages, details) */
    size_t skipped;      /* projects or repositories skipped with a warning */
};

/* Reads "user", "group" or "project" (any case); 0 when text is none of them. */
int ck_gitlab_scope_parse(const char *text, enum ck_gitlab_scope *out);
const char *ck_gitlab_scope_name(enum ck_gitlab_scope scope);

/* Adds the images the query finds to list. On failure list may hold what was
 * found before the failure; err says what failed, e.g. "group 42 was not
 * found on https://gitlab.example.com". stats may be NULL. */
enum ck_status ck_gitlab_list(const struct ck_gitlab_query *query, struct ck_imagelist *list,
                              struct ck_gitlab_stats *stats, struct ck_err *err);


#endif
