/* Holds a named mutex until its standard input ends, the way a running
 * program holds its single-instance mutex: for the installers' check that a
 * running ContainerKitty is noticed (tests/tools/check_installers.sh).
 *   hold_mutex.exe NAME     prints "held" once the mutex exists */
#include <windows.h>

#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    HANDLE m;
    char line[64];

    if (argc != 2) {
        fprintf(stderr, "usage: hold_mutex NAME\n");
        return 2;
    }
    m = CreateMutexW(NULL, TRUE, argv[1]);
    if (!m) {
        fprintf(stderr, "hold_mutex: CreateMutexW failed (%lu)\n", GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin)) {
    }
    CloseHandle(m);
    return 0;
}
