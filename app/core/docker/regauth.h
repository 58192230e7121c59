/* Registry credentials for pulls through the engine (X-Registry-Auth), found
 * where the docker CLI keeps them, in this order:
 *   1. config.json "credHelpers"[registry] -> docker-credential-<helper> get
 *   2. config.json "credsStore"            -> docker-credential-<store> get;
 *      on Windows "wincred" (and "desktop" when its helper cannot be run) is
 *      read straight from the Credential Manager
 *   3. config.json "auths"[registry]: "auth" (base64 "user:password") or
 *      "identitytoken"
 * Docker Hub's key is "https://index.docker.io/v1/", other registries are
 * keyed by host[:port] (an auths key with a scheme or a path matches by its
 * host). Credentials never appear in logs or error messages. */
#ifndef CK_REGAUTH_H
#define CK_REGAUTH_H

#include "util/status.h"

#define CK_REGAUTH_DOCKER_HUB "https://index.docker.io/v1/"

/* Caller-owned; ck_regauth_release wipes and frees. */
struct ck_regauth {
    char *serveraddress;  /* the registry key used */
    char *username;       /* NULL with an identity token */
    char *password;
    char *identitytoken;  /* NULL with a username/password */
    char *origin;         /* where they came from: "auths", "helper desktop", "wincred" */
};

void ck_regauth_init(struct ck_regauth *a);
void ck_regauth_release(struct ck_regauth *a);

/* Where to look. config_dir: the docker config folder (NULL: DOCKER_CONFIG
 * or ~/.docker). helper_dir: the folder of the docker-credential-* programs
 * (NULL: PATH). */
struct ck_regauth_source {
    const char *config_dir;
    const char *helper_dir;
};

/* The credentials key of an image's registry: CK_REGAUTH_DOCKER_HUB for
 * docker.io images, else "host[:port]". malloc'd into *server. */
enum ck_status ck_regauth_server_for_image(const char *image, char **server, struct ck_err *err);

/* Finds credentials for server. CK_ERR_NOTFOUND when there are none
 * (anonymous access); a helper that fails otherwise is warned about and the
 * next place is tried. */
enum ck_status ck_regauth_lookup(const struct ck_regauth_source *src, const char *server,
                                 struct ck_regauth *out, struct ck_err *err);

/* The X-Registry-Auth value: base64url (with padding) of
 * {"username","password","serveraddress"} or {"identitytoken","serveraddress"}.
 * malloc'd into *out (wipe before free). */
enum ck_status ck_regauth_header(const struct ck_regauth *a, char **out, struct ck_err *err);

/* Both steps for an image: *out is the header, or NULL for anonymous access. */
enum ck_status ck_regauth_header_for_image(const struct ck_regauth_source *src, const char *image,
                                           char **out, struct ck_err *err);

/* Wipes and frees a string holding a secret; NULL does nothing. */
void ck_regauth_free_secret(char *s);

#endif
