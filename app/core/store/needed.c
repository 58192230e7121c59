/* The ecosystems the history's images need (needed.h). */
#include "store/needed.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "inventory/inventory.h"
#include "store/history_internal.h"
#include "util/array.h"
#include "util/text.h"

/* The latest successful scan of ours per image, then its OS ecosystem and
 * its application packages' ecosystems (type 3: CK_PKG_LANG), each image
 * counted once per ecosystem. */
static const char needed_sql[] =
    "WITH latest AS (SELECT s.id, s.image_id, s.ecosystem FROM scans s"
    "   WHERE s.ok = 1 AND s.engine = 'containerkitty' AND s.id = (SELECT t.id FROM scans t"
    "     WHERE t.image_id = s.image_id AND t.ok = 1 AND t.engine = 'containerkitty'"
    "     ORDER BY t.started_at DESC, t.id DESC LIMIT 1)),"
    " needs AS (SELECT image_id, ecosystem AS name FROM latest WHERE ecosystem IS NOT NULL AND ecosystem <> ''"
    "   UNION SELECT l.image_id, p.ecosystem FROM latest l JOIN packages p ON p.scan_id = l.id"
    "   WHERE p.type = 3 AND p.ecosystem IS NOT NULL AND p.ecosystem <> '')"
    " SELECT name, COUNT(DISTINCT image_id) FROM needs GROUP BY name ORDER BY name";
_Static_assert(CK_PKG_LANG == 3, "packages.type 3 in needed_sql is an application package");

void ck_needed_ecosystems_free(struct ck_needed_ecosystem *list, size_t count)
{
    size_t i;
    for (i = 0; list && i < count; i++)
        free(list[i].name);
    free(list);
}

enum ck_status ck_history_needed_ecosystems(struct ck_history *h, struct ck_needed_ecosystem **list, size_t *count,
                                            struct ck_err *err)
{
    struct ck_needed_ecosystem *items = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    enum ck_status rc;
    int step;

    if (!h || !list || !count)
        return ck_err_set(err, CK_ERR_ARG, "ck_history_needed_ecosystems: no history");
    if ((rc = ck_hist_prepare(h, needed_sql, &st, err)) != CK_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char *name = ck_hist_column_dup(st, 0);
        if (!name || CK_ARRAY_GROW(items, n, cap) != CK_OK) {
            free(name);
            break;
        }
        items[n].name = name;
        items[n].images = (size_t)sqlite3_column_int64(st, 1);
        n++;
    }
    if (step == SQLITE_ROW)
        rc = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    else if (step != SQLITE_DONE)
        rc = ck_hist_fail(h, err, "needed ecosystems");
    sqlite3_finalize(st);
    if (rc != CK_OK) {
        ck_needed_ecosystems_free(items, n);
        return rc;
    }
    *list = items;
    *count = n;
    return CK_OK;
}
