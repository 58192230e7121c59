#!/usr/bin/env python3
"""`ckitty import` of the project's import fixtures into a fresh history, then
`ckitty report --csv` (both presets), read back with Python's csv module and
compared with the rows this script derives from the fixture files itself,
following the rules import.h and export.h document (Trivy's not_affected
dropped, one finding per record and package, unknown severity words as
Unknown, CVSS scores computed from the vector when a report has none and
invalid vectors dropped, cells starting with = + - @ TAB CR neutralised with
a leading quote). Also: the byte order mark, CRLF row ends, and the HTML
page of the same history escaping the hostile strings.

usage: report_csv_roundtrip.py --ckitty EXE --fixtures DIR [--emulator CMD]
"""
import argparse
import csv
import io
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


# ---- the documented rules, written again here as the oracle ----------------

SEVERITIES = {
    "critical": "Critical", "high": "High", "important": "High", "medium": "Medium", "moderate": "Medium",
    "low": "Low", "negligible": "Negligible", "unimportant": "Negligible", "none": "Negligible",
    "unknown": "Unknown",
}


def severity(word):
    return SEVERITIES.get((word or "").strip().lower(), "Unknown")


def neutralise(cell):
    return "'" + cell if cell and cell[0] in "=+-@\t\r" else cell


def strip(s):
    s = (s or "").strip(" \t\r\n")
    return s


# CVSS v3.1 base score, from FIRST's specification (section 7.1, 7.4).
V3 = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "PR": {"N": (0.85, 0.85), "L": (0.62, 0.68), "H": (0.27, 0.5)},
    "UI": {"N": 0.85, "R": 0.62},
    "S": {"U": 0, "C": 1},
    "C": {"H": 0.56, "L": 0.22, "N": 0},
    "I": {"H": 0.56, "L": 0.22, "N": 0},
    "A": {"H": 0.56, "L": 0.22, "N": 0},
}


def roundup(x):
    i = round(x * 100000)
    return i / 100000.0 if i % 10000 == 0 else (math.floor(i / 10000) + 1) / 10.0


def cvss3(vector):
    """(score, vector) or None when the vector is not a valid v3.x base vector."""
    parts = vector.split("/")
    if parts[0] not in ("CVSS:3.0", "CVSS:3.1"):
        return None
    m = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
    if any(k not in m or m[k] not in V3[k] for k in V3):
        return None
    changed = m["S"] == "C"
    iss = 1 - (1 - V3["C"][m["C"]]) * (1 - V3["I"][m["I"]]) * (1 - V3["A"][m["A"]])
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    expl = 8.22 * V3["AV"][m["AV"]] * V3["AC"][m["AC"]] * V3["PR"][m["PR"]][1 if changed else 0] * V3["UI"][m["UI"]]
    if impact <= 0:
        return 0.0
    return roundup(min(1.08 * (impact + expl), 10)) if changed else roundup(min(impact + expl, 10))


def normalise_image(ref):
    """Docker's normalisation for the simple names the fixtures use."""
    name, _, tag = ref.rpartition(":") if ":" in ref.split("/")[-1] else (ref, "", "latest")
    first = name.split("/")[0]
    if "/" in name and ("." in first or ":" in first or first == "localhost"):
        return name, tag
    return "docker.io/" + (name if "/" in name else "library/" + name), tag


def finding(record, cve, package, installed, fixed, sev, score, vector, title, desc, refs):
    record, package = strip(record), strip(package)
    if not record or not package:
        return None
    if vector:
        computed = cvss3(vector)
        if computed is None:
            vector = None
        elif score is None:
            score = computed
    cve = strip(cve) or (record if record.startswith("CVE-") else "")
    return {"record": record, "cve": cve, "package": package, "installed": strip(installed), "fixed": strip(fixed),
            "severity": severity(sev), "score": score, "vector": vector or "", "title": strip(title),
            "desc": strip(desc), "refs": [r for r in refs if r]}


def unique_refs(*lists):
    out = []
    for lst in lists:
        for r in lst:
            if r and r not in out:
                out.append(r)
    return out


def trivy(doc):
    repo, tag = normalise_image(doc["ArtifactName"])
    out = []
    for res in doc.get("Results") or []:
        for v in res.get("Vulnerabilities") or []:
            if v.get("Status") == "not_affected":
                continue
            cv = (v.get("CVSS") or {}).get("nvd") or {}
            out.append(finding(v.get("VulnerabilityID"), None, v.get("PkgName"), v.get("InstalledVersion"),
                               v.get("FixedVersion"), v.get("Severity"), cv.get("V3Score"), cv.get("V3Vector"),
                               v.get("Title"), v.get("Description"),
                               unique_refs([v.get("PrimaryURL")], v.get("References") or [])))
    return [((repo, tag), f) for f in out]


def snyk(docs):
    out = []
    for doc in docs:
        project = doc["projectName"].split("|", 1)[1]
        vulns = list(doc.get("vulnerabilities") or [])
        for app in doc.get("applications") or []:
            vulns += app.get("vulnerabilities") or []
        for v in vulns:
            name, src = v.get("name", ""), v.get("packageName")
            pkg = name.split("/", 1)[1] if name.startswith(src + "/") else src
            tag = doc["vulnerabilities"][0]["from"][0].split("@", 1)[1]
            out.append(((normalise_image(project + ":" + tag)), finding(
                v.get("id"), ((v.get("identifiers") or {}).get("CVE") or [None])[0], pkg, v.get("version"),
                v.get("nearestFixedInVersion") or (v.get("fixedIn") or [None])[0], v.get("severity"),
                v.get("cvssScore"), v.get("CVSSv3"), v.get("title"), v.get("description"),
                unique_refs([r.get("url") for r in v.get("references") or []]))))
    return out


def grype(doc):
    repo, tag = normalise_image(doc["source"]["target"]["userInput"])
    out = []
    for m in doc["matches"]:
        v, art = m["vulnerability"], m.get("artifact", {})
        related = next((r for r in m.get("relatedVulnerabilities") or [] if r["id"].startswith("CVE-")), {})
        cvss = [c for c in (v.get("cvss") or related.get("cvss") or []) if c.get("vector")]
        best = max(cvss, key=lambda c: float(c["version"])) if cvss else {}
        fix = v.get("fix") or {}
        fixed = (fix.get("versions") or [None])[0] if fix.get("state", "fixed") in ("fixed", "") else None
        out.append(finding(v.get("id"), v["id"] if v["id"].startswith("CVE-") else related.get("id"),
                           art.get("name"), art.get("version"), fixed, v.get("severity"),
                           (best.get("metrics") or {}).get("baseScore"), best.get("vector"), None,
                           v.get("description") or related.get("description"),
                           unique_refs([v.get("dataSource")], v.get("urls") or [], related.get("urls") or [])))
    return [((repo, tag), f) for f in out]


def dedupe(pairs):
    seen, out = set(), []
    for image, f in pairs:
        if f is None or (image, f["record"], f["package"]) in seen:
            continue
        seen.add((image, f["record"], f["package"]))
        out.append((image, f))
    return out


def original_row(image, f):
    fixed = f["fixed"]
    return (f["cve"] or f["record"], f["record"], image[0], image[1], f["package"], f["installed"],
            neutralise(f["title"]), f["severity"], neutralise(f["desc"]),
            "Upgrade %s to %s" % (f["package"], fixed) if fixed else "No fix available yet",
            "true" if fixed else "false", "true" if fixed else "false",
            "%.1f" % f["score"] if f["score"] is not None else "", f["vector"],
            neutralise(f["refs"][0]) if f["refs"] else "")


# ---- running ckitty ------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--emulator", default=None)
    args = ap.parse_args()
    fx = pathlib.Path(args.fixtures) / "imports"
    prefix = [args.emulator] if args.emulator else []
    files = ["trivy-alpine.json", "snyk-array.json", "grype-debian.json"]

    with tempfile.TemporaryDirectory(prefix="ck-report-") as tmp:
        # Relative names in the work folder: the same for Linux and Windows builds.
        for f in files:
            (pathlib.Path(tmp) / f).write_bytes((fx / f).read_bytes())

        def ckitty(*a):
            p = subprocess.run(prefix + [args.ckitty] + list(a), cwd=tmp, capture_output=True)
            return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")

        rc, _, err = ckitty("import", *files, "--history", "h.db")
        check(rc == 0, "ckitty import exits 0" + (": " + err.strip() if rc else ""))
        rc, out, err = ckitty("report", "--csv", "original.csv", "--history", "h.db")
        check(rc == 0, "ckitty report --csv exits 0")
        check(out == b"", "--csv alone writes no document to the standard output")
        rc, _, _ = ckitty("report", "--csv", "extended.csv", "--preset", "extended", "--history", "h.db")
        check(rc == 0, "ckitty report --csv --preset extended exits 0")
        rc, _, _ = ckitty("report", "--csv", "plain.csv", "--no-review", "--history", "h.db")
        check(rc == 0, "ckitty report --csv --no-review exits 0")
        rc, html, _ = ckitty("report", "--format", "html", "--history", "h.db")
        check(rc == 0, "ckitty report --format html exits 0")

        raw = (pathlib.Path(tmp) / "original.csv").read_bytes()
        raw_ext = (pathlib.Path(tmp) / "extended.csv").read_bytes()
        raw_plain = (pathlib.Path(tmp) / "plain.csv").read_bytes()

    check(raw.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 byte order mark")
    check(raw.endswith(b"\r\n") and b"\r\n" in raw, "rows end with CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = ["Id", "IdSnyk", "Image", "ImageVersion", "PackageName", "PackageVersion", "Title", "Severity",
              "Description", "Countermeasure", "Upgradable", "Patchable", "CVSS Score", "CVSSv3", "Reference"]
    review = ["Triage", "Justification", "Owner", "Expires", "Note", "EPSS", "EPSS percentile", "Known exploited",
              "KEV due date", "Priority"]
    check(rows[0] == header + review, "the original header, in its order, then the review's columns")
    plain = list(csv.reader(io.StringIO(raw_plain.decode("utf-8-sig"), newline="")))
    check(plain[0] == header, "--no-review: exactly the original header")
    check(sorted(tuple(r) for r in plain[1:]) == sorted(tuple(r[:15]) for r in rows[1:]),
          "--no-review: the same rows without the review's cells")
    check(all(r[15:24] == [""] * 9 for r in rows[1:]), "no decisions and no exploit data: those cells are empty")
    check(sorted(int(r[24]) for r in rows[1:]) == list(range(1, len(rows))), "Priority ranks every finding once")
    rows = [r[:15] for r in rows]

    expected = dedupe(trivy(json.loads((fx / files[0]).read_text())) + snyk(json.loads((fx / files[1]).read_text())) +
                      grype(json.loads((fx / files[2]).read_text())))
    want = sorted(original_row(image, f) for image, f in expected)
    got = sorted(tuple(r) for r in rows[1:])
    check(len(got) == len(want), "%d rows (expected %d)" % (len(got), len(want)))
    for w in want:
        if w not in got:
            check(False, "missing row %r" % (w,))
    for g in got:
        if g not in want:
            check(False, "unexpected row %r" % (g,))
    titles = [r[6] for r in rows[1:]]
    check("'=cmd|' /C calc'!A0" in titles, "the formula title is neutralised")
    check(any('"' in t and "\n" in t for t in titles), "a title with quotes and a newline survives")
    check(any(r[8].startswith("Line one") and "\r\n" in r[8] for r in rows[1:]), "a description with CRLF survives")

    ext = list(csv.reader(io.StringIO(raw_ext.decode("utf-8-sig"), newline="")))
    check(raw_ext.startswith(b"\xef\xbb\xbf"), "the extended CSV has the byte order mark")
    check(ext[0][:6] == ["Image", "Tag", "Digest", "Engine", "Scan time", "OS"] and ext[0][16:19] == ["State", "Title", "References"]
          and ext[0][19:] == ["Ecosystem", "Kind", "Locations", "Assessment"] + review,
          "the extended header")
    check(len(ext) == len(rows), "the extended preset has the same rows (no comparisons here)")
    by_engine = {r[3] for r in ext[1:]}
    check(by_engine == {"trivy", "snyk", "grype"}, "every engine's scan is in the latest scope: %s" % sorted(by_engine))
    check(any(r[4] == "2024-05-01T10:20:30Z" and r[3] == "trivy" for r in ext[1:]), "Trivy's CreatedAt is the scan time")

    page = html.decode("utf-8")
    check("<script" not in page, "no script element in the HTML")
    check("=cmd|&#39; /C calc&#39;!A0" in page, "the HTML escapes the hostile title")

    print("%d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
