/* Version ordering: dpkg, apk-tools and rpm rules, written from their
 * documented algorithms (deb-version(7), apk-version(8), rpmvercmp) and
 * checked against their own test vectors. Nothing here allocates: the
 * comparisons walk the two strings with pointer ranges. Digit runs are
 * compared as numbers of any length (leading zeros dropped, then the longer
 * run wins, then the digits), so no run can overflow. */
#include "vuln/vercmp.h"
#include "vuln/version_lang.h"

#include <string.h>

/* ASCII classes only: the package managers ignore the locale. */
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_lower(int c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(int c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }
static int is_hex(int c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static int sign(int v) { return (v > 0) - (v < 0); }

/* A byte string [p, end): the unit every comparison below works on. */
struct span {
    const char *p;
    const char *end;
};

static struct span span_of(const char *s)
{
    struct span r;
    r.p = s ? s : "";
    r.end = r.p + strlen(r.p);
    return r;
}

static size_t span_len(struct span s) { return (size_t)(s.end - s.p); }

static const char *span_rchr(struct span s, char c)
{
    const char *q = s.end;
    while (q > s.p)
        if (*--q == c)
            return q;
    return NULL;
}

/* Byte order, a proper prefix first (memcmp, then the shorter). */
static int span_bytes_cmp(struct span a, struct span b)
{
    size_t la = span_len(a), lb = span_len(b);
    int r = memcmp(a.p, b.p, la < lb ? la : lb);
    if (r)
        return sign(r);
    return (la > lb) - (la < lb);
}

/* Numeric order of two digit strings of any length. */
static int digits_cmp(struct span a, struct span b)
{
    while (a.p < a.end && *a.p == '0')
        a.p++;
    while (b.p < b.end && *b.p == '0')
        b.p++;
    if (span_len(a) != span_len(b))
        return span_len(a) < span_len(b) ? -1 : 1;
    return sign(memcmp(a.p, b.p, span_len(a)));
}

/* The longest run of characters of class cls at the start of *s, taken
 * off *s. */
static struct span take_run(struct span *s, int (*cls)(int))
{
    struct span r;
    r.p = s->p;
    while (s->p < s->end && cls((unsigned char)*s->p))
        s->p++;
    r.end = s->p;
    return r;
}

static struct span take_digits(struct span *s) { return take_run(s, is_digit); }

/* ======================================================================
 * dpkg (deb-version(7))
 * ====================================================================== */

/* Weight of one character of a non-digit run: '~' before everything, even
 * the end of the part; then the end (and a digit, which ends the run);
 * then letters; then every other character. */
static int deb_weight(struct span s)
{
    int c;
    if (s.p == s.end)
        return 0;
    c = (unsigned char)*s.p;
    if (is_digit(c))
        return 0;
    if (is_alpha(c))
        return c;
    if (c == '~')
        return -1;
    return c + 256;
}

/* One part (epoch, upstream or revision): alternating non-digit runs,
 * compared character by character, and digit runs, compared as numbers
 * (an empty run counts as zero). */
static int deb_part_cmp(struct span a, struct span b)
{
    while (a.p < a.end || b.p < b.end) {
        int r;
        while ((a.p < a.end && !is_digit((unsigned char)*a.p)) ||
               (b.p < b.end && !is_digit((unsigned char)*b.p))) {
            int wa = deb_weight(a), wb = deb_weight(b);
            if (wa != wb)
                return wa < wb ? -1 : 1;
            /* Equal weights inside this loop are two real characters. */
            a.p++;
            b.p++;
        }
        r = digits_cmp(take_digits(&a), take_digits(&b));
        if (r)
            return r;
    }
    return 0;
}

struct deb_version {
    struct span epoch, upstream, revision;
};

/* dpkg's split: surrounding blanks dropped, epoch before the first ':',
 * revision after the last '-' of what follows. */
static void deb_split(const char *v, struct deb_version *out)
{
    struct span s = span_of(v);
    const char *colon, *dash;

    while (s.p < s.end && is_space((unsigned char)*s.p))
        s.p++;
    while (s.end > s.p && is_space((unsigned char)s.end[-1]))
        s.end--;
    colon = memchr(s.p, ':', span_len(s));
    out->epoch.p = s.p;
    out->epoch.end = colon ? colon : s.p;
    if (colon)
        s.p = colon + 1;
    dash = span_rchr(s, '-');
    out->upstream.p = s.p;
    out->upstream.end = dash ? dash : s.end;
    out->revision.p = dash ? dash + 1 : s.end;
    out->revision.end = s.end;
}

int ck_version_compare_deb(const char *a, const char *b)
{
    struct deb_version va, vb;
    int r;

    deb_split(a, &va);
    deb_split(b, &vb);
    /* An epoch is digits, so the part order is its numeric order. */
    r = deb_part_cmp(va.epoch, vb.epoch);
    if (!r)
        r = deb_part_cmp(va.upstream, vb.upstream);
    if (!r)
        r = deb_part_cmp(va.revision, vb.revision);
    return r;
}

/* ======================================================================
 * apk-tools (apk-version(8)): a version is a sequence of tokens, each of
 * a kind that may only follow certain kinds:
 *   digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}
 * The kinds are declared in the order apk-tools ranks them: when one
 * version ends (or goes wrong) where the other goes on, the one whose next
 * token kind ranks lower is the greater, except that a pre-release suffix
 * (_alpha, _beta, _pre, _rc) makes its version the smaller.
 * ====================================================================== */

enum apk_kind {
    APK_INITIAL, /* the leading number */
    APK_DIGIT,   /* .N */
    APK_LETTER,  /* one lower-case letter after a number */
    APK_SUFFIX,  /* _alpha ... _p */
    APK_SUFFIX_NO,
    APK_HASH,     /* ~commit (lower-case hex) */
    APK_REVISION, /* -rN */
    APK_END,
    APK_INVALID
};

/* Suffix ranks: pre-release ones below APK_SUFFIX_NONE, the others above. */
enum { APK_SUFFIX_NONE = 5 };
static const struct {
    const char *name;
    int rank;
} apk_suffixes[] = {
    {"alpha", 1}, {"beta", 2}, {"pre", 3}, {"rc", 4},
    {"cvs", 6},   {"svn", 7},  {"git", 8}, {"hg", 9}, {"p", 10},
};

struct apk_token {
    enum apk_kind kind;
    struct span text; /* the number, letter, suffix name or hash */
    int suffix;       /* rank, for APK_SUFFIX */
    int after_letter; /* APK_DIGIT right after a letter ("1.9.5p2") */
};

static int apk_suffix_rank(struct span name)
{
    size_t i;
    for (i = 0; i < sizeof apk_suffixes / sizeof apk_suffixes[0]; i++)
        if (strlen(apk_suffixes[i].name) == span_len(name) &&
            !memcmp(apk_suffixes[i].name, name.p, span_len(name)))
            return apk_suffixes[i].rank;
    return 0;
}

static void apk_take_number(struct apk_token *t, enum apk_kind kind, struct span *s)
{
    t->text = take_digits(s);
    t->kind = span_len(t->text) ? kind : APK_INVALID;
}

/* Reads the token after t (of kind t->kind) from *s into t. */
static void apk_next(struct apk_token *t, struct span *s)
{
    enum apk_kind prev = t->kind;
    int c;

    if (s->p == s->end) {
        t->kind = APK_END;
        return;
    }
    c = (unsigned char)*s->p;
    t->kind = APK_INVALID;
    t->after_letter = 0;
    if (is_lower(c)) {
        if (prev > APK_DIGIT)
            return;
        t->text.p = s->p++;
        t->text.end = s->p;
        t->kind = APK_LETTER;
    } else if (c == '.') {
        if (prev > APK_DIGIT)
            return;
        s->p++;
        apk_take_number(t, APK_DIGIT, s);
    } else if (is_digit(c)) {
        /* A suffix name is followed directly by its number; digits after
         * a letter are one more component, as apk-tools 2 reads them
         * (apk-tools 3 calls such versions invalid and stops there, which
         * would make 1.9.5p1-r1 equal to 1.9.5p2-r1). */
        if (prev == APK_SUFFIX)
            apk_take_number(t, APK_SUFFIX_NO, s);
        else if (prev == APK_LETTER) {
            apk_take_number(t, APK_DIGIT, s);
            t->after_letter = 1;
        }
    } else if (c == '_') {
        if (prev > APK_SUFFIX_NO)
            return;
        s->p++;
        t->text = take_run(s, is_lower);
        t->suffix = apk_suffix_rank(t->text);
        if (t->suffix)
            t->kind = APK_SUFFIX;
    } else if (c == '~') {
        if (prev >= APK_HASH)
            return;
        s->p++;
        t->text = take_run(s, is_hex);
        if (span_len(t->text))
            t->kind = APK_HASH;
    } else if (c == '-') {
        if (prev >= APK_REVISION || s->end - s->p < 2 || s->p[1] != 'r')
            return;
        s->p += 2;
        apk_take_number(t, APK_REVISION, s);
    }
}

static void apk_first(struct apk_token *t, struct span *s)
{
    t->after_letter = 0;
    apk_take_number(t, APK_INITIAL, s);
}

/* Two tokens of the same kind. */
static int apk_token_cmp(const struct apk_token *a, const struct apk_token *b)
{
    switch (a->kind) {
    case APK_DIGIT:
        /* A component with a leading zero compares as a string ("1.05"
         * before "1.1"), as Gentoo's rules say; digits after a letter
         * (both sides then have them) compare as numbers, as in apk-tools 2. */
        if (!a->after_letter && (*a->text.p == '0' || *b->text.p == '0'))
            return span_bytes_cmp(a->text, b->text);
        return digits_cmp(a->text, b->text);
    case APK_INITIAL:
    case APK_SUFFIX_NO:
    case APK_REVISION:
        return digits_cmp(a->text, b->text);
    case APK_LETTER:
        return sign((unsigned char)*a->text.p - (unsigned char)*b->text.p);
    case APK_SUFFIX:
        return sign(a->suffix - b->suffix);
    default: /* APK_HASH: no order but the bytes' */
        return span_bytes_cmp(a->text, b->text);
    }
}

static int apk_compare(const char *a, const char *b, int fuzzy)
{
    struct span sa = span_of(a), sb = span_of(b);
    struct apk_token ta = {0}, tb = {0};
    int r;

    apk_first(&ta, &sa);
    apk_first(&tb, &sb);
    while (ta.kind == tb.kind && ta.kind < APK_END) {
        r = apk_token_cmp(&ta, &tb);
        if (r)
            return r;
        apk_next(&ta, &sa);
        apk_next(&tb, &sb);
    }
    if (ta.kind == tb.kind || (fuzzy && tb.kind == APK_END))
        return 0;
    if (ta.kind == APK_SUFFIX && ta.suffix < APK_SUFFIX_NONE)
        return -1;
    if (tb.kind == APK_SUFFIX && tb.suffix < APK_SUFFIX_NONE)
        return 1;
    return ta.kind > tb.kind ? -1 : 1;
}

int ck_version_compare_apk(const char *a, const char *b) { return apk_compare(a, b, 0); }

int ck_version_compare_apk_fuzzy(const char *a, const char *b) { return apk_compare(a, b, 1); }

int ck_version_apk_valid(const char *v)
{
    struct span s = span_of(v);
    struct apk_token t = {0};

    for (apk_first(&t, &s); t.kind < APK_END; apk_next(&t, &s))
        if (t.after_letter)
            return 0;
    return t.kind == APK_END;
}

/* ======================================================================
 * rpm
 * ====================================================================== */

static int rpm_is_alnum(int c) { return is_digit(c) || is_alpha(c); }

/* Skips what rpmvercmp treats as a separator: anything but letters,
 * digits, '~' and '^'. */
static void rpm_skip_separators(struct span *s)
{
    while (s->p < s->end && !rpm_is_alnum((unsigned char)*s->p) && *s->p != '~' && *s->p != '^')
        s->p++;
}

static int rpm_at(struct span s, char c) { return s.p < s.end && *s.p == c; }

/* rpmvercmp: alternating alphabetic and numeric segments; '~' sorts before
 * everything (even the end), '^' after the end but before anything else;
 * a numeric segment is newer than an alphabetic one; when all segments
 * agree, the string with something left over is newer. */
static int rpm_segments_cmp(struct span a, struct span b)
{
    while (a.p < a.end || b.p < b.end) {
        struct span ra, rb;
        int isnum, r;

        rpm_skip_separators(&a);
        rpm_skip_separators(&b);
        if (rpm_at(a, '~') || rpm_at(b, '~')) {
            if (!rpm_at(a, '~'))
                return 1;
            if (!rpm_at(b, '~'))
                return -1;
            a.p++;
            b.p++;
            continue;
        }
        if (rpm_at(a, '^') || rpm_at(b, '^')) {
            if (a.p == a.end)
                return -1;
            if (b.p == b.end)
                return 1;
            if (!rpm_at(a, '^'))
                return 1;
            if (!rpm_at(b, '^'))
                return -1;
            a.p++;
            b.p++;
            continue;
        }
        if (a.p == a.end || b.p == b.end)
            break;
        isnum = is_digit((unsigned char)*a.p);
        if (isnum) {
            ra = take_digits(&a);
            rb = take_digits(&b);
        } else {
            ra = take_run(&a, is_alpha);
            rb = take_run(&b, is_alpha);
        }
        if (!span_len(rb)) /* segments of different types */
            return isnum ? 1 : -1;
        r = isnum ? digits_cmp(ra, rb) : span_bytes_cmp(ra, rb);
        if (r)
            return r;
    }
    if (a.p == a.end && b.p == b.end)
        return 0;
    return a.p == a.end ? -1 : 1;
}

int ck_version_rpmvercmp(const char *a, const char *b)
{
    return rpm_segments_cmp(span_of(a), span_of(b));
}

struct rpm_evr {
    struct span epoch, version, release;
    int has_release;
};

/* rpm's EVR split: an epoch only when the string starts with digits and a
 * ':' (an empty one means 0), the release after the last '-'. */
static void rpm_split(const char *v, struct rpm_evr *out)
{
    static const char zero[] = "0";
    struct span s = span_of(v), lead = s;
    const char *dash;

    take_digits(&lead);
    out->epoch.p = zero;
    out->epoch.end = zero + 1;
    if (rpm_at(lead, ':')) {
        if (lead.p > s.p) {
            out->epoch.p = s.p;
            out->epoch.end = lead.p;
        }
        s.p = lead.p + 1;
    }
    dash = span_rchr(s, '-');
    out->has_release = dash != NULL;
    out->version.p = s.p;
    out->version.end = dash ? dash : s.end;
    out->release.p = dash ? dash + 1 : s.end;
    out->release.end = s.end;
}

static int rpm_evr_cmp(const char *a, const char *b, int release_needs_both)
{
    struct rpm_evr va, vb;
    int r;

    rpm_split(a, &va);
    rpm_split(b, &vb);
    r = rpm_segments_cmp(va.epoch, vb.epoch);
    if (!r)
        r = rpm_segments_cmp(va.version, vb.version);
    if (r || (va.has_release && vb.has_release))
        return r ? r : rpm_segments_cmp(va.release, vb.release);
    if (release_needs_both)
        return 0;
    return va.has_release - vb.has_release;
}

int ck_version_compare_rpm(const char *a, const char *b) { return rpm_evr_cmp(a, b, 0); }

int ck_version_compare_rpm_bound(const char *a, const char *b) { return rpm_evr_cmp(a, b, 1); }

/* ======================================================================
 * schemes and ecosystems
 * ====================================================================== */

static const char *const scheme_names[CK_VERSION_SCHEME_COUNT] = {
    "deb", "apk", "rpm", "semver", "go", "pypi", "maven", "rubygems", "nuget", "packagist",
};

/* Other names ckitty vercmp and the settings accept. */
static const struct {
    const char *name;
    enum ck_version_scheme scheme;
} scheme_aliases[] = {
    {"npm", CK_VERSION_SEMVER},    {"cargo", CK_VERSION_SEMVER},     {"crates.io", CK_VERSION_SEMVER},
    {"pep440", CK_VERSION_PEP440}, {"gem", CK_VERSION_RUBYGEMS},     {"composer", CK_VERSION_PACKAGIST},
    {"golang", CK_VERSION_GO},
};

int ck_version_compare(enum ck_version_scheme scheme, const char *a, const char *b)
{
    switch (scheme) {
    case CK_VERSION_DEB:
        return ck_version_compare_deb(a, b);
    case CK_VERSION_APK:
        return ck_version_compare_apk(a, b);
    case CK_VERSION_RPM:
        return ck_version_compare_rpm(a, b);
    case CK_VERSION_SEMVER:
        return ck_version_compare_semver(a, b);
    case CK_VERSION_GO:
        return ck_version_compare_go(a, b);
    case CK_VERSION_PEP440:
        return ck_version_compare_pep440(a, b);
    case CK_VERSION_MAVEN:
        return ck_version_compare_maven(a, b);
    case CK_VERSION_RUBYGEMS:
        return ck_version_compare_rubygems(a, b);
    case CK_VERSION_NUGET:
        return ck_version_compare_nuget(a, b);
    case CK_VERSION_PACKAGIST:
        return ck_version_compare_packagist(a, b);
    default:
        return 0;
    }
}

const char *ck_version_scheme_name(enum ck_version_scheme scheme)
{
    return (unsigned)scheme < CK_VERSION_SCHEME_COUNT ? scheme_names[scheme] : "?";
}

static int ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

/* Case-insensitive: does s[0, n) equal name, or (prefix) start with it? */
static int name_matches(const char *s, size_t n, const char *name, int prefix)
{
    size_t i, len = strlen(name);
    if (n < len || (!prefix && n != len))
        return 0;
    for (i = 0; i < len; i++)
        if (ascii_lower((unsigned char)s[i]) != ascii_lower((unsigned char)name[i]))
            return 0;
    return 1;
}

int ck_version_scheme_parse(const char *name, enum ck_version_scheme *out)
{
    int i;
    if (!name)
        return -1;
    for (i = 0; i < CK_VERSION_SCHEME_COUNT; i++)
        if (name_matches(name, strlen(name), scheme_names[i], 0)) {
            *out = (enum ck_version_scheme)i;
            return 0;
        }
    for (i = 0; i < (int)(sizeof scheme_aliases / sizeof scheme_aliases[0]); i++)
        if (name_matches(name, strlen(name), scheme_aliases[i].name, 0)) {
            *out = scheme_aliases[i].scheme;
            return 0;
        }
    return -1;
}

/* OSV ecosystem names (the part before the first ':'). The Debian, Ubuntu
 * and Alpine families match by prefix; Wolfi and Chainguard build with
 * apk, Photon OS with rpm. */
static const struct {
    const char *name;
    enum ck_version_scheme scheme;
    int prefix;
} ecosystems[] = {
    {"Debian", CK_VERSION_DEB, 1},      {"Ubuntu", CK_VERSION_DEB, 1},
    {"Alpine", CK_VERSION_APK, 1},      {"Wolfi", CK_VERSION_APK, 0},
    {"Chainguard", CK_VERSION_APK, 0},  {"Red Hat", CK_VERSION_RPM, 0},
    {"Rocky Linux", CK_VERSION_RPM, 0}, {"AlmaLinux", CK_VERSION_RPM, 0},
    {"openSUSE", CK_VERSION_RPM, 0},    {"SUSE", CK_VERSION_RPM, 0},
    {"Mageia", CK_VERSION_RPM, 0},      {"CBL-Mariner", CK_VERSION_RPM, 0},
    {"Azure Linux", CK_VERSION_RPM, 0}, {"Fedora", CK_VERSION_RPM, 0},
    {"Photon OS", CK_VERSION_RPM, 0},
    {"npm", CK_VERSION_SEMVER, 0},      {"crates.io", CK_VERSION_SEMVER, 0},
    {"Go", CK_VERSION_GO, 0},           {"PyPI", CK_VERSION_PEP440, 0},
    {"Maven", CK_VERSION_MAVEN, 0},     {"RubyGems", CK_VERSION_RUBYGEMS, 0},
    {"NuGet", CK_VERSION_NUGET, 0},     {"Packagist", CK_VERSION_PACKAGIST, 0},
};

int ck_version_scheme_for_ecosystem(const char *ecosystem, enum ck_version_scheme *out)
{
    size_t i, n;
    if (!ecosystem)
        return -1;
    n = strcspn(ecosystem, ":");
    for (i = 0; i < sizeof ecosystems / sizeof ecosystems[0]; i++)
        if (name_matches(ecosystem, n, ecosystems[i].name, ecosystems[i].prefix)) {
            *out = ecosystems[i].scheme;
            return 0;
        }
    return -1;
}
