/* The automation file (see automation.h). */
#include "automation.h"

#include <stdlib.h>
#include <wchar.h>

#include "findingsview.h"
#include "historyview.h"
#include "imagesview.h"
#include "infobar.h"
#include "logpane.h"

void ck_automation_write(const wchar_t *path, const char *app)
{
    size_t n = wcslen(path) + 8;
    wchar_t *tmp = malloc(n * sizeof *tmp);
    FILE *f;

    if (!tmp)
        return;
    swprintf(tmp, n, L"%ls.tmp", path);
    f = _wfopen(tmp, L"wb");
    if (!f) {
        free(tmp);
        return;
    }
    fputs(app, f);
    ck_infobar_dump(f);
    ck_imagesview_dump(f);
    ck_findingsview_dump(f);
    ck_historyview_dump(f);
    ck_logpane_dump(f);
    fputs("[end]\n", f);
    if (fclose(f) == 0)
        MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING);
    else
        DeleteFileW(tmp);
    free(tmp);
}
