"""CAMEO codes used by the North-East Asia 2017 scenario, with names and Goldstein scores.

For each code: the GDELT event-code name (CAMEO.eventcodesfull.txt), the Goldstein score in the
GDELT lookup (CAMEO.goldsteinscale.gdelt.txt, the project's canonical table per
shared/docs/data-formats.md section 4), the ICEWS and Phoenix values for comparison, and the
GDELT QuadClass by its root rule (01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4).
Usage: python3 tools/scenario/cameo.py
"""
import csv
from common import path

# code -> what the scenario uses it for (see docs/parts/scenario-research.md section 4)
USED = [
    ("186", "Kim Jong Nam assassinated (Feb 2017)"),
    ("163", "sanctions: China's coal cut, China's measures on South Korea, UNSC resolutions"),
    ("150", "missile test / nuclear test (demonstrate military power)"),
    ("062", "US-ROK military cooperation: THAAD deployment, joint exercises (cooperative side)"),
    ("1012", "US demands China act on North Korea (demand military/policy cooperation)"),
    ("102", "demand policy support (alternative coding of the US push on China)"),
    ("120", "reject: Moon 'cannot emotionally accept' the 2015 comfort-women accord"),
    ("111", "criticize or denounce (China on THAAD)"),
    ("138", "threaten to use military force (provocation, rhetoric)"),
    ("1385", "threaten attack with WMD (nuclear threat)"),
    ("154", "mobilize or increase armed forces (military exercise, conflict side)"),
    ("152", "increase military alert status"),
    ("036", "express intent to meet or negotiate"),
    ("040", "consult (talks held)"),
    ("043", "host a visit (reciprocal state visits)"),
    ("046", "engage in negotiation"),
    ("057", "sign formal agreement (freeze / denuclearisation deal)"),
    ("0356", "express intent to de-escalate military engagement (freeze pledge)"),
    ("0862", "receive inspectors (verified freeze)"),
    ("081", "ease administrative sanctions (sanctions relief)"),
    ("061", "cooperate economically (Russian loophole trade)"),
    ("164", "halt negotiations (talks break down)"),
    ("172", "impose administrative sanctions"),
    ("190", "use conventional military force (armed conflict)"),
    ("195", "employ aerial weapons (strike)"),
]


def quad(code):
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def load_tsv(name, key=0, val=1, header=True, enc="utf-8"):
    out = {}
    with open(path("events", "cameo", name), encoding=enc, newline="") as f:
        rd = csv.reader(f, delimiter="\t")
        if header:
            next(rd)
        for r in rd:
            if len(r) > max(key, val):
                out[r[key].strip()] = r[val].strip()
    return out


def main():
    gold = load_tsv("CAMEO.goldsteinscale.gdelt.txt")
    names = load_tsv("CAMEO.eventcodesfull.txt")
    phx = load_tsv("phoenix_pipeline_goldstein_scale.tsv")
    icews = {}
    with open(path("events", "cameo", "icews_cameo-codes.csv"), encoding="latin-1", newline="") as f:
        for r in csv.DictReader(f):
            icews[r["code"]] = r["goldstein"]
    print("code,quad_gdelt,goldstein_gdelt,goldstein_icews,goldstein_phoenix,name_gdelt,scenario_use")
    for code, use in USED:
        print(
            f"{code},{quad(code)},{gold.get(code, 'NA')},{icews.get(code, 'NA')},"
            f"{phx.get(code, 'NA')},\"{names.get(code, 'NA')}\",\"{use}\""
        )


if __name__ == "__main__":
    main()
