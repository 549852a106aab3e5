"""Word shift: which words make one group's average sentiment differ from another's.

Method: the word-shift decomposition of Gallagher, Frank, Mitchell, Schwartz, Reagan,
Danforth & Dodds (2021), "Generalized word shift graphs: a method for visualizing and
explaining pairwise comparisons between texts", *EPJ Data Science* 10:4 (their eq. 2-4
for a single dictionary shared by both texts).  It works on the *dictionary-weighted
average* of each text, not on VADER's rule-based compound:

* with VADER's dictionary (the default, :func:`framing.sentiment.vader_lexicon`) a token is
  a word as VADER reads it, sentence by sentence, in the text VADER is given
  (:func:`framing.sentiment.vader_input`: the words of proper names neutral, as in
  :func:`framing.sentiment.sentiment`; ``score_names=True`` scores those too), by VADER's
  own rules (Hutto & Gilbert 2014; :func:`framing.sentiment.word_readings`): a word VADER
  gives no valence of its own is not scored ("kind" in "kind of", a hedge; "no" before a
  lexicon word, which it negates instead; booster words), and a word VADER reverses
  ("want" in "do not want", "threat" in "poses no threat") is its own word ``¬want``
  scored ``s(want) * -0.74`` (VADER's negation factor).  VADER's changes of size only
  (boosters, capitals, "but", "!") are not carried: a word keeps one score.  VADER has no
  rule for word senses: "like" the preposition is scored as the verb (+1.5);
* with another dictionary (``lexicon=``) a token is a word of :func:`framing.text.tokens`
  (its ``norm``, lower case), scored when its ``norm`` is a key of the dictionary and it
  is not a word of a proper name (:func:`framing.text.name_words`; ``score_names=True``
  scores those too);
* ``p_x(w)`` = count of ``w`` in group x / count of all scored tokens of group x;
* ``mean_x = sum_w p_x(w) * s(w)``, the average score of the scored tokens of group x;
* ``contribution(w) = (p_b(w) - p_a(w)) * (s(w) - s_ref)``; because both ``p`` sum to 1,
  the contributions sum to ``mean_b - mean_a`` exactly, whatever ``s_ref``.

``s_ref`` (the reference score) decides which side of "relatively positive" a word falls
on: by default the average of group a, as Gallagher et al. suggest, so that a word pulls
b's average up when it is above a's average and used more by b.  The four kinds of word:

========  ==========================================================  ============
kind      meaning                                                      sign
========  ==========================================================  ============
``+↑``    relatively positive (``s >= s_ref``), more frequent in b       raises b
``-↓``    relatively negative (``s < s_ref``), less frequent in b        raises b
``+↓``    relatively positive, less frequent in b                        lowers b
``-↑``    relatively negative, more frequent in b                        lowers b
========  ==========================================================  ============

(``↑`` includes ``p_b == p_a``, whose contribution is 0.)  When a group has no scored
token its average is undefined: the table is empty (its contributions sum to 0) and
``attrs["difference"]`` is NaN, never a division by zero.

Pure pandas / numpy; the plot is :func:`framing.report.plots` work, from this table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from framing.contrast.groups import group_labels
from framing.contrast.table import pick_pair
from framing.schema import as_documents
from framing.stats import check_bool

__all__ = ["SHIFT", "KINDS", "NEGATED", "word_shift", "shift_components"]

#: Mark of a word VADER reads reversed ("want" in "do not want"): its row is ``¬want`` (module notes).
NEGATED = "\u00ac"

#: Columns of :func:`word_shift`, in order.
SHIFT = (
    "word",
    "count_a",
    "count_b",
    "p_a",
    "p_b",
    "s",
    "s_ref",
    "delta_p",
    "delta_s",
    "contribution",
    "kind",
    "kind_label",
)

#: The four kinds, in the order :func:`shift_components` lists them, with their labels.
KINDS = {
    "+↑": "relatively positive, more frequent in b",
    "-↓": "relatively negative, less frequent in b",
    "+↓": "relatively positive, less frequent in b",
    "-↑": "relatively negative, more frequent in b",
}


def _dictionary(lexicon) -> dict[str, float]:
    if lexicon is None:
        from framing.sentiment import vader_lexicon

        table = vader_lexicon()
        return dict(zip(table["word"], table["valence"].astype(float), strict=True))
    if isinstance(lexicon, pd.DataFrame):
        cols = [c for c in ("word", "term") if c in lexicon.columns]
        vals = [c for c in ("score", "valence", "polarity") if c in lexicon.columns]
        if not cols or not vals:
            raise ValueError(
                "lexicon as a DataFrame needs a word (or term) column and a score (or valence / polarity) "
                f"column; it has {', '.join(map(str, lexicon.columns))}"
            )
        pairs = zip(lexicon[cols[0]], lexicon[vals[0]], strict=True)
    elif isinstance(lexicon, Mapping):
        pairs = lexicon.items()
    else:
        raise TypeError(f"lexicon must be None (VADER), a mapping word -> score or a DataFrame, not {type(lexicon)}")
    out: dict[str, float] = {}
    for w, s in pairs:
        try:
            score = float(s)
        except (TypeError, ValueError):
            raise ValueError(f"lexicon: score of {w!r} is not a number: {s!r}") from None
        if not math.isfinite(score):
            raise ValueError(f"lexicon: score of {w!r} is not finite: {s!r}")
        out[str(w).lower()] = score
    return out


def _sides(docs: pd.DataFrame, by, group_a, group_b) -> tuple[str, str, list, list]:
    """Labels and doc_ids of the two sides (:func:`framing.contrast.table.pick_pair`)."""
    labels = group_labels(docs, by)
    a, b, members_a, members_b = pick_pair(labels, group_a, group_b, arg_a="group_a", arg_b="group_b", by=by,
                                           function="word_shift")
    ids_a = docs.loc[labels.isin(members_a).to_numpy(), "doc_id"].tolist()
    ids_b = docs.loc[labels.isin(members_b).to_numpy(), "doc_id"].tolist()
    return a, b, ids_a, ids_b


def _vader_tokens(sub: pd.DataFrame, voices, score_names: bool, drop: set, dictionary: dict) -> pd.DataFrame:
    """doc_id, norm of the scored words of ``sub`` as VADER reads them, sentence by sentence
    (:func:`framing.sentiment.word_readings` of :func:`framing.sentiment.vader_input`); a reversed word is
    ``¬`` + word and enters ``dictionary`` with VADER's negated valence."""
    from framing.sentiment import NEGATION_SCALAR, NONE, OWN, vader_input, word_readings
    from framing.text import sentence_spans

    if voices is None:
        spans = ((d, s, e) for d, t in zip(sub["doc_id"], sub["text"], strict=True) for s, e, _ in sentence_spans(t))
    else:
        from framing.voice import sentence_voice

        sv = sentence_voice(sub)
        sv = sv[sv["voice"].isin(voices)]
        spans = zip(sv["doc_id"], sv["start"].tolist(), sv["end"].tolist(), strict=True)
    texts = dict(zip(sub["doc_id"], sub["text"], strict=True))
    ready: dict = {}
    rows = []
    for d, s, e in spans:
        if d not in ready:
            ready[d] = vader_input(texts[d], True, score_names)
        for word, reading in word_readings(ready[d][s:e]):
            if reading == NONE or word in drop:
                continue
            if reading != OWN:
                dictionary.setdefault(NEGATED + word, dictionary[word] * NEGATION_SCALAR)
                word = NEGATED + word
            rows.append((d, word))
    return pd.DataFrame(rows, columns=["doc_id", "norm"])


def _plain_tokens(sub: pd.DataFrame, voices, score_names: bool, drop: set, dictionary: dict) -> pd.DataFrame:
    """doc_id, norm of the words of ``sub`` (:func:`framing.text.tokens`) that are keys of ``dictionary`` and not in
    ``drop``, the words of names left out unless ``score_names``, of the sentences in ``voices`` (None: all)."""
    from framing.text import name_words, tokens, word_spans

    def names(text) -> set[int]:
        return set() if score_names else {start for start, _ in name_words(text)}

    if voices is None:  # the scored words only, in token order (a tokens table is ~0.5 kB a word)
        rows = []
        for d, t in zip(sub["doc_id"], sub["text"], strict=True):
            skip = names(t)
            rows += [(d, norm) for s, _, norm in word_spans(t) if norm in dictionary and norm not in drop
                     and s not in skip]
        return pd.DataFrame(rows, columns=["doc_id", "norm"])
    toks = tokens(sub)
    if not score_names:
        skip = {(d, s) for d, t in zip(sub["doc_id"], sub["text"], strict=True) for s in names(t)}
        keep = np.fromiter((k not in skip for k in zip(toks["doc_id"], toks["start"], strict=True)), bool, len(toks))
        toks = toks[keep]
    from framing.voice import sentence_voice

    sv = sentence_voice(sub)
    toks = toks.merge(sv.loc[sv["voice"].isin(voices), ["doc_id", "sent_id"]], on=["doc_id", "sent_id"], how="inner")
    return toks[toks["norm"].isin(dictionary.keys()) & ~toks["norm"].isin(drop)]


def word_shift(
    corpus,
    group_a=None,
    group_b=None,
    *,
    by="outlet",
    reference="a",
    lexicon=None,
    exclude: Iterable[str] = (),
    voices: Iterable[str] | None = None,
    score_names: bool = False,
) -> pd.DataFrame:
    """Word-shift table from group a to group b (columns :data:`SHIFT`; see the module notes).

    ``group_a`` / ``group_b`` are values of the documents column ``by`` (an outlet by
    default, or ``by="doc_id"``; a list of columns joins their values, as
    :func:`framing.contrast.group_labels`).  ``group_a`` alone: that group against all the
    others ("(rest)"); neither: the two groups when there are exactly two, and a
    ``ValueError`` naming the groups when there are more (never a silent pick).
    ``reference`` sets ``s_ref``: ``"a"`` (default, the average of group a),
    ``"combined"`` (the average over the scored tokens of both groups together), or a
    number.  ``lexicon`` maps words to scores (default VADER's
    valences); ``exclude`` drops words before anything is counted (e.g. ``{"protest"}``,
    which VADER scores -1 whatever the stance).  ``voices`` keeps only tokens of sentences
    in those voices (:func:`framing.voice.sentence_voice`).  The words of proper names are
    not scored unless ``score_names`` (see the module notes).

    One row per scored word used by either group: ``count_*`` raw counts, ``p_*`` shares of
    the group's scored tokens, ``s`` the word's score, ``delta_p = p_b - p_a``,
    ``delta_s = s - s_ref``, ``contribution = delta_p * delta_s``, ``kind`` / ``kind_label``
    (:data:`KINDS`).  ``attrs`` holds ``mean_a``, ``mean_b``, ``difference`` (``mean_b -
    mean_a`` = sum of contributions; NaN when a group has no scored token, and the table is
    then empty), ``s_ref``, ``n_a``, ``n_b`` (scored tokens), ``group_a``, ``group_b``, ``by``.
    Sort: ``|contribution|`` descending, then word.
    """
    docs = as_documents(corpus, arg="corpus")
    if group_a is not None and group_a == group_b:
        raise ValueError(f"group_a and group_b are both {group_a!r}; compare two different groups")
    group_a, group_b, ids_a, ids_b = _sides(docs, by, group_a, group_b)
    if not (reference in ("a", "combined") or (isinstance(reference, (int, float)) and not isinstance(reference, bool)
                                                and math.isfinite(reference))):
        raise ValueError(f"reference must be 'a', 'combined' or a finite number, not {reference!r}")
    if isinstance(exclude, str):
        exclude = [exclude]
    check_bool(score_names, "score_names")
    dictionary = _dictionary(lexicon)
    drop = {str(w).lower() for w in exclude}
    counts = {}
    sub = docs[docs["doc_id"].isin(ids_a + ids_b)]
    if voices is not None:
        voices = [voices] if isinstance(voices, str) else list(voices)
        from framing.voice import VOICES

        bad = [v for v in voices if v not in VOICES]
        if bad:
            raise ValueError(f"voices: unknown voice(s) {', '.join(map(repr, bad))}; use any of {', '.join(VOICES)}")
    if lexicon is None:
        toks = _vader_tokens(sub, voices, score_names, drop, dictionary)
    else:
        toks = _plain_tokens(sub, voices, score_names, drop, dictionary)
    for name, ids in (("a", ids_a), ("b", ids_b)):
        counts[name] = toks.loc[toks["doc_id"].isin(ids), "norm"].value_counts()
    n_a, n_b = int(counts["a"].sum()), int(counts["b"].sum())
    mean = {}
    for name, n in (("a", n_a), ("b", n_b)):
        c = counts[name]
        mean[name] = float(sum(c[w] * dictionary[w] for w in c.index) / n) if n else math.nan
    if reference == "a":
        s_ref = mean["a"]
    elif reference == "combined":
        both = counts["a"].add(counts["b"], fill_value=0)
        s_ref = float(sum(both[w] * dictionary[w] for w in both.index) / (n_a + n_b)) if n_a + n_b else math.nan
    else:
        s_ref = float(reference)
    attrs = {
        "group_a": group_a,
        "group_b": group_b,
        "by": by,
        "n_a": n_a,
        "n_b": n_b,
        "mean_a": mean["a"],
        "mean_b": mean["b"],
        "difference": mean["b"] - mean["a"] if n_a and n_b else math.nan,
        "s_ref": s_ref,
    }
    if not (n_a and n_b):
        out = pd.DataFrame({c: pd.Series(dtype=_DTYPES[c]) for c in SHIFT})
        out.attrs.update(attrs)
        return out
    words = sorted(set(counts["a"].index) | set(counts["b"].index))
    ca = counts["a"].reindex(words, fill_value=0).to_numpy(dtype=np.int64)
    cb = counts["b"].reindex(words, fill_value=0).to_numpy(dtype=np.int64)
    s = np.array([dictionary[w] for w in words], dtype=np.float64)
    p_a, p_b = ca / n_a, cb / n_b
    delta_p, delta_s = p_b - p_a, s - s_ref
    kind = np.where(delta_s >= 0, "+", "-").astype(object) + np.where(delta_p >= 0, "↑", "↓").astype(object)
    out = pd.DataFrame(
        {
            "word": words,
            "count_a": ca,
            "count_b": cb,
            "p_a": p_a,
            "p_b": p_b,
            "s": s,
            "s_ref": s_ref,
            "delta_p": delta_p,
            "delta_s": delta_s,
            "contribution": delta_p * delta_s,
            "kind": kind,
        }
    )
    out["kind_label"] = out["kind"].map(KINDS)
    out = out.astype({"word": "str", "kind": "str", "kind_label": "str"})
    out["_abs"] = out["contribution"].abs()
    out = out.sort_values(["_abs", "word"], ascending=[False, True], kind="stable").drop(columns="_abs")
    out = out.reset_index(drop=True)
    out.attrs.update(attrs)
    return out


_DTYPES = {
    "word": "str",
    "count_a": "int64",
    "count_b": "int64",
    "p_a": "float64",
    "p_b": "float64",
    "s": "float64",
    "s_ref": "float64",
    "delta_p": "float64",
    "delta_s": "float64",
    "contribution": "float64",
    "kind": "str",
    "kind_label": "str",
}


def shift_components(shift: pd.DataFrame) -> pd.DataFrame:
    """Totals of a word-shift table by kind: columns kind, kind_label, n_words, contribution.

    Four rows in the order of :data:`KINDS` (``+↑``, ``-↓``, ``+↓``, ``-↑``), zeros for a
    kind with no word; the four contributions sum to the shift's total (Gallagher et al.
    2021 draw them as the bars above a word-shift graph).
    """
    from framing.schema import require_columns

    require_columns(shift, ("word", "contribution", "kind"), name="word-shift", arg="shift")
    grouped = shift.groupby("kind")["contribution"].agg(["size", "sum"])
    rows = []
    for k, label in KINDS.items():
        n = int(grouped.loc[k, "size"]) if k in grouped.index else 0
        total = float(grouped.loc[k, "sum"]) if k in grouped.index else 0.0
        rows.append((k, label, n, total))
    return pd.DataFrame(rows, columns=["kind", "kind_label", "n_words", "contribution"])
