#!/usr/bin/python3
"""Differential test of `ckitty vercmp --batch` against the package managers'
own code: python3-apt's apt_pkg.version_compare and `dpkg --compare-versions`
for Debian versions, python3-rpm's rpm.labelCompare for rpm EVR strings.

Random versions come from two seeds: a fixed one (the same cases every run)
and one that changes with the time (printed, so a failure can be re-run with
--seed). Exit 0 when every answer agrees, 1 naming the pairs that differ,
2 on a usage or run error, 77 (skipped) when python3-apt is missing.

    /usr/bin/python3 vercmp_differential.py path/to/ckitty [--seed N] [--pairs N]
"""
import argparse
import random
import subprocess
import sys
import time

FIXED_SEED = 20240611
MAX_SHOWN = 20

try:
    import apt_pkg
except ImportError:
    print("skipped: python3-apt (apt_pkg) is not importable by", sys.executable)
    sys.exit(77)


def sign(x):
    return (x > 0) - (x < 0)


# ---- random Debian versions ------------------------------------------------

def digits(r):
    """A digit run: short, with leading zeros, or very long (past 64 bits)."""
    kind = r.random()
    if kind < 0.08:
        return "".join(r.choice("0123456789") for _ in range(r.randint(20, 45)))
    if kind < 0.2:
        return "0" * r.randint(1, 3) + str(r.randint(0, 99))
    return str(r.randint(0, 30 if r.random() < 0.7 else 99999))


def deb_chunk(r, upstream, has_epoch, has_revision):
    allowed = ".+~" + ("-" if upstream and has_revision else "") + (":" if upstream and has_epoch else "")
    kind = r.random()
    if kind < 0.45:
        return r.choice(".....+~") + digits(r) if r.random() < 0.8 else r.choice(allowed) + digits(r)
    if kind < 0.75:
        letters = "abcxyzABZ" if r.random() < 0.8 else "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        return "".join(r.choice(letters) for _ in range(r.randint(1, 4)))
    if kind < 0.9:
        return r.choice(["~rc", "~beta", "~~", "~", "+dfsg", "+b", "+really", "~bpo", "+deb", "u"]) + (
            digits(r) if r.random() < 0.6 else "")
    return r.choice(allowed)


def deb_part(r, upstream, has_epoch, has_revision):
    s = digits(r) if upstream or r.random() < 0.8 else r.choice("abz")
    for _ in range(r.randint(0, 5)):
        s += deb_chunk(r, upstream, has_epoch, has_revision)
    return s


def deb_version(r):
    has_epoch = r.random() < 0.3
    has_revision = r.random() < 0.6
    v = ""
    if has_epoch:
        v = r.choice(["0", "1", "2", "00", "007", str(r.randint(0, 2147483647))]) + ":"
    v += deb_part(r, True, has_epoch, has_revision)
    if has_revision:
        v += "-" + deb_part(r, False, has_epoch, has_revision)
    return v


def deb_variant(r, v):
    """A near neighbour of v, where orderings are decided by small details."""
    edits = [
        lambda s: s + "~rc1", lambda s: s + "~", lambda s: s + "+b1", lambda s: s + ".0",
        lambda s: s + "a", lambda s: s.replace(".", ".0", 1), lambda s: s.replace("~", "", 1),
        lambda s: "1:" + s if ":" not in s else s.split(":", 1)[1],
        lambda s: s + "-1" if "-" not in s else s + ".1",
        lambda s: s[:-1] if len(s) > 1 and s[-2] not in "-:" else s,
        lambda s: bump_digit(r, s),
    ]
    return r.choice(edits)(v)


def bump_digit(r, s):
    spots = [i for i, c in enumerate(s) if c.isdigit()]
    if not spots:
        return s
    i = r.choice(spots)
    return s[:i] + str((int(s[i]) + r.choice([1, 9])) % 10) + s[i + 1:]


def deb_valid(v):
    """What dpkg accepts without an error or a warning: a numeric epoch that
    fits an int, an upstream part starting with a digit, a non-empty
    revision, only the characters deb-version(7) allows."""
    rest = v
    if ":" in v:
        epoch, rest = v.split(":", 1)
        if not epoch.isdigit() or int(epoch) > 2147483647:
            return False
    upstream, revision = rest.rsplit("-", 1) if "-" in rest else (rest, None)
    if not upstream or not upstream[0].isdigit() or revision == "":
        return False
    if revision is not None and any(c in "-:" for c in revision):
        return False
    ok = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+~-:")
    return all(c in ok for c in rest)


def deb_pairs(r, n):
    pairs = []
    while len(pairs) < n:
        a = deb_version(r)
        kind = r.random()
        b = a if kind < 0.05 else deb_variant(r, a) if kind < 0.6 else deb_version(r)
        if deb_valid(a) and deb_valid(b):
            pairs.append((a, b))
    return pairs


# ---- random rpm EVR strings -------------------------------------------------

def rpm_segment_string(r):
    seps = "._+~^"
    s = digits(r) if r.random() < 0.8 else r.choice(["a", "rc", "git", "el", "Z"])
    for _ in range(r.randint(0, 5)):
        k = r.random()
        if k < 0.45:
            s += r.choice(seps) + digits(r)
        elif k < 0.75:
            s += (r.choice(seps) if r.random() < 0.5 else "") + "".join(
                r.choice("abcelrxyzABZ") for _ in range(r.randint(1, 3)))
        elif k < 0.9:
            s += r.choice(["~rc1", "^git1", "~", "^", ".el9", ".el9_3", ".fc40", "_1", "+dfsg", "..", "~~"])
        else:
            s += r.choice(seps)
    return s


def rpm_version(r):
    v = ""
    if r.random() < 0.3:
        v = r.choice(["0", "1", "2", "00", "", str(r.randint(0, 99999))]) + ":"
    v += rpm_segment_string(r)
    if r.random() < 0.75:
        v += "-" + rpm_segment_string(r)
    return v


def rpm_evr(v):
    """rpm's own split of an EVR string (parseEVR)."""
    i = 0
    while i < len(v) and v[i].isdigit():
        i += 1
    epoch, rest = (v[:i] or "0", v[i + 1:]) if i < len(v) and v[i] == ":" else (None, v)
    if "-" in rest:
        version, release = rest.rsplit("-", 1)
    else:
        version, release = rest, None
    return epoch, version, release


def rpm_pairs(r, n):
    pairs = []
    while len(pairs) < n:
        a = rpm_version(r)
        kind = r.random()
        if kind < 0.05:
            b = a
        elif kind < 0.6:
            b = r.choice([a + "~rc1", a + "^1", a + ".0", a + "a", bump_digit(r, a), a.replace(".", "_", 1),
                          a.rsplit("-", 1)[0], a + "-1" if "-" not in a else a + ".1", "1:" + a])
        else:
            b = rpm_version(r)
        if " " not in a + b and a and b:
            pairs.append((a, b))
    return pairs


# ---- running ckitty ---------------------------------------------------------

def run_batch(ckitty, scheme, pairs):
    data = "".join(f"{a} {b}\n" for a, b in pairs).encode()
    t0 = time.monotonic()
    p = subprocess.run([ckitty, "vercmp", "--batch", scheme], input=data, capture_output=True)
    elapsed = time.monotonic() - t0
    if p.returncode != 0:
        raise RuntimeError(f"ckitty vercmp --batch {scheme} exited {p.returncode}: {p.stderr.decode()}")
    answers = p.stdout.decode().splitlines()
    if len(answers) != len(pairs):
        raise RuntimeError(f"ckitty vercmp --batch {scheme}: {len(answers)} answers for {len(pairs)} pairs")
    return [{"<": -1, "=": 0, ">": 1}.get(x, None) for x in answers], elapsed


def dpkg_compare(a, b):
    for op, result in (("lt", -1), ("eq", 0)):
        rc = subprocess.run(["dpkg", "--compare-versions", a, op, b], capture_output=True).returncode
        if rc == 0:
            return result
        if rc != 1:
            return None
    return 1


def report(name, pairs, ours, theirs, oracle):
    bad = [(a, b, o, t) for (a, b), o, t in zip(pairs, ours, theirs) if o != t]
    for a, b, o, t in bad[:MAX_SHOWN]:
        print(f"  DISAGREE {name}: '{a}' vs '{b}': ckitty {o}, {oracle} {t}")
    print(f"[*] {name}: {len(pairs)} pairs against {oracle}: {len(bad)} disagreements")
    return len(bad)


def check_cli(ckitty):
    """Exit codes and messages of bad usage; one-pair mode agrees with batch."""
    failures = 0
    for args, want_rc, want_text in (
        ([], 2, "vercmp"), (["--batch"], 2, "--batch"), (["pkg", "1", "2"], 2, "unknown version scheme"),
        (["deb", "1"], 2, "vercmp"), (["--help"], 0, "Usage: ckitty vercmp"), (["deb", "1:1.0", "2.0"], 0, ">"),
        (["rpm", "1.0~rc1", "1.0"], 0, "<"), (["apk", "1.0_rc1", "1.0"], 0, "<"),
        (["deb", "1.0-0", "1.0"], 0, "="),
    ):
        p = subprocess.run([ckitty, "vercmp"] + args, capture_output=True)
        text = (p.stdout + p.stderr).decode()
        if p.returncode != want_rc or want_text not in text:
            print(f"  CLI: 'ckitty vercmp {' '.join(args)}' gave exit {p.returncode} and {text!r}")
            failures += 1
    p = subprocess.run([ckitty, "vercmp", "--batch", "deb"], input=b"1.0 2.0\n\njust-one\r\n2 1\r\n1 1",
                       capture_output=True)
    if p.returncode != 2 or p.stdout.decode().splitlines() != ["<", "", "?", ">", "="] \
            or b"line 3" not in p.stderr:
        print(f"  CLI: batch with a bad line gave exit {p.returncode}, {p.stdout!r}, {p.stderr!r}")
        failures += 1
    print(f"[*] CLI usage checks: {failures} failures")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ckitty")
    ap.add_argument("--seed", type=int, help="the varying seed to use (printed by an earlier run)")
    ap.add_argument("--pairs", type=int, default=3000, help="pairs per seed and scheme")
    ap.add_argument("--dpkg-spots", type=int, default=300)
    args = ap.parse_args()

    varying = args.seed if args.seed is not None else time.time_ns() % 1000000007
    print(f"[*] seeds: fixed {FIXED_SEED}, varying {varying} "
          f"(re-run: {sys.argv[0]} {args.ckitty} --seed {varying})")
    apt_pkg.init_system()
    bad = check_cli(args.ckitty)

    deb = deb_pairs(random.Random(FIXED_SEED), args.pairs) + deb_pairs(random.Random(varying), args.pairs)
    ours, elapsed = run_batch(args.ckitty, "deb", deb)
    print(f"[*] deb: {len(deb)} pairs through ckitty vercmp --batch in {elapsed:.2f} s")
    bad += report("deb", deb, ours, [sign(apt_pkg.version_compare(a, b)) for a, b in deb], "apt_pkg")
    spots = random.Random(varying).sample(range(len(deb)), min(args.dpkg_spots, len(deb)))
    bad += report("deb", [deb[i] for i in spots], [ours[i] for i in spots],
                  [dpkg_compare(*deb[i]) for i in spots], "dpkg --compare-versions")

    try:
        import rpm
    except ImportError:
        print("[?] rpm: python3-rpm is not importable; rpm part skipped")
        rpm = None
    if rpm is not None:
        pairs = rpm_pairs(random.Random(FIXED_SEED + 1), args.pairs) + rpm_pairs(random.Random(varying + 1),
                                                                                  args.pairs)
        ours, elapsed = run_batch(args.ckitty, "rpm", pairs)
        print(f"[*] rpm: {len(pairs)} pairs through ckitty vercmp --batch in {elapsed:.2f} s")
        theirs = [sign(rpm.labelCompare(rpm_evr(a), rpm_evr(b))) for a, b in pairs]
        bad += report("rpm", pairs, ours, theirs, "rpm.labelCompare")

    print("[$] all agree" if not bad else f"[!] {bad} disagreements or failures")
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError) as e:
        print(f"[!] {e}")
        sys.exit(2)
