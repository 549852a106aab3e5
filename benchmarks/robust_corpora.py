"""Generate small user-like corpora (JSONL) to exercise the report on ordinary inputs.

``python benchmarks/robust_corpora.py OUTDIR`` writes one ``<name>.jsonl`` per variation
(columns doc_id, outlet, lean, topic, story, date, title, text); the robustness run then calls
``python -m framing report --corpus OUTDIR/<name>.jsonl --by <col> --out ... -q`` on each.
Deterministic (``random.Random(seed)``).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SENTENCES = (
    "Officials said the new rules would take effect next month.",
    "Critics called the claims baseless and the process rigged.",
    '"This is a massive failure," said Senator Jane Smith.',
    "The protesters were described as heroic by their supporters.",
    "Prices rose again across the country, the ministry reported.",
    "Opponents warned of a radical agenda pushed by foreign-backed groups.",
    "The committee will meet again next week to review the budget.",
    "Hospitals reported fewer patients this winter than last.",
    "The president dismissed the report as fake news.",
    "Analysts expect the vote to be close in several states.",
)


def text(rng: random.Random, n: int = 6) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def rows(groups: list[str], sizes: list[int], rng: random.Random, date=None, **extra) -> list[dict]:
    out = []
    for g, k in zip(groups, sizes, strict=True):
        for j in range(k):
            i = len(out)
            d = date(i) if callable(date) else (date if date is not None else f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}")
            out.append({"doc_id": f"d{i}", "outlet": g, "lean": ("left", "center", "right")[i % 3],
                        "topic": ("economy", "election", "health", "border")[i % 4], "story": f"s{j % 10}",
                        "date": d, "title": f"Title {i}", "text": text(rng), **extra})
    return out


def variations(seed: int = 0) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    v = {}
    v["three"] = rows(["A", "B", "C"], [40, 40, 40], rng)
    v["two"] = rows(["A", "B"], [40, 40], rng)
    v["one"] = rows(["A"], [60], rng)
    v["singleton"] = rows(["A", "B", "C"], [1, 40, 40], rng)
    v["unequal"] = rows(["tiny", "huge"], [1, 500], rng)
    empty = rows(["A", "B", "C"], [30, 30, 5], rng)
    for r in empty:
        if r["outlet"] == "C":
            r["text"] = "   \n\t "
    v["emptygroup"] = empty
    v["many"] = rows([f"Outlet {k}" for k in range(65)], [6] * 65, rng)
    v["nodates"] = rows(["A", "B", "C"], [30, 30, 30], rng, date="")
    v["samedate"] = rows(["A", "B", "C"], [30, 30, 30], rng, date="2020-05-05")
    v["tenyears"] = rows(["A", "B", "C"], [60, 60, 60], rng, date=lambda i: f"{2012 + i % 11}-{1 + i % 12:02d}-15")
    fmts = ("2021-03-04", "March 5, 2021", "2021/03/06", "20210307", "07 Mar 2021", "2021-03", "2021",
            "2021-03-08T10:00:00Z", "03/09/2021", "yesterday", "")
    v["mixeddates"] = rows(["A", "B", "C"], [30, 30, 30], rng, date=lambda i: fmts[i % len(fmts)])
    names = ["New York Times", "ABC/XYZ News", "Ле Монд Ünïcødé", "12345", "X" * 150]
    v["names"] = rows(names, [20] * 5, rng)
    nohit = rows(["A", "B", "C"], [20, 20, 20], rng)
    for r in nohit:
        r["text"] = "The cat sat on the mat. The dog ran in the park. Rain fell in the morning."
    v["nohits"] = nohit
    fr = rows(["Le Monde", "Le Figaro", "Libération"], [20, 20, 20], rng)
    for r in fr:
        r["text"] = ("Le gouvernement a annoncé de nouvelles mesures. Les manifestants ont défilé à Paris. "
                     "« C'est une honte », a déclaré le député. 政府は新しい措置を発表した。")
    v["french"] = fr
    big = rows(["A", "B", "C"], [20, 20, 20], rng)
    big[0]["text"] = " ".join(SENTENCES) * (5_000_000 // len(" ".join(SENTENCES)))
    v["bigdoc"] = big
    dup = rows(["A", "B", "C"], [20, 20, 20], rng)
    dup += [dict(r) for r in dup[:10]]
    v["duplicates"] = dup
    v["pair_one_value"] = rows(["A", "B", "C"], [20, 20, 20], rng, story_all="same")
    nop = rows(["A", "B"], [20, 20], rng)
    for r in nop:
        r["story"] = f"{r['outlet']}-{r['story']}"
    v["pair_disjoint"] = nop
    v["four"] = rows(["A", "B", "C", "D"], [30, 30, 30, 30], rng)
    return v


def main(out: str) -> None:
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    for name, rs in variations().items():
        with open(d / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in rs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
