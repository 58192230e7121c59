/* The part of YAML that configuration files written by hand use, read into
 * cJSON: block mappings and sequences by indentation (spaces), "- key:
 * value" items, plain, 'single' and "double" quoted scalars, one-line flow
 * sequences [a, b] and mappings {a: b}, comments, a leading "---", literal
 * (|) and folded (>) block scalars with their chomping (- +).
 *
 * Scalars follow YAML 1.2's core schema: null, ~ and nothing are null;
 * true and false are booleans; a scalar that is wholly a decimal integer or
 * float is a number; everything else (dates too) is a string. What this
 * reader does not take is refused with the line it is on: tabs in the
 * indentation, anchors and aliases, tags, complex keys, duplicate keys, a
 * second document, quoted scalars over several lines.
 *
 * Everything read is bounded: CK_YAML_MAX_BYTES of input, CK_YAML_MAX_DEPTH
 * levels, CK_YAML_MAX_NODES nodes, scalars of CK_YAML_MAX_SCALAR bytes. */
#ifndef CK_UTIL_YAML_H
#define CK_UTIL_YAML_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "util/status.h"

#define CK_YAML_MAX_BYTES ((size_t)32 << 20)
#define CK_YAML_MAX_DEPTH 64
#define CK_YAML_MAX_NODES 1000000
#define CK_YAML_MAX_SCALAR ((size_t)1 << 20)

/* The document in the len bytes at text (an empty one is null), or NULL with
 * err saying "line N: why" (CK_ERR_PARSE), CK_ERR_LIMIT or CK_ERR_NOMEM. The
 * caller deletes the tree (cJSON_Delete). */
cJSON *ck_yaml_parse(const char *text, size_t len, struct ck_err *err);

#endif
