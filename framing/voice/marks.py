"""Quotation marks: a one-pass scanner giving the quotation spans of each paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
