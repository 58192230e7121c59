/* Registry credentials: config.json "auths", credential helpers (the test
 * helper docker-credential-cktest, whose folder is argv[2]), credsStore with
 * fall-back, and the X-Registry-Auth encoding (base64url with padding). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#ifdef _WIN32
/* The test writes its own credential into the Credential Manager. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <wincred.h>
#endif

#include "ck_test.h"
#include "docker/regauth.h"
#include "platform/platform.h"
#include "util/base64.h"
#include "util/buf.h"

static const char *fixtures;
static const char *helper_dir;

static char *cfg(const char *name)
{
    char *base = ck_path_join(fixtures, "dockercfg");
    char *dir = base ? ck_path_join(base, name) : NULL;
    free(base);
    return dir;
}

static enum ck_status lookup(const char *config, const char *server, struct ck_regauth *a, struct ck_err *err)
{
    struct ck_regauth_source src;
    char *dir = cfg(config);
    enum ck_status st;
    src.config_dir = dir;
    src.helper_dir = helper_dir;
    st = ck_regauth_lookup(&src, server, a, err);
    free(dir);
    return st;
}

static void test_server_for_image(void)
{
    char *s = NULL;
    struct ck_err err;
    CK_CHECK_INT(ck_regauth_server_for_image("debian:12", &s, &err), CK_OK);
    CK_CHECK_STR(s, CK_REGAUTH_DOCKER_HUB);
    free(s);
    CK_CHECK_INT(ck_regauth_server_for_image("docker.io/library/alpine", &s, &err), CK_OK);
    CK_CHECK_STR(s, CK_REGAUTH_DOCKER_HUB);
    free(s);
    CK_CHECK_INT(ck_regauth_server_for_image("registry.example.com:5000/team/app:1.2", &s, &err), CK_OK);
    CK_CHECK_STR(s, "registry.example.com:5000");
    free(s);
    CK_CHECK_INT(ck_regauth_server_for_image("localhost/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &s, &err), CK_OK);
    CK_CHECK_STR(s, "localhost");
    free(s);
    CK_CHECK(ck_regauth_server_for_image("Bad Ref", &s, &err) != CK_OK);
}

static void test_auths(void)
{
    struct ck_regauth a;
    struct ck_err err;

    ck_regauth_init(&a);
    CK_CHECK_INT(lookup("auths", "registry.example.com:5000", &a, &err), CK_OK);
    CK_CHECK_STR(a.username, "alice");
    CK_CHECK_STR(a.password, "pa:ss"); /* split at the first colon only */
    CK_CHECK_STR(a.serveraddress, "registry.example.com:5000");
    CK_CHECK(a.identitytoken == NULL);
    CK_CHECK_INT(lookup("auths", CK_REGAUTH_DOCKER_HUB, &a, &err), CK_OK);
    CK_CHECK_STR(a.username, "hubuser");
    CK_CHECK_STR(a.password, "hubpass");
    /* an auths key with scheme and path matches by host */
    CK_CHECK_INT(lookup("auths", "token.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.identitytoken, "tok-123");
    CK_CHECK(a.username == NULL);
    ck_regauth_release(&a);

    CK_CHECK_INT(lookup("auths", "unknown.example.com", &a, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(lookup("auths", "bad.example.com", &a, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "bad.example.com") != NULL);
    CK_CHECK_INT(lookup("auths", "nopass.example.com", &a, &err), CK_ERR_PARSE);
    /* the message names the registry, never what was decoded */
    CK_CHECK(strstr(err.msg, "justuser") == NULL);
    CK_CHECK(a.username == NULL);
    CK_CHECK_INT(lookup("no-such-config", "registry.example.com:5000", &a, &err), CK_ERR_NOTFOUND);
}

static void test_cred_helpers(void)
{
    struct ck_regauth a;
    struct ck_err err;

    ck_regauth_init(&a);
    CK_CHECK_INT(lookup("auths", "helped.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.username, "bob");
    CK_CHECK_STR(a.password, "helper-secret");
    CK_CHECK(a.origin && strstr(a.origin, "docker-credential-cktest") != NULL);
    CK_CHECK_INT(lookup("auths", "tokened.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.identitytoken, "tok-from-helper");
    CK_CHECK(a.username == NULL);
    ck_regauth_release(&a);
    /* a helper answering nonsense, or missing: warned, then auths (none) */
    CK_CHECK_INT(lookup("auths", "garbage.example.com", &a, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(lookup("auths", "missing-helper.example.com", &a, &err), CK_ERR_NOTFOUND);
}

static void test_creds_store(void)
{
    struct ck_regauth a;
    struct ck_err err;

    ck_regauth_init(&a);
    CK_CHECK_INT(lookup("auths-store", "helped.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.username, "bob");
    /* the store has none: the auths entry ({}) has none either */
    CK_CHECK_INT(lookup("auths-store", "registry.example.com:5000", &a, &err), CK_ERR_NOTFOUND);
    /* the store has none: auths has some */
    CK_CHECK_INT(lookup("auths-store", "fallback.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.username, "carol");
    CK_CHECK_STR(a.password, "pw");
    ck_regauth_release(&a);
}

static void test_header_encoding(void)
{
    struct ck_regauth a;
    struct ck_err err;
    char *h = NULL;

    ck_regauth_init(&a);
    a.username = strdup("u?>");
    a.password = strdup("p~~~");
    a.serveraddress = strdup("s");
    CK_CHECK_INT(ck_regauth_header(&a, &h, &err), CK_OK);
    /* Python's base64.urlsafe_b64encode of the same JSON */
    CK_CHECK_STR(h, "eyJ1c2VybmFtZSI6InU_PiIsInBhc3N3b3JkIjoicH5-fiIsInNlcnZlcmFkZHJlc3MiOiJzIn0=");
    ck_regauth_free_secret(h);
    ck_regauth_release(&a);

    a.identitytoken = strdup("tok-123");
    a.serveraddress = strdup("https://token.example.com/v2/");
    CK_CHECK_INT(ck_regauth_header(&a, &h, &err), CK_OK);
    CK_CHECK_STR(h, "eyJpZGVudGl0eXRva2VuIjoidG9rLTEyMyIsInNlcnZlcmFkZHJlc3MiOiJodHRwczovL3Rva2VuLmV4YW1wbGUuY29tL3YyLyJ9");
    ck_regauth_free_secret(h);
    ck_regauth_release(&a);
}

static void test_header_for_image(void)
{
    struct ck_regauth_source src;
    struct ck_err err;
    struct ck_buf json;
    char *dir = cfg("auths"), *h = (char *)"unset";
    cJSON *doc;

    src.config_dir = dir;
    src.helper_dir = helper_dir;
    CK_CHECK_INT(ck_regauth_header_for_image(&src, "registry.example.com:5000/team/app:1", &h, &err), CK_OK);
    CK_REQUIRE(h != NULL);
    ck_buf_init(&json);
    CK_CHECK_INT(ck_base64_decode(&json, h, strlen(h)), CK_OK);
    doc = cJSON_Parse(ck_buf_str(&json));
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "username")), "alice");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "password")), "pa:ss");
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "serveraddress")), "registry.example.com:5000");
    cJSON_Delete(doc);
    ck_buf_release(&json);
    ck_regauth_free_secret(h);
    /* anonymous */
    h = (char *)"unset";
    CK_CHECK_INT(ck_regauth_header_for_image(&src, "quay.example.org/x/y", &h, &err), CK_OK);
    CK_CHECK(h == NULL);
    free(dir);
}

#ifdef _WIN32
static int write_credential(const wchar_t *target, const wchar_t *user, const char *secret)
{
    CREDENTIALW c;
    memset(&c, 0, sizeof c);
    c.Type = CRED_TYPE_GENERIC;
    c.TargetName = (wchar_t *)target;
    c.UserName = (wchar_t *)user;
    c.CredentialBlob = (BYTE *)secret;
    c.CredentialBlobSize = (DWORD)strlen(secret);
    c.Persist = CRED_PERSIST_LOCAL_MACHINE;
    return CredWriteW(&c, 0) ? 1 : 0;
}
#endif

/* credsStore "wincred": read straight from the Credential Manager on
 * Windows; elsewhere there is no such store and auths ({}) has nothing. */
static void test_wincred(void)
{
    struct ck_regauth a;
    struct ck_err err;

    ck_regauth_init(&a);
#ifdef _WIN32
    CK_REQUIRE(write_credential(L"ck-wincred.example.com", L"winuser", "win-secret"));
    CK_CHECK_INT(lookup("wincred", "ck-wincred.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.username, "winuser");
    CK_CHECK_STR(a.password, "win-secret");
    CK_CHECK_STR(a.origin, "Windows Credential Manager");
    CK_REQUIRE(write_credential(L"ck-wincred.example.com", L"<token>", "win-token"));
    CK_CHECK_INT(lookup("wincred", "ck-wincred.example.com", &a, &err), CK_OK);
    CK_CHECK_STR(a.identitytoken, "win-token");
    CredDeleteW(L"ck-wincred.example.com", CRED_TYPE_GENERIC, 0);
    CK_CHECK_INT(lookup("wincred", "ck-wincred.example.com", &a, &err), CK_ERR_NOTFOUND);
#else
    CK_CHECK_INT(lookup("wincred", "ck-wincred.example.com", &a, &err), CK_ERR_NOTFOUND);
#endif
    ck_regauth_release(&a);
}

static void test_base64(void)
{
    struct ck_buf b;
    static const struct {
        const char *plain, *std;
    } rfc4648[] = {/* RFC 4648 section 10 */
                   {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
                   {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    size_t i;

    ck_buf_init(&b);
    for (i = 0; i < sizeof rfc4648 / sizeof rfc4648[0]; i++) {
        ck_buf_reset(&b);
        CK_CHECK_INT(ck_base64_encode(&b, rfc4648[i].plain, strlen(rfc4648[i].plain), CK_BASE64_STD), CK_OK);
        CK_CHECK_STR(ck_buf_str(&b), rfc4648[i].std);
        ck_buf_reset(&b);
        CK_CHECK_INT(ck_base64_decode(&b, rfc4648[i].std, strlen(rfc4648[i].std)), CK_OK);
        CK_CHECK_STR(ck_buf_str(&b), rfc4648[i].plain);
    }
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_base64_encode(&b, "\xfb\xff", 2, CK_BASE64_URL), CK_OK);
    CK_CHECK_STR(ck_buf_str(&b), "-_8=");
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_base64_encode(&b, "\xfb\xff", 2, CK_BASE64_STD), CK_OK);
    CK_CHECK_STR(ck_buf_str(&b), "+/8=");
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_base64_decode(&b, "Zm9vYg", 6), CK_OK); /* unpadded */
    CK_CHECK_STR(ck_buf_str(&b), "foob");
    ck_buf_reset(&b);
    ck_buf_puts(&b, "keep");
    CK_CHECK_INT(ck_base64_decode(&b, "Zm9v*mFy", 8), CK_ERR_PARSE);
    CK_CHECK_STR(ck_buf_str(&b), "keep");
    CK_CHECK_INT(ck_base64_decode(&b, "Z", 1), CK_ERR_PARSE);
    CK_CHECK_INT(ck_base64_decode(&b, "Zm9=", 4), CK_OK);
    CK_CHECK_INT(ck_base64_decode(&b, "Zm=", 3), CK_ERR_PARSE);
    ck_buf_release(&b);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_regauth <fixtures folder> <folder of docker-credential-cktest>\n");
        return 2;
    }
    fixtures = argv[1];
    helper_dir = argv[2];
    CK_RUN(test_server_for_image);
    CK_RUN(test_auths);
    CK_RUN(test_cred_helpers);
    CK_RUN(test_creds_store);
    CK_RUN(test_header_encoding);
    CK_RUN(test_header_for_image);
    CK_RUN(test_wincred);
    CK_RUN(test_base64);
    return ck_test_summary();
}
