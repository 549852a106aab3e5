"""Groups of documents and contrasts between more than two of them.

A *group* is the value of one documents column (``by="lean"``) or of several joined by
:data:`JOIN` (``by=["lean", "topic"]`` gives "left / economy").  A missing or blank value
is the group :data:`MISSING` ("(missing)"): it is reported, never dropped.

:func:`compare_groups` runs Fightin' Words or keyness for many comparisons at once, on one
count table:

* ``design="one_vs_rest"``: each group against all other groups together (``group_b`` is
  "(rest)"; with two groups, the one comparison of the first against the second);
* ``design="pairwise"``: every pair of groups, or the ``pairs=`` asked for;
* ``a=`` (one group against the rest) or ``a=`` and ``b=`` (one pair): that one comparison.

Each comparison gives the same numbers as :func:`~framing.contrast.fightin_words` /
:func:`~framing.contrast.keyness` called for that pair (the prior is renormalized over the
pair's vocabulary as there).  p-values (keyness; Fightin' Words: two-sided normal, 2·Φ(−|z|))
are adjusted with Benjamini & Hochberg (1995) over every unit of every comparison (the whole
family tested, before ``top`` keeps the rows shown): column ``p_adjusted``, method in
``attrs["p_adjust"]``.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse, special

from framing import stats
from framing.contrast.fightin import (
    DEFAULT_ALPHA0,
    MIN_COUNT,
    _check_alpha0,
    keyness_stats,
    log_odds_delta,
    prior_alpha,
)
from framing.contrast.table import JOIN, MISSING, REST, _build, choose_message, group_labels
from framing.groups import check_group
from framing.schema import as_documents
from framing.text import count_words

__all__ = [
    "COMPARISON_COLUMNS",
    "DESIGNS",
    "JOIN",
    "MISSING",
    "P_ADJUST",
    "choose_message",
    "compare_groups",
    "group_labels",
    "group_sizes",
]

DESIGNS = ("one_vs_rest", "pairwise")
#: What ``p_adjusted`` is, as written in ``attrs["p_adjust"]``.
P_ADJUST = "Benjamini-Hochberg (1995) false discovery rate"
#: Columns describing each comparison, first in every :func:`compare_groups` table.
COMPARISON_COLUMNS = (
    "comparison", "group_a", "group_b", "n_docs_a", "n_docs_b", "n_tokens_a", "n_tokens_b", "n_units_a", "n_units_b",
)


def group_sizes(corpus, by="outlet", *, with_text: bool = False) -> pd.DataFrame:
    """One row per group: group, n_docs, n_tokens (``documents.n_tokens`` summed, else
    `framing.text.count_words` of each text), note.

    ``note`` is "n=1: a single document" for a group of one document (nothing can be said
    about the group's other documents), else empty.  ``with_text=True`` keeps only groups with
    at least one word token (a group of empty documents has nothing to contrast).  Sorted by group.
    """
    docs = as_documents(corpus, arg="corpus")
    labels = group_labels(docs, by)
    if "n_tokens" in docs.columns:
        tokens = docs["n_tokens"]
    else:
        tokens = pd.Series([count_words(t) for t in docs["text"]], index=docs.index)
    frame = pd.DataFrame({"group": labels, "n_tokens": tokens.astype("int64")})
    out = frame.groupby("group", sort=True).agg(n_docs=("group", "size"), n_tokens=("n_tokens", "sum")).reset_index()
    out["n_docs"] = out["n_docs"].astype("int64")
    out["note"] = np.where(out["n_docs"] == 1, "n=1: a single document", "")
    return out[out["n_tokens"] > 0].reset_index(drop=True) if with_text else out


def _comparisons(groups: list[str], design, pairs, a, b, only=None) -> list[tuple[str, str, list[str], list[str]]]:
    """(label_a, label_b, members_a, members_b) of each comparison asked for."""
    if len(groups) < 2:
        raise ValueError(f"a contrast needs at least two groups; there is {len(groups)} ({', '.join(groups)})")

    def vs_rest(g):
        rest = [x for x in groups if x != g]
        return (g, rest[0] if len(rest) == 1 else REST, [g], rest)

    if a is not None or b is not None:
        if pairs is not None:
            raise ValueError("pass either a=/b= (one comparison) or pairs= (several), not both")
        if a is None:
            raise ValueError("b is given without a; name a too (a alone: a against the rest)")
        a = check_group(a, groups, "a")
        if b is None:
            return [vs_rest(a)]
        b = check_group(b, groups, "b")
        if a == b:
            raise ValueError(f"a and b are both {a!r}; name two different groups")
        return [(a, b, [a], [b])]
    if design not in DESIGNS:
        raise ValueError(f"design must be one of {', '.join(map(repr, DESIGNS))}, not {design!r}")
    if pairs is not None:
        if design != "pairwise":
            raise ValueError("pairs= is for design='pairwise'")
        if isinstance(pairs, (str, tuple)) and len(pairs) == 2 and all(isinstance(p, str) for p in pairs):
            pairs = [pairs]
        out = []
        for pair in pairs:
            if isinstance(pair, str) or len(pair) != 2:
                raise ValueError(f"pairs: each pair is two group names, e.g. ('left', 'right'); got {pair!r}")
            x, y = check_group(pair[0], groups, "pairs"), check_group(pair[1], groups, "pairs")
            if x == y:
                raise ValueError(f"pairs: {pair!r} names the same group twice")
            out.append((x, y, [x], [y]))
        return out
    if only is not None:
        if design != "one_vs_rest":
            raise ValueError("groups= is for design='one_vs_rest' (for pairwise, pass pairs=)")
        only = [check_group(g, groups, "groups") for g in ([only] if isinstance(only, str) else only)]
        return [vs_rest(g) for g in only]
    if design == "one_vs_rest":  # with two groups "a vs rest" and "b vs rest" are one test: made once
        return [vs_rest(g) for g in (groups[:1] if len(groups) == 2 else groups)]
    return [(x, y, [x], [y]) for x, y in combinations(groups, 2)]


def _select_top(stat: np.ndarray, units: np.ndarray, top: int | None) -> np.ndarray:
    """Row positions kept: all (sorted by stat descending, then unit), or the ``top`` of each sign.

    ``units``: the units, or their positions in the sorted vocabulary (the same order, faster)."""
    order = np.lexsort((units, -stat))
    if top is None:
        return order
    pos = order[stat[order] > 0][:top]
    neg = order[stat[order] < 0][::-1][:top][::-1]
    return np.concatenate([pos, neg])


def _note(label_a, label_b, docs_a, docs_b) -> str:
    single = [g for g, n in ((label_a, docs_a), (label_b, docs_b)) if n == 1]
    if not single:
        return ""
    return (f"n=1 in {', '.join(map(repr, single))}: a single document; statistics describe word-level sampling "
            f"within it, not the group's other documents")


def compare_groups(
    corpus,
    *,
    by="outlet",
    design: str = "one_vs_rest",
    pairs=None,
    groups=None,
    a=None,
    b=None,
    measure: str = "fightin_words",
    top: int | None = 20,
    min_count: int = MIN_COUNT,
    prior="wordfreq",
    alpha0: float = DEFAULT_ALPHA0,
    keyness_measure: str = "chi2",
    correction: str = "default",
    phrases=None,
    stop_words="default",
    house_style=None,
    units=None,
) -> pd.DataFrame:
    """Fightin' Words or keyness for each comparison of groups: one long table.

    ``by``: a documents column or a list of them (:func:`group_labels`).  Comparisons:
    ``design`` "one_vs_rest" (default; ``groups=[...]``: only those groups against the
    rest) or "pairwise" (``pairs=[(x, y), ...]``: only those), or ``a=`` / ``a=``, ``b=``
    (one comparison).  ``measure``:
    "fightin_words" (:func:`~framing.contrast.fightin_words`, ``prior``, ``alpha0``) or
    "keyness" (:func:`~framing.contrast.keyness` of a against b, ``keyness_measure``,
    ``correction``).

    Columns: :data:`COMPARISON_COLUMNS` (comparison "a vs b"; n_docs_* documents;
    n_tokens_* word tokens; n_units_* counted units, the Fightin' Words n), then unit,
    count_a, count_b, rate_a, rate_b (per 1,000 units), and for fightin_words prior, delta,
    var, z, p_value (2·Φ(−|z|)), p_adjusted; for keyness expected, stat, p_value,
    p_adjusted, sign; last ``note`` ("n=1 in ...": a single-document group).  ``top``
    (default 20; None: every unit): per comparison the ``top`` units with the largest
    positive and the ``top`` with the most negative statistic (z or stat).  Rows: units
    with count_a + count_b >= ``min_count`` (default :data:`~framing.contrast.fightin.MIN_COUNT`),
    per comparison sorted by the statistic
    descending, then unit; comparisons in the order made (groups sorted; pairs as given).
    ``attrs``: by, design, measure, comparisons, groups (label -> documents), left_out (groups
    without units, e.g. of empty documents, that the design left out: label -> documents), p_adjust, m
    (tests adjusted together).  ``stop_words``, ``house_style``, ``units`` (a
    :func:`~framing.contrast.unit_table` of ``corpus``, counted once): as in
    :func:`~framing.contrast.fightin_words`.
    """
    min_count = stats.check_int(min_count, "min_count", minimum=1)
    if top is not None:
        top = stats.check_int(top, "top", minimum=1, what="number of units per side (or None for all)")
    if measure not in ("fightin_words", "keyness"):
        raise ValueError(f"measure must be 'fightin_words' or 'keyness', not {measure!r}")
    alpha0 = _check_alpha0(alpha0)
    table = _build(corpus, by, phrases, stop_words, house_style, units)
    if units is not None:
        phrases, stop_words = units.phrases, units.stop_words
    names = sorted(table.docs_per_group)
    # group x unit counts and group totals, once
    gindex = {g: i for i, g in enumerate(names)}
    rows = np.array([gindex[g] for g in table.group], dtype=np.int64)
    indicator = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(names), len(rows)))
    per_group = np.asarray((indicator @ table.counts).todense())
    # a group without units (only empty documents) is left out of the comparisons the design makes, not named ones
    named = any(x is not None for x in (a, b, pairs, groups))
    empty = [] if named else [g for g in names if not per_group[gindex[g]].any()]
    if empty and len(names) - len(empty) < 2:
        raise ValueError(f"a contrast needs at least two groups with units; {', '.join(map(repr, empty))} have none "
                         f"after stop-word and number removal (only empty documents?)")
    comps = _comparisons([g for g in names if g not in empty], design, pairs, a, b, groups)
    groups = names
    total = per_group.sum(axis=0)
    tokens = indicator @ table.n_tokens
    weights = None
    if measure == "fightin_words":  # the prior over the whole vocabulary; renormalized per comparison below
        weights = prior_alpha(table.vocab, prior, alpha0=alpha0, phrases=phrases, stop_words=stop_words).to_numpy()
    parts, pvals = [], []
    for label_a, label_b, ma, mb in comps:
        ia, ib = [gindex[g] for g in ma], [gindex[g] for g in mb]
        ca = per_group[ia].sum(axis=0)
        cb = total - ca if len(ia) + len(ib) == len(groups) else per_group[ib].sum(axis=0)  # counts: exact
        na, nb = float(ca.sum()), float(cb.sum())
        for label, n, arg in ((label_a, na, "a"), (label_b, nb, "b")):
            if n == 0:
                raise ValueError(f"group {label!r} ({arg}) has no units after stop-word and number removal; "
                                 f"nothing to contrast (check its documents, or pass stop_words=None)")
        keep = np.flatnonzero((ca + cb) > 0)
        ya, yb = ca[keep], cb[keep]
        cols: dict[str, np.ndarray] = {"unit": table.vocab[keep], "count_a": ya, "count_b": yb,
                                       "rate_a": stats.rate(ya, na), "rate_b": stats.rate(yb, nb)}
        if measure == "fightin_words":
            alpha = weights[keep] / weights[keep].sum() * alpha0
            delta, var, z = log_odds_delta(ya, yb, na, nb, alpha, alpha0)
            p = 2.0 * special.ndtr(-np.abs(z))
            cols.update(prior=alpha, delta=delta, var=var, z=z, p_value=p)
            stat = z
        else:
            stat, p, sign, e11 = keyness_stats(ya, yb, na, nb, measure=keyness_measure, correction=correction)
            cols.update(expected=e11, stat=stat, p_value=p, sign=sign.astype(np.int64))
        offset = sum(len(x) for x in pvals)
        pvals.append(p)
        shown = np.flatnonzero((ya + yb) >= min_count)
        shown = shown[_select_top(stat[shown], keep[shown], top)]  # keep: positions in the sorted vocabulary
        part = pd.DataFrame({k: v[shown] for k, v in cols.items()})
        part["_pos"] = offset + shown
        if part.empty:  # every comparison keeps a row, even when no unit differs: unit NA, counts 0
            part = part.reindex([0]).assign(count_a=0, count_b=0, _pos=-1)
            if "sign" in part:
                part["sign"] = 0
        docs_a = sum(table.docs_per_group[g] for g in ma)
        docs_b = sum(table.docs_per_group[g] for g in mb)
        head = {
            "comparison": f"{label_a} vs {label_b}", "group_a": label_a, "group_b": label_b,
            "n_docs_a": docs_a, "n_docs_b": docs_b,
            "n_tokens_a": int(tokens[ia].sum()), "n_tokens_b": int(tokens[ib].sum()),
            "n_units_a": int(na), "n_units_b": int(nb),
        }
        for i, (k, v) in enumerate(head.items()):
            part.insert(i, k, v)
        part["note"] = _note(label_a, label_b, docs_a, docs_b)
        if part["_pos"].iloc[0] < 0:
            part["note"] = "; ".join(filter(None, ["no unit with a non-zero statistic and min_count uses: the two "
                                                   "groups use their units at the same rates", part["note"].iloc[0]]))
        parts.append(part)
    all_p = np.concatenate(pvals) if pvals else np.zeros(0)
    q = stats.bh_adjust(all_p)
    out = pd.concat(parts, ignore_index=True)
    pos = out["_pos"].to_numpy(dtype=np.int64)
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted", np.where(pos >= 0, q[pos], np.nan))
    out = out.drop(columns="_pos")
    out = out.astype({"count_a": "int64", "count_b": "int64", "unit": object})
    if "sign" in out:
        out["sign"] = out["sign"].astype("int64")
    for col in COMPARISON_COLUMNS[3:]:
        out[col] = out[col].astype("int64")
    m = int(len(all_p) - np.isnan(all_p).sum())
    out.attrs = {
        "by": by,
        "design": "one comparison" if a is not None else design,
        "measure": measure if measure == "fightin_words" else f"keyness ({keyness_measure})",
        "comparisons": len(comps),
        "groups": {g: int(table.docs_per_group[g]) for g in groups},
        "left_out": {g: int(table.docs_per_group[g]) for g in empty},
        "m": m,
        "p_adjust": f"{P_ADJUST} over all {m} tests (every unit of every comparison, before top=)",
    }
    return out
