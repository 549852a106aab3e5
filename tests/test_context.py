"""Per-entry context (unless_prev / unless_next), rule-generated forms (inflect), the hits audit."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.entry_rules import inflect, parse_context, parse_inflect
from framing.lexicon import Lexicon, LexiconError, load_lexicon
from framing.match import find
from framing.score import HITS, hits, score_batch


def lex(rows: list[dict]) -> Lexicon:
    return Lexicon.from_table(pd.DataFrame(rows))


TOY = lex(
    [
        {"term": "terrorists", "category": "label", "unless_prev": "counter|the most wanted", "unless_next": "attack*"},
        {"term": "massive", "category": "size", "unless_next": "earthquake*|heart attack*"},
        {"term": "slam", "category": "attack", "inflect": "verb", "unless_next": "into|the door"},
    ]
)


def docs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


def test_context_sets_aside_with_the_reason_and_keeps_the_rest():
    d = docs(
        "Terrorists attacked. Counter terrorists. The most wanted terrorists fled. Terrorists, attacks.",
        "A massive earthquake-hit town, a massive heart attack, a massive fraud. She slammed into a wall and "
        "slammed the door; he slams critics.",
    )
    audit = hits(d, TOY, audit=True)
    assert list(audit.columns) == [*HITS, "set_aside"]
    got = [(r.doc_id, r.surface, r.term, r.set_aside) for r in audit.itertuples()]
    assert got == [
        ("d0", "Terrorists", "terrorists", "unless_next: attack*"),
        ("d0", "terrorists", "terrorists", "unless_prev: counter"),
        ("d0", "terrorists", "terrorists", "unless_prev: the most wanted"),
        ("d0", "Terrorists", "terrorists", ""),  # a comma breaks the context
        ("d1", "massive", "massive", "unless_next: earthquake*"),  # earthquake-hit: one word
        ("d1", "massive", "massive", "unless_next: heart attack*"),
        ("d1", "massive", "massive", ""),
        ("d1", "slammed", "slam", "unless_next: into"),
        ("d1", "slammed", "slam", "unless_next: the door"),
        ("d1", "slams", "slam", ""),
    ]
    plain = hits(d, TOY)
    assert list(plain.columns) == list(HITS)
    kept = audit[audit["set_aside"] == ""].drop(columns="set_aside").reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, plain)
    # counts and matches agree with the hits: set-aside candidates are counted nowhere
    counts = score_batch(d, TOY).set_index(["doc_id", "category"])["count"]
    assert counts.to_dict() == {
        ("d0", "attack"): 0, ("d0", "label"): 1, ("d0", "size"): 0,
        ("d1", "attack"): 1, ("d1", "label"): 0, ("d1", "size"): 1,
    }  # fmt: skip
    assert find(list(d["text"]), TOY)[0].tolist() == [0, 1, 1]


def test_context_joins_by_whitespace_or_hyphen_and_reads_the_view():
    one = lex([{"term": "regime", "category": "x", "unless_prev": "sanctions|tax"}])
    d = docs("the sanctions\nregime", "the sanctions\n\nregime", "tax-regime", "SANCTIONS  Regime", "sanctions. Regime")
    got = hits(d, one, audit=True)
    assert got["set_aside"].tolist() == ["unless_prev: sanctions", "", "unless_prev: tax", "unless_prev: sanctions", ""]
    curly = lex([{"term": "lies", "category": "x", "unless_prev": "it's"}])
    assert hits(docs("It\u2019s lies, it's LIES."), curly, audit=True)["set_aside"].tolist() == [
        "unless_prev: it's",
        "unless_prev: it's",
    ]


def test_negation_is_still_reported_for_kept_and_set_aside_hits():
    got = hits(docs("Not terrorists. No terrorists attack."), TOY, audit=True)
    assert got[["negated", "negator", "set_aside"]].values.tolist() == [
        [True, "not", ""],
        [True, "no", "unless_next: attack*"],
    ]


def test_audit_shape_without_negation_and_on_empty_input():
    got = hits(docs("terrorists attack"), TOY, negation=False, audit=True)
    assert list(got.columns) == [*HITS[:-2], "set_aside"] and len(got) == 1
    empty = hits(docs(""), TOY, audit=True)
    assert list(empty.columns) == [*HITS, "set_aside"] and empty.empty
    pairs = hits(iter([("a", "massive earthquake"), ("b", "massive lie")]), TOY, audit=True)
    assert pairs[["doc_id", "set_aside"]].values.tolist() == [["a", "unless_next: earthquake*"], ["b", ""]]


# ------------------------------------------------------------------------- rule-generated forms


def test_inflect_spelling_rules():
    assert inflect("slam", "s|ed|ing") == ["slams", "slammed", "slamming"]
    assert inflect("lash out", "s|ed|ing") == ["lashes out", "lashed out", "lashing out"]
    assert inflect("rail against", "s|ed|ing") == ["rails against", "railed against", "railing against"]
    assert inflect("pillory", "s|ed|ing") == ["pillories", "pilloried", "pillorying"]
    assert inflect("berate", "s|ed|ing") == ["berates", "berated", "berating"]
    assert inflect("tie", "ing") == ["tying"]
    assert inflect("skewer", "ed") == ["skewered"]
    assert inflect("terrible", "ly") == ["terribly"]
    assert inflect("pathetic", "ly") == ["pathetically"]
    assert inflect("full", "ly") == ["fully"]
    assert inflect("outrageous", "ly|ness") == ["outrageously", "outrageousness"]
    assert inflect("ugly", "ness") == ["ugliness"]
    assert inflect("radical left", "ly") == ["radical leftly"]  # the last word takes -ly, the first -s/-ed/-ing
    assert parse_inflect("verb") == "s|ed|ing" and parse_inflect("adj|s") == "s|ly|ness" and parse_inflect("") == ""


def test_generated_forms_match_and_report_their_entry():
    got = hits(docs("He slammed it. Slamming, SLAMS, slam; slammers."), TOY)
    assert got[["surface", "term", "category"]].values.tolist() == [
        ["slammed", "slam", "attack"],
        ["Slamming", "slam", "attack"],
        ["SLAMS", "slam", "attack"],
        ["slam", "slam", "attack"],
    ]
    table = TOY.table.set_index("term")
    assert table.loc["slam", "inflect"] == "s|ed|ing" and len(TOY) == 3  # one row per entry, forms are not rows


def test_a_generated_form_that_duplicates_a_row_is_an_error_naming_both(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text("term,category,inflect\nslam,a,verb\nslammed,a,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lex\.csv:3: term 'slammed' duplicates .*lex\.csv:2 \('slammed \(inflect"):
        load_lexicon(p)
    p.write_text("term,category\nlashed out,mine\n", encoding="utf-8")  # the built-in "lash out" makes it
    with pytest.raises(LexiconError, match=r"lex\.csv:2: term 'lashed out' collides with .*lexicon\.csv:\d+ "
                       r"\('lashed out \(inflect s\|ed\|ing of lash out\)'\)"):
        load_lexicon(p, extend=True)


# ------------------------------------------------------------------------------ malformed values


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("unless_next", "attack(s)", r"lex\.csv:2: unless_next: 'attack\(s\)' in 'attack\(s\)' is not a word pattern"),
        ("unless_next", "attack||bomb", r"lex\.csv:2: unless_next 'attack\|\|bomb' has an empty alternative"),
        ("unless_prev", "*", r"lex\.csv:2: unless_prev: '\*' in '\*' is not a word pattern"),
        ("inflect", "past", r"lex\.csv:2: inflect: unknown rule 'past'; use s, ed, ing, ly, ness or verb, adj, noun"),
    ],
)
def test_malformed_csv_values_name_file_and_row(tmp_path, column, value, message):
    p = tmp_path / "lex.csv"
    p.write_text(f"term,category,{column}\nterrorist,x,{value}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon(p)


def test_malformed_yaml_types_and_inflect_on_globs(tmp_path):
    p = tmp_path / "lex.yml"
    p.write_text("- term: terrorist\n  category: x\n  unless_next: {attack: 1}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lex\.yml:entry 1: unless_next must be words separated by \| .*not dict"):
        load_lexicon(p)
    p.write_text("- term: terrorist\n  category: x\n  unless_next: [Attack*, suicide  bombing]\n", encoding="utf-8")
    assert load_lexicon(p).table["unless_next"].tolist() == ["attack*|suicide bombing"]
    p.write_text("- term: slam*\n  category: x\n  inflect: verb\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lex\.yml:entry 1: inflect applies to plain terms, not to a glob"):
        load_lexicon(p)
    with pytest.raises(LexiconError, match=r"table:1: inflect applies to plain terms, not to a pattern"):
        lex([{"term": r"\bslam\b", "category": "x", "pattern": True, "inflect": "s"}])
    assert parse_context(None, "unless_next") == parse_context(float("nan"), "unless_next") == ""


# --------------------------------------------------------------------------- the built-in lexicon


def test_builtin_context_rules_on_descriptive_uses():
    d = docs(
        "The terrorist attack killed six. They called the protesters terrorists. A terrorist group formed. "
        "A massive earthquake struck; massive protests followed. Misinformation researchers met. "
        "He spread misinformation. A natural disaster. The sanctions regime. The regime fell."
    )
    got = hits(d, load_lexicon().loaded(), audit=True)
    assert got[["surface", "set_aside"]].values.tolist() == [
        ["terrorist", "unless_next: attack*"],
        ["terrorists", ""],
        ["terrorist", ""],  # a group labelled terrorist stays loaded
        ["massive", "unless_next: earthquake*"],
        ["massive", ""],
        ["Misinformation", "unless_next: research*"],
        ["misinformation", ""],
        ["disaster", "unless_prev: natural"],
        ["regime", "unless_prev: sanction*"],
        ["regime", ""],
    ]
