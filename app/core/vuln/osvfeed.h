/* OSV's export layout, and which of its data to keep.
 *
 * OSV exports one folder per main ecosystem ("feed"): Debian, Alpine,
 * Ubuntu, Red Hat, ..., and the language ecosystems npm, PyPI, Go, Maven,
 * RubyGems, crates.io, NuGet, Packagist. Each holds all.zip and
 * modified_id.csv. Since October 2024 there are no release-scoped folders
 * ("Debian:12"): a Debian record names the releases it affects in
 * affected[].package.ecosystem ("Debian:12", "Debian:13").
 *
 * A plan says what to download: per feed, the releases wanted ("Debian:12")
 * or all of them (a feed named bare, "Debian", or a language ecosystem, whose
 * records all carry its own name). Names compare case-insensitively. */
#ifndef CK_OSVFEED_H
#define CK_OSVFEED_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* What a first start offers when no image says what it needs: the current
 * releases of the common distributions. */
#define CK_OSVFEED_STARTING_SET "Debian:12, Debian:13, Ubuntu:22.04:LTS, Ubuntu:24.04:LTS, Alpine:v3.22"

/* The language ecosystems OSV exports, as OSV spells them. */
extern const char *const ck_osvfeed_languages[];
extern const size_t ck_osvfeed_language_count;

/* 1 when name is one of ck_osvfeed_languages (any case). */
int ck_osvfeed_is_language(const char *name);

/* The feed of an ecosystem: the part before the first ':' ("Debian:12" ->
 * "Debian", "Red Hat:enterprise_linux:9" -> "Red Hat", "npm" -> "npm"),
 * malloc'd; NULL for an empty name or no memory. */
char *ck_osvfeed_main(const char *ecosystem);

/* 1 when the wanted release covers an affected entry's ecosystem: the same
 * name, or one that extends it with ":<stream>" ("Red Hat:enterprise_linux:9"
 * covers "Red Hat:enterprise_linux:9::baseos"; "Debian:1" does not cover
 * "Debian:12"). */
int ck_osvfeed_covers(const char *release, const char *ecosystem);

/* One feed to download and the releases of it to keep. */
struct ck_osvfeed_want {
    char *feed;      /* "Debian" */
    char **releases; /* "Debian:12", "Debian:13" (a language feed: its own name) */
    size_t release_count, release_cap;
    int all;         /* keep every release */
};

/* 1 when want keeps an affected entry of ecosystem. */
int ck_osvfeed_keeps(const struct ck_osvfeed_want *want, const char *ecosystem);
/* 1 when want holds release (exactly, any case). */
int ck_osvfeed_has_release(const struct ck_osvfeed_want *want, const char *release);
/* Adds a release to want (once). */
enum ck_status ck_osvfeed_add_release(struct ck_osvfeed_want *want, const char *release);
/* The releases joined by ',' ("" for none), malloc'd. */
char *ck_osvfeed_releases_text(const struct ck_osvfeed_want *want);
void ck_osvfeed_want_release(struct ck_osvfeed_want *want);

struct ck_osvfeed_plan {
    struct ck_osvfeed_want *feeds; /* in the order first named */
    size_t count, cap;
};

void ck_osvfeed_plan_init(struct ck_osvfeed_plan *p);
void ck_osvfeed_plan_release(struct ck_osvfeed_plan *p);
/* Adds an ecosystem: a release ("Debian:12") to its feed's releases, a bare
 * feed ("Debian") as all of its releases, a language ecosystem ("npm") as
 * its feed. Leading and trailing blanks are ignored; "" adds nothing. */
enum ck_status ck_osvfeed_plan_add(struct ck_osvfeed_plan *p, const char *ecosystem);
/* Adds a feed held in the database by its name: a main feed ("Debian")
 * with no release of its own (the update adds those it kept), or a
 * release-scoped feed of OSV's earlier layout ("Debian:12") as that
 * release. */
enum ck_status ck_osvfeed_plan_add_feed(struct ck_osvfeed_plan *p, const char *name);
/* Adds each name of a list separated by commas, semicolons or line breaks. */
enum ck_status ck_osvfeed_plan_add_list(struct ck_osvfeed_plan *p, const char *list);
/* Every feed of the plan keeps all its releases. */
void ck_osvfeed_plan_all_releases(struct ck_osvfeed_plan *p);
/* The feed's entry, or NULL. */
struct ck_osvfeed_want *ck_osvfeed_plan_find(struct ck_osvfeed_plan *p, const char *feed);

/* ---- modified_id.csv ------------------------------------------------------ */

/* The ids of a modified_id.csv ("<RFC 3339 modified>,<id>" lines, newest
 * first) that are newer than newest_us (microseconds since the epoch),
 * newest first, each once. Reading stops at the first line that is not
 * newer, or once more than max ids were found (so count > max says "too
 * many"). Lines that do not parse are skipped. */
struct ck_osvfeed_ids {
    char **ids;
    size_t count, cap;
};

enum ck_status ck_osvfeed_newer_ids(const char *csv, size_t len, int64_t newest_us, size_t max,
                                    struct ck_osvfeed_ids *out);
void ck_osvfeed_ids_release(struct ck_osvfeed_ids *ids);

#endif
