"""Voice layer: quotations, speakers, reported speech and attribution stance.

A loaded term in the outlet's own sentence and the same term inside a quotation are
different facts.  This module finds, in the cleaned text (``documents.text``):

* **quotations** (:func:`quotes`) with a one-pass scanner over the quotation marks of
  each paragraph (straight, curly, low-high ``„…“``, guillemets ``«…»``, nested single
  quotes, mixed straight/curly pairs, news-style multi-paragraph quotations), telling
  apostrophes (``it’s``, ``Belarus’ border``) from quotation marks;
* **speakers** from the attribution patterns news uses (``"…," X said``,
  ``said X``, ``X told Y``, ``according to X``, ``X said: "…"``, ``X dismissed the
  "…"``, ``…, NAME, calling … "…"``), with pronouns and role nouns ("he", "the
  president", "the statement") resolved only when one named candidate fits;
* **reported speech** (:func:`sentence_voice`): sentences whose main clause attributes
  a claim ("Protesters allege …", "X said in a statement.");
* a **voice** for every sentence and for any span table (:func:`label_spans`):
  ``author``, ``quote``, ``fragment`` (a quotation of 1-4 words, often a distancing
  "scare" quote) or ``reported``;
* **attribution stance** (:func:`attribution_stance`, :func:`stance_table`): every
  attribution verb classified endorsing / distancing / neutral;
* **who speaks** (:func:`speakers`, :func:`quoted_share`) and loaded-term rates per voice
  (:func:`voice_rates`).

Everything is rule based and deterministic; no NLTK data or model is used.  Precision
comes before recall: a speaker the text does not make clear stays unknown (``NA``).

Sources.  The attribution grammar follows the quotation-attribution patterns of
Pareti (2015, *Attribution: a computational approach*, PhD thesis, Edinburgh) and the
rule-based quote extractors of Pouliquen, Steinberger & Best (2007, "Automatic detection
of quotations in multilingual news", RANLP) and O'Keefe et al. (2012, "A sequence
labelling approach to quote attribution", EMNLP).  Pronoun resolution to the preceding
salient named subject follows centering theory (Grosz, Joshi & Weinstein 1995,
*Computational Linguistics* 21(2)).  The endorsing / distancing classes of reporting
verbs follow Caldas-Coulthard (1994, "On reporting reporting") and Bergler (1992,
*Evidential analysis of reported speech*, PhD thesis, Brandeis).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from framing.schema import SENTENCES, as_documents, require_columns
from framing.text import count_words, paragraph_spans, sentence_spans, word_spans

__all__ = [
    "VOICES",
    "STANCES",
    "QUOTES",
    "quotes",
    "sentence_voice",
    "label_spans",
    "attribution_stance",
    "stance_table",
    "speakers",
    "quoted_share",
    "voice_rates",
    "stance_lexicon",
]

#: The four voices, in the order tables list them.
VOICES = ("author", "quote", "fragment", "reported")
#: The three attribution stances, in the order tables list them.
STANCES = ("endorsing", "distancing", "neutral")
#: A quotation of at most this many words is a ``fragment``.
FRAGMENT_MAX_WORDS = 4

#: Columns of the quotations table (:func:`quotes`), in order.
QUOTES = (
    "doc_id", "quote_id", "open_start", "start", "end", "close_end", "text", "kind", "words",
    "depth", "parent", "paragraphs", "closed", "flag", "speaker", "speaker_mention",
    "speaker_start", "speaker_end", "cue", "cue_start", "cue_end", "attribution",
)

#: Columns :func:`sentence_voice` adds to the sentences table.
SENTENCE_VOICE = ("voice", "speaker", "quoted_share", "reported", "source", "cue", "content_start", "content_end")

#: Columns of :func:`attribution_stance`.
STANCE_ROWS = ("doc_id", "outlet", "sent_id", "start", "end", "cue", "lemma", "stance", "stance_source",
               "speaker", "role")

# ======================================================================================
# 1. Quotation marks: a linear scanner
# ======================================================================================

_MARKS = re.compile("[\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]")
_DOUBLE = set("\"\u201c\u201d\u201e\u201f\u00ab\u00bb")
_OPENING_CHARS = set("\u201c\u201e\u201f\u00ab\u2018\u201a\u2039\"'")
_CLOSING_CHARS = set("\u201d\u00bb\u2019\u203a\"'")
_BEFORE_OPEN = set("([{<\u2014\u2013-/") | _OPENING_CHARS
_AFTER_CLOSE = set(".,;:!?)]}>\u2014\u2013-\u2026") | _CLOSING_CHARS


def _ctx_open(prev: str | None, nxt: str | None) -> bool:
    """Mark looks like an opener: after start/space/bracket, before a non-space."""
    return (prev is None or prev.isspace() or prev in _BEFORE_OPEN) and nxt is not None and not nxt.isspace()


def _ctx_close(prev: str | None, nxt: str | None) -> bool:
    """Mark looks like a closer: after a non-space, before end/space/punctuation."""
    return prev is not None and not prev.isspace() and (nxt is None or nxt.isspace() or nxt in _AFTER_CLOSE)


@dataclass
class _Span:
    open_start: int
    start: int
    end: int
    close_end: int | None
    paragraphs: int
    flag: str = ""


def _scan(text: str, paragraphs: list[tuple[int, int]]) -> list[_Span]:
    """Quotation spans of ``text``: one pass over its quotation marks, paragraph by paragraph.

    Rules (first that applies):

    * double marks (``" “ ” „ ‟ « »``) pair with any double mark, so mixed straight /
      curly pairs pair; ``„`` always opens; ``“`` and ``«`` close an open double quotation
      when they stand in closing position (after a non-space, before space or punctuation:
      ``„so“``, ``Belarus“.``), else open; ``”`` and ``»`` close, or open when none is open
      and they stand in opening position; a straight ``"`` closes an open quotation unless
      it stands in opening position, and opens one when none is open and it is not in
      closing position; a double mark between two letters or digits (``O"Brien``,
      ``wo“rd``, ``5"11``) is ignored unless it is ``”``/``»`` closing an open quotation;
    * double quotations do not nest in English: an opener of the same style (straight or
      typographic) as the open quotation, or a third level, ends the open quotation(s)
      just before it as ``unclosed``; a straight pair inside a typographic one (or the
      reverse) nests one level;
    * single marks: ``’`` / ``'`` between two letters or digits is an apostrophe (``it’s``);
      after a letter at a word end it closes an open single quotation on top of the stack,
      else it is an apostrophe (``Belarus’ border``, ``officials' results``); before
      two digits (``’90s``) it is an apostrophe; ``‘``, ``‚``, ``‹`` and a ``'`` / ``’`` in
      opening position open a single quotation; single quotations never closed are
      dropped (they were apostrophes), never flagged;
    * a closer pops unclosed single quotations above its opener;
    * at a paragraph end, an open double quotation continues into the next paragraph when
      that paragraph begins with an opening double mark (the news convention for quotes
      running over several paragraphs); otherwise it ends at its paragraph end and is
      flagged ``unclosed``.  No quotation ever runs past a paragraph that does not
      continue it, so an unbalanced mark cannot swallow the rest of the document.

    Each mark is pushed and popped at most once: time is linear in ``len(text)``.
    """
    out: list[_Span] = []
    carry: _Span | None = None  # an open double quotation continuing into the next paragraph
    for k, (ps, pe) in enumerate(paragraphs):
        stack: list[list] = []  # [family, open_pos, span-or-None, mark]
        dpos: list[int] = []  # stack indices of the open double quotations (at most two)
        n_double = 0
        skip = -1
        if carry is not None:
            carry.paragraphs += 1
            stack.append(["d", carry.open_start, carry, text[carry.open_start]])
            dpos.append(0)
            n_double = 1
            skip = ps  # the repeated opening mark at the paragraph start
            carry = None
        for m in _MARKS.finditer(text, ps, pe):
            i = m.start()
            if i == skip:
                continue
            c = text[i]
            prev = text[i - 1] if i > ps else None
            nxt = text[i + 1] if i + 1 < pe else None
            if c in _DOUBLE:
                opening = _ctx_open(prev, nxt)
                closing = _ctx_close(prev, nxt)
                in_word = prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum()
                if in_word and not (n_double and c in "\u201d\u00bb"):
                    continue  # a mark inside a word (wo“rd, O"Brien) is not a quotation mark
                if c == "\u201e":
                    role = "open"
                elif c == '"':
                    if n_double:
                        role = "open" if opening and not closing else "close"
                    else:
                        role = "skip" if closing and not opening else "open"
                elif c in "\u201c\u00ab\u201f":
                    role = "close" if n_double and closing and not opening else "open"
                else:  # ” »
                    role = "close" if n_double else ("open" if opening else "skip")
                if role == "open":
                    if n_double:
                        # English does not nest double quotation marks: a second opener of the
                        # same style (or a third level) means the open quotation was never
                        # closed; it ends here, flagged, so runs of openers stay linear.
                        j = dpos[-1]
                        if (stack[j][3] == '"') == (c == '"') or n_double >= 2:
                            j = dpos[0]
                            end = i
                            while end > ps and text[end - 1].isspace():
                                end -= 1
                            for entry in stack[j:]:
                                if entry[0] == "d":
                                    span = entry[2] or _Span(entry[1], entry[1] + 1, end, None, 1)
                                    span.end, span.close_end, span.flag = max(span.start, end), None, "unclosed"
                                    out.append(span)
                            del stack[j:]
                            dpos.clear()
                            n_double = 0
                    dpos.append(len(stack))
                    stack.append(["d", i, None, c])
                    n_double += 1
                elif role == "close":
                    while stack and stack[-1][0] != "d":
                        stack.pop()
                    _, o, span, _ = stack.pop()
                    dpos.pop()
                    n_double -= 1
                    if span is None:
                        out.append(_Span(o, o + 1, i, i + 1, 1))
                    else:
                        span.end, span.close_end = i, i + 1
                        out.append(span)
                continue
            # single marks
            letter_before = prev is not None and prev.isalnum()
            letter_after = nxt is not None and nxt.isalnum()
            if c in "\u2019'\u2018\u201b" and letter_before and letter_after:
                continue  # apostrophe inside a word
            if c == "\u203a" or (c in "\u2019'" and letter_before) or (c in "\u2019'" and _ctx_close(prev, nxt)):
                if stack and stack[-1][0] == "s":
                    o = stack.pop()[1]
                    out.append(_Span(o, o + 1, i, i + 1, 1))
                continue
            if c in "\u2019'" and nxt is not None and text[i + 1:i + 3].isdigit():
                continue  # ’90s
            if c in "\u2018\u201a\u2039\u201b" or (c in "\u2019'" and _ctx_open(prev, nxt)):
                stack.append(["s", i, None, c])
        # paragraph end
        doubles = [entry for entry in stack if entry[0] == "d"]
        if not doubles:
            continue
        nxt_start = paragraphs[k + 1][0] if k + 1 < len(paragraphs) else None
        continues = nxt_start is not None and text[nxt_start] in "\u201c\"\u201e\u00ab"
        for j, (_, o, span, _) in enumerate(doubles):
            if span is None:
                span = _Span(o, o + 1, pe, None, 1)
            if j == 0 and continues:
                carry = span
                continue
            span.end, span.close_end, span.flag = pe, None, "unclosed"
            out.append(span)
    if carry is not None:  # cannot happen (continues needs a next paragraph), kept for safety
        carry.flag = "unclosed"
        out.append(carry)
    out.sort(key=lambda s: (s.start, -s.end))
    return out


# ======================================================================================
# 2. Attribution grammar
# ======================================================================================

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
    """Does a verb stem take back a silent e ("expos" -> "expose", "speculat" -> "speculate")?"""
    if stem.endswith("ng"):
        return False
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
_FINITE = sorted({f for lemma in GRAMMAR_LEMMAS if lemma not in _WEAK_LEMMAS for f in _inflect(lemma)
                  if not f.endswith("ing")} | {"continued", "added"}, key=lambda s: (-len(s), s))
_PARTICIPLES = sorted({f for lemma in GRAMMAR_LEMMAS for f in _inflect(lemma) if f.endswith("ing")},
                      key=lambda s: (-len(s), s))
_ALL_CUES = sorted({f for lemma in GRAMMAR_LEMMAS for f in _inflect(lemma)}, key=lambda s: (-len(s), s))

_W = r"[\w\u2019'\-.]"
_TOK = rf"(?:[A-Z]{_W}*)"
_SP = r"[ \u00a0]+"
_NAME = rf"{_TOK}(?:{_SP}(?:(?:of|de|da|del|van|von|der|al|bin|la|le){_SP})?{_TOK})*"
_PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
#: Role nouns: a person's office.  "the president" resolves to a named speaker introduced
#: with that title in the same document.
ROLE_NOUNS = ("president", "minister", "premier", "chancellor", "leader", "spokesman", "spokeswoman",
              "spokesperson", "secretary", "ambassador", "governor", "mayor", "official", "senator", "chief",
              "commander", "candidate", "king", "queen", "general")
#: Document nouns: "the statement said" resolves to any single named candidate.
DOC_NOUNS = ("statement", "report", "communique", "release", "letter", "ministry", "alliance", "agency",
             "government", "office", "spokesperson's office", "embassy", "kremlin")
_ROLE_NP = (rf"(?:the|The)(?:{_SP}(?:[a-z][\w\-]*|[A-Z][a-z]+)){{0,3}}?{_SP}"
            rf"(?:{'|'.join(ROLE_NOUNS + DOC_NOUNS)})\b")
_SPEAKER = rf"(?P<sp>{_ROLE_NP}|{_PRONOUN}\b|(?:the{_SP})?{_NAME})"
_ADV = r"(?:(?:also|later|then|again|further|had|has|have|reportedly|previously|recently|publicly|both|once)[ ]+)"
_FIN = "|".join(_FINITE)
_PART = "|".join(_PARTICIPLES)

# after the close mark: ", X said" / ", said X" / ", according to X"
_AFTER_X_SAID = re.compile(rf"^[\s,.;:!?\u2014\u2013-]*{_SPEAKER}{_SP}{_ADV}{{0,2}}(?P<cue>{_FIN})\b")
_AFTER_SAID_X = re.compile(
    rf"^[\s,.;:!?\u2014\u2013-]*(?P<cue>{_FIN}){_SP}{_SPEAKER}"
    rf"(?=\s*(?:[,.;:!?]|$|{_SP}(?:in|on|at|to|during|after|before|of|from)\b))"
)
_AFTER_SAID_ROLE_X = re.compile(
    rf"^[\s,.;:!?\u2014\u2013-]*(?P<cue>{_FIN}){_SP}(?P<sp>(?:[a-z][\w\-]*{_SP}){{1,3}}{_NAME})"
    rf"(?=\s*(?:[,.;:!?]|$|{_SP}(?:in|on|at|to|during|after|before|of|from)\b))"
)
_AFTER_ACCORDING = re.compile(rf"^[\s,.;:!?\u2014\u2013-]*(?P<cue>according to){_SP}{_SPEAKER}")
# before the open mark: the last cue in the sentence prefix
_CUE_IN_PREFIX = re.compile(rf"\b(?P<cue>{'|'.join(_ALL_CUES)}|according to)\b")
_SUBJECT_BEFORE = re.compile(rf"{_SPEAKER}[ ,]*{_ADV}{{0,3}}$")
_APPOSITION = re.compile(rf",{_SP}(?P<sp>{_NAME}),{_SP}$")
_SENT_SUBJECT = re.compile(rf"(?:(?:Even|Also|Meanwhile|But|And|However|Now|Still|Yet),?{_SP})?{_SPEAKER}(?=[ ,])")
_NAME_RE = re.compile(_NAME)
_LEADING_ADVERB = r"(?:(?:Even|Also|Meanwhile|But|And|However|Now|Still|Yet|Then),?[ ]+)?"
_NP_WORD = r"[^\s,;:\u201c\u201d\"\u00ab\u00bb()]+"
# reported speech, main clause at the sentence start: NP (<= 8 words) + reporting verb
_R1 = re.compile(
    rf"{_LEADING_ADVERB}(?P<sp>{_NP_WORD}(?:[ ]+{_NP_WORD}){{0,7}}?)"
    rf"[ ]+{_ADV}{{0,3}}(?:\w+ly[ ]+)?(?P<cue>{_FIN})\b(?![ ]+(?:by|for|off|up)\b)"
)
# reported speech, postposed: "…, X said (in a statement on Friday)." / "…, according to X."
_R2 = re.compile(
    rf",[ ]+(?:{_SPEAKER}|(?P<np>[a-z][\w\-]*(?:[ ]+[a-z][\w\-]*){{0,3}}))[ ]+(?P<cue>{_FIN})"
    rf"(?:[ ]+(?:in|on|at|during|to)[ ][^,;.\u201c\u201d\"]{{0,60}})?[.!?]?\s*$"
)
_R2_ACCORDING = re.compile(rf",[ ]+(?P<cue>according to)[ ]+{_SPEAKER}[.!?]?\s*$")
_THAT_COMPLEMENT = re.compile(rf"\b(?P<cue>{_PART}|{_FIN}){_SP}that\b")

_NOT_SUBJECT_START = {
    "in", "on", "at", "after", "before", "during", "when", "if", "as", "while", "because", "although", "though",
    "since", "until", "there", "it", "this", "that", "these", "those", "what", "which", "who", "how", "where",
    "for", "with", "by", "from", "of", "to", "into", "under", "over", "despite", "amid", "among", "about",
    "meanwhile", "however", "yet", "so", "then", "now", "here", "once", "all", "some", "many", "most",
}
_DETERMINERS = {
    "the", "a", "an", "these", "those", "such", "his", "her", "its", "their", "our", "your", "my", "any", "no",
    "some", "many", "all", "both", "of", "about", "for", "with", "by", "this", "that", "new", "false", "baseless",
}
#: Title words stripped before a name ("Lithuanian President Gitanas Nauseda" -> "Gitanas
#: Nauseda"); the stripped words are kept as the speaker's roles.
TITLE_WORDS = frozenset(
    """president vice prime minister foreign chancellor secretary assistant deputy chief general spokesman
    spokeswoman spokesperson ambassador senator sen sen. rep rep. representative governor gov gov. mayor king
    queen prince pope mr mr. mrs mrs. ms ms. dr dr. prof prof. gen gen. col col. lt lt. leader chairman chair
    head director commander candidate opposition former acting interim state of affairs defense defence
    premier presidential treasury director-general""".split()
)
#: Words that are part of a title only after "of" or another title ("Secretary of State").
_OFFICE_WORDS = frozenset({"state", "affairs", "defense", "defence", "interior", "justice", "staff", "foreign"})
#: Capitalised words that are never a speaker's name.
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow""".split()
)
_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:ian|an|ese|ish|i|ch)|[A-Z]{2,}|(?:[A-Z]\.){2,})$")
_SPEECH_PARTICIPLE = {"adding", "saying", "noting", "explaining", "insisting", "claiming", "alleging", "stressing",
                      "arguing", "stating", "declaring", "warning", "emphasizing", "emphasising", "asserting",
                      "continuing", "maintaining", "acknowledging", "confirming", "admitting", "writing"}


def _strip_possessive(s: str) -> str:
    return re.sub(r"[\u2019']s?$", "", s)


def _split_title(name: str) -> tuple[str, tuple[str, ...]]:
    """``(name, roles)``: leading demonyms/titles stripped when a title precedes the name."""
    toks = name.split()
    last_title = -1
    for j, tok in enumerate(toks):
        low = tok.lower()
        prev = toks[j - 1].lower() if j else ""
        if low in _OFFICE_WORDS:
            if prev == "of" or prev in TITLE_WORDS:
                last_title = j
        elif low in TITLE_WORDS and (low != "of" or last_title == j - 1):
            last_title = j
    if 0 <= last_title < len(toks) - 1 and all(t[0].isupper() for t in toks[last_title + 1:]):
        roles = tuple(t.lower().rstrip(".") for t in toks[: last_title + 1] if t.lower() in TITLE_WORDS)
        return " ".join(toks[last_title + 1:]), roles
    return name, ()


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]{2,}|(?:[A-Z]\.){2,})", name))


# ======================================================================================
# 3. Per-document analysis
# ======================================================================================


@dataclass
class _Attr:
    """One attribution: who (mention), by which cue, and how it was found."""

    mention: str | None
    m_start: int | None
    m_end: int | None
    cue: str | None
    c_start: int | None
    c_end: int | None
    how: str  # named | pronoun | role | group | inherited | continued | nested | none
    para: int
    speaker: str | None = None
    roles: tuple[str, ...] = ()
    inherit: _Attr | None = None


@dataclass
class _Quote:
    span: _Span
    words: int
    depth: int = 0
    parent: int | None = None
    attr: _Attr | None = None


@dataclass
class _Sentence:
    start: int
    end: int
    para: int
    reported: bool = False
    attr: _Attr | None = None
    content: tuple[int, int] | None = None


@dataclass
class _Analysis:
    quotes: list[_Quote]
    sentences: list[_Sentence]
    word_starts: np.ndarray
    canon: dict = field(default_factory=dict)


class _Names:
    """Document-level name knowledge: canonical forms, roles, standalone surnames."""

    def __init__(self, text: str, sentence_starts: set[int]):
        self.standalone: set[str] = set()
        self.roles: dict[str, set[str]] = {}
        self.mid_sentence: set[str] = set()
        full_names: dict[str, set[str]] = {}
        for m in _NAME_RE.finditer(text):
            raw = _strip_possessive(m.group(0).rstrip(".")) if not _is_acronym(m.group(0)) else m.group(0)
            name, roles = _split_title(raw)
            if m.start() not in sentence_starts:
                for tok in raw.split():
                    self.mid_sentence.add(_strip_possessive(tok))
            toks = name.split()
            if len(toks) == 1:
                if m.start() not in sentence_starts or roles:
                    self.standalone.add(name)
            else:
                full_names.setdefault(toks[-1], set()).add(name)
            if roles:
                self.roles.setdefault(name, set()).update(roles)
        self.full_names = full_names

    def canonical(self, name: str) -> str:
        """Surname rule: "Alexander Lukashenko" -> "Lukashenko" when the document also uses
        "Lukashenko" alone and no other full name ends in it."""
        toks = name.split()
        if len(toks) > 1 and toks[-1] in self.standalone and len(self.full_names.get(toks[-1], ())) == 1:
            return toks[-1]
        return name

    def entity_roles(self, canon: str) -> set[str]:
        out = set(self.roles.get(canon, ()))
        for full in self.full_names.get(canon, ()):
            out |= self.roles.get(full, set())
        return out


def _classify_mention(mention: str, names: _Names) -> tuple[str, str | None, tuple[str, ...]]:
    """``(how, canonical speaker or None, roles)`` of a speaker mention."""
    m = mention.strip()
    low = m.lower()
    if low in ("he", "she", "they", "it"):
        return "pronoun", None, ()
    if re.fullmatch(_ROLE_NP, m):
        return "role", None, ()
    if low.startswith("the "):
        m = m[4:]
    m = _strip_possessive(m.rstrip(".")) if not _is_acronym(m) else m
    if m and m.split()[-1].lower() in _NOT_NAMES:
        return "group", None, ()
    if m and m[0].isupper() and " and " not in m:
        name, roles = _split_title(m)
        if len(name.split()) == 1 and not _is_acronym(name) and name not in names.mid_sentence and not roles:
            return "group", mention.strip(), ()
        return "named", names.canonical(name), roles
    return "group", mention.strip(), ()


def _make_attr(mention, m_start, cue, c_start, para, names) -> _Attr:
    how, speaker, roles = _classify_mention(mention, names)
    return _Attr(mention.strip(), m_start, m_start + len(mention.strip()), cue, c_start,
                 c_start + len(cue) if cue is not None else None, how, para, speaker, roles)


def _group_subject(np_text: str, names: _Names) -> tuple[str, str | None, tuple[str, ...]]:
    """A reported-speech subject NP: pronoun / role / trailing name / the NP itself."""
    how, speaker, roles = _classify_mention(np_text, names)
    if how != "group":
        return how, speaker, roles
    tail = re.search(rf"(?:^|[ ])(?P<n>{_NAME})$", np_text)
    if tail and tail.start("n") > 0 and not re.search(r"\b(?:and|or)\b", np_text):
        how2, sp2, roles2 = _classify_mention(tail.group("n"), names)
        if how2 == "named":
            return how2, sp2, roles2
    return "group", np_text.strip(), ()


def _overlapping(top: list[_Quote], starts: list[int], lo: int, hi: int) -> list[_Quote]:
    """Outermost quotations (sorted, disjoint; ``starts`` their open marks) meeting ``[lo, hi)``."""
    i = max(bisect_right(starts, lo) - 1, 0)
    out = []
    while i < len(top) and top[i].span.open_start < hi:
        if (top[i].span.close_end or top[i].span.end) > lo:
            out.append(top[i])
        i += 1
    return out


def _masked(text: str, lo: int, hi: int, quotes: list[_Quote]) -> str:
    """``text[lo:hi]`` with the contents and marks of ``quotes`` blanked out."""
    chars = list(text[lo:hi])
    for q in quotes:
        s = max(q.span.open_start, lo)
        e = min(q.span.close_end or q.span.end, hi)
        for j in range(s - lo, e - lo):
            chars[j] = " "
    return "".join(chars)


_WINDOW = 300  # characters searched before an opening mark / after a closing mark


@lru_cache(maxsize=1024)
def _analyse(text: str) -> _Analysis:
    paras = paragraph_spans(text)
    sents = sentence_spans(text)
    sent_starts = np.asarray([s for s, _, _ in sents], dtype=np.int64)
    names = _Names(text, {s for s, _, _ in sents})
    wstarts = np.asarray([s for s, _, _ in word_spans(text)], dtype=np.int64)

    def n_words(lo: int, hi: int) -> int:
        return int(np.searchsorted(wstarts, hi, side="left") - np.searchsorted(wstarts, lo, side="left"))

    def sent_of(pos: int) -> int:
        return max(int(np.searchsorted(sent_starts, pos, side="right")) - 1, 0)

    para_starts = np.asarray([s for s, _ in paras], dtype=np.int64)

    def para_of(pos: int) -> int:
        return max(int(np.searchsorted(para_starts, pos, side="right")) - 1, 0)

    # quotations, nesting
    qs = [_Quote(sp, n_words(sp.start, sp.end)) for sp in _scan(text, paras)]
    qs = [q for q in qs if q.words > 0]
    open_stack: list[int] = []
    for j, q in enumerate(qs):
        while open_stack and qs[open_stack[-1]].span.end < q.span.end:
            open_stack.pop()
        if open_stack:
            q.depth = qs[open_stack[-1]].depth + 1
            q.parent = open_stack[-1]
        open_stack.append(j)
    top = [q for q in qs if q.depth == 0]
    top_starts = [q.span.open_start for q in top]
    close_ends = {q.span.close_end for q in top if q.span.close_end is not None}

    sentences = [_Sentence(s, e, p) for s, e, p in sents]
    anchors: list[tuple[int, int, str, bool]] = []  # (pos, para, canonical, acronym)

    # sentence-initial named subjects (centering: the preferred antecedent)
    for s in sentences:
        m = _SENT_SUBJECT.match(text, s.start, s.end)
        if m and m.group("sp")[0].isupper():
            how, sp, _ = _classify_mention(m.group("sp"), names)
            if how == "named" and not _DEMONYM.match(sp) or (how == "named" and _is_acronym(sp)):
                anchors.append((m.start("sp"), s.para, sp, _is_acronym(sp)))

    def inside_top_quote(pos: int) -> bool:
        i = bisect_right(top_starts, pos) - 1
        return i >= 0 and top[i].span.start <= pos < top[i].span.end

    # reported speech, R1 (main clause at sentence start) and R2 (postposed)
    for s in sentences:
        if inside_top_quote(s.start) or text[s.start] in _OPENING_CHARS:
            continue
        m = _R1.match(text, s.start, s.end)
        if m:
            np_text = m.group("sp")
            first = np_text.split()[0].lower().strip(",")
            lemma = _FORM_TO_LEMMA.get(m.group("cue"))
            if first not in _NOT_SUBJECT_START and lemma not in _WEAK_LEMMAS and not _overlapping(
                top, top_starts, s.start, m.end("cue")
            ):
                how, sp, roles = _group_subject(np_text, names)
                a = _Attr(np_text, m.start("sp"), m.end("sp"), m.group("cue"), m.start("cue"), m.end("cue"),
                          how, s.para, sp, roles)
                s.reported, s.attr, s.content = True, a, (m.end("cue"), s.end)
                if how == "named":
                    anchors.append((m.start("sp"), s.para, sp, _is_acronym(sp)))
                continue
        lo = max(s.start, s.end - 200)
        tail = text[lo:s.end]
        m = _R2.search(tail) or _R2_ACCORDING.search(tail)
        if m and not ({lo + m.start(), lo + m.start() + 1} & close_ends):
            sp_text = m.group("sp") if m.groupdict().get("sp") else m.group("np")
            sp_start = lo + (m.start("sp") if m.groupdict().get("sp") else m.start("np"))
            if sp_text and sp_text.split()[0].lower() not in _NOT_SUBJECT_START - {"it"}:
                how, sp, roles = _group_subject(sp_text, names)
                a = _Attr(sp_text, sp_start, sp_start + len(sp_text), m.group("cue"), lo + m.start("cue"),
                          lo + m.end("cue"), how, s.para, sp, roles)
                s.reported, s.attr, s.content = True, a, (s.start, lo + m.start())
                if how == "named":
                    anchors.append((sp_start, s.para, sp, _is_acronym(sp)))

    # quotation attribution
    attrs_by_sentence: dict[int, list[_Attr]] = {}
    for j, q in enumerate(top):
        sp = q.span
        para = para_of(sp.open_start)
        a: _Attr | None = None
        content_tail = text[sp.start:sp.end].rstrip()
        if sp.close_end is not None and not content_tail.endswith("."):
            # the attribution must follow in the sentence of the closing mark
            se = sentences[sent_of(sp.end)].end
            after = text[sp.close_end:min(se, sp.close_end + _WINDOW)]
            nq = top[j + 1].span.open_start if j + 1 < len(top) else None
            if nq is not None and nq - sp.close_end < len(after):
                after = after[: max(nq - sp.close_end, 0)]
            m = (_AFTER_X_SAID.match(after) or _AFTER_SAID_X.match(after) or _AFTER_SAID_ROLE_X.match(after)
                 or _AFTER_ACCORDING.match(after))
            if m:
                base = sp.close_end
                a = _make_attr(m.group("sp"), base + m.start("sp"), m.group("cue"), base + m.start("cue"),
                               para_of(sp.end), names)
                if a.how == "group":  # "defense attorney Francisco Ugarte" -> the trailing name
                    a.how, a.speaker, a.roles = _group_subject(a.mention, names)
        if a is None:
            si = sent_of(sp.open_start)
            lo = max(sentences[si].start, paras[para][0], sp.open_start - _WINDOW)
            prefix = _masked(text, lo, sp.open_start, _overlapping(top, top_starts, lo, sp.open_start))
            cue_m = None
            for found in _CUE_IN_PREFIX.finditer(prefix):
                cue_m = found
            if cue_m is not None and _cue_ok(prefix, cue_m):
                cue = cue_m.group("cue")
                c_start = lo + cue_m.start("cue")
                before = prefix[: cue_m.start("cue")]
                a = _subject_for_cue(text, lo, before, cue, c_start, para, names, attrs_by_sentence.get(si, []),
                                     sentences[si])
        if (a is None and j > 0 and q.words > FRAGMENT_MAX_WORDS and top[j - 1].attr is not None
                and top[j - 1].attr.how != "none" and para_of(top[j - 1].span.open_start) == para
                and not text[sentences[sent_of(sp.open_start)].start:sp.open_start].strip()
                and sent_of(sp.open_start) - sent_of(top[j - 1].span.end) <= 1):
            # news convention: a full quotation opening the sentence right after an attributed
            # one in the same paragraph continues the same speaker
            a = _Attr(None, None, None, None, None, None, "continued", para, inherit=top[j - 1].attr)
        if a is None:
            a = _Attr(None, None, None, None, None, None, "none", para)
        q.attr = a
        if a.c_start is not None:
            attrs_by_sentence.setdefault(sent_of(a.c_start), []).append(a)
        if a.how == "named":
            anchors.append((a.m_start, a.para, a.speaker, _is_acronym(a.speaker)))

    # sentences framing a quotation: speech participle + "that" after an attribution
    for si, s in enumerate(sentences):
        if s.reported:
            continue
        frame = attrs_by_sentence.get(si, [])
        if not frame:
            continue
        masked = _masked(text, s.start, s.end, _overlapping(top, top_starts, s.start, s.end))
        for m in _THAT_COMPLEMENT.finditer(masked):
            if m.group("cue") in _SPEECH_PARTICIPLE and s.start + m.start() > (frame[0].c_end or 0):
                s.reported = True
                s.attr = _Attr(None, None, None, m.group("cue"), s.start + m.start("cue"), s.start + m.end("cue"),
                               "inherited", s.para, inherit=frame[0])
                s.content = (s.start + m.end(), s.end)
                break

    # resolution of pronouns and role nouns
    by_para: dict[int, list[tuple[int, int, str, bool]]] = {}
    for t in sorted(anchors, key=lambda t: (t[0], t[2])):
        by_para.setdefault(t[1], []).append(t)
    para_pos = {p: [t[0] for t in ts] for p, ts in by_para.items()}

    def resolve(a: _Attr) -> None:
        if a.how not in ("pronoun", "role") or a.speaker is not None:
            return
        here = by_para.get(a.para, [])
        window = here[: bisect_left(para_pos.get(a.para, []), a.m_start)]
        if not window:
            window = by_para.get(a.para - 1, [])
        low = a.mention.lower()
        if low in ("he", "she"):
            fits = [t for t in window if not t[3]]
        elif low == "they":
            fits = []
        elif low == "it":
            fits = [t for t in window if t[3]]
        else:
            head = low.split()[-1]
            if head in ROLE_NOUNS:
                fits = [t for t in window if head in names.entity_roles(t[2])]
            else:
                fits = window
        distinct = {t[2] for t in fits}
        if len(distinct) == 1:
            a.speaker = distinct.pop()
            a.how = "resolved"
        else:
            a.how = "unresolved"

    # creation order: reported-speech subjects, quotation attributions, participle frames;
    # an attribution only inherits from one created before it, so one pass settles all
    all_attrs = ([s.attr for s in sentences if s.attr is not None and s.attr.how != "inherited"]
                 + [q.attr for q in top]
                 + [s.attr for s in sentences if s.attr is not None and s.attr.how == "inherited"])
    for a in all_attrs:
        resolve(a)
    for a in all_attrs:
        if a.inherit is not None:
            a.speaker = a.inherit.speaker
    # nested quotations: uttered by the enclosing quotation's speaker
    for q in qs:
        if q.depth > 0:
            outer = q
            while outer.parent is not None:
                outer = qs[outer.parent]
            q.attr = _Attr(None, None, None, None, None, None, "nested", para_of(q.span.open_start),
                           speaker=outer.attr.speaker if outer.attr else None)
    return _Analysis(qs, sentences, wstarts, canon={"names": names})


def _cue_ok(prefix: str, m: re.Match) -> bool:
    """Reject cue words used as nouns ("the claims", "a report") or as "called for"."""
    cue = m.group("cue")
    before = prefix[: m.start("cue")].split()
    prev = before[-1].lower().strip(",") if before else ""
    after = prefix[m.end("cue"):].split()
    nxt = after[0].lower() if after else ""
    if cue != "according to" and (prev in _DETERMINERS or prev.endswith(("\u2019s", "'s"))):
        return False
    if cue.startswith("call") and nxt in ("for", "on", "off", "in", "up"):
        return False
    return not (cue in ("report", "reports", "claim", "claims", "statement") and prev.endswith("ed"))


def _subject_for_cue(text, lo, before, cue, c_start, para, names, frame, sentence) -> _Attr | None:
    """Speaker of a quotation whose last preceding cue in its sentence is ``cue``.

    Finite verb: the speaker mention right before it ("NATO dismissed", "Biegun had vowed");
    after "and" (coordinated verb) the sentence subject.  Participle: an apposition
    ("…, Krzysztof Szczerski, calling"), else the attribution already made in the sentence
    (inherited), else the sentence subject.  "according to X": X.
    """
    if cue == "according to":
        m = re.match(rf"{_SP}{_SPEAKER}", text[c_start + len(cue):c_start + len(cue) + 120])
        if m:
            return _make_attr(m.group("sp"), c_start + len(cue) + m.start("sp"), cue, c_start, para, names)
        return None
    participle = cue.endswith("ing")
    if participle:
        m = _APPOSITION.search(before)
        if m:
            return _make_attr(m.group("sp"), lo + m.start("sp"), cue, c_start, para, names)
        if frame:
            return _Attr(None, None, None, cue, c_start, c_start + len(cue), "inherited", para, inherit=frame[-1])
    else:
        m = _SUBJECT_BEFORE.search(before)
        if m and not before[: m.start("sp")].rstrip().endswith(("and", "or")) and (
            m.group("sp")[0].isupper() or m.group("sp").lower() in ("he", "she", "they", "it")
            or m.group("sp").lower().startswith("the ")
        ):
            mention = m.group("sp")
            if mention.split()[0].lower() not in _NOT_SUBJECT_START or mention.lower() in ("it",):
                return _make_attr(mention, lo + m.start("sp"), cue, c_start, para, names)
        if sentence.attr is not None and sentence.attr.c_start == c_start:
            return sentence.attr
    if sentence.attr is not None and sentence.attr.c_start is not None and sentence.attr.c_start <= c_start:
        a = sentence.attr
        return _Attr(None, None, None, cue, c_start, c_start + len(cue), "inherited", para, inherit=a)
    m = _SENT_SUBJECT.match(text, sentence.start, c_start)
    if m and (not participle or not frame):
        mention = m.group("sp")
        if mention.split()[0].lower() not in _NOT_SUBJECT_START:
            return _make_attr(mention, m.start("sp"), cue, c_start, para, names)
    return None


# ======================================================================================
# 4. Public tables
# ======================================================================================


def _docs(corpus) -> pd.DataFrame:
    docs = as_documents(corpus, arg="corpus")
    if "outlet" not in docs.columns:
        docs = docs.assign(outlet="unknown")
    return docs


def _attr_cols(a: _Attr | None) -> tuple:
    if a is None:
        return (pd.NA,) * 7 + ("none",)
    root = a
    while root.inherit is not None:
        root = root.inherit
    how = a.how
    return (
        a.speaker if a.speaker is not None else pd.NA,
        a.mention if a.mention is not None else (root.mention if root.mention is not None else pd.NA),
        a.m_start if a.m_start is not None else (root.m_start if root.m_start is not None else pd.NA),
        a.m_end if a.m_end is not None else (root.m_end if root.m_end is not None else pd.NA),
        a.cue if a.cue is not None else pd.NA,
        a.c_start if a.c_start is not None else pd.NA,
        a.c_end if a.c_end is not None else pd.NA,
        how,
    )


def quotes(corpus) -> pd.DataFrame:
    """Quotation table (columns :data:`QUOTES`), sorted by doc_id, start, depth.

    One row per quotation with at least one word.  ``start``/``end`` bound the quoted
    content (marks excluded), so ``text == documents.text[start:end]``; ``open_start`` is
    the offset of the opening mark and ``close_end`` the offset just after the closing
    mark (``NA`` when unclosed).  ``kind`` is ``fragment`` for 1-4 words
    (:data:`FRAGMENT_MAX_WORDS`, words as :func:`framing.text.count_words` counts them),
    else ``quote``.  ``depth`` 0 is an outermost quotation, 1 a quotation inside it
    (``parent`` is then the enclosing ``quote_id``).  ``paragraphs`` > 1 for a news-style
    quotation continued over paragraphs.  ``closed`` is False and ``flag`` is
    ``"unclosed"`` when no closing mark was found: the quotation then ends at its paragraph
    end.  Scanner rules: see ``_scan``.

    Speaker columns: ``speaker`` (canonical name or group, ``NA`` when unknown),
    ``speaker_mention`` with ``speaker_start``/``speaker_end`` (the words in the text:
    "Lithuanian President Gitanas Nauseda", "he", "the statement"), ``cue`` with
    ``cue_start``/``cue_end`` (the attribution verb or phrase), and ``attribution``, how the
    speaker was found:

    * ``named`` - a name in an attribution pattern; titles are stripped ("Lithuanian
      President Gitanas Nauseda" -> "Gitanas Nauseda") and a full name becomes the surname
      when the document also uses the surname alone ("Alexander Lukashenko" ->
      "Lukashenko");
    * ``group`` - a common-noun or compound source ("Protesters", "Poland and Lithuania");
    * ``resolved`` - a pronoun ("he") or role/document noun ("the president", "the
      statement") resolved to the one named candidate of its paragraph before it (or, if
      none, of the previous paragraph): named speakers and named sentence subjects;
      "he"/"she" never resolve to an acronym, "it" only to one, "they" never, a role noun
      only to an entity the document gives that title; with two or more candidates the
      speaker stays unknown (``unresolved``);
    * ``inherited`` - a participle cue ("…, adding that … use the “…”") takes the speaker
      of the attribution already made in its sentence;
    * ``continued`` - an unattributed quotation of 5+ words that opens its sentence,
      in the same paragraph as an attributed quotation ending in the same or the previous
      sentence (news convention: ``“…,” he said. “…”``), takes its speaker;
    * ``nested`` - inside another quotation: uttered by the outermost quotation's speaker;
    * ``none`` - no attribution found.
    """
    docs = _docs(corpus)
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        an = _analyse(text)
        for qid, q in enumerate(an.quotes):
            sp = q.span
            rows.append((
                doc_id, qid, sp.open_start, sp.start, sp.end,
                sp.close_end if sp.close_end is not None else pd.NA,
                text[sp.start:sp.end], "fragment" if q.words <= FRAGMENT_MAX_WORDS else "quote", q.words,
                q.depth, q.parent if q.parent is not None else pd.NA, sp.paragraphs, sp.close_end is not None,
                sp.flag, *_attr_cols(q.attr),
            ))
    frame = pd.DataFrame(rows, columns=list(QUOTES))
    frame = frame.astype({
        "quote_id": "int64", "open_start": "int64", "start": "int64", "end": "int64", "close_end": "Int64",
        "words": "int64", "depth": "int64", "parent": "Int64", "paragraphs": "int64", "closed": "bool",
        "speaker": "string", "speaker_mention": "string", "speaker_start": "Int64", "speaker_end": "Int64",
        "cue": "string", "cue_start": "Int64", "cue_end": "Int64", "flag": "string", "kind": "string",
        "attribution": "string",
    })
    return frame.sort_values(["doc_id", "start", "depth"], kind="stable").reset_index(drop=True)


def _check_quotes(qt, docs) -> pd.DataFrame:
    """The outermost quotations of ``qt`` (computed from ``docs`` when None)."""
    if qt is None:
        qt = quotes(docs)
    require_columns(qt, ("doc_id", "start", "end", "kind", "speaker"), name="quotes", arg="quotes")
    if "depth" in qt.columns:
        qt = qt[qt["depth"] == 0]
    return qt


def _quote_lookup(qt: pd.DataFrame) -> dict:
    """doc_id -> (starts, ends, kinds, speakers) of outermost quotations, sorted by start."""
    out = {}
    for doc_id, g in qt.sort_values(["doc_id", "start"], kind="stable").groupby("doc_id", sort=False):
        out[doc_id] = (g["start"].to_numpy(np.int64), g["end"].to_numpy(np.int64), g["kind"].to_numpy(object),
                       g["speaker"].astype(object).to_numpy(object))
    return out


def _locate(lookup, doc_id, pos: int):
    """Index of the quotation whose content contains ``pos`` or None."""
    if doc_id not in lookup:
        return None
    starts, ends, _, _ = lookup[doc_id]
    i = int(np.searchsorted(starts, pos, side="right")) - 1
    if i >= 0 and pos < ends[i]:
        return i
    return None


def _reported_for_span(an: _Analysis, s: int, e: int):
    """Reported content (start, end, attr) of the analysed sentence overlapping ``[s, e)``."""
    for sent in an.sentences:
        if sent.start <= s < sent.end or (s <= sent.start < e):
            if sent.reported and sent.content is not None:
                return sent
    return None


def sentence_voice(
    corpus, sentences: pd.DataFrame | None = None, *, quotes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The sentences table plus columns :data:`SENTENCE_VOICE`, sorted by doc_id, start.

    ``sentences`` defaults to :func:`framing.text.sentences` of ``corpus``; ``quotes``
    defaults to :func:`quotes` (pass an edited copy to correct speakers by hand).

    Rule for ``voice`` (first that applies), counting words as
    :func:`framing.text.word_spans` does and a word as quoted when its first character
    lies inside the content of an outermost quotation:

    1. ``quote`` - at least half of the sentence's words are inside ``quote``-kind
       quotations, or the sentence holds a ``quote``-kind quotation together with that
       quotation's attribution cue (a quotation frame: ``“…,” he continued, referring…``);
       ``speaker`` is the speaker of the quote-kind quotation with most words in it;
    2. ``reported`` - a reporting construction governs the sentence: its main clause
       opens with a subject and a reporting verb ("Protesters allege …", "Belarusian
       authorities have repeatedly confirmed that …"), or it ends in a postposed
       attribution (", X said in a statement on Friday.", ", according to X."), or a
       speech participle with "that" follows an attribution made in it (", adding that
       …"); ``speaker`` is the source;
    3. ``fragment`` - it holds a fragment (or any other quotation); ``speaker`` is that
       of the fragment with most words;
    4. ``author`` - otherwise; ``speaker`` is NA (the author is the document's outlet).

    ``quoted_share`` = words inside quotations / words of the sentence.  ``reported``,
    ``source`` and ``cue`` describe the reporting construction whatever the voice, and
    ``content_start``/``content_end`` bound its reported content: after the verb for a
    clause-initial construction, before the comma for a postposed one, after "that" for a
    participle (NA when not reported).  :func:`label_spans` uses them.
    """
    docs = _docs(corpus)
    if sentences is None:
        from framing.text import sentences as _sentences

        sentences = _sentences(docs)
    else:
        require_columns(sentences, SENTENCES, name="sentences", arg="sentences")
    qt = _check_quotes(quotes, docs)
    lookup = _quote_lookup(qt)
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    cue_spans = {}
    if "cue_start" in qt.columns:
        for doc_id, g in qt.groupby("doc_id", sort=False):
            cue_spans[doc_id] = [(int(c), k, sp, w) for c, k, sp, w in zip(
                g["cue_start"], g["kind"], g["speaker"], g.get("words", g["end"] - g["start"]), strict=True)
                if not pd.isna(c)]
    out_rows = []
    for row in sentences.itertuples(index=False):
        doc_id = row.doc_id
        if doc_id not in texts:
            raise ValueError(f"sentences has doc_id {doc_id!r}, which is not in corpus; pass the matching corpus")
        text = texts[doc_id]
        ws = _analyse(text).word_starts
        a, b = np.searchsorted(ws, row.start, side="left"), np.searchsorted(ws, row.end, side="left")
        sent_words = ws[a:b]
        n = len(sent_words)
        per_quote: dict[int, int] = {}
        for w in sent_words:
            i = _locate(lookup, doc_id, int(w))
            if i is not None:
                per_quote[i] = per_quote.get(i, 0) + 1
        quoted = sum(per_quote.values())
        an = _analyse(text)
        rep = _reported_for_span(an, row.start, row.end)
        reported = rep is not None
        source = rep.attr.speaker if reported and rep.attr.speaker is not None else pd.NA
        cue = rep.attr.cue if reported and rep.attr.cue is not None else pd.NA
        content = rep.content if reported else (pd.NA, pd.NA)
        voice, speaker = "author", pd.NA
        if per_quote:
            kinds = lookup[doc_id][2]
            spk = lookup[doc_id][3]
            quote_words = {i: c for i, c in per_quote.items() if kinds[i] == "quote"}
            frame = any(row.start <= c < row.end and k == "quote" for c, k, _, _ in cue_spans.get(doc_id, []))
            if quote_words and (2 * sum(quote_words.values()) >= n or frame):
                voice = "quote"
                best = min(quote_words, key=lambda i: (-quote_words[i], i))
                speaker = spk[best] if not pd.isna(spk[best]) else pd.NA
            elif reported:
                voice, speaker = "reported", source
            else:
                voice = "fragment"
                best = min(per_quote, key=lambda i: (-per_quote[i], i))
                speaker = spk[best] if not pd.isna(spk[best]) else pd.NA
        elif reported:
            voice, speaker = "reported", source
        out_rows.append((voice, speaker, quoted / n if n else 0.0, reported, source, cue, *content))
    add = pd.DataFrame(out_rows, columns=list(SENTENCE_VOICE), index=sentences.index)
    add = add.astype({"voice": "string", "speaker": "string", "quoted_share": "float64", "reported": "bool",
                      "source": "string", "cue": "string", "content_start": "Int64", "content_end": "Int64"})
    frame = pd.concat([sentences.drop(columns=[c for c in SENTENCE_VOICE if c in sentences.columns]), add], axis=1)
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def label_spans(spans: pd.DataFrame, corpus, *, quotes: pd.DataFrame | None = None,
                sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of ``spans`` (any table with doc_id, start, end) with columns ``voice``, ``speaker``.

    Rule, on the span's first character ``start``:

    1. inside the content of an outermost quotation -> that quotation's ``kind``
       (``quote`` / ``fragment``) and ``speaker`` (nested quotations count as the outer
       speaker's words: "‘alternative president’" inside Lukashenko's quotation is
       ``quote``/Lukashenko);
    2. inside the reported content of a reported-speech sentence (see
       :func:`sentence_voice`) -> ``reported``, speaker = its source;
    3. otherwise ``author`` with speaker NA (the author is the document's outlet).

    ``quotes`` / ``sentences`` default to :func:`quotes` / :func:`sentence_voice` of
    ``corpus``.  Rows keep their order and index; existing voice/speaker columns are
    replaced.
    """
    require_columns(spans, ("doc_id", "start", "end"), name="span", arg="spans")
    docs = _docs(corpus)
    qt = _check_quotes(quotes, docs)
    if sentences is None:
        sv = sentence_voice(docs, quotes=qt)
    else:
        require_columns(sentences, SENTENCES, name="sentences", arg="sentences")
        sv = sentences if "content_start" in sentences.columns else sentence_voice(docs, sentences, quotes=qt)
    lookup = _quote_lookup(qt)
    known = set(docs["doc_id"])
    rep = {}
    for doc_id, g in sv[sv["reported"] & sv["content_start"].notna()].groupby("doc_id", sort=False):
        g = g.sort_values("content_start")
        rep[doc_id] = (g["content_start"].to_numpy(np.int64), g["content_end"].to_numpy(np.int64),
                       g["source"].astype(object).to_numpy(object))
    voices, speakers_ = [], []
    for doc_id, start in zip(spans["doc_id"], spans["start"], strict=True):
        if doc_id not in known:
            raise ValueError(
                f"spans has doc_id {doc_id!r}, which is not in corpus; pass the corpus the spans come from"
            )
        start = int(start)
        i = _locate(lookup, doc_id, start)
        if i is not None:
            voices.append(lookup[doc_id][2][i])
            sp = lookup[doc_id][3][i]
            speakers_.append(pd.NA if pd.isna(sp) else sp)
            continue
        if doc_id in rep:
            cs, ce, src = rep[doc_id]
            j = int(np.searchsorted(cs, start, side="right")) - 1
            if j >= 0 and start < ce[j]:
                voices.append("reported")
                speakers_.append(pd.NA if pd.isna(src[j]) else src[j])
                continue
        voices.append("author")
        speakers_.append(pd.NA)
    out = spans.copy()
    out["voice"] = pd.array(voices, dtype="string")
    out["speaker"] = pd.array(speakers_, dtype="string")
    return out


# ======================================================================================
# 5. Attribution stance
# ======================================================================================


_MODALS = {"to", "will", "would", "can", "could", "may", "might", "must", "should", "shall", "did", "do", "does",
           "not", "n't", "never", "also", "he", "she", "it", "they", "we", "i", "you", "who", "which", "that"}
_QUOTE_CHARS = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"


def _verb_terms(terms: list[str]) -> dict[str, str]:
    """The verb forms and verb phrases among lexicon ``terms``: form -> lemma.

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
            out[t] = lemma if len(words) == 1 else t
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
        for term, cat, is_pattern in zip(frame["term"], frame["category"], pattern_rows, strict=True):
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


def attribution_stance(corpus, quotes: pd.DataFrame | None = None, *, lexicon=None) -> pd.DataFrame:
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
    (``none``).
    """
    docs = _docs(corpus)
    qt = _check_quotes(quotes, docs)
    table = stance_lexicon(lexicon)
    stance_of = {f: (lemma, st, src) for f, lemma, st, src in table.itertuples(index=False)}
    grammar = dict(_FORM_TO_LEMMA)
    grammar["according to"] = "according to"
    forms = sorted(set(grammar) | set(stance_of), key=lambda f: (-len(f), f))
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, forms)) + r")\b(?!-)", re.IGNORECASE)
    lookup = _quote_lookup(qt)
    quote_cues = {}
    if "cue_start" in qt.columns:
        for row in qt.itertuples(index=False):
            if not pd.isna(row.cue_start):
                quote_cues[(row.doc_id, int(row.cue_start))] = row.speaker
    rows = []
    for doc_id, outlet, text in zip(docs["doc_id"], docs["outlet"], docs["text"], strict=True):
        an = _analyse(text)
        names = an.canon["names"]
        sent_starts = np.asarray([s.start for s in an.sentences], dtype=np.int64)
        rep_cues = {s.attr.c_start: s.attr for s in an.sentences if s.attr is not None and s.attr.c_start is not None}
        for m in pattern.finditer(text):
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
                    am = re.match(rf"{_SP}{_SPEAKER}", text[e:e + 120])
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


# ======================================================================================
# 6. Who speaks, and rates per voice
# ======================================================================================


def speakers(corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per outlet x speaker: ``quotations``, ``fragments``, ``words`` quoted, ``share``.

    Counts outermost quotations (nested ones are inside their parent's words).
    ``quotations`` counts quote-kind rows, ``fragments`` fragment-kind rows, ``words`` all
    quoted words of the speaker, ``share`` = words / the outlet's words
    (``documents.n_tokens`` summed, else :func:`framing.text.count_words`).  Unknown
    speakers are one row with speaker NA.  Sorted by outlet, words descending, speaker.
    """
    docs = _docs(corpus)
    qt = _check_quotes(quotes, docs)
    qt = qt.merge(docs[["doc_id", "outlet"]], on="doc_id", how="left")
    words = qt["words"] if "words" in qt.columns else pd.Series(
        [count_words(t) for t in qt.get("text", pd.Series([""] * len(qt)))], index=qt.index)
    qt = qt.assign(_w=words, _q=(qt["kind"] == "quote").astype("int64"), _f=(qt["kind"] == "fragment").astype("int64"))
    totals = _outlet_words(docs)
    g = qt.groupby(["outlet", "speaker"], dropna=False).agg(quotations=("_q", "sum"), fragments=("_f", "sum"),
                                                            words=("_w", "sum")).reset_index()
    g = g.astype({"quotations": "int64", "fragments": "int64", "words": "int64"})
    # explicit float: on an empty table the mapped totals have no numeric dtype (pyarrow strings)
    g["share"] = g["words"] / g["outlet"].map(totals).astype("float64")
    g["speaker"] = g["speaker"].astype("string")
    g["_k"] = g["speaker"].fillna("\uffff")
    return g.sort_values(["outlet", "words", "_k"], ascending=[True, False, True], kind="stable").drop(
        columns="_k").reset_index(drop=True)


def _outlet_words(docs: pd.DataFrame) -> pd.Series:
    n = docs["n_tokens"] if "n_tokens" in docs.columns else docs["text"].map(count_words)
    return n.groupby(docs["outlet"]).sum()


def quoted_share(corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per document: words, words in quotes / fragments, and the quoted share.

    Columns doc_id, outlet, words, quote_words, fragment_words, quoted_share (= (quote_words
    + fragment_words) / words, 0 for an empty document); words counted as
    :func:`framing.text.word_spans` does, a word inside an outermost quotation when its
    first character is.  Sorted by doc_id.
    """
    docs = _docs(corpus)
    qt = _check_quotes(quotes, docs)
    lookup = _quote_lookup(qt)
    rows = []
    for doc_id, outlet, text in zip(docs["doc_id"], docs["outlet"], docs["text"], strict=True):
        n = qw = fw = 0
        for s, _, _ in word_spans(text):
            n += 1
            i = _locate(lookup, doc_id, s)
            if i is not None:
                if lookup[doc_id][2][i] == "quote":
                    qw += 1
                else:
                    fw += 1
        rows.append((doc_id, outlet, n, qw, fw, (qw + fw) / n if n else 0.0))
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "words", "quote_words", "fragment_words", "quoted_share"])
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True)


def voice_rates(hits: pd.DataFrame, corpus, *, by: str | None = None, quotes: pd.DataFrame | None = None,
                sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per outlet x voice (x ``by``): ``count`` of hits, ``tokens`` in that voice, ``per_1k``.

    ``hits`` is a span table (doc_id, start, end, ...); without a ``voice`` column it is
    labelled with :func:`label_spans` first.  The denominator ``tokens`` is the number of
    the outlet's word tokens (:func:`framing.text.word_spans`) whose voice, by the same
    :func:`label_spans` rule, is that voice; ``per_1k`` = 1000 * count / tokens (NaN when
    tokens is 0).  Voice ``all`` adds every voice.  Every outlet gets every voice in
    :data:`VOICES` order, then ``all``; with ``by`` (a hits column, e.g. ``category``)
    every value of it seen in hits.  Sorted by outlet, ``by``, voice order.
    """
    require_columns(hits, ("doc_id", "start", "end"), name="hits", arg="hits")
    docs = _docs(corpus)
    if by is not None and by not in hits.columns:
        raise ValueError(f"by={by!r} is not a column of hits; use one of {', '.join(map(str, hits.columns))}")
    qt = _check_quotes(quotes, docs)
    sv = sentences if sentences is not None else sentence_voice(docs, quotes=qt)
    if "voice" not in hits.columns:
        hits = label_spans(hits, docs, quotes=qt, sentences=sv)
    toks = pd.DataFrame(
        [(d, s, e) for d, t in zip(docs["doc_id"], docs["text"], strict=True) for s, e, _ in word_spans(t)],
        columns=["doc_id", "start", "end"],
    )
    toks = label_spans(toks, docs, quotes=qt, sentences=sv)
    outlet_of = dict(zip(docs["doc_id"], docs["outlet"], strict=True))
    toks["outlet"] = toks["doc_id"].map(outlet_of)
    hits = hits.assign(outlet=hits["doc_id"].map(outlet_of))
    tok_counts = toks.groupby(["outlet", "voice"]).size()
    tok_total = toks.groupby("outlet").size()
    keys = [None] if by is None else sorted(hits[by].dropna().astype(str).unique())
    hit_counts = hits.groupby(["outlet", "voice"] + ([by] if by else [])).size()
    rows = []
    for o in sorted(set(docs["outlet"].astype(str))):
        for k in keys:
            total = 0
            for v in VOICES:
                c = int(hit_counts.get((o, v) if by is None else (o, v, k), 0))
                total += c
                t = int(tok_counts.get((o, v), 0))
                rows.append((o, k, v, c, t, 1000 * c / t if t else float("nan")))
            t = int(tok_total.get(o, 0))
            rows.append((o, k, "all", total, t, 1000 * total / t if t else float("nan")))
    frame = pd.DataFrame(rows, columns=["outlet", by or "_by", "voice", "count", "tokens", "per_1k"])
    if by is None:
        frame = frame.drop(columns="_by")
    return frame.astype({"count": "int64", "tokens": "int64"})
