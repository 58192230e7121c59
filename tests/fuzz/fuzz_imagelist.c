/* libFuzzer target: image list files (one image a line, '#' comments, BOM,
 * CRLF). The input is read as a list; what was read is written to a file
 * and read back.
 *
 * Checks: every line is counted once (added, duplicate, invalid or blank);
 * the list holds the added references, each under its canonical form and
 * found again by ck_imagelist_contains; the file written reads back to the
 * same list with nothing invalid. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sources/imagelist.h"
#include "util/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[256];

static void remove_file(void)
{
    remove(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(path, sizeof path, "%s/ck-fuzz-imagelist-%ld.txt", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    atexit(remove_file);
    ck_log_set_console(0);
    ck_log_set_level(CK_LOG_DEBUG); /* the warnings are formatted, as a run would */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_imagelist list, back;
    struct ck_imagelist_stats stats, bstats;
    struct ck_err err;
    size_t i, lines;

    ck_imagelist_init(&list);
    if (ck_imagelist_read_text(&list, (const char *)data, size, "fuzz.txt", &stats, &err) != CK_OK)
        abort(); /* only running out of memory fails */
    /* lines after a UTF-8 BOM: one per LF, plus an unterminated last one */
    i = size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    lines = i < size && data[size - 1] != '\n';
    for (; i < size; i++)
        lines += data[i] == '\n';
    if (stats.lines != lines || stats.added + stats.duplicates + stats.invalid > stats.lines ||
        stats.added != list.count)
        abort();
    for (i = 0; i < list.count; i++) {
        char *canon = ck_imageref_to_string(&list.items[i]);
        if (!canon || strcmp(canon, ck_imagelist_string(&list, i)) != 0 || !ck_imagelist_contains(&list, &list.items[i]))
            abort();
        free(canon);
    }
    if (list.count) {
        if (ck_imagelist_write_file(&list, path, &err) != CK_OK)
            abort();
        ck_imagelist_init(&back);
        if (ck_imagelist_read_file(&back, path, &bstats, &err) != CK_OK || back.count != list.count ||
            bstats.invalid || bstats.duplicates)
            abort();
        for (i = 0; i < list.count; i++)
            if (strcmp(ck_imagelist_string(&list, i), ck_imagelist_string(&back, i)) != 0)
                abort();
        ck_imagelist_release(&back);
    }
    ck_imagelist_release(&list);
    return 0;
}
