#!/usr/bin/python3
"""Writes the seed corpus of fuzz_langversion (tests/fuzz/corpus/langversion/):
one file per comparison line of the language ecosystems' version vectors
(../shared/fixtures/versions/lang, README.md there): a scheme byte, the first
version, a NUL, the second version. Run from the repository root:

    python3 tests/fuzz/corpus/make_langversion_seeds.py [shared fixtures folder]
"""
import hashlib
import os
import sys

# the scheme byte: an index into fuzz_langversion.c's table
SCHEMES = {"semver": 0, "go": 1, "pypi": 2, "maven": 3, "rubygems": 4, "nuget": 5, "packagist": 6}
FILES = {
    "semver-versions.txt": ["semver", "go"], "semver-node-semver-derived.txt": ["semver"],
    "pypi-versions.txt": ["pypi"], "pep440-packaging-derived.txt": ["pypi"],
    "maven-versions.txt": ["maven"], "maven-ComparableVersionTest-3.9.x-derived.txt": ["maven"],
    "rubygems-versions.txt": ["rubygems"], "rubygems-test_gem_version-derived.txt": ["rubygems"],
    "nuget-versions.txt": ["nuget"], "packagist-versions.txt": ["packagist"],
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../shared/fixtures")
    src = os.path.join(shared, "versions", "lang")
    out = os.path.join(here, "langversion")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if not name.startswith("regress-"):
            os.unlink(os.path.join(out, name))
    n = 0
    for fname, schemes in sorted(FILES.items()):
        for line in open(os.path.join(src, fname), encoding="utf-8"):
            t = line.strip()
            if not t or t.startswith("#") or t.startswith("//"):
                continue
            parts = t.split(" ")
            if len(parts) != 3:
                continue
            for s in schemes:
                data = bytes([SCHEMES[s]]) + parts[0].encode() + b"\0" + parts[2].encode()
                digest = hashlib.sha256(data).hexdigest()[:12]
                with open(os.path.join(out, "%s-%s" % (s, digest)), "wb") as f:
                    f.write(data)
                n += 1
    print("%d seeds in %s" % (len(os.listdir(out)), out), file=sys.stderr)


if __name__ == "__main__":
    main()
