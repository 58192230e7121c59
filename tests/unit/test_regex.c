/* The regular-expression matcher: a table of patterns and texts, syntax
 * errors with positions, linear time on patterns that make backtracking
 * matchers explode, and (natively) random patterns compared with the C
 * library's POSIX extended regular expressions. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "util/regex.h"

#ifndef _WIN32
#include <regex.h>
#endif

struct match_case {
    const char *pattern;
    const char *text;
    int want;
};

static const struct match_case cases[] = {
    {"abc", "xxabcxx", 1},
    {"abc", "ab", 0},
    {"", "", 1},
    {"", "anything", 1},
    {"^abc$", "abc", 1},
    {"^abc$", "abcd", 0},
    {"^abc$", "xabc", 0},
    {"^$", "", 1},
    {"^$", "x", 0},
    {"a.c", "abc", 1},
    {"a.c", "ac", 0},
    {"a*", "", 1},
    {"^a*$", "aaaa", 1},
    {"^a*$", "aaba", 0},
    {"^a+$", "", 0},
    {"^a+$", "aaa", 1},
    {"^ab?c$", "ac", 1},
    {"^ab?c$", "abc", 1},
    {"^ab?c$", "abbc", 0},
    {"^(ab)+$", "ababab", 1},
    {"^(ab)+$", "ababa", 0},
    {"^(a|bc)*d$", "abcabcad", 1},
    {"^(a|bc)*d$", "abd", 0},
    {"^cat|dog$", "catfish", 1},
    {"^cat|dog$", "hotdog", 1},
    {"^cat|dog$", "dogs", 0},
    {"^(cat|dog)$", "catdog", 0},
    {"[abc]", "xxbxx", 1},
    {"^[abc]+$", "abcabc", 1},
    {"^[abc]+$", "abcd", 0},
    {"^[^abc]+$", "xyz", 1},
    {"^[^abc]+$", "xaz", 0},
    {"^[a-z0-9]+$", "abc123", 1},
    {"^[a-z0-9]+$", "abC123", 0},
    {"^[]a]+$", "]a]", 1},
    {"^[^]a]$", "b", 1},
    {"^[^]a]$", "]", 0},
    {"^[a-]+$", "a-a", 1},
    {"^[-a]+$", "-a-", 1},
    {"^[.]$", ".", 1},
    {"^[.]$", "x", 0},
    {"^\\d+$", "0123456789", 1},
    {"^\\d+$", "12a", 0},
    {"^\\D+$", "abc", 1},
    {"^\\w+$", "A_z9", 1},
    {"^\\w+$", "a-b", 0},
    {"^\\W$", "-", 1},
    {"^a\\sb$", "a b", 1},
    {"^a\\sb$", "a\tb", 1},
    {"^a\\Sb$", "a b", 0},
    {"^[\\d.]+$", "1.2.3", 1},
    {"^[\\w-]+$", "a-b_c", 1},
    {"^a\\.b$", "a.b", 1},
    {"^a\\.b$", "axb", 0},
    {"^\\(\\)\\[\\]\\*\\+\\?\\|\\^\\$\\\\$", "()[]*+?|^$\\", 1},
    {"^a\\tb$", "a\tb", 1},
    {"^a{3}$", "aaa", 1},
    {"^a{3}$", "aa", 0},
    {"^a{3}$", "aaaa", 0},
    {"^a{2,}$", "a", 0},
    {"^a{2,}$", "aaaaa", 1},
    {"^a{2,4}$", "aaaa", 1},
    {"^a{2,4}$", "aaaaa", 0},
    {"^a{0,2}b$", "b", 1},
    {"^(ab){2}$", "abab", 1},
    {"^a{,2}$", "a{,2}", 1}, /* not a count: literal */
    {"^a{x}$", "a{x}", 1},
    {"^{$", "{", 1},
    {"^x}$", "x}", 1},
    {"^(a*)*$", "aaa", 1},    /* empty loops terminate */
    {"^(a*)+b$", "aab", 1},
    {"^(|a)b$", "ab", 1},
    {"^(|a)b$", "b", 1},
    {"a|", "zzz", 1},
    {"^v?\\d+\\.\\d+\\.\\d+$", "v1.22.333", 1},
    {"^v?\\d+\\.\\d+\\.\\d+$", "1.22", 0},
    {"^(latest|stable)$", "stable", 1},
    {"-rc\\d*$", "1.0.0-rc2", 1},
    {"-rc\\d*$", "1.0.0-rc2x", 0},
    {"a$b", "ab", 0},
    {"x^", "x", 0},
};

static void test_table(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ck_regex *re = NULL;
        struct ck_err err;
        int got;
        if (ck_regex_compile(&re, cases[i].pattern, &err) != CK_OK) {
            fprintf(stderr, "  /%s/: %s\n", cases[i].pattern, err.msg);
            CK_CHECK(!"compiles");
            continue;
        }
        got = ck_regex_search(re, cases[i].text);
        if (got != cases[i].want) {
            fprintf(stderr, "  /%s/ on '%s': got %d, want %d\n", cases[i].pattern, cases[i].text, got,
                    cases[i].want);
            CK_CHECK(!"match result");
        }
        CK_CHECK_STR(ck_regex_pattern(re), cases[i].pattern);
        ck_regex_free(re);
    }
    ck_regex_free(NULL);
}

struct error_case {
    const char *pattern;
    const char *reason;
    int position;
};

static const struct error_case errors[] = {
    {"a(b", "missing ')'", 4},
    {"a)b", "unmatched ')'", 2},
    {"[abc", "missing ']'", 5},
    {"[z-a]", "reversed", 5},
    {"*a", "nothing to repeat", 1},
    {"a|*", "nothing to repeat", 3},
    {"(+)", "nothing to repeat", 2},
    {"a\\", "ends with", 3},
    {"\\q", "unknown escape", 2},
    {"[\\q]", "unknown escape", 3},
    {"a{2000}", "above 1000", 2},
    {"a{3,2}", "below its minimum", 2},
};

static void test_errors(void)
{
    size_t i;
    char want[64];
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        struct ck_regex *re = NULL;
        struct ck_err err;
        err.msg[0] = '\0';
        CK_CHECK(ck_regex_compile(&re, errors[i].pattern, &err) == CK_ERR_PARSE);
        CK_CHECK(re == NULL);
        snprintf(want, sizeof want, "position %d: ", errors[i].position);
        if (!strstr(err.msg, errors[i].reason) || !strstr(err.msg, want)) {
            fprintf(stderr, "  /%s/: '%s' (want '%s' and '%s')\n", errors[i].pattern, err.msg,
                    errors[i].reason, want);
            CK_CHECK(!"error message");
        }
    }
}

static void test_limits(void)
{
    struct ck_regex *re = NULL;
    struct ck_err err;
    char *big = malloc(5000);
    CK_REQUIRE(big != NULL);
    memset(big, 'a', 4999);
    big[4999] = '\0';
    CK_CHECK(ck_regex_compile(&re, big, &err) == CK_ERR_LIMIT);
    free(big);
    /* counts multiply: (a{1000}){1000} would be a million instructions */
    CK_CHECK(ck_regex_compile(&re, "(a{1000}){1000}", &err) == CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "too large") != NULL);
    CK_CHECK(re == NULL);
}

/* (a*)*b and a?^n a^n make backtracking matchers take exponential time; here
 * they finish at once (a slow run would show as a test timeout). */
static void test_no_blowup(void)
{
    struct ck_regex *re = NULL;
    char text[4097], pat[200];
    int i;

    memset(text, 'a', 4096);
    text[4096] = '\0';
    CK_REQUIRE(ck_regex_compile(&re, "^(a*)*b$", NULL) == CK_OK);
    CK_CHECK_INT(ck_regex_search(re, text), 0);
    ck_regex_free(re);
    CK_REQUIRE(ck_regex_compile(&re, "^(a|aa)+$", NULL) == CK_OK);
    CK_CHECK_INT(ck_regex_search(re, text), 1);
    ck_regex_free(re);
    pat[0] = '^';
    for (i = 0; i < 30; i++)
        memcpy(pat + 1 + 2 * i, "a?", 2);
    memset(pat + 61, 'a', 30);
    strcpy(pat + 91, "$");
    CK_REQUIRE(ck_regex_compile(&re, pat, NULL) == CK_OK);
    text[30] = '\0';
    CK_CHECK_INT(ck_regex_search(re, text), 1);
    text[29] = '\0';
    CK_CHECK_INT(ck_regex_search(re, text), 0);
    ck_regex_free(re);
}

#ifndef _WIN32
/* Random patterns over {a, b} in the syntax both engines share. */
static unsigned long rng = 12345;
static unsigned next_rand(unsigned n)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rng >> 33) % n);
}

static void gen(char *out, size_t *len, int depth)
{
    static const char *atoms[] = {"a", "b", ".", "[ab]", "[^a]", "a", "b"};
    static const char *reps[] = {"", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"};
    int parts = 1 + (int)next_rand(3), i;
    for (i = 0; i < parts; i++) {
        const char *a, *r;
        if (depth < 3 && next_rand(4) == 0) {
            out[(*len)++] = '(';
            gen(out, len, depth + 1);
            if (next_rand(2)) {
                out[(*len)++] = '|';
                gen(out, len, depth + 1);
            }
            out[(*len)++] = ')';
        } else {
            a = atoms[next_rand(7)];
            memcpy(out + *len, a, strlen(a));
            *len += strlen(a);
        }
        r = reps[next_rand(10)];
        memcpy(out + *len, r, strlen(r));
        *len += strlen(r);
    }
}

static void test_against_posix(void)
{
    int round, compared = 0, mismatches = 0;
    for (round = 0; round < 3000; round++) {
        char pat[512], text[16];
        size_t len = 0;
        struct ck_regex *re = NULL;
        regex_t posix;
        int t;

        if (next_rand(3) == 0)
            pat[len++] = '^';
        gen(pat, &len, 0);
        if (next_rand(3) == 0)
            pat[len++] = '$';
        pat[len] = '\0';
        if (ck_regex_compile(&re, pat, NULL) != CK_OK) {
            fprintf(stderr, "  cannot compile /%s/\n", pat);
            CK_CHECK(!"compiles");
            continue;
        }
        if (regcomp(&posix, pat, REG_EXTENDED | REG_NOSUB) != 0) {
            ck_regex_free(re);
            continue;
        }
        for (t = 0; t < 8; t++) {
            int n = (int)next_rand(8), k, ours, theirs;
            for (k = 0; k < n; k++)
                text[k] = "abc"[next_rand(3)];
            text[n] = '\0';
            ours = ck_regex_search(re, text);
            theirs = regexec(&posix, text, 0, NULL, 0) == 0;
            compared++;
            if (ours != theirs && mismatches++ < 10)
                fprintf(stderr, "  /%s/ on '%s': ours %d, libc %d\n", pat, text, ours, theirs);
        }
        regfree(&posix);
        ck_regex_free(re);
    }
    fprintf(stderr, "  %d comparisons with regexec, %d mismatches\n", compared, mismatches);
    CK_CHECK(compared > 10000);
    CK_CHECK_INT(mismatches, 0);
}
#endif

int main(void)
{
    CK_RUN(test_table);
    CK_RUN(test_errors);
    CK_RUN(test_limits);
    CK_RUN(test_no_blowup);
#ifndef _WIN32
    CK_RUN(test_against_posix);
#endif
    return ck_test_summary();
}
