"""Capabilities: COW National Material Capabilities v7.0 CINC for the six actors.

Prints, for the latest year present in data/states/cow_nmc.csv (and for 2016 and 2017, the years
around the scenario's mid-2017 start), the raw components, CINC, and CINC normalised to a
share among the six (sum = 1).
Usage: python3 tools/scenario/cinc.py
"""
import csv
from common import ACTORS, COW, COW2ACT, path

COLS = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]


def main():
    rows = {}
    latest = 0
    with open(path("states", "cow_nmc.csv"), newline="") as f:
        for r in csv.DictReader(f):
            c = int(float(r["ccode"]))
            y = int(float(r["year"]))
            latest = max(latest, y)
            if c in COW2ACT:
                rows[(COW2ACT[c], y)] = r
    for year in (2016, 2017, latest):
        print(f"# COW NMC v7.0 year {year} (cow_nmc.csv)")
        print("actor,ccode," + ",".join(COLS) + ",share6")
        tot = sum(float(rows[(a, year)]["cinc"]) for a in ACTORS)
        for a in ACTORS:
            r = rows[(a, year)]
            vals = [r[c] if r[c] != "" else "NA" for c in COLS]
            share = float(r["cinc"]) / tot
            print(f"{a},{COW[a]}," + ",".join(vals) + f",{share:.4f}")
        print(f"# sum of CINC over the six in {year}: {tot:.6f}")
        print()


if __name__ == "__main__":
    main()
