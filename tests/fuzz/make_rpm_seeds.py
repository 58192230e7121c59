#!/usr/bin/env python3
"""Writes the seed corpora of fuzz_rpmbdb and fuzz_rpmndb (corpus/rpmbdb/,
corpus/rpmndb/) from the rpm headers of the project's rpmdb fixture
(tests/fixtures/pkgdb/rpm/rpmdb.sqlite, written by rpm 4.18).

  corpus/rpmbdb: Berkeley DB hash databases made by Berkeley DB 5.3 itself
    (db5.3_load, Debian's db5.3-util): rpm's counter at key 0, then the
    headers under their package numbers, the keys 4 bytes in the file's byte
    order as rpm writes them; both byte orders, page sizes 512 (every header
    on overflow pages) and 4096, and 40 entries at 512 bytes a page, whose
    buckets have split.
  corpus/rpmndb: Packages.db files laid out as rpm's lib/backend/ndb/rpmpkg.c
    writes them (Debian's rpm has no NDB backend, so they are written here):
    one slot page with the three headers; two slot pages, free slots between
    the used ones and the blobs out of package-number order.

Run by hand after the fixture changes:  python3 tests/fuzz/make_rpm_seeds.py
"""
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures", "pkgdb", "rpm", "rpmdb.sqlite")
CORPUS = os.path.join(HERE, "corpus")


def headers():
    db = sqlite3.connect(FIX)
    try:
        return [blob for (blob,) in db.execute("SELECT blob FROM Packages ORDER BY hnum")]
    finally:
        db.close()


def bdb(path, entries, big, pagesize):
    """A hash database of entries [(number, bytes)] made by db5.3_load."""
    load = shutil.which("db5.3_load")
    if not load:
        sys.exit("make_rpm_seeds.py: db5.3_load is missing (apt-get install db5.3-util)")
    pack = (lambda v: struct.pack(">I", v)) if big else (lambda v: struct.pack("<I", v))
    lines = ["VERSION=3", "format=bytevalue", "type=hash", "HEADER=END"]
    for number, value in entries:
        lines += [" " + pack(number).hex(), " " + value.hex()]
    lines.append("DATA=END")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "Packages")
        subprocess.run([load, "-t", "hash", "-c", "db_lorder=%d" % (4321 if big else 1234),
                        "-c", "db_pagesize=%d" % pagesize, out],
                       input=("\n".join(lines) + "\n").encode(), check=True)
        shutil.copyfile(out, path)


def ndb(path, slots, slotpages):
    """A Packages.db: slots [(number, header) or None for a free slot] from
    slot 2 on, the blobs one after another after the slot pages."""
    head = b"RpmP" + struct.pack("<IIII", 0, 9, slotpages, 1 + max(n for n, _ in filter(None, slots)))
    table = bytearray(b"Slot" + bytes(12)) * (slotpages * 256)
    table[0:32] = head + bytes(32 - len(head))
    blobs = bytearray()
    blk = slotpages * 256
    for i, s in enumerate(slots, start=2):
        if s is None:
            continue
        number, header = s
        size = (16 + len(header) + 12 + 15) // 16 * 16
        blob = b"BlbS" + struct.pack("<III", number, 9, len(header)) + header
        blob += bytes(size - 12 - len(blob))
        blob += struct.pack("<II", zlib.adler32(blob), len(header)) + b"BlbE"
        table[i * 16 + 4:i * 16 + 16] = struct.pack("<III", number, blk + len(blobs) // 16, size // 16)
        blobs += blob
    with open(path, "wb") as f:
        f.write(bytes(table) + bytes(blobs))


def main():
    hs = headers()
    counter = lambda n: (0, struct.pack("<I", n))
    bdir, ndir = os.path.join(CORPUS, "rpmbdb"), os.path.join(CORPUS, "rpmndb")
    os.makedirs(bdir, exist_ok=True)
    os.makedirs(ndir, exist_ok=True)
    three = [(i + 1, h) for i, h in enumerate(hs)]
    for big in (False, True):
        order = "be" if big else "le"
        c = (0, struct.pack(">I" if big else "<I", len(hs) + 1))
        for pagesize in (512, 4096):
            bdb(os.path.join(bdir, "packages-%s-%d" % (order, pagesize)), [c] + three, big, pagesize)
    bdb(os.path.join(bdir, "packages-le-512-split"),
        [counter(41)] + [(i, hs[i % len(hs)]) for i in range(1, 41)], False, 512)
    ndb(os.path.join(ndir, "packages-three"), three, 1)
    ndb(os.path.join(ndir, "packages-free-slots"),
        [(7, hs[2]), None, None, (2, hs[0]), None, (5, hs[1])], 2)


if __name__ == "__main__":
    main()
