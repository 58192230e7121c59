/* Image lists from a registry through the Docker Registry HTTP API v2:
 *
 *   GET /v2/_catalog?n=100            (paged by the Link rel="next" header)
 *   GET /v2/<name>/tags/list?n=100    (likewise)
 *
 * Authentication follows the registry's 401 challenge (WWW-Authenticate):
 * Basic sends the username and password; Bearer asks the token service named
 * by realm for a token (service and scope from the challenge; the credentials,
 * when given, as Basic to the token service; anonymous otherwise) and takes
 * "token" or "access_token" from its JSON answer. Tokens are per scope
 * ("registry:catalog:*", "repository:<name>:pull"); credentials and tokens are
 * never logged.
 *
 * The registry API tells no creation dates, so the newest:N tag policy is
 * refused here. Catalog listing may need more rights than pulling (GitLab's
 * registry wants an administrator). */
#ifndef CK_REGISTRY_H
#define CK_REGISTRY_H

#include <stddef.h>

#include "platform/platform.h"
#include "sources/imagelist.h"
#include "sources/tagpolicy.h"
#include "util/status.h"

struct ck_registry_query {
    const char *url;                   /* "https://registry.example.com", "http://127.0.0.1:5000";
                                          without a scheme, https is used */
    const char *username;              /* NULL: docker_credentials, else anonymous */
    const char *password;
    int docker_credentials;            /* without username: use the docker CLI's credentials
                                          for this registry (docker/regauth.h), as pulls do */
    const struct ck_tagpolicy *policy; /* NULL: all tags */
    unsigned page_size;                /* n= of each page; 0: 100 */
    const ck_atomic_flag *cancel;      /* may be NULL */
};

struct ck_registry_stats {
    size_t repositories; /* repositories in the catalog */
    size_t tags;         /* tags seen */
    size_t chosen;       /* tags the policy chose */
    size_t requests;     /* HTTP requests made, token requests included */
    size_t skipped;      /* repositories skipped with a warning */
};

/* Adds the registry's images to list (nothing when it fails); stats may be NULL. */
enum ck_status ck_registry_list(const struct ck_registry_query *query, struct ck_imagelist *list,
                                struct ck_registry_stats *stats, struct ck_err *err);

/* One parameter of a WWW-Authenticate challenge ("realm", "service",
 * "scope"), malloc'd, or NULL; *scheme_out (may be NULL) gets the scheme
 * ("Bearer", "Basic"), malloc'd. Exposed for tests. */
char *ck_registry_challenge_param(const char *challenge, const char *name, char **scheme_out);

#endif
