/* ckitty engine: which Docker engine is used and what it is.
 * ckitty pull:   pulls images through it, showing progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "platform/platform.h"

/* --host H / --context C, shared by both commands. */
struct engine_opts {
    const char *host;
    const char *context;
};

#define ENGINE_OPTIONS(o) {CK_OPT_HOST(&(o)->host)}, {CK_OPT_CONTEXT(&(o)->context)}

int ck_cmd_engine(const struct ck_cli_command *self, int argc, char **argv)
{
    struct engine_opts o = {0};
    const struct ck_cli_option options[] = {ENGINE_OPTIONS(&o), {CK_OPT_END}};
    struct ck_engine e;
    struct ck_engine_version v;
    struct ck_err err;
    int rc;

    if ((rc = ck_cli_parse(self, options, argc, argv, NULL)) != CK_EXIT_OK ||
        (rc = ck_cli_engine_open(o.host, o.context, &e)) != CK_EXIT_OK)
        return rc;
    if (ck_engine_version(&e, &v, &err) != CK_OK) {
        rc = ck_cli_fail("%s", err.msg);
    } else {
        ck_cli_print(stdout, "endpoint: %s (%s)\n", e.endpoint.url, e.endpoint.source);
        ck_cli_print(stdout, "engine:   Docker Engine %s (%s/%s%s%s)\n", v.version, v.os, v.arch,
               v.kernel[0] ? ", kernel " : "", v.kernel);
        ck_cli_print(stdout, "API:      %s (engine %s%s%s; ContainerKitty %s to %s)\n", e.api_version,
               v.min_api_version[0] ? v.min_api_version : "", v.min_api_version[0] ? " to " : "",
               e.server_api_version, CK_ENGINE_API_MIN, CK_ENGINE_API_MAX);
        ck_cli_print(stdout, "OS:       %s\n", e.os_type[0] ? e.os_type : v.os);
        if (ck_engine_require_linux(&e, &err) != CK_OK)
            rc = ck_cli_fail("%s", err.msg);
    }
    ck_engine_release(&e);
    return rc;
}

/* ---- pull progress ------------------------------------------------------ */

#define MAX_LAYERS 256

struct layer {
    char id[72];
    char status[48];
    int64_t current, total;
    int done;
};

struct progress {
    const char *image;
    int tty;
    struct layer layers[MAX_LAYERS];
    int count;
    uint64_t last_draw_ms;
    size_t drawn;            /* width of the line on screen */
};

static struct layer *find_layer(struct progress *p, const char *id)
{
    int i;
    for (i = 0; i < p->count; i++)
        if (!strcmp(p->layers[i].id, id))
            return &p->layers[i];
    if (p->count == MAX_LAYERS)
        return NULL;
    memset(&p->layers[p->count], 0, sizeof p->layers[0]);
    snprintf(p->layers[p->count].id, sizeof p->layers[0].id, "%s", id);
    return &p->layers[p->count++];
}

/* Messages about a layer carry a 12-digit id; others (the tag, "Digest: ")
 * are about the image. */
static int is_layer_id(const char *id)
{
    size_t n = strlen(id), i;
    if (n != 12)
        return 0;
    for (i = 0; i < n; i++)
        if (!strchr("0123456789abcdef", id[i]))
            return 0;
    return 1;
}

static void draw_line(struct progress *p)
{
    int64_t cur = 0, tot = 0;
    int i, done = 0;
    char line[200];
    size_t n;

    for (i = 0; i < p->count; i++) {
        done += p->layers[i].done;
        if (p->layers[i].total > 0) {
            tot += p->layers[i].total;
            cur += p->layers[i].done ? p->layers[i].total
                                     : (p->layers[i].current > 0 ? p->layers[i].current : 0);
        }
    }
    snprintf(line, sizeof line, "%s: %d/%d layers", p->image, done, p->count);
    n = strlen(line);
    if (tot > 0)
        snprintf(line + n, sizeof line - n, ", %.1f of %.1f MB", (double)cur / 1e6, (double)tot / 1e6);
    n = strlen(line);
    fputc('\r', stdout);
    ck_cli_print(stdout, "%s", line);
    while (p->drawn > n) {
        putchar(' ');
        p->drawn--;
    }
    p->drawn = n;
    fflush(stdout);
}

static void on_progress(void *ctx, const struct ck_pull_event *ev)
{
    struct progress *p = ctx;
    struct layer *l;
    int changed;

    if (!is_layer_id(ev->id)) {
        if (!p->tty && ev->status[0])
            ck_cli_print(stdout, "%s: %s%s%s\n", p->image, ev->id[0] ? ev->id : "", ev->id[0] ? ": " : "", ev->status);
        return;
    }
    l = find_layer(p, ev->id);
    if (!l)
        return;
    changed = strcmp(l->status, ev->status) != 0;
    snprintf(l->status, sizeof l->status, "%s", ev->status);
    if (ev->total > 0)
        l->total = ev->total;
    if (ev->current >= 0)
        l->current = ev->current;
    if (!strcmp(ev->status, "Pull complete") || !strcmp(ev->status, "Already exists"))
        l->done = 1;
    if (p->tty) {
        uint64_t now = ck_time_monotonic_ms();
        if (l->done || now - p->last_draw_ms >= 100) {
            p->last_draw_ms = now;
            draw_line(p);
        }
    } else if (changed) {
        ck_cli_print(stdout, "%s: layer %s: %s\n", p->image, l->id, l->status);
    }
}

static int pull_one(struct ck_engine *e, const char *image, int tty)
{
    struct progress *p = calloc(1, sizeof *p);
    struct ck_err err;
    enum ck_status st;
    int rc = CK_EXIT_OK;

    if (!p)
        return ck_cli_fail("out of memory");
    p->image = image;
    p->tty = tty;
    /* NULL: the user's credentials for the image's registry */
    st = ck_engine_pull(e, image, NULL, on_progress, p, &err);
    if (tty && p->drawn)
        putchar('\n');
    if (st != CK_OK)
        rc = ck_cli_fail("%s", err.msg);
    else
        ck_cli_print(stdout, "%s: pulled (%d layer%s)\n", image, p->count, p->count == 1 ? "" : "s");
    fflush(stdout);
    free(p);
    return rc;
}

int ck_cmd_pull(const struct ck_cli_command *self, int argc, char **argv)
{
    struct engine_opts o = {0};
    const struct ck_cli_option options[] = {ENGINE_OPTIONS(&o), {CK_OPT_END}};
    struct ck_engine e;
    int nargs = 0, rc, i, tty;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (!nargs)
        return ck_cli_fail("pull needs at least one image (ckitty pull IMAGE...)");
    if ((rc = ck_cli_engine_open(o.host, o.context, &e)) != CK_EXIT_OK)
        return rc;
    tty = ck_isatty(stdout);
    for (i = 1; i <= nargs; i++)
        if (pull_one(&e, argv[i], tty) != CK_EXIT_OK)
            rc = CK_EXIT_ERROR;
    ck_engine_release(&e);
    return rc;
}
