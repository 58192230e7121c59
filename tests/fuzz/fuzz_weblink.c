/* libFuzzer target: the header readers of the web client on a synthetic
 * response. The first line is the URL that answered ("-": none), each
 * further line a header "Name: value" (as curl hands them over). Then
 * ck_web_link_next, ck_web_retry_after and ck_web_header read it, and the
 * URL helpers (resolve, escape, the loggable form) get the same lines.
 *
 * Checks: Retry-After is -1 or a number of seconds; without a URL to resolve
 * against, the next link is the text between '<' and '>' of a Link header;
 * the loggable form of a URL holds no user:password part; credentials
 * given for the first line's URL go to another line's URL only as
 * ck_web_credentials_allowed and ck_web_check_next promise. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sources/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LINES_MAX 64

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Non-zero when url's authority ("scheme://[userinfo@]host...") has a userinfo part. */
static int has_userinfo(const char *url)
{
    const char *host = strstr(url, "://");
    if (!host)
        return 0;
    host += 3;
    return memchr(host, '@', strcspn(host, "/?#")) != NULL;
}

/* Where credentials given for a may go: the same origin is the same host;
 * never from https to http; a next page the check lets through with
 * credentials is on the same origin. */
static void check_credentials(const char *a, const char *b)
{
    struct ck_err err;
    int origin = ck_web_credentials_allowed(a, b, CK_WEB_SAME_ORIGIN);
    int host = ck_web_credentials_allowed(a, b, CK_WEB_SAME_HOST);
    int downgrade = !strncasecmp(a, "https:", 6) && strncasecmp(b, "https:", 6) != 0;

    if ((origin && !host) || (downgrade && (origin || host)))
        abort();
    if (ck_web_check_next(a, b, 1, "the listing", &err) == CK_OK && !origin)
        abort();
    if (ck_web_check_next(a, b, 0, "the listing", &err) == CK_OK && downgrade)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_web_response r;
    struct ck_web_header headers[LINES_MAX];
    char *lines[LINES_MAX], *hcopy[LINES_MAX] = {NULL};
    size_t nlines = 0, i;
    const char *p = (const char *)data, *end = p + size;
    char *next;
    long wait;

    if (memchr(data, '\0', size))
        return 0; /* header lines never hold NUL bytes */
    while (p < end && nlines < LINES_MAX) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (!(lines[nlines] = dup_n(p, n && p[n - 1] == '\r' ? n - 1 : n)))
            break;
        nlines++;
        p = nl ? nl + 1 : end;
    }
    ck_web_response_init(&r);
    r.status = 200;
    if (nlines > 0 && strcmp(lines[0], "-") != 0)
        r.url = lines[0];
    for (i = 1; i < nlines; i++) {
        char *colon, *v;
        if (!(hcopy[i] = dup_n(lines[i], strlen(lines[i]))) || !(colon = strchr(hcopy[i], ':')))
            continue;
        *colon = '\0';
        v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        headers[r.nheaders].name = hcopy[i];
        headers[r.nheaders].value = v;
        r.nheaders++;
    }
    r.headers = headers;

    next = ck_web_link_next(&r);
    if (next && !r.url) {
        int found = 0;
        for (i = 0; i < r.nheaders && !found; i++) {
            const char *v = r.headers[i].value, *lt;
            if (strcasecmp(r.headers[i].name, "link") != 0)
                continue;
            for (lt = strchr(v, '<'); lt && !found; lt = strchr(lt + 1, '<'))
                found = !strncmp(lt + 1, next, strlen(next)) && lt[1 + strlen(next)] == '>';
        }
        if (!found)
            abort();
    }
    free(next);
    wait = ck_web_retry_after(&r);
    if (wait < -1)
        abort();
    (void)ck_web_header(&r, "x-next-page");

    for (i = 0; i < nlines; i++) {
        char *logged = ck_web_loggable_url(lines[i]);
        char *esc = ck_web_escape(lines[i]);
        char *abs = nlines > 1 ? ck_web_resolve(lines[0], lines[i]) : NULL;
        if (!logged || has_userinfo(logged))
            abort();
        if (esc && strspn(esc, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%") != strlen(esc))
            abort();
        free(logged);
        free(esc);
        free(abs);
        if (nlines > 1)
            check_credentials(lines[0], lines[i]);
    }
    for (i = 0; i < nlines; i++) {
        free(lines[i]);
        free(hcopy[i]);
    }
    return 0;
}
