/* HTTP(S) GET over libcurl (see web.h). */
#include "sources/web.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "platform/proxy.h"
#include "util/log.h"
#include "version.h"
#include "util/text.h"

#define USER_AGENT CK_PRODUCT_NAME "/" CK_VERSION_STRING
#define REDIRECTS_MAX 5
#define RETRIES_MAX 5 /* 429 answers asked again, per request */
#define HEADERS_MAX 200 /* response headers kept; more is not a server we talk to */

struct ck_web {
    CURL *curl;   /* the current request's; see ck_web_fresh_handle */
    CURLSH *share; /* connections, addresses and TLS sessions between requests */
    struct ck_web_options opt;
    char errbuf[CURL_ERROR_SIZE];
};

/* What the callbacks of one transfer fill. */
struct transfer {
    struct ck_web *web;
    struct ck_web_response *resp;
    int over_limit;
};

static char *dup_curl(char *s) /* a copy in our heap, freeing curl's */
{
    char *d = s ? ck_text_dupn(s, strlen(s)) : NULL;
    curl_free(s);
    return d;
}

/* One thread uses a ck_web at a time, so the share needs no locks. */
static CURLSH *new_share(void)
{
    CURLSH *sh = curl_share_init();
    if (sh && (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK ||
               curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
               curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)) {
        curl_share_cleanup(sh);
        sh = NULL;
    }
    return sh;
}

void *ck_web_fresh_handle(void *old, void *share)
{
    CURL *c;

    curl_easy_cleanup(old);
    if ((c = curl_easy_init()) != NULL && share)
        curl_easy_setopt(c, CURLOPT_SHARE, share);
    return c;
}

enum ck_status ck_web_new(struct ck_web **out, const struct ck_web_options *options, struct ck_err *err)
{
    struct ck_web *w;

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "cannot initialise libcurl");
    w = calloc(1, sizeof *w);
    if (!w || !(w->share = new_share())) {
        free(w);
        curl_global_cleanup();
        return ck_err_set(err, CK_ERR_NOMEM, "cannot initialise libcurl");
    }
    if (options)
        w->opt = *options;
    if (!w->opt.connect_timeout_ms)
        w->opt.connect_timeout_ms = 15000;
    if (!w->opt.timeout_ms)
        w->opt.timeout_ms = 120000;
    if (!w->opt.max_body)
        w->opt.max_body = (size_t)32 * 1024 * 1024;
    if (!w->opt.max_retry_wait_s)
        w->opt.max_retry_wait_s = 60;
    *out = w;
    return CK_OK;
}

void ck_web_free(struct ck_web *web)
{
    if (!web)
        return;
    curl_easy_cleanup(web->curl);
    curl_share_cleanup(web->share);
    free(web);
    curl_global_cleanup();
}

void ck_web_response_init(struct ck_web_response *resp)
{
    memset(resp, 0, sizeof *resp);
    ck_buf_init(&resp->body);
}

static void clear_headers(struct ck_web_response *resp)
{
    size_t i;
    for (i = 0; i < resp->nheaders; i++) {
        free(resp->headers[i].name);
        free(resp->headers[i].value);
    }
    resp->nheaders = 0;
}

void ck_web_response_release(struct ck_web_response *resp)
{
    if (!resp)
        return;
    clear_headers(resp);
    free(resp->headers);
    ck_buf_release(&resp->body);
    free(resp->url);
    ck_web_response_init(resp);
}

static int cancelled(const struct ck_web *web)
{
    return web->opt.cancel && ck_flag_get(web->opt.cancel);
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct transfer *t = ctx;
    size_t len = size * n;
    if (t->resp->body.len + len > t->web->opt.max_body) {
        t->over_limit = 1;
        return 0; /* makes curl fail with CURLE_WRITE_ERROR */
    }
    return ck_buf_append(&t->resp->body, data, len) == CK_OK ? len : 0;
}

/* One header line; a status line starts a new response (redirects, 1xx,
 * proxy CONNECT), so the list holds only the final response's headers. */
static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    struct transfer *t = ctx;
    struct ck_web_response *r = t->resp;
    size_t len = size * n, nlen, vstart, vend;
    const char *colon;

    if (len >= 5 && !memcmp(data, "HTTP/", 5)) {
        clear_headers(r);
        return len;
    }
    colon = memchr(data, ':', len);
    if (!colon || colon == data || r->nheaders >= HEADERS_MAX)
        return len;
    nlen = (size_t)(colon - data);
    vstart = nlen + 1;
    vend = len;
    while (vstart < vend && (data[vstart] == ' ' || data[vstart] == '\t'))
        vstart++;
    while (vend > vstart && (data[vend - 1] == '\r' || data[vend - 1] == '\n' || data[vend - 1] == ' '))
        vend--;
    if (r->nheaders == r->cap_headers) {
        size_t cap = r->cap_headers ? r->cap_headers * 2 : 16;
        struct ck_web_header *h = realloc(r->headers, cap * sizeof *h);
        if (!h)
            return 0;
        r->headers = h;
        r->cap_headers = cap;
    }
    r->headers[r->nheaders].name = ck_text_dupn(data, nlen);
    r->headers[r->nheaders].value = ck_text_dupn(data + vstart, vend - vstart);
    if (!r->headers[r->nheaders].name || !r->headers[r->nheaders].value) {
        free(r->headers[r->nheaders].name);
        free(r->headers[r->nheaders].value);
        return 0;
    }
    r->nheaders++;
    return len;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return cancelled(ctx);
}

static enum ck_status curl_failure(struct ck_web *web, CURLcode rc, int over_limit, const char *url,
                                   struct ck_err *err)
{
    const char *why = web->errbuf[0] ? web->errbuf : curl_easy_strerror(rc);
    char *shown = ck_web_loggable_url(url);
    enum ck_status st;

    switch (rc) {
    case CURLE_ABORTED_BY_CALLBACK:
        st = ck_err_set(err, CK_ERR_CANCELLED, "cancelled while reading %s", shown ? shown : "");
        break;
    case CURLE_OPERATION_TIMEDOUT:
        st = ck_err_set(err, CK_ERR_TIMEOUT, "no answer in time from %s: %s", shown ? shown : "", why);
        break;
    case CURLE_WRITE_ERROR:
        st = over_limit ? ck_err_set(err, CK_ERR_LIMIT, "the answer of %s is larger than %lu bytes",
                                     shown ? shown : "", (unsigned long)web->opt.max_body)
                        : ck_err_set(err, CK_ERR_NOMEM, "out of memory reading %s", shown ? shown : "");
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        st = ck_err_set(err, CK_ERR_CONNECT, "cannot reach %s: %s", shown ? shown : "", why);
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        st = ck_err_set(err, CK_ERR_ARG, "cannot use the URL %s: %s", shown ? shown : "", why);
        break;
    default:
        st = ck_err_set(err, CK_ERR_PROTOCOL, "reading %s failed: %s", shown ? shown : "", why);
    }
    free(shown);
    return st;
}

static int env_proxy_set(void)
{
    static const char *const names[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *v = ck_getenv(names[i]);
        int set = v && *v;
        free(v);
        if (set)
            return 1;
    }
    return 0;
}

char *ck_web_use_proxy(void *curl, const char *url)
{
    char *proxy, *shown;

    if (env_proxy_set()) {
        curl_easy_setopt(curl, CURLOPT_PROXYAUTH, (long)CURLAUTH_ANY);
        return NULL;
    }
    if (!(proxy = ck_system_proxy_for_url(url)))
        return NULL;
    curl_easy_setopt(curl, CURLOPT_PROXY, proxy);
    /* An empty user name and password: SSPI answers with the logon session's own. */
    curl_easy_setopt(curl, CURLOPT_PROXYAUTH, (long)(CURLAUTH_NEGOTIATE | CURLAUTH_NTLM));
    curl_easy_setopt(curl, CURLOPT_PROXYUSERPWD, ":");
    shown = ck_web_loggable_url(proxy);
    free(proxy);
    return shown;
}

/* One request, no redirect or retry. */
static enum ck_status perform(struct ck_web *web, const char *url, const char *const *headers,
                              struct ck_web_response *resp, struct ck_err *err)
{
    struct transfer t = {web, resp, 0};
    struct curl_slist *list = NULL, *more;
    char *proxy;
    enum ck_status st = CK_OK;
    CURLcode rc;
    size_t i;

    clear_headers(resp);
    ck_buf_reset(&resp->body);
    resp->status = 0;
    for (i = 0; headers && headers[i]; i++) {
        if (!(more = curl_slist_append(list, headers[i]))) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        list = more;
    }
    if (!(web->curl = ck_web_fresh_handle(web->curl, web->share))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "cannot initialise libcurl");
        goto cleanup;
    }
    web->errbuf[0] = '\0';
    curl_easy_setopt(web->curl, CURLOPT_URL, url);
    curl_easy_setopt(web->curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(web->curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(web->curl, CURLOPT_USERAGENT, USER_AGENT);
    curl_easy_setopt(web->curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(web->curl, CURLOPT_FOLLOWLOCATION, 0L); /* done here, see ck_web_get */
    curl_easy_setopt(web->curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(web->curl, CURLOPT_CONNECTTIMEOUT_MS, web->opt.connect_timeout_ms);
    curl_easy_setopt(web->curl, CURLOPT_TIMEOUT_MS, web->opt.timeout_ms);
    curl_easy_setopt(web->curl, CURLOPT_NOSIGNAL, 1L);
    /* Schannel: an unreachable revocation server must not fail every request */
    curl_easy_setopt(web->curl, CURLOPT_SSL_OPTIONS, (long)CURLSSLOPT_REVOKE_BEST_EFFORT);
    curl_easy_setopt(web->curl, CURLOPT_ERRORBUFFER, web->errbuf);
    curl_easy_setopt(web->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(web->curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(web->curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(web->curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(web->curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(web->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(web->curl, CURLOPT_XFERINFODATA, web);
    if ((proxy = ck_web_use_proxy(web->curl, url)) != NULL)
        ck_log(CK_LOG_DEBUG, "through the proxy %s", proxy);
    free(proxy);
    rc = curl_easy_perform(web->curl);
    if (rc != CURLE_OK) {
        st = curl_failure(web, rc, t.over_limit, url, err);
        goto cleanup;
    }
    curl_easy_getinfo(web->curl, CURLINFO_RESPONSE_CODE, &resp->status);

cleanup:
    if (web->curl)
        curl_easy_setopt(web->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(list);
    return st;
}

/* The scheme, host and port of url (default port filled in, lower case),
 * malloc'd into the three out-parameters; 0 when url has none. */
static int origin_parts(const char *url, char **scheme, char **host, char **port)
{
    CURLU *u = url ? curl_url() : NULL;
    char *s = NULL, *h = NULL, *p = NULL, *q;
    int ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK;

    curl_url_cleanup(u);
    *scheme = dup_curl(s);
    *host = dup_curl(h);
    *port = dup_curl(p);
    if (!ok || !*scheme || !*host || !*port) {
        free(*scheme);
        free(*host);
        free(*port);
        *scheme = *host = *port = NULL;
        return 0;
    }
    for (q = *scheme; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    for (q = *host; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return 1;
}

/* The site a host belongs to: its last two labels, or three where the two
 * are a country's second level (co.uk, com.au: a short label before a
 * two-letter one). NULL for an address or a name without a dot, which are
 * only ever themselves. */
static const char *site_of(const char *host)
{
    const char *dots[3] = {NULL, NULL, NULL}; /* the last three dots, last first */
    const char *p, *second;
    size_t n = 0, want;

    if (strchr(host, ':') || strspn(host, "0123456789.") == strlen(host))
        return NULL;
    for (p = host + strlen(host); p-- > host && n < 3;)
        if (*p == '.')
            dots[n++] = p;
    if (n == 0)
        return NULL;
    second = n > 1 ? dots[1] + 1 : host; /* the label before the last one */
    want = strlen(dots[0] + 1) == 2 && (size_t)(dots[0] - second) <= 3 ? 3 : 2;
    if (n >= want)
        return dots[want - 1] + 1;
    return n == want - 1 ? host : NULL; /* the host names the site itself */
}

static int same_site(const char *a, const char *b)
{
    const char *sa = site_of(a), *sb = site_of(b);
    return sa && sb && !strcmp(sa, sb);
}

int ck_web_url_plain(const char *url)
{
    static const char host_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:[]";
    const char *host = url ? strstr(url, "://") : NULL;
    size_t n;

    if (!host || strpbrk(url, "%#?"))
        return 0;
    host += 3;
    n = strcspn(host, "/");
    return n > 0 && strspn(host, host_chars) >= n;
}

int ck_web_credentials_allowed(const char *given_for, const char *url, enum ck_web_scope scope)
{
    char *gs, *gh, *gp, *us, *uh, *up;
    int ok = 0;

    if (!origin_parts(given_for, &gs, &gh, &gp))
        return 0;
    if (origin_parts(url, &us, &uh, &up)) {
        int downgrade = !strcmp(gs, "https") && strcmp(us, "https") != 0;
        if (!downgrade && !strcmp(gh, uh))
            ok = scope != CK_WEB_SAME_ORIGIN || (!strcmp(gs, us) && !strcmp(gp, up));
        else if (!downgrade && scope == CK_WEB_SAME_SITE)
            ok = !strcmp(gs, "https") && !strcmp(us, "https") && same_site(gh, uh);
        free(us);
        free(uh);
        free(up);
    }
    free(gs);
    free(gh);
    free(gp);
    return ok;
}

enum ck_status ck_web_check_next(const char *first, const char *next, int with_credentials, const char *what,
                                 struct ck_err *err)
{
    char *shown_first = ck_web_loggable_url(first), *shown_next = ck_web_loggable_url(next);
    enum ck_status st = CK_OK;

    if (!shown_first || !shown_next)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    else if (!strncasecmp(first, "https:", 6) && strncasecmp(next, "https:", 6) != 0)
        st = ck_err_set(err, CK_ERR_PROTOCOL, "the next page of %s is on an insecure URL (%s, after %s); "
                        "not followed", what, shown_next, shown_first);
    else if (ck_web_url_has_user(next))
        st = ck_err_set(err, CK_ERR_PROTOCOL, "the next page of %s names a user in its URL (%s, after %s); "
                        "not followed", what, shown_next, shown_first);
    else if (with_credentials && !ck_web_credentials_allowed(first, next, CK_WEB_SAME_ORIGIN))
        st = ck_err_set(err, CK_ERR_PROTOCOL, "the next page of %s is on another server (%s, after %s); not "
                        "followed, as the credentials are only for the server they were given for",
                        what, shown_next, shown_first);
    free(shown_first);
    free(shown_next);
    return st;
}

static int is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Sleeps seconds in small steps; 0 when cancelled meanwhile. */
static int wait_seconds(const struct ck_web *web, long seconds)
{
    uint64_t until = ck_time_monotonic_ms() + (uint64_t)seconds * 1000;
    while (ck_time_monotonic_ms() < until) {
        if (cancelled(web))
            return 0;
        ck_sleep_ms(100);
    }
    return !cancelled(web);
}

/* How long to wait before asking again after a 429, in seconds, or -1 to
 * stop: bounded in count (RETRIES_MAX) and in time (the whole request,
 * waits included, within max_retry_wait_s). An answer that asks for no wait
 * (Retry-After: 0, a date in the past) still waits at least a second. */
static long retry_delay(const struct ck_web *web, const struct ck_web_response *resp, int retries,
                        uint64_t started_ms)
{
    long wait = ck_web_retry_after(resp);
    uint64_t elapsed_ms = ck_time_monotonic_ms() - started_ms;

    if (retries >= RETRIES_MAX)
        return -1;
    if (wait < 0)
        wait = 1L << retries; /* 1, 2, 4 ... s */
    if (wait < 1)
        wait = 1;
    if (elapsed_ms + (uint64_t)wait * 1000 > (uint64_t)web->opt.max_retry_wait_s * 1000)
        return -1;
    return wait;
}

/* The Location of a redirect, checked: *next is malloc'd, or NULL when the
 * answer has none (the caller then sees the 3xx). *same_origin is cleared
 * when it leaves the first URL's origin. */
static enum ck_status follow(struct ck_web *web, const char *first, const char *cur, const char *shown,
                             char **next, int *same_origin, struct ck_err *err)
{
    char *location = NULL;

    *next = NULL;
    curl_easy_getinfo(web->curl, CURLINFO_REDIRECT_URL, &location);
    if (!location)
        return CK_OK;
    if (!strncasecmp(cur, "https:", 6) && strncasecmp(location, "https:", 6) != 0)
        return ck_err_set(err, CK_ERR_PROTOCOL, "%s redirects from https to an insecure URL; not followed", shown);
    if (!ck_web_credentials_allowed(first, location, CK_WEB_SAME_ORIGIN))
        *same_origin = 0; /* the caller's headers may hold secrets */
    if (!(*next = ck_text_dupn(location, strlen(location))))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    return CK_OK;
}

enum ck_status ck_web_get(struct ck_web *web, const char *url, const char *const *headers,
                          struct ck_web_response *resp, struct ck_err *err)
{
    char *cur = NULL, *shown = NULL;
    uint64_t started_ms = ck_time_monotonic_ms();
    int hops = 0, retries = 0, same_origin = 1;
    enum ck_status st = CK_OK;

    ck_web_response_release(resp);
    cur = ck_text_dupn(url, strlen(url));
    if (!cur) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (;;) {
        free(shown);
        shown = ck_web_loggable_url(cur);
        if (cancelled(web)) {
            st = ck_err_set(err, CK_ERR_CANCELLED, "cancelled before reading %s", shown ? shown : "");
            goto cleanup;
        }
        if (ck_web_url_has_user(cur)) { /* libcurl would log in with it, wherever it points */
            st = ck_err_set(err, CK_ERR_PROTOCOL, "%s names a user in its URL; not requested%s", shown ? shown : "",
                            hops ? " (a redirect led there)" : "");
            goto cleanup;
        }
        ck_log(CK_LOG_DEBUG, "GET %s", shown ? shown : "");
        st = perform(web, cur, same_origin ? headers : NULL, resp, err);
        if (st != CK_OK)
            goto cleanup;
        if (is_redirect(resp->status)) {
            char *next = NULL;
            if (++hops > REDIRECTS_MAX) {
                st = ck_err_set(err, CK_ERR_LIMIT, "more than %d redirects from %s", REDIRECTS_MAX,
                                shown ? shown : "");
                goto cleanup;
            }
            if ((st = follow(web, url, cur, shown ? shown : "", &next, &same_origin, err)) != CK_OK)
                goto cleanup;
            if (!next)
                break; /* no Location: the caller sees the 3xx */
            free(cur);
            cur = next;
            continue;
        }
        if (resp->status == 429) {
            long wait = retry_delay(web, resp, retries, started_ms);
            if (wait < 0)
                break; /* the caller reports the 429 */
            ck_log(CK_LOG_WARN, "%s: too many requests; waiting %ld s", shown ? shown : "", wait);
            if (!wait_seconds(web, wait)) {
                st = ck_err_set(err, CK_ERR_CANCELLED, "cancelled while waiting for %s", shown ? shown : "");
                goto cleanup;
            }
            retries++;
            continue;
        }
        break;
    }
    resp->url = cur;
    cur = NULL;

cleanup:
    free(cur);
    free(shown);
    return st;
}

const char *ck_web_header(const struct ck_web_response *resp, const char *name)
{
    size_t i;
    for (i = 0; i < resp->nheaders; i++)
        if (!strcasecmp(resp->headers[i].name, name))
            return resp->headers[i].value;
    return NULL;
}

/* Does the rel parameter's value (space-separated relation types) hold "next"? */
static int rel_has_next(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start;
        while (i < n && v[i] == ' ')
            i++;
        start = i;
        while (i < n && v[i] != ' ')
            i++;
        if (i - start == 4 && !strncasecmp(v + start, "next", 4))
            return 1;
    }
    return 0;
}

/* Scans one Link header value: <uri>; param=value; ..., <uri>; ...
 * Returns a copy of the rel="next" target, or NULL. */
static char *link_next_in(const char *s)
{
    while (*s) {
        const char *lt = strchr(s, '<'), *gt, *p;
        int next = 0;
        if (!lt || !(gt = strchr(lt, '>')))
            return NULL;
        p = gt + 1;
        /* parameters up to the ',' that ends this link (outside quotes) */
        while (*p && *p != ',') {
            const char *name, *val;
            size_t nlen, vlen;
            while (*p == ';' || *p == ' ' || *p == '\t')
                p++;
            name = p;
            while (*p && *p != '=' && *p != ';' && *p != ',')
                p++;
            nlen = (size_t)(p - name);
            while (nlen && name[nlen - 1] == ' ')
                nlen--;
            if (*p != '=')
                continue;
            p++;
            while (*p == ' ')
                p++;
            if (*p == '"') {
                val = ++p;
                while (*p && *p != '"')
                    p++;
                vlen = (size_t)(p - val);
                if (*p)
                    p++;
            } else {
                val = p;
                while (*p && *p != ';' && *p != ',')
                    p++;
                vlen = (size_t)(p - val);
            }
            if (nlen == 3 && !strncasecmp(name, "rel", 3) && rel_has_next(val, vlen))
                next = 1;
        }
        if (next)
            return ck_text_dupn(lt + 1, (size_t)(gt - lt - 1));
        if (*p == ',')
            p++;
        s = p;
    }
    return NULL;
}

char *ck_web_link_next(const struct ck_web_response *resp)
{
    size_t i;
    for (i = 0; i < resp->nheaders; i++) {
        char *target, *abs;

        if (strcasecmp(resp->headers[i].name, "link") != 0)
            continue;
        target = link_next_in(resp->headers[i].value);
        if (!target)
            continue;
        if (!resp->url)
            return target;
        abs = ck_web_resolve(resp->url, target);
        free(target);
        return abs;
    }
    return NULL;
}

long ck_web_retry_after(const struct ck_web_response *resp)
{
    const char *v = ck_web_header(resp, "retry-after");
    long n = 0;
    const char *p;
    time_t when;

    if (!v || !*v)
        return -1;
    for (p = v; *p >= '0' && *p <= '9' && n < 1000000; p++)
        n = n * 10 + (*p - '0');
    if (p != v && !*p)
        return n;
    when = curl_getdate(v, NULL); /* the HTTP-date form */
    if (when == (time_t)-1)
        return -1;
    return when > time(NULL) ? (long)(when - time(NULL)) : 0;
}

char *ck_web_resolve(const char *base, const char *ref)
{
    CURLU *u = curl_url();
    char *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK)
        curl_url_get(u, CURLUPART_URL, &out, 0);
    curl_url_cleanup(u);
    return dup_curl(out);
}

char *ck_web_escape(const char *s)
{
    return dup_curl(curl_easy_escape(NULL, s, 0));
}

/* The last '@' of url's authority (scheme://user:password@host), or NULL. */
static const char *userinfo_end(const char *url)
{
    const char *scheme_end = url ? strstr(url, "://") : NULL, *host, *end, *at = NULL;

    if (!scheme_end)
        return NULL;
    host = scheme_end + 3;
    end = host + strcspn(host, "/?#");
    for (const char *p = host; p < end; p++)
        if (*p == '@')
            at = p;
    return at;
}

int ck_web_url_has_user(const char *url)
{
    return userinfo_end(url) != NULL;
}

char *ck_web_loggable_url(const char *url)
{
    const char *at = userinfo_end(url);
    char *out;
    size_t prefix;

    if (!at)
        return ck_text_dupn(url, strlen(url));
    prefix = (size_t)(strstr(url, "://") + 3 - url);
    out = malloc(strlen(url) + 1);
    if (out) {
        memcpy(out, url, prefix);
        strcpy(out + prefix, at + 1);
    }
    return out;
}

char *ck_web_basic_auth(const char *user, const char *password)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char prefix[] = "Authorization: Basic ";
    size_t ulen = strlen(user), plen = strlen(password), n = ulen + 1 + plen, i, o;
    unsigned char *raw = malloc(n);
    char *out = malloc(sizeof prefix + (n + 2) / 3 * 4);

    if (!raw || !out) {
        free(raw);
        free(out);
        return NULL;
    }
    memcpy(raw, user, ulen);
    raw[ulen] = ':';
    memcpy(raw + ulen + 1, password, plen);
    memcpy(out, prefix, sizeof prefix - 1);
    o = sizeof prefix - 1;
    for (i = 0; i < n; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (i + 1 < n ? (unsigned)raw[i + 1] << 8 : 0) |
                     (i + 2 < n ? raw[i + 2] : 0);
        out[o++] = b64[v >> 18 & 63];
        out[o++] = b64[v >> 12 & 63];
        out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? b64[v & 63] : '=';
    }
    out[o] = '\0';
    memset(raw, 0, n); /* the password */
    free(raw);
    return out;
}

const char *ck_web_status_text(long status)
{
    switch (status) {
    case 200: return "200 OK";
    case 301: return "301 Moved Permanently";
    case 302: return "302 Found";
    case 400: return "400 Bad Request";
    case 401: return "401 Unauthorized";
    case 403: return "403 Forbidden";
    case 404: return "404 Not Found";
    case 429: return "429 Too Many Requests";
    case 500: return "500 Internal Server Error";
    case 502: return "502 Bad Gateway";
    case 503: return "503 Service Unavailable";
    case 504: return "504 Gateway Timeout";
    }
    if (status >= 500)
        return "server error";
    if (status >= 400)
        return "client error";
    return "unexpected status";
}
