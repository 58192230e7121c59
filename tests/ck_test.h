/* A few assertion macros. Each test program defines test functions, lists
 * them in main with CK_RUN, and returns ck_test_summary(). A failed check
 * prints file:line and the expression, counts, and the test goes on. */
#ifndef CK_TEST_H
#define CK_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ck_test_failures;
static int ck_test_checks;
static int ck_test_count;

#define CK_CHECK(cond)                                                          \
    do {                                                                        \
        ck_test_checks++;                                                       \
        if (!(cond)) {                                                          \
            ck_test_failures++;                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                       \
    } while (0)

#define CK_CHECK_INT(a, b)                                                      \
    do {                                                                        \
        long long ck_a_ = (long long)(a), ck_b_ = (long long)(b);               \
        ck_test_checks++;                                                       \
        if (ck_a_ != ck_b_) {                                                   \
            ck_test_failures++;                                                 \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__,   \
                    __LINE__, #a, #b, ck_a_, ck_b_);                            \
        }                                                                       \
    } while (0)

#define CK_CHECK_STR(a, b)                                                      \
    do {                                                                        \
        const char *ck_a_ = (a), *ck_b_ = (b);                                  \
        ck_test_checks++;                                                       \
        if (!ck_a_ || !ck_b_ || strcmp(ck_a_, ck_b_) != 0) {                    \
            ck_test_failures++;                                                 \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n",         \
                    __FILE__, __LINE__, #a, #b, ck_a_ ? ck_a_ : "(null)",       \
                    ck_b_ ? ck_b_ : "(null)");                                  \
        }                                                                       \
    } while (0)

/* Stops the current test function when cond is false (later checks would
 * only dereference what is missing). */
#define CK_REQUIRE(cond)                                                        \
    do {                                                                        \
        ck_test_checks++;                                                       \
        if (!(cond)) {                                                          \
            ck_test_failures++;                                                 \
            fprintf(stderr, "%s:%d: requirement failed: %s\n", __FILE__, __LINE__, #cond); \
            return;                                                             \
        }                                                                       \
    } while (0)

#define CK_RUN(fn)                                                              \
    do {                                                                        \
        int ck_before_ = ck_test_failures;                                      \
        ck_test_count++;                                                        \
        fn();                                                                   \
        fprintf(stderr, "%s %s\n", ck_test_failures == ck_before_ ? "ok  " : "FAIL", #fn); \
    } while (0)

/* The whole of the file at path, NUL-terminated (malloc'd; free it), its
 * size in *len; NULL when it cannot be read. */
/* Removes a SQLite database and its -wal and -shm files, where they exist. */
static inline void ck_test_remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char p[1024];
    size_t i;
    for (i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        remove(p);
    }
}

static inline char *ck_test_read_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = (char *)malloc((size_t)n + 1)) != NULL) {
        *len = fread(data, 1, (size_t)n, f);
        data[*len] = '\0';
    }
    fclose(f);
    return data;
}

/* The whole of the file <dir>/<rel>, as ck_test_read_path. */
static inline char *ck_test_read_file(const char *dir, const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return ck_test_read_path(path, len);
}

/* 1 when s is well-formed UTF-8 as Unicode's table 3-7 lists the byte
 * ranges (written apart from the project's own checker, to judge it). */
static inline int ck_test_utf8_strict(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        unsigned char lo = 0x80, hi = 0xBF;
        int more;
        if (c <= 0x7F) { p++; continue; }
        if (c >= 0xC2 && c <= 0xDF) more = 1;
        else if (c == 0xE0) { more = 2; lo = 0xA0; }
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) more = 2;
        else if (c == 0xED) { more = 2; hi = 0x9F; }
        else if (c == 0xF0) { more = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) more = 3;
        else if (c == 0xF4) { more = 3; hi = 0x8F; }
        else return 0;
        p++;
        if (*p < lo || *p > hi) return 0;
        p++;
        while (--more > 0) {
            if (*p < 0x80 || *p > 0xBF) return 0;
            p++;
        }
    }
    return 1;
}

/* Exit code 77 tells CTest the test was skipped (SKIP_RETURN_CODE). */
#define CK_SKIP_CODE 77

static inline int ck_test_summary(void)
{
    fprintf(stderr, "%d tests, %d checks, %d failed\n", ck_test_count, ck_test_checks,
            ck_test_failures);
    return ck_test_failures ? 1 : 0;
}

#endif
