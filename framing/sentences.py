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
from itertools import chain

import numpy as np
import regex

__all__ = ["ABBREVIATIONS", "batch_paragraph_spans", "batch_sentence_spans", "paragraph_spans", "sentence_spans"]

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
        block = text[s:e]
        lead = len(block) - len(block.lstrip())
        trail = len(block) - len(block.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


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


def _paragraph(text: str, ps: int, pe: int, p: int, ws_extra: tuple[str, ...], abbreviations, out: list) -> None:
    """Append the sentences of the paragraph ``text[ps:pe]`` (index ``p``) to ``out``."""
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
        if _decide(text, prev_i, w_prev, pending, abbreviations):
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


# --------------------------------------------------------------------------------------
# Many texts at once
# --------------------------------------------------------------------------------------

#: ``str.isspace`` of the Basic Multilingual Plane (what ``str.strip`` and ``re``'s ``\\s``
#: remove); no character above it is whitespace.
_ISSPACE = np.asarray([chr(c).isspace() for c in range(0x10000)], dtype=bool)
#: Characters that may follow a candidate mark: whitespace (either definition) or ``_NW_CHARS``.
_FOLLOW = _ISSPACE.copy()
_FOLLOW[[ord(c) for c in _NW_CHARS + _WS_CHARS]] = True
_ALNUM = np.zeros(0x10000, dtype=bool)
_ALNUM[[ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"]] = True
_QUOTE_CPS = np.asarray([ord(c) for c in _QUOTE_CHARS], dtype=np.uint32)
_PLAIN_WORD = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*")
_TOKEN_STOP = np.zeros(0x10000, dtype=bool)
_TOKEN_STOP[[46, 63, 33, 0x1C, 0x1D, 0x1E, 0x1F]] = True
_LETTERS_DOT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
#: The after part of a candidate as ``_CANDIDATE``'s group 2 takes it, first alternative:
#: a token without ``. ? !`` nor U+001C..U+001F, followed by whitespace or the end.
_PLAIN_TOKEN = re.compile(f"[^{_WS}{_SEPARATORS}.?!]+(?![^{_WS}])")
_HSPACE = frozenset(" \t\r\x0c\x0b")
_WS_RUN = re.compile(r"\s*")


def _lookup(table: np.ndarray, cps: np.ndarray) -> np.ndarray:
    """``table[cps]`` for a table over the Basic Multilingual Plane (False above it)."""
    if cps.dtype == np.uint8 or not len(cps) or cps.max() < 0x10000:
        return table[cps]
    out = table[np.minimum(cps, 0xFFFF)]
    out &= cps < 0x10000
    return out


def batch_paragraph_spans(
    text: str, starts: np.ndarray, ends: np.ndarray, cps: np.ndarray | None = None, low: np.ndarray | None = None
):
    """:func:`paragraph_spans` of the texts ``text[starts[k]:ends[k]]`` of one joined string.

    The texts must be separated by a character that is not whitespace (``\\x00``).  Returns
    arrays ``(start, end, paragraph, doc)`` (offsets into ``text``; ``paragraph`` counts
    from 0 within each text), in text order.  A paragraph break is a whitespace run that
    holds two line breaks with only spaces, tabs, ``\\r``, ``\\f`` or ``\\v`` between them
    (``_PARAGRAPH_BREAK``); blocks between breaks and text edges are stripped of whitespace
    (``str.strip``) and dropped when empty.  ``cps``: the code points of ``text``, if known
    (``low``: their low bytes).
    """
    if cps is None:
        cps = np.frombuffer(text.encode("ascii"), np.uint8) if text.isascii() else _code_points(text)
    if not len(cps):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy(), empty.copy()
    last = len(cps) - 1

    def space(pos: np.ndarray) -> np.ndarray:
        return _lookup(_ISSPACE, cps[np.clip(pos, 0, max(last, 0))])

    if low is None:
        low = cps if cps.dtype == np.uint8 else cps.astype(np.uint8)
    nl = np.flatnonzero(low == 10)
    if cps.dtype != np.uint8:
        nl = nl[cps[nl] == 10]
    a, b = nl[:-1], nl[1:]
    gap = b - a - 1
    qual = gap == 0
    maybe = np.flatnonzero((gap > 0) & space(a + 1))
    for j in maybe.tolist():
        if all(ch in _HSPACE for ch in text[a[j] + 1 : b[j]]):
            qual[j] = True
    a, b = a[qual], b[qual]
    # the break runs from the first qualifying line break of a whitespace run to its end
    run_end = b + 1
    longer = np.flatnonzero(space(b + 1) & (b + 1 < len(cps)))
    for j in longer.tolist():
        run_end[j] = _WS_RUN.match(text, int(b[j]) + 1).end()
    if len(a):
        prev = np.concatenate(([-1], np.maximum.accumulate(run_end)[:-1]))
        first = a >= prev
        a, run_end = a[first], run_end[first]
    # blocks: from each text start or break end to the next break start or text end
    n_docs = len(starts)
    doc_of_break = np.searchsorted(starts, a, side="right") - 1
    n_breaks = np.bincount(doc_of_break, minlength=n_docs) if len(a) else np.zeros(n_docs, dtype=np.int64)
    block_start = np.empty(len(a) + n_docs, dtype=np.int64)
    block_end = np.empty(len(a) + n_docs, dtype=np.int64)
    first_block = np.concatenate(([0], np.cumsum(n_breaks + 1)[:-1]))
    is_first = np.zeros(len(block_start), dtype=bool)
    is_first[first_block] = True
    last_block = first_block + n_breaks
    is_last = np.zeros(len(block_start), dtype=bool)
    is_last[last_block] = True
    block_start[first_block] = starts
    block_start[~is_first] = run_end
    block_end[last_block] = ends
    block_end[~is_last] = a
    block_doc = np.repeat(np.arange(n_docs), n_breaks + 1)
    # strip: block starts after a break are not space; block ends before a break are
    # the break's first line break, preceded by a whitespace run only rarely
    lead = np.flatnonzero(is_first & (block_start < block_end))
    lead = lead[space(block_start[lead])]
    for j in lead.tolist():
        block_start[j] = min(_WS_RUN.match(text, int(block_start[j]), int(block_end[j])).end(), int(block_end[j]))
    trail = np.flatnonzero((block_end > block_start) & space(block_end - 1))
    for j in trail.tolist():
        s, e = int(block_start[j]), int(block_end[j])
        block_end[j] = s + len(text[s:e].rstrip())
    keep = block_end > block_start
    doc = block_doc[keep]
    paragraph = np.arange(int(keep.sum())) - np.repeat(
        np.concatenate(([0], np.cumsum(np.bincount(doc, minlength=n_docs))[:-1])), np.bincount(doc, minlength=n_docs)
    )
    return block_start[keep], block_end[keep], paragraph, doc


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def batch_sentence_spans(
    text: str,
    starts: np.ndarray,
    ends: np.ndarray,
    abbreviations: frozenset[str],
    cps: np.ndarray | None = None,
    low: np.ndarray | None = None,
):
    """:func:`fast_sentence_spans` of the texts ``text[starts[k]:ends[k]]`` of one joined string.

    The texts must be separated by a character that is not whitespace (``\\x00``).  Returns
    arrays ``(start, end, paragraph, doc)`` with offsets into ``text``, in text order.
    Paragraphs come from :func:`batch_paragraph_spans`; a paragraph with no ``. ? !``
    followed, inside it, by whitespace or a character of ``_NW_CHARS`` has no candidate
    break and is one sentence; every other paragraph goes through :func:`_paragraph`.
    ``cps``: the code points of ``text``, if known (``low``: their low bytes).
    """
    abbreviations = abbreviations if isinstance(abbreviations, frozenset) else frozenset(abbreviations)
    if cps is None:
        cps = np.frombuffer(text.encode("ascii"), np.uint8) if text.isascii() else _code_points(text)
    if low is None:
        low = cps if cps.dtype == np.uint8 else cps.astype(np.uint8)
    ps, pe, para, doc = batch_paragraph_spans(text, starts, ends, cps, low)
    marks = np.flatnonzero((low == 46) | (low == 63) | (low == 33))  # . ? ! (compares beat a table lookup)
    if cps.dtype != np.uint8:
        marks = marks[cps[marks] < 128]
    marks = marks[_lookup(_FOLLOW, cps[np.minimum(marks + 1, len(cps) - 1)])]
    first = np.searchsorted(marks, ps)
    inside = np.searchsorted(marks, pe - 1) - first
    busy = np.flatnonzero(inside > 0)
    if not len(busy):
        return ps, pe, para, doc
    # Easy candidates, decided here without ``_paragraph``'s state, since whitespace
    # separates each from its neighbours (so each is examined, and its word W starts after
    # ASCII whitespace or at the paragraph start).  A mark is followed either by one space
    # and a token T that starts with an ASCII letter or digit and holds no ". ? !" nor
    # U+001C..U+001F (``_CANDIDATE`` group 2), or by one closing quote ``_QUOTE_CHARS`` and
    # one space before a non-space (group 1, realigned: the quote ends the sentence), or by
    # one closing quote that ends the paragraph (break or not, the sentences are the same).
    # "?" and "!" then break; "." breaks unless W (ASCII letters, perhaps with inner
    # periods) is an abbreviation or an initial before a letter (``_decide``'s fast path).
    n = len(cps)
    at = marks[_ranges(first, inside)]
    par = np.repeat(np.arange(len(ps)), np.maximum(inside, 0))
    c1 = cps[np.minimum(at + 1, n - 1)]
    c2 = cps[np.minimum(at + 2, n - 1)]
    c3 = cps[np.minimum(at + 3, n - 1)]
    end = pe[par]
    quote = np.isin(c1, _QUOTE_CPS)
    tail = quote & (at + 2 == end)  # neutral
    quoted = quote & (c2 == 32) & (at + 3 < end) & ~_lookup(_ISSPACE, c3)
    # a token may also start with a quote that is not realigned (no whitespace, "--" or end after it)
    glued = np.isin(c2, _QUOTE_CPS) & ~np.isin(c3, _QUOTE_CPS) & ~_lookup(_ISSPACE, c3) & (c3 != 45) & (at + 3 < end)
    spaced = (c1 == 32) & (_lookup(_ALNUM, c2) | glued) & (at + 2 < end)
    tok = np.flatnonzero(spaced)
    if len(tok):
        # the token of ``_PLAIN_TOKEN``: seen on arrays when ASCII whitespace or the
        # paragraph end comes within 8 characters with no ". ? !", U+001C..U+001F or
        # non-ASCII character before it; otherwise by the expression
        idx = (at[tok] + 2)[:, None] + np.arange(8)[None, :]
        inside = idx < end[tok][:, None]
        b = cps[np.minimum(idx, n - 1)]
        ws = (b == 32) | ((b >= 9) & (b <= 13))
        bad = _lookup(_TOKEN_STOP, b) | (b > 127)
        stop = ws | bad | ~inside
        at_stop = stop.argmax(axis=1)
        rows = np.arange(len(tok))
        known = stop.any(axis=1) & ~bad[rows, at_stop]
        ask = tok[~known]
        match = _PLAIN_TOKEN.match
        spaced[ask] = [
            match(text, a + 2, e) is not None for a, e in zip(at[ask].tolist(), end[ask].tolist(), strict=True)
        ]
    kind = np.zeros(len(at), dtype=np.int8)  # 0: hard, 1: break, 2: no break
    kind[tail] = 2
    kind[(spaced | quoted) & (cps[at] != 46)] = 1
    period = np.flatnonzero((spaced | quoted) & (cps[at] == 46))
    if len(period):
        after = np.where(quoted[period], 0, c2[period]).tolist()
        kind[period] = [
            _period_kind(text, a, lo, c, abbreviations)
            for a, lo, c in zip(at[period].tolist(), ps[par[period]].tolist(), after, strict=True)
        ]
    hard_par = np.zeros(len(ps), dtype=bool)
    hard_par[par[kind == 0]] = True
    easy_par = np.zeros(len(ps), dtype=bool)
    easy_par[busy] = True
    easy_par &= ~hard_par
    # sentences of easy paragraphs: from the start or after a break to a break or the end
    take = easy_par[par] & (kind == 1)
    e_at, e_par, e_quoted = at[take], par[take], quoted[take]
    e_end = e_at + 1 + e_quoted
    e_next = e_at + 2 + e_quoted
    plain = ~easy_par & ~hard_par
    busy = np.flatnonzero(hard_par)
    ws_extra = tuple(_ASCII_WS[1:])  # _paragraph keeps those its paragraph holds
    out: list[tuple[int, int, int]] = []
    counts = []
    for j in busy.tolist():
        k = len(out)
        _paragraph(text, int(ps[j]), int(pe[j]), int(para[j]), ws_extra, abbreviations, out)
        counts.append(len(out) - k)
    arr = np.asarray(out, dtype=np.int64).reshape(-1, 3)
    # an easy paragraph with k marks has k + 1 sentences
    epar = np.flatnonzero(easy_par)
    # sentences are disjoint: their starts in order pair with their ends in order
    es = np.concatenate((ps[epar], e_next))
    order = np.argsort(es, kind="stable")
    es = es[order]
    ee = np.sort(np.concatenate((e_end, pe[epar])))
    ep = np.concatenate((para[epar], para[e_par]))[order]
    ed = np.concatenate((doc[epar], doc[e_par]))[order]
    out_s = np.concatenate((ps[plain], arr[:, 0], es))
    out_e = np.concatenate((pe[plain], arr[:, 1], ee))
    out_p = np.concatenate((para[plain], arr[:, 2], ep))
    out_d = np.concatenate((doc[plain], np.repeat(doc[busy], counts), ed))
    order = np.argsort(out_s, kind="stable")
    return out_s[order], out_e[order], out_p[order], out_d[order]


def _ranges(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(first[k], first[k] + count[k])`` (counts of 0 or less give nothing)."""
    count = np.maximum(count, 0)
    total = int(count.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(count) - count
    return np.repeat(first - offsets, count) + np.arange(total)


def _period_kind(text: str, i: int, lo: int, after: int, abbreviations: frozenset[str]) -> int:
    """Whether ``_decide`` breaks at the period ``text[i]``: 1 yes, 2 no, 0 not known here.

    Known when the word before it (from ASCII whitespace or the paragraph start ``lo``) is
    ASCII letters, perhaps with inner periods, perhaps after one quote (``_JOIN_CHARS``).
    ``after``: code point of the next token's first character (0 for a closing quote).
    """
    w = i
    while w > lo and text[w - 1] in _LETTERS_DOT:
        w -= 1
    quote = w > lo and text[w - 1] in _JOIN_CHARS
    if quote:  # a quote joined to the word: the token is the quote and the word
        w -= 1
    if w > lo and text[w - 1] not in _ASCII_WS:
        return 0
    word = text[w:i]
    if _PLAIN_WORD.fullmatch(word, quote) is None:
        return 0
    if word.lower() in abbreviations:
        return 2
    if quote:  # neither an initial nor a number
        return 1
    if len(word) == 1:  # an initial: no break before a letter
        return 2 if after and chr(after).isalpha() else 1
    return 1
