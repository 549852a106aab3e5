"""Reporting verbs: the grammar's lemmas, their inflections and base forms, fallback stances."""

from __future__ import annotations

import re

#: The three attribution stances, in the order tables list them.
STANCES = ("endorsing", "distancing", "neutral")

#: Reporting verbs the attribution grammar looks for (lemma -> inflected forms).  This
#: list only *finds* cues and speakers; their stance comes from the lexicon
#: (:func:`stance_lexicon`), falling back to :data:`FALLBACK_STANCE`.
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
}
GRAMMAR_LEMMAS = (
    "say", "tell", "add", "continue", "state", "claim", "insist", "allege", "accuse", "confirm",
    "admit", "reveal", "deny", "dismiss", "explain", "note", "write", "ask", "declare", "announce",
    "argue", "warn", "reply", "report", "tweet", "stress", "emphasize", "emphasise", "maintain",
    "acknowledge", "vow", "promise", "suggest", "concede", "assert", "contend", "call", "describe",
    "believe", "charge", "complain", "predict", "recall", "urge", "threaten",
)
#: Lemmas that are cues only as a participle in apposition ("…, X, calling …") or before a
#: quotation, never the main verb of reported speech ("called for" is a demand, "believe" a
#: thought): they find speakers of quotations but do not make a sentence reported.
_WEAK_LEMMAS = {"call", "describe", "believe", "continue", "threaten", "predict", "recall", "urge", "complain"}

#: Stance of reporting verbs used when the lexicon has no ``stance_*`` rows.  Endorsing
#: verbs present the reported content as fact (factive), distancing verbs cast doubt on
#: it, neutral ones do neither (Caldas-Coulthard 1994; Bergler 1992).
FALLBACK_STANCE = {
    "endorsing": ("confirm", "reveal", "uncover", "admit", "acknowledge", "concede", "expose", "disclose"),
    "distancing": ("claim", "allege", "insist", "accuse", "assert", "contend", "purport"),
    "neutral": ("say", "tell", "state", "according to", "add", "note", "report", "explain", "announce", "write",
                "ask", "reply", "declare", "tweet", "stress", "emphasize", "emphasise"),
}

_DOUBLING = {"admit", "regret", "commit", "refer", "permit", "submit", "omit", "occur", "rebut", "abet"}


def _inflect(lemma: str) -> tuple[str, ...]:
    """Forms of a reporting verb: base, -s, past, -ing (English spelling rules)."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if " " in lemma:
        return (lemma,)
    if lemma in _DOUBLING:
        return lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


def _needs_e(stem: str) -> bool:
    """Does a verb stem take back a silent e ("expos" -> "expose", "speculat" -> "speculate", "quot" ->
    "quote")?  A one-syllable stem ending in one vowel and one consonant (not w, x, y) does: without the e its
    consonant would double ("hoped" is hope, "hopped" hop)."""
    if stem.endswith("ng"):
        return False
    if re.fullmatch(r"(?:[^aeiouy]*|[^aeiouy]*qu)[aeiouy][^aeiouwxy]", stem):
        return True
    if stem.endswith(("v", "c", "g", "z", "at", "ut", "cit", "bl", "dl", "tl", "pl", "gl", "ir", "ur", "id")):
        return True
    return len(stem) > 2 and stem[-1] == "s" and stem[-2] in "aeiouy"


def _base_form(term: str, known: frozenset[str] = frozenset()) -> str:
    """The lemma whose :func:`_inflect` forms include ``term`` (``term`` itself if none).

    Candidates come from undoing -ied/-ies, -ed, -ing, -es, -s (with or without a silent
    e, or an undoubled consonant); one in ``known`` or the grammar's lemmas wins, else the
    first whose inflections give back ``term``.
    """
    t = term.casefold().strip()
    if " " in t or t in _IRREGULAR:
        return t
    for lemma, forms in _IRREGULAR.items():
        if t in forms:
            return lemma
    cands = []
    if t.endswith(("ied", "ies")):
        cands.append(t[:-3] + "y")
    for suffix in ("ed", "ing"):
        if t.endswith(suffix):
            stem = t[: -len(suffix)]
            cands += [stem + "e", stem, stem[:-1]] if _needs_e(stem) else [stem, stem + "e", stem[:-1]]
    if t.endswith("es") and t[:-2].endswith(("s", "sh", "ch", "x", "z")):
        cands.append(t[:-2])
    if t.endswith("s"):
        cands.append(t[:-1])
    cands = [c for c in cands if c and c != t and t in _inflect(c)]
    for c in cands:
        if c in known or c in GRAMMAR_LEMMAS:
            return c
    return cands[0] if cands else t


_FORM_TO_LEMMA = {f: lemma for lemma in GRAMMAR_LEMMAS for f in _inflect(lemma)}
#: Every inflected form of :data:`GRAMMAR_LEMMAS` ("said", "tells", "tweeted" ...).
REPORTING_FORMS = frozenset(_FORM_TO_LEMMA)
_FINITE = sorted({f for lemma in GRAMMAR_LEMMAS if lemma not in _WEAK_LEMMAS for f in _inflect(lemma)
                  if not f.endswith("ing")} | {"continued", "added"}, key=lambda s: (-len(s), s))
_PARTICIPLES = sorted({f for lemma in GRAMMAR_LEMMAS for f in _inflect(lemma) if f.endswith("ing")},
                      key=lambda s: (-len(s), s))
_ALL_CUES = sorted({f for lemma in GRAMMAR_LEMMAS for f in _inflect(lemma)}, key=lambda s: (-len(s), s))
