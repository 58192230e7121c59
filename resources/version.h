/* The one source of ContainerKitty's version: ckitty --version, the version
 * resource, the About box and the installers all read it from here. */
#ifndef CK_VERSION_H
#define CK_VERSION_H

#define CK_VERSION_MAJOR 0
#define CK_VERSION_MINOR 1
#define CK_VERSION_PATCH 0

#define CK_STRINGIFY_(x) #x
#define CK_STRINGIFY(x) CK_STRINGIFY_(x)
#define CK_VERSION_STRING \
    CK_STRINGIFY(CK_VERSION_MAJOR) "." CK_STRINGIFY(CK_VERSION_MINOR) "." CK_STRINGIFY(CK_VERSION_PATCH)
#define CK_PRODUCT_NAME "ContainerKitty"
#define CK_COPYRIGHT "Copyright (C) 2026 The ContainerKitty developers"

#endif
