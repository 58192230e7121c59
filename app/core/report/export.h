/* CSV exports of a report for risk review, in three column presets.
 *
 * original  The columns the original ContainerKitty's CSV had, in its order:
 *           Id, IdSnyk, Image, ImageVersion, PackageName, PackageVersion,
 *           Title, Severity, Description, Countermeasure, Upgradable,
 *           Patchable, CVSS Score, CVSSv3, Reference.
 *           Id is the CVE (else the record id), IdSnyk the record id, Image
 *           the repository, ImageVersion the tag; Countermeasure is "Upgrade
 *           <package> to <fixed>" or "No fix available yet"; Upgradable and
 *           Patchable are true when a fixed version exists; Reference is the
 *           first reference URL. One row per finding.
 * extended  Everything the history knows of a finding: Image, Tag, Digest,
 *           Engine, Scan time (ISO 8601, UTC), OS, Record id, CVE, Package,
 *           Source package, Installed version, Fixed version, Severity, CVSS
 *           score, CVSS vector, First seen, State, Title, References (one
 *           per line), Ecosystem, Kind (vulnerability / malicious package),
 *           Locations (one per line), Assessment (assessed / not assessed).
 *           State is new / unchanged against the scan compared with (empty
 *           when none); the findings that scan had and this one no longer
 *           has follow as rows with state "fixed"; a scan that could not
 *           assess a part of its image ends with a row of state "not
 *           assessed" whose Title says what.
 * A reviewed report's finding presets end with the risk review's columns
 * (review.h; an unreviewed report's have the preset's columns only):
 *           Triage (the state in effect, or "<state> (expired)"),
 *           Justification, Owner, Expires (YYYY-MM-DD), Note, EPSS and EPSS
 *           percentile (0..1, five decimals), Known exploited (the date CISA
 *           added it), KEV due date, Priority (1: the first to look at). `ckitty triage import`
 *           reads an edited file back by these headers.
 * unmanaged Per scan, each file no package manager owns: Image, Tag, Digest,
 *           Scan time, Path, Kind, Size, SHA-256, Detail, Product, Product
 *           version (the report must hold the scans' packages).
 * Cells follow csv.h (quoting, formula neutralisation). */
#ifndef CK_EXPORT_H
#define CK_EXPORT_H

#include "report/csv.h"
#include "report/report.h"
#include "util/status.h"

enum ck_csv_preset { CK_CSV_ORIGINAL = 0, CK_CSV_EXTENDED, CK_CSV_UNMANAGED };

/* "original" / "extended" / "unmanaged"; 0 and *out set, or -1. */
int ck_csv_preset_parse(const char *name, enum ck_csv_preset *out);

/* Writes the header row and the rows of every scan of r into w. */
enum ck_status ck_export_csv(const struct ck_report *r, enum ck_csv_preset preset, struct ck_csv *w);

/* The same into a new file at path (replaced if it exists). */
enum ck_status ck_export_csv_file(const struct ck_report *r, enum ck_csv_preset preset, const char *path,
                                  struct ck_err *err);

#endif
