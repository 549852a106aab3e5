"""Actor discovery: propose a gazetteer (:data:`~framing.actors.ACTORS` columns) from a corpus.

:func:`discover_actors` collects capitalised name sequences and groups their forms into
actors.  Rules, in order:

1. **Sequences.** A token is a word starting with a capital and holding a lower-case
   letter ("Trump", "McConnell", "O'Rourke", "Jean-Pierre"), an abbreviation of at most four characters
   ending in a period ("Sen.", "J."), or an acronym of 2-6 capitals ("FBI"); a word joined
   by a hyphen to a lower-case word is no token ("Obama-era", "GOP-led").  A sequence
   is one or more tokens separated by single spaces, with at most one connector between
   two tokens (``of``, ``of the``, ``de``, ``van``, ``von``, ``bin``, ``al``, ``la``,
   ``le``, ``du``, ``der``, ``da``): "Bank of America"; ``for`` joins two sequences when the first ends
   in an organisation word (:data:`ORG_WORDS`, also plural): "Centers for Disease Control", not "Centers" and
   "Disease Control" (but not before a possessive: "the IRS for Trump's returns").  A sequence ends at the next
   sentence start (a sentence's final period is not part of it: "in Iraq. The Iraqi army"
   gives "Iraq") and after a possessive ("Gonzalo Curiel's Mexican heritage" gives "Gonzalo Curiel").
2. **Outside sentence starts.** A sequence is skipped when only punctuation stands between
   it and the start of its sentence (:func:`framing.text.sentence_spans`, or the
   ``sentences`` table) or an opening quotation mark or colon before it: there a capital
   says nothing about a name; only a first word that is a stop word, a day, a month or a
   sentence adverb ("Yesterday", "But") is dropped and the rest kept.  Lines without a
   lower-case letter (headlines in capitals) are skipped.
3. **Clean-up.** Curly apostrophes become straight; a sequence holding a contraction
   ("I'm", "That's", "Don't") is skipped; a final possessive is dropped ("Trump's" -> "Trump"); leading stop words
   ("The", "In") are dropped; titles and honorifics (:data:`TITLES`: "Mr.", "Sen.",
   "President", "House Speaker", "Secretary of State" ...) up to the last one are dropped,
   and a sequence made only of titles is skipped; days, months (also abbreviated: "Sept.")
   and single letters are skipped.  A one-word form (not an acronym) followed by a lower-case
   word that is neither a stop word nor a reporting verb in more than half of its mentions
   (:data:`MAX_MODIFIER_SHARE`) is an adjective and skipped: "Russian hackers", "American
   voters" (not "Trump said", "Trump has").
4. **Aliases.** Forms of two or more words with the same first and last word are one
   actor ("Donald Trump", "Donald J. Trump"), unless the last word is an organisation word
   ("Senate Judiciary Committee" and "Senate Commerce Committee" stay two, but spellings that differ only in a
   plural -s are one: "Federal Election(s) Commission"); its name is the
   most frequent form (ties: alphabetical).  A one-word form is an alias of the one actor whose last word it is
   ("Trump" of "Donald Trump"; never an acronym or an organisation or place word such as
   "House", "States"), or of the actor holding at least two thirds of the
   mentions of the actors ending in that word, provided the one-word form followed a personal
   title or at least half of its documents hold a form of that actor ("Mexico" is not the
   surname of "New Mexico"), and provided it is not used as a place or a thing (rule 6: "in
   Cleveland", "told the Hill.") unless it followed a personal title in at least 5 % of its
   mentions; otherwise it stays its own actor.  A name
   suffix ("Jr.", "II") is part of the last word: "Donald Trump Jr." is not "Donald Trump".
5. **Counts.** ``mentions``: occurrences of the actor's forms (rule 2's occurrences only);
   ``documents``: documents with one.  Actors below ``min_mentions`` or
   ``min_documents`` are left out.
6. **Kind** (a guess to check): ``org`` when the actor is an acronym, its last word is
   an organisation word (:data:`ORG_WORDS`: Party, Department, Committee ...), or its first word is one
   (also plural) followed by ``of`` or ``for`` ("Department of Justice", "Centers for Disease Control"); else
   ``person`` when at least 5 % of its mentions (:data:`MIN_TITLED_SHARE`) followed a personal
   title (Mr., Mrs., Ms., Sen., Rep., President ...), or when the actor has a surname alias and is
   not used as a place or a thing: fewer than 5 % of its mentions, or only one (:data:`MIN_CUED_SHARE`),
   follow an article or a preposition of place (:data:`NOT_BEFORE_PERSONS`: "in New York", "near
   Kingston", "told the Hill.", or as the sequence's own first word: "In Los Angeles, ...").  A mention
   after a title, a possessive, or one followed by a lower-case word that is neither a stop word nor a
   reporting verb is no such use ("in Trump's White House", "the Trump administration"), nor one after
   "the" followed by any lower-case word ("the Mueller report").  Otherwise ``unknown``.

The result is sorted by the actor's mentions (descending), actor, then the alias's
mentions (descending), alias; ``note`` is "discovered: N mentions in M documents" (the
alias's own counts).  Edit it (merge, delete, set kinds) and pass it as ``actors=``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict

import pandas as pd

from framing.actors.gazetteer import ACTORS
from framing.contrast.units import ENGLISH_STOP_WORDS  # scikit-learn's list, read without importing scikit-learn
from framing.schema import as_documents, counted, require_columns
from framing.stats import check_int
from framing.text import ONE_TO_ONE, sentence_spans
from framing.voice.verbs import REPORTING_FORMS

__all__ = ["TITLES", "PERSON_TITLES", "ORG_WORDS", "discover_actors"]

#: Personal titles and honorifics: a name after one of them is a person's.
PERSON_TITLES = frozenset(
    """mr mrs ms mx dr prof sen sens rep reps gov lt col sgt rev hon sir dame president vice senator senators
    representative congressman congresswoman governor secretary mayor speaker pope chairman chairwoman
    minister premier chancellor ambassador judge attorney leader spokesman spokeswoman spokesperson
    candidate nominee commissioner director adviser advisor king queen prince princess""".split()
)
#: Titles and role words stripped before a name (:data:`PERSON_TITLES` and words that
#: precede them in a title: "Former", "Deputy"; words before the last title go too:
#: "House Speaker Nancy Pelosi" -> "Nancy Pelosi").
TITLES = PERSON_TITLES | frozenset("former lady general deputy assistant acting interim chief".split())
#: Last words that make a name an organisation's.
ORG_WORDS = frozenset(
    """party department committee court senate house congress university college association agency bureau
    council commission company corporation corp inc llc news times post journal network institute foundation
    administration ministry service services bank group union office fund organization organisation federation
    board reserve campaign police army navy force forces school center centre club league""".split()
)
#: One-word forms never taken as a surname alias: organisation and place words ("House", "States").
_NOT_SURNAMES = ORG_WORDS | frozenset(
    "states nations kingdom republic street avenue island islands city county river valley coast".split()
)
_CONNECTORS = r"(?:of the|of|de|da|del|van|von|der|bin|al|la|le|du)"
_TOKEN = (r"(?:[A-Z][a-z]{0,3}\.(?=[ \u00a0])"
          r"|(?=[A-Z][A-Za-z\u2019'\-]*[a-z])[A-Z][A-Za-z\u2019']*(?:-[A-Z][A-Za-z\u2019']*)*(?!\w|-[a-z])"
          r"|[A-Z]{2,6}(?!\w|-[a-z]))")
#: A name starts after a space or punctuation, not after a word character or "U." ("U.S. Centers": not "S. Centers").
_SEQUENCE = re.compile(rf"(?<![\w\u2019'\-])(?<!\w\.){_TOKEN}(?:[ \u00a0](?:{_CONNECTORS}[ \u00a0])?{_TOKEN})*")
_FOR = re.compile(r"[ \u00a0]for[ \u00a0]")
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mon tue tues wed thu thur thurs fri sat sun jan feb mar apr
    jun jul aug sep sept oct nov dec""".split()
)
#: Sentence-initial words dropped before a name ("Yesterday Mr. Trump", "But Warren").
_LEADERS = ENGLISH_STOP_WORDS | _CALENDAR | frozenset(
    "yesterday today tomorrow later earlier meanwhile however still now then also instead indeed separately".split()
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_OPENERS = "\"\u201c\u2018'(:\u00ab\u2014\u2013"
#: A lower-case word right after a sequence; a name followed by one that is not a stop word
#: or a reporting verb ("Russian hackers", not "Trump said", "Trump has") is used as a modifier.
_NEXT_WORD = re.compile(r"[ \u00a0]([a-z][a-z'\u2019\-]*)")
_NOT_MODIFIED = ENGLISH_STOP_WORDS | REPORTING_FORMS
_SPACES = re.compile(r"\s*")
_POSSESSIVE = re.compile(r"['\u2019]s?(?:[ \u00a0]|$)")
#: A one-word form used as a modifier in more than this share of its mentions is an adjective
#: ("American", "Russian"), not a name (rule 3).
MAX_MODIFIER_SHARE = 0.5
#: ``person`` from titles (rule 6): at least this share of the actor's mentions follow a
#: personal title ("Dr. Florida" 6 times in 516 does not make Florida a person).
MIN_TITLED_SHARE = 0.05
#: Words that stand before the name of a place or a thing but not before a person's (rules 4 and 6):
#: the article ("told the Hill.") and prepositions of place ("in New York", "near Kingston").  Not
#: "to", "from", "of", "at", "on": "a letter to Trump", "a call from Obama", "a jab at Clinton".
NOT_BEFORE_PERSONS = frozenset("the in inside outside near across throughout within".split())
#: Rules 4 and 6: a name used after :data:`NOT_BEFORE_PERSONS` in at least this share of its mentions
#: (and at least twice) is a place or a thing, not a person known by a surname.  On the 4,000 AllSides
#: articles: "New York" 214 of 757 mentions, "Los Angeles" 55 of 124; the 120 actors of 50 mentions or
#: more made persons by their titles 0.2 % of theirs (median 0).
MIN_CUED_SHARE = 0.05
_CUE_BEFORE = re.compile(rf"(?<![\w'\u2019\-])({'|'.join(sorted(NOT_BEFORE_PERSONS))})[ \u00a0]$")


def _words(form: str) -> list[str]:
    return form.split(" ")


def _bare(tok: str) -> str:
    return tok.lower().rstrip(".")


def _clean(raw: str) -> tuple[str | None, bool]:
    """``(form, after_title)``: rule 3 applied to one raw sequence (None when nothing is left)."""
    toks = raw.translate(ONE_TO_ONE).replace("\u00a0", " ").split(" ")
    if any(_contraction(t) for t in toks):
        return None, False  # "I'm", "That's": a clause, not a name
    # a possessive ends the name: "Gonzalo Curiel's Mexican heritage" -> "Gonzalo Curiel"
    toks = toks[:next((j for j, t in enumerate(toks) if t.endswith(("'s", "'"))), len(toks) - 1) + 1]
    toks[-1] = re.sub(r"'s?$", "", toks[-1])
    while toks and not toks[0].isupper() and _bare(toks[0]) in ENGLISH_STOP_WORDS:
        toks = toks[1:]
    last_title = -1
    for j, tok in enumerate(toks):
        low = _bare(tok)
        if low in TITLES or (low in ("of", "the") and last_title == j - 1) or (
                j and _bare(toks[j - 1]) == "of" and last_title == j - 1):
            last_title = j
    after_title = last_title >= 0 and _bare(toks[last_title]) in PERSON_TITLES
    toks = toks[last_title + 1:]
    while toks and toks[0].lower() in ("of", "the"):
        toks = toks[1:]
    if not toks:
        return None, False
    if len(toks) == 1 and (len(toks[0].rstrip(".")) < 2 or _bare(toks[0]) in _CALENDAR | ENGLISH_STOP_WORDS
                           and not toks[0].isupper()):
        return None, False
    return " ".join(toks), after_title


def _sequences(text: str, starts) -> list[tuple[str, bool, bool, bool]]:
    """``(form, after_title, modifier, cued)`` of one document's sequences outside sentence starts (rules 1-3);
    ``cued``: an untitled mention, neither possessive nor modifier, after :data:`NOT_BEFORE_PERSONS` (rule 6)."""
    out = []
    starts = sorted(starts)
    for s, end in _spans(text):
        k = bisect_right(starts, s)
        sent_start = starts[k - 1] if k else 0
        sent_end = starts[k] if k < len(starts) else len(text)
        raw = text[s:min(end, sent_end)].rstrip()
        after = None
        if end >= sent_end or _SPACES.match(text, end, sent_end).end() == sent_end:
            raw = raw.removesuffix(".")  # the sentence's full stop ("in Iraq. The ..."), not the name's
        else:
            after = _NEXT_WORD.match(text, end)
            after = after and after.group(1)
        modifier = after is not None and after not in _NOT_MODIFIED
        before = text[sent_start:s]
        whole = raw
        if not any(c.isalnum() for c in before) or before.rstrip()[-1:] in _OPENERS:
            lead, _, rest = raw.replace("\u00a0", " ").partition(" ")
            if not rest or _bare(lead) not in _LEADERS:
                continue
            raw = rest  # "Yesterday Mr. Trump": the name after a sentence-initial adverb
        lo = text.rfind("\n", 0, s) + 1
        hi = text.find("\n", s)
        line = text[lo: len(text) if hi < 0 else hi]
        if not any(c.islower() for c in line):
            continue
        form, titled = _clean(raw)
        if form is None:
            continue
        possessive = _POSSESSIVE.search(raw) is not None
        cued = False
        if not (titled or possessive or modifier):  # "in Trump's White House", "the Trump administration": no cue
            cue = _cue(whole, before)
            # "told the Hill.", "in New York and": the name's; "the Mueller report", "the Upton bill": the noun's
            cued = cue is not None and (after is None or cue != "the")
        out.append((form, titled, modifier and not possessive, cued))  # "Trump's plan": no modifier
    return out


def _org_word(tok: str) -> bool:
    """An organisation word of :data:`ORG_WORDS`, or its plural ("Centers")."""
    low = _bare(tok)
    return low in ORG_WORDS or (low.endswith("s") and low[:-1] in ORG_WORDS)


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sequences of ``text`` (rule 1), two joined by ``for`` after an organisation word, unless
    the second holds a possessive (a name that qualifies a noun after it: "for Trump's tax returns")."""
    out: list[tuple[int, int]] = []
    for m in _SEQUENCE.finditer(text):
        if out and _FOR.fullmatch(text, out[-1][1], m.start()) and _org_word(text[out[-1][0]:out[-1][1]].split()[-1]) \
                and not _POSSESSIVE.search(m.group()):  # "the Internal Revenue Service for Trump's returns"
            out[-1] = (out[-1][0], m.end())
        else:
            out.append((m.start(), m.end()))
    return out


def _cue(raw: str, before: str) -> str | None:
    """The word of :data:`NOT_BEFORE_PERSONS` opening the sequence ``raw`` ("The Hill", "In New York, ...")
    or just before it (``before``: its sentence up to it), lower-cased; None without one."""
    lead, space, _ = raw.replace("\u00a0", " ").partition(" ")
    if space and _bare(lead) in NOT_BEFORE_PERSONS:
        return _bare(lead)
    m = _CUE_BEFORE.search(before[-13:])  # "throughout " and the character before it: no scan of the sentence
    return m.group(1) if m else None


def _contraction(tok: str) -> bool:
    base, _, tail = tok.partition("'")
    return bool(tail) and (base.lower() in ENGLISH_STOP_WORDS or tail.lower() in ("t", "m", "ve", "re", "ll", "d"))


def _key(form: str) -> tuple[str, str] | None:
    """(first word, last word) of a form of two or more words (suffixes such as "Jr." skipped); the whole form
    twice when its last word is an organisation word (rule 4: each committee its own actor), its words without a
    plural -s (one organisation spelt "Federal Election Commission" and "Federal Elections Commission")."""
    toks = _words(form)
    suffix = toks[-1] if len(toks) > 2 and _bare(toks[-1]) in _SUFFIXES else ""
    toks = toks[:-1] if suffix else toks
    if len(toks) < 2:
        return None
    if _org_word(toks[-1]):
        folded = " ".join(_singular(t) for t in toks)
        return folded, folded
    return toks[0], f"{toks[-1]} {suffix}".strip()


def _singular(tok: str) -> str:
    """``tok`` without a plural -s (not -ss, not an acronym, at least 4 letters): "Elections" -> "Election"."""
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss") and any(c.islower() for c in tok):
        return tok[:-1]
    return tok


def _titled(n_titled: int, n: int) -> bool:
    """Rule 6: enough of ``n`` mentions follow a personal title."""
    return n_titled > 0 and n_titled >= MIN_TITLED_SHARE * n


def _cued(n_cued: int, n: int) -> bool:
    """Rule 6: enough of ``n`` mentions follow an article or a preposition of place."""
    return n_cued >= 2 and n_cued >= MIN_CUED_SHARE * n


def _kind(name: str, titled: bool, cued: bool, has_surname: bool) -> str:
    words = _words(name)
    if re.fullmatch(r"[A-Z]{2,6}", name) or _bare(words[-1]) in ORG_WORDS or (
            len(words) > 2 and words[1] in ("of", "for") and _org_word(words[0])):
        return "org"
    return "person" if titled or (has_surname and not cued) else "unknown"


def discover_actors(
    corpus,
    *,
    min_mentions: int = 5,
    min_documents: int = 2,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A proposed gazetteer of the people and organisations ``corpus`` names (rules: module notes).

    Columns :data:`~framing.actors.ACTORS` (actor, alias, kind, note), one row per alias,
    in the format :func:`~framing.actors.load_actors` reads; ``kind`` is ``person``,
    ``org`` or ``unknown``; ``note`` "discovered: N mentions in M documents".  Actors with
    fewer than ``min_mentions`` mentions (default 5) or ``min_documents`` documents
    (default 2) are left out.  ``sentences``: a sentences table (doc_id, start) to use
    for sentence starts instead of :func:`framing.text.sentence_spans`.  Deterministic.
    """
    min_mentions = check_int(min_mentions, "min_mentions", minimum=1)
    min_documents = check_int(min_documents, "min_documents", minimum=1)
    docs = as_documents(corpus, arg="corpus")
    starts_by_doc = None
    if sentences is not None:
        require_columns(sentences, ("doc_id", "start"), name="sentences", arg="sentences")
        starts_by_doc = {d: g.tolist() for d, g in sentences.groupby("doc_id", sort=False)["start"]}
    count: Counter = Counter()
    docs_of: dict[str, set] = defaultdict(set)
    titled: Counter = Counter()
    modified: Counter = Counter()
    cued: Counter = Counter()
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        if starts_by_doc is None:
            starts = [s for s, _, _ in sentence_spans(text)]
        else:
            starts = starts_by_doc.get(doc_id, [])
        for form, after_title, modifier, after_cue in _sequences(text, starts):
            count[form] += 1
            docs_of[form].add(doc_id)
            titled[form] += after_title
            modified[form] += modifier
            cued[form] += after_cue
    for form in [f for f in count if " " not in f and not f.isupper() and modified[f] > MAX_MODIFIER_SHARE * count[f]]:
        del count[form]  # rule 3: an adjective ("Russian hackers")
    # rule 4: full names by (first, last) word; one-word forms to the one full name ending in them
    groups: dict[object, list[str]] = defaultdict(list)
    for form in count:
        key = _key(form)
        groups[key if key is not None else ("", form)].append(form)
    by_last: dict[str, list[object]] = defaultdict(list)
    for key in groups:
        if key[0]:
            by_last[key[1]].append(key)
    for key in [k for k in groups if not k[0]]:
        form = key[1]
        owners = sorted(by_last.get(form, []), key=lambda k: (-sum(count[f] for f in groups[k]), k))
        if not owners or form.isupper() or _bare(form) in _NOT_SURNAMES:
            continue
        if _cued(cued[form], count[form]) and not _titled(titled[form], count[form]):
            continue  # "in Cleveland", "the Hill": a place or a thing, no surname
        if not titled[form] and len(docs_of[form] & set().union(*(docs_of[f] for k in owners for f in groups[k]))) * 2 \
                < len(docs_of[form]):
            continue  # "Mexico" is not "New Mexico"'s surname: most of its documents name no full name
        total = sum(count[f] for k in owners for f in groups[k])
        if sum(count[f] for f in groups[owners[0]]) * 3 >= total * 2:
            groups[owners[0]] += groups.pop(key)
    rows = []
    for forms in groups.values():
        n = sum(count[f] for f in forms)
        n_docs = len(set().union(*(docs_of[f] for f in forms)))
        if n < min_mentions or n_docs < min_documents:
            continue
        multi = [f for f in forms if len(_words(f)) > 1] or forms
        name = min(multi, key=lambda f: (-count[f], f))
        surname = any(len(_words(f)) == 1 for f in forms) and len(_words(name)) > 1
        kind = _kind(name, _titled(sum(titled[f] for f in forms), n), _cued(sum(cued[f] for f in forms), n), surname)
        ordered = [name] + sorted((f for f in forms if f != name), key=lambda f: (-count[f], f))
        for f in ordered:
            note = f"discovered: {counted(count[f], 'mention')} in {counted(len(docs_of[f]), 'document')}"
            rows.append((n, name, f, kind, note, count[f]))
    frame = pd.DataFrame(rows, columns=["_n", "actor", "alias", "kind", "note", "_c"])
    frame["_first"] = frame["alias"] != frame["actor"]
    frame = frame.sort_values(["_n", "actor", "_first", "_c", "alias"], ascending=[False, True, True, False, True],
                              kind="stable")
    return frame[list(ACTORS)].reset_index(drop=True).astype(str)
