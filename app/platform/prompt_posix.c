/* POSIX side of prompt.h: the controlling terminal with ECHO cleared. */
#ifndef _WIN32

#include "platform/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#define LINE_MAX_BYTES 4096

char *ck_prompt_secret(const char *prompt)
{
    FILE *tty = fopen("/dev/tty", "r+");
    struct termios saved, quiet;
    char *line = NULL;
    int restore = 0;
    size_t n;

    if (!tty)
        return NULL;
    if (tcgetattr(fileno(tty), &saved) == 0) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        restore = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
    }
    fputs(prompt, tty);
    fflush(tty);
    line = malloc(LINE_MAX_BYTES);
    if (line && !fgets(line, LINE_MAX_BYTES, tty)) {
        free(line);
        line = NULL;
    }
    if (restore)
        tcsetattr(fileno(tty), TCSAFLUSH, &saved);
    fputc('\n', tty); /* the Enter that was not echoed */
    fclose(tty);
    if (line) {
        n = strcspn(line, "\r\n");
        line[n] = '\0';
    }
    return line;
}

#endif
