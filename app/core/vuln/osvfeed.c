/* OSV's feeds and the releases kept of them; modified_id.csv (osvfeed.h). */
#include "vuln/osvfeed.h"

#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"

const char *const ck_osvfeed_languages[] = {"npm",      "PyPI",  "Go",    "Maven",
                                            "RubyGems", "crates.io", "NuGet", "Packagist"};
const size_t ck_osvfeed_language_count = sizeof ck_osvfeed_languages / sizeof ck_osvfeed_languages[0];

int ck_osvfeed_is_language(const char *name)
{
    size_t i;
    for (i = 0; name && i < ck_osvfeed_language_count; i++)
        if (!ck_text_casecmp(name, ck_osvfeed_languages[i]))
            return 1;
    return 0;
}

char *ck_osvfeed_main(const char *ecosystem)
{
    const char *colon;
    if (!ecosystem || !*ecosystem || *ecosystem == ':')
        return NULL;
    colon = strchr(ecosystem, ':');
    return colon ? ck_text_dupn(ecosystem, (size_t)(colon - ecosystem)) : ck_text_dup(ecosystem);
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int ck_osvfeed_covers(const char *release, const char *ecosystem)
{
    size_t i;
    if (!release || !ecosystem)
        return 0;
    for (i = 0; release[i]; i++)
        if (lower((unsigned char)release[i]) != lower((unsigned char)ecosystem[i]))
            return 0;
    return ecosystem[i] == '\0' || ecosystem[i] == ':';
}

int ck_osvfeed_keeps(const struct ck_osvfeed_want *want, const char *ecosystem)
{
    size_t i;
    if (!want || !ecosystem)
        return 0;
    if (want->all)
        return 1;
    for (i = 0; i < want->release_count; i++)
        if (ck_osvfeed_covers(want->releases[i], ecosystem))
            return 1;
    return 0;
}

int ck_osvfeed_has_release(const struct ck_osvfeed_want *want, const char *release)
{
    size_t i;
    for (i = 0; want && release && i < want->release_count; i++)
        if (!ck_text_casecmp(want->releases[i], release))
            return 1;
    return 0;
}

enum ck_status ck_osvfeed_add_release(struct ck_osvfeed_want *want, const char *release)
{
    char *copy;
    if (ck_osvfeed_has_release(want, release))
        return CK_OK;
    if (!(copy = ck_text_dup(release)))
        return CK_ERR_NOMEM;
    if (CK_ARRAY_GROW(want->releases, want->release_count, want->release_cap) != CK_OK) {
        free(copy);
        return CK_ERR_NOMEM;
    }
    want->releases[want->release_count++] = copy;
    return CK_OK;
}

char *ck_osvfeed_releases_text(const struct ck_osvfeed_want *want)
{
    struct ck_buf b;
    size_t i;
    ck_buf_init(&b);
    for (i = 0; i < want->release_count; i++)
        ck_buf_printf(&b, "%s%s", i ? "," : "", want->releases[i]);
    return ck_buf_take(&b); /* NULL when an append failed */
}

void ck_osvfeed_want_release(struct ck_osvfeed_want *want)
{
    size_t i;
    if (!want)
        return;
    for (i = 0; i < want->release_count; i++)
        free(want->releases[i]);
    free(want->releases);
    free(want->feed);
    memset(want, 0, sizeof *want);
}

/* ---- plans ------------------------------------------------------------------ */

void ck_osvfeed_plan_init(struct ck_osvfeed_plan *p) { memset(p, 0, sizeof *p); }

void ck_osvfeed_plan_release(struct ck_osvfeed_plan *p)
{
    size_t i;
    if (!p)
        return;
    for (i = 0; i < p->count; i++)
        ck_osvfeed_want_release(&p->feeds[i]);
    free(p->feeds);
    ck_osvfeed_plan_init(p);
}

struct ck_osvfeed_want *ck_osvfeed_plan_find(struct ck_osvfeed_plan *p, const char *feed)
{
    size_t i;
    for (i = 0; p && feed && i < p->count; i++)
        if (!ck_text_casecmp(p->feeds[i].feed, feed))
            return &p->feeds[i];
    return NULL;
}

/* The plan's entry for feed, added when missing; NULL without memory. */
static struct ck_osvfeed_want *plan_feed(struct ck_osvfeed_plan *p, char *feed)
{
    struct ck_osvfeed_want *w = ck_osvfeed_plan_find(p, feed);
    if (w) {
        free(feed);
        return w;
    }
    if (CK_ARRAY_GROW(p->feeds, p->count, p->cap) != CK_OK) {
        free(feed);
        return NULL;
    }
    w = &p->feeds[p->count++];
    memset(w, 0, sizeof *w);
    w->feed = feed;
    return w;
}

static enum ck_status plan_add_n(struct ck_osvfeed_plan *p, const char *name, size_t len)
{
    char *eco, *feed;
    struct ck_osvfeed_want *w;
    enum ck_status st = CK_OK;

    while (len && (*name == ' ' || *name == '\t')) {
        name++;
        len--;
    }
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t' || name[len - 1] == '\r'))
        len--;
    if (!len)
        return CK_OK;
    if (!(eco = ck_text_dupn(name, len)))
        return CK_ERR_NOMEM;
    if (!(feed = ck_osvfeed_main(eco))) {
        free(eco);
        return *name == ':' ? CK_OK : CK_ERR_NOMEM; /* ":x" names no feed */
    }
    if (!(w = plan_feed(p, feed))) {
        free(eco);
        return CK_ERR_NOMEM;
    }
    if (ck_osvfeed_is_language(eco))
        st = ck_osvfeed_add_release(w, eco); /* its records carry its own name */
    if (!strchr(eco, ':'))
        w->all = 1;
    else
        st = ck_osvfeed_add_release(w, eco);
    free(eco);
    return st;
}

enum ck_status ck_osvfeed_plan_add(struct ck_osvfeed_plan *p, const char *ecosystem)
{
    return ecosystem ? plan_add_n(p, ecosystem, strlen(ecosystem)) : CK_OK;
}

enum ck_status ck_osvfeed_plan_add_feed(struct ck_osvfeed_plan *p, const char *name)
{
    char *feed;
    struct ck_osvfeed_want *w;
    if (!name || !*name)
        return CK_OK;
    if (strchr(name, ':'))
        return ck_osvfeed_plan_add(p, name);
    if (!(feed = ck_text_dup(name)) || !(w = plan_feed(p, feed)))
        return CK_ERR_NOMEM;
    return ck_osvfeed_is_language(name) ? ck_osvfeed_add_release(w, name) : CK_OK;
}

enum ck_status ck_osvfeed_plan_add_list(struct ck_osvfeed_plan *p, const char *list)
{
    const char *s = list;
    enum ck_status st = CK_OK;
    while (s && *s && st == CK_OK) {
        size_t n = strcspn(s, ",;\n");
        st = plan_add_n(p, s, n);
        s += n;
        if (*s)
            s++;
    }
    return st;
}

void ck_osvfeed_plan_all_releases(struct ck_osvfeed_plan *p)
{
    size_t i;
    for (i = 0; p && i < p->count; i++)
        p->feeds[i].all = 1;
}

/* ---- modified_id.csv -------------------------------------------------------- */

void ck_osvfeed_ids_release(struct ck_osvfeed_ids *l)
{
    size_t i;
    if (!l)
        return;
    for (i = 0; i < l->count; i++)
        free(l->ids[i]);
    free(l->ids);
    memset(l, 0, sizeof *l);
}

static int ids_contain(const struct ck_osvfeed_ids *l, const char *id, size_t n)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        if (strlen(l->ids[i]) == n && !memcmp(l->ids[i], id, n))
            return 1;
    return 0;
}

static enum ck_status ids_add(struct ck_osvfeed_ids *l, const char *id, size_t n)
{
    char *copy;
    if (!n || ids_contain(l, id, n) || memchr(id, '\0', n))
        return CK_OK;
    if (!(copy = ck_text_dupn(id, n)))
        return CK_ERR_NOMEM;
    if (CK_ARRAY_GROW(l->ids, l->count, l->cap) != CK_OK) {
        free(copy);
        return CK_ERR_NOMEM;
    }
    l->ids[l->count++] = copy;
    return CK_OK;
}

/* One line: 1 when it ends the list (not newer), else 0; -1 without memory. */
static int newer_line(const char *p, const char *eol, int64_t newest_us, struct ck_osvfeed_ids *out)
{
    const char *comma = memchr(p, ',', (size_t)(eol - p)), *id;
    char stamp[64];
    size_t slen, idlen;
    int64_t us;

    if (!comma || (slen = (size_t)(comma - p)) >= sizeof stamp)
        return 0;
    memcpy(stamp, p, slen);
    stamp[slen] = '\0';
    if (memchr(stamp, '\0', slen) || ck_text_parse_time(stamp, &us) != 0)
        return 0;
    if (us <= newest_us)
        return 1; /* lines are newest first */
    id = comma + 1;
    idlen = (size_t)(eol - id);
    while (idlen && (id[idlen - 1] == '\r' || id[idlen - 1] == ' '))
        idlen--;
    return ids_add(out, id, idlen) == CK_OK ? 0 : -1;
}

enum ck_status ck_osvfeed_newer_ids(const char *csv, size_t len, int64_t newest_us, size_t max,
                                    struct ck_osvfeed_ids *out)
{
    const char *p = csv, *end = csv + len;
    while (p && p < end && out->count <= max) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        int rc;
        if (!eol)
            eol = end;
        if ((rc = newer_line(p, eol, newest_us, out)) < 0)
            return CK_ERR_NOMEM;
        if (rc > 0)
            break;
        p = eol + 1;
    }
    return CK_OK;
}
