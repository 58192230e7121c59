/* The main window's status bar: a message, the engine, the vulnerability
 * data, and a progress bar in the last part (see mainwnd.h). */
#include "win/mainwnd.h"

#include <stdarg.h>
#include <stdlib.h>

#include "platform/win32_text.h"

/* What each part says, kept for the automation file and the log. */
static char g_text[PART_COUNT][512];

void ck_mainwnd_status(int part, const char *fmt, ...)
{
    va_list ap;
    wchar_t *w;
    va_start(ap, fmt);
    vsnprintf(g_text[part], sizeof g_text[part], fmt, ap);
    va_end(ap);
    w = ck_utf8_to_wide(g_text[part]);
    SendMessageW(g_main.status, SB_SETTEXTW, (WPARAM)part, (LPARAM)(w ? w : L""));
    free(w);
    ck_mainwnd_schedule_automation();
}

const char *ck_mainwnd_status_text(int part)
{
    return g_text[part];
}

void ck_mainwnd_layout_status(void)
{
    RECT rc;
    int parts[PART_COUNT], w, dpi = g_main.dpi;
    GetClientRect(g_main.hwnd, &rc);
    w = rc.right;
    parts[PART_PROGRESS] = -1;
    /* Right edges: progress 150 wide, data and engine 230 each, the
     * message takes the rest. */
    parts[PART_DATA] = w - ck_dpi_scale(150, dpi);
    parts[PART_ENGINE] = parts[PART_DATA] - ck_dpi_scale(230, dpi);
    parts[PART_MESSAGE] = parts[PART_ENGINE] - ck_dpi_scale(230, dpi);
    if (parts[PART_MESSAGE] < ck_dpi_scale(200, dpi))
        parts[PART_MESSAGE] = ck_dpi_scale(200, dpi);
    SendMessageW(g_main.status, SB_SETPARTS, PART_COUNT, (LPARAM)parts);
    SendMessageW(g_main.status, SB_GETRECT, PART_PROGRESS, (LPARAM)&rc);
    InflateRect(&rc, -ck_dpi_scale(3, dpi), -ck_dpi_scale(3, dpi));
    rc.right -= ck_dpi_scale(16, dpi); /* the size grip */
    MoveWindow(g_main.progress, rc.left, rc.top, rc.right - rc.left, rc.bottom - rc.top, TRUE);
}

static void hide_progress(void)
{
    ShowWindow(g_main.progress, SW_HIDE);
    SendMessageW(g_main.progress, PBM_SETMARQUEE, FALSE, 0);
}

/* Switches the bar between a marquee and a bar that fills. */
static void set_marquee_style(BOOL on)
{
    LONG_PTR style = GetWindowLongPtrW(g_main.progress, GWL_STYLE);
    if (on && !(style & PBS_MARQUEE))
        SetWindowLongPtrW(g_main.progress, GWL_STYLE, style | PBS_MARQUEE);
    else if (!on && (style & PBS_MARQUEE)) {
        SendMessageW(g_main.progress, PBM_SETMARQUEE, FALSE, 0);
        SetWindowLongPtrW(g_main.progress, GWL_STYLE, style & ~PBS_MARQUEE);
    }
}

void ck_mainwnd_progress(long long done, long long total)
{
    if (total < 0) {
        hide_progress();
        return;
    }
    set_marquee_style(total == 0);
    if (total == 0) {
        SendMessageW(g_main.progress, PBM_SETMARQUEE, TRUE, 40);
    } else {
        SendMessageW(g_main.progress, PBM_SETRANGE32, 0, 1000);
        SendMessageW(g_main.progress, PBM_SETPOS, (WPARAM)(done * 1000 / total), 0);
    }
    ShowWindow(g_main.progress, SW_SHOW);
}
