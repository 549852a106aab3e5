"""Counting units of :mod:`framing.contrast`: stop words, units, the sentence x unit count table, groups.

Unit rules: :mod:`framing.contrast`.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from framing.schema import as_documents
from framing.text import normalize, sentence_spans, word_spans


def _sklearn_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS``), read from the
    module that holds them without importing scikit-learn, whose import (with scipy.stats) takes ~0.7 s of every
    notebook kernel that imports framing; imported the usual way when that module cannot be found."""
    import importlib.util

    try:
        origin = importlib.util.find_spec("sklearn").origin
        spec = importlib.util.spec_from_file_location(
            "framing._sklearn_stop_words", Path(origin).parent / "feature_extraction" / "_stop_words.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return frozenset(module.ENGLISH_STOP_WORDS)
    except (AttributeError, ImportError, OSError, TypeError):
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as words

        return frozenset(words)


#: ``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS`` (318 words; read by :func:`_sklearn_stop_words`).
ENGLISH_STOP_WORDS = _sklearn_stop_words()

# --- Stop words ---

#: Words of scikit-learn's list that carry negation or opposition; framing depends on them.
NEGATIONS = frozenset(
    "no not nor never none nobody noone nothing neither cannot cant couldnt hasnt without against".split()
)

#: Content words of scikit-learn's list (the Glasgow IR list; Nothman, Qin & Yurchak 2018,
#: "Stop Word Lists in Free Open-source Software Packages", NLP-OSS, discuss its oddities).
#: In news they are topical ("fire", "bill", "serious"), so they are kept as units.
CONTENT_WORDS = frozenset(
    """bill fire system interest serious sincere describe detail cry mill thick thin empty full
    found call show side move part front bottom top name""".split()
)

#: The default stop words: ``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS`` (318
#: words) without :data:`NEGATIONS` and :data:`CONTENT_WORDS`.
DEFAULT_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - NEGATIONS - CONTENT_WORDS

#: House style: honorifics and name abbreviations news style guides put before or after names.
HONORIFICS = frozenset("mr mrs ms mx dr prof sen rep gov lt col gen sgt rev hon jr sr".split())
#: Words of outlet names that are not the outlet's own name ("Fox News" -> "fox").
OUTLET_WORDS = frozenset(
    "news online media network networks digital tv radio channel com opinion editorial blog magazine newspaper "
    "outlet live".split()
)

ONE_DOCUMENT_NOTE = (
    "one document per group: document-level inference is impossible; z reflects word-level sampling only, "
    "and intervals from resampled sentences describe variation within these articles, not across the "
    "outlets' other articles"
)
SENTENCE_NOTE = (
    "sentences resampled: sentences are treated as independent draws from each group's text, which ignores "
    "the dependence between sentences of one article"
)
DOCUMENT_NOTE = "documents resampled: intervals and p-values speak for the population of documents of each group"
REST = "(rest)"


_STOP_WORDS_HELP = "stop_words must be 'default', 'sklearn', None, a list of words or the path of a stop-word file"


def read_stop_words(path) -> frozenset[str]:
    """The words of a stop-word file: one per line (UTF-8), blank lines and ``#`` comments skipped."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"stop-word file {p} does not exist; give a text file with one word per line")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"stop-word file {p} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return frozenset(normalize(w).text for w in (line.split("#", 1)[0].strip() for line in lines) if w)


def self_name(outlet: str) -> str | None:
    """The word an outlet calls itself by, or None.

    The words of ``outlet``, lower-cased, without a parenthesis ("(Online News)"), stop
    words and :data:`OUTLET_WORDS`; when exactly one word of two or more letters is left,
    it is the self-name: "Fox News" -> "fox", "HuffPost" -> "huffpost", "CNN (Online News)"
    -> "cnn"; a name that leaves several words ("Washington Post") has none.
    """
    bare = re.sub(r"\([^)]*\)", " ", str(outlet))
    words = [unit_of(w) for _, _, w in word_spans(bare) if any(c.isalpha() for c in w)]
    words = [w for w in words if w not in ENGLISH_STOP_WORDS and w not in OUTLET_WORDS]
    return words[0] if len(words) == 1 and len(words[0]) >= 2 else None


def house_style_terms(corpus=None, *, column: str = "outlet") -> frozenset[str]:
    """:data:`HONORIFICS` and the self-names (:func:`self_name`) of the values of ``column`` in ``corpus``."""
    names: set[str] = set()
    if corpus is not None:
        docs = as_documents(corpus, arg="corpus")
        if column in docs.columns:
            names = {self_name(v) for v in pd.unique(docs[column].dropna().astype(str))} - {None}
    return HONORIFICS | frozenset(names)


class HouseStyle(frozenset):
    """Stop words with house style: :data:`HONORIFICS` are in the set, and the contrast
    functions also drop, in each document, the self-name (:func:`self_name`) of that
    document's own outlet ("fox" in Fox News articles; "Fox" in another outlet's article
    citing Fox News is kept)."""


def stop_word_list(stop_words="default", *, house_style=False) -> frozenset[str]:
    """The stop words meant by ``stop_words``, plus house-style terms when asked.

    ``"default"``: :data:`DEFAULT_STOP_WORDS`; ``"sklearn"``: scikit-learn's full list;
    ``None``: none; a :class:`pathlib.Path` or a string with a suffix or a path separator:
    the words of that file (:func:`read_stop_words`); an iterable of strings: those words.
    Words are lower-cased with straight apostrophes (the same normalization as tokens).
    ``house_style``: ``False`` adds nothing; ``True`` gives a :class:`HouseStyle` set
    (honorifics, and each document's outlet self-name where units are counted); an
    iterable of strings adds those words.  Pass the result as ``stop_words=`` to any
    contrast function.
    """
    if isinstance(stop_words, HouseStyle) and house_style is not False:
        return stop_words
    words = _base_stop_words(stop_words)
    if house_style is None or house_style is False:
        return words
    if house_style is True:
        return HouseStyle(words | HONORIFICS)
    return words | _base_stop_words(house_style, arg="house_style")


def _base_stop_words(stop_words, arg="stop_words") -> frozenset[str]:
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str) and stop_words in ("default", "sklearn") and arg == "stop_words":
        return DEFAULT_STOP_WORDS if stop_words == "default" else frozenset(ENGLISH_STOP_WORDS)
    if isinstance(stop_words, Path) or (isinstance(stop_words, str) and (Path(stop_words).suffix or "/" in stop_words
                                                                          or "\\" in stop_words)):
        return read_stop_words(stop_words)
    if isinstance(stop_words, str):
        help_ = _STOP_WORDS_HELP if arg == "stop_words" else "house_style must be True, False or a list of words"
        raise ValueError(f"{help_}, not the string {stop_words!r}")
    try:
        words = list(stop_words)
    except TypeError:
        raise TypeError(f"{arg}: a list of words is needed, not {stop_words!r}") from None
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise TypeError(f"{arg} must hold strings; {bad[0]!r} is a {type(bad[0]).__name__}")
    return frozenset(normalize(w.strip()).text for w in words)


def _stop_set(stop_words, house_style) -> frozenset[str]:
    """Stop words of a contrast: ``house_style=None`` means house style for ``"default"``
    (and a :class:`HouseStyle` set), none otherwise."""
    if house_style is None:
        house_style = (isinstance(stop_words, str) and stop_words == "default") or isinstance(stop_words, HouseStyle)
    return stop_word_list(stop_words, house_style=house_style)


# --- Units ---

UNIT_SPANS = ("doc_id", "sent_id", "start", "end", "surface", "unit", "kind")


def unit_of(norm: str) -> str:
    """The word unit of a normalized token: ``norm`` without a final possessive ``'s`` / ``'``."""
    if len(norm) > 2 and norm.endswith("'s"):
        return norm[:-2]
    if len(norm) > 1 and norm.endswith("'"):
        return norm[:-1]
    return norm


def _phrase_keys(phrases) -> dict[tuple[str, ...], str]:
    """Map each phrase's unit-token tuple to its label (the tuple joined by spaces)."""
    if phrases is None:
        return {}
    if isinstance(phrases, str):
        raise TypeError("phrases must be a list of strings (e.g. ['regime propaganda']), not a single string")
    keys: dict[tuple[str, ...], str] = {}
    for p in phrases:
        if not isinstance(p, str):
            raise TypeError(f"phrases must hold strings; {p!r} is a {type(p).__name__}")
        key = tuple(unit_of(norm) for _, _, norm in word_spans(p))
        if not key:
            raise ValueError(f"phrases: {p!r} has no word in it; remove it")
        keys[key] = " ".join(key)
    return keys


#: A stop word written in capitals counts as an acronym up to this many letters ("US", "IT", "WHO").
ACRONYM_STOP_MAX = 3

_TLDS = "com|org|net|gov|edu|int|mil|info|io|tv|co\\.uk|uk|ru|by|ua|de|fr|eu"
#: Web and e-mail addresses and social-media handles ("FoxNews.com", "https://www.usatoday.com/story",
#: "letters@usatoday.com", "@FoxNews"): their tokens name a channel, not words of the text, and are no units.
ADDRESS = re.compile(
    r"(?i:https?:/*|www\.)[^\s<>\"\u201c\u201d]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|(?<![\w@])@\w+(?:(?:\.[\w-]+)*\.(?:{_TLDS}|{_TLDS.upper()})\b)?"  # "@Name", "@Namepic.twitter.com"
    rf"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS}|{_TLDS.upper()})\b(?!\.\w)"  # not "Russia.By" (a lost space)
)  # each alternative starts only where its run of characters starts: linear time on a long unbroken token

#: A clock time's "a.m."/"p.m." ("5 p.m.", "5:30pm", "12:20 PM", "7.30 am"; any case, dots or none, one space or
#: none after an hour 0-12 with optional minutes and seconds) and the time zone written after it in capitals
#: ("p.m. ET", "11 am GMT"): reporting format, not words, so no units; a "PM" after no clock number
#: ("British PM", "G7 PM", "15 PM") stays a unit, and so does a zone after no clock time.  Bounded: linear time.
CLOCK_TIME = re.compile(
    r"(?<![\w.,:])(?:1[0-2]|0?\d)(?:[:.][0-5]\d){0,2}[ \u00a0\u202f]?(?i:[ap]\.?m)\b\.?"
    r"(?:[ \u00a0\u202f](?:[ECMP][SD]?T|GMT|UTC|BST)\b)?"
)

def _is_caps(surface: str) -> bool:
    return len(surface) >= 2 and surface.isupper()


def _line(text: str, pos: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


def _in_caps_run(text, starts, ends, i) -> bool:
    """Token ``i`` is in an all-capitals line, or next to another capitals word on its line."""
    lo, hi = _line(text, int(starts[i]))
    letters = [c for c in text[lo:hi] if c.isalpha()]
    if not any(c.islower() for c in letters):
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(starts) and lo <= starts[j] < hi and _is_caps(text[starts[j] : ends[j]]):
            return True
    return False


def _acronym_runs(text, starts, ends, sents, norms) -> list[tuple[int, int]]:
    """Token ranges ``[i, j]`` of dotted acronyms ("U.S."): single letters joined by "." in
    one sentence, with a "." after the last."""
    runs: list[tuple[int, int]] = []
    n, after = len(norms), -1
    for i in [i for i, x in enumerate(norms) if len(x) == 1 and x.isalpha()]:
        if i < after:
            continue
        j = i
        while (
            j + 1 < n
            and len(norms[j + 1]) == 1
            and norms[j + 1].isalpha()
            and sents[j + 1] == sents[i]
            and text[ends[j] : starts[j + 1]] == "."
        ):
            j += 1
        if j > i and text[ends[j] : ends[j] + 1] == ".":
            runs.append((i, j))
            after = j + 1
    return runs


def _doc_units(text, starts, ends, sents, norms, phrase_keys, max_len, stop, sent_caps, has_alpha):
    """Units of one document from its tokens (lists of starts, ends, sentence numbers, norms),
    as five lists: sent, start, end, unit, kind.  Rules: module docstring.  ``sent_caps(sent)``:
    that sentence is all capitals; ``has_alpha``: a cache unit -> it has a letter."""
    # 1. dotted acronyms merge their tokens into one item; other tokens are items as they are
    units = [unit_of(x) if "'" in x else x for x in norms]
    caps = {i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if e - s >= 2 and text[s:e].isupper()}
    caps = {i for i in caps if not sent_caps(sents[i])}
    caps -= {i for i in caps if units[i] in stop  # "THE QUEEN OF RAGE", a link label "MORE": no acronym
             and (len(units[i]) > ACRONYM_STOP_MAX or _in_caps_run(text, starts, ends, i))}
    runs = _acronym_runs(text, starts, ends, sents, norms)
    if runs:
        it_s, it_e, it_sent, it_unit, it_caps, prev = [], [], [], [], [], 0
        for i, j in runs + [(len(norms), None)]:
            it_s += starts[prev:i]
            it_e += ends[prev:i]
            it_sent += sents[prev:i]
            it_unit += units[prev:i]
            it_caps += [k in caps for k in range(prev, i)]
            if j is not None:
                it_s.append(starts[i])
                it_e.append(ends[j] + 1)
                it_sent.append(sents[i])
                it_unit.append("".join(norms[i : j + 1]))
                it_caps.append(True)
                prev = j + 1
    else:
        it_s, it_e, it_sent, it_unit = starts, ends, sents, units
        it_caps = [False] * len(units)
        for i in caps:
            it_caps[i] = True
    for u in set(it_unit).difference(has_alpha):
        has_alpha[u] = any(ch.isalpha() for ch in u)
    if not phrase_keys:  # 3./4. words: no letter, or a stop word not written as an acronym, is dropped
        keep = [k for k, u in enumerate(it_unit) if has_alpha[u] and (it_caps[k] or u not in stop)]
        return ([it_sent[k] for k in keep], [it_s[k] for k in keep], [it_e[k] for k in keep],
                [it_unit[k] for k in keep], ["acronym" if it_caps[k] else "word" for k in keep])
    # 2. phrases, longest first, within a sentence; 3./4. words
    out: tuple[list, ...] = ([], [], [], [], [])
    k, m = 0, len(it_unit)
    while k < m:
        sent = it_sent[k]
        for length in range(min(max_len, m - k), 0, -1):
            if it_sent[k + length - 1] == sent:
                label = phrase_keys.get(tuple(it_unit[k : k + length]))
                if label is not None:
                    row = (sent, it_s[k], it_e[k + length - 1], label, "phrase")
                    k += length
                    break
        else:
            key, row = it_unit[k], None
            if has_alpha[key] and (it_caps[k] or key not in stop):
                row = (sent, it_s[k], it_e[k], key, "acronym" if it_caps[k] else "word")
            k += 1
        if row is not None:
            for col, value in zip(out, row, strict=True):
                col.append(value)
    return out


def unit_spans(corpus, *, phrases=None, stop_words="default", house_style=None) -> pd.DataFrame:
    """One row per counted unit: doc_id, sent_id, start, end, surface, unit, kind.

    ``kind`` is ``"word"``, ``"phrase"`` (one of ``phrases``) or ``"acronym"`` (a dotted
    acronym, or a token written in capitals outside an all-capitals sentence, which the
    stop-word list does not remove unless it is longer than :data:`ACRONYM_STOP_MAX` letters,
    its line is all capitals or a capitals word stands next to it).  ``surface`` is
    ``documents.text[start:end]``.  ``stop_words``,
    ``house_style``: :func:`stop_word_list`; ``house_style=None`` (default) means house
    style (:class:`HouseStyle`) with ``stop_words="default"`` (or a :class:`HouseStyle`
    set), none with other values.  Rules: module docstring.  Sorted by doc_id, start.
    """
    docs = as_documents(corpus, arg="corpus")
    return _unit_spans(docs, _phrase_keys(phrases), _stop_set(stop_words, house_style))


def _unit_spans(docs, keys, stop) -> pd.DataFrame:
    rows = []
    for doc_id, text, _, (sent, start, end, unit, kind) in scan_documents(docs, keys, stop):
        rows.extend(zip([doc_id] * len(sent), sent, start, end, [text[s:e] for s, e in zip(start, end, strict=True)],
                        unit, kind, strict=True))
    frame = pd.DataFrame(rows, columns=list(UNIT_SPANS))
    frame = frame.astype({"doc_id": "object", "sent_id": "int64", "start": "int64", "end": "int64"})
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def scan_documents(docs: pd.DataFrame, keys, stop):
    """Per document of ``docs``: ``(doc_id, text, tokens per sentence, unit rows)``.

    Sentences: :func:`framing.text.sentence_spans`; tokens: :func:`framing.text.word_spans`,
    each in the sentence whose end follows its start (as :func:`framing.text.tokens`); unit
    rows: :func:`_doc_units` (lists sent, start, end, unit, kind), without the document's own
    outlet self-name when ``stop`` is a :class:`HouseStyle` set.
    """
    max_len = max((len(k) for k in keys), default=0)
    # the outlet's own name: ``outlet_name`` when the groups moved into ``outlet`` (the report's --by), so that a
    # lean group "right" does not lose the word "right" from its own documents
    column = "outlet_name" if "outlet_name" in docs.columns else "outlet"
    outlets = docs[column].astype(str).tolist() if isinstance(stop, HouseStyle) and column in docs.columns else None
    own: dict[str, tuple[str | None, frozenset]] = {}
    has_alpha: dict[str, bool] = {}
    for i, (doc_id, text) in enumerate(zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True)):
        spans = sentence_spans(text)
        words = word_spans(text)
        if not words:
            yield doc_id, text, np.zeros(len(spans), dtype=np.int64), ([], [], [], [], [])
            continue
        starts = [w[0] for w in words]
        sent_of = np.searchsorted(np.fromiter((e for _, e, _ in spans), np.int64, len(spans)),
                                  np.asarray(starts, dtype=np.int64), side="right")
        ntok = np.bincount(sent_of, minlength=len(spans))[: len(spans)]
        address = sorted([m.span() for m in ADDRESS.finditer(text)] + [m.span() for m in CLOCK_TIME.finditer(text)])
        if address:  # 0. no units from web or e-mail addresses, handles or a clock time's "p.m."
            a_start, a_end = np.array(address).T
            a_end = np.maximum.accumulate(a_end)  # a clock time inside an address: the address's end counts
            at = np.searchsorted(a_start, starts, side="right") - 1
            keep = np.flatnonzero((at < 0) | (np.asarray(starts) >= a_end[np.maximum(at, 0)]))
            words, sent_of = [words[k] for k in keep], sent_of[keep]
            starts = [w[0] for w in words]
        caps: dict[int, bool] = {}

        def sent_caps(sent, spans=spans, text=text, caps=caps):
            if sent not in caps:
                letters = [c for c in text[spans[sent][0] : spans[sent][1]] if c.isalpha()] if sent < len(spans) else []
                caps[sent] = bool(letters) and not any(c.islower() for c in letters)
            return caps[sent]

        doc_stop, name = stop, None
        if outlets is not None:
            if outlets[i] not in own:
                own_name = self_name(outlets[i])
                own[outlets[i]] = (own_name, stop | {own_name} if own_name else stop)
            name, doc_stop = own[outlets[i]]
        units = _doc_units(text, starts, [w[1] for w in words], sent_of.tolist(), [w[2] for w in words], keys,
                           max_len, doc_stop, sent_caps, has_alpha)
        if name and name in units[3]:  # the self-name goes in capitals too ("POLITICO")
            keep = [k for k, u in enumerate(units[3]) if u != name]
            units = tuple([col[k] for k in keep] for col in units)
        yield doc_id, text, ntok, units
