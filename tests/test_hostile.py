"""Hostile input (issue #25): fixed inputs, exact outcomes.  Time and memory growth are
measured apart, in ``benchmarks/bench_hostile.py``."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from nltk.tokenize import RegexpTokenizer

from framing import text as T
from framing.lexicon import Lexicon, LexiconError, load_lexicon, nested_repeat
from framing.match import batch as B
from framing.match import compile_lexicon, find
from framing.match.compile import _GAP


def _lex(*terms: str) -> Lexicon:
    return Lexicon.from_table(pd.DataFrame({"term": list(terms), "category": ["c"] * len(terms)}))


# class 1: linear time ---------------------------------------------------------------------


def test_gap_splits_a_run_one_way():
    assert _GAP == r"(?=\s)[^\S\n]*(?:\n[^\S\n]*)?"


@pytest.mark.parametrize("sep", [" " * 200, " " * 100 + "\n" + " " * 100, "\t" * 200])
def test_phrase_apart_by_long_runs(sep):
    lex = load_lexicon()
    first = sep.join(["would", "have", "us", "believe"])
    text = first + " and " + sep.join(["would", "have", "us", "zzz"])
    _, start, end, entry = find([text], lex)
    got = [(s, e, lex.table["term"][i]) for s, e, i in zip(start.tolist(), end.tolist(), entry.tolist(), strict=True)]
    assert got == [(0, len(first), "would have us believe")]


def test_long_phrase_term_and_near_miss():
    phrase = " ".join(["a"] * 5000)
    lex = _lex(phrase, "regime")
    doc, start, end, _ = find(["say " + phrase + " ok", phrase[:-2] + " regime"], lex)
    got = list(zip(doc.tolist(), start.tolist(), end.tolist(), strict=True))
    assert got == [(0, 4, 4 + len(phrase)), (1, len(phrase) - 1, len(phrase) + 5)]


def test_long_single_word_term_uses_nfa():
    lex = _lex("x" * 10000, "regime")
    m = compile_lexicon(lex)
    assert m.automaton is not None
    doc, start, end, _ = find(["y " + "x" * 10000 + " z", "x" * 10001], lex)
    assert list(zip(doc.tolist(), start.tolist(), end.tolist(), strict=True)) == [(0, 2, 10002)]


def test_chunked_scan_equals_one_scan(monkeypatch):
    lex = load_lexicon()
    rng = random.Random(7)
    words = ["foreign-backed", "paid", "protesters", "regime", "so-called", "x", "  ", "\n", "puppets", "neo nazi"]
    text = " ".join(rng.choice(words) for _ in range(3000))
    whole = find([text, text[::-1]], lex)
    monkeypatch.setattr(B, "_CHUNK", 97)
    chunked = find([text, text[::-1]], lex)
    for a, b in zip(whole, chunked, strict=True):
        assert a.tolist() == b.tolist()


def test_long_glob_word():
    lex = _lex("puppet*")
    _, start, end, _ = find(["the puppet" + "s" * 500 + " ok"], lex)
    assert (start.tolist(), end.tolist()) == ([4], [4 + 6 + 500])


@pytest.mark.parametrize(
    "pattern", [r"(?:\w+\s?)+!", r"(?:a+)+b", r"(?:x|y*)+z", r"(?=(?:a+)+)b", r"x(?:y\s*)*z"]
)
def test_nested_unbounded_repeat_refused(tmp_path, pattern):
    path = tmp_path / "lex.csv"
    table = pd.DataFrame({"term": ["regime", pattern], "category": ["c", "d"], "pattern": [False, True]})
    table.to_csv(path, index=False)
    assert nested_repeat(pattern)
    with pytest.raises(LexiconError, match=r"lex\.csv:3: pattern .* nests a repeat .*possessive"):
        load_lexicon(path)


@pytest.mark.parametrize(
    "pattern", [r"\w+\s+\w+", r"(?:the\s+)?x", r"(?:\s+\w+){0,3}", r"(?:\w++\s?)+!", r"(?:(?>\w+)\s?)+!"]
)
def test_bounded_or_possessive_repeat_allowed(pattern):
    assert not nested_repeat(pattern)


def test_builtin_patterns_pass_the_guard():
    table = load_lexicon().table
    assert not any(nested_repeat(t) for t in table.loc[table["pattern"], "term"])


def test_word_spans_equal_nltk_tokenizer():
    nltk = RegexpTokenizer(T.WORD_PATTERN)
    rng = random.Random(3)
    alphabet = "ab -'\u2019\n\t.é\u0301e\u00ad\u200bß\u2013x1_"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(300)]
    texts += [open(p, encoding="utf-8").read() for p in ("corpus/fox-2020-08-23.txt", "corpus/unnamed-2020-11.txt")]
    for text in texts:
        view = T.normalize(text).text
        assert [m.span() for m in T.WORD_RX.finditer(view)] == list(nltk.span_tokenize(view))
        assert T.count_words(text) == len(T.word_spans(text))


def test_count_words_has_no_time_limit():
    # NLTK's tokenizer runs under a 5 s wall-clock limit; the word pattern needs none
    assert not hasattr(T, "_word_tokenizer")
    assert T.count_words("word " * 1000) == 1000


# class 2: bounded memory ------------------------------------------------------------------

#: "billion laughs": nine levels of nine aliases, 612 bytes (before: MemoryError after 24 s)
LAUGHS = "".join(
    f"- term: t{k}\n  category: c\n  note: &{c} [{','.join([f'*{p}'] * 9) if k else ','.join(['lol'] * 9)}]\n"
    for k, (c, p) in enumerate(zip("abcdefghi", " abcdefgh", strict=True))
)


def test_yaml_lexicon_aliases_refused(tmp_path):
    path = tmp_path / "laughs.yml"
    path.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"laughs\.yml:6: not valid YAML \(aliases \(\*name\) are not allowed"):
        load_lexicon(path)


def test_yaml_lexicon_without_aliases_loads(tmp_path):
    path = tmp_path / "lex.yml"
    path.write_text("loaded:\n  fraud: [rigged, sham]\n", encoding="utf-8")
    assert load_lexicon(path).table["term"].tolist() == ["rigged", "sham"]


def test_front_matter_aliases_refused(tmp_path):
    from framing.corpus import CorpusError, load_corpus
    from framing.io import iter_batches

    lines = [ln for ln in LAUGHS.splitlines() if "note:" in ln]
    front = "".join(f"{chr(97 + k)}: {ln.split(': ', 1)[1]}\n" for k, ln in enumerate(lines))
    (tmp_path / "a.txt").write_text(f"---\n{front}---\nThe regime said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The regime said.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.txt: front matter is not valid YAML \(aliases"):
        load_corpus(tmp_path)
    batches = list(iter_batches(tmp_path))
    skipped = pd.concat([b.skipped for b in batches])
    assert skipped["reason"].tolist() == ["front matter is not 'key: value' YAML"]
    assert sorted(d for b in batches for d in b.documents["doc_id"]) == ["b"]


def test_max_document_chars(tmp_path):
    from framing.corpus import CorpusError, load_corpus
    from framing.io import MAX_DOCUMENT_CHARS
    from framing.scale.stream import score_archive

    assert MAX_DOCUMENT_CHARS == 50_000_000
    path = tmp_path / "a.jsonl"
    path.write_text('{"doc_id": "small", "text": "the regime"}\n{"doc_id": "big", "text": "regime regime"}\n')
    with pytest.raises(CorpusError, match=r"a\.jsonl, line 2: doc_id 'big': text of 13 characters is longer than "
                                          r"max_document_chars=12"):
        load_corpus(path, max_document_chars=12)
    assert len(load_corpus(path, max_document_chars=13).documents) == 2
    result = score_archive(path, max_document_chars=12)
    assert result.skipped[["doc_id", "kind"]].values.tolist() == [["big", "too_large"]]
    assert result.rates["n_documents"].max() == 1


# class 3: containment ---------------------------------------------------------------------


def _folder(tmp_path, rows: str):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("The regime's secret.", encoding="utf-8")
    (corpus / "a.txt").write_text("The regime said.", encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "b.txt").write_text("A sham vote.", encoding="utf-8")
    (corpus / "c.md").write_text("A sham vote.", encoding="utf-8")
    (corpus / "metadata.csv").write_text("doc_id,file,outlet\na,a.txt,X\n" + rows, encoding="utf-8")
    return corpus


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ("s,../secret.txt,X", "outside the corpus folder"),
        ("s,{abs},X", "outside the corpus folder"),
        ("s,sub/b.txt,X", "in a subfolder"),
        ("s,c.md,X", "not a .txt file"),
    ],
)
def test_metadata_file_outside_folder_refused(tmp_path, row, why):
    from framing.corpus import CorpusError, load_corpus
    from framing.scale.stream import score_archive

    corpus = _folder(tmp_path, row.format(abs=tmp_path / "secret.txt") + "\n")
    with pytest.raises(CorpusError, match=rf"metadata\.csv, line 3: doc_id 's' names file .*{why}"):
        load_corpus(corpus)
    result = score_archive(corpus)
    assert result.skipped[["line", "doc_id", "kind"]].values.tolist() == [[3, "s", "refused"]]
    assert result.rates["n_documents"].max() == 1


def test_symlink_leaving_folder_refused(tmp_path):
    from framing.corpus import CorpusError, load_corpus
    from framing.scale.stream import score_archive

    corpus = _folder(tmp_path, "")
    (corpus / "link.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    with pytest.raises(CorpusError, match=r"link\.txt: a symlink to a file outside the corpus folder"):
        load_corpus(corpus)
    result = score_archive(corpus)
    assert result.skipped[["doc_id", "kind"]].values.tolist() == [["link", "refused"]]
    assert int(result.rates.drop_duplicates("outlet")["n_documents"].sum()) == 2  # a and inside


def test_two_rows_one_file_same_rule(tmp_path):
    from framing.corpus import CorpusError, load_corpus
    from framing.scale.stream import score_archive

    corpus = _folder(tmp_path, "b,a.txt,Y\n")
    with pytest.raises(CorpusError, match=r"line 3: file 'a.txt' appears twice; files must be unique$"):
        load_corpus(corpus)
    assert score_archive(corpus).skipped[["line", "kind"]].values.tolist() == [[3, "duplicate"]]


# class 4: archives that fail cleanly ------------------------------------------------------


def _truncated(tmp_path, name: str, body: str):
    import gzip

    data = gzip.compress(body.encode("utf-8"))
    path = tmp_path / name
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def test_truncated_jsonl_gz_is_a_skipped_row(tmp_path):
    from framing.corpus import CorpusError, load_corpus
    from framing.scale.stream import score_archive

    rng = random.Random(5)
    body = "".join(f'{{"doc_id": "d{i}", "text": "the regime {rng.random()}"}}\n' for i in range(3000))
    path = _truncated(tmp_path, "a.jsonl.gz", body)
    result = score_archive(path, batch_size=100)
    skipped = result.skipped
    assert skipped["kind"].tolist() == ["corrupt"]
    assert skipped["reason"].str.match(r"compressed data broken after \d+ record\(s\) \(EOFError").all()
    assert 0 < result.rates["n_documents"].max() < 3000
    with pytest.raises(CorpusError, match=r"a\.jsonl\.gz: compressed data broken after"):
        load_corpus(path)


def test_truncated_csv_gz_is_a_skipped_row(tmp_path):
    from framing.scale.stream import score_archive

    rng = random.Random(5)
    body = "doc_id,text\n" + "".join(f"d{i},the regime {rng.random()}\n" for i in range(60000))
    result = score_archive(_truncated(tmp_path, "a.csv.gz", body), batch_size=1000)
    assert result.skipped["kind"].tolist() == ["corrupt"]
    assert result.skipped["reason"].str.match(r"compressed data broken after \d+ row\(s\) \(EOFError").all()
    assert 0 < result.rates["n_documents"].max() < 60000


@pytest.mark.parametrize("name", ["a.jsonl.gz", "a.csv.gz"])
def test_gz_that_is_not_gzip(tmp_path, name):
    from framing.scale.stream import score_archive

    path = tmp_path / name
    path.write_text('{"doc_id": "a", "text": "regime"}\n' if "jsonl" in name else "doc_id,text\na,regime\n")
    result = score_archive(path)
    assert result.skipped["kind"].tolist() == ["corrupt"]
    assert result.skipped["reason"].str.contains("BadGzipFile").all()


@pytest.mark.parametrize("option", ["-o", "--hits"])
def test_score_output_into_missing_folder_fails_first(tmp_path, capsys, monkeypatch, option):
    from framing import cli

    monkeypatch.setattr(cli, "load_corpus", lambda *a, **k: pytest.fail("work started"))
    assert cli.main(["score", "corpus", option, str(tmp_path / "nope" / "out.csv")]) == 2
    assert f"framing: error: {option} {tmp_path / 'nope' / 'out.csv'}: folder {tmp_path / 'nope'} does not exist" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("option", ["-o", "--doc-scores", "--skipped"])
@pytest.mark.parametrize("command", ["archive", "score"])
def test_output_that_cannot_be_written_fails_first(tmp_path, capsys, monkeypatch, option, command):
    """Inputs that no user, root included, can write to: a path under a regular file, a folder."""
    from framing import cli
    from framing.scale import stream

    if command == "score" and option != "-o":
        option = "--hits" if option == "--doc-scores" else "--kwic"
    monkeypatch.setattr(stream, "score_archive", lambda *a, **k: pytest.fail("work started"))
    monkeypatch.setattr(cli, "load_corpus", lambda *a, **k: pytest.fail("work started"))
    plain = tmp_path / "plain.csv"
    plain.write_text("not a folder\n")
    assert cli.main([command, "corpus", option, str(plain / "out.csv")]) == 2
    assert f"framing: error: {option} {plain / 'out.csv'}: {plain} is a file, not a folder" in capsys.readouterr().err
    assert cli.main([command, "corpus", option, str(tmp_path)]) == 2
    assert f"framing: error: {option} {tmp_path} is a folder; give a file name" in capsys.readouterr().err
    assert plain.read_text() == "not a folder\n"


def test_doc_scores_written_whole_or_not_at_all(tmp_path):
    from framing.io.outputs import atomic_open
    from framing.scale.stream import score_archive

    out = tmp_path / "docs.csv"
    out.write_text("old\n")

    def boom(documents, lexicon):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        score_archive("corpus", doc_scores_path=out, scorer=boom)
    assert out.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["docs.csv"]
    score_archive("corpus", doc_scores_path=out)
    assert out.read_text().startswith("doc_id,")
    with pytest.raises(RuntimeError), atomic_open(tmp_path / "x.csv") as fh:
        fh.write("half")
        raise RuntimeError
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.csv"]
    with pytest.raises(ValueError, match="doc_scores_path .*folder .* does not exist"):
        score_archive("corpus", doc_scores_path=tmp_path / "no" / "d.csv")


@pytest.mark.parametrize("option", ["-o", "--doc-scores", "--skipped"])
def test_archive_output_into_missing_folder_fails_first(tmp_path, capsys, monkeypatch, option):
    from framing import cli
    from framing.scale import stream

    monkeypatch.setattr(stream, "score_archive", lambda *a, **k: pytest.fail("work started"))
    assert cli.main(["archive", "corpus", option, str(tmp_path / "nope" / "out.csv")]) == 2
    assert f"framing: error: {option} {tmp_path / 'nope' / 'out.csv'}: folder" in capsys.readouterr().err


# class 5: text that cannot be encoded -----------------------------------------------------


def test_lone_surrogates_replaced_and_reported(tmp_path):
    from framing.corpus import load_corpus
    from framing.scale.stream import score_archive

    path = tmp_path / "a.jsonl"
    path.write_text('{"doc_id": "a", "text": "The regime \\ud800 said."}\n{"doc_id": "b", "text": "A sham vote."}\n')
    corpus = load_corpus(path)
    assert corpus.documents["text"].tolist() == ["The regime \ufffd said.", "A sham vote."]
    row = corpus.report[corpus.report["issue"] == "surrogates_replaced"]
    assert row[["doc_id", "source"]].values.tolist() == [["a", f"{path}, line 1"]]
    result = score_archive(path, doc_scores_path=tmp_path / "d.csv")
    assert result.totals["scored"] == 2
    assert result.notes["issue"].tolist() == ["surrogates_replaced"]


def test_unspaced_script_terms_warn_at_load():
    with pytest.warns(UserWarning, match=r"1 term\(s\) in a script written without spaces \(such as '北京'\)"):
        lex = _lex("北京", "regime")
    doc, start, _, _ = find(["在 北京 。", "在北京。"], lex)
    assert (doc.tolist(), start.tolist()) == ([0], [2])
    with pytest.warns(UserWarning, match=r"give its row pattern=true \(term '北京', pattern true\)"):
        _lex("北京")


def test_unspaced_script_term_as_pattern_matches_substring():
    table = pd.DataFrame({"term": ["北京", "regime"], "category": ["c", "c"], "pattern": [True, False]})
    lex = Lexicon.from_table(table)
    doc, start, end, _ = find(["在 北京 。", "在北京。"], lex)
    assert list(zip(doc.tolist(), start.tolist(), end.tolist(), strict=True)) == [(0, 2, 4), (1, 1, 3)]


def test_no_warning_for_spaced_scripts():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _lex("режим", "café", "regime")
        load_lexicon()


# class 7: Unicode as users type it ----------------------------------------------------------

_NFD = "Le cafe\u0301 de\u0301ja\u0300 na\u0131\u0308ve; CAFE\u0301S."  # decomposed accents


def _hits(texts, *terms):
    from framing import hits

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    frame = hits(docs, _lex(*terms))
    return [(r.doc_id, r.start, r.end, r.surface, r.term) for r in frame.itertuples()]


def test_compose_equals_nfc_and_maps_back():
    import unicodedata

    text = "x\u0301 e\u0302\u0323 \u1100\u1161\u11a8 \u212b \u0f73 ok"
    composed, comp = T.compose(text)
    assert composed == unicodedata.normalize("NFC", text) == "x\u0301 \u1ec7 \uac01 \u00c5 \u0f71\u0f72 ok"
    assert comp.span(3, 4) == (3, 6)  # ệ: e + two marks, reordered
    assert comp.span(5, 6) == (7, 10)  # 각: three jamo
    assert comp.span(0, len(composed)) == (0, len(text))
    assert T.compose("café") == ("café", None)


def test_decomposed_text_matches_composed_term():
    text = _NFD
    got = _hits([text], "café", "déjà")
    assert got == [("d0", 3, 8, "cafe\u0301", "café"), ("d0", 9, 15, "de\u0301ja\u0300", "déjà")]
    assert all(text[s:e] == surface for _, s, e, surface, _ in got)


def test_composed_text_matches_decomposed_term():
    text = "Le café, déjà vu; CAFÉ."
    got = _hits([text], "cafe\u0301", "de\u0301ja\u0300 vu")
    assert got == [("d0", 3, 7, "café", "café"), ("d0", 9, 16, "déjà vu", "déjà vu"), ("d0", 18, 22, "CAFÉ", "café")]


def test_decomposed_text_in_a_batch_with_others():
    texts = ["Un café.", "Un cafe\u0301\u00ad!", "ascii cafe only", "Un cafe\u0301 et un café."]
    got = _hits(texts, "café")
    assert got == [("d0", 3, 7, "café", "café"), ("d1", 3, 8, "cafe\u0301", "café"),
                   ("d3", 3, 8, "cafe\u0301", "café"), ("d3", 15, 19, "café", "café")]  # fmt: skip
    assert all(texts[int(d[1:])][s:e] == surface for d, s, e, surface, _ in got)


def test_views_agree_on_decomposed_text():
    from framing.match.view import fast_normalize

    for text in (_NFD, "\u0301e\u0301", "A\u030a\u212b\u2026\u00ade\u0301", "İstanbul e\u0301"):
        fast, ref = fast_normalize(text), T.normalize(text)
        assert fast.text == ref.text
        n = len(ref.text)
        assert [fast.span(a, b) for a in range(n + 1) for b in range(a, n + 1)] == [
            ref.span(a, b) for a in range(n + 1) for b in range(a, n + 1)
        ]


def test_word_spans_of_decomposed_text_are_composed_words_at_the_original_offsets():
    assert T.word_spans("Cafe\u0301 noir, de\u0301ja\u0300.") == [(0, 5, "café"), (6, 10, "noir"), (12, 18, "déjà")]
    assert T.count_words("Cafe\u0301 noir") == 2


def test_lexicon_terms_stored_composed():
    assert _lex("cafe\u0301", "regime").table["term"].tolist() == ["café", "regime"]


# class 3: bounded memory: the big-text paths read a chunk at a time ------------------------


def test_chunked_word_and_whitespace_passes_equal_whole(monkeypatch):
    from framing import hits
    from framing.match import negation as N
    from framing.match import view as V

    rng = random.Random(11)
    words = ["not", "a", "regime", "  ", "\n", "never", "paid", "protesters", "-", "don't", "sham", "\t", "café", "x"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 60))) for _ in range(30)]
    docs = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))], "text": texts})
    whole = hits(docs)
    counts = V.BatchView(texts, {}).count_words().tolist()
    monkeypatch.setattr(N, "_WORDS_CHUNK", 3)
    monkeypatch.setattr(V, "WORD_CHUNK", 5)
    monkeypatch.setattr(B, "_CHUNK", 7)
    pd.testing.assert_frame_equal(hits(docs), whole)
    assert V.BatchView(texts, {}).count_words().tolist() == counts == [T.count_words(t) for t in texts]
    assert len(whole) > 20 and whole["negated"].any()


# class 2: a user pattern past its time budget ----------------------------------------------


def test_pattern_past_budget_names_document_and_pattern(monkeypatch):
    from framing import hits
    from framing.match import patterns as P

    monkeypatch.setattr(P, "PATTERN_SECONDS", 0.05)
    monkeypatch.setattr(P, "PATTERN_SECONDS_PER_MB", 0.0)
    assert not nested_repeat(r"(?:a|a)+!")  # exponential without nesting: the budget catches it
    table = pd.DataFrame({"term": [r"(?:a|a)+!", r"sham", "regime"], "category": ["c"] * 3, "pattern": [1, 1, 0]})
    lex = Lexicon.from_table(table)
    docs = pd.DataFrame({"doc_id": ["fine", "slow", "later"], "text": ["a sham regime", "x " + "a" * 40, "ok"]})
    message = r"lexicon pattern '\(\?:a\|a\)\+!' ran past its time budget \(0.05 s\) on document 'slow'; "
    with pytest.raises(P.PatternTimeout, match=message) as info:
        hits(docs, lex)
    assert (info.value.doc, info.value.doc_id, info.value.pattern) == (1, "slow", r"(?:a|a)+!")
    with pytest.raises(TimeoutError, match=r"on text 1; .*bound its repeats"):
        find(["fine", "b " + "a" * 40], lex)
    assert hits(docs.iloc[[0, 2]], lex)["surface"].tolist() == ["sham", "regime"]


def test_scan_pattern_budget_grows_with_the_text(monkeypatch):
    from framing.match import patterns as P

    rx = P.GuardedPattern(r"(?:a|a)+!", re.IGNORECASE)
    monkeypatch.setattr(P, "PATTERN_SECONDS", 0.05)
    monkeypatch.setattr(P, "PATTERN_SECONDS_PER_MB", 1000.0)
    with pytest.raises(P.PatternTimeout, match=r"\(0.08 s\)"):
        list(rx.finditer("a" * 30 + "b", 0, 30))
    assert [m.span() for m in rx.finditer("xAa!", 0)] == [(1, 4)]
    assert rx.match("aa!b", 0, 3).span() == (0, 3) and rx.match("aa!", 1, 2) is None


def test_dask_partitions_from_the_reader_refuse_the_same_files(tmp_path):
    """The Dask path reads no file itself: partitions built with the reader (iter_batches) get
    the refusals load_corpus and score_archive make (outside file, symlink leaving the folder)."""
    dd = pytest.importorskip("dask.dataframe")
    from framing.io import iter_batches
    from framing.scale import dask as fd
    from framing.scale.stream import score_archive

    corpus = _folder(tmp_path, "s,../secret.txt,X\n")
    (corpus / "link.txt").symlink_to(tmp_path / "secret.txt")
    batches = list(iter_batches(corpus, batch_size=1))
    skipped = pd.concat([b.skipped for b in batches], ignore_index=True)
    assert sorted(skipped[["doc_id", "kind"]].values.tolist()) == [["link", "refused"], ["s", "refused"]]
    parts = [b.documents[["doc_id", "text", "outlet", "date"]] for b in batches if len(b.documents)]
    ddf = dd.from_map(lambda frame: frame, parts, meta=parts[0].iloc[:0])
    scores = fd.score_partitions(ddf).compute(scheduler="sync")
    assert sorted(set(scores["doc_id"])) == ["a"]
    assert "secret" not in "".join(d["text"].str.cat() for d in parts)
    archive = score_archive(corpus)
    assert sorted(archive.skipped[["doc_id", "kind"]].values.tolist()) == [["link", "refused"], ["s", "refused"]]
