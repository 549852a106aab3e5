"""Attribution stance: the stance lexicon and every attribution cue classified."""

from __future__ import annotations

import operator
import re
from importlib import resources
from itertools import compress

import numpy as np
import pandas as pd

from framing.schema import require_columns
from framing.voice.attribution import (
    _AFTER_CUE_SPEAKER,
    _DETERMINERS,
    _SUBJECT_BEFORE,
    _analysis,
    _classify_mention,
)
from framing.voice.tables import _check_quotes, _docs, _locate, _quote_lookup
from framing.voice.verbs import _FORM_TO_LEMMA, FALLBACK_STANCE, STANCES, _base_form, _inflect

#: Columns of :func:`attribution_stance`.
STANCE_ROWS = ("doc_id", "outlet", "sent_id", "start", "end", "cue", "lemma", "stance", "stance_source",
               "speaker", "role")

_MODALS = {"to", "will", "would", "can", "could", "may", "might", "must", "should", "shall", "did", "do", "does",
           "not", "n't", "never", "also", "he", "she", "it", "they", "we", "i", "you", "who", "which", "that"}
_QUOTE_CHARS = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"


def _verb_terms(terms: list[str]) -> dict[str, str]:
    """The verb forms and verb phrases among lexicon ``terms``: form -> lemma (of a phrase: its first word's
    lemma and the other words, "maintained that" -> "maintain that").

    A single word is a verb form when it is an inflection of a grammar verb, or when the
    lexicon lists two or more forms of one base ("confirm", "confirmed"), or when it ends
    in -s/-ed/-ing, is that inflection of a base, and is not an ``un-`` adjective
    ("unverified").  A phrase counts when its first word is such a form ("pointed out",
    "showed that") or it is "according to".  Adverbs ("allegedly"), nouns ("accusation"),
    adjectives ("so-called"), globs and regex rows are lexicon hits, not attribution cues.
    """
    clean = [t.casefold().strip() for t in terms if t and "*" not in t and "\\" not in t]
    known = frozenset(t for t in clean if " " not in t)
    bases: dict[str, set[str]] = {}
    for t in clean:
        if " " not in t:
            bases.setdefault(_base_form(t, known), set()).add(t)
    out: dict[str, str] = {}

    def word_lemma(w: str) -> str | None:
        if w in _FORM_TO_LEMMA:
            return _FORM_TO_LEMMA[w]
        base = _base_form(w, known)
        group = bases.get(base, set())
        if len(group) >= 2 and any(f.endswith(("ed", "ing")) for f in group):
            return base
        if base != w and w.endswith(("ed", "ing")) and not w.startswith("un"):
            return base
        return None

    for t in clean:
        if t == "according to":
            out[t] = t
            continue
        words = t.split()
        lemma = word_lemma(words[0]) if re.fullmatch(r"[a-z]+", words[0]) else None
        if lemma is not None:
            out[t] = " ".join([lemma, *words[1:]])  # "pointed out" -> "point out": a phrase's base form
    return out


def stance_lexicon(lexicon: pd.DataFrame | str | None = None) -> pd.DataFrame:
    """Attribution-verb stance table: columns ``form``, ``lemma``, ``stance``, ``source``.

    Read from the lexicon's rows whose ``category`` is ``stance_endorsing`` /
    ``stance_distancing`` / ``stance_neutral`` (``lexicon``: a DataFrame or CSV path with
    ``term`` and ``category``; default ``framing/data/lexicon.csv`` when it exists), keeping
    the verb forms and verb phrases (see ``_verb_terms``); every inflection of a verb's
    lemma is added ("confirmed" -> confirm, confirms, confirming) with the same stance.
    When the lexicon has no stance rows, :data:`FALLBACK_STANCE` is used (``source``
    says which).  A form listed under two stances keeps the first in :data:`STANCES`
    order.  Sorted by form.
    """
    frame = None
    if isinstance(lexicon, pd.DataFrame):
        frame = lexicon
    elif lexicon is not None:
        frame = pd.read_csv(lexicon, dtype=str, keep_default_na=False)
    else:
        path = resources.files("framing").joinpath("data/lexicon.csv")
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    by_stance: dict[str, list[str]] = {st: [] for st in STANCES}
    source = "fallback"
    if frame is not None:
        require_columns(frame, ("term", "category"), name="lexicon", arg="lexicon")
        pattern_rows = frame["pattern"].astype(str).str.lower().isin(("true", "1", "yes")) if (
            "pattern" in frame.columns) else pd.Series(False, index=frame.index)
        for term, cat, is_pattern in zip(frame["term"].tolist(), frame["category"].tolist(), pattern_rows.tolist(),
                                         strict=True):
            cat = str(cat).strip()
            if cat.startswith("stance_") and cat[7:] in STANCES and not is_pattern:
                by_stance[cat[7:]].append(str(term))
        if any(by_stance.values()):
            source = "lexicon"
    if source == "fallback":
        by_stance = {st: list(FALLBACK_STANCE[st]) for st in STANCES}
    rows = []
    for order, st in enumerate(STANCES):
        verbs = _verb_terms(by_stance[st]) if source == "lexicon" else {lemma: lemma for lemma in by_stance[st]}
        for form, lemma in verbs.items():
            forms = _inflect(lemma) if " " not in form else (form,)
            for f in dict.fromkeys((form, *forms)):
                rows.append((f, lemma, st, source, order))
    out = pd.DataFrame(rows, columns=["form", "lemma", "stance", "source", "order"])
    out = out.sort_values(["form", "order"], kind="stable").drop_duplicates("form").drop(columns="order")
    return out.reset_index(drop=True)


_RUN = re.compile(r"\w+")
_RUN_SPLIT = re.compile(r"(\w+)")


def _first_words(forms: list[str]) -> frozenset[str] | None:
    """The lower-cased leading word (``\\w+`` run) of each form; None when a form does not start with one."""
    out = set()
    for form in forms:
        m = _RUN.match(form)
        if m is None:
            return None
        out.add(m.group(0).lower())
    return frozenset(out)


class _Forms:
    """The cue pattern split by leading word: ``pattern`` tried at an ASCII run ``w`` can only match with a form whose
    leading word is ``w`` in lower case (or is not ASCII), so :meth:`at` tries only those, in the pattern's order
    (the same first match: the same match); compiled when first needed."""

    def __init__(self, forms: list[str]):
        self.forms = forms
        self.lead = [_RUN.match(f).group(0).lower() for f in forms]
        self.by_word: dict[str, list[int]] = {}
        for i, w in enumerate(self.lead):
            self.by_word.setdefault(w, []).append(i)
        self.exotic = [i for i, w in enumerate(self.lead) if not w.isascii()]
        self.compiled: dict[str, re.Pattern] = {}

    def at(self, word: str) -> re.Pattern:
        """The pattern of the forms that may match at an ASCII run ``word`` (lower case)."""
        rx = self.compiled.get(word)
        if rx is None:
            keep = sorted(self.by_word.get(word, []) + self.exotic)
            rx = self.compiled[word] = _cue_pattern([self.forms[i] for i in keep])
        return rx


def _cue_pattern(forms: list[str]) -> re.Pattern:
    """The cue pattern of ``forms`` (in this order): a form as a whole word, not the first part of a hyphenated one."""
    return re.compile(r"\b(" + "|".join(map(re.escape, forms)) + r")\b(?!-)", re.IGNORECASE)


def _cue_matches(pattern: re.Pattern, first_words: frozenset[str] | None, text: str, split: _Forms | None = None):
    """``pattern.finditer(text)``, trying the pattern only where a match can start: a match starts a word (the
    pattern opens with ``\\b`` and a form), whose whole ``\\w+`` run is a form's leading word (case-insensitive;
    every non-ASCII run is tried, as ``re.IGNORECASE`` folds some of them).  ``split``: ``pattern``'s forms
    (:class:`_Forms`), to try at an ASCII run only the forms that begin with it."""
    if first_words is None:
        yield from pattern.finditer(text)
        return
    parts = _RUN_SPLIT.split(text)  # gap, run, gap, ...: the runs' starts from the pieces' lengths
    runs = parts[1::2]
    tried_at = map(first_words.__contains__, map(str.lower, runs))  # (no bytecode per word)
    if not text.isascii():
        tried_at = map(operator.or_, tried_at, map(operator.not_, map(str.isascii, runs)))
    tried = list(compress(range(len(runs)), tried_at))
    if not tried:
        return
    starts = np.cumsum(np.fromiter(map(len, parts), np.int64, len(parts)))[0:-1:2][tried].tolist()
    end = 0
    for i, s in zip(tried, starts, strict=True):
        if s < end:
            continue
        word = runs[i]
        rx = split.at(word.lower()) if split is not None and word.isascii() else pattern
        m = rx.match(text, s)
        if m is not None:
            end = m.end()
            yield m


def attribution_stance(corpus, quotes: pd.DataFrame | None = None, *, lexicon=None,
                       analysis=None) -> pd.DataFrame:
    """One row per attribution cue (columns :data:`STANCE_ROWS`), sorted by doc_id, start.

    A cue is (a) the attribution verb or phrase of a quotation or of a reported-speech
    sentence found by the voice layer ("said", "told", "dismissed", "adding", "according
    to"), or (b) any verb form or verb phrase of the lexicon's stance rows
    (:func:`stance_lexicon`) in the author's text.  Skipped: cues inside quotations (the
    speaker's words), parts of hyphenated words ("state-controlled"), and noun or
    adjective uses ("denied claims", "the “baseless” claims", "the alleged plot"): a base
    or -s form counts only after a pronoun, modal, "to", a capitalised word or a plural
    noun; an -ed form not after a determiner.  ``lemma`` is the verb's base form;
    ``stance`` comes from :func:`stance_lexicon` (``stance_source`` ``lexicon`` or
    ``fallback``); a grammar cue the stance table lacks ("dismissed", "continued") is
    ``neutral`` with ``stance_source`` ``default``.  ``speaker`` is the speaker the voice
    layer attributes through the cue (``role`` ``quote`` or ``reported``), else the named
    subject right before the verb or after "according to" (``subject``), else NA
    (``none``).  ``quotes`` defaults to :func:`~framing.voice.quotes`; ``analysis`` is an
    :class:`~framing.voice.Analysis` to reuse.
    """
    docs = _docs(corpus)
    parses = _analysis(analysis)
    qt = _check_quotes(quotes, docs, parses)
    table = stance_lexicon(lexicon)
    stance_of = {f: (lemma, st, src) for f, lemma, st, src in table.itertuples(index=False)}
    grammar = dict(_FORM_TO_LEMMA)
    grammar["according to"] = "according to"
    forms = sorted(set(grammar) | set(stance_of), key=lambda f: (-len(f), f))
    pattern = _cue_pattern(forms)
    first_words = _first_words(forms)
    split = _Forms(forms) if first_words is not None else None
    lookup = _quote_lookup(qt)
    quote_cues = {}
    if "cue_start" in qt.columns:
        for row in qt.itertuples(index=False):
            if not pd.isna(row.cue_start):
                quote_cues[(row.doc_id, int(row.cue_start))] = row.speaker
    rows = []
    for doc_id, outlet, text in zip(docs["doc_id"], docs["outlet"], docs["text"], strict=True):
        an = parses.of(text)
        names = an.canon["names"]
        sent_starts = np.asarray([s.start for s in an.sentences], dtype=np.int64)
        rep_cues = {s.attr.c_start: s.attr for s in an.sentences if s.attr is not None and s.attr.c_start is not None}
        for m in _cue_matches(pattern, first_words, text, split):
            s, e = m.start(), m.end()
            cue = m.group(1)
            low = cue.lower()
            if _locate(lookup, doc_id, s) is not None or (cue[0].isupper() and low != "according to"):
                continue  # inside a quotation, or a capitalised word ("United States")
            sent_id = max(int(np.searchsorted(sent_starts, s, side="right")) - 1, 0)
            sent = an.sentences[sent_id]
            if (doc_id, s) in quote_cues:
                sp = quote_cues[(doc_id, s)]
                speaker, role = (pd.NA if pd.isna(sp) else sp), "quote"
            elif s in rep_cues:
                sp = rep_cues[s].speaker
                speaker, role = (pd.NA if sp is None else sp), "reported"
            elif low not in stance_of or _noun_use(text, s, e, low):
                continue
            elif (sent.reported and sent.content and sent.content[0] <= s
                  and text[max(0, s - 5):s].strip().lower() == "and"):
                speaker, role = (pd.NA if sent.attr.speaker is None else sent.attr.speaker), "reported"
            else:
                speaker, role = pd.NA, "none"
                if low == "according to":
                    am = _AFTER_CUE_SPEAKER.match(text[e:e + 120])
                    if am:
                        how, sp, _ = _classify_mention(am.group("sp"), names)
                        if how == "named":
                            speaker, role = sp, "subject"
                else:
                    sm = _SUBJECT_BEFORE.search(text, max(0, s - 120), s)
                    if sm:
                        how, sp, _ = _classify_mention(sm.group("sp"), names)
                        if how == "named":
                            speaker, role = sp, "subject"
            lemma, stance, source = stance_of.get(low, (grammar.get(low, low), "neutral", "default"))
            rows.append((doc_id, outlet, sent_id, s, e, cue, lemma, stance, source, speaker, role))
    frame = pd.DataFrame(rows, columns=list(STANCE_ROWS))
    frame = frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "speaker": "string"})
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _noun_use(text: str, s: int, e: int, low: str) -> bool:
    """Is the cue at ``[s, e)`` a noun or adjective ("denied claims", "the alleged plot")?"""
    if low == "according to" or " " in low:
        return False
    before = text[max(0, s - 40):s].split()
    raw_prev = before[-1] if before else ""
    prev = raw_prev.strip(",.;:()" + _QUOTE_CHARS)
    quoted_prev = any(ch in _QUOTE_CHARS for ch in raw_prev.replace("n\u2019t", "").replace("n't", ""))
    after = text[e:e + 12].split()
    nxt = after[0].lower().strip(",.;:") if after else ""
    if low.startswith("call") and nxt in ("for", "on", "off", "in", "up"):
        return True
    if prev.lower() in _DETERMINERS or prev.lower().endswith(("\u2019s", "'s")):
        return True
    if low.endswith(("ed", "en")) or low in ("said", "told", "wrote", "spoke"):
        return False
    if low.endswith("ing"):
        return False
    # base or -s form: a verb only after a pronoun/modal/to, a name, or a plural noun subject
    if prev.lower() in _MODALS or prev.lower().endswith("n't"):
        return False
    if quoted_prev or not prev:
        return True
    if prev[0].isupper():
        return False
    return not (prev.endswith("s") and not prev.endswith("ss"))


def stance_table(stance: pd.DataFrame) -> pd.DataFrame:
    """Per outlet x stance: ``count`` and ``share`` of the outlet's attribution cues.

    ``stance`` is an :func:`attribution_stance` table.  Every outlet gets all three stances
    (zero counts included); ``share`` = count / outlet's cues (NaN when it has none).
    Sorted by outlet, then stance in :data:`STANCES` order.
    """
    require_columns(stance, ("outlet", "stance"), name="attribution stance", arg="stance")
    outlets = sorted(stance["outlet"].astype(str).unique())
    counts = stance.groupby(["outlet", "stance"]).size()
    rows = []
    for o in outlets:
        total = int(sum(int(counts.get((o, s), 0)) for s in STANCES))
        for s in STANCES:
            c = int(counts.get((o, s), 0))
            rows.append((o, s, c, c / total if total else float("nan")))
    return pd.DataFrame(rows, columns=["outlet", "stance", "count", "share"]).astype({"count": "int64"})
