/* Image lists from the local Docker engine: every tagged image it holds
 * (GET /images/json). An image with tags is listed once per tag; an image
 * known only by its digest ("name@sha256:...") is listed by that; dangling
 * images (no tag, no digest) are left out. */
#ifndef CK_LOCAL_H
#define CK_LOCAL_H

#include <cjson/cJSON.h>

#include "docker/engine.h"
#include "sources/imagelist.h"
#include "util/status.h"

struct ck_local_stats {
    unsigned long images;   /* images the engine holds */
    unsigned long dangling; /* left out: neither tag nor digest */
};

/* Adds the engine's images to list (nothing when it fails); stats may be NULL. */
enum ck_status ck_imagelist_from_engine(struct ck_engine *engine, struct ck_imagelist *list,
                                        struct ck_local_stats *stats, struct ck_err *err);

/* The same from an /images/json answer already read (an array of
 * ImageSummary objects). */
enum ck_status ck_imagelist_from_image_summaries(const cJSON *summaries, struct ck_imagelist *list,
                                                 struct ck_local_stats *stats, struct ck_err *err);

#endif
