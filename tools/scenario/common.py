"""Shared constants for the North-East Asia 2017 scenario derivation scripts.

Paths default to ../shared relative to the workspace root; override with INTRIGUE_SHARED.
Python 3 standard library only.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get(
    "INTRIGUE_SHARED", os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))
)
DATA = os.path.join(SHARED, "data")

# Order used in every table of docs/parts/scenario-research.md.
ACTORS = ["USA", "CHN", "PRK", "KOR", "JPN", "RUS"]
COW = {"USA": 2, "CHN": 710, "PRK": 731, "KOR": 732, "JPN": 740, "RUS": 365}
ISO2 = {"USA": "US", "CHN": "CN", "PRK": "KP", "KOR": "KR", "JPN": "JP", "RUS": "RU"}
COW2ACT = {v: k for k, v in COW.items()}
ISO2ACT = {v: k for k, v in ISO2.items()}


def path(*parts):
    p = os.path.join(DATA, *parts)
    if not os.path.exists(p):
        raise SystemExit(f"missing input {p} (set INTRIGUE_SHARED to the shared/ folder)")
    return p
