/* The detail pane of the findings panel (see findingdetail.h). */
#include "win/findingdetail.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"
#include "util/buf.h"
#include "view/cells.h"
#include "vuln/severity.h"

static HWND g_pane;
static int g_rich; /* the pane is a rich edit (links, bold) */

static HWND create_edit(HWND parent, int id, const wchar_t *cls, DWORD style)
{
    return CreateWindowExW(WS_EX_CLIENTEDGE, cls, L"",
                           WS_CHILD | WS_VISIBLE | WS_TABSTOP | WS_VSCROLL | ES_MULTILINE | ES_READONLY |
                               ES_AUTOVSCROLL | style,
                           0, 0, 0, 0, parent, (HMENU)(INT_PTR)id, g_instance, NULL);
}

HWND ck_findingdetail_create(HWND parent, int id)
{
    g_pane = NULL;
    g_rich = 0;
    if (LoadLibraryW(L"Msftedit.dll")) {
        g_pane = create_edit(parent, id, MSFTEDIT_CLASS, ES_NOHIDESEL);
        g_rich = g_pane != NULL;
    }
    if (!g_pane)
        g_pane = create_edit(parent, id, WC_EDITW, 0);
    if (g_pane && g_rich) {
        SendMessageW(g_pane, EM_AUTOURLDETECT, TRUE, 0);
        SendMessageW(g_pane, EM_SETEVENTMASK, 0, ENM_LINK);
        /* the window colour as it is now and after a change of theme or contrast */
        SendMessageW(g_pane, EM_SETBKGNDCOLOR, TRUE, 0);
    }
    return g_pane;
}

/* The pane's text; with bold_first_line, its first line in bold. */
static void set_text(const char *text, BOOL bold_first_line)
{
    wchar_t *w = ck_utf8_to_wide(text);
    SetWindowTextW(g_pane, w ? w : L"");
    if (g_rich && bold_first_line) {
        CHARFORMAT2W cf;
        wchar_t *nl = w ? wcschr(w, L'\r') : NULL;
        memset(&cf, 0, sizeof cf);
        cf.cbSize = sizeof cf;
        cf.dwMask = CFM_BOLD;
        cf.dwEffects = CFE_BOLD;
        SendMessageW(g_pane, EM_SETSEL, 0, nl ? (LPARAM)(nl - w) : 0);
        SendMessageW(g_pane, EM_SETCHARFORMAT, SCF_SELECTION, (LPARAM)&cf);
        SendMessageW(g_pane, EM_SETSEL, 0, 0);
    }
    free(w);
}

void ck_findingdetail_say(const char *text)
{
    set_text(text, FALSE);
}

static void field(struct ck_buf *b, const char *name, const char *value)
{
    if (value && *value)
        ck_buf_printf(b, "%s: %s\r\n", name, value);
}

/* text with its line breaks as the edit control wants them (CR LF). */
static void put_lines(struct ck_buf *b, const char *text)
{
    const char *p;
    for (p = text; *p; p++) {
        if (*p == '\n' && (p == text || p[-1] != '\r'))
            ck_buf_putc(b, '\r');
        ck_buf_putc(b, *p);
    }
}

/* "ID: ...", "Severity: ...", one line each. */
static void put_fields(struct ck_buf *b, const struct ck_history_finding *f, const char *change)
{
    char cell[CK_CELL_MAX];
    field(b, "ID", f->record_id);
    if (f->kind == 1)
        field(b, "Kind", "malicious package: the package itself is malware; remove it");
    if (f->cve && strcmp(f->cve, f->record_id))
        field(b, "CVE", f->cve);
    field(b, "Severity", ck_severity_str(f->severity));
    field(b, "Ecosystem", f->ecosystem);
    if (f->cvss_score >= 0) {
        ck_cell_score(f->cvss_score, cell, sizeof cell);
        ck_buf_printf(b, "CVSS: %s%s%s\r\n", cell, f->cvss_vector ? "  " : "", f->cvss_vector ? f->cvss_vector : "");
    }
    if (f->source_name && f->package && strcmp(f->source_name, f->package))
        ck_buf_printf(b, "Package: %s (source %s)\r\n", f->package, f->source_name);
    else
        field(b, "Package", f->package);
    field(b, "Installed", f->installed);
    field(b, "Fixed in", f->fixed && *f->fixed ? f->fixed : "no fix yet");
    field(b, "First seen", ck_cell_time(f->first_seen, cell, sizeof cell));
    if (change)
        field(b, "Change", change);
}

void ck_findingdetail_show(const struct ck_history_finding *f, const char *change)
{
    struct ck_buf b;

    ck_buf_init(&b);
    ck_buf_printf(&b, "%s\r\n\r\n", f->title && *f->title ? f->title : f->record_id);
    put_fields(&b, f, change);
    if (f->description && *f->description) {
        ck_buf_puts(&b, "\r\n");
        put_lines(&b, f->description);
        ck_buf_puts(&b, "\r\n");
    }
    if (f->locations && *f->locations) {
        ck_buf_puts(&b, "\r\nFound at:\r\n");
        put_lines(&b, f->locations);
        ck_buf_puts(&b, "\r\n");
    }
    if (f->refs && *f->refs) {
        ck_buf_puts(&b, "\r\nReferences:\r\n");
        put_lines(&b, f->refs);
    }
    /* out of memory: say so rather than show a detail cut short */
    set_text(ck_buf_status(&b) == CK_OK ? ck_buf_str(&b) : "(not enough memory to show this finding)", TRUE);
    ck_buf_release(&b);
}

LRESULT ck_findingdetail_link(const ENLINK *link)
{
    wchar_t *url;
    TEXTRANGEW tr;
    LONG n = link->chrg.cpMax - link->chrg.cpMin;

    if (link->msg != WM_LBUTTONUP || n <= 0 || n > 4096)
        return 0;
    url = calloc((size_t)n + 1, sizeof *url);
    if (!url)
        return 0;
    tr.chrg = link->chrg;
    tr.lpstrText = url;
    SendMessageW(g_pane, EM_GETTEXTRANGE, 0, (LPARAM)&tr);
    ck_gui_open_url(GetAncestor(g_pane, GA_ROOT), url);
    free(url);
    return 1;
}
