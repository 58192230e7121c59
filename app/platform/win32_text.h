/* UTF-8 <-> UTF-16 conversion for Windows code (platform/ and win/ only).
 * Both return malloc'd strings (free them), or NULL. */
#ifndef CK_WIN32_TEXT_H
#define CK_WIN32_TEXT_H
#ifdef _WIN32
#include <wchar.h>
wchar_t *ck_utf8_to_wide(const char *s);
char *ck_wide_to_utf8(const wchar_t *w);
#endif
#endif
