"""Check that the tables in docs/parts/scenario-research.md equal what the scripts compute.

Compares the 30-row baseline table (section 2.2), the CINC table (section 1) and the
position/salience table (section 3) with relations.py, cinc.py and positions.py.
Prints one line per mismatch and exits with status 1 if there is any.
Usage: python3 tools/scenario/check_doc.py
"""
import csv
import os
import re
import sys
import positions
import relations
from common import ACTORS, COW2ACT, HERE, path

DOC = os.path.normpath(os.path.join(HERE, "..", "..", "docs", "parts", "scenario-research.md"))


def num(x):
    return float(x.replace("*", "").replace(",", "").strip())


def main():
    doc = open(DOC, encoding="utf-8").read()
    bad = []
    # section 2.2
    rows = {(r[0], r[1]): r for r in relations.compute()}
    seen = 0
    for m in re.finditer(r"^\| (\w{3})->(\w{3}) \| ([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|", doc, re.M):
        a, b = m.group(1), m.group(2)
        if (a, b) not in rows:
            continue
        seen += 1
        r = rows[(a, b)]
        want = [round(r[2], 3), r[3], r[4], round(r[5], 3), round(r[6], 2), round(r[7], 2), round(r[8], 2), round(r[9], 2)]
        got = [num(m.group(i)) for i in range(3, 11)]
        if any(abs(w - g) > 0.0051 for w, g in zip(want, got)):
            bad.append(f"relations {a}->{b}: doc {got} vs script {want}")
    if seen != 30:
        bad.append(f"relations: {seen} rows found in the doc, expected 30")
    # section 1 (2022 rows)
    cinc = {}
    with open(path("states", "cow_nmc.csv"), newline="") as f:
        for r in csv.DictReader(f):
            c, y = int(float(r["ccode"])), int(float(r["year"]))
            if c in COW2ACT and y in (2016, 2017, 2022):
                cinc[(COW2ACT[c], y)] = float(r["cinc"])
    for a in ACTORS:
        for y in (2022, 2017, 2016):
            if f"{cinc[(a, y)]:.9g}"[:8] not in doc:
                bad.append(f"cinc {a} {y} {cinc[(a, y)]} not in doc")
    # section 3
    for a in ACTORS:
        pos = re.search(rf"^\| {a} \| (.+) \| \|$", doc, re.M)
        cells = pos.group(1).split(" | ") if pos else []
        for i, issue in enumerate(positions.ISSUES):
            p, lo, hi, *_ = positions.T[a][issue]
            if i >= len(cells) or cells[i].strip() != f"{p} ({lo}-{hi})":
                bad.append(f"position {a} {issue}: doc {cells[i] if i < len(cells) else None}")
    for line in bad:
        print(line)
    print(f"check_doc: {len(bad)} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
