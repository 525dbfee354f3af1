"""Monthly base rates of the scenario's stochastic event types, from the public record.

The shared event samples are one day (ICEWS, GDELT 1) or 15 minutes (GDELT 2) of machine-coded
news reports (see events_sample.py), so they cannot give monthly rates of real-world events.
The counts below are instead taken from the public record, each with the source it was read
from (URLs are stored public pages; dates of nuclear tests and UNSC resolutions are the UN record).
For each: count k over an exposure of T months, the rate k/T, and the exact Poisson 95% interval,
which the scenario can use as the range of a distribution (uniform or log-normal over it).
Usage: python3 tools/scenario/rates.py
"""
from datetime import date
from events_sample import pois_ci

DAYS_PER_MONTH = 30.44


def months(a, b):
    return ((b - a).days + 1) / DAYS_PER_MONTH


# Nuclear tests by the DPRK (UN Security Council record: condemned in S/RES/1718, 1874, 2094, 2270, 2321).
NUCLEAR_TESTS = [date(2006, 10, 9), date(2009, 5, 25), date(2013, 2, 12), date(2016, 1, 6), date(2016, 9, 9)]
# UNSC sanctions resolutions on the DPRK adopted in 2016 - June 2017: 2270 (2 Mar 2016),
# 2321 (30 Nov 2016), 2356 (2 Jun 2017).
UNSC_SANCTIONS = [date(2016, 3, 2), date(2016, 11, 30), date(2017, 6, 2)]

RECORDS = [
    # (event type, k, window start, window end, source)
    ("missile test (launch events)", 10, date(2017, 1, 1), date(2017, 6, 13),
     "CNN 2017-06-13: 'North Korea has fired 16 missiles during 10 tests in 2017' "
     "(edition.cnn.com/2017/05/29/asia/north-korea-missile-tests/index.html)"),
    ("missile test (launch events), to end Aug", 18, date(2017, 1, 1), date(2017, 8, 29),
     "Washington Post 2017-08-29 citing the CNS/NTI database: 'at least 18 missile tests' in 2017"),
    ("nuclear test, Kim Jong Un era", sum(d >= date(2012, 1, 1) for d in NUCLEAR_TESTS),
     date(2012, 1, 1), date(2017, 6, 30), "UN record of DPRK nuclear tests (2013-02-12, 2016-01-06, 2016-09-09)"),
    ("nuclear test, 2016 to mid-2017", sum(d >= date(2016, 1, 1) for d in NUCLEAR_TESTS),
     date(2016, 1, 1), date(2017, 6, 30), "UN record (2016-01-06, 2016-09-09)"),
    ("nuclear test, since first test", len(NUCLEAR_TESTS), date(2006, 10, 1), date(2017, 6, 30),
     "UN record (5 tests 2006-2016)"),
    ("UNSC sanctions resolution on DPRK", len(UNSC_SANCTIONS), date(2016, 1, 1), date(2017, 6, 30),
     "S/RES/2270, 2321, 2356"),
    ("China coast guard entry into Senkaku territorial sea", 19, date(2017, 1, 1), date(2017, 7, 17),
     "Japan Times 2017-07-17 citing the Japan Coast Guard: 'the 19th time this year'"),
]


def main():
    print("event_type,k,months,rate_per_month,lo95,hi95,source")
    for name, k, a, b, src in RECORDS:
        t = months(a, b)
        lo, hi = pois_ci(k)
        print(f"\"{name}\",{k},{t:.2f},{k / t:.3f},{lo / t:.3f},{hi / t:.3f},\"{src}\"")


if __name__ == "__main__":
    main()
