"""Issues, positions and saliences of the North-East Asia 2017 scenario, with their sources.

Holds the table quoted in docs/parts/scenario-research.md section 3, checks it (positions and
ranges in [0, 100], low <= value <= high, salience sum <= 100 per actor, every cited seed sentence
exists) and prints it, with the salience sums and the sums of the highs (which can exceed 100:
the scenario then rescales a draw whose sum exceeds 100, see the research note).
Also prints North Korea's trade shares, used to weight the others' sanctions positions into an
effective pressure (crisis-model.md section 2.3).
Usage: python3 tools/scenario/positions.py
"""
from common import ACTORS
from seed_sentences import sentences

ISSUES = {
    "nuclear": ("North Korea's nuclear and missile programme",
                "complete, verifiable, irreversible denuclearisation (CVID)",
                "verified freeze: no nuclear or long-range missile tests, fissile production halted under inspection",
                "unconstrained expansion of the arsenal and of ICBM delivery"),
    "sanctions": ("Sanctions and pressure on North Korea",
                  "no sanctions: normal trade and aid",
                  "the UN Security Council sanctions of mid-2017 (S/RES/2270, 2321, 2356) as they stand, with livelihood exemptions",
                  "total embargo incl. crude oil and overseas labour, secondary sanctions on third-country firms, fully enforced"),
    "posture": ("US military posture in Korea / THAAD",
                "US forces withdrawn from Korea, no THAAD, no joint exercises",
                "US forces stay, THAAD frozen or removed, joint exercises suspended or scaled down",
                "THAAD fully deployed and expanded, large regular exercises, US strategic assets rotated, regional missile defence"),
    "order": ("Korean peninsula order / regime survival",
              "North Korean regime guaranteed: security assurances, peace treaty, recognition, aid",
              "armistice status quo: the regime survives without guarantees, under deterrence and containment",
              "regime change or collapse, unification under Seoul within the US alliance"),
}

# actor -> issue -> (position, low, high, salience, sal_low, sal_high, source)
# source: a seed sentence id (P<para>.S<sentence>) or "judgement: reason".
T = {
    "USA": {
        "nuclear": (0, 0, 10, 45, 35, 55, "P1.S2"),
        "sanctions": (90, 80, 100, 20, 15, 30, "P9.S2"),
        "posture": (85, 75, 95, 15, 10, 20, "P3.S5"),
        "order": (60, 50, 75, 10, 5, 20, "P8.S2"),
    },
    "CHN": {
        "nuclear": (15, 5, 30, 20, 10, 30, "P2.S1"),
        "sanctions": (55, 45, 70, 15, 10, 20, "P4.S3"),
        "posture": (10, 0, 25, 30, 20, 40, "P3.S5"),
        "order": (25, 15, 40, 35, 25, 45, "P2.S1"),
    },
    "PRK": {
        "nuclear": (95, 85, 100, 40, 30, 50, "P7.S3"),
        "sanctions": (0, 0, 5, 20, 10, 30, "judgement: the target of the sanctions"),
        "posture": (0, 0, 5, 10, 5, 15, "judgement: long-standing demand that US forces leave"),
        "order": (0, 0, 5, 30, 20, 40, "P7.S3"),
    },
    "KOR": {
        "nuclear": (10, 0, 25, 30, 20, 40, "P10.S5"),
        "sanctions": (65, 50, 80, 15, 10, 20, "P8.S2"),
        "posture": (65, 50, 80, 20, 15, 30, "P5.S1"),
        "order": (50, 40, 65, 30, 20, 40, "judgement: Moon's engagement policy; unification a long-run aim"),
    },
    "JPN": {
        "nuclear": (0, 0, 10, 50, 40, 60, "P10.S5"),
        "sanctions": (90, 80, 100, 25, 15, 30, "judgement: Japan's own embargo on North Korea; P8.S2"),
        "posture": (85, 75, 95, 15, 10, 20, "P10.S5"),
        "order": (60, 50, 70, 10, 5, 15, "judgement"),
    },
    "RUS": {
        "nuclear": (25, 10, 40, 15, 10, 25, "judgement: declared aim denuclearisation, tolerant in practice"),
        "sanctions": (30, 15, 45, 20, 10, 30, "P6.S3"),
        "posture": (15, 5, 30, 30, 20, 40, "judgement: Russia opposes THAAD with China"),
        "order": (30, 20, 40, 20, 10, 30, "judgement"),
    },
}

# North Korea's recorded trade in 2016, USD billion (ITC figures as reported by Daily NK, see the
# research note): total 6.02; China 5.51; Russia 0.076; India 0.14; Philippines 0.087.
TRADE_2016 = {"total": 6.02, "CHN": 5.51, "RUS": 0.076, "USA": 0.0, "JPN": 0.0, "KOR": 0.0}


def check():
    sents = sentences()
    for a in ACTORS:
        s = 0
        for i in ISSUES:
            p, lo, hi, sal, slo, shi, src = T[a][i]
            assert 0 <= lo <= p <= hi <= 100, (a, i)
            assert 0 <= slo <= sal <= shi <= 100, (a, i)
            assert src.startswith("judgement") or src in sents, (a, i, src)
            s += sal
        assert s <= 100, (a, s)


def main():
    check()
    for i, (name, z, m, h) in ISSUES.items():
        print(f"# issue {i}: {name} | 0 = {z} | 50 = {m} | 100 = {h}")
    print("actor,issue,position,pos_lo,pos_hi,salience,sal_lo,sal_hi,source")
    for a in ACTORS:
        for i in ISSUES:
            p, lo, hi, sal, slo, shi, src = T[a][i]
            print(f"{a},{i},{p},{lo},{hi},{sal},{slo},{shi},\"{src}\"")
    print("actor,salience_sum,salience_sum_of_highs")
    for a in ACTORS:
        print(f"{a},{sum(T[a][i][3] for i in ISSUES)},{sum(T[a][i][5] for i in ISSUES)}")
    print("actor,share_of_north_korea_trade_2016")
    for a in ACTORS:
        if a != "PRK":
            print(f"{a},{TRADE_2016[a] / TRADE_2016['total']:.4f}")


if __name__ == "__main__":
    main()
