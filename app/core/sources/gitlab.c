/* GitLab REST API v4: projects -> registry repositories -> tags (see gitlab.h). */
#include "sources/gitlab.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sources/web.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/text.h"

#define PAGES_MAX 100000 /* a loop guard far beyond any real listing */

/* One query's state. */
struct gl {
    const struct ck_gitlab_query *q;
    struct ck_web *web;
    char *api;        /* <base>/api/v4 */
    char *shown_base; /* the instance as named in messages */
    char *token_header;
    const char *headers[3];
    unsigned per_page;
    struct ck_gitlab_stats stats;
    struct ck_imagelist found;
};

/* A project worth reading. */
struct project {
    long id;
    char *path; /* path_with_namespace, for messages */
};

struct project_list {
    struct project *items;
    size_t count, cap;
};

/* One registry repository of a project. */
struct repository {
    long id;
    char *location;
    char *path;
};

struct repository_list {
    struct repository *items;
    size_t count, cap;
};

struct name_list {
    char **items;
    size_t count, cap;
};

typedef enum ck_status (*page_fn)(struct gl *g, const cJSON *item, void *ctx, struct ck_err *err);

static int grow(void **items, size_t *cap, size_t count, size_t size)
{
    size_t n;
    void *p;
    if (count < *cap)
        return 1;
    n = *cap ? *cap * 2 : 16;
    p = realloc(*items, n * size);
    if (!p)
        return 0;
    *items = p;
    *cap = n;
    return 1;
}

int ck_gitlab_scope_parse(const char *text, enum ck_gitlab_scope *out)
{
    static const char *const names[] = {"user", "group", "project"};
    int i;
    for (i = 0; i < 3; i++)
        if (text && !strcasecmp(text, names[i])) {
            *out = (enum ck_gitlab_scope)i;
            return 1;
        }
    return 0;
}

const char *ck_gitlab_scope_name(enum ck_gitlab_scope scope)
{
    switch (scope) {
    case CK_GITLAB_USER: return "user";
    case CK_GITLAB_GROUP: return "group";
    default: return "project";
    }
}

/* ---- requests ----------------------------------------------------------- */

/* GitLab's {"message": ...} or {"error": ...}, for error messages. */
static void body_message(const struct ck_web_response *r, char *out, size_t n)
{
    cJSON *j = cJSON_ParseWithLength(ck_buf_str(&r->body), r->body.len);
    const cJSON *m = j ? cJSON_GetObjectItemCaseSensitive(j, "message") : NULL;
    char status[8];
    out[0] = '\0';
    if (!cJSON_IsString(m) && j)
        m = cJSON_GetObjectItemCaseSensitive(j, "error");
    snprintf(status, sizeof status, "%ld ", r->status);
    /* "403 Forbidden" says nothing the status does not */
    if (cJSON_IsString(m) && strncmp(m->valuestring, status, strlen(status)) != 0)
        snprintf(out, n, ": %s", m->valuestring);
    cJSON_Delete(j);
}

static enum ck_status http_failure(struct gl *g, const struct ck_web_response *r, const char *what,
                                   struct ck_err *err)
{
    char detail[200];
    body_message(r, detail, sizeof detail);
    switch (r->status) {
    case 401:
        if (g->q->token)
            return ck_err_set(err, CK_ERR_AUTH, "the token was refused by %s (401 Unauthorized); is it "
                              "expired or revoked?", g->shown_base);
        return ck_err_set(err, CK_ERR_AUTH, "%s needs a token to read %s (401 Unauthorized)",
                          g->shown_base, what);
    case 403:
        return ck_err_set(err, CK_ERR_HTTP, "%s refused access to %s (403 Forbidden%s); the token needs "
                          "the read_api scope and access to it", g->shown_base, what, detail);
    case 404:
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s was not found on %s%s", what, g->shown_base,
                          g->q->token ? "" : " (or it is private: give a token)");
    case 429:
        return ck_err_set(err, CK_ERR_HTTP, "%s kept answering 429 Too Many Requests for %s; try later",
                          g->shown_base, what);
    default:
        return ck_err_set(err, CK_ERR_HTTP, "%s answered %s for %s%s", g->shown_base,
                          ck_web_status_text(r->status), what, detail);
    }
}

/* The URL of the page after the one in r, or NULL at the end. first is the
 * listing's first URL (it has a query); *end tells the end from a failure. */
static char *next_page_url(const struct ck_web_response *r, const char *first, int *end)
{
    const char *n = ck_web_header(r, "x-next-page");
    struct ck_buf b;

    *end = 0;
    if (n) {
        size_t i;
        if (!*n) {
            *end = 1;
            return NULL;
        }
        for (i = 0; n[i]; i++)
            if (n[i] < '0' || n[i] > '9') {
                *end = 1; /* not a page number: fall back to Link below */
                break;
            }
        if (!*end) {
            ck_buf_init(&b);
            if (ck_buf_printf(&b, "%s&page=%s", first, n) != CK_OK) {
                ck_buf_release(&b);
                return NULL;
            }
            return ck_buf_take(&b);
        }
        *end = 0;
    }
    {
        char *link = ck_web_link_next(r);
        *end = link == NULL;
        return link;
    }
}

/* CK_OK when the texts a request is built from are whole (an append that
 * failed leaves its buffer failed: never request a URL cut short). */
static enum ck_status built(const struct ck_buf *a, const struct ck_buf *b, struct ck_err *err)
{
    if (ck_buf_status(a) != CK_OK || (b && ck_buf_status(b) != CK_OK))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return CK_OK;
}

/* GETs url; on success *out is the parsed JSON. */
static enum ck_status get_json(struct gl *g, const char *url, const char *what, struct ck_web_response *r,
                               cJSON **out, struct ck_err *err)
{
    enum ck_status st;
    cJSON *j;

    g->stats.requests++;
    st = ck_web_get(g->web, url, g->headers, r, err);
    if (st != CK_OK)
        return st;
    if (r->status != 200)
        return http_failure(g, r, what, err);
    j = cJSON_ParseWithLength(ck_buf_str(&r->body), r->body.len);
    if (!j)
        return ck_err_set(err, CK_ERR_PROTOCOL, "%s answered something that is not JSON for %s",
                          g->shown_base, what);
    *out = j;
    return CK_OK;
}

/* Calls fn for each element of every page of the array listing at url
 * (which has a query already). */
static enum ck_status each_item(struct gl *g, const char *first, const char *what, page_fn fn, void *ctx,
                                struct ck_err *err)
{
    struct ck_web_response r;
    char *url = NULL, *next = NULL;
    enum ck_status st = CK_OK;
    int pages = 0, end = 0;

    ck_web_response_init(&r);
    url = strdup(first);
    while (url && !end) {
        cJSON *j = NULL;
        const cJSON *item;
        if (++pages > PAGES_MAX) {
            st = ck_err_set(err, CK_ERR_LIMIT, "%s: more than %d pages for %s", g->shown_base, PAGES_MAX, what);
            goto cleanup;
        }
        if ((st = get_json(g, url, what, &r, &j, err)) != CK_OK)
            goto cleanup;
        if (!cJSON_IsArray(j)) {
            cJSON_Delete(j);
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s did not answer a list for %s", g->shown_base, what);
            goto cleanup;
        }
        cJSON_ArrayForEach(item, j) {
            if ((st = fn(g, item, ctx, err)) != CK_OK)
                break;
        }
        cJSON_Delete(j);
        if (st != CK_OK)
            goto cleanup;
        next = next_page_url(&r, first, &end);
        if (!end && !next) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (next && !strcmp(next, url)) { /* a server pointing at the same page again */
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s sent the same page again for %s", g->shown_base, what);
            goto cleanup;
        }
        /* the token goes with every page: only to the instance it was given for */
        if (next && (st = ck_web_check_next(first, next, g->token_header != NULL, what, err)) != CK_OK)
            goto cleanup;
        free(url);
        url = next;
        next = NULL;
    }
    if (!url && !end)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");

cleanup:
    free(url);
    free(next);
    ck_web_response_release(&r);
    return st;
}

static const char *json_string(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long json_id(const cJSON *o)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "id");
    return cJSON_IsNumber(v) && v->valuedouble >= 1 ? (long)v->valuedouble : -1;
}

/* ---- projects ----------------------------------------------------------- */

static int registry_disabled(const cJSON *p)
{
    const char *level = json_string(p, "container_registry_access_level");
    const cJSON *enabled = cJSON_GetObjectItemCaseSensitive(p, "container_registry_enabled");
    if (level)
        return !strcmp(level, "disabled");
    return cJSON_IsFalse(enabled);
}

static enum ck_status add_project(struct gl *g, const cJSON *p, void *ctx, struct ck_err *err)
{
    struct project_list *list = ctx;
    const char *path = json_string(p, "path_with_namespace");
    long id = json_id(p);

    if (id < 0)
        return CK_OK;
    g->stats.projects++;
    if (registry_disabled(p)) {
        ck_log(CK_LOG_DEBUG, "project %s: container registry disabled", path ? path : "?");
        return CK_OK;
    }
    if (!grow((void **)&list->items, &list->cap, list->count, sizeof *list->items))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    list->items[list->count].id = id;
    list->items[list->count].path = strdup(path ? path : "?");
    if (!list->items[list->count].path)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    list->count++;
    return CK_OK;
}

static enum ck_status list_projects(struct gl *g, struct project_list *out, struct ck_err *err)
{
    struct ck_buf url, what;
    char *id = ck_web_escape(g->q->id);
    enum ck_status st = CK_OK;

    ck_buf_init(&url);
    ck_buf_init(&what);
    if (!id)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    ck_buf_printf(&what, "%s %s", ck_gitlab_scope_name(g->q->scope), g->q->id);
    if (g->q->scope == CK_GITLAB_PROJECT) {
        struct ck_web_response r;
        cJSON *j = NULL;
        ck_web_response_init(&r);
        ck_buf_printf(&url, "%s/projects/%s", g->api, id);
        st = built(&url, &what, err);
        if (st == CK_OK)
            st = get_json(g, ck_buf_str(&url), ck_buf_str(&what), &r, &j, err);
        if (st == CK_OK && !cJSON_IsObject(j))
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s did not answer a project for %s", g->shown_base,
                            ck_buf_str(&what));
        if (st == CK_OK)
            st = add_project(g, j, out, err);
        cJSON_Delete(j);
        ck_web_response_release(&r);
    } else {
        if (g->q->scope == CK_GITLAB_USER)
            ck_buf_printf(&url, "%s/users/%s/projects?per_page=%u", g->api, id, g->per_page);
        else
            ck_buf_printf(&url, "%s/groups/%s/projects?include_subgroups=true&per_page=%u", g->api, id,
                          g->per_page);
        st = built(&url, &what, err);
        if (st == CK_OK)
            st = each_item(g, ck_buf_str(&url), ck_buf_str(&what), add_project, out, err);
    }
    if (st == CK_OK)
        ck_log(CK_LOG_INFO, "%s: %lu project(s) with a container registry", ck_buf_str(&what),
               (unsigned long)out->count);
    free(id);
    ck_buf_release(&url);
    ck_buf_release(&what);
    return st;
}

/* ---- repositories and tags ---------------------------------------------- */

static enum ck_status add_repository(struct gl *g, const cJSON *o, void *ctx, struct ck_err *err)
{
    struct repository_list *list = ctx;
    const char *location = json_string(o, "location"), *path = json_string(o, "path");
    const char *status = json_string(o, "status");
    long id = json_id(o);

    if (id < 0 || !location)
        return CK_OK;
    if (status && !strncmp(status, "delete", 6)) { /* delete_scheduled, delete_ongoing, ... */
        ck_log(CK_LOG_DEBUG, "repository %s: %s, skipped", location, status);
        g->stats.skipped++;
        return CK_OK;
    }
    if (!grow((void **)&list->items, &list->cap, list->count, sizeof *list->items))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    list->items[list->count].id = id;
    list->items[list->count].location = strdup(location);
    list->items[list->count].path = strdup(path ? path : location);
    list->count++;
    if (!list->items[list->count - 1].location || !list->items[list->count - 1].path)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return CK_OK;
}

static enum ck_status add_tag_name(struct gl *g, const cJSON *o, void *ctx, struct ck_err *err)
{
    struct name_list *list = ctx;
    const char *name = json_string(o, "name");
    (void)g;
    if (!name)
        return CK_OK;
    if (!grow((void **)&list->items, &list->cap, list->count, sizeof *list->items) ||
        !(list->items[list->count] = strdup(name)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    list->count++;
    return CK_OK;
}

/* The creation time of one tag from its details, CK_TAG_NO_DATE when the
 * server does not say. */
static enum ck_status tag_created(struct gl *g, long project, const struct repository *repo,
                                  const char *tag, int64_t *out, struct ck_err *err)
{
    struct ck_web_response r;
    struct ck_buf url, what;
    char *esc = ck_web_escape(tag);
    cJSON *j = NULL;
    enum ck_status st;

    ck_web_response_init(&r);
    ck_buf_init(&url);
    ck_buf_init(&what);
    ck_buf_printf(&url, "%s/projects/%ld/registry/repositories/%ld/tags/%s", g->api, project, repo->id,
                  esc ? esc : "");
    ck_buf_printf(&what, "tag %s of %s", tag, repo->path);
    st = esc ? built(&url, &what, err) : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (st == CK_OK)
        st = get_json(g, ck_buf_str(&url), ck_buf_str(&what), &r, &j, err);
    if (st == CK_OK) {
        const char *created = json_string(j, "created_at");
        int64_t us;
        if (!created || ck_text_parse_time(created, &us) != 0) {
            ck_log(CK_LOG_WARN, "%s: no creation date; newest:N will not choose it", ck_buf_str(&what));
            *out = CK_TAG_NO_DATE;
        } else {
            *out = ck_text_seconds_of_us(us);
        }
    }
    cJSON_Delete(j);
    free(esc);
    ck_web_response_release(&r);
    ck_buf_release(&url);
    ck_buf_release(&what);
    return st;
}

static void free_names(struct name_list *n)
{
    size_t i;
    for (i = 0; i < n->count; i++)
        free(n->items[i]);
    free(n->items);
}

/* Reads a repository's tags, applies the policy, adds the chosen images. */
static enum ck_status read_repository(struct gl *g, const struct project *p, const struct repository *repo,
                                      struct ck_err *err)
{
    struct name_list names = {NULL, 0, 0};
    struct ck_tag *tags = NULL;
    unsigned char *keep = NULL;
    struct ck_buf url, what, ref;
    size_t i;
    enum ck_status st;

    ck_buf_init(&url);
    ck_buf_init(&what);
    ck_buf_init(&ref);
    ck_buf_printf(&url, "%s/projects/%ld/registry/repositories/%ld/tags?per_page=%u", g->api, p->id,
                  repo->id, g->per_page);
    ck_buf_printf(&what, "the tags of %s", repo->path);
    st = built(&url, &what, err);
    if (st == CK_OK)
        st = each_item(g, ck_buf_str(&url), ck_buf_str(&what), add_tag_name, &names, err);
    if (st != CK_OK)
        goto cleanup;
    g->stats.repositories++;
    g->stats.tags += names.count;
    tags = calloc(names.count ? names.count : 1, sizeof *tags);
    keep = calloc(names.count ? names.count : 1, 1);
    if (!tags || !keep) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < names.count; i++) {
        tags[i].name = names.items[i];
        tags[i].created = CK_TAG_NO_DATE;
        if (g->q->policy && ck_tagpolicy_needs_dates(g->q->policy) &&
            (st = tag_created(g, p->id, repo, names.items[i], &tags[i].created, err)) != CK_OK)
            goto cleanup;
    }
    if (g->q->policy)
        ck_tagpolicy_select(g->q->policy, tags, names.count, keep);
    else
        memset(keep, 1, names.count);
    for (i = 0; i < names.count; i++) {
        struct ck_err perr;
        if (!keep[i])
            continue;
        g->stats.chosen++;
        ck_buf_reset(&ref);
        ck_buf_printf(&ref, "%s:%s", repo->location, names.items[i]);
        if ((st = built(&ref, NULL, err)) != CK_OK)
            goto cleanup;
        st = ck_imagelist_add_text(&g->found, ck_buf_str(&ref), NULL, &perr);
        if (st == CK_ERR_NOMEM)
            goto cleanup;
        if (st != CK_OK)
            ck_log(CK_LOG_WARN, "%s: %s", repo->path, perr.msg);
        st = CK_OK;
    }
    ck_log(CK_LOG_DEBUG, "%s: %lu tag(s)", repo->location, (unsigned long)names.count);

cleanup:
    free_names(&names);
    free(tags);
    free(keep);
    ck_buf_release(&url);
    ck_buf_release(&what);
    ck_buf_release(&ref);
    return st;
}

/* A registry that cannot be read is one project's problem, not the query's;
 * a refused token (401) or a lost connection stops everything. */
static int skippable(enum ck_status st)
{
    return st == CK_ERR_NOTFOUND || st == CK_ERR_HTTP || st == CK_ERR_PROTOCOL;
}

static enum ck_status read_project(struct gl *g, const struct project *p, struct ck_err *err)
{
    struct repository_list repos = {NULL, 0, 0};
    struct ck_buf url, what;
    struct ck_err perr;
    size_t i;
    enum ck_status st;

    ck_buf_init(&url);
    ck_buf_init(&what);
    ck_buf_printf(&url, "%s/projects/%ld/registry/repositories?per_page=%u", g->api, p->id, g->per_page);
    ck_buf_printf(&what, "the container registry of project %s", p->path);
    if ((st = built(&url, &what, &perr)) != CK_OK)
        goto cleanup;
    st = each_item(g, ck_buf_str(&url), ck_buf_str(&what), add_repository, &repos, &perr);
    if (skippable(st)) {
        ck_log(CK_LOG_WARN, "%s; project skipped", perr.msg);
        g->stats.skipped++;
        st = CK_OK;
        goto cleanup;
    }
    for (i = 0; st == CK_OK && i < repos.count; i++) {
        st = read_repository(g, p, &repos.items[i], &perr);
        if (skippable(st)) {
            ck_log(CK_LOG_WARN, "%s; repository skipped", perr.msg);
            g->stats.skipped++;
            st = CK_OK;
        }
    }

cleanup:
    if (st != CK_OK && err)
        *err = perr;
    for (i = 0; i < repos.count; i++) {
        free(repos.items[i].location);
        free(repos.items[i].path);
    }
    free(repos.items);
    ck_buf_release(&url);
    ck_buf_release(&what);
    return st;
}

/* ---- the query ---------------------------------------------------------- */

static enum ck_status open_query(struct gl *g, const struct ck_gitlab_query *q, struct ck_err *err)
{
    struct ck_web_options opt = {0};
    struct ck_buf b;
    size_t n;

    memset(g, 0, sizeof *g);
    g->q = q;
    g->per_page = q->per_page ? q->per_page : 100;
    ck_imagelist_init(&g->found);
    if (!q->base_url || (strncmp(q->base_url, "http://", 7) && strncmp(q->base_url, "https://", 8)))
        return ck_err_set(err, CK_ERR_ARG, "the GitLab URL must start with https:// or http:// (got '%s')",
                          q->base_url ? q->base_url : "");
    if (!ck_web_url_plain(q->base_url)) {
        char *shown = ck_web_loggable_url(q->base_url); /* never the password of a user part */
        ck_err_set(err, CK_ERR_ARG, "the GitLab URL must be scheme://host[:port][/path], without a user, '%%', '#' "
                   "or '?' (got '%s')", shown ? shown : "?");
        free(shown);
        return CK_ERR_ARG;
    }
    if (!q->id || !*q->id)
        return ck_err_set(err, CK_ERR_ARG, "no %s id given", ck_gitlab_scope_name(q->scope));
    n = strlen(q->base_url);
    while (n > 0 && q->base_url[n - 1] == '/')
        n--;
    if (n >= 7 && !strncmp(q->base_url + n - 7, "/api/v4", 7))
        n -= 7;
    ck_buf_init(&b);
    ck_buf_append(&b, q->base_url, n);
    g->shown_base = ck_web_loggable_url(ck_buf_str(&b));
    ck_buf_puts(&b, "/api/v4");
    g->api = ck_buf_take(&b);
    if (q->token && *q->token) {
        ck_buf_printf(&b, "PRIVATE-TOKEN: %s", q->token);
        g->token_header = ck_buf_take(&b);
    }
    if (!g->api || !g->shown_base || (q->token && *q->token && !g->token_header))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    g->headers[0] = "Accept: application/json";
    g->headers[1] = g->token_header;
    opt.cancel = q->cancel;
    return ck_web_new(&g->web, &opt, err);
}

static void close_query(struct gl *g)
{
    ck_web_free(g->web);
    free(g->api);
    free(g->shown_base);
    if (g->token_header) {
        memset(g->token_header, 0, strlen(g->token_header));
        free(g->token_header);
    }
    ck_imagelist_release(&g->found);
}

enum ck_status ck_gitlab_list(const struct ck_gitlab_query *query, struct ck_imagelist *list,
                              struct ck_gitlab_stats *stats, struct ck_err *err)
{
    struct gl g;
    struct project_list projects = {NULL, 0, 0};
    size_t i;
    enum ck_status st;

    st = open_query(&g, query, err);
    if (st == CK_OK)
        st = list_projects(&g, &projects, err);
    for (i = 0; st == CK_OK && i < projects.count; i++)
        st = read_project(&g, &projects.items[i], err);
    for (i = 0; st == CK_OK && i < g.found.count; i++)
        st = ck_imagelist_add(list, &g.found.items[i], NULL);
    if (st == CK_ERR_NOMEM)
        ck_err_set(err, st, "out of memory");
    if (st == CK_OK && stats)
        *stats = g.stats;
    for (i = 0; i < projects.count; i++)
        free(projects.items[i].path);
    free(projects.items);
    close_query(&g);
    return st;
}
