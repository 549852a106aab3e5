"""Attribution: one document's quotations, reported speech and speakers (:class:`Analysis`)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np

from framing.text import paragraph_spans, sentence_spans, word_arrays
from framing.voice.marks import _OPENING_CHARS, _scan, _Span
from framing.voice.nonspeakers import _not_a_speaker, strip_opener
from framing.voice.verbs import _ALL_CUES, _FINITE, _FORM_TO_LEMMA, _PARTICIPLES, _WEAK_LEMMAS

#: A quotation of at most this many words is a ``fragment``.
FRAGMENT_MAX_WORDS = 4

_W = r"[\w\u2019'\-.]"
_TOK = rf"(?:[A-Z]{_W}*)"
_SP = r"[ \u00a0]+"
_NAME = rf"{_TOK}(?:{_SP}(?:(?:of|de|da|del|van|von|der|al|bin|la|le){_SP})?{_TOK})*"
#: The pronouns that resolve to a speaker; never a speaker's name themselves.
_RESOLVING = ("he", "she", "they", "it")
_PRONOUN = "(?:" + "|".join([*_RESOLVING, *(w.capitalize() for w in _RESOLVING)]) + ")"
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
# a bracketed aside after a name: a party and state ("(R-Ohio)"), an age, an affiliation
_ASIDE = r"(?:[ \u00a0]+\([^()\n]{1,40}\))?"
_AFTER_X_SAID = re.compile(rf"^[\s,.;:!?\u2014\u2013-]*{_SPEAKER}{_ASIDE}{_SP}{_ADV}{{0,2}}(?P<cue>{_FIN})\b")
_AFTER_SAID_X = re.compile(
    rf"^[\s,.;:!?\u2014\u2013-]*(?P<cue>{_FIN}){_SP}{_SPEAKER}"
    rf"(?={_ASIDE}\s*(?:[,.;:!?]|$|{_SP}(?:in|on|at|to|during|after|before|of|from)\b))"
)
_AFTER_SAID_ROLE_X = re.compile(
    rf"^[\s,.;:!?\u2014\u2013-]*(?P<cue>{_FIN}){_SP}(?P<sp>(?:[a-z][\w\-]*{_SP}){{1,3}}{_NAME})"
    rf"(?={_ASIDE}\s*(?:[,.;:!?]|$|{_SP}(?:in|on|at|to|during|after|before|of|from)\b))"
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


_POSSESSIVE = re.compile(r"[\u2019']s?$")
_ACRONYM = re.compile(r"(?:[A-Z]{2,}|(?:[A-Z]\.){2,})")
_ROLE_NP_RE = re.compile(_ROLE_NP)
_TRAILING_NAME = re.compile(rf"(?:^|[ ])(?P<n>{_NAME})$")
_AND_OR = re.compile(r"\b(?:and|or)\b")
_AFTER_CUE_SPEAKER = re.compile(rf"{_SP}{_SPEAKER}")


def _strip_possessive(s: str) -> str:
    if "'" not in s and "\u2019" not in s:
        return s
    return _POSSESSIVE.sub("", s)


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
    return bool(_ACRONYM.fullmatch(name))



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
    words: tuple[np.ndarray, np.ndarray, list[str]]  # framing.text.word_arrays of the text: starts, ends, norms
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
        if (len(toks) > 1 and toks[-1] in self.standalone and len(self.full_names.get(toks[-1], ())) == 1
                and not _not_a_speaker(toks[-1])):  # "World War I" is not "I"
            return toks[-1]
        return name

    def entity_roles(self, canon: str) -> set[str]:
        out = set(self.roles.get(canon, ()))
        for full in self.full_names.get(canon, ()):
            out |= self.roles.get(full, set())
        return out


def _classify_mention(mention: str, names: _Names) -> tuple[str, str | None, tuple[str, ...]]:
    """``(how, canonical speaker or None, roles)`` of a speaker mention."""
    bare = m = strip_opener(mention.strip())
    low = m.lower()
    if low in ("he", "she", "they", "it"):
        return "pronoun", None, ()
    if _ROLE_NP_RE.fullmatch(m):
        return "role", None, ()
    if _not_a_speaker(m):
        return "unresolved", None, ()
    if low.startswith("the "):
        m = m[4:]
    m = _strip_possessive(m.rstrip(".")) if not _is_acronym(m) else m
    if m and m.split()[-1].lower() in _NOT_NAMES:
        return "group", None, ()
    if m and m[0].isupper() and " and " not in m:
        name, roles = _split_title(m)
        if len(name.split()) == 1 and not _is_acronym(name) and name not in names.mid_sentence and not roles:
            return "group", bare, ()
        return "named", names.canonical(name), roles
    return "group", bare, ()


def _make_attr(mention, m_start, cue, c_start, para, names) -> _Attr:
    how, speaker, roles = _classify_mention(mention, names)
    return _Attr(mention.strip(), m_start, m_start + len(mention.strip()), cue, c_start,
                 c_start + len(cue) if cue is not None else None, how, para, speaker, roles)


def _group_subject(np_text: str, names: _Names) -> tuple[str, str | None, tuple[str, ...]]:
    """A reported-speech subject NP: pronoun / role / trailing name / the NP itself."""
    how, speaker, roles = _classify_mention(np_text, names)
    if how != "group":
        return how, speaker, roles
    tail = _TRAILING_NAME.search(np_text)
    if tail and tail.start("n") > 0 and not _AND_OR.search(np_text):
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


class Analysis:
    """The voice layer's parse of documents (quotations, sentences, attributions), kept.

    Each document text is parsed on first use and kept for the life of this object, so a
    corpus is parsed once however many tables are built from it: pass the same object as
    ``analysis=`` to :func:`~framing.voice.quotes`, :func:`~framing.voice.sentence_voice`
    and :func:`~framing.voice.attribution_stance`.  Without it each call parses its own
    documents once.  Keyed by text, so it can serve any corpus.
    """

    def __init__(self):
        self._by_text: dict[str, _Analysis] = {}

    def of(self, text: str) -> _Analysis:
        """The parse of ``text`` (computed now if not kept yet)."""
        an = self._by_text.get(text)
        if an is None:
            an = self._by_text[text] = _analyse(text)
        return an

    def __len__(self) -> int:
        return len(self._by_text)

    def __repr__(self) -> str:
        return f"Analysis({len(self)} documents parsed)"


def _analysis(analysis) -> Analysis:
    """``analysis`` itself, or a new :class:`Analysis` for None."""
    if analysis is None:
        return Analysis()
    if not isinstance(analysis, Analysis):
        raise ValueError(
            f"analysis must be a framing.voice.Analysis (make one with voice.Analysis()) or None, "
            f"not {type(analysis).__name__}"
        )
    return analysis


def _analyse(text: str) -> _Analysis:
    """Parse one document: quotations with nesting and speakers, reported-speech sentences."""
    paras = paragraph_spans(text)
    sents = sentence_spans(text)
    sent_starts = np.asarray([s for s, _, _ in sents], dtype=np.int64)
    names = _Names(text, {s for s, _, _ in sents})
    words = word_arrays(text)
    wstarts = words[0]

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
        if a.how == "named" and a.speaker is not None and a.speaker.lower() in _RESOLVING:
            a.speaker, a.how = None, "unresolved"  # "It’s …" read as a name with a possessive: a pronoun
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
        if a.speaker is not None and (_not_a_speaker(a.speaker) or a.speaker.lower() in _RESOLVING):
            # never a pronoun or fragment
            a.speaker, a.how = None, "unresolved"
    # nested quotations: uttered by the enclosing quotation's speaker
    for q in qs:
        if q.depth > 0:
            outer = q
            while outer.parent is not None:
                outer = qs[outer.parent]
            q.attr = _Attr(None, None, None, None, None, None, "nested", para_of(q.span.open_start),
                           speaker=outer.attr.speaker if outer.attr else None)
    return _Analysis(qs, sentences, words, canon={"names": names})


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
        m = _AFTER_CUE_SPEAKER.match(text[c_start + len(cue):c_start + len(cue) + 120])
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

