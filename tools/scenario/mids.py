"""Base rates of militarised incidents and war involving North Korea, from COW data.

Counts militarised interstate disputes (COW-MID v5.0, data/states/cow_mid_dirdisps_six.csv) with
North Korea (731) on one side and the United States, South Korea or Japan on the other, by onset
year, in 1954-2014 (after the Korean War armistice; MID ends in 2014). For each dispute it keeps
the highest hostility level reached by either side (4 = use of force, 5 = war) and whether any
side had fatalities (fatality >= 1). Wars are checked in data/states/cow_war_inter_six.csv.
Prints monthly rates with exact Poisson 95% intervals; for zero counts the upper bound is the
rate of "armed conflict" the data cannot exclude.
Usage: python3 tools/scenario/mids.py
"""
import csv
from events_sample import pois_ci
from common import COW, path

Y0, Y1 = 1954, 2014
OPP = {COW["USA"], COW["KOR"], COW["JPN"]}


def main():
    disp = {}
    with open(path("states", "cow_mid_dirdisps_six.csv"), newline="") as f:
        for r in csv.DictReader(f):
            c1, c2 = int(r["ccode1"]), int(r["ccode2"])
            if c1 != COW["PRK"] or c2 not in OPP:
                continue
            d = disp.setdefault(r["dispnum"], {"onset": 9999, "host": 0, "fatal": False})
            if r["disponset"] == "1":
                d["onset"] = min(d["onset"], int(r["year"]))
            d["host"] = max(d["host"], int(r["hostlev1"]), int(r["hostlev2"]))
            d["fatal"] |= max(int(r["fatality1"]), int(r["fatality2"])) >= 1
    ds = [d for d in disp.values() if Y0 <= d["onset"] <= Y1]
    wars = set()
    with open(path("states", "cow_war_inter_six.csv"), newline="") as f:
        for r in csv.DictReader(f):
            a, b = int(r["ccode1"]), int(r["ccode2"])
            if COW["PRK"] in (a, b) and int(r["year"]) >= Y0:
                wars.add(r["warnum"])
    months = (Y1 - Y0 + 1) * 12
    print(f"# MIDs PRK vs USA/KOR/JPN, onset {Y0}-{Y1} ({months} months)")
    print("kind,k,rate_per_month,lo95,hi95")
    for kind, k in (
        ("any MID", len(ds)),
        ("MID with use of force (hostlev>=4)", sum(d["host"] >= 4 for d in ds)),
        ("MID with fatalities", sum(d["fatal"] for d in ds)),
        ("war (hostlev 5 in MID)", sum(d["host"] >= 5 for d in ds)),
        ("interstate war involving PRK (COW war data)", len(wars)),
    ):
        lo, hi = pois_ci(k)
        print(f"\"{kind}\",{k},{k / months:.5f},{lo / months:.5f},{hi / months:.5f}")
    last10 = [d for d in ds if d["onset"] >= Y1 - 9]
    m10 = 120
    print(f"# last 10 years ({Y1 - 9}-{Y1}): use of force {sum(d['host'] >= 4 for d in last10)}, "
          f"fatal {sum(d['fatal'] for d in last10)}, per month "
          f"{sum(d['host'] >= 4 for d in last10) / m10:.4f} / {sum(d['fatal'] for d in last10) / m10:.4f}")


if __name__ == "__main__":
    main()
