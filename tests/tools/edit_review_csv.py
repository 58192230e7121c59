#!/usr/bin/env python3
"""Edits review CSVs as a reviewer does in a spreadsheet, and has them read back.

usage: edit_review_csv.py --test EXE --work DIR [--emulator CMD] [--keep]

EXE is test_reviewcsv. `EXE --write-export DIR` writes export_original.csv and
export_extended.csv through ContainerKitty's CSV writer (csv.h: byte order mark,
CRLF, quoting, formula cells neutralised). This script reads each with Python's
csv module, changes the triage cells of some rows (finding every column by its
header name), and writes each edit in the forms a spreadsheet saves:

  comma      UTF-8 with a byte order mark, CRLF, ','  (Excel "CSV UTF-8")
  semicolon  the same with ';'                          (Excel where ',' is the
                                                         decimal separator)
  sep        a first line "sep=;", no byte order mark, ';'

Then `EXE --check FILE PRESET OFFSET` reads each file back as decisions and
checks the outcome row by row (test_reviewcsv.c, check_edited); OFFSET is the
number of lines before the header. Exit status: 0 when every check passes.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys


def edits(date_form):
    """The triage cells each finding's row gets (by record id)."""
    return {
        # F1 and F3 are left as exported: unchanged
        "DEBIAN-CVE-2024-2961": {  # F2: the repository's decision changed
            "Triage": "Not affected",
            "Justification": "Vulnerable code not in execute path",
            "Note": 'line one\nline two, "quoted"; =3',
        },
        "DEBIAN-CVE-2022-0563": {  # F4: new, a date as the spreadsheet writes it
            "Triage": "accepted risk",
            "Expires": date_form,
            "Owner": "sec-team",
        },
        "DEBIAN-CVE-2011-3374": {"Triage": "Not affected", "Expires": "03/04/2099"},  # F5: ambiguous
        "DLA-3000-1": {"Triage": "False Positive", "Note": "'-rf is how it is called"},  # F6: restored
        "DEBIAN-CVE-2023-7008": {"Triage": "maybe"},  # F7: no state
        "DEBIAN-CVE-2023-31484": {"Triage": ""},  # F8: a decision in effect emptied
        "DEBIAN-CVE-2023-45853": {"Triage": "affected", "Justification": "component_not_present"},  # F9
        "DEBIAN-CVE-2024-26461": {"Triage": "accepted_risk", "Expires": "2020-01-01"},  # F10: past
        "DEBIAN-CVE-2020-1000": {"Triage": "nonsense"},  # the extended export's fixed row: skipped
    }


def column(header, name):
    wanted = name.strip().lower()
    for i, cell in enumerate(header):
        if cell.strip().lower() == wanted:
            return i
    raise SystemExit("the export has no %s column: %r" % (name, header))


def edit_rows(rows, preset, date_form):
    header = rows[0]
    record = column(header, "IdSnyk" if preset == "original" else "Record id")
    note = column(header, "Note")
    plan = edits(date_form)
    done = set()
    for row in rows[1:]:
        rid = row[record]
        if rid == "DEBIAN-CVE-2023-4911" and not row[note].startswith("'=cmd"):
            raise SystemExit("the writer did not neutralise F1's note: %r" % row[note])
        for name, value in plan.get(rid, {}).items():
            row[column(header, name)] = value
            done.add(rid)
    missing = set(plan) - done - ({"DEBIAN-CVE-2020-1000"} if preset == "original" else set())
    if missing:
        raise SystemExit("rows not found in the %s export: %s" % (preset, sorted(missing)))
    return rows


def write_variant(path, rows, delimiter, bom, sep_line):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        if sep_line:
            f.write("sep=%s\r\n" % delimiter)
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--emulator", default=None)
    ap.add_argument("--keep", action="store_true", help="leave the files in --work")
    args = ap.parse_args()
    prefix = [args.emulator] if args.emulator else []

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    subprocess.run(prefix + [args.test, "--write-export", args.work], check=True)
    variants = [
        ("comma", ",", True, False, "12/31/2099", 0),
        ("semicolon", ";", True, False, "31.12.2099", 0),
        ("sep", ";", False, True, "31/12/2099", 1),
    ]
    failed = 0
    for preset in ("original", "extended"):
        with open(os.path.join(args.work, "export_%s.csv" % preset), encoding="utf-8-sig", newline="") as f:
            exported = list(csv.reader(f))
        for name, delimiter, bom, sep_line, date_form, offset in variants:
            rows = edit_rows([list(r) for r in exported], preset, date_form)
            path = os.path.join(args.work, "edited_%s_%s.csv" % (preset, name))
            write_variant(path, rows, delimiter, bom, sep_line)
            rc = subprocess.run(prefix + [args.test, "--check", path, preset, str(offset)]).returncode
            print("%s %s" % ("ok  " if rc == 0 else "FAIL", os.path.basename(path)))
            failed += rc != 0
    if not args.keep and not failed:
        shutil.rmtree(args.work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
