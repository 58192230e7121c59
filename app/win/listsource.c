/* Image lists from a file, GitLab, a registry, the local engine, or one
 * target typed by the user, built on a worker thread (see tasks.h). The
 * images come back named as the history names them (registry/repository
 * and tag; a path and "" for archives and folders). */
#include "win/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/endpoint.h"
#include "docker/engine.h"
#include "sources/gitlab.h"
#include "sources/imagelist.h"
#include "sources/local.h"
#include "sources/registry.h"
#include "sources/tagpolicy.h"
#include "util/text.h"

static void wipe(char *s)
{
    volatile char *p = s;
    while (p && *p)
        *p++ = '\0';
}

static void release_fields(struct ck_gui_list_result *r)
{
    free(r->where);
    free(r->id);
    free(r->user);
    wipe(r->secret);
    free(r->secret);
    free(r->policy);
    ck_gui_image_names_free(r->names, r->count);
    memset(r, 0, sizeof *r);
}

static void list_free(void *p)
{
    if (p)
        release_fields(p);
    free(p);
}

/* A path to an archive or a root folder rather than an image reference:
 * reference names never hold a backslash or start with '/' or '.', and a
 * drive letter is followed by a separator where a port would have digits. */
static int is_path(const char *s)
{
    if (strchr(s, '\\') || s[0] == '/' || s[0] == '.')
        return 1;
    return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':' &&
           (s[2] == '/' || s[2] == '\\');
}

void ck_gui_target_of(const char *repository, const char *tag, struct ck_target *out, char **ref)
{
    size_t n;
    memset(out, 0, sizeof *out);
    *ref = NULL;
    if (is_path(repository)) {
        out->kind = ck_is_dir(repository) ? CK_TARGET_ROOTFS : CK_TARGET_ARCHIVE;
        *ref = ck_text_dup(repository);
    } else {
        out->kind = CK_TARGET_IMAGE;
        n = strlen(repository) + strlen(tag) + 2;
        if ((*ref = malloc(n)))
            snprintf(*ref, n, "%s%s%s", repository, *tag ? ":" : "", tag);
    }
    out->ref = *ref;
}

/* The list's images as history names. */
static enum ck_status names_of(const struct ck_imagelist *list, struct ck_gui_list_result *r, struct ck_err *err)
{
    size_t i;
    r->names = calloc(list->count ? list->count : 1, sizeof *r->names);
    if (!r->names)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    for (i = 0; i < list->count; i++) {
        r->names[i].repository = ck_imageref_name(&list->items[i]);
        r->names[i].tag = ck_text_dup(list->items[i].tag ? list->items[i].tag : "");
        r->count++;
        if (!r->names[i].repository || !r->names[i].tag)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    return CK_OK;
}

static enum ck_status from_engine(const char *host, struct ck_imagelist *list, struct ck_err *err)
{
    struct ck_endpoint ep;
    struct ck_engine e;
    enum ck_status st;
    ck_endpoint_init(&ep);
    st = ck_endpoint_resolve(&ep, host && *host ? host : NULL, NULL, err);
    if (st == CK_OK && (st = ck_engine_init(&e, &ep, err)) == CK_OK) {
        st = ck_imagelist_from_engine(&e, list, NULL, err);
        ck_engine_release(&e);
    }
    ck_endpoint_release(&ep);
    return st;
}

static enum ck_status one_target(struct ck_gui_list_result *r, struct ck_err *err)
{
    struct ck_imageref ref;
    enum ck_status st;

    if (is_path(r->where)) {
        if (!ck_file_exists(r->where) && !ck_is_dir(r->where))
            return ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist", r->where);
        r->names = calloc(1, sizeof *r->names);
        if (!r->names)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        r->names[0].repository = ck_text_dup(r->where);
        r->names[0].tag = ck_text_dup("");
        r->count = 1;
        return r->names[0].repository && r->names[0].tag ? CK_OK : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    ck_imageref_init(&ref);
    st = ck_imageref_parse(&ref, r->where, err);
    if (st == CK_OK) {
        struct ck_imagelist list;
        ck_imagelist_init(&list);
        st = ck_imagelist_add(&list, &ref, NULL);
        if (st == CK_OK)
            st = names_of(&list, r, err);
        ck_imagelist_release(&list);
    }
    ck_imageref_release(&ref);
    return st;
}

static void list_run(struct ck_task *t)
{
    struct ck_gui_list_result *r = t->data;
    struct ck_imagelist list;
    struct ck_tagpolicy policy;
    int have_policy = 0;

    ck_imagelist_init(&list);
    memset(&policy, 0, sizeof policy);
    if (r->policy && *r->policy && (r->source == CK_LIST_GITLAB || r->source == CK_LIST_REGISTRY)) {
        t->status = ck_tagpolicy_parse(&policy, r->policy, &t->err);
        if (t->status != CK_OK)
            goto cleanup;
        have_policy = 1;
    }
    switch (r->source) {
    case CK_LIST_FILE: {
        struct ck_imagelist_stats stats;
        t->status = ck_imagelist_read_file(&list, r->where, &stats, &t->err);
        if (t->status == CK_OK)
            snprintf(r->summary, sizeof r->summary, "%zu image%s read from %s%s", stats.added,
                     stats.added == 1 ? "" : "s", r->where,
                     stats.invalid ? " (lines that are not image references were skipped: see the log)" : "");
        break;
    }
    case CK_LIST_GITLAB: {
        struct ck_gitlab_query q;
        struct ck_gitlab_stats stats;
        memset(&q, 0, sizeof q);
        memset(&stats, 0, sizeof stats);
        q.base_url = r->where;
        q.scope = (enum ck_gitlab_scope)r->scope;
        q.id = r->id;
        q.token = r->secret && *r->secret ? r->secret : NULL;
        q.policy = have_policy ? &policy : NULL;
        q.cancel = &t->cancel;
        t->status = ck_gitlab_list(&q, &list, &stats, &t->err);
        if (t->status == CK_OK)
            snprintf(r->summary, sizeof r->summary, "%zu images from %zu repositories of %zu GitLab projects",
                     list.count, stats.repositories, stats.projects);
        break;
    }
    case CK_LIST_REGISTRY: {
        struct ck_registry_query q;
        struct ck_registry_stats stats;
        memset(&q, 0, sizeof q);
        memset(&stats, 0, sizeof stats);
        q.url = r->where;
        q.username = r->user && *r->user ? r->user : NULL;
        q.password = r->secret;
        q.docker_credentials = r->docker_credentials;
        q.policy = have_policy ? &policy : NULL;
        q.cancel = &t->cancel;
        t->status = ck_registry_list(&q, &list, &stats, &t->err);
        if (t->status == CK_OK)
            snprintf(r->summary, sizeof r->summary, "%zu images from %zu repositories of %s", list.count,
                     stats.repositories, r->where);
        break;
    }
    case CK_LIST_LOCAL:
        t->status = from_engine(r->where, &list, &t->err);
        if (t->status == CK_OK)
            snprintf(r->summary, sizeof r->summary, "%zu images of the local Docker engine", list.count);
        break;
    case CK_LIST_TARGET:
        t->status = one_target(r, &t->err);
        if (t->status == CK_OK)
            snprintf(r->summary, sizeof r->summary, "%s added", r->where);
        goto cleanup;
    }
    if (t->status == CK_OK)
        t->status = names_of(&list, r, &t->err);
cleanup:
    if (have_policy)
        ck_tagpolicy_release(&policy);
    ck_imagelist_release(&list);
    wipe(r->secret);
}

struct ck_task *ck_start_list(HWND hwnd, struct ck_gui_list_result *in)
{
    struct ck_gui_list_result *r = calloc(1, sizeof *r);
    if (!r) {
        release_fields(in);
        return NULL;
    }
    *r = *in;
    memset(in, 0, sizeof *in);
    r->names = NULL;
    r->count = 0;
    return ck_task_start(hwnd, CK_TASK_LIST, 0, list_run, r, list_free);
}
