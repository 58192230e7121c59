/* libFuzzer target: image references as Docker reads them. The input (up to
 * its first NUL) is parsed; a reference that parses must print in its
 * canonical form, parse back from it to the same reference, and yield a
 * display form, a repository name, a valid tag and an equal copy. A
 * failure must say why and leave the output untouched. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docker/imageref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same(const struct ck_imageref *a, const struct ck_imageref *b)
{
    return same_str(a->registry, b->registry) && same_str(a->repository, b->repository) &&
           same_str(a->tag, b->tag) && same_str(a->digest, b->digest);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *canon, *display, *name;
    struct ck_imageref ref, again, copy;
    struct ck_err err;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    ck_imageref_init(&ref);
    ck_err_clear(&err);
    if (ck_imageref_parse(&ref, text, &err) != CK_OK) {
        if (!err.msg[0] || ref.registry || ref.repository || ref.tag || ref.digest)
            abort();
        free(text);
        return 0;
    }
    if (!ref.registry || !ref.repository || (!ref.tag && !ref.digest))
        abort();
    if (ref.tag && !ck_imageref_valid_tag(ref.tag))
        abort();
    canon = ck_imageref_to_string(&ref);
    display = ck_imageref_display(&ref);
    name = ck_imageref_name(&ref);
    if (!canon || !display || !name || strncmp(canon, name, strlen(name)) != 0)
        abort();
    ck_imageref_init(&again);
    if (ck_imageref_parse(&again, canon, &err) != CK_OK || !same(&ref, &again))
        abort(); /* the canonical form reads back as itself */
    ck_imageref_init(&copy);
    if (ck_imageref_copy(&copy, &ref) != CK_OK || !same(&ref, &copy))
        abort();
    ck_imageref_release(&again);
    ck_imageref_release(&copy);
    ck_imageref_release(&ref);
    free(canon);
    free(display);
    free(name);
    free(text);
    return 0;
}
