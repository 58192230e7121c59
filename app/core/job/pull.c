/* A scan's pull under the pull policy: see pull.h. */
#include "job/pull.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void ck_pull_outcome_release(struct ck_pull_outcome *o)
{
    free(o->note);
    memset(o, 0, sizeof *o);
}

const char *ck_pull_policy_name(enum ck_pull_policy p)
{
    switch (p) {
    case CK_PULL_MISSING:
        return "missing";
    case CK_PULL_NEVER:
        return "never";
    default:
        return "always";
    }
}

int ck_pull_policy_parse(const char *s, enum ck_pull_policy *out)
{
    static const enum ck_pull_policy all[] = {CK_PULL_ALWAYS, CK_PULL_MISSING, CK_PULL_NEVER};
    size_t i;
    for (i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(s, ck_pull_policy_name(all[i]))) {
            *out = all[i];
            return 0;
        }
    return -1;
}

/* The engine's copy: 1 present, 0 absent, -1 could not tell (err filled). */
static int engine_has(struct ck_engine *e, const char *ref, struct ck_err *err)
{
    cJSON *inspect = NULL;
    enum ck_status st = ck_engine_image_inspect(e, ref, &inspect, err);
    cJSON_Delete(inspect);
    if (st == CK_OK)
        return 1;
    return st == CK_ERR_NOTFOUND ? 0 : -1;
}

static int is_cancelled(const ck_atomic_flag *cancel) { return cancel && ck_flag_get(cancel); }

enum ck_status ck_pull_for_scan(struct ck_engine *e, const char *ref, enum ck_pull_policy policy,
                                ck_pull_fn progress, void *ctx, const ck_atomic_flag *cancel,
                                struct ck_pull_outcome *out, struct ck_err *err)
{
    struct ck_err pull_err;
    struct ck_buf note;
    int present;
    enum ck_status st;

    memset(out, 0, sizeof *out);
    if (policy == CK_PULL_NEVER)
        return CK_OK; /* the inventory's own inspect says when there is no copy */
    if ((present = engine_has(e, ref, err)) < 0)
        return err->status;
    if (policy == CK_PULL_MISSING && present)
        return CK_OK;
    st = ck_engine_pull(e, ref, NULL, progress, ctx, &pull_err);
    if (st == CK_OK) {
        out->pulled = 1;
        out->new_image = !present;
        return CK_OK;
    }
    if (is_cancelled(cancel) || st == CK_ERR_CANCELLED)
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    if (!present) {
        *err = pull_err;
        return st;
    }
    /* The engine's copy, said plainly: it may be older than the registry's. */
    ck_engine_cancel_clear(e);
    ck_buf_init(&note);
    ck_buf_printf(&note, "the pull failed (%s): the engine's local copy was scanned, which may not be the "
                  "registry's newest", pull_err.msg);
    out->note = ck_buf_take(&note);
    return out->note ? CK_OK : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
}

enum ck_status ck_pull_remove_new(struct ck_engine *e, const char *ref, const struct ck_pull_outcome *o,
                                  struct ck_err *err)
{
    if (!o->new_image)
        return CK_ERR_NOTFOUND;
    ck_engine_cancel_clear(e);
    return ck_engine_image_remove(e, ref, 0, err);
}
