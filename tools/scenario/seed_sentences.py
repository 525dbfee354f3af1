"""Numbered sentences of the seed, so that citations "P4.S2" (paragraph 4, sentence 2) resolve.

Paragraphs are the seed's lines, counted from 1; sentences are split after . ! or ? followed by
whitespace and a capital letter or an opening quote.
Usage: python3 tools/scenario/seed_sentences.py [ID ...]   (no ID: print all)
"""
import os
import re
import sys
from common import SHARED

SEED = os.path.join(SHARED, "seed", "000_29c8031b7af94503.txt")


def sentences():
    with open(SEED, encoding="utf-8") as f:
        text = f.read()
    out = {}
    for i, para in enumerate(text.split("\n"), 1):
        for j, s in enumerate(re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c])", para.strip()), 1):
            if s:
                out[f"P{i}.S{j}"] = s
    return out


def quote(sid):
    s = sentences()
    if sid not in s:
        raise SystemExit(f"no sentence {sid} in {SEED}")
    return s[sid]


def main():
    s = sentences()
    for sid in sys.argv[1:] or list(s):
        print(f"{sid}: {quote(sid)}")


if __name__ == "__main__":
    main()
