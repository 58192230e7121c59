/* POSIX side of proxy.h: libcurl's environment variables are the system
 * setting there, so there is nothing more to read. */
#ifndef _WIN32

#include "platform/proxy.h"

#include <stddef.h>

char *ck_system_proxy_for_url(const char *url)
{
    (void)url;
    return NULL;
}

#endif
