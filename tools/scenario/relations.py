"""Baseline relations r_ij in [-1, 1] for the 30 directed pairs of the six actors.

  prior_ij = kappa_ij + W_DEF * def_ij + W_CON * con_ij           (symmetric)
  base_ij  = clip(prior_ij + sum of the seed adjustments on (i -> j), -1, 1)
kappa_ij: Cohen's kappa of UNGA votes in session 71 (Sep 2016 - Sep 2017, unvotes.py);
def_ij / con_ij: 1 if ATOP v5.1 records a defence / consultation obligation between i and j in
2017 in either direction (atop.py); W_DEF = 0.3 and W_CON = 0.1 are modelling choices.
Each seed adjustment quotes its sentence (sentence id P<paragraph>.S<sentence> of seed_sentences.py) and has a
low/high range that becomes the scenario's distribution for that baseline.
Prints the table and the share of balanced triangles of the symmetric part (mean of r_ij, r_ji).
Usage: python3 tools/scenario/relations.py
"""
import itertools
import atop
import unvotes
from seed_sentences import quote
from common import ACTORS

W_DEF, W_CON = 0.3, 0.1
NO_ADJ_SPREAD = 0.1
WINDOW = "session71"

# (source, target, adjustment, low, high, seed sentence id); the sentence is read from the seed.
ADJ = [
    ("USA", "CHN", -0.30, -0.40, -0.20, "P3.S4"),
    ("CHN", "USA", -0.30, -0.40, -0.20, "P3.S4"),
    ("CHN", "PRK", -0.70, -0.90, -0.50, "P4.S1"),
    ("PRK", "CHN", -0.50, -0.70, -0.30, "P4.S1"),
    ("KOR", "CHN", -0.40, -0.55, -0.25, "P5.S1"),
    ("CHN", "KOR", -0.30, -0.45, -0.15, "P5.S1"),
    ("USA", "RUS", -0.30, -0.40, -0.20, "P6.S2"),
    ("RUS", "USA", -0.30, -0.40, -0.20, "P6.S2"),
    ("CHN", "JPN", -0.30, -0.40, -0.20, "P6.S4"),
    ("JPN", "CHN", -0.30, -0.40, -0.20, "P6.S4"),
    ("KOR", "JPN", -0.35, -0.50, -0.20, "P6.S6"),
    ("JPN", "KOR", -0.25, -0.40, -0.10, "P6.S5"),
    ("USA", "PRK", -0.30, -0.50, -0.10, "P1.S1"),
    ("PRK", "USA", -0.30, -0.50, -0.10, "P7.S3"),
]


def clip(x):
    return max(-1.0, min(1.0, x))


def compute():
    uv = unvotes.compute()[WINDOW]
    al = atop.compute(2017)
    prior = {}
    for a, b in itertools.permutations(ACTORS, 2):
        key = (a, b) if (a, b) in uv else (b, a)
        kappa = uv[key][3]
        d = max(al.get((a, b), (0, 0))[0], al.get((b, a), (0, 0))[0])
        c = max(al.get((a, b), (0, 0))[1], al.get((b, a), (0, 0))[1])
        prior[(a, b)] = (kappa, d, c, kappa + W_DEF * d + W_CON * c)
    adj = {(s, t): (x, lo, hi, par) for s, t, x, lo, hi, par in ADJ}
    rows = []
    for a, b in itertools.permutations(ACTORS, 2):
        kappa, d, c, p = prior[(a, b)]
        # no seed adjustment: +-NO_ADJ_SPREAD, about half the kappa spread between sessions 71 and 72
        x, lo, hi, par = adj.get((a, b), (0.0, -NO_ADJ_SPREAD, NO_ADJ_SPREAD, None))
        rows.append((a, b, kappa, d, c, p, x, clip(p + x), clip(p + lo), clip(p + hi), par))
    return rows


def main():
    rows = compute()
    print(f"# prior = kappa({WINDOW}) + {W_DEF}*defence + {W_CON}*consultation (ATOP 2017)")
    print("source,target,kappa,atop_def,atop_con,prior,seed_adj,base,base_lo,base_hi,seed_sentence")
    for a, b, kappa, d, c, p, x, base, lo, hi, par in rows:
        print(f"{a},{b},{kappa:.3f},{d},{c},{p:.3f},{x:+.2f},{base:.2f},{lo:.2f},{hi:.2f},{par or ''}")
    print()
    print("# seed adjustments: source,target,adj,low,high,sentence_id,sentence")
    for s, t, x, lo, hi, par in ADJ:
        print(f"{s},{t},{x:+.2f},{lo:+.2f},{hi:+.2f},{par},\"{quote(par)}\"")
    print()
    for label, m in (("data prior", {(r[0], r[1]): r[5] for r in rows}),
                     ("baseline", {(r[0], r[1]): r[7] for r in rows})):
        sym = {k: (m[k] + m[(k[1], k[0])]) / 2 for k in m}
        tri = list(itertools.combinations(ACTORS, 3))
        bal = sum(sym[(i, j)] * sym[(j, k)] * sym[(i, k)] > 0 for i, j, k in tri)
        print(f"# {label}: balanced triangles (product of signs > 0) {bal} of {len(tri)}")


if __name__ == "__main__":
    main()
