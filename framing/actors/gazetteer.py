"""Actors from a gazetteer: its rows, their mentions, names, labels and sentiment.

* :func:`load_actors` reads the gazetteer (built in: ``framing/data/actors.csv``, described
  in ``framing/data/ACTORS.md``): one row per alias, columns :data:`ACTORS`.
* :func:`mentions` finds every alias in ``documents.text`` (rules below).
* :func:`actor_forms` counts the surface forms each outlet uses for each actor (a
  transliteration choice, "Tsikhanouskaya" or "Tikhanovskaya", is itself a framing signal).
* :func:`actor_labels` finds the loaded terms (hits of :func:`framing.score.hits`) that label
  a mention from inside its noun phrase ("foreign-backed protests").
* :func:`actor_sentiment` gives the mean VADER compound of the sentences mentioning each
  actor, per outlet, with a bootstrap interval (:func:`framing.sentiment.aggregate`).
* :func:`actor_summary` puts forms, labels and sentiment in one outlet x actor table.

Each of the four takes ``by`` (default ``"outlet"``): a documents column or a list of them
(:func:`framing.groups.group_keys`: a missing value is the group ``"(missing)"``); the
``by`` columns replace ``outlet`` in the output.

Matching rules (:func:`mentions`)
    An alias written all in lower case ("protesters") matches in any case; an alias with a
    capital ("Lukashenko", "US") matches as written or in full capitals (headlines), never
    in lower case, so "US" is never the pronoun "us".  An alias must not touch a letter or
    digit on either side (hyphens are edges: "NATO-backed" mentions NATO).  Spaces match
    any whitespace run, curly apostrophes and dashes match straight ones.  Longest match
    wins, leftmost first.  A possessive ("Lukashenko’s", "Belarus’") is left out of the
    span and flagged in ``possessive``.

Labels (:func:`actor_labels`)
    A loaded term labels a mention when, in the same sentence, it ends before the mention
    starts and the words between them could be a pre-modifier chain of one noun phrase:
    at most ``window`` words, none of them a determiner, preposition, conjunction, pronoun
    or auxiliary (:data:`NP_BREAKERS`), and no clause punctuation (``, ; : ( ) [ ]`` or a
    dash between spaces).  English noun-phrase pre-modification follows Quirk, Greenbaum,
    Leech & Svartvik (1985), *A Comprehensive Grammar of the English Language*, ch. 17:
    adjectives, participles and noun modifiers come between the determiner and the head,
    so "the foreign-backed ex-Belarusian presidential candidate Svetlana Tikhanovskaya"
    labels Tikhanovskaya with "foreign-backed" (three words between).  A mention that is
    itself a modifier inside a hyphenated compound ("NATO" in "NATO-backed") is not a
    head and takes no label; a term that overlaps the mention does not label it.  Labels
    after the head (appositions, predicates: "the protests were foreign-backed") are not
    found: precision first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from framing.groups import MISSING, by_names, group_keys
from framing.schema import as_documents, require_columns
from framing.score import select_hits
from framing.stats import check_int
from framing.text import ONE_TO_ONE, one_to_one, sentence_spans, word_spans

__all__ = [
    "ACTORS",
    "MENTIONS",
    "FORMS",
    "LABELS",
    "SUMMARY",
    "KINDS",
    "NP_BREAKERS",
    "load_actors",
    "mentions",
    "actor_forms",
    "actor_labels",
    "actor_sentiment",
    "actor_summary",
]

#: Columns of the gazetteer (:func:`load_actors`), in order.
ACTORS = ("actor", "alias", "kind", "note")
#: Allowed values of ``kind``.
KINDS = ("person", "org", "country", "group", "other", "unknown")
#: Columns of :func:`mentions`.  Sort: doc_id, start.
MENTIONS = ("doc_id", "sent_id", "start", "end", "actor", "surface", "alias", "kind", "possessive")
#: Columns of :func:`actor_forms`.  Sort: outlet, actor, count descending, surface.
FORMS = ("outlet", "actor", "surface", "count", "share")
#: Columns of :func:`actor_labels`.  Sort: doc_id, start, label_start.
LABELS = (
    "doc_id",
    "outlet",
    "sent_id",
    "actor",
    "start",
    "end",
    "surface",
    "label_start",
    "label_end",
    "label",
    "term",
    "category",
    "polarity",
    "negated",
    "words_between",
)
#: Columns of :func:`actor_summary`.  Sort: actor, outlet.
SUMMARY = (
    "actor",
    "outlet",
    "n_mentions",
    "forms",
    "n_labels",
    "labels",
    "n_sentences",
    "n_documents",
    "mean_compound",
    "ci_low",
    "ci_high",
)

#: Words that cannot stand between a pre-modifier and its head noun (Quirk et al. 1985,
#: ch. 17): determiners, prepositions, conjunctions, pronouns, auxiliaries, negators.
NP_BREAKERS = frozenset(
    """
    the a an this that these those its their his her our your my some any every each all
    of in on at by for with from to into onto against about over under after before during
    between among through near across toward towards without within upon via than as like
    and or but nor while because if so yet whereas although though since unless
    who whom whose which what where when why how it they them he him she we us you i
    is are was were be been being am has have had do does did will would can could should
    may might must shall not no
    """.split()
)


#: One-to-one replacements (length kept): curly apostrophes/quotes straight, dashes "-".
_VIEW = ONE_TO_ONE
_WS = re.compile(r"\s+")
_CLAUSE = re.compile(r"[,;:()\[\]]|\s-+\s|\s-+$|^-+\s")


class ActorsError(ValueError):
    """A gazetteer that cannot be used; the message names the row and what to change."""


# --- Gazetteer ---


def _key(alias: str) -> str:
    return _WS.sub(" ", alias.translate(_VIEW).strip())


def _validate(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    missing = [c for c in ("actor", "alias") if c not in frame.columns]
    if missing:
        raise ActorsError(f"{where}: missing column(s) {', '.join(missing)}; a gazetteer needs actor and alias")
    unknown = [c for c in frame.columns if c not in ACTORS]
    if unknown:
        raise ActorsError(f"{where}: unknown column(s) {', '.join(map(str, unknown))}; allowed: {', '.join(ACTORS)}")
    frame = frame.reset_index(drop=True).copy()
    for col in ("kind", "note"):
        if col not in frame.columns:
            frame[col] = ""
    frame = frame[list(ACTORS)].fillna("").astype(str)
    for col in ("actor", "alias", "kind"):
        frame[col] = frame[col].str.strip()
    seen: dict[str, tuple[int, str]] = {}
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        if not row.actor:
            raise ActorsError(f"{where}, row {i}: empty actor; every alias needs the actor it names")
        if not row.alias:
            raise ActorsError(f"{where}, row {i}: actor {row.actor!r} has an empty alias")
        if row.kind and row.kind not in KINDS:
            raise ActorsError(f"{where}, row {i}: kind {row.kind!r} is not one of {', '.join(KINDS)}")
        key = _key(row.alias)
        key = key.lower() if key == key.lower() else key
        if key in seen:
            j, other = seen[key]
            raise ActorsError(
                f"{where}, row {i}: alias {row.alias!r} (actor {row.actor!r}) repeats row {j} (actor {other!r}); "
                f"an alias may name one actor only: remove one of the rows"
            )
        seen[key] = (i, row.actor)
    return frame


def load_actors(path: str | Path | pd.DataFrame | None = None, *, extend: bool = False) -> pd.DataFrame:
    """The actor gazetteer: columns :data:`ACTORS`, one row per alias, in file order.

    ``path=None`` reads the built-in ``framing/data/actors.csv``; a path reads that CSV (or
    takes a DataFrame) instead, or in addition with ``extend=True`` (the built-in rows
    first).  ``kind`` and ``note`` are optional columns.  Raises :class:`ActorsError` for
    an empty actor or alias, an unknown kind, or an alias listed twice.
    """
    builtin = resources.files("framing").joinpath("data/actors.csv")
    with builtin.open("r", encoding="utf-8") as fh:
        base = pd.read_csv(fh, dtype=str, keep_default_na=False)
    if path is None:
        return _validate(base, "framing/data/actors.csv")
    if isinstance(path, pd.DataFrame):
        user, where = path, "actors table"
    else:
        p = Path(path)
        if not p.is_file():
            raise ActorsError(f"actors file {p} does not exist; give a CSV with columns actor, alias[, kind, note]")
        try:
            user, where = pd.read_csv(p, dtype=str, keep_default_na=False), str(p)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise ActorsError(
                f"actors file {p} cannot be read as a UTF-8 CSV with columns actor, alias[, kind, note]: "
                f"{str(exc).strip()}"
            ) from None
    user = _validate(user, where)
    if extend:
        return _validate(pd.concat([base, user], ignore_index=True), f"framing/data/actors.csv + {where}")
    return user


# --- Mentions ---


def _alias_pattern(alias: str) -> str:
    return r"\s+".join(re.escape(part) for part in _key(alias).split(" "))


@lru_cache(maxsize=16)
def _compile(rows: tuple[tuple[str, str, str], ...]):
    """(insensitive regex, sensitive regex, lookup key -> (actor, alias, kind))."""
    lookup: dict[tuple[bool, str], tuple[str, str, str]] = {}
    loose, strict = [], []
    for actor, alias, kind in rows:
        key = _key(alias)
        if key == key.lower():
            lookup[(False, key)] = (actor, alias, kind)
            loose.append(key)
        else:
            for form in {key, key.upper()}:
                lookup.setdefault((True, form), (actor, alias, kind))
                strict.append(form)

    def build(forms, flags):
        if not forms:
            return None
        alts = "|".join(_alias_pattern(f) for f in sorted(set(forms), key=lambda f: (-len(f), f)))
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", flags)

    return build(loose, re.IGNORECASE), build(strict, 0), lookup


def _doc_mentions(view: str, loose, strict, lookup) -> list[tuple[int, int, tuple, bool]]:
    found = []
    for regex, sensitive in ((loose, False), (strict, True)):
        if regex is None:
            continue
        for m in regex.finditer(view):
            key = _WS.sub(" ", m.group(0))
            found.append((m.start(), m.end(), lookup[(sensitive, key if sensitive else key.lower())]))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out, last = [], -1
    for s, e, info in found:
        if s < last:
            continue
        tail = view[e : e + 3]
        possessive = (tail[:2].lower() == "'s" and not tail[2:3].isalnum()) or (
            tail[:1] == "'" and view[e - 1 : e].lower() == "s" and not tail[1:2].isalnum()
        )
        out.append((s, e, info, possessive))
        last = e
    return out


def mentions(corpus, actors: pd.DataFrame | None = None, *, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions table: one row per alias found, columns :data:`MENTIONS`, sorted by doc_id, start.

    ``actors`` is a gazetteer (:func:`load_actors`; default the built-in one).  ``surface``
    is ``documents.text[start:end]``; ``alias`` the gazetteer row it matched; ``sent_id``
    the sentence holding ``start`` (:func:`framing.text.sentence_spans`, or ``sentences``
    when given).  Matching rules: see the module notes.
    """
    docs = as_documents(corpus, arg="corpus")
    table = load_actors() if actors is None else _validate(actors, "actors")
    loose, strict, lookup = _compile(tuple(zip(table["actor"], table["alias"], table["kind"], strict=True)))
    starts_by_doc = None
    if sentences is not None:
        require_columns(sentences, ("doc_id", "sent_id", "start", "end"), name="sentences", arg="sentences")
        # doc_id -> (ends, sent_ids) of its sentences by start (a stable sort: as sorting each document's rows)
        order = np.lexsort((sentences["start"].to_numpy(np.int64), pd.factorize(sentences["doc_id"])[0]))
        s_ids = sentences["doc_id"].to_numpy(object)[order]
        s_ends, s_sent = sentences["end"].to_numpy(np.int64)[order], sentences["sent_id"].to_numpy(np.int64)[order]
        cuts = [0, *(np.flatnonzero(s_ids[1:] != s_ids[:-1]) + 1).tolist(), len(s_ids)] if len(s_ids) else [0]
        starts_by_doc = {s_ids[a]: (s_ends[a:b], s_sent[a:b]) for a, b in zip(cuts[:-1], cuts[1:], strict=True)}
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        found = _doc_mentions(one_to_one(text), loose, strict, lookup)
        if not found:
            continue
        if starts_by_doc is None:
            spans = sentence_spans(text)
            ends = np.asarray([e for _, e, _ in spans], dtype=np.int64)
            ids = np.arange(len(spans))
        else:
            ends, ids = starts_by_doc.get(doc_id, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        for s, e, (actor, alias, kind), possessive in found:
            i = int(np.searchsorted(ends, s, side="right"))
            sent = int(ids[min(i, len(ids) - 1)]) if len(ids) else 0
            rows.append((doc_id, sent, s, e, actor, text[s:e], alias, kind, possessive))
    out = pd.DataFrame(rows, columns=list(MENTIONS))
    out = out.astype({"sent_id": "int64", "start": "int64", "end": "int64", "possessive": "bool"})
    out = out.astype({c: "str" for c in ("doc_id", "actor", "surface", "alias", "kind")})
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _group_keys(corpus, by, taken) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """(``by`` names, documents, their :func:`framing.groups.group_keys`); no outlet column is outlet "unknown"."""
    names = by_names(by)
    clash = [n for n in names if n in taken]
    if clash:
        raise ValueError(f"by: {', '.join(map(repr, clash))} is already a column of the result; "
                         f"group by a documents column (outlet, lean, topic, ...)")
    docs = as_documents(corpus, arg="corpus")
    if "outlet" in names and "outlet" not in docs.columns:
        docs = docs.assign(outlet="unknown")
    return names, docs, group_keys(docs, names)


def _with_groups(frame: pd.DataFrame, names: list[str], keys: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with doc_id) plus the ``names`` key columns of its documents; unknown documents are "(missing)"."""
    index = keys.set_index("doc_id", drop=False)
    return frame.assign(**{n: frame["doc_id"].map(index[n]).fillna(MISSING).astype("str") for n in names})


def actor_forms(mentions: pd.DataFrame, corpus, *, by="outlet") -> pd.DataFrame:
    """Surface forms per group and actor: columns :data:`FORMS` (the ``by`` columns for ``outlet``).

    ``count`` = mentions with that exact surface; ``share`` = count / all mentions of the
    actor in the group.  Sort: the ``by`` columns, actor, count descending, surface.
    """
    require_columns(mentions, ("doc_id", "actor", "surface"), name="mentions", arg="mentions")
    names, _, keys = _group_keys(corpus, by, ("actor", "surface", "count", "share"))
    frame = _with_groups(mentions[["doc_id", "actor", "surface"]], names, keys)
    out = frame.groupby([*names, "actor", "surface"]).size().rename("count").reset_index()
    total = out.groupby([*names, "actor"])["count"].transform("sum")
    out["share"] = out["count"] / total
    out = out.astype({"count": "int64", "share": "float64"})
    out = out.sort_values([*names, "actor", "count", "surface"], ascending=[True] * len(names) + [True, False, True],
                          kind="stable")
    return _missing(out[[*names, "actor", "surface", "count", "share"]].reset_index(drop=True), keys)


# --- Labels ---


def actor_labels(
    mentions: pd.DataFrame,
    hits: pd.DataFrame,
    corpus,
    *,
    window: int = 4,
    categories=None,
    by="outlet",
) -> pd.DataFrame:
    """Loaded terms labelling actor mentions: one row per (mention, term), columns :data:`LABELS`
    (the ``by`` columns for ``outlet``).

    ``hits`` is a hits table (:func:`framing.score.hits`: doc_id, sent_id, start, end,
    surface, term, category; polarity and negated optional).  ``window`` is the largest
    number of words allowed between the term and the mention (default 4).  Rules: see the
    module notes.  ``categories=None`` uses every category except the attribution-stance
    ones (said, claimed); or pass a list.  ``start``/``end``/``surface`` are the mention's,
    ``label_start``/``label_end``/``label`` the term's.  Sort: doc_id, start, label_start.
    """
    require_columns(mentions, ("doc_id", "sent_id", "start", "end", "actor", "surface"), name="mentions",
                    arg="mentions")
    require_columns(hits, ("doc_id", "sent_id", "start", "end", "surface", "term", "category"), name="hits",
                    arg="hits")
    window = check_int(window, "window", minimum=0, what="integer (words between term and mention, e.g. 4)")
    docs = as_documents(corpus, arg="corpus")
    names, _, keys = _group_keys(docs, by, [c for c in LABELS if c not in ("outlet", "doc_id")])
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    h = select_hits(hits, categories)
    by_sent: dict[tuple, list] = {}  # (doc_id, sent_id) -> the sentence's hits, in table order
    for hit in h.itertuples(index=False):
        if not (pd.isna(hit.doc_id) or pd.isna(hit.sent_id)):
            by_sent.setdefault((hit.doc_id, hit.sent_id), []).append(hit)
    views: dict = {}  # doc_id -> its text as _VIEW makes it
    rows = []
    for m in mentions.itertuples(index=False):
        cand = by_sent.get((m.doc_id, m.sent_id))
        if cand is None:
            continue
        view = views.get(m.doc_id)
        if view is None:
            text = texts.get(m.doc_id)
            if text is None:
                raise ValueError(f"mentions has doc_id {m.doc_id!r}, which is not in corpus; pass the same corpus")
            view = views[m.doc_id] = text.translate(_VIEW)
        if view[m.end : m.end + 1] == "-" and view[m.end + 1 : m.end + 2].isalnum():
            continue  # a modifier inside a hyphenated compound, not a head
        for hit in cand:
            if hit.end > m.start:
                continue
            between = view[hit.end : m.start]
            if _CLAUSE.search(between):
                continue
            words = [w for _, _, w in word_spans(between)]
            if len(words) > window or any(w in NP_BREAKERS for w in words):
                continue
            rows.append(
                (
                    m.doc_id,
                    m.sent_id,
                    m.actor,
                    m.start,
                    m.end,
                    m.surface,
                    hit.start,
                    hit.end,
                    hit.surface,
                    hit.term,
                    hit.category,
                    getattr(hit, "polarity", np.nan),
                    bool(getattr(hit, "negated", False)),
                    len(words),
                )
            )
    cols = [c for c in LABELS if c != "outlet"]
    out = _with_groups(pd.DataFrame(rows, columns=cols), names, keys)
    out = out[[cols[0], *[n for n in names if n != "doc_id"], *cols[1:]]].astype(
        {"sent_id": "int64", "start": "int64", "end": "int64", "label_start": "int64", "label_end": "int64",
         "polarity": "float64", "negated": "bool", "words_between": "int64"}
    )
    return _missing(out.sort_values(["doc_id", "start", "label_start"], kind="stable").reset_index(drop=True), keys)


# --- Sentiment and summary ---


def actor_sentiment(mentions: pd.DataFrame, sent: pd.DataFrame, corpus, *, by="outlet", **kwargs) -> pd.DataFrame:
    """VADER sentiment of the sentences mentioning each actor, per group (default outlet).

    :func:`framing.sentiment.aggregate` with ``by=(*by, "actor")``: a sentence counts
    once per actor it mentions.  Columns: the ``by`` columns, actor, then
    :data:`framing.sentiment.AGGREGATE`; ``kwargs`` (``n_boot``, ``ci``, ``random_state``,
    ``column``, ``resample``) pass through, with aggregate's defaults (``ci`` 0.95, ``n_boot``
    :data:`framing.stats.N_BOOT`).  An actor a group never mentions has
    ``n_sentences`` 0 and NaN means.  Sort: the ``by`` columns, actor.
    """
    from framing.sentiment import aggregate

    require_columns(mentions, ("doc_id", "sent_id", "actor"), name="mentions", arg="mentions")
    names, docs, _ = _group_keys(corpus, by, ("actor",))
    sent = sent.drop(columns=[n for n in names if n in sent.columns and n not in ("doc_id", "sent_id")])
    return aggregate(sent, docs, by=(*names, "actor"), mentions=mentions, **kwargs)


def _joined(counts: pd.Series) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{k} ({v})" for k, v in items)


def _joined_caseless(surfaces: pd.Series) -> str:
    """Like :func:`_joined`, counting case variants together under their first spelling."""
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for s in surfaces:
        k = s.lower()
        first.setdefault(k, s)
        counts[k] = counts.get(k, 0) + 1
    return _joined(pd.Series({first[k]: v for k, v in counts.items()}, dtype="int64"))


def actor_summary(
    mentions: pd.DataFrame,
    corpus,
    *,
    hits: pd.DataFrame | None = None,
    sent: pd.DataFrame | None = None,
    window: int = 4,
    by="outlet",
    **kwargs,
) -> pd.DataFrame:
    """One row per actor x group (default outlet): how the group names, labels and feels about the actor.

    Columns :data:`SUMMARY` (the ``by`` columns for ``outlet``): ``n_mentions``; ``forms`` (surface forms
    with counts, most used first: "Tsikhanouskaya (2); Sviatlana Tsikhanouskaya (1)"); ``n_labels`` and
    ``labels`` (loaded terms labelling the actor, case variants counted together under
    their first spelling, :func:`actor_labels`, each term
    occurrence once however many mentions it labels; empty without ``hits``); ``n_sentences`` and
    ``n_documents``, the group's sentences mentioning the actor and the documents they are in (the
    bootstrap's draws: documents when 2 or more, else sentences, :func:`framing.stats.resampling_level`);
    and the sentiment of those sentences (:func:`actor_sentiment`; NaN without ``sent`` or when the
    group never mentions the actor).  Every actor of ``mentions`` is listed for
    every group of the corpus.  Sort: actor, the ``by`` columns.
    """
    require_columns(mentions, ("doc_id", "sent_id", "start", "end", "actor", "surface"), name="mentions",
                    arg="mentions")
    names, docs, keys = _group_keys(corpus, by, [c for c in SUMMARY if c != "outlet"])
    idx = ["actor", *names]
    groups = sorted(set(keys[names].itertuples(index=False, name=None)))
    actors = sorted(pd.unique(mentions["actor"]))
    grid = pd.MultiIndex.from_tuples([(a, *g) for a in actors for g in groups], names=idx)
    frame = _with_groups(mentions, names, keys)
    n = frame.groupby(idx).size().reindex(grid, fill_value=0)
    forms = frame.groupby(idx)["surface"].apply(lambda s: _joined(s.value_counts()))
    forms = forms.reindex(grid, fill_value="")
    if hits is not None:
        labels = actor_labels(mentions, hits, docs, window=window, by=names)
        distinct = labels.drop_duplicates(["actor", "doc_id", "label_start"])
        lab_n = distinct.groupby(idx).size().reindex(grid, fill_value=0)
        lab = distinct.groupby(idx)["label"].apply(_joined_caseless)
        lab = lab.reindex(grid, fill_value="")
    else:
        lab_n = pd.Series(0, index=grid)
        lab = pd.Series("", index=grid)
    out = pd.DataFrame({"n_mentions": n, "forms": forms, "n_labels": lab_n, "labels": lab}).reset_index()
    if sent is not None:
        senti = actor_sentiment(mentions, sent, docs, by=names, **kwargs)
        senti = senti[[*idx, "n_sentences", "n_documents", "mean_compound", "ci_low", "ci_high"]]
        senti = senti.astype({c: "str" for c in idx})  # an empty frame has float keys
        out = out.merge(senti, on=idx, how="left")
        out[["n_sentences", "n_documents"]] = out[["n_sentences", "n_documents"]].fillna(0)
    else:
        for col, unit in (("n_sentences", ["doc_id", "sent_id"]), ("n_documents", ["doc_id"])):
            out[col] = frame.drop_duplicates([*unit, "actor"]).groupby(idx).size().reindex(
                grid, fill_value=0).to_numpy()
        for c in ("mean_compound", "ci_low", "ci_high"):
            out[c] = np.nan
    out = out.astype({"n_mentions": "int64", "n_labels": "int64", "n_sentences": "int64", "n_documents": "int64",
                      "forms": "str", "labels": "str"})
    cols = [c for c in SUMMARY if c != "outlet"]
    out = out[[cols[0], *names, *cols[1:]]].sort_values(idx, kind="stable").reset_index(drop=True)
    return _missing(out, keys)


def _missing(out: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """``out`` with ``attrs["missing"]`` of ``keys`` (documents per column with a missing key), when some."""
    if keys.attrs.get("missing"):
        out.attrs["missing"] = dict(keys.attrs["missing"])
    return out
