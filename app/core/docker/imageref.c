/* Image reference parsing and normalisation (see imageref.h for the grammar). */
#include "docker/imageref.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

/* The longest text worth looking at: name, tag and the longest digest. */
#define TEXT_MAX (CK_IMAGEREF_NAME_MAX + 1 + CK_IMAGEREF_TAG_MAX + 1 + 7 + 128)

static int is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_alpha(c) || is_digit(c); }
static int is_word(char c) { return is_alnum(c) || c == '_'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

static int has_char_in(const char *s, size_t n, const char *set)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strchr(set, s[i]))
            return 1;
    return 0;
}

static int has_upper(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (is_upper(s[i]))
            return 1;
    return 0;
}

/* Docker's rule: the part before the first '/' names a registry when it looks
 * like a host (has '.' or ':'), is "localhost", or is not all lowercase. */
static int looks_like_domain(const char *s, size_t n)
{
    return has_char_in(s, n, ".:") || (n == 9 && !memcmp(s, "localhost", 9)) || has_upper(s, n);
}

/* One DNS label: [A-Za-z0-9] or [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]. */
static int valid_label(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
        return 0;
    for (i = 1; i + 1 < n; i++)
        if (!is_alnum(s[i]) && s[i] != '-')
            return 0;
    return 1;
}

static int valid_port(const char *s, size_t n)
{
    unsigned long v = 0;
    size_t i;
    if (n == 0 || n > 5)
        return 0;
    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    return v >= 1 && v <= 65535;
}

/* host [":" port], host being DNS labels joined by '.', or "[IPv6]". */
static int valid_domain(const char *s, size_t n)
{
    size_t host_len, i, start;

    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        size_t inner;
        if (!close)
            return 0;
        inner = (size_t)(close - s) - 1;
        if (inner < 2 || !memchr(s + 1, ':', inner))
            return 0;
        for (i = 1; i <= inner; i++)
            if (!is_hex(s[i]) && s[i] != ':' && s[i] != '.')
                return 0;
        host_len = inner + 2;
    } else {
        const char *colon = memchr(s, ':', n);
        host_len = colon ? (size_t)(colon - s) : n;
        start = 0;
        for (i = 0; i <= host_len; i++) {
            if (i == host_len || s[i] == '.') {
                if (!valid_label(s + start, i - start))
                    return 0;
                start = i + 1;
            }
        }
    }
    if (host_len == n)
        return 1;
    return s[host_len] == ':' && valid_port(s + host_len + 1, n - host_len - 1);
}

/* path-component { "/" path-component }, components being lowercase
 * alphanumerics joined by ".", "_", "__" or a run of "-". */
static int valid_path(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i >= n || !is_lower_alnum(s[i]))
            return 0;
        while (i < n && is_lower_alnum(s[i]))
            i++;
        if (i == n)
            return 1;
        if (s[i] == '/') {
            i++;
            continue;
        }
        if (s[i] == '.')
            i++;
        else if (s[i] == '_')
            i += (i + 1 < n && s[i + 1] == '_') ? 2 : 1;
        else if (s[i] == '-')
            while (i < n && s[i] == '-')
                i++;
        else
            return 0;
    }
}

static int valid_tag_n(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || n > CK_IMAGEREF_TAG_MAX || !is_word(s[0]))
        return 0;
    for (i = 1; i < n; i++)
        if (!is_word(s[i]) && s[i] != '.' && s[i] != '-')
            return 0;
    return 1;
}

int ck_imageref_valid_tag(const char *tag)
{
    return tag && valid_tag_n(tag, strlen(tag));
}

/* Checks the digest; returns NULL when valid, else the reason. */
static const char *digest_problem(const char *s, size_t n)
{
    static const struct { const char *name; size_t hex; } algos[] = {
        {"sha256", 64}, {"sha384", 96}, {"sha512", 128}};
    const char *colon = memchr(s, ':', n);
    size_t alen, hlen, i, k;

    if (!colon)
        return "the digest has no ':' between algorithm and value (expected sha256:<64 hex digits>)";
    alen = (size_t)(colon - s);
    hlen = n - alen - 1;
    for (k = 0; k < sizeof algos / sizeof algos[0]; k++)
        if (alen == strlen(algos[k].name) && !memcmp(s, algos[k].name, alen))
            break;
    if (k == sizeof algos / sizeof algos[0])
        return "unsupported digest algorithm (expected sha256, sha384 or sha512)";
    for (i = 0; i < hlen; i++) {
        if (!is_hex(colon[1 + i]))
            return "the digest value is not hexadecimal";
        if (is_upper(colon[1 + i]))
            return "the digest value must be lowercase hexadecimal";
    }
    if (hlen != algos[k].hex)
        return "the digest value has the wrong length for its algorithm";
    return NULL;
}

static int is_image_id(const char *s, size_t n)
{
    size_t i;
    if (n != 64)
        return 0;
    for (i = 0; i < n; i++)
        if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return 0;
    return 1;
}

void ck_imageref_init(struct ck_imageref *ref)
{
    memset(ref, 0, sizeof *ref);
}

void ck_imageref_release(struct ck_imageref *ref)
{
    if (!ref)
        return;
    free(ref->registry);
    free(ref->repository);
    free(ref->tag);
    free(ref->digest);
    memset(ref, 0, sizeof *ref);
}

#define BAD(reason) ck_err_set(err, CK_ERR_PARSE, "invalid image reference '%.*s%s': %s", \
                               shown, text, len > (size_t)shown ? "..." : "", reason)

enum ck_status ck_imageref_parse(struct ck_imageref *out, const char *text, struct ck_err *err)
{
    struct ck_imageref r;
    const int shown = 120; /* echo at most this much of the input */
    const char *domain = CK_IMAGEREF_DEFAULT_REGISTRY, *rest, *at, *colon, *slash;
    size_t len, dlen = strlen(CK_IMAGEREF_DEFAULT_REGISTRY), nlen, tlen = 0, glen = 0, i;
    int library = 0;

    if (!text || !*text)
        return ck_err_set(err, CK_ERR_PARSE, "invalid image reference: it is empty");
    len = strlen(text);
    if (len > TEXT_MAX)
        return BAD("it is too long");
    for (i = 0; i < len; i++)
        if ((unsigned char)text[i] <= ' ' || (unsigned char)text[i] >= 0x7f)
            return BAD("it contains a space, a control character or a non-ASCII character");
    if (is_image_id(text, len))
        return BAD("a 64-digit hexadecimal string is an image ID, not a reference");

    rest = text;
    slash = strchr(text, '/');
    if (slash && looks_like_domain(text, (size_t)(slash - text))) {
        domain = text;
        dlen = (size_t)(slash - text);
        rest = slash + 1;
        if (!valid_domain(domain, dlen))
            return BAD("the registry part is not a valid host[:port]");
        if (dlen == 15 && !memcmp(domain, "index.docker.io", 15)) {
            domain = CK_IMAGEREF_DEFAULT_REGISTRY;
            dlen = strlen(domain);
        }
    }
    at = strchr(rest, '@');
    nlen = at ? (size_t)(at - rest) : strlen(rest);
    colon = memchr(rest, ':', nlen);
    if (colon) {
        tlen = nlen - (size_t)(colon - rest) - 1;
        nlen = (size_t)(colon - rest);
    }
    if (at) {
        glen = strlen(at + 1);
        if (strchr(at + 1, '@'))
            return BAD("it has more than one '@'");
    }
    if (nlen == 0)
        return BAD("the repository name is empty");
    if (has_upper(rest, nlen))
        return BAD("the repository name must be lowercase");
    if (!valid_path(rest, nlen))
        return BAD("the repository name may hold only a-z, 0-9 and single '.', '_', '__' or '-' "
                   "runs between them, in components separated by '/'");
    library = dlen == strlen(CK_IMAGEREF_DEFAULT_REGISTRY) &&
              !memcmp(domain, CK_IMAGEREF_DEFAULT_REGISTRY, dlen) && !memchr(rest, '/', nlen);
    if (dlen + 1 + (library ? 8 : 0) + nlen > CK_IMAGEREF_NAME_MAX)
        return BAD("the name is longer than 255 characters");
    if (colon && !valid_tag_n(colon + 1, tlen))
        return BAD(tlen > CK_IMAGEREF_TAG_MAX ? "the tag is longer than 128 characters"
                   : "the tag may hold only A-Z, a-z, 0-9, '_', '.' and '-' and must not start "
                     "with '.' or '-'");
    if (at) {
        const char *why = digest_problem(at + 1, glen);
        if (why)
            return BAD(why);
    }

    ck_imageref_init(&r);
    r.registry = ck_text_dupn(domain, dlen);
    if (!r.registry)
        goto cleanup;
    r.repository = malloc((library ? 8 : 0) + nlen + 1);
    if (!r.repository)
        goto cleanup;
    memcpy(r.repository, "library/", library ? 8 : 0);
    memcpy(r.repository + (library ? 8 : 0), rest, nlen);
    r.repository[(library ? 8 : 0) + nlen] = '\0';
    if (colon || !at) {
        r.tag = colon ? ck_text_dupn(colon + 1, tlen) : ck_text_dupn(CK_IMAGEREF_DEFAULT_TAG, 6);
        if (!r.tag)
            goto cleanup;
    }
    if (at && !(r.digest = ck_text_dupn(at + 1, glen)))
        goto cleanup;
    *out = r;
    return CK_OK;

cleanup:
    ck_imageref_release(&r);
    return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
}

#undef BAD

enum ck_status ck_imageref_copy(struct ck_imageref *out, const struct ck_imageref *src)
{
    struct ck_imageref r;

    ck_imageref_init(&r);
    r.registry = src->registry ? strdup(src->registry) : NULL;
    r.repository = src->repository ? strdup(src->repository) : NULL;
    r.tag = src->tag ? strdup(src->tag) : NULL;
    r.digest = src->digest ? strdup(src->digest) : NULL;
    if ((src->registry && !r.registry) || (src->repository && !r.repository) ||
        (src->tag && !r.tag) || (src->digest && !r.digest)) {
        ck_imageref_release(&r);
        return CK_ERR_NOMEM;
    }
    *out = r;
    return CK_OK;
}

/* registry/repository[:tag][@digest], the digest value cut to digest_max
 * hexadecimal digits (0: whole), the name familiar or not. */
static char *format_ref(const struct ck_imageref *ref, int familiar, size_t digest_max)
{
    struct ck_buf b;
    const char *repo = ref->repository ? ref->repository : "";
    int docker_hub = ref->registry && !strcmp(ref->registry, CK_IMAGEREF_DEFAULT_REGISTRY);
    enum ck_status st;

    ck_buf_init(&b);
    if (familiar && docker_hub) {
        if (!strncmp(repo, "library/", 8) && !strchr(repo + 8, '/'))
            repo += 8;
        st = ck_buf_puts(&b, repo);
    } else {
        st = ck_buf_printf(&b, "%s/%s", ref->registry ? ref->registry : "", repo);
    }
    if (st == CK_OK && ref->tag)
        st = ck_buf_printf(&b, ":%s", ref->tag);
    if (st == CK_OK && ref->digest) {
        const char *colon = strchr(ref->digest, ':');
        size_t keep = strlen(ref->digest);
        if (digest_max && colon && strlen(colon + 1) > digest_max)
            keep = (size_t)(colon + 1 - ref->digest) + digest_max;
        st = ck_buf_printf(&b, "@%.*s", (int)keep, ref->digest);
    }
    if (st != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}

char *ck_imageref_to_string(const struct ck_imageref *ref)
{
    return format_ref(ref, 0, 0);
}

char *ck_imageref_display(const struct ck_imageref *ref)
{
    return format_ref(ref, 1, 12);
}

char *ck_imageref_name(const struct ck_imageref *ref)
{
    struct ck_buf b;
    ck_buf_init(&b);
    if (ck_buf_printf(&b, "%s/%s", ref->registry ? ref->registry : "",
                      ref->repository ? ref->repository : "") != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}
