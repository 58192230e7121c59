/* The log pane (see logpane.h). */
#include "win/logpane.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"

/* Past this many characters the oldest half is dropped. */
#define KEEP_CHARS (512 * 1024)

static HWND g_log;

HWND ck_logpane_create(HWND parent, int id)
{
    g_log = CreateWindowExW(0, WC_EDITW, L"",
                            WS_CHILD | WS_CLIPSIBLINGS | WS_TABSTOP | WS_VSCROLL | WS_HSCROLL | ES_MULTILINE | ES_READONLY |
                                ES_AUTOVSCROLL | ES_AUTOHSCROLL | ES_NOHIDESEL,
                            0, 0, 0, 0, parent, (HMENU)(INT_PTR)id, g_instance, NULL);
    if (g_log)
        SendMessageW(g_log, EM_SETLIMITTEXT, 0, 0);
    return g_log;
}

void ck_logpane_append(enum ck_log_level level, const char *text)
{
    size_t n = strlen(text);
    char *line = malloc(n + 3);
    wchar_t *w;
    int len;

    (void)level; /* the sink's line carries its [*] [$] [?] [!] [-] prefix */
    if (!line || !g_log) {
        free(line);
        return;
    }
    snprintf(line, n + 3, "%s\r\n", text);
    w = ck_utf8_to_wide(line);
    free(line);
    if (!w)
        return;
    len = GetWindowTextLengthW(g_log);
    if (len > KEEP_CHARS) {
        /* Drop the oldest half, at a line start. */
        int cut = (int)SendMessageW(g_log, EM_LINEINDEX,
                                    SendMessageW(g_log, EM_LINEFROMCHAR, (WPARAM)(len / 2), 0) + 1, 0);
        SendMessageW(g_log, EM_SETSEL, 0, cut > 0 ? cut : len / 2);
        SendMessageW(g_log, EM_REPLACESEL, FALSE, (LPARAM)L"");
        len = GetWindowTextLengthW(g_log);
    }
    SendMessageW(g_log, EM_SETSEL, (WPARAM)len, (LPARAM)len);
    SendMessageW(g_log, EM_REPLACESEL, FALSE, (LPARAM)w);
    free(w);
}

void ck_logpane_dump(FILE *f)
{
    char *text = g_log ? ck_gui_text(g_log) : NULL;
    const char *p;
    size_t lines = 0;
    if (text)
        for (p = text; *p; p++)
            lines += *p == '\n';
    fprintf(f, "[log] lines=%zu\n", lines);
    if (text)
        for (p = text; *p; p++)
            if (*p != '\r')
                fputc(*p, f);
    free(text);
}
