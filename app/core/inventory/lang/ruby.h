/* Ruby gems (ecosystem "RubyGems"): installed gem specifications and
 * Bundler's Gemfile.lock. Nothing is evaluated; the files are read by
 * pattern.
 *
 *   specifications/.../<gem>-<ver>.gemspec   the file RubyGems writes on
 *       install: a "# stub: NAME VERSION PLATFORM PATHS" comment and
 *       `s.name = "x".freeze`, `s.version = "1.2.3"` assignments (any
 *       variable name; "..", '..', %q{..} literals; .freeze optional). The
 *       assignments win over the stub; a version that is not a literal (a
 *       constant, an interpolation) is not guessed: the stub's is taken, or
 *       nothing. A file with neither a stub line nor Gem::Specification.new
 *       is not a gem specification. A platform other than "ruby" is the
 *       detail.
 *   Gemfile.lock   the `specs:` entries, indented four spaces, of the GEM,
 *       GIT, PATH and PLUGIN SOURCE sections: `name (version)` or
 *       `name (version-platform)` (split at the first '-', as Bundler does;
 *       the platform is the detail). GIT and PATH gems are CK_LANG_LINK. */
#ifndef CK_RUBY_H
#define CK_RUBY_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

enum ck_ruby_kind { CK_RUBY_NONE = 0, CK_RUBY_GEMSPEC, CK_RUBY_GEMFILE_LOCK };

/* A gemspec under a "specifications/" folder (at any depth below it), or a
 * file named Gemfile.lock. */
enum ck_ruby_kind ck_ruby_file_kind(const char *path);

/* By the name: Gemfile.lock, else a gemspec. */
enum ck_status ck_ruby_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                             struct ck_err *err);
enum ck_status ck_ruby_parse_gemspec(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                     struct ck_err *err);
enum ck_status ck_ruby_parse_gemfile_lock(const char *path, const void *data, size_t len,
                                          struct ck_lang_result *out, struct ck_err *err);

#endif
