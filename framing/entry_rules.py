"""Rules a lexicon row carries beside its term: where it is not loaded, and the forms it stands for.

Context columns (applied after matching by :mod:`framing.match.context`):

``unless_prev``  words that, right before a match, set it aside
``unless_next``  words that, right after a match, set it aside

A value is a list of alternatives separated by ``|`` (in YAML also a list of strings).  An
alternative is one or more words separated by spaces, each a word (letters, digits, ``_``,
inner ``'`` or ``-``) in which ``*`` stands for any run of word characters, hyphens and
apostrophes (``earthquake*`` matches *earthquakes*, *earthquake-hit*).  It matches when the
neighbouring words, read outwards from the match and case-insensitively on the matching view
(curly apostrophes as straight ones), are its words in order: for ``unless_prev`` the last
words before the match, for ``unless_next`` the first words after it.  Neighbours are joined
to the match and to each other by whitespace (at most one line break) or one hyphen, so
punctuation (``terrorists. Attacks``) breaks the context.

Inflection column:

``inflect``  suffix rules that add regular forms of a plain term, ``|``-separated: ``s``,
             ``ed``, ``ing`` (applied to the term's first word: *lash out* -> *lashed out*),
             ``ly``, ``ness`` (applied to its last word), or the shorthands ``verb``
             (``s|ed|ing``), ``adj`` (``ly|ness``), ``noun`` (``s``)

Spelling (regular English only; irregular forms get their own rows): ``s`` adds *-es* after
s, x, z, ch, sh and turns consonant + *y* into *-ies*; ``ed``/``ing`` drop a final *e*
(*-ie* -> *-ying*), turn consonant + *y* into *-ied*, and double the final consonant of a
one-vowel word ending in vowel + consonant (*slam* -> *slammed*, *slamming*; not w, x, y);
``ly`` gives *-ically* after *-ic*, *-bly* for consonant + *-le*, *-lly* after *-ll*, *-ily*
after consonant + *y*; ``ness`` gives *-iness* after consonant + *y*.  Each generated form
matches as its own plain term and reports the row it came from.
"""

from __future__ import annotations

import re

#: Context columns of a lexicon row, in table order.
CONTEXT_COLUMNS = ("unless_prev", "unless_next")

#: Suffix rules of the ``inflect`` column, and the shorthands for sets of them.
SUFFIXES = ("s", "ed", "ing", "ly", "ness")
SHORTHANDS = {"verb": ("s", "ed", "ing"), "adj": ("ly", "ness"), "noun": ("s",)}

#: One word of a context alternative, as written (lower case, ``*`` a wildcard).
_CONTEXT_WORD = re.compile(r"[\w*]+(?:['-][\w*]+)*")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})


class RuleError(ValueError):
    """A malformed rule value; :mod:`framing.lexicon` adds the file and row."""


def _items(value, column: str) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        return value.split("|") if value.strip() else []
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RuleError(
        f"{column} must be words separated by | (or a list of strings), not {type(value).__name__} {value!r}"
    )


def parse_context(value, column: str) -> str:
    """Canonical form of a context value: alternatives lower case, spaces single, joined by ``|``.

    Empty (``""``, None, NaN, ``[]``) gives ``""``.  Raises :class:`RuleError` for a value
    that is not a string or a list of strings, an empty alternative, or a word that is not
    letters, digits, ``_``, ``*`` with inner ``'`` or ``-``, or is only ``*``.
    """
    out = []
    for alt in _items(value, column):
        words = alt.translate(_FOLD).casefold().split()
        if not words:
            raise RuleError(f"{column} {value!r} has an empty alternative (two | in a row, or | at an end)")
        for w in words:
            if not _CONTEXT_WORD.fullmatch(w) or not w.strip("*"):
                raise RuleError(
                    f"{column}: {w!r} in {alt.strip()!r} is not a word pattern; write words of letters and digits "
                    "(inner ' or -), * for any run of word characters, alternatives separated by |"
                )
        out.append(" ".join(words))
    return "|".join(dict.fromkeys(out))


def context_words(value: str) -> list[list[re.Pattern]]:
    """A canonical context value as alternatives, each a list of word expressions (``fullmatch``)."""
    if not value:
        return []
    return [
        [re.compile("".join(r"[\w'-]*" if ch == "*" else re.escape(ch) for ch in w)) for w in alt.split()]
        for alt in value.split("|")
    ]


def parse_inflect(value) -> str:
    """Canonical form of an ``inflect`` value: the suffix rules it names, in :data:`SUFFIXES` order, ``|``-joined."""
    rules = set()
    for item in _items(value, "inflect"):
        name = item.strip().lower()
        if name in SHORTHANDS:
            rules.update(SHORTHANDS[name])
        elif name in SUFFIXES:
            rules.add(name)
        else:
            raise RuleError(
                f"inflect: unknown rule {item.strip()!r}; use {', '.join(SUFFIXES)} or {', '.join(SHORTHANDS)}, "
                "separated by |"
            )
    return "|".join(s for s in SUFFIXES if s in rules)


_CONS_Y = re.compile(r"[^aeiou]y$")
_DOUBLE = re.compile(r"[^aeiou]*[aeiou][^aeiouwxy]")


def _suffixed(word: str, suffix: str) -> str:
    """``word`` with one suffix rule applied (the spelling rules of the module docstring)."""
    w = word.lower()
    if suffix == "s":
        if re.search(r"(?:s|x|z|ch|sh)$", w):
            return word + "es"
        return word[:-1] + "ies" if _CONS_Y.search(w) else word + "s"
    if suffix in ("ed", "ing"):
        if suffix == "ing" and w.endswith("ie"):
            return word[:-2] + "ying"
        if w.endswith("e") and (suffix == "ed" or not w.endswith(("ee", "ye", "oe"))):
            return word[:-1] + suffix
        if suffix == "ed" and _CONS_Y.search(w):
            return word[:-1] + "ied"
        if _DOUBLE.fullmatch(w):
            return word + word[-1] + suffix
        return word + suffix
    if suffix == "ly":
        if w.endswith("ic"):
            return word + "ally"
        if re.search(r"[^aeiou]le$", w):
            return word[:-1] + "y"
        if w.endswith("ll"):
            return word + "y"
        return word[:-1] + "ily" if _CONS_Y.search(w) else word + "ly"
    return word[:-1] + "iness" if _CONS_Y.search(w) else word + "ness"


def inflect(term: str, rules: str) -> list[str]:
    """Forms the rules (a canonical ``inflect`` value) generate from a plain term, in rule order, without the term.

    ``s``/``ed``/``ing`` inflect the first word, ``ly``/``ness`` the last (words split at
    spaces).  ``inflect("slam", "s|ed|ing")`` gives ``["slams", "slammed", "slamming"]``.
    """
    if not rules:
        return []
    words = term.split(" ")
    out = []
    for suffix in rules.split("|"):
        at = len(words) - 1 if suffix in ("ly", "ness") else 0
        form = words[:at] + [_suffixed(words[at], suffix)] + words[at + 1 :]
        out.append(" ".join(form))
    return [f for f in dict.fromkeys(out) if f != term]
