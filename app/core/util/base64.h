/* Base64 (RFC 4648): the standard alphabet (section 4) and the URL-safe one
 * (section 5), both written with '=' padding, as Docker's X-Registry-Auth
 * and config.json "auth" fields want. */
#ifndef CK_BASE64_H
#define CK_BASE64_H

#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

enum ck_base64_alphabet { CK_BASE64_STD, CK_BASE64_URL };

/* Appends the encoding of data (with padding) to out. */
enum ck_status ck_base64_encode(struct ck_buf *out, const void *data, size_t len,
                                enum ck_base64_alphabet alphabet);

/* Appends the decoded bytes to out. Accepts either alphabet, with or
 * without padding; whitespace and any other character is CK_ERR_PARSE. */
enum ck_status ck_base64_decode(struct ck_buf *out, const char *text, size_t len);

#endif
