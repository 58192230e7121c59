/* The portable part of proxy.h: reading Windows' proxy and bypass lists, and
 * choosing between the automatic and the static setting. */
#include "platform/proxy.h"

#include <stdlib.h>
#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive match of a bypass pattern ('*' matches any run) against
 * the whole host. */
static int wildcard(const char *pat, size_t plen, const char *host)
{
    size_t i;
    if (!plen)
        return !*host;
    if (*pat == '*') {
        for (i = 0;; i++) {
            if (wildcard(pat + 1, plen - 1, host + i))
                return 1;
            if (!host[i])
                return 0;
        }
    }
    return *host && lower((unsigned char)*pat) == lower((unsigned char)*host) &&
           wildcard(pat + 1, plen - 1, host + 1);
}

static int is_sep(char c) { return c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static int bypassed(const char *bypass, const char *host)
{
    const char *p = bypass;
    while (p && *p) {
        size_t n;
        while (is_sep(*p))
            p++;
        n = 0;
        while (p[n] && !is_sep(p[n]))
            n++;
        if (n == 7 && !strncmp(p, "<local>", 7) && !strchr(host, '.'))
            return 1;
        if (n && wildcard(p, n, host))
            return 1;
        p += n;
    }
    return 0;
}

static char *with_scheme(const char *s, size_t n)
{
    int has = 0;
    size_t i;
    char *out;
    for (i = 0; i + 2 < n; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            has = 1;
    out = malloc(n + 8);
    if (!out)
        return NULL;
    if (has) {
        memcpy(out, s, n);
        out[n] = '\0';
    } else {
        memcpy(out, "http://", 7);
        memcpy(out + 7, s, n);
        out[n + 7] = '\0';
    }
    return out;
}

char *ck_proxy_pick(const char *list, const char *bypass, const char *scheme, const char *host)
{
    const char *p = list, *fallback = NULL, *found = NULL;
    size_t fallback_len = 0, found_len = 0, slen = scheme ? strlen(scheme) : 0;

    if (!list || !*list || (host && bypassed(bypass, host)))
        return NULL;
    while (*p) {
        size_t n;
        const char *eq;
        while (is_sep(*p))
            p++;
        n = 0;
        while (p[n] && !is_sep(p[n]))
            n++;
        if (!n)
            break;
        eq = memchr(p, '=', n);
        if (!eq && !fallback) { /* one proxy for every protocol */
            fallback = p;
            fallback_len = n;
        } else if (eq && (size_t)(eq - p) == slen && scheme && !strncmp(p, scheme, slen) && !found) {
            found = eq + 1;
            found_len = n - slen - 1;
        }
        p += n;
    }
    if (found && found_len)
        return with_scheme(found, found_len);
    if (fallback)
        return with_scheme(fallback, fallback_len);
    return NULL;
}

/* scheme and host of url, copied into the buffers (empty when absent). */
static void split_url(const char *url, char *scheme, size_t ssize, char *host, size_t hsize)
{
    const char *s = strstr(url, "://"), *h, *end, *at;
    size_t n;
    scheme[0] = host[0] = '\0';
    if (!s)
        return;
    n = (size_t)(s - url) < ssize - 1 ? (size_t)(s - url) : ssize - 1;
    memcpy(scheme, url, n);
    scheme[n] = '\0';
    h = s + 3;
    end = h + strcspn(h, "/?#");
    for (at = h; at < end; at++)
        if (*at == '@')
            h = at + 1;
    if (*h == '[') { /* IPv6 literal */
        const char *close = memchr(h, ']', (size_t)(end - h));
        end = close ? close + 1 : end;
    } else {
        const char *colon = memchr(h, ':', (size_t)(end - h));
        if (colon)
            end = colon;
    }
    n = (size_t)(end - h) < hsize - 1 ? (size_t)(end - h) : hsize - 1;
    memcpy(host, h, n);
    host[n] = '\0';
}

int ck_proxy_config_is_auto(const struct ck_proxy_config *cfg)
{
    return cfg->auto_detect || (cfg->auto_config_url && *cfg->auto_config_url);
}

char *ck_proxy_choose(const struct ck_proxy_config *cfg, const struct ck_proxy_auto_answer *answer, const char *url)
{
    char scheme[16], host[256];

    if (!url)
        return NULL;
    split_url(url, scheme, sizeof scheme, host, sizeof host);
    if (ck_proxy_config_is_auto(cfg) && answer && answer->evaluated)
        return answer->direct ? NULL : ck_proxy_pick(answer->list, answer->bypass, scheme, host);
    return ck_proxy_pick(cfg->list, cfg->bypass, scheme, host);
}
