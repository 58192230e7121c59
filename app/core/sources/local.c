/* Image lists from the local engine's images (see local.h). */
#include "sources/local.h"

#include <string.h>

#include "util/log.h"

/* Adds every string of array `field` except "<none>..." placeholders;
 * returns how many were usable, or -1 when out of memory. */
static int add_names(struct ck_imagelist *found, const cJSON *image, const char *field)
{
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(image, field), *n;
    int usable = 0;

    cJSON_ArrayForEach(n, names) {
        struct ck_err perr;
        enum ck_status st;
        if (!cJSON_IsString(n) || !strncmp(n->valuestring, "<none>", 6))
            continue;
        st = ck_imagelist_add_text(found, n->valuestring, NULL, &perr);
        if (st == CK_ERR_NOMEM)
            return -1;
        if (st != CK_OK)
            ck_log(CK_LOG_WARN, "the engine lists an image as %s", perr.msg);
        else
            usable++;
    }
    return usable;
}

enum ck_status ck_imagelist_from_image_summaries(const cJSON *summaries, struct ck_imagelist *list,
                                                 struct ck_local_stats *stats, struct ck_err *err)
{
    struct ck_imagelist found;
    struct ck_local_stats s = {0, 0};
    const cJSON *image;
    enum ck_status st = CK_OK;
    size_t i;
    int n;

    if (!cJSON_IsArray(summaries))
        return ck_err_set(err, CK_ERR_PROTOCOL, "the engine's image list is not a JSON array");
    ck_imagelist_init(&found);
    cJSON_ArrayForEach(image, summaries) {
        s.images++;
        n = add_names(&found, image, "RepoTags");
        if (n == 0) /* untagged: pulled by digest, or left behind by a newer tag */
            n = add_names(&found, image, "RepoDigests");
        if (n < 0) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (n == 0)
            s.dangling++;
    }
    for (i = 0; i < found.count; i++)
        if (ck_imagelist_add(list, &found.items[i], NULL) != CK_OK) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    if (stats)
        *stats = s;

cleanup:
    ck_imagelist_release(&found);
    return st;
}

enum ck_status ck_imagelist_from_engine(struct ck_engine *engine, struct ck_imagelist *list,
                                        struct ck_local_stats *stats, struct ck_err *err)
{
    cJSON *summaries = NULL;
    enum ck_status st = ck_engine_image_list(engine, &summaries, err);
    if (st == CK_OK)
        st = ck_imagelist_from_image_summaries(summaries, list, stats, err);
    cJSON_Delete(summaries);
    return st;
}
