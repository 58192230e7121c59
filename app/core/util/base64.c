#include "util/base64.h"

static const char std_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

enum ck_status ck_base64_encode(struct ck_buf *out, const void *data, size_t len,
                                enum ck_base64_alphabet alphabet)
{
    const char *chars = alphabet == CK_BASE64_URL ? url_chars : std_chars;
    const unsigned char *p = data;
    size_t i;

    if (ck_buf_reserve(out, (len + 2) / 3 * 4) != CK_OK)
        return CK_ERR_NOMEM;
    ck_buf_append(out, "", 0); /* terminated even when empty */
    for (i = 0; i + 2 < len; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
        char q[4] = {chars[v >> 18], chars[(v >> 12) & 63], chars[(v >> 6) & 63], chars[v & 63]};
        ck_buf_append(out, q, 4);
    }
    if (i < len) {
        unsigned long v = (unsigned long)p[i] << 16 | (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0);
        char q[4] = {chars[v >> 18], chars[(v >> 12) & 63], i + 1 < len ? chars[(v >> 6) & 63] : '=', '='};
        ck_buf_append(out, q, 4);
    }
    return ck_buf_status(out);
}

static int value_of(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

enum ck_status ck_base64_decode(struct ck_buf *out, const char *text, size_t len)
{
    unsigned long acc = 0;
    int bits = 0;
    size_t i, pad = 0, data_len, start;

    while (len > 0 && text[len - 1] == '=' && pad < 2)
        len--, pad++;
    data_len = len;
    /* Padding must complete a 4-character group. */
    if (pad && (data_len + pad) % 4 != 0)
        return CK_ERR_PARSE;
    if (data_len % 4 == 1)
        return CK_ERR_PARSE;
    if (ck_buf_reserve(out, data_len / 4 * 3 + 3) != CK_OK)
        return CK_ERR_NOMEM;
    ck_buf_append(out, "", 0); /* terminated even when empty */
    start = out->len;
    for (i = 0; i < data_len; i++) {
        int v = value_of(text[i]);
        if (v < 0) {
            out->len = start; /* leave out as it was */
            out->data[start] = '\0';
            return CK_ERR_PARSE;
        }
        acc = (acc << 6 | (unsigned long)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            ck_buf_putc(out, (char)((acc >> bits) & 0xff));
        }
    }
    return ck_buf_status(out);
}
