"""How much the shared event samples can say about monthly event rates among the six.

Counts directed events between two of the six actors, by CAMEO root, in the three real samples:
  ICEWS   events.20180601.tab            one day, 2018-06-01 (US-DPRK summit preparations)
  GDELT 1 gdelt1_daily_sample_20160728.tsv, daily-update rows only (58 columns, DATEADDED 20160728)
  GDELT 2 20191024143000.export.CSV       one 15-minute update (1/96 of a day)
and prints, for the roots the scenario's stochastic event types use, the count, the implied
per-month count of *reported events* (x 30.44 days; x 96 x 30.44 for the 15-minute file) and an
exact Poisson 95% interval. These are counts of news reports coded by machine, not of real-world
events (one missile test yields dozens of coded 15x/13x records), so they are printed to show how
thin the samples are, not used as rates.
Usage: python3 tools/scenario/events_sample.py
"""
import csv
import math
from collections import Counter
from common import ACTORS, path

ICEWS_NAME = {
    "United States": "USA", "China": "CHN", "North Korea": "PRK", "South Korea": "KOR",
    "Japan": "JPN", "Russian Federation": "RUS",
}
ROOTS = ["03", "04", "05", "10", "11", "12", "13", "15", "16", "17", "18", "19", "20"]
DAYS_PER_MONTH = 30.44


def pois_cdf(k, mu):
    s, term = 0.0, math.exp(-mu)
    for i in range(k + 1):
        s += term
        term *= mu / (i + 1)
    return s


def pois_ci(k, alpha=0.05):
    """Exact (Garwood) interval for a Poisson mean, by bisection."""
    def solve(f, lo, hi):
        for _ in range(200):
            mid = (lo + hi) / 2
            if f(mid):
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2
    lo = 0.0 if k == 0 else solve(lambda m: 1 - pois_cdf(k - 1, m) < alpha / 2, 0.0, k + 50.0)
    hi = solve(lambda m: pois_cdf(k, m) > alpha / 2, 0.0, 3 * k + 50.0)
    return lo, hi


def icews():
    c = Counter()
    with open(path("events", "icews", "events.20180601.tab"), encoding="utf-8", newline="") as f:
        rd = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rd)
        for r in rd:
            s, t = ICEWS_NAME.get(r[4]), ICEWS_NAME.get(r[10])
            if s and t and s != t:
                c[r[6][:2]] += 1
    return c


def gdelt(name, ncols):
    c = Counter()
    with open(path("events", "gdelt", name), encoding="utf-8", newline="") as f:
        for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) != ncols:
                continue
            s, t = r[7], r[17]
            if s in ACTORS and t in ACTORS and s != t:
                c[r[28]] += 1
    return c


def main():
    samples = [
        ("ICEWS 2018-06-01 (1 day)", icews(), 1.0),
        ("GDELT1 2016-07-28 daily update (1 day)", gdelt("gdelt1_daily_sample_20160728.tsv", 58), 1.0),
        ("GDELT2 2019-10-24 14:30 (15 min)", gdelt("20191024143000.export.CSV", 61), 1 / 96),
    ]
    for label, c, days in samples:
        tot = sum(c.values())
        print(f"# {label}: {tot} directed events among the six (all roots)")
        print("root,count,per_month,per_month_lo95,per_month_hi95")
        for root in ROOTS:
            k = c.get(root, 0)
            lo, hi = pois_ci(k)
            f = DAYS_PER_MONTH / days
            print(f"{root},{k},{k * f:.1f},{lo * f:.1f},{hi * f:.1f}")
        print()


if __name__ == "__main__":
    main()
