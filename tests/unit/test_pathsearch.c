/* Tests of the search of PATH for a program (ck_process_search_path): the
 * folders in order, the extensions in order, quoted Windows entries, and
 * what is never searched: relative entries (the current folder) and names
 * that hold a folder. The file system is a list of paths made here. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/process.h"

static const char *const *files;

static int exists(const char *path)
{
    size_t i;
    for (i = 0; files[i]; i++)
        if (!strcmp(files[i], path))
            return 1;
    return 0;
}

static void expect(const char *path_env, char sep, const char *name, const char *want)
{
    static const char *const exe[] = {".exe", "", NULL}, *const plain[] = {"", NULL};
    char *got = ck_process_search_path(path_env, sep, name, sep == ';' ? exe : plain, exists);
    if (want)
        CK_CHECK_STR(got, want);
    else
        CK_CHECK(got == NULL);
    free(got);
}

static void test_windows(void)
{
    static const char *const fs[] = {"C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker-credential-desktop.exe",
                                     ".\\docker-credential-desktop.exe", "docker-credential-desktop.exe",
                                     "C:\\tools\\docker-credential-pass", "C:\\tools\\docker-credential-wincred.exe",
                                     "\\\\server\\bin\\docker-credential-ecr-login.exe", NULL};
    files = fs;
    expect(".;C:\\Program Files\\Docker\\Docker\\resources\\bin", ';', "docker-credential-desktop",
           "C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker-credential-desktop.exe");
    expect(";bin;.", ';', "docker-credential-desktop", NULL); /* relative entries only */
    expect("\"C:\\Program Files\\Docker\\Docker\\resources\\bin\"", ';', "docker-credential-desktop",
           "C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker-credential-desktop.exe");
    expect("C:\\tools\\", ';', "docker-credential-wincred", "C:\\tools\\docker-credential-wincred.exe");
    expect("C:\\tools", ';', "docker-credential-pass", "C:\\tools\\docker-credential-pass");
    expect("\\\\server\\bin", ';', "docker-credential-ecr-login", "\\\\server\\bin\\docker-credential-ecr-login.exe");
    expect("C:\\tools", ';', "..\\tools\\docker-credential-pass", NULL);
    expect("C:\\tools", ';', "C:docker-credential-pass", NULL);
    expect("C:\\tools", ';', "", NULL);
    expect(NULL, ';', "docker-credential-pass", NULL);
}

static void test_posix(void)
{
    static const char *const fs[] = {"/usr/bin/docker-credential-pass", "/home/u/bin/docker-credential-pass",
                                     "docker-credential-pass", NULL};
    files = fs;
    expect("/home/u/bin:/usr/bin", ':', "docker-credential-pass", "/home/u/bin/docker-credential-pass");
    expect("::.:/usr/bin", ':', "docker-credential-pass", "/usr/bin/docker-credential-pass");
    expect("/usr/bin/", ':', "docker-credential-pass", "/usr/bin/docker-credential-pass");
    expect("/usr/bin", ':', "docker-credential-missing", NULL);
    expect("/usr/bin", ':', "../bin/docker-credential-pass", NULL);
}

int main(void)
{
    CK_RUN(test_windows);
    CK_RUN(test_posix);
    return ck_test_summary();
}
