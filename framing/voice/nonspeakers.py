"""Mentions that are never a speaker: pronouns, bare determiners, text nouns, clause fragments."""

from __future__ import annotations

import re

#: Never a speaker on their own: pronouns other than he/she/they/it (which resolve), determiners.
NOT_SPEAKERS = frozenset(
    """i me my mine we us our ours you your yours him his her hers them their theirs its one someone somebody
    anyone anybody everyone everybody nobody nothing something everything this that these those who whom whose
    which what there here the a an some any each every another such no all both either neither""".split()
)
#: Pronouns that, first in a phrase, make it no speaker ("I couldn't help but", "We").
_PERSONAL = frozenset("i me we us you one someone somebody everyone everybody nobody".split())
#: Heads of a text, not of a person or body: "The resolution", "The complaint" (its author speaks).
TEXT_NOUNS = frozenset(
    """resolution resolutions complaint complaints memo memos indictment indictments ruling filing filings
    lawsuit motion document documents ad ads advertisement speech text amendment amendments rule rules bill
    legislation measure proposal order petition email emails tweet tweets post article story book study
    survey poll data analysis review gauge index""".split()
)
_RELATIVE = frozenset("that which who whom whose".split())
_FUNCTION_END = frozenset(
    "of to but and or in on at for with by from a an the than as into about could would should will can may might must "
    "is are was were has have had do does did".split()
)
_PREPOSITIONS = frozenset("in on at for with by from into about over under after before during".split())
#: Sentence-opening words that join or frame a clause: capitalised first in a sentence, never a name. Before a
#: name they are dropped ("But Obama said" -> "Obama"); see :func:`strip_opener`.
OPENERS = frozenset(
    """and but or nor so yet then now also even still indeed instead later earlier meanwhile however moreover
    besides again thus hence otherwise""".split()
)
#: Words that open a subordinate clause or a phrase: its noun ("When Cooper", "In Cincinnati") is not the speaker.
_CLAUSE_OPENERS = _PREPOSITIONS | frozenset(
    "when if as while because although though since until unless whereas once asked of to".split()
)


def strip_opener(mention: str) -> str:
    """``mention`` without leading :data:`OPENERS` ("But Obama" -> "Obama", "And then Rubio" -> "Rubio")."""
    words = mention.split()
    k = 0
    while k < len(words) - 1 and words[k].lower().strip(",") in OPENERS:
        k += 1
    return " ".join(words[k:]) if k else mention


def _not_a_speaker(mention: str) -> bool:
    """True for a mention that is never a speaker: a pronoun ("I", "We", "I’ve", "That’s not
    to"), a bare determiner ("The", "A"), a determiner-led phrase whose head is a text
    (:data:`TEXT_NOUNS`: "The resolution"), or a clause fragment: a phrase holding a relative
    word ("A key inflation gauge that"), opening a clause or phrase ("But", "When Cooper", "In Cincinnati",
    "Asked"), ending in a function word ("The former secretary
    of") or holding a preposition before "a"/"an" ("The speech began on a seemingly
    sympathetic")."""
    words = re.findall(r"[\w.\-]+(?:[\u2019'][\w]+)?", mention)
    if not words:
        return True
    lows = [w.lower().strip(".") for w in words]
    if words[0] in ("US", "IT"):
        return False  # an acronym, not a pronoun
    first = re.split(r"[\u2019']", lows[0])[0]
    if first in _PERSONAL or (len(words) == 1 and first in NOT_SPEAKERS | OPENERS):
        return True
    if first in _CLAUSE_OPENERS:
        return True  # "In", "When Cooper", "Asked": a clause or phrase, not its speaker
    if first in NOT_SPEAKERS and re.search(r"[\u2019']", lows[0]):
        return True  # "That’s", "It’s": a clause
    if len(words) == 1:
        return False
    if any(w in _RELATIVE for w in lows[1:]) or lows[-1] in _FUNCTION_END:
        return True
    if any(a in _PREPOSITIONS and b in ("a", "an") for a, b in zip(lows, lows[1:], strict=False)):
        return True
    return first in ("the", "a", "an", "this", "that", "these", "those") and lows[-1] in TEXT_NOUNS and not any(
        w[0].isupper() for w in words[1:])
