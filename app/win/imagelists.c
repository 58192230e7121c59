/* Image lists for the main window: from a file, GitLab, a registry, the
 * local engine or one image, archive or folder; their images go into the
 * history, which is then read into the images list (see mainwnd.h). */
#include "win/mainwnd.h"

#include "util/array.h"

#include <stdlib.h>
#include <string.h>

#include "win/dialogs.h"
#include "win/imagesview.h"
#include "win/settings.h"
#include "util/text.h"

static unsigned g_gen_images;  /* the newest reading of the images */
static int g_images_loaded;    /* the history's images were read at least once */
static long g_first_paint_ms = -1;

long ck_mainwnd_first_paint_ms(void)
{
    return g_first_paint_ms;
}

void ck_mainwnd_start_list(struct ck_gui_list_result *req, const char *what)
{
    if (!ck_start_list(g_main.hwnd, req)) {
        ck_mainwnd_status(PART_MESSAGE, "Could not start: out of memory.");
        return;
    }
    ck_mainwnd_status(PART_MESSAGE, "%s", what);
    ck_mainwnd_progress(0, 0);
    ck_mainwnd_update_commands();
}

/* The next file dialog opens where this list was. */
static void remember_folder(char *path)
{
    char *slash = strrchr(path, '\\');
    if (!slash)
        return;
    *slash = '\0';
    ck_settings_set(&g_settings.last_list, path);
    *slash = '\\';
}

void ck_mainwnd_open_list_file(void)
{
    struct ck_gui_list_result req;
    char *path = ck_pick_open(g_main.hwnd, L"Open an image list",
                              L"Image lists (*.txt)\0*.txt\0All files (*.*)\0*.*\0", g_settings.last_list);
    if (!path)
        return;
    memset(&req, 0, sizeof req);
    req.source = CK_LIST_FILE;
    req.where = path;
    remember_folder(path);
    ck_mainwnd_start_list(&req, "Reading the image list...");
}

void ck_mainwnd_list_local(void)
{
    struct ck_gui_list_result req;
    memset(&req, 0, sizeof req);
    req.source = CK_LIST_LOCAL;
    req.where = ck_text_dup(g_settings.docker_host ? g_settings.docker_host : "");
    ck_mainwnd_start_list(&req, "Listing the images of the local Docker engine...");
}

/* The images the local engine listed: Docker has them, so they are never pulled. */
static struct {
    char **keys; /* "repository:tag" */
    size_t count, cap;
} g_local;

static char *local_key(const char *repository, const char *tag)
{
    size_t n = strlen(repository) + strlen(tag) + 2;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%s:%s", repository, tag);
    return k;
}

int ck_mainwnd_listed_locally(const char *repository, const char *tag)
{
    char *k = local_key(repository, tag);
    size_t i;
    int found = 0;
    for (i = 0; k && i < g_local.count && !found; i++)
        found = !strcmp(g_local.keys[i], k);
    free(k);
    return found;
}

static void remember_local(const struct ck_gui_list_result *r)
{
    size_t i;
    for (i = 0; i < r->count; i++) {
        char *k;
        if (ck_mainwnd_listed_locally(r->names[i].repository, r->names[i].tag) ||
            CK_ARRAY_GROW(g_local.keys, g_local.count, g_local.cap) != CK_OK ||
            !(k = local_key(r->names[i].repository, r->names[i].tag)))
            continue;
        g_local.keys[g_local.count++] = k;
    }
}

void ck_mainwnd_list_done(struct ck_task *t)
{
    struct ck_gui_list_result *r = t->data;
    ck_mainwnd_progress(0, -1);
    if (t->status != CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "No images added: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        ck_gui_message(g_main.hwnd, MB_ICONWARNING, "No images were added.\n\n%s", t->err.msg);
        return;
    }
    ck_mainwnd_status(PART_MESSAGE, "%s.", r->summary);
    ck_log(CK_LOG_SUCCESS, "%s", r->summary);
    if (r->source == CK_LIST_LOCAL)
        remember_local(r);
    ck_mainwnd_read_images(r->names, r->count);
    r->names = NULL;
    r->count = 0;
}

void ck_mainwnd_read_images(struct ck_gui_image_name *add, size_t n)
{
    if (!ck_start_images(g_main.hwnd, ++g_gen_images, add, n))
        ck_mainwnd_status(PART_MESSAGE, "Could not start reading the scan history.");
}

/* Milliseconds since this process started (for the start-up figure). */
static long ms_since_start(void)
{
    FILETIME created, exited, kernel, user, now;
    ULARGE_INTEGER a, b;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return -1;
    GetSystemTimeAsFileTime(&now);
    a.LowPart = created.dwLowDateTime;
    a.HighPart = created.dwHighDateTime;
    b.LowPart = now.dwLowDateTime;
    b.HighPart = now.dwHighDateTime;
    return (long)((b.QuadPart - a.QuadPart) / 10000);
}

/* The first reading says what there is; later ones keep the message of
 * what caused them. */
static void first_reading(size_t count)
{
    if (g_images_loaded++)
        return;
    ck_mainwnd_status(PART_MESSAGE, "%zu image%s in the history.", count, count == 1 ? "" : "s");
    UpdateWindow(g_main.hwnd);
    g_first_paint_ms = ms_since_start();
}

/* After a reload: the image that was current is current again, else the
 * first one when none is. */
static void select_again(const char *repository, const char *tag)
{
    struct ck_images_table *t = ck_imagesview_table();
    long row;
    if (repository && tag && (row = ck_images_table_find(t, repository, tag)) >= 0)
        ck_imagesview_select_row(row);
    else if (ck_imagesview_current() < 0 && ck_images_table_count(t))
        ck_imagesview_select_row((long)ck_images_table_row_at(t, 0));
}

void ck_mainwnd_images_done(struct ck_task *t)
{
    struct ck_gui_images_result *r = t->data;
    long current = ck_imagesview_current();
    char *repo = NULL, *tag = NULL;

    if (t->status != CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "The scan history could not be read: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        return;
    }
    if (t->generation != g_gen_images)
        return;
    if (current >= 0) {
        const struct ck_images_row *cr = ck_images_table_row(ck_imagesview_table(), (size_t)current);
        repo = ck_text_dup(cr->repository);
        tag = ck_text_dup(cr->tag);
    }
    ck_images_table_load(ck_imagesview_table(), r->rows, r->count);
    ck_images_table_set_decided(ck_imagesview_table(), r->rows, r->decided, r->count);
    ck_imagesview_refresh();
    ck_mainwnd_show_unassessed();
    first_reading(r->count);
    select_again(repo, tag);
    free(repo);
    free(tag);
    ck_mainwnd_update_commands();
    ck_mainwnd_schedule_automation();
}
