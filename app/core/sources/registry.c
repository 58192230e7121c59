/* Docker Registry HTTP API v2: catalog, tags, token authentication (see registry.h). */
#include "sources/registry.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docker/regauth.h"
#include "sources/web.h"
#include "util/buf.h"
#include "util/log.h"

#define PAGES_MAX 100000
#define AUTH_ATTEMPTS_MAX 3 /* requests per URL while authenticating */

enum auth_mode { AUTH_NONE, AUTH_BASIC, AUTH_BEARER };

struct reg {
    const struct ck_registry_query *q;
    struct ck_web *web;
    char *base;      /* scheme://host[:port], no trailing slash */
    char *host;      /* host[:port] as image references name it */
    char *shown;     /* base for messages */
    enum auth_mode mode;
    char *basic;     /* "Authorization: Basic ..." when credentials were given */
    char *bearer;    /* "Authorization: Bearer ..." */
    char *bearer_scope;
    char *realm, *service; /* from the last Bearer challenge */
    int realm_warned;      /* the credentials were withheld from realm, and that was said */
    unsigned page_size;
    struct ck_registry_stats stats;
    struct ck_imagelist found;
};

static void wipe_free(char *s)
{
    if (s) {
        memset(s, 0, strlen(s));
        free(s);
    }
}

char *ck_registry_challenge_param(const char *c, const char *name, char **scheme_out)
{
    const char *p = c;
    size_t want = strlen(name);
    char *found = NULL;

    while (*p == ' ')
        p++;
    if (scheme_out) {
        size_t n = strcspn(p, " ");
        *scheme_out = malloc(n + 1);
        if (*scheme_out) {
            memcpy(*scheme_out, p, n);
            (*scheme_out)[n] = '\0';
        }
    }
    p += strcspn(p, " ");
    while (*p) {
        const char *key, *val;
        size_t klen, vlen;
        while (*p == ' ' || *p == ',')
            p++;
        key = p;
        while (*p && *p != '=' && *p != ',')
            p++;
        klen = (size_t)(p - key);
        if (*p != '=')
            continue;
        p++;
        if (*p == '"') {
            val = ++p;
            while (*p && *p != '"')
                p += (*p == '\\' && p[1]) ? 2 : 1;
            vlen = (size_t)(p - val);
            if (*p)
                p++;
        } else {
            val = p;
            while (*p && *p != ',')
                p++;
            vlen = (size_t)(p - val);
        }
        if (!found && klen == want && !strncasecmp(key, name, want)) {
            found = malloc(vlen + 1);
            if (found) {
                memcpy(found, val, vlen);
                found[vlen] = '\0';
            }
        }
    }
    return found;
}

/* ---- authentication ----------------------------------------------------- */

/* May the registry's username and password go to its token service? Only
 * on the registry's own host or, over https, another host of its site
 * (CK_WEB_SAME_SITE: auth.docker.io, gitlab.com), and never from https to plain http
 * (ck_web_credentials_allowed); elsewhere the token is asked for anonymously,
 * said once. */
static int realm_gets_credentials(struct reg *g)
{
    if (!g->basic)
        return 0;
    if (ck_web_credentials_allowed(g->base, g->realm, CK_WEB_SAME_SITE))
        return 1;
    if (!g->realm_warned) {
        char *shown = ck_web_loggable_url(g->realm);
        ck_log(CK_LOG_WARN, "%s names a token service on another server or over plain http (%s): asking it "
               "for an anonymous token; the username and password go to %s only", g->shown,
               shown ? shown : "?", g->shown);
        free(shown);
        g->realm_warned = 1;
    }
    return 0;
}

/* CK_OK when the texts a request is built from are whole (an append that
 * failed leaves its buffer failed: never request a URL cut short). */
static enum ck_status built(const struct ck_buf *a, const struct ck_buf *b, struct ck_err *err)
{
    if (ck_buf_status(a) != CK_OK || (b && ck_buf_status(b) != CK_OK))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return CK_OK;
}

/* GET realm?service=..&scope=.. and keep the token. */
static enum ck_status fetch_token(struct reg *g, const char *scope, struct ck_err *err)
{
    struct ck_web_response r;
    struct ck_buf url;
    const char *headers[3] = {"Accept: application/json", NULL, NULL};
    char *esc_service = ck_web_escape(g->service ? g->service : ""), *esc_scope = ck_web_escape(scope);
    cJSON *j = NULL;
    const cJSON *t;
    enum ck_status st;

    ck_web_response_init(&r);
    ck_buf_init(&url);
    headers[1] = realm_gets_credentials(g) ? g->basic : NULL;
    ck_buf_printf(&url, "%s%s", g->realm, strchr(g->realm, '?') ? "&" : "?");
    if (g->service)
        ck_buf_printf(&url, "service=%s&", esc_service ? esc_service : "");
    ck_buf_printf(&url, "scope=%s", esc_scope ? esc_scope : "");
    st = esc_service && esc_scope ? built(&url, NULL, err) : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (st != CK_OK)
        goto cleanup;
    g->stats.requests++;
    st = ck_web_get(g->web, ck_buf_str(&url), headers, &r, err);
    if (st != CK_OK)
        goto cleanup;
    if (r.status == 401 || r.status == 403) {
        st = ck_err_set(err, CK_ERR_AUTH, "the token service %s refused %s for %s (%s)", g->realm,
                        headers[1] ? "the username and password" : "an anonymous token", scope,
                        ck_web_status_text(r.status));
        goto cleanup;
    }
    if (r.status != 200) {
        st = ck_err_set(err, CK_ERR_HTTP, "the token service %s answered %s", g->realm,
                        ck_web_status_text(r.status));
        goto cleanup;
    }
    j = cJSON_ParseWithLength(ck_buf_str(&r.body), r.body.len);
    t = cJSON_GetObjectItemCaseSensitive(j, "token");
    if (!cJSON_IsString(t) || !*t->valuestring)
        t = cJSON_GetObjectItemCaseSensitive(j, "access_token");
    if (!cJSON_IsString(t) || !*t->valuestring) {
        st = ck_err_set(err, CK_ERR_PROTOCOL, "the token service %s answered no token", g->realm);
        goto cleanup;
    }
    wipe_free(g->bearer);
    free(g->bearer_scope);
    ck_buf_reset(&url);
    ck_buf_printf(&url, "Authorization: Bearer %s", t->valuestring);
    g->bearer = ck_buf_take(&url);
    g->bearer_scope = strdup(scope);
    g->mode = AUTH_BEARER;
    if (!g->bearer || !g->bearer_scope)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");

cleanup:
    cJSON_Delete(j);
    free(esc_service);
    free(esc_scope);
    ck_web_response_release(&r);
    wipe_free(ck_buf_take(&url)); /* may hold the token */
    return st;
}

/* Learns how to authenticate from a 401 answer. Returns CK_OK when a retry
 * makes sense. */
static enum ck_status answer_challenge(struct reg *g, const struct ck_web_response *r, const char *scope,
                                       int tried, struct ck_err *err)
{
    const char *c = ck_web_header(r, "www-authenticate");
    char *scheme = NULL, *realm = NULL, *service = NULL, *cscope = NULL;
    enum ck_status st = CK_OK;

    if (!c)
        return ck_err_set(err, CK_ERR_AUTH, "%s refused access to %s (401) without saying how to "
                          "authenticate", g->shown, scope);
    realm = ck_registry_challenge_param(c, "realm", &scheme);
    if (scheme && !strcasecmp(scheme, "basic")) {
        if (!g->basic)
            st = ck_err_set(err, CK_ERR_AUTH, "%s needs a username and password (--username, "
                            "--password-env)", g->shown);
        else if (g->mode == AUTH_BASIC || tried)
            st = ck_err_set(err, CK_ERR_AUTH, "%s refused the username and password", g->shown);
        else
            g->mode = AUTH_BASIC;
    } else if (scheme && !strcasecmp(scheme, "bearer") && realm) {
        if (tried) {
            st = ck_err_set(err, CK_ERR_AUTH, "%s refused the token for %s%s", g->shown, scope,
                            g->basic ? "" : " (no username and password were given)");
        } else if (strncmp(realm, "https://", 8) && strncmp(realm, "http://", 7)) {
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s names a token service that is not an http(s) URL",
                            g->shown);
        } else {
            service = ck_registry_challenge_param(c, "service", NULL);
            cscope = ck_registry_challenge_param(c, "scope", NULL);
            free(g->realm);
            free(g->service);
            g->realm = realm;
            g->service = service;
            realm = NULL;
            st = fetch_token(g, cscope ? cscope : scope, err);
        }
    } else {
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "%s asks for an authentication scheme ContainerKitty does "
                        "not speak (%s)", g->shown, scheme ? scheme : "none");
    }
    free(scheme);
    free(realm);
    free(cscope);
    return st;
}

/* GET url, authenticating for scope as the registry asks. */
static enum ck_status request(struct reg *g, const char *url, const char *scope, struct ck_web_response *r,
                              struct ck_err *err)
{
    const char *headers[3] = {"Accept: application/json", NULL, NULL};
    enum ck_status st;
    int tried = 0, attempt;

    /* a known token service: ask for this scope's token up front */
    if (g->mode == AUTH_BEARER && g->realm && (!g->bearer_scope || strcmp(g->bearer_scope, scope)))
        if ((st = fetch_token(g, scope, err)) != CK_OK)
            return st;
    /* one try, one after answering the challenge: a second 401 fails in
     * answer_challenge; the bound keeps it so whatever the server says */
    for (attempt = 0; attempt < AUTH_ATTEMPTS_MAX; attempt++) {
        headers[1] = g->mode == AUTH_BASIC ? g->basic : g->mode == AUTH_BEARER ? g->bearer : NULL;
        g->stats.requests++;
        if ((st = ck_web_get(g->web, url, headers, r, err)) != CK_OK)
            return st;
        if (r->status != 401)
            return CK_OK;
        if ((st = answer_challenge(g, r, scope, tried, err)) != CK_OK)
            return st;
        tried = 1;
    }
    return ck_err_set(err, CK_ERR_AUTH, "%s kept refusing access to %s (401)", g->shown, scope);
}

/* The registry's {"errors":[{"code","message"}]}, for messages. */
static void error_detail(const struct ck_web_response *r, char *out, size_t n)
{
    cJSON *j = cJSON_ParseWithLength(ck_buf_str(&r->body), r->body.len);
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "errors"), 0);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
    out[0] = '\0';
    if (cJSON_IsString(code))
        snprintf(out, n, ": %s%s%s", code->valuestring, cJSON_IsString(msg) ? " " : "",
                 cJSON_IsString(msg) ? msg->valuestring : "");
    cJSON_Delete(j);
}

static enum ck_status http_failure(struct reg *g, const struct ck_web_response *r, const char *what,
                                   struct ck_err *err)
{
    char detail[200];
    error_detail(r, detail, sizeof detail);
    if (r->status == 404)
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s was not found on %s%s", what, g->shown, detail);
    if (r->status == 403)
        return ck_err_set(err, CK_ERR_AUTH, "%s refused access to %s (403 Forbidden%s)", g->shown, what, detail);
    return ck_err_set(err, CK_ERR_HTTP, "%s answered %s for %s%s", g->shown, ck_web_status_text(r->status),
                      what, detail);
}

typedef enum ck_status (*item_fn)(struct reg *g, const char *value, void *ctx, struct ck_err *err);

/* Calls fn for each string of the array `field` in every page from url on. */
static enum ck_status each_string(struct reg *g, const char *first, const char *scope, const char *field,
                                  const char *what, item_fn fn, void *ctx, struct ck_err *err)
{
    struct ck_web_response r;
    char *url = strdup(first), *next = NULL;
    enum ck_status st = CK_OK;
    int pages = 0;

    ck_web_response_init(&r);
    if (!url)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    while (url) {
        cJSON *j;
        const cJSON *arr, *item;
        if (++pages > PAGES_MAX) {
            st = ck_err_set(err, CK_ERR_LIMIT, "%s: more than %d pages for %s", g->shown, PAGES_MAX, what);
            break;
        }
        if ((st = request(g, url, scope, &r, err)) != CK_OK)
            break;
        if (r.status != 200) {
            st = http_failure(g, &r, what, err);
            break;
        }
        j = cJSON_ParseWithLength(ck_buf_str(&r.body), r.body.len);
        arr = cJSON_GetObjectItemCaseSensitive(j, field);
        if (!cJSON_IsObject(j) || (!cJSON_IsArray(arr) && !cJSON_IsNull(arr))) {
            cJSON_Delete(j);
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s did not answer a \"%s\" list for %s", g->shown, field, what);
            break;
        }
        cJSON_ArrayForEach(item, arr) {
            if (cJSON_IsString(item) && (st = fn(g, item->valuestring, ctx, err)) != CK_OK)
                break;
        }
        cJSON_Delete(j);
        if (st != CK_OK)
            break;
        next = ck_web_link_next(&r);
        if (next && !strcmp(next, url)) {
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s sent the same page again for %s", g->shown, what);
            break;
        }
        /* the credentials and tokens go with every page: only to the registry */
        if (next && (st = ck_web_check_next(first, next, g->basic || g->bearer, what, err)) != CK_OK)
            break;
        free(url);
        url = next;
        next = NULL;
    }
    free(url);
    free(next);
    ck_web_response_release(&r);
    return st;
}

struct names {
    char **items;
    size_t count, cap;
};

static enum ck_status add_name(struct reg *g, const char *value, void *ctx, struct ck_err *err)
{
    struct names *n = ctx;
    (void)g;
    if (n->count == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 32;
        char **p = realloc(n->items, cap * sizeof *p);
        if (!p)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        n->items = p;
        n->cap = cap;
    }
    if (!(n->items[n->count] = strdup(value)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    n->count++;
    return CK_OK;
}

static void free_names(struct names *n)
{
    size_t i;
    for (i = 0; i < n->count; i++)
        free(n->items[i]);
    free(n->items);
    memset(n, 0, sizeof *n);
}

/* ---- listing ------------------------------------------------------------ */

static enum ck_status read_repository(struct reg *g, const char *name, struct ck_err *err)
{
    struct names tags = {NULL, 0, 0};
    struct ck_tag *view = NULL;
    unsigned char *keep = NULL;
    struct ck_buf url, scope, what, ref;
    size_t i;
    enum ck_status st;

    ck_buf_init(&url);
    ck_buf_init(&scope);
    ck_buf_init(&what);
    ck_buf_init(&ref);
    ck_buf_printf(&url, "%s/v2/%s/tags/list?n=%u", g->base, name, g->page_size);
    ck_buf_printf(&scope, "repository:%s:pull", name);
    ck_buf_printf(&what, "the tags of %s", name);
    if ((st = built(&url, &scope, err)) != CK_OK || (st = built(&what, NULL, err)) != CK_OK)
        goto cleanup;
    st = each_string(g, ck_buf_str(&url), ck_buf_str(&scope), "tags", ck_buf_str(&what), add_name, &tags, err);
    if (st != CK_OK)
        goto cleanup;
    g->stats.tags += tags.count;
    view = calloc(tags.count ? tags.count : 1, sizeof *view);
    keep = calloc(tags.count ? tags.count : 1, 1);
    if (!view || !keep) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < tags.count; i++) {
        view[i].name = tags.items[i];
        view[i].created = CK_TAG_NO_DATE;
    }
    if (g->q->policy)
        ck_tagpolicy_select(g->q->policy, view, tags.count, keep);
    else
        memset(keep, 1, tags.count);
    for (i = 0; i < tags.count; i++) {
        struct ck_err perr;
        if (!keep[i])
            continue;
        g->stats.chosen++;
        ck_buf_reset(&ref);
        ck_buf_printf(&ref, "%s/%s:%s", g->host, name, tags.items[i]);
        if ((st = built(&ref, NULL, err)) != CK_OK)
            goto cleanup;
        st = ck_imagelist_add_text(&g->found, ck_buf_str(&ref), NULL, &perr);
        if (st == CK_ERR_NOMEM)
            goto cleanup;
        if (st != CK_OK)
            ck_log(CK_LOG_WARN, "%s: %s", g->shown, perr.msg);
        st = CK_OK;
    }
    ck_log(CK_LOG_DEBUG, "%s/%s: %lu tag(s)", g->host, name, (unsigned long)tags.count);

cleanup:
    free_names(&tags);
    free(view);
    free(keep);
    ck_buf_release(&url);
    ck_buf_release(&scope);
    ck_buf_release(&what);
    ck_buf_release(&ref);
    return st;
}

/* base URL and the host part image references use. */
static enum ck_status parse_url(struct reg *g, const char *url, struct ck_err *err)
{
    struct ck_buf b;
    const char *host;
    size_t n;

    ck_buf_init(&b);
    if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))
        ck_buf_puts(&b, url);
    else
        ck_buf_printf(&b, "https://%s", url);
    if (built(&b, NULL, err) != CK_OK) {
        ck_buf_release(&b);
        return CK_ERR_NOMEM;
    }
    n = b.len;
    while (n > 0 && b.data[n - 1] == '/')
        n--;
    if (n >= 3 && !strncmp(b.data + n - 3, "/v2", 3))
        n -= 3;
    while (n > 0 && b.data[n - 1] == '/')
        n--;
    if (b.data)
        b.data[n] = '\0';
    b.len = n;
    host = strstr(ck_buf_str(&b), "://"); /* gone when only "http://" was given */
    if (host)
        host += 3;
    /* only what a host[:port] holds (no path either) */
    if (!host || !ck_web_url_plain(ck_buf_str(&b)) || strchr(host, '/')) {
        ck_buf_release(&b);
        return ck_err_set(err, CK_ERR_ARG, "the registry URL must be scheme://host[:port] (got '%s')", url);
    }
    if (!strcmp(host, "registry-1.docker.io") || !strcmp(host, "index.docker.io"))
        g->host = strdup("docker.io");
    else
        g->host = strdup(host);
    g->shown = strdup(ck_buf_str(&b));
    g->base = ck_buf_take(&b);
    if (!g->host || !g->shown || !g->base)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return CK_OK;
}

/* Basic credentials from the docker CLI's store for this registry, when it
 * has a username and password for it; anonymous otherwise. */
static enum ck_status docker_credentials(struct reg *g, struct ck_err *err)
{
    struct ck_regauth auth;
    struct ck_err lerr;
    const char *key = strcmp(g->host, "docker.io") ? g->host : CK_REGAUTH_DOCKER_HUB;
    enum ck_status st;

    ck_regauth_init(&auth);
    st = ck_regauth_lookup(NULL, key, &auth, &lerr);
    if (st == CK_OK && auth.username && auth.password) {
        ck_log(CK_LOG_INFO, "%s: using the docker credentials of %s (%s)", g->shown, auth.username,
               auth.origin ? auth.origin : "config.json");
        if (!(g->basic = ck_web_basic_auth(auth.username, auth.password)))
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    } else if (st == CK_OK) {
        ck_log(CK_LOG_INFO, "%s: the docker credentials hold an identity token only; reading anonymously",
               g->shown);
    } else if (st == CK_ERR_NOTFOUND) {
        ck_log(CK_LOG_DEBUG, "%s: no docker credentials; reading anonymously", g->shown);
        st = CK_OK;
    } else {
        ck_log(CK_LOG_WARN, "%s; reading anonymously", lerr.msg);
        st = CK_OK;
    }
    ck_regauth_release(&auth); /* wipes the password */
    return st;
}

static void close_reg(struct reg *g)
{
    ck_web_free(g->web);
    free(g->base);
    free(g->host);
    free(g->shown);
    wipe_free(g->basic);
    wipe_free(g->bearer);
    free(g->bearer_scope);
    free(g->realm);
    free(g->service);
    ck_imagelist_release(&g->found);
}

enum ck_status ck_registry_list(const struct ck_registry_query *query, struct ck_imagelist *list,
                                struct ck_registry_stats *stats, struct ck_err *err)
{
    struct reg g;
    struct names repos = {NULL, 0, 0};
    struct ck_web_options opt = {0};
    struct ck_buf url;
    size_t i;
    enum ck_status st;

    memset(&g, 0, sizeof g);
    ck_buf_init(&url);
    g.q = query;
    g.page_size = query->page_size ? query->page_size : 100;
    ck_imagelist_init(&g.found);
    if (query->policy && ck_tagpolicy_needs_dates(query->policy)) {
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "the tag policy %s needs creation dates, which the registry "
                        "API does not give; use all, latest, semver or regex:RE", query->policy->text);
        goto cleanup;
    }
    if (!query->url || !*query->url) {
        st = ck_err_set(err, CK_ERR_ARG, "no registry URL given");
        goto cleanup;
    }
    if ((st = parse_url(&g, query->url, err)) != CK_OK)
        goto cleanup;
    if (query->username && *query->username &&
        !(g.basic = ck_web_basic_auth(query->username, query->password ? query->password : ""))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (!g.basic && query->docker_credentials && (st = docker_credentials(&g, err)) != CK_OK)
        goto cleanup;
    opt.cancel = query->cancel;
    if ((st = ck_web_new(&g.web, &opt, err)) != CK_OK)
        goto cleanup;
    ck_buf_printf(&url, "%s/v2/_catalog?n=%u", g.base, g.page_size);
    if ((st = built(&url, NULL, err)) != CK_OK)
        goto cleanup;
    st = each_string(&g, ck_buf_str(&url), "registry:catalog:*", "repositories", "the catalog", add_name,
                     &repos, err);
    if (st != CK_OK)
        goto cleanup;
    g.stats.repositories = repos.count;
    ck_log(CK_LOG_INFO, "%s: %lu repositories", g.shown, (unsigned long)repos.count);
    for (i = 0; st == CK_OK && i < repos.count; i++) {
        struct ck_err perr;
        st = read_repository(&g, repos.items[i], &perr);
        if (st == CK_ERR_NOTFOUND || st == CK_ERR_HTTP || st == CK_ERR_PROTOCOL ||
            (st == CK_ERR_AUTH && g.mode == AUTH_BEARER)) {
            /* listed but not readable with these rights: that repository only */
            ck_log(CK_LOG_WARN, "%s; skipped", perr.msg);
            g.stats.skipped++;
            st = CK_OK;
        } else if (st != CK_OK && err) {
            *err = perr;
        }
    }
    for (i = 0; st == CK_OK && i < g.found.count; i++)
        if (ck_imagelist_add(list, &g.found.items[i], NULL) != CK_OK)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (st == CK_OK && stats)
        *stats = g.stats;

cleanup:
    free_names(&repos);
    ck_buf_release(&url);
    close_reg(&g);
    return st;
}
