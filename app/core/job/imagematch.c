/* An inventory matched against the data: see imagematch.h. */
#include "job/imagematch.h"

#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "util/buf.h"
#include "vuln/match.h"

void ck_image_match_init(struct ck_image_match *m)
{
    memset(m, 0, sizeof *m);
    ck_history_findings_init(&m->findings);
    ck_assessment_init(&m->assessment);
    m->data_age = -1;
}

void ck_image_match_release(struct ck_image_match *m)
{
    ck_history_findings_release(&m->findings);
    ck_assessment_release(&m->assessment);
    free(m->not_assessed);
    ck_image_match_init(m);
}

/* The matcher's findings in the history's shape (the history keeps one
 * reference string; the matcher keeps the record's list). */
static enum ck_status keep_finding(struct ck_history_findings *out, const struct ck_finding *m)
{
    struct ck_history_finding h;
    struct ck_buf refs, locations;
    enum ck_status rc;
    size_t i;

    ck_buf_init(&refs);
    ck_buf_init(&locations);
    for (i = 0; i < m->reference_count; i++)
        ck_buf_printf(&refs, "%s%s", i ? "\n" : "", m->references[i]);
    memset(&h, 0, sizeof h);
    h.record_id = m->vuln_id;
    h.cve = m->cve;
    h.package = m->package;
    h.source_name = m->source_package;
    h.installed = m->installed_version;
    h.fixed = m->fixed_version;
    h.severity = m->severity;
    h.cvss_score = m->cvss_score;
    h.cvss_vector = m->cvss_vector;
    h.title = m->title;
    h.description = m->description;
    h.refs = refs.len ? refs.data : NULL;
    h.ecosystem = m->ecosystem;
    h.kind = (int)m->kind;
    for (i = 0; i < m->location_count; i++)
        ck_buf_printf(&locations, "%s%s", i ? "\n" : "", m->locations[i]);
    h.locations = locations.len ? locations.data : NULL;
    if (ck_buf_status(&refs) != CK_OK || ck_buf_status(&locations) != CK_OK) {
        ck_buf_release(&refs);
        ck_buf_release(&locations);
        return CK_ERR_NOMEM;
    }
    rc = ck_history_findings_add(out, &h);
    ck_buf_release(&refs);
    ck_buf_release(&locations);
    return rc;
}

enum ck_status ck_image_match_run(struct ck_vulndb *db, const struct ck_inventory *inv, struct ck_image_match *m,
                                  struct ck_err *err)
{
    struct ck_findings found;
    int64_t updated = ck_vulndb_updated_at(db, inv->os.ecosystem);
    enum ck_status rc;
    size_t i;

    m->data_age = updated > 0 ? ck_time_now() - updated : -1;
    ck_findings_init(&found);
    if ((rc = ck_match_inventory(db, inv, &found, err)) != CK_OK)
        return rc;
    for (i = 0; i < found.count && rc == CK_OK; i++)
        rc = keep_finding(&m->findings, &found.items[i]);
    ck_findings_release(&found);
    if (rc != CK_OK)
        return ck_err_set(err, rc, "out of memory");
    if ((rc = ck_assess(db, inv, &m->assessment, err)) != CK_OK || ck_assessment_complete(&m->assessment))
        return rc;
    return (m->not_assessed = ck_assessment_text(&m->assessment)) ? CK_OK : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
}
