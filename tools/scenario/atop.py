"""Alliance ties among the six from ATOP v5.1 (dyad-years, via peacesciencer).

Prints, for 2016-2018 (2018 is ATOP's last year), every directed pair of the six with any
obligation, from data/states/atop_alliance_six.csv, and checks that the same rows appear in the
full data/states/atop_alliance.csv. atop_nonagg is 1 for every pair of the six in these years,
which does not discriminate between pairs (probably a multilateral instrument; the file has no
atopid to tell), so the relation baseline uses only defence and consultation obligations.
Usage: python3 tools/scenario/atop.py
"""
import csv
from common import COW2ACT, path

FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


def ties(fname, years):
    out = {}
    with open(path("states", fname), newline="") as f:
        for r in csv.DictReader(f):
            c1, c2, y = int(float(r["ccode1"])), int(float(r["ccode2"])), int(float(r["year"]))
            if y in years and c1 in COW2ACT and c2 in COW2ACT:
                out[(COW2ACT[c1], COW2ACT[c2], y)] = tuple(int(float(r[k])) for k in FLAGS)
    return out


def compute(year=2017):
    """{(a, b): (defense, consul)} for the directed pairs of the six in `year`."""
    t = ties("atop_alliance_six.csv", {year})
    return {(a, b): (v[0], v[4]) for (a, b, y), v in t.items()}


def main():
    years = {2016, 2017, 2018}
    six = ties("atop_alliance_six.csv", years)
    full = ties("atop_alliance.csv", years)
    print("a,b,year," + ",".join(FLAGS))
    for key in sorted(six, key=lambda k: (k[2], k[0], k[1])):
        if any(six[key][i] for i in (0, 1, 2, 4)):
            print(f"{key[0]},{key[1]},{key[2]}," + ",".join(map(str, six[key])))
    nonagg = sum(v[3] for v in six.values())
    print(f"# rows: {len(six)}; rows with atop_nonagg=1: {nonagg}; identical in full file: {six == full}")


if __name__ == "__main__":
    main()
