"""A small generated archive for the one-path tests: same input, every path, same counts.

:func:`generated_documents` gives ``n`` records (doc_id, outlet, date, text) over three
outlets and five months of 2021, deterministically (no randomness): sentences with loaded
terms of the built-in lexicon, boilerplate the cleaning rules remove (a date marker, a
promo line, an agency credit, a photo caption, a capitalised headline holding a loaded
term, so that cleaning changes hits as well as tokens), CRLF line ends and a byte order
mark in some texts, dates by day, by month only or missing, and "empty" documents: one of
boilerplate only (nothing left once cleaned) and one without a word ("— … —").
"""

from __future__ import annotations

import json

import pandas as pd

OUTLETS = ("Courier", "Ledger", "Tribune")

SENTENCES = (
    "The regime claimed the protest was a hoax.",
    "Officials said the so-called activists were foreign-funded thugs.",
    "Baseless rumours spread as the puppet government denied everything.",
    "A quiet day in the capital; shops opened late.",
    "Heroes of the resistance, the opposition says, faced massive aggression.",
    "The election fraud claims were groundless, observers confirm.",
)

BOILERPLATE = (
    "CLICK HERE TO GET THE COURIER APP",
    "The Associated Press contributed to this report.",
    "Crowds in the square (Photo Credit: Staff/Wire)",
    "THE REGIME FALLS IN THE NIGHT",
)


def _text(i: int) -> str:
    if i % 17 == 5:
        return "CLICK HERE TO GET THE LEDGER APP"  # nothing left once cleaned
    if i % 17 == 11:
        return "\u2014 \u2026 \u2014"  # no word at all
    body = [" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3)) for _ in range(1 + i % 2)]
    lines = [body[0]]
    if i % 2:
        lines.append(BOILERPLATE[(i // 2) % len(BOILERPLATE)])
    lines.extend(body[1:])
    if i % 5 == 0:
        lines.append(BOILERPLATE[1])
    text = "\n\n".join(lines) + "\n"
    if i % 4 == 0:
        text = f"date 2021-0{1 + i % 5}-0{1 + i % 9} " + text
    if i % 6 == 1:
        text = text.replace("\n", "\r\n")
    if i % 13 == 3:
        text = "\ufeff" + text
    return text


def _date(i: int) -> str:
    if i % 19 == 7:
        return ""
    if i % 11 == 4:
        return f"2021-0{1 + i % 5}"
    return f"2021-0{1 + i % 5}-{1 + (7 * i) % 28:02d}"


def generated_documents(n: int = 60) -> pd.DataFrame:
    """``n`` records: doc_id (``g000`` ...), outlet, date, text (as read: boilerplate, CRLF and BOM kept)."""
    return pd.DataFrame(
        {
            "doc_id": [f"g{i:03d}" for i in range(n)],
            "outlet": [OUTLETS[i % len(OUTLETS)] for i in range(n)],
            "date": [_date(i) for i in range(n)],
            "text": [_text(i) for i in range(n)],
        }
    )


def write_jsonl(records: pd.DataFrame, path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in records.to_dict("records"):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


#: A study design: six outlets, three leans, four topics (:func:`study_documents`).
STUDY_OUTLETS = {"Courier": "left", "Ledger": "left", "Tribune": "center", "Herald": "center",
                 "Sentinel": "right", "Gazette": "right"}  # fmt: skip
TOPICS = ("economy", "election", "health", "protest")
#: Months of 2021 with documents: April, July, August and October to December are gaps.
STUDY_MONTHS = (1, 2, 3, 5, 6, 9)


def study_documents(n: int = 240) -> pd.DataFrame:
    """``n`` short records: doc_id (``s000`` ...), outlet, lean, topic, desk, date, text (deterministic).

    Outlet ``i % 6``, its lean (:data:`STUDY_OUTLETS`), topic ``(i // 6) % 4``; ``desk`` is missing
    (None) when ``i % 14 == 3`` and blank when ``i % 14 == 10``, else news / opinion; dates in
    :data:`STUDY_MONTHS` (``(i // 5) % 6``, gaps between), undated when ``i % 23 == 7``; texts as
    :func:`generated_documents`.
    """
    outlets = list(STUDY_OUTLETS)
    rows = []
    for i in range(n):
        outlet = outlets[i % len(outlets)]
        desk = None if i % 14 == 3 else "" if i % 14 == 10 else ("news", "opinion")[i % 2]
        date = "" if i % 23 == 7 else f"2021-{STUDY_MONTHS[(i // 5) % len(STUDY_MONTHS)]:02d}-{1 + (5 * i) % 28:02d}"
        rows.append((f"s{i:03d}", outlet, STUDY_OUTLETS[outlet], TOPICS[(i // 6) % len(TOPICS)], desk, date, _text(i)))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "lean", "topic", "desk", "date", "text"])
