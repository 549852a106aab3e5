"""Voice tables: quotations, sentence voice, span labels, who speaks and rates per voice."""

from __future__ import annotations

from bisect import bisect_right
from itertools import repeat

import numpy as np
import pandas as pd

from framing.groups import by_names, group_keys
from framing.schema import SENTENCES, VOICES, as_documents, require_columns
from framing.text import count_words, word_arrays
from framing.voice.attribution import FRAGMENT_MAX_WORDS, _Analysis, _analysis, _Attr

#: Columns of the quotations table (:func:`quotes`), in order.
QUOTES = (
    "doc_id", "quote_id", "open_start", "start", "end", "close_end", "text", "kind", "words",
    "depth", "parent", "paragraphs", "closed", "flag", "speaker", "speaker_mention",
    "speaker_start", "speaker_end", "cue", "cue_start", "cue_end", "attribution",
)

#: Columns :func:`sentence_voice` adds to the sentences table.
SENTENCE_VOICE = ("voice", "speaker", "quoted_share", "reported", "source", "cue", "content_start", "content_end")


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


def quotes(corpus, *, analysis=None) -> pd.DataFrame:
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
    end.  Scanner rules: see ``framing.voice.marks._scan``.  ``analysis``: an
    :class:`~framing.voice.Analysis` to reuse (or None: one for this call).

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
    * ``unresolved`` also for a mention that is never a speaker: a pronoun ("I", "we",
      "you"), a bare determiner ("The") or a clause fragment ("The resolution", "A key
      inflation gauge that"; rule: ``framing.voice.attribution._not_a_speaker``), speaker NA;
    * ``inherited`` - a participle cue ("…, adding that … use the “…”") takes the speaker
      of the attribution already made in its sentence;
    * ``continued`` - an unattributed quotation of 5+ words that opens its sentence,
      in the same paragraph as an attributed quotation ending in the same or the previous
      sentence (news convention: ``“…,” he said. “…”``), takes its speaker;
    * ``nested`` - inside another quotation: uttered by the outermost quotation's speaker;
    * ``none`` - no attribution found.
    """
    docs = _docs(corpus)
    parses = _analysis(analysis)
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        an = parses.of(text)
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


def _check_quotes(qt, docs, analysis=None) -> pd.DataFrame:
    """The outermost quotations of ``qt`` (computed from ``docs`` with ``analysis`` when None)."""
    if qt is None:
        qt = quotes(docs, analysis=analysis)
    require_columns(qt, ("doc_id", "start", "end", "kind", "speaker"), name="quotes", arg="quotes")
    if "depth" in qt.columns:
        qt = qt[qt["depth"] == 0]
    return qt


def _quote_lookup(qt: pd.DataFrame) -> dict:
    """doc_id -> (starts, ends, kinds, speakers) of outermost quotations, sorted by start."""
    qt = qt.sort_values(["doc_id", "start"], kind="stable")
    ids = qt["doc_id"].to_numpy(object)
    starts, ends = qt["start"].to_numpy(np.int64), qt["end"].to_numpy(np.int64)
    kinds, spk = qt["kind"].to_numpy(object), qt["speaker"].astype(object).to_numpy(object)
    out = {}
    cuts = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist(), len(ids)] if len(ids) else [0]
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):  # runs of one doc_id (the table is sorted by it)
        out[ids[a]] = (starts[a:b], ends[a:b], kinds[a:b], spk[a:b])
    return out


def _doc_codes(doc_ids, known: dict, what: str, hint: str) -> np.ndarray:
    """Position in ``known`` (doc_id -> code) of each of ``doc_ids``; ValueError naming the first unknown one."""
    codes = np.fromiter(map(known.get, doc_ids, repeat(-1)), np.int64, len(doc_ids))
    if (codes < 0).any():
        bad = doc_ids[int(np.flatnonzero(codes < 0)[0])]
        raise ValueError(f"{what} has doc_id {bad!r}, which is not in corpus; {hint}")
    return codes


def _span_voices(codes: np.ndarray, starts: np.ndarray, qt: pd.DataFrame, rep: tuple, known: dict) -> tuple:
    """Voice and speaker (object arrays) of the positions ``starts`` of documents ``codes``: :func:`label_spans`'
    rule, vectorized.  ``qt``: outermost quotations; ``rep``: (doc codes, content starts, content ends, sources) of
    reported-speech contents, sorted by doc and start."""
    shift = np.int64(1) << np.int64(40)
    keys = codes * shift + starts
    voices = np.full(len(keys), "author", dtype=object)
    speakers_ = np.full(len(keys), pd.NA, dtype=object)
    free = np.ones(len(keys), dtype=bool)
    q_codes = qt["doc_id"].map(known).to_numpy(np.float64)
    q = qt[~np.isnan(q_codes)]  # quotations of other documents are never looked up
    if len(q):
        qc = q["doc_id"].map(known).to_numpy(np.int64)
        qk = qc * shift + q["start"].to_numpy(np.int64)
        order = np.argsort(qk, kind="stable")  # as _quote_lookup: by doc_id, start, stable
        qk, qc = qk[order], qc[order]
        q_end = q["end"].to_numpy(np.int64)[order]
        q_kind = q["kind"].to_numpy(object)[order]
        q_spk = q["speaker"].astype(object).to_numpy(object)[order]
        i = np.searchsorted(qk, keys, side="right") - 1
        j = np.maximum(i, 0)
        inside = (i >= 0) & (qc[j] == codes) & (starts < q_end[j])
        voices[inside] = q_kind[j[inside]]
        speakers_[inside] = q_spk[j[inside]]
        free &= ~inside
    r_codes, r_start, r_end, r_src = rep
    if len(r_codes) and free.any():
        rk = r_codes * shift + r_start
        i = np.searchsorted(rk, keys, side="right") - 1
        j = np.maximum(i, 0)
        inside = free & (i >= 0) & (r_codes[j] == codes) & (starts < r_end[j])
        voices[inside] = "reported"
        speakers_[inside] = r_src[j[inside]]
    speakers_[pd.isna(speakers_)] = pd.NA
    return voices, speakers_


def _reported_contents(sv: pd.DataFrame, known: dict) -> tuple:
    """(doc codes, content starts, content ends, sources) of the reported-speech sentences of ``sv``, sorted."""
    r = sv[sv["reported"].to_numpy(bool) & sv["content_start"].notna().to_numpy()]
    codes = r["doc_id"].map(known)
    r = r[codes.notna().to_numpy()]
    codes = codes[codes.notna()].to_numpy(np.int64)
    cs, ce = r["content_start"].to_numpy(np.int64), r["content_end"].to_numpy(np.int64)
    order = np.lexsort((cs, codes))
    return codes[order], cs[order], ce[order], r["source"].astype(object).to_numpy(object)[order]


def _locate(lookup, doc_id, pos: int):
    """Index of the quotation whose content contains ``pos`` or None."""
    if doc_id not in lookup:
        return None
    starts, ends, _, _ = lookup[doc_id]
    i = int(np.searchsorted(starts, pos, side="right")) - 1
    if i >= 0 and pos < ends[i]:
        return i
    return None


def _doc_parts(parse: _Analysis, quotes_of_doc) -> tuple:
    """``(parse, sentence starts, quotation index of each word or -1)`` of one document."""
    ws = parse.words[0]
    word_quote = np.full(len(ws), -1, dtype=np.int64)
    if quotes_of_doc is not None:
        starts, ends = quotes_of_doc[0], quotes_of_doc[1]
        i = np.searchsorted(starts, ws, side="right") - 1
        inside = (i >= 0) & (ws < ends[np.maximum(i, 0)])
        word_quote[inside] = i[inside]
    return parse, [sent.start for sent in parse.sentences], word_quote


def _reported_for_span(sents: list, starts: list[int], s: int, e: int):
    """The first reported sentence (with content) among ``sents`` overlapping ``[s, e)``.

    Overlapping: holding ``s``, or starting in ``[s, e)``.  ``sents`` are disjoint and sorted,
    ``starts`` their starts: the search begins at the sentence holding ``s`` (linear overall).
    """
    j = max(bisect_right(starts, s) - 1, 0)
    while j < len(sents) and (starts[j] <= s or starts[j] < e):
        sent = sents[j]
        if (sent.start <= s < sent.end or s <= sent.start < e) and sent.reported and sent.content is not None:
            return sent
        j += 1
    return None


def _parse_sentences(docs: pd.DataFrame, analysis) -> pd.DataFrame:
    """:func:`framing.text.sentences` of ``docs`` from the sentences of their parses in ``analysis`` (the same
    :func:`framing.text.sentence_spans`, found once)."""
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        for i, sent in enumerate(analysis.of(text).sentences):
            rows.append((doc_id, i, sent.para, sent.start, sent.end, text[sent.start:sent.end]))
    frame = pd.DataFrame(rows, columns=list(SENTENCES))
    return frame.astype({"sent_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64"})


def sentence_voice(
    corpus, sentences: pd.DataFrame | None = None, *, quotes: pd.DataFrame | None = None, analysis=None
) -> pd.DataFrame:
    """The sentences table plus columns :data:`SENTENCE_VOICE`, sorted by doc_id, start.

    ``sentences`` defaults to :func:`framing.text.sentences` of ``corpus``; ``quotes``
    defaults to :func:`quotes` (pass an edited copy to correct speakers by hand);
    ``analysis`` is an :class:`Analysis` to reuse (each document is parsed once in it).

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
    an = _analysis(analysis)
    if sentences is None:
        sentences = _parse_sentences(docs, an)
    else:
        require_columns(sentences, SENTENCES, name="sentences", arg="sentences")
    qt = _check_quotes(quotes, docs, an)
    lookup = _quote_lookup(qt)
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    frame_cues = {}  # doc_id -> sorted cue starts of quote-kind quotations
    if "cue_start" in qt.columns:
        cues = qt.loc[(qt["kind"] == "quote") & qt["cue_start"].notna(), ["doc_id", "cue_start"]]
        for doc_id, g in cues.groupby("doc_id", sort=False)["cue_start"]:
            frame_cues[doc_id] = np.sort(g.to_numpy(np.int64))
    ids = sentences["doc_id"].to_numpy(object)
    row_starts = sentences["start"].to_numpy(np.int64)
    row_ends = sentences["end"].to_numpy(np.int64)
    for doc_id in pd.unique(ids):
        if doc_id not in texts:
            raise ValueError(f"sentences has doc_id {doc_id!r}, which is not in corpus; pass the matching corpus")
    first_word = np.zeros(len(ids), dtype=np.int64)
    end_word = np.zeros(len(ids), dtype=np.int64)
    per_doc = {}
    for doc_id, rows in pd.Series(ids, dtype=object).groupby(ids, sort=False).indices.items():
        parse, sent_starts, word_quote = _doc_parts(an.of(texts[doc_id]), lookup.get(doc_id))
        ws = parse.words[0]
        first_word[rows] = np.searchsorted(ws, row_starts[rows], side="left")
        end_word[rows] = np.searchsorted(ws, row_ends[rows], side="left")
        quoted_before = np.concatenate(([0], np.cumsum(word_quote >= 0))).tolist()  # quoted words before word i
        per_doc[doc_id] = (parse, sent_starts, word_quote, quoted_before)
    out_rows = []
    for doc_id, start, end, a, b in zip(ids, row_starts.tolist(), row_ends.tolist(), first_word.tolist(),
                                        end_word.tolist(), strict=True):
        parse, sent_starts, word_quote, quoted_before = per_doc[doc_id]
        n = b - a
        per_quote: dict[int, int] = {}
        if quoted_before[b] > quoted_before[a]:
            for i in word_quote[a:b][word_quote[a:b] >= 0].tolist():
                per_quote[i] = per_quote.get(i, 0) + 1
        quoted = sum(per_quote.values())
        rep = _reported_for_span(parse.sentences, sent_starts, start, end)
        reported = rep is not None
        source = rep.attr.speaker if reported and rep.attr.speaker is not None else pd.NA
        cue = rep.attr.cue if reported and rep.attr.cue is not None else pd.NA
        content = rep.content if reported else (pd.NA, pd.NA)
        voice, speaker = "author", pd.NA
        if per_quote:
            kinds = lookup[doc_id][2]
            spk = lookup[doc_id][3]
            quote_words = {i: c for i, c in per_quote.items() if kinds[i] == "quote"}
            fc = frame_cues.get(doc_id, ())
            k = int(np.searchsorted(fc, start, side="left"))
            frame = k < len(fc) and fc[k] < end
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


def _voice_inputs(corpus, quotes, sentences, analysis=None) -> tuple:
    """``(documents, outermost quotations, sentences with voice)``: the inputs of the span-voice rule."""
    docs = _docs(corpus)
    parses = _analysis(analysis)  # shared by the quotations and sentences computed here
    qt = _check_quotes(quotes, docs, parses)
    if sentences is None:
        sv = sentence_voice(docs, quotes=qt, analysis=parses)
    else:
        require_columns(sentences, SENTENCES, name="sentences", arg="sentences")
        sv = sentences if "content_start" in sentences.columns else sentence_voice(
            docs, sentences, quotes=qt, analysis=parses)
    return docs, qt, sv


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
    docs, qt, sv = _voice_inputs(corpus, quotes, sentences)
    known = {d: i for i, d in enumerate(docs["doc_id"])}
    codes = _doc_codes(spans["doc_id"].to_numpy(object), known, "spans", "pass the corpus the spans come from")
    voices, speakers_ = _span_voices(codes, spans["start"].to_numpy(np.int64), qt, _reported_contents(sv, known),
                                     known)
    out = spans.copy()
    out["voice"] = pd.array(voices, dtype="string")
    out["speaker"] = pd.array(speakers_, dtype="string")
    return out


def _word_starts(docs: pd.DataFrame, analysis=None) -> tuple[np.ndarray, np.ndarray]:
    """(document position, start) of every word of ``docs`` (:func:`framing.text.word_spans`), in document order;
    the starts come from ``analysis``'s parses when given."""
    texts = docs["text"].fillna("").to_numpy(object)
    if analysis is not None:
        starts = [analysis.of(t).words[0] for t in texts]
    else:
        starts = [word_arrays(t)[0] for t in texts]
    lengths = np.asarray([len(w) for w in starts], dtype=np.int64)
    codes = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    flat = np.concatenate(starts).astype(np.int64) if len(starts) else np.zeros(0, dtype=np.int64)
    return codes, flat


def word_voices(corpus, *, quotes: pd.DataFrame | None = None, sentences: pd.DataFrame | None = None,
                analysis=None) -> pd.DataFrame:
    """Words of each document by voice: columns doc_id, outlet, voice, words, share.

    Words are :func:`framing.text.word_spans`; each gets a voice by the :func:`label_spans`
    rule on its first character (the rule :func:`voice_rates` uses for its denominators).
    ``share`` = words / the document's words (0 for an empty document).  Every document gets
    every voice of :data:`VOICES`.  Sort: doc_id, then voice in VOICES order.  ``analysis``:
    an :class:`~framing.voice.Analysis` holding the documents' parses (their word starts are
    reused), or None.
    """
    docs, qt, sv = _voice_inputs(corpus, quotes, sentences, analysis)
    outlets = docs["outlet"].astype(str).to_numpy(object)
    ids = docs["doc_id"].to_numpy(object)
    known = {d: i for i, d in enumerate(ids)}
    codes, flat = _word_starts(docs, analysis)
    voices, _ = _span_voices(codes, flat, qt, _reported_contents(sv, known), known)
    counts = np.zeros((len(ids), len(VOICES)), dtype=np.int64)
    for k, v in enumerate(VOICES):
        counts[:, k] = np.bincount(codes[voices == v], minlength=len(ids))
    order = sorted(range(len(ids)), key=lambda i: (ids[i], outlets[i]))
    n = len(VOICES)
    words = counts[order].reshape(-1)
    totals = np.repeat(counts[order].sum(axis=1), n)
    share = np.divide(words, totals, out=np.zeros(len(words), dtype=np.float64), where=totals > 0)
    out = pd.DataFrame({"doc_id": np.repeat(ids[order], n) if len(ids) else [],
                        "outlet": np.repeat(outlets[order], n) if len(ids) else [],
                        "voice": np.tile(np.asarray(VOICES, dtype=object), len(ids)),
                        "words": words, "share": share})
    return out.astype({"words": "int64", "share": "float64"})


# 6. Who speaks, and rates per voice
# ======================================================================================


def speakers(corpus, quotes: pd.DataFrame | None = None, *, by="outlet") -> pd.DataFrame:
    """Per group (default outlet) x speaker: ``quotations``, ``fragments``, ``words`` quoted, ``share``.

    ``by``: documents columns (a name or a list; :func:`framing.groups.group_keys`, a
    missing value is the group ``"(missing)"``); they replace ``outlet`` in the output.
    Counts outermost quotations (nested ones are inside their parent's words).
    ``quotations`` counts quote-kind rows, ``fragments`` fragment-kind rows, ``words`` all
    quoted words of the speaker, ``share`` = words / the group's words
    (``documents.n_tokens`` summed, else :func:`framing.text.count_words`).  Unknown
    speakers are one row with speaker NA.  Sorted by the ``by`` columns, words descending, speaker.
    """
    names = by_names(by)
    clash = [n for n in names if n in ("speaker", "quotations", "fragments", "words", "share")]
    if clash:
        raise ValueError(f"by: {', '.join(map(repr, clash))} is already a column of speakers(); group by a "
                         f"documents column (outlet, lean, topic, ...)")
    docs = _docs(corpus)
    keys = group_keys(docs, names)
    qt = _check_quotes(quotes, docs)
    words = qt["words"] if "words" in qt.columns else pd.Series(
        [count_words(t) for t in qt.get("text", pd.Series([""] * len(qt)))], index=qt.index)
    qt = pd.DataFrame({"doc_id": qt["doc_id"], "speaker": qt["speaker"], "_w": words,
                       "_q": (qt["kind"] == "quote").astype("int64"), "_f": (qt["kind"] == "fragment").astype("int64")})
    qt = qt.merge(keys, on="doc_id", how="left")
    n = docs["n_tokens"] if "n_tokens" in docs.columns else docs["text"].map(count_words)
    totals = keys.assign(_n=n.to_numpy()).groupby(names, as_index=False)["_n"].sum()
    g = qt.groupby([*names, "speaker"], dropna=False).agg(quotations=("_q", "sum"), fragments=("_f", "sum"),
                                                           words=("_w", "sum")).reset_index()
    g = g.astype({"quotations": "int64", "fragments": "int64", "words": "int64"})
    # explicit float: on an empty table the merged totals have no numeric dtype
    g["share"] = g["words"] / g.merge(totals, on=names, how="left")["_n"].to_numpy().astype("float64")
    g["speaker"] = g["speaker"].astype("string")
    g["_k"] = g["speaker"].fillna("\uffff")
    out = g.sort_values([*names, "words", "_k"], ascending=[True] * len(names) + [False, True], kind="stable")
    out = out.drop(columns="_k").reset_index(drop=True)
    if keys.attrs["missing"]:
        out.attrs["missing"] = dict(keys.attrs["missing"])
    return out


def quoted_share(corpus, quotes: pd.DataFrame | None = None, *, keep=(), analysis=None) -> pd.DataFrame:
    """Per document: words, words in quotes / fragments, and the quoted share.

    Columns doc_id, outlet, the ``keep`` columns, words, quote_words, fragment_words,
    quoted_share (= (quote_words + fragment_words) / words, 0 for an empty document); words
    counted as :func:`framing.text.word_spans` does, a word inside an outermost quotation
    when its first character is.  ``keep``: more documents columns (a name or a list), as
    group keys (:func:`framing.groups.group_keys`: strings, ``"(missing)"`` where missing).
    Sorted by doc_id.
    """
    docs = _docs(corpus)
    keep = [k for k in (by_names(keep, arg="keep") if len(keep) else []) if k not in ("doc_id", "outlet")]
    clash = [k for k in keep if k in ("words", "quote_words", "fragment_words", "quoted_share")]
    if clash:
        raise ValueError(f"keep: {', '.join(map(repr, clash))} is already a column of quoted_share()")
    extra = group_keys(docs, keep, arg="keep") if keep else None
    qt = _check_quotes(quotes, docs, analysis)
    ids = docs["doc_id"].to_numpy(object)
    known = {d: i for i, d in enumerate(ids)}
    codes, starts = _word_starts(docs, analysis)
    no_reported = (np.zeros(0, np.int64),) * 3 + (np.zeros(0, object),)
    voices, _ = _span_voices(codes, starts, qt, no_reported, known)
    n = np.bincount(codes, minlength=len(ids))
    qw = np.bincount(codes[voices == "quote"], minlength=len(ids))
    fw = np.bincount(codes[voices == "fragment"], minlength=len(ids))
    rows = [(d, o, int(a), int(b), int(c), (int(b) + int(c)) / int(a) if a else 0.0)
            for d, o, a, b, c in zip(ids, docs["outlet"], n, qw, fw, strict=True)]
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "words", "quote_words", "fragment_words", "quoted_share"])
    for i, k in enumerate(keep):
        frame.insert(2 + i, k, extra[k].to_numpy())
    if extra is not None and extra.attrs["missing"]:
        frame.attrs["missing"] = dict(extra.attrs["missing"])
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True)
