"""A generated multi-group corpus for tests: 6 outlets, 3 leans, 4 topics, 240 short documents.

Deterministic (arithmetic on the document number, no random numbers), so that counts and
rates can be worked out by hand from the templates below:

* document i (0-239): outlet ``OUTLETS[i % 6]`` (40 each), its lean ``LEANS`` (80 each),
  topic ``TOPICS[(i // 6) % 4]`` (60 each; every topic has every outlet), date
  2021-01-01 plus 3·(i // 6) days (gaps of two days);
* text: the topic sentence, the lean sentence, then in the rounds r = i // 6 with
  r % 3 == 0 (every outlet of the round) the extra sentence of the lean, twice on the
  topic "election".  Rounds with the extra, per topic (10 rounds each): economy 4,
  election 3, health 3, border 4 (:data:`EXTRA_ROUNDS`).

Loaded terms (built-in lexicon): left "baseless" (dismissal) in the lean sentence,
"heroic" (victimhood_heroism) in the extra; right "rigged" (illegitimacy_fraud) in the
lean sentence, "massive" (exaggeration) in the extra; center none.
"""

from __future__ import annotations

import pandas as pd

OUTLETS = ("Alpha Post", "Beta Times", "Gamma Wire", "Delta News", "Epsilon Daily", "Zeta Report")
LEANS = {"Alpha Post": "left", "Beta Times": "left", "Gamma Wire": "center", "Delta News": "center",
         "Epsilon Daily": "right", "Zeta Report": "right"}
TOPICS = ("economy", "election", "health", "border")
TOPIC_SENTENCE = {
    "economy": "Prices rose again this month across the country.",
    "election": "Voters went to the polls in large numbers on Tuesday.",
    "health": "Hospitals reported fewer patients this winter.",
    "border": "Crossings at the southern border fell in March.",
}
LEAN_SENTENCE = {
    "left": "Critics called the new rules baseless.",
    "center": "Officials reviewed the new rules on Monday.",
    "right": "Critics called the new rules rigged.",
}
EXTRA_SENTENCE = {
    "left": "Nurses were praised as heroic workers.",
    "center": "The committee will meet again next week.",
    "right": "Opponents warned of massive spending.",
}

#: Rounds (of the 10 per topic) whose documents carry the extra sentence.
EXTRA_ROUNDS = {"economy": 4, "election": 3, "health": 3, "border": 4}


def text_of(i: int) -> str:
    outlet = OUTLETS[i % 6]
    lean = LEANS[outlet]
    topic = TOPICS[(i // 6) % 4]
    parts = [TOPIC_SENTENCE[topic], LEAN_SENTENCE[lean]]
    if (i // 6) % 3 == 0:
        parts += [EXTRA_SENTENCE[lean]] * (2 if topic == "election" else 1)
    return " ".join(parts)


def documents(n: int = 240) -> pd.DataFrame:
    """The documents table: doc_id, outlet, lean, topic, date, text (``n`` documents)."""
    rows = []
    for i in range(n):
        outlet = OUTLETS[i % 6]
        date = (pd.Timestamp("2021-01-01") + pd.Timedelta(days=3 * (i // 6))).strftime("%Y-%m-%d")
        rows.append((f"d{i:03d}", outlet, LEANS[outlet], TOPICS[(i // 6) % 4], date, text_of(i)))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "lean", "topic", "date", "text"])
