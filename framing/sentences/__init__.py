"""Fast sentence boundaries, identical to untrained Punkt with a fixed abbreviation list.

:func:`fast_sentence_spans` gives exactly the spans that NLTK's ``PunktSentenceTokenizer``
gives when it is built from ``PunktParameters()`` with only ``abbrev_types`` set (no
collocations, no frequent sentence starters, no orthographic statistics) and run with
``span_tokenize`` on each paragraph of :func:`paragraph_spans`.  It is a
re-implementation of that decision procedure, driven by a few compiled regular
expressions, so that it runs at archive speed.

The algorithm is Punkt's (Kiss & Strunk (2006), "Unsupervised Multilingual Sentence
Boundary Detection", *Computational Linguistics* 32(4): 485-525); the reference
implementation whose behaviour, quirks included, is reproduced here is
``nltk.tokenize.punkt`` (``PunktSentenceTokenizer.span_tokenize``).  With empty
orthographic statistics, collocations and sentence starters, Punkt reduces to these rules,
applied to each paragraph ``P`` separately:

1. **Candidates.**  A character ``c`` in ``. ? !`` is a candidate if the next character
   is one of ``) " ; } ] * : @ ' ( { [ ‘ ’ “ ” « » ! ?`` (then the *after part* ``A`` is
   that character) or if whitespace follows and then a non-space run, the *next token*
   (then ``A`` is the whitespace and the next token).  Whitespace means the Unicode
   ``White_Space`` characters, as NLTK's regex engine (the ``regex`` module) defines
   ``\\s``: not the file/group/record/unit separators ``\\x1c``-``\\x1f``, which Python's
   ``str.isspace`` counts as space.

2. **Preceding word.**  The word ``W`` before candidate ``k`` starts after the last
   ASCII whitespace character (``string.whitespace``) strictly between candidate ``k-1``
   (or the paragraph start) and ``c``; with none, ``W`` starts where the previous
   candidate's word started (at the paragraph start for the first candidate).  A
   candidate is *examined* only if it is the last one, or ASCII whitespace separates it
   from the next candidate, or its ``W`` is empty: in a run such as ``?!`` or ``?).``
   only the last mark is examined, with a ``W`` covering the run.

3. **Decision.**  The context ``W + c + A`` is split on ``\\n``; lines blank to
   ``str.strip`` are dropped; each line is cut into Punkt word tokens (multi-character
   punctuation ``--``, ``..``, ``. . .``; otherwise the shortest non-space run that is
   followed by whitespace, the end, non-word punctuation, multi-character punctuation or
   a word-final comma, provided it does not start with ``( " ` { [ : ; & # * @ ) } ] - ,``;
   otherwise one character).  The candidate is a break if any token *but the last* is a
   sentence break, where a token is a sentence break if

   - it is ``.``, ``?`` or ``!``; or
   - it ends in a single ``.`` (not ``..``), its text before the final period
     (lower-cased, or its last ``-`` part) is not an abbreviation, and it is not rescued
     by the next token: an *initial* (one letter then ``.``) or a *number*
     (``-?[.,]?\\d[\\d,.-]*\\.?``) is no break before a token that is one of
     ``; : , . ! ?`` or starts with a lower-case letter, and an initial is no break
     before a token that starts with an upper-case letter either.

   Abbreviations and ellipses never become breaks (the orthographic heuristic can only
   say "no" or "unknown" without statistics).  Note that *any* token counts, including
   those of the next token: ``Dr. Who?" he`` breaks after ``Dr.`` because the context
   ``Dr. Who?"`` holds a ``?`` that is not its last token.

4. **Slices.**  A break ends the sentence just after ``c``; the next sentence starts at
   the next token, or at ``A`` when ``A`` is a punctuation character.  The last sentence
   runs to the end of the paragraph.

5. **Realignment.**  When a sentence starts with closing quotes or brackets
   (``" ' ) ] } ‘ ’ “ ” « »``) followed by whitespace, ``--`` or a line end, those
   characters move to the end of the previous sentence (with the whitespace, if any,
   between); a sentence left empty by this is dropped.

Nearly every candidate in news text is decided by a fast path that knows the tokens
without running the tokenizer (the word before the mark is plain, perhaps with brackets
and quotes, or ends in an ellipsis, and the next token holds no ``. ? !`` but perhaps at
its end); every other candidate builds its context and runs the full token rules above.
Digits and letters for the *initial* and *number* tests follow the ``regex`` module's
Unicode tables (as NLTK does; ``regex`` is a dependency of NLTK) for non-ASCII text.

Known difference: NLTK runs its regular expressions under a 5-second timeout and raises
``TimeoutError`` past it (possible only for enormous paragraphs); this module has no
timeout.
"""

from __future__ import annotations

import re
from array import array
from itertools import chain

import regex

__all__ = ["ABBREVIATIONS", "paragraph_spans", "sentence_spans"]

#: Abbreviations that end in a period without ending a sentence in English news
#: (lower case, final period omitted, as Punkt expects).  Untrained Punkt splits after
#: "Aug." and inside "U.S. fighter"; with these it gives the hand-counted sentences of
#: both seed articles.  Extend with ``sentence_spans(..., abbreviations=...)``.
ABBREVIATIONS = frozenset(
    """
    jan feb mar apr aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen col lt sgt capt cmdr adm maj gov sen rep rev st jr sr
    u.s u.k u.n e.u u.s.a u.s.s.r d.c n.y l.a
    inc corp co ltd bros dept est approx vs etc no nos vol fig
    a.m p.m
    """.split()
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated blocks of ``text``, stripped of outer whitespace."""
    spans = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        lead, trail = _outer_space(text, s, e)
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


def _outer_space(text: str, s: int, e: int, piece: int = 4096) -> tuple[int, int]:
    """How many characters ``str.lstrip`` and ``str.rstrip`` would remove from ``text[s:e]``,
    read a piece at a time (no copy of a huge block)."""
    lead = 0
    while s + lead < e:
        part = text[s + lead : min(e, s + lead + piece)]
        kept = part.lstrip()
        lead += len(part) - len(kept)
        if kept:
            break
    trail = 0
    while e - trail > s + lead:
        part = text[max(s + lead, e - trail - piece) : e - trail]
        kept = part.rstrip()
        trail += len(part) - len(kept)
        if kept:
            break
    return lead, trail


#: Whitespace as NLTK's regex engine sees it (``\\s`` of the ``regex`` module): Unicode
#: White_Space.  Python's ``re`` also counts U+001C..U+001F, which ``regex`` does not.
_WS_CHARS = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)
#: Characters that cannot appear within words (Punkt's ``_re_non_word_chars``).
_NW_CHARS = ")\";}]*:@'({[\u2018\u2019\u201c\u201d\xab\xbb!?"
#: Characters that cannot start a word token (excluded by Punkt's ``_re_word_start``).
_NOSTART_CHARS = '("`{[:;&#*@)}]-,'
#: Punctuation that is always a token of its own, and never a break (``_NW_CHARS`` that
#: cannot start a token, and are not sentence-ending).
_SOLO_CHARS = '()"{}[]*@:;'
#: Quotes that are not a token of their own before a word: they start the word's token.
_JOIN_CHARS = "'\u2018\u2019\u201c\u201d\xab\xbb"
#: Closing punctuation moved onto the previous sentence (``re_boundary_realignment``).
_QUOTE_CHARS = "\"')]}\u2018\u2019\u201c\u201d\xab\xbb"

_WS, _NW, _NOSTART, _SOLO, _JOIN, _QUOTES = (
    re.escape(chars) for chars in (_WS_CHARS, _NW_CHARS, _NOSTART_CHARS, _SOLO_CHARS, _JOIN_CHARS, _QUOTE_CHARS)
)
#: Not whitespace for ``regex`` but whitespace for ``str.strip``: a line of them is blank.
_SEPARATORS = "\\x1c-\\x1f"
#: Multi-character punctuation: dashes, ellipsis, spaced ellipsis.
_MULTI = f"(?:-{{2,}}|\\.{{2,}}|(?:\\.[{_WS}]){{2,}}\\.)"

#: A plain word: one Punkt token wherever it stands, without sentence-ending or
#: multi-character punctuation (inner single ``.``, ``-`` and ``,`` are allowed).
_CORE = (
    f"[^{_WS}{_SEPARATORS}{_NW}{_NOSTART}.][^{_WS}{_SEPARATORS}{_NW}.\\-,]*(?:[.\\-,][^{_WS}{_SEPARATORS}{_NW}.\\-,]+)*"
)

#: A candidate break: group 1 is a following punctuation character; otherwise group 2 is
#: a next token whose tokens hold no break but perhaps the last (no ``. ? !``, or a plain
#: word with one final mark; no U+001C..U+001F) and group 3 any other next token.
_CANDIDATE = re.compile(
    f"[.?!](?=([{_NW}])|[{_WS}]+(?:((?:[^{_WS}{_SEPARATORS}.?!]+|{_CORE}[.?!]?)(?![^{_WS}]))|([^{_WS}]+)))"
)

#: A word before a period whose tokens are known without running the tokenizer: solo
#: punctuation, quotes and plain words standing before punctuation (tokens that are no
#: breaks), then a plain word, perhaps with one quote joined to it (group 1).  The last
#: token of ``word + "."`` is then ``word[start(1):] + "."``.
_WORD_BEFORE = re.compile(
    f"(?:[{_SOLO}]|[{_JOIN}]?{_CORE}(?=[{_SOLO}{_JOIN}])|[{_JOIN}](?=[{_SOLO}{_JOIN}]))*([{_JOIN}]?){_CORE}"
)
#: The same, but ending in periods: ``word + "."`` ends in an ellipsis token.
_ELLIPSIS_BEFORE = re.compile(
    f"(?:[{_SOLO}]|[{_JOIN}]?{_CORE}(?=[{_SOLO}{_JOIN}.])|[{_JOIN}](?=[{_SOLO}{_JOIN}.]))*\\.+"
)

#: Punkt's word tokenizer (``PunktLanguageVars._word_tokenize_fmt``).
_WORD = re.compile(
    f"{_MULTI}|(?=[^{_NOSTART}])[^{_WS}]+?(?=[{_WS}]|$|[{_NW}]|{_MULTI}|,(?=$|[{_WS}]|[{_NW}]|{_MULTI}))|[^{_WS}]"
)

#: Closing punctuation at a sentence start, to move (``re_boundary_realignment``).
_REALIGN = re.compile(f"[{_QUOTES}]+?(?:[{_WS}]+|(?=--)|$)", re.MULTILINE)

#: Token classes that depend on Unicode tables: matched with the ``regex`` engine, as
#: NLTK does, except for the ASCII fast path.
_NUMERIC = regex.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_INITIAL = regex.compile(r"[^\W\d]\.$")
_ASCII_DIGITS = re.compile(r"[0-9][0-9,.\-]*")
_ELLIPSIS = re.compile(r"\.\.+$")

#: Tokens that the orthographic heuristic calls "not a sentence starter".
_PUNCTUATION = frozenset(";:,.!?")
_ASCII_WS = " \n\t\r\x0b\x0c"
_END = (None,)


def _token_is_break(tok: str, nxt: str, abbreviations: frozenset[str]) -> bool:
    """Is ``tok`` a sentence break once both annotation passes have seen ``nxt`` after it?"""
    if tok in (".", "?", "!"):
        return True
    if not tok.endswith(".") or tok.endswith("..") or _ELLIPSIS.match(tok):
        return False
    stem = tok[:-1].lower()
    if stem in abbreviations or stem.split("-")[-1] in abbreviations:
        return False
    typ = _NUMERIC.sub("##number##", tok.lower())
    if len(typ) > 1 and typ[-1] == ".":
        typ = typ[:-1]
    initial = _INITIAL.match(tok) is not None
    if initial or typ == "##number##":
        if nxt in _PUNCTUATION or nxt[0].islower():
            return False
        if initial and nxt[0].isupper():
            return False
    return True


def _context_has_break(context: str, abbreviations: frozenset[str]) -> bool:
    """Punkt's ``text_contains_sentbreak``: is any token but the last a sentence break?"""
    toks: list[str] = []
    for line in context.split("\n"):
        if line.strip():
            toks.extend(_WORD.findall(line))
    return any(_token_is_break(toks[k], toks[k + 1], abbreviations) for k in range(len(toks) - 1))


def _is_number_stem(lw: str) -> bool:
    """Does ``lw + "."`` (``lw`` a plain word, lower case) match Punkt's number pattern?"""
    if lw.isascii():
        return "0" <= lw[0] <= "9" and _ASCII_DIGITS.fullmatch(lw) is not None
    return _NUMERIC.match(lw + ".") is not None


def _is_initial_char(ch: str) -> bool:
    """Is ``ch + "."`` an initial for Punkt (a letter, as the ``regex`` module has it)?"""
    if ch.isascii():
        return ch.isalpha() or ch == "_"
    return _INITIAL.match(ch + ".") is not None


def _decide(text: str, i: int, w: int, m: re.Match, abbreviations: frozenset[str]) -> bool:
    """Is the examined candidate ``m`` at ``text[i]``, with its word starting at ``w``, a break?"""
    g = m.lastindex  # 1: a punctuation mark follows; 2: a plain next token; 3: another one
    if g != 3:  # fast path: the after part has tokens, and no break but perhaps the last
        if w == i or text[i] != ".":
            return True  # a lone '.', '?' or '!' token, followed by at least one token
        last = text[i - 1]
        if last in _SOLO_CHARS:
            return True  # ')' then the token '.'
        if last in _JOIN_CHARS or last in "!?":
            if last not in abbreviations:
                return True  # a token such as '".' or '!.': neither an initial nor a number
        elif last == ".":
            if _ELLIPSIS_BEFORE.fullmatch(text, w, i):
                return False  # an ellipsis is never a break
        else:
            tok = text[w:i]
            if tok.isalnum() or (f := _WORD_BEFORE.fullmatch(tok)) is not None:
                if not tok.isalnum():
                    tok = tok[f.start(1) :]
                # ``tok + "."`` is the last token before the after part; the ones before
                # it (solo punctuation, quotes, plain words) are no breaks.
                lw = tok.lower()
                if lw in abbreviations or ("-" in lw and lw.split("-")[-1] in abbreviations):
                    return False
                if tok[0] in _JOIN_CHARS:
                    return True  # neither an initial nor a number
                initial = len(tok) == 1 and _is_initial_char(tok)
                if initial or (("0" <= lw[0] <= "9" or not lw.isascii()) and _is_number_stem(lw)):
                    a0 = text[m.start(g)]
                    if a0 in ";:,!?" or a0.islower():
                        return False
                    if initial and a0.isupper():
                        return False
                return True
    return _context_has_break(text[w : m.end(g)], abbreviations)


def _paragraph(
    text: str, ps: int, pe: int, p: int, ws_extra: tuple[str, ...], abbreviations, out: list, stop: int | None = None
) -> None:
    """Append the sentences of the paragraph ``text[ps:pe]`` (index ``p``) to ``out``.

    ``stop``: no candidate at or after it is decided (the sentences starting after it are
    then left out or cut short; those starting at or before it are exact).
    """
    if ws_extra:
        ws_extra = tuple(ch for ch in ws_extra if text.find(ch, ps, pe) >= 0)
    start = ps  # start of the current sentence
    prev_i = ps  # position of the previous candidate (the paragraph start at first)
    w_prev = ps  # start of the previous candidate's word
    pending = None  # the previous candidate, waiting to know whether it is examined
    for m in chain(_CANDIDATE.finditer(text, ps, pe), _END):
        if m is not None:
            i = m.start()
            q = text.rfind(" ", prev_i + 1, i)
            for ch in ws_extra:
                r = text.rfind(ch, prev_i + 1, i)
                if r > q:
                    q = r
            # The previous candidate is examined if whitespace follows it or its word is empty.
            if pending is None or (q < 0 and w_prev != prev_i):
                pending = m
                prev_i = i
                if q >= 0:
                    w_prev = q + 1
                continue
        elif pending is None:
            break
        if stop is not None and prev_i >= stop:  # this break, if any, starts a sentence after stop
            break
        # the usual candidates decided here as _decide decides them: '?' or '!' before a next
        # token (a break), and '.' after a plain ASCII word of two or more letters (a break
        # unless the word is an abbreviation)
        g = pending.lastindex
        if g != 3 and text[prev_i] != ".":
            brk = True
        elif g != 3 and (tok := text[w_prev:prev_i]).isalpha() and tok.isascii() and len(tok) > 1:
            brk = tok.lower() not in abbreviations
        else:
            brk = _decide(text, prev_i, w_prev, pending, abbreviations)
        if brk:
            # A break after text[prev_i]; the next sentence starts at the after part.
            ns = pending.start(pending.lastindex)
            if text[ns] in _QUOTE_CHARS and (r := _REALIGN.match(text, ns, pe)) is not None:
                # Closing quotes/brackets move to this sentence (``_realign_boundaries``).
                # Matching up to ``pe`` rather than to the next sentence's end is the
                # same: the quote run cannot reach a break, which ends in . ? or !.
                out.append((start, ns + len(r.group().rstrip()), p))
                start = r.end()
            else:
                if start <= prev_i:
                    out.append((start, prev_i + 1, p))
                start = ns
        if m is None:
            break
        pending = m
        prev_i = i
        if q >= 0:
            w_prev = q + 1
    if start < pe:
        out.append((start, pe, p))


def sentence_spans(text: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of each sentence of ``text``: Punkt's sentences, fast.

    Same result as running untrained ``nltk`` Punkt with ``abbreviations`` (lower case,
    no final period) on each paragraph of :func:`paragraph_spans`; see the
    module docstring for the rules.
    """
    abbreviations = abbreviations if isinstance(abbreviations, frozenset) else frozenset(abbreviations)
    ws_extra = tuple(ch for ch in _ASCII_WS[1:] if ch in text)
    out: list[tuple[int, int, int]] = []
    for p, (ps, pe) in enumerate(paragraph_spans(text)):
        _paragraph(text, ps, pe, p, ws_extra, abbreviations, out)
    return out


class _Starts:
    """Keeps only the start of each sentence appended (a compact ``array`` of integers)."""

    __slots__ = ("starts",)

    def __init__(self):
        self.starts = array("q")

    def append(self, span: tuple[int, int, int]) -> None:
        self.starts.append(span[0])


def sentence_starts(text: str, stop: int) -> array:
    """Starts of the sentences of ``text`` (:func:`sentence_spans`) that begin at or before
    ``stop``, and perhaps a few after it: the text after ``stop`` is not split.  An
    ``array("q")`` (8 bytes a sentence: a huge document's starts stay small)."""
    ws_extra = tuple(ch for ch in _ASCII_WS[1:] if ch in text)
    out = _Starts()
    for p, (ps, pe) in enumerate(paragraph_spans(text)):
        if ps > stop:
            break
        _paragraph(text, ps, pe, p, ws_extra, ABBREVIATIONS, out, stop)
    return out.starts
