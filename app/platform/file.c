/* Whole-file reads (see file.h); the 64-bit seek lives with each OS's code. */
#include "platform/file.h"

#include <errno.h>
#include <string.h>

#include "platform/platform.h"

enum ck_status ck_stream_read_all(FILE *f, const char *name, size_t max, struct ck_buf *out, struct ck_err *err)
{
    struct ck_buf b;
    char chunk[65536];
    size_t n;
    enum ck_status st = CK_OK;

    ck_buf_init(&b);
    while (st == CK_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max)
            st = ck_err_set(err, CK_ERR_LIMIT, "%s is larger than %llu bytes", name, (unsigned long long)max);
        else if (ck_buf_append(&b, chunk, n) != CK_OK)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory reading %s", name);
    }
    if (st == CK_OK && ferror(f))
        st = ck_err_set(err, CK_ERR_IO, "cannot read %s: %s", name, strerror(errno));
    if (st == CK_OK && ck_buf_reserve(&b, 0) != CK_OK) /* an empty file still gives "" */
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory reading %s", name);
    if (st != CK_OK) {
        ck_buf_release(&b);
        return st;
    }
    b.data[b.len] = '\0';
    ck_buf_release(out);
    *out = b;
    return CK_OK;
}

enum ck_status ck_file_read_all(const char *path, size_t max, struct ck_buf *out, struct ck_err *err)
{
    FILE *f = ck_fopen(path, "rb");
    enum ck_status st;

    if (!f) {
        int e = errno;
        if (e == ENOENT || !ck_file_exists(path))
            return ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist", path);
        return ck_err_set(err, CK_ERR_IO, "cannot open %s: %s", path, strerror(e));
    }
    st = ck_stream_read_all(f, path, max, out, err);
    fclose(f);
    return st;
}
