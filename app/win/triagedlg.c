/* The Triage dialog: one decision for one or many selected findings, with
 * the history of the first one's vulnerability below (see dialogs.h). */
#include "win/dialogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "platform/win32_text.h"
#include "resource.h"
#include "util/buf.h"
#include "util/text.h"
#include "view/cells.h"
#include "win/findingsview.h"
#include "win/settings.h"

struct triage_dlg {
    struct ck_triage_picks *picks;
    const char *repository, *tag; /* the image shown */
    int recorded;                 /* decisions stored */
};

/* VEX's justifications as people read them, in enum order from
 * CK_JUSTIFICATION_COMPONENT_NOT_PRESENT. */
static const wchar_t *const justification_labels[CK_JUSTIFICATION_COUNT] = {
    L"(none)",
    L"The component is not present",
    L"The vulnerable code is not present",
    L"The vulnerable code is not in the execute path",
    L"The vulnerable code cannot be controlled by an adversary",
    L"Inline mitigations already exist",
};

static struct ck_decision *first(const struct triage_dlg *t)
{
    return &t->picks->decisions.items[0];
}

static void describe(HWND dlg, const struct triage_dlg *t)
{
    const struct ck_decision *d = first(t);
    const char *pkg = t->picks->packages[0];
    char text[400];
    size_t n = t->picks->decisions.count;

    if (n == 1)
        snprintf(text, sizeof text, "%s in %s, in %s%s%s", d->vuln_id, pkg ? pkg : "(a package)", t->repository,
                 t->tag && *t->tag ? ":" : "", t->tag ? t->tag : "");
    else
        snprintf(text, sizeof text, "%zu findings of %s%s%s, from %s in %s", n, t->repository,
                 t->tag && *t->tag ? ":" : "", t->tag ? t->tag : "", d->vuln_id, pkg ? pkg : "(a package)");
    ck_dlg_set_text(dlg, IDC_TR_WHAT, text);
}

static void fill_state(HWND dlg, const struct ck_decision *d)
{
    HWND state = GetDlgItem(dlg, IDC_TR_STATE), just = GetDlgItem(dlg, IDC_TR_JUSTIFICATION);
    int i;

    for (i = 0; i < CK_DECISION_STATE_COUNT; i++) {
        wchar_t *w = ck_utf8_to_wide(ck_cell_state_label((enum ck_decision_state)i));
        SendMessageW(state, CB_ADDSTRING, 0, (LPARAM)(w ? w : L"?"));
        free(w);
    }
    SendMessageW(state, CB_SETCURSEL, (WPARAM)d->state, 0);
    for (i = 0; i < CK_JUSTIFICATION_COUNT; i++)
        SendMessageW(just, CB_ADDSTRING, 0, (LPARAM)justification_labels[i]);
    SendMessageW(just, CB_SETCURSEL, (WPARAM)d->justification, 0);
}

/* The justification counts for "not affected" only. */
static void enable_justification(HWND dlg)
{
    LRESULT s = SendDlgItemMessageW(dlg, IDC_TR_STATE, CB_GETCURSEL, 0, 0);
    EnableWindow(GetDlgItem(dlg, IDC_TR_JUSTIFICATION), s == CK_DECISION_NOT_AFFECTED);
}

static void set_expires(HWND dlg, int32_t days)
{
    SYSTEMTIME st;
    char text[16];
    int y = 0, m = 0, d = 0;

    memset(&st, 0, sizeof st);
    if (days == CK_DATE_NONE) {
        DateTime_SetSystemtime(GetDlgItem(dlg, IDC_TR_EXPIRES), GDT_NONE, &st);
        return;
    }
    ck_date_format(days, text, sizeof text);
    sscanf(text, "%d-%d-%d", &y, &m, &d);
    st.wYear = (WORD)y;
    st.wMonth = (WORD)m;
    st.wDay = (WORD)d;
    DateTime_SetSystemtime(GetDlgItem(dlg, IDC_TR_EXPIRES), GDT_VALID, &st);
}

static int32_t get_expires(HWND dlg)
{
    SYSTEMTIME st;
    char text[16];
    int32_t days;

    if (DateTime_GetSystemtime(GetDlgItem(dlg, IDC_TR_EXPIRES), &st) != GDT_VALID)
        return CK_DATE_NONE;
    snprintf(text, sizeof text, "%04u-%02u-%02u", st.wYear, st.wMonth, st.wDay);
    return ck_date_parse(text, &days) == 0 ? days : CK_DATE_NONE;
}

/* One line of the history: when, who, what, where, until, owner, note. */
static void history_line(struct ck_buf *b, const struct ck_decision *d)
{
    char when[CK_CELL_MAX], day[16];

    ck_cell_time(d->decided_at, when, sizeof when);
    ck_buf_printf(b, "%s  %s: %s", when, d->decided_by ? d->decided_by : "?", ck_cell_state_label(d->state));
    if (d->justification)
        ck_buf_printf(b, " (%s)", ck_justification_str(d->justification));
    if (d->package)
        ck_buf_printf(b, ", in %s", d->package);
    if (d->scope == CK_SCOPE_ALL)
        ck_buf_printf(b, ", every image");
    else if (d->scope == CK_SCOPE_REPOSITORY)
        ck_buf_printf(b, ", every tag of %s", d->repository ? d->repository : "");
    else
        ck_buf_printf(b, ", %s%s%s", d->repository ? d->repository : "", d->tag && *d->tag ? ":" : "",
                      d->tag ? d->tag : "");
    if (d->expires != CK_DATE_NONE) {
        ck_date_format(d->expires, day, sizeof day);
        ck_buf_printf(b, ", until %s", day);
    }
    if (d->owner && *d->owner)
        ck_buf_printf(b, ", owner %s", d->owner);
    if (d->note && *d->note)
        ck_buf_printf(b, ": %s", d->note);
    ck_buf_printf(b, "\r\n");
}

/* Every decision on the first finding's vulnerability, newest first. */
static void fill_history(HWND dlg, const struct triage_dlg *t)
{
    char *path = ck_history_default_path();
    struct ck_history *h = NULL;
    struct ck_decisions list;
    struct ck_err err;
    struct ck_buf b;
    size_t i;

    ck_decisions_init(&list);
    ck_buf_init(&b);
    if (path && ck_history_open(path, &h, &err) == CK_OK && ck_decisions_history(h, first(t)->vuln_id, &list, &err) == CK_OK) {
        for (i = list.count; i-- > 0;)
            history_line(&b, &list.items[i]);
        if (!list.count)
            ck_buf_printf(&b, "No decision on %s yet.", first(t)->vuln_id);
    } else {
        ck_buf_printf(&b, "The history could not be read.");
    }
    ck_dlg_set_text(dlg, IDC_TR_HISTORY, b.data ? b.data : "");
    ck_buf_release(&b);
    ck_decisions_release(&list);
    ck_history_close(h);
    free(path);
}

static void fill(HWND dlg, struct triage_dlg *t)
{
    const struct ck_decision *d = first(t);
    const char *owner = d->owner && *d->owner ? d->owner : g_settings.triage_owner;

    describe(dlg, t);
    fill_state(dlg, d);
    enable_justification(dlg);
    CheckRadioButton(dlg, IDC_TR_SCOPE_IMAGE, IDC_TR_SCOPE_ALL,
                     d->scope == CK_SCOPE_ALL ? IDC_TR_SCOPE_ALL
                     : d->scope == CK_SCOPE_REPOSITORY ? IDC_TR_SCOPE_REPOSITORY
                                                       : IDC_TR_SCOPE_IMAGE);
    CheckDlgButton(dlg, IDC_TR_PACKAGE_ONLY, d->package ? BST_CHECKED : BST_UNCHECKED);
    ck_dlg_set_text(dlg, IDC_TR_OWNER, owner ? owner : "");
    set_expires(dlg, d->expires);
    ck_dlg_set_text(dlg, IDC_TR_NOTE, d->note ? d->note : "");
    fill_history(dlg, t);
}

/* What the dialog says, applied to one pick (strings borrowed from the
 * dialog's copies and the picks). */
struct form {
    enum ck_decision_state state;
    enum ck_justification justification;
    enum ck_decision_scope scope;
    int package_only;
    char *owner, *note;
    int32_t expires;
};

static void read_form(HWND dlg, struct form *f)
{
    LRESULT j = SendDlgItemMessageW(dlg, IDC_TR_JUSTIFICATION, CB_GETCURSEL, 0, 0);

    f->state = (enum ck_decision_state)SendDlgItemMessageW(dlg, IDC_TR_STATE, CB_GETCURSEL, 0, 0);
    f->justification = f->state == CK_DECISION_NOT_AFFECTED && j > 0 ? (enum ck_justification)j
                                                                       : CK_JUSTIFICATION_NONE;
    f->scope = IsDlgButtonChecked(dlg, IDC_TR_SCOPE_ALL)          ? CK_SCOPE_ALL
               : IsDlgButtonChecked(dlg, IDC_TR_SCOPE_REPOSITORY) ? CK_SCOPE_REPOSITORY
                                                                  : CK_SCOPE_IMAGE;
    f->package_only = IsDlgButtonChecked(dlg, IDC_TR_PACKAGE_ONLY) == BST_CHECKED;
    f->owner = ck_dlg_text(dlg, IDC_TR_OWNER);
    f->note = ck_dlg_text(dlg, IDC_TR_NOTE);
    f->expires = get_expires(dlg);
}

/* The decision for pick k as the form says; its key as the form says. */
static struct ck_decision decided(const struct triage_dlg *t, size_t k, const struct form *f)
{
    struct ck_decision d = t->picks->decisions.items[k];
    d.id = 0;
    d.decided_by = NULL;
    d.decided_at = 0;
    d.state = f->state;
    d.justification = f->justification;
    d.owner = f->owner && *f->owner ? f->owner : NULL;
    d.note = f->note && *f->note ? f->note : NULL;
    d.expires = f->expires;
    d.package = f->package_only ? t->picks->packages[k] : NULL;
    d.scope = f->scope;
    d.repository = f->scope == CK_SCOPE_ALL ? NULL : (char *)t->repository;
    d.tag = f->scope == CK_SCOPE_IMAGE ? (char *)t->tag : NULL;
    return d;
}

static int same_key(const struct ck_decision *a, const struct ck_decision *b)
{
    return a->scope == b->scope && !strcmp(a->package ? a->package : "", b->package ? b->package : "") &&
           !strcmp(a->repository ? a->repository : "", b->repository ? b->repository : "") &&
           !strcmp(a->tag ? a->tag : "", b->tag ? b->tag : "");
}

/* The decisions to store: each pick's, and where the pick's decision had
 * another key (a narrower one would still win over the new one), that key
 * again with the new state. FALSE, having said why, when one fails. */
static BOOL build(HWND dlg, const struct triage_dlg *t, const struct form *f, struct ck_decisions *out)
{
    int32_t today = ck_date_of_time(ck_time_now());
    struct ck_err err;
    size_t k;

    for (k = 0; k < t->picks->decisions.count; k++) {
        const struct ck_decision *was = &t->picks->decisions.items[k];
        struct ck_decision d = decided(t, k, f), again;
        if (ck_decision_check(&d, today, &err) != CK_OK) {
            ck_gui_message(dlg, MB_ICONWARNING, "This decision cannot be recorded:\n\n%s", err.msg);
            return FALSE;
        }
        if (ck_decisions_push_copy(out, &d) != CK_OK)
            return FALSE;
        if (was->id && !same_key(was, &d)) {
            again = d;
            again.package = was->package;
            again.scope = was->scope;
            again.repository = was->repository;
            again.tag = was->tag;
            if (ck_decisions_push_copy(out, &again) != CK_OK)
                return FALSE;
        }
    }
    return TRUE;
}

static BOOL store(HWND dlg, struct ck_decisions *list)
{
    char *path = ck_history_default_path();
    struct ck_history *h = NULL;
    struct ck_err err;
    enum ck_status st = path ? ck_history_open(path, &h, &err) : ck_err_set(&err, CK_ERR_NOTFOUND, "no history");

    if (st == CK_OK)
        st = ck_decisions_add_all(h, list, &err);
    ck_history_close(h);
    free(path);
    if (st != CK_OK)
        ck_gui_message(dlg, MB_ICONWARNING, "The decision was not recorded.\n\n%s", err.msg);
    return st == CK_OK;
}

static BOOL take(HWND dlg, struct triage_dlg *t)
{
    struct form f;
    struct ck_decisions list;
    BOOL ok;

    read_form(dlg, &f);
    ck_decisions_init(&list);
    ok = build(dlg, t, &f, &list) && store(dlg, &list);
    if (ok) {
        t->recorded = (int)list.count;
        if (f.owner && *f.owner)
            ck_settings_set(&g_settings.triage_owner, f.owner);
        ck_log(CK_LOG_SUCCESS, "recorded %zu triage decision%s: %s is %s", list.count, list.count == 1 ? "" : "s",
               first(t)->vuln_id, ck_decision_state_str(f.state));
    }
    ck_decisions_release(&list);
    free(f.owner);
    free(f.note);
    return ok;
}

static INT_PTR CALLBACK triage_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    struct triage_dlg *t = (struct triage_dlg *)GetWindowLongPtrW(dlg, DWLP_USER);

    switch (msg) {
    case WM_INITDIALOG:
        SetWindowLongPtrW(dlg, DWLP_USER, lp);
        fill(dlg, (struct triage_dlg *)lp);
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDC_TR_STATE && HIWORD(wp) == CBN_SELCHANGE) {
            enable_justification(dlg);
            return TRUE;
        }
        if (LOWORD(wp) == IDOK) {
            if (take(dlg, t))
                EndDialog(dlg, IDOK);
            return TRUE;
        }
        if (LOWORD(wp) == IDCANCEL) {
            EndDialog(dlg, IDCANCEL);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

int ck_triage_dialog(HWND owner, struct ck_triage_picks *picks, const char *repository, const char *tag)
{
    struct triage_dlg t;

    if (!picks->decisions.count)
        return 0;
    memset(&t, 0, sizeof t);
    t.picks = picks;
    t.repository = repository;
    t.tag = tag;
    if (DialogBoxParamW(g_instance, MAKEINTRESOURCEW(IDD_TRIAGE), owner, triage_proc, (LPARAM)&t) != IDOK)
        return 0;
    return t.recorded;
}
