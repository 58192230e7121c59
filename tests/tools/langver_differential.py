#!/usr/bin/python3
"""Differential test of `ckitty vercmp --batch` for the language ecosystems
against their own tools on this machine:

  pypi       python3-packaging's packaging.version.Version
  npm        node-semver (Debian's node-semver) under node
  rubygems   Ruby's Gem::Version
  maven      Maven's ComparableVersion (Debian's maven-artifact jar) under java
  packagist  composer/semver (Debian's php-composer-semver) under php:
             VersionParser::normalize, then Comparator on the normal forms

Random pairs are built from realistic pieces with a fixed seed (the same
cases every run; --seed picks another). Strings the tool rejects follow the
order ckitty documents for them: before every version, by bytes among
themselves; two Composer branches, which Composer leaves unordered, are only
compared when equal. Exit 0 when every answer agrees, 1 naming the pairs that
differ, 2 on a run error, 77 (skipped) when the scheme's tool is missing.

    /usr/bin/python3 langver_differential.py path/to/ckitty SCHEME [--pairs N] [--seed N]
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

FIXED_SEED = 20250115
MAX_SHOWN = 20
SKIP = 77


def sign(x):
    return (x > 0) - (x < 0)


def bytes_order(a, b):
    return sign((a > b) - (a < b))


def invalid_rule(a_ok, b_ok, a, b):
    """The order of strings the tool rejects."""
    if a_ok != b_ok:
        return 1 if a_ok else -1
    return bytes_order(a.encode(), b.encode())


def num(r, big=False):
    k = r.random()
    if big and k < 0.05:
        return str(r.randint(10 ** 10, 10 ** 14))
    if k < 0.5:
        return str(r.randint(0, 3))
    if k < 0.85:
        return str(r.randint(0, 20))
    return str(r.randint(0, 2025))


def pairs_of(r, n, make, variant):
    """Half random pairs, half near neighbours (where orders are decided)."""
    out = []
    while len(out) < n:
        a = make(r)
        k = r.random()
        b = a if k < 0.05 else variant(r, a) if k < 0.55 else make(r)
        if a and b and " " not in a + b:
            out.append((a, b))
    return out


def bump(r, s):
    spots = [i for i, c in enumerate(s) if c.isdigit()]
    if not spots:
        return s + "1"
    i = r.choice(spots)
    return s[:i] + str((int(s[i]) + r.choice([1, 9])) % 10) + s[i + 1:]


def generic_variant(extra):
    def variant(r, s):
        edits = [lambda x: x + ".0", lambda x: bump(r, x), lambda x: x[:-1] or x,
                 lambda x: x + r.choice(extra), lambda x: x.upper(), lambda x: x.replace(".", "-", 1)]
        return r.choice(edits)(s)
    return variant


# ---- PyPI -----------------------------------------------------------------

def pypi_version(r):
    v = "v" if r.random() < 0.05 else ""
    if r.random() < 0.1:
        v += r.choice(["0", "1", "2"]) + "!"
    v += ".".join(num(r, True) for _ in range(r.randint(1, 4)))
    if r.random() < 0.35:
        v += r.choice(["", "", ".", "-", "_"]) + r.choice(
            ["a", "b", "rc", "alpha", "beta", "c", "pre", "preview", "A", "RC", "Beta"]) + r.choice(
            ["", "", ".", "-"]) + r.choice(["", num(r)])
    if r.random() < 0.25:
        v += r.choice([".post" + num(r), "-" + num(r), ".rev" + num(r), "post", "-r" + num(r), "_post" + num(r),
                       ".POST" + num(r)])
    if r.random() < 0.25:
        v += r.choice([".dev" + num(r), "dev", "-dev" + num(r), ".DEV", "dev" + num(r)])
    if r.random() < 0.12:
        v += "+" + r.choice(["abc", "ubuntu-1", "1.2", "local.7", "Z9", "a.b.1", "0"])
    if r.random() < 0.04:
        v += r.choice(["-foo", "+", "..", "-", "xyz"])
    return v


def pypi_oracle(pairs):
    try:
        from packaging.version import Version, InvalidVersion
    except ImportError:
        return None

    def parse(s):
        try:
            return Version(s)
        except InvalidVersion:
            return None
    out = []
    for a, b in pairs:
        va, vb = parse(a), parse(b)
        if va is None or vb is None:
            out.append(invalid_rule(va is not None, vb is not None, a, b))
        else:
            out.append(sign((va > vb) - (va < vb)))
    return out, "packaging.version"


# ---- npm (node-semver) ------------------------------------------------------

def semver_num(r):
    return str(r.choice([0, 0, 1, 1, 2, 3, 10, 11, r.randint(0, 999)]))


def npm_version(r):
    v = ("v" if r.random() < 0.1 else "") + ".".join(semver_num(r) for _ in range(3))
    if r.random() < 0.5:
        ids = [r.choice(["alpha", "beta", "rc", "0", "1", "2", "11", "x-y", "a1", "Z", "beta-2", "pre", "-"])
               for _ in range(r.randint(1, 3))]
        v += "-" + ".".join(ids)
    if r.random() < 0.15:
        v += "+" + r.choice(["build.1", "sha.5114f85", "001", "x"])
    return v


def node_module():
    for path in ("/usr/share/nodejs/semver", "/usr/lib/node_modules/semver",
                 "/usr/lib/node_modules/npm/node_modules/semver"):
        if os.path.isfile(os.path.join(path, "package.json")):
            return path
    return None


def npm_oracle(pairs):
    mod = node_module()
    if not shutil.which("node") or not mod:
        return None
    # functions/ only: the package's index also loads ranges, which need
    # lru-cache, a module not every installation carries
    script = ("const compare=require(%s),valid=require(%s);"
              "const lines=require('fs').readFileSync(0,'utf8').split('\\n');"
              "const out=[];for(const l of lines){if(!l)continue;const [a,b]=l.split(' ');"
              "out.push(valid(a)&&valid(b)?compare(a,b):'?');}console.log(out.join('\\n'));") % (
        json.dumps(mod + "/functions/compare"), json.dumps(mod + "/functions/valid"))
    res = run([shutil.which("node"), "-e", script], pairs)
    return [None if x == "?" else int(x) for x in res], "node-semver (%s)" % mod


# ---- RubyGems ---------------------------------------------------------------

def ruby_version(r):
    v = ".".join(num(r, True) for _ in range(r.randint(1, 4)))
    if r.random() < 0.4:
        v += r.choice([".a", ".b", ".pre", ".rc", ".beta", ".A", "."]) + r.choice(["", num(r), ".1", "a", ".0"])
    if r.random() < 0.15:
        v += "-" + r.choice(["rc1", "pre", "1", "beta.2", "a-b"])
    if r.random() < 0.15:
        v += ".0" * r.randint(1, 2)
    if r.random() < 0.04:
        v = r.choice(["1beta", "junk", "1.0-", "", "1..2"]) + v[:0]
    return v


def ruby_oracle(pairs):
    if not shutil.which("ruby"):
        return None
    script = ("STDIN.each_line{|l| a,b=l.chomp.split(' ',2); a||=''; b||='';"
              "ca=Gem::Version.correct?(a); cb=Gem::Version.correct?(b);"
              "puts((ca && cb) ? (Gem::Version.new(a)<=>Gem::Version.new(b)) : '?')}")
    res = run([shutil.which("ruby"), "-e", script], pairs)
    valid = [tuple(int(x) for x in ln.split()) for ln in run([shutil.which("ruby"), "-e", RUBY_VALID], pairs)]
    out = [invalid_rule(va == 1, vb == 1, a, b) if x == "?" else int(x)
           for (a, b), x, (va, vb) in zip(pairs, res, valid)]
    return out, "Gem::Version (ruby %s)" % subprocess.run(
        [shutil.which("ruby"), "-e", "print RUBY_VERSION"], capture_output=True, text=True).stdout


RUBY_VALID = ("STDIN.each_line{|l| a,b=l.chomp.split(' ',2);"
              "puts [Gem::Version.correct?(a||'') ? 1:0, Gem::Version.correct?(b||'') ? 1:0].join(' ')}")


# ---- Maven ------------------------------------------------------------------

MAVEN_WORDS = ["alpha", "a", "beta", "b", "m", "milestone", "rc", "cr", "snapshot", "SNAPSHOT", "ga", "final",
               "release", "sp", "foo", "xyz", "RC", "Final", "jre", "android"]


def maven_version(r):
    v = num(r, True)
    for _ in range(r.randint(0, 4)):
        sep = r.choice([".", ".", "-", "-", ""])
        v += sep + (num(r, True) if r.random() < 0.55 else r.choice(MAVEN_WORDS))
    return v


def maven_jar():
    for pattern in ("/usr/share/maven/lib/maven-artifact*.jar", "/usr/share/java/maven3-artifact.jar",
                    "/usr/share/java/maven-artifact*.jar"):
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def maven_oracle(pairs):
    jar = maven_jar()
    if not shutil.which("java") or not jar:
        return None
    out = []
    for i in range(0, len(pairs), 2000):
        chunk = pairs[i:i + 2000]
        args = [x for ab in chunk for x in ab]
        p = subprocess.run([shutil.which("java"), "-cp", jar, "org.apache.maven.artifact.versioning.ComparableVersion"]
                           + args, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("ComparableVersion exited %d: %s" % (p.returncode, p.stderr[-500:]))
        results = [ln.split()[1] for ln in p.stdout.splitlines() if ln.startswith("   ")]
        if len(results) != len(args) - 1:
            raise RuntimeError("ComparableVersion printed %d comparisons for %d versions" % (len(results), len(args)))
        out += [{"<": -1, "==": 0, ">": 1}[results[2 * k]] for k in range(len(chunk))]
    return out, "ComparableVersion (%s)" % os.path.realpath(jar)


# ---- Packagist (Composer) -----------------------------------------------------

def packagist_version(r):
    k = r.random()
    if k < 0.08:
        return r.choice(["dev-master", "dev-foo", "dev-feature/x", "master", "1.x-dev", "2.1.x-dev", "1.0.x-dev",
                         "v2.x-dev", "DEV-Bar"])
    if k < 0.14:
        return r.choice(["2010", "2012"]) + r.choice(["-", ".", ""]) + "%02d" % r.randint(1, 12) + r.choice(
            ["-", ".", ""]) + "%02d" % r.randint(1, 28) + r.choice(["", "-beta", "RC1", "-dev"])
    v = r.choice(["", "", "", "v", "V"]) + ".".join(num(r) for _ in range(r.randint(1, 4)))
    if r.random() < 0.45:
        v += r.choice(["", "-", ".", "_"]) + r.choice(
            ["stable", "beta", "b", "RC", "rc", "alpha", "a", "patch", "pl", "p", "Beta", "STABLE"]) + r.choice(
            ["", num(r), "." + num(r), "-" + num(r), num(r) + "." + num(r)])
    if r.random() < 0.15:
        v += r.choice(["-dev", ".dev", "dev", "-DEV"])
    if r.random() < 0.05:
        v += r.choice(["+build.5", "@beta", "@dev"])
    if r.random() < 0.04:
        v += r.choice(["-foo", "#", ".x", "-"])
    return v


PHP_ORACLE = r'''
require "/usr/share/php/Composer/Semver/autoload.php";
use Composer\Semver\VersionParser; use Composer\Semver\Comparator;
$p = new VersionParser();
function norm($p, $v) { try { return $p->normalize($v); } catch (Exception $e) { return null; } }
while (($l = fgets(STDIN)) !== false) {
    $l = rtrim($l, "\n"); if ($l === '') continue;
    list($a, $b) = explode(' ', $l, 2);
    $na = norm($p, $a); $nb = norm($p, $b);
    if ($na === null || $nb === null) { echo "?", PHP_EOL; continue; }
    if (strpos($na, 'dev-') === 0 && strpos($nb, 'dev-') === 0) { echo ($na === $nb ? "0" : "x"), PHP_EOL; continue; }
    echo (Comparator::lessThan($na, $nb) ? "-1" : (Comparator::equalTo($na, $nb) ? "0" :
          (Comparator::greaterThan($na, $nb) ? "1" : "x"))), PHP_EOL;
}
'''

PHP_VALID = r'''
require "/usr/share/php/Composer/Semver/autoload.php";
$p = new Composer\Semver\VersionParser();
while (($l = fgets(STDIN)) !== false) {
    $l = rtrim($l, "\n"); if ($l === '') continue;
    list($a, $b) = explode(' ', $l, 2); $o = [];
    foreach ([$a, $b] as $v) { try { $p->normalize($v); $o[] = 1; } catch (Exception $e) { $o[] = 0; } }
    echo implode(' ', $o), PHP_EOL;
}
'''


def packagist_oracle(pairs):
    if not shutil.which("php") or not os.path.isfile("/usr/share/php/Composer/Semver/autoload.php"):
        return None
    res = run_php(PHP_ORACLE, pairs)
    valid = [tuple(int(x) for x in ln.split()) for ln in run_php(PHP_VALID, pairs)]
    out = []
    for (a, b), x, (va, vb) in zip(pairs, res, valid):
        if x == "?":
            out.append(invalid_rule(va == 1, vb == 1, a, b))
        else:
            out.append(None if x == "x" else int(x))  # two different branches: unordered
    return out, "composer/semver (php)"


def run_php(code, pairs):
    with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as f:
        f.write("<?php\n" + code)
        path = f.name
    try:
        return run([shutil.which("php"), path], pairs)
    finally:
        os.unlink(path)


# ---- running ------------------------------------------------------------------

def run(cmd, pairs):
    data = "".join("%s %s\n" % ab for ab in pairs).encode()
    p = subprocess.run(cmd, input=data, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (cmd[0], p.returncode, p.stderr.decode()[-500:]))
    lines = p.stdout.decode().splitlines()
    if len(lines) != len(pairs):
        raise RuntimeError("%s: %d answers for %d pairs" % (cmd[0], len(lines), len(pairs)))
    return lines


SCHEMES = {
    "pypi": (pypi_version, generic_variant([".post1", "a1", ".dev0", "+x", "rc1", "-1"]), pypi_oracle),
    "npm": (npm_version, generic_variant(["-0", "-alpha", ".beta"]), npm_oracle),
    "rubygems": (ruby_version, generic_variant([".a", ".0", ".pre.1", "-rc1"]), ruby_oracle),
    "maven": (maven_version, generic_variant(["-SNAPSHOT", ".0", "-1", "a1", "-sp", "-ga", ".foo"]), maven_oracle),
    "packagist": (packagist_version, generic_variant(["-dev", "RC1", "-beta2", ".0", "pl1"]), packagist_oracle),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ckitty")
    ap.add_argument("scheme", choices=sorted(SCHEMES))
    ap.add_argument("--pairs", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=FIXED_SEED)
    args = ap.parse_args()

    make, variant, oracle = SCHEMES[args.scheme]
    pairs = pairs_of(random.Random(args.seed), args.pairs, make, variant)
    theirs = oracle(pairs)
    if theirs is None:
        print("skipped: the %s tool is not installed (see cmake/bootstrap.sh)" % args.scheme)
        return SKIP
    theirs, name = theirs
    ours = [{"<": -1, "=": 0, ">": 1}.get(x) for x in run([args.ckitty, "vercmp", "--batch", args.scheme], pairs)]
    # the scheme after --batch gives the same answers
    after = [{"<": -1, "=": 0, ">": 1}.get(x) for x in run([args.ckitty, "vercmp", args.scheme, "--batch"], pairs)]
    bad = [(a, b, o, t) for (a, b), o, t in zip(pairs, ours, theirs) if t is not None and o != t]
    compared = sum(1 for t in theirs if t is not None)
    for a, b, o, t in bad[:MAX_SHOWN]:
        print("  DISAGREE %s: '%s' vs '%s': ckitty %s, %s %s" % (args.scheme, a, b, o, name, t))
    if after != ours:
        print("  'vercmp %s --batch' answers differ from 'vercmp --batch %s'" % (args.scheme, args.scheme))
        bad.append(None)
    print("[*] %s: %d pairs compared against %s (seed %d; %d not compared: the tool rejects a version or leaves the pair unordered): %d disagreements"
          % (args.scheme, compared, name, args.seed, len(pairs) - compared, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError) as e:
        print("[!] %s" % e)
        sys.exit(2)
