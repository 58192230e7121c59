/* Asking the person at the terminal for a secret (a token, a password)
 * without showing what they type. Implemented in prompt_posix.c (termios on
 * /dev/tty) and prompt_win32.c (the console's input mode on CONIN$). */
#ifndef CK_PROMPT_H
#define CK_PROMPT_H

/* Writes prompt on the terminal, reads one line with echo off and restores
 * the terminal. Returns the line without its end, malloc'd UTF-8 (wipe it,
 * then free it), or NULL when there is no terminal, on end of input or when
 * out of memory. At most 4095 bytes are kept. */
char *ck_prompt_secret(const char *prompt);

#endif
