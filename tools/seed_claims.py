#!/usr/bin/env python3
"""The seed's claims (MODEL.md, hypotheses H1-H7) answered by the simulator's numbers.

Usage: python3 tools/seed_claims.py [INTRIGUE_BINARY] [--runs N] [--seed S]
Runs `intrigue run --json` on the built-in scenario (all formats, then each intervention) and
prints the markdown tables and verdicts that README.md and MODEL.md quote. Standard library only.
"""
import json, subprocess, sys

args = sys.argv[1:]
binary = "target/release/intrigue"
runs, seed = "10000", "1"
i = 0
while i < len(args):
    if args[i] == "--runs": runs = args[i + 1]; i += 2
    elif args[i] == "--seed": seed = args[i + 1]; i += 2
    else: binary = args[i]; i += 1

def run(*extra):
    out = subprocess.run([binary, "run", "--runs", runs, "--seed", seed, "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)

def p(d, fmt, out):
    f = next(f for f in d["formats"] if f["id"] == fmt)
    return f["outcomes"][out]

def diff(d, a, b, out):
    for x in d["differences"]:
        if x["a"] == a and x["b"] == b and x["outcome"] == out:
            return x["d"], x["lo"], x["hi"]
        if x["a"] == b and x["b"] == a and x["outcome"] == out:
            return -x["d"], -x["hi"], -x["lo"]
    raise KeyError((a, b, out))

def ci(o): return f"{o['p']:.3f} [{o['lo']:.3f}, {o['hi']:.3f}]"
def dci(t): return f"{t[0]:+.3f} [{t[1]:+.3f}, {t[2]:+.3f}]"

base = run()
formats = [f["id"] for f in base["formats"]]
outcomes = list(base["formats"][0]["outcomes"].keys())
print(f"Outcome probabilities, `intrigue run --runs {runs} --seed {seed}` (95% Wilson intervals):\n")
print("| format | " + " | ".join(outcomes) + " |")
print("|---" * (len(outcomes) + 1) + "|")
for f in formats:
    print(f"| {f} | " + " | ".join(ci(p(base, f, o)) for o in outcomes) + " |")

# Interventions: their ids, read from the shipped scenario (the one compiled into the binary).
import re
src = open("scenarios/northeast-asia-2017.toml").read()
interventions = re.findall(r'\[\[interventions\]\]\s*\nid = "([^"]+)"', src)
rows = []
for iv in interventions:
    d = run("--intervention", iv)
    fz, dn = p(d, "five_then_six", "freeze")["p"], p(d, "five_then_six", "denuclearisation_path")["p"]
    rows.append((iv, fz, dn, fz + dn, p(d, "china_pressure", "regime_collapse")["p"],
                 p(d, "china_pressure", "armed_conflict")["p"]))
fz0, dn0 = p(base, "five_then_six", "freeze")["p"], p(base, "five_then_six", "denuclearisation_path")["p"]
print(f"\nInterventions (same seed, so the same runs as the baseline): `intrigue run --runs {runs} --seed {seed} --intervention ID`\n")
print("| intervention | five_then_six P(freeze) | P(denuc.) | P(freeze) + P(denuc.) | china_pressure P(regime_collapse) | china_pressure P(armed_conflict) |")
print("|---|---|---|---|---|---|")
print(f"| (none) | {fz0:.3f} | {dn0:.3f} | {fz0 + dn0:.3f} | {p(base, 'china_pressure', 'regime_collapse')['p']:.3f} | {p(base, 'china_pressure', 'armed_conflict')['p']:.3f} |")
for r in rows:
    print(f"| {r[0]} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.3f} |")

def verdict(ok): return "supported" if ok else "not supported"
print("\nThe seed's claims:\n")
cp_good = p(base, "china_pressure", "freeze")["p"] + p(base, "china_pressure", "denuclearisation_path")["p"]
d1 = diff(base, "five_then_six", "china_pressure", "freeze")
print(f"- H1 (pressure through China alone does not box North Korea in): P(freeze or denuclearisation) = {cp_good:.3f} under china_pressure; five_then_six minus china_pressure on freeze {dci(d1)}: {verdict(d1[1] > 0)}.")
d2 = diff(base, "five_only", "china_pressure", "freeze")
d2w = diff(base, "five_then_six", "five_only", "denuclearisation_path")
print(f"- H2 (five-party talks raise the odds of getting North Korea back to the table): five_only minus china_pressure on freeze {dci(d2)}: {verdict(d2[1] > 0)}; widening to six (five_then_six minus five_only) on the denuclearisation path {dci(d2w)}.")
f3, n3 = p(base, "five_then_six", "freeze"), p(base, "five_then_six", "denuclearisation_path")
print(f"- H3 (a freeze is reachable where denuclearisation is not): under five_then_six P(freeze) {ci(f3)} against P(denuclearisation_path) {ci(n3)}: {verdict(f3['lo'] > n3['hi'])}.")
best = max(rows, key=lambda r: r[3])
us = next(r for r in rows if r[0] == "stabilise_us_china")
print(f"- H4 (China-US stabilisation is the most valuable repair): under five_then_six it gives P(freeze or denuclearisation) {us[3]:.3f} against {fz0 + dn0:.3f} without it; the largest is {best[0]} ({best[3]:.3f}): {verdict(best[0] == 'stabilise_us_china')}.")
lo = next(r for r in rows if r[0] == "close_russian_loophole")
print(f"- H5 (Russia's loophole weakens sanctions): closing it moves P(regime_collapse) under china_pressure from {p(base, 'china_pressure', 'regime_collapse')['p']:.3f} to {lo[4]:.3f} and P(freeze or denuclearisation) under five_then_six from {fz0 + dn0:.3f} to {lo[3]:.3f}.")
print("- H6 (nobody wants war, yet the risk is not zero): P(armed_conflict) " + ", ".join(f"{f} {p(base, f, 'armed_conflict')['p']:.3f}" for f in formats) + ".")
d7 = diff(base, "five_then_six", "bilateral_only", "freeze")
print(f"- H7 (bilateral talks work only inside the multilateral frame): five_then_six minus bilateral_only on freeze {dci(d7)}: {verdict(d7[1] > 0)}.")
