/* What ckitty prints. Names, titles and descriptions come from images,
 * records and reports that someone else wrote: an escape sequence in them
 * could clear the screen, retitle the window or rewrite what a reader sees,
 * so everything goes out through ck_utf8's terminal cleaning. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/utf8.h"

static void write_clean(FILE *f, const char *text, size_t n)
{
    struct ck_buf b;

    ck_buf_init(&b);
    if (ck_utf8_clean_into(&b, text, n, CK_UTF8_TERMINAL) == CK_OK && b.len)
        fwrite(b.data, 1, b.len, f);
    ck_buf_release(&b);
}

void ck_cli_vprint(FILE *f, const char *fmt, va_list ap)
{
    char small[1024], *text = small;
    va_list again;
    int n;

    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    if (n > 0 && text)
        write_clean(f, text, strlen(text));
    if (text != small)
        free(text);
}

void ck_cli_print(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_cli_vprint(f, fmt, ap);
    va_end(ap);
}

int ck_cli_write_document(FILE *f, const char *data, size_t n)
{
    if (!ck_isatty(f))
        return fwrite(data, 1, n, f) == n ? 0 : -1;
    write_clean(f, data, n);
    return ferror(f) ? -1 : 0;
}
