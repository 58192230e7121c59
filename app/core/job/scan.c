/* One image scan: inventory -> match -> store -> JSON result. */
#include "job/scan.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/endpoint.h"
#include "docker/engine.h"
#include "inventory/container.h"
#include "inventory/inventory.h"
#include "inventory/sbom.h"
#include "job/imagematch.h"
#include "job/pull.h"
#include "store/decisions.h"
#include "docker/imageref.h"
#include "util/buf.h"
#include "util/json.h"
#include "vuln/assessment.h"
#include "vuln/finding.h"
#include "vuln/exploitdb.h"
#include "util/text.h"
#include "vuln/vulndb.h"
#include "report/summary.h"

#define MAX_LAYERS 128

struct ck_scanner {
    const struct ck_job_options *opts;
    struct ck_scan_hooks hooks;
    struct ck_history *history;
    struct ck_vulndb *vulndb;
    struct ck_engine engine;
    ck_atomic_flag engine_ready; /* read by ck_scanner_interrupt from the job's thread */
    int engine_failed; /* the endpoint could not even be chosen */
    struct ck_err engine_err;
};

/* What is being scanned right now, for messages and the store. */
struct scan_ctx {
    struct ck_scanner *s;
    const struct ck_target *target;
    size_t index;
    char *repository; /* registry/repository, or the path */
    char *tag;        /* "" for paths */
    char *digest;
    char *image_key;        /* the image ID (config digest) through the engine, else NULL */
    int64_t inventory_from; /* the inventory was reused: when it was read; 0 = read now */
    struct ck_inventory inv;
    struct ck_image_match m; /* findings, what was not assessed, the data's age */
    struct ck_decisions decisions; /* the effective ones that can apply to this repository */
    struct ck_triage *triage;      /* per finding (pointing into decisions), NULL before apply_triage */
    int64_t started_at;
    struct ck_pull_outcome pull; /* what the pull did; its note is stored with the scan */
};

/* Per-layer pull progress, summed for one progress figure. */
struct pull_progress {
    struct scan_ctx *sc;
    char ids[MAX_LAYERS][16];
    int64_t current[MAX_LAYERS];
    int64_t total[MAX_LAYERS];
    size_t count;
};

void ck_scan_outcome_release(struct ck_scan_outcome *o)
{
    free(o->summary);
    free(o->not_assessed);
    o->summary = NULL;
    o->not_assessed = NULL;
}

static int cancelled(const struct ck_scanner *s)
{
    return s->opts->cancel && ck_flag_get(s->opts->cancel);
}

static void scan_log(struct scan_ctx *sc, enum ck_log_level level, const char *fmt, ...) CK_PRINTF(3, 4);

static void scan_log(struct scan_ctx *sc, enum ck_log_level level, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    if (level > ck_log_get_level())
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sc->s->hooks.log(sc->s->hooks.ctx, level, sc->index, sc->target->ref, line);
}

static void step(struct scan_ctx *sc, const char *what)
{
    sc->s->hooks.step(sc->s->hooks.ctx, sc->index, sc->target->ref, what);
}

/* ---- opening --------------------------------------------------------------- */

/* Both paths are set: ck_job_run fills in the defaults. */
static enum ck_status open_stores(const struct ck_job_options *opts, struct ck_history **history,
                                  struct ck_vulndb **vulndb, struct ck_err *err)
{
    enum ck_status rc = ck_history_open(opts->history_path, history, err);
    if (rc != CK_OK)
        return rc;
    rc = ck_vulndb_open(opts->vulndb_path, vulndb, err);
    if (rc != CK_OK) {
        ck_history_close(*history);
        *history = NULL;
    }
    return rc;
}

enum ck_status ck_scanner_check(const struct ck_job_options *opts, struct ck_err *err)
{
    struct ck_history *h = NULL;
    struct ck_vulndb *v = NULL;
    enum ck_status rc = open_stores(opts, &h, &v, err);
    ck_history_close(h);
    ck_vulndb_close(v);
    return rc;
}

enum ck_status ck_scanner_new(const struct ck_job_options *opts, const struct ck_scan_hooks *hooks,
                              struct ck_scanner **out, struct ck_err *err)
{
    struct ck_scanner *s = calloc(1, sizeof *s);
    enum ck_status rc;

    if (!s)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    s->opts = opts;
    s->hooks = *hooks;
    if ((rc = open_stores(opts, &s->history, &s->vulndb, err)) != CK_OK) {
        free(s);
        return rc;
    }
    *out = s;
    return CK_OK;
}

void ck_scanner_free(struct ck_scanner *s)
{
    if (!s)
        return;
    if (ck_flag_get(&s->engine_ready))
        ck_engine_release(&s->engine);
    ck_history_close(s->history);
    ck_vulndb_close(s->vulndb);
    free(s);
}

void ck_scanner_interrupt(struct ck_scanner *s)
{
    if (ck_flag_get(&s->engine_ready))
        ck_engine_cancel(&s->engine);
}

/* The engine is chosen and connected on the first image target only: jobs of
 * archives and folders need no engine at all. */
static enum ck_status scanner_engine(struct ck_scanner *s, struct ck_err *err)
{
    struct ck_endpoint ep;
    enum ck_status rc;

    if (ck_flag_get(&s->engine_ready))
        return CK_OK;
    if (s->engine_failed) {
        *err = s->engine_err;
        return err->status;
    }
    ck_endpoint_init(&ep);
    rc = ck_endpoint_resolve(&ep, s->opts->engine_host, NULL, err);
    if (rc == CK_OK)
        rc = ck_engine_init(&s->engine, &ep, err);
    ck_endpoint_release(&ep);
    if (rc != CK_OK) {
        s->engine_failed = 1;
        s->engine_err = *err;
        return rc;
    }
    ck_flag_set(&s->engine_ready, 1);
    return CK_OK;
}

/* ---- inventory through the engine ------------------------------------------ */

static void on_pull(void *ctx, const struct ck_pull_event *ev)
{
    struct pull_progress *p = ctx;
    uint64_t cur = 0, tot = 0;
    size_t i;

    if (cancelled(p->sc->s))
        ck_engine_cancel(&p->sc->s->engine);
    if (!ev->id || strlen(ev->id) != 12 || ev->total <= 0)
        return;
    for (i = 0; i < p->count && strcmp(p->ids[i], ev->id) != 0; i++) {
    }
    if (i == p->count) {
        if (p->count == MAX_LAYERS)
            return;
        snprintf(p->ids[p->count++], sizeof p->ids[0], "%s", ev->id);
    }
    /* Downloads and extractions both report against the layer size: keep the download figure. */
    if (strncmp(ev->status, "Download", 8) == 0) {
        p->current[i] = ev->current;
        p->total[i] = ev->total;
    }
    for (i = 0; i < p->count; i++) {
        cur += (uint64_t)p->current[i];
        tot += (uint64_t)p->total[i];
    }
    p->sc->s->hooks.progress(p->sc->s->hooks.ctx, p->sc->index, p->sc->target->ref, cur, tot);
}

static unsigned inventory_flags(const struct ck_scanner *s) { return s->opts->os_only ? 0 : CK_INVENTORY_WALK; }

/* An image whose ID was inventoried before (the whole filesystem, read
 * completely) is not read again unless asked: CK_OK with the stored
 * inventory, CK_ERR_NOTFOUND to read it. */
static enum ck_status reuse_inventory(struct scan_ctx *sc, struct ck_err *err)
{
    struct ck_scanner *s = sc->s;
    int64_t from_scan = 0, read_at = 0;
    char when[32], *digest = NULL;
    enum ck_status rc;

    free(sc->image_key);
    sc->image_key = NULL;
    if (ck_inventory_image_id(&s->engine, sc->target->ref, &sc->image_key, &digest, err) != CK_OK ||
        s->opts->os_only || s->opts->refresh) {
        free(digest);
        return CK_ERR_NOTFOUND;
    }
    if (digest) { /* the engine's digest beats one written in the reference */
        free(sc->digest);
        sc->digest = digest;
    }
    rc = ck_history_find_inventory(s->history, sc->image_key, &from_scan, &read_at, err);
    if (rc != CK_OK)
        return rc == CK_ERR_NOTFOUND ? rc : CK_ERR_NOTFOUND; /* a lookup that fails reads the image */
    step(sc, "reusing its inventory");
    if ((rc = ck_history_load_inventory(s->history, from_scan, &sc->inv, err)) != CK_OK)
        return rc == CK_ERR_NOMEM ? rc : CK_ERR_NOTFOUND;
    sc->inventory_from = read_at;
    ck_text_format_time(read_at, when, sizeof when);
    scan_log(sc, CK_LOG_INFO, "%s: image %.19s was inventoried on %s: that inventory is reused (--refresh reads it again)",
             sc->target->ref, sc->image_key, when);
    return CK_OK;
}

static enum ck_status inventory_from_engine(struct scan_ctx *sc, struct ck_err *err)
{
    struct ck_scanner *s = sc->s;
    struct pull_progress *progress;
    char *digest = NULL;
    enum ck_status rc;

    if ((rc = scanner_engine(s, err)) != CK_OK)
        return rc;
    ck_engine_cancel_clear(&s->engine);
    /* Before a pull: a Windows engine answers Linux images "no matching manifest". */
    if ((rc = ck_engine_require_linux(&s->engine, err)) != CK_OK)
        return rc;
    if (!sc->target->local && s->opts->pull != CK_PULL_NEVER) {
        step(sc, "pulling");
        progress = calloc(1, sizeof *progress);
        if (!progress)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        progress->sc = sc;
        if (s->opts->pull == CK_PULL_ALWAYS)
            scan_log(sc, CK_LOG_INFO, "Pulling %s", sc->target->ref);
        rc = ck_pull_for_scan(&s->engine, sc->target->ref, s->opts->pull, on_pull, progress, s->opts->cancel,
                              &sc->pull, err);
        free(progress);
        if (rc != CK_OK)
            return cancelled(s) ? ck_err_set(err, CK_ERR_CANCELLED, "cancelled") : rc;
        if (sc->pull.note)
            scan_log(sc, CK_LOG_WARN, "%s: %s", sc->target->ref, sc->pull.note);
        else if (s->opts->pull == CK_PULL_MISSING)
            scan_log(sc, CK_LOG_INFO, sc->pull.pulled ? "%s: pulled (the engine had no copy)"
                                                      : "%s: the engine's copy is scanned (pull policy missing)",
                     sc->target->ref);
    }
    if ((rc = reuse_inventory(sc, err)) != CK_ERR_NOTFOUND)
        return rc;
    step(sc, "reading packages");
    rc = ck_inventory_from_engine(&s->engine, sc->target->ref, inventory_flags(s), s->opts->cancel, &sc->inv,
                                  &digest, err);
    if (rc == CK_OK && digest) {
        free(sc->digest); /* the engine's digest beats one written in the reference */
        sc->digest = digest;
    }
    return rc;
}

/* ---- the scan ---------------------------------------------------------------- */

static enum ck_status name_target(struct scan_ctx *sc, struct ck_err *err)
{
    struct ck_imageref ref;
    enum ck_status rc;

    if (sc->target->kind != CK_TARGET_IMAGE) {
        sc->repository = ck_text_dup(sc->target->ref);
        sc->tag = ck_text_dup("");
        return sc->repository && sc->tag ? CK_OK : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    ck_imageref_init(&ref);
    if ((rc = ck_imageref_parse(&ref, sc->target->ref, err)) != CK_OK)
        return rc;
    sc->repository = ck_imageref_name(&ref);
    sc->tag = ck_text_dup(ref.tag ? ref.tag : "");
    if (ref.digest)
        sc->digest = ck_text_dup(ref.digest);
    ck_imageref_release(&ref);
    return sc->repository && sc->tag ? CK_OK : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
}

static enum ck_status take_inventory(struct scan_ctx *sc, struct ck_err *err)
{
    size_t i;
    enum ck_status rc;

    switch (sc->target->kind) {
    case CK_TARGET_ARCHIVE:
        step(sc, "reading packages");
        rc = ck_inventory_from_image_archive(&sc->inv, sc->target->ref, inventory_flags(sc->s), NULL, err);
        break;
    case CK_TARGET_ROOTFS:
        step(sc, "reading packages");
        rc = ck_inventory_from_rootfs(&sc->inv, sc->target->ref, inventory_flags(sc->s), NULL, err);
        break;
    default:
        rc = inventory_from_engine(sc, err);
        break;
    }
    if (rc != CK_OK)
        return rc;
    for (i = 0; i < sc->inv.warning_count; i++)
        scan_log(sc, CK_LOG_WARN, "%s: %s", sc->target->ref, sc->inv.warnings[i]);
    scan_log(sc, CK_LOG_INFO, "%s: %s, %zu packages (%s)", sc->target->ref,
          sc->inv.os.pretty_name ? sc->inv.os.pretty_name : sc->inv.os.ecosystem ? sc->inv.os.ecosystem : "unknown OS",
          sc->inv.count, sc->inv.os.ecosystem ? sc->inv.os.ecosystem : "no vulnerability data applies");
    return CK_OK;
}

static void warn_if_stale(struct scan_ctx *sc)
{
    char msg[256];
    int64_t now = ck_time_now();
    int64_t updated = ck_vulndb_updated_at(sc->s->vulndb, sc->inv.os.ecosystem);

    /* no data at all is said by the assessment */
    if (sc->inv.os.ecosystem && updated > 0 &&
        ck_vulndb_stale_warning(sc->s->vulndb, sc->inv.os.ecosystem, sc->s->opts->max_data_age, now, msg, sizeof msg))
        scan_log(sc, CK_LOG_WARN, "%s", msg);
}

/* What the data could not judge: said in the log, kept with the scan. */
static enum ck_status match(struct scan_ctx *sc, struct ck_err *err)
{
    enum ck_status rc = ck_image_match_run(sc->s->vulndb, &sc->inv, &sc->m, err);

    if (rc == CK_OK && sc->m.not_assessed)
        scan_log(sc, CK_LOG_WARN, "%s: not assessed: %s: run 'ckitty db update' (or 'ckitty db import') for it",
                 sc->target->ref, sc->m.not_assessed);
    return rc;
}

/* The triage decisions on the findings, and the counts of the open ones. A
 * history that cannot say leaves every finding open (and says why). */
static enum ck_status apply_triage(struct scan_ctx *sc, struct ck_severity_counts *open, struct ck_err *err)
{
    struct ck_err why;

    if (sc->m.findings.count && !(sc->triage = calloc(sc->m.findings.count, sizeof *sc->triage)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (ck_decisions_effective(sc->s->history, sc->repository, &sc->decisions, &why) != CK_OK)
        scan_log(sc, CK_LOG_WARN, "%s: triage decisions not read, every finding counts as open: %s",
                 sc->target->ref, why.msg);
    ck_triage_index(&sc->decisions);
    ck_triage_findings(&sc->decisions, &sc->m.findings, sc->repository, sc->tag, ck_date_of_time(ck_time_now()),
                       sc->triage, open);
    return CK_OK;
}

/* ---- the per-image JSON result ---------------------------------------------- */

static cJSON *json_string_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* The packages as the sbom JSON lists them (the unmanaged software too:
 * see write_result). */
static cJSON *result_packages(const struct ck_inventory *inv)
{
    cJSON *arr = cJSON_CreateArray();
    size_t i;
    for (i = 0; arr && i < inv->count; i++) {
        cJSON *o = ck_sbom_package_item(&inv->packages[i], &inv->os);
        if (o && !cJSON_AddItemToArray(arr, o))
            cJSON_Delete(o);
    }
    return arr;
}

/* "a\nb" as ["a", "b"]; NULL as []. */
static cJSON *lines_array(const char *text)
{
    cJSON *arr = cJSON_CreateArray();
    int oom = 0;

    ck_json_push_lines(arr, text, &oom);
    return arr;
}

/* Each part of the image with whether the data could judge it. */
static cJSON *result_assessment(const struct ck_assessment *a)
{
    cJSON *arr = cJSON_CreateArray();
    size_t i;

    for (i = 0; arr && i < a->count; i++) {
        const struct ck_assessed *p = &a->parts[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddItemToObject(o, "ecosystem", json_string_or_null(p->ecosystem));
        cJSON_AddStringToObject(o, "part", i == 0 ? "os" : "applications");
        cJSON_AddNumberToObject(o, "packages", (double)p->packages);
        cJSON_AddBoolToObject(o, "assessed", ck_assessment_part_assessed(a, i));
    }
    return arr;
}

/* A finding's decision in effect as the JSON carries it, or null. */
static cJSON *result_triage(const struct ck_decision *d)
{
    cJSON *o;
    char day[16], when[32];

    if (!d || !(o = cJSON_CreateObject()))
        return cJSON_CreateNull();
    cJSON_AddStringToObject(o, "state", ck_decision_state_str(d->state));
    cJSON_AddItemToObject(o, "justification",
                          json_string_or_null(d->justification ? ck_justification_str(d->justification) : NULL));
    cJSON_AddItemToObject(o, "owner", json_string_or_null(d->owner));
    if (d->expires != CK_DATE_NONE)
        ck_date_format(d->expires, day, sizeof day);
    cJSON_AddItemToObject(o, "expires", json_string_or_null(d->expires != CK_DATE_NONE ? day : NULL));
    cJSON_AddItemToObject(o, "note", json_string_or_null(d->note));
    cJSON_AddItemToObject(o, "decided_by", json_string_or_null(d->decided_by));
    ck_text_format_time(d->decided_at, when, sizeof when);
    cJSON_AddStringToObject(o, "decided_at", when);
    return o;
}

/* "triage" (the decision in effect, or null) and, when a decision expired,
 * "triage_expired" with its last day. */
static void result_finding_triage(cJSON *o, const struct ck_triage *t)
{
    char day[16];

    cJSON_AddItemToObject(o, "triage", result_triage(t ? t->decision : NULL));
    if (t && t->expired) {
        ck_date_format(t->expired->expires, day, sizeof day);
        cJSON_AddStringToObject(o, "triage_expired", day);
    }
}

static cJSON *result_findings(const struct ck_history_findings *f, const struct ck_triage *triage)
{
    cJSON *arr = cJSON_CreateArray();
    size_t i;
    for (i = 0; arr && i < f->count; i++) {
        const struct ck_history_finding *x = &f->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", x->record_id);
        cJSON_AddItemToObject(o, "cve", json_string_or_null(x->cve));
        cJSON_AddStringToObject(o, "package", x->package);
        cJSON_AddItemToObject(o, "source_name", json_string_or_null(x->source_name));
        cJSON_AddItemToObject(o, "installed", json_string_or_null(x->installed));
        cJSON_AddItemToObject(o, "fixed", json_string_or_null(x->fixed));
        cJSON_AddStringToObject(o, "severity", ck_severity_str(x->severity));
        if (x->cvss_score >= 0)
            cJSON_AddNumberToObject(o, "cvss_score", x->cvss_score);
        else
            cJSON_AddNullToObject(o, "cvss_score");
        cJSON_AddItemToObject(o, "cvss_vector", json_string_or_null(x->cvss_vector));
        cJSON_AddItemToObject(o, "title", json_string_or_null(x->title));
        cJSON_AddItemToObject(o, "ecosystem", json_string_or_null(x->ecosystem));
        cJSON_AddStringToObject(o, "kind", x->kind == CK_FINDING_MALICIOUS ? "malicious package" : "vulnerability");
        cJSON_AddItemToObject(o, "locations", lines_array(x->locations));
        cJSON_AddNumberToObject(o, "paths", (double)ck_history_finding_paths(x));
        result_finding_triage(o, triage ? &triage[i] : NULL);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* Exploit likelihood on each finding object of arr (in the order of f's
 * items): "epss" {score, percentile} and "kev" {date_added, due_date}, each
 * null when the database knows nothing of the finding's CVE. */
static void result_exploit(cJSON *arr, const struct ck_history_findings *f, struct ck_vulndb *db)
{
    cJSON *o = arr ? arr->child : NULL;
    size_t i;

    for (i = 0; o && i < f->count; i++, o = o->next) {
        const struct ck_history_finding *x = &f->items[i];
        struct ck_exploit_info info;
        struct ck_err err;
        cJSON *epss = NULL, *kev = NULL;

        if (ck_exploit_lookup(db, x->cve ? x->cve : x->record_id, &info, &err) != CK_OK)
            memset(&info, 0, sizeof info);
        if (info.has_epss && (epss = cJSON_CreateObject()) != NULL) {
            cJSON_AddNumberToObject(epss, "score", info.score);
            cJSON_AddNumberToObject(epss, "percentile", info.percentile);
        }
        if (info.has_kev && (kev = cJSON_CreateObject()) != NULL) {
            cJSON_AddStringToObject(kev, "date_added", info.date_added);
            cJSON_AddItemToObject(kev, "due_date", json_string_or_null(info.due_date[0] ? info.due_date : NULL));
        }
        cJSON_AddItemToObject(o, "epss", epss ? epss : cJSON_CreateNull());
        cJSON_AddItemToObject(o, "kev", kev ? kev : cJSON_CreateNull());
    }
}

/* Writes <report_dir>/<name>.json through a temporary file, so a result file
 * is either whole or absent. */
static enum ck_status write_result(struct scan_ctx *sc, const struct ck_severity_counts *c, struct ck_err *err)
{
    cJSON *root = cJSON_CreateObject(), *counts;
    char *name = NULL, *path = NULL, *tmp = NULL;
    struct ck_buf text;
    char when[32];
    enum ck_status rc = CK_OK;
    FILE *f = NULL;
    int i, written;

    if (!root)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    ck_buf_init(&text);
    ck_text_format_time(sc->started_at, when, sizeof when);
    cJSON_AddStringToObject(root, "image", sc->target->ref);
    cJSON_AddStringToObject(root, "repository", sc->repository);
    cJSON_AddStringToObject(root, "tag", sc->tag);
    cJSON_AddItemToObject(root, "digest", json_string_or_null(sc->digest));
    cJSON_AddItemToObject(root, "note", json_string_or_null(sc->pull.note));
    cJSON_AddStringToObject(root, "scanned_at", when);
    cJSON_AddItemToObject(root, "os", json_string_or_null(sc->inv.os.pretty_name));
    cJSON_AddItemToObject(root, "ecosystem", json_string_or_null(sc->inv.os.ecosystem));
    cJSON_AddNumberToObject(root, "vulnerability_data_age_seconds", (double)sc->m.data_age);
    counts = cJSON_AddObjectToObject(root, "counts");
    for (i = CK_SEV_COUNT - 1; i >= 0; i--)
        cJSON_AddNumberToObject(counts, ck_severity_str((enum ck_severity)i), (double)c->by_severity[i]);
    cJSON_AddBoolToObject(root, "assessed", sc->m.not_assessed == NULL);
    cJSON_AddItemToObject(root, "not_assessed", json_string_or_null(sc->m.not_assessed));
    cJSON_AddItemToObject(root, "assessment", result_assessment(&sc->m.assessment));
    cJSON_AddNumberToObject(root, "vulnerable_paths", (double)c->findings);
    cJSON_AddNumberToObject(root, "unique", (double)c->unique);
    cJSON_AddItemToObject(root, "packages", result_packages(&sc->inv));
    cJSON_AddBoolToObject(root, "whole_filesystem", sc->inv.walked);
    cJSON_AddItemToObject(root, "image_id", json_string_or_null(sc->image_key));
    if (sc->inventory_from) {
        char from[32];
        ck_text_format_time(sc->inventory_from, from, sizeof from);
        cJSON_AddStringToObject(root, "inventory_reused_from", from);
    } else {
        cJSON_AddNullToObject(root, "inventory_reused_from");
    }
    if (sc->inv.walked) {
        cJSON_AddNumberToObject(root, "unmanaged_executables", (double)ck_inventory_unmanaged_binaries(&sc->inv));
        ck_sbom_add_unmanaged(root, &sc->inv);
    }
    cJSON_AddItemToObject(root, "findings", result_findings(&sc->m.findings, sc->triage));
    result_exploit(cJSON_GetObjectItem(root, "findings"), &sc->m.findings, sc->s->vulndb);

    name = ck_job_result_file_name(sc->repository, sc->tag, sc->started_at);
    path = name ? ck_path_join(sc->s->opts->report_dir, name) : NULL;
    tmp = path ? malloc(strlen(path) + 5) : NULL;
    if (!tmp || ck_json_print(root, 1, &text) != CK_OK) {
        rc = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    sprintf(tmp, "%s.tmp", path);
    ck_mkdirs(sc->s->opts->report_dir);
    f = ck_fopen(tmp, "wb");
    if (!f) {
        rc = ck_err_set(err, CK_ERR_IO, "cannot write the result %s", tmp);
        goto cleanup;
    }
    written = fwrite(text.data, 1, text.len, f) == text.len;
    if (fclose(f) != 0 || !written) {
        rc = ck_err_set(err, CK_ERR_IO, "cannot write the result %s (disk full?)", tmp);
        ck_remove(tmp);
        goto cleanup;
    }
    if ((rc = ck_replace_file(tmp, path, err)) != CK_OK) {
        ck_remove(tmp);
        goto cleanup;
    }
    scan_log(sc, CK_LOG_SUCCESS, "Result written to %s", path);
cleanup:
    cJSON_Delete(root);
    ck_buf_release(&text);
    free(name);
    free(path);
    free(tmp);
    return rc;
}

/* ---- the scan ------------------------------------------------------------------- */

static enum ck_status store(struct scan_ctx *sc, const char *error, int64_t *scan_id, struct ck_err *err)
{
    struct ck_scan_input in;
    memset(&in, 0, sizeof in);
    in.repository = sc->repository ? sc->repository : sc->target->ref;
    in.tag = sc->tag ? sc->tag : "";
    in.digest = sc->digest;
    in.started_at = sc->started_at;
    in.finished_at = ck_time_now();
    in.error = error;
    in.data_age = sc->m.data_age;
    in.inventory = error ? NULL : &sc->inv;
    in.findings = error ? NULL : &sc->m.findings;
    in.image_key = sc->image_key;
    in.inventory_from = sc->inventory_from;
    in.not_assessed = error ? NULL : sc->m.not_assessed;
    in.note = sc->pull.note;
    return ck_history_store_scan(sc->s->history, &in, scan_id, err);
}

/* --remove-pulled: an image this scan brought into the engine leaves it. */
static void remove_pulled(struct scan_ctx *sc)
{
    struct ck_err err;
    enum ck_status rc = ck_pull_remove_new(&sc->s->engine, sc->target->ref, &sc->pull, &err);

    if (rc == CK_OK)
        scan_log(sc, CK_LOG_INFO, "%s: removed from the engine (pulled for this scan: --remove-pulled)",
                 sc->target->ref);
    else if (rc != CK_ERR_NOTFOUND)
        scan_log(sc, CK_LOG_WARN, "%s: pulled for this scan but not removed: %s", sc->target->ref, err.msg);
}

static enum ck_status scan_steps(struct scan_ctx *sc, struct ck_scan_outcome *out, struct ck_err *err)
{
    enum ck_status rc;

    if ((rc = name_target(sc, err)) != CK_OK || (rc = take_inventory(sc, err)) != CK_OK)
        return rc;
    if (cancelled(sc->s))
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    step(sc, "matching");
    warn_if_stale(sc);
    if ((rc = match(sc, err)) != CK_OK)
        return rc;
    ck_severity_counts_of(&sc->m.findings, &out->counts);
    if ((rc = apply_triage(sc, &out->open_counts, err)) != CK_OK)
        return rc;
    if (cancelled(sc->s))
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    step(sc, "storing");
    if ((rc = store(sc, NULL, &out->scan_id, err)) != CK_OK)
        return rc;
    if (sc->s->opts->report_dir && (rc = write_result(sc, &out->counts, err)) != CK_OK)
        scan_log(sc, CK_LOG_ERROR, "%s", err->msg); /* the scan is stored; the file is an extra */
    return CK_OK;
}

void ck_scanner_scan(struct ck_scanner *s, const struct ck_target *t, size_t index, struct ck_scan_outcome *out)
{
    struct scan_ctx sc;
    struct ck_err err;

    memset(out, 0, sizeof *out);
    memset(&sc, 0, sizeof sc);
    sc.s = s;
    sc.target = t;
    sc.index = index;
    sc.started_at = ck_time_now();
    ck_inventory_init(&sc.inv);
    ck_image_match_init(&sc.m);
    ck_decisions_init(&sc.decisions);
    ck_err_clear(&err);

    scan_log(&sc, CK_LOG_INFO, "Scanning %s", t->ref);
    out->status = scan_steps(&sc, out, &err);
    /* A step cut short by a cancel may fail on what it did not read: it is a cancel. */
    if (out->status != CK_OK && cancelled(s))
        out->status = CK_ERR_CANCELLED;
    if (out->status == CK_OK) {
        out->summary = ck_summary_line(sc.repository, sc.tag, &out->counts, sc.m.not_assessed);
        out->not_assessed = sc.m.not_assessed;
        sc.m.not_assessed = NULL;
        scan_log(&sc, CK_LOG_SUCCESS, "%s", out->summary ? out->summary : t->ref);
    } else if (out->status == CK_ERR_CANCELLED) {
        ck_err_set(&out->error, CK_ERR_CANCELLED, "%s: cancelled", t->ref);
        scan_log(&sc, CK_LOG_WARN, "%s", out->error.msg);
    } else {
        struct ck_err store_err;
        out->error = err;
        scan_log(&sc, CK_LOG_ERROR, "%s", err.msg);
        /* A failed image is recorded with its reason (a cancelled one stores nothing). */
        if (store(&sc, err.msg, &out->scan_id, &store_err) != CK_OK)
            scan_log(&sc, CK_LOG_ERROR, "%s", store_err.msg);
    }
    if (s->opts->remove_pulled)
        remove_pulled(&sc);
    ck_pull_outcome_release(&sc.pull);
    ck_inventory_release(&sc.inv);
    ck_image_match_release(&sc.m);
    ck_decisions_release(&sc.decisions);
    free(sc.triage);
    free(sc.repository);
    free(sc.tag);
    free(sc.digest);
    free(sc.image_key);
}
