"""A document as HTML with its lexicon hits highlighted, for JupyterLab.

``show(corpus, doc_id)`` returns a :class:`HighlightedDocument`; Jupyter renders it
through ``_repr_html_``.  Each hit is a ``<mark>`` coloured by category, with a tooltip
(``title``) giving term, category, technique and note, and a legend of the categories
with their counts.  All document text and lexicon text is HTML-escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from framing.report.palette import CATEGORY_COLORS, category_colors
from framing.schema import as_documents, require_columns


@dataclass(frozen=True)
class HighlightedDocument:
    """One document with its hits; ``html`` is the rendering, ``hits`` the rows shown."""

    doc_id: str
    html: str
    hits: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"HighlightedDocument({self.doc_id!r}, {len(self.hits)} hits)"


@lru_cache(maxsize=1)
def _builtin_loaded_categories() -> tuple[str, ...]:
    """The built-in lexicon's loaded-term categories (read once: a notebook shows many documents)."""
    from framing.lexicon import load_lexicon

    return tuple(load_lexicon().loaded().categories)


def show(corpus, doc_id, hits: pd.DataFrame | None = None, *, lexicon=None) -> HighlightedDocument:
    """Render document ``doc_id`` with hits highlighted by category, plus a legend.

    ``hits``: a hits table (rows of other documents are ignored); ``None`` computes them
    with ``lexicon`` (the built-in lexicon when None).  Overlapping hits cannot occur in a
    hits table from :func:`framing.score.hits`; if a given table has them, the later one
    is skipped.
    """
    docs = as_documents(corpus, arg="corpus")
    match = docs[docs["doc_id"] == doc_id]
    if match.empty:
        known = ", ".join(map(str, docs["doc_id"].head(5)))
        raise ValueError(f"doc_id {doc_id!r} is not in corpus (its doc_ids include {known})")
    text = match["text"].iloc[0] or ""
    if hits is None:
        from framing.score import hits as find_hits

        hits = find_hits(match, lexicon)
    require_columns(hits, ("doc_id", "start", "end", "term", "category"), name="hits", arg="hits")
    rows = hits[hits["doc_id"] == doc_id].sort_values(["start", "end"], kind="stable")
    notes = {}
    if lexicon is not None:
        notes = dict(zip(lexicon.table["term"], lexicon.table["note"], strict=True))
    # colours over every loaded category of the lexicon (and any other category in the
    # hits), so a category has the same colour in every document and in the figures
    loaded = lexicon.loaded().categories if lexicon is not None else list(_builtin_loaded_categories())
    colors = category_colors(loaded)  # as in the figures; other categories (stance) after them
    for i, cat in enumerate(sorted(set(hits["category"].astype(str)) - set(loaded)), start=len(loaded)):
        colors[cat] = CATEGORY_COLORS[i % len(CATEGORY_COLORS)]
    parts = []
    pos = 0
    shown = []
    for r in rows.itertuples(index=False):
        if r.start < pos:
            continue
        parts.append(html.escape(text[pos : r.start]))
        tip = [f"term: {r.term}", f"category: {r.category}"]
        technique = getattr(r, "technique", "")
        if technique:
            tip.append(f"technique: {technique}")
        if getattr(r, "negated", False):
            tip.append(f"negated by: {r.negator}")
        if notes.get(r.term):
            tip.append(f"note: {notes[r.term]}")
        color = colors[r.category]
        title = html.escape("\n".join(tip)).replace("\n", "&#10;")
        parts.append(
            f'<mark class="framing-hit" data-category="{html.escape(r.category)}" '
            f'style="background:{color}33;border-bottom:2px solid {color};padding:0 1px" '
            f'title="{title}">{html.escape(text[r.start : r.end])}</mark>'
        )
        pos = r.end
        shown.append(r)
    parts.append(html.escape(text[pos:]))
    counts = rows["category"].value_counts()
    legend = "".join(
        f'<span style="margin-right:1em;white-space:nowrap"><span style="background:{c}33;'
        f'border-bottom:2px solid {c};padding:0 4px">{html.escape(cat)}</span> {int(counts[cat])}</span>'
        for cat, c in colors.items()
        if cat in counts.index
    )
    if not legend:
        legend = "<span>no hits</span>"
    body = "".join(parts)
    out = (
        f'<div class="framing-document" data-doc-id="{html.escape(str(doc_id))}">'
        f'<div style="font-weight:bold;margin-bottom:.3em">{html.escape(str(doc_id))}</div>'
        f'<div class="framing-legend" style="font-size:90%;margin-bottom:.6em">{legend}</div>'
        f'<div style="white-space:pre-wrap;line-height:1.5;max-width:50em">{body}</div></div>'
    )
    return HighlightedDocument(str(doc_id), out, pd.DataFrame(shown, columns=rows.columns).reset_index(drop=True))


#: How many documents :func:`pick_documents` picks by default (a notebook page, not the corpus).
SHOW_DOCUMENTS = 12


def pick_documents(corpus, hits: pd.DataFrame, k: int = SHOW_DOCUMENTS, *, by: str = "outlet") -> list:
    """Up to ``k`` doc_ids to :func:`show`: every document when the corpus has at most ``k``, in its order;
    else the groups (``by``) in turn, sorted, each giving its next document with the most loaded hits per
    1,000 word tokens (``n_tokens``; ties: doc_id), so every group shows its most loaded text first.

    ``hits``: a hits table (only loaded categories count).  Deterministic.
    """
    from framing.lexicon import loaded_mask
    from framing.stats import check_int

    k = check_int(k, "k", minimum=1, what="number of documents")
    docs = as_documents(corpus, arg="corpus")
    if len(docs) <= k:
        return list(docs["doc_id"])
    require_columns(hits, ("doc_id", "category"), name="hits", arg="hits")
    loaded = hits[loaded_mask(hits["category"])].groupby("doc_id").size()
    tokens = docs["n_tokens"] if "n_tokens" in docs.columns else pd.Series(1, index=docs.index)
    rate = loaded.reindex(docs["doc_id"], fill_value=0).to_numpy() / tokens.clip(lower=1).to_numpy()
    frame = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), "group": docs[by].astype(str).to_numpy(), "rate": rate})
    frame = frame.sort_values(["group", "rate", "doc_id"], ascending=[True, False, True], kind="stable")
    frame["turn"] = frame.groupby("group", sort=False).cumcount()
    return list(frame.sort_values(["turn", "group"], kind="stable")["doc_id"].head(k))
