/* Application secrets in the Windows Credential Manager (see secret.h). */
#ifdef _WIN32
#include <windows.h>
#include <wincred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/secret.h"
#include "platform/win32_text.h"

enum ck_status ck_secret_write(const char *target, const char *user, const char *secret, struct ck_err *err)
{
    CREDENTIALW cred;
    wchar_t *wtarget = ck_utf8_to_wide(target), *wuser = ck_utf8_to_wide(user ? user : "");
    enum ck_status st = CK_OK;

    if (!wtarget || !wuser) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (strlen(secret) > CRED_MAX_CREDENTIAL_BLOB_SIZE) {
        st = ck_err_set(err, CK_ERR_LIMIT, "the secret for %s is longer than the Credential Manager keeps (%d bytes)",
                        target, CRED_MAX_CREDENTIAL_BLOB_SIZE);
        goto cleanup;
    }
    memset(&cred, 0, sizeof cred);
    cred.Type = CRED_TYPE_GENERIC;
    cred.TargetName = wtarget;
    cred.UserName = wuser;
    cred.CredentialBlob = (BYTE *)secret;
    cred.CredentialBlobSize = (DWORD)strlen(secret);
    cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
    if (!CredWriteW(&cred, 0))
        st = ck_err_set(err, CK_ERR_IO, "cannot write %s to the Windows Credential Manager (error %lu)", target,
                        (unsigned long)GetLastError());
cleanup:
    free(wtarget);
    free(wuser);
    return st;
}

enum ck_status ck_secret_delete(const char *target, struct ck_err *err)
{
    wchar_t *wtarget = ck_utf8_to_wide(target);
    enum ck_status st = CK_OK;

    if (!wtarget)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (!CredDeleteW(wtarget, CRED_TYPE_GENERIC, 0) && GetLastError() != ERROR_NOT_FOUND)
        st = ck_err_set(err, CK_ERR_IO, "cannot remove %s from the Windows Credential Manager (error %lu)", target,
                        (unsigned long)GetLastError());
    free(wtarget);
    return st;
}
#endif
