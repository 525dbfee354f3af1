"""Baseline relations from UN General Assembly roll-call votes (Voeten et al., via unvotes).

Streams data/states/un_votes.csv (870k rows; only the six actors are kept) and joins each roll
call's session and date from un_roll_calls.csv. For every unordered pair and window it prints:
  n      roll calls where both voted (yes/no/abstain; absences are not in the data),
  agree  share of identical votes,
  S      Signorino & Ritter (1999) S score, votes coded yes=1, abstain=0.5, no=0, metric distance:
         S = 1 - 2 * mean|v_i - v_j|, in [-1, 1],
  kappa  Cohen's (1960) kappa on the 3 categories (chance-corrected agreement, as recommended by
         Hage 2011, "Choice or Circumstance? Adjusting Measures of Foreign Policy Similarity for
         Chance Agreement", Political Analysis 19(3)), in [-1, 1].
Windows: UNGA session 71 (Sep 2016 - Sep 2017, the last complete session before the scenario's
mid-2017 start), session 72, and calendar years 2016 and 2017.
Also prints a centred S (S minus the mean S of the 15 pairs in the window, divided by the largest
absolute deviation) as a relative measure: which pairs vote more alike than the six do on average.
Usage: python3 tools/scenario/unvotes.py
"""
import csv
import itertools
from common import ACTORS, ISO2ACT, path

CODE = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
CATS = ["yes", "abstain", "no"]
WINDOWS = ["session71", "session72", "year2016", "year2017"]


def windows(session, date):
    out = []
    if session in (71, 72):
        out.append(f"session{session}")
    y = date[:4]
    if y in ("2016", "2017"):
        out.append(f"year{y}")
    return out


def compute():
    """Return {window: {(a, b): (n, agree, S, kappa)}} for the unordered pairs of ACTORS."""
    meta = {}
    with open(path("states", "un_roll_calls.csv"), newline="") as f:
        for r in csv.DictReader(f):
            try:
                meta[int(float(r["rcid"]))] = (int(float(r["session"])), r["date"])
            except ValueError:
                continue
    votes = {}  # (window, rcid) -> {actor: vote}
    with open(path("states", "un_votes.csv"), newline="") as f:
        for r in csv.DictReader(f):
            a = ISO2ACT.get(r["country_code"])
            if a is None or r["vote"] not in CODE:
                continue
            rc = int(float(r["rcid"]))
            if rc not in meta:
                continue
            for w in windows(*meta[rc]):
                votes.setdefault((w, rc), {})[a] = r["vote"]
    out = {}
    for w in WINDOWS:
        res = {}
        for a, b in itertools.combinations(ACTORS, 2):
            pairs = [
                (v[a], v[b]) for (ww, _), v in votes.items() if ww == w and a in v and b in v
            ]
            n = len(pairs)
            if n == 0:
                continue
            agree = sum(x == y for x, y in pairs) / n
            s = 1 - 2 * sum(abs(CODE[x] - CODE[y]) for x, y in pairs) / n
            pa = {c: sum(x == c for x, _ in pairs) / n for c in CATS}
            pb = {c: sum(y == c for _, y in pairs) / n for c in CATS}
            pe = sum(pa[c] * pb[c] for c in CATS)
            kappa = (agree - pe) / (1 - pe) if pe < 1 else float("nan")
            res[(a, b)] = (n, agree, s, kappa)
        out[w] = res
    return out


def main():
    allres = compute()
    for w in WINDOWS:
        res = allres[w]
        mean_s = sum(v[2] for v in res.values()) / len(res)
        dev = max(abs(v[2] - mean_s) for v in res.values())
        print(f"# window {w}: mean S over 15 pairs = {mean_s:.4f}, max |S - mean| = {dev:.4f}")
        print("a,b,n,agree,S,kappa,S_centred")
        for (a, b), (n, agree, s, kappa) in res.items():
            print(f"{a},{b},{n},{agree:.4f},{s:.4f},{kappa:.4f},{(s - mean_s) / dev:.4f}")
        print()


if __name__ == "__main__":
    main()
