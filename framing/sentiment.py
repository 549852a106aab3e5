"""Sentence sentiment with VADER, aggregates with bootstrap intervals, framing-adjusted valence.

This is the only module that touches VADER.

Where the numbers come from
    Every ``compound`` / ``pos`` / ``neu`` / ``neg`` value is computed by the authors' own
    package, ``vaderSentiment`` (Hutto & Gilbert 2014, "VADER: a parsimonious rule-based
    model for sentiment analysis of social media text", ICWSM; version 3.3.2, MIT licence),
    through ``SentimentIntensityAnalyzer().polarity_scores``, with the lexicon that package
    ships (``vader_lexicon.txt``, read from the installed package: nothing is downloaded).
    NLTK's port (``nltk.sentiment.vader``) is *not* used: it gives different scores on
    about 7% of news sentences and is about 3x slower on this machine.

    One change of input, on by default and switchable off (``straighten=False``): curly
    quotes and apostrophes are made straight before scoring, one character for one, because
    VADER's tokenizer strips only ASCII punctuation from word edges (so ``“high alert.”``
    would hide the lexicon word ``alert``, and ``won’t`` would escape the negation list).
    Offsets are unaffected.  On the two seed articles this changes 2 of 39 sentences.

    A second change, on by default and switchable off (``score_names=True``): the words of
    proper names (:func:`framing.text.name_words`: "the Supreme Court", "United States",
    "Justice Department", "Sen. Rob Portman") are replaced, one character for one, by a
    word that is in no VADER list ("Xxxxxxx"), so they count as neutral words.  VADER's
    lexicon scores words, not names: "the Supreme Court ruled" reads +0.56 as it stands.

Never a whole article
    VADER's compound is ``S / sqrt(S**2 + 15)`` of the summed word valences ``S``; on long
    text ``S`` grows and the compound saturates at +-1 (vaderSentiment issue #151).  Text is
    therefore scored sentence by sentence and the sentence scores aggregated
    (:func:`aggregate`).

Thresholds
    A sentence is positive when ``compound >= 0.05``, negative when ``compound <= -0.05``,
    neutral otherwise: the thresholds the VADER authors recommend (vaderSentiment README).

Framing-adjusted valence (ours, not VADER's)
    :func:`framing_valence` adds the polarities of the loaded terms found by
    :func:`framing.score.hits` to VADER's summed valence; it lives in its own columns and
    never changes VADER's.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache
from importlib import metadata

import numpy as np
import pandas as pd

from framing import stats
from framing.groups import group_keys
from framing.schema import VOICES, as_documents, require_columns
from framing.score import select_hits
from framing.text import STRAIGHTEN_QUOTES, name_words

__all__ = [
    "SENTIMENT",
    "AGGREGATE",
    "VALENCE",
    "POSITIVE_THRESHOLD",
    "NEGATIVE_THRESHOLD",
    "VALENCE_WEIGHT",
    "analyzer",
    "vader_version",
    "vader_lexicon",
    "polarity_scores",
    "names_neutral",
    "vader_input",
    "NEGATION_SCALAR",
    "word_readings",
    "OWN",
    "NONE",
    "REVERSED",
    "sentiment",
    "aggregate",
    "framing_valence",
]

#: Columns of the sentiment table (:func:`sentiment`), in order.  Sort: doc_id, sent_id.
SENTIMENT = ("doc_id", "sent_id", "start", "end", "compound", "pos", "neu", "neg", "voice", "speaker", "text")

#: Statistic columns of :func:`aggregate` (after the grouping columns), in order, for
#: ``column="compound"``; for another column ``mean_compound`` is ``mean_<column>``.
AGGREGATE = (
    "n_sentences",
    "n_documents",
    "mean_compound",
    "ci_low",
    "ci_high",
    "share_positive",
    "share_neutral",
    "share_negative",
)

#: Columns :func:`framing_valence` adds to the sentiment table.
VALENCE = ("loaded_hits", "loaded_negated", "loaded_polarity", "framing_valence")

#: VADER's recommended thresholds for positive / negative (vaderSentiment README).
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05

#: VADER's factor of a negated word's valence (vaderSentiment.N_SCALAR; Hutto & Gilbert 2014).
NEGATION_SCALAR = -0.74

#: VADER's normalization constant: compound = S / sqrt(S^2 + ALPHA) (vaderSentiment.normalize).
VADER_ALPHA = 15.0

#: Default weight of one unit of loaded-term polarity in :func:`framing_valence`, in VADER
#: valence units: about the mean absolute valence of a VADER lexicon word (1.54).
VALENCE_WEIGHT = 1.5


#: Typographic quotes and apostrophes made ASCII before scoring (one character for one).
_STRAIGHTEN = STRAIGHTEN_QUOTES



# --- VADER ---


@lru_cache(maxsize=1)
def analyzer():
    """The one cached ``vaderSentiment.SentimentIntensityAnalyzer`` (bundled lexicon, offline)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_version() -> str:
    """Version of the installed ``vaderSentiment`` package (the numbers' source)."""
    return metadata.version("vaderSentiment")


def vader_lexicon() -> pd.DataFrame:
    """VADER's word valences: columns ``word``, ``valence`` (mean rating, -4..4), sorted by word.

    Read from ``vader_lexicon.txt`` of the installed ``vaderSentiment`` package (the same
    dictionary its analyzer uses).  Entries are lower case apart from a few emoticons.
    """
    lex = analyzer().lexicon
    words = sorted(lex)
    return pd.DataFrame({"word": words, "valence": [float(lex[w]) for w in words]})


def polarity_scores(text: str, *, straighten: bool = True, score_names: bool = False) -> dict[str, float]:
    """VADER's ``{'neg', 'neu', 'pos', 'compound'}`` of one sentence-sized ``text``.

    ``straighten`` makes curly quotes and apostrophes ASCII first; the words of proper
    names are neutral unless ``score_names`` (see the module notes; the evidence for a name
    is ``text`` alone).  Do not pass a whole article: the compound saturates on long text.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return analyzer().polarity_scores(vader_input(text, straighten, stats.check_bool(score_names, "score_names")))


def vader_input(text: str, straighten, score_names: bool) -> str:
    """``text`` as VADER is given it (the module notes): curly marks straightened, the words of names
    neutral; one character for one, so a sentence of the document so changed is the sentence so changed."""
    if straighten:
        text = _straightened(text)
    return text if score_names else names_neutral(text)


def names_neutral(text: str) -> str:
    """``text`` with each word of :func:`framing.text.name_words` made ``"X"`` + ``"x"`` (same length).

    No VADER list holds a word of x's (a test checks), so VADER counts it as a neutral word.
    """
    spans = name_words(text)
    if not spans:
        return text
    parts, prev = [], 0
    for start, end in spans:
        parts += [text[prev:start], "X" + "x" * (end - start - 1)]
        prev = end
    parts.append(text[prev:])
    return "".join(parts)


def _straightened(text: str) -> str:
    """``text.translate(_STRAIGHTEN)``: a replace per distinct curly mark present (every key of the table is
    non-ASCII, every value one ASCII character)."""
    if text.isascii():
        return text
    for code, straight in _STRAIGHTEN.items():
        mark = chr(code)
        if mark in text:
            text = text.replace(mark, straight if isinstance(straight, str) else chr(straight))
    return text


#: What VADER does with a word of its lexicon in a sentence (:func:`word_readings`): its own valence, none, or
#: its valence reversed.
OWN, NONE, REVERSED = 1, 0, -1


@lru_cache(maxsize=1)
def _context_words() -> tuple[frozenset, tuple]:
    """VADER's words that change a lexicon word up to three words after them (negations, "no", "least", boosters
    and dampeners) and the phrases of its idiom and two-word booster rules (vaderSentiment 3.3.2)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES

    words = frozenset(NEGATE) | {w for w in BOOSTER_DICT if " " not in w} | {"no", "least"}
    phrases = tuple(sorted(set(SPECIAL_CASES) | {w for w in BOOSTER_DICT if " " in w}))
    return words, phrases


def word_readings(text: str) -> list[tuple[str, int]]:
    """``(word, reading)`` of each word of VADER's lexicon in the sentence ``text`` (as VADER is given it, e.g. by
    :func:`names_neutral`), in order, by VADER's own rules (Hutto & Gilbert 2014, sec. "Heuristics";
    ``SentimentIntensityAnalyzer.polarity_scores`` and ``sentiment_valence`` of vaderSentiment 3.3.2).

    ``word`` is VADER's token, lower case (whitespace-split, edge punctuation stripped); ``reading`` is
    :data:`OWN` when VADER gives it a valence of its own sign, :data:`NONE` when it gives it none ("kind" in
    "kind of", a hedge; "no" before a lexicon word, which it negates instead; a booster word; "bus stop"), and
    :data:`REVERSED` when of the other sign (a negation up to three words before: "not", "never", "n't",
    "without", "no", "least"; rarely a dampener or an idiom: "the bomb" is +3).  Boosters, capitals, "but" and
    "!" change only the size, not read here.  VADER's functions decide every word whose three words before hold
    one of its context words, or whose sentence holds one of its phrases; any other keeps its own valence.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    an = analyzer()
    lexicon = an.lexicon
    if not text.isascii():
        text = _emoji_described(text, an.emojis)
    senti = SentiText(text.strip())
    words = senti.words_and_emoticons
    context, phrases = _context_words()
    lowered = text.lower()
    everywhere = any(p in lowered for p in phrases)
    lower = [w.lower() for w in words]
    out = []
    for i, low in enumerate(lower):
        if low not in lexicon:
            continue
        near = lower[max(0, i - 3):i]
        if not everywhere and low != "no" and not any(w in context or "n't" in w for w in near):
            out.append((low, OWN))
            continue
        if low in BOOSTER_DICT or (low == "kind" and i < len(lower) - 1 and lower[i + 1] == "of"):
            out.append((low, NONE))  # polarity_scores: no valence of their own
            continue
        valence = an.sentiment_valence(0, senti, words[i], i, [])[-1]
        out.append((low, NONE if valence == 0 else OWN if valence * lexicon[low] > 0 else REVERSED))
    return out


def _emoji_described(text: str, emojis: dict) -> str:
    """VADER's first step (``polarity_scores``): each emoji replaced by its description."""
    out, prev_space = [], True
    for ch in text:
        if ch in emojis:
            if not prev_space:
                out.append(" ")
            out.append(emojis[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out)


def sentiment(corpus, *, sentences: pd.DataFrame | None = None, voice: bool = True, straighten: bool = True,
              score_names: bool = False):
    """Sentiment table: one row per sentence, columns :data:`SENTIMENT`, sorted by doc_id, sent_id.

    ``compound``, ``pos``, ``neu``, ``neg`` are VADER's scores of the sentence text
    (``documents.text[start:end]``), from ``vaderSentiment`` (see the module notes).
    ``voice`` / ``speaker`` come from ``sentences`` when it has those columns; with
    ``sentences=None`` and ``voice=True`` they come from :func:`framing.voice.sentence_voice`;
    otherwise every sentence is ``"author"`` with speaker NA.  ``sentences`` (a sentences
    table of this corpus, e.g. from :func:`framing.text.sentences`) must match the
    documents' text.  Empty documents have no sentences and so no rows.  ``straighten`` and
    ``score_names`` as in the module notes (the evidence for a name is the whole document).
    """
    docs = as_documents(corpus, arg="corpus")
    stats.check_bool(voice, "voice")
    stats.check_bool(straighten, "straighten")
    stats.check_bool(score_names, "score_names")
    if sentences is None:
        if voice:
            from framing.voice import sentence_voice

            sentences = sentence_voice(docs)
        else:
            from framing.text import sentences as _sentences

            sentences = _sentences(docs)
    else:
        require_columns(sentences, ("doc_id", "sent_id", "start", "end"), name="sentences", arg="sentences")
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    unknown = sorted(set(sentences["doc_id"]) - set(texts))
    if unknown:
        raise ValueError(
            f"sentences has doc_id(s) not in corpus: {', '.join(map(repr, unknown[:5]))}; "
            f"pass the sentences table made from this corpus"
        )
    rows = []
    score = analyzer().polarity_scores
    scored = {d: vader_input(t, straighten, score_names) if isinstance(t, str) else t for d, t in texts.items()}
    for doc_id, start, end in zip(sentences["doc_id"].tolist(), sentences["start"].tolist(), sentences["end"].tolist(),
                                  strict=True):
        start, end = int(start), int(end)
        s = score(scored[doc_id][start:end])
        rows.append((s["compound"], s["pos"], s["neu"], s["neg"], texts[doc_id][start:end]))
    scores = pd.DataFrame(rows, columns=["compound", "pos", "neu", "neg", "text"], index=sentences.index)
    out = sentences[["doc_id", "sent_id", "start", "end"]].copy()
    out = pd.concat([out, scores.drop(columns="text")], axis=1)
    if "voice" in sentences.columns:
        out["voice"] = sentences["voice"].astype("string").fillna("author")
    else:
        out["voice"] = pd.Series("author", index=sentences.index, dtype="string")
    if "speaker" in sentences.columns:
        out["speaker"] = sentences["speaker"].astype("string")
    else:
        out["speaker"] = pd.Series(pd.NA, index=sentences.index, dtype="string")
    out["text"] = scores["text"]
    out = out.astype({"sent_id": "int64", "start": "int64", "end": "int64"})
    out = out.astype({c: "float64" for c in ("compound", "pos", "neu", "neg")})
    return out[list(SENTIMENT)].sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)


# --- Aggregates ---


def _rng_for(random_state, key) -> np.random.Generator:
    """Generator for one group: a shared Generator as is, else seeded by (random_state, key)."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    return np.random.default_rng([int(random_state), zlib.crc32(repr(key).encode("utf-8"))])


def _sentence_levels(name: str, frame: pd.DataFrame, mentions: pd.DataFrame | None) -> list:
    if name == "voice":
        seen = [v for v in pd.unique(frame["voice"].dropna()) if v not in VOICES]
        return list(VOICES) + sorted(seen)
    if name == "actor":
        return sorted(pd.unique(mentions["actor"].dropna()))
    return sorted(pd.unique(frame[name].dropna()))


def aggregate(
    sent: pd.DataFrame,
    corpus=None,
    *,
    by=("outlet",),
    mentions: pd.DataFrame | None = None,
    column: str = "compound",
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    resample: str = "auto",
    random_state=0,
) -> pd.DataFrame:
    """Sentence scores aggregated per group, with a bootstrap interval for the mean.

    ``sent`` is a sentiment table (:func:`sentiment`, or :func:`framing_valence` output with
    ``column="framing_valence"``).  ``by`` lists grouping columns, any of: ``doc_id``,
    ``outlet`` or another documents column (taken from ``corpus``; a missing value is the group
    ``"(missing)"``, :func:`framing.groups.group_keys`, counted in ``attrs["missing"]``), ``voice`` or another
    column of ``sent``, and ``actor`` (needs ``mentions`` from :func:`framing.actors.mentions`:
    a sentence counts for every actor it mentions, once however often).  ``by=()`` gives one
    row for all sentences.

    Columns: the ``by`` columns, then :data:`AGGREGATE`:

    * ``n_sentences``, ``n_documents``: sentences and documents in the group;
    * ``mean_<column>``: mean of ``column`` over the group's sentences;
    * ``ci_low`` / ``ci_high``: percentile bootstrap interval (Efron & Tibshirani 1993, *An
      introduction to the bootstrap*, ch. 13) of that mean at level ``ci`` (default 0.95),
      from ``n_boot`` (default :data:`framing.stats.N_BOOT` = 2,000, why: there) resamples
      of the group's sentences (``resample="sentence"``) or of its documents with all their
      sentences (``resample="document"``, a cluster bootstrap: the sentences of one article are
      no independent draws; NaN for a group of fewer than 2 documents); ``"auto"`` (the
      default) resamples documents in a group of 2 or more documents (``n_documents`` says
      which) and sentences in a group of one, as :mod:`framing.contrast` does;
    * ``share_positive`` (``column >= 0.05``), ``share_neutral``, ``share_negative``
      (``column <= -0.05``): VADER's thresholds.

    Every combination of levels is listed: documents-level keys as they occur in
    ``corpus`` (or in ``sent``), ``voice`` as all four voices, ``actor`` as every actor in
    ``mentions``.  A group with no sentences has ``n_sentences`` 0 and NaN means,
    intervals and shares (undefined, not zero).  A group of one sentence has an interval
    of zero width.  Randomness: each group's generator is seeded by ``random_state`` and the
    group's key, so a group's interval does not depend on which other groups exist; a
    numpy Generator is used as is, group after group.  Sort: the ``by`` columns in order
    (voices in the order author, quote, fragment, reported; others ascending).
    """
    require_columns(sent, ("doc_id", "sent_id", column), name="sentiment", arg="sent")
    if isinstance(by, str):
        by = (by,)
    by = tuple(by)
    if len(set(by)) != len(by):
        raise ValueError(f"by lists a column twice: {by!r}")
    n_boot = stats.check_int(n_boot, "n_boot", minimum=1)
    ci = stats.check_ci(ci)
    if resample not in stats.RESAMPLING:
        raise ValueError(f"resample must be 'auto', 'sentence' or 'document', not {resample!r}")
    random_state = stats.check_random_state(random_state)
    docs = None if corpus is None else as_documents(corpus, arg="corpus")
    frame = sent[["doc_id", "sent_id", column] + [c for c in sent.columns if c in by and c != "doc_id"]].copy()
    doc_keys, sent_keys = [], []
    for key in by:
        if key == "actor":
            if mentions is None:
                raise ValueError("by includes 'actor': pass mentions= (from framing.actors.mentions)")
            require_columns(mentions, ("doc_id", "sent_id", "actor"), name="mentions", arg="mentions")
            sent_keys.append(key)
        elif key == "doc_id" or (key not in sent.columns and docs is not None and key in docs.columns):
            doc_keys.append(key)
        elif key in sent.columns:
            sent_keys.append(key)
        elif docs is None:
            raise ValueError(f"by includes {key!r}, which sent lacks; pass corpus= to take it from the documents")
        else:
            raise ValueError(
                f"by includes {key!r}, a column of neither sent nor the documents; "
                f"sent has {', '.join(sent.columns)}; the documents have {', '.join(map(str, docs.columns))}"
            )
    doc_cols = [k for k in doc_keys if k != "doc_id"]
    keyed = None if docs is None else (group_keys(docs, doc_cols) if doc_cols else docs[["doc_id"]])
    extra = [k for k in doc_keys if k != "doc_id" and k not in frame.columns]
    if extra:
        frame = frame.merge(keyed[["doc_id", *extra]], on="doc_id", how="left")
    if "actor" in by:
        pairs = mentions[["doc_id", "sent_id", "actor"]].drop_duplicates()
        frame = frame.merge(pairs, on=["doc_id", "sent_id"], how="inner")
    # the full list of groups
    if doc_keys:
        source = keyed if keyed is not None and all(k in keyed.columns for k in doc_keys) else frame
        groups = source[doc_keys].drop_duplicates()
    else:
        groups = pd.DataFrame(index=[0])
    for key in sent_keys:
        levels = pd.DataFrame({key: _sentence_levels(key, frame, mentions)})
        groups = groups.merge(levels, how="cross")
    groups = groups.reset_index(drop=True)
    if by:
        groups = _sorted_groups(groups, list(by))
    lookup = {} if not by else {k: g for k, g in frame.groupby(list(by), sort=False, dropna=False)}
    rows = []
    for key in groups.itertuples(index=False, name=None) if by else [()]:
        part = lookup.get(key) if by else frame
        rows.append(_stats(part, column, n_boot, ci, resample, _rng_for(random_state, key)))
    table = pd.DataFrame(rows, columns=_stat_columns(column))
    out = pd.concat([groups[list(by)].reset_index(drop=True), table], axis=1) if by else table
    out = out.astype({"n_sentences": "int64", "n_documents": "int64"})
    if keyed is not None and keyed.attrs.get("missing"):
        out.attrs["missing"] = dict(keyed.attrs["missing"])
    return out


def _stat_columns(column: str) -> list[str]:
    return [f"mean_{column}" if c == "mean_compound" else c for c in AGGREGATE]


def _sorted_groups(groups: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    keys = {}
    for k in by:
        if k == "voice":
            order = {v: i for i, v in enumerate(VOICES)}
            keys[k] = groups[k].map(lambda v, o=order: (o.get(v, len(o)), str(v)))
    if not keys:
        return groups.sort_values(by, kind="stable").reset_index(drop=True)
    tmp = groups.copy()
    sort_cols = []
    for k in by:
        if k in keys:
            tmp[f"_{k}_rank"] = keys[k]
            sort_cols.append(f"_{k}_rank")
        else:
            sort_cols.append(k)
    tmp = tmp.sort_values(sort_cols, kind="stable")
    return tmp[list(groups.columns)].reset_index(drop=True)


def _stats(part, column, n_boot, ci, resample, rng) -> tuple:
    if part is None or len(part) == 0:
        return (0, 0, *([math.nan] * 6))
    values = part[column].to_numpy(dtype="float64")
    n = len(values)
    mean = float(values.mean())
    if stats.resampling_level(resample, part["doc_id"].nunique()) == "sentence":
        boot = stats.bootstrap_means(rng, values, None, n_boot)
    else:
        per_doc = part.groupby("doc_id", sort=True)[column].agg(["sum", "size"])
        if len(per_doc) < 2:
            return (n, len(per_doc), mean, math.nan, math.nan, *_shares(values))
        boot = stats.bootstrap_means(rng, per_doc["sum"].to_numpy(float), per_doc["size"].to_numpy(float), n_boot)
    low, high = (float(x) for x in stats.percentile_interval(boot, ci))
    if n == 1 or np.all(values == values[0]):
        low = high = mean  # no spread: avoid float noise in the quantiles
    return (n, int(part["doc_id"].nunique()), mean, low, high, *_shares(values))


def _shares(values: np.ndarray) -> tuple[float, float, float]:
    pos = int(np.sum(values >= POSITIVE_THRESHOLD))
    neg = int(np.sum(values <= NEGATIVE_THRESHOLD))
    n = len(values)
    return pos / n, (n - pos - neg) / n, neg / n


# --- Framing-adjusted valence (ours) ---


def _vader_sum(compound: float) -> float:
    """Summed valence S that VADER normalized to ``compound`` = S / sqrt(S^2 + 15)."""
    c = min(max(compound, -0.999999), 0.999999)
    return c * math.sqrt(VADER_ALPHA / (1.0 - c * c))


def framing_valence(
    sent: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    weight: float = VALENCE_WEIGHT,
    negation: str = "zero",
    categories=None,
) -> pd.DataFrame:
    """The sentiment table plus our framing-adjusted valence, columns :data:`VALENCE` added.

    VADER's lexicon lacks most loaded terms ("baseless", "Neo-Nazi", "foreign-backed",
    "regime", "so-called", "puppet").  For each sentence, the hits of the loaded-term lexicon
    (``hits`` from :func:`framing.score.hits`, joined on doc_id and sent_id) are added to
    VADER's own sum and renormalized:

    * ``loaded_hits``: hits in the sentence (after the category filter), negated ones included;
    * ``loaded_negated``: how many of them are negated (``hits.negated``);
    * ``loaded_polarity``: sum of their lexicon polarities (-1, 0, 1), where a negated hit
      counts 0 with ``negation="zero"`` (default: "not a regime" denies a label, it does not
      praise) or minus its polarity with ``negation="flip"``;
    * ``framing_valence = S' / sqrt(S'**2 + 15)`` with
      ``S' = S + weight * loaded_polarity`` and ``S`` VADER's summed valence recovered from
      its (4-decimal) compound by inverting VADER's normalization; equal to ``compound``
      when ``loaded_polarity`` is 0.  ``weight`` is in VADER valence units (default 1.5,
      about a typical VADER word).

    ``categories=None`` counts every category except the attribution-stance ones (said,
    claimed, confirmed: they describe attribution, not valence); or pass a list.
    VADER's columns are returned unchanged.  Sort: doc_id, sent_id.
    """
    require_columns(sent, ("doc_id", "sent_id", "compound"), name="sentiment", arg="sent")
    require_columns(hits, ("doc_id", "sent_id", "category", "polarity"), name="hits", arg="hits")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
        raise ValueError(f"weight must be a non-negative number (VADER valence units, e.g. 1.5), not {weight!r}")
    if negation not in ("zero", "flip"):
        raise ValueError(f"negation must be 'zero' or 'flip', not {negation!r}")
    h = select_hits(hits, categories)
    neg = h["negated"].astype(bool) if "negated" in h.columns else pd.Series(False, index=h.index)
    pol = h["polarity"].astype("float64")
    eff = pol.where(~neg, 0.0 if negation == "zero" else -pol)
    per = (
        pd.DataFrame({"doc_id": h["doc_id"], "sent_id": h["sent_id"], "n": 1, "negd": neg.astype(int), "p": eff})
        .groupby(["doc_id", "sent_id"], sort=False)
        .agg(loaded_hits=("n", "sum"), loaded_negated=("negd", "sum"), loaded_polarity=("p", "sum"))
        .reset_index()
    )
    out = sent.drop(columns=[c for c in VALENCE if c in sent.columns]).merge(per, on=["doc_id", "sent_id"], how="left")
    out["loaded_hits"] = out["loaded_hits"].fillna(0).astype("int64")
    out["loaded_negated"] = out["loaded_negated"].fillna(0).astype("int64")
    out["loaded_polarity"] = out["loaded_polarity"].fillna(0.0).astype("float64")
    adjusted = []
    for c, p in zip(out["compound"], out["loaded_polarity"], strict=True):
        if p == 0:
            adjusted.append(float(c))
        else:
            s = _vader_sum(float(c)) + weight * p
            adjusted.append(s / math.sqrt(s * s + VADER_ALPHA))
    out["framing_valence"] = np.asarray(adjusted, dtype="float64")
    return out.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
